"""The ASG Gateway fake's behaviour, over raw HTTP: what the SDK's tests rely on.

Most tests talk to the app in-process (``httpx.ASGITransport``); one serves it with uvicorn in a
thread (the hooks are called from the test's thread meanwhile) and one runs the command line.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest
from asg_gateway.testing._fake import SPEC_PATH, ASGFakeConfig, ASGGatewayFake, create_app
from jsonschema import Draft202012Validator

from tools.fakes import serve_in_subprocess, serve_in_thread
from tools.fakes.__main__ import main as cli_main

KEY = "sk_sandbox_fakeTests01"
OTHER = "sk_sandbox_someoneElse-77"
LIVE = "sk_live_production_01"
LABELS = {"question": "Animal?", "options": ["cat", "dog", "bird"]}
TASK: dict[str, Any] = {
    "task_type": "image_classification",
    "data_url": "https://e.test/a.jpg",
    "label_spec": LABELS,
}
S3 = {
    "access_key_id": "AKIAFAKETESTKEY00001",
    "secret_access_key": "s3-Secret/Value+1",
    "region": "eu-west-3",
    "session_token": "s3-session-token-XYZ",
}
SERVICE_ACCOUNT = json.dumps(
    {"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----gcs-pk-123"}
)
GCS = {"service_account_json": SERVICE_ACCOUNT}
SLOW = ASGFakeConfig(labeling_seconds=10, job_step_seconds=1)

_SPEC = json.loads(SPEC_PATH.read_text(encoding="utf-8"))

# A fake and a factory of in-process clients, one account per key (None: no Authorization).
Env = tuple[ASGGatewayFake, Callable[..., httpx.AsyncClient]]


def conforms(name: str, body: Any) -> None:
    """``body`` matches the spec's component schema ``name``."""
    validator = Draft202012Validator(
        {"components": _SPEC["components"], "$ref": f"#/components/schemas/{name}"}
    )
    errors = [e.message for e in validator.iter_errors(body)]
    assert not errors, f"{name}: {errors}"


@asynccontextmanager
async def serve(config: ASGFakeConfig = SLOW) -> AsyncIterator[Env]:
    """A fresh fake and a factory of in-process clients (one account per key)."""
    app = create_app(config)
    clients: list[httpx.AsyncClient] = []

    def client(key: str | None = KEY) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        made = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://fake", headers=headers
        )
        clients.append(made)
        return made

    try:
        yield app.state.fake, client
    finally:
        for made in clients:
            await made.aclose()


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with serve() as served:
        yield served


@pytest.fixture
def fake(env: Env) -> ASGGatewayFake:
    return env[0]


@pytest.fixture
def http(env: Env) -> httpx.AsyncClient:
    return env[1]()


def detail(response: httpx.Response, status: int) -> Any:
    """An error answer's detail, after checking its status, shape and request id."""
    assert response.status_code == status, response.text
    body = response.json()
    conforms("Error", body)
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body["detail"]


def stamp(text: str) -> float:
    assert text.endswith("Z"), text
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


# ---------------------------------------------------------------------------- protocol


