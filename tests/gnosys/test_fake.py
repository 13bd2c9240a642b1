"""The Gnosys fake's behaviour, over real HTTP (plain httpx against serve_in_thread)."""

from __future__ import annotations

import io
import itertools
import json
import socket
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest
from gnosys.testing._fake import GnosysFake, GnosysFakeConfig, create_app

from tools.fakes import FAKES, serve_in_subprocess, serve_in_thread

KEY = "gn_live_fakeTestsA1_X9F2"
OTHER = "gn_live_someoneElse-77"
SWEEP: dict[str, Any] = {
    "domain": "tabular",
    "strategist": {"kind": "hp_sweep", "key": "C", "values": [0.001, 0.01, 0.1, 1.0, 10.0]},
    "spec_template": {
        "spec_id": "_t",
        "name": "first run",
        "task": "classification",
        "dataset_id": "synthetic_binary",
        "model_family": "logistic",
        "hyperparameters": {"C": 1.0},
    },
    "max_iterations": 4,
}
FEATURES_CSV = b"x1,x2,x3,x4\n0.1,0.2,0.3,0.4\n1,2,3,4\n5,6,7,8\n"
START = 1_800_000_000.0  # a manual clock's start: 2027-01-15T08:00:00Z


class Fake:
    """A served fake plus an httpx client per key."""

    def __init__(self, app: Any, base_url: str) -> None:
        self.state: GnosysFake = app.state.fake
        self.base_url = base_url
        self._clients: list[httpx.Client] = []

    def client(self, key: str | None = KEY) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        client = httpx.Client(base_url=self.base_url, headers=headers, timeout=10)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            client.close()


@contextmanager
def _serve(config: GnosysFakeConfig) -> Iterator[Fake]:
    app = create_app(config)
    with serve_in_thread(app) as base_url:
        fake = Fake(app, base_url)
        try:
            yield fake
        finally:
            fake.close()


@pytest.fixture(scope="module")
def shared() -> Iterator[Fake]:
    # Slow steps: a run stays queued/running until the test moves the clock (or waits).
    with _serve(GnosysFakeConfig(step_seconds=0.2)) as served:
        yield served


@pytest.fixture
def fake(shared: Fake) -> Iterator[Fake]:
    yield shared
    shared.state.clear_faults()


_keys = itertools.count()


@pytest.fixture
def key() -> str:
    """A key of its own per test: each key is a tenant, so tests sharing a server stay apart."""
    return f"gn_live_test{next(_keys)}_X9F2"


@pytest.fixture
def api(fake: Fake, key: str) -> httpx.Client:
    return fake.client(key)


def _complete(fake: Fake, api: httpx.Client, body: dict[str, Any] = SWEEP) -> str:
    created = api.post("/v1/runs", json=body)
    assert created.status_code == 202, created.text
    fake.state.advance(60)
    run_id: str = created.json()["run_id"]
    return run_id


