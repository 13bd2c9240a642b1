"""Prove every spec operation is reached by a public wrapper method — by calling them.

Each public method of a service's clients (sync and async, found by introspection — there is
no hand-kept list of methods) is called once with synthesised arguments against a transport that
records the request and answers 404. The recorded requests are matched to the spec's operations;
an operation no method reached is reported by name. Deleting a wrapper method therefore fails
the check, naming the operation it used to reach.

``python -m tools.coverage`` prints the table; ``tests/contract`` asserts it is complete.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tools.pins import SPECS_DIR, iter_operations

__all__ = [
    "SERVICES",
    "CoverageTarget",
    "Operation",
    "Reach",
    "aconsume",
    "arguments_for",
    "consume",
    "main",
    "public_methods",
    "reach",
    "spec_operations",
]


@dataclass(frozen=True, slots=True)
class Operation:
    """One spec operation (method + path template)."""

    method: str
    path: str
    operation_id: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regex matching concrete paths of this template."""
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(f"^{regex}$")

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.operation_id})"


def spec_operations(service: str) -> list[Operation]:
    """Every operation of the pinned spec of ``service``."""
    spec = json.loads((SPECS_DIR / service / "openapi.json").read_text(encoding="utf-8"))
    return [
        Operation(method, path, op.get("operationId", f"{method} {path}"))
        for method, path, op in iter_operations(spec)
    ]


@dataclass(frozen=True, slots=True)
class CoverageTarget:
    """How to build one service's clients, and values for parameters with no default.

    Attributes:
        sync_client: builds the sync client around an ``httpx.Client``.
        async_client: builds the async client around an ``httpx.AsyncClient``.
        arguments: values by parameter name; parameters not named here get a string id.
        excluded: operation ids deliberately left unwrapped, each with the reason.
        variants: more calls of a method, each with these optional arguments added (a method
            that reaches several operations by its optional arguments).
        client_side: public methods that never send a request, with the reason: they set up
            this process (tracing, LLM-client instrumentation), so they are not probed.

    """

    sync_client: Callable[[httpx.Client], Any]
    async_client: Callable[[httpx.AsyncClient], Any]
    arguments: Mapping[str, Any] = field(default_factory=dict)
    excluded: Mapping[str, str] = field(default_factory=dict)
    variants: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    client_side: Mapping[str, str] = field(default_factory=dict)


