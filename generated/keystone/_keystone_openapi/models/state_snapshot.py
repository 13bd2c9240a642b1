from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.state_snapshot_files import StateSnapshotFiles


T = TypeVar("T", bound="StateSnapshot")


@_attrs_define
class StateSnapshot:
    """The sandbox's files at one moment.

    Attributes:
        captured_at (str | Unset):  Default: ''.
        files (StateSnapshotFiles | Unset): Files by path.
    """

    captured_at: str | Unset = ""
    files: StateSnapshotFiles | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        captured_at = self.captured_at

        files: dict[str, Any] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = self.files.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if captured_at is not UNSET:
            field_dict["captured_at"] = captured_at
        if files is not UNSET:
            field_dict["files"] = files

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.state_snapshot_files import StateSnapshotFiles  # noqa: PLC0415

        d = dict(src_dict)
        captured_at = d.pop("captured_at", UNSET)

        _files = d.pop("files", UNSET)
        files: StateSnapshotFiles | Unset
        if isinstance(_files, Unset):
            files = UNSET
        else:
            files = StateSnapshotFiles.from_dict(_files)

        state_snapshot = cls(
            captured_at=captured_at,
            files=files,
        )

        state_snapshot.additional_properties = d
        return state_snapshot

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
