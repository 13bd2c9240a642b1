"""Generated from kneo_client/_async/platform/health.py by tools.unasync; do not edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneo_client._adapters import options_for
from kneo_client._sync._group import Group
from kneo_client.core.transport import SyncTransport

if TYPE_CHECKING:
    from kneo_client.models import HealthResponse

__all__ = ["SyncHealthClient"]


class SyncHealthClient(Group):
    """The platform's health probes (they need no key; the key is sent anyway).

    A probe answers the state of now, so probes are not retried: a 503 "not ready" from
    :meth:`readyz` raises :class:`~kneo_client.core.errors.KneoServiceUnavailableError` at
    once instead of after the backoff.
    """

    def __init__(self, transport: SyncTransport) -> None:
        super().__init__(transport)
        self._core = self._core.derive(max_retries=0)

    def healthz(self) -> HealthResponse:
        """``GET /v1/healthz``: overall service health."""
        from _kneo_openapi.api.health import healthz_v1_healthz_get as operation

        from kneo_client.models import HealthResponse

        plan = self._core.plan(operation, options=options_for(post=False))
        return self._call(plan, HealthResponse)

    def livez(self) -> HealthResponse:
        """``GET /v1/livez``: process liveness (downstream dependencies are not checked)."""
        from _kneo_openapi.api.health import livez_v1_livez_get as operation

        from kneo_client.models import HealthResponse

        plan = self._core.plan(operation, options=options_for(post=False))
        return self._call(plan, HealthResponse)

    def readyz(self) -> HealthResponse:
        """``GET /v1/readyz``: readiness (database, queue, runtime registry, providers, MCP)."""
        from _kneo_openapi.api.health import readyz_v1_readyz_get as operation

        from kneo_client.models import HealthResponse

        plan = self._core.plan(operation, options=options_for(post=False))
        return self._call(plan, HealthResponse)
