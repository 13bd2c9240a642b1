"""Transport and SyncTransport: headers, keys, retries, errors, lifecycle and secrecy."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from kneo_client.core.auth import AuthScheme
from kneo_client.core.errors import (
    KneoAuthError,
    KneoConflictError,
    KneoError,
    KneoIdempotencyMismatchError,
    KneoNetworkError,
    KneoRateLimited,
    KneoServerError,
    KneoServiceUnavailableError,
)
from kneo_client.core.profiles import Profile
from kneo_client.core.retries import RetryPolicy
from kneo_client.core.transport import SyncTransport, Transport

from tests.kneo.conftest import KEY

URL = "https://kneo.test"
PROFILE = Profile(name="test", url=URL, api_key=KEY)
# No real sleeping: zero backoff, and Retry-After waits go to a recorder.
FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=30.0, jitter=0.0)
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Server:
    """Answers with ``replies`` in turn (the last one repeats), recording every request."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = replies or (httpx.Response(200, json={"ok": True}),)
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise type(reply)(str(reply), request=request)
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return httpx.Response(
            reply.status_code, headers=reply.headers, content=reply.content, request=request
        )


def status(code: int, body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(code, json=body if body is not None else {"detail": "x"}, headers=headers)


def make(
    server: Server, *, policy: RetryPolicy = FAST, profile: Profile = PROFILE
) -> tuple[Transport, list[float]]:
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))
    transport = Transport(profile, http_client=client, retry_policy=policy)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    transport._core._sleep = sleep
    return transport, sleeps


def make_sync(server: Server, *, policy: RetryPolicy = FAST) -> SyncTransport:
    transport = SyncTransport(
        PROFILE,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        retry_policy=policy,
    )
    transport._core._sleep = lambda seconds: None
    return transport


# --- headers -----------------------------------------------------------------------------------


async def test_managed_headers_override_lower_case_caller_headers_without_duplicates() -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request(
        "post",
        "/v1/runs",
        json={"input": "hi"},
        headers={
            "authorization": "Bearer evil",
            "x-kneo-api-key": "evil",
            "idempotency-key": "mine",
            "x-request-id": "theirs",
            "user-agent": "me/1",
            "x-custom": "kept",
        },
    )
    sent = server.requests[0].headers
    assert sent.get_list("authorization") == [f"Bearer {KEY}"]
    assert sent.get_list("x-kneo-api-key") == []
    [key] = sent.get_list("idempotency-key")
    assert key != "mine"
    assert UUID4.fullmatch(key)
    [request_id] = sent.get_list("x-request-id")
    assert request_id != "theirs"
    assert UUID4.fullmatch(request_id)
    assert sent.get_list("user-agent") == ["me/1"]
    assert sent["x-custom"] == "kept"
    assert json.loads(server.requests[0].content) == {"input": "hi"}
    assert server.requests[0].method == "POST"


async def test_the_default_user_agent_names_the_sdk() -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request("GET", "/v1/healthz")
    assert server.requests[0].headers["user-agent"].startswith("kneo-client-python/")


async def test_the_kneo_api_key_scheme_uses_its_header() -> None:
    server = Server()
    profile = Profile(name="k", url=URL, api_key=KEY, auth_scheme=AuthScheme.KNEO_API_KEY)
    transport, _ = make(server, profile=profile)
    await transport.request("GET", "/v1/runs", headers={"Authorization": "Bearer evil"})
    sent = server.requests[0].headers
    assert sent.get_list("x-kneo-api-key") == [KEY]
    assert "authorization" not in sent


async def test_request_id_and_key_arguments_are_sent() -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request("POST", "/v1/runs", idempotency_key="  my-key  ", request_id="rid-1")
    sent = server.requests[0].headers
    assert sent["idempotency-key"] == "my-key"
    assert sent["x-request-id"] == "rid-1"


@pytest.mark.parametrize("bad", ["", "   ", "a b", "k" * 257, "clé"])
async def test_a_bad_key_on_post_is_a_value_error_before_sending(bad: str) -> None:
    server = Server()
    transport, _ = make(server)
    with pytest.raises(ValueError, match="idempotency key"):
        await transport.request("POST", "/v1/runs", idempotency_key=bad)
    assert server.requests == []


async def test_a_key_of_256_characters_is_accepted() -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request("POST", "/v1/runs", idempotency_key="k" * 256)
    assert server.requests[0].headers["idempotency-key"] == "k" * 256


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
async def test_the_key_is_ignored_on_other_methods(method: str) -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request(method, "/v1/runs/r1", idempotency_key="")
    await transport.request(method, "/v1/runs/r1", idempotency_key="good")
    assert all("idempotency-key" not in r.headers for r in server.requests)


async def test_none_params_are_left_out() -> None:
    server = Server()
    transport, _ = make(server)
    await transport.request("GET", "/v1/runs", params={"status": None, "limit": 5})
    assert server.requests[0].url.query == b"limit=5"


