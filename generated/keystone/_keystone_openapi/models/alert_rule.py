from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertRule")


@_attrs_define
class AlertRule:
    """An alert rule.

    Attributes:
        id (str):
        name (str | Unset):  Default: ''.
        eval_id (str | Unset):  Default: ''.
        condition (str | Unset):  Default: ''.
        window (str | Unset):  Default: ''.
        notify (str | Unset): An open string: where the alert goes. Known values: `webhook`, `slack`. Default: ''.
        webhook_url (str | Unset):  Default: ''.
        slack_channel (str | Unset):  Default: ''.
    """

    id: str
    name: str | Unset = ""
    eval_id: str | Unset = ""
    condition: str | Unset = ""
    window: str | Unset = ""
    notify: str | Unset = ""
    webhook_url: str | Unset = ""
    slack_channel: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        eval_id = self.eval_id

        condition = self.condition

        window = self.window

        notify = self.notify

        webhook_url = self.webhook_url

        slack_channel = self.slack_channel

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if eval_id is not UNSET:
            field_dict["eval_id"] = eval_id
        if condition is not UNSET:
            field_dict["condition"] = condition
        if window is not UNSET:
            field_dict["window"] = window
        if notify is not UNSET:
            field_dict["notify"] = notify
        if webhook_url is not UNSET:
            field_dict["webhook_url"] = webhook_url
        if slack_channel is not UNSET:
            field_dict["slack_channel"] = slack_channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        eval_id = d.pop("eval_id", UNSET)

        condition = d.pop("condition", UNSET)

        window = d.pop("window", UNSET)

        notify = d.pop("notify", UNSET)

        webhook_url = d.pop("webhook_url", UNSET)

        slack_channel = d.pop("slack_channel", UNSET)

        alert_rule = cls(
            id=id,
            name=name,
            eval_id=eval_id,
            condition=condition,
            window=window,
            notify=notify,
            webhook_url=webhook_url,
            slack_channel=slack_channel,
        )

        alert_rule.additional_properties = d
        return alert_rule

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
