"""The bad-input matrix's parts: hostile values, a recording transport, and the judge.

``tests/test_bad_input.py`` walks every public method and constructor of every SDK registered in
``tools.coverage.SERVICES``; this module says which values each parameter gets and decides
whether what a call did with one of them is acceptable:

(a) the SDK's own typed error, raised before anything is sent, naming the argument, short, and
    never quoting a secret; or
(b) exactly one request, to the spec operation the method reaches with valid arguments (same
    method, same path template, the id percent-encoded inside its one segment), with strict JSON.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from tools.coverage import Operation, aconsume, arguments_for, consume

__all__ = [
    "MARK",
    "Case",
    "Recorder",
    "argument_cases",
    "is_secret_name",
    "judge",
    "valid_arguments",
]

#: A value no message may ever contain: passed inside secrets (keys, credentials, passwords).
MARK = "zz-SeCrEt-MaRk-42"
HUGE = "x" * 1_000_000
#: Longer messages mean a value was quoted whole (a 1 MB argument in an exception).
MAX_MESSAGE = 1000
_SECRET_WORDS = ("key", "secret", "token", "password", "credential", "header")
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile value for one parameter; ``value`` is deep-copied for every call."""

    label: str
    value: Any
    secrets: tuple[str, ...] = ()

    def fresh(self) -> Any:
        return copy.deepcopy(self.value)


def is_secret_name(name: str) -> bool:
    """Whether a parameter (or field) named ``name`` may carry a secret."""
    lowered = name.lower()
    if lowered.endswith("_id"):  # key_id, webhook_id: public identifiers, shown in paths
        return False
    return any(word in lowered for word in _SECRET_WORDS)


_GENERIC: list[tuple[str, Any]] = [
    ("int 7", 7),
    ("float 1.5", 1.5),
    ("bytes", b"bytes"),
    ("empty list", []),
    ("list", ["x"]),
    ("empty dict", {}),
    ("dict", {"x": 1}),
    ("object()", object()),
    ("set", {"x"}),
    ("empty string", ""),
    ("whitespace", " \t "),
    ("huge 1 MB string", HUGE),
    ("NaN", math.nan),
    ("+inf", math.inf),
    ("-inf", -math.inf),
    ("10**400", 10**400),
    ("-1", -1),
    ("0", 0),
    ("True", True),
    ("False", False),
    ("'false'", "false"),
    ("'.'", "."),
    ("'..'", ".."),
    ("'/'", "/"),
    ("'a/b'", "a/b"),
    ("'?x'", "?x"),
    ("'#x'", "#x"),
    ("'%'", "%"),
    ("'%2e%2e'", "%2e%2e"),
    ("'../..'", "../.."),
    ("NUL", "\x00"),
    ("CRLF", "\r\n"),
    ("DEL", "\x7f"),
    ("lone surrogate", "\ud800"),
]
_INSIDE: list[tuple[str, Any]] = [
    ("NaN", math.nan),
    ("+inf", math.inf),
    ("object()", object()),
    ("set", {1, 2}),
    ("lone surrogate", "\ud800"),
]


def _suffixed(valid: str) -> list[tuple[str, Any]]:
    """A valid string spoiled at its end (a control character or a lone surrogate)."""
    return [
        ("valid+CRLF", f"{valid}\r\n"),
        ("valid+NUL", f"{valid}\x00"),
        ("valid+surrogate", f"{valid}\ud800"),
        ("valid+huge", valid + HUGE),
    ]


def _marked() -> list[tuple[str, Any]]:
    """Secret-looking strings, each carrying :data:`MARK`, that something should refuse."""
    return [
        ("secret+CRLF", f"{MARK}\r\n"),
        ("secret+NUL", f"{MARK}\x00"),
        ("secret+surrogate", f"{MARK}\ud800"),
        ("secret with spaces", f" {MARK} x"),
        ("secret+huge", MARK + HUGE),
        ("secret of 4 chars", MARK[:4]),
    ]


