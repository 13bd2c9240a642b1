"""The Polarity Keystone Python SDK (``pip install polarity-keystone``).

::

    from polarity_keystone import KeystoneError, Score, Scorer
    from polarity_keystone.types import RunResults

    @Scorer
    def short_answer(scenario) -> Score:
        words = len(scenario.agent_output.split())
        return Score(name="short_answer", score=1.0 if words < 100 else 0.0, passed=words < 100)

Modules:

* :mod:`polarity_keystone.types`: every response shape as a dataclass with ``from_dict`` /
  ``to_dict`` (lenient, forward compatible, typed errors on malformed bodies);
* here: the exception tree (:class:`KeystoneError` and its subclasses), and the scoring
  protocol (:class:`Score`, :class:`Scorer`, :class:`ScorerProtocol`, :class:`ScenarioLike`).

Names load on first use, so ``import polarity_keystone`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

from polarity_keystone._version import __version__

if TYPE_CHECKING:
    from sdk_core import RetryPolicy, instrument_http

    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._eval import Eval, EvalResult, EvalRow, EvalSummary
    from polarity_keystone._exceptions import (
        KeystoneAuthError,
        KeystoneConflictError,
        KeystoneConnectionError,
        KeystoneError,
        KeystoneInvalidArgumentError,
        KeystoneMalformedResponseError,
        KeystoneNotFoundError,
        KeystonePermissionError,
        KeystoneRateLimitError,
        KeystoneServerError,
        KeystoneTimeoutError,
        KeystoneValidationError,
        KeystoneWaitTimeoutError,
    )
    from polarity_keystone._instrument import auto_instrument
    from polarity_keystone._pricing import estimate_cost, pricing_table
    from polarity_keystone._scoring import ScenarioLike, Score, Scorer, ScorerProtocol
    from polarity_keystone._spec_secrets import (
        collect_declared_secrets,
        collect_declared_secrets_from_file,
    )
    from polarity_keystone._sync.client import Keystone
    from polarity_keystone._tracing import (
        Span,
        current_span,
        flush,
        flush_otel,
        init_tracing,
        register_otel_flush,
        traced,
    )
    from polarity_keystone.scorers import (
        AnswerCorrectness,
        AnswerRelevancy,
        AnswerSimilarity,
        Battle,
        ClosedQA,
        CommandExits,
        Contains,
        ContextEntityRecall,
        ContextPrecision,
        ContextRecall,
        ContextRelevancy,
        EmbeddingSimilarity,
        ExactMatch,
        Factuality,
        Faithfulness,
        FileContains,
        FileExists,
        Humor,
        JSONDiff,
        JSONValidity,
        Levenshtein,
        LLMJudge,
        Moderation,
        NumericDiff,
        Security,
        SemanticListContains,
        SQLEquals,
        SQLJudge,
        Summarization,
        Translation,
        openai_embedder,
    )

# The page exports every built-in scorer from the package root too.
_SCORERS = (
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
    "LLMJudge",
    "Levenshtein",
    "Moderation",
    "NumericDiff",
    "SQLEquals",
    "SQLJudge",
    "Security",
    "SemanticListContains",
    "Summarization",
    "Translation",
    "openai_embedder",
)

_SOURCES = {
    "KeystoneAuthError": "polarity_keystone._exceptions",
    "KeystoneConflictError": "polarity_keystone._exceptions",
    "KeystoneConnectionError": "polarity_keystone._exceptions",
    "KeystoneError": "polarity_keystone._exceptions",
    "KeystoneInvalidArgumentError": "polarity_keystone._exceptions",
    "KeystoneMalformedResponseError": "polarity_keystone._exceptions",
    "KeystoneNotFoundError": "polarity_keystone._exceptions",
    "KeystonePermissionError": "polarity_keystone._exceptions",
    "KeystoneRateLimitError": "polarity_keystone._exceptions",
    "KeystoneServerError": "polarity_keystone._exceptions",
    "KeystoneTimeoutError": "polarity_keystone._exceptions",
    "KeystoneValidationError": "polarity_keystone._exceptions",
    "KeystoneWaitTimeoutError": "polarity_keystone._exceptions",
    "ScenarioLike": "polarity_keystone._scoring",
    "Score": "polarity_keystone._scoring",
    "Scorer": "polarity_keystone._scoring",
    "ScorerProtocol": "polarity_keystone._scoring",
    # The HTTP clients and what their calls need.
    "AsyncKeystone": "polarity_keystone._async.client",
    "Keystone": "polarity_keystone._sync.client",
    "RetryPolicy": "sdk_core",
    # Opt-in OpenTelemetry spans for this client's HTTP calls.
    "instrument_http": "sdk_core",
    "collect_declared_secrets": "polarity_keystone._spec_secrets",
    "collect_declared_secrets_from_file": "polarity_keystone._spec_secrets",
    # Tracing (client side): spans, the exporter and the OpenTelemetry bridge.
    "Span": "polarity_keystone._tracing",
    "current_span": "polarity_keystone._tracing",
    "flush": "polarity_keystone._tracing",
    "flush_otel": "polarity_keystone._tracing",
    "init_tracing": "polarity_keystone._tracing",
    "register_otel_flush": "polarity_keystone._tracing",
    "traced": "polarity_keystone._tracing",
    # LLM-client instrumentation.
    "auto_instrument": "polarity_keystone._instrument",
    # Evaluation and pricing.
    "Eval": "polarity_keystone._eval",
    "EvalResult": "polarity_keystone._eval",
    "EvalRow": "polarity_keystone._eval",
    "EvalSummary": "polarity_keystone._eval",
    "estimate_cost": "polarity_keystone._pricing",
    "pricing_table": "polarity_keystone._pricing",
    **{name: "polarity_keystone.scorers" for name in _SCORERS},
}

__all__ = [
    "AnswerCorrectness",
    "AnswerRelevancy",
    "AnswerSimilarity",
    "AsyncKeystone",
    "Battle",
    "ClosedQA",
    "CommandExits",
    "Contains",
    "ContextEntityRecall",
    "ContextPrecision",
    "ContextRecall",
    "ContextRelevancy",
    "EmbeddingSimilarity",
    "Eval",
    "EvalResult",
    "EvalRow",
    "EvalSummary",
    "ExactMatch",
    "Factuality",
    "Faithfulness",
    "FileContains",
    "FileExists",
    "Humor",
    "JSONDiff",
    "JSONValidity",
    "Keystone",
    "KeystoneAuthError",
    "KeystoneConflictError",
    "KeystoneConnectionError",
    "KeystoneError",
    "KeystoneInvalidArgumentError",
    "KeystoneMalformedResponseError",
    "KeystoneNotFoundError",
    "KeystonePermissionError",
    "KeystoneRateLimitError",
    "KeystoneServerError",
    "KeystoneTimeoutError",
    "KeystoneValidationError",
    "KeystoneWaitTimeoutError",
    "LLMJudge",
    "Levenshtein",
    "Moderation",
    "NumericDiff",
    "RetryPolicy",
    "SQLEquals",
    "SQLJudge",
    "ScenarioLike",
    "Score",
    "Scorer",
    "ScorerProtocol",
    "Security",
    "SemanticListContains",
    "Span",
    "Summarization",
    "Translation",
    "__version__",
    "auto_instrument",
    "collect_declared_secrets",
    "collect_declared_secrets_from_file",
    "current_span",
    "estimate_cost",
    "flush",
    "flush_otel",
    "init_tracing",
    "instrument_http",
    "openai_embedder",
    "pricing_table",
    "register_otel_flush",
    "traced",
]

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
