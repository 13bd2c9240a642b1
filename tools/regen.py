"""Regenerate ``generated/<service>/`` from its pin, and detect drift.

``python -m tools.regen``            regenerate every service whose pin changed (skips the rest)
``python -m tools.regen --force``    regenerate every service
``python -m tools.regen --check``    regenerate into a temporary place and fail, naming the
                                     files, if ``generated/`` differs in any way (the drift check)

The output is byte-for-byte reproducible whatever surrounds the repository: the generator runs
with no post-hooks and with ``PATH`` stripped of any other ruff; we then run the pinned ruff
ourselves with ``--isolated`` (no config file anywhere is read) and ``--no-cache``.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tools.pins import REPO_ROOT, Pin, PinError, iter_operations, load_pins

__all__ = ["STAMP_NAME", "RegenError", "drift", "generate", "main", "regen", "stamp_for"]

STAMP_NAME = ".regen-stamp"
# Bump when this file changes what it writes, so that every stamp goes stale.
RECIPE_VERSION = "3"
RUFF_ARGS = ("--isolated", "--no-cache", "--target-version", "py310", "--line-length", "100")
# openapi-python-client 0.29 imports typing.Self (3.11+); the SDKs support 3.10.
_SELF_IMPORT = re.compile(r"^from typing import (?P<names>.*)$", re.MULTILINE)
# What a generated operation module's `_get_kwargs` says about its request.
_KWARGS_METHOD = re.compile(r'"method": "(?P<method>[a-z]+)"')
_KWARGS_URL = re.compile(r'"url": "(?P<url>[^"]*)"')
WIRE_MODULE = "_wire.py"


class RegenError(Exception):
    """Generation failed, or the installed tools are not the pinned ones."""


def _installed(requirement: str) -> None:
    name, _, version = requirement.partition("==")
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError as exc:
        raise RegenError(f"{requirement} is pinned but {name} is not installed") from exc
    if installed != version:
        raise RegenError(f"{requirement} is pinned but {name}=={installed} is installed")


def stamp_for(pin: Pin, spec: bytes) -> str:
    """The fingerprint of everything that determines a service's generated output."""
    digest = hashlib.sha256()
    for part in (RECIPE_VERSION.encode(), pin.dump().encode(), spec):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest() + "\n"


def _generator_config(pin: Pin) -> str:
    config: dict[str, Any] = {
        "project_name_override": pin.distribution,
        "package_name_override": pin.package,
        "post_hooks": [],
    }
    if pin.content_type_overrides:
        config["content_type_overrides"] = pin.content_type_overrides
    return json.dumps(config)


def _use_typing_extensions_self(package_dir: Path) -> None:
    def rewrite(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group("names").split(",")]
        if "Self" not in names:
            return match.group(0)
        kept = [n for n in names if n != "Self"]
        lines = [f"from typing import {', '.join(kept)}"] if kept else []
        return "\n".join([*lines, "from typing_extensions import Self"])

    for path in sorted(package_dir.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        new = _SELF_IMPORT.sub(rewrite, text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def _accept(operation: dict[str, Any]) -> str:
    """The ``Accept`` header for an operation: the media types of its success responses."""
    types: list[str] = []
    for status, response in operation.get("responses", {}).items():
        if str(status).startswith("2"):
            types += [t for t in response.get("content", {}) if t not in types]
    # No success body (204): only an error body can come back, and errors are JSON.
    return ", ".join(types) or "application/json"


def _write_wire_table(pin: Pin, package_dir: Path) -> None:
    """Write ``_wire.py``: per generated operation module, what it accepts back.

    openapi-python-client does not carry response media types into ``_get_kwargs``, so every
    request would otherwise send the core's default ``Accept``; a server that negotiates
    content answers 406 to a ``text/html`` operation asked for JSON.
    """
    spec = json.loads(pin.spec_path.read_text(encoding="utf-8"))
    operations = {(m, p): op for m, p, op in iter_operations(spec)}
    accept: dict[str, str] = {}
    for module in sorted((package_dir / "api").glob("*/*.py")):
        source = module.read_text(encoding="utf-8")
        method, url = _KWARGS_METHOD.search(source), _KWARGS_URL.search(source)
        if method is None or url is None:
            continue
        key = (method.group("method").upper(), url.group("url"))
        if key not in operations:
            raise RegenError(f"{module.name}: {key} is not an operation of {pin.spec_path}")
        accept[module.stem] = _accept(operations[key])
    if len(accept) != len(operations):
        raise RegenError(f"found {len(accept)} operation modules for {len(operations)} operations")
    lines = [
        f'"""Written by tools.regen from specs/{pin.service}/openapi.json; do not edit.',
        "",
        "ACCEPT maps each operation module under api/ to the media types its success responses",
        'are declared with (the request\'s ``Accept`` header)."""',
        "",
        f"ACCEPT: dict[str, str] = {accept!r}",
        "",
    ]
    (package_dir / WIRE_MODULE).write_text("\n".join(lines), encoding="utf-8")


def _pyproject(pin: Pin) -> str:
    return f"""\
# Written by `python -m tools.regen` from specs/{pin.service}/pin.json; do not edit.
[project]
name = "{pin.distribution}"
version = "{pin.spec_version}"
description = "Private: generated from the pinned {pin.service} spec; use the public SDK."
requires-python = ">=3.10"
dependencies = [
    "httpx>=0.27,<0.29",
    "attrs>=22.2",
    "typing-extensions>=4.7",
]

[build-system]
requires = ["hatchling==1.27.0"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["{pin.package}"]
"""


def _run(cmd: list[str], cwd: Path) -> None:
    # Only the interpreter's own bin dir on PATH: nothing else's ruff can be picked up.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RegenError(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")


def generate(pin: Pin, dest: Path) -> None:
    """Write the generated package for ``pin`` into the empty or missing directory ``dest``."""
    spec = pin.verify_spec()
    _installed(pin.generator)
    _installed(pin.formatter)
    with tempfile.TemporaryDirectory(prefix=f"regen-{pin.service}-") as tmp:
        work = Path(tmp)
        config = work / "config.json"
        config.write_text(_generator_config(pin), encoding="utf-8")
        out = work / "out"
        _run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(pin.spec_path),
                "--meta",
                "none",
                "--config",
                str(config),
                "--output-path",
                str(out / pin.package),
            ],
            cwd=work,
        )
        _use_typing_extensions_self(out / pin.package)
        _write_wire_table(pin, out / pin.package)
        # The fakes (``<sdk>.testing``) validate requests against the spec they were built from.
        shutil.copyfile(pin.spec_path, out / pin.package / "openapi.json")
        ruff = [sys.executable, "-m", "ruff"]
        _run([*ruff, "check", *RUFF_ARGS, "--select", "F401,I,UP", "--fix-only", "."], cwd=out)
        _run([*ruff, "format", *RUFF_ARGS, "."], cwd=out)
        (out / "pyproject.toml").write_text(_pyproject(pin), encoding="utf-8")
        (out / STAMP_NAME).write_text(stamp_for(pin, spec), encoding="utf-8")
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, dest, dirs_exist_ok=True)


