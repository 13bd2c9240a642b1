from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prompt_create_metadata import PromptCreateMetadata
    from ..models.prompt_create_variables import PromptCreateVariables


T = TypeVar("T", bound="PromptCreate")


@_attrs_define
class PromptCreate:
    """Store a new version of a prompt (every create makes the next version of the slug). Optional fields are sent only
    when set.

        Attributes:
            slug (str):
            template (str): Mustache-lite: `{var}` and `{{var}}` expand (dotted paths walk objects), a missing variable
                stays verbatim, sections are `{#name}…{/name}`.
            tag (str | Unset):
            variables (PromptCreateVariables | Unset): Default variables.
            metadata (PromptCreateMetadata | Unset):
    """

    slug: str
    template: str
    tag: str | Unset = UNSET
    variables: PromptCreateVariables | Unset = UNSET
    metadata: PromptCreateMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        template = self.template

        tag = self.tag

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "template": template,
            }
        )
        if tag is not UNSET:
            field_dict["tag"] = tag
        if variables is not UNSET:
            field_dict["variables"] = variables
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prompt_create_metadata import PromptCreateMetadata  # noqa: PLC0415
        from ..models.prompt_create_variables import PromptCreateVariables  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        template = d.pop("template")

        tag = d.pop("tag", UNSET)

        _variables = d.pop("variables", UNSET)
        variables: PromptCreateVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = PromptCreateVariables.from_dict(_variables)

        _metadata = d.pop("metadata", UNSET)
        metadata: PromptCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PromptCreateMetadata.from_dict(_metadata)

        prompt_create = cls(
            slug=slug,
            template=template,
            tag=tag,
            variables=variables,
            metadata=metadata,
        )

        prompt_create.additional_properties = d
        return prompt_create

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
