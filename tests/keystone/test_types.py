"""polarity_keystone.types: every response shape, parsed leniently and typed strictly."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from polarity_keystone import KeystoneError, KeystoneMalformedResponseError
from polarity_keystone import types as kt
from polarity_keystone.types import (
    AgentAuth,
    AgentSnapshot,
    AlertRule,
    CommandResult,
    Comparison,
    ConfigFile,
    CostDataPoint,
    CostInfo,
    DatasetInfo,
    Experiment,
    ExperimentMetrics,
    FileState,
    ForbiddenCheckResult,
    InvariantResult,
    MetricComparison,
    MetricsSummary,
    PassRateDataPoint,
    Prompt,
    Reproducer,
    RunMetrics,
    RunResults,
    Sandbox,
    SandboxSpec,
    ScenarioResult,
    ScoreRecord,
    ScoreRule,
    ServiceInfo,
    StateDiff,
    StateSnapshot,
    ToolMetric,
    TraceEvent,
)

SRC = Path(__file__).resolve().parents[2] / "wrappers" / "keystone" / "src"

COST = {
    "input_tokens": 4200,
    "output_tokens": 1800,
    "cache_read_tokens": 1500,
    "reasoning_tokens": 64,
    "model": "claude-sonnet-4-5-20250929",
    "estimated_usd": 0.0396,
}
INVARIANT = {
    "name": "tests_pass",
    "passed": True,
    "gate": True,
    "weight": 2.0,
    "score": 1.0,
    "message": "12 passed",
    "reason": "exit code 0",
}
SCENARIO = {
    "scenario_id": "fix-failing-test/0",
    "sandbox_id": "sb-abc",
    "status": "fail",
    "parameters": {"question": "Why?", "expected": "Because."},
    "wall_ms": 84211,
    "exit_code": 1,
    "tool_calls": 17,
    "composite_score": 0.42,
    "agent_output": "I fixed it.",
    "agent_stderr": "warning: deprecated",
    "invariants": [INVARIANT],
    "forbidden_checks": [{"rule": "no_network", "violated": True, "details": "curl example.com"}],
    "trace_file": "traces/fix-failing-test-0.jsonl",
    "reproducer": {
        "spec_file": "specs/fix-failing-test.yaml",
        "seed": 7821,
        "scenario_id": "fix-failing-test/0",
        "parameters": {"n": 1},
        "command": "keystone run specs/fix-failing-test.yaml --seed 7821",
    },
    "error": "agent exited 1",
    "cost": COST,
}
RUN_METRICS = {
    "pass_rate": 0.5,
    "mean_wall_ms": 70500.5,
    "p95_wall_ms": 84000.0,
    "mean_tool_calls": 12.5,
    "mean_tokens": 6000.0,
    "total_cost_usd": 0.08,
    "mean_cost_per_run_usd": 0.04,
    "tool_success_rate": 0.9,
    "side_effect_violations": 1,
}
METRICS_SUMMARY = {
    "total_runs": 3,
    "pass_rate": 0.75,
    "total_cost_usd": 1.25,
    "mean_cost_per_run_usd": 0.4,
    "mean_wall_ms": 1234.5,
    "p95_wall_ms": 2000.0,
    "total_tool_calls": 120,
    "tool_success_rate": 0.97,
}

# One payload per type with every field set to a non-default value, shaped as the wire sheet
# records the service's responses.
FULL: dict[type[Any], dict[str, Any]] = {
    ServiceInfo: {"host": "db", "port": 5432, "ready": True},
    Sandbox: {
        "id": "sb-abc",
        "spec_id": "fix-failing-test",
        "state": "running",
        "path": "/workspace",
        "url": "https://sb-abc.keystone.polarity.so",
        "created_at": "2026-11-24T10:00:00+00:00",
        "metadata": {"run": "ci-7821"},
        "services": {"db": {"host": "db", "port": 5432, "ready": True}},
    },
    CommandResult: {
        "command": "npm test",
        "stdout": "12 passing",
        "stderr": "1 failing",
        "exit_code": 1,
        "duration_ms": 5120,
    },
    FileState: {"size": 120, "mode": "0644", "checksum": "sha256:ab12"},
    StateSnapshot: {
        "captured_at": "2026-11-24T10:01:00+00:00",
        "files": {"src/main.ts": {"size": 120, "mode": "0644", "checksum": "sha256:ab12"}},
    },
    StateDiff: {"added": ["a.txt"], "removed": ["b.txt"], "modified": ["src/main.ts"]},
    SandboxSpec: {"id": "fix-failing-test", "version": 3, "description": "Fix a failing test"},
    Experiment: {
        "id": "exp-baseline",
        "name": "baseline-v1",
        "spec_id": "fix-failing-test",
        "status": "running",
        "created_at": "2026-11-24T10:00:00+00:00",
    },
    CostInfo: COST,
    InvariantResult: INVARIANT,
    ForbiddenCheckResult: {"rule": "no_network", "violated": True, "details": "curl"},
    Reproducer: SCENARIO["reproducer"],
    ScenarioResult: SCENARIO,
    RunMetrics: RUN_METRICS,
    RunResults: {
        "ran_at": "2026-11-24T10:00:00+00:00",
        "spec_id": "fix-failing-test",
        "experiment_id": "exp-baseline",
        "seed": 7821,
        "total_scenarios": 4,
        "passed": 1,
        "failed": 1,
        "flaky": 1,
        "errors": 1,
        "metrics": RUN_METRICS,
        "scenarios": [
            SCENARIO,
            {**copy.deepcopy(SCENARIO), "scenario_id": "fix-failing-test/1", "status": "pass"},
        ],
    },
    MetricComparison: {
        "name": "pass_rate",
        "baseline": 0.8,
        "candidate": 0.6,
        "delta": -0.2,
        "direction": "worse",
    },
    Comparison: {
        "baseline_id": "exp-baseline",
        "candidate_id": "exp-new",
        "metrics": [
            {
                "name": "pass_rate",
                "baseline": 0.8,
                "candidate": 0.6,
                "delta": -0.2,
                "direction": "worse",
            }
        ],
        "regressed": True,
        "regressions": ["pass_rate"],
    },
    ToolMetric: {"count": 40, "mean_ms": 12.5, "error_rate": 0.025},
    MetricsSummary: METRICS_SUMMARY,
    CostDataPoint: {"run_id": "run-1", "cost_usd": 0.4, "ts": "2026-11-24T10:00:00+00:00"},
    PassRateDataPoint: {"run_id": "run-1", "pass_rate": 0.75, "ts": "2026-11-24T10:00:00+00:00"},
    ExperimentMetrics: {
        "experiment_id": "exp-baseline",
        "summary": METRICS_SUMMARY,
        "tool_breakdown": {"bash": {"count": 40, "mean_ms": 12.5, "error_rate": 0.025}},
        "cost_trend": [{"run_id": "run-1", "cost_usd": 0.4, "ts": "2026-11-24T10:00:00+00:00"}],
        "pass_rate_trend": [{"run_id": "run-1", "pass_rate": 0.75, "ts": "2026-11-24"}],
    },
    AlertRule: {
        "id": "alert_abc",
        "name": "pass-rate-drop",
        "eval_id": "exp-baseline",
        "condition": "pass_rate < 0.8",
        "window": "last_5_runs",
        "notify": "slack",
        "webhook_url": "https://hooks.example.com/x",
        "slack_channel": "#agent-alerts",
    },
    ConfigFile: {"path": ".env", "template": "ANTHROPIC_API_KEY={{ANTHROPIC_API_KEY}}"},
    AgentAuth: {
        "required_env": ["ANTHROPIC_API_KEY"],
        "config_files": [{"path": ".env", "template": "..."}],
        "egress": {"llm": ["api.anthropic.com"]},
    },
    AgentSnapshot: {
        "id": "snap_3f2a",
        "name": "email-agent",
        "version": 3,
        "tag": "v2.1",
        "digest": "sha256:3f2a",
        "size_bytes": 18342,
        "storage_path": "agents/email-agent/3.tar.gz",
        "runtime": "python3.12",
        "entrypoint": ["python", "main.py"],
        "auth": {
            "required_env": ["ANTHROPIC_API_KEY"],
            "config_files": [{"path": ".env", "template": "..."}],
            "egress": {"llm": ["api.anthropic.com"]},
        },
        "created_at": "2026-11-24T10:00:00+00:00",
    },
    DatasetInfo: {
        "id": "ds_abc",
        "name": "customer-emails",
        "description": "Renewal scenarios",
        "version": 3,
        "created_at": "2026-11-24T10:00:00+00:00",
    },
    ScoreRule: {
        "id": "rule_abc",
        "name": "factuality",
        "type": "llm_as_judge",
        "config": {"model": "paragon-fast", "rubric": {"pass": "...", "fail": "..."}},
        "created_at": "2026-11-24T10:00:00+00:00",
    },
    ScoreRecord: {
        "rule_id": "rule_abc",
        "trace_id": "trace-abc",
        "score": 0.9,
        "passed": True,
        "message": "grounded",
    },
    Prompt: {
        "id": "prm_1",
        "user_id": "usr_1",
        "slug": "renewal-email",
        "version": 2,
        "tag": "prod",
        "template": "Hello {name}",
        "variables": {"name": "Alice"},
        "metadata": {"owner": "growth"},
        "created_at": "2026-11-24T10:00:00+00:00",
    },
    TraceEvent: {
        "ts": "2026-11-24T10:00:00.123456+00:00",
        "event_type": "llm_call",
        "tool": "anthropic.create",
        "phase": "complete",
        "span_id": "span_0123456789ab",
        "parent_span_id": "0123456789abcdef",
        "root_span_id": "fedcba9876543210",
        "status": "error",
        "duration_ms": 812,
        "error_type": "tool_error",
        "input": '[{"role": "user", "content": "hi"}]',
        "output": "hello",
        "cost": COST,
        "metadata": {"gen_ai.system": "anthropic", "gen_ai.request.model": "claude-sonnet-4-5"},
    },
}
TYPES = sorted(FULL, key=lambda cls: cls.__name__)


def wire_fields(cls: type[Any]) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.name != "extra" and f.metadata.get("wire", 1)]


# -- the module's surface -------------------------------------------------------------------


def test_all_is_sorted_and_names_every_public_type() -> None:
    classes = {
        name for name, value in vars(kt).items() if isinstance(value, type) and name[0] != "_"
    }
    classes -= {"Any", "ClassVar", "Field", "Iterator", "Mapping", "Callable", "TypeVar"}
    assert kt.__all__ == sorted(kt.__all__)
    assert set(kt.__all__) == classes | {"KeystoneError"}


def test_every_type_has_a_full_payload_here() -> None:
    assert {cls.__name__ for cls in FULL} == set(kt.__all__) - {"KeystoneError"}


def test_the_pages_imports_work() -> None:
    from polarity_keystone.types import (  # noqa: F401  (the page's list, verbatim)
        AgentAuth,
        AgentSnapshot,
        AlertRule,
        CommandResult,
        Comparison,
        ConfigFile,
        CostInfo,
        Experiment,
        ExperimentMetrics,
        ForbiddenCheckResult,
        InvariantResult,
        KeystoneError,
        RunMetrics,
        RunResults,
        Sandbox,
        ScenarioResult,
        StateDiff,
        StateSnapshot,
        TraceEvent,
    )

    assert kt.KeystoneError is KeystoneError


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Nope"):
        kt.Nope  # noqa: B018


def test_importing_the_types_loads_neither_httpx_nor_the_errors() -> None:
    code = (
        "import sys; import polarity_keystone.types as t; "
        "t.Sandbox.from_dict({'id': 'x'}); "
        "print(sorted(m for m in ('httpx', 'polarity_keystone._exceptions') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])},
    ).stdout
    assert out.strip() == "[]"


# -- full, minimal and unknown-key payloads for every type ---------------------------------


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_full_payload_sets_every_field_and_round_trips(cls: type[Any]) -> None:
    payload = copy.deepcopy(FULL[cls])
    value = cls.from_dict(payload)
    for f in wire_fields(cls):
        assert f.name in payload, f"FULL[{cls.__name__}] lacks {f.name}"
        assert getattr(value, f.name) != cls().__getattribute__(f.name), f.name
    assert value.extra == {}
    assert value.to_dict() == payload
    assert payload == FULL[cls]  # the input is not modified
    assert json.loads(json.dumps(value.to_dict())) == payload


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_minimal_payload_takes_every_default(cls: type[Any]) -> None:
    assert cls.from_dict({}) == cls()
    assert cls.from_dict(None) == cls()
    nulls = {f.name: None for f in wire_fields(cls)}
    value = cls.from_dict(nulls)
    if cls is SandboxSpec:  # raw is the response itself, nulls included
        assert value.raw == nulls
        value = dataclasses.replace(value, raw={})
    assert value == cls()


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
def test_unknown_keys_are_kept_and_sent_back(cls: type[Any]) -> None:
    payload = {**FULL[cls], "added_in_v2": {"nested": [1, 2]}, "flag": True}
    value = cls.from_dict(payload)
    assert value.extra == {"added_in_v2": {"nested": [1, 2]}, "flag": True}
    assert value.to_dict() == payload
    assert "added_in_v2" not in repr(value)


def _wrong_value(annotation: Any) -> Any:
    """A JSON value no safe conversion turns into ``annotation``."""
    if typing.get_origin(annotation) in (typing.Union, type(int | None)):
        (annotation,) = (a for a in typing.get_args(annotation) if a is not type(None))
    if annotation is str:
        return 5
    if annotation in (int, float):
        return "x5"
    if annotation is bool:
        return 1
    if typing.get_origin(annotation) is list:
        return {"a": 1}
    return ["not", "an", "object"]  # dicts and nested types


WRONG = [
    (cls, f.name)
    for cls in TYPES
    for f in wire_fields(cls)
    if typing.get_type_hints(cls)[f.name] is not Any
]


@pytest.mark.parametrize(("cls", "name"), WRONG, ids=[f"{c.__name__}.{n}" for c, n in WRONG])
def test_every_wrong_typed_field_is_a_typed_error_naming_it(cls: type[Any], name: str) -> None:
    annotation = typing.get_type_hints(cls)[name]
    bad = _wrong_value(annotation)
    with pytest.raises(KeystoneMalformedResponseError) as caught:
        cls.from_dict({**FULL[cls], name: bad})
    err = caught.value
    assert err.field == f"{cls.__name__}.{name}"
    assert str(err).startswith(f"{cls.__name__}.{name}: expected ")
    assert isinstance(err, KeystoneError)
    assert isinstance(err, ValueError)
    assert not isinstance(err, KeyError | TypeError)


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("data", [[], "sandbox", 3, True], ids=repr)
def test_a_body_that_is_not_an_object_is_a_typed_error(cls: type[Any], data: Any) -> None:
    with pytest.raises(
        KeystoneMalformedResponseError, match=rf"^{cls.__name__}: expected an object"
    ):
        cls.from_dict(data)


# -- conversions ------------------------------------------------------------------------------


def test_integers_where_floats_are_expected_become_floats() -> None:
    metrics = RunMetrics.from_dict({"pass_rate": 1, "mean_wall_ms": 70500})
    assert metrics.pass_rate == 1.0
    assert type(metrics.pass_rate) is float
    assert type(metrics.mean_wall_ms) is float


def test_integral_floats_where_integers_are_expected_become_integers() -> None:
    result = CommandResult.from_dict({"exit_code": 0.0, "duration_ms": 5120.0})
    assert result.duration_ms == 5120
    assert type(result.duration_ms) is int
    assert type(result.exit_code) is int


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("duration_ms", 12.5, "an integer, got a number"),
        ("duration_ms", True, "an integer, got a boolean"),
        ("duration_ms", float("inf"), "an integer, got a number"),
        ("duration_ms", float("nan"), "an integer, got a number"),
        ("duration_ms", "12", "an integer, got a string"),
        ("command", ["npm", "test"], "a string, got an array"),
        ("stdout", {"text": "x"}, "a string, got an object"),
    ],
)
def test_lossy_conversions_are_refused(field: str, value: Any, expected: str) -> None:
    with pytest.raises(
        KeystoneMalformedResponseError, match=rf"CommandResult\.{field}: expected {expected}$"
    ):
        CommandResult.from_dict({field: value})


def test_booleans_are_not_numbers_and_numbers_are_not_booleans() -> None:
    with pytest.raises(KeystoneMalformedResponseError, match="expected a number, got a boolean"):
        RunMetrics.from_dict({"pass_rate": True})
    with pytest.raises(KeystoneMalformedResponseError, match="expected a boolean, got an integer"):
        ServiceInfo.from_dict({"ready": 1})


def test_an_integer_too_large_for_a_float_is_a_typed_error() -> None:
    with pytest.raises(KeystoneMalformedResponseError, match=r"RunMetrics\.total_cost_usd"):
        RunMetrics.from_dict({"total_cost_usd": 10**400})


def test_any_typed_values_pass_through_unchanged() -> None:
    sandbox = Sandbox.from_dict({"metadata": {"run": 7, "tags": ["a"], "nested": {"x": None}}})
    assert sandbox.metadata == {"run": 7, "tags": ["a"], "nested": {"x": None}}


def test_statuses_are_open_strings() -> None:
    scenario = ScenarioResult.from_dict({"status": "quarantined-by-v9"})
    assert scenario.status == "quarantined-by-v9"
    assert Experiment.from_dict({"status": "archived"}).status == "archived"


def test_dict_fields_are_copies_of_the_payload() -> None:
    payload = {"metadata": {"run": "ci"}}
    sandbox = Sandbox.from_dict(payload)
    sandbox.metadata["run"] = "changed"
    assert payload == {"metadata": {"run": "ci"}}


# -- nesting ----------------------------------------------------------------------------------


def test_nested_objects_parse_recursively() -> None:
    results = RunResults.from_dict(FULL[RunResults])
    assert isinstance(results.metrics, RunMetrics)
    scenario = results.scenarios[0]
    assert isinstance(scenario, ScenarioResult)
    assert scenario.invariants == [InvariantResult(**INVARIANT)]
    assert scenario.forbidden_checks[0] == ForbiddenCheckResult(
        rule="no_network", violated=True, details="curl example.com"
    )
    assert scenario.reproducer is not None
    assert scenario.reproducer.seed == 7821
    assert scenario.cost == CostInfo(**COST)
    metrics = ExperimentMetrics.from_dict(FULL[ExperimentMetrics])
    assert metrics.tool_breakdown["bash"] == ToolMetric(count=40, mean_ms=12.5, error_rate=0.025)
    assert metrics.cost_trend[0].run_id == "run-1"
    snapshot = AgentSnapshot.from_dict(FULL[AgentSnapshot])
    assert snapshot.auth is not None
    assert snapshot.auth.config_files == [ConfigFile(path=".env", template="...")]
    assert snapshot.auth.egress == {"llm": ["api.anthropic.com"]}


def test_a_wrong_type_deep_inside_names_its_whole_path() -> None:
    payload = copy.deepcopy(FULL[RunResults])
    payload["scenarios"][1]["invariants"][0]["passed"] = "yes"
    with pytest.raises(KeystoneMalformedResponseError) as caught:
        RunResults.from_dict(payload)
    assert caught.value.field == "RunResults.scenarios[1].invariants[0].passed"
    assert str(caught.value) == (
        "RunResults.scenarios[1].invariants[0].passed: expected a boolean, got a string"
    )


def test_a_map_value_of_the_wrong_type_names_its_key() -> None:
    with pytest.raises(KeystoneMalformedResponseError) as caught:
        Sandbox.from_dict({"services": {"db": {"host": "db", "port": "5432"}}})
    assert caught.value.field == "Sandbox.services['db'].port"
    with pytest.raises(
        KeystoneMalformedResponseError,
        match=r"Sandbox\.services\['db'\]: expected an object, got a string",
    ):
        Sandbox.from_dict({"services": {"db": "pending"}})


def test_null_inside_an_array_of_objects_is_a_typed_error() -> None:
    with pytest.raises(
        KeystoneMalformedResponseError,
        match=r"RunResults\.scenarios\[0\]: expected an object, got null",
    ):
        RunResults.from_dict({"scenarios": [None]})


def test_nested_unknown_keys_are_kept_at_their_level() -> None:
    payload = {"services": {"db": {"host": "db", "tls": True}}, "region": "eu"}
    sandbox = Sandbox.from_dict(payload)
    assert sandbox.extra == {"region": "eu"}
    assert sandbox.services["db"].extra == {"tls": True}
    assert sandbox.to_dict()["services"]["db"] == {
        "host": "db",
        "port": 0,
        "ready": False,
        "tls": True,
    }


def test_an_error_message_never_quotes_a_value() -> None:
    secret = "ks_live_supersecretvalue"
    with pytest.raises(KeystoneMalformedResponseError) as caught:
        Sandbox.from_dict({"metadata": secret})
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)


# -- the page's examples ------------------------------------------------------------------------


def test_the_pages_from_sandbox_service_info() -> None:
    sandbox = Sandbox.from_dict(FULL[Sandbox])
    assert sandbox.services["db"] == ServiceInfo(host="db", port=5432, ready=True)


def test_the_pages_process_results_example(capsys: pytest.CaptureFixture[str]) -> None:
    def process_results(results: RunResults) -> None:
        print(f"{results.passed}/{results.total_scenarios} passed")
        for scenario in results.scenarios:
            if scenario.status == "fail":
                print(f"FAIL: {scenario.scenario_id}")
                for inv in scenario.invariants:
                    if not inv.passed:
                        print(f"  {inv.name}: {inv.message}")

    payload = copy.deepcopy(FULL[RunResults])
    payload["scenarios"][0]["invariants"].append({"name": "lint", "message": "3 errors"})
    process_results(RunResults.from_dict(payload))
    assert capsys.readouterr().out == ("1/4 passed\nFAIL: fix-failing-test/0\n  lint: 3 errors\n")


@pytest.mark.parametrize(
    ("counts", "complete"),
    [
        ({}, False),
        ({"total_scenarios": 3, "passed": 1, "failed": 1}, False),
        ({"total_scenarios": 3, "passed": 1, "failed": 1, "flaky": 1}, True),
        ({"total_scenarios": 2, "errors": 2}, True),
        ({"total_scenarios": 0, "passed": 0}, False),
    ],
)
def test_run_results_is_complete_by_the_counters(counts: dict[str, int], complete: bool) -> None:
    assert RunResults.from_dict(counts).is_complete is complete


# -- individual types ------------------------------------------------------------------------


def test_trace_events_leave_absent_fields_out_of_the_wire_form() -> None:
    start = TraceEvent(
        ts="2026-11-24T10:00:00.000001+00:00",
        event_type="tool_call",
        tool="write_config",
        phase="start",
        span_id="0123456789abcdef",
    )
    assert start.to_dict() == {
        "ts": "2026-11-24T10:00:00.000001+00:00",
        "event_type": "tool_call",
        "tool": "write_config",
        "phase": "start",
        "span_id": "0123456789abcdef",
        "parent_span_id": "",
        "root_span_id": "",
        "status": "ok",
        "metadata": {},
    }
    end = dataclasses.replace(start, phase="end", duration_ms=12, error_type="", output='{"x": 1}')
    assert end.to_dict()["duration_ms"] == 12
    assert end.to_dict()["error_type"] == ""
    assert TraceEvent.from_dict(end.to_dict()) == end


def test_trace_event_costs_keep_reasoning_tokens() -> None:
    event = TraceEvent.from_dict(FULL[TraceEvent])
    assert event.cost is not None
    assert event.cost.reasoning_tokens == 64
    assert event.metadata["gen_ai.system"] == "anthropic"


def test_sandbox_spec_keeps_the_whole_response_in_raw_but_does_not_send_it() -> None:
    payload = {"id": "fix-failing-test", "version": 3, "scenarios": [{"name": "a"}]}
    spec = SandboxSpec.from_dict(payload)
    assert spec.raw == payload
    assert spec.to_dict() == {**payload, "description": ""}
    assert "raw" not in spec.to_dict()


def test_dataset_info_is_also_a_read_only_mapping() -> None:
    dataset = DatasetInfo.from_dict({**FULL[DatasetInfo], "record_count": 12})
    assert dataset["id"] == "ds_abc"
    assert dataset["record_count"] == 12
    assert dataset.get("missing") is None
    assert "name" in dataset
    assert dict(dataset) == {**FULL[DatasetInfo], "record_count": 12}
    assert len(dataset) == 6
    with pytest.raises(KeyError):
        dataset["missing"]
    with pytest.raises(TypeError):
        dataset["id"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(("version", "expected"), [("3", 3), (3, 3), (3.0, 3)])
def test_prompt_versions_may_be_digit_strings(version: Any, expected: int) -> None:
    assert Prompt.from_dict({"version": version}).version == expected


@pytest.mark.parametrize("version", ["3.5", "v3", "-1", "", "٣"])
def test_prompt_versions_that_are_not_digits_are_refused(version: str) -> None:
    with pytest.raises(KeystoneMalformedResponseError, match=r"Prompt\.version"):
        Prompt.from_dict({"version": version})


def test_score_rules_have_the_pages_id_attribute() -> None:
    rule = ScoreRule.from_dict(FULL[ScoreRule])
    assert rule.id == "rule_abc"
    assert rule.config["model"] == "paragon-fast"


def test_agent_auth_serialises_for_an_upload() -> None:
    auth = AgentAuth(
        required_env=["ANTHROPIC_API_KEY"],
        config_files=[ConfigFile(path=".env", template="...")],
    )
    assert auth.to_dict() == {
        "required_env": ["ANTHROPIC_API_KEY"],
        "config_files": [{"path": ".env", "template": "..."}],
        "egress": {},
    }


# -- dataclass behaviour ---------------------------------------------------------------------


def test_types_are_real_dataclasses() -> None:
    sandbox = Sandbox.from_dict(FULL[Sandbox])
    assert dataclasses.is_dataclass(sandbox)
    assert dataclasses.replace(sandbox, id="sb-new").id == "sb-new"
    as_dict = dataclasses.asdict(sandbox)
    assert as_dict["services"]["db"]["port"] == 5432
    assert as_dict["extra"] == {}


def test_construction_is_keyword_only_and_checks_names() -> None:
    with pytest.raises(TypeError, match="keyword arguments only"):
        ServiceInfo("db", 5432)  # type: ignore[misc]
    with pytest.raises(TypeError, match="unexpected keyword arguments 'hots'"):
        ServiceInfo(hots="db")  # type: ignore[call-arg]
    assert ServiceInfo(host="db").port == 0


def test_default_containers_are_not_shared() -> None:
    first, second = Sandbox(), Sandbox()
    first.metadata["x"] = "1"
    first.extra["y"] = 2
    assert second.metadata == {}
    assert second.extra == {}


def test_instances_are_slotted_mutable_and_unhashable() -> None:
    info = ServiceInfo(host="db")
    info.port = 5433
    assert info.port == 5433
    with pytest.raises(AttributeError):
        info.prot = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        hash(info)


def test_equality_covers_unknown_keys_and_the_type() -> None:
    assert ServiceInfo.from_dict({"host": "db"}) == ServiceInfo(host="db")
    assert ServiceInfo.from_dict({"host": "db", "x": 1}) != ServiceInfo(host="db")
    assert ConfigFile(path="a") != FileState()
    assert ConfigFile(path="a") != {"path": "a", "template": ""}


def test_repr_shows_fields_but_not_unknown_keys() -> None:
    info = ServiceInfo.from_dict({"host": "db", "port": 5432, "ready": True, "zone": "eu"})
    assert repr(info) == "ServiceInfo(host='db', port=5432, ready=True)"
