"""The bad-input matrix: every public method and constructor of every SDK, every hostile value.

Methods are found exactly as ``tools.coverage`` finds them (``SERVICES`` + ``public_methods``),
sync and async, so a service registered there is covered here with no list to keep. Each
parameter gets each value of ``tests._hostile`` in turn, the others staying valid; a call must
end in the SDK's typed error before sending (naming the argument, never quoting a secret) or in
exactly one correct request (see :func:`tests._hostile.judge`). Constructors and
``with_options`` get the same, plus the settings that must be refused at construction; a
closed client refuses every call before sending.
"""

from __future__ import annotations

import asyncio
import inspect
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_core import RetryPolicy
from sdk_core.fakes.harness import core_of

from tests._hostile import (
    MARK,
    Case,
    Expected,
    Recorder,
    argument_cases,
    call,
    expectation,
    judge,
    valid_arguments,
)
from tools.coverage import SERVICES, public_methods, spec_operations

FLAVOURS = ("sync", "async")
#: Services whose clients are built from a profile object (Kneo's ``KneoClient(profile)``), not
#: from ``api_key`` / ``base_url`` arguments: the constructor and ``with_options`` matrices do
#: not apply; tests/kneo checks every field of a profile and the client's construction.
PROFILE_BUILT = frozenset({"kneo"})
KEYED_SERVICES = [service for service in SERVICES if service not in PROFILE_BUILT]
CONSTRUCTOR_PARAMS = (
    "api_key",
    "base_url",
    "timeout",
    "max_retries",
    "retry_policy",
    "http_client",
)
_UPLOAD_DIR = Path(tempfile.mkdtemp(prefix="bad-input-"))
UPLOAD = _UPLOAD_DIR / "probe.csv"
UPLOAD.write_text("x1,y\n1,0\n", encoding="utf-8")

#: Arguments that name the endpoint themselves (a raw escape hatch's ``path``; Keystone's ``tag``
#: and ``version``, which pick the route of ``get``): a different valid endpoint is what they are
#: for; every other judgement still applies to them.
ENDPOINT_ARGUMENTS = frozenset(
    {
        ("kneo", "request", "path"),
        ("keystone", "agents.get", "tag"),
        ("keystone", "agents.get", "version"),
        ("keystone", "prompts.get", "tag"),
        ("keystone", "prompts.get", "version"),
    }
)

#: Defects whose fix lies outside the files this matrix may change: (parameter, case) -> where.
#: Such a case is reported as an expected failure; once fixed, the test fails until it is removed.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


@cache
def _loop() -> asyncio.AbstractEventLoop:
    """The one event loop every async case runs in."""
    return asyncio.new_event_loop()


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _loop().close()
    shutil.rmtree(_UPLOAD_DIR, ignore_errors=True)


@dataclass(frozen=True)
class World:
    """One service's client of one flavour, reused by every case, and what it normally does."""

    service: str
    flavour: str
    client: Any
    recorder: Recorder
    arguments: dict[str, Any]
    base: type[BaseException]
    api_key: str
    expected: dict[str, Expected]

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        return _loop() if self.flavour == "async" else None

    def method(self, name: str) -> Callable[..., Any]:
        return dict(public_methods(self.client))[name]

    def run(self, method: Callable[..., Any], kwargs: dict[str, Any]) -> Exception | None:
        """Call ``method`` (consuming pagers and streams); the exception it raised, if any."""
        self.recorder.take()
        try:
            call(method, kwargs, self.loop)
        except Exception as exc:  # every exception is judged by the caller
            return exc
        return None

    def close(self, client: Any) -> None:
        if self.loop is None:
            client.close()
        else:
            self.loop.run_until_complete((getattr(client, "aclose", None) or client.close)())

    @property
    def probe(self) -> str:
        """The public method with the fewest parameters: what a new client is tried with."""
        return min(
            self.expected, key=lambda n: (len(inspect.signature(self.method(n)).parameters), n)
        )

    def outcome(
        self, name: str, exc: Exception | None, argument: str, case: Case, value: Any
    ) -> str | None:
        """Judge a call of method ``name`` that got ``value`` (from ``case``) for ``argument``."""
        return judge(
            exc=exc,
            sent=self.recorder.take(),
            expected=self.expected[name],
            base=self.base,
            argument=argument,
            value=value,
            secrets=(*case.secrets, self.api_key),
        )


def http_client(flavour: str, recorder: Recorder) -> httpx.Client | httpx.AsyncClient:
    transport = httpx.MockTransport(recorder)
    if flavour == "sync":
        return httpx.Client(transport=transport)
    return httpx.AsyncClient(transport=transport)