def _is_current(pin: Pin) -> bool:
    stamp = pin.generated_dir / STAMP_NAME
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == stamp_for(
        pin, pin.verify_spec()
    )


def regen(pins: list[Pin], *, force: bool = False) -> list[str]:
    """Regenerate the services whose pin changed (all with ``force``); return their names."""
    done = []
    for pin in pins:
        if not force and _is_current(pin):
            continue
        with tempfile.TemporaryDirectory(prefix=f"regen-{pin.service}-") as tmp:
            fresh = Path(tmp) / "fresh"
            generate(pin, fresh)
            if pin.generated_dir.exists():
                shutil.rmtree(pin.generated_dir)
            shutil.copytree(fresh, pin.generated_dir)
        done.append(pin.service)
    return done


def _tree_differences(expected: Path, actual: Path, prefix: str) -> list[str]:
    def files(root: Path) -> set[str]:
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    want, have = files(expected), files(actual)
    problems = [f"{prefix}/{name}: missing" for name in sorted(want - have)]
    problems += [f"{prefix}/{name}: not produced by the generator" for name in sorted(have - want)]
    problems += [
        f"{prefix}/{name}: differs from a fresh regeneration"
        for name in sorted(want & have)
        if not filecmp.cmp(expected / name, actual / name, shallow=False)
    ]
    return problems


def _drift_of(pin: Pin) -> list[str]:
    with tempfile.TemporaryDirectory(prefix=f"drift-{pin.service}-") as tmp:
        fresh = Path(tmp) / "fresh"
        generate(pin, fresh)
        prefix = pin.generated_dir.relative_to(REPO_ROOT).as_posix()
        return _tree_differences(fresh, pin.generated_dir, prefix)


def drift(pins: list[Pin]) -> list[str]:
    """Regenerate every service into a temporary place; describe each file that differs.

    Services are generated side by side (each generation is mostly waiting on its generator
    and ruff subprocesses); the problems are reported in pin order.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(len(pins), os.cpu_count() or 1))) as pool:
        found = list(pool.map(_drift_of, pins))
    return [problem for problems in found for problem in problems]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.regen", description=__doc__.split("\n")[0]
    )
    parser.add_argument("services", nargs="*", help="only these services (default: all)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--force", action="store_true", help="regenerate even if the pin is unchanged"
    )
    mode.add_argument("--check", action="store_true", help="fail if generated/ drifted")
    args = parser.parse_args(argv)
    try:
        pins = [p for p in load_pins() if not args.services or p.service in args.services]
        if args.check:
            problems = drift(pins)
            for problem in problems:
                print(f"drift: {problem}", file=sys.stderr)
            if problems:
                print("generated/ is edited or stale: run `nox -s regen`.", file=sys.stderr)
                return 1
            print(f"no drift in {', '.join(p.service for p in pins)}")
            return 0
        done = regen(pins, force=args.force)
    except (PinError, RegenError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    skipped = [p.service for p in pins if p.service not in done]
    print(f"regenerated: {', '.join(done) or 'none'}; unchanged: {', '.join(skipped) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
