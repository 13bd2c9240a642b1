"""Walk the reference pages' examples end to end against the local fakes.

``python -m tools.demo`` starts each service's fake in-process on 127.0.0.1 (a real HTTP
server on a free port) and runs the documented examples through the public SDK, printing what
a user would want to see. No network beyond loopback; nothing to configure.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["main"]

KEY = "gn_live_demoA3b9c0X9F2"
ASG_KEY = "sk_sandbox_demo0123456789"


def _write_csvs(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(42)
    planets = ["Earth", "Europa", "Mars"]
    header = ["PassengerId", "HomePlanet", "CryoSleep", "Age", "VIP", "RoomService"]
    train, test = folder / "spaceship_titanic.csv", folder / "test.csv"
    with train.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*header, "Transported"])
        for i in range(800):
            cryo = rng.random() < 0.35
            writer.writerow(
                [
                    f"{i:04d}_01",
                    rng.choice(planets),
                    cryo,
                    rng.randint(1, 79),
                    rng.random() < 0.05,
                    0 if cryo else rng.randint(0, 900),
                    cryo or rng.random() < 0.4,
                ]
            )
    with test.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for i in range(5):
            writer.writerow(
                [f"{9000 + i}_01", rng.choice(planets), i % 2 == 0, 20 + i, False, i * 50]
            )
    return train, test


def _section(title: str) -> None:
    print(f"\n── {title} " + "─" * max(0, 66 - len(title)))


def demo_gnosys(base_url: str, folder: Path) -> None:
    """The Gnosys SDK reference, end to end."""
    import gnosys
    from gnosys import AsyncGnosysClient, GnosysClient

    client = GnosysClient(api_key=KEY, base_url=base_url)
    print(f"{client!r}  (the key itself is never printed)")
    print(f"service status: {client.status().status}")

    _section("datasets.upload (streamed multipart)")
    train, test = _write_csvs(folder)
    ds = client.datasets.upload(
        str(train),
        name="spaceship-titanic-train",
        task="classification",
        target_column="Transported",
    )
    print(f"dataset {ds.dataset_id}: {ds.n_rows} rows × {ds.n_columns} columns")
    print(f"datasets for the tenant: {[d.name for d in client.datasets.list()]}")

    _section("runs.create → progress stream → wait")
    created = client.runs.create(
        domain="tabular",
        strategist={"kind": "hp_sweep", "key": "C", "values": [0.001, 0.01, 0.1, 1.0, 10.0]},
        spec_template={
            "spec_id": "_t",
            "name": "first run",
            "hypothesis": "regularisation strength",
            "task": "classification",
            "dataset_id": ds.dataset_id,
            "model_family": "logistic",
            "hyperparameters": {"C": 1.0},
        },
        max_iterations=3,
        tier_reached="paper",
        no_progress_window=2,
        llm_critic={"enabled": True},
    )
    print(f"created {created.run_id}: status={created.status}")
    started = time.perf_counter()
    for event in client.runs.progress(created.run_id):
        if event.type in {"iteration_start", "iteration_end", "run_complete"}:
            print(f"  [{event.seq:3}] {event.type:16} iteration={event.iteration}")
    run = client.runs.wait(created.run_id, timeout=60, poll_interval=0.5)
    print(
        f"run {run.run_id} is {run.status} after {time.perf_counter() - started:.2f} s "
        f"(terminal={run.is_terminal}, completed={run.is_completed})"
    )

    _section("runs.iterations / list")
    for it in client.runs.iterations(run.run_id).iterations:
        print(
            f"  iteration {it.iteration}: proposed={it.n_proposed} records={it.n_records} "
            f"best={it.best_tier_in_iter} tiers={it.tier_counts} stop={it.stop_reason}"
        )
    print(f"completed runs: {[r.run_id[:8] for r in client.runs.list(status='completed')]}")

    _section("runs.predict (calibrated probabilities)")
    preds = client.runs.predict(run.run_id, test, top_n=3)
    for label, probs in zip(preds.class_labels, preds.probabilities, strict=True):
        print(f"  {label:6} {[round(p, 3) for p in probs]}")

    _section("runs.model_card / package_submission")
    html = client.runs.model_card(run.run_id)
    card = folder / f"model_card_{run.run_id[:8]}.html"
    card.write_bytes(html)
    print(f"model card: {len(html)} bytes of HTML → {card.name}")
    print(f"submission: {len(client.runs.package_submission(run.run_id))} bytes")

    _section("findings / correlations")
    blockers = client.findings.list(run_id=run.run_id, severity="blocker")
    print(
        f"{len(blockers)} blocker finding(s); e.g. "
        + ", ".join(f"{f.validator} on {f.spec_id}" for f in blockers[:2])
    )
    matches = client.findings.correlations(
        validators=["llm_critic", "honest_eval.shuffled_label"],
        severity="blocker",
        mode="and",
    )
    for m in matches[:3]:
        print(f"  {m.spec_id}: {m.matched_validators}")
        for f in m.findings[:2]:
            print(f"    {f.validator}: {(f.detail or '')[:80]}")

    _section("api_keys")
    for key in client.api_keys.list():
        print(f"  {key.key_id}  {key.name:12} {key.to_display()}  active={key.is_active}")

    _section("typed errors")
    try:
        client.runs.get("no-such-run")
    except gnosys.NotFoundError as exc:
        print(f"NotFoundError: status={exc.status_code} request_id={exc.request_id}")
    try:
        GnosysClient(api_key="sk_live_not_a_gnosys_key")
    except gnosys.AuthenticationError as exc:
        print(f"AuthenticationError at construction: {exc}")

    _section("async client")

    async def main() -> None:
        async with AsyncGnosysClient(api_key=KEY, base_url=base_url) as aclient:
            again = await aclient.runs.wait(run.run_id)
            found = await aclient.findings.list(run_id=again.run_id)
            print(f"async: run {again.status}, {len(found)} finding(s)")

    asyncio.run(main())
    client.close()


def demo_asg_gateway(base_url: str) -> None:
    """The ASG Gateway SDK reference, end to end (its quick example runs as printed)."""
    import os

    import asg_gateway
    from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient

    os.environ["ASG_API_KEY"] = ASG_KEY

    _section("the reference's quick example")
    client = ASGGatewayClient(
        api_key=os.environ["ASG_API_KEY"],
        base_url=base_url,
    )
    print(f"{client!r}  (the key itself is never printed)")
    resp = client.submit_task(
        task_type="image_classification",
        data_url="https://example.com/image.jpg",
        label_spec={"question": "Animal?", "options": ["cat", "dog"]},
    )
    task_id = resp["task_id"]
    print(f"submitted {task_id}: status={resp['status']}")
    try:
        client.get_result(task_id)
    except asg_gateway.ASGResultPendingError as exc:
        print(f"get_result right away: {exc.task_status}, retry after {exc.retry_after} s")
    result = client.poll_result(task_id, timeout=300, interval=0.2)
    print(result["consensus_label"], result["settlement"]["bsv_txid"])
    print(f"agreement {result['agreement']:.2f}, votes {result['votes']}")

    _section("submit_batch / get_task")
    batch = client.submit_batch(
        [
            {
                "task_type": "image_classification",
                "data_url": f"https://example.com/{n}.jpg",
                "label_spec": {"question": "Animal?", "options": ["cat", "dog", "bird"]},
            }
            for n in range(3)
        ],
        callback_url="https://example.com/hooks/asg",
    )
    print(f"batch {batch['batch_id']}: {batch['task_count']} tasks, {batch['status']}")
    first = client.get_task(batch["task_ids"][0])
    print(f"task {first['task_id']}: {first['status']} ({first['task_type']})")

    _section("webhooks (the secret is sent once, never returned)")
    hook = client.register_webhook(
        "https://example.com/hooks/asg",
        secret="whsec_demo_0123456789",  # noqa: S106 - a demo value for the fake
        events=["task.completed"],
    )
    print(f"registered {hook['webhook_id']}: {hook['events']} active={hook['active']}")
    print(f"listed: {[h['webhook_id'] for h in client.list_webhooks()]}")
    client.delete_webhook(hook["webhook_id"])
    print(f"after delete: {client.list_webhooks()}")

    _section("manifest batch jobs (S3 and GCS), no raw HTTP needed")
    job = client.submit_job(
        "s3://my-bucket/batch/manifest.jsonl",
        label_spec={"question": "Animal?", "options": ["cat", "dog"]},
        credentials={
            "access_key_id": "AKIAIOSFODNN7EXAMPLE",
            "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "region": "us-west-2",
        },
    )
    print(f"job {job['job_id']}: {job['status']}, {job['task_count']} tasks")
    gcs = client.submit_job(
        "gs://my-bucket/batch/manifest.jsonl",
        label_spec={"question": "Animal?", "options": ["cat", "dog"]},
        credentials={"service_account_json": '{"type": "service_account"}'},
    )
    print(f"job {gcs['job_id']}: {gcs['status']} (credentials_type={gcs.get('credentials_type')})")
    while (job := client.get_job(job["job_id"]))["status"] not in {"completed", "failed"}:
        time.sleep(0.2)
    print(f"job {job['job_id']}: {job['status']}, {job['tasks_completed']}/{job['task_count']}")
    print(f"credentials in the job: {'credentials' in job}")

    _section("typed errors (branch on status_code, or on the class)")
    try:
        client.get_task("no-such-task")
    except asg_gateway.ASGGatewayHTTPError as e:
        print(f"{type(e).__name__}: status={e.status_code} request_id={e.request_id}")
    try:
        client.poll_result(
            client.submit_task(
                "image_classification",
                "https://example.com/slow.jpg",
                {"question": "Animal?", "options": ["cat", "dog"]},
            )["task_id"],
            timeout=0.3,
            interval=0.1,
        )
    except asg_gateway.ASGGatewayError as e:
        print(f"{type(e).__name__} (a TimeoutError: {isinstance(e, TimeoutError)}): {e}")

    _section("async client")

    async def main() -> None:
        async with AsyncASGGatewayClient(ASG_KEY, base_url) as aclient:
            again = await aclient.poll_result(task_id, timeout=30, interval=0.2)
            hooks = await aclient.list_webhooks()
            print(f"async: {again['consensus_label']}, {len(hooks)} webhook(s)")

    asyncio.run(main())
    client.close()


def demo_kneo(base_url: str, fake: Any) -> None:
    """The Kneo reference page's examples, in their corrected form where the wire differs."""
    from kneo_client import KneoClient, Profile, SyncKneoClient
    from kneo_client.core.errors import (
        KneoConflictError,
        KneoError,
        KneoIdempotencyMismatchError,
        KneoRateLimited,
        KneoValidationError,
    )
    from kneo_client.core.pagination import PaginatedResult, iterate_all
    from kneo_client.core.retries import RetryPolicy
    from kneo_client.core.transport import SyncTransport

    profile = Profile(name="demo", url=base_url, api_key=fake.api_key)
    client = SyncKneoClient(profile)
    _section("profile and health")
    print(f"{profile!r}")
    print(f"{client!r}  (the key itself is never printed)")
    ready = client.platform.health.readyz()
    print(f"readyz ok={ready.ok} service={ready.service}")

    _section("runs: the page's spec_id call, then the platform's")
    try:
        client.platform.runs.create({"spec_id": "my-spec"})
    except KneoValidationError as exc:
        print(f"KneoValidationError: {exc}")
    run = client.platform.runs.create(
        {"input": "hello", "spec_path": "specs/echo.yaml", "async_mode": True}
    )
    print(f"created {run.run_id}: {run.status}")
    assert run.run_id is not None
    done = client.platform.runs.wait_for_completion(run.run_id, timeout=120, poll_interval=0.05)
    print(f"final={done.status} output={done.output_text!r}")
    for event in client.platform.runs.iter_trace(run.run_id):
        print(f"  trace {event['sequence']:2} {event['event_type']}")

    _section("human review: blocked → resume → completed")
    review = client.platform.runs.create(
        {"input": "ship it?", "spec_path": "specs/review.yaml", "async_mode": True}
    )
    assert review.run_id is not None
    paused = client.platform.runs.wait_for_completion(
        review.run_id,
        poll_interval=0.05,
        timeout=60,
        terminal_statuses={"completed", "failed", "cancelled", "paused_human_review"},
    )
    print(f"run {review.run_id}: {paused.status} (the page's paused_human_review)")
    task = next(iter(client.platform.human_tasks.iter(run_id=review.run_id, status="pending")))
    resumed = client.platform.human_tasks.resume(
        task["id"], {"decision": "approved", "request_id": task["request"]["id"]}
    )
    print(f"resumed task {task['id']}: run {resumed.status}")
    final = client.platform.runs.wait_for_completion(review.run_id, poll_interval=0.05, timeout=60)
    print(f"after the review: {final.status} output={final.output_text!r}")
    try:
        client.platform.runs.continue_(review.run_id)
    except KneoConflictError as exc:
        print(f"continue_ on a run that is not blocked: {type(exc).__name__} [{exc.code}]")
    checkpoints = client.platform.runs.checkpoints(review.run_id)
    print(f"checkpoints: {[(c['sequence'], c['type']) for c in checkpoints.checkpoints]}")
    diff = client.platform.runs.checkpoints_diff(review.run_id)
    print(f"diff: {diff.change_count} change(s)")
    flaky = client.platform.runs.create({"input": "x", "spec_path": "specs/flaky.yaml"})
    assert flaky.run_id is not None
    recovery = client.platform.runs.recovery(flaky.run_id)
    print(f"flaky run {recovery.status}; recovery from {recovery.current_node_id!r}")

    _section("audit, credentials, policies, specs")

    async def all_audit_events() -> list[dict[str, Any]]:
        async with KneoClient(profile) as aclient:

            async def fetch_page(limit: int, offset: int) -> PaginatedResult[dict[str, Any]]:
                resp = await aclient.platform.audit.list(limit=limit, offset=offset)
                return PaginatedResult(
                    items=resp.events,
                    total=getattr(resp, "total", 0) or 0,
                    limit=limit,
                    offset=offset,
                )

            return [event async for event in iterate_all(fetch_page, page_size=2)]

    events = asyncio.run(all_audit_events())
    print(f"audit (the page's iterate_all recipe, 2 a page): {[e['event_type'] for e in events]}")
    inventory = client.platform.credentials.list().inventory
    print(f"providers: { {n: e['status'] for n, e in inventory['providers'].items()} }")
    prod = client.platform.policies.environment_get("prod").policy or {}
    print(f"prod requires human review: {prod.get('require_human_review')}")
    report = client.agent.specs.policy_report(
        {"spec_path": "specs/unsafe.yaml", "environment": "prod"}
    )
    print(f"unsafe spec in prod: valid={report.valid}")
    validated = client.agent.specs.validate({"spec_path": "specs/broken.yaml"})
    print(f"broken spec: valid={validated.valid} {[d.get('code') for d in validated.diagnostics]}")

    _section("errors: a reused key, a 429, and no retries")
    key = "demo-key-1"
    client.platform.runs.create({"input": "a"}, idempotency_key=key)
    try:
        client.platform.runs.create({"input": "b"}, idempotency_key=key)
    except KneoIdempotencyMismatchError as exc:
        print(f"KneoIdempotencyMismatchError: key={exc.idempotency_key} rid={exc.request_id}")
    fake.inject_faults("POST", "/v1/runs", [429], retry_after=7)
    strict = SyncKneoClient(profile, retry_policy=RetryPolicy(max_attempts=1))
    try:
        strict.platform.runs.create({"input": "c"})
    except KneoRateLimited as exc:
        print(f"KneoRateLimited: retry_after={exc.retry_after}")
    except KneoError as exc:
        print(f"{type(exc).__name__}: {exc}")

    _section("SyncTransport: the raw escape hatch")
    with SyncTransport(profile) as transport:
        print(transport.request("GET", "/v1/healthz").json())
    strict.close()
    client.close()


