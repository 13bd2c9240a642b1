"""A stateful, in-memory fake of the Kneo Agent Platform /v1 (``specs/kneo/openapi.json``).

``create_app(KneoFakeConfig(...))`` returns a Starlette app; its state is ``app.state.fake`` (a
:class:`KneoFake`). Routing, both key schemes, request ids, FastAPI-style validation, rate
limits, idempotent replays and faults come from the spec-driven toolkit (``sdk_core.fakes``);
this module holds the runs, human tasks, checkpoints, traces, audit log, credential inventory
and environment policies (:mod:`._runs`, :mod:`._specs`, :mod:`._lists`). Everything is
deterministic for a given sequence of requests (ids from a seeded RNG, outcomes from the spec).

Rules worth knowing when writing tests against it:

* **Auth.** ``Authorization: Bearer <key>`` or ``X-Kneo-Api-Key: <key>``, for a key of
  ``api_keys`` (default: :data:`API_KEY`; ``api_keys=None`` accepts any key); anything else is
  401 ``unauthorized``. The health probes and ``GET /v1/openapi.json`` need no key. Each key
  acts as a principal named ``key_<12 hex digits>`` (:func:`principal_for`; never the key),
  which audit events record; all principals see the same platform.
* **Errors.** ``{"detail": {"error": "<code>", "message": "...", ...context}}`` (kneo_serv
  0.6.0's envelope; ``error_style="legacy"`` sends 0.4.0's ``{"detail": "<message>"}``).
  Request validation is FastAPI's 422 ``{"detail": [{"loc", "msg", "type", "input", "ctx"?}]}``:
  bad query parameters (``limit`` outside 1-1000, ``offset`` < 0, ``sort_order`` not ``asc`` /
  ``desc``), a body that is not JSON, a missing field (``missing``), an unknown one
  (``extra_forbidden``: request models are closed, so the page's ``{"spec_id": "x"}`` is a 422
  with both), a wrong type. Unknown query parameters are ignored. Every answer carries
  ``X-Request-ID``: the caller's when it sends one, else a generated ``req_...``.
* **Specs.** A run names its spec by ``spec_path`` (the catalog below) or sends it inline as
  ``spec`` (the document format and every diagnostic are in :mod:`._specs`); without either it
  runs the default echo agent. The catalog, and what a run of each does:

  ==========================  ============================================================
  ``specs/echo.yaml``         ``completed``, ``output_text`` = the input
  ``specs/review.yaml``       ``blocked`` at its ``review`` step (on_timeout: fail); carried
                              on by a decision it ``completed`` (approved: the input;
                              edited / provided: the ``content``; selected: the
                              ``selected_option``) or ``failed`` (rejected)
  ``specs/escalate.yaml``     as review.yaml, but past the deadline the task is
                              ``escalated`` (still resumable) and the run stays blocked
  ``specs/flaky.yaml``        ``failed`` at its ``parse`` step (``error.code`` step_failed)
  ``specs/slow.yaml``         ``timed_out`` (600 s of work under a 300 s timeout)
  ``specs/unsafe.yaml``       ``completed`` (warning ``unrestricted_tool``, no guardrails)
  ``specs/broken.yaml``       invalid (``unknown_step_kind``, ``missing_step_id``): 400
  ==========================  ============================================================

  A run of an invalid spec (or an unknown ``spec_path``: ``spec_not_found``) is 400
  ``spec_invalid`` with the spec's ``diagnostics``. ``specs.validate`` / ``compile`` /
  ``explain`` / ``policy_report`` need ``spec`` or ``spec_path`` (422 ``value_error``
  otherwise) and answer 200 with the diagnostics; compile's ``strict`` (default true) also
  fails on warnings.
* **Policies.** ``dev`` gates nothing; ``staging`` requires guardrails and blocks the
  ``unrestricted_tool`` diagnostic; ``prod`` requires guardrails, a human review step and tool
  permissions, denies unrestricted tools and fails on warnings. An environment without a policy
  gates nothing, and ``GET`` of it answers ``policy: null``. ``PUT`` replaces a policy (the
  missing fields take their defaults) and answers ``{environment, policy, previous_policy}``.
  A run with an ``environment`` whose policy refuses its spec is **400 ``spec_invalid``** with
  the violations (``policy.<rule>``) as ``diagnostics`` and the ``environment`` (not 422: the
  spec's 422 is FastAPI's list shape); ``specs.policy_report`` (and a run's ``policy-report``)
  previews exactly that decision: ``valid`` is false when such a run would be refused.
* **Time and runs.** ``async_mode=true`` answers ``queued``; the run is ``running`` after
  ``queue_seconds``, each ``llm`` / ``tool`` / ``fail`` step then takes ``step_seconds``
  (``sleep`` steps their own ``seconds``), and it ends when its last step does (or blocks at
  a review step). ``async_mode=false`` answers the terminal status, or ``blocked`` with
  ``human_intervention_required: true`` and ``continuation_id``, at once. A run's timeout is
  its spec's ``timeout_seconds``, else ``run_timeout_seconds``. A human task expires
  ``human_task_timeout_seconds`` (or the spec's ``human_review.timeout_seconds``) after it
  was created: under ``on_timeout: fail`` the run becomes ``expired``. Nothing moves on the
  default manual clock until ``advance(seconds)``.
* **Human tasks.** Items: ``id`` (= ``continuation_id``), ``run_id``, ``workflow_kind``,
  ``workflow_name``, ``step_id``, ``status`` (``pending``, ``escalated``; then ``resolved``,
  ``expired`` or ``cancelled``), ``created_at``, ``expires_at``, ``request`` (its ``id`` is
  what the resume body's ``request_id`` must name). The list holds every task (filters
  ``status``, ``run_id``, ``workflow_kind``); a resumed one leaves ``status=pending``.
  ``resume`` takes ``approved | edited | provided | rejected | selected`` (others: 422
  ``literal_error``; ``edited`` / ``provided`` need ``content``, ``selected`` needs
  ``selected_option``: 422 ``value_error``). ``runs.continue_`` carries a blocked run on as
  if approved. An unknown task is 404; an expired one 409 ``human_task_expired`` (with
  ``continuation_id`` and ``expires_at``); a task whose run is not blocked (resumed, cancelled)
  or a ``request_id`` that is not its request's is 409 ``run_state_conflict``, and so is
  ``continue`` of a run that is not blocked. ``cancel`` of an ended run answers it unchanged.
* **Trace and checkpoints.** Trace events (``event_type``: ``run_queued``, ``run_started``,
  ``middleware_decision``, ``model_call``, ``tool_call``, ``timer``, ``human_review_requested``,
  ``human_decision``, ``human_task_escalated``, ``run_<status>``) carry ``sequence``,
  ``timestamp``, ``step_id`` and ``data``; ``trace_event_count`` counts them. A checkpoint
  (``sequence`` from 1, ``type`` ``step_completed`` / ``step_failed`` /
  ``human_review_requested`` / ``human_review_resolved``, ``state``) is written per step;
  ``checkpoints/diff`` compares two states (default: the latest against the one before it;
  an unknown sequence, or a run without checkpoints, is 404). Replay and recovery are
  derived from both.
* **Audit.** Every mutation writes one event: ``run.created`` (runs and ``specs/run``),
  ``run.cancelled`` (not for a no-op cancel), ``run.continued``, ``human_task.resumed``,
  ``policy.updated``; each with ``event_id``, ``event_type``, ``run_id`` (null for policies),
  ``principal``, ``request_id``, ``timestamp`` = ``created_at``, ``resource`` and ``details``.
  An idempotent replay writes none. ``seed_audit_events(n)`` (or the ``audit_events`` setting)
  adds ``n`` at once; the default listing pages 10,000+ events without re-sorting them.
* **Lists.** ``limit`` 1-1000, ``offset`` >= 0, ``sort_by`` a dotted path (missing values
  last, ties in store order; ``desc`` is ``asc`` reversed), ``sort_order`` ``asc`` / ``desc``;
  answers echo ``limit`` / ``offset`` / ``sort_by`` / ``sort_order`` with ``total`` = the
  matching count (audit pages too).
* **Credentials.** ``{"inventory": {"providers": {...}, "extra": {...}, "service_tokens":
  {...}}}``, each entry ``{name, env_var, present, status, value}`` where ``value`` is
  ``"********"`` when present, else null: the fake holds no secret at all. ``providers`` /
  ``extras`` pick entries (an unknown name is reported missing); ``include_service_tokens=false``
  leaves that section out. Defaults: providers openai, anthropic (present), azure_openai;
  extra tavily (present), serpapi; service_tokens github (present), slack.
* **Idempotency.** On create run, ``specs/run``, resume and continue: the key is stripped
  (blank = none; longer than 256 is 400 ``invalid_idempotency_key``, on every POST); the same
  key with the same method, path and body replays the first 2xx (``Idempotent-Replayed:
  true``, this request's ``X-Request-ID``); with another path or body it is 409
  ``idempotency_key_conflict`` (keys are per API key, global across paths).
* **Limits and faults.** ``rate_limit_per_minute`` limits each key's POSTs (429
  ``rate_limited`` with ``Retry-After``); ``max_queue_depth`` makes an async run beyond that
  many queued ones 503 ``queue_full``; ``fake.ready = False`` makes ``readyz`` 503
  ``not_ready``; ``inject_faults`` / ``inject_malformed`` / ``inject_latency`` as for every fake.
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdk_core.fakes import (
    ApiError,
    Call,
    FakeConfig,
    SpecFake,
    check_int,
    check_number,
    digest,
    iso,
    validation_item,
)
from sdk_core.fakes import AsciiJSON as _JSON
from starlette.applications import Starlette
from starlette.responses import Response

from kneo_client.testing._lists import AuditLog, check_sort_order, page_of
from kneo_client.testing._runs import DECISIONS, HumanTask, Run
from kneo_client.testing._specs import (
    DEFAULT_POLICIES,
    AgentSpec,
    compile_summary,
    explain_summary,
    full_policy,
    policy_report,
    resolve,
    violations,
)

__all__ = [
    "API_KEY",
    "SPEC_PATH",
    "KneoFake",
    "KneoFakeConfig",
    "create_app",
    "principal_for",
]

# The pinned spec, shipped inside the generated package by tools.regen.
SPEC_PATH = Path(str(importlib.resources.files("_kneo_openapi").joinpath("openapi.json")))
#: The key the fake accepts by default (either scheme).
API_KEY = "kn_test_fake_0000000000000000"

JSON = dict[str, Any]
_SERVICE = "kneo-serv-platform"
_REDACTED = "********"
# The code of an error raised without one (the toolkit's 404 / 405 / 429, injected faults).
_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
_CREDENTIALS: Mapping[str, Mapping[str, tuple[str, bool]]] = {
    "providers": {
        "openai": ("OPENAI_API_KEY", True),
        "anthropic": ("ANTHROPIC_API_KEY", True),
        "azure_openai": ("AZURE_OPENAI_API_KEY", False),
    },
    "extra": {"tavily": ("TAVILY_API_KEY", True), "serpapi": ("SERPAPI_API_KEY", False)},
    "service_tokens": {"github": ("GITHUB_TOKEN", True), "slack": ("SLACK_BOT_TOKEN", False)},
}
_SEEDED_TYPES = ("run.created", "run.cancelled", "run.continued", "human_task.resumed")
_MAX_DIFF = 200

_CREATE_RUN = "create_run_v1_runs_post"
_RUN_SPEC = "run_spec_v1_specs_run_post"
_RESUME = "resume_human_task_v1_human_tasks__continuation_id__resume_post"
_CONTINUE = "continue_run_v1_runs__run_id__continue_post"


def principal_for(api_key: str) -> str:
    """The principal name the fake records for ``api_key`` (a digest, never the key)."""
    return f"key_{digest('kneo-principal', api_key)[:12]}"


@dataclass(frozen=True, slots=True)
class KneoFakeConfig(FakeConfig):
    """How the fake behaves; limits are off by default.

    Attributes:
        queue_seconds: fake-clock time an async run stays ``queued``.
        step_seconds: fake-clock time an async run's ``llm`` / ``tool`` / ``fail`` step takes.
        run_timeout_seconds: a run's timeout when its spec sets none.
        human_task_timeout_seconds: a human task's deadline when its spec sets none.
        api_keys: the accepted keys (None: any key; each is its own principal).
        max_queue_depth: queued async runs before ``POST /v1/runs`` is 503 ``queue_full``.
        audit_events: audit events seeded on creation (see :meth:`KneoFake.seed_audit_events`).
        error_style: ``"envelope"`` (``{"detail": {"error", "message"}}``) or ``"legacy"``
            (0.4.0's ``{"detail": "<message>"}``).
        version: what the health probes report.

    ``rate_limit_per_minute`` (POSTs per key per sliding minute), ``seed``, ``clock`` and
    ``start_time`` are :class:`~sdk_core.fakes.FakeConfig`'s.
    """

    queue_seconds: float = 1.0
    step_seconds: float = 1.0
    run_timeout_seconds: float = 3600.0
    human_task_timeout_seconds: float = 3600.0
    api_keys: frozenset[str] | None = frozenset({API_KEY})
    max_queue_depth: int | None = None
    audit_events: int = 0
    error_style: str = "envelope"
    version: str = "0.4.0"

    def __post_init__(self) -> None:
        FakeConfig.__post_init__(self)
        check_number(self, "queue_seconds")
        check_number(self, "step_seconds")
        check_number(self, "run_timeout_seconds")
        check_number(self, "human_task_timeout_seconds")
        check_int(self, "max_queue_depth", minimum=0, optional=True)
        check_int(self, "audit_events", minimum=0)
        if self.error_style not in {"envelope", "legacy"}:
            raise ValueError(
                f"error_style must be 'envelope' or 'legacy', got {self.error_style!r}"
            )
        if self.api_keys is not None:
            keys = frozenset(self.api_keys)
            if not keys or not all(isinstance(k, str) and k for k in keys):
                raise ValueError("api_keys must be non-empty strings (or None: any key)")
            object.__setattr__(self, "api_keys", keys)


@dataclass(frozen=True)
class _Principal:
    """Who a key acts as; rate limits and idempotency keys are per key."""

    name: str

    @property
    def scope(self) -> str:
        """The key's own partition."""
        return self.name


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """A state as ``{dotted path: value}`` (objects opened, everything else a value)."""
    if isinstance(node, Mapping) and node:
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: node} if prefix else {}


