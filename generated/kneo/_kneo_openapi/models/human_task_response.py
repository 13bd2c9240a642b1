from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.human_task_response_request_type_0 import HumanTaskResponseRequestType0


T = TypeVar("T", bound="HumanTaskResponse")


@_attrs_define
class HumanTaskResponse:
    """
    Attributes:
        continuation_id (str):
        request (HumanTaskResponseRequestType0 | None): The pending human request (required, may be null).
    """

    continuation_id: str
    request: HumanTaskResponseRequestType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.human_task_response_request_type_0 import HumanTaskResponseRequestType0  # noqa: PLC0415

        continuation_id = self.continuation_id

        request: dict[str, Any] | None
        if isinstance(self.request, HumanTaskResponseRequestType0):
            request = self.request.to_dict()
        else:
            request = self.request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "continuation_id": continuation_id,
                "request": request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.human_task_response_request_type_0 import HumanTaskResponseRequestType0  # noqa: PLC0415

        d = dict(src_dict)
        continuation_id = d.pop("continuation_id")

        def _parse_request(data: object) -> HumanTaskResponseRequestType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                request_type_0 = HumanTaskResponseRequestType0.from_dict(data)

                return request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HumanTaskResponseRequestType0 | None, data)

        request = _parse_request(d.pop("request"))

        human_task_response = cls(
            continuation_id=continuation_id,
            request=request,
        )

        human_task_response.additional_properties = d
        return human_task_response

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
