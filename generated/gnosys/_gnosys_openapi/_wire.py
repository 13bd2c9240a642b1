"""Written by tools.regen from specs/gnosys/openapi.json; do not edit.

ACCEPT maps each operation module under api/ to the media types its success responses
are declared with (the request's ``Accept`` header)."""

ACCEPT: dict[str, str] = {
    "list_api_keys": "application/json",
    "revoke_api_key": "application/json",
    "delete_dataset": "application/json",
    "get_dataset": "application/json",
    "list_datasets": "application/json",
    "upload_dataset": "application/json",
    "list_correlations": "application/json",
    "list_findings": "application/json",
    "create_run": "application/json",
    "get_run": "application/json",
    "get_run_iterations": "application/json",
    "get_run_model_card": "text/html",
    "get_run_progress": "application/jsonl",
    "list_runs": "application/json",
    "package_run_submission": "application/octet-stream, application/json",
    "predict_run": "application/json",
    "get_status": "application/json",
}
