"""Request ids: every request carries an ``X-Request-ID`` the platform echoes back.

The transport generates one per call (the same on every retry) unless the caller passes
``request_id=`` for cross-service correlation; the platform records it in audit events, and
every :class:`~kneo_client.core.errors.KneoError` carries the one the platform returned.
"""

from __future__ import annotations

import os

__all__ = ["REQUEST_ID_HEADER", "generate_request_id", "uuid4_text"]

#: The header carrying request ids both ways.
REQUEST_ID_HEADER = "X-Request-ID"


def uuid4_text() -> str:
    """A random (version 4, RFC 4122 variant) UUID as text: what ``str(uuid.uuid4())`` gives.

    Built from ``os.urandom`` here because every call needs one or two of these, and the
    ``uuid`` module costs more to import than the rest of a request's setup.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def generate_request_id() -> str:
    """A fresh UUID4-based request id (``"9f0c1d2e-..."``)."""
    return uuid4_text()
