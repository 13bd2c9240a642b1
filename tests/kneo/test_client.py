"""KneoClient / SyncKneoClient and their adapters, against scripted platform answers.

Behaviour against the stateful fake lives in test_fake_client.py; these tests pin the wire each
adapter speaks (paths, query, bodies, managed headers), the retry and error rules on it, paging,
waiting (on a fake clock) and the sync client's use from a running loop and from threads.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from kneo_client import KneoClient, Profile, SyncKneoClient
from kneo_client.core.auth import AuthScheme
from kneo_client.core.errors import (
    KneoConflictError,
    KneoError,
    KneoIdempotencyMismatchError,
    KneoInvalidArgumentError,
    KneoNotFoundError,
    KneoProtocolError,
    KneoServerError,
    KneoServiceUnavailableError,
    KneoValidationError,
    KneoWaitTimeoutError,
)
from kneo_client.core.pagination import PaginatedResult, iterate_all, iterate_all_sync
from kneo_client.core.retries import RetryPolicy
from kneo_client.models import RunCreateRequest
from kneo_client.platform import DEFAULT_TERMINAL_STATUSES

from tests.kneo.conftest import KEY
from tests.timecontrol import FakeClock

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
URL = "http://kneo.test"
FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, jitter=0.0)
Handler = Callable[[httpx.Request], httpx.Response]


def profile(**changes: Any) -> Profile:
    fields: dict[str, Any] = {"name": "test", "url": URL, "api_key": KEY, **changes}
    return Profile(**fields)


class Platform:
    """A scripted platform: records every request; answers with ``handler``."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.handler = handler or (lambda request: httpx.Response(404, json={"detail": "no"}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = self.handler(request)
        response.headers.setdefault("X-Request-ID", request.headers.get("X-Request-ID", "srv"))
        return response

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def sync(self, **options: Any) -> SyncKneoClient:
        http = httpx.Client(transport=httpx.MockTransport(self), base_url=URL)
        return SyncKneoClient(profile(), http_client=http, **{"retry_policy": FAST, **options})

    def async_(self, **options: Any) -> KneoClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self), base_url=URL)
        return KneoClient(profile(), http_client=http, **{"retry_policy": FAST, **options})


def ok(body: Any, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, json=body)


def run_status(status: str, run_id: str = "r1") -> dict[str, Any]:
    return {"run_id": run_id, "status": status}


# --- construction -----------------------------------------------------------------------------


def test_a_client_needs_a_profile_object_not_a_name() -> None:
    with pytest.raises(TypeError, match="Profile"):
        KneoClient("default")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RetryPolicy"):
        KneoClient(profile(), retry_policy={"max_attempts": 1})  # type: ignore[arg-type]


def test_construction_sends_nothing_and_the_repr_holds_no_key() -> None:
    platform = Platform()
    client = platform.sync()
    assert platform.requests == []
    assert KEY not in repr(client)
    assert KEY not in repr(client.platform)
    assert client.profile.url == URL


def test_from_profile_reads_the_toml_file_and_takes_overrides(tmp_path: Path) -> None:
    config = tmp_path / "client.toml"
    config.write_text(
        '[default]\nurl = "http://default.test"\napi_key = "default-key"\n'
        '[staging]\nurl = "http://staging.test"\napi_key = "staging-key"\n'
        'auth_scheme = "kneo_api_key"\ntimeout = 5\n',
        encoding="utf-8",
    )
    staging = SyncKneoClient.from_profile("staging", config_file=config)
    assert (staging.profile.url, staging.profile.auth_scheme) == (
        "http://staging.test",
        AuthScheme.KNEO_API_KEY,
    )
    assert staging.profile.timeout == 5.0
    policy = RetryPolicy(max_attempts=1)
    mine = KneoClient.from_profile(config_file=config, url="http://mine.test", retry_policy=policy)
    assert (mine.profile.name, mine.profile.url) == ("default", "http://mine.test")


