"""The call flow through the sync driver, with a mock transport and recorded sleeps."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable

import httpx
import pytest
from sdk_core import AsyncHttpCore, HttpCore, MultipartBody, RequestPlan, RetryPolicy, Secret

from tests.core.conftest import (
    SECRET,
    TOY,
    Sleeps,
    ToyConnection,
    ToyError,
    ToyMalformed,
    ToyNotFound,
    ToyRateLimited,
    ToyServer,
    ToyTimeout,
)

Handler = Callable[[httpx.Request], httpx.Response]


def scripted(*responses: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        request.read()
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


def test_retries_5xx_then_succeeds(make_core: Callable[..., HttpCore], sleeps: Sleeps) -> None:
    handler, seen = scripted(
        httpx.Response(503, json={"detail": "busy"}),
        httpx.Response(502),
        httpx.Response(200, json={"ok": True}),
    )
    core = make_core(handler)
    response = core.send(RequestPlan("GET", "/v1/things"))
    assert response.json() == {"ok": True}
    assert len(seen) == 3
    assert len(sleeps) == 2
    assert sleeps[1] > sleeps[0] * 0.9  # exponential, modulo jitter


def test_gives_up_after_max_retries_with_typed_error(
    make_core: Callable[..., HttpCore], sleeps: Sleeps
) -> None:
    handler, seen = scripted(
        httpx.Response(500, json={"detail": "boom"}, headers={"X-Request-Id": "req_srv"})
    )
    core = make_core(handler, max_retries=2)
    with pytest.raises(ToyServer) as info:
        core.send(RequestPlan("GET", "/v1/things"))
    assert len(seen) == 3
    assert info.value.status_code == 500
    assert info.value.request_id == "req_srv"
    assert "boom" in str(info.value)
    assert "req_srv" in str(info.value)


def test_retry_after_seconds_and_http_date_are_honoured(
    make_core: Callable[..., HttpCore], sleeps: Sleeps
) -> None:
    handler, _ = scripted(
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(429, headers={"Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT"}),
        httpx.Response(200),
    )
    core = make_core(handler)
    with pytest.raises(ToyRateLimited) as info:
        core.send(RequestPlan("GET", "/x"))
    # 2 s was waited out; the far-future date exceeds max_retry_after, so it surfaces at once.
    assert sleeps == [2.0]
    assert info.value.retry_after is not None
    assert info.value.retry_after > 60


def test_post_keeps_one_idempotency_key_and_request_id_across_retries(
    make_core: Callable[..., HttpCore],
) -> None:
    handler, seen = scripted(httpx.Response(503), httpx.Response(503), httpx.Response(201))
    core = make_core(handler)
    core.send(RequestPlan("POST", "/v1/runs", json={"a": 1}))
    keys = {r.headers["Idempotency-Key"] for r in seen}
    ids = {r.headers["X-Request-Id"] for r in seen}
    assert len(seen) == 3
    assert len(keys) == 1
    assert len(ids) == 1
    assert all(json.loads(r.content) == {"a": 1} for r in seen)


def test_each_call_gets_its_own_key(make_core: Callable[..., HttpCore]) -> None:
    handler, seen = scripted(httpx.Response(201))
    core = make_core(handler)
    core.send(RequestPlan("POST", "/v1/runs", json={}))
    core.send(RequestPlan("POST", "/v1/runs", json={}))
    assert seen[0].headers["Idempotency-Key"] != seen[1].headers["Idempotency-Key"]


def test_caller_supplied_idempotency_key_is_used(make_core: Callable[..., HttpCore]) -> None:
    handler, seen = scripted(httpx.Response(201))
    core = make_core(handler)
    core.send(RequestPlan("POST", "/v1/runs", json={}, idempotency_key="mine-1"))
    assert seen[0].headers["Idempotency-Key"] == "mine-1"


def test_get_carries_no_idempotency_key(make_core: Callable[..., HttpCore]) -> None:
    handler, seen = scripted(httpx.Response(200))
    make_core(handler).send(RequestPlan("GET", "/v1/runs"))
    assert "Idempotency-Key" not in seen[0].headers
    assert seen[0].headers["Authorization"] == f"Bearer {SECRET}"


def test_connect_errors_are_retried_then_typed(
    make_core: Callable[..., HttpCore], sleeps: Sleeps
) -> None:
    handler, seen = scripted(httpx.ConnectError("refused"))
    with pytest.raises(ToyConnection) as info:
        make_core(handler).send(RequestPlan("POST", "/v1/runs", json={}))
    assert len(seen) == 4
    assert not isinstance(info.value, ToyTimeout)
    assert info.value.request_id  # the one we sent
    assert "after 4 attempts" in str(info.value)


def test_timeouts_become_the_timeout_class(make_core: Callable[..., HttpCore]) -> None:
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(ToyTimeout) as info:
        make_core(handler, max_retries=1).send(RequestPlan("GET", "/x"))
    assert isinstance(info.value, TimeoutError)
    assert len(seen) == 2


def test_read_timeout_on_post_without_key_is_not_retried(
    make_core: Callable[..., HttpCore],
) -> None:
    config = TOY.__class__(
        **{**{f: getattr(TOY, f) for f in TOY.__slots__}, "idempotency_header": None}
    )
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    client = httpx.Client(transport=httpx.MockTransport(handler))
    core = HttpCore(config, base_url="http://toy.test", api_key=None, http_client=client)
    with pytest.raises(ToyTimeout):
        core.send(RequestPlan("POST", "/x", json={}))
    assert len(seen) == 1  # it may have been acted on: repeating it is not safe


def test_non_replayable_upload_is_not_retried(make_core: Callable[..., HttpCore]) -> None:
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            return 0

    handler, seen = scripted(httpx.Response(503))
    plan = RequestPlan("POST", "/up", body=MultipartBody([("file", ("f.bin", Pipe(), None))]))
    with pytest.raises(ToyServer):
        make_core(handler).send(plan)
    assert len(seen) == 1


def test_error_statuses_map_to_classes(make_core: Callable[..., HttpCore]) -> None:
    for status, cls in [(404, ToyNotFound), (418, ToyError), (400, ToyError)]:
        handler, _ = scripted(httpx.Response(status, json={"detail": "nope"}))
        with pytest.raises(cls) as info:
            make_core(handler).send(RequestPlan("GET", "/x"))
        assert info.value.status_code == status
        assert info.value.body == {"detail": "nope"}


def test_error_text_and_body_never_contain_the_key(make_core: Callable[..., HttpCore]) -> None:
    handler, _ = scripted(
        httpx.Response(401, json={"detail": f"key {SECRET} revoked", "echo": [SECRET]})
    )
    with pytest.raises(ToyError) as info:
        make_core(handler).send(RequestPlan("GET", "/x", params={"token": "t0ps3cret"}))
    text = str(info.value) + repr(info.value) + repr(info.value.body)
    assert SECRET not in text
    assert "t0ps3cret" not in text


def test_malformed_success_body_is_typed_with_request_id(
    make_core: Callable[..., HttpCore],
) -> None:
    handler, _ = scripted(
        httpx.Response(200, content=b"<html>", headers={"X-Request-Id": "req_bad"})
    )
    core = make_core(handler)
    with pytest.raises(ToyMalformed) as info:
        core.call(RequestPlan("GET", "/x"), json.loads)
    assert info.value.request_id == "req_bad"
    assert info.value.status_code == 200


def test_debug_logs_never_show_the_key(
    make_core: Callable[..., HttpCore], caplog: pytest.LogCaptureFixture
) -> None:
    handler, _ = scripted(httpx.Response(503), httpx.Response(200))
    with caplog.at_level(logging.DEBUG):
        make_core(handler).send(RequestPlan("GET", "/x", params={"api_key": SECRET}))
    assert caplog.records, "the flow should log at DEBUG"
    assert any("retrying" in r.getMessage() for r in caplog.records)
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_ok_statuses_can_accept_202(make_core: Callable[..., HttpCore]) -> None:
    handler, _ = scripted(httpx.Response(202, json={"status": "labeling"}))
    plan = RequestPlan("GET", "/x", ok_statuses=frozenset({200, 202}))
    assert make_core(handler).send(plan).status_code == 202


def test_json_lines_stream_is_parsed_and_errors_are_typed(
    make_core: Callable[..., HttpCore],
) -> None:
    body = b'{"seq": 1}\n\n{"seq": 2}\n{"seq": 3}'
    handler, _ = scripted(httpx.Response(200, content=body))
    values = list(make_core(handler).iter_json_lines(RequestPlan("GET", "/s"), lambda v: v))
    assert values == [{"seq": 1}, {"seq": 2}, {"seq": 3}]

    handler, _ = scripted(
        httpx.Response(200, content=b'{"seq": 1}\nnot json\n', headers={"X-Request-Id": "r1"})
    )
    stream = make_core(handler).iter_json_lines(RequestPlan("GET", "/s"), lambda v: v)
    assert next(stream) == {"seq": 1}
    with pytest.raises(ToyMalformed) as info:
        next(stream)
    assert info.value.request_id == "r1"


def test_secret_never_prints() -> None:
    secret = Secret(SECRET)
    assert SECRET not in repr(secret)
    assert SECRET not in str(secret)
    assert secret.reveal() == SECRET


async def test_async_driver_retries_the_same_way() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503 if len(seen) < 3 else 200, json={"n": len(seen)})

    core = AsyncHttpCore(
        TOY,
        base_url="http://toy.test",
        api_key=Secret(SECRET),
        retry_policy=RetryPolicy.testing(),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    response = await core.send(RequestPlan("POST", "/x", json={}))
    assert response.json() == {"n": 3}
    assert len({r.headers["Idempotency-Key"] for r in seen}) == 1
