"""The thin loops that drive the sans-IO decisions: :class:`HttpCore` (sync) and
:class:`AsyncHttpCore` (async). They send, sleep and read; every decision is in ``_flow``
(calls), ``_polling`` (waiting) and ``_pagination`` (pages).
"""

from __future__ import annotations

import copy
import enum
import logging
import math
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping, Sequence
from dataclasses import replace
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from sdk_core._config import ServiceConfig
from sdk_core._errors import SDKError
from sdk_core._flow import (
    Action,
    CallContext,
    CallListener,
    CloseResponse,
    ReadBody,
    Send,
    Sleep,
    call_flow,
    parse_body,
    parse_value,
)
from sdk_core._limits import MAX_SECONDS
from sdk_core._plan import CallOptions, RequestPlan, build_plan, check_header_value
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Redactor, Secret, release_library_secret, scrub_library_logs

if TYPE_CHECKING:
    # Only for annotations: typing_extensions costs ~25 ms to import.
    from typing_extensions import Self

    from sdk_core._polling import Done, Pending, PollSchedule

__all__ = ["KEEP", "AsyncEventStream", "AsyncHttpCore", "EventStream", "HttpCore", "OnPollTimeout"]

T = TypeVar("T")
S = TypeVar("S")
#: A stream of parsed values from a long-lived response; ``close()`` drops the connection.
EventStream = Generator[T, None, None]
#: The async twin of :data:`EventStream`; ``aclose()`` drops the connection.
AsyncEventStream = AsyncGenerator[T, None]
TimeoutTypes = float | httpx.Timeout | None
#: Builds a poller's timeout error from the last state seen, the seconds waited, and the cause.
OnPollTimeout = Callable[[Any, float, BaseException | None], Exception]
_MAX_RETRIES = 100


class _Keep(enum.Enum):
    KEEP = "keep"


#: "Leave this setting as it is" (``timeout=None`` already means "no timeout").
KEEP = _Keep.KEEP


def _shown(value: object) -> str:
    """A short rendering of a bad numeric argument (a 1 MB string never becomes the message)."""
    return repr(value)[:40] if isinstance(value, int | float) else f"a {type(value).__name__}"


