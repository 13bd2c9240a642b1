from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spec_policy_report_response_report import SpecPolicyReportResponseReport


T = TypeVar("T", bound="SpecPolicyReportResponse")


@_attrs_define
class SpecPolicyReportResponse:
    """
    Attributes:
        report (SpecPolicyReportResponseReport):
        valid (bool | Unset):  Default: True.
    """

    report: SpecPolicyReportResponseReport
    valid: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        report = self.report.to_dict()

        valid = self.valid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "report": report,
            }
        )
        if valid is not UNSET:
            field_dict["valid"] = valid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spec_policy_report_response_report import SpecPolicyReportResponseReport  # noqa: PLC0415

        d = dict(src_dict)
        report = SpecPolicyReportResponseReport.from_dict(d.pop("report"))

        valid = d.pop("valid", UNSET)

        spec_policy_report_response = cls(
            report=report,
            valid=valid,
        )

        spec_policy_report_response.additional_properties = d
        return spec_policy_report_response

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
