"""``experiments.run_and_wait`` on a fake clock: completion by the counters, the timeout, and
client-side scorers attached to each scenario."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from polarity_keystone import (
    AsyncKeystone,
    Keystone,
    KeystoneNotFoundError,
    KeystoneWaitTimeoutError,
    RetryPolicy,
    Score,
    Scorer,
)
from polarity_keystone.testing import IN_PROCESS_URL, FakeKeystone
from polarity_keystone.types import RunResults, ScenarioResult

from tests.keystone._scripted import Script, client_of, run
from tests.timecontrol import FakeClock

SCENARIOS = [
    {"scenario_id": "s1", "status": "pass", "agent_output": "short answer"},
    {"scenario_id": "s2", "status": "fail", "agent_output": "word " * 150},
]


def results(done: int, total: int = 2, **extra: Any) -> dict[str, Any]:
    return {
        "experiment_id": "exp-1",
        "total_scenarios": total,
        "passed": min(done, 1),
        "failed": max(done - 1, 0),
        "scenarios": SCENARIOS[:done],
        **extra,
    }


def progress(*states: dict[str, Any]) -> list[httpx.Response]:
    return [httpx.Response(200, json=state) for state in states]


@Scorer
def word_count_under_100(scenario: Any) -> Score:
    words = len((scenario.agent_output or "").split())
    return Score(
        name="word_count_under_100",
        score=1.0 if words < 100 else 0.0,
        passed=words < 100,
        message=f"{words} words",
    )


@Scorer(name="judged", weight=2.0, gate=True)
async def judged(scenario: Any) -> float:
    await asyncio.sleep(0)
    return 0.75


@Scorer
def not_for_failures(scenario: Any) -> bool | None:
    return None if scenario.status == "fail" else True


@Scorer
def broken(scenario: Any) -> bool:
    raise RuntimeError("scorer bug")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_it_waits_until_the_counters_say_every_scenario_finished(
    clock: FakeClock, flavour: str
) -> None:
    script = Script().on("POST", "/v1/experiments/exp-1/run", httpx.Response(202))
    # 0 of 0 is not done (the run has not started); 1 of 2 is not done; 2 of 2 is.
    script.on(
        "GET",
        "/v1/experiments/exp-1",
        *progress(results(0, total=0), results(1), results(2)),
    )
    ks = clock.install(client_of(flavour, script), jitter=False)
    out = run(ks.experiments.run_and_wait("exp-1", poll_interval=2.0))
    assert isinstance(out, RunResults)
    assert (out.total_scenarios, out.passed, out.failed) == (2, 1, 1)
    assert [r.method for r in script.requests] == ["POST", "GET", "GET", "GET"]
    assert clock.sleeps == [2.0, 2.0]
    assert all(s.invariants == [] for s in out.scenarios)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_it_times_out_with_the_partial_results(clock: FakeClock, flavour: str) -> None:
    script = Script().on("POST", "/v1/experiments/exp-1/run", httpx.Response(202))
    script.on("GET", "/v1/experiments/exp-1", *progress(results(1)))
    ks = clock.install(client_of(flavour, script), jitter=False)
    with pytest.raises(KeystoneWaitTimeoutError) as info:
        run(ks.experiments.run_and_wait("exp-1", poll_interval=5, timeout=30))
    err = info.value
    assert isinstance(err, TimeoutError)
    assert isinstance(err.last_result, RunResults)
    assert err.last_result.passed == 1
    assert "1 of 2 scenarios" in str(err)
    assert clock.elapsed == 30
    assert len([r for r in script.requests if r.method == "GET"]) == 7  # at 0, 5, ..., 30


def test_timeout_zero_looks_once_and_none_waits_without_limit(clock: FakeClock) -> None:
    script = Script().on("POST", "/v1/experiments/e/run", httpx.Response(202))
    script.on("GET", "/v1/experiments/e", *progress(results(0)))
    ks = clock.install(client_of("sync", script))
    with pytest.raises(KeystoneWaitTimeoutError):
        ks.experiments.run_and_wait("e", timeout=0)
    assert len(script.requests) == 2
    script.on("GET", "/v1/experiments/e", *progress(*[results(0)] * 50, results(2)))
    out = ks.experiments.run_and_wait("e", poll_interval=60, timeout=None)
    assert out.is_complete
    assert clock.elapsed > 50 * 50


def test_a_missing_experiment_fails_at_once(clock: FakeClock) -> None:
    script = Script()
    ks = clock.install(client_of("sync", script))
    with pytest.raises(KeystoneNotFoundError):
        ks.experiments.run_and_wait("nope")
    assert len(script.requests) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_client_side_scorers_are_applied_to_every_scenario(clock: FakeClock, flavour: str) -> None:
    script = Script().on("POST", "/v1/experiments/exp-1/run", httpx.Response(202))
    server_side = {"name": "tests_pass", "passed": True, "gate": True, "weight": 1.0}
    done = results(2)
    done["scenarios"] = [{**s, "invariants": [server_side]} for s in SCENARIOS]
    script.on("GET", "/v1/experiments/exp-1", *progress(done))
    ks = clock.install(client_of(flavour, script))
    scorers = [word_count_under_100, judged, not_for_failures, broken]
    out = run(ks.experiments.run_and_wait("exp-1", scores=scorers))
    first, second = out.scenarios
    assert [i.name for i in first.invariants] == [
        "tests_pass",
        "word_count_under_100",
        "judged",
        "not_for_failures",
        "broken",
    ]
    assert [i.name for i in second.invariants] == [
        "tests_pass",
        "word_count_under_100",
        "judged",
        "broken",
    ]
    by_name = {i.name: i for i in second.invariants}
    assert (by_name["word_count_under_100"].passed, by_name["word_count_under_100"].score) == (
        False,
        0.0,
    )
    assert by_name["word_count_under_100"].message == "150 words"
    assert (by_name["judged"].score, by_name["judged"].weight, by_name["judged"].gate) == (
        0.75,
        2.0,
        True,
    )
    assert by_name["broken"].passed is False
    assert "scorer bug" in by_name["broken"].message
    assert by_name["broken"].extra == {"source": "client", "metadata": {"error": "RuntimeError"}}
    assert by_name["tests_pass"].extra == {}
    # The service's verdict stands: counters and statuses are not recomputed.
    assert (out.passed, out.failed, second.status) == (1, 1, "fail")
    # Nothing about the scores was sent.
    assert [r.method for r in script.requests] == ["POST", "GET"]


def test_scores_must_be_scorers() -> None:
    script = Script()
    ks = client_of("sync", script)
    for scores in ("factuality", [object()], [word_count_under_100, word_count_under_100]):
        with pytest.raises(ValueError, match="scores"):
            ks.experiments.run_and_wait("e", scores=scores)  # type: ignore[arg-type]
    assert script.requests == []


def test_the_scored_scenarios_are_plain_results_that_serialise() -> None:
    clock = FakeClock()
    script = Script().on("POST", "/v1/experiments/e/run", httpx.Response(202))
    script.on("GET", "/v1/experiments/e", *progress(results(2)))
    ks = clock.install(client_of("sync", script))
    out = ks.experiments.run_and_wait("e", scores=[word_count_under_100])
    scenario = out.scenarios[0]
    assert isinstance(scenario, ScenarioResult)
    dumped = json.loads(json.dumps(out.to_dict()))
    assert dumped["scenarios"][0]["invariants"][0]["name"] == "word_count_under_100"
    assert dumped["scenarios"][0]["invariants"][0]["source"] == "client"


# -- sandbox scorers, checked in each scenario's live sandbox on the fake -----------------------


def _with_sandboxes(body: bytes, sandbox_ids: list[str]) -> bytes:
    """A RunResults body whose scenarios point at live sandboxes (the fake's are made up)."""
    data = json.loads(body)
    for index, scenario in enumerate(data.get("scenarios") or []):
        scenario["sandbox_id"] = sandbox_ids[index % len(sandbox_ids)]
    return json.dumps(data).encode()


def _is_results(request: httpx.Request) -> bool:
    parts = request.url.path.strip("/").split("/")
    return request.method == "GET" and parts[:2] == ["v1", "experiments"] and len(parts) == 3


class _LiveSandboxes(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, sandbox_ids: list[str]) -> None:
        self.inner, self.sandbox_ids = inner, sandbox_ids

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not _is_results(request) or response.status_code != 200:
            return response
        body = _with_sandboxes(response.read(), self.sandbox_ids)
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)


