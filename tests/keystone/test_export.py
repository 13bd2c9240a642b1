"""``ks.export``'s iterators: lazy, page by page, following ``next_cursor`` to the end."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from polarity_keystone.types import ScenarioResult, ScoreRecord, TraceEvent

from tests.keystone._scripted import Script, async_client, client_of, collect, query, sync_client


def pages(*cursors_and_items: tuple[list[dict[str, Any]], str | None]) -> Any:
    """A route answering page after page, chosen by the request's ``cursor``."""
    by_cursor: dict[str | None, dict[str, Any]] = {}
    cursor: str | None = None
    for items, next_cursor in cursors_and_items:
        by_cursor[cursor] = {"items": items, "next_cursor": next_cursor}
        cursor = next_cursor

    def answer(request: httpx.Request) -> httpx.Response:
        asked = dict(query(request)).get("cursor")
        return httpx.Response(200, json=by_cursor[asked])

    return answer


def event(n: int) -> dict[str, Any]:
    return {"ts": f"t{n}", "event_type": "tool_call", "span_id": f"s{n}", "tool": "bash"}


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_traces_page_through_every_cursor_lazily(flavour: str) -> None:
    script = Script().on(
        "GET",
        "/v1/traces",
        pages(
            ([event(1), event(2)], "c+2/=="),
            ([event(3)], "c&3"),
            ([event(4), event(5)], None),
        ),
    )
    ks = client_of(flavour, script)
    iterator = ks.export.traces(experiment_id="exp-abc", limit=2)
    assert script.requests == []  # nothing is sent until iterated
    items = collect(iterator)
    assert [e.span_id for e in items] == ["s1", "s2", "s3", "s4", "s5"]
    assert all(isinstance(e, TraceEvent) for e in items)
    assert [query(r) for r in script.requests] == [
        [("limit", "2"), ("experiment_id", "exp-abc")],
        [("limit", "2"), ("cursor", "c+2/=="), ("experiment_id", "exp-abc")],
        [("limit", "2"), ("cursor", "c&3"), ("experiment_id", "exp-abc")],
    ]


def test_pages_are_fetched_only_as_far_as_iterated() -> None:
    script = Script().on(
        "GET", "/v1/spans", pages(([event(1), event(2)], "next"), ([event(3)], None))
    )
    iterator = iter(sync_client(script).export.spans(root_span_id="span_xyz"))
    assert next(iterator).span_id == "s1"
    assert next(iterator).span_id == "s2"
    assert len(script.requests) == 1
    assert next(iterator).span_id == "s3"
    assert len(script.requests) == 2
    assert query(script.requests[0]) == [("limit", "100"), ("root_span_id", "span_xyz")]


def test_a_repeated_cursor_or_an_empty_page_ends_the_walk() -> None:
    script = Script().json("GET", "/v1/scores", {"items": [{"rule_id": "r"}], "next_cursor": "x"})
    items = collect(sync_client(script).export.scores(experiment_id="e"))
    # Page 1 (no cursor) says "x"; page 2 (cursor x) says "x" again: the walk stops there.
    assert len(items) == 2
    assert all(isinstance(i, ScoreRecord) for i in items)
    script = Script().json("GET", "/v1/scenarios", {"items": [], "next_cursor": ""})
    assert collect(sync_client(script).export.scenarios()) == []
    assert len(script.requests) == 1


async def test_async_scenarios_and_take() -> None:
    script = Script().on(
        "GET",
        "/v1/scenarios",
        pages(
            ([{"scenario_id": "a", "status": "failed"}], "p2"),
            ([{"scenario_id": "b", "status": "failed"}], None),
        ),
    )
    async with async_client(script) as ks:
        iterator = ks.export.scenarios(experiment_id="exp-abc", status="failed")
        first = await iterator.take(1)
        everything = [s async for s in iterator]
    assert [s.scenario_id for s in first] == ["a"]
    assert [s.scenario_id for s in everything] == ["a", "b"]
    assert all(isinstance(s, ScenarioResult) for s in everything)
    assert query(script.requests[0]) == [
        ("limit", "100"),
        ("experiment_id", "exp-abc"),
        ("status", "failed"),
    ]


def test_a_malformed_page_is_a_typed_error() -> None:
    from polarity_keystone import KeystoneMalformedResponseError

    for payload in ([event(1)], {"items": {"a": 1}}, {"items": [], "next_cursor": 7}):
        script = Script().json("GET", "/v1/traces", payload)
        with pytest.raises(KeystoneMalformedResponseError):
            collect(sync_client(script).export.traces())
