"""Spans, the current span (``contextvars``) and ``@traced``.

A :class:`Span` is one unit of work. Where its events go is its *reporter* (a Keystone
destination, see ``_reporter``) and, when an OpenTelemetry tracer is set, an OTel span mirrors
it. When neither is configured, :func:`start_span` returns the shared no-op span and
``@traced`` calls straight through (one flag and one context-variable read).

The current span lives in a :class:`contextvars.ContextVar`, so nesting is right across
``await``, ``asyncio.gather``, task groups and threads started with a copied context; a span
started on a thread without one is a root.

Wire shape (one dict per event): ``ts``, ``event_type``, ``tool`` (the span's name),
``phase``, ``span_id`` (16 lowercase hex), ``parent_span_id`` and ``root_span_id`` (``""`` for
a root: a root's trace id is its own ``span_id``), ``status``; events that end a span add
``duration_ms`` (monotonic), ``error_type`` (``""`` or the exception's class name) and
``output``; ``input``, ``cost`` and ``metadata`` when set. ``ts`` is handed to the exporter
as epoch seconds and written as ISO-8601 UTC with microseconds off the hot path.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import random
import threading
import time
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterator,
    Mapping,
)
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeVar, cast, overload

from polarity_keystone._tracing._capture import (
    MAX_NAME,
    capture,
    capture_arguments,
    clean_name,
    plain,
)

if TYPE_CHECKING:
    from types import TracebackType

    from polarity_keystone._tracing._otel import OtelBridge

__all__ = [
    "CURRENT",
    "UNSET",
    "Phases",
    "Sink",
    "Span",
    "current_span",
    "start_span",
    "traced",
    "use_span",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
Phases = Literal["start_end", "complete", "invoked"]


class _Marker:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: ``start_span(parent=CURRENT)``: the current span is the parent (the default).
CURRENT: Final = _Marker("CURRENT")
#: ``start_span(input=UNSET)``: no input captured.
UNSET: Final = _Marker("UNSET")
_Current = _Marker


class Sink(Protocol):
    """Where a span's events go (a :class:`~polarity_keystone._tracing.Reporter`)."""

    def emit(self, event: dict[str, Any]) -> None:
        """Queue one event; never blocks, never raises."""


class _State:
    """The process-wide defaults ``init_tracing`` sets (every thread reads them)."""

    __slots__ = ("otel", "reporter")

    def __init__(self) -> None:
        self.reporter: Sink | None = None
        self.otel: OtelBridge | None = None


STATE = _State()
# Read by every @traced call: False means "nothing is configured, call straight through".
_ENABLED = False
_CURRENT: ContextVar[Span | None] = ContextVar("polarity_keystone_current_span", default=None)
# One lock for "end once": the critical section is a flag flip, so contention is negligible.
_END_LOCK = threading.Lock()
# Span ids from a private generator (fast; reseeded in a forked child so ids never repeat).
_RNG = random.Random()  # noqa: S311 - ids need uniqueness, not secrecy
_now = time.time
_clock = time.perf_counter

if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_RNG.seed)


def configure(reporter: Sink | None, otel: OtelBridge | None) -> None:
    """Set the process-wide defaults (``init_tracing``'s last step)."""
    global _ENABLED  # noqa: PLW0603 - one flag the hot path reads without an attribute lookup
    STATE.reporter = reporter
    STATE.otel = otel
    _ENABLED = reporter is not None or otel is not None


def new_span_id() -> str:
    """16 lowercase hex characters (64 random bits)."""
    return f"{_RNG.getrandbits(64):016x}"


def _error_text(exc: BaseException) -> str:
    try:
        message = str(exc)
    except Exception:
        message = "<unprintable message>"
    name = type(exc).__name__
    return capture(f"{name}: {message}" if message else name)


