"""A stateful, in-memory fake of Polarity Keystone (``specs/keystone/openapi.json``, 0.3.3).

``create_app(KeystoneFakeConfig(...))`` returns a Starlette app; its state is
``app.state.fake`` (a :class:`KeystoneFake`). Routing, bearer keys, request ids, parameter and
body validation, rate limits, idempotent replays and faults come from the spec-driven toolkit
(``sdk_core.fakes``); this module holds Keystone's state machines: sandboxes (:mod:`._sandbox`),
specs (:mod:`._specs`), experiments, alerts and scores (:mod:`._experiments`), agents
(:mod:`._agents`), datasets, traces (:mod:`._traces`) and prompts (:mod:`._prompts`). Every
answer is deterministic for a given sequence of requests (ids from a seeded generator, results
from the specs, snapshot ids from content).

Rules worth knowing when writing tests against it:

* **Keys.** ``Authorization: Bearer <key>`` with a key of ``api_keys`` (default: :data:`API_KEY`;
  ``api_keys=None`` accepts any key); anything else is 401. ``GET /health`` and
  ``GET /v1/openapi.json`` need no key. Each key is a principal (``user_<12 hex>``, see
  :func:`principal_for`; prompts record it as ``user_id``); all keys see the same state.
  ``X-Polarity-Workspace`` is accepted whatever it says, unless ``workspaces`` lists the
  allowed ones (then any other is 403).
* **Errors.** ``{"error": "<message>", "code": "<code>", "request_id": "req_..."}`` with the
  status the spec declares: 400 (a query or header parameter its schema refuses, a cursor not
  from this fake, a body that is not JSON / YAML / UTF-8, a ``Content-Type`` other than the
  operation's), 401, 403, 404 (no such resource, or a path parameter that cannot name one: a
  non-integer ``version``), 409 (state conflicts below, an ``Idempotency-Key`` reused with
  another body), 422 (a body its schema refuses — ``"body.<field>: <problem>"``, never quoting
  a value — or a field rule below), 429 (``rate_limit_per_minute``, with ``Retry-After``), 503
  (``fake.set_healthy(False)`` for ``/health``). Every answer carries ``X-Request-ID``: the
  caller's when it sends a sane one, else ``req_<24 hex>``.
* **Idempotency.** Every POST takes ``Idempotency-Key``: the same key, path and body replay the
  first 2xx (``Idempotent-Replayed: true``), another body is 409; keys are per API key.
  Uploads are not compared (the same key replays whatever was uploaded).
* **Paging.** Agents, agent versions, and the exports of traces, spans, scenarios and scores
  answer ``{items, next_cursor}``; pass ``next_cursor`` back as ``cursor`` (``limit`` default
  100, no maximum); ``next_cursor`` is null on the last page. Cursors are opaque, URL-safe
  (no ``+``, ``/`` or ``=``) and tied to their collection. The other lists are bare arrays in
  creation order.
* **Specs.** ``POST /v1/specs`` takes YAML (``Content-Type: application/x-yaml``); the format
  and the invariant checks are in :mod:`._specs`. Posting a spec whose ``id`` exists replaces
  it and bumps its ``version`` (1, 2, ...). The fake starts with :data:`CATALOG`
  (``fix-failing-test``: four scenarios — pass, fail, flaky, error; ``hello-world``: one that
  passes); ``catalog=False`` starts empty. Sandboxes and experiments keep the spec as it was.
* **Sandboxes.** ``POST /v1/sandboxes`` needs an existing ``spec_id`` (404) and a ``timeout``
  that is a duration (``10m``, ``90s``, ``1h``, ``250ms``; else 422). A sandbox is
  ``starting`` for ``sandbox_boot_seconds`` (default 0), then ``running``, then ``expired``
  after its timeout (default ``sandbox_timeout_seconds``, 3600); only a running one runs
  commands or takes writes (409 otherwise); reads, state, diff, trace and file deletion work
  in any state, until it is destroyed (404). Its ``services`` are the spec's (``ready`` once
  running), its files the spec's ``files``. ``secrets`` are kept by name only (``printenv``
  shows ``***``). File paths are relative to ``/workspace`` (a leading ``/`` or
  ``/workspace/`` is dropped; ``..`` that climbs out is 422 on write, 404 on read); in the URL
  a path's ``/`` may be raw or ``%2F``. Reads answer ``application/octet-stream``. ``state``
  lists every file (size, mode ``0644``, ``sha256:`` checksum); ``diff`` compares with the
  tree the sandbox was created with. Commands: :mod:`._sandbox` (never a real shell).
* **Experiments.** ``create`` needs an existing spec (404) and stays ``created`` until
  ``POST .../run`` (202); runs progress on the fake's clock, ``scenario_seconds`` (default 1)
  per scenario; ``GET /v1/experiments/{id}`` is the latest run's ``RunResults``, its counters
  filled as scenarios finish (so ``run_and_wait`` ends). Results, metrics, comparisons,
  alerts and scores: :mod:`._experiments`. ``compare`` needs both ids (404).
* **Traces.** Both ingest paths take ``{events: [...]}`` (each event needs ``ts``,
  ``event_type``, ``span_id``) and answer ``{"accepted": n}``; the sandbox path needs a live
  sandbox (404) and stamps ``sandbox_id`` on events that lack it. Exports and the span merge:
  :mod:`._traces`. ``since`` is ISO-8601 or a duration back from now (``24h``); anything else
  is 400. ``GET /v1/traces/{trace_id}`` is ``{trace_id, root, span_count, duration_ms, spans,
  children}`` (404 when no span has that trace id). ``GET /v1/sandboxes/{id}/trace`` is the
  sandbox's events and ``metrics`` ``{event_count, span_count, llm_calls, tool_calls,
  errors, input_tokens, output_tokens, total_cost_usd, total_duration_ms}``.
  ``fake.seed_spans(n)`` (or ``spans=n``) adds complete spans for benchmarks.
* **Bundles.** ``GET /v1/experiments/{id}/export`` is ``{experiment, result, scenarios,
  traces, scores}`` (every run's scenarios and traces); ``format=ndjson`` answers
  ``application/x-ndjson``, one ``{"kind", "data"}`` object per line (kinds ``experiment``,
  ``result`` — without its scenarios —, then ``scenario``, ``trace`` and ``score`` lines);
  any other ``format`` is the JSON bundle.
* **Agents.** Multipart ``metadata`` (JSON text of ``AgentUploadMetadata``: 422 when it is not)
  and ``bundle`` (a ``.tar.gz``, read safely: :mod:`._agents`, which also has the versioning,
  tag and content-hash rules). ``GET /v1/agents`` pages each agent's newest snapshot by name;
  ``.../versions`` pages one agent's snapshots by version (404 when it has none).
  ``fake.agent_files(snapshot_id)`` lists what a bundle held.
* **Datasets.** ``add_records`` appends and bumps ``version`` (by one per call that adds
  anything); each record gets an ``id`` and the ``version`` it arrived in. ``records?version=N``
  is the dataset as it was at version N (records of versions <= N; N above the current
  version is 404); ``tags=a,b`` keeps records carrying every one of those tags.
* **Scoring.** A rule needs ``name``, ``type``, ``config``; ``score_experiment`` needs the
  experiment and every rule (404 naming how many are unknown) and answers 202
  ``{status: accepted, experiment_id, job_id}``; scores appear ``scoring_seconds`` later.
* **Alerts.** ``condition`` and ``window`` are checked (422: :mod:`._experiments`); a given
  ``id`` that exists is 409. Firings: ``fake.alert_firings()``.
* **Prompts.** Each create is the slug's next ``version``; a ``tag`` moves to the newest
  version given it. ``latest`` / ``versions/{n}`` / ``tags/{tag}`` read by slug, delete and
  render by the version's ``id``. ``render`` merges ``variables`` over the stored ones and
  answers ``{rendered, prompt_id, slug, version}`` (the template language: :mod:`._prompts`).
* **Judge.** ``POST /v1/judge/completions`` is a deterministic grader of the judge scorers'
  tagged prompts (token overlap, a blocklist): :mod:`._judge`; ``set_judge_reply(fake, text)``
  there makes it answer ``text`` instead, ``inject_faults`` fail.
* **Time and faults.** On :class:`~polarity_keystone.testing.FakeKeystone`'s default manual
  clock nothing moves until ``advance(seconds)`` (``clock="wall"``: real time);
  ``inject_faults`` / ``inject_malformed`` / ``inject_latency`` as for every fake.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdk_core.fakes import (
    ApiError,
    AsciiJSON,
    Call,
    FakeConfig,
    SpecFake,
    ascii_dumps,
    check_int,
    check_number,
    decode_cursor,
    digest,
    encode_cursor,
    iso,
    strict_loads,
)
from sdk_core.fakes.uploads import Upload
from starlette.applications import Starlette
from starlette.responses import Response

from polarity_keystone.testing._agents import AgentRegistry
from polarity_keystone.testing._experiments import (
    Alert,
    Experiment,
    ScoringJob,
    compare,
    evaluate_rule,
    experiment_metrics,
    parse_condition,
    parse_window,
)
from polarity_keystone.testing._prompts import render_template
from polarity_keystone.testing._sandbox import (
    WORKDIR,
    checksum,
    diff_files,
    normalize_path,
    parse_duration,
    run_command,
    snapshot_files,
)
from polarity_keystone.testing._specs import CATALOG, SpecDocument, parse_spec, spec_from_mapping
from polarity_keystone.testing._traces import (
    EVENT_FILTERS,
    SPAN_FILTERS,
    Index,
    TraceStore,
    page_items,
    parse_since,
    seeded_spans,
)

__all__ = [
    "API_KEY",
    "CATALOG",
    "SPEC_PATH",
    "KeystoneFake",
    "KeystoneFakeConfig",
    "create_app",
    "principal_for",
]

# The pinned spec, shipped inside the generated package by tools.regen.
SPEC_PATH = Path(str(importlib.resources.files("_keystone_openapi").joinpath("openapi.json")))
#: The key the fake accepts by default.
API_KEY = "ks_test_fake_0000000000000000"

JSON = dict[str, Any]
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
_STATUS_ALIASES = {"passed": "pass", "failed": "fail", "errored": "error", "errors": "error"}
_METADATA = {"$ref": "#/components/schemas/AgentUploadMetadata"}


def principal_for(api_key: str) -> str:
    """The principal the fake records for ``api_key`` (a digest, never the key)."""
    return f"user_{digest('keystone-principal', api_key)[:12]}"


@dataclass(frozen=True, slots=True)
class KeystoneFakeConfig(FakeConfig):
    """How the fake behaves; limits are off by default.

    Attributes:
        api_keys: the accepted keys (None: any key; each is its own principal).
        workspaces: the ``X-Polarity-Workspace`` values allowed (None: any; others are 403).
        scenario_seconds: fake-clock time each scenario of an experiment run takes.
        scoring_seconds: fake-clock time from ``score_experiment`` to its scores.
        sandbox_boot_seconds: how long a new sandbox is ``starting``.
        sandbox_timeout_seconds: a sandbox's lifetime when ``create`` gives no ``timeout``.
        regression_tolerance: how much worse (relative) a lower-is-better metric may get in a
            comparison before it counts as a regression.
        catalog: start with the :data:`CATALOG` specs.
        spans: complete spans seeded on creation (see :meth:`KeystoneFake.seed_spans`).

    ``rate_limit_per_minute`` (POSTs per key per sliding minute), ``seed``, ``clock`` and
    ``start_time`` are :class:`~sdk_core.fakes.FakeConfig`'s.
    """

    api_keys: frozenset[str] | None = frozenset({API_KEY})
    workspaces: frozenset[str] | None = None
    scenario_seconds: float = 1.0
    scoring_seconds: float = 1.0
    sandbox_boot_seconds: float = 0.0
    sandbox_timeout_seconds: float = 3600.0
    regression_tolerance: float = 0.1
    catalog: bool = True
    spans: int = 0

    def __post_init__(self) -> None:
        FakeConfig.__post_init__(self)
        for name in (
            "scenario_seconds",
            "scoring_seconds",
            "sandbox_boot_seconds",
            "sandbox_timeout_seconds",
            "regression_tolerance",
        ):
            check_number(self, name)
        check_int(self, "spans", minimum=0)
        for name in ("api_keys", "workspaces"):
            values = getattr(self, name)
            if values is None:
                continue
            if isinstance(values, str):
                raise ValueError(f"{name} must be a collection of strings, not one string")
            values = frozenset(values)
            if not values or not all(isinstance(v, str) and v for v in values):
                raise ValueError(f"{name} must be non-empty strings (or None: any)")
            object.__setattr__(self, name, values)


@dataclass(frozen=True)
class _Principal:
    """Who a key acts as; rate limits and idempotency keys are per key."""

    name: str

    @property
    def scope(self) -> str:
        """The key's own partition."""
        return self.name


