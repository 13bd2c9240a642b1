"""A faithful fake of the ASG Gateway API for your tests (``pip install "asg-gateway[testing]"``).

Three lines::

    from asg_gateway.testing import FakeASGGateway

    fake = FakeASGGateway()
    client = fake.client()          # a real ASGGatewayClient, talking to the fake in-process

The fake is stateful and validates every request against the API's pinned OpenAPI spec: tasks
label for ``labeling_seconds`` of the fake's clock and then settle on a consensus with a BSV
settlement (testnet for ``sk_sandbox_`` keys), batches are all-or-nothing, webhooks keep their
secrets, manifest jobs progress step by step.

* **Time**: on the default manual clock nothing moves until ``fake.advance(seconds)``, and the
  clients made here wait on the fake's clock: ``client.poll_result(task_id)`` advances the fake
  instead of sleeping. ``FakeASGGateway(clock="wall")`` follows real time instead.
* **Faults**: ``fake.inject_faults("POST", "/v1/tasks", [503])``, ``lose_response=True``,
  ``fake.inject_malformed(...)``, ``fake.inject_latency(seconds)``; ``task_quota`` and
  ``rate_limit_per_minute`` settings give 403s and 429s.
* **Inspection**: ``fake.received`` lists every request (key masked).
* **A URL**: ``with fake.serve() as base_url: ...`` serves it on 127.0.0.1.

Keys: :data:`API_KEY` (a sandbox key) is accepted, and so is any ``sk_sandbox_...`` or
``sk_live_...`` key (each key is its own account).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdk_core.fakes.harness import FakeService

from asg_gateway.testing._fake import ASGFakeConfig, ASGGatewayFake

if TYPE_CHECKING:
    from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient

__all__ = ["API_KEY", "ASGFakeConfig", "ASGGatewayFake", "FakeASGGateway"]

#: A sandbox key the fake accepts (it takes any ``sk_sandbox_...`` or ``sk_live_...`` key).
API_KEY = "sk_sandbox_testing_0000000000"


class FakeASGGateway(FakeService[ASGGatewayFake]):
    """The ASG Gateway API, faked in memory, with clients wired to it.

    Args:
        clock: ``"manual"`` (default) or ``"wall"``.
        **settings: any :class:`ASGFakeConfig` field (``labeling_seconds``,
            ``job_step_seconds``, ``rate_limit_per_minute``, ``task_quota``, ``seed``, ...).

    """

    api_key = API_KEY

    def __init__(self, *, clock: str = "manual", **settings: Any) -> None:
        super().__init__(ASGGatewayFake(ASGFakeConfig(clock=clock, **settings)))

    def _sync_client_class(self) -> type[ASGGatewayClient]:
        from asg_gateway import ASGGatewayClient

        return ASGGatewayClient

    def _async_client_class(self) -> type[AsyncASGGatewayClient]:
        from asg_gateway import AsyncASGGatewayClient

        return AsyncASGGatewayClient

    if TYPE_CHECKING:

        def client(self, **options: Any) -> ASGGatewayClient:
            """The sync client, calling this fake in-process."""

        def async_client(self, **options: Any) -> AsyncASGGatewayClient:
            """The async client, calling this fake in-process."""
