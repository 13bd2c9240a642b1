"""The public models match the pinned specs structurally, and parse under one strict policy.

``tools/modelcheck.py`` compares every public model (Gnosys's pydantic models, ASG's
``TypedDict``s) with its spec schema field by field. These tests prove it passes today and that
it names the model and field when either side changes.
"""

import copy
import enum
import importlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
from pydantic import AliasChoices, Field, ValidationError
from typing_extensions import NotRequired, TypedDict

from tools import modelcheck
from tools.modelcheck import ModelSet, check, load_spec

SERVICES = sorted(modelcheck.SERVICES)


def _models(service: str, **replace: type) -> ModelSet:
    models = modelcheck.SERVICES[service]()
    return ModelSet(models.service, {**models.models, **replace}, models.renames)


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


@pytest.mark.parametrize("service", SERVICES)
def test_public_models_match_the_spec(service: str) -> None:
    models = modelcheck.SERVICES[service]()
    assert check(load_spec(service), models) == []
    assert len(models.models) >= 12


@pytest.mark.parametrize("service", SERVICES)
def test_every_object_response_schema_has_a_public_model(service: str) -> None:
    spec = load_spec(service)
    models = modelcheck.SERVICES[service]()
    mirrored = {models.schema_name(public) for public in models.models}
    reachable = {
        name for name in modelcheck.response_schemas(spec) if "properties" in _schema(spec, name)
    }
    # The nested ones count: Gnosys RunLinks, ASG LabelSpec / Vote / Settlement.
    assert reachable <= mirrored
    assert len(reachable) >= 10


def test_the_command_line_reports_success() -> None:
    assert modelcheck.main([]) == 0
    with pytest.raises(SystemExit):
        modelcheck.main(["nosuch"])


# --- the spec changes -------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(schema: str, prop: str, value: dict[str, Any]) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        _schema(spec, schema)["properties"][prop] = value

    return mutate


def _require(schema: str, prop: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        _schema(spec, schema).setdefault("required", []).append(prop)

    return mutate


def _unrequire(schema: str, prop: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        _schema(spec, schema)["required"].remove(prop)

    return mutate


def _remove(schema: str, prop: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        del _schema(spec, schema)["properties"][prop]
        if prop in _schema(spec, schema).get("required", []):
            _schema(spec, schema)["required"].remove(prop)

    return mutate


def _nullable(schema: str, prop: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        inner = _schema(spec, schema)["properties"][prop]
        _schema(spec, schema)["properties"][prop] = {"anyOf": [inner, {"type": "null"}]}

    return mutate


def _default(schema: str, prop: str, value: object) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        _schema(spec, schema)["properties"][prop]["default"] = value

    return mutate


def _open(schema: str) -> Mutation:
    def mutate(spec: dict[str, Any]) -> None:
        _schema(spec, schema)["additionalProperties"] = True

    return mutate


def _answer_with_the_resume_body(spec: dict[str, Any]) -> None:
    # A schema a response reaches keeps unknown fields, even one the spec closes.
    ok = spec["paths"]["/v1/human-tasks/{continuation_id}/resume"]["post"]["responses"]["200"]
    ok["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/HumanResumeRequest"
    }


def _new_endpoint(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Quota"] = {
        "type": "object",
        "properties": {"used": {"type": "integer"}},
    }
    spec["paths"]["/v1/quota"] = {
        "get": {
            "operationId": "get_quota",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Quota"},
                            }
                        }
                    },
                }
            },
        }
    }


