"""``sdk_core.instrument_http``: one OpenTelemetry CLIENT span per call, for each of the four
SDKs on its fake — retries as span events, failures as ERROR spans, parented by the caller's
current span."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from asg_gateway import ASGNotFoundError
from asg_gateway.testing import FakeASGGateway
from gnosys.testing import FakeGnosys
from kneo_client.testing import FakeKneo
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from polarity_keystone.testing import FakeKeystone
from sdk_core import CallEvent, HttpCore, RequestPlan, SDKError, instrument_http

# (fake, a GET call, its path, the span's name)
SDKS: list[tuple[type[Any], Callable[[Any], Any], str, str]] = [
    (FakeGnosys, lambda c: c.status(), "/v1/status", "GET get_status"),
    (FakeKneo, lambda c: c.platform.health.livez(), "/v1/livez", "GET livez_v1_livez_get"),
    (FakeASGGateway, lambda c: c.get_job("j-1"), "/v1/jobs/j-1", "GET get_job"),
    (FakeKeystone, lambda c: c.health(), "/health", "GET get_health"),
]
IDS = ["gnosys", "kneo", "asg_gateway", "keystone"]


@pytest.fixture
def memory() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def tracer(memory: InMemorySpanExporter) -> trace.Tracer:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    return provider.get_tracer("http-test")


def only(memory: InMemorySpanExporter) -> ReadableSpan:
    (span,) = memory.get_finished_spans()
    return span


@pytest.mark.parametrize(("fake_class", "call", "path", "name"), SDKS, ids=IDS)
def test_a_call_is_one_client_span(
    fake_class: type[Any],
    call: Callable[[Any], Any],
    path: str,
    name: str,
    tracer: trace.Tracer,
    memory: InMemorySpanExporter,
) -> None:
    with fake_class() as fake:
        client = fake.client()
        stop = instrument_http(client, tracer)
        # asg_gateway's job does not exist: a failed call is still one span.
        with tracer.start_as_current_span("app"), contextlib.suppress(SDKError):
            call(client)
        spans = {s.name: s for s in memory.get_finished_spans()}
        span = spans[name]
        assert span.kind == SpanKind.CLIENT
        assert span.parent is not None
        assert span.parent.span_id == spans["app"].context.span_id
        attrs = dict(span.attributes or {})
        assert attrs["http.request.method"] == "GET"
        assert attrs["url.full"] == f"http://fake.invalid{path}"
        assert attrs["server.address"] == "fake.invalid"
        assert attrs["rpc.service"] == attrs["sdk.service"]
        assert "http.response.status_code" in attrs
        stop()
        stop()  # idempotent
        memory.clear()
        with contextlib.suppress(SDKError):
            call(client)
        assert memory.get_finished_spans() == ()


# Kneo's client does not retry its health probe, so gnosys and keystone show retries.
@pytest.mark.parametrize(
    ("fake_class", "call", "path", "name"), [SDKS[0], SDKS[3]], ids=[IDS[0], IDS[3]]
)
def test_a_retried_call_records_its_retries(
    fake_class: type[Any],
    call: Callable[[Any], Any],
    path: str,
    name: str,
    tracer: trace.Tracer,
    memory: InMemorySpanExporter,
) -> None:
    with fake_class() as fake:
        client = fake.client()
        instrument_http(client, tracer)
        fake.inject_faults("GET", path, [503, 503])
        call(client)
        span = only(memory)
        assert span.name == name
        retries = [e for e in span.events if e.name == "retry"]
        assert [(e.attributes or {})["attempt"] for e in retries] == [1, 2]
        assert [(e.attributes or {})["status"] for e in retries] == [503, 503]
        attrs = dict(span.attributes or {})
        assert attrs["http.request.resend_count"] == 2
        assert attrs["http.response.status_code"] == 200
        assert span.status.status_code == StatusCode.UNSET


def test_a_failing_call_is_an_error_span(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    with FakeASGGateway() as fake:
        client = fake.client()
        instrument_http(client, tracer)
        with pytest.raises(ASGNotFoundError):
            client.get_task("missing")
        span = only(memory)
        assert span.name == "GET get_task"
        assert span.status.status_code == StatusCode.ERROR
        attrs = dict(span.attributes or {})
        assert attrs["error.type"] == "ASGNotFoundError"
        assert attrs["http.response.status_code"] == 404


def test_retries_exhausted_end_in_an_error_span(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    with FakeKeystone() as fake:
        client = fake.client()
        instrument_http(client, tracer)
        fake.inject_faults("GET", "/health", [503] * 4)
        with pytest.raises(SDKError):
            client.health()
        span = only(memory)
        assert span.status.status_code == StatusCode.ERROR
        assert len([e for e in span.events if e.name == "retry"]) == 3


async def test_the_async_clients_are_instrumented_too(
    tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    with FakeKeystone() as fake:
        client = fake.async_client()
        instrument_http(client, tracer)
        with tracer.start_as_current_span("task"):
            await client.health()
        spans = {s.name: s for s in memory.get_finished_spans()}
        assert spans["GET get_health"].parent is not None
        assert spans["GET get_health"].parent.span_id == spans["task"].context.span_id
        await client.close()


def test_the_core_itself_and_bad_arguments(
    make_core: Callable[..., HttpCore], tracer: trace.Tracer, memory: InMemorySpanExporter
) -> None:
    core = make_core(lambda request: httpx.Response(200, json={}))
    events: list[CallEvent] = []
    core.subscribe(events.append)
    instrument_http(core, tracer)
    core.send(RequestPlan("GET", "/v1/things"))
    assert only(memory).name == "GET /v1/things"  # a hand-built plan has no operation name
    # The response event says the call accepted it (the call's last event).
    assert [(e.kind, e.ok) for e in events] == [("request", None), ("response", True)]
    with pytest.raises(TypeError):
        instrument_http(object(), tracer)
    with pytest.raises(SDKError):
        instrument_http(core, "not a tracer")
