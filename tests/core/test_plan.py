"""Request plans: built once from a generated operation, checked before sending, never changed."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from sdk_core import CallOptions, HttpCore, RequestPlan, build_plan

from tests.core.conftest import TOY, ToyError


def _operation(name: str, url: str, method: str = "get", **extra: Any) -> ModuleType:
    """A stand-in for a generated operation module (``_get_kwargs`` like the generator's)."""
    module = ModuleType(f"_toy_openapi.api.things.{name}")

    def _get_kwargs(thing_id: str, *, body: Any = None, limit: Any = None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"method": method, "url": url.format(thing_id=thing_id)}
        if body is not None:
            kwargs["json"] = body.to_dict()
            kwargs["headers"] = {"Content-Type": "application/json", "Idempotency-Key": "gen"}
        if limit is not None:
            kwargs["params"] = {"limit": limit}
        kwargs.update(extra)
        return kwargs

    module._get_kwargs = _get_kwargs  # type: ignore[attr-defined]
    return module


GET_THING = _operation("get_thing", "/v1/things/{thing_id}")
POST_THING = _operation("post_thing", "/v1/things/{thing_id}", method="post")


@pytest.mark.parametrize("bad", [".", "..", "", "  ", "a\r\nb", "\x00", "\ud800", None, 1.5, b"x"])
def test_path_ids_that_would_change_the_endpoint_or_fail_in_httpx_are_refused(bad: object) -> None:
    with pytest.raises(ToyError, match="thing_id"):
        build_plan(TOY, GET_THING, bad)


def test_reserved_characters_stay_inside_one_segment() -> None:
    # The generated code quotes ids; the plan must not undo that.
    import urllib.parse

    quoted = urllib.parse.quote("a/b?c#d%", safe="")
    plan = build_plan(TOY, GET_THING, quoted)
    assert plan.url == "/v1/things/a%2Fb%3Fc%23d%25"


def test_a_mapping_body_is_sent_as_is_and_serialised_once() -> None:
    plan = build_plan(TOY, POST_THING, "t1", body={"a": [1, 2.5, None], "ü": "ok"})
    assert json.loads(plan.content or b"") == {"a": [1, 2.5, None], "ü": "ok"}
    assert plan.headers["Content-Type"] == "application/json"
    # The generated idempotency header parameter is the core's to set, once per call.
    assert "Idempotency-Key" not in plan.headers


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"x": math.nan}, "NaN"),
        ({"x": math.inf}, "NaN or an infinite"),
        ({"x": object()}, "not JSON"),
        ({"x": {1, 2}}, "not JSON"),
        ({"x": "\udc80"}, "cannot be encoded"),
    ],
)
def test_bodies_json_cannot_carry_are_typed_errors_before_sending(
    body: dict[str, Any], words: str
) -> None:
    with pytest.raises(ToyError, match=words):
        build_plan(TOY, POST_THING, "t1", body=body)


def test_none_params_are_left_out_and_strings_are_checked() -> None:
    assert build_plan(TOY, GET_THING, "t1", limit=None).params is None
    with pytest.raises(ToyError, match="limit"):
        build_plan(TOY, GET_THING, "t1", limit="\ud800")


@pytest.mark.parametrize("key", ["", " x", "a b", "ü", "x" * 257, "a\r\nb", 123])
def test_idempotency_keys_must_be_visible_ascii(key: object) -> None:
    with pytest.raises(ToyError, match="idempotency_key"):
        build_plan(TOY, POST_THING, "t1", options=CallOptions(idempotency_key=key))  # type: ignore[arg-type]


def test_extra_headers_cannot_inject_headers_and_are_never_quoted() -> None:
    with pytest.raises(ToyError) as info:
        build_plan(
            TOY, GET_THING, "t1", options=CallOptions(extra_headers={"X-Token": "s3cr\r\nX: 1"})
        )
    assert "s3cr" not in str(info.value)
    plan = build_plan(TOY, GET_THING, "t1", options=CallOptions(extra_headers={"X-Trace": "abc"}))
    assert plan.headers["X-Trace"] == "abc"


def test_plans_are_immutable_and_hide_bodies_and_secrets_from_repr() -> None:
    plan = build_plan(TOY, POST_THING, "t1", body={"secret": "hunter2-hunter2"}, secrets=("s",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.url = "/elsewhere"  # type: ignore[misc]
    assert "hunter2" not in repr(plan)
    assert plan.evolve(stream=True).stream
    assert not plan.stream


def test_each_operation_sends_the_accept_its_spec_declares() -> None:
    from gnosys import GnosysClient, RetryPolicy

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"<html></html>")

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = GnosysClient(
        "gn_live_accept",
        base_url="http://accept.test",
        retry_policy=RetryPolicy.testing(0),
        http_client=http,
    )
    client.runs.model_card("r1")
    client.runs.package_submission("r1")
    assert [r.headers["Accept"] for r in seen] == ["text/html", "application/octet-stream"]
    client.close()


def test_a_hand_built_plan_still_sends_json() -> None:
    plan = RequestPlan("POST", "/x", json={"a": 1})
    assert plan.json == {"a": 1}
    assert plan.content is None


def test_raw_plans_take_the_same_checks_and_drop_managed_headers() -> None:
    from sdk_core import build_raw_plan

    plan = build_raw_plan(
        TOY,
        "post",
        "/v1/runs",
        json={"input": {"q": 1}},
        params={"limit": 5},
        headers={"x-request-id": "mine", "authorization": "Bearer other", "X-Trace": "t1"},
        idempotency_key="key-1",
        request_id="req-1",
    )
    assert plan.method == "POST"
    assert plan.headers == {
        "X-Trace": "t1",
        "X-Request-Id": "req-1",
        "Content-Type": "application/json",
    }
    assert plan.idempotency_key == "key-1"
    assert json.loads(plan.content or b"") == {"input": {"q": 1}}
    assert build_raw_plan(TOY, "GET", "/v1/runs", idempotency_key="k").idempotency_key is None
    for bad in ("v1/runs", "/v1/../admin", "/v1/runs?x=1", "/v1/a#b", "/v1/\r\n"):
        with pytest.raises(ToyError, match="path"):
            build_raw_plan(TOY, "GET", bad)
    with pytest.raises(ToyError, match="NaN"):
        build_raw_plan(TOY, "POST", "/x", json={"a": math.nan})
    with pytest.raises(ToyError, match="method"):
        build_raw_plan(TOY, "GET /x", "/x")


def test_a_response_error_hook_builds_the_services_own_exceptions(
    make_core: Callable[..., HttpCore],
) -> None:
    import dataclasses as dc

    from sdk_core import Secret

    class Mismatch(ToyError):
        pass

    def hook(response: httpx.Response, request_id: str | None, redactor: Any) -> ToyError:
        cls = Mismatch if response.json().get("code") == "key_reused" else ToyError
        return cls("built by the hook", status_code=response.status_code, request_id=request_id)

    config = dc.replace(TOY, errors=dc.replace(TOY.errors, response_error=hook))
    core = HttpCore(
        config,
        base_url="http://toy.test",
        api_key=Secret("k"),
        http_client=httpx.Client(
            transport=httpx.MockTransport(
                lambda r: httpx.Response(409, json={"code": "key_reused"})
            )
        ),
    )
    with pytest.raises(Mismatch) as info:
        core.send(RequestPlan("POST", "/x", json={}))
    assert info.value.idempotency_key is not None
