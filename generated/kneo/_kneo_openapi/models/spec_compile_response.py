from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spec_compile_response_diagnostics_item import SpecCompileResponseDiagnosticsItem
    from ..models.spec_compile_response_summary import SpecCompileResponseSummary


T = TypeVar("T", bound="SpecCompileResponse")


@_attrs_define
class SpecCompileResponse:
    """
    Attributes:
        ok (bool):
        diagnostics (list[SpecCompileResponseDiagnosticsItem] | Unset):
        summary (SpecCompileResponseSummary | Unset):
    """

    ok: bool
    diagnostics: list[SpecCompileResponseDiagnosticsItem] | Unset = UNSET
    summary: SpecCompileResponseSummary | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        diagnostics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.diagnostics, Unset):
            diagnostics = []
            for diagnostics_item_data in self.diagnostics:
                diagnostics_item = diagnostics_item_data.to_dict()
                diagnostics.append(diagnostics_item)

        summary: dict[str, Any] | Unset = UNSET
        if not isinstance(self.summary, Unset):
            summary = self.summary.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
            }
        )
        if diagnostics is not UNSET:
            field_dict["diagnostics"] = diagnostics
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spec_compile_response_diagnostics_item import (
            SpecCompileResponseDiagnosticsItem,  # noqa: PLC0415
        )
        from ..models.spec_compile_response_summary import SpecCompileResponseSummary  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        _diagnostics = d.pop("diagnostics", UNSET)
        diagnostics: list[SpecCompileResponseDiagnosticsItem] | Unset = UNSET
        if _diagnostics is not UNSET:
            diagnostics = []
            for diagnostics_item_data in _diagnostics:
                diagnostics_item = SpecCompileResponseDiagnosticsItem.from_dict(
                    diagnostics_item_data
                )

                diagnostics.append(diagnostics_item)

        _summary = d.pop("summary", UNSET)
        summary: SpecCompileResponseSummary | Unset
        if isinstance(_summary, Unset):
            summary = UNSET
        else:
            summary = SpecCompileResponseSummary.from_dict(_summary)

        spec_compile_response = cls(
            ok=ok,
            diagnostics=diagnostics,
            summary=summary,
        )

        spec_compile_response.additional_properties = d
        return spec_compile_response

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
