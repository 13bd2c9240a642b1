"""Wire compatibility of the Kneo fake with the published ``kneo-client`` 0.1.0 (another project's).

The published client is installed from the package registry into a scratch virtual environment
outside the repository (built once, reused by later runs; ``--ignore-requires-python``, as its
metadata asks for 3.12 but it runs on 3.11) and a script of its public calls —
``KneoClient(profile).platform.*`` and ``.agent.*`` — runs there against ``FakeKneo(...).serve()``.
Every call it makes must succeed, with both key schemes, and the fake must reject what the
platform rejects: the page's ``runs.create({"spec_id": ...})`` (422, ``extra_forbidden`` and
``missing`` ``input``), a string ``spec`` and 1.2.0's ``{"decision": "approve"}``. The client's
own quirks (every 409 on a POST is a ``KneoIdempotencyMismatchError``; its audit model drops
``total``, so the page's ``iterate_all`` recipe stops after one page) are recorded here.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kneo_client.testing import API_KEY, FakeKneo, principal_for

from tests._published import published_venv, venv_python

PUBLISHED = "kneo-client==0.1.0"


@pytest.fixture(scope="session")
def published_python() -> Path:
    return venv_python(
        published_venv("kneo-wire-compat", PUBLISHED, pip_args=["--ignore-requires-python"])
    )


# Runs inside the published client's environment: its public calls, each recorded as
# {"ok": ...facts...} or {"error": "<exception type>: <message>"}. Expected rejections are facts.
SCRIPT = r"""
import asyncio, json, sys, traceback

import kneo_client
from kneo_client import KneoClient
from kneo_client.core.auth import AuthScheme
from kneo_client.core.errors import KneoError
from kneo_client.core.pagination import PaginatedResult, iterate_all
from kneo_client.core.profiles import Profile

base_url, api_key = sys.argv[1], sys.argv[2]
results = {"client": {"ok": {"version": kneo_client.__version__, "file": kneo_client.__file__}}}
ids = {}


async def step(name, call):
    try:
        results[name] = {"ok": await call()}
    except Exception as exc:
        results[name] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
        traceback.print_exc()


async def rejected(call):
    try:
        await call()
    except KneoError as exc:
        body = exc.body if isinstance(exc.body, dict) else {}
        detail = body.get("detail")
        return {"class": type(exc).__name__, "status": exc.status, "request_id": exc.request_id,
                "detail": detail}
    return "accepted"


REVIEW = {"input": "draft", "spec_path": "specs/review.yaml"}


def client_for(scheme, key=api_key):
    return KneoClient(Profile(name="wire", url=base_url, api_key=key, auth_scheme=scheme,
                              timeout=10.0))


