"""OpenTelemetry CLIENT spans for every call an SDK client makes (opt-in, any of the SDKs).

::

    from opentelemetry import trace
    from sdk_core import instrument_http

    stop = instrument_http(client, trace.get_tracer("my-app"))   # any SDK client, or its core
    client.runs.get(run_id)          # one span "GET get_run", retries as span events
    stop()                           # un-instrument

Built on the core's call events (:class:`~sdk_core.CallEvent`), so nothing is patched. The
listener runs on the caller's thread or task, so the app's current OTel span parents each
call's span. One span per call, across its attempts:

* name ``"{METHOD} {operation}"`` (the generated operation's name; the URL path when none),
  kind CLIENT;
* attributes ``http.request.method``, ``url.full`` (secrets masked), ``server.address``,
  ``server.port``, ``rpc.service`` / ``sdk.service`` (the service's name), ``sdk.operation``,
  ``http.response.status_code`` (the last answer), ``http.request.resend_count`` (retries
  made, when any), ``sdk.request_id``;
* a ``"retry"`` span event per scheduled retry (``attempt``, ``delay``, and ``status`` or
  ``error``);
* a failed call: status ERROR and ``error.type`` (the SDK's exception class name).

Needs only ``opentelemetry-api``, imported when this is called.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sdk_core._flow import CallEvent

__all__ = ["HttpSpans", "instrument_http"]

# A call that never finishes (cancelled mid-flight) leaves its span here; the oldest are ended
# once this many are open, so a long-lived client cannot leak them.
_MAX_OPEN = 1024


def _core(client_or_core: Any) -> Any:
    """The :class:`HttpCore` / :class:`AsyncHttpCore` behind an SDK client (or the core)."""
    if hasattr(client_or_core, "ctx") and callable(getattr(client_or_core, "subscribe", None)):
        return client_or_core
    http = getattr(client_or_core, "_http", None)
    if http is None:
        transport = getattr(client_or_core, "_transport", None)
        http = getattr(transport, "_core", None)
    http = getattr(http, "_core", http)
    if http is None or not hasattr(http, "ctx"):
        raise TypeError(
            "instrument_http takes an SDK client or its HttpCore / AsyncHttpCore, "
            f"not a {type(client_or_core).__name__}"
        )
    return http


class HttpSpans:
    """The call-event listener that turns each call's events into one OTel span."""

    def __init__(self, tracer: Any, *, server: str = "") -> None:
        from opentelemetry import trace

        self._tracer = tracer
        self._trace = trace
        self._server = server
        self._lock = threading.Lock()
        self._open: OrderedDict[str, Any] = OrderedDict()

    def __call__(self, event: CallEvent) -> None:
        """Handle one :class:`~sdk_core.CallEvent` (never raises into the call)."""
        kind = event.kind
        if kind == "request":
            if event.attempt == 1:
                self._start(event)
            return
        with self._lock:
            span = self._open.get(event.request_id)
        if span is None:
            return
        if kind == "response":
            span.set_attribute("http.response.status_code", event.status_code or 0)
            if event.ok:
                self._end(event.request_id, span, None)
        elif kind == "retry":
            details: dict[str, Any] = {"attempt": event.attempt, "delay": event.delay or 0.0}
            if event.status_code is not None:
                details["status"] = event.status_code
            if event.error:
                details["error"] = event.error
            span.add_event("retry", details)
            span.set_attribute("http.request.resend_count", event.attempt)
        elif kind == "give_up":
            self._end(event.request_id, span, event.error or "error")

    def _start(self, event: CallEvent) -> None:
        # Events carry the masked path and query; the origin is the client's.
        url = event.url if "://" in event.url else f"{self._server}{event.url}"
        parts = urlsplit(url)
        host = parts.hostname
        attributes: dict[str, Any] = {
            "http.request.method": event.method,
            "url.full": url,
            "rpc.service": event.service,
            "sdk.service": event.service,
            "sdk.request_id": event.request_id,
        }
        if event.operation:
            attributes["sdk.operation"] = event.operation
        if host:
            attributes["server.address"] = host
        if parts.port:
            attributes["server.port"] = parts.port
        name = f"{event.method} {event.operation or parts.path or event.url}"
        span = self._tracer.start_span(
            name, kind=self._trace.SpanKind.CLIENT, attributes=attributes
        )
        evicted = []
        with self._lock:
            previous = self._open.pop(event.request_id, None)
            if previous is not None:
                evicted.append(previous)
            self._open[event.request_id] = span
            while len(self._open) > _MAX_OPEN:
                evicted.append(self._open.popitem(last=False)[1])
        for stale in evicted:
            stale.end()

    def _end(self, request_id: str, span: Any, error: str | None) -> None:
        with self._lock:
            if self._open.get(request_id) is span:
                del self._open[request_id]
        if error is not None:
            span.set_attribute("error.type", error)
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, error))
        span.end()

    def close(self) -> None:
        """End every span still open (their calls never finished)."""
        with self._lock:
            spans = list(self._open.values())
            self._open.clear()
        for span in spans:
            span.end()


def instrument_http(client_or_core: Any, tracer: Any) -> Callable[[], None]:
    """Emit one OpenTelemetry CLIENT span per call of ``client_or_core``; returns the undo.

    ``client_or_core``: any SDK client built on ``sdk_core`` (sync or async), or its
    :class:`~sdk_core.HttpCore` / :class:`~sdk_core.AsyncHttpCore`. ``tracer``: an OTel
    ``Tracer`` (``opentelemetry.trace.get_tracer(...)``). Clients derived later with
    ``with_options`` share the instrumentation. Calling the returned function stops it (and
    ends any span whose call never finished); it is idempotent.
    """
    core = _core(client_or_core)
    if not callable(getattr(tracer, "start_span", None)):
        raise core.ctx.config.errors.argument_error(
            f"tracer must be an OpenTelemetry Tracer, not a {type(tracer).__name__}"
        )
    listener = HttpSpans(tracer, server=core.ctx.base_url)
    unsubscribe = core.subscribe(listener)

    def uninstrument() -> None:
        unsubscribe()
        listener.close()

    return uninstrument
