"""DSPy: every language-model call (``lm(...)``, ``await lm.acall(...)``, ``lm.forward(...)``,
``await lm.aforward(...)``, and the calls DSPy modules make) is one ``llm_call`` event named
``dspy.LM``.

DSPy 3.4 runs every such call, whatever the ``BaseLM`` (``dspy.LM`` and its engines: native
lm15, LiteLLM, custom; ``DummyLM``; legacy subclasses), through
``dspy.clients.execution.execute`` / ``aexecute``, which return the call's ``CallResult``
(outputs, usage, response model); those two are patched, so the event has the usage, and the
calls made underneath (LiteLLM, an instrumented OpenAI client, a nested LM) are muted: one
DSPy call is one event. The call's retries and, with ``settings.send_stream``, its streaming
happen inside it. A response served from DSPy's cache has no usage (nothing was billed).

``gen_ai.provider.name`` is the model's prefix (``anthropic`` for ``anthropic/claude-...``),
else DSPy's own default (``openai``) for a ``dspy.LM``, else ``dspy``. Token convention: the
``CallResult`` usage is LiteLLM-shaped (``prompt_tokens`` include the cached tokens).

Patched only when the user imports ``dspy`` (see ``_auto``): importing it costs seconds.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from polarity_keystone._instrument._litellm import litellm_usage
from polarity_keystone._instrument._openai import chat_result
from polarity_keystone._instrument._record import (
    MARK,
    Destination,
    LLMCall,
    Operation,
    mute_provider_calls,
)
from polarity_keystone._instrument._result import (
    LLMResult,
    ToolCall,
    arguments_text,
    get,
    items,
    text,
)

__all__ = ["DSPY_LM", "aexecute_wrapper", "call_result", "execute_wrapper", "patch"]

_log = logging.getLogger("polarity_keystone.instrument")


def _tool_calls(output: object) -> tuple[ToolCall, ...]:
    return tuple(
        ToolCall(
            name=text(get(get(call, "function"), "name")),
            arguments=arguments_text(get(get(call, "function"), "arguments")),
            id=text(get(call, "id")),
        )
        for call in items(get(output, "tool_calls"))
    )


def call_result(result: object) -> LLMResult:
    """A DSPy ``CallResult``: the first output (a string, or ``{"text", "tool_calls"}``),
    the usage, the response model; id and finish reason from the provider's response.
    """
    outputs = items(get(result, "outputs"))
    first = outputs[0] if outputs else None
    answer = first if isinstance(first, str) else text(get(first, "text"))
    response_id = ""
    reasons: tuple[str, ...] = ()
    responses = items(get(result, "responses"))
    if responses:  # lm15 Responses (native and custom engines)
        response_id = text(get(responses[0], "id"))
        reasons = tuple(r for response in responses if (r := text(get(response, "finish_reason"))))
    elif get(result, "raw") is not None:  # an OpenAI-shaped response (the LiteLLM engine)
        raw = chat_result(get(result, "raw"))
        response_id, reasons = raw.response_id, raw.finish_reasons
    return LLMResult(
        text=answer,
        tool_calls=_tool_calls(first),
        usage=litellm_usage(get(result, "usage")),
        model=text(get(result, "response_model")),
        response_id=response_id,
        finish_reasons=reasons,
    )


DSPY_LM = Operation(provider="dspy", tool="dspy.LM", parse=call_result)


def _provider(lm: object) -> str:
    model = text(get(lm, "model"))
    prefix, slash, _ = model.partition("/")
    if slash and prefix:
        return prefix
    return text(get(lm, "_provider_name")) or "dspy"


def _begin(destination: Destination, lm: object, call: object) -> LLMCall:
    """The span for one DSPy call: the model, the messages (or the lm15 Request's), options."""
    try:
        legacy = get(call, "legacy")
        named: dict[str, Any] = dict(legacy) if isinstance(legacy, Mapping) else {}
        named.setdefault("model", text(get(lm, "model")))
        request = get(call, "request")
        if request is not None and "messages" not in named:
            named["messages"] = get(request, "messages")
        operation = Operation(provider=_provider(lm), tool=DSPY_LM.tool, parse=call_result)
    except Exception:  # an unknown PreparedCall shape: report what we can
        _log.debug("keystone: could not read a dspy call", exc_info=True)
        named, operation = {}, DSPY_LM
    return LLMCall.begin(destination, operation, (), named)


def _parse(result: object) -> LLMResult:
    try:
        return call_result(result)
    except Exception:
        _log.debug("keystone: could not read a dspy CallResult", exc_info=True)
        return LLMResult()


def execute_wrapper(original: Callable[..., Any], destination: Destination) -> Callable[..., Any]:
    """``execution.execute(lm, call)`` reporting the call (muting the calls it makes)."""

    @functools.wraps(original)
    def execute(lm: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        report = _begin(destination, lm, call)
        mute = mute_provider_calls()
        try:
            result = original(lm, call, *args, **kwargs)
        except BaseException as exc:
            report.fail(exc)
            raise
        finally:
            mute.release()
        report.finish(_parse(result))
        return result

    setattr(execute, MARK, True)
    return execute


def aexecute_wrapper(
    original: Callable[..., Awaitable[Any]], destination: Destination
) -> Callable[..., Awaitable[Any]]:
    """``execution.aexecute``: the async twin of :func:`execute_wrapper`."""

    @functools.wraps(original)
    async def aexecute(lm: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        report = _begin(destination, lm, call)
        mute = mute_provider_calls()
        try:
            result = await original(lm, call, *args, **kwargs)
        except BaseException as exc:
            report.fail(exc)
            raise
        finally:
            mute.release()
        report.finish(_parse(result))
        return result

    setattr(aexecute, MARK, True)
    return aexecute


def patch(destination: Destination) -> list[Callable[[], None]]:
    """Patch DSPy's ``execute`` / ``aexecute`` (dspy imported); returns the undos.

    Raises:
        AttributeError: a DSPy without ``dspy.clients.execution.execute`` (before 3.4).

    """
    from dspy.clients import execution  # type: ignore[import-untyped]

    from polarity_keystone._instrument._auto import patch_attribute

    for name in ("execute", "aexecute"):
        if not callable(getattr(execution, name, None)):
            raise AttributeError(f"dspy.clients.execution.{name} not found (DSPy 3.4 expected)")
    return [
        patch_attribute(execution, "execute", lambda f: execute_wrapper(f, destination)),
        patch_attribute(execution, "aexecute", lambda f: aexecute_wrapper(f, destination)),
    ]
