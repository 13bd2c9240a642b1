"""The background exporter: one daemon thread per process that batches and sends trace events.

The app's threads only append to a bounded queue (:meth:`Exporter.put` never blocks, never
raises; when the queue is full the NEW event is dropped and counted). The thread moves events
into one *lane* per destination (a reporter: credentials + sandbox id), cuts batches by count
(``batch_size``) and age (``max_age``), and sends each lane's batches in order (FIFO per
destination: a failed batch holds back the lane's later ones, so a span's ``end`` never lands
before its ``start``). Each batch has one idempotency key, the same on every retry (the core's
own retries, then up to ``len(retry_delays)`` rounds of the exporter's, after each delay);
then it is dropped and counted as failed. Client errors (4xx but 408/429) are not retried.

Everything the app can wait on is bounded: ``flush(timeout)``, and at interpreter exit a flush
of at most ``exit_timeout`` seconds. After ``os.fork`` the child starts with an empty exporter
(the parent's queued events are the parent's to send).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

__all__ = [
    "Exporter",
    "ExporterSettings",
    "Target",
    "configure_exporter",
    "exporter",
    "exporter_stats",
    "flush",
]

logger = logging.getLogger("polarity_keystone.tracing")
_WARN_EVERY = 60.0
_MAX_REST = 0.005
_DRAIN_PER_ROUND = 1000


class Target(Protocol):
    """A destination the exporter sends batches to (a reporter)."""

    def send_batch(self, events: list[dict[str, Any]], idempotency_key: str) -> None:
        """POST ``events`` with ``idempotency_key``; raise on failure."""


@dataclass(frozen=True, slots=True)
class ExporterSettings:
    """How the exporter batches and retries.

    Attributes:
        max_queue: most events held (queued and in unsent batches); more are dropped.
        batch_size: most events per request.
        max_age: seconds an event may wait for its batch to fill.
        retry_delays: the wait before each of the exporter's own retry rounds of a failed
            batch (after the core's retries); their number is the round budget.
        exit_timeout: seconds the interpreter-exit flush may take in total.
        clock: the monotonic clock (tests pass a fake one).
        background: start the daemon thread on the first event; False leaves the sending to
            :meth:`Exporter.pump` (tests drive it step by step).

    """

    max_queue: int = 10_000
    batch_size: int = 100
    max_age: float = 0.5
    retry_delays: tuple[float, ...] = (1.0, 4.0, 16.0)
    exit_timeout: float = 2.0
    clock: Callable[[], float] = time.monotonic
    background: bool = True


_ISO_SECOND: list[Any] = [None, ""]  # the last whole second formatted, and its text


def iso(ts: float) -> str:
    """Epoch seconds as ISO-8601 UTC with microseconds and ``+00:00``."""
    second = int(ts // 1)
    micros = round((ts - second) * 1_000_000)
    if micros >= 1_000_000:
        second, micros = second + 1, micros - 1_000_000
    cached = _ISO_SECOND
    if cached[0] != second:  # events come in bursts: format each second once
        stamp = datetime.fromtimestamp(second, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        cached[1] = stamp
        cached[0] = second
        return f"{stamp}.{micros:06d}+00:00"
    return f"{cached[1]}.{micros:06d}+00:00"


class _Flush:
    """A flush request: set once every batch queued before it is done."""

    __slots__ = ("done", "pending")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.pending = 0


class _Batch:
    __slots__ = ("events", "flushes", "key", "rounds")

    def __init__(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            ts = event.get("ts")
            if isinstance(ts, float):
                event["ts"] = iso(ts)
        self.events = events
        self.key = f"trace-{os.urandom(16).hex()}"
        self.rounds = 0
        self.flushes: list[_Flush] = []


class _Lane:
    """One destination's events: those not yet batched, and batches waiting to be sent."""

    __slots__ = ("batches", "open", "opened_at", "retry_at", "target")

    def __init__(self, target: Target) -> None:
        self.target = target
        self.open: list[dict[str, Any]] = []
        self.opened_at = 0.0
        self.batches: deque[_Batch] = deque()
        self.retry_at = 0.0


def _unsendable(exc: BaseException) -> bool:
    """Whether the request could not even be built from the events (a value JSON refuses)."""
    from polarity_keystone._exceptions import KeystoneInvalidArgumentError

    return isinstance(exc, KeystoneInvalidArgumentError)


def _refused_content(exc: BaseException) -> bool:
    """Whether the service refused what the batch holds (400, 413, 422), which one event can
    cause — not who sent it or where (401, 403, 404), which every event would meet again.
    """
    return getattr(exc, "status_code", None) in {400, 413, 422}


def _permanent(exc: BaseException) -> bool:
    """Whether retrying cannot help (the service refused the request itself)."""
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and 400 <= status < 500 and status not in {408, 425, 429}


class Exporter:
    """The queue, the thread and the counters (one per process: :func:`exporter`)."""

    def __init__(self, settings: ExporterSettings | None = None) -> None:
        self.settings = settings or ExporterSettings()
        # Read by every put(): plain attributes, not a lookup through the settings.
        self._max_queue = self.settings.max_queue
        self._batch_size = self.settings.batch_size
        self._background = self.settings.background
        # Entries name their target by id (kept alive in `_targets`): a tuple of an int and a
        # flat event dict holds nothing the garbage collector tracks, so a backlog of queued
        # events neither triggers nor lengthens full collections (which stall the app).
        self._queue: deque[tuple[int, dict[str, Any]] | _Flush] = deque()
        self._targets: dict[int, Target] = {}
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = False
        self._stopping = False
        # Events taken off the queue and not yet sent or dropped (written by the thread only).
        self._buffered = 0
        self._lanes: dict[int, _Lane] = {}
        self.sent = 0
        self.dropped = 0
        self.failed = 0
        self.batches = 0
        self.retries = 0
        self._last_warning = -_WARN_EVERY

    # -- the app's side

    def put(self, target: Target, event: dict[str, Any]) -> None:
        """Queue one event for ``target``; never blocks, never raises."""
        if self._stopping or (self._thread is None and self._background and not self._start()):
            # Stopped (the interpreter is exiting, or the exporter was replaced): nothing will
            # send this event, so it is dropped and counted rather than queued for ever.
            self._drop(1, "the trace exporter is stopped")
            return
        queue = self._queue
        held = len(queue) + self._buffered
        if held >= self._max_queue:
            self._drop(1, "the trace queue is full")
            return
        key = id(target)
        if key not in self._targets:
            self._targets[key] = target
        queue.append((key, event))
        if (self._idle or held + 1 >= self._batch_size) and not self._wake.is_set():
            self._wake.set()

    def flush(self, timeout: float | None = 5.0) -> bool:
        """Wait until every event queued before the call is sent (or dropped); False on timeout."""
        if self._thread is None or (not self._queue and self._buffered == 0):
            return True
        if self._stopping and not self._thread.is_alive():
            return False  # nothing left to send what is still held
        request = _Flush()
        self._queue.append(request)
        self._wake.set()
        return request.done.wait(timeout)

    def stats(self) -> dict[str, int]:
        """``sent`` / ``dropped`` / ``failed`` events, ``queued`` (held now), ``batches`` sent,
        ``retries`` (exporter rounds), ``running`` (1 when the thread runs).
        """
        return {
            "sent": self.sent,
            "dropped": self.dropped,
            "failed": self.failed,
            "queued": sum(1 for item in tuple(self._queue) if not isinstance(item, _Flush))
            + self._buffered,
            "batches": self.batches,
            "retries": self.retries,
            "running": int(self._thread is not None and self._thread.is_alive()),
        }

    def stop(self, timeout: float = 1.0) -> None:
        """Stop the thread (after sending what it can within ``timeout``)."""
        thread = self._thread
        if thread is None:
            return
        self.flush(timeout)
        self._stopping = True
        self._wake.set()
        thread.join(timeout)

    def _start(self) -> bool:
        with self._lock:
            if self._thread is not None:
                return True
            if self._stopping:
                return False
            thread = threading.Thread(
                target=self._run, name="polarity-keystone-trace-exporter", daemon=True
            )
            thread.start()
            self._thread = thread
        _register_exit()
        return True

    def _drop(self, count: int, why: str) -> None:
        with self._lock:
            self.dropped += count
            now = time.monotonic()
            warn = now - self._last_warning >= _WARN_EVERY
            if warn:
                self._last_warning = now
        if warn:
            logger.warning(
                "%s: %d trace event(s) dropped so far (the app is not slowed down)",
                why,
                self.dropped,
            )

    # -- the thread's side

    def _run(self) -> None:
        while not self._stopping:
            try:
                self._step()
            except Exception:  # never let the thread die: log and carry on
                logger.exception("the trace exporter failed; continuing")
                time.sleep(0.05)

    def pump(self, *, force: bool = False) -> None:
        """One round of the thread's work, now: take what is queued, cut the batches that are
        due (all of them with ``force``), and send what is ready (retries whose wait is over).
        """
        self._drain()
        self._cut(self.settings.clock(), force=force)
        self._send_ready()

    def _step(self) -> None:
        self.pump()
        self._idle = not self._lanes
        self._wake.clear()
        if self._queue:  # arrived while sending
            self._idle = False
            return
        deadline = self._next_deadline()
        if deadline is None:
            self._wake.wait()
        else:
            self._wake.wait(max(deadline - self.settings.clock(), 0.0))
        self._idle = False

    def _drain(self) -> None:
        queue = self._queue
        # A bounded share per round (the rest waits for the next one), so one round's work —
        # holding the interpreter — stays short however far the backend has fallen behind.
        count = min(len(queue), _DRAIN_PER_ROUND)
        # Counted as held before the queue shrinks, so `put`'s bound never under-counts.
        self._buffered += count
        items = [queue.popleft() for _ in range(count)]
        for item in items:
            if isinstance(item, _Flush):
                self._buffered -= 1
                self._flush_marker(item)
                continue
            key, event = item
            lane = self._lanes.get(key)
            if lane is None:
                lane = self._lanes[key] = _Lane(self._targets[key])
            if not lane.open:
                lane.opened_at = self.settings.clock()
            lane.open.append(event)

    def _flush_marker(self, request: _Flush) -> None:
        self._cut(self.settings.clock(), force=True)
        for lane in self._lanes.values():
            if lane.batches:
                lane.batches[-1].flushes.append(request)
                request.pending += 1
        if request.pending == 0:
            request.done.set()

    def _cut(self, now: float, *, force: bool) -> None:
        size = self.settings.batch_size
        for lane in self._lanes.values():
            pending = lane.open
            full = len(pending) - len(pending) % size
            if full:
                # One pass over the list (cutting from its front batch by batch is quadratic).
                for start in range(0, full, size):
                    lane.batches.append(_Batch(pending[start : start + size]))
                lane.open = pending = pending[full:]
            if lane.open and (force or now - lane.opened_at >= self.settings.max_age):
                lane.batches.append(_Batch(lane.open))
                lane.open = []

    def _send_ready(self) -> None:
        for key, lane in list(self._lanes.items()):
            while lane.batches and self.settings.clock() >= lane.retry_at and not self._stopping:
                batch = lane.batches[0]
                cpu = time.thread_time()
                try:
                    lane.target.send_batch(batch.events, batch.key)
                except Exception as exc:
                    if not self._failed(lane, batch, exc):
                        break
                    continue
                lane.batches.popleft()
                self.sent += len(batch.events)
                self.batches += 1
                self._done(batch)
                # Rest as long as the batch kept the interpreter busy (up to 5 ms): the app's
                # thread (an event loop) then never waits more than one batch's work for the
                # GIL, where back-to-back batches would make it wait out the 5 ms switch
                # interval each time. Sending stays I/O-bound against a remote backend.
                time.sleep(min(time.thread_time() - cpu, _MAX_REST))
            if not lane.batches and not lane.open:
                del self._lanes[key]

    def _failed(self, lane: _Lane, batch: _Batch, exc: Exception) -> bool:
        """Record a failed send; True when the batch was given up (the lane moves on)."""
        delays = self.settings.retry_delays
        batch.rounds += 1
        if len(batch.events) > 1 and (_refused_content(exc) or _unsendable(exc)):
            # Refused as a whole: one bad event must not cost the others, so the batch is
            # sent again event by event (each with a key of its own) and only the events
            # refused on their own are dropped. Waiting flushes move to the last one.
            lane.batches.popleft()
            singles = [_Batch([event]) for event in batch.events]
            singles[-1].flushes = batch.flushes
            lane.batches.extendleft(reversed(singles))
            self.retries += 1
            return True
        if _permanent(exc) or _unsendable(exc) or batch.rounds > len(delays):
            lane.batches.popleft()
            with self._lock:
                self.failed += len(batch.events)
            self._done(batch)
            self._warn(exc, f"a trace batch of {len(batch.events)} event(s) was dropped")
            return True
        self.retries += 1
        lane.retry_at = self.settings.clock() + delays[batch.rounds - 1]
        return False

    def _warn(self, exc: Exception, what: str) -> None:
        now = time.monotonic()
        if now - self._last_warning < _WARN_EVERY:
            return
        self._last_warning = now
        status = getattr(exc, "status_code", None)
        # The class name and status only: an exception's text could quote a request.
        logger.warning("%s after %s%s", what, type(exc).__name__, f" ({status})" if status else "")

    def _done(self, batch: _Batch) -> None:
        self._buffered -= len(batch.events)
        for request in batch.flushes:
            request.pending -= 1
            if request.pending == 0:
                request.done.set()

    def _next_deadline(self) -> float | None:
        deadlines = []
        for lane in self._lanes.values():
            if lane.batches:
                deadlines.append(lane.retry_at)
            elif lane.open:
                deadlines.append(lane.opened_at + self.settings.max_age)
        return min(deadlines) if deadlines else None


_EXPORTER = Exporter()
_EXIT_REGISTERED = False


def exporter() -> Exporter:
    """The process's exporter."""
    return _EXPORTER


def configure_exporter(**settings: Any) -> Exporter:
    """Replace the process's exporter with one of these :class:`ExporterSettings` (the rest
    default; the old exporter is stopped after a short flush): ``configure_exporter(
    max_queue=100_000)``. Call it before tracing starts; events queued in the old one may be
    lost.
    """
    global _EXPORTER  # noqa: PLW0603 - the one process-wide exporter, replaced whole
    old = _EXPORTER
    _EXPORTER = Exporter(ExporterSettings(**settings))
    old.stop(timeout=0.5)
    return _EXPORTER


def flush(timeout: float = 5.0) -> bool:
    """Wait until every trace event queued before the call is sent (or given up).

    Returns False if ``timeout`` seconds passed first. Safe from any thread; never raises.
    Do not call it from inside an event loop you care about: it blocks the calling thread.
    """
    try:
        return _EXPORTER.flush(timeout)
    except Exception:  # pragma: no cover - flushing must never break the app
        logger.exception("flush failed")
        return False


def exporter_stats() -> dict[str, int]:
    """The exporter's counters: ``sent``, ``dropped``, ``failed``, ``queued``, ``batches``,
    ``retries``, ``running``.
    """
    return _EXPORTER.stats()


def _at_exit() -> None:
    exporter = _EXPORTER
    if exporter._thread is None:
        return
    exporter.stop(timeout=exporter.settings.exit_timeout)


def _register_exit() -> None:
    global _EXIT_REGISTERED  # noqa: PLW0603 - atexit registration happens once
    if not _EXIT_REGISTERED:
        _EXIT_REGISTERED = True
        atexit.register(_at_exit)


def _after_fork_in_child() -> None:
    # The parent's thread does not exist here and its locks may be held: start afresh.
    global _EXPORTER  # noqa: PLW0603 - the one process-wide exporter, replaced whole
    _EXPORTER = Exporter(_EXPORTER.settings)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
