"""The seven heuristic scorers: their verdicts, per-row expectations, wire forms, immutability,
Unicode and empty texts, and the published client's bugs they must not have."""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polarity_keystone import KeystoneInvalidArgumentError, Score
from polarity_keystone._scoring import aapply_scorer, apply_scorer
from polarity_keystone.scorers import (
    Contains,
    ExactMatch,
    JSONDiff,
    JSONValidity,
    Levenshtein,
    NumericDiff,
    SemanticListContains,
)
from polarity_keystone.scorers._heuristic import (
    BuiltinScorer,
    edit_distance,
    first_number,
    substring_distance,
)
from polarity_keystone.types import ScenarioResult


def scenario(output: Any = "", **parameters: Any) -> ScenarioResult:
    return ScenarioResult(scenario_id="s1", agent_output=output, parameters=parameters)


@dataclass(frozen=True)
class EvalScenario:
    """What Eval hands a scorer: agent_output and parameters, plus input/expected/output."""

    agent_output: str
    parameters: Mapping[str, Any] = field(default_factory=dict)


def score(scorer: BuiltinScorer, output: Any = "", **parameters: Any) -> Score:
    result = scorer.score_result(scenario(output, **parameters))
    assert result is not None
    assert 0.0 <= result.score <= 1.0
    return result


ALL = [
    (Contains("x"), "contains", "contains"),
    (ExactMatch(), "exact_match", "exact_match"),
    (Levenshtein(), "levenshtein", "levenshtein"),
    (NumericDiff(), "numeric_diff", "numeric_diff"),
    (JSONDiff(), "json_diff", "json_diff"),
    (JSONValidity(), "json_validity", "json_validity"),
    (SemanticListContains(), "semantic_list_contains", "semantic_list_contains"),
]


# -- common to all ----------------------------------------------------------------------------


@pytest.mark.parametrize(("scorer", "name", "rule_type"), ALL)
def test_names_rule_types_and_wire_forms(scorer: BuiltinScorer, name: str, rule_type: str) -> None:
    assert scorer.name == name
    assert scorer.rule_type == rule_type
    rule = scorer.to_rule()
    assert rule == {"name": name, "type": rule_type, "config": rule["config"]}
    invariant = scorer.to_invariant()
    assert invariant == {
        "description": name,
        "weight": 1.0,
        "gate": False,
        "check": {"type": rule_type, **rule["config"]},
    }
    renamed = type(scorer)(name="mine", weight=2.0, gate=True) if rule_type != "contains" else None
    if renamed is not None:
        assert (renamed.name, renamed.weight, renamed.gate) == ("mine", 2.0, True)
        assert renamed.to_invariant()["weight"] == 2.0
        assert renamed.to_invariant()["gate"] is True


def test_configs_carry_the_settings() -> None:
    assert Contains("Refund", case_sensitive=True).to_rule()["config"] == {
        "text": "Refund",
        "case_sensitive": True,
    }
    assert ExactMatch(expected="a", strip=False).to_rule()["config"] == {
        "expected": "a",
        "case_sensitive": True,
        "strip": False,
    }
    assert Levenshtein(expected_key="answer", threshold=0.5).to_rule()["config"] == {
        "expected_key": "answer",
        "threshold": 0.5,
    }
    assert NumericDiff(expected=3, tolerance=0).to_invariant()["check"] == {
        "type": "numeric_diff",
        "expected": 3.0,
        "tolerance": 0.0,
    }
    config = JSONDiff(expected={"a": [1, 2]}).to_rule()["config"]
    assert config == {"expected": {"a": [1, 2]}, "threshold": 1.0}
    config["expected"]["a"].append(3)  # a copy: the scorer's expectation is untouched
    assert JSONDiff(expected={"a": [1, 2]}).to_rule()["config"]["expected"] == {"a": [1, 2]}
    assert JSONValidity().to_rule()["config"] == {}
    assert SemanticListContains(expected=("a", "b"), fuzzy=True).to_rule()["config"] == {
        "expected": ["a", "b"],
        "fuzzy": True,
        "fuzzy_threshold": 0.75,
        "threshold": 1.0,
    }


