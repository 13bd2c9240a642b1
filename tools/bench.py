"""Benchmarks, reported as ratios against plain httpx measured in the same run.

``python -m tools.bench [--calls N] [--upload-mb MB]`` prints:

* cold import: ``import gnosys`` / ``import asg_gateway`` / ``import kneo_client`` and
  importing each client vs
  ``import httpx`` (fresh interpreters, median of several);
* for each service, one wrapped call vs the same request made with plain httpx and
  ``response.json()``, sync and async, against its local fake served from another process (so
  the server doesn't share our GIL), median per-call time over interleaved rounds;
* iterating 10,000 exported Keystone spans through ``ks.export.spans()`` vs a plain httpx
  cursor loop;
* walking 10,000 Kneo audit events through ``iterate_all`` (async) and ``audit.iter()`` (sync),
  1000 a page, vs the same paging loop written with plain httpx;
* peak memory growth while uploading a large file through ``datasets.upload`` (and, for
  reference, through plain httpx multipart);
* regeneration with nothing changed, and the drift check.

Numbers are never asserted: DESIGN.md's targets are printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tools.fakes import serve_in_subprocess
from tools.pins import REPO_ROOT

__all__ = ["main"]

KEY = "gn_live_benchmark"
ASG_KEY = "sk_sandbox_benchmark"


def _median_import_seconds(statement: str, runs: int, python: str = sys.executable) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    # As a user's interpreter imports: from cached bytecode. With PYTHONDONTWRITEBYTECODE set
    # (as on CI machines) every import would recompile its sources and time the compiler.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([python, "-c", statement], check=True, cwd=REPO_ROOT, env=env)
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [python, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
            env=env,
        )
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples)


def _clean_venv(where: Path) -> str:
    """A fresh venv holding only the SDK wheels built from the repository and their deps."""
    from uv import find_uv_bin

    uv = find_uv_bin()
    dist = where / "dist"
    for project in (
        "wrappers/gnosys",
        "wrappers/asg_gateway",
        "wrappers/kneo",
        "wrappers/keystone",
    ):
        subprocess.run(
            [uv, "build", "--wheel", "--quiet", "--out-dir", str(dist), project],
            check=True,
            cwd=REPO_ROOT,
        )
    venv = where / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = str(venv / "bin" / "python")
    wheels = [str(w) for w in dist.glob("*.whl")]
    subprocess.run([uv, "pip", "install", "--quiet", "--python", python, *wheels], check=True)
    return python


def _interleaved(
    rounds: int, calls: int, contenders: dict[str, Callable[[], Any]]
) -> dict[str, float]:
    per_call: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            per_call[name].append((time.perf_counter() - start) / calls)
    return {name: statistics.median(samples) for name, samples in per_call.items()}


@dataclass(frozen=True, slots=True)
class CallTarget:
    """One SDK read call and the same request made with plain httpx, against a ready fake.

    Attributes:
        headers: what plain httpx sends (the credential).
        path: the request plain httpx makes.
        sdk_call: makes the call through the sync SDK.
        async_sdk: builds an async SDK client and returns (call, close).

    """

    headers: dict[str, str]
    path: str
    sdk_call: Callable[[], Any]
    async_sdk: Callable[
        [httpx.Limits | None], tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]
    ]


def gnosys_target(base_url: str) -> CallTarget:
    """``runs.get`` of a run created for the purpose."""
    from gnosys import AsyncGnosysClient, GnosysClient

    sdk = GnosysClient(KEY, base_url=base_url)
    run_id = sdk.runs.create(domain="tabular", strategist="fixed", specs=[{"m": 1}]).run_id

    def async_sdk(
        limits: httpx.Limits | None = None,
    ) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        pool = httpx.AsyncClient(limits=limits) if limits else None
        client = AsyncGnosysClient(KEY, base_url=base_url, http_client=pool)

        async def close() -> None:
            await client.close()
            if pool is not None:
                await pool.aclose()

        return (lambda: client.runs.get(run_id)), close

    return CallTarget(
        {"Authorization": f"Bearer {KEY}"},
        f"/v1/runs/{run_id}",
        lambda: sdk.runs.get(run_id),
        async_sdk,
    )


def asg_gateway_target(base_url: str) -> CallTarget:
    """``get_result`` of a task that has reached consensus (the reference example's read)."""
    from asg_gateway import ASGGatewayClient, AsyncASGGatewayClient

    sdk = ASGGatewayClient(ASG_KEY, base_url=base_url)
    task_id = sdk.submit_task(
        "image_classification",
        "https://example.com/image.jpg",
        {"question": "Animal?", "options": ["cat", "dog"]},
    )["task_id"]
    sdk.poll_result(task_id, timeout=30, interval=0.05)

    def async_sdk(
        limits: httpx.Limits | None = None,
    ) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        client = AsyncASGGatewayClient(ASG_KEY, base_url=base_url)
        return (lambda: client.get_result(task_id)), client.close

    return CallTarget(
        {"Authorization": f"Bearer {ASG_KEY}"},
        f"/v1/tasks/{task_id}/result",
        lambda: sdk.get_result(task_id),
        async_sdk,
    )


KNEO_KEY = "kneo-benchmark-key"


def kneo_target(base_url: str) -> CallTarget:
    """``platform.runs.get`` of a run that completed (``specs/echo.yaml``)."""
    from kneo_client import KneoClient, Profile, SyncKneoClient

    profile = Profile(name="bench", url=base_url, api_key=KNEO_KEY)
    sdk = SyncKneoClient(profile)
    run_id = sdk.platform.runs.create({"input": "hello", "spec_path": "specs/echo.yaml"}).run_id
    assert run_id is not None

    def async_sdk(
        limits: httpx.Limits | None = None,
    ) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        pool = httpx.AsyncClient(base_url=base_url, limits=limits) if limits else None
        client = KneoClient(profile, http_client=pool)

        async def close() -> None:
            await client.aclose()
            if pool is not None:
                await pool.aclose()

        return (lambda: client.platform.runs.get(run_id)), close

    return CallTarget(
        {"Authorization": f"Bearer {KNEO_KEY}"},
        f"/v1/runs/{run_id}",
        lambda: sdk.platform.runs.get(run_id),
        async_sdk,
    )


def bench_audit_walk(base_url: str, events: int, rounds: int = 5) -> dict[str, float]:
    """Seconds to walk the fake's audit log (``events`` seeded, and what the other benchmarks
    wrote), 1000 a page: plain httpx vs ``iterate_all`` / ``audit.iter()``.
    """
    from kneo_client import KneoClient, Profile, SyncKneoClient
    from kneo_client.core.pagination import iterate_all

    profile = Profile(name="bench", url=base_url, api_key=KNEO_KEY)
    headers = {"Authorization": f"Bearer {KNEO_KEY}"}
    size = 1000

    def plain_sync(http: httpx.Client) -> int:
        seen, offset = 0, 0
        while True:
            page = http.get("/v1/audit-events", params={"limit": size, "offset": offset}).json()
            count = int(page["count"])
            seen += count
            offset += count
            if count < size:
                return seen

    async def plain_async(http: httpx.AsyncClient) -> int:
        seen, offset = 0, 0
        while True:
            response = await http.get("/v1/audit-events", params={"limit": size, "offset": offset})
            count = int(response.json()["count"])
            seen += count
            offset += count
            if count < size:
                return seen

    samples: dict[str, list[float]] = {
        k: [] for k in ("httpx_sync", "sdk_sync", "httpx_async", "sdk_async")
    }
    plain = httpx.Client(base_url=base_url, headers=headers)
    sdk = SyncKneoClient(profile)
    total = plain_sync(plain)
    assert total >= events, f"the fake holds {total} audit events, fewer than {events}"

    async def run_async() -> None:
        aplain = httpx.AsyncClient(base_url=base_url, headers=headers)
        client = KneoClient(profile)

        async def sdk_walk() -> int:
            pages = iterate_all(
                lambda limit, offset: client.platform.audit.list(limit=limit, offset=offset),
                page_size=size,
            )
            return sum([1 async for _ in pages])

        for _ in range(rounds + 1):  # the first round warms both
            start = time.perf_counter()
            assert await plain_async(aplain) == total
            samples["httpx_async"].append(time.perf_counter() - start)
            start = time.perf_counter()
            assert await sdk_walk() == total
            samples["sdk_async"].append(time.perf_counter() - start)
        await aplain.aclose()
        await client.aclose()

    for _ in range(rounds + 1):
        start = time.perf_counter()
        assert plain_sync(plain) == total
        samples["httpx_sync"].append(time.perf_counter() - start)
        start = time.perf_counter()
        assert sum(1 for _ in sdk.platform.audit.iter(page_size=size)) == total
        samples["sdk_sync"].append(time.perf_counter() - start)
    asyncio.run(run_async())
    plain.close()
    sdk.close()
    return {name: statistics.median(values[1:]) for name, values in samples.items()}


KEYSTONE_KEY = "ks_live_benchmark0123456789"


def keystone_target(base_url: str) -> CallTarget:
    """``sandboxes.get`` of a running sandbox."""
    from polarity_keystone import AsyncKeystone, Keystone

    sdk = Keystone(KEYSTONE_KEY, base_url=base_url)
    sandbox_id = sdk.sandboxes.create(spec_id="hello-world").id

    def async_sdk(
        limits: httpx.Limits | None = None,
    ) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        pool = httpx.AsyncClient(limits=limits) if limits else None
        client = AsyncKeystone(KEYSTONE_KEY, base_url=base_url, http_client=pool)

        async def close() -> None:
            await client.close()
            if pool is not None:
                await pool.aclose()

        return (lambda: client.sandboxes.get(sandbox_id)), close

    return CallTarget(
        {"Authorization": f"Bearer {KEYSTONE_KEY}"},
        f"/v1/sandboxes/{sandbox_id}",
        lambda: sdk.sandboxes.get(sandbox_id),
        async_sdk,
    )


def bench_span_export(base_url: str, spans: int, rounds: int = 5) -> dict[str, float]:
    """Seconds to iterate the fake's exported spans (``spans`` seeded), 1000 a page: plain
    httpx following ``next_cursor`` vs ``ks.export.spans()``.
    """
    from polarity_keystone import Keystone

    headers = {"Authorization": f"Bearer {KEYSTONE_KEY}"}
    size = 1000

    def plain(http: httpx.Client) -> int:
        seen, cursor = 0, None
        while True:
            params: dict[str, Any] = {"limit": size}
            if cursor:
                params["cursor"] = cursor
            page = http.get("/v1/spans", params=params).json()
            seen += len(page["items"])
            cursor = page.get("next_cursor")
            if not cursor or not page["items"]:
                return seen

    http = httpx.Client(base_url=base_url, headers=headers)
    sdk = Keystone(KEYSTONE_KEY, base_url=base_url)
    total = plain(http)
    assert total >= spans, f"the fake holds {total} spans, fewer than {spans}"
    samples: dict[str, list[float]] = {"httpx_sync": [], "sdk_sync": []}
    for _ in range(rounds + 1):  # the first round warms both
        start = time.perf_counter()
        assert plain(http) == total
        samples["httpx_sync"].append(time.perf_counter() - start)
        start = time.perf_counter()
        assert sum(1 for _ in sdk.export.spans(limit=size)) == total
        samples["sdk_sync"].append(time.perf_counter() - start)
    http.close()
    sdk.close()
    return {name: statistics.median(values[1:]) for name, values in samples.items()}


def bench_calls(base_url: str, calls: int, target: CallTarget) -> dict[str, float]:
    """Median seconds per call: plain httpx vs the SDK, sync and async."""
    path = target.path
    plain = httpx.Client(base_url=base_url, headers=target.headers)
    for _ in range(50):  # warm both connection pools and lazy imports
        plain.get(path).json()
        target.sdk_call()
    result = _interleaved(
        7, calls, {"httpx_sync": lambda: plain.get(path).json(), "sdk_sync": target.sdk_call}
    )

    async def run_async() -> dict[str, float]:
        aplain = httpx.AsyncClient(base_url=base_url, headers=target.headers)
        sdk_call, sdk_close = target.async_sdk(None)
        for _ in range(50):
            (await aplain.get(path)).json()
            await sdk_call()
        samples: dict[str, list[float]] = {"httpx_async": [], "sdk_async": []}
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(calls):
                (await aplain.get(path)).json()
            samples["httpx_async"].append((time.perf_counter() - start) / calls)
            start = time.perf_counter()
            for _ in range(calls):
                await sdk_call()
            samples["sdk_async"].append((time.perf_counter() - start) / calls)
        await aplain.aclose()
        await sdk_close()
        return {k: statistics.median(v) for k, v in samples.items()}

    result.update(asyncio.run(run_async()))
    return result


def bench_concurrency(
    base_url: str, target: CallTarget, *, width: int, rounds: int
) -> dict[str, float]:
    """Calls per second with ``width`` concurrent async calls: plain httpx vs the SDK.

    Both use one client (so one connection pool, sized to ``width``) and ``asyncio.gather``;
    rounds are interleaved so drift on the machine hits both alike.
    """
    limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)

    async def run() -> dict[str, float]:
        aplain = httpx.AsyncClient(base_url=base_url, headers=target.headers, limits=limits)
        sdk_call, sdk_close = target.async_sdk(limits)
        path = target.path

        async def plain_call() -> Any:
            return (await aplain.get(path)).json()

        contenders = {"httpx_async": plain_call, "sdk_async": sdk_call}
        for call in contenders.values():  # open every connection before timing
            await asyncio.gather(*(call() for _ in range(width)))
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, call in contenders.items():
                start = time.perf_counter()
                await asyncio.gather(*(call() for _ in range(width)))
                samples[name].append(width / (time.perf_counter() - start))
        await aplain.aclose()
        await sdk_close()
        return {name: statistics.median(v) for name, v in samples.items()}

    return asyncio.run(run())


