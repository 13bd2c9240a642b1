from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Dataset")


@_attrs_define
class Dataset:
    """
    Attributes:
        dataset_id (str):
        name (str):
        task (str):
        target_column (str):
        n_rows (int):
        n_columns (int):
        created_at (datetime.datetime):
        columns (list[str] | Unset):
        format_ (str | Unset): csv or parquet.
        size_bytes (int | Unset):
    """

    dataset_id: str
    name: str
    task: str
    target_column: str
    n_rows: int
    n_columns: int
    created_at: datetime.datetime
    columns: list[str] | Unset = UNSET
    format_: str | Unset = UNSET
    size_bytes: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dataset_id = self.dataset_id

        name = self.name

        task = self.task

        target_column = self.target_column

        n_rows = self.n_rows

        n_columns = self.n_columns

        created_at = self.created_at.isoformat()

        columns: list[str] | Unset = UNSET
        if not isinstance(self.columns, Unset):
            columns = self.columns

        format_ = self.format_

        size_bytes = self.size_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dataset_id": dataset_id,
                "name": name,
                "task": task,
                "target_column": target_column,
                "n_rows": n_rows,
                "n_columns": n_columns,
                "created_at": created_at,
            }
        )
        if columns is not UNSET:
            field_dict["columns"] = columns
        if format_ is not UNSET:
            field_dict["format"] = format_
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dataset_id = d.pop("dataset_id")

        name = d.pop("name")

        task = d.pop("task")

        target_column = d.pop("target_column")

        n_rows = d.pop("n_rows")

        n_columns = d.pop("n_columns")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        columns = cast(list[str], d.pop("columns", UNSET))

        format_ = d.pop("format", UNSET)

        size_bytes = d.pop("size_bytes", UNSET)

        dataset = cls(
            dataset_id=dataset_id,
            name=name,
            task=task,
            target_column=target_column,
            n_rows=n_rows,
            n_columns=n_columns,
            created_at=created_at,
            columns=columns,
            format_=format_,
            size_bytes=size_bytes,
        )

        dataset.additional_properties = d
        return dataset

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
