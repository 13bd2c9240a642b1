"""Client-side tracing: spans, ``@traced``, the background exporter and the OpenTelemetry bridge.

::

    import polarity_keystone as pk

    pk.init_tracing()                       # or ks.init_tracing("sb-123")

    @pk.traced
    def write_config(cfg): ...

    with pk.traced(name="step") as span:
        span.set_output(do_work())

    pk.flush()                              # before a short-lived process exits (atexit does too)

Modules: ``_spans`` (spans, the current span, ``@traced``), ``_exporter`` (the bounded queue
and the daemon thread), ``_reporter`` (destinations and ``init_tracing``), ``_otel`` (the
OpenTelemetry bridge), ``_capture`` (safe, cut, redacted text of any value).
"""

from __future__ import annotations

from polarity_keystone._tracing._exporter import (
    configure_exporter,
    exporter_stats,
    flush,
)
from polarity_keystone._tracing._otel import flush_otel, register_otel_flush
from polarity_keystone._tracing._reporter import (
    Reporter,
    init_tracing,
    reporter_for,
    reset_tracing,
)
from polarity_keystone._tracing._spans import (
    CURRENT,
    NOOP_SPAN,
    UNSET,
    Span,
    current_span,
    start_span,
    traced,
    use_span,
)

__all__ = [
    "CURRENT",
    "NOOP_SPAN",
    "UNSET",
    "Reporter",
    "Span",
    "configure_exporter",
    "current_span",
    "exporter_stats",
    "flush",
    "flush_otel",
    "init_tracing",
    "register_otel_flush",
    "reporter_for",
    "reset_tracing",
    "start_span",
    "traced",
    "use_span",
]