@pytest.mark.parametrize(("scorer", "name", "rule_type"), ALL)
def test_scorers_are_immutable(scorer: BuiltinScorer, name: str, rule_type: str) -> None:
    for attr in ("name", "weight", "gate", "threshold", "something_new", "_expected"):
        with pytest.raises(AttributeError, match="immutable"):
            setattr(scorer, attr, 0)
    with pytest.raises(AttributeError, match="immutable"):
        del scorer.name
    assert scorer.name == name


def test_expected_and_expected_key_together_are_refused() -> None:
    for cls in (ExactMatch, Levenshtein, NumericDiff, JSONDiff, SemanticListContains):
        expected: Any = ["a"] if cls is SemanticListContains else 1
        with pytest.raises(KeystoneInvalidArgumentError, match="not both"):
            cls(expected=expected, expected_key="answer")
        with pytest.raises(KeystoneInvalidArgumentError, match="expected_key"):
            cls(expected_key="")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Contains(""),
        lambda: Contains(5),
        lambda: Contains("x", case_sensitive="yes"),
        lambda: ExactMatch(strip=1),
        lambda: Levenshtein(threshold=1.5),
        lambda: Levenshtein(threshold=math.nan),
        lambda: Levenshtein(threshold=True),
        lambda: NumericDiff(expected=math.nan),
        lambda: NumericDiff(expected=math.inf),
        lambda: NumericDiff(expected="5"),
        lambda: NumericDiff(expected=True),
        lambda: NumericDiff(tolerance=-0.1),
        lambda: NumericDiff(tolerance=math.inf),
        lambda: JSONDiff(expected=math.nan),
        lambda: JSONDiff(expected={"a": {1, 2}}),
        lambda: JSONDiff(expected=object()),
        lambda: JSONDiff(threshold=-0.1),
        lambda: SemanticListContains(expected="abc"),
        lambda: SemanticListContains(expected=[]),
        lambda: SemanticListContains(expected=["a", ""]),
        lambda: SemanticListContains(expected=["a", 1]),
        lambda: SemanticListContains(fuzzy_threshold=2),
        lambda: JSONValidity(weight=-1),
        lambda: ExactMatch(name=""),
    ],
)
def test_bad_settings_are_typed_errors(make: Any) -> None:
    with pytest.raises(KeystoneInvalidArgumentError):
        make()


@pytest.mark.parametrize(
    "scorer",
    [
        ExactMatch(),
        Levenshtein(),
        NumericDiff(),
        JSONDiff(),
        SemanticListContains(),
        ExactMatch(expected_key="answer"),
    ],
)
def test_a_missing_expectation_is_a_failed_score_not_none_nor_an_error(
    scorer: BuiltinScorer,
) -> None:
    key = scorer.to_rule()["config"]["expected_key"]
    for parameters in ({}, {key: None}, {"other": "x"}):
        result = apply_scorer(scorer, scenario("anything", **parameters))
        assert result is not None
        assert (result.score, result.passed) == (0.0, False)
        assert result.message == f"scenario.parameters missing {key!r}"
        assert result.metadata == {"missing": key}
        assert "error" not in result.metadata  # a failure, not a scorer error


def test_the_expectation_comes_from_expected_then_the_key_then_parameters() -> None:
    row = scenario("Paris", expected="Paris", answer="London")
    assert score(ExactMatch(), "Paris", expected="Paris", answer="London").passed
    assert not ExactMatch(expected_key="answer").score_result(row).passed  # type: ignore[union-attr]
    assert ExactMatch(expected="Paris", expected_key=None).score_result(row).passed  # type: ignore[union-attr]
    assert not ExactMatch(expected="Rome").score_result(row).passed  # type: ignore[union-attr]
    # Eval's scenario object works the same, and nothing about a row stays on the scorer.
    scorer = ExactMatch()
    assert scorer.score_result(EvalScenario("4", {"input": "2+2", "expected": "4"})).passed  # type: ignore[union-attr]
    assert not scorer.score_result(EvalScenario("4", {"input": "2+3", "expected": "5"})).passed  # type: ignore[union-attr]
    assert scorer.to_rule()["config"]["expected_key"] == "expected"


def test_an_object_without_parameters_or_output_is_handled() -> None:
    class Bare:
        pass

    assert ExactMatch(expected="").score_result(Bare()).passed  # type: ignore[union-attr]
    missing = ExactMatch().score_result(Bare())
    assert missing is not None
    assert missing.metadata == {"missing": "expected"}


