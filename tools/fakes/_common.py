"""What every fake shares: strict JSON in and out, error answers, and injected faults."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse, Response, StreamingResponse

__all__ = [
    "ApiError",
    "AsciiJSON",
    "ascii_dumps",
    "Fault",
    "FaultHooks",
    "FaultInjector",
    "IdempotencyStore",
    "Malformed",
    "digest",
    "error_response",
    "iso",
    "strict_loads",
]


class ApiError(Exception):
    """An error answer: JSON ``{"detail", "request_id"}`` with this status."""

    def __init__(self, status: int, detail: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})


def iso(t: float) -> str:
    """An epoch time as the APIs write it: ISO 8601, milliseconds, ``Z``."""
    stamp = datetime.fromtimestamp(t, tz=timezone.utc).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def digest(*parts: object) -> str:
    """A stable hex digest of ``parts`` (for deterministic ids, labels and choices)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text}")
    return value


def _no_constants(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def strict_loads(raw: bytes | str) -> Any:
    """Strict JSON: no NaN / Infinity, no numbers that overflow a float."""
    return json.loads(raw, parse_float=_finite, parse_constant=_no_constants)


def ascii_dumps(content: Any) -> str:
    """Compact JSON; ASCII-only output cannot fail to encode, whatever strings a client sent."""
    return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


class AsciiJSON(JSONResponse):
    """A JSON answer rendered by :func:`ascii_dumps`."""

    def render(self, content: Any) -> bytes:
        """The body bytes."""
        return ascii_dumps(content).encode()


def error_response(
    status: int, detail: Any, request_id: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The APIs' error answer, with its request id in the body and the header."""
    return AsciiJSON(
        {"detail": detail, "request_id": request_id},
        status_code=status,
        headers={**(headers or {}), "X-Request-Id": request_id},
    )


def _header_seconds(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class Fault:
    """Error statuses to answer matching requests with, one per request."""

    method: str
    path_prefix: str
    statuses: deque[int]
    retry_after: str | None
    act: bool

    def response(self, request_id: str) -> JSONResponse:
        """The answer for the request that took this fault (its first status)."""
        status = self.statuses[0]
        headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return error_response(
            status, f"injected fault: {status} {phrase}".strip(), request_id, headers
        )


@dataclass
class Malformed:
    """A body to answer matching requests with, as is, ``remaining`` more times."""

    method: str
    path_prefix: str
    body: bytes
    status: int
    content_type: str
    remaining: int


class FaultInjector:
    """The faults and malformed answers tests queued for a fake (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._malformed: list[Malformed] = []

    def add_faults(
        self,
        method: str,
        path_prefix: str,
        *,
        statuses: Sequence[int],
        retry_after: float | str | None,
        act: bool,
    ) -> None:
        """Queue ``statuses`` for the next requests matching ``method`` and ``path_prefix``."""
        if not statuses:
            raise ValueError("statuses must not be empty")
        for status in statuses:
            if not 400 <= status <= 599:
                raise ValueError(f"fault statuses must be 4xx or 5xx, got {status}")
        header = None if retry_after is None else _header_seconds(retry_after)
        with self._lock:
            self._faults.append(Fault(method.upper(), path_prefix, deque(statuses), header, act))

    def add_malformed(
        self,
        method: str,
        path_prefix: str,
        *,
        body: bytes,
        status: int,
        content_type: str,
        times: int,
    ) -> None:
        """Queue ``body`` as the answer to the next ``times`` matching requests."""
        if times < 1:
            raise ValueError("times must be positive")
        with self._lock:
            self._malformed.append(
                Malformed(method.upper(), path_prefix, body, status, content_type, times)
            )

    def clear(self) -> None:
        """Drop everything queued."""
        with self._lock:
            self._faults.clear()
            self._malformed.clear()

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The fault for this request (holding just its status), if one is queued."""
        with self._lock:
            for fault in self._faults:
                if fault.method in {"*", method} and path.startswith(fault.path_prefix):
                    status = fault.statuses.popleft()
                    if not fault.statuses:
                        self._faults.remove(fault)
                    return Fault(
                        fault.method,
                        fault.path_prefix,
                        deque([status]),
                        fault.retry_after,
                        fault.act,
                    )
        return None

    def take_malformed(self, method: str, path: str) -> Malformed | None:
        """The malformed answer for this request, if one is queued."""
        with self._lock:
            for item in self._malformed:
                if item.method in {"*", method} and path.startswith(item.path_prefix):
                    item.remaining -= 1
                    if item.remaining <= 0:
                        self._malformed.remove(item)
                    return item
        return None


class FaultHooks:
    """The fault-injection test hooks of a fake that keeps its :class:`FaultInjector` in
    ``self._injected``.
    """

    _injected: FaultInjector

    def inject_faults(
        self,
        method: str,
        path_prefix: str,
        statuses: Sequence[int] = (503, 503),
        retry_after: float | str | None = None,
        *,
        act: bool = False,
    ) -> None:
        """Answer the next requests matching ``method`` and ``path_prefix`` with ``statuses``.

        One status per matching request, in order; then the endpoint behaves normally again.
        Each answer is a JSON error with ``X-Request-Id`` (and ``Retry-After`` when given).
        ``method="*"`` matches any method. With ``act=True`` the request is handled first (so a
        POST with an Idempotency-Key stores its real response) and the fault replaces the
        answer: a lost response, as far as the client can tell.
        """
        self._injected.add_faults(
            method, path_prefix, statuses=statuses, retry_after=retry_after, act=act
        )

    def inject_malformed(
        self,
        method: str,
        path_prefix: str,
        body: bytes = b'{"unexpected": 1}',
        *,
        status: int = 200,
        content_type: str = "application/json",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with ``body`` as is, unhandled."""
        self._injected.add_malformed(
            method, path_prefix, body=body, status=status, content_type=content_type, times=times
        )


@dataclass
class _Stored:
    status: int
    body: bytes
    headers: dict[str, str]
    fingerprint: str | None


class IdempotencyStore:
    """First answers to POSTs by idempotency key, replayed when the same request comes again.

    Args:
        conflict_status: the answer to a key reused with another body (the IETF draft says
            422; some APIs document 409).
        replay_request_id: whether a replay repeats the first answer's ``X-Request-Id``
            (otherwise the retry's own id is sent).

    """

    def __init__(self, *, conflict_status: int, replay_request_id: bool) -> None:
        self._lock = threading.Lock()
        self._stored: dict[Hashable, _Stored] = {}
        self._in_flight: dict[Hashable, asyncio.Event] = {}
        self._conflict_status = conflict_status
        self._replay_request_id = replay_request_id

    async def call(
        self,
        slot: Hashable,
        fingerprint: str | None,
        request_id: str,
        handle: Callable[[], Awaitable[Response]],
    ) -> Response:
        """``handle()``'s answer, or the stored one for ``slot``; a request arriving while
        another with its slot is in progress waits for that one's outcome.
        """
        while True:
            with self._lock:
                stored = self._stored.get(slot)
                waiting = self._in_flight.get(slot)
                if stored is None and waiting is None:
                    self._in_flight[slot] = asyncio.Event()
                    break
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise ApiError(
                        self._conflict_status,
                        "Idempotency-Key already used with a different request body",
                    )
                return Response(
                    stored.body,
                    status_code=stored.status,
                    headers={**stored.headers, "Idempotent-Replayed": "true"},
                )
            assert waiting is not None
            await waiting.wait()
        try:
            response = await handle()
            # Only complete successes are kept: a retry after an error acts anew.
            if 200 <= response.status_code < 300 and not isinstance(response, StreamingResponse):
                dropped = {"content-length", "x-request-id"}
                headers = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
                if self._replay_request_id:
                    headers["X-Request-Id"] = response.headers["X-Request-Id"] = request_id
                with self._lock:
                    self._stored[slot] = _Stored(
                        response.status_code, bytes(response.body), headers, fingerprint
                    )
            return response
        finally:
            with self._lock:
                done = self._in_flight.pop(slot)
            done.set()
