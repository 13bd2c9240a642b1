from __future__ import annotations

import email.utils
import json
import pickle
import time
from typing import Any

import httpx
import pytest
import sdk_core
from kneo_client.core.errors import (
    KneoAuthError,
    KneoBadRequestError,
    KneoConflictError,
    KneoError,
    KneoHumanTaskExpiredError,
    KneoIdempotencyMismatchError,
    KneoNetworkError,
    KneoNotFoundError,
    KneoPayloadTooLargeError,
    KneoPermissionError,
    KneoRateLimited,
    KneoRateLimitedError,
    KneoServerError,
    KneoServiceUnavailableError,
    KneoValidationError,
    from_response,
    from_transport_error,
)

from tests.kneo.conftest import KEY


def request(
    method: str = "GET",
    path: str = "/v1/runs/r1",
    *,
    key: str | None = None,
    scheme: str = "bearer",
    request_id: str | None = None,
) -> httpx.Request:
    headers = {}
    if scheme == "bearer":
        headers["Authorization"] = f"Bearer {KEY}"
    else:
        headers["X-Kneo-Api-Key"] = KEY
    if key is not None:
        headers["Idempotency-Key"] = key
    if request_id is not None:
        headers["X-Request-ID"] = request_id
    return httpx.Request(method, f"https://kneo.example.com{path}?limit=5", headers=headers)


def response(
    status: int,
    body: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    req: httpx.Request | None = None,
) -> httpx.Response:
    content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    return httpx.Response(status, content=content, headers=headers, request=req or request())


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, KneoBadRequestError),
        (401, KneoAuthError),
        (403, KneoPermissionError),
        (404, KneoNotFoundError),
        (409, KneoConflictError),
        (413, KneoPayloadTooLargeError),
        (418, KneoError),
        (422, KneoValidationError),
        (429, KneoRateLimited),
        (500, KneoServerError),
        (502, KneoServerError),
        (503, KneoServiceUnavailableError),
        (504, KneoServerError),
        (599, KneoServerError),
    ],
)
def test_the_mapping_table(status: int, cls: type[KneoError]) -> None:
    error = from_response(response(status, {"detail": "nope"}))
    assert type(error) is cls
    assert error.status == status
    assert error.body == {"detail": "nope"}


def test_the_hierarchy() -> None:
    assert issubclass(KneoError, sdk_core.SDKError)
    assert issubclass(KneoIdempotencyMismatchError, KneoConflictError)
    assert issubclass(KneoHumanTaskExpiredError, KneoConflictError)
    assert issubclass(KneoServiceUnavailableError, KneoServerError)
    assert KneoRateLimitedError is KneoRateLimited
    for cls in (KneoBadRequestError, KneoValidationError, KneoPayloadTooLargeError):
        assert issubclass(cls, KneoError)


def envelope(code: str, message: str = "m", **extra: Any) -> dict[str, Any]:
    return {"detail": {"error": code, "message": message, **extra}}


@pytest.mark.parametrize(
    ("body", "key", "cls"),
    [
        # The platform's own word wins, whatever was sent.
        (envelope("idempotency_key_conflict"), "k1", KneoIdempotencyMismatchError),
        (envelope("idempotency_key_conflict"), None, KneoIdempotencyMismatchError),
        # A state conflict on a keyed POST is a conflict (the published client: "mismatch").
        (envelope("run_state_conflict", "run is not blocked"), "k1", KneoConflictError),
        (envelope("resource_locked"), "k1", KneoConflictError),
        (envelope("idempotency_key_in_progress"), "k1", KneoConflictError),
        (envelope("human_task_expired"), "k1", KneoHumanTaskExpiredError),
        # Servers before 0.6.0 send a code-less string detail: only its text can say.
        ({"detail": "Run r1 is not blocked"}, "k1", KneoConflictError),
        ({"detail": "Idempotency-Key reused with a different payload"}, "k1", None),
        ({"detail": "Idempotency-Key reused with a different payload"}, None, KneoConflictError),
        ({"detail": "idempotency key request still in progress"}, "k1", KneoConflictError),
        (None, "k1", KneoConflictError),
    ],
)
def test_409_is_a_mismatch_only_when_the_platform_says_the_key_was_reused(
    body: Any, key: str | None, cls: type[KneoError] | None
) -> None:
    expected = cls or KneoIdempotencyMismatchError
    req = request("POST", "/v1/runs/r1/continue", key=key)
    assert type(from_response(response(409, body, req=req))) is expected


