"""Generated from kneo_client/_async/client.py by tools.unasync; do not edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sdk_core import Resource

from kneo_client._sync.agent import SyncAgentClient
from kneo_client._sync.platform import SyncPlatformClient
from kneo_client.core.profiles import load_profile
from kneo_client.core.transport import SyncTransport

if TYPE_CHECKING:
    import httpx
    from sdk_core import CallListener
    from typing_extensions import Self

    from kneo_client.core.profiles import Profile
    from kneo_client.core.retries import RetryPolicy

__all__ = ["SyncKneoClient"]


class SyncKneoClient:
    """The Kneo Agent Platform, sync: ``.platform`` and ``.agent`` on one shared transport.

    Args:
        profile: the resolved :class:`~kneo_client.core.profiles.Profile` (URL, API key,
            auth scheme, timeout); see :meth:`from_profile` to resolve one.
        retry_policy: instead of ``RetryPolicy()`` (3 attempts, exponential backoff).
        http_client: an ``httpx.Client`` of your own (pools, proxies); never closed here.

    Nothing touches the network until the first call. ``with`` closes the transport.
    """

    platform = Resource(SyncPlatformClient)
    agent = Resource(SyncAgentClient)

    def __init__(
        self,
        profile: Profile,
        *,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._transport = SyncTransport(profile, http_client=http_client, retry_policy=retry_policy)
        self._http = self._transport  # what the adapter groups are built on

    @classmethod
    def from_profile(
        cls,
        name: str | None = None,
        *,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        **overrides: Any,
    ) -> Self:
        """Resolve a profile with :func:`~kneo_client.core.profiles.load_profile` and build a
        client on it. ``overrides``: ``config_file``, ``url``, ``api_key``, ``auth_scheme``,
        ``timeout``.

        Raises:
            ProfileError: the profile cannot be resolved (naming the file, section or variable).

        """
        profile = load_profile(name, **overrides)
        return cls(profile, retry_policy=retry_policy, http_client=http_client)

    @property
    def profile(self) -> Profile:
        """The resolved profile this client is bound to."""
        return self._transport.profile

    @property
    def transport(self) -> SyncTransport:
        """The shared transport: the escape hatch for endpoints not wrapped yet."""
        return self._transport

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
        """Any request, with the client's auth, retries, idempotency and error mapping.

        The shared transport's ``request``: the public escape hatch for an endpoint a newer
        platform added.
        """
        return self._transport.request(
            method,
            path,
            json=json,
            params=params,
            headers=headers,
            idempotency_key=idempotency_key,
            request_id=request_id,
        )

    def subscribe(self, listener: CallListener) -> Callable[[], None]:
        """Call ``listener(event)`` for every attempt of every call; returns the unsubscriber.

        Events (:class:`sdk_core.CallEvent`) say a request is sent, a response or a transport
        error arrived, a retry is scheduled (with its delay) or the call gave up: what logging,
        metrics or tracing need. A listener must be quick; one that raises is logged and ignored.
        """
        return self._transport._core.subscribe(listener)

    def close(self) -> None:
        """Close the transport (not a caller's ``http_client``). Idempotent."""
        self._transport.close()

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
        profile = self._transport.profile
        return f"{type(self).__name__}(profile={profile.name!r}, url={profile.url!r})"
