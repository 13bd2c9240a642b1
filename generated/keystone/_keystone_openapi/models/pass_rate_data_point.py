from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PassRateDataPoint")


@_attrs_define
class PassRateDataPoint:
    """Pass rate of one run, for the trend.

    Attributes:
        run_id (str | Unset):  Default: ''.
        pass_rate (float | Unset):  Default: 0.0.
        ts (str | Unset):  Default: ''.
    """

    run_id: str | Unset = ""
    pass_rate: float | Unset = 0.0
    ts: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        pass_rate = self.pass_rate

        ts = self.ts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if pass_rate is not UNSET:
            field_dict["pass_rate"] = pass_rate
        if ts is not UNSET:
            field_dict["ts"] = ts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id", UNSET)

        pass_rate = d.pop("pass_rate", UNSET)

        ts = d.pop("ts", UNSET)

        pass_rate_data_point = cls(
            run_id=run_id,
            pass_rate=pass_rate,
            ts=ts,
        )

        pass_rate_data_point.additional_properties = d
        return pass_rate_data_point

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
