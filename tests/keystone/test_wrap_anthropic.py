"""``ks.wrap(Anthropic())`` with the real ``anthropic`` package on a mocked endpoint, reporting to
the Keystone fake: messages.create (plain and streamed), the messages.stream() helper, tool use,
cache tokens and cost, errors, async, exactly-once stream reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import pytest
from polarity_keystone import estimate_cost, flush, traced
from polarity_keystone._instrument import _auto
from polarity_keystone._tracing import reset_tracing
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import MockProvider, Route, sse

MESSAGES = [{"role": "user", "content": "Weather in Paris?"}]
MODEL = "claude-sonnet-4-5-20250929"

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": MODEL,
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "content": [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
    ],
    "usage": {
        "input_tokens": 50,
        "output_tokens": 30,
        "cache_read_input_tokens": 1000,
        "cache_creation_input_tokens": 200,
    },
}

EVENTS: list[dict[str, Any]] = [
    {
        "type": "message_start",
        "message": {
            "id": "msg_2",
            "type": "message",
            "role": "assistant",
            "model": MODEL,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 25, "output_tokens": 1, "cache_read_input_tokens": 5},
        },
    },
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "toolu_2", "name": "lookup", "input": {}},
    },
    {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta",
                                                          "partial_json": '{"q": '}},
    {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta",
                                                          "partial_json": '"x"}'}},
    {"type": "content_block_stop", "index": 1},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {"output_tokens": 15},
    },
    {"type": "message_stop"},
]  # fmt: skip

ERROR_EVENT = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


def messages_route(request: Any) -> Route:
    body = json.loads(request.content)
    if body["model"] == "broken":
        return Route(
            status=400,
            body={"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}},
        )
    if body["model"] == "broken-stream":
        return Route(stream=sse([*EVENTS[:3], ERROR_EVENT], named=True))
    return Route(stream=sse(EVENTS, named=True)) if body.get("stream") else Route(body=MESSAGE)


@pytest.fixture
def provider() -> MockProvider:
    return MockProvider({"/v1/messages": messages_route})


@pytest.fixture
def fake() -> Iterator[FakeKeystone]:
    with FakeKeystone() as fake:
        fake.add_spec("id: agent\n")
        yield fake
    reset_tracing()
    _auto.reset()


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    return str(ks.sandboxes.create(spec_id="agent").id)


def events(fake: FakeKeystone, **filters: str) -> list[dict[str, Any]]:
    assert flush(30.0)
    return fake.trace_events(**filters)


def sync_client(provider: MockProvider) -> anthropic.Anthropic:
    return anthropic.Anthropic(
        api_key="sk-ant-test", http_client=provider.sync_client(), max_retries=0
    )


def async_client(provider: MockProvider) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(
        api_key="sk-ant-test", http_client=provider.async_client(), max_retries=0
    )


def test_messages_create_is_reported_with_tool_use_cache_tokens_and_cost(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = sync_client(provider)
    assert ks.wrap(client, sandbox_id=sandbox, auto_instrument=False) is client
    assert isinstance(client, anthropic.Anthropic)

    @traced
    def agent() -> None:
        client.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES)

    agent()
    (call,) = events(fake, event_type="llm_call")
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert call["tool"] == "anthropic.messages.create"
    assert call["parent_span_id"] == start["span_id"]
    assert json.loads(call["input"]) == MESSAGES
    text, calls = call["output"].split("\n")
    assert text == "Let me check."
    assert json.loads(calls) == {
        "tool_calls": [{"tool": "get_weather", "args": '{"city": "Paris"}'}]
    }
    # Anthropic's input_tokens already exclude both cache buckets.
    cost = call["cost"]
    assert (cost["input_tokens"], cost["cache_read_tokens"], cost["output_tokens"]) == (
        50,
        1000,
        30,
    )
    assert cost["cache_write_tokens"] == 200
    assert cost["estimated_usd"] == pytest.approx(
        estimate_cost(MODEL, 50, 30, 1000, cache_write_tokens=200)
    )
    assert cost["estimated_usd"] > 0
    meta = call["metadata"]
    assert meta["gen_ai.provider.name"] == meta["gen_ai.system"] == "anthropic"
    assert meta["gen_ai.request.model"] == "claude-sonnet-4-5"
    assert meta["gen_ai.response.model"] == MODEL
    assert meta["gen_ai.request.max_tokens"] == 100
    assert meta["gen_ai.response.finish_reasons"] == ["tool_use"]
    assert meta["gen_ai.usage.input_tokens"] == 1250
    assert meta["gen_ai.usage.cache_read.input_tokens"] == 1000
    assert meta["gen_ai.usage.cache_creation.input_tokens"] == 200
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], json.loads(tool["input"])) == ("get_weather", {"city": "Paris"})
    assert tool["parent_span_id"] == call["span_id"]


def test_a_raw_stream_is_reported_once_with_text_usage_and_tool_arguments(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_client(provider), sandbox, tracing=False, auto_instrument=False)
    with client.messages.create(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES, stream=True
    ) as stream:
        assert isinstance(stream, anthropic.Stream)
        kinds = [event.type for event in stream]
    assert kinds[0] == "message_start"
    (call,) = events(fake, event_type="llm_call")
    assert call["output"].startswith("Hello\n")
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (25, 15)
    assert call["cost"]["cache_read_tokens"] == 5
    assert call["metadata"]["gen_ai.response.id"] == "msg_2"
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"]) == ("lookup", '{"q": "x"}')


def test_the_stream_helper_keeps_its_helpers_and_reports_once(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_client(provider), sandbox, tracing=False, auto_instrument=False)
    with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES
    ) as stream:
        assert "".join(stream.text_stream) == "Hello"
        final = stream.get_final_message()
    assert final.usage.output_tokens == 15
    with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES
    ) as stream:
        pass  # left without reading: still one (incomplete) report
    calls = events(fake, event_type="llm_call")
    assert [c["tool"] for c in calls] == ["anthropic.messages.stream"] * 2
    assert calls[0]["output"].startswith("Hello\n")
    assert "keystone.stream.incomplete" not in calls[0]["metadata"]
    assert calls[1]["metadata"]["keystone.stream.incomplete"] is True


def test_errors_are_error_spans_and_the_exception_propagates(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_client(provider), sandbox, tracing=False, auto_instrument=False)
    with pytest.raises(anthropic.BadRequestError):
        client.messages.create(model="broken", max_tokens=10, messages=MESSAGES)
    with pytest.raises(anthropic.APIStatusError, match="Overloaded"):
        for _ in client.messages.create(
            model="broken-stream", max_tokens=10, messages=MESSAGES, stream=True
        ):
            pass
    first, second = events(fake, event_type="llm_call")
    assert (first["status"], first["error_type"]) == ("error", "BadRequestError")
    assert second["status"] == "error"
    assert second["error_type"].endswith("Error")
    # What arrived before the failure is kept.
    assert second["cost"]["input_tokens"] == 25


async def test_async_create_stream_and_stream_helper(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = async_client(provider)
    assert ks.wrap(client, sandbox, tracing=False, auto_instrument=False) is client
    reply = await client.messages.create(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES
    )
    assert reply.id == "msg_1"
    stream = await client.messages.create(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES, stream=True
    )
    assert isinstance(stream, anthropic.AsyncStream)
    async with stream:
        async for _ in stream:
            pass
    async with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=100, messages=MESSAGES
    ) as helper:
        texts = [text async for text in helper.text_stream]
        final = await helper.get_final_message()
    assert "".join(texts) == "Hello"
    assert final.stop_reason == "tool_use"
    with pytest.raises(anthropic.BadRequestError):
        await client.messages.create(model="broken", max_tokens=10, messages=MESSAGES)
    calls = events(fake, event_type="llm_call")
    assert [(c["tool"], c["status"]) for c in calls] == [
        ("anthropic.messages.create", "ok"),
        ("anthropic.messages.create", "ok"),
        ("anthropic.messages.stream", "ok"),
        ("anthropic.messages.create", "error"),
    ]
    assert calls[2]["cost"]["output_tokens"] == 15
    assert len(events(fake, event_type="tool_use")) == 3
