"""LLM-client instrumentation: ``ks.wrap(client)``, ``ks.observe(...)``, ``auto_instrument()``.

Every covered LLM call becomes one ``llm_call`` trace event (phase ``complete``), parented under
the ``@traced`` span current when the call was made, plus one ``tool_use`` child event (phase
``invoked``) per tool call the model asked for. The event carries:

* ``tool``: ``<provider>.<operation>``: ``openai.chat.completions.create`` (also what
  ``chat.completions.stream()`` reports), ``openai.responses.create`` (and
  ``responses.stream()``), ``anthropic.messages.create``, ``anthropic.messages.stream``,
  ``mistral.chat.complete``, ``mistral.chat.stream``, ``google.models.generate_content``,
  ``google.models.generate_content_stream``, ``langchain.<ModelClass>`` (one per LangChain
  chat-model run; the SDK call it makes underneath is then not reported again);
* ``input``: the request's messages (``input`` for the Responses API, ``contents`` for Gemini),
  captured safely (secrets redacted, cut to 4000 characters; lazy iterables are never consumed);
* ``output``: the answer text, then ``{"tool_calls": [{"tool", "args"}]}`` on its own line;
* ``cost``: ``input_tokens`` (uncached), ``output_tokens``, ``cache_read_tokens``,
  ``reasoning_tokens``, ``model``, ``estimated_usd`` (from :func:`polarity_keystone.estimate_cost`,
  looked up when the call is reported); plus ``cache_write_tokens`` when Anthropic wrote a cache;
* ``metadata``: OpenTelemetry GenAI keys (``gen_ai.operation.name``, ``gen_ai.provider.name``,
  ``gen_ai.system``, ``gen_ai.request.model`` / ``temperature`` / ``top_p`` / ``max_tokens``,
  ``gen_ai.response.model`` / ``id`` / ``finish_reasons``, ``gen_ai.usage.input_tokens`` (ALL
  prompt tokens, cached included, as the convention says), ``gen_ai.usage.output_tokens``,
  ``gen_ai.usage.cache_read.input_tokens``, ``gen_ai.usage.cache_creation.input_tokens``,
  ``gen_ai.usage.reasoning.output_tokens``);
* ``duration_ms`` (until the answer is complete: for a stream, until it ends) and, when the
  provider raised (a stream failing mid-way included), ``status: "error"`` and ``error_type``;
  the provider's exception always propagates unchanged.

Streams keep their SDK type and helpers and are reported exactly once (exhausted, failed,
closed, ``with`` exited, or garbage-collected unfinished; the last three add metadata
``keystone.stream.incomplete``). OpenAI chat streams carry usage only when the caller asks for it
with ``stream_options={"include_usage": True}``: we never add it, since it appends a chunk with
no ``choices`` that code indexing ``chunk.choices[0]`` would trip on.

Reporting never blocks: events are queued for the tracing exporter's background thread.

``auto_instrument`` patches, in the page's order: OpenAI, Anthropic, Mistral, Google GenAI,
LiteLLM, Claude Agent SDK, DSPy, LangChain (each only when installed; see ``_auto``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from polarity_keystone._instrument._auto import instrument_providers
from polarity_keystone._instrument._clients import client_label, instrument_client

if TYPE_CHECKING:
    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._sync.client import Keystone

__all__ = ["LLMClientT", "auto_instrument", "observe", "wrap_client"]

_log = logging.getLogger("polarity_keystone.instrument")

#: The type of the client ``ks.wrap`` is given, and returns unchanged.
LLMClientT = TypeVar("LLMClientT")

_CLIENTS_LOCK = threading.Lock()
# (api_key, base_url) → the Keystone client auto_instrument() reports through.
_CLIENTS: dict[tuple[str | None, str | None], Keystone] = {}


def _sandbox_or_fail(sandbox_id: str | None) -> str:
    from polarity_keystone._config import SANDBOX_ID_ENVS, resolve_sandbox_id

    resolved = resolve_sandbox_id(sandbox_id)
    if resolved is None:
        raise RuntimeError(
            f"auto_instrument requires sandbox_id (arg) or {SANDBOX_ID_ENVS[0]} env var"
            f" (or {SANDBOX_ID_ENVS[1]})"
        )
    return resolved


def auto_instrument(
    *, sandbox_id: str | None = None, api_key: str | None = None, base_url: str | None = None
) -> list[str]:
    """Patch every installed LLM provider so all their calls report to the sandbox's trace.

    ::

        from polarity_keystone import auto_instrument

        applied = auto_instrument(sandbox_id="sb-xxx")
        # applied: ['openai', 'anthropic'] (those installed)

    Only installed packages are imported and patched. OpenAI, Anthropic, Mistral and Google
    GenAI: every client built afterwards (sync and async) reports; clients built before are
    not touched (pass them to ``ks.wrap``). LangChain: every chat-model / LLM run from then on.
    Claude Agent SDK: every ``claude_agent_sdk.query`` (one event per query). LiteLLM
    (``completion`` / ``acompletion``) and DSPy (every LM call) are never imported by this
    call: patched now if already imported, else right after your first ``import`` of them
    (their label is listed from then on). A function imported by name before its patch
    (``from litellm import completion``) keeps the original.
    Idempotent: a second call patches nothing twice and re-points every
    patch to its sandbox id / credentials (the latest call wins).

    Args:
        sandbox_id: the sandbox whose trace receives the events; default
            ``$KEYSTONE_SANDBOX_ID``, else ``$POLARITY_SANDBOX_ID``.
        api_key: the Keystone key; default ``$KEYSTONE_API_KEY`` / ``$POLARITY_API_KEY``.
        base_url: the Keystone origin; default ``$KEYSTONE_BASE_URL`` / the page's.

    Returns:
        The labels of every provider patched in this process, in the order above.

    Raises:
        RuntimeError: no sandbox id from the argument or the environment.
        KeystoneAuthError: no Keystone API key.

    """
    resolved = _sandbox_or_fail(sandbox_id)
    from polarity_keystone._sync.client import Keystone
    from polarity_keystone._tracing import reporter_for

    with _CLIENTS_LOCK:
        client = _CLIENTS.get((api_key, base_url))
        if client is None:
            client = _CLIENTS[(api_key, base_url)] = Keystone(api_key=api_key, base_url=base_url)
    return instrument_providers(reporter_for(client, resolved))


def _auto_for(ks: Keystone | AsyncKeystone, sandbox_id: str | None) -> list[str]:
    """``auto_instrument`` through ``ks``'s credentials; skipped (``[]``) without a sandbox id."""
    from polarity_keystone._config import resolve_sandbox_id
    from polarity_keystone._tracing import reporter_for

    resolved = resolve_sandbox_id(sandbox_id)
    if resolved is None:
        return []
    try:
        return instrument_providers(reporter_for(ks, resolved))
    except Exception:
        _log.warning("keystone: auto_instrument failed", exc_info=True)
        return []