class _AsyncLiveSandboxes(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, sandbox_ids: list[str]) -> None:
        self.inner, self.sandbox_ids = inner, sandbox_ids

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not _is_results(request) or response.status_code != 200:
            return response
        body = _with_sandboxes(await response.aread(), self.sandbox_ids)
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)


def _client_on_live_sandboxes(fake: FakeKeystone, flavour: str, sandbox_ids: list[str]) -> Any:
    from sdk_core.fakes.harness import bind_clock

    if flavour == "sync":
        http: Any = httpx.Client(transport=_LiveSandboxes(fake.transport(), sandbox_ids))
        ks: Any = Keystone(
            fake.api_key, IN_PROCESS_URL, http_client=http, retry_policy=RetryPolicy.testing()
        )
    else:
        transport = _AsyncLiveSandboxes(fake.async_transport(), sandbox_ids)
        ks = AsyncKeystone(
            fake.api_key,
            IN_PROCESS_URL,
            http_client=httpx.AsyncClient(transport=transport),
            retry_policy=RetryPolicy.testing(),
        )
    bind_clock(ks, fake.state)
    return ks


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_sandbox_scorers_check_each_scenarios_sandbox_with_the_runs_client(flavour: str) -> None:
    from polarity_keystone.scorers import CommandExits, FileExists, LLMJudge
    from polarity_keystone.testing._judge import set_judge_reply

    with FakeKeystone() as fake:
        setup = fake.client()
        done = setup.sandboxes.create(spec_id="fix-failing-test")
        undone = setup.sandboxes.create(spec_id="fix-failing-test")
        setup.sandboxes.write_file(done.id, "out/report.txt", "all green\n")
        set_judge_reply(fake, '{"score": 0.75, "passed": true, "reason": "fine"}')
        ks = _client_on_live_sandboxes(fake, flavour, [done.id, undone.id])
        exp = run(ks.experiments.create(name="checks", spec_id="fix-failing-test"))
        scorers = [
            word_count_under_100,
            FileExists("out/report.txt"),
            CommandExits("test -f out/report.txt", gate=True),
            LLMJudge("the agent explains its change", input_from="agent_output"),
        ]
        out = run(ks.experiments.run_and_wait(exp.id, timeout=60, scores=scorers))
        assert len(out.scenarios) == 4
        for index, scenario in enumerate(out.scenarios):
            in_done = scenario.sandbox_id == done.id
            assert scenario.sandbox_id == (done.id if index % 2 == 0 else undone.id)
            client_side = {i.name: i for i in scenario.invariants if i.extra.get("source")}
            assert list(client_side) == [
                "word_count_under_100",
                "file_exists:out/report.txt",
                "command:test -f out/report.txt",
                "llm_judge",
            ]
            exists = client_side["file_exists:out/report.txt"]
            assert (exists.passed, exists.score) == (in_done, float(in_done))
            assert exists.message == "out/report.txt: " + ("exists" if in_done else "missing")
            command = client_side["command:test -f out/report.txt"]
            assert (command.passed, command.gate) == (in_done, True)
            assert command.extra["metadata"]["exit_code"] == (0 if in_done else 1)
            assert (client_side["llm_judge"].score, client_side["llm_judge"].passed) == (0.75, True)
        # Each check ran in its scenario's sandbox, two scenarios per sandbox.
        for sandbox in (done, undone):
            commands = [c["command"] for c in fake.sandbox_commands(sandbox.id)]
            assert commands == ["test -f out/report.txt"] * 2
        judged = [r for r in fake.received if r.path == "/v1/judge/completions"]
        assert len(judged) == 4
        if flavour == "async":
            run(ks.close())
        else:
            ks.close()


