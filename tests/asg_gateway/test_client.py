"""The asg_gateway SDK against respx mocks: errors, retries, 202 handling, redaction."""

from __future__ import annotations

import asyncio
import json
import logging
import pickle

import asg_gateway
import httpx
import pytest
import respx
from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient, RetryPolicy

from tests.asg_gateway.conftest import BASE, KEY, LABELS, pending_json, result_json
from tests.timecontrol import FakeClock

CREATED = {"task_id": "t1", "status": "labeling", "created_at": "2026-11-24T10:00:00Z"}


def _submit(client: ASGGatewayClient, **overrides: object) -> object:
    kwargs: dict[str, object] = {
        "task_type": "image_classification",
        "data_url": "https://example.com/image.jpg",
        "label_spec": LABELS,
    }
    kwargs.update(overrides)
    return client.submit_task(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, asg_gateway.ASGBadRequestError),
        (401, asg_gateway.ASGAuthError),
        (403, asg_gateway.ASGQuotaError),
        (404, asg_gateway.ASGNotFoundError),
        (409, asg_gateway.ASGConflictError),
        (418, asg_gateway.ASGGatewayHTTPError),
        (422, asg_gateway.ASGBadRequestError),
        (429, asg_gateway.ASGRateLimitError),
        (500, asg_gateway.ASGServerError),
        (503, asg_gateway.ASGServerError),
    ],
)
def test_every_error_status_is_an_http_error_with_status_body_and_request_id(
    client: ASGGatewayClient, router: respx.MockRouter, status: int, cls: type[Exception]
) -> None:
    router.get("/v1/tasks/t1").respond(
        status, json={"detail": f"status {status}"}, headers={"X-Request-Id": f"req_{status}"}
    )
    with pytest.raises(asg_gateway.ASGGatewayHTTPError) as info:
        client.get_task("t1")
    err = info.value
    assert type(err) is cls
    assert isinstance(err, asg_gateway.ASGGatewayError)
    assert err.status_code == status
    assert err.request_id == f"req_{status}"
    assert err.body == {"detail": f"status {status}"}
    assert f"status {status}" in str(err)