def _timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _error(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    assert response.headers["X-Request-Id"] == body["request_id"]
    return body["detail"]


# ---------------------------------------------------------------------------- serving


def test_serve_in_thread_picks_a_port_and_stops_promptly() -> None:
    app = FAKES["gnosys"]()
    with serve_in_thread(app) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{base_url}/v1/status").json()["status"] == "ok"
        spec = httpx.get(f"{base_url}/v1/openapi.json")
        assert spec.json()["info"]["title"] == "Gnosys API"
        # A stream left open must not hold the shutdown up.
        run = httpx.post(
            f"{base_url}/v1/runs", json=SWEEP, headers={"Authorization": f"Bearer {KEY}"}
        ).json()
        client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"})
        stream = client.stream("GET", f"/v1/runs/{run['run_id']}/progress")
        stream.__enter__()
        started = time.monotonic()
    assert time.monotonic() - started < 3
    port = int(base_url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    client.close()


def test_command_line_serves_the_fake() -> None:
    with serve_in_subprocess("gnosys", args=["--rate-limit", "1"]) as url:
        headers = {"Authorization": f"Bearer {KEY}"}
        assert httpx.post(f"{url}/v1/runs", json=SWEEP, headers=headers).status_code == 202
        assert httpx.post(f"{url}/v1/runs", json=SWEEP, headers=headers).status_code == 429


# ---------------------------------------------------------------------------- runs


def test_run_lifecycle_iterations_and_artefacts(fake: Fake, api: httpx.Client) -> None:
    created = api.post("/v1/runs", json=SWEEP)
    assert created.status_code == 202
    body = created.json()
    run_id = body["run_id"]
    assert body["status"] == "queued"
    assert body["links"]["self"] == f"/v1/runs/{run_id}"
    run = api.get(f"/v1/runs/{run_id}").json()
    assert (run["status"], run["started_at"], run["completed_at"]) == ("queued", None, None)
    assert run["strategist"] == "hp_sweep"
    assert run["pipeline_run_id"] == f"saas-{run_id}"
    assert run["created_at"].endswith("Z")
    assert api.get(f"/v1/runs/{run_id}/iterations").json()["iterations"] == []
    detail = _error(api.get(f"/v1/runs/{run_id}/model_card"), 409)
    assert "queued" in detail
    _error(api.post(f"/v1/runs/{run_id}/submission"), 409)
    _error(api.post(f"/v1/runs/{run_id}/predict", files={"file": ("t.csv", FEATURES_CSV)}), 409)

    fake.state.advance(0.25)
    assert api.get(f"/v1/runs/{run_id}").json()["status"] == "running"
    fake.state.advance(60)
    run = api.get(f"/v1/runs/{run_id}").json()
    assert run["status"] == "completed"
    assert run["error"] is None
    assert run["started_at"] < run["completed_at"]
    iterations = api.get(f"/v1/runs/{run_id}/iterations").json()["iterations"]
    assert [it["iteration"] for it in iterations] == [1, 2, 3, 4]
    assert iterations[0]["n_proposed"] == 5
    assert sum(iterations[0]["tier_counts"].values()) == iterations[0]["n_records"]
    assert [it["stop_reason"] for it in iterations] == [None, None, None, "max_iterations"]
    assert {it["strategist_name"] for it in iterations} == {"hp_sweep"}

    card = api.get(f"/v1/runs/{run_id}/model_card", params={"format": "html"})
    assert card.headers["content-type"].startswith("text/html")
    assert "<style>" in card.text
    assert "<svg" in card.text
    _error(api.get(f"/v1/runs/{run_id}/model_card", params={"format": "pdf"}), 400)
    submission = api.post(f"/v1/runs/{run_id}/submission")
    assert submission.headers["content-type"] == "application/octet-stream"
    assert submission.headers["content-disposition"] == 'attachment; filename="main.py"'
    compile(submission.content, "main.py", "exec")


def test_strategy_runs_package_a_tarball(fake: Fake, api: httpx.Client) -> None:
    run_id = _complete(fake, api, {**SWEEP, "domain": "strategy"})
    submission = api.post(f"/v1/runs/{run_id}/submission")
    assert submission.headers["content-disposition"].endswith('.tar.gz"')
    with tarfile.open(fileobj=io.BytesIO(submission.content), mode="r:gz") as tar:
        assert "submission/spec.json" in tar.getnames()
    assert api.post(f"/v1/runs/{run_id}/submission").content == submission.content


def test_runs_stop_on_tier_or_no_progress(fake: Fake, api: httpx.Client) -> None:
    paper = _complete(fake, api, {**SWEEP, "max_iterations": 10, "tier_reached": "paper"})
    iterations = api.get(f"/v1/runs/{paper}/iterations").json()["iterations"]
    assert (len(iterations), iterations[-1]["stop_reason"]) == (3, "tier_reached")
    assert iterations[-1]["best_tier_in_iter"] == "paper"
    stalled = _complete(fake, api, {**SWEEP, "max_iterations": 50, "no_progress_window": 2})
    iterations = api.get(f"/v1/runs/{stalled}/iterations").json()["iterations"]
    assert (len(iterations), iterations[-1]["stop_reason"]) == (6, "no_progress")


def test_a_missing_dataset_fails_the_run(fake: Fake, api: httpx.Client) -> None:
    body = {**SWEEP, "spec_template": {**SWEEP["spec_template"], "dataset_id": "ds_nope"}}
    run_id = _complete(fake, api, body)
    run = api.get(f"/v1/runs/{run_id}").json()
    assert run["status"] == "failed"
    assert "ds_nope" in run["error"]
    _error(api.get(f"/v1/runs/{run_id}/model_card"), 409)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"strategist": {"kind": "fixed"}, "specs": [{}]}, 422),
        ({"domain": "tabular"}, 422),
        ({"domain": "tabular", "strategist": "fixed", "specs": [{}]}, 422),
        ({"domain": "tabular", "strategist": {"kind": "fixed"}}, 422),
        ({"domain": "tabular", "strategist": {"kind": "agent"}}, 422),
        ({"domain": "tabular", "strategist": {"kind": "hp_sweep"}, "spec_template": {}}, 422),
        ({**SWEEP, "max_iterations": 0}, 422),
        ({**SWEEP, "enable_code_exec": "yes"}, 422),
        ([SWEEP], 422),
    ],
)
def test_create_run_validates_its_body(api: httpx.Client, body: Any, status: int) -> None:
    _error(api.post("/v1/runs", json=body), status)


