"""Spans and ``@traced``: the forms, nesting across tasks and threads, errors, generators,
capture safety, and ``init_tracing``'s routing (on the in-process fake)."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import json
import math
import threading
import traceback
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polarity_keystone as pk
import pytest
from polarity_keystone import KeystoneInvalidArgumentError
from polarity_keystone._tracing import (
    NOOP_SPAN,
    _exporter,
    _spans,
    configure_exporter,
    current_span,
    exporter_stats,
    flush,
    init_tracing,
    reset_tracing,
    start_span,
    traced,
    use_span,
)
from polarity_keystone._tracing._capture import MAX_CAPTURE, REDACTED, TRUNCATED, capture
from polarity_keystone.testing import FakeKeystone


class Collect:
    """A reporter that keeps the events it is given."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def emit(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)

    def by_name(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["tool"] == name]

    def span(self, name: str) -> dict[str, Any]:
        """The ``end`` (or only) event of the one span called ``name``."""
        ends = [e for e in self.by_name(name) if e["phase"] != "start"]
        assert len(ends) == 1, ends
        return ends[0]


ENV = ("KEYSTONE_API_KEY", "POLARITY_API_KEY", "KEYSTONE_SANDBOX_ID", "POLARITY_SANDBOX_ID")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "KEYSTONE_API_KEY",
        "POLARITY_API_KEY",
        "KEYSTONE_SANDBOX_ID",
        "POLARITY_SANDBOX_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    exporter = configure_exporter(max_age=0.01, retry_delays=(0.0, 0.0, 0.0))
    yield
    reset_tracing()
    exporter.stop(timeout=2)
    # Leave a fresh default exporter for the tests that follow (a stopped one drops events).
    configure_exporter()


@pytest.fixture
def sink() -> Collect:
    collect = Collect()
    _spans.configure(collect, None)
    return collect


# -- off: a true no-op


def test_without_configuration_traced_calls_straight_through() -> None:
    calls = []

    @traced
    def work(x: int) -> int:
        calls.append(current_span())
        return x * 2

    assert work(21) == 42
    assert calls == [None]
    assert start_span("x") is NOOP_SPAN
    assert not NOOP_SPAN.is_recording
    with traced(name="block") as span:
        assert span is NOOP_SPAN
        span.set_output("ignored")
        assert current_span() is None
    assert traced("one", lambda: 5) == 5
    assert _exporter.exporter()._thread is None  # nothing queued, no thread


def test_init_tracing_without_a_key_is_a_no_op() -> None:
    assert pk.init_tracing() is False
    assert pk.init_tracing("sb-123") is False

    @traced
    def work() -> str:
        return "done"

    assert work() == "done"
    assert exporter_stats()["running"] == 0
    assert _exporter.exporter()._thread is None


# -- the forms


def test_the_four_forms_and_a_bare_name(sink: Collect) -> None:
    @traced
    def plain(cfg: dict[str, int]) -> str:
        return "written"

    @traced(name="custom-name")
    def named(x: int) -> int:
        return x + 1

    @traced()
    def empty_parens() -> None:
        return None

    assert plain({"a": 1}) == "written"
    assert named(1) == 2
    assert empty_parens() is None
    with traced(name="step") as span:
        span.set_output({"rows": 3})
    with traced("bare") as bare:
        assert current_span() is bare
    assert traced("direct", lambda: "value") == "value"

    @traced("bare-decorator")
    def decorated_by_bare_name() -> int:
        return 7

    assert decorated_by_bare_name() == 7

    starts = [e["tool"] for e in sink.events if e["phase"] == "start"]
    ends = [e["tool"] for e in sink.events if e["phase"] == "end"]
    expected = ["plain", "custom-name", "empty_parens", "step", "bare", "direct", "bare-decorator"]
    assert starts == expected
    assert ends == expected
    assert sink.span("plain")["output"] == "written"
    assert json.loads(sink.by_name("plain")[0]["input"]) == {"cfg": {"a": 1}}
    assert json.loads(sink.span("step")["output"]) == {"rows": 3}
    assert sink.span("empty_parens")["output"] == "null"
    assert sink.span("direct")["output"] == "value"


