from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dataset_record_metadata import DatasetRecordMetadata


T = TypeVar("T", bound="DatasetRecord")


@_attrs_define
class DatasetRecord:
    """One dataset record: an input, and optionally what is expected of it.

    Attributes:
        input_ (Any): Any JSON value, e.g. `{"id": "alice"}`.
        expected (Any | Unset): Any JSON value.
        metadata (DatasetRecordMetadata | Unset):
        tags (list[str] | Unset):
    """

    input_: Any
    expected: Any | Unset = UNSET
    metadata: DatasetRecordMetadata | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        expected = self.expected

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
            }
        )
        if expected is not UNSET:
            field_dict["expected"] = expected
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_record_metadata import DatasetRecordMetadata  # noqa: PLC0415

        d = dict(src_dict)
        input_ = d.pop("input")

        expected = d.pop("expected", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: DatasetRecordMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = DatasetRecordMetadata.from_dict(_metadata)

        tags = cast(list[str], d.pop("tags", UNSET))

        dataset_record = cls(
            input_=input_,
            expected=expected,
            metadata=metadata,
            tags=tags,
        )

        dataset_record.additional_properties = d
        return dataset_record

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
