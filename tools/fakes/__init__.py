"""Local, stateful, in-memory fakes of the services the SDKs talk to.

Each fake is a Starlette app built on the spec-driven toolkit (``sdk_core.fakes``: routes,
keys, validation, limits, replays and faults from the pinned spec), holding only its service's
state machines (``<sdk>/testing/_fake.py``, shipped to users as ``<sdk>.testing``), and
registered here in :data:`FAKES` for the command line, the demo and the benchmarks.
:func:`serve_in_thread` serves any ASGI app on loopback for a test or the demo,
:func:`serve_in_subprocess` serves a fake from another process, and
``python -m tools.fakes <service> --port N`` serves one in the foreground.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from sdk_core.fakes.server import HOST, serve_in_thread

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["FAKES", "HOST", "serve_in_subprocess", "serve_in_thread"]


def _gnosys() -> Starlette:
    from gnosys.testing._fake import create_app

    return create_app()


def _asg_gateway() -> Starlette:
    from asg_gateway.testing._fake import create_app

    return create_app()


def _kneo() -> Starlette:
    from kneo_client.testing._fake import create_app

    return create_app()


def _keystone() -> Starlette:
    from polarity_keystone.testing._fake import create_app

    return create_app()


# Service name -> factory of its fake with default settings. Factories import lazily, so using
# `serve_in_thread` alone never imports a fake.
FAKES: dict[str, Callable[[], Starlette]] = {
    "gnosys": _gnosys,
    "asg_gateway": _asg_gateway,
    "kneo": _kneo,
    "keystone": _keystone,
}


@contextmanager
def serve_in_subprocess(
    service: str, *, args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Run ``python -m tools.fakes <service>`` in another process (its own GIL); yield its URL.

    For benchmarks and command-line tests: the server never competes with the caller's threads.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.fakes", service, "--port", str(port), *args],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            if proc.poll() is not None:
                raise RuntimeError(f"the {service} fake exited with {proc.returncode}")
            try:
                httpx.get(f"{url}/v1/openapi.json", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"the {service} fake did not start on {url}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
