"""Every failure as a typed exception, and the one place a response becomes one.

::

    KneoError                           status, body, request_id, idempotency_key, code
    ├── KneoBadRequestError             400
    ├── KneoAuthError                   401: missing or invalid API key
    ├── KneoPermissionError             403: valid key, insufficient scope
    ├── KneoNotFoundError               404
    ├── KneoConflictError               409: a state conflict (retry_after while a key is in use)
    │   ├── KneoIdempotencyMismatchError    409: the key was reused with another payload
    │   └── KneoHumanTaskExpiredError       409 human_task_expired
    ├── KneoPayloadTooLargeError        413 (max_body_bytes)
    ├── KneoValidationError             422: FastAPI's validation details in the message
    ├── KneoRateLimited                 429 (retry_after); also KneoRateLimitedError
    ├── KneoServerError                 5xx
    │   └── KneoServiceUnavailableError     503 (retry_after)
    ├── KneoNetworkError                no response: DNS, connect, TLS, timeouts
    ├── KneoProtocolError               a success response whose body is not what it should be
    ├── KneoInvalidArgumentError        bad input caught before any request (also a ValueError)
    └── KneoWaitTimeoutError            a wait ran out of time (also the builtin TimeoutError)

Messages are readable (``POST /v1/runs → 422 Unprocessable Entity: body.input: Field
required``), and neither a message nor a ``body`` ever holds the API key the request carried.
:func:`from_response` never raises: any body, however broken, gives a :class:`KneoError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from sdk_core import Redactor, SDKError, decode_body, parse_retry_after, status_class

from kneo_client.core.auth import AUTHORIZATION_HEADER, KNEO_API_KEY_HEADER
from kneo_client.core.idempotency import IDEMPOTENCY_KEY_HEADER
from kneo_client.core.request_ids import REQUEST_ID_HEADER

__all__ = [
    "STATUS_CLASSES",
    "KneoAuthError",
    "KneoBadRequestError",
    "KneoConflictError",
    "KneoError",
    "KneoHumanTaskExpiredError",
    "KneoIdempotencyMismatchError",
    "KneoInvalidArgumentError",
    "KneoNetworkError",
    "KneoNotFoundError",
    "KneoPayloadTooLargeError",
    "KneoPermissionError",
    "KneoProtocolError",
    "KneoRateLimited",
    "KneoRateLimitedError",
    "KneoServerError",
    "KneoServiceUnavailableError",
    "KneoValidationError",
    "KneoWaitTimeoutError",
    "from_response",
    "from_transport_error",
]

_MAX_DETAIL_CHARS = 500
_MAX_VALIDATION_ITEMS = 3
# Error codes of the platform's envelope ({"detail": {"error": code, "message": ...}}).
_KEY_CONFLICT = "idempotency_key_conflict"
_KEY_IN_PROGRESS = "idempotency_key_in_progress"
_TASK_EXPIRED = "human_task_expired"
# A code-less 409 (servers before 0.6.0 send {"detail": "<text>"}) is a mismatch only when its
# text says the key was reused, not merely because the request carried a key.
_REUSED_KEY_TEXT = re.compile(r"idempotency", re.IGNORECASE)
_IN_PROGRESS_TEXT = re.compile(r"in[ _-]?progress|still running|being processed", re.IGNORECASE)


class KneoError(SDKError):
    """Base of every kneo-client exception.

    Attributes:
        body: the error body: parsed JSON when possible, else text, else None (key-scrubbed).
        request_id: the ``X-Request-ID`` the platform returned (or, without one, the one sent).
        idempotency_key: the ``Idempotency-Key`` the failing request carried, if any.
        code: the platform's error code (``detail.error`` or a top-level ``error``), if any.
        retry_after: seconds the server asked to wait (``Retry-After``), if it said.

    ``status`` is the shared core's ``status_code`` under the page's name.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: Any = None,
        request_id: str | None = None,
        idempotency_key: str | None = None,
        code: str | None = None,
        retry_after: float | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status if status is not None else status_code,
            request_id=request_id,
            body=body,
            retry_after=retry_after,
        )
        self.idempotency_key = idempotency_key
        self.code = code

    @property
    def status(self) -> int | None:
        """The HTTP status, or None for a failure without a response."""
        return self.status_code