def _gnosys_target() -> CoverageTarget:
    from gnosys import AsyncGnosysClient, GnosysClient, RetryPolicy

    key = "gn_live_coverage"
    policy = RetryPolicy.testing(max_retries=0)
    return CoverageTarget(
        sync_client=lambda http: GnosysClient(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        async_client=lambda http: AsyncGnosysClient(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        arguments={
            "strategist": {"kind": "coverage"},
            "validators": ["llm_critic"],
            "timeout": 5.0,
        },
    )


def _asg_gateway_target() -> CoverageTarget:
    from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient, RetryPolicy

    key = "sk_sandbox_coverage"
    policy = RetryPolicy.testing(max_retries=0)
    label_spec = {"question": "Animal?", "options": ["cat", "dog"]}
    return CoverageTarget(
        sync_client=lambda http: ASGGatewayClient(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        async_client=lambda http: AsyncASGGatewayClient(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        arguments={
            "data_url": "https://example.com/item.jpg",
            "label_spec": label_spec,
            "tasks": [
                {"task_type": "t", "data_url": "https://example.com/1", "label_spec": label_spec}
            ],
            "callback_url": "https://example.com/hook",
            "secret": "coverage-secret",
            "manifest_url": "s3://bucket/manifest.jsonl",
            "credentials": {"access_key_id": "id", "secret_access_key": "key"},
        },
    )


def _kneo_target() -> CoverageTarget:
    from kneo_client import KneoClient, Profile, RetryPolicy, SyncKneoClient

    profile = Profile(name="coverage", url="http://coverage.invalid", api_key="kneo-coverage")
    policy = RetryPolicy(max_attempts=1)
    return CoverageTarget(
        sync_client=lambda http: SyncKneoClient(profile, retry_policy=policy, http_client=http),
        async_client=lambda http: KneoClient(profile, retry_policy=policy, http_client=http),
        arguments={
            "body": {"input": "coverage"},
            # The raw escape hatch (client.request) is probed with a real operation.
            "method": "GET",
            "path": "/v1/healthz",
        },
    )


def _keystone_target() -> CoverageTarget:
    from polarity_keystone import AsyncKeystone, Keystone, RetryPolicy
    from polarity_keystone.types import AgentSnapshot

    key = "ks_live_coverage"
    policy = RetryPolicy.testing(max_retries=0)
    # `path` is both agents.upload's local path (bundled as a one-file tarball) and the
    # sandbox file routes' file path, which must stay one segment for the spec's route
    # patterns: a file of the repository root (where the checks run), named without a `/`.
    bundle = "pyproject.toml"
    return CoverageTarget(
        sync_client=lambda http: Keystone(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        async_client=lambda http: AsyncKeystone(
            key, base_url="http://coverage.invalid", retry_policy=policy, http_client=http
        ),
        arguments={
            "rule": {"name": "coverage", "condition": "pass_rate < 0.8"},
            "path": bundle,
            "entrypoint": ["python", "main.py"],
            "snapshot": AgentSnapshot(id="snap_coverage", name="coverage", version=1),
            "events": [{"ts": "2026-01-01T00:00:00+00:00", "event_type": "eval", "span_id": "s1"}],
            "records": [{"input": {"id": "alice"}, "expected": {"subject": "Renewal"}}],
            "rule_ids": ["rule-1"],
            "config": {"model": "paragon-fast"},
            "yaml_content": "id: coverage\n",
        },
        # `get` reaches the tag and version routes through optional arguments.
        variants={
            "agents.get": ({"tag": "coverage"}, {"version": 1}),
            "prompts.get": ({"tag": "coverage"}, {"version": 1}),
        },
        client_side={
            "init_tracing": "sets up @traced reporting; spans are sent later, in the background",
            "wrap": "instruments an LLM client object; its calls report through the exporter",
            "observe": "wrap + init_tracing + auto_instrument, all client-side",
        },
    )


SERVICES: dict[str, Callable[[], CoverageTarget]] = {
    "gnosys": _gnosys_target,
    "asg_gateway": _asg_gateway_target,
    "kneo": _kneo_target,
    "keystone": _keystone_target,
}


# Methods that never send: closing (which would also close the client for the methods probed
# after it) and subscribing to call events.
_LIFECYCLE = frozenset({"close", "aclose", "subscribe"})


def _is_core_method(owner: type, name: str) -> bool:
    """Whether ``name`` comes from the shared core (close, subscribe, with_options, ...)."""
    for cls in owner.__mro__:
        if name in vars(cls):
            return cls.__module__.split(".")[0] == "sdk_core"
    return False


def public_methods(
    obj: Any, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, Callable[..., Any]]]:
    """``("runs.get", bound method)`` for every public method of a client and its resource
    groups, at any depth (``client.platform.runs.list`` is ``platform.runs.list``).

    Resource groups are the ``sdk_core.Resource`` attributes of a class; methods the shared
    core defines for every client (``close``, ``subscribe``, ``with_options``) are not
    operations and are skipped.
    """
    from sdk_core import Resource

    owner = type(obj)
    for name in sorted(dir(owner)):
        if name.startswith("_") or name in _LIFECYCLE or _is_core_method(owner, name):
            continue
        attr = inspect.getattr_static(owner, name)
        if isinstance(attr, Resource):
            if depth > 8:
                raise RuntimeError(f"resource groups nested too deeply at {prefix}{name}")
            yield from public_methods(getattr(obj, name), f"{prefix}{name}.", depth + 1)
        elif inspect.isfunction(attr):
            yield f"{prefix}{name}", getattr(obj, name)


def arguments_for(
    method: Callable[..., Any], values: Mapping[str, Any], upload: Path
) -> dict[str, Any]:
    """Values for ``method``'s required parameters: ``values`` by name, the upload file for
    ``*file*`` parameters, else a plain string id.
    """
    kwargs: dict[str, Any] = {}
    for param in inspect.signature(method).parameters.values():
        if param.default is not inspect.Parameter.empty:
            continue
        if param.name in values:
            kwargs[param.name] = values[param.name]
        elif "file" in param.name:
            kwargs[param.name] = str(upload)
        else:
            kwargs[param.name] = f"{param.name}-1"
    return kwargs


def _not_found(request: httpx.Request) -> httpx.Response:
    return httpx.Response(404, json={"detail": "coverage probe"}, request=request)


@dataclass(slots=True)
class Reach:
    """What calling every public method reached."""

    by_method: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def reached(self) -> set[tuple[str, str]]:
        """Every (method, path) any public method sent."""
        return {request for sent in self.by_method.values() for request in sent}

    def missing(self, operations: list[Operation]) -> list[Operation]:
        """The operations no public method reached."""
        sent = self.reached()
        return [
            op
            for op in operations
            if not any(m == op.method and op.pattern.match(p) for m, p in sent)
        ]

    def unknown(self, operations: list[Operation]) -> set[tuple[str, str]]:
        """Requests that match no spec operation (a wrapper inventing an endpoint)."""
        return {
            (m, p)
            for m, p in self.reached()
            if not any(m == op.method and op.pattern.match(p) for op in operations)
        }


def consume(result: Any) -> None:
    """Run what a sync method returned to the end (pagers and streams send when iterated)."""
    if hasattr(result, "__iter__") and not isinstance(result, (bytes, str, dict)):
        for _ in result:
            pass


async def aconsume(result: Any) -> None:
    """The async twin of :func:`consume` (awaits, then iterates)."""
    if inspect.isawaitable(result):
        result = await result
    if hasattr(result, "__aiter__"):
        async for _ in result:
            pass
    else:
        consume(result)


@contextmanager
def _upload_file() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.csv"
        path.write_text("x1,y\n1,0\n", encoding="utf-8")
        yield path


def reach(service: str, *, flavour: str = "sync") -> Reach:
    """Call every public method of ``service``'s ``flavour`` client; record what it sent."""
    target = SERVICES[service]()
    result = Reach()
    current: list[set[tuple[str, str]]] = []

    def record(request: httpx.Request) -> httpx.Response:
        current[-1].add((request.method, request.url.path))
        return _not_found(request)

    @contextmanager
    def probing(name: str) -> Iterator[None]:
        current.append(result.by_method.setdefault(name, set()))
        try:
            yield
        except Exception as exc:
            if not current[-1]:
                raise RuntimeError(f"{name} raised before sending anything: {exc!r}") from exc
        finally:
            current.pop()

    async def run_async(upload: Path) -> None:
        client = target.async_client(httpx.AsyncClient(transport=httpx.MockTransport(record)))
        for name, method in public_methods(client):
            if name in target.client_side:
                continue
            for extra in ({}, *target.variants.get(name, ())):
                with probing(name):
                    kwargs = {**arguments_for(method, target.arguments, upload), **extra}
                    await aconsume(method(**kwargs))

    with _upload_file() as upload:
        if flavour == "async":
            asyncio.run(run_async(upload))
        else:
            client = target.sync_client(httpx.Client(transport=httpx.MockTransport(record)))
            for name, method in public_methods(client):
                if name in target.client_side:
                    continue
                for extra in ({}, *target.variants.get(name, ())):
                    with probing(name):
                        consume(
                            method(**{**arguments_for(method, target.arguments, upload), **extra})
                        )
    return result


def main(argv: list[str] | None = None) -> int:
    """Print which public method reaches which operation; exit 1 if any is unreached."""
    parser = argparse.ArgumentParser(prog="python -m tools.coverage")
    parser.add_argument("services", nargs="*", default=sorted(SERVICES))
    args = parser.parse_args(argv)
    failed = False
    for service in args.services:
        operations = spec_operations(service)
        excluded = SERVICES[service]().excluded
        for flavour in ("sync", "async"):
            found = reach(service, flavour=flavour)
            missing = [op for op in found.missing(operations) if op.operation_id not in excluded]
            print(
                f"{service} ({flavour}): {len(operations) - len(missing)}/{len(operations)} "
                "operations reached"
            )
            for op in operations:
                callers = sorted(
                    name
                    for name, sent in found.by_method.items()
                    if any(m == op.method and op.pattern.match(p) for m, p in sent)
                )
                note = excluded.get(op.operation_id)
                shown = ", ".join(callers) or (f"excluded: {note}" if note else "NOT REACHED")
                print(f"  {op!s:60} {shown}")
            failed = failed or bool(missing)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
