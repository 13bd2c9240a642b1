from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment import Experiment
    from ..models.run_results import RunResults
    from ..models.scenario_result import ScenarioResult
    from ..models.score_result import ScoreResult
    from ..models.trace_event import TraceEvent


T = TypeVar("T", bound="ExperimentBundle")


@_attrs_define
class ExperimentBundle:
    """Everything about one experiment, in one answer.

    Attributes:
        experiment (Experiment | Unset): An experiment.
        result (RunResults | Unset): An experiment's current results: partial while it runs. The run is complete when
            `total_scenarios > 0` and `passed + failed + flaky + errors >= total_scenarios` (clients poll on these counters,
            never on a status string), so they are always present.
        scenarios (list[ScenarioResult] | Unset):
        traces (list[TraceEvent] | Unset):
        scores (list[ScoreResult] | Unset):
    """

    experiment: Experiment | Unset = UNSET
    result: RunResults | Unset = UNSET
    scenarios: list[ScenarioResult] | Unset = UNSET
    traces: list[TraceEvent] | Unset = UNSET
    scores: list[ScoreResult] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.experiment, Unset):
            experiment = self.experiment.to_dict()

        result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = self.result.to_dict()

        scenarios: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.scenarios, Unset):
            scenarios = []
            for scenarios_item_data in self.scenarios:
                scenarios_item = scenarios_item_data.to_dict()
                scenarios.append(scenarios_item)

        traces: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.traces, Unset):
            traces = []
            for traces_item_data in self.traces:
                traces_item = traces_item_data.to_dict()
                traces.append(traces_item)

        scores: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.scores, Unset):
            scores = []
            for scores_item_data in self.scores:
                scores_item = scores_item_data.to_dict()
                scores.append(scores_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiment is not UNSET:
            field_dict["experiment"] = experiment
        if result is not UNSET:
            field_dict["result"] = result
        if scenarios is not UNSET:
            field_dict["scenarios"] = scenarios
        if traces is not UNSET:
            field_dict["traces"] = traces
        if scores is not UNSET:
            field_dict["scores"] = scores

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment import Experiment  # noqa: PLC0415
        from ..models.run_results import RunResults  # noqa: PLC0415
        from ..models.scenario_result import ScenarioResult  # noqa: PLC0415
        from ..models.score_result import ScoreResult  # noqa: PLC0415
        from ..models.trace_event import TraceEvent  # noqa: PLC0415

        d = dict(src_dict)
        _experiment = d.pop("experiment", UNSET)
        experiment: Experiment | Unset
        if isinstance(_experiment, Unset):
            experiment = UNSET
        else:
            experiment = Experiment.from_dict(_experiment)

        _result = d.pop("result", UNSET)
        result: RunResults | Unset
        if isinstance(_result, Unset):
            result = UNSET
        else:
            result = RunResults.from_dict(_result)

        _scenarios = d.pop("scenarios", UNSET)
        scenarios: list[ScenarioResult] | Unset = UNSET
        if _scenarios is not UNSET:
            scenarios = []
            for scenarios_item_data in _scenarios:
                scenarios_item = ScenarioResult.from_dict(scenarios_item_data)

                scenarios.append(scenarios_item)

        _traces = d.pop("traces", UNSET)
        traces: list[TraceEvent] | Unset = UNSET
        if _traces is not UNSET:
            traces = []
            for traces_item_data in _traces:
                traces_item = TraceEvent.from_dict(traces_item_data)

                traces.append(traces_item)

        _scores = d.pop("scores", UNSET)
        scores: list[ScoreResult] | Unset = UNSET
        if _scores is not UNSET:
            scores = []
            for scores_item_data in _scores:
                scores_item = ScoreResult.from_dict(scores_item_data)

                scores.append(scores_item)

        experiment_bundle = cls(
            experiment=experiment,
            result=result,
            scenarios=scenarios,
            traces=traces,
            scores=scores,
        )

        experiment_bundle.additional_properties = d
        return experiment_bundle

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
