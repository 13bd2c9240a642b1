from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sandbox_trace_metrics import SandboxTraceMetrics
    from ..models.trace_event import TraceEvent


T = TypeVar("T", bound="SandboxTrace")


@_attrs_define
class SandboxTrace:
    """A sandbox's trace.

    Attributes:
        events (list[TraceEvent] | Unset):
        metrics (SandboxTraceMetrics | Unset): Aggregates over the events (keys not recorded).
    """

    events: list[TraceEvent] | Unset = UNSET
    metrics: SandboxTraceMetrics | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if events is not UNSET:
            field_dict["events"] = events
        if metrics is not UNSET:
            field_dict["metrics"] = metrics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sandbox_trace_metrics import SandboxTraceMetrics  # noqa: PLC0415
        from ..models.trace_event import TraceEvent  # noqa: PLC0415

        d = dict(src_dict)
        _events = d.pop("events", UNSET)
        events: list[TraceEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = TraceEvent.from_dict(events_item_data)

                events.append(events_item)

        _metrics = d.pop("metrics", UNSET)
        metrics: SandboxTraceMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = SandboxTraceMetrics.from_dict(_metrics)

        sandbox_trace = cls(
            events=events,
            metrics=metrics,
        )

        sandbox_trace.additional_properties = d
        return sandbox_trace

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
