"""Generated from gnosys/_async/client.py by tools.unasync; do not edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from sdk_core import ClientBase, HttpCore, Resource, RetryPolicy

from gnosys._config import CONFIG, resolve_api_key, resolve_base_url
from gnosys._sync.resources.api_keys import ApiKeys
from gnosys._sync.resources.datasets import Datasets
from gnosys._sync.resources.findings import Findings
from gnosys._sync.resources.runs import Runs

if TYPE_CHECKING:
    from gnosys.models import ServiceStatus

__all__ = ["ApiKeys", "Datasets", "Findings", "GnosysClient", "Runs"]


class GnosysClient(ClientBase):
    """The Gnosys API, sync.

    Args:
        api_key: a ``gn_live_...`` key; default ``$GNOSYS_API_KEY``. A missing or malformed key
            raises :class:`gnosys.AuthenticationError` here, before any request.
        base_url: the API origin; default ``$GNOSYS_BASE_URL`` or ``https://gnosyslabs.com``.
        timeout: seconds per request (or an ``httpx.Timeout``; None waits without limit).
        max_retries: retries on 429 / 5xx / connection failures (with backoff and
            ``Retry-After``); default 3, or the ``retry_policy``'s; 0 disables them.
        retry_policy: a complete :class:`sdk_core.RetryPolicy` (e.g. ``RetryPolicy.testing()``
            in your tests, which never sleeps); an explicit ``max_retries`` adjusts it.
        http_client: an ``httpx.Client`` of your own (proxies, transports); not closed by us.

    """

    datasets = Resource(Datasets)
    runs = Resource(Runs)
    findings = Resource(Findings)
    api_keys = Resource(ApiKeys)

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        key = resolve_api_key(api_key)
        self.base_url = resolve_base_url(base_url)
        self._http = HttpCore(
            CONFIG,
            base_url=self.base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )

    def status(self) -> ServiceStatus:
        """The service's public health (needs no key)."""
        from _gnosys_openapi.api.status import get_status

        from gnosys.models import ServiceStatus

        return self._http.call(self._http.plan(get_status), ServiceStatus.model_validate_json)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='gn_live_***')"
