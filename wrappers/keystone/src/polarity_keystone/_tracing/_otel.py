"""The OpenTelemetry bridge: every Keystone span mirrored as an OTel span, and OTel flushes.

Needs only ``opentelemetry-api``, imported when a tracer is given (``init_tracing(otel_tracer=
tracer)``). Each OTel span is parented like its Keystone span (the Keystone parent's OTel
twin, else OTel's current span, so Keystone spans nest under the app's own), and is current in
OTel's context while its Keystone span is (``use_span`` / ``@traced``), so the app's OTel spans
nest under it. Attributes: ``keystone.span_id``, ``keystone.event_type``, every ``gen_ai.*``
metadata entry, and for ``@traced`` / tool spans ``gen_ai.operation.name="execute_tool"`` and
``gen_ai.tool.name``. ``llm_call`` spans are of kind CLIENT. Errors set status ERROR,
``error.type`` and record the exception. A tracer that raises is logged, never raised.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from polarity_keystone._tracing._spans import Span

__all__ = ["OtelBridge", "flush_otel", "register_otel_flush"]

logger = logging.getLogger("polarity_keystone.tracing")
_ATTRIBUTE_TYPES = (str, bool, int, float)


def _attribute(value: object) -> Any:
    """``value`` as an OTel attribute value (primitives, or a homogeneous list; else text)."""
    if isinstance(value, _ATTRIBUTE_TYPES):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    import json

    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


class OtelBridge:
    """Creates, attaches and ends the OTel twins of Keystone spans with one tracer."""

    __slots__ = ("_context", "_kinds", "_status", "_trace", "tracer")

    def __init__(self, tracer: object) -> None:
        from opentelemetry import context, trace

        if not callable(getattr(tracer, "start_span", None)):
            from polarity_keystone._checks import CHECK

            CHECK.fail(
                f"otel_tracer must be an OpenTelemetry Tracer, not a {type(tracer).__name__}"
            )
        self.tracer: Any = tracer
        self._trace = trace
        self._context = context
        self._status = trace.Status, trace.StatusCode
        self._kinds = {"llm_call": trace.SpanKind.CLIENT}

    def start(self, span: Span, parent: object | None) -> Any:
        """The OTel twin of ``span``, a child of ``parent`` (an OTel span) or the current one."""
        try:
            ctx = self._trace.set_span_in_context(parent) if parent is not None else None  # type: ignore[arg-type]
            attributes: dict[str, Any] = {
                "keystone.span_id": span.span_id,
                "keystone.event_type": span.event_type,
            }
            if span.event_type in {"tool_call", "tool_use"}:
                attributes["gen_ai.operation.name"] = "execute_tool"
                attributes["gen_ai.tool.name"] = span.name
            kind = self._kinds.get(span.event_type, self._trace.SpanKind.INTERNAL)
            return self.tracer.start_span(span.name, context=ctx, kind=kind, attributes=attributes)
        except Exception:
            logger.exception("the OpenTelemetry tracer failed to start a span")
            return None

    def attach(self, otel_span: Any) -> Any:
        """Make ``otel_span`` current in OTel's context; the token to :meth:`detach`."""
        try:
            return self._context.attach(self._trace.set_span_in_context(otel_span))
        except Exception:
            logger.exception("could not make an OpenTelemetry span current")
            return None

    def detach(self, token: Any) -> None:
        """Undo :meth:`attach` (quietly when the context moved on, e.g. a generator)."""
        if token is None:
            return
        # OTel logs its own context mismatch (a generator resumed elsewhere) and carries on.
        with contextlib.suppress(Exception):
            self._context.detach(token)

    def metadata(self, otel_span: Any, key: str, value: object) -> None:
        """Mirror a ``gen_ai.*`` metadata entry as an attribute."""
        if not key.startswith("gen_ai."):
            return
        try:
            otel_span.set_attribute(key, _attribute(value))
        except Exception:
            logger.exception("the OpenTelemetry span refused an attribute")

    def error(self, otel_span: Any, exc: BaseException) -> None:
        """Status ERROR, ``error.type`` and the exception as an event."""
        status, code = self._status
        try:
            otel_span.set_attribute("error.type", type(exc).__name__)
            otel_span.record_exception(exc)
            otel_span.set_status(status(code.ERROR, f"{type(exc).__name__}"))
        except Exception:
            logger.exception("the OpenTelemetry span refused an error")

    def finish(self, otel_span: Any, span: Span) -> None:
        """End the OTel twin (an error status set without an exception is mirrored too)."""
        try:
            if span.status == "error" and span._error_type:
                otel_span.set_attribute("error.type", span._error_type)
                status, code = self._status
                otel_span.set_status(status(code.ERROR, span._error_type))
            otel_span.end()
        except Exception:
            logger.exception("the OpenTelemetry tracer failed to end a span")


_FLUSH_LOCK = threading.Lock()
_FLUSHES: list[Callable[[], object]] = []
_EXIT_REGISTERED = False


def register_otel_flush(callback: Callable[[], object]) -> None:
    """Run ``callback`` (e.g. ``tracer_provider.shutdown``) at :func:`flush_otel`.

    :func:`flush_otel` runs at interpreter exit by itself; each callback runs at most once.
    """
    global _EXIT_REGISTERED  # noqa: PLW0603 - atexit registration happens once
    if not callable(cast(object, callback)):
        from polarity_keystone._checks import CHECK

        CHECK.fail(f"register_otel_flush takes a callable, not a {type(callback).__name__}")
    with _FLUSH_LOCK:
        _FLUSHES.append(callback)
        if not _EXIT_REGISTERED:
            _EXIT_REGISTERED = True
            atexit.register(flush_otel)


def flush_otel() -> None:
    """Call every registered flush callback once, in order; errors are logged, not raised."""
    with _FLUSH_LOCK:
        callbacks = list(_FLUSHES)
        _FLUSHES.clear()
    for callback in callbacks:
        try:
            callback()
        except Exception:
            logger.exception("an OpenTelemetry flush callback failed")
