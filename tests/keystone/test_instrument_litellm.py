"""``auto_instrument()`` and LiteLLM (the real package; its OpenAI path on a mocked endpoint, or
its own ``mock_response``), reporting to the Keystone fake: ``completion`` / ``acompletion``,
streams reported once with their type kept, errors, no double report through an instrumented
OpenAI client, idempotence, and the deferred patch (litellm is never imported by us)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import litellm
import openai
import pytest
from polarity_keystone import estimate_cost, traced
from polarity_keystone._instrument import _auto
from polarity_keystone._instrument._auto import Provider
from polarity_keystone._instrument._litellm import (
    LITELLM_COMPLETION,
    LiteLLMStreamAccumulator,
    litellm_usage,
    watch_stream,
)
from polarity_keystone._instrument._record import Destination, LLMCall
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import (
    MockProvider,
    Recorder,
    Route,
    events,
    fresh_fake,
    llm_calls,
    sse,
)

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
    chunk({}, finish="stop"),
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


def chat_route(request: Any) -> Route:
    body = json.loads(request.content)
    if body.get("model") == "broken":
        return Route(status=400, body={"error": {"message": "bad", "type": "invalid_request"}})
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
    sandbox = str(ks.sandboxes.create(spec_id="agent").id)
    assert "litellm" in ks.observe(sandbox_id=sandbox)
    return sandbox


def sync_openai(provider: MockProvider) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test", http_client=provider.sync_client(), max_retries=0)


def async_openai(provider: MockProvider) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="sk-test", http_client=provider.async_client(), max_retries=0)


def test_completion_through_an_instrumented_openai_client_is_one_llm_call(
    fake: FakeKeystone, sandbox: str, provider: MockProvider
) -> None:
    # Built after auto_instrument, so the client reports its own calls (LiteLLM's OpenAI path
    # goes through the SDK's raw-response API, which is not instrumented): one event.
    client = sync_openai(provider)

    @traced
    def agent() -> Any:
        return litellm.completion(
            model="openai/gpt-4o", messages=MESSAGES, client=client, temperature=0.2
        )

    reply = agent()
    assert reply.choices[0].message.content == "Checking."
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert call["tool"] == "litellm.completion"
    assert call["status"] == "ok"
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert json.loads(call["input"]) == MESSAGES
    assert call["output"].startswith("Checking.\n")
    metadata = call["metadata"]
    assert metadata["gen_ai.provider.name"] == "openai"
    assert metadata["gen_ai.request.model"] == "openai/gpt-4o"
    assert metadata["gen_ai.request.temperature"] == 0.2
    assert metadata["gen_ai.response.model"] == "gpt-4o-2024-08-06"
    assert metadata["gen_ai.response.id"] == "chatcmpl-1"
    assert metadata["gen_ai.usage.input_tokens"] == 1000
    cost = call["cost"]
    assert (cost["input_tokens"], cost["cache_read_tokens"]) == (600, 400)
    assert (cost["output_tokens"], cost["reasoning_tokens"]) == (200, 50)
    assert cost["estimated_usd"] == pytest.approx(estimate_cost("gpt-4o-2024-08-06", 600, 200, 400))
    assert cost["estimated_usd"] > 0
    (tool,) = events(fake, event_type="tool_use")
    assert tool["tool"] == "get_weather"
    assert tool["parent_span_id"] == call["span_id"]
    assert tool["input"] == '{"city": "Paris"}'
    assert len(provider.requests) == 1


def test_an_instrumented_sdk_call_made_inside_litellm_is_muted(
    fake: FakeKeystone, sandbox: str, provider: MockProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = sync_openai(provider)  # reports its own calls (built after auto_instrument)

    class ViaOpenAI(litellm.CustomLLM):  # type: ignore[misc]
        def completion(self, *args: Any, **kwargs: Any) -> Any:
            reply = client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
            return litellm.ModelResponse(
                model=reply.model,
                choices=[{"message": {"role": "assistant", "content": "via sdk"}}],
                usage={"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
            )

    monkeypatch.setattr(
        litellm, "custom_provider_map", [{"provider": "viasdk", "custom_handler": ViaOpenAI()}]
    )
    reply = litellm.completion(model="viasdk/any", messages=MESSAGES)
    assert reply.choices[0].message.content == "via sdk"
    assert len(provider.requests) == 1  # the SDK call happened...
    (call,) = llm_calls(fake)  # ...and only LiteLLM's call is reported
    assert call["tool"] == "litellm.completion"
    assert call["metadata"]["gen_ai.provider.name"] == "viasdk"
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (5, 2)
    # Outside LiteLLM the same client reports again.
    client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert [c["tool"] for c in llm_calls(fake)] == [
        "litellm.completion",
        "openai.chat.completions.create",
    ]


async def test_acompletion_reports_once(
    fake: FakeKeystone, sandbox: str, provider: MockProvider
) -> None:
    reply = await litellm.acompletion(
        model="openai/gpt-4o", messages=MESSAGES, client=async_openai(provider)
    )
    assert reply.choices[0].message.content == "Checking."
    (call,) = llm_calls(fake)
    assert call["tool"] == "litellm.acompletion"
    assert call["cost"]["input_tokens"] == 600
    assert [t["tool"] for t in events(fake, event_type="tool_use")] == ["get_weather"]


def test_the_provider_comes_from_the_model_and_mock_responses_report_too(
    fake: FakeKeystone, sandbox: str
) -> None:
    litellm.completion(
        model="anthropic/claude-haiku-4-5", messages=MESSAGES, mock_response="Sunny."
    )
    (call,) = llm_calls(fake)
    assert call["metadata"]["gen_ai.provider.name"] == "anthropic"
    assert call["output"] == "Sunny."
    # litellm's mock usage: 10 prompt and 20 completion tokens.
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (10, 20)
    assert call["cost"]["estimated_usd"] > 0


def test_a_stream_keeps_its_type_and_reports_once_at_the_end(
    fake: FakeKeystone, sandbox: str, provider: MockProvider
) -> None:
    stream = litellm.completion(
        model="openai/gpt-4o-mini",
        messages=MESSAGES,
        client=sync_openai(provider),
        stream=True,
        stream_options={"include_usage": True},
    )
    assert isinstance(stream, litellm.CustomStreamWrapper)
    assert type(stream).__name__ == "CustomStreamWrapper"
    assert llm_calls(fake) == []  # nothing before the stream is consumed
    with stream:
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "Hello"
    (call,) = llm_calls(fake)
    assert call["output"] == "Hello"
    assert "keystone.stream.incomplete" not in call["metadata"]
    assert (call["cost"]["input_tokens"], call["cost"]["output_tokens"]) == (30, 7)
    assert call["metadata"]["gen_ai.response.finish_reasons"] == ["stop"]


async def test_an_async_stream_reports_once(
    fake: FakeKeystone, sandbox: str, provider: MockProvider
) -> None:
    stream = await litellm.acompletion(
        model="openai/gpt-4o-mini",
        messages=MESSAGES,
        client=async_openai(provider),
        stream=True,
        stream_options={"include_usage": True},
    )
    assert isinstance(stream, litellm.CustomStreamWrapper)
    parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
    assert "".join(parts) == "Hello"
    await stream.aclose()  # after the end: nothing more
    (call,) = llm_calls(fake)
    assert call["tool"] == "litellm.acompletion"
    assert call["output"] == "Hello"
    assert call["cost"]["output_tokens"] == 7


def test_a_stream_closed_early_or_dropped_reports_once_as_incomplete(
    fake: FakeKeystone, sandbox: str
) -> None:
    stream = litellm.completion(
        model="openai/gpt-4o", messages=MESSAGES, mock_response="hello there", stream=True
    )
    first = next(stream)
    assert first.choices[0].delta.content
    stream.close()
    stream.close()
    dropped = litellm.completion(
        model="openai/gpt-4o", messages=MESSAGES, mock_response="bye now", stream=True
    )
    next(dropped)
    del dropped
    gc.collect()
    calls = llm_calls(fake)
    assert len(calls) == 2
    assert all(call["metadata"]["keystone.stream.incomplete"] is True for call in calls)
    assert calls[0]["output"] == first.choices[0].delta.content


def test_a_stream_watched_again_is_reported_once_by_its_latest_call() -> None:
    # A nested (muted) call's stream returned by the outer call: one class, the outer call.
    _auto.reset()
    recorder = Recorder()
    stream = litellm.completion(
        model="openai/gpt-4o", messages=MESSAGES, mock_response="hello there", stream=True
    )
    inner = LLMCall.begin(Destination(None), LITELLM_COMPLETION, (), {"model": "openai/gpt-4o"})
    watch_stream(stream, inner, LiteLLMStreamAccumulator())
    watched = type(stream)
    outer = LLMCall.begin(Destination(recorder), LITELLM_COMPLETION, (), {"model": "openai/gpt-4o"})
    assert watch_stream(stream, outer, LiteLLMStreamAccumulator()) is stream
    assert type(stream) is watched
    assert "".join(c.choices[0].delta.content or "" for c in stream) == "hello there"
    (call,) = recorder.llm_calls()
    assert call.output == "hello there"
    assert call.ended == 1


def test_errors_are_error_spans_and_the_exception_propagates_unchanged(
    fake: FakeKeystone, sandbox: str, provider: MockProvider
) -> None:
    with pytest.raises(litellm.BadRequestError) as raised:
        litellm.completion(model="openai/broken", messages=MESSAGES, client=sync_openai(provider))
    (call,) = llm_calls(fake)
    assert call["status"] == "error"
    assert call["error_type"] == type(raised.value).__name__ == "BadRequestError"
    assert call["metadata"]["gen_ai.request.model"] == "openai/broken"


async def test_async_errors_too(fake: FakeKeystone, sandbox: str) -> None:
    with pytest.raises(litellm.InternalServerError):
        await litellm.acompletion(
            model="openai/gpt-4o", messages=MESSAGES, mock_response=Exception("boom")
        )
    (call,) = llm_calls(fake)
    assert (call["tool"], call["status"]) == ("litellm.acompletion", "error")


def test_patched_once_labelled_only_while_patched_and_reset_restores(
    fake: FakeKeystone, ks: Any, sandbox: str
) -> None:
    patched = litellm.completion
    assert getattr(patched, "__keystone_instrumented__", False)
    assert ks.observe(sandbox_id=sandbox, tracing=False).count("litellm") == 1
    assert litellm.completion is patched  # nothing stacked
    assert not getattr(patched.__wrapped__, "__keystone_instrumented__", False)
    litellm.completion(model="openai/gpt-4o", messages=MESSAGES, mock_response="x")
    assert len(llm_calls(fake)) == 1
    _auto.reset()
    assert "litellm" not in _auto.applied()
    assert litellm.completion is patched.__wrapped__
    assert not getattr(litellm.acompletion, "__keystone_instrumented__", False)


def test_usage_convention_both_cache_buckets_are_inside_prompt_tokens() -> None:
    usage = litellm_usage(
        {
            "prompt_tokens": 1000,
            "completion_tokens": 10,
            "cache_read_input_tokens": 300,
            "cache_creation_input_tokens": 200,
            "prompt_tokens_details": {"cached_tokens": 300},
        }
    )
    assert (usage.input_tokens, usage.cache_read_tokens, usage.cache_write_tokens) == (
        500,
        300,
        200,
    )
    assert usage.total_input_tokens == 1000
    assert litellm_usage(None).total_input_tokens == 0


# --- the deferred patch -------------------------------------------------------------------------


def test_an_on_import_provider_is_patched_when_the_user_imports_it_and_not_before(
    fake: FakeKeystone, ks: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "ks_deferred_llm"
    package.mkdir()
    (package / "__init__.py").write_text("def complete():\n    return 'original'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    patched: list[str] = []

    def patch() -> list[Any]:
        module = sys.modules["ks_deferred_llm"]  # imported by the user, never by us
        module.complete = lambda: "patched"
        patched.append("yes")
        return [lambda: patched.append("undone")]

    monkeypatch.setattr(
        _auto, "PROVIDERS", (Provider("deferred", "ks_deferred_llm", patch, on_import=True),)
    )
    sandbox = str(ks.sandboxes.create(spec_id="agent").id)
    assert ks.observe(sandbox_id=sandbox, tracing=False) == []
    assert ks.observe(sandbox_id=sandbox, tracing=False) == []
    assert "ks_deferred_llm" not in sys.modules
    assert patched == []
    try:
        import ks_deferred_llm  # type: ignore[import-not-found]

        assert ks_deferred_llm.complete() == "patched"
        assert patched == ["yes"]
        assert _auto.applied() == ["deferred"]
        assert ks.observe(sandbox_id=sandbox, tracing=False) == ["deferred"]
        assert _auto._WATCHER not in sys.meta_path  # nothing left waiting
        _auto.reset()
        assert patched == ["yes", "undone"]
    finally:
        sys.modules.pop("ks_deferred_llm", None)


def test_reset_forgets_a_deferred_provider(
    fake: FakeKeystone, ks: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ks_forgotten_llm.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    calls: list[int] = []
    provider = Provider("forgotten", "ks_forgotten_llm", lambda: calls.append(1) or [], True)
    monkeypatch.setattr(_auto, "PROVIDERS", (provider,))
    sandbox = str(ks.sandboxes.create(spec_id="agent").id)
    ks.observe(sandbox_id=sandbox, tracing=False)
    assert _auto._WATCHER in sys.meta_path
    _auto.reset()
    assert _auto._WATCHER not in sys.meta_path
    try:
        import ks_forgotten_llm  # type: ignore[import-not-found]

        assert ks_forgotten_llm.VALUE == 1
        assert calls == []
    finally:
        sys.modules.pop("ks_forgotten_llm", None)


def test_auto_instrument_never_imports_litellm_or_dspy_itself() -> None:
    # A fresh interpreter: only the deferred providers, so nothing heavy is imported.
    script = textwrap.dedent(
        """
        import sys
        from polarity_keystone._instrument import _auto

        _auto.PROVIDERS = tuple(p for p in _auto.PROVIDERS if p.label in ("litellm", "dspy"))

        class Reporter:
            sandbox_id = "sb"

        assert _auto.instrument_providers(Reporter()) == []
        assert "litellm" not in sys.modules and "dspy" not in sys.modules
        assert sorted(_auto._PENDING) == ["dspy", "litellm"]
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
