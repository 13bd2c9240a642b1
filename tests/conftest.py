"""Shared pytest settings: async tests run on asyncio through anyio's plugin."""

from __future__ import annotations

import inspect
import os

import pytest

# litellm fetches its model price map from the internet on import unless told to use its bundled
# copy; tests reach nothing but 127.0.0.1.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    # Every `async def` test runs under anyio without each needing a marker. Marking here, before
    # anyio's own collection hook sees the function, keeps parametrized async tests working
    # (marking the collected items afterwards loses their parameters).
    if (
        isinstance(collector, pytest.Class | pytest.Module)
        and inspect.iscoroutinefunction(obj)
        and collector.istestfunction(obj, name)
    ):
        pytest.mark.anyio(obj)