def test_every_adapter_shares_the_clients_one_transport() -> None:
    client = Platform().sync()
    transport = client.transport
    groups = [client.platform.runs, client.platform.audit, client.agent.specs]
    assert all(group._http is transport for group in groups)
    assert client.platform.runs is client.platform.runs  # built once
    with pytest.raises(AttributeError):
        client.platform = None  # type: ignore[assignment,misc]


async def test_aclose_is_idempotent_and_leaves_a_callers_client_open() -> None:
    platform = Platform(ok({"ok": True}))
    http = httpx.AsyncClient(transport=httpx.MockTransport(platform), base_url=URL)
    async with KneoClient(profile(), http_client=http) as client:
        await client.platform.health.healthz()
    await client.aclose()
    assert not http.is_closed
    with pytest.raises(KneoError, match="closed"):
        await client.platform.health.healthz()
    await http.aclose()


# --- the wire of each adapter -----------------------------------------------------------------


def test_create_sends_the_body_as_is_with_a_uuid4_key_and_request_id() -> None:
    platform = Platform(ok({"run_id": "r1", "status": "queued"}))
    client = platform.sync()
    run = client.platform.runs.create({"input": "hi", "spec_path": "specs/echo.yaml"})
    sent = platform.last
    assert (sent.method, sent.url.path) == ("POST", "/v1/runs")
    assert json.loads(sent.content) == {"input": "hi", "spec_path": "specs/echo.yaml"}
    assert UUID4.match(sent.headers["Idempotency-Key"])
    assert UUID4.match(sent.headers["X-Request-ID"])
    assert sent.headers["Authorization"] == f"Bearer {KEY}"
    assert (run.run_id, run.status) == ("r1", "queued")


def test_a_request_model_is_sent_as_the_fields_it_was_given() -> None:
    platform = Platform(ok({"run_id": None, "status": "queued"}))
    body = RunCreateRequest(input="hi", spec_path="specs/echo.yaml", async_mode=True)
    run = platform.sync().platform.runs.create(body, idempotency_key="  my-key  ")
    assert json.loads(platform.last.content) == {
        "input": "hi",
        "spec_path": "specs/echo.yaml",
        "async_mode": True,
    }
    assert platform.last.headers["Idempotency-Key"] == "my-key"  # stripped, as the platform does
    assert run.run_id is None


@pytest.mark.parametrize("key", ["", "   ", "k" * 257, "two words", "tab\there", 7])
def test_a_bad_idempotency_key_is_refused_before_sending(key: Any) -> None:
    platform = Platform()
    with pytest.raises(KneoInvalidArgumentError, match="idempotency_key") as caught:
        platform.sync().platform.runs.create({"input": "x"}, idempotency_key=key)
    assert isinstance(caught.value, ValueError)
    assert platform.requests == []


@pytest.mark.parametrize("body", ["input=hi", b"{}", ["input"], None, {1: "x"}])
def test_a_body_that_is_not_a_mapping_or_model_is_refused(body: Any) -> None:
    platform = Platform()
    with pytest.raises(KneoInvalidArgumentError, match="body"):
        platform.sync().platform.runs.create(body)
    assert platform.requests == []


def test_the_pages_spec_id_call_gets_the_platforms_details_and_the_right_call() -> None:
    details = [
        {"loc": ["body", "input"], "msg": "Field required", "type": "missing"},
        {
            "loc": ["body", "spec_id"],
            "msg": "Extra inputs are not permitted",
            "type": "extra_forbidden",
        },
    ]
    platform = Platform(ok({"detail": details}, 422))
    with pytest.raises(KneoValidationError) as caught:
        platform.sync().platform.runs.create({"spec_id": "my-spec"})
    error = caught.value
    assert error.errors == details
    assert "body.input: Field required" in str(error)
    assert "spec_path" in str(error)
    assert "input" in str(error)
    assert error.request_id == platform.last.headers["X-Request-ID"]
    assert error.idempotency_key == platform.last.headers["Idempotency-Key"]


