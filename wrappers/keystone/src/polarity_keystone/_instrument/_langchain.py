"""LangChain (``langchain-core``): one callback handler, registered process-wide.

Every chat-model / LLM run becomes one ``llm_call`` event (tool ``langchain.<ModelClass>``,
e.g. ``langchain.ChatOpenAI``), parented under the ``@traced`` span current when the run
started, with the model's tool calls as ``tool_use`` children; every tool run becomes a
``tool_call`` span (``start`` / ``end`` events named after the tool). A failing run is an
error event; LangChain re-raises the error itself, unchanged.

Registration: :func:`install` hands LangChain's ``register_configure_hook`` a REAL
``ContextVar`` whose DEFAULT is our handler (so every thread and task sees it, with no
``set()`` to forget), inheritable (child runs keep it), with our handler class (so a run is
never given two of ours). The published client passed a lambda there, which broke every
LangChain run.

The handler runs inline (``run_inline``): LangChain then calls it in the run's own context,
even from async code, so the current span is the caller's and the run can mute the
provider SDK call it makes underneath (``ChatOpenAI`` → ``openai``, when ``auto_instrument``
patched both): one LLM call, one event (see :func:`~._record.mute_provider_calls`).

Usage (``AIMessage.usage_metadata``): ``input_tokens`` INCLUDES the cache buckets
(``input_token_details.cache_read`` / ``cache_creation``), ``output_tokens`` includes
``output_token_details.reasoning``; older integrations put OpenAI-style ``token_usage`` in
``llm_output``, read as a fallback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

from polarity_keystone._instrument._openai import chat_usage
from polarity_keystone._instrument._record import (
    Destination,
    LLMCall,
    Mute,
    Operation,
    mute_provider_calls,
)
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

if TYPE_CHECKING:
    from polarity_keystone._tracing import Span

__all__ = ["KeystoneCallbackHandler", "install", "run_result"]

_log = logging.getLogger("polarity_keystone.instrument")

# invocation_params keys that carry the sampling options we report.
_OPTION_KEYS = ("temperature", "top_p", "max_tokens", "max_completion_tokens", "max_output_tokens")


def _usage(usage: object) -> Usage:
    total_in = number(get(usage, "input_tokens"))
    details_in = get(usage, "input_token_details")
    read = number(get(details_in, "cache_read"))
    write = number(get(details_in, "cache_creation"))
    cached = min(read + write, total_in)
    return Usage(
        input_tokens=total_in - cached,
        output_tokens=number(get(usage, "output_tokens")),
        cache_read_tokens=min(read, cached),
        cache_write_tokens=cached - min(read, cached),
        reasoning_tokens=number(get(get(usage, "output_token_details"), "reasoning")),
    )


def _response_id(message: object, metadata: object) -> str:
    found = text(get(metadata, "id"))
    if found:
        return found
    # LangChain fills a missing id with its own run id: that names no provider response.
    own = text(get(message, "id"))
    return "" if own.startswith(("run-", "lc_run-")) else own


def run_result(response: object) -> LLMResult:
    """A LangChain ``LLMResult`` (``on_llm_end``): the first generation's text, tool calls,
    usage, model and finish reason.
    """
    generations = items(get(response, "generations"))
    first_batch = items(generations[0]) if generations else ()
    generation = first_batch[0] if first_batch else None
    message = get(generation, "message")
    metadata = get(message, "response_metadata")
    info = get(generation, "generation_info")
    llm_output = get(response, "llm_output")
    usage_metadata = get(message, "usage_metadata")
    if usage_metadata is not None:
        usage = _usage(usage_metadata)
    else:
        usage = chat_usage(get(llm_output, "token_usage") or get(llm_output, "usage"))
    calls = tuple(
        ToolCall(
            name=text(get(call, "name")),
            arguments=arguments_text(get(call, "args")),
            id=text(get(call, "id")),
        )
        for call in items(get(message, "tool_calls"))
    )
    reason = (
        text(get(metadata, "finish_reason"))
        or text(get(metadata, "stop_reason"))
        or text(get(info, "finish_reason"))
    )
    return LLMResult(
        # str(): LangChain's text is a str subclass, which would be captured as JSON.
        text=str(text(get(generation, "text"))),
        tool_calls=calls,
        usage=usage,
        model=text(get(metadata, "model_name"))
        or text(get(metadata, "model"))
        or text(get(llm_output, "model_name")),
        response_id=_response_id(message, metadata),
        finish_reasons=(reason,) if reason else (),
    )


def _messages(batch: Sequence[object]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for message in batch:
        entry: dict[str, object] = {
            "role": text(get(message, "type")) or "unknown",
            "content": get(message, "content"),
        }
        calls = items(get(message, "tool_calls"))
        if calls:
            entry["tool_calls"] = [
                {"name": get(call, "name"), "args": get(call, "args")} for call in calls
            ]
        out.append(entry)
    return out


def _model_class(serialized: object, kwargs: Mapping[str, Any]) -> str:
    name = text(kwargs.get("name")) or text(get(serialized, "name"))
    if not name:
        path = items(get(serialized, "id"))
        name = text(path[-1]) if path else ""
    return name or "model"


def _request(
    messages: object, metadata: Mapping[str, Any], invocation: Mapping[str, Any]
) -> dict[str, Any]:
    """The keywords :class:`LLMCall` reads (model and sampling options) from LangChain's."""
    request: dict[str, Any] = {"messages": messages}
    model = (
        text(metadata.get("ls_model_name"))
        or text(invocation.get("model"))
        or text(invocation.get("model_name"))
    )
    if model:
        request["model"] = model
    for key in _OPTION_KEYS:
        if key in invocation:
            request[key] = invocation[key]
    if "temperature" not in request and "ls_temperature" in metadata:
        request["temperature"] = metadata["ls_temperature"]
    if not any(key in request for key in _OPTION_KEYS[2:]) and "ls_max_tokens" in metadata:
        request["max_tokens"] = metadata["ls_max_tokens"]
    return request


