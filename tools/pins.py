"""The pinned specs: one ``specs/<service>/pin.json`` beside each ``openapi.json``.

A pin records what the generated package is built from, so that regeneration is reproducible:
the spec's version and sha256, where the spec came from, and the exact generator and formatter.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "HTTP_METHODS",
    "REPO_ROOT",
    "SPECS_DIR",
    "Pin",
    "PinError",
    "iter_operations",
    "load_pin",
    "load_pins",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = REPO_ROOT / "specs"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def iter_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(METHOD, path, operation)`` for every operation of an OpenAPI document."""
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, op


class PinError(Exception):
    """A pin is missing, malformed, or does not match its spec."""


@dataclass(frozen=True, slots=True)
class Pin:
    """What one service's generated package is built from."""

    service: str
    spec_version: str
    sha256: str
    source: str
    generator: str
    formatter: str
    package: str
    distribution: str
    #: openapi-python-client's ``content_type_overrides``: a media type it cannot generate for
    #: (``application/x-yaml``) treated as one it can; the wrapper sends the real one.
    content_type_overrides: dict[str, str] | None = None

    @property
    def spec_path(self) -> Path:
        """The pinned OpenAPI document."""
        return SPECS_DIR / self.service / "openapi.json"

    @property
    def pin_path(self) -> Path:
        """The pin's file."""
        return SPECS_DIR / self.service / "pin.json"

    @property
    def generated_dir(self) -> Path:
        """Where the generated private package lives."""
        return REPO_ROOT / "generated" / self.service

    def verify_spec(self) -> bytes:
        """Return the spec's bytes, or raise if they no longer match the pinned sha256."""
        data = self.spec_path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != self.sha256:
            raise PinError(
                f"{self.spec_path.relative_to(REPO_ROOT)} has sha256 {actual} but its pin says "
                f"{self.sha256}; change specs only through `python -m tools.bump`."
            )
        return data

    def dump(self) -> str:
        """Serialise the pin as the JSON written to ``pin.json``."""
        data = asdict(self)
        if data["content_type_overrides"] is None:  # absent from pins that need none
            del data["content_type_overrides"]
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def load_pin(service: str) -> Pin:
    """Read ``specs/<service>/pin.json``."""
    path = SPECS_DIR / service / "pin.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        pin = Pin(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise PinError(f"cannot read {path}: {exc}") from exc
    if pin.service != service:
        raise PinError(f"{path} names service {pin.service!r}, expected {service!r}")
    return pin


def load_pins() -> list[Pin]:
    """Every pinned service, in name order."""
    return [load_pin(p.parent.name) for p in sorted(SPECS_DIR.glob("*/pin.json"))]
