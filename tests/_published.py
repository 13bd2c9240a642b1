"""Scratch virtual environments holding another project's published client, for wire tests.

Built once per requirement and interpreter under the system's temporary directory (later runs
reuse it): created next to its final place, then renamed into it, so two runs building at once
cannot leave a half-built one. A registry that cannot be reached skips the test that asked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

__all__ = ["published_venv", "venv_python"]


def venv_python(venv: Path) -> Path:
    """The interpreter of ``venv``."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def published_venv(folder: str, requirement: str, *, pip_args: Sequence[str] = ()) -> Path:
    """A virtual environment with ``requirement`` installed, under ``$TMPDIR/<folder>``."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    root = Path(tempfile.gettempdir()) / folder
    final = root / f"{requirement.replace('==', '-')}-py{version}"
    if (final / "installed").is_file():
        return final
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    try:
        subprocess.run([sys.executable, "-m", "venv", str(work)], check=True, timeout=120)
        pip = subprocess.run(
            [
                str(venv_python(work)),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *pip_args,
                requirement,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if pip.returncode != 0:
            pytest.skip(
                f"cannot install {requirement} from the package registry: {pip.stderr[-500:]}"
            )
        (work / "installed").write_text(requirement + "\n", encoding="utf-8")
        # If another run finished first, the rename fails and its environment is used.
        with contextlib.suppress(OSError):
            work.rename(final)
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)
