"""Scores and scorers: what ``run_and_wait(scores=[...])`` and ``Eval`` run over each scenario.

A custom scorer is a function decorated with :class:`Scorer`, as the page shows::

    from polarity_keystone import Score, Scorer

    @Scorer
    def word_count_under_100(scenario) -> Score:
        words = len((scenario.agent_output or "").split())
        return Score(name="word_count_under_100", score=1.0 if words < 100 else 0.0,
                     passed=words < 100, message=f"{words} words")

    ks.experiments.run_and_wait(exp.id, scores=[word_count_under_100])

The scorer protocol (:class:`ScorerProtocol`), which built-in scorers, ``run_and_wait`` and
``Eval`` share:

* **What a scorer is**: an object with a ``name`` (``str``, unique among the scorers of one
  run: results are keyed by it) and ``score_result(scenario) -> Score | None``. It may also
  have ``async ascore_result(scenario)``; async runners await that when present (every
  :class:`Scorer` has one). Built-in scorers subclass :class:`Scorer` and override
  ``score_result`` (and ``ascore_result`` when they do I/O, like LLM judges).
* **What it is called with**: one scenario (:class:`ScenarioLike`): in ``run_and_wait`` each
  :class:`~polarity_keystone.types.ScenarioResult` of the run; in ``Eval`` an object with the
  same ``agent_output`` (the task's output as text) and ``parameters`` (``{"input",
  "expected"}``), plus ``input``, ``expected`` and ``output``. Scorers read expectations from
  ``scenario.parameters``.
* **What it returns**: a :class:`Score`, or None when it does not apply to the scenario (then
  it is left out: not counted as a pass or a failure).
* **When it fails**: ``score_result`` raises; a runner records that as a failed score with
  :func:`apply_scorer` (``score=0.0``, ``passed=False``, ``metadata["error"]`` = the exception
  type) and goes on with the next scenario.
* **Concurrency**: ``Eval`` scores rows on several threads with the *same* scorer instances,
  so a scorer keeps no per-call state on itself (the published 0.3.3 client's scorers did, and
  scored rows against each other's expectations).
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar, overload, runtime_checkable

if TYPE_CHECKING:
    from polarity_keystone.types import ScenarioResult

__all__ = [
    "ScenarioLike",
    "Score",
    "ScoreFunction",
    "ScoreValue",
    "Scorer",
    "ScorerProtocol",
    "aapply_scorer",
    "apply_scorer",
]

T = TypeVar("T")
_MAX_ERROR_CHARS = 200
# A number a function returns passes at 0.5 and above (as in the published client).
_NUMBER_PASSES_AT = 0.5
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _invalid(message: str) -> Exception:
    # Imported here: the error module loads httpx, which defining a scorer must not pay for.
    from polarity_keystone._exceptions import KeystoneInvalidArgumentError

    return KeystoneInvalidArgumentError(message)


@dataclass(frozen=True, slots=True)
class Score:
    """One scorer's verdict on one scenario: ``Score(name, score, passed=True, message="")``.

    Immutable, so a score can be shared between threads and results safely.

    Attributes:
        name: the scorer's name.
        score: the score, nominally 0 to 1 (an ``int`` is stored as a ``float``).
        passed: whether the scenario passed this scorer.
        message: a human explanation.
        metadata: anything else worth keeping (``{"error": "ValueError"}`` for a scorer that
            raised, see :func:`apply_scorer`).

    Raises:
        KeystoneInvalidArgumentError: a field of the wrong type, or a score that is not a
            finite number (NaN would poison every mean and percentile it enters).

    """

    name: str
    score: float
    passed: bool = True
    message: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise _invalid(f"Score.name must be a str, not {type(self.name).__name__}")
        score = self.score
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise _invalid(f"Score.score must be a number, not {type(score).__name__}")
        if not math.isfinite(score):
            raise _invalid(f"Score.score must be a finite number, got {score!r}")
        if not isinstance(self.passed, bool):
            raise _invalid(f"Score.passed must be a bool, not {type(self.passed).__name__}")
        if not isinstance(self.message, str):
            raise _invalid(f"Score.message must be a str, not {type(self.message).__name__}")
        if not isinstance(self.metadata, Mapping):
            raise _invalid(f"Score.metadata must be a dict, not {type(self.metadata).__name__}")
        # Frozen: __post_init__ normalises through object.__setattr__.
        object.__setattr__(self, "score", float(score))
        if type(self.metadata) is not dict:
            object.__setattr__(self, "metadata", dict(self.metadata))

    def to_dict(self) -> dict[str, Any]:
        """The score as a JSON object (its five fields, ``metadata`` copied)."""
        return {
            "name": self.name,
            "score": self.score,
            "passed": self.passed,
            "message": self.message,
            "metadata": dict(self.metadata),
        }


class ScenarioLike(Protocol):
    """What a scorer is called with: a scenario's output and parameters.

    :class:`~polarity_keystone.types.ScenarioResult` is one; ``Eval`` passes another.
    """

    @property
    def agent_output(self) -> str:
        """The agent's (or the task's) output, as text."""
        ...

    @property
    def parameters(self) -> Mapping[str, Any]:
        """The scenario's parameters: inputs and expectations (``expected``, ``question``...)."""
        ...


