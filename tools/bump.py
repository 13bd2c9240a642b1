"""Bump a service's pinned spec: validate it, show what changed, pin it, regenerate, report.

``python -m tools.bump <service> <new-spec.json> [--source TEXT] [--dry-run]``

1. validates the new document as OpenAPI (3.0 or 3.1);
2. prints the difference from the pinned spec, each change marked BREAKING or additive;
3. unless ``--dry-run``: writes ``specs/<service>/openapi.json`` and its pin, regenerates
   ``generated/<service>``, and says which spec operations no public wrapper method reaches
   (see ``tools.coverage``) — the wrapper work the bump calls for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tools.pins import PinError, iter_operations, load_pin

__all__ = ["Change", "diff_specs", "main"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two specs."""

    breaking: bool
    where: str
    what: str

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'additive'}  {self.where}: {self.what}"


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{method} {path}": op for method, path, op in iter_operations(spec)}


def _params(spec: dict[str, Any], path: str, op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    shared = spec["paths"][path].get("parameters", [])
    out = {}
    for param in [*shared, *op.get("parameters", [])]:
        if "$ref" in param:
            param = _resolve(spec, param["$ref"])
        out[f"{param['in']}:{param['name']}"] = param
    return out


def _resolve(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return dict(node)


def _type(schema: dict[str, Any]) -> Any:
    return schema.get("$ref") or schema.get("type")


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every operation, parameter and schema-property difference, classified."""
    changes: list[Change] = []
    old_ops, new_ops = _operations(old), _operations(new)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        changes.append(Change(True, key, "operation removed"))
    for key in sorted(new_ops.keys() - old_ops.keys()):
        changes.append(Change(False, key, "operation added (wrap it)"))
    for key in sorted(old_ops.keys() & new_ops.keys()):
        path = key.split(" ", 1)[1]
        before = _params(old, path, old_ops[key])
        after = _params(new, path, new_ops[key])
        for name in sorted(before.keys() - after.keys()):
            changes.append(Change(True, key, f"parameter {name} removed"))
        for name in sorted(after.keys() - before.keys()):
            required = bool(after[name].get("required"))
            changes.append(
                Change(
                    required, key, f"parameter {name} added" + (" (required)" if required else "")
                )
            )
        old_codes = set(old_ops[key].get("responses", {}))
        new_codes = set(new_ops[key].get("responses", {}))
        for code in sorted(old_codes - new_codes):
            changes.append(Change(False, key, f"response {code} no longer documented"))
        for code in sorted(new_codes - old_codes):
            breaking = code.startswith("2")  # a new success shape the wrapper may not parse
            changes.append(Change(breaking, key, f"response {code} added"))
        for name in sorted(before.keys() & after.keys()):
            b, a = before[name], after[name]
            if _type(b.get("schema", {})) != _type(a.get("schema", {})):
                changes.append(Change(True, key, f"parameter {name} changed type"))
            if a.get("required") and not b.get("required"):
                changes.append(Change(True, key, f"parameter {name} became required"))
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    for name in sorted(old_schemas.keys() - new_schemas.keys()):
        changes.append(Change(True, f"schema {name}", "removed"))
    for name in sorted(new_schemas.keys() - old_schemas.keys()):
        changes.append(Change(False, f"schema {name}", "added"))
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        b, a = old_schemas[name], new_schemas[name]
        bp, ap = b.get("properties", {}), a.get("properties", {})
        for prop in sorted(bp.keys() - ap.keys()):
            changes.append(Change(True, f"schema {name}", f"property {prop} removed"))
        for prop in sorted(ap.keys() - bp.keys()):
            changes.append(Change(False, f"schema {name}", f"property {prop} added"))
        for prop in sorted(bp.keys() & ap.keys()):
            if _type(bp[prop]) != _type(ap[prop]):
                changes.append(Change(True, f"schema {name}", f"property {prop} changed type"))
        for prop in sorted(set(a.get("required", [])) - set(b.get("required", []))):
            changes.append(Change(True, f"schema {name}", f"property {prop} became required"))
        for prop in sorted(set(b.get("required", [])) - set(a.get("required", []))):
            changes.append(Change(True, f"schema {name}", f"property {prop} became optional"))
    return changes


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
    for change in changes:
        print(change)
    breaking = sum(c.breaking for c in changes)
    print(f"{len(changes)} change(s), {breaking} breaking")
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
