"""The exception tree, and how an error response becomes one (readable message, no secrets)."""

from __future__ import annotations

import builtins
import json
import pickle
from typing import Any

import httpx
import pytest
import sdk_core
from polarity_keystone import (
    KeystoneAuthError,
    KeystoneConflictError,
    KeystoneConnectionError,
    KeystoneError,
    KeystoneInvalidArgumentError,
    KeystoneMalformedResponseError,
    KeystoneNotFoundError,
    KeystonePermissionError,
    KeystoneRateLimitError,
    KeystoneServerError,
    KeystoneTimeoutError,
    KeystoneValidationError,
    KeystoneWaitTimeoutError,
)
from polarity_keystone import _exceptions as errors
from polarity_keystone._config import CONFIG
from polarity_keystone._exceptions import error_message, from_response

KEY = "ks_live_0123456789abcdefSECRET"
ALL = [
    KeystoneAuthError,
    KeystoneConflictError,
    KeystoneConnectionError,
    KeystoneInvalidArgumentError,
    KeystoneMalformedResponseError,
    KeystoneNotFoundError,
    KeystonePermissionError,
    KeystoneRateLimitError,
    KeystoneServerError,
    KeystoneTimeoutError,
    KeystoneValidationError,
    KeystoneWaitTimeoutError,
]


def response(
    status: int,
    body: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    url: str = "https://keystone.polarity.so/v1/sandboxes?cursor=c1",
) -> httpx.Response:
    request = httpx.Request(method, url, headers={"Authorization": f"Bearer {KEY}"})
    content = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    all_headers = {"content-type": "application/json", **(headers or {})}
    return httpx.Response(status, content=content, headers=all_headers, request=request)


def redactor() -> sdk_core.Redactor:
    return sdk_core.Redactor([KEY], CONFIG.secret_patterns)


# -- the tree ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_every_error_is_a_keystone_error_on_the_shared_core(cls: type[KeystoneError]) -> None:
    assert issubclass(cls, KeystoneError)
    assert issubclass(cls, sdk_core.SDKError)


def test_what_is_also_a_builtin() -> None:
    assert issubclass(KeystoneTimeoutError, KeystoneConnectionError)
    assert issubclass(KeystoneTimeoutError, builtins.TimeoutError)
    assert issubclass(KeystoneWaitTimeoutError, builtins.TimeoutError)
    assert not issubclass(KeystoneWaitTimeoutError, KeystoneConnectionError)
    assert issubclass(KeystoneMalformedResponseError, ValueError)
    assert issubclass(KeystoneInvalidArgumentError, ValueError)
    assert issubclass(KeystonePermissionError, KeystoneAuthError)
    assert not issubclass(KeystoneServerError, ValueError)


def test_the_package_exports_the_whole_tree() -> None:
    import polarity_keystone

    exported = {name for name in polarity_keystone.__all__ if name.endswith("Error")}
    assert exported == {cls.__name__ for cls in [*ALL, KeystoneError]}
    assert polarity_keystone.__all__ == sorted(polarity_keystone.__all__)
    assert set(errors.__all__) >= exported


# -- construction -----------------------------------------------------------------------------


def test_the_pages_positional_form() -> None:
    err = KeystoneError(404, "spec not found: missing")
    assert err.status_code == 404
    assert err.message == "spec not found: missing"
    assert str(err) == "404: spec not found: missing"


def test_the_cores_keyword_form() -> None:
    err = KeystoneError("no API key", status_code=None, request_id="req_1")
    assert err.status_code is None
    assert err.message == "no API key"
    assert str(err) == "no API key (request id req_1)"


def test_a_message_and_a_second_message_is_refused() -> None:
    with pytest.raises(TypeError, match="status_code, message"):
        KeystoneError("a", "b")  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((500, None), "HTTP 500"),
        ((500, ""), "HTTP 500"),
        ((500, {"message": "boom"}), '{"message":"boom"}'),
        ((500, ["a", 1]), '["a",1]'),
        (("  padded  ",), "padded"),
    ],
)
def test_message_is_always_readable_text(args: tuple[Any, ...], message: str) -> None:
    err = KeystoneError(*args)
    assert isinstance(err.message, str)
    assert err.message == message


def test_a_status_below_400_is_not_shown_as_an_error_status() -> None:
    err = KeystoneMalformedResponseError("GET /v1/x returned a body ...", status_code=200)
    assert str(err) == "GET /v1/x returned a body ..."


