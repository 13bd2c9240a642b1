"""What makes one service's SDK different from another's, in one frozen value."""

from __future__ import annotations

from dataclasses import dataclass, field

from sdk_core._errors import ErrorMap
from sdk_core._retry import RetryPolicy

__all__ = ["ServiceConfig"]


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