# --- retries -----------------------------------------------------------------------------------


async def test_one_key_and_one_request_id_across_retries() -> None:
    server = Server(status(503), status(502), httpx.Response(200, json={"run_id": "r1"}))
    transport, _ = make(server)
    response = await transport.request("POST", "/v1/runs", json={"input": "x"})
    assert response.json() == {"run_id": "r1"}
    assert len(server.requests) == 3
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1
    assert len({r.headers["x-request-id"] for r in server.requests}) == 1


async def test_500_is_not_retried() -> None:
    server = Server(status(500))
    transport, sleeps = make(server)
    with pytest.raises(KneoServerError) as caught:
        await transport.request("GET", "/v1/runs")
    assert len(server.requests) == 1
    assert caught.value.status == 500
    assert sleeps == []


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (429, KneoRateLimited),
        (502, KneoServerError),
        (503, KneoServiceUnavailableError),
        (504, KneoServerError),
    ],
)
async def test_retryable_statuses_wait_retry_after_verbatim(
    code: int, error: type[KneoError]
) -> None:
    server = Server(status(code, **{"Retry-After": "1.5"}))
    transport, sleeps = make(server)
    with pytest.raises(error) as caught:
        await transport.request("POST", "/v1/runs")
    assert len(server.requests) == 3
    assert sleeps == [1.5, 1.5]
    assert caught.value.status == code
    assert caught.value.retry_after == 1.5
    assert caught.value.idempotency_key == server.requests[0].headers["idempotency-key"]
    assert caught.value.request_id == server.requests[0].headers["x-request-id"]


async def test_a_retry_after_beyond_max_delay_is_raised_at_once() -> None:
    server = Server(status(429, **{"Retry-After": "120"}))
    transport, sleeps = make(server)
    with pytest.raises(KneoRateLimited) as caught:
        await transport.request("GET", "/v1/runs")
    assert len(server.requests) == 1
    assert sleeps == []
    assert caught.value.retry_after == 120


@pytest.mark.parametrize("attempts", [1, 2, 5])
async def test_attempts_equal_max_attempts(attempts: int) -> None:
    server = Server(status(503))
    policy = RetryPolicy(max_attempts=attempts, base_delay=0.0, jitter=0.0)
    transport, _ = make(server, policy=policy)
    with pytest.raises(KneoServiceUnavailableError):
        await transport.request("GET", "/v1/runs")
    assert len(server.requests) == attempts


async def test_the_default_policy_backs_off_between_attempts() -> None:
    server = Server(status(503))
    transport, sleeps = make(server, policy=RetryPolicy(jitter=0.0))
    with pytest.raises(KneoServiceUnavailableError):
        await transport.request("GET", "/v1/runs")
    assert sleeps == pytest.approx([0.2, 0.4])


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST"])
async def test_network_errors_are_retried_when_safe(method: str) -> None:
    server = Server(httpx.ReadTimeout("read timed out"))
    transport, _ = make(server)
    with pytest.raises(KneoNetworkError) as caught:
        await transport.request(method, "/v1/runs")
    assert len(server.requests) == 3
    assert caught.value.status is None
    assert caught.value.request_id == server.requests[0].headers["x-request-id"]
    expected_key = server.requests[0].headers.get("idempotency-key")
    assert caught.value.idempotency_key == expected_key
    assert (expected_key is not None) == (method == "POST")


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("read timed out"), httpx.RemoteProtocolError("dropped")]
)
async def test_a_patch_that_may_have_arrived_is_not_retried(failure: Exception) -> None:
    server = Server(failure)
    transport, _ = make(server)
    with pytest.raises(KneoNetworkError):
        await transport.request("PATCH", "/v1/runs/r1")
    assert len(server.requests) == 1


async def test_a_network_error_then_success() -> None:
    server = Server(httpx.ConnectError("refused"), httpx.Response(200, json={}))
    transport, _ = make(server)
    response = await transport.request("GET", "/v1/healthz")
    assert response.status_code == 200
    assert len(server.requests) == 2


# --- errors ------------------------------------------------------------------------------------


async def test_409_key_reused_is_a_mismatch() -> None:
    body = {"detail": {"error": "idempotency_key_conflict", "message": "key reused"}}
    server = Server(status(409, body, **{"X-Request-ID": "srv-1"}))
    transport, _ = make(server)
    with pytest.raises(KneoIdempotencyMismatchError) as caught:
        await transport.request("POST", "/v1/runs", idempotency_key="k1")
    assert caught.value.idempotency_key == "k1"
    assert caught.value.request_id == "srv-1"
    assert caught.value.body == body
    assert len(server.requests) == 1


async def test_a_plain_409_on_a_post_is_a_conflict_not_a_mismatch() -> None:
    body = {"detail": {"error": "run_not_blocked", "message": "the run is not blocked"}}
    server = Server(status(409, body))
    transport, _ = make(server)
    with pytest.raises(KneoConflictError) as caught:
        await transport.request("POST", "/v1/runs/r1/continue")
    assert not isinstance(caught.value, KneoIdempotencyMismatchError)
    assert caught.value.code == "run_not_blocked"
    assert caught.value.idempotency_key == server.requests[0].headers["idempotency-key"]


