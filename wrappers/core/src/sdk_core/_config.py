"""What makes one service's SDK different from another's, in one frozen value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from sdk_core._errors import ErrorMap
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Secret

__all__ = ["ApiKeyRule", "ServiceConfig", "preview", "resolve_api_key", "resolve_base_url"]

_PREVIEW_CHARS = 80


def preview(value: str) -> str:
    """``value`` quoted for a message, cut short: a 1 MB argument never becomes a 1 MB error.

    Only for values that cannot be secrets (URLs without credentials, names, types).
    """
    if len(value) <= _PREVIEW_CHARS:
        return repr(value)
    return f"{value[:_PREVIEW_CHARS]!r}... ({len(value)} characters)"


@dataclass(frozen=True, slots=True)
class ApiKeyRule:
    """Where a service's API key comes from when not passed, and what a valid one looks like.

    Attributes:
        env: the environment variable read when no key is passed.
        pattern: a regex a whole key must match (checked before any request).
        shape: the expected shape in words, for the error message (the key itself is never
            quoted).
        env_aliases: other variables read, in order, when ``env`` is unset (a service whose
            other clients spell it differently).

    """

    env: str
    pattern: str
    shape: str
    env_aliases: tuple[str, ...] = ()

    @property
    def env_names(self) -> tuple[str, ...]:
        """Every variable read for the key, in order."""
        # An empty `env` means the service reads no variable (Kneo: profiles own configuration).
        return tuple(name for name in (self.env, *self.env_aliases) if name)


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
        new_id: makes the request id of a call, and the idempotency key of a POST the caller
            gave none (None: 32 random hex digits, keys prefixed ``sdk-``), e.g. a UUID4 where
            the service's page promises one.

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
    new_id: Callable[[], str] | None = None


def resolve_api_key(config: ServiceConfig, api_key: object) -> Secret:
    """The key passed, else the one in the service's environment variables; checked for shape.

    Raises the service's credentials error (never quoting the key) when there is none or it
    cannot be valid, so a typo fails at construction instead of as a 401 later.
    """
    from sdk_core._settings import Environment, Explicit, SettingsChain

    rule = config.api_key
    error = config.errors.credentials_error
    environment = Environment({"api_key": rule.env_names if rule is not None else ()})
    found = SettingsChain(Explicit({"api_key": api_key}), environment).lookup("api_key")
    if found is None:
        where = f" or set ${rule.env}" if rule is not None and rule.env else ""
        raise error(f"no API key: pass api_key=...{where}")
    value = found.value
    if not isinstance(value, str):
        raise error(f"api_key must be a str, not {type(value).__name__}")
    if not value.strip():
        raise error(f"the API key from {found.source} is empty")
    if rule is not None and not re.fullmatch(rule.pattern, value):
        raise error(f"malformed API key from {found.source}: expected {rule.shape}")
    if not value.isascii() or not value.isprintable():
        raise error(f"the API key from {found.source} holds characters a header cannot carry")
    return Secret(value)


_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


def resolve_base_url(config: ServiceConfig, base_url: object) -> str:
    """The origin passed, else the service's environment variable, else its public default.

    Checked so that every request goes where the caller meant: ``http(s)://host[:port][/path]``
    with no spaces or control characters, no ``?query`` or ``#fragment`` (they would swallow
    every request path) and no ``user:password@`` (credentials belong in the API key).
    """
    from sdk_core._settings import Defaults, Environment, Explicit, SettingsChain

    names = (config.base_url_env,) if config.base_url_env else ()
    # Only None and "" mean "not given": a falsy value of another type ([], 0) is a mistake.
    chain = SettingsChain(
        Explicit({"base_url": None if base_url == "" else base_url}),
        Environment({"base_url": names}),
        Defaults({"base_url": config.default_base_url} if config.default_base_url else {}),
    )
    found = chain.lookup("base_url")
    fail = config.errors.argument_error
    if found is None:
        raise fail("no base_url: pass base_url=...")
    url, source = found.value, found.source
    if not isinstance(url, str):
        raise fail(f"base_url must be a str, got {type(url).__name__} from {source}")
    scheme, sep, rest = url.partition("://")
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        raise fail(f"base_url from {source} must not hold user:password@ credentials")
    if "?" in url or "#" in url:
        # Never quote it: a query string is where keys and tokens end up.
        raise fail(f"base_url from {source} must not have a ?query or #fragment")
    if not sep or scheme.lower() not in {"http", "https"} or not authority.strip("[]:"):
        raise fail(
            f"base_url from {source} must be http(s)://host[:port][/path], got {preview(url)}"
        )
    if _URL_UNSAFE.search(url) or not url.isascii():
        raise fail(
            f"base_url from {source} must not contain spaces, control or non-ASCII "
            f"characters, got {preview(url)}"
        )
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise fail(f"base_url from {source} is not a valid URL: {preview(url)}") from None
    if not parsed.host:
        raise fail(f"base_url from {source} has no host: {preview(url)}")
    return url.rstrip("/")
