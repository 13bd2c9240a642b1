"""A stateful, in-memory fake of the Gnosys REST API v1 (``specs/gnosys/openapi.json``).

``create_app(GnosysFakeConfig(...))`` returns a Starlette app; its state is ``app.state.fake``
(a :class:`GnosysFake`). Everything is deterministic for a given sequence of requests (ids come
from a seeded RNG, results from hashes); nothing leaves the process.

Deterministic rules worth knowing when writing tests against it:

* **Auth.** ``Authorization: Bearer gn_live_<letters, digits, _ or ->`` is accepted; each key is
  its own tenant (``tenant_id`` derives from the key), registered on first use together with a
  second, seeded key named ``ci``. Another tenant's run or dataset is 404. A revoked key gets
  401; a key starting with one of ``suspended_key_prefixes`` gets 403 everywhere.
  ``/v1/status`` and ``/v1/openapi.json`` need no key.
* **Datasets.** Every tenant starts with the dataset ``synthetic_binary`` (columns ``x1..x4``
  and the binary target ``y``; classes ``"0"`` and ``"1"``; 1000 rows), which it can delete
  like its own uploads. Uploads are CSV or parquet (parquet is detected by ``PAR1``); over
  ``dataset_max_bytes`` (``$GNOSYS_DATASET_MAX_BYTES``) is 413 and the body is not read on.
* **Runs.** A run is ``queued`` for one ``step_seconds``, then ``running`` for one step per
  iteration, then ``completed`` (``failed`` one step after starting, with ``error`` set, when
  the domain is not tabular / tabular_regression / strategy, the strategist kind is unknown, or
  a ``dataset_id`` in ``spec_template`` / ``specs`` is not one of the tenant's active
  datasets). Tabular runs without a ``dataset_id`` use ``synthetic_binary``. The body is
  checked against RunCreateRequest and the per-kind requirements (``fixed`` needs ``specs``;
  the others ``spec_template``; ``hp_sweep`` also ``key`` and ``values``), else 422;
  ``sandbox_config`` without ``enable_code_exec`` is accepted and ignored. Time is read lazily
  from the clock when requests arrive; :meth:`GnosysFake.advance` moves it forward.
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
  target; the target may be present and is ignored), else 422. Probabilities are a softmax
  (logistic, for two classes) of hashes of each row's values, clipped to [0.02, 0.98]; classes
  are the target's distinct values in the first MiB of a CSV (the whole column of a parquet
  file), at most 50, sorted, as strings.
* **Idempotency.** A POST repeating an ``Idempotency-Key`` (same tenant, method and path)
  replays the first 2xx response, request id included, with ``Idempotent-Replayed: true``;
  errors are not stored, so a retry after a 429 / 5xx acts anew. The same key with another
  JSON body is 422 (as the IETF Idempotency-Key draft says); upload bodies are not compared.
* **Pagination.** ``X-Next-Cursor`` values are opaque; any other non-empty cursor is 400.
* **Test hooks.** :meth:`GnosysFake.inject_faults`, :meth:`GnosysFake.inject_malformed`,
  :meth:`GnosysFake.inject_stream_cut` and :meth:`GnosysFake.advance`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import csv
import gzip
import html
import io
import json
import math
import os
import random
import re
import tarfile
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message, Receive

from tools.fakes._common import ApiError, FaultHooks, FaultInjector, IdempotencyStore
from tools.fakes._common import AsciiJSON as _JSON
from tools.fakes._common import ascii_dumps as _dumps
from tools.fakes._common import digest as _digest
from tools.fakes._common import error_response as _error_response
from tools.fakes._common import iso as _iso
from tools.fakes._common import strict_loads as _loads
from tools.pins import SPECS_DIR

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
SPEC_PATH = SPECS_DIR / "gnosys" / "openapi.json"

_KEY_RE = re.compile(r"gn_live_[A-Za-z0-9_\-]+")
_INT_RE = re.compile(r"-?[0-9]+")
_DOMAINS = frozenset({"tabular", "tabular_regression", "strategy"})
_KINDS = frozenset({"fixed", "hp_sweep", "agent", "llm"})
_TIER_RANK = {"rejected": 0, "exploratory": 1, "candidate": 2, "paper": 3}
_KEPT_TIERS = frozenset({"candidate", "paper"})
_MAX_SPECS_PER_ITERATION = 8
_MAX_FIXED_SPECS = 16
_MAX_CLASSES = 50
_SAMPLE_BYTES = 2**20
# Multipart framing plus the small text fields, on top of the file's own size limit.
_FORM_OVERHEAD = 64 * 2**10
_RATE_WINDOW = 60.0
# A silent long poll re-checks the clock at least this often, so `advance()` is noticed.
_STREAM_POLL = 0.25

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
class GnosysFakeConfig:
    """How the fake behaves. Every limit is off by default except the upload size.

    Attributes:
        step_seconds: simulated time per run step (queued, each iteration, completion).
        dataset_max_bytes: largest accepted upload (datasets and predict files); defaults to
            ``$GNOSYS_DATASET_MAX_BYTES`` or 512 MiB.
        rate_limit_per_minute: burst limit on ``POST /v1/runs`` per tenant (None: off).
        monthly_run_quota: runs a tenant may create before ``POST /v1/runs`` is 402 (None: off).
        suspended_key_prefixes: keys starting with any of these get 403 on every endpoint.
        max_simulated_iterations: hard cap on a run's iterations, whatever it asks for.
        seed: seeds the ids the fake hands out.
        version: reported by ``/v1/status``.

    """

    step_seconds: float = 0.05
    dataset_max_bytes: int = field(default_factory=_env_max_bytes)
    rate_limit_per_minute: int | None = None
    monthly_run_quota: int | None = None
    suspended_key_prefixes: frozenset[str] = frozenset()
    max_simulated_iterations: int = 25
    seed: int = 0
    version: str = "1.0.0"

    def __post_init__(self) -> None:
        if not (self.step_seconds >= 0 and math.isfinite(self.step_seconds)):
            raise ValueError(f"step_seconds must be a finite number >= 0, got {self.step_seconds}")
        if self.dataset_max_bytes < 1:
            raise ValueError("dataset_max_bytes must be positive")
        if self.rate_limit_per_minute is not None and self.rate_limit_per_minute < 1:
            raise ValueError("rate_limit_per_minute must be positive (or None for no limit)")
        if self.monthly_run_quota is not None and self.monthly_run_quota < 0:
            raise ValueError("monthly_run_quota must be >= 0 (or None for no quota)")
        if self.max_simulated_iterations < 1:
            raise ValueError("max_simulated_iterations must be positive")


class _BodyTooLarge(Exception):
    """The request body went past its byte budget; reading stopped there."""


class _Unparseable(Exception):
    """An uploaded file is neither a readable CSV nor a parquet file."""


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from ``parts``."""
    return int(_digest(*parts)[:13], 16) / 16**13


