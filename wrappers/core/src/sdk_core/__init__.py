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
from sdk_core._flow import CallContext, CallEvent, CallListener, call_flow
from sdk_core._http import AsyncEventStream, AsyncHttpCore, EventStream, HttpCore
from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError
from sdk_core._lazy import lazy_exports
from sdk_core._multipart import MultipartBody, UploadFile
from sdk_core._pagination import AsyncPager, CursorPaging, OffsetPaging, Page, Pager, Paging
from sdk_core._plan import (
    CallOptions,
    JsonBody,
    RequestPlan,
    build_plan,
    check_header_value,
    check_idempotency_key,
    check_path_segment,
)
from sdk_core._polling import MAX_SECONDS, Deadline, Done, Pending, PollSchedule
from sdk_core._resources import Resource
from sdk_core._retry import RetryPolicy
from sdk_core._schema import STRICT_MODEL_CONFIG, json_adapter, json_parser
from sdk_core._secrets import Redactor, Secret
from sdk_core._settings import (
    Defaults,
    Environment,
    Explicit,
    Found,
    ProfileFile,
    SettingsChain,
    SettingsError,
    SettingsSource,
)

__all__ = [
    "MAX_SECONDS",
    "STRICT_MODEL_CONFIG",
    "ApiKeyRule",
    "Arguments",
    "AsyncClientBase",
    "AsyncEventStream",
    "AsyncHttpCore",
    "AsyncPager",
    "CallContext",
    "CallEvent",
    "CallListener",
    "CallOptions",
    "ClientBase",
    "CursorPaging",
    "Deadline",
    "Defaults",
    "Done",
    "Environment",
    "ErrorMap",
    "EventStream",
    "Explicit",
    "Found",
    "HttpCore",
    "JsonBody",
    "JsonLinesDecoder",
    "JsonLinesError",
    "MultipartBody",
    "OffsetPaging",
    "Page",
    "Pager",
    "Paging",
    "Pending",
    "PollSchedule",
    "ProfileFile",
    "Redactor",
    "RequestPlan",
    "Resource",
    "RetryPolicy",
    "SDKError",
    "Secret",
    "ServiceConfig",
    "SettingsChain",
    "SettingsError",
    "SettingsSource",
    "UploadFile",
    "build_plan",
    "call_flow",
    "check_header_value",
    "check_idempotency_key",
    "check_path_segment",
    "decode_body",
    "json_adapter",
    "json_parser",
    "lazy_exports",
    "omit_none",
    "parse_retry_after",
    "resolve_api_key",
    "resolve_base_url",
]
