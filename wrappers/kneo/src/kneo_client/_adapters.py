"""What the async and sync adapters share: argument checks, bodies, keys, statuses, options.

The adapters (``kneo_client/_async/**``, and their generated twins in ``_sync/``) stay a few
lines per method: they check arguments here, plan the generated operation with the transport's
core, and parse the answer into a public model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sdk_core import Arguments, CallOptions, JsonBody

from kneo_client._config import CONFIG
from kneo_client.core.errors import KneoValidationError
from kneo_client.core.idempotency import validate_idempotency_key

__all__ = [
    "BLOCKED_ALIASES",
    "CHECK",
    "DEFAULT_TERMINAL_STATUSES",
    "body_of",
    "options_for",
    "page_args",
    "page_size_arg",
    "sort_order_arg",
    "string_list",
    "terminal_set",
    "with_spec_hint",
]

#: Argument checks raising :class:`~kneo_client.core.errors.KneoInvalidArgumentError`.
CHECK = Arguments(CONFIG)

#: The statuses a run never leaves. The page names the first three; the platform also ends runs
#: as ``timed_out`` (its run-timeout sweep) and ``expired`` (a human task past its deadline), so
#: a default wait always ends.
DEFAULT_TERMINAL_STATUSES: frozenset[str] = frozenset(
    {"completed", "failed", "cancelled", "timed_out", "expired"}
)
#: The human-review pause: the platform says ``blocked``; the 0.1.0 page said
#: ``paused_human_review``. Either spelling in ``terminal_statuses`` stands for both.
BLOCKED_ALIASES: frozenset[str] = frozenset({"blocked", "paused_human_review"})

_SORT_ORDERS = ("asc", "desc")


# A call's options when the caller gave none: the core makes the UUID4 request id (and a POST's
# UUID4 key) itself, the same on every retry (``CONFIG.new_id``).
_NO_OPTIONS = CallOptions()


def options_for(idempotency_key: object = None, *, post: bool) -> CallOptions:
    """Per-call options: for a POST with the caller's ``idempotency_key``, that key.

    The key is stripped and checked as the platform reads it. Without one, the core gives every
    POST a fresh UUID4 key and every call a UUID4 ``X-Request-ID``, reused on each retry.
    """
    if not post or idempotency_key is None:
        return _NO_OPTIONS
    try:
        key = validate_idempotency_key(idempotency_key)  # type: ignore[arg-type]
    except ValueError as exc:
        CHECK.fail(f"idempotency_key: {exc}")
    return CallOptions(idempotency_key=key)


def body_of(name: str, value: object, model: type[Any]) -> JsonBody:
    """A request body as sent: a mapping as it is, or ``model.to_body()`` for a request model.

    Wrapped as the core's ``JsonBody`` naming the argument, so a value JSON cannot carry (NaN,
    a set...) is refused naming ``body`` and where inside it.

    Anything else is refused before sending. A mapping is not validated here: the platform's
    422 (:class:`~kneo_client.core.errors.KneoValidationError`) lists what it refuses, and a
    newer platform may accept fields this SDK does not know yet.
    """
    if isinstance(value, model):
        return JsonBody(value.to_body(), name)
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            CHECK.fail(f"{name}: every key of the body must be a str")
        return JsonBody(value, name)
    CHECK.fail(f"{name} must be a {model.__name__} or a dict, not {type(value).__name__}")


def page_args(limit: object, offset: object, sort_by: object, sort_order: object) -> dict[str, Any]:
    """The checked paging arguments of a list call (the platform answers 422 outside them)."""
    from kneo_client.core.pagination import MAX_PAGE_SIZE  # loads with the first list call

    return {
        "limit": CHECK.int_between("limit", limit, 1, MAX_PAGE_SIZE),
        "offset": CHECK.int_between("offset", offset, 0, 2**63 - 1),
        "sort_by": CHECK.optional_text("sort_by", sort_by),
        "sort_order": sort_order_arg(sort_order),
    }


def sort_order_arg(value: object) -> str | None:
    """``"asc"``, ``"desc"`` or None (the server's default)."""
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in _SORT_ORDERS:
        CHECK.fail(f"sort_order must be 'asc' or 'desc', not {CHECK.preview(str(value))}")
    return value.lower()


def page_size_arg(page_size: object) -> int:
    """An item iterator's page size, clamped to the platform's largest ``limit``."""
    from kneo_client.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

    size = CHECK.positive_int("page_size", page_size)
    return min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def terminal_set(statuses: Iterable[str] | None) -> frozenset[str]:
    """The statuses that end a wait: the default set, or the caller's (with both blocked names)."""
    if statuses is None:
        return DEFAULT_TERMINAL_STATUSES
    if isinstance(statuses, str | bytes) or not isinstance(statuses, Iterable):
        CHECK.fail(
            "terminal_statuses must be a collection of status strings (e.g. {'completed'}), "
            f"not {type(statuses).__name__}"
        )
    wanted = frozenset(statuses)
    if not wanted:
        CHECK.fail("terminal_statuses is empty: no status could end the wait")
    for status in wanted:
        CHECK.text("terminal_statuses item", status)
    return wanted | BLOCKED_ALIASES if wanted & BLOCKED_ALIASES else wanted


def string_list(name: str, values: object) -> list[str] | None:
    """A list of non-empty strings (or None), e.g. the credential inventory's ``providers``."""
    if values is None:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        CHECK.fail(f"{name} must be a list of strings, not {type(values).__name__}")
    return [CHECK.text(f"{name} item", value) for value in values]


_SPEC_REFERENCE_HINT = (
    " (the platform has no spec_id: name a spec with spec_path or send it inline as spec, "
    "and give the run its input, e.g. {'input': 'hello', 'spec_path': 'specs/echo.yaml'})"
)


def with_spec_hint(error: KneoValidationError, body: JsonBody) -> KneoValidationError:
    """``error`` with a hint when the body used the page's ``spec_id``, which the platform refuses.

    The platform's own details stay as they are (``errors``, ``body``, ``request_id``...).
    """
    if "spec_id" not in body.to_dict():
        return error
    hinted = type(error)(
        f"{error.message}{_SPEC_REFERENCE_HINT}",
        status=error.status,
        body=error.body,
        request_id=error.request_id,
        idempotency_key=error.idempotency_key,
        code=error.code,
        retry_after=error.retry_after,
    )
    hinted.errors = error.errors
    return hinted
