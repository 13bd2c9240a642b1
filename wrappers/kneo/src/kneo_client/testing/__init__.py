"""A faithful fake of the Kneo Agent Platform /v1 for your tests.

``pip install "kneo-client[testing]"``, then, in-process, with plain httpx or the SDK's
transports::

    from kneo_client.testing import FakeKneo

    fake = FakeKneo()
    http = fake.http_client()                       # httpx.Client, key sent, no sockets
    run = http.post("/v1/runs", json={"input": "hi", "spec_path": "specs/review.yaml"}).json()
    assert run["status"] == "blocked"

    profile = fake.profile()                        # a kneo_client Profile for the fake
    transport = fake.async_transport()              # an httpx transport into the fake

The fake is stateful and validates every request against the platform's pinned OpenAPI spec
(FastAPI's 422s, closed request models): runs move ``queued`` → ``running`` → ``completed`` /
``failed`` / ``timed_out`` / ``cancelled`` / ``expired``, review steps block them on human
tasks, checkpoints, traces and audit events accumulate, environment policies gate specs. The
scenarios, the spec catalog (``specs/echo.yaml``, ``specs/review.yaml``, ...) and every rule
are in :mod:`kneo_client.testing._fake`.

* **Time**: on the default manual clock nothing moves until ``fake.advance(seconds)``;
  ``FakeKneo(clock="wall")`` follows real time.
* **Faults**: ``fake.inject_faults("POST", "/v1/runs", [503])``, ``lose_response=True``,
  ``fake.inject_malformed(...)``, ``fake.inject_latency(seconds)``; ``rate_limit_per_minute``
  gives 429s with ``Retry-After``, ``max_queue_depth`` 503 ``queue_full``, ``fake.set_ready(False)``
  a 503 from ``readyz``.
* **Inspection**: ``fake.received`` (keys masked), ``fake.run(run_id)``, ``fake.audit_events()``.
* **A URL**: ``with fake.serve() as base_url: ...`` serves it on 127.0.0.1.

Keys: :data:`API_KEY`, as ``Authorization: Bearer`` or ``X-Kneo-Api-Key``; ``FakeKneo(api_keys=
{...})`` accepts others and ``api_keys=None`` any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from sdk_core.fakes.harness import IN_PROCESS_URL, FakeService

from kneo_client.core.auth import AuthScheme
from kneo_client.core.profiles import Profile
from kneo_client.testing._fake import (
    API_KEY,
    SPEC_PATH,
    KneoFake,
    KneoFakeConfig,
    create_app,
    principal_for,
)
from kneo_client.testing._specs import CATALOG

if TYPE_CHECKING:
    from kneo_client import KneoClient, SyncKneoClient

__all__ = [
    "API_KEY",
    "CATALOG",
    "IN_PROCESS_URL",
    "SPEC_PATH",
    "FakeKneo",
    "KneoFake",
    "KneoFakeConfig",
    "create_app",
    "principal_for",
]


class FakeKneo(FakeService[KneoFake]):
    """The Kneo Agent Platform, faked in memory, with transports and profiles wired to it.

    Args:
        clock: ``"manual"`` (default: time moves only by :meth:`advance`) or ``"wall"``.
        **settings: any :class:`KneoFakeConfig` field (``queue_seconds``, ``step_seconds``,
            ``run_timeout_seconds``, ``human_task_timeout_seconds``, ``api_keys``,
            ``rate_limit_per_minute``, ``max_queue_depth``, ``audit_events``, ``error_style``,
            ``seed``, ``start_time``, ...).

    """

    api_key = API_KEY

    def __init__(self, *, clock: str = "manual", **settings: Any) -> None:
        super().__init__(KneoFake(KneoFakeConfig(clock=clock, **settings)))

    # -- in-process wiring (no sockets): transport() / async_transport() come from FakeService

    def profile(
        self,
        auth_scheme: AuthScheme | str = AuthScheme.BEARER,
        *,
        api_key: str | None = None,
        base_url: str = IN_PROCESS_URL,
        timeout: float = 30.0,
    ) -> Profile:
        """A :class:`~kneo_client.core.profiles.Profile` for the fake.

        ``base_url`` defaults to the in-process origin (pair the profile with
        :meth:`transport` / :meth:`async_transport`); pass ``fake.serve()``'s URL to reach a
        served fake.
        """
        return Profile(
            name="fake",
            url=base_url,
            api_key=api_key or self.api_key,
            auth_scheme=AuthScheme(auth_scheme),
            timeout=timeout,
        )

    def auth_headers(
        self, auth_scheme: AuthScheme | str = AuthScheme.BEARER, *, api_key: str | None = None
    ) -> dict[str, str]:
        """The header carrying the key under ``auth_scheme``."""
        scheme = AuthScheme(auth_scheme)
        return {scheme.header_name: scheme.header_value(api_key or self.api_key)}

    def http_client(
        self, auth_scheme: AuthScheme | str = AuthScheme.BEARER, *, api_key: str | None = None
    ) -> httpx.Client:
        """A plain ``httpx.Client`` on :meth:`transport`, sending the key (close it yourself)."""
        return httpx.Client(
            base_url=IN_PROCESS_URL,
            transport=self.transport(),
            headers=self.auth_headers(auth_scheme, api_key=api_key),
        )

    def async_http_client(
        self, auth_scheme: AuthScheme | str = AuthScheme.BEARER, *, api_key: str | None = None
    ) -> httpx.AsyncClient:
        """A plain ``httpx.AsyncClient`` on :meth:`async_transport`, sending the key."""
        return httpx.AsyncClient(
            base_url=IN_PROCESS_URL,
            transport=self.async_transport(),
            headers=self.auth_headers(auth_scheme, api_key=api_key),
        )

    # -- the SDK's clients, wired to the fake (Kneo's take a profile, not a key and a URL)

    def client(self, **options: Any) -> SyncKneoClient:
        """A :class:`~kneo_client.SyncKneoClient` calling the fake in-process.

        ``options`` go to it (``retry_policy=``...). On the manual clock its waits and retry
        back-offs move the fake's clock instead of sleeping. :meth:`close` closes it.
        """
        from kneo_client import SyncKneoClient

        http = httpx.Client(base_url=IN_PROCESS_URL, transport=self.transport())
        return self._wire(SyncKneoClient(self.profile(), http_client=http, **options))  # type: ignore[no-any-return]

    def async_client(self, **options: Any) -> KneoClient:
        """The async :class:`~kneo_client.KneoClient`, calling the fake in-process."""
        from kneo_client import KneoClient

        http = httpx.AsyncClient(base_url=IN_PROCESS_URL, transport=self.async_transport())
        return self._wire(KneoClient(self.profile(), http_client=http, **options))  # type: ignore[no-any-return]

    # -- the fake's own hooks

    def seed_audit_events(
        self,
        n: int,
        *,
        event_type: str | None = None,
        run_id: str | None = None,
        principal: str | None = None,
    ) -> None:
        """Append ``n`` audit events at once (see :meth:`KneoFake.seed_audit_events`)."""
        self.state.seed_audit_events(n, event_type=event_type, run_id=run_id, principal=principal)

    def audit_events(self) -> list[dict[str, Any]]:
        """Every audit event, oldest first."""
        return self.state.audit_events()

    def run(self, run_id: str) -> dict[str, Any]:
        """A run as ``GET /v1/runs/{run_id}`` answers it now."""
        return self.state.run(run_id)

    def run_ids(self) -> list[str]:
        """Every run's id, oldest first."""
        return self.state.run_ids()

    def human_task_ids(self, *, open_only: bool = False) -> list[str]:
        """Every human task's continuation id, oldest first."""
        return self.state.human_task_ids(open_only=open_only)

    def set_credential(
        self, section: str, name: str, *, present: bool, env_var: str | None = None
    ) -> None:
        """Add or change a credential inventory entry (no secret is ever stored)."""
        self.state.set_credential(section, name, present=present, env_var=env_var)

    def set_ready(self, ready: bool) -> None:
        """Whether ``GET /v1/readyz`` answers 200 (else 503 ``not_ready``)."""
        self.state.ready = ready

    def principal_for(self, api_key: str | None = None) -> str:
        """The principal audit events record for ``api_key`` (default: :data:`API_KEY`)."""
        return principal_for(api_key or self.api_key)
