from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskPending")


@_attrs_define
class TaskPending:
    """The task has no consensus yet.

    Attributes:
        task_id (str):
        status (str): Known values: pending, labeling, completed, failed, expired. Open: new values may appear.
        labels_received (int | Unset):
        consensus_threshold (int | Unset):
    """

    task_id: str
    status: str
    labels_received: int | Unset = UNSET
    consensus_threshold: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status = self.status

        labels_received = self.labels_received

        consensus_threshold = self.consensus_threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
            }
        )
        if labels_received is not UNSET:
            field_dict["labels_received"] = labels_received
        if consensus_threshold is not UNSET:
            field_dict["consensus_threshold"] = consensus_threshold

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        task_id = d.pop("task_id")

        status = d.pop("status")

        labels_received = d.pop("labels_received", UNSET)

        consensus_threshold = d.pop("consensus_threshold", UNSET)

        task_pending = cls(
            task_id=task_id,
            status=status,
            labels_received=labels_received,
            consensus_threshold=consensus_threshold,
        )

        task_pending.additional_properties = d
        return task_pending

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