def test_subclass_extras() -> None:
    malformed = KeystoneMalformedResponseError("bad", field="Sandbox.id", request_id="r")
    assert malformed.field == "Sandbox.id"
    assert malformed.request_id == "r"
    partial = object()
    waited = KeystoneWaitTimeoutError("timed out after 600s", last_result=partial)
    assert waited.last_result is partial
    assert waited.status_code is None


@pytest.mark.parametrize("cls", [KeystoneError, *ALL], ids=lambda c: c.__name__)
def test_errors_survive_pickling(cls: type[KeystoneError]) -> None:
    err = cls("boom", status_code=503, request_id="req_9", body={"error": "boom"})
    err.method, err.path = "GET", "/v1/x"
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is cls
    assert (copy.message, copy.status_code, copy.request_id, copy.body) == (
        "boom",
        503,
        "req_9",
        {"error": "boom"},
    )
    assert str(copy) == str(err)


# -- error bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": "spec 'missing' not found"}, "spec 'missing' not found"),
        ({"error": "  spaced  "}, "spaced"),
        ({"error": {"message": "nested boom", "code": 7}}, "nested boom"),
        ({"error": {"detail": "nested detail"}}, "nested detail"),
        ({"message": "plain message"}, "plain message"),
        ({"detail": "fastapi detail"}, "fastapi detail"),
        ({"error": {"code": 7}}, '{"error":{"code":7}}'),
        ({"foo": 1}, '{"foo":1}'),
        ({"error": ""}, '{"error":""}'),
        ("Service Unavailable\n", "Service Unavailable"),
        ([1, 2], "[1,2]"),
        ({}, None),
        ("", None),
        (None, None),
    ],
)
def test_error_message_of_a_body(body: Any, message: str | None) -> None:
    assert error_message(body) == message


def test_long_bodies_are_cut() -> None:
    text = error_message({"error": "x" * 2000})
    assert text is not None
    assert len(text) == 501
    assert text.endswith("…")


# -- from_response ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, KeystoneValidationError),
        (401, KeystoneAuthError),
        (403, KeystonePermissionError),
        (404, KeystoneNotFoundError),
        (409, KeystoneConflictError),
        (418, KeystoneError),
        (422, KeystoneValidationError),
        (429, KeystoneRateLimitError),
        (500, KeystoneServerError),
        (502, KeystoneServerError),
        (503, KeystoneServerError),
        (599, KeystoneServerError),
    ],
)
def test_each_status_gets_its_class(status: int, cls: type[KeystoneError]) -> None:
    err = from_response(response(status, {"error": "nope"}))
    assert type(err) is cls
    assert err.status_code == status
    # The core's ErrorMap goes through the same builder.
    core = CONFIG.errors.from_response(
        response(status, {"error": "nope"}), request_id=None, redactor=redactor()
    )
    assert type(core) is cls


def test_a_service_error_reads_as_the_service_said_it() -> None:
    err = from_response(
        response(404, {"error": "spec not found: missing"}, headers={"X-Request-Id": "req_42"}),
        request_id="req_sent",
    )
    assert err.message == "spec not found: missing"
    assert err.status_code == 404
    assert err.request_id == "req_42"
    assert err.body == {"error": "spec not found: missing"}
    assert (err.method, err.path, err.reason) == ("POST", "/v1/sandboxes", "Not Found")
    assert str(err) == (
        "POST /v1/sandboxes → 404 Not Found: spec not found: missing (request id req_42)"
    )
    assert "cursor" not in str(err)  # the query string is the caller's


def test_without_a_request_id_header_the_sent_one_is_reported() -> None:
    err = from_response(response(500, {"error": "boom"}), request_id="req_sent")
    assert err.request_id == "req_sent"


def test_an_empty_body_gives_the_reason_phrase_once() -> None:
    err = from_response(response(503))
    assert err.message == "Service Unavailable"
    assert err.body is None
    assert str(err) == "POST /v1/sandboxes → 503: Service Unavailable"


def test_a_status_without_a_reason_phrase() -> None:
    err = from_response(response(599))
    assert err.message == "HTTP 599"


