"""``Eval``: run a task over rows of data, score every output, and summarise per scorer.

The page's form works as written::

    from polarity_keystone import Eval, ExactMatch

    result = Eval(
        "email-eval",
        data=[{"input": "2 + 2", "expected": "4"}, ...],
        task=lambda input: my_agent.run(input),
        scores=[ExactMatch()],
        max_concurrency=4,
    )
    print(result.summary)
    # {'exact_match': EvalSummary(mean=..., p50=..., p95=..., count=..., errors=0)}

and from async code (inside a running event loop), ``result = await Eval.arun(...)`` with the
same arguments.

How a run goes:

* **Rows**: ``data`` is read once, up front; each row is a mapping with ``input`` and an
  optional ``expected``. Row order is kept in ``result.rows``.
* **The task** is called as ``task(input)``. ``Eval(...)`` runs a sync task on a pool of
  ``max_concurrency`` threads (or on the calling thread when that is 1); an ``async def`` task
  (or one returning an awaitable) runs on asyncio with at most ``max_concurrency`` rows in
  flight. ``Eval(...)`` with an ``async def`` task runs it on a private event loop; when the
  calling thread already runs a loop (Jupyter, async code), that private loop runs on a helper
  thread while the caller blocks, so prefer ``await Eval.arun(...)`` there. A task that raises
  gives that row ``error = "Type: message"`` and no scores; the run goes on.
* **Scoring**: every scorer sees an immutable :class:`EvalScenario` (``agent_output``,
  ``parameters`` with ``input``, ``expected`` and ``question`` = the row's ``question``, else
  its input, and every other key of the row). A scorer that raises is a *scorer error* for
  that row (``row.scorer_errors[name]``), never a 0.0 score; one that returns None does not
  apply to that row. Async scorers are awaited (``Eval.arun``) or run to completion on the
  worker thread (``Eval``). Scorers are shared by every row and thread, unchanged.
* **Summary**: per scorer, an :class:`EvalSummary` of the scores it gave (mean, p50, p95 by
  linear interpolation at rank ``p·(n−1)``, count) and how many rows it failed on. A scorer
  that scored nothing has ``mean``, ``p50`` and ``p95`` None (never NaN).
* **Tracing**: each row runs in a span ``eval:<name>`` when tracing is set up
  (``init_tracing``), under the span current when ``Eval`` was called.
* **Reporting**: with a ``keystone`` client, or an API key in ``$KEYSTONE_API_KEY`` /
  ``$POLARITY_API_KEY``, one ``eval`` trace event (the summary, not the rows) goes to
  ``POST /v1/traces``; ``result.experiment_id`` is then its span id (``span_eval_<12 hex>``).
  A failure to report never fails the eval: it is logged (``polarity_keystone.eval`` logger,
  no secrets) and ``experiment_id`` is None.
* **Progress**: a one-line bar on stderr when it is a terminal and there are more than 20
  rows; ``progress=False`` turns it off, ``progress=True`` forces it, and a text stream
  (``progress=sys.stdout``) draws it there.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import math
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from polarity_keystone._checks import CHECK
from polarity_keystone._scoring import Score, Scorer, _run_blocking, aapply_scorer, apply_scorer

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._scoring import ScorerProtocol
    from polarity_keystone._sync.client import Keystone

__all__ = ["Eval", "EvalResult", "EvalRow", "EvalScenario", "EvalSummary", "percentile"]

logger = logging.getLogger("polarity_keystone.eval")

#: A task: called with one row's input; sync, async, or returning an awaitable.
Task: TypeAlias = Callable[[Any], Any]
#: Where the progress bar goes: None (stderr if a terminal), a bool, or a text stream.
Progress: TypeAlias = "bool | IO[str] | None"

_MAX_CONCURRENCY = 1000
# Below this a bar flickers more than it tells.
_PROGRESS_MIN_ROWS = 20
_PROGRESS_INTERVAL = 0.1
_PROGRESS_WIDTH = 24
_MAX_ERROR_CHARS = 500
_MAX_REPR_CHARS = 60
_KEY_ENVS = ("KEYSTONE_API_KEY", "POLARITY_API_KEY")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def percentile(ordered: Sequence[float], p: float) -> float:
    """The ``p`` quantile (0 to 1) of sorted ``ordered``, by linear interpolation.

    The rank is ``p·(n−1)``: ``percentile([1, 2, 3, 4], 0.5) == 2.5``. ``ordered`` must not be
    empty.
    """
    last = len(ordered) - 1
    rank = p * last
    low = math.floor(rank)
    high = min(low + 1, last)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True, slots=True)
class EvalScenario:
    """What each scorer is called with for one row of an :class:`Eval` (immutable).

    Attributes:
        input: the row's ``input``, as given to the task.
        expected: the row's ``expected`` (None when the row has none).
        output: what the task returned.
        agent_output: the output as text (``str(output)``; ``""`` for None), what scorers read.
        parameters: ``input``, ``expected``, ``question`` (the row's, else its input) and
            every other key of the row, read-only.
        metadata: the row's ``metadata`` mapping, if it has one (read-only).

    """

    input: Any
    expected: Any
    output: Any
    agent_output: str
    parameters: Mapping[str, Any]
    metadata: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True, slots=True)
class EvalSummary:
    """One scorer's aggregate over an :class:`Eval`'s rows (immutable).

    Attributes:
        mean: the mean score, or None when the scorer scored no row.
        p50: the median (linear interpolation), or None.
        p95: the 95th percentile (linear interpolation at rank ``0.95·(n−1)``), or None.
        count: how many rows it scored (rows it did not apply to, rows whose task failed and
            rows it failed on are not counted).
        errors: how many rows it failed on (scorer errors).

    """

    mean: float | None
    p50: float | None
    p95: float | None
    count: int
    errors: int = 0

    @classmethod
    def of(cls, scores: Iterable[float], *, errors: int = 0) -> EvalSummary:
        """The summary of ``scores`` (any order)."""
        ordered = sorted(scores)
        if not ordered:
            return cls(None, None, None, 0, errors)
        mean = math.fsum(ordered) / len(ordered)
        return cls(mean, percentile(ordered, 0.5), percentile(ordered, 0.95), len(ordered), errors)

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON object (``mean``, ``p50``, ``p95``, ``count``, ``errors``)."""
        return {
            "mean": self.mean,
            "p50": self.p50,
            "p95": self.p95,
            "count": self.count,
            "errors": self.errors,
        }


def _preview(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_REPR_CHARS else text[: _MAX_REPR_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True, repr=False)
class EvalRow:
    """One row of an :class:`Eval`: its output, its scores, what failed (immutable).

    Attributes:
        index: its position in ``data``.
        input: the row's ``input``.
        expected: the row's ``expected`` (None if it has none).
        output: what the task returned (None if it raised).
        scores: each scorer's :class:`~polarity_keystone.Score`, by scorer name (scorers that
            did not apply, or failed, are absent).
        error: ``"Type: message"`` when the task raised (then nothing was scored), else None.
        scorer_errors: the message of each scorer that failed on this row, by scorer name.
        duration_ms: the task's and the scorers' time for this row.

    """

    index: int
    input: Any
    expected: Any
    output: Any
    scores: Mapping[str, Score] = field(default_factory=dict)
    error: str | None = None
    scorer_errors: Mapping[str, str] = field(default_factory=dict)
    duration_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The row as a dict (input and output as they are: JSON only if they are)."""
        return {
            "index": self.index,
            "input": self.input,
            "expected": self.expected,
            "output": self.output,
            "scores": {name: score.to_dict() for name, score in self.scores.items()},
            "error": self.error,
            "scorer_errors": dict(self.scorer_errors),
            "duration_ms": self.duration_ms,
        }

    def __repr__(self) -> str:
        scores = {name: score.score for name, score in self.scores.items()}
        parts = [f"index={self.index}", f"input={_preview(self.input)}"]
        if self.error is not None:
            parts.append(f"error={_preview(self.error)}")
        else:
            parts.append(f"output={_preview(self.output)}")
        parts.append(f"scores={scores!r}")
        if self.scorer_errors:
            parts.append(f"scorer_errors={sorted(self.scorer_errors)!r}")
        return f"EvalRow({', '.join(parts)})"


@dataclass(frozen=True, slots=True, repr=False)
class EvalResult:
    """What :class:`Eval` returns: every row, and a summary per scorer.

    Attributes:
        name: the eval's name.
        rows: every row, in the order of ``data``.
        summary: an :class:`EvalSummary` per scorer name, in the order of ``scores``.
        duration_ms: the whole run's wall-clock time.
        experiment_id: the id of the ``eval`` event reported to Keystone
            (``span_eval_<12 hex>``), or None when nothing was reported (no key, or the
            report failed). Keystone records an eval as that trace event, not as an
            experiment.

    """

    name: str
    rows: tuple[EvalRow, ...]
    summary: dict[str, EvalSummary]
    duration_ms: float
    experiment_id: str | None = None

    @property
    def errors(self) -> tuple[EvalRow, ...]:
        """The rows whose task raised."""
        return tuple(row for row in self.rows if row.error is not None)

    def to_dict(self) -> dict[str, Any]:
        """The result as a dict: name, rows (see :meth:`EvalRow.to_dict`), summary, ..."""
        return {
            "name": self.name,
            "rows": [row.to_dict() for row in self.rows],
            "summary": {name: summary.to_dict() for name, summary in self.summary.items()},
            "duration_ms": self.duration_ms,
            "experiment_id": self.experiment_id,
        }

    def __repr__(self) -> str:
        return (
            f"EvalResult(name={self.name!r}, rows={len(self.rows)}, "
            f"errors={len(self.errors)}, duration_ms={self.duration_ms:.1f}, "
            f"experiment_id={self.experiment_id!r}, summary={self.summary!r})"
        )


class _Bar:
    """A one-line progress bar, redrawn at most every 0.1 s; gives up if its stream fails."""

    def __init__(self, stream: IO[str], total: int, label: str) -> None:
        self._stream = stream
        self._total = total
        self._label = label
        self._done = 0
        self._drawn_at = -math.inf
        self._lock = threading.Lock()
        self._broken = False

    def tick(self) -> None:
        with self._lock:
            self._done += 1
            now = time.monotonic()
            if self._done == self._total or now - self._drawn_at >= _PROGRESS_INTERVAL:
                self._drawn_at = now
                self._draw(final=self._done == self._total)

    def _draw(self, *, final: bool) -> None:
        if self._broken:
            return
        filled = _PROGRESS_WIDTH * self._done // max(self._total, 1)
        bar = "#" * filled + "." * (_PROGRESS_WIDTH - filled)
        line = f"\r{self._label} [{bar}] {self._done}/{self._total}"
        try:
            self._stream.write(line + ("\n" if final else ""))
            self._stream.flush()
        except (OSError, ValueError, AttributeError):
            # A closed or broken stream (a detached terminal, a closed pipe) ends the bar,
            # never the eval.
            self._broken = True


def _bar_for(progress: object, total: int, name: str) -> _Bar | None:
    if progress is False or total == 0:
        return None
    label = f"Eval {name}"
    if progress is None or progress is True:
        stream = sys.stderr
        if stream is None:
            return None
        if progress is None:
            if total <= _PROGRESS_MIN_ROWS:
                return None
            try:
                if not stream.isatty():
                    return None
            except (OSError, ValueError, AttributeError):
                return None
        return _Bar(stream, total, label)
    if not callable(getattr(progress, "write", None)):
        CHECK.fail(
            f"progress must be None, True, False or a text stream, not a {type(progress).__name__}"
        )
    stream_arg: IO[str] = progress  # type: ignore[assignment]
    return _Bar(stream_arg, total, label)


def _row_spans(name: str) -> Callable[[], Any] | None:
    """A factory of one span per row, or None when tracing is absent."""
    try:
        tracing = importlib.import_module("polarity_keystone._tracing")
    except ImportError:
        return None
    start_span = getattr(tracing, "start_span", None)
    current_span = getattr(tracing, "current_span", None)
    if (
        callable(start_span)
        and callable(current_span)
        and callable(getattr(tracing, "use_span", None))
    ):
        span_name = f"eval:{name}"
        # Worker threads do not inherit the caller's context: rows nest under the span that
        # was current where Eval was called.
        parent = current_span()

        def start() -> Any:
            return start_span(span_name, parent=parent)

        return start
    return None


def _use_span(span: Any) -> AbstractContextManager[Any]:
    tracing = importlib.import_module("polarity_keystone._tracing")
    manager: AbstractContextManager[Any] = tracing.use_span(span)
    return manager


def _error_text(exc: BaseException) -> str:
    detail = str(exc).strip()
    if len(detail) > _MAX_ERROR_CHARS:
        detail = detail[:_MAX_ERROR_CHARS] + "…"
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _is_async_callable(fn: object) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - a callable object's async __call__
    )


def _awaits_on_loop(scorer: object) -> bool:
    """Whether ``Eval.arun`` awaits this scorer on the loop (else it runs on a worker thread).

    Async functions and scorers that override ``ascore_result`` (judges: async I/O) are
    awaited; a sync function may block (a sync HTTP call), so it goes to a thread.
    """
    if isinstance(scorer, Scorer):
        if type(scorer).ascore_result is not Scorer.ascore_result:
            return True
        return scorer.is_async
    return callable(getattr(scorer, "ascore_result", None))


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything a run needs, checked; shared read-only by every worker."""

    name: str
    rows: list[Mapping[str, Any]]
    task: Task
    scorers: tuple[ScorerProtocol, ...]
    max_concurrency: int
    spans: Callable[[], Any] | None
    bar: _Bar | None

    def scenario(self, row: Mapping[str, Any], output: Any) -> EvalScenario:
        parameters = dict(row)
        parameters.setdefault("expected", None)
        parameters.setdefault("question", row["input"])
        metadata = row.get("metadata")
        return EvalScenario(
            input=row["input"],
            expected=parameters["expected"],
            output=output,
            agent_output="" if output is None else output if type(output) is str else str(output),
            parameters=MappingProxyType(parameters),
            metadata=MappingProxyType(dict(metadata)) if isinstance(metadata, Mapping) else _EMPTY,
        )

    def failed(self, index: int, exc: BaseException, started: float) -> EvalRow:
        row = self.rows[index]
        return EvalRow(
            index=index,
            input=row["input"],
            expected=row.get("expected"),
            output=None,
            error=_error_text(exc),
            duration_ms=(time.perf_counter() - started) * 1000.0,
        )

    def scored(
        self,
        index: int,
        output: Any,
        results: Sequence[Score | None],
        started: float,
    ) -> EvalRow:
        scores: dict[str, Score] = {}
        errors: dict[str, str] = {}
        for scorer, score in zip(self.scorers, results, strict=True):
            if score is None:
                continue
            if score.metadata.get("error"):
                errors[scorer.name] = score.message or str(score.metadata["error"])
            else:
                scores[scorer.name] = score
        row = self.rows[index]
        return EvalRow(
            index=index,
            input=row["input"],
            expected=row.get("expected"),
            output=output,
            scores=scores,
            scorer_errors=errors,
            duration_ms=(time.perf_counter() - started) * 1000.0,
        )

    def summary(self, rows: Sequence[EvalRow]) -> dict[str, EvalSummary]:
        values: dict[str, list[float]] = {scorer.name: [] for scorer in self.scorers}
        failures = dict.fromkeys(values, 0)
        for row in rows:
            for name, score in row.scores.items():
                values[name].append(score.score)
            for name in row.scorer_errors:
                failures[name] += 1
        return {name: EvalSummary.of(v, errors=failures[name]) for name, v in values.items()}

    def tick(self) -> None:
        if self.bar is not None:
            self.bar.tick()


def _checked_rows(data: object) -> list[Mapping[str, Any]]:
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
        CHECK.fail(f"data must be an iterable of rows (dicts with 'input'), not a {_kind(data)}")
    rows = list(data)
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            CHECK.fail(f"data[{index}] must be a dict with an 'input' key, not a {_kind(row)}")
        if "input" not in row:
            keys = ", ".join(repr(k) for k in list(row)[:5]) or "none"
            CHECK.fail(f"data[{index}] has no 'input' key (its keys: {keys})")
    return rows


def _kind(value: object) -> str:
    return type(value).__name__


def _plan(
    name: object,
    *,
    data: object,
    task: object,
    scores: object,
    max_concurrency: object,
    progress: object,
) -> _Plan:
    from polarity_keystone._runs import check_scorers

    checked_name = CHECK.text("name", name)
    if not callable(task):
        CHECK.fail(f"task must be a function called with each row's input, not a {_kind(task)}")
    concurrency = CHECK.int_between("max_concurrency", max_concurrency, 1, _MAX_CONCURRENCY)
    scorers = tuple(check_scorers(scores))
    rows = _checked_rows(data)
    return _Plan(
        name=checked_name,
        rows=rows,
        task=task,
        scorers=scorers,
        max_concurrency=concurrency,
        spans=_row_spans(checked_name),
        bar=_bar_for(progress, len(rows), checked_name),
    )


# -- the sync runner ---------------------------------------------------------------------------


def _row_sync(plan: _Plan, index: int) -> EvalRow:
    started = time.perf_counter()
    if plan.spans is None:
        return _row_body_sync(plan, index, started, None)
    span = plan.spans()
    if not span.is_recording:  # tracing is off: the shared no-op span, nothing to enter
        return _row_body_sync(plan, index, started, None)
    try:
        with _use_span(span):
            return _row_body_sync(plan, index, started, span)
    finally:
        span.end()


def _row_body_sync(plan: _Plan, index: int, started: float, span: Any) -> EvalRow:
    row = plan.rows[index]
    try:
        output = plan.task(row["input"])
        if inspect.isawaitable(output):
            output = _run_blocking(output)
    except Exception as exc:
        if span is not None:
            span.set_error(exc)
        return plan.failed(index, exc, started)
    scenario = plan.scenario(row, output)
    results = [apply_scorer(scorer, scenario) for scorer in plan.scorers]
    return plan.scored(index, output, results, started)


def _run_sync(plan: _Plan) -> list[EvalRow]:
    total = len(plan.rows)
    workers = min(plan.max_concurrency, total)
    if workers <= 1:
        done: list[EvalRow] = []
        for index in range(total):
            done.append(_row_sync(plan, index))
            plan.tick()
        return done
    from concurrent.futures import ThreadPoolExecutor

    slots: list[EvalRow | None] = [None] * total
    # Each worker takes the next row when it is free: a slow row holds up only its thread,
    # and there is no per-row future or queue hop.
    indices = iter(range(total))
    lock = threading.Lock()
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            with lock:
                index = next(indices, None)
            if index is None:
                return
            try:
                slots[index] = _row_sync(plan, index)
            except BaseException:
                stop.set()
                raise
            plan.tick()

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="keystone-eval") as pool:
        futures = [pool.submit(work) for _ in range(workers)]
        try:
            for future in futures:
                future.result()
        except BaseException:
            stop.set()  # Ctrl-C or a worker's fatal error: the others take no new rows
            raise
    return [row for row in slots if row is not None]


# -- the async runner --------------------------------------------------------------------------


def _score_sync_part(
    scorers: Sequence[ScorerProtocol], scenario: EvalScenario
) -> list[Score | None]:
    return [apply_scorer(scorer, scenario) for scorer in scorers]


class _AsyncRows:
    """One ``Eval.arun``'s rows on the running loop (and on a thread pool for sync parts)."""

    def __init__(self, plan: _Plan, workers: int) -> None:
        import asyncio

        self.plan = plan
        self.loop = asyncio.get_running_loop()
        self.async_task = _is_async_callable(plan.task)
        self.on_loop = [_awaits_on_loop(scorer) for scorer in plan.scorers]
        self.threaded = [
            s for s, awaited in zip(plan.scorers, self.on_loop, strict=True) if not awaited
        ]
        self.pool: ThreadPoolExecutor | None = None
        if not self.async_task or self.threaded:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="keystone-eval")

    async def output(self, value: Any) -> Any:
        """The task's output for input ``value`` (a sync task runs on the pool)."""
        plan = self.plan
        if self.async_task:
            output = plan.task(value)
        else:
            output = await self.loop.run_in_executor(self.pool, plan.task, value)
        if inspect.isawaitable(output):
            output = await output
        return output

    async def body(self, index: int, started: float, span: Any) -> EvalRow:
        plan = self.plan
        row = plan.rows[index]
        try:
            output = await self.output(row["input"])
        except Exception as exc:
            if span is not None:
                span.set_error(exc)
            return plan.failed(index, exc, started)
        scenario = plan.scenario(row, output)
        from_threads: list[Score | None] = []
        if self.threaded:
            from_threads = await self.loop.run_in_executor(
                self.pool, _score_sync_part, self.threaded, scenario
            )
        results: list[Score | None] = []
        pending = iter(from_threads)
        for scorer, awaited in zip(plan.scorers, self.on_loop, strict=True):
            results.append(await aapply_scorer(scorer, scenario) if awaited else next(pending))
        return plan.scored(index, output, results, started)

    async def row(self, index: int) -> EvalRow:
        started = time.perf_counter()
        if self.plan.spans is None:
            return await self.body(index, started, None)
        span = self.plan.spans()
        if not span.is_recording:  # tracing is off: the shared no-op span, nothing to enter
            return await self.body(index, started, None)
        try:
            with _use_span(span):
                return await self.body(index, started, span)
        finally:
            span.end()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False)