def test_the_reference_pages_status_code_branching_still_works(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    router.post("/v1/tasks").respond(429, json={"detail": "slow"}, headers={"Retry-After": "1"})
    branch = None
    try:
        _submit(client)
    except asg_gateway.ASGGatewayHTTPError as e:
        if e.status_code == 429:
            branch = ("rate limited", type(e), e.retry_after)
        elif e.status_code == 403:
            branch = ("quota", type(e), e.retry_after)
    assert branch == ("rate limited", asg_gateway.ASGRateLimitError, 1.0)


def test_rate_limits_and_server_errors_are_retried_with_one_idempotency_key(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.post("/v1/tasks")
    route.side_effect = [
        httpx.Response(503, json={"detail": "busy"}),
        httpx.Response(429, json={"detail": "slow"}, headers={"Retry-After": "2"}),
        httpx.Response(201, json=CREATED),
    ]
    resp = _submit(client)
    assert resp == CREATED
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    request_ids = {call.request.headers["X-Request-Id"] for call in route.calls}
    assert route.call_count == 3
    assert len(keys) == 1
    assert len(request_ids) == 1
    assert sum(clock.sleeps) == 0  # RetryPolicy.testing(): retried, never waited


def test_a_given_idempotency_key_is_sent_as_is(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    route = router.post("/v1/tasks").respond(201, json=CREATED)
    _submit(client, idempotency_key="order-42")
    assert route.calls.last.request.headers["Idempotency-Key"] == "order-42"


def test_submit_task_sends_the_documented_body(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    route = router.post("/v1/tasks").respond(201, json=CREATED)
    _submit(client, callback_url="https://example.com/cb")
    sent = json.loads(route.calls.last.request.content)
    assert sent == {
        "task_type": "image_classification",
        "data_url": "https://example.com/image.jpg",
        "label_spec": LABELS,
        "consensus_threshold": 3,
        "callback_url": "https://example.com/cb",
    }
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {KEY}"


def test_get_result_raises_result_pending_on_202_instead_of_pretending(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    router.get("/v1/tasks/t1/result").respond(
        202, json=pending_json(), headers={"Retry-After": "4", "X-Request-Id": "req_p"}
    )
    with pytest.raises(asg_gateway.ASGResultPendingError) as info:
        client.get_result("t1")
    err = info.value
    assert not isinstance(err, asg_gateway.ASGGatewayHTTPError)
    assert (err.task_id, err.task_status, err.labels_received) == ("t1", "labeling", 1)
    assert (err.status_code, err.retry_after, err.request_id) == (202, 4.0, "req_p")
    assert "poll_result" in str(err)


def test_get_result_returns_the_documented_dict(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    router.get("/v1/tasks/t1/result").respond(200, json=result_json(extra_field=[1]))
    result = client.get_result("t1")
    assert type(result) is dict
    assert result["settlement"]["bsv_txid"] == "ab" * 32
    assert result["extra_field"] == [1]  # type: ignore[typeddict-item]


def test_poll_result_polls_every_interval_until_ready(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.get("/v1/tasks/t1/result")
    route.side_effect = [
        httpx.Response(202, json=pending_json()),
        httpx.Response(202, json=pending_json()),
        httpx.Response(200, json=result_json()),
    ]
    result = client.poll_result("t1", timeout=300, interval=5)
    assert result["consensus_label"] == "cat"
    assert route.call_count == 3
    assert len(clock.sleeps) == 2
    assert all(4.5 <= s <= 5.5 for s in clock.sleeps), clock.sleeps  # 5 s, jittered by 10 %


def test_poll_result_waits_at_least_the_servers_retry_after(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.get("/v1/tasks/t1/result")
    route.side_effect = [
        httpx.Response(202, json=pending_json(), headers={"Retry-After": "20"}),
        httpx.Response(200, json=result_json()),
    ]
    client.poll_result("t1", timeout=300, interval=5)
    assert clock.sleeps == [20]


def test_poll_result_times_out_with_an_asg_error_that_is_a_timeout_error(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    clock.install(client, jitter=False)  # exactly 5 s between polls
    route = router.get("/v1/tasks/t1/result").respond(
        202, json=pending_json(), headers={"X-Request-Id": "req_last"}
    )
    with pytest.raises(asg_gateway.ASGGatewayError) as info:
        client.poll_result("t1", timeout=30, interval=5)
    err = info.value
    assert isinstance(err, TimeoutError)
    assert isinstance(err, asg_gateway.ASGPollTimeoutError)
    assert err.request_id == "req_last"
    assert "still 'labeling'" in str(err)
    # Polls at 0, 5, ..., 30 s of the fake clock; then the budget is spent.
    assert clock.sleeps == [5] * 6
    assert clock.elapsed == 30
    assert route.call_count == 7


def test_poll_result_without_a_timeout_waits_as_long_as_it_takes(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.get("/v1/tasks/t1/result")
    route.side_effect = [httpx.Response(202, json=pending_json())] * 5 + [
        httpx.Response(200, json=result_json())
    ]
    # Hours of the fake clock: far past any default budget.
    assert client.poll_result("t1", timeout=None, interval=3600)["task_id"] == "t1"
    assert route.call_count == 6
    assert len(clock.sleeps) == 5
    assert clock.elapsed > 4 * 3600


def test_manifest_schemes_are_sent_in_lower_case(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    route = router.post("/v1/jobs").respond(202, json=JOB)
    client.submit_job("S3://Bucket/Key.jsonl", LABELS, S3)
    assert json.loads(route.calls.last.request.content)["manifest_url"] == "s3://Bucket/Key.jsonl"


def test_poll_result_raises_other_errors_at_once(
    client: ASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.get("/v1/tasks/nope/result").respond(404, json={"detail": "no such task"})
    with pytest.raises(asg_gateway.ASGNotFoundError):
        client.poll_result("nope", timeout=300, interval=5)
    assert route.call_count == 1
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timeout": -1}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"interval": 0}, "interval"),
        ({"interval": float("nan")}, "interval"),
    ],
)
def test_poll_result_rejects_bad_timing(
    client: ASGGatewayClient, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(asg_gateway.ASGValidationError, match=message):
        client.poll_result("t1", **kwargs)


async def test_async_poll_result(
    aclient: AsyncASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    route = router.get("/v1/tasks/t1/result")
    route.side_effect = [
        httpx.Response(202, json=pending_json()),
        httpx.Response(200, json=result_json()),
    ]
    result = await aclient.poll_result("t1", timeout=300, interval=5)
    assert result["settlement"]["network"] == "testnet"
    assert len(clock.sleeps) == 1
    assert 4.5 <= clock.elapsed <= 5.5


async def test_async_poll_result_times_out_on_the_clock(
    aclient: AsyncASGGatewayClient, router: respx.MockRouter, clock: FakeClock
) -> None:
    clock.install(aclient, jitter=False)
    route = router.get("/v1/tasks/t1/result").respond(202, json=pending_json())
    with pytest.raises(asg_gateway.ASGPollTimeoutError):
        await aclient.poll_result("t1", timeout=300, interval=60)
    assert clock.sleeps == [60] * 5
    assert route.call_count == 6


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"task_type": ""}, "task_type"),
        ({"data_url": "not a url"}, "data_url"),
        ({"label_spec": {"question": "Q", "options": ["only"]}}, "options"),
        ({"label_spec": {"question": "Q", "options": ["a", "a"]}}, "options"),
        ({"label_spec": {"options": ["a", "b"]}}, "question"),
        ({"label_spec": "cat or dog"}, "label_spec"),
        ({"consensus_threshold": 0}, "consensus_threshold"),
        ({"consensus_threshold": True}, "consensus_threshold"),
        ({"callback_url": "ftp://x/y"}, "callback_url"),
        ({"idempotency_key": ""}, "idempotency_key"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    client: ASGGatewayClient, router: respx.MockRouter, overrides: dict[str, object], message: str
) -> None:
    route = router.post("/v1/tasks").respond(201, json=CREATED)
    with pytest.raises(asg_gateway.ASGValidationError, match=message) as info:
        _submit(client, **overrides)
    assert isinstance(info.value, ValueError)
    assert route.call_count == 0


def test_submit_batch_checks_every_task_and_applies_the_callback(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    route = router.post("/v1/tasks/batch").respond(
        201, json={"batch_id": "b1", "task_count": 2, "status": "accepted", "task_ids": ["a", "b"]}
    )
    task = {"task_type": "t", "data_url": "https://x.test/1", "label_spec": LABELS}
    with pytest.raises(asg_gateway.ASGValidationError, match=r"tasks\[1\] has unknown fields"):
        client.submit_batch([task, {**task, "colour": "red"}])
    with pytest.raises(asg_gateway.ASGValidationError, match=r"tasks\[0\]\.data_url"):
        client.submit_batch([{**task, "data_url": ""}])
    with pytest.raises(asg_gateway.ASGValidationError, match="1 to 1000"):
        client.submit_batch([])
    assert route.call_count == 0
    resp = client.submit_batch([task, task], callback_url="https://example.com/cb")
    assert resp["task_ids"] == ["a", "b"]
    sent = json.loads(route.calls.last.request.content)
    assert sent["callback_url"] == "https://example.com/cb"
    assert len(sent["tasks"]) == 2
    assert "Idempotency-Key" in route.calls.last.request.headers


def test_webhooks(client: ASGGatewayClient, router: respx.MockRouter) -> None:
    hook = {"webhook_id": "w1", "callback_url": "https://x.test/h", "events": ["task.completed"]}
    hook["active"] = True  # type: ignore[assignment]
    created = router.post("/v1/webhooks").respond(201, json=hook)
    router.get("/v1/webhooks").respond(200, json=[hook])
    deleted = router.delete("/v1/webhooks/w1").respond(204)
    assert client.register_webhook("https://x.test/h", "s3cr3t-value", events=["task.completed"])
    assert json.loads(created.calls.last.request.content)["secret"] == "s3cr3t-value"
    assert client.list_webhooks() == [hook]
    assert client.delete_webhook("w1") is None
    assert deleted.call_count == 1
    with pytest.raises(asg_gateway.ASGValidationError) as info:
        client.register_webhook("https://x.test/h", "short")
    assert "short" not in str(info.value)


def test_a_webhook_secret_quoted_back_by_the_server_is_masked(
    client: ASGGatewayClient, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "whsec-Quoted-Back-123"
    router.post("/v1/webhooks").respond(
        422, json={"detail": [{"loc": ["body", "secret"], "msg": "bad", "input": secret}]}
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(asg_gateway.ASGBadRequestError) as info:
        client.register_webhook("https://x.test/h", secret)
    err = info.value
    shown = [
        str(err),
        repr(err),
        json.dumps(err.body),
        caplog.text,
        repr(pickle.loads(pickle.dumps(err)).body),
    ]
    assert all(secret not in text for text in shown)
    assert "***" in json.dumps(err.body)


S3 = {
    "access_key_id": "AKIAABCDEFGHIJKLMNOP",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY",
}
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
GCS = {"service_account_json": json.dumps({"type": "service_account", "private_key": PEM})}
JOB = {
    "job_id": "j1",
    "status": "queued",
    "manifest_url": "s3://bucket/batch/manifest.jsonl",
    "label_spec": LABELS,
    "created_at": "2026-11-24T10:00:00Z",
    "task_count": 10,
    "tasks_completed": 0,
    "credentials_type": "s3",
}


def test_submit_job_sends_s3_and_gcs_credentials_in_their_shapes(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    route = router.post("/v1/jobs").respond(202, json=JOB)
    job = client.submit_job(
        "s3://bucket/batch/manifest.jsonl", LABELS, {**S3, "region": "us-west-2"}
    )
    assert job["job_id"] == "j1"
    sent = json.loads(route.calls.last.request.content)
    assert sent["credentials"] == {**S3, "region": "us-west-2"}
    assert "task_type" not in sent  # the server's default applies
    client.submit_job(
        "gs://bucket/m.jsonl",
        LABELS,
        {"service_account_json": {"type": "service_account"}},
        consensus_threshold=5,
    )
    sent = json.loads(route.calls.last.request.content)
    assert json.loads(sent["credentials"]["service_account_json"]) == {"type": "service_account"}
    assert sent["consensus_threshold"] == 5


@pytest.mark.parametrize(
    ("manifest", "credentials", "message"),
    [
        ("https://bucket/m.jsonl", S3, "s3:// or gs://"),
        ("s3://bucket", S3, "object inside a bucket"),
        ("s3://bucket/m.jsonl", GCS, "unknown fields"),
        ("gs://bucket/m.jsonl", S3, "service_account_json"),
        ("s3://bucket/m.jsonl", {"access_key_id": "AKIAABCDEFGHIJKLMNOP"}, "secret_access_key"),
        ("s3://bucket/m.jsonl", {**S3, "region": 5}, "region"),
    ],
)
def test_submit_job_rejects_bad_manifests_and_credentials_without_quoting_them(
    client: ASGGatewayClient,
    router: respx.MockRouter,
    manifest: str,
    credentials: dict[str, str],
    message: str,
) -> None:
    route = router.post("/v1/jobs").respond(202, json=JOB)
    with pytest.raises(asg_gateway.ASGValidationError, match=message) as info:
        client.submit_job(manifest, LABELS, credentials)
    for value in [*S3.values(), PEM.splitlines()[1]]:
        assert value not in str(info.value)
    assert route.call_count == 0


def test_credentials_quoted_back_by_the_server_are_masked(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    echo = {"detail": "bad credentials", "input": {"credentials": {**S3, "key": PEM}}}
    router.post("/v1/jobs").respond(422, json=echo)
    for manifest, creds in (("s3://b/m.jsonl", S3), ("gs://b/m.jsonl", GCS)):
        with pytest.raises(asg_gateway.ASGBadRequestError) as info:
            client.submit_job(manifest, LABELS, creds)
        text = json.dumps(info.value.body) + str(info.value) + repr(info.value)
        assert S3["access_key_id"] not in text  # masked by pattern (an AWS key id's shape)
        assert "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" not in text  # a PEM private key
        if creds is S3:
            assert S3["secret_access_key"] not in text  # masked as a value this call sent


def test_a_body_that_breaks_the_spec_is_a_typed_error_with_the_request_id(
    client: ASGGatewayClient, router: respx.MockRouter
) -> None:
    router.get("/v1/tasks/t1/result").respond(
        200, json=result_json(agreement="high"), headers={"X-Request-Id": "req_bad"}
    )
    with pytest.raises(asg_gateway.ASGMalformedResponseError) as info:
        client.get_result("t1")
    assert info.value.request_id == "req_bad"
    assert "agreement" in str(info.value)
    router.get("/v1/jobs/j1").respond(200, json={**JOB, "tasks_completed": "3"})
    with pytest.raises(asg_gateway.ASGMalformedResponseError, match="tasks_completed"):
        client.get_job("j1")  # strict: a string where the spec says integer is not coerced


def test_connection_failures_and_timeouts_are_typed(router: respx.MockRouter) -> None:
    policy = RetryPolicy.testing(max_retries=1)
    router.get("/v1/tasks/t1").mock(side_effect=httpx.ConnectError("refused"))
    router.get("/v1/jobs/j1").mock(side_effect=httpx.ReadTimeout("slow"))
    with ASGGatewayClient(KEY, base_url=BASE, retry_policy=policy) as client:
        with pytest.raises(asg_gateway.ASGConnectionError):
            client.get_task("t1")
        with pytest.raises(asg_gateway.ASGTimeoutError) as info:
            client.get_job("j1")
    assert isinstance(info.value, TimeoutError)


def test_keys_are_checked_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASG_API_KEY", raising=False)
    with pytest.raises(asg_gateway.ASGAuthError, match="ASG_API_KEY"):
        ASGGatewayClient()
    with pytest.raises(asg_gateway.ASGAuthError) as info:
        ASGGatewayClient("sk_prod_Secret123")
    assert "Secret123" not in str(info.value)
    monkeypatch.setenv("ASG_API_KEY", KEY)
    with ASGGatewayClient(base_url=BASE + "/") as client:
        assert client.base_url == BASE
        assert KEY not in repr(client)
    aclient = AsyncASGGatewayClient("sk_live_abcdef")
    assert repr(aclient) == (
        "AsyncASGGatewayClient(base_url='https://api.asgrefinery.io', api_key='sk_live_***')"
    )
    asyncio.run(aclient.close())


def test_the_api_key_never_reaches_logs_or_errors(
    client: ASGGatewayClient, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    router.get("/v1/tasks/t1").respond(500, json={"detail": f"bad key {KEY}"})
    caplog.set_level(logging.DEBUG)
    with pytest.raises(asg_gateway.ASGServerError) as info:
        client.get_task("t1")
    assert KEY not in str(info.value) + repr(info.value.body) + caplog.text
    assert "retrying" in caplog.text


def test_import_is_lazy_and_every_export_resolves() -> None:
    for name in asg_gateway.__all__:
        assert getattr(asg_gateway, name) is not None
    assert sorted(dir(asg_gateway)) == sorted(asg_gateway.__all__)
    with pytest.raises(AttributeError):
        asg_gateway.nope  # noqa: B018
