"""The fake's agent specs: the built-in catalog, inline documents, diagnostics and policies.

A request names a spec by ``spec_path`` (one of :data:`CATALOG`) or sends one inline as
``spec`` (an object; inline wins when both are set); ``overlays`` and ``overrides`` are
applied on top. A spec document is an object with these fields, all optional:

* ``name`` (string; default the path's stem, or ``"inline"``), ``description`` (string);
* ``workflow_kind``: ``"sequential"`` (default) or ``"graph"``; ``agent``: ``{"name": ...}``;
* ``steps``: a non-empty list of ``{"id", "kind", ...}``, run in order (default one ``llm``
  step ``respond``). Kinds: ``llm`` (a model call; passes the text on, or rewrites it with its
  ``template``, ``"Summary: {text}"``), ``tool`` (a call of its ``tool``, which ``tools`` must
  declare), ``sleep`` (takes its ``seconds``), ``human_review`` (blocks the run for a human
  decision; ``prompt``, ``options``), ``fail`` (fails the run with its ``message``);
* ``human_review``: ``{"on_timeout": "fail" | "escalate", "timeout_seconds": n}``;
* ``guardrails``: list of names; ``tools``: list of ``{"name", "permissions": [...]}``;
* ``timeout_seconds``: the run's timeout (its steps' total duration may not exceed it).

Diagnostics are ``{"code", "severity", "message", "path"}``. Errors (the spec is invalid; a run
of it is 400 ``spec_invalid``): ``spec_not_found``, ``invalid_field`` (a known field of the wrong
type), ``empty_workflow``, ``missing_step_id``, ``duplicate_step_id``, ``unknown_step_kind``,
``unknown_tool``, ``invalid_on_timeout``, ``invalid_timeout``. Warnings: ``unknown_field``,
``unknown_overlay``, ``tool_without_permissions``, ``unrestricted_tool`` (``"*"`` among its
permissions).

An environment's policy (enabled, and not ``"enabled": false``) refuses a spec that breaks
one of its rules, each a violation with code ``policy.<rule>``: ``require_guardrails`` (no
guardrails), ``require_human_review`` (no ``human_review`` step), ``require_tool_permissions``
(a tool without permissions), ``deny_unrestricted_tools`` (an unrestricted tool),
``fail_on_warnings`` (any warning), ``blocked_diagnostic_codes`` (one of its diagnostics).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CATALOG",
    "DEFAULT_POLICIES",
    "DEFAULT_SPEC",
    "POLICY_FIELDS",
    "AgentSpec",
    "Step",
    "Tool",
    "compile_summary",
    "explain_summary",
    "full_policy",
    "policy_report",
    "resolve",
    "violations",
]

JSON = dict[str, Any]

_GUARDED: JSON = {"guardrails": ["pii_filter"]}
#: The built-in specs, by ``spec_path`` (their outcomes are in the fake's module docstring).
CATALOG: Mapping[str, JSON] = {
    "specs/echo.yaml": {
        "name": "echo",
        "description": "Answers with its input.",
        "steps": [{"id": "respond", "kind": "llm"}],
        **_GUARDED,
    },
    "specs/review.yaml": {
        "name": "review",
        "description": "Drafts, waits for a reviewer's decision, then publishes.",
        "steps": [
            {"id": "draft", "kind": "llm"},
            {
                "id": "review",
                "kind": "human_review",
                "prompt": "Publish this draft?",
                "options": ["publish", "revise"],
            },
            {"id": "publish", "kind": "tool", "tool": "publisher"},
        ],
        "human_review": {"on_timeout": "fail"},
        "tools": [{"name": "publisher", "permissions": ["docs.write"]}],
        **_GUARDED,
    },
    "specs/escalate.yaml": {
        "name": "escalate",
        "description": "Like review.yaml, but a review past its deadline is escalated.",
        "steps": [
            {"id": "draft", "kind": "llm"},
            {"id": "review", "kind": "human_review", "prompt": "Publish this draft?"},
            {"id": "publish", "kind": "tool", "tool": "publisher"},
        ],
        "human_review": {"on_timeout": "escalate"},
        "tools": [{"name": "publisher", "permissions": ["docs.write"]}],
        **_GUARDED,
    },
    "specs/flaky.yaml": {
        "name": "flaky",
        "description": "Fetches, then fails parsing what it fetched.",
        "steps": [
            {"id": "fetch", "kind": "tool", "tool": "http_get"},
            {"id": "parse", "kind": "fail", "message": "upstream returned malformed data"},
        ],
        "tools": [{"name": "http_get", "permissions": ["net.read"]}],
        **_GUARDED,
    },
    "specs/slow.yaml": {
        "name": "slow",
        "description": "Crunches for 600 s under a 300 s timeout.",
        "workflow_kind": "graph",
        "steps": [{"id": "plan", "kind": "llm"}, {"id": "crunch", "kind": "sleep", "seconds": 600}],
        "timeout_seconds": 300,
        **_GUARDED,
    },
    "specs/unsafe.yaml": {
        "name": "unsafe",
        "description": "Runs shell commands with no guardrails.",
        "steps": [{"id": "plan", "kind": "llm"}, {"id": "run", "kind": "tool", "tool": "shell"}],
        "tools": [{"name": "shell", "permissions": ["*"]}],
    },
    "specs/broken.yaml": {
        "name": "broken",
        "description": "Malformed: a step of an unknown kind, another without an id.",
        "steps": [{"id": "warp", "kind": "teleport"}, {"kind": "llm"}],
    },
}
#: The spec of a run that names none: an echo agent.
DEFAULT_SPEC: JSON = {
    "name": "default-echo",
    "steps": [{"id": "respond", "kind": "llm"}],
    **_GUARDED,
}

POLICY_FIELDS: Mapping[str, Any] = {
    "enabled": True,
    "require_guardrails": False,
    "require_human_review": False,
    "require_tool_permissions": False,
    "deny_unrestricted_tools": False,
    "fail_on_warnings": False,
    "blocked_diagnostic_codes": [],
}
#: The policies a fresh fake holds.
DEFAULT_POLICIES: Mapping[str, JSON] = {
    "dev": {},
    "staging": {"require_guardrails": True, "blocked_diagnostic_codes": ["unrestricted_tool"]},
    "prod": {
        "require_guardrails": True,
        "require_human_review": True,
        "require_tool_permissions": True,
        "deny_unrestricted_tools": True,
        "fail_on_warnings": True,
    },
}

_KNOWN = frozenset(
    {
        "name",
        "description",
        "workflow_kind",
        "agent",
        "steps",
        "human_review",
        "guardrails",
        "tools",
        "timeout_seconds",
    }
)
_KINDS = frozenset({"llm", "tool", "sleep", "human_review", "fail"})
_OVERLAYS = frozenset({"with_guardrails", "with_review"})


def full_policy(fields: Mapping[str, Any]) -> JSON:
    """A policy with every field, the defaults filled in."""
    policy: JSON = {**POLICY_FIELDS, **fields}
    policy["blocked_diagnostic_codes"] = list(policy["blocked_diagnostic_codes"])
    return policy


@dataclass(frozen=True)
class Step:
    """One step of a spec's workflow."""

    id: str
    kind: str
    template: str | None = None
    tool: str | None = None
    message: str | None = None
    seconds: float = 0.0
    prompt: str | None = None
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tool:
    """A tool a spec declares, and the permissions it runs with."""

    name: str
    permissions: tuple[str, ...]

    @property
    def unrestricted(self) -> bool:
        """Whether it may do anything (``"*"`` among its permissions)."""
        return "*" in self.permissions


