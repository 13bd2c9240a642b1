"""What tracing costs the traced code: ``python -m tools.bench_tracing``.

Per call (median of interleaved rounds, CPU microseconds of the whole process, so a
background thread's work counts):

* ``plain_us``: an undecorated function;
* ``traced_off_us``: ``@traced`` with tracing not initialised (one flag, one context read);
* ``traced_on_us``: ``@traced`` recording, the background exporter running (sending to a
  transport that accepts everything: no network), its thread's work included;
* ``traced_hot_path_us``: the same, the app thread's share alone (events queued, not sent);
* ``otel_span_us``: one OpenTelemetry SDK span around the same call
  (``start_as_current_span`` on a ``TracerProvider`` with no processor);
* ``otel_exported_us``: the same OTel span exported the way a real setup does: a
  ``BatchSpanProcessor`` whose exporter serialises each span to JSON (and drops it) on the
  processor's thread, its work included like ours;

with ``off_vs_plain``, ``on_vs_plain``, ``on_vs_otel`` and ``on_vs_otel_exported`` ratios.

Then the event loop's lateness while 10,000 spans are created from async code and exported to
a Keystone fake served from another process (a 1 ms ticker task runs until the last event is
sent), after a warm-up and from a settled heap, in 3 rounds: ``max_loop_stall_ms`` (the median
round's worst), ``worst_loop_stall_ms``, ``p99_loop_stall_ms``, the same loop with tracing off
(``baseline_max_loop_stall_ms``), and how long the export took (``export_10k_s``).
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["bench_tracing"]

_CALLS = 20_000
_ROUNDS = 5
_SPANS = 10_000
_STALL_ROUNDS = 3


def _per_call_us(
    fn: Callable[[int], int], calls: int, drain: Callable[[], object] | None = None
) -> float:
    """CPU microseconds per call, every thread of the process counted (``process_time``);
    with ``drain``, until the background export has finished too (its idle waits cost none).
    """
    started = time.process_time()
    for i in range(calls):
        fn(i)
    if drain is not None:
        drain()
    return (time.process_time() - started) / calls * 1e6


def _accepting_client() -> Any:
    from polarity_keystone import Keystone
    from polarity_keystone.testing import API_KEY

    def accept(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"accepted": 100}')

    return Keystone(
        API_KEY,
        base_url="http://bench.invalid",
        http_client=httpx.Client(transport=httpx.MockTransport(accept)),
    )


def _exporting_provider() -> Any:
    """A TracerProvider exporting like a real one: batched, each span serialised to JSON."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        SpanExporter,
        SpanExportResult,
    )

    class SerialisingExporter(SpanExporter):
        def export(self, spans: Any) -> SpanExportResult:
            for span in spans:
                span.to_json(indent=None)
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(SerialisingExporter(), max_queue_size=100_000))
    return provider


def _per_call_costs(calls: int, rounds: int) -> dict[str, float]:
    from opentelemetry.sdk.trace import TracerProvider
    from polarity_keystone._tracing import (
        configure_exporter,
        flush,
        init_tracing,
        reset_tracing,
        traced,
    )

    def plain(x: int) -> int:
        return x + 1

    decorated = traced(plain)
    tracer = TracerProvider().get_tracer("bench")

    def otel(x: int) -> int:
        with tracer.start_as_current_span("plain"):
            return plain(x)

    exported_provider = _exporting_provider()
    exported_tracer = exported_provider.get_tracer("bench")

    def otel_exported(x: int) -> int:
        with exported_tracer.start_as_current_span("plain"):
            return plain(x)

    client = _accepting_client()
    # Room for every event of the measured calls: a full queue would drop them, cheaply.
    configure_exporter(max_queue=calls * 2 * rounds + 1000)
    results: dict[str, list[float]] = {
        "plain": [],
        "off": [],
        "on": [],
        "otel": [],
        "otel_exported": [],
        "hot": [],
    }
    try:
        for _ in range(rounds):
            # The app thread's share alone: events queued, no thread sending them.
            configure_exporter(max_queue=calls * 2 + 1000, background=False)
            init_tracing(client=client)
            results["hot"].append(_per_call_us(decorated, calls))
            configure_exporter(max_queue=calls * 2 * rounds + 1000)
            reset_tracing()
            results["plain"].append(_per_call_us(plain, calls))
            results["off"].append(_per_call_us(decorated, calls))
            results["otel"].append(_per_call_us(otel, calls))
            results["otel_exported"].append(
                _per_call_us(otel_exported, calls, exported_provider.force_flush)
            )
            init_tracing(client=client)
            results["on"].append(_per_call_us(decorated, calls, lambda: flush(30)))
            reset_tracing()
            flush(30)
    finally:
        reset_tracing()
        client.close()
        exported_provider.shutdown()
    median = {name: statistics.median(values) for name, values in results.items()}
    return {
        "plain_us": median["plain"],
        "traced_off_us": median["off"],
        "traced_on_us": median["on"],
        "traced_hot_path_us": median["hot"],
        "otel_span_us": median["otel"],
        "otel_exported_us": median["otel_exported"],
        "off_vs_plain": median["off"] / median["plain"],
        "on_vs_plain": median["on"] / median["plain"],
        "on_vs_otel": median["on"] / median["otel"],
        "on_vs_otel_exported": median["on"] / median["otel_exported"],
        "hot_path_vs_otel": median["hot"] / median["otel"],
    }


