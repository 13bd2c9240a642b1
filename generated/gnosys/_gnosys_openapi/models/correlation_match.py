from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_finding import ValidationFinding


T = TypeVar("T", bound="CorrelationMatch")


@_attrs_define
class CorrelationMatch:
    """
    Attributes:
        spec_id (str):
        domain (str):
        matched_validators (list[str]):
        findings (list[ValidationFinding]):
        pipeline_run_id (None | str | Unset):
    """

    spec_id: str
    domain: str
    matched_validators: list[str]
    findings: list[ValidationFinding]
    pipeline_run_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spec_id = self.spec_id

        domain = self.domain

        matched_validators = self.matched_validators

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        pipeline_run_id: None | str | Unset
        if isinstance(self.pipeline_run_id, Unset):
            pipeline_run_id = UNSET
        else:
            pipeline_run_id = self.pipeline_run_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spec_id": spec_id,
                "domain": domain,
                "matched_validators": matched_validators,
                "findings": findings,
            }
        )
        if pipeline_run_id is not UNSET:
            field_dict["pipeline_run_id"] = pipeline_run_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validation_finding import ValidationFinding  # noqa: PLC0415

        d = dict(src_dict)
        spec_id = d.pop("spec_id")

        domain = d.pop("domain")

        matched_validators = cast(list[str], d.pop("matched_validators"))

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = ValidationFinding.from_dict(findings_item_data)

            findings.append(findings_item)

        def _parse_pipeline_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_run_id = _parse_pipeline_run_id(d.pop("pipeline_run_id", UNSET))

        correlation_match = cls(
            spec_id=spec_id,
            domain=domain,
            matched_validators=matched_validators,
            findings=findings,
            pipeline_run_id=pipeline_run_id,
        )

        correlation_match.additional_properties = d
        return correlation_match

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
