"""Pricing: estimate_cost's lookup (dated, prefixed, aliased, any case), cache tokens, and the
mutable, thread-safe pricing_table the page writes custom prices into."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polarity_keystone import KeystoneInvalidArgumentError, estimate_cost, pricing_table
from polarity_keystone._pricing import ModelPrice, PricingTable, resolve_model

SRC = Path(__file__).resolve().parents[2] / "wrappers" / "keystone" / "src"
MILLION = 1_000_000


@pytest.fixture
def table() -> Iterator[PricingTable]:
    """The process-wide table, restored afterwards (tests add, change and delete entries)."""
    before = {key: pricing_table[key] for key in pricing_table}
    yield pricing_table
    for key in list(pricing_table):
        if key not in before:
            del pricing_table[key]
    for key, price in before.items():
        pricing_table[key] = price


def per_million(model: str) -> tuple[float, float]:
    """What a million input tokens and a million output tokens cost, separately."""
    return estimate_cost(model, MILLION, 0), estimate_cost(model, 0, MILLION)


def test_the_pages_example_is_priced() -> None:
    cost = estimate_cost("claude-sonnet-4-5", 4200, 1800, 1500)
    assert cost == pytest.approx((4200 * 3 + 1800 * 15 + 1500 * 0.3) / 1e6)
    assert cost == pytest.approx(0.04005)


# Every example of the wire sheet's §8 "Effects", with the key and the price it must get.
EFFECTS = [
    ("gpt-4o-2024-05-13", "gpt-4o", (2.5, 10)),
    ("gpt-4o-mini-2025-01-01", "gpt-4o-mini", (0.15, 0.6)),
    ("GPT-4o", "gpt-4o", (2.5, 10)),
    ("gpt-4.1-2025-04-14", "gpt-4.1", (2, 8)),
    ("gpt-5.4-mini-2026", "gpt-5.4-mini", (0.75, 4.5)),
    ("gpt-5-codex", "gpt-5", (1.25, 10)),
    ("gemini-2.5-flash-001", "gemini-2.5-flash", (0.3, 2.5)),
    ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", (3, 15)),
    ("claude-opus-4-1", "claude-opus-4-1-20250805", (15, 75)),
    ("claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219", (3, 15)),
    ("anthropic/claude-sonnet-4-6", "claude-sonnet-4-6", (3, 15)),
]

MORE_NAMES = [
    ("openai/gpt-4o", "gpt-4o"),
    ("OpenAI/GPT-4O-2024-08-06", "gpt-4o-2024-08-06"),
    ("  gpt-4o  ", "gpt-4o"),
    ("models/gemini-2.5-pro", "gemini-2.5-pro"),
    ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
    ("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307"),
    ("us.amazon.nova-pro-v1:0", "amazon.nova-pro"),
    ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620"),
    ("claude-3-5-sonnet", "claude-3-5-sonnet-20241022"),
    ("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022"),
    ("claude-sonnet-4", "claude-sonnet-4-20250514"),
    ("claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("gpt-3.5-turbo-0125", "gpt-3.5-turbo"),
    ("gpt-4-0613", "gpt-4"),
    ("gpt-4o-audio-preview", "gpt-4o"),
    ("o3-mini-high", "o3-mini"),
    ("grok-2-vision", "grok-2-vision-1212"),
    ("mistral-large-2411", "mistral-large-latest"),
    ("meta-llama/llama-3.1-70b-instruct", "meta-llama/llama-3.1-70b"),
    ("openrouter/meta-llama/llama-3.1-70b", "meta-llama/llama-3.1-70b"),
    ("deepseek/deepseek-r1:free", "deepseek/deepseek-r1"),
    ("openai/gpt-5.4-mini", "openai/gpt-5.4-mini"),
    ("gpt-5.4-mini", "gpt-5.4-mini"),
]


@pytest.mark.parametrize(("model", "key", "prices"), EFFECTS)
def test_every_wire_example_is_priced_right(
    model: str, key: str, prices: tuple[float, float]
) -> None:
    assert pricing_table.resolve(model) == key
    assert per_million(model) == pytest.approx(prices)


@pytest.mark.parametrize(("model", "key"), MORE_NAMES)
def test_dated_prefixed_and_aliased_names_resolve(model: str, key: str) -> None:
    assert pricing_table.resolve(model) == key
    assert resolve_model(model) == key
    assert per_million(model) == per_million(key)


def test_a_dated_name_never_falls_back_to_a_shorter_model() -> None:
    # The published client priced all of these as gpt-4 ($30/$60).
    for model in ("gpt-4o-2024-05-13", "gpt-4o-mini-2025-01-01", "gpt-4.1-2025-04-14"):
        assert per_million(model) != per_million("gpt-4")
    # A prefix only counts at a `-`, `.` or `:` boundary.
    assert pricing_table.resolve("gpt-4ozzz") is None
    assert pricing_table.resolve("o1x") is None
    assert pricing_table.resolve("gpt-5.4") == "gpt-5.4"
    assert pricing_table.resolve("gpt-5.9") == "gpt-5"


def test_a_short_alias_picks_the_newest_date_whatever_the_key_order() -> None:
    keys = ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250514", "claude-sonnet-4-6"]
    for ordered in (keys, keys[::-1], sorted(keys), sorted(keys, reverse=True)):
        assert resolve_model("claude-sonnet-4-5", ordered) == "claude-sonnet-4-5-20250929"
        assert resolve_model("claude-sonnet-4-5", set(ordered)) == "claude-sonnet-4-5-20250929"
    # `-latest` counts as the newest; ISO dates compare as dates.
    assert resolve_model("m", ["m-20990101", "m-latest"]) == "m-latest"
    assert resolve_model("m", ["m-2024-11-20", "m-2024-08-06"]) == "m-2024-11-20"
    # An exact key beats any alias; a key that adds more than a date is not an alias.
    assert resolve_model("m", ["m-20250101", "m"]) == "m"
    assert resolve_model("m", ["m-5-20250101"]) is None


def test_unknown_models_cost_nothing_and_resolve_to_none() -> None:
    for model in ("my-unheard-of-model", "", "   ", "text-embedding-3-small", "-latest"):
        assert estimate_cost(model, 1000, 1000, 1000) == 0.0
        assert pricing_table.resolve(model) is None
        assert pricing_table.price_for(model) is None


def test_the_table_holds_the_services_prices() -> None:
    assert len(pricing_table) == 118 + 2  # the service's entries, plus two Anthropic aliases
    spot = {
        "amazon.nova-micro": (0.035, 0.14),
        "claude-opus-4-20250514": (15, 75),
        "claude-opus-4-5": (5, 15),
        "deepseek/deepseek-chat-v3": (0.27, 1.1),
        "gemini-3.1-flash-lite-preview": (0.25, 1.5),
        "gpt-4": (30, 60),
        "gpt-5.2-pro": (21, 168),
        "grok-4-fast-non-reasoning": (0.2, 0.5),
        "mixtral-8x7b-32768": (0.24, 0.24),
        "o1-mini-2024-09-12": (3, 12),
        "z-ai/glm-5.1": (0.95, 3.15),
    }
    for key, (input_price, output_price) in spot.items():
        price = pricing_table[key]
        assert (price["input"], price["output"]) == (input_price, output_price)
    for key in pricing_table:
        assert key == key.lower()
        assert pricing_table.resolve(key) == key
        if key.startswith("claude-"):
            price = pricing_table[key]
            assert price["cache_read"] == pytest.approx(price["input"] / 10)


def test_cached_tokens_are_billed_apart_and_never_make_a_cost_negative() -> None:
    # The published client returned -0.0267 here.
    assert estimate_cost("claude-sonnet-4-6", 100, 0, 10000) == pytest.approx(
        (100 * 3 + 10000 * 0.3) / 1e6
    )
    # Without a cache_read price, cached tokens cost 0.1 x the input price.
    assert "cache_read" not in pricing_table["gpt-4o"]
    assert estimate_cost("gpt-4o", 0, 0, MILLION) == pytest.approx(0.25)
    # Anthropic's cache writes cost 1.25 x the input price.
    assert estimate_cost("claude-sonnet-4-6", 0, 0, cache_write_tokens=MILLION) == pytest.approx(
        3.75
    )
    for model in ("claude-sonnet-4-6", "gpt-4o", "gpt-5-nano", "unknown"):
        assert estimate_cost(model, 0, 0, 10**12) >= 0.0
        assert estimate_cost(model, 0, 0) == 0.0


def test_a_custom_entry_is_used_at_once_and_can_be_deleted(table: PricingTable) -> None:
    assert estimate_cost("my-custom-model", MILLION, MILLION) == 0.0
    table["my-custom-model"] = {"input": 1.0, "output": 5.0}
    assert estimate_cost("my-custom-model", MILLION, MILLION) == pytest.approx(6.0)
    assert estimate_cost("My-Custom-Model-2025-01-01", MILLION, 0) == pytest.approx(1.0)
    assert "MY-CUSTOM-MODEL" in table
    assert "my-custom-model" in list(table)
    assert table["my-custom-model"] == {"input": 1.0, "output": 5.0}
    # A cache_read price replaces the default share; an update applies at once too.
    table["my-custom-model"] = {"input": 1.0, "output": 5.0, "cache_read": 0.5}
    assert estimate_cost("my-custom-model", 0, 0, MILLION) == pytest.approx(0.5)
    # Overriding a shipped price works, and so does a more specific key.
    table["gpt-4o"] = {"input": 100, "output": 0}
    assert estimate_cost("gpt-4o-2024-05-13", MILLION, 0) == pytest.approx(100.0)
    table["gpt-4o-2024-05-13"] = {"input": 5, "output": 15}
    assert estimate_cost("gpt-4o-2024-05-13", MILLION, 0) == pytest.approx(5.0)
    del table["my-custom-model"]
    assert "my-custom-model" not in table
    assert estimate_cost("my-custom-model", MILLION, MILLION) == 0.0
    with pytest.raises(KeyError):
        del table["my-custom-model"]
    with pytest.raises(KeyError):
        table["my-custom-model"]


@pytest.mark.parametrize(
    "value",
    [
        None,
        1.0,
        "1.0/5.0",
        [1.0, 5.0],
        {"input": 1.0},
        {"output": 5.0},
        {"input": 1.0, "output": 5.0, "cached": 0.1},
        {"input": -1.0, "output": 5.0},
        {"input": math.nan, "output": 5.0},
        {"input": 1.0, "output": math.inf},
        {"input": True, "output": 5.0},
        {"input": "1", "output": 5.0},
        {"input": 1.0, "output": 5.0, "cache_read": -0.1},
        {"input": 1.0, "output": 5.0, "cache_read": "x"},
        {"input": 10**400, "output": 1},
    ],
)
def test_invalid_entries_are_refused_and_leave_the_table_alone(
    table: PricingTable, value: Any
) -> None:
    before = table()
    with pytest.raises(KeystoneInvalidArgumentError, match="pricing_table"):
        table["bad-model"] = value
    assert table() == before


@pytest.mark.parametrize("key", ["", "   ", 5, None, b"gpt"])
def test_invalid_keys_are_refused(table: PricingTable, key: Any) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match="model name"):
        table[key] = {"input": 1.0, "output": 1.0}
    assert key not in table


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((None, 1, 1), {}, "model"),
        ((42, 1, 1), {}, "model"),
        (("gpt-4o", -1, 1), {}, "input_tokens"),
        (("gpt-4o", 1.0, 1), {}, "input_tokens"),
        (("gpt-4o", math.nan, 1), {}, "input_tokens"),
        (("gpt-4o", True, 1), {}, "input_tokens"),
        (("gpt-4o", 1, None), {}, "output_tokens"),
        (("gpt-4o", 1, "5"), {}, "output_tokens"),
        (("gpt-4o", 1, 1, -5), {}, "cache_read_tokens"),
        (("gpt-4o", 1, 1), {"cache_write_tokens": 2**64}, "cache_write_tokens"),
    ],
)
def test_invalid_arguments_are_refused(
    args: tuple[Any, ...], kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(KeystoneInvalidArgumentError, match=match):
        estimate_cost(*args, **kwargs)


def test_entries_read_back_immutable(table: PricingTable) -> None:
    price = table["gpt-4o"]
    with pytest.raises(TypeError):
        price["input"] = 0  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        price.input = 0  # type: ignore[misc]
    copy = table()
    copy["gpt-4o"]["input"] = 0
    copy["new"] = {"input": 1.0, "output": 1.0}
    assert table["gpt-4o"]["input"] == 2.5
    assert "new" not in table
    assert estimate_cost("gpt-4o", MILLION, 0) == pytest.approx(2.5)
    assert ModelPrice(1, 2) == {"input": 1.0, "output": 2.0}
    assert dict(ModelPrice(1, 2, 0.5)) == {"input": 1.0, "output": 2.0, "cache_read": 0.5}
    with pytest.raises(KeystoneInvalidArgumentError):
        ModelPrice(math.nan, 1.0)


def test_non_str_lookups_are_missing_not_errors() -> None:
    assert 5 not in pricing_table
    with pytest.raises(KeyError):
        pricing_table[5]  # type: ignore[index]
    with pytest.raises(KeystoneInvalidArgumentError):
        pricing_table.resolve(5)  # type: ignore[arg-type]


def test_the_table_has_a_readable_repr_and_the_published_call_form() -> None:
    text = repr(pricing_table)
    assert text.startswith("<PricingTable: 120 models")
    assert "'amazon.nova-lite': 0.06/0.24" in text
    assert len(text) < 300
    snapshot = pricing_table()
    assert type(snapshot) is dict
    assert snapshot["gpt-4o"] == {"input": 2.5, "output": 10.0}
    assert repr(pricing_table["claude-sonnet-4-6"]) == (
        "ModelPrice(input=3.0, output=15.0, cache_read=0.3)"
    )


def test_a_table_of_ones_own_does_not_touch_the_global_one() -> None:
    own = PricingTable({"Alpha": {"input": 1, "output": 2}})
    assert list(own) == ["alpha"]
    assert own.resolve("alpha-2025-01-01") == "alpha"
    assert pricing_table.resolve("alpha") is None


def test_concurrent_writers_and_readers_see_a_consistent_table(table: PricingTable) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(200):
                key = f"thread-{n}-model-{i % 7}"
                table[key] = {"input": float(n), "output": float(i)}
                assert estimate_cost(key, MILLION, 0) == pytest.approx(float(n))
                assert estimate_cost(f"{key}-2025-01-01", 0, MILLION) == pytest.approx(float(i))
                assert estimate_cost("gpt-4o", MILLION, 0) == pytest.approx(2.5)
                for name in table:  # iterating while others add and delete never raises
                    assert isinstance(name, str)
                if i % 3 == 0:
                    del table[key]
                    assert pricing_table.resolve(key) is None
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Each key is deleted or not according to the last write to it.
    last = {j: max(i for i in range(200) if i % 7 == j) for j in range(7)}
    kept = {f"thread-{n}-model-{j}" for n in range(8) for j in range(7) if last[j] % 3 != 0}
    assert {key for key in table if key.startswith("thread-")} == kept
    assert len(table) == 120 + len(kept)


MODELS = st.sampled_from(
    ["claude-sonnet-4-5", "gpt-4o-2024-05-13", "gpt-5-nano", "o1", "unknown-model", "GPT-4O"]
)
COUNTS = st.integers(min_value=0, max_value=10**9)


@settings(max_examples=50, deadline=None)
@given(
    model=MODELS,
    counts=st.tuples(COUNTS, COUNTS, COUNTS, COUNTS),
    which=st.integers(min_value=0, max_value=3),
    extra=st.integers(min_value=1, max_value=10**9),
)
def test_cost_is_monotone_in_each_count_and_never_negative(
    model: str, counts: tuple[int, int, int, int], which: int, extra: int
) -> None:
    def cost(values: tuple[int, ...]) -> float:
        return estimate_cost(model, values[0], values[1], values[2], cache_write_tokens=values[3])

    more = tuple(value + extra if index == which else value for index, value in enumerate(counts))
    assert 0.0 <= cost(counts) <= cost(more)
    assert math.isfinite(cost(more))


def test_importing_pricing_stays_cheap() -> None:
    code = (
        "import sys; import polarity_keystone._pricing as p; "
        "assert p.estimate_cost('gpt-4o', 1, 1) > 0; "
        "print([m for m in ('httpx', 'polarity_keystone._exceptions') if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
