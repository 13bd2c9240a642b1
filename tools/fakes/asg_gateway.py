"""A stateful, in-memory fake of the ASG Gateway API (``specs/asg_gateway/openapi.json``).

Each API key is an account of its own. Tasks label for ``labeling_seconds`` of the fake's clock
(202 from the result endpoint), then settle on a consensus chosen deterministically from their
options, with a BSV settlement. Batches create their tasks; webhooks keep their secrets without
ever returning them; manifest jobs check their scheme and credentials, progress every
``job_step_seconds`` and never return credentials. Every POST honours ``Idempotency-Key``.
Request bodies are validated against the spec's own schemas, so what the spec accepts the fake
accepts. Test hooks (``advance``, ``inject_faults``, ...) live on :class:`ASGGatewayFake`,
reachable as ``app.state.fake``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import random
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tools.pins import SPECS_DIR

__all__ = ["SPEC_PATH", "ASGFakeConfig", "ASGGatewayFake", "create_app"]

SPEC_PATH = SPECS_DIR / "asg_gateway" / "openapi.json"
JSON = dict[str, Any]
Handler = Callable[["_Ctx", Request], Awaitable[Response]]

_KEY_RE = re.compile(r"sk_(sandbox|live)_[A-Za-z0-9_\-]+")
# RFC 3986's shape of an absolute URI: a scheme, a colon, no whitespace.
_URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S*")
_RATE_WINDOW = 60.0
_MAX_ID = 128
_DEFAULT_EVENTS = ["task.completed"]


@dataclass(frozen=True, slots=True)
class ASGFakeConfig:
    """How the fake behaves; the limits are off by default.

    Attributes:
        labeling_seconds: fake-clock time from submission to consensus.
        job_step_seconds: fake-clock time per job step (queued → running → each task done).
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
            if not (value >= 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a finite number >= 0, got {value}")
        if self.rate_limit_per_minute is not None and self.rate_limit_per_minute < 1:
            raise ValueError("rate_limit_per_minute must be positive (or None for no limit)")
        if self.task_quota is not None and self.task_quota < 0:
            raise ValueError("task_quota must be >= 0 (or None for no quota)")


class ApiError(Exception):
    """An error answer: status, detail, extra headers."""

    def __init__(self, status: int, detail: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


def _iso(t: float) -> str:
    return (
        datetime.fromtimestamp(t, timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _error(
    status: int, detail: Any, request_id: str, headers: Mapping[str, str] | None = None
) -> Response:
    return JSONResponse(
        {"detail": detail, "request_id": request_id},
        status_code=status,
        headers={**(headers or {}), "X-Request-Id": request_id},
    )


# ------------------------------------------------------------------------------ validation


class _Schemas:
    """The spec's component schemas as validators (``format: uri`` checked as RFC 3986 says)."""

    def __init__(self, spec: JSON) -> None:
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource("urn:asg", resource)
        formats = FormatChecker(formats=())
        formats.checks("uri")(
            lambda value: not isinstance(value, str) or bool(_URI_RE.fullmatch(value))
        )
        self._validators = {
            name: Draft202012Validator(
                {"$ref": f"urn:asg#/components/schemas/{name}"},
                registry=registry,
                format_checker=formats,
            )
            for name in spec["components"]["schemas"]
        }

    def check(self, name: str, body: Any) -> JSON:
        """``body`` if it is valid; else a 422 whose detail names fields, never values."""
        errors = sorted(
            self._validators[name].iter_errors(body), key=lambda e: list(e.absolute_path)
        )
        if errors:
            raise ApiError(422, [_field_error(e) for e in errors[:20]])
        assert isinstance(body, dict)
        return body


def _field_error(error: SchemaError) -> JSON:
    loc = ["body", *error.absolute_path]
    kind = str(error.validator)
    if kind == "required" and isinstance(error.instance, dict):
        missing = [k for k in error.validator_value if k not in error.instance]
        return {"loc": loc, "msg": f"missing required field(s): {', '.join(map(str, missing))}"}
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in known)
        return {"loc": loc, "msg": f"unknown field(s): {', '.join(extra)}"}
    messages = {
        "type": f"must be of type {error.validator_value}",
        "minLength": f"must be at least {error.validator_value} characters",
        "maxLength": f"must be at most {error.validator_value} characters",
        "minItems": f"must have at least {error.validator_value} items",
        "maxItems": f"must have at most {error.validator_value} items",
        "uniqueItems": "items must be unique",
        "minimum": f"must be >= {error.validator_value}",
        "maximum": f"must be <= {error.validator_value}",
        "pattern": f"must match {error.validator_value}",
        "format": f"must be a valid {error.validator_value}",
        "oneOf": "must match exactly one of the accepted shapes",
    }
    # Never error.message: jsonschema quotes the submitted value, which may be a secret.
    return {"loc": loc, "msg": messages.get(kind, f"fails the {kind} constraint")}


# ------------------------------------------------------------------------------ state


@dataclass
class _Task:
    task_id: str
    body: JSON
    created: float
    network: str
    batch_id: str | None = None

    @property
    def threshold(self) -> int:
        return int(self.body.get("consensus_threshold", 3))

    def done_at(self, labeling: float) -> float:
        return self.created + labeling

    def labels_received(self, now: float, labeling: float) -> int:
        if now >= self.done_at(labeling):
            return sum(v["count"] for v in self.votes())
        progress = 0.0 if labeling <= 0 else (now - self.created) / labeling
        return min(self.threshold - 1, max(0, int(progress * self.threshold)))

    def votes(self) -> list[JSON]:
        options: list[str] = self.body["label_spec"]["options"]
        n = int(_digest("label", self.task_id)[:8], 16)
        winner = options[n % len(options)]
        votes = [{"label": winner, "count": self.threshold}]
        if n // len(options) % 2:  # sometimes one labeler disagreed
            votes.append({"label": options[(n + 1) % len(options)], "count": 1})
        return votes

    def to_json(self, now: float, labeling: float) -> JSON:
        done = now >= self.done_at(labeling)
        out: JSON = {
            "task_id": self.task_id,
            "status": "completed" if done else "labeling",
            "task_type": self.body["task_type"],
            "data_url": self.body["data_url"],
            "label_spec": self.body["label_spec"],
            "consensus_threshold": self.threshold,
            "labels_received": self.labels_received(now, labeling),
            "created_at": _iso(self.created),
            "updated_at": _iso(min(now, self.done_at(labeling))),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if self.batch_id:
            out["batch_id"] = self.batch_id
        if done:
            out["completed_at"] = _iso(self.done_at(labeling))
        return out

    def result_json(self, labeling: float) -> JSON:
        votes = self.votes()
        total = sum(v["count"] for v in votes)
        done = _iso(self.done_at(labeling))
        return {
            "task_id": self.task_id,
            "status": "completed",
            "consensus_label": votes[0]["label"],
            "agreement": round(votes[0]["count"] / total, 4),
            "votes": votes,
            "settlement": {
                "bsv_txid": _digest("txid", self.task_id),
                "amount_sats": 50 * total,
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
    secret: str
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
    body: JSON  # without credentials
    credentials_type: str
    created: float
    task_count: int
    failure: str | None

    def to_json(self, now: float, step: float) -> JSON:
        steps = math.inf if step <= 0 else (now - self.created) / step
        out: JSON = {
            "job_id": self.job_id,
            "manifest_url": self.body["manifest_url"],
            "label_spec": self.body["label_spec"],
            "task_type": self.body.get("task_type", "image_classification"),
            "consensus_threshold": self.body.get("consensus_threshold", 3),
            "credentials_type": self.credentials_type,
            "task_count": self.task_count,
            "tasks_completed": 0,
            "created_at": _iso(self.created),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if steps < 1:
            out["status"] = "queued"
        elif self.failure is not None:
            out["status"], out["error"] = "failed", self.failure
        else:
            finished = self.task_count if step <= 0 else min(self.task_count, int(steps) - 1)
            out["tasks_completed"] = finished
            out["status"] = "completed" if finished >= self.task_count else "running"
        out["updated_at"] = _iso(
            now if out["status"] in {"queued", "running"} else self.created + step
        )
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
class _Fault:
    method: str
    prefix: str
    statuses: deque[int]
    retry_after: str | None
    act: bool


@dataclass
class _Malformed:
    method: str
    prefix: str
    body: bytes
    status: int
    content_type: str
    times: int


@dataclass
class _Stored:
    status: int
    body: bytes
    headers: dict[str, str]
    fingerprint: str


@dataclass
class _Ctx:
    request_id: str
    account: _Account


# ------------------------------------------------------------------------------ the fake


class ASGGatewayFake:
    """The fake's whole state, plus the hooks tests use to bend it (thread-safe)."""

    def __init__(self, config: ASGFakeConfig | None = None) -> None:
        self.config = config or ASGFakeConfig()
        self.spec_bytes = SPEC_PATH.read_bytes()
        self._schemas = _Schemas(json.loads(self.spec_bytes))
        self._lock = threading.RLock()
        self._rng = random.Random(self.config.seed)
        self._offset = 0.0
        self._accounts: dict[str, _Account] = {}
        self._replays: dict[tuple[str, str, str], _Stored] = {}
        self._in_flight: dict[tuple[str, str, str], asyncio.Event] = {}
        self._faults: list[_Fault] = []
        self._malformed: list[_Malformed] = []

    # -- test hooks

    def now(self) -> float:
        """The fake's clock: wall time plus everything :meth:`advance` added."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward (tasks settle, jobs progress, rate windows slide)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    def inject_faults(
        self,
        method: str,
        path_prefix: str,
        statuses: Sequence[int] = (503, 503),
        retry_after: float | str | None = None,
        *,
        act: bool = False,
    ) -> None:
        """Answer the next requests matching ``method`` and ``path_prefix`` with ``statuses``.

        One status per matching request, in order; then the endpoint behaves normally again.
        ``method="*"`` matches any method. With ``act=True`` the request is handled first (a
        POST with an Idempotency-Key stores its real response) and the fault replaces the
        answer: a lost response, as far as the client can tell.
        """
        if not statuses:
            raise ValueError("statuses must not be empty")
        if any(not 400 <= s <= 599 for s in statuses):
            raise ValueError(f"fault statuses must be 4xx or 5xx, got {list(statuses)}")
        header = None if retry_after is None else str(retry_after)
        with self._lock:
            self._faults.append(_Fault(method.upper(), path_prefix, deque(statuses), header, act))

    def inject_malformed(
        self,
        method: str,
        path_prefix: str,
        body: bytes = b'{"unexpected": 1}',
        *,
        status: int = 200,
        content_type: str = "application/json",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with ``body`` as given, unhandled."""
        with self._lock:
            self._malformed.append(
                _Malformed(method.upper(), path_prefix, body, status, content_type, times)
            )

    def clear_faults(self) -> None:
        """Drop every pending injected fault and malformed body."""
        with self._lock:
            self._faults.clear()
            self._malformed.clear()

    def task_ids(self, api_key: str) -> list[str]:
        """The tasks an account created, oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.tasks)

    def job_ids(self, api_key: str) -> list[str]:
        """The jobs an account created, oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.jobs)

    def webhook_secret(self, api_key: str, webhook_id: str) -> str | None:
        """The secret stored for a webhook (what deliveries would be signed with)."""
        with self._lock:
            account = self._accounts.get(api_key)
            hook = None if account is None else account.webhooks.get(webhook_id)
            return None if hook is None else hook.secret

    # -- plumbing

    def _new_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}_{self._rng.getrandbits(96):024x}"

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method in {"*", method} and path.startswith(fault.prefix):
                    taken = _Fault(
                        fault.method,
                        fault.prefix,
                        deque([fault.statuses.popleft()]),
                        fault.retry_after,
                        fault.act,
                    )
                    if not fault.statuses:
                        self._faults.remove(fault)
                    return taken
        return None

    def _take_malformed(self, method: str, path: str) -> _Malformed | None:
        with self._lock:
            for item in self._malformed:
                if item.method in {"*", method} and path.startswith(item.prefix):
                    item.times -= 1
                    if item.times <= 0:
                        self._malformed.remove(item)
                    return item
        return None

    def _authenticate(self, request: Request) -> _Account:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if not header:
            raise ApiError(401, "missing API key: send Authorization: Bearer sk_sandbox_...")
        if scheme.lower() != "bearer" or not _KEY_RE.fullmatch(token):
            raise ApiError(401, "malformed API key: expected Bearer sk_sandbox_... or sk_live_...")
        with self._lock:
            return self._accounts.setdefault(token, _Account(token))

    def _check_rate(self, account: _Account) -> None:
        limit = self.config.rate_limit_per_minute
        if limit is None:
            return
        now = self.now()
        with self._lock:
            while account.posts and account.posts[0] <= now - _RATE_WINDOW:
                account.posts.popleft()
            if len(account.posts) >= limit:
                wait = max(1, math.ceil(account.posts[0] + _RATE_WINDOW - now))
                raise ApiError(
                    429, f"rate limit of {limit} requests per minute", {"Retry-After": str(wait)}
                )
            account.posts.append(now)

    async def dispatch(
        self, request: Request, handler: Handler, *, public: bool = False
    ) -> Response:
        """Run ``handler`` with request ids, faults, auth, rate limits and idempotency around it."""
        request_id = request.headers.get("x-request-id", "")
        if not (0 < len(request_id) <= 200 and request_id.isprintable() and request_id.isascii()):
            request_id = self._new_id("req")
        method, path = request.method, request.url.path
        fault = self._take_fault(method, path)
        if fault is not None and not fault.act:
            return self._fault_response(fault, request_id)
        malformed = self._take_malformed(method, path)
        if malformed is not None:
            return Response(
                malformed.body,
                status_code=malformed.status,
                headers={"X-Request-Id": request_id, "Content-Type": malformed.content_type},
            )
        try:
            account = _Account("") if public else self._authenticate(request)
            ctx = _Ctx(request_id, account)
            if method == "POST" and not public:
                self._check_rate(account)
            if method == "POST" and "idempotency-key" in request.headers:
                response = await self._idempotent(ctx, request, handler)
            else:
                response = await handler(ctx, request)
        except ApiError as exc:
            response = _error(exc.status, exc.detail, request_id, exc.headers)
        except Exception as exc:  # the fake answers in JSON even when it has a bug
            response = _error(500, f"internal error in the fake: {exc!r}", request_id)
        if fault is not None:
            return self._fault_response(fault, request_id)
        response.headers["X-Request-Id"] = request_id
        return response

    def _fault_response(self, fault: _Fault, request_id: str) -> Response:
        status = fault.statuses[0]
        headers = {} if fault.retry_after is None else {"Retry-After": fault.retry_after}
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return _error(status, f"injected fault: {status} {phrase}".strip(), request_id, headers)

    async def _idempotent(self, ctx: _Ctx, request: Request, handler: Handler) -> Response:
        key = request.headers["idempotency-key"]
        if not 1 <= len(key) <= 255:
            raise ApiError(400, "Idempotency-Key must be 1 to 255 characters")
        slot = (ctx.account.key, request.url.path, key)
        fingerprint = hashlib.sha256(await request.body()).hexdigest()
        while True:
            with self._lock:
                stored = self._replays.get(slot)
                waiting = self._in_flight.get(slot)
                if stored is None and waiting is None:
                    self._in_flight[slot] = asyncio.Event()
                    break
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise ApiError(
                        409, "Idempotency-Key already used with a different request body"
                    )
                return Response(
                    stored.body,
                    status_code=stored.status,
                    headers={**stored.headers, "Idempotent-Replayed": "true"},
                )
            assert waiting is not None
            await waiting.wait()
        try:
            response = await handler(ctx, request)
            if 200 <= response.status_code < 300:
                headers = {
                    k: v for k, v in response.headers.items() if k.lower() != "content-length"
                }
                with self._lock:
                    self._replays[slot] = _Stored(
                        response.status_code, bytes(response.body), headers, fingerprint
                    )
            return response
        finally:
            with self._lock:
                done = self._in_flight.pop(slot)
            done.set()

    async def _json_body(self, request: Request, schema: str) -> JSON:
        raw = await request.body()
        try:
            body = json.loads(raw, parse_constant=_reject_constant)
        except ValueError:
            raise ApiError(400, "the request body is not valid JSON") from None
        return self._schemas.check(schema, body)

    def _path_id(self, request: Request, name: str) -> str:
        value = str(request.path_params[name])
        if not 1 <= len(value) <= _MAX_ID:
            # Ids are 1 to 128 characters: nothing by a longer one exists (the spec's 404).
            raise ApiError(404, f"no such {name.removesuffix('_id')}")
        return value

    def _reserve_tasks(self, account: _Account, count: int) -> None:
        quota = self.config.task_quota
        if quota is not None and len(account.tasks) + count > quota:
            raise ApiError(403, f"task quota exhausted: {quota} tasks per account")

    def _create_task(self, account: _Account, body: JSON, batch_id: str | None = None) -> _Task:
        task = _Task(self._new_id("task"), body, self.now(), account.network, batch_id)
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

    async def get_openapi(self, ctx: _Ctx, request: Request) -> Response:
        """The pinned spec."""
        return Response(self.spec_bytes, media_type="application/json")

    async def submit_task(self, ctx: _Ctx, request: Request) -> Response:
        """POST /v1/tasks."""
        body = await self._json_body(request, "TaskCreate")
        with self._lock:
            self._reserve_tasks(ctx.account, 1)
            task = self._create_task(ctx.account, body)
        created = {"task_id": task.task_id, "status": "labeling", "created_at": _iso(task.created)}
        return JSONResponse(created, status_code=201)

    async def submit_batch(self, ctx: _Ctx, request: Request) -> Response:
        """POST /v1/tasks/batch: every task or none."""
        body = await self._json_body(request, "BatchCreate")
        batch_id = self._new_id("batch")
        with self._lock:
            self._reserve_tasks(ctx.account, len(body["tasks"]))
            ids = []
            for task_body in body["tasks"]:
                if "callback_url" in body and "callback_url" not in task_body:
                    task_body = {**task_body, "callback_url": body["callback_url"]}
                ids.append(self._create_task(ctx.account, task_body, batch_id).task_id)
        out = {
            "batch_id": batch_id,
            "task_count": len(ids),
            "status": "accepted",
            "task_ids": ids,
            "created_at": _iso(self.now()),
        }
        return JSONResponse(out, status_code=201)

    async def get_task(self, ctx: _Ctx, request: Request) -> Response:
        """GET /v1/tasks/{task_id}."""
        task = self._task(ctx, request)
        return JSONResponse(task.to_json(self.now(), self.config.labeling_seconds))

    async def get_task_result(self, ctx: _Ctx, request: Request) -> Response:
        """GET /v1/tasks/{task_id}/result: 202 while labeling, then 200."""
        task = self._task(ctx, request)
        now, labeling = self.now(), self.config.labeling_seconds
        if now >= task.done_at(labeling):
            return JSONResponse(task.result_json(labeling))
        pending = {
            "task_id": task.task_id,
            "status": "labeling",
            "labels_received": task.labels_received(now, labeling),
            "consensus_threshold": task.threshold,
        }
        wait = max(1, math.ceil(task.done_at(labeling) - now))
        return JSONResponse(pending, status_code=202, headers={"Retry-After": str(wait)})

    async def register_webhook(self, ctx: _Ctx, request: Request) -> Response:
        """POST /v1/webhooks: the secret is kept, never returned."""
        body = await self._json_body(request, "WebhookCreate")
        hook = _Webhook(
            self._new_id("wh"),
            body["callback_url"],
            list(body.get("events", _DEFAULT_EVENTS)),
            body["secret"],
            self.now(),
        )
        with self._lock:
            ctx.account.webhooks[hook.webhook_id] = hook
        return JSONResponse(hook.to_json(), status_code=201)

    async def list_webhooks(self, ctx: _Ctx, request: Request) -> Response:
        """GET /v1/webhooks, oldest first."""
        with self._lock:
            hooks = [h.to_json() for h in ctx.account.webhooks.values()]
        return JSONResponse(hooks)

    async def delete_webhook(self, ctx: _Ctx, request: Request) -> Response:
        """DELETE /v1/webhooks/{webhook_id}."""
        webhook_id = self._path_id(request, "webhook_id")
        with self._lock:
            if ctx.account.webhooks.pop(webhook_id, None) is None:
                raise ApiError(404, "no such webhook")
        return Response(status_code=204)

    async def submit_job(self, ctx: _Ctx, request: Request) -> Response:
        """POST /v1/jobs: the manifest's scheme decides which credentials it takes."""
        body = await self._json_body(request, "JobCreate")
        credentials = body.pop("credentials")
        scheme = body["manifest_url"].split("://", 1)[0]
        kind = "s3" if "access_key_id" in credentials else "gcs"
        if (scheme, kind) not in {("s3", "s3"), ("gs", "gcs")}:
            wanted = "S3Credentials" if scheme == "s3" else "GCSCredentials"
            raise ApiError(
                422,
                [{"loc": ["body", "credentials"], "msg": f"a {scheme}:// manifest takes {wanted}"}],
            )
        failure = None
        if "missing" in body["manifest_url"].split("://", 1)[1]:
            failure = f"manifest not found: {body['manifest_url']}"
        elif kind == "gcs" and not _is_service_account(credentials["service_account_json"]):
            failure = "credentials rejected: service_account_json is not a service account key"
        count = 3 + int(_digest("manifest", body["manifest_url"])[:6], 16) % 38
        job = _Job(self._new_id("job"), body, kind, self.now(), count, failure)
        with self._lock:
            ctx.account.jobs[job.job_id] = job
        return JSONResponse(job.to_json(job.created, self.config.job_step_seconds), status_code=202)

    async def get_job(self, ctx: _Ctx, request: Request) -> Response:
        """GET /v1/jobs/{job_id} (credentials are never part of a job)."""
        job_id = self._path_id(request, "job_id")
        with self._lock:
            job = ctx.account.jobs.get(job_id)
        if job is None:
            raise ApiError(404, "no such job")
        return JSONResponse(job.to_json(self.now(), self.config.job_step_seconds))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _is_service_account(text: str) -> bool:
    try:
        parsed = json.loads(text)
    except ValueError:
        return False
    return isinstance(parsed, dict) and parsed.get("type") == "service_account"


def create_app(config: ASGFakeConfig | None = None) -> Starlette:
    """A fresh fake (its state in ``app.state.fake``)."""
    fake = ASGGatewayFake(config)

    def route(path: str, handlers: Mapping[str, Handler], *, public: bool = False) -> Route:
        # One route per path with all its methods, so a 405's Allow header lists them all.
        async def endpoint(request: Request) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await fake.dispatch(request, handlers[method], public=public)

        return Route(path, endpoint, methods=list(handlers))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        request_id = request.headers.get("x-request-id") or fake._new_id("req")
        detail = "no such endpoint" if exc.status_code == 404 else "method not allowed"
        return _error(exc.status_code, detail, request_id, exc.headers)

    app = Starlette(
        routes=[
            route("/v1/openapi.json", {"GET": fake.get_openapi}, public=True),
            route("/v1/tasks", {"POST": fake.submit_task}),
            route("/v1/tasks/batch", {"POST": fake.submit_batch}),
            route("/v1/tasks/{task_id}", {"GET": fake.get_task}),
            route("/v1/tasks/{task_id}/result", {"GET": fake.get_task_result}),
            route("/v1/webhooks", {"POST": fake.register_webhook, "GET": fake.list_webhooks}),
            route("/v1/webhooks/{webhook_id}", {"DELETE": fake.delete_webhook}),
            route("/v1/jobs", {"POST": fake.submit_job}),
            route("/v1/jobs/{job_id}", {"GET": fake.get_job}),
        ],
        exception_handlers={404: http_error, 405: http_error},
    )
    app.state.fake = fake
    return app