async def test_every_answer_carries_a_request_id(
    fake: ASGGatewayFake, http: httpx.AsyncClient, env: Env
) -> None:
    hook = (
        await http.post("/v1/webhooks", json={"callback_url": "https://h.test", "secret": "s" * 8})
    ).json()
    fake.inject_faults("GET", "/v1/jobs/x", statuses=(503,))
    fake.inject_malformed("GET", "/v1/jobs/y", body=b"<html>", content_type="text/html")
    answers = {
        "spec": await env[1](None).get("/v1/openapi.json"),
        "unknown id": await http.get("/v1/tasks/nope"),
        "unknown route": await http.get("/v1/nothing-here"),
        "trailing slash": await http.get("/v1/webhooks/"),
        "wrong method": await http.put("/v1/tasks"),
        "no key": await env[1](None).get("/v1/webhooks"),
        "bad key": await http.get("/v1/webhooks", headers={"Authorization": "Bearer nope"}),
        "not json": await http.post("/v1/tasks", content=b"{not json"),
        "invalid": await http.post("/v1/tasks", json={}),
        "deleted": await http.delete(f"/v1/webhooks/{hook['webhook_id']}"),
        "fault": await http.get("/v1/jobs/x"),
        "malformed": await http.get("/v1/jobs/y"),
    }
    statuses = {name: answer.status_code for name, answer in answers.items()}
    assert statuses == {
        "spec": 200,
        "unknown id": 404,
        "unknown route": 404,
        "trailing slash": 404,
        "wrong method": 405,
        "no key": 401,
        "bad key": 401,
        "not json": 400,
        "invalid": 422,
        "deleted": 204,
        "fault": 503,
        "malformed": 200,
    }
    for name, answer in answers.items():
        assert re.fullmatch(r"req_[0-9a-f]{24}", answer.headers["X-Request-Id"]), name
        if answer.status_code >= 400:
            detail(answer, answer.status_code)
    assert answers["deleted"].content == b""
    assert answers["wrong method"].headers["Allow"] == "POST"
    ids = [a.headers["X-Request-Id"] for a in answers.values()]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [("mine-1", True), ("x" * 200, True), ("x" * 201, False), ("tab\there", False)],
)
async def test_a_sane_client_request_id_is_echoed(
    http: httpx.AsyncClient, sent: str, echoed: bool
) -> None:
    for answer in (
        await http.get("/v1/tasks/nope", headers={"X-Request-Id": sent}),
        await http.get("/v1/webhooks", headers={"X-Request-Id": sent}),
        await http.get("/v1/nothing", headers={"X-Request-Id": sent}),
    ):
        assert (answer.headers["X-Request-Id"] == sent) is echoed


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Basic c2tfc2FuZGJveF94",
        "Bearer sk_test_abc",
        "Bearer sk_sandbox_",
        "Bearer sk_sandbox_a.b",
        "Bearer gn_live_abc",
    ],
)
async def test_missing_or_malformed_keys_are_401(env: Env, authorization: str | None) -> None:
    http = env[1](None)
    headers = {} if authorization is None else {"Authorization": authorization}
    for answer in (
        await http.get("/v1/webhooks", headers=headers),
        await http.post("/v1/tasks", json=TASK, headers=headers),
        await http.get("/v1/jobs/j", headers=headers),
    ):
        assert "API key" in detail(answer, 401)


async def test_the_spec_is_public(env: Env) -> None:
    answer = await env[1](None).get("/v1/openapi.json")
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.content == SPEC_PATH.read_bytes()


async def test_bodies_are_validated_without_quoting_values(http: httpx.AsyncClient) -> None:
    assert "not valid JSON" in detail(await http.post("/v1/tasks", content=b""), 400)
    nan = b'{"task_type": "t", "data_url": "a:b", "label_spec": NaN}'
    detail(await http.post("/v1/tasks", content=nan), 400)
    detail(await http.post("/v1/tasks", content=b"[" * 100_000), 400)
    cases: list[tuple[Any, list[Any]]] = [
        ([TASK], ["body"]),
        ({**TASK, "data_url": "not a uri"}, ["body", "data_url"]),
        ({**TASK, "data_url": "https://e.test/%zz"}, ["body", "data_url"]),
        ({**TASK, "consensus_threshold": 26}, ["body", "consensus_threshold"]),
        ({**TASK, "consensus_threshold": True}, ["body", "consensus_threshold"]),
        ({**TASK, "label_spec": {"question": "q", "options": ["a"]}}, ["body", "label_spec"]),
        ({**TASK, "label_spec": {"question": "q", "options": ["a", "a"]}}, ["body", "label_spec"]),
        ({**TASK, "unexpected": "value-xyz"}, ["body"]),
        ({"task_type": "t"}, ["body"]),
    ]
    for body, loc in cases:
        answer = await http.post("/v1/tasks", json=body)
        problems = detail(answer, 422)
        assert problems, body
        assert all(set(p) == {"loc", "msg"} for p in problems)
        assert problems[0]["loc"][: len(loc)] == loc, (body, problems)
        assert b"value-xyz" not in answer.content
        assert b"not a uri" not in answer.content
    # What the spec allows is accepted: any URI scheme, unknown label_spec keys, 1 and 25.
    for body in (
        {**TASK, "data_url": "urn:isbn:0451450523", "consensus_threshold": 1},
        {**TASK, "label_spec": {**LABELS, "extra": {"nested": [1]}}, "consensus_threshold": 25},
    ):
        assert (await http.post("/v1/tasks", json=body)).status_code == 201
    assert detail(await http.get(f"/v1/tasks/{'t' * 129}"), 404) == "no such task"


# ---------------------------------------------------------------------------- tasks


