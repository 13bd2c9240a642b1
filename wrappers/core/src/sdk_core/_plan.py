"""One call's request, decided once and never changed: :class:`RequestPlan` and how it is built.

A wrapper method names a generated operation module and passes its arguments;
:func:`build_plan` asks the module's ``_get_kwargs`` for the method, path, query and body (so no
path or parameter name is typed again in a wrapper), checks everything a caller can get wrong
before anything is sent, serialises a JSON body exactly once, and freezes the result. Retries
resend the same plan.
"""

from __future__ import annotations

import importlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

import httpx

from sdk_core._config import ServiceConfig, preview

if TYPE_CHECKING:
    from sdk_core._multipart import MultipartBody

__all__ = [
    "MAX_IDEMPOTENCY_KEY_LENGTH",
    "CallOptions",
    "JsonBody",
    "RequestPlan",
    "build_plan",
    "build_raw_plan",
    "check_header_value",
    "check_idempotency_key",
    "check_path_segment",
    "check_text",
]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_IDEMPOTENCY_KEY_LENGTH = 256
_MAX_PATH_SEGMENT = 1024
# Longer query values than this fail inside httpx (and at most servers, 414).
_MAX_QUERY_VALUE = 8192
_MAX_QUERY = 32768
_MAX_JSON_DEPTH = 200
# Visible ASCII: what every gateway and cache passes through unchanged in a header.
_IDEMPOTENCY_KEY = re.compile(rf"[\x21-\x7e]{{1,{MAX_IDEMPOTENCY_KEY_LENGTH}}}")
# Header values: visible ASCII, spaces and tabs; never CR/LF/NUL (header injection).
_HEADER_VALUE = re.compile(r"[\x20-\x7e\t]*")
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NO_OPTIONS: Mapping[str, str] = MappingProxyType({})


def _fail(config: ServiceConfig, message: str) -> Exception:
    return config.errors.argument_error(message)


def _encodable(value: str) -> bool:
    # Lone surrogates ("\ud800") cannot be encoded as UTF-8: httpx would raise deep inside.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(config: ServiceConfig, name: str, value: object, *, blank_ok: bool = False) -> str:
    """``value`` if it is a string that can go on the wire (UTF-8; not blank unless allowed)."""
    from sdk_core._arguments import describe

    if not isinstance(value, str):
        wanted = "a string" if blank_ok else "a non-empty string"
        raise _fail(config, f"{name} must be {wanted}, got {describe(value)}")
    if not blank_ok and not value.strip():
        raise _fail(config, f"{name} must be a non-empty string, got {describe(value)}")
    if not _encodable(value):
        raise _fail(config, f"{name} contains characters that cannot be encoded (lone surrogates)")
    return value


