"""The spec-bump diff: what changed, which way its schema travels, and whether it breaks clients.

Each schema rule is checked three times — on a schema only sent (request), only read
(response), and used both ways (the stricter verdict) — against exact ``Change`` values.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tools import bump
from tools.pins import load_pin
from tools.specdiff import (
    ADDITIVE,
    BREAKING,
    WARNING,
    Change,
    changelog,
    diff_specs,
    next_version,
    release_level,
    schema_directions,
)

DATA = Path(__file__).parent / "data" / "bump"
STR: dict[str, Any] = {"type": "string"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or [], **extra}


def prop(schema: dict[str, Any]) -> dict[str, Any]:
    """A one-property object whose property ``p`` is ``schema``."""
    return obj({"p": schema})


def api(
    schemas: dict[str, Any],
    *,
    request: str | None = None,
    response: str | None = None,
    parameters: list[dict[str, Any]] | None = None,
    responses: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One operation, ``POST /things``, sending component ``request`` and reading ``response``."""
    op: dict[str, Any] = {"operationId": "make", "parameters": parameters or []}
    if request:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(request)}},
        }
    op["responses"] = responses or {}
    if response:
        op["responses"]["200"] = {
            "description": "ok",
            "content": {"application/json": {"schema": ref(response)}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {"/things": {"post": op}, **(paths or {})},
        "components": {"schemas": schemas},
    }


# (id, before, after, where below the schema, message, request verdict, response verdict)
# fmt: off
RULES: list[tuple[str, dict[str, Any], dict[str, Any], str, str, str, str]] = [
    ("new-required-property", obj({"a": STR}), obj({"a": STR, "b": STR}, ["b"]),
     ".b", "new required property", BREAKING, ADDITIVE),
    ("new-optional-property", obj({"a": STR}), obj({"a": STR, "b": STR}),
     ".b", "new optional property", ADDITIVE, ADDITIVE),
    ("became-required", obj({"a": STR}), obj({"a": STR}, ["a"]),
     ".a", "became required", BREAKING, ADDITIVE),
    ("became-optional", obj({"a": STR}, ["a"]), obj({"a": STR}),
     ".a", "became optional", ADDITIVE, BREAKING),
    ("property-removed-open", obj({"a": STR, "b": STR}), obj({"a": STR}),
     ".b", "property removed", WARNING, BREAKING),
    ("property-removed-closed",
     obj({"a": STR, "b": STR}, additionalProperties=False),
     obj({"a": STR}, additionalProperties=False),
     ".b", "property removed (unknown properties are rejected)", BREAKING, BREAKING),
    ("enum-value-added", prop({"type": "string", "enum": ["a"]}),
     prop({"type": "string", "enum": ["a", "b"]}),
     ".p", 'enum value added: "b"', ADDITIVE, WARNING),
    ("enum-value-removed", prop({"type": "string", "enum": ["a", "b", "c"]}),
     prop({"type": "string", "enum": ["a"]}),
     ".p", 'enum values removed: "b", "c"', BREAKING, ADDITIVE),
    ("enum-introduced", prop(STR), prop({"type": "string", "enum": ["a"]}),
     ".p", 'restricted to enum "a"', BREAKING, ADDITIVE),
    ("enum-dropped", prop({"type": "string", "enum": ["a"]}), prop(STR),
     ".p", "enum restriction dropped", ADDITIVE, WARNING),
    ("const-to-enum", prop({"const": "a"}), prop({"enum": ["a", "b"]}),
     ".p", 'enum value added: "b"', ADDITIVE, WARNING),
    ("type-change", prop(STR), prop({"type": "integer"}),
     ".p", "type string → integer", BREAKING, BREAKING),
    ("type-widened-still-breaking", prop({"type": "integer"}), prop({"type": "number"}),
     ".p", "type integer → number", BREAKING, BREAKING),
    ("type-change-in-items", prop({"type": "array", "items": STR}),
     prop({"type": "array", "items": {"type": "integer"}}),
     ".p[]", "type string → integer", BREAKING, BREAKING),
    ("type-change-in-additional-properties",
     prop({"type": "object", "additionalProperties": {"type": "integer"}}),
     prop({"type": "object", "additionalProperties": STR}),
     ".p.*", "type integer → string", BREAKING, BREAKING),
    ("format-changed", prop({"type": "string", "format": "date-time"}),
     prop({"type": "string", "format": "date"}),
     ".p", "format date-time → date", BREAKING, WARNING),
    ("format-added", prop(STR), prop({"type": "string", "format": "uuid"}),
     ".p", "format none → uuid", BREAKING, WARNING),
    ("format-dropped", prop({"type": "string", "format": "uuid"}), prop(STR),
     ".p", "format uuid → none", ADDITIVE, WARNING),
    ("nullable-type-list", prop(STR), prop({"type": ["string", "null"]}),
     ".p", "became nullable", ADDITIVE, BREAKING),
    ("nullable-anyof", prop(STR), prop({"anyOf": [STR, {"type": "null"}]}),
     ".p", "became nullable", ADDITIVE, BREAKING),
    ("nullable-oneof-ref", prop(ref("Leaf")), prop({"oneOf": [ref("Leaf"), {"type": "null"}]}),
     ".p", "became nullable", ADDITIVE, BREAKING),
    ("nullable-3.0-keyword", prop(STR), prop({"type": "string", "nullable": True}),
     ".p", "became nullable", ADDITIVE, BREAKING),
    ("non-nullable-type-list", prop({"type": ["string", "null"]}), prop(STR),
     ".p", "no longer nullable", BREAKING, ADDITIVE),
    ("non-nullable-anyof", prop({"anyOf": [STR, {"type": "null"}]}), prop(STR),
     ".p", "no longer nullable", BREAKING, ADDITIVE),
    ("additional-properties-closed", obj({"a": STR}), obj({"a": STR}, additionalProperties=False),
     "", "additionalProperties became false (unknown properties are rejected)",
     BREAKING, ADDITIVE),
    ("additional-properties-opened", obj({"a": STR}, additionalProperties=False), obj({"a": STR}),
     "", "additionalProperties no longer false (undeclared properties may appear)",
     ADDITIVE, WARNING),
    ("oneof-branch-added", prop({"oneOf": [ref("Leaf"), STR]}),
     prop({"oneOf": [ref("Leaf"), STR, ref("Other")]}),
     ".p", "oneOf branch Other added", ADDITIVE, WARNING),
    ("anyof-branch-removed", prop({"anyOf": [ref("Leaf"), ref("Other")]}),
     prop({"anyOf": [ref("Leaf")]}),
     ".p", "anyOf branch Other removed", BREAKING, ADDITIVE),
    ("oneof-inline-branch-changed", prop({"oneOf": [ref("Leaf"), STR]}),
     prop({"oneOf": [ref("Leaf"), {"type": "boolean"}]}),
     ".p<oneOf #0>", "type string → boolean", BREAKING, BREAKING),
    ("allof-part-added", {"allOf": [ref("Leaf")]}, {"allOf": [ref("Leaf"), ref("Other")]},
     "", "allOf part Other added", BREAKING, ADDITIVE),
    ("allof-part-removed", {"allOf": [ref("Leaf"), ref("Other")]}, {"allOf": [ref("Leaf")]},
     "", "allOf part Other removed", ADDITIVE, BREAKING),
    ("allof-inline-part-property-required",
     {"allOf": [ref("Leaf"), obj({"a": STR})]}, {"allOf": [ref("Leaf"), obj({"a": STR}, ["a"])]},
     ".a", "became required", BREAKING, ADDITIVE),
    ("nested-inline-object", prop(obj({"a": STR}, ["a"])), prop(obj({"a": STR})),
     ".p.a", "became optional", ADDITIVE, BREAKING),
]
# fmt: on
RULE_IDS = [rule[0] for rule in RULES]
LEAVES = {"Leaf": obj({"x": STR}), "Other": obj({"y": STR})}


def stricter(request: str, response: str) -> str:
    order: list[str] = [BREAKING, WARNING, ADDITIVE]
    return min(request, response, key=order.index)


@pytest.mark.parametrize(
    ("name", "before", "after", "sub", "message", "req", "resp"), RULES, ids=RULE_IDS
)
def test_rule_on_a_request_schema(
    name: str, before: Any, after: Any, sub: str, message: str, req: str, resp: str
) -> None:
    old = api({"Body": before, "Out": obj({}), **LEAVES}, request="Body", response="Out")
    new = api({"Body": after, "Out": obj({}), **LEAVES}, request="Body", response="Out")
    assert diff_specs(old, new) == [
        Change(req, "request", f"Body{sub}", message, "POST /things request")  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    ("name", "before", "after", "sub", "message", "req", "resp"), RULES, ids=RULE_IDS
)
def test_rule_on_a_response_schema(
    name: str, before: Any, after: Any, sub: str, message: str, req: str, resp: str
) -> None:
    old = api({"In": obj({}), "Body": before, **LEAVES}, request="In", response="Body")
    new = api({"In": obj({}), "Body": after, **LEAVES}, request="In", response="Body")
    assert diff_specs(old, new) == [
        Change(resp, "response", f"Body{sub}", message, "POST /things 200")  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    ("name", "before", "after", "sub", "message", "req", "resp"), RULES, ids=RULE_IDS
)
def test_rule_on_a_schema_used_both_ways_takes_the_stricter_verdict(
    name: str, before: Any, after: Any, sub: str, message: str, req: str, resp: str
) -> None:
    old = api({"Body": before, **LEAVES}, request="Body", response="Body")
    new = api({"Body": after, **LEAVES}, request="Body", response="Body")
    used_by = "POST /things request and POST /things 200"
    expected = Change(stricter(req, resp), "both", f"Body{sub}", message, used_by)  # type: ignore[arg-type]
    assert diff_specs(old, new) == [expected]


def test_the_rule_table_has_request_and_response_verdicts_that_differ() -> None:
    # Guards the table itself: if every row agreed across directions, the tests above could not
    # tell a direction-blind diff from a correct one.
    assert sum(req != resp for *_, req, resp in RULES) >= 20


def test_both_nullability_spellings_mean_the_same() -> None:
    spellings: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"type": ["string", "null"]}, {"anyOf": [STR, {"type": "null"}]}),
        ({"oneOf": [{"type": "null"}, STR]}, {"type": ["null", "string"]}),
        ({"type": "string", "nullable": True}, {"type": ["string", "null"]}),
        ({"anyOf": [ref("Leaf"), {"type": "null"}]}, {"oneOf": [ref("Leaf"), {"type": "null"}]}),
        (
            {"type": ["string", "null"], "enum": ["a", None]},
            {"type": ["string", "null"], "enum": ["a"]},
        ),
    ]
    for before, after in spellings:
        old = api({"Out": prop(before), **LEAVES}, response="Out")
        new = api({"Out": prop(after), **LEAVES}, response="Out")
        assert diff_specs(old, new) == [], (before, after)


