from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.render_prompt_request_variables import RenderPromptRequestVariables


T = TypeVar("T", bound="RenderPromptRequest")


@_attrs_define
class RenderPromptRequest:
    """Variables to render with (merged over the prompt's stored ones by the service as far as known).

    Attributes:
        variables (RenderPromptRequestVariables | Unset):
    """

    variables: RenderPromptRequestVariables | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.render_prompt_request_variables import RenderPromptRequestVariables  # noqa: PLC0415

        d = dict(src_dict)
        _variables = d.pop("variables", UNSET)
        variables: RenderPromptRequestVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RenderPromptRequestVariables.from_dict(_variables)

        render_prompt_request = cls(
            variables=variables,
        )

        render_prompt_request.additional_properties = d
        return render_prompt_request

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
