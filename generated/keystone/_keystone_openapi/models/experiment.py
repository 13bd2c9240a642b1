from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Experiment")


@_attrs_define
class Experiment:
    """An experiment.

    Attributes:
        id (str):
        name (str | Unset):  Default: ''.
        spec_id (str | Unset):  Default: ''.
        status (str | Unset): An open string: the sheet records no values; new ones may appear without notice. Default:
            ''.
        created_at (str | Unset):  Default: ''.
    """

    id: str
    name: str | Unset = ""
    spec_id: str | Unset = ""
    status: str | Unset = ""
    created_at: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        spec_id = self.spec_id

        status = self.status

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if spec_id is not UNSET:
            field_dict["spec_id"] = spec_id
        if status is not UNSET:
            field_dict["status"] = status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        spec_id = d.pop("spec_id", UNSET)

        status = d.pop("status", UNSET)

        created_at = d.pop("created_at", UNSET)

        experiment = cls(
            id=id,
            name=name,
            spec_id=spec_id,
            status=status,
            created_at=created_at,
        )

        experiment.additional_properties = d
        return experiment

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
