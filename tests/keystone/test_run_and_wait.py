"""``experiments.run_and_wait`` on a fake clock: completion by the counters, the timeout, and
client-side scorers attached to each scenario."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from polarity_keystone import (
    KeystoneNotFoundError,
    KeystoneWaitTimeoutError,
    Score,
    Scorer,
)
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
