"""Generated from polarity_keystone/_async/client.py by tools.unasync; do not edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from sdk_core import ClientBase, HttpCore, Resource, RetryPolicy

from polarity_keystone._config import (
    CONFIG,
    SANDBOX_ID_ENVS,
    WORKSPACE_HEADER,
    resolve_api_key,
    resolve_base_url,
    resolve_sandbox_id,
    resolve_workspace,
)
from polarity_keystone._sync.resources.agents import Agents
from polarity_keystone._sync.resources.alerts import Alerts
from polarity_keystone._sync.resources.datasets import Datasets
from polarity_keystone._sync.resources.experiments import Experiments
from polarity_keystone._sync.resources.export import Export
from polarity_keystone._sync.resources.prompts import Prompts
from polarity_keystone._sync.resources.sandboxes import Sandboxes
from polarity_keystone._sync.resources.scoring import Scoring
from polarity_keystone._sync.resources.specs import Specs

if TYPE_CHECKING:
    from collections.abc import Iterable

    from typing_extensions import Self

    from polarity_keystone._instrument import LLMClientT
    from polarity_keystone.types import Sandbox

__all__ = [
    "Agents",
    "Alerts",
    "Datasets",
    "Experiments",
    "Export",
    "Keystone",
    "Prompts",
    "Sandboxes",
    "Scoring",
    "Specs",
]

_KEY_PREFIXES = ("ks_live_", "ks_test_", "plr_live_", "plr_test_")


class Keystone(ClientBase):
    """The Polarity Keystone API, sync.

    Args:
        api_key: the key (``ks_live_...``); default ``$KEYSTONE_API_KEY``, else
            ``$POLARITY_API_KEY``. A missing or malformed key raises
            :class:`~polarity_keystone.KeystoneAuthError` here, before any request.
        base_url: the API origin; default ``$KEYSTONE_BASE_URL``, else ``$POLARITY_BASE_URL``,
            else ``https://keystone.polarity.so``.
        timeout: seconds per request (or an ``httpx.Timeout``; None waits without limit).
        max_retries: retries on 429 / 5xx / connection failures (with backoff and
            ``Retry-After``); default 3, or the ``retry_policy``'s; 0 disables them. POSTs
            carry an idempotency key, so a retry never acts twice.
        retry_policy: a complete :class:`sdk_core.RetryPolicy` (``RetryPolicy.testing()`` in
            your tests never sleeps); an explicit ``max_retries`` adjusts it.
        http_client: an ``httpx.Client`` of your own (proxies, transports); not closed by
            us.
        workspace: the workspace to act in (a ``ws_...`` id or a name), sent as
            ``X-Polarity-Workspace``; default ``$KEYSTONE_WORKSPACE``, else
            ``$POLARITY_WORKSPACE``, else the key's default workspace.

    """

    sandboxes = Resource(Sandboxes)
    specs = Resource(Specs)
    experiments = Resource(Experiments)
    alerts = Resource(Alerts)
    agents = Resource(Agents)
    datasets = Resource(Datasets)
    scoring = Resource(Scoring)
    export = Resource(Export)
    prompts = Resource(Prompts)

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30,
        *,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        workspace: str | None = None,
    ) -> None:
        key = resolve_api_key(api_key)
        self.base_url = resolve_base_url(base_url)
        self.workspace = resolve_workspace(workspace)
        self._http = HttpCore(
            CONFIG,
            base_url=self.base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )
        if self.workspace is not None:
            self._http.ctx.base_headers[WORKSPACE_HEADER] = self.workspace
        revealed = key.reveal()
        self._key_shown = next(
            (f"{prefix}***" for prefix in _KEY_PREFIXES if revealed.startswith(prefix)), "***"
        )

    @classmethod
    def from_sandbox(
        cls,
        *,
        timeout: float | httpx.Timeout | None = 30,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> tuple[Self, Sandbox]:
        """Inside a Keystone sandbox: a client and the sandbox it runs in, ``(ks, sandbox)``.

        Reads ``$KEYSTONE_SANDBOX_ID`` (or ``$POLARITY_SANDBOX_ID``), the key from
        ``$KEYSTONE_API_KEY`` and the origin from ``$KEYSTONE_BASE_URL`` (each with its
        ``POLARITY_*`` spelling), then fetches the sandbox: ``sandbox.services["db"]`` is a
        :class:`~polarity_keystone.types.ServiceInfo` (``host``, ``port``, ``ready``).

        Raises:
            KeystoneError: no sandbox id in the environment.
            KeystoneAuthError: no API key in the environment.
            KeystoneNotFoundError: the sandbox does not exist (any more).

        """
        from polarity_keystone._exceptions import KeystoneError

        sandbox_id = resolve_sandbox_id(None)
        if sandbox_id is None:
            raise KeystoneError(
                f"{SANDBOX_ID_ENVS[0]} is not set: from_sandbox() runs inside a Keystone "
                "sandbox, which sets it (elsewhere, build the client with Keystone(...))"
            )
        client = cls(
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )
        try:
            sandbox = client.sandboxes.get(sandbox_id)
        except BaseException:
            client.close()
            raise
        return client, sandbox

    def health(self) -> dict[str, Any]:
        """``GET /health``: the service's liveness answer as a dict (``{"status": "ok"}``)."""
        from _keystone_openapi.api.health import get_health

        from polarity_keystone._parse import json_object

        return self._http.call(self._http.plan(get_health), json_object)

    def init_tracing(
        self, sandbox_id: str | None = None, *, otel_tracer: object | None = None
    ) -> bool:
        """Report every ``@traced`` span in the process (any thread) with this client's key.

        Events go to ``/v1/sandboxes/{sandbox_id}/trace`` (default: ``$KEYSTONE_SANDBOX_ID``)
        or, without a sandbox id, to ``/v1/traces`` (agent mode). ``otel_tracer`` (an
        OpenTelemetry ``Tracer``) also mirrors every span to OpenTelemetry. No I/O here: a
        background thread sends batches, and a failing backend never slows or fails your code.
        Calling it again replaces the destination. Returns True (spans are recorded).

        Raises:
            KeystoneError: the client is closed.

        """
        self._http.ensure_open()
        from polarity_keystone._tracing import init_tracing

        return init_tracing(sandbox_id, otel_tracer=otel_tracer, client=self)

    def wrap(
        self,
        client: LLMClientT,
        sandbox_id: str | None = None,
        *,
        tracing: bool = True,
        auto_instrument: bool = True,
    ) -> LLMClientT:
        """Instrument an OpenAI or Anthropic client in place; returns the same object.

        ::

            anthropic = ks.wrap(Anthropic())  # every messages.create() now reports

        Each call (plain or streamed, sync or sync) becomes one ``llm_call`` trace event with
        tokens, cost and latency, under the current ``@traced`` span, plus one ``tool_use``
        event per tool call. ``tracing`` also runs :meth:`init_tracing`; ``auto_instrument``
        also patches every installed provider when a sandbox id resolves (argument, else
        ``$KEYSTONE_SANDBOX_ID``; skipped otherwise). With both False the client still
        reports (to ``sandbox_id``, else agent mode). Wrapping twice never reports twice.
        No I/O here.

        Raises:
            KeystoneInvalidArgumentError: ``client`` is not a supported LLM client.
            KeystoneError: this Keystone client is closed.

        """
        self._http.ensure_open()
        from polarity_keystone._instrument import wrap_client

        return wrap_client(
            self, client, sandbox_id, tracing=tracing, auto_instrument=auto_instrument
        )

    def observe(
        self,
        *,
        clients: Iterable[object] | None = None,
        tracing: bool = True,
        auto_instrument: bool = True,
        sandbox_id: str | None = None,
    ) -> list[str]:
        """One-call observability: wrap each client, init tracing, auto-instrument.

        ::

            applied = ks.observe(clients=[Anthropic(), OpenAI()])
            # ['anthropic-client', 'openai-client', 'tracing', 'openai', 'anthropic', ...]

        Returns the labels of what was applied: each wrapped client's (a client that cannot
        be wrapped is logged and left out), ``"tracing"`` if on, then the providers
        ``auto_instrument`` patched (none without a sandbox id). No I/O here.
        """
        self._http.ensure_open()
        from polarity_keystone._instrument import observe

        return observe(
            self,
            clients=clients,
            tracing=tracing,
            auto_instrument=auto_instrument,
            sandbox_id=sandbox_id,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='{self._key_shown}')"
