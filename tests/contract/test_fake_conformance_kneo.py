"""DESIGN.md's contract check 4 for Kneo: the fake conforms to the platform's pinned spec.

Schemathesis drives the fake in-process (ASGI) with its default checks over every operation
(examples, coverage and fuzzing phases; positive and negative data), its stateful phase (the
spec's links carry ``continuation_id`` from the run answers into the human-task operations, and
the approving resume body from a blocked run's ``pending_human_request``; schemathesis infers
the ``run_id`` ones from the schemas), and
hand-written cases for what random data cannot reach: every catalog spec's outcome, a blocked
run resumed and continued, expiry, escalation, policy refusals, replays and conflicts, 429,
503 and the checkpoint diff. Every answer of those goes through the same default checks.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from kneo_client.testing._fake import SPEC_PATH, KneoFake, KneoFakeConfig, create_app
from kneo_client.testing._runs import DECISIONS
from kneo_client.testing._specs import CATALOG
from schemathesis import Case, Response
from schemathesis.checks import not_a_server_error
from starlette.applications import Starlette

KEY = "kn_conformance_key_0123456789"
OTHER = "kn_conformance_other_9876543210"


def _app(**settings: Any) -> Starlette:
    # Small durations on the wall clock: async runs created during the test settle within
    # milliseconds, so the stateful phase meets runs in every state.
    options: dict[str, Any] = {
        "api_keys": frozenset({KEY, OTHER}),
        "clock": "wall",
        "queue_seconds": 0.001,
        "step_seconds": 0.001,
        **settings,
    }
    return create_app(KneoFakeConfig(**options))


CONFIG = schemathesis.Config.from_dict(
    # Through the security schemes, so schemathesis knows which requests carry the key (and its
    # ignored_auth check can drop it).
    {"auth": {"openapi": {"bearer": {"bearer": KEY}, "kneoApiKey": {"api_key": KEY}}}}
)


def _schema(app: Starlette) -> Any:
    loaded = schemathesis.openapi.from_path(str(SPEC_PATH), config=CONFIG)
    loaded.app = app
    return loaded


APP = _app()
FAKE: KneoFake = APP.state.fake
schema = _schema(APP)

_SPEC_BODIES = {
    "/v1/runs",
    "/v1/specs/run",
    "/v1/specs/validate",
    "/v1/specs/compile",
    "/v1/specs/explain",
    "/v1/specs/policy-report",
}
_CATALOG = sorted(CATALOG)


def _digest(*parts: object) -> int:
    # A pure function of the request, so re-running an example maps it the same way.
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:12], 16)


@schema.hook
def map_case(context: schemathesis.HookContext, case: Case) -> Case:
    """Keep generated requests to what the spec's prose allows but its schemas cannot say.

    * ``sort_order`` is an open string in the spec whose prose says anything but ``asc`` /
      ``desc`` is a 422; positive cases get one of the two.
    * ``decision`` likewise: positive cases get one of the platform's decisions, with the
      ``content`` / ``selected_option`` it carries.
    * A ``spec_path`` names a spec the platform has; positive cases get one of the catalog's
      valid ones, and the specs endpoints (whose prose says spec or spec_path must be set) get
      one when they have neither.
    * An ``Idempotency-Key`` is reused only to retry the same request (reused with another
      body it is rightly 409), so the key is made unique to the request's content.
    """
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    n = _digest(case.method, case.path, case.path_parameters, case.query, case.body)
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and key.strip() and len(key) <= 256:
        suffix = f"#{n:x}"
        case.headers = {
            **(case.headers or {}),
            "Idempotency-Key": key[: 256 - len(suffix)] + suffix,
        }
    if not positive:
        return case
    if isinstance(case.query, dict) and "sort_order" in case.query:
        case.query = {**case.query, "sort_order": ("asc", "desc")[n % 2]}
    body = case.body
    if case.path.endswith("/resume") and isinstance(body, dict):
        decision = DECISIONS[n % len(DECISIONS)]
        body = {**body, "decision": decision}
        if decision in {"edited", "provided"}:
            body["content"] = "edited text"
        if decision == "selected":
            body["selected_option"] = "publish"
        case.body = body
    if case.path in _SPEC_BODIES and isinstance(body, dict):
        valid = [p for p in _CATALOG if p != "specs/broken.yaml"]
        if isinstance(body.get("spec_path"), str) or (
            case.path != "/v1/runs" and case.path != "/v1/specs/run" and body.get("spec") is None
        ):
            body = {**body, "spec_path": valid[n % len(valid)]}
        if "environment" in body:
            body = {**body, "environment": None}
        case.body = body
    return case


SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


@schema.parametrize()
@SETTINGS
def test_every_operation_conforms(case: Case) -> None:
    case.call_and_validate()


class _Stateful(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        # A fake of its own per scenario: Hypothesis replays a scenario and needs it to meet
        # the same state again.
        self.app = _app()

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        return {"app": self.app}


TestStateful = _Stateful.TestCase
TestStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=6)


# ------------------------------------------------------------------ the unreachable answers


def _call(
    operation_id: str,
    *,
    on: Any = schema,
    scheme: str = "bearer",
    unavailable: bool = False,
    **kwargs: Any,
) -> Response:
    """One hand-built request through the full default check suite.

    ``unavailable``: the answer is a deliberate 503 (a full queue, not ready), which the spec
    declares but schemathesis's server-error check would report.
    """
    operation = on.find_operation_by_id(operation_id)
    # Hand-built cases skip the generation step that applies the configured auth.
    auth = {"Authorization": f"Bearer {KEY}"} if scheme == "bearer" else {"X-Kneo-Api-Key": KEY}
    kwargs["headers"] = {**auth, **kwargs.get("headers", {})}
    excluded = [not_a_server_error] if unavailable else None
    response: Response = operation.Case(**kwargs).call_and_validate(excluded_checks=excluded)
    return response


CREATE = "create_run_v1_runs_post"
GET_RUN = "get_run_v1_runs__run_id__get"
CANCEL = "cancel_run_v1_runs__run_id__cancel_post"
CONTINUE = "continue_run_v1_runs__run_id__continue_post"
RESUME = "resume_human_task_v1_human_tasks__continuation_id__resume_post"
GET_TASK = "get_human_task_v1_human_tasks__continuation_id__get"


def _run(on: Any, spec_path: str, **fields: Any) -> dict[str, Any]:
    created = _call(CREATE, on=on, body={"input": "hello", "spec_path": spec_path, **fields})
    assert created.status_code == 200, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.mark.parametrize(
    ("spec_path", "status"),
    [
        ("specs/echo.yaml", "completed"),
        ("specs/review.yaml", "blocked"),
        ("specs/escalate.yaml", "blocked"),
        ("specs/flaky.yaml", "failed"),
        ("specs/slow.yaml", "timed_out"),
        ("specs/unsafe.yaml", "completed"),
    ],
)
def test_every_catalog_outcome_conforms(spec_path: str, status: str) -> None:
    run = _run(schema, spec_path)
    assert run["status"] == status
    path = {"run_id": run["run_id"]}
    got = _call(GET_RUN, path_parameters=path, scheme="kneo_api_key").json()
    assert got["status"] == status
    for operation_id in (
        "get_trace_v1_runs__run_id__trace_get",
        "get_replay_view_v1_runs__run_id__replay_get",
        "list_checkpoints_v1_runs__run_id__checkpoints_get",
        "get_run_policy_report_v1_runs__run_id__policy_report_get",
        "get_recovery_context_v1_runs__run_id__recovery_get",
    ):
        assert _call(operation_id, path_parameters=path).status_code == 200
    diff = _call("diff_checkpoints_v1_runs__run_id__checkpoints_diff_get", path_parameters=path)
    assert diff.status_code == 200, diff.text


def test_an_invalid_spec_and_a_refusing_policy_conform() -> None:
    broken = _call(CREATE, body={"input": "x", "spec_path": "specs/broken.yaml"})
    assert broken.status_code == 400
    assert broken.json()["detail"]["error"] == "spec_invalid"
    refused = _call(
        CREATE, body={"input": "x", "spec_path": "specs/echo.yaml", "environment": "prod"}
    )
    assert refused.status_code == 400
    assert refused.json()["detail"]["environment"] == "prod"
    report = _call(
        "policy_report_spec_v1_specs_policy_report_post",
        body={"spec_path": "specs/echo.yaml", "environment": "prod"},
    )
    assert report.json()["valid"] is False
    put = _call(
        "put_environment_policy_v1_policies_environment__environment__put",
        path_parameters={"environment": "conformance"},
        body={"require_guardrails": True},
    )
    assert put.json()["previous_policy"] is None
    got = _call(
        "get_environment_policy_v1_policies_environment__environment__get",
        path_parameters={"environment": "conformance"},
    )
    assert got.json()["policy"]["require_guardrails"] is True
    for operation_id in (
        "validate_spec_v1_specs_validate_post",
        "compile_spec_v1_specs_compile_post",
        "explain_spec_v1_specs_explain_post",
        "policy_report_spec_v1_specs_policy_report_post",
    ):
        answer = _call(operation_id, body={"spec_path": "specs/broken.yaml"})
        assert answer.status_code == 200, answer.text
        neither = _call(operation_id, body={})
        assert neither.status_code == 422


def test_human_tasks_resume_continue_and_cancel_conform() -> None:
    run = _run(schema, "specs/review.yaml")
    task = _call(GET_TASK, path_parameters={"continuation_id": run["continuation_id"]}).json()
    tasks = _call("list_human_tasks_v1_human_tasks_get", query={"run_id": run["run_id"]})
    assert [t["id"] for t in tasks.json()["tasks"]] == [task["id"]]
    body = {"decision": "edited", "request_id": task["request"]["id"], "content": "better"}
    resumed = _call(
        RESUME,
        path_parameters={"continuation_id": task["id"]},
        body=body,
        headers={"Idempotency-Key": "conformance-resume"},
    )
    assert resumed.json()["output_text"] == "better", resumed.text
    replay = _call(
        RESUME,
        path_parameters={"continuation_id": task["id"]},
        body=body,
        headers={"Idempotency-Key": "conformance-resume"},
    )
    assert replay.headers["idempotent-replayed"] == ["true"]
    again = _call(RESUME, path_parameters={"continuation_id": task["id"]}, body=body)
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "run_state_conflict"
    conflict = _call(
        CREATE,
        body={"input": "other"},
        headers={"Idempotency-Key": "conformance-resume"},
    )
    assert conflict.json()["detail"]["error"] == "idempotency_key_conflict"
    too_long = _call(CREATE, body={"input": "x"}, headers={"Idempotency-Key": "k" * 257})
    assert too_long.json()["detail"]["error"] == "invalid_idempotency_key"
    not_blocked = _call(CONTINUE, path_parameters={"run_id": run["run_id"]})
    assert not_blocked.status_code == 409

    second = _run(schema, "specs/review.yaml")
    continued = _call(CONTINUE, path_parameters={"run_id": second["run_id"]})
    assert continued.json()["status"] == "completed"
    third = _run(schema, "specs/review.yaml")
    cancelled = _call(CANCEL, path_parameters={"run_id": third["run_id"]})
    assert cancelled.json()["status"] == "cancelled"
    unchanged = _call(CANCEL, path_parameters={"run_id": third["run_id"]})
    assert unchanged.json()["status"] == "cancelled"
    late = _call(
        RESUME,
        path_parameters={"continuation_id": third["continuation_id"]},
        body={"decision": "approved", "request_id": "hreq_x"},
    )
    assert late.status_code == 409
    audit = _call("list_audit_events_v1_audit_events_get", query={"run_id": third["run_id"]})
    assert {e["event_type"] for e in audit.json()["events"]} == {"run.created", "run.cancelled"}


def test_time_expiry_escalation_and_async_runs_conform() -> None:
    manual = _schema(_app(clock="manual", queue_seconds=5, step_seconds=5))
    fake: KneoFake = manual.app.state.fake
    review = _run(manual, "specs/review.yaml")
    escalate = _run(manual, "specs/escalate.yaml")
    queued = _run(manual, "specs/echo.yaml", async_mode=True)
    assert queued["status"] == "queued"
    no_checkpoints = _call(
        "diff_checkpoints_v1_runs__run_id__checkpoints_diff_get",
        on=manual,
        path_parameters={"run_id": queued["run_id"]},
    )
    assert no_checkpoints.status_code == 404
    fake.advance(3601)
    expired = _call(GET_RUN, on=manual, path_parameters={"run_id": review["run_id"]})
    assert expired.json()["status"] == "expired"
    late = _call(
        RESUME,
        on=manual,
        path_parameters={"continuation_id": review["continuation_id"]},
        body={"decision": "approved", "request_id": "hreq_x"},
    )
    assert late.json()["detail"]["error"] == "human_task_expired"
    task = _call(
        GET_TASK, on=manual, path_parameters={"continuation_id": escalate["continuation_id"]}
    )
    assert task.json()["status"] == "escalated"
    done = _call(GET_RUN, on=manual, path_parameters={"run_id": queued["run_id"]})
    assert done.json()["status"] == "completed"


def test_limits_conform() -> None:
    limited = _schema(_app(rate_limit_per_minute=1, max_queue_depth=0, clock="manual"))
    full = _call(CREATE, on=limited, body={"input": "x", "async_mode": True}, unavailable=True)
    assert full.status_code == 503
    assert full.json()["detail"]["error"] == "queue_full"
    throttled = _call(CREATE, on=limited, body={"input": "x"})
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"][0]) >= 1
    limited.app.state.fake.ready = False
    assert _call("readyz_v1_readyz_get", on=limited, unavailable=True).status_code == 503


def test_credentials_conform() -> None:
    inventory = _call(
        "credential_inventory_v1_security_credentials_get",
        query={"providers": ["openai", "nobody"], "include_service_tokens": "false"},
    ).json()["inventory"]
    assert set(inventory) == {"providers", "extra"}
    assert inventory["providers"]["nobody"]["present"] is False
