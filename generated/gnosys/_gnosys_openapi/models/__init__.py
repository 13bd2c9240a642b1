"""Contains all the data models used in inputs/outputs"""

from .api_key import ApiKey
from .correlation_match import CorrelationMatch
from .dataset_upload import DatasetUpload
from .error import Error
from .get_run_model_card_format import GetRunModelCardFormat
from .iteration_outcome import IterationOutcome
from .iteration_outcome_tier_counts import IterationOutcomeTierCounts
from .list_correlations_mode import ListCorrelationsMode
from .predict_upload import PredictUpload
from .progress_event import ProgressEvent
from .progress_event_data import ProgressEventData
from .run import Run
from .run_create_request import RunCreateRequest
from .run_create_request_lab import RunCreateRequestLab
from .run_create_request_literature import RunCreateRequestLiterature
from .run_create_request_llm import RunCreateRequestLlm
from .run_create_request_llm_critic import RunCreateRequestLlmCritic
from .run_create_request_sandbox_config import RunCreateRequestSandboxConfig
from .run_create_request_spec_template import RunCreateRequestSpecTemplate
from .run_create_request_specs_item import RunCreateRequestSpecsItem
from .run_create_response import RunCreateResponse
from .run_iterations import RunIterations
from .run_links import RunLinks
from .service_status import ServiceStatus
from .strategist import Strategist
from .submission import Submission
from .validation_finding import ValidationFinding
from .validation_finding_payload import ValidationFindingPayload

__all__ = (
    "ApiKey",
    "CorrelationMatch",
    "DatasetUpload",
    "Error",
    "GetRunModelCardFormat",
    "IterationOutcome",
    "IterationOutcomeTierCounts",
    "ListCorrelationsMode",
    "PredictUpload",
    "ProgressEvent",
    "ProgressEventData",
    "Run",
    "RunCreateRequest",
    "RunCreateRequestLab",
    "RunCreateRequestLiterature",
    "RunCreateRequestLlm",
    "RunCreateRequestLlmCritic",
    "RunCreateRequestSandboxConfig",
    "RunCreateRequestSpecsItem",
    "RunCreateRequestSpecTemplate",
    "RunCreateResponse",
    "RunIterations",
    "RunLinks",
    "ServiceStatus",
    "Strategist",
    "Submission",
    "ValidationFinding",
    "ValidationFindingPayload",
)
