"""Limit/offset pages over the fake's records, sorted by dotted paths, and the audit log.

Every list of the platform takes ``limit`` (1-1000, checked by the spec), ``offset`` (>= 0)
``sort_by`` (a dotted path into the items, ``metadata.owner``, ``visited_steps.0``) and
``sort_order`` (``asc`` or ``desc``; anything else is a 422). The order is total and
deterministic: items are sorted by their value at ``sort_by`` (numbers before strings before
anything else, which compares by its JSON), ties in store order; ``desc`` is exactly ``asc``
reversed (so ties come newest first); items without the value (or with null) come last
either way, in store order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sdk_core.fakes import ApiError, ascii_dumps, validation_item

__all__ = ["AuditLog", "check_sort_order", "lookup", "ordered", "page_of"]

JSON = dict[str, Any]
_MISSING = object()
_SORT_ORDERS = ("asc", "desc")
#: The fields the audit log indexes (the listing's filters).
AUDIT_FILTERS = ("event_type", "run_id", "principal")


def check_sort_order(value: Any) -> str:
    """``value`` if it is ``asc`` or ``desc``; else FastAPI's 422 for the query parameter."""
    if value in _SORT_ORDERS:
        return str(value)
    raise ApiError(
        422,
        [
            validation_item(
                ["query", "sort_order"],
                "literal_error",
                "Input should be 'asc' or 'desc'",
                value,
                {"expected": "'asc' or 'desc'"},
            )
        ],
    )


def lookup(item: Any, path: str) -> Any:
    """The value at the dotted ``path`` in ``item`` (list indexes as digits), or ``_MISSING``."""
    node = item
    for part in path.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _rank(value: Any) -> tuple[int, Any]:
    """A key that orders any JSON values without comparing across types."""
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, str):
        return (2, value)
    return (3, ascii_dumps(value))


def ordered(items: Sequence[JSON], sort_by: str, sort_order: str) -> list[JSON]:
    """``items`` in the documented order (see the module docstring)."""
    present: list[tuple[tuple[int, Any], int, JSON]] = []
    absent: list[JSON] = []
    for i, item in enumerate(items):
        value = lookup(item, sort_by)
        if value is _MISSING or value is None:
            absent.append(item)
        else:
            present.append((_rank(value), i, item))
    present.sort(key=lambda entry: (entry[0], entry[1]))
    if sort_order == "desc":
        present.reverse()
    return [entry[2] for entry in present] + absent


def page_of(name: str, items: Sequence[JSON], query: Mapping[str, Any], **extra: Any) -> JSON:
    """A list answer: the page of ``items`` under ``name``, ``count``, ``total`` and the echo."""
    sort_by = str(query["sort_by"])
    sort_order = check_sort_order(query["sort_order"])
    limit, offset = int(query["limit"]), int(query["offset"])
    chosen = ordered(items, sort_by, sort_order)[offset : offset + limit]
    return {
        **extra,
        name: chosen,
        "count": len(chosen),
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "sort_by": sort_by,
        "sort_order": sort_order,
    }


class AuditLog:
    """The audit events, indexed by the listing's filters, paged without re-sorting.

    Events are appended with non-decreasing timestamps (the fake's clock never runs back), so
    store order *is* the ``timestamp`` / ``created_at`` order: the default listing slices it
    (reversed for ``desc``) in O(page size), whatever the log's length. Other sort keys sort
    the matching events once and keep that order until the log changes. Not thread-safe on its
    own: the fake holds its lock around every call.
    """

    def __init__(self) -> None:
        self._events: list[JSON] = []
        self._index: dict[str, dict[str, list[int]]] = {f: {} for f in AUDIT_FILTERS}
        self._in_time_order = True
        self._cache: tuple[Any, list[JSON]] | None = None

    def __len__(self) -> int:
        return len(self._events)

    def append(self, event: JSON) -> None:
        """Add an event (it needs a ``timestamp``; the filter fields are indexed)."""
        if self._events and event["timestamp"] < self._events[-1]["timestamp"]:
            self._in_time_order = False
        position = len(self._events)
        self._events.append(event)
        for name in AUDIT_FILTERS:
            value = event.get(name)
            if isinstance(value, str):
                self._index[name].setdefault(value, []).append(position)
        self._cache = None

    def extend(self, events: Iterable[JSON]) -> None:
        """Add many events."""
        for event in events:
            self.append(event)

    def events(self) -> list[JSON]:
        """Every event, oldest first."""
        return list(self._events)

    def query(
        self,
        filters: Mapping[str, str | None],
        sort_by: str,
        sort_order: str,
        limit: int,
        offset: int,
    ) -> tuple[list[JSON], int]:
        """One page of the events matching ``filters`` (None: any), and how many match."""
        wanted = [(name, value) for name, value in filters.items() if value is not None]
        positions: Sequence[int] | None = None
        if wanted:
            lists = [self._index[name].get(value, []) for name, value in wanted]
            base = min(lists, key=len)
            positions = [i for i in base if all(self._events[i].get(n) == v for n, v in wanted)]
        total = len(self._events) if positions is None else len(positions)
        if sort_by in {"timestamp", "created_at"} and self._in_time_order:
            return self._slice(positions, total, sort_order, limit, offset), total
        key = (tuple(wanted), sort_by, sort_order)
        if self._cache is None or self._cache[0] != key:
            matching = self._events if positions is None else [self._events[i] for i in positions]
            self._cache = (key, ordered(matching, sort_by, sort_order))
        return self._cache[1][offset : offset + limit], total

    def _slice(
        self,
        positions: Sequence[int] | None,
        total: int,
        sort_order: str,
        limit: int,
        offset: int,
    ) -> list[JSON]:
        if sort_order == "asc":
            chosen = range(offset, min(offset + limit, total))
        else:
            start = total - 1 - offset
            chosen = range(start, max(start - limit, -1), -1)
        if positions is None:
            return [self._events[i] for i in chosen]
        return [self._events[positions[i]] for i in chosen]
