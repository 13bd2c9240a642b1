"""Logging under ``kneo_client.*`` with credentials masked.

Header mappings go through :func:`redact_headers` before any sink sees them; the loggers
:func:`get_logger` returns also mask any mapping passed as a log argument, so a
``log.debug("headers=%s", headers)`` cannot print a key, even at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [
    "REDACTED",
    "SENSITIVE_HEADER_TOKENS",
    "get_logger",
    "is_sensitive_header",
    "redact_headers",
]

#: What a sensitive header's value is replaced with.
REDACTED = "<redacted>"
#: A header is sensitive when its lower-cased name contains any of these. The first five are the
#: published client's; the rest (also masked by its 1.2.0) catch generic spellings such as
#: ``X-Api-Key`` or ``X-Auth-Token``.
SENSITIVE_HEADER_TOKENS: tuple[str, ...] = (
    "authorization",
    "x-kneo-api-key",
    "cookie",
    "set-cookie",
    "proxy-authorization",
    "api-key",
    "api_key",
    "token",
    "secret",
    "x-auth",
)
_ROOT = "kneo_client"


def is_sensitive_header(name: str) -> bool:
    """Whether a header named ``name`` carries a credential (case-insensitive substring match)."""
    lowered = name.lower()
    return any(token in lowered for token in SENSITIVE_HEADER_TOKENS)


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of ``headers`` with every sensitive value replaced by :data:`REDACTED`.

    Accepts any mapping, including ``httpx.Headers`` (whose repeated headers are joined by
    commas, as ``dict(headers)`` does).
    """
    return {
        str(name): REDACTED if is_sensitive_header(str(name)) else value
        for name, value in headers.items()
    }


def _masked(value: Any) -> Any:
    if isinstance(value, Mapping):
        try:
            return redact_headers(value)
        except (TypeError, AttributeError):  # a mapping whose keys are not strings
            return {k: REDACTED for k in value}
    return value


class _RedactingFilter(logging.Filter):
    """Masks sensitive entries of any mapping passed as a record's arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, Mapping):
            record.args = _masked(args)
        elif isinstance(args, tuple) and any(isinstance(a, Mapping) for a in args):
            record.args = tuple(_masked(a) for a in args)
        return True


_FILTER = _RedactingFilter()
# A library logs nowhere unless the application configures logging (and never via the
# last-resort stderr handler).
logging.getLogger(_ROOT).addHandler(logging.NullHandler())


def get_logger(name: str = _ROOT) -> logging.Logger:
    """A logger under ``kneo_client.*`` whose header mappings are masked.

    ``"transport"`` becomes ``kneo_client.transport``; ``"kneo_client"`` and names already under
    it (``"kneo_client.foo"``) are used unchanged.
    """
    if name != _ROOT and not name.startswith(_ROOT + "."):
        name = f"{_ROOT}.{name}"
    logger = logging.getLogger(name)
    # A logger's filters see only records created on that logger, so each one gets it.
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
