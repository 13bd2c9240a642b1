from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunLinks")


@_attrs_define
class RunLinks:
    """
    Attributes:
        self_ (str | Unset):
        iterations (str | Unset):
        findings (str | Unset):
    """

    self_: str | Unset = UNSET
    iterations: str | Unset = UNSET
    findings: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        self_ = self.self_

        iterations = self.iterations

        findings = self.findings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if self_ is not UNSET:
            field_dict["self"] = self_
        if iterations is not UNSET:
            field_dict["iterations"] = iterations
        if findings is not UNSET:
            field_dict["findings"] = findings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        self_ = d.pop("self", UNSET)

        iterations = d.pop("iterations", UNSET)

        findings = d.pop("findings", UNSET)

        run_links = cls(
            self_=self_,
            iterations=iterations,
            findings=findings,
        )

        run_links.additional_properties = d
        return run_links

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