async def main():
    async with client_for(AuthScheme.KNEO_API_KEY) as other:
        await step("kneo_api_key health.readyz", lambda: _ok(other.platform.health.readyz()))
        await step("kneo_api_key runs.list", lambda: _count(other.platform.runs.list()))
    async with client_for(AuthScheme.BEARER, key="not-a-key") as wrong:
        await step("wrong key", lambda: rejected(lambda: wrong.platform.runs.list()))

    async with client_for(AuthScheme.BEARER) as client:
        p, a = client.platform, client.agent
        await step("health.healthz", lambda: _ok(p.health.healthz()))
        await step("health.livez", lambda: _ok(p.health.livez()))
        await step("health.readyz", lambda: _ok(p.health.readyz()))

        async def create(name, body):
            created = await p.runs.create(body)
            ids[name] = created.run_id
            return {"status": created.status, "output_text": created.output_text,
                    "continuation_id": created.continuation_id,
                    "human_intervention_required": created.human_intervention_required}

        await step("runs.create echo", lambda: create("echo", {"input": "hello",
                                                               "spec_path": "specs/echo.yaml"}))
        await step("runs.create flaky", lambda: create("flaky", {"input": "x",
                                                                 "spec_path": "specs/flaky.yaml"}))
        await step("runs.create async", lambda: create("async", {"input": "later",
                                                                 "async_mode": True}))

        async def wait():
            run = await p.runs.wait_for_completion(ids["async"], timeout=30, poll_interval=0.02)
            return {"status": run.status, "output_text": run.output_text}

        await step("runs.wait_for_completion", wait)
        await step("runs.get", lambda: _status(p.runs.get(ids["echo"])))
        await step("runs.list", lambda: _ids(p.runs.list(status="completed", limit=10)))

        async def trace():
            got = await p.runs.trace(ids["echo"], event_type="model_call", limit=20)
            return [e["event_type"] for e in got.events]

        await step("runs.trace", trace)

        async def replay():
            got = await p.runs.replay(ids["echo"])
            return {"status": got.status, "checkpoint_count": got.checkpoint_count,
                    "timeline": len(got.timeline)}

        await step("runs.replay", replay)

        async def checkpoints():
            got = await p.runs.checkpoints(ids["echo"])
            return [c["sequence"] for c in got.checkpoints]

        await step("runs.checkpoints", checkpoints)

        async def diff():
            got = await p.runs.checkpoints_diff(ids["echo"], to_sequence=1)
            return {"change_count": got.change_count, "to": got.to_checkpoint["sequence"]}

        await step("runs.checkpoints_diff", diff)
        await step("runs.policy_report", lambda: _field(p.runs.policy_report(ids["echo"]), "valid"))

        async def recovery():
            got = await p.runs.recovery(ids["flaky"])
            return {"status": got.status, "action": got.replay_context["recommended_action"]}

        await step("runs.recovery", recovery)

        await step("runs.create review", lambda: create("review", REVIEW))

        async def tasks():
            got = await p.human_tasks.list()
            return [t["id"] for t in got.tasks]

        await step("human_tasks.list", tasks)

        async def resume():
            cid = results["runs.create review"]["ok"]["continuation_id"]
            task = await p.human_tasks.get(cid)
            resumed = await p.human_tasks.resume(
                cid, {"decision": "edited", "request_id": task.request["id"], "content": "final"})
            return {"task": task.continuation_id, "status": resumed.status,
                    "output_text": resumed.output_text}

        await step("human_tasks.resume", resume)
        await step("runs.create review 2", lambda: create("review2", REVIEW))

        async def continue_():
            got = await p.runs.continue_(ids["review2"])
            return {"status": got.status, "output_text": got.output_text}

        await step("runs.continue_", continue_)
        await step("runs.create review 3", lambda: create("review3", REVIEW))
        await step("runs.cancel", lambda: _status(p.runs.cancel(ids["review3"])))
        await step("runs.cancel again", lambda: _status(p.runs.cancel(ids["review3"])))
        await step("runs.continue_ not blocked",
                   lambda: rejected(lambda: p.runs.continue_(ids["review3"])))

        async def audit():
            got = await p.audit.list(run_id=ids["review3"])
            return [e["event_type"] for e in got.events]

        await step("audit.list", audit)

        async def audit_filtered():
            got = await p.audit.list(event_type="run.created", principal=sys.argv[3], limit=2)
            return {"count": got.count, "events": [e["request_id"] for e in got.events]}

        await step("audit.list filtered", audit_filtered)

        async def iterate():
            async def fetch_page(limit, offset):
                resp = await p.audit.list(limit=limit, offset=offset)
                return PaginatedResult(items=resp.events, total=getattr(resp, "total", 0) or 0,
                                       limit=limit, offset=offset)
            return len([e async for e in iterate_all(fetch_page, page_size=100)])

        await step("audit iterate_all (the page's recipe)", iterate)

        async def credentials():
            got = await p.credentials.list()
            return got.inventory.to_dict()

        await step("credentials.list", credentials)

        async def policies():
            listed = await p.policies.environment_list()
            prod = await p.policies.environment_get("prod")
            put = await p.policies.environment_put("qa", {"require_guardrails": True})
            return {"environments": sorted(listed.policies.additional_properties),
                    "prod_review": prod.policy["require_human_review"],
                    "qa": put.policy["require_guardrails"], "previous": put.previous_policy}

        await step("policies", policies)

        async def validate():
            got = await a.specs.validate({"spec_path": "specs/broken.yaml"})
            return {"valid": got.valid, "codes": sorted(d["code"] for d in got.diagnostics)}

        await step("specs.validate", validate)
        await step("specs.compile",
                   lambda: _field(a.specs.compile({"spec_path": "specs/review.yaml"}), "ok"))

        async def explain():
            got = await a.specs.explain({"spec_path": "specs/review.yaml"})
            return got.summary["name"]

        await step("specs.explain", explain)

        async def report():
            got = await a.specs.policy_report({"spec_path": "specs/echo.yaml",
                                               "environment": "prod"})
            return {"valid": got.valid, "violations": [v["code"] for v in got.report["violations"]]}

        await step("specs.policy_report", report)

        async def run_spec():
            got = await a.specs.run({"input": "ad hoc", "spec": {"name": "inline"}})
            return {"status": got.status, "output_text": got.output_text}

        await step("specs.run", run_spec)

        # What the platform rejects, the fake rejects.
        await step("the page's runs.create", lambda: rejected(
            lambda: p.runs.create({"spec_id": "my-spec"})))
        await step("the page's specs.validate", lambda: rejected(
            lambda: a.specs.validate({"spec": "name: my-agent"})))
        await step("1.2.0's resume decision", lambda: rejected(
            lambda: p.human_tasks.resume("cont_x", {"decision": "approve", "request_id": "r"})))
        await step("runs.get unknown", lambda: rejected(lambda: p.runs.get("run_nope")))


