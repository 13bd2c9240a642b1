"""Serving a fake on loopback for tests: :func:`serve_in_thread` (uvicorn in a daemon thread)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HOST", "serve_in_thread"]

#: Fakes are only ever served on the loopback interface.
HOST = "127.0.0.1"


class _Stoppable:
    """Ends open responses cleanly when the server stops.

    A long-poll stream would otherwise keep a graceful shutdown waiting, then be cancelled
    with an error in the log. On :meth:`stop`, every request sees ``http.disconnect`` (so a
    Starlette stream stops) and a response left half-sent is completed.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._stopping is None:
            self._loop = asyncio.get_running_loop()
            self._stopping = asyncio.Event()
        stopping = self._stopping
        started = completed = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, completed
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                completed = True
            await send(message)

        async def stoppable_receive() -> Message:
            if stopping.is_set():
                return {"type": "http.disconnect"}
            message = asyncio.ensure_future(receive())
            stop = asyncio.ensure_future(stopping.wait())
            await asyncio.wait({message, stop}, return_when=asyncio.FIRST_COMPLETED)
            if message.done():
                stop.cancel()
                return message.result()
            message.cancel()
            return {"type": "http.disconnect"}

        await self.app(scope, stoppable_receive, tracking_send)
        if started and not completed:
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    def stop(self) -> None:
        """Ask every open request to wind down (callable from any thread)."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopping.set)


@contextmanager
def serve_in_thread(
    app: ASGIApp,
    *,
    port: int = 0,
    startup_timeout: float = 10.0,
    shutdown_timeout: float = 5.0,
) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a daemon thread; yield its base URL.

    ``port=0`` picks a free port. The socket is bound before the server starts, so the URL is
    known at once; the context waits until uvicorn is accepting. On exit open streams are ended
    cleanly, the server stops gracefully and the thread is joined within ``shutdown_timeout``
    seconds, after which uvicorn is told to exit forcibly.
    """
    import uvicorn

    # With the protocol named, asyncio sets TCP_NODELAY: otherwise every request after the
    # first on a kept-alive connection stalls ~40 ms on Nagle's algorithm and delayed ACKs.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise
    bound_port = int(sock.getsockname()[1])
    stoppable = _Stoppable(app)
    config = uvicorn.Config(
        stoppable,
        host=HOST,
        port=bound_port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
        # Long-poll streams would otherwise hold a graceful shutdown open indefinitely.
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"fake-server-{bound_port}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(shutdown_timeout)
            sock.close()
            raise RuntimeError(f"the fake server on {HOST}:{bound_port} did not start")
        time.sleep(0.005)
    try:
        yield f"http://{HOST}:{bound_port}"
    finally:
        stoppable.stop()
        server.should_exit = True
        thread.join(shutdown_timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(shutdown_timeout)
        sock.close()
