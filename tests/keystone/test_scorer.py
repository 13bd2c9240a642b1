"""Score and Scorer: the page's custom-scorer example, the decorator forms, and the protocol."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import math
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from polarity_keystone import (
    KeystoneInvalidArgumentError,
    ScenarioLike,
    Score,
    Scorer,
    ScorerProtocol,
)
from polarity_keystone._scoring import aapply_scorer, apply_scorer
from polarity_keystone.types import ScenarioResult

SRC = Path(__file__).resolve().parents[2] / "wrappers" / "keystone" / "src"


def scenario(output: str = "", **parameters: Any) -> ScenarioResult:
    return ScenarioResult(scenario_id="s1", agent_output=output, parameters=parameters)


# -- Score ------------------------------------------------------------------------------------


def test_score_is_the_pages_signature() -> None:
    score = Score("exact", 1)
    assert (score.name, score.score, score.passed, score.message, score.metadata) == (
        "exact",
        1.0,
        True,
        "",
        {},
    )
    assert type(score.score) is float
    assert Score(name="x", score=0.2, passed=False, message="m", metadata={"k": 1}).metadata == {
        "k": 1
    }


def test_score_metadata_defaults_are_not_shared_and_mappings_are_copied() -> None:
    assert Score("a", 1.0).metadata is not Score("b", 1.0).metadata
    source = {"k": 1}
    assert type(Score("a", 1.0, metadata=source).metadata) is dict
    frozen = Score("a", 1.0, metadata=_ReadOnly(k=1))
    assert frozen.metadata == {"k": 1}
    assert type(frozen.metadata) is dict


class _ReadOnly(dict[str, Any]):
    pass


def test_scores_are_immutable() -> None:
    score = Score("a", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.score = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": 3, "score": 1.0}, "Score.name must be a str"),
        ({"name": "a", "score": "1.0"}, "Score.score must be a number, not str"),
        ({"name": "a", "score": True}, "Score.score must be a number, not bool"),
        ({"name": "a", "score": math.nan}, "finite"),
        ({"name": "a", "score": math.inf}, "finite"),
        ({"name": "a", "score": 1.0, "passed": 1}, "Score.passed must be a bool"),
        ({"name": "a", "score": 1.0, "message": None}, "Score.message must be a str"),
        ({"name": "a", "score": 1.0, "metadata": [("k", 1)]}, "Score.metadata must be a dict"),
    ],
)
def test_bad_scores_are_typed_errors(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match=match):
        Score(**kwargs)


def test_out_of_range_but_finite_scores_are_kept() -> None:
    # Cosine similarity can be negative; clamping is a scorer's decision, not Score's.
    assert Score("cosine", -0.25).score == -0.25


def test_score_to_dict() -> None:
    assert Score("a", 0.5, passed=False, message="m", metadata={"k": 1}).to_dict() == {
        "name": "a",
        "score": 0.5,
        "passed": False,
        "message": "m",
        "metadata": {"k": 1},
    }


# -- the page's custom scorer -----------------------------------------------------------------


@Scorer
def word_count_under_100(scenario) -> Score:  # type: ignore[no-untyped-def]  # as on the page
    """Pass when the agent answered in under 100 words."""
    words = len((scenario.agent_output or "").split())
    return Score(
        name="word_count_under_100",
        score=1.0 if words < 100 else 0.0,
        passed=words < 100,
        message=f"{words} words",
    )


def test_the_pages_custom_scorer() -> None:
    assert isinstance(word_count_under_100, Scorer)
    assert isinstance(word_count_under_100, ScorerProtocol)
    assert word_count_under_100.name == "word_count_under_100"
    short = word_count_under_100.score_result(scenario("a short answer"))
    assert short == Score("word_count_under_100", 1.0, passed=True, message="3 words")
    long = word_count_under_100(scenario("word " * 150))
    assert long is not None
    assert (long.score, long.passed, long.message) == (0.0, False, "150 words")


def test_the_decorated_function_keeps_its_identity() -> None:
    assert word_count_under_100.__name__ == "word_count_under_100"
    assert word_count_under_100.__doc__ == "Pass when the agent answered in under 100 words."
    assert word_count_under_100.__wrapped__.__name__ == "word_count_under_100"  # type: ignore[attr-defined]
    assert word_count_under_100.weight == 1.0
    assert word_count_under_100.gate is False
    assert repr(word_count_under_100) == (
        "Scorer(name='word_count_under_100', weight=1.0, gate=False)"
    )


# -- return values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "score", "passed"),
    [(True, 1.0, True), (False, 0.0, False), (1, 1.0, True), (0.5, 0.5, True), (0.49, 0.49, False)],
)
def test_bools_and_numbers_become_scores(value: Any, score: float, passed: bool) -> None:
    result = Scorer(lambda s: value, name="v").score_result(scenario())
    assert result == Score("v", score, passed=passed)


def test_none_means_the_scorer_does_not_apply() -> None:
    assert Scorer(lambda s: None, name="n")(scenario()) is None


def test_a_returned_score_is_used_as_is() -> None:
    mine = Score("other-name", 0.3, passed=True, message="custom")
    assert Scorer(lambda s: mine, name="n")(scenario()) is mine


@pytest.mark.parametrize("value", ["1.0", [1.0], {"score": 1}, math.nan])
def test_other_return_values_are_errors_naming_the_scorer(value: Any) -> None:
    scorer = Scorer(lambda s: value, name="broken")
    with pytest.raises((TypeError, KeystoneInvalidArgumentError), match=r"broken|finite"):
        scorer.score_result(scenario())


def test_exceptions_propagate_from_score_result() -> None:
    def explode(s: Any) -> float:
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError):
        Scorer(explode).score_result(scenario())


# -- decorator forms and settings -------------------------------------------------------------


def test_the_decorator_with_settings() -> None:
    @Scorer(name="exact", weight=2, gate=True)
    def exact_match(s: ScenarioResult) -> bool:
        return s.agent_output == s.parameters["expected"]

    assert isinstance(exact_match, Scorer)
    assert (exact_match.name, exact_match.weight, exact_match.gate) == ("exact", 2.0, True)
    assert exact_match(scenario("4", expected="4")) == Score("exact", 1.0, passed=True)
    assert exact_match.__name__ == "exact_match"


def test_settings_without_a_name_take_the_functions() -> None:
    @Scorer(weight=0.5)
    def relevance(s: Any) -> float:
        return 0.9

    assert relevance.name == "relevance"
    assert relevance.weight == 0.5


def test_wrapping_without_decorator_syntax() -> None:
    scorer = Scorer(len, name="length")
    assert scorer.name == "length"
    assert Scorer(len).name == "len"


def test_a_scorer_waiting_for_its_function_cannot_score() -> None:
    pending = Scorer(name="later")
    with pytest.raises(TypeError, match="no function yet"):
        pending.score_result(scenario())
    with pytest.raises(KeystoneInvalidArgumentError, match="takes a function"):
        pending(scenario())


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("exact",), {}, "pass it as name='exact'"),
        ((42,), {}, "not a int"),
        ((lambda s: 1.0,), {}, "no name"),
        ((functools.partial(lambda s, k: 1.0, k=1),), {}, "no name"),
        ((len,), {"name": ""}, "non-empty"),
        ((len,), {"name": 3}, "non-empty"),
        ((len,), {"weight": -1}, "weight"),
        ((len,), {"weight": math.nan}, "weight"),
        ((len,), {"weight": True}, "weight"),
        ((len,), {"weight": "1"}, "weight"),
        ((len,), {"gate": 1}, "gate must be a bool"),
    ],
)
def test_bad_scorer_settings_are_typed_errors(
    args: tuple[Any, ...], kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match=match):
        Scorer(*args, **kwargs)


def test_a_lambda_with_a_name_is_fine() -> None:
    assert Scorer(lambda s: True, name="always").name == "always"


# -- async scorers ------------------------------------------------------------------------------


@Scorer
async def judged(s: Any) -> Score:
    await asyncio.sleep(0)
    return Score("judged", 0.8, message=threading.current_thread().name)


def test_an_async_scorer_from_sync_code() -> None:
    assert judged.is_async
    assert not word_count_under_100.is_async
    result = judged.score_result(scenario())
    assert result is not None
    assert result.score == 0.8
    assert result.message == threading.current_thread().name


async def test_an_async_scorer_awaited() -> None:
    result = await judged.ascore_result(scenario())
    assert result is not None
    assert result.message == threading.current_thread().name


async def test_an_async_scorer_called_synchronously_inside_a_running_loop() -> None:
    # Jupyter, or an async caller of the sync client: asyncio.run would refuse here.
    result = judged.score_result(scenario())
    assert result is not None
    assert result.message.startswith("keystone-scorer")


async def test_a_sync_scorer_from_async_code() -> None:
    assert await word_count_under_100.ascore_result(scenario("hi")) == Score(
        "word_count_under_100", 1.0, message="1 words"
    )


def test_a_sync_function_returning_an_awaitable_is_awaited() -> None:
    async def later() -> bool:
        return True

    assert Scorer(lambda s: later(), name="later")(scenario()) == Score("later", 1.0)


# -- built-ins subclass it ------------------------------------------------------------------------


class AnswerRelevancy(Scorer):
    def __init__(self, *, threshold: float = 0.5, name: str | None = None) -> None:
        super().__init__(name=name, weight=1.0)
        self.threshold = threshold

    def score_result(self, scenario: Any) -> Score | None:
        question = scenario.parameters.get("question")
        if question is None:
            return None
        value = 1.0 if question.lower() in scenario.agent_output.lower() else 0.0
        return Score(self.name, value, passed=value >= self.threshold)


class SQLJudge(Scorer):
    pass


def test_a_subclass_is_named_after_itself() -> None:
    assert AnswerRelevancy().name == "answer_relevancy"
    assert AnswerRelevancy(name="relevancy@2").name == "relevancy@2"
    assert SQLJudge().name == "sql_judge"
    assert isinstance(AnswerRelevancy(), ScorerProtocol)


def test_a_subclass_scores_sync_and_async() -> None:
    scorer = AnswerRelevancy()
    hit = scenario("Paris is the capital", question="paris")
    assert scorer(hit) == Score("answer_relevancy", 1.0)
    assert scorer(scenario("x")) is None
    assert asyncio.run(scorer.ascore_result(hit)) == Score("answer_relevancy", 1.0)


def test_a_subclass_that_does_not_override_score_result_says_so() -> None:
    with pytest.raises(TypeError, match="SQLJudge must override score_result"):
        SQLJudge().score_result(scenario())


def test_scorers_keep_no_state_between_concurrent_calls() -> None:
    # Eval scores rows on several threads with one instance (the published client's scorers
    # kept the row's expectation on the instance, and rows scored against each other's).
    @Scorer
    def exact(s: ScenarioResult) -> bool:
        time.sleep(0.001)
        return s.agent_output == s.parameters["expected"]

    rows = [scenario(str(i), expected=str(i)) for i in range(64)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(exact.score_result, rows))
    assert all(r is not None and r.passed for r in results)


# -- the protocol and the runners' helpers ------------------------------------------------------


class ThirdPartyScorer:
    """Not a Scorer subclass: only the protocol's two members."""

    name = "third_party"

    def score_result(self, scenario: Any) -> Score | None:
        return Score(self.name, 0.7)


