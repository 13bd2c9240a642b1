"""Validating response bodies against the model ``TypedDict``s (pydantic, imported on first use)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = ["json_parser"]

T = TypeVar("T")


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def _adapter(shape: object) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(shape)
    if adapter is not None:
        return adapter
    from pydantic import ConfigDict, TypeAdapter

    from asg_gateway import models

    # Keep fields the API adds later (extra="allow"), and never coerce a wrongly typed value
    # into the declared type (strict): a "3" where the spec says integer is a broken response.
    config = ConfigDict(extra="allow", strict=True)
    for name in models.__all__:
        typed_dict = getattr(models, name)
        if "__pydantic_config__" not in vars(typed_dict):
            typed_dict.__pydantic_config__ = config
    # Racing threads may both build one; either result is equivalent.
    adapter = _ADAPTERS[shape] = TypeAdapter(cast("Any", shape))
    return adapter


def json_parser(shape: type[T]) -> Callable[[bytes], T]:
    """A function validating a JSON body as ``shape`` (e.g. ``list[Webhook]``)."""

    def parse(raw: bytes) -> T:
        return cast("T", _adapter(shape).validate_json(raw))

    return parse
