"""Wire compatibility with the published ``gnosyslabs`` 1.0.0 client (another project's).

That client reads other names than the reference page documents (``n_samples`` for
``n_rows``, ``predictions`` / ``probas`` for ``class_labels`` / ``probabilities``, a JSON
submission with ``tarball_b64`` instead of the raw file, ...). The spec (1.1.0) and the fake
describe both shapes, so a service answering either way works with this SDK, and:

* (a) this SDK parses bodies in either shape (mock transports, no fake);
* (b) the published client itself works against the fake: it is installed from the package
  registry into a scratch virtual environment outside the repository (built once, reused by
  later runs) and a script of its calls runs there against ``FakeGnosys(...).serve()``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from gnosys import AsyncGnosysClient, GnosysClient, MalformedResponseError
from gnosys.models import ApiKey, Dataset, PredictResponse, Run, RunIterations, Submission
from gnosys.testing import API_KEY, FakeGnosys

from tests._published import published_venv, venv_python
from tests.gnosys.conftest import run_json

PUBLISHED = "gnosyslabs==1.0.0"

# --------------------------------------------------------------------------- (a) both shapes

REFERENCE_DATASET: dict[str, Any] = {
    "dataset_id": "ds_1",
    "name": "train",
    "task": "classification",
    "target_column": "y",
    "n_rows": 120,
    "n_columns": 5,
    "columns": ["x1", "x2", "x3", "x4", "y"],
    "format": "csv",
    "size_bytes": 4096,
    "created_at": "2026-05-08T16:00:00Z",
}
# What the published client reads (its required fields and the optional ones).
PUBLISHED_DATASET: dict[str, Any] = {
    "dataset_id": "tds_1",
    "name": "train",
    "task": "classification",
    "target_column": "y",
    "sha256": "ab" * 32,
    "created_at": "2026-05-08T16:00:00Z",
    "n_samples": 120,
    "n_features": 4,
    "bytes": 4096,
    "n_classes": 2,
    "feature_names": ["x1", "x2", "x3", "x4"],
    "revoked_at": None,
}
REFERENCE_PREDICTIONS = {
    "run_id": "r1",
    "classes": ["0", "1"],
    "class_labels": ["1", "0"],
    "probabilities": [[0.2, 0.8], [0.9, 0.1]],
    "n_rows": 2,
    "n_specs": 3,
    "calibration": "mcgrad",
}
PUBLISHED_PREDICTIONS = {
    "run_id": "r1",
    "n_rows": 2,
    "task": "classification",
    "classes": ["0", "1"],
    "predictions": ["1", "0"],
    "probas": [[0.2, 0.8], [0.9, 0.1]],
}
KEY_JSON = {
    "key_id": "key_1",
    "name": "ci",
    "key_prefix": "gn_live_a3",
    "last_4": "X9F2",
    "scopes": ["runs"],
    "created_at": "2026-05-08T16:00:00Z",
    "revoked_at": None,
}


def _raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


def test_a_dataset_reads_either_shape_into_the_reference_names() -> None:
    reference = Dataset.model_validate_json(_raw(REFERENCE_DATASET))
    published = Dataset.model_validate_json(_raw(PUBLISHED_DATASET))
    assert (reference.n_rows, reference.n_columns, reference.size_bytes) == (120, 5, 4096)
    assert (published.n_rows, published.n_columns, published.size_bytes) == (120, 4, 4096)
    # Values only the published shape has are optional attributes.
    assert published.feature_names == ["x1", "x2", "x3", "x4"]
    assert (published.n_features, published.n_classes) == (4, 2)
    assert published.sha256 == "ab" * 32
    assert published.revoked_at is None
    assert (reference.n_features, reference.sha256, reference.feature_names) == (None, None, [])


def test_with_both_shapes_the_reference_spelling_wins() -> None:
    both = Dataset.model_validate_json(_raw({**PUBLISHED_DATASET, **REFERENCE_DATASET}))
    # n_columns counts the target; the published n_features does not (kept on its own).
    assert (both.n_rows, both.n_columns, both.n_features) == (120, 5, 4)
    assert both.columns == ["x1", "x2", "x3", "x4", "y"]


def test_a_dataset_with_neither_spelling_is_malformed() -> None:
    body = {k: v for k, v in PUBLISHED_DATASET.items() if k != "n_samples"}
    with pytest.raises(ValueError, match="n_rows"):
        Dataset.model_validate_json(_raw(body))


def test_predictions_read_either_shape() -> None:
    reference = PredictResponse.model_validate_json(_raw(REFERENCE_PREDICTIONS))
    published = PredictResponse.model_validate_json(_raw(PUBLISHED_PREDICTIONS))
    for preds in (reference, published):
        assert preds.class_labels == ["1", "0"]
        assert preds.probabilities == [[0.2, 0.8], [0.9, 0.1]]
        assert preds.classes == ["0", "1"]
    assert (published.task, reference.task) == ("classification", None)
    assert (published.n_specs, reference.n_specs) == (None, 3)


def test_runs_iterations_and_keys_read_the_published_fields() -> None:
    run = Run.model_validate(
        run_json(
            promoted_spec_id="hp-0-C=1",
            promoted_artifact_path="artifacts/r1/hp-0-C=1/model.pkl",
            best_primary_score=0.91,
            best_tier="paper",
        )
    )
    assert (run.promoted_spec_id, run.best_primary_score, run.best_tier) == (
        "hp-0-C=1",
        0.91,
        "paper",
    )
    assert Run.model_validate(run_json()).promoted_artifact_path is None
    iterations = RunIterations.model_validate(
        {"run_id": "r1", "pipeline_run_id": "saas-r1", "iterations": []}
    )
    assert iterations.pipeline_run_id == "saas-r1"
    # is_active: the service's own word where it sends one, else "not revoked".
    assert ApiKey.model_validate(KEY_JSON).is_active
    assert not ApiKey.model_validate({**KEY_JSON, "revoked_at": "2026-05-09T00:00:00Z"}).is_active
    assert not ApiKey.model_validate({**KEY_JSON, "is_active": False}).is_active


@pytest.mark.parametrize(
    "body", [REFERENCE_DATASET, PUBLISHED_DATASET], ids=["reference", "published"]
)
def test_the_client_parses_either_dataset_shape(
    client: GnosysClient, router: respx.MockRouter, body: dict[str, Any]
) -> None:
    router.get("/v1/datasets/ds_1").respond(200, json=body)
    router.get("/v1/datasets").respond(200, json=[body])
    assert client.datasets.get("ds_1").n_rows == 120
    assert [d.n_rows for d in client.datasets.list()] == [120]


@pytest.mark.parametrize(
    "body", [REFERENCE_PREDICTIONS, PUBLISHED_PREDICTIONS], ids=["reference", "published"]
)
async def test_the_async_client_parses_either_prediction_shape(
    aclient: AsyncGnosysClient, router: respx.MockRouter, body: dict[str, Any]
) -> None:
    router.post("/v1/runs/r1/predict").respond(200, json=body)
    preds = await aclient.runs.predict("r1", io.BytesIO(b"x1,x2\n1,2\n3,4\n"))
    assert preds.class_labels == ["1", "0"]
    assert preds.probabilities[0] == [0.2, 0.8]


MAIN_PY = b'print("hello")\n'


def _tarball() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("submission/main.py")
        info.size = len(MAIN_PY)
        tar.addfile(info, io.BytesIO(MAIN_PY))
    return buffer.getvalue()


def _submission(**fields: Any) -> dict[str, Any]:
    return {"run_id": "r1", "spec_id": "hp-0-C=1", "n_kept_considered": 1, **fields}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            httpx.Response(
                200, content=MAIN_PY, headers={"Content-Type": "application/octet-stream"}
            ),
            MAIN_PY,
        ),
        (httpx.Response(200, json=_submission(mode="code", agent_code=MAIN_PY.decode())), MAIN_PY),
        (
            httpx.Response(
                200,
                json=_submission(
                    mode="rl_train",
                    filename="submission.tar.gz",
                    tarball_b64=base64.b64encode(_tarball()).decode(),
                ),
            ),
            _tarball(),
        ),
    ],
    ids=["raw file", "json main.py", "json tarball"],
)
def test_a_submission_is_bytes_whichever_way_it_comes(
    client: GnosysClient, router: respx.MockRouter, answer: httpx.Response, expected: bytes
) -> None:
    route = router.post("/v1/runs/r1/submission").mock(return_value=answer)
    assert client.runs.package_submission("r1") == expected
    # The spec declares both media types; this SDK asks for the raw file only.
    assert route.calls.last.request.headers["Accept"] == "application/octet-stream"
    assert "top_n" not in route.calls.last.request.url.params


def test_a_json_submission_without_its_file_is_malformed(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    router.post("/v1/runs/r1/submission").respond(
        200, json=_submission(mode="code"), headers={"X-Request-Id": "req_nofile"}
    )
    with pytest.raises(MalformedResponseError, match="neither") as caught:
        client.runs.package_submission("r1")
    assert caught.value.request_id == "req_nofile"
    router.post("/v1/runs/r1/submission").respond(200, json=_submission(tarball_b64="not base64!"))
    with pytest.raises(MalformedResponseError):
        client.runs.package_submission("r1")


def test_the_published_clients_request_fields_are_sent(
    client: GnosysClient, router: respx.MockRouter
) -> None:
    created = router.post("/v1/runs").respond(
        202, json={"run_id": "r1", "status": "queued", "domain": "tabular", "created_at": "t"}
    )
    client.runs.create(
        domain="tabular",
        strategist={"kind": "agent"},
        spec_template={"dataset_id": "ds_1"},
        literature={"enabled": True},
        primary_metric="roc_auc",
        lab={"name": "wire"},
    )
    body = json.loads(created.calls.last.request.content)
    assert (body["literature"], body["primary_metric"], body["lab"]) == (
        {"enabled": True},
        "roc_auc",
        {"name": "wire"},
    )
    assert "concurrency" not in body  # left to the service's default (4)

    uploaded = router.post("/v1/datasets").respond(201, json=REFERENCE_DATASET)
    client.datasets.upload(
        io.BytesIO(b"x1,split,y\n1,train,0\n"),
        name="train",
        task="classification",
        target_column="y",
        split_column="split",
    )
    form = uploaded.calls.last.request.content
    assert b'name="split_column"\r\nContent-Type: text/plain\r\n\r\nsplit\r\n' in form

    packaged = router.post("/v1/runs/r1/submission").respond(200, content=MAIN_PY)
    client.runs.package_submission("r1", top_n=2)
    assert packaged.calls.last.request.url.params["top_n"] == "2"


def test_submission_content_decodes_the_file() -> None:
    assert Submission.model_validate(_submission(agent_code="x = 1\n")).content == b"x = 1\n"
    tarred = Submission.model_validate(_submission(tarball_b64=base64.b64encode(b"tgz").decode()))
    assert tarred.content == b"tgz"


# ------------------------------------------------------------------- (b) the published client


@pytest.fixture(scope="session")
def published_python() -> Path:
    return venv_python(published_venv("gnosys-wire-compat", PUBLISHED))


# Runs inside the published client's environment: every call of it that the reference covers,
# each recorded as {"ok": ...facts...} or {"error": "<exception type>: <message>"}.
SCRIPT = r"""
import base64, hashlib, io, json, sys, tarfile, tempfile, traceback
from pathlib import Path

