"""Generated from kneo_client/_async/agent/__init__.py by tools.unasync; do not edit."""

from __future__ import annotations

from sdk_core import Resource

from kneo_client._sync._group import check_transport
from kneo_client._sync.agent.specs import SyncSpecsClient
from kneo_client.core.transport import SyncTransport

__all__ = ["SyncAgentClient", "SyncSpecsClient"]


class SyncAgentClient:
    """The development surface of Kneo Agent Studio: ``specs``.

    Usually reached as ``SyncKneoClient(profile).agent``.
    """

    specs = Resource(SyncSpecsClient)

    def __init__(self, transport: SyncTransport) -> None:
        self._http = check_transport(transport)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
