"""Each SDK's wheel stands alone: built here, installed offline into a clean venv, it works.

The wheelhouse holds the SDK wheels built from the repository plus their third-party
dependencies at the versions of ``uv.lock`` (downloaded once); each SDK is then installed alone
with ``pip install --no-index --find-links <wheelhouse>`` into a fresh venv and runs its
quickstart against its own ``testing`` fake (an SDK whose fake is not shipped yet: against an
``httpx.MockTransport`` answering the spec's shapes).
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from uv import find_uv_bin

from tools.pins import REPO_ROOT

# distribution -> (project directory, import name)
SDKS = {
    "gnosyslabs": ("wrappers/gnosys", "gnosys"),
    "asg-gateway": ("wrappers/asg_gateway", "asg_gateway"),
    "kneo-client": ("wrappers/kneo", "kneo_client"),
    "polarity-keystone": ("wrappers/keystone", "polarity_keystone"),
}
# The SDKs whose wheel ships its fake (``<pkg>.testing``, installed with the ``testing`` extra).
WITH_FAKE = {"gnosyslabs", "asg-gateway", "kneo-client", "polarity-keystone"}
# Kneo has no public home page to link to (the platform's docs are served by each deployment).
WITHOUT_URLS = {"kneo-client", "polarity-keystone"}
# The versions already published under these names by others: ours must sort after them.
PUBLISHED = {"gnosyslabs": (1, 0, 0), "kneo-client": (1, 2, 0), "polarity-keystone": (0, 3, 3)}
# Files of an SDK's own package that must be in its wheel beside the vendored ones.
OWN_FILES = {
    "polarity_keystone": ("types.py", "_async/client.py", "testing/__init__.py"),
    # The SDK's public ``kneo_client.core`` beside the vendored shared core (``_core``).
    "kneo_client": (
        "core/__init__.py",
        "core/transport.py",
        "platform.py",
        "agent.py",
        "models.py",
    ),
}
PRIVATE_NAMES = re.compile(rb"\bsdk_core\b|\b_[a-z_]+_openapi\b")

QUICKSTART = {
    "gnosys": r"""
import sys
import gnosys
from gnosys.testing import FakeGnosys
assert "site-packages" in gnosys.__file__, gnosys.__file__
assert "pydantic" not in sys.modules  # imported on the first call, not by `import gnosys`
fake = FakeGnosys()
client = fake.client()
open("train.csv", "w").write("x1,x2,y\n" + "".join(f"{i},{i % 5},{i % 2}\n" for i in range(30)))
ds = client.datasets.upload("train.csv", name="train", task="classification", target_column="y")
run = client.runs.create(
    domain="tabular",
    strategist={"kind": "hp_sweep", "key": "C", "values": [0.1, 1.0]},
    spec_template={"dataset_id": ds.dataset_id},
)
run = client.runs.wait(run.run_id)
preds = client.runs.predict(run.run_id, "train.csv")
try:
    client.runs.get("no_such_run")
except gnosys.NotFoundError as exc:
    print("typed error", exc.status_code, bool(exc.request_id))
print("ok", gnosys.__version__, run.status, len(preds.class_labels))
""",
    "asg_gateway": r"""
import sys
import asg_gateway
from asg_gateway.testing import FakeASGGateway
assert "site-packages" in asg_gateway.__file__, asg_gateway.__file__
fake = FakeASGGateway()
client = fake.client()
resp = client.submit_task(
    task_type="image_classification",
    data_url="https://example.com/image.jpg",
    label_spec={"question": "Animal?", "options": ["cat", "dog"]},
)
result = client.poll_result(resp["task_id"], timeout=300, interval=5)
try:
    client.get_task("no_such_task")
except asg_gateway.ASGNotFoundError as exc:
    print("typed error", exc.status_code, bool(exc.request_id))
txid = result["settlement"]["bsv_txid"]
print("ok", asg_gateway.__version__, result["consensus_label"], len(txid))
""",
    "kneo_client": r"""
import asyncio
import importlib.util
import sys
import httpx
import kneo_client
assert "site-packages" in kneo_client.__file__, kneo_client.__file__
assert "pydantic" not in sys.modules  # imported on the first call, not by `import kneo_client`
import kneo_client.agent
import kneo_client.core
import kneo_client.models
import kneo_client.platform
from kneo_client.core.errors import KneoNotFoundError
from kneo_client.core.profiles import Profile
# The SDK's public core and the vendored shared one, side by side.
assert kneo_client.core.__file__.endswith("kneo_client/core/__init__.py"), kneo_client.core.__file__
assert importlib.util.find_spec("kneo_client._core._flow") is not None
assert kneo_client.core.Transport.__module__ == "kneo_client.core.transport"
for private in ("_kneo_openapi", "sdk_core"):
    assert importlib.util.find_spec(private) is None, private
