"""OpenAI: read Chat Completions and Responses results (whole, or streamed chunk by chunk).

Token convention: OpenAI's ``prompt_tokens`` / ``input_tokens`` INCLUDE the cached tokens
(``*_tokens_details.cached_tokens``), so the uncached input is the difference; reasoning tokens
are part of the completion / output tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polarity_keystone._instrument._result import (
    ChoiceStreamAccumulator,
    LLMResult,
    PartialCall,
    ToolCall,
    Usage,
    arguments_text,
    get,
    items,
    number,
    text,
)

__all__ = [
    "ChatStreamAccumulator",
    "ResponsesStreamAccumulator",
    "chat_result",
    "chat_usage",
    "responses_result",
    "responses_usage",
]


def chat_usage(usage: object) -> Usage:
    """A Chat Completions ``usage`` object (``prompt_tokens`` includes the cached ones)."""
    prompt = number(get(usage, "prompt_tokens"))
    cached = min(number(get(get(usage, "prompt_tokens_details"), "cached_tokens")), prompt)
    return Usage(
        input_tokens=prompt - cached,
        output_tokens=number(get(usage, "completion_tokens")),
        cache_read_tokens=cached,
        reasoning_tokens=number(get(get(usage, "completion_tokens_details"), "reasoning_tokens")),
    )


def responses_usage(usage: object) -> Usage:
    """A Responses API ``usage`` object (``input_tokens`` includes the cached ones)."""
    prompt = number(get(usage, "input_tokens"))
    cached = min(number(get(get(usage, "input_tokens_details"), "cached_tokens")), prompt)
    return Usage(
        input_tokens=prompt - cached,
        output_tokens=number(get(usage, "output_tokens")),
        cache_read_tokens=cached,
        reasoning_tokens=number(get(get(usage, "output_tokens_details"), "reasoning_tokens")),
    )


def _message_text(content: object) -> str:
    if isinstance(content, str):
        return content
    # Content parts ([{type: "text", text: ...}]), which some compatible servers send back.
    return "".join(text(get(part, "text")) for part in items(content))


def chat_result(completion: object) -> LLMResult:
    """A ``ChatCompletion``: the first choice's text and tool calls, every finish reason."""
    choices = items(get(completion, "choices"))
    message = get(choices[0], "message") if choices else None
    calls = tuple(
        ToolCall(
            name=text(get(get(call, "function"), "name")) or text(get(get(call, "custom"), "name")),
            arguments=arguments_text(get(get(call, "function"), "arguments"))
            or arguments_text(get(get(call, "custom"), "input")),
            id=text(get(call, "id")),
        )
        for call in items(get(message, "tool_calls"))
    )
    return LLMResult(
        text=_message_text(get(message, "content")) or text(get(message, "refusal")),
        tool_calls=calls,
        usage=chat_usage(get(completion, "usage")),
        model=text(get(completion, "model")),
        response_id=text(get(completion, "id")),
        finish_reasons=tuple(
            reason for choice in choices if (reason := text(get(choice, "finish_reason")))
        ),
    )


class ChatStreamAccumulator(ChoiceStreamAccumulator):
    """Folds ``ChatCompletionChunk`` s: text deltas, tool-call deltas by index, the final usage.

    Usage arrives only when the caller asked for it (``stream_options={"include_usage": True}``).
    """

    def chunk_usage(self, chunk: object) -> Usage | None:
        """The usage chunk's counts (None on the others)."""
        usage = get(chunk, "usage")
        return chat_usage(usage) if usage is not None else None

    def delta_text(self, delta: object) -> str:
        """The delta's content, else its refusal."""
        return text(get(delta, "content")) or text(get(delta, "refusal"))


def responses_result(response: object) -> LLMResult:
    """A Responses API ``Response``: its output text, function calls, usage and status."""
    parts: list[str] = []
    calls: list[ToolCall] = []
    for item in items(get(response, "output")):
        kind = get(item, "type")
        if kind == "message":
            parts.extend(
                text(get(part, "text")) or text(get(part, "refusal"))
                for part in items(get(item, "content"))
            )
        elif kind in ("function_call", "custom_tool_call"):
            calls.append(
                ToolCall(
                    name=text(get(item, "name")),
                    arguments=arguments_text(get(item, "arguments") or get(item, "input")),
                    id=text(get(item, "call_id")) or text(get(item, "id")),
                )
            )
    status = text(get(response, "status"))
    reason = text(get(get(response, "incomplete_details"), "reason"))
    return LLMResult(
        text="".join(parts),
        tool_calls=tuple(calls),
        usage=responses_usage(get(response, "usage")),
        model=text(get(response, "model")),
        response_id=text(get(response, "id")),
        finish_reasons=(reason or status,) if (reason or status) else (),
    )


@dataclass
class ResponsesStreamAccumulator:
    """Folds Responses API stream events; the terminal event carries the whole response.

    ``response.completed`` / ``.incomplete`` / ``.failed`` hold the final ``Response`` (usage
    included); until one arrives, the text and function-call argument deltas stand in for it.
    """

    _text: list[str] = field(default_factory=list)
    _calls: dict[str, PartialCall] = field(default_factory=dict)
    _model: str = ""
    _id: str = ""
    _final: LLMResult | None = None

    def add(self, event: object) -> None:
        """Take one stream event into account."""
        kind = get(event, "type")
        response = get(event, "response")
        if response is not None:
            self._model = text(get(response, "model")) or self._model
            self._id = text(get(response, "id")) or self._id
            if kind in ("response.completed", "response.incomplete", "response.failed"):
                self._final = responses_result(response)
        if kind == "response.output_text.delta":
            self._text.append(text(get(event, "delta")))
        elif kind == "response.output_item.added":
            item = get(event, "item")
            if get(item, "type") in ("function_call", "custom_tool_call"):
                key = text(get(item, "id")) or str(len(self._calls))
                self._calls[key] = PartialCall(
                    id=text(get(item, "call_id")), name=text(get(item, "name"))
                )
        elif kind in (
            "response.function_call_arguments.delta",
            "response.custom_tool_call_input.delta",
        ):
            call = self._calls.setdefault(text(get(event, "item_id")), PartialCall())
            call.arguments.append(text(get(event, "delta")))

    def result(self) -> LLMResult:
        """The final response if it arrived, else what the deltas so far add up to."""
        if self._final is not None:
            return self._final
        return LLMResult(
            text="".join(self._text),
            tool_calls=tuple(
                ToolCall(name=call.name, arguments="".join(call.arguments), id=call.id)
                for call in self._calls.values()
            ),
            model=self._model,
            response_id=self._id,
        )
