"""``ks.wrap(Mistral())`` / ``auto_instrument`` with the real ``mistralai`` package on a mocked
endpoint (httpx2 ``MockTransport``), reporting to the Keystone fake: ``chat.complete`` and
``chat.stream`` (sync and async), usage and cost, tool calls, errors, exactly-once streams,
idempotence and the auto_instrument label."""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Iterator
from typing import Any

import pytest
from mistralai.client import Mistral, errors
from mistralai.client.utils.eventstreaming import EventStream, EventStreamAsync
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

MESSAGES = [{"role": "user", "content": "Weather in Paris?"}]

COMPLETION = {
    "id": "cmpl-1",
    "object": "chat.completion",
    "model": "mistral-small-latest",
    "created": 1,
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]},
                    {"type": "text", "text": "Checking."},
                ],
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": {"city": "Paris"}},
                    }
                ],
            },
        }
    ],
    "usage": {
        "prompt_tokens": 1000,
        "completion_tokens": 200,
        "total_tokens": 1200,
        "prompt_tokens_details": {"cached_tokens": 400},
    },
}


def chunk(delta: dict[str, Any], *, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": "cmpl-2",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "mistral-large-latest",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }


CHUNKS: list[Any] = [
    chunk({"role": "assistant", "content": "Hel"}),
    chunk({"content": "lo"}),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_9",
                    "index": 0,
                    "function": {"name": "lookup", "arguments": '{"q": "x"}'},
                }
            ]
        }
    ),
    chunk(
        {"content": ""},
        finish="tool_calls",
        usage={"prompt_tokens": 30, "completion_tokens": 7, "total_tokens": 37},
    ),
    "[DONE]",
]


def chat_route(request: Any) -> Route:
    body = json.loads(request.content)
    if body.get("model") == "broken":
        return Route(status=500, body={"message": "boom"})
    return Route(stream=sse(CHUNKS)) if body.get("stream") else Route(body=COMPLETION)


@pytest.fixture
def provider() -> MockProvider:
    return MockProvider({"/v1/chat/completions": chat_route})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    yield from fresh_fake(monkeypatch)


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    return str(ks.sandboxes.create(spec_id="agent").id)


def mistral(provider: MockProvider) -> Mistral:
    return Mistral(
        api_key="mk-test", client=provider.sync_client(), async_client=provider.async_client()
    )


def test_complete_is_one_llm_call_under_the_traced_span_with_usage_cost_and_tools(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = mistral(provider)
    assert ks.wrap(client, sandbox, auto_instrument=False) is client
    assert isinstance(client, Mistral)

    @traced
    def agent() -> str:
        reply = client.chat.complete(
            model="mistral-small-latest", messages=MESSAGES, temperature=0.2, max_tokens=64
        )
        return reply.id

    assert agent() == "cmpl-1"
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert (call["tool"], call["phase"], call["status"]) == (
        "mistral.chat.complete",
        "complete",
        "ok",
    )
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert json.loads(call["input"]) == MESSAGES
    # Only the text chunk is the answer (not the thinking chunk); arguments sent as an object.
    text, tools_line = call["output"].split("\n", 1)
    assert text == "Checking."
    assert json.loads(tools_line) == {
        "tool_calls": [{"tool": "get_weather", "args": '{"city": "Paris"}'}]
    }
    cost = call["cost"]
    # prompt_tokens include the cached ones: 1000 = 600 uncached + 400 cached.
    assert (cost["input_tokens"], cost["cache_read_tokens"], cost["output_tokens"]) == (
        600,
        400,
        200,
    )
    assert cost["model"] == "mistral-small-latest"
    assert cost["estimated_usd"] == pytest.approx(
        estimate_cost("mistral-small-latest", 600, 200, 400)
    )
    assert cost["estimated_usd"] > 0
    meta = call["metadata"]
    assert meta["gen_ai.provider.name"] == meta["gen_ai.system"] == "mistral_ai"
    assert meta["gen_ai.request.model"] == "mistral-small-latest"
    assert meta["gen_ai.request.temperature"] == 0.2
    assert meta["gen_ai.request.max_tokens"] == 64
    assert meta["gen_ai.response.id"] == "cmpl-1"
    assert meta["gen_ai.response.finish_reasons"] == ["tool_calls"]
    assert meta["gen_ai.usage.input_tokens"] == 1000
    assert "gen_ai.request.stream" not in meta
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"], tool["parent_span_id"]) == (
        "get_weather",
        '{"city": "Paris"}',
        call["span_id"],
    )