class Span:
    """One span: a start, an end, and what happened in between.

    Made by :func:`start_span` (or ``@traced`` / ``with traced(...)``), never directly.
    ``end()`` is idempotent and thread-safe; setters after the end are ignored.

    Attributes:
        name: the span's name (the events' ``tool``).
        span_id: 16 lowercase hex characters.
        parent_span_id: the parent's id, ``""`` for a root.
        root_span_id: the root's id, ``""`` for a root (a root's trace id is its own id).
        event_type: ``"tool_call"`` (``@traced``), ``"llm_call"``, ``"tool_use"``, ``"eval"``...

    """

    __slots__ = (
        "_cost",
        "_ended",
        "_error_type",
        "_input",
        "_input_sent",
        "_metadata",
        "_otel",
        "_output",
        "_phases",
        "_sink",
        "_started",
        "_status",
        "_tokens",
        "event_type",
        "name",
        "parent_span_id",
        "root_span_id",
        "span_id",
    )

    def __init__(
        self,
        name: str,
        event_type: str,
        phases: Phases,
        sink: Sink | None,
        parent: Span | None,
    ) -> None:
        # Names are the user's (any str): one that cannot be sent (a lone surrogate) or is
        # huge must not cost the batch it travels in, so it is made sendable here, cheaply.
        if len(name) > MAX_NAME or not name.isascii():
            name = clean_name(name)
        if len(event_type) > MAX_NAME or not event_type.isascii():
            event_type = clean_name(event_type)
        self.name = name
        self.event_type = event_type
        self.span_id = new_span_id()
        if parent is None:
            self.parent_span_id = ""
            self.root_span_id = ""
        else:
            self.parent_span_id = parent.span_id
            self.root_span_id = parent.root_span_id or parent.span_id
        self._phases = phases
        self._sink = sink
        self._input: str | None = None
        self._input_sent = False
        self._output: str | None = None
        self._metadata: dict[str, Any] | None = None
        self._cost: dict[str, Any] | None = None
        self._status = "ok"
        self._error_type = ""
        self._ended = False
        self._otel: Any = None
        self._tokens: list[tuple[Any, ...]] | None = None
        self._started = _clock()

    def __repr__(self) -> str:
        return f"Span({self.name!r}, span_id={self.span_id!r}, event_type={self.event_type!r})"

    @property
    def is_recording(self) -> bool:
        """True until the span ends; always False for the no-op span."""
        return not self._ended

    @property
    def status(self) -> str:
        """``"ok"`` or ``"error"``."""
        return self._status

    # -- what happened

    def set_input(self, value: object) -> None:
        """Record the span's input (a str as is, anything else as JSON; cut, never raises)."""
        if not self._ended:
            self._input = capture(value)
            self._input_sent = False

    def set_output(self, value: object) -> None:
        """Record the span's output (a str as is, anything else as JSON; cut, never raises)."""
        if not self._ended:
            self._output = capture(value)

    def set_metadata(self, key: str, value: object) -> None:
        """Record one metadata entry (flat dotted keys, e.g. ``"gen_ai.request.model"``).

        Values are kept as JSON data (anything else becomes its ``repr``); on an OTel-mirrored
        span, ``gen_ai.*`` keys become span attributes too.
        """
        if self._ended:
            return
        data = plain(value)
        name = key if type(key) is str and key.isascii() and len(key) <= MAX_NAME else None
        if name is None:
            name = clean_name(str(key))
        if self._metadata is None:
            self._metadata = {}
        self._metadata[name] = data
        if self._otel is not None and STATE.otel is not None:
            STATE.otel.metadata(self._otel, name, data)

    def set_cost(self, cost: Mapping[str, object]) -> None:
        """Record token usage and cost: ``input_tokens``, ``output_tokens``,
        ``cache_read_tokens``, ``reasoning_tokens``, ``model``, ``estimated_usd``.
        """
        if self._ended:
            return
        data = plain(cost)
        self._cost = data if isinstance(data, dict) else {}

    def set_error(self, exc: BaseException) -> None:
        """Mark the span failed: status ``"error"``, ``error_type`` the exception's class name,
        output ``"Type: message"`` (cut).
        """
        if self._ended:
            return
        self._status = "error"
        self._error_type = type(exc).__name__
        self._output = _error_text(exc)
        if self._otel is not None and STATE.otel is not None:
            STATE.otel.error(self._otel, exc)

    def set_status(self, status: str, error_type: str = "") -> None:
        """Set the status (``"ok"``, ``"error"``...) and error type without an exception."""
        if not self._ended:
            self._status = str(status)
            self._error_type = str(error_type)

    # -- events

    def _event(self, phase: str) -> dict[str, Any]:
        return {
            "ts": _now(),
            "event_type": self.event_type,
            "tool": self.name,
            "phase": phase,
            "span_id": self.span_id,
            "parent_span_id": self.parent_span_id,
            "root_span_id": self.root_span_id,
            "status": self._status,
        }

    def _emit_start(self) -> None:
        if self._sink is None:
            return
        event = self._event("start")
        if self._input is not None:
            event["input"] = self._input
            self._input_sent = True
        if self._metadata:
            event["metadata"] = dict(self._metadata)
        self._sink.emit(event)

    def end(self) -> None:
        """End the span: emit its last event (and end its OTel twin). Idempotent."""
        with _END_LOCK:
            if self._ended:
                return
            self._ended = True
        duration = _clock() - self._started
        if self._sink is not None:
            phases = self._phases
            event = self._event("end" if phases == "start_end" else phases)
            event["duration_ms"] = int(duration * 1000)
            event["error_type"] = self._error_type
            event["output"] = "" if self._output is None else self._output
            if self._input is not None and not self._input_sent:
                event["input"] = self._input
            if self._cost is not None:
                event["cost"] = self._cost
            if self._metadata:
                event["metadata"] = self._metadata
            self._sink.emit(event)
        if self._otel is not None and STATE.otel is not None:
            STATE.otel.finish(self._otel, self)

    # -- context manager: `with start_span(...) as span` makes it current and ends it

    def __enter__(self) -> Span:
        if self._tokens is None:
            self._tokens = []
        self._tokens.append(_enter(self))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._tokens:
            _exit(self._tokens.pop())
        _finish(self, exc)