def test_event_shape(sink: Collect) -> None:
    @traced
    def outer() -> None:
        inner()

    @traced
    def inner() -> None:
        pass

    outer()
    start, end = sink.by_name("outer")
    assert set(start) == {
        "ts",
        "event_type",
        "tool",
        "phase",
        "span_id",
        "parent_span_id",
        "root_span_id",
        "status",
        "input",
    }
    assert set(end) >= {"duration_ms", "error_type", "output"}
    assert (start["event_type"], start["phase"], end["phase"]) == ("tool_call", "start", "end")
    assert len(start["span_id"]) == 16
    assert int(start["span_id"], 16) >= 0
    assert (start["parent_span_id"], start["root_span_id"]) == ("", "")
    assert (end["status"], end["error_type"]) == ("ok", "")
    assert isinstance(end["duration_ms"], int)
    child = sink.span("inner")
    assert child["parent_span_id"] == start["span_id"]
    assert child["root_span_id"] == start["span_id"]
    # A span's events in order, and a parent's start before its children's.
    order = [(e["tool"], e["phase"]) for e in sink.events]
    assert order == [("outer", "start"), ("inner", "start"), ("inner", "end"), ("outer", "end")]


async def test_async_forms(sink: Collect) -> None:
    @traced(name="fetch")
    async def fetch(url: str) -> str:
        await asyncio.sleep(0)
        return f"got {url}"

    async def no_args() -> int:
        await asyncio.sleep(0)
        assert current_span() is not None
        return 3

    assert inspect.iscoroutinefunction(fetch)
    assert await fetch("u") == "got u"
    pending = traced("direct-async", no_args)
    assert sink.by_name("direct-async") == []  # the span opens when awaited
    assert await pending == 3
    assert await traced("lambda-coroutine", lambda: no_args()) == 3  # noqa: PLW0108
    async with traced(name="async-block") as span:
        assert current_span() is span
    assert sink.span("fetch")["output"] == "got u"
    assert sink.span("direct-async")["output"] == "3"
    assert sink.span("lambda-coroutine")["output"] == "3"
    assert sink.span("async-block")["status"] == "ok"


def test_wraps_metadata_and_kinds_are_preserved() -> None:
    def sync_fn(a: int) -> int:
        """Sync doc."""
        return a

    async def async_fn(a: int) -> int:
        return a

    def gen_fn() -> Iterator[int]:
        yield 1

    async def agen_fn() -> AsyncIterator[int]:
        yield 1

    for fn, check in [
        (sync_fn, inspect.isfunction),
        (async_fn, inspect.iscoroutinefunction),
        (gen_fn, inspect.isgeneratorfunction),
        (agen_fn, inspect.isasyncgenfunction),
    ]:
        wrapped = traced(fn)
        assert check(wrapped), fn
        assert wrapped.__name__ == fn.__name__
        assert wrapped.__wrapped__ is fn  # type: ignore[attr-defined]
        assert inspect.signature(wrapped) == inspect.signature(fn)
    assert traced(sync_fn).__doc__ == "Sync doc."


def test_methods_skip_self_and_cls(sink: Collect) -> None:
    class Tool:
        @traced
        def run(self, query: str) -> str:
            return query.upper()

        @traced
        @classmethod
        def build(cls, n: int) -> int:
            return n

        @traced
        @staticmethod
        def helper(n: int) -> int:
            return -n

    assert Tool().run("q") == "Q"
    assert Tool.build(2) == 2
    assert Tool.helper(3) == -3
    assert json.loads(sink.by_name("run")[0]["input"]) == {"query": "q"}
    assert json.loads(sink.by_name("build")[0]["input"]) == {"n": 2}
    assert json.loads(sink.by_name("helper")[0]["input"]) == {"n": 3}


def test_bad_arguments_are_typed_errors() -> None:
    with pytest.raises(KeystoneInvalidArgumentError):
        traced(42)  # type: ignore[call-overload]
    with pytest.raises(KeystoneInvalidArgumentError):
        traced("name", "not callable")  # type: ignore[call-overload]
    with pytest.raises(KeystoneInvalidArgumentError):
        traced("a", name="b")  # type: ignore[call-overload]
    with pytest.raises(KeystoneInvalidArgumentError):
        start_span("x", parent="nope")  # type: ignore[arg-type]


# -- nesting across tasks and threads


