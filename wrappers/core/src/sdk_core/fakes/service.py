"""The request pipeline every fake shares, driven by its pinned spec.

A service's fake subclasses :class:`SpecFake`, names its spec and key shape, and writes one
handler per operation, ``on_<operationId>(call)``. Before a handler runs, the toolkit has
routed the request by the spec's ``paths`` (404; 405 with ``Allow``), applied injected faults,
checked the key unless the spec's ``security`` is empty (401; every header-borne scheme the
spec declares is accepted: ``Authorization: Bearer`` and ``apiKey`` headers), applied the rate
limit (429), checked path (404), query and header parameters (400) against their schemas,
taken care of ``Idempotency-Key`` replays, and parsed the body as strict JSON (400) or
multipart (400, 413) and checked it against its schema (422). Every answer carries
``X-Request-Id``.

Where services differ, a fake says so with class attributes and hooks, each defaulting to the
behaviour above: :attr:`~SpecFake.fastapi_validation` (FastAPI's 422 for parameters and
bodies), :meth:`~SpecFake.error_answer` (the error body's shape), the ``idempotency_*``
attributes (which operations dedupe, the key's scope and its normalisation),
:attr:`~SpecFake.request_id_header` (the request-id header's spelling),
:attr:`~SpecFake.encoded_paths` (route on the percent-encoded path, so ``%2F`` stays inside
one path parameter), :attr:`~SpecFake.greedy_operations` (operations whose last path
parameter takes the rest of the path, ``/`` included) and :meth:`~SpecFake.admit` (refuse a
checked request before its handler runs).

Path parameters reach a handler typed by their schemas (an ``integer`` one as an ``int``).
A body of a media type other than JSON and multipart (raw YAML, say) reaches the handler
unparsed in ``call.body``: ``str`` for a text schema (UTF-8, else 400; checked by the schema,
422), ``bytes`` otherwise; a request whose ``Content-Type`` is not one the operation declares
is the operation's 415 if it declares one, else 400.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import threading
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Message, Receive, Scope, Send

from sdk_core.fakes.clock import Clock
from sdk_core.fakes.faults import FaultInjector, cut_after_lines
from sdk_core.fakes.idempotency import IdempotencyStore
from sdk_core.fakes.jsonio import ApiError, digest, error_response, fingerprint, strict_loads
from sdk_core.fakes.spec import Operation, load_spec
from sdk_core.fakes.uploads import form_fields, read_form
from sdk_core.fakes.validation import json_invalid, missing

__all__ = [
    "Call",
    "FakeConfig",
    "Principal",
    "ReceivedRequest",
    "SpecFake",
    "check_int",
    "check_number",
]

_RATE_WINDOW = 60.0
_SPEC_ROUTE = "/v1/openapi.json"


def check_number(owner: object, name: str, *, minimum: float = 0) -> None:
    """``owner.name`` must be a finite real number >= ``minimum`` (ValueError naming it)."""
    value = getattr(owner, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (value >= minimum and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number >= {minimum:g}, got {value}")


def check_int(owner: object, name: str, *, minimum: int | None, optional: bool = False) -> None:
    """``owner.name`` must be an int >= ``minimum`` (or None when ``optional``)."""
    value = getattr(owner, name)
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}" + (" (or None)" if optional else ""))


@dataclass(frozen=True, slots=True)
class FakeConfig:
    """What every fake can be told; a service's config adds its own fields.

    Attributes:
        rate_limit_per_minute: requests a caller may make per sliding minute of the fake's
            clock to the rate-limited operations (None or 0: no limit).
        seed: seeds the ids the fake hands out.
        clock: ``"wall"`` (runs with wall time; :meth:`SpecFake.advance` adds to it) or
            ``"manual"`` (stands still until advanced: nothing happens unless a test says so).
        start_time: the epoch time the clock reads when the fake is created (default: now).

    """

    rate_limit_per_minute: int | None = None
    seed: int = 0
    clock: str = "wall"
    start_time: float | None = None

    def __post_init__(self) -> None:
        check_int(self, "rate_limit_per_minute", minimum=0, optional=True)
        check_int(self, "seed", minimum=None)
        if self.clock not in {"wall", "manual"}:
            raise ValueError(f"clock must be 'wall' or 'manual', got {self.clock!r}")
        if self.start_time is not None:
            check_number(self, "start_time", minimum=-math.inf)


class Principal(Protocol):
    """Who a bearer key belongs to; ``scope`` partitions rate limits and idempotency keys."""

    @property
    def scope(self) -> str:
        """The tenant or account the key acts for."""
        ...


P = TypeVar("P", bound=Principal)


@dataclass
class Call(Generic[P]):
    """One checked request, as a handler sees it.

    ``path`` holds the path parameters typed by their schemas; ``query`` the query parameters
    typed and with their defaults; ``body`` the parsed JSON body, the multipart form as a dict
    (files as :class:`~.uploads.Upload`), or a raw body as sent (``str`` for a text schema,
    else ``bytes``).
    """

    request: Request
    request_id: str
    operation: Operation
    principal: P | None
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any = None

    @property
    def caller(self) -> P:
        """The authenticated principal (operations the spec secures always have one)."""
        assert self.principal is not None, f"{self.operation.operation_id} is public"
        return self.principal


@dataclass(frozen=True)
class ReceivedRequest:
    """A request as the fake received it (``Authorization`` masked), and its answer's status."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body_bytes: int
    operation_id: str | None
    status: int
    request_id: str


