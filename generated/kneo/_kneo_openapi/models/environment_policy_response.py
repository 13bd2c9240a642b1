from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.environment_policy_response_policy_type_0 import (
        EnvironmentPolicyResponsePolicyType0,
    )
    from ..models.environment_policy_response_previous_policy_type_0 import (
        EnvironmentPolicyResponsePreviousPolicyType0,
    )


T = TypeVar("T", bound="EnvironmentPolicyResponse")


@_attrs_define
class EnvironmentPolicyResponse:
    """
    Attributes:
        environment (str):
        policy (EnvironmentPolicyResponsePolicyType0 | None | Unset): The stored policy (null when the environment has
            none).
        previous_policy (EnvironmentPolicyResponsePreviousPolicyType0 | None | Unset): On PUT, the policy it replaced,
            or null.
    """

    environment: str
    policy: EnvironmentPolicyResponsePolicyType0 | None | Unset = UNSET
    previous_policy: EnvironmentPolicyResponsePreviousPolicyType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.environment_policy_response_policy_type_0 import (
            EnvironmentPolicyResponsePolicyType0,  # noqa: PLC0415
        )
        from ..models.environment_policy_response_previous_policy_type_0 import (
            EnvironmentPolicyResponsePreviousPolicyType0,  # noqa: PLC0415
        )

        environment = self.environment

        policy: dict[str, Any] | None | Unset
        if isinstance(self.policy, Unset):
            policy = UNSET
        elif isinstance(self.policy, EnvironmentPolicyResponsePolicyType0):
            policy = self.policy.to_dict()
        else:
            policy = self.policy

        previous_policy: dict[str, Any] | None | Unset
        if isinstance(self.previous_policy, Unset):
            previous_policy = UNSET
        elif isinstance(self.previous_policy, EnvironmentPolicyResponsePreviousPolicyType0):
            previous_policy = self.previous_policy.to_dict()
        else:
            previous_policy = self.previous_policy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "environment": environment,
            }
        )
        if policy is not UNSET:
            field_dict["policy"] = policy
        if previous_policy is not UNSET:
            field_dict["previous_policy"] = previous_policy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.environment_policy_response_policy_type_0 import (
            EnvironmentPolicyResponsePolicyType0,  # noqa: PLC0415
        )
        from ..models.environment_policy_response_previous_policy_type_0 import (
            EnvironmentPolicyResponsePreviousPolicyType0,  # noqa: PLC0415
        )

        d = dict(src_dict)
        environment = d.pop("environment")

        def _parse_policy(data: object) -> EnvironmentPolicyResponsePolicyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                policy_type_0 = EnvironmentPolicyResponsePolicyType0.from_dict(data)

                return policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnvironmentPolicyResponsePolicyType0 | None | Unset, data)

        policy = _parse_policy(d.pop("policy", UNSET))

        def _parse_previous_policy(
            data: object,
        ) -> EnvironmentPolicyResponsePreviousPolicyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                previous_policy_type_0 = EnvironmentPolicyResponsePreviousPolicyType0.from_dict(
                    data
                )

                return previous_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnvironmentPolicyResponsePreviousPolicyType0 | None | Unset, data)

        previous_policy = _parse_previous_policy(d.pop("previous_policy", UNSET))

        environment_policy_response = cls(
            environment=environment,
            policy=policy,
            previous_policy=previous_policy,
        )

        environment_policy_response.additional_properties = d
        return environment_policy_response

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
