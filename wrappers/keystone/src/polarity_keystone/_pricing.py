"""Model prices and cost estimates: :func:`estimate_cost` and the mutable :data:`pricing_table`.

::

    from polarity_keystone import estimate_cost, pricing_table

    cost = estimate_cost("claude-sonnet-4-5", 4200, 1800, 1500)  # 0.04005 (USD)
    pricing_table["my-custom-model"] = {"input": 1.0, "output": 5.0}  # used at once

**Units.** Prices are USD per 1M tokens; costs are USD.

**Token convention.** ``input_tokens`` are the *uncached* input tokens and
``cache_read_tokens`` the input tokens read from a prompt cache, billed apart (Anthropic's
convention: its ``usage.input_tokens`` already excludes ``cache_read_input_tokens``). OpenAI's
``usage.prompt_tokens`` *includes* its cached tokens, so convert first::

    cached = usage.prompt_tokens_details.cached_tokens
    estimate_cost(model, usage.prompt_tokens - cached, usage.completion_tokens, cached)

Cached tokens are priced at the entry's ``cache_read`` rate when it has one, else at 0.1 × its
input rate (:data:`DEFAULT_CACHE_READ_RATIO`: Anthropic's published ratio, and OpenAI's for the
gpt-5 family; older OpenAI models discount cached input less, so their cache-heavy calls are
under-estimated). Anthropic's cache *writes* go in ``cache_write_tokens`` (1.25 × input, the
5-minute cache's rate). Every rate is ≥ 0 and every count is ≥ 0, so a cost is never negative (the
published 0.3.3 client subtracted a "discount" from ``input_tokens`` and went negative).

**Lookup** (:func:`resolve_model`, :meth:`PricingTable.resolve`), case-insensitive:

1. the exact key, else the name without a provider prefix (``anthropic/``, ``openai/``,
   ``models/``, any ``xxx/``; Bedrock's ``us.anthropic.``) and/or version suffixes
   (``-2024-05-13``, ``-20250929``, ``-latest``, ``-001``, ``-0125``, ``@20240620``, ``-v1:0``);
2. else a key that is one of those forms plus a date (a short alias: ``claude-sonnet-4-5`` →
   ``claude-sonnet-4-5-20250929``), the newest date when there are several (``-latest``
   first);
3. else the longest key that is a prefix of one of those forms ending at a ``-``, ``.`` or
   ``:`` (``gpt-4o-audio-preview`` → ``gpt-4o``, never ``gpt-4``; ``gpt-5.4-mini-2026`` →
   ``gpt-5.4-mini``).

An unknown model costs ``0.0``; ``pricing_table.resolve(model) is None`` tells it apart from a
free one.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Collection, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import NoReturn

__all__ = [
    "DEFAULT_CACHE_READ_RATIO",
    "DEFAULT_CACHE_WRITE_RATIO",
    "ModelPrice",
    "PricingTable",
    "estimate_cost",
    "pricing_table",
    "resolve_model",
]

#: Cached input tokens cost this share of the input rate when an entry has no ``cache_read``.
DEFAULT_CACHE_READ_RATIO = 0.1
#: Anthropic's 5-minute cache writes cost this multiple of the input rate.
DEFAULT_CACHE_WRITE_RATIO = 1.25
_PER_MILLION = 1_000_000
_MAX_TOKENS = 2**63 - 1
_FIELDS = ("input", "output", "cache_read")
# Resolved names kept per table; cleared on any change, and when full (names are unbounded).
_MAX_RESOLVED = 4096

# One trailing version or date, removed one at a time (a Vertex `@...` tag, Bedrock's `-v1:0`,
# dates, `-latest`, a 3-digit revision `-001`, a 4-digit snapshot `-0125`).
_VERSION_SUFFIX = re.compile(
    r"(?:@[\w.:-]*|-v\d+(?::\d+)?|-\d{8}|-\d{4}-\d{2}-\d{2}|-\d{4}|-\d{3}|-latest)$"
)
# What a dated key adds to its short alias.
_ALIAS_SUFFIX = re.compile(r"-(?:(?P<d8>\d{8})|(?P<iso>\d{4}-\d{2}-\d{2})|(?P<d>\d{3,4})|latest)")
# Bedrock model ids: an optional cross-region prefix, then the vendor (`us.anthropic.claude-…`).
_REGION_PREFIX = re.compile(r"^(?:us|us-gov|eu|apac|ap|au|ca|jp|global)\.")
_VENDOR_PREFIX = re.compile(
    r"^(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer)\."
)
_PREFIX_BOUNDARIES = frozenset("-.:")


def _fail(message: str) -> NoReturn:
    # Imported on failure only: the checks load the HTTP stack, which pricing never needs.
    from polarity_keystone._checks import CHECK

    CHECK.fail(message)


def _shown(value: object) -> str:
    from sdk_core._arguments import describe

    return describe(value)


def _rate(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(f"{where} must be a number (USD per 1M tokens), got {_shown(value)}")
    try:
        rate = float(value)
    except OverflowError:
        rate = math.inf
    if not math.isfinite(rate) or rate < 0:
        _fail(f"{where} must be a finite number >= 0 (USD per 1M tokens), got {value!r}")
    return rate


@dataclass(frozen=True, slots=True, eq=False)
class ModelPrice(Mapping[str, float]):
    """One model's prices in USD per 1M tokens; immutable, and a read-only mapping.

    ``price["input"]``, ``price["output"]`` and (when set) ``price["cache_read"]`` read like
    the dict it was made from, and ``price == {"input": 1.0, "output": 5.0}`` holds.

    Attributes:
        input: the price of uncached input tokens.
        output: the price of output tokens.
        cache_read: the price of cached input tokens, or None for
            ``DEFAULT_CACHE_READ_RATIO`` × ``input``.

    Raises:
        KeystoneInvalidArgumentError: a price that is not a finite number >= 0.

    """

    input: float
    output: float
    cache_read: float | None = None

    def __post_init__(self) -> None:
        # Frozen: normalised through object.__setattr__.
        object.__setattr__(self, "input", _rate("input price", self.input))
        object.__setattr__(self, "output", _rate("output price", self.output))
        if self.cache_read is not None:
            object.__setattr__(self, "cache_read", _rate("cache_read price", self.cache_read))

    @property
    def cache_read_rate(self) -> float:
        """What a cached input token costs per 1M: ``cache_read``, or the default share."""
        return self.input * DEFAULT_CACHE_READ_RATIO if self.cache_read is None else self.cache_read

    def cost(
        self,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
    ) -> float:
        """The USD cost of a call with these (already checked, non-negative) token counts."""
        total = (
            input_tokens * self.input
            + output_tokens * self.output
            + cache_read_tokens * self.cache_read_rate
            + cache_write_tokens * self.input * DEFAULT_CACHE_WRITE_RATIO
        )
        return total / _PER_MILLION

    def __getitem__(self, key: str) -> float:
        if key == "input":
            return self.input
        if key == "output":
            return self.output
        if key == "cache_read" and self.cache_read is not None:
            return self.cache_read
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELDS if self.cache_read is not None else _FIELDS[:2])

    def __len__(self) -> int:
        return 2 if self.cache_read is None else 3


def _key(key: object) -> str:
    if not isinstance(key, str) or not key.strip():
        _fail(f"a pricing_table key must be a non-empty model name, got {_shown(key)}")
    return key.strip().lower()


def _price(key: str, value: object) -> ModelPrice:
    if isinstance(value, ModelPrice):
        return value
    where = f"pricing_table[{key!r}]"
    if not isinstance(value, Mapping):
        _fail(
            f"{where} must be a dict such as {{'input': 1.0, 'output': 5.0}} "
            f"(USD per 1M tokens), got {_shown(value)}"
        )
    unknown = sorted(str(field) for field in value if field not in _FIELDS)
    if unknown:
        _fail(f"{where} has unknown keys {unknown}: use 'input', 'output' and 'cache_read'")
    missing = [field for field in _FIELDS[:2] if field not in value]
    if missing:
        _fail(f"{where} needs {' and '.join(repr(m) for m in missing)} (USD per 1M tokens)")
    cache_read = value.get("cache_read")
    return ModelPrice(
        input=_rate(f"{where}['input']", value["input"]),
        output=_rate(f"{where}['output']", value["output"]),
        cache_read=None if cache_read is None else _rate(f"{where}['cache_read']", cache_read),
    )


def _forms(name: str) -> list[str]:
    """``name``, then its forms without provider prefixes and versions (most specific first)."""
    prefixless = [name]
    rest = name
    while "/" in rest:  # openrouter/meta-llama/llama-3.1-70b → meta-llama/… → llama-3.1-70b
        rest = rest.split("/", 1)[1]
        prefixless.append(rest)
    for form in list(prefixless):
        regionless = _REGION_PREFIX.sub("", form, count=1)
        vendorless = _VENDOR_PREFIX.sub("", regionless, count=1)
        prefixless.extend(f for f in (regionless, vendorless) if f != form)
    variants: list[str] = []
    for form in prefixless:
        variants.append(form)
        if "@" in form:  # Vertex's `model@20240620` is everyone else's `model-20240620`
            variants.append(form.replace("@", "-", 1))
    forms: list[str] = []
    for form in variants:
        while form and form not in forms:
            forms.append(form)
            form = _VERSION_SUFFIX.sub("", form)
    return forms


def _alias_rank(match: re.Match[str]) -> tuple[int, int, str]:
    # `-latest` is the newest; then longer (fuller) dates, then later ones.
    digits = (match["d8"] or match["iso"] or match["d"] or "").replace("-", "")
    return (0 if digits else 1, len(digits), digits)


def _newest_alias(form: str, keys: Collection[str]) -> str | None:
    best: tuple[tuple[int, int, str], str] | None = None
    for key in keys:
        if len(key) > len(form) and key.startswith(form):
            match = _ALIAS_SUFFIX.fullmatch(key, len(form))
            if match is not None and (best is None or (_alias_rank(match), key) > best):
                best = (_alias_rank(match), key)
    return None if best is None else best[1]


def _longest_prefix(form: str, keys: Collection[str]) -> str | None:
    for end in range(len(form) - 1, 0, -1):
        if form[end] in _PREFIX_BOUNDARIES and form[:end] in keys:
            return form[:end]
    return None


def resolve_model(model: str, keys: Collection[str] | None = None) -> str | None:
    """The key of ``keys`` that ``model`` prices as, or None (see the module docstring).

    A pure function of its arguments; ``keys`` are lower-case model names, by default those
    of :data:`pricing_table` (then this is ``pricing_table.resolve(model)``).

    Raises:
        KeystoneInvalidArgumentError: ``model`` is not a str.

    """
    if keys is None:
        return pricing_table.resolve(model)
    if not isinstance(model, str):
        _fail(f"model must be a model name (str), got {_shown(model)}")
    name = model.strip().lower()
    if not name:
        return None
    forms = _forms(name)
    for form in forms:
        if form in keys:
            return form
    for form in forms:
        alias = _newest_alias(form, keys)
        if alias is not None:
            return alias
    for form in forms:
        prefix = _longest_prefix(form, keys)
        if prefix is not None:
            return prefix
    return None


class PricingTable(MutableMapping[str, Mapping[str, float]]):
    """The model prices :func:`estimate_cost` (and ``wrap``'s cost events) use; thread-safe.

    A mutable mapping of model name → :class:`ModelPrice` (USD per 1M tokens). Keys are
    case-insensitive (stored lower-case, surrounding spaces dropped). Setting an entry takes a
    dict with ``input`` and ``output`` and optionally ``cache_read`` (finite numbers >= 0) and
    applies to the next lookup::

        pricing_table["my-custom-model"] = {"input": 1.0, "output": 5.0}
        del pricing_table["my-custom-model"]

    Entries read back immutable, so ``pricing_table["gpt-4o"]["input"] = 0`` raises instead of
    corrupting the table. ``pricing_table[name]`` is the exact entry;
    :meth:`resolve` / :meth:`price_for` apply the module's fuzzy lookup. Calling the table
    (``pricing_table()``) returns a plain-dict copy, as the published 0.3.3 function did.

    Raises:
        KeystoneInvalidArgumentError: a blank or non-str key, or a value without ``input`` and
            ``output``, with other keys, or with a price that is not a finite number >= 0.

    """

    __slots__ = ("_entries", "_lock", "_resolved")

    def __init__(self, entries: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, ModelPrice] = {}
        self._resolved: dict[str, str | None] = {}
        for key, value in (entries or {}).items():
            self[key] = value

    def __getitem__(self, key: str) -> ModelPrice:
        if not isinstance(key, str):
            raise KeyError(key)
        with self._lock:
            price = self._entries.get(key.strip().lower())
        if price is None:
            raise KeyError(key)
        return price

    def __setitem__(self, key: str, value: Mapping[str, float]) -> None:
        name = _key(key)
        price = _price(name, value)
        with self._lock:
            self._entries[name] = price
            self._resolved.clear()

    def __delitem__(self, key: str) -> None:
        if not isinstance(key, str):
            raise KeyError(key)
        with self._lock:
            if self._entries.pop(key.strip().lower(), None) is None:
                raise KeyError(key)
            self._resolved.clear()

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        with self._lock:
            return key.strip().lower() in self._entries

    def __iter__(self) -> Iterator[str]:
        # A snapshot: another thread may add or delete entries while the caller iterates.
        with self._lock:
            keys = list(self._entries)
        return iter(keys)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def resolve(self, model: str) -> str | None:
        """The key ``model`` prices as (see the module docstring), or None if unknown.

        Raises:
            KeystoneInvalidArgumentError: ``model`` is not a str.

        """
        return self._lookup(model)[0]

    def price_for(self, model: str) -> ModelPrice | None:
        """The prices ``model`` is charged at (its :meth:`resolve` entry), or None if unknown.

        Raises:
            KeystoneInvalidArgumentError: ``model`` is not a str.

        """
        return self._lookup(model)[1]

    def _lookup(self, model: str) -> tuple[str | None, ModelPrice | None]:
        if not isinstance(model, str):
            _fail(f"model must be a model name (str), got {_shown(model)}")
        name = model.strip().lower()
        with self._lock:  # one lock: the key found and its price come from the same table
            if name in self._resolved:
                key = self._resolved[name]
            else:
                key = resolve_model(name, self._entries)
                if len(self._resolved) >= _MAX_RESOLVED:
                    self._resolved.clear()
                self._resolved[name] = key
            return key, None if key is None else self._entries[key]

    def __call__(self) -> dict[str, dict[str, float]]:
        """A plain-dict copy of every entry (what the published ``pricing_table()`` returned)."""
        with self._lock:
            return {key: dict(price) for key, price in self._entries.items()}

    def __repr__(self) -> str:
        with self._lock:
            count = len(self._entries)
            sample = ", ".join(
                f"{key!r}: {price.input:g}/{price.output:g}"
                for key, price in list(self._entries.items())[:3]
            )
        more = ", ..." if count > 3 else ""
        return f"<PricingTable: {count} models, USD per 1M input/output tokens {{{sample}{more}}}>"


def _tokens(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_TOKENS:
        _fail(f"{name} must be an integer >= 0 (a token count), got {_shown(value)}")
    return value


def estimate_cost(
    model: str,
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int = 0,
    *,
    cache_write_tokens: int = 0,
) -> float:
    """The USD cost of one LLM call, from :data:`pricing_table`; 0.0 for an unknown model.

    ``estimate_cost("claude-sonnet-4-5", 4200, 1800, 1500)`` is
    ``(4200 × 3 + 1800 × 15 + 1500 × 0.3) / 1e6`` = 0.04005.

    Args:
        model: the model name as the provider reports it (dated, prefixed or aliased names
            resolve; see the module docstring).
        input_tokens: uncached input tokens. OpenAI's ``prompt_tokens`` include cached ones:
            pass ``prompt_tokens - cached_tokens`` here and ``cached_tokens`` as
            ``cache_read_tokens``.
        output_tokens: output tokens (reasoning tokens included, as providers bill them).
        cache_read_tokens: input tokens read from a prompt cache: the entry's ``cache_read``
            rate, else ``DEFAULT_CACHE_READ_RATIO`` (0.1) × its input rate.
        cache_write_tokens: input tokens written to a prompt cache (Anthropic's
            ``cache_creation_input_tokens``): 1.25 × the input rate.

    Returns:
        The cost in USD, never negative; 0.0 when ``pricing_table.resolve(model)`` is None.

    Raises:
        KeystoneInvalidArgumentError: ``model`` not a str, or a count that is not an int >= 0
            (bools and floats are refused).

    """
    counts = (
        _tokens("input_tokens", input_tokens),
        _tokens("output_tokens", output_tokens),
        _tokens("cache_read_tokens", cache_read_tokens),
        _tokens("cache_write_tokens", cache_write_tokens),
    )
    price = pricing_table.price_for(model)
    return 0.0 if price is None else price.cost(*counts)


def _claude(input_price: float, output_price: float) -> dict[str, float]:
    # Anthropic bills cache reads at 0.1 × the input price for every Claude model.
    return {"input": input_price, "output": output_price, "cache_read": input_price / 10}


# The service's table (input/output USD per 1M tokens), with Anthropic's cache-read prices.
_SERVICE_PRICES: dict[str, tuple[float, float]] = {
    "amazon.nova-lite": (0.06, 0.24),
    "amazon.nova-micro": (0.035, 0.14),
    "amazon.nova-pro": (0.8, 3.2),
    "claude-3-5-haiku-20241022": (0.8, 4),
    "claude-3-5-sonnet-20240620": (3, 15),
    "claude-3-5-sonnet-20241022": (3, 15),
    "claude-3-haiku-20240307": (0.25, 1.25),
    "claude-3-opus-20240229": (15, 75),
    "claude-3-sonnet-20240229": (3, 15),
    "claude-haiku-4-5-20251001": (1, 5),
    "claude-opus-4-20250514": (15, 75),
    "claude-opus-4-5": (5, 15),
    "claude-opus-4-6": (5, 15),
    "claude-opus-4-7": (5, 15),
    "claude-sonnet-4-20250514": (3, 15),
    "claude-sonnet-4-5-20250514": (3, 15),
    "claude-sonnet-4-5-20250929": (3, 15),
    "claude-sonnet-4-6": (3, 15),
    "codestral-latest": (0.3, 0.9),
    "command-a": (2.5, 10),
    "command-r": (0.15, 0.6),
    "command-r-plus": (2.5, 10),
    "deepseek-chat": (0.28, 0.42),
    "deepseek-reasoner": (0.55, 2.19),
    "deepseek-v3.2": (0.28, 0.42),
    "deepseek/deepseek-chat-v3": (0.27, 1.1),
    "deepseek/deepseek-r1": (0.55, 2.19),
    "deepseek/deepseek-v3.2": (0.28, 0.42),
    "gemini-1.5-flash": (0.075, 0.3),
    "gemini-1.5-pro": (1.25, 5),
    "gemini-2.0-flash": (0.1, 0.4),
    "gemini-2.5-flash": (0.3, 2.5),
    "gemini-2.5-flash-lite": (0.1, 0.4),
    "gemini-2.5-pro": (1.25, 10),
    "gemini-3-flash-preview": (0.5, 3),
    "gemini-3.1-flash-lite-preview": (0.25, 1.5),
    "gemini-3.1-pro-preview": (2, 12),
    "gemma2-9b-it": (0.2, 0.2),
    "gpt-3.5-turbo": (0.5, 1.5),
    "gpt-4": (30, 60),
    "gpt-4-turbo": (10, 30),
    "gpt-4-turbo-2024-04-09": (10, 30),
    "gpt-4.1": (2, 8),
    "gpt-4.1-mini": (0.4, 1.6),
    "gpt-4.1-nano": (0.1, 0.4),
    "gpt-4o": (2.5, 10),
    "gpt-4o-2024-08-06": (2.5, 10),
    "gpt-4o-2024-11-20": (2.5, 10),
    "gpt-4o-mini": (0.15, 0.6),
    "gpt-4o-mini-2024-07-18": (0.15, 0.6),
    "gpt-5": (1.25, 10),
    "gpt-5-mini": (0.25, 2),
    "gpt-5-nano": (0.05, 0.4),
    "gpt-5-pro": (15, 120),
    "gpt-5.1": (1.25, 10),
    "gpt-5.2": (1.75, 14),
    "gpt-5.2-pro": (21, 168),
    "gpt-5.3": (2.5, 15),
    "gpt-5.3-codex": (1.75, 14),
    "gpt-5.3-mini": (0.75, 4.5),
    "gpt-5.4": (2.5, 15),
    "gpt-5.4-mini": (0.75, 4.5),
    "gpt-5.4-nano": (0.2, 1.25),
    "gpt-5.4-pro": (30, 180),
    "grok-2": (2, 10),
    "grok-2-1212": (2, 10),
    "grok-2-latest": (2, 10),
    "grok-2-vision-1212": (2, 10),
    "grok-3": (3, 15),
    "grok-3-fast": (5, 25),
    "grok-3-mini": (0.3, 0.5),
    "grok-3-mini-fast": (0.6, 4),
    "grok-4": (3, 15),
    "grok-4-0709": (3, 15),
    "grok-4-fast": (0.2, 0.5),
    "grok-4-fast-non-reasoning": (0.2, 0.5),
    "grok-4-fast-reasoning": (0.2, 0.5),
    "grok-4-heavy": (5, 25),
    "grok-4.1-fast": (0.2, 0.5),
    "grok-4.3": (1.25, 2.5),
    "grok-5": (4, 20),
    "grok-5-mini": (0.5, 2.5),
    "grok-beta": (5, 15),
    "grok-code-fast-1": (0.2, 1.5),
    "llama-3.1-8b-instant": (0.05, 0.08),
    "llama-3.3-70b-versatile": (0.59, 0.79),
    "meta-llama/llama-3.1-405b": (2, 2),
    "meta-llama/llama-3.1-70b": (0.4, 0.4),
    "meta-llama/llama-3.1-8b": (0.05, 0.08),
    "meta-llama/llama-3.3-70b": (0.4, 0.4),
    "meta-llama/llama-4-maverick": (0.2, 0.85),
    "meta-llama/llama-4-scout": (0.15, 0.55),
    "minimax/minimax-m2.5": (0.12, 0.99),
    "mistral-large-latest": (2, 6),
    "mistral-medium-latest": (2.75, 8.1),
    "mistral-small-latest": (0.2, 0.6),
    "mixtral-8x7b-32768": (0.24, 0.24),
    "moonshotai/kimi-k2-thinking": (0.6, 2.5),
    "moonshotai/kimi-k2.6": (0.6, 2.5),
    "o1": (15, 60),
    "o1-2024-12-17": (15, 60),
    "o1-mini": (3, 12),
    "o1-mini-2024-09-12": (3, 12),
    "o3": (10, 40),
    "o3-mini": (1.1, 4.4),
    "o3-mini-2025-01-31": (1.1, 4.4),
    "o4-mini": (1.1, 4.4),
    "openai/gpt-5.4-mini": (0.75, 4.5),
    "pixtral-large-latest": (2, 6),
    "qwen-max": (1.6, 6.4),
    "qwen-plus": (0.4, 1.2),
    "qwen-turbo": (0.2, 0.6),
    "qwen3-235b-a22b": (0.4, 1.2),
    "together/llama-3.1-405b": (3.5, 3.5),
    "together/llama-3.1-70b": (0.88, 0.88),
    "together/qwen-2.5-72b": (0.6, 0.6),
    "z-ai/glm-5": (0.72, 2.3),
    "z-ai/glm-5.1": (0.95, 3.15),
}
# Not in the service's table: Anthropic's list prices for two models the published client's
# users name by alias (`claude-opus-4-1`, `claude-3-7-sonnet-latest`), which priced at 0.0.
_EXTRA_PRICES: dict[str, tuple[float, float]] = {
    "claude-opus-4-1-20250805": (15, 75),
    "claude-3-7-sonnet-20250219": (3, 15),
}


def _initial_entries() -> dict[str, dict[str, float]]:
    entries: dict[str, dict[str, float]] = {}
    for key, (input_price, output_price) in {**_SERVICE_PRICES, **_EXTRA_PRICES}.items():
        entries[key] = (
            _claude(input_price, output_price)
            if key.startswith("claude-")
            else {"input": input_price, "output": output_price}
        )
    return entries


#: The process-wide price table (see :class:`PricingTable`).
pricing_table = PricingTable(_initial_entries())
