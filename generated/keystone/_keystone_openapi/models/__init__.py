"""Contains all the data models used in inputs/outputs"""

from .add_records_request import AddRecordsRequest
from .agent_auth import AgentAuth
from .agent_auth_egress import AgentAuthEgress
from .agent_snapshot import AgentSnapshot
from .agent_snapshot_page import AgentSnapshotPage
from .agent_upload import AgentUpload
from .agent_upload_metadata import AgentUploadMetadata
from .alert_rule import AlertRule
from .alert_rule_create import AlertRuleCreate
from .command_result import CommandResult
from .compare_request import CompareRequest
from .comparison import Comparison
from .config_file import ConfigFile
from .cost_data_point import CostDataPoint
from .cost_info import CostInfo
from .dataset_create import DatasetCreate
from .dataset_info import DatasetInfo
from .dataset_record import DatasetRecord
from .dataset_record_metadata import DatasetRecordMetadata
from .error import Error
from .experiment import Experiment
from .experiment_bundle import ExperimentBundle
from .experiment_create import ExperimentCreate
from .experiment_create_secrets import ExperimentCreateSecrets
from .experiment_metrics import ExperimentMetrics
from .experiment_metrics_tool_breakdown import ExperimentMetricsToolBreakdown
from .file_state import FileState
from .forbidden_check_result import ForbiddenCheckResult
from .health_status import HealthStatus
from .invariant_result import InvariantResult
from .judge_choice import JudgeChoice
from .judge_completion import JudgeCompletion
from .judge_completion_request import JudgeCompletionRequest
from .judge_message import JudgeMessage
from .judge_usage import JudgeUsage
from .metric_comparison import MetricComparison
from .metrics_summary import MetricsSummary
from .pass_rate_data_point import PassRateDataPoint
from .prompt import Prompt
from .prompt_create import PromptCreate
from .prompt_create_metadata import PromptCreateMetadata
from .prompt_create_variables import PromptCreateVariables
from .prompt_metadata import PromptMetadata
from .prompt_variables import PromptVariables
from .records_added import RecordsAdded
from .render_prompt_request import RenderPromptRequest
from .render_prompt_request_variables import RenderPromptRequestVariables
from .rendered_prompt import RenderedPrompt
from .reproducer import Reproducer
from .reproducer_parameters import ReproducerParameters
from .run_command_request import RunCommandRequest
from .run_metrics import RunMetrics
from .run_results import RunResults
from .sandbox import Sandbox
from .sandbox_create import SandboxCreate
from .sandbox_create_metadata import SandboxCreateMetadata
from .sandbox_create_secrets import SandboxCreateSecrets
from .sandbox_metadata import SandboxMetadata
from .sandbox_services import SandboxServices
from .sandbox_spec import SandboxSpec
from .sandbox_trace import SandboxTrace
from .sandbox_trace_metrics import SandboxTraceMetrics
from .scenario_result import ScenarioResult
from .scenario_result_page import ScenarioResultPage
from .scenario_result_parameters import ScenarioResultParameters
from .score_experiment_request import ScoreExperimentRequest
from .score_result import ScoreResult
from .score_result_page import ScoreResultPage
from .score_rule import ScoreRule
from .score_rule_config import ScoreRuleConfig
from .score_rule_create import ScoreRuleCreate
from .score_rule_create_config import ScoreRuleCreateConfig
from .scoring_accepted import ScoringAccepted
from .service_info import ServiceInfo
from .state_diff import StateDiff
from .state_snapshot import StateSnapshot
from .state_snapshot_files import StateSnapshotFiles
from .tool_metric import ToolMetric
from .trace_batch import TraceBatch
from .trace_event import TraceEvent
from .trace_event_metadata import TraceEventMetadata
from .trace_event_page import TraceEventPage
from .trace_ingest_result import TraceIngestResult
from .trace_tree import TraceTree
from .write_file_request import WriteFileRequest

__all__ = (
    "AddRecordsRequest",
    "AgentAuth",
    "AgentAuthEgress",
    "AgentSnapshot",
    "AgentSnapshotPage",
    "AgentUpload",
    "AgentUploadMetadata",
    "AlertRule",
    "AlertRuleCreate",
    "CommandResult",
    "CompareRequest",
    "Comparison",
    "ConfigFile",
    "CostDataPoint",
    "CostInfo",
    "DatasetCreate",
    "DatasetInfo",
    "DatasetRecord",
    "DatasetRecordMetadata",
    "Error",
    "Experiment",
    "ExperimentBundle",
    "ExperimentCreate",
    "ExperimentCreateSecrets",
    "ExperimentMetrics",
    "ExperimentMetricsToolBreakdown",
    "FileState",
    "ForbiddenCheckResult",
    "HealthStatus",
    "InvariantResult",
    "JudgeChoice",
    "JudgeCompletion",
    "JudgeCompletionRequest",
    "JudgeMessage",
    "JudgeUsage",
    "MetricComparison",
    "MetricsSummary",
    "PassRateDataPoint",
    "Prompt",
    "PromptCreate",
    "PromptCreateMetadata",
    "PromptCreateVariables",
    "PromptMetadata",
    "PromptVariables",
    "RecordsAdded",
    "RenderedPrompt",
    "RenderPromptRequest",
    "RenderPromptRequestVariables",
    "Reproducer",
    "ReproducerParameters",
    "RunCommandRequest",
    "RunMetrics",
    "RunResults",
    "Sandbox",
    "SandboxCreate",
    "SandboxCreateMetadata",
    "SandboxCreateSecrets",
    "SandboxMetadata",
    "SandboxServices",
    "SandboxSpec",
    "SandboxTrace",
    "SandboxTraceMetrics",
    "ScenarioResult",
    "ScenarioResultPage",
    "ScenarioResultParameters",
    "ScoreExperimentRequest",
    "ScoreResult",
    "ScoreResultPage",
    "ScoreRule",
    "ScoreRuleConfig",
    "ScoreRuleCreate",
    "ScoreRuleCreateConfig",
    "ScoringAccepted",
    "ServiceInfo",
    "StateDiff",
    "StateSnapshot",
    "StateSnapshotFiles",
    "ToolMetric",
    "TraceBatch",
    "TraceEvent",
    "TraceEventMetadata",
    "TraceEventPage",
    "TraceIngestResult",
    "TraceTree",
    "WriteFileRequest",
)
