from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cost_info import CostInfo
    from ..models.trace_event_metadata import TraceEventMetadata


T = TypeVar("T", bound="TraceEvent")


@_attrs_define
class TraceEvent:
    """One trace event, as clients post it and exports return it (open both ways: each event type carries its own keys).
    `@traced` spans are two events (`phase` `start`, then `end`) that may arrive in any order, each in its own single-
    event batch; an `end` may arrive without its `start`. LLM calls are one `llm_call` event (`phase` `complete`) plus
    one `tool_use` child (`phase` `invoked`) per tool call; `Eval` reports one `eval` event.

        Attributes:
            ts (str): ISO-8601 UTC with microseconds and an offset, e.g. `2026-11-24T10:00:00.123456+00:00`.
            event_type (str): An open string. Known values: `tool_call` (`@traced` spans), `llm_call`, `tool_use`, `eval`.
            span_id (str): 16 lowercase hex characters (`@traced`) or `span_` + 12 hex (LLM calls, tool uses, evals).
            tool (str | Unset): Span name (`fn.__name__` or `name=`), `<provider>.create`, a tool's function name, or
                `Eval:<name>`.
            phase (str | Unset): An open string. Known values: `start`, `end`, `complete`, `invoked`.
            parent_span_id (str | Unset): Empty when the span has no parent.
            root_span_id (str | Unset): Empty when the span is its own root; the export's `trace_id`.
            status (str | Unset): An open string. Known values: `ok`, `error`.
            duration_ms (int | Unset): Wall-clock duration (absent on `start` events).
            error_type (str | Unset): Empty, or e.g. `tool_error` when the span raised.
            input_ (str | Unset): The call's input (JSON text, at most 4000 characters from the published client).
            output (str | Unset): The span's output: a string as-is, anything else as JSON text; `<ExcType>: <msg>` on an
                exception.
            cost (CostInfo | Unset): Token usage and estimated cost of one LLM call.
            metadata (TraceEventMetadata | Unset): Free-form: `gen_ai.*` (`gen_ai.system`, `gen_ai.request.model`,
                `gen_ai.response.model`, `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens`, `gen_ai.operation.name`) as
                flat dotted keys on `llm_call` events; `eval.name`, `eval.rows`, `eval.summary` (and `eval.source`) on `eval`
                events.
    """

    ts: str
    event_type: str
    span_id: str
    tool: str | Unset = UNSET
    phase: str | Unset = UNSET
    parent_span_id: str | Unset = UNSET
    root_span_id: str | Unset = UNSET
    status: str | Unset = UNSET
    duration_ms: int | Unset = UNSET
    error_type: str | Unset = UNSET
    input_: str | Unset = UNSET
    output: str | Unset = UNSET
    cost: CostInfo | Unset = UNSET
    metadata: TraceEventMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ts = self.ts

        event_type = self.event_type

        span_id = self.span_id

        tool = self.tool

        phase = self.phase

        parent_span_id = self.parent_span_id

        root_span_id = self.root_span_id

        status = self.status

        duration_ms = self.duration_ms

        error_type = self.error_type

        input_ = self.input_

        output = self.output

        cost: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cost, Unset):
            cost = self.cost.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ts": ts,
                "event_type": event_type,
                "span_id": span_id,
            }
        )
        if tool is not UNSET:
            field_dict["tool"] = tool
        if phase is not UNSET:
            field_dict["phase"] = phase
        if parent_span_id is not UNSET:
            field_dict["parent_span_id"] = parent_span_id
        if root_span_id is not UNSET:
            field_dict["root_span_id"] = root_span_id
        if status is not UNSET:
            field_dict["status"] = status
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if error_type is not UNSET:
            field_dict["error_type"] = error_type
        if input_ is not UNSET:
            field_dict["input"] = input_
        if output is not UNSET:
            field_dict["output"] = output
        if cost is not UNSET:
            field_dict["cost"] = cost
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cost_info import CostInfo  # noqa: PLC0415
        from ..models.trace_event_metadata import TraceEventMetadata  # noqa: PLC0415

        d = dict(src_dict)
        ts = d.pop("ts")

        event_type = d.pop("event_type")

        span_id = d.pop("span_id")

        tool = d.pop("tool", UNSET)

        phase = d.pop("phase", UNSET)

        parent_span_id = d.pop("parent_span_id", UNSET)

        root_span_id = d.pop("root_span_id", UNSET)

        status = d.pop("status", UNSET)

        duration_ms = d.pop("duration_ms", UNSET)

        error_type = d.pop("error_type", UNSET)

        input_ = d.pop("input", UNSET)

        output = d.pop("output", UNSET)

        _cost = d.pop("cost", UNSET)
        cost: CostInfo | Unset
        if isinstance(_cost, Unset):
            cost = UNSET
        else:
            cost = CostInfo.from_dict(_cost)

        _metadata = d.pop("metadata", UNSET)
        metadata: TraceEventMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = TraceEventMetadata.from_dict(_metadata)

        trace_event = cls(
            ts=ts,
            event_type=event_type,
            span_id=span_id,
            tool=tool,
            phase=phase,
            parent_span_id=parent_span_id,
            root_span_id=root_span_id,
            status=status,
            duration_ms=duration_ms,
            error_type=error_type,
            input_=input_,
            output=output,
            cost=cost,
            metadata=metadata,
        )

        trace_event.additional_properties = d
        return trace_event

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
