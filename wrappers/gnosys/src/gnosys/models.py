"""The Gnosys API's resources as pydantic models.

Forward compatible by design: unknown fields are kept (``model_extra``), and values the API
documents as a known set (statuses, severities, stages, event types) are plain strings, so a
newer server's new values never break an older client. Timestamps stay ISO-8601 strings, as the
reference documents them. Parsing is strict (the core's ``STRICT_MODEL_CONFIG``): a ``"5"``
where the spec says integer is a malformed response, not a 5. ``tools/modelcheck.py`` checks
every model, field by field, against the pinned spec.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sdk_core._schema import STRICT_MODEL_CONFIG, json_adapter

__all__ = [
    "ApiKey",
    "CorrelationMatch",
    "Dataset",
    "GnosysModel",
    "IterationOutcome",
    "PredictResponse",
    "ProgressEvent",
    "Run",
    "RunCreateResponse",
    "RunIterations",
    "RunLinks",
    "ServiceStatus",
    "ValidationFinding",
]

#: Run statuses after which nothing changes.
TERMINAL_RUN_STATUSES = frozenset({"completed", "failed"})


class GnosysModel(BaseModel):
    """Base of every Gnosys model: immutable, strict, and keeps fields this client does not know."""

    model_config = ConfigDict(**STRICT_MODEL_CONFIG, frozen=True, populate_by_name=True)


class Dataset(GnosysModel):
    """An uploaded dataset's metadata; pass ``dataset_id`` into a run's ``spec_template``."""

    dataset_id: str
    name: str
    task: str
    target_column: str
    n_rows: int
    n_columns: int
    columns: list[str] = Field(default_factory=list)
    format: str | None = None
    size_bytes: int | None = None
    created_at: str


class RunLinks(GnosysModel):
    """Related URLs of a freshly created run."""

    self_: str | None = Field(default=None, alias="self")
    iterations: str | None = None
    findings: str | None = None


class RunCreateResponse(GnosysModel):
    """What ``runs.create`` returns at once (``status="queued"``)."""

    run_id: str
    status: str
    domain: str
    created_at: str
    links: RunLinks | None = None


class Run(GnosysModel):
    """One run. ``status`` is queued, running, completed or failed (or a newer value)."""

    run_id: str
    tenant_id: str
    domain: str
    strategist: str | None = None
    status: str
    error: str | None = None
    pipeline_run_id: str | None = None
    created_at: str
    started_at: str | None = None
    completed_at: str | None = None

    @property
    def is_terminal(self) -> bool:
        """Whether the run has finished (for good or ill); also true of any status a newer
        server reports together with ``completed_at``.
        """
        return self.status in TERMINAL_RUN_STATUSES or self.completed_at is not None

    @property
    def is_completed(self) -> bool:
        """Whether the run finished successfully."""
        return self.status == "completed"


class IterationOutcome(GnosysModel):
    """One round of a run."""

    iteration: int
    n_proposed: int
    n_records: int
    best_tier_in_iter: str | None = None
    tier_counts: dict[str, int]
    stop_reason: str | None = None
    duration_seconds: float | None = None
    strategist_name: str | None = None


class RunIterations(GnosysModel):
    """A run's per-round breakdown."""

    run_id: str
    iterations: list[IterationOutcome]


class ProgressEvent(GnosysModel):
    """One event of a run's live progress stream.

    ``type`` is one of iteration_start, spec_proposed, execution_started, validator_finding,
    tier_decision, iteration_end, run_complete (or a newer value); ``data`` holds its details.
    """

    seq: int
    type: str
    run_id: str
    timestamp: str
    iteration: int | None = None
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def is_run_complete(self) -> bool:
        """Whether this is the stream's last event."""
        return self.type == "run_complete"


class PredictResponse(GnosysModel):
    """Calibrated (MCGrad) class probabilities for every scored row, and their argmax labels."""

    run_id: str
    classes: list[str]
    class_labels: list[str]
    probabilities: list[list[float]]
    n_rows: int
    n_specs: int | None = None
    calibration: str | None = None


class ValidationFinding(GnosysModel):
    """What a validator found about one spec."""

    finding_id: str
    exec_id: str | None = None
    pipeline_run_id: str | None = None
    domain: str
    spec_id: str
    validator: str
    stage: str
    severity: str
    detail: str | None = None
    payload: dict[str, Any]
    created_at: str

    @property
    def is_blocker(self) -> bool:
        """Whether the finding blocks promotion."""
        return self.severity == "blocker"


class CorrelationMatch(GnosysModel):
    """A spec flagged by several validators, with the findings that matched."""

    spec_id: str
    domain: str
    pipeline_run_id: str | None = None
    matched_validators: list[str]
    findings: list[ValidationFinding]


class ApiKey(GnosysModel):
    """An API key's masked record; the plaintext is never returned."""

    key_id: str
    name: str
    key_prefix: str
    last_4: str
    scopes: list[str]
    created_at: str
    revoked_at: str | None = None

    @property
    def is_active(self) -> bool:
        """Whether the key still authenticates."""
        return self.revoked_at is None

    def to_display(self) -> str:
        """The key as shown to people, e.g. ``"gn_live_a3…X9F2"``."""
        return f"{self.key_prefix}…{self.last_4}"


class ServiceStatus(GnosysModel):
    """The public health endpoint's answer."""

    status: str
    version: str | None = None
    time: str | None = None


# Parsers for list responses, built once (the core's cached adapters, so strict like the models).
DATASET_LIST: TypeAdapter[list[Dataset]] = json_adapter(list[Dataset])
RUN_LIST: TypeAdapter[list[Run]] = json_adapter(list[Run])
FINDING_LIST: TypeAdapter[list[ValidationFinding]] = json_adapter(list[ValidationFinding])
CORRELATION_LIST: TypeAdapter[list[CorrelationMatch]] = json_adapter(list[CorrelationMatch])
API_KEY_LIST: TypeAdapter[list[ApiKey]] = json_adapter(list[ApiKey])