def test_the_idempotency_key_comes_from_the_argument_or_the_request() -> None:
    req = request("POST", "/v1/runs", key="from-header")
    assert from_response(response(409, None, req=req)).idempotency_key == "from-header"
    got = from_response(response(409, None, req=req), idempotency_key="given")
    assert got.idempotency_key == "given"
    assert from_response(response(404, None)).idempotency_key is None


def test_the_request_id_is_the_platforms_or_else_the_one_sent() -> None:
    req = request(request_id="sent-1")
    echoed = response(500, None, headers={"X-Request-ID": "srv-1"}, req=req)
    assert from_response(echoed).request_id == "srv-1"
    assert from_response(response(500, None, req=req)).request_id == "sent-1"
    assert from_response(response(500, None)).request_id is None
    assert "(request id srv-1)" in str(from_response(echoed))


def test_rate_limits_carry_retry_after_in_seconds_or_as_a_date() -> None:
    limited = from_response(response(429, None, headers={"Retry-After": "7"}))
    assert isinstance(limited, KneoRateLimited)
    assert limited.retry_after == 7.0
    date = email.utils.formatdate(time.time() + 120, usegmt=True)
    dated = from_response(response(429, None, headers={"Retry-After": date}))
    assert dated.retry_after is not None
    assert 100 < dated.retry_after <= 120
    assert from_response(response(429, None)).retry_after is None
    busy = from_response(response(503, envelope("queue_full"), headers={"Retry-After": "3"}))
    assert isinstance(busy, KneoServiceUnavailableError)
    assert busy.retry_after == 3.0
    in_progress = response(
        409, envelope("idempotency_key_in_progress"), headers={"Retry-After": "2"}
    )
    assert from_response(in_progress).retry_after == 2.0


def test_422_lists_fastapi_validation_details() -> None:
    one = [{"loc": ["body", "input"], "msg": "Field required", "type": "missing"}]
    error = from_response(response(422, {"detail": one}, req=request("POST", "/v1/runs")))
    assert isinstance(error, KneoValidationError)
    assert str(error) == "POST /v1/runs → 422 Unprocessable Entity: body.input: Field required"
    many = [{"loc": ["body", f"f{i}"], "msg": "bad", "type": "x"} for i in range(5)]
    message = str(from_response(response(422, {"detail": many})))
    assert "body.f0: bad; body.f1: bad; body.f2: bad (+2 more)" in message


def test_400_and_413_read_the_envelope() -> None:
    bad = from_response(response(400, envelope("spec_invalid", "spec has 2 errors")))
    assert isinstance(bad, KneoBadRequestError)
    assert bad.code == "spec_invalid"
    assert str(bad) == "GET /v1/runs/r1 → 400 Bad Request: spec has 2 errors [spec_invalid]"
    big = from_response(
        response(413, envelope("payload_too_large", "too big", max_body_bytes=1024))
    )
    assert isinstance(big, KneoPayloadTooLargeError)
    assert big.max_body_bytes == 1024


def test_an_expired_task_says_which_and_when() -> None:
    body = envelope("human_task_expired", "expired", continuation_id="c-1", expires_at=1.5e9)
    error = from_response(response(409, body))
    assert isinstance(error, KneoHumanTaskExpiredError)
    assert (error.continuation_id, error.expires_at) == ("c-1", 1.5e9)


def test_messages_name_method_and_path_but_not_the_query() -> None:
    error = from_response(response(404, {"detail": "Run not found"}))
    assert str(error) == "GET /v1/runs/r1 → 404 Not Found: Run not found"
    assert "limit" not in str(error)


