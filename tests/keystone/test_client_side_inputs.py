"""The client-side set-up methods (``init_tracing``, ``wrap``, ``observe``) as a hostile user
calls them: typed errors for bad input, the typed "closed" error on a closed client, and
nothing half-applied when they refuse.

(The bad-input matrix of ``tests/test_bad_input.py`` covers the methods that send requests;
these three send nothing themselves, so they are checked here.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from polarity_keystone import AsyncKeystone, Keystone, KeystoneError, KeystoneInvalidArgumentError
from polarity_keystone._tracing import current_span, reset_tracing, start_span
from polarity_keystone.testing import API_KEY

BASE_URL = "http://127.0.0.1:9"  # never reached: nothing here sends


@pytest.fixture(autouse=True)
def _no_tracing_left_behind() -> Iterator[None]:
    reset_tracing()
    yield
    reset_tracing()


@pytest.fixture(params=["sync", "async"])
def ks(request: pytest.FixtureRequest) -> Keystone | AsyncKeystone:
    if request.param == "sync":
        return Keystone(API_KEY, base_url=BASE_URL)
    return AsyncKeystone(API_KEY, base_url=BASE_URL)


BAD_SANDBOX_IDS = [
    pytest.param("..", id="dot-dot"),
    pytest.param(".", id="dot"),
    pytest.param("sb\x00x", id="nul"),
    pytest.param("sb\nx", id="newline"),
    pytest.param("x" * 5000, id="huge"),
    pytest.param(7, id="int"),
    pytest.param(b"sb-1", id="bytes"),
]


@pytest.mark.parametrize("sandbox_id", BAD_SANDBOX_IDS)
def test_init_tracing_refuses_a_sandbox_id_that_cannot_be_a_path_segment(
    ks: Keystone | AsyncKeystone, sandbox_id: Any
) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="sandbox_id"):
        ks.init_tracing(sandbox_id)
    # Refused before anything was set up: spans are still not recorded.
    assert not start_span("after-refusal").is_recording


@pytest.mark.parametrize("sandbox_id", ["../x", "sb?x=1", "sb#frag", "sb 1", "sb-é"])
def test_init_tracing_accepts_ids_the_core_encodes_as_one_segment(
    ks: Keystone | AsyncKeystone, sandbox_id: str
) -> None:
    assert ks.init_tracing(sandbox_id) is True
    span = start_span("encoded")
    assert span.is_recording
    span.end()


def test_init_tracing_refuses_an_object_that_is_not_a_tracer(ks: Keystone | AsyncKeystone) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="otel_tracer"):
        ks.init_tracing(otel_tracer="not a tracer")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda ks: ks.wrap("openai"), id="wrap-str"),
        pytest.param(lambda ks: ks.wrap(object()), id="wrap-object"),
        pytest.param(lambda ks: ks.wrap(None), id="wrap-none"),
        pytest.param(lambda ks: ks.observe(clients=5), id="observe-int"),
        pytest.param(lambda ks: ks.observe(clients="openai"), id="observe-str"),
        pytest.param(lambda ks: ks.observe(clients={"a": 1}), id="observe-mapping"),
        pytest.param(lambda ks: ks.observe(tracing="yes"), id="observe-flag-str"),
        pytest.param(lambda ks: ks.observe(auto_instrument=1), id="observe-flag-int"),
        pytest.param(lambda ks: ks.observe(sandbox_id=".."), id="observe-dot-dot"),
    ],
)
def test_wrap_and_observe_give_typed_errors_for_bad_input(
    ks: Keystone | AsyncKeystone, call: Callable[[Any], object]
) -> None:
    with pytest.raises(KeystoneInvalidArgumentError):
        call(ks)
    assert current_span() is None
    assert not start_span("after-refusal").is_recording


def test_bad_flags_refuse_before_the_client_is_touched(ks: Keystone | AsyncKeystone) -> None:
    import openai

    llm = openai.OpenAI(api_key="sk-test-not-real", base_url=BASE_URL)
    before = llm.chat.completions.create
    with pytest.raises(KeystoneInvalidArgumentError, match="tracing"):
        ks.wrap(llm, tracing="no")  # type: ignore[arg-type]
    assert llm.chat.completions.create == before  # not instrumented by a refused call


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda ks: ks.init_tracing(), id="init_tracing"),
        pytest.param(lambda ks: ks.observe(), id="observe"),
        pytest.param(lambda ks: ks.wrap(object()), id="wrap"),
    ],
)
async def test_a_closed_client_refuses_the_set_up_methods(call: Callable[[Any], object]) -> None:
    clients: list[Keystone | AsyncKeystone] = [
        Keystone(API_KEY, base_url=BASE_URL),
        AsyncKeystone(API_KEY, base_url=BASE_URL),
    ]
    for client in clients:
        if isinstance(client, Keystone):
            client.close()
        else:
            await client.close()
        with pytest.raises(KeystoneError, match="closed"):
            call(client)
        assert not start_span("after-close").is_recording


def test_the_key_never_shows_in_a_refusal(ks: Keystone | AsyncKeystone) -> None:
    with pytest.raises(KeystoneInvalidArgumentError) as info:
        ks.wrap(API_KEY)
    assert API_KEY not in str(info.value)
    assert API_KEY not in repr(info.value)
