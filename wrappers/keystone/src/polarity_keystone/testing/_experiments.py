"""Experiments: runs over a spec's scenarios, their results, metrics, comparisons, alerts and
scores. Everything follows from the spec and the run number: the same spec always gives the
same results.

**A run.** ``run_experiment`` starts run *k* (1, 2, ...) of every scenario, in the spec's
order, one after the other: scenario *i* finishes ``scenario_seconds × (i + 1)`` after the
start (all at once when ``scenario_seconds`` is 0). ``RunResults`` show the finished ones:
``total_scenarios`` is the spec's count from the start, and ``passed + failed + flaky +
errors`` reaches it when the run is done (clients poll on exactly that). The experiment's
``status`` goes ``created`` → ``running`` → ``completed``; running it again while it runs is
a 409, after that it starts the next run.

**A scenario.** Its tree is the spec's ``files`` with the scenario's laid over them, its
canned commands likewise. Each invariant (the spec's, then the scenario's) is evaluated (see
:mod:`._specs`); ``composite_score`` is their weighted mean (1.0 with none). The status is
the scenario's ``outcome`` when it forces one; otherwise ``fail`` when a gate fails, a
``forbidden`` rule is violated (``violates``) or the score is under ``pass_threshold``, else
``pass``. ``error`` scenarios exit 1 with their ``error`` message, the others 0.
Defaults: ``wall_ms`` 1000 + 100 × its index, 3 tool calls, 1200 + 100 × index input tokens
and 300 output tokens, ``agent_output`` "completed <id>". Costs are priced per million
tokens (input / output): claude-*opus* 15 / 75, claude-*haiku* 1 / 5, other claude 3 / 15,
gpt-4o-mini 0.15 / 0.6, gpt-4o 2.5 / 10, gpt-* 1.25 / 10, gemini-* 0.3 / 2.5, anything else
3 / 15; cache reads cost a tenth of input, reasoning tokens count as output.

**Traces.** When a scenario finishes, its events join the trace log: a root ``tool_call``
span ``scenario:<id>`` (phase ``end``, its wall time), an ``llm_call`` child (phase
``complete``, with the cost and ``gen_ai.*`` metadata) and one ``tool_use`` grandchild per
tool call (up to 20; names from the scenario's ``tools``), all carrying ``experiment_id``,
``run_id``, ``sandbox_id`` (the scenario's sandbox: live once the scenario finished, holding
the spec's files), ``scenario_id`` and the spec's ``agent``. The root span's id is the
scenario's trace id (scores name it).

**Metrics.** ``RunMetrics`` cover a run's finished scenarios: ``pass_rate`` = passed /
finished, wall-time mean and p95 (linear interpolation), tool calls and tokens (input +
output) per scenario, total cost and cost per scenario, ``tool_success_rate`` = the share of
scenarios that did not error, ``side_effect_violations`` = forbidden rules violated.
``ExperimentMetrics`` cover every run: ``total_runs`` runs started, ``pass_rate`` over all
finished scenarios, ``mean_cost_per_run_usd`` = total cost / runs, the per-tool breakdown from
the experiment's trace events (count, mean ``duration_ms``, share with ``status: error``), and
one cost and pass-rate point per run.

**Comparisons** set each side's latest run side by side on pass_rate, mean_wall_ms,
p95_wall_ms, mean_tool_calls, mean_tokens, total_cost_usd, tool_success_rate and
side_effect_violations; ``direction`` is ``up`` / ``down`` / ``unchanged`` and ``delta``
candidate − baseline. A rate that drops, or another metric that grows by more than
``regression_tolerance`` (relative; any growth from 0), is a regression.

**Alerts** watch a condition ``<metric> <op> <number>`` (a ``RunMetrics`` field or
``passed`` / ``failed`` / ``flaky`` / ``errors`` / ``total_scenarios``; ``<``, ``<=``,
``>``, ``>=``, ``==``, ``!=``) over a ``window`` (``last_run``, the default, or
``last_<N>_runs``: the mean over the experiment's last N completed runs). When a run of the
experiment (``eval_id``; none: any experiment) completes and the condition holds, the alert
fires: ``FakeKeystone.alert_firings()`` lists it (nothing is sent anywhere).

**Scores.** ``score_experiment`` scores, ``scoring_seconds`` later, every finished scenario
of the experiment's latest run with each rule (one score per rule and trace; scoring again
replaces them). By rule ``type``: ``contains`` (config ``text``), ``regex`` (``pattern``),
``exact_match`` (``expected``), ``levenshtein`` (similarity to ``expected``),
``json_validity`` look at the agent output; every other type (``llm_as_judge``, ``custom``,
sandbox checks) takes the scenario's composite score. A score passes at ``threshold``
(config; default 0.5).
"""