def test_ref_chains_carry_the_direction_fixture() -> None:
    old = json.loads((DATA / "ref_chain_old.json").read_text())
    new = json.loads((DATA / "ref_chain_new.json").read_text())
    # Reached only through nested refs (properties → items → allOf → oneOf / additionalProperties
    # / anyOf) from a response, or through items → properties from a request body.
    assert schema_directions(old) == {
        "Report": "response", "Section": "response", "Row": "response", "Cell": "response",
        "Figure": "response", "Note": "response", "Tag": "response",
        "OrderCreate": "request", "LineItem": "request", "Sku": "request",
        "Address": "both",
    }  # fmt: skip
    report = "GET /reports/{report_id} 200"
    order = "POST /orders request"
    both = "POST /orders request and POST /orders 201"
    assert diff_specs(old, new) == [
        Change(BREAKING, "both", "Address.zip", "became required", both),
        Change(BREAKING, "response", "Figure.unit", "became nullable", report),
        Change(BREAKING, "response", "Note.text", "property removed", report),
        Change(BREAKING, "request", "Sku.code", "format none → uuid", order),
        Change(BREAKING, "request", "Sku.variant", "became required", order),
        Change(WARNING, "response", "Tag", 'enum value added: "blue"', report),
        Change(ADDITIVE, "both", "Address.country", "new optional property", both),
        Change(ADDITIVE, "response", "Figure.unit", "became required", report),
        Change(ADDITIVE, "request", "LineItem.qty", "became nullable", order),
        Change(ADDITIVE, "response", "Note.author", "new optional property", report),
    ]


