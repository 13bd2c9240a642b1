"""When to look again while waiting for something to finish — decided without doing any I/O."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Deadline"]


@dataclass(slots=True)
class Deadline:
    """A time budget, and the pace of polling within it.

    Attributes:
        timeout: seconds allowed in all (``None``: wait forever).
        interval: seconds between polls.
        clock: a monotonic clock (injectable for tests).

    """

    timeout: float | None
    interval: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        if self.timeout is not None and self.timeout < 0:
            raise ValueError(f"timeout must be >= 0 or None, got {self.timeout}")
        if self.interval <= 0:
            raise ValueError(f"interval must be > 0, got {self.interval}")
        self.started = self.clock()

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None when unbounded."""
        if self.timeout is None:
            return None
        return max(0.0, self.timeout - (self.clock() - self.started))

    @property
    def expired(self) -> bool:
        """Whether the budget is spent."""
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    def next_sleep(self) -> float | None:
        """Seconds to sleep before the next poll, or None when no poll fits in the budget."""
        remaining = self.remaining()
        if remaining is None:
            return self.interval
        if remaining <= 0:
            return None
        return min(self.interval, remaining)

    def elapsed(self) -> float:
        """Seconds since the deadline was set."""
        return self.clock() - self.started
