"""Written by tools.regen from specs/kneo/openapi.json; do not edit.

ACCEPT maps each operation module under api/ to the media types its success responses
are declared with (the request's ``Accept`` header)."""

ACCEPT: dict[str, str] = {
    "list_audit_events_v1_audit_events_get": "application/json",
    "healthz_v1_healthz_get": "application/json",
    "livez_v1_livez_get": "application/json",
    "readyz_v1_readyz_get": "application/json",
    "get_human_task_v1_human_tasks_continuation_id_get": "application/json",
    "list_human_tasks_v1_human_tasks_get": "application/json",
    "resume_human_task_v1_human_tasks_continuation_id_resume_post": "application/json",
    "get_environment_policy_v1_policies_environment_environment_get": "application/json",
    "list_environment_policies_v1_policies_environment_get": "application/json",
    "put_environment_policy_v1_policies_environment_environment_put": "application/json",
    "cancel_run_v1_runs_run_id_cancel_post": "application/json",
    "continue_run_v1_runs_run_id_continue_post": "application/json",
    "create_run_v1_runs_post": "application/json",
    "diff_checkpoints_v1_runs_run_id_checkpoints_diff_get": "application/json",
    "get_recovery_context_v1_runs_run_id_recovery_get": "application/json",
    "get_replay_view_v1_runs_run_id_replay_get": "application/json",
    "get_run_policy_report_v1_runs_run_id_policy_report_get": "application/json",
    "get_run_v1_runs_run_id_get": "application/json",
    "get_trace_v1_runs_run_id_trace_get": "application/json",
    "list_checkpoints_v1_runs_run_id_checkpoints_get": "application/json",
    "list_runs_v1_runs_get": "application/json",
    "credential_inventory_v1_security_credentials_get": "application/json",
    "compile_spec_v1_specs_compile_post": "application/json",
    "explain_spec_v1_specs_explain_post": "application/json",
    "policy_report_spec_v1_specs_policy_report_post": "application/json",
    "run_spec_v1_specs_run_post": "application/json",
    "validate_spec_v1_specs_validate_post": "application/json",
}
