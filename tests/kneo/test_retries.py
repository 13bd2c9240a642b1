from __future__ import annotations

import dataclasses
import email.utils
import math
import random

import httpx
import pytest
import sdk_core
from kneo_client.core.errors import (
    KneoError,
    KneoNetworkError,
    KneoProtocolError,
    KneoRateLimited,
    KneoServerError,
)
from kneo_client.core.retries import (
    IDEMPOTENT_METHODS,
    RETRYABLE_STATUS_CODES,
    RetryPolicy,
    is_retryable_status,
    parse_retry_after,
    to_core_policy,
)


class Fixed(random.Random):
    """A generator whose every draw is the low end, the high end, or a given fraction."""

    def __init__(self, fraction: float) -> None:
        super().__init__(0)
        self.fraction = fraction
        self.calls: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.calls.append((a, b))
        return a + (b - a) * self.fraction

    def random(self) -> float:
        return self.fraction


def test_documented_defaults_and_frozen() -> None:
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.base_delay, policy.max_delay, policy.jitter) == (
        3,
        0.2,
        30.0,
        0.1,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_attempts = 5  # type: ignore[misc]


def test_retryable_statuses_are_exactly_the_documented_ones() -> None:
    assert frozenset({429, 502, 503, 504}) == RETRYABLE_STATUS_CODES
    assert not is_retryable_status(500)
    assert [s for s in range(400, 600) if is_retryable_status(s)] == [429, 502, 503, 504]
    assert frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}) == IDEMPOTENT_METHODS


@pytest.mark.parametrize("attempt", [1, 0, -3])
def test_no_delay_before_the_first_attempt(attempt: int) -> None:
    assert RetryPolicy().delay_for(attempt) == 0.0
    assert RetryPolicy().delay_for(attempt, retry_after=9.0) == 0.0


def test_backoff_doubles_from_base_delay_up_to_max_delay() -> None:
    policy = RetryPolicy(max_attempts=20, jitter=0.0)
    delays = [policy.delay_for(n) for n in range(2, 13)]
    assert delays == [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30.0, 30.0, 30.0]


def test_a_huge_attempt_number_does_not_overflow() -> None:
    assert RetryPolicy(jitter=0.0).delay_for(10**6) == 30.0
    wide = RetryPolicy(base_delay=1.0, max_delay=1e300, jitter=0.0)
    assert wide.delay_for(10**6) == 2.0**64  # the exponent stops at 64


@pytest.mark.parametrize(("fraction", "expected"), [(0.0, 0.9), (0.5, 1.0), (1.0, 1.1)])
def test_jitter_spreads_the_delay_by_its_fraction_both_ways(
    fraction: float, expected: float
) -> None:
    # The page: "with jitter=0.1 and a 1-second delay, the sleep is uniformly in [0.9, 1.1]".
    rng = Fixed(fraction)
    policy = RetryPolicy(base_delay=1.0, jitter=0.1)
    assert policy.delay_for(2, rng=rng) == pytest.approx(expected)
    assert rng.calls == [(-0.1, 0.1)]


def test_jitter_applies_after_the_cap_and_never_goes_negative() -> None:
    assert RetryPolicy(jitter=0.1).delay_for(20, rng=Fixed(1.0)) == pytest.approx(33.0)
    assert RetryPolicy(base_delay=1.0, jitter=1.0).delay_for(2, rng=Fixed(0.0)) == 0.0


def test_jitter_is_really_random_within_bounds() -> None:
    policy = RetryPolicy(base_delay=1.0, jitter=0.1)
    rng = random.Random(3)
    draws = [policy.delay_for(2, rng=rng) for _ in range(500)]
    assert 0.9 <= min(draws) < 0.92
    assert 1.08 < max(draws) <= 1.1
    assert len(set(draws)) > 400


def test_retry_after_is_used_verbatim_without_jitter() -> None:
    policy = RetryPolicy(jitter=1.0)
    assert {policy.delay_for(2, retry_after=5.0) for _ in range(50)} == {5.0}
    assert policy.delay_for(7, retry_after=0.0) == 0.0


