"""Pagination: lazy item and page iterators over the three shapes the services use.

* a cursor in a response header (Gnosys ``X-Next-Cursor``) or in the body (``{items,
  next_cursor}``, Keystone): :class:`CursorPaging`;
* ``limit`` / ``offset`` with a ``total`` (Kneo): :class:`OffsetPaging`.

Which page comes next is decided by a paging strategy without I/O; :class:`Pager` and
:class:`AsyncPager` only call ``fetch(token)`` and hand out items. Both guard against servers
that never end (a repeated cursor, an empty or non-advancing page) and accept a ``limit``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["AsyncPager", "CursorPaging", "OffsetPaging", "Page", "Pager", "Paging"]

T = TypeVar("T")
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: its items, and what the server said about the rest.

    Attributes:
        items: the page's items.
        next_cursor: the cursor of the next page (cursor shapes; None on the last page).
        total: how many items the listing holds in all (offset shape; None if not said).

    """

    items: Sequence[T]
    next_cursor: str | None = None
    total: int | None = None


class Paging(Protocol[K]):
    """A pagination strategy: the first page's token, and the token after each page."""

    def first(self) -> K | None:
        """The token of the first page (None: the server's first page)."""
        ...

    def after(self, page: Page[Any], token: K | None) -> K | None:
        """The token of the page after ``page`` (fetched with ``token``), or None to stop."""
        ...


class CursorPaging:
    """Follow ``Page.next_cursor`` until it is missing, stopping if a cursor repeats."""

    __slots__ = ("_seen", "_start")

    def __init__(self, start: str | None = None) -> None:
        self._start = start
        self._seen: set[str] = set()

    def first(self) -> str | None:
        """The continuation cursor given, or None."""
        self._seen = {self._start} if self._start else set()
        return self._start

    def after(self, page: Page[Any], token: str | None) -> str | None:
        """The next cursor, or None at the end (or when a cursor would loop)."""
        cursor = page.next_cursor
        if not cursor or cursor in self._seen or cursor == token:
            return None
        self._seen.add(cursor)
        return cursor


class OffsetPaging:
    """``offset`` moves by the number of items received until ``total`` is reached.

    Without a ``total`` a page shorter than ``page_size`` (or an empty one) is the last. An
    empty page always ends the walk, so a server that miscounts cannot loop forever.
    """

    __slots__ = ("page_size", "start")

    def __init__(self, page_size: int, start: int = 0) -> None:
        self.page_size = page_size
        self.start = start

    def first(self) -> int:
        """The starting offset."""
        return self.start

    def after(self, page: Page[Any], token: int | None) -> int | None:
        """The next offset, or None at the end."""
        received = len(page.items)
        if received == 0:
            return None
        offset = (token or 0) + received
        if page.total is not None:
            return offset if offset < page.total else None
        return offset if received >= self.page_size else None


class Pager(Generic[T]):
    """Every item across pages, fetched lazily; ``pages()`` iterates the pages themselves.

    ``fetch(token)`` returns one page; ``paging`` decides the tokens (default: cursors, starting
    at ``cursor``). ``limit`` stops after that many items.
    """

    __slots__ = ("_fetch", "_limit", "_paging")

    def __init__(
        self,
        fetch: Callable[[Any], Page[T]],
        cursor: str | None = None,
        *,
        paging: Paging[Any] | None = None,
        limit: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._paging: Paging[Any] = paging or CursorPaging(cursor)
        self._limit = limit

    def pages(self) -> Iterator[Page[T]]:
        """Every page, fetched lazily."""
        token = self._paging.first()
        while True:
            page = self._fetch(token)
            yield page
            if (token := self._paging.after(page, token)) is None:
                return

    def __iter__(self) -> Iterator[T]:
        left = self._limit
        if left is not None and left <= 0:
            return
        for page in self.pages():
            for item in page.items:
                yield item
                if left is not None:
                    left -= 1
                    if left <= 0:
                        return

    def take(self, count: int) -> list[T]:
        """The first ``count`` items (fewer if the listing is shorter)."""
        taken: list[T] = []
        if count <= 0:
            return taken
        for item in self:
            taken.append(item)
            if len(taken) >= count:
                break
        return taken


class AsyncPager(Generic[T]):
    """The async twin of :class:`Pager`: ``async for item in pager``."""

    __slots__ = ("_fetch", "_limit", "_paging")

    def __init__(
        self,
        fetch: Callable[[Any], Awaitable[Page[T]]],
        cursor: str | None = None,
        *,
        paging: Paging[Any] | None = None,
        limit: int | None = None,
    ) -> None:
        self._fetch = fetch
        self._paging: Paging[Any] = paging or CursorPaging(cursor)
        self._limit = limit

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Every page, fetched lazily."""
        token = self._paging.first()
        while True:
            page = await self._fetch(token)
            yield page
            if (token := self._paging.after(page, token)) is None:
                return

    async def __aiter__(self) -> AsyncGenerator[T, None]:
        left = self._limit
        if left is not None and left <= 0:
            return
        async for page in self.pages():
            for item in page.items:
                yield item
                if left is not None:
                    left -= 1
                    if left <= 0:
                        return

    async def take(self, count: int) -> list[T]:
        """The first ``count`` items (fewer if the listing is shorter)."""
        taken: list[T] = []
        if count <= 0:
            return taken
        async with aclosing(self.__aiter__()) as items:
            async for item in items:
                taken.append(item)
                if len(taken) >= count:
                    break
        return taken
