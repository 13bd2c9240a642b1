"""Gnosys's settings for the shared core, and the checks made before any request."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, TypeVar

from sdk_core import ErrorMap, RetryPolicy, Secret, ServiceConfig

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

if TYPE_CHECKING:
    from _gnosys_openapi.types import Unset

T = TypeVar("T")

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
    ),
    # Documented: up to 3 retries on 429 / 5xx.
    retry=RetryPolicy(max_retries=3, statuses=frozenset({429, 500, 502, 503, 504})),
    secret_patterns=(_KEY_SHAPE.pattern,),
)


def resolve_api_key(api_key: str | None) -> Secret:
    """The key from the argument or ``$GNOSYS_API_KEY``; fail fast when it cannot be valid."""
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
        if not api_key:
            raise AuthenticationError(f"no API key: pass api_key=... or set ${API_KEY_ENV}")
    if not isinstance(api_key, str):
        raise AuthenticationError(f"api_key must be a str, not {type(api_key).__name__}")
    if not _KEY_SHAPE.fullmatch(api_key):
        # Never echo the key: say only what shape was expected.
        raise AuthenticationError(
            f"malformed API key: Gnosys keys start with {KEY_PREFIX!r} followed by letters, "
            "digits, '_' or '-'"
        )
    return Secret(api_key)


def resolve_base_url(base_url: str | None) -> str:
    """The origin from the argument, ``$GNOSYS_BASE_URL``, or the public default."""
    url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not url.startswith(("http://", "https://")):
        raise ValidationError(f"base_url must start with http:// or https://, got {url!r}")
    return url.rstrip("/")


def require_id(name: str, value: Any) -> str:
    """``value`` if it is a usable resource id, else a ValidationError before any request."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {value!r}")
    return value


def optional_positive(name: str, value: int | None) -> int | None:
    """``value`` if None or a positive int, else a ValidationError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"{name} must be a positive integer, got {value!r}")
    return value


def unset_if_none(value: T | None) -> T | Unset:
    """The generated code's "not given" marker for None (its signatures say ``Unset``)."""
    from _gnosys_openapi.types import UNSET

    return UNSET if value is None else value
