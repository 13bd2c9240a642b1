"""Claude Agent SDK: ``claude_agent_sdk.query(prompt=..., options=...)``.

One query (however many turns and tools the agent ran) is ONE ``llm_call`` event named
``claude_agent_sdk.query`` (provider ``anthropic``), reported once the message iterator ends,
fails, or is closed or dropped early (``keystone.stream.incomplete``). Every tool use the agent
made (``ToolUseBlock`` / ``ServerToolUseBlock``) becomes a ``tool_use`` child. From the final
``ResultMessage``: the usage (the whole run's, Anthropic's disjoint buckets), the answer
(``result``), the session id (``gen_ai.response.id``), the stop reason or subtype, and the
CLI's own ``total_cost_usd`` as ``estimated_usd`` (it prices every model the run used).
Without a result (a run cut short) the usage is the sum over the assistant messages seen
(once per API message id) and the cost is estimated from the price table.

The iterator is the SDK's own async generator, watched; the prompt is captured only when it is
a string (an async iterable of messages is never consumed). The requested model is
``options.model``; the response model the last top-level assistant message's.

Not covered: ``ClaudeSDKClient`` (interactive sessions), and ``query`` imported before the
patch (``from claude_agent_sdk import query`` binds the original).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from polarity_keystone._instrument._anthropic import message_usage
from polarity_keystone._instrument._record import (
    MARK,
    Destination,
    LLMCall,
    Operation,
    watch_async_stream,
)
from polarity_keystone._instrument._result import (
    LLMResult,
    ToolCall,
    Usage,
    arguments_text,
    get,
    items,
    text,
)

__all__ = ["CLAUDE_AGENT_QUERY", "QueryAccumulator", "patch", "query_wrapper"]

_TOOL_BLOCKS = ("ToolUseBlock", "ServerToolUseBlock")


def _add(total: Usage, more: Usage) -> Usage:
    return Usage(
        input_tokens=total.input_tokens + more.input_tokens,
        output_tokens=total.output_tokens + more.output_tokens,
        cache_read_tokens=total.cache_read_tokens + more.cache_read_tokens,
        cache_write_tokens=total.cache_write_tokens + more.cache_write_tokens,
        reasoning_tokens=total.reasoning_tokens + more.reasoning_tokens,
    )


@dataclass
class QueryAccumulator:
    """Folds a query's messages (``AssistantMessage``, ``ResultMessage``, ...) into one result.

    Messages are told apart by class name, so nothing here imports the SDK.
    """

    _text: list[str] = field(default_factory=list)
    _calls: list[ToolCall] = field(default_factory=list)
    _model: str = ""
    # API message id → its usage: the CLI repeats a message's usage on each of its blocks.
    _usage: dict[str, Usage] = field(default_factory=dict)
    _final: object = None

    def add(self, message: object) -> None:
        """Take one message into account."""
        kind = type(message).__name__
        if kind == "ResultMessage":
            self._final = message
        elif kind == "AssistantMessage":
            top_level = get(message, "parent_tool_use_id") is None
            if top_level:
                self._model = text(get(message, "model")) or self._model
            for block in items(get(message, "content")):
                block_kind = type(block).__name__
                if block_kind == "TextBlock" and top_level:
                    self._text.append(text(get(block, "text")))
                elif block_kind in _TOOL_BLOCKS:
                    self._calls.append(
                        ToolCall(
                            name=text(get(block, "name")),
                            arguments=arguments_text(get(block, "input")),
                            id=text(get(block, "id")),
                        )
                    )
            usage = get(message, "usage")
            if usage is not None:
                key = text(get(message, "message_id")) or f"#{len(self._usage)}"
                self._usage[key] = message_usage(usage)

    def result(self) -> LLMResult:
        """The run's outcome: the final result's figures, else the messages' so far."""
        final = self._final
        usage = Usage()
        for one in self._usage.values():
            usage = _add(usage, one)
        model = self._model
        if final is None:
            return LLMResult(
                text="\n".join(part for part in self._text if part),
                tool_calls=tuple(self._calls),
                usage=usage,
                model=model,
            )
        final_usage = get(final, "usage")
        if final_usage is not None:
            usage = message_usage(final_usage)
        models = get(final, "model_usage")
        if not model and isinstance(models, Mapping) and models:
            model = text(next(iter(models)))
        cost = get(final, "total_cost_usd")
        reason = text(get(final, "stop_reason")) or text(get(final, "subtype"))
        return LLMResult(
            text=text(get(final, "result")) or "\n".join(part for part in self._text if part),
            tool_calls=tuple(self._calls),
            usage=usage,
            model=model,
            response_id=text(get(final, "session_id")),
            finish_reasons=(reason,) if reason else (),
            cost_usd=float(cost)
            if isinstance(cost, int | float) and not isinstance(cost, bool)
            else None,
        )


def _no_parse(_: object) -> LLMResult:
    return LLMResult()


CLAUDE_AGENT_QUERY = Operation(
    provider="anthropic",
    tool="claude_agent_sdk.query",
    parse=_no_parse,  # a query is always a stream of messages
    accumulator=QueryAccumulator,
    input_keys=("prompt",),
)


def _request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """What the call's span reads: the prompt (a string only) and ``options.model``."""
    prompt = kwargs.get("prompt")
    if prompt is not None and not isinstance(prompt, str):
        prompt = f"<{type(prompt).__name__}>"
    named: dict[str, Any] = {"prompt": prompt}
    model = get(kwargs.get("options"), "model")
    if isinstance(model, str) and model:
        named["model"] = model
    return named


def query_wrapper(
    original: Callable[..., AsyncIterator[Any]], destination: Destination
) -> Callable[..., AsyncIterator[Any]]:
    """``query`` returning the SDK's own message iterator, watched (reported once it ends)."""

    @functools.wraps(original)
    def query(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        call = LLMCall.begin(destination, CLAUDE_AGENT_QUERY, (), _request(kwargs))
        try:
            messages = original(*args, **kwargs)
        except BaseException as exc:
            call.fail(exc)
            raise
        return watch_async_stream(messages, call, QueryAccumulator())  # type: ignore[no-any-return]

    setattr(query, MARK, True)
    return query


def patch(destination: Destination) -> list[Callable[[], None]]:
    """Patch ``claude_agent_sdk.query``; returns the undo."""
    import claude_agent_sdk

    from polarity_keystone._instrument._auto import patch_attribute

    return [
        patch_attribute(claude_agent_sdk, "query", lambda f: query_wrapper(f, destination)),
    ]
