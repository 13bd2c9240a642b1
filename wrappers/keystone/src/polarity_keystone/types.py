"""Every response shape of the Keystone API as a dataclass with ``from_dict`` and ``to_dict``.

::

    from polarity_keystone.types import RunResults

    results = RunResults.from_dict({"total_scenarios": 2, "passed": 1, "scenarios": [...]})
    for scenario in results.scenarios:
        if scenario.status == "fail":
            print(scenario.scenario_id, [i.name for i in scenario.invariants if not i.passed])

Every ``from_dict(data)`` follows the same rules, so a newer service never breaks an older SDK:

* a missing key, or a JSON ``null``, takes the field's default (``from_dict(None)`` gives an
  all-defaults instance);
* unknown keys are kept, untouched, in the instance's ``extra`` dict, and ``to_dict()`` writes
  them back (a value read and re-sent keeps every field the service added);
* statuses, states and kinds are plain ``str``: a new value is just a new string;
* a value of the wrong type is converted only when no information is lost (an integer where a
  float is expected, ``3.0`` where an integer is expected); anything else raises
  :class:`~polarity_keystone.KeystoneMalformedResponseError` naming the field
  (``Sandbox.services['db'].port: expected an integer, got a string``) — never a bare
  ``KeyError``, ``TypeError`` or ``ValueError``;
* nested objects (a sandbox's ``services``, a run's ``scenarios`` and their ``invariants``...)
  are parsed recursively by the same rules.

``to_dict()`` gives the JSON object back (nested objects as dicts, ``None`` fields left out).
Instances are mutable, slotted and compared by value; constructors take keyword arguments only,
so fields can be added in any order without breaking callers.

``KeystoneError`` is importable from here too, as the page shows (it lives in
:mod:`polarity_keystone`; importing it from here loads the error module on first use only).
"""

from __future__ import annotations

import dataclasses
import types as _pytypes
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import Field, dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    # Only for the type checker: typing_extensions costs ~25 ms to import (3.10 has no
    # typing.dataclass_transform).
    from typing_extensions import dataclass_transform

    from polarity_keystone._exceptions import KeystoneError
else:

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        return lambda decorated: decorated


__all__ = [
    "AgentAuth",
    "AgentSnapshot",
    "AlertRule",
    "CommandResult",
    "Comparison",
    "ConfigFile",
    "CostDataPoint",
    "CostInfo",
    "DatasetInfo",
    "Experiment",
    "ExperimentMetrics",
    "FileState",
    "ForbiddenCheckResult",
    "InvariantResult",
    "KeystoneError",
    "MetricComparison",
    "MetricsSummary",
    "PassRateDataPoint",
    "Prompt",
    "Reproducer",
    "RunMetrics",
    "RunResults",
    "Sandbox",
    "SandboxSpec",
    "ScenarioResult",
    "ScoreRecord",
    "ScoreRule",
    "ServiceInfo",
    "StateDiff",
    "StateSnapshot",
    "ToolMetric",
    "TraceEvent",
]

T = TypeVar("T")
W = TypeVar("W", bound="_WireType")
_Convert = Callable[[Any], Any]

# Field metadata: `wire=False` keeps a field out of from_dict/to_dict; `int_text=True` also
# accepts an integer written as decimal digits (the published client int()-ed prompt versions).
_NOT_ON_WIRE: Mapping[str, Any] = {"wire": False}
_INT_TEXT: Mapping[str, Any] = {"int_text": True}


# -- the parsing rules, written once ---------------------------------------------------------


