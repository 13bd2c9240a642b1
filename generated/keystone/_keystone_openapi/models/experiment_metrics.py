from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_data_point import CostDataPoint
    from ..models.experiment_metrics_tool_breakdown import ExperimentMetricsToolBreakdown
    from ..models.metrics_summary import MetricsSummary
    from ..models.pass_rate_data_point import PassRateDataPoint


T = TypeVar("T", bound="ExperimentMetrics")


@_attrs_define
class ExperimentMetrics:
    """An experiment's metrics over its runs.

    Attributes:
        experiment_id (str | Unset):  Default: ''.
        summary (MetricsSummary | Unset): Totals across an experiment's runs.
        tool_breakdown (ExperimentMetricsToolBreakdown | Unset): Per tool, by name.
        cost_trend (list[CostDataPoint] | Unset):
        pass_rate_trend (list[PassRateDataPoint] | Unset):
    """

    experiment_id: str | Unset = ""
    summary: MetricsSummary | Unset = UNSET
    tool_breakdown: ExperimentMetricsToolBreakdown | Unset = UNSET
    cost_trend: list[CostDataPoint] | Unset = UNSET
    pass_rate_trend: list[PassRateDataPoint] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_id = self.experiment_id

        summary: dict[str, Any] | Unset = UNSET
        if not isinstance(self.summary, Unset):
            summary = self.summary.to_dict()

        tool_breakdown: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tool_breakdown, Unset):
            tool_breakdown = self.tool_breakdown.to_dict()

        cost_trend: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.cost_trend, Unset):
            cost_trend = []
            for cost_trend_item_data in self.cost_trend:
                cost_trend_item = cost_trend_item_data.to_dict()
                cost_trend.append(cost_trend_item)

        pass_rate_trend: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pass_rate_trend, Unset):
            pass_rate_trend = []
            for pass_rate_trend_item_data in self.pass_rate_trend:
                pass_rate_trend_item = pass_rate_trend_item_data.to_dict()
                pass_rate_trend.append(pass_rate_trend_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiment_id is not UNSET:
            field_dict["experiment_id"] = experiment_id
        if summary is not UNSET:
            field_dict["summary"] = summary
        if tool_breakdown is not UNSET:
            field_dict["tool_breakdown"] = tool_breakdown
        if cost_trend is not UNSET:
            field_dict["cost_trend"] = cost_trend
        if pass_rate_trend is not UNSET:
            field_dict["pass_rate_trend"] = pass_rate_trend

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_data_point import CostDataPoint  # noqa: PLC0415
        from ..models.experiment_metrics_tool_breakdown import ExperimentMetricsToolBreakdown  # noqa: PLC0415
        from ..models.metrics_summary import MetricsSummary  # noqa: PLC0415
        from ..models.pass_rate_data_point import PassRateDataPoint  # noqa: PLC0415

        d = dict(src_dict)
        experiment_id = d.pop("experiment_id", UNSET)

        _summary = d.pop("summary", UNSET)
        summary: MetricsSummary | Unset
        if isinstance(_summary, Unset):
            summary = UNSET
        else:
            summary = MetricsSummary.from_dict(_summary)

        _tool_breakdown = d.pop("tool_breakdown", UNSET)
        tool_breakdown: ExperimentMetricsToolBreakdown | Unset
        if isinstance(_tool_breakdown, Unset):
            tool_breakdown = UNSET
        else:
            tool_breakdown = ExperimentMetricsToolBreakdown.from_dict(_tool_breakdown)

        _cost_trend = d.pop("cost_trend", UNSET)
        cost_trend: list[CostDataPoint] | Unset = UNSET
        if _cost_trend is not UNSET:
            cost_trend = []
            for cost_trend_item_data in _cost_trend:
                cost_trend_item = CostDataPoint.from_dict(cost_trend_item_data)

                cost_trend.append(cost_trend_item)

        _pass_rate_trend = d.pop("pass_rate_trend", UNSET)
        pass_rate_trend: list[PassRateDataPoint] | Unset = UNSET
        if _pass_rate_trend is not UNSET:
            pass_rate_trend = []
            for pass_rate_trend_item_data in _pass_rate_trend:
                pass_rate_trend_item = PassRateDataPoint.from_dict(pass_rate_trend_item_data)

                pass_rate_trend.append(pass_rate_trend_item)

        experiment_metrics = cls(
            experiment_id=experiment_id,
            summary=summary,
            tool_breakdown=tool_breakdown,
            cost_trend=cost_trend,
            pass_rate_trend=pass_rate_trend,
        )

        experiment_metrics.additional_properties = d
        return experiment_metrics

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
