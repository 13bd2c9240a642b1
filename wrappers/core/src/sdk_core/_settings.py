"""Where a client's settings come from: explicit argument → environment → profile file → default.

A :class:`SettingsChain` asks its sources in order and answers the first value found together
with where it came from (``argument base_url``, ``$KNEO_URL``, ``~/.config/kneo/client.toml
[staging]``), so an error can name the source — never the value, which may be a key::

    chain = SettingsChain(
        Explicit({"api_key": api_key}),
        Environment({"api_key": ("KEYSTONE_API_KEY", "POLARITY_API_KEY")}),
        ProfileFile(path, ("profiles", "default")),
        Defaults({"base_url": "https://keystone.polarity.so"}),
    )
    found = chain.lookup("api_key")   # Found(value, source) or None
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "Defaults",
    "Environment",
    "Explicit",
    "Found",
    "ProfileFile",
    "SettingsChain",
    "SettingsError",
    "SettingsSource",
]


class SettingsError(Exception):
    """A settings source cannot be read (malformed file, wrong value type); names the source."""

    def __init__(self, message: str, *, source: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source


@dataclass(frozen=True, slots=True)
class Found:
    """A setting's value and the source it came from (for messages; never print ``value``)."""

    value: Any = field(repr=False)
    source: str


class SettingsSource(Protocol):
    """One place settings may come from."""

    def lookup(self, key: str) -> Found | None:
        """The value of ``key`` here, or None when this source does not set it."""
        ...


@dataclass(frozen=True, slots=True)
class Explicit:
    """Keyword arguments a caller passed (None means "not passed")."""

    values: Mapping[str, Any] = field(repr=False)

    def lookup(self, key: str) -> Found | None:
        """The argument, if given."""
        value = self.values.get(key)
        return None if value is None else Found(value, f"argument {key}")


@dataclass(frozen=True, slots=True)
class Environment:
    """Environment variables, several spellings per setting (the first set one wins).

    Empty variables count as unset, as shells often export ``VAR=``.
    """

    names: Mapping[str, Sequence[str]]
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ, repr=False)

    def lookup(self, key: str) -> Found | None:
        """The first non-empty variable named for ``key``."""
        for name in self.names.get(key, ()):
            value = self.environ.get(name)
            if value:
                return Found(value, f"${name}")
        return None


def _load_toml(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(f"cannot be read ({exc.strerror})", source=str(path)) from None
    try:
        document: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # The parser's message names a line and column, never a value.
        raise SettingsError(f"is not valid TOML: {exc}", source=str(path)) from None
    return document


class ProfileFile:
    """One table of a TOML file (``("profiles", "staging")`` is ``[profiles.staging]``).

    A missing file sets nothing; a malformed one, or a table that is not a table, raises
    :class:`SettingsError` naming the file (and table). The file is read once, on first lookup.
    """

    __slots__ = ("_loaded", "_table", "path", "table")

    def __init__(self, path: str | os.PathLike[str], table: Sequence[str] = ()) -> None:
        self.path = Path(path)
        self.table = tuple(table)
        self._loaded = False
        self._table: Mapping[str, Any] = {}

    @property
    def label(self) -> str:
        """``path [a.b]`` as shown in messages."""
        return f"{self.path} [{'.'.join(self.table)}]" if self.table else str(self.path)

    def exists(self) -> bool:
        """Whether the file holds the table (loading the file if needed)."""
        return bool(self._values())

    def _values(self) -> Mapping[str, Any]:
        if not self._loaded:
            document = _load_toml(self.path)
            table: Any = document or {}
            for name in self.table:
                table = table.get(name, {}) if isinstance(table, Mapping) else None
                if not isinstance(table, Mapping):
                    raise SettingsError("is not a table", source=self.label)
            self._table = table
            self._loaded = True
        return self._table

    def lookup(self, key: str) -> Found | None:
        """The key's value in the table, if set."""
        values = self._values()
        if key not in values:
            return None
        return Found(values[key], f"{self.label} {key}")


@dataclass(frozen=True, slots=True)
class Defaults:
    """The values used when nothing else sets them."""

    values: Mapping[str, Any]

    def lookup(self, key: str) -> Found | None:
        """The default, if there is one."""
        return Found(self.values[key], "default") if key in self.values else None


class SettingsChain:
    """Sources asked in order; the first that sets a key wins."""

    __slots__ = ("sources",)

    def __init__(self, *sources: SettingsSource) -> None:
        self.sources = sources

    def lookup(self, key: str) -> Found | None:
        """The first source's value of ``key``, or None when no source sets it."""
        for source in self.sources:
            found = source.lookup(key)
            if found is not None:
                return found
        return None
