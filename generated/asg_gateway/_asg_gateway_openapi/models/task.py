from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.label_spec import LabelSpec


T = TypeVar("T", bound="Task")


@_attrs_define
class Task:
    """
    Attributes:
        task_id (str):
        status (str): Known values: pending, labeling, completed, failed, expired. Open: new values may appear.
        task_type (str):
        data_url (str):
        label_spec (LabelSpec): What labelers are asked: a question and the allowed answers.
        consensus_threshold (int):
        created_at (datetime.datetime):
        labels_received (int | Unset):
        callback_url (str | Unset):
        batch_id (str | Unset):
        job_id (str | Unset):
        updated_at (datetime.datetime | Unset):
        completed_at (datetime.datetime | Unset):
    """

    task_id: str
    status: str
    task_type: str
    data_url: str
    label_spec: LabelSpec
    consensus_threshold: int
    created_at: datetime.datetime
    labels_received: int | Unset = UNSET
    callback_url: str | Unset = UNSET
    batch_id: str | Unset = UNSET
    job_id: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    completed_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status = self.status

        task_type = self.task_type

        data_url = self.data_url

        label_spec = self.label_spec.to_dict()

        consensus_threshold = self.consensus_threshold

        created_at = self.created_at.isoformat()

        labels_received = self.labels_received

        callback_url = self.callback_url

        batch_id = self.batch_id

        job_id = self.job_id

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
                "task_type": task_type,
                "data_url": data_url,
                "label_spec": label_spec,
                "consensus_threshold": consensus_threshold,
                "created_at": created_at,
            }
        )
        if labels_received is not UNSET:
            field_dict["labels_received"] = labels_received
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_spec import LabelSpec  # noqa: PLC0415

        d = dict(src_dict)
        task_id = d.pop("task_id")

        status = d.pop("status")

        task_type = d.pop("task_type")

        data_url = d.pop("data_url")

        label_spec = LabelSpec.from_dict(d.pop("label_spec"))

        consensus_threshold = d.pop("consensus_threshold")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        labels_received = d.pop("labels_received", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        batch_id = d.pop("batch_id", UNSET)

        job_id = d.pop("job_id", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        _completed_at = d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        task = cls(
            task_id=task_id,
            status=status,
            task_type=task_type,
            data_url=data_url,
            label_spec=label_spec,
            consensus_threshold=consensus_threshold,
            created_at=created_at,
            labels_received=labels_received,
            callback_url=callback_url,
            batch_id=batch_id,
            job_id=job_id,
            updated_at=updated_at,
            completed_at=completed_at,
        )

        task.additional_properties = d
        return task

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
