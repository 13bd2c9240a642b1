"""Gnosys's settings for the shared core, and the checks made before any request."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sdk_core import (
    ApiKeyRule,
    Arguments,
    ErrorMap,
    RetryPolicy,
    Secret,
    ServiceConfig,
)
from sdk_core import resolve_api_key as core_resolve_api_key
from sdk_core import resolve_base_url as core_resolve_base_url

from gnosys._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    GnosysError,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    QuotaExceededError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from gnosys._version import __version__

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "CHECK",
    "CONFIG",
    "DEFAULT_BASE_URL",
    "MAX_PAGE_SIZE",
    "NEXT_CURSOR_HEADER",
    "resolve_api_key",
    "resolve_base_url",
    "run_payload",
]

DEFAULT_BASE_URL = "https://gnosyslabs.com"
API_KEY_ENV = "GNOSYS_API_KEY"
BASE_URL_ENV = "GNOSYS_BASE_URL"
KEY_PREFIX = "gn_live_"
_KEY_SHAPE = re.compile(r"gn_live_[A-Za-z0-9_\-]+")

CONFIG = ServiceConfig(
    name="gnosys",
    user_agent=f"gnosyslabs-python/{__version__}",
    errors=ErrorMap(
        base=GnosysError,
        connection=APIConnectionError,
        timeout=APITimeoutError,
        decode=MalformedResponseError,
        by_status={
            400: ValidationError,
            401: AuthenticationError,
            402: QuotaExceededError,
            403: ForbiddenError,
            404: NotFoundError,
            409: ConflictError,
            413: PayloadTooLargeError,
            422: ValidationError,
            429: RateLimitError,
        },
        server=ServerError,
        invalid_argument=ValidationError,
        invalid_credentials=AuthenticationError,
    ),
    # Documented: up to 3 retries on 429 / 5xx.
    retry=RetryPolicy(max_retries=3, statuses=frozenset({429, 500, 502, 503, 504})),
    secret_patterns=(_KEY_SHAPE.pattern,),
    api_key=ApiKeyRule(
        env=API_KEY_ENV,
        pattern=_KEY_SHAPE.pattern,
        shape=f"{KEY_PREFIX!r} followed by letters, digits, '_' or '-'",
    ),
    default_base_url=DEFAULT_BASE_URL,
    base_url_env=BASE_URL_ENV,
)


CHECK = Arguments(CONFIG)
NEXT_CURSOR_HEADER = "X-Next-Cursor"
MAX_PAGE_SIZE = 500
# Strategist kinds and what each one requires (from the REST reference); unknown kinds pass.
_KIND_REQUIRES = {
    "fixed": "specs",
    "hp_sweep": "spec_template",
    "agent": "spec_template",
    "llm": "spec_template",
}


def resolve_api_key(api_key: str | None) -> Secret:
    """The key from the argument or ``$GNOSYS_API_KEY``; fail fast when it cannot be valid."""
    return core_resolve_api_key(CONFIG, api_key)


def resolve_base_url(base_url: str | None) -> str:
    """The origin from the argument, ``$GNOSYS_BASE_URL``, or the public default."""
    return core_resolve_base_url(CONFIG, base_url)


def _optional_mapping(name: str, value: object) -> dict[str, Any] | None:
    return None if value is None else CHECK.mapping(name, value)


def run_payload(
    *,
    domain: str,
    strategist: Mapping[str, Any] | str,
    spec_template: Mapping[str, Any] | None,
    specs: Sequence[Mapping[str, Any]] | None,
    max_iterations: int,
    tier_reached: str | None,
    no_progress_window: int | None,
    concurrency: int | None,
    llm: Mapping[str, Any] | None,
    llm_critic: Mapping[str, Any] | None,
    enable_code_exec: bool,
    sandbox_config: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The create-run body, checked against the documented rules before any request.

    The JSON itself (NaN, unencodable text, objects JSON cannot hold) is checked when the
    request is planned.
    """
    if isinstance(strategist, str):
        strategist = {"kind": CHECK.text("strategist", strategist)}
    if not isinstance(strategist, Mapping) or not isinstance(strategist.get("kind"), str):
        raise ValidationError("strategist must be a dict with a 'kind' (or the kind itself)")
    if specs is not None and (
        isinstance(specs, str | bytes | Mapping)
        or not isinstance(specs, Sequence)
        or not all(isinstance(s, Mapping) for s in specs)
    ):
        raise ValidationError("specs must be a list of dicts (one per spec)")
    needs = _KIND_REQUIRES.get(strategist["kind"])
    if needs == "specs" and not specs:
        raise ValidationError("strategist kind 'fixed' requires specs=[...]")
    if needs == "spec_template" and not spec_template:
        raise ValidationError(f"strategist kind {strategist['kind']!r} requires spec_template")
    code_exec = CHECK.boolean("enable_code_exec", enable_code_exec)
    if sandbox_config is not None and not code_exec:
        raise ValidationError("sandbox_config only applies with enable_code_exec=True")
    payload: dict[str, Any] = {
        "domain": CHECK.text("domain", domain),
        "strategist": CHECK.mapping("strategist", strategist),
        "max_iterations": CHECK.positive_int("max_iterations", max_iterations),
        "enable_code_exec": code_exec,
        "spec_template": _optional_mapping("spec_template", spec_template),
        "specs": None if specs is None else [dict(s) for s in specs],
        "tier_reached": CHECK.optional_text("tier_reached", tier_reached),
        "no_progress_window": CHECK.positive_int("no_progress_window", no_progress_window),
        "concurrency": CHECK.positive_int("concurrency", concurrency),
        "llm": _optional_mapping("llm", llm),
        "llm_critic": _optional_mapping("llm_critic", llm_critic),
        "sandbox_config": _optional_mapping("sandbox_config", sandbox_config),
    }
    return {k: v for k, v in payload.items() if v is not None}
