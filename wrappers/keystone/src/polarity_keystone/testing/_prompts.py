"""Prompt templates: the service's "mustache-lite" rendering.

* ``{name}`` and ``{{name}}`` expand (so do mismatched pairs, ``{{name}`` / ``{name}}``);
  dotted names walk objects (``{user.name}``). A name with no value stays as written, and
  braces that are not around a name (JSON) are left alone.
* Sections use single braces: ``{#items}...{/items}``. A list repeats the body once per item,
  with the item's keys (when it is an object) merged over the variables and the item itself
  as ``_it``; a missing, null, false, zero or empty value renders nothing; any other value
  renders the body once. Sections nest.
* Values render as text: strings as they are, numbers as JSON writes them, ``true`` /
  ``false`` / ``null``, and objects and lists as compact JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["render_template"]

_NAME = r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*"
_VARIABLE = re.compile(r"\{\{?\s*(" + _NAME + r")\s*\}?\}")
_SECTION = re.compile(r"\{#\s*(" + _NAME + r")\s*\}(.*?)\{/\s*\1\s*\}", re.DOTALL)
_MISSING = object()
_MAX_DEPTH = 16


def _lookup(variables: Mapping[str, Any], name: str) -> Any:
    node: Any = variables
    for part in name.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return _MISSING
    return node


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def render_template(template: str, variables: Mapping[str, Any], _depth: int = 0) -> str:
    """``template`` with ``variables`` filled in (see the module docstring)."""

    def section(match: re.Match[str]) -> str:
        value = _lookup(variables, match.group(1))
        body = match.group(2)
        if value is _MISSING or not value:
            return ""
        if _depth >= _MAX_DEPTH:
            return body
        if isinstance(value, list):
            parts = []
            for item in value:
                scope = {**variables, **(item if isinstance(item, Mapping) else {}), "_it": item}
                parts.append(render_template(body, scope, _depth + 1))
            return "".join(parts)
        return render_template(body, variables, _depth + 1)

    def variable(match: re.Match[str]) -> str:
        value = _lookup(variables, match.group(1))
        return match.group(0) if value is _MISSING else _text(value)

    # One pass: a value that itself looks like a template is never expanded again.
    out: list[str] = []
    end = 0
    for match in _SECTION.finditer(template):
        out.append(_VARIABLE.sub(variable, template[end : match.start()]))
        out.append(section(match))
        end = match.end()
    out.append(_VARIABLE.sub(variable, template[end:]))
    return "".join(out)
