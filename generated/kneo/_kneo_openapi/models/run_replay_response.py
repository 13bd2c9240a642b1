from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_replay_response_replay_context import RunReplayResponseReplayContext
    from ..models.run_replay_response_timeline_item import RunReplayResponseTimelineItem


T = TypeVar("T", bound="RunReplayResponse")


@_attrs_define
class RunReplayResponse:
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
        checkpoint_count (int | Unset):  Default: 0.
        replay_context (RunReplayResponseReplayContext | Unset):
        timeline (list[RunReplayResponseTimelineItem] | Unset):
        workflow_kind (None | str | Unset):
        workflow_name (None | str | Unset):
    """

    run_id: str
    status: str
    agent_name: None | str | Unset = UNSET
    checkpoint_count: int | Unset = 0
    replay_context: RunReplayResponseReplayContext | Unset = UNSET
    timeline: list[RunReplayResponseTimelineItem] | Unset = UNSET
    workflow_kind: None | str | Unset = UNSET
    workflow_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        status = self.status

        agent_name: None | str | Unset
        if isinstance(self.agent_name, Unset):
            agent_name = UNSET
        else:
            agent_name = self.agent_name

        checkpoint_count = self.checkpoint_count

        replay_context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.replay_context, Unset):
            replay_context = self.replay_context.to_dict()

        timeline: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.timeline, Unset):
            timeline = []
            for timeline_item_data in self.timeline:
                timeline_item = timeline_item_data.to_dict()
                timeline.append(timeline_item)

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
        if checkpoint_count is not UNSET:
            field_dict["checkpoint_count"] = checkpoint_count
        if replay_context is not UNSET:
            field_dict["replay_context"] = replay_context
        if timeline is not UNSET:
            field_dict["timeline"] = timeline
        if workflow_kind is not UNSET:
            field_dict["workflow_kind"] = workflow_kind
        if workflow_name is not UNSET:
            field_dict["workflow_name"] = workflow_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_replay_response_replay_context import RunReplayResponseReplayContext  # noqa: PLC0415
        from ..models.run_replay_response_timeline_item import RunReplayResponseTimelineItem  # noqa: PLC0415

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

        checkpoint_count = d.pop("checkpoint_count", UNSET)

        _replay_context = d.pop("replay_context", UNSET)
        replay_context: RunReplayResponseReplayContext | Unset
        if isinstance(_replay_context, Unset):
            replay_context = UNSET
        else:
            replay_context = RunReplayResponseReplayContext.from_dict(_replay_context)

        _timeline = d.pop("timeline", UNSET)
        timeline: list[RunReplayResponseTimelineItem] | Unset = UNSET
        if _timeline is not UNSET:
            timeline = []
            for timeline_item_data in _timeline:
                timeline_item = RunReplayResponseTimelineItem.from_dict(timeline_item_data)

                timeline.append(timeline_item)

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

        run_replay_response = cls(
            run_id=run_id,
            status=status,
            agent_name=agent_name,
            checkpoint_count=checkpoint_count,
            replay_context=replay_context,
            timeline=timeline,
            workflow_kind=workflow_kind,
            workflow_name=workflow_name,
        )

        run_replay_response.additional_properties = d
        return run_replay_response

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
