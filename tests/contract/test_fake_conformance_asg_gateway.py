"""DESIGN.md's contract check 4 for ASG Gateway: the fake conforms to its pinned spec.

Schemathesis drives the fake in-process (ASGI) with its default checks over every operation
(examples, coverage and fuzzing phases; positive and negative data), the stateful links of
``POST /v1/tasks`` and ``POST /v1/jobs``, and hand-written cases for the answers random data
cannot reach (a settled result, a finished or failed job, deleting a webhook that exists, a
replay, a 409, a 429 and a 403). The fake's ``format: uri`` check is also compared with the
validator schemathesis itself uses, since that decides which generated values are negative.
"""

from __future__ import annotations

import itertools
from typing import Any

import jsonschema_rs
import schemathesis
from asg_gateway.testing._fake import SPEC_PATH, ASGFakeConfig, ASGGatewayFake, create_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, Response
from sdk_core.fakes import is_uri
from starlette.applications import Starlette

KEY = "sk_sandbox_conformance01"

# Tiny delays: tasks created during the test settle (and jobs finish) within milliseconds, so the
# stateful test mostly follows its links to settled results and finished jobs; the hand-written
# cases below cover a task still labeling (202).
APP = create_app(ASGFakeConfig(labeling_seconds=0.002, job_step_seconds=0.0005))
FAKE: ASGGatewayFake = APP.state.fake

CONFIG = schemathesis.Config.from_dict(
    # Through the security scheme, so schemathesis knows which requests carry the key (and its
    # ignored_auth check can drop it).
    {"auth": {"openapi": {"bearerAuth": {"bearer": KEY}}}}
)


def _schema(app: Starlette) -> Any:
    loaded = schemathesis.openapi.from_path(str(SPEC_PATH), config=CONFIG)
    loaded.app = app
    return loaded


schema = _schema(APP)

_REQUESTS = itertools.count()


