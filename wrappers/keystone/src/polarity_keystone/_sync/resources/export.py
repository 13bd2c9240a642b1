"""Generated from polarity_keystone/_async/resources/export.py by tools.unasync; do not edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from sdk_core import HttpCore, Pager

from polarity_keystone._checks import CHECK, count, timestamp
from polarity_keystone._parse import json_object, page_of, text

if TYPE_CHECKING:
    from sdk_core import Page

    from polarity_keystone._parse import _FromDict
    from polarity_keystone.types import ScenarioResult, ScoreRecord, TraceEvent

__all__ = ["Export"]

T = TypeVar("T")
_FORMATS = ("json", "ndjson")


class Export:
    """Everything recorded, exported: paged collections iterate lazily, following cursors."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def _pager(
        self, operation: ModuleType, cls: _FromDict[T], limit: object, filters: dict[str, Any]
    ) -> Pager[T]:
        size = count("limit", limit)
        query: dict[str, Any] = {
            name: CHECK.optional_text(name, value) for name, value in filters.items()
        }
        parse: Callable[[bytes], Page[T]] = page_of(cls)

        def fetch(cursor: str | None) -> Page[T]:
            plan = self._http.plan(operation, limit=size, cursor=cursor, **query)
            return self._http.call(plan, parse)

        return Pager(fetch)

    def traces(
        self,
        *,
        experiment_id: str | None = None,
        sandbox_id: str | None = None,
        agent: str | None = None,
        event_type: str | None = None,
        tool: str | None = None,
        since: str | datetime | None = None,
        limit: int = 100,
    ) -> Pager[TraceEvent]:
        """Every trace event matching the filters, as :class:`TraceEvent`, fetched lazily.

        ``limit`` is the page size (each page is one request, made as you iterate);
        ``since`` is an ISO-8601 time (or a ``datetime``). Nothing is sent until iterated.
        """
        from _keystone_openapi.api.export import export_traces

        from polarity_keystone.types import TraceEvent

        filters = {
            "experiment_id": experiment_id,
            "sandbox_id": sandbox_id,
            "agent": agent,
            "event_type": event_type,
            "tool": tool,
            "since": timestamp("since", since),
        }
        return self._pager(export_traces, TraceEvent, limit, filters)

    def spans(
        self,
        *,
        trace_id: str | None = None,
        span_id: str | None = None,
        parent_span_id: str | None = None,
        root_span_id: str | None = None,
        tool: str | None = None,
        event_type: str | None = None,
        limit: int = 100,
    ) -> Pager[TraceEvent]:
        """Every span event matching the filters (``root_span_id``, ...), fetched lazily.

        ``limit`` is the page size. Nothing is sent until iterated.
        """
        from _keystone_openapi.api.export import export_spans

        from polarity_keystone.types import TraceEvent

        filters = {
            "trace_id": trace_id,
            "span_id": span_id,
            "parent_span_id": parent_span_id,
            "root_span_id": root_span_id,
            "tool": tool,
            "event_type": event_type,
        }
        return self._pager(export_spans, TraceEvent, limit, filters)

    def scenarios(
        self,
        *,
        experiment_id: str | None = None,
        status: str | None = None,
        scenario_id: str | None = None,
        limit: int = 100,
    ) -> Pager[ScenarioResult]:
        """Every scenario result matching the filters, as :class:`ScenarioResult`, lazily.

        ``limit`` is the page size. Nothing is sent until iterated.
        """
        from _keystone_openapi.api.export import export_scenarios

        from polarity_keystone.types import ScenarioResult

        filters = {"experiment_id": experiment_id, "status": status, "scenario_id": scenario_id}
        return self._pager(export_scenarios, ScenarioResult, limit, filters)

    def scores(
        self,
        *,
        experiment_id: str | None = None,
        rule_id: str | None = None,
        limit: int = 100,
    ) -> Pager[ScoreRecord]:
        """Every score matching the filters, as :class:`ScoreRecord`, fetched lazily.

        ``limit`` is the page size. Nothing is sent until iterated.
        """
        from _keystone_openapi.api.export import export_scores

        from polarity_keystone.types import ScoreRecord

        filters = {"experiment_id": experiment_id, "rule_id": rule_id}
        return self._pager(export_scores, ScoreRecord, limit, filters)

    @overload
    def experiment(
        self, experiment_id: str, format: Literal["json"] = "json"
    ) -> dict[str, Any]: ...

    @overload
    def experiment(self, experiment_id: str, format: Literal["ndjson"]) -> str: ...

    def experiment(self, experiment_id: str, format: str = "json") -> dict[str, Any] | str:
        """Everything about one experiment in one answer.

        ``format="json"`` gives a dict (``experiment``, ``result``, ``scenarios``, ``traces``,
        ``scores``); ``format="ndjson"`` gives the same as newline-delimited JSON text.

        Raises:
            KeystoneInvalidArgumentError: another format.
            KeystoneNotFoundError: no such experiment.

        """
        from _keystone_openapi.api.export import export_experiment

        if format not in _FORMATS:
            shown = CHECK.preview(format) if isinstance(format, str) else type(format).__name__
            CHECK.fail(f"format must be 'json' or 'ndjson', got {shown}")
        plan = self._http.plan(export_experiment, experiment_id, format_=format)
        if format == "json":
            return self._http.call(plan, json_object)
        plan = plan.evolve(headers={**plan.headers, "Accept": "application/x-ndjson"})
        return self._http.call(plan, text)

    def ingest_traces(self, events: Sequence[TraceEvent | Mapping[str, Any]]) -> dict[str, Any]:
        """Send trace ``events`` (:class:`TraceEvent` or dicts) outside any sandbox.

        Agent mode: the events are scoped by the API key (``POST /v1/traces``); inside a
        sandbox use ``ks.sandboxes.ingest_trace(sandbox_id, events)``. Returns the service's
        answer as a dict. The tracing layer (``@traced``, ``wrap``) reports through this call.
        """
        from _keystone_openapi.api.export import ingest_traces

        from polarity_keystone._sync.resources.sandboxes import trace_batch

        plan = self._http.plan(ingest_traces, body=trace_batch(events))
        return self._http.call(plan, json_object)

    def trace(self, trace_id: str) -> dict[str, Any]:
        """The trace tree rooted at ``trace_id``: every span under it, as a dict.

        Raises:
            KeystoneNotFoundError: no such trace.

        """
        from _keystone_openapi.api.export import get_trace_tree

        return self._http.call(self._http.plan(get_trace_tree, trace_id), json_object)
