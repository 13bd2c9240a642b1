"""sdk_core._schema: one strict, forward-compatible parsing policy for models and TypedDicts."""

import subprocess
import sys

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError
from sdk_core._schema import STRICT_MODEL_CONFIG, json_adapter, json_parser
from typing_extensions import NotRequired, TypedDict


class Inner(TypedDict):
    score: float


class Outer(TypedDict):
    count: int
    inner: Inner
    note: NotRequired[str]


class Own(TypedDict):
    # A TypedDict with its own pydantic config keeps it (the policy only fills gaps).
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    count: int


class Item(BaseModel):
    model_config = ConfigDict(**STRICT_MODEL_CONFIG, frozen=True)

    count: int
    score: float | None = None


class Lenient(BaseModel):
    count: int


def test_the_policy_is_strict_and_keeps_unknown_fields() -> None:
    assert STRICT_MODEL_CONFIG == {"strict": True, "extra": "allow"}


def test_a_typed_dict_is_strict_and_keeps_unknown_fields_at_every_depth() -> None:
    parse = json_parser(Outer)
    assert parse(b'{"count": 1, "inner": {"score": 2, "x": 1}, "y": [1]}') == {
        "count": 1,
        "inner": {"score": 2.0, "x": 1},
        "y": [1],
    }
    with pytest.raises(ValidationError, match="count"):
        parse(b'{"count": "1", "inner": {"score": 2}}')
    with pytest.raises(ValidationError, match="score"):
        parse(b'{"count": 1, "inner": {"score": "2"}}')
    with pytest.raises(ValidationError, match="inner"):
        parse(b'{"count": 1}')


def test_a_validation_error_is_a_value_error_which_parse_body_maps() -> None:
    with pytest.raises(ValueError, match="count"):
        json_parser(Outer)(b'{"count": true, "inner": {"score": 1}}')
    with pytest.raises(ValueError, match="JSON"):
        json_parser(Outer)(b"not json")


def test_lists_and_optionals_of_models_and_typed_dicts() -> None:
    items = json_parser(list[Item])(b'[{"count": 1, "score": 1, "extra": "kept"}]')
    assert items == [Item(count=1, score=1.0, extra="kept")]  # type: ignore[call-arg]
    assert items[0].model_extra == {"extra": "kept"}
    with pytest.raises(ValidationError):
        json_parser(list[Item])(b'[{"count": 1.5}]')
    assert json_parser(Inner | None)(b"null") is None  # type: ignore[arg-type]
    assert json_parser(dict[str, Inner])(b'{"a": {"score": 1}}') == {"a": {"score": 1.0}}


def test_the_parser_is_strict_even_for_a_model_that_forgot_the_policy() -> None:
    assert Lenient.model_validate_json(b'{"count": "1"}').count == 1
    with pytest.raises(ValidationError, match="count"):
        json_parser(Lenient)(b'{"count": "1"}')


def test_a_typed_dict_with_its_own_config_keeps_it() -> None:
    with pytest.raises(ValidationError, match="extra"):
        json_parser(Own)(b'{"count": 1, "x": 2}')
    assert Own.__pydantic_config__ == {"extra": "forbid"}  # type: ignore[attr-defined]
    assert Inner.__pydantic_config__ is STRICT_MODEL_CONFIG  # type: ignore[attr-defined]


def test_parsers_and_adapters_are_cached_per_shape() -> None:
    assert json_parser(list[Item]) is json_parser(list[Item])
    assert json_adapter(list[Item]) is json_adapter(list[Item])
    assert json_adapter(Outer) is not json_adapter(Inner)


def test_pydantic_is_imported_on_the_first_parse_not_before() -> None:
    code = (
        "import sys\n"
        "from typing_extensions import TypedDict\n"
        "from sdk_core._schema import json_parser\n"
        "class T(TypedDict):\n"
        "    n: int\n"
        "parse = json_parser(T)\n"
        "print('pydantic' in sys.modules)\n"
        "print(parse(b'{\"n\": 1}'), 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split("\n")[:2] == ["False", "{'n': 1} True"]
