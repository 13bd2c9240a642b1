"""Every exception the Gnosys SDK raises.

::

    GnosysError                    base: "did the API call work?"
    ├── AuthenticationError        401, or a missing / malformed key at construction
    ├── QuotaExceededError         402: monthly run quota exhausted
    ├── ForbiddenError             403: tenant suspended
    ├── NotFoundError              404: wrong id, or another tenant's
    ├── ConflictError              409: e.g. predicting a run that has not completed
    ├── PayloadTooLargeError       413: upload over GNOSYS_DATASET_MAX_BYTES
    ├── ValidationError            400 / 422, or bad arguments caught before any request
    ├── RateLimitError             429 after retries; see ``retry_after``
    ├── ServerError                5xx after retries
    ├── APIConnectionError         no response (DNS, refused, reset)
    │   └── APITimeoutError        ... because a request timeout fired (also builtin TimeoutError)
    ├── MalformedResponseError     a success response whose body breaks the API spec
    └── TimeoutError               ``runs.wait`` ran out of time (also builtin TimeoutError)

Every one carries ``status_code`` and ``request_id`` (quote it in support tickets).
"""

from __future__ import annotations

import builtins

from sdk_core import SDKError

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "ConflictError",
    "ForbiddenError",
    "GnosysError",
    "MalformedResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "QuotaExceededError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "ValidationError",
]


class GnosysError(SDKError):
    """Base class of every Gnosys SDK error."""


class AuthenticationError(GnosysError):
    """401: missing, malformed or revoked API key (also raised at client construction)."""


class QuotaExceededError(GnosysError):
    """402: the tenant's monthly run quota is exhausted."""


class ForbiddenError(GnosysError):
    """403: the tenant is suspended."""


class NotFoundError(GnosysError):
    """404: wrong id, or another tenant's."""


class ConflictError(GnosysError):
    """409: the resource's state forbids this (e.g. the run has not completed)."""


class PayloadTooLargeError(GnosysError):
    """413: the upload exceeds the server's size limit."""


class ValidationError(GnosysError, ValueError):
    """400 / 422 from the server, or arguments rejected before any request was made."""


class RateLimitError(GnosysError):
    """429 that persisted through retries; ``retry_after`` says how long to back off."""


class ServerError(GnosysError):
    """5xx that persisted through retries."""


class APIConnectionError(GnosysError):
    """The request got no response (DNS failure, refused or dropped connection)."""


class APITimeoutError(APIConnectionError, builtins.TimeoutError):
    """A request timed out (after retries)."""


class MalformedResponseError(GnosysError):
    """A successful response's body does not match the API spec."""


class TimeoutError(GnosysError, builtins.TimeoutError):
    """``runs.wait`` ran out of time; the run may still complete server-side."""
