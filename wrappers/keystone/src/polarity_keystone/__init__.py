"""The Polarity Keystone Python SDK (``pip install polarity-keystone``).

::

    from polarity_keystone import KeystoneError, Score, Scorer
    from polarity_keystone.types import RunResults

    @Scorer
    def short_answer(scenario) -> Score:
        words = len(scenario.agent_output.split())
        return Score(name="short_answer", score=1.0 if words < 100 else 0.0, passed=words < 100)

Modules:

* :mod:`polarity_keystone.types`: every response shape as a dataclass with ``from_dict`` /
  ``to_dict`` (lenient, forward compatible, typed errors on malformed bodies);
* here: the exception tree (:class:`KeystoneError` and its subclasses), and the scoring
  protocol (:class:`Score`, :class:`Scorer`, :class:`ScorerProtocol`, :class:`ScenarioLike`).

Names load on first use, so ``import polarity_keystone`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk_core import lazy_exports

from polarity_keystone._version import __version__

if TYPE_CHECKING:
    from sdk_core import RetryPolicy

    from polarity_keystone._async.client import AsyncKeystone
    from polarity_keystone._exceptions import (
        KeystoneAuthError,
        KeystoneConflictError,
        KeystoneConnectionError,
        KeystoneError,
        KeystoneInvalidArgumentError,
        KeystoneMalformedResponseError,
        KeystoneNotFoundError,
        KeystonePermissionError,
        KeystoneRateLimitError,
        KeystoneServerError,
        KeystoneTimeoutError,
        KeystoneValidationError,
        KeystoneWaitTimeoutError,
    )
    from polarity_keystone._scoring import ScenarioLike, Score, Scorer, ScorerProtocol
    from polarity_keystone._spec_secrets import (
        collect_declared_secrets,
        collect_declared_secrets_from_file,
    )
    from polarity_keystone._sync.client import Keystone

_SOURCES = {
    "KeystoneAuthError": "polarity_keystone._exceptions",
    "KeystoneConflictError": "polarity_keystone._exceptions",
    "KeystoneConnectionError": "polarity_keystone._exceptions",
    "KeystoneError": "polarity_keystone._exceptions",
    "KeystoneInvalidArgumentError": "polarity_keystone._exceptions",
    "KeystoneMalformedResponseError": "polarity_keystone._exceptions",
    "KeystoneNotFoundError": "polarity_keystone._exceptions",
    "KeystonePermissionError": "polarity_keystone._exceptions",
    "KeystoneRateLimitError": "polarity_keystone._exceptions",
    "KeystoneServerError": "polarity_keystone._exceptions",
    "KeystoneTimeoutError": "polarity_keystone._exceptions",
    "KeystoneValidationError": "polarity_keystone._exceptions",
    "KeystoneWaitTimeoutError": "polarity_keystone._exceptions",
    "ScenarioLike": "polarity_keystone._scoring",
    "Score": "polarity_keystone._scoring",
    "Scorer": "polarity_keystone._scoring",
    "ScorerProtocol": "polarity_keystone._scoring",
    # The HTTP clients and what their calls need.
    "AsyncKeystone": "polarity_keystone._async.client",
    "Keystone": "polarity_keystone._sync.client",
    "RetryPolicy": "sdk_core",
    "collect_declared_secrets": "polarity_keystone._spec_secrets",
    "collect_declared_secrets_from_file": "polarity_keystone._spec_secrets",
}

__all__ = [
    "AsyncKeystone",
    "Keystone",
    "KeystoneAuthError",
    "KeystoneConflictError",
    "KeystoneConnectionError",
    "KeystoneError",
    "KeystoneInvalidArgumentError",
    "KeystoneMalformedResponseError",
    "KeystoneNotFoundError",
    "KeystonePermissionError",
    "KeystoneRateLimitError",
    "KeystoneServerError",
    "KeystoneTimeoutError",
    "KeystoneValidationError",
    "KeystoneWaitTimeoutError",
    "RetryPolicy",
    "ScenarioLike",
    "Score",
    "Scorer",
    "ScorerProtocol",
    "__version__",
    "collect_declared_secrets",
    "collect_declared_secrets_from_file",
]

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
