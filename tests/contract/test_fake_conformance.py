"""DESIGN.md's contract check 4: the Gnosys fake conforms to its pinned spec.

Schemathesis drives the fake in-process (ASGI) with its default checks: every operation with
generated data (examples, coverage and fuzzing phases, positive and negative), the stateful
links of ``POST /v1/runs``, and hand-written cases for the success paths random data cannot
reach (a completed run's model card, predictions, submission, findings, ...). One extra check
validates each line of the JSON-lines progress stream, which schemathesis does not parse.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from gnosys.testing._fake import GnosysFake, GnosysFakeConfig, create_app
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis import Case, CheckContext, Response
from sdk_core.fakes.inprocess import SyncFakeTransport

SPEC = "specs/gnosys/openapi.json"
KEY = "gn_live_conformanceA1b2X9F2"

# Tiny steps: runs created during the test finish (and their progress streams close) at once.
APP = create_app(GnosysFakeConfig(step_seconds=0.001))
FAKE: GnosysFake = APP.state.fake

# Schemathesis's default acceptance statuses, plus 422 where the uploaded file's *content*
# decides (random bytes are rarely a CSV with the named target column; the schema cannot say).
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
CONFIG = schemathesis.Config.from_dict(
    {
        # Through the security scheme, so schemathesis knows which requests carry the key
        # (and its ignored_auth check can drop it).
        "auth": {"openapi": {"bearerAuth": {"bearer": KEY}}},
        "operations": [
            {
                "include-operation-id": ["upload_dataset", "predict_run"],
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
            }
        ],
    }
)
schema = schemathesis.openapi.from_path(SPEC, config=CONFIG)
schema.app = APP

_EVENT = Draft202012Validator(
    json.loads(Path(SPEC).read_text(encoding="utf-8"))["components"]["schemas"]["ProgressEvent"],
    format_checker=Draft202012Validator.FORMAT_CHECKER,
)


def jsonl_events_conform(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """Each line of a 200 progress stream is a ProgressEvent; seqs rise; it ends on run_complete."""
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code != 200 or not content_type.startswith("application/jsonl"):
        return None
    lines = response.content.decode().splitlines()
    seqs = []
    for line in lines:
        event = json.loads(line)
        errors = [e.message for e in _EVENT.iter_errors(event)]
        assert not errors, f"progress event {line} violates ProgressEvent: {errors}"
        seqs.append(event["seq"])
    assert seqs == sorted(set(seqs)), f"event seqs do not strictly increase: {seqs}"
    if lines:
        assert json.loads(lines[-1])["type"] == "run_complete", "the stream ended early"
    return True


_KINDS = ("hp_sweep", "agent", "llm", "fixed")


def _digest(*parts: object) -> int:
    # A pure function of the request, so re-running an example maps it the same way.
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:12], 16)


@schema.hook
def map_case(context: schemathesis.HookContext, case: Case) -> Case:
    """Keep generated requests to what the spec's prose allows but its schemas cannot say.

    * A cursor is an opaque value from a previous page's ``X-Next-Cursor``; a made-up one is
      rightly 400 (tests/gnosys/test_fake.py checks that), so none is sent.
    * Findings take ``run_id`` *or* ``pipeline_run_id``, not both (400 otherwise).
    * An ``Idempotency-Key`` is reused only to retry the same request (reused with another
      body it is rightly 422), so the key is made unique to the request's content.
    * Revoking the test's own key would turn every later request into a 401.
    * Every other run created gets a known domain and strategist, so that the stateful test
      follows runs that complete rather than only runs that fail on an unknown domain; the
      rest keep their kind but get what it requires (``fixed`` needs ``specs``, ``hp_sweep`` a
      ``key`` and ``values``, ...), which the schema cannot say.
    """
    if case.query:
        query = dict(case.query)
        query.pop("cursor", None)
        if case.path == "/v1/findings" and "run_id" in query:
            query.pop("pipeline_run_id", None)
        case.query = query
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        suffix = f"#{_digest(case.path_parameters, case.query, case.body):x}"
        case.headers = {
            **(case.headers or {}),
            "Idempotency-Key": key[: 255 - len(suffix)] + suffix,
        }
    if case.path == "/v1/api-keys/{key_id}" and case.path_parameters == {
        "key_id": FAKE.api_key_id(KEY)
    }:
        case.path_parameters = {"key_id": "key_someone_else"}
    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if case.path == "/v1/runs" and case.method == "POST" and positive and isinstance(body, dict):
        n = _digest(body)
        if n % 2 and isinstance(body.get("strategist"), dict):
            kind = _KINDS[n // 2 % len(_KINDS)]
            strategist = {**body["strategist"], "kind": kind, "key": "C", "values": [0.1, 1.0]}
            case.body = {
                **body,
                "domain": "strategy" if n % 3 == 0 else "tabular",
                "strategist": strategist,
                "spec_template": {"model_family": "logistic"},
                "specs": [{"spec_id": "a"}, {"spec_id": "b"}],
            }
        else:
            case.body = _with_kind_requirements(body)
    return case


def _with_kind_requirements(body: dict[str, Any]) -> dict[str, Any]:
    """A run body that also meets its strategist kind's own requirements (RunCreateRequest's
    descriptions; schemathesis takes kinds like ``hp_sweep`` from that prose).
    """
    strategist = body.get("strategist")
    kind = strategist.get("kind") if isinstance(strategist, dict) else None
    if kind not in _KINDS:
        return body
    assert isinstance(strategist, dict)
    body = dict(body)
    if kind == "fixed" and not body.get("specs"):
        body["specs"] = [{"spec_id": "a"}]
    if kind != "fixed" and "spec_template" not in body:
        body["spec_template"] = {}
    if kind == "hp_sweep":
        key, values = strategist.get("key"), strategist.get("values")
        body["strategist"] = {
            **strategist,
            "key": key if isinstance(key, str) and key else "C",
            "values": values if isinstance(values, list) and values else [0.1, 1.0],
        }
    return body


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    # Multipart and run bodies are large and slow to generate, and schemathesis discards some
    # drawn values itself; none of that says anything about the fake.
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
    case.call_and_validate(additional_checks=[jsonl_events_conform])


class _Stateful(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        # A fake of its own per scenario: Hypothesis replays a scenario and needs it to meet
        # the same state again, not what earlier scenarios left (a dataset deleted since).
        self.app = create_app(GnosysFakeConfig(step_seconds=0.001))

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        return {"app": self.app}

    def validate_response(self, response: Any, case: Case, **kwargs: Any) -> None:
        checks = [*(kwargs.pop("additional_checks", None) or []), jsonl_events_conform]
        super().validate_response(response, case, additional_checks=checks, **kwargs)


TestStateful = _Stateful.TestCase
TestStateful.settings = settings(SETTINGS, max_examples=40, stateful_step_count=8)


# ------------------------------------------------------------------ the unreachable success paths


def _call(operation_id: str, **kwargs: Any) -> Response:
    """One hand-built request through the full default check suite."""
    operation = schema.find_operation_by_id(operation_id)
    # Hand-built cases skip the generation step that applies the configured auth.
    kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {KEY}"}
    case = operation.Case(**kwargs)
    return case.call_and_validate(additional_checks=[jsonl_events_conform])


def _json_submission_conforms(run_id: str) -> None:
    """What the published 1.0.0 client asks for: the file inside a JSON Submission.

    Schemathesis's ASGI client always sends ``Accept: */*`` (the raw file), so this request
    goes to the app directly and its body is checked against the spec's own schema.
    """
    document = json.loads(Path(SPEC).read_text(encoding="utf-8"))
    declared = document["paths"]["/v1/runs/{run_id}/submission"]["post"]["responses"]["200"]
    validator = Draft202012Validator(
        document["components"]["schemas"]["Submission"],
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    with httpx.Client(transport=SyncFakeTransport(APP), base_url="http://fake") as client:
        response = client.post(
            f"/v1/runs/{run_id}/submission",
            params={"top_n": 2},
            headers={"Authorization": f"Bearer {KEY}", "Accept": "application/json"},
        )
    assert response.status_code == 200, response.text
    media = response.headers["content-type"].split(";")[0]
    assert media == "application/json"
    assert media in declared["content"]
    body = response.json()
    errors = [e.message for e in validator.iter_errors(body)]
    assert not errors, f"the JSON submission violates Submission: {errors}"
    assert body["n_kept_considered"] == 2


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("domain", ["tabular", "strategy"])
def test_success_paths_conform(domain: str) -> None:
    uploaded = _call(
        "upload_dataset",
        body={
            "file": _csv(["a", "b", "label"], [[1, 2, "yes"], [3, 4, "no"], [5, 6, "yes"]]),
            "name": "tiny",
            "task": "classification",
            "target_column": "label",
        },
        media_type="multipart/form-data",
    )
    assert uploaded.status_code == 201, uploaded.text
    dataset_id = uploaded.json()["dataset_id"]
    assert _call("get_dataset", path_parameters={"dataset_id": dataset_id}).status_code == 200
    assert dataset_id in [d["dataset_id"] for d in _call("list_datasets").json()]

    created = _call(
        "create_run",
        body={
            "domain": domain,
            "strategist": {"kind": "hp_sweep", "key": "C", "values": [0.01, 0.1, 1.0, 10.0]},
            "spec_template": {"dataset_id": dataset_id, "model_family": "logistic"},
            "max_iterations": 3,
            "llm_critic": {"enabled": True},
        },
        media_type="application/json",
        headers={"Idempotency-Key": f"conformance-{domain}"},
    )
    assert created.status_code == 202, created.text
    run_id = created.json()["run_id"]
    run = {"run_id": run_id}
    events = _call("get_run_progress", path_parameters=run)  # returns once the run completes
    assert events.text.rstrip().splitlines()[-1].find('"run_complete"') > 0
    assert _call("get_run_progress", path_parameters=run, query={"after": 3}).status_code == 200
    assert _call("get_run", path_parameters=run).json()["status"] == "completed"
    assert len(_call("get_run_iterations", path_parameters=run).json()["iterations"]) == 3
    listed = _call("list_runs", query={"status": "completed", "limit": 1})
    assert len(listed.json()) == 1

    card = _call("get_run_model_card", path_parameters=run, query={"format": "html"})
    assert card.status_code == 200
    assert "<svg" in card.text
    submission = _call("package_run_submission", path_parameters=run)
    assert submission.status_code == 200
    assert "filename=" in submission.headers["content-disposition"][0]
    _json_submission_conforms(run_id)
    predicted = _call(
        "predict_run",
        path_parameters=run,
        query={"top_n": 2},
        body={"file": _csv(["b", "a"], [[2, 1], [9, 9]])},
        media_type="multipart/form-data",
    )
    assert predicted.status_code == 200, predicted.text
    assert predicted.json()["classes"] == ["no", "yes"]

    findings = _call("list_findings", query={"run_id": run_id, "limit": 2})
    assert findings.status_code == 200
    cursor = findings.headers["x-next-cursor"][0]
    more = _call("list_findings", query={"run_id": run_id, "limit": 500, "cursor": cursor})
    assert more.json()
    matches = _call(
        "list_correlations",
        query={
            "validators": ["llm_critic", "honest_eval.shuffled_label"],
            "severity": "blocker",
            "mode": "and",
            "pipeline_run_id": f"saas-{run_id}",
        },
    )
    assert [m["matched_validators"] for m in matches.json()] == [
        ["llm_critic", "honest_eval.shuffled_label"]
    ]

    keys = _call("list_api_keys").json()
    other = next(k["key_id"] for k in keys if k["key_id"] != FAKE.api_key_id(KEY))
    assert _call("revoke_api_key", path_parameters={"key_id": other}).status_code == 204
    assert _call("delete_dataset", path_parameters={"dataset_id": dataset_id}).status_code == 204
    assert _call("get_dataset", path_parameters={"dataset_id": dataset_id}).status_code == 404
    assert _call("get_status").json()["status"] == "ok"
