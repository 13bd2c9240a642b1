"""Gnosys's settings for the shared core, and the checks made before any request."""

from __future__ import annotations

import re
from typing import Any

from sdk_core import (
    ApiKeyRule,
    Arguments,
    ErrorMap,
    RetryPolicy,
    Secret,
    ServiceConfig,
)
from sdk_core import resolve_api_key as core_resolve_api_key
from sdk_core import resolve_base_url as core_resolve_base_url

from gnosys._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    GnosysError,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    QuotaExceededError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from gnosys._version import __version__

__all__ = ["API_KEY_ENV", "BASE_URL_ENV", "CONFIG", "DEFAULT_BASE_URL", "resolve_api_key"]

DEFAULT_BASE_URL = "https://gnosyslabs.com"
API_KEY_ENV = "GNOSYS_API_KEY"
BASE_URL_ENV = "GNOSYS_BASE_URL"
KEY_PREFIX = "gn_live_"
_KEY_SHAPE = re.compile(r"gn_live_[A-Za-z0-9_\-]+")

CONFIG = ServiceConfig(
    name="gnosys",
    user_agent=f"gnosyslabs-python/{__version__}",
    errors=ErrorMap(
        base=GnosysError,
        connection=APIConnectionError,
        timeout=APITimeoutError,
        decode=MalformedResponseError,
        by_status={
            400: ValidationError,
            401: AuthenticationError,
            402: QuotaExceededError,
            403: ForbiddenError,
            404: NotFoundError,
            409: ConflictError,
            413: PayloadTooLargeError,
            422: ValidationError,
            429: RateLimitError,
        },
        server=ServerError,
        invalid_argument=ValidationError,
        invalid_credentials=AuthenticationError,
    ),
    # Documented: up to 3 retries on 429 / 5xx.
    retry=RetryPolicy(max_retries=3, statuses=frozenset({429, 500, 502, 503, 504})),
    secret_patterns=(_KEY_SHAPE.pattern,),
    api_key=ApiKeyRule(
        env=API_KEY_ENV,
        pattern=_KEY_SHAPE.pattern,
        shape=f"{KEY_PREFIX!r} followed by letters, digits, '_' or '-'",
    ),
    default_base_url=DEFAULT_BASE_URL,
    base_url_env=BASE_URL_ENV,
)


_CHECK = Arguments(CONFIG)


def resolve_api_key(api_key: str | None) -> Secret:
    """The key from the argument or ``$GNOSYS_API_KEY``; fail fast when it cannot be valid."""
    return core_resolve_api_key(CONFIG, api_key)


def resolve_base_url(base_url: str | None) -> str:
    """The origin from the argument, ``$GNOSYS_BASE_URL``, or the public default."""
    return core_resolve_base_url(CONFIG, base_url)


def require_id(name: str, value: Any) -> str:
    """``value`` if it is a usable resource id, else a ValidationError before any request."""
    return _CHECK.text(name, value)


def optional_positive(name: str, value: int | None) -> int | None:
    """``value`` if None or a positive int, else a ValidationError."""
    return _CHECK.positive_int(name, value)