class KneoFake(SpecFake[_Principal]):
    """The fake's whole state, its handlers (one per operationId) and the hooks tests use.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    spec_path = SPEC_PATH
    key_pattern = re.compile(r"[\x21-\x7e]{1,4096}")
    conflict_status = 409
    request_id_header = "X-Request-ID"
    fastapi_validation = True
    idempotency_scope = "key"
    idempotency_key_max = 256
    idempotent_operations = frozenset({_CREATE_RUN, _RUN_SPEC, _RESUME, _CONTINUE})

    def __init__(self, config: KneoFakeConfig | None = None) -> None:
        self.config = config or KneoFakeConfig()
        super().__init__(self.config)
        #: False: ``GET /v1/readyz`` answers 503 ``not_ready``.
        self.ready = True
        self._runs: dict[str, Run] = {}
        self._live: set[str] = set()  # runs that have not ended (time may move them on)
        self._tasks: dict[str, HumanTask] = {}
        self._policies: dict[str, JSON] = {
            name: full_policy(fields) for name, fields in DEFAULT_POLICIES.items()
        }
        self._credentials: dict[str, dict[str, tuple[str, bool]]] = {
            section: dict(entries) for section, entries in _CREDENTIALS.items()
        }
        self._audit = AuditLog()
        if self.config.audit_events:
            self.seed_audit_events(self.config.audit_events)

    def authenticate(self, token: str) -> _Principal:
        """A key of ``api_keys`` (any key when it is None); else 401 ``unauthorized``."""
        keys = self.config.api_keys
        if keys is not None and token not in keys:
            raise ApiError(401, "invalid API key", code="unauthorized")
        return _Principal(principal_for(token))

    def error_answer(self, error: ApiError, request_id: str) -> Response:
        """Kneo's error body: FastAPI's list for validation, else the envelope (or legacy)."""
        headers = {**error.headers, self.request_id_header: request_id}
        body: JSON
        if isinstance(error.detail, list):
            body = {"detail": error.detail}
        elif self.config.error_style == "legacy":
            body = {"detail": str(error.detail)}
        else:
            code = error.code or _CODES.get(error.status, "error")
            body = {"detail": {**error.extra, "error": code, "message": str(error.detail)}}
        return _JSON(body, status_code=error.status, headers=headers)

    # -- test hooks

    def seed_audit_events(
        self,
        n: int,
        *,
        event_type: str | None = None,
        run_id: str | None = None,
        principal: str | None = None,
    ) -> None:
        """Append ``n`` audit events at once, stamped now (for paging tests and benchmarks).

        Without ``event_type`` they cycle through run.created, run.cancelled, run.continued
        and human_task.resumed; ``run_id`` defaults to ``run_seed_<i>``, ``principal`` to
        ``seeded``; request ids are ``req_seed_<i>``.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be an integer >= 0, got {n!r}")
        with self._lock:
            stamp = iso(self.now())
            start = len(self._audit)
            self._audit.extend(
                {
                    "event_id": f"aud_{start + i + 1:08d}",
                    "event_type": event_type or _SEEDED_TYPES[i % len(_SEEDED_TYPES)],
                    "run_id": run_id or f"run_seed_{start + i:06d}",
                    "principal": principal or "seeded",
                    "request_id": f"req_seed_{start + i:06d}",
                    "timestamp": stamp,
                    "created_at": stamp,
                    "resource": {"type": "run", "id": run_id or f"run_seed_{start + i:06d}"},
                    "details": {"seeded": True},
                }
                for i in range(n)
            )

    def audit_events(self) -> list[JSON]:
        """Every audit event, oldest first."""
        with self._lock:
            return self._audit.events()

    def run_ids(self) -> list[str]:
        """Every run's id, oldest first."""
        with self._lock:
            return list(self._runs)

    def run(self, run_id: str) -> JSON:
        """A run as ``GET /v1/runs/{run_id}`` answers it now (KeyError if unknown)."""
        with self._lock:
            self._settle()
            return self._runs[run_id].status_json()

    def human_task_ids(self, *, open_only: bool = False) -> list[str]:
        """Every human task's continuation id, oldest first (``open_only``: pending/escalated)."""
        with self._lock:
            self._settle()
            return [t.id for t in self._tasks.values() if t.open or not open_only]

    def set_credential(
        self, section: str, name: str, *, present: bool, env_var: str | None = None
    ) -> None:
        """Add or change an inventory entry (``section``: providers, extra or service_tokens)."""
        with self._lock:
            entries = self._credentials[section]
            env = env_var or entries.get(name, (_env_name(name), False))[0]
            entries[name] = (env, present)

    def policies(self) -> dict[str, JSON]:
        """The stored policies by environment."""
        with self._lock:
            return {k: dict(v) for k, v in self._policies.items()}

    # -- state

    def _settle(self) -> None:
        """Apply what time has done to every run that has not ended (caller holds the lock)."""
        now = self.now()
        for run_id in list(self._live):
            run = self._runs[run_id]
            run.settle(now)
            self._track(run)

    def _track(self, run: Run) -> None:
        for task in run.tasks:
            self._tasks.setdefault(task.id, task)
        if run.terminal:
            self._live.discard(run.run_id)

    def _run(self, call: Call[_Principal]) -> Run:
        run = self._runs.get(call.path["run_id"])
        if run is None:
            raise ApiError(404, "no such run", code="not_found")
        return run

    def _audit_event(
        self,
        call: Call[_Principal],
        event_type: str,
        run_id: str | None,
        resource: JSON,
        **details: Any,
    ) -> None:
        stamp = iso(self.now())
        self._audit.append(
            {
                "event_id": f"aud_{len(self._audit) + 1:08d}",
                "event_type": event_type,
                "run_id": run_id,
                "principal": call.caller.name,
                "request_id": call.request_id,
                "timestamp": stamp,
                "created_at": stamp,
                "resource": resource,
                "details": details,
            }
        )

    def _spec_of(self, body: Mapping[str, Any], *, required: bool) -> AgentSpec:
        spec, spec_path = body.get("spec"), body.get("spec_path")
        if required and spec is None and spec_path is None:
            raise ApiError(
                422,
                [
                    validation_item(
                        ["body"],
                        "value_error",
                        "Value error, either spec or spec_path must be set",
                        body,
                        {"error": "either spec or spec_path must be set"},
                    )
                ],
            )
        return resolve(spec, spec_path, body.get("overlays") or (), body.get("overrides"))

    def _policy(self, environment: str | None) -> JSON | None:
        return self._policies.get(environment) if environment else None

    async def _create(self, call: Call[_Principal], origin: str) -> Response:
        body: JSON = call.body
        spec = self._spec_of(body, required=False)
        if not spec.valid:
            raise ApiError(
                400,
                "the spec is invalid (see diagnostics)",
                code="spec_invalid",
                extra={"diagnostics": list(spec.diagnostics)},
            )
        environment = body.get("environment")
        async_mode = bool(body.get("async_mode", False))
        with self._lock:
            self._settle()
            refused = violations(spec, self._policy(environment))
            if refused:
                raise ApiError(
                    400,
                    "the environment's policy refuses this spec (see diagnostics)",
                    code="spec_invalid",
                    extra={"diagnostics": refused, "environment": environment},
                )
            depth = sum(1 for r in self._live if self._runs[r].status == "queued")
            limit = self.config.max_queue_depth
            if async_mode and limit is not None and depth >= limit:
                wait = max(1, math.ceil(self.config.queue_seconds))
                raise ApiError(
                    503,
                    f"the run queue is full ({depth} queued)",
                    {"Retry-After": str(wait)},
                    code="queue_full",
                    extra={"queue_depth": depth},
                )
            now = self.now()
            run = Run(
                run_id=f"run_{self.new_hex(24)}",
                spec=spec,
                input_text=body["input"],
                created=now,
                async_mode=async_mode,
                environment=environment,
                metadata=dict(body.get("metadata") or {}),
                target=str(body.get("target", "workflow")),
                origin=origin,
                principal=call.caller.name,
                queue_seconds=self.config.queue_seconds,
                step_seconds=self.config.step_seconds,
                run_timeout=self.config.run_timeout_seconds,
                review_timeout=self.config.human_task_timeout_seconds,
                new_id=lambda prefix: f"{prefix}_{self.new_hex(24)}",
            )
            self._runs[run.run_id] = run
            self._live.add(run.run_id)
            run.execute(now)
            self._track(run)
            self._audit_event(
                call,
                "run.created",
                run.run_id,
                {"type": "run", "id": run.run_id},
                origin=origin,
                status=run.status,
                spec=spec.name,
                environment=environment,
            )
            return _JSON(run.create_json())

    # -- handlers, by operationId: health

    def _health(self) -> JSON:
        with self._lock:
            queued = sum(1 for r in self._live if self._runs[r].status == "queued")
            present = sum(1 for _, ok in self._credentials["providers"].values() if ok)
        return {
            "ok": True,
            "service": _SERVICE,
            "version": self.config.version,
            "metadata": {
                "database": {"ok": True},
                "queue": {"ok": True, "depth": queued},
                "runtime_registry": {"ok": True},
                "providers": {"ok": True, "present": present},
                "mcp": {"ok": True},
            },
        }

    async def on_healthz_v1_healthz_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/healthz``."""
        return _JSON(self._health())

    async def on_livez_v1_livez_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/livez``: the process is alive (no dependency is checked)."""
        return _JSON({"ok": True, "service": _SERVICE, "version": self.config.version})

    async def on_readyz_v1_readyz_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/readyz``: 503 ``not_ready`` while ``fake.ready`` is False."""
        if not self.ready:
            raise ApiError(503, "the platform is not ready", {"Retry-After": "1"}, code="not_ready")
        return _JSON(self._health())

    # -- runs

    async def on_list_runs_v1_runs_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/runs``: filter ``status``; sorted by ``updated_at`` desc by default."""
        status = call.query.get("status")
        with self._lock:
            self._settle()
            runs = [
                r.summary_json()
                for r in self._runs.values()
                if status is None or r.status == status
            ]
        return _JSON(page_of("runs", runs, call.query))

    async def on_create_run_v1_runs_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/runs``."""
        return await self._create(call, "runs.create")

    async def on_run_spec_v1_specs_run_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/specs/run``: a run like ``POST /v1/runs`` (audited with origin specs.run)."""
        return await self._create(call, "specs.run")

    async def on_get_run_v1_runs__run_id__get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/runs/{run_id}``."""
        with self._lock:
            self._settle()
            return _JSON(self._run(call).status_json())

    async def on_cancel_run_v1_runs__run_id__cancel_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/runs/{run_id}/cancel``: an ended run is answered unchanged (no audit)."""
        with self._lock:
            self._settle()
            run = self._run(call)
            if run.cancel(self.now()):
                self._track(run)
                self._audit_event(
                    call, "run.cancelled", run.run_id, {"type": "run", "id": run.run_id}
                )
            return _JSON(run.status_json())

    async def on_continue_run_v1_runs__run_id__continue_post(
        self, call: Call[_Principal]
    ) -> Response:
        """``POST /v1/runs/{run_id}/continue``: a blocked run carries on as if approved."""
        with self._lock:
            self._settle()
            run = self._run(call)
            if run.status != "blocked":
                raise ApiError(
                    409,
                    f"the run is {run.status}, not blocked",
                    code="run_state_conflict",
                    extra={"resource": run.run_id},
                )
            task = run.task
            run.decide(self.now(), "approved", via="continue", principal=call.caller.name)
            self._track(run)
            self._audit_event(
                call,
                "run.continued",
                run.run_id,
                {"type": "run", "id": run.run_id},
                continuation_id=None if task is None else task.id,
                status=run.status,
            )
            return _JSON(run.create_json())

    async def on_get_trace_v1_runs__run_id__trace_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/runs/{run_id}/trace``: filter ``event_type``; by ``timestamp`` asc."""
        kind = call.query.get("event_type")
        with self._lock:
            self._settle()
            run = self._run(call)
            events = [e for e in run.events if kind is None or e["event_type"] == kind]
        return _JSON(page_of("events", events, call.query, run_id=run.run_id))

    async def on_get_replay_view_v1_runs__run_id__replay_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/runs/{run_id}/replay``: the timeline (from the trace) and checkpoints."""
        with self._lock:
            self._settle()
            return _JSON(self._run(call).replay_json())

    async def on_list_checkpoints_v1_runs__run_id__checkpoints_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/runs/{run_id}/checkpoints``: filter ``type``; by ``sequence`` asc."""
        kind = call.query.get("type")
        with self._lock:
            self._settle()
            run = self._run(call)
            found = [c for c in run.checkpoints if kind is None or c["type"] == kind]
        return _JSON(page_of("checkpoints", found, call.query, run_id=run.run_id))

    async def on_diff_checkpoints_v1_runs__run_id__checkpoints_diff_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/runs/{run_id}/checkpoints/diff``: by default, the latest vs the one before."""
        with self._lock:
            self._settle()
            run = self._run(call)
            checkpoints = list(run.checkpoints)
        if not checkpoints:
            raise ApiError(404, "the run has no checkpoints yet", code="not_found")
        by_sequence = {c["sequence"]: c for c in checkpoints}
        to_sequence, from_sequence = call.query.get("to_sequence"), call.query.get("from_sequence")
        if to_sequence is not None and to_sequence not in by_sequence:
            raise ApiError(404, "no checkpoint with this to_sequence", code="not_found")
        if from_sequence is not None and from_sequence not in by_sequence:
            raise ApiError(404, "no checkpoint with this from_sequence", code="not_found")
        to = checkpoints[-1] if to_sequence is None else by_sequence[to_sequence]
        before = by_sequence.get(
            to["sequence"] - 1, {"sequence": 0, "type": "initial", "state": {}}
        )
        start = before if from_sequence is None else by_sequence[from_sequence]
        old, new = _flatten(start["state"]), _flatten(to["state"])
        added = [{"path": p, "value": new[p]} for p in new if p not in old]
        removed = [{"path": p, "value": old[p]} for p in old if p not in new]
        changed = [
            {"path": p, "from": old[p], "to": new[p]} for p in new if p in old and old[p] != new[p]
        ]
        truncated = max(len(added), len(removed), len(changed)) > _MAX_DIFF
        added, removed, changed = added[:_MAX_DIFF], removed[:_MAX_DIFF], changed[:_MAX_DIFF]
        return _JSON(
            {
                "run_id": run.run_id,
                "from_checkpoint": start,
                "to_checkpoint": to,
                "added": added,
                "removed": removed,
                "changed": changed,
                "change_count": len(added) + len(removed) + len(changed),
                "truncated": truncated,
            }
        )

    async def on_get_run_policy_report_v1_runs__run_id__policy_report_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/runs/{run_id}/policy-report``: the run's spec against its environment."""
        with self._lock:
            run = self._run(call)
            return _JSON(policy_report(run.spec, run.environment, self._policies))

    async def on_get_recovery_context_v1_runs__run_id__recovery_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/runs/{run_id}/recovery``."""
        with self._lock:
            self._settle()
            return _JSON(self._run(call).recovery_json())

    # -- human tasks

    async def on_list_human_tasks_v1_human_tasks_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/human-tasks``: filters ``status``, ``run_id``, ``workflow_kind``."""
        wanted = {
            name: call.query.get(name)
            for name in ("status", "run_id", "workflow_kind")
            if call.query.get(name) is not None
        }
        with self._lock:
            self._settle()
            tasks = [t.to_json() for t in self._tasks.values()]
        tasks = [t for t in tasks if all(t[k] == v for k, v in wanted.items())]
        return _JSON(page_of("tasks", tasks, call.query))

    async def on_get_human_task_v1_human_tasks__continuation_id__get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/human-tasks/{continuation_id}``."""
        with self._lock:
            self._settle()
            task = self._tasks.get(call.path["continuation_id"])
            if task is None:
                raise ApiError(404, "no such human task", code="not_found")
            return _JSON(task.to_json())

    async def on_resume_human_task_v1_human_tasks__continuation_id__resume_post(
        self, call: Call[_Principal]
    ) -> Response:
        """``POST /v1/human-tasks/{continuation_id}/resume``: the decision carries the run on."""
        body: JSON = call.body
        decision = body["decision"]
        _check_decision(body)
        with self._lock:
            self._settle()
            task = self._tasks.get(call.path["continuation_id"])
            if task is None:
                raise ApiError(404, "no such human task", code="not_found")
            if task.status == "expired":
                raise ApiError(
                    409,
                    "the human task passed its deadline",
                    code="human_task_expired",
                    extra={"continuation_id": task.id, "expires_at": task.expires},
                )
            run = self._runs[task.run_id]
            if not task.open or run.task is not task:
                raise ApiError(
                    409,
                    f"the run is {run.status}: the task is {task.status}",
                    code="run_state_conflict",
                    extra={"resource": run.run_id},
                )
            if body["request_id"] != task.request["id"]:
                raise ApiError(
                    409,
                    "request_id does not name the task's pending request",
                    code="run_state_conflict",
                    extra={"resource": run.run_id},
                )
            run.decide(
                self.now(),
                decision,
                content=body.get("content"),
                selected_option=body.get("selected_option"),
                via="resume",
                principal=call.caller.name,
                metadata=body.get("metadata"),
            )
            self._track(run)
            self._audit_event(
                call,
                "human_task.resumed",
                run.run_id,
                {"type": "human_task", "id": task.id},
                decision=decision,
                status=run.status,
            )
            return _JSON(
                {
                    "run_id": run.run_id,
                    "status": run.status,
                    "output_text": run.output_text,
                    "metadata": {"continuation_id": task.id, "decision": decision},
                }
            )

    # -- audit, credentials, policies

    async def on_list_audit_events_v1_audit_events_get(self, call: Call[_Principal]) -> Response:
        """``GET /v1/audit-events``: filters ``event_type``, ``run_id``, ``principal``."""
        query = call.query
        sort_order = check_sort_order(query["sort_order"])
        filters = {name: query.get(name) for name in ("event_type", "run_id", "principal")}
        with self._lock:
            events, total = self._audit.query(
                filters, str(query["sort_by"]), sort_order, query["limit"], query["offset"]
            )
        return _JSON(
            {
                "events": events,
                "count": len(events),
                "total": total,
                "limit": query["limit"],
                "offset": query["offset"],
                "sort_by": query["sort_by"],
                "sort_order": sort_order,
            }
        )

    async def on_credential_inventory_v1_security_credentials_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/security/credentials``: references only, never secret material."""
        picks: dict[str, list[str] | None] = {
            "providers": call.query.get("providers"),
            "extra": call.query.get("extras"),
            "service_tokens": None,
        }
        sections = ["providers", "extra"]
        if call.query.get("include_service_tokens", True):
            sections.append("service_tokens")
        inventory: JSON = {}
        with self._lock:
            for section in sections:
                stored = self._credentials[section]
                picked = picks[section]
                names = list(stored) if picked is None else picked
                inventory[section] = {
                    name: _entry(name, *stored.get(name, (_env_name(name), False)))
                    for name in names
                }
        return _JSON({"inventory": inventory})

    async def on_list_environment_policies_v1_policies_environment_get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/policies/environment``."""
        policies = self.policies()
        return _JSON({"count": len(policies), "policies": policies})

    async def on_get_environment_policy_v1_policies_environment__environment__get(
        self, call: Call[_Principal]
    ) -> Response:
        """``GET /v1/policies/environment/{environment}``: ``policy: null`` when it has none."""
        environment = call.path["environment"]
        with self._lock:
            policy = self._policies.get(environment)
        return _JSON({"environment": environment, "policy": policy, "previous_policy": None})

    async def on_put_environment_policy_v1_policies_environment__environment__put(
        self, call: Call[_Principal]
    ) -> Response:
        """``PUT /v1/policies/environment/{environment}``: replaces the whole policy."""
        environment = call.path["environment"]
        policy = full_policy(call.body)
        with self._lock:
            previous = self._policies.get(environment)
            self._policies[environment] = policy
            self._audit_event(
                call,
                "policy.updated",
                None,
                {"type": "policy", "id": environment},
                environment=environment,
            )
        return _JSON({"environment": environment, "policy": policy, "previous_policy": previous})

    # -- specs

    async def on_validate_spec_v1_specs_validate_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/specs/validate``: diagnostics, with the environment's violations."""
        spec = self._spec_of(call.body, required=True)
        with self._lock:
            refused = violations(spec, self._policy(call.body.get("environment")))
        diagnostics = [*spec.diagnostics, *refused]
        return _JSON(
            {
                "valid": spec.valid and not refused,
                "diagnostics": diagnostics,
                "spec": spec.brief(),
            }
        )

    async def on_compile_spec_v1_specs_compile_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/specs/compile``: ``ok`` unless errors (or, when ``strict``, warnings)."""
        spec = self._spec_of(call.body, required=True)
        with self._lock:
            refused = violations(spec, self._policy(call.body.get("environment")))
        strict = bool(call.body.get("strict", True))
        ok = spec.valid and not refused and not (strict and spec.warnings)
        return _JSON(
            {
                "ok": ok,
                "diagnostics": [*spec.diagnostics, *refused],
                "summary": {**compile_summary(spec), "strict": strict},
            }
        )

    async def on_explain_spec_v1_specs_explain_post(self, call: Call[_Principal]) -> Response:
        """``POST /v1/specs/explain``."""
        return _JSON({"summary": explain_summary(self._spec_of(call.body, required=True))})

    async def on_policy_report_spec_v1_specs_policy_report_post(
        self, call: Call[_Principal]
    ) -> Response:
        """``POST /v1/specs/policy-report``: what a run of the spec in the environment meets."""
        spec = self._spec_of(call.body, required=True)
        with self._lock:
            return _JSON(policy_report(spec, call.body.get("environment"), self._policies))


def _check_decision(body: Mapping[str, Any]) -> None:
    """The resume body's rules beyond its schema, checked as FastAPI's model would (422)."""
    decision = body["decision"]
    if decision not in DECISIONS:
        expected = ", ".join(f"'{d}'" for d in DECISIONS[:-1]) + f" or '{DECISIONS[-1]}'"
        raise ApiError(
            422,
            [
                validation_item(
                    ["body", "decision"],
                    "literal_error",
                    f"Input should be {expected}",
                    decision,
                    {"expected": expected},
                )
            ],
        )
    needs = {"edited": "content", "provided": "content", "selected": "selected_option"}.get(
        decision
    )
    if needs is not None and not isinstance(body.get(needs), str):
        raise ApiError(
            422,
            [
                validation_item(
                    ["body", needs],
                    "value_error",
                    f"Value error, a decision of {decision} carries {needs}",
                    body.get(needs),
                    {"error": f"{decision} needs {needs}"},
                )
            ],
        )


def _env_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", name.upper()) + "_API_KEY"


def _entry(name: str, env_var: str, present: bool) -> JSON:
    return {
        "name": name,
        "env_var": env_var,
        "present": present,
        "status": "present" if present else "missing",
        "value": _REDACTED if present else None,
    }


def create_app(config: KneoFakeConfig | None = None) -> Starlette:
    """A fresh fake Kneo Agent Platform; its state is ``app.state.fake``."""
    return KneoFake(config).app()
