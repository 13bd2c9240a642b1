"""One logical API call as a generator of I/O actions: retries, keys and errors, without I/O.

:func:`call_flow` yields :class:`Send`, :class:`Sleep`, :class:`ReadBody` and
:class:`CloseResponse` actions and receives their outcomes; ``_http`` drives it twice (sync and
async). Everything worth testing about retrying — budgets, ``Retry-After``, idempotency keys,
request ids, error mapping — lives here once.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from sdk_core._config import ServiceConfig
from sdk_core._errors import parse_retry_after
from sdk_core._multipart import MultipartBody
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Redactor

__all__ = [
    "Action",
    "CallContext",
    "CloseResponse",
    "ReadBody",
    "RequestPlan",
    "Send",
    "Sleep",
    "call_flow",
    "parse_body",
    "parse_value",
]

T = TypeVar("T")
V = TypeVar("V")
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class Send:
    """Send ``request``; the flow receives the ``httpx.Response`` or the ``httpx.RequestError``."""

    request: httpx.Request
    stream: bool


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait ``seconds`` before the next attempt."""

    seconds: float


@dataclass(frozen=True, slots=True)
class ReadBody:
    """Read a streamed response's body (so an error can quote it)."""

    response: httpx.Response


@dataclass(frozen=True, slots=True)
class CloseResponse:
    """Release a streamed response that will not be read (before retrying)."""

    response: httpx.Response


Action = Send | Sleep | ReadBody | CloseResponse


@dataclass(slots=True)
class RequestPlan:
    """Everything needed to make one call, whatever the number of attempts it takes.

    Built from a generated operation's ``_get_kwargs`` (see :meth:`from_generated`) so paths,
    parameter names and serialisation come from the spec, not from strings in a wrapper.
    ``secrets`` are values this call sends in its body (webhook secrets, storage credentials):
    they are masked in its exceptions even if the server quotes them back.
    """

    method: str
    url: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    body: MultipartBody | None = None
    stream: bool = False
    ok_statuses: frozenset[int] | None = None
    timeout: httpx.Timeout | None = None
    idempotency_key: str | None = None
    secrets: tuple[str, ...] = ()

    @classmethod
    def from_generated(cls, kwargs: Mapping[str, Any], *, stream: bool = False) -> RequestPlan:
        """A plan from the dict a generated ``_get_kwargs`` returns."""
        headers = {str(k): str(v) for k, v in kwargs.get("headers", {}).items()}
        body = None
        if "files" in kwargs:
            # The generator pins a fixed boundary ("+++"); ours is random per body.
            headers.pop("Content-Type", None)
            body = MultipartBody(kwargs["files"])
        elif "json" in kwargs:
            headers.pop("Content-Type", None)  # httpx sets it for json=
        return cls(
            method=str(kwargs["method"]).upper(),
            url=str(kwargs["url"]),
            params=kwargs.get("params") or None,
            json=kwargs.get("json"),
            headers=headers,
            body=body,
            stream=stream,
        )

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot act twice."""
        return self.method in _IDEMPOTENT_METHODS or self.idempotency_key is not None

    @property
    def replayable(self) -> bool:
        """Whether the body can be sent again on a retry."""
        return self.body is None or self.body.replayable


@dataclass(slots=True)
class CallContext:
    """The per-client state a flow needs: settings, credentials, and the request builder."""

    config: ServiceConfig
    base_url: str
    base_headers: dict[str, str]
    timeout: httpx.Timeout
    retry: RetryPolicy
    redactor: Redactor
    is_async: bool
    logger: logging.Logger
    rng: random.Random = field(default_factory=random.Random)

    def timeout_with_read(self, read: float | None) -> httpx.Timeout:
        """The client's timeout with another read timeout (``None``: wait for data forever)."""
        t = self.timeout
        return httpx.Timeout(connect=t.connect, read=read, write=t.write, pool=t.pool)

    def build(
        self, client: httpx.Client | httpx.AsyncClient, plan: RequestPlan, headers: dict[str, str]
    ) -> httpx.Request:
        """The ``httpx.Request`` for one attempt (a fresh body stream each time)."""
        content: Any = None
        if plan.body is not None:
            headers.update(plan.body.headers)
            content = plan.body.aiter() if self.is_async else plan.body.iter()
        return client.build_request(
            plan.method,
            self.base_url + plan.url,
            params=plan.params,
            json=plan.json,
            content=content,
            headers=headers,
            timeout=plan.timeout or self.timeout,
        )


