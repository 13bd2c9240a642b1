"""Contains all the data models used in inputs/outputs"""

from .audit_event_list_response import AuditEventListResponse
from .audit_event_list_response_events_item import AuditEventListResponseEventsItem
from .checkpoint_diff_response import CheckpointDiffResponse
from .checkpoint_diff_response_added_item import CheckpointDiffResponseAddedItem
from .checkpoint_diff_response_changed_item import CheckpointDiffResponseChangedItem
from .checkpoint_diff_response_from_checkpoint import CheckpointDiffResponseFromCheckpoint
from .checkpoint_diff_response_removed_item import CheckpointDiffResponseRemovedItem
from .checkpoint_diff_response_to_checkpoint import CheckpointDiffResponseToCheckpoint
from .checkpoint_list_response import CheckpointListResponse
from .checkpoint_list_response_checkpoints_item import CheckpointListResponseCheckpointsItem
from .credential_inventory_response import CredentialInventoryResponse
from .credential_inventory_response_inventory import CredentialInventoryResponseInventory
from .environment_policy_list_response import EnvironmentPolicyListResponse
from .environment_policy_list_response_policies import EnvironmentPolicyListResponsePolicies
from .environment_policy_list_response_policies_additional_property import (
    EnvironmentPolicyListResponsePoliciesAdditionalProperty,
)
from .environment_policy_request import EnvironmentPolicyRequest
from .environment_policy_response import EnvironmentPolicyResponse
from .environment_policy_response_policy_type_0 import EnvironmentPolicyResponsePolicyType0
from .environment_policy_response_previous_policy_type_0 import (
    EnvironmentPolicyResponsePreviousPolicyType0,
)
from .error_detail import ErrorDetail
from .error_detail_diagnostics_item import ErrorDetailDiagnosticsItem
from .error_response import ErrorResponse
from .health_response import HealthResponse
from .health_response_metadata import HealthResponseMetadata
from .http_validation_error import HTTPValidationError
from .human_resume_request import HumanResumeRequest
from .human_resume_request_metadata import HumanResumeRequestMetadata
from .human_resume_response import HumanResumeResponse
from .human_resume_response_metadata import HumanResumeResponseMetadata
from .human_task_list_response import HumanTaskListResponse
from .human_task_list_response_tasks_item import HumanTaskListResponseTasksItem
from .human_task_response import HumanTaskResponse
from .human_task_response_request_type_0 import HumanTaskResponseRequestType0
from .run_create_request import RunCreateRequest
from .run_create_request_metadata import RunCreateRequestMetadata
from .run_create_request_overrides import RunCreateRequestOverrides
from .run_create_request_spec_type_0 import RunCreateRequestSpecType0
from .run_create_response import RunCreateResponse
from .run_create_response_metadata import RunCreateResponseMetadata
from .run_list_response import RunListResponse
from .run_list_response_runs_item import RunListResponseRunsItem
from .run_recovery_response import RunRecoveryResponse
from .run_recovery_response_error_type_0 import RunRecoveryResponseErrorType0
from .run_recovery_response_pending_human_request_type_0 import (
    RunRecoveryResponsePendingHumanRequestType0,
)
from .run_recovery_response_replay_context import RunRecoveryResponseReplayContext
from .run_replay_response import RunReplayResponse
from .run_replay_response_replay_context import RunReplayResponseReplayContext
from .run_replay_response_timeline_item import RunReplayResponseTimelineItem
from .run_status_response import RunStatusResponse
from .run_status_response_error_type_0 import RunStatusResponseErrorType0
from .run_status_response_metadata import RunStatusResponseMetadata
from .run_status_response_pending_human_request_type_0 import (
    RunStatusResponsePendingHumanRequestType0,
)
from .spec_compile_request import SpecCompileRequest
from .spec_compile_request_overrides import SpecCompileRequestOverrides
from .spec_compile_request_spec_type_0 import SpecCompileRequestSpecType0
from .spec_compile_response import SpecCompileResponse
from .spec_compile_response_diagnostics_item import SpecCompileResponseDiagnosticsItem
from .spec_compile_response_summary import SpecCompileResponseSummary
from .spec_explain_request import SpecExplainRequest
from .spec_explain_request_spec_type_0 import SpecExplainRequestSpecType0
from .spec_explain_response import SpecExplainResponse
from .spec_explain_response_summary import SpecExplainResponseSummary
from .spec_policy_report_request import SpecPolicyReportRequest
from .spec_policy_report_request_overrides import SpecPolicyReportRequestOverrides
from .spec_policy_report_request_spec_type_0 import SpecPolicyReportRequestSpecType0
from .spec_policy_report_response import SpecPolicyReportResponse
from .spec_policy_report_response_report import SpecPolicyReportResponseReport
from .spec_validate_request import SpecValidateRequest
from .spec_validate_request_overrides import SpecValidateRequestOverrides
from .spec_validate_request_spec_type_0 import SpecValidateRequestSpecType0
from .spec_validate_response import SpecValidateResponse
from .spec_validate_response_diagnostics_item import SpecValidateResponseDiagnosticsItem
from .trace_response import TraceResponse
from .trace_response_events_item import TraceResponseEventsItem
from .validation_error import ValidationError
from .validation_error_context import ValidationErrorContext