async def _ok(coro):
    return (await coro).ok


async def _count(coro):
    return (await coro).count


async def _status(coro):
    return (await coro).status


async def _ids(coro):
    return [r["run_id"] for r in (await coro).runs]


async def _field(coro, name):
    got = await coro
    return got[name] if isinstance(got, dict) else getattr(got, name)


asyncio.run(main())
print("RESULTS " + json.dumps(results, default=str))
"""


@pytest.fixture
def served() -> Iterator[tuple[FakeKneo, str]]:
    fake = FakeKneo(clock="wall", queue_seconds=0.01, step_seconds=0.01)
    with fake, fake.serve() as base_url:
        yield fake, base_url


def test_the_published_client_works_against_the_fake(
    published_python: Path, served: tuple[FakeKneo, str], tmp_path: Path
) -> None:
    fake, base_url = served
    fake.seed_audit_events(250)
    script = tmp_path / "published_calls.py"
    script.write_text(SCRIPT, encoding="utf-8")
    # Only its own environment: nothing of this repository on its path.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONNOUSERSITE"] = "1"
    me = principal_for(API_KEY)
    done = subprocess.run(
        [str(published_python), str(script), base_url, API_KEY, me],
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

    assert facts["client"]["version"] == "0.1.0"
    assert str(published_python.parent.parent) in facts["client"]["file"]
    # It was the published client on the wire: httpx's own user agent, a fresh uuid4 request
    # id on every request and an Idempotency-Key on every POST, each echoed back.
    received = fake.received
    assert {r.headers["user-agent"].split("/")[0] for r in received} == {"python-httpx"}
    assert all(uuid.UUID(r.request_id).version == 4 for r in received)
    assert all("idempotency-key" in r.headers for r in received if r.method == "POST")
    assert {r.headers.get("x-kneo-api-key") for r in received} == {None, "***"}

    assert facts["kneo_api_key health.readyz"] is True
    assert facts["kneo_api_key runs.list"] == 0
    assert facts["wrong key"]["class"] == "KneoAuthError"
    assert facts["wrong key"]["detail"]["error"] == "unauthorized"
    assert facts["health.healthz"] is facts["health.livez"] is facts["health.readyz"] is True

    assert facts["runs.create echo"] == {
        "status": "completed",
        "output_text": "hello",
        "continuation_id": None,
        "human_intervention_required": False,
    }
    assert facts["runs.create flaky"]["status"] == "failed"
    assert facts["runs.create async"]["status"] == "queued"
    assert facts["runs.wait_for_completion"] == {"status": "completed", "output_text": "later"}
    assert facts["runs.get"] == "completed"
    assert len(facts["runs.list"]) == 2
    assert facts["runs.trace"] == ["model_call"]
    assert facts["runs.replay"]["checkpoint_count"] == 1
    assert facts["runs.checkpoints"] == [1]
    assert facts["runs.checkpoints_diff"]["to"] == 1
    assert facts["runs.policy_report"] is True
    assert facts["runs.recovery"] == {"status": "failed", "action": "retry_from_checkpoint"}

    review = facts["runs.create review"]
    assert (review["status"], review["human_intervention_required"]) == ("blocked", True)
    assert review["continuation_id"] in facts["human_tasks.list"]
    assert facts["human_tasks.resume"] == {
        "task": review["continuation_id"],
        "status": "completed",
        "output_text": "final",
    }
    assert facts["runs.continue_"] == {"status": "completed", "output_text": "draft"}
    assert facts["runs.cancel"] == facts["runs.cancel again"] == "cancelled"
    conflict = facts["runs.continue_ not blocked"]
    # 0.1.0 calls every 409 on a POST a mismatch (it always sends a key); the code says what it is.
    assert (conflict["class"], conflict["status"]) == ("KneoIdempotencyMismatchError", 409)
    assert conflict["detail"]["error"] == "run_state_conflict"

    assert facts["audit.list"] == ["run.cancelled", "run.created"]  # newest first
    filtered = facts["audit.list filtered"]
    assert filtered["count"] == 2
    sent = {r.request_id for r in received if r.path == "/v1/runs" and r.method == "POST"}
    assert set(filtered["events"]) <= sent  # the request ids the client sent
    # The page's recipe reads `total`, which 0.1.0's audit model drops: it stops after a page.
    assert facts["audit iterate_all (the page's recipe)"] == 100
    assert len(fake.audit_events()) > 250

    inventory = facts["credentials.list"]
    assert set(inventory) == {"providers", "extra", "service_tokens"}
    values = [e["value"] for section in inventory.values() for e in section.values()]
    assert set(values) == {"********", None}
    assert facts["policies"] == {
        "environments": ["dev", "prod", "staging"],
        "prod_review": True,
        "qa": True,
        "previous": None,
    }

    assert facts["specs.validate"] == {
        "valid": False,
        "codes": ["missing_step_id", "unknown_step_kind"],
    }
    assert facts["specs.compile"] is True
    assert facts["specs.explain"] == "review"
    assert facts["specs.policy_report"] == {
        "valid": False,
        "violations": ["policy.require_human_review"],
    }
    assert facts["specs.run"] == {"status": "completed", "output_text": "ad hoc"}

    page = facts["the page's runs.create"]
    assert (page["class"], page["status"]) == ("KneoError", 422)
    assert {(d["type"], tuple(d["loc"])) for d in page["detail"]} == {
        ("missing", ("body", "input")),
        ("extra_forbidden", ("body", "spec_id")),
    }
    as_text = facts["the page's specs.validate"]
    assert (as_text["status"], as_text["detail"][0]["type"]) == (422, "dict_type")
    decision = facts["1.2.0's resume decision"]
    assert (decision["status"], decision["detail"][0]["type"]) == (422, "literal_error")
    unknown = facts["runs.get unknown"]
    assert (unknown["class"], unknown["status"]) == ("KneoNotFoundError", 404)
    assert unknown["request_id"] in {r.request_id for r in received}