def _check_max_retries(config: ServiceConfig, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_RETRIES:
        raise config.errors.argument_error(
            f"max_retries must be an int from 0 to {_MAX_RETRIES}, got {_shown(value)}"
        )
    return value


def _check_timeout(config: ServiceConfig, timeout: object) -> httpx.Timeout:
    fail = config.errors.argument_error
    if isinstance(timeout, httpx.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if not all(p is None or 0 < p <= MAX_SECONDS for p in phases):
            raise fail(f"timeout phases must be None or from 0 to {MAX_SECONDS:g} seconds")
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise fail(
            f"timeout must be seconds, an httpx.Timeout or None, not {type(timeout).__name__}"
        )
    try:
        seconds = float(timeout)
    except OverflowError:
        seconds = math.inf
    if not 0 < seconds <= MAX_SECONDS:
        raise fail(
            f"timeout must be more than 0 and at most {MAX_SECONDS:g} seconds (None: no timeout), "
            f"got {timeout!r}"[:200]
        )
    return httpx.Timeout(seconds)


def _context(
    config: ServiceConfig,
    *,
    base_url: str,
    api_key: Secret | None,
    timeout: object,
    max_retries: object,
    retry_policy: object,
    is_async: bool,
) -> CallContext:
    fail = config.errors.argument_error
    if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
        raise fail(f"retry_policy must be a RetryPolicy or None, not {type(retry_policy).__name__}")
    # A policy the caller built wins; an explicit max_retries still adjusts it.
    policy = retry_policy or config.retry
    if max_retries is not None:
        policy = policy.with_max_retries(_check_max_retries(config, max_retries))
    headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
    secrets: list[str] = []
    if api_key is not None:
        scheme = f"{config.auth_scheme} " if config.auth_scheme else ""
        headers[config.auth_header] = scheme + api_key.reveal()
        secrets.append(api_key.reveal())
    scrub_library_logs(config.secret_patterns, secrets)
    return CallContext(
        config=config,
        base_url=base_url.rstrip("/"),
        base_headers=headers,
        timeout=_check_timeout(config, timeout),
        retry=policy,
        redactor=Redactor(secrets, config.secret_patterns),
        is_async=is_async,
        logger=logging.getLogger(config.name),
    )


def _stream_error(ctx: CallContext, response: httpx.Response, exc: Exception) -> Exception:
    from sdk_core._jsonl import JsonLinesError

    request_id = response.headers.get(ctx.config.request_id_header)
    if isinstance(exc, JsonLinesError):
        return ctx.config.errors.malformed(
            f"{response.request.url.path} sent a malformed JSON-lines stream: {exc}",
            request_id=request_id,
            status_code=response.status_code,
        )
    assert isinstance(exc, httpx.TransportError)
    return ctx.config.errors.from_transport_error(
        exc, request_id=request_id, attempts=1, origin=ctx.base_url, redactor=ctx.redactor
    )


class _CoreBase:
    """What both drivers share: the context, plans, listeners and closing."""

    ctx: CallContext
    _secret: str | None
    _closed: bool
    _owns_client: bool
    # The core this one was derived from: closing it ends this one too, even when the pool is
    # the caller's and stays open.
    _parent: _CoreBase | None

    def _setup(
        self,
        config: ServiceConfig,
        *,
        base_url: str,
        api_key: Secret | None,
        timeout: object,
        max_retries: object,
        retry_policy: object,
        is_async: bool,
    ) -> None:
        self.ctx = _context(
            config,
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            is_async=is_async,
        )
        self._secret = api_key.reveal() if api_key is not None else None
        self._closed = False
        self._parent = None

    def plan(
        self,
        operation: ModuleType,
        /,
        *args: Any,
        options: CallOptions | None = None,
        stream: bool = False,
        ok_statuses: frozenset[int] | None = None,
        secrets: Sequence[str] = (),
        deadline: float | None = None,
        **params: Any,
    ) -> RequestPlan:
        """The immutable plan for a generated operation (see :func:`sdk_core.build_plan`)."""
        return build_plan(
            self.ctx.config,
            operation,
            *args,
            options=options,
            stream=stream,
            ok_statuses=ok_statuses,
            secrets=secrets,
            deadline=deadline,
            **params,
        )

    def derive(
        self,
        *,
        timeout: object = KEEP,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A core sharing this one's connection pool and listeners, with other defaults.

        It never closes the pool (the core that created it does); it stops working once that
        one is closed. The credential and the SDK's own headers cannot be overridden.
        """
        ctx = self.ctx
        fail = ctx.config.errors.argument_error
        changes: dict[str, Any] = {}
        if timeout is not KEEP:
            changes["timeout"] = _check_timeout(ctx.config, timeout)
        if max_retries is not None:
            changes["retry"] = ctx.retry.with_max_retries(
                _check_max_retries(ctx.config, max_retries)
            )
        if extra_headers:
            if not isinstance(extra_headers, Mapping):
                raise fail(f"extra_headers must be a dict, not {type(extra_headers).__name__}")
            reserved = {ctx.config.auth_header.lower(), ctx.config.request_id_header.lower()}
            if ctx.config.idempotency_header:
                reserved.add(ctx.config.idempotency_header.lower())
            headers = dict(ctx.base_headers)
            for name, value in extra_headers.items():
                key, text = check_header_value(ctx.config, name, value)
                if key.lower() in reserved:
                    raise fail(f"extra_headers cannot set {key}: the SDK sets it")
                headers[key] = text
            changes["base_headers"] = headers
        clone = copy.copy(self)
        clone.ctx = replace(ctx, **changes)
        clone._owns_client = False
        clone._secret = None
        clone._closed = False
        clone._parent = self
        return clone

    def subscribe(self, listener: CallListener) -> Callable[[], None]:
        """Call ``listener`` with every :class:`~sdk_core.CallEvent`; returns the unsubscriber."""
        if not callable(listener):
            raise self.ctx.config.errors.argument_error("listener must be callable")
        self.ctx.listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self.ctx.listeners:
                self.ctx.listeners.remove(listener)

        return unsubscribe

    def parse(self, response: httpx.Response, parser: Callable[[bytes], T]) -> T:
        """Parse a response's body (failures → the decode error, with the request id)."""
        return parse_body(self.ctx, response, parser)

    def ensure_open(self) -> None:
        """Raise the service's typed "closed" error if this client (or its parent) is closed.

        For client methods that send nothing themselves (set-up such as tracing) but must
        refuse a closed client like every call does.
        """
        if self._is_closed():
            raise self.ctx.config.errors.closed(f"{self.ctx.config.name} client")

    def _check_open(self, client: httpx.Client | httpx.AsyncClient) -> None:
        if self._is_closed() or client.is_closed:
            raise self.ctx.config.errors.closed(f"{self.ctx.config.name} client")

    def _is_closed(self) -> bool:
        core: _CoreBase | None = self
        while core is not None:
            if core._closed:
                return True
            core = core._parent
        return False

    def _mark_closed(self) -> bool:
        """Record the close; True the first time (so the pool and secret are released once)."""
        if self._closed:
            return False
        self._closed = True
        if self._secret is not None:
            release_library_secret(self._secret)
        return True

    def _schedule(self, timeout: float | None, interval: float, jitter: float) -> PollSchedule:
        # Imported on first use: many programs never wait for anything.
        from sdk_core._polling import Deadline, PollSchedule

        try:
            deadline = Deadline(timeout, interval, clock=self.ctx.clock)
        except ValueError as exc:
            raise self.ctx.config.errors.argument_error(str(exc)) from None
        return PollSchedule(deadline, jitter=jitter, rng=self.ctx.rng)

    def __repr__(self) -> str:
        state = "closed" if self._is_closed() else "open"
        return f"{type(self).__name__}({self.ctx.config.name}, {self.ctx.base_url!r}, {state})"


class HttpCore(_CoreBase):
    """Sends one service's requests with a shared ``httpx.Client`` (thread-safe, loop-agnostic).

    Args:
        config: the service's settings.
        base_url: the API origin.
        api_key: the credential, or None for unauthenticated use.
        timeout: seconds (or an ``httpx.Timeout``) for each request; None waits forever.
        max_retries: overrides the retry budget of the policy in use.
        retry_policy: replaces ``config.retry`` entirely (e.g. ``RetryPolicy.testing()``).
        http_client: an ``httpx.Client`` to use (not closed by us); default: our own.

    """

    def __init__(
        self,
        config: ServiceConfig,
        *,
        base_url: str,
        api_key: Secret | None,
        timeout: TimeoutTypes = 30.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise config.errors.argument_error(
                f"http_client must be an httpx.Client, not {type(http_client).__name__}"
                + (
                    " (use the async client with an httpx.AsyncClient)"
                    if isinstance(http_client, httpx.AsyncClient)
                    else ""
                )
            )
        self._setup(
            config,
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            is_async=False,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(follow_redirects=False)
        self._sleep: Callable[[float], None] = time.sleep

    def send(self, plan: RequestPlan) -> httpx.Response:
        """Make the call; return the successful response or raise the service's error."""
        self._check_open(self._client)
        flow = call_flow(self.ctx, self._client, plan)
        outcome: Any = None
        while True:
            try:
                action: Action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Send):
                try:
                    outcome = self._client.send(action.request, stream=action.stream)
                except httpx.RequestError as exc:
                    outcome = exc
            elif isinstance(action, Sleep):
                self.sleep(action.seconds)
            elif isinstance(action, ReadBody):
                try:
                    action.response.read()
                finally:
                    action.response.close()
            elif isinstance(action, CloseResponse):
                action.response.close()

    def call(self, plan: RequestPlan, parser: Callable[[bytes], T]) -> T:
        """Make the call and parse its body with ``parser`` (failures → the decode error)."""
        return parse_body(self.ctx, self.send(plan), parser)

    def call_bytes(self, plan: RequestPlan) -> bytes:
        """Make the call; return the raw body."""
        return self.send(plan).content

    def call_none(self, plan: RequestPlan) -> None:
        """Make a call whose response carries nothing of interest (e.g. 204)."""
        self.send(plan)

    def iter_json_lines(self, plan: RequestPlan, parser: Callable[[Any], T]) -> EventStream[T]:
        """Make a streaming call; yield ``parser(value)`` for each JSON line as it arrives."""
        from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError

        response = self.send(plan.evolve(stream=True))
        decoder = JsonLinesDecoder()
        try:
            for chunk in response.iter_bytes():
                for value in decoder.feed(chunk):
                    yield parse_value(self.ctx, response, value, parser)
            for value in decoder.close():
                yield parse_value(self.ctx, response, value, parser)
        except (JsonLinesError, httpx.TransportError) as exc:
            raise _stream_error(self.ctx, response, exc) from exc
        finally:
            response.close()

    def poll(
        self,
        check: Callable[[float | None], Done[T] | Pending[S]],
        *,
        timeout: float | None,
        interval: float,
        on_timeout: OnPollTimeout,
        jitter: float = 0.1,
    ) -> T:
        """Call ``check(deadline)`` until it is :class:`Done`, waiting between polls.

        ``deadline`` is the clock reading to pass into the checks' plans, so their retries stop
        there too. Out of time — or a check's connection failing once the budget is spent —
        raises ``on_timeout(last_state, waited, cause)``.
        """
        from sdk_core._polling import Done

        schedule = self._schedule(timeout, interval, jitter)
        last: Pending[S] | None = None
        while True:
            try:
                outcome = check(schedule.deadline.at)
            except SDKError as exc:
                if not (exc.deadline_exceeded or schedule.deadline.expired):
                    raise
                raise on_timeout(last and last.state, schedule.deadline.elapsed(), exc) from exc
            if isinstance(outcome, Done):
                return outcome.value
            last = outcome
            delay = schedule.delay_after(outcome)
            if delay is None:
                raise on_timeout(outcome.state, schedule.deadline.elapsed(), None)
            self.sleep(delay)

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds`` (for pollers)."""
        if seconds > 0:
            self._sleep(seconds)

    def close(self) -> None:
        """Release connections (only those of a client we created); safe to call twice."""
        if self._mark_closed() and self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


async def _anyio_sleep(seconds: float) -> None:
    import anyio  # httpx's own dependency; works under asyncio and trio

    await anyio.sleep(seconds)


class AsyncHttpCore(_CoreBase):
    """The async twin of :class:`HttpCore`, on an ``httpx.AsyncClient``."""

    def __init__(
        self,
        config: ServiceConfig,
        *,
        base_url: str,
        api_key: Secret | None,
        timeout: TimeoutTypes = 30.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise config.errors.argument_error(
                f"http_client must be an httpx.AsyncClient, not {type(http_client).__name__}"
                + (
                    " (use the sync client with an httpx.Client)"
                    if isinstance(http_client, httpx.Client)
                    else ""
                )
            )
        self._setup(
            config,
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            is_async=True,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(follow_redirects=False)
        self._sleep: Callable[[float], Awaitable[None]] = _anyio_sleep

    async def send(self, plan: RequestPlan) -> httpx.Response:
        """Make the call; return the successful response or raise the service's error."""
        self._check_open(self._client)
        flow = call_flow(self.ctx, self._client, plan)
        outcome: Any = None
        while True:
            try:
                action: Action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Send):
                try:
                    outcome = await self._client.send(action.request, stream=action.stream)
                except httpx.RequestError as exc:
                    outcome = exc
            elif isinstance(action, Sleep):
                await self.sleep(action.seconds)
            elif isinstance(action, ReadBody):
                try:
                    await action.response.aread()
                finally:
                    await action.response.aclose()
            elif isinstance(action, CloseResponse):
                await action.response.aclose()

    async def call(self, plan: RequestPlan, parser: Callable[[bytes], T]) -> T:
        """Make the call and parse its body with ``parser`` (failures → the decode error)."""
        return parse_body(self.ctx, await self.send(plan), parser)

    async def call_bytes(self, plan: RequestPlan) -> bytes:
        """Make the call; return the raw body."""
        return (await self.send(plan)).content

    async def call_none(self, plan: RequestPlan) -> None:
        """Make a call whose response carries nothing of interest (e.g. 204)."""
        await self.send(plan)

    async def iter_json_lines(
        self, plan: RequestPlan, parser: Callable[[Any], T]
    ) -> AsyncEventStream[T]:
        """Make a streaming call; yield ``parser(value)`` for each JSON line as it arrives."""
        from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError

        response = await self.send(plan.evolve(stream=True))
        decoder = JsonLinesDecoder()
        try:
            async for chunk in response.aiter_bytes():
                for value in decoder.feed(chunk):
                    yield parse_value(self.ctx, response, value, parser)
            for value in decoder.close():
                yield parse_value(self.ctx, response, value, parser)
        except (JsonLinesError, httpx.TransportError) as exc:
            raise _stream_error(self.ctx, response, exc) from exc
        finally:
            await response.aclose()

    async def poll(
        self,
        check: Callable[[float | None], Awaitable[Done[T] | Pending[S]]],
        *,
        timeout: float | None,
        interval: float,
        on_timeout: OnPollTimeout,
        jitter: float = 0.1,
    ) -> T:
        """The async twin of :meth:`HttpCore.poll`."""
        from sdk_core._polling import Done

        schedule = self._schedule(timeout, interval, jitter)
        last: Pending[S] | None = None
        while True:
            try:
                outcome = await check(schedule.deadline.at)
            except SDKError as exc:
                if not (exc.deadline_exceeded or schedule.deadline.expired):
                    raise
                raise on_timeout(last and last.state, schedule.deadline.elapsed(), exc) from exc
            if isinstance(outcome, Done):
                return outcome.value
            last = outcome
            delay = schedule.delay_after(outcome)
            if delay is None:
                raise on_timeout(outcome.state, schedule.deadline.elapsed(), None)
            await self.sleep(delay)

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` without blocking the event loop."""
        if seconds > 0:
            await self._sleep(seconds)

    async def close(self) -> None:
        """Release connections (only those of a client we created); safe to call twice."""
        if self._mark_closed() and self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
