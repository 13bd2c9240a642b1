"""What every SDK client does with its connection pool, written once for both flavours."""

from __future__ import annotations

from types import TracebackType

from typing_extensions import Self

from sdk_core._http import AsyncHttpCore, HttpCore

__all__ = ["AsyncClientBase", "ClientBase"]


class ClientBase:
    """A sync SDK client over an :class:`HttpCore`: ``close()`` and ``with`` support."""

    _http: HttpCore

    def close(self) -> None:
        """Release the connection pool (only one the client created itself)."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClientBase:
    """An async SDK client over an :class:`AsyncHttpCore`: ``await close()`` and ``async with``."""

    _http: AsyncHttpCore

    async def close(self) -> None:
        """Release the connection pool (only one the client created itself)."""
        await self._http.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
