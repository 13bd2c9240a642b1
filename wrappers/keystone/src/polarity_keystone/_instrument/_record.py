"""One LLM call → one ``llm_call`` span (+ one ``tool_use`` child per tool call), and the
wrappers that put calls and streams through it.

Reporting never blocks and never raises into the caller: a span's ``end()`` only enqueues its
event for the tracing exporter's background thread, and every failure inside the
instrumentation itself is logged at debug level and dropped. The provider's own exceptions
propagate unchanged (after the span records them).

Streams are watched in place: the SDK stream object keeps its type and helpers, only its
internal iterator and ``close`` are wrapped, so the call is reported EXACTLY ONCE, at the first
of: the stream is exhausted, it fails, it is closed (directly or by leaving its ``with`` block),
or it is garbage-collected unfinished.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import threading
import types
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from polarity_keystone._instrument._result import LLMResult, Usage

if TYPE_CHECKING:
    from polarity_keystone._tracing import Reporter, Span

__all__ = [
    "MARK",
    "Accumulator",
    "Destination",
    "LLMCall",
    "Mute",
    "Operation",
    "async_wrapper",
    "is_instrumented",
    "mute_provider_calls",
    "output_text",
    "sync_wrapper",
    "watch_async_stream",
    "watch_sync_stream",
]

_log = logging.getLogger("polarity_keystone.instrument")

# Set on every function we install, so nothing is ever wrapped twice.
MARK = "__keystone_instrumented__"


class Accumulator(Protocol):
    """Folds a stream's items into an :class:`LLMResult`."""

    def add(self, item: object) -> None:
        """Take one stream item into account."""

    def result(self) -> LLMResult:
        """What the items so far add up to."""


@dataclass(frozen=True)
class Operation:
    """One instrumented provider method: how to name, read and stream-fold its calls.

    Attributes:
        provider: the ``gen_ai.provider.name`` (``openai``, ``anthropic``, ...).
        tool: the span name, ``<provider>.<operation>`` (``openai.chat.completions.create``).
        parse: a whole response → its :class:`LLMResult`.
        accumulator: a new stream folder (None: the method never streams).
        input_keys: the request keyword(s) captured as the span input, first present wins
            (``messages``; ``input``); else the first positional argument.
        always_streams: the method returns a stream whatever its arguments (Mistral's
            ``chat.stream``); else only with ``stream=True``.
        stream_attr: the SDK stream object's inner-iterator attribute, swapped for a watched
            one so the object keeps its type (``_iterator`` on openai/anthropic streams).
        options: where the sampling options (``temperature``, ``top_p``, max tokens) live,
            given the call's keywords (None: the keywords themselves; Gemini: its ``config``).

    """

    provider: str
    tool: str
    parse: Callable[[object], LLMResult]
    accumulator: Callable[[], Accumulator] | None = None
    input_keys: tuple[str, ...] = ("messages",)
    always_streams: bool = False
    stream_attr: str = "_iterator"
    options: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None

    def streams(self, kwargs: Mapping[str, Any]) -> bool:
        """Whether a call with ``kwargs`` returns a stream we can fold."""
        return self.accumulator is not None and (
            self.always_streams or kwargs.get("stream") is True
        )


class Destination:
    """Where one instrumented client's calls go; mutable so a re-wrap can re-point it.

    Either pinned to a reporter, or following another destination (a client made while
    ``auto_instrument`` is on follows its process-wide destination; a ``copy()`` follows its
    original's). A pinned reporter wins.
    """

    __slots__ = ("__weakref__", "_follows", "_reporter")

    def __init__(
        self, reporter: Reporter | None = None, *, follows: Destination | None = None
    ) -> None:
        self._reporter = reporter
        self._follows = follows

    def point(
        self, reporter: Reporter | None = None, *, follows: Destination | None = None
    ) -> None:
        """Re-point: to ``reporter``, or to follow ``follows``."""
        self._reporter = reporter
        self._follows = follows

    @property
    def reporter(self) -> Reporter | None:
        """The reporter calls go to now (None: nowhere)."""
        if self._reporter is not None:
            return self._reporter
        seen = 0
        follows = self._follows
        while follows is not None and seen < 16:  # never loop on a cycle
            if follows._reporter is not None:
                return follows._reporter
            follows = follows._follows
            seen += 1
        return None


def is_instrumented(function: object) -> bool:
    """Whether ``function`` is one we installed."""
    return bool(getattr(function, MARK, False))


