"""Waiting for something to finish, decided without I/O: :class:`Deadline`, :class:`PollSchedule`.

A poller asks "is it done?" (one call, whose own retries stop at the same deadline), then asks
the schedule how long to wait before asking again: the interval with jitter, or the server's
``Retry-After`` when that is longer, never past the total budget. ``HttpCore.poll`` and
``AsyncHttpCore.poll`` are the thin loops that sleep.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sdk_core._limits import MAX_SECONDS

__all__ = ["MAX_SECONDS", "Deadline", "Done", "Pending", "PollSchedule"]

T = TypeVar("T")


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
        # `not x >= 0` also rejects NaN, which every comparison answers False.
        if self.timeout is not None and not 0 <= self.timeout <= MAX_SECONDS:
            raise ValueError(f"timeout must be from 0 to {MAX_SECONDS:g} s or None")
        if not 0 < self.interval <= MAX_SECONDS:
            raise ValueError(f"interval must be more than 0 and at most {MAX_SECONDS:g} s")
        self.started = self.clock()

    @property
    def at(self) -> float | None:
        """The clock reading at which the budget runs out (None when unbounded)."""
        return None if self.timeout is None else self.started + self.timeout

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


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """A poll's answer: finished, with this value."""

    value: T


@dataclass(frozen=True, slots=True)
class Pending(Generic[T]):
    """A poll's answer: not yet. ``state`` is what was seen (for the timeout's message).

    ``retry_after`` is the server's hint (a 202's ``Retry-After``); ``immediately`` asks for the
    next poll at once (e.g. a progress stream just said the work ended).
    """

    state: T
    retry_after: float | None = None
    immediately: bool = False


@dataclass(slots=True)
class PollSchedule:
    """When to poll next, within a total budget; no I/O.

    Attributes:
        deadline: the total budget and the base interval.
        jitter: the fraction of each interval that is randomised (so clients don't poll in step).
        rng: the randomness (injectable for tests).

    """

    deadline: Deadline
    jitter: float = 0.1
    rng: random.Random = field(default_factory=random.Random)
    polls: int = 0

    def delay_after(self, pending: Pending[Any]) -> float | None:
        """Seconds to wait before the next poll, or None when the budget is spent."""
        self.polls += 1
        remaining = self.deadline.remaining()
        if remaining is not None and remaining <= 0:
            return None
        if pending.immediately:
            return 0.0
        interval = self.deadline.interval
        spread = interval * self.jitter
        delay = interval - spread + 2 * spread * self.rng.random()
        if pending.retry_after is not None:
            # The server knows when to look again: never sooner than it asked.
            delay = max(delay, min(pending.retry_after, MAX_SECONDS))
        return delay if remaining is None else min(delay, remaining)
