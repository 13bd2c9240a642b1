"""The ASG Gateway fake itself, over raw HTTP: the behaviour the SDK's tests rely on."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tools.fakes import serve_in_subprocess
from tools.fakes.asg_gateway import ASGFakeConfig, ASGGatewayFake, create_app

KEY = "sk_sandbox_fakeTests01"
LABELS = {"question": "Animal?", "options": ["cat", "dog"]}
TASK = {
    "task_type": "image_classification",
    "data_url": "https://e.test/a.jpg",
    "label_spec": LABELS,
}
S3 = {"access_key_id": "AKIAFAKETESTKEY00001", "secret_access_key": "s3-Secret/Value+1"}


@pytest.fixture
def fake_and_http() -> Iterator[tuple[ASGGatewayFake, httpx.Client]]:
    app = create_app(ASGFakeConfig(labeling_seconds=10, job_step_seconds=1))
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]

    # ASGITransport is async-only; a tiny sync bridge keeps these tests linear.
    class Bridge(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            import asyncio

            async def go() -> httpx.Response:
                response = await transport.handle_async_request(request)
                content = await response.aread()
                return httpx.Response(
                    response.status_code, headers=response.headers, content=content
                )

            return asyncio.run(go())

    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(transport=Bridge(), base_url="http://fake", headers=headers) as http:
        yield app.state.fake, http


def test_every_answer_carries_a_request_id(
    fake_and_http: tuple[ASGGatewayFake, httpx.Client],
) -> None:
    _, http = fake_and_http
    answers = [
        http.get("/v1/openapi.json", headers={"Authorization": ""}),
        http.get("/v1/tasks/nope"),
        http.get("/v1/nothing-here"),
        http.put("/v1/tasks"),
        http.get("/v1/webhooks", headers={"Authorization": "Bearer nope"}),
        http.post("/v1/tasks", content=b"{not json"),
    ]
    assert [a.status_code for a in answers] == [200, 404, 404, 405, 401, 400]
    for answer in answers:
        assert answer.headers["X-Request-Id"]
    assert all(a.json()["detail"] for a in answers[1:])
    echoed = http.get("/v1/tasks/nope", headers={"X-Request-Id": "mine-1"})
    assert echoed.headers["X-Request-Id"] == "mine-1" == echoed.json()["request_id"]


def test_tasks_label_then_settle(fake_and_http: tuple[ASGGatewayFake, httpx.Client]) -> None:
    fake, http = fake_and_http
    created = http.post("/v1/tasks", json={**TASK, "consensus_threshold": 4})
    assert created.status_code == 201
    task_id = created.json()["task_id"]
    pending = http.get(f"/v1/tasks/{task_id}/result")
    assert pending.status_code == 202
    assert pending.json()["status"] == "labeling"
    assert int(pending.headers["Retry-After"]) >= 1
    fake.advance(10)
    result = http.get(f"/v1/tasks/{task_id}/result").json()
    assert result["consensus_label"] in LABELS["options"]
    assert result["votes"][0] == {"label": result["consensus_label"], "count": 4}
    assert len(result["settlement"]["bsv_txid"]) == 64
    assert result["settlement"]["network"] == "testnet"
    assert http.get(f"/v1/tasks/{task_id}").json()["status"] == "completed"
    other = http.get(f"/v1/tasks/{task_id}", headers={"Authorization": "Bearer sk_live_other1"})
    assert other.status_code == 404  # another account's task


def test_idempotency_replays_and_conflicts(
    fake_and_http: tuple[ASGGatewayFake, httpx.Client],
) -> None:
    fake, http = fake_and_http
    first = http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k1"})
    again = http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k1"})
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert fake.task_ids(KEY) == [first.json()["task_id"]]
    other = http.post(
        "/v1/tasks", json={**TASK, "task_type": "x"}, headers={"Idempotency-Key": "k1"}
    )
    assert other.status_code == 409
    assert (
        http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k" * 256}).status_code == 400
    )


def test_batches_are_all_or_nothing(fake_and_http: tuple[ASGGatewayFake, httpx.Client]) -> None:
    fake, http = fake_and_http
    bad = http.post("/v1/tasks/batch", json={"tasks": [TASK, {**TASK, "data_url": 5}]})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][:3] == ["body", "tasks", 1]
    assert fake.task_ids(KEY) == []
    ok = http.post(
        "/v1/tasks/batch", json={"tasks": [TASK, TASK], "callback_url": "https://cb.test"}
    )
    assert ok.status_code == 201
    assert ok.json()["task_ids"] == fake.task_ids(KEY)
    task = http.get(f"/v1/tasks/{ok.json()['task_ids'][1]}").json()
    assert (task["callback_url"], task["batch_id"]) == ("https://cb.test", ok.json()["batch_id"])


def test_secrets_and_credentials_are_never_echoed(
    fake_and_http: tuple[ASGGatewayFake, httpx.Client],
) -> None:
    fake, http = fake_and_http
    secret = "whsec-never-echo-me"
    hook = http.post("/v1/webhooks", json={"callback_url": "https://h.test", "secret": secret})
    short = http.post("/v1/webhooks", json={"callback_url": "https://h.test", "secret": "tiny"})
    listed = http.get("/v1/webhooks")
    assert hook.status_code == 201
    assert short.status_code == 422
    assert fake.webhook_secret(KEY, hook.json()["webhook_id"]) == secret
    job_body = {"manifest_url": "s3://b/m.jsonl", "label_spec": LABELS}
    job = http.post("/v1/jobs", json={**job_body, "credentials": S3})
    wrong = http.post("/v1/jobs", json={**job_body, "manifest_url": "gs://b/m", "credentials": S3})
    extra = http.post(
        "/v1/jobs", json={**job_body, "credentials": {**S3, "x": S3["secret_access_key"]}}
    )
    got = http.get(f"/v1/jobs/{job.json()['job_id']}")
    assert (job.status_code, wrong.status_code, extra.status_code) == (202, 422, 422)
    everything = b"".join(r.content for r in (hook, short, listed, job, wrong, extra, got))
    for value in (secret, "tiny", *S3.values()):
        assert value.encode() not in everything


def test_jobs_progress_and_fail(fake_and_http: tuple[ASGGatewayFake, httpx.Client]) -> None:
    fake, http = fake_and_http
    job_id = http.post(
        "/v1/jobs", json={"manifest_url": "s3://b/m.jsonl", "label_spec": LABELS, "credentials": S3}
    ).json()["job_id"]
    assert http.get(f"/v1/jobs/{job_id}").json()["status"] == "queued"
    fake.advance(2)
    running = http.get(f"/v1/jobs/{job_id}").json()
    assert (running["status"], running["tasks_completed"]) == ("running", 1)
    fake.advance(100)
    done = http.get(f"/v1/jobs/{job_id}").json()
    assert done["status"] == "completed"
    assert done["tasks_completed"] == done["task_count"]
    missing = http.post(
        "/v1/jobs",
        json={
            "manifest_url": "gs://b/missing.jsonl",
            "label_spec": LABELS,
            "credentials": {"service_account_json": '{"type": "service_account"}'},
        },
    )
    fake.advance(1)
    failed = http.get(f"/v1/jobs/{missing.json()['job_id']}").json()
    assert failed["status"] == "failed"
    assert "manifest not found" in failed["error"]
    assert fake.job_ids(KEY) == [job_id, missing.json()["job_id"]]


def test_faults_and_malformed_bodies(fake_and_http: tuple[ASGGatewayFake, httpx.Client]) -> None:
    fake, http = fake_and_http
    fake.inject_faults("GET", "/v1/webhooks", statuses=(503, 429), retry_after=3)
    assert [http.get("/v1/webhooks").status_code for _ in range(3)] == [503, 429, 200]
    fake.inject_faults("POST", "/v1/tasks", statuses=(500,), act=True)
    lost = http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "lost"})
    replay = http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "lost"})
    assert (lost.status_code, replay.status_code) == (500, 201)
    assert fake.task_ids(KEY) == [replay.json()["task_id"]]
    fake.inject_malformed("GET", "/v1/webhooks", body=b"[1]")
    assert http.get("/v1/webhooks").json() == [1]
    fake.inject_faults("*", "/v1", statuses=(502,))
    fake.clear_faults()
    assert http.get("/v1/webhooks").status_code == 200


def test_rate_limit_and_quota() -> None:
    app = create_app(ASGFakeConfig(rate_limit_per_minute=1, task_quota=2))
    fake: ASGGatewayFake = app.state.fake

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        headers = {"Authorization": f"Bearer {KEY}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://fake", headers=headers
        ) as http:
            answers = [
                await http.post("/v1/tasks", json=TASK),
                await http.post("/v1/tasks", json=TASK),
            ]
            fake.advance(61)
            answers.append(await http.post("/v1/tasks/batch", json={"tasks": [TASK, TASK]}))
            return answers

    import asyncio

    ok, limited, over_quota = asyncio.run(run())
    assert (ok.status_code, limited.status_code, over_quota.status_code) == (201, 429, 403)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "quota" in over_quota.json()["detail"]


@pytest.mark.parametrize(
    "bad",
    [
        {"labeling_seconds": -1},
        {"job_step_seconds": float("nan")},
        {"rate_limit_per_minute": 0},
        {"task_quota": -1},
    ],
)
def test_config_is_checked(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        ASGFakeConfig(**bad)


def test_the_command_line_serves_the_fake() -> None:
    with serve_in_subprocess("asg_gateway", args=["--labeling-seconds", "0"]) as url:
        spec = httpx.get(f"{url}/v1/openapi.json").json()
        assert spec["info"]["title"] == "ASG Gateway API"
        headers = {"Authorization": f"Bearer {KEY}"}
        task = httpx.post(f"{url}/v1/tasks", json=TASK, headers=headers).json()
        result = httpx.get(f"{url}/v1/tasks/{task['task_id']}/result", headers=headers)
        assert result.status_code == 200
        assert json.loads(result.content)["task_id"] == task["task_id"]
