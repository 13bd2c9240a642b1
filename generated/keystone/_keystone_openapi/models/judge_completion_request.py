from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.judge_message import JudgeMessage


T = TypeVar("T", bound="JudgeCompletionRequest")


@_attrs_define
class JudgeCompletionRequest:
    """An OpenAI-chat-compatible completion request for an LLM judge.

    Attributes:
        model (str): The judge model, e.g. `paragon-fast`.
        messages (list[JudgeMessage]): The conversation: the SDK sends a system preamble, then the grading prompt.
        temperature (float | Unset): Sampling temperature (0: the most deterministic). Default: 0.0.
        max_tokens (int | Unset): The longest reply, in tokens. Default: 512.
    """

    model: str
    messages: list[JudgeMessage]
    temperature: float | Unset = 0.0
    max_tokens: int | Unset = 512
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        temperature = self.temperature

        max_tokens = self.max_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "messages": messages,
            }
        )
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.judge_message import JudgeMessage  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = JudgeMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        temperature = d.pop("temperature", UNSET)

        max_tokens = d.pop("max_tokens", UNSET)

        judge_completion_request = cls(
            model=model,
            messages=messages,
            temperature=temperature,
            max_tokens=max_tokens,
        )

        judge_completion_request.additional_properties = d
        return judge_completion_request

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