class _Mismatch(Exception):
    """A value of the wrong type inside a payload; collects its path while unwinding."""

    def __init__(self, expected: str, got: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = _json_kind(got)
        self.path: list[str] = []


def _json_kind(value: object) -> str:
    """What a value is, in JSON's words (never the value itself: it could be a secret)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def _as_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _Mismatch("a string", value)


def _as_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    # 3.0 is lossless; 3.5 is not (and neither is inf or nan).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _Mismatch("an integer", value)


def _as_int_or_digits(value: Any) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return _as_int(value)


def _as_float(value: Any) -> float:
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an integer beyond any float
            raise _Mismatch("a number", value) from None
    raise _Mismatch("a number", value)


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _Mismatch("a boolean", value)


def _as_any(value: Any) -> Any:
    return value


def _as_object(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    raise _Mismatch("an object", value)


def _list_of(convert: _Convert) -> _Convert:
    def parse(value: Any) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise _Mismatch("an array", value)
        items = []
        for index, item in enumerate(value):
            try:
                items.append(convert(item))
            except _Mismatch as mismatch:
                mismatch.path.append(f"[{index}]")
                raise
        return items

    return parse


def _map_of(convert: _Convert) -> _Convert:
    def parse(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Mismatch("an object", value)
        items = {}
        for key, item in value.items():
            try:
                items[key] = convert(item)
            except _Mismatch as mismatch:
                mismatch.path.append(f"[{key!r}]")
                raise
        return items

    return parse


def _nested(cls: type[_WireType]) -> _Convert:
    def parse(value: Any) -> Any:
        if value is None:  # null inside an array or a map is not an object
            raise _Mismatch("an object", value)
        return cls._parse(value)

    return parse


_SCALARS: Mapping[object, _Convert] = {
    str: _as_str,
    int: _as_int,
    float: _as_float,
    bool: _as_bool,
    Any: _as_any,
}


def _converter(annotation: Any) -> _Convert:
    """The parser of one annotation (the few forms the types below use)."""
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or origin is _pytypes.UnionType:
        # `X | None`: a null is handled before conversion (it means "the default").
        (inner,) = (a for a in args if a is not type(None))
        return _converter(inner)
    if origin is list:
        return _list_of(_converter(args[0]))
    if origin is dict:
        return _as_object if args[1] is Any else _map_of(_converter(args[1]))
    if isinstance(annotation, type) and issubclass(annotation, _WireType):
        return _nested(annotation)
    raise TypeError(f"no wire parser for {annotation!r}")  # a mistake in this module


class _Schema:
    """What from_dict / to_dict / == / repr need to know about one class, computed once."""

    # A plain class, not a dataclass: this module's import time is mostly dataclass creation.
    __slots__ = ("compared", "known", "shown", "wire")

    def __init__(
        self,
        wire: tuple[tuple[str, _Convert], ...],
        compared: tuple[str, ...],
        shown: tuple[str, ...],
    ) -> None:
        self.wire = wire
        self.known = frozenset(name for name, _ in wire)
        self.compared = compared
        self.shown = shown


_SCHEMAS: dict[type, _Schema] = {}


def _schema_of(cls: type) -> _Schema:
    schema = _SCHEMAS.get(cls)
    if schema is None:
        # On first use, not at import: resolving annotations costs ~50 µs a class.
        hints = typing.get_type_hints(cls)
        fields = [f for f in dataclasses.fields(cls) if f.name != "extra"]
        wire = tuple(
            (
                f.name,
                _as_int_or_digits if f.metadata.get("int_text") else _converter(hints[f.name]),
            )
            for f in fields
            if f.metadata.get("wire", True)
        )
        every = dataclasses.fields(cls)
        schema = _Schema(
            wire,
            compared=tuple(f.name for f in every if f.compare),
            shown=tuple(f.name for f in every if f.repr),
        )
        _SCHEMAS[cls] = schema
    return schema


_DEFAULTS: dict[type, tuple[tuple[str, Any, Callable[[], Any] | None], ...]] = {}


def _defaults_of(cls: type) -> tuple[tuple[str, Any, Callable[[], Any] | None], ...]:
    """Each field's name, default and default factory (for the shared ``__init__``)."""
    table = _DEFAULTS.get(cls)
    if table is None:
        table = tuple(
            (
                f.name,
                f.default,
                None if f.default_factory is dataclasses.MISSING else f.default_factory,
            )
            for f in dataclasses.fields(cls)
        )
        _DEFAULTS[cls] = table
    return table


def _to_json(value: Any) -> Any:
    if isinstance(value, _WireType):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


def _malformed(cls: type, mismatch: _Mismatch) -> Exception:
    # Imported here: the error module loads httpx, which `import polarity_keystone.types`
    # must not pay for.
    from polarity_keystone._exceptions import KeystoneMalformedResponseError

    where = cls.__name__ + "".join(reversed(mismatch.path))
    return KeystoneMalformedResponseError(
        f"{where}: expected {mismatch.expected}, got {mismatch.got}", field=where
    )


class _WireType:
    """The behaviour every response dataclass shares (see the module docstring)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, so unhashable (as dataclass does)

    if TYPE_CHECKING:
        # What @dataclass classes have for the type checker (dataclasses.asdict, replace...).
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    extra: dict[str, Any]

    def __init__(self, *args: Any, **values: Any) -> None:
        # One __init__ for every type instead of a generated one each: @dataclass compiles
        # its methods from source, ~0.3 ms a class, which was most of this module's import
        # time. The type checker sees the same keyword-only signature (dataclass_transform).
        if args:
            raise TypeError(f"{type(self).__name__}() takes keyword arguments only")
        for name, default, factory in _defaults_of(type(self)):
            if name in values:
                value = values.pop(name)
            elif factory is not None:
                value = factory()
            else:
                value = default
            object.__setattr__(self, name, value)
        if values:
            unknown = ", ".join(repr(name) for name in values)
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments {unknown}")

    @classmethod
    def from_dict(cls: type[W], data: Mapping[str, Any] | None) -> W:
        """An instance from a JSON object, by the rules of :mod:`polarity_keystone.types`.

        Raises:
            KeystoneMalformedResponseError: ``data`` is not an object (or None), or a field
                holds a value of the wrong type; ``field`` names where.

        """
        try:
            return cls._parse(data)
        except _Mismatch as mismatch:
            raise _malformed(cls, mismatch) from None

    @classmethod
    def _parse(cls: type[W], data: Any) -> W:
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise _Mismatch("an object", data)
        schema = _schema_of(cls)
        values: dict[str, Any] = {}
        for name, convert in schema.wire:
            value = data.get(name)
            if value is None:  # missing or null: the field's default
                continue
            try:
                values[name] = convert(value)
            except _Mismatch as mismatch:
                mismatch.path.append(f".{name}")
                raise
        extra = {key: value for key, value in data.items() if key not in schema.known}
        cls._finish(values, data)
        values["extra"] = extra
        # Built here, not through __init__: the values are already checked and named after
        # fields, and an export page parses thousands of these (the keyword round trip was
        # a third of the cost).
        made = object.__new__(cls)
        for name, default, factory in _defaults_of(cls):
            if name in values:
                value = values[name]
            elif factory is not None:
                value = factory()
            else:
                value = default
            object.__setattr__(made, name, value)
        return made

    @classmethod
    def _finish(cls, values: dict[str, Any], data: Mapping[str, Any]) -> None:
        """Adjust parsed values before construction (a hook; most types need none)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: every field (``None`` ones left out), then the kept unknown keys."""
        out = {}
        for name, _ in _schema_of(type(self)).wire:
            value = getattr(self, name)
            if value is not None:
                out[name] = _to_json(value)
        for key, value in self.extra.items():
            out.setdefault(key, _to_json(value))  # a field always wins over an unknown key
        return out

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name) for name in _schema_of(type(self)).compared
        )

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in _schema_of(type(self)).shown
        )
        return f"{type(self).__qualname__}({shown})"


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
def _wire(cls: type[W]) -> type[W]:
    """A response type: a slotted, keyword-only dataclass with :class:`_WireType`'s methods."""
    # init/repr/eq come from _WireType: generating them per class is the cost avoided.
    return dataclass(slots=True, kw_only=True, init=False, repr=False, eq=False)(cls)


# -- sandboxes -------------------------------------------------------------------------------


@_wire
class ServiceInfo(_WireType):
    """One service of a sandbox (``sb.services["db"]``), e.g. ``ServiceInfo(host="db", port=5432)``.

    Attributes:
        host: the host name the service answers on inside the sandbox.
        port: its port.
        ready: whether it has passed its readiness check.
        extra: keys this SDK does not know, kept as received.

    """

    host: str = ""
    port: int = 0
    ready: bool = False
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class Sandbox(_WireType):
    """A sandbox (``sandboxes.create`` / ``get`` / ``list``).

    Attributes:
        id: its id (``sb-...``).
        spec_id: the spec it was created from.
        state: its lifecycle state (an open set of strings, e.g. ``"running"``).
        path: its workspace path.
        url: where it can be reached, if it exposes one.
        created_at: when it was created (ISO-8601).
        metadata: the ``metadata`` given at creation.
        services: its services by name.
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    spec_id: str = ""
    state: str = ""
    path: str = ""
    url: str = ""
    created_at: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class CommandResult(_WireType):
    """What ``sandboxes.run_command`` returns.

    Attributes:
        command: the command that ran.
        stdout: its standard output.
        stderr: its standard error.
        exit_code: its exit status.
        duration_ms: how long it ran, in milliseconds.
        extra: keys this SDK does not know, kept as received.

    """

    command: str = ""
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0
    duration_ms: int = 0
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class FileState(_WireType):
    """One file of a :class:`StateSnapshot`.

    Attributes:
        size: its size in bytes.
        mode: its permission bits as text (e.g. ``"0644"``).
        checksum: its content checksum.
        extra: keys this SDK does not know, kept as received.

    """

    size: int = 0
    mode: str = ""
    checksum: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class StateSnapshot(_WireType):
    """A sandbox's file system at one moment (``sandboxes.state``).

    Attributes:
        captured_at: when it was taken (ISO-8601).
        files: every file by path.
        extra: keys this SDK does not know, kept as received.

    """

    captured_at: str = ""
    files: dict[str, FileState] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class StateDiff(_WireType):
    """How a sandbox's files changed since it was created (``sandboxes.diff``).

    Attributes:
        added: paths created.
        removed: paths deleted.
        modified: paths whose content changed.
        extra: keys this SDK does not know, kept as received.

    """

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class SandboxSpec(_WireType):
    """A stored spec (``specs.create`` / ``get`` / ``list``).

    Attributes:
        id: its id (e.g. ``"fix-failing-test"``).
        version: its version number.
        description: its description.
        raw: the whole object as received (not sent back by ``to_dict``).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    version: int = 0
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, metadata=_NOT_ON_WIRE)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def _finish(cls, values: dict[str, Any], data: Mapping[str, Any]) -> None:
        values["raw"] = dict(data)


