r"""Sandbox specs: the YAML documents ``POST /v1/specs`` stores, parsed and checked.

A spec is a YAML mapping; every key is optional and unknown keys are ignored (a newer document
still loads)::

    id: fix-failing-test            # one path segment (default: spec-<12 hex of the document>)
    description: Fix the failing unit test
    agent: fixer                    # a name (or {name: ...}): the trace events carry it
    model: claude-sonnet-4-6        # what scenario costs are priced at
    seed: 7                         # the first run's seed (each later run adds one)
    files:                          # the sandbox's initial working tree: path -> text
      src/add.ts: "export const add = (a, b) => a - b;\n"
    services:                       # name -> {port, image?, host?}
      db: {image: postgres:16, port: 5432}
    commands:                       # canned results for command lines (see ._sandbox)
      npm test: {exit_code: 1, stdout: "FAIL\n", stderr: "", duration_ms: 1800}
    secrets: [ANTHROPIC_API_KEY]    # declared secret names (or [{name: ...}])
    invariants:                     # checked for every scenario
      - name: tests_pass
        gate: true                  # a failed gate fails the scenario whatever the score
        weight: 1.0
        check: {type: command_exit, command: npm test, exit_code: 0}
    forbidden: [no_network]         # forbidden-action rules (or [{rule: ...}])
    pass_threshold: 1.0             # the composite score a scenario needs to pass
    scenarios:                      # what an experiment over the spec runs, in order
      - id: fixed
        parameters: {input: "..."}
        files: {src/add.ts: "..."}  # laid over the spec's files for this scenario
        commands: {npm test: {exit_code: 0}}
        agent_output: "Changed - to +"
        wall_ms: 1500
        tool_calls: 4
        tools: [read, edit, shell]  # the tool_use events' names, in turn
        tokens: {input: 1200, output: 300, cache_read: 0, reasoning: 0}
        violates: [no_network]      # forbidden rules this scenario breaks
        outcome: flaky              # pass | fail | flaky | error: forces the status
        error: "agent crashed"      # the message of an `error` outcome
        invariants: [...]           # more invariants, for this scenario only

A document without ``scenarios`` has one, ``default``. The invariant checks the fake
evaluates, against the scenario's file tree and output:

=====================  ================================================================
``file_exists``        ``path`` is in the tree
``file_content``       the file at ``path`` holds ``contains`` / lacks ``not_contains`` /
                       matches the regular expression ``pattern`` (each that is given)
``command_exit``       ``command`` (run by the fake's command set) exits ``exit_code``
                       (default 0)
``contains``           the agent output holds ``text`` (case-insensitive)
``exact_match``        the agent output, stripped, is ``expected``
``regex``              the agent output matches ``pattern``
``json_validity``      the agent output is JSON
anything else          (``sql``, ``llm_as_judge``, ``custom``, ...) passes, score 1.0, with
                       the message "not evaluated by the fake"
=====================  ================================================================

An invariant may also say ``passed: true`` / ``false`` to force its verdict. A document that
is not YAML is a 400; one whose fields are wrong is a 422 naming the field (never its value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdk_core.fakes import ApiError, digest

from polarity_keystone.testing._sandbox import CannedCommand, normalize_path

__all__ = [
    "CATALOG",
    "OUTCOMES",
    "Invariant",
    "Scenario",
    "SpecDocument",
    "parse_spec",
]

JSON = dict[str, Any]
#: The outcomes a scenario may force.
OUTCOMES = ("pass", "fail", "flaky", "error")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,127}")
_MAX_SCENARIOS = 500


@dataclass(frozen=True)
class Invariant:
    """One invariant of a spec or scenario."""

    name: str
    check: Mapping[str, Any]
    weight: float = 1.0
    gate: bool = False
    forced: bool | None = None


@dataclass(frozen=True)
class Scenario:
    """One scenario of a spec: what an experiment run of it does."""

    id: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    commands: Mapping[str, CannedCommand] = field(default_factory=dict)
    outcome: str | None = None
    error: str = ""
    agent_output: str | None = None
    wall_ms: int | None = None
    tool_calls: int = 3
    tools: tuple[str, ...] = ("read", "edit", "shell")
    tokens: Mapping[str, int] = field(default_factory=dict)
    violates: frozenset[str] = frozenset()
    invariants: tuple[Invariant, ...] = ()


@dataclass(frozen=True)
class SpecDocument:
    """A parsed spec (see the module docstring for the format)."""

    id: str
    description: str
    agent: str
    model: str
    seed: int
    files: Mapping[str, str]
    services: Mapping[str, JSON]
    commands: Mapping[str, CannedCommand]
    secrets: tuple[str, ...]
    invariants: tuple[Invariant, ...]
    forbidden: tuple[str, ...]
    pass_threshold: float
    scenarios: tuple[Scenario, ...]

    def summary(self) -> JSON:
        """The document's fields as the ``SandboxSpec`` answer shows them."""
        return {
            "description": self.description,
            "agent": self.agent,
            "model": self.model,
            "files": sorted(self.files),
            "services": {
                name: {"host": service["host"], "port": service["port"], "image": service["image"]}
                for name, service in self.services.items()
            },
            "secrets": list(self.secrets),
            "scenarios": [s.id for s in self.scenarios],
            "invariants": [i.name for i in self.invariants],
        }


