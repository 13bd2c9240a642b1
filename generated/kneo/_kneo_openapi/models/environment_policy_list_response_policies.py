from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.environment_policy_list_response_policies_additional_property import (
        EnvironmentPolicyListResponsePoliciesAdditionalProperty,
    )


T = TypeVar("T", bound="EnvironmentPolicyListResponsePolicies")


@_attrs_define
class EnvironmentPolicyListResponsePolicies:
    """Map of environment name to its policy object."""

    additional_properties: dict[str, EnvironmentPolicyListResponsePoliciesAdditionalProperty] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.environment_policy_list_response_policies_additional_property import (
            EnvironmentPolicyListResponsePoliciesAdditionalProperty,  # noqa: PLC0415
        )

        d = dict(src_dict)
        environment_policy_list_response_policies = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = EnvironmentPolicyListResponsePoliciesAdditionalProperty.from_dict(
                prop_dict
            )

            additional_properties[prop_name] = additional_property

        environment_policy_list_response_policies.additional_properties = additional_properties
        return environment_policy_list_response_policies

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> EnvironmentPolicyListResponsePoliciesAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: EnvironmentPolicyListResponsePoliciesAdditionalProperty
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
