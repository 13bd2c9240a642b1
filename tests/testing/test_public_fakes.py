"""The fakes as users get them: ``gnosys.testing`` and ``asg_gateway.testing``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from asg_gateway import ASGGatewayClient, ASGMalformedResponseError, ASGPollTimeoutError
from asg_gateway.testing import FakeASGGateway
from gnosys import APITimeoutError, GnosysClient, MalformedResponseError
from gnosys.testing import API_KEY, FakeGnosys

LABELS = {"question": "Animal?", "options": ["cat", "dog"]}


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{i},{i * 2 % 7},{i % 2}\n" for i in range(40)))
    return path


def test_three_lines_give_a_working_client(csv_file: Path) -> None:
    fake = FakeGnosys()
    client = fake.client()
    dataset = client.datasets.upload(csv_file, name="t", task="classification", target_column="y")
    assert dataset.n_rows == 40
    fake.close()


def test_waits_run_on_the_fakes_clock_without_sleeping(csv_file: Path) -> None:
    with FakeGnosys(step_seconds=30) as fake:
        client = fake.client()
        dataset = client.datasets.upload(
            csv_file, name="t", task="classification", target_column="y"
        )
        run = client.runs.create(
            domain="tabular",
            strategist={"kind": "hp_sweep", "key": "C", "values": [0.1, 1.0]},
            spec_template={"dataset_id": dataset.dataset_id},
        )
        started = fake.now()
        done = client.runs.wait(run.run_id, timeout=3600, poll_interval=10)
        assert done.is_completed
        assert 30 <= fake.now() - started <= 3600
        late = client.runs.create(domain="tabular", strategist="fixed", specs=[{"m": 1}])
        with pytest.raises(TimeoutError):
            client.runs.wait(late.run_id, timeout=5, poll_interval=1)


def test_time_only_moves_when_the_test_moves_it() -> None:
    with FakeASGGateway(labeling_seconds=60) as fake:
        client = fake.client()
        task = client.submit_task("image_classification", "https://example.com/a.jpg", LABELS)
        assert client.get_task(task["task_id"])["status"] == "labeling"
        fake.advance(61)
        assert client.get_result(task["task_id"])["consensus_label"] in {"cat", "dog"}


@pytest.mark.anyio
async def test_async_clients_wait_on_the_fake_too() -> None:
    with FakeASGGateway(labeling_seconds=300) as fake:
        client = fake.async_client()
        task = await client.submit_task("t", "https://example.com/b.jpg", LABELS)
        result = await client.poll_result(task["task_id"], timeout=600, interval=5)
        assert result["settlement"]["network"] == "testnet"
        other = await client.submit_task("t", "https://example.com/c.jpg", LABELS)
        with pytest.raises(ASGPollTimeoutError):
            await client.poll_result(other["task_id"], timeout=100, interval=5)
        await client.close()


def test_a_lost_response_is_retried_without_a_second_task() -> None:
    with FakeASGGateway() as fake:
        client = fake.client()
        fake.inject_faults("POST", "/v1/tasks", [503], lose_response=True)
        task = client.submit_task("t", "https://example.com/d.jpg", LABELS)
        posts = [r for r in fake.received if r.method == "POST"]
        assert [r.status for r in posts] == [503, 201]
        assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
        assert client.get_task(task["task_id"])["task_id"] == task["task_id"]
        assert all(r.headers["authorization"] == "Bearer ***" for r in fake.received)


def test_malformed_answers_are_typed_errors_with_the_request_id() -> None:
    with FakeGnosys() as fake:
        fake.inject_malformed("GET", "/v1/datasets", b'[{"dataset_id": 5}]')
        with pytest.raises(MalformedResponseError) as info:
            fake.client().datasets.list()
        assert info.value.request_id
    with FakeASGGateway() as asg:
        asg.inject_malformed("GET", "/v1/webhooks", b"not json")
        with pytest.raises(ASGMalformedResponseError):
            asg.client().list_webhooks()


def test_served_fakes_take_any_client_and_inject_latency() -> None:
    with FakeGnosys(clock="wall") as fake, fake.serve() as base_url:
        assert httpx.get(f"{base_url}/v1/status").json()["status"] == "ok"
        client = GnosysClient(API_KEY, base_url=base_url, timeout=0.2, max_retries=0)
        fake.inject_latency(1.0)
        with pytest.raises(APITimeoutError):
            client.status()
        assert client.status().status == "ok"
        client.close()
    with FakeASGGateway(clock="wall") as asg, asg.serve() as url:
        plain = ASGGatewayClient(asg.api_key, base_url=url)
        assert plain.list_webhooks() == []
        plain.close()