def _print_calls(service: str, calls: dict[str, float]) -> None:
    print(f"\none {service} call against its local fake (median per call)   target ≤ 1.1× httpx")
    for flavour in ("sync", "async"):
        sdk, plain = calls[f"sdk_{flavour}"], calls[f"httpx_{flavour}"]
        print(
            f"  {flavour:5}  httpx {plain * 1e6:7.0f} µs   sdk {sdk * 1e6:7.0f} µs   "
            f"{sdk / plain:.2f}× httpx"
        )


_UPLOAD_SCRIPT = """
import json, resource, sys
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
mode, base_url, path = sys.argv[1:4]
import httpx
from gnosys import GnosysClient
client = GnosysClient("gn_live_benchmark", base_url=base_url, timeout=600)
plain = httpx.Client(base_url=base_url, timeout=600,
                     headers={"Authorization": "Bearer gn_live_benchmark"})
import gnosys.models, _gnosys_openapi.api.datasets.upload_dataset  # imports before the baseline
before = rss_mb()
if mode == "sdk":
    ds = client.datasets.upload(path, name="big", task="classification", target_column="y")
    rows = ds.n_rows
else:
    with open(path, "rb") as fh:
        r = plain.post("/v1/datasets", files={"file": ("big.csv", fh, "text/csv")},
                       data={"name": "big", "task": "classification", "target_column": "y"})
    r.raise_for_status()
    rows = r.json()["n_rows"]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"growth_mb": peak - before, "rows": rows}))
"""


