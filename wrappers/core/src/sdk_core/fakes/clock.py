"""The fakes' clock: wall time plus what tests add, or a manual clock that only tests move."""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time

__all__ = ["Clock"]


class Clock:
    """A fake's notion of now, which tests move forward with :meth:`advance`.

    Args:
        manual: if true the clock never follows wall time: it stands at ``start_time`` until
            :meth:`advance` moves it. Otherwise it runs with wall time, shifted by every advance.
        start_time: the epoch time the clock reads on creation (default: the wall time then).

    Everything in a fake that waits for time to pass waits through :meth:`sleep_until`, which
    re-reads the clock on every advance: advancing never leaves a fake waiting in real time.
    """

    def __init__(self, *, manual: bool = False, start_time: float | None = None) -> None:
        if start_time is not None and not math.isfinite(start_time):
            raise ValueError(f"start_time must be a finite epoch time, got {start_time}")
        self.manual = manual
        self._lock = threading.Lock()
        start = time.time() if start_time is None else start_time
        self._base = start if manual else start - time.time()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def now(self) -> float:
        """The clock's epoch time."""
        return self._base if self.manual else time.time() + self._base

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` and wake everything waiting on it."""
        if not (seconds >= 0 and math.isfinite(seconds)):
            raise ValueError(f"the clock only moves forward by a finite time, got {seconds}")
        with self._lock:
            self._base += seconds
            waiters = list(self._waiters)
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    @property
    def waiting(self) -> int:
        """How many waits are pending (so a test can tell a fake is idle before advancing)."""
        with self._lock:
            return len(self._waiters)

    async def sleep_until(self, deadline: float) -> None:
        """Return once the clock reads ``deadline`` or later, however it gets there.

        The clock is re-read on every :meth:`advance` (and, unless manual, as wall time
        passes), so a test that advances past ``deadline`` never waits in real time.
        """
        event = asyncio.Event()
        entry = (asyncio.get_running_loop(), event)
        with self._lock:
            self._waiters.add(entry)
        try:
            while True:
                # Cleared before the clock is read: an advance after the read sets it again.
                event.clear()
                remaining = deadline - self.now()
                if remaining <= 0:
                    return
                if self.manual:
                    await event.wait()
                    continue
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            with self._lock:
                self._waiters.discard(entry)