from __future__ import annotations

import difflib
import json
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sdk_core.fakes import ApiError, digest, iso

from polarity_keystone.testing._sandbox import CannedCommand, run_command
from polarity_keystone.testing._specs import Invariant, Scenario, SpecDocument
from polarity_keystone.testing._traces import ts_iso

__all__ = [
    "Alert",
    "Experiment",
    "Run",
    "ScoringJob",
    "compare",
    "evaluate_rule",
    "experiment_metrics",
    "parse_condition",
    "parse_window",
    "run_metrics",
]

JSON = dict[str, Any]
_MAX_TOOL_EVENTS = 20
_CONDITION = re.compile(r"\s*([a-z_]+)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*")
_WINDOW = re.compile(r"last_run|last_([1-9]\d{0,3})_runs")
_COUNTERS = ("passed", "failed", "flaky", "errors", "total_scenarios")
_RUN_METRICS = (
    "pass_rate",
    "mean_wall_ms",
    "p95_wall_ms",
    "mean_tool_calls",
    "mean_tokens",
    "total_cost_usd",
    "mean_cost_per_run_usd",
    "tool_success_rate",
    "side_effect_violations",
)
#: Metrics compared, and whether higher is better.
_COMPARED = (
    ("pass_rate", True),
    ("mean_wall_ms", False),
    ("p95_wall_ms", False),
    ("mean_tool_calls", False),
    ("mean_tokens", False),
    ("total_cost_usd", False),
    ("tool_success_rate", True),
    ("side_effect_violations", False),
)
_STATUS_COUNTER = {"pass": "passed", "fail": "failed", "flaky": "flaky", "error": "errors"}


def _price(model: str) -> tuple[float, float]:
    name = model.lower()
    if "claude" in name:
        return (15.0, 75.0) if "opus" in name else (1.0, 5.0) if "haiku" in name else (3.0, 15.0)
    if "gpt-4o-mini" in name:
        return 0.15, 0.6
    if "gpt-4o" in name:
        return 2.5, 10.0
    if "gpt" in name:
        return 1.25, 10.0
    if "gemini" in name:
        return 0.3, 2.5
    return 3.0, 15.0


def _provider(model: str) -> str:
    name = model.lower()
    if "claude" in name:
        return "anthropic"
    if name.startswith(("gpt", "o1", "o3", "o4")):
        return "openai"
    if "gemini" in name:
        return "google"
    return "llm"


def _percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = pct * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _round(value: float) -> float:
    return round(value, 6)


# ----------------------------------------------------------------------------- scenarios