@dataclass(frozen=True)
class AgentSpec:
    """A spec as the fake reads it, with its diagnostics."""

    source: str
    name: str
    description: str | None
    workflow_kind: str
    agent_name: str
    steps: tuple[Step, ...]
    guardrails: tuple[str, ...]
    tools: tuple[Tool, ...]
    on_timeout: str
    review_timeout: float | None
    timeout: float | None
    diagnostics: tuple[JSON, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """No error diagnostics."""
        return not self.errors

    @property
    def errors(self) -> list[JSON]:
        """The error diagnostics."""
        return [d for d in self.diagnostics if d["severity"] == "error"]

    @property
    def warnings(self) -> list[JSON]:
        """The warning diagnostics."""
        return [d for d in self.diagnostics if d["severity"] == "warning"]

    @property
    def has_human_review(self) -> bool:
        """Whether a step waits for a human."""
        return any(step.kind == "human_review" for step in self.steps)

    def brief(self) -> JSON:
        """What answers say about the spec."""
        return {
            "name": self.name,
            "source": self.source,
            "valid": self.valid,
            "workflow_kind": self.workflow_kind,
            "steps": len(self.steps),
        }


def _diagnostic(code: str, severity: str, message: str, path: str) -> JSON:
    return {"code": code, "severity": severity, "message": message, "path": path}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Reader:
    """Reads a spec document, never failing: whatever is wrong becomes a diagnostic."""

    def __init__(self) -> None:
        self.diagnostics: list[JSON] = []

    def error(self, code: str, message: str, path: str) -> None:
        self.diagnostics.append(_diagnostic(code, "error", message, path))

    def warn(self, code: str, message: str, path: str) -> None:
        self.diagnostics.append(_diagnostic(code, "warning", message, path))

    def text(self, doc: Mapping[str, Any], name: str, default: str | None) -> str | None:
        value = doc.get(name, default)
        if value is None or (isinstance(value, str) and value.strip()):
            return value
        self.error("invalid_field", f"{name} must be a non-empty string", name)
        return default

    def strings(self, value: Any, path: str) -> tuple[str, ...]:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.error("invalid_field", f"{path} must be a list of strings", path)
        return ()

    def timeout(self, value: Any, path: str) -> float | None:
        if value is None:
            return None
        if _is_number(value) and value > 0:
            return float(value)
        self.error("invalid_timeout", f"{path} must be a positive number of seconds", path)
        return None

    def tools(self, value: Any) -> tuple[Tool, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error("invalid_field", "tools must be a list of tool objects", "tools")
            return ()
        tools = []
        for i, entry in enumerate(value):
            path = f"tools[{i}]"
            if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
                self.error("invalid_field", f"{path} must be an object with a name", path)
                continue
            permissions = self.strings(entry.get("permissions", []), f"{path}.permissions")
            tool = Tool(entry["name"], permissions)
            if not permissions:
                self.warn("tool_without_permissions", f"{path} declares no permissions", path)
            elif tool.unrestricted:
                self.warn("unrestricted_tool", f"{path} may do anything (permission *)", path)
            tools.append(tool)
        return tuple(tools)

    def steps(self, value: Any, tools: Sequence[Tool]) -> tuple[Step, ...]:
        if value is None:
            return (Step("respond", "llm"),)
        if not isinstance(value, list):
            self.error("invalid_field", "steps must be a list of step objects", "steps")
            return ()
        if not value:
            self.error("empty_workflow", "steps must not be empty", "steps")
        declared = {tool.name for tool in tools}
        steps: list[Step] = []
        seen: set[str] = set()
        for i, entry in enumerate(value):
            path = f"steps[{i}]"
            if not isinstance(entry, Mapping):
                self.error("invalid_field", f"{path} must be an object", path)
                continue
            step_id = entry.get("id")
            if not isinstance(step_id, str) or not step_id:
                self.error("missing_step_id", f"{path} needs an id (a non-empty string)", path)
                continue
            if step_id in seen:
                self.error("duplicate_step_id", f"{path} repeats an earlier step's id", path)
                continue
            seen.add(step_id)
            kind = entry.get("kind", "llm")
            if not isinstance(kind, str) or kind not in _KINDS:
                kinds = ", ".join(sorted(_KINDS))
                self.error("unknown_step_kind", f"{path}.kind must be one of {kinds}", path)
                continue
            steps.append(self._step(entry, step_id, str(kind), path, declared))
        return tuple(steps)

    def _step(
        self, entry: Mapping[str, Any], step_id: str, kind: str, path: str, tools: set[str]
    ) -> Step:
        template = entry.get("template")
        if template is not None and not isinstance(template, str):
            self.error("invalid_field", f"{path}.template must be a string", path)
            template = None
        tool = entry.get("tool", step_id) if kind == "tool" else None
        if kind == "tool" and not (isinstance(tool, str) and tool in tools):
            self.error("unknown_tool", f"{path} calls a tool the spec does not declare", path)
        seconds = entry.get("seconds", 0)
        if kind == "sleep" and not (_is_number(seconds) and seconds >= 0):
            self.error("invalid_field", f"{path}.seconds must be a number >= 0", path)
            seconds = 0
        message = entry.get("message")
        options = entry.get("options", [])
        return Step(
            step_id,
            kind,
            template=template,
            tool=tool if isinstance(tool, str) else None,
            message=message if isinstance(message, str) else None,
            seconds=float(seconds) if _is_number(seconds) else 0.0,
            prompt=entry.get("prompt") if isinstance(entry.get("prompt"), str) else None,
            options=self.strings(options, f"{path}.options") if options else (),
        )


def _overlaid(doc: JSON, overlays: Sequence[str], reader: _Reader) -> JSON:
    doc = dict(doc)
    for i, overlay in enumerate(overlays):
        if overlay == "with_guardrails" and not doc.get("guardrails"):
            doc["guardrails"] = ["overlay_guardrails"]
        elif overlay == "with_review":
            steps = doc.get("steps")
            steps = list(steps) if isinstance(steps, list) else [{"id": "respond", "kind": "llm"}]
            doc["steps"] = [*steps, {"id": "overlay_review", "kind": "human_review"}]
        elif not isinstance(overlay, str) or overlay not in _OVERLAYS:
            reader.warn(
                "unknown_overlay", f"overlays[{i}] is not a known overlay", f"overlays[{i}]"
            )
    return doc


def resolve(
    spec: Mapping[str, Any] | None,
    spec_path: str | None,
    overlays: Sequence[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> AgentSpec:
    """The spec a request names (inline ``spec`` first, then ``spec_path``, else the default)."""
    reader = _Reader()
    if spec is not None:
        doc, source, default_name = dict(spec), "inline", "inline"
    elif spec_path is not None:
        source = spec_path
        default_name = spec_path.rsplit("/", 1)[-1].split(".", 1)[0] or "spec"
        if spec_path in CATALOG:
            doc = dict(CATALOG[spec_path])
        else:
            doc = {}
            reader.error("spec_not_found", "no spec at this spec_path", "spec_path")
    else:
        doc, source, default_name = dict(DEFAULT_SPEC), "default", "default-echo"
    doc = _overlaid({**doc, **(overrides or {})}, overlays, reader)
    for name in doc:
        if name not in _KNOWN:
            reader.warn("unknown_field", f"{name} is not a spec field (ignored)", name)
    name = reader.text(doc, "name", default_name) or default_name
    kind = doc.get("workflow_kind", "sequential")
    if kind not in ("sequential", "graph"):  # a tuple: the value may be unhashable
        reader.error("invalid_field", "workflow_kind must be sequential or graph", "workflow_kind")
        kind = "sequential"
    agent = doc.get("agent", {})
    agent_name = f"{name}-agent"
    if isinstance(agent, Mapping) and isinstance(agent.get("name"), str):
        agent_name = agent["name"]
    elif not isinstance(agent, Mapping):
        reader.error("invalid_field", "agent must be an object", "agent")
    review = doc.get("human_review", {})
    if not isinstance(review, Mapping):
        reader.error("invalid_field", "human_review must be an object", "human_review")
        review = {}
    on_timeout = review.get("on_timeout", "fail")
    if on_timeout not in ("fail", "escalate"):
        reader.error("invalid_on_timeout", "on_timeout must be fail or escalate", "human_review")
        on_timeout = "fail"
    tools = reader.tools(doc.get("tools"))
    guardrails = doc.get("guardrails")
    return AgentSpec(
        source=source,
        name=name,
        description=reader.text(doc, "description", None),
        workflow_kind=str(kind),
        agent_name=agent_name,
        steps=reader.steps(doc.get("steps"), tools),
        guardrails=() if guardrails is None else reader.strings(guardrails, "guardrails"),
        tools=tools,
        on_timeout=str(on_timeout),
        review_timeout=reader.timeout(
            review.get("timeout_seconds"), "human_review.timeout_seconds"
        ),
        timeout=reader.timeout(doc.get("timeout_seconds"), "timeout_seconds"),
        diagnostics=tuple(reader.diagnostics),
    )


def _violation(rule: str, message: str) -> JSON:
    return {"code": f"policy.{rule}", "severity": "error", "message": message, "rule": rule}


def violations(spec: AgentSpec, policy: Mapping[str, Any] | None) -> list[JSON]:
    """The rules of ``policy`` that ``spec`` breaks (none without an enabled policy)."""
    if policy is None or not policy.get("enabled", True):
        return []
    found: list[JSON] = []
    if policy.get("require_guardrails") and not spec.guardrails:
        found.append(_violation("require_guardrails", "the environment requires guardrails"))
    if policy.get("require_human_review") and not spec.has_human_review:
        found.append(
            _violation("require_human_review", "the environment requires a human review step")
        )
    if policy.get("require_tool_permissions") and any(not t.permissions for t in spec.tools):
        found.append(_violation("require_tool_permissions", "every tool needs permissions here"))
    if policy.get("deny_unrestricted_tools") and any(t.unrestricted for t in spec.tools):
        found.append(_violation("deny_unrestricted_tools", "unrestricted tools are denied here"))
    if policy.get("fail_on_warnings") and spec.warnings:
        found.append(_violation("fail_on_warnings", "the spec has warnings, which fail here"))
    blocked = set(policy.get("blocked_diagnostic_codes") or ())
    for code in sorted(blocked & {d["code"] for d in spec.diagnostics}):
        found.append(
            {
                **_violation("blocked_diagnostic_codes", f"diagnostic {code} is blocked here"),
                "diagnostic": code,
            }
        )
    return found


def policy_report(spec: AgentSpec, environment: str | None, policies: Mapping[str, JSON]) -> JSON:
    """``SpecPolicyReportResponse``: the spec against ``environment``'s policy, and every other.

    ``valid`` is whether a run of the spec would be accepted there: the spec is valid and no
    rule of the environment's policy refuses it (an environment without a policy gates nothing).
    """
    policy = policies.get(environment) if environment else None
    found = violations(spec, policy)
    allowed = spec.valid and not found
    report: JSON = {
        "environment": environment,
        "policy": policy,
        "allowed": allowed,
        "violations": found,
        "diagnostics": list(spec.diagnostics),
        "spec": spec.brief(),
        "environments": {
            name: _verdict(spec, violations(spec, other))
            for name, other in sorted(policies.items())
        },
    }
    return {"report": report, "valid": allowed}


def _verdict(spec: AgentSpec, found: list[JSON]) -> JSON:
    return {"allowed": spec.valid and not found, "violations": [v["code"] for v in found]}


def _graph(spec: AgentSpec) -> tuple[list[JSON], list[JSON]]:
    nodes = [{"id": s.id, "kind": s.kind} for s in spec.steps]
    edges = [{"from": a.id, "to": b.id} for a, b in zip(spec.steps, spec.steps[1:], strict=False)]
    return nodes, edges


def compile_summary(spec: AgentSpec) -> JSON:
    """``SpecCompileResponse.summary``: the runtime graph of the spec."""
    nodes, edges = _graph(spec)
    return {
        **spec.brief(),
        "agent_name": spec.agent_name,
        "nodes": nodes,
        "edges": edges,
        "start": nodes[0]["id"] if nodes else None,
        "guardrails": list(spec.guardrails),
        "tools": [{"name": t.name, "permissions": list(t.permissions)} for t in spec.tools],
        "human_review": spec.has_human_review,
        "timeout_seconds": spec.timeout,
    }


def explain_summary(spec: AgentSpec) -> JSON:
    """``SpecExplainResponse.summary``: the spec in words, with its diagnostics."""
    chain = " -> ".join(f"{s.id} ({s.kind})" for s in spec.steps) or "nothing"
    text = f"A {spec.workflow_kind} workflow of {len(spec.steps)} step(s): {chain}."
    if spec.has_human_review:
        text += f" It waits for a human decision (on timeout: {spec.on_timeout})."
    return {
        **spec.brief(),
        "description": spec.description,
        "explanation": text,
        "steps": [{"id": s.id, "kind": s.kind} for s in spec.steps],
        "diagnostics": list(spec.diagnostics),
    }
