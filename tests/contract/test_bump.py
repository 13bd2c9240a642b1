"""The spec-bump diff: what changed, and whether it breaks clients."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tools import bump
from tools.pins import load_pin


@pytest.fixture
def pinned() -> dict[str, object]:
    return json.loads(load_pin("gnosys").spec_path.read_text())  # type: ignore[no-any-return]


def describe(old: dict[str, object], new: dict[str, object]) -> set[str]:
    return {str(c) for c in bump.diff_specs(old, new)}


def test_identical_specs_have_no_changes(pinned: dict[str, object]) -> None:
    assert bump.diff_specs(pinned, copy.deepcopy(pinned)) == []


def test_changes_are_found_and_classified(pinned: dict[str, object]) -> None:
    new: dict[str, object] = copy.deepcopy(pinned)
    paths = new["paths"]
    schemas = new["components"]["schemas"]  # type: ignore[index]
    del paths["/v1/status"]  # type: ignore[attr-defined]
    paths["/v1/teams"] = {"get": {"operationId": "list_teams", "responses": {}}}  # type: ignore[index]
    paths["/v1/runs"]["get"]["parameters"].append(  # type: ignore[index]
        {"name": "team", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    paths["/v1/runs"]["get"]["parameters"].append(  # type: ignore[index]
        {"name": "sort", "in": "query", "schema": {"type": "string"}}
    )
    del schemas["Run"]["properties"]["error"]
    schemas["Run"]["properties"]["gpu_hours"] = {"type": "number"}
    schemas["Run"]["required"].append("pipeline_run_id")
    schemas["Dataset"]["properties"]["n_rows"] = {"type": "string"}
    assert describe(pinned, new) == {
        "BREAKING  GET /v1/status: operation removed",
        "additive  GET /v1/teams: operation added (wrap it)",
        "BREAKING  GET /v1/runs: parameter query:team added (required)",
        "additive  GET /v1/runs: parameter query:sort added",
        "BREAKING  schema Run: property error removed",
        "additive  schema Run: property gpu_hours added",
        "BREAKING  schema Run: property pipeline_run_id became required",
        "BREAKING  schema Dataset: property n_rows changed type",
    }


def test_dry_run_validates_and_writes_nothing(tmp_path: Path, pinned: dict[str, object]) -> None:
    before = load_pin("gnosys").spec_path.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"openapi": "3.1.0", "paths": {}}))
    assert bump.main(["gnosys", str(broken), "--dry-run"]) == 2
    same = tmp_path / "same.json"
    same.write_text(json.dumps(pinned))
    assert bump.main(["gnosys", str(same), "--dry-run"]) == 0
    assert load_pin("gnosys").spec_path.read_bytes() == before