def _check(
    invariant: Invariant,
    files: MutableMapping[str, bytes],
    commands: Mapping[str, CannedCommand],
    output: str,
) -> tuple[bool, str]:
    check = invariant.check
    kind = str(check.get("type"))
    path = str(check.get("path", ""))
    if kind == "file_exists":
        found = path in files
        return found, f"{path} {'exists' if found else 'does not exist'}"
    if kind in {"file_content", "file_contains"}:
        if path not in files:
            return False, f"{path} does not exist"
        text = files[path].decode("utf-8", "replace")
        problems = []
        if isinstance(check.get("contains"), str) and check["contains"] not in text:
            problems.append("lacks the expected text")
        if isinstance(check.get("not_contains"), str) and check["not_contains"] in text:
            problems.append("holds text it must not")
        if isinstance(check.get("pattern"), str):
            try:
                if re.search(check["pattern"], text) is None:
                    problems.append("does not match the pattern")
            except re.error:
                problems.append("has an invalid pattern to match")
        return not problems, f"{path} " + ("matches" if not problems else "; ".join(problems))
    if kind == "command_exit":
        command = str(check.get("command", ""))
        wanted = check.get("exit_code", 0)
        result = run_command(command, dict(files), canned=commands)
        ok = result["exit_code"] == wanted
        return ok, f"exited {result['exit_code']} (expected {wanted})"
    if kind == "contains":
        text = str(check.get("text", check.get("value", "")))
        found = text.lower() in output.lower()
        return found, "the output holds the text" if found else "the output lacks the text"
    if kind == "exact_match":
        same = output.strip() == str(check.get("expected", ""))
        return same, "the output matches" if same else "the output differs"
    if kind == "regex":
        try:
            found = re.search(str(check.get("pattern", "")), output) is not None
        except re.error:
            return False, "invalid pattern"
        return found, "the output matches" if found else "the output does not match"
    if kind == "json_validity":
        try:
            json.loads(output.strip())
        except ValueError:
            return False, "the output is not JSON"
        return True, "the output is JSON"
    return True, f"{kind}: not evaluated by the fake (passes)"


@dataclass
class ScenarioRun:
    """A scenario's result in one run, revealed at ``finishes``."""

    scenario_id: str
    finishes: float
    result: JSON
    events: list[JSON]


