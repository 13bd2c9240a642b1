"""Ready-made scorer lists: ``Eval(..., scores=presets.chat())``.

::

    from polarity_keystone.scorers import presets

    scores = presets.rag(model="paragon-fast", client=ks)

Each function returns a *new* list of new scorers (so changing one list never changes another)
and takes ``model`` (default ``"paragon-fast"``) and ``client`` (see
:class:`~polarity_keystone.scorers.Judge`: None judges through the environment's Keystone).
"""

from __future__ import annotations

from typing import Any

from polarity_keystone._scoring import Scorer
from polarity_keystone.scorers._judges import (
    DEFAULT_MODEL,
    AnswerRelevancy,
    ContextPrecision,
    ContextRecall,
    Factuality,
    Faithfulness,
    Moderation,
)

__all__ = ["agent_with_tools", "chat", "rag"]


def chat(model: str = DEFAULT_MODEL, *, client: Any = None) -> list[Scorer]:
    """A chat assistant's scorers: Factuality, AnswerRelevancy, Moderation."""
    return [
        Factuality(model=model, client=client),
        AnswerRelevancy(model=model, client=client),
        Moderation(model=model, client=client),
    ]


def rag(model: str = DEFAULT_MODEL, *, client: Any = None) -> list[Scorer]:
    """A retrieval-augmented app's scorers: ContextPrecision, ContextRecall, Faithfulness,
    AnswerRelevancy.
    """
    return [
        ContextPrecision(model=model, client=client),
        ContextRecall(model=model, client=client),
        Faithfulness(model=model, client=client),
        AnswerRelevancy(model=model, client=client),
    ]


def agent_with_tools(model: str = DEFAULT_MODEL, *, client: Any = None) -> list[Scorer]:
    """A tool-using agent's scorers: JSONValidity (of its output), Factuality, AnswerRelevancy."""
    # Imported here: the heuristic scorers are another module, loaded only when asked for.
    from polarity_keystone.scorers._heuristic import JSONValidity

    return [
        JSONValidity(),
        Factuality(model=model, client=client),
        AnswerRelevancy(model=model, client=client),
    ]
