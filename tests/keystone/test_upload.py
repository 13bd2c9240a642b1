"""``agents.upload``: what goes into a bundle (and what never does), the multipart wire, retries,
and constant memory for a big directory."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import httpx
import pytest
from polarity_keystone import KeystoneInvalidArgumentError, KeystoneServerError, RetryPolicy
from polarity_keystone.types import AgentAuth, AgentSnapshot, ConfigFile

from tests.core.test_streams import multipart_reference_parse
from tests.keystone._scripted import Script, client_of, run, sync_client

SNAPSHOT = {"id": "snap_1", "name": "email-agent", "version": 4, "tag": "v2.1"}


def _received(request: httpx.Request) -> tuple[dict[str, object], tarfile.TarFile, bytes]:
    """The upload's metadata, its bundle as an open tarball, and the bundle's bytes."""
    fields = multipart_reference_parse(request.read(), request.headers["Content-Type"])
    bundle = fields["bundle"]
    return (
        json.loads(fields["metadata"]),
        tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz"),
        bundle,
    )


def _agent_dir(root: Path, outside: Path) -> Path:
    agent = root / "agent"
    for name, content in {
        "main.py": "print('hi')\n",
        "pkg/__init__.py": "",
        "pkg/util.py": "x = 1\n",
        "pkg/__pycache__/util.cpython-311.pyc": "junk",
        "pkg/stale.pyc": "junk",
        ".git/config": "[core]",
        "node_modules/left-pad/index.js": "junk",
        ".venv/lib/site.py": "junk",
        "venv/bin/python": "junk",
        "env/pyvenv.cfg": "home = /usr",
        "env/lib/x.py": "junk",
        ".env": "ANTHROPIC_API_KEY=sk-ant-secret",
        ".env.local": "SECRET=1",
        ".env.example": "ANTHROPIC_API_KEY=",
        "config/.env": "nested secret",
        "data/empty/.keep": "",
        "naïve #1?.txt": "odd name",
    }.items():
        path = agent / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (agent / "empty-dir").mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("outside the agent", encoding="utf-8")
    (agent / "escape.txt").symlink_to(outside / "secret.txt")
    (agent / "escape-dir").symlink_to(outside, target_is_directory=True)
    (agent / "relative-escape").symlink_to("../outside/secret.txt")
    (agent / "dangling").symlink_to(agent / "nowhere")
    (agent / "alias.py").symlink_to(agent / "main.py")
    (agent / "pkg" / "up.py").symlink_to("../main.py")
    (agent / "pkg-link").symlink_to(agent / "pkg", target_is_directory=True)
    os.mkfifo(agent / "a-fifo")
    return agent


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_directory_is_tarred_without_junk_secrets_or_escaping_links(
    tmp_path: Path, flavour: str
) -> None:
    agent = _agent_dir(tmp_path, tmp_path / "outside")
    script = Script().json("POST", "/v1/agents", SNAPSHOT, status=201)
    snap = run(
        client_of(flavour, script).agents.upload(
            "email-agent",
            agent,
            ["python", "main.py"],
            runtime="python3.12",
            tag="v2.1",
            auth={"required_env": ["ANTHROPIC_API_KEY"], "config_files": [{"path": ".env"}]},
        )
    )
    assert isinstance(snap, AgentSnapshot)
    assert snap.version == 4
    request = script.last
    metadata, tar, _ = _received(request)
    assert metadata == {
        "name": "email-agent",
        "entrypoint": ["python", "main.py"],
        "runtime": "python3.12",
        "auth": {"required_env": ["ANTHROPIC_API_KEY"], "config_files": [{"path": ".env"}]},
        "tag": "v2.1",
    }
    members = {m.name: m for m in tar.getmembers()}
    files = sorted(name for name, m in members.items() if m.isfile())
    assert files == [
        ".env.example",
        "data/empty/.keep",
        "main.py",
        "naïve #1?.txt",
        "pkg/__init__.py",
        "pkg/util.py",
    ]
    links = {name: m.linkname for name, m in members.items() if m.issym()}
    assert links == {"alias.py": "main.py", "pkg/up.py": "../main.py", "pkg-link": "pkg"}
    dirs = sorted(name for name, m in members.items() if m.isdir())
    assert dirs == ["config", "data", "data/empty", "empty-dir", "pkg"]
    extracted = tar.extractfile("main.py")
    assert extracted is not None
    assert extracted.read() == b"print('hi')\n"
    assert all(m.uid == 0 and m.uname == "" for m in members.values())
    # The bundle part: named after the agent, gzip.
    body = request.read()
    assert b'name="bundle"; filename="email-agent.tar.gz"' in body
    assert b"Content-Type: application/gzip" in body
    assert b"outside the agent" not in gzip.decompress(_received(request)[2])


def test_a_single_file_becomes_a_one_file_tarball(tmp_path: Path) -> None:
    script = Script().json("POST", "/v1/agents", SNAPSHOT, status=201)
    (tmp_path / "agent.py").write_text("print(1)\n", encoding="utf-8")
    sync_client(script).agents.upload(
        "solo",
        str(tmp_path / "agent.py"),
        ["python", "agent.py"],
        auth=AgentAuth(
            required_env=["K"], config_files=[ConfigFile(path=".env", template="K={{K}}")]
        ),
    )
    metadata, tar, _ = _received(script.last)
    assert [m.name for m in tar.getmembers()] == ["agent.py"]
    assert metadata["auth"] == {
        "required_env": ["K"],
        "config_files": [{"path": ".env", "template": "K={{K}}"}],
        "egress": {},
    }
    assert "runtime" not in metadata
    assert "tag" not in metadata


@pytest.mark.parametrize("suffix", [".tar.gz", ".tgz", ".TAR.GZ"])
def test_a_tarball_is_sent_as_it_is(tmp_path: Path, suffix: str) -> None:
    payload = gzip.compress(b"not even a tar inside", mtime=0)
    path = tmp_path / f"bundle{suffix}"
    path.write_bytes(payload)
    script = Script().json("POST", "/v1/agents", SNAPSHOT, status=201)
    sync_client(script).agents.upload("a", path, ["./run"])
    fields = multipart_reference_parse(script.last.read(), script.last.headers["Content-Type"])
    assert fields["bundle"] == payload


def test_what_cannot_be_uploaded_is_refused_before_sending(tmp_path: Path) -> None:
    (tmp_path / "fake.tar.gz").write_bytes(b"PK\x03\x04 a zip")
    (tmp_path / "junk-only" / "__pycache__").mkdir(parents=True)
    (tmp_path / "junk-only" / ".env").write_text("A=1", encoding="utf-8")
    script = Script()
    ks = sync_client(script)
    for path, entrypoint, message in [
        (tmp_path / "fake.tar.gz", ["x"], "not gzip"),
        (tmp_path / "missing", ["x"], "no such file"),
        (tmp_path / "junk-only", ["x"], "no file to upload"),
        ("/", ["x"], "file system root"),
        (tmp_path, [], "entrypoint"),
        (tmp_path, "python main.py", "entrypoint"),
        (7, ["x"], "path"),
    ]:
        with pytest.raises(KeystoneInvalidArgumentError, match=message):
            ks.agents.upload("a", path, entrypoint)  # type: ignore[arg-type]
    with pytest.raises(KeystoneInvalidArgumentError, match="auth"):
        ks.agents.upload("a", tmp_path, ["x"], auth={"egress": {"x": float("nan")}})
    with pytest.raises(KeystoneInvalidArgumentError, match="name"):
        ks.agents.upload("..", tmp_path, ["x"])
    assert script.requests == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_retried_upload_sends_the_whole_bundle_again(tmp_path: Path, flavour: str) -> None:
    agent = tmp_path / "agent"
    agent.mkdir()
    (agent / "big.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    script = Script().on(
        "POST",
        "/v1/agents",
        httpx.Response(503, json={"error": "busy"}),
        httpx.Response(502, json={"error": "gateway"}),
        httpx.Response(201, json=SNAPSHOT),
    )
    run(client_of(flavour, script).agents.upload("a", agent, ["x"]))
    assert len(script.requests) == 3
    bundles = [_received(r)[2] for r in script.requests]
    assert bundles[0] == bundles[1] == bundles[2]
    assert len({r.headers["Idempotency-Key"] for r in script.requests}) == 1
    assert all(int(r.headers["Content-Length"]) == len(r.read()) for r in script.requests)
    with tarfile.open(fileobj=io.BytesIO(bundles[2]), mode="r:gz") as tar:
        member = tar.extractfile("big.bin")
        assert member is not None
        assert member.read() == (agent / "big.bin").read_bytes()


def test_the_temporary_bundle_is_removed_whatever_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    made: list[object] = []
    real = tempfile.TemporaryFile

    def tracking(*args: object, **kwargs: object) -> object:
        handle = real(*args, **kwargs)  # type: ignore[call-overload]
        made.append(handle)
        return handle

    monkeypatch.setattr(tempfile, "TemporaryFile", tracking)
    (tmp_path / "main.py").write_text("x", encoding="utf-8")
    script = Script().json("POST", "/v1/agents", {"error": "down"}, status=500)
    with pytest.raises(KeystoneServerError):
        sync_client(script, retry_policy=RetryPolicy.testing(1)).agents.upload("a", tmp_path, ["x"])
    script.json("POST", "/v1/agents", SNAPSHOT, status=201)
    sync_client(script).agents.upload("a", tmp_path, ["x"])
    assert len(made) == 2
    assert all(getattr(handle, "closed", False) for handle in made)


class _Draining(httpx.MockTransport):
    """Reads a request's body chunk by chunk, keeping only its size (never the whole body)."""

    def __init__(self) -> None:
        super().__init__(lambda request: httpx.Response(201, json=SNAPSHOT))
        self.sizes: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        size = 0
        for chunk in request.stream:  # type: ignore[union-attr]
            size += len(chunk)
        self.sizes.append(size)
        return httpx.Response(201, json=SNAPSHOT, request=request)


