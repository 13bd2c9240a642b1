"""The ASG Gateway Python SDK (``pip install asg-gateway``, ``import asg_gateway``).

``ASGGatewayClient`` and ``AsyncASGGatewayClient`` expose identical methods::

    from asg_gateway import ASGGatewayClient

    client = ASGGatewayClient(api_key=os.environ["ASG_API_KEY"])
    resp = client.submit_task(task_type="image_classification", data_url=url,
                              label_spec={"question": "Animal?", "options": ["cat", "dog"]})
    result = client.poll_result(resp["task_id"], timeout=300, interval=5)

Names are imported on first use, so ``import asg_gateway`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

from asg_gateway._exceptions import (
    ASGAuthError,
    ASGBadRequestError,
    ASGConflictError,
    ASGConnectionError,
    ASGGatewayError,
    ASGGatewayHTTPError,
    ASGMalformedResponseError,
    ASGNotFoundError,
    ASGPollTimeoutError,
    ASGQuotaError,
    ASGRateLimitError,
    ASGResultPendingError,
    ASGServerError,
    ASGTimeoutError,
    ASGValidationError,
)
from asg_gateway._version import __version__

if TYPE_CHECKING:
    from sdk_core import RetryPolicy, instrument_http

    from asg_gateway._async.client import AsyncASGGatewayClient
    from asg_gateway._sync.client import ASGGatewayClient
    from asg_gateway.models import (
        BatchCreated,
        GCSCredentials,
        Job,
        LabelSpec,
        S3Credentials,
        Settlement,
        Task,
        TaskCreated,
        TaskPending,
        TaskResult,
        TaskSpec,
        Vote,
        Webhook,
    )

__all__ = [
    "ASGAuthError",
    "ASGBadRequestError",
    "ASGConflictError",
    "ASGConnectionError",
    "ASGGatewayClient",
    "ASGGatewayError",
    "ASGGatewayHTTPError",
    "ASGMalformedResponseError",
    "ASGNotFoundError",
    "ASGPollTimeoutError",
    "ASGQuotaError",
    "ASGRateLimitError",
    "ASGResultPendingError",
    "ASGServerError",
    "ASGTimeoutError",
    "ASGValidationError",
    "AsyncASGGatewayClient",
    "BatchCreated",
    "GCSCredentials",
    "Job",
    "LabelSpec",
    "RetryPolicy",
    "S3Credentials",
    "Settlement",
    "Task",
    "TaskCreated",
    "TaskPending",
    "TaskResult",
    "TaskSpec",
    "Vote",
    "Webhook",
    "__version__",
    "instrument_http",
]

_LAZY = {
    "ASGGatewayClient": "asg_gateway._sync.client",
    "AsyncASGGatewayClient": "asg_gateway._async.client",
    "RetryPolicy": "sdk_core",
    # Opt-in OpenTelemetry spans for this client's HTTP calls.
    "instrument_http": "sdk_core",
    **dict.fromkeys(
        [
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
        ],
        "asg_gateway.models",
    ),
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
