"""Cursor pagination: iterate over every item of a listing, fetching pages on demand."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["AsyncPager", "Page", "Pager"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: its items and the cursor of the next page (None on the last page)."""

    items: Sequence[T]
    next_cursor: str | None


def _next_cursor(page: Page[Any], seen: set[str]) -> str | None:
    """The cursor to fetch next, or None to stop (last page, or a cursor already followed)."""
    cursor = page.next_cursor
    if not cursor or cursor in seen:  # a repeated cursor would loop forever
        return None
    seen.add(cursor)
    return cursor


class Pager(Generic[T]):
    """Iterates every item across pages; ``pages()`` iterates the pages themselves.

    ``fetch(cursor)`` returns one page; the first call gets ``cursor=None`` (or the
    continuation cursor this pager was created with).
    """

    __slots__ = ("_cursor", "_fetch")

    def __init__(self, fetch: Callable[[str | None], Page[T]], cursor: str | None = None) -> None:
        self._fetch = fetch
        self._cursor = cursor

    def pages(self) -> Iterator[Page[T]]:
        """Every page, fetched lazily."""
        cursor = self._cursor
        seen: set[str] = set()
        while True:
            page = self._fetch(cursor)
            yield page
            if (cursor := _next_cursor(page, seen)) is None:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """The async twin of :class:`Pager`: ``async for item in pager``."""

    __slots__ = ("_cursor", "_fetch")

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Page[T]]], cursor: str | None = None
    ) -> None:
        self._fetch = fetch
        self._cursor = cursor

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page, fetched lazily."""
        cursor = self._cursor
        seen: set[str] = set()
        while True:
            page = await self._fetch(cursor)
            yield page
            if (cursor := _next_cursor(page, seen)) is None:
                return

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