def call_flow(
    ctx: CallContext, client: httpx.Client | httpx.AsyncClient, plan: RequestPlan
) -> Generator[Action, Any, httpx.Response]:
    """Make the call described by ``plan``: retry what is safe, map failures to typed errors.

    Returns the successful response (streamed and still open when ``plan.stream``); raises the
    service's exception otherwise. One request id and (for POST) one idempotency key are used
    for every attempt, so the server can recognise a repeat.
    """
    config = ctx.config
    sent_request_id = plan.headers.get(config.request_id_header) or uuid.uuid4().hex
    if plan.method == "POST" and config.idempotency_header:
        plan.idempotency_key = plan.idempotency_key or plan.headers.get(
            config.idempotency_header, f"sdk-{uuid.uuid4().hex}"
        )
    fixed_headers = {**ctx.base_headers, **plan.headers, config.request_id_header: sent_request_id}
    if plan.idempotency_key and config.idempotency_header:
        fixed_headers[config.idempotency_header] = plan.idempotency_key
    debug = ctx.logger.isEnabledFor(logging.DEBUG)
    attempt = 0
    while True:
        attempt += 1
        request = ctx.build(client, plan, dict(fixed_headers))
        where = f"{plan.method} {ctx.redactor.url(request.url)}"
        if debug:
            ctx.logger.debug("%s: attempt %d, request id %s", where, attempt, sent_request_id)
        started = time.perf_counter()
        outcome = yield Send(request, plan.stream)

        if isinstance(outcome, httpx.RequestError):
            delay = None
            if isinstance(outcome, httpx.TransportError) and plan.replayable:
                delay = ctx.retry.delay_after_error(
                    attempt, outcome, idempotent=plan.idempotent, rng=ctx.rng
                )
            if delay is None:
                raise config.errors.from_transport_error(
                    outcome, request_id=sent_request_id, attempts=attempt
                ) from outcome
            _log_retry(ctx, where, type(outcome).__name__, delay, attempt)
            yield Sleep(delay * ctx.retry.sleep_scale)
            continue

        response: httpx.Response = outcome
        request_id = response.headers.get(config.request_id_header) or sent_request_id
        if debug:
            elapsed_ms = (time.perf_counter() - started) * 1000
            ctx.logger.debug(
                "%s → %d in %.1f ms, request id %s",
                where,
                response.status_code,
                elapsed_ms,
                request_id,
            )
        ok = plan.ok_statuses
        if (ok is None and response.is_success) or (ok is not None and response.status_code in ok):
            return response

        delay = None
        if plan.replayable:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            delay = ctx.retry.delay_after_status(
                attempt, response.status_code, retry_after, rng=ctx.rng
            )
        if delay is not None:
            if plan.stream:
                yield CloseResponse(response)
            _log_retry(ctx, where, str(response.status_code), delay, attempt)
            yield Sleep(delay * ctx.retry.sleep_scale)
            continue
        if plan.stream:
            yield ReadBody(response)
        redactor = ctx.redactor.with_secrets(plan.secrets)
        raise config.errors.from_response(response, request_id=request_id, redactor=redactor)


def _log_retry(ctx: CallContext, where: str, why: str, delay: float, attempt: int) -> None:
    ctx.logger.info(
        "%s: %s, retrying in %.2f s (attempt %d of %d)",
        where,
        why,
        delay,
        attempt + 1,
        ctx.retry.max_retries + 1,
    )


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
