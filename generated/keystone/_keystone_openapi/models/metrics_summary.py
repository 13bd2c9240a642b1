from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MetricsSummary")


@_attrs_define
class MetricsSummary:
    """Totals across an experiment's runs.

    Attributes:
        total_runs (int | Unset):  Default: 0.
        pass_rate (float | Unset):  Default: 0.0.
        total_cost_usd (float | Unset):  Default: 0.0.
        mean_cost_per_run_usd (float | Unset):  Default: 0.0.
        mean_wall_ms (float | Unset): A mean: may be fractional. Default: 0.0.
        p95_wall_ms (float | Unset): A percentile: may be fractional. Default: 0.0.
        total_tool_calls (int | Unset):  Default: 0.
        tool_success_rate (float | Unset):  Default: 0.0.
    """

    total_runs: int | Unset = 0
    pass_rate: float | Unset = 0.0
    total_cost_usd: float | Unset = 0.0
    mean_cost_per_run_usd: float | Unset = 0.0
    mean_wall_ms: float | Unset = 0.0
    p95_wall_ms: float | Unset = 0.0
    total_tool_calls: int | Unset = 0
    tool_success_rate: float | Unset = 0.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_runs = self.total_runs

        pass_rate = self.pass_rate

        total_cost_usd = self.total_cost_usd

        mean_cost_per_run_usd = self.mean_cost_per_run_usd

        mean_wall_ms = self.mean_wall_ms

        p95_wall_ms = self.p95_wall_ms

        total_tool_calls = self.total_tool_calls

        tool_success_rate = self.tool_success_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total_runs is not UNSET:
            field_dict["total_runs"] = total_runs
        if pass_rate is not UNSET:
            field_dict["pass_rate"] = pass_rate
        if total_cost_usd is not UNSET:
            field_dict["total_cost_usd"] = total_cost_usd
        if mean_cost_per_run_usd is not UNSET:
            field_dict["mean_cost_per_run_usd"] = mean_cost_per_run_usd
        if mean_wall_ms is not UNSET:
            field_dict["mean_wall_ms"] = mean_wall_ms
        if p95_wall_ms is not UNSET:
            field_dict["p95_wall_ms"] = p95_wall_ms
        if total_tool_calls is not UNSET:
            field_dict["total_tool_calls"] = total_tool_calls
        if tool_success_rate is not UNSET:
            field_dict["tool_success_rate"] = tool_success_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_runs = d.pop("total_runs", UNSET)

        pass_rate = d.pop("pass_rate", UNSET)

        total_cost_usd = d.pop("total_cost_usd", UNSET)

        mean_cost_per_run_usd = d.pop("mean_cost_per_run_usd", UNSET)

        mean_wall_ms = d.pop("mean_wall_ms", UNSET)

        p95_wall_ms = d.pop("p95_wall_ms", UNSET)

        total_tool_calls = d.pop("total_tool_calls", UNSET)

        tool_success_rate = d.pop("tool_success_rate", UNSET)

        metrics_summary = cls(
            total_runs=total_runs,
            pass_rate=pass_rate,
            total_cost_usd=total_cost_usd,
            mean_cost_per_run_usd=mean_cost_per_run_usd,
            mean_wall_ms=mean_wall_ms,
            p95_wall_ms=p95_wall_ms,
            total_tool_calls=total_tool_calls,
            tool_success_rate=tool_success_rate,
        )

        metrics_summary.additional_properties = d
        return metrics_summary

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
