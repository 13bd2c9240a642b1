"""ASG Gateway's settings for the shared core, and the checks made before any request."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sdk_core import ApiKeyRule, Arguments, ErrorMap, RetryPolicy, ServiceConfig

from asg_gateway._exceptions import (
    ASGAuthError,
    ASGBadRequestError,
    ASGConflictError,
    ASGConnectionError,
    ASGGatewayError,
    ASGGatewayHTTPError,
    ASGMalformedResponseError,
    ASGNotFoundError,
    ASGQuotaError,
    ASGRateLimitError,
    ASGServerError,
    ASGTimeoutError,
    ASGValidationError,
)
from asg_gateway._version import __version__

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "CHECK",
    "CONFIG",
    "DEFAULT_BASE_URL",
    "credentials_payload",
    "label_spec_payload",
    "task_payload",
]

DEFAULT_BASE_URL = "https://api.asgrefinery.io"
API_KEY_ENV = "ASG_API_KEY"
BASE_URL_ENV = "ASG_BASE_URL"
_KEY_SHAPE = r"sk_(?:sandbox|live)_[A-Za-z0-9_\-]+"
# Credential shapes that must never be printed even if a server quotes them back.
_AWS_ACCESS_KEY_ID = r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"
_PRIVATE_KEY_PEM = r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"

CONFIG = ServiceConfig(
    name="asg_gateway",
    user_agent=f"asg-gateway-python/{__version__}",
    errors=ErrorMap(
        base=ASGGatewayError,
        connection=ASGConnectionError,
        timeout=ASGTimeoutError,
        decode=ASGMalformedResponseError,
        by_status={
            400: ASGBadRequestError,
            401: ASGAuthError,
            403: ASGQuotaError,
            404: ASGNotFoundError,
            409: ASGConflictError,
            422: ASGBadRequestError,
            429: ASGRateLimitError,
        },
        server=ASGServerError,
        # Every 4xx / 5xx is an ASGGatewayHTTPError, whatever its status.
        client=ASGGatewayHTTPError,
        invalid_argument=ASGValidationError,
        invalid_credentials=ASGAuthError,
    ),
    # The reference asks callers to back off on 429 and 5xx: the SDK now does it for them.
    retry=RetryPolicy(max_retries=3, statuses=frozenset({429, 500, 502, 503, 504})),
    secret_patterns=(_KEY_SHAPE, _AWS_ACCESS_KEY_ID, _PRIVATE_KEY_PEM),
    api_key=ApiKeyRule(
        env=API_KEY_ENV,
        pattern=_KEY_SHAPE,
        shape="sk_sandbox_... or sk_live_... (letters, digits, _ or -)",
    ),
    default_base_url=DEFAULT_BASE_URL,
    # The reference page documents no variable; the SDKs all have one, for pointing at a fake.
    base_url_env=BASE_URL_ENV,
)

CHECK = Arguments(CONFIG)
MAX_CONSENSUS_THRESHOLD = 25
MAX_BATCH_TASKS = 1000
_TASK_FIELDS = frozenset(
    {"task_type", "data_url", "label_spec", "consensus_threshold", "callback_url"}
)
_S3_FIELDS = frozenset({"access_key_id", "secret_access_key", "region", "session_token"})
_S3_REQUIRED = ("access_key_id", "secret_access_key")


def label_spec_payload(label_spec: object, name: str = "label_spec") -> dict[str, Any]:
    """A copy of ``label_spec`` once it has a question and at least two distinct options."""
    spec = CHECK.mapping(name, label_spec)
    CHECK.text(f"{name}['question']", spec.get("question"))
    options = spec.get("options")
    if (
        isinstance(options, str)
        or not isinstance(options, Sequence)
        or len(options) < 2
        or not all(isinstance(o, str) and o for o in options)
        or len(set(options)) != len(options)
    ):
        CHECK.fail(f"{name}['options'] must be a list of at least two distinct non-empty strings")
    spec["options"] = list(options)
    return spec


def task_payload(
    *,
    task_type: object,
    data_url: object,
    label_spec: object,
    consensus_threshold: object = 3,
    callback_url: object = None,
    where: str = "",
) -> dict[str, Any]:
    """The REST body of one task, checked field by field (``where`` prefixes field names)."""
    payload: dict[str, Any] = {
        "task_type": CHECK.text(f"{where}task_type", task_type),
        "data_url": uri(f"{where}data_url", data_url),
        "label_spec": label_spec_payload(label_spec, f"{where}label_spec"),
        "consensus_threshold": CHECK.int_between(
            f"{where}consensus_threshold", consensus_threshold, 1, MAX_CONSENSUS_THRESHOLD
        ),
    }
    if callback_url is not None:
        payload["callback_url"] = CHECK.url(f"{where}callback_url", callback_url)
    return payload


def batch_payload(tasks: object, callback_url: str | None) -> dict[str, Any]:
    """The REST body of a batch: each task as the REST API takes it (``tasks[i]`` in errors)."""
    if isinstance(tasks, str | bytes | Mapping) or not isinstance(tasks, Sequence):
        CHECK.fail("tasks must be a list of task dicts")
    if not 1 <= len(tasks) <= MAX_BATCH_TASKS:
        CHECK.fail(f"tasks must hold 1 to {MAX_BATCH_TASKS} tasks, got {len(tasks)}")
    bodies = []
    for index, task in enumerate(tasks):
        where = f"tasks[{index}]"
        fields = CHECK.mapping(where, task)
        unknown = sorted(set(fields) - _TASK_FIELDS)
        if unknown:
            CHECK.fail(f"{where} has unknown fields {unknown}; known: {sorted(_TASK_FIELDS)}")
        bodies.append(
            task_payload(
                task_type=fields.get("task_type"),
                data_url=fields.get("data_url"),
                label_spec=fields.get("label_spec"),
                consensus_threshold=fields.get("consensus_threshold", 3),
                callback_url=fields.get("callback_url"),
                where=f"{where}.",
            )
        )
    payload: dict[str, Any] = {"tasks": bodies}
    if callback_url is not None:
        payload["callback_url"] = CHECK.url("callback_url", callback_url)
    return payload


def uri(name: str, value: object) -> str:
    """``value`` if it is an absolute URI (``scheme:...``), as the spec's ``format: uri`` says."""
    text = CHECK.text(name, value)
    scheme, sep, rest = text.partition(":")
    if (
        not sep
        or not rest
        or not scheme[:1].isalpha()
        or not all(c.isalnum() or c in "+-." for c in scheme)
        or any(c.isspace() or not c.isprintable() for c in text)
    ):
        CHECK.fail(f"{name} must be an absolute URL such as https://..., got {CHECK.preview(text)}")
    return text