async def _loop_lags(spans: int) -> list[float]:
    """A 1 ms ticker's lateness (ms) while ``spans`` @traced calls run and are then exported.

    The ticker keeps going until every queued event has been sent (``flush`` waits on a
    worker thread), so the export's whole duration is measured, not just the span creation.
    """
    from polarity_keystone._tracing import flush, traced

    @traced
    async def step(i: int) -> int:
        return i

    lags: list[float] = []
    done = False

    async def ticker() -> None:
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append((time.perf_counter() - before - 0.001) * 1000)

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    for i in range(spans):
        await step(i)
        await asyncio.sleep(0)  # as an app's own awaits would: let the ticker run
    await asyncio.to_thread(flush, 120)
    done = True
    await tick
    return sorted(lags)


def _loop_stall(spans: int) -> dict[str, float]:
    from polarity_keystone import Keystone
    from polarity_keystone._tracing import (
        configure_exporter,
        exporter_stats,
        reset_tracing,
    )
    from polarity_keystone.testing import API_KEY

    from tools.fakes import serve_in_subprocess

    with serve_in_subprocess("keystone") as base_url, Keystone(API_KEY, base_url=base_url) as ks:
        baseline = asyncio.run(_loop_lags(spans))  # tracing off: the loop's own lateness
        configure_exporter(max_queue=spans * 2 + 1000)
        ks.init_tracing()
        asyncio.run(_loop_lags(spans // 5))  # warm-up: first-use imports, caches, the thread
        before = exporter_stats()
        rounds: list[list[float]] = []
        started = time.perf_counter()
        for _ in range(_STALL_ROUNDS):
            gc.collect()  # each round starts from a settled heap, as a long-running app has
            rounds.append(asyncio.run(_loop_lags(spans)))
        exported = (time.perf_counter() - started) / _STALL_ROUNDS
        reset_tracing()
        stats = exporter_stats()
    worst = sorted(lags[-1] for lags in rounds)
    p99 = sorted(lags[int(len(lags) * 0.99)] for lags in rounds)
    return {
        "max_loop_stall_ms": worst[len(worst) // 2],
        "worst_loop_stall_ms": worst[-1],
        "p99_loop_stall_ms": p99[len(p99) // 2],
        "baseline_max_loop_stall_ms": baseline[-1],
        "export_10k_s": exported,
        "exported_events": float(stats["sent"] - before["sent"]) / _STALL_ROUNDS,
        "dropped_events": float(
            stats["dropped"] + stats["failed"] - before["dropped"] - before["failed"]
        ),
    }


def bench_tracing(
    calls: int = _CALLS, rounds: int = _ROUNDS, spans: int = _SPANS
) -> dict[str, float]:
    """The per-call costs and the loop stall (see the module's docstring)."""
    results = _per_call_costs(calls, rounds)
    results.update(_loop_stall(spans))
    return results


def report(numbers: dict[str, float]) -> None:
    """Print :func:`bench_tracing`'s numbers (also what ``python -m tools.bench`` shows)."""
    print("one @traced span (median CPU µs per call)      target ≤ 1× one OTel SDK span")
    print(f"  undecorated call                  {numbers['plain_us']:7.2f} µs")
    print(
        f"  @traced, tracing off              {numbers['traced_off_us']:7.2f} µs   "
        f"{numbers['off_vs_plain']:.1f}× undecorated"
    )
    print(f"  @traced, app thread's share       {numbers['traced_hot_path_us']:7.2f} µs")
    print(f"  @traced, exporter running         {numbers['traced_on_us']:7.2f} µs")
    print(f"  OTel SDK span, no processor       {numbers['otel_span_us']:7.2f} µs")
    print(f"  OTel SDK span, batched + exported {numbers['otel_exported_us']:7.2f} µs")
    print(
        f"  ratios: hot path {numbers['hot_path_vs_otel']:.2f}× bare OTel; with the exporter "
        f"{numbers['on_vs_otel']:.2f}× bare OTel, {numbers['on_vs_otel_exported']:.2f}× "
        "exported OTel"
    )
    print(
        f"event loop's worst stall while 10,000 spans export   target ≤ 5 ms\n"
        f"  {numbers['max_loop_stall_ms']:.1f} ms worst (median of {_STALL_ROUNDS} rounds; worst "
        f"round {numbers['worst_loop_stall_ms']:.1f} ms), p99 {numbers['p99_loop_stall_ms']:.2f} "
        f"ms (tracing off: {numbers['baseline_max_loop_stall_ms']:.1f} ms worst); "
        f"{numbers['exported_events']:.0f} events in {numbers['export_10k_s']:.2f} s, "
        f"{numbers['dropped_events']:.0f} dropped"
    )


def main() -> None:
    """Print :func:`bench_tracing`'s numbers."""
    report(bench_tracing())


if __name__ == "__main__":
    main()
