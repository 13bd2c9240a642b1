"""A stateful, in-memory fake of the ASG Gateway REST API v1 (``specs/asg_gateway/openapi.json``).

``create_app(ASGFakeConfig(...))`` returns a Starlette app; its state is ``app.state.fake`` (an
:class:`ASGGatewayFake`). Everything is deterministic for a given sequence of requests (ids come
from a seeded RNG, labels and settlements from hashes of ids); nothing leaves the process.

Deterministic rules worth knowing when writing tests against it:

* **Auth.** ``Authorization: Bearer sk_sandbox_<letters, digits, _ or ->`` (or ``sk_live_``)
  is accepted; anything else is 401. Each key is an account of its own: another account's task,
  webhook or job is 404. ``GET /v1/openapi.json`` needs no key and serves the pinned spec.
* **Request ids.** Every answer (errors, unknown routes and wrong methods included) carries
  ``X-Request-Id``: the client's own when it is printable ASCII of 1 to 200 characters, else a
  fresh ``req_<hex>``. Error bodies are ``{"detail", "request_id"}``.
* **Validation.** Bodies are checked against the spec's own schemas (``format: uri`` as RFC
  3986's absolute URI): not JSON is 400, a schema violation 422 with ``detail`` a list of
  ``{"loc": ["body", ...], "msg"}``. Messages never quote a submitted value (so never a webhook
  secret or a credential). A path id longer than 128 characters is 404, like any unknown id.
* **Tasks.** A task is ``labeling`` for ``labeling_seconds`` of the fake's clock, receiving its
  labels evenly, then ``completed``. Meanwhile its result is 202 (``Retry-After``: whole seconds
  left, at least 1); then 200 with the consensus label (one of its options, chosen from a hash
  of the task id) voted by ``consensus_threshold`` labelers, sometimes one dissenting vote for
  another option, and a settlement of 100 sats per agreeing label on ``testnet`` for
  ``sk_sandbox_`` keys, ``mainnet`` for ``sk_live_`` keys (``bsv_txid``: 64 hex digits from a
  hash of the task id).
* **Batches.** Checked as a whole before anything is created (a bad task is 422 with its index
  in ``loc``); the batch's ``callback_url`` goes to every task that has none of its own, and
  every task carries the ``batch_id``.
* **Webhooks.** Registered webhooks keep their secret (:meth:`ASGGatewayFake.webhook_secret`)
  and never return it; ``events`` defaults to ``["task.completed"]``; listed oldest first.
* **Jobs.** ``s3://`` manifests take S3 credentials and ``gs://`` ones GCS credentials (422
  otherwise). A job is ``queued`` for one ``job_step_seconds``, then ``running`` with one more
  task completed per step (``task_count`` is 3 to 40, from a hash of the manifest URL), then
  ``completed``. It fails one step in (``status: failed`` with ``error``) when its manifest URL
  contains ``missing`` after the scheme, or when its GCS ``service_account_json`` is not a JSON
  object with ``"type": "service_account"`` (accepted at submission, as the spec allows any
  string; the error never quotes it). Credentials are never returned.
* **Idempotency.** A POST repeating an ``Idempotency-Key`` (same account and path) with the same
  JSON body replays the first 2xx answer's status and body with ``Idempotent-Replayed: true``
  (and this request's ``X-Request-Id``); with another body it is 409. Errors are not stored, so
  a retry after a 429 / 5xx acts anew. A key outside 1 to 255 characters is 400. A request
  arriving while another with its key is in progress waits for it.
* **Limits** (off by default). ``rate_limit_per_minute`` counts an account's POSTs in a sliding
  minute of the fake's clock (429 with ``Retry-After``); ``task_quota`` caps the tasks an
  account creates, a batch counting all its tasks and a job none (403).
* **Test hooks.** :meth:`ASGGatewayFake.advance`, :meth:`~ASGGatewayFake.inject_faults`,
  :meth:`~ASGGatewayFake.inject_malformed`, :meth:`~ASGGatewayFake.task_ids`, ...
"""