def _drop_status(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["ServiceStatus"]
    del spec["paths"]["/v1/status"]


SPEC_CHANGES: list[tuple[str, Mutation, str]] = [
    (
        "gnosys",
        _set("Dataset", "n_rows", {"type": "string"}),
        "gnosys Dataset.n_rows: spec says string, model says integer",
    ),
    (
        "gnosys",
        _require("Dataset", "columns"),
        "gnosys Dataset.columns: spec requires it, model has a default",
    ),
    (
        "gnosys",
        _set("Dataset", "n_partitions", {"type": "integer"}),
        "gnosys Dataset.n_partitions: spec has this property, model lacks it",
    ),
    (
        "gnosys",
        _remove("Dataset", "columns"),
        "gnosys Dataset.columns: model has this field, spec lacks it",
    ),
    (
        "gnosys",
        _nullable("Dataset", "n_rows"),
        "gnosys Dataset.n_rows: spec allows null, model does not",
    ),
    (
        "gnosys",
        _set("Run", "tenant_id", {"type": ["string", "null"]}),
        "gnosys Run.tenant_id: spec allows null, model does not",
    ),
    (
        "gnosys",
        _unrequire("Run", "status"),
        "gnosys Run.status: spec lets it be absent, model requires it",
    ),
    (
        "gnosys",
        _set(
            "PredictResponse",
            "probabilities",
            {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        ),
        "gnosys PredictResponse.probabilities[][]: spec says integer, model says number",
    ),
    (
        "gnosys",
        _set(
            "IterationOutcome",
            "tier_counts",
            {"type": "object", "additionalProperties": {"type": "number"}},
        ),
        "gnosys IterationOutcome.tier_counts{}: spec says number, model says integer",
    ),
    (
        "gnosys",
        _set(
            "RunIterations",
            "iterations",
            {"type": "array", "items": {"$ref": "#/components/schemas/Run"}},
        ),
        "gnosys RunIterations.iterations[]: spec says Run, model says IterationOutcome",
    ),
    (
        "gnosys",
        _set("ProgressEvent", "data", {"type": "array", "items": {}}),
        "gnosys ProgressEvent.data: spec says array of any value, model says object (map)",
    ),
    (
        "gnosys",
        _new_endpoint,
        "gnosys Quota: response schema (in GET /v1/quota 200) has no public model",
    ),
    (
        "gnosys",
        _drop_status,
        "gnosys ServiceStatus: public model has no spec schema 'ServiceStatus'",
    ),
    (
        "asg_gateway",
        _set("TaskResult", "agreement", {"type": "integer"}),
        "asg_gateway TaskResult.agreement: spec says integer, model says number",
    ),
    (
        "asg_gateway",
        _require("Task", "labels_received"),
        "asg_gateway Task.labels_received: spec requires it, model marks it NotRequired",
    ),
    (
        "asg_gateway",
        _unrequire("TaskCreated", "status"),
        "asg_gateway TaskCreated.status: spec lets it be absent, model requires it",
    ),
    (
        "asg_gateway",
        _remove("TaskCreate", "callback_url"),
        "asg_gateway TaskSpec.callback_url: model has this field, spec lacks it",
    ),
    (
        "asg_gateway",
        _set("Settlement", "fee_sats", {"type": "integer"}),
        "asg_gateway Settlement.fee_sats: spec has this property, model lacks it",
    ),
    (
        "asg_gateway",
        _nullable("Webhook", "created_at"),
        "asg_gateway Webhook.created_at: spec allows null, model does not",
    ),
    (
        "asg_gateway",
        _set("Task", "label_spec", {"$ref": "#/components/schemas/Vote"}),
        "asg_gateway Task.label_spec: spec says Vote, model says LabelSpec",
    ),
    (
        "asg_gateway",
        _set("Webhook", "active", {"type": "string"}),
        "asg_gateway Webhook.active: spec says string, model says boolean",
    ),
    (
        "asg_gateway",
        _set("S3Credentials", "region", {"type": "array", "items": {"type": "string"}}),
        "asg_gateway S3Credentials.region: spec says array of string, model says string",
    ),
    (
        "kneo",
        _default("RunListResponse", "sort_order", "asc"),
        "kneo RunListResponse.sort_order: spec default is 'asc', model default is 'desc'",
    ),
    (
        "kneo",
        _default("EnvironmentPolicyRequest", "enabled", 1),
        "kneo EnvironmentPolicyRequest.enabled: spec default is 1, model default is True",
    ),
    (
        "kneo",
        _set("RunStatusResponse", "trace_event_count", {"type": "integer", "default": -1}),
        "kneo RunStatusResponse.trace_event_count: spec default is -1, model default is 0",
    ),
    (
        "kneo",
        _open("RunCreateRequest"),
        "kneo RunCreateRequest: model does not keep unknown fields (extra='forbid')",
    ),
    (
        "kneo",
        _answer_with_the_resume_body,
        "kneo HumanResumeRequest: model does not keep unknown fields (extra='forbid')",
    ),
]


@pytest.mark.parametrize(
    ("service", "mutate", "expected"),
    SPEC_CHANGES,
    ids=[expected.split(":")[0] for _, _, expected in SPEC_CHANGES],
)
def test_a_changed_spec_is_reported_naming_model_and_field(
    service: str, mutate: Mutation, expected: str
) -> None:
    spec = copy.deepcopy(load_spec(service))
    mutate(spec)
    assert check(spec, modelcheck.SERVICES[service]()) == [expected]


def test_a_documented_value_set_matches_an_open_string() -> None:
    spec = copy.deepcopy(load_spec("gnosys"))
    _schema(spec, "Run")["properties"]["status"]["enum"] = ["queued", "running", "completed"]
    assert check(spec, modelcheck.SERVICES["gnosys"]()) == []


def test_a_ref_to_a_scalar_component_is_seen_through() -> None:
    spec = copy.deepcopy(load_spec("gnosys"))
    schemas = spec["components"]["schemas"]
    schemas["RunStatus"] = {"type": "string", "description": "queued, running, ..."}
    schemas["OptionalText"] = {"type": ["string", "null"]}
    run = schemas["Run"]["properties"]
    run["status"] = {"$ref": "#/components/schemas/RunStatus"}
    run["error"] = {"$ref": "#/components/schemas/OptionalText"}
    assert check(spec, modelcheck.SERVICES["gnosys"]()) == []
    run["tenant_id"] = {"$ref": "#/components/schemas/OptionalText"}
    assert check(spec, modelcheck.SERVICES["gnosys"]()) == [
        "gnosys Run.tenant_id: spec allows null, model does not"
    ]


def test_an_integer_is_not_a_number_field_either_way() -> None:
    spec = copy.deepcopy(load_spec("asg_gateway"))
    _schema(spec, "Vote")["properties"]["count"] = {"type": "number"}
    assert check(spec, modelcheck.SERVICES["asg_gateway"]()) == [
        "asg_gateway Vote.count: spec says number, model says integer"
    ]


# --- the model changes ------------------------------------------------------------------------


def test_a_wrong_pydantic_model_is_reported_field_by_field() -> None:
    from gnosys import models

    class Dataset(models.Dataset):
        name: str | None  # type: ignore[assignment]
        task: Literal["classification", "regression"]
        target_column: str = ""
        n_rows: str  # type: ignore[assignment]
        columns: list[int] = Field(default_factory=list)  # type: ignore[assignment]
        size_bytes: float | None = None  # type: ignore[assignment]
        created_at: datetime  # type: ignore[assignment]
        owner: str | None = None

    assert sorted(check(load_spec("gnosys"), _models("gnosys", Dataset=Dataset))) == [
        # The overrides dropped the aliases that read the published client's spellings.
        "gnosys Dataset.bytes: spec has this property, model lacks it",
        "gnosys Dataset.columns[]: spec says string, model says integer",
        "gnosys Dataset.created_at: spec says string (date-time), model says datetime",
        "gnosys Dataset.n_rows: spec lets it be absent, model requires it",
        "gnosys Dataset.n_rows: spec says integer, model says string",
        "gnosys Dataset.n_samples: spec has this property, model lacks it",
        "gnosys Dataset.name: model allows null, spec does not",
        "gnosys Dataset.owner: model has this field, spec lacks it",
        "gnosys Dataset.size_bytes: spec says integer, model says number",
        "gnosys Dataset.target_column: spec requires it, model has a default",
        "gnosys Dataset.task: model closes a value set (Literal['classification', "
        "'regression']); values the spec documents as a set are open strings (str)",
    ]


def test_a_model_that_coerces_or_drops_fields_breaks_the_policy() -> None:
    from pydantic import BaseModel, ConfigDict

    class ServiceStatus(BaseModel):
        model_config = ConfigDict(extra="ignore")

        status: str
        version: str | None = None
        time: str | None = None

    assert check(load_spec("gnosys"), _models("gnosys", ServiceStatus=ServiceStatus)) == [
        "gnosys ServiceStatus: model parses leniently (strict is not True)",
        "gnosys ServiceStatus: model does not keep unknown fields (extra='ignore')",
    ]


def test_a_nested_model_must_be_the_one_mapped_to_the_ref() -> None:
    from gnosys.models import GnosysModel, Run

    class RunIterations(GnosysModel):
        run_id: str
        iterations: list[Run]
        pipeline_run_id: str | None = None

    assert check(load_spec("gnosys"), _models("gnosys", RunIterations=RunIterations)) == [
        "gnosys RunIterations.iterations[]: spec says IterationOutcome, model says Run"
    ]


def test_a_closed_request_body_needs_a_closed_model() -> None:
    from kneo_client.models import KneoModel

    class HumanResumeRequest(KneoModel):  # open, like a response
        decision: str
        request_id: str
        content: str | None = None
        metadata: dict[str, Any] = Field(default_factory=dict)
        selected_option: str | None = None

    models = _models("kneo", HumanResumeRequest=HumanResumeRequest)
    assert check(load_spec("kneo"), models) == [
        "kneo HumanResumeRequest: spec closes this request body (additionalProperties: false), "
        "model does not forbid unknown fields (extra='allow')"
    ]
    assert modelcheck.request_only_schemas(load_spec("kneo")) == {
        "EnvironmentPolicyRequest",
        "HumanResumeRequest",
        "RunCreateRequest",
        "SpecCompileRequest",
        "SpecExplainRequest",
        "SpecPolicyReportRequest",
        "SpecValidateRequest",
    }


def test_a_spec_default_must_be_the_model_default() -> None:
    from kneo_client.models import KneoModel, RunCreateRequest

    class HealthResponse(KneoModel):
        ok: bool
        service: str | None = None  # "absent" would read as None, not as the spec's default
        version: str | None = None
        metadata: dict[str, Any] = Field(default_factory=dict)

    class Request(RunCreateRequest):
        target: str = "agent"
        overlays: list[str] = Field(default_factory=lambda: ["base"])  # the spec has no default

    models = _models("kneo", HealthResponse=HealthResponse, RunCreateRequest=Request)
    assert check(load_spec("kneo"), models) == [
        "kneo HealthResponse.service: spec default is 'kneo-serv-platform', model default is None",
        "kneo RunCreateRequest.target: spec default is 'workflow', model default is 'agent'",
    ]
    fields = {f.name: f for f in modelcheck.fields_of(Request)}
    assert fields["input"].default is modelcheck.NO_DEFAULT
    assert fields["overlays"].default == ["base"]  # a factory's value


def test_an_enum_field_is_reported() -> None:
    class Network(str, enum.Enum):
        MAINNET = "mainnet"
        TESTNET = "testnet"

    class Settlement(TypedDict):
        bsv_txid: str
        amount_sats: int
        network: Network
        settled_at: str

    problems = check(load_spec("asg_gateway"), _models("asg_gateway", Settlement=Settlement))
    assert sorted(problems) == [
        "asg_gateway Settlement.network: model closes a value set (enum Network); values the "
        "spec documents as a set are open strings (str)",
        # TaskResult still holds the real Settlement, which is now no public model.
        "asg_gateway TaskResult.settlement: spec says Settlement, model says Settlement (not "
        "public)",
    ]


def test_a_wrong_typed_dict_is_reported_field_by_field() -> None:
    class Vote(TypedDict):
        label: NotRequired[str]
        count: float
        weight: NotRequired[float]

    assert sorted(check(load_spec("asg_gateway"), _models("asg_gateway", Vote=Vote))) == [
        # TaskResult still holds the real Vote, which is now no public model.
        "asg_gateway TaskResult.votes[]: spec says Vote, model says Vote (not public)",
        "asg_gateway Vote.count: spec says integer, model says number",
        "asg_gateway Vote.label: spec requires it, model marks it NotRequired",
        "asg_gateway Vote.weight: model has this field, spec lacks it",
    ]


def test_an_edited_annotation_of_a_real_model_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    from asg_gateway.models import Task

    monkeypatch.setitem(Task.__annotations__, "consensus_threshold", str)
    assert check(load_spec("asg_gateway"), modelcheck.SERVICES["asg_gateway"]()) == [
        "asg_gateway Task.consensus_threshold: spec says integer, model says string"
    ]


def test_stringified_not_required_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The trap decisions.md describes: under ``from __future__ import annotations`` the class
    # registers every key as required, whatever the annotation says.
    (tmp_path / "future_models.py").write_text(
        textwrap.dedent(
            """
            from __future__ import annotations
            from typing_extensions import NotRequired, TypedDict

            class TaskPending(TypedDict):
                task_id: str
                status: str
                labels_received: NotRequired[int]
                consensus_threshold: NotRequired[int]
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("future_models")
    problems = check(
        load_spec("asg_gateway"), _models("asg_gateway", TaskPending=module.TaskPending)
    )
    if module.TaskPending.__required_keys__ == {"task_id", "status"}:
        pytest.skip("this typing_extensions resolves stringified NotRequired")
    assert "asg_gateway TaskPending.labels_received: spec lets it be absent, model requires it" in (
        problems
    )
    assert any(
        p.startswith("asg_gateway TaskPending.labels_received: annotated (Not)Required")
        for p in problems
    ), problems


def test_a_field_may_read_a_documented_alias() -> None:
    # The published service answers ``n_samples`` where the reference says ``n_rows``; the
    # spec documents both (an anyOf of required lists), the model reads either.
    from gnosys.models import Dataset

    assert Dataset.model_fields["n_rows"].validation_alias == AliasChoices("n_rows", "n_samples")
    spec = copy.deepcopy(load_spec("gnosys"))
    schema = _schema(spec, "Dataset")
    models = modelcheck.SERVICES["gnosys"]()
    assert check(spec, models) == []

    schema["properties"]["n_samples"] = {"type": "string"}
    assert check(spec, models) == ["gnosys Dataset.n_samples: spec says string, model says integer"]

    del schema["anyOf"]
    assert "gnosys Dataset.n_rows: spec lets it be absent, model requires it" in check(spec, models)


# --- one coercion policy ----------------------------------------------------------------------


def _dataset(**overrides: object) -> bytes:
    body: dict[str, object] = {
        "dataset_id": "ds1",
        "name": "train",
        "task": "classification",
        "target_column": "y",
        "n_rows": 5,
        "n_columns": 2,
        "created_at": "2026-05-08T16:00:00Z",
    }
    return json.dumps({**body, **overrides}).encode()


def _task(**overrides: object) -> bytes:
    body: dict[str, object] = {
        "task_id": "t1",
        "status": "labeling",
        "task_type": "image_classification",
        "data_url": "https://example.com/a.jpg",
        "label_spec": {"question": "Animal?", "options": ["cat", "dog"]},
        "consensus_threshold": 3,
        "created_at": "2026-05-08T16:00:00Z",
    }
    return json.dumps({**body, **overrides}).encode()


def test_gnosys_models_are_strict_and_keep_unknown_fields() -> None:
    from gnosys.models import DATASET_LIST, Dataset, IterationOutcome, ProgressEvent

    with pytest.raises(ValidationError, match="n_rows"):
        Dataset.model_validate_json(_dataset(n_rows="5"))
    with pytest.raises(ValidationError, match="n_rows"):
        DATASET_LIST.validate_json(b"[" + _dataset(n_rows="5") + b"]")
    with pytest.raises(ValidationError, match="seq"):
        ProgressEvent.model_validate(
            {"seq": "1", "type": "run_complete", "run_id": "r1", "timestamp": "t"}
        )
    dataset = Dataset.model_validate_json(_dataset(owner="me"))
    assert dataset.model_extra == {"owner": "me"}
    outcome = IterationOutcome.model_validate_json(
        b'{"iteration": 0, "n_proposed": 1, "n_records": 1, "tier_counts": {},'
        b' "duration_seconds": 3}'
    )
    assert outcome.duration_seconds == 3.0


def test_asg_typed_dicts_are_strict_and_keep_unknown_fields() -> None:
    from asg_gateway._parse import json_parser
    from asg_gateway.models import Task, TaskResult, Webhook

    with pytest.raises(ValidationError, match="consensus_threshold"):
        json_parser(Task)(_task(consensus_threshold="3"))
    task = json_parser(Task)(_task(priority=1, label_spec={"question": "q", "options": [], "x": 1}))
    assert task["priority"] == 1  # type: ignore[typeddict-item]
    assert task["label_spec"]["x"] == 1  # type: ignore[typeddict-item]
    result = json_parser(TaskResult)(
        json.dumps(
            {
                "task_id": "t1",
                "status": "completed",
                "consensus_label": "cat",
                "agreement": 1,
                "votes": [{"label": "cat", "count": 3}],
                "settlement": {
                    "bsv_txid": "0" * 64,
                    "amount_sats": 10,
                    "network": "testnet",
                    "settled_at": "2026-05-08T16:00:00Z",
                },
                "completed_at": "2026-05-08T16:00:00Z",
            }
        ).encode()
    )
    assert result["agreement"] == 1.0
    with pytest.raises(ValidationError, match="active"):
        json_parser(list[Webhook])(
            b'[{"webhook_id": "w", "callback_url": "u", "events": [], "active": "true"}]'
        )


def _answer(body: bytes) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=body,
            headers={"Content-Type": "application/json", "X-Request-Id": "req_123"},
        )

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_both_sdks_surface_a_coercible_value_as_malformed_with_the_request_id() -> None:
    from asg_gateway import ASGGatewayClient, ASGMalformedResponseError
    from gnosys import GnosysClient, MalformedResponseError, RetryPolicy

    gnosys = GnosysClient(
        "gn_live_a3TestKey00X9F2",
        retry_policy=RetryPolicy.testing(),
        http_client=_answer(_dataset(n_rows="5")),
    )
    with pytest.raises(MalformedResponseError) as caught:
        gnosys.datasets.get("ds1")
    assert caught.value.request_id == "req_123"
    assert "n_rows" in str(caught.value)

    asg = ASGGatewayClient(
        "sk_sandbox_" + "a" * 32,
        retry_policy=RetryPolicy.testing(),
        http_client=_answer(_task(consensus_threshold="3")),
    )
    with pytest.raises(ASGMalformedResponseError) as asg_caught:
        asg.get_task("t1")
    assert asg_caught.value.request_id == "req_123"
    assert "consensus_threshold" in str(asg_caught.value)


def test_importing_the_sdks_does_not_import_pydantic() -> None:
    code = "import sys, gnosys, asg_gateway; print('pydantic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