# --- what goes into the events ------------------------------------------------------------------

_MAX_TOKENS_KEYS = ("max_tokens", "max_completion_tokens", "max_output_tokens")


def _plain(value: object) -> object:
    """A request value worth capturing; lazy iterables are never consumed (the SDK needs them)."""
    if value is None or isinstance(value, str | int | float | bool | Mapping | list | tuple):
        return value
    return f"<{type(value).__name__}>"


def _request_input(
    operation: Operation, args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> object:
    for key in operation.input_keys:
        if key in kwargs:
            return _plain(kwargs[key])
    return _plain(args[0]) if args else None


def _number_option(kwargs: Mapping[str, Any], key: str) -> float | int | None:
    value = kwargs.get(key)
    # SDK sentinels (openai's ``omit``/``NOT_GIVEN``) are not numbers, so they drop out here.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _request_metadata(operation: Operation, kwargs: Mapping[str, Any]) -> dict[str, object]:
    metadata: dict[str, object] = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": operation.provider,
        "gen_ai.system": operation.provider,
    }
    model = kwargs.get("model")
    if isinstance(model, str) and model:
        metadata["gen_ai.request.model"] = model
    options = kwargs
    if operation.options is not None:
        try:
            options = operation.options(kwargs)
        except Exception:  # an unreadable config only costs us its metadata
            _log.debug("keystone: could not read %s options", operation.tool, exc_info=True)
            options = {}
    temperature = _number_option(options, "temperature")
    if temperature is not None:
        metadata["gen_ai.request.temperature"] = temperature
    top_p = _number_option(options, "top_p")
    if top_p is not None:
        metadata["gen_ai.request.top_p"] = top_p
    for key in _MAX_TOKENS_KEYS:
        limit = _number_option(options, key)
        if limit is not None:
            metadata["gen_ai.request.max_tokens"] = limit
            break
    if operation.streams(kwargs):
        metadata["gen_ai.request.stream"] = True
    return metadata


def output_text(result: LLMResult) -> str:
    """The event ``output``: the answer text, then ``{"tool_calls": [...]}`` on its own line."""
    if not result.tool_calls:
        return result.text
    calls = [{"tool": call.name or "unknown", "args": call.arguments} for call in result.tool_calls]
    encoded = json.dumps({"tool_calls": calls}, ensure_ascii=False)
    return f"{result.text}\n{encoded}" if result.text else encoded


def _estimated_usd(model: str, usage: Usage) -> float:
    if not model:
        return 0.0
    try:
        # THE one price table; imported at report time so users' price registrations count.
        from polarity_keystone._pricing import estimate_cost

        return float(
            estimate_cost(
                model,
                usage.input_tokens,
                usage.output_tokens,
                usage.cache_read_tokens,
                cache_write_tokens=usage.cache_write_tokens,
            )
        )
    except Exception:  # pricing must never cost the user their call
        _log.debug("keystone: no cost estimate for %s", model, exc_info=True)
        return 0.0


# --- framework-level calls ----------------------------------------------------------------------


class Mute:
    """While active, provider-level calls made in its context are not reported.

    A framework-level call (a LangChain chat-model run) that reports itself mutes the SDK
    calls it makes underneath (``ChatOpenAI`` → ``openai``), so one LLM call is one
    ``llm_call`` event whatever the layers. Releasing deactivates it wherever it is still
    set, so a run ended from another context (a stream closed by the GC) mutes nothing after.
    """

    __slots__ = ("_active", "_token")

    def __init__(self) -> None:
        self._active = True
        self._token: Token[Mute | None] | None = _MUTE.set(self)

    @property
    def active(self) -> bool:
        """Whether calls in its context are muted."""
        return self._active

    def release(self) -> None:
        """Stop muting (idempotent)."""
        self._active = False
        token, self._token = self._token, None
        if token is not None:
            # Released from another context: the mute is inert there already.
            with contextlib.suppress(ValueError, RuntimeError):
                _MUTE.reset(token)


_MUTE: ContextVar[Mute | None] = ContextVar("keystone_instrument_mute", default=None)


def mute_provider_calls() -> Mute:
    """Mute provider-level reporting in the current context until :meth:`Mute.release`."""
    return Mute()


def _muted() -> bool:
    mute = _MUTE.get()
    return mute is not None and mute.active


# --- one call -----------------------------------------------------------------------------------


