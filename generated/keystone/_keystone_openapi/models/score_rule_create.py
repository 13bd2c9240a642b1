from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.score_rule_create_config import ScoreRuleCreateConfig


T = TypeVar("T", bound="ScoreRuleCreate")


@_attrs_define
class ScoreRuleCreate:
    """Create a score rule.

    Attributes:
        name (str):
        type_ (str): An open string: the rule's kind. Known values: `llm_as_judge`, `regex`, `contains`, `custom`, and
            the scorers' rule types `exact_match`, `levenshtein`, `numeric_diff`, `json_diff`, `json_validity`,
            `semantic_list_contains`, `embedding_similarity`, `file_exists`, `file_content`, `command_exit`, `sql`.
        config (ScoreRuleCreateConfig): Per type, e.g. `{"model": "paragon-fast", "rubric": {"pass": …, "fail": …}}` or
            `{"template_key", "model", "temperature", "rubric"?, "prompt_template"?}`.
    """

    name: str
    type_: str
    config: ScoreRuleCreateConfig
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        config = self.config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "config": config,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.score_rule_create_config import ScoreRuleCreateConfig  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        type_ = d.pop("type")

        config = ScoreRuleCreateConfig.from_dict(d.pop("config"))

        score_rule_create = cls(
            name=name,
            type_=type_,
            config=config,
        )

        score_rule_create.additional_properties = d
        return score_rule_create

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
