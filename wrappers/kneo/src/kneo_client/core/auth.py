"""How the API key is presented: :class:`AuthScheme` and the :class:`ApiKeyAuth` httpx auth.

The platform accepts the key as ``Authorization: Bearer <key>`` or as ``X-Kneo-Api-Key: <key>``::

    auth = ApiKeyAuth(profile.api_key, AuthScheme.KNEO_API_KEY)
    httpx.AsyncClient(base_url=profile.url, auth=auth)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Generator

import httpx
from sdk_core import Secret

__all__ = [
    "AUTHORIZATION_HEADER",
    "KNEO_API_KEY_HEADER",
    "ApiKeyAuth",
    "AuthScheme",
    "check_api_key",
]

AUTHORIZATION_HEADER = "Authorization"
KNEO_API_KEY_HEADER = "X-Kneo-Api-Key"

# Visible ASCII only: a space, CR/LF or a non-ASCII character cannot be sent in a header, and
# h11/httpx would quote the whole header value (with the key) in their error message.
_KEY_CHARACTERS = re.compile(r"[\x21-\x7e]+")


class AuthScheme(str, enum.Enum):
    """Which header carries the API key (a string-valued enum: ``AuthScheme("bearer")``)."""

    #: ``Authorization: Bearer <key>``
    BEARER = "bearer"
    #: ``X-Kneo-Api-Key: <key>``
    KNEO_API_KEY = "kneo_api_key"

    @property
    def header_name(self) -> str:
        """The header this scheme sets."""
        return AUTHORIZATION_HEADER if self is AuthScheme.BEARER else KNEO_API_KEY_HEADER

    def header_value(self, api_key: str) -> str:
        """The header's value for ``api_key``."""
        return f"Bearer {api_key}" if self is AuthScheme.BEARER else api_key

    def __str__(self) -> str:
        return self.value


def check_api_key(api_key: object, *, source: str = "api_key") -> str:
    """``api_key`` if a header can carry it; else ``ValueError`` naming ``source``, not the key.

    Empty and whitespace-only keys are rejected, and so are keys with spaces, control characters
    (a trailing newline from ``$(cat key.txt)``) or non-ASCII characters.
    """
    if not isinstance(api_key, str):
        raise ValueError(f"{source} must be a str, not {type(api_key).__name__}")
    if not api_key.strip():
        raise ValueError(f"{source} is empty")
    if not _KEY_CHARACTERS.fullmatch(api_key):
        raise ValueError(
            f"{source} holds characters a header cannot carry (spaces, control or non-ASCII "
            "characters); an API key is visible ASCII only"
        )
    return api_key


class ApiKeyAuth(httpx.Auth):
    """An ``httpx.Auth`` that puts the API key on every request, redirects included.

    Works with ``httpx.Client`` and ``httpx.AsyncClient`` alike (httpx's auth flow is a
    synchronous generator). The key is kept in a :class:`sdk_core.Secret`, so neither ``repr``
    nor ``str`` of the auth shows it.

    Args:
        api_key: the non-empty key (``ValueError`` if empty or not sendable in a header).
        scheme: the header it is sent in (an :class:`AuthScheme` or its string value).

    """

    def __init__(self, api_key: str, scheme: AuthScheme | str = AuthScheme.BEARER) -> None:
        self._key = Secret(check_api_key(api_key))
        try:
            self.scheme = AuthScheme(scheme)
        except ValueError:
            choices = ", ".join(repr(s.value) for s in AuthScheme)
            raise ValueError(f"scheme must be one of {choices}") from None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the key's header (replacing any spelling of it the caller set) and send."""
        # httpx headers are case-insensitive: this replaces "authorization: x" too.
        request.headers[self.scheme.header_name] = self.scheme.header_value(self._key.reveal())
        yield request

    def __repr__(self) -> str:
        return f"ApiKeyAuth(api_key='<redacted>', scheme={self.scheme!s})"

    __str__ = __repr__
