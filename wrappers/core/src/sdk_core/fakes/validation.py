"""FastAPI's request-validation errors, built from the spec's own schemas.

A FastAPI service answers a request its models reject with 422 and
``{"detail": [{"loc": [...], "msg": "...", "type": "...", "input": ..., "ctx": {...}}]}``:
pydantic v2's error items, one per problem, ``loc`` starting with where the value was sent
(``"body"``, ``"query"``, ``"header"``, ``"path"``). This module renders jsonschema's errors in
that shape: ``missing`` for an absent required field (one item per field, ``input`` the object
it is missing from), ``extra_forbidden`` for a field a closed model does not declare (one item
per field, ``loc`` naming it, ``input`` its value), ``string_type`` / ``int_type`` /
``dict_type`` / ... for a wrong type, ``greater_than_equal`` / ``less_than_equal`` /
``string_too_long`` / ... for a broken bound, ``int_parsing`` / ``bool_parsing`` for a
parameter that is not a number or boolean, ``json_invalid`` for a body that is not JSON.
Unlike the toolkit's default 422 (:meth:`.spec.Spec.check_body`), these items quote what was
sent, as FastAPI's do; a fake opts in with :attr:`.service.SpecFake.fastapi_validation`.
Nullable fields (``anyOf: [X, {type: null}]``) are reported as X, as pydantic reports
``X | None``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["json_invalid", "missing", "parsing_error", "pydantic_items", "validation_item"]

Loc = list[str | int]


def validation_item(
    loc: Sequence[str | int],
    type_: str,
    msg: str,
    value: Any,
    ctx: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One FastAPI validation item (for handlers that check what a schema cannot say)."""
    item: dict[str, Any] = {"type": type_, "loc": list(loc), "msg": msg, "input": value}
    if ctx:
        item["ctx"] = dict(ctx)
    return item


def missing(loc: Sequence[str | int], parent: Any) -> dict[str, Any]:
    """A required field (or body, or parameter) that was not sent."""
    return validation_item(loc, "missing", "Field required", parent)


def json_invalid(position: int, error: str) -> dict[str, Any]:
    """A body that is not JSON (FastAPI reports the character position and the parser's words)."""
    return validation_item(
        ["body", position], "json_invalid", "JSON decode error", {}, {"error": error}
    )


_PARSING = {
    "integer": (
        "int_parsing",
        "Input should be a valid integer, unable to parse string as an integer",
    ),
    "number": (
        "float_parsing",
        "Input should be a valid number, unable to parse string as a number",
    ),
    "boolean": ("bool_parsing", "Input should be a valid boolean, unable to interpret input"),
}


def parsing_error(loc: Sequence[str | int], kind: str, raw: str) -> dict[str, Any]:
    """A query or header value that does not parse as its schema's ``kind``."""
    type_, msg = _PARSING[kind]
    return validation_item(loc, type_, msg, raw)


_TYPES = {
    "string": ("string_type", "Input should be a valid string"),
    "integer": ("int_type", "Input should be a valid integer"),
    "number": ("float_type", "Input should be a valid number"),
    "boolean": ("bool_type", "Input should be a valid boolean"),
    "array": ("list_type", "Input should be a valid list"),
    "object": ("dict_type", "Input should be a valid dictionary"),
    "null": ("none_required", "Input should be None"),
}


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _quoted(values: Iterable[Any]) -> str:
    shown = [repr(v) if isinstance(v, str) else json.dumps(v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def _not_null(branch: Any) -> bool:
    return not (isinstance(branch, Mapping) and branch.get("type") == "null")


def pydantic_items(error: Any, prefix: Sequence[str | int]) -> list[dict[str, Any]]:
    """The FastAPI items for one jsonschema error; ``prefix`` is where the value was sent."""
    loc: Loc = [*prefix, *error.absolute_path]
    kind = str(error.validator)
    expected = error.validator_value
    value = error.instance
    if kind == "required" and isinstance(value, Mapping):
        return [missing([*loc, name], value) for name in expected if name not in value]
    if kind == "additionalProperties" and isinstance(value, Mapping):
        declared = error.schema.get("properties", {})
        return [
            validation_item([*loc, name], "extra_forbidden", "Extra inputs are not permitted", v)
            for name, v in value.items()
            if name not in declared
        ]
    if kind in {"anyOf", "oneOf"} and isinstance(expected, list):
        # pydantic reports `X | None` as X: the errors of the first branch that is not null.
        branches = [i for i, branch in enumerate(expected) if _not_null(branch)]
        if branches:
            first = branches[0]
            inner = [e for e in error.context or () if e.relative_schema_path[0] == first]
            items = [item for e in inner for item in pydantic_items(e, prefix)]
            if items:
                return items
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        type_, msg = _TYPES.get(str(types[0]), ("value_error", "Value error, wrong type"))
        if types[0] == "object" and not error.absolute_path:
            # The request model itself: pydantic's words for a body that is not an object.
            type_ = "model_attributes_type"
            msg = "Input should be a valid dictionary or object to extract fields from"
        return [validation_item(loc, type_, msg, value)]
    return [_constraint(loc, kind, expected, value)]


def _constraint(loc: Loc, kind: str, expected: Any, value: Any) -> dict[str, Any]:
    bound = _number(expected)
    simple: dict[str, tuple[str, str, dict[str, Any] | None]] = {
        "minimum": (
            "greater_than_equal",
            f"Input should be greater than or equal to {bound}",
            {"ge": bound},
        ),
        "maximum": (
            "less_than_equal",
            f"Input should be less than or equal to {bound}",
            {"le": bound},
        ),
        "exclusiveMinimum": (
            "greater_than",
            f"Input should be greater than {bound}",
            {"gt": bound},
        ),
        "exclusiveMaximum": ("less_than", f"Input should be less than {bound}", {"lt": bound}),
        "minLength": (
            "string_too_short",
            f"String should have at least {bound} character{'s' * (bound != 1)}",
            {"min_length": bound},
        ),
        "maxLength": (
            "string_too_long",
            f"String should have at most {bound} character{'s' * (bound != 1)}",
            {"max_length": bound},
        ),
        "minItems": (
            "too_short",
            f"List should have at least {bound} items",
            {"min_length": bound},
        ),
        "maxItems": ("too_long", f"List should have at most {bound} items", {"max_length": bound}),
        "pattern": (
            "string_pattern_mismatch",
            f"String should match pattern '{expected}'",
            {"pattern": expected},
        ),
        "multipleOf": (
            "multiple_of",
            f"Input should be a multiple of {bound}",
            {"multiple_of": bound},
        ),
    }
    if kind in simple:
        type_, msg, ctx = simple[kind]
        return validation_item(loc, type_, msg, value, ctx)
    if kind in {"enum", "const"}:
        choices = expected if kind == "enum" and isinstance(expected, list) else [expected]
        wanted = _quoted(choices)
        return validation_item(
            loc, "literal_error", f"Input should be {wanted}", value, {"expected": wanted}
        )
    return validation_item(loc, "value_error", f"Value error, fails the {kind} constraint", value)
