"""Every exception the ASG Gateway SDK raises.

::

    ASGGatewayError                  base: "did the API call work?"
    ├── ASGGatewayHTTPError          any 4xx / 5xx response: status_code, body, request_id
    │   ├── ASGBadRequestError       400 / 422: the request was malformed or invalid
    │   ├── ASGAuthError             401, or a missing / malformed key at construction
    │   ├── ASGQuotaError            403: the account's quota is exhausted
    │   ├── ASGNotFoundError         404: wrong id, or another account's
    │   ├── ASGConflictError         409: an Idempotency-Key reused with another body
    │   ├── ASGRateLimitError        429 after retries; see ``retry_after``
    │   └── ASGServerError           5xx after retries
    ├── ASGValidationError           bad arguments, caught before any request (also ValueError)
    ├── ASGConnectionError           no response (DNS, refused, reset)
    │   └── ASGTimeoutError          ... because a request timeout fired (also TimeoutError)
    ├── ASGMalformedResponseError    a success response whose body breaks the API spec
    ├── ASGResultPendingError        ``get_result`` on a task still labeling (HTTP 202)
    └── ASGPollTimeoutError          ``poll_result`` ran out of time (also TimeoutError)

``e.status_code == 429`` style branching on :class:`ASGGatewayHTTPError` keeps working; the
subclasses only add names. Every error carries ``request_id`` (quote it in support tickets).
"""

from __future__ import annotations

import builtins
from typing import Any

from sdk_core import SDKError

__all__ = [
    "ASGAuthError",
    "ASGBadRequestError",
    "ASGConflictError",
    "ASGConnectionError",
    "ASGGatewayError",
    "ASGGatewayHTTPError",
    "ASGMalformedResponseError",
    "ASGNotFoundError",
    "ASGPollTimeoutError",
    "ASGQuotaError",
    "ASGRateLimitError",
    "ASGResultPendingError",
    "ASGServerError",
    "ASGTimeoutError",
    "ASGValidationError",
]


class ASGGatewayError(SDKError):
    """Base class of every ASG Gateway SDK error."""


class ASGGatewayHTTPError(ASGGatewayError):
    """The API answered with a 4xx or 5xx status (``status_code``, ``body``, ``request_id``)."""


class ASGBadRequestError(ASGGatewayHTTPError):
    """400 / 422: the server rejected the request's shape or values (details in ``body``)."""


class ASGAuthError(ASGGatewayHTTPError):
    """401: missing, malformed or revoked key (also raised at construction, with no status)."""


class ASGQuotaError(ASGGatewayHTTPError):
    """403: the account's task quota is exhausted."""


class ASGNotFoundError(ASGGatewayHTTPError):
    """404: wrong id, or another account's."""


class ASGConflictError(ASGGatewayHTTPError):
    """409: the Idempotency-Key was already used with a different request body."""


class ASGRateLimitError(ASGGatewayHTTPError):
    """429 that persisted through retries; ``retry_after`` says how long to back off."""


class ASGServerError(ASGGatewayHTTPError):
    """5xx that persisted through retries."""


class ASGValidationError(ASGGatewayError, ValueError):
    """Arguments rejected before any request was made (nothing was sent)."""


class ASGConnectionError(ASGGatewayError):
    """The request got no response (DNS failure, refused or dropped connection)."""


class ASGTimeoutError(ASGConnectionError, builtins.TimeoutError):
    """A request timed out (after retries)."""


class ASGMalformedResponseError(ASGGatewayError):
    """A successful response's body does not match the API spec."""


class ASGResultPendingError(ASGGatewayError):
    """``get_result`` found the task still labeling (HTTP 202): there is no result yet.

    Attributes:
        task_id: the task asked about.
        task_status: its status (e.g. ``"labeling"``).
        labels_received: labels collected so far, when the server says.
        retry_after: seconds the server suggests waiting before asking again, if any.

    Use ``poll_result`` to wait for the result instead.
    """

    def __init__(
        self,
        message: str,
        *,
        task_id: str = "",
        task_status: str = "",
        labels_received: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.task_id = task_id
        self.task_status = task_status
        self.labels_received = labels_received


class ASGPollTimeoutError(ASGGatewayError, builtins.TimeoutError):
    """``poll_result`` ran out of time; the task may still reach consensus server-side."""
