"""What one LLM call produced, in a provider-neutral shape, and safe readers for SDK objects.

Provider parsers (``_openai``, ``_anthropic``, ``_providers``) turn a response, or the chunks of
a stream, into an :class:`LLMResult`; ``_record`` turns that into trace events. Nothing here does
I/O, and nothing raises on an unexpected shape: a field that cannot be read is left empty.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "ChoiceStreamAccumulator",
    "LLMResult",
    "PartialCall",
    "ToolCall",
    "Usage",
    "arguments_text",
    "get",
    "items",
    "number",
    "text",
]


@dataclass(frozen=True)
class Usage:
    """Token counts in disjoint buckets (what a bill is made of).

    ``input_tokens`` excludes ``cache_read_tokens`` and ``cache_write_tokens`` whatever the
    provider's own convention; ``reasoning_tokens`` is part of ``output_tokens``.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    reasoning_tokens: int = 0

    @property
    def total_input_tokens(self) -> int:
        """Every prompt token, cached or not (the OpenTelemetry ``gen_ai.usage.input_tokens``)."""
        return self.input_tokens + self.cache_read_tokens + self.cache_write_tokens


@dataclass(frozen=True)
class ToolCall:
    """One tool call the model asked for: its name, its arguments as sent (JSON text), its id."""

    name: str
    arguments: str = ""
    id: str = ""


@dataclass(frozen=True)
class LLMResult:
    """One call's outcome: the answer text, tool calls, token usage and response identity."""

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    response_id: str = ""
    finish_reasons: tuple[str, ...] = ()
    #: The provider's own figure for the whole call, when it reports one (the Claude Agent
    #: SDK's ``total_cost_usd``, which covers every model a run used); else None: estimated.
    cost_usd: float | None = None


def get(obj: object, name: str) -> object:
    """``obj.name`` or ``obj[name]`` (SDK objects and plain dicts alike); None when absent."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    try:
        return getattr(obj, name, None)
    except Exception:  # a property that raises is just an absent field here
        return None


def number(value: object) -> int:
    """``value`` as a non-negative token count; 0 for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return max(int(value), 0)


def text(value: object) -> str:
    """``value`` if it is a string, else ``""``."""
    return value if isinstance(value, str) else ""


def arguments_text(value: object) -> str:
    """Tool arguments as JSON text: strings pass through, anything else is JSON-dumped."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        return json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def items(value: object) -> Sequence[object]:
    """``value`` if it is a list or tuple, else ``()`` (never iterates anything lazy)."""
    return value if isinstance(value, list | tuple) else ()


@dataclass
class PartialCall:
    """A streamed tool call being put together from its deltas."""

    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass
class ChoiceStreamAccumulator:
    """Folds chat-completion-shaped stream chunks (``choices[].delta``, tool-call deltas by
    index, usage on a chunk): what OpenAI Chat Completions, Mistral and LiteLLM send.

    Only the first choice (index 0) is followed, as the non-streamed parsers do; every
    choice's finish reason is kept. Providers differ in the small reads below, which they
    override: the chunk's usage, a delta's text, a finish reason, a call id, its arguments.
    """

    _text: list[str] = field(default_factory=list)
    _calls: dict[int, PartialCall] = field(default_factory=dict)
    _usage: Usage = field(default_factory=Usage)
    _model: str = ""
    _id: str = ""
    _finish: dict[int, str] = field(default_factory=dict)

    def chunk_usage(self, chunk: object) -> Usage | None:
        """The usage this chunk reports, or None when it reports none."""
        raise NotImplementedError

    def delta_text(self, delta: object) -> str:
        """The answer text a delta adds."""
        return text(get(delta, "content"))

    def finish_reason(self, value: object) -> str:
        """A choice's finish reason as text (``""``: none yet)."""
        return text(value)

    def call_id(self, call_delta: object) -> str:
        """A tool-call delta's id (``""``: not in this delta)."""
        return text(get(call_delta, "id"))

    def call_arguments(self, value: object) -> str:
        """A tool-call delta's argument fragment."""
        return text(value)

    def add(self, chunk: object) -> None:
        """Take one chunk into account."""
        self._model = text(get(chunk, "model")) or self._model
        self._id = text(get(chunk, "id")) or self._id
        usage = self.chunk_usage(chunk)
        if usage is not None:
            self._usage = usage
        for choice in items(get(chunk, "choices")):
            index = number(get(choice, "index"))
            reason = self.finish_reason(get(choice, "finish_reason"))
            if reason:
                self._finish[index] = reason
            if index != 0:
                continue
            delta = get(choice, "delta")
            self._text.append(self.delta_text(delta))
            for position, call_delta in enumerate(items(get(delta, "tool_calls"))):
                raw_index = get(call_delta, "index")
                key = number(raw_index) if isinstance(raw_index, int) else position
                call = self._calls.setdefault(key, PartialCall())
                call.id = self.call_id(call_delta) or call.id
                function = get(call_delta, "function")
                call.name = text(get(function, "name")) or call.name
                call.arguments.append(self.call_arguments(get(function, "arguments")))

    def result(self) -> LLMResult:
        """What the chunks so far add up to."""
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