def handler(request):
    assert request.headers["authorization"] == "Bearer k", request.headers
    echo = {"X-Request-ID": request.headers["x-request-id"]}
    if request.url.path == "/v1/healthz":
        body = {"ok": True, "service": "kneo-serv-platform", "version": "0.4.0"}
        return httpx.Response(200, json=body, headers=echo)
    if request.url.path == "/v1/runs/r1":
        body = {"run_id": "r1", "status": "completed", "output_text": "hi", "visited_nodes": ["a"]}
        return httpx.Response(200, json=body, headers=echo)
    body = {"detail": {"error": "not_found", "message": "run not found", "resource": "run"}}
    return httpx.Response(404, json=body, headers={"X-Request-ID": "srv-1"})
profile = Profile(name="t", url="http://kneo.test", api_key="k")
mock = httpx.MockTransport(handler)
with kneo_client.SyncKneoClient(
    profile, http_client=httpx.Client(transport=mock, base_url="http://kneo.test")
) as client:
    assert client.platform.health.healthz().ok is True
    run = client.platform.runs.get("r1")
    assert isinstance(run, kneo_client.models.RunStatusResponse), type(run)
    assert (run.run_id, run.status, run.output_text) == ("r1", "completed", "hi"), run
    try:
        client.platform.runs.get("no_such_run")
    except KneoNotFoundError as exc:
        assert exc.code == "not_found" and exc.request_id == "srv-1", (exc.code, exc.request_id)
        print("typed error", exc.status, bool(exc.request_id))
async def main():
    http = httpx.AsyncClient(transport=mock, base_url="http://kneo.test")
    async with kneo_client.KneoClient(profile, http_client=http) as client:
        return await client.platform.runs.get("r1")
assert asyncio.run(main()).status == "completed"
from kneo_client.testing import FakeKneo
fake = FakeKneo()
faked = fake.client()
body = {"input": "hi", "spec_path": "specs/echo.yaml", "async_mode": True}
queued = faked.platform.runs.create(body)
assert faked.platform.runs.wait_for_completion(queued.run_id, timeout=60).output_text == "hi"
fake.close()
print("ok", kneo_client.__version__, run.status)
""",
    "polarity_keystone": r"""
import os
import sys
import tempfile
import polarity_keystone
from polarity_keystone.testing import FakeKeystone
from polarity_keystone.types import KeystoneError
assert "site-packages" in polarity_keystone.__file__, polarity_keystone.__file__
fake = FakeKeystone()
ks = fake.client()
assert ks.health()["status"] == "ok"
sb = ks.sandboxes.create(spec_id="fix-failing-test", timeout="10m")
ks.sandboxes.write_file(sb.id, "dir with space/a#b?.txt", "hello")
assert ks.sandboxes.read_file(sb.id, "dir with space/a#b?.txt") == b"hello"
exp = ks.experiments.create(name="baseline", spec_id="fix-failing-test")
results = ks.experiments.run_and_wait(exp.id, poll_interval=1.0, timeout=600)
assert results.total_scenarios > 0, results
with tempfile.TemporaryDirectory() as folder:
    open(os.path.join(folder, "main.py"), "w").write("print('hi')\n")
    snap = ks.agents.upload(name="agent", path=folder, entrypoint=["python", "main.py"])
try:
    ks.sandboxes.get("no_such_sandbox")
except KeystoneError as exc:
    print("typed error", exc.status_code, bool(exc.request_id))
