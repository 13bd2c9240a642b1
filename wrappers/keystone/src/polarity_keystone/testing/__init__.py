"""A faithful fake of Polarity Keystone for your tests.

``pip install "polarity-keystone[testing]"``, then, in-process, with plain httpx or the SDK's
own clients::

    from polarity_keystone.testing import FakeKeystone

    fake = FakeKeystone()
    http = fake.http_client()                 # httpx.Client, key sent, no sockets
    sandbox = http.post("/v1/sandboxes", json={"spec_id": "fix-failing-test"}).json()
    result = http.post(f"/v1/sandboxes/{sandbox['id']}/commands", json={"command": "npm test"})
    assert result.json()["exit_code"] == 1

    exp = http.post("/v1/experiments", json={"name": "baseline", "spec_id": "fix-failing-test"})
    http.post(f"/v1/experiments/{exp.json()['id']}/run")
    fake.advance(10)                          # four scenarios, a fake second each
    got = http.get(f"/v1/experiments/{exp.json()['id']}").json()
    assert (got["passed"], got["failed"], got["flaky"], got["errors"]) == (1, 1, 1, 1)

The fake is stateful and validates every request against Keystone's pinned OpenAPI spec:
sandboxes with an in-memory file tree and a small deterministic command set (never a real
shell), state snapshots and diffs and a services map; specs parsed from YAML, whose scenarios
drive experiments; runs that progress on the fake's clock and fill ``RunResults``; metrics,
comparisons, alerts, score rules and scores; agents with versions, tags and content-hash
snapshot ids; versioned, tagged dataset records; traces ingested through both paths and
exported by cursor pages; the experiment bundle as JSON and NDJSON; prompts with versions,
tags and rendering. Every rule is in :mod:`polarity_keystone.testing._fake`.

* **Time**: on the default manual clock nothing moves until ``fake.advance(seconds)`` (and the
  SDK clients made here advance it instead of sleeping); ``FakeKeystone(clock="wall")``
  follows real time.
* **Faults**: ``fake.inject_faults("POST", "/v1/sandboxes", [503])``, ``lose_response=True``,
  ``fake.inject_malformed(...)``, ``fake.inject_latency(seconds)``;
  ``rate_limit_per_minute=N`` gives 429s with ``Retry-After``; ``fake.set_healthy(False)`` a
  503 from ``/health``.
* **Inspection**: ``fake.received`` (keys masked), ``fake.sandbox_files(id)``,
  ``fake.sandbox_commands(id)``, ``fake.agent_files(snapshot_id)``, ``fake.spans()``,
  ``fake.trace_events()``, ``fake.alert_firings()``, ``fake.scores()``.
* **Benchmarks**: ``fake.seed_spans(10_000)`` (or ``FakeKeystone(spans=10_000)``).
* **A URL**: ``with fake.serve() as base_url: ...`` serves it on 127.0.0.1.

Keys: :data:`API_KEY` as ``Authorization: Bearer``; ``FakeKeystone(api_keys={...})`` accepts
others and ``api_keys=None`` any.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx
from sdk_core.fakes.harness import IN_PROCESS_URL, FakeService

from polarity_keystone.testing._fake import (
    API_KEY,
    CATALOG,
    SPEC_PATH,
    KeystoneFake,
    KeystoneFakeConfig,
    create_app,
    principal_for,
)

__all__ = [
    "API_KEY",
    "CATALOG",
    "IN_PROCESS_URL",
    "SPEC_PATH",
    "FakeKeystone",
    "KeystoneFake",
    "KeystoneFakeConfig",
    "create_app",
    "principal_for",
]


class FakeKeystone(FakeService[KeystoneFake]):
    """Polarity Keystone, faked in memory, with httpx clients and the SDK's clients wired to it.

    Args:
        clock: ``"manual"`` (default: time moves only by :meth:`advance` and by the waits of
            the SDK clients made here) or ``"wall"`` (real time).
        **settings: any :class:`KeystoneFakeConfig` field (``scenario_seconds``,
            ``scoring_seconds``, ``sandbox_boot_seconds``, ``sandbox_timeout_seconds``,
            ``api_keys``, ``workspaces``, ``rate_limit_per_minute``, ``catalog``, ``spans``,
            ``regression_tolerance``, ``seed``, ``start_time``).

    """

    api_key = API_KEY

    def __init__(self, *, clock: str = "manual", **settings: Any) -> None:
        super().__init__(KeystoneFake(KeystoneFakeConfig(clock=clock, **settings)))

    # -- in-process wiring (no sockets): transport() / async_transport() come from FakeService

    def auth_headers(self, api_key: str | None = None) -> dict[str, str]:
        """``Authorization: Bearer <key>`` (default: :data:`API_KEY`)."""
        return {"Authorization": f"Bearer {api_key or self.api_key}"}

    def http_client(self, *, api_key: str | None = None) -> httpx.Client:
        """A plain ``httpx.Client`` on :meth:`transport`, sending the key (close it yourself)."""
        return httpx.Client(
            base_url=IN_PROCESS_URL, transport=self.transport(), headers=self.auth_headers(api_key)
        )

    def async_http_client(self, *, api_key: str | None = None) -> httpx.AsyncClient:
        """A plain ``httpx.AsyncClient`` on :meth:`async_transport`, sending the key."""
        return httpx.AsyncClient(
            base_url=IN_PROCESS_URL,
            transport=self.async_transport(),
            headers=self.auth_headers(api_key),
        )

    # -- the SDK's clients (built on first use: ``polarity_keystone.Keystone`` /
    # ``AsyncKeystone(api_key, base_url=..., http_client=..., retry_policy=...)``)

    def _sync_client_class(self) -> Any:
        return importlib.import_module("polarity_keystone").Keystone

    def _async_client_class(self) -> Any:
        return importlib.import_module("polarity_keystone").AsyncKeystone

    def client(self, **options: Any) -> Any:
        """A ``polarity_keystone.Keystone`` calling the fake in-process.

        ``options`` go to it (``timeout=``, ``retry_policy=``...). On the manual clock its
        waits (``run_and_wait``) and retry back-offs move the fake's clock instead of
        sleeping. :meth:`close` closes it.
        """
        return super().client(**options)

    def async_client(self, **options: Any) -> Any:
        """A ``polarity_keystone.AsyncKeystone`` calling the fake in-process."""
        return super().async_client(**options)

    # -- the fake's own hooks

    def seed_spans(self, n: int, *, trace_size: int = 10, **fields: str) -> None:
        """Append ``n`` complete spans at once (see :meth:`KeystoneFake.seed_spans`)."""
        self.state.seed_spans(n, trace_size=trace_size, **fields)

    def add_spec(self, spec: str | dict[str, Any]) -> dict[str, Any]:
        """Store a spec (YAML text or a mapping) as ``POST /v1/specs`` would; its answer."""
        return self.state.add_spec(spec)

    def spans(self, **filters: str) -> list[dict[str, Any]]:
        """Every span (merged from its events), in the order first seen; ``filters`` match."""
        return self.state.spans(**filters)

    def trace_events(self, **filters: str) -> list[dict[str, Any]]:
        """Every trace event, in arrival order; ``filters`` (field=value) match."""
        return self.state.trace_events(**filters)

    def sandbox(self, sandbox_id: str) -> dict[str, Any]:
        """A sandbox as ``GET /v1/sandboxes/{id}`` answers it now."""
        return self.state.sandbox(sandbox_id)

    def sandbox_files(self, sandbox_id: str) -> dict[str, bytes]:
        """A sandbox's files by path."""
        return self.state.sandbox_files(sandbox_id)

    def sandbox_commands(self, sandbox_id: str) -> list[dict[str, Any]]:
        """The commands a sandbox ran, oldest first, as their answers were."""
        return self.state.sandbox_commands(sandbox_id)

    def sandbox_secret_names(self, sandbox_id: str) -> list[str]:
        """The names of the secrets forwarded to a sandbox (the fake keeps no values)."""
        return self.state.sandbox_secret_names(sandbox_id)

    def experiment(self, experiment_id: str) -> dict[str, Any]:
        """An experiment's ``RunResults`` as ``GET /v1/experiments/{id}`` answers them now."""
        return self.state.experiment(experiment_id)

    def agent_files(self, snapshot_id: str) -> list[dict[str, Any]]:
        """What a snapshot's bundle held: ``{name, size, sha256, kind, target?}`` per member."""
        return self.state.agent_files(snapshot_id)

    def alert_firings(self) -> list[dict[str, Any]]:
        """Every alert that fired, oldest first."""
        return self.state.alert_firings()

    def scores(self, **filters: str) -> list[dict[str, Any]]:
        """Every score computed so far; ``filters`` (``experiment_id``, ``rule_id``) match."""
        return self.state.scores(**filters)

    def set_healthy(self, healthy: bool) -> None:
        """Whether ``GET /health`` answers 200 (else 503 with ``Retry-After``)."""
        self.state.set_healthy(healthy)

    def principal_for(self, api_key: str | None = None) -> str:
        """The principal (``user_id``) the fake records for ``api_key`` (default: its own)."""
        return principal_for(api_key or self.api_key)
