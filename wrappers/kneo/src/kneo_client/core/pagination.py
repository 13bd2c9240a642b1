"""Offset pagination over the platform's list endpoints.

List endpoints take ``limit`` (1–1000, default 100), ``offset``, ``sort_by``, ``sort_order`` and
answer ``count``, ``total``, ``limit``, ``offset`` and the items. :func:`iterate_all` walks every
page of one listing::

    async def fetch_page(limit, offset):
        resp = await client.platform.audit.list(limit=limit, offset=offset)
        return PaginatedResult(items=resp.events, total=resp.total, limit=limit, offset=offset)

    async for event in iterate_all(fetch_page, page_size=200):
        ...

``fetch_page`` may also return a list method's response as it is: every list response
(``RunListResponse``, ``TraceResponse``, ``AuditEventListResponse``...) has ``items`` and
``total`` (see :class:`PageLike`)::

    async for event in iterate_all(lambda limit, offset: client.platform.audit.list(
            limit=limit, offset=offset)):
        ...

The walk always ends: on the last page by ``total``, on an empty page (which the published
client looped on forever), on a short page when ``total`` is unknown, and on a page that repeats
the previous one (a server that ignores ``offset``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sdk_core import AsyncPager, OffsetPaging, Page, Pager

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "PageLike",
    "PaginatedResult",
    "iterate_all",
    "iterate_all_sync",
    "offset_pager",
    "offset_pager_sync",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

#: The platform's default ``limit``.
DEFAULT_PAGE_SIZE = 100
#: The largest ``limit`` the platform accepts (it answers 422 above).
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class PaginatedResult(Generic[T]):
    """One page of a listing.

    Attributes:
        items: the page's items.
        total: how many items the listing holds across all pages, as the server reports it
            (None when the endpoint does not say, as the 0.4.0 audit listing does not).
        limit: the page size requested.
        offset: the offset of the page's first item.
        sort_by: the sort field, if the server said.
        sort_order: ``"asc"`` or ``"desc"``, if the server said.

    """

    items: Sequence[T]
    total: int | None
    limit: int
    offset: int
    sort_by: str | None = None
    sort_order: str | None = None

    @property
    def count(self) -> int:
        """``len(items)``."""
        return len(self.items)

    @property
    def has_more(self) -> bool:
        """Whether items follow this page: ``offset + count < total``.

        With no ``total``, a non-empty full page (``count >= limit``) may have more.
        """
        if self.total is None:
            return 0 < self.count >= self.limit
        return self.offset + self.count < self.total


class PageLike(Protocol[T_co]):
    """What :func:`iterate_all` needs of a page: its items and, if known, the listing's total.

    :class:`PaginatedResult` is one; so is every list response of the platform adapters.
    """

    @property
    def items(self) -> Sequence[T_co]:
        """The page's items."""
        ...

    @property
    def total(self) -> int | None:
        """Items in the whole listing, or None when the server does not say."""
        ...


class _RepeatGuard:
    """Turns a page that repeats the one before it into an empty page (which ends the walk).

    ``sdk_core.OffsetPaging`` ends on an empty page and at ``total``; a server that ignores
    ``offset`` and reports no total (the 0.4.0 audit listing) would otherwise serve its first
    page forever.
    """

    __slots__ = ("_previous", "_start")

    def __init__(self, start: int) -> None:
        self._start = start
        self._previous: list[Any] | None = None

    def page(self, offset: int, result: object) -> Page[Any]:
        if offset == self._start:  # a new walk over the same pager: nothing to repeat yet
            self._previous = None
        found = getattr(result, "items", None)
        total = getattr(result, "total", None)
        # A model's default total (0) is not the server saying "no items": only a sent one counts.
        sent = getattr(result, "model_fields_set", None)
        if isinstance(sent, set | frozenset) and "total" not in sent:
            total = None
        # A dict's `items` is a method: only a real page (PaginatedResult, a list response).
        if not isinstance(found, Sequence) or isinstance(found, str | bytes):
            raise TypeError(
                "fetch_page must return a PaginatedResult or a list response, "
                f"not {type(result).__name__}"
            )
        if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
            raise TypeError(f"the page's total must be an int or None, not {type(total).__name__}")
        items = list(found)
        repeated = bool(items) and self._previous is not None and _same(items, self._previous)
        self._previous = items
        return Page(items=[] if repeated else items, total=total)


def _same(a: list[Any], b: list[Any]) -> bool:
    try:
        return bool(a == b)
    except Exception:  # items whose == raises or is ambiguous (arrays): never a repeat
        return False


def _check_sizes(page_size: int, start_offset: int) -> tuple[int, int]:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError(f"page_size must be an int >= 1, got {page_size!r}")
    if isinstance(start_offset, bool) or not isinstance(start_offset, int) or start_offset < 0:
        raise ValueError(f"start_offset must be an int >= 0, got {start_offset!r}")
    return min(page_size, MAX_PAGE_SIZE), start_offset


def iterate_all(
    fetch_page: Callable[[int, int], Awaitable[PageLike[T]]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start_offset: int = 0,
) -> AsyncIterator[T]:
    """Every item of a listing, fetching pages lazily (``async for item in ...``).

    ``fetch_page(limit, offset)`` returns one page: a :class:`PaginatedResult` or a list
    response (anything :class:`PageLike`). ``page_size`` is
    clamped to :data:`MAX_PAGE_SIZE`; the next offset is the last one plus the items received.

    Raises:
        ValueError: ``page_size < 1`` or ``start_offset < 0`` (at once, not on iteration).
        TypeError: ``fetch_page`` returned something that is not a page.

    """
    return offset_pager(fetch_page, page_size=page_size, start_offset=start_offset).__aiter__()


def offset_pager(
    fetch_page: Callable[[int, int], Awaitable[PageLike[T]]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start_offset: int = 0,
) -> AsyncPager[T]:
    """:func:`iterate_all` as a reusable ``sdk_core.AsyncPager`` (items, ``pages()``,
    ``take(n)``): what the adapters' item iterators (``runs.iter()``...) return.
    """
    size, start = _check_sizes(page_size, start_offset)
    guard = _RepeatGuard(start)

    async def fetch(offset: int) -> Page[T]:
        return guard.page(offset, await fetch_page(size, offset))

    return AsyncPager(fetch, paging=OffsetPaging(size, start))


def iterate_all_sync(
    fetch_page: Callable[[int, int], PageLike[T]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start_offset: int = 0,
) -> Iterator[T]:
    """The synchronous twin of :func:`iterate_all` (for ``SyncTransport`` users)."""
    return iter(offset_pager_sync(fetch_page, page_size=page_size, start_offset=start_offset))


def offset_pager_sync(
    fetch_page: Callable[[int, int], PageLike[T]],
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    start_offset: int = 0,
) -> Pager[T]:
    """The synchronous twin of :func:`offset_pager`."""
    size, start = _check_sizes(page_size, start_offset)
    guard = _RepeatGuard(start)

    def fetch(offset: int) -> Page[T]:
        return guard.page(offset, fetch_page(size, offset))

    return Pager(fetch, paging=OffsetPaging(size, start))
