from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ForbiddenCheckResult")


@_attrs_define
class ForbiddenCheckResult:
    """One forbidden-action check on a scenario.

    Attributes:
        rule (str | Unset):  Default: ''.
        violated (bool | Unset):  Default: False.
        details (str | Unset):  Default: ''.
    """

    rule: str | Unset = ""
    violated: bool | Unset = False
    details: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule

        violated = self.violated

        details = self.details

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if rule is not UNSET:
            field_dict["rule"] = rule
        if violated is not UNSET:
            field_dict["violated"] = violated
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rule = d.pop("rule", UNSET)

        violated = d.pop("violated", UNSET)

        details = d.pop("details", UNSET)

        forbidden_check_result = cls(
            rule=rule,
            violated=violated,
            details=details,
        )

        forbidden_check_result.additional_properties = d
        return forbidden_check_result

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
