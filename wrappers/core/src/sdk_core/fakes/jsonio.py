"""Strict JSON in and out, the error answer, stable digests and opaque cursors."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

from starlette.responses import JSONResponse

__all__ = [
    "ApiError",
    "AsciiJSON",
    "ascii_dumps",
    "decode_cursor",
    "digest",
    "encode_cursor",
    "error_response",
    "fingerprint",
    "invalid",
    "iso",
    "paginate",
    "strict_loads",
]


class ApiError(Exception):
    """An error answer: JSON ``{"detail", "request_id"}`` with this status.

    How it is rendered is the fake's :meth:`~sdk_core.fakes.SpecFake.error_answer`; ``code``
    (a machine-readable error code such as ``"not_found"``) and ``extra`` (further context
    keys) are for fakes whose service sends a structured error envelope, and are ignored by
    the default rendering.
    """

    def __init__(
        self,
        status: int,
        detail: Any,
        headers: Mapping[str, str] | None = None,
        *,
        code: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})
        self.code = code
        self.extra = dict(extra or {})


def invalid(loc: list[str | int], msg: str) -> ApiError:
    """A 422 with one field error, shaped like the schema-driven ones."""
    return ApiError(422, [{"loc": loc, "msg": msg}])


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
    status: int,
    detail: Any,
    request_id: str,
    headers: Mapping[str, str] | None = None,
    *,
    header: str = "X-Request-Id",
) -> JSONResponse:
    """The APIs' error answer, with its request id in the body and the ``header``."""
    return AsciiJSON(
        {"detail": detail, "request_id": request_id},
        status_code=status,
        headers={**(headers or {}), header: request_id},
    )


def fingerprint(raw: bytes) -> str:
    """What a replayed request must repeat: its JSON body, whatever its key order or spacing."""
    try:
        canonical = json.dumps(strict_loads(raw), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        return digest("raw", raw.hex())
    return digest("json", canonical)


_BAD_CURSOR = "invalid cursor: pass back an X-Next-Cursor value"


def encode_cursor(kind: str, position: Any) -> str:
    """An opaque ``X-Next-Cursor`` value for a page of ``kind`` ending at ``position``."""
    raw = json.dumps({"k": kind, "p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> Any:
    """The position in a cursor from :func:`encode_cursor` (None: the first page); else 400."""
    if not cursor:  # `cursor=` asks for the first page
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise ApiError(400, _BAD_CURSOR) from None
    if not isinstance(data, dict) or data.get("k") != kind or "p" not in data:
        raise ApiError(400, _BAD_CURSOR)
    return data["p"]


T = TypeVar("T")


def paginate(
    kind: str, items: Sequence[T], key: Callable[[T], Any], limit: int, cursor: str | None
) -> tuple[list[T], dict[str, str]]:
    """The page of ``items`` (in page order, ``key`` rising) after ``cursor``, and the
    ``X-Next-Cursor`` header when another page follows. A cursor not from this is 400.
    """
    position = decode_cursor(kind, cursor)
    if position is not None:
        try:
            items = [item for item in items if key(item) > position]
        except TypeError:  # a well-formed cursor holding something else
            raise ApiError(400, _BAD_CURSOR) from None
    page = list(items[:limit])
    more = len(items) > limit
    return page, {"X-Next-Cursor": encode_cursor(kind, key(page[-1]))} if more else {}
