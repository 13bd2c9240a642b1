"""The operational adapter: ``KneoClient(profile).platform`` and its six groups.

The async classes keep the page's names (``PlatformClient``, ``RunsClient``...); their
synchronous twins, mounted on :class:`kneo_client.SyncKneoClient`, take a ``Sync`` prefix.
"""

from __future__ import annotations

from kneo_client._adapters import BLOCKED_ALIASES, DEFAULT_TERMINAL_STATUSES
from kneo_client._async.platform import (
    AuditClient,
    CredentialsClient,
    HealthClient,
    HumanTasksClient,
    PlatformClient,
    PoliciesClient,
    RunsClient,
)
from kneo_client._sync.platform import SyncPlatformClient
from kneo_client._sync.platform.audit import SyncAuditClient
from kneo_client._sync.platform.credentials import SyncCredentialsClient
from kneo_client._sync.platform.health import SyncHealthClient
from kneo_client._sync.platform.human_tasks import SyncHumanTasksClient
from kneo_client._sync.platform.policies import SyncPoliciesClient
from kneo_client._sync.platform.runs import SyncRunsClient

__all__ = [
    "BLOCKED_ALIASES",
    "DEFAULT_TERMINAL_STATUSES",
    "AuditClient",
    "CredentialsClient",
    "HealthClient",
    "HumanTasksClient",
    "PlatformClient",
    "PoliciesClient",
    "RunsClient",
    "SyncAuditClient",
    "SyncCredentialsClient",
    "SyncHealthClient",
    "SyncHumanTasksClient",
    "SyncPlatformClient",
    "SyncPoliciesClient",
    "SyncRunsClient",
]
