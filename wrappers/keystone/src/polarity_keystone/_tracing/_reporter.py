"""Where trace events go: :class:`Reporter` (one destination, one client's credentials),
:func:`reporter_for` and :func:`init_tracing`.

A reporter sends through a private *sync* :class:`~polarity_keystone.Keystone` built with the
given client's settings (api key, base URL, workspace, timeout, retry policy), so the
exporter's thread never touches an async client or a client the app may close. When the app's
client runs on an ``httpx.Client`` of the app's own (a proxy, a test transport), the private
client shares that ``httpx.Client``; otherwise it has its own connection pool.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from polarity_keystone._tracing import _exporter, _spans

if TYPE_CHECKING:
    import httpx

    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._sync.client import Keystone
    from polarity_keystone._tracing._spans import Phases, Span

__all__ = ["Reporter", "init_tracing", "reporter_for"]

logger = logging.getLogger("polarity_keystone.tracing")


# What `_Sender.send` imports, loaded ahead by `_Sender.warm`.
_SEND_MODULES = (
    "_keystone_openapi.api.export",
    "_keystone_openapi.api.sandboxes",
    "polarity_keystone._parse",
    "sdk_core",
)


class _Sender:
    """A private sync client with one set of credentials (shared by that key's reporters)."""

    __slots__ = ("_client", "_lock", "_pid", "_settings")

    def __init__(self, settings: dict[str, Any]) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._client: Keystone | None = None
        self._pid = os.getpid()

    def client(self) -> Keystone:
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                # After a fork the parent's pooled connections are not ours to use.
                from polarity_keystone._sync.client import Keystone

                self._client = Keystone(**self._settings)
                self._pid = os.getpid()
            return self._client

    def warm(self) -> None:
        """Build the client and import what sending needs, now, on the caller's thread.

        Otherwise the exporter's thread would do it on its first batch — tens of milliseconds
        of imports holding the interpreter, which an app's event loop would feel as a stall.
        """
        import importlib

        for module in _SEND_MODULES:
            importlib.import_module(module)
        self.client()

    def send(self, sandbox_id: str, events: list[dict[str, Any]], key: str) -> None:
        from sdk_core import CallOptions

        from polarity_keystone._parse import json_object

        http = self.client()._http
        options = CallOptions(idempotency_key=key)
        body = {"events": events}
        # The resource methods (`sandboxes.ingest_trace`, `export.ingest_traces`) build the
        # same plan; planned here to give the batch its own idempotency key on every retry.
        if sandbox_id:
            from _keystone_openapi.api.sandboxes import ingest_sandbox_trace

            plan = http.plan(ingest_sandbox_trace, sandbox_id, body=body, options=options)
        else:
            from _keystone_openapi.api.export import ingest_traces

            plan = http.plan(ingest_traces, body=body, options=options)
        http.call(plan, json_object)


class Reporter:
    """One destination's events — a sandbox id, or ``""`` for agent mode (``/v1/traces``) —
    sent with one client's credentials through the shared background exporter.

    Get one with :func:`reporter_for`; it is cached per credentials and destination.
    """

    __slots__ = ("_sender", "sandbox_id")

    def __init__(self, sender: _Sender, sandbox_id: str) -> None:
        self._sender = sender
        self.sandbox_id = sandbox_id

    def __repr__(self) -> str:
        where = f"sandbox {self.sandbox_id!r}" if self.sandbox_id else "agent mode"
        return f"Reporter({where})"

    def emit(self, event: dict[str, Any]) -> None:
        """Queue one event dict (never blocks, never raises)."""
        _exporter._EXPORTER.put(self, event)

    def send_batch(self, events: list[dict[str, Any]], idempotency_key: str) -> None:
        """POST one batch now (the exporter's thread calls this)."""
        self._sender.send(self.sandbox_id, events, idempotency_key)

    def start_span(
        self,
        name: str,
        *,
        event_type: str = "tool_call",
        phases: Phases = "start_end",
        input: object = _spans.UNSET,
        metadata: Mapping[str, object] | None = None,
        parent: Span | _spans._Current | None = _spans.CURRENT,
    ) -> Span:
        """A span whose events go to this reporter (see :func:`start_span`)."""
        return _spans.start_span(
            name,
            event_type=event_type,
            phases=phases,
            input=input,
            metadata=metadata,
            parent=parent,
            reporter=self,
        )


_CACHE_LOCK = threading.Lock()
_SENDERS: dict[tuple[Any, ...], _Sender] = {}
_REPORTERS: dict[tuple[Any, ...], Reporter] = {}
_MAX_SENDERS = 64


def _root_core(core: Any) -> Any:
    while getattr(core, "_parent", None) is not None:
        core = core._parent
    return core


def _settings_of(client: Keystone | AsyncKeystone) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The private client's settings, and the cache key (credentials, origin, pool)."""
    from polarity_keystone._config import CONFIG

    core = client._http
    ctx = core.ctx
    header = ctx.base_headers.get(CONFIG.auth_header, "")
    prefix = f"{CONFIG.auth_scheme} " if CONFIG.auth_scheme else ""
    api_key = header[len(prefix) :] if header.startswith(prefix) else header
    base_url = ctx.base_url
    workspace = getattr(client, "workspace", None)
    settings: dict[str, Any] = {
        "api_key": api_key,
        "base_url": base_url,
        "timeout": ctx.timeout,
        "retry_policy": ctx.retry,
        "workspace": workspace,
    }
    shared: httpx.Client | None = None
    root = _root_core(core)
    if not ctx.is_async and not root._owns_client:
        # The app's own httpx.Client (a proxy, a test transport): use it too, never close it.
        shared = root._client
        settings["http_client"] = shared
    key = (base_url, api_key, workspace, id(shared) if shared is not None else None)
    return key, settings


def _destination(sandbox_id: str | None) -> str:
    """The sandbox id to report to (``""``: agent mode), checked now as a path segment.

    A bad id (``..``, a control character, a wrong type) is the caller's typed error here,
    not a batch the background thread would fail to send and drop.
    """
    from sdk_core import check_path_segment

    from polarity_keystone._config import CONFIG, resolve_sandbox_id

    destination = resolve_sandbox_id(sandbox_id) or ""
    if destination:
        check_path_segment(CONFIG, "sandbox_id", destination)
    return destination


def reporter_for(client: Keystone | AsyncKeystone, sandbox_id: str | None = None) -> Reporter:
    """The (cached) reporter for ``client``'s credentials and that destination.

    ``sandbox_id``: None resolves it from the environment (``KEYSTONE_SANDBOX_ID``, then
    ``POLARITY_SANDBOX_ID``), else agent mode; ``""`` is agent mode. Sync and async clients
    both work (the exporter sends with a private sync client); nothing is sent until a span
    ends, and the exporter's thread starts on the first event.
    """
    destination = _destination(sandbox_id)
    key, settings = _settings_of(client)
    reporter_key = (*key, destination)
    with _CACHE_LOCK:
        reporter = _REPORTERS.get(reporter_key)
        if reporter is not None:
            return reporter
        sender = _SENDERS.get(key)
        if sender is None:
            if len(_SENDERS) >= _MAX_SENDERS:
                oldest = next(iter(_SENDERS))
                _SENDERS.pop(oldest)
                for cached in [k for k in _REPORTERS if k[: len(oldest)] == oldest]:
                    _REPORTERS.pop(cached)
            sender = _SENDERS[key] = _Sender(settings)
            sender.warm()
        reporter = _REPORTERS[reporter_key] = Reporter(sender, destination)
        return reporter


def _env_api_key() -> str | None:
    from polarity_keystone._config import API_KEY_ENV, API_KEY_ENV_ALIASES

    for name in (API_KEY_ENV, *API_KEY_ENV_ALIASES):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def init_tracing(
    sandbox_id: str | None = None,
    *,
    otel_tracer: object | None = None,
    client: Keystone | AsyncKeystone | None = None,
) -> bool:
    """Report every span in the process — ``@traced`` on any thread — to Keystone.

    Sets the process-wide default reporter: ``client``'s credentials, else a client built
    from the environment (``KEYSTONE_API_KEY``, ``KEYSTONE_BASE_URL``, ``KEYSTONE_WORKSPACE``),
    sending to ``/v1/sandboxes/{id}/trace`` when a sandbox id resolves (the argument, else
    ``KEYSTONE_SANDBOX_ID``) and to ``/v1/traces`` (agent mode) otherwise.

    Without an API key (no ``client``, nothing in the environment) it is a true no-op for the
    Keystone backend: nothing is queued, no thread starts, nothing is sent. With
    ``otel_tracer`` (an OpenTelemetry ``Tracer``) every span is also an OpenTelemetry span,
    with or without a key; ``otel_tracer=None`` keeps the tracer set by an earlier call.

    Calling it again replaces the default reporter. Returns True when spans are recorded
    (to Keystone or OpenTelemetry). Never raises for a failing backend; a malformed
    environment setting is logged and leaves Keystone reporting off.
    """
    destination = _destination(sandbox_id)
    bridge = _spans.STATE.otel
    if otel_tracer is not None:
        from polarity_keystone._tracing._otel import OtelBridge

        bridge = OtelBridge(otel_tracer)
    reporter: Reporter | None = None
    if client is not None:
        reporter = reporter_for(client, destination or "")
    elif _env_api_key() is not None:
        from polarity_keystone._exceptions import KeystoneError
        from polarity_keystone._sync.client import Keystone

        try:
            env_client = Keystone()
        except KeystoneError as exc:
            logger.warning("tracing to Keystone is off: %s", exc)
        else:
            reporter = reporter_for(env_client, destination or "")
            env_client.close()  # only its settings are kept
    _spans.configure(reporter, bridge)
    return reporter is not None or bridge is not None


def reset_tracing() -> None:
    """Forget the default reporter and the OTel tracer (spans stop recording)."""
    _spans.configure(None, None)
