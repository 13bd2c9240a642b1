"""Bump a service's pinned spec: validate it, show what changed, pin it, regenerate, report.

``python -m tools.bump <service> <new-spec.json> [--source TEXT] [--dry-run]``

1. validates the new document as OpenAPI (3.0 or 3.1);
2. prints the difference from the pinned spec (``tools.specdiff``): each change marked
   BREAKING, warning or additive and classified by the direction its schema travels (request,
   response or both), then a semver hint for the wrapper distribution
   (``wrappers/<service>/pyproject.toml``) and a Markdown changelog fragment;
3. unless ``--dry-run``: writes ``specs/<service>/openapi.json`` and its pin, regenerates
   ``generated/<service>``, and says which spec operations no public wrapper method reaches
   (see ``tools.coverage``) — the wrapper work the bump calls for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tools.pins import REPO_ROOT, PinError, load_pin
from tools.specdiff import (
    ADDITIVE,
    BREAKING,
    WARNING,
    Change,
    changelog,
    diff_specs,
    next_version,
    release_level,
)

__all__ = ["Change", "diff_specs", "main", "report", "semver_hint", "wrapper_distribution"]

_SEVERITIES = (BREAKING, WARNING, ADDITIVE)


def wrapper_distribution(service: str) -> tuple[str, str] | None:
    """The ``(name, version)`` of ``wrappers/<service>/pyproject.toml``, or None without one."""
    path = REPO_ROOT / "wrappers" / service / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    # tomllib is 3.11+ and the tools type-check as 3.10; two keys of one table need no parser.
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    if table is None:
        return None
    fields = dict(re.findall(r'^(name|version)\s*=\s*"([^"]*)"', table.group(1), re.MULTILINE))
    if "name" not in fields or "version" not in fields:
        return None
    return fields["name"], fields["version"]


def semver_hint(distribution: str, version: str, changes: list[Change]) -> str:
    """One line: the release the changes call for, e.g. ``gnosyslabs 1.0.0 → 2.0.0 (major)``."""
    level = release_level(changes)
    return f"{distribution} {version} → {next_version(version, level)} ({level})"


def report(service: str, changes: list[Change]) -> str:
    """The diff as printed by the command: changes, totals, semver hint, changelog fragment."""
    lines = [str(change) for change in changes]
    counts = ", ".join(f"{sum(c.severity == s for c in changes)} {s}" for s in _SEVERITIES)
    lines.append(f"{len(changes)} change(s): {counts}")
    dist = wrapper_distribution(service)
    if dist is None:
        level = release_level(changes)
        lines.append(f"semver hint: {level} (no wrappers/{service}/pyproject.toml)")
    else:
        lines.append(f"semver hint: {semver_hint(*dist, changes)}")
    lines += ["", "changelog fragment:", "", changelog(changes)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.bump", description=__doc__.split("\n")[0]
    )
    parser.add_argument("service")
    parser.add_argument("spec", type=Path, help="the new OpenAPI document (JSON)")
    parser.add_argument("--source", help="where the new spec came from (recorded in the pin)")
    parser.add_argument("--dry-run", action="store_true", help="only validate and diff")
    args = parser.parse_args(argv)
    try:
        pin = load_pin(args.service)
        raw = args.spec.read_bytes()
        new = json.loads(raw)
        validate(new)
    except (PinError, OSError, ValueError, OpenAPIValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    old = json.loads(pin.spec_path.read_text(encoding="utf-8"))
    changes = diff_specs(old, new)
    print(report(args.service, changes))
    if args.dry_run:
        return 0

    from tools import coverage, regen

    text = json.dumps(new, indent=2) + "\n"
    pin.spec_path.write_text(text, encoding="utf-8")
    new_pin = replace(
        pin,
        spec_version=str(new.get("info", {}).get("version", pin.spec_version)),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source=args.source or pin.source,
    )
    pin.pin_path.write_text(new_pin.dump(), encoding="utf-8")
    regen.regen([new_pin])
    print(f"pinned {new_pin.service} {new_pin.spec_version}; regenerated {new_pin.generated_dir}")
    try:
        return coverage.main([args.service])
    except Exception as exc:
        print(f"wrappers no longer work against the new generated code: {exc!r}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
