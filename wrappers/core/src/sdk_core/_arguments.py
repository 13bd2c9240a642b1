"""Checks on a call's arguments, made before any request: bad input fails fast and loses nothing.

Every failure raises the service's ``invalid_argument`` error (see :class:`~sdk_core.ErrorMap`)
with the argument's name; values are quoted only where they cannot be secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from sdk_core._config import ServiceConfig

__all__ = ["Arguments", "omit_none"]


def omit_none(**values: Any) -> dict[str, Any]:
    """The keyword arguments that are not None.

    Generated ``_get_kwargs`` functions default optional parameters to their package's own
    ``UNSET`` marker; leaving a parameter out is the service-agnostic way to say "not given".
    """
    return {name: value for name, value in values.items() if value is not None}


class Arguments:
    """One service's argument checks (``Arguments(CONFIG).text("task_id", task_id)``)."""

    __slots__ = ("_error",)

    def __init__(self, config: ServiceConfig) -> None:
        self._error = config.errors.argument_error

    def fail(self, message: str) -> NoReturn:
        """Raise the service's invalid-argument error."""
        raise self._error(message)

    def text(self, name: str, value: object) -> str:
        """``value`` if it is a non-blank string (ids, names, types)."""
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{name} must be a non-empty string, got {value!r}")
        return value

    def positive_int(self, name: str, value: object) -> int | None:
        """``value`` if None or a positive int (bools are not ints here)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(f"{name} must be a positive integer, got {value!r}")
        return value

    def int_between(self, name: str, value: object, low: int, high: int) -> int:
        """``value`` if it is an int within ``[low, high]``."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{name} must be an integer from {low} to {high}, got {value!r}")
        return value

    def positive_number(self, name: str, value: object) -> float:
        """``value`` if it is a finite number > 0 (seconds, intervals)."""
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value < float("inf")
        ):
            self.fail(f"{name} must be a positive number, got {value!r}")
        return float(value)

    def non_negative_number(self, name: str, value: object) -> float:
        """``value`` if it is a finite number >= 0 (budgets where zero means "just once")."""
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value < float("inf")
        ):
            self.fail(f"{name} must be a number >= 0, got {value!r}")
        return float(value)

    def mapping(self, name: str, value: object) -> dict[str, Any]:
        """A plain-dict copy of ``value`` if it is a mapping with string keys."""
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            self.fail(f"{name} must be a dict with string keys, got {type(value).__name__}")
        return dict(value)

    def url(self, name: str, value: object, schemes: tuple[str, ...] = ("http", "https")) -> str:
        """``value`` if it is a URL with one of ``schemes`` and something after ``://``."""
        text = self.text(name, value)
        scheme, sep, rest = text.partition("://")
        if not sep or scheme.lower() not in schemes or not rest.strip("/"):
            wanted = " or ".join(f"{s}://" for s in schemes)
            self.fail(f"{name} must be a {wanted} URL, got {text!r}")
        return text
