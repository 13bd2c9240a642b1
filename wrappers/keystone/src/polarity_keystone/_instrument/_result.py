"""What one LLM call produced, in a provider-neutral shape, and safe readers for SDK objects.

Provider parsers (``_openai``, ``_anthropic``, ``_providers``) turn a response, or the chunks of
a stream, into an :class:`LLMResult`; ``_record`` turns that into trace events. Nothing here does
I/O, and nothing raises on an unexpected shape: a field that cannot be read is left empty.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["LLMResult", "ToolCall", "Usage", "arguments_text", "get", "items", "number", "text"]


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