@dataclass
class _Meter:
    """Counts the request body's bytes as the app reads them."""

    receive: Receive
    count: int = 0
    done: bool = False
    _disconnected: bool = field(default=False, repr=False)

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.count += len(message.get("body", b""))
            self.done = not message.get("more_body", False)
        elif message["type"] == "http.disconnect":
            self.done = True
        return message

    async def drain(self) -> None:
        while not self.done:
            await self()


Handler = Callable[[Call[Any]], Awaitable[Response]]


class SpecFake(Generic[P]):
    """A fake service built from its pinned spec: subclass it and write its handlers.

    Subclasses set :attr:`spec_path` and :attr:`key_pattern`, implement :meth:`authenticate`
    and one ``on_<operationId>`` coroutine per operation of the spec (checked on creation).
    Thread-safe: tests call the hooks from their own thread while the server runs in another.
    """

    spec_path: ClassVar[Path]
    key_pattern: ClassVar[re.Pattern[str]]
    #: the answer to an ``Idempotency-Key`` reused with another body.
    conflict_status: ClassVar[int] = 409
    #: whether a replay repeats the first answer's request id (else it carries its own).
    replay_request_id: ClassVar[bool] = False
    #: operationIds the rate limit applies to (None: every POST).
    rate_limited: ClassVar[frozenset[str] | None] = None
    #: most requests kept for :attr:`received` (the oldest are dropped first).
    received_limit: ClassVar[int] = 10_000
    #: how answers spell the request-id header (HTTP header names are case-insensitive; the
    #: client's own id, when it sends a sane one, is echoed whatever its spelling).
    request_id_header: ClassVar[str] = "X-Request-Id"
    #: FastAPI's request validation: a query or header parameter that does not parse or match
    #: its schema, a body that is not JSON, a missing required body and a body its schema
    #: rejects are all 422 with FastAPI's items (:mod:`.validation`; repeated scalar parameters
    #: take the last value). Otherwise parameters and non-JSON bodies are 400 and bodies 422
    #: with ``{"loc", "msg"}`` items that never quote the request.
    fastapi_validation: ClassVar[bool] = False
    #: operationIds whose ``Idempotency-Key`` dedupes (None: every operation declaring it); on
    #: the others the header is checked and ignored.
    idempotent_operations: ClassVar[frozenset[str] | None] = None
    #: ``"path"``: a key belongs to one method and path, and a replay must repeat the body;
    #: ``"key"``: a key is one request wherever it is sent, and a replay must repeat its
    #: method, path and body (another path is a conflict too).
    idempotency_scope: ClassVar[str] = "path"
    #: None: the ``Idempotency-Key`` header is checked by its schema like any other. A number:
    #: keys are stripped, a blank key counts as none, and a longer one is 400
    #: ``invalid_idempotency_key``, before the parameters are checked.
    idempotency_key_max: ClassVar[int | None] = None
    #: Route on the percent-encoded path as sent (ASGI's ``raw_path``) and decode each path
    #: parameter after matching, so a parameter may hold a ``/`` sent as ``%2F``
    #: (``/v1/agents/org%2Fx`` names ``org/x``). Otherwise the decoded path is matched.
    encoded_paths: ClassVar[bool] = False
    #: operationIds whose last path parameter is greedy: it takes the rest of the path, raw
    #: ``/`` included (as a parameter whose spec entry says ``x-greedy: true`` does).
    greedy_operations: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, config: FakeConfig) -> None:
        self.spec = (
            load_spec(self.spec_path, greedy_operations=self.greedy_operations)
            if self.greedy_operations
            else load_spec(self.spec_path)
        )
        self.clock = Clock(manual=config.clock == "manual", start_time=config.start_time)
        #: requests per minute per caller for the rate-limited operations; None or 0: off.
        self.rate_limit: int | None = config.rate_limit_per_minute
        #: largest file part a multipart body may carry (None: no limit).
        self.max_upload_bytes: int | None = None
        self._lock = threading.RLock()
        self._rng = random.Random(config.seed)
        # Request ids have their own generator, so resource ids do not depend on traffic.
        self._request_rng = random.Random(f"request-ids-{config.seed}")
        if self.idempotency_scope not in {"path", "key"}:
            raise TypeError(
                f"idempotency_scope must be 'path' or 'key', not {self.idempotency_scope!r}"
            )
        conflict = "Idempotency-Key already used with a different request body"
        if self.idempotency_scope == "key":
            conflict = "Idempotency-Key already used with a different request (path or body)"
        self._replays = IdempotencyStore(
            conflict_status=self.conflict_status,
            replay_request_id=self.replay_request_id,
            conflict_message=conflict,
            request_id_header=self.request_id_header,
        )
        self._injected = FaultInjector()
        self._latency: deque[float] = deque()
        self._windows: dict[str, deque[float]] = {}
        self._received: deque[ReceivedRequest] = deque(maxlen=self.received_limit)
        missing = [f"on_{o}" for o in self.spec.operations if not hasattr(self, f"on_{o}")]
        if missing:
            raise TypeError(f"{type(self).__name__} lacks handlers: {', '.join(missing)}")
        self._handlers: dict[str, Handler] = {
            o: getattr(self, f"on_{o}") for o in self.spec.operations
        }

    def authenticate(self, token: str) -> P:
        """The principal of a well-shaped key; raise :class:`ApiError` to refuse it."""
        raise NotImplementedError

    def error_answer(self, error: ApiError, request_id: str) -> Response:
        """The answer to ``error``, wherever it arose (routing, checks, a handler, a fault).

        By default JSON ``{"detail", "request_id"}`` with the request-id header; a fake whose
        service sends another error body overrides this (and must keep the header).
        """
        return error_response(
            error.status, error.detail, request_id, error.headers, header=self.request_id_header
        )

    # -- test hooks

    def now(self) -> float:
        """The fake's clock (see :class:`~.clock.Clock`)."""
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward; whatever waits on it (streams) wakes at once."""
        self.clock.advance(seconds)

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
        Each answer is a JSON error with ``X-Request-Id`` (and ``Retry-After`` when given).
        ``method="*"`` matches any method. With ``act=True`` the request is handled first (so a
        POST with an Idempotency-Key stores its real response) and the fault replaces the
        answer: a lost response, as far as the client can tell.
        """
        self._injected.add_faults(
            method, path_prefix, statuses=statuses, retry_after=retry_after, act=act
        )

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
        """Answer the next ``times`` matching requests with ``body`` as is, unhandled."""
        self._injected.add_malformed(
            method, path_prefix, body=body, status=status, content_type=content_type, times=times
        )

    def inject_stream_cut(self, path_prefix: str, after_events: int, *, times: int = 1) -> None:
        """End the next ``times`` matching streamed answers cleanly after ``after_events`` lines."""
        self._injected.add_stream_cut(path_prefix, after_events, times)

    def inject_latency(self, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` answers back by ``seconds`` of real time (a slow server)."""
        if not (0 <= seconds <= 3600) or times < 1:
            raise ValueError("latency must be 0 to 3600 seconds, for one or more answers")
        with self._lock:
            self._latency.extend([seconds] * times)

    def clear_faults(self) -> None:
        """Drop every pending injected fault, malformed body, stream cut and latency."""
        self._injected.clear()
        with self._lock:
            self._latency.clear()

    @property
    def received(self) -> list[ReceivedRequest]:
        """The requests received so far, oldest first (up to :attr:`received_limit`)."""
        with self._lock:
            return list(self._received)

    def clear_received(self) -> None:
        """Forget the requests received so far."""
        with self._lock:
            self._received.clear()

    # -- for handlers

    def new_hex(self, n: int = 32) -> str:
        """``n`` hex digits from the seeded generator (ids are deterministic per seed)."""
        with self._lock:
            return uuid.UUID(int=self._rng.getrandbits(128)).hex[:n]

    # -- the pipeline

    def app(self) -> Starlette:
        """A Starlette app serving this fake; its state is ``app.state.fake``."""
        app = Starlette()
        # No Starlette routes: every request, whatever its path (even one with a newline, which
        # a `{path:path}` route misses), is the spec's to route.
        app.router.default = _Endpoint(self)
        app.router.redirect_slashes = False
        app.state.fake = self
        return app

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one HTTP request (the ASGI entry point) and record it."""
        meter = _Meter(receive)
        request = Request(scope, meter)
        with self._lock:
            delay = self._latency.popleft() if self._latency else 0.0
        if delay:
            await asyncio.sleep(delay)
        response, operation_id, request_id = await self._answer(request)
        # Read what the handler left unread, so its size is known; a 413's body stays unread.
        if response.status_code != 413:
            await meter.drain()
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        for credential in self.spec.credentials:
            name = credential.header.lower()
            if name not in headers:
                continue
            if credential.bearer:
                scheme, space, _ = headers[name].partition(" ")
                headers[name] = f"{scheme} ***" if space else "***"
            else:
                headers[name] = "***"
        record = ReceivedRequest(
            method=request.method,
            path=request.url.path,
            query=request.url.query,
            headers=headers,
            body_bytes=meter.count,
            operation_id=operation_id,
            status=response.status_code,
            request_id=request_id,
        )
        with self._lock:
            self._received.append(record)
        await response(scope, meter, send)

    def _request_id(self, request: Request) -> str:
        """The client's ``X-Request-Id`` if sane (printable ASCII, 1 to 200), else a new one."""
        given = request.headers.get("x-request-id", "")
        if 0 < len(given) <= 200 and given.isprintable() and given.isascii():
            return given
        with self._lock:
            return f"req_{uuid.UUID(int=self._request_rng.getrandbits(128)).hex[:24]}"

    async def _answer(self, request: Request) -> tuple[Response, str | None, str]:
        request_id = self._request_id(request)
        method = "GET" if request.method == "HEAD" else request.method
        path = request.url.path
        operation: Operation | None = None
        try:
            if path == _SPEC_ROUTE:  # served by every fake, though no spec lists it
                if method != "GET":
                    raise ApiError(
                        405, "method not allowed", {"Allow": "GET, HEAD"}, code="method_not_allowed"
                    )
            else:
                found = (
                    self.spec.match(_encoded_path(request), decode=True)
                    if self.encoded_paths
                    else self.spec.match(path)
                )
                if found is None:
                    raise ApiError(404, "no such endpoint", code="not_found")
                item, path_params = found
                operation = item.operations.get(method)
                if operation is None:
                    raise ApiError(
                        405, "method not allowed", {"Allow": item.allow}, code="method_not_allowed"
                    )
        except ApiError as exc:
            return self.error_answer(exc, request_id), None, request_id
        operation_id = None if operation is None else operation.operation_id
        fault = self._injected.take_fault(method, path)
        if fault is not None and not fault.act:
            return self.error_answer(fault.error(), request_id), operation_id, request_id
        malformed = self._injected.take_malformed(method, path)
        if malformed is not None:
            headers = {self.request_id_header: request_id, "Content-Type": malformed.content_type}
            answer = Response(malformed.body, status_code=malformed.status, headers=headers)
            return answer, operation_id, request_id
        try:
            if operation is None:
                response = Response(self.spec.raw, media_type="application/json")
            else:
                response = await self._checked(operation, request, request_id, path_params)
        except ApiError as exc:
            response = self.error_answer(exc, request_id)
        except Exception as exc:  # the fake must answer in JSON even when it has a bug
            bug = ApiError(500, f"internal error in the fake: {exc!r}", code="internal_error")
            response = self.error_answer(bug, request_id)
        if fault is not None:
            return self.error_answer(fault.error(), request_id), operation_id, request_id
        if isinstance(response, StreamingResponse):
            cut = self._injected.take_stream_cut(path)
            if cut is not None:
                response.body_iterator = cut_after_lines(response.body_iterator, cut)
        if "x-request-id" not in response.headers:
            response.headers[self.request_id_header] = request_id
        return response, operation_id, request_id

    async def _checked(
        self, operation: Operation, request: Request, request_id: str, raw_path: dict[str, str]
    ) -> Response:
        principal = None if operation.public else self._authenticate(request)
        path = operation.check_path(raw_path)
        if principal is not None and (
            operation.operation_id in self.rate_limited
            if self.rate_limited is not None
            else operation.method == "POST"
        ):
            self._check_rate(principal.scope)
        header = operation.idempotency_header
        key = None if header is None else request.headers.get(header)
        get_header: Callable[[str], list[str]] = request.headers.getlist
        if header is not None and self.idempotency_key_max is not None:
            key = self._normalized_key(key)
            # The key is checked here, and then validated as what it was normalised to.
            get_header = _substitute(request.headers.getlist, header, key)
        if self.fastapi_validation:
            query, errors = operation.collect("query", request.query_params.getlist)
            errors += operation.collect("header", get_header)[1]
            if errors:
                raise ApiError(422, errors)
        else:
            query = operation.parse("query", request.query_params.getlist)
            operation.parse("header", get_header)
        call: Call[P] = Call(request, request_id, operation, principal, path, query)
        dedupes = self.idempotent_operations is None or (
            operation.operation_id in self.idempotent_operations
        )
        if key is None or not dedupes:
            return await self._handle(call)
        multipart = operation.media_type == "multipart/form-data"
        # Uploads are not compared (nor read twice); JSON bodies are, whatever their spacing.
        print_ = None if multipart else fingerprint(await request.body())
        scope = principal.scope if principal else ""
        slot: tuple[str, ...]
        if self.idempotency_scope == "key":
            slot = (scope, key)
            print_ = digest(operation.method, request.url.path, print_)
        else:
            slot = (scope, operation.method, request.url.path, key)
        return await self._replays.call(slot, print_, request_id, lambda: self._handle(call))

    def _normalized_key(self, key: str | None) -> str | None:
        """The key stripped (blank: none); 400 ``invalid_idempotency_key`` when too long."""
        limit = self.idempotency_key_max
        key = None if key is None else key.strip()
        if not key:
            return None
        if limit is not None and len(key) > limit:
            raise ApiError(
                400,
                f"Idempotency-Key must be at most {limit} characters",
                code="invalid_idempotency_key",
            )
        return key

    def _authenticate(self, request: Request) -> P:
        """The principal of the first key sent that is well-shaped and accepted; else 401."""
        refused: ApiError | None = None
        for credential in self.spec.credentials:
            header = request.headers.get(credential.header, "")
            if not header:
                continue
            if credential.bearer:
                scheme, _, token = header.partition(" ")
                token = token.strip()
                shaped = scheme.lower() == "bearer" and self.key_pattern.fullmatch(token)
            else:
                token = header.strip()
                shaped = self.key_pattern.fullmatch(token)
            if not shaped:
                refused = refused or ApiError(
                    401, f"malformed API key: expected {credential.hint}", code="unauthorized"
                )
                continue
            try:
                return self.authenticate(token)
            except ApiError as exc:
                refused = refused or exc
        raise refused or ApiError(
            401, f"missing API key: send {self.spec.key_hint}", code="unauthorized"
        )

    def _check_rate(self, scope: str) -> None:
        per_minute = self.rate_limit
        if not per_minute:
            return
        with self._lock:
            now = self.now()
            window = self._windows.setdefault(scope, deque())
            while window and window[0] <= now - _RATE_WINDOW:
                window.popleft()
            if len(window) >= per_minute:
                wait = max(1, math.ceil(window[0] + _RATE_WINDOW - now))
                raise ApiError(
                    429,
                    f"rate limit of {per_minute} requests per minute exceeded",
                    {"Retry-After": str(wait)},
                    code="rate_limited",
                )
            window.append(now)

    async def admit(self, call: Call[P]) -> None:
        """Refuse a request the checks passed, by raising :class:`ApiError`, before its body is
        read and its handler runs (e.g. a header naming something the caller may not use).
        Replays of an idempotent request are not admitted again. Default: every request.
        """

    async def _handle(self, call: Call[P]) -> Response:
        operation, request = call.operation, call.request
        await self.admit(call)
        handler = self._handlers[operation.operation_id]
        if operation.media_type is None:
            return await handler(call)
        if operation.body_kind == "raw":
            call.body = await self._raw_body(operation, request)
            return await handler(call)
        if operation.media_type != "multipart/form-data":
            raw = await request.body()
            fastapi = self.fastapi_validation
            if fastapi and not raw.strip() and operation.body_required:
                raise ApiError(422, [missing(["body"], None)])
            try:
                call.body = strict_loads(raw)
            except ValueError as exc:
                if fastapi:
                    reason = getattr(exc, "msg", "Invalid JSON")
                    raise ApiError(422, [json_invalid(getattr(exc, "pos", 0), reason)]) from None
                not_json = (
                    "the request body is not valid JSON (or has NaN, Infinity or a huge number)"
                )
                raise ApiError(400, not_json) from None
            except RecursionError:
                if fastapi:
                    raise ApiError(422, [json_invalid(0, "nested too deeply")]) from None
                raise ApiError(400, "the request body is nested too deeply") from None
            if fastapi and call.body is None and operation.body_required:
                raise ApiError(422, [missing(["body"], None)])  # FastAPI reads null as absent
            self.spec.check_body(operation, call.body, fastapi=fastapi)
            return await handler(call)
        limit = self.max_upload_bytes
        too_large = self.spec.response_description(operation, "413", "Upload too large")
        too_large += "" if limit is None else f" ({limit} bytes)"
        form = await read_form(request, limit, too_large)
        try:
            call.body = await form_fields(form, operation.binary_fields, limit, too_large)
            self.spec.check_body(operation, call.body)
            return await handler(call)
        finally:
            await form.close()

    async def _raw_body(self, operation: Operation, request: Request) -> str | bytes:
        """A body of a media type that is neither JSON nor multipart, checked as far as the
        spec says: its ``Content-Type`` (415 if declared, else 400) and, for a text schema,
        UTF-8 (400) and the schema (422).
        """
        sent = request.headers.get("content-type", "").split(";", maxsplit=1)[0].strip().lower()
        declared = [m.split(";", maxsplit=1)[0].strip().lower() for m in operation.media_types]
        if sent not in declared:
            status = 415 if "415" in operation.responses else 400
            raise ApiError(status, f"the body must be sent as {' or '.join(declared)}")
        raw = await request.body()
        if not operation.text_body:
            return raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the request body is not UTF-8 text") from None
        self.spec.check_body(operation, text, fastapi=self.fastapi_validation)
        return text


def _encoded_path(request: Request) -> str:
    """The request's path as sent, percent-encoding kept (``raw_path``, else re-encoded)."""
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes | bytearray):
        return raw.decode("latin-1").split("?", 1)[0]
    return quote(str(request.scope["path"]), safe="/:@!$&'()*+,;=-._~")


def _substitute(
    get: Callable[[str], list[str]], header: str, value: str | None
) -> Callable[[str], list[str]]:
    """``get``, except that ``header`` reads as ``value`` (absent when None)."""
    wanted = header.lower()
    replaced = [] if value is None else [value]
    return lambda name: replaced if name.lower() == wanted else get(name)


class _Endpoint:
    """The app's ASGI entry point: Starlette's router hands it every request."""

    def __init__(self, fake: SpecFake[Any]) -> None:
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.fake.serve(scope, receive, send)