def evaluate(
    spec: SpecDocument,
    scenario: Scenario,
    index: int,
    *,
    experiment_id: str,
    run_id: str,
    seed: int,
    started: float,
    finishes: float,
) -> ScenarioRun:
    """One scenario's result and trace events in a run (see the module docstring)."""
    files = {path: text.encode() for path, text in {**spec.files, **scenario.files}.items()}
    commands = {**spec.commands, **scenario.commands}
    error = scenario.outcome == "error"
    output = "" if error else scenario.agent_output or f"completed {scenario.id}"
    invariants: list[JSON] = []
    weighted, weights, gate_failed = 0.0, 0.0, False
    for invariant in (*spec.invariants, *scenario.invariants):
        if invariant.forced is not None:
            passed, message = invariant.forced, "set by the spec"
        else:
            passed, message = _check(invariant, files, commands, output)
        score = 1.0 if passed else 0.0
        weighted += score * invariant.weight
        weights += invariant.weight
        gate_failed = gate_failed or (invariant.gate and not passed)
        invariants.append(
            {
                "name": invariant.name,
                "passed": passed,
                "gate": invariant.gate,
                "weight": invariant.weight,
                "score": score,
                "message": message,
                "reason": "" if passed else message,
            }
        )
    if invariants and weights == 0:
        composite = _mean([i["score"] for i in invariants])
    else:
        composite = weighted / weights if weights else 1.0
    forbidden = [
        {
            "rule": rule,
            "violated": rule in scenario.violates,
            "details": "the agent broke this rule" if rule in scenario.violates else "",
        }
        for rule in spec.forbidden
    ]
    violated = any(check["violated"] for check in forbidden)
    if scenario.outcome is not None:
        status = scenario.outcome
    elif gate_failed or violated or composite < spec.pass_threshold:
        status = "fail"
    else:
        status = "pass"
    if error:
        composite = 0.0
    wall_ms = scenario.wall_ms if scenario.wall_ms is not None else 1000 + 100 * index
    tokens = {
        "input": 1200 + 100 * index,
        "output": 300,
        "cache_read": 0,
        "reasoning": 0,
        **scenario.tokens,
    }
    price_in, price_out = _price(spec.model)
    cost_usd = _round(
        (
            tokens["input"] * price_in
            + (tokens["output"] + tokens["reasoning"]) * price_out
            + tokens["cache_read"] * price_in * 0.1
        )
        / 1e6
    )
    cost = {
        "input_tokens": tokens["input"],
        "output_tokens": tokens["output"],
        "cache_read_tokens": tokens["cache_read"],
        "reasoning_tokens": tokens["reasoning"],
        "model": spec.model,
        "estimated_usd": cost_usd,
    }
    root = digest("scenario-span", run_id, scenario.id)[:16]
    sandbox_id = f"sb-{digest('scenario-sandbox', run_id, scenario.id)[:12]}"
    message = scenario.error or "the agent exited with an error"
    result: JSON = {
        "scenario_id": scenario.id,
        "sandbox_id": sandbox_id,
        "status": status,
        "parameters": dict(scenario.parameters),
        "wall_ms": wall_ms,
        "exit_code": 1 if error else 0,
        "tool_calls": scenario.tool_calls,
        "composite_score": _round(composite),
        "agent_output": output,
        "agent_stderr": message + "\n" if error else "",
        "invariants": invariants,
        "forbidden_checks": forbidden,
        "trace_file": f"traces/{experiment_id}/{run_id}/{scenario.id}.jsonl",
        "reproducer": {
            "spec_file": f"{spec.id}.yaml",
            "seed": seed,
            "scenario_id": scenario.id,
            "parameters": dict(scenario.parameters),
            "command": f"keystone run {spec.id} --scenario {scenario.id} --seed {seed}",
        },
        "error": message if error else "",
        "cost": cost,
        "trace_id": root,
        "experiment_id": experiment_id,
        "run_id": run_id,
    }
    common = {
        "experiment_id": experiment_id,
        "run_id": run_id,
        "sandbox_id": sandbox_id,
        "scenario_id": scenario.id,
        "agent": spec.agent,
    }
    llm = f"span_{digest('scenario-llm', run_id, scenario.id)[:12]}"
    events: list[JSON] = [
        {
            "ts": ts_iso(finishes),
            "event_type": "tool_call",
            "tool": f"scenario:{scenario.id}",
            "phase": "end",
            "span_id": root,
            "parent_span_id": "",
            "root_span_id": "",
            "status": "error" if error else "ok",
            "duration_ms": wall_ms,
            "error_type": "tool_error" if error else "",
            "output": result["error"] if error else output,
            **common,
        },
        {
            "ts": ts_iso(started + (finishes - started) / 2),
            "event_type": "llm_call",
            "tool": f"{_provider(spec.model)}.create",
            "phase": "complete",
            "span_id": llm,
            "parent_span_id": root,
            "root_span_id": root,
            "status": "ok",
            "duration_ms": wall_ms // 2,
            "input": json.dumps(dict(scenario.parameters), default=str)[:4000],
            "output": output,
            "cost": cost,
            "metadata": {
                "gen_ai.system": _provider(spec.model),
                "gen_ai.request.model": spec.model,
                "gen_ai.response.model": spec.model,
                "gen_ai.usage.input_tokens": tokens["input"],
                "gen_ai.usage.output_tokens": tokens["output"],
                "gen_ai.operation.name": "chat",
            },
            **common,
        },
    ]
    for n in range(min(scenario.tool_calls, _MAX_TOOL_EVENTS)):
        events.append(
            {
                "ts": ts_iso(started + (finishes - started) * (n + 1) / (scenario.tool_calls + 2)),
                "event_type": "tool_use",
                "tool": scenario.tools[n % len(scenario.tools)],
                "phase": "invoked",
                "span_id": f"span_{digest('scenario-tool', run_id, scenario.id, n)[:12]}",
                "parent_span_id": llm,
                "root_span_id": root,
                "status": "ok",
                "duration_ms": 0,
                **common,
            }
        )
    return ScenarioRun(scenario.id, finishes, result, events)


# ----------------------------------------------------------------------------- runs


