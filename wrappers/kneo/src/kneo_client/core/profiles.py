"""Profiles: everything a transport needs to reach one platform instance, and where it comes from.

:func:`load_profile` resolves each field from, in increasing precedence:

1. the profile's table in a TOML file (``[default]``, ``[staging]``, ...), by default
   ``platformdirs.user_config_dir("kneo")/client.toml``;
2. the environment: ``KNEO_URL``, ``KNEO_API_KEY``, ``KNEO_AUTH_SCHEME``, ``KNEO_TIMEOUT``
   (``KNEO_PROFILE`` picks the table);
3. keyword arguments.

::

    # ~/.config/kneo/client.toml
    [default]
    url = "https://kneo.example.com"
    api_key = "prod-key"
    auth_scheme = "bearer"
    timeout = 30.0

    [staging]
    url = "https://staging-kneo.example.com"
    api_key = "staging-key"

Every :class:`ProfileError` names where the bad value came from (``$KNEO_TIMEOUT``,
``client.toml [staging] url``, ``argument api_key``) and never the value itself.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdk_core import (
    MAX_SECONDS,
    Defaults,
    Environment,
    Explicit,
    Found,
    ProfileFile,
    SettingsChain,
    SettingsError,
)

from kneo_client.core.auth import AuthScheme, check_api_key

__all__ = [
    "CONFIG_FILE_NAME",
    "DEFAULT_PROFILE_NAME",
    "DEFAULT_TIMEOUT_SECONDS",
    "ENV_API_KEY",
    "ENV_AUTH_SCHEME",
    "ENV_PROFILE",
    "ENV_TIMEOUT",
    "ENV_URL",
    "Profile",
    "ProfileError",
    "default_config_path",
    "load_profile",
]

DEFAULT_PROFILE_NAME = "default"
DEFAULT_TIMEOUT_SECONDS = 30.0
ENV_PROFILE = "KNEO_PROFILE"
ENV_URL = "KNEO_URL"
ENV_API_KEY = "KNEO_API_KEY"
ENV_AUTH_SCHEME = "KNEO_AUTH_SCHEME"
ENV_TIMEOUT = "KNEO_TIMEOUT"
CONFIG_FILE_NAME = "client.toml"
_APP_NAME = "kneo"

_ENV_NAMES: Mapping[str, tuple[str, ...]] = {
    "url": (ENV_URL,),
    "api_key": (ENV_API_KEY,),
    "auth_scheme": (ENV_AUTH_SCHEME,),
    "timeout": (ENV_TIMEOUT,),
}
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


class ProfileError(ValueError):
    """A profile cannot be resolved: a missing url or api_key, a malformed file, a bad value.

    Attributes:
        source: where the offending value came from (``$KNEO_TIMEOUT``, ``<file> [name] url``,
            ``argument timeout``), or None when no source set a required field.

    A ``ValueError``, so code written for the published client's bare ``ValueError`` on a bad
    timeout keeps working.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


def _source_of(found: Found | None, fallback: str) -> str:
    return found.source if found is not None else fallback


def _check_url(value: object, source: str) -> str:
    if not isinstance(value, str):
        raise ProfileError(f"url from {source} must be a string", source=source)
    if not value.strip():
        raise ProfileError(f"url from {source} is empty", source=source)
    scheme, sep, rest = value.partition("://")
    authority = rest.split("/", 1)[0]
    # The URL is never quoted: a query string or user:password@ is where secrets end up.
    if "@" in authority:
        raise ProfileError(
            f"url from {source} must not hold user:password@ credentials", source=source
        )
    if "?" in value or "#" in value:
        raise ProfileError(f"url from {source} must not have a ?query or #fragment", source=source)
    if not sep or scheme.lower() not in {"http", "https"} or not authority.strip("[]:"):
        raise ProfileError(f"url from {source} must be http(s)://host[:port][/path]", source=source)
    if _URL_UNSAFE.search(value) or not value.isascii():
        raise ProfileError(
            f"url from {source} must not contain spaces, control or non-ASCII characters",
            source=source,
        )
    return value


def _check_key(value: object, source: str) -> str:
    try:
        return check_api_key(value, source=f"api_key from {source}")
    except ValueError as exc:
        raise ProfileError(str(exc), source=source) from None


def _check_scheme(value: object, source: str) -> AuthScheme:
    if isinstance(value, AuthScheme):
        return value
    if isinstance(value, str):
        # Case-insensitive, so KNEO_AUTH_SCHEME=Bearer works (the published client rejected it).
        try:
            return AuthScheme(value.strip().lower())
        except ValueError:
            pass
    choices = ", ".join(repr(s.value) for s in AuthScheme)
    raise ProfileError(f"auth_scheme from {source} must be one of {choices}", source=source)


def _check_timeout(value: object, source: str) -> float:
    # bool is an int: a TOML `timeout = true` must not become a 1-second timeout.
    if isinstance(value, str):
        try:
            seconds = float(value.strip())
        except ValueError:
            raise ProfileError(
                f"timeout from {source} must be a number of seconds", source=source
            ) from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except OverflowError:  # an int too large for a float
            seconds = math.inf
    else:
        raise ProfileError(f"timeout from {source} must be a number of seconds", source=source)
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_SECONDS:
        raise ProfileError(
            f"timeout from {source} must be more than 0 and at most {MAX_SECONDS:g} seconds",
            source=source,
        )
    return seconds


