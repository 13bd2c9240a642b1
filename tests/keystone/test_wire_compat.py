"""Wire compatibility of the Keystone fake with the published ``polarity-keystone`` 0.3.3 client.

That client is another project's (urllib only, no dependencies). It is installed from the
package registry into a scratch virtual environment outside the repository (built once, reused
by later runs) and a script of its public calls — health, ``from_sandbox``, sandboxes, specs,
experiments, alerts, agents, datasets, scoring, export and prompts — runs there against
``FakeKeystone(clock="wall").serve()``. Every call it makes must succeed wherever the client is
not itself broken, and the fake must reject what the service rejects (a wrong key, a spec that
is not YAML, an unknown spec, a bad ``timeout``, alert conditions and windows, unknown rules).

The client's own bugs (``../shared/wire/keystone.md`` §0, §1) are recorded as facts: query
values are never encoded (``&`` in a filter splits it), ``#`` and ``?`` in a file path cut the
path, the page's ``alerts.create({...})`` is a TypeError, ``create_rule`` returns a dict (so the
page's ``rule.id`` is an AttributeError), agent uploads skip nothing (``.git/``, ``.env``,
``node_modules/``, ``__pycache__/`` all go up), and a non-JSON 2xx body or a read timeout
escape as a raw ``JSONDecodeError`` / ``TimeoutError`` instead of a ``KeystoneError``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from polarity_keystone.testing import API_KEY, FakeKeystone

from tests._published import published_venv, venv_python

PUBLISHED = "polarity-keystone==0.3.3"
SEEDED_SPANS = 250
LATENCY = 0.8


@pytest.fixture(scope="session")
def published_python() -> Path:
    return venv_python(published_venv("keystone-wire-compat", PUBLISHED))


# Runs inside the published client's environment: its public calls, each recorded as
# {"ok": ...facts...} or {"error": "<exception type>: <message>"}. Expected rejections and the
# client's own bugs are facts (see `rejected` / `raised`).
SCRIPT = r"""
import json, os, sys, time, traceback
from importlib.metadata import version
from pathlib import Path

import polarity_keystone
from polarity_keystone import Keystone, KeystoneError
from polarity_keystone.types import Sandbox

base_url, api_key, work, latency = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4])
results = {"client": {"ok": {"version": version("polarity-keystone"),
                             "file": polarity_keystone.__file__}}}
ids = {}


def step(name, call):
    try:
        results[name] = {"ok": call()}
    except Exception as exc:
        results[name] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
        traceback.print_exc()


def rejected(call):
    # A KeystoneError the service answers with: its status and message.
    try:
        call()
    except KeystoneError as exc:
        return {"status": exc.status_code, "message": exc.message}
    return "accepted"


def raised(call):
    # Whatever the client raises, by type (its bugs: not always a KeystoneError).
    try:
        call()
    except Exception as exc:
        return {"type": type(exc).__name__, "keystone_error": isinstance(exc, KeystoneError),
                "status": getattr(exc, "status_code", None)}
    return "no error"


def until(fetch, done, seconds=10.0):
    deadline = time.monotonic() + seconds
    got = fetch()
    while not done(got) and time.monotonic() < deadline:
        time.sleep(0.02)
        got = fetch()
    return got


# The test delays the fake's first answer by `latency` seconds: the client's read timeout
# escapes raw. Then wait for that answer to be over before going on.
step("read timeout", lambda: raised(
    lambda: Keystone(api_key=api_key, base_url=base_url, timeout=latency / 4).health()))
time.sleep(latency)

ks = Keystone(api_key=api_key, base_url=base_url + "/", timeout=10)
step("health", ks.health)
step("wrong key", lambda: rejected(
    lambda: Keystone(api_key="ks_live_wrong", base_url=base_url).sandboxes.list()))
# The test answers this one GET with an HTML page: the client's json.loads escapes raw.
step("non-JSON 2xx", lambda: raised(lambda: ks.specs.get("hello-world")))
step("workspace", lambda: [s.id for s in Keystone(api_key=api_key, base_url=base_url,
                                                  workspace="ws_wire").specs.list()])

# -- specs

SPEC = '''\
id: wire-spec
description: The wire test's spec
agent: wire-agent
files:
  README.md: "hello\\n"
secrets:
  - name: WIRE_TOKEN
  - name: WIRE_RENAMED
    source: env:WIRE_OTHER
  - name: WIRE_STORED
    source: dashboard
scenarios:
  - id: only
    parameters: {input: "say hi"}
    agent_output: "hi"
'''
spec_path = work / "wire-spec.yaml"
spec_path.write_text(SPEC, encoding="utf-8")


def spec_facts(spec):
    return {"id": spec.id, "version": spec.version, "description": spec.description,
            "raw_keys": sorted(spec.raw)}


step("specs.create", lambda: spec_facts(ks.specs.create(SPEC)))
step("specs.create again", lambda: spec_facts(ks.specs.create(SPEC.encode())))
step("specs.get", lambda: spec_facts(ks.specs.get("wire-spec")))
step("specs.list", lambda: [s.id for s in ks.specs.list()])
step("specs.create throwaway", lambda: ks.specs.create("id: throwaway\n").id)
step("specs.delete", lambda: [ks.specs.delete("throwaway"),
                              rejected(lambda: ks.specs.get("throwaway"))][1])