@dataclass
class _LLMRun:
    call: LLMCall
    mute: Mute | None


class KeystoneCallbackHandler(BaseCallbackHandler):
    """Reports LangChain chat-model / LLM runs as ``llm_call`` events and tool runs as
    ``tool_call`` spans, wherever its :class:`~._record.Destination` points.

    Never raises into LangChain: a run it cannot read is reported with what could be read.
    """

    # Called in the run's own context (sync or async): the current span and the mute hold.
    run_inline = True
    raise_error = False

    def __init__(self, destination: Destination) -> None:
        """Report to ``destination`` (re-pointable; nowhere while it points nowhere)."""
        self._destination = destination
        self._lock = threading.Lock()
        self._llm_runs: dict[UUID, _LLMRun] = {}
        self._tool_runs: dict[UUID, Span] = {}

    # --- LLM runs -------------------------------------------------------------------------------

    def _start_llm(
        self,
        serialized: object,
        messages: object,
        run_id: UUID,
        kwargs: Mapping[str, Any],
    ) -> None:
        try:
            metadata = kwargs.get("metadata")
            metadata = metadata if isinstance(metadata, Mapping) else {}
            invocation = kwargs.get("invocation_params")
            invocation = invocation if isinstance(invocation, Mapping) else {}
            provider = text(metadata.get("ls_provider")) or "langchain"
            operation = Operation(
                provider=provider,
                tool=f"langchain.{_model_class(serialized, kwargs)}",
                parse=run_result,  # results arrive through on_llm_end
            )
            call = LLMCall.begin(
                self._destination, operation, (), _request(messages, metadata, invocation)
            )
            # Mute only when this run reports: else the SDK layer is the only report left.
            mute = mute_provider_calls() if self._destination.reporter is not None else None
        except Exception:
            _log.debug("keystone: could not start a LangChain llm run", exc_info=True)
            return
        with self._lock:
            self._llm_runs[run_id] = _LLMRun(call, mute)

    def _pop_llm(self, run_id: UUID) -> _LLMRun | None:
        with self._lock:
            run = self._llm_runs.pop(run_id, None)
        if run is not None and run.mute is not None:
            run.mute.release()
        return run

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[Any]],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        """A chat-model run starts: open its ``llm_call``."""
        batch = messages[0] if messages else []
        self._start_llm(serialized, _messages(batch), run_id, kwargs)

    def on_llm_start(
        self,
        serialized: dict[str, Any],
        prompts: list[str],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        """A (text) LLM run starts: open its ``llm_call``, the prompt as input."""
        self._start_llm(serialized, prompts[0] if prompts else "", run_id, kwargs)

    def on_llm_end(
        self, response: Any, *, run_id: UUID, parent_run_id: UUID | None = None, **kwargs: Any
    ) -> None:
        """The run answered: report it."""
        run = self._pop_llm(run_id)
        if run is None:
            return
        try:
            result = run_result(response)
        except Exception:
            _log.debug("keystone: could not read a LangChain result", exc_info=True)
            result = LLMResult()
        run.call.finish(result)

    def on_llm_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        """The run failed (or its stream was abandoned): report the error."""
        run = self._pop_llm(run_id)
        if run is None:
            return
        if isinstance(error, GeneratorExit):  # a stream closed early: incomplete, not failed
            run.call.finish(LLMResult(), complete=False)
        else:
            run.call.fail(error)

    # --- tool runs ------------------------------------------------------------------------------

    def on_tool_start(
        self,
        serialized: dict[str, Any],
        input_str: str,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        inputs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """A tool run starts: open its ``tool_call`` span."""
        reporter = self._destination.reporter
        if reporter is None:
            return
        try:
            name = text(kwargs.get("name")) or text(get(serialized, "name")) or "tool"
            span = reporter.start_span(
                name,
                event_type="tool_call",
                input=inputs if inputs is not None else input_str,
                metadata={"gen_ai.tool.name": name, "keystone.framework": "langchain"},
            )
        except Exception:
            _log.debug("keystone: could not start a LangChain tool span", exc_info=True)
            return
        with self._lock:
            self._tool_runs[run_id] = span

    def _end_tool(self, run_id: UUID, fill: Callable[[Span], None]) -> None:
        with self._lock:
            span = self._tool_runs.pop(run_id, None)
        if span is None:
            return
        try:
            fill(span)
        finally:
            span.end()

    def on_tool_end(
        self, output: Any, *, run_id: UUID, parent_run_id: UUID | None = None, **kwargs: Any
    ) -> None:
        """The tool returned: end its span with the output."""
        self._end_tool(run_id, lambda span: span.set_output(get(output, "content") or output))

    def on_tool_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        """The tool raised: end its span as an error."""
        self._end_tool(run_id, lambda span: span.set_error(error))


def install(destination: Destination) -> Callable[[], None]:
    """Register one :class:`KeystoneCallbackHandler` for every LangChain run in the process.

    Returns the undo (unregisters it; runs already configured keep their handler).
    """
    from langchain_core.tracers import context as lc_context

    handler = KeystoneCallbackHandler(destination)
    # The default is what every thread and task sees; set(None) in a context opts it out.
    var: ContextVar[KeystoneCallbackHandler | None] = ContextVar(
        "keystone_langchain_handler", default=handler
    )
    lc_context.register_configure_hook(
        var, inheritable=True, handle_class=KeystoneCallbackHandler, env_var=None
    )

    def undo() -> None:
        # No public unregister: drop our entry from the hook list LangChain iterates.
        hooks: list[Any] = getattr(lc_context, "_configure_hooks", [])
        hooks[:] = [hook for hook in hooks if hook[0] is not var]

    return undo