async def test_a_task_labels_then_settles(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    created = await http.post("/v1/tasks", json={**TASK, "consensus_threshold": 4})
    assert created.status_code == 201
    body = created.json()
    conforms("TaskCreated", body)
    assert body["status"] == "labeling"
    task_id = body["task_id"]
    assert abs(stamp(body["created_at"]) - fake.now()) < 5

    task = (await http.get(f"/v1/tasks/{task_id}")).json()
    conforms("Task", task)
    assert (task["status"], task["labels_received"], task["consensus_threshold"]) == (
        "labeling",
        0,
        4,
    )
    assert "completed_at" not in task
    pending = await http.get(f"/v1/tasks/{task_id}/result")
    assert pending.status_code == 202
    conforms("TaskPending", pending.json())
    assert pending.json() == {
        "task_id": task_id,
        "status": "labeling",
        "labels_received": 0,
        "consensus_threshold": 4,
    }
    assert 9 <= int(pending.headers["Retry-After"]) <= 10

    fake.advance(5.5)
    halfway = await http.get(f"/v1/tasks/{task_id}/result")
    assert halfway.json()["labels_received"] == 2
    assert 4 <= int(halfway.headers["Retry-After"]) <= 5
    fake.advance(4.45)
    almost = await http.get(f"/v1/tasks/{task_id}/result")
    assert (almost.status_code, almost.headers["Retry-After"]) == (202, "1")
    assert almost.json()["labels_received"] == 3  # never the threshold before consensus

    fake.advance(0.1)
    result = await http.get(f"/v1/tasks/{task_id}/result")
    assert result.status_code == 200
    assert "Retry-After" not in result.headers
    settled = result.json()
    conforms("TaskResult", settled)
    assert settled["status"] == "completed"
    assert settled["consensus_label"] in LABELS["options"]
    votes = settled["votes"]
    assert votes[0] == {"label": settled["consensus_label"], "count": 4}
    assert all(v["label"] != settled["consensus_label"] for v in votes[1:])
    total = sum(v["count"] for v in votes)
    assert settled["agreement"] == pytest.approx(4 / total)
    settlement = settled["settlement"]
    assert re.fullmatch(r"[0-9a-f]{64}", settlement["bsv_txid"])
    assert isinstance(settlement["amount_sats"], int)
    assert settlement["amount_sats"] > 0
    assert settlement["network"] == "testnet"
    assert settlement["settled_at"] == settled["completed_at"]
    assert (await http.get(f"/v1/tasks/{task_id}/result")).json() == settled

    done = (await http.get(f"/v1/tasks/{task_id}")).json()
    conforms("Task", done)
    assert (done["status"], done["labels_received"]) == ("completed", total)
    assert done["completed_at"] == settled["completed_at"]
    assert stamp(done["completed_at"]) == pytest.approx(stamp(body["created_at"]) + 10, abs=0.01)
    assert (done["task_type"], done["data_url"], done["label_spec"]) == (
        TASK["task_type"],
        TASK["data_url"],
        LABELS,
    )


async def test_consensus_is_deterministic_and_varied() -> None:
    results = []
    for _ in range(2):
        async with serve(ASGFakeConfig(labeling_seconds=0, seed=7)) as (_, client):
            http = client()
            ids = [(await http.post("/v1/tasks", json=TASK)).json()["task_id"] for _ in range(12)]
            answers = [(await http.get(f"/v1/tasks/{i}/result")).json() for i in ids]
            results.append(
                [{k: a[k] for k in ("task_id", "consensus_label", "votes")} for a in answers]
            )
    assert results[0] == results[1]
    assert len({r["consensus_label"] for r in results[0]}) > 1
    assert {len(r["votes"]) for r in results[0]} == {1, 2}  # unanimous and with a dissenter


async def test_live_keys_settle_on_mainnet(env: Env) -> None:
    fake, client = env
    live, sandbox = client(LIVE), client(KEY)
    txids = {}
    for http, network in ((live, "mainnet"), (sandbox, "testnet")):
        task_id = (await http.post("/v1/tasks", json=TASK)).json()["task_id"]
        fake.advance(10)
        settlement = (await http.get(f"/v1/tasks/{task_id}/result")).json()["settlement"]
        assert settlement["network"] == network
        txids[network] = settlement["bsv_txid"]
    assert txids["mainnet"] != txids["testnet"]


async def test_a_batch_is_all_or_nothing(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    bad = await http.post("/v1/tasks/batch", json={"tasks": [TASK, TASK, {**TASK, "data_url": 5}]})
    assert detail(bad, 422)[0]["loc"] == ["body", "tasks", 2, "data_url"]
    detail(await http.post("/v1/tasks/batch", json={"tasks": []}), 422)
    detail(await http.post("/v1/tasks/batch", json={"tasks": [TASK] * 1001}), 422)
    assert fake.task_ids(KEY) == []

    own = {**TASK, "callback_url": "https://own.test/cb"}
    ok = await http.post(
        "/v1/tasks/batch", json={"tasks": [TASK, own, TASK], "callback_url": "https://cb.test"}
    )
    assert ok.status_code == 201
    batch = ok.json()
    conforms("BatchCreated", batch)
    assert (batch["task_count"], batch["status"]) == (3, "accepted")
    assert batch["task_ids"] == fake.task_ids(KEY)
    tasks = [(await http.get(f"/v1/tasks/{i}")).json() for i in batch["task_ids"]]
    assert [t["callback_url"] for t in tasks] == [
        "https://cb.test",
        "https://own.test/cb",
        "https://cb.test",
    ]
    assert {t["batch_id"] for t in tasks} == {batch["batch_id"]}
    assert {t["status"] for t in tasks} == {"labeling"}
    single = await http.post("/v1/tasks", json=TASK)
    assert "batch_id" not in (await http.get(f"/v1/tasks/{single.json()['task_id']}")).json()


# ---------------------------------------------------------------------------- idempotency


async def test_a_repeated_key_replays_the_first_answer(fake: ASGGatewayFake, env: Env) -> None:
    http = env[1]()
    first = await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k1"})
    # The same JSON with other key order and spacing is the same request.
    same = json.dumps(dict(reversed(list(TASK.items()))), indent=2).encode()
    again = await http.post(
        "/v1/tasks",
        content=same,
        headers={"Idempotency-Key": "k1", "X-Request-Id": "retry-1"},
    )
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["X-Request-Id"] == "retry-1"
    assert fake.task_ids(KEY) == [first.json()["task_id"]]

    conflict = await http.post(
        "/v1/tasks", json={**TASK, "task_type": "x"}, headers={"Idempotency-Key": "k1"}
    )
    assert "different request body" in detail(conflict, 409)
    # A key is scoped to its path and account.
    batch = await http.post(
        "/v1/tasks/batch", json={"tasks": [TASK]}, headers={"Idempotency-Key": "k1"}
    )
    theirs = await env[1](OTHER).post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k1"})
    assert (batch.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs.headers
    assert len(fake.task_ids(KEY)) == 2
    for bad_key in ("", "k" * 256):
        answer = await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": bad_key})
        assert "Idempotency-Key" in detail(answer, 400)
    assert (
        await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "k" * 255})
    ).status_code == 201


async def test_errors_are_not_replayed(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "fix-and-retry"}
    detail(await http.post("/v1/tasks", json={"task_type": "t"}, headers=headers), 422)
    fixed = await http.post("/v1/tasks", json=TASK, headers=headers)
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers
    hook = {"callback_url": "https://h.test", "secret": "s3cr3t-value"}
    created = await http.post("/v1/webhooks", json=hook, headers=headers)
    await http.delete(f"/v1/webhooks/{created.json()['webhook_id']}")
    replayed = await http.post("/v1/webhooks", json=hook, headers=headers)
    assert replayed.content == created.content  # a replay is the first answer, not a new act


async def test_concurrent_requests_with_one_key_act_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A slow handler, so the other requests arrive while the first is still in progress.
    original = ASGGatewayFake.on_submit_batch
    started = 0

    async def slow(self: ASGGatewayFake, call: Any) -> Any:
        nonlocal started
        started += 1
        await asyncio.sleep(0.05)
        return await original(self, call)

    monkeypatch.setattr(ASGGatewayFake, "on_submit_batch", slow)
    async with serve() as (fake, client):
        http = client()
        headers = {"Idempotency-Key": "burst"}
        body = {"tasks": [TASK] * 50}
        answers = await asyncio.gather(
            *(http.post("/v1/tasks/batch", json=body, headers=headers) for _ in range(6))
        )
    assert started == 1
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert sum("Idempotent-Replayed" in a.headers for a in answers) == 5
    assert len(fake.task_ids(KEY)) == 50


# ---------------------------------------------------------------------------- webhooks


async def test_webhooks_keep_their_secret_and_never_echo_it(
    fake: ASGGatewayFake, http: httpx.AsyncClient
) -> None:
    secret = "whsec-never-echo-me"
    answers = [
        await http.post(
            "/v1/webhooks", json={"callback_url": "https://h.test/1", "secret": secret}
        ),
        await http.post(
            "/v1/webhooks",
            json={
                "callback_url": "https://h.test/2",
                "secret": secret + "-2",
                "events": ["task.failed", "job.completed"],
            },
        ),
    ]
    first, second = (a.json() for a in answers)
    for hook in (first, second):
        conforms("Webhook", hook)
        assert hook["active"] is True
    assert first["events"] == ["task.completed"]
    assert second["events"] == ["task.failed", "job.completed"]
    assert fake.webhook_secret(KEY, first["webhook_id"]) == secret
    assert fake.webhook_secret(KEY, second["webhook_id"]) == secret + "-2"
    assert fake.webhook_secret(OTHER, first["webhook_id"]) is None
    assert fake.webhook_secret(KEY, "wh_unknown") is None

    invalid = [
        {"callback_url": "https://h.test", "secret": "short"},
        {"callback_url": "https://h.test", "secret": secret * 20},
        {"callback_url": "no uri", "secret": secret},
        {"callback_url": "https://h.test", "secret": secret, "events": [secret, secret]},
        {"callback_url": "https://h.test", "secret": secret, "events": []},
        {"callback_url": "https://h.test", "secret": [secret]},
        {"callback_url": "https://h.test", "secret": secret, secret: secret[::-1]},
        {"secret": secret},
    ]
    for body in invalid:
        answer = await http.post("/v1/webhooks", json=body)
        detail(answer, 422)
        answers.append(answer)
    answers.append(await http.get("/v1/webhooks"))
    listed = answers[-1].json()
    assert [h["webhook_id"] for h in listed] == [first["webhook_id"], second["webhook_id"]]
    assert listed == [first, second]
    everything = b"".join(a.content + str(a.headers).encode() for a in answers)
    assert secret.encode() not in everything
    assert secret[::-1].encode() not in everything
    assert b"short" not in everything


async def test_deleting_a_webhook(env: Env) -> None:
    fake, client = env
    http, other = client(), client(OTHER)
    hook = (
        await http.post("/v1/webhooks", json={"callback_url": "https://h.test", "secret": "x" * 8})
    ).json()
    path = f"/v1/webhooks/{hook['webhook_id']}"
    assert detail(await other.delete(path), 404) == "no such webhook"
    deleted = await http.delete(path)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert deleted.headers["X-Request-Id"]
    detail(await http.delete(path), 404)
    assert (await http.get("/v1/webhooks")).json() == []
    assert fake.webhook_secret(KEY, hook["webhook_id"]) is None


# ---------------------------------------------------------------------------- jobs


def job_body(manifest: str = "s3://bucket/batch/manifest.jsonl", **extra: Any) -> dict[str, Any]:
    return {"manifest_url": manifest, "label_spec": LABELS, "credentials": S3, **extra}


async def test_jobs_never_echo_credentials(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    answers = [
        await http.post("/v1/jobs", json=job_body()),
        await http.post("/v1/jobs", json=job_body("gs://bucket/m.jsonl", credentials=GCS)),
    ]
    for answer in answers:
        assert answer.status_code == 202
        conforms("Job", answer.json())
    ids = [a.json()["job_id"] for a in answers]
    assert fake.job_ids(KEY) == ids
    assert [a.json()["credentials_type"] for a in answers] == ["s3", "gcs"]
    fake.advance(100)
    answers += [await http.get(f"/v1/jobs/{i}") for i in ids]
    invalid = [
        job_body("gs://bucket/m.jsonl"),
        job_body(credentials={**S3, "extra_secret": "extra-value-1"}),
        job_body(credentials={**S3, **GCS}),
        job_body(credentials={**S3, "secret_access_key": "s" * 257}),
        job_body(credentials={**S3, "access_key_id": 12345678901}),
        job_body(credentials={"service_account_json": "x"}),
        job_body("https://bucket/m.jsonl"),
        job_body(credentials=[S3]),
        {**job_body(), "secret_access_key": S3["secret_access_key"]},
    ]
    for body in invalid:
        answer = await http.post("/v1/jobs", json=body)
        detail(answer, 422)
        answers.append(answer)
    assert fake.job_ids(KEY) == ids
    everything = b"".join(a.content for a in answers)
    assert b'"credentials"' not in b"".join(a.content for a in answers[:4])
    for value in (*S3.values(), SERVICE_ACCOUNT, "gcs-pk-123", "extra_secret", "extra-value-1"):
        assert value.encode() not in everything, value
    assert b"12345678901" not in everything


async def test_a_manifest_takes_its_own_kind_of_credentials(
    fake: ASGGatewayFake, http: httpx.AsyncClient
) -> None:
    for manifest, credentials, wanted in (
        ("s3://b/m.jsonl", GCS, "S3Credentials"),
        ("gs://b/m.jsonl", S3, "GCSCredentials"),
    ):
        answer = await http.post("/v1/jobs", json=job_body(manifest, credentials=credentials))
        [problem] = detail(answer, 422)
        assert problem["loc"] == ["body", "credentials"]
        assert wanted in problem["msg"]
    assert fake.job_ids(KEY) == []


async def test_a_job_runs_through_its_tasks(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    created = await http.post("/v1/jobs", json=job_body(callback_url="https://cb.test"))
    job = created.json()
    assert (job["status"], job["tasks_completed"]) == ("queued", 0)
    assert (job["task_type"], job["consensus_threshold"]) == ("image_classification", 3)
    assert job["manifest_url"] == "s3://bucket/batch/manifest.jsonl"
    assert job["label_spec"] == LABELS
    assert 3 <= job["task_count"] <= 40
    path = f"/v1/jobs/{job['job_id']}"
    assert (await http.get(path)).json()["status"] == "queued"
    seen = []
    for _ in range(job["task_count"] + 2):
        fake.advance(1)
        now = (await http.get(path)).json()
        conforms("Job", now)
        seen.append((now["status"], now["tasks_completed"]))
    assert seen[0] == ("running", 0)
    assert seen[-2:] == [("completed", job["task_count"])] * 2
    assert [n for _, n in seen] == sorted(n for _, n in seen)
    assert {s for s, _ in seen} == {"running", "completed"}
    done = (await http.get(path)).json()
    assert stamp(done["updated_at"]) == pytest.approx(
        stamp(done["created_at"]) + job["task_count"] + 1, abs=0.01
    )
    again = await http.post("/v1/jobs", json=job_body(task_type="text", consensus_threshold=5))
    assert again.json()["task_count"] == job["task_count"]  # from the manifest URL
    assert (again.json()["task_type"], again.json()["consensus_threshold"]) == ("text", 5)
    assert fake.task_ids(KEY) == []  # jobs do not count as submitted tasks


@pytest.mark.parametrize(
    ("manifest", "credentials", "error"),
    [
        ("s3://bucket/missing/manifest.jsonl", S3, "manifest not found"),
        (
            "gs://bucket/m.jsonl",
            {"service_account_json": "not json at all"},
            "credentials rejected",
        ),
        (
            "gs://bucket/m.jsonl",
            {"service_account_json": '{"type": "user"}'},
            "credentials rejected",
        ),
        ("gs://bucket/m.jsonl", {"service_account_json": "[" * 5000}, "credentials rejected"),
    ],
)
async def test_jobs_fail_one_step_in(
    fake: ASGGatewayFake,
    http: httpx.AsyncClient,
    manifest: str,
    credentials: dict[str, str],
    error: str,
) -> None:
    created = await http.post("/v1/jobs", json=job_body(manifest, credentials=credentials))
    assert created.status_code == 202  # the spec accepts it; the failure comes later
    path = f"/v1/jobs/{created.json()['job_id']}"
    fake.advance(0.5)
    assert (await http.get(path)).json()["status"] == "queued"
    fake.advance(0.6)
    failed = (await http.get(path)).json()
    conforms("Job", failed)
    assert failed["status"] == "failed"
    assert failed["error"].startswith(error)
    assert failed["tasks_completed"] == 0
    for value in credentials.values():
        assert value not in failed["error"]
    fake.advance(100)
    assert (await http.get(path)).json() == failed


# ---------------------------------------------------------------------------- accounts, limits


async def test_accounts_are_isolated(env: Env) -> None:
    fake, client = env
    mine, theirs = client(KEY), client(OTHER)
    task_id = (await mine.post("/v1/tasks", json=TASK)).json()["task_id"]
    job_id = (await mine.post("/v1/jobs", json=job_body())).json()["job_id"]
    hook = await mine.post(
        "/v1/webhooks", json={"callback_url": "https://h.test", "secret": "x" * 8}
    )
    for path in (f"/v1/tasks/{task_id}", f"/v1/tasks/{task_id}/result", f"/v1/jobs/{job_id}"):
        detail(await theirs.get(path), 404)
        assert (await mine.get(path)).status_code in {200, 202}
    detail(await theirs.delete(f"/v1/webhooks/{hook.json()['webhook_id']}"), 404)
    assert (await theirs.get("/v1/webhooks")).json() == []
    assert len((await mine.get("/v1/webhooks")).json()) == 1
    assert fake.task_ids(KEY) == [task_id]
    assert fake.job_ids(KEY) == [job_id]
    assert fake.task_ids(OTHER) == fake.job_ids(OTHER) == []
    assert fake.task_ids("sk_sandbox_never_seen") == []


async def test_posts_are_rate_limited_per_account() -> None:
    async with serve(ASGFakeConfig(rate_limit_per_minute=2)) as (fake, client):
        http = client()
        assert (await http.post("/v1/tasks", json=TASK)).status_code == 201
        fake.advance(20)
        assert (
            await http.post("/v1/webhooks", json={"callback_url": "https://h.t", "secret": "x" * 8})
        ).status_code == 201
        fake.advance(10)
        limited = await http.post("/v1/jobs", json=job_body())
        assert "rate limit" in detail(limited, 429)
        assert limited.headers["Retry-After"] == "30"  # when the first POST leaves the window
        invalid = await http.post("/v1/tasks", json={})
        assert invalid.status_code == 429  # rejected before anything else is looked at
        assert (await http.get("/v1/webhooks")).status_code == 200  # reads are not limited
        assert (await client(OTHER).post("/v1/tasks", json=TASK)).status_code == 201
        fake.advance(30)
        assert (await http.post("/v1/tasks", json=TASK)).status_code == 201
        assert len(fake.task_ids(KEY)) == 2


async def test_the_task_quota_is_a_403() -> None:
    async with serve(ASGFakeConfig(task_quota=3)) as (fake, client):
        http = client()
        assert (await http.post("/v1/tasks/batch", json={"tasks": [TASK, TASK]})).status_code == 201
        over = await http.post("/v1/tasks/batch", json={"tasks": [TASK, TASK]})
        assert detail(over, 403).startswith("task quota exhausted")
        assert len(fake.task_ids(KEY)) == 2  # nothing of the batch was created
        assert (await http.post("/v1/tasks", json=TASK)).status_code == 201
        detail(await http.post("/v1/tasks", json=TASK), 403)
        assert (await http.post("/v1/jobs", json=job_body())).status_code == 202
        assert (await client(OTHER).post("/v1/tasks", json=TASK)).status_code == 201


async def test_the_rate_limit_can_be_switched_off() -> None:
    async with serve(ASGFakeConfig(rate_limit_per_minute=1)) as (fake, client):
        http = client()
        assert (await http.post("/v1/tasks", json=TASK)).status_code == 201
        detail(await http.post("/v1/tasks", json=TASK), 429)
        fake.rate_limit = None  # e.g. for a benchmark of many concurrent calls
        answers = await asyncio.gather(*(http.post("/v1/tasks", json=TASK) for _ in range(100)))
        assert {a.status_code for a in answers} == {201}


async def test_a_manual_clock_stands_still_until_advanced() -> None:
    start = 1_800_000_000.0
    config = ASGFakeConfig(labeling_seconds=10, clock="manual", start_time=start)
    async with serve(config) as (fake, client):
        http = client()
        created = (await http.post("/v1/tasks", json=TASK)).json()
        assert stamp(created["created_at"]) == start
        path = f"/v1/tasks/{created['task_id']}/result"
        assert (await http.get(path)).headers["Retry-After"] == "10"
        assert fake.now() == start
        fake.advance(10)
        assert (await http.get(path)).json()["completed_at"] == created["created_at"].replace(
            "00:00.000", "00:10.000"
        )


async def test_received_requests_are_listed_with_the_key_masked(
    fake: ASGGatewayFake, http: httpx.AsyncClient
) -> None:
    await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "seen"})
    await http.get("/v1/tasks/batch")
    created, wrong = fake.received
    assert (created.method, created.path, created.operation_id, created.status) == (
        "POST",
        "/v1/tasks",
        "submit_task",
        201,
    )
    assert created.body_bytes == int(created.headers["content-length"]) > 0
    assert created.headers["authorization"] == "Bearer ***"
    assert created.headers["idempotency-key"] == "seen"
    assert KEY not in repr(fake.received)
    # A literal path wins over a templated one: GET /v1/tasks/batch is the wrong method.
    assert (wrong.operation_id, wrong.status) == (None, 405)
    assert (await http.get("/v1/tasks/batch")).headers["Allow"] == "POST"


@pytest.mark.parametrize(
    "bad",
    [
        {"labeling_seconds": -1},
        {"labeling_seconds": float("inf")},
        {"job_step_seconds": float("nan")},
        {"rate_limit_per_minute": -1},
        {"task_quota": -1},
        {"task_quota": 2.5},
        {"seed": None},
    ],
)
def test_config_is_checked(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        ASGFakeConfig(**bad)


# ---------------------------------------------------------------------------- test hooks


async def test_injected_faults(fake: ASGGatewayFake, http: httpx.AsyncClient) -> None:
    fake.inject_faults("GET", "/v1/webhooks", statuses=(503, 429), retry_after=3.0)
    answers = [await http.get("/v1/webhooks") for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 429, 200]
    assert [a.headers.get("Retry-After") for a in answers] == ["3", "3", None]
    assert detail(answers[0], 503) == "injected fault: 503 Service Unavailable"

    # Unmatched methods and paths are untouched; "*" matches any method.
    fake.inject_faults("*", "/v1/jobs", statuses=(500,))
    assert (await http.get("/v1/webhooks")).status_code == 200
    assert (await http.get("/v1/jobs/j")).status_code == 500
    assert (await http.get("/v1/jobs/j")).status_code == 404

    # act=True: the task is created and its answer stored, but the client sees a 502.
    fake.inject_faults("POST", "/v1/tasks", statuses=(502,), act=True)
    lost = await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "lost"})
    assert lost.status_code == 502
    assert len(fake.task_ids(KEY)) == 1
    retried = await http.post("/v1/tasks", json=TASK, headers={"Idempotency-Key": "lost"})
    assert retried.status_code == 201
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert fake.task_ids(KEY) == [retried.json()["task_id"]]

    fake.inject_malformed("GET", "/v1/webhooks", body=b"[1]", times=2)
    assert [(await http.get("/v1/webhooks")).json() for _ in range(3)] == [[1], [1], []]
    fake.inject_malformed("POST", "/v1/tasks", body=b"oops", status=201, content_type="text/plain")
    odd = await http.post("/v1/tasks", json=TASK)
    assert (odd.status_code, odd.content, odd.headers["content-type"]) == (
        201,
        b"oops",
        "text/plain",
    )
    assert len(fake.task_ids(KEY)) == 1  # a malformed answer is not handled

    fake.inject_faults("*", "/v1", statuses=(502,) * 5)
    fake.inject_malformed("*", "/v1")
    fake.clear_faults()
    assert (await http.get("/v1/webhooks")).status_code == 200
    with pytest.raises(ValueError, match="must not be empty"):
        fake.inject_faults("GET", "/v1", statuses=())
    with pytest.raises(ValueError, match="4xx or 5xx"):
        fake.inject_faults("GET", "/v1", statuses=(200,))
    with pytest.raises(ValueError, match="forward"):
        fake.advance(-1)