class _NoopSpan(Span):
    """The span returned when nothing records: every method does nothing."""

    __slots__ = ()

    def __init__(self) -> None:
        self.name = ""
        self.event_type = ""
        self.span_id = ""
        self.parent_span_id = ""
        self.root_span_id = ""
        self._ended = True
        self._otel = None
        self._sink = None
        self._status = "ok"
        self._tokens = None

    def __repr__(self) -> str:
        return "Span(<no-op>)"

    def set_input(self, value: object) -> None:
        """Ignored."""

    def set_output(self, value: object) -> None:
        """Ignored."""

    def set_metadata(self, key: str, value: object) -> None:
        """Ignored."""

    def set_cost(self, cost: Mapping[str, object]) -> None:
        """Ignored."""

    def set_error(self, exc: BaseException) -> None:
        """Ignored."""

    def set_status(self, status: str, error_type: str = "") -> None:
        """Ignored."""

    def end(self) -> None:
        """Ignored."""

    def __enter__(self) -> Span:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


NOOP_SPAN: Final[Span] = _NoopSpan()


def current_span() -> Span | None:
    """The span the calling code runs in (this task's / thread's context), or None."""
    return _CURRENT.get()


def start_span(
    name: str,
    *,
    event_type: str = "tool_call",
    phases: Phases = "start_end",
    input: object = UNSET,
    metadata: Mapping[str, object] | None = None,
    parent: Span | _Current | None = CURRENT,
    reporter: Sink | None = None,
) -> Span:
    """A new span, started now but NOT made current (see :func:`use_span`).

    Args:
        name: the span's name (the events' ``tool``).
        event_type: ``"tool_call"`` (what ``@traced`` sends), ``"llm_call"``, ``"tool_use"``...
        phases: ``"start_end"``: a ``start`` event now and an ``end`` event at ``end()``;
            ``"complete"``: one event at ``end()`` with phase ``complete`` (LLM calls);
            ``"invoked"``: one event at ``end()`` with phase ``invoked`` (tool uses).
        input: captured as the span's input (a str as is, else JSON; cut to 4000 chars).
        metadata: initial metadata entries.
        parent: ``CURRENT`` (default) uses :func:`current_span`; None forces a root.
        reporter: where the events go; None: the parent's reporter when there is a recording
            parent, else the process-wide default set by ``init_tracing``.

    Returns the shared no-op span (``is_recording`` False) when there is no reporter and no
    OpenTelemetry tracer.
    """
    if parent is CURRENT:
        parent = _CURRENT.get()
    elif parent is not None and not isinstance(parent, Span):
        from polarity_keystone._checks import CHECK

        CHECK.fail(f"parent must be a Span, None or CURRENT, not a {type(parent).__name__}")
    real_parent = parent if isinstance(parent, Span) else None
    if real_parent is not None and real_parent._sink is None and real_parent._otel is None:
        real_parent = None  # the no-op span (or a span that records nowhere) is no parent
    if reporter is None:
        reporter = real_parent._sink if real_parent is not None else None
        if reporter is None:
            reporter = STATE.reporter
    otel = STATE.otel
    if reporter is None and otel is None:
        return NOOP_SPAN
    span = Span(str(name), event_type, phases, reporter, real_parent)
    if input is not UNSET:
        span._input = capture(input)
    if otel is not None:
        span._otel = otel.start(span, real_parent._otel if real_parent is not None else None)
    if metadata:
        for key, value in metadata.items():
            span.set_metadata(key, value)
    if phases == "start_end":
        span._emit_start()
    return span