def build(service: str, flavour: str, recorder: Recorder) -> Any:
    """The coverage target's client of ``flavour``, on a transport ``recorder`` answers."""
    target = SERVICES[service]()
    make = target.sync_client if flavour == "sync" else target.async_client
    return make(http_client(flavour, recorder))  # type: ignore[arg-type]


def sending_methods(service: str, client: Any) -> Iterator[tuple[str, Any]]:
    """The client's public methods that send requests (not its client-side set-up methods,
    such as Keystone's ``init_tracing`` / ``wrap``, which have tests of their own).
    """
    client_side = SERVICES[service]().client_side
    return ((n, m) for n, m in public_methods(client) if n not in client_side)


@cache
def world(service: str, flavour: str) -> World:
    """The client every case of (``service``, ``flavour``) reuses, and its baseline calls."""
    recorder = Recorder()
    client = build(service, flavour, recorder)
    w = World(
        service,
        flavour,
        client,
        recorder,
        dict(SERVICES[service]().arguments),
        core_of(client).ctx.config.errors.base,
        core_of(client)._secret,
        {},
    )
    operations = spec_operations(service)
    for name, method in sending_methods(service, client):
        kwargs = valid_arguments(method, w.arguments, UPLOAD)
        exc = w.run(method, kwargs)
        assert exc is None or isinstance(exc, w.base), f"{name} with valid arguments: {exc!r}"
        w.expected[name] = expectation(name, w.recorder.take(), operations, kwargs)
    return w


def _settle(where: str, failures: list[tuple[str, str, str]]) -> None:
    """Fail on any unexpected bad outcome; xfail on known defects only; fail on fixed ones."""
    unknown = [text for param, label, text in failures if (param, label) not in KNOWN_DEFECTS]
    if unknown:
        shown = "\n  ".join(unknown[:40])
        more = f"\n  ... and {len(unknown) - 40} more" if len(unknown) > 40 else ""
        pytest.fail(f"{where}: {len(unknown)} bad outcome(s)\n  {shown}{more}", pytrace=False)
    if failures:
        reasons = sorted({KNOWN_DEFECTS[param, label] for param, label, _ in failures})
        pytest.xfail("known defect: " + "; ".join(reasons))


def _known_cases_fixed(param: str, cases: list[Case], failures: list[tuple[str, str, str]]) -> None:
    failed = {(p, label) for p, label, _ in failures}
    fixed = [
        key
        for key in KNOWN_DEFECTS
        if key[0] == param and key not in failed and any(case.label == key[1] for case in cases)
    ]
    assert not fixed, f"fixed, so remove from KNOWN_DEFECTS: {fixed}"


# --- every public method -----------------------------------------------------------------------


def _method_params() -> Iterator[Any]:
    for service in SERVICES:
        for flavour in FLAVOURS:
            for name, method in sending_methods(service, world(service, flavour).client):
                for param in inspect.signature(method).parameters:
                    yield pytest.param(
                        service, flavour, name, param, id=f"{service}-{flavour}-{name}-{param}"
                    )


def method_cases(service: str, flavour: str, name: str, param: str) -> list[Case]:
    """The hostile values of ``param`` of method ``name``."""
    w = world(service, flavour)
    method = w.method(name)
    parameter = inspect.signature(method).parameters[param]
    valid = valid_arguments(method, w.arguments, UPLOAD)
    return argument_cases(parameter, valid.get(param, parameter.default))


@pytest.mark.parametrize(("service", "flavour", "name", "param"), list(_method_params()))
def test_every_method_refuses_or_sends_correctly(
    service: str, flavour: str, name: str, param: str
) -> None:
    w = world(service, flavour)
    method = w.method(name)
    valid = valid_arguments(method, w.arguments, UPLOAD)
    cases = method_cases(service, flavour, name, param)
    failures = []
    for case in cases:
        value = case.fresh()
        exc = w.run(method, {**valid, param: value})
        verdict = w.outcome(name, exc, param, case, value)
        if verdict and (service, name, param) in ENDPOINT_ARGUMENTS:
            verdict = None if verdict.startswith("changed the endpoint") else verdict
        if verdict:
            failures.append((param, case.label, f"{name}({param}={case.label}): {verdict}"))
    _known_cases_fixed(param, cases, failures)
    _settle(f"{service} {flavour} {name}", failures)


# --- constructors and with_options -------------------------------------------------------------

