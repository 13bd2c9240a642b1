"""Every HTTP method of both clients against scripted answers: what goes on the wire, and what
comes back (types, the sheet's shapes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from polarity_keystone.types import (
    AgentSnapshot,
    AlertRule,
    CommandResult,
    Comparison,
    DatasetInfo,
    Experiment,
    ExperimentMetrics,
    Prompt,
    RunResults,
    Sandbox,
    SandboxSpec,
    ScoreRecord,
    ScoreRule,
    ServiceInfo,
    StateDiff,
    StateSnapshot,
    TraceEvent,
)

from tests.keystone._scripted import KEY, Script, body, client_of, query, raw_path, run

FLAVOURS = ["sync", "async"]
SANDBOX = {
    "id": "sb-1",
    "spec_id": "fix-failing-test",
    "state": "running",
    "services": {"db": {"host": "db", "port": 5432, "ready": True}},
}
SNAPSHOT = {"id": "snap_abc", "name": "email-agent", "version": 3, "tag": "v2.1"}
PROMPT = {"id": "p1", "slug": "greet", "version": "2", "template": "Hi {name}"}
RESULTS = {"experiment_id": "exp-1", "total_scenarios": 2, "passed": 1, "failed": 1}


@pytest.fixture(autouse=True)
def no_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KEYSTONE_WORKSPACE", "POLARITY_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


@dataclass(frozen=True)
class Call:
    """One method call, the request it must make, the answer it gets and what it returns."""

    name: str
    call: Callable[[Any], Any]
    method: str
    path: str
    params: list[tuple[str, str]] = field(default_factory=list)
    sent: Any = None
    status: int = 200
    answer: Any = None
    content: bytes | None = None
    check: Callable[[Any], bool] = lambda result: True
    content_type: str | None = None


CALLS = [
    Call(
        "health",
        lambda ks: ks.health(),
        "GET",
        "/health",
        answer={"status": "ok"},
        check=lambda r: r == {"status": "ok"},
    ),
    # sandboxes
    Call(
        "sandboxes.create",
        lambda ks: ks.sandboxes.create(
            "fix-failing-test", timeout="10m", metadata={"run": "ci-7821"}
        ),
        "POST",
        "/v1/sandboxes",
        status=201,
        answer=SANDBOX,
        sent={"spec_id": "fix-failing-test", "timeout": "10m", "metadata": {"run": "ci-7821"}},
        check=lambda r: (
            isinstance(r, Sandbox)
            and r.services["db"] == ServiceInfo(host="db", port=5432, ready=True)
        ),
    ),
    Call(
        "sandboxes.create minimal",
        lambda ks: ks.sandboxes.create("s", timeout=90),
        "POST",
        "/v1/sandboxes",
        status=201,
        answer=SANDBOX,
        sent={"spec_id": "s", "timeout": "90s"},
    ),
    Call(
        "sandboxes.get",
        lambda ks: ks.sandboxes.get("sb-1"),
        "GET",
        "/v1/sandboxes/sb-1",
        answer=SANDBOX,
        check=lambda r: r.id == "sb-1" and r.state == "running",
    ),
    Call(
        "sandboxes.list",
        lambda ks: ks.sandboxes.list(),
        "GET",
        "/v1/sandboxes",
        answer=[SANDBOX, SANDBOX],
        check=lambda r: [s.id for s in r] == ["sb-1", "sb-1"],
    ),
    Call(
        "sandboxes.destroy",
        lambda ks: ks.sandboxes.destroy("sb-1"),
        "DELETE",
        "/v1/sandboxes/sb-1",
        status=204,
        check=lambda r: r is None,
    ),
    Call(
        "sandboxes.run_command",
        lambda ks: ks.sandboxes.run_command("sb-1", "npm test", timeout="2m"),
        "POST",
        "/v1/sandboxes/sb-1/commands",
        sent={"command": "npm test", "timeout": "2m"},
        answer={"command": "npm test", "stdout": "ok", "exit_code": 1},
        check=lambda r: isinstance(r, CommandResult) and r.exit_code == 1,
    ),
    Call(
        "sandboxes.read_file",
        lambda ks: ks.sandboxes.read_file("sb-1", "src/main.ts"),
        "GET",
        "/v1/sandboxes/sb-1/files/src%2Fmain.ts",
        content=b"\x00\xffbinary",
        check=lambda r: r == b"\x00\xffbinary",
    ),
    Call(
        "sandboxes.write_file",
        lambda ks: ks.sandboxes.write_file("sb-1", "config.json", '{"x": 1}'),
        "POST",
        "/v1/sandboxes/sb-1/files",
        status=204,
        sent={"path": "config.json", "content": '{"x": 1}'},
    ),
    Call(
        "sandboxes.write_file bytes",
        lambda ks: ks.sandboxes.write_file("sb-1", "a.txt", "héllo".encode()),
        "POST",
        "/v1/sandboxes/sb-1/files",
        status=204,
        sent={"path": "a.txt", "content": "héllo"},
    ),
    Call(
        "sandboxes.delete_file",
        lambda ks: ks.sandboxes.delete_file("sb-1", "tmp/cache.bin"),
        "DELETE",
        "/v1/sandboxes/sb-1/files/tmp%2Fcache.bin",
        status=204,
    ),
    Call(
        "sandboxes.state",
        lambda ks: ks.sandboxes.state("sb-1"),
        "GET",
        "/v1/sandboxes/sb-1/state",
        answer={"captured_at": "t", "files": {"a.py": {"size": 3, "mode": "0644"}}},
        check=lambda r: isinstance(r, StateSnapshot) and r.files["a.py"].size == 3,
    ),
    Call(
        "sandboxes.diff",
        lambda ks: ks.sandboxes.diff("sb-1"),
        "GET",
        "/v1/sandboxes/sb-1/diff",
        answer={"added": ["a"], "modified": ["b"]},
        check=lambda r: isinstance(r, StateDiff) and r.added == ["a"] and r.removed == [],
    ),
    Call(
        "export.ingest_traces",
        lambda ks: ks.export.ingest_traces([{"ts": "t1", "event_type": "eval", "span_id": "s2"}]),
        "POST",
        "/v1/traces",
        answer={"accepted": 1},
        sent={"events": [{"ts": "t1", "event_type": "eval", "span_id": "s2"}]},
        check=lambda r: r == {"accepted": 1},
    ),
    Call(
        "sandboxes.ingest_trace",
        lambda ks: ks.sandboxes.ingest_trace(
            "sb-1",
            [
                TraceEvent(ts="t0", event_type="tool_call", tool="x", phase="start", span_id="s1"),
                {"ts": "t1", "event_type": "eval", "span_id": "s2"},
            ],
        ),
        "POST",
        "/v1/sandboxes/sb-1/trace",
        answer={"accepted": 2},
        sent={
            "events": [
                {
                    "ts": "t0",
                    "event_type": "tool_call",
                    "tool": "x",
                    "phase": "start",
                    "span_id": "s1",
                    "parent_span_id": "",
                    "root_span_id": "",
                    "status": "ok",
                    "metadata": {},
                },
                {"ts": "t1", "event_type": "eval", "span_id": "s2"},
            ]
        },
        check=lambda r: r == {"accepted": 2},
    ),
    Call(
        "sandboxes.get_trace",
        lambda ks: ks.sandboxes.get_trace("sb-1"),
        "GET",
        "/v1/sandboxes/sb-1/trace",
        answer={"events": [], "metrics": {"n": 0}},
        check=lambda r: r == {"events": [], "metrics": {"n": 0}},
    ),
    # specs
    Call(
        "specs.create",
        lambda ks: ks.specs.create("id: fix\nversion: 1\n"),
        "POST",
        "/v1/specs",
        status=201,
        answer={"id": "fix", "version": 1, "x": 2},
        content_type="application/x-yaml",
        check=lambda r: isinstance(r, SandboxSpec) and r.raw == {"id": "fix", "version": 1, "x": 2},
    ),
    Call(
        "specs.get",
        lambda ks: ks.specs.get("fix"),
        "GET",
        "/v1/specs/fix",
        answer={"id": "fix"},
        check=lambda r: r.id == "fix",
    ),
    Call(
        "specs.list",
        lambda ks: ks.specs.list(),
        "GET",
        "/v1/specs",
        answer=None,
        check=lambda r: r == [],
    ),
    Call("specs.delete", lambda ks: ks.specs.delete("fix"), "DELETE", "/v1/specs/fix", status=204),
    # experiments
    Call(
        "experiments.create",
        lambda ks: ks.experiments.create("baseline-v1", "fix"),
        "POST",
        "/v1/experiments",
        status=201,
        sent={"name": "baseline-v1", "spec_id": "fix"},
        answer={"id": "exp-1", "name": "baseline-v1", "status": "created"},
        check=lambda r: isinstance(r, Experiment) and r.id == "exp-1",
    ),
    Call(
        "experiments.run",
        lambda ks: ks.experiments.run("exp-1"),
        "POST",
        "/v1/experiments/exp-1/run",
        status=202,
        check=lambda r: r is None,
    ),
    Call(
        "experiments.get",
        lambda ks: ks.experiments.get("exp-1"),
        "GET",
        "/v1/experiments/exp-1",
        answer=RESULTS,
        check=lambda r: isinstance(r, RunResults) and r.is_complete,
    ),
    Call(
        "experiments.list",
        lambda ks: ks.experiments.list(),
        "GET",
        "/v1/experiments",
        answer=[{"id": "exp-1"}],
        check=lambda r: r[0] == Experiment(id="exp-1"),
    ),
    Call(
        "experiments.compare",
        lambda ks: ks.experiments.compare("exp-baseline", "exp-new"),
        "POST",
        "/v1/experiments/compare",
        sent={"baseline_id": "exp-baseline", "candidate_id": "exp-new"},
        answer={
            "regressed": True,
            "regressions": ["pass_rate"],
            "metrics": [{"name": "pass_rate", "delta": -0.25}],
        },
        check=lambda r: isinstance(r, Comparison) and r.metrics[0].delta == -0.25,
    ),
    Call(
        "experiments.metrics",
        lambda ks: ks.experiments.metrics("exp-1"),
        "GET",
        "/v1/metrics/experiments/exp-1",
        answer={
            "experiment_id": "exp-1",
            "summary": {"total_runs": 4},
            "tool_breakdown": {"bash": {"count": 3}},
        },
        check=lambda r: (
            isinstance(r, ExperimentMetrics)
            and r.summary.total_runs == 4
            and r.tool_breakdown["bash"].count == 3
        ),
    ),
    # alerts
    Call(
        "alerts.create (the page's dict)",
        lambda ks: ks.alerts.create(
            {
                "name": "pass-rate-drop",
                "condition": "pass_rate < 0.8",
                "notify": "slack",
                "slack_channel": "#agent-alerts",
            }
        ),
        "POST",
        "/v1/alerts",
        status=201,
        sent={
            "name": "pass-rate-drop",
            "condition": "pass_rate < 0.8",
            "notify": "slack",
            "slack_channel": "#agent-alerts",
        },
        answer={"id": "alert_abc", "name": "pass-rate-drop"},
        check=lambda r: isinstance(r, AlertRule) and r.id == "alert_abc",
    ),
    Call(
        "alerts.create (name and keywords)",
        lambda ks: ks.alerts.create(
            "drop",
            "pass_rate < 0.5",
            "webhook",
            webhook_url="https://hooks.example/x",
            window="last_5_runs",
        ),
        "POST",
        "/v1/alerts",
        status=201,
        sent={
            "name": "drop",
            "condition": "pass_rate < 0.5",
            "notify": "webhook",
            "webhook_url": "https://hooks.example/x",
            "window": "last_5_runs",
        },
        answer={"id": "a2"},
    ),
    Call(
        "alerts.create (AlertRule, keyword wins)",
        lambda ks: ks.alerts.create(
            AlertRule(name="n", condition="c", notify="slack"), notify="webhook"
        ),
        "POST",
        "/v1/alerts",
        status=201,
        sent={"name": "n", "condition": "c", "notify": "webhook"},
        answer={"id": "a3"},
    ),
    Call(
        "alerts.list",
        lambda ks: ks.alerts.list(),
        "GET",
        "/v1/alerts",
        answer=[{"id": "a1", "notify": "pagerduty"}],
        check=lambda r: r[0].notify == "pagerduty",
    ),
    Call(
        "alerts.delete",
        lambda ks: ks.alerts.delete("alert_abc"),
        "DELETE",
        "/v1/alerts/alert_abc",
        status=204,
    ),
    # agents (upload: see test_upload.py)
    Call(
        "agents.get latest",
        lambda ks: ks.agents.get("email-agent"),
        "GET",
        "/v1/agents/email-agent/latest",
        answer=SNAPSHOT,
        check=lambda r: isinstance(r, AgentSnapshot) and r.version == 3,
    ),
    Call(
        "agents.get tag",
        lambda ks: ks.agents.get("email-agent", tag="v2.1"),
        "GET",
        "/v1/agents/email-agent/tags/v2.1",
        answer=SNAPSHOT,
    ),
    Call(
        "agents.get version",
        lambda ks: ks.agents.get("email-agent", version=3),
        "GET",
        "/v1/agents/email-agent/versions/3",
        answer=SNAPSHOT,
    ),
    Call(
        "agents.get org/name",
        lambda ks: ks.agents.get("org/x"),
        "GET",
        "/v1/agents/org%2Fx/latest",
        answer=SNAPSHOT,
    ),
    Call(
        "agents.get_by_id",
        lambda ks: ks.agents.get_by_id("snap_abc"),
        "GET",
        "/v1/snapshots/snap_abc",
        answer=SNAPSHOT,
        check=lambda r: r.id == "snap_abc",
    ),
    Call(
        "agents.list",
        lambda ks: ks.agents.list(limit=50),
        "GET",
        "/v1/agents",
        params=[("limit", "50")],
        answer={"items": [SNAPSHOT], "next_cursor": "c+/=2"},
        check=lambda r: r[1] == "c+/=2" and r[0][0].name == "email-agent",
    ),
    Call(
        "agents.list cursor",
        lambda ks: ks.agents.list(cursor="c+/=2"),
        "GET",
        "/v1/agents",
        params=[("limit", "50"), ("cursor", "c+/=2")],
        answer={"items": []},
        check=lambda r: r == ([], None),
    ),
    Call(
        "agents.list_versions",
        lambda ks: ks.agents.list_versions("email-agent"),
        "GET",
        "/v1/agents/email-agent/versions",
        params=[("limit", "20")],
        answer={"items": [SNAPSHOT], "next_cursor": None},
        check=lambda r: r[1] is None and len(r[0]) == 1,
    ),
    Call(
        "agents.delete",
        lambda ks: ks.agents.delete(AgentSnapshot(id="snap_abc")),
        "DELETE",
        "/v1/snapshots/snap_abc",
        status=204,
    ),
    # datasets
    Call(
        "datasets.create",
        lambda ks: ks.datasets.create("customer-emails", "Renewal scenarios"),
        "POST",
        "/v1/datasets",
        status=201,
        sent={"name": "customer-emails", "description": "Renewal scenarios"},
        answer={"id": "ds_abc", "name": "customer-emails", "version": 0},
        check=lambda r: isinstance(r, DatasetInfo) and r["id"] == r.id == "ds_abc",
    ),
    Call(
        "datasets.list",
        lambda ks: ks.datasets.list(),
        "GET",
        "/v1/datasets",
        answer=[{"id": "ds_abc"}],
        check=lambda r: r[0].id == "ds_abc",
    ),
    Call(
        "datasets.get",
        lambda ks: ks.datasets.get("ds_abc"),
        "GET",
        "/v1/datasets/ds_abc",
        answer={"id": "ds_abc"},
    ),
    Call(
        "datasets.delete",
        lambda ks: ks.datasets.delete("ds_abc"),
        "DELETE",
        "/v1/datasets/ds_abc",
        status=204,
    ),
    Call(
        "datasets.add_records",
        lambda ks: ks.datasets.add_records(
            "ds_abc",
            [{"input": {"id": "alice"}, "expected": {"subject": "Renewal"}, "tags": ["pro"]}],
        ),
        "POST",
        "/v1/datasets/ds_abc/records",
        sent={
            "records": [
                {"input": {"id": "alice"}, "expected": {"subject": "Renewal"}, "tags": ["pro"]}
            ]
        },
        answer={"added": 1},
        check=lambda r: r == {"added": 1},
    ),
    Call(
        "datasets.get_records",
        lambda ks: ks.datasets.get_records("ds_abc", version=3, tags=["pro", "new tag"]),
        "GET",
        "/v1/datasets/ds_abc/records",
        params=[("version", "3"), ("tags", "pro,new tag")],
        answer=[{"input": {"id": "alice"}}],
        check=lambda r: r == [{"input": {"id": "alice"}}],
    ),
    # scoring
    Call(
        "scoring.create_rule",
        lambda ks: ks.scoring.create_rule(
            "factuality",
            "llm_as_judge",
            {"model": "paragon-fast", "rubric": {"pass": "p", "fail": "f"}},
        ),
        "POST",
        "/v1/score-rules",
        status=201,
        sent={
            "name": "factuality",
            "type": "llm_as_judge",
            "config": {"model": "paragon-fast", "rubric": {"pass": "p", "fail": "f"}},
        },
        answer={"id": "rule_1", "name": "factuality", "type": "llm_as_judge"},
        check=lambda r: isinstance(r, ScoreRule) and r.id == "rule_1",
    ),
    Call(
        "scoring.list_rules",
        lambda ks: ks.scoring.list_rules(),
        "GET",
        "/v1/score-rules",
        answer=[{"id": "rule_1"}],
        check=lambda r: r[0].id == "rule_1",
    ),
    Call(
        "scoring.delete_rule",
        lambda ks: ks.scoring.delete_rule("rule_1"),
        "DELETE",
        "/v1/score-rules/rule_1",
        status=204,
    ),
    Call(
        "scoring.score_experiment",
        lambda ks: ks.scoring.score_experiment("exp-old", ["rule_1", ScoreRule(id="rule_2")]),
        "POST",
        "/v1/experiments/exp-old/score",
        status=202,
        sent={"rule_ids": ["rule_1", "rule_2"]},
        answer={"status": "queued"},
        check=lambda r: r == {"status": "queued"},
    ),
    Call(
        "scoring.get_scores",
        lambda ks: ks.scoring.get_scores("exp-old"),
        "GET",
        "/v1/experiments/exp-old/scores",
        answer=[{"rule_id": "rule_1", "trace_id": "t", "score": 1, "passed": True}],
        check=lambda r: isinstance(r[0], ScoreRecord) and r[0].score == 1.0,
    ),
    # export (the iterators: see test_export.py)
    Call(
        "export.experiment json",
        lambda ks: ks.export.experiment("exp-abc"),
        "GET",
        "/v1/experiments/exp-abc/export",
        params=[("format", "json")],
        answer={"experiment": {"id": "exp-abc"}, "scenarios": []},
        check=lambda r: r["experiment"] == {"id": "exp-abc"},
    ),
    Call(
        "export.experiment ndjson",
        lambda ks: ks.export.experiment("exp-abc", "ndjson"),
        "GET",
        "/v1/experiments/exp-abc/export",
        params=[("format", "ndjson")],
        content=b'{"kind":"experiment"}\n{"kind":"scenario"}\n',
        check=lambda r: r == '{"kind":"experiment"}\n{"kind":"scenario"}\n',
    ),
    Call(
        "export.trace",
        lambda ks: ks.export.trace("trace-abc"),
        "GET",
        "/v1/traces/trace-abc",
        answer={"span_1": {"tool": "x"}},
        check=lambda r: r == {"span_1": {"tool": "x"}},
    ),
    # prompts
    Call(
        "prompts.create",
        lambda ks: ks.prompts.create("greet", "Hi {name}", tag="prod", variables={"name": "you"}),
        "POST",
        "/v1/prompts",
        status=201,
        sent={
            "slug": "greet",
            "template": "Hi {name}",
            "tag": "prod",
            "variables": {"name": "you"},
        },
        answer=PROMPT,
        check=lambda r: isinstance(r, Prompt) and r.version == 2,
    ),
    Call(
        "prompts.get latest",
        lambda ks: ks.prompts.get("greet"),
        "GET",
        "/v1/prompts/greet/latest",
        answer=PROMPT,
    ),
    Call(
        "prompts.get version",
        lambda ks: ks.prompts.get("greet", version=2),
        "GET",
        "/v1/prompts/greet/versions/2",
        answer=PROMPT,
    ),
    Call(
        "prompts.get tag",
        lambda ks: ks.prompts.get("greet", tag="prod"),
        "GET",
        "/v1/prompts/greet/tags/prod",
        answer=PROMPT,
    ),
    Call(
        "prompts.list",
        lambda ks: ks.prompts.list(),
        "GET",
        "/v1/prompts",
        answer=[PROMPT],
        check=lambda r: r[0].slug == "greet",
    ),
    Call(
        "prompts.delete", lambda ks: ks.prompts.delete("p1"), "DELETE", "/v1/prompts/p1", status=204
    ),
    Call(
        "prompts.render",
        lambda ks: ks.prompts.render("p1", name="Alice", n=2),
        "POST",
        "/v1/prompts/p1/render",
        sent={"variables": {"name": "Alice", "n": 2}},
        answer={"rendered": "Hi Alice"},
        check=lambda r: r == "Hi Alice",
    ),
    Call(
        "prompts.render (no text)",
        lambda ks: ks.prompts.render("p1"),
        "POST",
        "/v1/prompts/p1/render",
        sent={"variables": {}},
        answer={},
        check=lambda r: r == "",
    ),
]


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", CALLS, ids=[c.name for c in CALLS])
def test_each_method_sends_its_request_and_parses_its_answer(case: Call, flavour: str) -> None:
    script = Script()
    if case.content is not None:
        answer = httpx.Response(case.status, content=case.content)
    elif case.answer is None and case.status == 204:
        answer = httpx.Response(204)
    else:
        answer = httpx.Response(case.status, json=case.answer)
    script.on(case.method, case.path, answer)
    client = client_of(flavour, script)
    result = run(case.call(client))
    assert len(script.requests) == 1
    request = script.last
    assert (request.method, raw_path(request)) == (case.method, case.path)
    assert query(request) == case.params
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["User-Agent"].startswith("polarity-keystone-python/")
    if case.sent is not None:
        assert request.headers["Content-Type"] == "application/json"
        assert body(request) == case.sent
    if case.content_type is not None:
        assert request.headers["Content-Type"] == case.content_type
    if request.method == "POST":
        assert request.headers["Idempotency-Key"]
    assert case.check(result), result


def test_spec_yaml_is_sent_raw() -> None:
    script = Script().json("POST", "/v1/specs", {"id": "fix"}, status=201)
    client = client_of("sync", script)
    text = "id: fix\nscenarios:\n  - name: é\n"
    client.specs.create(text)
    client.specs.create(text.encode())
    assert [r.content for r in script.requests] == [text.encode()] * 2
    assert {r.headers["Content-Type"] for r in script.requests} == {"application/x-yaml"}


def test_ndjson_export_asks_for_ndjson() -> None:
    script = Script().on("GET", "/v1/experiments/e/export", httpx.Response(200, content=b"{}\n"))
    client_of("sync", script).export.experiment("e", format="ndjson")
    assert script.last.headers["Accept"] == "application/x-ndjson"


def test_workspace_header_from_argument_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    script = Script().json("GET", "/v1/sandboxes", [])
    client_of("sync", script, workspace="ws_123").sandboxes.list()
    assert script.last.headers["X-Polarity-Workspace"] == "ws_123"
    monkeypatch.setenv("POLARITY_WORKSPACE", "team a")
    client_of("sync", script).with_options(timeout=5).sandboxes.list()
    assert script.last.headers["X-Polarity-Workspace"] == "team a"
    monkeypatch.delenv("POLARITY_WORKSPACE")
    client_of("sync", script).sandboxes.list()
    assert "X-Polarity-Workspace" not in script.last.headers
