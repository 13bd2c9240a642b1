"""DESIGN.md's contract check 4 for Keystone: the fake conforms to the service's pinned spec.

Schemathesis drives the fake in-process (ASGI) with its default checks over every operation
(examples, coverage and fuzzing phases; positive and negative data), and its stateful phase
(the spec's links carry sandbox, spec, experiment, agent, dataset, prompt, rule and alert ids
and the written file's path into their follow-ups, and ``next_cursor`` into the next page).
Hand-written cases cover what random data cannot reach: a catalog experiment run to the end
(results, metrics, comparison, scores, both bundle formats), sandbox commands and files with
raw ``/`` paths, agent uploads paged by cursor, dataset versions, prompt rendering, both trace
ingests and exports, and the 403 / 409 / 429 / 503 answers. Every answer of those goes through
the same default checks, plus one that each NDJSON line is a JSON object.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from typing import Any
from urllib.parse import quote

import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from polarity_keystone.testing._fake import SPEC_PATH, KeystoneFake, KeystoneFakeConfig, create_app
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from starlette.applications import Starlette

KEY = "ks_test_conformance_0123456789"
OTHER = "ks_test_conformance_other_9876"
CATALOG_SPECS = ("fix-failing-test", "hello-world")


def _app(**options: Any) -> Starlette:
    # Small durations on the wall clock: experiments run during the test finish within
    # milliseconds, so the stateful phase meets them in every state.
    config: dict[str, Any] = {
        "api_keys": frozenset({KEY, OTHER}),
        "clock": "wall",
        "scenario_seconds": 0.001,
        "scoring_seconds": 0.001,
        **options,
    }
    return create_app(KeystoneFakeConfig(**config))


# Schemathesis's default acceptance statuses.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
CONFIG = schemathesis.Config.from_dict(
    {
        # Through the security scheme, so schemathesis knows which requests carry the key (and
        # its ignored_auth check can drop it).
        "auth": {"openapi": {"bearerAuth": {"bearer": KEY}}},
        "operations": [
            {
                # Random bytes are rarely a .tar.gz and a random string rarely the metadata's
                # JSON: the upload's content decides, which the schema cannot say. (A hook that
                # rewrote the parts would make schemathesis relabel the case negative: it
                # treats any rewritten body holding binary as invalid.) Uploads that succeed
                # are written out below.
                "include-operation-id": ["upload_agent"],
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
            },
            {
                # The spec document is YAML text: a "negative" body (an object or a number
                # instead of a string) is YAML-serialized into a valid document, so on the wire
                # there is nothing to reject. Its real negatives are written out below.
                "include-operation-id": ["create_spec"],
                "checks": {"negative_data_rejection": {"enabled": False}},
            },
        ],
    }
)


def _schema(app: Starlette) -> Any:
    loaded = schemathesis.openapi.from_path(str(SPEC_PATH), config=CONFIG)
    loaded.app = app
    return loaded


APP = _app()
FAKE: KeystoneFake = APP.state.fake
schema = _schema(APP)


def _digest(*parts: object) -> int:
    # A pure function of the request, so re-running an example maps it the same way.
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:12], 16)


def bundle(files: dict[str, bytes]) -> bytes:
    """A gzip-compressed tar of ``files``."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return raw.getvalue()


_YAML_TYPES = (
    "text/yaml",
    "text/x-yaml",
    "text/vnd.yaml",
    "text/yml",
    "application/yaml",
    "application/x-yaml",
)


@schemathesis.serializer(*_YAML_TYPES)
def yaml_text(ctx: Any, value: Any) -> bytes:
    """A YAML body whose schema is a string *is* that text: it goes on the wire as it is.

    (Schemathesis's own YAML serializer dumps the string as a quoted YAML scalar, so no
    string could ever reach the service as a YAML mapping.) Anything else is dumped as YAML.
    """
    if isinstance(value, str):
        return value.encode()
    return yaml.safe_dump(value).encode()


_SPEC_DOCUMENT = """\
id: conformance-{n}
files:
  README.md: "hi"
scenarios:
  - id: a
  - id: b
    outcome: {outcome}
"""


def _positive(case: Case, location: ParameterLocation) -> bool:
    # Per component, not the case's overall mode: a hook that rewrites one part (the
    # idempotency key) makes schemathesis revalidate the case, which can turn it positive.
    component = None if case.meta is None else case.meta.components.get(location)
    return component is not None and component.mode.is_positive


