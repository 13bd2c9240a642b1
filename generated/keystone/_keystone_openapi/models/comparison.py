from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metric_comparison import MetricComparison


T = TypeVar("T", bound="Comparison")


@_attrs_define
class Comparison:
    """Two experiments compared.

    Attributes:
        baseline_id (str | Unset):  Default: ''.
        candidate_id (str | Unset):  Default: ''.
        metrics (list[MetricComparison] | Unset):
        regressed (bool | Unset):  Default: False.
        regressions (list[str] | Unset): Names of the metrics that regressed.
    """

    baseline_id: str | Unset = ""
    candidate_id: str | Unset = ""
    metrics: list[MetricComparison] | Unset = UNSET
    regressed: bool | Unset = False
    regressions: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        baseline_id = self.baseline_id

        candidate_id = self.candidate_id

        metrics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = []
            for metrics_item_data in self.metrics:
                metrics_item = metrics_item_data.to_dict()
                metrics.append(metrics_item)

        regressed = self.regressed

        regressions: list[str] | Unset = UNSET
        if not isinstance(self.regressions, Unset):
            regressions = self.regressions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if baseline_id is not UNSET:
            field_dict["baseline_id"] = baseline_id
        if candidate_id is not UNSET:
            field_dict["candidate_id"] = candidate_id
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if regressed is not UNSET:
            field_dict["regressed"] = regressed
        if regressions is not UNSET:
            field_dict["regressions"] = regressions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metric_comparison import MetricComparison  # noqa: PLC0415

        d = dict(src_dict)
        baseline_id = d.pop("baseline_id", UNSET)

        candidate_id = d.pop("candidate_id", UNSET)

        _metrics = d.pop("metrics", UNSET)
        metrics: list[MetricComparison] | Unset = UNSET
        if _metrics is not UNSET:
            metrics = []
            for metrics_item_data in _metrics:
                metrics_item = MetricComparison.from_dict(metrics_item_data)

                metrics.append(metrics_item)

        regressed = d.pop("regressed", UNSET)

        regressions = cast(list[str], d.pop("regressions", UNSET))

        comparison = cls(
            baseline_id=baseline_id,
            candidate_id=candidate_id,
            metrics=metrics,
            regressed=regressed,
            regressions=regressions,
        )

        comparison.additional_properties = d
        return comparison

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
