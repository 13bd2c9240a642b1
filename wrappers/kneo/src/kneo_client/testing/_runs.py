"""Runs and human tasks: the platform's state machine, on the fake's clock.

``queued -> running -> completed | failed | blocked | timed_out``; ``queued | running |
blocked -> cancelled``; ``blocked -> running`` (a human decision, or continue);
``blocked -> expired`` (the task's deadline under ``on_timeout: fail``). A run executes its
spec's steps in order; what each step does is in :mod:`._specs`. An async run is ``queued``
for ``queue_seconds``, each ``llm`` / ``tool`` / ``fail`` step takes ``step_seconds`` and a
``sleep`` step its own ``seconds``; a sync run does the same work at once, in no fake time.
Either way a run whose steps would take longer than its timeout ends ``timed_out`` (an async
one when the timeout is reached). Transitions that time brings are applied lazily, when the
fake next looks, each stamped with the moment it happened.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sdk_core.fakes import iso

from kneo_client.testing._specs import AgentSpec, Step

__all__ = ["DECISIONS", "TERMINAL", "HumanTask", "Run"]

JSON = dict[str, Any]
#: Statuses a run never leaves.
TERMINAL = frozenset({"completed", "failed", "cancelled", "timed_out", "expired"})
#: The decisions ``human_tasks.resume`` takes.
DECISIONS = ("approved", "edited", "provided", "rejected", "selected")


@dataclass
class HumanTask:
    """A human task: a blocked run's review step, keyed by its continuation id."""

    id: str
    run_id: str
    workflow_kind: str
    workflow_name: str
    step_id: str
    created: float
    expires: float
    on_timeout: str
    request: JSON
    status: str = "pending"
    resolved: float | None = None
    decision: JSON | None = None

    @property
    def open(self) -> bool:
        """Whether it still waits for a decision (``pending`` or ``escalated``)."""
        return self.status in {"pending", "escalated"}

    def to_json(self) -> JSON:
        """The task as lists and ``GET /v1/human-tasks/{id}`` show it."""
        out: JSON = {
            "id": self.id,
            "continuation_id": self.id,
            "run_id": self.run_id,
            "workflow_kind": self.workflow_kind,
            "workflow_name": self.workflow_name,
            "step_id": self.step_id,
            "status": self.status,
            "created_at": iso(self.created),
            "expires_at": iso(self.expires),
            "on_timeout": self.on_timeout,
            "request": self.request,
        }
        if self.resolved is not None:
            out["resolved_at"] = iso(self.resolved)
        if self.decision is not None:
            out["decision"] = self.decision
        return out


