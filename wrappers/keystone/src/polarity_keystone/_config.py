"""Keystone's settings for the shared core (``sdk_core``), and where each setting comes from.

Every setting is read from the argument, else the environment, and each environment setting
has two spellings: the page's ``KEYSTONE_*`` and the ``POLARITY_*`` one the service's other
clients use. ``KEYSTONE_*`` wins when both are set: it is the documented name. (The published
0.3.3 client read ``POLARITY_*`` first; the two differ only when both are set to different
values.) An empty variable counts as unset.

==============  ====================================================  =========================
setting         environment (first set wins)                          default
==============  ====================================================  =========================
API key         ``KEYSTONE_API_KEY``, ``POLARITY_API_KEY``            none: a typed error
base URL        ``KEYSTONE_BASE_URL``, ``POLARITY_BASE_URL``          ``https://keystone.polarity.so``
sandbox id      ``KEYSTONE_SANDBOX_ID``, ``POLARITY_SANDBOX_ID``      none (agent mode)
workspace       ``KEYSTONE_WORKSPACE``, ``POLARITY_WORKSPACE``        none (the key's default)
==============  ====================================================  =========================
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace

import httpx
from sdk_core import ApiKeyRule, ErrorMap, Redactor, RetryPolicy, SDKError, Secret, ServiceConfig
from sdk_core import resolve_api_key as core_resolve_api_key
from sdk_core import resolve_base_url as core_resolve_base_url

from polarity_keystone._exceptions import (
    REQUEST_ID_HEADER,
    STATUS_CLASSES,
    KeystoneAuthError,
    KeystoneConnectionError,
    KeystoneError,
    KeystoneInvalidArgumentError,
    KeystoneMalformedResponseError,
    KeystoneServerError,
    KeystoneTimeoutError,
    from_response,
)
from polarity_keystone._version import __version__

__all__ = [
    "API_KEY_ENV",
    "API_KEY_ENV_ALIASES",
    "BASE_URL_ENVS",
    "CONFIG",
    "DEFAULT_BASE_URL",
    "SANDBOX_ID_ENVS",
    "USER_AGENT",
    "WORKSPACE_ENVS",
    "WORKSPACE_HEADER",
    "resolve_api_key",
    "resolve_base_url",
    "resolve_sandbox_id",
    "resolve_workspace",
]

# The page's default. The published 0.3.3 client used https://api.plr.sh instead (and kept
# this URL as an unused constant); set $KEYSTONE_BASE_URL to reach another deployment.
#: The public origin of the API (the page's).
DEFAULT_BASE_URL = "https://keystone.polarity.so"
#: The page's variable for the API key, and the other clients' spelling read after it.
API_KEY_ENV = "KEYSTONE_API_KEY"
API_KEY_ENV_ALIASES = ("POLARITY_API_KEY",)
#: The variables read, in order, for each setting (an empty one counts as unset).
BASE_URL_ENVS = ("KEYSTONE_BASE_URL", "POLARITY_BASE_URL")
SANDBOX_ID_ENVS = ("KEYSTONE_SANDBOX_ID", "POLARITY_SANDBOX_ID")
WORKSPACE_ENVS = ("KEYSTONE_WORKSPACE", "POLARITY_WORKSPACE")
#: Selects the workspace a request acts in (an id such as ``ws_<hex>``, or a name).
WORKSPACE_HEADER = "X-Polarity-Workspace"
#: Sent on every request (the published client hard-coded ``polarity-python/0.3.0``).
USER_AGENT = f"polarity-keystone-python/{__version__}"

# Keys are checked only for what a header can carry (visible ASCII, no spaces): the page shows
# `ks_live_...` and the published client's docstring `plr_live_...`, and keys of other shapes
# (sandbox-scoped, test) may exist, so refusing every other shape could lock out valid keys.
_KEY_PATTERN = r"[\x21-\x7e]+"
# Shapes scrubbed from anything printed even when not the call's own key: Keystone keys, and
# the LLM provider keys users forward as sandbox / experiment `secrets` (a service echoing a
# request body in a validation error must not put them in an exception or a log).
_KEYSTONE_KEY = r"\b(?:ks|plr)_(?:live|test)_[A-Za-z0-9_\-]+"
_PROVIDER_KEY = r"\bsk-[A-Za-z0-9_\-]{20,}"
_HEADER_UNSAFE = re.compile(r"[^\x20-\x7e]")


def _response_error(
    response: httpx.Response, request_id: str | None, redactor: Redactor
) -> SDKError:
    """The page's classes for an error response, with ``message`` as the service said it."""
    return from_response(response, request_id=request_id, redactor=redactor)


