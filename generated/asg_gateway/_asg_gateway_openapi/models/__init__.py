"""Contains all the data models used in inputs/outputs"""

from .batch_create import BatchCreate
from .batch_created import BatchCreated
from .error import Error
from .gcs_credentials import GCSCredentials
from .job import Job
from .job_create import JobCreate
from .label_spec import LabelSpec
from .s3_credentials import S3Credentials
from .settlement import Settlement
from .task import Task
from .task_create import TaskCreate
from .task_created import TaskCreated
from .task_pending import TaskPending
from .task_result import TaskResult
from .vote import Vote
from .webhook import Webhook
from .webhook_create import WebhookCreate

__all__ = (
    "BatchCreate",
    "BatchCreated",
    "Error",
    "GCSCredentials",
    "Job",
    "JobCreate",
    "LabelSpec",
    "S3Credentials",
    "Settlement",
    "Task",
    "TaskCreate",
    "TaskCreated",
    "TaskPending",
    "TaskResult",
    "Vote",
    "Webhook",
    "WebhookCreate",
)
