from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_list_response_runs_item import RunListResponseRunsItem


T = TypeVar("T", bound="RunListResponse")


@_attrs_define
class RunListResponse:
    """
    Attributes:
        count (int): Items on this page.
        runs (list[RunListResponseRunsItem]): Run summaries (at least `run_id`, `status`, `updated_at`).
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (None | str | Unset): The sort key applied (a dotted path into the items).
        sort_order (str | Unset): The sort order applied: `asc` or `desc` (an open string). Default: 'desc'.
        total (int | Unset): Items in the store matching the filters; the last page is reached when `offset + count >=
            total`. Default: 0.
    """

    count: int
    runs: list[RunListResponseRunsItem]
    limit: int | Unset = 100
    offset: int | Unset = 0
    sort_by: None | str | Unset = UNSET
    sort_order: str | Unset = "desc"
    total: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        limit = self.limit

        offset = self.offset

        sort_by: None | str | Unset
        if isinstance(self.sort_by, Unset):
            sort_by = UNSET
        else:
            sort_by = self.sort_by

        sort_order = self.sort_order

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "runs": runs,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset
        if sort_by is not UNSET:
            field_dict["sort_by"] = sort_by
        if sort_order is not UNSET:
            field_dict["sort_order"] = sort_order
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_list_response_runs_item import RunListResponseRunsItem  # noqa: PLC0415

        d = dict(src_dict)
        count = d.pop("count")

        runs = []
        _runs = d.pop("runs")
        for runs_item_data in _runs:
            runs_item = RunListResponseRunsItem.from_dict(runs_item_data)

            runs.append(runs_item)

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

        total = d.pop("total", UNSET)

        run_list_response = cls(
            count=count,
            runs=runs,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
            total=total,
        )

        run_list_response.additional_properties = d
        return run_list_response

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
