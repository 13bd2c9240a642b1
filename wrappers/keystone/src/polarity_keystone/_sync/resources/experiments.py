"""Generated from polarity_keystone/_async/resources/experiments.py
by tools.unasync; do not edit.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK
from polarity_keystone._parse import list_of, one
from polarity_keystone._runs import ClientScoring, check_scorers
from polarity_keystone._spec_secrets import merged_secrets

if TYPE_CHECKING:
    from sdk_core import Done, Pending

    from polarity_keystone._scoring import ScorerProtocol
    from polarity_keystone.types import Comparison, Experiment, ExperimentMetrics, RunResults

__all__ = ["Experiments"]


def _wait_timeout(experiment_id: str, timeout: float | None) -> Any:
    from polarity_keystone._exceptions import KeystoneWaitTimeoutError

    def build(last: RunResults | None, waited: float, cause: BaseException | None) -> Exception:
        if last is None:
            seen = "could not be read"
        else:
            done = last.passed + last.failed + last.flaky + last.errors
            seen = f"had {done} of {last.total_scenarios} scenarios finished"
        budget = "no timeout" if timeout is None else f"timeout={timeout:g} s"
        why = f" (last error: {cause})" if cause is not None else ""
        return KeystoneWaitTimeoutError(
            f"experiment {experiment_id} {seen} after {waited:.1f} s ({budget}); the run may "
            f"still finish server-side{why}",
            last_result=last,
            request_id=getattr(cause, "request_id", None),
        )

    return build


class _RunClient:
    """What sandbox scorers reach the service through: this client's sandboxes and judge.

    Built on the experiments' own HTTP core, so the checks use the same key, origin,
    workspace and retries as the run.
    """

    def __init__(self, http: HttpCore) -> None:
        from polarity_keystone._sync.resources.sandboxes import Sandboxes
        from polarity_keystone._sync.resources.scoring import Scoring

        self.sandboxes = Sandboxes(http)
        self.scoring = Scoring(http)


class Experiments:
    """Experiments: runs of a spec's scenarios, their results, metrics and comparisons."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create(
        self,
        name: str,
        spec_id: str,
        *,
        secrets: Mapping[str, str] | None = None,
        spec_path: str | os.PathLike[str] | None = None,
    ) -> Experiment:
        """Create experiment ``name`` over spec ``spec_id``; returns the :class:`Experiment`.

        Secrets are forwarded as for ``sandboxes.create``: those the spec file at
        ``spec_path`` declares, read from the environment, then ``secrets`` over them. Values
        are masked in every error. Nothing runs until :meth:`run`.

        Raises:
            KeystoneInvalidArgumentError: a bad argument, or an unreadable spec file.
            KeystoneNotFoundError: no such spec.

        """
        from _keystone_openapi.api.experiments import create_experiment

        from polarity_keystone.types import Experiment

        body: dict[str, Any] = {
            "name": CHECK.text("name", name),
            "spec_id": CHECK.text("spec_id", spec_id),
        }
        forwarded = merged_secrets(secrets, spec_path)
        if forwarded:
            body["secrets"] = forwarded
        plan = self._http.plan(create_experiment, body=body, secrets=tuple(forwarded.values()))
        return self._http.call(plan, one(Experiment))

    def run(self, experiment_id: str) -> None:
        """Start a run of the experiment; returns at once (see :meth:`run_and_wait`).

        Raises:
            KeystoneNotFoundError: no such experiment.

        """
        from _keystone_openapi.api.experiments import run_experiment

        self._http.call_none(self._http.plan(run_experiment, experiment_id))

    def run_and_wait(
        self,
        experiment_id: str,
        poll_interval: float = 1.0,
        timeout: float | None = 600,
        scores: Sequence[ScorerProtocol] | None = None,
    ) -> RunResults:
        """Start a run, wait for every scenario to finish, and return the :class:`RunResults`.

        The results are read every ``poll_interval`` seconds (with a little jitter); the run
        is finished when ``total_scenarios > 0`` and passed + failed + flaky + errors reach it
        (the service's results carry no status). ``scores`` are client-side scorers
        (``@Scorer`` functions, built-ins): each scores every scenario, and its verdict is
        appended to ``scenario.invariants`` (the run's counters stay the service's). Sandbox
        scorers (``FileExists``, ``CommandExits``, ...) check each scenario's sandbox with
        this client; judge scorers use their own client.

        Raises:
            KeystoneWaitTimeoutError: not finished within ``timeout`` seconds (also the builtin
                ``TimeoutError``; ``last_result`` holds the partial results). ``timeout=None``
                waits without limit.
            KeystoneNotFoundError: no such experiment.

        """
        from sdk_core import Done, Pending

        CHECK.path_id("experiment_id", experiment_id)
        interval = CHECK.positive_number("poll_interval", poll_interval)
        budget = CHECK.seconds("timeout", timeout, zero_ok=True, none_ok=True)
        scorers = check_scorers(scores)
        self.run(experiment_id)

        def check(deadline: float | None) -> Done[RunResults] | Pending[RunResults]:
            results = self._results(experiment_id, deadline)
            return Done(results) if results.is_complete else Pending(results)

        results = self._http.poll(
            check,
            timeout=budget,
            interval=interval,
            on_timeout=_wait_timeout(experiment_id, budget),
        )
        client = _RunClient(self._http) if scorers else None
        return ClientScoring.apply(results, scorers, client)

    def get(self, experiment_id: str) -> RunResults:
        """The experiment's current :class:`RunResults` (partial while a run is going).

        Raises:
            KeystoneNotFoundError: no such experiment.

        """
        return self._results(experiment_id, None)

    def _results(self, experiment_id: str, deadline: float | None) -> RunResults:
        from _keystone_openapi.api.experiments import get_experiment

        from polarity_keystone.types import RunResults

        plan = self._http.plan(get_experiment, experiment_id, deadline=deadline)
        return self._http.call(plan, one(RunResults))

    def list(self) -> builtins.list[Experiment]:
        """Every experiment of the workspace."""
        from _keystone_openapi.api.experiments import list_experiments

        from polarity_keystone.types import Experiment

        return self._http.call(self._http.plan(list_experiments), list_of(Experiment))

    def compare(self, baseline_id: str, candidate_id: str) -> Comparison:
        """Compare experiment ``candidate_id`` with ``baseline_id``: a :class:`Comparison`.

        Raises:
            KeystoneNotFoundError: either experiment does not exist.

        """
        from _keystone_openapi.api.experiments import compare_experiments

        from polarity_keystone.types import Comparison

        body = {
            "baseline_id": CHECK.text("baseline_id", baseline_id),
            "candidate_id": CHECK.text("candidate_id", candidate_id),
        }
        plan = self._http.plan(compare_experiments, body=body)
        return self._http.call(plan, one(Comparison))

    def metrics(self, experiment_id: str) -> ExperimentMetrics:
        """The experiment's :class:`ExperimentMetrics` (summary, per-tool, trends).

        Raises:
            KeystoneNotFoundError: no such experiment.

        """
        from _keystone_openapi.api.experiments import get_experiment_metrics

        from polarity_keystone.types import ExperimentMetrics

        plan = self._http.plan(get_experiment_metrics, experiment_id)
        return self._http.call(plan, one(ExperimentMetrics))
