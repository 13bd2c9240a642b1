"""The Gnosys API's resources as pydantic models.

Forward compatible by design: unknown fields are kept (``model_extra``), and values the API
documents as a known set (statuses, severities, stages, event types) are plain strings, so a
newer server's new values never break an older client. Timestamps stay ISO-8601 strings, as the
reference documents them. Parsing is strict (the core's ``STRICT_MODEL_CONFIG``): a ``"5"``
where the spec says integer is a malformed response, not a 5. ``tools/modelcheck.py`` checks
every model, field by field, against the pinned spec.

Two shapes, one model: the service also answers in the shape the published ``gnosyslabs`` 1.0.0
client reads (``n_samples`` where the reference page says ``n_rows``, ``predictions`` where it
says ``class_labels``, ...). Each value keeps the reference page's name as its attribute and
reads the other spelling too (``validation_alias=AliasChoices(...)``; the reference spelling
wins when both are sent); values only that shape has are optional attributes.
"""

from __future__ import annotations

import base64
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter, model_validator
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
    "Submission",
    "ValidationFinding",
]

#: Run statuses after which nothing changes.
TERMINAL_RUN_STATUSES = frozenset({"completed", "failed"})


class GnosysModel(BaseModel):
    """Base of every Gnosys model: immutable, strict, and keeps fields this client does not know."""

    model_config = ConfigDict(**STRICT_MODEL_CONFIG, frozen=True, populate_by_name=True)


class Dataset(GnosysModel):
    """An uploaded dataset's metadata; pass ``dataset_id`` into a run's ``spec_template``.

    Read from either shape the service answers in:

    * ``n_rows`` — the reference's ``n_rows``, or the published client's ``n_samples``.
    * ``n_columns`` — the reference's ``n_columns`` (every column of the file, the target
      included), or, from a service that sends only the published shape, its ``n_features``
      (which leaves the target and any split column out; ``n_features`` itself is kept too).
    * ``size_bytes`` — ``size_bytes`` or the published ``bytes``.
    * Only in the published shape (``None`` / empty when the service does not send them):
      ``n_features``, ``feature_names``, ``n_classes``, ``sha256``, ``revoked_at``.
    """

    dataset_id: str
    name: str
    task: str
    target_column: str
    n_rows: int = Field(validation_alias=AliasChoices("n_rows", "n_samples"))
    n_columns: int = Field(validation_alias=AliasChoices("n_columns", "n_features"))
    columns: list[str] = Field(default_factory=list)
    format: str | None = None
    size_bytes: int | None = Field(
        default=None, validation_alias=AliasChoices("size_bytes", "bytes")
    )
    created_at: str
    n_features: int | None = None
    feature_names: list[str] = Field(default_factory=list)
    n_classes: int | None = None
    sha256: str | None = None
    revoked_at: str | None = None


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
    """One run. ``status`` is queued, running, completed or failed (or a newer value).

    ``promoted_spec_id``, ``promoted_artifact_path``, ``best_primary_score`` and ``best_tier``
    come from the published client's shape: ``None`` when the service does not send them.
    """

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
    promoted_spec_id: str | None = None
    promoted_artifact_path: str | None = None
    best_primary_score: float | None = None
    best_tier: str | None = None

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
    """A run's per-round breakdown (``pipeline_run_id``: only in the published shape)."""

    run_id: str
    iterations: list[IterationOutcome]
    pipeline_run_id: str | None = None


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
    """Calibrated (MCGrad) class probabilities for every scored row, and their argmax labels.

    Read from either shape the service answers in: ``class_labels`` is the reference's
    ``class_labels`` or the published client's ``predictions``; ``probabilities`` is
    ``probabilities`` or ``probas`` (columns in ``classes`` order). ``task`` comes only with
    the published shape (``None`` otherwise).
    """

    run_id: str
    classes: list[str]
    class_labels: list[str] = Field(validation_alias=AliasChoices("class_labels", "predictions"))
    probabilities: list[list[float]] = Field(
        validation_alias=AliasChoices("probabilities", "probas")
    )
    n_rows: int
    n_specs: int | None = None
    calibration: str | None = None
    task: str | None = None


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
    """An API key's masked record; the plaintext is never returned.

    ``is_active`` (whether the key still authenticates) is the service's own ``is_active``
    where it sends one (the published client's shape), else ``revoked_at is None``.
    """

    key_id: str
    name: str
    key_prefix: str
    last_4: str
    scopes: list[str]
    created_at: str
    revoked_at: str | None = None
    is_active: bool = True

    @model_validator(mode="before")
    @classmethod
    def _active_unless_revoked(cls, data: Any) -> Any:
        if isinstance(data, dict) and "is_active" not in data:
            return {**data, "is_active": data.get("revoked_at") is None}
        return data

    def to_display(self) -> str:
        """The key as shown to people, e.g. ``"gn_live_a3…X9F2"``."""
        return f"{self.key_prefix}…{self.last_4}"


class Submission(GnosysModel):
    """A packaged submission as JSON: what the service answers to ``Accept: application/json``
    (the published client's shape). ``runs.package_submission`` asks for the raw file instead
    and returns its bytes; given this shape it returns :attr:`content`.

    ``mode`` is ``code`` (``agent_code`` holds main.py) or ``rl_train`` (``tarball_b64`` holds
    a .tar.gz), or a newer value.
    """

    run_id: str
    spec_id: str
    n_kept_considered: int
    score: float | None = None
    filename: str | None = None
    mode: str | None = None
    bundled_files: list[str] = Field(default_factory=list)
    agent_code: str | None = None
    tarball_b64: str | None = None

    @property
    def content(self) -> bytes:
        """The packaged file's bytes: the decoded tarball, else main.py's UTF-8 source.

        Raises ``ValueError`` when the answer carries neither (or a tarball that is not
        base64).
        """
        if self.tarball_b64 is not None:
            return base64.b64decode(self.tarball_b64, validate=True)
        if self.agent_code is not None:
            return self.agent_code.encode()
        raise ValueError("the submission carries neither tarball_b64 nor agent_code")


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
