"""``auto_instrument`` for LangChain (the real ``langchain-core``, fake chat models, no network),
reporting to the Keystone fake: the callback hook is registered with a real ContextVar so
runs still work (sync, async, streamed, in other threads, in chains) and each is reported
once, parented under the current ``@traced`` span; errors, tool runs, a model that calls an
instrumented SDK underneath (one event, not two), idempotence, undo and the label."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.tools import tool
from langchain_core.tracers import context as lc_context
from mistralai.client import Mistral
from polarity_keystone import estimate_cost, traced
from polarity_keystone._instrument import _auto
from polarity_keystone._instrument._langchain import KeystoneCallbackHandler
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import MockProvider, Route, events, fresh_fake, llm_calls

USAGE = {
    "input_tokens": 1000,
    "output_tokens": 200,
    "total_tokens": 1200,
    "input_token_details": {"cache_read": 300, "cache_creation": 100},
    "output_token_details": {"reasoning": 50},
}
MISTRAL_REPLY = {
    "id": "cmpl-1",
    "object": "chat.completion",
    "model": "mistral-small-latest",
    "created": 1,
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Bonjour"},
        }
    ],
    "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
}


def answer(content: str = "Sunny.", **fields: Any) -> AIMessage:
    return AIMessage(
        content=content,
        usage_metadata=USAGE,  # type: ignore[arg-type]
        response_metadata={"model_name": "gpt-4o-2024-08-06", "finish_reason": "stop"},
        **fields,
    )


def model(*replies: AIMessage) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter(replies or [answer()]))


class Broken(BaseChatModel):
    """A chat model whose provider fails."""

    @property
    def _llm_type(self) -> str:
        return "broken"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("provider down")


class MistralChat(BaseChatModel):
    """A LangChain integration that calls the (instrumented) Mistral SDK underneath."""

    client: Any

    @property
    def _llm_type(self) -> str:
        return "mistral-test"

    def _result(self, reply: Any) -> ChatResult:
        message = AIMessage(
            content=reply.choices[0].message.content,
            response_metadata={"model_name": reply.model},
            usage_metadata={
                "input_tokens": reply.usage.prompt_tokens,
                "output_tokens": reply.usage.completion_tokens,
                "total_tokens": reply.usage.total_tokens,
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _request(self, messages: list[BaseMessage]) -> dict[str, Any]:
        return {
            "model": "mistral-small-latest",
            "messages": [{"role": "user", "content": str(m.content)} for m in messages],
        }

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        return self._result(self.client.chat.complete(**self._request(messages)))

    async def _agenerate(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> ChatResult:
        reply = await self.client.chat.complete_async(**self._request(messages))
        return self._result(reply)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    yield from fresh_fake(monkeypatch)


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    return str(ks.sandboxes.create(spec_id="agent").id)


@pytest.fixture
def observed(ks: Any, sandbox: str) -> list[str]:
    """auto_instrument through ks (and @traced reporting), to ``sandbox``."""
    return list(ks.observe(sandbox_id=sandbox))


def our_hooks() -> list[Any]:
    return [
        hook
        for hook in lc_context._configure_hooks
        if isinstance(hook[0].get(), KeystoneCallbackHandler)
    ]


def test_the_hook_is_a_real_context_var_and_the_label_is_listed_once(
    fake: FakeKeystone, observed: list[str], ks: Any, sandbox: str
) -> None:
    assert "langchain" in observed
    assert observed.index("google-genai") < observed.index("langchain")
    assert ks.observe(sandbox_id=sandbox).count("langchain") == 1
    (hook,) = our_hooks()  # idempotent: registered once
    var, inheritable, handle_class, env_var = hook
    assert isinstance(var, ContextVar)
    assert (inheritable, handle_class, env_var) == (True, KeystoneCallbackHandler, None)
    _auto.reset()
    assert our_hooks() == []
    assert FakeListChatModel(responses=["ok"]).invoke("hi").content == "ok"
    assert llm_calls(fake) == []


def test_invoke_is_one_llm_call_under_the_traced_span_with_usage_and_tool_calls(
    fake: FakeKeystone, observed: list[str], sandbox: str
) -> None:
    chat = model(
        answer(
            "Checking.", tool_calls=[{"name": "get_weather", "args": {"city": "Paris"}, "id": "c1"}]
        )
    )

    @traced
    def agent() -> str:
        reply = chat.invoke(
            [SystemMessage(content="Be brief."), HumanMessage(content="Weather in Paris?")]
        )
        return str(reply.content)

    assert agent() == "Checking."
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert start["tool"] == "agent"
    assert (call["tool"], call["phase"], call["status"]) == (
        "langchain.GenericFakeChatModel",
        "complete",
        "ok",
    )
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert '"role": "system"' in call["input"]
    assert '"content": "Weather in Paris?"' in call["input"]
    assert call["output"].startswith("Checking.\n")
    # input_tokens include both cache buckets: 1000 = 600 + 300 read + 100 written.
    cost = call["cost"]
    assert (cost["input_tokens"], cost["cache_read_tokens"], cost["cache_write_tokens"]) == (
        600,
        300,
        100,
    )
    assert (cost["output_tokens"], cost["reasoning_tokens"]) == (200, 50)
    assert cost["model"] == "gpt-4o-2024-08-06"
    assert cost["estimated_usd"] == pytest.approx(
        estimate_cost("gpt-4o-2024-08-06", 600, 200, 300, cache_write_tokens=100)
    )
    meta = call["metadata"]
    # The provider is LangChain's own ls_provider for the model.
    assert meta["gen_ai.provider.name"] == "genericfakechatmodel"
    assert meta["gen_ai.response.model"] == "gpt-4o-2024-08-06"
    assert meta["gen_ai.response.finish_reasons"] == ["stop"]
    assert meta["gen_ai.usage.input_tokens"] == 1000
    # LangChain's own run id is no provider response id.
    assert "gen_ai.response.id" not in meta
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"], tool["parent_span_id"]) == (
        "get_weather",
        '{"city": "Paris"}',
        call["span_id"],
    )


async def test_ainvoke_and_astream_are_reported_once_each_under_the_async_span(
    fake: FakeKeystone, observed: list[str]
) -> None:
    chat = model(answer("one"), answer("two words"))

    @traced
    async def agent() -> list[str]:
        first = await chat.ainvoke("hi")
        parts = [str(part.content) async for part in chat.astream("again")]
        return [str(first.content), "".join(parts)]

    assert await agent() == ["one", "two words"]
    calls = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert [c["output"] for c in calls] == ["one", "two words"]
    assert {c["parent_span_id"] for c in calls} == {start["span_id"]}
    assert calls[0]["input"] == '[{"role": "human", "content": "hi"}]'


def test_streams_chains_and_other_threads_still_work_and_report_once(
    fake: FakeKeystone, observed: list[str]
) -> None:
    chat = model(answer("streamed reply"), answer("chained"), answer("threaded"))
    assert "".join(str(part.content) for part in chat.stream("hi")) == "streamed reply"
    chain = ChatPromptTemplate.from_messages([("human", "Say {word}")]) | chat
    assert chain.invoke({"word": "x"}).content == "chained"
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(chat.invoke("hi").content))
    worker.start()
    worker.join()
    assert seen == ["threaded"]
    calls = llm_calls(fake)
    assert [c["output"] for c in calls] == ["streamed reply", "chained", "threaded"]
    assert '"content": "Say x"' in calls[1]["input"]


def test_a_user_handler_still_runs_alongside(fake: FakeKeystone, observed: list[str]) -> None:
    class Counter(BaseCallbackHandler):
        ends = 0

        def on_llm_end(self, *args: Any, **kwargs: Any) -> None:
            Counter.ends += 1

    assert model().invoke("hi", config={"callbacks": [Counter()]}).content == "Sunny."
    assert Counter.ends == 1
    assert len(llm_calls(fake)) == 1


async def test_a_failed_run_is_an_error_span_and_the_same_exception_propagates(
    fake: FakeKeystone, observed: list[str]
) -> None:
    with pytest.raises(ConnectionError, match="provider down"):
        Broken().invoke("hi")
    with pytest.raises(ConnectionError, match="provider down"):
        await Broken().ainvoke("hi")
    calls = llm_calls(fake)
    assert [(c["tool"], c["status"], c["error_type"]) for c in calls] == [
        ("langchain.Broken", "error", "ConnectionError"),
        ("langchain.Broken", "error", "ConnectionError"),
    ]
    assert calls[0]["output"] == "ConnectionError: provider down"


def test_tool_runs_are_tool_call_spans(fake: FakeKeystone, observed: list[str]) -> None:
    @tool
    def get_weather(city: str) -> str:
        """The weather in ``city``."""
        if city == "Atlantis":
            raise LookupError("no such city")
        return f"Sunny in {city}"

    assert get_weather.invoke({"city": "Paris"}) == "Sunny in Paris"
    with pytest.raises(LookupError):
        get_weather.invoke({"city": "Atlantis"})
    starts = events(fake, event_type="tool_call", phase="start")
    ends = events(fake, event_type="tool_call", phase="end")
    assert [s["tool"] for s in starts] == ["get_weather", "get_weather"]
    assert [(e["status"], e["output"]) for e in ends] == [
        ("ok", "Sunny in Paris"),
        ("error", "LookupError: no such city"),
    ]


async def test_a_model_calling_an_instrumented_sdk_is_one_event_and_the_sdk_reports_after(
    fake: FakeKeystone, observed: list[str]
) -> None:
    provider = MockProvider({"/v1/chat/completions": Route(body=MISTRAL_REPLY)})
    # Built after auto_instrument: its own calls report (mistral.chat.complete).
    client = Mistral(
        api_key="mk-test", client=provider.sync_client(), async_client=provider.async_client()
    )
    chat = MistralChat(client=client)
    assert chat.invoke("hi").content == "Bonjour"
    assert (await chat.ainvoke("hi")).content == "Bonjour"
    client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "x"}])
    calls = llm_calls(fake)
    assert [c["tool"] for c in calls] == [
        "langchain.MistralChat",
        "langchain.MistralChat",
        "mistral.chat.complete",
    ]
    assert calls[0]["cost"]["input_tokens"] == 12
    assert calls[0]["cost"]["model"] == "mistral-small-latest"
    assert len(provider.requests) == 3


def test_a_stream_dropped_early_is_incomplete_and_unmutes_the_sdk(
    fake: FakeKeystone, observed: list[str]
) -> None:
    import gc

    provider = MockProvider({"/v1/chat/completions": Route(body=MISTRAL_REPLY)})
    client = Mistral(api_key="mk-test", client=provider.sync_client())
    stream = model(answer("one two three")).stream("hi")
    assert next(stream).content == "one"
    del stream
    gc.collect()
    client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "x"}])
    first, second = llm_calls(fake)
    assert first["tool"] == "langchain.GenericFakeChatModel"
    assert first["status"] == "ok"
    assert first["metadata"]["keystone.stream.incomplete"] is True
    assert second["tool"] == "mistral.chat.complete"
