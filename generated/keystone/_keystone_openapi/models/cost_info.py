from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CostInfo")


@_attrs_define
class CostInfo:
    """Token usage and estimated cost of one LLM call.

    Attributes:
        input_tokens (int | Unset):  Default: 0.
        output_tokens (int | Unset):  Default: 0.
        cache_read_tokens (int | Unset):  Default: 0.
        reasoning_tokens (int | Unset): Sent by the published client; its `CostInfo` dataclass drops it. Default: 0.
        model (str | Unset): The model the provider's response names. Default: ''.
        estimated_usd (float | Unset):  Default: 0.0.
    """

    input_tokens: int | Unset = 0
    output_tokens: int | Unset = 0
    cache_read_tokens: int | Unset = 0
    reasoning_tokens: int | Unset = 0
    model: str | Unset = ""
    estimated_usd: float | Unset = 0.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        cache_read_tokens = self.cache_read_tokens

        reasoning_tokens = self.reasoning_tokens

        model = self.model

        estimated_usd = self.estimated_usd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if cache_read_tokens is not UNSET:
            field_dict["cache_read_tokens"] = cache_read_tokens
        if reasoning_tokens is not UNSET:
            field_dict["reasoning_tokens"] = reasoning_tokens
        if model is not UNSET:
            field_dict["model"] = model
        if estimated_usd is not UNSET:
            field_dict["estimated_usd"] = estimated_usd

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        input_tokens = d.pop("input_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        cache_read_tokens = d.pop("cache_read_tokens", UNSET)

        reasoning_tokens = d.pop("reasoning_tokens", UNSET)

        model = d.pop("model", UNSET)

        estimated_usd = d.pop("estimated_usd", UNSET)

        cost_info = cls(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cache_read_tokens=cache_read_tokens,
            reasoning_tokens=reasoning_tokens,
            model=model,
            estimated_usd=estimated_usd,
        )

        cost_info.additional_properties = d
        return cost_info

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