print("ok", polarity_keystone.__version__, results.passed, snap.version)
""",
}


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    uv = find_uv_bin()
    # The projects build independently, so at once: each build is mostly waiting on its backend.
    builds = {
        name: subprocess.Popen(
            [uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(REPO_ROOT / project)],
            cwd=REPO_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (project, _) in SDKS.items()
    }
    failed = {}
    for name, build in builds.items():
        _, stderr = build.communicate(timeout=300)
        if build.returncode:
            failed[name] = stderr
    assert not failed, failed
    found = {w.name.split("-")[0].replace("_", "-"): w for w in out.glob("*.whl")}
    assert sorted(found) == sorted(SDKS)
    return found


@pytest.fixture(scope="module")
def wheelhouse(wheels: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    house = tmp_path_factory.mktemp("wheelhouse")
    for wheel in wheels.values():
        (house / wheel.name).write_bytes(wheel.read_bytes())
    # Third-party wheels at exactly the locked versions the suite ran with.
    pins = subprocess.run(
        [
            find_uv_bin(),
            "export",
            "--frozen",
            "--format",
            "requirements-txt",
            "--no-hashes",
            "--no-emit-workspace",
            "--all-groups",
            "--quiet",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    constraints = house / "constraints.txt"
    constraints.write_text(pins, encoding="utf-8")
    targets = [f"{wheel}[testing]" if d in WITH_FAKE else str(wheel) for d, wheel in wheels.items()]
    # The development venv (made by uv) has no pip; a stdlib venv always does.
    downloader = tmp_path_factory.mktemp("downloader")
    subprocess.run([sys.executable, "-m", "venv", str(downloader)], check=True)
    subprocess.run(
        [
            str(downloader / "bin" / "python"),
            *("-m", "pip", "download", "--quiet", "--only-binary=:all:"),
            *("--disable-pip-version-check", "--dest", str(house)),
            *("--constraint", str(constraints), *targets),
        ],
        check=True,
        capture_output=True,
    )
    return house


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode())


@pytest.mark.parametrize("distribution", sorted(SDKS))
def test_each_wheel_carries_its_core_and_generated_code_privately(
    wheels: dict[str, Path], distribution: str
) -> None:
    package = SDKS[distribution][1]
    with zipfile.ZipFile(wheels[distribution]) as archive:
        names = archive.namelist()
        sources = {n: archive.read(n) for n in names if n.endswith(".py")}
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {package}
    for inside in ("py.typed", "_core/_flow.py", "_generated/_wire.py", "_generated/openapi.json"):
        assert f"{package}/{inside}" in names, inside
    for inside in OWN_FILES.get(package, ()):
        assert f"{package}/{inside}" in names, inside
    if distribution in WITH_FAKE:
        assert f"{package}/testing/__init__.py" in names
    assert not [n for n, text in sources.items() if PRIVATE_NAMES.search(text)]
    assert not any("tests/" in n or "tools/" in n or "src/" in n for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.mark.parametrize("distribution", sorted(SDKS))
def test_metadata_a_registry_page_needs(wheels: dict[str, Path], distribution: str) -> None:
    meta = _metadata(wheels[distribution])
    version = tuple(int(p) for p in meta["Version"].split("."))
    assert version > PUBLISHED.get(distribution, (0, 0, 0))
    assert meta["License-Expression"] == "Apache-2.0"
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.10" in classifiers
    assert meta["Requires-Python"] == ">=3.10"
    if distribution not in WITHOUT_URLS:
        assert meta.get_all("Project-URL")
    requires = " ".join(meta.get_all("Requires-Dist") or [])
    assert "sdk-core" not in requires
    assert "openapi" not in requires
    description = meta.get_payload()
    assert isinstance(description, str)
    # The long description stands alone: nothing in it points into the repository.
    for pointer in ("../", "nox -s", "tools.", "docs/", "shared/"):
        assert pointer not in description, pointer
    assert "pip install" in description


@pytest.mark.parametrize("distribution", sorted(SDKS))
def test_each_sdk_installs_alone_offline_and_runs_its_quickstart(
    wheels: dict[str, Path], wheelhouse: Path, distribution: str, tmp_path: Path
) -> None:
    package = SDKS[distribution][1]
    requirement = f"{distribution}[testing]" if distribution in WITH_FAKE else distribution
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            *("-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check"),
            *("--find-links", str(wheelhouse), requirement),
        ],
        check=True,
        capture_output=True,
        env={"PATH": str(venv / "bin"), "PIP_CONFIG_FILE": "/dev/null"},
    )
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    others = {d for d in SDKS if d != distribution}
    assert not [line for line in installed.splitlines() if line.split("==")[0] in others]
    assert "sdk-core" not in installed
    proc = subprocess.run(
        [str(python), "-c", QUICKSTART[package]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "typed error 404 True" in proc.stdout
    version = _metadata(wheels[distribution])["Version"]
    assert proc.stdout.strip().splitlines()[-1].startswith(f"ok {version}"), proc.stdout
