"""Scripted answers for the Keystone clients: a MockTransport handler keyed by method and path.

Answers follow the wire sheet's shapes (bare arrays, ``{items, next_cursor}`` pages, ``{"error":
...}`` error bodies). Every request is kept, so tests read back exactly what was sent: method,
raw (still percent-encoded) path, query, headers and body.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
from polarity_keystone import AsyncKeystone, Keystone, RetryPolicy

KEY = "ks_live_0123456789abcdefTESTKEY"
BASE = "https://keystone.test"

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response] | BaseException


def raw_path(request: httpx.Request) -> str:
    """The request's path as sent (percent-encoding kept), without the query."""
    return request.url.raw_path.decode("ascii").partition("?")[0]


def query(request: httpx.Request) -> list[tuple[str, str]]:
    """The request's query pairs, decoded, in order."""
    return parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)


def body(request: httpx.Request) -> Any:
    """The request's JSON body (``None`` without one)."""
    content = request.read()
    return json.loads(content) if content else None


@dataclass
class Script:
    """Answers by ``(METHOD, raw path)``; each route's answers are used in order, the last kept.

    An unscripted request gets a 404 ``{"error": "unscripted ..."}``.
    """

    routes: dict[tuple[str, str], list[Answer]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, *answers: Answer) -> Script:
        self.routes[method.upper(), path] = list(answers)
        return self

    def json(
        self, method: str, path: str, payload: Any, status: int = 200, **headers: str
    ) -> Script:
        return self.on(method, path, httpx.Response(status, json=payload, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answers = self.routes.get((request.method, raw_path(request)))
        if not answers:
            return httpx.Response(
                404, json={"error": f"unscripted {request.method} {raw_path(request)}"}
            )
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return httpx.Response(
            answer.status_code, headers=answer.headers, content=answer.content, request=request
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def sync_client(script: Script, **settings: Any) -> Keystone:
    settings.setdefault("retry_policy", RetryPolicy.testing())
    return Keystone(
        settings.pop("api_key", KEY),
        settings.pop("base_url", BASE),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        **settings,
    )


def async_client(script: Script, **settings: Any) -> AsyncKeystone:
    settings.setdefault("retry_policy", RetryPolicy.testing())
    return AsyncKeystone(
        settings.pop("api_key", KEY),
        settings.pop("base_url", BASE),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
        **settings,
    )


def run(result: Any) -> Any:
    """A sync call's result as is; an async call's awaited (for tests of both flavours)."""
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    return result


async def _await(awaitable: Any) -> Any:
    return await awaitable


def client_of(flavour: str, script: Script, **settings: Any) -> Keystone | AsyncKeystone:
    return (
        sync_client(script, **settings) if flavour == "sync" else async_client(script, **settings)
    )


def collect(iterable: Any) -> list[Any]:
    """Every item of a sync pager, or of an async one (run to the end)."""
    if hasattr(iterable, "__aiter__"):

        async def drain() -> list[Any]:
            return [item async for item in iterable]

        return asyncio.run(drain())
    return list(iterable)
