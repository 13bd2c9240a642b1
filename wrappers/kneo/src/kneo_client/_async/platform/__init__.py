"""``client.platform``: the operational surface (runs, human tasks, audit, credentials,
policies, health), six groups on one shared transport.
"""

from __future__ import annotations

from sdk_core import Resource

from kneo_client._async._group import check_transport
from kneo_client._async.platform.audit import AuditClient
from kneo_client._async.platform.credentials import CredentialsClient
from kneo_client._async.platform.health import HealthClient
from kneo_client._async.platform.human_tasks import HumanTasksClient
from kneo_client._async.platform.policies import PoliciesClient
from kneo_client._async.platform.runs import DEFAULT_TERMINAL_STATUSES, RunsClient
from kneo_client.core.transport import Transport

__all__ = [
    "DEFAULT_TERMINAL_STATUSES",
    "AuditClient",
    "CredentialsClient",
    "HealthClient",
    "HumanTasksClient",
    "PlatformClient",
    "PoliciesClient",
    "RunsClient",
]


class PlatformClient:
    """The operational surface of Kneo Agent Dashboard: six groups on one transport.

    Usually reached as ``KneoClient(profile).platform``; built directly, it takes a
    transport of your own: ``PlatformClient(transport)``.
    """

    health = Resource(HealthClient)
    runs = Resource(RunsClient)
    human_tasks = Resource(HumanTasksClient)
    audit = Resource(AuditClient)
    credentials = Resource(CredentialsClient)
    policies = Resource(PoliciesClient)

    def __init__(self, transport: Transport) -> None:
        self._http = check_transport(transport)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._http!r})"