def check_path_segment(config: ServiceConfig, name: str, value: object) -> str:
    """``value`` if it is safe as one path segment: a resource id that cannot change the endpoint.

    The generated code percent-encodes ``/``, ``?``, ``#`` and ``%``, but ``.`` and ``..`` survive
    quoting and are removed as dot segments (``runs.get("..")`` would call another endpoint), and
    control characters or lone surrogates fail deep inside httpx.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _fail(config, f"{name} must be a string id, got {type(value).__name__}")
    text = check_text(config, name, str(value))
    if text in {".", ".."}:
        raise _fail(config, f"{name} cannot be {text!r}: it would change which endpoint is called")
    if _CONTROL.search(text):
        raise _fail(config, f"{name} must not contain control characters")
    if len(text) > _MAX_PATH_SEGMENT:
        raise _fail(config, f"{name} is longer than {_MAX_PATH_SEGMENT} characters")
    return text


def check_idempotency_key(config: ServiceConfig, value: object) -> str | None:
    """``value`` if None or a usable idempotency key: 1 to 256 visible ASCII characters."""
    if value is None:
        return None
    if not isinstance(value, str) or not _IDEMPOTENCY_KEY.fullmatch(value):
        raise _fail(
            config,
            f"idempotency_key must be 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters "
            "(no spaces or control characters)",
        )
    return value


def check_header_value(config: ServiceConfig, name: object, value: object) -> tuple[str, str]:
    """``(name, value)`` if both can be sent as a header without injecting another one."""
    if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
        shown = preview(name) if isinstance(name, str) else f"a {type(name).__name__}"
        raise _fail(config, f"extra_headers: header name {shown} is not a valid HTTP token")
    if not isinstance(value, str) or not _HEADER_VALUE.fullmatch(value):
        # Never quote the value: extra headers often carry credentials.
        raise _fail(
            config, f"extra_headers[{preview(name)}] must be a string of visible ASCII characters"
        )
    return name, value


@dataclass(frozen=True, slots=True)
class CallOptions:
    """Per-call settings a caller may give any request (all optional).

    Attributes:
        timeout: seconds (or an ``httpx.Timeout``) for this call's attempts instead of the
            client's.
        extra_headers: headers added to this call (the SDK's own auth, request-id and
            idempotency headers still win).
        idempotency_key: the key sent with a POST (default: a fresh one per call, reused on
            every retry).

    """

    timeout: httpx.Timeout | None = None
    extra_headers: Mapping[str, str] = field(default_factory=lambda: _NO_OPTIONS)
    idempotency_key: str | None = None


class JsonBody:
    """A request body that is already plain JSON data, handed to a generated ``_get_kwargs``.

    Generated operations call ``body.to_dict()``; giving them the caller's checked dict through
    this object sends it as is, instead of converting it to the generated attrs model and back
    (a round trip that validates nothing and costs time on every call).
    """

    __slots__ = ("_data", "name")

    def __init__(self, data: Mapping[str, Any], name: str | None = None) -> None:
        self._data = data
        #: The argument the caller passed the body as (named in errors about its content).
        self.name = name

    def to_dict(self) -> Mapping[str, Any]:
        """The JSON object to send."""
        return self._data


@dataclass(frozen=True, slots=True)
class RequestPlan:
    """Everything needed to make one call, whatever the number of attempts it takes.

    Immutable: built once by :func:`build_plan` (or directly, in tests) and sent as is on every
    attempt; derive variants with :meth:`evolve`. ``secrets`` are values this call sends in its
    body (webhook secrets, storage credentials): they are masked in its exceptions even if the
    server quotes them back. ``content`` is the serialised body (``json`` is for plans built by
    hand; :func:`build_plan` always serialises). ``deadline`` is a ``time.monotonic()`` instant
    after which no attempt starts and no retry is scheduled (a poller's total budget).
    """

    method: str
    url: str
    params: Mapping[str, Any] | None = None
    content: bytes | None = field(default=None, repr=False)
    json: Any = field(default=None, repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    body: MultipartBody | None = field(default=None, repr=False)
    stream: bool = False
    ok_statuses: frozenset[int] | None = None
    timeout: httpx.Timeout | None = None
    idempotency_key: str | None = None
    secrets: tuple[str, ...] = field(default=(), repr=False)
    deadline: float | None = None
    operation: str = ""

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot act twice."""
        return self.method in _IDEMPOTENT_METHODS or self.idempotency_key is not None

    @property
    def replayable(self) -> bool:
        """Whether the body can be sent again on a retry."""
        return self.body is None or self.body.replayable

    def evolve(self, **changes: Any) -> RequestPlan:
        """A copy with some fields changed (the plan itself never changes)."""
        return replace(self, **changes)


_WIRE_TABLES: dict[str, Mapping[str, str]] = {}


def _accept_for(operation: ModuleType) -> str | None:
    """The ``Accept`` value the pinned spec declares for ``operation`` (see tools/regen)."""
    package, _, module = operation.__name__.partition(".api.")
    table = _WIRE_TABLES.get(package)
    if table is None:
        try:
            table = importlib.import_module(f"{package}._wire").ACCEPT
        except (ImportError, AttributeError):
            table = {}
        _WIRE_TABLES[package] = table
    return table.get(module.rpartition(".")[2])


def _positional_names(operation: ModuleType) -> Sequence[str]:
    code = operation._get_kwargs.__code__
    names: tuple[str, ...] = code.co_varnames[: code.co_argcount]
    return names


def _where(path: Sequence[str | int]) -> str:
    """``strategist['x']`` / ``tasks[0]['label_spec']``: where in a body a value is."""
    if not path:
        return "the request body"
    head, *rest = path
    # Top-level keys are the arguments' names; deeper ones are the caller's (cut short).
    text = str(head) if isinstance(head, str) and head.isidentifier() else f"body[{head!r:.40}]"
    return text + "".join(f"[{key!r:.40}]" for key in rest)


def _unjsonable(value: Any, path: tuple[str | int, ...], seen: frozenset[int]) -> str | None:
    """Where in ``value`` (and why) it cannot be strict JSON, or None."""
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return f"{_where(path)} is NaN or an infinite number, which JSON cannot carry"
    if isinstance(value, str):
        if _encodable(value):
            return None
        return f"{_where(path)} holds text that cannot be encoded (lone surrogates)"
    if not isinstance(value, dict | list | tuple):  # what json.dumps takes (not any Mapping)
        return (
            f"{_where(path)} is of type {type(value).__name__}, which is not JSON (only dicts, "
            "lists, str, int, float, bool and None)"
        )
    if id(value) in seen:
        return f"{_where(path)} refers to itself"
    if len(path) > _MAX_JSON_DEPTH:
        return f"{_where(path)} is nested too deeply"
    inner = seen | {id(value)}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(value, dict) and (
            not isinstance(key, str | int | float | bool | None)
            or (isinstance(key, float) and not math.isfinite(key))
            or (isinstance(key, str) and not _encodable(key))
        ):
            return f"{_where(path)} has a key JSON cannot carry (keys are strings)"
        found = _unjsonable(item, (*path, key), inner)
        if found:
            return found
    return None


def _json_bytes(config: ServiceConfig, value: Any, argument: str | None = None) -> bytes:
    # Serialised once, here, so a NaN, a lone surrogate or an object JSON cannot hold is the
    # caller's typed error before sending (httpx would raise ValueError / UnicodeEncodeError).
    # Only a failure walks the body, to name where the bad value is (never what it is).
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
            "utf-8"
        )
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        try:
            where = _unjsonable(value, (), frozenset())
        except RecursionError:
            where = None
        message = where or "the request body cannot be sent as JSON"
        raise _fail(config, f"{argument}: {message}" if argument else message) from None