def test_a_component_keeps_the_stricter_direction_of_old_and_new_uses() -> None:
    # Old: Thing is only read. New: it is also sent. Judged as both.
    old = api({"In": obj({}), "Thing": obj({"a": STR})}, request="In", response="Thing")
    new = api({"Thing": obj({"a": STR}, ["a"])}, request="Thing", response="Thing")
    assert diff_specs(old, new) == [
        # The body now names another schema: compared structurally where it is used ...
        Change(BREAKING, "request", "POST /things request body.a", "new required property"),
        # ... and the component itself is judged as used both ways.
        Change(BREAKING, "both", "Thing.a", "became required",
               "POST /things request and POST /things 200"),
        Change(WARNING, "request", "In", "schema removed", "POST /things request"),
    ]  # fmt: skip


def test_read_only_and_write_only_properties_travel_one_way() -> None:
    before = obj({"id": {"type": "string", "readOnly": True},
                  "secret": {"type": "string", "writeOnly": True}}, ["secret"])  # fmt: skip
    after = obj({"id": {"type": "string", "readOnly": True},
                 "secret": {"type": "string", "writeOnly": True}}, ["id"])  # fmt: skip
    both = "POST /things request and POST /things 200"
    changes = diff_specs(api({"Body": before}, request="Body", response="Body"),
                         api({"Body": after}, request="Body", response="Body"))  # fmt: skip
    # A server-set id becoming required only concerns readers; a secret becoming optional only
    # concerns senders: neither breaks anyone, though the schema is used both ways.
    assert changes == [
        Change(ADDITIVE, "response", "Body.id", "became required", both),
        Change(ADDITIVE, "request", "Body.secret", "became optional", both),
    ]
    # On a request-only schema a readOnly property is never sent: nothing to report.
    assert diff_specs(
        api({"Body": before}, request="Body"), api({"Body": after}, request="Body")
    ) == [Change(ADDITIVE, "request", "Body.secret", "became optional", "POST /things request")]