@schema.hook
def map_case(context: schemathesis.HookContext, case: Case) -> Case:
    """Keep generated requests to what the spec's prose allows but its schemas cannot say.

    * A ``cursor`` is a previous page's ``next_cursor``; a made-up one is rightly 400
      (tests/keystone/test_fake.py checks that), so none is sent. ``since`` is ISO-8601 (or a
      duration); positive cases get one.
    * An ``Idempotency-Key`` is reused only to retry the same request (reused with another
      body it is rightly 409), so the key is made unique to the request's content.
    * Positive bodies and queries get what the descriptions ask of strings the schema leaves
      open: a spec
      document that is a YAML mapping, a ``spec_id`` of the catalog, a ``timeout`` that is a
      duration, a file path inside the working tree, and an alert ``condition`` and ``window``
      of the documented grammar.
    """
    n = _digest(case.method, case.path, case.path_parameters, case.query, repr(case.body))
    if case.query:
        query = dict(case.query)
        query.pop("cursor", None)
        case.query = query
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and key.strip() and len(key) <= 256:
        suffix = f"#{n:x}"
        case.headers = {
            **(case.headers or {}),
            "Idempotency-Key": key[: 256 - len(suffix)] + suffix,
        }
    return _with_what_the_prose_asks(case, n)


def _with_what_the_prose_asks(case: Case, n: int) -> Case:
    """The positive parts of ``case`` (its query, its body) as the descriptions ask."""
    if _positive(case, ParameterLocation.QUERY) and "since" in (case.query or {}):
        case.query = {**case.query, "since": ("2026-01-01T00:00:00+00:00", "24h")[n % 2]}
    if not _positive(case, ParameterLocation.BODY):
        return case
    body = case.body
    if case.path == "/v1/specs" and case.method == "POST":
        if not (isinstance(body, str) and body.startswith("id: conformance-")):
            case.body = _SPEC_DOCUMENT.format(n=n % 4, outcome=("fail", "flaky", "error")[n % 3])
    elif isinstance(body, dict):
        body = dict(body)
        if "spec_id" in body and case.path in {"/v1/sandboxes", "/v1/experiments"}:
            body["spec_id"] = CATALOG_SPECS[n % 2]
        if isinstance(body.get("timeout"), str):
            body["timeout"] = ("10m", "90s", "1h")[n % 3]
        if case.path.endswith("/files") and isinstance(body.get("path"), str):
            body["path"] = f"dir{n % 3}/file-{n % 7}.txt"
        if case.path == "/v1/alerts":
            body["condition"] = ("pass_rate < 0.8", "errors >= 1")[n % 2]
            if "window" in body:
                body["window"] = ("last_run", "last_3_runs")[n % 2]
        if body != case.body:
            case.body = body
    return case


