"""The Kneo Agent Platform's request and response bodies as pydantic models.

One model per component schema of the pinned spec (``specs/kneo/openapi.json``), named as the
schema, with the spec's property names as fields — except the ``ValidationError`` schema (one
item of FastAPI's 422 body), which is :class:`FieldError` here so that it does not shadow
pydantic's own ``ValidationError``. ``tools/modelcheck.py`` checks every model, field by field,
against the spec: types, nullability, required-ness and defaults.

Responses are forward compatible (:class:`KneoModel`): unknown fields are kept (``model_extra``)
— a newer ``kneo_serv`` adds fields — and values the platform documents as a known set
(``status``, ``sort_order``, ``event_type``, ``workflow_kind``, error codes ...) are plain
strings, so a newer server's new values never break an older client. Parsing is strict (the
core's ``STRICT_MODEL_CONFIG``): ``"5"`` where the spec says integer is a malformed response,
not a 5; a JSON integer is fine where the spec says number. A property the spec gives a default
has that default when the server leaves it out; a nullable one is ``X | None``. The platform's
free-form objects (run summaries, trace events, checkpoints, ``metadata``, policies ...) stay
``dict[str, Any]``.

Requests are closed, like the spec (:class:`KneoRequest`, ``additionalProperties: false``): the
platform answers an unknown body field with a 422 ``extra_forbidden``, so a misspelled field
(``RunCreateRequest(spec_id=...)``) fails here, at construction, with pydantic's
``ValidationError`` naming it. :meth:`KneoRequest.to_body` is the wire body: exactly the fields
the caller set, so the server applies its own defaults to the rest.

The list responses (:class:`RunListResponse`, :class:`TraceResponse`,
:class:`CheckpointListResponse`, :class:`HumanTaskListResponse`,
:class:`AuditEventListResponse`) share the paging protocol of :mod:`kneo_client.core.pagination`:
``items`` (the page's list), ``total`` (``None`` when the server does not say), ``limit`` and
``offset``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sdk_core._schema import STRICT_MODEL_CONFIG
from typing_extensions import Self

__all__ = [
    "AuditEventListResponse",
    "CheckpointDiffResponse",
    "CheckpointListResponse",
    "CredentialInventoryResponse",
    "EnvironmentPolicyListResponse",
    "EnvironmentPolicyRequest",
    "EnvironmentPolicyResponse",
    "ErrorDetail",
    "ErrorResponse",
    "FieldError",
    "HTTPValidationError",
    "HealthResponse",
    "HumanResumeRequest",
    "HumanResumeResponse",
    "HumanTaskListResponse",
    "HumanTaskResponse",
    "KneoModel",
    "KneoRequest",
    "RunCreateRequest",
    "RunCreateResponse",
    "RunListResponse",
    "RunRecoveryResponse",
    "RunReplayResponse",
    "RunStatusResponse",
    "SpecCompileRequest",
    "SpecCompileResponse",
    "SpecExplainRequest",
    "SpecExplainResponse",
    "SpecPolicyReportRequest",
    "SpecPolicyReportResponse",
    "SpecValidateRequest",
    "SpecValidateResponse",
    "TraceResponse",
]


class KneoModel(BaseModel):
    """Base of every Kneo response model: immutable, strict, and keeps unknown fields."""

    model_config = ConfigDict(**STRICT_MODEL_CONFIG, frozen=True)
    # The kept unknown fields, typed here: pydantic then needs no look at BaseModel's own
    # annotation (which fails to resolve when Sphinx autodoc has documented another models
    # module first).
    __pydantic_extra__: dict[str, Any] = Field(init=False)
    """Fields the platform sent that this SDK does not know yet: kept as they came."""


class KneoRequest(BaseModel):
    """Base of every Kneo request body: immutable, strict, and closed (unknown fields fail)."""

    # STRICT_MODEL_CONFIG's strictness, closed. Spelled out (not ``**``-unpacked) so that
    # pydantic's mypy plugin sees ``extra="forbid"`` and reports a misspelled keyword too.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON body to send: the fields the caller set, and nothing else."""
        return self.model_dump(mode="json", exclude_unset=True, by_alias=True)