async def test_nesting_under_gather_of_50_tasks(sink: Collect) -> None:
    @traced
    async def child(i: int) -> int:
        await asyncio.sleep(0)
        return i

    @traced
    async def task(i: int) -> int:
        await asyncio.sleep(0)
        with traced(name=f"block-{i}"):
            await asyncio.sleep(0)
            return await child(i)

    @traced
    async def parent() -> list[int]:
        return await asyncio.gather(*(task(i) for i in range(50)))

    assert await parent() == list(range(50))
    root = sink.span("parent")
    tasks = {json.loads(e["input"])["i"]: e for e in sink.by_name("task") if e["phase"] == "start"}
    children = {
        json.loads(e["input"])["i"]: e for e in sink.by_name("child") if e["phase"] == "start"
    }
    assert len(tasks) == len(children) == 50
    for i in range(50):
        block = sink.span(f"block-{i}")
        assert tasks[i]["parent_span_id"] == root["span_id"]
        assert block["parent_span_id"] == tasks[i]["span_id"]
        assert children[i]["parent_span_id"] == block["span_id"]
        assert children[i]["root_span_id"] == root["span_id"]


async def test_nesting_in_a_task_group_and_to_thread(sink: Collect) -> None:
    @traced
    def blocking(i: int) -> int:
        return i

    @traced
    async def outer() -> None:
        async with asyncio.TaskGroup() as group:
            for i in range(3):
                group.create_task(asyncio.to_thread(blocking, i))

    await outer()
    root = sink.span("outer")
    assert [e["parent_span_id"] for e in sink.by_name("blocking")] == [root["span_id"]] * 6


def test_thread_pool_with_copied_contexts(sink: Collect) -> None:
    @traced
    def job(i: int) -> int:
        return i

    with traced(name="batch") as batch, ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(contextvars.copy_context().run, job, i) for i in range(20)]
        assert [f.result() for f in futures] == list(range(20))
        uncopied = pool.submit(job, 99).result()
    assert uncopied == 99
    parents = [e["parent_span_id"] for e in sink.by_name("job") if e["phase"] == "start"]
    assert parents[:20] == [batch.span_id] * 20
    assert parents[20] == ""  # no copied context: a root


def test_a_plain_worker_thread_is_reported_once_tracing_is_initialised() -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        assert ks.init_tracing() is True

        @traced
        def on_worker() -> str:
            return threading.current_thread().name

        thread = threading.Thread(target=on_worker, name="worker-1")
        thread.start()
        thread.join()
        assert flush(30)
        events = fake.trace_events(tool="on_worker")
        assert [e["phase"] for e in events] == ["start", "end"]
        assert events[1]["output"] == "worker-1"


def test_use_span_and_current_span(sink: Collect) -> None:
    span = start_span("manual", input={"q": 1})
    assert current_span() is None
    with use_span(span):
        assert current_span() is span
        inner = start_span("inner")
        inner.end()
    assert current_span() is None
    span.end()
    span.end()  # idempotent
    assert not span.is_recording
    assert sink.span("inner")["parent_span_id"] == span.span_id
    assert len(sink.by_name("manual")) == 2
    assert json.loads(sink.by_name("manual")[0]["input"]) == {"q": 1}
    root = start_span("forced-root", parent=None)
    assert root.parent_span_id == ""


