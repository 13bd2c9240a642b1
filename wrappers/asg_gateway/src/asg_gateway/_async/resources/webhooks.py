"""Webhooks: register, list and delete the callbacks told about finished tasks."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import AsyncHttpCore, CallOptions

from asg_gateway._config import CHECK
from asg_gateway._parse import json_parser

if TYPE_CHECKING:
    from asg_gateway.models import Webhook

__all__ = ["AsyncWebhooks"]


class AsyncWebhooks:
    """Register, list and delete webhooks."""

    _http: AsyncHttpCore

    async def register_webhook(
        self,
        callback_url: str,
        secret: str,
        events: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> Webhook:
        """Register ``callback_url`` for ``events`` (default: the server's, ``task.completed``).

        ``secret`` (8+ characters) signs the deliveries; it is sent once and never returned,
        logged or shown in errors. Returns ``webhook_id``, ``callback_url``, ``events``,
        ``active``.
        """
        from _asg_gateway_openapi.api.webhooks import register_webhook

        from asg_gateway.models import Webhook

        body: dict[str, Any] = {"callback_url": CHECK.url("callback_url", callback_url)}
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:  # never quote it
            CHECK.fail("secret must be a string of 8 to 256 characters")
        body["secret"] = CHECK.text("secret", secret)
        if events is not None:
            names = [events] if isinstance(events, str) else events
            if isinstance(names, bytes | dict) or not isinstance(names, Sequence) or not names:
                CHECK.fail("events must be a non-empty list of event names, or None")
            body["events"] = builtins.list(dict.fromkeys(CHECK.text("events[]", e) for e in names))
        options = CallOptions(idempotency_key=idempotency_key)
        plan = self._http.plan(register_webhook, body=body, options=options, secrets=(secret,))
        return await self._http.call(plan, json_parser(Webhook))

    async def list_webhooks(self) -> builtins.list[Webhook]:
        """Every registered webhook: ``webhook_id``, ``callback_url``, ``events``, ``active``."""
        from _asg_gateway_openapi.api.webhooks import list_webhooks

        from asg_gateway.models import Webhook

        plan = self._http.plan(list_webhooks)
        return await self._http.call(plan, json_parser(builtins.list[Webhook]))

    async def delete_webhook(self, webhook_id: str) -> None:
        """Delete a webhook; raises :class:`ASGNotFoundError` when there is no such webhook."""
        from _asg_gateway_openapi.api.webhooks import delete_webhook

        await self._http.call_none(self._http.plan(delete_webhook, webhook_id))
