"""The shapes of the ASG Gateway API's JSON, as ``TypedDict`` classes.

Every value the SDK returns is a plain ``dict`` (``resp["task_id"]``, ``json.dumps(result)``
work as the reference shows), validated against the spec on arrival and typed for editors and
mypy. Fields the API adds later are kept, untyped. Timestamps are ISO 8601 strings, as sent.
Status-like fields are open strings: new values ship without notice.
"""

from typing_extensions import NotRequired, TypedDict

__all__ = [
    "BatchCreated",
    "GCSCredentials",
    "Job",
    "LabelSpec",
    "S3Credentials",
    "Settlement",
    "Task",
    "TaskCreated",
    "TaskPending",
    "TaskResult",
    "TaskSpec",
    "Vote",
    "Webhook",
]


class LabelSpec(TypedDict):
    """What labelers are asked: a question and at least two allowed answers."""

    question: str
    options: list[str]


class TaskSpec(TypedDict):
    """One task of :meth:`submit_batch`'s ``tasks`` (the REST body of a task)."""

    task_type: str
    data_url: str
    label_spec: LabelSpec
    consensus_threshold: NotRequired[int]
    callback_url: NotRequired[str]


class TaskCreated(TypedDict):
    """What ``submit_task`` returns: the new task's id and status."""

    task_id: str
    status: str
    created_at: str


class Task(TypedDict):
    """A task's summary (``get_task``)."""

    task_id: str
    status: str
    task_type: str
    data_url: str
    label_spec: LabelSpec
    consensus_threshold: int
    created_at: str
    labels_received: NotRequired[int]
    callback_url: NotRequired[str]
    batch_id: NotRequired[str]
    job_id: NotRequired[str]
    updated_at: NotRequired[str]
    completed_at: NotRequired[str]


class Vote(TypedDict):
    """How many labelers chose ``label``."""

    label: str
    count: int


class Settlement(TypedDict):
    """The BSV payment to the labelers who agreed with the consensus."""

    bsv_txid: str
    amount_sats: int
    network: str
    settled_at: str


class TaskResult(TypedDict):
    """A task's consensus result (``get_result`` / ``poll_result``)."""

    task_id: str
    status: str
    consensus_label: str
    agreement: float
    votes: list[Vote]
    settlement: Settlement
    completed_at: str


class TaskPending(TypedDict):
    """The body of a 202 from the result endpoint: no consensus yet."""

    task_id: str
    status: str
    labels_received: NotRequired[int]
    consensus_threshold: NotRequired[int]


class BatchCreated(TypedDict):
    """What ``submit_batch`` returns; ``task_ids`` are in the order the tasks were given."""

    batch_id: str
    task_count: int
    status: str
    task_ids: list[str]
    created_at: NotRequired[str]


class Webhook(TypedDict):
    """A registered webhook (its secret is never returned)."""

    webhook_id: str
    callback_url: str
    events: list[str]
    active: bool
    created_at: NotRequired[str]


class S3Credentials(TypedDict):
    """Read access to an ``s3://`` manifest and its items."""

    access_key_id: str
    secret_access_key: str
    region: NotRequired[str]
    session_token: NotRequired[str]


class GCSCredentials(TypedDict):
    """Read access to a ``gs://`` manifest: the service account key file's JSON text."""

    service_account_json: str


class Job(TypedDict):
    """A manifest batch job (``submit_job`` / ``get_job``); credentials are never returned."""

    job_id: str
    status: str
    manifest_url: str
    label_spec: LabelSpec
    created_at: str
    task_count: int
    tasks_completed: int
    task_type: NotRequired[str]
    consensus_threshold: NotRequired[int]
    credentials_type: NotRequired[str]
    error: NotRequired[str]
    updated_at: NotRequired[str]