def test_create_run_rejects_bodies_that_are_not_json(api: httpx.Client) -> None:
    response = api.post("/v1/runs", content=b"{nope", headers={"Content-Type": "application/json"})
    _error(response, 400)


def test_progress_stream_is_live_resumable_and_ends() -> None:
    # A manual clock: events become due only when the test advances it, and the stream (waiting
    # on that clock) sends them at once, so nothing here waits for time to pass.
    config = GnosysFakeConfig(step_seconds=1, clock="manual", start_time=START)
    with _serve(config) as fake:
        api = fake.client()
        run_id = api.post("/v1/runs", json={**SWEEP, "max_iterations": 2}).json()["run_id"]
        arrivals: list[tuple[float, dict[str, Any]]] = []
        with api.stream("GET", f"/v1/runs/{run_id}/progress") as stream:
            assert stream.headers["content-type"].startswith("application/jsonl")
            assert stream.headers["x-request-id"].startswith("req_")
            lines = stream.iter_lines()
            # One step per iteration: after each advance, read what is due up to its marker.
            for marker in ("iteration_start", "iteration_end", "run_complete"):
                fake.state.advance(1)
                while not arrivals or arrivals[-1][1]["type"] != marker:
                    arrivals.append((fake.state.now(), json.loads(next(lines))))
            assert list(lines) == []
    events = [event for _, event in arrivals]
    types = [event["type"] for event in events]
    assert types[0] == "iteration_start"
    assert types[-1] == "run_complete"
    assert types.count("iteration_end") == 2
    assert {"spec_proposed", "execution_started", "validator_finding", "tier_decision"} <= set(
        types
    )
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1))
    assert {event["run_id"] for event in events} == {run_id}
    # Live: no event arrives before it happens, and the first arrives before the run ends.
    for arrived, event in arrivals:
        assert arrived >= _timestamp(event["timestamp"])
    assert arrivals[0][0] < _timestamp(events[-1]["timestamp"])
    assert _timestamp(events[-1]["timestamp"]) == START + 3
    with _serve(GnosysFakeConfig(step_seconds=0.2)) as fake:
        api = fake.client()
        run_id = _complete(fake, api, {**SWEEP, "max_iterations": 2})
        # Resuming after an event, and replaying a finished run, both end at run_complete.
        everything = api.get(f"/v1/runs/{run_id}/progress").text.splitlines()
        resumed = [
            json.loads(line)
            for line in api.get(f"/v1/runs/{run_id}/progress?after=5").text.splitlines()
        ]
        assert [e["seq"] for e in resumed] == list(range(6, len(everything) + 1))
        _error(api.get(f"/v1/runs/{run_id}/progress", params={"after": -1}), 400)
        _error(api.get("/v1/runs/nope/progress"), 404)


def test_a_manual_clock_stands_still_until_advanced() -> None:
    with _serve(GnosysFakeConfig(clock="manual", start_time=START)) as fake:
        api = fake.client()
        assert _timestamp(api.get("/v1/status").json()["time"]) == START
        created = api.post("/v1/runs", json=SWEEP).json()
        assert _timestamp(created["created_at"]) == START
        assert api.get(f"/v1/runs/{created['run_id']}").json()["status"] == "queued"
        fake.state.advance(0.06)
        assert api.get(f"/v1/runs/{created['run_id']}").json()["status"] == "running"
        fake.state.advance(60)
        assert api.get(f"/v1/runs/{created['run_id']}").json()["status"] == "completed"
        assert fake.state.now() == pytest.approx(START + 60.06)
        assert fake.state.clock.waiting == 0


@pytest.mark.parametrize(
    "bad", [{"clock": "sundial"}, {"start_time": float("nan")}, {"rate_limit_per_minute": -1}]
)
def test_the_common_options_are_checked(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        GnosysFakeConfig(**bad)


def test_received_requests_are_listed_with_the_key_masked() -> None:
    with _serve(GnosysFakeConfig()) as fake:
        api = fake.client()
        api.post("/v1/runs", json=SWEEP, headers={"X-Request-Id": "req_seen"})
        api.post("/v1/datasets", files={"file": ("d.csv", b"a,y\n1,0\n")}, data={"name": "n"})
        api.get("/v1/nowhere")
        first, upload, unknown = fake.state.received
        assert (first.method, first.path, first.operation_id, first.status) == (
            "POST",
            "/v1/runs",
            "create_run",
            202,
        )
        assert first.body_bytes == int(first.headers["content-length"]) > 100
        assert first.headers["authorization"] == "Bearer ***"
        assert first.request_id == "req_seen"
        assert KEY not in repr(fake.state.received)
        assert (upload.operation_id, upload.status) == ("upload_dataset", 422)
        assert upload.body_bytes == int(upload.headers["content-length"])
        assert (unknown.operation_id, unknown.status) == (None, 404)
        fake.state.clear_received()
        assert fake.state.received == []


def test_injected_stream_cut_ends_the_stream_early(fake: Fake, api: httpx.Client) -> None:
    run_id = _complete(fake, api)
    fake.state.inject_stream_cut(f"/v1/runs/{run_id}/progress", after_events=3)
    assert len(api.get(f"/v1/runs/{run_id}/progress").text.splitlines()) == 3
    assert api.get(f"/v1/runs/{run_id}/progress").text.splitlines()[-1].find("run_complete") > 0


def test_list_runs_pages_newest_first_and_filters(fake: Fake, api: httpx.Client) -> None:
    ids = [api.post("/v1/runs", json=SWEEP).json()["run_id"] for _ in range(5)]
    first = api.get("/v1/runs", params={"limit": 2})
    assert [r["run_id"] for r in first.json()] == ids[::-1][:2]
    second = api.get("/v1/runs", params={"limit": 2, "cursor": first.headers["X-Next-Cursor"]})
    third = api.get("/v1/runs", params={"limit": 2, "cursor": second.headers["X-Next-Cursor"]})
    assert [r["run_id"] for r in second.json() + third.json()] == ids[::-1][2:]
    assert "X-Next-Cursor" not in third.headers
    _error(api.get("/v1/runs", params={"cursor": "garbage"}), 400)
    _error(api.get("/v1/runs", params={"limit": 501}), 400)
    assert api.get("/v1/runs", params={"status": "completed"}).json() == []
    assert api.get("/v1/runs", params={"status": "someday"}).json() == []
    fake.state.advance(60)
    assert len(api.get("/v1/runs", params={"status": "completed"}).json()) == 5


# ---------------------------------------------------------------------------- tenants & keys


def test_tenants_are_isolated(fake: Fake, api: httpx.Client, key: str) -> None:
    run_id = _complete(fake, api)
    other = fake.client(OTHER)
    _error(other.get(f"/v1/runs/{run_id}"), 404)
    assert other.get("/v1/runs").json() == []
    assert other.get("/v1/findings", params={"run_id": run_id}).json() == []
    assert api.get(f"/v1/runs/{run_id}").json()["tenant_id"] == fake.state.tenant_id_for(key)


@pytest.mark.parametrize(
    "header", [None, "Bearer sk_live_nope", "Bearer gn_live_", "Basic gn_live_abc", "gn_live_abc"]
)
def test_missing_or_malformed_keys_are_401(fake: Fake, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = httpx.get(f"{fake.base_url}/v1/runs", headers=headers)
    _error(response, 401)
    assert httpx.get(f"{fake.base_url}/v1/status").status_code == 200


def test_keys_are_listed_masked_and_revocable(fake: Fake, api: httpx.Client, key: str) -> None:
    keys = api.get("/v1/api-keys").json()
    assert len(keys) == 2
    mine = next(k for k in keys if k["key_id"] == fake.state.api_key_id(key))
    assert (mine["key_prefix"], mine["last_4"], mine["revoked_at"]) == (key[:10], "X9F2", None)
    assert key not in json.dumps(keys)
    other = next(k for k in keys if k is not mine)
    assert api.delete(f"/v1/api-keys/{other['key_id']}").status_code == 204
    relisted = {k["key_id"]: k for k in api.get("/v1/api-keys").json()}
    assert relisted[other["key_id"]]["revoked_at"] is not None
    _error(api.delete("/v1/api-keys/key_unknown"), 404)
    assert api.delete(f"/v1/api-keys/{mine['key_id']}").status_code == 204
    assert "revoked" in _error(api.get("/v1/runs"), 401)


def test_suspended_tenants_get_403() -> None:
    config = GnosysFakeConfig(suspended_key_prefixes=frozenset({"gn_live_susp"}))
    with _serve(config) as fake:
        _error(fake.client("gn_live_suspended1").get("/v1/datasets"), 403)
        assert fake.client().get("/v1/datasets").status_code == 200


# ---------------------------------------------------------------------------- limits


def test_rate_limit_is_429_with_retry_after_on_create_only() -> None:
    with _serve(GnosysFakeConfig(rate_limit_per_minute=2)) as fake:
        api = fake.client()
        assert [api.post("/v1/runs", json=SWEEP).status_code for _ in range(2)] == [202, 202]
        limited = api.post("/v1/runs", json=SWEEP)
        _error(limited, 429)
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert api.get("/v1/runs").status_code == 200
        assert fake.client(OTHER).post("/v1/runs", json=SWEEP).status_code == 202
        fake.state.advance(61)
        assert api.post("/v1/runs", json=SWEEP).status_code == 202


def test_the_rate_limit_can_be_switched_off() -> None:
    with _serve(GnosysFakeConfig(rate_limit_per_minute=1)) as fake:
        api = fake.client()
        assert api.post("/v1/runs", json=SWEEP).status_code == 202
        _error(api.post("/v1/runs", json=SWEEP), 429)
        fake.state.rate_limit = None  # e.g. for a benchmark of many concurrent calls
        assert [api.post("/v1/runs", json=SWEEP).status_code for _ in range(5)] == [202] * 5
    with _serve(GnosysFakeConfig(rate_limit_per_minute=0)) as fake:
        api = fake.client()
        assert [api.post("/v1/runs", json=SWEEP).status_code for _ in range(5)] == [202] * 5


def test_monthly_quota_is_402() -> None:
    with _serve(GnosysFakeConfig(monthly_run_quota=1)) as fake:
        api = fake.client()
        assert api.post("/v1/runs", json=SWEEP).status_code == 202
        assert "quota" in _error(api.post("/v1/runs", json=SWEEP), 402)


# ---------------------------------------------------------------------------- idempotency


def test_a_repeated_idempotency_key_replays_the_first_response(
    fake: Fake, api: httpx.Client, key: str
) -> None:
    headers = {"Idempotency-Key": "create-1"}
    first = api.post("/v1/runs", json=SWEEP, headers=headers)
    again = api.post("/v1/runs", json=SWEEP, headers={**headers, "X-Request-Id": "req_retry"})
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["X-Request-Id"] == first.headers["X-Request-Id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(fake.state.run_ids(key)) == 1
    # The same key with another body is an error; on another path or tenant it is a new key.
    _error(api.post("/v1/runs", json={**SWEEP, "max_iterations": 2}, headers=headers), 422)
    assert fake.client(OTHER).post("/v1/runs", json=SWEEP, headers=headers).json() != first.json()
    _error(api.post("/v1/runs", json=SWEEP, headers={"Idempotency-Key": ""}), 400)


def test_a_lost_response_is_recovered_by_retrying_with_the_same_key(
    fake: Fake, api: httpx.Client, key: str
) -> None:
    fake.state.inject_faults("POST", "/v1/runs", statuses=[503], act=True)
    headers = {"Idempotency-Key": "create-lost"}
    _error(api.post("/v1/runs", json=SWEEP, headers=headers), 503)
    retried = api.post("/v1/runs", json=SWEEP, headers=headers)
    assert retried.status_code == 202
    assert fake.state.run_ids(key) == [retried.json()["run_id"]]


# ---------------------------------------------------------------------------- fault injection


def test_injected_faults_answer_then_clear(fake: Fake, api: httpx.Client) -> None:
    fake.state.inject_faults("GET", "/v1/runs", statuses=[503, 429], retry_after=2)
    first = api.get("/v1/runs", headers={"X-Request-Id": "req_mine"})
    assert _error(first, 503).startswith("injected fault")
    assert first.headers["X-Request-Id"] == "req_mine"
    assert first.headers["Retry-After"] == "2"
    _error(api.get("/v1/runs/anything"), 429)
    assert api.get("/v1/runs").status_code == 200
    assert api.get("/v1/datasets").status_code == 200


def test_injected_malformed_body_is_served_once(fake: Fake, api: httpx.Client) -> None:
    fake.state.inject_malformed("GET", "/v1/status")
    broken = api.get("/v1/status")
    assert (broken.status_code, broken.content) == (200, b'{"unexpected": 1}')
    assert broken.headers["X-Request-Id"].startswith("req_")
    assert api.get("/v1/status").json()["status"] == "ok"


# ---------------------------------------------------------------------------- datasets


def test_dataset_upload_list_get_delete(fake: Fake, api: httpx.Client) -> None:
    csv_bytes = b'id,"note, quoted",Transported\n1,"a\nb",True\n2,c,False\n3,d,True\n'
    uploaded = api.post(
        "/v1/datasets",
        files={"file": ("train.csv", csv_bytes, "text/csv")},
        data={"name": "train", "task": "classification", "target_column": "Transported"},
    )
    assert uploaded.status_code == 201, uploaded.text
    dataset = uploaded.json()
    assert (dataset["n_rows"], dataset["n_columns"], dataset["format"]) == (3, 3, "csv")
    assert dataset["columns"] == ["id", "note, quoted", "Transported"]
    assert dataset["size_bytes"] == len(csv_bytes)
    listed = [d["dataset_id"] for d in api.get("/v1/datasets").json()]
    assert listed == [dataset["dataset_id"], "synthetic_binary"]
    assert api.get(f"/v1/datasets/{dataset['dataset_id']}").json() == dataset
    _error(fake.client(OTHER).get(f"/v1/datasets/{dataset['dataset_id']}"), 404)
    assert api.delete(f"/v1/datasets/{dataset['dataset_id']}").status_code == 204
    _error(api.get(f"/v1/datasets/{dataset['dataset_id']}"), 404)
    assert [d["dataset_id"] for d in api.get("/v1/datasets").json()] == ["synthetic_binary"]
    body = {**SWEEP, "spec_template": {"dataset_id": dataset["dataset_id"]}}
    assert api.get(f"/v1/runs/{_complete(fake, api, body)}").json()["status"] == "failed"


def test_parquet_uploads_are_detected(api: httpx.Client) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"f": [1.0, 2.0], "y": ["a", "b"]}), buffer)
    uploaded = api.post(
        "/v1/datasets",
        files={"file": ("d.parquet", buffer.getvalue(), "application/vnd.apache.parquet")},
        data={"name": "pq", "target_column": "y"},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["format"], uploaded.json()["n_rows"]) == ("parquet", 2)
    assert uploaded.json()["task"] == "classification"


