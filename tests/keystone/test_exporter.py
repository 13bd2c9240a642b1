"""The background exporter: batching, the queue bound, FIFO per destination, retries with one
idempotency key per batch, a failing or slow backend, flush, exit and fork."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from polarity_keystone import (
    KeystoneInvalidArgumentError,
    KeystoneServerError,
    KeystoneValidationError,
)
from polarity_keystone._tracing import (
    _exporter,
    configure_exporter,
    exporter_stats,
    flush,
    reporter_for,
    reset_tracing,
    traced,
)
from polarity_keystone._tracing._exporter import Exporter, ExporterSettings
from polarity_keystone.testing import FakeKeystone

from tests.timecontrol import FakeClock


class Target:
    """A destination that records each batch it is sent, failing while told to."""

    def __init__(self, name: str = "t") -> None:
        self.name = name
        self.sent: list[tuple[str, list[dict[str, Any]]]] = []
        self.attempts: list[str] = []
        self.failures: list[Exception] = []
        self.release: threading.Event | None = None
        self.entered = threading.Event()

    def send_batch(self, events: list[dict[str, Any]], idempotency_key: str) -> None:
        self.attempts.append(idempotency_key)
        self.entered.set()
        if self.release is not None:
            self.release.wait(10)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((idempotency_key, [dict(e) for e in events]))

    def numbers(self) -> list[int]:
        return [e["n"] for _, batch in self.sent for e in batch]


def event(n: int) -> dict[str, Any]:
    return {"ts": 1_700_000_000.0 + n, "n": n, "span_id": f"{n:016x}"}


def server_error() -> KeystoneServerError:
    return KeystoneServerError("unavailable", status_code=503)


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


def manual(clock: FakeClock | None = None, **settings: Any) -> Exporter:
    """An exporter without a thread, driven by ``pump()``."""
    if clock is not None:
        settings["clock"] = clock
    return Exporter(ExporterSettings(background=False, **settings))


# -- batching and the bound


def test_batches_by_count_and_age_with_iso_timestamps() -> None:
    clock = FakeClock()
    exp = manual(clock, batch_size=3, max_age=0.5)
    target = Target()
    for n in range(7):
        exp.put(target, event(n))
    exp.pump()
    assert [len(batch) for _, batch in target.sent] == [3, 3]  # the 7th waits for its age
    clock.advance(0.5)
    exp.pump()
    assert target.numbers() == list(range(7))
    assert target.sent[0][1][0]["ts"] == "2023-11-14T22:13:20.000000+00:00"
    assert len({key for key, _ in target.sent}) == 3  # one key per batch
    assert exp.stats()["sent"] == 7
    assert exp.stats()["batches"] == 3


def test_the_queue_bound_holds_and_drops_are_counted(caplog: pytest.LogCaptureFixture) -> None:
    exp = manual(max_queue=5, batch_size=100)
    target = Target()
    for n in range(8):
        exp.put(target, event(n))
    stats = exp.stats()
    assert (stats["queued"], stats["dropped"]) == (5, 3)
    assert "dropped" in caplog.text
    exp.pump()  # taken into a lane: still held, still bounded
    exp.put(target, event(99))
    assert exp.stats()["dropped"] == 4
    exp.pump(force=True)
    assert target.numbers() == [0, 1, 2, 3, 4]  # the NEW events were dropped
    assert exp.stats()["queued"] == 0
    exp.put(target, event(100))
    exp.pump(force=True)
    assert target.numbers()[-1] == 100


def test_destinations_are_batched_separately_and_in_order() -> None:
    exp = manual(batch_size=10)
    a, b = Target("a"), Target("b")
    for n in range(6):
        exp.put(a if n % 2 else b, event(n))
    exp.pump(force=True)
    assert a.numbers() == [1, 3, 5]
    assert b.numbers() == [0, 2, 4]


# -- retries


def test_a_failed_batch_is_retried_with_the_same_key_and_holds_back_its_lane() -> None:
    clock = FakeClock()
    exp = manual(clock, batch_size=2, retry_delays=(10.0, 20.0))
    target = Target()
    target.failures = [server_error(), server_error()]
    for n in range(4):
        exp.put(target, event(n))
    exp.pump()
    assert target.sent == []
    assert len(target.attempts) == 1  # the second batch waits behind the first
    exp.pump()
    assert len(target.attempts) == 1  # not before the delay
    clock.advance(10)
    exp.pump()
    assert len(target.attempts) == 2
    clock.advance(19)
    exp.pump()
    assert len(target.attempts) == 2
    clock.advance(1)
    exp.pump()
    assert target.numbers() == [0, 1, 2, 3]  # FIFO: the retried batch first
    first_key = target.attempts[0]
    assert target.attempts[:3] == [first_key] * 3
    assert target.sent[0][0] == first_key
    assert exp.stats()["retries"] == 2
    assert exp.stats()["failed"] == 0


def test_a_batch_is_dropped_after_its_budget_and_the_lane_moves_on() -> None:
    clock = FakeClock()
    exp = manual(clock, batch_size=1, retry_delays=(1.0, 1.0))
    target = Target()
    target.failures = [server_error()] * 3
    exp.put(target, event(0))
    exp.put(target, event(1))
    for _ in range(3):
        exp.pump()
        clock.advance(1)
    exp.pump()
    assert target.numbers() == [1]
    stats = exp.stats()
    assert (stats["failed"], stats["sent"], stats["queued"]) == (1, 1, 0)


def test_a_client_error_is_not_retried() -> None:
    from polarity_keystone import KeystoneNotFoundError

    exp = manual(retry_delays=(1.0, 1.0))
    target = Target()
    target.failures = [KeystoneNotFoundError("no sandbox", status_code=404)]
    exp.put(target, event(0))
    exp.pump(force=True)
    assert len(target.attempts) == 1
    assert exp.stats()["failed"] == 1


def test_503s_then_recovery_on_the_fake_lose_nothing_and_duplicate_nothing() -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        ks.init_tracing()
        # Round one: the core's four attempts all fail. Round two: two more 503s, then a
        # success. Then a lost response (carried out, answer replaced) the key makes harmless.
        fake.inject_faults("POST", "/v1/traces", [503] * 6)

        @traced
        def step(i: int) -> int:
            return i

        for i in range(30):
            step(i)
        assert flush(30)
        fake.inject_faults("POST", "/v1/traces", [503], lose_response=True)
        step(30)
        assert flush(30)
        events = fake.trace_events(tool="step")
        assert len(events) == 62
        assert len({(e["span_id"], e["phase"]) for e in events}) == 62
        posts = [r for r in fake.received if r.path == "/v1/traces" and r.method == "POST"]
        keys = [r.headers.get("idempotency-key") for r in posts]
        assert keys[:7] == [keys[0]] * 7  # every attempt of the first batch, across rounds
        assert keys[-1] == keys[-2]  # the lost response's retry
        stats = exporter_stats()
        assert (stats["failed"], stats["dropped"], stats["retries"]) == (0, 0, 1)


# -- never in the app's way


def test_a_blocked_backend_never_blocks_traced_code() -> None:
    target = Target()
    target.release = threading.Event()
    exp = configure_exporter(max_age=0.0, max_queue=100)
    from polarity_keystone._tracing import _spans

    class Sink:
        def emit(self, item: dict[str, Any]) -> None:
            exp.put(target, item)

    _spans.configure(Sink(), None)  # type: ignore[arg-type]

    @traced
    def fast(i: int) -> int:
        return i

    fast(0)
    assert target.entered.wait(5)  # the exporter's thread is stuck inside a send
    assert [fast(i) for i in range(1000)] == list(range(1000))  # the app goes on
    assert flush(0.05) is False
    assert exp.stats()["dropped"] > 0  # the bound held while blocked
    target.release.set()
    assert flush(30) is True
    assert exp.stats()["queued"] == 0


def test_flush_without_anything_queued_returns_at_once() -> None:
    assert flush(0) is True
    assert exporter_stats()["running"] == 0


def test_the_exit_flush_is_bounded() -> None:
    target = Target()
    target.release = threading.Event()
    exp = configure_exporter(max_age=0.0, exit_timeout=0.05)
    exp.put(target, event(0))
    assert target.entered.wait(5)
    exp.put(target, event(1))
    _exporter._at_exit()  # returns although the backend never answers
    assert exp._stopping
    target.release.set()


def test_a_forked_child_starts_with_an_empty_exporter() -> None:
    target = Target()
    target.release = threading.Event()
    exp = configure_exporter(max_age=0.0)
    exp.put(target, event(0))
    assert target.entered.wait(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads running
        pid = os.fork()
    if pid == 0:  # the child: report through the exit code only
        child = _exporter.exporter()
        ok = child is not exp and child._thread is None and child.stats()["queued"] == 0
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    target.release.set()
    assert os.waitstatus_to_exitcode(status) == 0


def test_reporters_are_cached_per_client_and_destination() -> None:
    with FakeKeystone() as fake:
        ks = fake.client()
        agent = reporter_for(ks)
        assert reporter_for(ks) is agent
        assert reporter_for(ks, "") is agent
        sandbox = reporter_for(ks, "sb-1")
        assert sandbox is not agent
        assert sandbox.sandbox_id == "sb-1"
        assert "sb-1" in repr(sandbox)
        assert fake.api_key not in repr(sandbox)
        assert exporter_stats()["running"] == 0  # nothing sent until a span ends


def test_a_stopped_exporter_drops_and_counts_instead_of_queueing_for_ever() -> None:
    target = Target()
    exp = configure_exporter(max_age=0.0)
    exp.put(target, event(0))
    assert exp.flush(30)
    exp.stop(timeout=1)
    before = exp.stats()["dropped"]
    exp.put(target, event(1))
    assert exp.stats()["dropped"] == before + 1
    assert exp.stats()["queued"] == 0
    assert exp.flush(0.1) is True  # nothing held: nothing to wait for


class Picky(Target):
    """A destination that refuses, whole, any batch holding an event marked ``bad``."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def send_batch(self, events: list[dict[str, Any]], idempotency_key: str) -> None:
        self.attempts.append(idempotency_key)
        if any(e.get("bad") for e in events):
            raise self.error
        self.sent.append((idempotency_key, [dict(e) for e in events]))