def test_one_instance_scores_many_rows_on_many_threads() -> None:
    # The published client stored each row's expected on the shared scorer: rows were scored
    # against each other's expectations.
    scorers = [ExactMatch(), Levenshtein(), NumericDiff(), JSONDiff(), SemanticListContains()]
    rows = [(str(i), {"expected": str(i)}) for i in range(200)]

    def check(row: tuple[str, dict[str, Any]]) -> list[tuple[str, float]]:
        output, parameters = row
        results = []
        for scorer in scorers:
            expected: Any = parameters["expected"]
            if isinstance(scorer, JSONDiff):
                expected = int(expected)
            elif isinstance(scorer, SemanticListContains):
                expected = [expected]
            result = scorer.score_result(scenario(output, expected=expected))
            assert result is not None
            results.append((result.name, result.score))
        return results

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(check, rows))
    assert all(s == 1.0 for outcome in outcomes for _, s in outcome)
    # And a mismatching row is still a mismatch after all that.
    assert score(ExactMatch(), "1", expected="2").score == 0.0


async def test_the_async_path_gives_the_same_scores() -> None:
    for scorer, output, parameters in [
        (ExactMatch(), "a", {"expected": "a"}),
        (Levenshtein(), "kitten", {"expected": "sitting"}),
        (JSONValidity(), "{}", {}),
        (NumericDiff(), "3", {}),
    ]:
        sync = apply_scorer(scorer, scenario(output, **parameters))
        assert await aapply_scorer(scorer, scenario(output, **parameters)) == sync


TEXT = st.text(max_size=30)


@settings(max_examples=50, deadline=None)
@given(output=TEXT, expected=TEXT)
def test_scores_are_in_range_and_deterministic(output: str, expected: str) -> None:
    scorers: list[BuiltinScorer] = [
        Contains(expected or "x"),
        ExactMatch(case_sensitive=False),
        Levenshtein(),
        NumericDiff(),
        JSONDiff(),
        JSONValidity(),
        SemanticListContains(fuzzy=True),
    ]
    for scorer in scorers:
        value: Any = expected
        if isinstance(scorer, SemanticListContains):
            value = [expected]
        elif isinstance(scorer, NumericDiff):
            value = len(expected)
        first = apply_scorer(scorer, scenario(output, expected=value))
        assert first is not None
        assert "error" not in first.metadata, first.message
        assert 0.0 <= first.score <= 1.0
        assert not math.isnan(first.score)
        assert apply_scorer(scorer, scenario(output, expected=value)) == first


# -- Contains ---------------------------------------------------------------------------------


def test_contains_ignores_case_by_default_with_unicode_folding() -> None:
    assert score(Contains("refund"), "We issued a REFUND today").passed
    assert not score(Contains("refund", case_sensitive=True), "We issued a REFUND").passed
    assert score(Contains("Refund", case_sensitive=True), "a Refund").score == 1.0
    assert score(Contains("straße"), "STRASSE 5").passed  # casefold, not lower
    decomposed = unicodedata.normalize("NFD", "café")
    assert score(Contains("café"), f"le {decomposed} noir").passed  # NFC on both sides
    assert score(Contains("🙂"), "ok 🙂").passed
    missing = score(Contains("refund"), "")
    assert (missing.score, missing.passed) == (0.0, False)
    assert "does not contain 'refund'" in missing.message


def test_contains_without_text_does_not_apply_and_odd_outputs_are_text() -> None:
    assert Contains().score_result(scenario("anything")) is None
    assert score(Contains("None"), None).score == 0.0  # None is "", not "None"
    assert score(Contains("42"), 1042).passed


# -- ExactMatch -------------------------------------------------------------------------------


