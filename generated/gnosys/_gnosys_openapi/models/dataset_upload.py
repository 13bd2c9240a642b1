from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="DatasetUpload")


@_attrs_define
class DatasetUpload:
    """
    Attributes:
        file (File): CSV or parquet.
        name (str):
        target_column (str):
        task (str | Unset): classification or regression. Default: 'classification'.
        split_column (str | Unset): Optional: a column whose values (train / test / secondary) pre-tag each row's split;
            it is neither the target nor a feature.
    """

    file: File
    name: str
    target_column: str
    task: str | Unset = "classification"
    split_column: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        name = self.name

        target_column = self.target_column

        task = self.task

        split_column = self.split_column

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "name": name,
                "target_column": target_column,
            }
        )
        if task is not UNSET:
            field_dict["task"] = task
        if split_column is not UNSET:
            field_dict["split_column"] = split_column

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        files.append(("name", (None, str(self.name).encode(), "text/plain")))

        files.append(("target_column", (None, str(self.target_column).encode(), "text/plain")))

        if not isinstance(self.task, Unset):
            files.append(("task", (None, str(self.task).encode(), "text/plain")))

        if not isinstance(self.split_column, Unset):
            files.append(("split_column", (None, str(self.split_column).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        name = d.pop("name")

        target_column = d.pop("target_column")

        task = d.pop("task", UNSET)

        split_column = d.pop("split_column", UNSET)

        dataset_upload = cls(
            file=file,
            name=name,
            target_column=target_column,
            task=task,
            split_column=split_column,
        )

        dataset_upload.additional_properties = d
        return dataset_upload

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
