"""kneo_client.models: real-shaped bodies parse, responses are open and strict, requests closed.

The bodies follow the pinned spec (``specs/kneo/openapi.json``) and the shapes the wire sheet
records for kneo_serv 0.4.0 and later.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from kneo_client import models
from kneo_client.models import (
    AuditEventListResponse,
    CheckpointListResponse,
    EnvironmentPolicyListResponse,
    EnvironmentPolicyRequest,
    ErrorDetail,
    ErrorResponse,
    FieldError,
    HealthResponse,
    HTTPValidationError,
    HumanResumeRequest,
    HumanTaskListResponse,
    KneoModel,
    KneoRequest,
    RunCreateRequest,
    RunCreateResponse,
    RunListResponse,
    RunStatusResponse,
    SpecCompileRequest,
    SpecExplainRequest,
    SpecPolicyReportRequest,
    SpecValidateRequest,
    TraceResponse,
)
from pydantic import BaseModel, ValidationError

from tools.modelcheck import load_spec

RUN_ID = "run_01HZX3"
TS = "2026-05-08T16:00:00Z"

#: One real-shaped body per response model (what the platform answers).
BODIES: dict[str, dict[str, Any]] = {
    "HealthResponse": {
        "ok": True,
        "service": "kneo-serv-platform",
        "version": "0.6.2",
        "metadata": {"database": {"ok": True}, "queue": {"ok": True, "depth": 0}},
    },
    "RunCreateResponse": {
        "run_id": RUN_ID,
        "status": "completed",
        "continuation_id": None,
        "human_intervention_required": False,
        "metadata": {},
        "output_text": "hi",
    },
    "RunStatusResponse": {
        "run_id": RUN_ID,
        "status": "blocked",
        "agent_name": None,
        "continuation_id": "cont_1",
        "current_node_id": "review",
        "current_step_index": 2,
        "error": None,
        "input_text": "hi",
        "metadata": {"owner": "me"},
        "output_text": None,
        "pending_human_request": {"id": "hreq_1", "kind": "approval"},
        "trace_event_count": 7,
        "visited_nodes": ["start", "review"],
        "visited_steps": ["s1", "s2"],
        "workflow_kind": "graph",
        "workflow_name": "echo",
    },
    "RunListResponse": {
        "count": 2,
        "runs": [
            {"run_id": "r2", "status": "completed", "updated_at": TS},
            {"run_id": "r1", "status": "failed", "updated_at": TS},
        ],
        "limit": 2,
        "offset": 0,
        "sort_by": "updated_at",
        "sort_order": "desc",
        "total": 5,
    },
    "TraceResponse": {
        "events": [{"event_type": "tool_call", "timestamp": TS, "tool": "search"}],
        "run_id": RUN_ID,
        "count": 1,
        "limit": 100,
        "offset": 0,
        "sort_by": "timestamp",
        "sort_order": "asc",
        "total": 1,
    },
    "CheckpointListResponse": {
        "checkpoints": [{"sequence": 1, "type": "step_completed"}],
        "run_id": RUN_ID,
        "count": 1,
        "limit": 100,
        "offset": 0,
        "sort_by": "sequence",
        "sort_order": "asc",
        "total": 1,
    },
    "CheckpointDiffResponse": {
        "change_count": 1,
        "from_checkpoint": {"sequence": 1},
        "to_checkpoint": {"sequence": 2},
        "run_id": RUN_ID,
        "added": [{"path": "state.answer", "value": 42}],
        "changed": [],
        "removed": [],
        "truncated": False,
    },
    "RunReplayResponse": {
        "run_id": RUN_ID,
        "status": "completed",
        "agent_name": "echo",
        "checkpoint_count": 2,
        "replay_context": {"input": "hi"},
        "timeline": [{"sequence": 1, "type": "step_completed"}],
        "workflow_kind": None,
        "workflow_name": None,
    },
    "RunRecoveryResponse": {
        "run_id": RUN_ID,
        "status": "failed",
        "checkpoint_count": 1,
        "error": {"message": "boom"},
        "replay_context": {},
        "visited_nodes": ["start"],
        "visited_steps": [],
    },
    "HumanTaskListResponse": {
        "count": 1,
        "tasks": [{"id": "cont_1", "run_id": RUN_ID, "status": "pending", "expires_at": 1.7e9}],
        "limit": 100,
        "offset": 0,
        "sort_by": "created_at",
        "sort_order": "desc",
        "total": 1,
    },
    "HumanTaskResponse": {"continuation_id": "cont_1", "request": {"id": "hreq_1"}},
    "HumanResumeResponse": {"run_id": RUN_ID, "status": "running"},
    "AuditEventListResponse": {
        "count": 1,
        "events": [
            {"event_type": "run.created", "run_id": RUN_ID, "timestamp": TS, "request_id": "x"}
        ],
    },
    "CredentialInventoryResponse": {
        "inventory": {
            "providers": {
                "openai": {
                    "name": "openai",
                    "env_var": "OPENAI_API_KEY",
                    "present": True,
                    "value": "sk-***",
                }
            },
            "extra": {},
            "service_tokens": {},
        }
    },
    "EnvironmentPolicyListResponse": {
        "count": 2,
        "policies": {"prod": {"enabled": True, "require_guardrails": True}, "dev": {}},
    },
    "EnvironmentPolicyResponse": {
        "environment": "prod",
        "policy": {"enabled": True},
        "previous_policy": None,
    },
    "SpecValidateResponse": {
        "valid": False,
        "diagnostics": [{"code": "missing_tool", "severity": "error", "message": "..."}],
    },
    "SpecCompileResponse": {"ok": True, "diagnostics": [], "summary": {"nodes": 3}},
    "SpecExplainResponse": {"summary": {"text": "An echo workflow."}},
    "SpecPolicyReportResponse": {"report": {"environment": "prod", "blocked": []}, "valid": True},
    "ErrorResponse": {
        "detail": {"error": "queue_full", "message": "Run queue is full", "queue_depth": 500}
    },
    "ErrorDetail": {"error": "not_found", "message": "No such run", "resource": RUN_ID},
    "HTTPValidationError": {
        "detail": [{"loc": ["body", "input"], "msg": "Field required", "type": "missing"}]
    },
    "FieldError": {
        "loc": ["query", "limit"],
        "msg": "Input should be less than or equal to 1000",
        "type": "less_than_equal",
        "ctx": {"le": 1000},
        "input": "5000",
    },
}

RESPONSES = sorted(BODIES)
REQUESTS = [
    "EnvironmentPolicyRequest",
    "HumanResumeRequest",
    "RunCreateRequest",
    "SpecCompileRequest",
    "SpecExplainRequest",
    "SpecPolicyReportRequest",
    "SpecValidateRequest",
]


def _model(name: str) -> type[BaseModel]:
    model: type[BaseModel] = getattr(models, name)
    return model


def _parse(name: str, body: dict[str, Any]) -> Any:
    return _model(name).model_validate_json(json.dumps(body))


# --- the set of models ------------------------------------------------------------------------


def test_one_model_per_spec_schema() -> None:
    schemas = set(load_spec("kneo")["components"]["schemas"])
    public = {n for n in models.__all__ if n not in {"KneoModel", "KneoRequest"}}
    assert len(schemas) == 31
    assert {"ValidationError" if n == "FieldError" else n for n in public} == schemas
    assert set(RESPONSES) | set(REQUESTS) == public
    for name in RESPONSES:
        assert issubclass(_model(name), KneoModel)
        assert _model(name).__doc__
    for name in REQUESTS:
        assert issubclass(_model(name), KneoRequest)
    assert not issubclass(FieldError, ValueError)  # not pydantic's ValidationError


def test_every_model_and_field_is_documented() -> None:
    tree = ast.parse(Path(models.__file__).read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for name in models.__all__:
        assert ast.get_docstring(classes[name]), name
        body = classes[name].body
        for i, node in enumerate(body):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                after = body[i + 1] if i + 1 < len(body) else None
                # An attribute docstring follows every field.
                assert isinstance(after, ast.Expr), (name, node.target.id)
                assert isinstance(after.value, ast.Constant), (name, node.target.id)
                assert isinstance(after.value.value, str), (name, node.target.id)


# --- responses --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RESPONSES)
def test_a_real_shaped_body_parses_and_keeps_unknown_fields(name: str) -> None:
    body = BODIES[name]
    parsed = _parse(name, body)
    assert parsed.model_dump(mode="json", exclude_unset=True) == body
    newer = _parse(name, {**body, "added_in_0_9": {"x": 1}})
    assert newer.model_extra == {"added_in_0_9": {"x": 1}}
    assert newer.added_in_0_9 == {"x": 1}


@pytest.mark.parametrize(
    "name", ["RunStatusResponse", "RunCreateResponse", "RunReplayResponse", "HumanResumeResponse"]
)
def test_an_unknown_status_is_accepted(name: str) -> None:
    parsed = _parse(name, {**BODIES[name], "status": "hibernating"})
    assert parsed.status == "hibernating"


def test_other_open_value_sets_take_new_values() -> None:
    page = RunListResponse.model_validate({**BODIES["RunListResponse"], "sort_order": "random"})
    assert page.sort_order == "random"
    error = ErrorDetail.model_validate({"error": "brand_new_code", "message": "m"})
    assert error.error == "brand_new_code"
    assert FieldError.model_validate({"loc": [], "msg": "m", "type": "new_type"}).type == "new_type"


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("RunStatusResponse", "run_id"),
        ("RunStatusResponse", "status"),
        ("RunListResponse", "runs"),
        ("HealthResponse", "ok"),
        ("CheckpointDiffResponse", "to_checkpoint"),
        ("EnvironmentPolicyListResponse", "policies"),
        ("ErrorResponse", "detail"),
    ],
)
def test_a_missing_required_field_fails_naming_it(name: str, field: str) -> None:
    body = {k: v for k, v in BODIES[name].items() if k != field}
    with pytest.raises(ValidationError) as caught:
        _parse(name, body)
    assert [e["loc"] for e in caught.value.errors()] == [(field,)]
    assert caught.value.errors()[0]["type"] == "missing"


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("HumanTaskResponse", "request"),
        ("RunCreateResponse", "run_id"),
        ("HumanResumeResponse", "run_id"),
    ],
)
def test_a_nullable_required_field_takes_null_but_not_absence(name: str, field: str) -> None:
    assert getattr(_parse(name, {**BODIES[name], field: None}), field) is None
    with pytest.raises(ValidationError, match=field):
        _parse(name, {k: v for k, v in BODIES[name].items() if k != field})


def test_values_of_the_wrong_json_type_are_not_coerced() -> None:
    with pytest.raises(ValidationError, match="trace_event_count"):
        _parse("RunStatusResponse", {**BODIES["RunStatusResponse"], "trace_event_count": "7"})
    with pytest.raises(ValidationError, match="ok"):
        _parse("HealthResponse", {"ok": "true"})
    with pytest.raises(ValidationError, match="metadata"):
        _parse("RunCreateResponse", {**BODIES["RunCreateResponse"], "metadata": None})
    with pytest.raises(ValidationError, match="policies"):
        _parse("EnvironmentPolicyListResponse", {"count": 1, "policies": {"prod": "on"}})
    # A JSON integer is a number.
    detail = ErrorDetail.model_validate_json(b'{"error": "e", "message": "m", "expires_at": 17}')
    assert detail.expires_at == 17.0
    assert isinstance(detail.expires_at, float)


def test_absent_properties_take_the_spec_defaults() -> None:
    health = HealthResponse.model_validate_json(b'{"ok": true}')
    assert health.service == "kneo-serv-platform"
    assert health.version is None
    assert health.metadata == {}
    run = RunStatusResponse.model_validate_json(b'{"run_id": "r", "status": "queued"}')
    assert run.trace_event_count == 0
    assert run.visited_nodes == []
    assert run.error is None
    created = RunCreateResponse.model_validate_json(b'{"run_id": null, "status": "queued"}')
    assert created.human_intervention_required is False
    page = RunListResponse.model_validate_json(b'{"count": 0, "runs": []}')
    assert (page.limit, page.offset, page.sort_order, page.total) == (100, 0, "desc", 0)
    trace = TraceResponse.model_validate_json(b'{"events": [], "run_id": "r"}')
    assert (trace.count, trace.sort_order) == (0, "asc")


def test_error_bodies_of_both_generations() -> None:
    new = ErrorResponse.model_validate(BODIES["ErrorResponse"])
    assert isinstance(new.detail, ErrorDetail)
    assert new.detail.error == "queue_full"
    assert new.detail.queue_depth == 500
    old = ErrorResponse.model_validate_json(b'{"detail": "Not Found"}')  # kneo_serv 0.4.0
    assert old.detail == "Not Found"
    limit = ErrorResponse.model_validate(
        {"detail": {"error": "token_budget_exceeded", "message": "m", "limit": 10}}
    )
    assert isinstance(limit.detail, ErrorDetail)
    assert limit.detail.model_extra == {"limit": 10}
    problems = HTTPValidationError.model_validate(BODIES["HTTPValidationError"])
    assert problems.detail == [
        FieldError(loc=["body", "input"], msg="Field required", type="missing")
    ]
    assert problems.detail[0].input is None
    assert HTTPValidationError.model_validate({}).detail == []


def test_the_policy_map_holds_open_objects() -> None:
    listing = EnvironmentPolicyListResponse.model_validate(BODIES["EnvironmentPolicyListResponse"])
    assert listing.policies["prod"]["require_guardrails"] is True
    assert listing.policies["dev"] == {}


def test_responses_are_immutable() -> None:
    run = RunStatusResponse.model_validate(BODIES["RunStatusResponse"])
    with pytest.raises(ValidationError, match="frozen"):
        run.status = "completed"  # type: ignore[misc]


# --- the paging protocol ----------------------------------------------------------------------

PAGES = [
    ("RunListResponse", "runs"),
    ("TraceResponse", "events"),
    ("CheckpointListResponse", "checkpoints"),
    ("HumanTaskListResponse", "tasks"),
    ("AuditEventListResponse", "events"),
]


@pytest.mark.parametrize(("name", "field"), PAGES)
def test_a_list_response_exposes_items_total_limit_offset(name: str, field: str) -> None:
    body = {**BODIES[name], "total": 9, "limit": 3, "offset": 6}
    page = _parse(name, body)
    assert page.items is getattr(page, field)
    assert page.items == body[field]
    assert (page.total, page.limit, page.offset) == (9, 3, 6)
    with pytest.raises((AttributeError, ValidationError)):
        page.items = []
    assert "items" not in page.model_dump()  # a property, not a field
    # BaseModel's own __iter__ (field name, value pairs) is left alone.
    assert dict(page) == {name: getattr(page, name) for name in type(page).model_fields}


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (RunListResponse, {"count": 0, "runs": []}),
        (TraceResponse, {"events": [], "run_id": "r"}),
        (CheckpointListResponse, {"checkpoints": [], "run_id": "r"}),
        (HumanTaskListResponse, {"count": 0, "tasks": []}),
    ],
)
def test_total_defaults_as_the_spec_says(model: type[Any], body: dict[str, Any]) -> None:
    page = model.model_validate(body)
    assert (page.total, page.limit, page.offset) == (0, 100, 0)
    assert page.items == []


def test_an_audit_page_of_a_0_4_0_server_has_no_total() -> None:
    page = AuditEventListResponse.model_validate(BODIES["AuditEventListResponse"])
    assert page.total is None
    assert page.limit is None
    assert page.offset is None
    assert page.sort_order is None
    assert len(page.items) == page.count == 1
    newer = AuditEventListResponse.model_validate(
        {**BODIES["AuditEventListResponse"], "total": 1, "limit": 100, "offset": 0}
    )
    assert (newer.total, newer.limit, newer.offset) == (1, 100, 0)


def test_an_empty_page_is_still_truthy() -> None:
    # No __len__: an empty page must not read as "no answer".
    assert RunListResponse.model_validate({"count": 0, "runs": []})


# --- requests ---------------------------------------------------------------------------------


def test_a_misspelled_request_field_fails_at_construction() -> None:
    with pytest.raises(ValidationError) as caught:
        RunCreateRequest(spec_id="x")  # type: ignore[call-arg]
    errors = {e["loc"]: e["type"] for e in caught.value.errors()}
    assert errors == {("spec_id",): "extra_forbidden", ("input",): "missing"}
    with pytest.raises(ValidationError, match="spec_id"):
        RunCreateRequest.model_validate({"input": "hi", "spec_id": "x"})


def test_to_body_is_exactly_the_fields_set() -> None:
    request = RunCreateRequest(input="hi", spec_path="specs/echo.yaml")
    assert request.to_body() == {"input": "hi", "spec_path": "specs/echo.yaml"}
    assert request.target == "workflow"  # the spec's default, read locally but not sent
    assert request.async_mode is False
    full = RunCreateRequest(
        input="hi",
        async_mode=False,
        environment=None,
        spec={"kind": "workflow", "steps": [{"id": "s1"}]},
        overlays=["fast"],
        metadata={"ticket": 7},
        target="agent",
    )
    assert full.to_body() == {
        "input": "hi",
        "async_mode": False,
        "environment": None,
        "spec": {"kind": "workflow", "steps": [{"id": "s1"}]},
        "overlays": ["fast"],
        "metadata": {"ticket": 7},
        "target": "agent",
    }
    json.dumps(full.to_body())


def test_the_run_input_is_required() -> None:
    with pytest.raises(ValidationError) as caught:
        RunCreateRequest(spec_path="specs/echo.yaml")  # type: ignore[call-arg]
    assert [e["loc"] for e in caught.value.errors()] == [("input",)]


def test_request_values_are_strict_and_non_nullable_ones_refuse_none() -> None:
    with pytest.raises(ValidationError, match="async_mode"):
        RunCreateRequest(input="hi", async_mode="yes")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="overlays"):
        RunCreateRequest(input="hi", overlays=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="input"):
        RunCreateRequest(input=5)  # type: ignore[arg-type]


def test_resume_decisions_are_open_strings() -> None:
    body = HumanResumeRequest(decision="approved", request_id="hreq_1").to_body()
    assert body == {"decision": "approved", "request_id": "hreq_1"}
    edited = HumanResumeRequest(decision="edited", request_id="hreq_1", content="fixed")
    assert edited.to_body() == {"decision": "edited", "request_id": "hreq_1", "content": "fixed"}
    assert HumanResumeRequest(decision="deferred", request_id="r").decision == "deferred"
    with pytest.raises(ValidationError, match="request_id"):
        HumanResumeRequest(decision="approved")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="continuation_id"):
        HumanResumeRequest(decision="approved", request_id="r", continuation_id="c")  # type: ignore[call-arg]


def test_an_environment_policy_sends_what_was_set() -> None:
    assert EnvironmentPolicyRequest().to_body() == {}
    policy = EnvironmentPolicyRequest(require_guardrails=True, blocked_diagnostic_codes=["E1"])
    assert policy.to_body() == {"require_guardrails": True, "blocked_diagnostic_codes": ["E1"]}
    assert policy.enabled is True
    with pytest.raises(ValidationError, match="require_guardrail"):
        EnvironmentPolicyRequest(require_guardrail=True)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "model", [SpecValidateRequest, SpecCompileRequest, SpecExplainRequest, SpecPolicyReportRequest]
)
def test_a_spec_request_needs_spec_or_spec_path(model: type[Any]) -> None:
    with pytest.raises(ValidationError, match="spec_path"):
        model()
    with pytest.raises(ValidationError, match="spec_path"):
        model(spec=None, spec_path=None)
    assert model(spec_path="specs/echo.yaml").to_body() == {"spec_path": "specs/echo.yaml"}
    assert model(spec={"steps": []}).to_body() == {"spec": {"steps": []}}


def test_spec_request_envelopes() -> None:
    compile_ = SpecCompileRequest(spec_path="specs/echo.yaml", strict=False, environment="prod")
    assert compile_.to_body() == {
        "spec_path": "specs/echo.yaml",
        "strict": False,
        "environment": "prod",
    }
    assert SpecCompileRequest(spec_path="p").strict is True
    # The pinned explain body has no envelope fields (0.4.0 servers answer them with a 422).
    with pytest.raises(ValidationError, match="environment"):
        SpecExplainRequest(spec_path="p", environment="prod")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="spec"):
        SpecValidateRequest(spec="name: echo", spec_path=None)  # type: ignore[arg-type]


def test_importing_the_models_needs_only_pydantic_and_the_core() -> None:
    code = (
        "import sys, kneo_client; before = set(sys.modules); import kneo_client.models; "
        "new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.startswith(('httpx', 'kneo_client.core', '_kneo')))); "
        "print('pydantic' in new)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["[]", "True"]