def credentials_payload(manifest_url: str, credentials: object) -> tuple[dict[str, str], list[str]]:
    """The ``credentials`` body for a manifest's scheme, and the secret values it contains.

    ``s3://`` manifests take AWS keys (``access_key_id``, ``secret_access_key``, optional
    ``region`` and ``session_token``); ``gs://`` manifests take ``service_account_json`` (the
    key file's text, or its parsed dict). Messages name fields, never their values.
    """
    fields = CHECK.mapping("credentials", credentials)
    if manifest_url.startswith("s3://"):
        unknown = sorted(set(fields) - _S3_FIELDS)
        if unknown:
            CHECK.fail(
                f"credentials for an s3:// manifest take {sorted(_S3_FIELDS)}; got unknown "
                f"fields {unknown}"
            )
        for field in _S3_REQUIRED:
            if field not in fields:
                CHECK.fail(f"credentials for an s3:// manifest need {field!r}")
        for field, value in fields.items():
            if not isinstance(value, str) or not value:
                CHECK.fail(f"credentials[{field!r}] must be a non-empty string")
        return fields, [v for k, v in fields.items() if k != "region"]
    unknown = sorted(set(fields) - {"service_account_json"})
    if unknown or "service_account_json" not in fields:
        CHECK.fail(
            "credentials for a gs:// manifest take exactly 'service_account_json' "
            f"(the service account key file's text); got fields {sorted(fields)}"
        )
    account = fields["service_account_json"]
    if isinstance(account, Mapping):
        account = json.dumps(dict(account))
    if not isinstance(account, str) or len(account) < 2:
        CHECK.fail("credentials['service_account_json'] must be the key file's JSON text")
    return {"service_account_json": account}, [account, *_embedded_secrets(account)]


def _embedded_secrets(account_json: str) -> list[str]:
    # A server could quote one field of the key file rather than the whole text.
    try:
        parsed = json.loads(account_json)
    except ValueError:
        return []
    if not isinstance(parsed, dict):
        return []
    return [
        value
        for key in ("private_key", "private_key_id")
        if isinstance(value := parsed.get(key), str) and value
    ]