step("specs.create not YAML", lambda: rejected(lambda: ks.specs.create("id: [unclosed\n")))

# -- sandboxes

os.environ.update({"WIRE_TOKEN": "token-value", "WIRE_OTHER": "renamed-value"})


def create_sandbox():
    sb = ks.sandboxes.create("wire-spec", timeout="10m", metadata={"who": "wire"},
                             spec_path=str(spec_path), secrets={"WIRE_EXPLICIT": "explicit"})
    ids["sandbox"] = sb.id
    return {"id": sb.id, "spec_id": sb.spec_id, "state": sb.state, "metadata": sb.metadata,
            "is_sandbox": isinstance(sb, Sandbox), "info_is_sandbox": isinstance(sb.info, Sandbox)}


step("sandboxes.create", create_sandbox)


def create_fixer():
    sb = ks.sandboxes.create("fix-failing-test")
    ids["fixer"] = sb.id
    db = sb.services["db"]
    return {"state": sb.state, "db": [db.host, db.port, db.ready]}


step("sandboxes.create fix-failing-test", create_fixer)
step("sandboxes.get", lambda: ks.sandboxes.get(ids["sandbox"]).state)
step("sandboxes.list", lambda: [s.id for s in ks.sandboxes.list()])


def command(sandbox, line):
    got = ks.sandboxes.run_command(ids[sandbox], line, timeout="30s")
    return {"exit_code": got.exit_code, "stdout": got.stdout, "stderr": got.stderr}


step("run_command npm test", lambda: command("fixer", "npm test"))
step("run_command printenv", lambda: command("sandbox", "printenv"))
step("run_command cat", lambda: command("sandbox", "cat README.md"))


def files():
    sid = ids["sandbox"]
    ks.sandboxes.write_file(sid, "notes.txt", "first notes\n")
    ks.sandboxes.write_file(sid, "src/deep/main.py", "print('hi')\n")
    ks.sandboxes.write_file(sid, "README.md", "changed\n")
    ks.sandboxes.write_file(sid, "my notes.txt", "spaced\n")
    return {"notes": ks.sandboxes.read_file(sid, "notes.txt").decode(),
            "deep": ks.sandboxes.read_file(sid, "src/deep/main.py").decode(),
            "spaced": ks.sandboxes.read_file(sid, "my notes.txt").decode()}


step("write_file / read_file", files)


def state():
    snap = ks.sandboxes.state(ids["sandbox"])
    return {"captured_at": snap.captured_at,
            "files": {p: [f.size, f.mode, f.checksum[:7]] for p, f in snap.files.items()}}


step("sandboxes.state", state)


def diff():
    got = ks.sandboxes.diff(ids["sandbox"])
    return {"added": sorted(got.added), "removed": sorted(got.removed),
            "modified": sorted(got.modified)}


step("sandboxes.diff", diff)
step("delete_file", lambda: [ks.sandboxes.delete_file(ids["sandbox"], "notes.txt"),
                             rejected(lambda: ks.sandboxes.read_file(ids["sandbox"], "notes.txt")),
                             sorted(ks.sandboxes.diff(ids["sandbox"]).added)][1:])


def hash_and_query():
    # The published client quotes '#' and '?' as safe: the path is cut at them.
    sid = ids["sandbox"]
    ks.sandboxes.write_file(sid, "a#b.txt", "hash\n")
    ks.sandboxes.write_file(sid, "q?x.txt", "query\n")
    return {"stored": sorted(p for p in ks.sandboxes.state(sid).files if "#" in p or "?" in p),
            "hash": rejected(lambda: ks.sandboxes.read_file(sid, "a#b.txt")),
            "query": rejected(lambda: ks.sandboxes.read_file(sid, "q?x.txt")),
            "hash delete": rejected(lambda: ks.sandboxes.delete_file(sid, "a#b.txt"))}


step("'#' and '?' in file paths", hash_and_query)

EVENTS = [
    {"ts": "2026-11-24T10:00:00.000000+00:00", "event_type": "tool_call", "tool": "lint&fix",
     "phase": "start", "span_id": "wire-span-1", "status": "ok"},
    {"ts": "2026-11-24T10:00:01.000000+00:00", "event_type": "tool_call", "tool": "lint&fix",
     "phase": "end", "span_id": "wire-span-1", "status": "ok", "duration_ms": 1000},
    {"ts": "2026-11-24T10:00:02.000000+00:00", "event_type": "llm_call", "tool": "model",
     "phase": "complete", "span_id": "wire-span-2", "parent_span_id": "wire-span-1",
     "root_span_id": "wire-span-1", "status": "ok", "duration_ms": 400},
]
step("ingest_trace", lambda: ks.sandboxes.ingest_trace(ids["sandbox"], EVENTS))


def get_trace():
    got = ks.sandboxes.get_trace(ids["sandbox"])
    return {"events": [e["span_id"] for e in got["events"]],
            "sandbox_ids": sorted({e.get("sandbox_id") for e in got["events"]}),
            "metrics": got["metrics"]}


step("get_trace", get_trace)


def peer_traced():
    # Its @traced posts each event from a new thread, one per request: wait for both.
    from polarity_keystone import traced

    ks.init_tracing(ids["sandbox"])

    @traced(name="peer-step")
    def peer_step(x):
        return {"x": x}

    peer_step(1)
    got = []
    deadline = time.time() + 10
    while time.time() < deadline and len(got) < 2:
        got = [e for e in ks.sandboxes.get_trace(ids["sandbox"])["events"]
               if e.get("tool") == "peer-step"]
        time.sleep(0.05)
    return sorted(e["phase"] for e in got)


