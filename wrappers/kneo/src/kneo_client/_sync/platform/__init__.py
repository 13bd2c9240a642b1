"""Generated from kneo_client/_async/platform/__init__.py by tools.unasync; do not edit."""

from __future__ import annotations

from sdk_core import Resource

from kneo_client._sync._group import check_transport
from kneo_client._sync.platform.audit import SyncAuditClient
from kneo_client._sync.platform.credentials import SyncCredentialsClient
from kneo_client._sync.platform.health import SyncHealthClient
from kneo_client._sync.platform.human_tasks import SyncHumanTasksClient
from kneo_client._sync.platform.policies import SyncPoliciesClient
from kneo_client._sync.platform.runs import DEFAULT_TERMINAL_STATUSES, SyncRunsClient
from kneo_client.core.transport import SyncTransport

__all__ = [
    "DEFAULT_TERMINAL_STATUSES",
    "SyncAuditClient",
    "SyncCredentialsClient",
    "SyncHealthClient",
    "SyncHumanTasksClient",
    "SyncPlatformClient",
    "SyncPoliciesClient",
    "SyncRunsClient",
]


class SyncPlatformClient:
    """The operational surface of Kneo Agent Dashboard: six groups on one transport.

    Usually reached as ``SyncKneoClient(profile).platform``; built directly, it takes a
    transport of your own: ``SyncPlatformClient(transport)``.
    """

    health = Resource(SyncHealthClient)
    runs = Resource(SyncRunsClient)
    human_tasks = Resource(SyncHumanTasksClient)
    audit = Resource(SyncAuditClient)
    credentials = Resource(SyncCredentialsClient)
    policies = Resource(SyncPoliciesClient)

    def __init__(self, transport: SyncTransport) -> None:
        self._http = check_transport(transport)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
