"""Faults tests queue for a fake: error statuses, malformed bodies and cut streams."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus

from starlette.responses import JSONResponse

from sdk_core.fakes.jsonio import ApiError, error_response

__all__ = ["Fault", "FaultInjector", "Malformed", "cut_after_lines"]


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

    def error(self) -> ApiError:
        """The error for the request that took this fault (its first status)."""
        status = self.statuses[0]
        headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return ApiError(status, f"injected fault: {status} {phrase}".strip(), headers)

    def response(self, request_id: str) -> JSONResponse:
        """The answer for the request that took this fault, in the default error shape."""
        error = self.error()
        return error_response(error.status, error.detail, request_id, error.headers)


@dataclass
class Malformed:
    """A body to answer matching requests with, as is, ``remaining`` more times."""

    method: str
    path_prefix: str
    body: bytes
    status: int
    content_type: str
    remaining: int


@dataclass
class _StreamCut:
    path_prefix: str
    after_lines: int
    remaining: int


class FaultInjector:
    """The faults, malformed answers and stream cuts tests queued for a fake (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._malformed: list[Malformed] = []
        self._cuts: list[_StreamCut] = []

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

    def add_stream_cut(self, path_prefix: str, after_lines: int, times: int) -> None:
        """End the next ``times`` streamed answers under ``path_prefix`` after ``after_lines``."""
        if times < 1 or after_lines < 0:
            raise ValueError("times must be positive and after_events >= 0")
        with self._lock:
            self._cuts.append(_StreamCut(path_prefix, after_lines, times))

    def clear(self) -> None:
        """Drop everything queued."""
        with self._lock:
            self._faults.clear()
            self._malformed.clear()
            self._cuts.clear()

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The fault for this request (holding just its status), if one is queued."""
        with self._lock:
            for fault in self._faults:
                if fault.method in {"*", method} and path.startswith(fault.path_prefix):
                    status = fault.statuses.popleft()
                    if not fault.statuses:
                        self._faults.remove(fault)
                    one = deque([status])
                    return Fault(fault.method, fault.path_prefix, one, fault.retry_after, fault.act)
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

    def take_stream_cut(self, path: str) -> int | None:
        """After how many lines this request's stream ends, if a cut is queued for it."""
        with self._lock:
            for cut in self._cuts:
                if path.startswith(cut.path_prefix):
                    cut.remaining -= 1
                    if cut.remaining <= 0:
                        self._cuts.remove(cut)
                    return cut.after_lines
        return None


async def cut_after_lines(
    chunks: AsyncIterable[str | bytes | memoryview], lines: int
) -> AsyncIterator[bytes]:
    """``chunks`` up to the end of their ``lines``-th line, then a clean end of the stream."""
    left = lines
    async for chunk in chunks:
        if left <= 0:
            break
        data = chunk.encode() if isinstance(chunk, str) else bytes(chunk)
        kept = [piece for piece in re.split(b"(?<=\n)", data) if piece][:left]
        left -= sum(1 for piece in kept if piece.endswith(b"\n"))
        yield b"".join(kept)
    # Closing the source lets it release what it holds (aclose exists on async generators).
    close = getattr(chunks, "aclose", None)
    if close is not None:
        await close()
