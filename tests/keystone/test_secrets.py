"""Secrets a spec file declares: read from the environment, forwarded at creation (explicit ones
win), and never shown in an error, a log line or a repr."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from polarity_keystone import (
    KeystoneInvalidArgumentError,
    KeystoneValidationError,
    collect_declared_secrets,
    collect_declared_secrets_from_file,
)

from tests.keystone._scripted import Script, client_of, run, sync_client

SECRET = "sk-ant-api03-NEVERSHOWNtestsecret0123456789"
OTHER = "ghp_alsoNeverShown42"
SPEC = """\
id: fix-failing-test
agent:
  secrets: [NESTED_IS_NOT_READ]
secrets:
  - ANTHROPIC_API_KEY
  - name: GITHUB_TOKEN
    source: env:GH_TOKEN
  - name: DB_PASSWORD
    from: static://dev-password
  - name: STRIPE_KEY
    source: dashboard
  - name: UNSET_ONE
"""


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANTHROPIC_API_KEY", SECRET)
    monkeypatch.setenv("GH_TOKEN", OTHER)
    monkeypatch.setenv("DB_PASSWORD", "must-not-be-sent")
    monkeypatch.setenv("STRIPE_KEY", "must-not-be-sent-either")
    monkeypatch.setenv("NESTED_IS_NOT_READ", "nested")
    monkeypatch.delenv("UNSET_ONE", raising=False)
    path = tmp_path / "fix-failing-test.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_the_declared_secrets_are_read_from_the_environment(spec: Path) -> None:
    assert collect_declared_secrets_from_file(spec) == {
        "ANTHROPIC_API_KEY": SECRET,
        "GITHUB_TOKEN": OTHER,
    }
    assert collect_declared_secrets_from_file(str(spec), env={"ANTHROPIC_API_KEY": "x"}) == {
        "ANTHROPIC_API_KEY": "x"
    }


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("secrets: [A, B]", {"A": "a", "B": "b"}),
        ("secrets:\n  A: {source: env}\n  B:\n", {"A": "a", "B": "b"}),
        ("secrets:\n  - {name: A, source: 'env:B'}\n", {"A": "b"}),
        ("secrets: []", {}),
        ("name: no secrets here", {}),
        ("", {}),
    ],
)
def test_the_secrets_block_forms(tmp_path: Path, block: str, expected: dict[str, str]) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(block, encoding="utf-8")
    assert collect_declared_secrets_from_file(path, env={"A": "a", "B": "b"}) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("secrets: [A\n  - b: {", "not valid YAML"),
        ("- just\n- a list", "not a spec"),
        ("secrets: 7", "list or a mapping"),
        ("secrets: ['not a name']", "no usable name"),
        ("secrets:\n  - {name: A, source: 'command:cat ~/.ssh/id_rsa'}", "pass it in secrets="),
        ("secrets:\n  - {name: A, source: 'file:~/.aws/credentials'}", "pass it in secrets="),
        ("secrets:\n  - {name: A, source: vault}", "unknown source"),
    ],
)
def test_a_bad_spec_file_is_a_typed_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KeystoneInvalidArgumentError, match=message):
        collect_declared_secrets_from_file(path, env={"A": SECRET})


def test_unreadable_spec_paths(tmp_path: Path) -> None:
    for bad, message in [
        (tmp_path / "missing.yaml", "no such file"),
        (tmp_path, "directory"),
        (7, "path"),
        (b"spec.yaml", "path"),
    ]:
        with pytest.raises(KeystoneInvalidArgumentError, match=message):
            collect_declared_secrets_from_file(bad)  # type: ignore[arg-type]
    (tmp_path / "latin1.yaml").write_bytes(b"secrets: [\xe9]")
    with pytest.raises(KeystoneInvalidArgumentError, match="UTF-8"):
        collect_declared_secrets_from_file(tmp_path / "latin1.yaml")


def test_a_yaml_error_never_quotes_the_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(f"secrets:\n  - name: A\n    from: '{SECRET}\n", encoding="utf-8")
    with pytest.raises(KeystoneInvalidArgumentError) as info:
        collect_declared_secrets_from_file(path)
    assert SECRET not in str(info.value)


def test_collect_from_a_parsed_spec() -> None:
    spec = {"secrets": ["A", {"name": "B", "source": "env:C"}]}
    assert collect_declared_secrets(spec, env={"A": "1", "C": "3"}) == {"A": "1", "B": "3"}


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_create_forwards_declared_secrets_and_explicit_ones_win(spec: Path, flavour: str) -> None:
    script = Script()
    script.json("POST", "/v1/sandboxes", {"id": "sb-1"}, status=201)
    script.json("POST", "/v1/experiments", {"id": "exp-1"}, status=201)
    ks = client_of(flavour, script)
    run(
        ks.sandboxes.create(
            "fix-failing-test",
            spec_path=spec,
            secrets={"GITHUB_TOKEN": "explicit", "EXTRA": "e"},
        )
    )
    assert json.loads(script.last.content)["secrets"] == {
        "ANTHROPIC_API_KEY": SECRET,
        "GITHUB_TOKEN": "explicit",
        "EXTRA": "e",
    }
    run(ks.experiments.create("baseline-v1", "fix-failing-test", spec_path=str(spec)))
    assert json.loads(script.last.content) == {
        "name": "baseline-v1",
        "spec_id": "fix-failing-test",
        "secrets": {"ANTHROPIC_API_KEY": SECRET, "GITHUB_TOKEN": OTHER},
    }


def test_an_explicit_secret_makes_a_command_source_unnecessary(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("secrets:\n  - {name: A, source: 'command:pass show a'}\n", encoding="utf-8")
    script = Script().json("POST", "/v1/sandboxes", {"id": "sb"}, status=201)
    sync_client(script).sandboxes.create("s", spec_path=path, secrets={"A": "given"})
    assert json.loads(script.last.content)["secrets"] == {"A": "given"}


def test_no_secrets_key_when_there_are_none(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("secrets: [NOT_SET_ANYWHERE_42]\n", encoding="utf-8")
    script = Script().json("POST", "/v1/sandboxes", {"id": "sb"}, status=201)
    sync_client(script).sandboxes.create("s", spec_path=path, secrets={})
    assert "secrets" not in json.loads(script.last.content)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_secrets_never_reach_errors_logs_or_reprs(
    spec: Path, flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    # A service that quotes the request body back in its validation error.
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            422, json={"error": f"bad request {request.content.decode()}"}, request=request
        )

    script = Script().on("POST", "/v1/sandboxes", echo).on("POST", "/v1/experiments", echo)
    ks = client_of(flavour, script)
    caplog.set_level(logging.DEBUG)
    for create in (
        lambda: ks.sandboxes.create("s", spec_path=spec, secrets={"MINE": "my-own-pass-99"}),
        lambda: ks.experiments.create("n", "s", spec_path=spec, secrets={"MINE": "my-own-pass-99"}),
    ):
        with pytest.raises(KeystoneValidationError) as info:
            run(create())
        err = info.value
        shown = " ".join([str(err), repr(err), json.dumps(err.body), repr(ks), caplog.text])
        for secret in (SECRET, OTHER, "my-own-pass-99"):
            assert secret not in shown
        assert "ANTHROPIC_API_KEY" in str(err)  # the names are not secret; only values are


def test_bad_explicit_secrets_are_refused_without_quoting_them() -> None:
    script = Script()
    ks = sync_client(script)
    for secrets, message in [
        ("ANTHROPIC_API_KEY=x", "dict"),
        ({"A": 7}, "must be a string"),
        ({"not a name": SECRET}, "cannot name a secret"),
        ({"A": SECRET + "\ud800"}, "cannot be encoded"),
    ]:
        with pytest.raises(KeystoneInvalidArgumentError, match=message) as info:
            ks.sandboxes.create("s", secrets=secrets)  # type: ignore[arg-type]
        assert SECRET not in str(info.value)
    assert script.requests == []
