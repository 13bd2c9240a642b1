from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.settlement import Settlement
    from ..models.vote import Vote


T = TypeVar("T", bound="TaskResult")


@_attrs_define
class TaskResult:
    """
    Attributes:
        task_id (str):
        status (str): Known values: pending, labeling, completed, failed, expired. Open: new values may appear.
        consensus_label (str): One of the task's label_spec options.
        agreement (float):
        votes (list[Vote]):
        settlement (Settlement): The BSV payment to the labelers who agreed with the consensus.
        completed_at (datetime.datetime):
    """

    task_id: str
    status: str
    consensus_label: str
    agreement: float
    votes: list[Vote]
    settlement: Settlement
    completed_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_id = self.task_id

        status = self.status

        consensus_label = self.consensus_label

        agreement = self.agreement

        votes = []
        for votes_item_data in self.votes:
            votes_item = votes_item_data.to_dict()
            votes.append(votes_item)

        settlement = self.settlement.to_dict()

        completed_at = self.completed_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
                "status": status,
                "consensus_label": consensus_label,
                "agreement": agreement,
                "votes": votes,
                "settlement": settlement,
                "completed_at": completed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settlement import Settlement  # noqa: PLC0415
        from ..models.vote import Vote  # noqa: PLC0415

        d = dict(src_dict)
        task_id = d.pop("task_id")

        status = d.pop("status")

        consensus_label = d.pop("consensus_label")

        agreement = d.pop("agreement")

        votes = []
        _votes = d.pop("votes")
        for votes_item_data in _votes:
            votes_item = Vote.from_dict(votes_item_data)

            votes.append(votes_item)

        settlement = Settlement.from_dict(d.pop("settlement"))

        completed_at = datetime.datetime.fromisoformat(d.pop("completed_at"))

        task_result = cls(
            task_id=task_id,
            status=status,
            consensus_label=consensus_label,
            agreement=agreement,
            votes=votes,
            settlement=settlement,
            completed_at=completed_at,
        )

        task_result.additional_properties = d
        return task_result

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
