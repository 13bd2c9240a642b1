"""Calling a fake in-process: httpx transports that hand requests to an ASGI app, no sockets.

:class:`AsyncFakeTransport` is httpx's own ``ASGITransport``. :class:`SyncFakeTransport` runs
the app on a private event loop in a daemon thread, so the sync
client — which never runs an event loop itself — can call it too, from any thread. Both buffer
each response whole: a fake whose streams wait for its clock must end them when they catch up
(the fakes' ``hold_streams=False``).
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from starlette.types import ASGIApp

__all__ = ["AsyncFakeTransport", "SyncFakeTransport"]


class AsyncFakeTransport(httpx.ASGITransport):
    """Async requests straight into an ASGI app (httpx's ``ASGITransport``)."""


class SyncFakeTransport(httpx.BaseTransport):
    """Sync requests into an ASGI app, run on a private event loop in a daemon thread.

    The thread is a daemon, so a test that never closes its client still exits.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="fake-service-loop", daemon=True
                )
                thread.start()
                self._loop = loop
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to the app and return its whole answer."""
        body = request.read()
        inner = httpx.Request(request.method, request.url, headers=request.headers, content=body)

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes, dict[str, Any]]:
            response = await self._asgi.handle_async_request(inner)
            # The raw bytes: the outer response decodes any content-encoding itself.
            content = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
            return response.status_code, response.headers.raw, content, response.extensions

        future = asyncio.run_coroutine_threadsafe(call(), self._running_loop())
        status, headers, content, extensions = future.result()
        return httpx.Response(
            status,
            headers=headers,
            stream=httpx.ByteStream(content),
            request=request,
            extensions=extensions,
        )

    def close(self) -> None:
        """Stop the helper thread's event loop."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