@dataclass
class _StoredSpec:
    document: SpecDocument
    version: int
    created: float
    updated: float

    def to_json(self) -> JSON:
        return {
            "id": self.document.id,
            "version": self.version,
            **self.document.summary(),
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
        }


@dataclass
class _Sandbox:
    id: str
    spec: SpecDocument
    created: float
    ready_at: float
    expires_at: float
    metadata: dict[str, str]
    secret_names: frozenset[str]
    files: dict[str, bytes]
    initial: dict[str, str]
    commands: list[JSON] = field(default_factory=list)

    def state(self, now: float) -> str:
        if now >= self.expires_at:
            return "expired"
        return "running" if now >= self.ready_at else "starting"

    def to_json(self, now: float) -> JSON:
        state = self.state(now)
        return {
            "id": self.id,
            "spec_id": self.spec.id,
            "state": state,
            "path": WORKDIR,
            "url": f"https://{self.id}.sandboxes.keystone.invalid",
            "created_at": iso(self.created),
            "expires_at": iso(self.expires_at),
            "metadata": dict(self.metadata),
            "services": {
                name: {"host": s["host"], "port": s["port"], "ready": state == "running"}
                for name, s in self.spec.services.items()
            },
        }


@dataclass
class _Dataset:
    id: str
    name: str
    description: str
    created: float
    version: int = 0
    records: list[JSON] = field(default_factory=list)

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "version": self.version,
            "record_count": len(self.records),
            "created_at": iso(self.created),
        }


