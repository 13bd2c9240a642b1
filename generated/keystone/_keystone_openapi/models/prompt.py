from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prompt_metadata import PromptMetadata
    from ..models.prompt_variables import PromptVariables


T = TypeVar("T", bound="Prompt")


@_attrs_define
class Prompt:
    """One version of a prompt.

    Attributes:
        id (str): Prompt (version) id: what delete and render take.
        slug (str):
        version (int): The published client coerces it with `int()`.
        user_id (str | Unset):  Default: ''.
        tag (str | Unset):  Default: ''.
        template (str | Unset):  Default: ''.
        variables (PromptVariables | Unset):
        metadata (PromptMetadata | Unset):
        created_at (str | Unset):  Default: ''.
    """

    id: str
    slug: str
    version: int
    user_id: str | Unset = ""
    tag: str | Unset = ""
    template: str | Unset = ""
    variables: PromptVariables | Unset = UNSET
    metadata: PromptMetadata | Unset = UNSET
    created_at: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        slug = self.slug

        version = self.version

        user_id = self.user_id

        tag = self.tag

        template = self.template

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "slug": slug,
                "version": version,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if tag is not UNSET:
            field_dict["tag"] = tag
        if template is not UNSET:
            field_dict["template"] = template
        if variables is not UNSET:
            field_dict["variables"] = variables
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prompt_metadata import PromptMetadata  # noqa: PLC0415
        from ..models.prompt_variables import PromptVariables  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        slug = d.pop("slug")

        version = d.pop("version")

        user_id = d.pop("user_id", UNSET)

        tag = d.pop("tag", UNSET)

        template = d.pop("template", UNSET)

        _variables = d.pop("variables", UNSET)
        variables: PromptVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = PromptVariables.from_dict(_variables)

        _metadata = d.pop("metadata", UNSET)
        metadata: PromptMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PromptMetadata.from_dict(_metadata)

        created_at = d.pop("created_at", UNSET)

        prompt = cls(
            id=id,
            slug=slug,
            version=version,
            user_id=user_id,
            tag=tag,
            template=template,
            variables=variables,
            metadata=metadata,
            created_at=created_at,
        )

        prompt.additional_properties = d
        return prompt

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