@pytest.mark.parametrize(
    "error",
    [
        KeystoneInvalidArgumentError("events[3]: the request body cannot be sent as JSON"),
        KeystoneValidationError("events[3].tool: too long", status_code=422),
    ],
    ids=["unsendable", "refused-422"],
)
def test_one_bad_event_costs_only_itself_not_its_batch(error: Exception) -> None:
    target = Picky(error)
    exp = manual(batch_size=10)
    for n in range(10):
        exp.put(target, {**event(n), "bad": n == 3})
    exp.pump(force=True)  # the batch is refused whole, and split
    for _ in range(12):
        exp.pump(force=True)
    assert target.numbers() == [0, 1, 2, 4, 5, 6, 7, 8, 9]
    stats = exp.stats()
    assert (stats["sent"], stats["failed"], stats["queued"]) == (9, 1, 0)
    assert len(set(target.attempts)) == len(target.attempts)  # a new key for each single


def test_names_and_values_that_cannot_be_sent_are_made_sendable() -> None:
    from polarity_keystone._tracing import init_tracing, start_span
    from polarity_keystone._tracing._capture import MAX_NAME

    with FakeKeystone() as fake:
        init_tracing(client=fake.client())
        for name in ["x" * 100_000, "nul\x00name", "\ud800lone", "ok"]:
            span = start_span(name)
            span.set_metadata("\ud800key", "\ud800value")
            span.set_input({"\ud800k": "\udfffv"})
            span.set_output("\ud800out")
            span.end()
        assert flush(30)
        assert exporter_stats()["failed"] == 0
        tools = sorted({e["tool"] for e in fake.trace_events()})
    assert len(tools) == 4
    assert max(len(t) for t in tools) == MAX_NAME
    assert "ok" in tools
    assert "nul\x00name" in tools  # JSON carries a NUL: kept as it is


def test_a_batch_refused_for_its_credentials_is_not_split() -> None:
    from polarity_keystone import KeystoneAuthError

    target = Picky(KeystoneAuthError("bad key", status_code=401))
    exp = manual(batch_size=10)
    for n in range(10):
        exp.put(target, {**event(n), "bad": True})
    for _ in range(3):
        exp.pump(force=True)
    assert len(target.attempts) == 1  # every event would meet the same 401: one try
    assert exp.stats()["failed"] == 10
