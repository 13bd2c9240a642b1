"""The service-agnostic pieces a second service moved into the core."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import httpx
import pytest
from sdk_core import (
    ApiKeyRule,
    Arguments,
    HttpCore,
    RequestPlan,
    omit_none,
    resolve_api_key,
    resolve_base_url,
)

from tests.core.conftest import TOY, ToyError

RULE = ApiKeyRule(env="TOY_API_KEY", pattern=r"toy_[a-z0-9]{8,}", shape="toy_ and 8+ characters")
KEYED = dataclasses.replace(
    TOY, api_key=RULE, default_base_url="https://toy.example", base_url_env="TOY_BASE_URL"
)


class ToyBadArgument(ToyError, ValueError):
    pass


class ToyBadKey(ToyError):
    pass


STRICT = dataclasses.replace(
    KEYED,
    errors=dataclasses.replace(
        TOY.errors, invalid_argument=ToyBadArgument, invalid_credentials=ToyBadKey
    ),
)


def test_a_key_comes_from_the_argument_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOY_API_KEY", raising=False)
    assert resolve_api_key(KEYED, "toy_abcdefgh").reveal() == "toy_abcdefgh"
    with pytest.raises(ToyError, match=r"\$TOY_API_KEY"):
        resolve_api_key(KEYED, None)
    monkeypatch.setenv("TOY_API_KEY", "toy_fromenv12")
    assert resolve_api_key(KEYED, None).reveal() == "toy_fromenv12"


@pytest.mark.parametrize("bad", ["toy_short", "TOY_ABCDEFGHIJ", "  ", 42])
def test_a_malformed_key_fails_without_being_quoted(bad: object) -> None:
    with pytest.raises(ToyBadKey) as info:
        resolve_api_key(STRICT, bad)
    if isinstance(bad, str) and bad.strip():
        assert bad not in str(info.value)


def test_without_an_invalid_credentials_class_the_401_class_is_used() -> None:
    four_oh_one = dataclasses.replace(TOY.errors, by_status={401: ToyBadKey})
    assert four_oh_one.credentials_error is ToyBadKey
    assert TOY.errors.argument_error is TOY.errors.base


def test_base_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOY_BASE_URL", raising=False)
    assert resolve_base_url(KEYED, None) == "https://toy.example"
    assert resolve_base_url(KEYED, "http://localhost:8081/") == "http://localhost:8081"
    monkeypatch.setenv("TOY_BASE_URL", "http://env.test")
    assert resolve_base_url(KEYED, None) == "http://env.test"
    with pytest.raises(ToyBadArgument, match="base_url"):
        resolve_base_url(STRICT, "toy.example")


CHECK = Arguments(STRICT)


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (lambda v: CHECK.text("id", v), ""),
        (lambda v: CHECK.text("id", v), None),
        (lambda v: CHECK.positive_int("n", v), 0),
        (lambda v: CHECK.positive_int("n", v), True),
        (lambda v: CHECK.int_between("n", v, 1, 3), 4),
        (lambda v: CHECK.positive_number("s", v), float("inf")),
        (lambda v: CHECK.positive_number("s", v), -1),
        (lambda v: CHECK.non_negative_number("s", v), -0.5),
        (lambda v: CHECK.non_negative_number("s", v), float("nan")),
        (lambda v: CHECK.mapping("m", v), ["a"]),
        (lambda v: CHECK.mapping("m", v), {1: "a"}),
        (lambda v: CHECK.url("u", v), "ftp://x/y"),
        (lambda v: CHECK.url("u", v), "https://"),
        (lambda v: CHECK.url("u", v, ("s3", "gs")), "https://b/k"),
    ],
)
def test_argument_checks_raise_the_services_class(
    check: Callable[[object], object], value: object
) -> None:
    with pytest.raises(ToyBadArgument):
        check(value)


def test_argument_checks_pass_good_values_through() -> None:
    assert CHECK.text("id", "a") == "a"
    assert CHECK.positive_int("n", None) is None
    assert CHECK.int_between("n", 3, 1, 3) == 3
    assert CHECK.positive_number("s", 2) == 2.0
    assert CHECK.non_negative_number("s", 0) == 0.0
    assert CHECK.mapping("m", {"a": 1}) == {"a": 1}
    assert CHECK.url("u", "s3://bucket/key", ("s3",)) == "s3://bucket/key"
    assert omit_none(a=1, b=None, c=0) == {"a": 1, "c": 0}


def test_secrets_a_call_sends_are_masked_in_its_errors(make_core: Callable[..., HttpCore]) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, json={"detail": "bad", "input": request.content.decode()})

    core = make_core(echo)
    plan = RequestPlan(
        "POST", "/hooks", json={"secret": "hunter2-hunter2"}, secrets=("hunter2-hunter2",)
    )
    with pytest.raises(ToyError) as info:
        core.send(plan)
    assert "hunter2-hunter2" not in str(info.value.body) + str(info.value)
    assert "***" in str(info.value.body)
    unmasked = RequestPlan("POST", "/hooks", json={"secret": "hunter2-hunter2"})
    with pytest.raises(ToyError) as info:
        core.send(unmasked)
    assert "hunter2-hunter2" in str(info.value.body)  # the mask above is the plan's doing