def test_an_html_error_page_gives_the_reason_and_keeps_the_body() -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1>" + b"x" * 5000 + b"</body></html>"
    err = from_response(response(502, raw=page, headers={"content-type": "text/html"}))
    assert err.message == "Bad Gateway"
    assert isinstance(err.body, str)
    assert err.body.startswith("<html>")


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe not utf-8 {", b"{not json", b"[" * 100_000, b"\x00\x01"],
    ids=["bad-utf8", "bad-json", "deep", "binary"],
)
def test_any_body_gives_an_error_never_an_exception(raw: bytes) -> None:
    err = from_response(response(500, raw=raw))
    assert isinstance(err, KeystoneServerError)
    assert isinstance(err.message, str)
    assert err.message


def test_a_streamed_unread_body_gives_the_reason() -> None:
    request = httpx.Request("GET", "https://keystone.polarity.so/v1/x")
    unread = httpx.Response(500, stream=httpx.ByteStream(b'{"error": "x"}'), request=request)
    err = from_response(unread)
    assert err.message == "Internal Server Error"
    assert err.body is None


def test_a_response_without_a_request_still_maps() -> None:
    err = from_response(httpx.Response(404, json={"error": "gone"}))
    assert isinstance(err, KeystoneNotFoundError)
    assert err.method is None
    assert str(err) == "404 Not Found: gone"


@pytest.mark.parametrize(
    ("header", "seconds"), [("7", 7.0), ("0", 0.0), ("soon", None), (None, None)]
)
def test_rate_limits_carry_retry_after(header: str | None, seconds: float | None) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    err = from_response(response(429, {"error": "slow down"}, headers=headers))
    assert isinstance(err, KeystoneRateLimitError)
    assert err.retry_after == seconds


# -- secrets ----------------------------------------------------------------------------------


def test_a_key_echoed_by_the_service_is_never_printed() -> None:
    body = {"error": f"invalid key {KEY}", "echo": {"authorization": f"Bearer {KEY}"}}
    err = from_response(response(401, body), redactor=redactor())
    for text in (err.message, str(err), repr(err), json.dumps(err.body)):
        assert KEY not in text
        assert "***" in text or text == repr(err)
    assert KEY not in repr(err)


@pytest.mark.parametrize(
    "secret",
    [
        "ks_live_abcdefghijklmnop",
        "plr_live_abcdefghijklmnop",
        "ks_test_abcdefghijklmnop",
        "sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
        "sk-proj-abcdefghijklmnopqrstuvwxyz0123",
    ],
)
def test_key_shapes_are_scrubbed_even_when_not_the_calls_own(secret: str) -> None:
    body = {"error": f"secrets.ANTHROPIC_API_KEY={secret} rejected"}
    err = from_response(response(422, body), redactor=sdk_core.Redactor([], CONFIG.secret_patterns))
    assert secret not in err.message
    assert secret not in json.dumps(err.body)
    assert "rejected" in err.message


def test_ordinary_ids_are_not_mistaken_for_keys() -> None:
    body = {"error": "sandbox sb-abc of spec fix-failing-test: ks_experiment_baseline failed"}
    err = from_response(response(409, body), redactor=sdk_core.Redactor([], CONFIG.secret_patterns))
    assert err.message == body["error"]


# -- transport failures and malformed bodies (the core's mapping, Keystone's classes) ----------


def test_a_connection_failure_is_a_connection_error() -> None:
    request = httpx.Request("GET", "https://keystone.polarity.so/v1/sandboxes")
    err = CONFIG.errors.from_transport_error(
        httpx.ConnectError("[Errno 111] Connection refused", request=request),
        request_id="req_1",
        attempts=4,
    )
    assert type(err) is KeystoneConnectionError
    assert err.status_code is None
    assert err.request_id == "req_1"
    assert "after 4 attempts" in str(err)


def test_a_read_timeout_is_a_keystone_timeout_and_a_builtin_timeout() -> None:
    request = httpx.Request("GET", "https://keystone.polarity.so/v1/sandboxes")
    err = CONFIG.errors.from_transport_error(
        httpx.ReadTimeout("timed out", request=request), request_id=None, attempts=1
    )
    assert type(err) is KeystoneTimeoutError
    with pytest.raises(TimeoutError):
        raise err


def test_a_malformed_success_body_is_the_malformed_class() -> None:
    err = CONFIG.errors.malformed("GET /v1/x: not JSON", request_id="req_1", status_code=200)
    assert type(err) is KeystoneMalformedResponseError
    assert err.request_id == "req_1"
    assert err.field is None
