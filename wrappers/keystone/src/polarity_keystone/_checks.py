"""Checks on Keystone arguments, made before any request (shared by every resource group).

Each failure is a :class:`~polarity_keystone.KeystoneInvalidArgumentError` naming the argument;
values are quoted only where they cannot be secrets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from sdk_core import Arguments

from polarity_keystone._config import CONFIG

__all__ = [
    "CHECK",
    "MAX_INT",
    "SECRET_NAME",
    "any_text",
    "count",
    "duration",
    "local_path",
    "optional_count",
    "secret_name",
    "secret_values",
    "string_list",
    "tag",
    "text_map",
    "timestamp",
]

CHECK = Arguments(CONFIG)
MAX_INT = 2**63 - 1
# Go-style durations, the form the service's examples use (`10m`, `2m`, `1h30m`, `1.5s`).
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+")
_MAX_DURATION_CHARS = 64
# Environment-style names: what a sandbox exports its secrets as.
SECRET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_SECRET_NAME = 256


def _kind(value: object) -> str:
    if value is None or isinstance(value, bool | int | float):
        return repr(value)[:40]
    return f"a {type(value).__name__}"


def duration(name: str, value: object) -> str | None:
    """``value`` as the service's duration text (``"10m"``); a number is seconds (``"90s"``)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        CHECK.fail(f"{name} must be a duration such as '10m', or seconds, got {_kind(value)}")
    if isinstance(value, int | float):
        seconds = CHECK.positive_number(name, value)
        return f"{int(seconds)}s" if float(seconds).is_integer() else f"{seconds:g}s"
    text = value.strip()
    if len(text) > _MAX_DURATION_CHARS or not _DURATION.fullmatch(text):
        shown = repr(text) if len(text) <= _MAX_DURATION_CHARS else f"a {len(text)}-character text"
        CHECK.fail(f"{name} must be a duration such as '10m', '2m' or '90s', got {shown}")
    return text


def any_text(name: str, value: object) -> str:
    """``value`` if it is a string that can be sent (empty allowed; no lone surrogates)."""
    if not isinstance(value, str):
        CHECK.fail(f"{name} must be a string, got {_kind(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        CHECK.fail(f"{name} contains characters that cannot be encoded (lone surrogates)")
    return value


def tag(name: str, value: object) -> str | None:
    """``value`` if None or usable as a tag (a string that is one path segment)."""
    if value is None:
        return None
    if not isinstance(value, str):
        hint = " (a version number goes in version=)" if isinstance(value, int) else ""
        CHECK.fail(f"{name} must be a string, got {_kind(value)}{hint}")
    return CHECK.path_id(name, value)


def count(name: str, value: object, *, low: int = 1) -> int:
    """``value`` if it is an int from ``low`` up (a page size, a version)."""
    return CHECK.int_between(name, value, low, MAX_INT)


def optional_count(name: str, value: object, *, low: int = 1) -> int | None:
    """:func:`count`, or None when not given."""
    return None if value is None else count(name, value, low=low)


def text_map(name: str, value: object) -> dict[str, str] | None:
    """``value`` if None or a dict of strings to strings (``metadata``)."""
    if value is None:
        return None
    mapping = CHECK.mapping(name, value)
    for key, item in mapping.items():
        CHECK.text(f"{name} key", key)
        if not isinstance(item, str):
            CHECK.fail(f"{name}[{CHECK.preview(key)}] must be a string, got {_kind(item)}")
        if item:  # an empty value is allowed; one that cannot be encoded is not
            CHECK.text(f"{name}[{CHECK.preview(key)}]", item)
    return mapping


def secret_name(name: str, key: object) -> str:
    """``key`` if it can name a secret (an environment-style name)."""
    if not isinstance(key, str) or len(key) > _MAX_SECRET_NAME or not SECRET_NAME.fullmatch(key):
        shown = CHECK.preview(key) if isinstance(key, str) else _kind(key)
        CHECK.fail(
            f"{name}: {shown} cannot name a secret (letters, digits and _, not starting with a "
            "digit, e.g. ANTHROPIC_API_KEY)"
        )
    return key


def secret_values(name: str, value: object) -> dict[str, str]:
    """``value`` (``secrets=``) as a dict of names to values; values are never quoted."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        CHECK.fail(f"{name} must be a dict of names to values, got {_kind(value)}")
    checked: dict[str, str] = {}
    for key, item in value.items():
        key = secret_name(name, key)
        if not isinstance(item, str):
            CHECK.fail(f"{name}[{key!r}] must be a string, got {_kind(item)}")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            CHECK.fail(f"{name}[{key!r}] holds characters that cannot be encoded")
        checked[key] = item
    return checked


def string_list(name: str, value: object, *, empty_ok: bool = False) -> list[str]:
    """``value`` if it is a list (or tuple) of non-blank strings."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        CHECK.fail(f"{name} must be a list of strings, got {_kind(value)}")
    if not value and not empty_ok:
        CHECK.fail(f"{name} must hold at least one string")
    return [CHECK.text(f"{name}[{index}]", item) for index, item in enumerate(value)]


def timestamp(name: str, value: object) -> str | None:
    """``value`` as ISO-8601 text: a ``datetime`` is formatted, a string is passed as is."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return CHECK.text(name, value)


def local_path(name: str, value: object) -> Path:
    """``value`` as a local path (``str`` or ``os.PathLike``); not checked for existence."""
    if isinstance(value, bool) or not isinstance(value, str | os.PathLike):
        CHECK.fail(f"{name} must be a path (str or pathlib.Path), got {_kind(value)}")
    text = os.fspath(value)
    if not isinstance(text, str):  # a PathLike of bytes
        CHECK.fail(f"{name} must be a text path, not bytes")
    CHECK.text(name, text)
    if "\x00" in text:
        CHECK.fail(f"{name} must not contain NUL characters")
    return Path(text)
