import random

import httpx
import pytest
from sdk_core import RetryPolicy, parse_retry_after


def test_backoff_grows_exponentially_and_is_capped() -> None:
    policy = RetryPolicy(initial_backoff=1.0, multiplier=2.0, max_backoff=5.0, jitter=0.0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_stays_within_its_fraction() -> None:
    policy = RetryPolicy(initial_backoff=2.0, jitter=0.5)
    rng = random.Random(7)
    draws = [policy.backoff(1, rng) for _ in range(500)]
    assert min(draws) >= 1.0
    assert max(draws) <= 2.0
    assert len(set(draws)) > 100  # really random, so clients don't retry in lockstep


def test_status_decisions() -> None:
    policy = RetryPolicy(max_retries=2, jitter=0.0, initial_backoff=0.5)
    assert policy.delay_after_status(1, 503, None) == 0.5
    assert policy.delay_after_status(2, 503, None) == 1.0
    assert policy.delay_after_status(3, 503, None) is None  # budget spent
    assert policy.delay_after_status(1, 400, None) is None  # not retryable
    assert policy.delay_after_status(1, 429, 7.0) == 7.0  # Retry-After wins
    assert policy.delay_after_status(1, 429, 61.0) is None  # too long: surface it instead


def test_transport_error_decisions() -> None:
    request = httpx.Request("POST", "http://x")
    policy = RetryPolicy(max_retries=1, jitter=0.0)
    connect = httpx.ConnectError("refused", request=request)
    read = httpx.ReadTimeout("slow", request=request)
    assert policy.delay_after_error(1, connect, idempotent=False) == 0.5  # never sent
    assert policy.delay_after_error(1, read, idempotent=False) is None  # may have acted
    assert policy.delay_after_error(1, read, idempotent=True) == 0.5
    assert policy.delay_after_error(2, connect, idempotent=True) is None


def test_testing_policy_never_sleeps_but_counts() -> None:
    policy = RetryPolicy.testing(max_retries=2)
    assert policy.sleep_scale == 0.0
    assert policy.max_retries == 2


@pytest.mark.parametrize("bad", [{"max_retries": -1}, {"jitter": 2.0}, {"initial_backoff": -1}])
def test_invalid_policies_are_rejected(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        RetryPolicy(**bad)  # type: ignore[arg-type]


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412500.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412500.0) == 0.0
