from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.score_rule_config import ScoreRuleConfig


T = TypeVar("T", bound="ScoreRule")


@_attrs_define
class ScoreRule:
    """A score rule (the published client returns it as a raw dict).

    Attributes:
        id (str):
        name (str | Unset):  Default: ''.
        type_ (str | Unset): An open string: the rule's kind. Known values: `llm_as_judge`, `regex`, `contains`,
            `custom`, and the scorers' rule types `exact_match`, `levenshtein`, `numeric_diff`, `json_diff`,
            `json_validity`, `semantic_list_contains`, `embedding_similarity`, `file_exists`, `file_content`,
            `command_exit`, `sql`. Default: ''.
        config (ScoreRuleConfig | Unset):
    """

    id: str
    name: str | Unset = ""
    type_: str | Unset = ""
    config: ScoreRuleConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        type_ = self.type_

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if type_ is not UNSET:
            field_dict["type"] = type_
        if config is not UNSET:
            field_dict["config"] = config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.score_rule_config import ScoreRuleConfig  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name", UNSET)

        type_ = d.pop("type", UNSET)

        _config = d.pop("config", UNSET)
        config: ScoreRuleConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = ScoreRuleConfig.from_dict(_config)

        score_rule = cls(
            id=id,
            name=name,
            type_=type_,
            config=config,
        )

        score_rule.additional_properties = d
        return score_rule

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
