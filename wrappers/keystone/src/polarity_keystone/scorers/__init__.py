"""The built-in scorers: 30 in five families, plus :mod:`~polarity_keystone.scorers.presets`.

::

    from polarity_keystone.scorers import ExactMatch, Factuality, presets

* heuristic (7, exact and deterministic): :class:`Contains`, :class:`ExactMatch`,
  :class:`Levenshtein`, :class:`NumericDiff`, :class:`JSONDiff`, :class:`JSONValidity`,
  :class:`SemanticListContains`;
* LLM judge (9): :class:`Factuality`, :class:`Battle`, :class:`ClosedQA`, :class:`Humor`,
  :class:`Moderation`, :class:`Summarization`, :class:`SQLJudge`, :class:`Translation`,
  :class:`Security`;
* RAG (8): :class:`ContextPrecision`, :class:`ContextRecall`, :class:`ContextRelevancy`,
  :class:`ContextEntityRecall`, :class:`Faithfulness`, :class:`AnswerRelevancy`,
  :class:`AnswerSimilarity`, :class:`AnswerCorrectness`;
* embedding (1): :class:`EmbeddingSimilarity`, with :func:`openai_embedder`;
* sandbox invariants (5): :class:`FileExists`, :class:`FileContains`, :class:`CommandExits`,
  :class:`SQLEquals`, :class:`LLMJudge`.

Every scorer is immutable: one instance can score from many threads and tasks at once.
Names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

if TYPE_CHECKING:
    from polarity_keystone._scoring import Score, Scorer
    from polarity_keystone.scorers import presets
    from polarity_keystone.scorers._embedding import EmbeddingSimilarity, openai_embedder
    from polarity_keystone.scorers._heuristic import (
        Contains,
        ExactMatch,
        JSONDiff,
        JSONValidity,
        Levenshtein,
        NumericDiff,
        SemanticListContains,
    )
    from polarity_keystone.scorers._judges import (
        AnswerCorrectness,
        AnswerRelevancy,
        AnswerSimilarity,
        Battle,
        ClosedQA,
        ContextEntityRecall,
        ContextPrecision,
        ContextRecall,
        ContextRelevancy,
        Factuality,
        Faithfulness,
        Humor,
        Judge,
        JudgeClient,
        JudgeError,
        KeystoneJudge,
        Moderation,
        OpenAIJudge,
        Security,
        SQLJudge,
        Summarization,
        Translation,
    )
    from polarity_keystone.scorers._sandbox import (
        CommandExits,
        FileContains,
        FileExists,
        LLMJudge,
        SandboxScorer,
        SQLEquals,
    )

_HEURISTIC = "polarity_keystone.scorers._heuristic"
_EMBEDDING = "polarity_keystone.scorers._embedding"
_JUDGES = "polarity_keystone.scorers._judges"
_SANDBOX = "polarity_keystone.scorers._sandbox"

_SOURCES = {
    "Score": "polarity_keystone._scoring",
    "Scorer": "polarity_keystone._scoring",
    **dict.fromkeys(
        [
            "Contains",
            "ExactMatch",
            "Levenshtein",
            "NumericDiff",
            "JSONDiff",
            "JSONValidity",
            "SemanticListContains",
        ],
        _HEURISTIC,
    ),
    **dict.fromkeys(["EmbeddingSimilarity", "openai_embedder"], _EMBEDDING),
    **dict.fromkeys(
        [
            "Factuality",
            "Battle",
            "ClosedQA",
            "Humor",
            "Moderation",
            "Summarization",
            "SQLJudge",
            "Translation",
            "Security",
            "ContextPrecision",
            "ContextRecall",
            "ContextRelevancy",
            "ContextEntityRecall",
            "Faithfulness",
            "AnswerRelevancy",
            "AnswerSimilarity",
            "AnswerCorrectness",
            "Judge",
            "JudgeClient",
            "JudgeError",
            "KeystoneJudge",
            "OpenAIJudge",
        ],
        _JUDGES,
    ),
    **dict.fromkeys(
        ["FileExists", "FileContains", "CommandExits", "SQLEquals", "LLMJudge", "SandboxScorer"],
        _SANDBOX,
    ),
}

# ``presets`` is a submodule: ``from polarity_keystone.scorers import presets`` imports it.
__all__ = [
    "AnswerCorrectness",
    "AnswerRelevancy",
    "AnswerSimilarity",
    "Battle",
    "ClosedQA",
    "CommandExits",
    "Contains",
    "ContextEntityRecall",
    "ContextPrecision",
    "ContextRecall",
    "ContextRelevancy",
    "EmbeddingSimilarity",
    "ExactMatch",
    "Factuality",
    "Faithfulness",
    "FileContains",
    "FileExists",
    "Humor",
    "JSONDiff",
    "JSONValidity",
    "Judge",
    "JudgeClient",
    "JudgeError",
    "KeystoneJudge",
    "LLMJudge",
    "Levenshtein",
    "Moderation",
    "NumericDiff",
    "OpenAIJudge",
    "SQLEquals",
    "SQLJudge",
    "SandboxScorer",
    "Score",
    "Scorer",
    "Security",
    "SemanticListContains",
    "Summarization",
    "Translation",
    "openai_embedder",
    "presets",
]

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