def test_retry_after_is_capped_at_max_delay() -> None:
    # The published client slept whatever the server said (`Retry-After: 86400`).
    assert RetryPolicy().delay_for(2, retry_after=86400.0) == 30.0
    assert RetryPolicy(max_delay=5.0).delay_for(2, retry_after=math.inf) == 5.0


@pytest.mark.parametrize("hint", [-1.0, math.nan])
def test_a_negative_or_nan_retry_after_is_ignored(hint: float) -> None:
    assert RetryPolicy(jitter=0.0).delay_for(3, retry_after=hint) == 0.4


@pytest.mark.parametrize(
    "bad",
    [
        {"max_attempts": 0},
        {"max_attempts": True},
        {"max_attempts": 2.0},
        {"base_delay": -0.1},
        {"base_delay": math.nan},
        {"max_delay": math.inf},
        {"base_delay": 5.0, "max_delay": 1.0},
        {"jitter": -0.1},
        {"jitter": 1.5},
        {"jitter": "0.1"},
    ],
)
def test_invalid_policies_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="must be"):
        RetryPolicy(**bad)  # type: ignore[arg-type]


def test_parse_retry_after_reads_seconds_and_http_dates() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(email.utils.formatdate(now + 120, usegmt=True), now=now) == 120.0
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None


# --- the shared core's policy ------------------------------------------------------------------


def test_core_policy_counts_attempts_the_same_way() -> None:
    for attempts in (1, 2, 3, 8):
        core = to_core_policy(RetryPolicy(max_attempts=attempts))
        assert core.max_retries == attempts - 1
        # The attempt that just failed is `n`; the core gives up after the last one.
        assert core.delay_after_status(attempts, 503, None) is None
        if attempts > 1:
            assert core.delay_after_status(attempts - 1, 503, None) is not None
    core = to_core_policy(RetryPolicy())
    assert core.statuses == RETRYABLE_STATUS_CODES
    assert core.delay_after_status(1, 500, None) is None
    assert core.sleep_scale == 1.0


@pytest.mark.parametrize("fraction", [0.0, 0.25, 0.5, 0.999])
@pytest.mark.parametrize("jitter", [0.0, 0.1, 0.5, 1.0])
def test_core_policy_waits_exactly_as_delay_for(fraction: float, jitter: float) -> None:
    policy = RetryPolicy(max_attempts=12, base_delay=0.3, max_delay=20.0, jitter=jitter)
    core = to_core_policy(policy)
    for attempt in range(2, 13):
        ours = policy.delay_for(attempt, rng=Fixed(fraction))
        theirs = core.delay_after_status(attempt - 1, 503, None, rng=Fixed(fraction))
        assert theirs == pytest.approx(ours), attempt


def test_core_policy_honours_retry_after_up_to_max_delay_then_raises() -> None:
    core = to_core_policy(RetryPolicy(max_delay=30.0))
    assert core.delay_after_status(1, 429, 30.0) == 30.0
    assert core.delay_after_status(1, 429, 4.5) == 4.5  # verbatim, no jitter
    assert core.delay_after_status(1, 429, 30.5) is None  # longer: surfaced, not slept


TOY = sdk_core.ServiceConfig(
    name="kneo-test",
    user_agent="kneo-test",
    errors=sdk_core.ErrorMap(
        base=KneoError,
        connection=KneoNetworkError,
        timeout=KneoNetworkError,
        decode=KneoProtocolError,
        by_status={429: KneoRateLimited},
        server=KneoServerError,
    ),
    request_id_header="X-Request-ID",
)


@pytest.mark.parametrize("attempts", [1, 3, 5])
def test_the_core_driver_makes_exactly_max_attempts(attempts: int) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503, headers={"Retry-After": "0"})

    policy = RetryPolicy(max_attempts=attempts, base_delay=0.0, max_delay=0.0)
    core = sdk_core.HttpCore(
        TOY,
        base_url="https://kneo",
        api_key=None,
        retry_policy=to_core_policy(policy),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(KneoServerError) as info:
        core.send(sdk_core.RequestPlan(method="GET", url="/v1/runs"))
    assert len(sent) == attempts
    assert info.value.status == 503  # KneoError built by the core's ErrorMap
    assert len({r.headers["X-Request-ID"] for r in sent}) == 1
