"""The provider parsers as pure functions on plain dicts: usage conventions, tool-call deltas
folded by index, and results from partial streams."""

from __future__ import annotations

from polarity_keystone._instrument._anthropic import MessageStreamAccumulator, message_usage
from polarity_keystone._instrument._openai import (
    ChatStreamAccumulator,
    ResponsesStreamAccumulator,
    chat_usage,
)
from polarity_keystone._instrument._record import output_text
from polarity_keystone._instrument._result import LLMResult, ToolCall, Usage


def test_openai_cached_tokens_are_taken_out_of_the_prompt_and_never_exceed_it() -> None:
    usage = chat_usage({"prompt_tokens": 10, "prompt_tokens_details": {"cached_tokens": 4}})
    assert (usage.input_tokens, usage.cache_read_tokens, usage.total_input_tokens) == (6, 4, 10)
    odd = chat_usage({"prompt_tokens": 3, "prompt_tokens_details": {"cached_tokens": 9}})
    assert (odd.input_tokens, odd.cache_read_tokens) == (0, 3)
    assert chat_usage(None) == Usage()
    assert chat_usage({"prompt_tokens": "many", "completion_tokens": True}) == Usage()


def test_interleaved_tool_call_deltas_are_folded_by_index() -> None:
    acc = ChatStreamAccumulator()

    def call(index: int, **function: str) -> dict[str, object]:
        return {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": index, **function}]}}]}

    acc.add(call(0, id="a", function={"name": "f", "arguments": '{"x"'}))  # type: ignore[arg-type]
    acc.add(call(1, id="b", function={"name": "g", "arguments": "{}"}))  # type: ignore[arg-type]
    acc.add(call(0, function={"arguments": ": 1}"}))  # type: ignore[arg-type]
    acc.add({"choices": [{"index": 1, "delta": {"content": "other choice"}}]})
    result = acc.result()
    assert result.tool_calls == (ToolCall("f", '{"x": 1}', "a"), ToolCall("g", "{}", "b"))
    assert result.text == ""


def test_anthropic_usage_deltas_keep_what_they_do_not_repeat() -> None:
    start = message_usage({"input_tokens": 20, "output_tokens": 1, "cache_read_input_tokens": 7})
    later = message_usage({"output_tokens": 40}, start)
    assert (later.input_tokens, later.output_tokens, later.cache_read_tokens) == (20, 40, 7)
    acc = MessageStreamAccumulator()
    block = {"type": "tool_use", "id": "t", "name": "now", "input": {}}
    acc.add({"type": "content_block_start", "index": 0, "content_block": block})
    assert acc.result().tool_calls == (ToolCall("now", "{}", "t"),)


def test_a_responses_stream_without_its_final_event_falls_back_to_the_deltas() -> None:
    acc = ResponsesStreamAccumulator()
    acc.add({"type": "response.created", "response": {"id": "r", "model": "gpt-5"}})
    acc.add({"type": "response.output_text.delta", "delta": "par"})
    item = {"type": "function_call", "id": "fc", "call_id": "c", "name": "f"}
    acc.add({"type": "response.output_item.added", "item": item})
    acc.add({"type": "response.function_call_arguments.delta", "item_id": "fc", "delta": "{}"})
    result = acc.result()
    assert (result.text, result.model, result.response_id) == ("par", "gpt-5", "r")
    assert result.tool_calls == (ToolCall("f", "{}", "c"),)


def test_output_text_puts_tool_calls_on_their_own_line() -> None:
    assert output_text(LLMResult(text="hi")) == "hi"
    only_tools = output_text(LLMResult(tool_calls=(ToolCall("", "{}"),)))
    assert only_tools == '{"tool_calls": [{"tool": "unknown", "args": "{}"}]}'
