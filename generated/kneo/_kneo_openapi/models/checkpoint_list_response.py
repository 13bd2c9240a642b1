from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint_list_response_checkpoints_item import (
        CheckpointListResponseCheckpointsItem,
    )


T = TypeVar("T", bound="CheckpointListResponse")


@_attrs_define
class CheckpointListResponse:
    """
    Attributes:
        checkpoints (list[CheckpointListResponseCheckpointsItem]): Checkpoints, each with a monotonic `sequence` and a
            `type` (e.g. `step_completed`, `step_failed`).
        run_id (str):
        count (int | Unset):  Default: 0.
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sort_by (None | str | Unset): The sort key applied (a dotted path into the items).
        sort_order (str | Unset): The sort order applied: `asc` or `desc` (an open string). Default: 'asc'.
        total (int | Unset): Items in the store matching the filters; the last page is reached when `offset + count >=
            total`. Default: 0.
    """

    checkpoints: list[CheckpointListResponseCheckpointsItem]
    run_id: str
    count: int | Unset = 0
    limit: int | Unset = 100
    offset: int | Unset = 0
    sort_by: None | str | Unset = UNSET
    sort_order: str | Unset = "asc"
    total: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoints = []
        for checkpoints_item_data in self.checkpoints:
            checkpoints_item = checkpoints_item_data.to_dict()
            checkpoints.append(checkpoints_item)

        run_id = self.run_id

        count = self.count

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
                "checkpoints": checkpoints,
                "run_id": run_id,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
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
        from ..models.checkpoint_list_response_checkpoints_item import (
            CheckpointListResponseCheckpointsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        checkpoints = []
        _checkpoints = d.pop("checkpoints")
        for checkpoints_item_data in _checkpoints:
            checkpoints_item = CheckpointListResponseCheckpointsItem.from_dict(
                checkpoints_item_data
            )

            checkpoints.append(checkpoints_item)

        run_id = d.pop("run_id")

        count = d.pop("count", UNSET)

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

        checkpoint_list_response = cls(
            checkpoints=checkpoints,
            run_id=run_id,
            count=count,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            sort_order=sort_order,
            total=total,
        )

        checkpoint_list_response.additional_properties = d
        return checkpoint_list_response

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