class LLMCall:
    """One provider call being reported; :meth:`finish` / :meth:`fail` act once, then no-op.

    Build with :meth:`begin` (which never raises); the span starts there, so its parent is the
    ``@traced`` span current at call time and its duration runs until the answer is complete
    (for a stream: until it ends).
    """

    __slots__ = ("_done", "_finalizer", "_lock", "_model", "_reporter", "_span")

    def __init__(self, reporter: Reporter | None, span: Span | None, requested_model: str) -> None:
        self._reporter = reporter
        self._span = span
        self._model = requested_model
        self._lock = threading.Lock()
        self._done = span is None
        self._finalizer: weakref.finalize[Any, Any] | None = None

    @classmethod
    def begin(
        cls,
        destination: Destination,
        operation: Operation,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
    ) -> LLMCall:
        """Start the ``llm_call`` span for one call (a do-nothing call if that fails)."""
        model = kwargs.get("model")
        requested = model if isinstance(model, str) else ""
        if _muted():  # an enclosing framework-level call reports this one
            return cls(None, None, requested)
        try:
            reporter = destination.reporter
            if reporter is None:
                return cls(None, None, requested)
            span = reporter.start_span(
                operation.tool,
                event_type="llm_call",
                phases="complete",
                input=_request_input(operation, args, kwargs),
                metadata=_request_metadata(operation, kwargs),
            )
        except Exception:
            _log.debug("keystone: could not start an llm_call span", exc_info=True)
            return cls(None, None, requested)
        return cls(reporter, span, requested)

    def _claim(self) -> Span | None:
        with self._lock:
            if self._done:
                return None
            self._done = True
        if self._finalizer is not None:
            self._finalizer.detach()
        return self._span

    def finish(self, result: LLMResult, *, complete: bool = True) -> None:
        """Report the call with ``result`` (``complete=False``: a stream stopped early)."""
        span = self._claim()
        if span is None:
            return
        try:
            self._fill(span, result)
            if not complete:
                span.set_metadata("keystone.stream.incomplete", True)
            span.set_output(output_text(result))
        except Exception:
            _log.debug("keystone: could not fill an llm_call span", exc_info=True)
        self._end(span, result)

    def fail(self, exc: BaseException, partial: LLMResult | None = None) -> None:
        """Report the call as failed with ``exc`` (a stream's ``partial`` result kept)."""
        span = self._claim()
        if span is None:
            return
        result = partial or LLMResult()
        try:
            self._fill(span, result)
            span.set_error(exc)
        except Exception:
            _log.debug("keystone: could not fill an llm_call span", exc_info=True)
        self._end(span, result)

    def watch(self, owner: object, accumulator: Accumulator) -> None:
        """Report what ``accumulator`` holds (as incomplete) if ``owner`` dies unfinished."""
        try:
            finalizer = weakref.finalize(owner, _abandoned, self, accumulator)
        except TypeError:  # not weak-referenceable: the watcher generator still catches GC
            return
        finalizer.atexit = False
        self._finalizer = finalizer

    def _fill(self, span: Span, result: LLMResult) -> None:
        usage = result.usage
        model = result.model or self._model
        # The wire's buckets are disjoint (input excludes cache reads and writes), as
        # estimate_cost's arguments are.
        cost: dict[str, object] = {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cache_read_tokens": usage.cache_read_tokens,
            "reasoning_tokens": usage.reasoning_tokens,
            "model": model,
            "estimated_usd": result.cost_usd
            if result.cost_usd is not None
            else _estimated_usd(model, usage),
        }
        if usage.cache_write_tokens:
            cost["cache_write_tokens"] = usage.cache_write_tokens
        span.set_cost(cost)
        if result.model:
            span.set_metadata("gen_ai.response.model", result.model)
        if result.response_id:
            span.set_metadata("gen_ai.response.id", result.response_id)
        if result.finish_reasons:
            span.set_metadata("gen_ai.response.finish_reasons", list(result.finish_reasons))
        # OpenTelemetry semantics: input_tokens counts every prompt token, cached or not.
        span.set_metadata("gen_ai.usage.input_tokens", usage.total_input_tokens)
        span.set_metadata("gen_ai.usage.output_tokens", usage.output_tokens)
        span.set_metadata("gen_ai.usage.cache_read.input_tokens", usage.cache_read_tokens)
        if usage.cache_write_tokens:
            span.set_metadata("gen_ai.usage.cache_creation.input_tokens", usage.cache_write_tokens)
        if usage.reasoning_tokens:
            span.set_metadata("gen_ai.usage.reasoning.output_tokens", usage.reasoning_tokens)

    def _end(self, span: Span, result: LLMResult) -> None:
        try:
            span.end()
        except Exception:
            _log.debug("keystone: could not end an llm_call span", exc_info=True)
        reporter = self._reporter
        if reporter is None:
            return
        for call in result.tool_calls:
            try:
                child = reporter.start_span(
                    call.name or "unknown",
                    event_type="tool_use",
                    phases="invoked",
                    parent=span,
                    input=call.arguments,
                    metadata={"gen_ai.tool.name": call.name, "gen_ai.tool.call.id": call.id}
                    if call.id
                    else {"gen_ai.tool.name": call.name},
                )
                child.end()
            except Exception:
                _log.debug("keystone: could not report a tool_use span", exc_info=True)