def test_exact_match_normalises_whitespace_case_and_unicode() -> None:
    assert score(ExactMatch(), "  Paris\n", expected="Paris").passed
    assert not score(ExactMatch(strip=False), "Paris\n", expected="Paris").passed
    assert not score(ExactMatch(), "paris", expected="Paris").passed
    assert score(ExactMatch(case_sensitive=False), "PARIS", expected="paris").passed
    nfd = unicodedata.normalize("NFD", "Zürich")
    assert score(ExactMatch(), nfd, expected="Zürich").passed
    assert score(ExactMatch(), "", expected="").passed
    assert score(ExactMatch(), " ", expected="").passed
    assert score(ExactMatch(), "42", expected=42).passed  # str(value), as Eval makes outputs
    assert score(ExactMatch(expected=42), "42").passed  # type: ignore[arg-type]
    wrong = score(ExactMatch(), "Parisx", expected="Paris")
    assert (wrong.score, wrong.passed) == (0.0, False)
    assert "length" in wrong.message
    assert "character 0" in score(ExactMatch(), "London", expected="Paris").message


# -- Levenshtein ------------------------------------------------------------------------------


def reference_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def reference_substring_distance(needle: str, haystack: str) -> int:
    return min(
        reference_distance(needle, haystack[i:j])
        for i in range(len(haystack) + 1)
        for j in range(i, len(haystack) + 1)
    )


SMALL = st.text(alphabet="abcé🙂 ", max_size=12)


@settings(max_examples=100, deadline=None)
@given(a=SMALL, b=SMALL)
def test_edit_distance_is_levenshtein(a: str, b: str) -> None:
    assert edit_distance(a, b) == reference_distance(a, b) == edit_distance(b, a)


@settings(max_examples=60, deadline=None)
@given(needle=st.text(alphabet="abc", max_size=5), haystack=st.text(alphabet="abc", max_size=8))
def test_substring_distance_is_the_best_match_anywhere(needle: str, haystack: str) -> None:
    assert substring_distance(needle, haystack) == reference_substring_distance(needle, haystack)


def test_edit_distance_examples_and_long_texts() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == edit_distance("abc", "") == 3
    assert edit_distance("flaw", "lawn") == 2
    long_a = "lorem ipsum dolor " * 400
    long_b = long_a.replace("dolor", "dolour")
    assert edit_distance(long_a, long_b) == 400
    assert edit_distance("x" * 3000, "y" * 3000) == 3000


def test_levenshtein_is_normalised_edit_distance_not_difflib() -> None:
    kitten = score(Levenshtein(), "kitten", expected="sitting")
    assert kitten.score == pytest.approx(1 - 3 / 7)
    assert kitten.metadata == {"distance": 3, "max_length": 7}
    assert not kitten.passed
    # difflib's ratio for "ab" vs "ba" is 0.5; two substitutions make them 0.0 apart.
    assert difflib.SequenceMatcher(None, "ab", "ba").ratio() == 0.5
    assert score(Levenshtein(), "ab", expected="ba").score == 0.0
    assert score(Levenshtein(), "", expected="").score == 1.0
    assert score(Levenshtein(), "", expected="").passed
    assert score(Levenshtein(), "abc", expected="").score == 0.0
    assert score(Levenshtein(), "", expected="abc").score == 0.0
    assert score(Levenshtein(), "abcd", expected="abce").score == 0.75
    assert not score(Levenshtein(), "abcd", expected="abce").passed
    assert score(Levenshtein(threshold=0.75), "abcd", expected="abce").passed


def test_levenshtein_counts_code_points_after_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "naïve")
    assert len(nfd) == 6
    assert score(Levenshtein(), nfd, expected="naïve").score == 1.0
    assert score(Levenshtein(), "🙂🙂🙂🙂", expected="🙂🙂🙂🙃").score == 0.75
    assert score(Levenshtein(), "日本語", expected="日本").score == pytest.approx(2 / 3)


# -- NumericDiff ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", 42.0),
        ("The answer is -5 degrees", -5.0),
        ("+7", 7.0),
        ("\u22123.5", -3.5),
        ("1e3", 1000.0),
        ("2.5E-2 mol", 0.025),
        ("total: 1,234.5 USD", 1234.5),
        ("1,234,567", 1234567.0),
        ("12,34", 12.0),
        ("1,2345", 1.0),
        (".5", 0.5),
        ("(-0.5)", -0.5),
        ("item-5", 5.0),
        ("range 3-5", 3.0),
        ("v2", 2.0),
        ("3.", 3.0),
        ("no number here", None),
        ("", None),
        ("e5", 5.0),
        ("1e999", math.inf),
    ],
)
def test_first_number_reads_signs_exponents_and_separators(text: str, number: float | None) -> None:
    assert first_number(text) == number


