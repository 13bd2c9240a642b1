from __future__ import annotations

import httpx
import pytest
from kneo_client.core.auth import ApiKeyAuth, AuthScheme

from tests.kneo.conftest import KEY


def echo_headers(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={k: v for k, v in request.headers.multi_items()})


def test_scheme_names_and_values_are_the_documented_ones() -> None:
    assert AuthScheme.BEARER.value == "bearer"
    assert AuthScheme.KNEO_API_KEY.value == "kneo_api_key"
    assert AuthScheme("kneo_api_key") is AuthScheme.KNEO_API_KEY
    assert str(AuthScheme.BEARER) == "bearer"
    assert isinstance(AuthScheme.BEARER, str)  # a string-valued enum


@pytest.mark.parametrize(
    ("scheme", "header", "value", "absent"),
    [
        (AuthScheme.BEARER, "authorization", f"Bearer {KEY}", "x-kneo-api-key"),
        (AuthScheme.KNEO_API_KEY, "x-kneo-api-key", KEY, "authorization"),
        ("kneo_api_key", "x-kneo-api-key", KEY, "authorization"),
    ],
)
def test_the_key_goes_in_the_schemes_header(
    scheme: AuthScheme | str, header: str, value: str, absent: str
) -> None:
    with httpx.Client(transport=httpx.MockTransport(echo_headers)) as client:
        sent = client.get("https://kneo/v1/healthz", auth=ApiKeyAuth(KEY, scheme)).json()
    assert sent[header] == value
    assert absent not in sent


async def test_it_works_with_an_async_client() -> None:
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(echo_headers), auth=ApiKeyAuth(KEY)
    ) as client:
        sent = (await client.get("https://kneo/v1/runs")).json()
    assert sent["authorization"] == f"Bearer {KEY}"


def test_a_callers_spelling_of_the_header_is_replaced_not_duplicated() -> None:
    with httpx.Client(transport=httpx.MockTransport(echo_headers)) as client:
        response = client.get(
            "https://kneo/v1/runs",
            headers={"authorization": "Bearer stale"},
            auth=ApiKeyAuth(KEY),
        )
    assert response.request.headers.get_list("Authorization") == [f"Bearer {KEY}"]


def test_the_key_is_set_again_on_a_redirect() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-kneo-api-key"))
        if request.url.path == "/old":
            return httpx.Response(307, headers={"Location": "/new"})
        return httpx.Response(200)

    with httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True) as client:
        client.get("https://kneo/old", auth=ApiKeyAuth(KEY, AuthScheme.KNEO_API_KEY))
    assert seen == [KEY, KEY]


@pytest.mark.parametrize("key", ["", "   ", f"{KEY}\n", "two words", "clé-000000", 42])
def test_a_key_that_cannot_be_sent_is_a_value_error_that_does_not_quote_it(key: object) -> None:
    with pytest.raises(ValueError, match="api_key") as info:
        ApiKeyAuth(key)  # type: ignore[arg-type]
    if isinstance(key, str) and key.strip():
        assert key.strip() not in str(info.value)


def test_a_bad_scheme_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="scheme must be one of 'bearer', 'kneo_api_key'"):
        ApiKeyAuth(KEY, "basic")


def test_repr_and_str_redact_the_key() -> None:
    auth = ApiKeyAuth(KEY, AuthScheme.KNEO_API_KEY)
    assert repr(auth) == "ApiKeyAuth(api_key='<redacted>', scheme=kneo_api_key)"
    assert KEY not in str(auth)
    assert KEY not in repr(vars(auth))


def test_it_is_a_real_httpx_auth() -> None:
    assert isinstance(ApiKeyAuth(KEY), httpx.Auth)
