"""The Gnosys Python SDK (``pip install gnosyslabs``, ``import gnosys``).

``GnosysClient`` and ``AsyncGnosysClient`` expose identical methods::

    from gnosys import GnosysClient

    client = GnosysClient()                      # $GNOSYS_API_KEY
    ds = client.datasets.upload("train.csv", name="train", task="classification",
                                target_column="y")

Names are imported on first use, so ``import gnosys`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

from gnosys._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    GnosysError,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    QuotaExceededError,
    RateLimitError,
    ServerError,
    TimeoutError,
    ValidationError,
)
from gnosys._version import __version__

if TYPE_CHECKING:
    from sdk_core import RetryPolicy, instrument_http

    from gnosys._async.client import AsyncGnosysClient
    from gnosys._sync.client import GnosysClient
    from gnosys.models import (
        ApiKey,
        CorrelationMatch,
        Dataset,
        IterationOutcome,
        PredictResponse,
        ProgressEvent,
        Run,
        RunCreateResponse,
        RunIterations,
        ServiceStatus,
        Submission,
        ValidationFinding,
    )

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "ApiKey",
    "AsyncGnosysClient",
    "AuthenticationError",
    "ConflictError",
    "CorrelationMatch",
    "Dataset",
    "ForbiddenError",
    "GnosysClient",
    "GnosysError",
    "IterationOutcome",
    "MalformedResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PredictResponse",
    "ProgressEvent",
    "QuotaExceededError",
    "RateLimitError",
    "RetryPolicy",
    "Run",
    "RunCreateResponse",
    "RunIterations",
    "ServerError",
    "ServiceStatus",
    "Submission",
    "TimeoutError",
    "ValidationError",
    "ValidationFinding",
    "__version__",
    "instrument_http",
]

_LAZY = {
    "GnosysClient": "gnosys._sync.client",
    "AsyncGnosysClient": "gnosys._async.client",
    "RetryPolicy": "sdk_core",
    # Opt-in OpenTelemetry spans for this client's HTTP calls.
    "instrument_http": "sdk_core",
    **dict.fromkeys(
        [
            "ApiKey",
            "CorrelationMatch",
            "Dataset",
            "IterationOutcome",
            "PredictResponse",
            "ProgressEvent",
            "Run",
            "RunCreateResponse",
            "RunIterations",
            "ServiceStatus",
            "Submission",
            "ValidationFinding",
        ],
        "gnosys.models",
    ),
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
