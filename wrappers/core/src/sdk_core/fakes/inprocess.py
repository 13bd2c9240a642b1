"""Calling a fake in-process: httpx transports that hand requests to an ASGI app, no sockets.

:class:`AsyncFakeTransport` is httpx's own ``ASGITransport``. :class:`SyncFakeTransport` runs
the app on a private event loop in a helper thread (an anyio blocking portal), so the sync
client — which never runs an event loop itself — can call it too, from any thread. Both buffer
each response whole: a fake whose streams wait for its clock must end them when they catch up
(the fakes' ``hold_streams=False``).
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal
    from starlette.types import ASGIApp

__all__ = ["AsyncFakeTransport", "SyncFakeTransport"]


class AsyncFakeTransport(httpx.ASGITransport):
    """Async requests straight into an ASGI app (httpx's ``ASGITransport``)."""


class SyncFakeTransport(httpx.BaseTransport):
    """Sync requests into an ASGI app, run on a private event loop in a helper thread."""

    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None

    def _running_portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                from anyio.from_thread import start_blocking_portal

                self._portal_cm = start_blocking_portal(backend="asyncio")
                self._portal = self._portal_cm.__enter__()
            return self._portal

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

        status, headers, content, extensions = self._running_portal().call(call)
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
            cm, self._portal_cm, self._portal = self._portal_cm, None, None
        if cm is not None:
            cm.__exit__(None, None, None)