def _enter(span: Span) -> tuple[Any, ...]:
    """Make ``span`` current (and its OTel twin current in OTel's context)."""
    token = _CURRENT.set(span)
    otel = STATE.otel
    if span._otel is not None and otel is not None:
        return (token, otel.attach(span._otel))
    return (token,)


def _exit(tokens: tuple[Any, ...]) -> None:
    # A reset from another context (a generator resumed elsewhere) is refused: ignore it.
    with contextlib.suppress(ValueError):
        _CURRENT.reset(tokens[0])
    if len(tokens) > 1 and STATE.otel is not None:
        STATE.otel.detach(tokens[1])


@contextlib.contextmanager
def use_span(span: Span) -> Iterator[Span]:
    """Make ``span`` the current span for the block (it is not ended here)."""
    if span is NOOP_SPAN or (span._sink is None and span._otel is None):
        yield span
        return
    tokens = _enter(span)
    try:
        yield span
    finally:
        _exit(tokens)


def _finish(span: Span, exc: BaseException | None) -> None:
    """End ``span``, failed with ``exc`` unless it is a generator closed early."""
    if exc is not None and not isinstance(exc, GeneratorExit):
        span.set_error(exc)
    span.end()


# -- @traced ---------------------------------------------------------------------------------


class _Binder:
    """Turns a call's arguments into ``{name: value}`` (``self`` / ``cls`` left out)."""

    __slots__ = ("names", "signature", "skip")

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.signature: inspect.Signature | None
        self.names: tuple[str, ...] | None = None
        self.skip = 0
        try:
            self.signature = inspect.signature(fn)
        except (TypeError, ValueError):
            self.signature = None
            return
        params = list(self.signature.parameters.values())
        if params and params[0].name in {"self", "cls"}:
            self.skip = 1
        simple = all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)
        if simple:
            self.names = tuple(p.name for p in params)

    def arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        names = self.names
        if names is not None and len(args) <= len(names):
            bound = dict(zip(names[self.skip :], args[self.skip :], strict=False))
            bound.update(kwargs)
            return bound
        if self.signature is not None:
            try:
                arguments = self.signature.bind_partial(*args, **kwargs).arguments
            except TypeError:
                pass
            else:
                bound = dict(arguments)
                if self.skip and bound:
                    bound.pop(next(iter(bound)))
                return bound
        return {"args": list(args[self.skip :]), "kwargs": kwargs}


