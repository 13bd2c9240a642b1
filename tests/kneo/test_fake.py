"""The Kneo fake's behaviour, through plain httpx on its in-process transport.

Each test builds its own fake on the manual clock: time moves only when a test advances it,
so nothing here waits in real time (except the one latency injection).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from kneo_client.core.auth import AuthScheme
from kneo_client.core.errors import KneoConflictError, KneoWaitTimeoutError
from kneo_client.core.profiles import Profile
from kneo_client.testing import API_KEY, CATALOG, IN_PROCESS_URL, FakeKneo, principal_for

OTHER_KEY = "kn_test_other_1111111111"


@pytest.fixture
def fake() -> Iterator[FakeKneo]:
    with FakeKneo(api_keys={API_KEY, OTHER_KEY}) as fake:
        yield fake


@pytest.fixture
def http(fake: FakeKneo) -> Iterator[httpx.Client]:
    with fake.http_client() as client:
        yield client


def _run(http: httpx.Client, spec_path: str | None = None, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"input": "hello", **fields}
    if spec_path is not None:
        body["spec_path"] = spec_path
    answer = http.post("/v1/runs", json=body)
    assert answer.status_code == 200, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _task(http: httpx.Client, continuation_id: str) -> dict[str, Any]:
    answer = http.get(f"/v1/human-tasks/{continuation_id}")
    assert answer.status_code == 200, answer.text
    task: dict[str, Any] = answer.json()
    return task


def _resume(
    http: httpx.Client, continuation_id: str, decision: str, **fields: Any
) -> httpx.Response:
    task = _task(http, continuation_id)
    body = {"decision": decision, "request_id": task["request"]["id"], **fields}
    return http.post(f"/v1/human-tasks/{continuation_id}/resume", json=body)


def _error(answer: httpx.Response) -> str:
    code: str = answer.json()["detail"]["error"]
    return code


def _audit(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    answer = http.get("/v1/audit-events", params=params)
    assert answer.status_code == 200, answer.text
    events: list[dict[str, Any]] = answer.json()["events"]
    return events


# ------------------------------------------------------------------ auth and request ids


@pytest.mark.parametrize("scheme", list(AuthScheme))
def test_either_scheme_is_accepted(fake: FakeKneo, scheme: AuthScheme) -> None:
    with fake.http_client(scheme) as client:
        assert client.get("/v1/runs").status_code == 200
    sent = fake.received[-1].headers
    # Whichever header carried it, the log never holds the key.
    assert API_KEY not in str(sent)
    assert sent.get("authorization", sent.get("x-kneo-api-key")) in {"Bearer ***", "***"}


def test_a_missing_or_unknown_key_is_401_and_health_is_open(fake: FakeKneo) -> None:
    with httpx.Client(base_url=IN_PROCESS_URL, transport=fake.transport()) as bare:
        missing = bare.get("/v1/runs")
        assert missing.status_code == 401
        assert _error(missing) == "unauthorized"
        assert bare.get("/v1/runs", headers={"X-Kneo-Api-Key": "wrong"}).status_code == 401
        assert bare.get("/v1/runs", headers={"Authorization": "Basic abc"}).status_code == 401
        for probe in ("healthz", "livez", "readyz"):
            health = bare.get(f"/v1/{probe}")
            assert health.status_code == 200
            assert health.json()["ok"] is True
    # A malformed bearer does not hide a good X-Kneo-Api-Key.
    with fake.http_client("kneo_api_key") as client:
        assert client.get("/v1/runs", headers={"Authorization": "Bearer "}).status_code == 200


def test_the_callers_request_id_is_echoed_on_every_answer(http: httpx.Client) -> None:
    for method, path, body in (
        ("GET", "/v1/runs", None),
        ("GET", "/v1/runs/nope", None),
        ("POST", "/v1/runs", {"spec_id": "x"}),
        ("GET", "/v1/healthz", None),
        ("DELETE", "/v1/runs", None),
    ):
        answer = http.request(method, path, json=body, headers={"X-Request-ID": "rid-123"})
        assert answer.headers["X-Request-ID"] == "rid-123", (method, path)
    generated = http.get("/v1/runs").headers["X-Request-ID"]
    assert generated.startswith("req_")
    assert generated != http.get("/v1/runs").headers["X-Request-ID"]


# ------------------------------------------------------------------ validation


def test_the_pages_spec_id_example_is_a_fastapi_422(http: httpx.Client) -> None:
    answer = http.post("/v1/runs", json={"spec_id": "x"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert {(d["type"], tuple(d["loc"])) for d in detail} == {
        ("missing", ("body", "input")),
        ("extra_forbidden", ("body", "spec_id")),
    }
    assert all({"loc", "msg", "type"} <= d.keys() for d in detail)


@pytest.mark.parametrize(
    ("params", "loc", "type_"),
    [
        ({"limit": 0}, ["query", "limit"], "greater_than_equal"),
        ({"limit": 1001}, ["query", "limit"], "less_than_equal"),
        ({"limit": "ten"}, ["query", "limit"], "int_parsing"),
        ({"offset": -1}, ["query", "offset"], "greater_than_equal"),
        ({"sort_order": "up"}, ["query", "sort_order"], "literal_error"),
    ],
)
def test_bad_paging_is_422(
    http: httpx.Client, params: dict[str, Any], loc: list[str], type_: str
) -> None:
    for path in ("/v1/runs", "/v1/human-tasks", "/v1/audit-events"):
        answer = http.get(path, params=params)
        assert answer.status_code == 422, (path, answer.text)
        [item] = answer.json()["detail"]
        assert (item["loc"], item["type"]) == (loc, type_)
        assert item["input"] == str(params[loc[1]])  # as sent, a string


def test_bad_bodies_are_422_and_unknown_query_parameters_are_ignored(http: httpx.Client) -> None:
    not_json = http.post("/v1/runs", content=b"{nope", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422
    assert not_json.json()["detail"][0]["type"] == "json_invalid"
    empty = http.post("/v1/runs")
    assert empty.json()["detail"][0] == {
        "type": "missing",
        "loc": ["body"],
        "msg": "Field required",
        "input": None,
    }
    as_text = http.post("/v1/specs/validate", json={"spec": "name: x"})
    assert as_text.json()["detail"][0]["type"] == "dict_type"
    assert http.get("/v1/runs", params={"colour": "blue"}).status_code == 200


# ------------------------------------------------------------------ the catalog and specs


@pytest.mark.parametrize(
    ("spec_path", "status", "output"),
    [
        ("specs/echo.yaml", "completed", "hello"),
        ("specs/flaky.yaml", "failed", None),
        ("specs/slow.yaml", "timed_out", None),
        ("specs/unsafe.yaml", "completed", "hello"),
        ("specs/review.yaml", "blocked", None),
        (None, "completed", "hello"),
    ],
)
def test_sync_runs_answer_their_outcome_at_once(
    http: httpx.Client, spec_path: str | None, status: str, output: str | None
) -> None:
    created = _run(http, spec_path)
    assert (created["status"], created["output_text"]) == (status, output)
    assert created["human_intervention_required"] is (status == "blocked")
    run = http.get(f"/v1/runs/{created['run_id']}").json()
    assert run["status"] == status
    assert ("completed_at" in run) is (status != "blocked")
    if status in {"failed", "timed_out"}:
        assert run["error"]["message"]
    if spec_path is None:
        assert run["workflow_name"] == "default-echo"


def test_an_invalid_or_unknown_spec_is_400_spec_invalid(http: httpx.Client) -> None:
    broken = http.post("/v1/runs", json={"input": "x", "spec_path": "specs/broken.yaml"})
    assert broken.status_code == 400
    assert _error(broken) == "spec_invalid"
    codes = {d["code"] for d in broken.json()["detail"]["diagnostics"]}
    assert codes == {"unknown_step_kind", "missing_step_id"}
    unknown = http.post("/v1/specs/run", json={"input": "x", "spec_path": "specs/nope.yaml"})
    assert [d["code"] for d in unknown.json()["detail"]["diagnostics"]] == ["spec_not_found"]
    assert http.get("/v1/runs").json()["total"] == 0


def test_an_inline_spec_runs_its_steps(http: httpx.Client) -> None:
    spec = {
        "name": "summarise",
        "steps": [
            {"id": "one", "kind": "llm", "template": "Summary: {text}"},
            {"id": "two", "kind": "llm", "template": "[{text}]"},
        ],
    }
    created = _run(http, spec=spec, spec_path="specs/flaky.yaml")  # inline wins
    assert created["output_text"] == "[Summary: hello]"
    run = http.get(f"/v1/runs/{created['run_id']}").json()
    assert run["visited_steps"] == ["one", "two"]
    assert run["workflow_name"] == "summarise"


def test_validate_compile_explain_give_diagnostics(http: httpx.Client) -> None:
    broken = {
        "spec": {"steps": [{"id": "a", "kind": "llm"}, {"id": "a", "kind": "warp"}], "extra": 1}
    }
    validated = http.post("/v1/specs/validate", json=broken).json()
    assert validated["valid"] is False
    assert {(d["code"], d["severity"]) for d in validated["diagnostics"]} == {
        ("duplicate_step_id", "error"),
        ("unknown_field", "warning"),
    }
    odd = {
        "workflow_kind": ["graph"],
        "steps": [{"id": "a", "kind": ["llm"]}],
        "human_review": {"on_timeout": {}},
    }
    odd_codes = {
        d["code"] for d in http.post("/v1/specs/validate", json={"spec": odd}).json()["diagnostics"]
    }
    assert odd_codes == {"invalid_field", "unknown_step_kind", "invalid_on_timeout"}
    unsafe = {"spec_path": "specs/unsafe.yaml"}
    assert http.post("/v1/specs/validate", json=unsafe).json()["valid"] is True
    assert http.post("/v1/specs/compile", json=unsafe).json()["ok"] is False  # strict: warnings
    lenient = http.post("/v1/specs/compile", json={**unsafe, "strict": False}).json()
    assert lenient["ok"] is True
    assert [n["id"] for n in lenient["summary"]["nodes"]] == ["plan", "run"]
    explained = http.post("/v1/specs/explain", json={"spec_path": "specs/review.yaml"}).json()
    assert "human decision" in explained["summary"]["explanation"]
    for path in ("validate", "compile", "explain", "policy-report"):
        neither = http.post(f"/v1/specs/{path}", json={})
        assert neither.status_code == 422
        assert neither.json()["detail"][0]["type"] == "value_error"
    explain_env = http.post("/v1/specs/explain", json={"spec_path": "x", "environment": "dev"})
    assert explain_env.json()["detail"][0]["type"] == "extra_forbidden"


# ------------------------------------------------------------------ time


def test_async_runs_are_queued_then_run_on_the_fake_clock() -> None:
    with FakeKneo(queue_seconds=5, step_seconds=10) as fake, fake.http_client() as http:
        created = _run(http, "specs/review.yaml", async_mode=True)
        assert created["status"] == "queued"
        run_id = created["run_id"]
        assert fake.run(run_id)["status"] == "queued"
        fake.advance(5)
        assert fake.run(run_id)["status"] == "running"
        fake.advance(9.9)
        assert fake.run(run_id)["visited_steps"] == []
        fake.advance(0.1)
        blocked = fake.run(run_id)
        assert blocked["status"] == "blocked"  # the draft took 10 s, then the review blocks
        resumed = _resume(http, blocked["continuation_id"], "approved").json()
        assert resumed["status"] == "running"
        fake.advance(10)
        assert fake.run(run_id)["status"] == "completed"
        trace = http.get(f"/v1/runs/{run_id}/trace").json()["events"]
        stamps = [e["timestamp"] for e in trace]
        assert stamps == sorted(stamps)
        assert stamps[0] < stamps[-1]


def test_an_async_run_times_out_when_its_timeout_is_reached() -> None:
    with FakeKneo(queue_seconds=0, step_seconds=1) as fake, fake.http_client() as http:
        run_id = _run(http, "specs/slow.yaml", async_mode=True)["run_id"]
        fake.advance(299.5)  # the 300 s timeout counts from the start (no queue here)
        assert fake.run(run_id)["status"] == "running"
        fake.advance(0.5)
        run = fake.run(run_id)
        assert run["status"] == "timed_out"
        assert run["error"]["code"] == "run_timeout"


def test_a_blocked_run_expires_or_escalates_at_its_deadline() -> None:
    with FakeKneo(human_task_timeout_seconds=60) as fake, fake.http_client() as http:
        review = _run(http, "specs/review.yaml")
        escalate = _run(http, "specs/escalate.yaml")
        task = _task(http, review["continuation_id"])
        fake.advance(59)
        assert fake.run(review["run_id"])["status"] == "blocked"
        fake.advance(1)
        assert fake.run(review["run_id"])["status"] == "expired"
        late = http.post(
            f"/v1/human-tasks/{review['continuation_id']}/resume",
            json={"decision": "approved", "request_id": task["request"]["id"]},
        )
        assert late.status_code == 409
        detail = late.json()["detail"]
        assert (detail["error"], detail["continuation_id"]) == ("human_task_expired", task["id"])
        assert detail["expires_at"] == pytest.approx(fake.now())  # created + 60 s: now
        assert _task(http, escalate["continuation_id"])["status"] == "escalated"
        assert (
            _resume(http, escalate["continuation_id"], "approved").json()["status"] == "completed"
        )


# ------------------------------------------------------------------ human tasks, continue, cancel


@pytest.mark.parametrize(
    ("decision", "fields", "status", "output"),
    [
        ("approved", {}, "completed", "hello"),
        ("edited", {"content": "better"}, "completed", "better"),
        ("provided", {"content": "given"}, "completed", "given"),
        ("selected", {"selected_option": "revise"}, "completed", "revise"),
        ("rejected", {}, "failed", None),
    ],
)
def test_resume_carries_a_blocked_run_on_with_the_decision(
    http: httpx.Client, decision: str, fields: dict[str, Any], status: str, output: str | None
) -> None:
    created = _run(http, "specs/review.yaml")
    assert created["human_intervention_required"] is True
    cid = created["continuation_id"]
    resumed = _resume(http, cid, decision, **fields)
    assert resumed.status_code == 200, resumed.text
    assert (resumed.json()["status"], resumed.json()["output_text"]) == (status, output)
    pending = http.get("/v1/human-tasks", params={"status": "pending"}).json()["tasks"]
    assert cid not in [t["id"] for t in pending]
    assert _task(http, cid)["status"] == "resolved"
    again = _resume(http, cid, decision, **fields)
    assert (again.status_code, _error(again)) == (409, "run_state_conflict")
    assert http.post(f"/v1/runs/{created['run_id']}/continue").status_code == 409


def test_human_task_items_and_resume_rules(http: httpx.Client) -> None:
    created = _run(http, "specs/review.yaml")
    [item] = http.get("/v1/human-tasks").json()["tasks"]
    assert item["id"] == created["continuation_id"]
    assert item["run_id"] == created["run_id"]
    assert (item["status"], item["workflow_kind"]) == ("pending", "sequential")
    assert {"created_at", "expires_at", "request"} <= item.keys()
    assert item["request"]["id"] == created["pending_human_request"]["id"]
    path = f"/v1/human-tasks/{item['id']}/resume"
    request_id = item["request"]["id"]
    approve = http.post(path, json={"decision": "approve", "request_id": request_id})
    assert approve.json()["detail"][0]["type"] == "literal_error"
    no_content = http.post(path, json={"decision": "edited", "request_id": request_id})
    assert no_content.json()["detail"][0]["loc"] == ["body", "content"]
    stale = http.post(path, json={"decision": "approved", "request_id": "hreq_other"})
    assert (stale.status_code, _error(stale)) == (409, "run_state_conflict")
    unknown = http.post(
        "/v1/human-tasks/cont_nope/resume", json={"decision": "approved", "request_id": "x"}
    )
    assert unknown.status_code == 404
    assert fake_status(http, created["run_id"]) == "blocked"  # nothing above changed it


def fake_status(http: httpx.Client, run_id: str) -> str:
    status: str = http.get(f"/v1/runs/{run_id}").json()["status"]
    return status


def test_continue_carries_a_blocked_run_on_and_is_409_otherwise(
    fake: FakeKneo, http: httpx.Client
) -> None:
    created = _run(http, "specs/review.yaml")
    continued = http.post(f"/v1/runs/{created['run_id']}/continue")
    assert continued.status_code == 200
    assert (continued.json()["status"], continued.json()["output_text"]) == ("completed", "hello")
    echo = _run(http, "specs/echo.yaml")
    refused = http.post(f"/v1/runs/{echo['run_id']}/continue")
    assert (refused.status_code, _error(refused)) == (409, "run_state_conflict")
    assert http.post("/v1/runs/run_nope/continue").status_code == 404
    types = [e["event_type"] for e in fake.audit_events()]
    assert types.count("run.continued") == 1


def test_cancel_ends_a_live_run_and_leaves_an_ended_one_unchanged(
    fake: FakeKneo, http: httpx.Client
) -> None:
    queued = _run(http, "specs/echo.yaml", async_mode=True)
    blocked = _run(http, "specs/review.yaml")
    done = _run(http, "specs/echo.yaml")
    for run in (queued, blocked):
        answer = http.post(f"/v1/runs/{run['run_id']}/cancel")
        assert answer.json()["status"] == "cancelled"
    assert _task(http, blocked["continuation_id"])["status"] == "cancelled"
    late = _resume(http, blocked["continuation_id"], "approved")
    assert (late.status_code, _error(late)) == (409, "run_state_conflict")
    before = len(fake.audit_events())
    unchanged = http.post(f"/v1/runs/{done['run_id']}/cancel").json()
    assert (unchanged["status"], unchanged["output_text"]) == ("completed", "hello")
    again = http.post(f"/v1/runs/{queued['run_id']}/cancel").json()
    assert again["status"] == "cancelled"
    assert len(fake.audit_events()) == before  # no-op cancels are not mutations
    assert http.post("/v1/runs/run_nope/cancel").status_code == 404


# ------------------------------------------------------------------ checkpoints, trace, replay


def test_checkpoints_accumulate_and_diff(http: httpx.Client) -> None:
    created = _run(http, "specs/review.yaml")
    _resume(http, created["continuation_id"], "edited", content="better")
    base = f"/v1/runs/{created['run_id']}"
    checkpoints = http.get(f"{base}/checkpoints").json()
    assert [(c["sequence"], c["type"]) for c in checkpoints["checkpoints"]] == [
        (1, "step_completed"),
        (2, "human_review_requested"),
        (3, "human_review_resolved"),
        (4, "step_completed"),
    ]
    assert checkpoints["total"] == 4
    only = http.get(f"{base}/checkpoints", params={"type": "step_completed", "sort_order": "desc"})
    assert [c["sequence"] for c in only.json()["checkpoints"]] == [4, 1]
    latest = http.get(f"{base}/checkpoints/diff").json()
    assert (latest["from_checkpoint"]["sequence"], latest["to_checkpoint"]["sequence"]) == (3, 4)
    chosen = http.get(
        f"{base}/checkpoints/diff", params={"from_sequence": 1, "to_sequence": 3}
    ).json()
    changed = {c["path"]: (c["from"], c["to"]) for c in chosen["changed"]}
    assert changed["text"] == ("hello", "better")
    assert {a["path"] for a in chosen["added"]} >= {"decisions.review", "outputs.review"}
    assert chosen["change_count"] == len(chosen["added"]) + len(chosen["removed"]) + len(
        chosen["changed"]
    )
    assert http.get(f"{base}/checkpoints/diff", params={"to_sequence": 9}).status_code == 404


def test_traces_are_typed_and_filterable_and_replay_and_recovery_follow(http: httpx.Client) -> None:
    created = _run(http, "specs/flaky.yaml")
    base = f"/v1/runs/{created['run_id']}"
    trace = http.get(f"{base}/trace").json()
    types = [e["event_type"] for e in trace["events"]]
    assert types == [
        "run_queued",
        "run_started",
        "middleware_decision",
        "tool_call",
        "tool_call",
        "run_failed",
    ]
    assert http.get(base).json()["trace_event_count"] == trace["total"] == 6
    tools = http.get(f"{base}/trace", params={"event_type": "tool_call"}).json()
    assert [e["data"]["status"] for e in tools["events"]] == ["ok", "error"]
    replay = http.get(f"{base}/replay").json()
    assert [t["event_type"] for t in replay["timeline"]] == types
    assert replay["checkpoint_count"] == 2
    recovery = http.get(f"{base}/recovery").json()
    assert recovery["error"]["code"] == "step_failed"
    assert recovery["current_node_id"] == "parse"
    assert recovery["replay_context"]["recommended_action"] == "retry_from_checkpoint"
    assert recovery["replay_context"]["resume_from_sequence"] == 1


# ------------------------------------------------------------------ lists


def test_lists_page_sort_by_dotted_paths_and_put_missing_values_last(http: httpx.Client) -> None:
    owners = ["b", None, "a", "c", None]
    ids = []
    for owner in owners:
        metadata = {} if owner is None else {"owner": owner}
        ids.append(_run(http, "specs/echo.yaml", metadata=metadata)["run_id"])
    by_owner = http.get(
        "/v1/runs", params={"sort_by": "metadata.owner", "sort_order": "asc"}
    ).json()
    assert [r["metadata"].get("owner") for r in by_owner["runs"]] == ["a", "b", "c", None, None]
    assert [r["run_id"] for r in by_owner["runs"]][3:] == [ids[1], ids[4]]  # missing: store order
    desc = http.get("/v1/runs", params={"sort_by": "metadata.owner", "sort_order": "desc"}).json()
    assert [r["metadata"].get("owner") for r in desc["runs"]] == ["c", "b", "a", None, None]
    page = http.get(
        "/v1/runs",
        params={"limit": 2, "offset": 1, "sort_by": "metadata.owner", "sort_order": "asc"},
    )
    body = page.json()
    assert (body["count"], body["total"], body["limit"], body["offset"]) == (2, 5, 2, 1)
    assert [r["metadata"]["owner"] for r in body["runs"]] == ["b", "c"]
    failed = http.get("/v1/runs", params={"status": "failed"}).json()
    assert (failed["count"], failed["total"]) == (0, 0)


def test_human_tasks_filter_and_sort_by_created_at(fake: FakeKneo, http: httpx.Client) -> None:
    first = _run(http, "specs/review.yaml")
    fake.advance(1)
    second = _run(
        http,
        "specs/slow.yaml",
        spec={
            "name": "g",
            "workflow_kind": "graph",
            "steps": [{"id": "r", "kind": "human_review"}],
        },
    )
    fake.advance(1)
    third = _run(http, "specs/review.yaml")
    _resume(http, third["continuation_id"], "approved")
    newest = http.get(
        "/v1/human-tasks", params={"sort_by": "created_at", "sort_order": "desc"}
    ).json()
    assert [t["run_id"] for t in newest["tasks"]] == [
        third["run_id"],
        second["run_id"],
        first["run_id"],
    ]
    pending = http.get("/v1/human-tasks", params={"status": "pending"}).json()
    assert {t["run_id"] for t in pending["tasks"]} == {first["run_id"], second["run_id"]}
    graphs = http.get("/v1/human-tasks", params={"workflow_kind": "graph"}).json()
    assert [t["run_id"] for t in graphs["tasks"]] == [second["run_id"]]
    mine = http.get("/v1/human-tasks", params={"run_id": first["run_id"]}).json()
    assert mine["total"] == 1


# ------------------------------------------------------------------ audit


def test_every_mutation_writes_an_audit_event(fake: FakeKneo, http: httpx.Client) -> None:
    blocked = http.post(
        "/v1/runs",
        json={"input": "x", "spec_path": "specs/review.yaml"},
        headers={"X-Request-ID": "rid-create"},
    ).json()
    _resume(http, blocked["continuation_id"], "approved")
    cancelled = _run(http, "specs/review.yaml")
    http.post(f"/v1/runs/{cancelled['run_id']}/cancel")
    continued = _run(http, "specs/review.yaml")
    http.post(f"/v1/runs/{continued['run_id']}/continue")
    http.put("/v1/policies/environment/qa", json={"require_guardrails": True})
    http.post("/v1/specs/validate", json={"spec_path": "specs/echo.yaml"})  # read-only: none
    events = _audit(http, sort_order="asc")
    assert [e["event_type"] for e in events] == [
        "run.created",
        "human_task.resumed",
        "run.created",
        "run.cancelled",
        "run.created",
        "run.continued",
        "policy.updated",
    ]
    first = events[0]
    assert (first["run_id"], first["request_id"]) == (blocked["run_id"], "rid-create")
    assert first["timestamp"] == first["created_at"]
    assert {e["principal"] for e in events} == {principal_for(API_KEY)}
    assert API_KEY not in str(events)
    assert events[-1]["run_id"] is None


def test_audit_filters_by_the_three_documented_filters(fake: FakeKneo) -> None:
    with fake.http_client() as mine, fake.http_client(api_key=OTHER_KEY) as theirs:
        one = _run(mine, "specs/echo.yaml")
        _run(theirs, "specs/echo.yaml")
        mine.post(f"/v1/runs/{one['run_id']}/cancel")
        theirs.put("/v1/policies/environment/dev", json={})
        assert len(_audit(mine, run_id=one["run_id"])) == 1  # the no-op cancel wrote none
        by_type = _audit(mine, event_type="policy.updated")
        assert [e["principal"] for e in by_type] == [principal_for(OTHER_KEY)]
        assert {e["event_type"] for e in _audit(mine, principal=principal_for(API_KEY))} == {
            "run.created"
        }
        both = _audit(mine, principal=principal_for(OTHER_KEY), event_type="run.created")
        assert len(both) == 1
        assert _audit(mine, principal="nobody") == []


def test_ten_thousand_audit_events_page_quickly(fake: FakeKneo, http: httpx.Client) -> None:
    fake.seed_audit_events(10_000)
    _run(http, "specs/echo.yaml")
    started = time.perf_counter()
    seen: list[str] = []
    offset = 0
    while True:
        page = http.get("/v1/audit-events", params={"limit": 1000, "offset": offset}).json()
        seen += [e["event_id"] for e in page["events"]]
        assert page["total"] == 10_001
        offset += page["count"]
        if offset >= page["total"]:
            break
    assert len(set(seen)) == 10_001
    assert seen[0] == "aud_00010001"  # newest first by default
    assert seen[-1] == "aud_00000001"
    assert time.perf_counter() - started < 10
    asc = http.get(
        "/v1/audit-events", params={"limit": 3, "offset": 9998, "sort_order": "asc"}
    ).json()
    assert [e["event_id"] for e in asc["events"]] == [
        "aud_00009999",
        "aud_00010000",
        "aud_00010001",
    ]
    by_type = http.get(
        "/v1/audit-events", params={"event_type": "run.cancelled", "limit": 1}
    ).json()
    assert by_type["total"] == 2_500
    other = http.get("/v1/audit-events", params={"sort_by": "request_id", "limit": 2}).json()
    assert [e["request_id"] for e in other["events"]] == ["req_seed_009999", "req_seed_009998"]


def test_an_idempotent_replay_writes_no_audit_event(fake: FakeKneo, http: httpx.Client) -> None:
    headers = {"Idempotency-Key": "once"}
    first = http.post("/v1/runs", json={"input": "x"}, headers=headers)
    again = http.post("/v1/runs", json={"input": "x"}, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(fake.audit_events()) == 1
    assert len(fake.run_ids()) == 1


# ------------------------------------------------------------------ idempotency


def test_idempotency_keys_are_stripped_global_and_bounded(http: httpx.Client) -> None:
    first = http.post("/v1/runs", json={"input": "x"}, headers={"Idempotency-Key": "k1"}).json()
    padded = http.post("/v1/runs", json={"input": "x"}, headers={"Idempotency-Key": "  k1 "})
    assert padded.json()["run_id"] == first["run_id"]
    other_body = http.post("/v1/runs", json={"input": "y"}, headers={"Idempotency-Key": "k1"})
    assert (other_body.status_code, _error(other_body)) == (409, "idempotency_key_conflict")
    other_path = http.post("/v1/specs/run", json={"input": "x"}, headers={"Idempotency-Key": "k1"})
    assert (other_path.status_code, _error(other_path)) == (409, "idempotency_key_conflict")
    blank = [
        http.post("/v1/runs", json={"input": "x"}, headers={"Idempotency-Key": "   "})
        for _ in range(2)
    ]
    assert blank[0].json()["run_id"] != blank[1].json()["run_id"]
    too_long = http.post("/v1/runs", json={"input": "x"}, headers={"Idempotency-Key": "k" * 257})
    assert (too_long.status_code, _error(too_long)) == (400, "invalid_idempotency_key")
    assert (
        http.post(
            "/v1/runs", json={"input": "x"}, headers={"Idempotency-Key": "k" * 256}
        ).status_code
        == 200
    )
    cancel = http.post(f"/v1/runs/{first['run_id']}/cancel", headers={"Idempotency-Key": "k1"})
    assert cancel.status_code == 200  # cancel does not dedupe: a key used elsewhere is fine


def test_resume_and_continue_dedupe(http: httpx.Client) -> None:
    created = _run(http, "specs/review.yaml")
    task = _task(http, created["continuation_id"])
    body = {"decision": "approved", "request_id": task["request"]["id"]}
    path = f"/v1/human-tasks/{task['id']}/resume"
    first = http.post(path, json=body, headers={"Idempotency-Key": "r1"})
    again = http.post(path, json=body, headers={"Idempotency-Key": "r1"})
    assert (again.status_code, again.json()) == (200, first.json())
    second = _run(http, "specs/review.yaml")
    continue_path = f"/v1/runs/{second['run_id']}/continue"
    assert http.post(continue_path, headers={"Idempotency-Key": "c1"}).status_code == 200
    replayed = http.post(continue_path, headers={"Idempotency-Key": "c1"})
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert http.post(continue_path).status_code == 409


# ------------------------------------------------------------------ credentials and policies


def test_the_credential_inventory_holds_no_secret(fake: FakeKneo, http: httpx.Client) -> None:
    inventory = http.get("/v1/security/credentials").json()["inventory"]
    assert set(inventory) == {"providers", "extra", "service_tokens"}
    openai = inventory["providers"]["openai"]
    assert openai == {
        "name": "openai",
        "env_var": "OPENAI_API_KEY",
        "present": True,
        "status": "present",
        "value": "********",
    }
    assert inventory["providers"]["azure_openai"]["value"] is None
    picked = http.get(
        "/v1/security/credentials",
        params={
            "providers": ["anthropic", "mistral"],
            "extras": [],
            "include_service_tokens": "false",
        },
    ).json()["inventory"]
    assert set(picked) == {"providers", "extra"}
    assert list(picked["providers"]) == ["anthropic", "mistral"]
    assert picked["providers"]["mistral"]["present"] is False
    fake.set_credential("service_tokens", "slack", present=True)
    tokens = http.get("/v1/security/credentials").json()["inventory"]["service_tokens"]
    assert tokens["slack"]["status"] == "present"


def test_policies_default_put_and_get(fake: FakeKneo, http: httpx.Client) -> None:
    listed = http.get("/v1/policies/environment").json()
    assert listed["count"] == 3
    assert listed["policies"]["prod"]["require_human_review"] is True
    assert listed["policies"]["dev"]["require_guardrails"] is False
    put = http.put("/v1/policies/environment/prod", json={"fail_on_warnings": True}).json()
    assert put["previous_policy"]["require_human_review"] is True
    assert put["policy"] == {
        "enabled": True,
        "require_guardrails": False,
        "require_human_review": False,
        "require_tool_permissions": False,
        "deny_unrestricted_tools": False,
        "fail_on_warnings": True,
        "blocked_diagnostic_codes": [],
    }
    assert http.get("/v1/policies/environment/prod").json()["policy"] == put["policy"]
    assert http.get("/v1/policies/environment/mars").json()["policy"] is None
    assert http.put("/v1/policies/environment/prod", json={"colour": 1}).status_code == 422


@pytest.mark.parametrize("environment", ["dev", "staging", "prod", "nowhere"])
@pytest.mark.parametrize("spec_path", sorted(CATALOG))
def test_policy_report_previews_exactly_what_a_run_meets(
    http: httpx.Client, spec_path: str, environment: str
) -> None:
    body = {"spec_path": spec_path, "environment": environment}
    report = http.post("/v1/specs/policy-report", json=body).json()
    run = http.post("/v1/runs", json={"input": "x", **body})
    assert report["valid"] is (run.status_code == 200), run.text
    if run.status_code != 200:
        assert (run.status_code, _error(run)) == (400, "spec_invalid")
        # An invalid spec is refused for its own errors first, then for the policy's rules.
        codes = {d["code"] for d in run.json()["detail"]["diagnostics"]}
        expected = (
            report["report"]["diagnostics"]
            if not report["report"]["spec"]["valid"]
            else report["report"]["violations"]
        )
        assert codes == {d["code"] for d in expected}
    else:
        run_report = http.get(f"/v1/runs/{run.json()['run_id']}/policy-report").json()
        assert run_report == report


def test_policy_decisions_for_the_catalog(http: httpx.Client) -> None:
    def allowed(spec_path: str, environment: str) -> bool:
        body = {"spec_path": spec_path, "environment": environment}
        valid: bool = http.post("/v1/specs/policy-report", json=body).json()["valid"]
        return valid

    assert allowed("specs/echo.yaml", "staging")
    assert not allowed("specs/echo.yaml", "prod")  # no human review step
    assert allowed("specs/review.yaml", "prod")
    assert not allowed("specs/unsafe.yaml", "staging")  # no guardrails, blocked diagnostic
    assert allowed("specs/unsafe.yaml", "dev")
    http.put(
        "/v1/policies/environment/dev", json={"blocked_diagnostic_codes": ["unrestricted_tool"]}
    )
    assert not allowed("specs/unsafe.yaml", "dev")
    http.put("/v1/policies/environment/dev", json={"enabled": False, "require_guardrails": True})
    assert allowed("specs/unsafe.yaml", "dev")


# ------------------------------------------------------------------ limits, faults, errors


def test_rate_limits_answer_429_with_retry_after() -> None:
    with FakeKneo(rate_limit_per_minute=2) as fake, fake.http_client() as http:
        assert [http.post("/v1/runs", json={"input": "x"}).status_code for _ in range(2)] == [
            200,
            200,
        ]
        limited = http.post("/v1/runs", json={"input": "x"})
        assert (limited.status_code, _error(limited)) == (429, "rate_limited")
        assert limited.headers["Retry-After"] == "60"
        assert http.get("/v1/runs").status_code == 200  # reads are not limited
        fake.advance(60)
        assert http.post("/v1/runs", json={"input": "x"}).status_code == 200


def test_queue_depth_and_readiness_give_503() -> None:
    with FakeKneo(max_queue_depth=1) as fake, fake.http_client() as http:
        assert _run(http, async_mode=True)["status"] == "queued"
        full = http.post("/v1/runs", json={"input": "x", "async_mode": True})
        assert (full.status_code, _error(full)) == (503, "queue_full")
        assert full.json()["detail"]["queue_depth"] == 1
        assert http.post("/v1/runs", json={"input": "x"}).status_code == 200  # sync: not queued
        fake.advance(1)
        assert _run(http, async_mode=True)["status"] == "queued"
        fake.set_ready(False)
        assert http.get("/v1/readyz").status_code == 503
        assert http.get("/v1/healthz").status_code == 200


def test_faults_answer_in_the_platforms_envelope(fake: FakeKneo, http: httpx.Client) -> None:
    fake.inject_faults("POST", "/v1/runs", [503], retry_after=2)
    failed = http.post("/v1/runs", json={"input": "x"}, headers={"X-Request-ID": "rid-fault"})
    assert (failed.status_code, failed.headers["Retry-After"]) == (503, "2")
    assert failed.headers["X-Request-ID"] == "rid-fault"
    assert failed.json()["detail"]["message"].startswith("injected fault")
    fake.inject_faults("POST", "/v1/runs", [502], lose_response=True)
    assert http.post("/v1/runs", json={"input": "x"}).status_code == 502
    assert len(fake.run_ids()) == 1  # the lost answer's run exists
    fake.inject_malformed("GET", "/v1/runs", b"not json")
    assert http.get("/v1/runs").content == b"not json"
    fake.inject_latency(0.05)
    started = time.perf_counter()
    assert http.get("/v1/runs").status_code == 200
    assert time.perf_counter() - started >= 0.05


def test_the_legacy_error_style_sends_a_message_string() -> None:
    with FakeKneo(error_style="legacy") as fake, fake.http_client() as http:
        answer = http.get("/v1/runs/nope")
        assert answer.json() == {"detail": "no such run"}
        assert http.post("/v1/runs", json={}).json()["detail"][0]["type"] == "missing"


# ------------------------------------------------------------------ wiring


def test_profiles_and_transports_reach_the_fake(fake: FakeKneo) -> None:
    profile = fake.profile("kneo_api_key")
    assert isinstance(profile, Profile)
    assert (profile.url, profile.auth_scheme, profile.api_key) == (
        IN_PROCESS_URL,
        AuthScheme.KNEO_API_KEY,
        API_KEY,
    )
    headers = fake.auth_headers(profile.auth_scheme)
    with httpx.Client(base_url=profile.url, transport=fake.transport(), headers=headers) as client:
        assert client.get("/v1/runs").status_code == 200
    with (
        fake.serve() as base_url,
        httpx.Client(base_url=fake.profile(base_url=base_url).url) as served,
    ):
        assert served.get("/v1/runs", headers=headers).status_code == 200
    client = fake.client()
    assert client.platform.health.livez().ok is True
    assert client.profile.url == IN_PROCESS_URL


def test_the_fakes_clients_wait_on_its_clock() -> None:
    with FakeKneo(queue_seconds=5.0, step_seconds=10.0) as fake:
        client = fake.client()
        before = fake.now()
        run = client.platform.runs.create(
            {"input": "hi", "spec_path": "specs/echo.yaml", "async_mode": True}
        )
        assert run.run_id is not None
        done = client.platform.runs.wait_for_completion(run.run_id, timeout=600, poll_interval=2)
        assert (done.status, done.output_text) == ("completed", "hi")
        assert 15.0 <= fake.now() - before < 30.0  # fake seconds, moved by the wait itself
        review = client.platform.runs.create(
            {"input": "x", "spec_path": "specs/review.yaml", "async_mode": True}
        )
        assert review.run_id is not None
        started = fake.now()
        with pytest.raises(KneoWaitTimeoutError) as caught:  # blocked is not terminal by default
            client.platform.runs.wait_for_completion(review.run_id, timeout=60)
        assert caught.value.last_status == "blocked"
        assert fake.now() - started <= 60.0


async def test_the_fakes_async_client_runs_the_review_flow() -> None:
    with FakeKneo() as fake:
        client = fake.async_client()
        blocked = await client.platform.runs.create(
            {"input": "ship?", "spec_path": "specs/review.yaml"}
        )
        assert (blocked.status, blocked.human_intervention_required) == ("blocked", True)
        assert blocked.continuation_id is not None
        task = await client.platform.human_tasks.get(blocked.continuation_id)
        assert task.request is not None
        resumed = await client.platform.human_tasks.resume(
            blocked.continuation_id, {"decision": "approved", "request_id": task.request["id"]}
        )
        assert resumed.run_id == blocked.run_id
        with pytest.raises(KneoConflictError):
            await client.platform.runs.continue_(blocked.run_id or "")
        await client.aclose()


async def test_the_async_transport_reaches_the_fake(fake: FakeKneo) -> None:
    async with fake.async_http_client("kneo_api_key") as client:
        created = (
            await client.post("/v1/runs", json={"input": "x", "spec_path": "specs/review.yaml"})
        ).json()
        assert created["status"] == "blocked"
        assert (await client.get("/v1/human-tasks")).json()["total"] == 1


def test_audit_events_can_be_seeded_by_setting() -> None:
    with FakeKneo(audit_events=25) as fake, fake.http_client() as http:
        assert http.get("/v1/audit-events", params={"limit": 10}).json()["total"] == 25
