"""A stateful, in-memory fake of the ASG Gateway REST API v1 (``specs/asg_gateway/openapi.json``).

``create_app(ASGFakeConfig(...))`` returns a Starlette app; its state is ``app.state.fake`` (an
:class:`ASGGatewayFake`). Routing, keys, request ids, parameter and body validation, rate limits,
idempotent replays and faults come from the spec-driven toolkit (``tools/fakes/_toolkit``);
this module holds the accounts, tasks, webhooks and jobs. Everything is deterministic for a
given sequence of requests (ids from a seeded RNG, labels and settlements from hashes of ids).

Deterministic rules worth knowing when writing tests against it:

* **Auth.** ``Authorization: Bearer sk_sandbox_<letters, digits, _ or ->`` (or ``sk_live_``)
  is accepted; anything else is 401. Each key is an account of its own: another account's task,
  webhook or job is 404. ``GET /v1/openapi.json`` needs no key and serves the pinned spec.
* **Validation.** Bodies are checked against the spec's own schemas (``format: uri`` as RFC
  3986's absolute URI): not JSON is 400, a schema violation 422 with ``detail`` a list of
  ``{"loc": ["body", ...], "msg"}``. Messages never quote a submitted value (so never a webhook
  secret or a credential). A path id longer than 128 characters is 404, like any unknown id.
* **Tasks.** A task is ``labeling`` for ``labeling_seconds`` of the fake's clock, receiving its
  labels evenly, then ``completed``. Meanwhile its result is 202 (``Retry-After``: whole seconds
  left, at least 1); then 200 with the consensus label (one of its options, chosen from a hash
  of the task id) voted by ``consensus_threshold`` labelers, sometimes one dissenting vote for
  another option, and a settlement of 100 sats per agreeing label on ``testnet`` for
  ``sk_sandbox_`` keys, ``mainnet`` for ``sk_live_`` keys (``bsv_txid``: 64 hex digits from a
  hash of the task id).
* **Batches.** Checked as a whole before anything is created (a bad task is 422 with its index
  in ``loc``); the batch's ``callback_url`` goes to every task that has none of its own, and
  every task carries the ``batch_id``.
* **Webhooks.** Registered webhooks keep their secret (:meth:`ASGGatewayFake.webhook_secret`)
  and never return it; ``events`` defaults to ``["task.completed"]``; listed oldest first.
* **Jobs.** ``s3://`` manifests take S3 credentials and ``gs://`` ones GCS credentials (422
  otherwise). A job is ``queued`` for one ``job_step_seconds``, then ``running`` with one more
  task completed per step (``task_count`` is 3 to 40, from a hash of the manifest URL), then
  ``completed``. It fails one step in (``status: failed`` with ``error``) when its manifest URL
  contains ``missing`` after the scheme, or when its GCS ``service_account_json`` is not a JSON
  object with ``"type": "service_account"`` (accepted at submission, as the spec allows any
  string; the error never quotes it). Credentials are never returned.
* **Idempotency.** A POST repeating an ``Idempotency-Key`` (same account and path) with the same
  JSON body replays the first 2xx answer's status and body with ``Idempotent-Replayed: true``
  (and this request's ``X-Request-Id``); with another body it is 409. Errors are not stored, so
  a retry after a 429 / 5xx acts anew. A key outside 1 to 255 characters is 400. A request
  arriving while another with its key is in progress waits for it.
* **Limits** (off by default). ``rate_limit_per_minute`` counts an account's POSTs in a sliding
  minute of the fake's clock (429 with ``Retry-After``; ``fake.rate_limit = None`` switches it
  off); ``task_quota`` caps the tasks an account creates, a batch counting all its tasks and a
  job none (403).
* **Test hooks.** :meth:`ASGGatewayFake.advance`, :meth:`~ASGGatewayFake.inject_faults`,
  :meth:`~ASGGatewayFake.inject_malformed`, :attr:`~ASGGatewayFake.received`,
  :meth:`~ASGGatewayFake.task_ids`, ...
"""

from __future__ import annotations

import importlib.resources
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdk_core.fakes import (
    ApiError,
    Call,
    FakeConfig,
    SpecFake,
    check_int,
    check_number,
    invalid,
)
from sdk_core.fakes import AsciiJSON as _JSON
from sdk_core.fakes import digest as _digest
from sdk_core.fakes import iso as _iso
from sdk_core.fakes import strict_loads as _loads
from starlette.applications import Starlette
from starlette.responses import Response

__all__ = ["SPEC_PATH", "ASGFakeConfig", "ASGGatewayFake", "create_app"]

