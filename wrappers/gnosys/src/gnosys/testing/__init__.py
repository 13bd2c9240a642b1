"""A faithful fake of the Gnosys API for your own tests (``pip install "gnosyslabs[testing]"``).

Three lines::

    from gnosys.testing import FakeGnosys

    fake = FakeGnosys()
    client = fake.client()          # a real GnosysClient, talking to the fake in-process

The fake is stateful and validates every request against the API's pinned OpenAPI spec, as
the service does: datasets are scanned, runs move through ``queued`` → ``running`` →
``completed`` as the fake's clock advances, predictions and findings follow from them.

* **Time**: on the default manual clock nothing moves until ``fake.advance(seconds)``, and the
  clients ``fake.client()`` / ``fake.async_client()`` build wait on the fake's clock: a
  ``client.runs.wait(run_id)`` advances the fake instead of sleeping. ``FakeGnosys(clock="wall")``
  follows real time instead.
* **Faults**: ``fake.inject_faults("POST", "/v1/runs", [503, 429], retry_after=2)``,
  ``lose_response=True`` (the work is done, the answer is lost), ``fake.inject_malformed(...)``,
  ``fake.inject_latency(seconds)``.
* **Inspection**: ``fake.received`` lists every request (method, path, headers with the key
  masked, body size, operation, status, request id).
* **A URL**: ``with fake.serve() as base_url: ...`` serves it on 127.0.0.1.

Keys: :data:`API_KEY` is accepted, and so is any ``gn_live_...`` key (each key is its own
tenant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdk_core.fakes.harness import FakeService

from gnosys.testing._fake import GnosysFake, GnosysFakeConfig

if TYPE_CHECKING:
    from gnosys import AsyncGnosysClient, GnosysClient

__all__ = ["API_KEY", "FakeGnosys", "GnosysFake", "GnosysFakeConfig"]

#: A key the fake accepts (it takes any ``gn_live_...`` key; each is its own tenant).
API_KEY = "gn_live_testing_0000000000"


class FakeGnosys(FakeService[GnosysFake]):
    """The Gnosys API, faked in memory, with clients wired to it.

    Args:
        clock: ``"manual"`` (default: time moves only by :meth:`advance` and by the waits of
            the clients made here) or ``"wall"`` (real time).
        **settings: any :class:`GnosysFakeConfig` field (``step_seconds``,
            ``monthly_run_quota``, ``rate_limit_per_minute``, ``suspended_key_prefixes``,
            ``seed``, ``start_time``, ...).

    """

    api_key = API_KEY

    def __init__(self, *, clock: str = "manual", **settings: Any) -> None:
        # Progress streams end when they catch up with a manual clock: in-process answers are
        # read whole, and only the test (or a client's wait) moves the clock on.
        settings.setdefault("hold_streams", clock != "manual")
        super().__init__(GnosysFake(GnosysFakeConfig(clock=clock, **settings)))

    def _sync_client_class(self) -> type[GnosysClient]:
        from gnosys import GnosysClient

        return GnosysClient

    def _async_client_class(self) -> type[AsyncGnosysClient]:
        from gnosys import AsyncGnosysClient

        return AsyncGnosysClient

    if TYPE_CHECKING:

        def client(self, **options: Any) -> GnosysClient:
            """The sync client, calling this fake in-process."""

        def async_client(self, **options: Any) -> AsyncGnosysClient:
            """The async client, calling this fake in-process."""
