"""The secrets a sandbox spec declares, read from the environment to be forwarded at creation.

A spec names the secrets its sandbox needs in a top-level ``secrets:`` block; with
``spec_path=``, ``sandboxes.create`` and ``experiments.create`` read each one from the
environment and send it (explicit ``secrets=`` win on a collision). The block may be::

    secrets: [ANTHROPIC_API_KEY, OPENAI_API_KEY]     # names, read from the environment

    secrets:
      - ANTHROPIC_API_KEY
      - name: GITHUB_TOKEN
        source: env:GH_TOKEN                         # read another variable
      - name: DB_PASSWORD
        from: static://dev-password                  # a literal the spec holds: not forwarded
      - name: STRIPE_KEY
        source: dashboard                            # stored server-side: not forwarded

    secrets:                                         # a mapping of names works too
      ANTHROPIC_API_KEY: {source: env}

A declared secret that is not set (or empty) is left out: the service may hold it in the
Dashboard. The file is read with ``yaml.safe_load``. Values never appear in an exception, a
log or a repr.

The published 0.3.3 client also ran ``source: command:<shell>`` and read ``source: file:<path>``;
this SDK does neither (a spec file, often someone else's, would otherwise run commands or send
local files to a sandbox): such a secret must be passed in ``secrets=`` or refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from polarity_keystone._checks import CHECK, SECRET_NAME, local_path, secret_values
from polarity_keystone._exceptions import KeystoneInvalidArgumentError

__all__ = ["collect_declared_secrets", "collect_declared_secrets_from_file", "merged_secrets"]

_MAX_SPEC_BYTES = 8 * 1024 * 1024
# Sources the service resolves itself: nothing is forwarded for them.
_SERVER_SIDE = frozenset({"dashboard"})
_REFUSED = ("command:", "file:")


def _fail(where: str, message: str) -> Exception:
    return KeystoneInvalidArgumentError(f"{where}: {message}")


def _declared(entry: Any, where: str) -> tuple[str, str | None] | None:
    """``(name, variable to read)`` for one entry, or None when nothing is forwarded for it."""
    source: Any = "env"
    if isinstance(entry, str):
        name: Any = entry
    elif isinstance(entry, Mapping):
        name = entry.get("name")
        if entry.get("from") is not None:  # a literal in the spec: the service has it
            return None
        source = entry.get("source", "env")
    else:
        raise _fail(
            where, f"a secrets entry must be a name or a mapping, not {type(entry).__name__}"
        )
    if not isinstance(name, str) or not SECRET_NAME.fullmatch(name):
        raise _fail(where, "a secrets entry has no usable name (letters, digits and _)")
    if source is None:
        source = "env"
    if not isinstance(source, str):
        raise _fail(where, f"secret {name}: source must be text, not {type(source).__name__}")
    source = source.strip()
    if source in _SERVER_SIDE:
        return None
    if source == "env":
        return name, name
    if source.startswith("env:"):
        variable = source[4:].strip()
        if not SECRET_NAME.fullmatch(variable):
            raise _fail(where, f"secret {name}: source env: names no variable")
        return name, variable
    if source.startswith(_REFUSED):
        return name, None
    raise _fail(
        where, f"secret {name}: unknown source {source[:40]!r} (env, env:<VAR> or dashboard)"
    )


def _entries(block: Any, where: str) -> list[Any]:
    if block is None:
        return []
    if isinstance(block, list):
        return block
    if isinstance(block, Mapping):
        entries: list[Any] = []
        for name, settings in block.items():
            if settings is None:
                entries.append(name)
            elif isinstance(settings, Mapping):
                entries.append({**settings, "name": name})
            else:
                raise _fail(where, f"secret {str(name)[:60]!r}: expected a mapping of settings")
        return entries
    raise _fail(where, f"the secrets block must be a list or a mapping, not {type(block).__name__}")


def _resolve(
    spec: Mapping[str, Any], env: Mapping[str, str], where: str, given: frozenset[str]
) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in _entries(spec.get("secrets"), where):
        declared = _declared(entry, where)
        if declared is None:
            continue
        name, variable = declared
        if name in given:
            continue
        if variable is None:
            raise _fail(
                where,
                f"secret {name} is read by a command or from a file, which this SDK does not "
                f"do: pass it in secrets={{{name!r}: ...}}",
            )
        value = env.get(variable)
        if value:
            found[name] = value
    return found


def collect_declared_secrets(
    spec: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The secrets ``spec`` (a parsed spec) declares, with their values from ``env``.

    ``env`` defaults to ``os.environ``. Returns ``{name: value}`` for each declared secret
    that is set; literals (``from:``) and Dashboard secrets are left to the service.

    Raises:
        KeystoneInvalidArgumentError: a malformed ``secrets:`` block, or a secret whose source
            is a command or a file.

    """
    if not isinstance(spec, Mapping):
        raise _fail("spec", f"expected a mapping, not {type(spec).__name__}")
    return _resolve(spec, os.environ if env is None else env, "spec", frozenset())


def _load(path: Path, where: str) -> Mapping[str, Any]:
    import yaml  # only when a spec file is read

    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_SPEC_BYTES + 1)
    except FileNotFoundError:
        raise _fail(where, f"no such file: {CHECK.preview(str(path))}") from None
    except IsADirectoryError:
        raise _fail(where, f"{CHECK.preview(str(path))} is a directory, not a spec file") from None
    except (OSError, ValueError) as exc:
        raise _fail(
            where, f"cannot read {CHECK.preview(str(path))} ({type(exc).__name__})"
        ) from None
    if len(raw) > _MAX_SPEC_BYTES:
        raise _fail(where, f"{CHECK.preview(str(path))} is larger than a spec file can be")
    try:
        document = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _fail(where, f"{CHECK.preview(str(path))} is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        # The position only: YAML's own message quotes the offending line, which may hold a
        # secret literal.
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise _fail(where, f"{CHECK.preview(str(path))} is not valid YAML{at}") from None
    if document is None:
        return {}
    if not isinstance(document, Mapping):
        raise _fail(where, f"{CHECK.preview(str(path))} is not a spec (a YAML mapping)")
    return document


def collect_declared_secrets_from_file(
    spec_path: str | os.PathLike[str], env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The secrets the spec file at ``spec_path`` declares, with their values from ``env``.

    What ``sandboxes.create(spec_path=...)`` and ``experiments.create(spec_path=...)``
    forward; see this module's docstring for the ``secrets:`` forms. ``env`` defaults to
    ``os.environ``.

    Raises:
        KeystoneInvalidArgumentError: the file cannot be read or is not a YAML mapping, a
            malformed ``secrets:`` block, or a secret whose source is a command or a file.

    """
    path = local_path("spec_path", spec_path)
    spec = _load(path, "spec_path")
    return _resolve(spec, os.environ if env is None else env, "spec_path", frozenset())


def merged_secrets(secrets: object, spec_path: object) -> dict[str, str]:
    """What a create sends: the spec's declared secrets, then ``secrets`` over them."""
    explicit = secret_values("secrets", secrets)
    if spec_path is None:
        return explicit
    path = local_path("spec_path", spec_path)
    declared = _resolve(_load(path, "spec_path"), os.environ, "spec_path", frozenset(explicit))
    return {**declared, **explicit}
