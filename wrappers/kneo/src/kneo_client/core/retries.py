"""When and how long to wait between attempts: :class:`RetryPolicy`, decided without I/O.

The transport retries transport failures and the statuses in :data:`RETRYABLE_STATUS_CODES`
(429, 502, 503, 504; never 500), sleeping :meth:`RetryPolicy.delay_for` before each new attempt::

    policy = RetryPolicy(max_attempts=8, base_delay=0.5)   # a flaky network
    policy = RetryPolicy(max_attempts=1)                   # no retries

:func:`to_core_policy` expresses a policy as the shared core's ``sdk_core.RetryPolicy``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import sdk_core
from sdk_core import parse_retry_after as _core_parse_retry_after

__all__ = [
    "IDEMPOTENT_METHODS",
    "MAX_BACKOFF_EXPONENT",
    "RETRYABLE_STATUS_CODES",
    "RetryPolicy",
    "is_retryable_status",
    "parse_retry_after",
    "to_core_policy",
]

#: Statuses worth another attempt. Deliberately not configurable, and without 500: a platform
#: that returns transient 500s should be fixed, not retried into.
RETRYABLE_STATUS_CODES: frozenset[int] = frozenset({429, 502, 503, 504})

#: Methods that may be repeated after an ambiguous failure (POSTs qualify through their key).
IDEMPOTENT_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

#: The backoff stops doubling here: 2**64 already dwarfs any ``max_delay``, and the published
#: client's uncapped ``2 ** n`` overflowed (OverflowError) past about a thousand attempts.
MAX_BACKOFF_EXPONENT = 64


def is_retryable_status(status: int) -> bool:
    """Whether a response with ``status`` is worth another attempt."""
    return status in RETRYABLE_STATUS_CODES


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP-date (RFC 9110).

    Returns None when absent or unparseable; a date in the past or a negative number gives 0.
    ``now`` (a ``time.time()`` reading) is for tests. The published client read only
    delta-seconds and ignored dates.
    """
    return _core_parse_retry_after(value, now=now)


def _check_seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of seconds, not {type(value).__name__}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return seconds


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a call gets and how long to wait between them (no I/O).

    Attributes:
        max_attempts: total attempts including the first (1 disables retries).
        base_delay: seconds before the second attempt; each later attempt doubles it.
        max_delay: cap on the computed delay before jitter, and on a ``Retry-After``.
        jitter: fraction of the delay randomised, in [0, 1]: with 0.1 a 1-second delay becomes
            a uniform draw from [0.9, 1.1].

    Raises ``ValueError`` for ``max_attempts < 1``, negative or non-finite delays,
    ``max_delay < base_delay`` or a jitter outside [0, 1].
    """

    max_attempts: int = 3
    base_delay: float = 0.2
    max_delay: float = 30.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts < 1
        ):
            raise ValueError(f"max_attempts must be an int >= 1, got {self.max_attempts!r}")
        base = _check_seconds("base_delay", self.base_delay)
        cap = _check_seconds("max_delay", self.max_delay)
        if cap < base:
            raise ValueError(f"max_delay ({cap}) must be >= base_delay ({base})")
        jitter = _check_seconds("jitter", self.jitter)
        if jitter > 1:
            raise ValueError(f"jitter must be within [0, 1], got {self.jitter!r}")

    def backoff(self, attempt: int) -> float:
        """Un-jittered delay before ``attempt`` (≥ 2): ``base·2^(attempt−2)``, capped."""
        exponent = min(max(attempt - 2, 0), MAX_BACKOFF_EXPONENT)
        return float(min(self.max_delay, self.base_delay * 2.0**exponent))

    def delay_for(
        self,
        attempt: int,
        retry_after: float | None = None,
        *,
        rng: random.Random | None = None,
    ) -> float:
        """Seconds to sleep before ``attempt`` (1-based: the first retry is attempt 2).

        * ``attempt`` 1 (or less): 0, nothing precedes the first try.
        * A ``retry_after`` (the server's ``Retry-After``, in seconds) is used verbatim, without
          jitter, but never above ``max_delay`` (the published client did not cap it). A
          negative or NaN hint is ignored.
        * Otherwise ``d = min(max_delay, base_delay·2^(attempt−2))`` and, with jitter,
          ``max(0, d + U(−jitter, +jitter)·d)``.

        ``rng`` replaces the ``random`` module's generator (for tests).
        """
        if attempt < 2:
            return 0.0
        if retry_after is not None and retry_after >= 0:  # False for NaN
            return float(min(retry_after, self.max_delay))
        delay = self.backoff(attempt)
        if self.jitter > 0:
            draw = (rng or random).uniform(-self.jitter, self.jitter)
            delay = max(0.0, delay + draw * delay)
        return delay


def to_core_policy(policy: RetryPolicy) -> sdk_core.RetryPolicy:
    """The shared core's policy that retries exactly as ``policy`` does.

    * attempts: ``max_retries = max_attempts − 1`` (the core counts retries; its backoff for
      retry *n* is the one before attempt *n + 1*, so the exponents line up);
    * statuses: :data:`RETRYABLE_STATUS_CODES`;
    * backoff and jitter: the core draws from ``[b·(1−j'), b]``; with ``b = d·(1+jitter)`` and
      ``j' = 2·jitter/(1+jitter)`` that is exactly ``[d·(1−jitter), d·(1+jitter)]``, uniform;
    * ``Retry-After``: honoured verbatim up to ``max_delay``. A longer one is raised at once
      (the error carries ``retry_after``) instead of being slept as ``max_delay``: waiting
      less than the server asked only earns another 429/503.

    One difference remains: the core's exponent is not capped (:data:`MAX_BACKOFF_EXPONENT`),
    which matters only beyond about 1000 attempts.
    """
    widen = 1.0 + policy.jitter
    return sdk_core.RetryPolicy(
        max_retries=policy.max_attempts - 1,
        statuses=RETRYABLE_STATUS_CODES,
        initial_backoff=policy.base_delay * widen,
        multiplier=2.0,
        max_backoff=policy.max_delay * widen,
        jitter=2.0 * policy.jitter / widen,
        max_retry_after=policy.max_delay,
    )
