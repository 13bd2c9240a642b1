"""Anthropic: read Messages API results (a whole ``Message``, or the raw stream events).

Token convention: Anthropic's ``input_tokens`` EXCLUDES both cache buckets
(``cache_read_input_tokens``, ``cache_creation_input_tokens``), so they add up without overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

__all__ = ["MessageStreamAccumulator", "message_result", "message_usage"]


def message_usage(usage: object, previous: Usage | None = None) -> Usage:
    """A Messages API ``usage``; fields it lacks keep their ``previous`` value (stream deltas)."""
    before = previous or Usage()

    def pick(name: str, default: int) -> int:
        value = get(usage, name)
        return default if value is None else number(value)

    return Usage(
        input_tokens=pick("input_tokens", before.input_tokens),
        output_tokens=pick("output_tokens", before.output_tokens),
        cache_read_tokens=pick("cache_read_input_tokens", before.cache_read_tokens),
        cache_write_tokens=pick("cache_creation_input_tokens", before.cache_write_tokens),
    )


def message_result(message: object) -> LLMResult:
    """A ``Message``: its text blocks joined, its ``tool_use`` blocks, usage and stop reason."""
    parts: list[str] = []
    calls: list[ToolCall] = []
    for block in items(get(message, "content")):
        kind = get(block, "type")
        if kind == "text":
            parts.append(text(get(block, "text")))
        elif kind in ("tool_use", "server_tool_use"):
            calls.append(
                ToolCall(
                    name=text(get(block, "name")),
                    arguments=arguments_text(get(block, "input")),
                    id=text(get(block, "id")),
                )
            )
    reason = text(get(message, "stop_reason"))
    return LLMResult(
        text="".join(parts),
        tool_calls=tuple(calls),
        usage=message_usage(get(message, "usage")),
        model=text(get(message, "model")),
        response_id=text(get(message, "id")),
        finish_reasons=(reason,) if reason else (),
    )


@dataclass
class _Block:
    kind: str
    name: str = ""
    id: str = ""
    parts: list[str] = field(default_factory=list)
    # A tool_use block's ``input`` at start ({} when the tool takes no arguments).
    initial: str = ""


@dataclass
class MessageStreamAccumulator:
    """Folds raw stream events (``message_start``, ``content_block_*``, ``message_delta``).

    ``message_start`` carries the model, id and input usage; ``message_delta`` the stop reason and
    the (cumulative) output tokens; tool arguments arrive as ``input_json_delta`` fragments.
    """

    _blocks: dict[int, _Block] = field(default_factory=dict)
    _usage: Usage = field(default_factory=Usage)
    _model: str = ""
    _id: str = ""
    _reason: str = ""

    def add(self, event: object) -> None:
        """Take one raw stream event into account."""
        kind = get(event, "type")
        if kind == "message_start":
            message = get(event, "message")
            self._model = text(get(message, "model")) or self._model
            self._id = text(get(message, "id")) or self._id
            self._usage = message_usage(get(message, "usage"), self._usage)
        elif kind == "content_block_start":
            block = get(event, "content_block")
            self._blocks[number(get(event, "index"))] = _Block(
                kind=text(get(block, "type")),
                name=text(get(block, "name")),
                id=text(get(block, "id")),
                parts=[text(get(block, "text"))],
                initial=arguments_text(get(block, "input")),
            )
        elif kind == "content_block_delta":
            delta = get(event, "delta")
            block = self._blocks.setdefault(number(get(event, "index")), _Block(kind="text"))
            delta_kind = get(delta, "type")
            if delta_kind == "text_delta":
                block.parts.append(text(get(delta, "text")))
            elif delta_kind == "input_json_delta":
                block.parts.append(text(get(delta, "partial_json")))
        elif kind == "message_delta":
            self._reason = text(get(get(event, "delta"), "stop_reason")) or self._reason
            usage = get(event, "usage")
            if usage is not None:
                self._usage = message_usage(usage, self._usage)

    def result(self) -> LLMResult:
        """What the events so far add up to."""
        ordered = [block for _, block in sorted(self._blocks.items())]
        return LLMResult(
            text="".join("".join(block.parts) for block in ordered if block.kind == "text"),
            tool_calls=tuple(
                ToolCall(
                    name=block.name,
                    arguments="".join(block.parts) or block.initial,
                    id=block.id,
                )
                for block in ordered
                if block.kind in ("tool_use", "server_tool_use")
            ),
            usage=self._usage,
            model=self._model,
            response_id=self._id,
            finish_reasons=(self._reason,) if self._reason else (),
        )