@schemathesis.check
def ndjson_lines_are_objects(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Each line of an NDJSON bundle is one JSON object (schemathesis does not parse NDJSON)."""
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code != 200 or not content_type.startswith("application/x-ndjson"):
        return None
    for line in response.content.decode().splitlines():
        item = json.loads(line)
        assert isinstance(item, dict), f"an NDJSON line is not an object: {line[:80]}"
        assert {"kind", "data"} <= item.keys(), f"an NDJSON line lacks kind/data: {line[:80]}"
    return True


SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


@schema.parametrize()
@SETTINGS
def test_every_operation_conforms(case: Case) -> None:
    case.call_and_validate()


class _Stateful(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        # A fake of its own per scenario: Hypothesis replays a scenario and needs it to meet
        # the same state again.
        self.app = _app()

    def before_call(self, case: Case) -> None:
        # The stateful phase fills fields from earlier answers after the hooks ran (a
        # sandbox's `path`, "/workspace", lands in a file write's `path`): apply the prose again.
        _with_what_the_prose_asks(case, _digest(case.method, case.path, repr(case.body)))

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        return {"app": self.app}


TestStateful = _Stateful.TestCase
TestStateful.settings = settings(SETTINGS, max_examples=80, stateful_step_count=10)


# ------------------------------------------------------------------ the unreachable answers


def _call(
    operation_id: str, *, on: Any = schema, unavailable: bool = False, **kwargs: Any
) -> Response:
    """One hand-built request through the full default check suite.

    ``unavailable``: the answer is a deliberate 503, which the spec declares but
    schemathesis's server-error check would report.
    """
    operation = on.find_operation_by_id(operation_id)
    # Hand-built cases skip the generation step that applies the configured auth.
    kwargs["headers"] = {"Authorization": f"Bearer {KEY}", **kwargs.get("headers", {})}
    excluded = [not_a_server_error] if unavailable else None
    response: Response = operation.Case(**kwargs).call_and_validate(excluded_checks=excluded)
    return response


def _ok(operation_id: str, *, status: int = 200, on: Any = schema, **kwargs: Any) -> Any:
    answer = _call(operation_id, on=on, **kwargs)
    assert answer.status_code == status, (operation_id, answer.status_code, answer.text)
    return answer.json() if answer.content and answer.status_code != 204 else None


def _manual(**options: Any) -> tuple[Any, KeystoneFake]:
    loaded = _schema(_app(clock="manual", scenario_seconds=1, scoring_seconds=1, **options))
    return loaded, loaded.app.state.fake


def test_a_catalog_experiment_runs_to_its_end_and_every_view_conforms() -> None:
    on, fake = _manual()
    exp = _ok(
        "create_experiment", status=201, on=on, body={"name": "b", "spec_id": "fix-failing-test"}
    )
    path = {"experiment_id": exp["id"]}
    assert _ok("get_experiment", on=on, path_parameters=path)["total_scenarios"] == 0
    assert _call("run_experiment", on=on, path_parameters=path).status_code == 202
    assert _call("run_experiment", on=on, path_parameters=path).status_code == 409
    fake.advance(2)
    partial = _ok("get_experiment", on=on, path_parameters=path)
    assert (partial["total_scenarios"], partial["passed"], partial["failed"]) == (4, 1, 1)
    alert = _ok(
        "create_alert",
        status=201,
        on=on,
        body={
            "name": "low",
            "condition": "pass_rate < 0.8",
            "eval_id": exp["id"],
            "window": "last_run",
        },
    )
    fake.advance(2)
    done = _ok("get_experiment", on=on, path_parameters=path)
    assert [done[k] for k in ("passed", "failed", "flaky", "errors")] == [1, 1, 1, 1]
    assert [f["rule_id"] for f in fake.alert_firings()] == [alert["id"]]
    metrics = _ok("get_experiment_metrics", on=on, path_parameters=path)
    assert metrics["summary"]["total_runs"] == 1
    other = _ok(
        "create_experiment", status=201, on=on, body={"name": "c", "spec_id": "hello-world"}
    )
    _call("run_experiment", on=on, path_parameters={"experiment_id": other["id"]})
    fake.advance(1)
    comparison = _ok(
        "compare_experiments", on=on, body={"baseline_id": other["id"], "candidate_id": exp["id"]}
    )
    assert comparison["regressed"] is True
    assert "pass_rate" in comparison["regressions"]
    rule = _ok(
        "create_score_rule",
        status=201,
        on=on,
        body={"name": "mentions", "type": "contains", "config": {"text": "src/add.ts"}},
    )
    accepted = _ok(
        "score_experiment", status=202, on=on, path_parameters=path, body={"rule_ids": [rule["id"]]}
    )
    assert accepted["status"] == "accepted"
    assert _ok("list_experiment_scores", on=on, path_parameters=path) == []
    fake.advance(1)
    scores = _ok("list_experiment_scores", on=on, path_parameters=path)
    assert [s["score"] for s in scores] == [1.0, 0.0, 0.0, 0.0]
    assert _ok("export_scores", on=on, query={"rule_id": rule["id"], "limit": 2})["next_cursor"]
    failed = _ok("export_scenarios", on=on, query={"experiment_id": exp["id"], "status": "failed"})
    assert [s["scenario_id"] for s in failed["items"]] == ["not-fixed"]
    traces = _ok(
        "export_traces", on=on, query={"experiment_id": exp["id"], "event_type": "llm_call"}
    )
    assert len(traces["items"]) == 4
    tree = _ok(
        "get_trace_tree", on=on, path_parameters={"trace_id": failed["items"][0]["trace_id"]}
    )
    assert tree["span_count"] == 2 + 7  # the root, its llm_call and 7 tool uses
    bundle_json = _ok("export_experiment", on=on, path_parameters=path)
    assert len(bundle_json["scenarios"]) == 4
    assert len(bundle_json["scores"]) == 4
    ndjson = _call("export_experiment", on=on, path_parameters=path, query={"format": "ndjson"})
    kinds = [json.loads(line)["kind"] for line in ndjson.content.decode().splitlines()]
    assert kinds[:3] == ["experiment", "result", "scenario"]
    assert (
        _call("delete_alert", on=on, path_parameters={"alert_id": alert["id"]}).status_code == 204
    )
    assert (
        _call("delete_alert", on=on, path_parameters={"alert_id": alert["id"]}).status_code == 404
    )


def test_sandbox_commands_files_state_and_traces_conform() -> None:
    on, fake = _manual(sandbox_boot_seconds=5)
    created = _ok(
        "create_sandbox",
        status=201,
        on=on,
        body={"spec_id": "fix-failing-test", "timeout": "10m", "metadata": {"run": "ci"}},
    )
    path = {"sandbox_id": created["id"]}
    assert created["state"] == "starting"
    early = _call("run_sandbox_command", on=on, path_parameters=path, body={"command": "ls"})
    assert early.status_code == 409
    fake.advance(5)
    result = _ok("run_sandbox_command", on=on, path_parameters=path, body={"command": "npm test"})
    assert result["exit_code"] == 1
    file = {"path": "src/deep/new file#1.ts", "content": "export {};\n"}
    assert _call("write_sandbox_file", on=on, path_parameters=path, body=file).status_code == 204
    encoded = quote(file["path"], safe="")  # hand-built cases are sent as written
    read = _call("read_sandbox_file", on=on, path_parameters={**path, "path": encoded})
    assert read.content == b"export {};\n"
    assert (
        "src/deep/new file#1.ts" in _ok("get_sandbox_state", on=on, path_parameters=path)["files"]
    )
    assert _ok("get_sandbox_diff", on=on, path_parameters=path)["added"] == [file["path"]]
    end = {"ts": "2026-11-24T10:00:01.000000+00:00", "event_type": "tool_call", "phase": "end"}
    start = {"ts": "2026-11-24T10:00:00.000000+00:00", "event_type": "tool_call", "phase": "start"}
    for event in (end, start):  # out of order, as the published client posts them
        batch = {
            "events": [{**event, "span_id": "a1b2c3d4e5f60718", "tool": "step", "duration_ms": 4}]
        }
        _ok("ingest_sandbox_trace", on=on, path_parameters=path, body=batch)
    trace = _ok("get_sandbox_trace", on=on, path_parameters=path)
    assert trace["metrics"]["span_count"] == 1
    spans = _ok(
        "export_spans", on=on, query={"sandbox_id": "ignored", "span_id": "a1b2c3d4e5f60718"}
    )
    assert spans["items"][0]["phase"] == "end"
    gone = {**path, "path": encoded}
    assert _call("delete_sandbox_file", on=on, path_parameters=gone).status_code == 204
    assert _call("read_sandbox_file", on=on, path_parameters=gone).status_code == 404
    fake.advance(600)
    assert _ok("get_sandbox", on=on, path_parameters=path)["state"] == "expired"
    late = _call("write_sandbox_file", on=on, path_parameters=path, body=file)
    assert late.status_code == 409
    assert _call("destroy_sandbox", on=on, path_parameters=path).status_code == 204
    assert _call("get_sandbox_state", on=on, path_parameters=path).status_code == 404
    bad = _call("create_sandbox", on=on, body={"spec_id": "fix-failing-test", "timeout": "soon"})
    assert bad.status_code == 422
    assert _call("create_sandbox", on=on, body={"spec_id": "nope"}).status_code == 404


def _upload(on: Any, name: str, files: dict[str, bytes], **metadata: Any) -> Response:
    meta = json.dumps({"name": name, "entrypoint": ["python", "main.py"], **metadata})
    return _call(
        "upload_agent",
        on=on,
        body={"metadata": meta, "bundle": bundle(files)},
        media_type="multipart/form-data",
    )


def test_agent_uploads_versions_tags_and_pages_conform() -> None:
    on, fake = _manual()
    name = "org/email-agent"  # one path segment, sent as %2F (hand-built cases are not quoted)
    first = _upload(on, name, {"main.py": b"print(1)\n"})
    second = _upload(on, name, {"main.py": b"print(2)\n", "lib/util.py": b"x = 1\n"}, tag="v2")
    third = _upload(on, name, {"main.py": b"print(3)\n"}, runtime="python3.12")
    assert [r.status_code for r in (first, second, third)] == [201, 201, 201]
    snap = second.json()
    assert (snap["version"], snap["tag"], snap["file_count"]) == (2, "v2", 2)
    assert [f["name"] for f in fake.agent_files(snap["id"])] == ["main.py", "lib/util.py"]
    again = _upload(on, name, {"main.py": b"print(2)\n", "lib/util.py": b"x = 1\n"})
    assert again.json()["id"] == snap["id"]
    assert _upload(on, "other", {"main.py": b"print(1)\n"}).status_code == 409
    assert _upload(on, "evil", {"../escape.py": b"x"}).status_code == 422
    assert _upload(on, "evil", {"/etc/passwd": b"x"}).status_code == 422
    not_tar = _call(
        "upload_agent",
        on=on,
        body={"metadata": json.dumps({"name": "x", "entrypoint": []}), "bundle": b"PK\x03\x04"},
        media_type="multipart/form-data",
    )
    assert not_tar.status_code == 422
    assert _upload(on, "", {"a": b"x"}).status_code == 422  # metadata.name must not be empty
    agent = {"name": quote(name, safe="")}
    page = _ok("list_agent_versions", on=on, path_parameters=agent, query={"limit": 2})
    assert [s["version"] for s in page["items"]] == [1, 2]
    rest = _ok(
        "list_agent_versions", on=on, path_parameters=agent, query={"cursor": page["next_cursor"]}
    )
    assert ([s["version"] for s in rest["items"]], rest["next_cursor"]) == ([3], None)
    assert _ok("get_latest_agent", on=on, path_parameters=agent)["version"] == 3
    tagged = _ok("get_agent_by_tag", on=on, path_parameters={**agent, "tag": "v2"})
    assert tagged["id"] == snap["id"]
    assert _ok("get_agent_version", on=on, path_parameters={**agent, "version": 1})["version"] == 1
    listed = _ok("list_agents", on=on, query={"limit": 1})
    assert listed["items"][0]["name"] == name
    assert (
        _call("delete_snapshot", on=on, path_parameters={"snapshot_id": snap["id"]}).status_code
        == 204
    )
    assert (
        _call("get_snapshot", on=on, path_parameters={"snapshot_id": snap["id"]}).status_code == 404
    )
    assert (
        _call("get_agent_by_tag", on=on, path_parameters={**agent, "tag": "v2"}).status_code == 404
    )


def test_specs_from_yaml_conform() -> None:
    on, _ = _manual(catalog=False)
    document = "id: mine\nscenarios:\n  - id: one\n  - id: two\n    outcome: fail\n"
    spec = _ok("create_spec", status=201, on=on, body=document, media_type="application/x-yaml")
    assert (spec["id"], spec["version"], spec["scenarios"]) == ("mine", 1, ["one", "two"])
    again = _ok("create_spec", status=201, on=on, body=document, media_type="application/x-yaml")
    assert again["version"] == 2
    assert [s["id"] for s in _ok("list_specs", on=on)] == ["mine"]
    for bad, status in (
        ("id: [unclosed", 400),
        ("- a list\n", 422),
        ("scenarios: {not: a list}\n", 422),
        ("id: ../up\n", 422),
        ("", 422),  # the schema's minLength
    ):
        answer = _call("create_spec", on=on, body=bad, media_type="application/x-yaml")
        assert answer.status_code == status, (bad, answer.text)
    assert _call("delete_spec", on=on, path_parameters={"spec_id": "mine"}).status_code == 204
    assert _call("get_spec", on=on, path_parameters={"spec_id": "mine"}).status_code == 404


def test_datasets_and_prompts_conform() -> None:
    on, _ = _manual()
    ds = _ok("create_dataset", status=201, on=on, body={"name": "emails", "description": "d"})
    path = {"dataset_id": ds["id"]}
    one = {"records": [{"input": {"id": "alice"}, "expected": {"s": "R"}, "tags": ["pro"]}]}
    two = {
        "records": [{"input": "bob", "tags": ["trial"]}, {"input": "carol", "tags": ["pro", "x"]}]
    }
    assert _ok("add_dataset_records", on=on, path_parameters=path, body=one)["added"] == 1
    assert _ok("add_dataset_records", on=on, path_parameters=path, body=two)["version"] == 2
    assert len(_ok("list_dataset_records", on=on, path_parameters=path, query={"version": 1})) == 1
    pro = _ok("list_dataset_records", on=on, path_parameters=path, query={"tags": "pro"})
    assert [r["input"] for r in pro] == [{"id": "alice"}, "carol"]
    missing = _call("list_dataset_records", on=on, path_parameters=path, query={"version": 9})
    assert missing.status_code == 404
    assert _ok("get_dataset", on=on, path_parameters=path)["version"] == 2
    assert _call("delete_dataset", on=on, path_parameters=path).status_code == 204

    template = {"slug": "greet", "template": "Hi {name}{#items}, {_it}{/items}", "tag": "prod"}
    v1 = _ok("create_prompt", status=201, on=on, body={**template, "variables": {"name": "you"}})
    v2 = _ok("create_prompt", status=201, on=on, body=template)
    assert (v1["version"], v2["version"]) == (1, 2)
    slug = {"slug": "greet"}
    assert _ok("get_latest_prompt", on=on, path_parameters=slug)["id"] == v2["id"]
    assert _ok("get_prompt_by_tag", on=on, path_parameters={**slug, "tag": "prod"})["version"] == 2
    assert _ok("get_prompt_version", on=on, path_parameters={**slug, "version": 1})["tag"] == ""
    rendered = _ok(
        "render_prompt",
        on=on,
        path_parameters={"prompt_id": v1["id"]},
        body={"variables": {"items": ["a", "b"]}},
    )
    assert rendered["rendered"] == "Hi you, a, b"
    assert _call("delete_prompt", on=on, path_parameters={"prompt_id": v2["id"]}).status_code == 204
    assert _ok("get_latest_prompt", on=on, path_parameters=slug)["version"] == 1
    bad_version = _call("get_prompt_version", on=on, path_parameters={**slug, "version": "one"})
    assert bad_version.status_code == 404


def test_spans_page_by_cursor_and_conform() -> None:
    on, fake = _manual()
    fake.seed_spans(250)
    seen, cursor = [], None
    while True:
        query = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = _ok("export_spans", on=on, query=query)
        seen += [s["span_id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 250
    trace = _ok("export_spans", on=on, query={"trace_id": seen[0]})
    assert len(trace["items"]) == 10
    events = _ok("export_traces", on=on, query={"since": "24h", "tool": "fetch", "limit": 1000})
    assert len(events["items"]) == 63
    assert _call("export_spans", on=on, query={"cursor": "not-a-cursor"}).status_code == 400
    assert _call("export_traces", on=on, query={"since": "last tuesday"}).status_code == 400
    ingested = _ok(
        "ingest_traces",
        on=on,
        body={
            "events": [
                {"ts": "2026-11-24T10:00:00+00:00", "event_type": "eval", "span_id": "span_e"}
            ]
        },
    )
    assert ingested["accepted"] == 1


def test_limits_faults_and_refusals_conform() -> None:
    on, fake = _manual(rate_limit_per_minute=1, workspaces=frozenset({"ws_main"}))
    body = {"name": "d"}
    first = _call("create_dataset", on=on, body=body, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 201
    limited = _call("create_dataset", on=on, body=body)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"][0]) >= 1
    fake.advance(60)
    replay = _call("create_dataset", on=on, body=body, headers={"Idempotency-Key": "k-1"})
    assert replay.headers["idempotent-replayed"] == ["true"]
    assert replay.json()["id"] == first.json()["id"]
    fake.advance(60)
    conflict = _call(
        "create_dataset", on=on, body={"name": "e"}, headers={"Idempotency-Key": "k-1"}
    )
    assert conflict.status_code == 409
    elsewhere = _call("list_datasets", on=on, headers={"X-Polarity-Workspace": "ws_other"})
    assert elsewhere.status_code == 403
    assert (
        _call("list_datasets", on=on, headers={"X-Polarity-Workspace": "ws_main"}).status_code
        == 200
    )
    fake.set_healthy(False)
    down = _call("get_health", on=on, unavailable=True)
    assert (down.status_code, down.headers["retry-after"]) == (503, ["5"])
    fake.inject_faults("GET", "/v1/specs", [502])
    assert _call("list_specs", on=on, unavailable=True).status_code == 502
    wrong = _call("list_specs", on=on, headers={"Authorization": "Bearer ks_test_nobody"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid API key"
