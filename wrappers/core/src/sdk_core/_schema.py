"""One coercion policy for every SDK's public models, and cached JSON parsers that apply it.

The policy (:data:`STRICT_MODEL_CONFIG`): a value of the wrong JSON type is a malformed
response, never coerced (``"5"`` where the spec says integer fails; ``5`` for a number field
is fine, JSON has one number type); fields the API adds later are kept (forward compatible).
pydantic models take it as their ``model_config``; ``TypedDict`` classes get it on first use through
:func:`json_parser`, so a package of ``TypedDict`` classes needs no pydantic at import time.

pydantic is imported on the first parse, not when this module is imported, so ``import`` of an
SDK stays cheap. A parser raises pydantic's ``ValidationError`` (a ``ValueError``), which
``parse_body`` turns into the service's malformed-response error with the request id.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

if TYPE_CHECKING:
    from pydantic import ConfigDict, TypeAdapter

__all__ = ["STRICT_MODEL_CONFIG", "json_adapter", "json_parser"]

T = TypeVar("T")

#: The model configuration of every public model: strict types, unknown fields kept. Treat it
#: as read-only; extend a copy (``ConfigDict(**STRICT_MODEL_CONFIG, frozen=True)``).
STRICT_MODEL_CONFIG: Final[ConfigDict] = {"strict": True, "extra": "allow"}

_ADAPTERS: dict[object, TypeAdapter[Any]] = {}
_PARSERS: dict[object, Callable[[bytes], Any]] = {}
_LOCK = threading.Lock()


def json_adapter(shape: Any) -> TypeAdapter[Any]:
    """The cached pydantic ``TypeAdapter`` for ``shape``, under the strict policy.

    ``shape`` is a pydantic model, a ``TypedDict`` or a type built from them (``list[Task]``,
    ``dict[str, Vote]``, ``Task | None``). Imports pydantic.
    """
    adapter = _ADAPTERS.get(shape)
    if adapter is not None:
        return adapter
    from pydantic import TypeAdapter

    with _LOCK:
        adapter = _ADAPTERS.get(shape)
        if adapter is None:
            _apply_policy(shape, set())
            adapter = _ADAPTERS[shape] = TypeAdapter(shape)
    return adapter


def json_parser(shape: type[T]) -> Callable[[bytes], T]:
    """A function validating a JSON body as ``shape`` (e.g. ``Task`` or ``list[Webhook]``).

    Cheap to call on every request: the parser is cached per shape, and pydantic is imported
    (and the adapter built) only when it first parses.
    """
    parser = _PARSERS.get(shape)
    if parser is not None:
        return cast("Callable[[bytes], T]", parser)

    def parse(raw: bytes) -> T:
        # strict=True here as well as in the config: a model that forgot the policy still
        # cannot coerce through this path.
        return cast("T", json_adapter(shape).validate_json(raw, strict=True))

    # Racing threads may both store one; either is equivalent.
    _PARSERS[shape] = parse
    return parse


def _apply_policy(shape: Any, seen: set[int]) -> None:
    """Give every ``TypedDict`` inside ``shape`` the strict policy unless it has its own.

    This is what ``pydantic.with_config`` does, done here on first use so that the models
    module need not import pydantic. pydantic models carry their own ``model_config``.
    """
    if id(shape) in seen:
        return
    seen.add(id(shape))
    import typing_extensions  # ~25 ms: only when the first parser is built

    if typing_extensions.is_typeddict(shape):
        if "__pydantic_config__" not in vars(shape):
            shape.__pydantic_config__ = STRICT_MODEL_CONFIG
        for hint in typing.get_type_hints(shape, include_extras=True).values():
            _apply_policy(hint, seen)
        return
    for arg in typing.get_args(shape):
        _apply_policy(arg, seen)