def test_unused_schemas_are_at_most_warnings() -> None:
    old = api({"Loose": obj({"a": STR})})
    new = api({"Loose": obj({"a": {"type": "integer"}}), "Fresh": obj({})})
    assert diff_specs(old, new) == [
        Change(WARNING, "unused", "Loose.a", "type string → integer"),
        Change(ADDITIVE, "unused", "Fresh", "schema added"),
    ]


def test_a_renamed_component_is_compared_where_it_is_used() -> None:
    old = api({"Old": obj({"a": STR})}, response="Old")
    new = api({"New": obj({"a": STR}, ["a"])}, response="New")
    assert diff_specs(old, new) == [
        Change(WARNING, "response", "Old", "schema removed", "POST /things 200"),
        Change(ADDITIVE, "response", "New", "schema added", "POST /things 200"),
        Change(ADDITIVE, "response", "POST /things 200 body.a", "became required"),
    ]


def test_recursive_schemas_terminate() -> None:
    tree = obj({"child": ref("Tree"), "name": STR})
    old = api({"Tree": tree, "Node": obj({"next": ref("Node")})}, request="Tree", response="Node")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Tree"]["properties"]["name"] = {"type": "integer"}
    # The response now names a structurally identical copy that refers to itself.
    del new["components"]["schemas"]["Node"]
    new["components"]["schemas"]["Node2"] = obj({"next": ref("Node2")})
    new["paths"]["/things"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = (
        ref("Node2")
    )
    assert diff_specs(old, new) == [
        Change(BREAKING, "request", "Tree.name", "type string → integer", "POST /things request"),
        Change(WARNING, "response", "Node", "schema removed", "POST /things 200"),
        Change(ADDITIVE, "response", "Node2", "schema added", "POST /things 200"),
    ]


# --- operations and parameters ----------------------------------------------------------------


def q(name: str, *, required: bool = False, where: str = "query", **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "schema": schema or STR}


def test_operations_removed_and_added() -> None:
    old = api({}, paths={"/old": {"get": {"responses": {}}}})
    new = api({}, paths={"/new": {"delete": {"responses": {}}}})
    assert diff_specs(old, new) == [
        Change(BREAKING, "both", "GET /old", "operation removed"),
        Change(ADDITIVE, "both", "DELETE /new", "operation added (wrap it)"),
    ]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([q("a")], [], [(BREAKING, "query:a", "parameter removed")]),
        ([q("a")], [q("b")], [(BREAKING, "query:a", "parameter removed"),
                              (ADDITIVE, "query:b", "new optional parameter")]),
        ([q("a")], [q("a", where="header")], [(BREAKING, "query:a", "parameter removed"),
                                              (ADDITIVE, "header:a", "new optional parameter")]),
        ([], [q("a", required=True)], [(BREAKING, "query:a", "new required parameter")]),
        ([], [q("a")], [(ADDITIVE, "query:a", "new optional parameter")]),
        ([q("a")], [q("a", required=True)], [(BREAKING, "query:a", "parameter became required")]),
        ([q("a", required=True)], [q("a")], [(ADDITIVE, "query:a", "parameter became optional")]),
        ([q("a", type="string", enum=["x", "y"])], [q("a", type="string", enum=["x"])],
         [(BREAKING, "query:a", 'enum value removed: "y"')]),
        ([q("a", type="string", enum=["x"])], [q("a", type="string", enum=["x", "y"])],
         [(ADDITIVE, "query:a", 'enum value added: "y"')]),
        ([q("a", type="integer")], [q("a", type="string")],
         [(BREAKING, "query:a", "type integer → string")]),
        ([q("a", type="string")], [q("a", type="string", format="date")],
         [(BREAKING, "query:a", "format none → date")]),
        ([q("a", type="string")], [q("a", type=["string", "null"])],
         [(ADDITIVE, "query:a", "became nullable")]),
        ([q("a", type=["string", "null"])], [q("a", type="string")],
         [(BREAKING, "query:a", "no longer nullable")]),
        # Header names are case-insensitive: a respelling is no change.
        ([q("X-Trace", where="header")], [q("x-trace", where="header")], []),
    ],
    ids=["removed", "renamed", "moved", "new-required", "new-optional", "became-required",
         "became-optional", "enum-value-removed", "enum-value-added", "type", "format",
         "became-nullable", "no-longer-nullable", "header-case"],
)  # fmt: skip
def test_parameter_rules(before: Any, after: Any, expected: list[tuple[str, str, str]]) -> None:
    changes = diff_specs(api({}, parameters=before), api({}, parameters=after))
    assert changes == sorted(
        (Change(s, "request", f"POST /things {n}", m) for s, n, m in expected),  # type: ignore[arg-type]
        key=lambda c: (["BREAKING", "warning", "additive"].index(c.severity), c.where),
    )


