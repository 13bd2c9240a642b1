"""``auto_instrument()``: patch every installed LLM provider in the process, once.

A provider is considered only when its package is installed (``importlib.util.find_spec``, so
an absent provider is never imported); it is then imported and patched, and its label recorded
only once the patch succeeded. A provider whose patch fails is logged and skipped (tried again
on the next call). Labels, in the page's order: ``openai``, ``anthropic``, ``mistral``,
``google-genai``, ``litellm``, ``claude-agent-sdk``, ``dspy``, ``langchain``. OpenAI /
Anthropic / Mistral (``mistralai.client.Mistral``) / Google GenAI (``genai.Client``, its
``aio`` included): the client classes' ``__init__`` (sync and async; subclasses such as
``AzureOpenAI`` included) instruments every NEW instance; existing instances are untouched.
LangChain: one callback handler registered for every run in the process (``_langchain``).
Claude Agent SDK: the module function ``claude_agent_sdk.query`` (``_claude_agent``).
LiteLLM (``completion`` / ``acompletion``, ``_litellm``) and DSPy (every LM call, ``_dspy``)
are ``on_import`` providers: never imported here (LiteLLM's import fetches a price map from the
internet; DSPy's takes seconds). Imported already, they are patched at once; else a
``sys.meta_path`` hook patches each right after the user's own first import of it, and its
label is listed from then on (by :func:`applied` and the next ``auto_instrument``).

Every patch reports to one process-wide :class:`~._record.Destination`; calling
``auto_instrument`` again (any sandbox id) re-points it and patches nothing twice.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from polarity_keystone._instrument._clients import instrument_client
from polarity_keystone._instrument._record import MARK, Destination, is_instrumented

if TYPE_CHECKING:
    from polarity_keystone._tracing import Reporter

__all__ = [
    "AUTO",
    "PROVIDERS",
    "Provider",
    "applied",
    "instrument_providers",
    "patch_attribute",
    "patch_init",
    "reset",
]

_log = logging.getLogger("polarity_keystone.instrument")

Undo = Callable[[], None]

#: Where every auto-instrumented call goes (pointed by the latest auto_instrument call).
AUTO = Destination()

# Re-entrant: a patch may import a package whose deferred patch then runs on this thread.
_LOCK = threading.RLock()
_APPLIED: list[str] = []
_UNDO: list[Undo] = []
# module → its ``on_import`` provider, waiting for the user's first import of it.
_PENDING: dict[str, Provider] = {}


def patch_init(cls: type, on_new: Callable[[Any], None]) -> Undo:
    """Make every new ``cls`` instance (subclasses included) go through ``on_new`` after init.

    Existing instances are untouched. Returns the undo.
    """
    original = cls.__dict__.get("__init__")
    if original is None or is_instrumented(original):
        return lambda: None

    @functools.wraps(original)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        try:
            on_new(self)
        except Exception:  # instrumentation must never break building the user's client
            _log.debug("keystone: could not instrument a new %s", cls.__name__, exc_info=True)

    setattr(__init__, MARK, True)
    type.__setattr__(cls, "__init__", __init__)
    return lambda: type.__setattr__(cls, "__init__", original)


def patch_attribute(owner: object, name: str, make: Callable[[Any], Any]) -> Undo:
    """Replace ``owner.name`` (a module's function) by ``make(original)``, never twice.

    Returns the undo, which restores the original only while our wrapper is still in place.
    """
    original = getattr(owner, name, None)
    if not callable(original) or is_instrumented(original):
        return lambda: None
    patched = make(original)
    setattr(owner, name, patched)

    def undo() -> None:
        if getattr(owner, name, None) is patched:
            setattr(owner, name, original)

    return undo


def _instrument_new(client: Any) -> None:
    instrument_client(client, follows=AUTO)


def _patch_openai() -> list[Undo]:
    import openai

    return [
        patch_init(openai.OpenAI, _instrument_new),
        patch_init(openai.AsyncOpenAI, _instrument_new),
    ]


def _patch_anthropic() -> list[Undo]:
    import anthropic

    return [
        patch_init(anthropic.Anthropic, _instrument_new),
        patch_init(anthropic.AsyncAnthropic, _instrument_new),
    ]


def _patch_mistral() -> list[Undo]:
    from mistralai.client import Mistral

    return [patch_init(Mistral, _instrument_new)]


def _patch_google_genai() -> list[Undo]:
    from google.genai import client as genai_client

    # A Client's __init__ builds its .aio too, and instrument_client covers both.
    return [patch_init(genai_client.Client, _instrument_new)]


def _patch_langchain() -> list[Undo]:
    from polarity_keystone._instrument import _langchain

    return [_langchain.install(AUTO)]


def _patch_litellm() -> list[Undo]:
    from polarity_keystone._instrument import _litellm

    return _litellm.patch(AUTO)


def _patch_claude_agent() -> list[Undo]:
    from polarity_keystone._instrument import _claude_agent

    return _claude_agent.patch(AUTO)


def _patch_dspy() -> list[Undo]:
    from polarity_keystone._instrument import _dspy

    return _dspy.patch(AUTO)


@dataclass(frozen=True)
class Provider:
    """One auto-instrumentable provider: its label, the module that must be installed, and
    the patcher (called with the package importable; returns its undos).
    """

    label: str
    module: str
    patch: Callable[[], list[Undo]]
    #: Never import ``module`` ourselves: patch it right after the user first imports it (its
    #: import is slow or has side effects: litellm's fetches a price map from the internet).
    on_import: bool = False


#: In the page's order. Only providers whose patch is tested with the real package are here
#: (see the package docstring for the ones that are not).
PROVIDERS: tuple[Provider, ...] = (
    Provider("openai", "openai", _patch_openai),
    Provider("anthropic", "anthropic", _patch_anthropic),
    Provider("mistral", "mistralai.client", _patch_mistral),
    Provider("google-genai", "google.genai", _patch_google_genai),
    Provider("litellm", "litellm", _patch_litellm, on_import=True),
    Provider("claude-agent-sdk", "claude_agent_sdk", _patch_claude_agent),
    Provider("dspy", "dspy", _patch_dspy, on_import=True),
    Provider("langchain", "langchain_core", _patch_langchain),
)


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or a broken install
        return False


def instrument_providers(reporter: Reporter) -> list[str]:
    """Point :data:`AUTO` at ``reporter`` and patch every installed provider not yet patched.

    Returns every label patched so far in this process, in :data:`PROVIDERS` order.
    """
    with _LOCK:
        AUTO.point(reporter)
        for provider in PROVIDERS:
            if provider.label in _APPLIED or not _installed(provider.module):
                continue
            if provider.on_import and provider.module not in sys.modules:
                _defer(provider)
                continue
            _apply(provider)
        return _ordered()


def _ordered() -> list[str]:
    order = [provider.label for provider in PROVIDERS]
    return sorted(_APPLIED, key=lambda label: order.index(label) if label in order else len(order))


def _apply(provider: Provider) -> None:
    """Patch ``provider`` (its package importable) and record its label; call under _LOCK."""
    try:
        undos = provider.patch()
    except Exception:
        _log.warning("keystone: auto_instrument could not patch %s", provider.label, exc_info=True)
        return
    _UNDO.extend(undos)
    _APPLIED.append(provider.label)


class _ImportWatcher:
    """A ``sys.meta_path`` finder that finds nothing itself: for a deferred provider's package
    it asks the other finders, and makes the found loader patch the module once executed.
    """

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        """The other finders' spec for ``fullname``, its loader hooked if it is deferred."""
        provider = _PENDING.get(fullname)  # a dict read: no lock on the import path
        if provider is None:
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or not callable(find):
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        original = getattr(loader, "exec_module", None)
        if callable(original):
            # The loader instance is this module's own (path finders make one per spec).
            def exec_module(module: object) -> None:
                original(module)
                _imported(provider)

            loader.exec_module = exec_module
        return spec


_WATCHER = _ImportWatcher()


def _defer(provider: Provider) -> None:
    _PENDING[provider.module] = provider
    if _WATCHER not in sys.meta_path:
        sys.meta_path.insert(0, _WATCHER)


def _imported(provider: Provider) -> None:
    with _LOCK:
        if _PENDING.pop(provider.module, None) is None:
            return  # reset() since, or already patched
        if not _PENDING:
            _unwatch()
        _apply(provider)


def _unwatch() -> None:
    with _LOCK:
        if _WATCHER in sys.meta_path:
            sys.meta_path.remove(_WATCHER)


def applied() -> list[str]:
    """The labels patched so far."""
    with _LOCK:
        return _ordered()


def reset() -> None:
    """Undo every class/module patch (tests); instances already instrumented stay so."""
    with _LOCK:
        while _UNDO:
            undo = _UNDO.pop()
            try:
                undo()
            except Exception:
                _log.debug("keystone: could not undo a patch", exc_info=True)
        _APPLIED.clear()
        _PENDING.clear()
        _unwatch()
        AUTO.point(None)
