from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx
from gnosys import AsyncGnosysClient, GnosysClient, RetryPolicy

KEY = "gn_live_a3TestKey00X9F2"
BASE = "https://gnosys.test"


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def client(router: respx.MockRouter) -> Iterator[GnosysClient]:
    with GnosysClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing()) as c:
        yield c


@pytest.fixture
async def aclient(router: respx.MockRouter) -> AsyncGnosysClient:
    return AsyncGnosysClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing())


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
