from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.environment_policy_list_response_policies import (
        EnvironmentPolicyListResponsePolicies,
    )


T = TypeVar("T", bound="EnvironmentPolicyListResponse")


@_attrs_define
class EnvironmentPolicyListResponse:
    """
    Attributes:
        count (int):
        policies (EnvironmentPolicyListResponsePolicies): Map of environment name to its policy object.
    """

    count: int
    policies: EnvironmentPolicyListResponsePolicies
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        policies = self.policies.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "policies": policies,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.environment_policy_list_response_policies import (
            EnvironmentPolicyListResponsePolicies,  # noqa: PLC0415
        )

        d = dict(src_dict)
        count = d.pop("count")

        policies = EnvironmentPolicyListResponsePolicies.from_dict(d.pop("policies"))

        environment_policy_list_response = cls(
            count=count,
            policies=policies,
        )

        environment_policy_list_response.additional_properties = d
        return environment_policy_list_response

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
