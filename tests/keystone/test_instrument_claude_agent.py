"""``auto_instrument()`` and the Claude Agent SDK (the real package, its control protocol spoken
by a scripted in-memory ``Transport`` instead of the CLI), reporting to the Keystone fake: one
``llm_call`` per ``query`` with the result's usage and cost, tool uses as children, the message
iterator untouched, errors, early exits, idempotence."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import claude_agent_sdk
import pytest
from claude_agent_sdk import (
    AssistantMessage,
    ClaudeAgentOptions,
    ProcessError,
    ResultMessage,
    Transport,
    UserMessage,
)
from polarity_keystone import estimate_cost, traced
from polarity_keystone._instrument import _auto
from polarity_keystone.testing import FakeKeystone

from tests.keystone._instrument_support import events, fresh_fake, llm_calls

SESSION = "session-1"


def assistant(
    message_id: str, content: list[dict[str, Any]], usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "type": "assistant",
        "message": {
            "id": message_id,
            "model": "claude-sonnet-4-5-20250929",
            "content": content,
            "usage": usage,
        },
        "parent_tool_use_id": None,
        "session_id": SESSION,
    }


TURN_1 = assistant(
    "msg_1",
    [
        {"type": "text", "text": "Let me look."},
        {"type": "tool_use", "id": "tu_1", "name": "Bash", "input": {"command": "ls"}},
    ],
    {"input_tokens": 100, "output_tokens": 20, "cache_creation_input_tokens": 10},
)
TOOL_RESULT = {
    "type": "user",
    "message": {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "tu_1", "content": "a.txt"}],
    },
    "parent_tool_use_id": None,
    "session_id": SESSION,
}
TURN_2 = assistant(
    "msg_2",
    [{"type": "text", "text": "There is a.txt."}],
    {"input_tokens": 150, "output_tokens": 10, "cache_read_input_tokens": 50},
)
RESULT = {
    "type": "result",
    "subtype": "success",
    "duration_ms": 1200,
    "duration_api_ms": 1000,
    "is_error": False,
    "num_turns": 2,
    "session_id": SESSION,
    "stop_reason": "end_turn",
    "total_cost_usd": 0.0123,
    "usage": {
        "input_tokens": 250,
        "output_tokens": 30,
        "cache_read_input_tokens": 50,
        "cache_creation_input_tokens": 10,
    },
    "result": "There is a.txt.",
}


class ScriptedTransport(Transport):
    """Answers the SDK's ``initialize`` control request, then plays ``script`` once the prompt
    arrives (an exception in it is raised from ``read_messages``, as a dying CLI's would be)."""

    def __init__(self, script: list[Any]) -> None:
        self.script = script
        self.written: list[dict[str, Any]] = []
        self.closed = False
        self._send, self._receive = anyio.create_memory_object_stream[Any](100)

    async def connect(self) -> None:
        pass

    async def write(self, data: str) -> None:
        message = json.loads(data)
        self.written.append(message)
        if message["type"] == "control_request":
            reply = {"subtype": "success", "request_id": message["request_id"], "response": {}}
            await self._send.send({"type": "control_response", "response": reply})
        elif message["type"] == "user":
            for item in self.script:
                await self._send.send(item)
            await self._send.send(None)

    async def read_messages(self) -> AsyncIterator[dict[str, Any]]:
        async for item in self._receive:
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    async def close(self) -> None:
        self.closed = True
        self._send.close()

    def is_ready(self) -> bool:
        return True

    async def end_input(self) -> None:
        pass


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    yield from fresh_fake(monkeypatch)


@pytest.fixture
def ks(fake: FakeKeystone) -> Any:
    return fake.client()


@pytest.fixture
def sandbox(ks: Any) -> str:
    sandbox = str(ks.sandboxes.create(spec_id="agent").id)
    assert "claude-agent-sdk" in ks.observe(sandbox_id=sandbox)
    return sandbox


async def run(script: list[Any], **options: Any) -> list[Any]:
    messages = claude_agent_sdk.query(
        prompt="List the files",
        options=ClaudeAgentOptions(**options),
        transport=ScriptedTransport(script),
    )
    return [message async for message in messages]


async def test_a_query_is_one_llm_call_with_the_results_usage_cost_and_tool_uses(
    fake: FakeKeystone, sandbox: str
) -> None:
    @traced
    async def agent() -> list[Any]:
        return await run([TURN_1, TOOL_RESULT, TURN_2, RESULT], model="claude-sonnet-4-5")

    messages = await agent()
    # The caller's iterator is untouched: every message, in order, with its SDK type.
    assert [type(m) for m in messages] == [
        AssistantMessage,
        UserMessage,
        AssistantMessage,
        ResultMessage,
    ]
    (call,) = llm_calls(fake)
    (start,) = events(fake, event_type="tool_call", phase="start")
    assert call["tool"] == "claude_agent_sdk.query"
    assert call["status"] == "ok"
    assert call["sandbox_id"] == sandbox
    assert call["parent_span_id"] == start["span_id"]
    assert call["input"] == "List the files"
    assert call["output"].startswith("There is a.txt.\n")
    assert json.loads(call["output"].split("\n", 1)[1]) == {
        "tool_calls": [{"tool": "Bash", "args": '{"command": "ls"}'}]
    }
    cost = call["cost"]
    assert (cost["input_tokens"], cost["output_tokens"]) == (250, 30)
    assert (cost["cache_read_tokens"], cost["cache_write_tokens"]) == (50, 10)
    assert cost["model"] == "claude-sonnet-4-5-20250929"
    assert cost["estimated_usd"] == 0.0123  # the CLI's own figure
    metadata = call["metadata"]
    assert metadata["gen_ai.provider.name"] == "anthropic"
    assert metadata["gen_ai.request.model"] == "claude-sonnet-4-5"
    assert metadata["gen_ai.response.id"] == SESSION
    assert metadata["gen_ai.response.finish_reasons"] == ["end_turn"]
    assert metadata["gen_ai.usage.input_tokens"] == 310
    (tool,) = events(fake, event_type="tool_use")
    assert (tool["tool"], tool["input"]) == ("Bash", '{"command": "ls"}')
    assert tool["parent_span_id"] == call["span_id"]


async def test_without_a_result_the_usage_is_summed_per_message_and_the_cost_estimated(
    fake: FakeKeystone, sandbox: str
) -> None:
    # The CLI sends one message per content block, each with its API message's usage:
    # counted once per message id.
    usage = TURN_1["message"]["usage"]
    text, tool = TURN_1["message"]["content"]
    await run([assistant("msg_1", [text], usage), assistant("msg_1", [tool], usage), TURN_2])
    (call,) = llm_calls(fake)
    cost = call["cost"]
    assert (cost["input_tokens"], cost["output_tokens"]) == (250, 30)
    assert (cost["cache_read_tokens"], cost["cache_write_tokens"]) == (50, 10)
    expected = estimate_cost("claude-sonnet-4-5-20250929", 250, 30, 50, cache_write_tokens=10)
    assert cost["estimated_usd"] == pytest.approx(expected)
    assert expected > 0
    assert call["output"] == "Let me look.\nThere is a.txt.\n" + json.dumps(
        {"tool_calls": [{"tool": "Bash", "args": '{"command": "ls"}'}]}
    )


async def test_a_failing_run_is_an_error_span_and_the_sdk_error_propagates(
    fake: FakeKeystone, sandbox: str
) -> None:
    died = ProcessError("Claude Code exited", exit_code=1)
    seen: list[Any] = []

    async def consume() -> None:
        messages = claude_agent_sdk.query(prompt="go", transport=ScriptedTransport([TURN_1, died]))
        async for message in messages:
            seen.append(message)

    with pytest.raises(ProcessError) as raised:
        await consume()
    assert raised.value is died
    assert [type(m) for m in seen] == [AssistantMessage]
    (call,) = llm_calls(fake)
    assert (call["status"], call["error_type"]) == ("error", "ProcessError")
    assert call["cost"]["input_tokens"] == 100  # what came before the failure
    assert [t["tool"] for t in events(fake, event_type="tool_use")] == ["Bash"]


async def test_leaving_early_reports_once_as_incomplete(fake: FakeKeystone, sandbox: str) -> None:
    transport = ScriptedTransport([TURN_1, TOOL_RESULT, TURN_2, RESULT])
    messages = claude_agent_sdk.query(prompt="go", transport=transport)
    async for message in messages:
        assert isinstance(message, AssistantMessage)
        break
    await messages.aclose()  # type: ignore[attr-defined]
    await messages.aclose()  # type: ignore[attr-defined]
    (call,) = llm_calls(fake)
    assert call["metadata"]["keystone.stream.incomplete"] is True
    assert call["output"].startswith("Let me look.")


async def test_a_streamed_prompt_is_never_consumed_by_the_capture(
    fake: FakeKeystone, sandbox: str
) -> None:
    async def prompts() -> AsyncIterator[dict[str, Any]]:
        yield {"type": "user", "message": {"role": "user", "content": "go"}}

    transport = ScriptedTransport([TURN_2, RESULT])
    messages = [m async for m in claude_agent_sdk.query(prompt=prompts(), transport=transport)]
    assert len(messages) == 2
    assert [w["type"] for w in transport.written].count("user") == 1  # the SDK sent it
    (call,) = llm_calls(fake)
    assert call["input"] == "<async_generator>"


async def test_patched_once_and_reset_restores(fake: FakeKeystone, ks: Any, sandbox: str) -> None:
    patched = claude_agent_sdk.query
    assert getattr(patched, "__keystone_instrumented__", False)
    assert ks.observe(sandbox_id=sandbox, tracing=False).count("claude-agent-sdk") == 1
    assert claude_agent_sdk.query is patched
    await run([TURN_2, RESULT])
    assert len(llm_calls(fake)) == 1
    _auto.reset()
    assert "claude-agent-sdk" not in _auto.applied()
    assert claude_agent_sdk.query is patched.__wrapped__
