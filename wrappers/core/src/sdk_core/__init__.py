"""The shared runtime of the generated-and-wrapped SDKs in this repository.

Everything here is service-agnostic and parameterised by a :class:`ServiceConfig`: retries with
backoff and ``Retry-After``, idempotency keys, request ids, error mapping, redaction, streamed
multipart uploads, JSON-lines streams, deadlines for polling, and cursor pagination. Decisions
are made without I/O (``call_flow``, ``RetryPolicy``, ``Deadline``) and driven by thin sync and
async loops (:class:`HttpCore`, :class:`AsyncHttpCore`).
"""

from sdk_core._arguments import Arguments, omit_none
from sdk_core._client import AsyncClientBase, ClientBase
from sdk_core._config import ApiKeyRule, ServiceConfig, resolve_api_key, resolve_base_url
from sdk_core._errors import ErrorMap, SDKError, decode_body, parse_retry_after
from sdk_core._flow import RequestPlan, call_flow
from sdk_core._http import AsyncEventStream, AsyncHttpCore, EventStream, HttpCore
from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError
from sdk_core._lazy import lazy_exports
from sdk_core._multipart import MultipartBody, UploadFile
from sdk_core._pagination import AsyncPager, Page, Pager
from sdk_core._polling import Deadline
from sdk_core._retry import RetryPolicy
from sdk_core._secrets import Redactor, Secret

__all__ = [
    "AsyncClientBase",
    "ClientBase",
    "ApiKeyRule",
    "Arguments",
    "AsyncEventStream",
    "AsyncHttpCore",
    "AsyncPager",
    "Deadline",
    "ErrorMap",
    "EventStream",
    "HttpCore",
    "JsonLinesDecoder",
    "JsonLinesError",
    "MultipartBody",
    "Page",
    "Pager",
    "Redactor",
    "RequestPlan",
    "RetryPolicy",
    "SDKError",
    "Secret",
    "ServiceConfig",
    "UploadFile",
    "call_flow",
    "decode_body",
    "lazy_exports",
    "omit_none",
    "parse_retry_after",
    "resolve_api_key",
    "resolve_base_url",
]