def _check_params(
    config: ServiceConfig, params: Mapping[str, Any], argument: str | None = None
) -> None:
    total = 0
    for key, value in params.items():
        # A raw request's query is one argument (``params``): its entries are named inside it.
        name = f"{argument}[{preview(str(key))}]" if argument else key
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str):
                check_text(config, name, item, blank_ok=True)
                if len(item) > _MAX_QUERY_VALUE:
                    raise _fail(
                        config,
                        f"{name} is longer than {_MAX_QUERY_VALUE} characters, too long for a URL",
                    )
                total += len(name) + len(item) + 2
            elif isinstance(item, float) and not math.isfinite(item):
                raise _fail(config, f"{name} must be a finite number")
    if total > _MAX_QUERY:
        names = ", ".join(params)
        raise _fail(config, f"the query ({names}) is longer than {_MAX_QUERY} characters")


def build_plan(
    config: ServiceConfig,
    operation: ModuleType,
    /,
    *args: Any,
    options: CallOptions | None = None,
    stream: bool = False,
    ok_statuses: frozenset[int] | None = None,
    secrets: Sequence[str] = (),
    deadline: float | None = None,
    **params: Any,
) -> RequestPlan:
    """The plan for calling generated ``operation`` with path arguments ``args`` and ``params``.

    Path arguments are checked as path segments (named after the generated parameters);
    ``params`` that are None are left out (the generated ``UNSET``); a mapping passed as
    ``body`` is sent as is (see :class:`JsonBody`). Raises the service's argument error for
    anything that cannot be sent.
    """
    names = _positional_names(operation)
    checked = [
        check_path_segment(config, names[i] if i < len(names) else "id", value)
        for i, value in enumerate(args)
    ]
    body = params.get("body")
    if isinstance(body, Mapping):
        params["body"] = body = JsonBody(body)
    argument = body.name if isinstance(body, JsonBody) else None
    kwargs = operation._get_kwargs(*checked, **{k: v for k, v in params.items() if v is not None})
    options = options or CallOptions()
    headers = {str(k): str(v) for k, v in kwargs.get("headers", {}).items()}
    # The generated code sends the idempotency key as a header parameter; the core owns it.
    if config.idempotency_header:
        headers.pop(config.idempotency_header, None)
    for name, value in options.extra_headers.items():
        key, text = check_header_value(config, name, value)
        headers[key] = text
    accept = _accept_for(operation)
    if accept:
        headers["Accept"] = accept
    multipart = None
    content = None
    if "files" in kwargs:
        # The generator pins a fixed boundary ("+++"); ours is random per body.
        headers.pop("Content-Type", None)
        from sdk_core._multipart import MultipartBody  # uploads only

        multipart = MultipartBody(kwargs["files"])
    elif "json" in kwargs:
        content = _json_bytes(config, kwargs["json"], argument)
        headers["Content-Type"] = "application/json"
    elif "content" in kwargs:
        content = kwargs["content"]
    query = kwargs.get("params") or None
    if query:
        _check_params(config, query)
    return RequestPlan(
        method=str(kwargs["method"]).upper(),
        url=str(kwargs["url"]),
        params=query,
        content=content,
        headers=headers,
        body=multipart,
        stream=stream,
        ok_statuses=ok_statuses,
        timeout=options.timeout,
        idempotency_key=check_idempotency_key(config, options.idempotency_key),
        secrets=tuple(secrets),
        deadline=deadline,
        operation=operation.__name__.rpartition(".")[2],
    )