async def test_a_409_without_a_key_is_a_conflict() -> None:
    server = Server(status(409, {"detail": "Idempotency key reused"}))
    transport, _ = make(server)
    with pytest.raises(KneoConflictError) as caught:
        await transport.request("PUT", "/v1/policies/environment/prod")
    assert not isinstance(caught.value, KneoIdempotencyMismatchError)
    assert caught.value.idempotency_key is None


# --- lifecycle ---------------------------------------------------------------------------------


async def test_a_callers_client_is_not_closed_and_its_base_url_is_kept() -> None:
    server = Server()
    client = httpx.AsyncClient(
        base_url="https://other.test/api/", transport=httpx.MockTransport(server)
    )
    async with Transport(PROFILE, http_client=client) as transport:
        await transport.request("GET", "/v1/healthz")
    assert not client.is_closed
    assert str(server.requests[0].url) == "https://other.test/api/v1/healthz"
    assert "other.test/api" in repr(transport)
    await client.aclose()


async def test_the_profile_url_is_used_with_a_client_without_base_url() -> None:
    server = Server()
    transport, _ = make(server, profile=Profile(name="p", url=URL + "/prefix/", api_key=KEY))
    await transport.request("GET", "/v1/healthz")
    assert str(server.requests[0].url) == URL + "/prefix/v1/healthz"


async def test_an_own_client_is_closed_and_aclose_is_idempotent() -> None:
    transport = Transport(PROFILE)
    assert transport.profile is PROFILE
    await transport.aclose()
    await transport.aclose()
    assert transport._core._client.is_closed
    with pytest.raises(KneoError, match="closed"):
        await transport.request("GET", "/v1/healthz")


def test_sync_close_is_idempotent() -> None:
    with SyncTransport(PROFILE) as transport:
        pass
    transport.close()
    transport.close()
    with pytest.raises(KneoError, match="closed"):
        transport.request("GET", "/v1/healthz")


def test_the_sync_transport_retries_and_maps_errors() -> None:
    server = Server(status(503), status(404))
    with make_sync(server) as transport, pytest.raises(KneoError) as caught:
        transport.request("GET", "/v1/runs/r1")
    assert caught.value.status == 404
    assert len(server.requests) == 2


async def test_the_sync_transport_works_inside_a_running_event_loop() -> None:
    asyncio.get_running_loop()  # a notebook's situation
    server = Server(status(502), httpx.Response(200, json={"ok": True}))
    with make_sync(server) as transport:
        response = transport.request("GET", "/v1/healthz")
    assert response.json() == {"ok": True}
    assert len(server.requests) == 2


def test_the_sync_transport_from_eight_threads_at_once() -> None:
    server = Server(lambda r: httpx.Response(200, json={"id": r.headers["x-request-id"]}))
    barrier = threading.Barrier(8)
    with make_sync(server) as transport:

        def work(n: int) -> list[str]:
            barrier.wait()
            return [
                transport.request("GET", "/v1/runs", params={"n": n}).json()["id"] for _ in range(5)
            ]

        with ThreadPoolExecutor(8) as pool:
            ids = [i for chunk in pool.map(work, range(8)) for i in chunk]
    assert len(ids) == 40
    assert len(set(ids)) == 40
    assert len(server.requests) == 40


def test_wrong_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match="Profile"):
        Transport("default")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RetryPolicy"):
        SyncTransport(PROFILE, retry_policy=3)  # type: ignore[arg-type]


# --- secrecy -----------------------------------------------------------------------------------


async def test_the_key_is_never_in_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    def echo_auth(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"detail": f"bad key {request.headers['authorization']}"})

    caplog.set_level(logging.DEBUG)
    server = Server(echo_auth)
    transport, _ = make(server)
    assert repr(transport) == f"Transport(url={URL!r}, auth_scheme='bearer')"
    with pytest.raises(KneoAuthError) as caught:
        await transport.request("GET", "/v1/runs", headers={"X-Extra": "1"})
    error = caught.value
    failing, _ = make(Server(httpx.ConnectError(f"cannot send Bearer {KEY}")))
    with pytest.raises(KneoNetworkError) as network:
        await failing.request("POST", "/v1/runs")
    sync = make_sync(Server(status(503)))
    with pytest.raises(KneoServiceUnavailableError):
        sync.request("GET", "/v1/runs")
    shown = [
        repr(transport),
        repr(failing),
        repr(sync),
        str(error),
        repr(error),
        repr(error.body),
        str(network.value),
        repr(network.value),
        caplog.text,
    ]
    assert any("request" in r.getMessage() for r in caplog.records)
    for text in shown:
        assert KEY not in text
    sync.close()
