"""Every exception the Polarity Keystone SDK raises, and the one place a response becomes one.

::

    KeystoneError                       status_code, message, request_id, body
    ├── KeystoneValidationError         400 / 422: the service rejected the request's content
    ├── KeystoneAuthError               401, or no / malformed API key at construction
    │   └── KeystonePermissionError     403: the key is valid but may not do this
    ├── KeystoneNotFoundError           404
    ├── KeystoneConflictError           409: the resource's state forbids it (a workspace not
    │                                   empty, an idempotency key reused with another body)
    ├── KeystoneRateLimitError          429 after retries; see ``retry_after``
    ├── KeystoneServerError             5xx after retries
    ├── KeystoneConnectionError         no response at all (DNS, refused, reset)
    │   └── KeystoneTimeoutError        ... because a request timeout fired (also TimeoutError)
    ├── KeystoneMalformedResponseError  a body that is not the documented shape (also ValueError)
    ├── KeystoneInvalidArgumentError    an argument refused before any request (also ValueError)
    └── KeystoneWaitTimeoutError        a wait (``run_and_wait``) ran out of time (also
                                        TimeoutError)

``err.message`` is always a readable ``str``: the service's ``{"error": "<message>"}`` text, else
the body's text, else the HTTP reason. (The published 0.3.3 client passed the ``error`` value
through as-is, so a ``{"error": {...}}`` body gave a dict, and it let read timeouts and non-JSON
bodies escape as the builtin ``TimeoutError`` and ``json.JSONDecodeError``.) Neither a message,
a ``body`` nor a repr ever holds the API key or another secret the request carried: bodies are
scrubbed by the call's redactor before anything is built from them.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from typing import Any, overload

import httpx
from sdk_core import Redactor, SDKError, decode_body, parse_retry_after, status_class

__all__ = [
    "REQUEST_ID_HEADER",
    "STATUS_CLASSES",
    "KeystoneAuthError",
    "KeystoneConflictError",
    "KeystoneConnectionError",
    "KeystoneError",
    "KeystoneInvalidArgumentError",
    "KeystoneMalformedResponseError",
    "KeystoneNotFoundError",
    "KeystonePermissionError",
    "KeystoneRateLimitError",
    "KeystoneServerError",
    "KeystoneTimeoutError",
    "KeystoneValidationError",
    "KeystoneWaitTimeoutError",
    "error_message",
    "from_response",
]

#: The header carrying request ids both ways (the service's, else the one the SDK sent).
REQUEST_ID_HEADER = "X-Request-Id"
_MAX_MESSAGE_CHARS = 500


def _readable(value: object) -> str | None:
    """``value`` as one line of text for a message, or None when it says nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
    else:
        try:
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            text = repr(value)
    if not text:
        return None
    return text if len(text) <= _MAX_MESSAGE_CHARS else text[:_MAX_MESSAGE_CHARS] + "…"


class KeystoneError(SDKError):
    """Base class of every Polarity Keystone SDK error (the page's ``KeystoneError``).

    Built either as the page shows, ``KeystoneError(status_code, message)``, or as the shared
    core does, ``KeystoneError(message, status_code=...)``.

    Attributes:
        status_code: the HTTP status, or ``None`` when no response was received (the
            published client used ``0``).
        message: a readable ``str`` (see the module docstring); never a dict.
        request_id: the service's ``X-Request-Id`` (or, without a response, the one we sent).
        body: the error body, decoded (JSON value or text) and scrubbed of secrets, or None.
        retry_after: seconds the service asked to wait (``Retry-After``), if it said.
        method: the HTTP method of the failed request, when a response was received.
        path: its URL path (never the query string), when a response was received.
        reason: the HTTP reason phrase, when a response was received.

    """

    @overload
    def __init__(
        self,
        message: str,
        /,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
        reason: str | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        status_code: int,
        message: str,
        /,
        *,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
        reason: str | None = None,
    ) -> None: ...

    def __init__(
        self,
        first: str | int,
        second: str | None = None,
        /,
        *,
        status_code: int | None = None,
        request_id: str | None = None,
        body: Any = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
        reason: str | None = None,
    ) -> None:
        message: object
        if isinstance(first, int) and not isinstance(first, bool):
            # The page's (and the published client's) positional form.
            status_code, message = first, second
        elif second is None:
            message = first
        else:
            raise TypeError(
                "KeystoneError takes (status_code, message) or (message, *, status_code=...)"
            )
        text = _readable(message) or _readable(reason)
        if text is None:
            text = f"HTTP {status_code}" if status_code is not None else "Keystone error"
        super().__init__(
            text,
            status_code=status_code,
            request_id=request_id,
            body=body,
            retry_after=retry_after,
        )
        self.method = method
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        head = f"{self.method} {self.path} → " if self.method else ""
        if self.status_code is not None and self.status_code >= 400:
            status = str(self.status_code)
            if self.reason and self.reason != self.message:
                status = f"{status} {self.reason}"
            head = f"{head}{status}: "
        text = f"{head}{self.message}"
        return f"{text} (request id {self.request_id})" if self.request_id else text


class KeystoneValidationError(KeystoneError):
    """400 / 422: the service rejected the request's content (the reason is in ``message``)."""


class KeystoneAuthError(KeystoneError):
    """401: the API key is missing, malformed or revoked.

    Also raised (with no ``status_code``) when a client is built without a usable key.
    """


class KeystonePermissionError(KeystoneAuthError):
    """403: the key is valid but may not do this (another workspace's resource, a scope)."""


class KeystoneNotFoundError(KeystoneError):
    """404: no such sandbox, spec, experiment, agent, dataset, rule, prompt or trace."""