def test_sandbox_scorers_see_the_scenarios_own_sandbox_and_a_gone_one_is_an_error() -> None:
    from polarity_keystone._runs import ClientScoring
    from polarity_keystone.scorers import FileExists

    with FakeKeystone() as fake:
        ks = fake.client()
        exp = ks.experiments.create(name="live", spec_id="hello-world")
        checks = [FileExists("README.md"), FileExists("absent.txt")]
        out = ks.experiments.run_and_wait(exp.id, timeout=60, scores=checks)
        (scenario,) = out.scenarios
        client_side = [i for i in scenario.invariants if i.extra.get("source") == "client"]
        # The scenario ran in a sandbox of the spec's files, kept for inspection.
        assert [(i.name, i.passed, i.message) for i in client_side] == [
            ("file_exists:README.md", True, "README.md: exists"),
            ("file_exists:absent.txt", False, "absent.txt: missing"),
        ]
        # Once the sandbox is gone, checking it is a scorer error, not a "missing" file.
        ks.sandboxes.destroy(scenario.sandbox_id)
        again = ks.experiments.get(exp.id)
        ClientScoring.apply(again, checks[:1], ks)
        (checked,) = [i for i in again.scenarios[0].invariants if i.extra.get("source")]
        assert checked.passed is False
        assert checked.extra["metadata"] == {"error": "KeystoneNotFoundError"}
