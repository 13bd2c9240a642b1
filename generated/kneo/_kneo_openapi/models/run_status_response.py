from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_status_response_error_type_0 import RunStatusResponseErrorType0
    from ..models.run_status_response_metadata import RunStatusResponseMetadata
    from ..models.run_status_response_pending_human_request_type_0 import (
        RunStatusResponsePendingHumanRequestType0,
    )


T = TypeVar("T", bound="RunStatusResponse")


@_attrs_define
class RunStatusResponse:
    """
    Attributes:
        run_id (str):
        status (str): Run status: an open string. Known values: `queued` (accepted, not started; async_mode), `running`,
            `blocked` (paused for human review; `pending_human_request` and `continuation_id` are set), `completed`
            (terminal, `output_text` set), `failed` (terminal, `error` set), `cancelled` (terminal), `timed_out` (terminal,
            run-timeout sweep), `expired` (terminal, a blocked run whose human task passed its deadline under `on_timeout:
            fail`). Older documentation calls the human-review pause `paused_human_review`; the platform sends `blocked`.
            New values may appear without notice: treat any status that comes with `completed_at` as terminal.
        agent_name (None | str | Unset):
        continuation_id (None | str | Unset):
        current_node_id (None | str | Unset):
        current_step_index (int | None | Unset):
        error (None | RunStatusResponseErrorType0 | Unset): Set on `failed`: at least a `message`.
        input_text (None | str | Unset):
        metadata (RunStatusResponseMetadata | Unset):
        output_text (None | str | Unset):
        pending_human_request (None | RunStatusResponsePendingHumanRequestType0 | Unset): Set on `blocked`: the human
            request awaiting review (its `id` is the resume body's `request_id`).
        trace_event_count (int | Unset):  Default: 0.
        visited_nodes (list[str] | Unset):
        visited_steps (list[str] | Unset):
        workflow_kind (None | str | Unset):
        workflow_name (None | str | Unset):
    """

    run_id: str
    status: str
    agent_name: None | str | Unset = UNSET
    continuation_id: None | str | Unset = UNSET
    current_node_id: None | str | Unset = UNSET
    current_step_index: int | None | Unset = UNSET
    error: None | RunStatusResponseErrorType0 | Unset = UNSET
    input_text: None | str | Unset = UNSET
    metadata: RunStatusResponseMetadata | Unset = UNSET
    output_text: None | str | Unset = UNSET
    pending_human_request: None | RunStatusResponsePendingHumanRequestType0 | Unset = UNSET
    trace_event_count: int | Unset = 0
    visited_nodes: list[str] | Unset = UNSET
    visited_steps: list[str] | Unset = UNSET
    workflow_kind: None | str | Unset = UNSET
    workflow_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.run_status_response_error_type_0 import RunStatusResponseErrorType0  # noqa: PLC0415
        from ..models.run_status_response_pending_human_request_type_0 import (
            RunStatusResponsePendingHumanRequestType0,  # noqa: PLC0415
        )

        run_id = self.run_id

        status = self.status

        agent_name: None | str | Unset
        if isinstance(self.agent_name, Unset):
            agent_name = UNSET
        else:
            agent_name = self.agent_name

        continuation_id: None | str | Unset
        if isinstance(self.continuation_id, Unset):
            continuation_id = UNSET
        else:
            continuation_id = self.continuation_id

        current_node_id: None | str | Unset
        if isinstance(self.current_node_id, Unset):
            current_node_id = UNSET
        else:
            current_node_id = self.current_node_id

        current_step_index: int | None | Unset
        if isinstance(self.current_step_index, Unset):
            current_step_index = UNSET
        else:
            current_step_index = self.current_step_index

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, RunStatusResponseErrorType0):
            error = self.error.to_dict()
        else:
            error = self.error

        input_text: None | str | Unset
        if isinstance(self.input_text, Unset):
            input_text = UNSET
        else:
            input_text = self.input_text

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        output_text: None | str | Unset
        if isinstance(self.output_text, Unset):
            output_text = UNSET
        else:
            output_text = self.output_text

        pending_human_request: dict[str, Any] | None | Unset
        if isinstance(self.pending_human_request, Unset):
            pending_human_request = UNSET
        elif isinstance(self.pending_human_request, RunStatusResponsePendingHumanRequestType0):
            pending_human_request = self.pending_human_request.to_dict()
        else:
            pending_human_request = self.pending_human_request

        trace_event_count = self.trace_event_count

        visited_nodes: list[str] | Unset = UNSET
        if not isinstance(self.visited_nodes, Unset):
            visited_nodes = self.visited_nodes

        visited_steps: list[str] | Unset = UNSET
        if not isinstance(self.visited_steps, Unset):
            visited_steps = self.visited_steps

        workflow_kind: None | str | Unset
        if isinstance(self.workflow_kind, Unset):
            workflow_kind = UNSET
        else:
            workflow_kind = self.workflow_kind

        workflow_name: None | str | Unset
        if isinstance(self.workflow_name, Unset):
            workflow_name = UNSET
        else:
            workflow_name = self.workflow_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "status": status,
            }
        )
        if agent_name is not UNSET:
            field_dict["agent_name"] = agent_name
        if continuation_id is not UNSET:
            field_dict["continuation_id"] = continuation_id
        if current_node_id is not UNSET:
            field_dict["current_node_id"] = current_node_id
        if current_step_index is not UNSET:
            field_dict["current_step_index"] = current_step_index
        if error is not UNSET:
            field_dict["error"] = error
        if input_text is not UNSET:
            field_dict["input_text"] = input_text
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if output_text is not UNSET:
            field_dict["output_text"] = output_text
        if pending_human_request is not UNSET:
            field_dict["pending_human_request"] = pending_human_request
        if trace_event_count is not UNSET:
            field_dict["trace_event_count"] = trace_event_count
        if visited_nodes is not UNSET:
            field_dict["visited_nodes"] = visited_nodes
        if visited_steps is not UNSET:
            field_dict["visited_steps"] = visited_steps
        if workflow_kind is not UNSET:
            field_dict["workflow_kind"] = workflow_kind
        if workflow_name is not UNSET:
            field_dict["workflow_name"] = workflow_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_status_response_error_type_0 import RunStatusResponseErrorType0  # noqa: PLC0415
        from ..models.run_status_response_metadata import RunStatusResponseMetadata  # noqa: PLC0415
        from ..models.run_status_response_pending_human_request_type_0 import (
            RunStatusResponsePendingHumanRequestType0,  # noqa: PLC0415
        )

        d = dict(src_dict)
        run_id = d.pop("run_id")

        status = d.pop("status")

        def _parse_agent_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agent_name = _parse_agent_name(d.pop("agent_name", UNSET))

        def _parse_continuation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        continuation_id = _parse_continuation_id(d.pop("continuation_id", UNSET))

        def _parse_current_node_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_node_id = _parse_current_node_id(d.pop("current_node_id", UNSET))

        def _parse_current_step_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        current_step_index = _parse_current_step_index(d.pop("current_step_index", UNSET))

        def _parse_error(data: object) -> None | RunStatusResponseErrorType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = RunStatusResponseErrorType0.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunStatusResponseErrorType0 | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_input_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        input_text = _parse_input_text(d.pop("input_text", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: RunStatusResponseMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = RunStatusResponseMetadata.from_dict(_metadata)

        def _parse_output_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        output_text = _parse_output_text(d.pop("output_text", UNSET))

        def _parse_pending_human_request(
            data: object,
        ) -> None | RunStatusResponsePendingHumanRequestType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_human_request_type_0 = RunStatusResponsePendingHumanRequestType0.from_dict(
                    data
                )

                return pending_human_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunStatusResponsePendingHumanRequestType0 | Unset, data)

        pending_human_request = _parse_pending_human_request(d.pop("pending_human_request", UNSET))

        trace_event_count = d.pop("trace_event_count", UNSET)

        visited_nodes = cast(list[str], d.pop("visited_nodes", UNSET))

        visited_steps = cast(list[str], d.pop("visited_steps", UNSET))

        def _parse_workflow_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        workflow_kind = _parse_workflow_kind(d.pop("workflow_kind", UNSET))

        def _parse_workflow_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        workflow_name = _parse_workflow_name(d.pop("workflow_name", UNSET))

        run_status_response = cls(
            run_id=run_id,
            status=status,
            agent_name=agent_name,
            continuation_id=continuation_id,
            current_node_id=current_node_id,
            current_step_index=current_step_index,
            error=error,
            input_text=input_text,
            metadata=metadata,
            output_text=output_text,
            pending_human_request=pending_human_request,
            trace_event_count=trace_event_count,
            visited_nodes=visited_nodes,
            visited_steps=visited_steps,
            workflow_kind=workflow_kind,
            workflow_name=workflow_name,
        )

        run_status_response.additional_properties = d
        return run_status_response

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
