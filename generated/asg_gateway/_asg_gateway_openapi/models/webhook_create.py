from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookCreate")


@_attrs_define
class WebhookCreate:
    """
    Attributes:
        callback_url (str):
        secret (str): Signs deliveries (HMAC-SHA256). Never returned.
        events (list[str] | Unset): Known values: task.completed, task.failed, batch.completed, job.completed,
            job.failed. Default: task.completed.
    """

    callback_url: str
    secret: str
    events: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        callback_url = self.callback_url

        secret = self.secret

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = self.events

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "callback_url": callback_url,
                "secret": secret,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        callback_url = d.pop("callback_url")

        secret = d.pop("secret")

        events = cast(list[str], d.pop("events", UNSET))

        webhook_create = cls(
            callback_url=callback_url,
            secret=secret,
            events=events,
        )

        return webhook_create
