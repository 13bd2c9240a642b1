from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_create_response_metadata import RunCreateResponseMetadata


T = TypeVar("T", bound="RunCreateResponse")


@_attrs_define
class RunCreateResponse:
    """
    Attributes:
        run_id (None | str):
        status (str): Run status: an open string. Known values: `queued` (accepted, not started; async_mode), `running`,
            `blocked` (paused for human review; `pending_human_request` and `continuation_id` are set), `completed`
            (terminal, `output_text` set), `failed` (terminal, `error` set), `cancelled` (terminal), `timed_out` (terminal,
            run-timeout sweep), `expired` (terminal, a blocked run whose human task passed its deadline under `on_timeout:
            fail`). Older documentation calls the human-review pause `paused_human_review`; the platform sends `blocked`.
            New values may appear without notice: treat any status that comes with `completed_at` as terminal.
        continuation_id (None | str | Unset): Set when the run is blocked on a human task.
        human_intervention_required (bool | Unset):  Default: False.
        metadata (RunCreateResponseMetadata | Unset):
        output_text (None | str | Unset):
    """

    run_id: None | str
    status: str
    continuation_id: None | str | Unset = UNSET
    human_intervention_required: bool | Unset = False
    metadata: RunCreateResponseMetadata | Unset = UNSET
    output_text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id: None | str
        run_id = self.run_id

        status = self.status

        continuation_id: None | str | Unset
        if isinstance(self.continuation_id, Unset):
            continuation_id = UNSET
        else:
            continuation_id = self.continuation_id

        human_intervention_required = self.human_intervention_required

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        output_text: None | str | Unset
        if isinstance(self.output_text, Unset):
            output_text = UNSET
        else:
            output_text = self.output_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "status": status,
            }
        )
        if continuation_id is not UNSET:
            field_dict["continuation_id"] = continuation_id
        if human_intervention_required is not UNSET:
            field_dict["human_intervention_required"] = human_intervention_required
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if output_text is not UNSET:
            field_dict["output_text"] = output_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_create_response_metadata import RunCreateResponseMetadata  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_run_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        run_id = _parse_run_id(d.pop("run_id"))

        status = d.pop("status")

        def _parse_continuation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        continuation_id = _parse_continuation_id(d.pop("continuation_id", UNSET))

        human_intervention_required = d.pop("human_intervention_required", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: RunCreateResponseMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = RunCreateResponseMetadata.from_dict(_metadata)

        def _parse_output_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        output_text = _parse_output_text(d.pop("output_text", UNSET))

        run_create_response = cls(
            run_id=run_id,
            status=status,
            continuation_id=continuation_id,
            human_intervention_required=human_intervention_required,
            metadata=metadata,
            output_text=output_text,
        )

        run_create_response.additional_properties = d
        return run_create_response

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
