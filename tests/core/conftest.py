"""A toy service config so core tests don't depend on any real SDK."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sdk_core import ErrorMap, HttpCore, RetryPolicy, SDKError, Secret, ServiceConfig


class ToyError(SDKError):
    pass


class ToyNotFound(ToyError):
    pass


class ToyRateLimited(ToyError):
    pass


class ToyServer(ToyError):
    pass


class ToyConnection(ToyError):
    pass


class ToyTimeout(ToyConnection, TimeoutError):
    pass


class ToyMalformed(ToyError):
    pass


TOY = ServiceConfig(
    name="toy",
    user_agent="toy-sdk/0",
    errors=ErrorMap(
        base=ToyError,
        connection=ToyConnection,
        timeout=ToyTimeout,
        decode=ToyMalformed,
        by_status={404: ToyNotFound, 429: ToyRateLimited},
        server=ToyServer,
    ),
    retry=RetryPolicy(max_retries=3),
    secret_patterns=(r"toy_[a-z0-9]{8,}",),
)
SECRET = "toy_supersecretvalue"


class Sleeps(list[float]):
    """Records requested sleeps instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_core(sleeps: Sleeps) -> Callable[..., HttpCore]:
    def make(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> HttpCore:
        client = httpx.Client(transport=httpx.MockTransport(handler))
        core = HttpCore(
            TOY,
            base_url="http://toy.test",
            api_key=Secret(SECRET),
            http_client=client,
            **kwargs,  # type: ignore[arg-type]
        )
        core._sleep = sleeps
        return core

    return make
