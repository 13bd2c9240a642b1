from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AlertRuleCreate")


@_attrs_define
class AlertRuleCreate:
    """Create an alert rule. Optional fields are sent only when set.

    Attributes:
        name (str):
        condition (str): An expression over run metrics, e.g. `pass_rate < 0.8`.
        notify (str | Unset): An open string: where the alert goes. Known values: `webhook`, `slack`. Default:
            'webhook'.
        eval_id (str | Unset): The experiment (eval) the rule watches.
        window (str | Unset): Which runs the condition looks at, e.g. `last_5_runs`.
        webhook_url (str | Unset): Where a `webhook` alert is posted.
        slack_channel (str | Unset): Where a `slack` alert goes, e.g. `#agent-alerts`.
        id (str | Unset): A caller-chosen rule id (the service assigns one otherwise).
    """

    name: str
    condition: str
    notify: str | Unset = "webhook"
    eval_id: str | Unset = UNSET
    window: str | Unset = UNSET
    webhook_url: str | Unset = UNSET
    slack_channel: str | Unset = UNSET
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        condition = self.condition

        notify = self.notify

        eval_id = self.eval_id

        window = self.window

        webhook_url = self.webhook_url

        slack_channel = self.slack_channel

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "condition": condition,
            }
        )
        if notify is not UNSET:
            field_dict["notify"] = notify
        if eval_id is not UNSET:
            field_dict["eval_id"] = eval_id
        if window is not UNSET:
            field_dict["window"] = window
        if webhook_url is not UNSET:
            field_dict["webhook_url"] = webhook_url
        if slack_channel is not UNSET:
            field_dict["slack_channel"] = slack_channel
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        condition = d.pop("condition")

        notify = d.pop("notify", UNSET)

        eval_id = d.pop("eval_id", UNSET)

        window = d.pop("window", UNSET)

        webhook_url = d.pop("webhook_url", UNSET)

        slack_channel = d.pop("slack_channel", UNSET)

        id = d.pop("id", UNSET)

        alert_rule_create = cls(
            name=name,
            condition=condition,
            notify=notify,
            eval_id=eval_id,
            window=window,
            webhook_url=webhook_url,
            slack_channel=slack_channel,
            id=id,
        )

        alert_rule_create.additional_properties = d
        return alert_rule_create

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
