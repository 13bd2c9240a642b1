"""DESIGN.md's contract checks 1–3 (check 4, the fakes' conformance, is its own module)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from tools import coverage, regen, unasync
from tools.pins import REPO_ROOT, load_pin, load_pins

PINS = load_pins()
SERVICES = [p.service for p in PINS]


@pytest.mark.parametrize("pin", PINS, ids=SERVICES)
def test_spec_is_valid_openapi_and_matches_its_pin(pin: regen.Pin) -> None:
    spec = json.loads(pin.verify_spec())
    validate(spec)
    assert spec["info"]["version"] == pin.spec_version


@pytest.mark.parametrize(
    "spec_path",
    sorted((REPO_ROOT / "specs").glob("*/openapi.json")),
    ids=lambda p: p.parent.name,
)
def test_every_spec_in_the_tree_is_valid_openapi(spec_path: Path) -> None:
    # Includes a spec drafted ahead of its SDK (not yet pinned, so no tool loads it).
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_generated_code_has_not_drifted_from_the_pins() -> None:
    assert regen.drift(PINS) == []


def test_drift_check_names_an_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = PINS[0]
    copy = tmp_path / "generated" / pin.service
    shutil.copytree(pin.generated_dir, copy)
    victim = next(copy.rglob("client.py"))
    victim.write_text(victim.read_text() + "# hand edit\n")
    (copy / "stray.py").write_text("")
    monkeypatch.setattr(regen, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(type(pin), "generated_dir", property(lambda self: copy))
    problems = regen.drift([pin])
    assert any("client.py: differs" in p for p in problems), problems
    assert any("stray.py: not produced by the generator" in p for p in problems), problems


def test_regen_skips_unchanged_pins() -> None:
    assert regen.regen(PINS) == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("service", sorted(coverage.SERVICES))
def test_every_operation_is_reached_by_a_public_method(service: str, flavour: str) -> None:
    operations = coverage.spec_operations(service)
    found = coverage.reach(service, flavour=flavour)
    excluded = coverage.SERVICES[service]().excluded
    missing = [str(op) for op in found.missing(operations) if op.operation_id not in excluded]
    assert missing == [], f"spec operations no public {flavour} method reaches: {missing}"
    assert found.unknown(operations) == set(), "wrapper calls endpoints the spec doesn't have"


def _gnosys_runs() -> type:
    from gnosys._sync.client import Runs

    return Runs


def _asg_gateway_jobs() -> type:
    from asg_gateway._async.resources.jobs import AsyncJobs

    return AsyncJobs


@pytest.mark.parametrize(
    ("service", "owner", "method", "flavour", "operation"),
    [
        (
            "gnosys",
            _gnosys_runs,
            "iterations",
            "sync",
            "GET /v1/runs/{run_id}/iterations (get_run_iterations)",
        ),
        ("asg_gateway", _asg_gateway_jobs, "submit_job", "async", "POST /v1/jobs (submit_job)"),
    ],
)
def test_deleting_a_wrapper_method_fails_naming_the_operation(
    monkeypatch: pytest.MonkeyPatch,
    service: str,
    owner: Callable[[], type],
    method: str,
    flavour: str,
    operation: str,
) -> None:
    monkeypatch.delattr(owner(), method)
    found = coverage.reach(service, flavour=flavour)
    missing = [str(op) for op in found.missing(coverage.spec_operations(service))]
    assert missing == [operation]


def test_every_pinned_service_has_a_coverage_target() -> None:
    assert sorted(coverage.SERVICES) == sorted(SERVICES)


def test_sync_clients_are_generated_from_the_async_source() -> None:
    assert unasync.main(["--check"]) == 0


def test_sync_and_async_surfaces_are_identical() -> None:
    found_any = False
    for service, make in coverage.SERVICES.items():
        target = make()
        sync = dict(coverage.public_methods(target.sync_client(httpx.Client())))
        asynchronous = dict(coverage.public_methods(target.async_client(httpx.AsyncClient())))
        assert sorted(sync) == sorted(asynchronous), service
        for name, method in sync.items():
            found_any = True
            a = inspect.signature(method).parameters
            b = inspect.signature(asynchronous[name]).parameters
            assert [(p.name, p.kind, p.default) for p in a.values()] == [
                (p.name, p.kind, p.default) for p in b.values()
            ], f"{service}: {name}"
    assert found_any


def test_only_wrappers_import_generated_packages() -> None:
    generated = {p.package for p in PINS}
    own = {p.service: p.package for p in PINS}
    offenders = []
    for path in REPO_ROOT.glob("**/*.py"):
        rel = path.relative_to(REPO_ROOT)
        if rel.parts[0] in {"generated", ".venv", ".nox"}:
            continue
        # A wrapper imports its own service's generated package, never another's.
        allowed = (
            {own[rel.parts[1]]} if rel.parts[0] == "wrappers" and rel.parts[1] in own else set()
        )
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n.split(".")[0] in generated - allowed for n in names):
                offenders.append(str(rel))
    assert offenders == []


def test_a_pins_content_type_overrides_reach_the_generator_and_only_then_its_dump() -> None:
    plain = load_pin("gnosys")
    assert "content_type_overrides" not in plain.dump()  # pins without one are unchanged
    assert "content_type_overrides" not in json.loads(regen._generator_config(plain))
    overridden = dataclasses.replace(
        plain, content_type_overrides={"application/x-yaml": "application/octet-stream"}
    )
    config = json.loads(regen._generator_config(overridden))
    assert config["content_type_overrides"] == {"application/x-yaml": "application/octet-stream"}
    assert (
        json.loads(overridden.dump())["content_type_overrides"] == config["content_type_overrides"]
    )
