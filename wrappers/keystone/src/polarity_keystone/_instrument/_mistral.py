"""Mistral (``mistralai``): read chat completions, whole or streamed (``CompletionEvent`` s).

Token convention: like OpenAI's, ``prompt_tokens`` INCLUDES the cached tokens
(``prompt_tokens_details.cached_tokens``, an extra field of ``UsageInfo``), so the uncached
input is the difference. A streamed completion's usage arrives on its last chunk.

Content is a string or a list of chunks; only ``text`` chunks are the answer (``thinking``
chunks are not). Tool-call arguments are a JSON string or an object; a missing tool-call id
is the string ``"null"`` in the SDK's model, which we treat as no id.
"""

from __future__ import annotations

from polarity_keystone._instrument._openai import chat_usage
from polarity_keystone._instrument._result import (
    ChoiceStreamAccumulator,
    LLMResult,
    ToolCall,
    Usage,
    arguments_text,
    get,
    items,
    text,
)

__all__ = ["PROVIDER", "CompletionStreamAccumulator", "completion_result", "completion_usage"]

#: ``gen_ai.provider.name`` (OpenTelemetry's value for Mistral AI).
PROVIDER = "mistral_ai"


def completion_usage(usage: object) -> Usage:
    """A ``UsageInfo`` (same shape and convention as OpenAI's chat usage)."""
    return chat_usage(usage)


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    return "".join(
        text(get(chunk, "text")) for chunk in items(content) if get(chunk, "type") == "text"
    )


def _call_id(call: object) -> str:
    value = text(get(call, "id"))
    return "" if value == "null" else value


def _tool_call(call: object) -> ToolCall:
    function = get(call, "function")
    return ToolCall(
        name=text(get(function, "name")),
        arguments=arguments_text(get(function, "arguments")),
        id=_call_id(call),
    )


def _reason(value: object) -> str:
    # The SDK's finish reasons are plain strings (open enums), sometimes an Enum member.
    return text(getattr(value, "value", value))


def completion_result(response: object) -> LLMResult:
    """A ``ChatCompletionResponse``: the first choice's text and tool calls, every finish reason."""
    choices = items(get(response, "choices"))
    message = get(choices[0], "message") if choices else None
    return LLMResult(
        text=_content_text(get(message, "content")),
        tool_calls=tuple(_tool_call(call) for call in items(get(message, "tool_calls"))),
        usage=completion_usage(get(response, "usage")),
        model=text(get(response, "model")),
        response_id=text(get(response, "id")),
        finish_reasons=tuple(
            reason for choice in choices if (reason := _reason(get(choice, "finish_reason")))
        ),
    )


class CompletionStreamAccumulator(ChoiceStreamAccumulator):
    """Folds ``CompletionEvent`` s (each wraps a ``CompletionChunk`` in ``data``).

    Mistral usually sends each tool call whole in one delta; fragments with the same index are
    joined.
    """

    def add(self, chunk: object) -> None:
        """Take one stream event (or a bare chunk) into account."""
        data = get(chunk, "data")
        super().add(chunk if data is None else data)

    def chunk_usage(self, chunk: object) -> Usage | None:
        """The usage a chunk reports with counts in it (None otherwise)."""
        usage = get(chunk, "usage")
        if usage is None or get(usage, "prompt_tokens") is None:
            return None
        return completion_usage(usage)

    def delta_text(self, delta: object) -> str:
        """The delta's text chunks."""
        return _content_text(get(delta, "content"))

    def finish_reason(self, value: object) -> str:
        """A finish reason, plain or an Enum member."""
        return _reason(value)

    def call_id(self, call_delta: object) -> str:
        """The delta's id (Mistral's ``"null"`` is none)."""
        return _call_id(call_delta)

    def call_arguments(self, value: object) -> str:
        """Arguments as JSON text (Mistral may send them parsed)."""
        return arguments_text(value)
