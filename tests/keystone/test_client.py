"""The Keystone clients themselves: construction, ``from_sandbox``, encoding of every path and
query value, typed errors, retries, and sync use inside an event loop and across threads."""

from __future__ import annotations

import asyncio
import json
import threading
from urllib.parse import quote

import httpx
import pytest
from polarity_keystone import (
    AsyncKeystone,
    Keystone,
    KeystoneAuthError,
    KeystoneError,
    KeystoneInvalidArgumentError,
    KeystoneMalformedResponseError,
    KeystoneNotFoundError,
    KeystoneRateLimitError,
    KeystoneServerError,
    KeystoneTimeoutError,
    KeystoneValidationError,
    RetryPolicy,
)
from polarity_keystone.types import Sandbox, ServiceInfo

from tests.keystone._scripted import (
    BASE,
    KEY,
    Script,
    async_client,
    client_of,
    collect,
    query,
    raw_path,
    run,
    sync_client,
)

ENV = [
    prefix + suffix
    for prefix in ("KEYSTONE_", "POLARITY_")
    for suffix in ("API_KEY", "BASE_URL", "SANDBOX_ID", "WORKSPACE")
]
HOSTILE_IDS = ["a b", "a#b", "a?b", "100%", "a+b", "日本語", "a/b", "..a", "%2e%2e", "x&y=z"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


# -- construction ---------------------------------------------------------------------------


def test_key_and_origin_come_from_either_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLARITY_API_KEY", KEY)
    monkeypatch.setenv("POLARITY_BASE_URL", "https://plr.example/")
    ks = Keystone()
    assert ks.base_url == "https://plr.example"
    assert ks._http.ctx.base_headers["Authorization"] == f"Bearer {KEY}"
    monkeypatch.setenv("KEYSTONE_API_KEY", "ks_live_other")
    monkeypatch.setenv("KEYSTONE_BASE_URL", "https://ks.example")
    ks = Keystone()
    assert ks.base_url == "https://ks.example"
    assert ks._http.ctx.base_headers["Authorization"] == "Bearer ks_live_other"


def test_the_pages_defaults() -> None:
    ks = Keystone(KEY)
    assert ks.base_url == "https://keystone.polarity.so"
    assert ks._http.ctx.timeout.read == 30
    assert Keystone(KEY, "https://x.example", 5)._http.ctx.timeout.read == 5


def test_no_key_fails_at_construction_without_quoting_anything() -> None:
    with pytest.raises(KeystoneAuthError, match="KEYSTONE_API_KEY"):
        Keystone()
    with pytest.raises(KeystoneAuthError) as info:
        Keystone("ks_live_has a space")
    assert "has a space" not in str(info.value)


def test_repr_never_shows_the_key() -> None:
    for client in (Keystone(KEY), AsyncKeystone(KEY), Keystone("custom-token-123")):
        text = repr(client)
        assert KEY not in text
        assert "custom-token-123" not in text
    assert repr(Keystone(KEY)) == (
        "Keystone(base_url='https://keystone.polarity.so', api_key='ks_live_***')"
    )


# -- from_sandbox ---------------------------------------------------------------------------


SANDBOX = {
    "id": "sb-42",
    "spec_id": "s",
    "services": {"db": {"host": "db", "port": 5432, "ready": True}, "cache": {"host": "c"}},
}


def test_from_sandbox_needs_the_sandbox_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYSTONE_API_KEY", KEY)
    with pytest.raises(KeystoneError, match="KEYSTONE_SANDBOX_ID is not set"):
        Keystone.from_sandbox()
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", "   ")
    with pytest.raises(KeystoneError, match="KEYSTONE_SANDBOX_ID"):
        asyncio.run(AsyncKeystone.from_sandbox())


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("prefix", ["KEYSTONE_", "POLARITY_"])
def test_from_sandbox_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, flavour: str, prefix: str
) -> None:
    monkeypatch.setenv(prefix + "SANDBOX_ID", "sb-42")
    monkeypatch.setenv(prefix + "API_KEY", KEY)
    monkeypatch.setenv(prefix + "BASE_URL", "https://inside.sandbox")
    script = Script().json("GET", "/v1/sandboxes/sb-42", SANDBOX)
    cls = Keystone if flavour == "sync" else AsyncKeystone
    http = (httpx.Client if flavour == "sync" else httpx.AsyncClient)(
        transport=httpx.MockTransport(script)
    )
    ks, sb = run(cls.from_sandbox(http_client=http))  # type: ignore[arg-type]
    assert isinstance(ks, cls)
    assert isinstance(sb, Sandbox)
    assert sb.services["db"] == ServiceInfo(host="db", port=5432, ready=True)
    assert sb.services["cache"].port == 0
    assert str(script.last.url) == "https://inside.sandbox/v1/sandboxes/sb-42"
    assert script.last.headers["Authorization"] == f"Bearer {KEY}"