import gnosys
from gnosys import GnosysClient, NotFoundError, ValidationError

base_url, api_key, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
results = {"client": {"ok": {"version": gnosys.__version__, "file": gnosys.__file__}}}


def step(name, call):
    try:
        results[name] = {"ok": call()}
    except Exception as exc:
        results[name] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
        traceback.print_exc()


train = work / "train.csv"
rows = ["x1,x2,split,y"] + [
    f"{i % 7},{(i * 3) % 5},{'test' if i % 5 == 0 else 'train'},{'yes' if i % 3 else 'no'}"
    for i in range(40)
]
train.write_text("\n".join(rows) + "\n")
test = work / "test.csv"
test.write_text("x1,x2\n1,2\n5,0\n3,3\n")

client = GnosysClient(api_key=api_key, base_url=base_url, max_retries=0)
ids = {}


def upload():
    ds = client.datasets.upload(train, name="wire", task="classification", target_column="y",
                                split_column="split")
    ids["dataset"] = ds.dataset_id
    return {"dataset_id": ds.dataset_id, "n_samples": ds.n_samples, "n_features": ds.n_features,
            "sha256": ds.sha256,
            "bytes": ds.bytes, "feature_names": ds.feature_names, "n_classes": ds.n_classes,
            "is_active": ds.is_active, "n_rows": getattr(ds, "n_rows", None)}


