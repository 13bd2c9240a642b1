"""What a pinned OpenAPI document says about requests: routes, methods, security, parameters
and bodies, checked with the document's own schemas (jsonschema, draft 2020-12).

Path parameters are one segment each (``[^/]+``), unless *greedy*: a path parameter whose
spec entry says ``x-greedy: true``, or the last path parameter of an operation named in
``Spec(..., greedy_operations=...)``, takes the rest of the path, ``/`` included (a file path
such as ``src/main.ts``). A path is greedy for all its methods, and is tried after every
non-greedy path with as many parameters. Path parameters are typed by their schema (an
``integer`` one reaches a handler as an ``int``); one that does not parse is a 404.

Request bodies are JSON (``application/json`` or ``*/*+json``), multipart, or *raw*: any other
media type reaches the handler unparsed (text for a ``type: string`` schema that is not
``format: binary``, bytes otherwise), after its ``Content-Type`` has been checked.

Answers built here never quote a submitted value or a submitted field name (decisions.md):
every message comes from the schema and the kind of error alone, and a location names only
fields the spec declares. The one exception is FastAPI's shape (:mod:`.validation`, the
``collect`` methods and ``check_body(..., fastapi=True)``), which a fake of a FastAPI service
opts into and which quotes the input as FastAPI does.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft202012Validator, FormatChecker

from sdk_core.fakes.jsonio import ApiError
from sdk_core.fakes.validation import missing, parsing_error, pydantic_items

__all__ = [
    "Credential",
    "Operation",
    "Parameter",
    "PathItem",
    "Spec",
    "is_json_media_type",
    "is_uri",
    "load_spec",
]

_MAX_ERRORS = 20
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# RFC 3986's URI (``format: uri``): scheme ":" hier-part ["?" query] ["#" fragment], with every
# component's character set and percent-encodings checked, as the conformance tool's validator
# (jsonschema-rs) does; tests/contract cross-checks the two.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENT_NZ = rf"{_PCHAR}+(?:/{_PCHAR}*)*"
_AUTHORITY = (
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"  # userinfo
    rf"(?:\[(?P<ip>[^\]]*)\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"  # IP literal or reg-name
    r"(?::[0-9]*)?"  # port
)
_HIER_PART = rf"(?://{_AUTHORITY}(?:/{_PCHAR}*)*|/(?:{_SEGMENT_NZ})?|{_SEGMENT_NZ}|)"
_QUERY = rf"(?:{_PCHAR}|[/?])*"
_URI_RE = re.compile(rf"[A-Za-z][A-Za-z0-9+\-.]*:{_HIER_PART}(?:\?{_QUERY})?(?:#{_QUERY})?")
_IP_FUTURE_RE = re.compile(rf"v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+")
# Plain ASCII digits only: int() would also take "1_0", " 7" or "٣".
_INT_RE = re.compile(r"-?[0-9]+")
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def is_uri(value: str) -> bool:
    """Whether ``value`` is an absolute URI by RFC 3986."""
    match = _URI_RE.fullmatch(value)
    if match is None:
        return False
    literal = match.group("ip")
    if literal is None or _IP_FUTURE_RE.fullmatch(literal):
        return True
    if "%" in literal:  # RFC 3986 has no IPv6 zone ids
        return False
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("uri")(lambda value: not isinstance(value, str) or is_uri(value))


def _describe(error: Any) -> str:
    """What is wrong, in the schema's words alone (never ``error.message``: it quotes values)."""
    kind = str(error.validator)
    expected = error.validator_value
    if kind == "required" and isinstance(error.instance, dict):
        missing = [name for name in expected if name not in error.instance]
        return f"missing required field(s): {', '.join(missing)}"
    if kind == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"unknown field(s); the allowed fields are {allowed}"
    if kind in {"oneOf", "anyOf"}:
        shapes = [str(s.get("$ref", "")).rsplit("/", 1)[-1] for s in expected]
        if all(shapes):
            return f"must match exactly one of {', '.join(shapes)}, and nothing else"
    if kind == "enum" and isinstance(expected, list):
        return f"must be one of {', '.join(json.dumps(v) for v in expected)}"
    messages = {
        "type": f"must be of type {expected}",
        "const": f"must be {json.dumps(expected)}",
        "minLength": f"must be at least {expected} characters",
        "maxLength": f"must be at most {expected} characters",
        "minItems": f"must have at least {expected} items",
        "maxItems": f"must have at most {expected} items",
        "uniqueItems": "items must be unique",
        "minimum": f"must be >= {expected}",
        "maximum": f"must be <= {expected}",
        "exclusiveMinimum": f"must be > {expected}",
        "exclusiveMaximum": f"must be < {expected}",
        "multipleOf": f"must be a multiple of {expected}",
        "pattern": f"must match the pattern {expected}",
        "format": f"must be a valid {expected} (RFC 3986)" if expected == "uri" else "bad format",
        "oneOf": "must match exactly one of the accepted shapes",
        "anyOf": "must match one of the accepted shapes",
    }
    return messages.get(kind, f"fails the {kind} constraint")


