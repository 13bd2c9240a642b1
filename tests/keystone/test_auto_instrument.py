"""``auto_instrument()`` and ``ks.observe()``: the sandbox-id rule, idempotence, clients built
afterwards (sync and async) reporting exactly once, even when also wrapped, and the labels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import openai
import pytest
from polarity_keystone import auto_instrument, flush
from polarity_keystone._instrument import _auto
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import MockProvider, Route, fresh_fake


def patchable() -> list[str]:
    """The labels auto_instrument must report here: every provider installed, in the page's
    order, except those patched on import (litellm, dspy) that nothing has imported yet.
    """
    import importlib.util
    import sys

    return [
        p.label
        for p in _auto.PROVIDERS
        if importlib.util.find_spec(p.module) is not None
        and (not p.on_import or p.module in sys.modules)
    ]


MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "yo"}}
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-haiku-4-5-20251001",
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "content": [{"type": "text", "text": "yo"}],
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


@pytest.fixture
def provider() -> MockProvider:
    return MockProvider(
        {
            "/v1/chat/completions": Route(body=COMPLETION),
            "/openai/deployments/gpt/chat/completions": Route(body=COMPLETION),
            "/v1/messages": Route(body=MESSAGE),
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


def llm_calls(fake: FakeKeystone) -> list[dict[str, Any]]:
    assert flush(30.0)
    return fake.trace_events(event_type="llm_call")


def test_auto_instrument_needs_a_sandbox_id(fake: FakeKeystone) -> None:
    with pytest.raises(RuntimeError, match="auto_instrument requires sandbox_id"):
        auto_instrument()
    with pytest.raises(RuntimeError, match="KEYSTONE_SANDBOX_ID"):
        auto_instrument(sandbox_id="  ")
    assert _auto.applied() == []


def test_clients_built_afterwards_report_once_and_existing_ones_are_untouched(
    fake: FakeKeystone,
    ks: Any,
    sandbox: str,
    provider: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", sandbox)
    labels = ks.observe(tracing=False)
    assert labels[:2] == ["openai", "anthropic"]
    assert labels == patchable()
    # Idempotent: nothing is patched twice; the labels stay.
    assert ks.observe(tracing=False) == labels
    assert openai.OpenAI.__init__ is openai.OpenAI.__init__  # still one patch
    assert getattr(openai.OpenAI.__init__, "__keystone_instrumented__", False)
    assert not hasattr(openai.OpenAI.__init__.__wrapped__, "__keystone_instrumented__")

    after = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    azure = openai.AzureOpenAI(
        api_key="k",
        api_version="2024-10-21",
        azure_endpoint="https://example.openai.azure.com",
        azure_deployment="gpt",
        http_client=provider.sync_client(),
    )
    claude = anthropic.Anthropic(api_key="sk-ant-test", http_client=provider.sync_client())
    before.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    after.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    azure.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    claude.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=MESSAGES)
    calls = llm_calls(fake)
    assert [c["tool"] for c in calls] == [
        "openai.chat.completions.create",
        "openai.chat.completions.create",
        "anthropic.messages.create",
    ]
    assert {c["sandbox_id"] for c in calls} == {sandbox}
    assert len(provider.requests) == 4


async def test_async_clients_built_afterwards_report_too(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    labels = auto_instrument(sandbox_id=sandbox, api_key=fake.api_key, base_url="http://x")
    assert labels == patchable()
    # Re-point to ks's credentials and transport (the latest call wins).
    assert ks.observe(sandbox_id=sandbox, tracing=False) == labels
    client = openai.AsyncOpenAI(api_key="sk-test", http_client=provider.async_client())
    claude = anthropic.AsyncAnthropic(api_key="sk-ant-test", http_client=provider.async_client())
    await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    await claude.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=MESSAGES)
    assert [c["tool"] for c in llm_calls(fake)] == [
        "openai.chat.completions.create",
        "anthropic.messages.create",
    ]


def test_a_client_built_after_auto_instrument_and_then_wrapped_reports_once_to_the_wrap(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    other = str(ks.sandboxes.create(spec_id="agent").id)
    ks.observe(sandbox_id=sandbox, tracing=False)
    client = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    bystander = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    assert ks.wrap(client, other, tracing=False, auto_instrument=False) is client
    client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    bystander.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert [c["sandbox_id"] for c in llm_calls(fake)] == [other, sandbox]


def test_observe_labels_wraps_clients_and_swallows_what_it_cannot_wrap(
    fake: FakeKeystone, ks: Any, sandbox: str, provider: MockProvider
) -> None:
    claude = anthropic.Anthropic(api_key="sk-ant-test", http_client=provider.sync_client())
    gpt = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    labels = ks.observe(clients=[claude, object(), gpt], sandbox_id=sandbox)
    assert labels == ["anthropic-client", "openai-client", "tracing", *patchable()]
    claude.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=MESSAGES)
    calls = llm_calls(fake)
    assert len(calls) == 1
    assert json.loads(calls[0]["input"]) == MESSAGES


def test_observe_in_agent_mode_skips_auto_instrument(
    fake: FakeKeystone, ks: Any, provider: MockProvider
) -> None:
    gpt = openai.OpenAI(api_key="sk-test", http_client=provider.sync_client())
    assert ks.observe(clients=[gpt]) == ["openai-client", "tracing"]
    assert _auto.applied() == []
    assert ks.observe(clients=[gpt], tracing=False, auto_instrument=False) == ["openai-client"]
    gpt.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    (call,) = llm_calls(fake)
    assert call["tool"] == "openai.chat.completions.create"
