"""Shared pieces of the instrumentation tests: a recording reporter (spans as plain dicts),
mocked provider transports (httpx2 ``MockTransport`` for the openai/anthropic SDKs, which use
httpx2), and SSE bodies."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest
from polarity_keystone import flush
from polarity_keystone._instrument import _auto
from polarity_keystone._tracing import reset_tracing
from polarity_keystone.testing import FakeKeystone

_ids = itertools.count(1)


@dataclass
class RecordedSpan:
    name: str
    event_type: str
    phases: str
    parent: RecordedSpan | None
    span_id: str = field(default_factory=lambda: f"{next(_ids):016x}")
    input: object = None
    output: object = None
    metadata: dict[str, object] = field(default_factory=dict)
    cost: dict[str, object] | None = None
    error: BaseException | None = None
    ended: int = 0
    recorder: Recorder | None = None

    @property
    def is_recording(self) -> bool:
        return True

    @property
    def parent_span_id(self) -> str:
        return self.parent.span_id if self.parent else ""

    def set_input(self, value: object) -> None:
        self.input = value

    def set_output(self, value: object) -> None:
        self.output = value

    def set_metadata(self, key: str, value: object) -> None:
        self.metadata[key] = value

    def set_cost(self, cost: Mapping[str, object]) -> None:
        self.cost = dict(cost)

    def set_error(self, exc: BaseException) -> None:
        self.error = exc
        self.output = f"{type(exc).__name__}: {exc}"

    def end(self) -> None:
        self.ended += 1
        if self.ended == 1 and self.recorder is not None:
            self.recorder.ended.append(self)

    @property
    def status(self) -> str:
        return "error" if self.error is not None else "ok"


_UNSET = object()


@dataclass
class Recorder:
    """A stand-in for the tracing API's Reporter: records the spans it starts and ends."""

    sandbox_id: str = "sb-test"
    started: list[RecordedSpan] = field(default_factory=list)
    ended: list[RecordedSpan] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start_span(
        self,
        name: str,
        *,
        event_type: str = "tool_call",
        phases: str = "start_end",
        input: object = _UNSET,
        metadata: Mapping[str, object] | None = None,
        parent: object = None,
        reporter: object = None,
    ) -> RecordedSpan:
        span = RecordedSpan(
            name=name,
            event_type=event_type,
            phases=phases,
            parent=parent if isinstance(parent, RecordedSpan) else None,
            metadata=dict(metadata or {}),
            recorder=self,
        )
        if input is not _UNSET:
            span.input = input
        with self.lock:
            self.started.append(span)
        return span

    def llm_calls(self) -> list[RecordedSpan]:
        return [span for span in self.ended if span.event_type == "llm_call"]

    def tool_uses(self) -> list[RecordedSpan]:
        return [span for span in self.ended if span.event_type == "tool_use"]


# --- provider HTTP mocks ---------------------------------------------------------------------


def sse(events: Iterable[Mapping[str, Any] | str], *, named: bool = False) -> bytes:
    """An SSE body: each event a ``data:`` JSON line (``named``: with ``event: <type>``)."""
    out = []
    for event in events:
        if isinstance(event, str):
            out.append(f"data: {event}\n\n")
            continue
        head = f"event: {event['type']}\n" if named else ""
        out.append(f"{head}data: {json.dumps(event)}\n\n")
    return "".join(out).encode()


@dataclass
class Route:
    """Answers one path with a JSON body or an SSE body (``status`` for errors)."""

    body: Any = None
    stream: bytes | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class MockProvider:
    routes: dict[str, Route | Callable[[httpx2.Request], Route]]
    requests: list[httpx2.Request] = field(default_factory=list)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        route = self.routes[request.url.path]
        if callable(route):
            route = route(request)
        if route.stream is not None:
            return httpx2.Response(
                route.status,
                content=route.stream,
                headers={"content-type": "text/event-stream", **route.headers},
            )
        return httpx2.Response(route.status, json=route.body, headers=route.headers)

    def sync_client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handle))

    def async_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=httpx2.MockTransport(self.handle))

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


SANDBOX_ID_ENVS = ("KEYSTONE_SANDBOX_ID", "POLARITY_SANDBOX_ID")


def fresh_fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeKeystone]:
    """The body of each instrumentation test module's ``fake`` fixture: no sandbox id in the
    environment, no provider patched, an ``agent`` spec; tracing and patches undone after.
    """
    for name in SANDBOX_ID_ENVS:
        monkeypatch.delenv(name, raising=False)
    _auto.reset()
    with FakeKeystone() as fake:
        fake.add_spec("id: agent\n")
        yield fake
    reset_tracing()
    _auto.reset()


def events(fake: FakeKeystone, **filters: str) -> list[dict[str, Any]]:
    """Every trace event the fake stored (matching ``filters``), once the exporter drained."""
    assert flush(30.0)
    return fake.trace_events(**filters)


def llm_calls(fake: FakeKeystone) -> list[dict[str, Any]]:
    """The ``llm_call`` events the fake stored."""
    return events(fake, event_type="llm_call")