class KneoBadRequestError(KneoError):
    """400: the platform rejected the request (``invalid_request``, ``spec_invalid``, ...)."""


class KneoAuthError(KneoError):
    """401: the API key is missing or invalid."""


class KneoPermissionError(KneoError):
    """403: the key is valid but lacks the scope."""


class KneoNotFoundError(KneoError):
    """404: the resource does not exist."""


class KneoConflictError(KneoError):
    """409: the request conflicts with the resource's state (e.g. continuing a run not blocked).

    ``retry_after`` is set when the platform says when to try again (a request with the same
    idempotency key still in progress).
    """


class KneoIdempotencyMismatchError(KneoConflictError):
    """409: the idempotency key was already used with a different payload (a caller bug)."""


class KneoHumanTaskExpiredError(KneoConflictError):
    """409 ``human_task_expired``: the task's deadline passed before it was resumed.

    Attributes:
        continuation_id: the expired task's id, when the platform says.
        expires_at: when it expired (epoch seconds), when the platform says.

    """

    continuation_id: str | None = None
    expires_at: float | None = None


class KneoPayloadTooLargeError(KneoError):
    """413: the request body is over the platform's limit (``max_body_bytes``, if it says)."""

    max_body_bytes: int | None = None


class KneoValidationError(KneoError):
    """422: the request failed validation; the message lists FastAPI's ``loc: msg`` details.

    ``errors`` holds the platform's details as it sent them: FastAPI's items
    (``{"loc": ["body", "input"], "msg": "Field required", "type": "missing"}``), or the
    envelope's ``diagnostics``; empty when the body had none.
    """

    errors: list[dict[str, Any]]

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.errors = []


class KneoRateLimited(KneoError):
    """429 after retries. ``retry_after``: seconds from the ``Retry-After`` header, or None."""


#: The 1.2.0 spelling of :class:`KneoRateLimited` (the same class).
KneoRateLimitedError = KneoRateLimited


class KneoServerError(KneoError):
    """5xx: a server-side failure (after retries for 502/503/504)."""


class KneoServiceUnavailableError(KneoServerError):
    """503: the platform is not ready or its queue is full (``retry_after``, if it says)."""


class KneoNetworkError(KneoError):
    """No response was received: DNS, refused or reset connection, TLS, or a timeout."""


class KneoProtocolError(KneoError):
    """A success response whose body is not what the API promises (empty, not JSON, wrong shape)."""


class KneoInvalidArgumentError(KneoError, ValueError):
    """An argument the SDK refused before sending anything (a wrong type, an id that cannot be a
    path segment, a page size out of range...). Also a ``ValueError``: nothing was sent.
    """