def _start_traced(name: str, event_type: str, binder: _Binder, args: Any, kwargs: Any) -> Span:
    """The span of one decorated call, its arguments captured into the start event."""
    parent = _CURRENT.get()
    if parent is not None and parent._sink is None and parent._otel is None:
        parent = None
    reporter = parent._sink if parent is not None else None
    if reporter is None:
        reporter = STATE.reporter
    otel = STATE.otel
    if reporter is None and otel is None:
        return NOOP_SPAN
    span = Span(name, event_type, "start_end", reporter, parent)
    if reporter is not None:
        span._input = capture_arguments(binder.arguments(args, kwargs))
    if otel is not None:
        span._otel = otel.start(span, parent._otel if parent is not None else None)
    span._emit_start()
    return span


def _wrap_agen(fn: Callable[..., Any], name: str, event_type: str, binder: _Binder) -> Any:
    async def agen_wrapper(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
        # Driven by hand (not `async for`) so asend / athrow / aclose reach the generator.
        span = None
        if _ENABLED or _CURRENT.get() is not None:
            span = _start_traced(name, event_type, binder, args, kwargs)
        agen = _open_agen(span, fn, args, kwargs)
        sent: Any = None
        thrown: BaseException | None = None
        while True:
            tokens = _enter(span) if span is not None else ()
            try:
                item = await (agen.asend(sent) if thrown is None else agen.athrow(thrown))
            except StopAsyncIteration:
                _exit_if(tokens)
                if span is not None:
                    span.end()
                return
            except BaseException as exc:
                _exit_if(tokens)
                if span is not None:
                    _finish(span, exc)
                raise
            _exit_if(tokens)
            thrown = None
            try:
                sent = yield item
            except GeneratorExit as exit_:
                tokens = _enter(span) if span is not None else ()
                try:
                    await agen.aclose()
                finally:
                    _exit_if(tokens)
                    if span is not None:
                        _finish(span, exit_)
                raise
            except BaseException as exc:  # thrown in by the consumer: pass it on
                thrown = exc
                sent = None

    return agen_wrapper


def _open_agen(
    span: Span | None, fn: Callable[..., Any], args: Any, kwargs: Any
) -> AsyncGenerator[Any, Any]:
    tokens = _enter(span) if span is not None else ()
    try:
        return cast(AsyncGenerator[Any, Any], fn(*args, **kwargs))
    except BaseException as exc:
        if span is not None:
            _finish(span, exc)
        raise
    finally:
        _exit_if(tokens)


def _exit_if(tokens: tuple[Any, ...]) -> None:
    if tokens:
        _exit(tokens)


def _wrap_async(fn: Callable[..., Any], name: str, event_type: str, binder: _Binder) -> Any:
    async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _ENABLED and _CURRENT.get() is None:
            return await fn(*args, **kwargs)
        span = _start_traced(name, event_type, binder, args, kwargs)
        tokens = _enter(span)
        try:
            result = await fn(*args, **kwargs)
        except BaseException as exc:
            _exit(tokens)
            _finish(span, exc)
            raise
        _exit(tokens)
        if span._sink is not None:
            span.set_output(result)
        span.end()
        return result

    return async_wrapper


def _wrap_gen(fn: Callable[..., Any], name: str, event_type: str, binder: _Binder) -> Any:
    def gen_wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        if not _ENABLED and _CURRENT.get() is None:
            return (yield from fn(*args, **kwargs))
        span = _start_traced(name, event_type, binder, args, kwargs)
        return (yield from _drive_gen(span, fn, args, kwargs))

    return gen_wrapper


def _wrap_sync(fn: Callable[..., Any], name: str, event_type: str, binder: _Binder) -> Any:
    def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
        if not _ENABLED and _CURRENT.get() is None:
            return fn(*args, **kwargs)
        span = _start_traced(name, event_type, binder, args, kwargs)
        tokens = _enter(span)
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            _exit(tokens)
            _finish(span, exc)
            raise
        _exit(tokens)
        if span._sink is not None:
            span.set_output(result)
        span.end()
        return result

    return sync_wrapper


def _decorate(fn: Any, name: str | None, event_type: str) -> Any:
    """``fn`` wrapped so each call runs in a span (sync, async, generators, async generators)."""
    if isinstance(fn, staticmethod | classmethod):
        return type(fn)(_decorate(fn.__func__, name, event_type))
    if not callable(fn):
        from polarity_keystone._checks import CHECK

        CHECK.fail(f"@traced decorates a function, not a {type(fn).__name__}")
    span_name = name if name is not None else str(getattr(fn, "__name__", None) or "call")
    binder = _Binder(fn)
    if inspect.isasyncgenfunction(fn):
        wrapper = _wrap_agen(fn, span_name, event_type, binder)
    elif inspect.iscoroutinefunction(fn):
        wrapper = _wrap_async(fn, span_name, event_type, binder)
    elif inspect.isgeneratorfunction(fn):
        wrapper = _wrap_gen(fn, span_name, event_type, binder)
    else:
        wrapper = _wrap_sync(fn, span_name, event_type, binder)
    return functools.wraps(fn)(wrapper)


def _drive_gen(
    span: Span, fn: Callable[..., Generator[Any, Any, Any]], args: Any, kwargs: Any
) -> Generator[Any, Any, Any]:
    """Run the generator one step at a time with ``span`` current only while it runs.

    The consumer's code between items is not inside the span (its own spans are not the
    generator's children); the span covers the whole iteration and ends when the generator is
    exhausted, closed (``GeneratorExit``: status ok) or raises (status error).
    """
    tokens = _enter(span)
    try:
        gen = fn(*args, **kwargs)
    except BaseException as exc:
        _exit(tokens)
        _finish(span, exc)
        raise
    _exit(tokens)
    sent: Any = None
    thrown: BaseException | None = None
    while True:
        tokens = _enter(span)
        try:
            item = gen.send(sent) if thrown is None else gen.throw(thrown)
        except StopIteration as stop:
            _exit(tokens)
            if stop.value is not None:
                span.set_output(stop.value)
            span.end()
            return stop.value
        except BaseException as exc:
            _exit(tokens)
            _finish(span, exc)
            raise
        _exit(tokens)
        thrown = None
        try:
            sent = yield item
        except GeneratorExit as exit_:
            tokens = _enter(span)
            try:
                gen.close()
            except BaseException as exc:
                _exit(tokens)
                _finish(span, exc)
                raise
            _exit(tokens)
            _finish(span, exit_)
            raise
        except BaseException as exc:  # thrown in by the consumer: pass it to the generator
            thrown = exc
            sent = None


class _Traced:
    """``traced(name=...)``: a decorator that is also a (sync and async) context manager."""

    __slots__ = ("_entered", "event_type", "name")

    def __init__(self, name: str | None, event_type: str) -> None:
        self.name = name
        self.event_type = event_type
        self._entered: list[tuple[Span, tuple[Any, ...]]] = []

    def __repr__(self) -> str:
        return f"traced(name={self.name!r})"

    def __call__(self, fn: F) -> F:
        return cast(F, _decorate(fn, self.name, self.event_type))

    def __enter__(self) -> Span:
        span = start_span(self.name or "span", event_type=self.event_type)
        self._entered.append((span, _enter(span) if span is not NOOP_SPAN else ()))
        return span

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        span, tokens = self._entered.pop()
        if tokens:
            _exit(tokens)
        _finish(span, exc)

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)


