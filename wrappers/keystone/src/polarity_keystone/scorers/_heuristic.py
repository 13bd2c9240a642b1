"""The seven heuristic scorers: exact, deterministic checks of an output, without any I/O.

::

    from polarity_keystone.scorers import ExactMatch, Levenshtein, NumericDiff

    Eval("qa", data=[{"input": "2+2?", "expected": "4"}], task=answer,
         scores=[ExactMatch(), Levenshtein(threshold=0.9), NumericDiff(tolerance=0.0)])

Every scorer reads ``scenario.agent_output`` (None counts as ``""``; anything else not a str
as ``str(value)``). Those that compare against an expectation take ``expected=`` (fixed at
construction) or ``expected_key=`` (read from ``scenario.parameters[expected_key]`` per row);
with neither they read ``scenario.parameters["expected"]``, which is where ``Eval`` puts each
row's ``expected``. An expectation missing from a scenario (absent or None) gives a failed
``Score`` saying so (``metadata["missing"]`` is the key), so it counts as a failure. Text is
compared after Unicode NFC normalisation (a precomposed ``é`` equals ``e`` + a combining
accent), on code points.

The scorers are immutable (settings are fixed at construction and assigning an attribute
raises), so one instance scores from many threads at once. Scores are always in [0, 1].
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, NoReturn

from polarity_keystone._scoring import Score, Scorer

__all__ = [
    "BuiltinScorer",
    "Contains",
    "ExactMatch",
    "JSONDiff",
    "JSONValidity",
    "Levenshtein",
    "NumericDiff",
    "SemanticListContains",
    "edit_distance",
    "first_number",
    "substring_distance",
]

_DEFAULT_KEY = "expected"
_MAX_DIFF_PATHS = 5
_PREVIEW = 40
# A relative error is taken against at least this, so an expected 0 does not divide by zero.
_MIN_SCALE = 1e-9
_MINUS_SIGNS = "-\u2212"  # ASCII hyphen-minus and the Unicode minus sign
_NUMBER = re.compile(
    r"""
    (?:(?<![\w.])(?P<sign>[-+\u2212]))?    # a sign, unless it joins two words (`item-5`)
    (?P<mantissa>
        (?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)   # 1,234,567 or 1234567
        (?:\.\d+)?                         # .5
      | \.\d+                              # .5 alone
    )
    (?P<exponent>[eE][-+]?\d+)?            # e-3
    """,
    re.VERBOSE,
)


def _fail(message: str) -> NoReturn:
    # Imported on failure only: the checks load the HTTP stack, which defining a scorer never needs.
    from polarity_keystone._checks import CHECK

    CHECK.fail(message)


def _preview(text: str) -> str:
    return repr(text if len(text) <= _PREVIEW else text[:_PREVIEW] + "…")


def _text(value: object) -> str:
    """A scenario value as text: str as is, None as "", anything else as ``str(value)``."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _check_unit(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        _fail(f"{name} must be a number from 0 to 1, got {value!r:.40}")
    return float(value)


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        _fail(f"{name} must be True or False, not {type(value).__name__}")
    return value


