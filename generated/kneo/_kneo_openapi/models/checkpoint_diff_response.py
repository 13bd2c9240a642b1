from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint_diff_response_added_item import CheckpointDiffResponseAddedItem
    from ..models.checkpoint_diff_response_changed_item import CheckpointDiffResponseChangedItem
    from ..models.checkpoint_diff_response_from_checkpoint import (
        CheckpointDiffResponseFromCheckpoint,
    )
    from ..models.checkpoint_diff_response_removed_item import CheckpointDiffResponseRemovedItem
    from ..models.checkpoint_diff_response_to_checkpoint import CheckpointDiffResponseToCheckpoint


T = TypeVar("T", bound="CheckpointDiffResponse")


@_attrs_define
class CheckpointDiffResponse:
    """
    Attributes:
        change_count (int): len(added) + len(removed) + len(changed).
        from_checkpoint (CheckpointDiffResponseFromCheckpoint):
        run_id (str):
        to_checkpoint (CheckpointDiffResponseToCheckpoint):
        added (list[CheckpointDiffResponseAddedItem] | Unset):
        changed (list[CheckpointDiffResponseChangedItem] | Unset):
        removed (list[CheckpointDiffResponseRemovedItem] | Unset):
        truncated (bool | Unset): True when the diff was capped. Default: False.
    """

    change_count: int
    from_checkpoint: CheckpointDiffResponseFromCheckpoint
    run_id: str
    to_checkpoint: CheckpointDiffResponseToCheckpoint
    added: list[CheckpointDiffResponseAddedItem] | Unset = UNSET
    changed: list[CheckpointDiffResponseChangedItem] | Unset = UNSET
    removed: list[CheckpointDiffResponseRemovedItem] | Unset = UNSET
    truncated: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        change_count = self.change_count

        from_checkpoint = self.from_checkpoint.to_dict()

        run_id = self.run_id

        to_checkpoint = self.to_checkpoint.to_dict()

        added: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.added, Unset):
            added = []
            for added_item_data in self.added:
                added_item = added_item_data.to_dict()
                added.append(added_item)

        changed: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.changed, Unset):
            changed = []
            for changed_item_data in self.changed:
                changed_item = changed_item_data.to_dict()
                changed.append(changed_item)

        removed: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.removed, Unset):
            removed = []
            for removed_item_data in self.removed:
                removed_item = removed_item_data.to_dict()
                removed.append(removed_item)

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "change_count": change_count,
                "from_checkpoint": from_checkpoint,
                "run_id": run_id,
                "to_checkpoint": to_checkpoint,
            }
        )
        if added is not UNSET:
            field_dict["added"] = added
        if changed is not UNSET:
            field_dict["changed"] = changed
        if removed is not UNSET:
            field_dict["removed"] = removed
        if truncated is not UNSET:
            field_dict["truncated"] = truncated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_diff_response_added_item import CheckpointDiffResponseAddedItem  # noqa: PLC0415
        from ..models.checkpoint_diff_response_changed_item import CheckpointDiffResponseChangedItem  # noqa: PLC0415
        from ..models.checkpoint_diff_response_from_checkpoint import (
            CheckpointDiffResponseFromCheckpoint,  # noqa: PLC0415
        )
        from ..models.checkpoint_diff_response_removed_item import CheckpointDiffResponseRemovedItem  # noqa: PLC0415
        from ..models.checkpoint_diff_response_to_checkpoint import (
            CheckpointDiffResponseToCheckpoint,  # noqa: PLC0415
        )

        d = dict(src_dict)
        change_count = d.pop("change_count")

        from_checkpoint = CheckpointDiffResponseFromCheckpoint.from_dict(d.pop("from_checkpoint"))

        run_id = d.pop("run_id")

        to_checkpoint = CheckpointDiffResponseToCheckpoint.from_dict(d.pop("to_checkpoint"))

        _added = d.pop("added", UNSET)
        added: list[CheckpointDiffResponseAddedItem] | Unset = UNSET
        if _added is not UNSET:
            added = []
            for added_item_data in _added:
                added_item = CheckpointDiffResponseAddedItem.from_dict(added_item_data)

                added.append(added_item)

        _changed = d.pop("changed", UNSET)
        changed: list[CheckpointDiffResponseChangedItem] | Unset = UNSET
        if _changed is not UNSET:
            changed = []
            for changed_item_data in _changed:
                changed_item = CheckpointDiffResponseChangedItem.from_dict(changed_item_data)

                changed.append(changed_item)

        _removed = d.pop("removed", UNSET)
        removed: list[CheckpointDiffResponseRemovedItem] | Unset = UNSET
        if _removed is not UNSET:
            removed = []
            for removed_item_data in _removed:
                removed_item = CheckpointDiffResponseRemovedItem.from_dict(removed_item_data)

                removed.append(removed_item)

        truncated = d.pop("truncated", UNSET)

        checkpoint_diff_response = cls(
            change_count=change_count,
            from_checkpoint=from_checkpoint,
            run_id=run_id,
            to_checkpoint=to_checkpoint,
            added=added,
            changed=changed,
            removed=removed,
            truncated=truncated,
        )

        checkpoint_diff_response.additional_properties = d
        return checkpoint_diff_response

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
