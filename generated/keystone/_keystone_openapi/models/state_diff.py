from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StateDiff")


@_attrs_define
class StateDiff:
    """What changed in the sandbox's files since it was created.

    Attributes:
        added (list[str] | Unset): Paths.
        removed (list[str] | Unset): Paths.
        modified (list[str] | Unset): Paths.
    """

    added: list[str] | Unset = UNSET
    removed: list[str] | Unset = UNSET
    modified: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        added: list[str] | Unset = UNSET
        if not isinstance(self.added, Unset):
            added = self.added

        removed: list[str] | Unset = UNSET
        if not isinstance(self.removed, Unset):
            removed = self.removed

        modified: list[str] | Unset = UNSET
        if not isinstance(self.modified, Unset):
            modified = self.modified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if added is not UNSET:
            field_dict["added"] = added
        if removed is not UNSET:
            field_dict["removed"] = removed
        if modified is not UNSET:
            field_dict["modified"] = modified

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        added = cast(list[str], d.pop("added", UNSET))

        removed = cast(list[str], d.pop("removed", UNSET))

        modified = cast(list[str], d.pop("modified", UNSET))

        state_diff = cls(
            added=added,
            removed=removed,
            modified=modified,
        )

        state_diff.additional_properties = d
        return state_diff

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
