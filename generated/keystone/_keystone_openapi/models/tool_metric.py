from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ToolMetric")


@_attrs_define
class ToolMetric:
    """One tool's usage across an experiment's runs.

    Attributes:
        count (int | Unset):  Default: 0.
        mean_ms (float | Unset): A mean: may be fractional. Default: 0.0.
        error_rate (float | Unset):  Default: 0.0.
    """

    count: int | Unset = 0
    mean_ms: float | Unset = 0.0
    error_rate: float | Unset = 0.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        mean_ms = self.mean_ms

        error_rate = self.error_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if count is not UNSET:
            field_dict["count"] = count
        if mean_ms is not UNSET:
            field_dict["mean_ms"] = mean_ms
        if error_rate is not UNSET:
            field_dict["error_rate"] = error_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count", UNSET)

        mean_ms = d.pop("mean_ms", UNSET)

        error_rate = d.pop("error_rate", UNSET)

        tool_metric = cls(
            count=count,
            mean_ms=mean_ms,
            error_rate=error_rate,
        )

        tool_metric.additional_properties = d
        return tool_metric

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