class _SpecSourceRequest(KneoRequest):
    """A ``/v1/specs/*`` body: the platform needs ``spec`` or ``spec_path``."""

    @model_validator(mode="after")
    def _needs_a_spec(self) -> Self:
        if getattr(self, "spec", None) is None and getattr(self, "spec_path", None) is None:
            raise ValueError(
                "set `spec` (an inline spec document) or `spec_path` (a server-side reference)"
            )
        return self


# --- errors -----------------------------------------------------------------------------------


class ErrorDetail(KneoModel):
    """The structured error envelope's ``detail`` (kneo_serv 0.6.0 and later).

    Further context keys (``limit``, ``scope``, ``metadata``, ...) may appear; they are kept.
    """

    error: str
    """Machine-readable code (snake_case), an open string: e.g. ``invalid_request``,
    ``spec_invalid``, ``unauthorized``, ``forbidden``, ``not_found``, ``run_state_conflict``,
    ``idempotency_key_in_progress``, ``idempotency_key_conflict``, ``human_task_expired``,
    ``payload_too_large``, ``guardrail_violation``, ``internal_error``, ``queue_full``,
    ``not_ready``."""
    message: str
    """Human-readable message."""
    resource: str | None = None
    """The resource the error is about, when there is one."""
    required_scope: str | None = None
    """The scope the key lacks (403)."""
    queue_depth: int | None = None
    """The run queue depth (503 ``queue_full``)."""
    max_body_bytes: int | None = None
    """The body limit (413 ``payload_too_large``)."""
    continuation_id: str | None = None
    """The human task (409 ``human_task_expired``)."""
    expires_at: float | None = None
    """The task deadline as epoch seconds (409 ``human_task_expired``)."""
    diagnostics: list[dict[str, Any]] = Field(default_factory=list)
    """Spec diagnostics (400 ``spec_invalid``)."""


class ErrorResponse(KneoModel):
    """The platform's error body for every non-2xx answer but FastAPI's request-validation 422."""

    detail: ErrorDetail | str
    """An :class:`ErrorDetail` (kneo_serv 0.6.0 and later) or, from older servers such as
    0.4.0, FastAPI's plain message string (no code)."""


class FieldError(KneoModel):
    """One problem of a request-validation 422 (the spec's ``ValidationError`` schema)."""

    loc: list[str | int]
    """Where the problem is, e.g. ``["body", "input"]``."""
    msg: str
    """What is wrong."""
    type: str
    """pydantic's error type, an open string: e.g. ``missing``, ``extra_forbidden`` (an unknown
    body field), ``string_type``."""
    ctx: dict[str, Any] = Field(default_factory=dict)
    """Error context."""
    input: Any = None
    """The offending input (``None`` when absent)."""


class HTTPValidationError(KneoModel):
    """FastAPI's request-validation 422 body: ``{"detail": [{"loc": ..., "msg": ..., ...}]}``."""

    detail: list[FieldError] = Field(default_factory=list)
    """The problems, one per offending field."""


# --- health -----------------------------------------------------------------------------------


class HealthResponse(KneoModel):
    """The answer of ``/v1/healthz``, ``/v1/livez`` and ``/v1/readyz``."""

    ok: bool
    """Overall pass/fail."""
    service: str = "kneo-serv-platform"
    """The service name."""
    version: str | None = None
    """The platform version (``None`` when absent)."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Per-check breakdown (database, queue, runtime registry, providers, MCP)."""


# --- runs -------------------------------------------------------------------------------------


class RunCreateRequest(KneoRequest):
    """Body of ``POST /v1/runs`` and ``POST /v1/specs/run``; ``input`` is required.

    There is no ``spec_id`` field: name the spec with ``spec_path`` or send it inline as ``spec``.
    """

    input: str
    """The run's input text."""
    async_mode: bool = False
    """Enqueue and answer at once with status ``queued`` instead of blocking until a terminal or
    blocked status."""
    environment: str | None = None
    """The environment whose policy gates the run."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Free-form metadata stored with the run."""
    overlays: list[str] = Field(default_factory=list)
    """Overlay names applied on top of the spec."""
    overrides: dict[str, Any] = Field(default_factory=dict)
    """Field overrides applied to the spec."""
    spec: dict[str, Any] | None = None
    """An inline spec document."""
    spec_path: str | None = None
    """A server-side spec reference."""
    target: str = "workflow"
    """What to run, an open string: ``workflow`` (the default) or ``agent``."""