def test_parameters_by_ref_and_at_path_level() -> None:
    item = {
        "parameters": [q("id", required=True, where="path")],
        "get": {"parameters": [{"$ref": "#/components/parameters/P"}], "responses": {}},
    }
    old = api({}, paths={"/items/{id}": item})
    old["components"]["parameters"] = {"P": q("page", type="integer")}
    new = copy.deepcopy(old)
    new["components"]["parameters"]["P"]["required"] = True
    new["paths"]["/items/{id}"]["parameters"][0]["schema"] = {"type": "integer"}
    assert diff_specs(old, new) == [
        Change(BREAKING, "request", "GET /items/{id} path:id", "type string → integer"),
        Change(BREAKING, "request", "GET /items/{id} query:page", "parameter became required"),
    ]


def test_parameter_schema_component_is_a_request_schema() -> None:
    old = api({"Kind": {"type": "string", "enum": ["a", "b"]}},
              parameters=[{"name": "k", "in": "query", "schema": ref("Kind")}])  # fmt: skip
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Kind"]["enum"] = ["a"]
    assert diff_specs(old, new) == [
        Change(BREAKING, "request", "Kind", 'enum value removed: "b"', "POST /things request")
    ]


# --- request bodies and responses -------------------------------------------------------------


def test_request_body_rules() -> None:
    with_body = api({"In": obj({})}, request="In")
    without = api({"In": obj({})})
    body = "POST /things request body"
    assert diff_specs(without, with_body) == [
        Change(BREAKING, "request", body, "new required request body")
    ]
    assert diff_specs(with_body, without) == [
        Change(WARNING, "request", body, "request body removed")
    ]
    optional = copy.deepcopy(with_body)
    optional["paths"]["/things"]["post"]["requestBody"]["required"] = False
    assert diff_specs(with_body, optional) == [
        Change(ADDITIVE, "request", body, "request body became optional")
    ]
    assert diff_specs(optional, with_body) == [
        Change(BREAKING, "request", body, "request body became required")
    ]
    other_media = copy.deepcopy(with_body)
    content = other_media["paths"]["/things"]["post"]["requestBody"]["content"]
    content["application/xml"] = content.pop("application/json")
    assert diff_specs(with_body, other_media) == [
        Change(BREAKING, "request", body, "media type application/json no longer accepted"),
        Change(ADDITIVE, "request", body, "media type application/xml added"),
    ]


