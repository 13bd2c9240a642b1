"""The Keystone page's examples (not tracing, scorers' built-ins or pricing) on the fake, sync
and async: from_sandbox, secrets forwarded from a spec file, agent upload of a directory, a
file and a tarball, the export iterators across several pages, and the error-handling example.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from polarity_keystone import Keystone, Score, Scorer
from polarity_keystone.testing import IN_PROCESS_URL, FakeKeystone
from polarity_keystone.types import KeystoneError, RunResults

SPEC = "id: fix-failing-test\nsecrets:\n  - name: ANTHROPIC_API_KEY\n"


@pytest.fixture
def agent_paths(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "email-agent"
    (folder / ".git").mkdir(parents=True)
    (folder / "node_modules" / "x").mkdir(parents=True)
    (folder / "main.py").write_text("print('hi')\n", encoding="utf-8")
    (folder / ".env").write_text("TOKEN=never\n", encoding="utf-8")
    (folder / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    (folder / "node_modules" / "x" / "index.js").write_text("//\n", encoding="utf-8")
    single = tmp_path / "agent.py"
    single.write_text("print('one file')\n", encoding="utf-8")
    tarball = tmp_path / "bundle.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        data = b"print('from a tarball')\n"
        info = tarfile.TarInfo("main.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return {"dir": folder, "file": single, "tarball": tarball}


@Scorer
def short_output(scenario: Any) -> Score:
    words = len((scenario.agent_output or "").split())
    return Score(name="short_output", score=float(words < 100), passed=words < 100)


def test_the_page_examples_run_on_the_fake(
    agent_paths: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_file = tmp_path / "fix-failing-test.yaml"
    spec_file.write_text(SPEC, encoding="utf-8")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-forwarded-value")
    with FakeKeystone() as fake:
        ks = fake.client()
        assert ks.health() == {"status": "ok"}
        sb = ks.sandboxes.create(
            spec_id="fix-failing-test",
            timeout="10m",
            metadata={"run": "ci"},
            spec_path=str(spec_file),
        )
        assert fake.sandbox_secret_names(sb.id) == ["ANTHROPIC_API_KEY"]
        # Inside the sandbox, the platform sets these; from_sandbox reads them.
        monkeypatch.setenv("KEYSTONE_API_KEY", fake.api_key)
        monkeypatch.setenv("KEYSTONE_BASE_URL", IN_PROCESS_URL)
        monkeypatch.delenv("KEYSTONE_SANDBOX_ID", raising=False)
        monkeypatch.delenv("POLARITY_SANDBOX_ID", raising=False)
        with pytest.raises(KeystoneError, match="SANDBOX_ID"):
            Keystone.from_sandbox(http_client=httpx.Client(transport=fake.transport()))
        monkeypatch.setenv("KEYSTONE_SANDBOX_ID", sb.id)
        inside, sandbox = Keystone.from_sandbox(
            http_client=httpx.Client(transport=fake.transport())
        )
        assert sandbox.id == sb.id
        assert sandbox.services["db"].port == 5432
        inside.close()

        exp = ks.experiments.create(name="baseline-v1", spec_id="fix-failing-test")
        results = ks.experiments.run_and_wait(exp.id, timeout=600, scores=[short_output])
        assert isinstance(results, RunResults)
        assert results.passed + results.failed + results.flaky + results.errors == 4
        assert all("short_output" in [i.name for i in s.invariants] for s in results.scenarios)

        snaps = [
            ks.agents.upload(name="email-agent", path=str(p), entrypoint=["python", "main.py"])
            for p in agent_paths.values()
        ]
        assert [s.version for s in snaps] == [1, 2, 3]
        uploaded = [f["name"] for f in fake.agent_files(snaps[0].id)]
        assert "main.py" in uploaded
        assert not any(name.startswith((".git", "node_modules", ".env")) for name in uploaded)
        assert [f["name"] for f in fake.agent_files(snaps[1].id)] == ["agent.py"]
        assert ks.agents.get("email-agent", version=3).id == snaps[2].id

        fake.seed_spans(250)
        assert sum(1 for _ in ks.export.spans(limit=100)) >= 250  # three pages at least
        pages = [r for r in fake.received if r.path == "/v1/spans"]
        assert len(pages) >= 3

        # The page's error-handling example.
        seen: list[KeystoneError] = []
        try:
            ks.sandboxes.create(spec_id="missing")
        except KeystoneError as err:
            print(err.status_code, err.message)
            seen.append(err)
        assert [(e.status_code, isinstance(e.message, str) and bool(e.message)) for e in seen] == [
            (404, True)
        ]


async def test_the_async_client_runs_the_same_flow() -> None:
    with FakeKeystone() as fake:
        ks = fake.async_client()
        sb = await ks.sandboxes.create(spec_id="fix-failing-test", timeout="10m")
        await ks.sandboxes.write_file(sb.id, "dir/a #1?.txt", "hello")
        assert await ks.sandboxes.read_file(sb.id, "dir/a #1?.txt") == b"hello"
        exp = await ks.experiments.create(name="async", spec_id="hello-world")
        results = await ks.experiments.run_and_wait(exp.id, timeout=60)
        assert results.passed == results.total_scenarios == 1
        fake.seed_spans(120)
        spans = [span async for span in ks.export.spans(limit=50)]
        assert len(spans) >= 120
        with pytest.raises(KeystoneError) as caught:
            await ks.specs.get("no-such-spec")
        assert caught.value.status_code == 404
        await ks.close()