def test_any_object_with_the_two_members_is_a_scorer() -> None:
    assert isinstance(ThirdPartyScorer(), ScorerProtocol)
    assert not isinstance(lambda s: 1.0, ScorerProtocol)
    assert not isinstance(word_count_under_100.__wrapped__, ScorerProtocol)  # type: ignore[attr-defined]


def test_scenario_results_are_scenario_like() -> None:
    result: ScenarioLike = ScenarioResult(agent_output="out", parameters={"expected": "out"})
    assert result.agent_output == "out"
    assert result.parameters["expected"] == "out"


def test_apply_scorer_turns_a_failure_into_a_failed_score() -> None:
    def explode(s: Any) -> float:
        raise ValueError("no expected value " + "x" * 500)

    result = apply_scorer(Scorer(explode), scenario())
    assert result is not None
    assert (result.name, result.score, result.passed) == ("explode", 0.0, False)
    assert result.metadata == {"error": "ValueError"}
    assert result.message.startswith("scorer error: ValueError: no expected value")
    assert len(result.message) < 250


def test_apply_scorer_passes_scores_and_none_through() -> None:
    assert apply_scorer(ThirdPartyScorer(), scenario()) == Score("third_party", 0.7)
    assert apply_scorer(AnswerRelevancy(), scenario("x")) is None