def _abandoned(call: LLMCall, accumulator: Accumulator) -> None:
    call.finish(_safe_result(accumulator), complete=False)


def _safe_result(accumulator: Accumulator) -> LLMResult:
    try:
        return accumulator.result()
    except Exception:
        _log.debug("keystone: could not read a stream's result", exc_info=True)
        return LLMResult()


def _safe_add(accumulator: Accumulator, item: object) -> None:
    try:
        accumulator.add(item)
    except Exception:  # a chunk we cannot read must not break the user's stream
        _log.debug("keystone: could not read a stream item", exc_info=True)


def _safe_parse(operation: Operation, response: object) -> LLMResult:
    try:
        return operation.parse(response)
    except Exception:
        _log.debug("keystone: could not read a %s response", operation.tool, exc_info=True)
        return LLMResult()


# --- streams ------------------------------------------------------------------------------------


def _watch(source: Iterator[Any], call: LLMCall, accumulator: Accumulator) -> Iterator[Any]:
    try:
        for item in source:
            _safe_add(accumulator, item)
            yield item
    except GeneratorExit:  # closed or collected before the end
        call.finish(_safe_result(accumulator), complete=False)
        close = getattr(source, "close", None)
        if callable(close):
            close()
        raise
    except BaseException as exc:
        call.fail(exc, _safe_result(accumulator))
        raise
    call.finish(_safe_result(accumulator))


async def _awatch(
    source: AsyncIterator[Any], call: LLMCall, accumulator: Accumulator
) -> AsyncIterator[Any]:
    try:
        async for item in source:
            _safe_add(accumulator, item)
            yield item
    except GeneratorExit:
        call.finish(_safe_result(accumulator), complete=False)
        close = getattr(source, "aclose", None)
        if callable(close):
            await close()
        raise
    except BaseException as exc:
        call.fail(exc, _safe_result(accumulator))
        raise
    call.finish(_safe_result(accumulator))


class _SyncStreamProxy:
    """Fallback for a stream whose internals we do not know: iterate, close, delegate the rest."""

    def __init__(self, stream: Any, call: LLMCall, accumulator: Accumulator) -> None:
        self._keystone_stream = stream
        self._keystone_call = call
        self._keystone_accumulator = accumulator
        self._keystone_iterator = _watch(iter(stream), call, accumulator)

    def __iter__(self) -> Iterator[Any]:
        return self._keystone_iterator

    def __next__(self) -> Any:
        return next(self._keystone_iterator)

    def __enter__(self) -> _SyncStreamProxy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            close = getattr(self._keystone_stream, "close", None)
            if callable(close):
                close()
        finally:
            self._keystone_call.finish(_safe_result(self._keystone_accumulator), complete=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._keystone_stream, name)


class _AsyncStreamProxy:
    """The async twin of :class:`_SyncStreamProxy`."""

    def __init__(self, stream: Any, call: LLMCall, accumulator: Accumulator) -> None:
        self._keystone_stream = stream
        self._keystone_call = call
        self._keystone_accumulator = accumulator
        self._keystone_iterator = _awatch(stream.__aiter__(), call, accumulator)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._keystone_iterator

    async def __anext__(self) -> Any:
        return await self._keystone_iterator.__anext__()

    async def __aenter__(self) -> _AsyncStreamProxy:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        try:
            close = getattr(self._keystone_stream, "close", None)
            if callable(close):
                await close()
        finally:
            self._keystone_call.finish(_safe_result(self._keystone_accumulator), complete=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._keystone_stream, name)


