from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MetricComparison")


@_attrs_define
class MetricComparison:
    """One metric, baseline against candidate.

    Attributes:
        name (str | Unset):  Default: ''.
        baseline (float | Unset):  Default: 0.0.
        candidate (float | Unset):  Default: 0.0.
        delta (float | Unset):  Default: 0.0.
        direction (str | Unset): An open string: which way the metric moved (values not recorded). Default: ''.
    """

    name: str | Unset = ""
    baseline: float | Unset = 0.0
    candidate: float | Unset = 0.0
    delta: float | Unset = 0.0
    direction: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        baseline = self.baseline

        candidate = self.candidate

        delta = self.delta

        direction = self.direction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if baseline is not UNSET:
            field_dict["baseline"] = baseline
        if candidate is not UNSET:
            field_dict["candidate"] = candidate
        if delta is not UNSET:
            field_dict["delta"] = delta
        if direction is not UNSET:
            field_dict["direction"] = direction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        baseline = d.pop("baseline", UNSET)

        candidate = d.pop("candidate", UNSET)

        delta = d.pop("delta", UNSET)

        direction = d.pop("direction", UNSET)

        metric_comparison = cls(
            name=name,
            baseline=baseline,
            candidate=candidate,
            delta=delta,
            direction=direction,
        )

        metric_comparison.additional_properties = d
        return metric_comparison

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
