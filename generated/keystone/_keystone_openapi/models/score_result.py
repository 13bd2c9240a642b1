from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScoreResult")


@_attrs_define
class ScoreResult:
    """One rule's score of one trace.

    Attributes:
        rule_id (str | Unset):  Default: ''.
        trace_id (str | Unset):  Default: ''.
        score (float | Unset):  Default: 0.0.
        passed (bool | Unset):  Default: False.
        message (str | Unset):  Default: ''.
    """

    rule_id: str | Unset = ""
    trace_id: str | Unset = ""
    score: float | Unset = 0.0
    passed: bool | Unset = False
    message: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule_id = self.rule_id

        trace_id = self.trace_id

        score = self.score

        passed = self.passed

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if rule_id is not UNSET:
            field_dict["rule_id"] = rule_id
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id
        if score is not UNSET:
            field_dict["score"] = score
        if passed is not UNSET:
            field_dict["passed"] = passed
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rule_id = d.pop("rule_id", UNSET)

        trace_id = d.pop("trace_id", UNSET)

        score = d.pop("score", UNSET)

        passed = d.pop("passed", UNSET)

        message = d.pop("message", UNSET)

        score_result = cls(
            rule_id=rule_id,
            trace_id=trace_id,
            score=score,
            passed=passed,
            message=message,
        )

        score_result.additional_properties = d
        return score_result

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