async def _run_async(name: str, event_type: str, fn: Callable[[], Awaitable[T]]) -> T:
    span = start_span(name, event_type=event_type)
    tokens = _enter(span) if span is not NOOP_SPAN else ()
    try:
        result = await fn()
    except BaseException as exc:
        if tokens:
            _exit(tokens)
        _finish(span, exc)
        raise
    if tokens:
        _exit(tokens)
    span.set_output(result)
    span.end()
    return result


async def _await_in(span: Span, awaitable: Awaitable[T]) -> T:
    tokens = _enter(span) if span is not NOOP_SPAN else ()
    try:
        result = await awaitable
    except BaseException as exc:
        if tokens:
            _exit(tokens)
        _finish(span, exc)
        raise
    if tokens:
        _exit(tokens)
    span.set_output(result)
    span.end()
    return result


def _run(name: str, event_type: str, fn: Callable[[], Any]) -> Any:
    if inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - async callables (objects) count too
    ):
        return _run_async(name, event_type, fn)
    span = start_span(name, event_type=event_type)
    tokens = _enter(span) if span is not NOOP_SPAN else ()
    try:
        result = fn()
    except BaseException as exc:
        if tokens:
            _exit(tokens)
        _finish(span, exc)
        raise
    if tokens:
        _exit(tokens)
    if inspect.isawaitable(result):
        # A sync callable that returned an awaitable (`lambda: fetch()`): the span stays
        # open until the caller awaits it.
        return _await_in(span, result)
    span.set_output(result)
    span.end()
    return result