async def _run_async(plan: _Plan) -> list[EvalRow]:
    import asyncio

    total = len(plan.rows)
    workers = min(plan.max_concurrency, total)
    if workers == 0:
        return []
    runner = _AsyncRows(plan, workers)
    slots: list[EvalRow | None] = [None] * total
    indices = iter(range(total))

    async def worker() -> None:
        # One event loop thread: the shared iterator needs no lock.
        for index in indices:
            slots[index] = await runner.row(index)
            plan.tick()

    tasks = [asyncio.ensure_future(worker()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        runner.close()
    return [row for row in slots if row is not None]


# -- reporting ---------------------------------------------------------------------------------


def _event(
    plan: _Plan, rows: Sequence[EvalRow], summary: Mapping[str, EvalSummary], ms: float
) -> dict[str, Any]:
    import uuid
    from datetime import datetime, timezone

    return {
        "ts": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
        "event_type": "eval",
        "tool": f"Eval:{plan.name}",
        "phase": "complete",
        "span_id": f"span_eval_{uuid.uuid4().hex[:12]}",
        "status": "ok",
        "duration_ms": round(ms),
        "metadata": {
            "eval.name": plan.name,
            "eval.rows": len(rows),
            "eval.errors": sum(1 for row in rows if row.error is not None),
            "eval.summary": {name: s.to_dict() for name, s in summary.items()},
        },
    }


def _key_in_env() -> bool:
    return any(os.environ.get(name) for name in _KEY_ENVS)


def _not_reported(name: str, exc: Exception) -> None:
    # The type, status and request id only: an error's text may echo what was sent.
    status = getattr(exc, "status_code", None)
    request_id = getattr(exc, "request_id", None)
    details = "".join(
        [
            f", status {status}" if isinstance(status, int) else "",
            f", request id {request_id}" if isinstance(request_id, str) and request_id else "",
        ]
    )
    logger.warning(
        "Eval %r: the result was not reported to Keystone (%s%s)",
        name,
        type(exc).__name__,
        details,
    )


def _check_client(keystone: object, *, async_ok: bool) -> None:
    if keystone is None:
        return
    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._sync.client import Keystone

    if isinstance(keystone, AsyncKeystone) and not async_ok:
        CHECK.fail(
            "Eval(...) reports with a sync Keystone client; with an AsyncKeystone, "
            "use `await Eval.arun(...)`"
        )
    if not isinstance(keystone, Keystone | AsyncKeystone):
        CHECK.fail(f"keystone must be a Keystone or AsyncKeystone client, not a {_kind(keystone)}")


def _report_sync(plan: _Plan, keystone: Keystone | None, event: dict[str, Any]) -> str | None:
    client = keystone
    owned = False
    try:
        if client is None:
            if not _key_in_env():
                return None
            from polarity_keystone._sync.client import Keystone

            client, owned = Keystone(), True
        client.export.ingest_traces([event])
    except Exception as exc:
        _not_reported(plan.name, exc)
        return None
    finally:
        if owned and client is not None:
            _close_quietly(client.close)
    span_id: str = event["span_id"]
    return span_id


async def _report_async(
    plan: _Plan, keystone: Keystone | AsyncKeystone | None, event: dict[str, Any]
) -> str | None:
    import asyncio

    from polarity_keystone._sync.client import Keystone

    client = keystone
    owned = False
    try:
        if client is None:
            if not _key_in_env():
                return None
            from polarity_keystone._async.client import AsyncKeystone

            client, owned = AsyncKeystone(), True
        if isinstance(client, Keystone):
            # A sync client blocks: off the loop.
            await asyncio.to_thread(client.export.ingest_traces, [event])
        else:
            await client.export.ingest_traces([event])
    except Exception as exc:
        _not_reported(plan.name, exc)
        return None
    finally:
        if owned and client is not None and not isinstance(client, Keystone):
            try:
                await client.close()
            except Exception:  # closing our own client must not fail the eval
                logger.debug("Eval %r: closing the reporting client failed", plan.name)
    span_id: str = event["span_id"]
    return span_id


def _close_quietly(close: Callable[[], object]) -> None:
    try:
        close()
    except Exception:  # closing our own client must not fail the eval
        logger.debug("closing the Eval reporting client failed")


# -- the entry points --------------------------------------------------------------------------


def _result(plan: _Plan, rows: list[EvalRow], started: float) -> tuple[EvalResult, dict[str, Any]]:
    summary = plan.summary(rows)
    ms = (time.perf_counter() - started) * 1000.0
    result = EvalResult(plan.name, tuple(rows), summary, ms)
    return result, _event(plan, rows, summary, ms)


async def _arun(plan: _Plan, keystone: Keystone | AsyncKeystone | None) -> EvalResult:
    from dataclasses import replace

    started = time.perf_counter()
    rows = await _run_async(plan)
    result, event = _result(plan, rows, started)
    experiment_id = await _report_async(plan, keystone, event)
    return replace(result, experiment_id=experiment_id)


def _run_coroutine_blocking(coroutine: Awaitable[EvalResult]) -> EvalResult:
    return _run_blocking(coroutine)


class _Eval:
    """Run ``task`` over ``data``, score each output, summarise per scorer: the page's ``Eval``.

    ``Eval(name, *, data, task, scores=None, max_concurrency=4, keystone=None,
    progress=None) -> EvalResult``; from async code, ``await Eval.arun(...)`` with the same
    arguments. See :mod:`polarity_keystone._eval` for the whole behaviour.

    Args:
        name: the eval's name (reported as ``Eval:<name>``).
        data: rows: mappings with ``input`` and optionally ``expected`` (and any other keys,
            which scorers see in ``scenario.parameters``).
        task: called with each row's input; sync, ``async def``, or returning an awaitable.
        scores: scorers (``@Scorer`` functions, built-ins), each with a distinct name.
        max_concurrency: rows in flight at once, 1 to 1000 (1: one by one, on the calling
            thread for a sync task).
        keystone: the client to report with (``Keystone``; ``AsyncKeystone`` with
            :meth:`arun`); default one from the environment when a key is set there.
        progress: None (a bar on stderr if it is a terminal and there are over 20 rows),
            True, False, or a text stream to draw the bar on.

    Returns:
        An :class:`EvalResult`.

    Raises:
        KeystoneInvalidArgumentError: a bad argument, a row that is not a mapping or has no
            ``input`` (naming its index), or two scorers with the same name; before any row
            runs.

    """

    def __call__(
        self,
        name: str,
        *,
        data: Iterable[Mapping[str, Any]],
        task: Task,
        scores: Sequence[ScorerProtocol] | None = None,
        max_concurrency: int = 4,
        keystone: Keystone | None = None,
        progress: Progress = None,
    ) -> EvalResult:
        """Run the eval and return its :class:`EvalResult` (see the class docstring)."""
        _check_client(keystone, async_ok=False)
        plan = _plan(
            name,
            data=data,
            task=task,
            scores=scores,
            max_concurrency=max_concurrency,
            progress=progress,
        )
        if _is_async_callable(task):
            # An async task runs on asyncio (bounded by max_concurrency), on a private loop.
            return _run_coroutine_blocking(_arun(plan, keystone))
        started = time.perf_counter()
        rows = _run_sync(plan)
        result, event = _result(plan, rows, started)
        experiment_id = _report_sync(plan, keystone, event)
        if experiment_id is None:
            return result
        from dataclasses import replace

        return replace(result, experiment_id=experiment_id)

    async def arun(
        self,
        name: str,
        *,
        data: Iterable[Mapping[str, Any]],
        task: Task,
        scores: Sequence[ScorerProtocol] | None = None,
        max_concurrency: int = 4,
        keystone: Keystone | AsyncKeystone | None = None,
        progress: Progress = None,
    ) -> EvalResult:
        """:meth:`__call__` from async code: ``result = await Eval.arun(...)``.

        An async task (and async scorers) run on the caller's event loop with at most
        ``max_concurrency`` rows in flight; a sync task and sync scorer functions run on a
        pool of ``max_concurrency`` threads, so the loop is never blocked. Reports with an
        ``AsyncKeystone`` (awaited) or a ``Keystone`` (on a thread).
        """
        _check_client(keystone, async_ok=True)
        plan = _plan(
            name,
            data=data,
            task=task,
            scores=scores,
            max_concurrency=max_concurrency,
            progress=progress,
        )
        return await _arun(plan, keystone)

    def __repr__(self) -> str:
        return "<Eval: run a task over data and score it; Eval(...) or await Eval.arun(...)>"


#: The page's ``Eval``: ``Eval(name, *, data, task, scores=None, max_concurrency=4,
#: keystone=None, progress=None)``; ``await Eval.arun(...)`` from async code.
Eval = _Eval()