def bench_upload(base_url: str, size_mb: int) -> dict[str, float]:
    """Peak RSS growth (MB) while uploading a ``size_mb`` CSV, SDK vs plain httpx."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        row = b"1.25,2.5,3.75,4.125,0\n"
        with path.open("wb") as fh:
            fh.write(b"x1,x2,x3,x4,y\n")
            block = row * (1024 * 1024 // len(row))
            for _ in range(size_mb):
                fh.write(block)
        for mode in ("sdk", "httpx"):
            proc = subprocess.run(
                [sys.executable, "-c", _UPLOAD_SCRIPT, mode, base_url, str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO_ROOT,
            )
            out[mode] = json.loads(proc.stdout)["growth_mb"]
    return out


def bench_regen() -> dict[str, float]:
    """Seconds for a no-op regeneration and for the drift check."""
    out = {}
    for name, args in (("regen_noop", []), ("drift_check", ["--check"])):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tools.regen", *args],
            check=True,
            capture_output=True,
            cwd=REPO_ROOT,
        )
        out[name] = time.perf_counter() - start
    return out


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print the ratios."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench")
    parser.add_argument("--calls", type=int, default=200, help="calls per timed round")
    parser.add_argument("--imports", type=int, default=15, help="fresh interpreters per import")
    parser.add_argument("--upload-mb", type=int, default=256)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {}
    statements = {
        "httpx": "import httpx",
        "gnosys": "import gnosys",
        "gnosys_client": "from gnosys import GnosysClient",
        "asg_gateway": "import asg_gateway",
        "asg_gateway_client": "from asg_gateway import ASGGatewayClient",
        "kneo_client": "import kneo_client",
        "kneo_client_client": "from kneo_client import KneoClient",
        "polarity_keystone": "import polarity_keystone",
        "polarity_keystone_client": "from polarity_keystone import Keystone",
    }
    with tempfile.TemporaryDirectory() as tmp:
        # As users get them: the wheels alone in a fresh venv (the development venv also holds
        # rich and click, which `import httpx` then loads for its command line).
        python = _clean_venv(Path(tmp))
        imports = {
            k: _median_import_seconds(v, args.imports, python) for k, v in statements.items()
        }
    results["import_s"] = imports
    print("cold import in a clean venv (median of fresh interpreters)   target ≤ 1.15× httpx")
    print(f"  {'import httpx':42} {imports['httpx'] * 1000:7.1f} ms")
    for name, label in statements.items():
        if name == "httpx":
            continue
        print(
            f"  {label:42} {imports[name] * 1000:7.1f} ms   "
            f"{imports[name] / imports['httpx']:.2f}× httpx"
        )

    max_bytes = str((args.upload_mb + 64) * 2**20)
    with serve_in_subprocess("gnosys", env={"GNOSYS_DATASET_MAX_BYTES": max_bytes}) as base_url:
        calls = bench_calls(base_url, args.calls, gnosys_target(base_url))
        results["call_s"] = {"gnosys": calls}
        _print_calls("gnosys", calls)
        concurrent = bench_concurrency(base_url, gnosys_target(base_url), width=100, rounds=15)
        results["concurrent_calls_per_s"] = concurrent
        ratio = concurrent["sdk_async"] / concurrent["httpx_async"]
        print("\n100 concurrent async gnosys calls (median throughput)   target ≥ 0.9× httpx")
        print(
            f"  httpx {concurrent['httpx_async']:7.0f} calls/s   sdk "
            f"{concurrent['sdk_async']:7.0f} calls/s   {ratio:.2f}× httpx"
        )
        upload = bench_upload(base_url, args.upload_mb)
        results["upload_growth_mb"] = upload
        print(f"\nupload of a {args.upload_mb} MB file: peak memory growth   target < 16 MB")
        print(f"  sdk   {upload['sdk']:7.1f} MB")
        print(f"  httpx {upload['httpx']:7.1f} MB   (plain httpx multipart, for reference)")

    with serve_in_subprocess("asg_gateway", args=["--labeling-seconds", "0.05"]) as base_url:
        calls = bench_calls(base_url, args.calls, asg_gateway_target(base_url))
        results["call_s"]["asg_gateway"] = calls
        _print_calls("asg_gateway", calls)

    audit_events = 10_000
    kneo_args = ["--audit-events", str(audit_events), "--any-key"]
    with serve_in_subprocess("kneo", args=kneo_args) as base_url:
        calls = bench_calls(base_url, args.calls, kneo_target(base_url))
        results["call_s"]["kneo"] = calls
        _print_calls("kneo", calls)
        walk = bench_audit_walk(base_url, audit_events)
        results["kneo_audit_walk_s"] = walk
        print(f"\nwalking {audit_events:,} kneo audit events, 1000 a page (median)")
        for flavour in ("sync", "async"):
            sdk, plain = walk[f"sdk_{flavour}"], walk[f"httpx_{flavour}"]
            print(
                f"  {flavour:5}  httpx {plain * 1e3:7.1f} ms   sdk {sdk * 1e3:7.1f} ms   "
                f"{sdk / plain:.2f}× httpx"
            )

    spans = 10_000
    with serve_in_subprocess("keystone", args=["--spans", str(spans), "--any-key"]) as base_url:
        calls = bench_calls(base_url, args.calls, keystone_target(base_url))
        results["call_s"]["keystone"] = calls
        _print_calls("keystone", calls)
        export = bench_span_export(base_url, spans)
        results["keystone_span_export_s"] = export
        print(f"\niterating {spans:,} exported keystone spans, 1000 a page (median)")
        sdk, plain = export["sdk_sync"], export["httpx_sync"]
        print(
            f"  sync   httpx {plain * 1e3:7.1f} ms   sdk {sdk * 1e3:7.1f} ms   "
            f"{sdk / plain:.2f}× httpx"
        )

    from tools.bench_eval import bench_eval
    from tools.bench_eval import report as report_eval
    from tools.bench_tracing import bench_tracing
    from tools.bench_tracing import report as report_tracing

    print()
    tracing = bench_tracing()
    results["keystone_tracing"] = tracing
    report_tracing(tracing)
    print()
    eval_rows = 2000
    evaluation = bench_eval(eval_rows)
    results["keystone_eval_us"] = evaluation
    report_eval(evaluation, eval_rows)

    regen = bench_regen()
    results["regen_s"] = regen
    print("\nregeneration                              target < 0.5 s no-op, < 5 s drift")
    print(f"  no-op regen  {regen['regen_noop']:.2f} s")
    print(f"  drift check  {regen['drift_check']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