from __future__ import annotations

import functools
import ipaddress
import json
import math
import random
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tools.fakes._common import ApiError, FaultHooks, FaultInjector, IdempotencyStore
from tools.fakes._common import AsciiJSON as _JSON
from tools.fakes._common import digest as _digest
from tools.fakes._common import error_response as _error_response
from tools.fakes._common import iso as _iso
from tools.fakes._common import strict_loads as _loads
from tools.pins import SPECS_DIR

__all__ = ["SPEC_PATH", "ASGFakeConfig", "ASGGatewayFake", "create_app"]

SPEC_PATH = SPECS_DIR / "asg_gateway" / "openapi.json"

_KEY_RE = re.compile(r"sk_(sandbox|live)_[A-Za-z0-9_\-]+")
_RATE_WINDOW = 60.0
_MAX_ID = 128
_MAX_ERRORS = 20
_DEFAULT_EVENTS = ("task.completed",)
_SATS_PER_LABEL = 100

JSON = dict[str, Any]

# RFC 3986's URI (``format: uri``): scheme ":" hier-part ["?" query] ["#" fragment], with every
# component's character set and percent-encodings checked, as the conformance tool's validator
# does; tests/contract cross-checks the two.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENT_NZ = rf"{_PCHAR}+(?:/{_PCHAR}*)*"
_AUTHORITY = (
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"  # userinfo
    rf"(?:\[(?P<ip>[^\]]*)\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"  # IP literal or reg-name
    r"(?::[0-9]*)?"  # port
)
_HIER_PART = rf"(?://{_AUTHORITY}(?:/{_PCHAR}*)*|/(?:{_SEGMENT_NZ})?|{_SEGMENT_NZ}|)"
_QUERY = rf"(?:{_PCHAR}|[/?])*"
_URI_RE = re.compile(rf"[A-Za-z][A-Za-z0-9+\-.]*:{_HIER_PART}(?:\?{_QUERY})?(?:#{_QUERY})?")
_IP_FUTURE_RE = re.compile(rf"v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+")