def test_list_sends_the_pages_defaults_and_leaves_out_unset_filters() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        items = "tasks" if request.url.path == "/v1/human-tasks" else "runs"
        return httpx.Response(200, json={"count": 0, items: []})

    platform = Platform(answer)
    platform.sync().platform.runs.list()
    assert dict(platform.last.url.params) == {
        "limit": "100",
        "offset": "0",
        "sort_by": "updated_at",
        "sort_order": "desc",
    }
    platform.sync().platform.human_tasks.list(status="pending", run_id="r1")
    params = dict(platform.last.url.params)
    assert (params["status"], params["run_id"], params["sort_by"]) == (
        "pending",
        "r1",
        "created_at",
    )
    assert "workflow_kind" not in params


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": True}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort_order": "up"}, "sort_order"),
        ({"status": ""}, "status"),
    ],
)
def test_paging_arguments_out_of_range_are_refused(arguments: dict[str, Any], name: str) -> None:
    platform = Platform()
    with pytest.raises(KneoInvalidArgumentError, match=name):
        platform.sync().platform.runs.list(**arguments)
    assert platform.requests == []


def test_checkpoints_type_credentials_lists_and_the_untyped_policy_report() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/checkpoints"):
            return httpx.Response(200, json={"run_id": "r1", "checkpoints": []})
        if request.url.path.endswith("/policy-report"):
            return httpx.Response(200, json={"report": {"allowed": True}, "valid": True})
        return httpx.Response(200, json={"inventory": {"providers": {}}})

    platform = Platform(answer)
    client = platform.sync()
    client.platform.runs.checkpoints("r1", type="step_failed")
    assert platform.last.url.params["type"] == "step_failed"
    client.platform.credentials.list(
        providers=["openai", "anthropic"], include_service_tokens=False
    )
    assert platform.last.url.params.get_list("providers") == ["openai", "anthropic"]
    assert platform.last.url.params["include_service_tokens"] == "false"
    report = client.platform.runs.policy_report("r1")
    assert report == {"report": {"allowed": True}, "valid": True}


def test_put_carries_no_idempotency_key_and_ids_are_path_segments() -> None:
    platform = Platform(ok({"environment": "dev", "policy": {}, "previous_policy": None}))
    client = platform.sync()
    client.platform.policies.environment_put("dev", {"require_guardrails": True})
    assert platform.last.method == "PUT"
    assert "Idempotency-Key" not in platform.last.headers
    for bad in ("..", ".", "", "x\r\ny", 7.5):
        with pytest.raises(KneoInvalidArgumentError, match="environment"):
            client.platform.policies.environment_get(bad)
    assert len(platform.requests) == 1
    # Anything else stays one segment: percent-encoded, never another endpoint.
    client.platform.policies.environment_get("a/b?c#d")
    assert platform.last.url.raw_path == b"/v1/policies/environment/a%2Fb%3Fc%23d"


# --- retries and errors -----------------------------------------------------------------------


def test_a_503_is_retried_with_the_same_key_and_request_id_and_500_is_not() -> None:
    answers = iter(
        [
            httpx.Response(503, json={"detail": "busy"}),
            httpx.Response(200, json=run_status("queued")),
        ]
    )
    platform = Platform(lambda request: next(answers))
    platform.sync().platform.runs.cancel("r1")
    first, second = platform.requests
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.headers["X-Request-ID"] == second.headers["X-Request-ID"]

    failing = Platform(ok({"detail": "boom"}, 500))
    with pytest.raises(KneoServerError):
        failing.sync().platform.runs.get("r1")
    assert len(failing.requests) == 1


def test_a_409_is_a_mismatch_only_when_the_platform_says_the_key_was_reused() -> None:
    reused = {"detail": {"error": "idempotency_key_conflict", "message": "key reused"}}
    platform = Platform(ok(reused, 409))
    with pytest.raises(KneoIdempotencyMismatchError) as caught:
        platform.sync().platform.runs.create({"input": "x"}, idempotency_key="k-1")
    assert caught.value.idempotency_key == "k-1"

    conflict = {"detail": {"error": "run_state_conflict", "message": "run is not blocked"}}
    platform = Platform(ok(conflict, 409))
    with pytest.raises(KneoConflictError) as state:
        platform.sync().platform.runs.continue_("r1")
    assert type(state.value) is KneoConflictError


