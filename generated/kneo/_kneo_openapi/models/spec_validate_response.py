from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spec_validate_response_diagnostics_item import SpecValidateResponseDiagnosticsItem


T = TypeVar("T", bound="SpecValidateResponse")


@_attrs_define
class SpecValidateResponse:
    """
    Attributes:
        valid (bool):
        diagnostics (list[SpecValidateResponseDiagnosticsItem] | Unset): Diagnostics, each with a `code` and a
            `severity` (open strings).
    """

    valid: bool
    diagnostics: list[SpecValidateResponseDiagnosticsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        diagnostics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.diagnostics, Unset):
            diagnostics = []
            for diagnostics_item_data in self.diagnostics:
                diagnostics_item = diagnostics_item_data.to_dict()
                diagnostics.append(diagnostics_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
            }
        )
        if diagnostics is not UNSET:
            field_dict["diagnostics"] = diagnostics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spec_validate_response_diagnostics_item import (
            SpecValidateResponseDiagnosticsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        valid = d.pop("valid")

        _diagnostics = d.pop("diagnostics", UNSET)
        diagnostics: list[SpecValidateResponseDiagnosticsItem] | Unset = UNSET
        if _diagnostics is not UNSET:
            diagnostics = []
            for diagnostics_item_data in _diagnostics:
                diagnostics_item = SpecValidateResponseDiagnosticsItem.from_dict(
                    diagnostics_item_data
                )

                diagnostics.append(diagnostics_item)

        spec_validate_response = cls(
            valid=valid,
            diagnostics=diagnostics,
        )

        spec_validate_response.additional_properties = d
        return spec_validate_response

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
