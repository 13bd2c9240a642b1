"""Hatch build hook: one SDK wheel holds its generated package and the shared core, privately.

Each SDK's wheel must install alone: the published registry knows neither ``sdk-core`` nor the
``*-openapi`` packages, and two SDKs in one environment must never need the same core version.
So when a wheel is built, this hook copies the SDK's package, the core (``sdk_core``) and the
generated package into one tree, as ``<pkg>``, ``<pkg>._core`` and ``<pkg>._generated``, and
rewrites the imports of the two private names (``sdk_core`` → ``<pkg>._core``,
``_<svc>_openapi`` → ``<pkg>._generated``); the generated code imports itself relatively, so
nothing else changes. Editable installs (the development workspace) are left alone: there the
three are separate workspace packages.

Configured per SDK in ``[tool.hatch.build.targets.wheel.hooks.custom]`` with ``package``,
``generated`` (the generated package's directory) and ``core`` (the core's), relative to the
SDK's project directory.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".regen-stamp", "pyproject.toml")


class VendorHook(BuildHookInterface):  # type: ignore[type-arg]
    """Builds the wheel's single package tree with the core and the generated code inside."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Assemble ``<pkg>`` in a temporary directory and include it as the wheel's package."""
        if version == "editable":
            return
        root = Path(self.root)
        package = str(self.config["package"])
        generated = (root / str(self.config["generated"])).resolve()
        core = (root / str(self.config["core"])).resolve()
        self._tmp = Path(tempfile.mkdtemp(prefix=f"vendor-{package}-"))
        tree = self._tmp / package
        shutil.copytree(root / "src" / package, tree, ignore=_IGNORED)
        shutil.copytree(core, tree / "_core", ignore=_IGNORED)
        shutil.copytree(generated, tree / "_generated", ignore=_IGNORED)
        names = {
            core.name: f"{package}._core",
            generated.name: f"{package}._generated",
        }
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
        for path in tree.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            new = pattern.sub(lambda m: names[m.group(1)], text)
            if new != text:
                path.write_text(new, encoding="utf-8")
        build_data["force_include"][str(tree)] = package

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary tree."""
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