step("peer @traced", peer_traced)
step("sandboxes.create unknown spec", lambda: rejected(lambda: ks.sandboxes.create("no-spec")))
step("sandboxes.create bad timeout", lambda: rejected(
    lambda: ks.sandboxes.create("wire-spec", timeout="forever")))

# -- from_sandbox: the ids, URL and key Keystone injects into agent processes

step("from_sandbox unset", lambda: rejected(Keystone.from_sandbox))


def from_sandbox():
    # POLARITY_* is read first; an empty string counts as unset.
    os.environ.update({"POLARITY_SANDBOX_ID": "", "KEYSTONE_SANDBOX_ID": ids["fixer"],
                       "KEYSTONE_BASE_URL": base_url, "KEYSTONE_API_KEY": api_key})
    try:
        client, sb = Keystone.from_sandbox()
        db = sb.services["db"]
        return {"id": sb.id, "state": sb.state, "db": [db.host, db.port, db.ready],
                "base_url": client._http.base_url,
                "exec": client.sandboxes.run_command(sb.id, "echo inside").stdout}
    finally:
        for name in ("POLARITY_SANDBOX_ID", "KEYSTONE_SANDBOX_ID", "KEYSTONE_BASE_URL",
                     "KEYSTONE_API_KEY"):
            os.environ.pop(name, None)


step("from_sandbox", from_sandbox)

# -- alerts (its keyword form; before the runs, so that they fire)


def alert():
    got = ks.alerts.create("low pass rate", "pass_rate < 0.8", notify="webhook",
                           window="last_5_runs", webhook_url="https://hooks.example/wire")
    ids["alert"] = got.id
    return {"id": got.id, "name": got.name, "condition": got.condition, "window": got.window,
            "notify": got.notify, "webhook_url": got.webhook_url}


step("alerts.create", alert)
step("alerts.create slack", lambda: ks.alerts.create(
    "errors", "errors > 0", "slack", slack_channel="#evals", id="alert-slack").id)
step("alerts.list", lambda: [a.id for a in ks.alerts.list()])
step("alerts.create the page's dict", lambda: raised(lambda: ks.alerts.create(
    {"name": "x", "condition": "pass_rate < 0.8", "notify": "webhook"})))
step("alerts.create bad condition", lambda: rejected(
    lambda: ks.alerts.create("bad", "pass_rate is low", webhook_url="https://hooks.example/x")))
step("alerts.create bad window", lambda: rejected(lambda: ks.alerts.create(
    "bad", "pass_rate < 1", window="forever", webhook_url="https://hooks.example/x")))
step("alerts.create existing id", lambda: rejected(lambda: ks.alerts.create(
    "again", "errors > 0", "slack", slack_channel="#evals", id="alert-slack")))
step("alerts.delete", lambda: [ks.alerts.delete("alert-slack"),
                               [a.id for a in ks.alerts.list()]][1])

# -- experiments


def create_experiment(key, name, spec_id):
    handle = ks.experiments.create(name, spec_id, secrets={"WIRE_EXPLICIT": "x"})
    ids[key] = handle.id
    return {"name": handle.name, "spec_id": handle.spec_id, "status": handle.status}


def results_facts(got):
    return {"experiment_id": got.experiment_id, "spec_id": got.spec_id,
            "total": got.total_scenarios,
            "counts": [got.passed, got.failed, got.flaky, got.errors],
            "statuses": {s.scenario_id: s.status for s in got.scenarios},
            "pass_rate": got.metrics.pass_rate}


step("experiments.create", lambda: create_experiment("baseline", "baseline",
                                                     "fix-failing-test"))
step("experiments.create candidate", lambda: create_experiment("candidate", "candidate",
                                                               "hello-world"))
step("experiments.run_and_wait", lambda: results_facts(ks.experiments.run_and_wait(
    ids["baseline"], poll_interval=0.02, timeout=20)))


def run_then_get():
    ks.experiments.run(ids["candidate"])
    first = ks.experiments.get(ids["candidate"])
    done = until(lambda: ks.experiments.get(ids["candidate"]),
                 lambda r: r.total_scenarios and
                 r.passed + r.failed + r.flaky + r.errors >= r.total_scenarios)
    return {"first_total": first.total_scenarios, "final": results_facts(done)}


step("experiments.run / get", run_then_get)
step("experiments.list", lambda: [(e.id, e.status) for e in ks.experiments.list()])


def compare():
    got = ks.experiments.compare(ids["baseline"], ids["candidate"])
    return {"baseline_id": got.baseline_id, "candidate_id": got.candidate_id,
            "metrics": {m.name: m.direction for m in got.metrics},
            "regressed": got.regressed, "regressions": got.regressions}


step("experiments.compare", compare)


def metrics():
    got = ks.experiments.metrics(ids["baseline"])
    return {"experiment_id": got.experiment_id, "total_runs": got.summary.total_runs,
            "pass_rate": got.summary.pass_rate, "tools": sorted(got.tool_breakdown),
            "cost_trend": len(got.cost_trend), "pass_rate_trend": len(got.pass_rate_trend)}


step("experiments.metrics", metrics)
step("experiments.create unknown spec", lambda: rejected(
    lambda: ks.experiments.create("x", "no-spec")))
step("experiments.compare unknown", lambda: rejected(
    lambda: ks.experiments.compare(ids["baseline"], "exp-nope")))

# -- scoring


def create_rule():
    rule = ks.scoring.create_rule("mentions-fix", "contains", {"text": "a + b"})
    ids["rule"] = rule["id"]
    return {"is_dict": isinstance(rule, dict), "name": rule["name"], "type": rule["type"],
            "rule.id": raised(lambda: rule.id)}


step("scoring.create_rule", create_rule)
step("scoring.list_rules", lambda: [r["id"] for r in ks.scoring.list_rules()])


def score():
    started = ks.scoring.score_experiment(ids["baseline"], [ids["rule"]])
    scores = until(lambda: ks.scoring.get_scores(ids["baseline"]), bool)
    return {"status": started["status"], "experiment_id": started["experiment_id"],
            "scores": sorted((s["rule_id"] == ids["rule"], s["passed"]) for s in scores),
            "keys": sorted(scores[0]) if scores else []}


step("scoring.score_experiment / get_scores", score)
step("scoring.score_experiment unknown rule", lambda: rejected(
    lambda: ks.scoring.score_experiment(ids["baseline"], ["rule-nope"])))

# -- export


def pages(name, **filters):
    return len(list(getattr(ks.export, name)(**filters)))


step("export.traces", lambda: pages("traces", limit=100))
step("export.traces since (+00:00 sent raw)", lambda: pages(
    "traces", limit=100, since="2026-11-24T10:00:00.500000+00:00", sandbox_id=ids["sandbox"]))
step("export.traces tool with '&'", lambda: pages("traces", tool="lint&fix"))
step("export.spans", lambda: pages("spans", limit=100))
step("export.spans filtered", lambda: pages("spans", limit=10, tool="search"))
step("export.scenarios", lambda: [s.get("scenario_id") for s in ks.export.scenarios(
    limit=3, experiment_id=ids["baseline"])])
step("export.scores", lambda: pages("scores", limit=3, experiment_id=ids["baseline"]))


def bundle():
    got = ks.export.experiment(ids["baseline"])
    return {"keys": sorted(got), "scenarios": len(got["scenarios"]),
            "scores": len(got["scores"]), "traces": len(got["traces"]) > 0}


step("export.experiment json", bundle)


def ndjson():
    got = ks.export.experiment(ids["baseline"], format="ndjson")
    kinds = [json.loads(line)["kind"] for line in got.splitlines() if line.strip()]
    return {"is_str": isinstance(got, str), "kinds": sorted(set(kinds)), "first": kinds[:2]}


step("export.experiment ndjson", ndjson)


def tree():
    got = ks.export.trace("seed000000000000")
    return {"trace_id": got["trace_id"], "span_count": got["span_count"]}


step("export.trace", tree)
step("export.trace ingested", lambda: ks.export.trace("wire-span-1")["span_count"])

# -- agents

agent_dir = work / "agent"
for rel, text in {"agent.py": "print('agent v1')\n", "lib/util.py": "X = 1\n",
                  ".git/config": "[core]\n", ".env": "SECRET=1\n",
                  "node_modules/left-pad/index.js": "module.exports = 1;\n",
                  "__pycache__/agent.cpython-311.pyc": "junk"}.items():
    (agent_dir / rel).parent.mkdir(parents=True, exist_ok=True)
    (agent_dir / rel).write_text(text, encoding="utf-8")
AUTH = {"required_env": ["OPENAI_API_KEY"], "egress": {"allow": ["api.openai.com"]}}


def snap(h):
    return {"id": h.id, "name": h.name, "version": h.version, "tag": h.tag,
            "entrypoint": h.entrypoint, "runtime": h.runtime, "digest": h.digest}


def upload(key, **kw):
    got = ks.agents.upload("wire-agent", str(agent_dir), ["python3", "agent.py"], **kw)
    ids[key] = got.id
    return snap(got)


step("agents.upload", lambda: upload("agent_v1", runtime="python3", auth=AUTH, tag="stable"))


def upload_v2():
    (agent_dir / "agent.py").write_text("print('agent v2')\n", encoding="utf-8")
    return upload("agent_v2")


step("agents.upload v2", upload_v2)


def upload_single():
    single = work / "solo.py"
    single.write_text("print('solo')\n", encoding="utf-8")
    got = ks.agents.upload("solo-agent", str(single), ["python3", "solo.py"])
    ids["solo"] = got.id
    return snap(got)


step("agents.upload single file", upload_single)
step("agents.get latest", lambda: snap(ks.agents.get("wire-agent")))
step("agents.get tag", lambda: snap(ks.agents.get("wire-agent", tag="stable")))
step("agents.get version", lambda: snap(ks.agents.get("wire-agent", version=2)))
step("agents.get tag wins", lambda: ks.agents.get("wire-agent", version=2, tag="stable").version)
step("agents.get_by_id", lambda: snap(ks.agents.get_by_id(ids["agent_v1"])))


def listing():
    everything, end = ks.agents.list()
    first, cursor = ks.agents.list(limit=1)
    second, last = ks.agents.list(limit=1, cursor=cursor)
    return {"all": sorted(h.name for h in everything), "end": end,
            "paged": [h.name for h in first + second], "cursor": bool(cursor), "last": last}


step("agents.list", listing)


