"""Generated from polarity_keystone/_async/resources/scoring.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK, any_text
from polarity_keystone._parse import json_object, list_of, one

if TYPE_CHECKING:
    from polarity_keystone.types import ScoreRecord, ScoreRule

__all__ = ["Scoring", "judge_body", "judge_reply", "rule_ids_body"]

# What an LLM judge may be asked for: the spec's bounds (its request schema says the same).
_MAX_TEMPERATURE = 2.0
_MAX_JUDGE_TOKENS = 32768


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


def judge_body(
    messages: object, *, model: object, temperature: object, max_tokens: object
) -> dict[str, Any]:
    """The ``POST /v1/judge/completions`` body, every argument checked.

    ``messages`` is a list of ``{"role", "content"}`` mappings, or a str (one user message).
    """
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    if isinstance(messages, bytes | Mapping) or not isinstance(messages, Sequence):
        CHECK.fail(
            "messages must be a list of {'role', 'content'} dicts (or a str), "
            f"not a {type(messages).__name__}"
        )
    if not messages:
        CHECK.fail("messages must hold at least one message")
    checked = []
    for index, message in enumerate(messages):
        if not isinstance(message, Mapping):
            CHECK.fail(f"messages[{index}] must be a dict, not a {type(message).__name__}")
        role = CHECK.text(f"messages[{index}].role", message.get("role"))
        content = any_text(f"messages[{index}].content", message.get("content"))
        checked.append({"role": role, "content": content})
    if isinstance(temperature, bool) or not isinstance(temperature, int | float):
        CHECK.fail(f"temperature must be a number from 0 to 2, not a {type(temperature).__name__}")
    if not 0.0 <= temperature <= _MAX_TEMPERATURE:  # also refuses NaN
        CHECK.fail(f"temperature must be a number from 0 to 2, got {temperature!r}")
    return {
        "model": CHECK.text("model", model),
        "messages": checked,
        "temperature": float(temperature),
        "max_tokens": CHECK.int_between("max_tokens", max_tokens, 1, _MAX_JUDGE_TOKENS),
    }


def judge_reply(body: bytes) -> str:
    """The first choice's ``message.content`` of a judge completion (ValueError otherwise)."""
    choices = json_object(body).get("choices")
    if not isinstance(choices, list) or not choices:
        raise ValueError("choices: expected a non-empty JSON array")
    first = choices[0]
    message = first.get("message") if isinstance(first, dict) else None
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str):
        raise ValueError("choices[0].message.content: expected a string")
    return content


class Scoring:
    """Score rules (LLM judges, regexes, ...) the service runs over an experiment's traces.

    :meth:`judge` asks the service's LLM judge directly (what the judge scorers call).
    """

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create_rule(self, name: str, kind: str, config: Mapping[str, Any]) -> ScoreRule:
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
        return self._http.call(plan, one(ScoreRule))

    def list_rules(self) -> builtins.list[ScoreRule]:
        """Every score rule of the workspace."""
        from _keystone_openapi.api.scoring import list_score_rules

        from polarity_keystone.types import ScoreRule

        return self._http.call(self._http.plan(list_score_rules), list_of(ScoreRule))

    def delete_rule(self, rule_id: str) -> None:
        """Delete the score rule ``rule_id``.

        Raises:
            KeystoneNotFoundError: no such rule.

        """
        from _keystone_openapi.api.scoring import delete_score_rule

        self._http.call_none(self._http.plan(delete_score_rule, rule_id))

    def score_experiment(
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
        return self._http.call(plan, json_object)

    def get_scores(self, experiment_id: str) -> builtins.list[ScoreRecord]:
        """Every score the rules gave the experiment's traces (:class:`ScoreRecord`).

        Raises:
            KeystoneNotFoundError: no such experiment.

        """
        from _keystone_openapi.api.scoring import list_experiment_scores

        from polarity_keystone.types import ScoreRecord

        plan = self._http.plan(list_experiment_scores, experiment_id)
        return self._http.call(plan, list_of(ScoreRecord))

    def judge(
        self,
        messages: Sequence[Mapping[str, str]] | str,
        *,
        model: str = "paragon-fast",
        temperature: float = 0.0,
        max_tokens: int = 512,
    ) -> str:
        """Ask the service's LLM judge; returns the reply text (the first choice's content).

        What the judge scorers (:class:`~polarity_keystone.scorers.Factuality` ...) call: the
        prompt goes to this client's ``base_url`` with its key, nowhere else. Retried and
        made idempotent like every POST.

        Args:
            messages: ``[{"role": "system" | "user" | "assistant", "content": "..."}]``, or a
                str (one user message).
            model: the judge model.
            temperature: from 0 to 2.
            max_tokens: the longest reply, from 1 to 32768 tokens.

        Raises:
            KeystoneInvalidArgumentError: an argument outside the above, before any request.
            KeystoneMalformedResponseError: an answer without ``choices[0].message.content``.

        """
        from _keystone_openapi.api.scoring import create_judge_completion

        body = judge_body(messages, model=model, temperature=temperature, max_tokens=max_tokens)
        plan = self._http.plan(create_judge_completion, body=body)
        return self._http.call(plan, judge_reply)