__all__ = (
    "AuditEventListResponse",
    "AuditEventListResponseEventsItem",
    "CheckpointDiffResponse",
    "CheckpointDiffResponseAddedItem",
    "CheckpointDiffResponseChangedItem",
    "CheckpointDiffResponseFromCheckpoint",
    "CheckpointDiffResponseRemovedItem",
    "CheckpointDiffResponseToCheckpoint",
    "CheckpointListResponse",
    "CheckpointListResponseCheckpointsItem",
    "CredentialInventoryResponse",
    "CredentialInventoryResponseInventory",
    "EnvironmentPolicyListResponse",
    "EnvironmentPolicyListResponsePolicies",
    "EnvironmentPolicyListResponsePoliciesAdditionalProperty",
    "EnvironmentPolicyRequest",
    "EnvironmentPolicyResponse",
    "EnvironmentPolicyResponsePolicyType0",
    "EnvironmentPolicyResponsePreviousPolicyType0",
    "ErrorDetail",
    "ErrorDetailDiagnosticsItem",
    "ErrorResponse",
    "HealthResponse",
    "HealthResponseMetadata",
    "HTTPValidationError",
    "HumanResumeRequest",
    "HumanResumeRequestMetadata",
    "HumanResumeResponse",
    "HumanResumeResponseMetadata",
    "HumanTaskListResponse",
    "HumanTaskListResponseTasksItem",
    "HumanTaskResponse",
    "HumanTaskResponseRequestType0",
    "RunCreateRequest",
    "RunCreateRequestMetadata",
    "RunCreateRequestOverrides",
    "RunCreateRequestSpecType0",
    "RunCreateResponse",
    "RunCreateResponseMetadata",
    "RunListResponse",
    "RunListResponseRunsItem",
    "RunRecoveryResponse",
    "RunRecoveryResponseErrorType0",
    "RunRecoveryResponsePendingHumanRequestType0",
    "RunRecoveryResponseReplayContext",
    "RunReplayResponse",
    "RunReplayResponseReplayContext",
    "RunReplayResponseTimelineItem",
    "RunStatusResponse",
    "RunStatusResponseErrorType0",
    "RunStatusResponseMetadata",
    "RunStatusResponsePendingHumanRequestType0",
    "SpecCompileRequest",
    "SpecCompileRequestOverrides",
    "SpecCompileRequestSpecType0",
    "SpecCompileResponse",
    "SpecCompileResponseDiagnosticsItem",
    "SpecCompileResponseSummary",
    "SpecExplainRequest",
    "SpecExplainRequestSpecType0",
    "SpecExplainResponse",
    "SpecExplainResponseSummary",
    "SpecPolicyReportRequest",
    "SpecPolicyReportRequestOverrides",
    "SpecPolicyReportRequestSpecType0",
    "SpecPolicyReportResponse",
    "SpecPolicyReportResponseReport",
    "SpecValidateRequest",
    "SpecValidateRequestOverrides",
    "SpecValidateRequestSpecType0",
    "SpecValidateResponse",
    "SpecValidateResponseDiagnosticsItem",
    "TraceResponse",
    "TraceResponseEventsItem",
    "ValidationError",
    "ValidationErrorContext",
)