class RunCreateResponse(KneoModel):
    """What creating, continuing or running a spec answers.

    ``status`` is an open string: ``queued`` (``async_mode``), ``running``, ``blocked`` (paused
    for human review, ``continuation_id`` set), ``completed`` (``output_text`` set), ``failed``,
    ``cancelled``, ``timed_out``, ``expired`` — or a newer value.
    """

    run_id: str | None
    """The run's id (required, may be null)."""
    status: str
    """The run status, an open string (see the class)."""
    continuation_id: str | None = None
    """Set when the run is blocked on a human task."""
    human_intervention_required: bool = False
    """Whether the run waits for a human."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Free-form run metadata."""
    output_text: str | None = None
    """The run's output, once completed."""


class RunStatusResponse(KneoModel):
    """One run (``GET /v1/runs/{run_id}``, ``POST .../cancel``).

    ``status`` is an open string: ``queued``, ``running``, ``blocked`` (paused for human review;
    ``pending_human_request`` and ``continuation_id`` set), ``completed`` (``output_text`` set),
    ``failed`` (``error`` set), ``cancelled``, ``timed_out``, ``expired`` — or a newer value
    (treat one that comes with ``completed_at`` as terminal). Older documentation calls the
    human-review pause ``paused_human_review``; the platform sends ``blocked``.
    """

    run_id: str
    """The run's id."""
    status: str
    """The run status, an open string (see the class)."""
    agent_name: str | None = None
    """The agent that runs it, if any."""
    continuation_id: str | None = None
    """The human task the run is blocked on."""
    current_node_id: str | None = None
    """The workflow node being executed."""
    current_step_index: int | None = None
    """The step being executed."""
    error: dict[str, Any] | None = None
    """Set on ``failed``: at least a ``message``."""
    input_text: str | None = None
    """The run's input."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Free-form run metadata."""
    output_text: str | None = None
    """The run's output, once completed."""
    pending_human_request: dict[str, Any] | None = None
    """Set on ``blocked``: the human request awaiting review (its ``id`` is the resume body's
    ``request_id``)."""
    trace_event_count: int = 0
    """How many trace events the run has recorded."""
    visited_nodes: list[str] = Field(default_factory=list)
    """Workflow nodes visited so far."""
    visited_steps: list[str] = Field(default_factory=list)
    """Steps visited so far."""
    workflow_kind: str | None = None
    """The workflow's kind, an open string."""
    workflow_name: str | None = None
    """The workflow's name."""


