"""Diff two OpenAPI documents and say, for every change, whether it breaks clients.

A change's verdict depends on which way its schema travels: an added required property breaks
clients that *send* the schema (a request) and is harmless to clients that *read* it (a
response), and the reverse holds for a property that becomes optional. So every component
schema is first located — reached from request bodies and parameters, from response bodies and
headers, or both, following ``$ref`` chains through properties, items, compositions and
``additionalProperties`` — and then diffed once with the rules of its direction; a schema used
both ways gets the stricter verdict. The rules are summed up in ``docs/decisions.md`` ("Spec
bumps classify changes by direction").

``diff_specs`` is pure (two parsed documents in, a sorted list of ``Change`` out);
``release_level``, ``next_version`` and ``changelog`` turn the changes into a semver hint and a
changelog fragment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from tools.pins import iter_operations

__all__ = [
    "ADDITIVE",
    "BREAKING",
    "WARNING",
    "Change",
    "Direction",
    "Level",
    "Severity",
    "changelog",
    "diff_specs",
    "next_version",
    "release_level",
    "schema_directions",
    "verdict",
]

Severity = Literal["BREAKING", "warning", "additive"]
Direction = Literal["request", "response", "both", "unused"]
Level = Literal["major", "minor", "patch"]

BREAKING: Severity = "BREAKING"
WARNING: Severity = "warning"
ADDITIVE: Severity = "additive"

_RANK: dict[str, int] = {BREAKING: 0, WARNING: 1, ADDITIVE: 2}
_SCHEMAS = "#/components/schemas/"
# Keys whose values are data (examples, defaults), never schemas: a "$ref" inside is not a ref.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
# Keys whose values map names to schemas: every value is walked, whatever its name.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two specs, classified.

    ``where`` names the schema path (``Run.status``, ``Run.links.self``, ``X.items[]``) or the
    operation part (``GET /v1/runs query:limit``); ``used_by`` names an operation that uses the
    schema, for component schemas.
    """

    severity: Severity
    direction: Direction
    where: str
    message: str
    used_by: str = ""

    @property
    def breaking(self) -> bool:
        """Whether the change breaks existing clients."""
        return self.severity == BREAKING

    def __str__(self) -> str:
        suffix = f" ({self.used_by})" if self.used_by else ""
        return f"{self.severity:<8}  {self.direction:<8}  {self.where}: {self.message}{suffix}"


def verdict(direction: Direction, request: Severity, response: Severity) -> Severity:
    """The severity of a change whose request-side and response-side verdicts are given.

    A schema used both ways gets the stricter one; a schema no operation uses cannot break a
    client, so its changes are at most warnings.
    """
    if direction == "request":
        return request
    if direction == "response":
        return response
    stricter = min(request, response, key=_RANK.__getitem__)
    if direction == "unused" and stricter == BREAKING:
        return WARNING
    return stricter


# --- where schemas are used -------------------------------------------------------------------


