from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_metrics import RunMetrics
    from ..models.scenario_result import ScenarioResult


T = TypeVar("T", bound="RunResults")


@_attrs_define
class RunResults:
    """An experiment's current results: partial while it runs. The run is complete when `total_scenarios > 0` and `passed +
    failed + flaky + errors >= total_scenarios` (clients poll on these counters, never on a status string), so they are
    always present.

        Attributes:
            total_scenarios (int):
            passed (int):
            failed (int):
            flaky (int):
            errors (int):
            ran_at (str | Unset):  Default: ''.
            spec_id (str | Unset):  Default: ''.
            experiment_id (str | Unset):  Default: ''.
            seed (int | Unset):  Default: 0.
            metrics (RunMetrics | Unset): Aggregates over a run's scenarios.
            scenarios (list[ScenarioResult] | Unset):
    """

    total_scenarios: int
    passed: int
    failed: int
    flaky: int
    errors: int
    ran_at: str | Unset = ""
    spec_id: str | Unset = ""
    experiment_id: str | Unset = ""
    seed: int | Unset = 0
    metrics: RunMetrics | Unset = UNSET
    scenarios: list[ScenarioResult] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_scenarios = self.total_scenarios

        passed = self.passed

        failed = self.failed

        flaky = self.flaky

        errors = self.errors

        ran_at = self.ran_at

        spec_id = self.spec_id

        experiment_id = self.experiment_id

        seed = self.seed

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        scenarios: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.scenarios, Unset):
            scenarios = []
            for scenarios_item_data in self.scenarios:
                scenarios_item = scenarios_item_data.to_dict()
                scenarios.append(scenarios_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_scenarios": total_scenarios,
                "passed": passed,
                "failed": failed,
                "flaky": flaky,
                "errors": errors,
            }
        )
        if ran_at is not UNSET:
            field_dict["ran_at"] = ran_at
        if spec_id is not UNSET:
            field_dict["spec_id"] = spec_id
        if experiment_id is not UNSET:
            field_dict["experiment_id"] = experiment_id
        if seed is not UNSET:
            field_dict["seed"] = seed
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if scenarios is not UNSET:
            field_dict["scenarios"] = scenarios

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_metrics import RunMetrics  # noqa: PLC0415
        from ..models.scenario_result import ScenarioResult  # noqa: PLC0415

        d = dict(src_dict)
        total_scenarios = d.pop("total_scenarios")

        passed = d.pop("passed")

        failed = d.pop("failed")

        flaky = d.pop("flaky")

        errors = d.pop("errors")

        ran_at = d.pop("ran_at", UNSET)

        spec_id = d.pop("spec_id", UNSET)

        experiment_id = d.pop("experiment_id", UNSET)

        seed = d.pop("seed", UNSET)

        _metrics = d.pop("metrics", UNSET)
        metrics: RunMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = RunMetrics.from_dict(_metrics)

        _scenarios = d.pop("scenarios", UNSET)
        scenarios: list[ScenarioResult] | Unset = UNSET
        if _scenarios is not UNSET:
            scenarios = []
            for scenarios_item_data in _scenarios:
                scenarios_item = ScenarioResult.from_dict(scenarios_item_data)

                scenarios.append(scenarios_item)

        run_results = cls(
            total_scenarios=total_scenarios,
            passed=passed,
            failed=failed,
            flaky=flaky,
            errors=errors,
            ran_at=ran_at,
            spec_id=spec_id,
            experiment_id=experiment_id,
            seed=seed,
            metrics=metrics,
            scenarios=scenarios,
        )

        run_results.additional_properties = d
        return run_results

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
