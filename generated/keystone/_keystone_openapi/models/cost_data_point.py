from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CostDataPoint")


@_attrs_define
class CostDataPoint:
    """Cost of one run, for the trend.

    Attributes:
        run_id (str | Unset):  Default: ''.
        cost_usd (float | Unset):  Default: 0.0.
        ts (str | Unset):  Default: ''.
    """

    run_id: str | Unset = ""
    cost_usd: float | Unset = 0.0
    ts: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        cost_usd = self.cost_usd

        ts = self.ts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if cost_usd is not UNSET:
            field_dict["cost_usd"] = cost_usd
        if ts is not UNSET:
            field_dict["ts"] = ts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id", UNSET)

        cost_usd = d.pop("cost_usd", UNSET)

        ts = d.pop("ts", UNSET)

        cost_data_point = cls(
            run_id=run_id,
            cost_usd=cost_usd,
            ts=ts,
        )

        cost_data_point.additional_properties = d
        return cost_data_point

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