# The pinned spec, shipped inside the generated package by tools.regen.
SPEC_PATH = Path(str(importlib.resources.files("_asg_gateway_openapi").joinpath("openapi.json")))

_DEFAULT_EVENTS = ("task.completed",)
_SATS_PER_LABEL = 100

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ASGFakeConfig(FakeConfig):
    """How the fake behaves; the limits are off by default.

    Attributes:
        labeling_seconds: fake-clock time from a task's submission to its consensus.
        job_step_seconds: fake-clock time per job step (queued, then one per task).
        task_quota: tasks an account may create before 403 (None: no quota).

    ``rate_limit_per_minute`` (POSTs per account per sliding minute), ``seed``, ``clock`` and
    ``start_time`` are :class:`~sdk_core.fakes.FakeConfig`'s.
    """

    labeling_seconds: float = 0.2
    job_step_seconds: float = 0.1
    task_quota: int | None = None

    def __post_init__(self) -> None:
        FakeConfig.__post_init__(self)
        check_number(self, "labeling_seconds")
        check_number(self, "job_step_seconds")
        check_int(self, "task_quota", minimum=0, optional=True)


# ----------------------------------------------------------------------------- records


@dataclass
class _Task:
    task_id: str
    body: JSON
    created: float
    labeling: float
    network: str
    batch_id: str | None

    @property
    def threshold(self) -> int:
        return int(self.body.get("consensus_threshold", 3))

    @property
    def done_at(self) -> float:
        return self.created + self.labeling

    def done(self, now: float) -> bool:
        return self.labeling <= 0 or now >= self.done_at

    def votes(self) -> list[JSON]:
        """The consensus first (``threshold`` votes), then maybe one dissenting vote."""
        options: list[str] = self.body["label_spec"]["options"]
        n = int(_digest("label", self.task_id)[:12], 16)
        winner = n % len(options)
        votes: list[JSON] = [{"label": options[winner], "count": self.threshold}]
        if n // len(options) % 2:
            votes.append({"label": options[(winner + 1) % len(options)], "count": 1})
        return votes

    def labels_received(self, now: float) -> int:
        if self.done(now):
            return sum(int(v["count"]) for v in self.votes())
        # Labels arrive evenly; the consensus-making one only at done_at.
        progress = (now - self.created) / self.labeling
        return min(self.threshold - 1, max(0, int(progress * self.threshold)))

    def to_json(self, now: float) -> JSON:
        done = self.done(now)
        received = self.labels_received(now)
        if done:
            updated = self.done_at
        else:
            updated = self.created + received * self.labeling / self.threshold
        out: JSON = {
            "task_id": self.task_id,
            "status": "completed" if done else "labeling",
            "task_type": self.body["task_type"],
            "data_url": self.body["data_url"],
            "label_spec": self.body["label_spec"],
            "consensus_threshold": self.threshold,
            "labels_received": received,
            "created_at": _iso(self.created),
            "updated_at": _iso(updated),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if self.batch_id is not None:
            out["batch_id"] = self.batch_id
        if done:
            out["completed_at"] = _iso(self.done_at)
        return out

    def pending_json(self, now: float) -> JSON:
        return {
            "task_id": self.task_id,
            "status": "labeling",
            "labels_received": self.labels_received(now),
            "consensus_threshold": self.threshold,
        }

    def result_json(self) -> JSON:
        votes = self.votes()
        total = sum(int(v["count"]) for v in votes)
        agreed = int(votes[0]["count"])
        done = _iso(self.done_at)
        return {
            "task_id": self.task_id,
            "status": "completed",
            "consensus_label": votes[0]["label"],
            "agreement": round(agreed / total, 4),
            "votes": votes,
            "settlement": {
                "bsv_txid": _digest("bsv-txid", self.network, self.task_id),
                "amount_sats": _SATS_PER_LABEL * agreed,
                "network": self.network,
                "settled_at": done,
            },
            "completed_at": done,
        }


@dataclass
class _Webhook:
    webhook_id: str
    callback_url: str
    events: list[str]
    secret: str  # kept for signing deliveries; never part of an answer
    created: float

    def to_json(self) -> JSON:
        return {
            "webhook_id": self.webhook_id,
            "callback_url": self.callback_url,
            "events": list(self.events),
            "active": True,
            "created_at": _iso(self.created),
        }


@dataclass
class _Job:
    job_id: str
    body: JSON  # the request without its credentials
    credentials_type: str
    created: float
    step: float
    task_count: int
    failure: str | None

    def to_json(self, now: float, *, submitted: bool = False) -> JSON:
        if submitted:
            steps = 0.0  # the 202 always says queued, even when steps take no time
        elif self.step <= 0:
            steps = math.inf
        else:
            steps = (now - self.created) / self.step
        out: JSON = {
            "job_id": self.job_id,
            "status": "queued",
            "manifest_url": self.body["manifest_url"],
            "label_spec": self.body["label_spec"],
            "task_type": self.body.get("task_type", "image_classification"),
            "consensus_threshold": int(self.body.get("consensus_threshold", 3)),
            "credentials_type": self.credentials_type,
            "task_count": self.task_count,
            "tasks_completed": 0,
            "created_at": _iso(self.created),
            "updated_at": _iso(self.created),
        }
        if "callback_url" in self.body:
            out["callback_url"] = self.body["callback_url"]
        if steps < 1:
            return out
        if self.failure is not None:
            out.update(status="failed", error=self.failure)
            out["updated_at"] = _iso(self.created + self.step)
            return out
        # Step 1 starts the job; each later step completes one task.
        completed = self.task_count if math.isinf(steps) else min(self.task_count, int(steps) - 1)
        out["tasks_completed"] = completed
        out["status"] = "completed" if completed >= self.task_count else "running"
        out["updated_at"] = _iso(self.created + (completed + 1) * self.step)
        return out


@dataclass
class _Account:
    key: str
    tasks: dict[str, _Task] = field(default_factory=dict)
    webhooks: dict[str, _Webhook] = field(default_factory=dict)
    jobs: dict[str, _Job] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        """Rate limits and idempotency keys are per account."""
        return self.key

    @property
    def network(self) -> str:
        return "mainnet" if self.key.startswith("sk_live_") else "testnet"


def _is_service_account(text: str) -> bool:
    try:
        parsed = _loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(parsed, dict) and parsed.get("type") == "service_account"


# ----------------------------------------------------------------------------- the fake


class ASGGatewayFake(SpecFake[_Account]):
    """The fake's whole state, its handlers (one per operationId) and the hooks tests use.

    Reachable as ``app.state.fake``. Thread-safe: tests call the hooks from their own thread
    while the server runs in another.
    """

    spec_path = SPEC_PATH
    key_pattern = re.compile(r"sk_(sandbox|live)_[A-Za-z0-9_\-]+")
    conflict_status = 409

    def __init__(self, config: ASGFakeConfig | None = None) -> None:
        self.config = config or ASGFakeConfig()
        super().__init__(self.config)
        self._accounts: dict[str, _Account] = {}

    def authenticate(self, token: str) -> _Account:
        """Every well-shaped key is an account of its own, opened on first use."""
        with self._lock:
            return self._accounts.setdefault(token, _Account(token))

    # -- test hooks

    def task_ids(self, api_key: str) -> list[str]:
        """The tasks an account created (batches included), oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.tasks)

    def job_ids(self, api_key: str) -> list[str]:
        """The jobs an account created, oldest first."""
        with self._lock:
            account = self._accounts.get(api_key)
            return [] if account is None else list(account.jobs)

    def webhook_secret(self, api_key: str, webhook_id: str) -> str | None:
        """The secret stored for a webhook (what deliveries would be signed with), if any."""
        with self._lock:
            account = self._accounts.get(api_key)
            hook = None if account is None else account.webhooks.get(webhook_id)
            return None if hook is None else hook.secret

    # -- state

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_{self.new_hex(24)}"

    def _reserve_tasks(self, account: _Account, count: int) -> None:
        quota = self.config.task_quota
        if quota is not None and len(account.tasks) + count > quota:
            left = max(quota - len(account.tasks), 0)
            raise ApiError(
                403,
                f"task quota exhausted: {quota} tasks per account, {left} left, {count} asked for",
            )

    def _create_task(
        self, account: _Account, body: JSON, now: float, batch_id: str | None = None
    ) -> _Task:
        task = _Task(
            self._new_id("task"),
            body,
            now,
            self.config.labeling_seconds,
            account.network,
            batch_id,
        )
        account.tasks[task.task_id] = task
        return task

    def _task(self, call: Call[_Account]) -> _Task:
        with self._lock:
            task = call.caller.tasks.get(call.path["task_id"])
        if task is None:
            raise ApiError(404, "no such task")
        return task

    # -- handlers, by operationId

    async def on_submit_task(self, call: Call[_Account]) -> Response:
        """``POST /v1/tasks``: a task, labeling from now."""
        with self._lock:
            self._reserve_tasks(call.caller, 1)
            task = self._create_task(call.caller, call.body, self.now())
        created = {"task_id": task.task_id, "status": "labeling", "created_at": _iso(task.created)}
        return _JSON(created, status_code=201)

    async def on_submit_batch(self, call: Call[_Account]) -> Response:
        """``POST /v1/tasks/batch``: every task (all were valid), sharing a ``batch_id``."""
        body = call.body
        callback = body.get("callback_url")
        with self._lock:
            self._reserve_tasks(call.caller, len(body["tasks"]))
            batch_id = self._new_id("batch")
            now = self.now()
            ids = []
            for task_body in body["tasks"]:
                if callback is not None and "callback_url" not in task_body:
                    task_body = {**task_body, "callback_url": callback}
                ids.append(self._create_task(call.caller, task_body, now, batch_id).task_id)
        out = {
            "batch_id": batch_id,
            "task_count": len(ids),
            "status": "accepted",
            "task_ids": ids,
            "created_at": _iso(now),
        }
        return _JSON(out, status_code=201)

    async def on_get_task(self, call: Call[_Account]) -> Response:
        """``GET /v1/tasks/{task_id}``."""
        return _JSON(self._task(call).to_json(self.now()))

    async def on_get_task_result(self, call: Call[_Account]) -> Response:
        """``GET /v1/tasks/{task_id}/result``: 202 while labeling, then the settled result."""
        task = self._task(call)
        now = self.now()
        if task.done(now):
            return _JSON(task.result_json())
        wait = max(1, math.ceil(task.done_at - now))
        return _JSON(task.pending_json(now), status_code=202, headers={"Retry-After": str(wait)})

    async def on_register_webhook(self, call: Call[_Account]) -> Response:
        """``POST /v1/webhooks``: kept with its secret, which no answer contains."""
        body = call.body
        with self._lock:
            hook = _Webhook(
                self._new_id("wh"),
                body["callback_url"],
                list(body.get("events", _DEFAULT_EVENTS)),
                body["secret"],
                self.now(),
            )
            call.caller.webhooks[hook.webhook_id] = hook
        return _JSON(hook.to_json(), status_code=201)

    async def on_list_webhooks(self, call: Call[_Account]) -> Response:
        """``GET /v1/webhooks``: oldest first."""
        with self._lock:
            hooks = [h.to_json() for h in call.caller.webhooks.values()]
        return _JSON(hooks)

    async def on_delete_webhook(self, call: Call[_Account]) -> Response:
        """``DELETE /v1/webhooks/{webhook_id}``."""
        with self._lock:
            if call.caller.webhooks.pop(call.path["webhook_id"], None) is None:
                raise ApiError(404, "no such webhook")
        return Response(status_code=204)

    async def on_submit_job(self, call: Call[_Account]) -> Response:
        """``POST /v1/jobs``: queued; the manifest's scheme must match the credentials' kind."""
        body = dict(call.body)
        credentials = body.pop("credentials")
        manifest: str = body["manifest_url"]
        scheme, _, location = manifest.partition("://")
        kind = "s3" if "access_key_id" in credentials else "gcs"
        if (scheme, kind) not in {("s3", "s3"), ("gs", "gcs")}:
            wanted = "S3Credentials" if scheme == "s3" else "GCSCredentials"
            raise invalid(["body", "credentials"], f"a {scheme}:// manifest takes {wanted}")
        failure = None
        if "missing" in location:
            failure = f"manifest not found: nothing at the {scheme}:// manifest_url"
        elif kind == "gcs" and not _is_service_account(credentials["service_account_json"]):
            failure = (
                "credentials rejected: service_account_json is not a service account key "
                '(a JSON object with "type": "service_account")'
            )
        task_count = 3 + int(_digest("manifest", manifest)[:8], 16) % 38
        with self._lock:
            job = _Job(
                self._new_id("job"),
                body,
                kind,
                self.now(),
                self.config.job_step_seconds,
                task_count,
                failure,
            )
            call.caller.jobs[job.job_id] = job
        return _JSON(job.to_json(job.created, submitted=True), status_code=202)

    async def on_get_job(self, call: Call[_Account]) -> Response:
        """``GET /v1/jobs/{job_id}``: its progress by the fake's clock."""
        with self._lock:
            job = call.caller.jobs.get(call.path["job_id"])
        if job is None:
            raise ApiError(404, "no such job")
        return _JSON(job.to_json(self.now()))


def create_app(config: ASGFakeConfig | None = None) -> Starlette:
    """A fresh fake ASG Gateway service; its state is ``app.state.fake``."""
    return ASGGatewayFake(config).app()
