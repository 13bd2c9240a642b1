from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.label_spec import LabelSpec


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """A manifest batch job. Credentials are never returned.

    Attributes:
        job_id (str):
        status (str): Known values: queued, running, completed, failed. Open.
        manifest_url (str):
        label_spec (LabelSpec): What labelers are asked: a question and the allowed answers.
        task_count (int):
        tasks_completed (int):
        created_at (datetime.datetime):
        task_type (str | Unset):
        consensus_threshold (int | Unset):
        credentials_type (str | Unset): Known values: s3, gcs.
        error (str | Unset):
        updated_at (datetime.datetime | Unset):
    """

    job_id: str
    status: str
    manifest_url: str
    label_spec: LabelSpec
    task_count: int
    tasks_completed: int
    created_at: datetime.datetime
    task_type: str | Unset = UNSET
    consensus_threshold: int | Unset = UNSET
    credentials_type: str | Unset = UNSET
    error: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        status = self.status

        manifest_url = self.manifest_url

        label_spec = self.label_spec.to_dict()

        task_count = self.task_count

        tasks_completed = self.tasks_completed

        created_at = self.created_at.isoformat()

        task_type = self.task_type

        consensus_threshold = self.consensus_threshold

        credentials_type = self.credentials_type

        error = self.error

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "status": status,
                "manifest_url": manifest_url,
                "label_spec": label_spec,
                "task_count": task_count,
                "tasks_completed": tasks_completed,
                "created_at": created_at,
            }
        )
        if task_type is not UNSET:
            field_dict["task_type"] = task_type
        if consensus_threshold is not UNSET:
            field_dict["consensus_threshold"] = consensus_threshold
        if credentials_type is not UNSET:
            field_dict["credentials_type"] = credentials_type
        if error is not UNSET:
            field_dict["error"] = error
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_spec import LabelSpec  # noqa: PLC0415

        d = dict(src_dict)
        job_id = d.pop("job_id")

        status = d.pop("status")

        manifest_url = d.pop("manifest_url")

        label_spec = LabelSpec.from_dict(d.pop("label_spec"))

        task_count = d.pop("task_count")

        tasks_completed = d.pop("tasks_completed")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        task_type = d.pop("task_type", UNSET)

        consensus_threshold = d.pop("consensus_threshold", UNSET)

        credentials_type = d.pop("credentials_type", UNSET)

        error = d.pop("error", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        job = cls(
            job_id=job_id,
            status=status,
            manifest_url=manifest_url,
            label_spec=label_spec,
            task_count=task_count,
            tasks_completed=tasks_completed,
            created_at=created_at,
            task_type=task_type,
            consensus_threshold=consensus_threshold,
            credentials_type=credentials_type,
            error=error,
            updated_at=updated_at,
        )

        job.additional_properties = d
        return job

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
