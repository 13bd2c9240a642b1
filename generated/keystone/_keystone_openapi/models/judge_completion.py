from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.judge_choice import JudgeChoice
    from ..models.judge_usage import JudgeUsage


T = TypeVar("T", bound="JudgeCompletion")


@_attrs_define
class JudgeCompletion:
    """An OpenAI-chat-compatible completion: the judge's reply is `choices[0].message.content`.

    Attributes:
        choices (list[JudgeChoice]):
        id (str | Unset):  Default: ''.
        model (str | Unset):  Default: ''.
        usage (JudgeUsage | Unset): Tokens the completion used.
    """

    choices: list[JudgeChoice]
    id: str | Unset = ""
    model: str | Unset = ""
    usage: JudgeUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)

        id = self.id

        model = self.model

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "choices": choices,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if model is not UNSET:
            field_dict["model"] = model
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.judge_choice import JudgeChoice  # noqa: PLC0415
        from ..models.judge_usage import JudgeUsage  # noqa: PLC0415

        d = dict(src_dict)
        choices = []
        _choices = d.pop("choices")
        for choices_item_data in _choices:
            choices_item = JudgeChoice.from_dict(choices_item_data)

            choices.append(choices_item)

        id = d.pop("id", UNSET)

        model = d.pop("model", UNSET)

        _usage = d.pop("usage", UNSET)
        usage: JudgeUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = JudgeUsage.from_dict(_usage)

        judge_completion = cls(
            choices=choices,
            id=id,
            model=model,
            usage=usage,
        )

        judge_completion.additional_properties = d
        return judge_completion

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
