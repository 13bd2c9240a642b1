from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunMetrics")


@_attrs_define
class RunMetrics:
    """Aggregates over a run's scenarios.

    Attributes:
        pass_rate (float | Unset):  Default: 0.0.
        mean_wall_ms (float | Unset): A mean: may be fractional. Default: 0.0.
        p95_wall_ms (float | Unset): A percentile: may be fractional. Default: 0.0.
        mean_tool_calls (float | Unset):  Default: 0.0.
        mean_tokens (float | Unset): A mean: may be fractional. Default: 0.0.
        total_cost_usd (float | Unset):  Default: 0.0.
        mean_cost_per_run_usd (float | Unset):  Default: 0.0.
        tool_success_rate (float | Unset):  Default: 0.0.
        side_effect_violations (int | Unset):  Default: 0.
    """

    pass_rate: float | Unset = 0.0
    mean_wall_ms: float | Unset = 0.0
    p95_wall_ms: float | Unset = 0.0
    mean_tool_calls: float | Unset = 0.0
    mean_tokens: float | Unset = 0.0
    total_cost_usd: float | Unset = 0.0
    mean_cost_per_run_usd: float | Unset = 0.0
    tool_success_rate: float | Unset = 0.0
    side_effect_violations: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pass_rate = self.pass_rate

        mean_wall_ms = self.mean_wall_ms

        p95_wall_ms = self.p95_wall_ms

        mean_tool_calls = self.mean_tool_calls

        mean_tokens = self.mean_tokens

        total_cost_usd = self.total_cost_usd

        mean_cost_per_run_usd = self.mean_cost_per_run_usd

        tool_success_rate = self.tool_success_rate

        side_effect_violations = self.side_effect_violations

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pass_rate is not UNSET:
            field_dict["pass_rate"] = pass_rate
        if mean_wall_ms is not UNSET:
            field_dict["mean_wall_ms"] = mean_wall_ms
        if p95_wall_ms is not UNSET:
            field_dict["p95_wall_ms"] = p95_wall_ms
        if mean_tool_calls is not UNSET:
            field_dict["mean_tool_calls"] = mean_tool_calls
        if mean_tokens is not UNSET:
            field_dict["mean_tokens"] = mean_tokens
        if total_cost_usd is not UNSET:
            field_dict["total_cost_usd"] = total_cost_usd
        if mean_cost_per_run_usd is not UNSET:
            field_dict["mean_cost_per_run_usd"] = mean_cost_per_run_usd
        if tool_success_rate is not UNSET:
            field_dict["tool_success_rate"] = tool_success_rate
        if side_effect_violations is not UNSET:
            field_dict["side_effect_violations"] = side_effect_violations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pass_rate = d.pop("pass_rate", UNSET)

        mean_wall_ms = d.pop("mean_wall_ms", UNSET)

        p95_wall_ms = d.pop("p95_wall_ms", UNSET)

        mean_tool_calls = d.pop("mean_tool_calls", UNSET)

        mean_tokens = d.pop("mean_tokens", UNSET)

        total_cost_usd = d.pop("total_cost_usd", UNSET)

        mean_cost_per_run_usd = d.pop("mean_cost_per_run_usd", UNSET)

        tool_success_rate = d.pop("tool_success_rate", UNSET)

        side_effect_violations = d.pop("side_effect_violations", UNSET)

        run_metrics = cls(
            pass_rate=pass_rate,
            mean_wall_ms=mean_wall_ms,
            p95_wall_ms=p95_wall_ms,
            mean_tool_calls=mean_tool_calls,
            mean_tokens=mean_tokens,
            total_cost_usd=total_cost_usd,
            mean_cost_per_run_usd=mean_cost_per_run_usd,
            tool_success_rate=tool_success_rate,
            side_effect_violations=side_effect_violations,
        )

        run_metrics.additional_properties = d
        return run_metrics

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