#: What a scoring function may return: a Score, a bool (1.0 / 0.0), a number (passes at 0.5)
#: or None (the scorer does not apply).
ScoreValue: TypeAlias = "Score | bool | float | None"
#: A function :class:`Scorer` can wrap: called with one scenario, sync or async.
ScoreFunction: TypeAlias = Callable[[Any], "ScoreValue | Awaitable[ScoreValue]"]


@runtime_checkable
class ScorerProtocol(Protocol):
    """What ``run_and_wait(scores=[...])`` and ``Eval`` accept as a scorer.

    See the module docstring for the whole contract. ``isinstance(x, ScorerProtocol)`` checks
    the two members exist (a bare function has neither: decorate it with :class:`Scorer`).
    """

    @property
    def name(self) -> str:
        """The scorer's name: results are keyed by it."""
        ...

    def score_result(self, scenario: Any) -> Score | None:
        """Score one scenario; None when the scorer does not apply to it."""
        ...


def _snake_case(name: str) -> str:
    """``AnswerRelevancy`` → ``answer_relevancy``, ``SQLJudge`` → ``sql_judge``."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def _as_score(name: str, value: object) -> Score | None:
    """A scoring function's return value as a Score (see :data:`ScoreValue`)."""
    if value is None or isinstance(value, Score):
        return value
    if isinstance(value, bool):
        return Score(name, 1.0 if value else 0.0, passed=value)
    if isinstance(value, int | float):
        return Score(name, float(value), passed=value >= _NUMBER_PASSES_AT)
    raise TypeError(
        f"scorer {name!r} returned a {type(value).__name__}: a scorer returns a Score, a bool, "
        "a number or None"
    )


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable


def _run_blocking(awaitable: Awaitable[T]) -> T:
    """The result of an awaitable, from sync code, with or without a loop on this thread."""
    import asyncio  # only when an async scorer is called synchronously

    coroutine: Coroutine[Any, Any, T] = _awaited(awaitable)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # A loop runs on this thread (Jupyter, an async caller of a sync API): asyncio.run would
    # refuse, so the coroutine runs on a helper thread's own loop while this thread waits.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="keystone-scorer") as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _check_settings(fn: object, name: object, weight: object, gate: object) -> None:
    """Refuse what cannot make a scorer (taken as plain objects: not every caller is typed)."""
    if fn is not None and not callable(fn):
        hint = f": pass it as name={fn!r}" if isinstance(fn, str) else ""
        raise _invalid(f"Scorer takes a function to wrap, not a {type(fn).__name__}{hint}")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise _invalid("Scorer name must be a non-empty str")
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not math.isfinite(weight)
        or weight < 0
    ):
        raise _invalid(f"Scorer weight must be a finite number >= 0, got {weight!r}")
    if not isinstance(gate, bool):
        raise _invalid(f"Scorer gate must be a bool, not {type(gate).__name__}")


