"""A stateful, in-memory fake of the Gnosys REST API v1 (``specs/gnosys/openapi.json``).

``create_app(GnosysFakeConfig(...))`` returns a Starlette app; its state is ``app.state.fake``
(a :class:`GnosysFake`). Routing, keys, request ids, parameter and body validation (the spec's
own schemas), rate limits, idempotent replays, faults and the request log come from the
spec-driven toolkit (``sdk_core.fakes``); this module holds the tenants, datasets, runs
and their plans. Everything is deterministic for a given sequence of requests (ids come from a
seeded RNG, results from hashes); nothing leaves the process.

It speaks both shapes the spec describes: the reference page's and the published ``gnosyslabs``
1.0.0 client's. Datasets carry ``n_rows`` / ``n_columns`` / ``size_bytes`` *and* ``n_samples`` /
``n_features`` / ``bytes`` / ``sha256`` / ``feature_names`` / ``n_classes`` / ``revoked_at``;
predictions carry ``class_labels`` / ``probabilities`` *and* ``predictions`` / ``probas`` /
``task``; runs carry ``promoted_spec_id`` / ``promoted_artifact_path`` / ``best_primary_score``
/ ``best_tier``; keys carry ``is_active``. A submission is the raw file unless the request's
``Accept`` prefers ``application/json`` to ``application/octet-stream`` (the published
client sends ``Accept: application/json``); then it is a JSON ``Submission`` carrying the file
inline (``agent_code`` for main.py, ``tarball_b64`` for a tarball).

Deterministic rules worth knowing when writing tests against it:

* **Auth.** ``Authorization: Bearer gn_live_<letters, digits, _ or ->`` is accepted; each key is
  its own tenant (``tenant_id`` derives from the key), registered on first use together with a
  second, seeded key named ``ci``. Another tenant's run or dataset is 404. A revoked key gets
  401; a key starting with one of ``suspended_key_prefixes`` gets 403 everywhere.
  ``/v1/status`` (``security: []`` in the spec) and ``/v1/openapi.json`` need no key.
* **Datasets.** Every tenant starts with the dataset ``synthetic_binary`` (columns ``x1..x4``
  and the binary target ``y``; classes ``"0"`` and ``"1"``; 1000 rows), which it can delete
  like its own uploads. Uploads are CSV or parquet (parquet is detected by ``PAR1``); over
  ``dataset_max_bytes`` (``$GNOSYS_DATASET_MAX_BYTES``) is 413 and the body is not read on.
  A ``split_column`` must be a column of the file other than the target (422 otherwise); the
  features are every column but the target and the split column. ``n_classes`` is the number
  of classes (null for ``task="regression"``); ``sha256`` is the uploaded file's.
* **Runs.** The body must match RunCreateRequest (422 otherwise), plus the per-kind rules the
  schema cannot say: ``fixed`` needs ``specs``; the others ``spec_template``; ``hp_sweep`` also
  ``key`` and ``values``. A run is ``queued`` for one ``step_seconds``, then ``running`` for one
  step per iteration, then ``completed`` (``failed`` one step after starting, with ``error``
  set, when the domain is not tabular / tabular_regression / strategy, the strategist kind is
  unknown, or a ``dataset_id`` in ``spec_template`` / ``specs`` is not one of the tenant's
  active datasets). Tabular runs without a ``dataset_id`` use ``synthetic_binary``.
  ``sandbox_config`` without ``enable_code_exec`` is accepted and ignored, and so are
  ``literature``, ``primary_metric`` and ``lab``. Time is read lazily
  from the fake's clock; :meth:`GnosysFake.advance` moves it (and wakes open progress streams).
* **Promotion.** A completed run that kept specs promotes the best one (``promoted_spec_id``,
  ``best_primary_score``; ``promoted_artifact_path`` is ``artifacts/<run_id>/<spec_id>/model.pkl``);
  ``best_tier`` is the best tier any spec reached. All four are null until the run completes.
* **Iterations.** ``fixed`` runs one iteration; the others stop at ``max_iterations``, at the
  first iteration reaching ``tier_reached`` (``paper`` is reached at iteration 3), after
  ``no_progress_window`` iterations without improvement (the best score improves up to
  iteration 4), or at ``max_simulated_iterations``. Tiers: ``rejected`` (a blocker finding),
  ``exploratory``, ``candidate``, ``paper``; candidate and paper specs are *kept*.
* **Findings.** The last spec of iteration 1 always gets two blocker findings, from
  ``llm_critic`` and ``honest_eval.shuffled_label`` (so the SDK reference's correlation example
  matches), and every spec gets one more from a rotation of ``leakage.target_in_features``
  (high), ``honest_eval.shuffled_label`` (info), ``llm_critic`` (low) and
  ``honest_eval.cv_variance`` (medium). A ``fixed`` run with one spec therefore keeps nothing,
  and predicting with it is the documented 409 "kept zero specs".
* **Predict.** The upload's columns must be the dataset's features (all columns but the
  target and split column; those may be present and are ignored), else 422. Probabilities
  are a softmax (logistic, for two classes) of hashes of each row's values, clipped to
  [0.02, 0.98]; classes are the target's distinct values in the first MiB of a CSV (the
  whole column of a parquet file), at most 50, sorted, as strings.
* **Submission.** ``top_n`` (default 1) only sets ``n_kept_considered``: the top kept spec is
  always the one packaged. Strategy runs package a tarball (``mode="rl_train"``), the others
  main.py (``mode="code"``).
* **Idempotency.** A POST repeating an ``Idempotency-Key`` (same tenant, method and path)
  replays the first 2xx response, request id included, with ``Idempotent-Replayed: true``;
  errors are not stored, so a retry after a 429 / 5xx acts anew. The same key with another
  JSON body is 422 (as the IETF Idempotency-Key draft says; the spec documents no 409 there);
  upload bodies are not compared.
* **Limits.** ``rate_limit_per_minute`` (off by default; ``fake.rate_limit = None`` switches
  it off later) limits ``POST /v1/runs`` per tenant; ``monthly_run_quota`` makes it 402.
* **Pagination.** ``X-Next-Cursor`` values are opaque; any other non-empty cursor is 400.
* **Test hooks.** :meth:`GnosysFake.inject_faults`, :meth:`GnosysFake.inject_malformed`,
  :meth:`GnosysFake.inject_stream_cut`, :meth:`GnosysFake.advance` and
  :attr:`GnosysFake.received`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import importlib.resources
import math
import os
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdk_core.fakes import (
    ApiError,
    Call,
    FakeConfig,
    SpecFake,
    check_int,
    check_number,
    invalid,
    paginate,
)
from sdk_core.fakes import AsciiJSON as _JSON
from sdk_core.fakes import ascii_dumps as _dumps
from sdk_core.fakes import digest as _digest
from sdk_core.fakes import iso as _iso
from sdk_core.fakes.uploads import Unparseable, Upload, read_rows, scan_table
from sdk_core.fakes.uploads import format_value as _fmt
from starlette.applications import Starlette
from starlette.responses import Response, StreamingResponse

from gnosys.testing._artefacts import main_py, model_card, tarball, tarball_members

__all__ = [
    "DEFAULT_DATASET_MAX_BYTES",
    "MAX_BYTES_ENV",
    "SYNTHETIC_DATASET_ID",
    "GnosysFake",
    "GnosysFakeConfig",
    "create_app",
]

MAX_BYTES_ENV = "GNOSYS_DATASET_MAX_BYTES"
DEFAULT_DATASET_MAX_BYTES = 512 * 2**20
SYNTHETIC_DATASET_ID = "synthetic_binary"
# The pinned spec, shipped inside the generated package by tools.regen.
SPEC_PATH = Path(str(importlib.resources.files("_gnosys_openapi").joinpath("openapi.json")))

_DOMAINS = frozenset({"tabular", "tabular_regression", "strategy"})
_KINDS = frozenset({"fixed", "hp_sweep", "agent", "llm"})
_TIER_RANK = {"rejected": 0, "exploratory": 1, "candidate": 2, "paper": 3}
_KEPT_TIERS = frozenset({"candidate", "paper"})
_MAX_SPECS_PER_ITERATION = 8
_MAX_FIXED_SPECS = 16

JSON = dict[str, Any]


def _env_max_bytes() -> int:
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_DATASET_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(
            f"${MAX_BYTES_ENV} must be an integer number of bytes, got {raw!r}"
        ) from None
    if value < 1:
        raise ValueError(f"${MAX_BYTES_ENV} must be positive, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class GnosysFakeConfig(FakeConfig):
    """How the fake behaves. Every limit is off by default except the upload size.

    Attributes:
        step_seconds: simulated time per run step (queued, each iteration, completion).
        dataset_max_bytes: largest accepted upload (datasets and predict files); defaults to
            ``$GNOSYS_DATASET_MAX_BYTES`` or 512 MiB.
        monthly_run_quota: runs a tenant may create before ``POST /v1/runs`` is 402 (None: off).
        suspended_key_prefixes: keys starting with any of these get 403 on every endpoint.
        max_simulated_iterations: hard cap on a run's iterations, whatever it asks for.
        version: reported by ``/v1/status``.
        hold_streams: progress streams stay open until their run ends (as the service's do);
            False ends a stream once it has sent what the fake's clock has reached, as a long
            poll's timeout would — for in-process transports, which read an answer whole, on a
            manual clock that only the test moves.

    ``rate_limit_per_minute`` (``POST /v1/runs`` per tenant), ``seed``, ``clock`` and
    ``start_time`` are :class:`~sdk_core.fakes.FakeConfig`'s.
    """

    step_seconds: float = 0.05
    dataset_max_bytes: int = field(default_factory=_env_max_bytes)
    monthly_run_quota: int | None = None
    suspended_key_prefixes: frozenset[str] = frozenset()
    max_simulated_iterations: int = 25
    version: str = "1.0.0"
    hold_streams: bool = True

    def __post_init__(self) -> None:
        FakeConfig.__post_init__(self)
        check_number(self, "step_seconds")
        check_int(self, "dataset_max_bytes", minimum=1)
        check_int(self, "monthly_run_quota", minimum=0, optional=True)
        check_int(self, "max_simulated_iterations", minimum=1)


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from ``parts``."""
    return int(_digest(*parts)[:13], 16) / 16**13


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


# ----------------------------------------------------------------------------- records


@dataclass
class _ApiKey:
    key_id: str
    name: str
    key_prefix: str
    last_4: str
    created_at: float
    revoked_at: float | None = None
    scopes: tuple[str, ...] = ("datasets", "runs", "findings", "api-keys")

    def to_json(self) -> JSON:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "key_prefix": self.key_prefix,
            "last_4": self.last_4,
            "scopes": list(self.scopes),
            "created_at": _iso(self.created_at),
            "revoked_at": None if self.revoked_at is None else _iso(self.revoked_at),
            "is_active": self.revoked_at is None,
        }


