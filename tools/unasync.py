"""Generate each SDK's sync client from its async source, so their logic cannot drift.

``wrappers/<service>/src/<package>/_async/**/*.py`` is the only hand-written copy of the resource
methods; this writes ``_sync/*.py`` by rewriting async constructs token by token
(``async def`` → ``def``, ``await x`` → ``x``, ``AsyncFoo`` → ``Foo``, ``aclosing`` → ``closing``
...). ``--check`` fails, naming the file, when a committed sync module is stale, edited or
left without a source.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

from tools.pins import REPO_ROOT

__all__ = ["async_sources", "main", "stale_targets", "to_sync"]

HEADER = '"""Generated from {name} by tools.unasync; do not edit."""\n\n'
HEADER_WRAPPED = '"""Generated from {name}\nby tools.unasync; do not edit.\n"""\n\n'
_MAX_LINE = 100
_WORDS = {
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aclosing": "closing",
    "aclose": "close",
    "aread": "read",
    "aiter_bytes": "iter_bytes",
    "aiter_lines": "iter_lines",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "StopAsyncIteration": "StopIteration",
    "_async": "_sync",
}
_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _WORDS)) + r")\b")
# Packages whose page names the async classes plainly (kneo_client.KneoClient is async): their
# sync twins take a ``Sync`` prefix, as the page's own ``SyncTransport`` does, and the
# package's sync helpers keep their ``_sync`` names.
_SYNC_PREFIXED: dict[str, tuple[str, ...]] = {
    "kneo_client": (
        "KneoClient",
        "Transport",
        "PlatformClient",
        "HealthClient",
        "RunsClient",
        "HumanTasksClient",
        "AuditClient",
        "CredentialsClient",
        "PoliciesClient",
        "AgentClient",
        "SpecsClient",
    ),
}
_SYNC_SUFFIXED: dict[str, tuple[str, ...]] = {
    "kneo_client": ("iterate_all", "offset_pager"),
}
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\basync def\b"), "def"),
    (re.compile(r"\basync (with|for)\b"), r"\1"),
    (re.compile(r"\bawait "), ""),
    (re.compile(r"\bAsync(?=[A-Z])"), ""),
    (re.compile(r"\basync\b"), "sync"),
]


def _package_renames(package: str) -> dict[str, str]:
    renames = {name: f"Sync{name}" for name in _SYNC_PREFIXED.get(package, ())}
    renames.update({name: f"{name}_sync" for name in _SYNC_SUFFIXED.get(package, ())})
    return renames


def to_sync(source: str, target: Path) -> str:
    """The sync module ``target`` for the async module text ``source``."""
    parts = target.parts
    package_path = parts[parts.index("src") + 1 :] if "src" in parts else (target.name,)
    text = _WORD.sub(lambda m: _WORDS[m.group(1)], source)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    renames = _package_renames(package_path[0])
    if renames:
        names = re.compile(r"\b(" + "|".join(map(re.escape, renames)) + r")\b")
        text = names.sub(lambda m: renames[m.group(1)], text)
    # The source's module docstring gives way to a generated-file header.
    text = re.sub(r'\A""".*?"""\n', "", text, count=1, flags=re.DOTALL)
    name = "/".join("_async" if p == "_sync" else p for p in package_path)
    header = HEADER.format(name=name)
    if len(header.splitlines()[0]) > _MAX_LINE:  # deep modules: the header on two lines
        header = HEADER_WRAPPED.format(name=name)
    return _ruff(header + text.lstrip("\n"), target)


def _ruff(text: str, target: Path) -> str:
    # Renaming can unsort imports and change line lengths: let the pinned ruff, with the
    # repository's own config, put the module back into the shape a human would commit.
    ruff = [sys.executable, "-m", "ruff"]
    stdin = ["--stdin-filename", str(target)]
    for args in (["check", "--select", "I", "--fix-only", "--quiet"], ["format", "--quiet"]):
        proc = subprocess.run(
            [*ruff, *args, *stdin, "-"],
            input=text,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"ruff {args[0]} failed on {target}: {proc.stderr}")
        text = proc.stdout
    return text


def async_sources() -> list[Path]:
    """Every hand-written async module that has a generated sync twin, at any depth.

    The ``_async`` package's own ``__init__`` is the only one left out: it documents the
    package, and ``_sync`` has its own.
    """
    return sorted(
        p
        for p in (REPO_ROOT / "wrappers").glob("*/src/*/_async/**/*.py")
        if not (p.name == "__init__.py" and p.parent.name == "_async")
    )


def _target(source: Path) -> Path:
    parts = list(source.parts)
    at = len(parts) - 1 - parts[::-1].index("_async")
    parts[at] = "_sync"
    return Path(*parts)


def stale_targets() -> list[Path]:
    """Sync modules with no async source any more (a deleted or renamed resource module)."""
    wanted = {_target(s) for s in async_sources()}
    return sorted(
        p
        for p in (REPO_ROOT / "wrappers").glob("*/src/*/_sync/**/*.py")
        if p not in wanted and not (p.name == "__init__.py" and p.parent.name == "_sync")
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.unasync", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="fail if a sync module is stale")
    args = parser.parse_args(argv)
    stale = []
    for source in async_sources():
        target = _target(source)
        wanted = to_sync(source.read_text(encoding="utf-8"), target)
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current == wanted:
            continue
        rel = target.relative_to(REPO_ROOT)
        if args.check:
            stale.append(rel)
            diff = difflib.unified_diff(
                current.splitlines(), wanted.splitlines(), str(rel), "regenerated", lineterm="", n=1
            )
            print("\n".join(list(diff)[:40]), file=sys.stderr)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            top = next(p for p in target.parents if p.name == "_sync") / "__init__.py"
            if not top.exists():
                top.write_text('"""Generated sync clients; see ../_async."""\n', encoding="utf-8")
            target.write_text(wanted, encoding="utf-8")
            print(f"wrote {rel}")
    for orphan in stale_targets():
        rel = orphan.relative_to(REPO_ROOT)
        if args.check:
            stale.append(rel)
            print(f"{rel}: has no async source", file=sys.stderr)
        else:
            orphan.unlink()
            print(f"removed {rel}")
    if stale:
        print(
            f"stale: {', '.join(map(str, stale))}; run `python -m tools.unasync`", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
