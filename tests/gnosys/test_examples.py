"""The SDK reference page's examples, through the public SDK, against the fake over real HTTP."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gnosys
import pytest
from gnosys import AsyncGnosysClient, GnosysClient, RetryPolicy
from gnosys.testing._fake import GnosysFake, GnosysFakeConfig, create_app

from tests.timecontrol import FakeClock
from tools.fakes import serve_in_thread

SWEEP = {"kind": "hp_sweep", "key": "C", "values": [0.1, 1.0]}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, GnosysFake]]:
    # A wall-clock fake with short steps: `runs.wait` follows the progress stream, a long poll
    # the fake writes to as its clock passes each step, so the run must move on by itself while
    # the client reads. The clients' own clocks are fake (see `clock`), so no poll interval or
    # retry back-off is ever waited out in real time.
    app = create_app(GnosysFakeConfig(step_seconds=0.005))
    with serve_in_thread(app) as base_url:
        yield base_url, app.state.fake


@pytest.fixture
def key() -> str:
    return f"gn_live_{uuid.uuid4().hex}"  # a tenant of its own per test


@pytest.fixture
def clock(served: tuple[str, GnosysFake]) -> FakeClock:
    clock = FakeClock()
    clock.attach(served[1])
    return clock


@pytest.fixture
def client(served: tuple[str, Any], key: str, clock: FakeClock) -> Iterator[GnosysClient]:
    with GnosysClient(api_key=key, base_url=served[0], retry_policy=RetryPolicy.testing()) as c:
        yield clock.install(c)


def write_csv(path: Path, rows: int, *, target: bool = True) -> Path:
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["x1", "x2", "x3", "x4", *(["y"] if target else [])])
        for i in range(rows):
            writer.writerow([i, i * 2, i % 3, i % 5, *([i % 2] if target else [])])
    return path


def test_reference_walkthrough(client: GnosysClient, clock: FakeClock, tmp_path: Path) -> None:
    ds = client.datasets.upload(
        str(write_csv(tmp_path / "train.csv", 120)),
        name="train",
        task="classification",
        target_column="y",
    )
    assert (ds.n_rows, ds.n_columns) == (120, 5)
    assert client.datasets.get(ds.dataset_id).name == "train"

    created = client.runs.create(
        domain="tabular",
        strategist={"kind": "hp_sweep", "key": "C", "values": [0.01, 0.1, 1.0]},
        spec_template={
            "spec_id": "_t",
            "dataset_id": ds.dataset_id,
            "model_family": "logistic",
            "task": "classification",
            "hyperparameters": {"C": 1.0},
        },
        max_iterations=3,
        tier_reached="paper",
        no_progress_window=2,
        concurrency=4,
        llm_critic={"enabled": True},
    )
    assert created.status == "queued"
    run = client.runs.wait(created.run_id, timeout=30)
    assert clock.sleeps == []  # followed the stream to the end: no poll interval waited out
    assert run.is_terminal
    assert run.is_completed, run.error
    assert run.pipeline_run_id

    iterations = client.runs.iterations(run.run_id).iterations
    assert [it.iteration for it in iterations] == list(range(1, len(iterations) + 1))
    assert client.runs.list(status="completed")[0].run_id == run.run_id

    preds = client.runs.predict(run.run_id, write_csv(tmp_path / "test.csv", 4, target=False))
    assert len(preds.class_labels) == len(preds.probabilities) == 4
    assert all(abs(sum(p) - 1) < 1e-6 for p in preds.probabilities)

    html = client.runs.model_card(run.run_id)
    assert html.lstrip().lower().startswith(b"<!doctype html")
    assert client.runs.package_submission(run.run_id)

    findings = client.findings.list(run_id=run.run_id)
    assert findings
    assert all(f.pipeline_run_id == run.pipeline_run_id for f in findings)
    blockers = client.findings.list(run_id=run.run_id, severity="blocker")
    assert blockers
    assert all(f.is_blocker for f in blockers)
    matches = client.findings.correlations(
        validators=["llm_critic", "honest_eval.shuffled_label"], severity="blocker", mode="and"
    )
    assert matches
    assert set(matches[0].matched_validators) == {"llm_critic", "honest_eval.shuffled_label"}

    keys = client.api_keys.list()
    assert any(k.is_active and "…" in k.to_display() for k in keys)

    client.datasets.delete(ds.dataset_id)
    with pytest.raises(gnosys.NotFoundError):
        client.datasets.get(ds.dataset_id)


def test_progress_stream_is_typed_and_ends_with_run_complete(client: GnosysClient) -> None:
    created = client.runs.create(
        domain="tabular",
        strategist=SWEEP,
        max_iterations=2,
        spec_template={"dataset_id": "synthetic_binary"},
    )
    events = list(client.runs.progress(created.run_id))
    assert events[-1].is_run_complete
    assert [e.seq for e in events] == sorted({e.seq for e in events})
    resumed = list(client.runs.progress(created.run_id, after=events[-3].seq))
    assert [e.seq for e in resumed] == [e.seq for e in events[-2:]]


def test_predicting_an_unfinished_run_is_a_conflict(
    served: tuple[str, GnosysFake], client: GnosysClient, tmp_path: Path
) -> None:
    created = client.runs.create(
        domain="tabular",
        strategist=SWEEP,
        max_iterations=25,
        spec_template={"dataset_id": "synthetic_binary"},
    )
    with pytest.raises(gnosys.ConflictError) as info:
        client.runs.predict(created.run_id, write_csv(tmp_path / "t.csv", 2, target=False))
    assert info.value.status_code == 409
    assert info.value.request_id


def test_lost_response_is_retried_without_a_second_run(
    served: tuple[str, GnosysFake], client: GnosysClient, key: str
) -> None:
    fake = served[1]
    # The server creates the run but the client only sees a 503: the retry carries the same
    # Idempotency-Key, so the fake replays the first response instead of creating another run.
    fake.inject_faults("POST", "/v1/runs", statuses=(503,), act=True)
    created = client.runs.create(
        domain="tabular", strategist=SWEEP, spec_template={"dataset_id": "synthetic_binary"}
    )
    assert fake.run_ids(key) == [created.run_id]


def test_wait_times_out_with_the_sdk_timeout_error() -> None:
    # A manual clock: the run stays queued (an hour per step) unless the client's waits move it.
    app = create_app(GnosysFakeConfig(step_seconds=3600.0, clock="manual"))
    fake = app.state.fake
    with serve_in_thread(app) as base_url, GnosysClient("gn_live_patient", base_url=base_url) as c:
        clock = FakeClock()
        client = clock.install(c, fake, jitter=False)
        created = client.runs.create(
            domain="tabular", strategist=SWEEP, spec_template={"dataset_id": "synthetic_binary"}
        )
        # No progress stream (it would be a real-time long poll), so `wait` polls on the clock.
        fake.inject_faults("GET", f"/v1/runs/{created.run_id}/progress", statuses=(404,))
        with pytest.raises(gnosys.TimeoutError) as info:
            client.runs.wait(created.run_id, timeout=300, poll_interval=60)
        assert isinstance(info.value, TimeoutError)
        assert clock.sleeps == [60] * 5
        assert clock.elapsed == 300
        # Six looks at the run; the last, at the deadline itself, has a budget of about 0 s (the
        # SDK cuts its timeouts to 1 ms), so it may time out before the fake sees it.
        gets = [r for r in fake.received if r.path == f"/v1/runs/{created.run_id}"]
        assert 5 <= len(gets) <= 6


def test_oversized_upload_is_payload_too_large(tmp_path: Path) -> None:
    app = create_app(GnosysFakeConfig(dataset_max_bytes=1024))
    with (
        serve_in_thread(app) as base_url,
        GnosysClient("gn_live_small", base_url=base_url) as client,
        pytest.raises(gnosys.PayloadTooLargeError),
    ):
        client.datasets.upload(
            write_csv(tmp_path / "big.csv", 500),
            name="big",
            task="classification",
            target_column="y",
        )


def test_revoked_key_gets_authentication_error(served: tuple[str, GnosysFake]) -> None:
    base_url = served[0]
    victim_key = "gn_live_victim1"
    with (
        GnosysClient(api_key="gn_live_owner1", base_url=base_url) as owner,
        GnosysClient(api_key=victim_key, base_url=base_url) as victim,
    ):
        victim.runs.list()  # the fake registers the key on first use
        key_id = served[1].api_key_id(victim_key)
        assert key_id is not None
        with GnosysClient(api_key=victim_key, base_url=base_url) as revoker:
            revoker.api_keys.revoke(key_id)
        with pytest.raises(gnosys.AuthenticationError):
            victim.runs.list()
        assert owner.runs.list() == []


def test_rate_limit_surfaces_retry_after(tmp_path: Path) -> None:
    app = create_app(GnosysFakeConfig(rate_limit_per_minute=1))
    with (
        serve_in_thread(app) as base_url,
        GnosysClient(api_key="gn_live_busy", base_url=base_url, max_retries=0) as client,
    ):
        body: dict[str, Any] = {
            "domain": "tabular",
            "strategist": SWEEP,
            "spec_template": {"dataset_id": "synthetic_binary"},
        }
        client.runs.create(**body)
        with pytest.raises(gnosys.RateLimitError) as info:
            client.runs.create(**body)
        assert info.value.retry_after is not None
        assert info.value.retry_after > 0


async def test_async_reference_example(served: tuple[str, Any], key: str, clock: FakeClock) -> None:
    async with AsyncGnosysClient(api_key=key, base_url=served[0]) as client:
        clock.install(client)
        run = await client.runs.create(
            domain="tabular",
            strategist=SWEEP,
            max_iterations=2,
            spec_template={"dataset_id": "synthetic_binary"},
        )
        done = await client.runs.wait(run.run_id, timeout=30)
        assert clock.sleeps == []
        findings = await client.findings.list(run_id=done.run_id)
    assert done.is_completed
    assert findings