class RunListResponse(KneoModel):
    """One page of ``GET /v1/runs``; the last page is reached when ``offset + count >= total``."""

    count: int
    """Items on this page."""
    runs: list[dict[str, Any]]
    """Run summaries (at least ``run_id``, ``status``, ``updated_at``)."""
    limit: int = 100
    """The page size applied."""
    offset: int = 0
    """The offset applied."""
    sort_by: str | None = None
    """The sort key applied (a dotted path into the items)."""
    sort_order: str = "desc"
    """The sort order applied: ``asc`` or ``desc`` (an open string)."""
    total: int = 0
    """Items in the store matching the filters."""

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (``runs``), for :mod:`kneo_client.core.pagination`."""
        return self.runs


class TraceResponse(KneoModel):
    """One page of a run's trace (``GET /v1/runs/{run_id}/trace``)."""

    events: list[dict[str, Any]]
    """Trace events (tool calls, model calls, middleware decisions), each with ``event_type``
    and ``timestamp``."""
    run_id: str
    """The run's id."""
    count: int = 0
    """Items on this page."""
    limit: int = 100
    """The page size applied."""
    offset: int = 0
    """The offset applied."""
    sort_by: str | None = None
    """The sort key applied (a dotted path into the items)."""
    sort_order: str = "asc"
    """The sort order applied: ``asc`` or ``desc`` (an open string)."""
    total: int = 0
    """Items in the store matching the filters."""

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (``events``), for :mod:`kneo_client.core.pagination`."""
        return self.events


class CheckpointListResponse(KneoModel):
    """One page of a run's checkpoints (``GET /v1/runs/{run_id}/checkpoints``)."""

    checkpoints: list[dict[str, Any]]
    """Checkpoints, each with a monotonic ``sequence`` and a ``type`` (e.g. ``step_completed``,
    ``step_failed``)."""
    run_id: str
    """The run's id."""
    count: int = 0
    """Items on this page."""
    limit: int = 100
    """The page size applied."""
    offset: int = 0
    """The offset applied."""
    sort_by: str | None = None
    """The sort key applied (a dotted path into the items)."""
    sort_order: str = "asc"
    """The sort order applied: ``asc`` or ``desc`` (an open string)."""
    total: int = 0
    """Items in the store matching the filters."""

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (``checkpoints``), for :mod:`kneo_client.core.pagination`."""
        return self.checkpoints


class CheckpointDiffResponse(KneoModel):
    """The difference between two checkpoints (``GET /v1/runs/{run_id}/checkpoints/diff``)."""

    change_count: int
    """``len(added) + len(removed) + len(changed)``."""
    from_checkpoint: dict[str, Any]
    """The older checkpoint."""
    run_id: str
    """The run's id."""
    to_checkpoint: dict[str, Any]
    """The newer checkpoint."""
    added: list[dict[str, Any]] = Field(default_factory=list)
    """Entries only the newer checkpoint has."""
    changed: list[dict[str, Any]] = Field(default_factory=list)
    """Entries both have, with different values."""
    removed: list[dict[str, Any]] = Field(default_factory=list)
    """Entries only the older checkpoint has."""
    truncated: bool = False
    """True when the diff was capped."""


class RunReplayResponse(KneoModel):
    """A run's replay view (``GET /v1/runs/{run_id}/replay``); ``status`` is an open string."""

    run_id: str
    """The run's id."""
    status: str
    """The run status, an open string (see :class:`RunStatusResponse`)."""
    agent_name: str | None = None
    """The agent that ran it, if any."""
    checkpoint_count: int = 0
    """How many checkpoints the run has."""
    replay_context: dict[str, Any] = Field(default_factory=dict)
    """What a replay starts from."""
    timeline: list[dict[str, Any]] = Field(default_factory=list)
    """The run's events in order."""
    workflow_kind: str | None = None
    """The workflow's kind, an open string."""
    workflow_name: str | None = None
    """The workflow's name."""


class RunRecoveryResponse(KneoModel):
    """What recovering a run needs (``GET /v1/runs/{run_id}/recovery``)."""

    run_id: str
    """The run's id."""
    status: str
    """The run status, an open string (see :class:`RunStatusResponse`)."""
    checkpoint_count: int = 0
    """How many checkpoints the run has."""
    continuation_id: str | None = None
    """The human task the run is blocked on."""
    current_node_id: str | None = None
    """The workflow node being executed."""
    current_step_index: int | None = None
    """The step being executed."""
    error: dict[str, Any] | None = None
    """Set on ``failed``: at least a ``message``."""
    pending_human_request: dict[str, Any] | None = None
    """Set on ``blocked``: the human request awaiting review."""
    replay_context: dict[str, Any] = Field(default_factory=dict)
    """What a replay starts from."""
    visited_nodes: list[str] = Field(default_factory=list)
    """Workflow nodes visited so far."""
    visited_steps: list[str] = Field(default_factory=list)
    """Steps visited so far."""
    workflow_kind: str | None = None
    """The workflow's kind, an open string."""
    workflow_name: str | None = None
    """The workflow's name."""


# --- human tasks ------------------------------------------------------------------------------


