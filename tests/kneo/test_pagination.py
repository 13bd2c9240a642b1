from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from kneo_client.core.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PaginatedResult,
    iterate_all,
    iterate_all_sync,
)

FetchCall = tuple[int, int]


def test_documented_constants() -> None:
    assert (DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) == (100, 1000)


@pytest.mark.parametrize(
    ("count", "total", "offset", "limit", "has_more"),
    [
        (100, 250, 0, 100, True),
        (100, 250, 100, 100, True),
        (50, 250, 200, 100, False),
        (0, 0, 0, 100, False),
        (10, 10, 0, 100, False),
        (100, None, 0, 100, True),  # no total: a full page may have more
        (99, None, 0, 100, False),
        (0, None, 0, 100, False),
    ],
)
def test_count_and_has_more(
    count: int, total: int | None, offset: int, limit: int, has_more: bool
) -> None:
    page = PaginatedResult(items=list(range(count)), total=total, limit=limit, offset=offset)
    assert page.count == count
    assert page.has_more is has_more


class Server:
    """A listing of ``size`` items, with ways to misbehave; records every fetch."""

    def __init__(
        self,
        size: int,
        *,
        report_total: bool = True,
        total_override: int | None = None,
        ignore_offset: bool = False,
        empty_from: int | None = None,
    ) -> None:
        self.items = [f"item-{i}" for i in range(size)]
        self.report_total = report_total
        self.total_override = total_override
        self.ignore_offset = ignore_offset
        self.empty_from = empty_from
        self.calls: list[FetchCall] = []

    def page(self, limit: int, offset: int) -> PaginatedResult[str]:
        self.calls.append((limit, offset))
        assert len(self.calls) < 50, "the walk did not stop"
        start = 0 if self.ignore_offset else offset
        items: Sequence[str] = self.items[start : start + limit]
        if self.empty_from is not None and offset >= self.empty_from:
            items = []
        total = self.total_override if self.total_override is not None else len(self.items)
        return PaginatedResult(
            items=list(items),
            total=total if self.report_total else None,
            limit=limit,
            offset=offset,
        )


Walk = Callable[..., Any]


async def walk_async(server: Server, **kwargs: Any) -> list[str]:
    async def fetch(limit: int, offset: int) -> PaginatedResult[str]:
        return server.page(limit, offset)

    return [item async for item in iterate_all(fetch, **kwargs)]


async def walk_sync(server: Server, **kwargs: Any) -> list[str]:
    return list(iterate_all_sync(server.page, **kwargs))


both = pytest.mark.parametrize("walk", [walk_async, walk_sync], ids=["async", "sync"])


@both
async def test_every_item_once_in_order(walk: Walk) -> None:
    server = Server(250)
    assert await walk(server) == server.items
    assert server.calls == [(100, 0), (100, 100), (100, 200)]


@both
async def test_page_size_and_start_offset(walk: Walk) -> None:
    server = Server(25)
    assert await walk(server, page_size=10, start_offset=5) == server.items[5:]
    assert server.calls == [(10, 5), (10, 15)]


@both
async def test_page_size_is_clamped_to_the_maximum(walk: Walk) -> None:
    server = Server(1500)
    assert len(await walk(server, page_size=5000)) == 1500
    assert server.calls == [(1000, 0), (1000, 1000)]


@both
async def test_an_empty_page_ends_the_walk_even_if_total_says_more(walk: Walk) -> None:
    # The published client looped forever here: offset advanced by 0 on every page.
    server = Server(300, total_override=1000, empty_from=200)
    assert await walk(server) == server.items[:200]
    assert server.calls == [(100, 0), (100, 100), (100, 200)]


@both
async def test_without_a_total_a_short_page_is_the_last(walk: Walk) -> None:
    server = Server(230, report_total=False)
    assert await walk(server) == server.items
    assert server.calls[-1] == (100, 200)


@both
async def test_without_a_total_an_exact_multiple_ends_on_the_empty_page(walk: Walk) -> None:
    server = Server(200, report_total=False)
    assert await walk(server) == server.items
    assert server.calls == [(100, 0), (100, 100), (100, 200)]


@both
async def test_a_server_that_ignores_offset_cannot_loop_forever(walk: Walk) -> None:
    # The 0.4.0 audit listing ignores `offset` and reports no total.
    server = Server(500, report_total=False, ignore_offset=True)
    assert await walk(server) == server.items[:100]
    assert len(server.calls) == 2


@both
async def test_a_total_that_lies_low_stops_at_the_total(walk: Walk) -> None:
    server = Server(500, total_override=150)
    assert await walk(server) == server.items[:200]
    assert server.calls == [(100, 0), (100, 100)]


@both
@pytest.mark.parametrize(
    "bad", [{"page_size": 0}, {"page_size": -5}, {"page_size": True}, {"start_offset": -1}]
)
async def test_bad_sizes_are_rejected_before_any_fetch(walk: Walk, bad: dict[str, int]) -> None:
    server = Server(10)
    with pytest.raises(ValueError, match="must be an int"):
        await walk(server, **bad)
    assert server.calls == []


def test_bad_sizes_are_rejected_when_called_not_when_iterated() -> None:
    async def fetch(limit: int, offset: int) -> PaginatedResult[int]:
        raise AssertionError("not reached")

    with pytest.raises(ValueError, match="page_size"):
        iterate_all(fetch, page_size=0)


async def test_a_fetch_returning_something_else_is_a_type_error() -> None:
    async def fetch(limit: int, offset: int) -> Any:
        return {"items": [], "total": 0}

    with pytest.raises(TypeError, match="PaginatedResult"):
        [item async for item in iterate_all(fetch)]


async def test_pages_are_fetched_lazily() -> None:
    server = Server(1000)

    async def fetch(limit: int, offset: int) -> PaginatedResult[str]:
        return server.page(limit, offset)

    async for item in iterate_all(fetch, page_size=10):
        if item == "item-15":
            break
    assert server.calls == [(10, 0), (10, 10)]


def test_the_sync_walk_is_lazy_too() -> None:
    server = Server(1000)
    items: Iterator[str] = iterate_all_sync(server.page, page_size=10)
    assert next(items) == "item-0"
    assert server.calls == [(10, 0)]
