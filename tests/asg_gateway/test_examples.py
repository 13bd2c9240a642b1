"""The reference page's examples, through the public SDK, against the fake over real HTTP."""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asg_gateway
import pytest
from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient, RetryPolicy
from asg_gateway.testing._fake import ASGFakeConfig, ASGGatewayFake, create_app

from tests.timecontrol import FakeClock
from tools.fakes import serve_in_thread
from tools.pins import REPO_ROOT

LABELS = {"question": "Animal?", "options": ["cat", "dog"]}
S3 = {
    "access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "region": "us-west-2",
}


# The fakes' clocks are manual: a task or job moves on only when a test (or a client's sleep,
# through FakeClock) advances it, so nothing here waits in real time.
LABELING = 30.0  # fake seconds from a task's submission to its consensus
JOB_STEP = 2.0  # fake seconds per job step


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, ASGGatewayFake]]:
    config = ASGFakeConfig(labeling_seconds=LABELING, job_step_seconds=JOB_STEP, clock="manual")
    app = create_app(config)
    with serve_in_thread(app) as base_url:
        yield base_url, app.state.fake


@pytest.fixture
def key() -> str:
    return f"sk_sandbox_{uuid.uuid4().hex}"  # an account of its own per test


@pytest.fixture
def clock(served: tuple[str, ASGGatewayFake]) -> FakeClock:
    clock = FakeClock()
    clock.attach(served[1])
    return clock


