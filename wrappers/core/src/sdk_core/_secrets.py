"""Keeping secrets out of reprs, logs and exception text."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

__all__ = ["Redactor", "Secret", "release_library_secret", "scrub_library_logs"]

_MASK = "***"
# Query parameters whose values are never printed.
_SECRET_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "secret", "signature", "password"}
)


class Secret:
    """A credential that never prints itself; ``reveal()`` is the only way to read it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The plaintext, for building the ``Authorization`` header only."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("Secret values are not picklable")


class Redactor:
    """Scrubs known secret strings (and secret-looking tokens) from text headed for humans."""

    __slots__ = ("_patterns", "_secrets")

    def __init__(self, secrets: Iterable[str] = (), patterns: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        self._secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        self._patterns = tuple(re.compile(p) for p in patterns)

    def with_secrets(self, secrets: Iterable[str]) -> Redactor:
        """A copy that also masks ``secrets`` (e.g. the credentials one call sends in its body)."""
        extra = tuple(s for s in secrets if s and s not in self._secrets)
        if not extra:
            return self
        clone = Redactor()
        # Longest first, so a secret containing another is masked whole.
        clone._secrets = tuple(sorted((*self._secrets, *extra), key=len, reverse=True))
        clone._patterns = self._patterns
        return clone

    def text(self, value: str) -> str:
        """``value`` with every known secret and secret-looking token masked."""
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, _MASK)
        for pattern in self._patterns:
            value = pattern.sub(_MASK, value)
        return value

    def scrub_value(self, value: Any) -> Any:
        """A JSON-like value with every string scrubbed (bodies headed for exceptions)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.scrub_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub_value(v) for v in value]
        return value

    def url(self, url: httpx.URL) -> str:
        """A URL fit for a log line: path and query, secret query values masked."""
        if not url.query:
            return self.text(url.path)
        pairs: list[tuple[str, str | int | float | bool | None]] = [
            (k, _MASK if k.lower() in _SECRET_PARAMS else v) for k, v in url.params.multi_items()
        ]
        return self.text(f"{url.path}?{httpx.QueryParams(pairs)}")


class _LibraryLogScrubber(logging.Filter):
    """Masks credentials in records of libraries we call.

    httpx logs full URLs at INFO; httpcore logs response headers at DEBUG, so a server that
    echoes the key (``WWW-Authenticate``) would put it in the logs. Patterns catch keys of a
    known shape; the exact keys of open clients are masked too (a service whose keys have no
    shape). Keys are held only while a client using them is open.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._patterns: tuple[str, ...] = ()
        self._secrets: Counter[str] = Counter()
        self._redactor = Redactor()

    def _rebuild(self) -> None:
        self._redactor = Redactor(self._secrets, self._patterns)

    def add(self, patterns: Iterable[str]) -> None:
        with self._lock:
            self._patterns += tuple(p for p in patterns if p not in self._patterns)
            self._rebuild()

    def hold(self, secret: str) -> None:
        with self._lock:
            self._secrets[secret] += 1
            self._rebuild()

    def release(self, secret: str) -> None:
        with self._lock:
            self._secrets[secret] -= 1
            if self._secrets[secret] <= 0:
                del self._secrets[secret]
            self._rebuild()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is the logging module's to report
            return True
        scrubbed = self._redactor.text(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


_SCRUBBER = _LibraryLogScrubber()
# Filters on a logger apply only to records created on that very logger, not its children,
# so every logger httpx and httpcore write to is named.
_SCRUBBED_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


def scrub_library_logs(patterns: Iterable[str], secrets: Iterable[str] = ()) -> None:
    """Mask tokens matching ``patterns`` (and the exact ``secrets``) in the HTTP libraries' logs.

    Only ever masks (never drops or reformats) records, so adding it is safe for every user of
    those libraries in the process. Each secret given must be released with
    :func:`release_library_secret` when the client holding it closes.
    """
    _SCRUBBER.add(patterns)
    for secret in secrets:
        _SCRUBBER.hold(secret)
    for name in _SCRUBBED_LOGGERS:
        logger = logging.getLogger(name)
        if _SCRUBBER not in logger.filters:
            logger.addFilter(_SCRUBBER)


def release_library_secret(secret: str) -> None:
    """Stop masking ``secret`` once no open client uses it."""
    _SCRUBBER.release(secret)