def run_metrics(results: Sequence[Mapping[str, Any]]) -> JSON:
    """``RunMetrics`` over finished scenario results."""
    n = len(results)
    walls = [float(r["wall_ms"]) for r in results]
    costs = [float(r["cost"]["estimated_usd"]) for r in results]
    tokens = [r["cost"]["input_tokens"] + r["cost"]["output_tokens"] for r in results]
    passed = sum(1 for r in results if r["status"] == "pass")
    errored = sum(1 for r in results if r["status"] == "error")
    return {
        "pass_rate": _round(passed / n) if n else 0.0,
        "mean_wall_ms": _round(_mean(walls)),
        "p95_wall_ms": _round(_percentile(walls, 0.95)),
        "mean_tool_calls": _round(_mean([float(r["tool_calls"]) for r in results])),
        "mean_tokens": _round(_mean([float(t) for t in tokens])),
        "total_cost_usd": _round(float(sum(costs))),
        "mean_cost_per_run_usd": _round(sum(costs) / n) if n else 0.0,
        "tool_success_rate": _round((n - errored) / n) if n else 0.0,
        "side_effect_violations": sum(
            1 for r in results for c in r["forbidden_checks"] if c["violated"]
        ),
    }


@dataclass
class Run:
    """One run of an experiment."""

    number: int
    run_id: str
    seed: int
    started: float
    scenarios: list[ScenarioRun]
    revealed: int = 0  # how many scenarios' traces have joined the log

    def finished(self, now: float) -> list[ScenarioRun]:
        """The scenarios finished by ``now``, in order."""
        return [s for s in self.scenarios if s.finishes <= now]

    def done(self, now: float) -> bool:
        """Whether every scenario has finished."""
        return all(s.finishes <= now for s in self.scenarios)

    @property
    def ends(self) -> float:
        """When the last scenario finishes."""
        return max((s.finishes for s in self.scenarios), default=self.started)

    def counters(self, now: float) -> JSON:
        """``total_scenarios`` and the four outcome counters."""
        out = {"total_scenarios": len(self.scenarios), **dict.fromkeys(_STATUS_COUNTER.values(), 0)}
        for scenario in self.finished(now):
            out[_STATUS_COUNTER[scenario.result["status"]]] += 1
        return out

    def metric(self, name: str, now: float) -> float:
        """One metric (a ``RunMetrics`` field or a counter) of the run."""
        if name in _COUNTERS:
            return float(self.counters(now)[name])
        return float(run_metrics([s.result for s in self.finished(now)])[name])


@dataclass
class Experiment:
    """An experiment: a spec (as it was when the experiment was made) and its runs."""

    id: str
    name: str
    spec: SpecDocument
    spec_version: int
    created: float
    secret_names: tuple[str, ...] = ()
    runs: list[Run] = field(default_factory=list)

    def status(self, now: float) -> str:
        """``created``, ``running`` or ``completed``."""
        if not self.runs:
            return "created"
        return "completed" if self.runs[-1].done(now) else "running"

    def to_json(self, now: float) -> JSON:
        """The ``Experiment`` answer."""
        return {
            "id": self.id,
            "name": self.name,
            "spec_id": self.spec.id,
            "status": self.status(now),
            "created_at": iso(self.created),
            "spec_version": self.spec_version,
            "run_count": len(self.runs),
        }

    def start(self, now: float, scenario_seconds: float) -> Run:
        """Start the next run (409 while one is running)."""
        if self.runs and not self.runs[-1].done(now):
            raise ApiError(409, "the experiment is already running", code="conflict")
        number = len(self.runs) + 1
        run_id = f"run_{digest('run', self.id, number)[:16]}"
        seed = self.spec.seed + number - 1
        scenarios = [
            evaluate(
                self.spec,
                scenario,
                i,
                experiment_id=self.id,
                run_id=run_id,
                seed=seed,
                started=now + scenario_seconds * i,
                finishes=now + scenario_seconds * (i + 1),
            )
            for i, scenario in enumerate(self.spec.scenarios)
        ]
        run = Run(number, run_id, seed, now, scenarios)
        self.runs.append(run)
        return run

    def results_json(self, now: float) -> JSON:
        """``RunResults`` of the latest run (all zero before the first)."""
        if not self.runs:
            return {
                "ran_at": "",
                "spec_id": self.spec.id,
                "experiment_id": self.id,
                "seed": self.spec.seed,
                **{"total_scenarios": 0, **dict.fromkeys(_STATUS_COUNTER.values(), 0)},
                "metrics": run_metrics([]),
                "scenarios": [],
                "status": "created",
                "run_id": "",
                "run_number": 0,
            }
        run = self.runs[-1]
        finished = [s.result for s in run.finished(now)]
        return {
            "ran_at": iso(run.started),
            "spec_id": self.spec.id,
            "experiment_id": self.id,
            "seed": run.seed,
            **run.counters(now),
            "metrics": run_metrics(finished),
            "scenarios": finished,
            "status": self.status(now),
            "run_id": run.run_id,
            "run_number": run.number,
        }

    def all_results(self, now: float) -> list[JSON]:
        """Every finished scenario result of every run, oldest first."""
        return [s.result for run in self.runs for s in run.finished(now)]


def experiment_metrics(
    experiment: Experiment, events: Iterable[Mapping[str, Any]], now: float
) -> JSON:
    """``ExperimentMetrics`` (see the module docstring)."""
    results = experiment.all_results(now)
    total_cost = sum(float(r["cost"]["estimated_usd"]) for r in results)
    walls = [float(r["wall_ms"]) for r in results]
    runs = len(experiment.runs)
    tools: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        tool = event.get("tool")
        if isinstance(tool, str) and tool:
            tools.setdefault(tool, []).append(event)
    breakdown = {
        tool: {
            "count": len(found),
            "mean_ms": _round(
                _mean(
                    [
                        float(e["duration_ms"])
                        for e in found
                        if isinstance(e.get("duration_ms"), int)
                    ]
                )
            ),
            "error_rate": _round(sum(1 for e in found if e.get("status") == "error") / len(found)),
        }
        for tool, found in sorted(tools.items())
    }
    cost_trend, pass_trend = [], []
    for run in experiment.runs:
        finished = [s.result for s in run.finished(now)]
        metrics = run_metrics(finished)
        stamp = iso(run.started)
        cost_trend.append(
            {"run_id": run.run_id, "cost_usd": metrics["total_cost_usd"], "ts": stamp}
        )
        pass_trend.append({"run_id": run.run_id, "pass_rate": metrics["pass_rate"], "ts": stamp})
    passed = sum(1 for r in results if r["status"] == "pass")
    errored = sum(1 for r in results if r["status"] == "error")
    return {
        "experiment_id": experiment.id,
        "summary": {
            "total_runs": runs,
            "pass_rate": _round(passed / len(results)) if results else 0.0,
            "total_cost_usd": _round(total_cost),
            "mean_cost_per_run_usd": _round(total_cost / runs) if runs else 0.0,
            "mean_wall_ms": _round(_mean(walls)),
            "p95_wall_ms": _round(_percentile(walls, 0.95)),
            "total_tool_calls": sum(int(r["tool_calls"]) for r in results),
            "tool_success_rate": _round((len(results) - errored) / len(results))
            if results
            else 0.0,
        },
        "tool_breakdown": breakdown,
        "cost_trend": cost_trend,
        "pass_rate_trend": pass_trend,
    }


def compare(baseline: Experiment, candidate: Experiment, now: float, tolerance: float) -> JSON:
    """``Comparison`` of the two experiments' latest runs."""

    def latest(experiment: Experiment) -> JSON:
        if not experiment.runs:
            return run_metrics([])
        return run_metrics([s.result for s in experiment.runs[-1].finished(now)])

    old, new = latest(baseline), latest(candidate)
    metrics, regressions = [], []
    for name, higher_is_better in _COMPARED:
        before, after = float(old[name]), float(new[name])
        delta = _round(after - before)
        direction = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        if higher_is_better:
            regressed = delta < 0
        else:
            regressed = after > before * (1 + tolerance) if before > 0 else after > before
        if regressed:
            regressions.append(name)
        metrics.append(
            {
                "name": name,
                "baseline": before,
                "candidate": after,
                "delta": delta,
                "direction": direction,
                "regressed": regressed,
            }
        )
    return {
        "baseline_id": baseline.id,
        "candidate_id": candidate.id,
        "metrics": metrics,
        "regressed": bool(regressions),
        "regressions": regressions,
    }


