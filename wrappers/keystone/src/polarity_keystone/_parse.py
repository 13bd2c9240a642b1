"""Response bodies as the types of :mod:`polarity_keystone.types` (or plain JSON).

Every parser raises ``ValueError`` (``KeystoneMalformedResponseError`` is one) on a body that
is not the documented shape; the core turns that into
:class:`~polarity_keystone.KeystoneMalformedResponseError` carrying the request id, the method
and the path — never a raw ``json.JSONDecodeError``, ``KeyError`` or ``TypeError``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from sdk_core import Page

__all__ = ["json_object", "list_of", "one", "page_of", "text"]

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")


class _FromDict(Protocol[T_co]):
    def from_dict(self, data: Any, /) -> T_co: ...


def _json(body: bytes) -> Any:
    """The JSON value of ``body``; an empty body is ``None`` (the published client's rule)."""
    if not body.strip():
        return None
    return json.loads(body)


def _items(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"expected {what} as a JSON array, got {type(value).__name__}")
    return value


def one(cls: _FromDict[T]) -> Callable[[bytes], T]:
    """A parser of one JSON object into ``cls``."""

    def parse(body: bytes) -> T:
        value = _json(body)
        if not isinstance(value, dict):
            raise ValueError(f"expected a JSON object, got {type(value).__name__}")
        return cls.from_dict(value)

    return parse


def list_of(cls: _FromDict[T]) -> Callable[[bytes], list[T]]:
    """A parser of a bare JSON array of objects (``null`` or an empty body: no items)."""

    def parse(body: bytes) -> list[T]:
        return [cls.from_dict(item) for item in _items(_json(body), "the list")]

    return parse


def page_of(cls: _FromDict[T]) -> Callable[[bytes], Page[T]]:
    """A parser of one ``{items, next_cursor}`` page."""
    from sdk_core import Page

    def parse(body: bytes) -> Page[T]:
        value = _json(body)
        if value is None:
            return Page([], None)
        if not isinstance(value, dict):
            raise ValueError(f"expected a page object, got {type(value).__name__}")
        cursor = value.get("next_cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise ValueError(f"next_cursor: expected a string, got {type(cursor).__name__}")
        items = [cls.from_dict(item) for item in _items(value.get("items"), "items")]
        return Page(items, cursor or None)

    return parse


def json_object(body: bytes) -> dict[str, Any]:
    """A JSON object as a dict (an empty body or ``null``: an empty dict)."""
    value = _json(body)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    return value


def json_objects(body: bytes) -> list[dict[str, Any]]:
    """A bare JSON array of objects as dicts."""
    items = _items(_json(body), "the list")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"[{index}]: expected a JSON object, got {type(item).__name__}")
    return items


def text(body: bytes) -> str:
    """The body as UTF-8 text (an NDJSON export)."""
    return body.decode("utf-8")