def _nested(value: Any, secret: bool, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """``value`` (a dict or a list) with one element replaced by something JSON cannot hold."""
    inside = list(_INSIDE)
    if secret:
        inside += [
            ("secret+surrogate", f"{MARK}\ud800"),
            ("secret+CRLF", f"{MARK}\r\nX-Injected: 1"),
            ("secret+NUL", f"{MARK}\x00"),
        ]
    if isinstance(value, Mapping):
        for key, item in value.items():
            for label, bad in inside:
                yield f"[{key!r}]={label}", {**value, key: bad}
            if depth < 2 and isinstance(item, Mapping | list):
                for label, bad in _nested(item, secret or is_secret_name(str(key)), depth + 1):
                    yield f"[{key!r}]{label}", {**value, key: bad}
        for label, bad in inside:
            yield f"['extra']={label}", {**value, "extra": bad}
    elif isinstance(value, list) and value:
        for label, bad in inside:
            yield f"[0]={label}", [bad, *value[1:]]
        if depth < 2 and isinstance(value[0], Mapping | list):
            for label, bad in _nested(value[0], secret, depth + 1):
                yield f"[0]{label}", [bad, *value[1:]]


def _container_base(param: inspect.Parameter, valid: Any) -> Any:
    """A valid dict / list to spoil from the inside (from the valid value, or the annotation)."""
    if isinstance(valid, Mapping | list) and not isinstance(valid, str):
        return valid
    annotation = str(param.annotation)
    if annotation.startswith("Sequence[") and "Mapping" in annotation:
        return [{"field": "value"}]
    if "Mapping" in annotation:
        return {"field": "value"}
    return None


def argument_cases(param: inspect.Parameter, valid: Any) -> list[Case]:
    """Every hostile value ``param`` gets (``valid`` is its usual value)."""
    secret = is_secret_name(param.name)
    values = list(_GENERIC)
    if param.default is not None:
        values.insert(0, ("None", None))
    if isinstance(valid, str) and valid:
        values += _suffixed(valid)
    if secret:
        values += _marked()
    base = _container_base(param, valid)
    if base is not None:
        values += [(f"inside {label}", bad) for label, bad in _nested(base, secret)]
    cases = []
    for label, value in values:
        # MARK is never shown; nor is a secret argument's own value (once long enough to tell).
        shown_never = value if secret and isinstance(value, str) and len(value.strip()) >= 4 else ""
        cases.append(Case(label, value, (MARK, shown_never) if shown_never else (MARK,)))
    return cases


#: Valid values for a method's required parameters (the coverage probe's own rule).
valid_arguments = arguments_for


def _json_or_none(request: httpx.Request) -> Any:
    if not request.headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        return json.loads(request.read())
    except ValueError:
        return None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass(slots=True)
class Recorder:
    """A MockTransport handler that keeps every request and answers 404 with a JSON body."""

    sent: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        # Like a server quoting what it refused: every string of a JSON body comes back, so an
        # error built from this answer must still mask the secrets the call sent.
        detail = " ".join(["bad-input probe", *_strings(_json_or_none(request))])
        return httpx.Response(404, json={"detail": detail}, request=request)

    def take(self) -> list[httpx.Request]:
        sent, self.sent = self.sent, []
        return sent


def call(
    method: Callable[..., Any], kwargs: Mapping[str, Any], loop: asyncio.AbstractEventLoop | None
) -> None:
    """Call ``method`` and consume its result, in ``loop`` when it is async."""
    if loop is None:
        consume(method(**kwargs))
    else:
        loop.run_until_complete(aconsume(method(**kwargs)))


def _raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.decode("ascii").partition("?")[0]


def _strict_json(content: bytes) -> str | None:
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-standard JSON constant {constant}")

    try:
        json.loads(content.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, ValueError) as exc:
        return f"the JSON body is not strict JSON ({exc})"
    return None


@dataclass(frozen=True, slots=True)
class Expected:
    """What a method does with valid arguments: its operations and where ids go in the path."""

    operations: tuple[Operation, ...]
    host: str
    id_segments: Mapping[str, int]  # parameter name -> index of its segment in the raw path


def expectation(
    name: str,
    requests: Sequence[httpx.Request],
    operations: Sequence[Operation],
    ids: Mapping[str, Any],
) -> Expected:
    """The :class:`Expected` of a baseline call that sent ``requests``."""
    assert len(requests) == 1, f"{name} sent {len(requests)} requests with valid arguments"
    request = requests[0]
    path = _raw_path(request)
    matched = tuple(
        op for op in operations if op.method == request.method and op.pattern.match(path)
    )
    assert matched, f"{name} reached no spec operation: {request.method} {path}"
    segments = path.split("/")
    id_segments = {
        param: segments.index(quote(str(value), safe=""))
        for param, value in ids.items()
        if isinstance(value, str) and quote(str(value), safe="") in segments
    }
    return Expected(matched, request.url.host, id_segments)


def judge(
    *,
    exc: BaseException | None,
    sent: Sequence[httpx.Request],
    expected: Expected,
    base: type[BaseException],
    argument: str,
    value: Any,
    secrets: Sequence[str],
) -> str | None:
    """None if the outcome is acceptable, else why not (see the module docstring)."""
    if exc is not None and not isinstance(exc, base):
        where = "after sending" if sent else "before sending"
        return f"raw {type(exc).__name__} {where}: {str(exc)[:200]!r}"
    if len(sent) > 1:
        return f"{len(sent)} requests for one call (a request storm)"
    if exc is not None:
        message = str(exc)
        for secret in secrets:
            if secret and secret in message:
                return f"the message quotes a secret value: {message[:200]!r}"
        if len(message) > MAX_MESSAGE:
            return f"a {len(message)}-character message (a value quoted whole): {message[:120]!r}"
        if not sent and argument not in message:
            return f"{type(exc).__name__} does not name {argument!r}: {message[:200]!r}"
    if not sent:
        return None if exc is not None else "no request and no error"
    if argument.endswith("url") and isinstance(value, str) and _URL_UNSAFE.search(value):
        return "a URL with spaces or control characters was accepted (format: uri)"
    request = sent[0]
    path = _raw_path(request)
    if request.url.host != expected.host:
        return f"sent to another host: {request.url.host!r}"
    if not any(
        op.method == request.method and op.pattern.match(path) for op in expected.operations
    ):
        return f"changed the endpoint: {request.method} {path} instead of {expected.operations[0]}"
    index = expected.id_segments.get(argument)
    if index is not None:
        want = quote(str(value), safe="")
        got = path.split("/")[index]
        if got != want:
            return f"the id is not percent-encoded in its segment: {got!r} (want {want!r})"
    if request.headers.get("content-type", "").startswith("application/json"):
        return _strict_json(request.read())
    return None