def _check_finite(name: str, value: object, *, low: float = -math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(f"{name} must be a number, not {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or number < low:
        bound = f" >= {low:g}" if math.isfinite(low) else ""
        _fail(f"{name} must be a finite number{bound}, got {value!r:.40}")
    return number


# -- edit distances (Myers' bit-parallel algorithm; Python ints are the bit vectors) -------------


def _myers(pattern: str, text: str, *, search: bool) -> int:
    """The edit distance of ``pattern`` to ``text``, or to its closest substring if ``search``.

    Myers (1999), as Hyyrö (2001) states it for edit distance: one column of the dynamic
    programming table is a pair of bit vectors, so the cost is ``len(text)`` steps of big-int
    operations on ``len(pattern)`` bits instead of ``len(pattern) × len(text)`` cell updates.
    """
    size = len(pattern)
    if size == 0:
        return 0 if search else len(text)
    match: dict[str, int] = {}
    for index, char in enumerate(pattern):
        match[char] = match.get(char, 0) | (1 << index)
    full = (1 << size) - 1
    last = 1 << (size - 1)
    # A substring may start anywhere (search): the top row of the table is all zeros.
    carry = 0 if search else 1
    positive, negative, distance = full, 0, size
    best = size
    for char in text:
        eq = match.get(char, 0)
        xv = eq | negative
        xh = (((eq & positive) + positive) ^ positive) | eq
        h_positive = negative | (~(xh | positive) & full)
        h_negative = positive & xh
        if h_positive & last:
            distance += 1
        elif h_negative & last:
            distance -= 1
        h_positive = ((h_positive << 1) | carry) & full
        h_negative = (h_negative << 1) & full
        positive = h_negative | (~(xv | h_positive) & full)
        negative = h_positive & xv
        best = min(best, distance)
    return best if search else distance


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance between ``a`` and ``b``: insertions, deletions, substitutions.

    On code points, as given (no normalisation); ``edit_distance("kitten", "sitting") == 3``.
    """
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:  # a shared prefix and suffix cost nothing
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if len(a) > len(b):
        a, b = b, a
    return _myers(a, b, search=False)


def substring_distance(needle: str, haystack: str) -> int:
    """The fewest edits that turn ``needle`` into some substring of ``haystack`` (0 if inside)."""
    return _myers(needle, haystack, search=True)


def first_number(text: str) -> float | None:
    """The first number written in ``text``, or None.

    Reads a sign (``-``, ``+`` or ``−``, unless it joins two words as in ``item-5``), thousands
    separators (``1,234.5``), decimals (``.5``) and exponents (``2e-3``). A number too large
    for a float is ``inf``.
    """
    found = _NUMBER.search(text)
    if found is None:
        return None
    literal = found["mantissa"].replace(",", "") + (found["exponent"] or "")
    value = float(literal)
    return -value if found["sign"] and found["sign"] in _MINUS_SIGNS else value


# -- the base ---------------------------------------------------------------------------------


_UNSET: Any = object()


class _Unscorable(Exception):
    """A scenario lacks what this scorer needs: a failed Score, not a scorer error."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


class BuiltinScorer(Scorer):
    """The base of the built-in scorers: immutable, with wire forms for the service.

    A subclass sets ``rule_type``, passes its settings to ``__init__`` (then calls
    ``self._seal()``), returns them from ``_config()`` and implements
    ``_score(output, scenario)``. ``score_result`` turns a missing expectation into a failed
    :class:`~polarity_keystone.Score` (``metadata["missing"]`` names the parameter).

    Attributes:
        rule_type: the service's rule type (``ks.scoring.create_rule``'s ``type``).

    Raises:
        AttributeError: on assigning or deleting an attribute once constructed.

    """

    rule_type: ClassVar[str] = ""

    def __init__(self, *, name: str | None = None, weight: float = 1.0, gate: bool = False) -> None:
        super().__init__(name=name, weight=weight, gate=gate)

    def _seal(self) -> None:
        object.__setattr__(self, "_sealed", True)

    def __setattr__(self, attr: str, value: object) -> None:
        if self.__dict__.get("_sealed"):
            raise AttributeError(
                f"{type(self).__name__} is immutable (it may be scoring on other threads): "
                "make a new one with other settings"
            )
        super().__setattr__(attr, value)

    def __delattr__(self, attr: str) -> None:
        if self.__dict__.get("_sealed"):
            raise AttributeError(f"{type(self).__name__} is immutable")
        super().__delattr__(attr)

    def _config(self) -> dict[str, Any]:
        """The scorer's settings as JSON (the rule's ``config``)."""
        return {}

    def to_rule(self) -> dict[str, Any]:
        """``{name, type, config}``: the form ``ks.scoring.create_rule`` takes."""
        return {"name": self.name, "type": self.rule_type, "config": self._config()}

    def to_invariant(self) -> dict[str, Any]:
        """``{description, weight, gate, check: {type, ...settings}}``: a spec invariant."""
        return {
            "description": self.name,
            "weight": self.weight,
            "gate": self.gate,
            "check": {"type": self.rule_type, **self._config()},
        }

    def score_result(self, scenario: Any) -> Score | None:
        """Score one scenario (see the class docstring of each scorer)."""
        try:
            return self._score(_text(getattr(scenario, "agent_output", None)), scenario)
        except _Unscorable as missing:
            return self._missing(missing)

    def _missing(self, missing: _Unscorable) -> Score:
        """The failed score of a scenario without the expectation this scorer needs."""
        metadata = {"missing": missing.key}
        return Score(self.name, 0.0, passed=False, message=str(missing), metadata=metadata)

    def _score(self, output: str, scenario: Any) -> Score | None:
        raise NotImplementedError

    def _result(self, score: float, passed: bool, message: str, **metadata: Any) -> Score:
        # Clamped and finite whatever the arithmetic did: scores stay in [0, 1].
        value = min(1.0, max(0.0, score)) if math.isfinite(score) else 0.0
        return Score(self.name, value, passed=passed, message=message, metadata=metadata)


class _ExpectingScorer(BuiltinScorer):
    """A scorer with an expectation: ``expected=``, ``expected_key=`` or ``parameters``."""

    def __init__(
        self,
        expected: object,
        expected_key: object,
        *,
        name: str | None,
        weight: float,
        gate: bool,
    ) -> None:
        super().__init__(name=name, weight=weight, gate=gate)
        if expected is not None and expected_key is not None:
            _fail(f"{type(self).__name__} takes expected= or expected_key=, not both")
        if expected_key is not None and (not isinstance(expected_key, str) or not expected_key):
            _fail("expected_key must be a non-empty str (a key of scenario.parameters)")
        self._expected = _UNSET if expected is None else self._check_expected(expected)
        self._expected_key = _DEFAULT_KEY if expected_key is None else expected_key

    def _check_expected(self, expected: object) -> Any:
        """The constructor's ``expected``, checked (and copied if mutable)."""
        return expected

    def _row_expected(self, value: object) -> Any:
        """A scenario's expected value, checked; raise ``_Unscorable`` if it cannot be used."""
        return value

    def _expected_for(self, scenario: Any) -> Any:
        """The expected value for this scenario (computed per call, never stored)."""
        if self._expected is not _UNSET:
            return self._expected
        key = self._expected_key
        parameters = getattr(scenario, "parameters", None)
        value = parameters.get(key) if isinstance(parameters, Mapping) else None
        if value is None:
            raise _Unscorable(f"scenario.parameters missing {key!r}", key)
        return self._row_expected(value)

    def _expectation_config(self) -> dict[str, Any]:
        if self._expected is not _UNSET:
            return {"expected": self._expected}
        return {"expected_key": self._expected_key}


def _unscorable(self: _ExpectingScorer, message: str) -> _Unscorable:
    return _Unscorable(f"scenario.parameters[{self._expected_key!r}] {message}", self._expected_key)


# -- the seven scorers ------------------------------------------------------------------------


class Contains(BuiltinScorer):
    """Whether the output contains ``text``: ``Contains("refund")``.

    * Reads: ``agent_output``.
    * Range: 1.0 if ``text`` occurs in it, else 0.0. Case-insensitive by default (Unicode case
      folding: ``"STRASSE"`` contains ``"straße"``), after NFC normalisation.
    * Passes: when it occurs. ``Contains()`` without a text does not apply (None).
    * ``rule_type``: ``contains``; config ``{text, case_sensitive}``.

    Raises:
        KeystoneInvalidArgumentError: an empty or non-str ``text``, or bad settings.

    """

    rule_type: ClassVar[str] = "contains"

    def __init__(
        self,
        text: str | None = None,
        *,
        case_sensitive: bool = False,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(name=name, weight=weight, gate=gate)
        if text is not None and (not isinstance(text, str) or not text):
            _fail("Contains text must be a non-empty str (or None)")
        self.text = text
        self.case_sensitive = _check_bool("case_sensitive", case_sensitive)
        self._needle = None if text is None else self._fold(text)
        self._seal()

    def _fold(self, text: str) -> str:
        text = _nfc(text)
        return text if self.case_sensitive else text.casefold()

    def _config(self) -> dict[str, Any]:
        text = {} if self.text is None else {"text": self.text}
        return {**text, "case_sensitive": self.case_sensitive}

    def _score(self, output: str, scenario: Any) -> Score | None:
        if self._needle is None:
            return None
        found = self._needle in self._fold(output)
        verb = "contains" if found else "does not contain"
        return self._result(float(found), found, f"output {verb} {_preview(self.text or '')}")


class ExactMatch(_ExpectingScorer):
    """Whether the output equals the expected text.

    * Reads: ``agent_output``; ``expected=``, else ``parameters[expected_key]``, else
      ``parameters["expected"]`` (a value that is not a str compares as ``str(value)``, the
      way ``Eval`` turns a task's result into ``agent_output``).
    * Range: 1.0 or 0.0, after NFC normalisation, ``strip`` (surrounding whitespace, on by
      default) and, with ``case_sensitive=False``, case folding.
    * Passes: on equality.
    * ``rule_type``: ``exact_match``; config ``{expected | expected_key, case_sensitive, strip}``.

    Raises:
        KeystoneInvalidArgumentError: both ``expected`` and ``expected_key``, or bad settings.

    """

    rule_type: ClassVar[str] = "exact_match"

    def __init__(
        self,
        *,
        expected: str | None = None,
        expected_key: str | None = None,
        case_sensitive: bool = True,
        strip: bool = True,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        self.case_sensitive = _check_bool("case_sensitive", case_sensitive)
        self.strip = _check_bool("strip", strip)
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        return _text(expected)

    def _normal(self, text: str) -> str:
        text = _nfc(text.strip() if self.strip else text)
        return text if self.case_sensitive else text.casefold()

    def _config(self) -> dict[str, Any]:
        return {
            **self._expectation_config(),
            "case_sensitive": self.case_sensitive,
            "strip": self.strip,
        }

    def _score(self, output: str, scenario: Any) -> Score | None:
        got = self._normal(output)
        want = self._normal(_text(self._expected_for(scenario)))
        if got == want:
            return self._result(1.0, True, "output matches the expected text")
        at = next((i for i, (x, y) in enumerate(zip(got, want, strict=False)) if x != y), None)
        where = f"at character {at}" if at is not None else f"in length ({len(got)} vs {len(want)})"
        return self._result(0.0, False, f"output differs from the expected text {where}")


class Levenshtein(_ExpectingScorer):
    """How close the output is to the expected text, by normalised edit distance.

    * Reads: ``agent_output``; the expected text as :class:`ExactMatch` does.
    * Range: ``1 - distance / max(len(output), len(expected))``: the Levenshtein distance
      (insertions, deletions, substitutions of code points, after NFC normalisation; case and
      whitespace count). 1.0 for two empty texts. ``metadata``: ``distance``, ``max_length``.
    * Passes: at ``threshold`` (default 0.8) or above.
    * ``rule_type``: ``levenshtein``; config ``{expected | expected_key, threshold}``.

    (The published 0.3.3 client computed difflib's ``SequenceMatcher`` ratio under this name.)

    Raises:
        KeystoneInvalidArgumentError: both ``expected`` and ``expected_key``, or a threshold
            outside [0, 1].

    """

    rule_type: ClassVar[str] = "levenshtein"

    def __init__(
        self,
        *,
        expected: str | None = None,
        expected_key: str | None = None,
        threshold: float = 0.8,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        self.threshold = _check_unit("threshold", threshold)
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        return _text(expected)

    def _config(self) -> dict[str, Any]:
        return {**self._expectation_config(), "threshold": self.threshold}

    def _score(self, output: str, scenario: Any) -> Score | None:
        got = _nfc(output)
        want = _nfc(_text(self._expected_for(scenario)))
        longest = max(len(got), len(want))
        distance = edit_distance(got, want)
        score = 1.0 if longest == 0 else 1.0 - distance / longest
        passed = score >= self.threshold
        message = f"{distance} edit(s) from the expected text: similarity {score:.3f}"
        return self._result(score, passed, message, distance=distance, max_length=longest)


class NumericDiff(_ExpectingScorer):
    """How close the first number in the output is to the expected number.

    * Reads: the first number in ``agent_output`` (see :func:`first_number`: signs,
      ``1,234.5``, ``2e-3``); the expected number from ``expected=``, else the parameter (a
      number, or a str holding one, such as ``"1,234"``).
    * Range: ``max(0, 1 - relative_error)``, where ``relative_error = |got - expected| /
      max(|expected|, 1e-9)``; 0.0 when the output has no number or an infinite one.
      ``metadata``: ``value``, ``expected``, ``relative_error``.
    * Passes: when ``relative_error <= tolerance`` (default 0.01, i.e. within 1 %).
    * ``rule_type``: ``numeric_diff``; config ``{expected | expected_key, tolerance}``.

    A parameter that is not a finite number gives a failed score saying so.

    Raises:
        KeystoneInvalidArgumentError: both ``expected`` and ``expected_key``, an ``expected``
            that is not a finite number, or a negative or non-finite ``tolerance``.

    """

    rule_type: ClassVar[str] = "numeric_diff"

    def __init__(
        self,
        *,
        expected: float | None = None,
        expected_key: str | None = None,
        tolerance: float = 0.01,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        self.tolerance = _check_finite("tolerance", tolerance, low=0.0)
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        return _check_finite("NumericDiff expected", expected)

    def _row_expected(self, value: object) -> Any:
        number: float | None = None
        if isinstance(value, str):
            text = value.strip()
            found = _NUMBER.fullmatch(text)
            number = first_number(text) if found else None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
        if number is None:
            raise _unscorable(self, f"is not a number ({type(value).__name__})")
        if not math.isfinite(number):
            raise _unscorable(self, f"is not a finite number ({number!r})")
        return number

    def _config(self) -> dict[str, Any]:
        return {**self._expectation_config(), "tolerance": self.tolerance}

    def _score(self, output: str, scenario: Any) -> Score | None:
        expected: float = self._expected_for(scenario)
        got = first_number(output)
        if got is None:
            return self._result(0.0, False, "no number in the output", expected=expected)
        if not math.isfinite(got):
            return self._result(
                0.0, False, "the output's number is out of range", expected=expected
            )
        error = abs(got - expected) / max(abs(expected), _MIN_SCALE)
        passed = error <= self.tolerance
        finite_error = error if math.isfinite(error) else None
        message = f"{got:g} vs expected {expected:g}: relative error {error:.3g}"
        return self._result(
            1.0 - error, passed, message, value=got, expected=expected, relative_error=finite_error
        )


def _refuse_constant(literal: str) -> Any:
    raise ValueError(f"{literal} is not valid JSON")


def _strict_json(text: str) -> Any:
    """``text`` parsed as strict JSON (no ``NaN``/``Infinity``); ValueError if it is not."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_number(a: float, b: float) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0)
    except OverflowError:  # an int too large for a float
        return a == b


def _json_similarity(got: Any, want: Any, path: str, diffs: list[str]) -> float:
    """Structural similarity of two JSON values in [0, 1]; paths that differ go in ``diffs``."""
    if isinstance(want, Mapping):
        if not isinstance(got, Mapping):
            return _differs(path, diffs)
        keys = [*want, *(key for key in got if key not in want)]
        if not keys:
            return 1.0
        parts = [
            _json_similarity(got[key], want[key], f"{path}.{key}", diffs)
            if key in got and key in want
            else _differs(f"{path}.{key}", diffs)
            for key in keys
        ]
        return math.fsum(parts) / len(keys)
    if isinstance(want, Sequence) and not isinstance(want, str | bytes):
        if isinstance(got, str | bytes) or not isinstance(got, Sequence):
            return _differs(path, diffs)
        longest = max(len(got), len(want))
        if longest == 0:
            return 1.0
        if len(got) != len(want):
            _differs(f"{path} (length {len(got)} vs {len(want)})", diffs)
        parts = [
            _json_similarity(g, w, f"{path}[{i}]", diffs)
            for i, (g, w) in enumerate(zip(got, want, strict=False))
        ]
        return math.fsum(parts) / longest
    if _is_number(want) and _is_number(got):
        return 1.0 if _same_number(got, want) else _differs(path, diffs)
    # bool is not a number (True != 1 here), and other values compare by type and equality.
    same = type(got) is type(want) or (isinstance(got, str) and isinstance(want, str))
    return 1.0 if same and got == want else _differs(path, diffs)


def _differs(path: str, diffs: list[str]) -> float:
    if len(diffs) < _MAX_DIFF_PATHS:
        diffs.append(path)
    return 0.0


class JSONDiff(_ExpectingScorer):
    """How close the output, parsed as JSON, is to the expected value.

    * Reads: ``agent_output`` as strict JSON; the expected value from ``expected=`` (any
      JSON-representable value, copied), else the parameter (used as is, not parsed: pass
      ``{"a": 1}``, not ``'{"a": 1}'``).
    * Range: recursive structural similarity. An object scores the mean over the union of
      keys (a missing key scores 0); an array the sum over the common prefix divided by the
      longer length; numbers compare numerically (``1`` equals ``1.0``, within 1e-9 relative)
      but a bool is not a number; strings, bools and null by equality; a type mismatch 0.
      Output that is not strict JSON (``NaN`` included) scores 0. ``metadata["differences"]``
      lists up to five paths (``$.items[2].price``) that differ.
    * Passes: at ``threshold`` (default 1.0: an exact match) or above.
    * ``rule_type``: ``json_diff``; config ``{expected | expected_key, threshold}``.

    ``expected=None`` means "not given": to expect JSON ``null``, put it in a parameter.

    Raises:
        KeystoneInvalidArgumentError: both ``expected`` and ``expected_key``, an ``expected``
            JSON cannot represent (NaN, sets, objects), or a threshold outside [0, 1].

    """

    rule_type: ClassVar[str] = "json_diff"

    def __init__(
        self,
        *,
        expected: Any = None,
        expected_key: str | None = None,
        threshold: float = 1.0,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        self.threshold = _check_unit("threshold", threshold)
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        try:
            text = json.dumps(expected, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            _fail(f"JSONDiff expected must be a JSON value: {type(exc).__name__}: {exc}"[:200])
        # A private copy: the caller's object may change later, on another thread.
        return json.loads(text)

    def _config(self) -> dict[str, Any]:
        config = self._expectation_config()
        if "expected" in config:
            config["expected"] = json.loads(json.dumps(config["expected"]))
        return {**config, "threshold": self.threshold}

    def _score(self, output: str, scenario: Any) -> Score | None:
        expected = self._expected_for(scenario)
        try:
            got = _strict_json(output)
        except ValueError as exc:
            return self._result(0.0, False, f"output is not JSON: {exc}"[:200])
        diffs: list[str] = []
        score = _json_similarity(got, expected, "$", diffs)
        passed = score >= self.threshold
        if not diffs:
            return self._result(score, passed, "output matches the expected JSON")
        message = f"similarity {score:.3f}; differs at {', '.join(diffs)}"
        return self._result(score, passed, message, differences=diffs)


class JSONValidity(BuiltinScorer):
    """Whether the output is strict JSON.

    * Reads: ``agent_output``, without surrounding whitespace.
    * Range: 1.0 if it parses as JSON (``NaN`` and ``Infinity`` are not JSON), else 0.0, with
      the parse error in the message.
    * Passes: when it parses.
    * ``rule_type``: ``json_validity``; config ``{}``.
    """

    rule_type: ClassVar[str] = "json_validity"

    def __init__(self, *, name: str | None = None, weight: float = 1.0, gate: bool = False) -> None:
        super().__init__(name=name, weight=weight, gate=gate)
        self._seal()

    def _score(self, output: str, scenario: Any) -> Score | None:
        try:
            _strict_json(output.strip())
        except ValueError as exc:
            return self._result(0.0, False, f"output is not JSON: {exc}"[:200])
        return self._result(1.0, True, "output is valid JSON")


class SemanticListContains(_ExpectingScorer):
    """The share of the expected items that the output mentions.

    * Reads: ``agent_output``; the items from ``expected=`` (a list of non-empty str), else
      the parameter (a list of str).
    * Range: found items / all items. An item is found when it occurs in the output ignoring
      case (Unicode case folding, NFC); with ``fuzzy=True`` also when some stretch of the
      output is within ``fuzzy_threshold`` of it: ``1 - edits / len(item) >= fuzzy_threshold``
      (default 0.75), the edits being the fewest that turn the item into a substring of the
      output. ``metadata``: ``found`` and ``missing`` items.
    * Passes: at ``threshold`` (default 1.0: every item) or above.
    * ``rule_type``: ``semantic_list_contains``; config ``{expected | expected_key, fuzzy,
      fuzzy_threshold, threshold}``.

    An empty list in a scenario gives a failed score (there is nothing to look for, which is
    more likely a data error than a pass).

    Raises:
        KeystoneInvalidArgumentError: both ``expected`` and ``expected_key``, an empty or
            non-list ``expected``, or thresholds outside [0, 1].

    """

    rule_type: ClassVar[str] = "semantic_list_contains"

    def __init__(
        self,
        *,
        expected: Sequence[str] | None = None,
        expected_key: str | None = None,
        fuzzy: bool = False,
        fuzzy_threshold: float = 0.75,
        threshold: float = 1.0,
        name: str | None = None,
        weight: float = 1.0,
        gate: bool = False,
    ) -> None:
        super().__init__(expected, expected_key, name=name, weight=weight, gate=gate)
        self.fuzzy = _check_bool("fuzzy", fuzzy)
        self.fuzzy_threshold = _check_unit("fuzzy_threshold", fuzzy_threshold)
        self.threshold = _check_unit("threshold", threshold)
        self._seal()

    def _check_expected(self, expected: object) -> Any:
        if isinstance(expected, str | bytes) or not isinstance(expected, Sequence) or not expected:
            _fail("SemanticListContains expected must be a non-empty list of str")
        for item in expected:
            if not isinstance(item, str) or not item:
                _fail("SemanticListContains expected items must be non-empty str")
        return tuple(expected)

    def _row_expected(self, value: object) -> Any:
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            raise _unscorable(self, f"must be a list of str, not {type(value).__name__}")
        if not value:
            raise _unscorable(self, "is an empty list: nothing to look for")
        if not all(isinstance(item, str) for item in value):
            raise _unscorable(self, "must hold only str items")
        return tuple(value)

    def _config(self) -> dict[str, Any]:
        config = self._expectation_config()
        if "expected" in config:
            config["expected"] = list(config["expected"])
        return {
            **config,
            "fuzzy": self.fuzzy,
            "fuzzy_threshold": self.fuzzy_threshold,
            "threshold": self.threshold,
        }

    def _found(self, item: str, output: str) -> bool:
        needle = _nfc(item).casefold()
        if needle in output:
            return True
        if not self.fuzzy:
            return False
        return 1.0 - substring_distance(needle, output) / len(needle) >= self.fuzzy_threshold

    def _score(self, output: str, scenario: Any) -> Score | None:
        items: tuple[str, ...] = self._expected_for(scenario)
        folded = _nfc(output).casefold()
        found = [item for item in items if self._found(item, folded)]
        missing = [item for item in items if item not in found]
        score = len(found) / len(items)
        message = f"{len(found)}/{len(items)} items found"
        if missing:
            shown = ", ".join(_preview(item) for item in missing[:3])
            message += f"; missing {shown}{', ...' if len(missing) > 3 else ''}"
        return self._result(score, score >= self.threshold, message, found=found, missing=missing)