def test_a_stream_keeps_its_type_and_is_reported_once_with_the_final_chunks_usage(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(mistral(provider), sandbox, tracing=False, auto_instrument=False)
    with client.chat.stream(model="mistral-large-latest", messages=MESSAGES) as stream:
        assert isinstance(stream, EventStream)
        texts = [event.data.choices[0].delta.content for event in stream]
    assert texts[:2] == ["Hel", "lo"]
    (call,) = llm_calls(fake)
    assert call["tool"] == "mistral.chat.stream"
    assert call["output"].startswith("Hello\n")
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (30, 7)
    assert call["cost"]["model"] == "mistral-large-latest"
    assert call["metadata"]["gen_ai.request.stream"] is True
    assert call["metadata"]["gen_ai.response.finish_reasons"] == ["tool_calls"]
    assert "keystone.stream.incomplete" not in call["metadata"]
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"]) == ("lookup", '{"q": "x"}')


def test_streams_closed_early_or_dropped_are_reported_once_as_incomplete(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(mistral(provider), sandbox, tracing=False, auto_instrument=False)
    stream = client.chat.stream(model="mistral-large-latest", messages=MESSAGES)
    assert next(stream).data.choices[0].delta.content == "Hel"
    stream.close()
    stream.close()
    never_read = client.chat.stream(model="mistral-large-latest", messages=MESSAGES)
    del never_read
    gc.collect()
    calls = llm_calls(fake)
    assert len(calls) == 2
    assert [c["output"] for c in calls] == ["Hel", ""]
    assert all(c["metadata"]["keystone.stream.incomplete"] is True for c in calls)


async def test_async_complete_and_stream(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(mistral(provider), sandbox, auto_instrument=False)

    @traced
    async def agent() -> list[str]:
        reply = await client.chat.complete_async(model="mistral-small-latest", messages=MESSAGES)
        assert reply.id == "cmpl-1"
        stream = await client.chat.stream_async(model="mistral-large-latest", messages=MESSAGES)
        assert isinstance(stream, EventStreamAsync)
        async with stream:
            return [event.data.choices[0].delta.content async for event in stream]

    assert (await agent())[:2] == ["Hel", "lo"]
    calls = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert [(c["tool"], c["status"]) for c in calls] == [
        ("mistral.chat.complete", "ok"),
        ("mistral.chat.stream", "ok"),
    ]
    assert {c["parent_span_id"] for c in calls} == {start["span_id"]}
    assert calls[0]["cost"]["input_tokens"] == 600
    assert calls[1]["output"].startswith("Hello")
    assert calls[1]["cost"]["output_tokens"] == 7


async def test_a_failed_call_is_an_error_span_and_the_same_exception_propagates(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    client = ks.wrap(mistral(provider), sandbox, tracing=False, auto_instrument=False)
    with pytest.raises(errors.SDKError) as raised:
        client.chat.complete(model="broken", messages=MESSAGES)
    assert raised.value.status_code == 500
    with pytest.raises(errors.SDKError):
        client.chat.stream(model="broken", messages=MESSAGES)
    with pytest.raises(errors.SDKError):
        await client.chat.complete_async(model="broken", messages=MESSAGES)
    calls = llm_calls(fake)
    assert [(c["tool"], c["status"], c["error_type"]) for c in calls] == [
        ("mistral.chat.complete", "error", "SDKError"),
        ("mistral.chat.stream", "error", "SDKError"),
        ("mistral.chat.complete", "error", "SDKError"),
    ]
    assert all(c["output"].startswith("SDKError") for c in calls)
    assert calls[0]["metadata"]["gen_ai.request.model"] == "broken"


def test_wrapping_twice_never_reports_twice_and_the_patch_stays_on_the_instance(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    other = str(ks.sandboxes.create(spec_id="agent").id)
    client = mistral(provider)
    bystander = mistral(provider)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    ks.wrap(client, sandbox, tracing=False, auto_instrument=False)
    client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    ks.wrap(client, other, tracing=False, auto_instrument=False)
    client.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    bystander.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    assert [c["sandbox_id"] for c in llm_calls(fake)] == [sandbox, other]
    assert "complete" in vars(client.chat)
    assert "complete" not in vars(bystander.chat)
    assert len(provider.requests) == 3


def test_auto_instrument_reports_clients_built_afterwards_and_labels_mistral(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    before = mistral(provider)
    labels = ks.observe(clients=[before], sandbox_id=sandbox, tracing=False)
    assert labels[0] == "mistral-client"
    assert "mistral" in labels
    assert labels.index("anthropic") < labels.index("mistral")
    # Idempotent: the class is patched once; a client built afterwards reports once.
    assert ks.observe(sandbox_id=sandbox, tracing=False).count("mistral") == 1
    init = Mistral.__init__
    assert getattr(init, "__keystone_instrumented__", False)
    assert not hasattr(init.__wrapped__, "__keystone_instrumented__")  # type: ignore[attr-defined]
    after = mistral(provider)
    after.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    ks.wrap(after, sandbox, tracing=False, auto_instrument=False)
    after.chat.complete(model="mistral-small-latest", messages=MESSAGES)
    assert [c["tool"] for c in llm_calls(fake)] == ["mistral.chat.complete"] * 2


def test_the_label_is_listed_only_when_the_patch_applied(
    fake: FakeKeystone, sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polarity_keystone import auto_instrument

    def broken() -> list[Any]:
        raise RuntimeError("no")

    providers = tuple(
        dataclasses.replace(p, patch=broken) if p.label == "mistral" else p for p in _auto.PROVIDERS
    )
    monkeypatch.setattr(_auto, "PROVIDERS", providers)
    kwargs = {"sandbox_id": sandbox, "api_key": fake.api_key, "base_url": "http://x"}
    assert "mistral" not in auto_instrument(**kwargs)
    assert not getattr(Mistral.__init__, "__keystone_instrumented__", False)
    monkeypatch.setattr(_auto, "_installed", lambda module: module != "mistralai.client")
    assert "mistral" not in auto_instrument(**kwargs)
