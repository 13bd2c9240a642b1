"""EmbeddingSimilarity and openai_embedder: cosine scores clamped to [0, 1], vectors that cannot
be compared raise (a scorer error, never a silent 0 or NaN), async embedders, and the real
openai package (sync and async) against a mocked embeddings endpoint.

openai sends through httpx2, which respx does not patch, so the endpoint is an httpx2
MockTransport answering from a queue (as in test_judges.py)."""

from __future__ import annotations

import array
import base64
import json
import math
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest
from polarity_keystone import KeystoneInvalidArgumentError, Score
from polarity_keystone._scoring import aapply_scorer, apply_scorer
from polarity_keystone.scorers import EmbeddingSimilarity, openai_embedder
from polarity_keystone.scorers._embedding import EmbeddingError, cosine
from polarity_keystone.types import ScenarioResult

SRC = Path(__file__).resolve().parents[2] / "wrappers" / "keystone" / "src"
OPENAI_URL = "https://embeddings.example.test/v1"
OPENAI_KEY = "sk-test-embeddings-0123456789abcdef"


def scenario(output: str = "", **parameters: Any) -> ScenarioResult:
    return ScenarioResult(scenario_id="s1", agent_output=output, parameters=parameters)


VECTORS: dict[str, list[float]] = {
    "cat": [1.0, 0.0, 0.0],
    "kitten": [0.9, 0.1, 0.0],
    "car": [0.0, 1.0, 0.0],
    "not a cat": [-1.0, 0.0, 0.0],
    "tiny cat": [1e-300, 0.0, 0.0],
    "huge cat": [1e300, 1e299, 0.0],
}


class Recorder:
    """A sync embedder over VECTORS that records the texts it embedded."""

    def __init__(self, table: dict[str, Any] | None = None) -> None:
        self.table = VECTORS if table is None else table
        self.texts: list[str] = []
        self.threads: set[int] = set()

    def __call__(self, text: str) -> Any:
        self.texts.append(text)
        self.threads.add(threading.get_ident())
        return self.table[text]


def verdict(scorer: EmbeddingSimilarity, output: str, **parameters: Any) -> Score:
    result = scorer.score_result(scenario(output, **parameters))
    assert result is not None
    assert 0.0 <= result.score <= 1.0
    return result


# -- construction and wire forms ----------------------------------------------------------------


def test_a_missing_embedder_is_a_configuration_error() -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="needs embedder="):
        EmbeddingSimilarity()
    with pytest.raises(KeystoneInvalidArgumentError, match="callable"):
        EmbeddingSimilarity(embedder="text-embedding-3-small")  # type: ignore[arg-type]
    with pytest.raises(KeystoneInvalidArgumentError, match="not both"):
        EmbeddingSimilarity(embedder=Recorder(), expected="cat", expected_key="answer")
    with pytest.raises(KeystoneInvalidArgumentError, match="threshold"):
        EmbeddingSimilarity(embedder=Recorder(), threshold=1.1)
    with pytest.raises(KeystoneInvalidArgumentError, match="model"):
        EmbeddingSimilarity(embedder=Recorder(), model="")


