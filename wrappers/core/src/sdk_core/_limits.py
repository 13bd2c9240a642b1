"""Bounds every SDK applies to caller-supplied numbers (a module of constants: cheap to import)."""

from __future__ import annotations

__all__ = ["MAX_SECONDS"]

#: The longest timeout or interval accepted anywhere (a year): beyond it, sleeping overflows.
MAX_SECONDS = 366 * 24 * 3600.0
