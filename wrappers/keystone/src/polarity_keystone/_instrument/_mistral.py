"""Mistral (``mistralai``): read chat completions, whole or streamed (``CompletionEvent`` s).

Token convention: like OpenAI's, ``prompt_tokens`` INCLUDES the cached tokens
(``prompt_tokens_details.cached_tokens``, an extra field of ``UsageInfo``), so the uncached
input is the difference. A streamed completion's usage arrives on its last chunk.

Content is a string or a list of chunks; only ``text`` chunks are the answer (``thinking``
chunks are not). Tool-call arguments are a JSON string or an object; a missing tool-call id
is the string ``"null"`` in the SDK's model, which we treat as no id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polarity_keystone._instrument._openai import chat_usage
from polarity_keystone._instrument._result import (
    LLMResult,
    ToolCall,
    Usage,
    arguments_text,
    get,
    items,
    number,
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


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass
class CompletionStreamAccumulator:
    """Folds ``CompletionEvent`` s (each wraps a ``CompletionChunk`` in ``data``).

    Only the first choice (index 0) is followed, as :func:`completion_result` does. Mistral
    usually sends each tool call whole in one delta; fragments with the same index are joined.
    """

    _text: list[str] = field(default_factory=list)
    _calls: dict[int, _PartialCall] = field(default_factory=dict)
    _usage: Usage = field(default_factory=Usage)
    _model: str = ""
    _id: str = ""
    _finish: dict[int, str] = field(default_factory=dict)

    def add(self, event: object) -> None:
        """Take one stream event into account."""
        chunk = get(event, "data")
        if chunk is None:  # a bare chunk (not wrapped in an event)
            chunk = event
        self._model = text(get(chunk, "model")) or self._model
        self._id = text(get(chunk, "id")) or self._id
        usage = get(chunk, "usage")
        if usage is not None and get(usage, "prompt_tokens") is not None:
            self._usage = completion_usage(usage)
        for choice in items(get(chunk, "choices")):
            index = number(get(choice, "index"))
            reason = _reason(get(choice, "finish_reason"))
            if reason:
                self._finish[index] = reason
            if index != 0:
                continue
            delta = get(choice, "delta")
            self._text.append(_content_text(get(delta, "content")))
            for position, call_delta in enumerate(items(get(delta, "tool_calls"))):
                raw_index = get(call_delta, "index")
                key = number(raw_index) if isinstance(raw_index, int) else position
                call = self._calls.setdefault(key, _PartialCall())
                call.id = _call_id(call_delta) or call.id
                function = get(call_delta, "function")
                call.name = text(get(function, "name")) or call.name
                call.arguments.append(arguments_text(get(function, "arguments")))

    def result(self) -> LLMResult:
        """What the events so far add up to."""
        return LLMResult(
            text="".join(self._text),
            tool_calls=tuple(
                ToolCall(name=call.name, arguments="".join(call.arguments), id=call.id)
                for _, call in sorted(self._calls.items())
            ),
            usage=self._usage,
            model=self._model,
            response_id=self._id,
            finish_reasons=tuple(reason for _, reason in sorted(self._finish.items())),
        )
