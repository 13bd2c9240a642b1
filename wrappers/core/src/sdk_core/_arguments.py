"""Checks on a call's arguments, made before any request: bad input fails fast and loses nothing.

Every failure raises the service's ``invalid_argument`` error (see :class:`~sdk_core.ErrorMap`)
with the argument's name; values are quoted only where they cannot be secrets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NoReturn

from sdk_core._config import _URL_UNSAFE, ServiceConfig, preview
from sdk_core._limits import MAX_SECONDS

__all__ = ["Arguments", "describe", "omit_none"]


# Larger ints are not ids or counts any server takes; they only overflow somewhere later.
_MAX_INT = 2**63 - 1


def describe(value: object) -> str:
    """How an argument's value is shown in an error: short, and only for harmless types."""
    if value is None or isinstance(value, bool | int | float):
        return repr(value)[:60]
    if isinstance(value, str):
        return "an empty string" if not value.strip() else f"a {len(value)}-character string"
    return f"a {type(value).__name__}"


def omit_none(**values: Any) -> dict[str, Any]:
    """The keyword arguments that are not None.

    Generated ``_get_kwargs`` functions default optional parameters to their package's own
    ``UNSET`` marker; leaving a parameter out is the service-agnostic way to say "not given".
    """
    return {name: value for name, value in values.items() if value is not None}


class Arguments:
    """One service's argument checks (``Arguments(CONFIG).text("task_id", task_id)``)."""

    __slots__ = ("_config", "_error")

    def __init__(self, config: ServiceConfig) -> None:
        self._config = config
        self._error = config.errors.argument_error

    def path_id(self, name: str, value: object) -> str:
        """``value`` if it is usable as a resource id in a path (see ``check_path_segment``)."""
        from sdk_core._plan import check_path_segment

        return check_path_segment(self._config, name, value)

    def idempotency_key(self, value: object) -> str | None:
        """``value`` if None or a usable idempotency key (1-256 visible ASCII characters)."""
        from sdk_core._plan import check_idempotency_key

        return check_idempotency_key(self._config, value)

    @staticmethod
    def preview(value: str) -> str:
        """``value`` quoted for a message, cut to 80 characters (never for secrets)."""
        return preview(value)

    def fail(self, message: str) -> NoReturn:
        """Raise the service's invalid-argument error."""
        raise self._error(message)

    def text(self, name: str, value: object) -> str:
        """``value`` if it is a non-blank string that can be encoded (names, types, ...)."""
        from sdk_core._plan import check_text

        return check_text(self._config, name, value)

    def optional_text(self, name: str, value: object) -> str | None:
        """``value`` if None or a non-blank string."""
        return None if value is None else self.text(name, value)

    def boolean(self, name: str, value: object) -> bool:
        """``value`` if it is a real bool (``"false"`` is truthy, so strings are refused)."""
        if not isinstance(value, bool):
            self.fail(f"{name} must be True or False, got {describe(value)}")
        return value

    def positive_int(self, name: str, value: object) -> int | None:
        """``value`` if None or a positive int (bools are not ints here)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_INT:
            self.fail(f"{name} must be a positive integer, got {describe(value)}")
        return value

    def int_between(self, name: str, value: object, low: int, high: int) -> int:
        """``value`` if it is an int within ``[low, high]``."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{name} must be an integer from {low} to {high}, got {describe(value)}")
        return value

    def seconds(
        self, name: str, value: object, *, zero_ok: bool = False, none_ok: bool = False
    ) -> float | None:
        """``value`` as seconds: a finite number > 0 (or >= 0, or None, when allowed).

        NaN, infinities, bools and numbers too large to sleep on (above a year) are refused
        here, before any request, instead of failing deep inside a sleep or a timer.
        """
        if value is None and none_ok:
            return None
        low = "0 or more" if zero_ok else "more than 0"
        hint = " (or None to wait without limit)" if none_ok else ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{name} must be a number of seconds{hint}, got {describe(value)}")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not (0 <= number <= MAX_SECONDS) or (number == 0 and not zero_ok):
            self.fail(
                f"{name} must be {low} seconds, at most {MAX_SECONDS:g}{hint}, got {value!r}"[:200]
            )
        return number

    def positive_number(self, name: str, value: object) -> float:
        """``value`` if it is a finite number > 0 (seconds, intervals)."""
        number = self.seconds(name, value)
        assert number is not None
        return number

    def non_negative_number(self, name: str, value: object) -> float:
        """``value`` if it is a finite number >= 0 (budgets where zero means "just once")."""
        number = self.seconds(name, value, zero_ok=True)
        assert number is not None
        return number

    def mapping(self, name: str, value: object) -> dict[str, Any]:
        """A plain-dict copy of ``value`` if it is a mapping with string keys."""
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            self.fail(f"{name} must be a dict with string keys, got {type(value).__name__}")
        return dict(value)

    def url(self, name: str, value: object, schemes: tuple[str, ...] = ("http", "https")) -> str:
        """``value`` if it is a URL with one of ``schemes`` and something after ``://``."""
        text = self.text(name, value)
        if _URL_UNSAFE.search(text):
            self.fail(f"{name} must be a URL without spaces or control characters")
        scheme, sep, rest = text.partition("://")
        if not sep or scheme.lower() not in schemes or not rest.strip("/"):
            wanted = " or ".join(f"{s}://" for s in schemes)
            self.fail(f"{name} must be a {wanted} URL, got {preview(text)}")
        return text
