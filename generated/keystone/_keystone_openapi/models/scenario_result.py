from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_info import CostInfo
    from ..models.forbidden_check_result import ForbiddenCheckResult
    from ..models.invariant_result import InvariantResult
    from ..models.reproducer import Reproducer
    from ..models.scenario_result_parameters import ScenarioResultParameters


T = TypeVar("T", bound="ScenarioResult")


@_attrs_define
class ScenarioResult:
    """One scenario of a run.

    Attributes:
        scenario_id (str | Unset):  Default: ''.
        sandbox_id (str | Unset):  Default: ''.
        status (str | Unset): An open string. The page's example tests `fail`, its export example filters on `failed`;
            the run's counters suggest pass / fail / flaky / error outcomes. New values may appear without notice. Default:
            ''.
        parameters (ScenarioResultParameters | Unset): The scenario's parameters.
        wall_ms (int | Unset):  Default: 0.
        exit_code (int | Unset):  Default: 0.
        tool_calls (int | Unset):  Default: 0.
        composite_score (float | Unset):  Default: 0.0.
        agent_output (str | Unset):  Default: ''.
        agent_stderr (str | Unset):  Default: ''.
        invariants (list[InvariantResult] | Unset):
        forbidden_checks (list[ForbiddenCheckResult] | Unset):
        trace_file (str | Unset):  Default: ''.
        reproducer (None | Reproducer | Unset):
        error (str | Unset):  Default: ''.
        cost (CostInfo | None | Unset):
    """

    scenario_id: str | Unset = ""
    sandbox_id: str | Unset = ""
    status: str | Unset = ""
    parameters: ScenarioResultParameters | Unset = UNSET
    wall_ms: int | Unset = 0
    exit_code: int | Unset = 0
    tool_calls: int | Unset = 0
    composite_score: float | Unset = 0.0
    agent_output: str | Unset = ""
    agent_stderr: str | Unset = ""
    invariants: list[InvariantResult] | Unset = UNSET
    forbidden_checks: list[ForbiddenCheckResult] | Unset = UNSET
    trace_file: str | Unset = ""
    reproducer: None | Reproducer | Unset = UNSET
    error: str | Unset = ""
    cost: CostInfo | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cost_info import CostInfo  # noqa: PLC0415
        from ..models.reproducer import Reproducer  # noqa: PLC0415

        scenario_id = self.scenario_id

        sandbox_id = self.sandbox_id

        status = self.status

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        wall_ms = self.wall_ms

        exit_code = self.exit_code

        tool_calls = self.tool_calls

        composite_score = self.composite_score

        agent_output = self.agent_output

        agent_stderr = self.agent_stderr

        invariants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.invariants, Unset):
            invariants = []
            for invariants_item_data in self.invariants:
                invariants_item = invariants_item_data.to_dict()
                invariants.append(invariants_item)

        forbidden_checks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.forbidden_checks, Unset):
            forbidden_checks = []
            for forbidden_checks_item_data in self.forbidden_checks:
                forbidden_checks_item = forbidden_checks_item_data.to_dict()
                forbidden_checks.append(forbidden_checks_item)

        trace_file = self.trace_file

        reproducer: dict[str, Any] | None | Unset
        if isinstance(self.reproducer, Unset):
            reproducer = UNSET
        elif isinstance(self.reproducer, Reproducer):
            reproducer = self.reproducer.to_dict()
        else:
            reproducer = self.reproducer

        error = self.error

        cost: dict[str, Any] | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        elif isinstance(self.cost, CostInfo):
            cost = self.cost.to_dict()
        else:
            cost = self.cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if scenario_id is not UNSET:
            field_dict["scenario_id"] = scenario_id
        if sandbox_id is not UNSET:
            field_dict["sandbox_id"] = sandbox_id
        if status is not UNSET:
            field_dict["status"] = status
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if wall_ms is not UNSET:
            field_dict["wall_ms"] = wall_ms
        if exit_code is not UNSET:
            field_dict["exit_code"] = exit_code
        if tool_calls is not UNSET:
            field_dict["tool_calls"] = tool_calls
        if composite_score is not UNSET:
            field_dict["composite_score"] = composite_score
        if agent_output is not UNSET:
            field_dict["agent_output"] = agent_output
        if agent_stderr is not UNSET:
            field_dict["agent_stderr"] = agent_stderr
        if invariants is not UNSET:
            field_dict["invariants"] = invariants
        if forbidden_checks is not UNSET:
            field_dict["forbidden_checks"] = forbidden_checks
        if trace_file is not UNSET:
            field_dict["trace_file"] = trace_file
        if reproducer is not UNSET:
            field_dict["reproducer"] = reproducer
        if error is not UNSET:
            field_dict["error"] = error
        if cost is not UNSET:
            field_dict["cost"] = cost

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_info import CostInfo  # noqa: PLC0415
        from ..models.forbidden_check_result import ForbiddenCheckResult  # noqa: PLC0415
        from ..models.invariant_result import InvariantResult  # noqa: PLC0415
        from ..models.reproducer import Reproducer  # noqa: PLC0415
        from ..models.scenario_result_parameters import ScenarioResultParameters  # noqa: PLC0415

        d = dict(src_dict)
        scenario_id = d.pop("scenario_id", UNSET)

        sandbox_id = d.pop("sandbox_id", UNSET)

        status = d.pop("status", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: ScenarioResultParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ScenarioResultParameters.from_dict(_parameters)

        wall_ms = d.pop("wall_ms", UNSET)

        exit_code = d.pop("exit_code", UNSET)

        tool_calls = d.pop("tool_calls", UNSET)

        composite_score = d.pop("composite_score", UNSET)

        agent_output = d.pop("agent_output", UNSET)

        agent_stderr = d.pop("agent_stderr", UNSET)

        _invariants = d.pop("invariants", UNSET)
        invariants: list[InvariantResult] | Unset = UNSET
        if _invariants is not UNSET:
            invariants = []
            for invariants_item_data in _invariants:
                invariants_item = InvariantResult.from_dict(invariants_item_data)

                invariants.append(invariants_item)

        _forbidden_checks = d.pop("forbidden_checks", UNSET)
        forbidden_checks: list[ForbiddenCheckResult] | Unset = UNSET
        if _forbidden_checks is not UNSET:
            forbidden_checks = []
            for forbidden_checks_item_data in _forbidden_checks:
                forbidden_checks_item = ForbiddenCheckResult.from_dict(forbidden_checks_item_data)

                forbidden_checks.append(forbidden_checks_item)

        trace_file = d.pop("trace_file", UNSET)

        def _parse_reproducer(data: object) -> None | Reproducer | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reproducer_type_0 = Reproducer.from_dict(data)

                return reproducer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Reproducer | Unset, data)

        reproducer = _parse_reproducer(d.pop("reproducer", UNSET))

        error = d.pop("error", UNSET)

        def _parse_cost(data: object) -> CostInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cost_type_0 = CostInfo.from_dict(data)

                return cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CostInfo | None | Unset, data)

        cost = _parse_cost(d.pop("cost", UNSET))

        scenario_result = cls(
            scenario_id=scenario_id,
            sandbox_id=sandbox_id,
            status=status,
            parameters=parameters,
            wall_ms=wall_ms,
            exit_code=exit_code,
            tool_calls=tool_calls,
            composite_score=composite_score,
            agent_output=agent_output,
            agent_stderr=agent_stderr,
            invariants=invariants,
            forbidden_checks=forbidden_checks,
            trace_file=trace_file,
            reproducer=reproducer,
            error=error,
            cost=cost,
        )

        scenario_result.additional_properties = d
        return scenario_result

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
