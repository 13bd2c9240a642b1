"""``client.platform.runs``: the run lifecycle, its traces, checkpoints and reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kneo_client._adapters import (
    CHECK,
    DEFAULT_TERMINAL_STATUSES,
    body_of,
    options_for,
    page_args,
    page_size_arg,
    terminal_set,
    with_spec_hint,
)
from kneo_client._async._group import Group
from kneo_client.core.errors import KneoValidationError, KneoWaitTimeoutError

if TYPE_CHECKING:
    from sdk_core import AsyncPager, Done, Pending

    from kneo_client.models import (
        CheckpointDiffResponse,
        CheckpointListResponse,
        RunCreateRequest,
        RunCreateResponse,
        RunListResponse,
        RunRecoveryResponse,
        RunReplayResponse,
        RunStatusResponse,
        TraceResponse,
    )

__all__ = ["DEFAULT_TERMINAL_STATUSES", "RunsClient"]


def _sequence(name: str, value: object) -> int | None:
    return None if value is None else CHECK.int_between(name, value, 0, 2**63 - 1)


def _wait_timeout(run_id: str, timeout: float | None) -> Any:
    def build(
        run: RunStatusResponse | None, waited: float, cause: BaseException | None
    ) -> Exception:
        status = run.status if run is not None else None
        seen = f"still {status!r}" if status is not None else "not reachable"
        why = f" (last error: {cause})" if cause is not None else ""
        budget = "no timeout" if timeout is None else f"timeout={timeout:g} s"
        return KneoWaitTimeoutError(
            f"run {run_id} was {seen} after {waited:.1f} s ({budget}); it may still finish "
            f"on the platform{why}",
            last_status=status,
            request_id=getattr(cause, "request_id", None),
        )

    return build


class RunsClient(Group):
    """Runs: create, list, follow, cancel, continue, replay, trace, checkpoints, reports."""

    async def create(
        self, body: RunCreateRequest | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> RunCreateResponse:
        """``POST /v1/runs``: start a run.

        ``body`` is a :class:`~kneo_client.models.RunCreateRequest` or the same as a dict:
        ``input`` (required) and a spec, named by ``spec_path`` or sent inline as ``spec``.
        The platform refuses unknown fields: the page's ``{"spec_id": ...}`` raises
        :class:`~kneo_client.core.errors.KneoValidationError` with the platform's details and
        the right call. The idempotency key is a fresh UUID4 unless you pass one; a retry
        reuses it, so the run starts once.
        """
        from _kneo_openapi.api.runs import create_run_v1_runs_post as operation

        from kneo_client.models import RunCreateRequest, RunCreateResponse

        payload = body_of("body", body, RunCreateRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        try:
            return await self._call(plan, RunCreateResponse)
        except KneoValidationError as exc:
            raise with_spec_hint(exc, payload) from None

    async def list(
        self,
        *,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
        sort_by: str = "updated_at",
        sort_order: str = "desc",
    ) -> RunListResponse:
        """``GET /v1/runs``: one page of runs (``runs``, ``count``, ``total``...).

        ``limit`` is 1 to 1000. :meth:`iter` walks every page for you.
        """
        from _kneo_openapi.api.runs import list_runs_v1_runs_get as operation

        from kneo_client.models import RunListResponse

        plan = self._core.plan(
            operation,
            status=CHECK.optional_text("status", status),
            **page_args(limit, offset, sort_by, sort_order),
            options=options_for(post=False),
        )
        return await self._call(plan, RunListResponse)

    def iter(
        self,
        *,
        status: str | None = None,
        page_size: int = 100,
        sort_by: str = "updated_at",
        sort_order: str = "desc",
    ) -> AsyncPager[dict[str, Any]]:
        """Every run (each a dict), fetching ``page_size`` at a time as you iterate."""
        size = page_size_arg(page_size)
        page_args(size, 0, sort_by, sort_order)  # refuse bad arguments now, not on iteration

        async def fetch_page(limit: int, offset: int) -> RunListResponse:
            return await self.list(
                status=status, limit=limit, offset=offset, sort_by=sort_by, sort_order=sort_order
            )

        from kneo_client.core.pagination import offset_pager  # paging code loads when used

        return offset_pager(fetch_page, page_size=size)

    async def get(self, run_id: str) -> RunStatusResponse:
        """``GET /v1/runs/{run_id}``: the run's current status."""
        return await self._get(run_id, None)

    async def _get(self, run_id: str, deadline: float | None) -> RunStatusResponse:
        from _kneo_openapi.api.runs import get_run_v1_runs_run_id_get as operation

        from kneo_client.models import RunStatusResponse

        plan = self._core.plan(
            operation, run_id, options=options_for(post=False), deadline=deadline
        )
        return await self._call(plan, RunStatusResponse)

    async def cancel(self, run_id: str, *, idempotency_key: str | None = None) -> RunStatusResponse:
        """``POST /v1/runs/{run_id}/cancel``: cancel a run that has not ended.

        On a run that already ended the platform changes nothing and answers its state.
        """
        from _kneo_openapi.api.runs import cancel_run_v1_runs_run_id_cancel_post as operation

        from kneo_client.models import RunStatusResponse

        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, run_id, options=options)
        return await self._call(plan, RunStatusResponse)

    async def continue_(
        self, run_id: str, *, idempotency_key: str | None = None
    ) -> RunCreateResponse:
        """``POST /v1/runs/{run_id}/continue``: carry on a run blocked for human review.

        Typically after :meth:`HumanTasksClient.resume`. On a run that is not blocked the
        platform answers 409 (:class:`~kneo_client.core.errors.KneoConflictError`). The
        trailing underscore avoids the ``continue`` keyword.
        """
        from _kneo_openapi.api.runs import continue_run_v1_runs_run_id_continue_post as operation

        from kneo_client.models import RunCreateResponse

        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, run_id, options=options)
        return await self._call(plan, RunCreateResponse)

    async def replay(self, run_id: str) -> RunReplayResponse:
        """``GET /v1/runs/{run_id}/replay``: the replay view derived from checkpoints and trace."""
        from _kneo_openapi.api.runs import get_replay_view_v1_runs_run_id_replay_get as operation

        from kneo_client.models import RunReplayResponse

        plan = self._core.plan(operation, run_id, options=options_for(post=False))
        return await self._call(plan, RunReplayResponse)

    async def trace(
        self,
        run_id: str,
        *,
        event_type: str | None = None,
        limit: int = 100,
        offset: int = 0,
        sort_by: str = "timestamp",
        sort_order: str = "asc",
    ) -> TraceResponse:
        """``GET /v1/runs/{run_id}/trace``: one page of the run's events (tool calls, model
        calls, middleware decisions...), ``event_type`` filtering. :meth:`iter_trace` walks all.
        """
        from _kneo_openapi.api.runs import get_trace_v1_runs_run_id_trace_get as operation

        from kneo_client.models import TraceResponse

        plan = self._core.plan(
            operation,
            run_id,
            event_type=CHECK.optional_text("event_type", event_type),
            **page_args(limit, offset, sort_by, sort_order),
            options=options_for(post=False),
        )
        return await self._call(plan, TraceResponse)

    def iter_trace(
        self,
        run_id: str,
        *,
        event_type: str | None = None,
        page_size: int = 100,
        sort_by: str = "timestamp",
        sort_order: str = "asc",
    ) -> AsyncPager[dict[str, Any]]:
        """Every event of the run's trace (each a dict), ``page_size`` at a time."""
        CHECK.path_id("run_id", run_id)
        size = page_size_arg(page_size)
        page_args(size, 0, sort_by, sort_order)

        async def fetch_page(limit: int, offset: int) -> TraceResponse:
            return await self.trace(
                run_id,
                event_type=event_type,
                limit=limit,
                offset=offset,
                sort_by=sort_by,
                sort_order=sort_order,
            )

        from kneo_client.core.pagination import offset_pager  # paging code loads when used

        return offset_pager(fetch_page, page_size=size)

    async def checkpoints(
        self,
        run_id: str,
        *,
        type: str | None = None,  # the platform's filter name (shadows the builtin here only)
        limit: int = 100,
        offset: int = 0,
        sort_by: str = "sequence",
        sort_order: str = "asc",
    ) -> CheckpointListResponse:
        """``GET /v1/runs/{run_id}/checkpoints``: one page of the run's state snapshots.

        ``type`` filters by checkpoint type (``step_completed``, ``step_failed``...).
        """
        from _kneo_openapi.api.runs import (
            list_checkpoints_v1_runs_run_id_checkpoints_get as operation,
        )

        from kneo_client.models import CheckpointListResponse

        plan = self._core.plan(
            operation,
            run_id,
            type_=CHECK.optional_text("type", type),
            **page_args(limit, offset, sort_by, sort_order),
            options=options_for(post=False),
        )
        return await self._call(plan, CheckpointListResponse)

    def iter_checkpoints(
        self,
        run_id: str,
        *,
        type: str | None = None,  # the platform's filter name (shadows the builtin here only)
        page_size: int = 100,
        sort_by: str = "sequence",
        sort_order: str = "asc",
    ) -> AsyncPager[dict[str, Any]]:
        """Every checkpoint of the run (each a dict), ``page_size`` at a time."""
        CHECK.path_id("run_id", run_id)
        size = page_size_arg(page_size)
        page_args(size, 0, sort_by, sort_order)

        async def fetch_page(limit: int, offset: int) -> CheckpointListResponse:
            return await self.checkpoints(
                run_id,
                type=type,
                limit=limit,
                offset=offset,
                sort_by=sort_by,
                sort_order=sort_order,
            )

        from kneo_client.core.pagination import offset_pager  # paging code loads when used

        return offset_pager(fetch_page, page_size=size)

    async def checkpoints_diff(
        self,
        run_id: str,
        *,
        from_sequence: int | None = None,
        to_sequence: int | None = None,
    ) -> CheckpointDiffResponse:
        """``GET /v1/runs/{run_id}/checkpoints/diff``: what changed between two checkpoints.

        By sequence number; the platform's defaults are the previous and the latest checkpoint.
        """
        from _kneo_openapi.api.runs import (
            diff_checkpoints_v1_runs_run_id_checkpoints_diff_get as operation,
        )

        from kneo_client.models import CheckpointDiffResponse

        plan = self._core.plan(
            operation,
            run_id,
            from_sequence=_sequence("from_sequence", from_sequence),
            to_sequence=_sequence("to_sequence", to_sequence),
            options=options_for(post=False),
        )
        return await self._call(plan, CheckpointDiffResponse)

    async def policy_report(self, run_id: str) -> dict[str, Any]:
        """``GET /v1/runs/{run_id}/policy-report``: the run's policy outcomes, as raw JSON.

        The same shape as ``specs.policy_report`` (``report``, ``valid``), for the spec the run
        was started with; returned as the dict the platform sent, as the page documents.
        """
        from _kneo_openapi.api.runs import (
            get_run_policy_report_v1_runs_run_id_policy_report_get as operation,
        )

        plan = self._core.plan(operation, run_id, options=options_for(post=False))
        return await self._raw(plan)

    async def recovery(self, run_id: str) -> RunRecoveryResponse:
        """``GET /v1/runs/{run_id}/recovery``: what a failed run can recover, and the next step."""
        from _kneo_openapi.api.runs import (
            get_recovery_context_v1_runs_run_id_recovery_get as operation,
        )

        from kneo_client.models import RunRecoveryResponse

        plan = self._core.plan(operation, run_id, options=options_for(post=False))
        return await self._call(plan, RunRecoveryResponse)

    async def wait_for_completion(
        self,
        run_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        terminal_statuses: Iterable[str] | None = None,
    ) -> RunStatusResponse:
        """Poll :meth:`get` until the run reaches a terminal status; return that status.

        Args:
            run_id: the run to follow.
            timeout: the total budget in seconds; None waits without limit. The retries of the
                polls stop at the same deadline, so the wait never outlasts it.
            poll_interval: seconds between polls (±10 % jitter).
            terminal_statuses: the statuses that end the wait; default
                :data:`DEFAULT_TERMINAL_STATUSES` (``completed``, ``failed``, ``cancelled``,
                ``timed_out``, ``expired``). Add ``"blocked"`` (the page's
                ``"paused_human_review"`` means the same) to return when the run pauses for
                human review.

        Raises:
            KneoWaitTimeoutError: the budget ran out first (a ``TimeoutError`` and a
                ``KneoError``; ``last_status`` says what the last poll saw).
            KneoError: a poll failed otherwise (e.g. ``KneoNotFoundError``).

        """
        from sdk_core import Done, Pending

        CHECK.path_id("run_id", run_id)
        budget = CHECK.seconds("timeout", timeout, zero_ok=True, none_ok=True)
        interval = CHECK.positive_number("poll_interval", poll_interval)
        terminal = terminal_set(terminal_statuses)

        async def check(
            deadline: float | None,
        ) -> Done[RunStatusResponse] | Pending[RunStatusResponse]:
            run = await self._get(run_id, deadline)
            return Done(run) if run.status in terminal else Pending(run)

        return await self._core.poll(
            check, timeout=budget, interval=interval, on_timeout=_wait_timeout(run_id, budget)
        )