_MEMORY_PROBE = textwrap.dedent(
    """
    import json, resource, sys
    import httpx
    from polarity_keystone import Keystone, RetryPolicy
    sys.path.insert(0, sys.argv[3])
    from tests.keystone.test_upload import _Draining

    transport = _Draining()
    ks = Keystone("ks_live_memory", "https://keystone.test", retry_policy=RetryPolicy.testing(),
                  http_client=httpx.Client(transport=transport))
    ks.agents.upload("warm", sys.argv[2], ["x"])  # every code path loaded before measuring
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ks.agents.upload("big", sys.argv[1], ["python", "main.py"])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"growth_kb": after - before, "sent": transport.sizes[-1]}))
    """
)


@pytest.mark.timeout(30)  # ~9 s on a 2-core machine: 256 MiB read, gzipped and streamed
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_uploading_a_256_mb_directory_runs_in_constant_memory(tmp_path: Path) -> None:
    big = tmp_path / "big"
    # 64 KiB repeated: longer than gzip's 32 KiB window, so the bundle stays ~256 MiB (an
    # in-memory tarball or body would show), yet cheap to generate.
    block = os.urandom(64 * 1024)
    for d in range(8):
        folder = big / f"part{d}"
        folder.mkdir(parents=True)
        for f in range(8):
            with (folder / f"chunk{f}.bin").open("wb") as handle:
                for _ in range(64):  # 4 MiB a file, 64 files: 256 MiB
                    handle.write(block)
    small = tmp_path / "small"
    small.mkdir()
    (small / "main.py").write_text("print(1)\n", encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(big), str(small), str(repo)],
        capture_output=True,
        text=True,
        check=True,
        timeout=25,
    )
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    assert measured["sent"] > 250 * 1024 * 1024  # the whole bundle was streamed
    assert measured["growth_kb"] < 64 * 1024, measured