def _bad(where: str, problem: str) -> ApiError:
    return ApiError(422, f"spec.{where}: {problem}", code="invalid_spec")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _bad(where, "must be a mapping with string keys")
    return value


def _string(value: Any, where: str, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad(where, "must be a string")
    return str(value)


def _integer(value: Any, where: str, default: int, *, minimum: int = 0) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _bad(where, f"must be an integer >= {minimum}")
    return value


def _number(value: Any, where: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _bad(where, "must be a number >= 0")
    return float(value)


def _files(value: Any, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path, content in _mapping(value, where).items():
        normal = normalize_path(path)
        if normal is None:
            raise _bad(where, "file paths must be relative to the working tree (no '..')")
        out[normal] = _string(content, f"{where}.<file>")
    return out


def _commands(value: Any, where: str) -> dict[str, CannedCommand]:
    out: dict[str, CannedCommand] = {}
    for line, result in _mapping(value, where).items():
        result = _mapping(result, f"{where}.<command>")
        out[" ".join(line.split())] = CannedCommand(
            exit_code=_integer(result.get("exit_code"), f"{where}.exit_code", 0),
            stdout=_string(result.get("stdout"), f"{where}.stdout"),
            stderr=_string(result.get("stderr"), f"{where}.stderr"),
            duration_ms=_integer(result.get("duration_ms"), f"{where}.duration_ms", 5),
        )
    return out


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _bad(where, "must be a list")
    names: list[str] = []
    for item in value:
        if isinstance(item, Mapping):
            item = item.get(key)
        if not isinstance(item, str) or not item:
            raise _bad(where, f"items must be names (or mappings with a {key})")
        names.append(item)
    return tuple(names)


def _invariants(value: Any, where: str) -> tuple[Invariant, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _bad(where, "must be a list")
    out: list[Invariant] = []
    for i, item in enumerate(value):
        item = _mapping(item, f"{where}[{i}]")
        check = _mapping(item.get("check"), f"{where}[{i}].check")
        kind = check.get("type")
        if not isinstance(kind, str) or not kind:
            raise _bad(f"{where}[{i}].check.type", "must be a non-empty string")
        target = check.get("path") or check.get("command") or check.get("service")
        default = f"{kind}:{target}" if isinstance(target, str) else f"{kind}_{i + 1}"
        name = _string(item.get("name") or item.get("description"), f"{where}.name", default)
        forced = item.get("passed")
        if forced is not None and not isinstance(forced, bool):
            raise _bad(f"{where}[{i}].passed", "must be true or false")
        gate = item.get("gate", False)
        if not isinstance(gate, bool):
            raise _bad(f"{where}[{i}].gate", "must be true or false")
        weight = _number(item.get("weight"), f"{where}[{i}].weight", 1.0)
        out.append(Invariant(name, dict(check), weight, gate, forced))
    return tuple(out)


def _scenario(item: Any, i: int) -> Scenario:
    where = f"scenarios[{i}]"
    item = _mapping(item, where)
    scenario_id = _string(item.get("id") or item.get("name"), f"{where}.id", f"scenario-{i + 1}")
    outcome = item.get("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        raise _bad(f"{where}.outcome", f"must be one of {', '.join(OUTCOMES)}")
    tokens = _mapping(item.get("tokens"), f"{where}.tokens")
    tools = _names(item.get("tools"), f"{where}.tools", "name")
    output = item.get("agent_output")
    return Scenario(
        id=scenario_id,
        parameters=dict(_mapping(item.get("parameters"), f"{where}.parameters")),
        files=_files(item.get("files"), f"{where}.files"),
        commands=_commands(item.get("commands"), f"{where}.commands"),
        outcome=outcome,
        error=_string(item.get("error"), f"{where}.error"),
        agent_output=None if output is None else _string(output, f"{where}.agent_output"),
        wall_ms=None
        if item.get("wall_ms") is None
        else _integer(item.get("wall_ms"), f"{where}.wall_ms", 0),
        tool_calls=_integer(item.get("tool_calls"), f"{where}.tool_calls", 3),
        tools=tools or ("read", "edit", "shell"),
        tokens={
            name: _integer(tokens.get(name), f"{where}.tokens.{name}", 0)
            for name in ("input", "output", "cache_read", "reasoning")
            if tokens.get(name) is not None
        },
        violates=frozenset(_names(item.get("violates"), f"{where}.violates", "rule")),
        invariants=_invariants(item.get("invariants"), f"{where}.invariants"),
    )


def parse_spec(text: str) -> SpecDocument:
    """The spec in ``text`` (YAML); 400 if it is not YAML, 422 if its fields are wrong."""
    import yaml

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        raise ApiError(400, "the body is not a YAML document", code="invalid_yaml") from None
    except RecursionError:
        raise ApiError(400, "the YAML document is nested too deeply", code="invalid_yaml") from None
    if not isinstance(document, Mapping):
        raise ApiError(422, "the spec must be a YAML mapping", code="invalid_spec")
    return spec_from_mapping(document, text)


def spec_from_mapping(document: Mapping[str, Any], text: str = "") -> SpecDocument:
    """A spec from an already parsed document (``text``: its source, for the default id)."""
    if not all(isinstance(k, str) for k in document):
        raise ApiError(422, "the spec's keys must be strings", code="invalid_spec")
    spec_id = document.get("id", document.get("name"))
    if spec_id is None:
        spec_id = f"spec-{digest('spec', text or repr(sorted(document.items(), key=str)))[:12]}"
    if not isinstance(spec_id, str) or not _ID.fullmatch(spec_id):
        raise _bad("id", "must be 1-128 letters, digits, '.', '_' or '-', starting alphanumeric")
    agent = document.get("agent")
    if isinstance(agent, Mapping):
        agent = agent.get("name")
    services: dict[str, JSON] = {}
    for name, service in _mapping(document.get("services"), "services").items():
        service = _mapping(service, f"services.{name}")
        services[name] = {
            "host": _string(service.get("host"), f"services.{name}.host", name),
            "port": _integer(service.get("port"), f"services.{name}.port", 0),
            "image": _string(service.get("image"), f"services.{name}.image"),
        }
    raw_scenarios = document.get("scenarios")
    if raw_scenarios is not None and not isinstance(raw_scenarios, list):
        raise _bad("scenarios", "must be a list")
    scenarios = tuple(_scenario(item, i) for i, item in enumerate(raw_scenarios or []))
    if len(scenarios) > _MAX_SCENARIOS:
        raise _bad("scenarios", f"at most {_MAX_SCENARIOS} scenarios")
    if len({s.id for s in scenarios}) != len(scenarios):
        raise _bad("scenarios", "scenario ids must be unique")
    return SpecDocument(
        id=spec_id,
        description=_string(document.get("description"), "description"),
        agent=_string(agent, "agent"),
        model=_string(document.get("model"), "model", "claude-sonnet-4-6"),
        seed=_integer(document.get("seed"), "seed", 0),
        files=_files(document.get("files"), "files"),
        services=services,
        commands=_commands(document.get("commands"), "commands"),
        secrets=_names(document.get("secrets"), "secrets", "name"),
        invariants=_invariants(document.get("invariants"), "invariants"),
        forbidden=_names(document.get("forbidden"), "forbidden", "rule"),
        pass_threshold=_number(document.get("pass_threshold"), "pass_threshold", 1.0),
        scenarios=scenarios or (Scenario(id="default"),),
    )


#: The specs every fake starts with (``catalog=False`` starts empty), by id, as YAML text.
CATALOG: dict[str, str] = {
    "fix-failing-test": """\
id: fix-failing-test
description: Fix the failing unit test of a small TypeScript project
agent: fixer
model: claude-sonnet-4-6
files:
  package.json: '{"name": "adder", "scripts": {"test": "vitest run"}}'
  src/add.ts: "export const add = (a: number, b: number) => a - b;\\n"
  test/add.test.ts: "expect(add(2, 2)).toBe(4);\\n"
services:
  db: {image: "postgres:16", port: 5432}
commands:
  npm test: {exit_code: 1, stdout: "FAIL test/add.test.ts\\n", duration_ms: 1800}
secrets: [ANTHROPIC_API_KEY]
invariants:
  - name: tests_pass
    gate: true
    check: {type: command_exit, command: npm test, exit_code: 0}
  - name: add_is_fixed
    check: {type: file_content, path: src/add.ts, contains: "a + b"}
forbidden: [no_network]
scenarios:
  - id: fixed
    parameters: {input: "make the test pass"}
    files: {src/add.ts: "export const add = (a: number, b: number) => a + b;\\n"}
    commands: {npm test: {exit_code: 0, stdout: "PASS test/add.test.ts\\n", duration_ms: 1500}}
    agent_output: "Changed a - b to a + b in src/add.ts; the test passes."
    tool_calls: 4
  - id: not-fixed
    parameters: {input: "make the test pass, quickly"}
    agent_output: "I could not find the bug."
    tool_calls: 7
  - id: flaky-network
    parameters: {input: "make the test pass, offline"}
    outcome: flaky
    violates: [no_network]
    tool_calls: 2
  - id: crashed
    parameters: {input: "make the test pass, in one step"}
    outcome: error
    error: "agent exited with status 137 (out of memory)"
    tool_calls: 1
""",
    "hello-world": """\
id: hello-world
description: One scenario that always passes
agent: greeter
files:
  README.md: "# hello\\n"
invariants:
  - name: readme_exists
    check: {type: file_exists, path: README.md}
scenarios:
  - id: greet
    parameters: {input: "say hello"}
    agent_output: "hello, world"
    tool_calls: 1
""",
}