def test_a_not_ready_probe_is_not_retried() -> None:
    platform = Platform(ok({"detail": {"error": "not_ready", "message": "db"}}, 503))
    with pytest.raises(KneoServiceUnavailableError):
        platform.sync().platform.health.readyz()
    assert len(platform.requests) == 1


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, json={"status": "running"}),  # run_id is required
        httpx.Response(200, json=[1, 2]),
    ],
)
def test_a_malformed_success_is_a_protocol_error_with_the_request_id(
    response: httpx.Response,
) -> None:
    platform = Platform(lambda request: response)
    with pytest.raises(KneoProtocolError) as caught:
        platform.sync().platform.runs.get("r1")
    assert caught.value.request_id == platform.last.headers["X-Request-ID"]


def test_the_key_never_reaches_logs_or_errors_even_when_the_server_echoes_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"detail": f"bad header {request.headers['Authorization']}"}
        )

    caplog.set_level(logging.DEBUG)
    platform = Platform(echo)
    with pytest.raises(KneoError) as caught:
        platform.sync().platform.runs.create({"input": "x"})
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value)
    assert KEY not in json.dumps(caught.value.body)
    assert KEY not in caplog.text
    assert KEY not in repr(profile())


# --- paging -----------------------------------------------------------------------------------


def audit_platform(events: int, *, with_total: bool, honour_offset: bool = True) -> Platform:
    store = [{"event_type": "run.created", "run_id": f"r{i}"} for i in range(events)]

    def answer(request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params["limit"])
        offset = int(request.url.params["offset"]) if honour_offset else 0
        page = store[offset : offset + limit]
        body: dict[str, Any] = {"count": len(page), "events": page}
        if with_total:
            body.update(total=len(store), limit=limit, offset=offset)
        return httpx.Response(200, json=body)

    return Platform(answer)


@pytest.mark.parametrize("with_total", [True, False])
def test_iter_walks_every_page_with_or_without_a_total(with_total: bool) -> None:
    platform = audit_platform(250, with_total=with_total)
    events = list(platform.sync().platform.audit.iter(page_size=100))
    assert [e["run_id"] for e in events] == [f"r{i}" for i in range(250)]
    assert len(platform.requests) == 3


def test_iter_ends_on_a_server_that_ignores_offset() -> None:
    platform = audit_platform(250, with_total=False, honour_offset=False)
    events = list(platform.sync().platform.audit.iter(page_size=100))
    assert len(events) == 100  # the first page, once; the repeat ends the walk
    assert len(platform.requests) == 2


def test_iter_restarts_cleanly_and_takes() -> None:
    platform = audit_platform(30, with_total=True)
    pager = platform.sync().platform.audit.iter(page_size=50)
    assert len(list(pager)) == 30
    assert len(list(pager)) == 30  # a second walk of the same pager
    assert len(pager.take(5)) == 5


async def test_list_responses_work_with_iterate_all_and_the_pages_recipe() -> None:
    platform = audit_platform(230, with_total=True)
    client = platform.async_()
    direct = [
        e
        async for e in iterate_all(
            lambda limit, offset: client.platform.audit.list(limit=limit, offset=offset),
            page_size=100,
        )
    ]
    assert len(direct) == 230

    async def fetch_page(limit: int, offset: int) -> PaginatedResult[dict[str, Any]]:
        resp = await client.platform.audit.list(limit=limit, offset=offset)
        return PaginatedResult(
            items=resp.events, total=getattr(resp, "total", 0) or 0, limit=limit, offset=offset
        )

    recipe = [e async for e in iterate_all(fetch_page, page_size=200)]
    assert recipe == direct
    sync = platform.sync()
    assert (
        len(
            list(iterate_all_sync(lambda lim, off: sync.platform.audit.list(limit=lim, offset=off)))
        )
        == 230
    )


# --- waiting ----------------------------------------------------------------------------------


