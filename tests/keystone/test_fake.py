"""The Keystone fake's behaviour, through plain httpx on its in-process transport.

Each test builds its own fake on the manual clock: time moves only when a test advances it,
so nothing here waits in real time (except one latency injection and the served fakes).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tarfile
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from polarity_keystone.testing import (
    API_KEY,
    CATALOG,
    IN_PROCESS_URL,
    FakeKeystone,
    KeystoneFakeConfig,
    principal_for,
)
from polarity_keystone.testing._prompts import render_template
from polarity_keystone.testing._sandbox import normalize_path, parse_duration

from tools.fakes import FAKES, serve_in_subprocess
from tools.fakes.__main__ import OPTIONS

OTHER_KEY = "ks_test_other_1111111111"
YAML = {"Content-Type": "application/x-yaml"}


@pytest.fixture
def fake() -> Iterator[FakeKeystone]:
    with FakeKeystone(api_keys={API_KEY, OTHER_KEY}) as fake:
        yield fake


@pytest.fixture
def http(fake: FakeKeystone) -> Iterator[httpx.Client]:
    with fake.http_client() as client:
        yield client


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content else None


def _error(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) >= {"error", "code", "request_id"}
    assert isinstance(body["error"], str)
    message: str = body["error"]
    return message


def _sandbox(http: httpx.Client, spec_id: str = "fix-failing-test", **fields: Any) -> str:
    sandbox_id: str = _ok(http.post("/v1/sandboxes", json={"spec_id": spec_id, **fields}), 201)[
        "id"
    ]
    return sandbox_id


def _run(http: httpx.Client, sandbox_id: str, command: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = _ok(
        http.post(f"/v1/sandboxes/{sandbox_id}/commands", json={"command": command, **fields})
    )
    return result


def _spec(http: httpx.Client, text: str) -> dict[str, Any]:
    spec: dict[str, Any] = _ok(http.post("/v1/specs", content=text, headers=YAML), 201)
    return spec


def _experiment(http: httpx.Client, spec_id: str = "fix-failing-test", name: str = "e") -> str:
    experiment_id: str = _ok(
        http.post("/v1/experiments", json={"name": name, "spec_id": spec_id}), 201
    )["id"]
    return experiment_id


def _start(http: httpx.Client, experiment_id: str) -> None:
    assert http.post(f"/v1/experiments/{experiment_id}/run").status_code == 202


def _results(http: httpx.Client, experiment_id: str) -> dict[str, Any]:
    results: dict[str, Any] = _ok(http.get(f"/v1/experiments/{experiment_id}"))
    return results


def _bundle(files: dict[str, bytes], *, links: dict[str, str] | None = None) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return raw.getvalue()


def _upload(http: httpx.Client, name: str, bundle: bytes, **metadata: Any) -> httpx.Response:
    meta = json.dumps({"name": name, "entrypoint": ["python", "main.py"], **metadata})
    return http.post(
        "/v1/agents",
        data={"metadata": meta},
        files={"bundle": (f"{name}.tar.gz", bundle, "application/gzip")},
    )


def _pages(http: httpx.Client, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = _ok(http.get(path, params=query))
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages


# ------------------------------------------------------------------ keys, errors, ids


def test_keys_are_bearer_keys_of_the_configured_set(fake: FakeKeystone) -> None:
    with httpx.Client(base_url=IN_PROCESS_URL, transport=fake.transport()) as bare:
        assert "missing API key" in _error(bare.get("/v1/specs"), 401)
        wrong = bare.get("/v1/specs", headers={"Authorization": "Bearer ks_test_nobody"})
        assert _error(wrong, 401) == "invalid API key"
        assert bare.get("/v1/specs", headers={"Authorization": "Basic abc"}).status_code == 401
        assert bare.get("/health").json() == {"status": "ok"}
        assert bare.get("/v1/openapi.json").status_code == 200
    with fake.http_client(api_key=OTHER_KEY) as other:
        assert other.get("/v1/specs").status_code == 200
    assert fake.received[-1].headers["authorization"] == "Bearer ***"
    assert OTHER_KEY not in str(fake.received)
    with FakeKeystone(api_keys=None) as anyone, anyone.http_client(api_key="whatever") as client:
        assert client.get("/v1/sandboxes").json() == []


def test_errors_carry_a_message_string_and_the_request_id(http: httpx.Client) -> None:
    answer = http.get("/v1/sandboxes/nope", headers={"X-Request-ID": "rid-7"})
    assert _error(answer, 404) == "no such sandbox"
    assert answer.headers["X-Request-ID"] == "rid-7"
    assert answer.json()["request_id"] == "rid-7"
    generated = http.get("/v1/specs").headers["X-Request-ID"]
    assert generated.startswith("req_")
    assert generated != http.get("/v1/specs").headers["X-Request-ID"]
    # A 422 names the field and the problem, never the value sent.
    secret = "sk-live-value-that-must-not-leak-0000000000"
    invalid = http.post("/v1/sandboxes", json={"spec_id": 5, "secrets": {"K": 1}, "x": secret})
    message = _error(invalid, 422)
    assert "body.spec_id: must be of type string" in message
    assert secret not in invalid.text
    assert "5" not in message.replace("422", "")
    assert http.delete("/v1/sandboxes").status_code == 405
    assert http.delete("/v1/sandboxes").headers["Allow"] == "POST, GET, HEAD"
    assert _error(http.get("/v2/nothing"), 404) == "no such endpoint"


def test_workspaces_are_open_unless_listed() -> None:
    with FakeKeystone(workspaces={"ws_1", "team"}) as fake, fake.http_client() as http:
        assert http.get("/v1/specs", headers={"X-Polarity-Workspace": "team"}).status_code == 200
        assert http.get("/v1/specs").status_code == 200  # the key's default workspace
        refused = http.get("/v1/specs", headers={"X-Polarity-Workspace": "elsewhere"})
        assert _error(refused, 403) == "the key may not act in this workspace"
    with FakeKeystone() as fake, fake.http_client() as http:
        assert http.get("/v1/specs", headers={"X-Polarity-Workspace": "any"}).status_code == 200


def test_principals_are_digests_of_the_key(fake: FakeKeystone, http: httpx.Client) -> None:
    prompt = _ok(http.post("/v1/prompts", json={"slug": "s", "template": "t"}), 201)
    assert prompt["user_id"] == principal_for(API_KEY) == fake.principal_for()
    assert prompt["user_id"].startswith("user_")
    assert API_KEY not in prompt["user_id"]


# ------------------------------------------------------------------ sandboxes


def test_a_sandbox_has_the_specs_files_services_and_secret_names(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    sandbox = _ok(
        http.post(
            "/v1/sandboxes",
            json={
                "spec_id": "fix-failing-test",
                "timeout": "10m",
                "metadata": {"run": "ci-7821"},
                "secrets": {"ANTHROPIC_API_KEY": "sk-ant-secret"},
            },
        ),
        201,
    )
    assert sandbox["state"] == "running"
    assert sandbox["services"] == {"db": {"host": "db", "port": 5432, "ready": True}}
    assert (sandbox["path"], sandbox["metadata"]) == ("/workspace", {"run": "ci-7821"})
    assert sorted(fake.sandbox_files(sandbox["id"])) == [
        "package.json",
        "src/add.ts",
        "test/add.test.ts",
    ]
    assert fake.sandbox_secret_names(sandbox["id"]) == ["ANTHROPIC_API_KEY"]
    assert "sk-ant-secret" not in str(fake.sandbox(sandbox["id"]))
    printed = _run(http, sandbox["id"], "printenv ANTHROPIC_API_KEY")
    assert (printed["stdout"], printed["exit_code"]) == ("***\n", 0)
    assert [s["id"] for s in _ok(http.get("/v1/sandboxes"))] == [sandbox["id"]]
    assert _error(http.post("/v1/sandboxes", json={"spec_id": "nope"}), 404) == "no such spec"
    assert "duration" in _error(
        http.post("/v1/sandboxes", json={"spec_id": "hello-world", "timeout": "soon"}), 422
    )


@pytest.mark.parametrize(
    ("command", "exit_code", "stdout", "stderr"),
    [
        ("npm test", 1, "FAIL test/add.test.ts\n", ""),  # the spec's canned result
        ("echo hello  world", 0, "hello world\n", ""),
        ("echo -n x", 0, "x", ""),
        ("cat src/add.ts", 0, "export const add = (a: number, b: number) => a - b;\n", ""),
        ("cat nope.txt", 1, "", "cat: nope.txt: No such file or directory\n"),
        ("ls", 0, "package.json\nsrc\ntest\n", ""),
        ("ls /workspace/src", 0, "add.ts\n", ""),
        ("pwd && cd src && pwd", 0, "/workspace\n/workspace/src\n", ""),
        ("test -f src/add.ts && echo yes || echo no", 0, "yes\n", ""),
        ("[ -d nowhere ] || echo missing", 0, "missing\n", ""),
        ("grep -c a src/add.ts", 0, "1\n", ""),
        ("grep -q zzz src/add.ts", 1, "", ""),
        ("false; echo after", 0, "after\n", ""),
        ("exit 3; echo never", 3, "", ""),
        ("rm -rf /", 0, "", ""),  # `/` is the working tree: nothing outside it exists
        ("nosuch --flag", 127, "", "nosuch: command not found\n"),
        ("cat src/add.ts | wc -l", 2, "", "syntax not supported by the fake"),
        ('echo "unterminated', 2, "", "syntax error: unterminated quote\n"),
    ],
)
def test_the_command_set_is_deterministic(
    http: httpx.Client, command: str, exit_code: int, stdout: str, stderr: str
) -> None:
    sandbox_id = _sandbox(http)
    result = _run(http, sandbox_id, command)
    assert result["command"] == command
    assert (result["exit_code"], result["stdout"]) == (exit_code, stdout)
    assert result["stderr"].startswith(stderr)
    assert isinstance(result["duration_ms"], int)


def test_commands_change_the_tree_and_time_out(fake: FakeKeystone, http: httpx.Client) -> None:
    sandbox_id = _sandbox(http)
    _run(http, sandbox_id, "echo one > notes/a.txt && echo two >> notes/a.txt")
    assert fake.sandbox_files(sandbox_id)["notes/a.txt"] == b"one\ntwo\n"
    _run(http, sandbox_id, "cp notes/a.txt b.txt && mv b.txt c.txt && touch d && rm src/add.ts")
    files = fake.sandbox_files(sandbox_id)
    assert files["c.txt"] == b"one\ntwo\n"
    assert "b.txt" not in files
    assert "src/add.ts" not in files
    assert files["d"] == b""
    slow = _run(http, sandbox_id, "sleep 90", timeout="1m")
    assert (slow["exit_code"], slow["duration_ms"]) == (124, 60_000)
    assert slow["stderr"] == "timed out after 60s\n"
    assert _run(http, sandbox_id, "npm test", timeout="1s")["exit_code"] == 124  # 1800 ms
    assert [c["command"] for c in fake.sandbox_commands(sandbox_id)][-2:] == [
        "sleep 90",
        "npm test",
    ]
    diff = _ok(http.get(f"/v1/sandboxes/{sandbox_id}/diff"))
    assert diff == {
        "added": ["c.txt", "d", "notes/a.txt"],
        "removed": ["src/add.ts"],
        "modified": [],
    }
    assert "timeout" in _error(
        http.post(f"/v1/sandboxes/{sandbox_id}/commands", json={"command": "ls", "timeout": "x"}),
        422,
    )


def test_files_take_raw_or_encoded_slashes_and_stay_in_the_tree(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    sandbox_id = _sandbox(http)
    base = f"/v1/sandboxes/{sandbox_id}/files"
    body = {"path": "/src/deep/x y#1?.ts", "content": "é\n"}  # a leading `/` is dropped
    assert http.post(base, json=body).status_code == 204
    name = "src/deep/x y#1?.ts"
    raw = http.get(f"{base}/src/deep/{quote('x y#1?.ts')}")
    encoded = http.get(f"{base}/{quote(name, safe='')}")
    assert raw.content == encoded.content == "é\n".encode()
    assert raw.headers["content-type"] == "application/octet-stream"
    assert http.get(f"{base}/src/./deep/../deep/{quote('x y#1?.ts')}").content == b"\xc3\xa9\n"
    state = _ok(http.get(f"/v1/sandboxes/{sandbox_id}/state"))
    assert state["files"][name] == {
        "size": 3,
        "mode": "0644",
        "checksum": "sha256:" + hashlib.sha256("é\n".encode()).hexdigest(),
    }
    assert http.post(base, json={"path": "src/add.ts", "content": "fixed"}).status_code == 204
    assert _ok(http.get(f"/v1/sandboxes/{sandbox_id}/diff"))["modified"] == ["src/add.ts"]
    assert "working tree" in _error(http.post(base, json={"path": "../x", "content": ""}), 422)
    assert _error(http.get(f"{base}/{quote('../etc/passwd', safe='')}"), 404) == "no such file"
    assert http.delete(f"{base}/{quote(name, safe='')}").status_code == 204
    assert http.get(f"{base}/{quote(name, safe='')}").status_code == 404
    assert http.delete(f"{base}/{quote(name, safe='')}").status_code == 404
    assert name not in fake.sandbox_files(sandbox_id)


def test_a_sandbox_starts_runs_expires_and_is_destroyed() -> None:
    with FakeKeystone(sandbox_boot_seconds=5) as fake, fake.http_client() as http:
        sandbox_id = _sandbox(http, "hello-world", timeout="1m")
        assert fake.sandbox(sandbox_id)["services"] == {}
        assert _error(
            http.post(f"/v1/sandboxes/{sandbox_id}/commands", json={"command": "ls"}), 409
        ) == ("the sandbox is starting")
        fake.advance(5)
        assert _run(http, sandbox_id, "cat README.md")["stdout"] == "# hello\n"
        fake.advance(55)
        assert fake.sandbox(sandbox_id)["state"] == "expired"
        files = f"/v1/sandboxes/{sandbox_id}/files"
        assert (
            _error(http.post(files, json={"path": "a", "content": ""}), 409)
            == "the sandbox is expired"
        )
        assert http.get(f"{files}/README.md").content == b"# hello\n"  # still readable
        assert http.get(f"/v1/sandboxes/{sandbox_id}/state").status_code == 200
        assert http.delete(f"/v1/sandboxes/{sandbox_id}").status_code == 204
        assert http.get(f"/v1/sandboxes/{sandbox_id}").status_code == 404
        assert http.delete(f"/v1/sandboxes/{sandbox_id}").status_code == 404
        assert _ok(http.get("/v1/sandboxes")) == []


def test_sandbox_traces_take_events_in_any_order(fake: FakeKeystone, http: httpx.Client) -> None:
    sandbox_id = _sandbox(http)
    end = {
        "ts": "2026-11-24T10:00:01.000000+00:00",
        "event_type": "tool_call",
        "tool": "write_config",
        "phase": "end",
        "span_id": "0123456789abcdef",
        "parent_span_id": "",
        "root_span_id": "",
        "status": "error",
        "duration_ms": 40,
        "error_type": "tool_error",
        "output": "ValueError: x",
    }
    start = {**end, "ts": "2026-11-24T10:00:00.000000+00:00", "phase": "start", "status": "ok"}
    llm = {
        "ts": "2026-11-24T10:00:00.500000+00:00",
        "event_type": "llm_call",
        "tool": "anthropic.create",
        "phase": "complete",
        "span_id": "span_aaaaaaaaaaaa",
        "parent_span_id": "0123456789abcdef",
        "root_span_id": "0123456789abcdef",
        "duration_ms": 10,
        "cost": {"input_tokens": 100, "output_tokens": 20, "estimated_usd": 0.0006},
    }
    trace = f"/v1/sandboxes/{sandbox_id}/trace"
    for event in (end, llm, start):
        assert _ok(http.post(trace, json={"events": [event]})) == {
            "accepted": 1,
            "sandbox_id": sandbox_id,
        }
    got = _ok(http.get(trace))
    assert [e["phase"] for e in got["events"]] == ["end", "complete", "start"]
    assert got["metrics"] == {
        "event_count": 3,
        "span_count": 2,
        "llm_calls": 1,
        "tool_calls": 2,
        "errors": 1,
        "input_tokens": 100,
        "output_tokens": 20,
        "total_cost_usd": 0.0006,
        "total_duration_ms": 90,
    }
    [span] = fake.spans(span_id="0123456789abcdef")
    assert (span["phase"], span["status"], span["ts"]) == ("end", "error", end["ts"])
    assert span["sandbox_id"] == sandbox_id
    tree = _ok(http.get("/v1/traces/0123456789abcdef"))
    assert tree["children"] == {"0123456789abcdef": ["span_aaaaaaaaaaaa"]}
    assert (tree["span_count"], tree["root"]["tool"]) == (2, "write_config")
    assert _error(http.get("/v1/traces/nothing"), 404) == "no such trace"
    assert http.post("/v1/sandboxes/nope/trace", json={"events": []}).status_code == 404
    missing = http.post(trace, json={"events": [{"event_type": "x"}]})
    assert "missing required field(s): ts, span_id" in _error(missing, 422)


# ------------------------------------------------------------------ specs


def test_specs_are_yaml_and_a_repost_bumps_the_version(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    assert [s["id"] for s in _ok(http.get("/v1/specs"))] == list(CATALOG)
    text = "id: mine\ndescription: mine\nservices:\n  cache: {port: 6379}\nsecrets: [{name: K}]\n"
    first = _spec(http, text)
    assert (first["id"], first["version"], first["scenarios"]) == ("mine", 1, ["default"])
    assert first["services"] == {"cache": {"host": "cache", "port": 6379, "image": ""}}
    assert first["secrets"] == ["K"]
    second = _spec(http, text.replace("description: mine", "description: changed"))
    assert (second["version"], second["description"]) == (2, "changed")
    assert _ok(http.get("/v1/specs/mine"))["version"] == 2
    unnamed = _spec(http, "scenarios: [{id: a}]\n")
    assert unnamed["id"].startswith("spec-")
    assert _spec(http, "scenarios: [{id: a}]\n")["id"] == unnamed["id"]  # from the content
    assert fake.add_spec({"id": "by-hook"})["version"] == 1
    assert http.delete("/v1/specs/mine").status_code == 204
    assert http.get("/v1/specs/mine").status_code == 404
    with FakeKeystone(catalog=False) as empty, empty.http_client() as bare:
        assert _ok(bare.get("/v1/specs")) == []


@pytest.mark.parametrize(
    ("text", "headers", "status", "words"),
    [
        ("id: [unclosed", YAML, 400, "not a YAML document"),
        ("just a string", YAML, 422, "must be a YAML mapping"),
        ("id: ../x", YAML, 422, "spec.id"),
        ("scenarios: {a: 1}", YAML, 422, "spec.scenarios: must be a list"),
        ("scenarios: [{id: a}, {id: a}]", YAML, 422, "unique"),
        ("scenarios: [{outcome: great}]", YAML, 422, "spec.scenarios[0].outcome"),
        ("files: {../x: y}", YAML, 422, "spec.files"),
        ("invariants: [{check: {}}]", YAML, 422, "spec.invariants[0].check.type"),
        ("services: {db: {port: -1}}", YAML, 422, "spec.services.db.port"),
        ("id: x", {"Content-Type": "application/json"}, 400, "application/x-yaml"),
        ("id: x", {"Content-Type": "text/plain"}, 400, "application/x-yaml"),
        ("", YAML, 422, "at least 1 characters"),
    ],
)
def test_bad_spec_documents_are_refused(
    http: httpx.Client, text: str, headers: dict[str, str], status: int, words: str
) -> None:
    assert words in _error(http.post("/v1/specs", content=text, headers=headers), status)


def test_not_utf8_yaml_is_400(http: httpx.Client) -> None:
    answer = http.post("/v1/specs", content=b"id: \xff\xfe", headers=YAML)
    assert _error(answer, 400) == "the request body is not UTF-8 text"


# ------------------------------------------------------------------ experiments

_EVALUATED = """\
id: evaluated
model: gpt-4o
forbidden: [no_network]
pass_threshold: 0.5
files:
  src/app.py: "print('hi')\\n"