def versions():
    items, cursor = ks.agents.list_versions("wire-agent", limit=1)
    more, end = ks.agents.list_versions("wire-agent", limit=1, cursor=cursor)
    return {"versions": [h.version for h in items + more], "end": end}


step("agents.list_versions", versions)


def delete_agent():
    ks.agents.delete(ks.agents.get_by_id(ids["solo"]))
    return {"gone": rejected(lambda: ks.agents.get_by_id(ids["solo"])),
            "versions": rejected(lambda: ks.agents.list_versions("solo-agent"))}


step("agents.delete", delete_agent)
step("agents.get unknown tag", lambda: rejected(lambda: ks.agents.get("wire-agent", tag="nope")))

# -- datasets


def datasets():
    ds = ks.datasets.create("wire-ds", "records for the wire test")
    ids["dataset"] = ds.id
    return {"name": ds.name, "description": ds["description"], "version": ds.version,
            "dict": sorted(ds.to_dict())}


step("datasets.create", datasets)
step("datasets.list", lambda: [d.id for d in ks.datasets.list()])
step("datasets.add_records", lambda: ks.datasets.add_records(ids["dataset"], [
    {"input": {"prompt": "fix the bug"}, "expected": {"file": "fixed.py"}, "tags": ["a", "b"]},
    {"input": {"prompt": "add tests"}, "tags": ["a"]},
]))
step("datasets.add_records again", lambda: ks.datasets.add_records(ids["dataset"], [
    {"input": "third", "metadata": {"source": "wire"}, "tags": ["b"]}]))
step("datasets.get", lambda: ks.datasets.get(ids["dataset"]).version)


def records():
    dsid = ids["dataset"]
    return {"all": [r["input"] for r in ks.datasets.get_records(dsid)],
            "v1": len(ks.datasets.get_records(dsid, version=1)),
            "tags a,b": [r["input"] for r in ks.datasets.get_records(dsid, tags=["a", "b"])],
            "v1 tag b": len(ks.datasets.get_records(dsid, version=1, tags=["b"])),
            "versions": [r["version"] for r in ks.datasets.get_records(dsid)]}


step("datasets.get_records", records)
step("datasets.get_records future version", lambda: rejected(
    lambda: ks.datasets.get_records(ids["dataset"], version=9)))
step("datasets.delete", lambda: [ks.datasets.delete(ids["dataset"]),
                                 rejected(lambda: ks.datasets.get(ids["dataset"]))][1])

# -- prompts


def prompt(p):
    return {"id": p.id, "slug": p.slug, "version": p.version, "tag": p.tag,
            "template": p.template, "variables": p.variables, "user_id": p.user_id}


def prompts():
    first = ks.prompts.create("greet", "Hello {name}!", tag="v1", variables={"name": "world"})
    second = ks.prompts.create("greet", "Hi {{name}} from {place}", tag="prod",
                               variables={"place": "home"}, metadata={"owner": "wire"})
    ids["prompt_v1"], ids["prompt_v2"] = first.id, second.id
    return [prompt(first), prompt(second)]


step("prompts.create", prompts)
step("prompts.get version", lambda: prompt(ks.prompts.get("greet", version=1)))
step("prompts.get tag", lambda: prompt(ks.prompts.get("greet", tag="v1")))
step("prompts.get latest", lambda: prompt(ks.prompts.get("greet")))
step("prompts.get version wins", lambda: ks.prompts.get("greet", version=2, tag="v1").version)
step("prompts.list", lambda: [(p.slug, p.version) for p in ks.prompts.list()])
step("prompts.render", lambda: {
    "server": ks.prompts.render(ids["prompt_v2"], name="Ada"),
    "server overrides": ks.prompts.render(ids["prompt_v2"], name="Ada", place="Oslo"),
    "client": ks.prompts.get("greet").render(name="Ada")})
step("prompts.delete", lambda: [ks.prompts.delete(ids["prompt_v1"]),
                                rejected(lambda: ks.prompts.get("greet", version=1)),
                                ks.prompts.get("greet").version][1:])

# -- clean-up

step("scoring.delete_rule", lambda: [ks.scoring.delete_rule(ids["rule"]),
                                     [r["id"] for r in ks.scoring.list_rules()]][1])
step("alerts.delete the rest", lambda: [ks.alerts.delete(ids["alert"]), ks.alerts.list()][1])
step("sandboxes.destroy", lambda: [ks.sandboxes.destroy(ids["sandbox"]),
                                   rejected(lambda: ks.sandboxes.get(ids["sandbox"])),
                                   [s.id for s in ks.sandboxes.list()]][1:])
