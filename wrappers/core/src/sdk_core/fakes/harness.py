"""The public face of a fake for users' tests: clients wired to it, time control, faults.

Each SDK's ``testing`` module subclasses :class:`FakeService` for its fake::

    fake = FakeGnosys()                 # in memory, on a manual clock
    client = fake.client()              # a GnosysClient talking to it, no sockets
    fake.advance(60)                    # a minute passes for the fake (runs progress)

``fake.client()`` / ``fake.async_client()`` build the SDK's own clients on an in-process
transport, with retries that never sleep and — on a manual clock — the client's waits bound to
the fake's clock: ``runs.wait(timeout=600)`` advances the fake instead of sleeping, so a test
that waits ten fake minutes takes milliseconds. ``fake.serve()`` serves it on 127.0.0.1 for
code that needs a URL (another process, a browser, a published client).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from sdk_core.fakes.inprocess import AsyncFakeTransport, SyncFakeTransport
from sdk_core.fakes.server import serve_in_thread

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from sdk_core.fakes.service import ReceivedRequest, SpecFake

__all__ = ["FakeService", "bind_clock", "core_of"]

S = TypeVar("S", bound="SpecFake[Any]")
#: The origin in-process clients use (nothing is ever resolved or connected).
IN_PROCESS_URL = "http://fake.invalid"


def core_of(client: Any) -> Any:
    """A client's HTTP core (some SDKs, Kneo's, hold it inside a public transport)."""
    return getattr(client._http, "_core", client._http)


def bind_clock(client: Any, fake: SpecFake[Any]) -> None:
    """Make ``client`` read the fake's clock and advance it instead of sleeping.

    Its pollers' deadlines and its retry waits then run on fake time: a wait of ten minutes
    moves the fake ten minutes on, at once.
    """
    http = core_of(client)
    http.ctx.clock = fake.now
    if http.ctx.is_async:

        async def advance(seconds: float) -> None:
            fake.advance(seconds)

        http._sleep = advance
    else:
        http._sleep = fake.advance


class FakeService(Generic[S]):
    """A fake of one service, with the SDK's clients wired to it.

    Attributes:
        state: the fake itself (its records, ``received``, fault hooks).
        app: the ASGI app serving ``state``.
        api_key: a key the fake accepts (any key of the service's documented shape works).

    """

    api_key: str

    def __init__(self, state: S) -> None:
        self.state = state
        self.app: Starlette = state.app()
        self._sync_transport: SyncFakeTransport | None = None
        self._clients: list[Any] = []

    # -- in-process wiring (no sockets)

    def transport(self) -> httpx.BaseTransport:
        """A sync httpx transport into the fake (one per fake; closed by :meth:`close`)."""
        if self._sync_transport is None:
            self._sync_transport = SyncFakeTransport(self.app)
        return self._sync_transport

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An async httpx transport into the fake (httpx's ``ASGITransport``)."""
        return AsyncFakeTransport(app=self.app)

    # -- clients

    def _sync_client_class(self) -> Any:
        raise NotImplementedError

    def _async_client_class(self) -> Any:
        raise NotImplementedError

    def _wire(self, client: Any) -> Any:
        if self.state.clock.manual:
            bind_clock(client, self.state)
        self._clients.append(client)
        return client

    def client(self, **options: Any) -> Any:
        """The SDK's sync client, calling this fake in-process (``options`` go to it)."""
        return self._wire(
            self._sync_client_class()(
                self.api_key,
                base_url=IN_PROCESS_URL,
                http_client=httpx.Client(transport=self.transport()),
                **self._client_defaults(options),
            )
        )

    def async_client(self, **options: Any) -> Any:
        """The SDK's async client, calling this fake in-process (``options`` go to it)."""
        return self._wire(
            self._async_client_class()(
                self.api_key,
                base_url=IN_PROCESS_URL,
                http_client=httpx.AsyncClient(transport=self.async_transport()),
                **self._client_defaults(options),
            )
        )

    def _client_defaults(self, options: dict[str, Any]) -> dict[str, Any]:
        from sdk_core._retry import RetryPolicy

        # Retries behave as in production but never sleep (stamina's testing mode).
        options.setdefault("retry_policy", RetryPolicy.testing())
        return options

    @contextmanager
    def serve(self, *, port: int = 0) -> Iterator[str]:
        """Serve the fake on 127.0.0.1 (``port=0``: any free one); yield its base URL."""
        with serve_in_thread(self.app, port=port) as base_url:
            yield base_url

    def close(self) -> None:
        """Close the clients made here and the in-process event loop."""
        for client in self._clients:
            http = core_of(client)
            if not http.ctx.is_async:
                client.close()  # releases the client's hold on its key in the log scrubber
                http._client.close()  # the httpx client made here (not the client's own)
        self._clients.clear()
        if self._sync_transport is not None:
            self._sync_transport.close()
            self._sync_transport = None

    def __enter__(self) -> FakeService[S]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- time and faults (delegated to the fake)

    def now(self) -> float:
        """The fake's clock (epoch seconds)."""
        return self.state.now()

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward: work in progress moves on, rate windows slide."""
        self.state.advance(seconds)

    def inject_faults(
        self,
        method: str,
        path_prefix: str,
        statuses: Sequence[int] = (503, 503),
        retry_after: float | str | None = None,
        *,
        lose_response: bool = False,
    ) -> None:
        """Answer the next matching requests with ``statuses``, one each, then behave again.

        With ``lose_response=True`` each request is carried out first and only its answer is
        replaced: what a client sees when a response is lost on the way back.
        """
        self.state.inject_faults(method, path_prefix, statuses, retry_after, act=lose_response)

    def inject_malformed(
        self,
        method: str,
        path_prefix: str,
        body: bytes = b'{"unexpected": 1}',
        *,
        status: int = 200,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with ``body`` as is (a broken server)."""
        self.state.inject_malformed(method, path_prefix, body, status=status, times=times)

    def inject_latency(self, seconds: float, *, times: int = 1) -> None:
        """Delay the next ``times`` answers by ``seconds`` of real time (to trip timeouts)."""
        self.state.inject_latency(seconds, times=times)

    def clear_faults(self) -> None:
        """Drop every pending injected fault."""
        self.state.clear_faults()

    @property
    def received(self) -> list[ReceivedRequest]:
        """Every request the fake received, oldest first (credentials masked)."""
        return self.state.received

    def clear_received(self) -> None:
        """Forget the requests received so far."""
        self.state.clear_received()