commands:
  make test: {exit_code: 0, stdout: "ok\\n"}
invariants:
  - {name: has_app, gate: true, check: {type: file_exists, path: src/app.py}}
  - {name: says_hi, weight: 2, check: {type: file_content, path: src/app.py, contains: hi}}
  - {name: tests, check: {type: command_exit, command: make test}}
  - {name: sql, check: {type: sql, service: db, query: "select 1"}}
scenarios:
  - id: good
    agent_output: '{"answer": 42}'
    invariants:
      - {name: json, check: {type: json_validity}}
      - {name: regex, check: {type: regex, pattern: answer}}
  - id: broken-app
    files: {src/app.py: "print('bye')\\n"}
    commands: {make test: {exit_code: 2}}
  - id: gated
    invariants: [{name: forced, gate: true, passed: false, check: {type: custom}}]
  - id: mostly
    invariants: [{name: contains, check: {type: contains, text: NOPE}}]
  - id: violator
    violates: [no_network]
  - id: tokens
    tokens: {input: 1000000, output: 100000, cache_read: 1000000, reasoning: 100000}
    wall_ms: 5000
    tool_calls: 25
    tools: [search]
"""


def test_invariants_gates_thresholds_and_forbidden_rules_decide_a_scenario(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    _spec(http, _EVALUATED)
    experiment_id = _experiment(http, "evaluated")
    _start(http, experiment_id)
    fake.advance(6)
    scenarios = {s["scenario_id"]: s for s in _results(http, experiment_id)["scenarios"]}
    good = scenarios["good"]
    assert good["status"] == "pass"
    assert [(i["name"], i["passed"]) for i in good["invariants"]] == [
        ("has_app", True),
        ("says_hi", True),
        ("tests", True),
        ("sql", True),
        ("json", True),
        ("regex", True),
    ]
    assert good["invariants"][3]["message"] == "sql: not evaluated by the fake (passes)"
    broken = scenarios["broken-app"]
    assert [i["passed"] for i in broken["invariants"]] == [True, False, False, True]
    assert (broken["composite_score"], broken["status"]) == (0.4, "fail")  # (1+0+0+1)/5 < 0.5
    assert scenarios["mostly"]["status"] == "pass"  # 5/6 >= 0.5, and no gate failed
    assert scenarios["mostly"]["composite_score"] == pytest.approx(5 / 6, abs=1e-6)
    gated = scenarios["gated"]
    assert (gated["status"], gated["invariants"][-1]["message"]) == ("fail", "set by the spec")
    assert scenarios["violator"]["status"] == "fail"
    assert scenarios["violator"]["forbidden_checks"] == [
        {"rule": "no_network", "violated": True, "details": "the agent broke this rule"}
    ]
    tokens = scenarios["tokens"]
    # gpt-4o: 2.5 / 10 per million; cache at a tenth of input; reasoning as output.
    assert tokens["cost"]["estimated_usd"] == pytest.approx(2.5 + 2.0 + 0.25)
    assert (tokens["wall_ms"], tokens["tool_calls"]) == (5000, 25)
    events = fake.trace_events(scenario_id="tokens", event_type="tool_use")
    assert {e["tool"] for e in events} == {"search"}
    assert len(events) == 20  # at most 20 tool_use events per scenario


def test_a_run_progresses_on_the_clock_and_fills_the_counters(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    experiment_id = _experiment(http)
    created = _ok(http.get("/v1/experiments"))[0]
    assert (created["status"], created["run_count"]) == ("created", 0)
    before = _results(http, experiment_id)
    assert (before["total_scenarios"], before["status"], before["scenarios"]) == (0, "created", [])
    _start(http, experiment_id)
    seen = []
    for _ in range(4):
        results = _results(http, experiment_id)
        seen.append([results[k] for k in ("passed", "failed", "flaky", "errors")])
        assert results["total_scenarios"] == 4
        fake.advance(1)
    assert seen == [[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]]
    done = _results(http, experiment_id)
    finished = done["passed"] + done["failed"] + done["flaky"] + done["errors"]
    assert finished == done["total_scenarios"] == 4  # what run_and_wait polls for
    assert done["status"] == "completed"
    crashed = done["scenarios"][3]
    assert (crashed["status"], crashed["exit_code"], crashed["agent_output"]) == ("error", 1, "")
    assert crashed["error"] == "agent exited with status 137 (out of memory)"
    assert crashed["reproducer"]["command"] == (
        "keystone run fix-failing-test --scenario crashed --seed 0"
    )
    assert done["metrics"]["pass_rate"] == 0.25
    assert done["metrics"]["side_effect_violations"] == 1
    _start(http, experiment_id)  # a completed experiment runs again
    assert http.post(f"/v1/experiments/{experiment_id}/run").status_code == 409
    assert _results(http, experiment_id)["run_number"] == 2
    assert _results(http, experiment_id)["seed"] == 1
    assert _error(http.post("/v1/experiments/nope/run"), 404) == "no such experiment"
    assert http.post("/v1/experiments", json={"name": "x", "spec_id": "nope"}).status_code == 404


def test_zero_scenario_seconds_finish_a_run_at_once() -> None:
    with FakeKeystone(scenario_seconds=0) as fake, fake.http_client() as http:
        experiment_id = _experiment(http, "hello-world")
        _start(http, experiment_id)
        assert _results(http, experiment_id)["passed"] == 1
        assert fake.experiment(experiment_id)["status"] == "completed"


def test_metrics_and_comparisons_cover_the_runs(fake: FakeKeystone, http: httpx.Client) -> None:
    baseline = _experiment(http, "hello-world", "baseline")
    candidate = _experiment(http, "fix-failing-test", "candidate")
    for experiment_id in (baseline, candidate):
        _start(http, experiment_id)
    fake.advance(4)
    _start(http, candidate)
    fake.advance(4)
    metrics = _ok(http.get(f"/v1/metrics/experiments/{candidate}"))
    assert metrics["summary"]["total_runs"] == 2
    assert metrics["summary"]["total_tool_calls"] == 28
    assert [p["pass_rate"] for p in metrics["pass_rate_trend"]] == [0.25, 0.25]
    assert len({p["run_id"] for p in metrics["cost_trend"]}) == 2
    assert metrics["tool_breakdown"]["scenario:crashed"] == {
        "count": 2,
        "mean_ms": 1300.0,
        "error_rate": 1.0,
    }
    comparison = _ok(
        http.post(
            "/v1/experiments/compare", json={"baseline_id": baseline, "candidate_id": candidate}
        )
    )
    by_name = {m["name"]: m for m in comparison["metrics"]}
    assert by_name["pass_rate"]["direction"] == "down"
    assert by_name["pass_rate"]["delta"] == -0.75
    assert comparison["regressed"] is True
    assert set(comparison["regressions"]) >= {"pass_rate", "total_cost_usd", "mean_tool_calls"}
    same = _ok(
        http.post(
            "/v1/experiments/compare", json={"baseline_id": candidate, "candidate_id": candidate}
        )
    )
    assert (same["regressed"], {m["direction"] for m in same["metrics"]}) == (False, {"unchanged"})
    missing = http.post(
        "/v1/experiments/compare", json={"baseline_id": "x", "candidate_id": baseline}
    )
    assert missing.status_code == 404


def test_alerts_check_their_condition_and_fire_when_a_run_completes(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    watched = _experiment(http)
    other = _experiment(http, "hello-world")
    low = _ok(
        http.post(
            "/v1/alerts",
            json={
                "name": "pass-rate-drop",
                "condition": "pass_rate < 0.8",
                "notify": "slack",
                "slack_channel": "#agent-alerts",
                "eval_id": watched,
            },
        ),
        201,
    )
    assert (low["notify"], low["window"], low["id"].startswith("alert_")) == ("slack", "", True)
    mine = {"name": "errors", "condition": "errors >= 1", "window": "last_2_runs", "id": "mine"}
    assert _ok(http.post("/v1/alerts", json=mine), 201)["id"] == "mine"
    assert _error(http.post("/v1/alerts", json=mine), 409) == "an alert rule with this id exists"
    for condition in ("pass_rate", "speed < 1", "pass_rate << 1"):
        assert (
            http.post("/v1/alerts", json={"name": "x", "condition": condition}).status_code == 422
        )
    bad_window = {"name": "x", "condition": "errors > 0", "window": "yesterday"}
    assert "window" in _error(http.post("/v1/alerts", json=bad_window), 422)
    _start(http, other)
    _start(http, watched)
    fake.advance(3)
    assert fake.alert_firings() == []  # nothing has completed
    fake.advance(1)
    fired = fake.alert_firings()
    # In the order the rules were made, each stamped when the run completed.
    assert [(f["rule_id"], f["experiment_id"]) for f in fired] == [
        (low["id"], watched),
        ("mine", watched),
    ]
    assert {f["notify"] for f in fired} == {"slack", "webhook"}
    assert {f["reason"] for f in fired} == {
        "pass_rate = 0.25 < 0.8 over the last run",
        "errors = 1 >= 1 over the last run",
    }
    assert [a["id"] for a in _ok(http.get("/v1/alerts"))] == [low["id"], "mine"]
    assert http.delete("/v1/alerts/mine").status_code == 204
    assert http.delete("/v1/alerts/mine").status_code == 404


def test_score_rules_score_the_latest_run_after_a_delay(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    experiment_id = _experiment(http)
    _start(http, experiment_id)
    fake.advance(4)
    rules = {
        kind: _ok(
            http.post("/v1/score-rules", json={"name": kind, "type": kind, "config": config}), 201
        )["id"]
        for kind, config in (
            ("contains", {"text": "TEST PASSES"}),
            ("regex", {"pattern": r"^I could"}),
            ("exact_match", {"expected": "I could not find the bug."}),
            ("json_validity", {}),
            ("llm_as_judge", {"model": "paragon-fast", "threshold": 0.9}),
        )
    }
    accepted = _ok(
        http.post(
            f"/v1/experiments/{experiment_id}/score", json={"rule_ids": list(rules.values())}
        ),
        202,
    )
    assert (accepted["status"], accepted["experiment_id"]) == ("accepted", experiment_id)
    assert _ok(http.get(f"/v1/experiments/{experiment_id}/scores")) == []
    fake.advance(1)
    scores = _ok(http.get(f"/v1/experiments/{experiment_id}/scores"))
    assert len(scores) == 5 * 4
    by = {(s["rule_name"], s["scenario_id"]): (s["score"], s["passed"]) for s in scores}
    assert by["contains", "fixed"] == (1.0, True)
    assert by["regex", "not-fixed"] == (1.0, True)
    assert by["exact_match", "not-fixed"] == (1.0, True)
    assert by["json_validity", "fixed"] == (0.0, False)
    assert by["llm_as_judge", "fixed"] == (1.0, True)  # the composite score
    assert by["llm_as_judge", "not-fixed"] == (0.0, False)
    _ok(
        http.post(f"/v1/experiments/{experiment_id}/score", json={"rule_ids": [rules["regex"]]}),
        202,
    )
    fake.advance(1)
    assert len(fake.scores(experiment_id=experiment_id)) == 20  # replaced, not added
    exported = _pages(http, "/v1/scores", rule_id=rules["contains"], limit=3)
    assert [len(p) for p in exported] == [3, 1]
    unknown = http.post(f"/v1/experiments/{experiment_id}/score", json={"rule_ids": ["a", "b"]})
    assert _error(unknown, 404) == "2 of the rules do not exist"
    assert http.delete(f"/v1/score-rules/{rules['regex']}").status_code == 204
    assert http.delete(f"/v1/score-rules/{rules['regex']}").status_code == 404
    assert http.get("/v1/experiments/nope/scores").status_code == 404


def test_the_bundle_is_json_or_ndjson(fake: FakeKeystone, http: httpx.Client) -> None:
    experiment_id = _experiment(http, "hello-world")
    _start(http, experiment_id)
    fake.advance(1)
    bundle = _ok(http.get(f"/v1/experiments/{experiment_id}/export"))
    assert set(bundle) == {"experiment", "result", "scenarios", "traces", "scores"}
    assert (bundle["experiment"]["status"], len(bundle["scenarios"])) == ("completed", 1)
    assert {t["event_type"] for t in bundle["traces"]} == {"tool_call", "llm_call", "tool_use"}
    same = _ok(http.get(f"/v1/experiments/{experiment_id}/export", params={"format": "csv"}))
    assert same == bundle  # any other format is the JSON bundle
    answer = http.get(f"/v1/experiments/{experiment_id}/export", params={"format": "ndjson"})
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in answer.text.splitlines()]
    assert [line["kind"] for line in lines] == ["experiment", "result", "scenario"] + ["trace"] * 3
    assert "scenarios" not in lines[1]["data"]
    assert http.get("/v1/experiments/nope/export").status_code == 404


# ------------------------------------------------------------------ agents


def test_agent_uploads_are_versioned_tagged_and_content_addressed(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    v1 = _ok(_upload(http, "email-agent", _bundle({"main.py": b"1"})), 201)
    v2_bundle = _bundle({"main.py": b"2", "lib/x.py": b"x"}, links={"current": "main.py"})
    v2 = _ok(
        _upload(
            http,
            "email-agent",
            v2_bundle,
            tag="v2.1",
            runtime="python3.12",
            auth={"required_env": ["ANTHROPIC_API_KEY"]},
        ),
        201,
    )
    assert (v1["version"], v2["version"]) == (1, 2)
    assert v2["id"] == "snap_" + hashlib.sha256(v2_bundle).hexdigest()[:32]
    assert v2["digest"] == "sha256:" + hashlib.sha256(v2_bundle).hexdigest()
    assert (v2["tag"], v2["runtime"], v2["size_bytes"]) == ("v2.1", "python3.12", len(v2_bundle))
    assert v2["auth"] == {"required_env": ["ANTHROPIC_API_KEY"]}
    assert v2["storage_path"] == "agents/email-agent/2/bundle.tar.gz"
    assert fake.agent_files(v2["id"]) == [
        {
            "name": "main.py",
            "size": 1,
            "sha256": hashlib.sha256(b"2").hexdigest(),
            "kind": "file",
        },
        {"name": "lib/x.py", "size": 1, "sha256": hashlib.sha256(b"x").hexdigest(), "kind": "file"},
        {"name": "current", "size": 0, "sha256": "", "kind": "symlink", "target": "main.py"},
    ]
    # The same bundle again is the same snapshot; a tag given moves to it.
    again = _ok(_upload(http, "email-agent", _bundle({"main.py": b"1"}), tag="stable"), 201)
    assert (again["id"], again["version"], again["tag"]) == (v1["id"], 1, "stable")
    elsewhere = _upload(http, "other-agent", _bundle({"main.py": b"1"}))
    assert "another agent" in _error(elsewhere, 409)
    assert _ok(http.get("/v1/agents/email-agent/latest"))["id"] == v2["id"]
    assert _ok(http.get("/v1/agents/email-agent/versions/1"))["id"] == v1["id"]
    assert _ok(http.get("/v1/agents/email-agent/tags/v2.1"))["id"] == v2["id"]
    assert _ok(http.get(f"/v1/snapshots/{v1['id']}"))["tag"] == "stable"
    v3 = _ok(_upload(http, "email-agent", _bundle({"main.py": b"3"}), tag="v2.1"), 201)
    assert _ok(http.get(f"/v1/snapshots/{v2['id']}"))["tag"] == ""  # the tag moved on
    assert http.delete(f"/v1/snapshots/{v3['id']}").status_code == 204
    assert http.get("/v1/agents/email-agent/tags/v2.1").status_code == 404
    v4 = _ok(_upload(http, "email-agent", _bundle({"main.py": b"4"})), 201)
    assert v4["version"] == 4  # a deleted version's number is not reused
    assert _error(http.get("/v1/agents/email-agent/versions/3"), 404) == "no such agent snapshot"
    assert http.get("/v1/agents/email-agent/versions/three").status_code == 404
    assert http.get("/v1/agents/nobody/versions").status_code == 404


def test_agent_names_with_a_slash_are_one_segment(http: httpx.Client) -> None:
    snap = _ok(_upload(http, "org/x", _bundle({"a": b"a"})), 201)
    assert _ok(http.get(f"/v1/agents/{quote('org/x', safe='')}/latest"))["id"] == snap["id"]
    assert http.get("/v1/agents/org/x/latest").status_code == 404  # raw: two segments


@pytest.mark.parametrize(
    ("bundle", "words"),
    [
        (_bundle({"../up.py": b"x"}), "must not contain '..'"),
        (_bundle({"a/../../up.py": b"x"}), "must not contain '..'"),
        (_bundle({"/etc/passwd": b"x"}), "must be relative"),
        (_bundle({"ok.py": b"x"}, links={"evil": "/etc/passwd"}), "links must point inside"),
        (_bundle({"ok.py": b"x"}, links={"evil": "../../x"}), "links must point inside"),
        (b"PK\x03\x04 a zip file", "not a gzip-compressed tar"),
        (b"", "not a gzip-compressed tar"),
    ],
)
def test_unsafe_or_broken_bundles_are_refused(
    http: httpx.Client, bundle: bytes, words: str
) -> None:
    assert words in _error(_upload(http, "a", bundle), 422)


def test_a_bundle_with_a_device_or_a_plain_tar_is_refused(http: httpx.Client) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        info = tarfile.TarInfo("dev")
        info.type = tarfile.CHRTYPE
        tar.addfile(info)
    assert "files, directories or links" in _error(_upload(http, "a", raw.getvalue()), 422)
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w") as tar:
        tar.addfile(tarfile.TarInfo("empty"))
    assert "gzip" in _error(_upload(http, "a", plain.getvalue()), 422)


def test_agent_metadata_must_be_json_of_its_schema(http: httpx.Client) -> None:
    bundle = _bundle({"a": b"a"})
    files = {"bundle": ("a.tar.gz", bundle, "application/gzip")}
    not_json = http.post("/v1/agents", data={"metadata": "name=a"}, files=files)
    assert "JSON text" in _error(not_json, 422)
    wrong = http.post("/v1/agents", data={"metadata": json.dumps({"name": "a"})}, files=files)
    assert _error(wrong, 422) == "metadata: missing required field(s): entrypoint"
    no_bundle = http.post("/v1/agents", files={"metadata": (None, "{}")})
    assert "missing required field(s): bundle" in _error(no_bundle, 422)
    form = http.post("/v1/agents", data={"metadata": "{}"})  # urlencoded, not multipart
    assert _error(form, 400) == "the body must be multipart/form-data"


def test_agent_pages_follow_their_cursors(http: httpx.Client) -> None:
    for n in range(5):
        _ok(_upload(http, f"agent-{n}", _bundle({"v": b"1", "n": str(n).encode()})), 201)
    for v in range(2, 6):
        _ok(_upload(http, "agent-0", _bundle({"v": str(v).encode()})), 201)
    pages = _pages(http, "/v1/agents", limit=2)
    assert [[s["name"] for s in p] for p in pages] == [
        ["agent-0", "agent-1"],
        ["agent-2", "agent-3"],
        ["agent-4"],
    ]
    assert pages[0][0]["version"] == 5  # each agent's newest snapshot
    versions = _pages(http, "/v1/agents/agent-0/versions", limit=2)
    assert [[s["version"] for s in p] for p in versions] == [[1, 2], [3, 4], [5]]
    assert _ok(http.get("/v1/agents", params={"limit": 10}))["next_cursor"] is None
    first = _ok(http.get("/v1/agents", params={"limit": 2}))["next_cursor"]
    assert first.isascii()
    assert not set("+/=") & set(first)
    wrong = http.get("/v1/agents/agent-0/versions", params={"cursor": first})
    assert _error(wrong, 400).startswith("invalid cursor")


# ------------------------------------------------------------------ datasets and prompts


def test_dataset_records_are_versioned_and_tagged(http: httpx.Client) -> None:
    ds = _ok(http.post("/v1/datasets", json={"name": "customer-emails", "description": "R"}), 201)
    assert (ds["version"], ds["description"], ds["id"].startswith("ds_")) == (0, "R", True)
    records = f"/v1/datasets/{ds['id']}/records"
    first = [{"input": {"id": "alice"}, "expected": {"subject": "Renewal"}, "tags": ["pro"]}]
    assert _ok(http.post(records, json={"records": first})) == {
        "added": 1,
        "version": 1,
        "dataset_id": ds["id"],
    }
    second = [
        {"input": "bob", "tags": ["trial"], "metadata": {"src": "x"}, "note": 1},
        {"input": "carol", "tags": ["pro", "trial"]},
    ]
    assert _ok(http.post(records, json={"records": second}))["version"] == 2
    assert _ok(http.post(records, json={"records": []}))["version"] == 2  # nothing added
    latest = _ok(http.get(records))
    assert [(r["id"], r["version"]) for r in latest] == [
        ("rec_000001", 1),
        ("rec_000002", 2),
        ("rec_000003", 2),
    ]
    assert (latest[1]["note"], latest[1]["metadata"]) == (1, {"src": "x"})
    assert [r["input"] for r in _ok(http.get(records, params={"version": 1}))] == [{"id": "alice"}]
    assert _ok(http.get(records, params={"version": 0})) == []
    assert [r["input"] for r in _ok(http.get(records, params={"tags": "pro,trial"}))] == ["carol"]
    pro_v1 = _ok(http.get(records, params={"tags": "pro", "version": 1}))
    assert [r["input"] for r in pro_v1] == [{"id": "alice"}]
    assert _error(http.get(records, params={"version": 3}), 404) == "no such dataset version"
    assert http.get(records, params={"version": "two"}).status_code == 400
    assert _ok(http.get(f"/v1/datasets/{ds['id']}"))["record_count"] == 3
    assert http.delete(f"/v1/datasets/{ds['id']}").status_code == 204
    assert http.get(records).status_code == 404


def test_prompts_have_versions_tags_and_render(http: httpx.Client) -> None:
    body = {"slug": "welcome", "template": "Hi {name}! {{plan.tier}} {missing}", "tag": "prod"}
    v1 = _ok(http.post("/v1/prompts", json={**body, "variables": {"name": "Ann"}}), 201)
    v2 = _ok(http.post("/v1/prompts", json={**body, "metadata": {"owner": "me"}}), 201)
    assert (v1["version"], v2["version"], v2["metadata"]) == (1, 2, {"owner": "me"})
    assert _ok(http.get("/v1/prompts/welcome/tags/prod"))["id"] == v2["id"]
    assert _ok(http.get("/v1/prompts/welcome/versions/1"))["tag"] == ""
    assert _ok(http.get("/v1/prompts/welcome/latest"))["id"] == v2["id"]
    rendered = _ok(
        http.post(f"/v1/prompts/{v1['id']}/render", json={"variables": {"plan": {"tier": "pro"}}})
    )
    assert rendered == {
        "rendered": "Hi Ann! pro {missing}",
        "prompt_id": v1["id"],
        "slug": "welcome",
        "version": 1,
    }
    assert _ok(http.post(f"/v1/prompts/{v2['id']}/render", json={}))["rendered"] == (
        "Hi {name}! {{plan.tier}} {missing}"
    )
    assert [p["version"] for p in _ok(http.get("/v1/prompts"))] == [1, 2]
    assert http.delete(f"/v1/prompts/{v2['id']}").status_code == 204
    assert _ok(http.get("/v1/prompts/welcome/latest"))["version"] == 1
    assert http.get("/v1/prompts/welcome/tags/prod").status_code == 404
    assert http.post(f"/v1/prompts/{v2['id']}/render", json={}).status_code == 404
    assert http.get("/v1/prompts/welcome/versions/x").status_code == 404
    assert http.get("/v1/prompts/nobody/latest").status_code == 404


@pytest.mark.parametrize(
    ("template", "variables", "rendered"),
    [
        ("{a} {{a}} {{a} {a}}", {"a": 1}, "1 1 1 1"),
        ("{user.name}/{user.age}", {"user": {"name": "Z", "age": 3}}, "Z/3"),
        ('{"json": true} {nope}', {}, '{"json": true} {nope}'),
        ("{v}", {"v": {"k": [1, None, True]}}, '{"k":[1,null,true]}'),
        (
            "{#items}<{title}:{_it.title}>{/items}",
            {"items": [{"title": "a"}, {"title": "b"}]},
            "<a:a><b:b>",
        ),
        ("{#xs}[{_it}]{/xs}", {"xs": ["p", "q"]}, "[p][q]"),
        (
            "{#on}yes{/on}{#off}no{/off}{#zero}0{/zero}{#gone}x{/gone}",
            {"on": "y", "off": False, "zero": 0},
            "yes",
        ),
        (
            "{#outer}{#inner}{v}{/inner}{/outer}",
            {"outer": True, "inner": [{"v": 1}, {"v": 2}]},
            "12",
        ),
        ("{x}", {"x": "{y}", "y": "no"}, "{y}"),  # values are not expanded again
    ],
)
def test_the_template_language(template: str, variables: dict[str, Any], rendered: str) -> None:
    assert render_template(template, variables) == rendered


# ------------------------------------------------------------------ traces and exports


def test_ten_thousand_spans_page_by_cursor(fake: FakeKeystone, http: httpx.Client) -> None:
    fake.seed_spans(10_000)
    started = time.perf_counter()
    pages = _pages(http, "/v1/spans", limit=100)
    elapsed = time.perf_counter() - started
    ids = [s["span_id"] for page in pages for s in page]
    assert len(pages) == 100
    assert len(ids) == len(set(ids)) == 10_000
    assert elapsed < 30  # paging costs the page, not the log (typically well under 2 s)
    roots = [s for page in pages for s in page if s["parent_span_id"] == ""]
    assert len(roots) == 1000
    tree = _pages(http, "/v1/spans", trace_id=roots[7]["span_id"], limit=4)
    assert [len(p) for p in tree] == [4, 4, 2]
    errors = _pages(http, "/v1/traces", tool="summarise", limit=1000)
    assert sum(len(p) for p in errors) == 2500
    fake.seed_spans(5, trace_size=1, sandbox_id="sb-bench", agent="bench")
    assert len(fake.spans(sandbox_id="sb-bench")) == 5
    assert len(fake.trace_events(sandbox_id="sb-bench", agent="bench")) == 5
    with FakeKeystone(spans=30) as seeded:
        assert len(seeded.spans()) == 30


def test_both_ingest_paths_feed_the_exports(fake: FakeKeystone, http: httpx.Client) -> None:
    sandbox_id = _sandbox(http)
    span = {"event_type": "tool_call", "tool": "fetch", "span_id": "aaaaaaaaaaaaaaaa"}
    _ok(
        http.post(
            f"/v1/sandboxes/{sandbox_id}/trace",
            json={"events": [{**span, "ts": "2026-11-24T10:00:00+00:00", "phase": "start"}]},
        )
    )
    eval_event = {
        "ts": "2026-11-25T10:00:00.000001+00:00",
        "event_type": "eval",
        "tool": "Eval:email-eval",
        "phase": "complete",
        "span_id": "span_eval_0123456789ab",
        "metadata": {"eval.name": "email-eval", "eval.rows": 3},
    }
    assert _ok(http.post("/v1/traces", json={"events": [eval_event]})) == {"accepted": 1}
    everything = _pages(http, "/v1/traces", limit=1)
    assert [len(p) for p in everything] == [1, 1]
    assert everything[0][0]["sandbox_id"] == sandbox_id
    assert "sandbox_id" not in everything[1][0]  # agent mode
    evals = _ok(http.get("/v1/traces", params={"event_type": "eval"}))["items"]
    assert evals == [eval_event]
    for since, count in (
        ("2026-11-25T00:00:00+00:00", 1),
        ("2026-11-25T00:00:00 00:00", 1),  # a `+` a query string decoded to a space
        ("2026-11-25T00:00:00Z", 1),
        ("2026-11-24", 2),
        ("2026-11-26T00:00:00", 0),
    ):
        assert len(_ok(http.get("/v1/traces", params={"since": since}))["items"]) == count, since
    fresh = {**eval_event, "ts": "2030-01-01T00:00:00+00:00", "span_id": "span_late"}
    _ok(http.post("/v1/traces", json={"events": [fresh]}))
    recent = _ok(http.get("/v1/traces", params={"since": "24h"}))["items"]
    assert [e["span_id"] for e in recent] == ["span_late"]
    assert "since" in _error(http.get("/v1/traces", params={"since": "last week"}), 400)
    for path in ("/v1/traces", "/v1/spans", "/v1/scenarios", "/v1/scores"):
        assert _error(http.get(path, params={"cursor": "garbage"}), 400).startswith(
            "invalid cursor"
        )
    assert http.get("/v1/spans", params={"limit": 0}).status_code == 400


def test_scenario_exports_filter_and_accept_both_spellings(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    experiment_id = _experiment(http)
    _start(http, experiment_id)
    fake.advance(4)
    for status, expected in (
        ("failed", ["not-fixed"]),
        ("fail", ["not-fixed"]),
        ("passed", ["fixed"]),
        ("error", ["crashed"]),
    ):
        items = _ok(
            http.get("/v1/scenarios", params={"experiment_id": experiment_id, "status": status})
        )["items"]
        assert [s["scenario_id"] for s in items] == expected
    assert [len(p) for p in _pages(http, "/v1/scenarios", limit=3)] == [3, 1]
    assert (
        _ok(http.get("/v1/scenarios", params={"scenario_id": "crashed"}))["items"][0]["status"]
        == "error"
    )


# ------------------------------------------------------------------ idempotency, limits, faults


def test_posts_replay_by_idempotency_key_per_api_key(
    fake: FakeKeystone, http: httpx.Client
) -> None:
    key = {"Idempotency-Key": "create-1"}
    first = http.post("/v1/datasets", json={"name": "a"}, headers=key)
    again = http.post("/v1/datasets", json={"name": "a"}, headers=key)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert len(_ok(http.get("/v1/datasets"))) == 1
    assert "Idempotency-Key" in _error(
        http.post("/v1/datasets", json={"name": "b"}, headers=key), 409
    )
    with fake.http_client(api_key=OTHER_KEY) as other:
        assert other.post("/v1/datasets", json={"name": "b"}, headers=key).status_code == 201
    spec_key = {**YAML, "Idempotency-Key": "spec-1"}
    assert http.post("/v1/specs", content="id: z\n", headers=spec_key).json()["version"] == 1
    assert http.post("/v1/specs", content="id: z\n", headers=spec_key).json()["version"] == 1
    assert http.post("/v1/specs", content="id: z2\n", headers=spec_key).status_code == 409
    run_key = {"Idempotency-Key": "run-1"}
    experiment_id = _experiment(http)
    assert http.post(f"/v1/experiments/{experiment_id}/run", headers=run_key).status_code == 202
    assert http.post(f"/v1/experiments/{experiment_id}/run", headers=run_key).status_code == 202
    assert http.post(f"/v1/experiments/{experiment_id}/run").status_code == 409  # really running
    assert (
        http.post("/v1/datasets", json={"name": "c"}, headers={"Idempotency-Key": ""}).status_code
        == 400
    )


def test_rate_limits_answer_429_with_retry_after() -> None:
    with FakeKeystone(rate_limit_per_minute=2) as fake, fake.http_client() as http:
        assert [http.post("/v1/datasets", json={"name": "x"}).status_code for _ in range(2)] == [
            201,
            201,
        ]
        limited = http.post("/v1/datasets", json={"name": "x"})
        assert _error(limited, 429) == "rate limit of 2 requests per minute exceeded"
        assert limited.headers["Retry-After"] == "60"
        assert http.get("/v1/datasets").status_code == 200  # reads are not limited
        fake.advance(60)
        assert http.post("/v1/datasets", json={"name": "x"}).status_code == 201


def test_faults_answer_in_keystones_error_shape(fake: FakeKeystone, http: httpx.Client) -> None:
    fake.inject_faults("POST", "/v1/sandboxes", [503], retry_after=2)
    failed = http.post(
        "/v1/sandboxes", json={"spec_id": "hello-world"}, headers={"X-Request-ID": "r1"}
    )
    assert (failed.status_code, failed.headers["Retry-After"]) == (503, "2")
    assert failed.headers["X-Request-ID"] == "r1"
    assert failed.json()["error"].startswith("injected fault")
    fake.inject_faults("POST", "/v1/sandboxes", [502], lose_response=True)
    assert http.post("/v1/sandboxes", json={"spec_id": "hello-world"}).status_code == 502
    assert len(_ok(http.get("/v1/sandboxes"))) == 1  # the lost answer's sandbox exists
    fake.inject_malformed("GET", "/v1/specs", b"not json", status=200)
    assert http.get("/v1/specs").content == b"not json"
    fake.set_healthy(False)
    down = http.get("/health")
    assert (down.status_code, down.headers["Retry-After"]) == (503, "5")
    fake.set_healthy(True)
    fake.inject_latency(0.02)
    started = time.perf_counter()
    assert http.get("/health").status_code == 200
    assert time.perf_counter() - started >= 0.02
    fake.clear_faults()


def test_the_same_requests_give_the_same_answers() -> None:
    def script() -> list[Any]:
        with FakeKeystone(start_time=1_800_000_000, seed=7) as fake, fake.http_client() as http:
            sandbox_id = _sandbox(http)
            experiment_id = _experiment(http)
            _start(http, experiment_id)
            fake.advance(10)
            snap = _ok(_upload(http, "a", _bundle({"x": b"y"})), 201)
            return [
                sandbox_id,
                _results(http, experiment_id),
                snap,
                _ok(http.get("/v1/spans", params={"limit": 1000})),
                _ok(http.get(f"/v1/metrics/experiments/{experiment_id}")),
            ]

    assert script() == script()


# ------------------------------------------------------------------ wiring


async def test_the_async_transport_reaches_the_fake(fake: FakeKeystone) -> None:
    async with fake.async_http_client() as client:
        created = await client.post("/v1/sandboxes", json={"spec_id": "hello-world"})
        assert created.status_code == 201
        assert (await client.get("/v1/sandboxes")).json()[0]["id"] == created.json()["id"]


def test_a_served_fake_answers_on_loopback(fake: FakeKeystone) -> None:
    with (
        fake.serve() as base_url,
        httpx.Client(base_url=base_url, headers=fake.auth_headers()) as http,
    ):
        assert base_url.startswith("http://127.0.0.1:")
        sandbox_id = _sandbox(http)
        http.post(f"/v1/sandboxes/{sandbox_id}/files", json={"path": "a/b c.txt", "content": "x"})
        # Over a real socket too, a file path's `/` may be raw or %2F.
        assert http.get(f"/v1/sandboxes/{sandbox_id}/files/a/b%20c.txt").content == b"x"
        assert http.get(f"/v1/sandboxes/{sandbox_id}/files/a%2Fb%20c.txt").content == b"x"


def test_the_command_line_registers_the_fake_with_its_options() -> None:
    assert "keystone" in FAKES
    parser = argparse.ArgumentParser()
    build = OPTIONS["keystone"](parser)
    args = parser.parse_args(
        [
            "--any-key",
            "--spans",
            "25",
            "--scenario-seconds",
            "0",
            "--no-catalog",
            "--workspace",
            "w",
        ]
    )
    app = build(args)
    config: KeystoneFakeConfig = app.state.fake.config
    assert (config.api_keys, config.scenario_seconds, config.catalog) == (None, 0.0, False)
    assert config.workspaces == frozenset({"w"})
    assert len(app.state.fake.spans()) == 25
    plain = argparse.ArgumentParser()
    default = OPTIONS["keystone"](plain)(plain.parse_args(["--api-key", OTHER_KEY]))
    assert default.state.fake.config.api_keys == frozenset({OTHER_KEY})
    assert default.state.fake.config.catalog is True
    with serve_in_subprocess("keystone", args=["--spans", "120"]) as url:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        page = httpx.get(f"{url}/v1/spans", params={"limit": 100}, headers=headers).json()
        assert len(page["items"]) == 100
        assert page["next_cursor"]
        assert httpx.get(f"{url}/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"scenario_seconds": -1}, "scenario_seconds must be a finite number >= 0"),
        ({"sandbox_timeout_seconds": float("nan")}, "sandbox_timeout_seconds"),
        ({"spans": -1}, "spans must be >= 0"),
        ({"api_keys": "one-key"}, "not one string"),
        ({"api_keys": frozenset()}, "api_keys must be non-empty strings"),
        ({"workspaces": frozenset({""})}, "workspaces must be non-empty strings"),
        ({"clock": "sundial"}, "clock must be"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        KeystoneFakeConfig(**settings)


def test_seeding_refuses_bad_counts(fake: FakeKeystone) -> None:
    with pytest.raises(ValueError, match="n must be an integer"):
        fake.seed_spans(-1)
    with pytest.raises(ValueError, match="trace_size must be"):
        fake.seed_spans(3, trace_size=0)


@pytest.mark.parametrize(
    ("path", "normal"),
    [
        ("a/b", "a/b"),
        ("/a//b/./c", "a/b/c"),
        ("/workspace/a", "a"),
        ("a/../b", "b"),
        ("..", None),
        ("a/../..", None),
        ("/", None),
        ("./", None),
    ],
)
def test_paths_are_normalised_inside_the_tree(path: str, normal: str | None) -> None:
    assert normalize_path(path) == normal


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("10m", 600.0),
        ("90s", 90.0),
        ("1.5h", 5400.0),
        ("250ms", 0.25),
        ("30", 30.0),
        ("2d", 172800.0),
        ("soon", None),
        ("-1m", None),
    ],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds
