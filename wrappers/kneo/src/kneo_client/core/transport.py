"""The request engine: :class:`Transport` (async) and :class:`SyncTransport`.

Both are thin layers over the shared core's drivers (``sdk_core.AsyncHttpCore`` and
``sdk_core.HttpCore``), so the retry loop, the error mapping and the secret scrubbing are the
core's, written once. What this module adds is the page's surface::

    async with Transport(load_profile()) as t:
        resp = await t.request("GET", "/v1/healthz")

    with SyncTransport(load_profile()) as t:
        resp = t.request("GET", "/v1/healthz")

Every request carries:

* the API key, as ``Authorization: Bearer <key>`` or ``X-Kneo-Api-Key: <key>`` (the profile's
  ``auth_scheme``);
* ``X-Request-ID``: the caller's ``request_id`` or a fresh UUID4, the same on every attempt;
* on POST, ``Idempotency-Key``: the caller's key (checked by
  :func:`~kneo_client.core.idempotency.validate_idempotency_key`, which raises ``ValueError``)
  or a fresh UUID4, the same on every attempt. On other methods the argument is ignored,
  without being checked, and no key is sent.

These managed headers override a caller's ``headers`` whatever their case (a caller's
``idempotency-key`` or ``authorization`` is dropped, never sent beside ours), and a caller's
``user-agent`` / ``accept`` / ``content-type`` replaces ours instead of travelling beside it.
``params`` entries that are None are left out of the query.

Retries follow :class:`~kneo_client.core.retries.RetryPolicy` (429, 502, 503, 504; never 500;
``Retry-After`` used verbatim up to ``max_delay``, a longer one raised at once). A failure
without a response (:class:`~kneo_client.core.errors.KneoNetworkError`) is retried for
idempotent verbs and for POSTs (which always carry a key); for any other method (PATCH) only
when the request provably never left (a connect error). Error responses raise the classes of
:func:`kneo_client.core.errors.from_response`, with ``request_id`` and ``idempotency_key`` set.

A caller-supplied ``http_client`` is never closed by the transport, and neither its base URL nor
its auth is changed. Its base URL, when it has one, is where requests go (``path`` is joined to
it); ``profile.url`` is used only when the client has no base URL. The client's own ``auth``
(if any) runs after the transport's headers are set, so it wins for the header it sets.
``profile.timeout`` applies to every request, whatever the client's own timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
from sdk_core import AsyncHttpCore, HttpCore, RequestPlan, build_raw_plan, resolve_api_key

from kneo_client._config import config_for
from kneo_client.core.auth import AUTHORIZATION_HEADER, KNEO_API_KEY_HEADER
from kneo_client.core.idempotency import new_idempotency_key, validate_idempotency_key
from kneo_client.core.logging import get_logger, redact_headers
from kneo_client.core.profiles import Profile
from kneo_client.core.request_ids import generate_request_id
from kneo_client.core.retries import RetryPolicy, to_core_policy

if TYPE_CHECKING:
    from sdk_core import ServiceConfig
    from typing_extensions import Self

__all__ = ["SyncTransport", "Transport"]

_log = get_logger("transport")
# Both spellings of the credential are the transport's, whichever scheme the profile uses.
_AUTH_HEADERS = frozenset({AUTHORIZATION_HEADER.lower(), KNEO_API_KEY_HEADER.lower()})
# Headers the core sets by default: a caller's spelling is renamed so it replaces ours.
_CANONICAL = {name.lower(): name for name in ("User-Agent", "Accept", "Content-Type")}


def _check_profile(profile: object) -> Profile:
    if not isinstance(profile, Profile):
        raise TypeError(
            f"profile must be a Profile (see load_profile()), not {type(profile).__name__}"
        )
    return profile


def _check_policy(policy: object) -> RetryPolicy:
    if policy is None:
        return RetryPolicy()
    if not isinstance(policy, RetryPolicy):
        raise TypeError(
            "retry_policy must be a kneo_client.core.retries.RetryPolicy or None, "
            f"not {type(policy).__name__}"
        )
    return policy


def _base_url(profile: Profile, client: httpx.Client | httpx.AsyncClient | None) -> str:
    """The caller's client's base URL when it has one (it is not overridden), else the profile's."""
    if isinstance(client, httpx.Client | httpx.AsyncClient):
        own = str(client.base_url).rstrip("/")
        if own:
            return own
    return profile.url.rstrip("/")


def _caller_headers(config: ServiceConfig, headers: object) -> dict[str, Any] | None:
    if headers is None:
        return None
    if not isinstance(headers, Mapping):
        raise config.errors.argument_error(
            f"headers must be a mapping, not {type(headers).__name__}"
        )
    kept: dict[str, Any] = {}
    for name, value in headers.items():
        if isinstance(name, str):
            lowered = name.lower()
            if lowered in _AUTH_HEADERS:
                continue
            name = _CANONICAL.get(lowered, name)
        kept[name] = value
    return kept


def _plan(
    config: ServiceConfig,
    method: str,
    path: str,
    *,
    json: Any,
    params: Mapping[str, Any] | None,
    headers: Mapping[str, str] | None,
    idempotency_key: str | None,
    request_id: str | None,
) -> RequestPlan:
    """The immutable plan every attempt of one call sends (the core reuses its key and id)."""
    verb = method.upper() if isinstance(method, str) else method
    key = None
    if verb == "POST":
        key = (
            new_idempotency_key()
            if idempotency_key is None
            else validate_idempotency_key(idempotency_key)
        )
    if isinstance(params, Mapping):
        params = {name: value for name, value in params.items() if value is not None}
    elif params is not None:
        raise config.errors.argument_error(f"params must be a mapping, not {type(params).__name__}")
    plan = build_raw_plan(
        config,
        verb,
        path,
        json=json,
        params=params,
        headers=_caller_headers(config, headers),
        idempotency_key=key,
        request_id=generate_request_id() if request_id is None else request_id,
    )
    if _log.isEnabledFor(logging.DEBUG):  # the credential is never among these headers
        shown = dict(plan.headers)
        if key is not None:
            shown[config.idempotency_header or ""] = key
        _log.debug("request %s %s headers=%s", plan.method, plan.url, redact_headers(shown))
    return plan


class Transport:
    """Async HTTP transport for a Kneo Agent Platform instance.

    Args:
        profile: the resolved profile (URL, API key, auth scheme, timeout).
        http_client: an ``httpx.AsyncClient`` to send with. The caller owns it:
            :meth:`aclose` never closes it, and its base URL and auth are not overridden (see
            the module docs for how its base URL combines with the profile's).
        retry_policy: defaults to ``RetryPolicy()`` (3 attempts, exponential backoff, jitter).

    Raises:
        TypeError: ``profile`` is not a :class:`Profile`, or ``retry_policy`` not a
            :class:`RetryPolicy`.
        KneoError: ``http_client`` is not an ``httpx.AsyncClient``.

    """

    def __init__(
        self,
        profile: Profile,
        *,
        http_client: httpx.AsyncClient | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._profile = _check_profile(profile)
        policy = _check_policy(retry_policy)
        config = config_for(self._profile.auth_scheme)
        self._url = _base_url(self._profile, http_client)
        self._core = AsyncHttpCore(
            config,
            base_url=self._url,
            api_key=resolve_api_key(config, self._profile.api_key),
            timeout=self._profile.timeout,
            retry_policy=to_core_policy(policy),
            http_client=http_client,
        )

    @property
    def profile(self) -> Profile:
        """The profile this transport is bound to (read-only)."""
        return self._profile

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> httpx.Response:
        """Send a request with auth, retries, idempotency and error mapping.

        Args:
            method: the HTTP method (``GET``, ``POST``, ...; any case).
            path: the path relative to the base URL (``/v1/runs``).
            json: the JSON body, if any.
            params: query parameters (None values are left out).
            headers: extra headers; the auth, ``Idempotency-Key`` and ``X-Request-ID``
                headers are the transport's and override these whatever their case.
            idempotency_key: the POST's key instead of a fresh UUID4 (validated: 1 to 256
                visible ASCII characters once stripped); ignored on other methods.
            request_id: the ``X-Request-ID`` instead of a fresh UUID4.

        Returns:
            The successful (2xx) response, its body read.

        Raises:
            KneoError: the subclass for the error status (after retries), or
                ``KneoNetworkError`` when no response came; ``KneoError`` for a path, header
                or body that cannot be sent, or a closed transport.
            ValueError: a malformed ``idempotency_key`` on a POST.

        """
        plan = _plan(
            self._core.ctx.config,
            method,
            path,
            json=json,
            params=params,
            headers=headers,
            idempotency_key=idempotency_key,
            request_id=request_id,
        )
        return await self._core.send(plan)

    async def aclose(self) -> None:
        """Close the ``httpx.AsyncClient`` if this transport created it. Idempotent."""
        await self._core.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"Transport(url={self._url!r}, auth_scheme={self._profile.auth_scheme.value!r})"


class SyncTransport:
    """The synchronous twin of :class:`Transport`: same arguments, same semantics.

    Built on a plain ``httpx.Client`` (not on an event loop), so it works in scripts, in
    notebooks and other code already running an event loop, and from many threads at once
    (one connection pool shared by all of them).

    Args:
        profile: the resolved profile.
        http_client: an ``httpx.Client`` to send with (the caller owns it; see
            :class:`Transport`).
        retry_policy: defaults to ``RetryPolicy()``.

    """

    def __init__(
        self,
        profile: Profile,
        *,
        http_client: httpx.Client | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._profile = _check_profile(profile)
        policy = _check_policy(retry_policy)
        config = config_for(self._profile.auth_scheme)
        self._url = _base_url(self._profile, http_client)
        self._core = HttpCore(
            config,
            base_url=self._url,
            api_key=resolve_api_key(config, self._profile.api_key),
            timeout=self._profile.timeout,
            retry_policy=to_core_policy(policy),
            http_client=http_client,
        )

    @property
    def profile(self) -> Profile:
        """The profile this transport is bound to (read-only)."""
        return self._profile

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
    ) -> httpx.Response:
        """Synchronous :meth:`Transport.request`: same arguments, same semantics; blocks."""
        plan = _plan(
            self._core.ctx.config,
            method,
            path,
            json=json,
            params=params,
            headers=headers,
            idempotency_key=idempotency_key,
            request_id=request_id,
        )
        return self._core.send(plan)

    def close(self) -> None:
        """Close the ``httpx.Client`` if this transport created it. Idempotent."""
        self._core.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SyncTransport(url={self._url!r}, auth_scheme={self._profile.auth_scheme.value!r})"
