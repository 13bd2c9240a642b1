"""When to try a request again, and how long to wait first — decided without doing any I/O.

The same :class:`RetryPolicy` drives the sync and the async loop; only they sleep and send.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import httpx

__all__ = ["RetryPolicy"]

# Failures where the request provably never reached the server: always safe to repeat.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a service's SDK retries.

    Attributes:
        max_retries: retries after the first attempt (0 disables retrying).
        statuses: response statuses worth retrying (rate limits and transient server faults).
        initial_backoff: seconds before the first retry when the server gave no ``Retry-After``.
        multiplier: growth of the backoff per retry (exponential).
        max_backoff: cap on one computed backoff.
        jitter: the fraction of each backoff that is randomised, so clients don't retry in step.
        max_retry_after: the longest ``Retry-After`` we honour by waiting; a longer one is not
            waited out but raised at once (its exception carries ``retry_after``).
        sleep_scale: multiplies every wait; ``RetryPolicy.testing()`` sets 0 so tests never sleep.

    """

    max_retries: int = 3
    statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    initial_backoff: float = 0.5
    multiplier: float = 2.0
    max_backoff: float = 8.0
    jitter: float = 0.5
    max_retry_after: float = 60.0
    sleep_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError(f"jitter must be within [0, 1], got {self.jitter}")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.sleep_scale < 0:
            raise ValueError("backoff times and sleep_scale must be >= 0")

    @classmethod
    def testing(cls, max_retries: int = 3) -> RetryPolicy:
        """A policy that retries exactly like the default but never actually waits."""
        return cls(max_retries=max_retries, sleep_scale=0.0)

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        """A copy of the policy with another retry budget."""
        return replace(self, max_retries=max_retries)

    def backoff(self, retry_number: int, rng: random.Random | None = None) -> float:
        """The wait before retry ``retry_number`` (1-based) when the server said nothing."""
        # The exponent is capped: far past max_backoff anyway, and 2.0 ** 1024 overflows.
        exponent = min(max(retry_number - 1, 0), 64)
        base = min(self.max_backoff, self.initial_backoff * self.multiplier**exponent)
        spread = base * self.jitter
        draw = (rng or random).random()
        return base - spread + spread * draw

    def delay_after_status(
        self,
        attempt: int,
        status: int,
        retry_after: float | None,
        rng: random.Random | None = None,
    ) -> float | None:
        """Seconds to wait before retrying a response with ``status``, or None to give up.

        ``attempt`` is the 1-based number of the attempt that just failed.
        """
        if attempt > self.max_retries or status not in self.statuses:
            return None
        if retry_after is not None:
            return None if retry_after > self.max_retry_after else retry_after
        return self.backoff(attempt, rng)

    def delay_after_error(
        self,
        attempt: int,
        error: httpx.TransportError,
        *,
        idempotent: bool,
        rng: random.Random | None = None,
    ) -> float | None:
        """Seconds to wait before retrying after a transport error, or None to give up.

        A request that may have reached the server (read timeout, dropped connection) is
        repeated only when repeating it is safe: reads, deletes, and POSTs that carry an
        idempotency key.
        """
        if attempt > self.max_retries:
            return None
        if not (idempotent or isinstance(error, _NOT_SENT)):
            return None
        return self.backoff(attempt, rng)
