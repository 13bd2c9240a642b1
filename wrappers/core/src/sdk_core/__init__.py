"""The shared runtime of the generated-and-wrapped SDKs in this repository.

Everything here is service-agnostic and parameterised by a :class:`ServiceConfig`: retries with
backoff and ``Retry-After``, idempotency keys, request ids, error mapping, redaction, streamed
multipart uploads, JSON-lines streams, deadlines for polling, and cursor pagination. Decisions
are made without I/O (``call_flow``, ``RetryPolicy``, ``Deadline``) and driven by thin sync and
async loops (:class:`HttpCore`, :class:`AsyncHttpCore`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The lazy-export helper itself is the only module loaded eagerly: `import gnosys` needs little of
# the core, and each name's module is imported on first use.
from sdk_core._lazy import lazy_exports

if TYPE_CHECKING:
    from sdk_core._arguments import Arguments, omit_none
    from sdk_core._client import AsyncClientBase, ClientBase
    from sdk_core._config import ApiKeyRule, ServiceConfig, resolve_api_key, resolve_base_url
    from sdk_core._errors import ErrorMap, SDKError, decode_body, parse_retry_after, status_class
    from sdk_core._flow import CallContext, CallEvent, CallListener, call_flow
    from sdk_core._http import AsyncEventStream, AsyncHttpCore, EventStream, HttpCore
    from sdk_core._jsonl import JsonLinesDecoder, JsonLinesError
    from sdk_core._lazy import lazy_exports
    from sdk_core._limits import MAX_SECONDS
    from sdk_core._multipart import MultipartBody, UploadFile
    from sdk_core._otel import HttpSpans, instrument_http
    from sdk_core._pagination import AsyncPager, CursorPaging, OffsetPaging, Page, Pager, Paging
    from sdk_core._plan import (
        CallOptions,
        JsonBody,
        RequestPlan,
        build_plan,
        build_raw_plan,
        check_header_value,
        check_idempotency_key,
        check_path_segment,
    )
    from sdk_core._polling import Deadline, Done, Pending, PollSchedule
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
    "HttpSpans",
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
    "build_raw_plan",
    "call_flow",
    "check_header_value",
    "check_idempotency_key",
    "check_path_segment",
    "decode_body",
    "instrument_http",
    "json_adapter",
    "json_parser",
    "lazy_exports",
    "omit_none",
    "parse_retry_after",
    "status_class",
    "resolve_api_key",
    "resolve_base_url",
]

_SOURCES = {
    "ApiKeyRule": "sdk_core._config",
    "Arguments": "sdk_core._arguments",
    "AsyncClientBase": "sdk_core._client",
    "AsyncEventStream": "sdk_core._http",
    "AsyncHttpCore": "sdk_core._http",
    "AsyncPager": "sdk_core._pagination",
    "CallContext": "sdk_core._flow",
    "CallEvent": "sdk_core._flow",
    "CallListener": "sdk_core._flow",
    "CallOptions": "sdk_core._plan",
    "ClientBase": "sdk_core._client",
    "CursorPaging": "sdk_core._pagination",
    "Deadline": "sdk_core._polling",
    "Defaults": "sdk_core._settings",
    "Done": "sdk_core._polling",
    "Environment": "sdk_core._settings",
    "ErrorMap": "sdk_core._errors",
    "EventStream": "sdk_core._http",
    "Explicit": "sdk_core._settings",
    "Found": "sdk_core._settings",
    "HttpCore": "sdk_core._http",
    "HttpSpans": "sdk_core._otel",
    "JsonBody": "sdk_core._plan",
    "JsonLinesDecoder": "sdk_core._jsonl",
    "JsonLinesError": "sdk_core._jsonl",
    "MAX_SECONDS": "sdk_core._limits",
    "MultipartBody": "sdk_core._multipart",
    "OffsetPaging": "sdk_core._pagination",
    "Page": "sdk_core._pagination",
    "Pager": "sdk_core._pagination",
    "Paging": "sdk_core._pagination",
    "Pending": "sdk_core._polling",
    "PollSchedule": "sdk_core._polling",
    "ProfileFile": "sdk_core._settings",
    "Redactor": "sdk_core._secrets",
    "RequestPlan": "sdk_core._plan",
    "Resource": "sdk_core._resources",
    "RetryPolicy": "sdk_core._retry",
    "SDKError": "sdk_core._errors",
    "STRICT_MODEL_CONFIG": "sdk_core._schema",
    "Secret": "sdk_core._secrets",
    "ServiceConfig": "sdk_core._config",
    "SettingsChain": "sdk_core._settings",
    "SettingsError": "sdk_core._settings",
    "SettingsSource": "sdk_core._settings",
    "UploadFile": "sdk_core._multipart",
    "build_plan": "sdk_core._plan",
    "build_raw_plan": "sdk_core._plan",
    "call_flow": "sdk_core._flow",
    "check_header_value": "sdk_core._plan",
    "check_idempotency_key": "sdk_core._plan",
    "check_path_segment": "sdk_core._plan",
    "decode_body": "sdk_core._errors",
    "json_adapter": "sdk_core._schema",
    "instrument_http": "sdk_core._otel",
    "json_parser": "sdk_core._schema",
    "lazy_exports": "sdk_core._lazy",
    "omit_none": "sdk_core._arguments",
    "parse_retry_after": "sdk_core._errors",
    "status_class": "sdk_core._errors",
    "resolve_api_key": "sdk_core._config",
    "resolve_base_url": "sdk_core._config",
}

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