_BAD_BASE_URLS = [
    ("space", "http://coverage.invalid/a b"),
    ("space in host", "http://cover age.invalid"),
    ("CRLF", "http://coverage.invalid\r\nX-Injected: 1"),
    ("LF", "http://coverage.invalid/\n"),
    ("NUL", "http://coverage.invalid/\x00"),
    ("?query", "http://coverage.invalid/?x=1"),
    ("?query with a token", f"http://coverage.invalid/v1?token={MARK}"),
    ("?query and a space", f"http://coverage.invalid/ ?token={MARK}"),
    ("#frag", "http://coverage.invalid/#top"),
    ("#frag with a token", f"http://coverage.invalid/#access_token={MARK}"),
    ("user:pw@", f"http://user:{MARK}@coverage.invalid"),
    ("user@", f"http://{MARK}@coverage.invalid"),
    ("no scheme", "coverage.invalid"),
    ("ftp", "ftp://coverage.invalid"),
    ("no host", "http://"),
    ("non-ASCII", "http://cövérage.invalid"),
    ("surrogate", "http://coverage.invalid/\ud800"),
]


def constructor_settings(service: str, flavour: str) -> tuple[type, dict[str, Any]]:
    """The client class and valid keyword arguments for it (less ``http_client``)."""
    w = world(service, flavour)
    return type(w.client), {
        "api_key": w.api_key,
        "base_url": w.client.base_url,
        "timeout": 5.0,
        "max_retries": None,
        "retry_policy": RetryPolicy.testing(max_retries=0),
    }