def _is_uri(value: str) -> bool:
    """Whether ``value`` is an absolute URI by RFC 3986."""
    match = _URI_RE.fullmatch(value)
    if match is None:
        return False
    literal = match.group("ip")
    if literal is None or _IP_FUTURE_RE.fullmatch(literal):
        return True
    if "%" in literal:  # RFC 3986 has no IPv6 zone ids
        return False
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class ASGFakeConfig:
    """How the fake behaves; the limits are off by default.

    Attributes:
        labeling_seconds: fake-clock time from a task's submission to its consensus.
        job_step_seconds: fake-clock time per job step (queued, then one per task).
        rate_limit_per_minute: POSTs an account may make per sliding minute (None: no limit).
        task_quota: tasks an account may create before 403 (None: no quota).
        seed: seeds the ids the fake hands out.

    """

    labeling_seconds: float = 0.2
    job_step_seconds: float = 0.1
    rate_limit_per_minute: int | None = None
    task_quota: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("labeling_seconds", "job_step_seconds"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number, got {value!r}")
            if not (value >= 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a finite number >= 0, got {value}")
        for name, optional in (
            ("rate_limit_per_minute", True),
            ("task_quota", True),
            ("seed", False),
        ):
            value = getattr(self, name)
            if value is None and optional:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        if self.rate_limit_per_minute is not None and self.rate_limit_per_minute < 1:
            raise ValueError("rate_limit_per_minute must be positive (or None for no limit)")
        if self.task_quota is not None and self.task_quota < 0:
            raise ValueError("task_quota must be >= 0 (or None for no quota)")


# ----------------------------------------------------------------------------- validation


@functools.cache
def _validators() -> dict[str, Any]:
    """A validator per request-body schema of the spec (built once per process)."""
    spec = json.loads(SPEC_PATH.read_bytes())
    formats = FormatChecker(formats=())
    formats.checks("uri")(lambda value: not isinstance(value, str) or _is_uri(value))
    # `$ref`s inside the components resolve against this root, which carries them.
    root = {"components": spec["components"]}
    return {
        name: Draft202012Validator(
            {**root, "$ref": f"#/components/schemas/{name}"}, format_checker=formats
        )
        for name in ("TaskCreate", "BatchCreate", "WebhookCreate", "JobCreate")
    }


def _check(schema: str, body: Any) -> JSON:
    """``body`` if it matches the named schema, else a 422 listing every problem (up to 20)."""
    errors = list(_validators()[schema].iter_errors(body))
    if errors:
        errors.sort(key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in e.path])
        raise ApiError(422, [_field_error(e) for e in errors[:_MAX_ERRORS]])
    assert isinstance(body, dict)
    return body


_CREDENTIAL_SHAPES = (
    "must be S3Credentials (access_key_id, secret_access_key, optional region and "
    "session_token) or GCSCredentials (service_account_json), and nothing else"
)


def _field_error(error: Any) -> JSON:
    """One field error: where it is and what is wrong, in the schema's words alone.

    Never ``error.message``, and never a submitted key or value: jsonschema quotes the instance,
    which may be a webhook secret or a credential (or a field named after one).
    """
    loc: list[str | int] = ["body", *error.path]
    kind = str(error.validator)
    expected = error.validator_value
    if kind == "required" and isinstance(error.instance, dict):
        missing = [name for name in expected if name not in error.instance]
        return {"loc": loc, "msg": f"missing required field(s): {', '.join(missing)}"}
    if kind == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        return {"loc": loc, "msg": f"unknown field(s); the allowed fields are {allowed}"}
    if kind == "oneOf" and list(error.path) == ["credentials"]:
        return {"loc": loc, "msg": _CREDENTIAL_SHAPES}
    messages = {
        "type": f"must be of type {expected}",
        "minLength": f"must be at least {expected} characters",
        "maxLength": f"must be at most {expected} characters",
        "minItems": f"must have at least {expected} items",
        "maxItems": f"must have at most {expected} items",
        "uniqueItems": "items must be unique",
        "minimum": f"must be >= {expected}",
        "maximum": f"must be <= {expected}",
        "pattern": f"must match the pattern {expected}",
        "format": f"must be a valid {expected} (RFC 3986)" if expected == "uri" else "bad format",
        "oneOf": "must match exactly one of the accepted shapes",
    }
    return {"loc": loc, "msg": messages.get(kind, f"fails the {kind} constraint")}


# ----------------------------------------------------------------------------- records


@dataclass
class _Task:
    task_id: str
    body: JSON
    created: float
    labeling: float
    network: str
    batch_id: str | None

    @property
    def threshold(self) -> int:
        return int(self.body.get("consensus_threshold", 3))

    @property
    def done_at(self) -> float:
        return self.created + self.labeling

    def done(self, now: float) -> bool:
        return self.labeling <= 0 or now >= self.done_at

    def votes(self) -> list[JSON]:
        """The consensus first (``threshold`` votes), then maybe one dissenting vote."""
        options: list[str] = self.body["label_spec"]["options"]
        n = int(_digest("label", self.task_id)[:12], 16)
        winner = n % len(options)
        votes: list[JSON] = [{"label": options[winner], "count": self.threshold}]
        if n // len(options) % 2:
            votes.append({"label": options[(winner + 1) % len(options)], "count": 1})
        return votes

    def labels_received(self, now: float) -> int:
        if self.done(now):
            return sum(int(v["count"]) for v in self.votes())
        # Labels arrive evenly; the consensus-making one only at done_at.
        progress = (now - self.created) / self.labeling
        return min(self.threshold - 1, max(0, int(progress * self.threshold)))

    def to_json(self, now: float) -> JSON:
        done = self.done(now)
        received = self.labels_received(now)
        if done:
            updated = self.done_at
        else:
            updated = self.created + received * self.labeling / self.threshold
        out: JSON = {
            "task_id": self.task_id,
            "status": "completed" if done else "labeling",
            "task_type": self.body["task_type"],
            "data_url": self.body["data_url"],
            "label_spec": self.body["label_spec"],
            "consensus_threshold": self.threshold,
            "labels_received": received,
            "created_at": _iso(self.created),
            "updated_at": _iso(updated),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if self.batch_id is not None:
            out["batch_id"] = self.batch_id
        if done:
            out["completed_at"] = _iso(self.done_at)
        return out

    def pending_json(self, now: float) -> JSON:
        return {
            "task_id": self.task_id,
            "status": "labeling",
            "labels_received": self.labels_received(now),
            "consensus_threshold": self.threshold,
        }

    def result_json(self) -> JSON:
        votes = self.votes()
        total = sum(int(v["count"]) for v in votes)
        agreed = int(votes[0]["count"])
        done = _iso(self.done_at)
        return {
            "task_id": self.task_id,
            "status": "completed",
            "consensus_label": votes[0]["label"],
            "agreement": round(agreed / total, 4),
            "votes": votes,
            "settlement": {
                "bsv_txid": _digest("bsv-txid", self.network, self.task_id),
                "amount_sats": _SATS_PER_LABEL * agreed,
                "network": self.network,
                "settled_at": done,
            },
            "completed_at": done,
        }


@dataclass
class _Webhook:
    webhook_id: str
    callback_url: str
    events: list[str]
    secret: str  # kept for signing deliveries; never part of an answer
    created: float

    def to_json(self) -> JSON:
        return {
            "webhook_id": self.webhook_id,
            "callback_url": self.callback_url,
            "events": list(self.events),
            "active": True,
            "created_at": _iso(self.created),
        }


@dataclass
class _Job:
    job_id: str
    body: JSON  # the request without its credentials
    credentials_type: str
    created: float
    step: float
    task_count: int
    failure: str | None

    def to_json(self, now: float, *, submitted: bool = False) -> JSON:
        if submitted:
            steps = 0.0  # the 202 always says queued, even when steps take no time
        elif self.step <= 0:
            steps = math.inf
        else:
            steps = (now - self.created) / self.step
        out: JSON = {
            "job_id": self.job_id,
            "status": "queued",
            "manifest_url": self.body["manifest_url"],
            "label_spec": self.body["label_spec"],
            "task_type": self.body.get("task_type", "image_classification"),
            "consensus_threshold": int(self.body.get("consensus_threshold", 3)),
            "credentials_type": self.credentials_type,
            "task_count": self.task_count,
            "tasks_completed": 0,
            "created_at": _iso(self.created),
            "updated_at": _iso(self.created),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if steps < 1:
            return out
        if self.failure is not None:
            out.update(status="failed", error=self.failure)
            out["updated_at"] = _iso(self.created + self.step)
            return out
        # Step 1 starts the job; each later step completes one task.
        completed = self.task_count if math.isinf(steps) else min(self.task_count, int(steps) - 1)
        out["tasks_completed"] = completed
        out["status"] = "completed" if completed >= self.task_count else "running"
        out["updated_at"] = _iso(self.created + (completed + 1) * self.step)
        return out


@dataclass
class _Account:
    key: str
    tasks: dict[str, _Task] = field(default_factory=dict)
    webhooks: dict[str, _Webhook] = field(default_factory=dict)
    jobs: dict[str, _Job] = field(default_factory=dict)
    posts: deque[float] = field(default_factory=deque)

    @property
    def network(self) -> str:
        return "mainnet" if self.key.startswith("sk_live_") else "testnet"


@dataclass
class _Ctx:
    """One request's identity."""

    request_id: str
    account: _Account


Handler = Callable[[_Ctx, Request], Awaitable[Response]]


def _fingerprint(raw: bytes) -> str:
    """What a replayed request must repeat: its JSON body, whatever its key order or spacing."""
    try:
        canonical = json.dumps(_loads(raw), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return _digest("raw", raw.hex())
    return _digest("json", canonical)


def _is_service_account(text: str) -> bool:
    try:
        parsed = _loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(parsed, dict) and parsed.get("type") == "service_account"


# ----------------------------------------------------------------------------- the fake


class ASGGatewayFake(FaultHooks):
    """The fake's whole state, plus the hooks tests use to bend it.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    def __init__(self, config: ASGFakeConfig | None = None) -> None:
        self.config = config or ASGFakeConfig()
        self._spec = SPEC_PATH.read_bytes()
        _validators()  # a broken spec fails here, not on the first request
        self._lock = threading.RLock()
        self._rng = random.Random(self.config.seed)
        self._offset = 0.0
        self._accounts: dict[str, _Account] = {}
        self._replays = IdempotencyStore(conflict_status=409, replay_request_id=False)
        self._injected = FaultInjector()

    # -- test hooks

    def now(self) -> float:
        """The fake's clock: wall time plus everything :meth:`advance` added."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward (tasks settle, jobs progress, rate windows slide)."""
        if not seconds >= 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    def clear_faults(self) -> None:
        """Drop every pending injected fault and malformed body."""
        with self._lock:
            self._injected.clear()

    def task_ids(self, api_key: str) -> list[str]:
        """The tasks an account created (batches included), oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.tasks)

    def job_ids(self, api_key: str) -> list[str]:
        """The jobs an account created, oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.jobs)

    def webhook_secret(self, api_key: str, webhook_id: str) -> str | None:
        """The secret stored for a webhook (what deliveries would be signed with), if any."""
        with self._lock:
            account = self._accounts.get(api_key)
            hook = None if account is None else account.webhooks.get(webhook_id)
            return None if hook is None else hook.secret

    # -- plumbing

    def _new_id(self, prefix: str, n: int = 24) -> str:
        with self._lock:
            return f"{prefix}_{uuid.UUID(int=self._rng.getrandbits(128)).hex[:n]}"

    def _request_id(self, request: Request) -> str:
        """The client's ``X-Request-Id`` if sane (printable ASCII, 1 to 200), else a new one."""
        given = request.headers.get("x-request-id", "")
        if 0 < len(given) <= 200 and given.isprintable() and given.isascii():
            return given
        return self._new_id("req")

    def _authenticate(self, request: Request) -> _Account:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if not header:
            raise ApiError(401, "missing API key: send Authorization: Bearer sk_sandbox_...")
        if scheme.lower() != "bearer" or not _KEY_RE.fullmatch(token):
            raise ApiError(401, "malformed API key: expected Bearer sk_sandbox_... or sk_live_...")
        with self._lock:
            account = self._accounts.get(token)
            if account is None:
                account = self._accounts[token] = _Account(token)
            return account

    def _check_rate_limit(self, account: _Account) -> None:
        per_minute = self.config.rate_limit_per_minute
        if per_minute is None:
            return
        with self._lock:
            now = self.now()
            window = account.posts
            while window and window[0] <= now - _RATE_WINDOW:
                window.popleft()
            if len(window) >= per_minute:
                wait = max(1, math.ceil(window[0] + _RATE_WINDOW - now))
                raise ApiError(
                    429,
                    f"rate limit of {per_minute} POST requests per minute exceeded",
                    {"Retry-After": str(wait)},
                )
            window.append(now)

    async def dispatch(
        self, request: Request, handler: Handler, *, public: bool = False
    ) -> Response:
        """Run ``handler`` with request ids, faults, auth, rate limits and idempotency around it."""
        request_id = self._request_id(request)
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
            account = _Account("") if public else self._authenticate(request)
            ctx = _Ctx(request_id, account)
            if method == "POST":
                self._check_rate_limit(account)
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
        response.headers["X-Request-Id"] = request_id
        return response

    async def _idempotent_call(self, ctx: _Ctx, request: Request, handler: Handler) -> Response:
        key = request.headers["idempotency-key"]
        if not 1 <= len(key) <= 255:
            raise ApiError(400, "Idempotency-Key must be 1 to 255 characters")
        slot = (ctx.account.key, request.url.path, key)
        fingerprint = _fingerprint(await request.body())  # the body stays cached for handler
        return await self._replays.call(
            slot, fingerprint, ctx.request_id, lambda: handler(ctx, request)
        )

    async def _body(self, request: Request, schema: str) -> JSON:
        raw = await request.body()
        try:
            body = _loads(raw)
        except ValueError:
            raise ApiError(
                400, "the request body is not valid JSON (or has NaN, Infinity or a huge number)"
            ) from None
        except RecursionError:
            raise ApiError(400, "the request body is nested too deeply") from None
        return _check(schema, body)

    def _path_id(self, request: Request, name: str) -> str:
        value = str(request.path_params[name])
        if not 1 <= len(value) <= _MAX_ID:
            # Ids are 1 to 128 characters, so nothing has a longer one: the spec's 404.
            raise ApiError(404, f"no such {name.removesuffix('_id')}")
        return value

    def _reserve_tasks(self, account: _Account, count: int) -> None:
        quota = self.config.task_quota
        if quota is not None and len(account.tasks) + count > quota:
            left = max(quota - len(account.tasks), 0)
            raise ApiError(
                403,
                f"task quota exhausted: {quota} tasks per account, {left} left, {count} asked for",
            )

    def _create_task(
        self, account: _Account, body: JSON, now: float, batch_id: str | None = None
    ) -> _Task:
        task = _Task(
            self._new_id("task"),
            body,
            now,
            self.config.labeling_seconds,
            account.network,
            batch_id,
        )
        account.tasks[task.task_id] = task
        return task

    def _task(self, ctx: _Ctx, request: Request) -> _Task:
        task_id = self._path_id(request, "task_id")
        with self._lock:
            task = ctx.account.tasks.get(task_id)
        if task is None:
            raise ApiError(404, "no such task")
        return task

    # -- endpoints

    async def _ep_openapi(self, ctx: _Ctx, request: Request) -> Response:
        return Response(self._spec, media_type="application/json")

    async def _ep_submit_task(self, ctx: _Ctx, request: Request) -> Response:
        body = await self._body(request, "TaskCreate")
        with self._lock:
            self._reserve_tasks(ctx.account, 1)
            task = self._create_task(ctx.account, body, self.now())
        created = {"task_id": task.task_id, "status": "labeling", "created_at": _iso(task.created)}
        return _JSON(created, status_code=201)

    async def _ep_submit_batch(self, ctx: _Ctx, request: Request) -> Response:
        body = await self._body(request, "BatchCreate")  # every task is valid, or none is made
        callback = body.get("callback_url")
        with self._lock:
            self._reserve_tasks(ctx.account, len(body["tasks"]))
            batch_id = self._new_id("batch")
            now = self.now()
            ids = []
            for task_body in body["tasks"]:
                if callback is not None and "callback_url" not in task_body:
                    task_body = {**task_body, "callback_url": callback}
                ids.append(self._create_task(ctx.account, task_body, now, batch_id).task_id)
        out = {
            "batch_id": batch_id,
            "task_count": len(ids),
            "status": "accepted",
            "task_ids": ids,
            "created_at": _iso(now),
        }
        return _JSON(out, status_code=201)

    async def _ep_get_task(self, ctx: _Ctx, request: Request) -> Response:
        return _JSON(self._task(ctx, request).to_json(self.now()))

    async def _ep_get_task_result(self, ctx: _Ctx, request: Request) -> Response:
        task = self._task(ctx, request)
        now = self.now()
        if task.done(now):
            return _JSON(task.result_json())
        wait = max(1, math.ceil(task.done_at - now))
        return _JSON(task.pending_json(now), status_code=202, headers={"Retry-After": str(wait)})

    async def _ep_register_webhook(self, ctx: _Ctx, request: Request) -> Response:
        body = await self._body(request, "WebhookCreate")
        with self._lock:
            hook = _Webhook(
                self._new_id("wh"),
                body["callback_url"],
                list(body.get("events", _DEFAULT_EVENTS)),
                body["secret"],
                self.now(),
            )
            ctx.account.webhooks[hook.webhook_id] = hook
        return _JSON(hook.to_json(), status_code=201)

    async def _ep_list_webhooks(self, ctx: _Ctx, request: Request) -> Response:
        with self._lock:
            hooks = [h.to_json() for h in ctx.account.webhooks.values()]
        return _JSON(hooks)

    async def _ep_delete_webhook(self, ctx: _Ctx, request: Request) -> Response:
        webhook_id = self._path_id(request, "webhook_id")
        with self._lock:
            if ctx.account.webhooks.pop(webhook_id, None) is None:
                raise ApiError(404, "no such webhook")
        return Response(status_code=204)

    async def _ep_submit_job(self, ctx: _Ctx, request: Request) -> Response:
        body = await self._body(request, "JobCreate")
        credentials = body.pop("credentials")
        manifest: str = body["manifest_url"]
        scheme, _, location = manifest.partition("://")
        kind = "s3" if "access_key_id" in credentials else "gcs"
        if (scheme, kind) not in {("s3", "s3"), ("gs", "gcs")}:
            wanted = "S3Credentials" if scheme == "s3" else "GCSCredentials"
            raise ApiError(
                422,
                [
                    {
                        "loc": ["body", "credentials"],
                        "msg": f"a {scheme}:// manifest takes {wanted}",
                    }
                ],
            )
        failure = None
        if "missing" in location:
            failure = f"manifest not found: nothing at the {scheme}:// manifest_url"
        elif kind == "gcs" and not _is_service_account(credentials["service_account_json"]):
            failure = (
                "credentials rejected: service_account_json is not a service account key "
                '(a JSON object with "type": "service_account")'
            )
        task_count = 3 + int(_digest("manifest", manifest)[:8], 16) % 38
        with self._lock:
            job = _Job(
                self._new_id("job"),
                body,
                kind,
                self.now(),
                self.config.job_step_seconds,
                task_count,
                failure,
            )
            ctx.account.jobs[job.job_id] = job
        return _JSON(job.to_json(job.created, submitted=True), status_code=202)

    async def _ep_get_job(self, ctx: _Ctx, request: Request) -> Response:
        job_id = self._path_id(request, "job_id")
        with self._lock:
            job = ctx.account.jobs.get(job_id)
        if job is None:
            raise ApiError(404, "no such job")
        return _JSON(job.to_json(self.now()))


# ----------------------------------------------------------------------------- the app


def create_app(config: ASGFakeConfig | None = None) -> Starlette:
    """A fresh fake ASG Gateway service; its state is ``app.state.fake``."""
    fake = ASGGatewayFake(config)

    def route(path: str, handlers: Mapping[str, Handler], *, public: bool = False) -> Route:
        # One route per path with all its methods, so a 405's Allow header lists them all.
        async def endpoint(request: Request) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await fake.dispatch(request, handlers[method], public=public)

        return Route(path, endpoint, methods=list(handlers))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = "no such endpoint" if exc.status_code == 404 else exc.detail
        return _error_response(exc.status_code, detail, fake._request_id(request), exc.headers)

    routes = [
        route("/v1/openapi.json", {"GET": fake._ep_openapi}, public=True),
        route("/v1/tasks", {"POST": fake._ep_submit_task}),
        route("/v1/tasks/batch", {"POST": fake._ep_submit_batch}),
        route("/v1/tasks/{task_id}", {"GET": fake._ep_get_task}),
        route("/v1/tasks/{task_id}/result", {"GET": fake._ep_get_task_result}),
        route("/v1/webhooks", {"GET": fake._ep_list_webhooks, "POST": fake._ep_register_webhook}),
        route("/v1/webhooks/{webhook_id}", {"DELETE": fake._ep_delete_webhook}),
        route("/v1/jobs", {"POST": fake._ep_submit_job}),
        route("/v1/jobs/{job_id}", {"GET": fake._ep_get_job}),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    # `/v1/tasks/` is a 404 (with a request id), not a redirect to `/v1/tasks`.
    app.router.redirect_slashes = False
    app.state.fake = fake
    return app
