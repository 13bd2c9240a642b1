"""The Kneo Agent Platform Python SDK (``pip install kneo-client``, ``import kneo_client``).

::

    from kneo_client import KneoClient

    async with KneoClient.from_profile() as client:
        run = await client.platform.runs.create({"input": "hello", "spec_path": "specs/echo.yaml"})
        done = await client.platform.runs.wait_for_completion(run.run_id, timeout=120)

Layers, dependencies pointing one way (generated → core → adapters):

* :mod:`kneo_client.core`: profiles, API-key auth, retry policy, idempotency keys, request ids,
  redacted logging, pagination, the error model and the transport;
* :mod:`kneo_client.platform` and :mod:`kneo_client.agent`: the adapters, mounted by
  :class:`KneoClient` (async, the page's client) and :class:`SyncKneoClient` (its twin);
* :mod:`kneo_client.models`: the response and request models.

Names load on first use, so ``import kneo_client`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

from kneo_client._version import __version__

if TYPE_CHECKING:
    from sdk_core import instrument_http

    from kneo_client._async.client import KneoClient
    from kneo_client._sync.client import SyncKneoClient
    from kneo_client.core.errors import KneoError
    from kneo_client.core.profiles import Profile, ProfileError, load_profile
    from kneo_client.core.retries import RetryPolicy

_SOURCES = {
    "KneoClient": "kneo_client._async.client",
    "SyncKneoClient": "kneo_client._sync.client",
    "KneoError": "kneo_client.core.errors",
    "Profile": "kneo_client.core.profiles",
    "ProfileError": "kneo_client.core.profiles",
    "load_profile": "kneo_client.core.profiles",
    "RetryPolicy": "kneo_client.core.retries",
    # Opt-in OpenTelemetry spans for this client's HTTP calls.
    "instrument_http": "sdk_core",
}
__all__ = [
    "KneoClient",
    "KneoError",
    "Profile",
    "ProfileError",
    "RetryPolicy",
    "SyncKneoClient",
    "__version__",
    "instrument_http",
    "load_profile",
]

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
