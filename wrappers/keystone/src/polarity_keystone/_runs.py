"""What ``experiments.run_and_wait`` does around its requests: checking scorers, and applying
them to a finished run's scenarios.

Each scorer's verdict on each scenario is appended to that scenario's ``invariants`` as an
:class:`~polarity_keystone.types.InvariantResult` (``name``, ``passed``, ``score``,
``message``, the scorer's ``weight`` and ``gate``), marked ``extra["source"] = "client"``; a
scorer that does not apply (returns None) adds nothing, and one that raises adds a failed
result (see :func:`~polarity_keystone._scoring.apply_scorer`). The run's counters, scenario
statuses and composite scores stay what the service computed: client-side scores are extra
evidence, never a second verdict.

Sandbox scorers (:class:`~polarity_keystone.scorers.SandboxScorer`: ``FileExists``,
``CommandExits``, ...) are evaluated in each scenario's sandbox (its ``sandbox_id``) with the
client that ran the experiment: on the calling thread for ``Keystone``, awaited for
``AsyncKeystone``. Judge scorers use their own client.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from polarity_keystone._checks import CHECK

if TYPE_CHECKING:
    from polarity_keystone._scoring import Score, ScorerProtocol
    from polarity_keystone.types import RunResults, ScenarioResult

__all__ = ["AsyncClientScoring", "ClientScoring", "check_scorers"]


def check_scorers(scores: object) -> list[ScorerProtocol]:
    """``scores`` if None or a list of scorers (objects with ``name`` and ``score_result``)."""
    if scores is None:
        return []
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        CHECK.fail(f"scores must be a list of scorers, not a {type(scores).__name__}")
    from polarity_keystone._scoring import ScorerProtocol

    checked: list[ScorerProtocol] = []
    names: set[str] = set()
    for index, scorer in enumerate(scores):
        if not isinstance(scorer, ScorerProtocol):
            hint = " (decorate the function with @Scorer)" if callable(scorer) else ""
            CHECK.fail(
                f"scores[{index}] is a {type(scorer).__name__}, not a scorer with a name and "
                f"score_result(){hint}"
            )
        name = scorer.name
        if not isinstance(name, str) or not name.strip():
            CHECK.fail(f"scores[{index}] has no name")
        if name in names:
            CHECK.fail(f"scores[{index}]: two scorers are named {CHECK.preview(name)}")
        names.add(name)
        checked.append(scorer)
    return checked


def _attach(scenario: ScenarioResult, scorer: ScorerProtocol, score: Score | None) -> None:
    from polarity_keystone.types import InvariantResult

    if score is None:
        return
    weight: Any = getattr(scorer, "weight", 1.0)
    gate: Any = getattr(scorer, "gate", False)
    extra: dict[str, Any] = {"source": "client"}
    if score.metadata:
        extra["metadata"] = dict(score.metadata)
    scenario.invariants.append(
        InvariantResult(
            name=score.name,
            passed=score.passed,
            gate=gate if isinstance(gate, bool) else False,
            weight=float(weight) if isinstance(weight, int | float) else 1.0,
            score=score.score,
            message=score.message,
            extra=extra,
        )
    )


def _in_sandbox(scorers: Sequence[ScorerProtocol], client: object) -> list[bool]:
    """Which scorers are checked in the scenario's sandbox (with ``client``)."""
    # No scorer can be a SandboxScorer unless its module was imported: skip importing it.
    sandbox = sys.modules.get("polarity_keystone.scorers._sandbox")
    if client is None or sandbox is None:
        return [False] * len(scorers)
    return [isinstance(scorer, sandbox.SandboxScorer) for scorer in scorers]


class ClientScoring:
    """Applies scorers on the calling thread (the sync client)."""

    @staticmethod
    def apply(
        results: RunResults, scorers: Sequence[ScorerProtocol], client: Any = None
    ) -> RunResults:
        """Score every scenario of ``results`` with every scorer; returns ``results``.

        ``client`` (with ``sandboxes`` and ``scoring``) checks the sandbox scorers; without
        one they do not apply.
        """
        from polarity_keystone._scoring import apply_scorer

        in_sandbox = _in_sandbox(scorers, client)
        if any(in_sandbox):
            from polarity_keystone.scorers._sandbox import apply_in_sandbox
        for scenario in results.scenarios:
            for scorer, sandboxed in zip(scorers, in_sandbox, strict=True):
                if sandboxed:
                    score = apply_in_sandbox(scorer, client, scenario)  # type: ignore[arg-type]
                else:
                    score = apply_scorer(scorer, scenario)
                _attach(scenario, scorer, score)
        return results


class AsyncClientScoring:
    """Applies scorers from async code, awaiting each one's ``ascore_result`` when it has one."""

    @staticmethod
    async def apply(
        results: RunResults, scorers: Sequence[ScorerProtocol], client: Any = None
    ) -> RunResults:
        """Score every scenario of ``results`` with every scorer; returns ``results``.

        ``client`` (an async one, with ``sandboxes`` and ``scoring``) checks the sandbox
        scorers, awaited; without one they do not apply.
        """
        from polarity_keystone._scoring import aapply_scorer

        in_sandbox = _in_sandbox(scorers, client)
        if any(in_sandbox):
            from polarity_keystone.scorers._sandbox import aapply_in_sandbox
        for scenario in results.scenarios:
            for scorer, sandboxed in zip(scorers, in_sandbox, strict=True):
                if sandboxed:
                    score = await aapply_in_sandbox(scorer, client, scenario)  # type: ignore[arg-type]
                else:
                    score = await aapply_scorer(scorer, scenario)
                _attach(scenario, scorer, score)
        return results
