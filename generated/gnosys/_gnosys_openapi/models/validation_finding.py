from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.validation_finding_payload import ValidationFindingPayload


T = TypeVar("T", bound="ValidationFinding")


@_attrs_define
class ValidationFinding:
    """
    Attributes:
        finding_id (str):
        domain (str):
        spec_id (str):
        validator (str):
        stage (str): pre_execute, post_execute, honest_eval (or a newer value).
        severity (str): info, low, medium, high, blocker (or a newer value).
        payload (ValidationFindingPayload):
        created_at (datetime.datetime):
        exec_id (None | str | Unset):
        pipeline_run_id (None | str | Unset):
        detail (None | str | Unset):
    """

    finding_id: str
    domain: str
    spec_id: str
    validator: str
    stage: str
    severity: str
    payload: ValidationFindingPayload
    created_at: datetime.datetime
    exec_id: None | str | Unset = UNSET
    pipeline_run_id: None | str | Unset = UNSET
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        finding_id = self.finding_id

        domain = self.domain

        spec_id = self.spec_id

        validator = self.validator

        stage = self.stage

        severity = self.severity

        payload = self.payload.to_dict()

        created_at = self.created_at.isoformat()

        exec_id: None | str | Unset
        if isinstance(self.exec_id, Unset):
            exec_id = UNSET
        else:
            exec_id = self.exec_id

        pipeline_run_id: None | str | Unset
        if isinstance(self.pipeline_run_id, Unset):
            pipeline_run_id = UNSET
        else:
            pipeline_run_id = self.pipeline_run_id

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "finding_id": finding_id,
                "domain": domain,
                "spec_id": spec_id,
                "validator": validator,
                "stage": stage,
                "severity": severity,
                "payload": payload,
                "created_at": created_at,
            }
        )
        if exec_id is not UNSET:
            field_dict["exec_id"] = exec_id
        if pipeline_run_id is not UNSET:
            field_dict["pipeline_run_id"] = pipeline_run_id
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.validation_finding_payload import ValidationFindingPayload  # noqa: PLC0415

        d = dict(src_dict)
        finding_id = d.pop("finding_id")

        domain = d.pop("domain")

        spec_id = d.pop("spec_id")

        validator = d.pop("validator")

        stage = d.pop("stage")

        severity = d.pop("severity")

        payload = ValidationFindingPayload.from_dict(d.pop("payload"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_exec_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exec_id = _parse_exec_id(d.pop("exec_id", UNSET))

        def _parse_pipeline_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_run_id = _parse_pipeline_run_id(d.pop("pipeline_run_id", UNSET))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        validation_finding = cls(
            finding_id=finding_id,
            domain=domain,
            spec_id=spec_id,
            validator=validator,
            stage=stage,
            severity=severity,
            payload=payload,
            created_at=created_at,
            exec_id=exec_id,
            pipeline_run_id=pipeline_run_id,
            detail=detail,
        )

        validation_finding.additional_properties = d
        return validation_finding

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