def test_inline_request_body_schemas_are_request_schemas() -> None:
    old = api({})
    old["paths"]["/things"]["post"]["requestBody"] = {
        "content": {"application/json": {"schema": obj({"a": STR})}}
    }
    new = copy.deepcopy(old)
    new["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] = obj(
        {"a": STR, "b": STR}, ["b"]
    )
    assert diff_specs(old, new) == [
        Change(BREAKING, "request", "POST /things request body.b", "new required property")
    ]


def status(code: str, *, headers: dict[str, Any] | None = None, schema: Any = None) -> Any:
    response: dict[str, Any] = {"description": code, "headers": headers or {}}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return {code: response}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # A documented success status going away leaves old clients unable to parse the answer.
        ({**status("200"), **status("404")}, status("404"),
         [(BREAKING, "200", "success response removed")]),
        ({**status("200"), **status("404")}, status("200"),
         [(WARNING, "404", "error response no longer documented")]),
        (status("200"), {**status("200"), **status("202")},
         [(WARNING, "202", "new success response (clients that do not expect it may break)")]),
        (status("200"), {**status("200"), **status("409")},
         [(ADDITIVE, "409", "new error response documented")]),
        (status("200"), {**status("200"), **status("default")},
         [(ADDITIVE, "default", "new error response documented")]),
        (status("200", schema=STR), status("200"),
         [(BREAKING, "200 body", "media type application/json no longer sent")]),
        (status("200"), status("200", schema=STR),
         [(ADDITIVE, "200 body", "media type application/json added")]),
        (status("200", schema={"type": "array", "items": obj({"a": STR}, ["a"])}),
         status("200", schema={"type": "array", "items": obj({"a": STR})}),
         [(BREAKING, "200 body[].a", "became optional")]),
        (status("200", schema={"type": "array", "items": obj({"a": STR})}),
         status("200", schema={"type": "array", "items": obj({"a": STR}, ["a"])}),
         [(ADDITIVE, "200 body[].a", "became required")]),
    ],
    ids=["success-removed", "error-removed", "success-added", "error-added", "default-added",
         "media-removed", "media-added", "inline-became-optional", "inline-became-required"],
)  # fmt: skip
def test_response_status_and_body_rules(
    before: Any, after: Any, expected: list[tuple[str, str, str]]
) -> None:
    changes = diff_specs(api({}, responses=before), api({}, responses=after))
    assert changes == [
        Change(s, "response", f"POST /things {w}", m)  # type: ignore[arg-type]
        for s, w, m in expected
    ]


def header(*, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {"required": required, "schema": schema or STR}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"X-Id": header(required=True)}, {}, [(BREAKING, "response header removed")]),
        ({"X-Id": header()}, {}, [(WARNING, "response header removed")]),
        ({}, {"X-Id": header()}, [(ADDITIVE, "new response header")]),
        ({"X-Id": header(required=True)}, {"X-Id": header()},
         [(BREAKING, "header became optional")]),
        ({"X-Id": header()}, {"X-Id": header(required=True)},
         [(ADDITIVE, "header became required")]),
        ({"X-Id": header()}, {"X-Id": header(type=["string", "null"])},
         [(BREAKING, "became nullable")]),
        ({"X-Id": header(type="string", enum=["a"])}, {"X-Id": header(type="string",
                                                                     enum=["a", "b"])},
         [(WARNING, 'enum value added: "b"')]),
        ({"X-Id": header(type="string", format="uuid")}, {"X-Id": header()},
         [(WARNING, "format uuid → none")]),
        ({"X-Id": header()}, {"x-id": header()}, []),
    ],
    ids=["required-removed", "optional-removed", "added", "became-optional", "became-required",
         "became-nullable", "enum-value-added", "format-dropped", "case"],
)  # fmt: skip
def test_response_header_rules(before: Any, after: Any, expected: list[tuple[str, str]]) -> None:
    changes = diff_specs(api({}, responses=status("200", headers=before)),
                         api({}, responses=status("200", headers=after)))  # fmt: skip
    assert changes == [
        Change(s, "response", "POST /things 200 header X-Id", m)  # type: ignore[arg-type]
        for s, m in expected
    ]