class HumanTaskListResponse(KneoModel):
    """One page of ``GET /v1/human-tasks``."""

    count: int
    """Items on this page."""
    tasks: list[dict[str, Any]]
    """Continuation records keyed by ``id`` (the ``continuation_id``); later servers add
    ``run_id``, ``workflow_kind``, ``expires_at`` and ``status`` (an open string: ``pending``,
    ``escalated``, ...)."""
    limit: int = 100
    """The page size applied."""
    offset: int = 0
    """The offset applied."""
    sort_by: str | None = None
    """The sort key applied (a dotted path into the items)."""
    sort_order: str = "asc"
    """The sort order applied: ``asc`` or ``desc`` (an open string)."""
    total: int = 0
    """Items in the store matching the filters."""

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (``tasks``), for :mod:`kneo_client.core.pagination`."""
        return self.tasks


class HumanTaskResponse(KneoModel):
    """One human task (``GET /v1/human-tasks/{continuation_id}``)."""

    continuation_id: str
    """The task's id."""
    request: dict[str, Any] | None
    """The pending human request (required, may be null)."""


class HumanResumeRequest(KneoRequest):
    """Body of ``POST /v1/human-tasks/{continuation_id}/resume``: the reviewer's answer."""

    decision: str
    """The decision, an open string, in the past tense (``approve`` is a 422): ``approved``,
    ``edited`` and ``provided`` (carry ``content``), ``rejected``, ``selected`` (carries
    ``selected_option``)."""
    request_id: str
    """The pending human request's id (``pending_human_request["id"]``)."""
    content: str | None = None
    """The edited or provided content."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Free-form metadata stored with the decision."""
    selected_option: str | None = None
    """The option chosen (``selected``)."""


class HumanResumeResponse(KneoModel):
    """What resuming a human task answers: the run, resumed."""

    run_id: str | None
    """The run's id (required, may be null)."""
    status: str
    """The run status, an open string (see :class:`RunStatusResponse`)."""
    metadata: dict[str, Any] = Field(default_factory=dict)
    """Free-form run metadata."""
    output_text: str | None = None
    """The run's output, once completed."""


# --- audit, credentials, policies -------------------------------------------------------------


class AuditEventListResponse(KneoModel):
    """One page of ``GET /v1/audit-events``.

    0.4.0 servers send only ``count`` and ``events`` (and ignore ``offset``, ``principal`` and
    the sort); kneo_serv 0.6.0 and later add ``total``, ``limit``, ``offset`` and the sort echo,
    ``None`` here when absent. Without ``total``, a page shorter than ``limit`` is the last.
    """

    count: int
    """Events on this page."""
    events: list[dict[str, Any]]
    """Audit events, each with ``event_type`` (an open string, e.g. ``run.created``),
    ``run_id``, a timestamp and the request id."""
    total: int | None = None
    """Events in the store matching the filters (kneo_serv 0.6.0 and later)."""
    limit: int | None = None
    """The page size applied (kneo_serv 0.6.0 and later)."""
    offset: int | None = None
    """The offset applied (kneo_serv 0.6.0 and later)."""
    sort_by: str | None = None
    """The sort key applied (kneo_serv 0.6.0 and later)."""
    sort_order: str | None = None
    """The sort order applied: ``asc`` or ``desc``, an open string (kneo_serv 0.6.0 and
    later)."""

    @property
    def items(self) -> list[dict[str, Any]]:
        """The page's items (``events``), for :mod:`kneo_client.core.pagination`."""
        return self.events


class CredentialInventoryResponse(KneoModel):
    """Which credentials the platform has (``GET /v1/security/credentials``); no secrets."""

    inventory: dict[str, Any]
    """Section-keyed: ``providers``, ``extra``, ``service_tokens``, each a map of name to
    ``{name, env_var, present, value}`` where ``value`` is redacted or null."""


class EnvironmentPolicyListResponse(KneoModel):
    """Every environment's policy (``GET /v1/policies/environment``)."""

    count: int
    """How many environments have a policy."""
    policies: dict[str, dict[str, Any]]
    """Environment name → its policy object."""


class EnvironmentPolicyRequest(KneoRequest):
    """Body of ``PUT /v1/policies/environment/{environment}``: the whole policy.

    PUT replaces the stored policy; a field left out takes the server's default (the ones
    shown here).
    """

    blocked_diagnostic_codes: list[str] = Field(default_factory=list)
    """Diagnostic codes that block a spec in this environment."""
    deny_unrestricted_tools: bool = False
    """Reject specs with tools that have no restrictions."""
    enabled: bool = True
    """Whether the policy applies."""
    fail_on_warnings: bool = False
    """Treat warning diagnostics as blocking."""
    require_guardrails: bool = False
    """Reject specs without guardrails."""
    require_human_review: bool = False
    """Reject specs without a human-review step."""
    require_tool_permissions: bool = False
    """Reject specs whose tools declare no permissions."""


