"""Trace events and the spans they make, held for export by cursor pages of any length.

Both ingest paths (``POST /v1/sandboxes/{id}/trace``, ``POST /v1/traces``) and experiment runs
append here. ``GET /v1/traces`` pages the *events* in arrival order; ``GET /v1/spans`` pages
the *spans*, one per ``span_id`` in the order first seen, each the merge of its events: a
``start`` event never overrides what its ``end`` / ``complete`` event says, whichever arrives
first, so spans posted out of order (or an ``end`` without its ``start``) come out the same. A
span's ``trace_id`` is its ``root_span_id``, or its own id when that is empty (a root).

Paging costs the page, not the log: events and spans are append-only lists, each filter field
is indexed (value -> ascending positions), a cursor is the last position returned, and a page
is a bisect into the narrowest index plus a scan of what follows. 10,000 or 100,000 spans page
as fast as ten.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = [
    "EVENT_FILTERS",
    "SPAN_FILTERS",
    "Index",
    "TraceStore",
    "page_items",
    "parse_since",
    "seeded_spans",
    "ts_iso",
]

JSON = dict[str, Any]
#: The filters of ``GET /v1/traces`` (``since`` is applied by time, not an index).
EVENT_FILTERS = ("experiment_id", "sandbox_id", "agent", "event_type", "tool")
#: The filters of ``GET /v1/spans``.
SPAN_FILTERS = ("trace_id", "span_id", "parent_span_id", "root_span_id", "tool", "event_type")
_RELATIVE = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d|w)")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def ts_iso(t: float) -> str:
    """An epoch time as trace events write it: ISO-8601 UTC, microseconds, ``+00:00``."""
    return datetime.fromtimestamp(t, tz=timezone.utc).isoformat(timespec="microseconds")


def _parse_iso(text: str) -> float | None:
    try:
        stamp = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.timestamp()


def parse_since(text: str, now: float) -> float | None:
    """The epoch time ``since`` names: ISO-8601 (a ``+`` decoded to a space by a query string
    is read back as ``+``; no offset: UTC), or a duration back from ``now`` (``24h``, ``30m``,
    ``7d``, ``2w``, ``90s``). None when it is neither.
    """
    relative = _RELATIVE.fullmatch(text.strip())
    if relative is not None:
        seconds = float(relative.group(1)) * _UNIT_SECONDS[relative.group(2)]
        return now - seconds
    parsed = _parse_iso(text)
    if parsed is None and " " in text.strip():
        head, _, offset = text.strip().rpartition(" ")
        parsed = _parse_iso(f"{head}+{offset}")
    return parsed


class Index:
    """Positions by field value, each list ascending (positions are only ever added)."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self.by: dict[str, dict[str, list[int]]] = {f: {} for f in fields}

    def add(self, position: int, item: Mapping[str, Any]) -> None:
        for name in self.fields:
            value = item.get(name)
            if not isinstance(value, str):
                continue
            positions = self.by[name].setdefault(value, [])
            if not positions or positions[-1] < position:
                positions.append(position)
            else:  # a span's value changed after later spans were indexed
                at = bisect.bisect_left(positions, position)
                if at == len(positions) or positions[at] != position:
                    positions.insert(at, position)


def page_items(
    items: Sequence[JSON],
    index: Index,
    filters: Mapping[str, str | None],
    limit: int,
    after: int | None = None,
    *,
    accept: Callable[[int], bool] | None = None,
) -> tuple[list[JSON], int | None]:
    """Up to ``limit`` items after position ``after`` matching ``filters`` (and ``accept``),
    and the position to continue after (None: this was the last page). Filters on indexed
    fields narrow the scan; any other field is matched as the scan goes.
    """
    wanted = [(name, value) for name, value in filters.items() if value is not None]
    base: Sequence[int] | None = None
    indexed = [(name, value) for name, value in wanted if name in index.by]
    if indexed:
        base = min((index.by[name].get(value, []) for name, value in indexed), key=len)
    total = len(items) if base is None else len(base)
    if after is None:
        start = 0
    elif base is None:
        start = max(after + 1, 0)
    else:
        start = bisect.bisect_right(base, after)
    page: list[JSON] = []
    last: int | None = None
    for i in range(start, total):
        position = i if base is None else base[i]
        item = items[position]
        if any(item.get(name) != value for name, value in wanted):
            continue  # a stale index entry, or a field no index covers
        if accept is not None and not accept(position):
            continue
        if len(page) == limit:
            return page, last
        page.append(item)
        last = position
    return page, None


def _merge(old: JSON | None, event: Mapping[str, Any]) -> JSON:
    """A span's view after one more of its events (``start`` never overrides the others)."""
    if old is None:
        merged = dict(event)
    elif event.get("phase") == "start":
        merged = {**event, **old}
    else:
        merged = {**old, **event}
    merged["trace_id"] = merged.get("root_span_id") or merged.get("span_id")
    return merged


