"""``Eval``: the page's form, rows scored exactly right under concurrency (sync and async tasks,
one scorer instance shared by concurrent evals), task and scorer errors kept per row, the
summary's math, reporting to the fake (and failing to, harmlessly), the async form inside a
running loop, the progress bar, and checks of every argument."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from polarity_keystone import (
    Eval,
    EvalResult,
    EvalRow,
    EvalSummary,
    Keystone,
    KeystoneInvalidArgumentError,
    Score,
    Scorer,
)
from polarity_keystone._eval import EvalScenario, percentile
from polarity_keystone.testing import IN_PROCESS_URL, FakeKeystone

ROWS = 200


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KEYSTONE_API_KEY", "POLARITY_API_KEY", "KEYSTONE_BASE_URL", "POLARITY_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeKeystone]:
    with FakeKeystone() as fake:
        yield fake


def parity_rows(n: int = ROWS, prefix: str = "out") -> list[dict[str, Any]]:
    """Even rows expect the task's output, odd ones something else: mixing rows would show."""
    return [
        {"input": i, "expected": f"{prefix}-{i}" if i % 2 == 0 else "wrong", "tag": f"t{i}"}
        for i in range(n)
    ]


@Scorer
def slow_match(scenario: Any) -> Score:
    time.sleep(0.001)  # long enough for threads to interleave
    expected = scenario.parameters["expected"]
    hit = scenario.agent_output == expected
    return Score("slow_match", float(hit), passed=hit, message=f"{scenario.input}|{expected}")


@Scorer(name="slow_match")
async def async_slow_match(scenario: Any) -> Score:
    await anyio.sleep(0.001)
    expected = scenario.parameters["expected"]
    hit = scenario.agent_output == expected
    return Score("slow_match", float(hit), passed=hit, message=f"{scenario.input}|{expected}")


def assert_exactly_right(
    result: EvalResult, rows: list[dict[str, Any]], prefix: str = "out"
) -> None:
    assert [row.index for row in result.rows] == list(range(len(rows)))
    for row, data in zip(result.rows, rows, strict=True):
        assert (row.input, row.expected, row.output) == (
            data["input"],
            data["expected"],
            f"{prefix}-{data['input']}",
        )
        score = row.scores["slow_match"]
        assert score.score == (1.0 if data["input"] % 2 == 0 else 0.0), row
        assert score.message == f"{data['input']}|{data['expected']}"
        assert row.error is None
        assert row.scorer_errors == {}
    summary = result.summary["slow_match"]
    assert summary == EvalSummary(mean=0.5, p50=0.5, p95=1.0, count=len(rows), errors=0)


# -- the page's form ---------------------------------------------------------------------------


def test_the_pages_example_works_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    @Scorer
    def exact(scenario: Any) -> bool:
        return scenario.agent_output == scenario.parameters["expected"]

    result = Eval(
        "email-eval",
        data=[{"input": "hi", "expected": "HI"}, {"input": "yo", "expected": "no"}],
        task=lambda input: input.upper(),
        scores=[exact],
        max_concurrency=4,
    )
    print(result.summary)
    assert capsys.readouterr().out.strip() == (
        "{'exact': EvalSummary(mean=0.5, p50=0.5, p95=0.95, count=2, errors=0)}"
    )
    assert isinstance(result.summary["exact"], EvalSummary)
    assert result.experiment_id is None  # no key anywhere: nothing reported


# -- concurrency proofs ------------------------------------------------------------------------


def test_200_rows_at_concurrency_8_with_a_sync_task_are_each_scored_right() -> None:
    rows = parity_rows()
    workers: set[str] = set()

    def task(value: int) -> str:
        workers.add(threading.current_thread().name)
        return f"out-{value}"

    result = Eval("sync-proof", data=rows, task=task, scores=[slow_match], max_concurrency=8)
    assert_exactly_right(result, rows)
    assert 1 < len(workers) <= 8


async def test_200_rows_at_concurrency_8_with_an_async_task_are_each_scored_right() -> None:
    rows = parity_rows()
    in_flight = peak = 0

    async def task(value: int) -> str:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await anyio.sleep(0.001)
        in_flight -= 1
        return f"out-{value}"

    result = await Eval.arun(
        "async-proof", data=rows, task=task, scores=[async_slow_match], max_concurrency=8
    )
    assert_exactly_right(result, rows)
    assert 1 < peak <= 8


