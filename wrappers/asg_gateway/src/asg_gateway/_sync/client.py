"""Generated from asg_gateway/_async/client.py by tools.unasync; do not edit."""

from __future__ import annotations

import httpx
from sdk_core import ClientBase, HttpCore, RetryPolicy, resolve_api_key, resolve_base_url

from asg_gateway._config import CONFIG
from asg_gateway._sync.resources.jobs import Jobs
from asg_gateway._sync.resources.tasks import Tasks
from asg_gateway._sync.resources.webhooks import Webhooks

__all__ = ["ASGGatewayClient"]


class ASGGatewayClient(Tasks, Webhooks, Jobs, ClientBase):
    """The ASG Gateway API, sync.

    Args:
        api_key: a ``sk_sandbox_...`` or ``sk_live_...`` key; default ``$ASG_API_KEY``. A missing
            or malformed key raises :class:`ASGAuthError` here, before any request.
        base_url: the Gateway origin (a trailing slash is ignored); default ``$ASG_BASE_URL`` or
            ``https://api.asgrefinery.io``; dev: ``http://localhost:8081``.
        timeout: seconds per request (or an ``httpx.Timeout``; None waits without limit).
        max_retries: retries on 429 / 5xx / connection failures, with exponential backoff and
            ``Retry-After``; default 3, or the ``retry_policy``'s; 0 disables them. Submissions
            carry an idempotency key, so a retried submission never creates a second task.
        retry_policy: a complete :class:`sdk_core.RetryPolicy` (``RetryPolicy.testing()`` in your
            tests never sleeps); an explicit ``max_retries`` adjusts it.
        http_client: an ``httpx.Client`` of your own (proxies, transports); not closed by us.

    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        key = resolve_api_key(CONFIG, api_key)
        self.base_url = resolve_base_url(CONFIG, base_url)
        self._http = HttpCore(
            CONFIG,
            base_url=self.base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )
        self._key_kind = "sk_live_***" if key.reveal().startswith("sk_live_") else "sk_sandbox_***"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='{self._key_kind}')"