def constructor_cases(service: str, flavour: str, param: str) -> list[Case]:
    cls, settings = constructor_settings(service, flavour)
    parameter = inspect.signature(cls).parameters[param]
    cases = argument_cases(parameter, settings.get(param, parameter.default))
    if param == "base_url":
        cases += [Case(f"base_url {label}", url, (MARK,)) for label, url in _BAD_BASE_URLS]
    if param == "http_client":
        other = "async" if flavour == "sync" else "sync"
        cases.append(Case(f"an {other} httpx client", http_client(other, Recorder())))
    return cases


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No service environment variable may stand in for an argument under test."""
    for service in KEYED_SERVICES:
        config = core_of(world(service, "sync").client).ctx.config
        rule = config.api_key
        for name in (*(rule.env_names if rule else ()), config.base_url_env):
            if name:
                monkeypatch.delenv(name, raising=False)


def _constructor_params() -> Iterator[Any]:
    for service in KEYED_SERVICES:
        for flavour in FLAVOURS:
            cls, _ = constructor_settings(service, flavour)
            names = inspect.signature(cls).parameters
            for name in CONSTRUCTOR_PARAMS:
                assert name in names, f"{cls.__name__} has no {name} parameter"
                yield pytest.param(service, flavour, name, id=f"{service}-{flavour}-init-{name}")


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(("service", "flavour", "param"), list(_constructor_params()))
def test_every_constructor_refuses_or_works(service: str, flavour: str, param: str) -> None:
    w = world(service, flavour)
    cls, settings = constructor_settings(service, flavour)
    config = core_of(w.client).ctx.config
    default = httpx.URL(config.default_base_url).host if config.default_base_url else None
    cases = constructor_cases(service, flavour, param)
    failures = []
    for case in cases:
        value = case.value if param == "http_client" else case.fresh()
        recorder = Recorder()
        try:
            client = cls(
                **{**settings, "http_client": http_client(flavour, recorder), param: value}
            )
        except Exception as refused:  # every exception is judged
            verdict = replace(w, recorder=Recorder()).outcome(w.probe, refused, param, case, value)
            if verdict:
                failures.append(
                    (param, case.label, f"{cls.__name__}({param}={case.label}): {verdict}")
                )
            continue
        if param == "http_client" or (param == "base_url" and case.label.startswith("base_url ")):
            failures.append(
                (param, case.label, f"{cls.__name__}({param}={case.label}) was accepted")
            )
            w.close(client)
            continue
        expected = dict(w.expected)
        if param == "base_url" and (value is None or value == ""):
            # Not given: the documented default (the environment variable is cleared).
            expected[w.probe] = replace(expected[w.probe], host=default or "")
        fresh = replace(w, client=client, recorder=recorder, expected=expected)
        method = fresh.method(w.probe)
        exc = fresh.run(method, valid_arguments(method, w.arguments, UPLOAD))
        verdict = fresh.outcome(w.probe, exc, param, case, value)
        if verdict:
            failures.append(
                (
                    param,
                    case.label,
                    f"{cls.__name__}({param}={case.label}), then {w.probe}(): {verdict}",
                )
            )
        w.close(client)
    _known_cases_fixed(param, cases, failures)
    _settle(f"{service} {flavour} {cls.__name__}", failures)


def _with_options_params() -> Iterator[Any]:
    for service in KEYED_SERVICES:
        for flavour in FLAVOURS:
            for param in inspect.signature(world(service, flavour).client.with_options).parameters:
                yield pytest.param(
                    service, flavour, param, id=f"{service}-{flavour}-with_options-{param}"
                )


@pytest.mark.parametrize(("service", "flavour", "param"), list(_with_options_params()))
def test_with_options_refuses_or_works(service: str, flavour: str, param: str) -> None:
    w = world(service, flavour)
    parameter = inspect.signature(w.client.with_options).parameters[param]
    cases = argument_cases(parameter, parameter.default)
    failures = []
    for case in cases:
        value = case.fresh()
        try:
            clone = w.client.with_options(**{param: value})
        except Exception as refused:  # every exception is judged
            verdict = w.outcome(w.probe, refused, param, case, value)
            if verdict:
                failures.append(
                    (param, case.label, f"with_options({param}={case.label}): {verdict}")
                )
            continue
        method = dict(public_methods(clone))[w.probe]
        exc = w.run(method, valid_arguments(method, w.arguments, UPLOAD))
        verdict = w.outcome(w.probe, exc, param, case, value)
        if verdict:
            failures.append(
                (
                    param,
                    case.label,
                    f"with_options({param}={case.label}), then {w.probe}(): {verdict}",
                )
            )
    _known_cases_fixed(param, cases, failures)
    _settle(f"{service} {flavour} with_options", failures)


# --- lifecycle ---------------------------------------------------------------------------------


def _flavours() -> Iterator[Any]:
    for service in SERVICES:
        for flavour in FLAVOURS:
            yield pytest.param(service, flavour, id=f"{service}-{flavour}")


@pytest.mark.parametrize(("service", "flavour"), list(_flavours()))
def test_a_closed_client_refuses_every_call_before_sending(service: str, flavour: str) -> None:
    w = world(service, flavour)
    recorder = Recorder()
    client = build(service, flavour, recorder)
    w.close(client)
    closed = replace(w, client=client, recorder=recorder)
    failures = []
    for name, method in public_methods(client):
        exc = closed.run(method, valid_arguments(method, w.arguments, UPLOAD))
        sent = recorder.take()
        if sent:
            failures.append(f"{name}: sent {len(sent)} request(s) after close()")
        elif not isinstance(exc, w.base) or "closed" not in str(exc):
            failures.append(f"{name}: {exc!r} instead of the typed 'closed' error")
    assert not failures, "\n".join(failures)


def _keyed_flavours() -> Iterator[Any]:
    for service in KEYED_SERVICES:
        for flavour in FLAVOURS:
            yield pytest.param(service, flavour, id=f"{service}-{flavour}")


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(("service", "flavour"), list(_keyed_flavours()))
def test_the_wrong_http_client_flavour_and_a_foreign_retry_policy_fail_construction(
    service: str, flavour: str
) -> None:
    w = world(service, flavour)
    cls, settings = constructor_settings(service, flavour)
    other = http_client("async" if flavour == "sync" else "sync", Recorder())
    with pytest.raises(w.base, match="http_client"):
        cls(**settings, http_client=other)
    for policy in ({"max_retries": 0}, "testing", object(), RetryPolicy):
        with pytest.raises(w.base, match="retry_policy"):
            cls(
                **{**settings, "retry_policy": policy}, http_client=http_client(flavour, Recorder())
            )


@pytest.mark.parametrize(("service", "flavour"), list(_flavours()))
def test_subscribe_refuses_what_cannot_be_called(service: str, flavour: str) -> None:
    w = world(service, flavour)
    for listener in (None, "print", 7, object()):
        with pytest.raises(w.base, match="listener"):
            w.client.subscribe(listener)


def count_cases() -> dict[str, int]:
    """How many calls the matrix makes, by kind."""
    counts = {"methods": 0, "constructors": 0, "with_options": 0, "closed": 0}
    for param in _method_params():
        counts["methods"] += len(method_cases(*param.values))
    for param in _constructor_params():
        counts["constructors"] += len(constructor_cases(*param.values))
    for param in _with_options_params():
        service, flavour, name = param.values
        parameter = inspect.signature(world(service, flavour).client.with_options).parameters[name]
        counts["with_options"] += len(argument_cases(parameter, parameter.default))
    for service in SERVICES:
        for flavour in FLAVOURS:
            counts["closed"] += len(world(service, flavour).expected)
    return counts