def test_one_scorer_instance_shared_by_two_concurrent_evals_on_threads() -> None:
    first, second = parity_rows(120, "a"), parity_rows(120, "b")
    results: dict[str, EvalResult] = {}

    def run(prefix: str, rows: list[dict[str, Any]]) -> None:
        results[prefix] = Eval(
            prefix,
            data=rows,
            task=lambda value: f"{prefix}-{value}",
            scores=[slow_match],
            max_concurrency=8,
        )

    threads = [
        threading.Thread(target=run, args=("a", first)),
        threading.Thread(target=run, args=("b", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert_exactly_right(results["a"], first, "a")
    assert_exactly_right(results["b"], second, "b")


async def test_one_scorer_instance_shared_by_two_gathered_async_evals() -> None:
    first, second = parity_rows(120, "a"), parity_rows(120, "b")

    def task_for(prefix: str) -> Any:
        async def task(value: int) -> str:
            await anyio.sleep(0)
            return f"{prefix}-{value}"

        return task

    a, b = await asyncio.gather(
        Eval.arun(
            "a", data=first, task=task_for("a"), scores=[async_slow_match], max_concurrency=8
        ),
        Eval.arun("b", data=second, task=task_for("b"), scores=[slow_match], max_concurrency=8),
    )
    assert_exactly_right(a, first, "a")
    assert_exactly_right(b, second, "b")


async def test_sync_parts_of_an_async_eval_run_off_the_event_loop() -> None:
    loop_thread = threading.current_thread()
    seen: set[bool] = set()

    @Scorer
    def where(scenario: Any) -> bool:
        seen.add(threading.current_thread() is loop_thread)
        return True

    def task(value: int) -> int:
        seen.add(threading.current_thread() is loop_thread)
        return value

    result = await Eval.arun(
        "threads", data=[{"input": i} for i in range(10)], task=task, scores=[where]
    )
    assert seen == {False}
    assert result.summary["where"].count == 10


# -- errors ------------------------------------------------------------------------------------


@Scorer
def fragile(scenario: Any) -> float:
    if scenario.input % 5 == 0:
        raise RuntimeError(f"cannot score {scenario.input}")
    return 1.0


@Scorer
def not_for_odd(scenario: Any) -> bool | None:
    return None if scenario.input % 2 else True


def flaky_task(value: int) -> str:
    if value % 7 == 0:
        raise ValueError(f"bad {value}")
    return str(value)


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_task_and_scorer_errors_are_kept_per_row_and_the_run_goes_on(flavour: str) -> None:
    rows = [{"input": i} for i in range(30)]
    if flavour == "sync":
        result = await anyio.to_thread.run_sync(
            lambda: Eval(
                "errors",
                data=rows,
                task=flaky_task,
                scores=[fragile, not_for_odd],
                max_concurrency=3,
            )
        )
    else:

        async def task(value: int) -> str:
            return flaky_task(value)

        result = await Eval.arun(
            "errors", data=rows, task=task, scores=[fragile, not_for_odd], max_concurrency=3
        )
    failed = [row.index for row in result.rows if row.error is not None]
    assert failed == [0, 7, 14, 21, 28]
    assert result.rows[7].error == "ValueError: bad 7"
    assert result.rows[7].output is None
    assert result.rows[7].scores == {}
    assert result.rows[7].scorer_errors == {}
    assert [row.index for row in result.errors] == failed
    broken = [row.index for row in result.rows if "fragile" in row.scorer_errors]
    assert broken == [5, 10, 15, 20, 25]
    assert "RuntimeError: cannot score 5" in result.rows[5].scorer_errors["fragile"]
    assert "fragile" not in result.rows[5].scores  # an error is not a 0.0 score
    assert result.summary["fragile"] == EvalSummary(1.0, 1.0, 1.0, count=20, errors=5)
    # not_for_odd applies to the even rows whose task worked.
    assert result.summary["not_for_odd"].count == 15 - 3
    assert all(
        ("not_for_odd" in row.scores) == (row.index % 2 == 0 and row.error is None)
        for row in result.rows
    )


async def test_async_scorers_work_in_the_sync_form_too() -> None:
    # The published client scored async scorers 0.0 in worker threads and inside loops.
    rows = parity_rows(20)
    result = Eval(
        "async-scorer",
        data=rows,
        task=lambda v: f"out-{v}",
        scores=[async_slow_match],
        max_concurrency=4,
    )
    assert_exactly_right(result, rows)


async def test_the_sync_form_with_an_async_task_inside_a_running_loop() -> None:
    async def task(value: int) -> str:
        await asyncio.sleep(0)
        return f"out-{value}"

    rows = parity_rows(40)
    result = Eval("in-a-loop", data=rows, task=task, scores=[slow_match], max_concurrency=4)
    assert_exactly_right(result, rows)

    # A sync task returning a coroutine (the page's `lambda input: agent.run(input)`) as well.
    def returns_a_coroutine(value: int) -> Any:
        return task(value)

    result = Eval(
        "lambda", data=rows, task=returns_a_coroutine, scores=[slow_match], max_concurrency=4
    )
    assert_exactly_right(result, rows)


# -- the summary -------------------------------------------------------------------------------


def test_summary_math_on_known_values() -> None:
    values = [1.0, 0.0, 0.5, 0.25]

    @Scorer
    def given(scenario: Any) -> float:
        return float(scenario.parameters["value"])

    @Scorer
    def never(scenario: Any) -> None:
        return None

    result = Eval(
        "math",
        data=[{"input": i, "value": v} for i, v in enumerate(values)],
        task=lambda v: v,
        scores=[given, never],
        max_concurrency=1,
    )
    summary = result.summary["given"]
    assert summary.mean == pytest.approx(0.4375)
    assert summary.p50 == pytest.approx(0.375)  # rank 1.5 of [0, 0.25, 0.5, 1]
    assert summary.p95 == pytest.approx(0.925)  # rank 2.85
    assert (summary.count, summary.errors) == (4, 0)
    # Nothing scored: None, never NaN.
    assert result.summary["never"] == EvalSummary(None, None, None, 0, 0)
    assert EvalSummary.of([]) == EvalSummary(None, None, None, 0, 0)
    assert EvalSummary.of([3.0]) == EvalSummary(3.0, 3.0, 3.0, 1, 0)
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20], 0.95) == pytest.approx(19.5)
    assert list(result.summary) == ["given", "never"]


def test_rows_see_an_immutable_scenario_with_the_rows_parameters() -> None:
    seen: list[EvalScenario] = []

    @Scorer
    def record(scenario: Any) -> None:
        seen.append(scenario)

    Eval(
        "scenario",
        data=[
            {"input": "q1", "expected": "a1", "context": ["c"], "metadata": {"source": "x"}},
            {"input": {"k": 1}, "question": "explicit?"},
        ],
        task=lambda value: None if value == "q1" else 42,
        scores=[record],
        max_concurrency=1,
    )
    first, second = seen
    assert first.agent_output == ""  # None → ""
    assert dict(first.parameters) == {
        "input": "q1",
        "expected": "a1",
        "question": "q1",
        "context": ["c"],
        "metadata": {"source": "x"},
    }
    assert dict(first.metadata) == {"source": "x"}
    assert (second.agent_output, second.output, second.expected) == ("42", 42, None)
    assert second.parameters["question"] == "explicit?"
    assert second.parameters["expected"] is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.agent_output = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.parameters["input"] = "changed"  # type: ignore[index]


def test_sandbox_scorers_do_not_apply_to_eval_rows() -> None:
    from polarity_keystone.scorers import CommandExits, FileExists

    result = Eval(
        "no-sandbox",
        data=[{"input": 1}],
        task=str,
        scores=[FileExists("a"), CommandExits("true")],
    )
    assert result.rows[0].scores == {}
    assert result.rows[0].scorer_errors == {}
    assert result.summary["file_exists:a"].count == 0


def test_repr_and_to_dict_stay_readable() -> None:
    result = Eval("big", data=[{"input": "x" * 10_000}], task=lambda v: v * 2, scores=[fragile])
    assert len(repr(result)) < 300
    assert len(repr(result.rows[0])) < 300
    assert "EvalResult(name='big', rows=1" in repr(result)
    dumped = json.loads(json.dumps(result.to_dict()))
    assert dumped["name"] == "big"
    assert dumped["summary"]["fragile"] == {
        "mean": None,
        "p50": None,
        "p95": None,
        "count": 0,
        "errors": 1,
    }
    assert "TypeError" in dumped["rows"][0]["scorer_errors"]["fragile"]
    assert dumped["rows"][0]["error"] is None
    assert isinstance(result.rows[0], EvalRow)


# -- reporting ---------------------------------------------------------------------------------


def eval_events(fake: FakeKeystone) -> list[dict[str, Any]]:
    return fake.trace_events(event_type="eval")


def test_the_result_is_reported_once_with_the_summary(fake: FakeKeystone) -> None:
    ks = fake.client()
    rows = parity_rows(10)
    result = Eval(
        "reported", data=rows, task=lambda v: f"out-{v}", scores=[slow_match], keystone=ks
    )
    (event,) = eval_events(fake)
    assert re.fullmatch(r"span_eval_[0-9a-f]{12}", event["span_id"])
    assert result.experiment_id == event["span_id"]
    assert (event["tool"], event["phase"], event["status"]) == ("Eval:reported", "complete", "ok")
    metadata = event["metadata"]
    assert metadata["eval.name"] == "reported"
    assert metadata["eval.rows"] == 10
    assert metadata["eval.summary"] == {
        "slow_match": {"mean": 0.5, "p50": 0.5, "p95": 1.0, "count": 10, "errors": 0}
    }
    posts = [r for r in fake.received if r.path == "/v1/traces"]
    assert [r.method for r in posts] == ["POST"]


def test_a_key_in_the_environment_reports_to_the_configured_origin(
    fake: FakeKeystone, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake.serve() as base_url:  # 127.0.0.1 only
        monkeypatch.setenv("KEYSTONE_API_KEY", fake.api_key)
        monkeypatch.setenv("KEYSTONE_BASE_URL", base_url)
        result = Eval("from-env", data=[{"input": 1}], task=str)
    (event,) = eval_events(fake)
    assert result.experiment_id == event["span_id"]
    assert event["metadata"]["eval.summary"] == {}


@pytest.mark.parametrize("failure", ["503", "bad-key"])
def test_a_failed_report_never_fails_the_eval(
    fake: FakeKeystone, failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    if failure == "503":
        fake.inject_faults("POST", "/v1/traces", [503] * 10)
        ks = fake.client()
    else:
        import httpx

        ks = Keystone(
            "ks_live_notTheRightKey123",
            IN_PROCESS_URL,
            http_client=httpx.Client(transport=fake.transport()),
            max_retries=0,
        )
    with caplog.at_level(logging.WARNING, logger="polarity_keystone.eval"):
        result = Eval(
            "unreported",
            data=parity_rows(6),
            task=lambda v: f"out-{v}",
            scores=[slow_match],
            keystone=ks,
        )
    assert result.experiment_id is None
    assert result.summary["slow_match"].count == 6
    assert eval_events(fake) == []
    (record,) = caplog.records
    message = record.getMessage()
    assert "'unreported'" in message
    assert ("KeystoneServerError" if failure == "503" else "KeystoneAuthError") in message
    assert "notTheRightKey" not in message
    assert fake.api_key not in message
    if failure == "bad-key":
        ks.close()


async def test_the_async_form_reports_with_an_async_client(fake: FakeKeystone) -> None:
    ks = fake.async_client()

    async def task(value: int) -> str:
        return f"out-{value}"

    result = await Eval.arun(
        "async-report", data=parity_rows(8), task=task, scores=[async_slow_match], keystone=ks
    )
    (event,) = eval_events(fake)
    assert result.experiment_id == event["span_id"]
    assert event["metadata"]["eval.summary"]["slow_match"]["count"] == 8
    # A sync client works from the async form too (it reports on a thread).
    sync_ks = fake.client()
    again = await Eval.arun("sync-client", data=[{"input": 1}], task=task, keystone=sync_ks)
    assert again.experiment_id is not None
    assert len(eval_events(fake)) == 2
    await ks.close()


# -- tracing -----------------------------------------------------------------------------------


def test_each_row_runs_in_an_eval_span_under_the_callers_span() -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from polarity_keystone import init_tracing, traced
    from polarity_keystone._tracing import reset_tracing

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    assert init_tracing(otel_tracer=provider.get_tracer("test")) is True
    try:
        with traced(name="outer"):
            Eval("traced", data=[{"input": i} for i in range(6)], task=str, max_concurrency=3)
    finally:
        reset_tracing()
    spans = exporter.get_finished_spans()
    (outer,) = [s for s in spans if s.name == "outer"]
    rows = [s for s in spans if s.name == "eval:traced"]
    assert len(rows) == 6
    assert all(s.parent is not None and s.parent.span_id == outer.context.span_id for s in rows)


# -- progress ----------------------------------------------------------------------------------


def test_the_progress_bar_draws_on_a_given_stream_and_ends_the_line() -> None:
    stream = io.StringIO()
    Eval(
        "bar", data=[{"input": i} for i in range(50)], task=str, progress=stream, max_concurrency=4
    )
    text = stream.getvalue()
    assert text.endswith("\n")
    assert text.rstrip("\n").rsplit("\r", 1)[-1] == "Eval bar [########################] 50/50"
    assert 1 <= text.count("\r") < 50  # throttled


def test_the_progress_bar_is_off_when_asked_or_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Eval("quiet", data=[{"input": i} for i in range(50)], task=str, progress=False)
    Eval("not-a-tty", data=[{"input": i} for i in range(50)], task=str)
    assert capsys.readouterr().err == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    Eval("few", data=[{"input": i} for i in range(20)], task=str)
    assert terminal.getvalue() == ""  # 20 rows or fewer: no bar
    Eval("many", data=[{"input": i} for i in range(21)], task=str)
    assert terminal.getvalue().endswith("21/21\n")
    forced = Terminal()
    monkeypatch.setattr("sys.stderr", forced)
    Eval("forced", data=[{"input": 1}], task=str, progress=True)
    assert forced.getvalue().endswith("1/1\n")


def test_a_closed_progress_stream_does_not_break_the_eval() -> None:
    stream = io.StringIO()
    stream.close()
    result = Eval("closed", data=[{"input": i} for i in range(30)], task=str, progress=stream)
    assert len(result.rows) == 30


# -- arguments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"data": None}, "data must be an iterable"),
        ({"data": {"input": 1}}, "data must be an iterable"),
        ({"data": [{"input": 1}, "row"]}, r"data\[1\] must be a dict"),
        (
            {"data": [{"input": 1}, {"inputs": 2}]},
            r"data\[1\] has no 'input' key \(its keys: 'inputs'\)",
        ),
        ({"task": "not callable"}, "task must be a function"),
        ({"max_concurrency": 0}, "max_concurrency must be an integer from 1 to 1000"),
        ({"max_concurrency": 1001}, "max_concurrency"),
        ({"max_concurrency": True}, "max_concurrency"),
        ({"scores": [slow_match, async_slow_match]}, "two scorers are named 'slow_match'"),
        ({"scores": [lambda s: 1.0]}, "decorate the function with @Scorer"),
        ({"progress": 3}, "progress must be None, True, False or a text stream"),
        ({"keystone": "ks_live_key"}, "keystone must be a Keystone"),
    ],
)
def test_bad_arguments_fail_before_any_row_runs(arguments: dict[str, Any], message: str) -> None:
    calls: list[Any] = []
    settings: dict[str, Any] = {"data": [{"input": 1}], "task": calls.append, **arguments}
    with pytest.raises(KeystoneInvalidArgumentError, match=message):
        Eval("bad", **settings)
    assert calls == []


async def test_an_async_client_needs_the_async_form(fake: FakeKeystone) -> None:
    ks = fake.async_client()
    with pytest.raises(KeystoneInvalidArgumentError, match=r"await Eval.arun"):
        Eval("wrong-client", data=[{"input": 1}], task=str, keystone=ks)
    await ks.close()


def test_empty_data_gives_an_empty_result() -> None:
    result = Eval("empty", data=iter([]), task=str, scores=[slow_match], progress=True)
    assert result.rows == ()
    assert result.summary == {"slow_match": EvalSummary(None, None, None, 0, 0)}


def test_built_in_exact_match_shared_across_threads_scores_every_row_right() -> None:
    # The published client's ExactMatch borrowed each row's `expected` onto the shared
    # instance, so concurrent rows scored against each other's expectations.
    from polarity_keystone import ExactMatch

    rows = parity_rows()
    result = Eval(
        "exact", data=rows, task=lambda v: f"out-{v}", scores=[ExactMatch()], max_concurrency=8
    )
    assert [row.scores["exact_match"].score for row in result.rows] == [
        1.0 if i % 2 == 0 else 0.0 for i in range(ROWS)
    ]
    assert result.summary["exact_match"].mean == 0.5


def test_the_pages_judges_give_meaningful_scores_on_eval_rows(fake: FakeKeystone) -> None:
    from polarity_keystone import AnswerRelevancy, Factuality

    ks = fake.client()
    answers = {"What is the capital of France?": "Paris is the capital of France."}
    result = Eval(
        "email-eval",
        data=[
            {"input": "What is the capital of France?", "expected": "Paris"},
            {"input": "Who wrote Hamlet?", "expected": "Shakespeare"},
        ],
        task=lambda question: answers.get(question, "I like turtles."),
        scores=[Factuality(client=ks), AnswerRelevancy(client=ks)],
        max_concurrency=4,
        keystone=ks,
    )
    good, bad = result.rows
    assert good.scorer_errors == bad.scorer_errors == {}
    assert good.scores["factuality"].score > bad.scores["factuality"].score
    assert good.scores["answer_relevancy"].score > bad.scores["answer_relevancy"].score
    assert set(result.summary) == {"factuality", "answer_relevancy"}
    assert all(summary.count == 2 for summary in result.summary.values())
