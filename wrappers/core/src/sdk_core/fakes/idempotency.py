"""Idempotent replays: the first answer to a POST, kept by its ``Idempotency-Key``."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from starlette.responses import Response, StreamingResponse

from sdk_core.fakes.jsonio import ApiError

__all__ = ["IdempotencyStore"]


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
        conflict_message: the conflict answer's message.
        request_id_header: how the service spells its request-id header.

    """

    def __init__(
        self,
        *,
        conflict_status: int,
        replay_request_id: bool,
        conflict_message: str = "Idempotency-Key already used with a different request body",
        request_id_header: str = "X-Request-Id",
    ) -> None:
        self._lock = threading.Lock()
        self._stored: dict[Hashable, _Stored] = {}
        self._in_flight: dict[Hashable, asyncio.Event] = {}
        self._conflict_status = conflict_status
        self._replay_request_id = replay_request_id
        self._conflict_message = conflict_message
        self._request_id_header = request_id_header

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
                        self._conflict_message,
                        code="idempotency_key_conflict",
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
                    name = self._request_id_header
                    headers[name] = response.headers[name] = request_id
                with self._lock:
                    self._stored[slot] = _Stored(
                        response.status_code, bytes(response.body), headers, fingerprint
                    )
            return response
        finally:
            with self._lock:
                done = self._in_flight.pop(slot)
            done.set()
