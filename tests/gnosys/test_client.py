"""The gnosys SDK against respx mocks: errors, retries, redaction, compatibility."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
from pathlib import Path

import gnosys
import httpx
import pytest
import respx
from gnosys import AsyncGnosysClient, GnosysClient, RetryPolicy

from tests.core.test_streams import multipart_reference_parse
from tests.gnosys.conftest import BASE, KEY, run_json
from tests.timecontrol import FakeClock


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, gnosys.ValidationError),
        (401, gnosys.AuthenticationError),
        (402, gnosys.QuotaExceededError),
        (403, gnosys.ForbiddenError),
        (404, gnosys.NotFoundError),
        (409, gnosys.ConflictError),
        (413, gnosys.PayloadTooLargeError),
        (422, gnosys.ValidationError),
        (429, gnosys.RateLimitError),
        (500, gnosys.ServerError),
        (503, gnosys.ServerError),
        (418, gnosys.GnosysError),
    ],
)
def test_each_error_status_maps_to_its_exception(
    client: GnosysClient, router: respx.MockRouter, status: int, cls: type[Exception]
) -> None:
    router.get("/v1/runs/r1").respond(
        status, json={"detail": f"status {status}"}, headers={"X-Request-Id": f"req_{status}"}
    )
    with pytest.raises(cls) as info:
        client.runs.get("r1")
    err = info.value
    assert isinstance(err, gnosys.GnosysError)
    assert err.status_code == status
    assert err.request_id == f"req_{status}"
    assert f"status {status}" in str(err)


def test_rate_limit_is_retried_then_reports_retry_after(
    client: GnosysClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.post("/v1/runs").respond(
        429, json={"detail": "slow"}, headers={"Retry-After": "7"}
    )
    with pytest.raises(gnosys.RateLimitError) as info:
        client.runs.create(domain="tabular", strategist="hp_sweep", spec_template={"a": 1})
    assert info.value.retry_after == 7.0
    assert route.call_count == 4  # documented: 3 retries on 429 / 5xx
    assert len({c.request.headers["Idempotency-Key"] for c in route.calls}) == 1
    assert sum(clock.sleeps) == 0  # RetryPolicy.testing(): retried, never waited


def test_the_default_policy_waits_out_retry_after(router: respx.MockRouter) -> None:
    route = router.post("/v1/runs").respond(
        429, json={"detail": "slow"}, headers={"Retry-After": "7"}
    )
    clock = FakeClock()
    client = clock.install(GnosysClient(KEY, base_url=BASE))
    with client, pytest.raises(gnosys.RateLimitError):
        client.runs.create(domain="tabular", strategist="hp_sweep", spec_template={"a": 1})
    assert route.call_count == 4
    assert clock.sleeps == [7.0] * 3  # each retry waited what the server asked, on the clock


def test_max_retries_zero_disables_retrying(router: respx.MockRouter) -> None:
    route = router.get("/v1/runs/r1").respond(503)
    client = GnosysClient(KEY, base_url=BASE, max_retries=0)
    with pytest.raises(gnosys.ServerError):
        client.runs.get("r1")
    assert route.call_count == 1


def test_retried_create_recovers_with_one_key(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    created = {
        "run_id": "r9",
        "status": "queued",
        "domain": "tabular",
        "created_at": "2026-05-08T16:00:00Z",
        "links": {"self": "/v1/runs/r9"},
    }
    route = router.post("/v1/runs").mock(
        side_effect=[
            httpx.Response(502),
            httpx.ConnectError("reset"),
            httpx.Response(202, json=created),
        ]
    )
    out = client.runs.create(domain="tabular", strategist={"kind": "fixed"}, specs=[{"a": 1}])
    assert out.run_id == "r9"
    assert out.links is not None
    assert out.links.self_ == "/v1/runs/r9"
    assert len({c.request.headers["Idempotency-Key"] for c in route.calls}) == 1
    sent = json.loads(route.calls[0].request.content)
    assert sent == {
        "domain": "tabular",
        "strategist": {"kind": "fixed"},
        "specs": [{"a": 1}],
        "max_iterations": 5,
        "enable_code_exec": False,
    }


def test_request_timeout_is_typed(router: respx.MockRouter) -> None:
    router.get("/v1/runs/r1").mock(side_effect=httpx.ReadTimeout("slow"))
    # respx raises the read timeout at once: no request waits, whatever the timeout setting.
    client = GnosysClient(KEY, base_url=BASE, timeout=5.0, retry_policy=RetryPolicy.testing(1))
    with pytest.raises(gnosys.APITimeoutError) as info:
        client.runs.get("r1")
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, gnosys.APIConnectionError)


def test_timeout_setting_reaches_the_transport(router: respx.MockRouter) -> None:
    route = router.get("/v1/runs/r1").respond(200, json=run_json())
    GnosysClient(KEY, base_url=BASE, timeout=4.5).runs.get("r1")
    assert route.calls[0].request.extensions["timeout"]["read"] == 4.5


def test_unknown_fields_and_enum_values_are_kept(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    router.get("/v1/runs/r1").respond(
        200, json=run_json(status="paused_for_review", gpu_hours=3.5, completed_at=None)
    )
    run = client.runs.get("r1")
    assert run.status == "paused_for_review"
    assert run.model_extra == {"gpu_hours": 3.5}
    assert not run.is_terminal
    # A new terminal status a newer server might add still ends waiting: completed_at is set.
    router.get("/v1/runs/r2").respond(
        200, json=run_json(run_id="r2", status="cancelled", completed_at="2026-05-08T17:00:00Z")
    )
    assert client.runs.get("r2").is_terminal


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps(run_json(run_id=None)).encode(),
        json.dumps({"tenant_id": "t"}).encode(),
    ],
)
def test_malformed_responses_raise_a_typed_error_with_request_id(
    client: GnosysClient, router: respx.MockRouter, body: bytes
) -> None:
    router.get("/v1/runs/r1").respond(200, content=body, headers={"X-Request-Id": "req_mal"})
    with pytest.raises(gnosys.MalformedResponseError) as info:
        client.runs.get("r1")
    assert info.value.request_id == "req_mal"
    assert "req_mal" in str(info.value)


def test_api_key_never_leaks(
    router: respx.MockRouter, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    router.get("/v1/runs/r1").mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(401, json={"detail": f"bad key {KEY}"}),
        ]
    )
    router.post("/v1/datasets").respond(500, text=f"echo Authorization: Bearer {KEY}")
    data = tmp_path / "d.csv"
    data.write_text("a,b\n1,2\n")
    with caplog.at_level(logging.DEBUG):
        client = GnosysClient(KEY, base_url=BASE, retry_policy=RetryPolicy.testing(1))
        errors = []
        for call in (
            lambda: client.runs.get("r1"),
            lambda: client.datasets.upload(data, name="d", task="t", target_column="b"),
        ):
            with pytest.raises(gnosys.GnosysError) as info:
                call()
            errors.append(info.value)
    assert caplog.records
    texts = [r.getMessage() for r in caplog.records]
    texts += [repr(client), str(client.__dict__)]
    for err in errors:
        texts += [str(err), repr(err), repr(err.body), repr(err.args)]
    assert all(KEY not in t for t in texts), [t for t in texts if KEY in t]
    assert "gn_live_" in repr(client)


def test_authentication_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GNOSYS_API_KEY", raising=False)
    with pytest.raises(gnosys.AuthenticationError, match="GNOSYS_API_KEY"):
        GnosysClient()
    for bad in ("sk_live_abc", "gn_live_", "gn_test_123", " gn_live_abc", "gn_live_a b"):
        with pytest.raises(gnosys.AuthenticationError) as info:
            GnosysClient(bad)
        assert bad.strip() not in str(info.value) or bad.strip() == "gn_live_"
    monkeypatch.setenv("GNOSYS_API_KEY", KEY)
    assert GnosysClient().base_url == "https://gnosyslabs.com"
    with pytest.raises(gnosys.AuthenticationError):
        AsyncGnosysClient("nope")


def test_bad_input_is_rejected_before_any_request(
    client: GnosysClient, router: respx.MockRouter, tmp_path: Path
) -> None:
    cases = [
        lambda: client.runs.get(""),
        lambda: client.runs.create(domain="tabular", strategist="fixed"),
        lambda: client.runs.create(domain="tabular", strategist="agent"),
        lambda: client.runs.create(domain="tabular", strategist={"x": 1}),
        lambda: client.runs.create(
            domain="tabular", strategist="fixed", specs=[{}], sandbox_config={"timeout_s": 1}
        ),
        lambda: client.runs.create(
            domain="tabular", strategist="fixed", specs=[{}], max_iterations=0
        ),
        lambda: client.runs.model_card("r1", format="pdf"),
        lambda: client.runs.predict("r1", tmp_path / "missing.csv"),
        lambda: client.runs.predict("r1", io.StringIO("a,b")),
        lambda: client.findings.list(run_id="a", pipeline_run_id="b"),
        lambda: client.findings.list(limit=0),
        lambda: client.findings.correlations(validators=[]),
        lambda: client.findings.correlations(validators=["a"], mode="xor"),
        lambda: client.runs.wait("r1", poll_interval=0),
    ]
    for case in cases:
        with pytest.raises(gnosys.ValidationError):
            case()
    assert not router.calls


def test_list_pages_through_cursors_up_to_limit(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        start = int(cursor or 0)
        limit = int(request.url.params["limit"])
        items = [run_json(run_id=f"r{i}") for i in range(start, min(start + limit, 7))]
        headers = {"X-Next-Cursor": str(start + limit)} if start + limit < 7 else {}
        return httpx.Response(200, json=items, headers=headers)

    route = router.get("/v1/runs").mock(side_effect=page)
    assert [r.run_id for r in client.runs.list(limit=3)] == ["r0", "r1", "r2"]
    assert route.call_count == 1
    assert [r.run_id for r in client.runs.iter(page_size=2)] == [f"r{i}" for i in range(7)]
    assert route.call_count == 1 + 4


def test_correlations_send_repeated_validators(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    route = router.get("/v1/correlations").respond(200, json=[])
    client.findings.correlations(validators=["llm_critic", "honest_eval.shuffled_label"])
    params = route.calls[0].request.url.params
    assert params.get_list("validators") == ["llm_critic", "honest_eval.shuffled_label"]
    assert params["mode"] == "and"
    assert params["severity"] == "blocker"


def test_upload_with_boundary_like_lines_arrives_byte_exact(
    client: GnosysClient, router: respx.MockRouter, tmp_path: Path
) -> None:
    content = b"a,b\r\n--+++\r\n--\r\n" + b"\r\n--x\r\nContent-Type: evil\r\n\r\n" * 5000
    received: dict[str, bytes] = {}

    def capture(request: httpx.Request) -> httpx.Response:
        body = request.read()
        received.update(multipart_reference_parse(body, request.headers["Content-Type"]))
        return httpx.Response(
            201,
            json={
                "dataset_id": "d1",
                "name": "n",
                "task": "classification",
                "target_column": "b",
                "n_rows": 1,
                "n_columns": 2,
                "created_at": "2026-05-08T16:00:00Z",
            },
        )

    router.post("/v1/datasets").mock(side_effect=capture)
    path = tmp_path / "tricky.csv"
    path.write_bytes(content)
    ds = client.datasets.upload(path, name="n", task="classification", target_column="b")
    assert ds.dataset_id == "d1"
    assert received["file"] == content
    assert received["name"] == b"n"
    with path.open("rb") as handle:
        client.datasets.upload(handle, name="n", task="classification", target_column="b")
    assert received["file"] == content


def test_retried_upload_resends_the_whole_file(
    client: GnosysClient, router: respx.MockRouter, tmp_path: Path
) -> None:
    bodies: list[bytes] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        if len(bodies) < 3:
            return httpx.Response(503)
        return httpx.Response(
            200,
            json={
                "run_id": "r1",
                "classes": ["0", "1"],
                "class_labels": ["1"],
                "probabilities": [[0.2, 0.8]],
                "n_rows": 1,
            },
        )

    router.post("/v1/runs/r1/predict").mock(side_effect=flaky)
    path = tmp_path / "test.csv"
    path.write_bytes(b"x1,x2\n" + b"1,2\n" * 10_000)
    with path.open("rb") as handle:
        preds = client.runs.predict("r1", handle, top_n=3)
    assert preds.class_labels == ["1"]
    boundaries = [body.split(b"\r\n")[0][2:].decode() for body in bodies]
    files = [
        multipart_reference_parse(b, f"x; boundary={m}")
        for b, m in zip(bodies, boundaries, strict=True)
    ]
    assert all(f["file"] == path.read_bytes() for f in files)


def test_sync_client_works_inside_a_running_event_loop(router: respx.MockRouter) -> None:
    router.get("/v1/runs/r1").respond(200, json=run_json())

    async def notebook_cell() -> str:
        client = GnosysClient(KEY, base_url=BASE)
        return client.runs.get("r1").run_id

    assert asyncio.run(notebook_cell()) == "r1"


def test_one_sync_client_shared_by_threads(router: respx.MockRouter) -> None:
    router.get(url__regex=r"/v1/runs/r\d+$").mock(
        side_effect=lambda request: httpx.Response(
            200, json=run_json(run_id=request.url.path.rsplit("/", 1)[1])
        )
    )
    client = GnosysClient(KEY, base_url=BASE)
    results: dict[int, str] = {}

    def worker(n: int) -> None:
        for i in range(20):
            results[n * 100 + i] = client.runs.get(f"r{n * 100 + i}").run_id

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {k: f"r{k}" for k in results}
    assert len(results) == 160


async def test_async_client_mirrors_the_sync_one(
    aclient: AsyncGnosysClient, router: respx.MockRouter
) -> None:
    router.get("/v1/runs/r1").respond(200, json=run_json())
    router.get("/v1/api-keys").respond(
        200,
        json=[
            {
                "key_id": "k1",
                "name": "ci",
                "key_prefix": "gn_live_a3",
                "last_4": "X9F2",
                "scopes": ["runs:write"],
                "created_at": "2026-01-01T00:00:00Z",
                "revoked_at": None,
            }
        ],
    )
    run = await aclient.runs.get("r1")
    keys = await aclient.api_keys.list()
    assert run.is_completed
    assert keys[0].to_display() == "gn_live_a3…X9F2"
    assert keys[0].is_active


def test_progress_events_are_typed(client: GnosysClient, router: respx.MockRouter) -> None:
    lines = [
        {"seq": 1, "type": "iteration_start", "run_id": "r1", "timestamp": "t", "iteration": 1},
        {"seq": 2, "type": "brand_new_event", "run_id": "r1", "timestamp": "t", "extra": 1},
        {"seq": 3, "type": "run_complete", "run_id": "r1", "timestamp": "t", "data": {}},
    ]
    router.get("/v1/runs/r1/progress").respond(
        200, content=b"".join(json.dumps(x).encode() + b"\n" for x in lines)
    )
    events = list(client.runs.progress("r1"))
    assert [e.type for e in events] == ["iteration_start", "brand_new_event", "run_complete"]
    assert events[-1].is_run_complete
    assert events[1].model_extra == {"extra": 1}


def test_wait_falls_back_to_polling_and_times_out(router: respx.MockRouter) -> None:
    stream = router.get("/v1/runs/r1/progress").respond(404, json={"detail": "no stream"})
    states = iter(["queued", "running", "completed"])
    router.get("/v1/runs/r1").mock(
        side_effect=lambda request: httpx.Response(200, json=run_json(status=next(states)))
    )
    clock = FakeClock()
    with clock.install(GnosysClient(KEY, base_url=BASE), jitter=False) as client:
        assert client.runs.wait("r1", timeout=300, poll_interval=5).is_completed
    assert stream.call_count == 1  # tried once, then polled
    assert clock.sleeps == [5, 5]

    router.get("/v1/runs/r2").respond(200, json=run_json(run_id="r2", status="running"))
    router.get("/v1/runs/r2/progress").respond(503)
    clock = FakeClock()
    client = clock.install(GnosysClient(KEY, base_url=BASE, max_retries=0), jitter=False)
    with client, pytest.raises(gnosys.TimeoutError) as info:
        client.runs.wait("r2", timeout=30, poll_interval=5)
    assert isinstance(info.value, TimeoutError)
    assert clock.sleeps == [5] * 6
    assert clock.elapsed == 30
