"""``client.agent``: the development surface (specs), on the client's shared transport."""

from __future__ import annotations

from sdk_core import Resource

from kneo_client._async._group import check_transport
from kneo_client._async.agent.specs import SpecsClient
from kneo_client.core.transport import Transport

__all__ = ["AgentClient", "SpecsClient"]


class AgentClient:
    """The development surface of Kneo Agent Studio: ``specs``.

    Usually reached as ``KneoClient(profile).agent``.
    """

    specs = Resource(SpecsClient)

    def __init__(self, transport: Transport) -> None:
        self._http = check_transport(transport)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
