"""``client.platform.human_tasks``: the human-in-the-loop pause points of runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kneo_client._adapters import CHECK, body_of, options_for, page_args, page_size_arg
from kneo_client._async._group import Group

if TYPE_CHECKING:
    from sdk_core import AsyncPager

    from kneo_client.models import (
        HumanResumeRequest,
        HumanResumeResponse,
        HumanTaskListResponse,
        HumanTaskResponse,
    )

__all__ = ["HumanTasksClient"]


class HumanTasksClient(Group):
    """Human tasks: a run blocked for review, named by its ``continuation_id``."""

    async def list(
        self,
        *,
        status: str | None = None,
        run_id: str | None = None,
        workflow_kind: str | None = None,
        limit: int = 100,
        offset: int = 0,
        sort_by: str = "created_at",
        sort_order: str = "desc",
    ) -> HumanTaskListResponse:
        """``GET /v1/human-tasks``: one page of pending and recent tasks (``tasks``...).

        ``status`` (``pending``, ``escalated``), ``run_id`` and ``workflow_kind`` filter;
        0.4.0 servers ignore ``status``. :meth:`iter` walks every page.
        """
        from _kneo_openapi.api.human_tasks import list_human_tasks_v1_human_tasks_get as operation

        from kneo_client.models import HumanTaskListResponse

        plan = self._core.plan(
            operation,
            status=CHECK.optional_text("status", status),
            run_id=CHECK.optional_text("run_id", run_id),
            workflow_kind=CHECK.optional_text("workflow_kind", workflow_kind),
            **page_args(limit, offset, sort_by, sort_order),
            options=options_for(post=False),
        )
        return await self._call(plan, HumanTaskListResponse)

    def iter(
        self,
        *,
        status: str | None = None,
        run_id: str | None = None,
        workflow_kind: str | None = None,
        page_size: int = 100,
        sort_by: str = "created_at",
        sort_order: str = "desc",
    ) -> AsyncPager[dict[str, Any]]:
        """Every task (each a dict with ``id`` = the continuation id), ``page_size`` at a time."""
        size = page_size_arg(page_size)
        page_args(size, 0, sort_by, sort_order)

        async def fetch_page(limit: int, offset: int) -> HumanTaskListResponse:
            return await self.list(
                status=status,
                run_id=run_id,
                workflow_kind=workflow_kind,
                limit=limit,
                offset=offset,
                sort_by=sort_by,
                sort_order=sort_order,
            )

        from kneo_client.core.pagination import offset_pager  # paging code loads when used

        return offset_pager(fetch_page, page_size=size)

    async def get(self, continuation_id: str) -> HumanTaskResponse:
        """``GET /v1/human-tasks/{continuation_id}``: one task and its pending ``request``."""
        from _kneo_openapi.api.human_tasks import (
            get_human_task_v1_human_tasks_continuation_id_get as operation,
        )

        from kneo_client.models import HumanTaskResponse

        plan = self._core.plan(operation, continuation_id, options=options_for(post=False))
        return await self._call(plan, HumanTaskResponse)

    async def resume(
        self,
        continuation_id: str,
        body: HumanResumeRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> HumanResumeResponse:
        """``POST /v1/human-tasks/{continuation_id}/resume``: answer the task with a decision.

        ``body``: ``decision`` (``approved``, ``edited``, ``provided``, ``rejected`` or
        ``selected``), ``request_id`` (the ``id`` of the task's pending request), and
        ``content`` / ``selected_option`` where the decision carries one. Then
        :meth:`RunsClient.continue_` carries the run on.
        """
        from _kneo_openapi.api.human_tasks import (
            resume_human_task_v1_human_tasks_continuation_id_resume_post as operation,
        )

        from kneo_client.models import HumanResumeRequest, HumanResumeResponse

        payload = body_of("body", body, HumanResumeRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, continuation_id, body=payload, options=options)
        return await self._call(plan, HumanResumeResponse)
