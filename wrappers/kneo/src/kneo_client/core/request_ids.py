"""Request ids: every request carries an ``X-Request-ID`` the platform echoes back.

The transport generates one per call (the same on every retry) unless the caller passes
``request_id=`` for cross-service correlation; the platform records it in audit events, and
every :class:`~kneo_client.core.errors.KneoError` carries the one the platform returned.
"""

from __future__ import annotations

import uuid

__all__ = ["REQUEST_ID_HEADER", "generate_request_id"]

#: The header carrying request ids both ways.
REQUEST_ID_HEADER = "X-Request-ID"


def generate_request_id() -> str:
    """A fresh UUID4-based request id (``"9f0c1d2e-..."``)."""
    return str(uuid.uuid4())