@dataclass(frozen=True)
class Profile:
    """Everything a transport needs to talk to one Kneo Agent Platform instance.

    Build one directly or with :func:`load_profile`; fields are checked on construction
    (:class:`ProfileError`). ``repr`` and ``str`` never show ``api_key``.

    Attributes:
        name: the profile's name (informational; used in log records).
        url: the instance's base URL, ``http(s)://host[:port][/path]``.
        api_key: the key to authenticate with.
        auth_scheme: how the key is presented (``Authorization: Bearer`` or ``X-Kneo-Api-Key``);
            a string value (``"bearer"``) is converted to the enum.
        timeout: per-request timeout in seconds (finite, more than 0).

    """

    name: str
    url: str
    api_key: str = field(repr=False)
    auth_scheme: AuthScheme = AuthScheme.BEARER
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ProfileError("Profile.name must be a non-empty string", source="Profile.name")
        _check_url(self.url, "Profile.url")
        _check_key(self.api_key, "Profile.api_key")
        # Frozen: normalised values are written with object.__setattr__.
        object.__setattr__(
            self, "auth_scheme", _check_scheme(self.auth_scheme, "Profile.auth_scheme")
        )
        object.__setattr__(self, "timeout", _check_timeout(self.timeout, "Profile.timeout"))


def _fallback_config_dir() -> Path:
    """The rule of ``platformdirs.user_config_dir("kneo")``, for when it is not installed."""
    home = Path(os.path.expanduser("~"))
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        # platformdirs' app author defaults to the app name: %LOCALAPPDATA%\kneo\kneo.
        return Path(base) / _APP_NAME / _APP_NAME
    # An absolute $XDG_CONFIG_HOME wins on Linux and (as in platformdirs 4.x) on macOS; the
    # XDG spec ignores relative paths.
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / _APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / _APP_NAME
    return home / ".config" / _APP_NAME


def default_config_path() -> Path:
    r"""Where ``client.toml`` lives by default: ``platformdirs.user_config_dir("kneo")``.

    ``~/.config/kneo/client.toml`` on Linux,
    ``~/Library/Application Support/kneo/client.toml`` on macOS (``$XDG_CONFIG_HOME`` wins on
    both when set to an absolute path),
    ``%LOCALAPPDATA%\kneo\kneo\client.toml`` on Windows. platformdirs is imported only here,
    and only if installed; without it the same rule is applied by this module.
    """
    try:
        import platformdirs
    except ImportError:
        return _fallback_config_dir() / CONFIG_FILE_NAME
    return Path(platformdirs.user_config_dir(_APP_NAME)) / CONFIG_FILE_NAME


def _profile_name(name: object) -> str:
    chain = SettingsChain(
        Explicit({"name": name}),
        Environment({"name": (ENV_PROFILE,)}),
        Defaults({"name": DEFAULT_PROFILE_NAME}),
    )
    found = chain.lookup("name")
    assert found is not None  # the default always answers
    if not isinstance(found.value, str) or not found.value.strip():
        raise ProfileError(
            f"the profile name from {found.source} must be a non-empty string",
            source=found.source,
        )
    return found.value


def load_profile(
    name: str | None = None,
    *,
    config_file: str | os.PathLike[str] | None = None,
    url: str | None = None,
    api_key: str | None = None,
    auth_scheme: AuthScheme | str | None = None,
    timeout: float | None = None,
) -> Profile:
    """Resolve a :class:`Profile` from the TOML file, the environment and these arguments.

    Later sources override earlier ones, field by field: the ``[name]`` table of
    ``config_file`` (default :func:`default_config_path`; a file that does not exist is
    skipped), then ``$KNEO_URL`` / ``$KNEO_API_KEY`` / ``$KNEO_AUTH_SCHEME`` / ``$KNEO_TIMEOUT``
    (an empty variable counts as unset), then the arguments that are not None.

    Args:
        name: the profile (table) name; default ``$KNEO_PROFILE``, then ``"default"``.
        config_file: the TOML file to read instead of the default one.
        url: the base URL.
        api_key: the API key.
        auth_scheme: an :class:`AuthScheme` or its string value (case-insensitive).
        timeout: per-request timeout in seconds.

    Raises:
        ProfileError: no url or api_key from any source; a file that cannot be read or is not
            valid TOML; a profile entry that is not a table; an invalid value (naming its
            source, never the value).

    """
    profile_name = _profile_name(name)
    path = Path(config_file) if config_file is not None else default_config_path()
    chain = SettingsChain(
        Explicit({"url": url, "api_key": api_key, "auth_scheme": auth_scheme, "timeout": timeout}),
        Environment(_ENV_NAMES),
        ProfileFile(path, (profile_name,)),
        Defaults({"auth_scheme": AuthScheme.BEARER, "timeout": DEFAULT_TIMEOUT_SECONDS}),
    )
    where = f"{path} [{profile_name}]"
    try:
        found = {key: chain.lookup(key) for key in ("url", "api_key", "auth_scheme", "timeout")}
    except SettingsError as exc:
        raise ProfileError(str(exc), source=exc.source) from None
    for key, env in (("url", ENV_URL), ("api_key", ENV_API_KEY)):
        if found[key] is None:
            raise ProfileError(
                f"no {key} for profile {profile_name!r}: set {key} in {where}, set ${env}, "
                f"or pass {key}=..."
            )
    values: dict[str, Any] = {key: f.value for key, f in found.items() if f is not None}
    sources = {key: _source_of(f, "default") for key, f in found.items()}
    return Profile(
        name=profile_name,
        url=_check_url(values["url"], sources["url"]),
        api_key=_check_key(values["api_key"], sources["api_key"]),
        auth_scheme=_check_scheme(values["auth_scheme"], sources["auth_scheme"]),
        timeout=_check_timeout(values["timeout"], sources["timeout"]),
    )
