"""``ks.scoring``: server-side score rules, and scoring an experiment's traces with them."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import AsyncHttpCore

from polarity_keystone._checks import CHECK
from polarity_keystone._parse import json_object, list_of, one

if TYPE_CHECKING:
    from polarity_keystone.types import ScoreRecord, ScoreRule

__all__ = ["AsyncScoring", "rule_ids_body"]


def rule_ids_body(rule_ids: object) -> dict[str, Any]:
    """``{"rule_ids": [...]}`` from rule ids or :class:`ScoreRule` objects."""
    from polarity_keystone.types import ScoreRule

    if isinstance(rule_ids, str | bytes | Mapping) or not isinstance(rule_ids, Sequence):
        CHECK.fail(f"rule_ids must be a list of rule ids, not a {type(rule_ids).__name__}")
    if not rule_ids:
        CHECK.fail("rule_ids must name at least one rule")
    ids = [
        CHECK.text(f"rule_ids[{index}]", rule.id if isinstance(rule, ScoreRule) else rule)
        for index, rule in enumerate(rule_ids)
    ]
    return {"rule_ids": ids}


class AsyncScoring:
    """Score rules (LLM judges, regexes, ...) the service runs over an experiment's traces."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def create_rule(self, name: str, kind: str, config: Mapping[str, Any]) -> ScoreRule:
        """Create a score rule; returns the :class:`ScoreRule` (so ``rule.id`` works).

        ``kind`` is its type (``"llm_as_judge"``, ``"regex"``, ``"contains"``, ``"custom"``,
        or a scorer's ``rule_type``), sent as the wire's ``type``; ``config`` its settings
        (``{"model": "paragon-fast", "rubric": {...}}``).
        """
        from _keystone_openapi.api.scoring import create_score_rule

        from polarity_keystone.types import ScoreRule

        body = {
            "name": CHECK.text("name", name),
            "type": CHECK.text("kind", kind),
            "config": CHECK.mapping("config", config),
        }
        plan = self._http.plan(create_score_rule, body=body)
        return await self._http.call(plan, one(ScoreRule))

    async def list_rules(self) -> builtins.list[ScoreRule]:
        """Every score rule of the workspace."""
        from _keystone_openapi.api.scoring import list_score_rules

        from polarity_keystone.types import ScoreRule

        return await self._http.call(self._http.plan(list_score_rules), list_of(ScoreRule))

    async def delete_rule(self, rule_id: str) -> None:
        """Delete the score rule ``rule_id``.

        Raises:
            KeystoneNotFoundError: no such rule.

        """
        from _keystone_openapi.api.scoring import delete_score_rule

        await self._http.call_none(self._http.plan(delete_score_rule, rule_id))

    async def score_experiment(
        self, experiment_id: str, rule_ids: Sequence[str | ScoreRule]
    ) -> dict[str, Any]:
        """Ask the service to score the experiment's traces with ``rule_ids`` (ids or rules).

        Scoring runs server-side; returns the service's acknowledgement as a dict. Read the
        scores with :meth:`get_scores` once done.

        Raises:
            KeystoneNotFoundError: no such experiment or rule.

        """
        from _keystone_openapi.api.scoring import score_experiment

        plan = self._http.plan(score_experiment, experiment_id, body=rule_ids_body(rule_ids))
        return await self._http.call(plan, json_object)

    async def get_scores(self, experiment_id: str) -> builtins.list[ScoreRecord]:
        """Every score the rules gave the experiment's traces (:class:`ScoreRecord`).

        Raises:
            KeystoneNotFoundError: no such experiment.

        """
        from _keystone_openapi.api.scoring import list_experiment_scores

        from polarity_keystone.types import ScoreRecord

        plan = self._http.plan(list_experiment_scores, experiment_id)
        return await self._http.call(plan, list_of(ScoreRecord))
