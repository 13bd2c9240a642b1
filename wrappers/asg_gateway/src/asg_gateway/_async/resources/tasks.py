"""Labeling tasks: submit one or a batch, read them, and wait for their consensus results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx
from sdk_core import AsyncHttpCore, CallOptions, parse_retry_after

from asg_gateway._config import CHECK, CONFIG, batch_payload, task_payload
from asg_gateway._exceptions import ASGPollTimeoutError, ASGResultPendingError
from asg_gateway._parse import json_parser

if TYPE_CHECKING:
    from sdk_core import Done, Pending

    from asg_gateway.models import (
        BatchCreated,
        LabelSpec,
        Task,
        TaskCreated,
        TaskPending,
        TaskResult,
        TaskSpec,
    )

__all__ = ["AsyncTasks"]


class AsyncTasks:
    """Submit labeling tasks (one or a batch), read them, and wait for their results."""

    _http: AsyncHttpCore

    async def submit_task(  # noqa: PLR0917 - positional, as the documented SDK always took them
        self,
        task_type: str,
        data_url: str,
        label_spec: LabelSpec | Mapping[str, Any],
        consensus_threshold: int = 3,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> TaskCreated:
        """Submit one labeling task; returns ``{"task_id", "status", "created_at"}`` at once.

        ``label_spec`` is ``{"question": ..., "options": [...]}`` (two or more distinct options).
        ``consensus_threshold`` matching labels settle the task. ``callback_url`` is called when
        it completes. A retried submission carries the same ``idempotency_key`` (generated when
        not given), so it returns the first task instead of creating another; pass your own key
        to make your *own* retries (e.g. after a crash) safe as well.
        """
        from _asg_gateway_openapi.api.tasks import submit_task

        from asg_gateway.models import TaskCreated

        body = task_payload(
            task_type=task_type,
            data_url=data_url,
            label_spec=label_spec,
            consensus_threshold=consensus_threshold,
            callback_url=callback_url,
        )
        options = CallOptions(idempotency_key=idempotency_key)
        plan = self._http.plan(submit_task, body=body, options=options)
        return await self._http.call(plan, json_parser(TaskCreated))

    async def submit_batch(
        self,
        tasks: Sequence[TaskSpec | Mapping[str, Any]],
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> BatchCreated:
        """Submit up to 1000 tasks in one request (each shaped like :meth:`submit_task`'s body).

        ``callback_url`` applies to every task without one of its own. Returns ``batch_id``,
        ``task_count``, ``status`` and the new ``task_ids`` in order. Every task is checked before
        anything is sent; retries reuse one idempotency key, so a batch is never created twice.
        """
        from _asg_gateway_openapi.api.tasks import submit_batch

        from asg_gateway.models import BatchCreated

        body = batch_payload(tasks, callback_url)
        options = CallOptions(idempotency_key=idempotency_key)
        plan = self._http.plan(submit_batch, body=body, options=options)
        return await self._http.call(plan, json_parser(BatchCreated))

    async def get_task(self, task_id: str) -> Task:
        """A task's summary: status, task_type, data_url, label_spec, ..."""
        from _asg_gateway_openapi.api.tasks import get_task

        from asg_gateway.models import Task

        return await self._http.call(self._http.plan(get_task, task_id), json_parser(Task))

    async def get_result(self, task_id: str) -> TaskResult:
        """The task's consensus result, if it has one.

        While the task is still labeling the API answers 202, and this raises
        :class:`ASGResultPendingError` (with ``task_status``, ``labels_received`` and the server's
        ``retry_after``) rather than return something that looks like a result. Use
        :meth:`poll_result` to wait. Unknown ids raise :class:`ASGNotFoundError`.
        """
        outcome = await self._result_or_pending(task_id, None)
        if isinstance(outcome, ASGResultPendingError):
            raise outcome
        return outcome

    async def poll_result(
        self, task_id: str, timeout: float | None = 300, interval: float = 5
    ) -> TaskResult:
        """Wait for the task's consensus result: ask every ``interval`` seconds until it is ready.

        A longer ``Retry-After`` from the server is honoured, and retries of each poll stop at
        the same deadline. Raises :class:`ASGPollTimeoutError` (an :class:`ASGGatewayError` and
        a builtin ``TimeoutError``) once ``timeout`` seconds have passed without a result; the
        task carries on server-side. ``timeout=None`` waits for as long as it takes. Errors
        other than "still labeling" are raised at once.
        """
        from sdk_core import Done, Pending

        task_id = CHECK.path_id("task_id", task_id)
        pace = CHECK.positive_number("interval", interval)
        budget = CHECK.seconds("timeout", timeout, zero_ok=True, none_ok=True)

        async def check(
            deadline: float | None,
        ) -> Done[TaskResult] | Pending[ASGResultPendingError]:
            outcome = await self._result_or_pending(task_id, deadline)
            if isinstance(outcome, ASGResultPendingError):
                return Pending(outcome, retry_after=outcome.retry_after)
            return Done(outcome)

        def timed_out(
            pending: ASGResultPendingError | None, waited: float, cause: BaseException | None
        ) -> Exception:
            status = f"still {pending.task_status!r}" if pending else "not reachable"
            limit = "no timeout" if budget is None else f"timeout={budget:g} s"
            request_id = pending.request_id if pending else getattr(cause, "request_id", None)
            return ASGPollTimeoutError(
                f"task {task_id} was {status} after {waited:.1f} s ({limit}); it may still "
                "complete",
                request_id=request_id,
            )

        return await self._http.poll(check, timeout=budget, interval=pace, on_timeout=timed_out)

    async def _result_or_pending(
        self, task_id: str, deadline: float | None
    ) -> TaskResult | ASGResultPendingError:
        """The result (200), or the error ``get_result`` raises while labeling (202)."""
        from _asg_gateway_openapi.api.tasks import get_task_result

        from asg_gateway.models import TaskPending, TaskResult

        plan = self._http.plan(
            get_task_result, task_id, ok_statuses=frozenset({200, 202}), deadline=deadline
        )
        response = await self._http.send(plan)
        if response.status_code == 200:
            return self._http.parse(response, json_parser(TaskResult))
        return _pending_error(response, self._http.parse(response, json_parser(TaskPending)))


def _pending_error(response: httpx.Response, pending: TaskPending) -> ASGResultPendingError:
    received = pending.get("labels_received")
    progress = f" ({received} labels so far)" if received is not None else ""
    return ASGResultPendingError(
        f"task {pending['task_id']} is still {pending['status']!r}{progress}: no result yet; "
        "use poll_result() to wait for it",
        task_id=pending["task_id"],
        task_status=pending["status"],
        labels_received=received,
        status_code=response.status_code,
        request_id=response.headers.get(CONFIG.request_id_header),
        body=dict(pending),
        retry_after=parse_retry_after(response.headers.get("retry-after")),
    )