@pytest.mark.parametrize(
    ("raw", "body"),
    [
        (b"", None),
        (b"{", "{"),
        (b"\xff\xfe\xfa not utf-8", "\ufffd\ufffd\ufffd not utf-8"),
        (b"[1, 2]", [1, 2]),
        (b"null", None),
        (b'"just text"', "just text"),
        (b"<html>Bad Gateway</html>", "<html>Bad Gateway</html>"),
        (b'{"detail": null}', {"detail": None}),
        (b'{"detail": [1, "x", {"loc": 5, "msg": 3}, {"loc": [[]], "msg": "m"}]}', ...),
        (b'{"detail": {"error": 5, "message": ["a"]}}', ...),
        (b'{"detail": {"diagnostics": [{"msg": "d"}]}}', ...),
        (b'{"message": {"nested": true}, "error": 7}', ...),
        (b"[" * 100_000 + b"]" * 100_000, ...),
    ],
)
@pytest.mark.parametrize("status", [400, 409, 422, 500])
def test_a_broken_body_never_escapes_as_a_bare_exception(
    raw: bytes, body: Any, status: int
) -> None:
    error = from_response(response(status, raw=raw, req=request("POST", "/v1/runs", key="k")))
    assert isinstance(error, KneoError)
    assert error.status == status
    assert str(error).startswith(f"POST /v1/runs → {status}")
    assert len(str(error)) < 800
    if body is not ...:
        assert error.body == body


def test_a_streamed_unread_response_gives_an_error_without_a_body() -> None:
    def stream() -> Any:
        yield b'{"detail": "x"}'

    unread = httpx.Response(502, content=stream(), request=request())
    error = from_response(unread)
    assert isinstance(error, KneoServerError)
    assert error.body is None


def test_a_response_without_a_request() -> None:
    error = from_response(httpx.Response(404, json={"detail": "gone"}))
    assert str(error) == "404 Not Found: gone"


@pytest.mark.parametrize("scheme", ["bearer", "kneo_api_key"])
def test_a_key_the_server_echoes_never_reaches_the_error(scheme: str) -> None:
    body = {"detail": f"invalid key {KEY}", "headers": {"authorization": f"Bearer {KEY}"}}
    error = from_response(response(401, body, req=request(scheme=scheme)))
    assert isinstance(error, KneoAuthError)
    for text in (str(error), repr(error), json.dumps(error.body)):
        assert KEY not in text
    assert "invalid key ***" in str(error)


def test_long_details_are_cut_short() -> None:
    error = from_response(response(500, {"detail": "x" * 5000}))
    assert len(str(error)) < 600
    assert error.body == {"detail": "x" * 5000}


def test_errors_keep_their_attributes_through_pickle() -> None:
    req = request("POST", "/v1/runs", key="k-9")
    error = from_response(
        response(
            409, envelope("idempotency_key_conflict"), headers={"X-Request-ID": "r-9"}, req=req
        )
    )
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is KneoIdempotencyMismatchError
    assert (clone.status, clone.idempotency_key, clone.request_id, clone.code) == (
        409,
        "k-9",
        "r-9",
        "idempotency_key_conflict",
    )


def test_kneo_error_takes_the_page_and_the_core_spellings() -> None:
    page = KneoError("m", status=404, body={"a": 1}, request_id="r", idempotency_key="k")
    assert (page.status, page.status_code, page.body, page.idempotency_key) == (
        404,
        404,
        {"a": 1},
        "k",
    )
    core = KneoError("m", status_code=500, retry_after=2.0)
    assert (core.status, core.retry_after, core.idempotency_key) == (500, 2.0, None)
    assert KneoError("m").status is None


def test_transport_errors_mask_the_key_and_keep_the_ids() -> None:
    req = request("POST", "/v1/runs", key="k-1", request_id="r-1")
    # h11 quotes a header value it refuses, key included.
    exc = httpx.LocalProtocolError(f"Illegal header value b'Bearer {KEY}\\n'", request=req)
    error = from_transport_error(exc, attempts=3)
    assert isinstance(error, KneoNetworkError)
    assert KEY not in str(error)
    assert KEY not in repr(error)
    assert error.status is None
    assert (error.request_id, error.idempotency_key) == ("r-1", "k-1")
    assert str(error).startswith("POST /v1/runs failed after 3 attempts: LocalProtocolError:")


def test_a_transport_error_without_a_request() -> None:
    error = from_transport_error(httpx.ConnectError("refused"), request_id="r-2")
    assert str(error) == "failed: ConnectError: refused (request id r-2)"
