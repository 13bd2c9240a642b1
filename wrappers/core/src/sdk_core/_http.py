"""The two thin loops that drive :func:`call_flow`: :class:`HttpCore` (sync) and
:class:`AsyncHttpCore` (async). They send, sleep and read; every decision is in ``_flow``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, Callable, Generator
from types import TracebackType
from typing import Any, TypeVar

import httpx
from typing_extensions import Self

from sdk_core._config import ServiceConfig
from sdk_core._flow import (
    Action,
    CallContext,
    CloseResponse,
    ReadBody,
    RequestPlan,
    Send,
    Sleep,
    call_flow,
    parse_body,
    parse_value,
)
from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Redactor, Secret, scrub_library_logs

__all__ = ["AsyncEventStream", "AsyncHttpCore", "EventStream", "HttpCore"]

T = TypeVar("T")
#: A stream of parsed values from a long-lived response; ``close()`` drops the connection.
EventStream = Generator[T, None, None]
#: The async twin of :data:`EventStream`; ``aclose()`` drops the connection.
AsyncEventStream = AsyncGenerator[T, None]
TimeoutTypes = float | httpx.Timeout | None


def _context(
    config: ServiceConfig,
    *,
    base_url: str,
    api_key: Secret | None,
    timeout: TimeoutTypes,
    max_retries: int | None,
    retry_policy: RetryPolicy | None,
    is_async: bool,
) -> CallContext:
    policy = retry_policy or config.retry
    if max_retries is not None:
        policy = policy.with_max_retries(max_retries)
    headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
    scrub_library_logs(config.secret_patterns)
    secrets: list[str] = []
    if api_key is not None:
        scheme = f"{config.auth_scheme} " if config.auth_scheme else ""
        headers[config.auth_header] = scheme + api_key.reveal()
        secrets.append(api_key.reveal())
    return CallContext(
        config=config,
        base_url=base_url.rstrip("/"),
        base_headers=headers,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        retry=policy,
        redactor=Redactor(secrets, config.secret_patterns),
        is_async=is_async,
        logger=logging.getLogger(config.name),
    )


def _stream_error(ctx: CallContext, response: httpx.Response, exc: Exception) -> Exception:
    request_id = response.headers.get(ctx.config.request_id_header)
    if isinstance(exc, JsonLinesError):
        return ctx.config.errors.malformed(
            f"{response.request.url.path} sent a malformed JSON-lines stream: {exc}",
            request_id=request_id,
            status_code=response.status_code,
        )
    assert isinstance(exc, httpx.TransportError)
    return ctx.config.errors.from_transport_error(exc, request_id=request_id, attempts=1)


class HttpCore:
    """Sends one service's requests with a shared ``httpx.Client`` (thread-safe, loop-agnostic).

    Args:
        config: the service's settings.
        base_url: the API origin.
        api_key: the bearer credential, or None for unauthenticated use.
        timeout: seconds (or an ``httpx.Timeout``) for each request.
        max_retries: overrides ``config.retry.max_retries``.
        retry_policy: overrides ``config.retry`` entirely (e.g. ``RetryPolicy.testing()``).
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
        self.ctx = _context(
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
        flow = call_flow(self.ctx, self._client, plan)
        return self._drive(flow)

    def _drive(self, flow: Generator[Action, Any, httpx.Response]) -> httpx.Response:
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Send):
                try:
                    outcome = self._client.send(action.request, stream=action.stream)
                except httpx.RequestError as exc:
                    outcome = exc
            elif isinstance(action, Sleep):
                if action.seconds > 0:
                    self._sleep(action.seconds)
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

    def parse(self, response: httpx.Response, parser: Callable[[bytes], T]) -> T:
        """Parse a response's body (failures → the decode error, with the request id)."""
        return parse_body(self.ctx, response, parser)

    def iter_json_lines(self, plan: RequestPlan, parser: Callable[[Any], T]) -> EventStream[T]:
        """Make a streaming call; yield ``parser(value)`` for each JSON line as it arrives."""
        plan.stream = True
        response = self.send(plan)
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

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds`` (for pollers)."""
        if seconds > 0:
            self._sleep(seconds)

    def close(self) -> None:
        """Release connections (only those of a client we created)."""
        if self._owns_client:
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


class AsyncHttpCore:
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
        self.ctx = _context(
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

    async def send(self, plan: RequestPlan) -> httpx.Response:
        """Make the call; return the successful response or raise the service's error."""
        flow = call_flow(self.ctx, self._client, plan)
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
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

    def parse(self, response: httpx.Response, parser: Callable[[bytes], T]) -> T:
        """Parse a response's body (failures → the decode error, with the request id)."""
        return parse_body(self.ctx, response, parser)

    async def iter_json_lines(
        self, plan: RequestPlan, parser: Callable[[Any], T]
    ) -> AsyncEventStream[T]:
        """Make a streaming call; yield ``parser(value)`` for each JSON line as it arrives."""
        plan.stream = True
        response = await self.send(plan)
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

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` without blocking the event loop."""
        if seconds > 0:
            import anyio  # httpx's own dependency; works under asyncio and trio

            await anyio.sleep(seconds)

    async def close(self) -> None:
        """Release connections (only those of a client we created)."""
        if self._owns_client:
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
