"""Idempotency keys: every POST carries one, so a repeated POST cannot act twice.

The transport sends a fresh :func:`new_idempotency_key` on each POST unless the caller passes
one, and reuses it on every retry. The platform replays the first response for the same key and
payload, and answers 409 when the key comes back with another payload
(:class:`~kneo_client.core.errors.KneoIdempotencyMismatchError`).
"""

from __future__ import annotations

import re

from kneo_client.core.request_ids import uuid4_text

__all__ = [
    "IDEMPOTENCY_KEY_HEADER",
    "MAX_KEY_LENGTH",
    "new_idempotency_key",
    "validate_idempotency_key",
]

#: The header name, as the platform expects it.
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
#: The platform's limit on a key's length (it answers 400 ``invalid_idempotency_key`` beyond).
MAX_KEY_LENGTH = 256

# Visible ASCII only: what every proxy passes through unchanged in a header (and what the shared
# core accepts).
_KEY = re.compile(r"[\x21-\x7e]+")


def new_idempotency_key() -> str:
    """A fresh UUID4-based key (``"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"``)."""
    return uuid4_text()


def validate_idempotency_key(key: str) -> str:
    """Check a caller's key and return it without surrounding whitespace (as the server reads it).

    Raises:
        ValueError: not a string, empty or whitespace-only, longer than :data:`MAX_KEY_LENGTH`
            once stripped, or holding characters other than visible ASCII. The message never
            quotes the key.

    """
    if not isinstance(key, str):
        raise ValueError(f"idempotency key must be a str, not {type(key).__name__}")
    stripped = key.strip()
    if not stripped:
        raise ValueError("idempotency key is empty")
    if len(stripped) > MAX_KEY_LENGTH:
        raise ValueError(
            f"idempotency key is {len(stripped)} characters long; the platform allows at most "
            f"{MAX_KEY_LENGTH}"
        )
    if not _KEY.fullmatch(stripped):
        raise ValueError(
            "idempotency key must be visible ASCII characters only (no inner spaces, control or "
            "non-ASCII characters)"
        )
    return stripped