def test_apply_scorer_records_a_bad_return_value() -> None:
    class Junk:
        name = "junk"

        def score_result(self, scenario: Any) -> Any:
            return "great"

    result = apply_scorer(Junk(), scenario())
    assert result is not None
    assert result.metadata == {"error": "TypeError"}


def test_apply_scorer_lets_interrupts_through() -> None:
    def interrupted(s: Any) -> float:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_scorer(Scorer(interrupted), scenario())


async def test_aapply_scorer_awaits_when_it_can_and_calls_when_it_cannot() -> None:
    assert await aapply_scorer(judged, scenario()) is not None
    assert await aapply_scorer(ThirdPartyScorer(), scenario()) == Score("third_party", 0.7)

    @Scorer
    async def failing(s: Any) -> float:
        raise RuntimeError("judge unreachable")

    result = await aapply_scorer(failing, scenario())
    assert result is not None
    assert result.message == "scorer error: RuntimeError: judge unreachable"
    assert result.metadata == {"error": "RuntimeError"}


def test_defining_scorers_does_not_load_the_error_module_or_httpx() -> None:
    code = (
        "import sys\n"
        "from polarity_keystone import Score, Scorer\n"
        "s = Scorer(len)\n"
        "Score('a', 1.0)\n"
        "print([m for m in ('httpx', 'polarity_keystone._exceptions') if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