@dataclass
class _Dataset:
    dataset_id: str
    name: str
    task: str
    target_column: str
    n_rows: int
    columns: list[str]
    format: str
    size_bytes: int
    created_at: float
    seq: int
    classes: list[str]
    sha256: str
    split_column: str | None = None
    deleted: bool = False

    @property
    def features(self) -> list[str]:
        return [c for c in self.columns if c not in {self.target_column, self.split_column}]

    def to_json(self) -> JSON:
        # Both shapes: the reference page's names and the published 1.0.0 client's.
        features = self.features
        return {
            "dataset_id": self.dataset_id,
            "name": self.name,
            "task": self.task,
            "target_column": self.target_column,
            "n_rows": self.n_rows,
            "n_columns": len(self.columns),
            "columns": list(self.columns),
            "format": self.format,
            "size_bytes": self.size_bytes,
            "created_at": _iso(self.created_at),
            "n_samples": self.n_rows,
            "n_features": len(features),
            "feature_names": features,
            "n_classes": None if self.task == "regression" else len(self.classes),
            "sha256": self.sha256,
            "bytes": self.size_bytes,
            "revoked_at": None,
        }


@dataclass
class _Event:
    seq: int
    at: float  # seconds after the run's creation
    type: str
    iteration: int | None
    data: JSON


