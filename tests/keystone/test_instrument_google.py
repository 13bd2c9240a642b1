"""``ks.wrap(genai.Client())`` / ``auto_instrument`` with the real ``google-genai`` package on a
mocked endpoint (injected httpx2 clients), reporting to the Keystone fake:
``models.generate_content`` and ``generate_content_stream``, sync and through ``client.aio``,
usage buckets and cost, function calls, errors, exactly-once streams, Vertex AI naming,
idempotence and the auto_instrument label."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import pytest
from google import genai
from google.genai import errors, types
from polarity_keystone import estimate_cost, traced
from polarity_keystone._instrument import _auto
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import (
    MockProvider,
    Route,
    events,
    fresh_fake,
    llm_calls,
    sse,
)

GEMINI = "/v1/models/gemini-2.5-flash"
VERTEX = "/v1beta1/publishers/google/models/gemini-2.5-flash"

RESPONSE = {
    "candidates": [
        {
            "content": {
                "role": "model",
                "parts": [
                    {"text": "Let me think.", "thought": True},
                    {"text": "Checking."},
                    {
                        "functionCall": {
                            "id": "fc_1",
                            "name": "get_weather",
                            "args": {"city": "Paris"},
                        }
                    },
                ],
            },
            "finishReason": "STOP",
        }
    ],
    "usageMetadata": {
        "promptTokenCount": 1000,
        "cachedContentTokenCount": 400,
        "candidatesTokenCount": 150,
        "thoughtsTokenCount": 50,
        "totalTokenCount": 1200,
    },
    "modelVersion": "gemini-2.5-flash",
    "responseId": "resp-1",
}

CHUNKS = [
    {
        "candidates": [{"content": {"role": "model", "parts": [{"text": "Hel"}]}}],
        "usageMetadata": {"promptTokenCount": 30},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "resp-2",
    },
    {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": "lo"}]}, "finishReason": "STOP"}
        ],
        "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 7, "totalTokenCount": 37},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "resp-2",
    },
]
ERROR = Route(status=500, body={"error": {"code": 500, "message": "boom", "status": "INTERNAL"}})


@pytest.fixture
def provider() -> MockProvider:
    return MockProvider(
        {
            f"{GEMINI}:generateContent": Route(body=RESPONSE),
            f"{GEMINI}:streamGenerateContent": Route(stream=sse(CHUNKS)),
            f"{VERTEX}:generateContent": Route(body=RESPONSE),
            "/v1/models/broken:generateContent": ERROR,
            "/v1/models/broken:streamGenerateContent": ERROR,
        }
    )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    yield from fresh_fake(monkeypatch)


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    return str(ks.sandboxes.create(spec_id="agent").id)


def gemini(provider: MockProvider, **kwargs: Any) -> genai.Client:
    options = types.HttpOptions(
        httpx_client=provider.sync_client(), httpx_async_client=provider.async_client()
    )
    return genai.Client(api_key="gk-test", http_options=options, **kwargs)


def test_generate_content_is_one_llm_call_with_usage_buckets_cost_and_function_calls(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = gemini(provider)
    assert ks.wrap(client, sandbox, auto_instrument=False) is client
    assert isinstance(client, genai.Client)

    @traced
    def agent() -> str:
        config = types.GenerateContentConfig(temperature=0.4, top_p=0.9, max_output_tokens=128)
        reply = client.models.generate_content(
            model="gemini-2.5-flash", contents="Weather in Paris?", config=config
        )
        return str(reply.response_id)

    assert agent() == "resp-1"
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert (call["tool"], call["status"]) == ("google.models.generate_content", "ok")
    assert call["parent_span_id"] == start["span_id"]
    assert call["sandbox_id"] == sandbox
    assert call["input"] == "Weather in Paris?"
    # The thought summary is not the answer.
    text, tools_line = call["output"].split("\n", 1)
    assert text == "Checking."
    assert json.loads(tools_line) == {
        "tool_calls": [{"tool": "get_weather", "args": '{"city": "Paris"}'}]
    }
    cost = call["cost"]
    # prompt 1000 includes 400 cached; output = 150 candidates + 50 thoughts.
    assert (cost["input_tokens"], cost["cache_read_tokens"]) == (600, 400)
    assert (cost["output_tokens"], cost["reasoning_tokens"]) == (200, 50)
    assert cost["model"] == "gemini-2.5-flash"
    assert cost["estimated_usd"] == pytest.approx(estimate_cost("gemini-2.5-flash", 600, 200, 400))
    assert cost["estimated_usd"] > 0
    meta = call["metadata"]
    assert meta["gen_ai.provider.name"] == meta["gen_ai.system"] == "gcp.gemini"
    assert meta["gen_ai.request.model"] == "gemini-2.5-flash"
    assert meta["gen_ai.request.temperature"] == 0.4
    assert meta["gen_ai.request.top_p"] == 0.9
    assert meta["gen_ai.request.max_tokens"] == 128
    assert meta["gen_ai.response.id"] == "resp-1"
    assert meta["gen_ai.response.finish_reasons"] == ["STOP"]
    assert meta["gen_ai.usage.input_tokens"] == 1000
    assert meta["gen_ai.usage.reasoning.output_tokens"] == 50
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"], tool["parent_span_id"]) == (
        "get_weather",
        '{"city": "Paris"}',
        call["span_id"],
    )


def test_a_stream_is_reported_once_at_its_end_with_the_last_chunks_usage(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(gemini(provider), sandbox, tracing=False, auto_instrument=False)
    stream = client.models.generate_content_stream(
        model="gemini-2.5-flash", contents="hi", config={"temperature": 0.1}
    )
    assert [chunk.text for chunk in stream] == ["Hel", "lo"]
    (call,) = llm_calls(fake)
    assert call["tool"] == "google.models.generate_content_stream"
    assert call["output"] == "Hello"
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (30, 7)
    assert call["metadata"]["gen_ai.request.stream"] is True
    assert call["metadata"]["gen_ai.request.temperature"] == 0.1
    assert call["metadata"]["gen_ai.response.finish_reasons"] == ["STOP"]
    assert "keystone.stream.incomplete" not in call["metadata"]


def test_streams_stopped_early_or_never_read_are_reported_once_as_incomplete(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(gemini(provider), sandbox, tracing=False, auto_instrument=False)
    stream = client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")
    assert next(stream).text == "Hel"
    stream.close()
    never_read = client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")
    del never_read
    gc.collect()
    calls = llm_calls(fake)
    assert [c["output"] for c in calls] == ["Hel", ""]
    assert all(c["metadata"]["keystone.stream.incomplete"] is True for c in calls)


async def test_the_aio_client_plain_and_streamed(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(gemini(provider), sandbox, auto_instrument=False)

    @traced
    async def agent() -> list[str]:
        reply = await client.aio.models.generate_content(model="gemini-2.5-flash", contents="hi")
        assert reply.response_id == "resp-1"
        stream = await client.aio.models.generate_content_stream(
            model="gemini-2.5-flash", contents="hi"
        )
        return [chunk.text async for chunk in stream]

    assert await agent() == ["Hel", "lo"]
    calls = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert [(c["tool"], c["status"]) for c in calls] == [
        ("google.models.generate_content", "ok"),
        ("google.models.generate_content_stream", "ok"),
    ]
    assert {c["parent_span_id"] for c in calls} == {start["span_id"]}
    assert calls[0]["cost"]["reasoning_tokens"] == 50
    assert calls[1]["output"] == "Hello"


async def test_failures_are_error_spans_and_the_same_exception_propagates(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(gemini(provider), sandbox, tracing=False, auto_instrument=False)
    with pytest.raises(errors.ServerError) as raised:
        client.models.generate_content(model="broken", contents="hi")
    assert raised.value.code == 500
    with pytest.raises(errors.ServerError):
        for _ in client.models.generate_content_stream(model="broken", contents="hi"):
            pass
    with pytest.raises(errors.ServerError):
        await client.aio.models.generate_content(model="broken", contents="hi")
    calls = llm_calls(fake)
    assert [(c["tool"], c["status"], c["error_type"]) for c in calls] == [
        ("google.models.generate_content", "error", "ServerError"),
        ("google.models.generate_content_stream", "error", "ServerError"),
        ("google.models.generate_content", "error", "ServerError"),
    ]
    assert calls[0]["metadata"]["gen_ai.request.model"] == "broken"


def test_a_vertex_ai_client_names_its_provider(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(gemini(provider, vertexai=True), sandbox, tracing=False, auto_instrument=False)
    client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    (call,) = llm_calls(fake)
    assert call["metadata"]["gen_ai.provider.name"] == "gcp.vertex_ai"
    assert call["metadata"]["gen_ai.system"] == "gcp.vertex_ai"


def test_wrapping_twice_never_reports_twice_and_other_clients_are_untouched(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    other = str(ks.sandboxes.create(spec_id="agent").id)
    client = gemini(provider)
    bystander = gemini(provider)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    ks.wrap(client, other, tracing=False, auto_instrument=False)
    client.models.generate_content(model="gemini-2.5-flash", contents="hi")
    bystander.models.generate_content(model="gemini-2.5-flash", contents="hi")
    assert [c["sandbox_id"] for c in llm_calls(fake)] == [sandbox, other]
    assert "generate_content" not in vars(bystander.models)
    assert len(provider.requests) == 3


def test_auto_instrument_reports_clients_built_afterwards_and_labels_google_genai(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    before = gemini(provider)
    bystander = gemini(provider)
    labels = ks.observe(clients=[before], sandbox_id=sandbox, tracing=False)
    assert labels[0] == "google-genai-client"
    assert labels.index("mistral") < labels.index("google-genai")
    assert ks.observe(sandbox_id=sandbox, tracing=False).count("google-genai") == 1
    after = gemini(provider)
    after.models.generate_content(model="gemini-2.5-flash", contents="hi")
    bystander.models.generate_content(model="gemini-2.5-flash", contents="hi")
    before.models.generate_content(model="gemini-2.5-flash", contents="hi")
    assert len(llm_calls(fake)) == 2
    _auto.reset()
    assert "google-genai" not in _auto.applied()
    gemini(provider).models.generate_content(model="gemini-2.5-flash", contents="hi")
    assert len(llm_calls(fake)) == 2