# What a raw request may use: the methods HTTP APIs define (an arbitrary token is a typo).
_RAW_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
_MAX_RAW_PATH = 4096
_MAX_REQUEST_ID = 200
_REQUEST_ID = re.compile(rf"[\x21-\x7e]{{1,{_MAX_REQUEST_ID}}}")


def build_raw_plan(
    config: ServiceConfig,
    method: str,
    path: str,
    *,
    json: Any = None,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    idempotency_key: str | None = None,
    request_id: str | None = None,
    stream: bool = False,
    timeout: httpx.Timeout | None = None,
) -> RequestPlan:
    """The plan for a request named by method and path (a service's public raw transport).

    The same checks as :func:`build_plan`: the path must be absolute with no dot segments,
    query or fragment (query values go in ``params``), JSON is serialised once and strictly,
    parameters and headers are checked. Headers the SDK manages — the credential, the request
    id and the idempotency key — are dropped from ``headers`` whatever their case, so a
    caller's ``x-request-id`` never travels beside the SDK's ``X-Request-Id``. The idempotency
    key is validated and sent on POST only.
    """
    verb = check_text(config, "method", method).upper()
    if verb not in _RAW_METHODS:
        raise _fail(config, f"method must be one of {', '.join(_RAW_METHODS)}")
    text = check_text(config, "path", path)
    if len(text) > _MAX_RAW_PATH:
        raise _fail(config, f"path is longer than {_MAX_RAW_PATH} characters, too long for a URL")
    segments = text.split("/")
    if not text.startswith("/") or "?" in text or "#" in text or _CONTROL.search(text):
        raise _fail(config, "path must start with / and hold no ?query, #fragment or controls")
    if any(segment in {".", ".."} for segment in segments):
        raise _fail(config, "path must not hold . or .. segments (they change the endpoint)")
    managed = {config.auth_header.lower(), config.request_id_header.lower()}
    if config.idempotency_header:
        managed.add(config.idempotency_header.lower())
    sent: dict[str, str] = {}
    for name, value in (headers or {}).items():
        key, checked = check_header_value(config, name, value)
        if key.lower() not in managed:
            sent[key] = checked
    if request_id is not None:
        if not isinstance(request_id, str) or not _REQUEST_ID.fullmatch(request_id):
            raise _fail(
                config, f"request_id must be 1 to {_MAX_REQUEST_ID} visible ASCII characters"
            )
        sent[config.request_id_header] = request_id
    if params:
        _check_params(config, params, "params")
    content = None
    if json is not None:
        content = _json_bytes(config, json, "json")
        sent.setdefault("Content-Type", "application/json")
    idempotency = check_idempotency_key(config, idempotency_key)
    return RequestPlan(
        method=verb,
        url=text,
        params=dict(params) if params else None,
        content=content,
        headers=sent,
        stream=stream,
        timeout=timeout,
        idempotency_key=idempotency if verb == "POST" else None,
    )