class Scorer:
    """A named scorer: the decorator that makes one from a function, and the base of built-ins.

    Three ways to make one::

        @Scorer                                   # named after the function
        def exact(scenario) -> bool: ...

        @Scorer(name="exact", weight=2.0, gate=True)
        async def judged(scenario) -> Score: ...  # async functions too

        exact = Scorer(exact_fn, name="exact")    # without decorator syntax

    The function is called with one scenario (:class:`ScenarioLike`) and returns a
    :data:`ScoreValue`: a :class:`Score` as-is, a bool as 1.0 / 0.0, a number as the score
    (passing at 0.5), or None when it does not apply. Calling the scorer, or
    ``score_result(scenario)``, gives that as a ``Score | None``; ``await
    ascore_result(scenario)`` is the same from async code. Exceptions propagate (runners turn
    them into failed scores with :func:`apply_scorer`).

    A built-in scorer subclasses it, passes its settings to ``__init__`` (its ``name``
    defaults to the class name in snake case: ``AnswerRelevancy`` → ``"answer_relevancy"``)
    and overrides ``score_result``, and ``ascore_result`` if it does I/O.

    Attributes:
        name: the scorer's name (the function's, unless ``name=`` is given).
        weight: its weight when scores are combined (default 1.0).
        gate: whether failing it should fail the scenario whatever the other scores.

    Raises:
        KeystoneInvalidArgumentError: something other than a function to wrap, a function
            without a usable name (a lambda, a ``functools.partial``) and no ``name=``, an
            empty name, a negative or non-finite weight, or a non-bool gate.

    """

    name: str
    weight: float
    gate: bool

    def __init__(
        self,
        fn: ScoreFunction | None = None,
        /,
        *,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        _check_settings(fn, name, weight, gate)
        self._fn = fn
        self._explicit_name = name
        self.weight = float(weight)
        self.gate = gate
        if fn is None:
            # A subclass (a built-in) is named after itself; a bare Scorer(name=...) is a
            # decorator still waiting for its function.
            default = "" if type(self) is Scorer else _snake_case(type(self).__name__)
            self.name = name or default
            return
        fn_name = getattr(fn, "__name__", None)
        if name is None and (not isinstance(fn_name, str) or fn_name == "<lambda>"):
            raise _invalid("this function has no name to report its scores under: pass name=...")
        self.name = name or str(fn_name)
        # help(), __name__ and __wrapped__ show the function (not its __dict__: scorers are
        # configured objects, not function attributes).
        functools.update_wrapper(self, fn, updated=())

    @property
    def is_async(self) -> bool:
        """Whether the wrapped function is a coroutine function."""
        return self._fn is not None and inspect.iscoroutinefunction(self._fn)

    @overload
    def __call__(self, scenario: ScoreFunction, /) -> Scorer: ...

    @overload
    def __call__(self, scenario: Any, /) -> Score | None: ...

    def __call__(self, scenario: Any, /) -> Scorer | Score | None:
        """Score ``scenario``; or, on a ``Scorer(name=...)`` without a function, wrap one."""
        if self._fn is None and type(self) is Scorer:
            return Scorer(scenario, name=self._explicit_name, weight=self.weight, gate=self.gate)
        return self.score_result(scenario)

    def score_result(self, scenario: Any) -> Score | None:
        """Score one scenario; None when this scorer does not apply to it.

        An async function is run to completion (on a helper thread if this thread runs an
        event loop); from async code prefer ``await ascore_result(scenario)``.
        """
        fn = self._require_fn()
        value = fn(scenario)
        if inspect.isawaitable(value):
            value = _run_blocking(value)
        return _as_score(self.name, value)

    async def ascore_result(self, scenario: Any) -> Score | None:
        """Score one scenario from async code (awaiting an async function).

        A subclass that only overrides ``score_result`` gets it called here directly.
        """
        if self._fn is None:
            return self.score_result(scenario)
        value = self._fn(scenario)
        if inspect.isawaitable(value):
            value = await value
        return _as_score(self.name, value)

    def _require_fn(self) -> Callable[[Any], Any]:
        if self._fn is None:
            if type(self) is Scorer:
                raise TypeError(
                    "this Scorer has no function yet: use it as a decorator, "
                    "@Scorer(name=...) above a def"
                )
            raise TypeError(f"{type(self).__name__} must override score_result")
        return self._fn

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(name={self.name!r}, weight={self.weight!r}, gate={self.gate!r})"
        )


def _error_score(scorer: object, exc: Exception) -> Score:
    name = getattr(scorer, "name", None)
    detail = str(exc).strip()
    if len(detail) > _MAX_ERROR_CHARS:
        detail = detail[:_MAX_ERROR_CHARS] + "…"
    return Score(
        name if isinstance(name, str) and name else type(scorer).__name__,
        0.0,
        passed=False,
        message=f"scorer error: {type(exc).__name__}: {detail}" if detail else "scorer error",
        metadata={"error": type(exc).__name__},
    )


def apply_scorer(scorer: ScorerProtocol, scenario: Any) -> Score | None:
    """``scorer.score_result(scenario)``, with a failure recorded as a failed :class:`Score`.

    What runners (``run_and_wait``, ``Eval``) call, so one broken scorer or one odd scenario
    does not end a whole run: an exception (or a return value that is not a ``Score`` or
    None) gives ``Score(name, 0.0, passed=False, message="scorer error: ...",
    metadata={"error": "<exception type>"})``. ``KeyboardInterrupt`` and other
    non-``Exception`` errors still propagate.
    """
    try:
        return _as_score(scorer.name, scorer.score_result(scenario))
    except Exception as exc:
        return _error_score(scorer, exc)


async def aapply_scorer(scorer: ScorerProtocol, scenario: Any) -> Score | None:
    """:func:`apply_scorer` from async code: awaits ``ascore_result`` when the scorer has one."""
    try:
        ascore = getattr(scorer, "ascore_result", None)
        if callable(ascore):
            return _as_score(scorer.name, await ascore(scenario))
        return _as_score(scorer.name, scorer.score_result(scenario))
    except Exception as exc:
        return _error_score(scorer, exc)


if TYPE_CHECKING:
    # Checked by mypy only: the page's results are scorer inputs, and Scorer is a scorer.
    def _scenario_results_are_scenarios(result: ScenarioResult) -> ScenarioLike:
        return result

    def _scorers_follow_the_protocol(scorer: Scorer) -> ScorerProtocol:
        return scorer
