"""Building the wheels and installing them into a clean venv gives a working SDK."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from uv import find_uv_bin

from tools.fakes import serve_in_thread
from tools.pins import REPO_ROOT

PROJECTS = [
    "wrappers/core",
    "generated/gnosys",
    "wrappers/gnosys",
    "generated/asg_gateway",
    "wrappers/asg_gateway",
]

SMOKE = r"""
import sys, gnosys
from gnosys import GnosysClient, RateLimitError, Run
assert gnosys.__version__
assert "site-packages" in gnosys.__file__, gnosys.__file__
client = GnosysClient("gn_live_wheelcheck", base_url=sys.argv[1], max_retries=0)
try:
    client.runs.get("r1")
except gnosys.NotFoundError as exc:
    print("typed error", exc.status_code, exc.request_id)
print("ok", Run.__name__, RateLimitError.__mro__[1].__name__)

import asg_gateway
from asg_gateway import ASGGatewayClient, ASGGatewayHTTPError
assert "site-packages" in asg_gateway.__file__, asg_gateway.__file__
asg = ASGGatewayClient("sk_sandbox_wheelcheck", base_url=sys.argv[1], max_retries=0)
try:
    asg.get_task("t1")
except ASGGatewayHTTPError as exc:
    print("asg typed error", exc.status_code, exc.request_id, type(exc).__name__)
print("asg result", asg.get_result("t2")["settlement"]["bsv_txid"])
"""


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("dist")
    uv = find_uv_bin()
    # The projects build independently, so at once: each build is mostly waiting on its backend.
    builds = {
        project: subprocess.Popen(
            [uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(REPO_ROOT / project)],
            cwd=REPO_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for project in PROJECTS
    }
    failed = {}
    for project, build in builds.items():
        _, stderr = build.communicate(timeout=300)
        if build.returncode:
            failed[project] = stderr
    assert not failed, failed
    return sorted(out.glob("*.whl"))


def test_wheels_carry_the_packages_and_type_markers(wheels: list[Path]) -> None:
    names = {w.name.split("-")[0] for w in wheels}
    assert names == {
        "sdk_core",
        "gnosys_openapi",
        "gnosyslabs",
        "asg_gateway_openapi",
        "asg_gateway",
    }
    contents = {w.name.split("-")[0]: zipfile.ZipFile(w).namelist() for w in wheels}
    assert "gnosys/py.typed" in contents["gnosyslabs"]
    assert "gnosys/_sync/client.py" in contents["gnosyslabs"]
    assert "sdk_core/py.typed" in contents["sdk_core"]
    assert "_gnosys_openapi/api/runs/get_run.py" in contents["gnosys_openapi"]
    assert "asg_gateway/py.typed" in contents["asg_gateway"]
    assert "asg_gateway/_sync/client.py" in contents["asg_gateway"]
    assert "_asg_gateway_openapi/api/jobs/submit_job.py" in contents["asg_gateway_openapi"]
    assert not any("tests" in n or "tools" in n for names in contents.values() for n in names)


def test_wheels_install_and_work_in_a_clean_venv(wheels: list[Path], tmp_path: Path) -> None:
    uv = find_uv_bin()
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(python), *map(str, wheels)],
        check=True,
        cwd=tmp_path,
    )

    async def handler(request: Request) -> JSONResponse:
        return JSONResponse({"detail": "no such run"}, 404, headers={"X-Request-Id": "req_wheel"})

    async def no_task(request: Request) -> JSONResponse:
        return JSONResponse({"detail": "no such task"}, 404, headers={"X-Request-Id": "req_asg"})

    async def result(request: Request) -> JSONResponse:
        settlement = {"bsv_txid": "f" * 64, "amount_sats": 1, "network": "testnet"}
        body = {
            "task_id": "t2",
            "status": "completed",
            "consensus_label": "cat",
            "agreement": 1.0,
            "votes": [{"label": "cat", "count": 3}],
            "settlement": {**settlement, "settled_at": "2026-11-24T10:00:00Z"},
            "completed_at": "2026-11-24T10:00:00Z",
        }
        return JSONResponse(body, headers={"X-Request-Id": "req_result"})

    app = Starlette(
        routes=[
            Route("/v1/runs/{run_id}", handler),
            Route("/v1/tasks/t2/result", result),
            Route("/v1/tasks/{task_id}", no_task),
        ]
    )
    with serve_in_thread(app) as base_url:
        proc = subprocess.run(
            [str(python), "-c", SMOKE, base_url],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert "typed error 404 req_wheel" in proc.stdout
    assert "ok Run GnosysError" in proc.stdout
    assert "asg typed error 404 req_asg ASGNotFoundError" in proc.stdout
    assert f"asg result {'f' * 64}" in proc.stdout
