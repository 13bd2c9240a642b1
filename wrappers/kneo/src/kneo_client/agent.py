"""The development adapter: ``KneoClient(profile).agent.specs``.

``AgentClient`` / ``SpecsClient`` are async, as the page names them; ``SyncAgentClient`` /
``SyncSpecsClient`` are their synchronous twins, mounted on :class:`kneo_client.SyncKneoClient`.
"""

from __future__ import annotations

from kneo_client._async.agent import AgentClient, SpecsClient
from kneo_client._sync.agent import SyncAgentClient, SyncSpecsClient

__all__ = ["AgentClient", "SpecsClient", "SyncAgentClient", "SyncSpecsClient"]
