"""The reference page's examples, through the public SDK, against the fake over real HTTP."""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asg_gateway
import pytest
from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient, RetryPolicy

from tools.fakes import serve_in_thread
from tools.fakes.asg_gateway import ASGFakeConfig, ASGGatewayFake, create_app
from tools.pins import REPO_ROOT

LABELS = {"question": "Animal?", "options": ["cat", "dog"]}
S3 = {
    "access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "region": "us-west-2",
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, ASGGatewayFake]]:
    app = create_app(ASGFakeConfig(labeling_seconds=0.3, job_step_seconds=0.02))
    with serve_in_thread(app) as base_url:
        yield base_url, app.state.fake


@pytest.fixture
def key() -> str:
    return f"sk_sandbox_{uuid.uuid4().hex}"  # an account of its own per test


@pytest.fixture
def client(served: tuple[str, Any], key: str) -> Iterator[ASGGatewayClient]:
    with ASGGatewayClient(api_key=key, base_url=served[0], retry_policy=RetryPolicy.testing()) as c:
        yield c


def test_the_quick_example_runs_unchanged(
    served: tuple[str, Any], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASG_API_KEY", key)
    client = ASGGatewayClient(
        api_key=os.environ["ASG_API_KEY"],
        base_url=served[0],
    )
    resp = client.submit_task(
        task_type="image_classification",
        data_url="https://example.com/image.jpg",
        label_spec={"question": "Animal?", "options": ["cat", "dog"]},
    )
    task_id = resp["task_id"]
    result = client.poll_result(task_id, timeout=300, interval=0.05)
    assert result["consensus_label"] in {"cat", "dog"}
    assert len(result["settlement"]["bsv_txid"]) == 64
    assert result["settlement"]["network"] == "testnet"
    json.dumps(result)  # a plain, serialisable dict
    client.close()


SEED = REPO_ROOT.parent / "shared" / "seeds" / "003_f8f820038c2f9011.txt"


def test_the_reference_pages_quick_example_runs_verbatim(
    key: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's code block itself, pointed at the fake: only the origin is swapped."""
    page = SEED.read_text(encoding="utf-8")
    code = page.split("Quick example", 1)[1].split("\nASGGatewayClient\n", 1)[0]
    assert "client.poll_result(task_id, timeout=300, interval=5)" in code
    monkeypatch.setenv("ASG_API_KEY", key)
    # Consensus at once, so interval=5 never has to be waited out.
    with serve_in_thread(create_app(ASGFakeConfig(labeling_seconds=0))) as base_url:
        exec(compile(code.replace("https://api.asgrefinery.io", base_url), str(SEED), "exec"), {})
    label, txid = capsys.readouterr().out.split()
    assert label in {"cat", "dog"}
    assert len(txid) == 64


def test_get_result_while_labeling_then_done(client: ASGGatewayClient) -> None:
    task_id = client.submit_task("image_classification", "https://example.com/a.jpg", LABELS)[
        "task_id"
    ]
    with pytest.raises(asg_gateway.ASGResultPendingError) as info:
        client.get_result(task_id)
    assert info.value.task_id == task_id
    assert info.value.retry_after is not None
    assert info.value.request_id
    assert client.get_task(task_id)["status"] == "labeling"
    result = client.poll_result(task_id, timeout=10, interval=0.05)
    assert client.get_result(task_id) == result
    assert client.get_task(task_id)["status"] == "completed"


def test_poll_result_times_out() -> None:
    with serve_in_thread(create_app(ASGFakeConfig(labeling_seconds=60))) as base_url:
        client = ASGGatewayClient("sk_sandbox_patient", base_url)
        task_id = client.submit_task("t", "https://example.com/a.jpg", LABELS)["task_id"]
        started = time.monotonic()
        with pytest.raises(asg_gateway.ASGGatewayError) as info:
            client.poll_result(task_id, timeout=0.3, interval=0.05)
        assert isinstance(info.value, TimeoutError)
        assert time.monotonic() - started < 2
        client.close()


def test_a_lost_response_is_retried_without_a_second_task(
    client: ASGGatewayClient, served: tuple[str, ASGGatewayFake], key: str
) -> None:
    fake = served[1]
    # The server creates the task but the client only sees a 503: the retry carries the same
    # Idempotency-Key, so the fake replays the first response instead of creating another task.
    fake.inject_faults("POST", "/v1/tasks", statuses=(503, 502), act=True)
    resp = client.submit_task("image_classification", "https://example.com/b.jpg", LABELS)
    assert fake.task_ids(key) == [resp["task_id"]]
    fake.inject_faults("POST", "/v1/tasks/batch", statuses=(500,), act=True)
    task = {"task_type": "t", "data_url": "https://example.com/c.jpg", "label_spec": LABELS}
    batch = client.submit_batch([task, task])
    assert fake.task_ids(key) == [resp["task_id"], *batch["task_ids"]]


def test_rate_limits_are_waited_out_then_reported(key: str) -> None:
    app = create_app(ASGFakeConfig(rate_limit_per_minute=2))
    with serve_in_thread(app) as base_url:
        client = ASGGatewayClient(key, base_url, retry_policy=RetryPolicy.testing(max_retries=2))
        for n in range(2):
            client.submit_task("t", f"https://example.com/{n}.jpg", LABELS)
        with pytest.raises(asg_gateway.ASGGatewayHTTPError) as info:
            client.submit_task("t", "https://example.com/x.jpg", LABELS)
        assert info.value.status_code == 429
        assert isinstance(info.value, asg_gateway.ASGRateLimitError)
        assert info.value.retry_after is not None
        assert len(app.state.fake.task_ids(key)) == 2
        client.close()


def test_quota_is_a_403(key: str) -> None:
    with serve_in_thread(create_app(ASGFakeConfig(task_quota=1))) as base_url:
        client = ASGGatewayClient(key, base_url)
        client.submit_task("t", "https://example.com/1.jpg", LABELS)
        with pytest.raises(asg_gateway.ASGQuotaError) as info:
            client.submit_task("t", "https://example.com/2.jpg", LABELS)
        assert info.value.status_code == 403
        client.close()


def test_batches_webhooks_and_jobs(
    client: ASGGatewayClient, served: tuple[str, ASGGatewayFake], key: str
) -> None:
    batch = client.submit_batch(
        [
            {"task_type": "t", "data_url": f"https://example.com/{n}", "label_spec": LABELS}
            for n in range(3)
        ],
        callback_url="https://example.com/cb",
    )
    assert batch["task_count"] == 3
    assert client.get_task(batch["task_ids"][2])["callback_url"] == "https://example.com/cb"

    secret = "whsec_" + uuid.uuid4().hex
    hook = client.register_webhook("https://example.com/hook", secret)
    assert hook["active"] is True
    assert served[1].webhook_secret(key, hook["webhook_id"]) == secret
    assert secret not in json.dumps([hook, client.list_webhooks()])
    client.delete_webhook(hook["webhook_id"])
    assert client.list_webhooks() == []
    with pytest.raises(asg_gateway.ASGNotFoundError):
        client.delete_webhook(hook["webhook_id"])

    job = client.submit_job("s3://bucket/batch/manifest.jsonl", LABELS, S3)
    assert job["status"] == "queued"
    deadline = time.monotonic() + 10
    while (job := client.get_job(job["job_id"]))["status"] != "completed":
        assert time.monotonic() < deadline, job
        time.sleep(0.02)
    assert job["tasks_completed"] == job["task_count"]
    assert not any(v in json.dumps(job) for v in S3.values())
    gcs = client.submit_job(
        "gs://bucket/manifest.jsonl", LABELS, {"service_account_json": "not json"}
    )
    while (gcs := client.get_job(gcs["job_id"]))["status"] not in {"completed", "failed"}:
        time.sleep(0.02)
    assert gcs["status"] == "failed"
    assert "not json" not in gcs.get("error", "")


def test_secrets_stay_out_of_errors_and_logs_end_to_end(
    client: ASGGatewayClient, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(asg_gateway.ASGNotFoundError) as info:
        client.get_job("nope")
    text = str(info.value) + repr(info.value) + caplog.text
    assert key not in text
    assert info.value.request_id


async def test_the_async_client_has_the_same_surface(served: tuple[str, Any], key: str) -> None:
    async with AsyncASGGatewayClient(key, served[0]) as client:
        task_id = (await client.submit_task("t", "https://example.com/a.jpg", LABELS))["task_id"]
        result = await client.poll_result(task_id, timeout=10, interval=0.05)
        assert result["task_id"] == task_id
        job = await client.submit_job(
            "s3://b/m.jsonl", LABELS, S3, task_type="text", consensus_threshold=2
        )
        assert (await client.get_job(job["job_id"]))["consensus_threshold"] == 2
