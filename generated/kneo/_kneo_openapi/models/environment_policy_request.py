from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnvironmentPolicyRequest")


@_attrs_define
class EnvironmentPolicyRequest:
    """The whole policy: PUT replaces the stored one.

    Attributes:
        blocked_diagnostic_codes (list[str] | Unset): Diagnostic codes that block a spec in this environment.
        deny_unrestricted_tools (bool | Unset):  Default: False.
        enabled (bool | Unset):  Default: True.
        fail_on_warnings (bool | Unset):  Default: False.
        require_guardrails (bool | Unset):  Default: False.
        require_human_review (bool | Unset):  Default: False.
        require_tool_permissions (bool | Unset):  Default: False.
    """

    blocked_diagnostic_codes: list[str] | Unset = UNSET
    deny_unrestricted_tools: bool | Unset = False
    enabled: bool | Unset = True
    fail_on_warnings: bool | Unset = False
    require_guardrails: bool | Unset = False
    require_human_review: bool | Unset = False
    require_tool_permissions: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        blocked_diagnostic_codes: list[str] | Unset = UNSET
        if not isinstance(self.blocked_diagnostic_codes, Unset):
            blocked_diagnostic_codes = self.blocked_diagnostic_codes

        deny_unrestricted_tools = self.deny_unrestricted_tools

        enabled = self.enabled

        fail_on_warnings = self.fail_on_warnings

        require_guardrails = self.require_guardrails

        require_human_review = self.require_human_review

        require_tool_permissions = self.require_tool_permissions

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if blocked_diagnostic_codes is not UNSET:
            field_dict["blocked_diagnostic_codes"] = blocked_diagnostic_codes
        if deny_unrestricted_tools is not UNSET:
            field_dict["deny_unrestricted_tools"] = deny_unrestricted_tools
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if fail_on_warnings is not UNSET:
            field_dict["fail_on_warnings"] = fail_on_warnings
        if require_guardrails is not UNSET:
            field_dict["require_guardrails"] = require_guardrails
        if require_human_review is not UNSET:
            field_dict["require_human_review"] = require_human_review
        if require_tool_permissions is not UNSET:
            field_dict["require_tool_permissions"] = require_tool_permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocked_diagnostic_codes = cast(list[str], d.pop("blocked_diagnostic_codes", UNSET))

        deny_unrestricted_tools = d.pop("deny_unrestricted_tools", UNSET)

        enabled = d.pop("enabled", UNSET)

        fail_on_warnings = d.pop("fail_on_warnings", UNSET)

        require_guardrails = d.pop("require_guardrails", UNSET)

        require_human_review = d.pop("require_human_review", UNSET)

        require_tool_permissions = d.pop("require_tool_permissions", UNSET)

        environment_policy_request = cls(
            blocked_diagnostic_codes=blocked_diagnostic_codes,
            deny_unrestricted_tools=deny_unrestricted_tools,
            enabled=enabled,
            fail_on_warnings=fail_on_warnings,
            require_guardrails=require_guardrails,
            require_human_review=require_human_review,
            require_tool_permissions=require_tool_permissions,
        )

        return environment_policy_request
