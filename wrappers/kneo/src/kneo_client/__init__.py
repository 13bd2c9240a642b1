"""The Kneo Agent Platform Python SDK (``pip install kneo-client``, ``import kneo_client``).

Layers, dependencies pointing one way (generated → core → adapters):

* :mod:`kneo_client.core`: profiles, API-key auth, retry policy, idempotency keys, request ids,
  redacted logging, pagination and the error model;
* the platform and agent adapters and ``KneoClient`` (built on the core's transport).
"""

from __future__ import annotations

from kneo_client._version import __version__

__all__ = ["__version__"]
