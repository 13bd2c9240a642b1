"""Keystone's ServiceConfig: settings from arguments and both env spellings; the core using it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest
import sdk_core
from polarity_keystone import (
    KeystoneAuthError,
    KeystoneConnectionError,
    KeystoneInvalidArgumentError,
    KeystoneMalformedResponseError,
    KeystoneNotFoundError,
    KeystoneRateLimitError,
    KeystoneServerError,
    KeystoneTimeoutError,
    __version__,
)
from polarity_keystone import _config as config
from polarity_keystone._config import (
    CONFIG,
    resolve_api_key,
    resolve_base_url,
    resolve_sandbox_id,
    resolve_workspace,
)
from polarity_keystone.types import Sandbox

KEY = "ks_live_0123456789abcdef"
OTHER_KEY = "plr_live_fedcba9876543210"
ENV_NAMES = [
    *(
        prefix + suffix
        for prefix in ("KEYSTONE_", "POLARITY_")
        for suffix in ("API_KEY", "BASE_URL", "SANDBOX_ID", "WORKSPACE")
    ),
    "KEYSTONE_API_URL",
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


# -- the config itself ------------------------------------------------------------------------


def test_identity_and_headers() -> None:
    assert CONFIG.name == "keystone"
    assert CONFIG.user_agent == f"polarity-keystone-python/{__version__}"
    assert CONFIG.request_id_header == "X-Request-Id"
    assert CONFIG.idempotency_header == "Idempotency-Key"
    assert (CONFIG.auth_header, CONFIG.auth_scheme) == ("Authorization", "Bearer")
    assert CONFIG.default_base_url == "https://keystone.polarity.so"


def test_the_version_sorts_after_the_published_client() -> None:
    release = tuple(int(part) for part in __version__.split("."))
    assert release > (0, 3, 3)


def test_retries_cover_rate_limits_and_transient_server_errors() -> None:
    assert CONFIG.retry.statuses == frozenset({429, 500, 502, 503, 504})
    assert CONFIG.retry.max_retries == 3
    assert CONFIG.retry.delay_after_status(1, 429, retry_after=2.0) == 2.0
    assert CONFIG.retry.delay_after_status(1, 404, retry_after=None) is None
    assert CONFIG.retry.delay_after_status(4, 503, retry_after=None) is None


def test_the_error_map_uses_keystones_classes() -> None:
    errors = CONFIG.errors
    assert errors.argument_error is KeystoneInvalidArgumentError
    assert errors.credentials_error is KeystoneAuthError
    assert errors.connection is KeystoneConnectionError
    assert errors.timeout is KeystoneTimeoutError
    assert errors.decode is KeystoneMalformedResponseError


# -- the API key --------------------------------------------------------------------------------


def test_an_explicit_key_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYSTONE_API_KEY", OTHER_KEY)
    assert resolve_api_key(KEY).reveal() == KEY


def test_the_pages_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYSTONE_API_KEY", KEY)
    assert resolve_api_key(None).reveal() == KEY


def test_the_polarity_spelling_is_read_when_the_pages_is_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POLARITY_API_KEY", OTHER_KEY)
    assert resolve_api_key(None).reveal() == OTHER_KEY
    monkeypatch.setenv("KEYSTONE_API_KEY", "")  # empty counts as unset
    assert resolve_api_key(None).reveal() == OTHER_KEY


def test_the_pages_spelling_wins_over_polarity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLARITY_API_KEY", OTHER_KEY)
    monkeypatch.setenv("KEYSTONE_API_KEY", KEY)
    assert resolve_api_key(None).reveal() == KEY


def test_no_key_is_a_typed_error_naming_the_variable() -> None:
    with pytest.raises(
        KeystoneAuthError, match=r"no API key: pass api_key=\.\.\. or set \$KEYSTONE_API_KEY"
    ):
        resolve_api_key(None)


@pytest.mark.parametrize(
    "bad",
    ["ks_live_abc def", "ks_live_abc\n", "ks_live_abç", "   ", "\tks_live_x"],
    ids=["space", "newline", "non-ascii", "blank", "tab"],
)
def test_a_key_a_header_cannot_carry_is_refused_without_quoting_it(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(KeystoneAuthError) as caught:
        resolve_api_key(bad)
    assert bad.strip() not in str(caught.value) or not bad.strip()
    assert "argument api_key" in str(caught.value)
    monkeypatch.setenv("POLARITY_API_KEY", bad)
    with pytest.raises(KeystoneAuthError, match=r"\$POLARITY_API_KEY"):
        resolve_api_key(None)


def test_a_key_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(KeystoneAuthError, match="must be a str, not bytes"):
        resolve_api_key(b"ks_live_x")  # type: ignore[arg-type]


def test_other_key_shapes_are_accepted() -> None:
    # Only what a header can carry is checked: sandbox-scoped or test keys may look different.
    assert resolve_api_key("plr_live_x").reveal() == "plr_live_x"
    assert resolve_api_key("ks_sandbox_sb-abc.7f").reveal() == "ks_sandbox_sb-abc.7f"


def test_the_resolved_key_never_prints_itself() -> None:
    secret = resolve_api_key(KEY)
    assert KEY not in repr(secret)
    assert KEY not in str(secret)


# -- the base URL -------------------------------------------------------------------------------


def test_the_default_base_url_is_the_pages() -> None:
    assert resolve_base_url(None) == "https://keystone.polarity.so"
    assert resolve_base_url("") == "https://keystone.polarity.so"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"KEYSTONE_BASE_URL": "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080"),
        ({"POLARITY_BASE_URL": "https://api.plr.sh"}, "https://api.plr.sh"),
        (
            {"KEYSTONE_BASE_URL": "https://a.example", "POLARITY_BASE_URL": "https://b.example"},
            "https://a.example",
        ),
        ({"KEYSTONE_BASE_URL": "", "POLARITY_BASE_URL": "https://b.example"}, "https://b.example"),
    ],
)
def test_the_base_url_from_the_environment(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert resolve_base_url(None) == expected


def test_an_explicit_base_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYSTONE_BASE_URL", "https://a.example")
    monkeypatch.setenv("POLARITY_BASE_URL", "https://b.example")
    assert resolve_base_url("https://c.example/api/") == "https://c.example/api"


@pytest.mark.parametrize("name", ["KEYSTONE_BASE_URL", "POLARITY_BASE_URL"])
def test_a_bad_base_url_names_the_variable_it_came_from(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, "keystone.polarity.so")
    with pytest.raises(KeystoneInvalidArgumentError, match=rf"base_url from \${name} must be"):
        resolve_base_url(None)


@pytest.mark.parametrize(
    "bad",
    [
        "https://keystone.polarity.so/?token=abc",
        "https://user:pw@keystone.polarity.so",
        "ftp://keystone.polarity.so",
        "https://keystone polarity.so",
    ],
)
def test_bad_base_urls_are_refused_before_any_request(bad: str) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="argument base_url"):
        resolve_base_url(bad)


# -- sandbox id and workspace ---------------------------------------------------------------------


def test_sandbox_id_from_argument_then_both_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_sandbox_id(None) is None
    monkeypatch.setenv("POLARITY_SANDBOX_ID", "sb-polarity")
    assert resolve_sandbox_id(None) == "sb-polarity"
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", "sb-keystone")
    assert resolve_sandbox_id(None) == "sb-keystone"
    assert resolve_sandbox_id("sb-explicit") == "sb-explicit"


def test_an_empty_sandbox_id_means_agent_mode_without_reading_the_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", "sb-env")
    assert resolve_sandbox_id("") is None
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", "   ")
    assert resolve_sandbox_id(None) is None


def test_a_sandbox_id_must_be_text() -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="sandbox_id must be a str, not int"):
        resolve_sandbox_id(7)  # type: ignore[arg-type]


def test_workspace_from_argument_then_both_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_workspace(None) is None
    monkeypatch.setenv("POLARITY_WORKSPACE", "ws_0a1b")
    assert resolve_workspace(None) == "ws_0a1b"
    monkeypatch.setenv("KEYSTONE_WORKSPACE", "Research Team")
    assert resolve_workspace(None) == "Research Team"
    assert resolve_workspace(" ws_explicit ") == "ws_explicit"
    assert config.WORKSPACE_HEADER == "X-Polarity-Workspace"


@pytest.mark.parametrize("bad", ["Équipe", "ws\r\nX-Injected: 1", "a\x7fb"])
def test_a_workspace_a_header_cannot_carry_is_refused(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="argument workspace"):
        resolve_workspace(bad)
    monkeypatch.setenv("POLARITY_WORKSPACE", bad)
    with pytest.raises(KeystoneInvalidArgumentError, match=r"\$POLARITY_WORKSPACE"):
        resolve_workspace(None)


# -- the shared core driven by this config ------------------------------------------------------

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def make_core() -> Iterator[Callable[[Handler], sdk_core.HttpCore]]:
    cores: list[sdk_core.HttpCore] = []

    def make(handler: Handler) -> sdk_core.HttpCore:
        core = sdk_core.HttpCore(
            CONFIG,
            base_url=resolve_base_url(None),
            api_key=resolve_api_key(KEY),
            retry_policy=sdk_core.RetryPolicy.testing(),
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        )
        cores.append(core)
        return core

    yield make
    for core in cores:
        core.close()


def parse_sandbox(raw: bytes) -> Sandbox:
    return Sandbox.from_dict(json.loads(raw))


def get(path: str = "/v1/sandboxes/sb-abc") -> sdk_core.RequestPlan:
    return sdk_core.build_raw_plan(CONFIG, "GET", path)


def test_requests_carry_the_key_agent_and_one_request_id_across_retries(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) < 3:
            return httpx.Response(503, json={"error": "warming up"})
        return httpx.Response(200, json={"id": "sb-abc", "services": {"db": {"port": 5432}}})

    sandbox = make_core(handler).call(get(), parse_sandbox)
    assert sandbox.services["db"].port == 5432
    assert len(seen) == 3
    assert {r.headers["Authorization"] for r in seen} == {f"Bearer {KEY}"}
    assert {r.headers["User-Agent"] for r in seen} == {config.USER_AGENT}
    assert len({r.headers["X-Request-Id"] for r in seen}) == 1
    assert str(seen[0].url) == "https://keystone.polarity.so/v1/sandboxes/sb-abc"


def test_a_retried_post_sends_one_idempotency_key(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        if len(keys) == 1:
            return httpx.Response(429, json={"error": "slow down"}, headers={"Retry-After": "0"})
        return httpx.Response(200, json={"id": "sb-new"})

    plan = sdk_core.build_raw_plan(CONFIG, "POST", "/v1/sandboxes", json={"spec_id": "x"})
    assert make_core(handler).call(plan, parse_sandbox).id == "sb-new"
    assert len(keys) == 2
    assert keys[0] == keys[1]


def test_a_service_error_through_the_core(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            404, json={"error": "sandbox sb-abc not found"}, headers={"X-Request-Id": "req_7"}
        )

    with pytest.raises(KeystoneNotFoundError) as caught:
        make_core(handler).call(get(), parse_sandbox)
    err = caught.value
    assert (err.status_code, err.message, err.request_id) == (
        404,
        "sandbox sb-abc not found",
        "req_7",
    )
    assert str(err) == (
        "GET /v1/sandboxes/sb-abc → 404 Not Found: sandbox sb-abc not found (request id req_7)"
    )


def test_persistent_rate_limits_and_server_errors_give_up_typed(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    calls = {"n": 0}

    def limited(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(429, json={"error": "slow down"}, headers={"Retry-After": "1"})

    with pytest.raises(KeystoneRateLimitError) as caught:
        make_core(limited).call(get(), parse_sandbox)
    assert caught.value.retry_after == 1.0
    assert calls["n"] == 4  # the first attempt and 3 retries

    with pytest.raises(KeystoneServerError, match="502"):
        make_core(lambda request: httpx.Response(502, text="bad gateway")).call(
            get(), parse_sandbox
        )


def test_a_key_echoed_in_an_error_never_reaches_the_exception(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": f"bad key {request.headers['Authorization']}"})

    with pytest.raises(KeystoneAuthError) as caught:
        make_core(handler).call(get(), parse_sandbox)
    for text in (str(caught.value), repr(caught.value), json.dumps(caught.value.body)):
        assert KEY not in text


def test_a_timeout_is_typed_and_a_builtin_timeout(
    make_core: Callable[[Handler], sdk_core.HttpCore],
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(KeystoneTimeoutError) as caught:
        make_core(handler).call(get(), parse_sandbox)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.request_id


def test_a_refused_connection_is_typed(make_core: Callable[[Handler], sdk_core.HttpCore]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(KeystoneConnectionError, match="after 4 attempts"):
        make_core(handler).call(get(), parse_sandbox)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<html>not json</html>", "JSONDecodeError"),
        (b'{"id": 7}', r"Sandbox\.id: expected a string, got an integer"),
        (b'["sb-abc"]', "Sandbox: expected an object, got an array"),
    ],
)
def test_a_malformed_success_body_is_typed_and_names_the_request(
    content: bytes, expected: str, make_core: Callable[[Handler], sdk_core.HttpCore]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"X-Request-Id": "req_m"})

    with pytest.raises(KeystoneMalformedResponseError, match=expected) as caught:
        make_core(handler).call(get(), parse_sandbox)
    assert caught.value.request_id == "req_m"
    assert caught.value.status_code == 200
    assert "GET /v1/sandboxes/sb-abc" in str(caught.value)
