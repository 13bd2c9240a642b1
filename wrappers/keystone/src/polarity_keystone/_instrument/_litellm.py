"""LiteLLM: ``litellm.completion`` and ``litellm.acompletion`` (plain and ``stream=True``).

Each call is one ``llm_call`` event named ``litellm.completion`` / ``litellm.acompletion``
whose ``gen_ai.provider.name`` is the provider LiteLLM routes to (``anthropic`` for
``anthropic/claude-...``, from the ``custom_llm_provider`` argument, the model prefix, else
``litellm.get_llm_provider``). The SDK calls LiteLLM makes underneath (its OpenAI path uses an
``openai.OpenAI`` client, which ``auto_instrument`` may have patched) are muted, so one call is
one event. A stream keeps its type (``CustomStreamWrapper``: code and LiteLLM itself check it
with ``isinstance``) and is reported once, when it ends, fails or is closed.

Token convention: LiteLLM's ``prompt_tokens`` INCLUDE the cached tokens (both Anthropic cache
buckets too: ``cache_read_input_tokens`` / ``prompt_tokens_details.cached_tokens`` and
``cache_creation_input_tokens``), so the uncached input is the difference.

Patched only when the user imports ``litellm`` (see ``_auto``): importing it ourselves would
fetch its price map from the internet unless ``LITELLM_LOCAL_MODEL_COST_MAP`` is set.
Not covered: ``text_completion``, ``responses``, ``embedding``, ``Router`` methods (its
deployments call ``litellm.acompletion`` internally, which is covered), functions imported from
``litellm`` before the patch (``from litellm import completion`` binds the original).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from polarity_keystone._instrument._openai import ChatStreamAccumulator, chat_result
from polarity_keystone._instrument._record import (
    MARK,
    Accumulator,
    Destination,
    LLMCall,
    Operation,
    mute_provider_calls,
)
from polarity_keystone._instrument._result import LLMResult, Usage, get, number

__all__ = [
    "LITELLM_ACOMPLETION",
    "LITELLM_COMPLETION",
    "LiteLLMStreamAccumulator",
    "litellm_result",
    "litellm_usage",
    "patch",
    "provider_for",
    "watch_stream",
]

_log = logging.getLogger("polarity_keystone.instrument")


def litellm_usage(usage: object) -> Usage:
    """LiteLLM's ``Usage`` (``prompt_tokens`` includes cache reads and cache writes)."""
    prompt = number(get(usage, "prompt_tokens"))
    details = get(usage, "prompt_tokens_details")
    read = number(get(usage, "cache_read_input_tokens")) or number(get(details, "cached_tokens"))
    write = number(get(usage, "cache_creation_input_tokens")) or number(
        get(details, "cache_creation_tokens")
    )
    read = min(read, prompt)
    write = min(write, prompt - read)
    return Usage(
        input_tokens=prompt - read - write,
        output_tokens=number(get(usage, "completion_tokens")),
        cache_read_tokens=read,
        cache_write_tokens=write,
        reasoning_tokens=number(get(get(usage, "completion_tokens_details"), "reasoning_tokens")),
    )


def litellm_result(response: object) -> LLMResult:
    """A ``ModelResponse`` (OpenAI-shaped): as a chat completion, with LiteLLM's usage."""
    return dataclasses.replace(chat_result(response), usage=litellm_usage(get(response, "usage")))


@dataclasses.dataclass
class LiteLLMStreamAccumulator(ChatStreamAccumulator):
    """Folds ``ModelResponseStream`` chunks (OpenAI-shaped) with LiteLLM's usage convention.

    The usage comes on a final chunk when the caller asked for it
    (``stream_options={"include_usage": True}``), else LiteLLM's own count on the last one.
    """

    def add(self, chunk: object) -> None:
        """Take one chunk into account."""
        before = self._usage
        super().add(chunk)
        usage = get(chunk, "usage")
        # A chunk may carry an all-zero placeholder; the counted usage is on a later one.
        counted = number(get(usage, "prompt_tokens")) or number(get(usage, "completion_tokens"))
        self._usage = litellm_usage(usage) if counted else before


