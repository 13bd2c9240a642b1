"""``client.platform.audit``: the platform's operational log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kneo_client._adapters import CHECK, options_for, page_args, page_size_arg
from kneo_client._async._group import Group

if TYPE_CHECKING:
    from sdk_core import AsyncPager

    from kneo_client.models import AuditEventListResponse

__all__ = ["AuditClient"]


class AuditClient(Group):
    """Audit events: one for every run, human-task, credential and policy mutation."""

    async def list(
        self,
        *,
        event_type: str | None = None,
        run_id: str | None = None,
        principal: str | None = None,
        limit: int = 100,
        offset: int = 0,
        sort_by: str = "timestamp",
        sort_order: str = "desc",
    ) -> AuditEventListResponse:
        """``GET /v1/audit-events``: one page of events (``events``, ``count``; ``total`` when
        the server says), filtered by event type, run and principal.

        0.4.0 servers honour only ``event_type``, ``run_id`` and ``limit`` and send no
        ``total``; :meth:`iter` pages correctly either way.
        """
        from _kneo_openapi.api.audit_events import (
            list_audit_events_v1_audit_events_get as operation,
        )

        from kneo_client.models import AuditEventListResponse

        plan = self._core.plan(
            operation,
            event_type=CHECK.optional_text("event_type", event_type),
            run_id=CHECK.optional_text("run_id", run_id),
            principal=CHECK.optional_text("principal", principal),
            **page_args(limit, offset, sort_by, sort_order),
            options=options_for(post=False),
        )
        return await self._call(plan, AuditEventListResponse)

    def iter(
        self,
        *,
        event_type: str | None = None,
        run_id: str | None = None,
        principal: str | None = None,
        page_size: int = 100,
        sort_by: str = "timestamp",
        sort_order: str = "desc",
    ) -> AsyncPager[dict[str, Any]]:
        """Every matching event (each a dict), ``page_size`` at a time as you iterate.

        Ends at the server's ``total``, or, without one, at a short or repeated page.
        """
        size = page_size_arg(page_size)
        page_args(size, 0, sort_by, sort_order)

        async def fetch_page(limit: int, offset: int) -> AuditEventListResponse:
            return await self.list(
                event_type=event_type,
                run_id=run_id,
                principal=principal,
                limit=limit,
                offset=offset,
                sort_by=sort_by,
                sort_order=sort_order,
            )

        from kneo_client.core.pagination import offset_pager  # paging code loads when used

        return offset_pager(fetch_page, page_size=size)
