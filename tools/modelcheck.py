"""Check the hand-written public models structurally against the pinned spec, for every SDK.

One checker for both kinds of model: pydantic models (Gnosys) and ``TypedDict``s (ASG Gateway)
are read into the same list of fields (JSON spellings, type annotation, required or not), and
each field's annotation is compared with its spec property by a small recursive comparator:

- every component schema reachable from a 2xx JSON response body (following ``$ref``s, array
  items, ``anyOf`` ...) has a public model, and every public model has a spec schema (the same
  name unless :attr:`ModelSet.renames` says otherwise, e.g. ASG ``TaskSpec`` ↔ ``TaskCreate``);
- every spec property is a field and every field is a spec property (a field may read several
  spellings through pydantic's ``validation_alias`` / ``AliasChoices``; one in the spec is
  enough, and every spelling the spec has is type-checked);
- types: ``string`` ↔ ``str`` (``format: date-time`` included: timestamps stay strings),
  ``integer`` ↔ ``int``, ``number`` ↔ ``float`` (never ``int``: it would reject ``0.5``; a JSON
  integer still parses into a float field), ``boolean`` ↔ ``bool``, ``array`` ↔ ``list[...]``
  (items compared), maps (``additionalProperties``) ↔ ``dict[str, ...]``, a ``$ref`` ↔ the model
  mapped to it, ``{}`` ↔ ``Any``, ``oneOf``/``anyOf`` ↔ a union, nullability (``[T, "null"]``
  / ``anyOf`` null ↔ ``T | None``); a ``Literal`` or ``Enum`` is always wrong, since value sets
  are open strings (forward compatibility);
- required-ness: a required property is a field without a default (a ``Required`` key); an
  optional one has a default (a ``NotRequired`` key). A pydantic field defaulting to ``None``
  may admit ``null`` for a property the spec lets be absent: ``None`` stands for "absent";
- defaults: a property with a spec ``default`` has that default in a pydantic model (a field
  the server may leave out reads as the spec says it means);
- policy: pydantic models parse strictly and keep unknown fields (``STRICT_MODEL_CONFIG``) —
  except a request body the spec closes (``additionalProperties: false``; a schema no response
  body reaches): its model forbids them too (``extra="forbid"``), so a misspelled field fails when
  the caller builds it rather than as the server's 422.

Problems name the SDK, the model and the field: ``gnosys Dataset.n_rows: spec says integer,
model says string``. ``python -m tools.modelcheck`` prints them (exit 1 if any);
``tests/contract/test_models.py`` asserts there are none.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import json
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import typing_extensions

from tools.pins import SPECS_DIR

__all__ = [
    "NO_DEFAULT",
    "SERVICES",
    "Field",
    "ModelSet",
    "check",
    "fields_of",
    "load_spec",
    "main",
    "request_only_schemas",
    "response_schemas",
]

# Keywords whose values are JSON data, not schemas: a "$ref" in them refers to nothing.
_DATA_KEYWORDS = frozenset({"$ref", "example", "examples", "default", "const", "enum"})
_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}
_WRAPPERS = {
    typing_extensions.Required,
    typing_extensions.NotRequired,
    typing_extensions.ReadOnly,
}


class _NoDefault:
    """The :attr:`Field.default` of a field without one (required, or a ``TypedDict`` key)."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


#: The :attr:`Field.default` of a field without one.
NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True)
class Field:
    """One field of a public model, as the checker sees it."""

    name: str
    spellings: tuple[str, ...]
    annotation: Any
    required: bool
    #: A pydantic field whose default is ``None`` ("absent" reads as ``None``).
    defaults_to_none: bool = False
    #: A pydantic field's default (its factory's value), or :data:`NO_DEFAULT`.
    default: Any = NO_DEFAULT


