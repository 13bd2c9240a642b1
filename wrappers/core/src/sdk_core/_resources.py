"""Resource groups mounted on a client: ``client.runs``, ``client.platform.runs``, ...

Each group is a class in its own module taking the client's HTTP core; :class:`Resource`
mounts it as a typed, documented attribute, so ``help(Client)`` and editors list every group
with its type, and groups nest (a group may mount groups of its own).
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar, overload

__all__ = ["Resource", "ResourceGroup"]


class ResourceGroup(Protocol):
    """What a mountable group is built from: the object owning the HTTP core."""

    def __init__(self, http: Any) -> None: ...


R = TypeVar("R", bound=ResourceGroup)
_CACHE = "_resource_groups"


class Resource(Generic[R]):
    """A client attribute holding one resource group, built on first use and then kept.

    A data descriptor, so ``help()`` lists it under the class's data descriptors with its type
    and summary; assigning to it is an error (a typo such as ``client.runs = ...`` would
    otherwise silently shadow the group).
    """

    def __init__(self, group: type[R]) -> None:
        self.group = group
        self.name = ""
        summary = (group.__doc__ or "").strip().splitlines()
        self.__doc__ = f"{group.__name__}: {summary[0] if summary else ''}".rstrip(": ")

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Resource[R]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> R: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> R | Resource[R]:
        if obj is None:
            return self
        groups: dict[str, Any] = obj.__dict__.setdefault(_CACHE, {})
        group = groups.get(self.name)
        if group is None:
            group = groups[self.name] = self.group(obj._http)  # type: ignore[attr-defined]
        return group

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"{self.name} is a resource group of the client; it cannot be set")

    def __repr__(self) -> str:
        return f"<resource {self.name}: {self.group.__name__}>"


def forget_groups(obj: object) -> None:
    """Drop the groups built so far (a copy of a client must build its own)."""
    obj.__dict__.pop(_CACHE, None)
