"""Every check and chore of the repository, as nox sessions.

Plain ``nox`` runs lint, typecheck, tests, contract and docs. Each session gets its own virtualenv,
synced by uv from the committed lock file (``uv sync --frozen``), so CI and laptops run exactly
the pinned tools.
"""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests", "contract", "docs"]
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
TYPED = [
    "wrappers/core/src",
    "wrappers/gnosys/src",
    "wrappers/asg_gateway/src",
    "wrappers/kneo/src",
    "wrappers/keystone/src",
    "tools",
    "noxfile.py",
]


def _sync(session: nox.Session) -> None:
    session.run_install(
        "uv",
        "sync",
        "--frozen",
        "--quiet",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check (generated code excluded; it has its own pinned format)."""
    _sync(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Mypy --strict on the core, the wrappers and the tools, as Python 3.10."""
    _sync(session)
    session.run("mypy", *TYPED)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit, respx and fake-backed tests, packaging included (contract checks excluded)."""
    _sync(session)
    session.run("pytest", "tests", "--ignore=tests/contract", *session.posargs)


@nox.session(python=PYTHON)
def contract(session: nox.Session) -> None:
    """Specs valid, no drift, every operation wrapped, fakes conform to their specs."""
    _sync(session)
    session.run("pytest", "tests/contract", *session.posargs)


@nox.session(python=PYTHON)
def regen(session: nox.Session) -> None:
    """Regenerate generated/ for pins that changed (``-- --force`` for all), then the sync twins."""
    _sync(session)
    session.run("python", "-m", "tools.regen", *session.posargs)
    session.run("python", "-m", "tools.unasync")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Import time, per-call overhead and upload memory, as ratios against plain httpx."""
    _sync(session)
    session.run("python", "-m", "tools.bench", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Walk the reference pages' examples against the local fakes."""
    _sync(session)
    session.run("python", "-m", "tools.demo", *session.posargs)


@nox.session(python=PYTHON)
def live(session: nox.Session) -> None:
    """Optional: check a live deployment against its pinned spec with schemathesis.

    Needs ``LIVE_SERVICE`` (e.g. gnosys), ``LIVE_BASE_URL`` and ``LIVE_API_KEY``. It sends
    generated requests, including POSTs: point it at a staging tenant, never production data.
    """
    service = os.environ.get("LIVE_SERVICE")
    base_url = os.environ.get("LIVE_BASE_URL")
    if not (service and base_url and os.environ.get("LIVE_API_KEY")):
        session.error("set LIVE_SERVICE, LIVE_BASE_URL and LIVE_API_KEY")
    _sync(session)
    session.run("python", "-m", "tools.live", service, base_url, *session.posargs)


def _sync_docs(session: nox.Session) -> None:
    """Like :func:`_sync`, plus the ``docs`` dependency group (Sphinx, MyST, furo)."""
    session.run_install(
        "uv",
        "sync",
        "--frozen",
        "--quiet",
        "--group",
        "docs",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site into docs/_build/html; every Sphinx warning is an error.

    Always a full rebuild (``-E -a``): an incremental build stays silent about warnings of
    pages it does not re-read. Extra arguments go to sphinx-build (e.g. ``-- -n``).
    """
    _sync_docs(session)
    session.run(
        "sphinx-build",
        "--fail-on-warning",
        "--keep-going",
        "--fresh-env",
        "--write-all",
        "--builder",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )
