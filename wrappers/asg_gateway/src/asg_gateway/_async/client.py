"""AsyncASGGatewayClient: tasks, results, batches, webhooks and manifest jobs."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx
from sdk_core import (
    AsyncClientBase,
    AsyncHttpCore,
    Deadline,
    RequestPlan,
    RetryPolicy,
    parse_retry_after,
    resolve_api_key,
    resolve_base_url,
)

from asg_gateway._config import (
    CHECK,
    CONFIG,
    MAX_CONSENSUS_THRESHOLD,
    batch_payload,
    credentials_payload,
    label_spec_payload,
    task_payload,
)
from asg_gateway._exceptions import ASGPollTimeoutError, ASGResultPendingError
from asg_gateway._parse import json_parser

if TYPE_CHECKING:
    from asg_gateway.models import (
        BatchCreated,
        GCSCredentials,
        Job,
        LabelSpec,
        S3Credentials,
        Task,
        TaskCreated,
        TaskPending,
        TaskResult,
        TaskSpec,
        Webhook,
    )

__all__ = ["AsyncASGGatewayClient"]

_MAX_IDEMPOTENCY_KEY = 255
_MANIFEST_SCHEMES = ("s3", "gs")


def _idempotency_key(value: str | None) -> str | None:
    if value is not None and not (
        isinstance(value, str) and 1 <= len(value) <= _MAX_IDEMPOTENCY_KEY and value.isprintable()
    ):
        CHECK.fail(f"idempotency_key must be 1 to {_MAX_IDEMPOTENCY_KEY} printable characters")
    return value


class AsyncASGGatewayClient(AsyncClientBase):
    """The ASG Gateway API, async.

    Args:
        api_key: a ``sk_sandbox_...`` or ``sk_live_...`` key; default ``$ASG_API_KEY``. A missing
            or malformed key raises :class:`ASGAuthError` here, before any request.
        base_url: the Gateway origin (a trailing slash is ignored); dev: ``http://localhost:8081``.
        timeout: seconds per request (or an ``httpx.Timeout``).
        max_retries: retries on 429 / 5xx / connection failures, with exponential backoff and
            ``Retry-After``; 0 disables them. Submissions carry an idempotency key, so a retried
            submission never creates a second task.
        retry_policy: a complete :class:`sdk_core.RetryPolicy` (``RetryPolicy.testing()`` in your
            tests never sleeps); ``max_retries`` still applies on top.
        http_client: an ``httpx.AsyncClient`` of your own (proxies, transports); not closed by us.

    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str = "https://api.asgrefinery.io",
        *,
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int = 3,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        key = resolve_api_key(CONFIG, api_key)
        self.base_url = resolve_base_url(CONFIG, base_url)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            CHECK.fail(f"max_retries must be an int >= 0, got {max_retries!r}")
        self._http = AsyncHttpCore(
            CONFIG,
            base_url=self.base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )
        self._key_kind = "sk_live_***" if key.reveal().startswith("sk_live_") else "sk_sandbox_***"

    # -- tasks

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
        from _asg_gateway_openapi.models.task_create import TaskCreate

        from asg_gateway.models import TaskCreated

        body = task_payload(
            task_type=task_type,
            data_url=data_url,
            label_spec=label_spec,
            consensus_threshold=consensus_threshold,
            callback_url=callback_url,
        )
        plan = RequestPlan.from_generated(submit_task._get_kwargs(body=TaskCreate.from_dict(body)))
        plan.idempotency_key = _idempotency_key(idempotency_key)
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
        from _asg_gateway_openapi.models.batch_create import BatchCreate

        from asg_gateway.models import BatchCreated

        body = batch_payload(tasks, callback_url)
        plan = RequestPlan.from_generated(
            submit_batch._get_kwargs(body=BatchCreate.from_dict(body))
        )
        plan.idempotency_key = _idempotency_key(idempotency_key)
        return await self._http.call(plan, json_parser(BatchCreated))

    async def get_task(self, task_id: str) -> Task:
        """A task's summary: status, task_type, data_url, label_spec, ..."""
        from _asg_gateway_openapi.api.tasks import get_task

        from asg_gateway.models import Task

        kwargs = get_task._get_kwargs(CHECK.text("task_id", task_id))
        return await self._http.call(RequestPlan.from_generated(kwargs), json_parser(Task))

    async def get_result(self, task_id: str) -> TaskResult:
        """The task's consensus result, if it has one.

        While the task is still labeling the API answers 202, and this raises
        :class:`ASGResultPendingError` (with ``task_status``, ``labels_received`` and the server's
        ``retry_after``) rather than return something that looks like a result. Use
        :meth:`poll_result` to wait. Unknown ids raise :class:`ASGNotFoundError`.
        """
        outcome = await self._result_or_pending(task_id)
        if isinstance(outcome, ASGResultPendingError):
            raise outcome
        return outcome

    async def poll_result(
        self, task_id: str, timeout: float | None = 300, interval: float = 5
    ) -> TaskResult:
        """Wait for the task's consensus result: ask every ``interval`` seconds until it is ready.

        Raises :class:`ASGPollTimeoutError` (an :class:`ASGGatewayError` and a builtin
        ``TimeoutError``) once ``timeout`` seconds have passed without a result; the task
        carries on server-side. ``timeout=None`` waits for as long as it takes. Errors other
        than "still labeling" are raised at once.
        """
        task_id = CHECK.text("task_id", task_id)
        pace = CHECK.positive_number("interval", interval)
        budget = None if timeout is None else CHECK.non_negative_number("timeout", timeout)
        deadline = Deadline(budget, pace)
        while True:
            outcome = await self._result_or_pending(task_id)
            if not isinstance(outcome, ASGResultPendingError):
                return outcome
            pause = deadline.next_sleep()
            if pause is None:
                raise ASGPollTimeoutError(
                    f"task {task_id} was still {outcome.task_status!r} after "
                    f"{deadline.elapsed():.1f} s (timeout={budget:g} s); it may still complete",
                    request_id=outcome.request_id,
                ) from outcome
            await self._http.sleep(pause)

    async def _result_or_pending(self, task_id: str) -> TaskResult | ASGResultPendingError:
        """The result (200), or the error ``get_result`` raises while labeling (202)."""
        from _asg_gateway_openapi.api.tasks import get_task_result

        from asg_gateway.models import TaskPending, TaskResult

        kwargs = get_task_result._get_kwargs(CHECK.text("task_id", task_id))
        plan = RequestPlan.from_generated(kwargs)
        plan.ok_statuses = frozenset({200, 202})
        response = await self._http.send(plan)
        if response.status_code == 200:
            return self._http.parse(response, json_parser(TaskResult))
        return _pending_error(response, self._http.parse(response, json_parser(TaskPending)))

    # -- webhooks

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
        from _asg_gateway_openapi.models.webhook_create import WebhookCreate

        from asg_gateway.models import Webhook

        body: dict[str, Any] = {"callback_url": CHECK.url("callback_url", callback_url)}
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:  # never quote it
            CHECK.fail("secret must be a string of 8 to 256 characters")
        body["secret"] = secret
        if events is not None:
            names = [events] if isinstance(events, str) else builtins.list(events)
            if not names or not all(isinstance(e, str) and e for e in names):
                CHECK.fail("events must be a non-empty list of event names, or None")
            body["events"] = builtins.list(dict.fromkeys(names))
        kwargs = register_webhook._get_kwargs(body=WebhookCreate.from_dict(body))
        plan = RequestPlan.from_generated(kwargs)
        plan.secrets = (secret,)
        plan.idempotency_key = _idempotency_key(idempotency_key)
        return await self._http.call(plan, json_parser(Webhook))

    async def list_webhooks(self) -> builtins.list[Webhook]:
        """Every registered webhook: ``webhook_id``, ``callback_url``, ``events``, ``active``."""
        from _asg_gateway_openapi.api.webhooks import list_webhooks

        from asg_gateway.models import Webhook

        plan = RequestPlan.from_generated(list_webhooks._get_kwargs())
        return await self._http.call(plan, json_parser(builtins.list[Webhook]))

    async def delete_webhook(self, webhook_id: str) -> None:
        """Delete a webhook; raises :class:`ASGNotFoundError` when there is no such webhook."""
        from _asg_gateway_openapi.api.webhooks import delete_webhook

        kwargs = delete_webhook._get_kwargs(CHECK.text("webhook_id", webhook_id))
        await self._http.call_none(RequestPlan.from_generated(kwargs))

    # -- manifest batch jobs

    async def submit_job(
        self,
        manifest_url: str,
        label_spec: LabelSpec | Mapping[str, Any],
        credentials: S3Credentials | GCSCredentials | Mapping[str, Any],
        *,
        task_type: str | None = None,
        consensus_threshold: int | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Job:
        """Label every item of a JSON-lines manifest in S3 or GCS as one job.

        ``s3://bucket/key`` manifests take ``credentials={"access_key_id", "secret_access_key",
        "region"?, "session_token"?}``; ``gs://bucket/key`` manifests take
        ``{"service_account_json": open("sa.json").read()}`` (or the parsed dict). The server
        keeps credentials encrypted and never returns them; the SDK never prints them. Omitted
        ``task_type`` / ``consensus_threshold`` take the server's defaults
        (``image_classification``, 3). Returns the queued job; follow it with :meth:`get_job`.
        """
        from _asg_gateway_openapi.api.jobs import submit_job
        from _asg_gateway_openapi.models.job_create import JobCreate

        from asg_gateway.models import Job

        scheme, _, location = CHECK.url("manifest_url", manifest_url, _MANIFEST_SCHEMES).partition(
            "://"
        )
        if "/" not in location.strip("/"):
            CHECK.fail(f"manifest_url must name an object inside a bucket, got {manifest_url!r}")
        url = f"{scheme.lower()}://{location}"  # the API takes s3:// and gs:// in lower case
        creds, secrets = credentials_payload(url, credentials)
        body: dict[str, Any] = {
            "manifest_url": url,
            "label_spec": label_spec_payload(label_spec),
            "credentials": creds,
        }
        # Omitted options take the server's defaults (image_classification, 3).
        if task_type is not None:
            body["task_type"] = CHECK.text("task_type", task_type)
        if consensus_threshold is not None:
            body["consensus_threshold"] = CHECK.int_between(
                "consensus_threshold", consensus_threshold, 1, MAX_CONSENSUS_THRESHOLD
            )
        if callback_url is not None:
            body["callback_url"] = CHECK.url("callback_url", callback_url)
        plan = RequestPlan.from_generated(submit_job._get_kwargs(body=JobCreate.from_dict(body)))
        plan.secrets = tuple(secrets)
        plan.idempotency_key = _idempotency_key(idempotency_key)
        return await self._http.call(plan, json_parser(Job))

    async def get_job(self, job_id: str) -> Job:
        """A manifest job's progress: ``status``, ``task_count``, ``tasks_completed``, ..."""
        from _asg_gateway_openapi.api.jobs import get_job

        from asg_gateway.models import Job

        kwargs = get_job._get_kwargs(CHECK.text("job_id", job_id))
        return await self._http.call(RequestPlan.from_generated(kwargs), json_parser(Job))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='{self._key_kind}')"


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
