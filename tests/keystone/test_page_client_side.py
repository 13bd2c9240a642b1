"""The Keystone page's client-side examples, as written, on a served fake: ``ks.wrap`` and its
flags, ``init_tracing``, ``observe``, ``auto_instrument``, ``@traced`` in its four forms, the
OTel bridge, the custom ``@Scorer``, ``Eval`` with ``Factuality`` and ``AnswerRelevancy``, and
pricing — each with the numbers it must give.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from polarity_keystone import (
    AnswerRelevancy,
    Eval,
    EvalSummary,
    Factuality,
    Keystone,
    Score,
    Scorer,
    auto_instrument,
    estimate_cost,
    flush,
    flush_otel,
    pricing_table,
    register_otel_flush,
    traced,
)
from polarity_keystone._instrument import _auto
from polarity_keystone._tracing import reset_tracing
from polarity_keystone.testing import FakeKeystone

KEY = "ks_test_page_client_side_0000"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeKeystone, Keystone]]:
    for name in ("POLARITY_API_KEY", "POLARITY_BASE_URL", "POLARITY_SANDBOX_ID"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeKeystone(clock="wall", api_keys=None, scenario_seconds=0.01)
    with fake, fake.serve() as base_url:  # 127.0.0.1 only
        monkeypatch.setenv("KEYSTONE_API_KEY", KEY)
        monkeypatch.setenv("KEYSTONE_BASE_URL", base_url)
        monkeypatch.delenv("KEYSTONE_SANDBOX_ID", raising=False)
        ks = Keystone()
        try:
            yield fake, ks
        finally:
            flush(30)
            reset_tracing()
            _auto.reset()
            ks.close()


def events_named(ks: Keystone, sandbox_id: str, tool: str) -> list[dict[str, Any]]:
    assert flush(30)
    return [e for e in ks.sandboxes.get_trace(sandbox_id)["events"] if e["tool"] == tool]


def test_wrap_and_its_flags(served: tuple[FakeKeystone, Keystone]) -> None:
    from anthropic import Anthropic

    _, ks = served
    sb = ks.sandboxes.create(spec_id="fix-failing-test")
    anthropic = ks.wrap(Anthropic(api_key="sk-ant-page"), auto_instrument=False)
    assert isinstance(anthropic, Anthropic)
    ks.wrap(Anthropic(api_key="sk-ant-page"), tracing=False, auto_instrument=False)
    ks.wrap(Anthropic(api_key="sk-ant-page"), sandbox_id=sb.id, auto_instrument=False)
    assert ks.init_tracing() is True  # agent mode: no KEYSTONE_SANDBOX_ID
    assert ks.init_tracing(sb.id) is True


def test_observe_and_auto_instrument_labels(
    served: tuple[FakeKeystone, Keystone], monkeypatch: pytest.MonkeyPatch
) -> None:
    from anthropic import Anthropic
    from openai import OpenAI

    _, ks = served
    sb = ks.sandboxes.create(spec_id="fix-failing-test")
    # Without a sandbox id: no provider is patched, as the page's rule says.
    assert ks.observe(clients=[Anthropic(api_key="a"), OpenAI(api_key="o")]) == [
        "anthropic-client",
        "openai-client",
        "tracing",
    ]
    with pytest.raises(RuntimeError, match="sandbox"):
        auto_instrument()
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", sb.id)
    applied = ks.observe(clients=[Anthropic(api_key="a"), OpenAI(api_key="o")])
    assert applied[:5] == ["anthropic-client", "openai-client", "tracing", "openai", "anthropic"]
    assert auto_instrument(sandbox_id=sb.id) == applied[3:]  # idempotent: the same labels


def test_traced_in_the_four_forms_nests_and_reports(served: tuple[FakeKeystone, Keystone]) -> None:
    _, ks = served
    sb = ks.sandboxes.create(spec_id="fix-failing-test")
    ks.init_tracing(sb.id)

    @traced
    def fn() -> str:
        return "one"

    @traced(name="custom-name")
    async def fetch_data(url: str) -> str:
        await asyncio.sleep(0)
        return url

    with traced(name="step") as span:
        result = fn()
        span.set_output(result)
    assert traced("direct", fn) == "one"
    assert asyncio.run(traced("direct-async", lambda: fetch_data("u"))) == "u"

    (step_start, step_end) = events_named(ks, sb.id, "step")
    children = events_named(ks, sb.id, "fn")
    assert (step_start["phase"], step_end["phase"]) == ("start", "end")
    assert step_end["output"] == "one"
    # The first fn ran inside "step", the second inside "direct".
    (direct,) = {e["span_id"] for e in events_named(ks, sb.id, "direct")}
    assert [e["parent_span_id"] for e in children if e["phase"] == "end"] == [
        step_start["span_id"],
        direct,
    ]
    (outer,) = {e["span_id"] for e in events_named(ks, sb.id, "direct-async")}
    (inner,) = [e for e in events_named(ks, sb.id, "custom-name") if e["phase"] == "end"]
    assert inner["parent_span_id"] == outer


def test_the_otel_bridge_as_the_page_writes_it(served: tuple[FakeKeystone, Keystone]) -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    _, ks = served
    tracer_provider = TracerProvider()
    memory = InMemorySpanExporter()
    tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = tracer_provider.get_tracer("my-app")
    ks.init_tracing(otel_tracer=tracer)
    register_otel_flush(lambda: tracer_provider.shutdown())  # noqa: PLW0108 - the page's form

    @traced
    def work() -> int:
        return 1

    with traced(name="outer"):
        work()
    flush_otel()
    spans = {s.name: s for s in memory.get_finished_spans()}
    assert set(spans) == {"outer", "work"}
    assert spans["work"].parent is not None
    assert spans["work"].parent.span_id == spans["outer"].context.span_id


def test_the_custom_scorer_in_run_and_wait(served: tuple[FakeKeystone, Keystone]) -> None:
    _, ks = served

    @Scorer
    def word_count_under_100(scenario: Any) -> Score:
        words = len((scenario.agent_output or "").split())
        return Score(
            name="word_count_under_100",
            score=1.0 if words < 100 else 0.0,
            passed=words < 100,
            message=f"{words} words",
        )

    exp = ks.experiments.create(name="baseline-v1", spec_id="fix-failing-test")
    results = ks.experiments.run_and_wait(exp.id, scores=[word_count_under_100])
    for scenario in results.scenarios:
        (mine,) = [i for i in scenario.invariants if i.name == "word_count_under_100"]
        words = len(scenario.agent_output.split())
        assert (mine.passed, mine.message) == (words < 100, f"{words} words")


def test_the_eval_example_judges_every_row(served: tuple[FakeKeystone, Keystone]) -> None:
    fake, _ = served
    answers = {
        "What is the capital of France?": "Paris is the capital of France.",
        "Who wrote Hamlet?": "I like turtles.",
    }
    result = Eval(
        "email-eval",
        data=[
            {"input": "What is the capital of France?", "expected": "Paris"},
            {"input": "Who wrote Hamlet?", "expected": "William Shakespeare"},
        ],
        task=lambda input: answers[input],
        scores=[Factuality(), AnswerRelevancy()],
        max_concurrency=4,
    )
    assert set(result.summary) == {"factuality", "answer_relevancy"}
    for summary in result.summary.values():
        assert isinstance(summary, EvalSummary)
        assert (summary.count, summary.errors) == (2, 0)
    good, bad = result.rows
    assert good.scores["factuality"].score == 1.0
    assert bad.scores["factuality"].score == 0.0
    assert good.scores["answer_relevancy"].score > bad.scores["answer_relevancy"].score
    # Judged through this client's base URL and key (the fake), one request per row and judge.
    judged = [r for r in fake.received if r.path == "/v1/judge/completions"]
    assert len(judged) == 4


def test_the_pricing_examples() -> None:
    cost = estimate_cost("claude-sonnet-4-5", 4200, 1800, 1500)
    assert cost == pytest.approx((4200 * 3 + 1800 * 15 + 1500 * 0.3) / 1e6)
    pricing_table["my-custom-model"] = {"input": 1.0, "output": 5.0}
    try:
        assert estimate_cost("my-custom-model", 1_000_000, 1_000_000) == pytest.approx(6.0)
    finally:
        del pricing_table["my-custom-model"]