# ----------------------------------------------------------------------------- alerts


def parse_condition(condition: str) -> tuple[str, str, float]:
    """(metric, operator, threshold) of an alert condition; 422 when it is not one."""
    match = _CONDITION.fullmatch(condition)
    if match is None:
        raise ApiError(
            422,
            "condition must be '<metric> <op> <number>', e.g. 'pass_rate < 0.8'",
            code="invalid_condition",
        )
    metric = match.group(1)
    if metric not in _RUN_METRICS and metric not in _COUNTERS:
        known = ", ".join((*_RUN_METRICS, *_COUNTERS))
        raise ApiError(
            422, f"condition: the metric must be one of {known}", code="invalid_condition"
        )
    return metric, match.group(2), float(match.group(3))


def parse_window(window: str) -> int:
    """How many completed runs an alert's ``window`` covers (422 when it is not one)."""
    if not window:
        return 1
    match = _WINDOW.fullmatch(window)
    if match is None:
        raise ApiError(422, "window must be last_run or last_<N>_runs", code="invalid_window")
    return int(match.group(1) or 1)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


def _apart(a: float, b: float) -> bool:
    return not _close(a, b)


_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": _close,
    "!=": _apart,
}


@dataclass
class Alert:
    """An alert rule, as stored (``fields`` is the ``AlertRule`` answer)."""

    fields: JSON
    metric: str
    op: str
    threshold: float
    window: int

    def check(self, experiment: Experiment, now: float) -> JSON | None:
        """A firing if the condition holds over the experiment's completed runs, else None."""
        watched = self.fields.get("eval_id") or ""
        if watched and watched != experiment.id:
            return None
        runs = [run for run in experiment.runs if run.done(now)][-self.window :]
        if not runs:
            return None
        value = _round(_mean([run.metric(self.metric, now) for run in runs]))
        if not _OPS[self.op](value, self.threshold):
            return None
        over = "the last run" if len(runs) == 1 else f"the last {len(runs)} runs"
        return {
            "rule_id": self.fields["id"],
            "rule_name": self.fields["name"],
            "reason": f"{self.metric} = {value:g} {self.op} {self.threshold:g} over {over}",
            "experiment_id": experiment.id,
            "run_id": runs[-1].run_id,
            "fired_at": iso(now),
            "notify": self.fields["notify"],
            "webhook_url": self.fields["webhook_url"],
            "slack_channel": self.fields["slack_channel"],
        }


# ----------------------------------------------------------------------------- scores


def evaluate_rule(rule: Mapping[str, Any], result: Mapping[str, Any]) -> tuple[float, str]:
    """A rule's (score, message) for one scenario result (see the module docstring)."""
    kind = str(rule.get("type", ""))
    config = rule.get("config") or {}
    output = str(result.get("agent_output", ""))
    if kind == "contains":
        text = str(config.get("text", config.get("value", "")))
        found = text.lower() in output.lower()
        return (1.0 if found else 0.0), "contains the text" if found else "lacks the text"
    if kind == "regex":
        try:
            found = re.search(str(config.get("pattern", "")), output) is not None
        except re.error:
            return 0.0, "invalid pattern"
        return (1.0 if found else 0.0), "matches" if found else "does not match"
    if kind == "exact_match":
        same = output.strip() == str(config.get("expected", ""))
        return (1.0 if same else 0.0), "matches" if same else "differs"
    if kind == "levenshtein":
        ratio = difflib.SequenceMatcher(None, output, str(config.get("expected", ""))).ratio()
        return _round(ratio), f"similarity {ratio:.2f}"
    if kind == "json_validity":
        try:
            json.loads(output.strip())
        except ValueError:
            return 0.0, "not JSON"
        return 1.0, "valid JSON"
    score = float(result.get("composite_score", 0.0))
    return score, f"{kind or 'rule'}: the fake scores by the scenario's composite score"


@dataclass
class ScoringJob:
    """Scores to compute once the fake's clock reaches ``due``."""

    experiment_id: str
    rules: list[JSON]
    due: float