def _fmt(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    try:
        return f"{value:g}"
    except OverflowError:  # an int too large for a float
        return str(value)


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
    deleted: bool = False

    @property
    def features(self) -> list[str]:
        return [c for c in self.columns if c != self.target_column]

    def to_json(self) -> JSON:
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
    run_attempts: deque[float] = field(default_factory=deque)
    runs_created: int = 0


@dataclass
class _StreamCut:
    path_prefix: str
    after_events: int
    remaining: int


@dataclass
class _Ctx:
    """One request's identity."""

    request_id: str
    tenant: _Tenant
    key: _ApiKey


# ----------------------------------------------------------------------------- uploads


@dataclass
class _Table:
    format: str
    columns: list[str]
    n_rows: int
    classes: list[str]


def _check_header(columns: list[str]) -> list[str]:
    columns = [c.strip() for c in columns]
    if not columns or all(not c for c in columns):
        raise _Unparseable("the file has no header row")
    return columns


def _scan_parquet(fh: IO[bytes], target: str | None) -> _Table:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        fh.seek(0)
        parquet = pq.ParquetFile(fh)
        columns = [str(name) for name in parquet.schema_arrow.names]
        n_rows = int(parquet.metadata.num_rows)
        classes: list[str] = []
        if target is not None and target in columns:
            column = parquet.read(columns=[target]).column(0)
            classes = sorted({str(v) for v in column.unique().to_pylist()[:_MAX_CLASSES]})
    except Exception as exc:
        raise _Unparseable(f"not a readable parquet file: {exc}") from None
    return _Table("parquet", _check_header(columns), n_rows, classes)


def _scan_csv(fh: IO[bytes], target: str | None) -> _Table:
    fh.seek(0)
    head = fh.read(_SAMPLE_BYTES)
    more = bool(fh.read(1))
    if b"\x00" in head:
        raise _Unparseable("the file contains NUL bytes: not a CSV file")
    if more:
        # Parse only whole lines of the sample (this also avoids a split UTF-8 character).
        cut = head.rfind(b"\n")
        if cut < 0:
            raise _Unparseable("the first line is longer than 1 MiB: not a CSV file")
        head = head[: cut + 1]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unparseable("the file is not UTF-8 text: neither CSV nor parquet") from None
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error as exc:
        raise _Unparseable(f"not a readable CSV file: {exc}") from None
    if not rows:
        raise _Unparseable("the file is empty")
    columns = _check_header(rows[0])
    classes: set[str] = set()
    if target is not None and target in columns:
        index = columns.index(target)
        for row in rows[1:]:
            if index < len(row) and len(classes) < _MAX_CLASSES:
                classes.add(row[index])
    return _Table("csv", columns, _count_csv_records(fh) - 1, sorted(classes))


def _count_csv_records(fh: IO[bytes]) -> int:
    # Counting newlines is ~40x faster than the csv module; it is exact unless a quoted field
    # spans lines, so any quote in the file sends us to the slow, exact path.
    fh.seek(0)
    newlines, quoted, last = 0, False, b""
    while chunk := fh.read(2**20):
        newlines += chunk.count(b"\n")
        quoted = quoted or b'"' in chunk
        last = chunk[-1:]
    if not quoted:
        return newlines + (1 if last and last != b"\n" else 0)
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    try:
        return sum(1 for row in csv.reader(text) if row)
    except csv.Error as exc:
        raise _Unparseable(f"not a readable CSV file: {exc}") from None
    finally:
        text.detach()


def _scan(fh: IO[bytes], target: str | None) -> _Table:
    fh.seek(0)
    magic = fh.read(4)
    if magic == b"PAR1":
        return _scan_parquet(fh, target)
    return _scan_csv(fh, target)


def _read_rows(fh: IO[bytes]) -> tuple[list[str], list[list[str]]]:
    """A small file's header and rows, as strings."""
    fh.seek(0)
    if fh.read(4) == b"PAR1":
        import pyarrow.parquet as pq

        try:
            fh.seek(0)
            table = pq.read_table(fh)
        except Exception as exc:
            raise _Unparseable(f"not a readable parquet file: {exc}") from None
        columns = [str(c) for c in table.column_names]
        rows = [[_cell(row[c]) for c in table.column_names] for row in table.to_pylist()]
        return _check_header(columns), rows
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    try:
        parsed = [row for row in csv.reader(text) if row]
    except (UnicodeDecodeError, csv.Error):
        raise _Unparseable("the file is neither a readable CSV nor a parquet file") from None
    finally:
        text.detach()
    if not parsed:
        raise _Unparseable("the file is empty")
    if any("\x00" in cell for cell in parsed[0]):
        raise _Unparseable("the file contains NUL bytes: not a CSV file")
    return _check_header(parsed[0]), parsed[1:]


def _cell(value: Any) -> str:
    return "" if value is None else _fmt(value)


async def _fingerprint(request: Request) -> str | None:
    """What a replayed request must repeat: its JSON body (uploads are not compared)."""
    if not request.headers.get("content-type", "").startswith("application/json"):
        return None
    raw = await request.body()  # cached on the request for the handler
    try:
        canonical = json.dumps(_loads(raw), sort_keys=True, separators=(",", ":"))
    except ValueError:
        return _digest("raw", raw.hex())
    return _digest("json", canonical)


def _limited(receive: Receive, budget: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > budget:
                raise _BodyTooLarge
        return message

    return wrapped


async def _read_form(request: Request, max_bytes: int) -> FormData:
    """The multipart form, with files spooled to disk; 413 as soon as it is too big."""
    too_large = ApiError(413, f"upload exceeds GNOSYS_DATASET_MAX_BYTES ({max_bytes} bytes)")
    budget = max_bytes + _FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > budget:
        raise too_large
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "multipart/form-data":
        raise ApiError(400, "the body must be multipart/form-data")
    limited = Request(request.scope, _limited(request.receive, budget))
    try:
        form = await limited.form(max_files=8, max_fields=32)
    except _BodyTooLarge:
        raise too_large from None
    except MultiPartException as exc:
        raise ApiError(400, f"malformed multipart body: {exc.message}") from None
    except HTTPException as exc:
        raise ApiError(400, f"malformed multipart body: {exc.detail}") from None
    return form


def _form_text(form: FormData, name: str, *, required: bool) -> str | None:
    value = form.get(name)
    if value is None:
        if required:
            raise ApiError(422, f"field {name!r} is required")
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"field {name!r} must be a text field, not a file")
    if not value:
        raise ApiError(422, f"field {name!r} must not be empty")
    return value


async def _form_file(form: FormData, max_bytes: int) -> tuple[IO[bytes], int]:
    value = form.get("file")
    if value is None:
        raise ApiError(422, "field 'file' is required")
    if isinstance(value, str):
        # A part without a filename still carries the file's bytes.
        data = value.encode()
        if len(data) > max_bytes:
            raise ApiError(413, f"upload exceeds GNOSYS_DATASET_MAX_BYTES ({max_bytes} bytes)")
        return io.BytesIO(data), len(data)
    assert isinstance(value, UploadFile)
    await value.seek(0)
    size = value.size if value.size is not None else 0
    if size > max_bytes:
        raise ApiError(413, f"upload exceeds GNOSYS_DATASET_MAX_BYTES ({max_bytes} bytes)")
    return value.file, size


# ----------------------------------------------------------------------------- validation


def _int_param(
    request: Request, name: str, *, default: int | None, low: int, high: int | None = None
) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    problem = ApiError(
        400,
        f"query parameter {name!r} must be an integer "
        + (f">= {low}" if high is None else f"between {low} and {high}"),
    )
    # Plain ASCII digits only: int() would also take "1_0", " 7" or "٣".
    if not _INT_RE.fullmatch(raw):
        raise problem
    try:
        value = int(raw)
    except ValueError:  # more digits than Python converts
        raise problem from None
    if value < low or (high is not None and value > high):
        raise problem
    return value


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _validate_run_body(body: Any) -> JSON:
    """RunCreateRequest's schema, then the documented per-kind requirements (422)."""
    if not isinstance(body, dict):
        raise ApiError(422, "the body must be a JSON object")
    problems: list[str] = []
    if "domain" not in body:
        problems.append("domain is required")
    elif not isinstance(body["domain"], str):
        problems.append("domain must be a string")
    strategist = body.get("strategist")
    if "strategist" not in body:
        problems.append("strategist is required")
    elif not isinstance(strategist, dict):
        problems.append("strategist must be an object with a 'kind'")
    elif not isinstance(strategist.get("kind"), str):
        problems.append("strategist.kind is required and must be a string")
    for name in ("spec_template", "llm", "llm_critic", "sandbox_config"):
        if name in body and not isinstance(body[name], dict):
            problems.append(f"{name} must be an object")
    if "specs" in body and not (
        isinstance(body["specs"], list) and all(isinstance(s, dict) for s in body["specs"])
    ):
        problems.append("specs must be an array of objects")
    for name in ("max_iterations", "no_progress_window", "concurrency"):
        if name in body and not (_is_int(body[name]) and body[name] >= 1):
            problems.append(f"{name} must be an integer >= 1")
    if "tier_reached" in body and not isinstance(body["tier_reached"], str):
        problems.append("tier_reached must be a string")
    if "enable_code_exec" in body and not isinstance(body["enable_code_exec"], bool):
        problems.append("enable_code_exec must be a boolean")
    if problems:
        raise ApiError(422, "; ".join(problems))
    assert isinstance(strategist, dict)
    kind = strategist["kind"]
    if kind == "fixed" and not body.get("specs"):
        raise ApiError(422, "strategist kind 'fixed' requires a non-empty specs array")
    if kind in {"hp_sweep", "agent", "llm"} and "spec_template" not in body:
        raise ApiError(422, f"strategist kind {kind!r} requires spec_template")
    if kind == "hp_sweep":
        if not isinstance(strategist.get("key"), str) or not strategist["key"]:
            raise ApiError(422, "strategist kind 'hp_sweep' requires a string 'key'")
        values = strategist.get("values")
        if not isinstance(values, list) or not values:
            raise ApiError(422, "strategist kind 'hp_sweep' requires a non-empty 'values' array")
    return body


# ----------------------------------------------------------------------------- run planning

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
        concurrency = body.get("concurrency", 3)
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


# ----------------------------------------------------------------------------- the fake


def _encode_cursor(kind: str, position: Any) -> str:
    raw = json.dumps({"k": kind, "p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(kind: str, cursor: str | None) -> Any:
    if not cursor:  # `cursor=` asks for the first page
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise ApiError(400, "invalid cursor: pass back an X-Next-Cursor value") from None
    if not isinstance(data, dict) or data.get("k") != kind or "p" not in data:
        raise ApiError(400, "invalid cursor: pass back an X-Next-Cursor value")
    return data["p"]


Handler = Callable[[_Ctx, Request], Awaitable[Response]]


class GnosysFake(FaultHooks):
    """The fake's whole state, plus the hooks tests use to bend it.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    def __init__(self, config: GnosysFakeConfig | None = None) -> None:
        self.config = config or GnosysFakeConfig()
        self._lock = threading.RLock()
        self._rng = random.Random(self.config.seed)
        self._offset = 0.0
        self._seq = 0
        self._tenants: dict[str, _Tenant] = {}
        self._keys: dict[str, tuple[_Tenant, _ApiKey]] = {}
        self._replays = IdempotencyStore(conflict_status=422, replay_request_id=True)
        self._injected = FaultInjector()
        self._cuts: list[_StreamCut] = []

    # -- test hooks

    def now(self) -> float:
        """The fake's clock: wall time plus everything :meth:`advance` added."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward (runs progress, rate-limit windows slide)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    def inject_stream_cut(self, path_prefix: str, after_events: int, *, times: int = 1) -> None:
        """End the next ``times`` matching progress streams cleanly after ``after_events``."""
        with self._lock:
            self._cuts.append(_StreamCut(path_prefix, after_events, times))

    def clear_faults(self) -> None:
        """Drop every pending injected fault, malformed body and stream cut."""
        with self._lock:
            self._injected.clear()
            self._cuts.clear()

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

    # -- internals

    def _new_hex(self, n: int = 32) -> str:
        return uuid.UUID(int=self._rng.getrandbits(128)).hex[:n]

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _take_cut(self, path: str) -> int | None:
        with self._lock:
            for cut in self._cuts:
                if path.startswith(cut.path_prefix):
                    cut.remaining -= 1
                    if cut.remaining <= 0:
                        self._cuts.remove(cut)
                    return cut.after_events
        return None

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

    def _authenticate(self, request: Request) -> tuple[_Tenant, _ApiKey]:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if not header:
            raise ApiError(401, "missing API key: send Authorization: Bearer gn_live_...")
        if scheme.lower() != "bearer" or not _KEY_RE.fullmatch(token):
            raise ApiError(401, "malformed API key: expected Authorization: Bearer gn_live_...")
        fingerprint = _digest("fp", token)
        with self._lock:
            known = self._keys.get(fingerprint)
            if known is None:
                tenant = self._tenant(self.tenant_id_for(token))
                record = self._key_record(token, "default", self.now())
                tenant.keys.insert(0, record)
                known = (tenant, record)
                self._keys[fingerprint] = known
        tenant, record = known
        if record.revoked_at is not None:
            raise ApiError(401, "this API key has been revoked")
        if any(token.startswith(p) for p in self.config.suspended_key_prefixes):
            raise ApiError(403, "tenant suspended: contact support")
        return tenant, record

    async def dispatch(
        self, request: Request, handler: Handler, *, public: bool = False
    ) -> Response:
        """Run ``handler`` with request ids, injected faults, auth and idempotency around it."""
        request_id = request.headers.get("x-request-id", "")
        if not (0 < len(request_id) <= 200 and request_id.isprintable() and request_id.isascii()):
            request_id = f"req_{self._new_hex(24)}"
        method = "GET" if request.method == "HEAD" else request.method
        path = request.url.path
        fault = self._injected.take_fault(method, path)
        if fault is not None and not fault.act:
            return fault.response(request_id)
        malformed = self._injected.take_malformed(method, path)
        if malformed is not None:
            return Response(
                malformed.body,
                status_code=malformed.status,
                headers={"X-Request-Id": request_id, "Content-Type": malformed.content_type},
            )
        try:
            if public:
                ctx = _Ctx(request_id, _Tenant("public"), _ApiKey("", "", "", "", 0.0))
            else:
                tenant, key = self._authenticate(request)
                ctx = _Ctx(request_id, tenant, key)
            if method == "POST" and "idempotency-key" in request.headers:
                response = await self._idempotent_call(ctx, request, handler)
            else:
                response = await handler(ctx, request)
        except ApiError as exc:
            response = _error_response(exc.status, exc.detail, request_id, exc.headers)
        except Exception as exc:  # the fake must answer in JSON even when it has a bug
            response = _error_response(500, f"internal error in the fake: {exc!r}", request_id)
        if fault is not None:
            return fault.response(request_id)
        if "x-request-id" not in response.headers:
            response.headers["X-Request-Id"] = request_id
        return response

    async def _idempotent_call(self, ctx: _Ctx, request: Request, handler: Handler) -> Response:
        key = request.headers["idempotency-key"]
        if not 1 <= len(key) <= 255:
            if "run_id" in request.path_params:
                with self._lock:
                    self._run(ctx, request)  # an unknown run is a 404 before any 400
            raise ApiError(400, "Idempotency-Key must be 1 to 255 characters")
        slot = (ctx.tenant.tenant_id, request.method, request.url.path, key)
        fingerprint = await _fingerprint(request)
        return await self._replays.call(
            slot, fingerprint, ctx.request_id, lambda: handler(ctx, request)
        )

    # -- endpoints: status, datasets

    async def _ep_get_status(self, ctx: _Ctx, request: Request) -> Response:
        return _JSON({"status": "ok", "version": self.config.version, "time": _iso(self.now())})

    async def _ep_get_openapi(self, ctx: _Ctx, request: Request) -> Response:
        return Response(SPEC_PATH.read_bytes(), media_type="application/json")

    async def _ep_datasets(self, ctx: _Ctx, request: Request) -> Response:
        if request.method == "POST":
            return await self._ep_upload_dataset(ctx, request)
        with self._lock:
            active = [d for d in ctx.tenant.datasets.values() if not d.deleted]
            active.sort(key=lambda d: d.seq, reverse=True)
            return _JSON([d.to_json() for d in active])

    async def _ep_upload_dataset(self, ctx: _Ctx, request: Request) -> Response:
        limit = self.config.dataset_max_bytes
        form = await _read_form(request, limit)
        try:
            name = _form_text(form, "name", required=True)
            task = _form_text(form, "task", required=False) or "classification"
            target = _form_text(form, "target_column", required=True)
            assert name is not None
            assert target is not None
            fh, size = await _form_file(form, limit)
            try:
                table = await asyncio.to_thread(_scan, fh, target)
            except _Unparseable as exc:
                raise ApiError(422, f"cannot parse the file: {exc}") from None
        finally:
            await form.close()
        if target not in table.columns:
            raise ApiError(
                422, f"target_column {target!r} is not a column of the file ({table.columns[:20]})"
            )
        with self._lock:
            dataset = _Dataset(
                dataset_id=f"ds_{self._new_hex(20)}",
                name=name,
                task=task,
                target_column=target,
                n_rows=max(table.n_rows, 0),
                columns=table.columns,
                format=table.format,
                size_bytes=size,
                created_at=self.now(),
                seq=self._next_seq(),
                classes=table.classes or ["0", "1"],
            )
            ctx.tenant.datasets[dataset.dataset_id] = dataset
        return _JSON(dataset.to_json(), status_code=201)

    def _dataset(self, ctx: _Ctx, dataset_id: str) -> _Dataset:
        dataset = ctx.tenant.datasets.get(dataset_id)
        if dataset is None or dataset.deleted:
            raise ApiError(404, f"no dataset {dataset_id!r}")
        return dataset

    async def _ep_dataset(self, ctx: _Ctx, request: Request) -> Response:
        dataset_id = request.path_params["dataset_id"]
        with self._lock:
            dataset = self._dataset(ctx, dataset_id)
            if request.method == "DELETE":
                dataset.deleted = True
                return Response(status_code=204)
            return _JSON(dataset.to_json())

    # -- endpoints: runs

    def _run(self, ctx: _Ctx, request: Request) -> _Run:
        run_id = request.path_params["run_id"]
        run = ctx.tenant.runs.get(run_id)
        if run is None:
            raise ApiError(404, f"no run {run_id!r}")
        return run

    async def _ep_runs(self, ctx: _Ctx, request: Request) -> Response:
        if request.method == "POST":
            return await self._ep_create_run(ctx, request)
        status = request.query_params.get("status")
        limit = _int_param(request, "limit", default=50, low=1, high=500)
        assert limit is not None
        position = _decode_cursor("runs", request.query_params.get("cursor"))
        if position is not None and not _is_int(position):
            raise ApiError(400, "invalid cursor: pass back an X-Next-Cursor value")
        with self._lock:
            now = self.now()
            runs = sorted(ctx.tenant.runs.values(), key=lambda r: r.seq, reverse=True)
            if position is not None:
                runs = [r for r in runs if r.seq < position]
            if status is not None:
                runs = [r for r in runs if r.status(now) == status]
            page = runs[:limit]
            body = [r.to_json(now) for r in page]
        headers = {}
        if len(runs) > limit:
            headers["X-Next-Cursor"] = _encode_cursor("runs", page[-1].seq)
        return _JSON(body, headers=headers)

    def _check_rate_limit(self, tenant: _Tenant) -> None:
        per_minute = self.config.rate_limit_per_minute
        if per_minute is None:
            return
        now = self.now()
        window = tenant.run_attempts
        while window and window[0] <= now - _RATE_WINDOW:
            window.popleft()
        if len(window) >= per_minute:
            wait = max(1, math.ceil(window[0] + _RATE_WINDOW - now))
            raise ApiError(
                429,
                f"rate limit of {per_minute} run creations per minute exceeded",
                {"Retry-After": str(wait)},
            )
        window.append(now)

    async def _ep_create_run(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            self._check_rate_limit(ctx.tenant)
        raw = await request.body()
        try:
            body = _loads(raw)
        except ValueError:
            raise ApiError(400, "the body is not valid JSON") from None
        body = _validate_run_body(body)
        with self._lock:
            quota = self.config.monthly_run_quota
            if quota is not None and ctx.tenant.runs_created >= quota:
                raise ApiError(
                    402, f"monthly run quota of {quota} runs exhausted; upgrade at /pricing"
                )
            run_id = self._new_hex()
            created = self.now()
            planner = _Planner(self, run_id, body, None)
            error = self._run_error(ctx.tenant, body, planner)
            plan = planner.failed(error) if error is not None else planner.plan()
            run = _Run(
                run_id=run_id,
                tenant_id=ctx.tenant.tenant_id,
                domain=body["domain"],
                strategist=body["strategist"]["kind"],
                created_at=created,
                seq=self._next_seq(),
                request=body,
                plan=plan,
            )
            ctx.tenant.runs[run_id] = run
            ctx.tenant.runs_created += 1
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

    def _run_error(self, tenant: _Tenant, body: JSON, planner: _Planner) -> str | None:
        domain = body["domain"]
        kind = body["strategist"]["kind"]
        if domain not in _DOMAINS:
            return f"unsupported domain {domain!r}: use tabular, tabular_regression or strategy"
        if kind not in _KINDS:
            return f"unknown strategist kind {kind!r}: use fixed, hp_sweep, agent or llm"
        wanted: list[str] = []
        template = body.get("spec_template")
        sources = [template] if isinstance(template, dict) else []
        sources += [s for s in body.get("specs") or [] if isinstance(s, dict)]
        for source in sources:
            dataset_id = source.get("dataset_id")
            if dataset_id is not None:
                if not isinstance(dataset_id, str):
                    return f"dataset_id must be a string, got {dataset_id!r}"
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

    async def _ep_get_run(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            return _JSON(self._run(ctx, request).to_json(self.now()))

    async def _ep_get_iterations(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            run = self._run(ctx, request)
            elapsed = self.now() - run.created_at
            done = [dict(outcome) for at, outcome in run.plan.iterations if at <= elapsed]
        return _JSON({"run_id": run.run_id, "iterations": done})

    async def _ep_get_progress(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            run = self._run(ctx, request)
        after = _int_param(request, "after", default=0, low=0)
        assert after is not None
        cut = self._take_cut(request.url.path)
        return StreamingResponse(
            self._events(run, after, cut),
            media_type="application/jsonl",
            headers={"X-Request-Id": ctx.request_id, "Cache-Control": "no-store"},
        )

    async def _events(self, run: _Run, after: int, cut: int | None) -> AsyncIterator[bytes]:
        last, sent = after, 0
        events = run.plan.events
        while True:
            with self._lock:
                elapsed = self.now() - run.created_at
            batch = [e for e in events if e.seq > last and e.at <= elapsed]
            if cut is not None:
                batch = batch[: max(cut - sent, 0)]
            if batch:
                last = batch[-1].seq
                sent += len(batch)
                lines = (_dumps(run.event_json(e)) for e in batch)
                yield ("\n".join(lines) + "\n").encode()
            if last >= events[-1].seq or (cut is not None and sent >= cut):
                return
            upcoming = next(e.at for e in events if e.seq > last)
            await asyncio.sleep(min(max(upcoming - elapsed, 0.001), _STREAM_POLL))

    def _completed(self, run: _Run, what: str) -> None:
        status = run.status(self.now())
        if status != "completed":
            raise ApiError(409, f"run {run.run_id} is {status}; {what} needs a completed run")

    async def _ep_get_model_card(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            run = self._run(ctx, request)
            card_format = request.query_params.get("format", "html")
            if card_format != "html":
                raise ApiError(400, f"unsupported format {card_format!r}: only 'html' in v1")
            self._completed(run, "a model card")
            page = _model_card(run)
        return Response(page, media_type="text/html; charset=utf-8")

    async def _ep_predict(self, ctx: _Ctx, request: Request) -> Response:
        top_n = _int_param(request, "top_n", default=None, low=1)
        with self._lock:
            run = self._run(ctx, request)
            self._completed(run, "predict")
            kept = run.kept
            dataset = run.plan.dataset
        if dataset is None:
            raise ApiError(409, f"run {run.run_id} is a {run.domain} run: nothing to predict with")
        if not kept:
            raise ApiError(409, f"run {run.run_id} kept zero specs: nothing to predict with")
        limit = self.config.dataset_max_bytes
        form = await _read_form(request, limit)
        try:
            fh, _ = await _form_file(form, limit)
            try:
                columns, rows = await asyncio.to_thread(_read_rows, fh)
            except _Unparseable as exc:
                raise ApiError(422, f"cannot parse the file: {exc}") from None
        finally:
            await form.close()
        features = dataset.features
        given = [c for c in columns if c != dataset.target_column]
        missing = [c for c in features if c not in given]
        extra = [c for c in given if c not in features]
        if missing or extra or len(given) != len(set(given)):
            raise ApiError(
                422,
                f"columns do not match the model's features {features}: "
                f"missing {missing}, unexpected {extra}",
            )
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
        return _JSON(
            {
                "run_id": run.run_id,
                "classes": classes,
                "class_labels": labels,
                "probabilities": probabilities,
                "n_rows": len(rows),
                "n_specs": len(used),
                "calibration": "mcgrad",
            }
        )

    async def _ep_submission(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            run = self._run(ctx, request)
            self._completed(run, "packaging a submission")
            kept = run.kept
        if not kept:
            raise ApiError(409, f"run {run.run_id} kept zero specs: nothing to package")
        top = kept[0]
        if run.domain == "strategy":
            content = _tarball(run, top)
            filename = f"submission-{run.run_id[:8]}.tar.gz"
        else:
            content = _main_py(run, top).encode()
            filename = "main.py"
        return Response(
            content,
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    # -- endpoints: findings, correlations, keys

    def _visible_findings(self, tenant: _Tenant, now: float) -> list[tuple[_Run, _Finding]]:
        found = [
            (run, f)
            for run in tenant.runs.values()
            for f in run.plan.findings
            if f.at <= now - run.created_at
        ]
        found.sort(key=lambda rf: (rf[0].created_at + rf[1].at, rf[1].finding_id))
        return found

    async def _ep_list_findings(self, ctx: _Ctx, request: Request) -> Response:
        query = request.query_params
        run_id, pipeline_run_id = query.get("run_id"), query.get("pipeline_run_id")
        if run_id is not None and pipeline_run_id is not None:
            raise ApiError(400, "pass run_id or pipeline_run_id, not both")
        limit = _int_param(request, "limit", default=100, low=1, high=500)
        assert limit is not None
        position = _decode_cursor("findings", query.get("cursor"))
        if position is not None and not (
            isinstance(position, list)
            and len(position) == 2
            and isinstance(position[0], int | float)
            and isinstance(position[1], str)
        ):
            raise ApiError(400, "invalid cursor: pass back an X-Next-Cursor value")
        with self._lock:
            if run_id is not None:
                run = ctx.tenant.runs.get(run_id)
                # An unknown run has no findings; the operation documents no 404.
                pipeline_run_id = run.pipeline_run_id if run is not None else f"unknown:{run_id}"
            found = self._visible_findings(ctx.tenant, self.now())
            out: list[JSON] = []
            more = False
            last_key: list[Any] = []
            for run, finding in found:
                if pipeline_run_id is not None and run.pipeline_run_id != pipeline_run_id:
                    continue
                if any(
                    value is not None and value != actual
                    for value, actual in (
                        (query.get("validator"), finding.validator),
                        (query.get("severity"), finding.severity),
                        (query.get("spec_id"), finding.spec_id),
                    )
                ):
                    continue
                sort_key = [run.created_at + finding.at, finding.finding_id]
                if position is not None and (sort_key[0], sort_key[1]) <= (
                    position[0],
                    position[1],
                ):
                    continue
                if len(out) == limit:
                    more = True
                    break
                out.append(run.finding_json(finding))
                last_key = sort_key
        headers = {"X-Next-Cursor": _encode_cursor("findings", last_key)} if more else {}
        return _JSON(out, headers=headers)

    async def _ep_correlations(self, ctx: _Ctx, request: Request) -> Response:
        query = request.query_params
        validators = query.getlist("validators")
        if not validators or any(not v for v in validators):
            raise ApiError(400, "validators is required: one or more non-empty names")
        mode = query.get("mode", "and")
        if mode not in {"and", "or"}:
            raise ApiError(400, f"mode must be 'and' or 'or', got {mode!r}")
        severity = query.get("severity", "blocker")
        pipeline_run_id = query.get("pipeline_run_id")
        limit = _int_param(request, "limit", default=50, low=1, high=500)
        assert limit is not None
        wanted = list(dict.fromkeys(validators))
        groups: dict[tuple[str, str], tuple[_Run, list[_Finding]]] = {}
        with self._lock:
            for run, finding in self._visible_findings(ctx.tenant, self.now()):
                if pipeline_run_id is not None and run.pipeline_run_id != pipeline_run_id:
                    continue
                if finding.severity != severity or finding.validator not in wanted:
                    continue
                groups.setdefault((run.pipeline_run_id, finding.spec_id), (run, []))[1].append(
                    finding
                )
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

    async def _ep_list_keys(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            keys = sorted(ctx.tenant.keys, key=lambda k: k.created_at)
            return _JSON([k.to_json() for k in keys])

    async def _ep_revoke_key(self, ctx: _Ctx, request: Request) -> Response:
        key_id = request.path_params["key_id"]
        with self._lock:
            for key in ctx.tenant.keys:
                if key.key_id == key_id:
                    if key.revoked_at is None:
                        key.revoked_at = self.now()
                    return Response(status_code=204)
        raise ApiError(404, f"no API key {key_id!r}")


# ----------------------------------------------------------------------------- artefacts


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


def _model_card(run: _Run) -> str:
    iterations = [outcome for _, outcome in run.plan.iterations]
    best_by_iter = []
    for outcome in iterations:
        scores = [s.score for s in run.plan.specs if s.iteration == outcome["iteration"]]
        best_by_iter.append(max(scores) if scores else 0.0)
    width, height, pad = 480, 200, 30
    bar = (width - 2 * pad) / max(len(best_by_iter), 1)
    bars = []
    for i, score in enumerate(best_by_iter):
        h = (height - 2 * pad) * score
        x = pad + i * bar + 4
        y = height - pad - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 8, 2):.1f}" height="{h:.1f}" '
            f'fill="#3b6ea5"><title>iteration {i + 1}: {score:.3f}</title></rect>'
            f'<text x="{x + (bar - 8) / 2:.1f}" y="{height - pad + 14}" font-size="10" '
            f'text-anchor="middle">{i + 1}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Best score per iteration">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#333"/>{"".join(bars)}</svg>'
    )
    rows = "".join(
        f"<tr><td>{o['iteration']}</td><td>{o['n_proposed']}</td>"
        f"<td>{html.escape(str(o['best_tier_in_iter']))}</td>"
        f"<td>{html.escape(json.dumps(o['tier_counts'], sort_keys=True))}</td>"
        f"<td>{html.escape(str(o['stop_reason'] or ''))}</td></tr>"
        for o in iterations
    )
    kept = "".join(
        f"<li><code>{html.escape(s.spec_id)}</code> ({html.escape(s.model_family)}, "
        f"score {s.score:.3f}, tier {s.tier})</li>"
        for s in run.kept[:10]
    )
    severities: dict[str, int] = {}
    for finding in run.plan.findings:
        severities[finding.severity] = severities.get(finding.severity, 0) + 1
    findings = ", ".join(f"{html.escape(k)}: {v}" for k, v in sorted(severities.items()))
    dataset = run.plan.dataset
    data_line = (
        f"{html.escape(dataset.name)} (<code>{html.escape(dataset.dataset_id)}</code>, "
        f"{dataset.n_rows} rows, target <code>{html.escape(dataset.target_column)}</code>)"
        if dataset is not None
        else "none"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Model card: run {html.escape(run.run_id)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 56rem; }}
h1 {{ font-size: 1.4rem; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }}
.meta {{ color: #555; }}
</style></head><body>
<h1>Model card &mdash; run <code>{html.escape(run.run_id)}</code></h1>
<p class="meta">Domain {html.escape(run.domain)} &middot; strategist
{html.escape(str(run.strategist))} &middot; pipeline
<code>{html.escape(run.pipeline_run_id)}</code> &middot; completed
{_iso(run.created_at + run.plan.end)} &middot; stop reason
{html.escape(str(run.plan.stop_reason))}</p>
<h2>Data</h2><p>{data_line}</p>
<h2>Best score per iteration</h2>{svg}
<h2>Iterations</h2>
<table><tr><th>#</th><th>proposed</th><th>best tier</th><th>tiers</th><th>stop</th></tr>
{rows}</table>
<h2>Kept specs</h2><ul>{kept or "<li>none</li>"}</ul>
<h2>Validation findings</h2><p>{findings or "none"}</p>
<p class="meta">Probabilities are MCGrad-calibrated.</p>
</body></html>
"""


def _main_py(run: _Run, top: _Spec) -> str:
    spec = json.dumps(
        {
            "spec_id": top.spec_id,
            "model_family": top.model_family,
            "hyperparameters": top.hyperparameters,
        },
        indent=4,
        sort_keys=True,
        default=str,
    )
    return f'''"""Gnosys submission for run {run.run_id}: the top kept spec, {top.spec_id}."""

import json
import sys

SPEC = json.loads(r"""{spec}""")


def main() -> None:
    print(f"training {{SPEC['model_family']}} with {{SPEC['hyperparameters']}}", file=sys.stderr)


if __name__ == "__main__":
    main()
'''


def _tarball(run: _Run, top: _Spec) -> bytes:
    mtime = int(run.created_at + run.plan.end)
    files = {
        "submission/main.py": _main_py(run, top).encode(),
        "submission/spec.json": json.dumps(
            {"run_id": run.run_id, "spec_id": top.spec_id, "score": top.score},
            indent=2,
            sort_keys=True,
        ).encode(),
        "submission/README.md": f"Top kept spec {top.spec_id} of run {run.run_id}.\n".encode(),
    }
    buffer = io.BytesIO()
    # gzip with mtime=0 and fixed tar mtimes, so the same run always packages the same bytes.
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz,
        tarfile.open(fileobj=gz, mode="w") as tar,
    ):
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


# ----------------------------------------------------------------------------- the app


def _route(
    fake: GnosysFake,
    path: str,
    methods: list[str],
    handlers: Mapping[str, Handler],
    *,
    public: bool = False,
) -> Route:
    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await fake.dispatch(request, handlers[method], public=public)

    return Route(path, endpoint, methods=methods)


def create_app(config: GnosysFakeConfig | None = None) -> Starlette:
    """A fresh fake Gnosys service; its state is ``app.state.fake``."""
    fake = GnosysFake(config)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        request_id = request.headers.get("x-request-id") or f"req_{fake._new_hex(24)}"
        return _error_response(exc.status_code, exc.detail, request_id, exc.headers)

    routes = [
        _route(fake, "/v1/status", ["GET"], {"GET": fake._ep_get_status}, public=True),
        _route(fake, "/v1/openapi.json", ["GET"], {"GET": fake._ep_get_openapi}, public=True),
        _route(
            fake,
            "/v1/datasets",
            ["GET", "POST"],
            {"GET": fake._ep_datasets, "POST": fake._ep_datasets},
        ),
        _route(
            fake,
            "/v1/datasets/{dataset_id}",
            ["GET", "DELETE"],
            {"GET": fake._ep_dataset, "DELETE": fake._ep_dataset},
        ),
        _route(fake, "/v1/runs", ["GET", "POST"], {"GET": fake._ep_runs, "POST": fake._ep_runs}),
        _route(fake, "/v1/runs/{run_id}", ["GET"], {"GET": fake._ep_get_run}),
        _route(fake, "/v1/runs/{run_id}/iterations", ["GET"], {"GET": fake._ep_get_iterations}),
        _route(fake, "/v1/runs/{run_id}/progress", ["GET"], {"GET": fake._ep_get_progress}),
        _route(fake, "/v1/runs/{run_id}/model_card", ["GET"], {"GET": fake._ep_get_model_card}),
        _route(fake, "/v1/runs/{run_id}/predict", ["POST"], {"POST": fake._ep_predict}),
        _route(fake, "/v1/runs/{run_id}/submission", ["POST"], {"POST": fake._ep_submission}),
        _route(fake, "/v1/findings", ["GET"], {"GET": fake._ep_list_findings}),
        _route(fake, "/v1/correlations", ["GET"], {"GET": fake._ep_correlations}),
        _route(fake, "/v1/api-keys", ["GET"], {"GET": fake._ep_list_keys}),
        _route(fake, "/v1/api-keys/{key_id}", ["DELETE"], {"DELETE": fake._ep_revoke_key}),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    # `/v1/runs/` is a 404, as on the real service, not a redirect to `/v1/runs`.
    app.router.redirect_slashes = False
    app.state.fake = fake
    return app
