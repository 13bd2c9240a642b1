"""Kneo's settings for the shared core (``sdk_core``): one frozen :class:`ServiceConfig`.

The transport derives a per-profile copy with :func:`config_for` (the auth header and scheme
follow ``Profile.auth_scheme``). There is no environment variable and no default URL here:
profiles (:mod:`kneo_client.core.profiles`) own every piece of configuration.
"""

from __future__ import annotations

from dataclasses import replace

import httpx
from sdk_core import ApiKeyRule, ErrorMap, Redactor, SDKError, ServiceConfig

from kneo_client._version import __version__
from kneo_client.core.auth import AuthScheme
from kneo_client.core.errors import (
    STATUS_CLASSES,
    KneoAuthError,
    KneoError,
    KneoInvalidArgumentError,
    KneoNetworkError,
    KneoProtocolError,
    KneoServerError,
    from_response,
)
from kneo_client.core.idempotency import IDEMPOTENCY_KEY_HEADER
from kneo_client.core.request_ids import REQUEST_ID_HEADER, uuid4_text
from kneo_client.core.retries import RetryPolicy, to_core_policy

__all__ = ["CONFIG", "USER_AGENT", "config_for"]

USER_AGENT = f"kneo-client-python/{__version__}"
# Any non-empty run of visible ASCII: what a header can carry unchanged (as check_api_key).
_KEY_PATTERN = r"[\x21-\x7e]+"


def _response_error(
    response: httpx.Response, request_id: str | None, redactor: Redactor
) -> SDKError:
    """The page's classes for an error response (409 split by the body, key scrubbed)."""
    error = from_response(response)
    if error.request_id is None:
        error.request_id = request_id
    return error


CONFIG = ServiceConfig(
    name="kneo",
    user_agent=USER_AGENT,
    errors=ErrorMap(
        base=KneoError,
        # The page has one class for "no response", timeouts included.
        connection=KneoNetworkError,
        timeout=KneoNetworkError,
        decode=KneoProtocolError,
        by_status=STATUS_CLASSES,
        server=KneoServerError,
        invalid_argument=KneoInvalidArgumentError,
        invalid_credentials=KneoAuthError,
        response_error=_response_error,
    ),
    retry=to_core_policy(RetryPolicy()),
    request_id_header=REQUEST_ID_HEADER,
    idempotency_header=IDEMPOTENCY_KEY_HEADER,
    auth_header=AuthScheme.BEARER.header_name,
    auth_scheme="Bearer",
    # No variable is read (env ""): the key always comes from a Profile.
    api_key=ApiKeyRule(env="", pattern=_KEY_PATTERN, shape="non-empty visible ASCII characters"),
    # The page's request ids and idempotency keys are UUID4s.
    new_id=uuid4_text,
)


def config_for(scheme: AuthScheme) -> ServiceConfig:
    """:data:`CONFIG` with the auth header of ``scheme``.

    ``Authorization: Bearer <key>`` or ``X-Kneo-Api-Key: <key>``.
    """
    if scheme is AuthScheme.BEARER:
        return CONFIG
    return replace(CONFIG, auth_header=scheme.header_name, auth_scheme=None)
