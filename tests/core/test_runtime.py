"""Call events, deadlines and the poller, paging shapes, settings, options and closed clients."""

from __future__ import annotations

import itertools
import logging
import random
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sdk_core import (
    AsyncPager,
    CallEvent,
    CursorPaging,
    Deadline,
    Defaults,
    Done,
    Environment,
    Explicit,
    HttpCore,
    OffsetPaging,
    Page,
    Pager,
    Pending,
    PollSchedule,
    ProfileFile,
    RequestPlan,
    RetryPolicy,
    Secret,
    SettingsChain,
    SettingsError,
)

from tests.core.conftest import SECRET, TOY, ToyConnection, ToyError, ToyServer


class Clock:
    """A monotonic clock that only moves when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _core(
    handler: Callable[[httpx.Request], httpx.Response], clock: Clock, **kwargs: object
) -> HttpCore:
    core = HttpCore(
        TOY,
        base_url="http://toy.test",
        api_key=Secret(SECRET),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,  # type: ignore[arg-type]
    )
    core.ctx.clock = clock
    core._sleep = clock.sleep
    return core


# -- call events


def test_every_attempt_is_an_event_and_a_failing_listener_is_ignored(
    make_core: Callable[..., HttpCore], caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={})])
    core = make_core(lambda request: next(answers))
    events: list[CallEvent] = []
    core.subscribe(events.append)
    core.subscribe(lambda event: 1 / 0)  # type: ignore[func-returns-value]
    core.send(RequestPlan("GET", "/v1/things"))
    assert [(e.kind, e.attempt, e.status_code) for e in events] == [
        ("request", 1, None),
        ("response", 1, 503),
        ("retry", 1, 503),
        ("request", 2, None),
        ("response", 2, 200),
    ]
    assert events[2].delay is not None
    assert events[2].delay > 0
    assert len({e.request_id for e in events}) == 1
    assert "call listener" in caplog.text


def test_give_up_and_transport_errors_are_events(make_core: Callable[..., HttpCore]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    core = make_core(refuse, max_retries=1)
    events: list[CallEvent] = []
    unsubscribe = core.subscribe(events.append)
    with pytest.raises(ToyConnection):
        core.send(RequestPlan("GET", "/x"))
    assert [e.kind for e in events] == ["request", "error", "retry", "request", "error", "give_up"]
    assert events[1].error == "ConnectError"
    unsubscribe()
    with pytest.raises(ToyConnection):
        core.send(RequestPlan("GET", "/x"))
    assert len(events) == 6


# -- deadlines bound retries


def test_a_deadline_stops_retries_and_cuts_each_attempts_timeout() -> None:
    clock = Clock()
    timeouts: list[object] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        raise httpx.ConnectError("refused", request=request)

    core = _core(refuse, clock)
    with pytest.raises(ToyConnection) as info:
        core.send(RequestPlan("GET", "/x", deadline=clock.now + 0.001))
    assert len(timeouts) == 1  # no retry fits in 1 ms
    assert info.value.deadline_exceeded
    # The last look at the deadline still gets a second to be answered.
    assert timeouts[0] == {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": 1.0}
    timeouts.clear()
    deadline = clock.now + 3.0
    patient = _core(refuse, clock, retry_policy=RetryPolicy(max_retries=20))
    with pytest.raises(ToyConnection):
        patient.send(RequestPlan("GET", "/x", deadline=deadline))
    assert timeouts[0] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert 2 <= len(timeouts) <= 5  # 21 attempts without the deadline
    assert clock.now < deadline  # no attempt was started past it
    reads = [t["read"] for t in timeouts]  # type: ignore[index]
    assert reads == sorted(reads, reverse=True)  # each attempt gets what is left


def test_the_poller_times_out_on_its_budget_not_after_the_retries() -> None:
    clock = Clock()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    core = _core(refuse, clock)

    def check(deadline: float | None) -> Done[str] | Pending[str]:
        core.send(RequestPlan("GET", "/x", deadline=deadline))
        return Done("never")

    def timed_out(state: object, waited: float, cause: BaseException | None) -> Exception:
        return TimeoutError(f"after {waited:.3f} s: {cause}")

    with pytest.raises(TimeoutError, match=r"after 0\.000 s") as info:
        core.poll(check, timeout=0.001, interval=1.0, on_timeout=timed_out)
    assert isinstance(info.value.__cause__, ToyConnection)


def test_poll_honours_a_longer_retry_after_and_jitters_its_interval() -> None:
    clock = Clock()
    core = _core(lambda r: httpx.Response(200), clock)
    hints = iter([None, 30.0, None, 0.5])
    polls: list[float] = []

    def check(deadline: float | None) -> Done[int] | Pending[int]:
        polls.append(clock.now)
        hint = next(hints, None)
        return Done(len(polls)) if len(polls) == 5 else Pending(len(polls), retry_after=hint)

    assert core.poll(check, timeout=None, interval=2.0, on_timeout=lambda *a: Exception()) == 5
    gaps = [b - a for a, b in itertools.pairwise(polls)]
    assert 1.8 <= gaps[0] <= 2.2  # the interval, ±10 %
    assert gaps[1] == pytest.approx(30.0)  # the server asked for longer
    assert 1.8 <= gaps[3] <= 2.2  # a shorter hint never speeds polling up


def test_the_schedule_never_sleeps_past_the_budget() -> None:
    clock = Clock()
    schedule = PollSchedule(Deadline(5.0, 2.0, clock=clock), rng=random.Random(1))
    waits = []
    while (delay := schedule.delay_after(Pending(None))) is not None:
        waits.append(delay)
        clock.sleep(delay)
    assert sum(waits) == pytest.approx(5.0)
    assert schedule.polls == len(waits) + 1


@pytest.mark.parametrize("interval", [0, -1, float("nan"), float("inf"), 10**400])
def test_bad_intervals_are_refused_before_polling(interval: float) -> None:
    clock = Clock()
    core = _core(lambda r: httpx.Response(200), clock)
    with pytest.raises(ToyError, match="interval"):
        core.poll(
            lambda d: Done(1), timeout=1, interval=interval, on_timeout=lambda *a: Exception()
        )


# -- paging shapes


def test_cursor_paging_stops_at_the_end_and_on_a_repeated_cursor() -> None:
    pages = {None: Page([1, 2], "c1"), "c1": Page([3], "c2"), "c2": Page([4], "c1")}
    assert list(Pager(pages.__getitem__)) == [1, 2, 3, 4]
    assert list(Pager(pages.__getitem__, paging=CursorPaging("c1"))) == [3, 4]
    assert Pager(pages.__getitem__).take(3) == [1, 2, 3]
    assert list(Pager(pages.__getitem__, limit=2)) == [1, 2]


def test_offset_paging_follows_total_and_never_loops_on_a_miscount() -> None:
    items = list(range(7))
    asked: list[int] = []

    def fetch(offset: int) -> Page[int]:
        asked.append(offset)
        return Page(items[offset : offset + 3], total=len(items))

    assert list(Pager(fetch, paging=OffsetPaging(3))) == items
    assert asked == [0, 3, 6]

    def lying(offset: int) -> Page[int]:  # claims more than it has
        return Page(items[offset : offset + 3], total=1000)

    assert list(Pager(lying, paging=OffsetPaging(3))) == items  # stops at the empty page

    def untold(offset: int) -> Page[int]:  # no total: a short page is the last
        return Page(items[offset : offset + 3])

    assert list(Pager(untold, paging=OffsetPaging(3, start=3))) == [3, 4, 5, 6]


@pytest.mark.anyio
async def test_async_pagers_page_and_take() -> None:
    async def fetch(offset: int) -> Page[int]:
        return Page(list(range(offset, min(offset + 2, 5))), total=5)

    pager = AsyncPager(fetch, paging=OffsetPaging(2))
    assert [item async for item in pager] == [0, 1, 2, 3, 4]
    assert await pager.take(3) == [0, 1, 2]
    assert [len(page.items) async for page in pager.pages()] == [2, 2, 1]


# -- settings chain


def test_settings_come_from_the_first_source_that_sets_them(tmp_path: Path) -> None:
    profile = tmp_path / "client.toml"
    profile.write_text('[profiles.staging]\nurl = "https://staging"\napi_key = "from-file"\n')
    chain = SettingsChain(
        Explicit({"api_key": None, "url": None}),
        Environment({"api_key": ("TOY_KEY", "TOY_LEGACY_KEY")}, environ={"TOY_LEGACY_KEY": "env"}),
        ProfileFile(profile, ("profiles", "staging")),
        Defaults({"url": "https://default", "timeout": 30.0}),
    )
    found = chain.lookup("api_key")
    assert found is not None
    assert (found.value, found.source) == ("env", "$TOY_LEGACY_KEY")
    url = chain.lookup("url")
    assert url is not None
    assert url.value == "https://staging"
    assert url.source == f"{profile} [profiles.staging] url"
    timeout = chain.lookup("timeout")
    assert timeout is not None
    assert timeout.source == "default"
    assert chain.lookup("nothing") is None
    assert "from-file" not in repr(chain.lookup("api_key")) + repr(url)


def test_a_missing_profile_file_is_silent_and_a_broken_one_names_itself(tmp_path: Path) -> None:
    assert ProfileFile(tmp_path / "absent.toml", ("x",)).lookup("url") is None
    broken = tmp_path / "broken.toml"
    broken.write_text('api_key = "gn_live_secret\n')
    with pytest.raises(SettingsError) as info:
        ProfileFile(broken).lookup("api_key")
    assert str(broken) in str(info.value)
    assert "gn_live_secret" not in str(info.value)
    scalar = tmp_path / "scalar.toml"
    scalar.write_text('profiles = "oops"\n')
    with pytest.raises(SettingsError, match=r"\[profiles.dev\]: is not a table"):
        ProfileFile(scalar, ("profiles", "dev")).lookup("url")


# -- client options, closing, secrets


def test_a_callers_retry_policy_wins_unless_max_retries_is_explicit() -> None:
    clock = Clock()
    seen: list[int] = []

    def busy(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        return httpx.Response(503)

    policy = RetryPolicy.testing(max_retries=6)
    with pytest.raises(ToyServer):
        _core(busy, clock, retry_policy=policy).send(RequestPlan("GET", "/x"))
    assert len(seen) == 7
    seen.clear()
    with pytest.raises(ToyServer):
        _core(busy, clock, retry_policy=policy, max_retries=1).send(RequestPlan("GET", "/x"))
    assert len(seen) == 2


def test_derived_cores_share_the_pool_but_not_its_lifetime(
    make_core: Callable[..., HttpCore],
) -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    core = make_core(record)
    quick = core.derive(timeout=2.0, extra_headers={"X-Team": "ml"})
    quick.send(RequestPlan("GET", "/x"))
    assert seen[-1].headers["X-Team"] == "ml"
    assert seen[-1].extensions["timeout"]["read"] == 2.0
    assert seen[-1].headers["Authorization"] == f"Bearer {SECRET}"
    with pytest.raises(ToyError, match=r"(?i)authorization"):
        core.derive(extra_headers={"authorization": "Bearer other"})
    quick.close()
    core.send(RequestPlan("GET", "/x"))  # still open
    core.close()
    with pytest.raises(ToyError, match="closed"):
        quick.send(RequestPlan("GET", "/x"))


def test_closing_a_core_ends_its_derived_cores_even_on_a_callers_open_pool() -> None:
    seen: list[httpx.Request] = []
    pool = httpx.Client(
        transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200))
    )  # type: ignore[func-returns-value]
    core = HttpCore(TOY, base_url="http://toy.test", api_key=Secret(SECRET), http_client=pool)
    grandchild = core.derive(max_retries=0).derive(timeout=1.0)
    grandchild.send(RequestPlan("GET", "/x"))
    core.close()
    assert not pool.is_closed  # the caller's pool is the caller's
    with pytest.raises(ToyError, match="closed"):
        grandchild.send(RequestPlan("GET", "/x"))
    assert len(seen) == 1
    assert "closed" in repr(grandchild)


def test_a_closed_core_raises_the_typed_error_before_sending(
    make_core: Callable[..., HttpCore],
) -> None:
    seen: list[httpx.Request] = []
    core = make_core(lambda r: seen.append(r) or httpx.Response(200))  # type: ignore[func-returns-value]
    core.close()
    core.close()  # idempotent
    with pytest.raises(ToyError, match="closed"):
        core.send(RequestPlan("GET", "/x"))
    assert seen == []


def test_connection_errors_name_the_origin_but_not_the_key(
    make_core: Callable[..., HttpCore],
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused ({SECRET})", request=request)

    with pytest.raises(ToyConnection) as info:
        make_core(refuse, max_retries=0).send(RequestPlan("GET", "/v1/x"))
    assert "http://toy.test/v1/x" in str(info.value)
    assert SECRET not in str(info.value)


def test_the_context_repr_and_the_core_repr_hold_no_secret(
    make_core: Callable[..., HttpCore],
) -> None:
    core = make_core(lambda r: httpx.Response(200))
    assert SECRET not in repr(core.ctx)
    assert SECRET not in repr(core)


def test_httpcore_debug_logs_never_show_an_echoed_key(
    make_core: Callable[..., HttpCore], caplog: pytest.LogCaptureFixture
) -> None:
    # httpcore formats its own debug lines (headers included) on its child loggers.
    core = make_core(lambda r: httpx.Response(200))
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpcore.http11").debug(
            "receive_response_headers.complete return_value=%s",
            [(b"WWW-Authenticate", f"Bearer {SECRET}".encode())],
        )
    assert SECRET not in caplog.text
    core.close()


def test_an_echoed_key_without_a_known_shape_is_masked_while_its_client_is_open(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shapeless = "plain-key-with-no-pattern-1234"
    core = HttpCore(
        TOY,
        base_url="http://toy.test",
        api_key=Secret(shapeless),
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))),
    )
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("httpcore.http11").debug("headers %s", shapeless)
    assert shapeless not in caplog.text
    core.close()


def test_constructor_arguments_are_type_checked() -> None:
    with pytest.raises(ToyError, match="retry_policy"):
        HttpCore(TOY, base_url="http://t", api_key=None, retry_policy="fast")  # type: ignore[arg-type]
    with pytest.raises(ToyError, match="AsyncClient"):
        HttpCore(TOY, base_url="http://t", api_key=None, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    for timeout in (float("inf"), float("nan"), 0, -1, 10**400, "5"):
        with pytest.raises(ToyError, match="timeout"):
            HttpCore(TOY, base_url="http://t", api_key=None, timeout=timeout)  # type: ignore[arg-type]
    for retries in (-1, True, 1.5, 10**6):
        with pytest.raises(ToyError, match="max_retries"):
            HttpCore(TOY, base_url="http://t", api_key=None, max_retries=retries)  # type: ignore[arg-type]


def test_errors_carry_the_idempotency_key_every_attempt_sent(
    make_core: Callable[..., HttpCore],
) -> None:
    keys: list[str] = []

    def busy(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("Idempotency-Key", ""))
        return httpx.Response(503)

    with pytest.raises(ToyServer) as info:
        make_core(busy, max_retries=2).send(RequestPlan("POST", "/x", json={}))
    assert len(set(keys)) == 1
    assert info.value.idempotency_key == keys[0]
    keys.clear()
    with pytest.raises(ToyServer) as info:
        make_core(busy, max_retries=0).send(RequestPlan("GET", "/x"))
    assert info.value.idempotency_key is None
    assert keys == [""]


def test_huge_retry_budgets_never_overflow_the_backoff() -> None:
    policy = RetryPolicy(max_retries=5000, sleep_scale=0.0)
    assert policy.backoff(5000, random.Random(1)) <= policy.max_backoff


def test_a_service_may_make_its_own_request_ids_and_keys() -> None:
    import dataclasses

    made = itertools.count(1)
    config = dataclasses.replace(TOY, new_id=lambda: f"id-{next(made)}")
    seen: list[httpx.Request] = []
    answers = iter([httpx.Response(503), httpx.Response(200, json={})])

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return next(answers)

    pool = httpx.Client(transport=httpx.MockTransport(record))
    core = HttpCore(config, base_url="http://toy.test", api_key=Secret(SECRET), http_client=pool)
    core._sleep = lambda seconds: None
    core.send(RequestPlan("POST", "/x"))
    assert [r.headers[TOY.request_id_header] for r in seen] == ["id-1", "id-1"]
    assert [r.headers[TOY.idempotency_header or ""] for r in seen] == ["id-2", "id-2"]