@pytest.mark.parametrize(
    ("content", "fields"),
    [
        (b"a,b\n1,2\n", {"name": "n", "target_column": "missing"}),
        (b"\x89PNG\r\n\x1a\n\x00\x00", {"name": "n", "target_column": "a"}),
        (b"a,b\n1,2\n", {"target_column": "a"}),
        (b"a,b\n1,2\n", {"name": "", "target_column": "a"}),
    ],
)
def test_bad_uploads_are_422(api: httpx.Client, content: bytes, fields: dict[str, str]) -> None:
    _error(api.post("/v1/datasets", files={"file": ("d.csv", content)}, data=fields), 422)


def test_oversized_uploads_are_413_without_reading_them() -> None:
    with _serve(GnosysFakeConfig(dataset_max_bytes=1024)) as fake:
        api = fake.client()
        big = b"a,y\n" + b"1,0\n" * 100_000
        fields = {"name": "big", "target_column": "y"}
        detail = _error(api.post("/v1/datasets", files={"file": ("d.csv", big)}, data=fields), 413)
        assert "GNOSYS_DATASET_MAX_BYTES" in detail

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\n\r\n'
            yield from (big for _ in range(3))
            yield b"\r\n--b--\r\n"

        streamed = api.post(
            "/v1/datasets",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        _error(streamed, 413)
        small = b"a,y\n" + b"1,0\n" * 300  # just over 1024 bytes of file, tiny request
        _error(api.post("/v1/datasets", files={"file": ("d.csv", small)}, data=fields), 413)
        assert api.get("/v1/status").status_code == 200


# ---------------------------------------------------------------------------- predict, findings


def test_predict_scores_rows_deterministically(fake: Fake, api: httpx.Client) -> None:
    run_id = _complete(fake, api)
    files = {"file": ("test.csv", FEATURES_CSV, "text/csv")}
    predicted = api.post(f"/v1/runs/{run_id}/predict", files=files, params={"top_n": 2})
    assert predicted.status_code == 200, predicted.text
    body = predicted.json()
    assert (body["n_rows"], body["n_specs"], body["calibration"]) == (3, 2, "mcgrad")
    assert body["classes"] == ["0", "1"]
    for label, probs in zip(body["class_labels"], body["probabilities"], strict=True):
        assert abs(sum(probs) - 1) < 1e-9
        assert all(0.0 < p < 1.0 for p in probs)
        assert label == body["classes"][probs.index(max(probs))]
    assert api.post(f"/v1/runs/{run_id}/predict", files=files, params={"top_n": 2}).json() == body
    with_target = b"y,x4,x3,x2,x1\n1,4,3,2,1\n"
    assert (
        api.post(f"/v1/runs/{run_id}/predict", files={"file": ("t.csv", with_target)}).status_code
        == 200
    )
    wrong = api.post(f"/v1/runs/{run_id}/predict", files={"file": ("t.csv", b"x1,x2\n1,2\n")})
    assert "x3" in json.dumps(_error(wrong, 422))
    _error(api.post(f"/v1/runs/{run_id}/predict", files=files, params={"top_n": 0}), 400)
    _error(api.post("/v1/runs/nope/predict", files=files), 404)


def test_predicting_with_a_run_that_kept_nothing_is_409(fake: Fake, api: httpx.Client) -> None:
    run_id = _complete(
        fake, api, {"domain": "tabular", "strategist": {"kind": "fixed"}, "specs": [{}]}
    )
    detail = _error(
        api.post(f"/v1/runs/{run_id}/predict", files={"file": ("t.csv", FEATURES_CSV)}), 409
    )
    assert "zero specs" in detail


def test_findings_filter_page_and_correlate(fake: Fake, api: httpx.Client) -> None:
    run_id = _complete(fake, api)
    everything = api.get("/v1/findings", params={"run_id": run_id, "limit": 500}).json()
    assert len(everything) > 5
    stamps = [f["created_at"] for f in everything]
    assert stamps == sorted(stamps)
    assert {f["pipeline_run_id"] for f in everything} == {f"saas-{run_id}"}
    validators = {f["validator"] for f in everything}
    assert {"llm_critic", "honest_eval.shuffled_label", "leakage.target_in_features"} <= validators
    blockers = api.get("/v1/findings", params={"run_id": run_id, "severity": "blocker"}).json()
    assert {f["validator"] for f in blockers} == {"llm_critic", "honest_eval.shuffled_label"}
    by_pipeline = api.get(
        "/v1/findings", params={"pipeline_run_id": f"saas-{run_id}", "limit": 500}
    )
    assert by_pipeline.json() == everything
    spec_id = everything[0]["spec_id"]
    assert {f["spec_id"] for f in api.get("/v1/findings", params={"spec_id": spec_id}).json()} == {
        spec_id
    }
    paged: list[dict[str, Any]] = []
    params: dict[str, Any] = {"run_id": run_id, "limit": 4}
    while True:
        page = api.get("/v1/findings", params=params)
        paged += page.json()
        if "X-Next-Cursor" not in page.headers:
            break
        params["cursor"] = page.headers["X-Next-Cursor"]
    assert paged == everything
    _error(api.get("/v1/findings", params={"run_id": run_id, "pipeline_run_id": "x"}), 400)
    _error(api.get("/v1/findings", params={"cursor": "garbage"}), 400)

    query = [
        ("validators", "llm_critic"),
        ("validators", "honest_eval.shuffled_label"),
        ("severity", "blocker"),
        ("mode", "and"),
    ]
    matches = api.get("/v1/correlations", params=query).json()
    assert len(matches) == 1
    assert matches[0]["matched_validators"] == ["llm_critic", "honest_eval.shuffled_label"]
    assert {f["severity"] for f in matches[0]["findings"]} == {"blocker"}
    either = api.get(
        "/v1/correlations",
        params=[("validators", "llm_critic"), ("validators", "nobody"), ("mode", "or")],
    ).json()
    assert [m["spec_id"] for m in either] == [matches[0]["spec_id"]]
    _error(api.get("/v1/correlations"), 400)
    _error(api.get("/v1/correlations", params={"validators": "a", "mode": "xor"}), 400)


def test_request_ids_are_echoed_or_generated(fake: Fake, api: httpx.Client) -> None:
    assert (
        api.get("/v1/datasets", headers={"X-Request-Id": "req_abc"}).headers["X-Request-Id"]
        == "req_abc"
    )
    generated = api.get("/v1/nowhere")
    _error(generated, 404)
    assert generated.headers["X-Request-Id"].startswith("req_")
    not_allowed = api.put("/v1/runs")
    _error(not_allowed, 405)
    assert not_allowed.headers["Allow"] == "POST, GET, HEAD"  # the spec's methods (+ HEAD)
    assert api.delete("/v1/runs/r1").headers["Allow"] == "GET, HEAD"
    # Every path goes by the spec, even one a catch-all route pattern would miss.
    newline = api.get("/v1/runs/a%0Ab/iterations")
    assert _error(newline, 404) == "no such run"
    assert _error(api.get("/v1/runs/"), 404) == "no such endpoint"