class KeystoneConflictError(KeystoneError):
    """409: the resource's state forbids the request.

    For example deleting a workspace that is not empty, or an ``Idempotency-Key`` reused with
    another body.
    """


class KeystoneRateLimitError(KeystoneError):
    """429 that persisted through retries; ``retry_after`` says how long to back off."""


class KeystoneServerError(KeystoneError):
    """5xx that persisted through retries."""


class KeystoneConnectionError(KeystoneError):
    """The request got no response: DNS failure, refused or dropped connection, TLS."""


class KeystoneTimeoutError(KeystoneConnectionError, builtins.TimeoutError):
    """A request timed out (after retries).

    Also the builtin ``TimeoutError``, which is what the published client let escape, so
    ``except TimeoutError`` written for it still works.
    """


class KeystoneMalformedResponseError(KeystoneError, ValueError):
    """A response body that is not in the documented shape (not JSON, a wrong type, ...).

    Raised by every ``from_dict`` in :mod:`polarity_keystone.types` (never a bare ``KeyError``
    or ``TypeError``). Also a ``ValueError``: the core's parse boundary turns it into this same
    class carrying the request id and the request's method and path.

    Attributes:
        field: where in the body the problem is (``Sandbox.services['db'].port``), if known.

    """

    def __init__(self, message: str, /, *, field: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.field = field


class KeystoneInvalidArgumentError(KeystoneError, ValueError):
    """An argument the SDK refused before sending anything (a wrong type, an empty id, ...).

    Also a ``ValueError``: nothing was sent.
    """


class KeystoneWaitTimeoutError(KeystoneError, builtins.TimeoutError):
    """A wait (``experiments.run_and_wait``) ran out of its time budget.

    Also the builtin ``TimeoutError``. The work may still finish server-side.

    Attributes:
        last_result: what the last poll returned (e.g. a partial ``RunResults``), or None if
            no poll was answered.

    """

    def __init__(self, message: str, /, *, last_result: Any = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.last_result = last_result


#: The exception class of each status with its own class (other 5xx: KeystoneServerError).
STATUS_CLASSES: Mapping[int, type[KeystoneError]] = {
    400: KeystoneValidationError,
    401: KeystoneAuthError,
    403: KeystonePermissionError,
    404: KeystoneNotFoundError,
    409: KeystoneConflictError,
    422: KeystoneValidationError,
    429: KeystoneRateLimitError,
}


def _class_for(status: int) -> type[KeystoneError]:
    return status_class(status, STATUS_CLASSES, base=KeystoneError, server=KeystoneServerError)


def error_message(body: Any) -> str | None:
    """The readable message of an error body, or None when it has none.

    The service sends ``{"error": "<message>"}``; proxies and older deployments have been seen
    to send ``{"error": {"message": ...}}``, ``{"message": ...}`` or ``{"detail": ...}``. Any
    other JSON gives its compact text, plain text gives itself (cut to 500 characters).
    """
    if isinstance(body, Mapping):
        error = body.get("error")
        text = error.strip() if isinstance(error, str) else None
        if not text and isinstance(error, Mapping):
            text = _readable(error.get("message")) or _readable(error.get("detail"))
        if not text:
            for key in ("message", "detail"):
                value = body.get(key)
                if isinstance(value, str) and value.strip():
                    text = value.strip()
                    break
        return _readable(text) if text else _readable(body if body else None)
    return _readable(body)


def _decoded_body(response: httpx.Response, redactor: Redactor) -> Any:
    """The body, decoded and scrubbed; never raises."""
    try:
        return redactor.scrub_value(decode_body(response))
    except httpx.ResponseNotRead:  # a streamed response nobody read: there is nothing to quote
        return None
    except (RecursionError, LookupError):  # JSON nested past the parser's depth; a bad charset
        return redactor.text(response.content.decode("utf-8", "replace"))


def from_response(
    response: httpx.Response,
    *,
    request_id: str | None = None,
    redactor: Redactor | None = None,
) -> KeystoneError:
    """The :class:`KeystoneError` subclass for an error response (never raises itself).

    ===========  ==================================================================
    400, 422     :class:`KeystoneValidationError`
    401          :class:`KeystoneAuthError`
    403          :class:`KeystonePermissionError`
    404          :class:`KeystoneNotFoundError`
    409          :class:`KeystoneConflictError`
    429          :class:`KeystoneRateLimitError` (``retry_after`` from ``Retry-After``)
    5xx          :class:`KeystoneServerError`
    other        :class:`KeystoneError`
    ===========  ==================================================================

    Args:
        response: the error response (its body read, or streamed and unread).
        request_id: the id to report when the response carries no ``X-Request-Id``.
        redactor: scrubs the call's secrets from the body and message (default: nothing
            scrubbed — the client always passes its own).

    """
    redactor = redactor or Redactor()
    body = _decoded_body(response, redactor)
    content_type = response.headers.get("content-type", "")
    reason = response.reason_phrase or None
    # An HTML error page (a proxy's 502) says nothing a reader needs beyond its status.
    html = content_type.startswith("text/html")
    try:
        text = None if html else error_message(body)
    except Exception:  # a body shaped beyond anything foreseen still gives the status's error
        text = None
    try:
        request: httpx.Request | None = response.request
    except RuntimeError:  # a Response built by hand has no request
        request = None
    status = response.status_code
    return _class_for(status)(
        status,
        redactor.text(text) if text else (reason or f"HTTP {status}"),
        request_id=response.headers.get(REQUEST_ID_HEADER) or request_id,
        body=body,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
        method=request.method if request is not None else None,
        # The path only: the query is the caller's, and is not needed to say what failed.
        path=redactor.text(request.url.path) if request is not None else None,
        reason=reason,
    )