def test_from_sandbox_without_a_key_or_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYSTONE_SANDBOX_ID", "sb-gone")
    with pytest.raises(KeystoneAuthError):
        Keystone.from_sandbox()
    monkeypatch.setenv("KEYSTONE_API_KEY", KEY)
    script = Script()
    http = httpx.Client(transport=httpx.MockTransport(script))
    with pytest.raises(KeystoneNotFoundError):
        Keystone.from_sandbox(http_client=http, retry_policy=RetryPolicy.testing())


# -- every id and query value arrives exactly ------------------------------------------------


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_ids_and_file_paths_are_encoded_in_one_segment(flavour: str, value: str) -> None:
    script = Script()
    ks = client_of(flavour, script, max_retries=0)
    encoded = quote(value, safe="")
    calls = [
        (lambda: ks.sandboxes.get(value), f"/v1/sandboxes/{encoded}"),
        (lambda: ks.sandboxes.read_file("sb", value), f"/v1/sandboxes/sb/files/{encoded}"),
        (
            lambda: ks.sandboxes.delete_file(value, value),
            f"/v1/sandboxes/{encoded}/files/{encoded}",
        ),
        (lambda: ks.agents.get(value, tag=value), f"/v1/agents/{encoded}/tags/{encoded}"),
        (lambda: ks.prompts.get(value, version=7), f"/v1/prompts/{encoded}/versions/7"),
        (lambda: ks.experiments.metrics(value), f"/v1/metrics/experiments/{encoded}"),
        (lambda: ks.datasets.get_records(value), f"/v1/datasets/{encoded}/records"),
        (lambda: ks.export.trace(value), f"/v1/traces/{encoded}"),
    ]
    for call, path in calls:
        with pytest.raises(KeystoneNotFoundError):
            run(call())
        assert raw_path(script.last) == path
    # The published client sent "files/a" for "a#b" and split at "?"; a written file's path
    # goes in the body, as is.
    with pytest.raises(KeystoneNotFoundError):
        run(ks.sandboxes.write_file("sb", value, "x"))
    assert json.loads(script.last.content) == {"path": value, "content": "x"}