# -- experiments -----------------------------------------------------------------------------


@_wire
class Experiment(_WireType):
    """An experiment (``experiments.create`` / ``list``).

    Attributes:
        id: its id (``exp-...``).
        name: its name.
        spec_id: the spec its scenarios come from.
        status: its status (an open set of strings).
        created_at: when it was created (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    name: str = ""
    spec_id: str = ""
    status: str = ""
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class CostInfo(_WireType):
    """Token counts and estimated cost of a scenario or an LLM call.

    Attributes:
        input_tokens: prompt tokens.
        output_tokens: completion tokens.
        cache_read_tokens: prompt tokens read from the provider's cache.
        reasoning_tokens: reasoning tokens (trace events carry them; the published client
            dropped them).
        model: the model the provider reported.
        estimated_usd: the estimated cost in US dollars.
        extra: keys this SDK does not know, kept as received.

    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    reasoning_tokens: int = 0
    model: str = ""
    estimated_usd: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class InvariantResult(_WireType):
    """One invariant checked on a scenario (client-side scores are appended as these).

    Attributes:
        name: the invariant's name.
        passed: whether it held.
        gate: whether failing it fails the scenario whatever the other scores.
        weight: its weight in the composite score.
        score: its score (nominally 0 to 1).
        message: what the check reported.
        reason: why it passed or failed (LLM judges).
        extra: keys this SDK does not know, kept as received.

    """

    name: str = ""
    passed: bool = False
    gate: bool = False
    weight: float = 0.0
    score: float = 0.0
    message: str = ""
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ForbiddenCheckResult(_WireType):
    """One forbidden-action rule checked on a scenario.

    Attributes:
        rule: the rule.
        violated: whether the agent broke it.
        details: what it did, when it did.
        extra: keys this SDK does not know, kept as received.

    """

    rule: str = ""
    violated: bool = False
    details: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class Reproducer(_WireType):
    """How to re-run one scenario locally.

    Attributes:
        spec_file: the spec file.
        seed: the random seed.
        scenario_id: the scenario.
        parameters: its parameters.
        command: the command that reproduces it.
        extra: keys this SDK does not know, kept as received.

    """

    spec_file: str = ""
    seed: int = 0
    scenario_id: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    command: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ScenarioResult(_WireType):
    """One scenario of a run: what the agent did and how it scored.

    This is what a :class:`~polarity_keystone.Scorer` is called with in
    ``experiments.run_and_wait(scores=[...])``.

    Attributes:
        scenario_id: the scenario.
        sandbox_id: the sandbox it ran in.
        status: its outcome (an open set of strings; the page tests ``"fail"``).
        parameters: the scenario's parameters (inputs and expectations scorers read).
        wall_ms: its wall-clock time in milliseconds.
        exit_code: the agent's exit status.
        tool_calls: how many tool calls the agent made.
        composite_score: the weighted score of its invariants.
        agent_output: the agent's output.
        agent_stderr: the agent's standard error.
        invariants: every invariant checked.
        forbidden_checks: every forbidden-action rule checked.
        trace_file: where its trace is stored.
        reproducer: how to re-run it, if known.
        error: what went wrong, if it errored.
        cost: its token counts and cost, if known.
        extra: keys this SDK does not know, kept as received.

    """

    scenario_id: str = ""
    sandbox_id: str = ""
    status: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    wall_ms: int = 0
    exit_code: int = 0
    tool_calls: int = 0
    composite_score: float = 0.0
    agent_output: str = ""
    agent_stderr: str = ""
    invariants: list[InvariantResult] = field(default_factory=list)
    forbidden_checks: list[ForbiddenCheckResult] = field(default_factory=list)
    trace_file: str = ""
    reproducer: Reproducer | None = None
    error: str = ""
    cost: CostInfo | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class RunMetrics(_WireType):
    """Aggregates over one run's scenarios.

    Means and percentiles are floats (the published client typed some as int, but a mean of
    integers is rarely one).

    Attributes:
        pass_rate: passed / total (0 to 1).
        mean_wall_ms: mean wall-clock time per scenario.
        p95_wall_ms: 95th percentile of the wall-clock time.
        mean_tool_calls: mean tool calls per scenario.
        mean_tokens: mean tokens per scenario.
        total_cost_usd: the run's estimated cost.
        mean_cost_per_run_usd: the mean cost per scenario.
        tool_success_rate: the share of tool calls that succeeded.
        side_effect_violations: how many forbidden side effects were seen.
        extra: keys this SDK does not know, kept as received.

    """

    pass_rate: float = 0.0
    mean_wall_ms: float = 0.0
    p95_wall_ms: float = 0.0
    mean_tool_calls: float = 0.0
    mean_tokens: float = 0.0
    total_cost_usd: float = 0.0
    mean_cost_per_run_usd: float = 0.0
    tool_success_rate: float = 0.0
    side_effect_violations: int = 0
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class RunResults(_WireType):
    """An experiment's results (``experiments.get`` / ``run_and_wait``; partial while running).

    Attributes:
        ran_at: when the run started (ISO-8601).
        spec_id: the spec its scenarios come from.
        experiment_id: the experiment.
        seed: the run's random seed.
        total_scenarios: how many scenarios the run has.
        passed: how many passed.
        failed: how many failed.
        flaky: how many were flaky.
        errors: how many errored.
        metrics: aggregates over the scenarios.
        scenarios: every scenario finished so far.
        extra: keys this SDK does not know, kept as received.

    """

    ran_at: str = ""
    spec_id: str = ""
    experiment_id: str = ""
    seed: int = 0
    total_scenarios: int = 0
    passed: int = 0
    failed: int = 0
    flaky: int = 0
    errors: int = 0
    metrics: RunMetrics = field(default_factory=RunMetrics)
    scenarios: list[ScenarioResult] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_complete(self) -> bool:
        """Whether every scenario has an outcome: the service's results carry no status.

        True when ``total_scenarios > 0`` and ``passed + failed + flaky + errors`` reaches it
        (the rule ``run_and_wait`` uses).
        """
        done = self.passed + self.failed + self.flaky + self.errors
        return self.total_scenarios > 0 and done >= self.total_scenarios


