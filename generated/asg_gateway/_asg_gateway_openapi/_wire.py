"""Written by tools.regen from specs/asg_gateway/openapi.json; do not edit.

ACCEPT maps each operation module under api/ to the media types its success responses
are declared with (the request's ``Accept`` header)."""

ACCEPT: dict[str, str] = {
    "get_job": "application/json",
    "submit_job": "application/json",
    "get_task": "application/json",
    "get_task_result": "application/json",
    "submit_batch": "application/json",
    "submit_task": "application/json",
    "delete_webhook": "application/json",
    "list_webhooks": "application/json",
    "register_webhook": "application/json",
}