def test_header_component_schemas_are_response_schemas() -> None:
    old = api({"Stamp": {"type": "string"}},
              responses=status("200", headers={"X-Stamp": {"schema": ref("Stamp")}}))  # fmt: skip
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Stamp"] = {"type": ["string", "null"]}
    assert diff_specs(old, new) == [
        Change(BREAKING, "response", "Stamp", "became nullable", "POST /things 200")
    ]


# --- the pinned specs -------------------------------------------------------------------------


@pytest.fixture
def pinned() -> dict[str, Any]:
    return json.loads(load_pin("gnosys").spec_path.read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("service", ["gnosys", "asg_gateway"])
def test_identical_specs_have_no_changes(service: str) -> None:
    spec = json.loads(load_pin(service).spec_path.read_text())
    assert diff_specs(spec, copy.deepcopy(spec)) == []


def test_changes_are_found_and_classified(pinned: dict[str, Any]) -> None:
    new = copy.deepcopy(pinned)
    paths, schemas = new["paths"], new["components"]["schemas"]
    del paths["/v1/status"]
    paths["/v1/teams"] = {"get": {"operationId": "list_teams", "responses": {}}}
    paths["/v1/runs"]["get"]["parameters"].append(q("team", required=True))
    paths["/v1/runs"]["get"]["parameters"].append(q("sort"))
    del schemas["Run"]["properties"]["error"]
    schemas["Run"]["properties"]["gpu_hours"] = {"type": "number"}
    schemas["Run"]["required"].append("pipeline_run_id")
    schemas["Dataset"]["properties"]["n_rows"] = {"type": "string"}
    schemas["RunCreateRequest"]["required"].append("concurrency")
    runs = "GET /v1/runs 200, +1 more"
    assert {str(c) for c in diff_specs(pinned, new)} == {
        "BREAKING  both      GET /v1/status: operation removed",
        "additive  both      GET /v1/teams: operation added (wrap it)",
        "BREAKING  request   GET /v1/runs query:team: new required parameter",
        "additive  request   GET /v1/runs query:sort: new optional parameter",
        f"BREAKING  response  Run.error: property removed ({runs})",
        f"additive  response  Run.gpu_hours: new optional property ({runs})",
        # The point of direction: a response field becoming required breaks no reader.
        f"additive  response  Run.pipeline_run_id: became required ({runs})",
        "BREAKING  response  Dataset.n_rows: type integer → string "
        "(POST /v1/datasets 201, +2 more)",
        "BREAKING  request   RunCreateRequest.concurrency: became required (POST /v1/runs request)",
    }


def test_a_schema_both_sent_and_read_in_the_asg_spec() -> None:
    old = json.loads(load_pin("asg_gateway").spec_path.read_text())
    assert schema_directions(old)["LabelSpec"] == "both"  # sent in TaskCreate, read in Task
    new = copy.deepcopy(old)
    new["components"]["schemas"]["LabelSpec"]["required"].remove("options")
    (change,) = diff_specs(old, new)
    # Optional for senders (additive) but no longer guaranteed to readers: BREAKING wins.
    assert (change.severity, change.direction, change.where, change.message) == (
        BREAKING, "both", "LabelSpec.options", "became optional"
    )  # fmt: skip


def test_change_reads_as_one_line() -> None:
    change = Change(BREAKING, "response", "Run.status", "type string → integer",
                    "GET /v1/runs/{run_id} 200")  # fmt: skip
    assert str(change) == (
        "BREAKING  response  Run.status: type string → integer (GET /v1/runs/{run_id} 200)"
    )
    assert str(Change(ADDITIVE, "request", "X.a", "new optional property")) == (
        "additive  request   X.a: new optional property"
    )
    assert change.breaking
    assert not Change(WARNING, "both", "X", "y").breaking


# --- semver hint and changelog ----------------------------------------------------------------

BREAK = Change(BREAKING, "response", "Run.status", "type string → integer", "GET /v1/runs 200")
WARN = Change(WARNING, "response", "Run.kind", 'enum value added: "x"', "GET /v1/runs 200")
ADD = Change(ADDITIVE, "both", "GET /v1/teams", "operation added (wrap it)")


@pytest.mark.parametrize(
    ("changes", "level", "after"),
    [([BREAK, WARN, ADD], "major", "2.0.0"), ([WARN, ADD], "minor", "1.5.0"),
     ([WARN], "patch", "1.4.8"), ([], "patch", "1.4.8")],
)  # fmt: skip
def test_release_level_and_next_version(changes: list[Change], level: str, after: str) -> None:
    assert release_level(changes) == level
    assert next_version("1.4.7", level) == after
    assert bump.semver_hint("gnosyslabs", "1.4.7", changes) == (
        f"gnosyslabs 1.4.7 → {after} ({level})"
    )


def test_next_version_below_one_and_bad_versions() -> None:
    assert next_version("0.3.2", "major") == "0.4.0"
    assert next_version("0.3.2", "minor") == "0.3.3"
    assert next_version("0.3.2", "patch") == "0.3.3"
    with pytest.raises(ValueError, match="not a semantic version"):
        next_version("one", "major")


def test_wrapper_distribution_is_read_from_its_pyproject() -> None:
    name, version = bump.wrapper_distribution("gnosys") or ("", "")
    assert name == "gnosyslabs"
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert bump.wrapper_distribution("no_such_service") is None


def test_changelog_fragment() -> None:
    assert changelog([BREAK, WARN, ADD]) == (
        "## Breaking\n"
        "- `Run.status` (response): type string → integer (GET /v1/runs 200)\n"
        "\n"
        "## Added\n"
        "- `GET /v1/teams` (both): operation added (wrap it)\n"
        "\n"
        "## Changed\n"
        '- `Run.kind` (response): enum value added: "x" (GET /v1/runs 200)\n'
    )
    assert changelog([ADD]) == "## Added\n- `GET /v1/teams` (both): operation added (wrap it)\n"
    assert changelog([]) == "No API changes.\n"


# --- the command ------------------------------------------------------------------------------


def test_dry_run_validates_and_writes_nothing(
    tmp_path: Path, pinned: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    before = load_pin("gnosys").spec_path.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"openapi": "3.1.0", "paths": {}}))
    assert bump.main(["gnosys", str(broken), "--dry-run"]) == 2
    same = tmp_path / "same.json"
    same.write_text(json.dumps(pinned))
    assert bump.main(["gnosys", str(same), "--dry-run"]) == 0
    assert load_pin("gnosys").spec_path.read_bytes() == before
    assert "0 change(s)" in capsys.readouterr().out


def test_dry_run_prints_changes_hint_and_changelog(
    tmp_path: Path, pinned: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    new = copy.deepcopy(pinned)
    new["components"]["schemas"]["Run"]["properties"]["status"] = {"type": "integer"}
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(new))
    before = load_pin("gnosys").spec_path.read_bytes()
    assert bump.main(["gnosys", str(changed), "--dry-run", "--source", "test"]) == 0
    assert load_pin("gnosys").spec_path.read_bytes() == before
    out = capsys.readouterr().out.splitlines()
    name, version = bump.wrapper_distribution("gnosys") or ("", "")
    line = "BREAKING  response  Run.status: type string → integer (GET /v1/runs 200, +1 more)"
    assert out[0] == line
    assert out[1] == "1 change(s): 1 BREAKING, 0 warning, 0 additive"
    assert out[2] == f"semver hint: {name} {version} → {next_version(version, 'major')} (major)"
    assert "## Breaking" in out
    assert out[out.index("## Breaking") + 1] == (
        "- `Run.status` (response): type string → integer (GET /v1/runs 200, +1 more)"
    )