@pytest.mark.parametrize("value", [*HOSTILE_IDS, "2026-01-01T00:00:00+00:00", "c2Vj+cmV0/w=="])
def test_query_values_arrive_exactly(value: str) -> None:
    script = Script().json("GET", "/v1/traces", {"items": []})
    ks = sync_client(script)
    collect(ks.export.traces(experiment_id=value, since=value, tool=value))
    assert query(script.last) == [
        ("limit", "100"),
        ("experiment_id", value),
        ("tool", value),
        ("since", value),
    ]
    script.json("GET", "/v1/datasets/d/records", [])
    ks.datasets.get_records("d", tags=[value.replace(",", "")])
    assert query(script.last) == [("tags", value)]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda ks: ks.sandboxes.get(".."), "sandbox_id"),
        (lambda ks: ks.sandboxes.read_file("sb", "."), "path"),
        (lambda ks: ks.sandboxes.get("a\r\nb"), "sandbox_id"),
        (lambda ks: ks.sandboxes.create(""), "spec_id"),
        (lambda ks: ks.sandboxes.create("s", timeout="soon"), "timeout"),
        (lambda ks: ks.sandboxes.create("s", timeout=float("nan")), "timeout"),
        (lambda ks: ks.sandboxes.create("s", metadata={"a": 1}), "metadata"),
        (lambda ks: ks.sandboxes.write_file("sb", "a", b"\xff\xfe"), "content"),
        (lambda ks: ks.sandboxes.ingest_trace("sb", "events"), "events"),
        (lambda ks: ks.specs.create("   "), "yaml_content"),
        (lambda ks: ks.alerts.create({"name": "n"}), "condition"),
        (lambda ks: ks.alerts.create({"name": "n", "condition": "c", "chanel": "x"}), "chanel"),
        (lambda ks: ks.alerts.create("n", "c", webhook_url="not a url"), "webhook_url"),
        (lambda ks: ks.agents.get("a", tag="t", version=1), "tag or version"),
        (lambda ks: ks.agents.get("a", tag=3), "version="),
        (lambda ks: ks.agents.list(limit=0), "limit"),
        (lambda ks: ks.agents.delete(object()), "snapshot"),
        (lambda ks: ks.datasets.add_records("d", []), "records"),
        (lambda ks: ks.datasets.add_records("d", [{"expected": 1}]), "input"),
        (lambda ks: ks.datasets.get_records("d", tags=["a,b"]), "comma"),
        (lambda ks: ks.datasets.get_records("d", version=-1), "version"),
        (lambda ks: ks.scoring.score_experiment("e", []), "rule_ids"),
        (lambda ks: ks.scoring.create_rule("n", "k", {"x": float("inf")}), "config"),
        (lambda ks: ks.export.experiment("e", format="csv"), "format"),
        (lambda ks: ks.export.traces(limit=-5), "limit"),
        (lambda ks: ks.prompts.get("p", version=1, tag="t"), "version or tag"),
        (lambda ks: ks.prompts.render("p", x=object()), "variables"),
        (lambda ks: ks.experiments.run_and_wait("e", poll_interval=0), "poll_interval"),
        (lambda ks: ks.experiments.run_and_wait("e", scores=[lambda s: 1.0]), "@Scorer"),
    ],
)
def test_bad_input_is_refused_before_sending(call: object, argument: str) -> None:
    script = Script()
    with pytest.raises(KeystoneInvalidArgumentError, match=argument) as info:
        call(sync_client(script))  # type: ignore[operator]
    assert isinstance(info.value, ValueError)
    assert script.requests == []


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, KeystoneValidationError),
        (404, KeystoneNotFoundError),
        (422, KeystoneValidationError),
        (429, KeystoneRateLimitError),
        (500, KeystoneServerError),
        (503, KeystoneServerError),
    ],
)
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_errors_are_typed_and_carry_the_request_id(
    status: int, cls: type[KeystoneError], flavour: str
) -> None:
    answer = httpx.Response(
        status, json={"error": f"nope {status}"}, headers={"X-Request-Id": f"req_{status}"}
    )
    script = Script().on("GET", "/v1/experiments/e1", answer)
    with pytest.raises(cls) as info:
        run(client_of(flavour, script).experiments.get("e1"))
    err = info.value
    assert err.status_code == status
    assert err.request_id == f"req_{status}"
    assert err.message == f"nope {status}"
    assert "GET /v1/experiments/e1" in str(err)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_non_json_answer_is_a_typed_error_not_a_jsondecodeerror(flavour: str) -> None:
    answer = httpx.Response(200, content=b"<html>oops</html>", headers={"X-Request-Id": "r1"})
    script = Script().on("GET", "/v1/sandboxes/sb", answer)
    with pytest.raises(KeystoneMalformedResponseError) as info:
        run(client_of(flavour, script).sandboxes.get("sb"))
    assert info.value.request_id == "r1"
    script.json("GET", "/v1/sandboxes", {"not": "a list"})
    with pytest.raises(KeystoneMalformedResponseError):
        run(client_of(flavour, script).sandboxes.list())
    script.json("GET", "/v1/sandboxes/sb", {"id": "sb", "services": {"db": {"port": "x"}}})
    with pytest.raises(KeystoneMalformedResponseError, match="port"):
        run(client_of(flavour, script).sandboxes.get("sb"))


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_read_timeout_is_a_typed_timeout(flavour: str) -> None:
    script = Script().on("GET", "/health", httpx.ReadTimeout("slow"))
    with pytest.raises(KeystoneTimeoutError) as info:
        run(client_of(flavour, script, retry_policy=RetryPolicy.testing(1)).health())
    assert isinstance(info.value, TimeoutError)
    assert len(script.requests) == 2