class TraceStore:
    """Every trace event received and every span they make (not thread-safe on its own: the
    fake holds its lock around every call).
    """

    def __init__(self) -> None:
        self._events: list[JSON] = []
        self._times: list[float | None] = []
        self._event_index = Index(EVENT_FILTERS)
        self._spans: list[JSON] = []
        self._span_at: dict[str, int] = {}
        self._span_index = Index(SPAN_FILTERS)

    def __len__(self) -> int:
        return len(self._events)

    @property
    def span_count(self) -> int:
        """How many distinct spans there are."""
        return len(self._spans)

    def ingest(self, events: Iterable[Mapping[str, Any]], **extra: str) -> int:
        """Append ``events`` (each with ``extra`` keys it lacks); how many were taken."""
        count = 0
        for raw in events:
            event = dict(raw)
            for key, value in extra.items():
                event.setdefault(key, value)
            position = len(self._events)
            self._events.append(event)
            ts = event.get("ts")
            self._times.append(_parse_iso(ts) if isinstance(ts, str) else None)
            self._event_index.add(position, event)
            span_id = event.get("span_id")
            if isinstance(span_id, str):
                at = self._span_at.get(span_id)
                if at is None:
                    at = self._span_at[span_id] = len(self._spans)
                    self._spans.append(_merge(None, event))
                else:
                    self._spans[at] = _merge(self._spans[at], event)
                self._span_index.add(at, self._spans[at])
            count += 1
        return count

    def events(self, **filters: str) -> list[JSON]:
        """Every event matching ``filters`` (field equals value), in arrival order."""
        page, _ = page_items(self._events, self._event_index, filters, len(self._events) + 1, None)
        return page

    def spans(self, **filters: str) -> list[JSON]:
        """Every span matching ``filters``, in the order first seen."""
        page, _ = page_items(self._spans, self._span_index, filters, len(self._spans) + 1, None)
        return page

    def page_events(
        self,
        filters: Mapping[str, str | None],
        limit: int,
        after: int | None,
        since: float | None = None,
    ) -> tuple[list[JSON], int | None]:
        """One page of events (see :func:`page_items`); ``since``: at or after that epoch time."""
        accept = None
        if since is not None:
            times = self._times

            def accept(position: int) -> bool:
                t = times[position]
                return t is not None and t >= since

        return page_items(self._events, self._event_index, filters, limit, after, accept=accept)

    def page_spans(
        self, filters: Mapping[str, str | None], limit: int, after: int | None
    ) -> tuple[list[JSON], int | None]:
        """One page of spans (see :func:`page_items`)."""
        return page_items(self._spans, self._span_index, filters, limit, after)

    def tree(self, trace_id: str) -> JSON | None:
        """The spans of the trace rooted at ``trace_id`` and who is whose child; None if none."""
        spans = self.spans(trace_id=trace_id)
        if not spans:
            return None
        children: dict[str, list[str]] = {}
        for span in spans:
            parent = span.get("parent_span_id")
            if isinstance(parent, str) and parent:
                children.setdefault(parent, []).append(str(span["span_id"]))
        root = next((s for s in spans if s.get("span_id") == trace_id), None)
        durations = [s["duration_ms"] for s in spans if isinstance(s.get("duration_ms"), int)]
        return {
            "trace_id": trace_id,
            "root": root,
            "span_count": len(spans),
            "duration_ms": max(durations, default=0),
            "spans": spans,
            "children": children,
        }


def seeded_spans(
    n: int, start: int, now: float, *, trace_size: int, extra: Mapping[str, str]
) -> Iterable[JSON]:
    """``n`` complete spans for benchmarks: traces of ``trace_size`` spans, each a root and its
    children, tools cycling through search / fetch / parse / summarise.
    """
    tools = ("search", "fetch", "parse", "summarise")
    base = datetime.fromtimestamp(now, tz=timezone.utc)
    for i in range(start, start + n):
        root = f"seed{(i // trace_size):012x}"
        span = root if i % trace_size == 0 else f"seed{i:012x}s"
        is_root = span == root
        yield {
            "ts": (base + timedelta(microseconds=i - start)).isoformat(timespec="microseconds"),
            "event_type": "tool_call",
            "tool": tools[i % len(tools)],
            "phase": "complete",
            "span_id": span,
            "parent_span_id": "" if is_root else root,
            "root_span_id": "" if is_root else root,
            "status": "error" if i % 50 == 49 else "ok",
            "duration_ms": 5 + i % 20,
            "output": f"seeded span {i}",
            **extra,
        }