step("datasets.upload", upload)
step("datasets.list", lambda: [d.dataset_id for d in client.datasets.list()])
step("datasets.get", lambda: client.datasets.get(ids["dataset"]).n_samples)


def create(domain, template):
    created = client.runs.create(
        domain=domain,
        strategist={"kind": "hp_sweep", "key": "C", "values": [0.1, 1.0]},
        spec_template=template,
        max_iterations=2,
        llm_critic={"enabled": True},
        literature={"enabled": False},
        primary_metric="roc_auc",
        lab={"name": "wire-compat"},
    )
    ids[domain] = created.run_id
    return {"status": created.status, "links": created.links}


step("runs.create", lambda: create("tabular", {"dataset_id": ids["dataset"]}))
step("runs.create strategy", lambda: create("strategy", {"model_family": "logistic"}))


def wait(domain):
    run = client.runs.wait(ids[domain], timeout=60, poll_interval=0.05)
    return {"status": run.status, "has_promoted_model": run.has_promoted_model,
            "promoted_spec_id": run.promoted_spec_id, "best_tier": run.best_tier,
            "best_primary_score": run.best_primary_score}


step("runs.wait", lambda: wait("tabular"))
step("runs.wait strategy", lambda: wait("strategy"))
step("runs.get", lambda: client.runs.get(ids["tabular"]).status)
step("runs.list", lambda: [r.run_id for r in client.runs.list(status="completed", limit=5)])