def scripted_runs(statuses: list[str]) -> Platform:
    seen = iter(statuses)
    last = [statuses[0]]

    def answer(request: httpx.Request) -> httpx.Response:
        last[0] = next(seen, last[0])
        return httpx.Response(200, json=run_status(last[0]))

    return Platform(answer)


def test_wait_polls_until_a_terminal_status_on_the_clients_clock() -> None:
    platform = scripted_runs(["queued", "running", "running", "completed"])
    clock = FakeClock()
    client = clock.install(platform.sync(), jitter=False)
    done = client.platform.runs.wait_for_completion("r1", poll_interval=2.0, timeout=60)
    assert done.status == "completed"
    assert len(platform.requests) == 4
    assert clock.elapsed == pytest.approx(6.0)


@pytest.mark.parametrize("status", sorted(DEFAULT_TERMINAL_STATUSES))
def test_every_default_terminal_status_ends_a_default_wait(status: str) -> None:
    platform = scripted_runs(["running", status])
    client = FakeClock().install(platform.sync())
    assert client.platform.runs.wait_for_completion("r1").status == status
    assert {"timed_out", "expired"} <= DEFAULT_TERMINAL_STATUSES


@pytest.mark.parametrize("name", ["paused_human_review", "blocked"])
def test_the_pages_review_status_and_the_platforms_blocked_are_one(name: str) -> None:
    platform = scripted_runs(["running", "blocked"])
    client = FakeClock().install(platform.sync())
    terminal = {"completed", "failed", "cancelled", name}
    done = client.platform.runs.wait_for_completion("r1", terminal_statuses=terminal)
    assert done.status == "blocked"


async def test_a_wait_out_of_time_is_a_timeout_error_within_its_budget() -> None:
    platform = scripted_runs(["running"])
    clock = FakeClock()
    client = clock.install(platform.async_())
    with pytest.raises(KneoWaitTimeoutError) as caught:
        await client.platform.runs.wait_for_completion("r1", timeout=10, poll_interval=3)
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value, KneoError)
    assert caught.value.last_status == "running"
    assert clock.elapsed <= 10.0 + 1e-9


@pytest.mark.parametrize(
    "arguments",
    [
        {"terminal_statuses": set()},
        {"terminal_statuses": "completed"},
        {"terminal_statuses": [""]},
        {"poll_interval": 0},
        {"poll_interval": float("nan")},
        {"timeout": -1},
        {"timeout": float("inf")},
    ],
)
def test_a_wait_that_could_never_work_is_refused(arguments: dict[str, Any]) -> None:
    platform = scripted_runs(["running"])
    with pytest.raises(KneoInvalidArgumentError):
        platform.sync().platform.runs.wait_for_completion("r1", **arguments)
    assert platform.requests == []


# --- the sync client from a running loop and from threads -------------------------------------


def test_the_sync_client_works_inside_a_running_event_loop() -> None:
    platform = Platform(ok({"ok": True}))
    client = platform.sync()

    async def notebook_cell() -> bool:
        return client.platform.health.healthz().ok

    assert asyncio.run(notebook_cell()) is True


def test_the_sync_client_is_shared_by_threads() -> None:
    lock = threading.Lock()
    ids: set[str] = set()

    def answer(request: httpx.Request) -> httpx.Response:
        with lock:
            ids.add(request.headers["X-Request-ID"])
        return httpx.Response(200, json=run_status("running", request.url.path.rsplit("/", 1)[1]))

    client = Platform(answer).sync()
    with ThreadPoolExecutor(max_workers=8) as pool:
        runs = list(pool.map(lambda i: client.platform.runs.get(f"r{i}"), range(64)))
    assert [run.run_id for run in runs] == [f"r{i}" for i in range(64)]
    assert len(ids) == 64  # one request id per call, none shared between threads


def test_not_found_carries_the_platforms_request_id() -> None:
    platform = Platform(
        lambda request: httpx.Response(
            404, json={"detail": "no run"}, headers={"X-Request-ID": "srv-1"}
        )
    )
    with pytest.raises(KneoNotFoundError) as caught:
        platform.sync().platform.runs.get("nope")
    assert caught.value.request_id == "srv-1"
