"""The files a Gnosys run hands out: its model card (HTML) and its packaged submission.

Pure functions of a run's plan (:mod:`gnosys.testing._fake` keeps the state), so the same run
always renders the same bytes.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import tarfile
from typing import TYPE_CHECKING

from sdk_core.fakes import iso as _iso

if TYPE_CHECKING:
    from gnosys.testing._fake import _Run, _Spec

__all__ = ["main_py", "model_card", "tarball", "tarball_members"]


def model_card(run: _Run) -> str:
    """A self-contained HTML page: data, best score per iteration (SVG), kept specs, findings."""
    iterations = [outcome for _, outcome in run.plan.iterations]
    best_by_iter = []
    for outcome in iterations:
        scores = [s.score for s in run.plan.specs if s.iteration == outcome["iteration"]]
        best_by_iter.append(max(scores) if scores else 0.0)
    width, height, pad = 480, 200, 30
    bar = (width - 2 * pad) / max(len(best_by_iter), 1)
    bars = []
    for i, score in enumerate(best_by_iter):
        h = (height - 2 * pad) * score
        x = pad + i * bar + 4
        y = height - pad - h
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar - 8, 2):.1f}" height="{h:.1f}" '
            f'fill="#3b6ea5"><title>iteration {i + 1}: {score:.3f}</title></rect>'
            f'<text x="{x + (bar - 8) / 2:.1f}" y="{height - pad + 14}" font-size="10" '
            f'text-anchor="middle">{i + 1}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Best score per iteration">'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#333"/>{"".join(bars)}</svg>'
    )
    rows = "".join(
        f"<tr><td>{o['iteration']}</td><td>{o['n_proposed']}</td>"
        f"<td>{html.escape(str(o['best_tier_in_iter']))}</td>"
        f"<td>{html.escape(json.dumps(o['tier_counts'], sort_keys=True))}</td>"
        f"<td>{html.escape(str(o['stop_reason'] or ''))}</td></tr>"
        for o in iterations
    )
    kept = "".join(
        f"<li><code>{html.escape(s.spec_id)}</code> ({html.escape(s.model_family)}, "
        f"score {s.score:.3f}, tier {s.tier})</li>"
        for s in run.kept[:10]
    )
    severities: dict[str, int] = {}
    for finding in run.plan.findings:
        severities[finding.severity] = severities.get(finding.severity, 0) + 1
    findings = ", ".join(f"{html.escape(k)}: {v}" for k, v in sorted(severities.items()))
    dataset = run.plan.dataset
    data_line = (
        f"{html.escape(dataset.name)} (<code>{html.escape(dataset.dataset_id)}</code>, "
        f"{dataset.n_rows} rows, target <code>{html.escape(dataset.target_column)}</code>)"
        if dataset is not None
        else "none"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Model card: run {html.escape(run.run_id)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 56rem; }}
h1 {{ font-size: 1.4rem; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }}
.meta {{ color: #555; }}
</style></head><body>
<h1>Model card &mdash; run <code>{html.escape(run.run_id)}</code></h1>
<p class="meta">Domain {html.escape(run.domain)} &middot; strategist
{html.escape(str(run.strategist))} &middot; pipeline
<code>{html.escape(run.pipeline_run_id)}</code> &middot; completed
{_iso(run.created_at + run.plan.end)} &middot; stop reason
{html.escape(str(run.plan.stop_reason))}</p>
<h2>Data</h2><p>{data_line}</p>
<h2>Best score per iteration</h2>{svg}
<h2>Iterations</h2>
<table><tr><th>#</th><th>proposed</th><th>best tier</th><th>tiers</th><th>stop</th></tr>
{rows}</table>
<h2>Kept specs</h2><ul>{kept or "<li>none</li>"}</ul>
<h2>Validation findings</h2><p>{findings or "none"}</p>
<p class="meta">Probabilities are MCGrad-calibrated.</p>
</body></html>
"""


def main_py(run: _Run, top: _Spec) -> str:
    """The ``main.py`` of a submission: the top kept spec, ready to train."""
    spec = json.dumps(
        {
            "spec_id": top.spec_id,
            "model_family": top.model_family,
            "hyperparameters": top.hyperparameters,
        },
        indent=4,
        sort_keys=True,
        default=str,
    )
    return f'''"""Gnosys submission for run {run.run_id}: the top kept spec, {top.spec_id}."""

import json
import sys

SPEC = json.loads(r"""{spec}""")


def main() -> None:
    print(f"training {{SPEC['model_family']}} with {{SPEC['hyperparameters']}}", file=sys.stderr)


if __name__ == "__main__":
    main()
'''


def tarball_members(run: _Run, top: _Spec) -> list[str]:
    """The names of the files :func:`tarball` packs, in order."""
    return list(_tarball_files(run, top))


def _tarball_files(run: _Run, top: _Spec) -> dict[str, bytes]:
    return {
        "submission/main.py": main_py(run, top).encode(),
        "submission/spec.json": json.dumps(
            {"run_id": run.run_id, "spec_id": top.spec_id, "score": top.score},
            indent=2,
            sort_keys=True,
        ).encode(),
        "submission/README.md": f"Top kept spec {top.spec_id} of run {run.run_id}.\n".encode(),
    }


def tarball(run: _Run, top: _Spec) -> bytes:
    """A strategy run's submission: a reproducible ``.tar.gz`` of main.py, spec.json, README."""
    mtime = int(run.created_at + run.plan.end)
    files = _tarball_files(run, top)
    buffer = io.BytesIO()
    # gzip with mtime=0 and fixed tar mtimes, so the same run always packages the same bytes.
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz,
        tarfile.open(fileobj=gz, mode="w") as tar,
    ):
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