def test_numeric_diff_scores_relative_error() -> None:
    exact = score(NumericDiff(expected=100), "It costs $100.")
    assert (exact.score, exact.passed) == (1.0, True)
    assert exact.metadata == {"value": 100.0, "expected": 100.0, "relative_error": 0.0}
    near = score(NumericDiff(expected=100), "100.5")
    assert near.score == pytest.approx(0.995)
    assert near.passed
    far = score(NumericDiff(expected=100), "150")
    assert (far.score, far.passed) == (0.5, False)
    assert score(NumericDiff(expected=100), "-100").score == 0.0
    assert score(NumericDiff(expected=-1.5e3), "-1,500").passed
    assert score(NumericDiff(expected=0), "0").passed
    assert score(NumericDiff(expected=0), "0.001").score == 0.0
    assert score(NumericDiff(expected=100, tolerance=0.6), "150").passed
    none = score(NumericDiff(expected=1), "none")
    assert (none.score, none.passed, none.message) == (0.0, False, "no number in the output")


def test_numeric_diff_never_scores_nan() -> None:
    huge = score(NumericDiff(expected=1), "1e999")
    assert (huge.score, huge.passed) == (0.0, False)
    overflow = score(NumericDiff(expected=-1.7e308), "1.7e308")
    assert (overflow.score, overflow.passed) == (0.0, False)
    assert overflow.metadata["relative_error"] is None
    for bad in (math.nan, math.inf, -math.inf, "nan", "abc", True, [1], 10**400):
        result = score(NumericDiff(), "1", expected=bad)
        assert (result.score, result.passed) == (0.0, False)
        assert "error" not in result.metadata
        assert "scenario.parameters['expected']" in result.message


def test_numeric_diff_reads_the_rows_number_or_numeric_text() -> None:
    assert score(NumericDiff(), "1234", expected="1,234").passed
    assert score(NumericDiff(), "1234", expected=" 1234.0 ").passed
    assert score(NumericDiff(), "7", expected=7).passed
    assert score(NumericDiff(expected_key="n"), "7", n=7.0).passed
    assert not score(NumericDiff(), "7", expected="7 apples").passed


# -- JSONDiff ---------------------------------------------------------------------------------


def test_json_diff_compares_numbers_numerically_but_not_bools() -> None:
    assert score(JSONDiff(expected=1), "1.0").score == 1.0
    assert score(JSONDiff(expected={"n": 1.0}), '{"n": 1}').passed
    assert score(JSONDiff(expected=0.1 + 0.2), "0.3").passed
    assert score(JSONDiff(expected=1), "true").score == 0.0
    assert score(JSONDiff(expected=True), "1").score == 0.0
    assert score(JSONDiff(expected=True), "true").score == 1.0
    assert score(JSONDiff(expected="1"), "1").score == 0.0
    assert score(JSONDiff(expected=10**30), str(10**30)).score == 1.0
    assert score(JSONDiff(expected=10**30), str(10**30 + 1)).score == 0.0


def test_json_diff_is_structural() -> None:
    expected = {"name": "Ada", "tags": ["a", "b", "c", "d"], "age": 36}
    perfect = score(
        JSONDiff(expected=expected), '{"age": 36, "tags": ["a","b","c","d"], "name": "Ada"}'
    )
    assert (perfect.score, perfect.passed) == (1.0, True)
    partial = score(JSONDiff(expected=expected), '{"name": "Ada", "tags": ["a", "x"], "extra": 1}')
    # keys: name 1, tags 1/4 (a matches; prefix of 2 over length 4), age 0, extra 0 → / 4
    assert partial.score == pytest.approx((1 + 0.25 + 0 + 0) / 4)
    assert not partial.passed
    assert partial.metadata["differences"][:2] == ["$.tags (length 2 vs 4)", "$.tags[1]"]
    assert score(
        JSONDiff(expected=expected, threshold=0.3),
        '{"name": "Ada", "tags": ["a", "x"], "extra": 1}',
    ).passed
    assert score(JSONDiff(expected={}), "{}").score == 1.0
    assert score(JSONDiff(expected=[]), "[]").score == 1.0
    assert score(JSONDiff(expected=[]), "{}").score == 0.0
    assert score(JSONDiff(expected=[1, 2]), "[1, 2, 3, 4]").score == 0.5
    assert (
        score(
            JSONDiff(expected={"a": {"b": [1, {"c": "é"}]}}), '{"a": {"b": [1, {"c": "\\u00e9"}]}}'
        ).score
        == 1.0
    )