def _resolve(spec: dict[str, Any], ref: str) -> Any:
    """The node a local ``$ref`` points to, or None (external or dangling refs)."""
    if not ref.startswith("#/"):
        return None
    node: Any = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _deref(spec: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` (of parameters, responses, headers, bodies) until a real object."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return None
        seen.add(ref)
        node = _resolve(spec, ref)
    return node


def _reachable(spec: dict[str, Any], roots: Iterable[Any]) -> list[str]:
    """Component schema names reachable from ``roots``, in discovery order, refs followed."""
    found: dict[str, None] = {}
    followed: set[str] = set()
    stack: list[tuple[Any, bool]] = [(root, False) for root in reversed(list(roots))]
    while stack:
        node, is_map = stack.pop()
        if isinstance(node, list):
            stack.extend((item, False) for item in reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if not is_map and isinstance(ref, str) and ref not in followed:
            followed.add(ref)
            if ref.startswith(_SCHEMAS):
                found.setdefault(ref.removeprefix(_SCHEMAS), None)
            stack.append((_resolve(spec, ref), False))
        for key, value in reversed(node.items()):
            if is_map or key not in _DATA_KEYS:
                stack.append((value, not is_map and key in _SCHEMA_MAPS))
    return list(found)


def _operation_parts(
    spec: dict[str, Any],
) -> Iterator[tuple[Literal["request", "response"], str, list[Any]]]:
    """``(side, context, nodes)`` for each request and each response of every operation."""
    for method, path, op in iter_operations(spec):
        key = f"{method} {path}"
        params = [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
        yield "request", f"{key} request", [*params, op.get("requestBody")]
        for code, response in op.get("responses", {}).items():
            yield "response", f"{key} {code}", [response]


@dataclass(slots=True)
class _Usage:
    """The operations (request or response side) that reach one component schema."""

    request: dict[str, None] = field(default_factory=dict)
    response: dict[str, None] = field(default_factory=dict)

    @property
    def direction(self) -> Direction:
        if self.request and self.response:
            return "both"
        if self.request:
            return "request"
        return "response" if self.response else "unused"

    def label(self) -> str:
        """One request use and one response use, and how many more there are."""
        firsts = [*list(self.request)[:1], *list(self.response)[:1]]
        more = len(self.request) + len(self.response) - len(firsts)
        return " and ".join(firsts) + (f", +{more} more" if more else "")


def _usages(*specs: dict[str, Any]) -> dict[str, _Usage]:
    usages: dict[str, _Usage] = {}
    for spec in specs:
        for side, context, nodes in _operation_parts(spec):
            for name in _reachable(spec, nodes):
                getattr(usages.setdefault(name, _Usage()), side).setdefault(context, None)
    return usages


def schema_directions(spec: dict[str, Any]) -> dict[str, Direction]:
    """The direction of every component schema of ``spec`` (``unused`` if none reaches it)."""
    usages = _usages(spec)
    return {
        name: usages[name].direction if name in usages else "unused"
        for name in spec.get("components", {}).get("schemas", {})
    }


# --- comparing two schemas --------------------------------------------------------------------


@dataclass(slots=True)
class _Walk:
    """The state of one schema comparison; ``replace`` shares ``out`` and ``stack``."""

    old: dict[str, Any]
    new: dict[str, Any]
    direction: Direction
    out: list[Change]
    used_by: str = ""
    stack: set[tuple[str, str]] = field(default_factory=set)

    def emit(self, where: str, message: str, request: Severity, response: Severity) -> None:
        severity = verdict(self.direction, request, response)
        self.out.append(Change(severity, self.direction, where, message, self.used_by))


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or ("const" in schema and schema["const"] is None)
    )


def _split_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema without its null alternative, and whether it had one.

    Understands every spelling: ``type: [x, "null"]`` and ``anyOf``/``oneOf`` with a
    ``{"type": "null"}`` branch (3.1), ``nullable: true`` (3.0), and ``null`` in an enum.
    """
    core = dict(schema)
    nullable = core.pop("nullable", False) is True
    kind = core.get("type")
    if kind == "null":
        nullable, core["type"] = True, []
    elif isinstance(kind, list) and "null" in kind:
        rest = [t for t in kind if t != "null"]
        nullable, core["type"] = True, rest[0] if len(rest) == 1 else rest
    if isinstance(core.get("enum"), list) and None in core["enum"]:
        nullable, core["enum"] = True, [v for v in core["enum"] if v is not None]
    for key in ("anyOf", "oneOf"):
        branches = core.get(key)
        if not isinstance(branches, list) or not any(_is_null(b) for b in branches):
            continue
        nullable = True
        rest = [b for b in branches if not _is_null(b)]
        if len(rest) == 1 and isinstance(rest[0], dict):
            del core[key]  # `anyOf: [X, null]` is X, nullable
            core.update(rest[0])
        else:
            core[key] = rest
    return core, nullable


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    """The schema's JSON types (None: any), inferring ``object``/``array`` from keywords."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return frozenset({kind})
    if isinstance(kind, list):
        return frozenset(kind)
    if any(k in schema for k in ("properties", "additionalProperties", "required")):
        return frozenset({"object"})
    return frozenset({"array"}) if "items" in schema else None


def _show_types(types: frozenset[str] | None) -> str:
    if types is None:
        return "any"
    return " | ".join(sorted(types)) or "null"


def _enum(schema: dict[str, Any]) -> list[Any] | None:
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    return [schema["const"]] if "const" in schema else None


def _values(values: Iterable[Any]) -> str:
    return ", ".join(json.dumps(v, sort_keys=True) for v in values)


def _compare(w: _Walk, where: str, old: Any, new: Any) -> None:
    """Compare two schemas found at the same place, emitting each difference."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return  # boolean schemas, or a malformed node: nothing to classify
    old_core, old_null = _split_null(old)
    new_core, new_null = _split_null(new)
    if new_null and not old_null:
        # A reader that assumed a value now gets null; a sender may now send null.
        w.emit(where, "became nullable", request=ADDITIVE, response=BREAKING)
    elif old_null and not new_null:
        w.emit(where, "no longer nullable", request=BREAKING, response=ADDITIVE)
    _compare_core(w, where, old_core, new_core)


def _compare_core(w: _Walk, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    old_ref, new_ref = old.get("$ref"), new.get("$ref")
    if isinstance(old_ref, str) and old_ref == new_ref and old_ref.startswith(_SCHEMAS):
        return  # the component itself is diffed once, with its own direction
    if isinstance(old_ref, str) or isinstance(new_ref, str):
        pair = (str(old_ref), str(new_ref))
        if pair in w.stack:
            return  # a recursive schema: this pair is already being compared further up
        w.stack.add(pair)
        try:
            old_target = _resolve(w.old, old_ref) if isinstance(old_ref, str) else old
            new_target = _resolve(w.new, new_ref) if isinstance(new_ref, str) else new
            if old_target is None or new_target is None:
                if old_ref != new_ref:
                    w.emit(where, f"$ref {old_ref} → {new_ref}", request=WARNING, response=WARNING)
                return
            _compare(w, where, old_target, new_target)
        finally:
            w.stack.discard(pair)
        return

    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        message = f"type {_show_types(old_types)} → {_show_types(new_types)}"
        w.emit(where, message, request=BREAKING, response=BREAKING)
        return  # the rest of the comparison would only repeat this

    old_format, new_format = old.get("format"), new.get("format")
    if old_format != new_format:
        # Dropping a format widens what a request may carry; any other change narrows it.
        # Readers only lose or gain a parsing hint (e.g. datetime vs str): worth a look.
        message = f"format {old_format or 'none'} → {new_format or 'none'}"
        request = ADDITIVE if new_format is None else BREAKING
        w.emit(where, message, request=request, response=WARNING)

    _compare_enum(w, where, _enum(old), _enum(new))
    _compare_object(w, where, old, new)
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        _compare(w, f"{where}[]", old["items"], new["items"])
    for key in ("oneOf", "anyOf", "allOf"):
        _compare_branches(w, where, key, old.get(key) or [], new.get(key) or [])


def _compare_enum(w: _Walk, where: str, old: list[Any] | None, new: list[Any] | None) -> None:
    if old is None and new is None:
        return
    if old is None:
        message = f"restricted to enum {_values(new or [])}"
        w.emit(where, message, request=BREAKING, response=ADDITIVE)
        return
    if new is None:
        w.emit(where, "enum restriction dropped", request=ADDITIVE, response=WARNING)
        return
    keys_old = {json.dumps(v, sort_keys=True) for v in old}
    keys_new = {json.dumps(v, sort_keys=True) for v in new}
    added = [v for v in new if json.dumps(v, sort_keys=True) not in keys_old]
    removed = [v for v in old if json.dumps(v, sort_keys=True) not in keys_new]
    if added:
        # Senders gain a choice; readers that decode into a closed enum meet an unknown value.
        message = f"enum value{'s' * (len(added) > 1)} added: {_values(added)}"
        w.emit(where, message, request=ADDITIVE, response=WARNING)
    if removed:
        message = f"enum value{'s' * (len(removed) > 1)} removed: {_values(removed)}"
        w.emit(where, message, request=BREAKING, response=ADDITIVE)


def _narrow(direction: Direction, *props: Any) -> Direction | None:
    """A property's own direction (None: it never travels this schema's way).

    ``readOnly`` properties travel only in responses, ``writeOnly`` ones only in requests.
    """
    read_only = any(isinstance(p, dict) and p.get("readOnly") is True for p in props)
    write_only = any(isinstance(p, dict) and p.get("writeOnly") is True for p in props)
    if read_only == write_only or direction == "unused":
        return direction
    only: Direction = "response" if read_only else "request"
    if direction == "both":
        return only
    return direction if direction == only else None


def _compare_object(w: _Walk, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    old_props: dict[str, Any] = old.get("properties") or {}
    new_props: dict[str, Any] = new.get("properties") or {}
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    closed = new.get("additionalProperties") is False
    for name in [*old_props, *(n for n in new_props if n not in old_props)]:
        direction = _narrow(w.direction, old_props.get(name), new_props.get(name))
        if direction is None:
            continue
        pw = replace(w, direction=direction)
        path = f"{where}.{name}"
        if name not in new_props:
            # A sender that still sends it is rejected only if unknown properties are.
            message = "property removed" + (" (unknown properties are rejected)" * closed)
            pw.emit(path, message, request=BREAKING if closed else WARNING, response=BREAKING)
        elif name not in old_props:
            if name in new_required:
                pw.emit(path, "new required property", request=BREAKING, response=ADDITIVE)
            else:
                pw.emit(path, "new optional property", request=ADDITIVE, response=ADDITIVE)
        else:
            if name in new_required and name not in old_required:
                pw.emit(path, "became required", request=BREAKING, response=ADDITIVE)
            elif name in old_required and name not in new_required:
                pw.emit(path, "became optional", request=ADDITIVE, response=BREAKING)
            _compare(pw, path, old_props[name], new_props[name])

    old_extra = old.get("additionalProperties", True)
    new_extra = new.get("additionalProperties", True)
    if old_extra is not False and new_extra is False:
        message = "additionalProperties became false (unknown properties are rejected)"
        w.emit(where, message, request=BREAKING, response=ADDITIVE)
    elif old_extra is False and new_extra is not False:
        message = "additionalProperties no longer false (undeclared properties may appear)"
        w.emit(where, message, request=ADDITIVE, response=WARNING)
    if isinstance(old_extra, dict) and isinstance(new_extra, dict):
        _compare(w, f"{where}.*", old_extra, new_extra)


def _branch_keys(branches: list[Any]) -> dict[str, Any]:
    """Composition branches keyed by their ``$ref`` name, or by position among inline ones."""
    keyed: dict[str, Any] = {}
    inline = 0
    for branch in branches:
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if isinstance(ref, str):
            keyed[ref.rsplit("/", 1)[-1]] = branch
        else:
            keyed[f"#{inline}"] = branch
            inline += 1
    return keyed


def _compare_branches(w: _Walk, where: str, key: str, old: list[Any], new: list[Any]) -> None:
    old_keyed, new_keyed = _branch_keys(old), _branch_keys(new)
    for label in old_keyed.keys() - new_keyed.keys():
        if key == "allOf":  # one part fewer: readers lose its fields, senders a constraint
            w.emit(where, f"allOf part {label} removed", request=ADDITIVE, response=BREAKING)
        else:  # one shape fewer: senders of it are rejected, readers never see it
            w.emit(where, f"{key} branch {label} removed", request=BREAKING, response=ADDITIVE)
    for label in new_keyed.keys() - old_keyed.keys():
        if key == "allOf":
            w.emit(where, f"allOf part {label} added", request=BREAKING, response=ADDITIVE)
        else:  # readers may meet a shape they do not parse
            w.emit(where, f"{key} branch {label} added", request=ADDITIVE, response=WARNING)
    for label in old_keyed.keys() & new_keyed.keys():
        # allOf parts describe the same object, so their paths are the object's own.
        path = where if key == "allOf" else f"{where}<{key} {label}>"
        _compare(w, path, old_keyed[label], new_keyed[label])


# --- operations, parameters, bodies, responses -------------------------------------------------


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {f"{method} {path}": (path, op) for method, path, op in iter_operations(spec)}


def _params(spec: dict[str, Any], path: str, op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An operation's parameters (path-level ones included) by ``in:name``."""
    out: dict[str, dict[str, Any]] = {}
    for raw in [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]:
        param = _deref(spec, raw)
        if isinstance(param, dict) and "name" in param and "in" in param:
            name = param["name"].lower() if param["in"] == "header" else param["name"]
            out[f"{param['in']}:{name}"] = param  # header names are case-insensitive
    return out


def _schema_of(item: dict[str, Any]) -> Any:
    """A parameter's or header's schema, given directly or as its first ``content`` entry."""
    if "schema" in item:
        return item["schema"]
    content = item.get("content") or {}
    return next((m.get("schema") for m in content.values() if isinstance(m, dict)), None)


def _compare_params(
    w: _Walk, key: str, path: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    before, after = _params(w.old, path, old), _params(w.new, path, new)
    for name, param in [*before.items(), *((n, p) for n, p in after.items() if n not in before)]:
        where = f"{key} {name}"
        if name not in after:
            w.emit(where, "parameter removed", request=BREAKING, response=BREAKING)
        elif name not in before:
            if param.get("required"):
                w.emit(where, "new required parameter", request=BREAKING, response=BREAKING)
            else:
                w.emit(where, "new optional parameter", request=ADDITIVE, response=ADDITIVE)
        else:
            was, now = bool(param.get("required")), bool(after[name].get("required"))
            if now and not was:
                w.emit(where, "parameter became required", request=BREAKING, response=BREAKING)
            elif was and not now:
                w.emit(where, "parameter became optional", request=ADDITIVE, response=ADDITIVE)
            _compare(w, where, _schema_of(param), _schema_of(after[name]))


def _content(w: _Walk, where: str, old: Any, new: Any, request: bool) -> None:
    """Compare the media types of a request body or response and the schema of each."""
    old_media: dict[str, Any] = (old or {}).get("content") or {}
    new_media: dict[str, Any] = (new or {}).get("content") or {}
    several = len(old_media.keys() | new_media.keys()) > 1
    for media in old_media.keys() - new_media.keys():
        message = f"media type {media} " + ("no longer accepted" if request else "no longer sent")
        w.emit(where, message, request=BREAKING, response=BREAKING)
    for media in new_media.keys() - old_media.keys():
        w.emit(where, f"media type {media} added", request=ADDITIVE, response=ADDITIVE)
    for media in sorted(old_media.keys() & new_media.keys()):
        path = f"{where} [{media}]" if several else where
        _compare(w, path, old_media[media].get("schema"), new_media[media].get("schema"))


def _compare_body(w: _Walk, key: str, old: Any, new: Any) -> None:
    old, new = _deref(w.old, old), _deref(w.new, new)
    where = f"{key} request body"
    if old is None and new is None:
        return
    if new is None:
        # Servers mostly ignore a body they no longer read; a strict one answers 4xx.
        w.emit(where, "request body removed", request=WARNING, response=WARNING)
        return
    required = bool(new.get("required"))
    if old is None:
        if required:
            w.emit(where, "new required request body", request=BREAKING, response=BREAKING)
        else:
            w.emit(where, "new optional request body", request=ADDITIVE, response=ADDITIVE)
        return  # its media types and schemas are all new: nothing to compare
    if required and not old.get("required"):
        w.emit(where, "request body became required", request=BREAKING, response=BREAKING)
    elif old.get("required") and not required:
        w.emit(where, "request body became optional", request=ADDITIVE, response=ADDITIVE)
    _content(w, where, old, new, request=True)


def _headers(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    out: dict[str, tuple[str, Any]] = {}
    for name, header in (response.get("headers") or {}).items():
        out[name.lower()] = (name, _deref(spec, header) or {})
    return out


def _compare_response(w: _Walk, where: str, old: Any, new: Any) -> None:
    old, new = _deref(w.old, old) or {}, _deref(w.new, new) or {}
    before, after = _headers(w.old, old), _headers(w.new, new)
    for lower, (name, header) in before.items():
        path = f"{where} header {name}"
        if lower not in after:
            # Readers that rely on a required header break; an optional one was never certain.
            severity = BREAKING if header.get("required") else WARNING
            w.emit(path, "response header removed", request=severity, response=severity)
            continue
        now = after[lower][1]
        if header.get("required") and not now.get("required"):
            w.emit(path, "header became optional", request=BREAKING, response=BREAKING)
        elif now.get("required") and not header.get("required"):
            w.emit(path, "header became required", request=ADDITIVE, response=ADDITIVE)
        _compare(w, path, _schema_of(header), _schema_of(now))
    for lower, (name, _header) in after.items():
        if lower not in before:
            w.emit(f"{where} header {name}", "new response header", ADDITIVE, ADDITIVE)
    _content(w, f"{where} body", old, new, request=False)


def _is_success(code: str) -> bool:
    return code.startswith("2")


def _compare_operation(
    w: _Walk, key: str, path: str, old_op: dict[str, Any], new_op: dict[str, Any]
) -> None:
    request = replace(w, direction="request")
    _compare_params(request, key, path, old_op, new_op)
    _compare_body(request, key, old_op.get("requestBody"), new_op.get("requestBody"))
    response = replace(w, direction="response")
    old_codes: dict[str, Any] = old_op.get("responses") or {}
    new_codes: dict[str, Any] = new_op.get("responses") or {}
    for code, old_response in old_codes.items():
        where = f"{key} {code}"
        if code not in new_codes and _is_success(code):
            # Old clients parse only the success statuses they know.
            response.emit(where, "success response removed", BREAKING, BREAKING)
        elif code not in new_codes:
            # Clients' handling of it stays valid; errors map by status class anyway.
            response.emit(where, "error response no longer documented", WARNING, WARNING)
        else:
            _compare_response(response, where, old_response, new_codes[code])
    for code in new_codes.keys() - old_codes.keys():
        where = f"{key} {code}"
        if _is_success(code):
            message = "new success response (clients that do not expect it may break)"
            response.emit(where, message, WARNING, WARNING)
        else:
            response.emit(where, "new error response documented", ADDITIVE, ADDITIVE)


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two OpenAPI documents, classified by direction and severity.

    Returns the changes sorted BREAKING first, then warnings, then additive ones.
    """
    out: list[Change] = []
    root = _Walk(old, new, "both", out)
    old_ops, new_ops = _operations(old), _operations(new)
    for key in old_ops.keys() - new_ops.keys():
        root.emit(key, "operation removed", BREAKING, BREAKING)
    for key in new_ops.keys() - old_ops.keys():
        root.emit(key, "operation added (wrap it)", ADDITIVE, ADDITIVE)
    for key in old_ops.keys() & new_ops.keys():
        path, old_op = old_ops[key]
        _compare_operation(root, key, path, old_op, new_ops[key][1])

    usages = _usages(old, new)  # both documents: a schema keeps the stricter of its uses
    old_schemas: dict[str, Any] = old.get("components", {}).get("schemas", {})
    new_schemas: dict[str, Any] = new.get("components", {}).get("schemas", {})
    for name in [*old_schemas, *(n for n in new_schemas if n not in old_schemas)]:
        usage = usages.get(name, _Usage())
        walk = replace(root, direction=usage.direction, used_by=usage.label())
        if name not in new_schemas:
            # Its former uses changed too, and each is reported where it is.
            walk.emit(name, "schema removed", WARNING, WARNING)
        elif name not in old_schemas:
            walk.emit(name, "schema added", ADDITIVE, ADDITIVE)
        else:
            _compare(walk, name, old_schemas[name], new_schemas[name])
    return sorted(set(out), key=lambda c: (_RANK[c.severity], c.where, c.message))


# --- what to release --------------------------------------------------------------------------


def release_level(changes: Iterable[Change]) -> Level:
    """``major`` if anything breaks, ``minor`` if anything is added, ``patch`` otherwise."""
    severities = {c.severity for c in changes}
    if BREAKING in severities:
        return "major"
    return "minor" if ADDITIVE in severities else "patch"


def next_version(version: str, level: Level) -> str:
    """The version after ``version`` for a ``level`` release.

    Below 1.0.0 (semver's "anything may change" range) breaking changes bump the minor and
    everything else the patch, as Cargo and most Python projects do.
    """
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        raise ValueError(f"not a semantic version: {version!r}")
    major, minor, patch = (int(part) for part in match.groups())
    if major == 0:
        level = "minor" if level == "major" else "patch"
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog(changes: Iterable[Change]) -> str:
    """A Markdown changelog fragment: ``## Breaking``, ``## Added``, ``## Changed`` (warnings).

    Empty sections are left out; no changes at all give a one-line note.
    """
    sections = {BREAKING: "## Breaking", ADDITIVE: "## Added", WARNING: "## Changed"}
    grouped: dict[str, list[str]] = {severity: [] for severity in sections}
    for c in changes:
        used_by = f" ({c.used_by})" if c.used_by else ""
        grouped[c.severity].append(f"- `{c.where}` ({c.direction}): {c.message}{used_by}")
    blocks = [
        "\n".join([title, *grouped[severity]])
        for severity, title in sections.items()
        if grouped[severity]
    ]
    return "\n\n".join(blocks) + "\n" if blocks else "No API changes.\n"
