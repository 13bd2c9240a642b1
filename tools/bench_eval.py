"""What ``Eval`` costs per row beyond the task and the scorers themselves.

``python -m tools.bench_eval [--rows N]`` prints, in microseconds per row (median of several
rounds, interleaved so that machine noise hits every variant alike):

* a plain loop calling the same task and scorers (``task(input)``, then each scorer's
  ``score_result`` on a small scenario object): the baseline;
* ``Eval(..., max_concurrency=1)`` (every row on the calling thread) and
  ``Eval(..., max_concurrency=8)`` (a pool of eight threads), with a sync task;
* each one's overhead over the baseline, and its ratio to it.

Nothing goes to the network (no API key is read: the environment's is ignored) and nothing
is asserted: DESIGN's target, under 50 µs of overhead per row, is printed beside the numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

__all__ = ["bench_eval", "main", "report"]

TARGET_OVERHEAD_US = 50.0
_ROUNDS = 5
_KEY_ENVS = ("KEYSTONE_API_KEY", "POLARITY_API_KEY")


def _task(value: int) -> str:
    return str(value * 2)


def _scorers() -> list[Any]:
    from polarity_keystone import Score, Scorer

    @Scorer
    def exact(scenario: Any) -> Score:
        hit = scenario.agent_output == scenario.parameters["expected"]
        return Score("exact", 1.0 if hit else 0.0, passed=hit)

    @Scorer
    def short(scenario: Any) -> bool:
        return len(scenario.agent_output) < 10

    return [exact, short]


def _plain(rows: list[dict[str, Any]], scorers: list[Any]) -> None:
    for row in rows:
        output = _task(row["input"])
        scenario = SimpleNamespace(
            agent_output=str(output),
            parameters={"input": row["input"], "expected": row["expected"]},
        )
        for scorer in scorers:
            scorer.score_result(scenario)


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench_eval(rows: int = 2000) -> dict[str, float]:
    """Per-row times of a plain loop and of ``Eval`` at concurrency 1 and 8 (µs), and ratios.

    Keys: ``plain_us``, ``eval_c1_us``, ``eval_c8_us`` (µs per row), ``overhead_c1_us``,
    ``overhead_c8_us`` (``Eval`` minus the plain loop, µs per row) and ``ratio_c1``,
    ``ratio_c8`` (``Eval`` / the plain loop).
    """
    from polarity_keystone import Eval

    saved = {name: os.environ.pop(name) for name in _KEY_ENVS if name in os.environ}
    try:
        data = [{"input": i, "expected": str(i * 2)} for i in range(rows)]
        scorers = _scorers()
        variants: dict[str, Callable[[], object]] = {
            "plain": lambda: _plain(data, scorers),
            "eval_c1": lambda: Eval(
                "bench", data=data, task=_task, scores=scorers, max_concurrency=1, progress=False
            ),
            "eval_c8": lambda: Eval(
                "bench", data=data, task=_task, scores=scorers, max_concurrency=8, progress=False
            ),
        }
        for run in variants.values():  # warm up: imports, caches
            run()
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(_ROUNDS):
            for name, run in variants.items():
                samples[name].append(_timed(run))
    finally:
        os.environ.update(saved)
    per_row = {name: statistics.median(times) / rows * 1e6 for name, times in samples.items()}
    plain = per_row["plain"]
    return {
        "plain_us": plain,
        "eval_c1_us": per_row["eval_c1"],
        "eval_c8_us": per_row["eval_c8"],
        "overhead_c1_us": per_row["eval_c1"] - plain,
        "overhead_c8_us": per_row["eval_c8"] - plain,
        "ratio_c1": per_row["eval_c1"] / plain,
        "ratio_c8": per_row["eval_c8"] / plain,
    }


def report(numbers: dict[str, float], rows: int) -> None:
    """Print :func:`bench_eval`'s numbers (also what ``python -m tools.bench`` shows)."""
    print(f"Eval overhead per row ({rows} rows, sync task, 2 scorers, median of {_ROUNDS})")
    print(f"  plain loop                {numbers['plain_us']:8.2f} µs/row")
    for level in ("c1", "c8"):
        label = f"Eval max_concurrency={level[1:]}"
        print(
            f"  {label:<25} {numbers[f'eval_{level}_us']:8.2f} µs/row  overhead "
            f"{numbers[f'overhead_{level}_us']:7.2f} µs/row (target < {TARGET_OVERHEAD_US:g})"
            f"  ratio {numbers[f'ratio_{level}']:.2f}x"
        )


def main(argv: list[str] | None = None) -> int:
    """Print :func:`bench_eval`'s numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows per run (default 2000)")
    args = parser.parse_args(argv)
    report(bench_eval(args.rows), args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
