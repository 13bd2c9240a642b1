"""Every fenced ``python`` block of the READMEs and the docs site runs, as written, on the fakes.

Each document's blocks run in order in a fresh namespace, in a temporary working directory
holding the small input files the examples name, with the environment pointed at the SDKs' own
fakes (``gnosys.testing``, ``asg_gateway.testing``, ``kneo_client.testing`` and
``polarity_keystone.testing``, served on
loopback): ``GNOSYS_API_KEY`` / ``GNOSYS_BASE_URL`` for Gnosys, ``ASG_API_KEY`` /
``ASG_BASE_URL`` for ASG Gateway, ``KNEO_URL`` / ``KNEO_API_KEY`` for Kneo,
``KEYSTONE_API_KEY`` / ``KEYSTONE_BASE_URL`` for Keystone. Every
document gets keys of its own, so it meets a fresh tenant (and account) on the fakes. The
fakes run fast: a Gnosys run step takes 10 ms and an ASG task reaches consensus as soon as it
is submitted, so examples keep the reference's intervals and timeouts.

A block that is not meant to run (shell commands, signatures) must be fenced as ``console`` or
``text`` instead of ``python``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests._doc_examples import documents, fenced_blocks, python_blocks, run_examples

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = documents(ROOT)
WITH_EXAMPLES = [path for path in DOCUMENTS if python_blocks(path.read_text(encoding="utf-8"))]

TRAIN_CSV = "x1,x2,y\n" + "".join(f"{i % 7},{(i * 3) % 5},{i % 2}\n" for i in range(40))
TEST_CSV = "x1,x2\n1,2\n3,0\n6,4\n"
SERVICE_ACCOUNT = {
    "type": "service_account",
    "project_id": "docs-example",
    "private_key_id": "0000",
    "client_email": "labeler@docs-example.iam.gserviceaccount.com",
}
INPUT_FILES = {
    "train.csv": TRAIN_CSV,
    "test.csv": TEST_CSV,
    "sa.json": json.dumps(SERVICE_ACCOUNT),
}


@pytest.fixture(scope="module")
def fake_urls() -> Iterator[dict[str, str]]:
    from asg_gateway.testing import FakeASGGateway
    from gnosys.testing import FakeGnosys
    from kneo_client.testing import FakeKneo
    from polarity_keystone.testing import FakeKeystone

    # Real time, served on loopback: the examples build their clients from the environment.
    gnosys = FakeGnosys(clock="wall", step_seconds=0.01)
    asg = FakeASGGateway(clock="wall", labeling_seconds=0.0, job_step_seconds=0.01)
    # Any key is accepted (each document's is its own principal); runs take milliseconds.
    kneo = FakeKneo(clock="wall", api_keys=None, queue_seconds=0.01, step_seconds=0.01)
    keystone = FakeKeystone(clock="wall", api_keys=None, scenario_seconds=0.01)
    with (
        gnosys,
        asg,
        kneo,
        keystone,
        gnosys.serve() as gnosys_url,
        asg.serve() as asg_url,
        kneo.serve() as kneo_url,
        keystone.serve() as keystone_url,
    ):
        yield {
            "gnosys": gnosys_url,
            "asg_gateway": asg_url,
            "kneo": kneo_url,
            "keystone": keystone_url,
        }


def _label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", WITH_EXAMPLES, ids=_label)
def test_examples_run(
    path: Path,
    fake_urls: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, content in INPUT_FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    tenant = hashlib.sha256(_label(path).encode()).hexdigest()[:12]
    monkeypatch.setenv("GNOSYS_API_KEY", f"gn_live_docs{tenant}")
    monkeypatch.setenv("GNOSYS_BASE_URL", fake_urls["gnosys"])
    monkeypatch.setenv("ASG_API_KEY", f"sk_sandbox_docs{tenant}")
    monkeypatch.setenv("ASG_BASE_URL", fake_urls["asg_gateway"])
    monkeypatch.setenv("KNEO_URL", fake_urls["kneo"])
    monkeypatch.setenv("KNEO_API_KEY", f"kneo-docs-{tenant}")
    for name in ("KNEO_PROFILE", "KNEO_AUTH_SCHEME", "KNEO_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KEYSTONE_API_KEY", f"ks_live_docs{tenant}")
    monkeypatch.setenv("KEYSTONE_BASE_URL", fake_urls["keystone"])
    for name in (
        "KEYSTONE_SANDBOX_ID",
        "POLARITY_API_KEY",
        "POLARITY_BASE_URL",
        "POLARITY_SANDBOX_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    # Kneo's default profile file lives under the user's config directory: an empty one here.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    blocks = python_blocks(path.read_text(encoding="utf-8"))
    with _process_wide_state_restored():
        run_examples(_label(path), blocks)


@contextmanager
def _process_wide_state_restored() -> Iterator[None]:
    """Undo what a page sets for the whole process (tracing, patched providers, prices)."""
    from polarity_keystone import pricing_table
    from polarity_keystone._instrument import _auto
    from polarity_keystone._tracing import flush, reset_tracing

    prices = dict(pricing_table.items())
    try:
        yield
    finally:
        flush(30)
        reset_tracing()
        _auto.reset()
        for model in [m for m in pricing_table if m not in prices]:
            del pricing_table[model]
        pricing_table.update(prices)


def test_every_documented_place_is_checked() -> None:
    labels = {_label(path) for path in DOCUMENTS}
    assert {"README.md", "wrappers/gnosys/README.md", "wrappers/asg_gateway/README.md"} <= labels
    assert "docs/index.md" in labels
    assert {
        "README.md",
        "docs/gnosys/quickstart.md",
        "docs/asg_gateway/quickstart.md",
        "docs/kneo/quickstart.md",
        "docs/keystone/quickstart.md",
    } <= {_label(path) for path in WITH_EXAMPLES}


def test_a_broken_example_names_its_document_block_and_line() -> None:
    text = "Intro.\n\n```python\nx = 1\n```\n\n- a list item:\n\n  ```python\n  1 / 0\n  ```\n"
    blocks = python_blocks(text)
    assert [(b.code, b.line) for b in blocks] == [("x = 1\n", 4), ("1 / 0\n", 10)]
    with pytest.raises(AssertionError) as caught:
        run_examples("docs/example.md", blocks)
    message = str(caught.value)
    assert "docs/example.md: python block 2 of 2 (line 10) raised ZeroDivisionError" in message
    assert 'File "docs/example.md", line 10' in message


def test_blocks_share_one_namespace_per_document() -> None:
    text = "```python\nvalue = 41\n```\n\n```py\nassert value + 1 == 42\n```\n"
    assert run_examples("doc.md", python_blocks(text))["value"] == 41


def test_only_python_fences_run() -> None:
    text = (
        "```console\n$ nox -s docs\n```\n"
        "````markdown\n```python\nnested = 1\n```\n````\n"
        "~~~text\nnot python\n~~~\n"
        "```python``` inline code is no fence.\n"
    )
    assert [b.language for b in fenced_blocks(text)] == ["console", "markdown", "text"]
    assert python_blocks(text) == []