@dataclass(frozen=True)
class ModelSet:
    """A service's public models and the names of the spec schemas they mirror."""

    service: str
    models: Mapping[str, type]
    #: Public model name → spec schema name, where the two differ.
    renames: Mapping[str, str] = field(default_factory=dict)

    def schema_name(self, public: str) -> str:
        """The spec schema mirrored by the public model ``public``."""
        return self.renames.get(public, public)

    def public_name(self, model: object) -> str | None:
        """The public name of ``model``, or ``None`` if it is none of this set's models."""
        return next((n for n, m in self.models.items() if m is model), None)


def load_spec(service: str) -> dict[str, Any]:
    """The pinned spec of ``service``."""
    spec: dict[str, Any] = json.loads((SPECS_DIR / service / "openapi.json").read_text())
    return spec


def _gnosys() -> ModelSet:
    models = importlib.import_module("gnosys.models")
    base = models.GnosysModel
    return ModelSet(
        "gnosys",
        {
            name: obj
            for name in models.__all__
            if isinstance(obj := getattr(models, name), type)
            and issubclass(obj, base)
            and obj is not base
        },
    )


def _asg_gateway() -> ModelSet:
    models = importlib.import_module("asg_gateway.models")
    return ModelSet(
        "asg_gateway",
        {name: getattr(models, name) for name in models.__all__},
        # Named for what a caller writes (a batch's tasks), not for the request schema.
        renames={"TaskSpec": "TaskCreate"},
    )


def _kneo() -> ModelSet:
    models = importlib.import_module("kneo_client.models")
    bases = (models.KneoModel, models.KneoRequest)
    return ModelSet(
        "kneo",
        {
            name: obj
            for name in models.__all__
            if isinstance(obj := getattr(models, name), type)
            and issubclass(obj, bases)
            and obj not in bases
        },
        # FastAPI's schema name would shadow pydantic's own ValidationError.
        renames={"FieldError": "ValidationError"},
    )


#: Every SDK's public models, built on first use (they import the SDK's models module).
SERVICES: dict[str, Callable[[], ModelSet]] = {
    "gnosys": _gnosys,
    "asg_gateway": _asg_gateway,
    "kneo": _kneo,
}


# --- the spec side ----------------------------------------------------------------------------


def _resolve(spec: Mapping[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _component(ref: str) -> str | None:
    prefix = "#/components/schemas/"
    return ref[len(prefix) :] if ref.startswith(prefix) else None


def _is_json(media_type: str) -> bool:
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base.endswith(("/json", "+json", "/jsonl", "/x-ndjson", "/ndjson"))


def _walk_refs(spec: Mapping[str, Any], node: Any, found: dict[str, str], where: str) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_refs(spec, item, found, where)
    elif isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = _component(ref)
            if name is not None and name not in found:
                found[name] = where
                _walk_refs(spec, _resolve(spec, ref), found, where)
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop in value.values():  # keys are names, whatever they spell
                    _walk_refs(spec, prop, found, where)
            elif key not in _DATA_KEYWORDS:
                _walk_refs(spec, value, found, where)


def _bodies(spec: Mapping[str, Any]) -> Iterator[tuple[str | None, str, Mapping[str, Any]]]:
    """(response status or ``None`` for the request body, operation, body) of every operation."""
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            where = f"{method.upper()} {path}"
            body = operation.get("requestBody")
            if isinstance(body, dict):
                yield None, where, _resolve(spec, body["$ref"]) if "$ref" in body else body
            for status, response in operation.get("responses", {}).items():
                if "$ref" in response:
                    response = _resolve(spec, response["$ref"])
                yield str(status), f"{where} {status}", response


def _body_schemas(spec: Mapping[str, Any], wanted: Callable[[str | None], bool]) -> dict[str, str]:
    found: dict[str, str] = {}
    for status, where, body in _bodies(spec):
        if not wanted(status):
            continue
        for media_type, content in body.get("content", {}).items():
            if _is_json(media_type):
                _walk_refs(spec, content.get("schema", {}), found, where)
    return found


def response_schemas(spec: Mapping[str, Any]) -> dict[str, str]:
    """Component schemas reachable from a 2xx JSON response body → the first operation's name."""
    return _body_schemas(spec, lambda status: status is not None and status.startswith("2"))


def request_only_schemas(spec: Mapping[str, Any]) -> set[str]:
    """Component schemas reachable from a JSON request body and from no response body."""
    requests = _body_schemas(spec, lambda status: status is None)
    return set(requests) - set(_body_schemas(spec, lambda status: status is not None))


def _has_model_shape(schema: Any) -> bool:
    """Whether a component needs a model (it has properties), rather than a ``dict`` / scalar."""
    return isinstance(schema, dict) and "properties" in schema


def _split_null(schema: Mapping[str, Any]) -> tuple[bool, list[Mapping[str, Any]]]:
    """(whether ``null`` is allowed, the non-null alternatives) of a spec schema."""
    nullable = bool(schema.get("nullable"))  # OpenAPI 3.0's spelling
    kind = schema.get("type")
    alternatives: list[Mapping[str, Any]] = []
    if isinstance(kind, list):
        rest = {k: v for k, v in schema.items() if k not in {"type", "nullable"}}
        alternatives = [{**rest, "type": t} for t in kind if t != "null"]
        return nullable or "null" in kind, alternatives
    if kind == "null":
        return True, []
    for key in ("anyOf", "oneOf"):
        if key in schema and isinstance(schema[key], list):
            outer = {k: v for k, v in schema.items() if k not in {key, "nullable"}}
            for branch in schema[key]:
                branch_nullable, branch_rest = _split_null({**outer, **branch})
                nullable = nullable or branch_nullable
                alternatives.extend(branch_rest)
            return nullable, alternatives
    if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
        # A lone allOf is how 3.1 documents attach a description to a $ref.
        outer = {k: v for k, v in schema.items() if k != "allOf"}
        inner_nullable, alternatives = _split_null({**schema["allOf"][0], **outer})
        return nullable or inner_nullable, alternatives
    return nullable, [{k: v for k, v in schema.items() if k != "nullable"}]


def _spec_type(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def _describe_spec(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    nullable, alternatives = _split_null(schema)
    parts = []
    for alt in alternatives:
        ref = alt.get("$ref")
        if isinstance(ref, str):
            parts.append(_component(ref) or ref)
            continue
        kind = _spec_type(alt)
        if kind is None:
            parts.append("any value")
        elif kind == "array":
            parts.append(f"array of {_describe_spec(spec, alt.get('items', {}))}")
        elif kind == "string" and alt.get("format"):
            parts.append(f"string ({alt['format']})")
        else:
            parts.append(kind)
    text = " | ".join(parts) or "null"
    return f"{text} | null" if nullable and parts else text


def _spec_requires(schema: Mapping[str, Any], spellings: Sequence[str]) -> bool:
    """Whether the spec requires one of ``spellings`` (directly, or in every ``anyOf`` branch)."""
    if set(spellings) & set(schema.get("required", ())):
        return True
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        # An aliased field may be documented as "one of these spellings is required".
        if (
            isinstance(branches, list)
            and branches
            and all(set(spellings) & set(b.get("required", ())) for b in branches)
        ):
            return True
    return False


# --- the model side ---------------------------------------------------------------------------


def _is_pydantic_model(obj: object) -> bool:
    if not isinstance(obj, type):
        return False
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and issubclass(obj, pydantic.BaseModel)


def _is_model(obj: object) -> bool:
    return _is_pydantic_model(obj) or typing_extensions.is_typeddict(obj)


def _alias_spellings(name: str, info: Any) -> tuple[str, ...]:
    alias = info.validation_alias
    if isinstance(alias, str):
        return (alias,)
    choices = getattr(alias, "choices", None)
    if choices is not None:
        spellings = []
        for choice in choices:
            if isinstance(choice, str):
                spellings.append(choice)
            else:  # AliasPath: only a one-step path names a top-level property
                path: Sequence[object] = getattr(choice, "path", ())
                if len(path) == 1 and isinstance(path[0], str):
                    spellings.append(path[0])
        return tuple(spellings)
    return (info.alias or name,)


def _strip(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing_extensions.Annotated or origin in _WRAPPERS:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _marked_not_required(annotation: Any) -> bool | None:
    """``True`` for ``NotRequired[...]``, ``False`` for ``Required[...]``, else ``None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing_extensions.NotRequired:
            return True
        if origin is typing_extensions.Required:
            return False
        if origin is typing_extensions.Annotated or origin is typing_extensions.ReadOnly:
            annotation = typing.get_args(annotation)[0]
        else:
            return None


def fields_of(model: type) -> list[Field]:
    """The fields of a pydantic model or a ``TypedDict``, in one form."""
    if _is_pydantic_model(model):
        return [
            Field(
                name=name,
                spellings=_alias_spellings(name, info),
                annotation=info.annotation,
                required=info.is_required(),
                defaults_to_none=info.default is None and info.default_factory is None,
                default=(
                    NO_DEFAULT
                    if info.is_required()
                    else info.get_default(call_default_factory=True)
                ),
            )
            for name, info in model.model_fields.items()  # type: ignore[attr-defined]
        ]
    if typing_extensions.is_typeddict(model):
        hints = typing.get_type_hints(model, include_extras=True)
        required_keys: frozenset[str] = getattr(model, "__required_keys__", frozenset())
        return [
            Field(name=key, spellings=(key,), annotation=hint, required=key in required_keys)
            for key, hint in hints.items()
        ]
    raise TypeError(f"{model!r} is neither a pydantic model nor a TypedDict")


def _union_args(annotation: Any) -> tuple[bool, list[Any]]:
    """(whether ``None`` is allowed, the other alternatives) of an annotation."""
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [_strip(a) for a in typing.get_args(annotation)]
        others = [a for a in args if a is not type(None)]
        return len(others) < len(args), others
    if annotation is None or annotation is type(None):
        return True, []
    return False, [annotation]


def _describe_model(models: ModelSet, annotation: Any) -> str:
    nullable, alternatives = _union_args(annotation)
    parts = []
    for alt in alternatives:
        origin = typing.get_origin(alt)
        if alt is Any or alt is object:
            parts.append("any value")
        elif alt in _JSON_TYPES:
            parts.append(_JSON_TYPES[alt])
        elif origin is typing.Literal or origin is typing_extensions.Literal:
            parts.append(f"Literal{list(typing.get_args(alt))}")
        elif isinstance(alt, type) and issubclass(alt, enum.Enum):
            parts.append(f"enum {alt.__name__}")
        elif origin is list or alt is list:
            items = typing.get_args(alt)
            parts.append(f"array of {_describe_model(models, items[0]) if items else 'any value'}")
        elif origin is dict or alt is dict:
            parts.append("object (map)")
        elif _is_model(alt):
            name = models.public_name(alt)
            parts.append(models.schema_name(name) if name else f"{alt.__name__} (not public)")
        else:
            parts.append(getattr(alt, "__name__", repr(alt)))
    text = " | ".join(parts) or "null"
    return f"{text} | null" if nullable and parts else text


# --- the comparator ---------------------------------------------------------------------------


def _same_json(a: Any, b: Any) -> bool:
    """Whether two defaults are the same JSON value (``False`` is not ``0``, ``1`` is ``1.0``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    try:
        return bool(a == b)
    except Exception:
        return False


@dataclass
class _Checker:
    spec: Mapping[str, Any]
    models: ModelSet
    problems: list[str] = field(default_factory=list)
    #: Whether the model being compared mirrors a request body (and no response body).
    request: bool = False

    def report(self, where: str, what: str) -> None:
        self.problems.append(f"{self.models.service} {where}: {what}")

    def model(self, label: str, schema: Mapping[str, Any], model: type) -> None:
        """Compare one model with its (object) schema, field by field."""
        if "$ref" in schema:
            schema = _resolve(self.spec, schema["$ref"])
        properties: Mapping[str, Any] = schema.get("properties", {})
        self.policy(label, schema, model)
        claimed: set[str] = set()
        for f in fields_of(model):
            self.marking(label, model, f)
            present = [s for s in f.spellings if s in properties]
            if not present:
                self.report(f"{label}.{f.spellings[0]}", "model has this field, spec lacks it")
                continue
            claimed.update(present)
            required = _spec_requires(schema, present)
            where = f"{label}.{present[0]}"
            if required and not f.required:
                marker = "has a default" if _is_pydantic_model(model) else "marks it NotRequired"
                self.report(where, f"spec requires it, model {marker}")
            elif f.required and not required:
                self.report(where, "spec lets it be absent, model requires it")
            elif not required and f.default is not NO_DEFAULT:
                self.default(where, properties[present[0]], f.default)
            for spelling in present:
                absent_is_none = f.defaults_to_none and not required
                self.value(
                    f"{label}.{spelling}", properties[spelling], f.annotation, absent_is_none
                )
        for name in properties:
            if name not in claimed:
                self.report(f"{label}.{name}", "spec has this property, model lacks it")

    def policy(self, label: str, schema: Mapping[str, Any], model: type) -> None:
        """A model that coerces types or drops unknown fields breaks the shared policy; one of
        a closed request body that accepts them lets a misspelled field reach the server.
        """
        if _is_pydantic_model(model):
            config: Mapping[str, Any] | None = model.model_config  # type: ignore[attr-defined]
        else:
            config = vars(model).get("__pydantic_config__")  # else json_parser applies it
        if config is None:
            return
        if config.get("strict") is not True:
            self.report(label, "model parses leniently (strict is not True)")
        extra = config.get("extra")
        if self.request and schema.get("additionalProperties") is False:
            if extra != "forbid":
                self.report(
                    label,
                    "spec closes this request body (additionalProperties: false), "
                    f"model does not forbid unknown fields (extra={extra!r})",
                )
        elif extra != "allow":
            self.report(label, f"model does not keep unknown fields (extra={extra!r})")

    def default(self, where: str, schema: Mapping[str, Any], default: Any) -> None:
        """A property's spec ``default`` must be the field's default."""
        if "default" in schema and not _same_json(schema["default"], default):
            self.report(
                where, f"spec default is {schema['default']!r}, model default is {default!r}"
            )

    def marking(self, label: str, model: type, f: Field) -> None:
        """A ``NotRequired`` the class did not register (stringified annotations) is a trap."""
        marked = _marked_not_required(f.annotation)
        if typing_extensions.is_typeddict(model) and marked is not None and marked == f.required:
            self.report(
                f"{label}.{f.name}",
                "annotated (Not)Required but registered otherwise "
                "(``from __future__ import annotations`` in a TypedDict module?)",
            )

    def value(
        self, where: str, schema: Mapping[str, Any], annotation: Any, absent_is_none: bool
    ) -> None:
        """Compare a property's schema with a field's (or item's) annotation."""
        schema = self.inline(schema)
        spec_nullable, spec_alts = _split_null(schema)
        model_nullable, model_alts = _union_args(annotation)
        if spec_nullable and not model_nullable:
            self.report(where, "spec allows null, model does not")
        elif model_nullable and not spec_nullable and not absent_is_none:
            self.report(where, "model allows null, spec does not")
        if len(spec_alts) == 1 and len(model_alts) == 1:
            self.single(where, spec_alts[0], model_alts[0])
            return
        # Unions: each alternative on one side must match one on the other.
        unmatched_spec = [s for s in spec_alts if not any(self.fits(s, m) for m in model_alts)]
        unmatched_model = [m for m in model_alts if not any(self.fits(s, m) for s in spec_alts)]
        if unmatched_spec or unmatched_model:
            self.differs(where, schema, annotation)

    def inline(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """A ``$ref`` to a component that is no model (an alias of a scalar, a nullable type,
        a union) replaced by its target, so that nullability and unions are seen through it.
        """
        while isinstance(schema.get("$ref"), str):
            target = _resolve(self.spec, schema["$ref"])
            if _has_model_shape(target):
                break
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def fits(self, schema: Mapping[str, Any], annotation: Any) -> bool:
        """Whether an annotation matches a (non-null) schema without any problem."""
        probe = _Checker(self.spec, self.models, request=self.request)
        probe.single("", schema, annotation)
        return not probe.problems

    def differs(self, where: str, schema: Mapping[str, Any], annotation: Any) -> None:
        spec_text = _describe_spec(self.spec, schema)
        self.report(
            where, f"spec says {spec_text}, model says {_describe_model(self.models, annotation)}"
        )

    def single(self, where: str, schema: Mapping[str, Any], annotation: Any) -> None:
        """Compare one non-null alternative on each side."""
        annotation = _strip(annotation)
        origin = typing.get_origin(annotation)
        if origin is typing.Literal or (
            isinstance(annotation, type) and issubclass(annotation, enum.Enum)
        ):
            self.report(
                where,
                f"model closes a value set ({_describe_model(self.models, annotation)}); "
                "values the spec documents as a set are open strings (str)",
            )
            return
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = _component(ref)
            if not _has_model_shape(_resolve(self.spec, ref)):
                self.single(where, self.inline(schema), annotation)
                return
            public = self.models.public_name(annotation)
            if public is None or self.models.schema_name(public) != name:
                self.differs(where, schema, annotation)
            return  # that pair is compared on its own
        kind = _spec_type(schema)
        if kind is None:
            if annotation is not Any and annotation is not object:
                self.differs(where, schema, annotation)
            return
        if kind == "object" and "properties" in schema:
            if _is_model(annotation):
                self.model(where, schema, annotation)  # an inline object: compare in place
            else:
                self.differs(where, schema, annotation)
            return
        expected = {"string": str, "integer": int, "number": float, "boolean": bool}.get(kind)
        if expected is not None:
            if annotation is not expected:
                self.differs(where, schema, annotation)
            return
        args = typing.get_args(annotation)
        if kind == "array":
            if origin is not list and annotation is not list:
                self.differs(where, schema, annotation)
                return
            self.value(f"{where}[]", schema.get("items", {}), args[0] if args else Any, False)
            return
        if kind == "object":
            if origin is not dict and annotation is not dict:
                self.differs(where, schema, annotation)
                return
            if args and args[0] is not str:
                self.report(where, f"map keys are JSON strings, model says {args[0]!r}")
            values = schema.get("additionalProperties", True)
            values = {} if values is True else values
            if values is False:
                values = {"not": {}}
            self.value(f"{where}{{}}", values, args[1] if args else Any, False)
            return
        self.differs(where, schema, annotation)


def check(spec: Mapping[str, Any], models: ModelSet) -> list[str]:
    """Every disagreement between ``models`` and ``spec``, one line each (empty: they agree)."""
    checker = _Checker(spec, models)
    schemas: Mapping[str, Any] = spec.get("components", {}).get("schemas", {})
    mirrored = {models.schema_name(public): public for public in models.models}
    request_only = request_only_schemas(spec)
    for name, where in response_schemas(spec).items():
        if name not in mirrored and _has_model_shape(schemas.get(name)):
            checker.report(name, f"response schema (in {where}) has no public model")
    for public, model in models.models.items():
        name = models.schema_name(public)
        if name not in schemas:
            checker.report(public, f"public model has no spec schema {name!r}")
            continue
        checker.request = name in request_only
        checker.model(public, schemas[name], model)
    return checker.problems


def _iter_services(names: Sequence[str]) -> Iterator[tuple[str, ModelSet]]:
    for name in names or sorted(SERVICES):
        yield name, SERVICES[name]()


def main(argv: Sequence[str] | None = None) -> int:
    """Print every model/spec disagreement of the named services (all by default)."""
    parser = argparse.ArgumentParser(prog="python -m tools.modelcheck", description=__doc__)
    parser.add_argument("services", nargs="*", help=f"any of {', '.join(sorted(SERVICES))}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.services) - set(SERVICES))
    if unknown:
        parser.error(f"unknown services: {', '.join(unknown)}")
    failed = False
    for service, models in _iter_services(args.services):
        problems = check(load_spec(service), models)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        if not problems:
            print(f"{service}: {len(models.models)} public models match the spec")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