def test_name_rule_type_wire_forms_and_immutability() -> None:
    scorer = EmbeddingSimilarity(embedder=Recorder(), expected="cat", model="text-embedding-3")
    assert scorer.name == "embedding_similarity"
    assert scorer.rule_type == "embedding_similarity"
    assert scorer.to_rule() == {
        "name": "embedding_similarity",
        "type": "embedding_similarity",
        "config": {"expected": "cat", "threshold": 0.85, "model": "text-embedding-3"},
    }
    keyed = EmbeddingSimilarity(embedder=Recorder(), expected_key="answer", name="sim", gate=True)
    assert keyed.to_invariant() == {
        "description": "sim",
        "weight": 1.0,
        "gate": True,
        "check": {
            "type": "embedding_similarity",
            "expected_key": "answer",
            "threshold": 0.85,
            "model": "custom",
        },
    }
    for attr in ("embedder", "threshold", "model", "name"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(scorer, attr, None)


# -- scores -------------------------------------------------------------------------------------


def test_cosine_similarity_scores_and_passes_at_the_threshold() -> None:
    embedder = Recorder()
    scorer = EmbeddingSimilarity(embedder=embedder)
    same = verdict(scorer, "cat", expected="cat")
    assert (same.score, same.passed) == (1.0, True)
    assert same.metadata == {"cosine": 1.0, "dimensions": 3, "model": "custom"}
    close = verdict(scorer, "kitten", expected="cat")
    assert close.score == pytest.approx(0.9 / math.hypot(0.9, 0.1))
    assert close.passed
    assert not verdict(
        EmbeddingSimilarity(embedder=embedder, threshold=0.995), "kitten", expected="cat"
    ).passed
    unrelated = verdict(scorer, "car", expected="cat")
    assert (unrelated.score, unrelated.passed) == (0.0, False)
    assert embedder.texts[:2] == ["cat", "cat"]
    assert embedder.texts[-2:] == ["car", "cat"]


def test_a_negative_cosine_scores_zero_and_keeps_the_raw_value() -> None:
    result = verdict(EmbeddingSimilarity(embedder=Recorder()), "not a cat", expected="cat")
    assert (result.score, result.passed) == (0.0, False)
    assert result.metadata["cosine"] == -1.0
    assert result.message == "cosine similarity -1.000"


def test_extreme_components_neither_overflow_nor_underflow() -> None:
    scorer = EmbeddingSimilarity(embedder=Recorder())
    assert verdict(scorer, "tiny cat", expected="cat").score == pytest.approx(1.0)
    assert verdict(scorer, "huge cat", expected="kitten").score == pytest.approx(
        cosine([10.0, 1.0, 0.0], [0.9, 0.1, 0.0])
    )


def test_the_expected_text_comes_from_expected_the_key_or_the_row() -> None:
    embedder = Recorder()
    fixed = EmbeddingSimilarity(embedder=embedder, expected="cat")
    assert verdict(fixed, "cat", expected="car").score == 1.0
    keyed = EmbeddingSimilarity(embedder=embedder, expected_key="reference")
    assert verdict(keyed, "cat", reference="car", expected="cat").score == 0.0
    row = EmbeddingSimilarity(embedder=embedder)
    assert verdict(row, "car", expected="car").score == 1.0


def test_missing_or_empty_texts_fail_without_calling_the_embedder() -> None:
    embedder = Recorder()
    scorer = EmbeddingSimilarity(embedder=embedder)
    missing = verdict(scorer, "cat")
    assert (missing.score, missing.passed) == (0.0, False)
    assert missing.metadata == {"missing": "expected"}
    empty = verdict(scorer, "  ", expected="cat")
    assert (empty.passed, empty.message) == (False, "output is empty: nothing to embed")
    blank = verdict(scorer, "cat", expected="")
    assert (blank.passed, blank.message) == (False, "the expected text is empty: nothing to embed")
    assert embedder.texts == []


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ({"a": [1.0, 0.0], "b": [1.0, 0.0, 0.0]}, "different dimensions"),
        ({"a": [0.0, 0.0], "b": [1.0, 0.0]}, "all zeros"),
        ({"a": [math.nan, 1.0], "b": [1.0, 0.0]}, "nan"),
        ({"a": [math.inf, 1.0], "b": [1.0, 0.0]}, "inf"),
        ({"a": [], "b": [1.0]}, "empty"),
        ({"a": "0.1,0.2", "b": [1.0]}, "str, not numbers"),
        ({"a": None, "b": [1.0]}, "NoneType"),
        ({"a": [True, False], "b": [1.0, 0.0]}, "bool at index 0"),
        ({"a": [1.0, "x"], "b": [1.0, 0.0]}, "str at index 1"),
        ({"a": {"x": 1.0}, "b": [1.0]}, "dict"),
    ],
)
def test_vectors_that_cannot_be_compared_are_scorer_errors(
    table: dict[str, Any], match: str
) -> None:
    scorer = EmbeddingSimilarity(embedder=Recorder(table), expected="b")
    with pytest.raises(EmbeddingError, match=match):
        scorer.score_result(scenario("a"))
    result = apply_scorer(scorer, scenario("a"))
    assert result is not None
    assert (result.score, result.passed) == (0.0, False)
    assert result.metadata == {"error": "EmbeddingError"}
    assert result.message.startswith("scorer error: EmbeddingError")


def test_other_vector_types_are_accepted() -> None:
    table: dict[str, Any] = {
        "a": (1, 0, 0),
        "b": array.array("f", [1.0, 0.0, 0.0]),
        "c": iter([0.0, 2.0, 0.0]),
    }
    scorer = EmbeddingSimilarity(embedder=Recorder(table), expected="b")
    assert verdict(scorer, "a").score == 1.0
    assert verdict(scorer, "c").score == 0.0