def iterations():
    its = client.runs.iterations(ids["tabular"])
    return {"pipeline_run_id": its.pipeline_run_id, "n": len(its.iterations),
            "tier_counts": its.iterations[0].tier_counts}


step("runs.iterations", iterations)


def predict():
    preds = client.runs.predict(ids["tabular"], test, top_n=1)
    return {"task": preds.task, "classes": preds.classes, "predictions": preds.predictions,
            "probas": preds.probas, "n_rows": preds.n_rows}


step("runs.predict", predict)
step("runs.model_card", lambda: client.runs.model_card(ids["tabular"])[:15].decode())


def package(domain):
    out = work / domain
    out.mkdir()
    sub = client.runs.package_submission(ids[domain], write_to=out)
    written = out / sub.filename
    data = written.read_bytes()
    facts = {"mode": sub.mode, "filename": sub.filename, "spec_id": sub.spec_id,
             "n_kept_considered": sub.n_kept_considered, "bundled_files": sub.bundled_files,
             "sha256": hashlib.sha256(data).hexdigest()}
    if sub.tarball_b64 is not None:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            facts["members"] = tar.getnames()
    return facts


step("runs.package_submission", lambda: package("tabular"))
step("runs.package_submission strategy", lambda: package("strategy"))


def findings():
    found = client.findings.list(run_id=ids["tabular"], severity="blocker")
    return sorted({f.validator for f in found})


step("findings.list", findings)


def correlations():
    matches = client.findings.correlations(
        validators=["llm_critic", "honest_eval.shuffled_label"], severity="blocker", mode="and")
    return [m.matched_validators for m in matches]


step("findings.correlations", correlations)


def keys():
    return [{"name": k.name, "is_active": k.is_active, "display": k.to_display()}
            for k in client.api_keys.list()]


step("api_keys.list", keys)


def revoke():
    other = next(k for k in client.api_keys.list() if k.name == "ci")
    client.api_keys.revoke(other.key_id)
    return next(k.is_active for k in client.api_keys.list() if k.key_id == other.key_id)


step("api_keys.revoke", revoke)


def delete():
    client.datasets.delete(ids["dataset"])
    try:
        client.datasets.get(ids["dataset"])
    except NotFoundError as exc:
        return exc.status_code
    return "still there"


step("datasets.delete", delete)


