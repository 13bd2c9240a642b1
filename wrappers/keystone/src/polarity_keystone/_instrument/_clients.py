"""Instrumenting one LLM client object in place (what ``ks.wrap(client)`` does).

Patches are INSTANCE attributes on the client's resource objects (``client.chat.completions``
is a ``cached_property``, so it is one object per client): other client instances, and the
classes, are untouched. Each installed function carries :data:`~._record.MARK`, so patching
is idempotent; the client's :class:`~._record.Destination` is kept in a weak registry, so
wrapping an instrumented client again only re-points where its calls are reported (the latest
wrap wins) and never stacks a second report.

Covered, sync and async:

* OpenAI (``OpenAI``, ``AsyncOpenAI``, and the Azure subclasses): ``chat.completions.create``
  (plain and ``stream=True``), ``responses.create`` (plain and ``stream=True``), and through
  them ``chat.completions.stream()`` and ``responses.stream()`` (the SDK's helpers call
  ``create``; reported under the ``create`` name). ``copy()`` / ``with_options()`` return
  instrumented copies.
* Anthropic (``Anthropic``, ``AsyncAnthropic``): ``messages.create`` (plain and
  ``stream=True``) and ``messages.stream()`` (``anthropic.messages.stream``).
* Mistral (``mistralai.client.Mistral``, one client for both): ``chat.complete`` /
  ``complete_async`` (``mistral.chat.complete``) and ``chat.stream`` / ``stream_async``
  (``mistral.chat.stream``); ``chat.parse*`` go through them.
* Google GenAI (``genai.Client``, or its ``aio``): ``models.generate_content`` and
  ``models.generate_content_stream``, sync and through ``client.aio``
  (``google.models.generate_content``, ``google.models.generate_content_stream``).

Not covered: ``with_raw_response`` / ``with_streaming_response`` variants, OpenAI
``parse()``, embeddings, Anthropic ``beta.*``, Mistral ``fim`` / ``agents`` /
``conversations``, Gemini ``chats`` (which bypass ``models``) and the Live API.
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from polarity_keystone._instrument import _anthropic, _google, _mistral, _openai
from polarity_keystone._instrument._record import (
    MARK,
    Destination,
    LLMCall,
    Operation,
    async_wrapper,
    is_instrumented,
    sync_wrapper,
    watch_async_stream,
    watch_sync_stream,
)

if TYPE_CHECKING:
    from polarity_keystone._tracing import Reporter

__all__ = [
    "ANTHROPIC_MESSAGES",
    "ANTHROPIC_STREAM",
    "GOOGLE_GENERATE",
    "GOOGLE_STREAM",
    "MISTRAL_COMPLETE",
    "MISTRAL_STREAM",
    "OPENAI_CHAT",
    "OPENAI_RESPONSES",
    "SUPPORTED",
    "client_label",
    "instrument_client",
    "is_client_instrumented",
    "provider_of",
]

_log = logging.getLogger("polarity_keystone.instrument")

OPENAI_CHAT = Operation(
    provider="openai",
    tool="openai.chat.completions.create",
    parse=_openai.chat_result,
    accumulator=_openai.ChatStreamAccumulator,
)
OPENAI_RESPONSES = Operation(
    provider="openai",
    tool="openai.responses.create",
    parse=_openai.responses_result,
    accumulator=_openai.ResponsesStreamAccumulator,
    input_keys=("input",),
)
ANTHROPIC_MESSAGES = Operation(
    provider="anthropic",
    tool="anthropic.messages.create",
    parse=_anthropic.message_result,
    accumulator=_anthropic.MessageStreamAccumulator,
)
ANTHROPIC_STREAM = Operation(
    provider="anthropic",
    tool="anthropic.messages.stream",
    parse=_anthropic.message_result,
    accumulator=_anthropic.MessageStreamAccumulator,
)

MISTRAL_COMPLETE = Operation(
    provider=_mistral.PROVIDER,
    tool="mistral.chat.complete",
    parse=_mistral.completion_result,
    accumulator=_mistral.CompletionStreamAccumulator,
)
MISTRAL_STREAM = Operation(
    provider=_mistral.PROVIDER,
    tool="mistral.chat.stream",
    parse=_mistral.completion_result,
    accumulator=_mistral.CompletionStreamAccumulator,
    always_streams=True,
    stream_attr="generator",
)
# provider is the Gemini API's; a Vertex AI client gets _google.VERTEX_AI (see _operation).
GOOGLE_GENERATE = Operation(
    provider=_google.GEMINI,
    tool="google.models.generate_content",
    parse=_google.generate_result,
    input_keys=("contents",),
    options=_google.sampling_options,
)
GOOGLE_STREAM = Operation(
    provider=_google.GEMINI,
    tool="google.models.generate_content_stream",
    parse=_google.generate_result,
    accumulator=_google.GenerateStreamAccumulator,
    input_keys=("contents",),
    always_streams=True,
    options=_google.sampling_options,
)

#: What :func:`instrument_client` accepts, for error messages.
SUPPORTED = (
    "openai.OpenAI / AsyncOpenAI (and the Azure variants), anthropic.Anthropic / AsyncAnthropic,"
    " mistralai.client.Mistral, google.genai.Client (or its .aio)"
)


@dataclass(frozen=True)
class _Target:
    path: tuple[str, ...]
    operation: Operation
    kind: str = "call"  # "call": a create method; "anthropic_stream": messages.stream()
    # None: as the client is (sync or async); Mistral's and Gemini's clients hold both.
    is_async: bool | None = None


_TARGETS: dict[str, tuple[_Target, ...]] = {
    "openai": (
        _Target(("chat", "completions", "create"), OPENAI_CHAT),
        _Target(("responses", "create"), OPENAI_RESPONSES),
    ),
    "anthropic": (
        _Target(("messages", "create"), ANTHROPIC_MESSAGES),
        _Target(("messages", "stream"), ANTHROPIC_STREAM, kind="anthropic_stream"),
    ),
    "mistral": (
        _Target(("chat", "complete"), MISTRAL_COMPLETE, is_async=False),
        _Target(("chat", "complete_async"), MISTRAL_COMPLETE, is_async=True),
        _Target(("chat", "stream"), MISTRAL_STREAM, is_async=False),
        _Target(("chat", "stream_async"), MISTRAL_STREAM, is_async=True),
    ),
    "google-genai": (
        # models.* is sync on a Client and async on its .aio (an AsyncClient).
        _Target(("models", "generate_content"), GOOGLE_GENERATE),
        _Target(("models", "generate_content_stream"), GOOGLE_STREAM),
        _Target(("aio", "models", "generate_content"), GOOGLE_GENERATE, is_async=True),
        _Target(("aio", "models", "generate_content_stream"), GOOGLE_STREAM, is_async=True),
    ),
}

# A client class's module (or its package) → its provider key in _TARGETS.
_PACKAGES = {
    "openai": "openai",
    "anthropic": "anthropic",
    "mistralai": "mistral",
    "google.genai": "google-genai",
}

# client → its Destination; weak, so instrumenting never keeps a client alive.
_DESTINATIONS: weakref.WeakKeyDictionary[Any, Destination] = weakref.WeakKeyDictionary()


def provider_of(client: object) -> str | None:
    """``openai`` / ``anthropic`` / ``mistral`` / ``google-genai`` for those SDKs' clients
    (by the package of a class in its MRO), else None.
    """
    for cls in type(client).__mro__:
        if cls.__name__ in ("object", "Generic"):
            continue
        module = cls.__module__
        for package, provider in _PACKAGES.items():
            if module == package or module.startswith(package + "."):
                return provider
    return None


def _is_async(provider: str, client: object) -> bool:
    # The client's SDK is already imported (it built the client), so this import is free.
    if provider == "openai":
        import openai

        return isinstance(client, openai.AsyncOpenAI)
    if provider == "anthropic":
        import anthropic

        return isinstance(client, anthropic.AsyncAnthropic)
    if provider == "google-genai":
        from google.genai.client import AsyncClient

        return isinstance(client, AsyncClient)
    return False  # Mistral: one client, its targets say which methods are async


def _operation(provider: str, client: object, operation: Operation) -> Operation:
    """``operation`` as this client reports it (a Vertex AI Gemini client names its provider)."""
    if provider == "google-genai":
        name = _google.provider_name(client)
        if name != operation.provider:
            return replace(operation, provider=name)
    return operation


def client_label(client: object) -> str:
    """``observe``'s label for a client: ``<provider>-client`` (``openai-client``,
    ``anthropic-client``, ``mistral-client``, ``google-genai-client``), or its class.
    """
    provider = provider_of(client)
    if provider is not None:
        return f"{provider}-client"
    cls = type(client)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_client_instrumented(client: object) -> bool:
    """Whether ``client`` already reports its calls."""
    try:
        return client in _DESTINATIONS
    except TypeError:
        return False


def _resolve(root: object, path: tuple[str, ...]) -> tuple[object, Callable[..., Any]] | None:
    owner = root
    try:
        for name in path[:-1]:
            owner = getattr(owner, name)
        method = getattr(owner, path[-1])
    except AttributeError:  # an older SDK without this API
        return None
    return (owner, method) if callable(method) else None


def _anthropic_stream(
    original: Callable[..., Any], operation: Operation, destination: Destination, is_async: bool
) -> Callable[..., Any]:
    """``messages.stream()``: the manager's deferred request is swapped for one that reports.

    The manager keeps its request in a name-mangled attribute (``__api_request``), called (sync)
    or awaited (async) on ``__enter__``; we wrap that, so the call is timed from the ``with``
    and the ``MessageStream`` helpers (``text_stream``, ``get_final_message()``) keep working
    over the watched raw stream.
    """

    @functools.wraps(original)
    def stream(*args: Any, **kwargs: Any) -> Any:
        manager = original(*args, **kwargs)
        try:
            _hook_manager(
                manager,
                operation=operation,
                destination=destination,
                is_async=is_async,
                args=args,
                kwargs=kwargs,
            )
        except Exception:
            _log.debug("keystone: could not instrument messages.stream()", exc_info=True)
        return manager

    setattr(stream, MARK, True)
    return stream


def _hook_manager(
    manager: object,
    *,
    operation: Operation,
    destination: Destination,
    is_async: bool,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    state = vars(manager)
    name = next((key for key in state if key.endswith("__api_request")), None)
    if name is None or operation.accumulator is None:
        _log.debug("keystone: unknown MessageStreamManager shape; stream not reported")
        return
    request = state[name]
    accumulator = operation.accumulator
    if is_async:

        async def api_request_async() -> Any:
            call = LLMCall.begin(destination, operation, args, kwargs)
            try:
                raw = await request
            except BaseException as exc:
                call.fail(exc)
                raise
            return watch_async_stream(raw, call, accumulator())

        state[name] = api_request_async()
    else:

        def api_request() -> Any:
            call = LLMCall.begin(destination, operation, args, kwargs)
            try:
                raw = request()
            except BaseException as exc:
                call.fail(exc)
                raise
            return watch_sync_stream(raw, call, accumulator())

        state[name] = api_request


def _patch_copy(client: object, destination: Destination) -> None:
    original = getattr(client, "copy", None)
    if not callable(original) or is_instrumented(original):
        return

    @functools.wraps(original)
    def copy(*args: Any, **kwargs: Any) -> Any:
        new = original(*args, **kwargs)
        try:
            instrument_client(new, follows=destination)
        except Exception:
            _log.debug("keystone: could not instrument a client copy", exc_info=True)
        return new

    setattr(copy, MARK, True)
    # with_options is the same method under another name on both SDKs.
    vars(client)["copy"] = copy
    if callable(getattr(client, "with_options", None)):
        vars(client)["with_options"] = copy


def instrument_client(
    client: object, reporter: Reporter | None = None, *, follows: Destination | None = None
) -> str:
    """Make ``client`` report every covered call to ``reporter`` (or wherever ``follows`` does).

    Idempotent: an instrumented client (by an earlier wrap, or at construction by
    ``auto_instrument``) is only re-pointed; its calls are never reported twice.

    Returns:
        Its label: ``openai-client``, ``anthropic-client``, ``mistral-client`` or
        ``google-genai-client``.

    Raises:
        KeystoneInvalidArgumentError: ``client`` is not a supported LLM client.

    """
    provider = provider_of(client)
    if provider is None:
        from polarity_keystone._checks import CHECK

        cls = type(client)
        CHECK.fail(
            f"wrap() supports {SUPPORTED}; got a {cls.__module__}.{cls.__qualname__}"
            " (other providers are covered by auto_instrument())"
        )
    existing = _DESTINATIONS.get(client)
    if existing is not None:
        existing.point(reporter, follows=follows)
        return f"{provider}-client"
    destination = Destination(reporter, follows=follows)
    is_async = _is_async(provider, client)
    for target in _TARGETS[provider]:
        found = _resolve(client, target.path)
        if found is None:
            continue
        owner, method = found
        if is_instrumented(method):
            continue
        operation = _operation(provider, client, target.operation)
        target_async = is_async if target.is_async is None else target.is_async
        if target.kind == "anthropic_stream":
            patched = _anthropic_stream(method, operation, destination, target_async)
        elif target_async:
            patched = async_wrapper(method, operation, destination)
        else:
            patched = sync_wrapper(method, operation, destination)
        setattr(owner, target.path[-1], patched)
    _patch_copy(client, destination)
    _DESTINATIONS[client] = destination
    return f"{provider}-client"