def test_end_is_thread_safe_and_once(sink: Collect) -> None:
    span = start_span("raced")
    barrier = threading.Barrier(8)

    def end() -> None:
        barrier.wait()
        span.end()

    threads = [threading.Thread(target=end) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [e["phase"] for e in sink.by_name("raced")] == ["start", "end"]


def test_complete_and_invoked_spans_carry_cost_and_metadata(sink: Collect) -> None:
    llm = start_span(
        "openai.create",
        event_type="llm_call",
        phases="complete",
        input=[{"role": "user", "content": "hi"}],
        metadata={"gen_ai.request.model": "gpt-4o"},
    )
    with use_span(llm):
        tool = start_span("get_weather", event_type="tool_use", phases="invoked", input='{"c": 1}')
        tool.end()
    llm.set_output("hello")
    llm.set_cost({"input_tokens": 3, "output_tokens": 1, "model": "gpt-4o", "estimated_usd": 0.1})
    llm.set_metadata("gen_ai.usage.input_tokens", 3)
    llm.end()
    assert [e["phase"] for e in sink.events] == ["invoked", "complete"]
    event = sink.span("openai.create")
    assert event["event_type"] == "llm_call"
    assert json.loads(event["input"]) == [{"role": "user", "content": "hi"}]
    assert event["cost"]["input_tokens"] == 3
    assert event["metadata"] == {"gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3}
    used = sink.span("get_weather")
    assert (used["parent_span_id"], used["input"]) == (llm.span_id, '{"c": 1}')


def test_explicit_reporter_is_inherited_by_children() -> None:
    default, other = Collect(), Collect()
    _spans.configure(default, None)
    with start_span("eval", reporter=other):  # type: ignore[arg-type]

        @traced
        def task() -> int:
            return 1

        task()
    assert [e["tool"] for e in other.events] == ["eval", "task", "task", "eval"]
    assert default.events == []


# -- errors


class Boom(Exception):
    pass


def test_exceptions_propagate_unchanged_with_an_error_span(sink: Collect) -> None:
    error = Boom("it broke")

    @traced
    def fails() -> None:
        raise error

    with pytest.raises(Boom) as caught:
        fails()
    assert caught.value is error
    frames = [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]
    assert frames[-1] == "fails"
    end = sink.span("fails")
    assert (end["status"], end["error_type"], end["output"]) == ("error", "Boom", "Boom: it broke")

    with pytest.raises(KeyError), traced(name="block"):
        raise KeyError("k")
    assert sink.span("block")["error_type"] == "KeyError"
    with pytest.raises(ZeroDivisionError):
        traced("direct", lambda: 1 / 0)
    assert sink.span("direct")["status"] == "error"


async def test_async_errors_and_cancellation(sink: Collect) -> None:
    @traced
    async def fails() -> None:
        await asyncio.sleep(0)
        raise Boom("async")

    @traced
    async def hangs() -> None:
        await asyncio.Event().wait()

    with pytest.raises(Boom):
        await fails()
    assert sink.span("fails")["output"] == "Boom: async"
    task = asyncio.create_task(hangs())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    cancelled = sink.span("hangs")
    assert (cancelled["status"], cancelled["error_type"]) == ("error", "CancelledError")


# -- generators


def test_a_generator_span_covers_its_iteration(sink: Collect) -> None:
    @traced
    def numbers(n: int) -> Iterator[int]:
        for i in range(n):
            with traced(name=f"make-{i}"):
                pass
            yield i

    seen = []
    for value in numbers(3):
        with traced(name=f"consume-{value}"):
            seen.append(value)
    assert seen == [0, 1, 2]
    gen = sink.span("numbers")
    assert gen["status"] == "ok"
    assert [sink.span(f"make-{i}")["parent_span_id"] for i in range(3)] == [gen["span_id"]] * 3
    # The consumer's code between items is not inside the generator's span.
    assert [sink.span(f"consume-{i}")["parent_span_id"] for i in range(3)] == [""] * 3
    order = [(e["tool"], e["phase"]) for e in sink.events if e["tool"] == "numbers"]
    assert order == [("numbers", "start"), ("numbers", "end")]
    assert sink.events[-1]["tool"] == "numbers"  # ended on exhaustion, after every item


def test_generator_closed_early_send_and_raising(sink: Collect) -> None:
    closed = []

    @traced
    def endless() -> Iterator[int]:
        try:
            i = 0
            while True:
                i = yield i
        finally:
            closed.append(True)

    gen = endless()
    assert next(gen) == 0
    assert gen.send(5) == 5
    gen.close()
    assert closed == [True]
    assert sink.span("endless")["status"] == "ok"

    @traced
    def breaks() -> Iterator[int]:
        yield 1
        raise Boom("mid-iteration")

    with pytest.raises(Boom):
        list(breaks())
    assert sink.span("breaks")["error_type"] == "Boom"

    @traced
    def catches() -> Iterator[str]:
        try:
            yield "first"
        except KeyError:
            yield "recovered"

    gen2 = catches()
    assert next(gen2) == "first"
    assert gen2.throw(KeyError("x")) == "recovered"
    gen2.close()


async def test_async_generators(sink: Collect) -> None:
    @traced
    async def stream(n: int) -> AsyncIterator[int]:
        for i in range(n):
            await asyncio.sleep(0)
            yield i

    assert [i async for i in stream(3)] == [0, 1, 2]
    assert sink.span("stream")["status"] == "ok"

    @traced
    async def endless() -> AsyncIterator[int]:
        while True:
            yield 1

    agen = endless()
    assert await agen.__anext__() == 1
    await agen.aclose()
    assert sink.span("endless")["status"] == "ok"

    @traced
    async def breaks() -> AsyncIterator[int]:
        yield 1
        raise Boom("async gen")

    with pytest.raises(Boom):
        _ = [i async for i in breaks()]
    assert sink.span("breaks")["output"] == "Boom: async gen"


# -- capture safety


class Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr for you")


def test_capture_never_raises_and_is_cut() -> None:
    cycle: list[Any] = [1]
    cycle.append(cycle)
    assert "unrepresentable Hostile" in capture(Hostile())
    assert json.loads(capture(cycle)) == [1, "<cycle>"]
    assert json.loads(capture({"b": b"bytes", "nan": math.nan, "inf": -math.inf})) == {
        "b": "bytes",
        "nan": "nan",
        "inf": "-inf",
    }
    assert json.loads(capture(b"\xff\xfe")) == "<2 bytes>"
    assert "bits" in capture(10**5000)
    huge = capture("x" * 100_000)
    assert len(huge) == MAX_CAPTURE
    assert huge.endswith(TRUNCATED)
    assert len(capture(list(range(100_000)))) <= MAX_CAPTURE
    assert capture("lone \ud800 surrogate").encode("utf-8")
    nested: Any = "bottom"
    for _ in range(500):
        nested = [nested]
    assert capture(nested)
    assert capture({1: "int key", None: "none key"}) == '{"1": "int key", "None": "none key"}'


def test_secrets_are_redacted(sink: Collect) -> None:
    @traced
    def call(
        prompt: str, api_key: str, max_tokens: int, headers: dict[str, str], **extra: str
    ) -> str:
        return "ok"

    call(
        "hi",
        "sk-live-secret",
        10,
        {"Authorization": "Bearer abc", "accept": "json"},
        auth_token="t0k",
        password="hunter2",
    )
    captured = json.loads(sink.by_name("call")[0]["input"])
    assert captured["api_key"] == REDACTED
    assert captured["max_tokens"] == 10
    assert captured["headers"] == {"Authorization": REDACTED, "accept": "json"}
    assert captured["extra"] == {"auth_token": REDACTED, "password": REDACTED}
    assert "hunter2" not in json.dumps(sink.events)
    assert "sk-live-secret" not in json.dumps(sink.events)


def test_hostile_arguments_do_not_break_the_call(sink: Collect) -> None:
    @traced
    def takes(value: object) -> object:
        return value

    hostile = Hostile()
    assert takes(hostile) is hostile
    assert "unrepresentable" in sink.by_name("takes")[0]["input"]
    assert "unrepresentable" in sink.span("takes")["output"]


# -- init_tracing routing on the fake


def test_agent_mode_and_sandbox_routing() -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        sandbox = ks.sandboxes.create(spec_id="fix-failing-test")

        @traced
        def step(where: str) -> str:
            return where

        assert ks.init_tracing() is True  # no sandbox id anywhere: agent mode
        step("agent")
        assert ks.init_tracing(sandbox.id) is True  # replaces the default
        step("sandbox")
        assert flush(30)
        posted = [(r.method, r.path) for r in fake.received if "trace" in r.path]
        assert ("POST", "/v1/traces") in posted
        assert ("POST", f"/v1/sandboxes/{sandbox.id}/trace") in posted
        in_sandbox = fake.trace_events(sandbox_id=sandbox.id)
        assert [(e["phase"], e["output"]) for e in in_sandbox if e["phase"] == "end"] == [
            ("end", "sandbox")
        ]
        agent = [e for e in fake.trace_events(tool="step") if "sandbox_id" not in e]
        assert [e["output"] for e in agent if e["phase"] == "end"] == ["agent"]


def test_sandbox_id_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        sandbox = ks.sandboxes.create(spec_id="fix-failing-test")
        monkeypatch.setenv("KEYSTONE_SANDBOX_ID", sandbox.id)
        ks.init_tracing()
        traced("from-env", lambda: 1)
        assert flush(30)
        assert [e["tool"] for e in fake.trace_events(sandbox_id=sandbox.id)] == ["from-env"] * 2


def test_init_tracing_from_the_environment_on_a_served_fake(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeKeystone(clock="wall")
    with fake.serve() as base_url:
        monkeypatch.setenv("KEYSTONE_API_KEY", fake.api_key)
        monkeypatch.setenv("KEYSTONE_BASE_URL", base_url)
        assert init_tracing() is True
        traced("env-client", lambda: "x")
        assert flush(30)
        assert [e["phase"] for e in fake.trace_events(tool="env-client")] == ["start", "end"]


async def test_the_async_client_reports_with_a_private_sync_client() -> None:
    fake = FakeKeystone(clock="wall")
    with fake.serve() as base_url:
        ks = pk.AsyncKeystone(fake.api_key, base_url=base_url)
        assert ks.init_tracing() is True

        @traced
        async def work() -> str:
            await asyncio.sleep(0)
            return "async"

        assert await work() == "async"
        flushed = await asyncio.to_thread(functools.partial(flush, 5))
        assert flushed
        assert [e["output"] for e in fake.trace_events(tool="work") if e["phase"] == "end"] == [
            "async"
        ]
        await ks.close()