class KneoWaitTimeoutError(KneoError, TimeoutError):
    """A wait (``runs.wait_for_completion``) ran out of its time budget.

    Also the builtin ``TimeoutError``, as the page documents. ``last_status`` is the status the
    last poll saw (None if no poll was answered); the work may still finish server-side.
    """

    last_status: str | None

    def __init__(self, message: str, *, last_status: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.last_status = last_status


#: The exception class of each status the page's table names (others: by range).
STATUS_CLASSES: Mapping[int, type[KneoError]] = {
    400: KneoBadRequestError,
    401: KneoAuthError,
    403: KneoPermissionError,
    404: KneoNotFoundError,
    409: KneoConflictError,
    413: KneoPayloadTooLargeError,
    422: KneoValidationError,
    429: KneoRateLimited,
    503: KneoServiceUnavailableError,
}


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a Response built by hand has no request
        return None


def _sent_key(request: httpx.Request | None) -> str | None:
    """The API key the request carried (to scrub it from anything we print)."""
    if request is None:
        return None
    key: str = request.headers.get(KNEO_API_KEY_HEADER, "")
    if key.strip():
        return key.strip()
    authorization: str = request.headers.get(AUTHORIZATION_HEADER, "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credential.strip() or None


def _body(response: httpx.Response, redactor: Redactor) -> Any:
    """The body, decoded and scrubbed of the key; never raises."""
    try:
        return redactor.scrub_value(decode_body(response))
    except httpx.ResponseNotRead:  # a streamed response nobody read: there is nothing to quote
        return None
    except (RecursionError, LookupError):  # JSON nested past the parser's depth; a bad charset
        return redactor.text(response.content.decode("utf-8", "replace"))


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _validation_summary(items: Sequence[Any]) -> str | None:
    """FastAPI's ``[{"loc": [...], "msg": ...}, ...]`` as ``body.input: Field required; ...``."""
    parts = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        msg = _text(item.get("msg")) or _text(item.get("message"))
        if msg is None:
            continue
        loc = item.get("loc")
        where = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else None
        parts.append(f"{where}: {msg}" if where else msg)
    if not parts:
        return None
    shown = "; ".join(parts[:_MAX_VALIDATION_ITEMS])
    more = len(parts) - _MAX_VALIDATION_ITEMS
    return f"{shown} (+{more} more)" if more > 0 else shown


def _describe(body: Any) -> tuple[str | None, str | None, Mapping[str, Any]]:
    """The body's human message, its error code, and the envelope's other fields."""
    if isinstance(body, str):
        return _text(body), None, {}
    if not isinstance(body, Mapping):
        return None, None, {}
    detail = body.get("detail")
    if isinstance(detail, Mapping):  # the 0.6.0+ envelope
        code = detail.get("error")
        message = _text(detail.get("message"))
        items = detail.get("diagnostics") or detail.get("errors")
        if message is None and isinstance(items, list):
            message = _validation_summary(items)
        return message, code if isinstance(code, str) else None, detail
    code = body.get("error") if isinstance(body.get("error"), str) else None
    if isinstance(detail, list):  # FastAPI's native validation shape
        return _validation_summary(detail), code, {}
    message = _text(detail) or _text(body.get("message")) or (code and _text(code))
    return message, code, {}


def _validation_items(body: Any) -> list[dict[str, Any]]:
    """The validation details of a 422 body: FastAPI's list, or the envelope's diagnostics."""
    if not isinstance(body, Mapping):
        return []
    detail = body.get("detail")
    if isinstance(detail, Mapping):
        detail = detail.get("diagnostics") or detail.get("errors")
    if not isinstance(detail, list):
        return []
    return [dict(item) for item in detail if isinstance(item, Mapping)]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _conflict_class(
    code: str | None, message: str | None, idempotency_key: str | None
) -> type[KneoError]:
    if code == _KEY_CONFLICT:
        return KneoIdempotencyMismatchError
    if code == _TASK_EXPIRED:
        return KneoHumanTaskExpiredError
    if code is not None:
        return KneoConflictError
    # No code: only an old server's text saying the key was reused, on a keyed request.
    text = message or ""
    if (
        idempotency_key is not None
        and _REUSED_KEY_TEXT.search(text)
        and not _IN_PROGRESS_TEXT.search(text)
    ):
        return KneoIdempotencyMismatchError
    return KneoConflictError


def _class_for(status: int) -> type[KneoError]:
    return status_class(status, STATUS_CLASSES, base=KneoError, server=KneoServerError)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL_CHARS else text[:_MAX_DETAIL_CHARS] + "…"


def from_response(response: httpx.Response, *, idempotency_key: str | None = None) -> KneoError:
    """The :class:`KneoError` subclass for an error response (never raises itself).

    ============  ===========================================================================
    401           :class:`KneoAuthError`
    403           :class:`KneoPermissionError`
    404           :class:`KneoNotFoundError`
    409           :class:`KneoIdempotencyMismatchError` when the platform says the key was
                  reused with another payload (code ``idempotency_key_conflict``, or an old
                  server's code-less text about the idempotency key on a keyed request);
                  :class:`KneoHumanTaskExpiredError` for ``human_task_expired``; otherwise
                  :class:`KneoConflictError` (the published client called every 409 on a
                  POST a mismatch, as every POST carries a key)
    429           :class:`KneoRateLimited`, with ``retry_after``
    5xx           :class:`KneoServerError` (503: :class:`KneoServiceUnavailableError`)
    400/413/422   :class:`KneoBadRequestError` / :class:`KneoPayloadTooLargeError` /
                  :class:`KneoValidationError`, the message quoting FastAPI's details
    other         :class:`KneoError`
    ============  ===========================================================================

    Args:
        response: the error response (its body read, or streamed and unread).
        idempotency_key: the key the request carried; default: its ``Idempotency-Key`` header.

    """
    request = _request_of(response)
    if idempotency_key is None and request is not None:
        idempotency_key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    key = _sent_key(request)
    redactor = Redactor([key] if key else ())
    body = _body(response, redactor)
    try:
        detail, code, extra = _describe(body)
    except Exception:  # a body shaped beyond anything foreseen still gives the status's error
        detail, code, extra = None, None, {}
    status = response.status_code
    cls = _class_for(status)
    if status == 409:
        cls = _conflict_class(code, detail, idempotency_key)
    reason = response.reason_phrase or "error"
    message = f"{status} {reason}"
    if detail:
        message = f"{message}: {_shorten(detail)}"
    if code and code not in message:
        message = f"{message} [{code}]"
    if request is not None:
        # The path only: the query is the caller's, and is not needed to say what failed.
        message = f"{request.method} {request.url.path} → {message}"
    request_id = response.headers.get(REQUEST_ID_HEADER) or (
        request.headers.get(REQUEST_ID_HEADER) if request is not None else None
    )
    error = cls(
        # Built from the scrubbed body, so the key cannot be in it.
        message,
        status=status,
        body=body,
        request_id=request_id,
        idempotency_key=idempotency_key,
        code=code,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
    )
    if isinstance(error, KneoHumanTaskExpiredError):
        continuation = extra.get("continuation_id")
        error.continuation_id = continuation if isinstance(continuation, str) else None
        error.expires_at = _number(extra.get("expires_at"))
    elif isinstance(error, KneoValidationError):
        error.errors = _validation_items(body)
    elif isinstance(error, KneoPayloadTooLargeError):
        limit = _number(extra.get("max_body_bytes"))
        error.max_body_bytes = int(limit) if limit is not None else None
    return error


def from_transport_error(
    exc: httpx.HTTPError,
    *,
    request_id: str | None = None,
    idempotency_key: str | None = None,
    attempts: int = 1,
) -> KneoNetworkError:
    """The :class:`KneoNetworkError` for a request that got no response.

    The message names the method and path and httpx's reason, with the request's API key
    masked: h11 quotes a header value it refuses (a key ending in a newline) in its error.
    """
    request: httpx.Request | None
    try:
        request = exc.request
    except RuntimeError:  # an HTTPError raised without a request
        request = None
    key = _sent_key(request)
    redactor = Redactor([key] if key else ())
    reason = redactor.text(str(exc).strip())[:200]
    what = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    where = f"{request.method} {request.url.path} " if request is not None else ""
    if request is not None:
        request_id = request_id or request.headers.get(REQUEST_ID_HEADER)
        idempotency_key = idempotency_key or request.headers.get(IDEMPOTENCY_KEY_HEADER)
    return KneoNetworkError(
        f"{where}failed{tries}: {what}",
        request_id=request_id,
        idempotency_key=idempotency_key,
    )