@dataclass
class _Finding:
    at: float
    finding_id: str
    exec_id: str | None
    spec_id: str
    validator: str
    stage: str
    severity: str
    detail: str
    payload: JSON


@dataclass
class _Spec:
    spec_id: str
    model_family: str
    hyperparameters: JSON
    iteration: int
    score: float = 0.0
    tier: str = "exploratory"


@dataclass
class _Plan:
    """Everything a run will do, fixed at creation; requests reveal it as time passes."""

    start: float
    end: float
    status: str
    error: str | None
    events: list[_Event]
    iterations: list[tuple[float, JSON]]
    findings: list[_Finding]
    specs: list[_Spec]
    stop_reason: str | None
    dataset: _Dataset | None


@dataclass
class _Run:
    run_id: str
    tenant_id: str
    domain: str
    strategist: str | None
    created_at: float
    seq: int
    request: JSON
    plan: _Plan

    @property
    def pipeline_run_id(self) -> str:
        return f"saas-{self.run_id}"

    def status(self, now: float) -> str:
        elapsed = now - self.created_at
        if elapsed < self.plan.start:
            return "queued"
        if elapsed < self.plan.end:
            return "running"
        return self.plan.status

    def is_completed(self, now: float) -> bool:
        return self.status(now) == "completed"

    @property
    def kept(self) -> list[_Spec]:
        kept = [s for s in self.plan.specs if s.tier in _KEPT_TIERS]
        return sorted(kept, key=lambda s: (-s.score, s.spec_id))

    def to_json(self, now: float) -> JSON:
        status = self.status(now)
        terminal = status in {"completed", "failed"}
        completed = status == "completed"
        top = self.kept[0] if completed and self.kept else None
        tiers = [s.tier for s in self.plan.specs] if completed else []
        return {
            "run_id": self.run_id,
            "tenant_id": self.tenant_id,
            "domain": self.domain,
            "strategist": self.strategist,
            "status": status,
            "error": self.plan.error if terminal else None,
            "pipeline_run_id": self.pipeline_run_id,
            "created_at": _iso(self.created_at),
            "started_at": None if status == "queued" else _iso(self.created_at + self.plan.start),
            "completed_at": _iso(self.created_at + self.plan.end) if terminal else None,
            "promoted_spec_id": None if top is None else top.spec_id,
            "promoted_artifact_path": (
                None if top is None else f"artifacts/{self.run_id}/{top.spec_id}/model.pkl"
            ),
            "best_primary_score": None if top is None else top.score,
            "best_tier": max(tiers, key=_TIER_RANK.__getitem__) if tiers else None,
        }

    def event_json(self, event: _Event) -> JSON:
        return {
            "seq": event.seq,
            "type": event.type,
            "run_id": self.run_id,
            "timestamp": _iso(self.created_at + event.at),
            "iteration": event.iteration,
            "data": event.data,
        }

    def finding_json(self, finding: _Finding) -> JSON:
        return {
            "finding_id": finding.finding_id,
            "exec_id": finding.exec_id,
            "pipeline_run_id": self.pipeline_run_id,
            "domain": self.domain,
            "spec_id": finding.spec_id,
            "validator": finding.validator,
            "stage": finding.stage,
            "severity": finding.severity,
            "detail": finding.detail,
            "payload": finding.payload,
            "created_at": _iso(self.created_at + finding.at),
        }


@dataclass
class _Tenant:
    tenant_id: str
    keys: list[_ApiKey] = field(default_factory=list)
    datasets: dict[str, _Dataset] = field(default_factory=dict)
    runs: dict[str, _Run] = field(default_factory=dict)
    runs_created: int = 0


@dataclass
class _Caller:
    """Who a request's key belongs to."""

    tenant: _Tenant
    key: _ApiKey

    @property
    def scope(self) -> str:
        """Rate limits and idempotency keys are per tenant."""
        return self.tenant.tenant_id


Ctx = Call[_Caller]


# ----------------------------------------------------------------------------- the fake


