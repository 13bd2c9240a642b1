"""DESIGN.md's contract check 4 for ASG Gateway: the fake conforms to its pinned spec.

Schemathesis drives the fake in-process (ASGI) with its default checks over every operation
(examples, coverage and fuzzing phases; positive and negative data), the stateful links of
``POST /v1/tasks`` and ``POST /v1/jobs``, and hand-written cases for the success paths random
data cannot reach (a settled result, a finished job, deleting a webhook that exists).
"""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, Response

from tools.fakes.asg_gateway import SPEC_PATH, ASGFakeConfig, ASGGatewayFake, create_app

KEY = "sk_sandbox_conformance01"

# No labeling delay and no job steps: created tasks settle and jobs finish at once, so the
# stateful test reaches 200 results and completed jobs.
APP = create_app(ASGFakeConfig(labeling_seconds=0.0, job_step_seconds=0.0))
FAKE: ASGGatewayFake = APP.state.fake

CONFIG = schemathesis.Config.from_dict(
    # Through the security scheme, so schemathesis knows which requests carry the key.
    {"auth": {"openapi": {"bearerAuth": {"bearer": KEY}}}}
)
schema = schemathesis.openapi.from_path(str(SPEC_PATH), config=CONFIG)
schema.app = APP


_REQUESTS = itertools.count()


@schema.hook
def map_case(context: schemathesis.HookContext, case: Case) -> Case:
    """Keep generated requests to what the spec's prose allows but its schemas cannot say.

    * An ``Idempotency-Key`` is reused only to retry the same request: reused with another
      body it is rightly 409, and with the same body it rightly replays the first answer, even
      about a webhook deleted since (which the stateful checks would take for a lost
      resource). So each generated request gets a key of its own; tests/asg_gateway covers
      replays.
    * ``JobCreate`` says s3:// manifests take S3 credentials and gs:// ones GCS credentials
      (422 otherwise); positive cases get the scheme their credentials match.
    """
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        suffix = f"#{next(_REQUESTS)}"
        case.headers = {
            **(case.headers or {}),
            "Idempotency-Key": key[: 255 - len(suffix)] + suffix,
        }
    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if case.path == "/v1/jobs" and positive and isinstance(body, dict):
        credentials = body.get("credentials")
        manifest = body.get("manifest_url")
        if isinstance(credentials, dict) and isinstance(manifest, str) and "://" in manifest:
            scheme = "gs" if "service_account_json" in credentials else "s3"
            case.body = {**body, "manifest_url": f"{scheme}://{manifest.split('://', 1)[1]}"}
    return case


SETTINGS = settings(
    max_examples=25,
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


TestStateful = schema.as_state_machine().TestCase
TestStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=6)


# ------------------------------------------------------------------ the unreachable success paths


def _call(operation_id: str, **kwargs: Any) -> Response:
    """One hand-built request through the full default check suite."""
    operation = schema.find_operation_by_id(operation_id)
    # Hand-built cases skip the generation step that applies the configured auth.
    kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {KEY}"}
    return operation.Case(**kwargs).call_and_validate()


LABELS = {"question": "Animal?", "options": ["cat", "dog", "bird"]}


def test_success_paths_conform() -> None:
    task = {"task_type": "image_classification", "data_url": "https://e.test/a.jpg"}
    created = _call("submit_task", body={**task, "label_spec": LABELS, "consensus_threshold": 5})
    assert created.status_code == 201, created.text
    task_id = created.json()["task_id"]
    result = _call("get_task_result", path_parameters={"task_id": task_id})
    assert result.status_code == 200, result.text
    assert result.json()["consensus_label"] in LABELS["options"]
    assert _call("get_task", path_parameters={"task_id": task_id}).json()["status"] == "completed"

    batch = _call(
        "submit_batch",
        body={"tasks": [{**task, "label_spec": LABELS}] * 2, "callback_url": "https://e.test/cb"},
    )
    assert batch.status_code == 201, batch.text

    hook = _call(
        "register_webhook",
        body={"callback_url": "https://e.test/h", "secret": "conformance-secret", "events": ["a"]},
    )
    assert hook.status_code == 201, hook.text
    assert "conformance-secret" not in hook.text
    webhook_id = hook.json()["webhook_id"]
    assert webhook_id in [h["webhook_id"] for h in _call("list_webhooks").json()]
    deleted = _call("delete_webhook", path_parameters={"webhook_id": webhook_id})
    assert deleted.status_code == 204

    for manifest, credentials in (
        ("s3://bucket/m.jsonl", {"access_key_id": "AKIA", "secret_access_key": "x"}),
        ("gs://bucket/m.jsonl", {"service_account_json": '{"type": "service_account"}'}),
    ):
        job = _call(
            "submit_job",
            body={"manifest_url": manifest, "label_spec": LABELS, "credentials": credentials},
        )
        assert job.status_code == 202, job.text
        got = _call("get_job", path_parameters={"job_id": job.json()["job_id"]})
        assert got.json()["status"] == "completed"
        assert "credentials" not in got.json()
