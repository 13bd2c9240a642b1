"""Turning any Python value into the text a trace event carries, safely.

:func:`capture` never raises, whatever it is given: objects whose ``__repr__`` raises, cycles,
bytes, NaN, huge ints, deep nesting, lone surrogates. Mappings whose keys look like secrets
(``api_key``, ``token``, ``password``, ``authorization``, ``secret``...) have those values
replaced by :data:`REDACTED`, and the text is cut to :data:`MAX_CAPTURE` characters (the
published client's 4000), ending with :data:`TRUNCATED` when cut.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping

__all__ = [
    "MAX_CAPTURE",
    "REDACTED",
    "TRUNCATED",
    "capture",
    "capture_arguments",
    "is_secret_name",
    "plain",
]

#: The most characters an ``input`` or ``output`` holds (the marker included).
MAX_CAPTURE = 4000
#: What ends a cut text.
TRUNCATED = "…[truncated]"
#: What replaces a value whose name looks secret.
REDACTED = "[redacted]"

# Whole words of a snake/kebab/camel name: `max_tokens` is not a secret, `auth_token` is.
_SECRET_WORDS = frozenset(
    {
        "apikey",
        "auth",
        "authorization",
        "bearer",
        "cookie",
        "credential",
        "credentials",
        "passphrase",
        "passwd",
        "password",
        "pwd",
        "secret",
        "secrets",
        "token",
    }
)
_SECRET_PAIRS = ("api_key", "access_key", "private_key", "secret_key", "session_key")
_WORDS = re.compile(r"[A-Za-z][a-z]*|[0-9]+")
# Enough for any argument list a person reads; the text is cut at MAX_CAPTURE anyway.
_MAX_NODES = 2000
_MAX_DEPTH = 32
_MAX_INT = 2**64
_MAX_NAME = 200


def is_secret_name(name: object) -> bool:
    """Whether an argument or key called ``name`` probably holds a credential."""
    if not isinstance(name, str):
        return False
    if len(name) > _MAX_NAME:
        return _is_secret_name(name)
    return _secret_name_cached(name)


def _is_secret_name(name: str) -> bool:
    lowered = name.lower().replace("-", "_")
    if any(pair in lowered for pair in _SECRET_PAIRS):
        return True
    return any(word.lower() in _SECRET_WORDS for word in _WORDS.findall(name))


# Argument names repeat call after call: decide each once.
_secret_name_cached = functools.lru_cache(maxsize=4096)(_is_secret_name)


def _repr(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile or broken __repr__ must not break the traced call
        return f"<unrepresentable {type(value).__name__}>"
    return text[: MAX_CAPTURE + 1]


class _Walk:
    """One conversion's budget and the containers on the current path (cycles)."""

    __slots__ = ("nodes", "path")

    def __init__(self) -> None:
        self.nodes = _MAX_NODES
        self.path: set[int] = set()

    def value(self, value: object, depth: int) -> object:
        if value is None or value is True or value is False:
            return value
        if isinstance(value, str):
            text = str.__str__(value)
            if len(text) > MAX_CAPTURE:
                text = text[:MAX_CAPTURE]
            return text if text.isascii() else _utf8(text)
        if isinstance(value, int):
            return (
                int(value)
                if -_MAX_INT < value < _MAX_INT
                else f"<int of {value.bit_length()} bits>"
            )
        if isinstance(value, float):
            return float(value) if math.isfinite(value) else repr(float(value))
        self.nodes -= 1
        if self.nodes < 0 or depth > _MAX_DEPTH:
            return "…"
        if isinstance(value, bytes | bytearray | memoryview):
            return _bytes_text(value)
        if isinstance(value, Mapping | list | tuple | set | frozenset):
            ident = id(value)
            if ident in self.path:
                return "<cycle>"
            self.path.add(ident)
            try:
                if isinstance(value, Mapping):
                    return self.mapping(value, depth)
                return self.items(value, depth)
            except Exception:  # a mapping or sequence whose iteration raises
                return _repr(value)
            finally:
                self.path.discard(ident)
        return _repr(value)

    def mapping(self, value: Mapping[object, object], depth: int) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, item in value.items():
            if self.nodes < 0:
                out["…"] = "…"
                break
            name = key if isinstance(key, str) else _repr(key)
            if not name.isascii():
                name = _utf8(name)
            out[name] = REDACTED if is_secret_name(name) else self.value(item, depth + 1)
        return out

    def items(self, value: object, depth: int) -> list[object]:
        out: list[object] = []
        assert isinstance(value, list | tuple | set | frozenset)
        for item in value:
            if self.nodes < 0:
                out.append("…")
                break
            out.append(self.value(item, depth + 1))
        return out


def _bytes_text(value: bytes | bytearray | memoryview) -> str:
    data = bytes(value[: MAX_CAPTURE + 1])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(value)} bytes>"


def plain(value: object) -> object:
    """``value`` as JSON-ready data (dicts, lists, str, numbers), secrets redacted; never raises."""
    try:
        return _Walk().value(value, 0)
    except Exception:  # pragma: no cover - the walk guards each step; this is the last net
        return f"<unrepresentable {type(value).__name__}>"


def _utf8(text: str) -> str:
    """``text`` with anything UTF-8 cannot carry (lone surrogates) replaced."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _clean(text: str) -> str:
    """``text`` cut to :data:`MAX_CAPTURE`, and encodable as UTF-8 (no lone surrogates)."""
    if len(text) > MAX_CAPTURE:
        text = text[: MAX_CAPTURE - len(TRUNCATED)] + TRUNCATED
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


#: The longest span name (or event type) sent; a longer one is cut, ending in "…".
MAX_NAME = 256


def clean_name(text: str) -> str:
    """``text`` cut to :data:`MAX_NAME` characters and encodable as UTF-8 (no lone surrogates)."""
    if len(text) > MAX_NAME:
        text = text[: MAX_NAME - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")


def _fast(value: object) -> str | None:
    """The JSON text of a value that needs no walk (None, bools, small ints, finite floats)."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int and -_MAX_INT < value < _MAX_INT:  # type: ignore[operator]
        return str(value)
    if kind is float and math.isfinite(value):  # type: ignore[arg-type]
        return repr(value)
    return None


# One encoder, built once: json.dumps with options builds a new one on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=_repr)


def _dumps(data: object) -> str:
    try:
        return _ENCODER.encode(data)
    except Exception:  # pragma: no cover - plain() leaves nothing json cannot write
        return _repr(data)


def capture(value: object) -> str:
    """The text of ``value`` for an event: a str as is, anything else as JSON; never raises."""
    if type(value) is str:
        return _clean(value)
    fast = _fast(value)
    if fast is not None:
        return fast
    return _clean(_dumps(plain(value)))


_PRIMITIVES = (type(None), bool, int, float)


def capture_arguments(arguments: Mapping[str, object]) -> str:
    """The JSON text of a call's bound arguments, those with secret-looking names redacted."""
    data: dict[str, object] = {}
    for name, value in arguments.items():
        if is_secret_name(name):
            data[name] = REDACTED
        elif type(value) is str:
            data[name] = value if len(value) <= MAX_CAPTURE else value[:MAX_CAPTURE]
        elif type(value) in _PRIMITIVES and _fast(value) is not None:
            data[name] = value
        else:
            data[name] = plain(value)
    return _clean(_dumps(data))
