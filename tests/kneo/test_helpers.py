"""Idempotency keys, request ids and the redacting loggers."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest
from kneo_client.core.idempotency import (
    IDEMPOTENCY_KEY_HEADER,
    MAX_KEY_LENGTH,
    new_idempotency_key,
    validate_idempotency_key,
)
from kneo_client.core.logging import REDACTED, get_logger, redact_headers
from kneo_client.core.request_ids import REQUEST_ID_HEADER, generate_request_id

from tests.kneo.conftest import KEY


def test_documented_constants() -> None:
    assert IDEMPOTENCY_KEY_HEADER == "Idempotency-Key"
    assert MAX_KEY_LENGTH == 256
    assert REQUEST_ID_HEADER == "X-Request-ID"
    assert REDACTED == "<redacted>"


@pytest.mark.parametrize("make", [new_idempotency_key, generate_request_id])
def test_fresh_ids_are_distinct_uuid4_strings(make: object) -> None:
    assert callable(make)
    ids = {make() for _ in range(100)}
    assert len(ids) == 100
    for value in ids:
        assert isinstance(value, str)
        assert uuid.UUID(value).version == 4
        assert str(uuid.UUID(value)) == value


def test_a_valid_key_comes_back_stripped() -> None:
    assert validate_idempotency_key("order-42") == "order-42"
    assert validate_idempotency_key("  order-42\n") == "order-42"
    assert validate_idempotency_key("k" * MAX_KEY_LENGTH) == "k" * MAX_KEY_LENGTH
    # The length counts what the server sees: the stripped key.
    assert validate_idempotency_key(" " + "k" * MAX_KEY_LENGTH + " ") == "k" * MAX_KEY_LENGTH
    assert validate_idempotency_key(new_idempotency_key())


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("k" * (MAX_KEY_LENGTH + 1), "at most 256"),
        ("two words", "visible ASCII"),
        ("tab\tkey", "visible ASCII"),
        ("clé", "visible ASCII"),
        (None, "must be a str"),
        (42, "must be a str"),
    ],
)
def test_invalid_keys_raise_value_error_without_quoting_them(key: object, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        validate_idempotency_key(key)  # type: ignore[arg-type]
    if isinstance(key, str) and len(key.strip()) > 3:
        assert key not in str(info.value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("transport", "kneo_client.transport"),
        ("kneo_client", "kneo_client"),
        ("kneo_client.foo", "kneo_client.foo"),
        ("kneo_clientele", "kneo_client.kneo_clientele"),
    ],
)
def test_loggers_live_under_kneo_client(name: str, expected: str) -> None:
    assert get_logger(name).name == expected
    assert get_logger().name == "kneo_client"


def test_the_library_logger_has_a_null_handler() -> None:
    assert any(
        isinstance(h, logging.NullHandler) for h in logging.getLogger("kneo_client").handlers
    )


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "X-Kneo-Api-Key",
        "Cookie",
        "Set-Cookie",
        "Proxy-Authorization",
        "x-authorization-upstream",
        "X-Api-Key",
        "X-Auth-Token",
        "x-client-secret",
    ],
)
def test_sensitive_headers_are_redacted_case_insensitively(name: str) -> None:
    for spelling in (name, name.lower(), name.upper()):
        assert redact_headers({spelling: KEY}) == {spelling: REDACTED}


def test_other_headers_pass_and_the_input_is_not_changed() -> None:
    headers = {
        "Authorization": f"Bearer {KEY}",
        "Idempotency-Key": "k1",
        "X-Request-ID": "r1",
        "Content-Type": "application/json",
    }
    redacted = redact_headers(headers)
    assert redacted == {
        "Authorization": REDACTED,
        "Idempotency-Key": "k1",
        "X-Request-ID": "r1",
        "Content-Type": "application/json",
    }
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert redact_headers(httpx.Headers(headers))["authorization"] == REDACTED


def test_a_key_never_reaches_the_logs_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    log = get_logger("transport")
    headers = {"Authorization": f"Bearer {KEY}", "X-Request-ID": "r-1"}
    with caplog.at_level(logging.DEBUG, logger="kneo_client"):
        log.debug("attempt=1 headers=%s", redact_headers(headers))
        # Even a caller who forgets to redact: mapping arguments are masked by the logger.
        log.debug("attempt=2 headers=%s", headers)
        log.debug("attempt=3 headers=%s", httpx.Headers(headers))
        log.debug("attempt=%(n)s key=%(Authorization)s", {"n": 4, "Authorization": KEY})
        log.debug("attempt=%d sent %s", 5, headers)
    assert len(caplog.records) == 5
    assert KEY not in caplog.text
    assert caplog.text.count(REDACTED) == 5
    assert "r-1" in caplog.text


def test_generated_ids_are_uuid4_text_as_the_uuid_module_writes_it() -> None:
    import uuid

    from kneo_client.core.idempotency import new_idempotency_key
    from kneo_client.core.request_ids import generate_request_id, uuid4_text

    values = {uuid4_text() for _ in range(2000)} | {new_idempotency_key(), generate_request_id()}
    assert len(values) == 2002
    for text in values:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text