def test_retries_keep_one_idempotency_key_and_honour_the_budget() -> None:
    script = Script().on(
        "POST",
        "/v1/experiments/e/run",
        httpx.Response(503, json={"error": "busy"}),
        httpx.ConnectError("reset"),
        httpx.Response(202),
    )
    sync_client(script).experiments.run("e")
    assert len(script.requests) == 3
    assert len({r.headers["Idempotency-Key"] for r in script.requests}) == 1
    script = Script().on("GET", "/v1/specs", httpx.Response(503, json={"error": "down"}))
    with pytest.raises(KeystoneServerError):
        sync_client(script, max_retries=0).specs.list()
    assert len(script.requests) == 1


def test_the_key_never_appears_in_errors_even_when_echoed() -> None:
    script = Script().json("GET", "/v1/specs", {"error": f"bad key {KEY}"}, status=401)
    with pytest.raises(KeystoneAuthError) as info:
        sync_client(script).specs.list()
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value.body)


# -- the sync client in a running loop, across threads; with_options --------------------------


def test_sync_client_works_inside_a_running_event_loop() -> None:
    script = Script().json("GET", "/health", {"status": "ok"})

    async def notebook_cell() -> dict[str, object]:
        return sync_client(script).health()

    assert asyncio.run(notebook_cell()) == {"status": "ok"}


def test_one_sync_client_shared_by_threads() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": raw_path(request).rsplit("/", 1)[1]})

    script = Script()
    for n in range(160):
        script.on("GET", f"/v1/sandboxes/sb-{n}", answer)
    ks = sync_client(script)
    results: dict[int, str] = {}

    def worker(start: int) -> None:
        for n in range(start, start + 20):
            results[n] = ks.sandboxes.get(f"sb-{n}").id

    threads = [threading.Thread(target=worker, args=(k * 20,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"sb-{n}" for n in range(160)}


async def test_async_client_runs_calls_concurrently() -> None:
    script = Script().json("GET", "/v1/specs/s", {"id": "s"})
    async with async_client(script) as ks:
        specs = await asyncio.gather(*(ks.specs.get("s") for _ in range(20)))
    assert {s.id for s in specs} == {"s"}
    assert len(script.requests) == 20


def test_with_options_and_close() -> None:
    script = Script().json("GET", "/v1/specs", [])
    ks = sync_client(script)
    quick = ks.with_options(timeout=2, extra_headers={"X-Trace": "1"})
    quick.specs.list()
    assert script.last.headers["X-Trace"] == "1"
    assert script.last.extensions["timeout"]["read"] == 2
    ks.close()
    with pytest.raises(KeystoneError, match="closed"):
        quick.specs.list()
    with sync_client(script) as other:
        other.specs.list()
    assert BASE in str(script.last.url)