def test_an_embedder_that_raises_is_a_scorer_error() -> None:
    def broken(text: str) -> list[float]:
        raise RuntimeError("embedding service down")

    result = apply_scorer(EmbeddingSimilarity(embedder=broken), scenario("a", expected="b"))
    assert result is not None
    assert result.metadata == {"error": "RuntimeError"}
    assert "embedding service down" in result.message


def test_one_instance_scores_rows_on_many_threads() -> None:
    words = list(VECTORS)
    scorer = EmbeddingSimilarity(embedder=Recorder())
    rows = [(words[i % len(words)], words[(i * 7) % len(words)]) for i in range(120)]

    def run(row: tuple[str, str]) -> float:
        result = scorer.score_result(scenario(row[0], expected=row[1]))
        assert result is not None
        return result.score

    with ThreadPoolExecutor(max_workers=8) as pool:
        scores = list(pool.map(run, rows))
    assert scores == [max(0.0, cosine(VECTORS[a], VECTORS[b])) for a, b in rows]


# -- async ----------------------------------------------------------------------------------------


async def test_an_async_embedder_is_awaited_on_the_loop() -> None:
    calls: list[str] = []

    async def embed(text: str) -> list[float]:
        calls.append(text)
        return VECTORS[text]

    scorer = EmbeddingSimilarity(embedder=embed, expected="cat")
    result = await scorer.ascore_result(scenario("kitten"))
    assert result is not None
    assert result.passed
    assert calls == ["kitten", "cat"]
    # The sync path runs it to completion too (on a helper thread: this one runs a loop).
    again = scorer.score_result(scenario("kitten"))
    assert again == result
    missing = await EmbeddingSimilarity(embedder=embed).ascore_result(scenario("cat"))
    assert missing is not None
    assert missing.metadata == {"missing": "expected"}


def test_an_async_embedder_works_from_sync_code_without_a_loop() -> None:
    async def embed(text: str) -> list[float]:
        return VECTORS[text]

    result = EmbeddingSimilarity(embedder=embed).score_result(scenario("cat", expected="cat"))
    assert result is not None
    assert result.score == 1.0


async def test_a_sync_embedder_runs_off_the_event_loop() -> None:
    embedder = Recorder()
    scorer = EmbeddingSimilarity(embedder=embedder)
    result = await aapply_scorer(scorer, scenario("cat", expected="kitten"))
    assert result is not None
    assert result.passed
    assert threading.get_ident() not in embedder.threads
    failing = EmbeddingSimilarity(embedder=Recorder({"a": [0.0], "b": [1.0]}), expected="b")
    error = await aapply_scorer(failing, scenario("a"))
    assert error is not None
    assert error.metadata == {"error": "EmbeddingError"}


# -- openai_embedder with the real openai package -----------------------------------------------


def embeddings_reply(vector: list[float], *, encode: bool = False) -> dict[str, Any]:
    embedding: Any = vector
    if encode:  # what the API sends for encoding_format=base64: little-endian float32s
        embedding = base64.b64encode(array.array("f", vector).tobytes()).decode()
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": 0, "embedding": embedding}],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 2, "total_tokens": 2},
    }


