"""What makes one service's SDK different from another's, in one frozen value."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from sdk_core._errors import ErrorMap
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Secret

__all__ = ["ApiKeyRule", "ServiceConfig", "resolve_api_key", "resolve_base_url"]


@dataclass(frozen=True, slots=True)
class ApiKeyRule:
    """Where a service's API key comes from when not passed, and what a valid one looks like.

    Attributes:
        env: the environment variable read when no key is passed.
        pattern: a regex a whole key must match (checked before any request).
        shape: the expected shape in words, for the error message (the key itself is never
            quoted).

    """

    env: str
    pattern: str
    shape: str


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Per-service settings of the shared core (one instance per SDK; never global).

    Attributes:
        name: the logger name and the service's name in messages (e.g. ``"gnosys"``).
        user_agent: sent on every request.
        errors: how failures map onto the service's exception classes.
        retry: the documented default retry policy.
        request_id_header: the header carrying request ids both ways.
        idempotency_header: the header carrying idempotency keys on POSTs (None: never sent).
        secret_patterns: regexes of credential shapes to scrub from anything printed.
        auth_header: the header carrying the credential.
        auth_scheme: the scheme before the credential (``None``: the bare credential).
        api_key: how API keys are found and checked (None: any non-empty string).
        default_base_url: the public origin of the API.
        base_url_env: the environment variable that overrides ``default_base_url``.

    """

    name: str
    user_agent: str
    errors: ErrorMap
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    request_id_header: str = "X-Request-Id"
    idempotency_header: str | None = "Idempotency-Key"
    secret_patterns: tuple[str, ...] = ()
    auth_header: str = "Authorization"
    auth_scheme: str | None = "Bearer"
    api_key: ApiKeyRule | None = None
    default_base_url: str | None = None
    base_url_env: str | None = None


def resolve_api_key(config: ServiceConfig, api_key: object) -> Secret:
    """The key passed, else the one in the service's environment variable; checked for shape.

    Raises the service's credentials error (never quoting the key) when there is none or it
    cannot be valid, so a typo fails at construction instead of as a 401 later.
    """
    rule = config.api_key
    error = config.errors.credentials_error
    if api_key is None and rule is not None:
        api_key = os.environ.get(rule.env) or None
    if api_key is None:
        where = f" or set ${rule.env}" if rule is not None else ""
        raise error(f"no API key: pass api_key=...{where}")
    if not isinstance(api_key, str):
        raise error(f"api_key must be a str, not {type(api_key).__name__}")
    if not api_key.strip():
        raise error("api_key is empty")
    if rule is not None and not re.fullmatch(rule.pattern, api_key):
        raise error(f"malformed API key: expected {rule.shape}")
    return Secret(api_key)


def resolve_base_url(config: ServiceConfig, base_url: object) -> str:
    """The origin passed, else the service's environment variable, else its public default."""
    env = os.environ.get(config.base_url_env) if config.base_url_env else None
    url = base_url or env or config.default_base_url
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise config.errors.argument_error(
            f"base_url must be a str starting with http:// or https://, got {url!r}"
        )
    return url.rstrip("/")