@pytest.fixture
def client(served: tuple[str, Any], key: str, clock: FakeClock) -> Iterator[ASGGatewayClient]:
    with ASGGatewayClient(api_key=key, base_url=served[0], retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


def test_the_quick_example_runs_unchanged(
    served: tuple[str, Any], key: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASG_API_KEY", key)
    client = ASGGatewayClient(
        api_key=os.environ["ASG_API_KEY"],
        base_url=served[0],
    )
    clock.install(client)  # its sleeps advance the fake instead of waiting
    resp = client.submit_task(
        task_type="image_classification",
        data_url="https://example.com/image.jpg",
        label_spec={"question": "Animal?", "options": ["cat", "dog"]},
    )
    task_id = resp["task_id"]
    result = client.poll_result(task_id, timeout=300, interval=5)
    assert result["consensus_label"] in {"cat", "dog"}
    assert len(result["settlement"]["bsv_txid"]) == 64
    assert result["settlement"]["network"] == "testnet"
    json.dumps(result)  # a plain, serialisable dict
    # The 202's Retry-After said when consensus was due: one wait, exactly that long.
    assert clock.sleeps == [LABELING]
    client.close()


# The reference page's "Quick example" section, copied into the repository (a user's clone has
# no ../shared beside it); the first line says where it came from.
QUICK_EXAMPLE = Path(__file__).parent / "data" / "reference_quick_example.txt"
SEED = REPO_ROOT.parent / "shared" / "seeds" / "003_f8f820038c2f9011.txt"


def _quick_example_section() -> str:
    return QUICK_EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]


def test_the_copied_quick_example_is_the_reference_pages() -> None:
    if not SEED.is_file():
        pytest.skip("the reference pages are not beside this checkout")
    assert _quick_example_section() in SEED.read_text(encoding="utf-8")


def test_the_reference_pages_quick_example_runs_verbatim(
    key: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's code block itself, pointed at the fake: only the origin is swapped."""
    page = _quick_example_section()
    code = page.split("Quick example", 1)[1].split("\nASGGatewayClient\n", 1)[0]
    assert "client.poll_result(task_id, timeout=300, interval=5)" in code
    monkeypatch.setenv("ASG_API_KEY", key)
    # Consensus at once, so interval=5 never has to be waited out (the page's code builds its own
    # client, so no fake clock can be installed on it).
    with serve_in_thread(create_app(ASGFakeConfig(labeling_seconds=0))) as base_url:
        source = code.replace("https://api.asgrefinery.io", base_url)
        namespace: dict[str, Any] = {}
        exec(compile(source, str(QUICK_EXAMPLE), "exec"), namespace)
        namespace["client"].close()  # the page's code leaves it open
    label, txid = capsys.readouterr().out.split()
    assert label in {"cat", "dog"}
    assert len(txid) == 64


def test_get_result_while_labeling_then_done(client: ASGGatewayClient, clock: FakeClock) -> None:
    task_id = client.submit_task("image_classification", "https://example.com/a.jpg", LABELS)[
        "task_id"
    ]
    with pytest.raises(asg_gateway.ASGResultPendingError) as info:
        client.get_result(task_id)
    assert info.value.task_id == task_id
    assert info.value.retry_after is not None
    assert info.value.request_id
    assert client.get_task(task_id)["status"] == "labeling"
    result = client.poll_result(task_id, timeout=300, interval=5)
    assert clock.elapsed == LABELING  # done exactly when the fake's labeling time is up
    assert client.get_result(task_id) == result
    assert client.get_task(task_id)["status"] == "completed"


def test_poll_result_times_out() -> None:
    app = create_app(ASGFakeConfig(labeling_seconds=3600, clock="manual"))
    with serve_in_thread(app) as base_url, ASGGatewayClient("sk_sandbox_patient", base_url) as c:
        clock = FakeClock()
        client = clock.install(c, app.state.fake, jitter=False)
        task_id = client.submit_task("t", "https://example.com/a.jpg", LABELS)["task_id"]
        with pytest.raises(asg_gateway.ASGGatewayError) as info:
            client.poll_result(task_id, timeout=300, interval=5)
        assert isinstance(info.value, TimeoutError)
        # Retry-After (an hour) is longer than the budget: one wait, cut to the 300 s left.
        assert clock.sleeps == [300]
        assert clock.elapsed == 300
        # The second look, at the deadline itself, has a budget of about 0 s (the SDK cuts its
        # timeouts to 1 ms), so it may time out before the fake sees it.
        polls = [r for r in app.state.fake.received if r.path.endswith("/result")]
        assert 1 <= len(polls) <= 2


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
    app = create_app(ASGFakeConfig(rate_limit_per_minute=2, clock="manual"))
    policy = RetryPolicy.testing(max_retries=2)
    with (
        serve_in_thread(app) as base_url,
        ASGGatewayClient(key, base_url, retry_policy=policy) as client,
    ):
        for n in range(2):
            client.submit_task("t", f"https://example.com/{n}.jpg", LABELS)
        with pytest.raises(asg_gateway.ASGGatewayHTTPError) as info:
            client.submit_task("t", "https://example.com/x.jpg", LABELS)
        assert info.value.status_code == 429
        assert isinstance(info.value, asg_gateway.ASGRateLimitError)
        assert info.value.retry_after is not None
        assert len(app.state.fake.task_ids(key)) == 2


def test_quota_is_a_403(key: str) -> None:
    app = create_app(ASGFakeConfig(task_quota=1))
    with serve_in_thread(app) as base_url, ASGGatewayClient(key, base_url) as client:
        client.submit_task("t", "https://example.com/1.jpg", LABELS)
        with pytest.raises(asg_gateway.ASGQuotaError) as info:
            client.submit_task("t", "https://example.com/2.jpg", LABELS)
        assert info.value.status_code == 403


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
    fake = served[1]
    # Queued for one step, then running with one more task done per step, then completed.
    fake.advance(JOB_STEP)
    job = client.get_job(job["job_id"])
    assert (job["status"], job["tasks_completed"]) == ("running", 0), job
    fake.advance(JOB_STEP * (job["task_count"] - 1))
    job = client.get_job(job["job_id"])
    assert (job["status"], job["tasks_completed"]) == ("running", job["task_count"] - 1), job
    fake.advance(JOB_STEP)
    job = client.get_job(job["job_id"])
    assert job["status"] == "completed", job
    assert job["tasks_completed"] == job["task_count"]
    assert not any(v in json.dumps(job) for v in S3.values())
    gcs = client.submit_job(
        "gs://bucket/manifest.jsonl", LABELS, {"service_account_json": "not json"}
    )
    fake.advance(JOB_STEP)  # a bad service account fails the job one step in
    gcs = client.get_job(gcs["job_id"])
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


async def test_the_async_client_has_the_same_surface(
    served: tuple[str, Any], key: str, clock: FakeClock
) -> None:
    async with AsyncASGGatewayClient(key, served[0]) as client:
        clock.install(client)
        task_id = (await client.submit_task("t", "https://example.com/a.jpg", LABELS))["task_id"]
        result = await client.poll_result(task_id, timeout=300, interval=5)
        assert result["task_id"] == task_id
        assert clock.sleeps == [LABELING]
        job = await client.submit_job(
            "s3://b/m.jsonl", LABELS, S3, task_type="text", consensus_threshold=2
        )
        assert (await client.get_job(job["job_id"]))["consensus_threshold"] == 2
