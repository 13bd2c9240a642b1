"""What every SDK client does with its connection pool and listeners, written once per flavour."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

from sdk_core._flow import CallListener
from sdk_core._http import KEEP, AsyncHttpCore, HttpCore, TimeoutTypes, _CoreBase
from sdk_core._resources import forget_groups

if TYPE_CHECKING:
    # Only for annotations: typing_extensions costs ~25 ms to import.
    from typing_extensions import Self

__all__ = ["AsyncClientBase", "ClientBase"]


C = TypeVar("C", bound=_CoreBase)


class _ClientMethods(Generic[C]):
    """What every client does whatever its flavour: call events and option copies."""

    _http: C

    def subscribe(self, listener: CallListener) -> Callable[[], None]:
        """Call ``listener(event)`` for every attempt of every call; returns the unsubscriber.

        Events (:class:`sdk_core.CallEvent`) say a request is sent, a response or a transport
        error arrived, a retry is scheduled (with its delay) or the call gave up — what logging,
        metrics or an OpenTelemetry bridge need, without patching the SDK. A listener must be
        quick; one that raises is logged and ignored.
        """
        return self._http.subscribe(listener)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | object = KEEP,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy of this client with other per-request defaults, sharing its connections.

        ``client.with_options(timeout=5).runs.get(run_id)`` applies to that copy's calls only;
        ``extra_headers`` are added to every request (never replacing the credential, request
        id or idempotency key). Closing the copy leaves the original open; closing the
        original ends both.
        """
        clone = copy.copy(self)
        forget_groups(clone)
        clone._http = self._http.derive(
            timeout=timeout, max_retries=max_retries, extra_headers=extra_headers
        )
        return clone


class ClientBase(_ClientMethods[HttpCore]):
    """A sync SDK client over an :class:`HttpCore`: ``close()``, ``with`` and call events."""

    _http: HttpCore

    def close(self) -> None:
        """Release the connection pool (only one the client created itself); idempotent."""
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


class AsyncClientBase(_ClientMethods[AsyncHttpCore]):
    """An async SDK client over an :class:`AsyncHttpCore`: ``await close()``, ``async with``."""

    _http: AsyncHttpCore

    async def close(self) -> None:
        """Release the connection pool (only one the client created itself); idempotent."""
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