def default_strategist():
    # Its create() defaults to strategist={"kind": "fixed"} with no specs, which the reference
    # says "fixed" cannot run without: a faithful service answers 422.
    try:
        client.runs.create(domain="tabular")
    except ValidationError as exc:
        return exc.status_code
    return "accepted"


step("runs.create defaults", default_strategist)
client.close()
print("RESULTS " + json.dumps(results, default=str))
"""


@pytest.fixture
def served() -> Iterator[tuple[FakeGnosys, str]]:
    fake = FakeGnosys(clock="wall", step_seconds=0.01)
    with fake, fake.serve() as base_url:
        yield fake, base_url


def test_the_published_client_works_against_the_fake(
    published_python: Path, served: tuple[FakeGnosys, str], tmp_path: Path
) -> None:
    fake, base_url = served
    script = tmp_path / "published_calls.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # Only its own environment: nothing of this repository on its path.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONNOUSERSITE"] = "1"
    done = subprocess.run(
        [str(published_python), str(script), base_url, API_KEY, str(tmp_path)],
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

    assert facts["client"]["version"] == "1.0.0"
    assert str(published_python.parent.parent) in facts["client"]["file"]
    # It was the published client on the wire, speaking its own shapes.
    agents = {r.headers.get("user-agent") for r in fake.state.received}
    assert agents == {"client/1.0.0 python-httpx"}
    assert {r.headers.get("accept") for r in fake.state.received} == {"application/json"}

    train = (tmp_path / "train.csv").read_bytes()
    uploaded = facts["datasets.upload"]
    assert uploaded["sha256"] == hashlib.sha256(train).hexdigest()
    assert uploaded["bytes"] == len(train)
    assert (uploaded["n_samples"], uploaded["n_features"], uploaded["n_classes"]) == (40, 2, 2)
    assert uploaded["feature_names"] == ["x1", "x2"]  # neither the target nor the split column
    assert uploaded["is_active"]
    assert uploaded["n_rows"] == 40  # both shapes, as the fake sends
    assert facts["datasets.list"] == [uploaded["dataset_id"], "synthetic_binary"]
    assert facts["datasets.get"] == 40

    for domain in ("", " strategy"):
        waited = facts[f"runs.wait{domain}"]
        assert waited["status"] == "completed", waited
        assert waited["has_promoted_model"], waited
        assert isinstance(waited["best_primary_score"], float)
    assert facts["runs.get"] == "completed"
    assert len(facts["runs.list"]) == 2
    assert facts["runs.iterations"]["n"] == 2
    assert facts["runs.iterations"]["pipeline_run_id"].startswith("saas-")

    preds = facts["runs.predict"]
    assert (preds["task"], preds["classes"], preds["n_rows"]) == (
        "classification",
        ["no", "yes"],
        3,
    )
    assert len(preds["predictions"]) == len(preds["probas"]) == 3
    assert all(abs(sum(p) - 1) < 1e-6 for p in preds["probas"])
    assert facts["runs.model_card"].startswith("<!DOCTYPE html>")

    code = facts["runs.package_submission"]
    assert (code["mode"], code["filename"], code["n_kept_considered"]) == ("code", "main.py", 1)
    tarred = facts["runs.package_submission strategy"]
    assert tarred["mode"] == "rl_train"
    assert tarred["filename"].endswith(".tar.gz")
    assert tarred["members"] == tarred["bundled_files"]

    assert facts["findings.list"] == ["honest_eval.shuffled_label", "llm_critic"]
    assert ["llm_critic", "honest_eval.shuffled_label"] in facts["findings.correlations"]
    assert {(k["name"], k["is_active"]) for k in facts["api_keys.list"]} == {
        ("default", True),
        ("ci", True),
    }
    assert facts["api_keys.revoke"] is False
    assert facts["datasets.delete"] == 404
    # Its own defaults cannot create a run on any service that keeps the reference's rule.
    assert facts["runs.create defaults"] == 422

    # The same packages, fetched as raw files by this SDK, are byte for byte what it decoded.
    sdk = fake.client()
    runs = fake.state.run_ids(API_KEY)
    for run_id, packaged in zip(runs, (code, tarred), strict=True):
        assert hashlib.sha256(sdk.runs.package_submission(run_id)).hexdigest() == packaged["sha256"]
