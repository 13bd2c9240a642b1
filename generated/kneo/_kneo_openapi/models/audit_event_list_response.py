from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_list_response_events_item import AuditEventListResponseEventsItem


T = TypeVar("T", bound="AuditEventListResponse")


@_attrs_define
class AuditEventListResponse:
    """0.4.0 audit pages carry only `count` and `events`, and 0.4.0 servers ignore `offset`, `principal` and the sort;
    kneo_serv 0.6.0 and later honour them and add `total`, `limit`, `offset` and the sort echo, declared here as
    optional. Without `total`, a page shorter than `limit` is the last one.

        Attributes:
            count (int): Events on this page.
            events (list[AuditEventListResponseEventsItem]): Audit events, each with `event_type` (an open string; the
                documented value is `run.created`; others such as `run.cancelled`, `human_task.resumed`, `policy.updated` are
                likely), `run_id`, a timestamp and the request id.
            total (int | Unset): Events in the store matching the filters (absent on 0.4.0 servers).
            limit (int | Unset): The page size applied (absent on 0.4.0 servers).
            offset (int | Unset): The offset applied (absent on 0.4.0 servers).
            sort_by (None | str | Unset): The sort key applied (absent on 0.4.0 servers).
            sort_order (str | Unset): The sort order applied: `asc` or `desc` (an open string; absent on 0.4.0 servers).
    """

    count: int
    events: list[AuditEventListResponseEventsItem]
    total: int | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    sort_by: None | str | Unset = UNSET
    sort_order: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        total = self.total

        limit = self.limit

        offset = self.offset

        sort_by: None | str | Unset
        if isinstance(self.sort_by, Unset):
            sort_by = UNSET
        else:
            sort_by = self.sort_by

        sort_order = self.sort_order

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "events": events,
            }
        )
        if total is not UNSET:
            field_dict["total"] = total
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset
        if sort_by is not UNSET:
            field_dict["sort_by"] = sort_by
        if sort_order is not UNSET:
            field_dict["sort_order"] = sort_order

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_list_response_events_item import AuditEventListResponseEventsItem  # noqa: PLC0415

        d = dict(src_dict)
        count = d.pop("count")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = AuditEventListResponseEventsItem.from_dict(events_item_data)

            events.append(events_item)

        total = d.pop("total", UNSET)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        def _parse_sort_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sort_by = _parse_sort_by(d.pop("sort_by", UNSET))

        sort_order = d.pop("sort_order", UNSET)

        audit_event_list_response = cls(
            count=count,
            events=events,
            total=total,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
        )

        audit_event_list_response.additional_properties = d
        return audit_event_list_response

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