@schema.hook
def map_case(context: schemathesis.HookContext, case: Case) -> Case:
    """Keep generated requests to what the spec's prose allows but its schemas cannot say.

    * An ``Idempotency-Key`` is reused only to retry the same request: reused with another body
      it is rightly 409, and with the same body it rightly replays the first answer, even about
      a webhook deleted since (which the stateful checks would take for a lost resource). So
      each generated request gets a key of its own; the hand-written cases below and
      tests/asg_gateway cover replays and conflicts.
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
    # Batch bodies are large and slow to generate, and schemathesis discards some drawn values
    # itself; none of that says anything about the fake.
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
        # the same state again, not what earlier scenarios left (a webhook deleted since).
        self.app = create_app(ASGFakeConfig(labeling_seconds=0.002, job_step_seconds=0.0005))

    def get_call_kwargs(self, case: Case) -> dict[str, Any]:
        return {"app": self.app}


TestStateful = _Stateful.TestCase
TestStateful.settings = settings(SETTINGS, max_examples=30, stateful_step_count=6)


# ------------------------------------------------------------------ format: uri, as schemathesis

_URI_VALIDATOR = jsonschema_rs.validator_for(
    {"type": "string", "format": "uri"}, validate_formats=True
)
_URI_PIECES = st.sampled_from(
    [
        *"aZ09:/?#[]@!$&'()*+,;=-._~%Fv \\<>\"{}|^`é\n",
        *("http://", "s3://", "%41", "%zz", "::1", "[::1]", "[v1.x]", "1.2.3.4", "[fe80::1%25x]"),
    ]
)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.lists(_URI_PIECES, max_size=12).map("".join))
def test_uri_format_agrees_with_schemathesis(value: str) -> None:
    """Schemathesis (jsonschema-rs) decides which URIs are negative; the fake must agree."""
    assert is_uri(value) == _URI_VALIDATOR.is_valid(value), value


# ------------------------------------------------------------------ the unreachable answers


def _call(operation_id: str, *, on: Any = schema, **kwargs: Any) -> Response:
    """One hand-built request through the full default check suite."""
    operation = on.find_operation_by_id(operation_id)
    # Hand-built cases skip the generation step that applies the configured auth.
    kwargs["headers"] = {"Authorization": f"Bearer {KEY}", **kwargs.get("headers", {})}
    response: Response = operation.Case(**kwargs).call_and_validate()
    return response


LABELS = {"question": "Animal?", "options": ["cat", "dog", "bird"]}
TASK = {"task_type": "image_classification", "data_url": "https://e.test/a.jpg"}
S3 = {"access_key_id": "AKIA", "secret_access_key": "conformance-s3-secret"}
GCS = {"service_account_json": '{"type": "service_account"}'}


def test_tasks_settle_and_replay_conform() -> None:
    pending = _schema(create_app(ASGFakeConfig(labeling_seconds=3600)))
    task = {**TASK, "label_spec": LABELS}
    created = _call("submit_task", on=pending, body=task)
    task_id = created.json()["task_id"]
    labeling = _call("get_task_result", on=pending, path_parameters={"task_id": task_id})
    assert labeling.status_code == 202, labeling.text
    assert labeling.headers["retry-after"] == ["3600"]

    body = {**task, "consensus_threshold": 5}
    headers = {"Idempotency-Key": "conformance-replay"}
    created = _call("submit_task", body=body, headers=headers)
    assert created.status_code == 201, created.text
    again = _call("submit_task", body=body, headers=headers)
    assert again.headers["idempotent-replayed"] == ["true"]
    assert again.json() == created.json()
    conflict = _call("submit_task", body=task, headers=headers)
    assert conflict.status_code == 409, conflict.text

    task_id = created.json()["task_id"]
    FAKE.advance(1)
    result = _call("get_task_result", path_parameters={"task_id": task_id})
    assert result.status_code == 200, result.text
    assert result.json()["consensus_label"] in LABELS["options"]
    assert _call("get_task", path_parameters={"task_id": task_id}).json()["status"] == "completed"

    batch = _call(
        "submit_batch",
        body={"tasks": [task, {**task, "callback_url": "https://e.test/own"}]},
    )
    assert batch.status_code == 201, batch.text
    first = _call("get_task", path_parameters={"task_id": batch.json()["task_ids"][0]})
    assert first.json()["batch_id"] == batch.json()["batch_id"]


def test_webhooks_conform() -> None:
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
    gone = _call("delete_webhook", path_parameters={"webhook_id": webhook_id})
    assert gone.status_code == 404


def test_jobs_conform() -> None:
    for manifest, credentials, final in (
        ("s3://bucket/m.jsonl", S3, "completed"),
        ("gs://bucket/m.jsonl", GCS, "completed"),
        ("s3://bucket/missing.jsonl", S3, "failed"),
        ("gs://bucket/m.jsonl", {"service_account_json": "{}"}, "failed"),
    ):
        job = _call(
            "submit_job",
            body={"manifest_url": manifest, "label_spec": LABELS, "credentials": credentials},
        )
        assert job.status_code == 202, job.text
        assert job.json()["status"] == "queued"
        FAKE.advance(1)
        got = _call("get_job", path_parameters={"job_id": job.json()["job_id"]})
        assert got.json()["status"] == final, got.text
        assert "credentials" not in got.json()
    mismatch = _call(
        "submit_job",
        body={"manifest_url": "gs://bucket/m.jsonl", "label_spec": LABELS, "credentials": S3},
    )
    assert mismatch.status_code == 422


def test_limits_conform() -> None:
    limited = _schema(create_app(ASGFakeConfig(rate_limit_per_minute=2, task_quota=1)))
    task = {**TASK, "label_spec": LABELS}
    assert _call("submit_task", on=limited, body=task).status_code == 201
    over_quota = _call("submit_task", on=limited, body=task)
    assert over_quota.status_code == 403, over_quota.text
    rate_limited = _call("submit_task", on=limited, body=task)
    assert rate_limited.status_code == 429, rate_limited.text
    assert int(rate_limited.headers["retry-after"][0]) >= 1
