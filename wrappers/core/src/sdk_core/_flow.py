"""One logical API call as a generator of I/O actions: retries, keys and errors, without I/O.

:func:`call_flow` yields :class:`Send`, :class:`Sleep`, :class:`ReadBody` and
:class:`CloseResponse` actions and receives their outcomes; ``_http`` drives it twice (sync and
async). Everything worth testing about retrying — budgets, deadlines, ``Retry-After``,
idempotency keys, request ids, error mapping, the per-attempt events — lives here once.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx

from sdk_core._config import ServiceConfig
from sdk_core._errors import SDKError, parse_retry_after
from sdk_core._plan import RequestPlan
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Redactor

__all__ = [
    "Action",
    "CallContext",
    "CallEvent",
    "CallListener",
    "CloseResponse",
    "ReadBody",
    "Send",
    "Sleep",
    "call_flow",
    "parse_body",
    "parse_value",
]

T = TypeVar("T")
V = TypeVar("V")


# The four actions are plain slotted classes, not dataclasses: building a dataclass costs about
# half a millisecond at import, and `import <sdk>` is measured against `import httpx`.
class Send:
    """Send ``request``; the flow receives the ``httpx.Response`` or the ``httpx.RequestError``."""

    __slots__ = ("request", "stream")

    def __init__(self, request: httpx.Request, stream: bool) -> None:
        self.request = request
        self.stream = stream

    def __repr__(self) -> str:
        return f"Send({self.request.method} {self.request.url.path}, stream={self.stream})"


class Sleep:
    """Wait ``seconds`` before the next attempt."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"Sleep({self.seconds!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sleep) and other.seconds == self.seconds

    __hash__ = None  # type: ignore[assignment]


class ReadBody:
    """Read a streamed response's body (so an error can quote it)."""

    __slots__ = ("response",)

    def __init__(self, response: httpx.Response) -> None:
        self.response = response


class CloseResponse:
    """Release a streamed response that will not be read (before retrying)."""

    __slots__ = ("response",)

    def __init__(self, response: httpx.Response) -> None:
        self.response = response


Action = Send | Sleep | ReadBody | CloseResponse

EventKind = Literal["request", "response", "error", "retry", "give_up"]


@dataclass(frozen=True, slots=True)
class CallEvent:
    """What happened in one attempt of a call, for listeners (logging, metrics, tracing).

    Attributes:
        kind: ``request`` (about to send), ``response`` (any status arrived), ``error`` (no
            response: a transport failure), ``retry`` (another attempt is scheduled after
            ``delay`` seconds) or ``give_up`` (the call fails with ``error``).
        service: the service's name (``ServiceConfig.name``).
        operation: the generated operation's name (``get_run``), or ``""`` for a hand-built plan.
        method: the HTTP method.
        url: the URL with secrets masked (path and query).
        attempt: the 1-based attempt number.
        request_id: the request id sent (the same on every attempt).
        status_code: the response status, when one arrived.
        error: the failure's class name (``ConnectError``, ``RateLimitError``, ...), if any.
        delay: seconds until the next attempt (``retry`` only).
        elapsed: seconds the attempt took (``response`` and ``error``).
        ok: on ``response`` events, whether the call accepts this answer (True: the call
            returns it, so this is the call's last event; False: a ``retry`` or ``give_up``
            follows). None on other kinds.

    """

    kind: EventKind
    service: str
    operation: str
    method: str
    url: str
    attempt: int
    request_id: str
    status_code: int | None = None
    error: str | None = None
    delay: float | None = None
    elapsed: float | None = None
    ok: bool | None = None


#: A function told about every :class:`CallEvent`; it must return quickly and not raise.
CallListener = Callable[[CallEvent], None]


@dataclass(slots=True)
class CallContext:
    """The per-client state a flow needs: settings, credentials, and the request builder.

    Its ``repr`` never shows ``base_headers`` (they hold the credential).
    """

    config: ServiceConfig
    base_url: str
    base_headers: dict[str, str] = field(repr=False)
    timeout: httpx.Timeout
    retry: RetryPolicy
    redactor: Redactor = field(repr=False)
    is_async: bool
    logger: logging.Logger
    rng: random.Random = field(default_factory=random.Random, repr=False)
    clock: Callable[[], float] = time.monotonic
    listeners: list[CallListener] = field(default_factory=list, repr=False)

    def timeout_with_read(self, read: float | None) -> httpx.Timeout:
        """The client's timeout with another read timeout (``None``: wait for data forever)."""
        t = self.timeout
        return httpx.Timeout(connect=t.connect, read=read, write=t.write, pool=t.pool)

    def build(
        self,
        client: httpx.Client | httpx.AsyncClient,
        plan: RequestPlan,
        headers: dict[str, str],
        timeout: httpx.Timeout,
    ) -> httpx.Request:
        """The ``httpx.Request`` for one attempt (a fresh body stream each time)."""
        content: Any = plan.content
        if plan.body is not None:
            headers.update(plan.body.headers)
            content = plan.body.aiter() if self.is_async else plan.body.iter()
        return client.build_request(
            plan.method,
            self.base_url + plan.url,
            params=plan.params,
            json=plan.json if content is None else None,
            content=content,
            headers=headers,
            timeout=timeout,
        )

    def emit(self, event: CallEvent) -> None:
        """Tell every listener; a listener's failure is logged, never raised into the call."""
        for listener in tuple(self.listeners):
            try:
                listener(event)
            except Exception:
                self.logger.exception("call listener %r failed", listener)


# A poll made right at its deadline still gets this long to be answered: cut to the
# microseconds left, it could only ever time out.
_LAST_LOOK_SECONDS = 1.0


def _capped(timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    """``timeout`` with every phase cut to ``remaining`` seconds (a deadline's leftover).

    Never below a second (or the phase's own timeout, if shorter), so the last look at the
    deadline can succeed; retries still stop at the deadline.
    """
    left = max(remaining, _LAST_LOOK_SECONDS)

    def cap(value: float | None) -> float:
        return left if value is None else min(value, left)

    return httpx.Timeout(
        connect=cap(timeout.connect),
        read=cap(timeout.read),
        write=cap(timeout.write),
        pool=cap(timeout.pool),
    )


class _Attempt:
    """One attempt's identity, for its log lines and events."""

    __slots__ = ("ctx", "number", "plan", "request_id", "where")

    def __init__(
        self, ctx: CallContext, plan: RequestPlan, request_id: str, number: int, where: str
    ) -> None:
        self.ctx = ctx
        self.plan = plan
        self.request_id = request_id
        self.number = number
        self.where = where

    def emit(self, kind: EventKind, **details: Any) -> None:
        if self.ctx.listeners:
            self.ctx.emit(
                CallEvent(
                    kind,
                    self.ctx.config.name,
                    self.plan.operation,
                    self.plan.method,
                    self.where.partition(" ")[2],
                    self.number,
                    self.request_id,
                    **details,
                )
            )

    def log_response(self, status: int, elapsed: float, request_id: str) -> None:
        self.ctx.logger.debug(
            "%s → %d in %.1f ms, request id %s", self.where, status, elapsed * 1000, request_id
        )

    def retrying(self, why: str, delay: float, **details: Any) -> Sleep:
        ctx = self.ctx
        ctx.logger.info(
            "%s: %s, retrying in %.2f s (attempt %d of %d)",
            self.where,
            why,
            delay,
            self.number + 1,
            ctx.retry.max_retries + 1,
        )
        self.emit("retry", delay=delay, **details)
        return Sleep(delay * ctx.retry.sleep_scale)


def _error_delay(
    ctx: CallContext, plan: RequestPlan, number: int, error: Exception
) -> float | None:
    if not (isinstance(error, httpx.TransportError) and plan.replayable):
        return None
    return ctx.retry.delay_after_error(number, error, idempotent=plan.idempotent, rng=ctx.rng)


def _status_delay(
    ctx: CallContext, plan: RequestPlan, number: int, response: httpx.Response
) -> float | None:
    if not plan.replayable:
        return None
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    return ctx.retry.delay_after_status(number, response.status_code, retry_after, rng=ctx.rng)


def _is_ok(plan: RequestPlan, response: httpx.Response) -> bool:
    ok = plan.ok_statuses
    return response.is_success if ok is None else response.status_code in ok


def _random_hex() -> str:
    """128 random bits as 32 hex digits (what ``uuid4().hex`` gives, without importing uuid)."""
    return os.urandom(16).hex()


def _identify(ctx: CallContext, plan: RequestPlan) -> tuple[RequestPlan, dict[str, str], str]:
    """The plan with its idempotency key, the headers of every attempt, and the request id."""
    config = ctx.config
    new_id = config.new_id
    request_id = plan.headers.get(config.request_id_header) or (
        new_id() if new_id else _random_hex()
    )
    headers = {**ctx.base_headers, **plan.headers, config.request_id_header: request_id}
    if config.idempotency_header and plan.method == "POST":
        key = plan.idempotency_key or (new_id() if new_id else f"sdk-{_random_hex()}")
        headers[config.idempotency_header] = key
        if plan.idempotency_key is None:
            plan = plan.evolve(idempotency_key=key)
    return plan, headers, request_id


def call_flow(
    ctx: CallContext, client: httpx.Client | httpx.AsyncClient, plan: RequestPlan
) -> Generator[Action, Any, httpx.Response]:
    """Make the call described by ``plan``: retry what is safe, map failures to typed errors.

    Returns the successful response (streamed and still open when ``plan.stream``); raises the
    service's exception otherwise. One request id and (for POST) one idempotency key are used
    for every attempt, so the server can recognise a repeat. With ``plan.deadline`` no retry is
    scheduled past it and each attempt's timeouts are cut to what is left.
    """
    config = ctx.config
    plan, fixed_headers, sent_request_id = _identify(ctx, plan)
    debug = ctx.logger.isEnabledFor(logging.DEBUG)
    base_timeout = plan.timeout or ctx.timeout
    number = 0
    while True:
        number += 1
        timeout = base_timeout
        if plan.deadline is not None:
            timeout = _capped(timeout, plan.deadline - ctx.clock())
        request = ctx.build(client, plan, dict(fixed_headers), timeout)
        attempt = _Attempt(
            ctx, plan, sent_request_id, number, f"{plan.method} {ctx.redactor.url(request.url)}"
        )
        if debug:
            ctx.logger.debug(
                "%s: attempt %d, request id %s", attempt.where, number, sent_request_id
            )
        attempt.emit("request")
        started = time.perf_counter()
        outcome = yield Send(request, plan.stream)
        elapsed = time.perf_counter() - started

        if isinstance(outcome, httpx.RequestError):
            attempt.emit("error", error=type(outcome).__name__, elapsed=elapsed)
            wanted = _error_delay(ctx, plan, number, outcome)
            delay = _within_deadline(ctx, plan, wanted)
            if delay is not None:
                yield attempt.retrying(type(outcome).__name__, delay, error=type(outcome).__name__)
                continue
            error = config.errors.from_transport_error(
                outcome,
                request_id=sent_request_id,
                attempts=number,
                origin=ctx.base_url,
                redactor=ctx.redactor,
            )
            attempt.emit("give_up", error=type(_final(error, plan, wanted)).__name__)
            raise error from outcome

        response: httpx.Response = outcome
        status = response.status_code
        request_id = response.headers.get(config.request_id_header) or sent_request_id
        if debug:
            ctx.logger.debug(
                "%s → %d in %.1f ms, request id %s",
                attempt.where,
                status,
                elapsed * 1000,
                request_id,
            )
        accepted = _is_ok(plan, response)
        attempt.emit("response", status_code=status, elapsed=elapsed, ok=accepted)
        if accepted:
            return response
        wanted = _status_delay(ctx, plan, number, response)
        delay = _within_deadline(ctx, plan, wanted)
        if delay is not None:
            if plan.stream:
                yield CloseResponse(response)
            yield attempt.retrying(str(status), delay, status_code=status)
            continue
        if plan.stream:
            yield ReadBody(response)
        error = config.errors.from_response(
            response, request_id=request_id, redactor=ctx.redactor.with_secrets(plan.secrets)
        )
        attempt.emit(
            "give_up", status_code=status, error=type(_final(error, plan, wanted)).__name__
        )
        raise error


def _final(error: SDKError, plan: RequestPlan, wanted_delay: float | None) -> SDKError:
    """``error`` with what the caller needs to decide what to do next."""
    # A retry was wanted but did not fit in the deadline: the caller's budget ended the call.
    error.deadline_exceeded = wanted_delay is not None
    error.idempotency_key = plan.idempotency_key
    return error


def _within_deadline(ctx: CallContext, plan: RequestPlan, delay: float | None) -> float | None:
    """``delay``, unless waiting it out would start the next attempt past the plan's deadline."""
    if delay is None or plan.deadline is None:
        return delay
    if ctx.clock() + delay * ctx.retry.sleep_scale >= plan.deadline:
        return None
    return delay


def parse_body(ctx: CallContext, response: httpx.Response, parser: Callable[[bytes], T]) -> T:
    """``parser(response.content)``, with any failure raised as the service's decode error."""
    return parse_value(ctx, response, response.content, parser)


def parse_value(
    ctx: CallContext, response: httpx.Response, value: V, parser: Callable[[V], T]
) -> T:
    """``parser(value)`` for a value read from ``response``; failures → the decode error."""
    try:
        return parser(value)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        request_id = response.headers.get(ctx.config.request_id_header)
        raise ctx.config.errors.malformed(
            f"{response.request.method} {response.request.url.path} returned a body that does "
            f"not match the {ctx.config.name} API spec: {_describe_parse_failure(exc)}",
            request_id=request_id,
            status_code=response.status_code,
        ) from None


def _describe_parse_failure(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            items = errors(include_input=False)
        except TypeError:
            items = errors()
        parts = [
            f"{'.'.join(str(p) for p in item.get('loc', ())) or '<body>'}: {item.get('msg')}"
            for item in items[:5]
        ]
        return "; ".join(parts)
    return f"{type(exc).__name__}: {str(exc)[:200]}"
