"""Test-controlled time for the SDK clients: waiting, polling and deadlines without real waits.

Every client's core reads the time from ``client._http.ctx.clock`` (a ``time.monotonic``-like
callable: poll deadlines, retry deadlines) and waits through ``client._http._sleep`` (pollers and
retry back-off). :meth:`FakeClock.install` replaces both, so a client's sleeps move the fake
clock instead of the wall clock — and, given a fake service, move the fake's clock too (its
``advance(seconds)``), so runs and tasks progress exactly as far as the client has waited.

    clock = FakeClock()
    clock.install(client, fake)
    client.poll_result(task_id, timeout=300, interval=5)  # returns at once, in real time
    assert clock.elapsed == 30  # what the client waited, by the fake clock

With ``jitter=False`` the poll interval's jitter is pinned at the middle of its range, so every
poll waits exactly ``interval`` and poll counts are exact.
"""

from __future__ import annotations

import random
from typing import Any, Protocol, TypeVar

import anyio
from sdk_core.fakes.harness import core_of

__all__ = ["FakeClock", "Advanceable"]

C = TypeVar("C")


class Advanceable(Protocol):
    """A fake service (``tools.fakes``): its clock moves forward by ``advance(seconds)``."""

    def advance(self, seconds: float) -> None: ...


class _Midpoint(random.Random):
    """A generator whose ``random()`` is always 0.5: jitter lands in the middle of its range."""

    def random(self) -> float:
        return 0.5


class FakeClock:
    """A monotonic clock that moves only when slept on or advanced.

    Attributes:
        sleeps: every sleep asked for, in order (zero-length ones included).

    """

    def __init__(self, start: float = 1_000.0) -> None:
        self._start = start
        self._now = start
        self._fakes: list[Advanceable] = []
        self.sleeps: list[float] = []

    def now(self) -> float:
        """The clock's reading (what ``time.monotonic()`` would be)."""
        return self._now

    __call__ = now

    @property
    def elapsed(self) -> float:
        """Seconds the clock has moved since it was created."""
        return self._now - self._start

    def advance(self, seconds: float) -> None:
        """Move the clock (and every attached fake) forward by ``seconds``."""
        if not seconds >= 0:
            raise ValueError(f"time only moves forward, got {seconds}")
        self._now += seconds
        for fake in self._fakes:
            fake.advance(seconds)

    def sleep(self, seconds: float) -> None:
        """The sync client's sleep: record it and advance instead of waiting."""
        self.sleeps.append(seconds)
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        """The async client's sleep: like :meth:`sleep`, then let other tasks run once."""
        self.sleep(seconds)
        await anyio.sleep(0)

    def attach(self, fake: Advanceable) -> None:
        """Advance ``fake`` along with this clock from now on."""
        if all(f is not fake for f in self._fakes):
            self._fakes.append(fake)

    def install(self, client: C, fake: Advanceable | None = None, *, jitter: bool = True) -> C:
        """Make ``client`` (sync or async) read and wait on this clock; returns ``client``.

        ``fake``: a fake service whose clock follows this one. ``jitter=False``: poll and
        back-off jitter always land in the middle of their range (exact intervals).
        """
        # Kneo's clients hold their core inside the transport (client._http._core).
        http: Any = core_of(client) if hasattr(client, "_http") else None
        ctx = getattr(http, "ctx", None)
        if ctx is None or not hasattr(ctx, "clock") or not callable(getattr(http, "_sleep", None)):
            raise TypeError(f"{type(client).__name__} has no client._http.ctx.clock / ._sleep")
        ctx.clock = self.now
        http._sleep = self.asleep if ctx.is_async else self.sleep
        if not jitter:
            ctx.rng = _Midpoint()
        if fake is not None:
            self.attach(fake)
        return client