@_wire
class MetricComparison(_WireType):
    """One metric of a :class:`Comparison`.

    Attributes:
        name: the metric (e.g. ``"pass_rate"``).
        baseline: its value in the baseline experiment.
        candidate: its value in the candidate.
        delta: candidate minus baseline.
        direction: whether that is better or worse (an open set of strings).
        extra: keys this SDK does not know, kept as received.

    """

    name: str = ""
    baseline: float = 0.0
    candidate: float = 0.0
    delta: float = 0.0
    direction: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class Comparison(_WireType):
    """Two experiments compared (``experiments.compare``).

    Attributes:
        baseline_id: the baseline experiment.
        candidate_id: the candidate experiment.
        metrics: every metric compared.
        regressed: whether the candidate regressed on any metric.
        regressions: the names of the metrics that regressed.
        extra: keys this SDK does not know, kept as received.

    """

    baseline_id: str = ""
    candidate_id: str = ""
    metrics: list[MetricComparison] = field(default_factory=list)
    regressed: bool = False
    regressions: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ToolMetric(_WireType):
    """How one tool fared across an experiment's runs.

    Attributes:
        count: how often it was called.
        mean_ms: its mean duration in milliseconds.
        error_rate: the share of its calls that failed.
        extra: keys this SDK does not know, kept as received.

    """

    count: int = 0
    mean_ms: float = 0.0
    error_rate: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class MetricsSummary(_WireType):
    """An experiment's metrics over all its runs.

    Attributes:
        total_runs: how many runs.
        pass_rate: the overall pass rate.
        total_cost_usd: the total estimated cost.
        mean_cost_per_run_usd: the mean cost per run.
        mean_wall_ms: the mean wall-clock time per scenario.
        p95_wall_ms: its 95th percentile.
        total_tool_calls: how many tool calls in all.
        tool_success_rate: the share of tool calls that succeeded.
        extra: keys this SDK does not know, kept as received.

    """

    total_runs: int = 0
    pass_rate: float = 0.0
    total_cost_usd: float = 0.0
    mean_cost_per_run_usd: float = 0.0
    mean_wall_ms: float = 0.0
    p95_wall_ms: float = 0.0
    total_tool_calls: int = 0
    tool_success_rate: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class CostDataPoint(_WireType):
    """The cost of one run, in :attr:`ExperimentMetrics.cost_trend`.

    Attributes:
        run_id: the run.
        cost_usd: its estimated cost.
        ts: when it ran (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    run_id: str = ""
    cost_usd: float = 0.0
    ts: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class PassRateDataPoint(_WireType):
    """The pass rate of one run, in :attr:`ExperimentMetrics.pass_rate_trend`.

    Attributes:
        run_id: the run.
        pass_rate: its pass rate.
        ts: when it ran (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    run_id: str = ""
    pass_rate: float = 0.0
    ts: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ExperimentMetrics(_WireType):
    """An experiment's metrics (``experiments.metrics``).

    Attributes:
        experiment_id: the experiment.
        summary: the metrics over all its runs.
        tool_breakdown: per-tool metrics, by tool name.
        cost_trend: the cost of each run, oldest first.
        pass_rate_trend: the pass rate of each run, oldest first.
        extra: keys this SDK does not know, kept as received.

    """

    experiment_id: str = ""
    summary: MetricsSummary = field(default_factory=MetricsSummary)
    tool_breakdown: dict[str, ToolMetric] = field(default_factory=dict)
    cost_trend: list[CostDataPoint] = field(default_factory=list)
    pass_rate_trend: list[PassRateDataPoint] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


# -- alerts, agents, datasets, scoring, prompts ---------------------------------------------


@_wire
class AlertRule(_WireType):
    """An alert rule (``alerts.create`` / ``list``).

    Attributes:
        id: its id (``alert_...``).
        name: its name.
        eval_id: the experiment or eval it watches, if limited to one.
        condition: when it fires (e.g. ``"pass_rate < 0.8"``).
        window: over which runs (e.g. ``"last_5_runs"``).
        notify: how it notifies (``"webhook"`` or ``"slack"``; an open set).
        webhook_url: the webhook it calls.
        slack_channel: the Slack channel it posts to.
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    name: str = ""
    eval_id: str = ""
    condition: str = ""
    window: str = ""
    notify: str = ""
    webhook_url: str = ""
    slack_channel: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ConfigFile(_WireType):
    """A configuration file an agent needs, in :attr:`AgentAuth.config_files`.

    Attributes:
        path: where the file goes, relative to the agent's root (e.g. ``".env"``).
        template: its content, with placeholders the sandbox fills.
        extra: keys this SDK does not know, kept as received.

    """

    path: str = ""
    template: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class AgentAuth(_WireType):
    """What an agent needs to authenticate (given to ``agents.upload(auth=...)``).

    Attributes:
        required_env: environment variables it needs (e.g. ``["ANTHROPIC_API_KEY"]``).
        config_files: files it needs.
        egress: the hosts it may reach, by purpose.
        extra: keys this SDK does not know, kept as received.

    """

    required_env: list[str] = field(default_factory=list)
    config_files: list[ConfigFile] = field(default_factory=list)
    egress: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class AgentSnapshot(_WireType):
    """One uploaded version of an agent (``agents.upload`` / ``get`` / ``list``).

    Attributes:
        id: its content-hash id (``snap_...``).
        name: the agent's name.
        version: its version number (assigned by the service).
        tag: its tag (e.g. ``"v2.1"``), if any.
        digest: the bundle's digest.
        size_bytes: the bundle's size.
        storage_path: where the bundle is stored.
        runtime: its runtime (e.g. ``"python3.12"``).
        entrypoint: the command that starts it.
        auth: what it needs to authenticate, if declared.
        created_at: when it was uploaded (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    name: str = ""
    version: int = 0
    tag: str = ""
    digest: str = ""
    size_bytes: int = 0
    storage_path: str = ""
    runtime: str = ""
    entrypoint: list[str] = field(default_factory=list)
    auth: AgentAuth | None = None
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class DatasetInfo(_WireType, Mapping[str, Any]):
    """A dataset (``datasets.create`` / ``get`` / ``list``).

    Also a read-only mapping of its JSON object (``ds["id"]``, ``dict(ds)``), as the published
    client's datasets were, so both spellings keep working.

    Attributes:
        id: its id (``ds_...``).
        name: its name.
        description: its description.
        version: its current version (adding records increments it).
        created_at: when it was created (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    name: str = ""
    description: str = ""
    version: int = 0
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())


@_wire
class ScoreRule(_WireType):
    """A scoring rule (``scoring.create_rule`` / ``list_rules``): the page's ``rule.id`` works.

    Attributes:
        id: its id.
        name: its name (e.g. ``"factuality"``).
        type: its kind (``"llm_as_judge"``, ``"regex"``, ``"contains"``, ...; an open set).
        config: its settings (e.g. ``{"model": "paragon-fast", "rubric": {...}}``).
        created_at: when it was created (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    name: str = ""
    type: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class ScoreRecord(_WireType):
    """One score a rule gave one trace (``scoring.get_scores``, ``export.scores``).

    Attributes:
        rule_id: the rule.
        trace_id: the trace it scored.
        score: the score (nominally 0 to 1).
        passed: whether it passed.
        message: the rule's explanation.
        extra: keys this SDK does not know, kept as received.

    """

    rule_id: str = ""
    trace_id: str = ""
    score: float = 0.0
    passed: bool = False
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@_wire
class Prompt(_WireType):
    """One version of a stored prompt (``prompts.create`` / ``get`` / ``list``).

    Attributes:
        id: this version's id.
        user_id: its owner.
        slug: the prompt's name; every create of a slug makes a new version.
        version: the version number (also accepted as a string of digits).
        tag: its tag, if any.
        template: the template text (``{var}`` / ``{{var}}`` placeholders).
        variables: the stored default values of its variables.
        metadata: free-form metadata.
        created_at: when it was created (ISO-8601).
        extra: keys this SDK does not know, kept as received.

    """

    id: str = ""
    user_id: str = ""
    slug: str = ""
    version: int = field(default=0, metadata=_INT_TEXT)
    tag: str = ""
    template: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


# -- traces ----------------------------------------------------------------------------------


@_wire
class TraceEvent(_WireType):
    """One trace event, as ingested (``sandboxes.ingest_trace``, ``/v1/traces``) and exported.

    ``@traced`` spans give a ``"tool_call"`` event with ``phase="start"`` and one with
    ``phase="end"`` (which adds ``duration_ms``, ``error_type`` and ``output``); LLM calls give
    ``"llm_call"`` events (``phase="complete"``, with ``input``, ``output``, ``cost`` and the
    ``gen_ai.*`` keys in ``metadata``) and a ``"tool_use"`` event per tool call. ``to_dict()``
    is the wire form: fields that are None are left out, as a start event has no
    ``duration_ms``.

    Attributes:
        ts: when it happened (ISO-8601, UTC).
        event_type: its kind (``"tool_call"``, ``"llm_call"``, ``"tool_use"``, ``"eval"``...;
            an open set).
        tool: the span, tool or provider call it is about (e.g. ``"anthropic.create"``).
        phase: ``"start"``, ``"end"``, ``"complete"``, ``"invoked"``... (an open set).
        span_id: its span's id.
        parent_span_id: the enclosing span's id (``""`` at the root).
        root_span_id: the root span's id (``""`` when it is the root).
        status: ``"ok"`` or ``"error"`` (an open set).
        duration_ms: how long the span took, on events that end one.
        error_type: the kind of error (``""`` or e.g. ``"tool_error"``), on events that end one.
        input: the input, as text (LLM calls: the JSON of the messages).
        output: the output, as text.
        cost: token counts and cost (LLM calls).
        metadata: free-form metadata (``gen_ai.system``, ``gen_ai.request.model``, ...).
        extra: keys this SDK does not know, kept as received.

    """

    ts: str = ""
    event_type: str = ""
    tool: str = ""
    phase: str = ""
    span_id: str = ""
    parent_span_id: str = ""
    root_span_id: str = ""
    status: str = "ok"
    duration_ms: int | None = None
    error_type: str | None = None
    input: str | None = None
    output: str | None = None
    cost: CostInfo | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        # The page imports KeystoneError from here; loading it (and httpx) only when asked
        # keeps `from polarity_keystone.types import RunResults` cheap.
        if name == "KeystoneError":
            from polarity_keystone._exceptions import KeystoneError

            globals()[name] = KeystoneError
            return KeystoneError
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