@overload
def traced(fn: F, /) -> F: ...
@overload
def traced(name: str, fn: Callable[[], Coroutine[Any, Any, T]], /) -> Coroutine[Any, Any, T]: ...
@overload
def traced(name: str, fn: Callable[[], T], /) -> T: ...
@overload
def traced(name: str | None = None, /, *, event_type: str = "tool_call") -> _Traced: ...
@overload
def traced(*, name: str | None = None, event_type: str = "tool_call") -> _Traced: ...
def traced(
    fn_or_name: Any = None,
    fn: Any = None,
    /,
    *,
    name: str | None = None,
    event_type: str = "tool_call",
) -> Any:
    """Trace a function, a block or one call: the four forms of the page, plus one.

    ::

        @traced                                  # 1. the span is named after the function
        def write_config(cfg): ...

        @traced(name="custom-name")              # 2. (``@traced()`` works too)
        async def fetch_data(url): ...

        with traced(name="step") as span:        # 3. a block (``async with`` works too)
            span.set_output(do_work())

        result = traced("step", lambda: do_work())      # 4. one call, fn() with no arguments
        result = await traced("step", async_fn)         #    (the span opens when awaited)

        with traced("step"): ...                 # 5. a bare name: form 3 (the published
                                                 #    client raised TypeError)

    Sync and async functions and generators are covered (a generator's span lasts for its
    iteration). The decorator records the call's arguments (``self`` / ``cls`` left out,
    secret-looking names redacted) and its return value, cut to 4000 characters. An exception
    ends the span with status ``"error"``, ``error_type`` its class name and output
    ``"Type: message"``, then propagates unchanged. Cancellation (``CancelledError``,
    ``KeyboardInterrupt``) counts as an error of that type; a generator closed early by its
    consumer (``GeneratorExit``) ends with status ``"ok"``.

    When tracing is not initialised (no reporter, no OTel tracer) and no span is current, a
    decorated function costs one flag check and one context-variable read.
    """
    if fn is not None:
        if not isinstance(fn_or_name, str) or not callable(fn):
            from polarity_keystone._checks import CHECK

            CHECK.fail("traced(name, fn) takes a span name (str) and a callable of no arguments")
        return _run(fn_or_name, event_type, fn)
    if fn_or_name is None or isinstance(fn_or_name, str):
        if fn_or_name is not None and name is not None:
            from polarity_keystone._checks import CHECK

            CHECK.fail("traced() takes the name once: traced('step') or traced(name='step')")
        label: object = fn_or_name if fn_or_name is not None else name
        if label is not None and not isinstance(label, str):
            from polarity_keystone._checks import CHECK

            CHECK.fail(f"name must be a str, not a {type(label).__name__}")
        return _Traced(label, event_type)
    if callable(fn_or_name) or isinstance(fn_or_name, staticmethod | classmethod):
        return _decorate(fn_or_name, name, event_type)
    from polarity_keystone._checks import CHECK

    CHECK.fail(f"traced() takes a function or a name, not a {type(fn_or_name).__name__}")
