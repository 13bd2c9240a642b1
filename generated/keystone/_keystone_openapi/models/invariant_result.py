from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InvariantResult")


@_attrs_define
class InvariantResult:
    """One invariant's verdict on a scenario.

    Attributes:
        name (str | Unset):  Default: ''.
        passed (bool | Unset):  Default: False.
        gate (bool | Unset):  Default: False.
        weight (float | Unset):  Default: 0.0.
        score (float | Unset):  Default: 0.0.
        message (str | Unset):  Default: ''.
        reason (str | Unset):  Default: ''.
    """

    name: str | Unset = ""
    passed: bool | Unset = False
    gate: bool | Unset = False
    weight: float | Unset = 0.0
    score: float | Unset = 0.0
    message: str | Unset = ""
    reason: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        passed = self.passed

        gate = self.gate

        weight = self.weight

        score = self.score

        message = self.message

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if passed is not UNSET:
            field_dict["passed"] = passed
        if gate is not UNSET:
            field_dict["gate"] = gate
        if weight is not UNSET:
            field_dict["weight"] = weight
        if score is not UNSET:
            field_dict["score"] = score
        if message is not UNSET:
            field_dict["message"] = message
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        passed = d.pop("passed", UNSET)

        gate = d.pop("gate", UNSET)

        weight = d.pop("weight", UNSET)

        score = d.pop("score", UNSET)

        message = d.pop("message", UNSET)

        reason = d.pop("reason", UNSET)

        invariant_result = cls(
            name=name,
            passed=passed,
            gate=gate,
            weight=weight,
            score=score,
            message=message,
            reason=reason,
        )

        invariant_result.additional_properties = d
        return invariant_result

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