class Provider:
    """The embeddings endpoint: answers from a queue (a callable maps the request's input)."""

    def __init__(self, *answers: httpx2.Response | Callable[[str], httpx2.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        assert str(request.url) == f"{OPENAI_URL}/embeddings"
        answer = self.answers.pop(0)
        return answer if isinstance(answer, httpx2.Response) else answer(self.inputs[-1])

    @property
    def inputs(self) -> list[str]:
        return [json.loads(request.content)["input"] for request in self.requests]

    def sync_client(self) -> openai.OpenAI:
        http = httpx2.Client(transport=httpx2.MockTransport(self.handle))
        return openai.OpenAI(
            api_key=OPENAI_KEY, base_url=OPENAI_URL, max_retries=0, http_client=http
        )

    def async_client(self) -> openai.AsyncOpenAI:
        http = httpx2.AsyncClient(transport=httpx2.MockTransport(self.handle))
        return openai.AsyncOpenAI(
            api_key=OPENAI_KEY, base_url=OPENAI_URL, max_retries=0, http_client=http
        )


def by_input(text: str) -> httpx2.Response:
    return httpx2.Response(200, json=embeddings_reply(VECTORS[text], encode=text == "cat"))


def test_openai_embedder_with_the_sync_client() -> None:
    provider = Provider(by_input, by_input)
    embedder = openai_embedder(provider.sync_client())
    assert repr(embedder) == "openai_embedder(model='text-embedding-3-small')"
    assert OPENAI_KEY not in repr(embedder)
    scorer = EmbeddingSimilarity(embedder=embedder, expected="cat", model="text-embedding-3-small")
    result = scorer.score_result(scenario("kitten"))
    assert result is not None
    assert result.score == pytest.approx(0.9 / math.hypot(0.9, 0.1), rel=1e-6)
    assert provider.inputs == ["kitten", "cat"]
    sent = json.loads(provider.requests[0].content)
    assert sent["model"] == "text-embedding-3-small"
    assert provider.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


async def test_openai_embedder_with_the_async_client() -> None:
    provider = Provider(by_input, by_input, by_input)
    embedder = openai_embedder(provider.async_client(), model="text-embedding-3-large")
    vector = await embedder("cat")  # type: ignore[misc]
    assert list(vector) == [1.0, 0.0, 0.0]
    scorer = EmbeddingSimilarity(embedder=embedder)
    result = await scorer.ascore_result(scenario("car", expected="kitten"))
    assert result is not None
    assert result.score == pytest.approx(0.1 / math.hypot(0.9, 0.1))
    assert provider.inputs == ["cat", "car", "kitten"]
    assert json.loads(provider.requests[-1].content)["model"] == "text-embedding-3-large"


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        (httpx2.Response(500, json={"error": {"message": "boom"}}), "InternalServerError: "),
        (
            httpx2.Response(401, json={"error": {"message": f"bad key {OPENAI_KEY}"}}),
            "AuthenticationError: ",
        ),
        (httpx2.Response(200, text="<html>not json</html>"), "embeddings call failed: "),
        (
            httpx2.Response(200, json={"object": "list", "data": [], "model": "m"}),
            "embeddings call failed: ",
        ),
    ],
)
def test_a_failing_embeddings_endpoint_is_a_scorer_error(
    answer: httpx2.Response, detail: str
) -> None:
    provider = Provider(answer)
    scorer = EmbeddingSimilarity(embedder=openai_embedder(provider.sync_client()), expected="cat")
    result = apply_scorer(scorer, scenario("kitten"))
    assert result is not None
    assert (result.score, result.passed) == (0.0, False)
    assert result.metadata == {"error": "EmbeddingError"}
    assert result.message.startswith("scorer error: EmbeddingError: embeddings call failed")
    assert detail in result.message
    assert OPENAI_KEY not in result.message
    assert len(provider.requests) == 1  # the output's embedding failed: no second call


def test_a_failed_call_keeps_its_status_and_hides_the_key() -> None:
    provider = Provider(
        httpx2.Response(
            401,
            json={"error": {"message": f"Incorrect API key provided: {OPENAI_KEY}"}},
            headers={"x-request-id": "req_123"},
        )
    )
    embedder = openai_embedder(provider.sync_client())
    with pytest.raises(EmbeddingError) as caught:
        embedder("cat")
    assert caught.value.status_code == 401
    assert caught.value.request_id == "req_123"
    assert OPENAI_KEY not in str(caught.value)
    assert "***" in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_zero_vectors_from_the_endpoint_are_a_scorer_error() -> None:
    zeros = httpx2.Response(200, json=embeddings_reply([0.0, 0.0, 0.0]))
    provider = Provider(zeros, by_input)
    scorer = EmbeddingSimilarity(embedder=openai_embedder(provider.sync_client()), expected="cat")
    result = apply_scorer(scorer, scenario("kitten"))
    assert result is not None
    assert result.metadata == {"error": "EmbeddingError"}
    assert "all zeros" in result.message


async def test_a_failing_async_endpoint_is_a_scorer_error() -> None:
    provider = Provider(httpx2.Response(503, json={"error": {"message": "overloaded"}}))
    scorer = EmbeddingSimilarity(embedder=openai_embedder(provider.async_client()))
    result = await aapply_scorer(scorer, scenario("kitten", expected="cat"))
    assert result is not None
    assert result.metadata == {"error": "EmbeddingError"}
    assert "InternalServerError: Error code: 503 - overloaded" in result.message


def test_openai_embedder_needs_an_embeddings_client() -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match=r"embeddings\.create"):
        openai_embedder(object())
    with pytest.raises(KeystoneInvalidArgumentError, match="model"):
        openai_embedder(Provider().sync_client(), model=" ")


def test_importing_and_building_scorers_loads_no_provider_or_http_package() -> None:
    code = (
        "import sys\n"
        "from polarity_keystone.scorers import EmbeddingSimilarity, ExactMatch, openai_embedder\n"
        "ExactMatch(); EmbeddingSimilarity(embedder=len)\n"
        "print([m for m in ('httpx', 'openai', 'anyio') if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