def test_hooks_work_while_uvicorn_serves_in_another_thread() -> None:
    app = create_app(ASGFakeConfig(labeling_seconds=3600))
    fake: ASGGatewayFake = app.state.fake
    with (
        serve_in_thread(app) as base_url,
        httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"}) as http,
    ):
        task_id = http.post("/v1/tasks", json=TASK).json()["task_id"]
        assert http.get(f"/v1/tasks/{task_id}/result").status_code == 202
        fake.advance(3600)
        assert http.get(f"/v1/tasks/{task_id}/result").status_code == 200
        fake.inject_faults("GET", "/v1/tasks", statuses=(503,))
        assert http.get(f"/v1/tasks/{task_id}").status_code == 503
        assert fake.task_ids(KEY) == [task_id]


def test_the_command_line_serves_the_fake() -> None:
    args = ["--labeling-seconds", "0", "--job-step-seconds", "0", "--task-quota", "1"]
    args += ["--rate-limit", "100", "--seed", "3"]
    with serve_in_subprocess("asg_gateway", args=args) as url:
        assert httpx.get(f"{url}/v1/openapi.json").json()["info"]["title"] == "ASG Gateway API"
        headers = {"Authorization": f"Bearer {KEY}"}
        task = httpx.post(f"{url}/v1/tasks", json=TASK, headers=headers).json()
        result = httpx.get(f"{url}/v1/tasks/{task['task_id']}/result", headers=headers)
        assert result.status_code == 200
        assert httpx.post(f"{url}/v1/tasks", json=TASK, headers=headers).status_code == 403
        job = httpx.post(f"{url}/v1/jobs", json=job_body(), headers=headers).json()
        assert httpx.get(f"{url}/v1/jobs/{job['job_id']}", headers=headers).json()["status"] == (
            "completed"
        )


def test_the_command_line_rejects_a_bad_config(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli_main(["asg_gateway", "--labeling-seconds", "-1"])
    assert info.value.code == 2
    assert "labeling_seconds" in capsys.readouterr().err
