from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx
from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient, RetryPolicy

from tests.timecontrol import FakeClock

KEY = "sk_sandbox_T3stKey0000X9"
BASE = "https://asg.test"
LABELS = {"question": "Animal?", "options": ["cat", "dog"]}


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def clock() -> FakeClock:
    """The time the clients read and wait on: sleeps advance it instead of waiting."""
    return FakeClock()


@pytest.fixture
def client(router: respx.MockRouter, clock: FakeClock) -> Iterator[ASGGatewayClient]:
    with ASGGatewayClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


@pytest.fixture
async def aclient(
    router: respx.MockRouter, clock: FakeClock
) -> AsyncIterator[AsyncASGGatewayClient]:
    async with AsyncASGGatewayClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


def result_json(task_id: str = "t1", **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "task_id": task_id,
        "status": "completed",
        "consensus_label": "cat",
        "agreement": 0.75,
        "votes": [{"label": "cat", "count": 3}, {"label": "dog", "count": 1}],
        "settlement": {
            "bsv_txid": "ab" * 32,
            "amount_sats": 300,
            "network": "testnet",
            "settled_at": "2026-11-24T10:00:00Z",
        },
        "completed_at": "2026-11-24T10:00:00Z",
    }
    body.update(overrides)
    return body


def pending_json(task_id: str = "t1") -> dict[str, object]:
    return {
        "task_id": task_id,
        "status": "labeling",
        "labels_received": 1,
        "consensus_threshold": 3,
    }