def _json(content: Any, status: int = 200) -> Response:
    return AsciiJSON(content, status_code=status)


def _no_content(status: int = 204) -> Response:
    return Response(status_code=status)


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"no such {what}", code="not_found")


def _message(detail: Any) -> str:
    """An error detail as one readable string (validation items joined)."""
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, Mapping):
                loc = ".".join(str(p) for p in item.get("loc", []))
                parts.append(
                    f"{loc}: {item.get('msg', 'invalid')}" if loc else str(item.get("msg"))
                )
            else:
                parts.append(str(item))
        return "; ".join(parts) or "the request is invalid"
    return str(detail)


def _page_answer(kind: str, items: list[JSON], next_position: Any | None) -> Response:
    cursor = None if next_position is None else encode_cursor(kind, next_position)
    return _json({"items": items, "next_cursor": cursor})


def _position(kind: str, cursor: str | None, expected: type) -> Any:
    """A cursor's position (None: the first page); 400 when it is not this collection's."""
    position = decode_cursor(kind, cursor)
    if position is not None and (not isinstance(position, expected) or isinstance(position, bool)):
        raise ApiError(400, "invalid cursor: pass back a next_cursor value", code="bad_request")
    return position


class KeystoneFake(SpecFake[_Principal]):
    """The fake's whole state, its handlers (one per operationId) and the hooks tests use.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    spec_path = SPEC_PATH
    key_pattern = re.compile(r"[\x21-\x7e]{1,4096}")
    conflict_status = 409
    request_id_header = "X-Request-ID"
    encoded_paths = True
    # The spec's prose makes the file routes greedy (no `x-greedy` extension yet).
    greedy_operations = frozenset({"read_sandbox_file", "delete_sandbox_file"})

    def __init__(self, config: KeystoneFakeConfig | None = None) -> None:
        self.config = config or KeystoneFakeConfig()
        super().__init__(self.config)
        #: False: ``GET /health`` answers 503.
        self.healthy = True
        self._specs: dict[str, _StoredSpec] = {}
        self._sandboxes: dict[str, _Sandbox] = {}
        self._experiments: dict[str, Experiment] = {}
        self._live: list[str] = []  # experiments whose latest run is not fully revealed
        self._alerts: dict[str, Alert] = {}
        self._firings: list[JSON] = []
        self._agents = AgentRegistry()
        self._datasets: dict[str, _Dataset] = {}
        self._rules: dict[str, JSON] = {}
        self._jobs: list[ScoringJob] = []
        self._scores: list[JSON] = []
        self._score_at: dict[tuple[str, str], int] = {}
        self._score_index = Index(("experiment_id", "rule_id"))
        self._scenarios: list[JSON] = []
        self._scenario_index = Index(("experiment_id", "status", "scenario_id"))
        self._traces = TraceStore()
        self._prompts: dict[str, JSON] = {}
        if self.config.catalog:
            for text in CATALOG.values():
                self.add_spec(text)
        if self.config.spans:
            self.seed_spans(self.config.spans)

    def authenticate(self, token: str) -> _Principal:
        """A key of ``api_keys`` (any key when it is None); else 401."""
        keys = self.config.api_keys
        if keys is not None and token not in keys:
            raise ApiError(401, "invalid API key", code="unauthorized")
        return _Principal(principal_for(token))

    def error_answer(self, error: ApiError, request_id: str) -> Response:
        """Keystone's error body: ``{"error": "<message>", "code", "request_id"}``."""
        body = {
            "error": _message(error.detail),
            "code": error.code or _CODES.get(error.status, "error"),
            "request_id": request_id,
            **error.extra,
        }
        headers = {**error.headers, self.request_id_header: request_id}
        return AsciiJSON(body, status_code=error.status, headers=headers)

    async def admit(self, call: Call[_Principal]) -> None:
        """403 for a workspace outside ``workspaces`` (when that is set)."""
        allowed = self.config.workspaces
        workspace = call.request.headers.get("x-polarity-workspace")
        if allowed is not None and workspace is not None and workspace not in allowed:
            raise ApiError(403, "the key may not act in this workspace", code="forbidden")

    # -- test hooks

    def add_spec(self, spec: str | Mapping[str, Any]) -> JSON:
        """Store a spec (YAML text or a parsed mapping) as ``POST /v1/specs`` would; its answer."""
        document = parse_spec(spec) if isinstance(spec, str) else spec_from_mapping(spec)
        with self._lock:
            return self._store_spec(document).to_json()

    def seed_spans(self, n: int, *, trace_size: int = 10, **fields: str) -> None:
        """Append ``n`` complete spans at once, stamped now, for paging tests and benchmarks.

        They form traces of ``trace_size`` spans (a root and its children), ``event_type``
        ``tool_call``, ``phase`` ``complete``, tools cycling through search / fetch / parse /
        summarise, every 50th ``status: error``; ``fields`` (``sandbox_id=...``,
        ``experiment_id=...``, ``agent=...``) are added to each. Each is one event and one span.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be an integer >= 0, got {n!r}")
        if isinstance(trace_size, bool) or not isinstance(trace_size, int) or trace_size < 1:
            raise ValueError(f"trace_size must be an integer >= 1, got {trace_size!r}")
        with self._lock:
            start = self._traces.span_count
            self._traces.ingest(
                seeded_spans(n, start, self.now(), trace_size=trace_size, extra=fields)
            )

    def trace_events(self, **filters: str) -> list[JSON]:
        """Every trace event (matching ``filters``), in arrival order."""
        with self._lock:
            self._settle()
            return self._traces.events(**filters)

    def spans(self, **filters: str) -> list[JSON]:
        """Every span (matching ``filters``), merged, in the order first seen."""
        with self._lock:
            self._settle()
            return self._traces.spans(**filters)

    def sandbox(self, sandbox_id: str) -> JSON:
        """A sandbox as ``GET /v1/sandboxes/{id}`` answers it now (KeyError if unknown)."""
        with self._lock:
            return self._sandboxes[sandbox_id].to_json(self.now())

    def sandbox_files(self, sandbox_id: str) -> dict[str, bytes]:
        """A sandbox's files by path (a copy)."""
        with self._lock:
            return dict(self._sandboxes[sandbox_id].files)

    def sandbox_commands(self, sandbox_id: str) -> list[JSON]:
        """The commands a sandbox ran, oldest first (each as its answer was)."""
        with self._lock:
            return list(self._sandboxes[sandbox_id].commands)

    def sandbox_secret_names(self, sandbox_id: str) -> list[str]:
        """The names of the secrets forwarded to a sandbox (values are never kept)."""
        with self._lock:
            return sorted(self._sandboxes[sandbox_id].secret_names)

    def experiment(self, experiment_id: str) -> JSON:
        """An experiment's ``RunResults`` now (KeyError if unknown)."""
        with self._lock:
            self._settle()
            return self._experiments[experiment_id].results_json(self.now())

    def agent_files(self, snapshot_id: str) -> list[JSON]:
        """What a snapshot's bundle held: ``{name, size, sha256, kind, target?}`` per member."""
        with self._lock:
            snapshot = self._agents.get(snapshot_id)
            if snapshot is None:
                raise KeyError(snapshot_id)
            return [f.to_json() for f in snapshot.files]

    def alert_firings(self) -> list[JSON]:
        """Every alert that fired, oldest first (see :mod:`._experiments`)."""
        with self._lock:
            self._settle()
            return [dict(f) for f in self._firings]

    def scores(self, **filters: str) -> list[JSON]:
        """Every score computed so far (matching ``filters``)."""
        with self._lock:
            self._settle()
            page, _ = page_items(self._scores, self._score_index, filters, len(self._scores) + 1)
            return page

    def set_healthy(self, healthy: bool) -> None:
        """Whether ``GET /health`` answers 200 (else 503 with ``Retry-After``)."""
        self.healthy = healthy

    # -- state

    def _store_spec(self, document: SpecDocument) -> _StoredSpec:
        now = self.now()
        stored = self._specs.get(document.id)
        if stored is None:
            stored = self._specs[document.id] = _StoredSpec(document, 1, now, now)
        else:
            stored.document, stored.version, stored.updated = document, stored.version + 1, now
        return stored

    def _settle(self) -> None:
        """Reveal what time has done: finished scenarios, completed runs, due scores."""
        now = self.now()
        for experiment_id in list(self._live):
            experiment = self._experiments[experiment_id]
            run = experiment.runs[-1]
            while run.revealed < len(run.scenarios) and run.scenarios[run.revealed].finishes <= now:
                scenario = run.scenarios[run.revealed]
                self._scenario_sandbox(experiment.spec, scenario.result["sandbox_id"], now)
                self._traces.ingest(scenario.events)
                self._scenarios.append(scenario.result)
                self._scenario_index.add(len(self._scenarios) - 1, scenario.result)
                run.revealed += 1
            if run.revealed == len(run.scenarios):
                self._live.remove(experiment_id)
                for alert in self._alerts.values():
                    fired = alert.check(experiment, run.ends)
                    if fired is not None:
                        self._firings.append(fired)
        due = [job for job in self._jobs if job.due <= now]
        self._jobs = [job for job in self._jobs if job.due > now]
        for job in due:
            self._score(job)

    def _scenario_sandbox(self, spec: SpecDocument, sandbox_id: str, now: float) -> None:
        """The sandbox a finished scenario ran in, kept for inspection (as the service keeps it
        until it times out): its spec's files and canned commands, so client-side sandbox
        scorers (``FileExists``, ``CommandExits``...) check something real.
        """
        if sandbox_id in self._sandboxes:
            return
        files = {path: text.encode() for path, text in spec.files.items()}
        self._sandboxes[sandbox_id] = _Sandbox(
            id=sandbox_id,
            spec=spec,
            created=now,
            ready_at=now,
            expires_at=now + self.config.sandbox_timeout_seconds,
            metadata={"scenario": "true"},
            secret_names=frozenset(),
            files=files,
            initial={path: checksum(content) for path, content in files.items()},
        )

    def _score(self, job: ScoringJob) -> None:
        experiment = self._experiments.get(job.experiment_id)
        if experiment is None or not experiment.runs:
            return
        finished = experiment.runs[-1].finished(job.due)
        for rule in job.rules:
            for scenario in finished:
                result = scenario.result
                value, message = evaluate_rule(rule, result)
                threshold = rule.get("config", {}).get("threshold", 0.5)
                if not isinstance(threshold, int | float) or isinstance(threshold, bool):
                    threshold = 0.5
                score = {
                    "id": f"score_{digest('score', rule['id'], result['trace_id'])[:16]}",
                    "rule_id": rule["id"],
                    "rule_name": rule["name"],
                    "trace_id": result["trace_id"],
                    "scenario_id": result["scenario_id"],
                    "experiment_id": experiment.id,
                    "run_id": result["run_id"],
                    "score": value,
                    "passed": value >= threshold,
                    "message": message,
                    "created_at": iso(job.due),
                }
                key = (rule["id"], result["trace_id"])
                at = self._score_at.get(key)
                if at is None:
                    self._score_at[key] = at = len(self._scores)
                    self._scores.append(score)
                else:
                    self._scores[at] = score
                self._score_index.add(at, score)

    def _sandbox(self, call: Call[_Principal]) -> _Sandbox:
        sandbox = self._sandboxes.get(call.path["sandbox_id"])
        if sandbox is None:
            raise _not_found("sandbox")
        return sandbox

    def _running(self, sandbox: _Sandbox) -> None:
        state = sandbox.state(self.now())
        if state != "running":
            raise ApiError(409, f"the sandbox is {state}", code="conflict")

    def _experiment(self, experiment_id: str) -> Experiment:
        experiment = self._experiments.get(experiment_id)
        if experiment is None:
            raise _not_found("experiment")
        return experiment

    def _spec(self, spec_id: str) -> _StoredSpec:
        stored = self._specs.get(spec_id)
        if stored is None:
            raise _not_found("spec")
        return stored

    def _dataset(self, call: Call[_Principal]) -> _Dataset:
        dataset = self._datasets.get(call.path["dataset_id"])
        if dataset is None:
            raise _not_found("dataset")
        return dataset

    # -- health

    async def on_get_health(self, call: Call[_Principal]) -> Response:
        """``GET /health``: ``{"status": "ok"}``, or 503 when :attr:`healthy` is False."""
        if not self.healthy:
            raise ApiError(503, "the service is unavailable", {"Retry-After": "5"})
        return _json({"status": "ok"})

    # -- sandboxes

    async def on_create_sandbox(self, call: Call[_Principal]) -> Response:
        """``POST /v1/sandboxes``: a sandbox of an existing spec, ``starting`` or ``running``."""
        body: JSON = call.body
        timeout = self.config.sandbox_timeout_seconds
        if "timeout" in body:
            parsed = parse_duration(body["timeout"])
            if parsed is None:
                raise ApiError(
                    422, "body.timeout: must be a duration such as 10m", code="invalid_timeout"
                )
            timeout = parsed
        with self._lock:
            stored = self._spec(body["spec_id"])
            now = self.now()
            files = {path: text.encode() for path, text in stored.document.files.items()}
            sandbox = _Sandbox(
                id=f"sb-{self.new_hex(12)}",
                spec=stored.document,
                created=now,
                ready_at=now + self.config.sandbox_boot_seconds,
                expires_at=now + timeout,
                metadata=dict(body.get("metadata", {})),
                secret_names=frozenset(body.get("secrets", {})),
                files=files,
                initial={path: checksum(content) for path, content in files.items()},
            )
            self._sandboxes[sandbox.id] = sandbox
            return _json(sandbox.to_json(now), 201)

    async def on_list_sandboxes(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes``: every sandbox not destroyed, oldest first."""
        with self._lock:
            now = self.now()
            return _json([s.to_json(now) for s in self._sandboxes.values()])

    async def on_get_sandbox(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes/{sandbox_id}``."""
        with self._lock:
            return _json(self._sandbox(call).to_json(self.now()))

    async def on_destroy_sandbox(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/sandboxes/{sandbox_id}``: gone (404 afterwards); its traces stay."""
        with self._lock:
            self._sandboxes.pop(self._sandbox(call).id)
        return _no_content()

    async def on_run_sandbox_command(self, call: Call[_Principal]) -> Response:
        """``POST /v1/sandboxes/{sandbox_id}/commands``: the fake's command set, on its files."""
        body: JSON = call.body
        timeout = None
        if "timeout" in body:
            timeout = parse_duration(body["timeout"])
            if timeout is None:
                raise ApiError(
                    422, "body.timeout: must be a duration such as 2m", code="invalid_timeout"
                )
        with self._lock:
            sandbox = self._sandbox(call)
            self._running(sandbox)
            result = run_command(
                body["command"],
                sandbox.files,
                canned=sandbox.spec.commands,
                secrets=sandbox.secret_names,
                timeout_seconds=timeout,
            )
            sandbox.commands.append(result)
            return _json(result)

    async def on_write_sandbox_file(self, call: Call[_Principal]) -> Response:
        """``POST /v1/sandboxes/{sandbox_id}/files``: write a text file (UTF-8)."""
        body: JSON = call.body
        path = normalize_path(body["path"])
        if path is None:
            raise ApiError(
                422, "body.path: must be a path inside the working tree", code="invalid_path"
            )
        with self._lock:
            sandbox = self._sandbox(call)
            self._running(sandbox)
            sandbox.files[path] = body["content"].encode("utf-8", "surrogatepass")
        return _no_content()

    def _file(self, call: Call[_Principal]) -> tuple[_Sandbox, str]:
        sandbox = self._sandbox(call)
        path = normalize_path(call.path["path"])
        if path is None or path not in sandbox.files:
            raise _not_found("file")
        return sandbox, path

    async def on_read_sandbox_file(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes/{sandbox_id}/files/{path}``: the bytes, as they are."""
        with self._lock:
            sandbox, path = self._file(call)
            content = sandbox.files[path]
        return Response(content, media_type="application/octet-stream")

    async def on_delete_sandbox_file(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/sandboxes/{sandbox_id}/files/{path}``."""
        with self._lock:
            sandbox, path = self._file(call)
            del sandbox.files[path]
        return _no_content()

    async def on_get_sandbox_state(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes/{sandbox_id}/state``: every file, now."""
        with self._lock:
            sandbox = self._sandbox(call)
            return _json({"captured_at": iso(self.now()), "files": snapshot_files(sandbox.files)})

    async def on_get_sandbox_diff(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes/{sandbox_id}/diff``: changes since the sandbox was created."""
        with self._lock:
            sandbox = self._sandbox(call)
            return _json(diff_files(sandbox.initial, sandbox.files))

    async def on_ingest_sandbox_trace(self, call: Call[_Principal]) -> Response:
        """``POST /v1/sandboxes/{sandbox_id}/trace``: events, in any order."""
        with self._lock:
            sandbox = self._sandbox(call)
            count = self._traces.ingest(call.body["events"], sandbox_id=sandbox.id)
        return _json({"accepted": count, "sandbox_id": sandbox.id})

    async def on_get_sandbox_trace(self, call: Call[_Principal]) -> Response:
        """``GET /v1/sandboxes/{sandbox_id}/trace``: its events and their aggregates."""
        with self._lock:
            sandbox = self._sandbox(call)
            events = self._traces.events(sandbox_id=sandbox.id)
            spans = {e["span_id"] for e in events}
        cost = [e["cost"] for e in events if isinstance(e.get("cost"), Mapping)]

        def total(key: str) -> int:
            return sum(c[key] for c in cost if isinstance(c.get(key), int))

        metrics = {
            "event_count": len(events),
            "span_count": len(spans),
            "llm_calls": sum(1 for e in events if e.get("event_type") == "llm_call"),
            "tool_calls": sum(
                1 for e in events if e.get("event_type") in {"tool_call", "tool_use"}
            ),
            "errors": sum(1 for e in events if e.get("status") == "error"),
            "input_tokens": total("input_tokens"),
            "output_tokens": total("output_tokens"),
            "total_cost_usd": round(
                sum(
                    c["estimated_usd"]
                    for c in cost
                    if isinstance(c.get("estimated_usd"), int | float)
                    and not isinstance(c.get("estimated_usd"), bool)
                ),
                6,
            ),
            "total_duration_ms": sum(
                e["duration_ms"] for e in events if isinstance(e.get("duration_ms"), int)
            ),
        }
        return _json({"sandbox_id": sandbox.id, "events": events, "metrics": metrics})

    # -- specs

    async def on_create_spec(self, call: Call[_Principal]) -> Response:
        """``POST /v1/specs``: raw YAML; an existing id is replaced (its version goes up)."""
        document = parse_spec(call.body)
        with self._lock:
            return _json(self._store_spec(document).to_json(), 201)

    async def on_list_specs(self, call: Call[_Principal]) -> Response:
        """``GET /v1/specs``."""
        with self._lock:
            return _json([s.to_json() for s in self._specs.values()])

    async def on_get_spec(self, call: Call[_Principal]) -> Response:
        """``GET /v1/specs/{spec_id}``."""
        with self._lock:
            return _json(self._spec(call.path["spec_id"]).to_json())

    async def on_delete_spec(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/specs/{spec_id}`` (sandboxes and experiments keep their copy)."""
        with self._lock:
            self._specs.pop(self._spec(call.path["spec_id"]).document.id)
        return _no_content()

    # -- experiments

    async def on_create_experiment(self, call: Call[_Principal]) -> Response:
        """``POST /v1/experiments``: over an existing spec; ``created`` until run."""
        body: JSON = call.body
        with self._lock:
            stored = self._spec(body["spec_id"])
            experiment = Experiment(
                id=f"exp_{self.new_hex(16)}",
                name=body["name"],
                spec=stored.document,
                spec_version=stored.version,
                created=self.now(),
                secret_names=tuple(sorted(body.get("secrets", {}))),
            )
            self._experiments[experiment.id] = experiment
            return _json(experiment.to_json(self.now()), 201)

    async def on_list_experiments(self, call: Call[_Principal]) -> Response:
        """``GET /v1/experiments``."""
        with self._lock:
            self._settle()
            now = self.now()
            return _json([e.to_json(now) for e in self._experiments.values()])

    async def on_compare_experiments(self, call: Call[_Principal]) -> Response:
        """``POST /v1/experiments/compare``: the two latest runs, metric by metric."""
        body: JSON = call.body
        with self._lock:
            self._settle()
            baseline = self._experiment(body["baseline_id"])
            candidate = self._experiment(body["candidate_id"])
            tolerance = self.config.regression_tolerance
            return _json(compare(baseline, candidate, self.now(), tolerance))

    async def on_get_experiment(self, call: Call[_Principal]) -> Response:
        """``GET /v1/experiments/{experiment_id}``: the latest run's ``RunResults``."""
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            return _json(experiment.results_json(self.now()))

    async def on_run_experiment(self, call: Call[_Principal]) -> Response:
        """``POST /v1/experiments/{experiment_id}/run``: start the next run (409 if running)."""
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            experiment.start(self.now(), self.config.scenario_seconds)
            self._live.append(experiment.id)
            self._settle()
        return _no_content(202)

    async def on_get_experiment_metrics(self, call: Call[_Principal]) -> Response:
        """``GET /v1/metrics/experiments/{experiment_id}``."""
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            events = self._traces.events(experiment_id=experiment.id)
            return _json(experiment_metrics(experiment, events, self.now()))

    # -- alerts

    async def on_create_alert(self, call: Call[_Principal]) -> Response:
        """``POST /v1/alerts``: a rule with a checked condition and window."""
        body: JSON = call.body
        metric, op, threshold = parse_condition(body["condition"])
        window = parse_window(body.get("window", ""))
        with self._lock:
            alert_id = body.get("id") or f"alert_{self.new_hex(12)}"
            if alert_id in self._alerts:
                raise ApiError(409, "an alert rule with this id exists", code="conflict")
            fields = {
                "id": alert_id,
                "name": body["name"],
                "eval_id": body.get("eval_id", ""),
                "condition": body["condition"],
                "window": body.get("window", ""),
                "notify": body.get("notify", "webhook"),
                "webhook_url": body.get("webhook_url", ""),
                "slack_channel": body.get("slack_channel", ""),
                "created_at": iso(self.now()),
            }
            self._alerts[alert_id] = Alert(fields, metric, op, threshold, window)
            return _json(fields, 201)

    async def on_list_alerts(self, call: Call[_Principal]) -> Response:
        """``GET /v1/alerts``."""
        with self._lock:
            return _json([a.fields for a in self._alerts.values()])

    async def on_delete_alert(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/alerts/{alert_id}``."""
        with self._lock:
            if self._alerts.pop(call.path["alert_id"], None) is None:
                raise _not_found("alert rule")
        return _no_content()

    # -- agents

    async def on_upload_agent(self, call: Call[_Principal]) -> Response:
        """``POST /v1/agents``: a bundle and its metadata, read safely (never extracted)."""
        form: JSON = call.body
        text = form["metadata"]
        if isinstance(text, Upload):  # sent as a file part: read it as the text it holds
            text = text.file.read().decode("utf-8", "replace")
        try:
            metadata = strict_loads(text)
        except (ValueError, RecursionError):
            raise ApiError(
                422,
                "metadata: must be the JSON text of an AgentUploadMetadata",
                code="invalid_metadata",
            ) from None
        self.spec.check(_METADATA, metadata, ["metadata"])
        bundle: Upload = form["bundle"]
        bundle.file.seek(0)
        data = bundle.file.read()
        with self._lock:
            snapshot = self._agents.upload(metadata, data, self.now())
            return _json(snapshot.to_json(), 201)

    async def on_list_agents(self, call: Call[_Principal]) -> Response:
        """``GET /v1/agents``: each agent's newest snapshot, by name."""
        after = _position("agents", call.query.get("cursor"), str)
        with self._lock:
            page, more = self._agents.page_agents(call.query["limit"], after)
            return _page_answer("agents", [s.to_json() for s in page], more)

    def _agent_or_404(self, found: Any) -> Response:
        if found is None:
            raise _not_found("agent snapshot")
        return _json(found.to_json())

    async def on_get_latest_agent(self, call: Call[_Principal]) -> Response:
        """``GET /v1/agents/{name}/latest``."""
        with self._lock:
            return self._agent_or_404(self._agents.latest(call.path["name"]))

    async def on_list_agent_versions(self, call: Call[_Principal]) -> Response:
        """``GET /v1/agents/{name}/versions``: by version, oldest first."""
        after = _position("agent-versions", call.query.get("cursor"), int)
        with self._lock:
            found = self._agents.page_versions(call.path["name"], call.query["limit"], after)
            if found is None:
                raise _not_found("agent")
            page, more = found
            return _page_answer("agent-versions", [s.to_json() for s in page], more)

    async def on_get_agent_version(self, call: Call[_Principal]) -> Response:
        """``GET /v1/agents/{name}/versions/{version}`` (an integer version)."""
        with self._lock:
            return self._agent_or_404(self._agents.version(call.path["name"], call.path["version"]))

    async def on_get_agent_by_tag(self, call: Call[_Principal]) -> Response:
        """``GET /v1/agents/{name}/tags/{tag}``."""
        with self._lock:
            return self._agent_or_404(self._agents.by_tag(call.path["name"], call.path["tag"]))

    async def on_get_snapshot(self, call: Call[_Principal]) -> Response:
        """``GET /v1/snapshots/{snapshot_id}``."""
        with self._lock:
            return self._agent_or_404(self._agents.get(call.path["snapshot_id"]))

    async def on_delete_snapshot(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/snapshots/{snapshot_id}``."""
        with self._lock:
            if not self._agents.delete(call.path["snapshot_id"]):
                raise _not_found("agent snapshot")
        return _no_content()

    # -- datasets

    async def on_create_dataset(self, call: Call[_Principal]) -> Response:
        """``POST /v1/datasets``: an empty dataset at version 0."""
        body: JSON = call.body
        with self._lock:
            dataset = _Dataset(
                id=f"ds_{self.new_hex(12)}",
                name=body["name"],
                description=body.get("description", ""),
                created=self.now(),
            )
            self._datasets[dataset.id] = dataset
            return _json(dataset.to_json(), 201)

    async def on_list_datasets(self, call: Call[_Principal]) -> Response:
        """``GET /v1/datasets``."""
        with self._lock:
            return _json([d.to_json() for d in self._datasets.values()])

    async def on_get_dataset(self, call: Call[_Principal]) -> Response:
        """``GET /v1/datasets/{dataset_id}``."""
        with self._lock:
            return _json(self._dataset(call).to_json())

    async def on_delete_dataset(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/datasets/{dataset_id}`` (and its records)."""
        with self._lock:
            self._datasets.pop(self._dataset(call).id)
        return _no_content()

    async def on_add_dataset_records(self, call: Call[_Principal]) -> Response:
        """``POST /v1/datasets/{dataset_id}/records``: append; the version goes up by one."""
        records: list[JSON] = call.body["records"]
        with self._lock:
            dataset = self._dataset(call)
            if records:
                dataset.version += 1
            for record in records:
                dataset.records.append(
                    {
                        "id": f"rec_{len(dataset.records) + 1:06d}",
                        "input": record["input"],
                        "expected": record.get("expected"),
                        "metadata": dict(record.get("metadata", {})),
                        "tags": list(record.get("tags", [])),
                        "version": dataset.version,
                        **{k: v for k, v in record.items() if k not in _RECORD_KEYS},
                    }
                )
            return _json(
                {"added": len(records), "version": dataset.version, "dataset_id": dataset.id}
            )

    async def on_list_dataset_records(self, call: Call[_Principal]) -> Response:
        """``GET /v1/datasets/{dataset_id}/records``: as of ``version``, with every ``tag``."""
        with self._lock:
            dataset = self._dataset(call)
            version = call.query.get("version", dataset.version)
            if not 0 <= version <= dataset.version:
                raise _not_found("dataset version")
            records = [r for r in dataset.records if r["version"] <= version]
        tags = call.query.get("tags")
        if tags is not None:
            wanted = {t for t in tags.split(",") if t}
            records = [r for r in records if wanted <= set(r["tags"])]
        return _json(records)

    # -- scoring

    async def on_create_score_rule(self, call: Call[_Principal]) -> Response:
        """``POST /v1/score-rules``."""
        body: JSON = call.body
        with self._lock:
            rule = {
                "id": f"rule_{self.new_hex(12)}",
                "name": body["name"],
                "type": body["type"],
                "config": dict(body["config"]),
                "created_at": iso(self.now()),
            }
            self._rules[rule["id"]] = rule
            return _json(rule, 201)

    async def on_list_score_rules(self, call: Call[_Principal]) -> Response:
        """``GET /v1/score-rules``."""
        with self._lock:
            return _json(list(self._rules.values()))

    async def on_delete_score_rule(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/score-rules/{rule_id}`` (its scores stay)."""
        with self._lock:
            if self._rules.pop(call.path["rule_id"], None) is None:
                raise _not_found("score rule")
        return _no_content()

    async def on_score_experiment(self, call: Call[_Principal]) -> Response:
        """``POST /v1/experiments/{experiment_id}/score``: scores ``scoring_seconds`` later."""
        rule_ids: list[str] = call.body["rule_ids"]
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            unknown = [r for r in dict.fromkeys(rule_ids) if r not in self._rules]
            if unknown:
                raise ApiError(404, f"{len(unknown)} of the rules do not exist", code="not_found")
            job_id = f"score_job_{self.new_hex(12)}"
            rules = [dict(self._rules[r]) for r in dict.fromkeys(rule_ids)]
            self._jobs.append(
                ScoringJob(experiment.id, rules, self.now() + self.config.scoring_seconds)
            )
            self._settle()
        return _json({"status": "accepted", "experiment_id": experiment.id, "job_id": job_id}, 202)

    async def on_list_experiment_scores(self, call: Call[_Principal]) -> Response:
        """``GET /v1/experiments/{experiment_id}/scores``."""
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            page, _ = page_items(
                self._scores,
                self._score_index,
                {"experiment_id": experiment.id},
                len(self._scores) + 1,
            )
            return _json(page)

    # -- export and traces

    async def on_export_traces(self, call: Call[_Principal]) -> Response:
        """``GET /v1/traces``: events in arrival order, filtered."""
        query = call.query
        after = _position("traces", query.get("cursor"), int)
        since = None
        if query.get("since") is not None:
            since = parse_since(query["since"], self.now())
            if since is None:
                raise ApiError(
                    400,
                    "since must be an ISO-8601 time or a duration such as 24h",
                    code="bad_request",
                )
        filters = {name: query.get(name) for name in _TRACE_FILTERS}
        with self._lock:
            self._settle()
            page, more = self._traces.page_events(filters, query["limit"], after, since)
        return _page_answer("traces", page, more)

    async def on_ingest_traces(self, call: Call[_Principal]) -> Response:
        """``POST /v1/traces``: agent-mode events, in any order."""
        with self._lock:
            count = self._traces.ingest(call.body["events"])
        return _json({"accepted": count})

    async def on_get_trace_tree(self, call: Call[_Principal]) -> Response:
        """``GET /v1/traces/{trace_id}``."""
        with self._lock:
            self._settle()
            tree = self._traces.tree(call.path["trace_id"])
        if tree is None:
            raise _not_found("trace")
        return _json(tree)

    async def on_export_spans(self, call: Call[_Principal]) -> Response:
        """``GET /v1/spans``: merged spans in the order first seen, filtered."""
        query = call.query
        after = _position("spans", query.get("cursor"), int)
        filters = {name: query.get(name) for name in SPAN_FILTERS}
        with self._lock:
            self._settle()
            page, more = self._traces.page_spans(filters, query["limit"], after)
        return _page_answer("spans", page, more)

    async def on_export_scenarios(self, call: Call[_Principal]) -> Response:
        """``GET /v1/scenarios``: finished scenario results (``failed`` also means ``fail``)."""
        query = call.query
        after = _position("scenarios", query.get("cursor"), int)
        status = query.get("status")
        filters = {
            "experiment_id": query.get("experiment_id"),
            "status": None if status is None else _STATUS_ALIASES.get(status, status),
            "scenario_id": query.get("scenario_id"),
        }
        with self._lock:
            self._settle()
            page, more = page_items(
                self._scenarios, self._scenario_index, filters, query["limit"], after
            )
        return _page_answer("scenarios", page, more)

    async def on_export_scores(self, call: Call[_Principal]) -> Response:
        """``GET /v1/scores``."""
        query = call.query
        after = _position("scores", query.get("cursor"), int)
        filters = {"experiment_id": query.get("experiment_id"), "rule_id": query.get("rule_id")}
        with self._lock:
            self._settle()
            page, more = page_items(self._scores, self._score_index, filters, query["limit"], after)
        return _page_answer("scores", page, more)

    async def on_export_experiment(self, call: Call[_Principal]) -> Response:
        """``GET /v1/experiments/{experiment_id}/export``: the bundle, JSON or NDJSON."""
        with self._lock:
            self._settle()
            experiment = self._experiment(call.path["experiment_id"])
            now = self.now()
            result = experiment.results_json(now)
            scenarios = experiment.all_results(now)
            traces = self._traces.events(experiment_id=experiment.id)
            scores, _ = page_items(
                self._scores,
                self._score_index,
                {"experiment_id": experiment.id},
                len(self._scores) + 1,
            )
            summary = experiment.to_json(now)
        if call.query.get("format") == "ndjson":
            head = {k: v for k, v in result.items() if k != "scenarios"}
            lines = [
                {"kind": "experiment", "data": summary},
                {"kind": "result", "data": head},
                *({"kind": "scenario", "data": s} for s in scenarios),
                *({"kind": "trace", "data": t} for t in traces),
                *({"kind": "score", "data": s} for s in scores),
            ]
            text = "".join(ascii_dumps(line) + "\n" for line in lines)
            return Response(text, media_type="application/x-ndjson")
        return _json(
            {
                "experiment": summary,
                "result": result,
                "scenarios": scenarios,
                "traces": traces,
                "scores": scores,
            }
        )

    # -- prompts

    def _prompt_versions(self, slug: str) -> list[JSON]:
        return [p for p in self._prompts.values() if p["slug"] == slug]

    async def on_create_prompt(self, call: Call[_Principal]) -> Response:
        """``POST /v1/prompts``: the slug's next version (a ``tag`` moves to it)."""
        body: JSON = call.body
        with self._lock:
            versions = self._prompt_versions(body["slug"])
            version = max((p["version"] for p in versions), default=0) + 1
            tag = body.get("tag", "")
            if tag:
                for other in versions:
                    if other["tag"] == tag:
                        other["tag"] = ""
            prompt = {
                "id": f"prompt_{self.new_hex(16)}",
                "user_id": call.caller.name,
                "slug": body["slug"],
                "version": version,
                "tag": tag,
                "template": body["template"],
                "variables": dict(body.get("variables", {})),
                "metadata": dict(body.get("metadata", {})),
                "created_at": iso(self.now()),
            }
            self._prompts[prompt["id"]] = prompt
            return _json(prompt, 201)

    async def on_list_prompts(self, call: Call[_Principal]) -> Response:
        """``GET /v1/prompts``: every version, oldest first."""
        with self._lock:
            return _json(list(self._prompts.values()))

    def _find_prompt(self, slug: str, match: Callable[[JSON], bool]) -> Response:
        found = [p for p in self._prompt_versions(slug) if match(p)]
        if not found:
            raise _not_found("prompt")
        return _json(max(found, key=lambda p: int(p["version"])))

    async def on_get_latest_prompt(self, call: Call[_Principal]) -> Response:
        """``GET /v1/prompts/{slug}/latest``."""
        with self._lock:
            return self._find_prompt(call.path["slug"], lambda p: True)

    async def on_get_prompt_version(self, call: Call[_Principal]) -> Response:
        """``GET /v1/prompts/{slug}/versions/{version}`` (an integer version)."""
        version = call.path["version"]
        with self._lock:
            return self._find_prompt(call.path["slug"], lambda p: p["version"] == version)

    async def on_get_prompt_by_tag(self, call: Call[_Principal]) -> Response:
        """``GET /v1/prompts/{slug}/tags/{tag}``."""
        tag = call.path["tag"]
        with self._lock:
            return self._find_prompt(call.path["slug"], lambda p: p["tag"] == tag)

    async def on_delete_prompt(self, call: Call[_Principal]) -> Response:
        """``DELETE /v1/prompts/{prompt_id}``: one version, by its id."""
        with self._lock:
            if self._prompts.pop(call.path["prompt_id"], None) is None:
                raise _not_found("prompt")
        return _no_content()

    async def on_render_prompt(self, call: Call[_Principal]) -> Response:
        """``POST /v1/prompts/{prompt_id}/render``: stored variables, then the request's."""
        with self._lock:
            prompt = self._prompts.get(call.path["prompt_id"])
            if prompt is None:
                raise _not_found("prompt")
            prompt = dict(prompt)
        variables = {**prompt["variables"], **call.body.get("variables", {})}
        return _json(
            {
                "rendered": render_template(prompt["template"], variables),
                "prompt_id": prompt["id"],
                "slug": prompt["slug"],
                "version": prompt["version"],
            }
        )

    # -- the LLM judge

    async def on_create_judge_completion(self, call: Call[_Principal]) -> Response:
        """``POST /v1/judge/completions``: the deterministic grader of :mod:`._judge`."""
        from polarity_keystone.testing._judge import judge_completion

        return _json(judge_completion(self, call.body))


_RECORD_KEYS = frozenset({"id", "input", "expected", "metadata", "tags", "version"})
_TRACE_FILTERS = EVENT_FILTERS


def create_app(config: KeystoneFakeConfig | None = None) -> Starlette:
    """A fresh fake Keystone; its state is ``app.state.fake``."""
    return KeystoneFake(config).app()