def watch_sync_stream(
    stream: Any, call: LLMCall, accumulator: Accumulator, *, inner_attr: str = "_iterator"
) -> Any:
    """``stream`` itself, watched in place when it has the Stainless / Speakeasy SDKs' shape
    (an inner iterator at ``inner_attr`` + ``close``: openai's and anthropic's ``Stream``,
    Mistral's ``EventStream`` with ``generator``); a plain generator (Gemini's) becomes a
    watched generator; anything else a delegating proxy.
    """
    if isinstance(stream, types.GeneratorType):
        watched = _watch(stream, call, accumulator)
        call.watch(watched, accumulator)  # a generator never started has no GeneratorExit
        return watched
    original_close = getattr(stream, "close", None)
    inner = getattr(stream, inner_attr, None)
    if not (callable(original_close) and isinstance(inner, Iterator)):
        return _SyncStreamProxy(stream, call, accumulator)

    def close() -> None:
        try:
            original_close()
        finally:
            call.finish(_safe_result(accumulator), complete=False)

    # Instance attributes win over the class's methods (``__exit__`` calls ``self.close()``).
    setattr(stream, inner_attr, _watch(inner, call, accumulator))
    stream.close = close
    call.watch(stream, accumulator)
    return stream


def watch_async_stream(
    stream: Any, call: LLMCall, accumulator: Accumulator, *, inner_attr: str = "_iterator"
) -> Any:
    """The async twin of :func:`watch_sync_stream` (``AsyncStream``, ``EventStreamAsync``,
    async generators).
    """
    if isinstance(stream, types.AsyncGeneratorType):
        watched = _awatch(stream, call, accumulator)
        call.watch(watched, accumulator)
        return watched
    original_close = getattr(stream, "close", None)
    inner = getattr(stream, inner_attr, None)
    if not (callable(original_close) and isinstance(inner, AsyncIterator)):
        return _AsyncStreamProxy(stream, call, accumulator)

    async def close() -> None:
        try:
            await original_close()
        finally:
            call.finish(_safe_result(accumulator), complete=False)

    setattr(stream, inner_attr, _awatch(inner, call, accumulator))
    stream.close = close
    call.watch(stream, accumulator)
    return stream


# --- wrapping methods ---------------------------------------------------------------------------


def _is_sync_stream(result: object) -> bool:
    return hasattr(type(result), "__next__") or (
        hasattr(type(result), "__iter__") and not isinstance(result, str | bytes | Mapping)
    )


def _mark(wrapper: Callable[..., Any], original: Callable[..., Any]) -> None:
    setattr(wrapper, MARK, True)
    wrapper.__keystone_original__ = original  # type: ignore[attr-defined]


def sync_wrapper(
    original: Callable[..., Any], operation: Operation, destination: Destination
) -> Callable[..., Any]:
    """``original`` (a sync provider method) reporting each call; streams when ``stream=True``."""

    @functools.wraps(original)
    def instrumented(*args: Any, **kwargs: Any) -> Any:
        call = LLMCall.begin(destination, operation, args, kwargs)
        try:
            response = original(*args, **kwargs)
        except BaseException as exc:
            call.fail(exc)
            raise
        if (
            operation.accumulator is not None
            and operation.streams(kwargs)
            and _is_sync_stream(response)
        ):
            return watch_sync_stream(
                response, call, operation.accumulator(), inner_attr=operation.stream_attr
            )
        call.finish(_safe_parse(operation, response))
        return response

    _mark(instrumented, original)
    return instrumented


def async_wrapper(
    original: Callable[..., Awaitable[Any]], operation: Operation, destination: Destination
) -> Callable[..., Awaitable[Any]]:
    """The async twin of :func:`sync_wrapper` (the result is awaited, streams are async)."""

    @functools.wraps(original)
    async def instrumented(*args: Any, **kwargs: Any) -> Any:
        call = LLMCall.begin(destination, operation, args, kwargs)
        try:
            response = await original(*args, **kwargs)
        except BaseException as exc:
            call.fail(exc)
            raise
        if (
            operation.accumulator is not None
            and operation.streams(kwargs)
            and hasattr(type(response), "__aiter__")
        ):
            return watch_async_stream(
                response, call, operation.accumulator(), inner_attr=operation.stream_attr
            )
        call.finish(_safe_parse(operation, response))
        return response

    _mark(instrumented, original)
    return instrumented