@dataclass
class Run:
    """One run and everything derived from it (trace, checkpoints, its human tasks)."""

    run_id: str
    spec: AgentSpec
    input_text: str
    created: float
    async_mode: bool
    environment: str | None
    metadata: JSON
    target: str
    origin: str
    principal: str
    queue_seconds: float
    step_seconds: float
    run_timeout: float
    review_timeout: float
    new_id: Callable[[str], str] = field(repr=False)
    status: str = "queued"
    step_index: int = 0
    text: str = ""
    elapsed: float = 0.0
    next_at: float | None = None
    next_is_timeout: bool = False
    updated: float = 0.0
    started: float | None = None
    completed: float | None = None
    error: JSON | None = None
    output_text: str | None = None
    task: HumanTask | None = None
    tasks: list[HumanTask] = field(default_factory=list)
    events: list[JSON] = field(default_factory=list)
    checkpoints: list[JSON] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    state: JSON = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = self.input_text
        self.updated = self.created
        self.state = {"input": self.input_text, "text": self.input_text, "outputs": {}}
        self._event(self.created, "run_queued", async_mode=self.async_mode)
        if self.async_mode:
            self.next_at = self.created + self.queue_seconds

    # -- reading

    @property
    def terminal(self) -> bool:
        """Whether the run has ended."""
        return self.status in TERMINAL

    @property
    def timeout(self) -> float:
        """The run's timeout: its spec's, else the fake's default."""
        return self.spec.timeout if self.spec.timeout is not None else self.run_timeout

    def due(self) -> float | None:
        """When time next changes the run, if it will."""
        if self.status in {"queued", "running"}:
            return self.next_at
        task = self.task
        if self.status == "blocked" and task is not None and task.status == "pending":
            return task.expires
        return None

    def settle(self, now: float) -> None:
        """Apply every transition due by ``now``, each at its own moment."""
        while True:
            due = self.due()
            if due is None or due > now:
                return
            self._tick(due)

    # -- what callers do

    def execute(self, now: float) -> None:
        """Start the run: a sync run goes as far as it can at once; an async one waits."""
        if not self.async_mode:
            self._start(now)
            self._run_on(now)

    def cancel(self, now: float) -> bool:
        """Cancel a run that has not ended (its open task too); False if it had ended."""
        if self.terminal:
            return False
        if self.task is not None and self.task.open:
            self.task.status = "cancelled"
            self.task.resolved = now
        self._finish(now, "cancelled")
        return True

    def decide(
        self,
        now: float,
        decision: str,
        *,
        content: str | None = None,
        selected_option: str | None = None,
        via: str,
        principal: str,
        metadata: JSON | None = None,
    ) -> None:
        """Carry a blocked run on with a human decision (``via``: resume or continue)."""
        task = self.task
        assert self.status == "blocked"
        assert task is not None
        record: JSON = {"decision": decision, "via": via, "principal": principal}
        if content is not None:
            record["content"] = content
        if selected_option is not None:
            record["selected_option"] = selected_option
        if metadata:
            record["metadata"] = metadata
        task.status, task.resolved, task.decision = "resolved", now, record
        self._event(now, "human_decision", task.step_id, **record)
        self.state.setdefault("decisions", {})[task.step_id] = decision
        self.task = None
        if decision == "rejected":
            self._fail(now, task.step_id, "rejected by the reviewer", "human_rejected")
            return
        if decision in {"edited", "provided"} and content is not None:
            self.text = content
        elif decision == "selected" and selected_option is not None:
            self.text = selected_option
        self.state["outputs"][task.step_id] = self.text
        self._done_step(now, "human_review_resolved", task.step_id)
        self.status, self.updated = "running", now
        if self.async_mode:
            self._schedule(now)
        else:
            self._run_on(now)

    # -- the machine

    def _tick(self, at: float) -> None:
        if self.status == "queued":
            self._start(at)
            self._schedule(at)
        elif self.status == "running" and self.next_is_timeout:
            self.elapsed = self.timeout
            self._time_out(at)
        elif self.status == "running":
            step = self.spec.steps[self.step_index]
            self.elapsed += self._duration(step)
            self._step(step, at)
            if self.status == "running":
                self._schedule(at)
        elif self.status == "blocked" and self.task is not None:
            self._deadline(self.task, at)

    def _start(self, at: float) -> None:
        self.status, self.started, self.updated, self.next_at = "running", at, at, None
        self._event(at, "run_started", spec=self.spec.name, environment=self.environment)
        if self.spec.guardrails:
            self._event(
                at, "middleware_decision", guardrails=list(self.spec.guardrails), decision="allow"
            )

    def _duration(self, step: Step) -> float:
        if step.kind == "sleep":
            return step.seconds
        return 0.0 if step.kind == "human_review" else self.step_seconds

    def _schedule(self, now: float) -> None:
        """Arrange an async run's next transition: its next step's end, or its timeout."""
        if self.step_index >= len(self.spec.steps):
            self._finish(now, "completed")
            return
        duration = self._duration(self.spec.steps[self.step_index])
        self.next_is_timeout = self.elapsed + duration > self.timeout
        self.next_at = now + (self.timeout - self.elapsed if self.next_is_timeout else duration)

    def _run_on(self, now: float) -> None:
        """Run a sync run's steps at once until it blocks or ends."""
        while self.status == "running":
            if self.step_index >= len(self.spec.steps):
                self._finish(now, "completed")
                return
            step = self.spec.steps[self.step_index]
            duration = self._duration(step)
            if self.elapsed + duration > self.timeout:
                self.elapsed = self.timeout
                self._time_out(now)
                return
            self.elapsed += duration
            self._step(step, now)

    def _step(self, step: Step, at: float) -> None:
        """Carry out one step, finishing at ``at``."""
        if step.kind == "human_review":
            self._block(step, at)
            return
        if step.kind == "fail":
            message = step.message or f"step {step.id} failed"
            self._event(
                at, "tool_call", step.id, tool=step.tool or step.id, status="error", error=message
            )
            self._fail(at, step.id, message, "step_failed")
            return
        if step.kind == "llm":
            before = self.text
            if step.template is not None:
                self.text = step.template.replace("{text}", self.text)
            self._event(
                at,
                "model_call",
                step.id,
                model="fake-llm",
                input_chars=len(before),
                output_chars=len(self.text),
            )
        elif step.kind == "tool":
            self._event(at, "tool_call", step.id, tool=step.tool, status="ok")
        else:
            self._event(at, "timer", step.id, seconds=step.seconds)
        self.state["outputs"][step.id] = self.text
        self._done_step(at, "step_completed", step.id)

    def _done_step(self, at: float, kind: str, step_id: str) -> None:
        self.visited.append(step_id)
        self.step_index += 1
        self.updated = at
        self._checkpoint(at, kind, step_id)

    def _block(self, step: Step, at: float) -> None:
        continuation = self.new_id("cont")
        timeout = (
            self.spec.review_timeout
            if self.spec.review_timeout is not None
            else self.review_timeout
        )
        request: JSON = {
            "id": self.new_id("hreq"),
            "kind": "selection" if step.options else "approval",
            "step_id": step.id,
            "prompt": step.prompt or f"Review the output of {self.spec.name} before it goes on.",
            "options": list(step.options),
            "draft": self.text,
            "decisions": list(DECISIONS),
        }
        task = HumanTask(
            continuation,
            self.run_id,
            self.spec.workflow_kind,
            self.spec.name,
            step.id,
            at,
            at + timeout,
            self.spec.on_timeout,
            request,
        )
        self.task = task
        self.tasks.append(task)
        self.status, self.updated, self.next_at = "blocked", at, None
        self._event(
            at,
            "human_review_requested",
            step.id,
            continuation_id=continuation,
            request_id=request["id"],
        )
        self._checkpoint(at, "human_review_requested", step.id)

    def _deadline(self, task: HumanTask, at: float) -> None:
        if task.on_timeout == "escalate":
            task.status = "escalated"
            self._event(at, "human_task_escalated", task.step_id, continuation_id=task.id)
            return
        task.status, task.resolved = "expired", at
        self.error = {
            "message": "the human task passed its deadline",
            "code": "human_task_expired",
            "continuation_id": task.id,
        }
        self._finish(at, "expired")

    def _fail(self, at: float, step_id: str, message: str, code: str) -> None:
        self.error = {"message": message, "code": code, "step_id": step_id}
        self.visited.append(step_id)
        self._checkpoint(at, "step_failed", step_id)
        self._finish(at, "failed")

    def _time_out(self, at: float) -> None:
        limit = f"{self.timeout:g}"
        self.error = {
            "message": f"the run exceeded its timeout of {limit} seconds",
            "code": "run_timeout",
        }
        self._finish(at, "timed_out")

    def _finish(self, at: float, status: str) -> None:
        self.status, self.updated, self.completed, self.next_at = status, at, at, None
        if status == "completed":
            self.output_text = self.text
        self.state["status"] = status
        self._event(at, f"run_{status}")

    def _event(self, at: float, event_type: str, step_id: str | None = None, **data: Any) -> None:
        sequence = len(self.events) + 1
        self.events.append(
            {
                "event_id": f"{self.run_id}-ev{sequence:04d}",
                "sequence": sequence,
                "event_type": event_type,
                "timestamp": iso(at),
                "run_id": self.run_id,
                "step_id": step_id,
                "node_id": step_id,
                "data": data,
            }
        )

    def _checkpoint(self, at: float, kind: str, step_id: str) -> None:
        self.state["text"] = self.text
        self.state["visited"] = list(self.visited)
        self.checkpoints.append(
            {
                "sequence": len(self.checkpoints) + 1,
                "type": kind,
                "run_id": self.run_id,
                "step_id": step_id,
                "node_id": step_id,
                "created_at": iso(at),
                "timestamp": iso(at),
                "state": copy.deepcopy(self.state),
            }
        )

    # -- answers

    def _position(self) -> tuple[str | None, int | None]:
        # A failed run stays at the step that failed; other ended runs are at no step.
        ended = self.terminal and self.status != "failed"
        if ended or self.step_index >= len(self.spec.steps):
            return None, None
        return self.spec.steps[self.step_index].id, self.step_index

    def _pending(self) -> JSON | None:
        return self.task.request if self.status == "blocked" and self.task is not None else None

    def _continuation(self) -> str | None:
        return self.task.id if self.status == "blocked" and self.task is not None else None

    def _visited(self) -> tuple[list[str], list[str]]:
        """(visited_nodes, visited_steps): a graph visits nodes, a sequence steps."""
        if self.spec.workflow_kind == "graph":
            return list(self.visited), []
        return [], list(self.visited)

    def create_json(self) -> JSON:
        """``RunCreateResponse``."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "continuation_id": self._continuation(),
            "human_intervention_required": self.status == "blocked",
            "metadata": self.metadata,
            "output_text": self.output_text,
            "pending_human_request": self._pending(),
            "created_at": iso(self.created),
        }

    def status_json(self) -> JSON:
        """``RunStatusResponse`` (``completed_at`` only once the run has ended)."""
        node, index = self._position()
        nodes, steps = self._visited()
        out: JSON = {
            "run_id": self.run_id,
            "status": self.status,
            "agent_name": self.spec.agent_name,
            "continuation_id": self._continuation(),
            "current_node_id": node,
            "current_step_index": index,
            "error": self.error,
            "input_text": self.input_text,
            "metadata": self.metadata,
            "output_text": self.output_text,
            "pending_human_request": self._pending(),
            "trace_event_count": len(self.events),
            "visited_nodes": nodes,
            "visited_steps": steps,
            "workflow_kind": self.spec.workflow_kind,
            "workflow_name": self.spec.name,
            "human_intervention_required": self.status == "blocked",
            "environment": self.environment,
            "spec_path": None if self.spec.source in {"inline", "default"} else self.spec.source,
            "target": self.target,
            "async_mode": self.async_mode,
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
        }
        if self.completed is not None:
            out["completed_at"] = iso(self.completed)
        return out

    def summary_json(self) -> JSON:
        """A run as ``GET /v1/runs`` lists it."""
        full = self.status_json()
        keep = (
            "run_id",
            "status",
            "agent_name",
            "workflow_kind",
            "workflow_name",
            "environment",
            "spec_path",
            "target",
            "async_mode",
            "continuation_id",
            "input_text",
            "output_text",
            "error",
            "metadata",
            "trace_event_count",
            "created_at",
            "updated_at",
            "completed_at",
        )
        return {k: full[k] for k in keep if k in full}

    def replay_json(self) -> JSON:
        """``RunReplayResponse``: the timeline and what a replay starts from."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "agent_name": self.spec.agent_name,
            "checkpoint_count": len(self.checkpoints),
            "workflow_kind": self.spec.workflow_kind,
            "workflow_name": self.spec.name,
            "timeline": [
                {
                    "sequence": e["sequence"],
                    "timestamp": e["timestamp"],
                    "event_type": e["event_type"],
                    "step_id": e["step_id"],
                }
                for e in self.events
            ],
            "replay_context": {
                "input": self.input_text,
                "spec": self.spec.brief(),
                "environment": self.environment,
                "checkpoints": [c["sequence"] for c in self.checkpoints],
                "final_state": self.checkpoints[-1]["state"] if self.checkpoints else {},
                "decisions": [t.decision for t in self.tasks if t.decision is not None],
                "deterministic": True,
            },
        }

    def recovery_json(self) -> JSON:
        """``RunRecoveryResponse``: where the run stands and what would carry it on."""
        actions = {
            "failed": ("retry_from_checkpoint", True),
            "timed_out": ("retry_with_longer_timeout", True),
            "blocked": ("resume_human_task", True),
            "expired": ("rerun", False),
            "cancelled": ("rerun", False),
            "completed": ("none", False),
        }
        action, recoverable = actions.get(self.status, ("wait", False))
        node, index = self._position()
        nodes, steps = self._visited()
        good = [c for c in self.checkpoints if c["type"] != "step_failed"]
        return {
            "run_id": self.run_id,
            "status": self.status,
            "checkpoint_count": len(self.checkpoints),
            "continuation_id": self._continuation(),
            "current_node_id": node,
            "current_step_index": index,
            "error": self.error,
            "pending_human_request": self._pending(),
            "visited_nodes": nodes,
            "visited_steps": steps,
            "workflow_kind": self.spec.workflow_kind,
            "workflow_name": self.spec.name,
            "replay_context": {
                "recoverable": recoverable,
                "recommended_action": action,
                "resume_from_sequence": good[-1]["sequence"] if good else None,
                "last_checkpoint": good[-1] if good else None,
            },
        }