class EnvironmentPolicyResponse(KneoModel):
    """One environment's policy (GET and PUT ``/v1/policies/environment/{environment}``)."""

    environment: str
    """The environment's name."""
    policy: dict[str, Any] | None = None
    """The stored policy (``None`` when the environment has none)."""
    previous_policy: dict[str, Any] | None = None
    """On PUT, the policy it replaced, or ``None``."""


# --- specs ------------------------------------------------------------------------------------


class SpecValidateRequest(_SpecSourceRequest):
    """Body of ``POST /v1/specs/validate``; set ``spec`` or ``spec_path``."""

    environment: str | None = None
    """The environment whose policy applies."""
    overlays: list[str] = Field(default_factory=list)
    """Overlay names applied on top of the spec."""
    overrides: dict[str, Any] = Field(default_factory=dict)
    """Field overrides applied to the spec."""
    spec: dict[str, Any] | None = None
    """An inline spec document (an object, not a string)."""
    spec_path: str | None = None
    """A server-side spec reference."""


class SpecCompileRequest(_SpecSourceRequest):
    """Body of ``POST /v1/specs/compile``; set ``spec`` or ``spec_path``."""

    environment: str | None = None
    """The environment whose policy applies."""
    overlays: list[str] = Field(default_factory=list)
    """Overlay names applied on top of the spec."""
    overrides: dict[str, Any] = Field(default_factory=dict)
    """Field overrides applied to the spec."""
    spec: dict[str, Any] | None = None
    """An inline spec document (an object, not a string)."""
    spec_path: str | None = None
    """A server-side spec reference."""
    strict: bool = True
    """Fail on any diagnostic."""


class SpecExplainRequest(_SpecSourceRequest):
    """Body of ``POST /v1/specs/explain``; set ``spec`` or ``spec_path``.

    Only these two fields: 0.4.0 servers answer ``environment``, ``overlays`` or ``overrides``
    here with a 422 (later servers, 0.9.0 on, accept them; this pin does not).
    """

    spec: dict[str, Any] | None = None
    """An inline spec document (an object, not a string)."""
    spec_path: str | None = None
    """A server-side spec reference."""


class SpecPolicyReportRequest(_SpecSourceRequest):
    """Body of ``POST /v1/specs/policy-report``; set ``spec`` or ``spec_path``."""

    environment: str | None = None
    """The environment whose policy applies."""
    overlays: list[str] = Field(default_factory=list)
    """Overlay names applied on top of the spec."""
    overrides: dict[str, Any] = Field(default_factory=dict)
    """Field overrides applied to the spec."""
    spec: dict[str, Any] | None = None
    """An inline spec document (an object, not a string)."""
    spec_path: str | None = None
    """A server-side spec reference."""


class SpecValidateResponse(KneoModel):
    """What ``POST /v1/specs/validate`` answers."""

    valid: bool
    """Whether the spec is valid."""
    diagnostics: list[dict[str, Any]] = Field(default_factory=list)
    """Diagnostics, each with a ``code`` and a ``severity`` (open strings)."""


class SpecCompileResponse(KneoModel):
    """What ``POST /v1/specs/compile`` answers."""

    ok: bool
    """Whether the spec compiled."""
    diagnostics: list[dict[str, Any]] = Field(default_factory=list)
    """Diagnostics, each with a ``code`` and a ``severity`` (open strings)."""
    summary: dict[str, Any] = Field(default_factory=dict)
    """A summary of the compiled spec."""


class SpecExplainResponse(KneoModel):
    """What ``POST /v1/specs/explain`` answers."""

    summary: dict[str, Any]
    """The explanation of the spec."""


class SpecPolicyReportResponse(KneoModel):
    """What ``POST /v1/specs/policy-report`` answers."""

    report: dict[str, Any]
    """The policy outcomes."""
    valid: bool = True
    """Whether the spec passes the policy."""