class GnosysFake(SpecFake[_Caller]):
    """The fake's whole state, its handlers (one per operationId) and the hooks tests use.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    spec_path = SPEC_PATH
    key_pattern = re.compile(r"gn_live_[A-Za-z0-9_\-]+")
    conflict_status = 422
    replay_request_id = True
    rate_limited = frozenset({"create_run"})

    def __init__(self, config: GnosysFakeConfig | None = None) -> None:
        self.config = config or GnosysFakeConfig()
        super().__init__(self.config)
        self.max_upload_bytes = self.config.dataset_max_bytes
        self._seq = 0
        self._tenants: dict[str, _Tenant] = {}
        self._keys: dict[str, _Caller] = {}

    def authenticate(self, token: str) -> _Caller:
        """A key's tenant, registered on first use; revoked keys 401, suspended ones 403."""
        fingerprint = _digest("fp", token)
        with self._lock:
            known = self._keys.get(fingerprint)
            if known is None:
                tenant = self._tenant(self.tenant_id_for(token))
                record = self._key_record(token, "default", self.now())
                tenant.keys.insert(0, record)
                known = self._keys[fingerprint] = _Caller(tenant, record)
        if known.key.revoked_at is not None:
            raise ApiError(401, "this API key has been revoked")
        if any(token.startswith(p) for p in self.config.suspended_key_prefixes):
            raise ApiError(403, "tenant suspended: contact support")
        return known

    # -- test hooks

    def tenant_id_for(self, api_key: str) -> str:
        """The tenant a key belongs to (each key is its own tenant)."""
        return f"ten_{_digest('tenant', api_key)[:16]}"

    def api_key_id(self, api_key: str) -> str:
        """The ``key_id`` under which a plaintext key is (or will be) listed."""
        return f"key_{_digest('key', api_key)[:12]}"

    def run_ids(self, api_key: str) -> list[str]:
        """The runs a key's tenant created, oldest first."""
        with self._lock:
            tenant = self._tenants.get(self.tenant_id_for(api_key))
            return [] if tenant is None else list(tenant.runs)

    # -- state

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _tenant(self, tenant_id: str) -> _Tenant:
        tenant = self._tenants.get(tenant_id)
        if tenant is None:
            tenant = _Tenant(tenant_id)
            created = self.now()
            tenant.datasets[SYNTHETIC_DATASET_ID] = _Dataset(
                dataset_id=SYNTHETIC_DATASET_ID,
                name="synthetic-binary",
                task="classification",
                target_column="y",
                n_rows=1000,
                columns=["x1", "x2", "x3", "x4", "y"],
                format="csv",
                size_bytes=41_977,
                created_at=created,
                seq=self._next_seq(),
                classes=["0", "1"],
                sha256=_digest("synthetic", tenant_id),
            )
            # A second key, so a tenant can revoke one without locking itself out.
            seeded = f"gn_live_{_digest('seeded', tenant_id)[:24]}"
            tenant.keys.append(self._key_record(seeded, "ci", created))
            self._tenants[tenant_id] = tenant
        return tenant

    def _key_record(self, plaintext: str, name: str, created: float) -> _ApiKey:
        return _ApiKey(
            key_id=self.api_key_id(plaintext),
            name=name,
            key_prefix=plaintext[:10],
            last_4=plaintext[-4:],
            created_at=created,
        )

    def _dataset(self, call: Ctx) -> _Dataset:
        dataset = call.caller.tenant.datasets.get(call.path["dataset_id"])
        if dataset is None or dataset.deleted:
            raise ApiError(404, "no such dataset")
        return dataset

    def _run(self, call: Ctx) -> _Run:
        run = call.caller.tenant.runs.get(call.path["run_id"])
        if run is None:
            raise ApiError(404, "no such run")
        return run

    def _completed(self, run: _Run, what: str) -> None:
        status = run.status(self.now())
        if status != "completed":
            raise ApiError(409, f"run {run.run_id} is {status}; {what} needs a completed run")

    def _run_error(self, tenant: _Tenant, body: JSON, planner: _Planner) -> str | None:
        domain = body["domain"]
        kind = body["strategist"]["kind"]
        if domain not in _DOMAINS:
            return f"unsupported domain {domain!r}: use tabular, tabular_regression or strategy"
        if kind not in _KINDS:
            return f"unknown strategist kind {kind!r}: use fixed, hp_sweep, agent or llm"
        wanted: list[str] = []
        template = body.get("spec_template")
        sources = ([template] if template is not None else []) + list(body.get("specs") or [])
        for source in sources:
            dataset_id = source.get("dataset_id")
            if dataset_id is not None:
                if not isinstance(dataset_id, str):
                    return "dataset_id must be a string"
                wanted.append(dataset_id)
        if not wanted and domain != "strategy":
            wanted.append(SYNTHETIC_DATASET_ID)
        for dataset_id in wanted:
            dataset = tenant.datasets.get(dataset_id)
            if dataset is None or dataset.deleted:
                return f"dataset {dataset_id!r} not found (deleted, never uploaded, or another's)"
        if wanted:
            planner.dataset = tenant.datasets[wanted[0]]
        return None

    def _visible_findings(self, tenant: _Tenant, now: float) -> list[tuple[_Run, _Finding]]:
        found = [
            (run, f)
            for run in tenant.runs.values()
            for f in run.plan.findings
            if f.at <= now - run.created_at
        ]
        found.sort(key=lambda rf: (rf[0].created_at + rf[1].at, rf[1].finding_id))
        return found

    async def _events(self, run: _Run, after: int) -> AsyncIterator[bytes]:
        last = after
        events = run.plan.events
        while True:
            with self._lock:
                elapsed = self.now() - run.created_at
            batch = [e for e in events if e.seq > last and e.at <= elapsed]
            if batch:
                last = batch[-1].seq
                yield ("".join(_dumps(run.event_json(e)) + "\n" for e in batch)).encode()
            if last >= events[-1].seq or not self.config.hold_streams:
                return
            upcoming = next(e.at for e in events if e.seq > last)
            # Wakes as soon as the clock gets there: by wall time, or at once on advance().
            await self.clock.sleep_until(run.created_at + upcoming)

    # -- handlers, by operationId: status, datasets

    async def on_get_status(self, call: Ctx) -> Response:
        """``GET /v1/status`` (public)."""
        return _JSON({"status": "ok", "version": self.config.version, "time": _iso(self.now())})

    async def on_list_datasets(self, call: Ctx) -> Response:
        """``GET /v1/datasets``: newest first."""
        with self._lock:
            active = [d for d in call.caller.tenant.datasets.values() if not d.deleted]
            active.sort(key=lambda d: d.seq, reverse=True)
            return _JSON([d.to_json() for d in active])

    async def on_upload_dataset(self, call: Ctx) -> Response:
        """``POST /v1/datasets``: a CSV or parquet file with a named target column."""
        upload: Upload = call.body["file"]
        target: str = call.body["target_column"]
        split: str | None = call.body.get("split_column")
        try:
            table = await asyncio.to_thread(scan_table, upload.file, target)
        except Unparseable as exc:
            raise ApiError(422, f"cannot parse the file: {exc}") from None
        if target not in table.columns:
            raise ApiError(422, "target_column is not a column of the file")
        if split is not None and (split == target or split not in table.columns):
            raise ApiError(422, "split_column is not a column of the file besides the target")
        sha256 = await asyncio.to_thread(_sha256, upload.file)
        with self._lock:
            dataset = _Dataset(
                dataset_id=f"ds_{self.new_hex(20)}",
                name=call.body["name"],
                task=call.body.get("task") or "classification",
                target_column=target,
                n_rows=max(table.n_rows, 0),
                columns=table.columns,
                format=table.format,
                size_bytes=upload.size,
                created_at=self.now(),
                seq=self._next_seq(),
                classes=table.classes or ["0", "1"],
                sha256=sha256,
                split_column=split,
            )
            call.caller.tenant.datasets[dataset.dataset_id] = dataset
        return _JSON(dataset.to_json(), status_code=201)

    async def on_get_dataset(self, call: Ctx) -> Response:
        """``GET /v1/datasets/{dataset_id}``."""
        with self._lock:
            return _JSON(self._dataset(call).to_json())

    async def on_delete_dataset(self, call: Ctx) -> Response:
        """``DELETE /v1/datasets/{dataset_id}``."""
        with self._lock:
            self._dataset(call).deleted = True
        return Response(status_code=204)

    # -- runs

    async def on_create_run(self, call: Ctx) -> Response:
        """``POST /v1/runs``: planned at once, revealed as the clock passes each step."""
        body: JSON = call.body
        strategist = body["strategist"]
        # What RunCreateRequest's schema cannot say: each kind's own requirements.
        kind = strategist["kind"]
        if kind == "fixed" and not body.get("specs"):
            raise invalid(["body", "specs"], "strategist kind fixed requires a non-empty array")
        if kind in {"hp_sweep", "agent", "llm"} and "spec_template" not in body:
            raise invalid(["body", "spec_template"], f"strategist kind {kind} requires it")
        if kind == "hp_sweep":
            if not isinstance(strategist.get("key"), str) or not strategist["key"]:
                raise invalid(["body", "strategist", "key"], "hp_sweep requires a string key")
            if not isinstance(strategist.get("values"), list) or not strategist["values"]:
                raise invalid(["body", "strategist", "values"], "hp_sweep requires values")
        with self._lock:
            tenant = call.caller.tenant
            quota = self.config.monthly_run_quota
            if quota is not None and tenant.runs_created >= quota:
                raise ApiError(
                    402, f"monthly run quota of {quota} runs exhausted; upgrade at /pricing"
                )
            run_id = self.new_hex()
            created = self.now()
            planner = _Planner(self, run_id, body, None)
            error = self._run_error(tenant, body, planner)
            plan = planner.failed(error) if error is not None else planner.plan()
            run = _Run(
                run_id=run_id,
                tenant_id=tenant.tenant_id,
                domain=body["domain"],
                strategist=kind,
                created_at=created,
                seq=self._next_seq(),
                request=body,
                plan=plan,
            )
            tenant.runs[run_id] = run
            tenant.runs_created += 1
        payload = {
            "run_id": run_id,
            "status": "queued",
            "domain": run.domain,
            "created_at": _iso(created),
            "links": {
                "self": f"/v1/runs/{run_id}",
                "iterations": f"/v1/runs/{run_id}/iterations",
                "findings": f"/v1/findings?run_id={run_id}",
            },
        }
        return _JSON(payload, status_code=202)

    async def on_list_runs(self, call: Ctx) -> Response:
        """``GET /v1/runs``: newest first, a page at a time."""
        status = call.query.get("status")
        with self._lock:
            now = self.now()
            runs = sorted(call.caller.tenant.runs.values(), key=lambda r: r.seq, reverse=True)
            runs = [r for r in runs if status is None or r.status(now) == status]
            page, headers = paginate(
                "runs", runs, lambda r: -r.seq, call.query["limit"], call.query.get("cursor")
            )
            return _JSON([r.to_json(now) for r in page], headers=headers)

    async def on_get_run(self, call: Ctx) -> Response:
        """``GET /v1/runs/{run_id}``."""
        with self._lock:
            return _JSON(self._run(call).to_json(self.now()))

    async def on_get_run_iterations(self, call: Ctx) -> Response:
        """``GET /v1/runs/{run_id}/iterations``: the iterations finished so far."""
        with self._lock:
            run = self._run(call)
            elapsed = self.now() - run.created_at
            done = [dict(outcome) for at, outcome in run.plan.iterations if at <= elapsed]
        return _JSON(
            {"run_id": run.run_id, "pipeline_run_id": run.pipeline_run_id, "iterations": done}
        )

    async def on_get_run_progress(self, call: Ctx) -> Response:
        """``GET /v1/runs/{run_id}/progress``: a live JSON-lines stream until ``run_complete``."""
        with self._lock:
            run = self._run(call)
        return StreamingResponse(
            self._events(run, call.query.get("after", 0)),
            media_type="application/jsonl",
            headers={"Cache-Control": "no-store"},
        )

    async def on_get_run_model_card(self, call: Ctx) -> Response:
        """``GET /v1/runs/{run_id}/model_card``: an HTML page (the only ``format`` in v1)."""
        with self._lock:
            run = self._run(call)
            self._completed(run, "a model card")
            page = model_card(run)
        return Response(page, media_type="text/html; charset=utf-8")

    async def on_predict_run(self, call: Ctx) -> Response:
        """``POST /v1/runs/{run_id}/predict``: class probabilities for each uploaded row."""
        top_n: int | None = call.query.get("top_n")
        with self._lock:
            run = self._run(call)
            self._completed(run, "predict")
            kept = run.kept
            dataset = run.plan.dataset
        if dataset is None:
            raise ApiError(409, f"run {run.run_id} is a {run.domain} run: nothing to predict with")
        if not kept:
            raise ApiError(409, f"run {run.run_id} kept zero specs: nothing to predict with")
        try:
            columns, rows = await asyncio.to_thread(read_rows, call.body["file"].file)
        except Unparseable as exc:
            raise ApiError(422, f"cannot parse the file: {exc}") from None
        features = dataset.features
        given = [c for c in columns if c not in {dataset.target_column, dataset.split_column}]
        missing = [c for c in features if c not in given]
        extra = len([c for c in given if c not in features])
        if missing or extra or len(given) != len(set(given)):
            # The model's features only: the upload's own column names are not repeated.
            msg = f"columns must be the model's features {features}: missing {missing}"
            raise ApiError(422, f"{msg}, {extra} unexpected or repeated")
        index = [columns.index(c) for c in features]
        classes = dataset.classes
        used = kept[:top_n] if top_n is not None else kept
        probabilities: list[list[float]] = []
        labels: list[str] = []
        for row in rows:
            values = [row[i] if i < len(row) else "" for i in index]
            probs = _probabilities(run.run_id, len(used), values, len(classes))
            probabilities.append(probs)
            labels.append(classes[max(range(len(probs)), key=probs.__getitem__)])
        # Both shapes: the reference page's names and the published 1.0.0 client's.
        return _JSON(
            {
                "run_id": run.run_id,
                "classes": classes,
                "class_labels": labels,
                "probabilities": probabilities,
                "n_rows": len(rows),
                "n_specs": len(used),
                "calibration": "mcgrad",
                "task": "classification",
                "predictions": labels,
                "probas": probabilities,
            }
        )

    async def on_package_run_submission(self, call: Ctx) -> Response:
        """``POST /v1/runs/{run_id}/submission``: the top kept spec, packaged.

        The raw file, or (when ``Accept`` prefers JSON to it) a JSON ``Submission``.
        """
        top_n: int = call.query.get("top_n") or 1
        with self._lock:
            run = self._run(call)
            self._completed(run, "packaging a submission")
            kept = run.kept
        if not kept:
            raise ApiError(409, f"run {run.run_id} kept zero specs: nothing to package")
        top = kept[0]
        if run.domain == "strategy":
            content = tarball(run, top)
            filename = f"submission-{run.run_id[:8]}.tar.gz"
        else:
            content = main_py(run, top).encode()
            filename = "main.py"
        if _prefers_json(call.request.headers.get("accept")):
            is_tarball = filename.endswith(".tar.gz")
            return _JSON(
                {
                    "run_id": run.run_id,
                    "spec_id": top.spec_id,
                    "n_kept_considered": min(top_n, len(kept)),
                    "score": top.score,
                    "filename": filename,
                    "mode": "rl_train" if is_tarball else "code",
                    "bundled_files": tarball_members(run, top) if is_tarball else [filename],
                    "agent_code": None if is_tarball else content.decode(),
                    "tarball_b64": base64.b64encode(content).decode() if is_tarball else None,
                }
            )
        return Response(
            content,
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    # -- findings, correlations, keys

    async def on_list_findings(self, call: Ctx) -> Response:
        """``GET /v1/findings``: oldest first, filtered, a page at a time."""
        query = call.query
        run_id, pipeline_run_id = query.get("run_id"), query.get("pipeline_run_id")
        if run_id is not None and pipeline_run_id is not None:
            raise ApiError(400, "pass run_id or pipeline_run_id, not both")
        filters = [(query.get(name), name) for name in ("validator", "severity", "spec_id")]
        with self._lock:
            if run_id is not None:
                run = call.caller.tenant.runs.get(run_id)
                # An unknown run has no findings; the operation documents no 404.
                pipeline_run_id = run.pipeline_run_id if run is not None else f"unknown:{run_id}"
            found = [
                (run, finding)
                for run, finding in self._visible_findings(call.caller.tenant, self.now())
                if pipeline_run_id in {None, run.pipeline_run_id}
                and all(v in {None, getattr(finding, name)} for v, name in filters)
            ]
            page, headers = paginate(
                "findings",
                found,
                lambda rf: [rf[0].created_at + rf[1].at, rf[1].finding_id],
                query["limit"],
                query.get("cursor"),
            )
            return _JSON([run.finding_json(f) for run, f in page], headers=headers)

    async def on_list_correlations(self, call: Ctx) -> Response:
        """``GET /v1/correlations``: specs whose findings satisfy the validators predicate."""
        query = call.query
        mode, severity, limit = query["mode"], query["severity"], query["limit"]
        pipeline_run_id = query.get("pipeline_run_id")
        wanted = list(dict.fromkeys(query["validators"]))
        groups: dict[tuple[str, str], tuple[_Run, list[_Finding]]] = {}
        with self._lock:
            for run, finding in self._visible_findings(call.caller.tenant, self.now()):
                if pipeline_run_id is not None and run.pipeline_run_id != pipeline_run_id:
                    continue
                if finding.severity != severity or finding.validator not in wanted:
                    continue
                group = groups.setdefault((run.pipeline_run_id, finding.spec_id), (run, []))
                group[1].append(finding)
        out: list[JSON] = []
        for (pipeline, spec_id), (run, findings) in groups.items():
            matched = [v for v in wanted if any(f.validator == v for f in findings)]
            if (mode == "and" and len(matched) < len(wanted)) or not matched:
                continue
            out.append(
                {
                    "spec_id": spec_id,
                    "domain": run.domain,
                    "pipeline_run_id": pipeline,
                    "matched_validators": matched,
                    "findings": [run.finding_json(f) for f in findings],
                }
            )
            if len(out) == limit:
                break
        return _JSON(out)

    async def on_list_api_keys(self, call: Ctx) -> Response:
        """``GET /v1/api-keys``: the tenant's keys, masked, oldest first."""
        with self._lock:
            keys = sorted(call.caller.tenant.keys, key=lambda k: k.created_at)
            return _JSON([k.to_json() for k in keys])

    async def on_revoke_api_key(self, call: Ctx) -> Response:
        """``DELETE /v1/api-keys/{key_id}``: the key is 401 from now on."""
        with self._lock:
            for key in call.caller.tenant.keys:
                if key.key_id == call.path["key_id"]:
                    if key.revoked_at is None:
                        key.revoked_at = self.now()
                    return Response(status_code=204)
        raise ApiError(404, "no such API key")


# validator, stage, severity, detail, payload
_FindingSpec = tuple[str, str, str, str, JSON]

_ROTATION = (
    (
        "leakage.target_in_features",
        "post_execute",
        "high",
        "A feature is a near-copy of the target (correlation {corr:.2f}); the score is suspect.",
    ),
    (
        "honest_eval.shuffled_label",
        "honest_eval",
        "info",
        "Shuffled-label control scored {corr:.2f}, at chance: the signal is real.",
    ),
    (
        "llm_critic",
        "pre_execute",
        "low",
        "The critic notes the search space is narrow; consider a wider grid.",
    ),
    (
        "honest_eval.cv_variance",
        "honest_eval",
        "medium",
        "Cross-validation folds disagree (std {corr:.2f}); the estimate is noisy.",
    ),
)


def _refine(best: Any, k: int, n: int) -> list[Any]:
    """Values around a numeric best, narrowing as iterations go on ([] if not numeric)."""
    if isinstance(best, bool) or not isinstance(best, int | float):
        return []
    spread = [(-1) ** i * (1 + i // 2) / (2 * k) for i in range(n)]
    try:
        chosen = [float(best) * (1 + d) for d in spread]
    except OverflowError:
        return []
    return chosen if all(math.isfinite(v) for v in chosen) else []


class _Planner:
    """Lays out a run's iterations, findings and events from its request."""

    def __init__(self, fake: GnosysFake, run_id: str, body: JSON, dataset: _Dataset | None) -> None:
        self.fake = fake
        self.run_id = run_id
        self.body = body
        self.dataset = dataset
        self.step = fake.config.step_seconds
        self.events: list[_Event] = []
        self.findings: list[_Finding] = []
        self.specs: list[_Spec] = []
        self.iterations: list[tuple[float, JSON]] = []

    def event(self, at: float, type_: str, iteration: int | None, data: JSON) -> None:
        self.events.append(_Event(len(self.events) + 1, at, type_, iteration, data))

    def failed(self, error: str) -> _Plan:
        end = 2 * self.step
        self.event(end, "run_complete", None, {"status": "failed", "error": error})
        return _Plan(self.step, end, "failed", error, self.events, [], [], [], None, self.dataset)

    def plan(self) -> _Plan:
        body = self.body
        strategist = body["strategist"]
        kind: str = strategist["kind"]
        limit = min(int(body.get("max_iterations", 5)), self.fake.config.max_simulated_iterations)
        window = body.get("no_progress_window")
        wanted_tier = body.get("tier_reached")
        best_value: Any = None
        last_improved, best_score = 0, -1.0
        stop_reason: str | None = None
        k = 0
        while stop_reason is None:
            k += 1
            proposals = self.propose(kind, k, best_value)
            start = k * self.step
            specs = self.score(proposals, k)
            best = max(specs, key=lambda s: (_TIER_RANK[s.tier] > 0, s.score))
            if best.score > best_score + 1e-9:
                best_score, last_improved = best.score, k
                best_value = best.hyperparameters.get(str(strategist.get("key", "")))
            if kind == "fixed":
                stop_reason = "specs_exhausted"
            elif isinstance(wanted_tier, str) and any(
                _TIER_RANK[s.tier] >= _TIER_RANK.get(wanted_tier, 99) for s in specs
            ):
                stop_reason = "tier_reached"
            if stop_reason is None and window is not None and k - last_improved >= window:
                stop_reason = "no_progress"
            if stop_reason is None and k >= int(body.get("max_iterations", 5)):
                stop_reason = "max_iterations"
            if stop_reason is None and k >= limit:
                stop_reason = "iteration_cap"
            self.lay_out(k, start, specs, kind, stop_reason)
        end = (k + 1) * self.step
        kept = sum(1 for s in self.specs if s.tier in _KEPT_TIERS)
        self.event(
            end,
            "run_complete",
            k,
            {
                "status": "completed",
                "error": None,
                "stop_reason": stop_reason,
                "n_iterations": k,
                "n_kept_specs": kept,
            },
        )
        return _Plan(
            start=self.step,
            end=end,
            status="completed",
            error=None,
            events=self.events,
            iterations=self.iterations,
            findings=self.findings,
            specs=self.specs,
            stop_reason=stop_reason,
            dataset=self.dataset,
        )

    def propose(self, kind: str, k: int, best_value: Any) -> list[_Spec]:
        body = self.body
        template = body.get("spec_template") or {}
        family = str(template.get("model_family", "logistic"))
        base = template.get("hyperparameters")
        base_params: JSON = dict(base) if isinstance(base, dict) else {}
        if kind == "fixed":
            out = []
            for i, spec in enumerate(body["specs"][:_MAX_FIXED_SPECS]):
                spec_id = spec.get("spec_id")
                params = spec.get("hyperparameters")
                out.append(
                    _Spec(
                        spec_id if isinstance(spec_id, str) and spec_id else f"fixed-{i}",
                        str(spec.get("model_family", family)),
                        dict(params) if isinstance(params, dict) else {},
                        k,
                    )
                )
            return out
        if kind == "hp_sweep":
            strategist = body["strategist"]
            key = str(strategist["key"])
            values: list[Any] = list(strategist["values"])
            if k == 1:
                chosen = values[:_MAX_SPECS_PER_ITERATION]
            else:
                refine = strategist.get("refine_n", 2)
                n = int(refine) if _is_int(refine) and refine >= 1 else 2
                n = min(n, _MAX_SPECS_PER_ITERATION)
                chosen = _refine(best_value, k, n) or [
                    values[(k + i) % len(values)] for i in range(n)
                ]
            return [
                _Spec(f"hp-{k - 1}-{key}={_fmt(v)}", family, {**base_params, key: v}, k)
                for v in chosen
            ]
        families = ("gradient_boosting", "logistic", "random_forest", "mlp")
        concurrency = body.get("concurrency", 4)
        n = max(1, min(int(concurrency), 4))
        return [
            _Spec(
                f"{kind}-{k - 1}-{j}",
                families[(k + j) % len(families)],
                {**base_params, "proposal": j},
                k,
            )
            for j in range(n)
        ]

    def score(self, specs: list[_Spec], k: int) -> list[_Spec]:
        # The best score climbs until iteration 4, then plateaus (for no_progress_window).
        best = 0.70 + 0.05 * min(k, 4)
        for j, spec in enumerate(specs):
            jitter = 0.0 if j == 0 else _unit(self.run_id, spec.spec_id, j) / 100
            spec.score = round(best - 0.02 * j - jitter, 4)
            if spec.score >= 0.85:
                spec.tier = "paper"
            elif spec.score >= 0.70:
                spec.tier = "candidate"
            else:
                spec.tier = "exploratory"
        if k == 1:
            specs[-1].tier = "rejected"
        return specs

    def spec_findings(self, spec: _Spec, k: int, j: int, n: int) -> list[_FindingSpec]:
        out: list[_FindingSpec] = []
        if k == 1 and j == n - 1:
            out.append(
                (
                    "llm_critic",
                    "pre_execute",
                    "blocker",
                    "The critic found the evaluation split reused for hyperparameter "
                    "selection: the reported score is optimistic.",
                    {"rule": "eval_split_reuse", "confidence": 0.92},
                )
            )
            out.append(
                (
                    "honest_eval.shuffled_label",
                    "honest_eval",
                    "blocker",
                    f"Shuffled-label control scored {spec.score - 0.05:.2f}, far above chance "
                    "(0.50): the pipeline leaks the label.",
                    {"shuffled_score": round(spec.score - 0.05, 4), "chance": 0.5},
                )
            )
        validator, stage, severity, template = _ROTATION[(k + j) % len(_ROTATION)]
        corr = 0.5 + _unit(self.run_id, spec.spec_id, validator) / 2
        detail = template.format(corr=corr)
        out.append((validator, stage, severity, detail, {"value": round(corr, 4)}))
        return out

    def lay_out(
        self, k: int, start: float, specs: list[_Spec], kind: str, stop_reason: str | None
    ) -> None:
        n = len(specs)
        per_spec = [self.spec_findings(spec, k, j, n) for j, spec in enumerate(specs)]
        # iteration_start + per spec (proposed, started, tier) + findings + iteration_end.
        total = 2 + 3 * n + sum(len(f) for f in per_spec)
        tick = self.step / total
        ticks = iter(range(total))

        def next_at() -> float:
            return start + tick * next(ticks)

        self.event(next_at(), "iteration_start", k, {"strategist": kind, "n_planned": n})
        for spec, findings in zip(specs, per_spec, strict=True):
            exec_id = f"exec_{_digest(self.run_id, spec.spec_id, k)[:16]}"
            self.event(
                next_at(),
                "spec_proposed",
                k,
                {
                    "spec_id": spec.spec_id,
                    "model_family": spec.model_family,
                    "hyperparameters": spec.hyperparameters,
                },
            )
            pre = [f for f in findings if f[1] == "pre_execute"]
            post = [f for f in findings if f[1] != "pre_execute"]
            for item in pre:
                self.finding(next_at(), None, spec, k, item)
            self.event(
                next_at(), "execution_started", k, {"spec_id": spec.spec_id, "exec_id": exec_id}
            )
            for item in post:
                self.finding(next_at(), exec_id, spec, k, item)
            self.event(
                next_at(),
                "tier_decision",
                k,
                {"spec_id": spec.spec_id, "tier": spec.tier, "score": spec.score},
            )
            self.specs.append(spec)
        tier_counts: dict[str, int] = {}
        for spec in specs:
            tier_counts[spec.tier] = tier_counts.get(spec.tier, 0) + 1
        best_tier = max((s.tier for s in specs), key=_TIER_RANK.__getitem__)
        outcome: JSON = {
            "iteration": k,
            "n_proposed": n,
            "n_records": n,
            "best_tier_in_iter": best_tier,
            "tier_counts": tier_counts,
            "stop_reason": stop_reason,
            "duration_seconds": self.step,
            "strategist_name": kind,
        }
        end_at = next_at()
        self.event(end_at, "iteration_end", k, dict(outcome))
        self.iterations.append((end_at, outcome))

    def finding(
        self, at: float, exec_id: str | None, spec: _Spec, k: int, item: _FindingSpec
    ) -> None:
        validator, stage, severity, detail, payload = item
        finding_id = f"fnd_{_digest(self.run_id, spec.spec_id, k, validator, severity)[:20]}"
        self.findings.append(
            _Finding(
                at, finding_id, exec_id, spec.spec_id, validator, stage, severity, detail, payload
            )
        )
        self.event(
            at,
            "validator_finding",
            k,
            {
                "finding_id": finding_id,
                "spec_id": spec.spec_id,
                "validator": validator,
                "stage": stage,
                "severity": severity,
            },
        )


# ----------------------------------------------------------------------------- helpers


def _sha256(fh: Any) -> str:
    """The hex SHA-256 of a spooled upload, read in chunks (the file is rewound after)."""
    fh.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def _quality(accept: str, media: str) -> float:
    """The ``q`` an ``Accept`` header gives ``media``: that of its most specific matching range."""
    kind = media.split("/", 1)[0]
    ranks = {media: 2, f"{kind}/*": 1, "*/*": 0}
    found: dict[int, float] = {}
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        rank = ranks.get(media_range.lower())
        if rank is None:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0) if math.isfinite(q) else 0.0
        found[rank] = max(found.get(rank, 0.0), q)
    return found[max(found)] if found else 0.0


def _prefers_json(accept: str | None) -> bool:
    """Whether ``Accept`` ranks application/json above the raw file (ties go to the file)."""
    if not accept:
        return False
    return _quality(accept, "application/json") > _quality(accept, "application/octet-stream")


# ----------------------------------------------------------------------------- predictions


def _probabilities(run_id: str, n_specs: int, values: Iterable[str], n_classes: int) -> list[float]:
    """Calibrated-looking, deterministic class probabilities for one row."""
    if n_classes <= 1:
        return [1.0] * n_classes
    row = list(values)
    logits = [4.0 * (_unit(run_id, n_specs, c, *row) - 0.5) for c in range(n_classes)]
    top = max(logits)
    weights = [math.exp(z - top) for z in logits]
    total = sum(weights)
    probs = [min(max(w / total, 0.02), 0.98) for w in weights]
    total = sum(probs)
    probs = [round(p / total, 6) for p in probs]
    probs[-1] = round(1.0 - sum(probs[:-1]), 6)
    return probs


# ----------------------------------------------------------------------------- the app


def create_app(config: GnosysFakeConfig | None = None) -> Starlette:
    """A fresh fake Gnosys service; its state is ``app.state.fake``."""
    return GnosysFake(config).app()