def _check_flags(**flags: object) -> None:
    from polarity_keystone._checks import CHECK

    for name, value in flags.items():
        if not isinstance(value, bool):
            CHECK.fail(f"{name} must be True or False, not a {type(value).__name__}")


def _client_list(clients: object) -> list[Any]:
    from collections.abc import Mapping

    from polarity_keystone._checks import CHECK

    if clients is None:
        return []
    if isinstance(clients, str | bytes | Mapping) or not isinstance(clients, Iterable):
        CHECK.fail(f"clients must be a list of LLM clients, not a {type(clients).__name__}")
    return list(clients)


def _init_tracing(ks: Keystone | AsyncKeystone, sandbox_id: str | None) -> None:
    from polarity_keystone._tracing import init_tracing

    init_tracing(sandbox_id, client=ks)


def wrap_client(
    ks: Keystone | AsyncKeystone,
    client: LLMClientT,
    sandbox_id: str | None = None,
    *,
    tracing: bool = True,
    auto_instrument: bool = True,
) -> LLMClientT:
    """``ks.wrap(client)``: instrument ``client`` in place and return it (same object, same type).

    Then, with ``tracing``, ``init_tracing(sandbox_id)`` (process-wide ``@traced`` reporting);
    with ``auto_instrument`` and a sandbox id (argument or environment), ``auto_instrument``
    through ``ks``'s credentials (silently skipped without one, as the page says).

    Wrapping again, or wrapping a client ``auto_instrument`` already covers, does not stack: it
    re-points where that client's calls go (the latest wrap wins).

    Raises:
        KeystoneInvalidArgumentError: ``client`` is not an OpenAI, Anthropic, Mistral or
            Google GenAI client.

    """
    from polarity_keystone._tracing import reporter_for

    _check_flags(tracing=tracing, auto_instrument=auto_instrument)
    instrument_client(client, reporter_for(ks, sandbox_id))
    if tracing:
        _init_tracing(ks, sandbox_id)
    if auto_instrument:
        _auto_for(ks, sandbox_id)
    return client


def observe(
    ks: Keystone | AsyncKeystone,
    *,
    clients: Iterable[Any] | None = None,
    tracing: bool = True,
    auto_instrument: bool = True,
    sandbox_id: str | None = None,
) -> list[str]:
    """``ks.observe(...)``: wrap each client, init tracing, auto-instrument; returns the labels.

    Labels: each wrapped client's (``openai-client``, ``anthropic-client``,
    ``mistral-client``, ``google-genai-client``; a client that
    cannot be wrapped is logged and left out), then ``tracing`` if on, then
    ``auto_instrument``'s provider labels (none without a sandbox id).
    """
    from polarity_keystone._tracing import reporter_for

    _check_flags(tracing=tracing, auto_instrument=auto_instrument)
    wanted = _client_list(clients)
    labels: list[str] = []
    reporter = reporter_for(ks, sandbox_id)
    for client in wanted:
        try:
            labels.append(instrument_client(client, reporter))
        except Exception:
            _log.warning(
                "keystone: observe() could not wrap %s", client_label(client), exc_info=True
            )
    if tracing:
        _init_tracing(ks, sandbox_id)
        labels.append("tracing")
    if auto_instrument:
        labels.extend(_auto_for(ks, sandbox_id))
    return labels
