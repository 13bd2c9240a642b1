"""Embedding similarity: :class:`EmbeddingSimilarity` and :func:`openai_embedder`.

::

    from openai import OpenAI
    from polarity_keystone.scorers import EmbeddingSimilarity, openai_embedder

    similar = EmbeddingSimilarity(embedder=openai_embedder(OpenAI()), threshold=0.85)
    Eval("support", data=rows, task=answer, scores=[similar])

An embedder is any callable ``embedder(text) -> list[float]``, or an async one (``async def``,
or one returning an awaitable); :func:`openai_embedder` makes either from an OpenAI client.
``openai`` is imported by nobody here: the client you pass brings it.
"""

from __future__ import annotations

import inspect
import math
import numbers
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar

from polarity_keystone._scoring import Score, _run_blocking
from polarity_keystone.scorers._heuristic import (
    _check_unit,
    _ExpectingScorer,
    _fail,
    _text,
    _Unscorable,
)

__all__ = ["EmbeddingError", "EmbeddingSimilarity", "Embedder", "openai_embedder"]

#: A function from a text to its embedding (or to an awaitable of it).
Embedder = Callable[[str], "Iterable[float] | Awaitable[Iterable[float]]"]


class EmbeddingError(ValueError):
    """No usable embedding: vectors that cannot be compared, or a failed embeddings call.

    Runners record it as a scorer error (``metadata["error"] == "EmbeddingError"``). From
    :func:`openai_embedder` its text names the client's exception type and never holds the
    client's API key.

    Attributes:
        status_code: the HTTP status of a failed embeddings call, when there was one.
        request_id: the provider's request id of a failed call, when there was one.

    """

    def __init__(
        self, message: str, *, status_code: int | None = None, request_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.request_id = request_id


def _vector(which: str, value: object) -> list[float]:
    """``value`` as a list of finite floats, or :class:`EmbeddingError` saying what is wrong."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise EmbeddingError(f"the {which} embedding is a {type(value).__name__}, not numbers")
    vector: list[float] = []
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, numbers.Real):
            raise EmbeddingError(
                f"the {which} embedding holds a {type(item).__name__} at index {index}"
            )
        number = float(item)
        if not math.isfinite(number):
            raise EmbeddingError(f"the {which} embedding holds {number} at index {index}")
        vector.append(number)
    if not vector:
        raise EmbeddingError(f"the {which} embedding is empty")
    return vector


def cosine(a: list[float], b: list[float]) -> float:
    """The cosine similarity of two finite vectors, in [-1, 1].

    Raises:
        EmbeddingError: vectors of different lengths, or a zero vector (no direction).

    """
    if len(a) != len(b):
        raise EmbeddingError(
            f"the embeddings have different dimensions ({len(a)} and {len(b)}): "
            "were they made by the same model?"
        )
    # Scaled to a largest component of 1 first, so squares and products cannot overflow.
    scale_a = max(abs(x) for x in a)
    scale_b = max(abs(x) for x in b)
    if scale_a == 0 or scale_b == 0:
        raise EmbeddingError("an embedding is all zeros, so it has no direction to compare")
    a = [x / scale_a for x in a]
    b = [x / scale_b for x in b]
    dot = math.fsum(x * y for x, y in zip(a, b, strict=True))
    value = dot / (math.hypot(*a) * math.hypot(*b))
    return min(1.0, max(-1.0, value))


class EmbeddingSimilarity(_ExpectingScorer):
    """How close the output's meaning is to the expected text's: embeddings' cosine similarity.

    * Reads: ``agent_output``; the expected text from ``expected=``, else
      ``parameters[expected_key]``, else ``parameters["expected"]`` (as
      :class:`~polarity_keystone.scorers.ExactMatch` does). Both are embedded on each call.
    * Range: the cosine similarity of the two embeddings, clamped to [0, 1]: an opposite
      direction (a negative cosine) scores 0. ``metadata``: ``cosine`` (the raw value, which
      can be negative), ``dimensions``, ``model``.
    * Passes: at ``threshold`` (default 0.85) or above.
    * ``rule_type``: ``embedding_similarity``; config ``{expected | expected_key, threshold,
      model}`` (``model`` only labels the embedder there; the embedder itself stays local).

    An empty output or expected text gives a failed score without calling the embedder. An
    embedder that raises, or returns vectors that cannot be compared (different dimensions,
    all zeros, NaN, not numbers: :class:`EmbeddingError`), raises from ``score_result``, so a
    runner records a scorer error for that scenario, never a silent 0. ``score_result`` runs
    an async embedder to completion; ``ascore_result`` awaits it (and runs a sync one on a
    worker thread, so the event loop is not blocked).

    Raises:
        KeystoneInvalidArgumentError: no embedder (a missing embedder is a configuration
            error), one that is not callable, both ``expected`` and ``expected_key``, a
            threshold outside [0, 1], or an empty ``model``.

    """

    rule_type: ClassVar[str] = "embedding_similarity"

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        expected: str | None = None,
        expected_key: str | None = None,
        threshold: float = 0.85,
        model: str = "custom",
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        if embedder is None:
            _fail(
                "EmbeddingSimilarity needs embedder=: a function from a text to its embedding, "
                "e.g. openai_embedder(OpenAI())"
            )
        if not callable(embedder):
            _fail(f"EmbeddingSimilarity embedder must be callable, not {type(embedder).__name__}")
        if not isinstance(model, str) or not model.strip():
            _fail("EmbeddingSimilarity model must be a non-empty str")
        self.embedder = embedder
        self.threshold = _check_unit("threshold", threshold)
        self.model = model
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        return _text(expected)

    def _config(self) -> dict[str, Any]:
        return {**self._expectation_config(), "threshold": self.threshold, "model": self.model}

    def _texts(self, output: str, scenario: Any) -> tuple[str, str] | Score:
        expected = _text(self._expected_for(scenario))
        if not output.strip():
            return self._result(0.0, False, "output is empty: nothing to embed")
        if not expected.strip():
            return self._result(0.0, False, "the expected text is empty: nothing to embed")
        return output, expected

    def _verdict(self, output_vector: object, expected_vector: object) -> Score:
        got = _vector("output", output_vector)
        want = _vector("expected", expected_vector)
        value = cosine(got, want)
        score = max(0.0, value)
        return self._result(
            score,
            score >= self.threshold,
            f"cosine similarity {value:.3f}",
            cosine=value,
            dimensions=len(got),
            model=self.model,
        )

    def _score(self, output: str, scenario: Any) -> Score | None:
        texts = self._texts(output, scenario)
        if isinstance(texts, Score):
            return texts
        vectors = []
        for text in texts:
            vector = self.embedder(text)
            if inspect.isawaitable(vector):
                vector = _run_blocking(vector)
            vectors.append(vector)
        return self._verdict(*vectors)

    async def ascore_result(self, scenario: Any) -> Score | None:
        """Score one scenario from async code, awaiting an async embedder."""
        try:
            texts = self._texts(_text(getattr(scenario, "agent_output", None)), scenario)
        except _Unscorable as missing:
            return self._missing(missing)
        if isinstance(texts, Score):
            return texts
        vectors = []
        for text in texts:
            if _is_async(self.embedder):
                vector = self.embedder(text)
            else:
                import anyio.to_thread  # httpx's dependency: always there with the SDK

                vector = await anyio.to_thread.run_sync(self.embedder, text)
            if inspect.isawaitable(vector):
                vector = await vector
            vectors.append(vector)
        return self._verdict(*vectors)


def _is_async(fn: object) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - an instance's async __call__
    )


def _embedding_of(response: Any) -> Any:
    """``response.data[0].embedding``, or :class:`EmbeddingError` if the reply has none."""
    data = getattr(response, "data", None)
    if not data:
        raise EmbeddingError(f"the embeddings response has no data ({type(response).__name__})")
    embedding = getattr(data[0], "embedding", None)
    if embedding is None:
        raise EmbeddingError("the embeddings response's first item has no embedding")
    return embedding


# Key shapes scrubbed from an error's text (a provider may echo the request's key).
_SECRETS = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}|(?i:bearer)\s+\S+")
_MAX_DETAIL = 200


def _call_failed(exc: Exception, client: Any) -> EmbeddingError:
    detail = str(getattr(exc, "message", None) or exc).strip()
    key = getattr(client, "api_key", None)
    if isinstance(key, str) and key:
        detail = detail.replace(key, "***")
    detail = _SECRETS.sub("***", detail)[:_MAX_DETAIL]
    status = getattr(exc, "status_code", None)
    request_id = getattr(exc, "request_id", None)
    return EmbeddingError(
        f"embeddings call failed: {type(exc).__name__}" + (f": {detail}" if detail else ""),
        status_code=status if isinstance(status, int) else None,
        request_id=request_id if isinstance(request_id, str) else None,
    )


class _OpenAIEmbedder:
    """``client.embeddings.create(model=..., input=text).data[0].embedding``, synchronously."""

    __slots__ = ("_client", "_create", "_model")

    def __init__(self, client: Any, create: Callable[..., Any], model: str) -> None:
        self._client = client
        self._create = create
        self._model = model

    @property
    def model(self) -> str:
        """The embedding model asked for."""
        return self._model

    def __call__(self, text: str) -> list[float]:
        """The embedding of ``text``."""
        try:
            response = self._create(model=self._model, input=text)
        except Exception as exc:
            raise _call_failed(exc, self._client) from None  # the cause's text may hold the key
        return _vector("returned", _embedding_of(response))

    def __repr__(self) -> str:
        return f"openai_embedder(model={self.model!r})"


class _AsyncOpenAIEmbedder(_OpenAIEmbedder):
    """The same with an ``AsyncOpenAI`` client: calling it gives a coroutine."""

    __slots__ = ()

    async def __call__(self, text: str) -> list[float]:  # type: ignore[override]
        """The embedding of ``text``."""
        try:
            response = await self._create(model=self._model, input=text)
        except Exception as exc:
            raise _call_failed(exc, self._client) from None  # the cause's text may hold the key
        return _vector("returned", _embedding_of(response))


def openai_embedder(client: Any, model: str = "text-embedding-3-small") -> Embedder:
    """An embedder for :class:`EmbeddingSimilarity` from an OpenAI client.

    ``openai_embedder(OpenAI())`` embeds synchronously; ``openai_embedder(AsyncOpenAI())``
    returns an async embedder (``await embedder(text)``), which
    ``EmbeddingSimilarity.ascore_result`` awaits. Any client with the same
    ``embeddings.create(model=, input=)`` (Azure OpenAI, OpenAI-compatible servers) works.
    A failed call (the client's own retries spent) raises :class:`EmbeddingError` naming
    the client's exception, its status and request id kept, the API key scrubbed: a scorer
    error for that scenario.

    Raises:
        KeystoneInvalidArgumentError: a client without ``embeddings.create``, or an empty
            ``model``.

    """
    create = getattr(getattr(client, "embeddings", None), "create", None)
    if not callable(create):
        _fail(
            "openai_embedder needs an OpenAI client (with embeddings.create), "
            f"not a {type(client).__name__}"
        )
    if not isinstance(model, str) or not model.strip():
        _fail("openai_embedder model must be a non-empty str")
    if inspect.iscoroutinefunction(create):
        return _AsyncOpenAIEmbedder(client, create, model)
    return _OpenAIEmbedder(client, create, model)
