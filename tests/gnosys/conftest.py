from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx
from gnosys import AsyncGnosysClient, GnosysClient, RetryPolicy

from tests.timecontrol import FakeClock

KEY = "gn_live_a3TestKey00X9F2"
BASE = "https://gnosys.test"


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def clock() -> FakeClock:
    """The time the clients read and wait on: sleeps advance it instead of waiting."""
    return FakeClock()


@pytest.fixture
def client(router: respx.MockRouter, clock: FakeClock) -> Iterator[GnosysClient]:
    with GnosysClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


@pytest.fixture
async def aclient(router: respx.MockRouter, clock: FakeClock) -> AsyncIterator[AsyncGnosysClient]:
    async with AsyncGnosysClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


def run_json(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "run_id": "r1",
        "tenant_id": "t1",
        "domain": "tabular",
        "strategist": "fixed",
        "status": "completed",
        "error": None,
        "pipeline_run_id": "saas-r1",
        "created_at": "2026-05-08T16:00:00Z",
        "started_at": None,
        "completed_at": None,
    }
    body.update(overrides)
    return body