def test_json_diff_refuses_output_that_is_not_strict_json() -> None:
    for output in (
        "",
        "{'a': 1}",
        "NaN",
        '{"a": NaN}',
        "[Infinity]",
        "-Infinity",
        "{} x",
        "[" * 100_000,
    ):
        result = score(JSONDiff(expected={"a": 1}), output)
        assert (result.score, result.passed) == (0.0, False)
        assert result.message.startswith("output is not JSON")


def test_json_diff_copies_its_expectation_and_reads_rows_as_is() -> None:
    mine = {"a": [1, 2]}
    scorer = JSONDiff(expected=mine)
    mine["a"].append(3)
    assert score(scorer, '{"a": [1, 2]}').passed
    assert score(JSONDiff(), '{"a": 1}', expected={"a": 1}).passed
    assert score(JSONDiff(expected_key="want"), "[1]", want=(1,)).passed
    # A row's expected value is not parsed: a JSON string is a string.
    assert not score(JSONDiff(), '{"a": 1}', expected='{"a": 1}').passed
    assert score(JSONDiff(), '"{\\"a\\": 1}"', expected='{"a": 1}').passed


# -- JSONValidity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "valid"),
    [
        ('{"a": 1}', True),
        ("  [1, 2]\n", True),
        ('"text"', True),
        ("null", True),
        ("1e5", True),
        ("", False),
        ("   ", False),
        ("NaN", False),
        ('{"a": Infinity}', False),
        ("{'a': 1}", False),
        ('{"a": 1} trailing', False),
        ("```json\n{}\n```", False),
        ("[" * 100_000, False),
    ],
)
def test_json_validity_is_strict(output: str, valid: bool) -> None:
    result = score(JSONValidity(), output)
    assert (result.score, result.passed) == (float(valid), valid)
    if not valid:
        assert result.message.startswith("output is not JSON")


# -- SemanticListContains ---------------------------------------------------------------------


def test_semantic_list_contains_counts_items_ignoring_case() -> None:
    scorer = SemanticListContains(expected=["Paris", "Berlin", "Madrid", "Rome"])
    result = score(scorer, "Capitals: PARIS, berlin and Rome.")
    assert result.score == 0.75
    assert not result.passed
    assert result.metadata == {"found": ["Paris", "Berlin", "Rome"], "missing": ["Madrid"]}
    assert result.message == "3/4 items found; missing 'Madrid'"
    assert score(SemanticListContains(expected=["a"], threshold=0.5), "A").passed
    assert score(SemanticListContains(expected=["Straße"]), "STRASSE").passed
    empty = score(scorer, "")
    assert (empty.score, empty.passed) == (0.0, False)


def test_fuzzy_matching_finds_a_misspelt_item_inside_a_long_output() -> None:
    text = "The delegates flew to Barcelonna for the summit, then on to Lisbon. " * 3
    exact = SemanticListContains(expected=["Barcelona", "Lisbon"])
    fuzzy = SemanticListContains(expected=["Barcelona", "Lisbon"], fuzzy=True)
    assert score(exact, text).score == 0.5
    # The published client compared each item with the WHOLE output, so a long output never
    # matched fuzzily; here one edit in nine letters is 0.89 >= 0.75.
    assert score(fuzzy, text).score == 1.0
    assert score(SemanticListContains(expected=["Barcelona"], fuzzy=True), "Bern").score == 0.0
    strict = SemanticListContains(expected=["Barcelona"], fuzzy=True, fuzzy_threshold=0.95)
    assert score(strict, text).score == 0.0


def test_semantic_list_contains_reads_the_rows_list() -> None:
    assert score(SemanticListContains(), "red and blue", expected=["red", "blue"]).passed
    assert score(SemanticListContains(expected_key="colours"), "red", colours=("red",)).passed
    for bad, why in (([], "empty list"), ("red", "list of str"), (["red", 1], "only str")):
        result = score(SemanticListContains(), "red", expected=bad)
        assert (result.score, result.passed) == (0.0, False)
        assert why in result.message
        assert "error" not in result.metadata
