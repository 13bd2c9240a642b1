"""``ks.wrap(OpenAI())`` with the real ``openai`` package on a mocked endpoint, reporting to the
Keystone fake: plain and streamed chat completions and Responses, tool calls, errors, async,
exactly-once stream reports, idempotent wrapping and the client's type kept."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from polarity_keystone import KeystoneInvalidArgumentError, traced
from polarity_keystone._instrument import _auto
from polarity_keystone._tracing import reset_tracing
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import MockProvider, Route, events, llm_calls, sse

MESSAGES = [{"role": "user", "content": "Weather in Paris?"}]

COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                    },
                    {
                        "id": "call_2",
                        "type": "function",
                        "function": {"name": "get_time", "arguments": "{}"},
                    },
                ],
            },
        }
    ],
    "usage": {
        "prompt_tokens": 1000,
        "completion_tokens": 200,
        "total_tokens": 1200,
        "prompt_tokens_details": {"cached_tokens": 400},
        "completion_tokens_details": {"reasoning_tokens": 50},
    },
}


def chunk(delta: dict[str, Any], *, finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-2",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


CHUNKS: list[Any] = [
    chunk({"role": "assistant", "content": "Hel"}),
    chunk({"content": "lo"}),
    chunk(
        {
            "tool_calls": [
                {
                    "index": 0,
                    "id": "call_9",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": '{"q": '},
                }
            ]
        }
    ),
    chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"x"}'}}]}),
    chunk({}, finish="tool_calls"),
    {
        "id": "chatcmpl-2",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [],
        "usage": {"prompt_tokens": 30, "completion_tokens": 7, "total_tokens": 37},
    },
    "[DONE]",
]

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "status": "completed",
    "model": "gpt-5-2025-08-07",
    "output": [
        {
            "type": "message",
            "id": "msg_1",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Four.", "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_r1",
            "name": "calc",
            "arguments": '{"x": 2}',
            "status": "completed",
        },
    ],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
    "usage": {
        "input_tokens": 500,
        "input_tokens_details": {"cached_tokens": 100},
        "output_tokens": 80,
        "output_tokens_details": {"reasoning_tokens": 30},
        "total_tokens": 580,
    },
}


def response_event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "sequence_number": 0, **fields}


TEXT_AT = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
RESPONSE_EVENTS = [
    response_event(
        "response.created", response={**RESPONSE, "status": "in_progress", "output": []}
    ),
    response_event(
        "response.output_item.added",
        output_index=0,
        item={
            "type": "message",
            "id": "msg_1",
            "status": "in_progress",
            "role": "assistant",
            "content": [],
        },
    ),
    response_event(
        "response.content_part.added",
        **TEXT_AT,
        part={"type": "output_text", "text": "", "annotations": []},
    ),
    response_event("response.output_text.delta", **TEXT_AT, delta="Fo", logprobs=[]),
    response_event("response.output_text.delta", **TEXT_AT, delta="ur.", logprobs=[]),
    response_event("response.completed", response=RESPONSE),
]


def chat_route(request: Any) -> Route:
    body = json.loads(request.content)
    if body.get("model") == "broken":
        return Route(status=500, body={"error": {"message": "boom", "type": "server_error"}})
    if body.get("model") == "broken-stream":
        return Route(stream=sse([CHUNKS[0], {"error": {"message": "overloaded"}}]))
    return Route(stream=sse(CHUNKS)) if body.get("stream") else Route(body=COMPLETION)


def responses_route(request: Any) -> Route:
    body = json.loads(request.content)
    return (
        Route(stream=sse(RESPONSE_EVENTS, named=True))
        if body.get("stream")
        else Route(body=RESPONSE)
    )


@pytest.fixture
def provider() -> MockProvider:
    return MockProvider({"/v1/chat/completions": chat_route, "/v1/responses": responses_route})


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


def sync_openai(provider: MockProvider) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test", http_client=provider.sync_client(), max_retries=0)


def async_openai(provider: MockProvider) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="sk-test", http_client=provider.async_client(), max_retries=0)


def test_wrap_returns_the_same_client_and_reports_a_call_under_the_traced_span(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = sync_openai(provider)
    wrapped = ks.wrap(client, sandbox_id=sandbox, auto_instrument=False)
    assert wrapped is client
    assert isinstance(wrapped, openai.OpenAI)

    @traced
    def agent() -> str:
        reply = wrapped.chat.completions.create(
            model="gpt-4o", messages=MESSAGES, temperature=0.3, max_tokens=256
        )
        return str(reply.choices[0].message.content)

    assert agent() == "Checking."
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert call["tool"] == "openai.chat.completions.create"
    assert call["phase"] == "complete"
    assert call["status"] == "ok"
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert json.loads(call["input"]) == MESSAGES
    assert call["output"].startswith("Checking.\n")
    assert json.loads(call["output"].split("\n", 1)[1]) == {
        "tool_calls": [
            {"tool": "get_weather", "args": '{"city": "Paris"}'},
            {"tool": "get_time", "args": "{}"},
        ]
    }
    # prompt_tokens include the cached ones: 1000 = 600 uncached + 400 cached.
    cost = call["cost"]
    assert cost["input_tokens"] == 600
    assert cost["cache_read_tokens"] == 400
    assert cost["output_tokens"] == 200
    assert cost["reasoning_tokens"] == 50
    assert cost["model"] == "gpt-4o-2024-08-06"
    from polarity_keystone import estimate_cost

    assert cost["estimated_usd"] == pytest.approx(estimate_cost("gpt-4o-2024-08-06", 600, 200, 400))
    assert cost["estimated_usd"] > 0
    meta = call["metadata"]
    assert meta["gen_ai.operation.name"] == "chat"
    assert meta["gen_ai.provider.name"] == meta["gen_ai.system"] == "openai"
    assert meta["gen_ai.request.model"] == "gpt-4o"
    assert meta["gen_ai.response.model"] == "gpt-4o-2024-08-06"
    assert meta["gen_ai.response.id"] == "chatcmpl-1"
    assert meta["gen_ai.request.temperature"] == 0.3
    assert meta["gen_ai.request.max_tokens"] == 256
    assert meta["gen_ai.response.finish_reasons"] == ["tool_calls"]
    assert meta["gen_ai.usage.input_tokens"] == 1000
    assert meta["gen_ai.usage.output_tokens"] == 200
    assert meta["gen_ai.usage.cache_read.input_tokens"] == 400
    assert meta["gen_ai.usage.reasoning.output_tokens"] == 50
    assert isinstance(call["duration_ms"], int)
    tools = events(fake, event_type="tool_use")
    assert [(t["tool"], t["input"], t["phase"]) for t in tools] == [
        ("get_weather", '{"city": "Paris"}', "invoked"),
        ("get_time", "{}", "invoked"),
    ]
    assert {t["parent_span_id"] for t in tools} == {call["span_id"]}
    assert {t["root_span_id"] for t in tools} == {start["span_id"]}


def test_a_stream_used_as_a_context_manager_is_reported_once_with_text_usage_and_tool_arguments(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)
    with client.chat.completions.create(
        model="gpt-4o-mini",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
    ) as stream:
        assert isinstance(stream, openai.Stream)
        texts = [c.choices[0].delta.content for c in stream if c.choices]
    assert texts[:2] == ["Hel", "lo"]
    (call,) = llm_calls(fake)
    assert call["output"].startswith("Hello\n")
    assert '"args": "{\\"q\\": \\"x\\"}"' in call["output"]
    assert call["cost"]["input_tokens"] == 30
    assert call["cost"]["output_tokens"] == 7
    assert call["metadata"]["gen_ai.response.finish_reasons"] == ["tool_calls"]
    assert call["metadata"]["gen_ai.request.stream"] is True
    assert "keystone.stream.incomplete" not in call["metadata"]
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"]) == ("lookup", '{"q": "x"}')
    # The request went out as the caller wrote it: no stream_options injected or changed.
    assert provider.bodies()[0]["stream_options"] == {"include_usage": True}


def test_streams_stopped_early_or_dropped_are_reported_once_as_incomplete(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    assert next(iter(stream)).choices[0].delta.content == "Hel"
    stream.close()
    stream.close()
    dropped = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    next(dropped)
    del dropped
    gc.collect()
    never_read = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
    del never_read
    gc.collect()
    calls = llm_calls(fake)
    assert len(calls) == 3
    assert all(c["metadata"]["keystone.stream.incomplete"] is True for c in calls)
    assert [c["output"] for c in calls] == ["Hel", "Hel", ""]
    # Without include_usage, OpenAI sends no usage in a stream: zero, never a guess.
    assert calls[0]["cost"]["input_tokens"] == 0


def test_the_stream_helper_and_the_responses_api_are_reported(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)
    with client.chat.completions.stream(model="gpt-4o-mini", messages=MESSAGES) as stream:
        for _ in stream:
            pass
        final = stream.get_final_completion()
    assert final.choices[0].message.content == "Hello"
    reply = client.responses.create(model="gpt-5", input="2+2?")
    assert reply.output_text == "Four."
    with client.responses.create(model="gpt-5", input="2+2?", stream=True) as events_stream:
        kinds = [event.type for event in events_stream]
    assert kinds[-1] == "response.completed"
    with client.responses.stream(model="gpt-5", input="2+2?") as helper:
        assert helper.get_final_response().output_text == "Four."
    calls = llm_calls(fake)
    assert [c["tool"] for c in calls] == [
        "openai.chat.completions.create",
        "openai.responses.create",
        "openai.responses.create",
        "openai.responses.create",
    ]
    assert calls[0]["output"].startswith("Hello")
    for call in calls[1:]:
        assert call["input"] == "2+2?"
        assert call["output"].startswith("Four.\n")
        assert call["cost"]["input_tokens"] == 400
        assert call["cost"]["cache_read_tokens"] == 100
        assert call["cost"]["output_tokens"] == 80
        assert call["cost"]["reasoning_tokens"] == 30
        assert call["metadata"]["gen_ai.response.model"] == "gpt-5-2025-08-07"
    assert [t["tool"] for t in events(fake, event_type="tool_use")].count("calc") == 3


def test_a_failed_call_is_an_error_span_and_the_same_exception_propagates(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)
    with pytest.raises(openai.InternalServerError) as raised:
        client.chat.completions.create(model="broken", messages=MESSAGES)
    assert raised.value.status_code == 500
    with pytest.raises(openai.APIError, match="overloaded"):
        for _ in client.chat.completions.create(
            model="broken-stream", messages=MESSAGES, stream=True
        ):
            pass
    first, second = llm_calls(fake)
    assert (first["status"], first["error_type"]) == ("error", "InternalServerError")
    assert "InternalServerError" in first["output"]
    assert (second["status"], second["error_type"]) == ("error", "APIError")
    assert second["metadata"]["gen_ai.request.model"] == "broken-stream"


async def test_async_client_plain_and_streamed(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = async_openai(provider)
    assert ks.wrap(client, sandbox, tracing=False, auto_instrument=False) is client
    assert isinstance(client, openai.AsyncOpenAI)
    reply = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert reply.id == "chatcmpl-1"
    stream = await client.chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    assert isinstance(stream, openai.AsyncStream)
    async with stream:
        texts = [c.choices[0].delta.content async for c in stream if c.choices]
    assert texts[:2] == ["Hel", "lo"]
    async with client.responses.stream(model="gpt-5", input="2+2?") as helper:
        async for _ in helper:
            pass
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="broken", messages=MESSAGES)
    calls = llm_calls(fake)
    assert [(c["tool"], c["status"]) for c in calls] == [
        ("openai.chat.completions.create", "ok"),
        ("openai.chat.completions.create", "ok"),
        ("openai.responses.create", "ok"),
        ("openai.chat.completions.create", "error"),
    ]
    assert calls[1]["output"].startswith("Hello")
    assert calls[1]["cost"]["output_tokens"] == 7


def test_wrapping_twice_never_reports_twice_and_re_points_the_destination(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    other = str(ks.sandboxes.create(spec_id="agent").id)
    client = sync_openai(provider)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    ks.wrap(client, other, tracing=False, auto_instrument=False)
    client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    calls = llm_calls(fake)
    assert [c["sandbox_id"] for c in calls] == [sandbox, other]


def test_the_patch_stays_on_the_instance_and_copies_are_instrumented(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)
    bystander = sync_openai(provider)
    bystander.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert "create" in vars(client.chat.completions)
    assert "create" not in vars(bystander.chat.completions)
    assert not hasattr(type(client.chat.completions).create, "__keystone_instrumented__")
    client.with_options(timeout=5).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert len(llm_calls(fake)) == 1
    assert len(provider.requests) == 2


def test_wrap_only_reports_calls_but_not_traced_spans(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(sync_openai(provider), sandbox, tracing=False, auto_instrument=False)

    @traced
    def agent() -> None:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)

    agent()
    assert [e["event_type"] for e in events(fake)] == ["llm_call", "tool_use", "tool_use"]


def test_wrap_refuses_what_it_cannot_instrument(ks: Any) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match=r"openai\.OpenAI"):
        ks.wrap(object(), tracing=False, auto_instrument=False)