print("RESULTS " + json.dumps(results, default=str))
"""


@pytest.fixture
def served() -> Iterator[tuple[FakeKeystone, str]]:
    fake = FakeKeystone(clock="wall", scenario_seconds=0.02, scoring_seconds=0.02)
    with fake, fake.serve() as base_url:
        yield fake, base_url


def test_the_published_client_works_against_the_fake(
    published_python: Path, served: tuple[FakeKeystone, str], tmp_path: Path
) -> None:
    fake, base_url = served
    fake.seed_spans(SEEDED_SPANS)
    fake.inject_latency(LATENCY)  # the script's first request: its read timeout
    fake.inject_malformed("GET", "/v1/specs/hello-world", b"<html>ok</html>")
    script = tmp_path / "published_calls.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # Only its own environment: nothing of this repository on its path, no Keystone settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "POLARITY_", "KEYSTONE_"))
    }
    env["PYTHONNOUSERSITE"] = "1"
    done = subprocess.run(
        [str(published_python), str(script), base_url, API_KEY, str(tmp_path), str(LATENCY)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULTS ")]
    assert done.returncode == 0, done.stderr[-3000:]
    assert lines, done.stderr[-3000:]
    results: dict[str, dict[str, Any]] = json.loads(lines[-1].removeprefix("RESULTS "))
    failed = {name: r["error"] for name, r in results.items() if "error" in r}
    assert not failed, f"{failed}\n{done.stderr[-3000:]}"
    facts = {name: r["ok"] for name, r in results.items()}

    assert facts["client"]["version"] == "0.3.3"
    assert str(published_python.parent.parent) in facts["client"]["file"]
    # It was the published client on the wire: its hard-coded user agent, JSON accepted, the
    # key as a bearer token, and none of this SDK's request ids or idempotency keys.
    received = fake.received
    assert {r.headers.get("user-agent") for r in received} == {"polarity-python/0.3.0"}
    assert {r.headers.get("accept") for r in received} == {"application/json"}
    assert {r.headers.get("authorization") for r in received} == {"Bearer ***"}
    assert not any("idempotency-key" in r.headers or "x-request-id" in r.headers for r in received)
    assert all(r.status < 500 for r in received)

    def sent(method: str, path: str) -> list[Any]:
        return [r for r in received if r.method == method and r.path == path]

    assert {r.headers["content-type"] for r in sent("POST", "/v1/specs")} == {"application/x-yaml"}
    uploads = sent("POST", "/v1/agents")
    assert all(r.headers["content-type"].startswith("multipart/form-data;") for r in uploads)
    runs = [r for r in received if r.method == "POST" and r.path.endswith("/run")]
    assert runs
    assert all(
        r.body_bytes == 0 and "content-type" not in r.headers and r.status == 202 for r in runs
    )
    assert [r.headers.get("x-polarity-workspace") for r in received].count("ws_wire") == 1

    # Its own bugs: a read timeout and a non-JSON 2xx body escape raw, not as KeystoneError.
    assert facts["read timeout"] == {
        "type": "TimeoutError",
        "keystone_error": False,
        "status": None,
    }
    assert facts["non-JSON 2xx"]["type"] == "JSONDecodeError"
    assert not facts["non-JSON 2xx"]["keystone_error"]
    assert facts["health"] == {"status": "ok"}
    # Every error body is {"error": "<string>"}, so its `.message` is a string.
    assert facts["wrong key"]["status"] == 401
    messages = [f["message"] for f in _rejections(facts)]
    assert messages
    assert all(isinstance(m, str) and m for m in messages)

    # Specs: raw YAML in, the same id again is its next version.
    assert facts["specs.create"]["id"] == "wire-spec"
    assert (facts["specs.create"]["version"], facts["specs.create again"]["version"]) == (1, 2)
    assert facts["specs.get"] == facts["specs.create again"]
    assert facts["specs.list"] == ["fix-failing-test", "hello-world", "wire-spec"]
    assert facts["specs.delete"]["status"] == 404
    assert facts["specs.create not YAML"]["status"] == 400

    # Sandboxes: secrets forwarded from the spec file (env, env:OTHER; not dashboard) and the
    # explicit one, kept by name only.
    created = facts["sandboxes.create"]
    sandbox_id = created["id"]
    assert created == {
        "id": sandbox_id,
        "spec_id": "wire-spec",
        "state": "running",
        "metadata": {"who": "wire"},
        "is_sandbox": False,  # a SandboxHandle, as §0 #2 says
        "info_is_sandbox": True,
    }
    assert facts["run_command printenv"]["stdout"] == (
        "WIRE_EXPLICIT=***\nWIRE_RENAMED=***\nWIRE_TOKEN=***\n"
    )
    fixer = facts["sandboxes.create fix-failing-test"]
    assert fixer == {"state": "running", "db": ["db", 5432, True]}
    assert facts["sandboxes.get"] == "running"
    assert sandbox_id in facts["sandboxes.list"]
    assert len(facts["sandboxes.list"]) == 2
    assert facts["run_command npm test"] == {
        "exit_code": 1,
        "stdout": "FAIL test/add.test.ts\n",
        "stderr": "",
    }
    assert facts["run_command cat"]["stdout"] == "hello\n"
    assert facts["write_file / read_file"] == {
        "notes": "first notes\n",
        "deep": "print('hi')\n",
        "spaced": "spaced\n",
    }
    tree = facts["sandboxes.state"]["files"]
    assert sorted(tree) == ["README.md", "my notes.txt", "notes.txt", "src/deep/main.py"]
    assert tree["notes.txt"] == [12, "0644", "sha256:"]
    assert facts["sandboxes.diff"] == {
        "added": ["my notes.txt", "notes.txt", "src/deep/main.py"],
        "removed": [],
        "modified": ["README.md"],
    }
    gone, added = facts["delete_file"]
    assert (gone["status"], added) == (404, ["my notes.txt", "src/deep/main.py"])
    # Its bug: '#' and '?' are "safe" to its quoting, so the path is cut there (the files were
    # written, through the JSON body, but cannot be read or deleted).
    cut = facts["'#' and '?' in file paths"]
    assert cut["stored"] == ["a#b.txt", "q?x.txt"]
    assert cut["hash"]["status"] == cut["query"]["status"] == cut["hash delete"]["status"] == 404
    files = f"/v1/sandboxes/{sandbox_id}/files/"
    assert [r.method for r in received if r.path == files + "a"] == ["GET", "DELETE"]
    assert [r.query for r in received if r.path == files + "q"] == ["x.txt"]
    assert facts["ingest_trace"]["accepted"] == 3
    trace = facts["get_trace"]
    assert trace["events"] == ["wire-span-1", "wire-span-1", "wire-span-2"]
    assert trace["sandbox_ids"] == [sandbox_id]
    assert trace["metrics"]["span_count"] == 2
    assert trace["metrics"]["total_duration_ms"] == 1400
    # Its @traced events (one thread and one POST each) are taken in whatever order they land.
    assert facts["peer @traced"] == ["end", "start"]
    assert facts["sandboxes.create unknown spec"]["status"] == 404
    assert facts["sandboxes.create bad timeout"]["status"] == 422
    assert facts["sandboxes.destroy"][0]["status"] == 404
    assert sandbox_id not in facts["sandboxes.destroy"][1]

    unset = facts["from_sandbox unset"]
    assert unset["status"] == 0
    assert unset["message"].startswith("POLARITY_SANDBOX_ID not set")
    inside = facts["from_sandbox"]
    assert inside["id"] == facts["sandboxes.destroy"][1][0]
    assert (inside["state"], inside["db"], inside["exec"]) == (
        "running",
        ["db", 5432, True],
        "inside\n",
    )
    assert inside["base_url"] == base_url

    # Alerts: its keyword form works, the page's dict form is its TypeError; the fake checks
    # conditions, windows and ids; the rule fired for the baseline's run.
    alert = facts["alerts.create"]
    assert alert == {
        "id": alert["id"],
        "name": "low pass rate",
        "condition": "pass_rate < 0.8",
        "window": "last_5_runs",
        "notify": "webhook",
        "webhook_url": "https://hooks.example/wire",
    }
    assert facts["alerts.create slack"] == "alert-slack"
    assert facts["alerts.list"] == [alert["id"], "alert-slack"]
    assert facts["alerts.create the page's dict"]["type"] == "TypeError"
    assert facts["alerts.create bad condition"]["status"] == 422
    assert facts["alerts.create bad window"]["status"] == 422
    assert facts["alerts.create existing id"]["status"] == 409
    assert facts["alerts.delete"] == [alert["id"]]
    assert facts["alerts.delete the rest"] == []

    # Experiments: run_and_wait ends on the counters; compare and metrics.
    assert facts["experiments.create"] == {
        "name": "baseline",
        "spec_id": "fix-failing-test",
        "status": "created",
    }
    baseline = facts["experiments.run_and_wait"]
    assert (baseline["total"], baseline["counts"]) == (4, [1, 1, 1, 1])
    assert baseline["statuses"] == {
        "fixed": "pass",
        "not-fixed": "fail",
        "flaky-network": "flaky",
        "crashed": "error",
    }
    assert baseline["pass_rate"] == 0.25
    baseline_id = baseline["experiment_id"]
    candidate = facts["experiments.run / get"]
    assert candidate["first_total"] == 1  # the spec's count from the start of the run
    assert (candidate["final"]["counts"], candidate["final"]["pass_rate"]) == ([1, 0, 0, 0], 1.0)
    candidate_id = candidate["final"]["experiment_id"]
    assert facts["experiments.list"] == [[baseline_id, "completed"], [candidate_id, "completed"]]
    compared = facts["experiments.compare"]
    assert (compared["baseline_id"], compared["candidate_id"]) == (baseline_id, candidate_id)
    assert compared["metrics"]["pass_rate"] == "up"
    assert (compared["regressed"], compared["regressions"]) == (False, [])
    assert facts["experiments.metrics"]["experiment_id"] == baseline_id
    assert facts["experiments.metrics"]["total_runs"] == 1
    assert facts["experiments.metrics"]["pass_rate"] == 0.25
    assert facts["experiments.metrics"]["cost_trend"] == 1
    assert facts["experiments.create unknown spec"]["status"] == 404
    assert facts["experiments.compare unknown"]["status"] == 404
    firings = fake.alert_firings()
    assert [(f["rule_id"], f["experiment_id"]) for f in firings] == [(alert["id"], baseline_id)]

    # Scoring: create_rule is a dict (the page's `rule.id` is its AttributeError).
    rule = facts["scoring.create_rule"]
    assert rule == {
        "is_dict": True,
        "name": "mentions-fix",
        "type": "contains",
        "rule.id": {"type": "AttributeError", "keystone_error": False, "status": None},
    }
    scored = facts["scoring.score_experiment / get_scores"]
    assert (scored["status"], scored["experiment_id"]) == ("accepted", baseline_id)
    assert sorted(scored["scores"]) == [[True, False], [True, False], [True, False], [True, True]]
    assert {"rule_id", "trace_id", "score", "passed", "message"} <= set(scored["keys"])
    assert facts["scoring.score_experiment unknown rule"]["status"] == 404
    assert len(facts["scoring.list_rules"]) == 1
    assert facts["scoring.delete_rule"] == []

    # Export: cursor pages, all of them.
    assert facts["export.traces"] == len(fake.trace_events()) > SEEDED_SPANS + 3
    assert facts["export.spans"] == len(fake.spans()) > SEEDED_SPANS
    assert facts["export.spans filtered"] == len(fake.spans(tool="search"))
    for path in ("/v1/traces", "/v1/spans", "/v1/scenarios", "/v1/scores"):
        assert any("cursor=" in r.query for r in sent("GET", path)), path
    assert facts["export.scenarios"] == ["fixed", "not-fixed", "flaky-network", "crashed"]
    assert facts["export.scores"] == 4
    # Its bug: query values go out unencoded. `+00:00` arrives as is (the fake reads a `+`
    # decoded to a space back), but `&` in a filter value splits it: nothing matches.
    # (two ingested events after `since`, and its own @traced span's two)
    assert facts["export.traces since (+00:00 sent raw)"] == 4
    assert any("+00:00" in r.query for r in sent("GET", "/v1/traces"))
    assert len(fake.trace_events(tool="lint&fix")) == 2
    assert facts["export.traces tool with '&'"] == 0
    assert "limit=100&tool=lint&fix" in [r.query for r in sent("GET", "/v1/traces")]
    assert facts["export.experiment json"] == {
        "keys": ["experiment", "result", "scenarios", "scores", "traces"],
        "scenarios": 4,
        "scores": 4,
        "traces": True,
    }
    assert facts["export.experiment ndjson"] == {
        "is_str": True,
        "kinds": ["experiment", "result", "scenario", "score", "trace"],
        "first": ["experiment", "result"],
    }
    assert facts["export.trace"] == {"trace_id": "seed000000000000", "span_count": 10}
    assert facts["export.trace ingested"] == 2

    # Agents: versions, tags (a tag wins over a version), content-addressed ids, two pages.
    v1, v2 = facts["agents.upload"], facts["agents.upload v2"]
    assert (v1["version"], v1["tag"], v1["runtime"]) == (1, "stable", "python3")
    assert (v2["version"], v2["tag"]) == (2, "")
    for snapshot in (v1, v2, facts["agents.upload single file"]):
        assert snapshot["id"] == "snap_" + snapshot["digest"].removeprefix("sha256:")[:32]
    assert facts["agents.get latest"] == facts["agents.get version"] == v2
    assert facts["agents.get tag"] == facts["agents.get_by_id"] == v1
    assert facts["agents.get tag wins"] == 1
    assert facts["agents.list"] == {
        "all": ["solo-agent", "wire-agent"],
        "end": None,
        "paged": ["solo-agent", "wire-agent"],
        "cursor": True,
        "last": None,
    }
    assert facts["agents.list_versions"] == {"versions": [1, 2], "end": None}
    assert facts["agents.delete"]["gone"]["status"] == 404
    assert facts["agents.delete"]["versions"]["status"] == 404
    assert facts["agents.get unknown tag"]["status"] == 404
    # Its bug: "skipping common junk" skips nothing.
    assert sorted(f["name"] for f in fake.agent_files(v1["id"])) == [
        ".env",
        ".git/config",
        "__pycache__/agent.cpython-311.pyc",
        "agent.py",
        "lib/util.py",
        "node_modules/left-pad/index.js",
    ]

    # Datasets: each add_records call is a version; records by version and by every tag.
    dataset = facts["datasets.create"]
    assert (dataset["name"], dataset["version"]) == ("wire-ds", 0)
    assert {"id", "name", "description", "version"} <= set(dataset["dict"])
    assert len(facts["datasets.list"]) == 1
    assert facts["datasets.add_records"]["added"] == 2
    assert facts["datasets.add_records"]["version"] == 1
    assert facts["datasets.add_records again"]["added"] == 1
    assert facts["datasets.get"] == 2
    assert facts["datasets.get_records"] == {
        "all": [{"prompt": "fix the bug"}, {"prompt": "add tests"}, "third"],
        "v1": 2,
        "tags a,b": [{"prompt": "fix the bug"}],
        "v1 tag b": 1,
        "versions": [1, 1, 2],
    }
    assert facts["datasets.get_records future version"]["status"] == 404
    assert facts["datasets.delete"]["status"] == 404

    # Prompts: a version wins over a tag; the server renders as its client does.
    first, second = facts["prompts.create"]
    assert (first["version"], first["tag"], second["version"], second["tag"]) == (
        1,
        "v1",
        2,
        "prod",
    )
    assert first["user_id"] == second["user_id"] == fake.principal_for()
    assert facts["prompts.get version"] == facts["prompts.get tag"] == first
    assert facts["prompts.get latest"] == second
    assert facts["prompts.get version wins"] == 2
    assert facts["prompts.list"] == [["greet", 1], ["greet", 2]]
    assert facts["prompts.render"] == {
        "server": "Hi Ada from home",
        "server overrides": "Hi Ada from Oslo",
        "client": "Hi Ada from home",
    }
    assert facts["prompts.delete"] == [{"status": 404, "message": "no such prompt"}, 2]


def _rejections(fact: Any) -> Iterator[dict[str, Any]]:
    """Every recorded KeystoneError (``{status, message}``), however deep in a fact."""
    if isinstance(fact, dict):
        if set(fact) == {"status", "message"}:
            yield fact
            return
        for value in fact.values():
            yield from _rejections(value)
    elif isinstance(fact, list):
        for value in fact:
            yield from _rejections(value)