def _effective(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema a value is parsed by: a nullable ``anyOf`` / ``oneOf``'s first other branch.

    (A query or header value is a string, never null: ``anyOf: [integer, null]`` parses it as
    an integer.)
    """
    if "type" in schema:
        return schema
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key, ()):
            if isinstance(branch, Mapping) and branch.get("type") != "null":
                return branch
    return schema


@dataclass(frozen=True)
class Credential:
    """A way the spec lets a caller present its key (a ``securitySchemes`` entry).

    Attributes:
        scheme: the security scheme's name.
        header: the request header carrying the key.
        bearer: ``Authorization: Bearer <key>``; otherwise the header's whole value is the key.
        hint: how to send it, in the spec's words.

    """

    scheme: str
    header: str
    bearer: bool
    hint: str


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter of an operation, with its schema's validator."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    validator: Any

    def parse(self, values: list[str]) -> Any:
        """The typed value of a query or header parameter sent as ``values``; else 400."""
        where = f"{'header' if self.location == 'header' else 'query parameter'} {self.name}"
        schema = _effective(self.schema)
        if schema.get("type") == "array":
            items = _effective(schema.get("items", {}))
            value: Any = [_coerce(raw, items, f"{where} items") for raw in values]
        elif len(values) > 1:
            raise ApiError(400, f"{where} must be given once")
        else:
            value = _coerce(values[0], schema, where)
        error = next(iter(sorted(self.validator.iter_errors(value), key=_order)), None)
        if error is not None:
            raise ApiError(400, f"{where} {_describe(error)}")
        return value

    def collect(self, values: list[str]) -> tuple[Any, list[dict[str, Any]]]:
        """The typed value of a query or header parameter, and FastAPI's errors for it.

        As FastAPI does, a parameter that is not a list takes the last of repeated values.
        """
        loc: list[str | int] = [self.location, self.name]
        schema = _effective(self.schema)
        errors: list[dict[str, Any]] = []
        value: Any
        if schema.get("type") == "array":
            items = _effective(schema.get("items", {}))
            value = []
            for i, raw in enumerate(values):
                parsed = _parse(raw, items)
                if parsed is _UNPARSED:
                    errors.append(parsing_error([*loc, i], str(items.get("type")), raw))
                value.append(raw if parsed is _UNPARSED else parsed)
        else:
            value = _parse(values[-1], schema)
            if value is _UNPARSED:
                return values[-1], [parsing_error(loc, str(schema.get("type")), values[-1])]
        if errors:
            return value, errors
        array = schema.get("type") == "array"
        for error in sorted(self.validator.iter_errors(value), key=_order):
            for item in pydantic_items(error, loc):
                # FastAPI quotes what was sent: the string, not the value it parsed to.
                where = item["loc"][len(loc) :]
                sent: Any = values if array else values[-1]
                if array and where and isinstance(where[0], int):
                    sent = values[where[0]]
                errors.append({**item, "input": sent})
        return value, errors


_UNPARSED = object()


def _parse(raw: str, schema: Mapping[str, Any]) -> Any:
    """``raw`` typed by ``schema`` (strings stay as they are), or ``_UNPARSED``."""
    try:
        return _coerce(raw, schema, "")
    except ApiError:
        return _UNPARSED


def _coerce(raw: str, schema: Mapping[str, Any], where: str) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer" and _INT_RE.fullmatch(raw):
            return int(raw)
        if kind == "number" and _NUMBER_RE.fullmatch(raw) and math.isfinite(float(raw)):
            return float(raw)
    except ValueError:  # more digits than Python converts
        pass
    if kind == "boolean" and raw in {"true", "false"}:
        return raw == "true"
    if kind in {"integer", "number", "boolean"}:
        raise ApiError(400, f"{where} must be of type {kind}")
    return raw


def _order(error: Any) -> list[tuple[int, int, str]]:
    return [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in error.path]


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with everything needed to check a request for it."""

    operation_id: str
    method: str
    path: str
    public: bool
    parameters: tuple[Parameter, ...]
    media_type: str | None
    body: Any  # the request body's validator, if it has one
    binary_fields: frozenset[str]
    idempotency_header: str | None
    responses: Mapping[str, Any]
    body_required: bool = False
    #: every media type the request body may be sent as (``media_type`` is the first).
    media_types: tuple[str, ...] = ()
    #: a raw body's schema is text (``type: string``, not ``format: binary``): it reaches the
    #: handler decoded as UTF-8 and checked by the schema; other raw bodies arrive as bytes.
    text_body: bool = False

    @property
    def body_kind(self) -> str | None:
        """``"json"``, ``"multipart"`` or ``"raw"`` (any other media type); None: no body."""
        if self.media_type is None:
            return None
        if self.media_type == "multipart/form-data":
            return "multipart"
        return "json" if is_json_media_type(self.media_type) else "raw"

    def params(self, location: str) -> Iterable[Parameter]:
        """The parameters in ``location`` (path, query or header)."""
        return (p for p in self.parameters if p.location == location)

    def check_path(self, values: Mapping[str, str]) -> dict[str, Any]:
        """The path parameters, typed by their schemas (``integer`` ones as ints); one that
        does not parse or that the schema rejects names nothing: the spec's 404.
        """
        out: dict[str, Any] = dict(values)
        for param in self.params("path"):
            value = _parse(values[param.name], _effective(param.schema))
            if value is _UNPARSED or any(True for _ in param.validator.iter_errors(value)):
                noun = param.name.removesuffix("_id").replace("_", " ")
                raise ApiError(404, f"no such {noun}")
            out[param.name] = value
        return out

    def parse(self, location: str, get: Callable[[str], list[str]]) -> dict[str, Any]:
        """The query or header parameters, typed, with the schema's defaults; else 400."""
        out: dict[str, Any] = {}
        for param in self.params(location):
            values = get(param.name)
            if values:
                out[param.name] = param.parse(values)
            elif param.required:
                raise ApiError(400, f"{location} parameter {param.name} is required")
            elif "default" in param.schema:
                out[param.name] = param.schema["default"]
        return out

    def collect(
        self, location: str, get: Callable[[str], list[str]]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The query or header parameters, typed, with defaults, and FastAPI's errors for them."""
        out: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for param in self.params(location):
            values = get(param.name)
            if values:
                out[param.name], found = param.collect(values)
                errors += found
            elif param.required:
                errors.append(missing([location, param.name], None))
            elif "default" in param.schema:
                out[param.name] = param.schema["default"]
        return out, errors


@dataclass(frozen=True)
class PathItem:
    """A path of the spec: its template, how to match it and its operations by method."""

    template: str
    pattern: re.Pattern[str]
    operations: Mapping[str, Operation]
    #: the path parameters that take the rest of the path, ``/`` included.
    greedy: frozenset[str] = frozenset()

    @property
    def allow(self) -> str:
        """The ``Allow`` header of a 405: the spec's methods, and HEAD wherever GET is."""
        methods = list(self.operations)
        if "GET" in methods:
            methods.insert(methods.index("GET") + 1, "HEAD")
        return ", ".join(methods)


class Spec:
    """A pinned OpenAPI 3.1 document, read once: its paths, operations and validators."""

    def __init__(self, path: Path, *, greedy_operations: frozenset[str] = frozenset()) -> None:
        self.raw = path.read_bytes()
        self.doc: dict[str, Any] = json.loads(self.raw)
        self._root = {"components": self.doc.get("components", {})}
        self.property_names = frozenset(_property_names(self.doc))
        schemes = self._root["components"].get("securitySchemes", {})
        bearer = [s for s in schemes.values() if s.get("scheme", "").lower() == "bearer"]
        self.bearer_hint = str(bearer[0].get("description", "Authorization: Bearer <key>"))
        #: the ways a key may be sent, in the spec's order (a bearer key when it declares none).
        self.credentials = tuple(_credentials(schemes)) or (
            Credential("bearer", "Authorization", True, self.bearer_hint),
        )
        #: how to send a key, for a 401's message.
        self.key_hint = (
            self.credentials[0].hint
            if len(self.credentials) == 1
            else " or ".join(
                "Authorization: Bearer <key>" if c.bearer else f"{c.header}: <key>"
                for c in self.credentials
            )
        )
        self._greedy_operations = greedy_operations
        items = [self._path_item(t, node) for t, node in self.doc.get("paths", {}).items()]
        # Literal paths win over templated ones (`/v1/tasks/batch` before `/v1/tasks/{id}`),
        # and greedy ones come after the others with as many parameters.
        self.paths = sorted(items, key=lambda item: (item.template.count("{"), bool(item.greedy)))
        self.operations = {
            op.operation_id: op for item in self.paths for op in item.operations.values()
        }

    def resolve(self, node: Any) -> Any:
        """``node`` with a local ``$ref`` followed (as often as it takes)."""
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.doc
            for part in str(node["$ref"]).removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def validator(self, schema: Mapping[str, Any]) -> Any:
        """A draft 2020-12 validator of ``schema``, whose ``$ref``s resolve in this document."""
        return Draft202012Validator({**self._root, **schema}, format_checker=_FORMATS)

    def match(self, path: str, *, decode: bool = False) -> tuple[PathItem, dict[str, str]] | None:
        """The spec path ``path`` is an instance of, and its path parameters.

        With ``decode``, ``path`` is the percent-encoded path as sent (ASGI's ``raw_path``):
        it is matched as it is (so ``%2F`` stays inside its segment) and each parameter is
        percent-decoded after matching.
        """
        for item in self.paths:
            found = item.pattern.fullmatch(path)
            if found is not None:
                values = found.groupdict()
                if decode:
                    values = {name: unquote(value) for name, value in values.items()}
                return item, values
        return None

    def check_body(self, operation: Operation, value: Any, *, fastapi: bool = False) -> None:
        """422, listing every problem (up to 20), unless ``value`` matches the body schema.

        With ``fastapi``, the problems are FastAPI's items (:mod:`.validation`), unknown fields
        after the others, as pydantic reports them.
        """
        self._check(operation.body, value, ["body"], fastapi=fastapi)

    def check(
        self,
        schema: Mapping[str, Any],
        value: Any,
        loc: list[str | int],
        *,
        fastapi: bool = False,
    ) -> None:
        """422 unless ``value`` matches ``schema`` (e.g. ``{"$ref": "#/components/schemas/X"}``),
        with items shaped as :meth:`check_body`'s, located under ``loc``: for a value a handler
        finds inside a body (JSON text in a multipart field, say).
        """
        self._check(self.validator(schema), value, loc, fastapi=fastapi)

    def _check(self, validator: Any, value: Any, loc: list[str | int], *, fastapi: bool) -> None:
        errors = sorted(validator.iter_errors(value), key=_order)
        if not errors:
            return
        if not fastapi:
            raise ApiError(422, [self._field_error(e, loc) for e in errors[:_MAX_ERRORS]])
        items = [item for e in errors for item in pydantic_items(e, loc)]
        items.sort(key=lambda item: item["type"] == "extra_forbidden")
        raise ApiError(422, items[:_MAX_ERRORS])

    def response_description(self, operation: Operation, status: str, default: str) -> str:
        """What the spec says a ``status`` answer of ``operation`` means."""
        answer = self.resolve(operation.responses.get(status, {}))
        return str(answer.get("description", default)).rstrip(".")

    def _field_error(self, error: Any, prefix: list[str | int]) -> dict[str, Any]:
        # A key the spec does not declare came from the client: it is never repeated back.
        loc: list[str | int] = list(prefix)
        loc += [p if isinstance(p, int) or p in self.property_names else "*" for p in error.path]
        return {"loc": loc, "msg": _describe(error)}

    def _path_item(self, template: str, node: Mapping[str, Any]) -> PathItem:
        shared = [self.resolve(p) for p in node.get("parameters", [])]
        operations: dict[str, Operation] = {}
        names = re.findall(r"\{(\w+)\}", template)
        greedy = {p["name"] for p in shared if p.get("in") == "path" and p.get("x-greedy") is True}
        for method in (m for m in node if m in _METHODS):
            op = node[method]
            params = {(p["name"], p["in"]): p for p in shared}
            own = [self.resolve(p) for p in op.get("parameters", [])]
            params.update({(p["name"], p["in"]): p for p in own})
            greedy.update(
                p["name"] for p in own if p.get("in") == "path" and p.get("x-greedy") is True
            )
            if names and op.get("operationId") in self._greedy_operations:
                greedy.add(names[-1])
            operations[method.upper()] = self._operation(
                template, method.upper(), op, params.values()
            )

        def segment(match: re.Match[str]) -> str:
            name = match.group(1)
            return f"(?P<{name}>.+)" if name in greedy else f"(?P<{name}>[^/]+)"

        pattern = re.sub(r"\\\{(\w+)\\\}", segment, re.escape(template))
        return PathItem(template, re.compile(pattern), operations, frozenset(greedy))

    def _operation(
        self, template: str, method: str, op: Mapping[str, Any], params: Iterable[Any]
    ) -> Operation:
        security = op.get("security", self.doc.get("security", []))
        parameters = tuple(
            Parameter(
                p["name"],
                p["in"],
                bool(p.get("required", p["in"] == "path")),
                self.resolve(p.get("schema", {})),
                self.validator(p.get("schema", {})),
            )
            for p in params
            if p["in"] in {"path", "query", "header"}
        )
        request_body = self.resolve(op.get("requestBody", {}))
        content = request_body.get("content", {})
        media_type = next(iter(content), None)
        body, binary, text = None, frozenset[str](), False
        if media_type is not None:
            schema = content[media_type].get("schema", {})
            resolved_schema = self.resolve(schema)
            text = (
                resolved_schema.get("type") == "string"
                and resolved_schema.get("format") != "binary"
            )
            if media_type == "multipart/form-data":
                # A file part is bytes, not a JSON string: its property takes any part.
                resolved = self.resolve(schema)
                properties = dict(resolved.get("properties", {}))
                binary = frozenset(
                    n for n, s in properties.items() if self.resolve(s).get("format") == "binary"
                )
                schema = {**resolved, "properties": {**properties, **{n: {} for n in binary}}}
            body = self.validator(schema)
        idempotency = next(
            (p.name for p in parameters if p.location == "header" and p.name == "Idempotency-Key"),
            None,
        )
        return Operation(
            operation_id=str(op["operationId"]),
            method=method,
            path=template,
            public=not security or {} in security,
            parameters=parameters,
            media_type=media_type,
            body=body,
            binary_fields=binary,
            idempotency_header=idempotency,
            responses=op.get("responses", {}),
            body_required=bool(request_body.get("required", False)),
            media_types=tuple(content),
            text_body=text,
        )


def _credentials(schemes: Mapping[str, Any]) -> Iterable[Credential]:
    for name, scheme in schemes.items():
        description = scheme.get("description")
        if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            yield Credential(
                name, "Authorization", True, str(description or "Authorization: Bearer <key>")
            )
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            header = str(scheme["name"])
            yield Credential(name, header, False, str(description or f"{header}: <key>"))


def _property_names(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            yield from properties
        for value in node.values():
            yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def is_json_media_type(media_type: str) -> bool:
    """Whether a body of ``media_type`` is JSON (``application/json``, ``*/*+json``)."""
    kind = media_type.split(";", maxsplit=1)[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


@functools.cache
def load_spec(path: Path, *, greedy_operations: frozenset[str] = frozenset()) -> Spec:
    """The spec at ``path``, read and compiled once per process (per greedy set)."""
    return Spec(path, greedy_operations=greedy_operations)