CONFIG = ServiceConfig(
    name="keystone",
    user_agent=USER_AGENT,
    errors=ErrorMap(
        base=KeystoneError,
        connection=KeystoneConnectionError,
        timeout=KeystoneTimeoutError,
        decode=KeystoneMalformedResponseError,
        by_status=STATUS_CLASSES,
        server=KeystoneServerError,
        invalid_argument=KeystoneInvalidArgumentError,
        invalid_credentials=KeystoneAuthError,
        response_error=_response_error,
    ),
    # The published client never retried; rate limits and transient 5xx are now retried with
    # backoff, honouring Retry-After (POSTs carry an idempotency key, so a retry cannot act
    # twice). Connection errors are retried when the request provably was not sent, or is safe
    # to repeat.
    retry=RetryPolicy(max_retries=3, statuses=frozenset({429, 500, 502, 503, 504})),
    request_id_header=REQUEST_ID_HEADER,
    idempotency_header="Idempotency-Key",
    secret_patterns=(_KEYSTONE_KEY, _PROVIDER_KEY),
    auth_header="Authorization",
    auth_scheme="Bearer",
    api_key=ApiKeyRule(
        env=API_KEY_ENV,
        env_aliases=API_KEY_ENV_ALIASES,
        pattern=_KEY_PATTERN,
        shape="visible ASCII characters without spaces (e.g. ks_live_...)",
    ),
    default_base_url=DEFAULT_BASE_URL,
    # The core reads one variable; resolve_base_url below reads both spellings.
    base_url_env=BASE_URL_ENVS[0],
)


def _first_set(names: tuple[str, ...], environ: Mapping[str, str]) -> str | None:
    """The first of ``names`` set to a non-empty value."""
    for name in names:
        if environ.get(name):
            return name
    return None


def resolve_api_key(api_key: str | None) -> Secret:
    """The key passed, else ``$KEYSTONE_API_KEY``, else ``$POLARITY_API_KEY``.

    Raises :class:`KeystoneAuthError` (never quoting the key) when there is none or it cannot
    be sent in a header, so a typo fails at construction instead of as a 401 later.
    """
    return core_resolve_api_key(CONFIG, api_key)


def resolve_base_url(base_url: str | None) -> str:
    """The origin passed, else ``$KEYSTONE_BASE_URL``, else ``$POLARITY_BASE_URL``, else the page's.

    Checked by the core (``http(s)://host[:port][/path]``, no query, no credentials) and
    returned without a trailing ``/``; errors are :class:`KeystoneInvalidArgumentError` naming
    where the value came from. Use this rather than ``sdk_core.resolve_base_url(CONFIG, ...)``,
    which reads only the first spelling.
    """
    if base_url is None or base_url == "":
        name = _first_set(BASE_URL_ENVS, os.environ)
        if name is not None and name != CONFIG.base_url_env:
            # The core names the variable a bad value came from: give it the one that is set.
            return core_resolve_base_url(replace(CONFIG, base_url_env=name), None)
    return core_resolve_base_url(CONFIG, base_url)


def resolve_sandbox_id(sandbox_id: str | None) -> str | None:
    """The sandbox id passed, else ``$KEYSTONE_SANDBOX_ID``, else ``$POLARITY_SANDBOX_ID``.

    None means agent mode (trace events are scoped by the API key). An explicit ``""`` also
    means agent mode, without reading the environment, as the published client's
    ``record_llm_call(sandbox_id="")`` did.
    """
    if sandbox_id is None:
        name = _first_set(SANDBOX_ID_ENVS, os.environ)
        if name is None:
            return None
        sandbox_id = os.environ[name]
    if not isinstance(sandbox_id, str):
        raise KeystoneInvalidArgumentError(
            f"sandbox_id must be a str, not {type(sandbox_id).__name__}"
        )
    return sandbox_id.strip() or None


def resolve_workspace(workspace: str | None) -> str | None:
    """The workspace passed, else ``$KEYSTONE_WORKSPACE``, else ``$POLARITY_WORKSPACE``.

    Sent as :data:`WORKSPACE_HEADER`; None means the key's default workspace. A value a header
    cannot carry (control or non-ASCII characters) is refused before any request: pass the
    workspace's ``ws_...`` id instead of such a name.
    """
    source = "argument workspace"
    if workspace is None:
        name = _first_set(WORKSPACE_ENVS, os.environ)
        if name is None:
            return None
        workspace, source = os.environ[name], f"${name}"
    if not isinstance(workspace, str):
        raise KeystoneInvalidArgumentError(
            f"workspace must be a str, not {type(workspace).__name__}"
        )
    value = workspace.strip()
    if not value:
        return None
    if _HEADER_UNSAFE.search(value):
        raise KeystoneInvalidArgumentError(
            f"the workspace from {source} holds characters a header cannot carry (control or "
            "non-ASCII): pass its ws_... id instead"
        )
    return value
