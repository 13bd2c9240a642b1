from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.human_resume_request_metadata import HumanResumeRequestMetadata


T = TypeVar("T", bound="HumanResumeRequest")


@_attrs_define
class HumanResumeRequest:
    """
    Attributes:
        decision (str): The reviewer's decision, an open string. Known values (past tense; `approve` is a 422):
            `approved`, `edited` and `provided` (carry `content`), `rejected`, `selected` (carries `selected_option`).
        request_id (str): The pending human request's id (`pending_human_request.id`).
        content (None | str | Unset):
        metadata (HumanResumeRequestMetadata | Unset):
        selected_option (None | str | Unset):
    """

    decision: str
    request_id: str
    content: None | str | Unset = UNSET
    metadata: HumanResumeRequestMetadata | Unset = UNSET
    selected_option: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision

        request_id = self.request_id

        content: None | str | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        else:
            content = self.content

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        selected_option: None | str | Unset
        if isinstance(self.selected_option, Unset):
            selected_option = UNSET
        else:
            selected_option = self.selected_option

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "request_id": request_id,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if selected_option is not UNSET:
            field_dict["selected_option"] = selected_option

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.human_resume_request_metadata import HumanResumeRequestMetadata  # noqa: PLC0415

        d = dict(src_dict)
        decision = d.pop("decision")

        request_id = d.pop("request_id")

        def _parse_content(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: HumanResumeRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = HumanResumeRequestMetadata.from_dict(_metadata)

        def _parse_selected_option(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        selected_option = _parse_selected_option(d.pop("selected_option", UNSET))

        human_resume_request = cls(
            decision=decision,
            request_id=request_id,
            content=content,
            metadata=metadata,
            selected_option=selected_option,
        )

        return human_resume_request