LITELLM_COMPLETION = Operation(
    provider="litellm",
    tool="litellm.completion",
    parse=litellm_result,
    accumulator=LiteLLMStreamAccumulator,
)
LITELLM_ACOMPLETION = dataclasses.replace(LITELLM_COMPLETION, tool="litellm.acompletion")


def provider_for(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
    """The provider LiteLLM routes this call to; ``litellm`` when that cannot be told."""
    explicit = kwargs.get("custom_llm_provider")
    if isinstance(explicit, str) and explicit:
        return explicit
    model = kwargs.get("model", args[0] if args else None)
    if not isinstance(model, str) or not model:
        return "litellm"
    try:
        import litellm  # imported already: this patch only runs once the user imported it

        return str(litellm.get_llm_provider(model)[1]) or "litellm"
    except Exception:  # an unknown model: LiteLLM's own call raises its error
        prefix, slash, _ = model.partition("/")
        return prefix if slash and prefix else "litellm"


def _operation(base: Operation, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Operation:
    return dataclasses.replace(base, provider=provider_for(args, kwargs))


def _call_kwargs(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Mapping[str, Any]:
    # completion(model, messages, ...) may take both positionally.
    if not args:
        return kwargs
    named = dict(kwargs)
    for name, value in zip(("model", "messages"), args, strict=False):
        named.setdefault(name, value)
    return named


# --- streams ------------------------------------------------------------------------------------

_WATCHED: dict[type[Any], type[Any]] = {}
_WATCHED_LOCK = threading.Lock()


def _state(stream: Any) -> tuple[LLMCall, Accumulator] | None:
    call = getattr(stream, "_keystone_call", None)
    accumulator = getattr(stream, "_keystone_accumulator", None)
    if call is None or accumulator is None:
        return None
    return call, accumulator


def _result_of(accumulator: Accumulator) -> LLMResult:
    try:
        return accumulator.result()
    except Exception:
        _log.debug("keystone: could not read a litellm stream's result", exc_info=True)
        return LLMResult()


def _took(stream: Any, item: object) -> None:
    state = _state(stream)
    if state is None:
        return
    try:
        state[1].add(item)
    except Exception:  # a chunk we cannot read must not break the user's stream
        _log.debug("keystone: could not read a litellm stream chunk", exc_info=True)


def _ended(stream: Any, *, complete: bool = True, exc: BaseException | None = None) -> None:
    state = _state(stream)
    if state is None:
        return
    call, accumulator = state
    if exc is None:
        call.finish(_result_of(accumulator), complete=complete)
    else:
        call.fail(exc, _result_of(accumulator))


def _sync_methods(base: type[Any]) -> dict[str, Any]:
    # ``busy``: LiteLLM's own __next__ closes the stream on its way to StopIteration or an
    # error; that close is not the caller stopping early: the outcome is reported instead.
    # The mute: LiteLLM may make its SDK request lazily, at the first chunk.
    def __next__(self: Any) -> Any:
        self._keystone_busy = True
        mute = mute_provider_calls()
        try:
            item = base.__next__(self)
        except StopIteration:
            _ended(self)
            raise
        except BaseException as exc:
            _ended(self, exc=exc)
            raise
        finally:
            mute.release()
            self._keystone_busy = False
        _took(self, item)
        return item

    def close(self: Any) -> None:
        try:
            base.close(self)
        finally:
            if not getattr(self, "_keystone_busy", False):
                _ended(self, complete=False)

    return {"__next__": __next__, "close": close}


def _async_methods(base: type[Any]) -> dict[str, Any]:
    async def __anext__(self: Any) -> Any:
        self._keystone_busy = True
        mute = mute_provider_calls()
        try:
            item = await base.__anext__(self)
        except StopAsyncIteration:
            _ended(self)
            raise
        except BaseException as exc:
            _ended(self, exc=exc)
            raise
        finally:
            mute.release()
            self._keystone_busy = False
        _took(self, item)
        return item

    async def aclose(self: Any) -> None:
        try:
            await base.aclose(self)
        finally:
            if not getattr(self, "_keystone_busy", False):
                _ended(self, complete=False)

    methods: dict[str, Any] = {"__anext__": __anext__}
    if callable(getattr(base, "aclose", None)):
        methods["aclose"] = aclose
    return methods


def _watched_class(base: type[Any]) -> type[Any]:
    """A subclass of ``base`` (``CustomStreamWrapper``) reporting as it is iterated; one per
    base, named as the base, so the stream's type still reads as LiteLLM's.
    """
    if base.__dict__.get("__keystone_watched__"):
        return base  # re-watched (a nested, muted call returned it): same class, new call
    with _WATCHED_LOCK:
        watched = _WATCHED.get(base)
        if watched is None:
            namespace = {
                "__keystone_watched__": True,
                **_sync_methods(base),
                **_async_methods(base),
                "__module__": base.__module__,
                "__qualname__": base.__qualname__,
                "__doc__": base.__doc__,
            }
            watched = _WATCHED[base] = type(base.__name__, (base,), namespace)
        return watched


def watch_stream(stream: Any, call: LLMCall, accumulator: Accumulator) -> Any:
    """``stream`` itself (still a ``CustomStreamWrapper``), reporting ``call`` once it ends.

    Only a ``CustomStreamWrapper`` (or subclass) is watched; anything else is reported as a
    whole response right away.
    """
    try:
        from litellm import CustomStreamWrapper

        if not isinstance(stream, CustomStreamWrapper):
            call.finish(litellm_result(stream))
            return stream
        watched = _watched_class(type(stream))
        stream._keystone_call = call
        stream._keystone_accumulator = accumulator
        stream._keystone_busy = False
        if type(stream) is not watched:
            stream.__class__ = watched
        call.watch(stream, accumulator)
    except Exception:
        _log.debug("keystone: could not watch a litellm stream", exc_info=True)
        call.finish(LLMResult(), complete=False)
    return stream


# --- the patch ----------------------------------------------------------------------------------


def _is_stream(kwargs: Mapping[str, Any]) -> bool:
    return kwargs.get("stream") is True


def completion_wrapper(
    original: Callable[..., Any], destination: Destination
) -> Callable[..., Any]:
    """``litellm.completion`` reporting each call (muting the SDK calls it makes)."""

    @functools.wraps(original)
    def completion(*args: Any, **kwargs: Any) -> Any:
        named = _call_kwargs(args, kwargs)
        operation = _operation(LITELLM_COMPLETION, args, named)
        call = LLMCall.begin(destination, operation, (), named)
        mute = mute_provider_calls()
        try:
            response = original(*args, **kwargs)
        except BaseException as exc:
            call.fail(exc)
            raise
        finally:
            mute.release()
        if _is_stream(named) and operation.accumulator is not None:
            return watch_stream(response, call, operation.accumulator())
        call.finish(_parse(response))
        return response

    setattr(completion, MARK, True)
    return completion


def acompletion_wrapper(
    original: Callable[..., Awaitable[Any]], destination: Destination
) -> Callable[..., Awaitable[Any]]:
    """``litellm.acompletion``: the async twin of :func:`completion_wrapper`."""

    @functools.wraps(original)
    async def acompletion(*args: Any, **kwargs: Any) -> Any:
        named = _call_kwargs(args, kwargs)
        operation = _operation(LITELLM_ACOMPLETION, args, named)
        call = LLMCall.begin(destination, operation, (), named)
        mute = mute_provider_calls()
        try:
            response = await original(*args, **kwargs)
        except BaseException as exc:
            call.fail(exc)
            raise
        finally:
            mute.release()
        if _is_stream(named) and operation.accumulator is not None:
            return watch_stream(response, call, operation.accumulator())
        call.finish(_parse(response))
        return response

    setattr(acompletion, MARK, True)
    return acompletion


def _parse(response: object) -> LLMResult:
    try:
        return litellm_result(response)
    except Exception:
        _log.debug("keystone: could not read a litellm response", exc_info=True)
        return LLMResult()


def patch(destination: Destination) -> list[Callable[[], None]]:
    """Patch ``litellm.completion`` / ``acompletion`` (litellm imported); returns the undos."""
    import litellm

    from polarity_keystone._instrument._auto import patch_attribute

    return [
        patch_attribute(litellm, "completion", lambda f: completion_wrapper(f, destination)),
        patch_attribute(litellm, "acompletion", lambda f: acompletion_wrapper(f, destination)),
    ]