def demo_keystone(base_url: str, folder: Path) -> None:
    """The Keystone reference page's examples (not the tracing, scorer or pricing parts)."""
    from polarity_keystone import Keystone, Score, Scorer
    from polarity_keystone.types import KeystoneError

    ks = Keystone("ks_live_demo0123456789", base_url=base_url)
    _section("client and sandbox")
    print(f"{ks!r}  (the key itself is never printed)")
    print(f"health: {ks.health()}")
    spec_file = folder / "fix-failing-test.yaml"
    spec_file.write_text("id: fix-failing-test\nsecrets:\n  - name: DEMO_TOKEN\n", encoding="utf-8")
    os.environ["DEMO_TOKEN"] = "demo-value"  # noqa: S105 -- a made-up value the spec forwards
    sb = ks.sandboxes.create(
        spec_id="fix-failing-test",
        timeout="10m",
        spec_path=str(spec_file),
        metadata={"run": "demo"},
    )
    print(f"sandbox {sb.id}: {sb.state}, services {sorted(sb.services)}")
    result = ks.sandboxes.run_command(sb.id, "npm test", timeout="2m")
    print(f"npm test → exit {result.exit_code}")
    ks.sandboxes.write_file(sb.id, "notes/a file #1.txt", "hello")
    print(f"read back: {ks.sandboxes.read_file(sb.id, 'notes/a file #1.txt')!r}")
    print(f"diff: {ks.sandboxes.diff(sb.id)}")
    os.environ["KEYSTONE_SANDBOX_ID"] = sb.id
    os.environ.setdefault("KEYSTONE_API_KEY", "ks_live_demo0123456789")
    os.environ["KEYSTONE_BASE_URL"] = base_url
    _, inside = Keystone.from_sandbox()
    print(f"from_sandbox: {[(n, s.port, s.ready) for n, s in inside.services.items()]}")

    _section("experiments with a client-side scorer")

    @Scorer
    def short_output(scenario: Any) -> Score:
        words = len((scenario.agent_output or "").split())
        return Score(name="short_output", score=float(words < 100), passed=words < 100)

    exp = ks.experiments.create(name="baseline-v1", spec_id="fix-failing-test")
    results = ks.experiments.run_and_wait(
        exp.id, poll_interval=0.05, timeout=60, scores=[short_output]
    )
    print(f"{results.passed}/{results.total_scenarios} passed, {results.failed} failed")
    for scenario in results.scenarios:
        checks = [i.name for i in scenario.invariants]
        print(f"  {scenario.scenario_id:14} {scenario.status:6} {checks}")

    _section("agents, datasets, scoring, export")
    agent_dir = folder / "agent"
    (agent_dir / ".git").mkdir(parents=True, exist_ok=True)
    (agent_dir / "main.py").write_text("print('hi')\n", "utf-8")
    (agent_dir / ".env").write_text("SECRET=never-uploaded\n", "utf-8")
    (agent_dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    snap = ks.agents.upload(
        name="email-agent", path=str(agent_dir), entrypoint=["python", "main.py"], tag="v1"
    )
    print(f"agent {snap.name} v{snap.version} ({snap.id})")
    items, cursor = ks.agents.list(limit=50)
    print(f"agents: {[a.name for a in items]} next={cursor}")
    ds = ks.datasets.create("customer-emails", "Renewal scenarios")
    ks.datasets.add_records(ds.id, [{"input": {"id": "alice"}, "tags": ["pro"]}])
    print(f"dataset records: {len(ks.datasets.get_records(ds.id, tags=['pro']))}")
    rule = ks.scoring.create_rule("factuality", "llm_as_judge", {"model": "paragon-fast"})
    ks.scoring.score_experiment(exp.id, [rule.id])
    print(f"rule {rule.id}; scores so far: {len(ks.scoring.get_scores(exp.id))}")
    failed = [s.scenario_id for s in ks.export.scenarios(experiment_id=exp.id, status="fail")]
    print(f"exported failing scenarios: {failed}")
    print(f"ndjson bundle: {len(ks.export.experiment(exp.id, format='ndjson').splitlines())} lines")

    _section("errors")
    try:
        ks.sandboxes.create(spec_id="missing")
    except KeystoneError as err:
        print(f"{type(err).__name__}: status={err.status_code} message={err.message!r}")
    ks.sandboxes.destroy(sb.id)
    ks.close()


def _scripted_llm() -> Any:
    """An OpenAI-compatible chat endpoint in-process: first a tool call, then the answer.

    (The openai package sends through httpx2, so this is an httpx2 transport.)
    """
    import httpx2

    turns = {"n": 0}

    def answer(request: httpx2.Request) -> httpx2.Response:
        turns["n"] += 1
        usage = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
        if turns["n"] % 2 == 1:
            call = {
                "id": f"call_{turns['n']}",
                "type": "function",
                "function": {"name": "lookup_order", "arguments": '{"order_id": "A-17"}'},
            }
            message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": "Order A-17 ships on Friday."}
            finish = "stop"
        body = {
            "id": f"chatcmpl-{turns['n']}",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": usage,
        }
        return httpx2.Response(200, json=body)

    return httpx2.MockTransport(answer)


def _print_tree(events: list[dict[str, Any]]) -> None:
    """Print reported spans as a tree (parents before children, in start order)."""
    spans: dict[str, dict[str, Any]] = {}
    for event in events:
        span = spans.setdefault(event["span_id"], {"children": []})
        if event.get("phase") in {"start", "complete", "invoked"} or "tool" not in span:
            span.update(event)
        if event.get("phase") in {"end", "complete", "invoked"}:
            span["duration_ms"] = event.get("duration_ms", 0)
            span["status"] = event.get("status", "ok")
            if isinstance(event.get("cost"), dict):
                span["cost"] = event["cost"]
    roots: list[str] = []
    for span_id, span in spans.items():
        parent = spans.get(span.get("parent_span_id") or "")
        (parent["children"] if parent else roots).append(span_id)

    def show(span_id: str, depth: int) -> None:
        span = spans[span_id]
        cost = span.get("cost") or {}
        usage = (
            f"  {cost.get('input_tokens', 0)}+{cost.get('output_tokens', 0)} tokens"
            f" ${cost.get('estimated_usd', 0):.6f}"
            if cost
            else ""
        )
        print(f"  {'  ' * depth}{span['event_type']:9} {span['tool']}  [{span['status']}]{usage}")
        for child in span["children"]:
            show(child, depth + 1)

    for root in roots:
        show(root, 0)


def demo_keystone_tracing(base_url: str) -> None:
    """The Keystone page's client side: @traced, ks.wrap(openai), Eval with judges, pricing."""
    import httpx2
    import openai
    from polarity_keystone import (
        AnswerRelevancy,
        Eval,
        Factuality,
        Keystone,
        estimate_cost,
        flush,
        pricing_table,
        traced,
    )

    ks = Keystone("ks_live_demo0123456789", base_url=base_url)
    sb = ks.sandboxes.create(spec_id="fix-failing-test")
    _section("tracing an agent loop (@traced + ks.wrap(OpenAI()))")
    ks.init_tracing(sb.id)
    llm = ks.wrap(
        openai.OpenAI(api_key="sk-demo", http_client=httpx2.Client(transport=_scripted_llm())),
        sandbox_id=sb.id,
        auto_instrument=False,
    )

    @traced
    def lookup_order(order_id: str) -> dict[str, str]:
        return {"order_id": order_id, "ships": "Friday"}

    @traced(name="support-agent")
    def agent(question: str) -> str:
        messages: list[Any] = [{"role": "user", "content": question}]
        tools: Any = [{"type": "function", "function": {"name": "lookup_order", "parameters": {}}}]
        while True:
            reply = llm.chat.completions.create(
                model="gpt-4o-mini", messages=messages, tools=tools
            ).choices[0]
            if not reply.message.tool_calls:
                return reply.message.content or ""
            messages.append(reply.message.model_dump(exclude_none=True))
            for call in reply.message.tool_calls:
                assert call.type == "function"
                result = lookup_order(**json.loads(call.function.arguments))
                messages.append(
                    {"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)}
                )

    print(f"agent answered: {agent('When does order A-17 ship?')!r}")
    flush()
    trace = ks.sandboxes.get_trace(sb.id)
    print(f"the service received {trace['metrics']['event_count']} events:")
    _print_tree(trace["events"])

    _section("Eval with LLM judges (the fake's judge, through this client's base_url)")
    os.environ["KEYSTONE_BASE_URL"] = base_url
    result = Eval(
        "email-eval",
        data=[
            {"input": "What is the capital of France?", "expected": "Paris is the capital"},
            {"input": "Who wrote Hamlet?", "expected": "William Shakespeare wrote Hamlet"},
        ],
        task=lambda q: "Paris is the capital" if "France" in q else "Charles Dickens",
        scores=[Factuality(), AnswerRelevancy()],
        max_concurrency=4,
    )
    for name, summary in result.summary.items():
        print(f"  {name:18} {summary}")

    _section("pricing")
    cost = estimate_cost("claude-sonnet-4-5", 4200, 1800, 1500)
    print(f"estimate_cost('claude-sonnet-4-5', 4200, 1800, 1500) = ${cost:.6f}")
    pricing_table["my-custom-model"] = {"input": 1.0, "output": 5.0}
    custom = estimate_cost("my-custom-model", 1_000_000, 1_000_000)
    print(f"my-custom-model, 1M tokens in and 1M out: ${custom:.2f}")
    ks.sandboxes.destroy(sb.id)
    ks.close()


def main() -> int:
    """Run every service's demo against its fake."""
    # The fakes users get (`<sdk>.testing`), served on loopback and following wall time.
    from asg_gateway.testing import FakeASGGateway
    from gnosys.testing import FakeGnosys

    gnosys_fake = FakeGnosys(clock="wall", step_seconds=0.02)
    with tempfile.TemporaryDirectory() as tmp, gnosys_fake.serve() as base_url:
        print(f"Gnosys fake on {base_url}")
        demo_gnosys(base_url, Path(tmp))
    asg_fake = FakeASGGateway(clock="wall", labeling_seconds=1.0, job_step_seconds=0.1)
    with asg_fake.serve() as base_url:
        print(f"\nASG Gateway fake on {base_url}")
        demo_asg_gateway(base_url)
    from kneo_client.testing import FakeKneo

    kneo_fake = FakeKneo(clock="wall", queue_seconds=0.05, step_seconds=0.05)
    with kneo_fake.serve() as base_url:
        print(f"\nKneo Agent Platform fake on {base_url}")
        demo_kneo(base_url, kneo_fake)
    from polarity_keystone.testing import FakeKeystone

    keystone_fake = FakeKeystone(clock="wall", api_keys=None, scenario_seconds=0.05)
    with tempfile.TemporaryDirectory() as tmp, keystone_fake.serve() as base_url:
        print(f"\nPolarity Keystone fake on {base_url}")
        demo_keystone(base_url, Path(tmp))
        demo_keystone_tracing(base_url)
    print("\ndemo finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
