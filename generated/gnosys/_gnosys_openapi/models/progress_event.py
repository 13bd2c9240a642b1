from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.progress_event_data import ProgressEventData


T = TypeVar("T", bound="ProgressEvent")


@_attrs_define
class ProgressEvent:
    """
    Attributes:
        seq (int):
        type_ (str): iteration_start, spec_proposed, execution_started, validator_finding, tier_decision, iteration_end,
            run_complete (or a newer value).
        run_id (str):
        timestamp (datetime.datetime):
        iteration (int | None | Unset):
        data (ProgressEventData | Unset):
    """

    seq: int
    type_: str
    run_id: str
    timestamp: datetime.datetime
    iteration: int | None | Unset = UNSET
    data: ProgressEventData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        type_ = self.type_

        run_id = self.run_id

        timestamp = self.timestamp.isoformat()

        iteration: int | None | Unset
        if isinstance(self.iteration, Unset):
            iteration = UNSET
        else:
            iteration = self.iteration

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "type": type_,
                "run_id": run_id,
                "timestamp": timestamp,
            }
        )
        if iteration is not UNSET:
            field_dict["iteration"] = iteration
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.progress_event_data import ProgressEventData  # noqa: PLC0415

        d = dict(src_dict)
        seq = d.pop("seq")

        type_ = d.pop("type")

        run_id = d.pop("run_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_iteration(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        iteration = _parse_iteration(d.pop("iteration", UNSET))

        _data = d.pop("data", UNSET)
        data: ProgressEventData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = ProgressEventData.from_dict(_data)

        progress_event = cls(
            seq=seq,
            type_=type_,
            run_id=run_id,
            timestamp=timestamp,
            iteration=iteration,
            data=data,
        )

        progress_event.additional_properties = d
        return progress_event

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
