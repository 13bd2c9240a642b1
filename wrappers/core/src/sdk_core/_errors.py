"""The error model every SDK shares, and the one place responses become exceptions.

Each service subclasses :class:`SDKError` with its own documented names; an :class:`ErrorMap`
says which class a status or a transport failure becomes::

    SDKError                      base of one service's tree (e.g. GnosysError)
    ├── <status classes>          a response with a 4xx / 5xx status (status_code, body, request_id)
    ├── <connection class>        no response at all (DNS, refused, reset, ...)
    │   └── <timeout class>       ... because a transport timeout fired
    └── <decode class>            a 2xx response whose body is not what the spec promises
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from sdk_core._secrets import Redactor

__all__ = ["ErrorMap", "SDKError", "decode_body", "parse_retry_after", "status_class"]

_MAX_DETAIL_CHARS = 500


E = TypeVar("E", bound="SDKError")


def status_class(
    status: int,
    by_status: Mapping[int, type[E]],
    *,
    base: type[E],
    server: type[E] | None = None,
    client: type[E] | None = None,
) -> type[E]:
    """The exception class for an error status: its own class, else the 5xx or 4xx class."""
    if status in by_status:
        return by_status[status]
    if status >= 500 and server is not None:
        return server
    if 400 <= status < 500 and client is not None:
        return client
    return base


class SDKError(Exception):
    """Base class of every SDK exception: what happened, plus what the server said about it.

    Attributes:
        message: a human explanation (already redacted of secrets).
        status_code: the HTTP status, or ``None`` when no response was received.
        request_id: the server's ``X-Request-Id`` (or the one we sent when no response came).
        body: the decoded error body (JSON value, or text), or ``None``.
        retry_after: seconds the server asked us to wait (``Retry-After``), if any.
        deadline_exceeded: True when retrying stopped early because a caller's total time
            budget (a poller's ``timeout``) would have run out before the next attempt.
        idempotency_key: the key the call sent with every attempt (POSTs), else None: reusing
            it for a manual retry later cannot act twice.

    """

    deadline_exceeded: bool = False
    # (Documented under Attributes; a `#:` comment here would document it twice.)
    idempotency_key: str | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.body = body
        self.retry_after = retry_after

    def __str__(self) -> str:
        if self.request_id:
            return f"{self.message} (request id {self.request_id})"
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r}, "
            f"request_id={self.request_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes survive pickling (multiprocessing, concurrent.futures).
        return (_rebuild, (type(self), self.message, self.__dict__))


def _rebuild(cls: type[SDKError], message: str, state: dict[str, Any]) -> SDKError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date; else None."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _error_detail(body: Any) -> str | None:
    if isinstance(body, Mapping):
        detail = body.get("detail", body.get("message", body.get("error")))
        if detail is None:
            return None
        return detail if isinstance(detail, str) else repr(detail)
    if isinstance(body, str) and body.strip():
        return body.strip()
    return None


def decode_body(response: httpx.Response) -> Any:
    """The response body as JSON when it is JSON, else as text (empty → None)."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


@dataclass(frozen=True, slots=True)
class ErrorMap:
    """Which exception class each failure becomes, for one service.

    Attributes:
        base: the service's root class; also used for statuses nothing narrower covers.
        by_status: exact statuses to classes (e.g. ``{401: AuthenticationError}``).
        server: the class for any 5xx not in ``by_status``.
        client: the class for any 4xx not in ``by_status`` (defaults to ``base``).
        connection: raised when no response was received.
        timeout: raised when a transport timeout fired (should subclass ``connection``).
        decode: raised when a successful response's body does not match the spec.
        invalid_argument: raised for arguments rejected before any request (default ``base``).
        invalid_credentials: raised for a missing or malformed API key at construction
            (default: the 401 class).
        response_error: builds the exception for an error response itself, for services whose
            mapping needs more than the status (Kneo tells a reused idempotency key from other
            409s by the body); called with the response, its request id and the redactor.

    """

    base: type[SDKError]
    connection: type[SDKError]
    timeout: type[SDKError]
    decode: type[SDKError]
    by_status: Mapping[int, type[SDKError]] = field(default_factory=dict)
    server: type[SDKError] | None = None
    client: type[SDKError] | None = None
    invalid_argument: type[SDKError] | None = None
    invalid_credentials: type[SDKError] | None = None
    response_error: Callable[[httpx.Response, str | None, Redactor], SDKError] | None = None

    @property
    def argument_error(self) -> type[SDKError]:
        """The class of errors about arguments caught before any request."""
        return self.invalid_argument or self.base

    @property
    def credentials_error(self) -> type[SDKError]:
        """The class of errors about a missing or malformed API key."""
        return self.invalid_credentials or self.class_for_status(401)

    def class_for_status(self, status: int) -> type[SDKError]:
        """The exception class for an error status."""
        return status_class(
            status, self.by_status, base=self.base, server=self.server, client=self.client
        )

    def from_response(
        self, response: httpx.Response, *, request_id: str | None, redactor: Redactor
    ) -> SDKError:
        """Build the exception for an error response (its body must already be read)."""
        if self.response_error is not None:
            return self.response_error(response, request_id, redactor)
        body = redactor.scrub_value(decode_body(response))
        detail = _error_detail(body)
        reason = response.reason_phrase or "error"
        message = f"{response.status_code} {reason}"
        if detail:
            if len(detail) > _MAX_DETAIL_CHARS:
                detail = detail[:_MAX_DETAIL_CHARS] + "…"
            message = f"{message}: {detail}"
        message = f"{response.request.method} {redactor.url(response.request.url)} → {message}"
        cls = self.class_for_status(response.status_code)
        return cls(
            message,
            status_code=response.status_code,
            request_id=request_id,
            body=body,
            retry_after=parse_retry_after(response.headers.get("retry-after")),
        )

    def from_transport_error(
        self,
        exc: httpx.RequestError,
        *,
        request_id: str | None,
        attempts: int,
        origin: str | None = None,
        redactor: Redactor | None = None,
    ) -> SDKError:
        """Build the exception for a request that got no response, naming where it went."""
        cls = self.timeout if isinstance(exc, httpx.TimeoutException) else self.connection
        what = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        url = exc.request.url
        where = origin or f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"
        reason = str(exc).strip()
        if redactor is not None:
            reason = redactor.text(reason)
        detail = f"{type(exc).__name__}: {reason[:200]}" if reason else type(exc).__name__
        return cls(
            f"{exc.request.method} {where}{url.path} {what}{tries}: {detail}",
            request_id=request_id,
        )

    def closed(self, what: str) -> SDKError:
        """Build the exception for a call on a client that was closed."""
        return self.base(f"this {what} is closed: create a new client to make calls")

    def malformed(self, message: str, *, request_id: str | None, status_code: int) -> SDKError:
        """Build the exception for a success response whose body breaks the spec."""
        return self.decode(message, request_id=request_id, status_code=status_code)
