"""The OpenTelemetry bridge: every span mirrored with the right parents and attributes, on a
private TracerProvider with an in-memory exporter (the global provider is never set)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import polarity_keystone as pk
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from polarity_keystone._tracing import (
    _otel,
    _spans,
    configure_exporter,
    flush,
    init_tracing,
    reset_tracing,
    start_span,
    traced,
    use_span,
)
from polarity_keystone.testing import FakeKeystone

ENV = ("KEYSTONE_API_KEY", "POLARITY_API_KEY", "KEYSTONE_SANDBOX_ID", "POLARITY_SANDBOX_ID")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    exporter = configure_exporter(max_age=0.01, retry_delays=(0.0, 0.0, 0.0))
    yield
    reset_tracing()
    exporter.stop(timeout=2)
    # Leave a fresh default exporter for the tests that follow (a stopped one drops events).
    configure_exporter()


@pytest.fixture
def memory() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def tracer(memory: InMemorySpanExporter) -> trace.Tracer:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    return provider.get_tracer("test")


def by_name(memory: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    spans = memory.get_finished_spans()
    named = {s.name: s for s in spans}
    assert len(named) == len(spans), [s.name for s in spans]
    return named


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def test_otel_only_without_a_key(tracer: trace.Tracer, memory: InMemorySpanExporter) -> None:
    assert init_tracing(otel_tracer=tracer) is True  # no key: OTel only

    @traced
    def outer() -> None:
        inner()

    @traced(name="inner-step")
    def inner() -> None:
        with tracer.start_as_current_span("user-span"):
            pass

    with tracer.start_as_current_span("app-root"):
        outer()
    spans = by_name(memory)
    assert parent_of(spans["outer"]) == spans["app-root"].context.span_id
    assert parent_of(spans["inner-step"]) == spans["outer"].context.span_id
    # The app's own OTel spans nest under the current Keystone span.
    assert parent_of(spans["user-span"]) == spans["inner-step"].context.span_id
    assert len({s.context.trace_id for s in spans.values()}) == 1
    attrs = spans["outer"].attributes or {}
    assert attrs["gen_ai.operation.name"] == "execute_tool"
    assert attrs["gen_ai.tool.name"] == "outer"
    assert len(str(attrs["keystone.span_id"])) == 16
    assert spans["outer"].kind == SpanKind.INTERNAL


async def test_parents_across_gathered_tasks(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    init_tracing(otel_tracer=tracer)

    @traced
    async def leaf(i: int) -> int:
        await asyncio.sleep(0)
        return i

    @traced
    async def branch(i: int) -> int:
        with traced(name=f"child-{i}"):
            return await leaf(i)

    @traced
    async def root() -> list[int]:
        return await asyncio.gather(*(branch(i) for i in range(10)))

    assert await root() == list(range(10))
    spans = memory.get_finished_spans()
    ids = {s.context.span_id: s for s in spans}
    root_span = next(s for s in spans if s.name == "root")
    for s in spans:
        if s.name == "branch":
            assert parent_of(s) == root_span.context.span_id
        elif s.name.startswith("child-"):
            assert ids[parent_of(s) or 0].name == "branch"
        elif s.name == "leaf":
            assert ids[parent_of(s) or 0].name.startswith("child-")


def test_llm_spans_carry_gen_ai_attributes(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    init_tracing(otel_tracer=tracer)
    span = start_span(
        "openai.create",
        event_type="llm_call",
        phases="complete",
        metadata={"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o", "other": 1},
    )
    span.set_metadata("gen_ai.usage.input_tokens", 12)
    span.set_metadata("gen_ai.usage.output_tokens", 3)
    span.end()
    (otel,) = memory.get_finished_spans()
    assert otel.kind == SpanKind.CLIENT
    attrs = dict(otel.attributes or {})
    assert attrs["gen_ai.system"] == "openai"
    assert attrs["gen_ai.request.model"] == "gpt-4o"
    assert attrs["gen_ai.usage.input_tokens"] == 12
    assert attrs["gen_ai.usage.output_tokens"] == 3
    assert attrs["keystone.span_id"] == span.span_id
    assert "other" not in attrs


def test_errors_become_error_status_with_the_exception(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    init_tracing(otel_tracer=tracer)

    @traced
    def fails() -> None:
        raise ValueError("bad value")

    with pytest.raises(ValueError, match="bad value"):
        fails()
    (otel,) = memory.get_finished_spans()
    assert otel.status.status_code == StatusCode.ERROR
    assert (otel.attributes or {})["error.type"] == "ValueError"
    assert [e.name for e in otel.events] == ["exception"]


def test_keystone_and_otel_together(tracer: trace.Tracer, memory: InMemorySpanExporter) -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        assert ks.init_tracing(otel_tracer=tracer) is True

        @traced
        def both() -> str:
            return "x"

        both()
        assert flush(30)
        (otel,) = memory.get_finished_spans()
        (end,) = [e for e in fake.trace_events(tool="both") if e["phase"] == "end"]
        assert (otel.attributes or {})["keystone.span_id"] == end["span_id"]
        # Re-initialising without a tracer keeps the tracer.
        ks.init_tracing()
        both()
        assert len(memory.get_finished_spans()) == 2


def test_use_span_makes_the_otel_twin_current(tracer: trace.Tracer) -> None:
    init_tracing(otel_tracer=tracer)
    span = start_span("manual")
    with use_span(span):
        current = trace.get_current_span()
        assert current.get_span_context().span_id != 0
        assert current.is_recording()
    assert not trace.get_current_span().get_span_context().is_valid
    span.end()


def test_a_broken_tracer_never_breaks_the_app(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def start_span(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("tracer bug")

    init_tracing(otel_tracer=Broken())

    @traced
    def works() -> int:
        return 1

    with caplog.at_level(logging.ERROR):
        assert works() == 1
    assert "failed to start a span" in caplog.text


def test_a_non_tracer_is_refused() -> None:
    with pytest.raises(pk.KeystoneInvalidArgumentError):
        init_tracing(otel_tracer="not a tracer")
    assert _spans.STATE.otel is None


def test_register_otel_flush_runs_each_callback_once(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("flush failed")

    pk.register_otel_flush(lambda: calls.append("first"))
    pk.register_otel_flush(broken)
    pk.register_otel_flush(lambda: calls.append("last"))
    pk.flush_otel()
    assert calls == ["first", "broken", "last"]
    assert "flush callback failed" in caplog.text
    pk.flush_otel()  # already run: not again (also what the exit hook calls)
    assert calls == ["first", "broken", "last"]
    assert _otel._EXIT_REGISTERED
    with pytest.raises(pk.KeystoneInvalidArgumentError):
        pk.register_otel_flush("not callable")  # type: ignore[arg-type]


def test_the_pages_provider_shutdown_pattern(memory: InMemorySpanExporter) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("my-app")
    init_tracing(otel_tracer=tracer)
    pk.register_otel_flush(lambda: provider.shutdown())  # noqa: PLW0108 - the page's form
    traced("step", lambda: 1)
    pk.flush_otel()
    assert [s.name for s in memory.get_finished_spans()] == ["step"]
