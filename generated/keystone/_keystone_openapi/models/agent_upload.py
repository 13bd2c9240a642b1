from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import File

T = TypeVar("T", bound="AgentUpload")


@_attrs_define
class AgentUpload:
    """The multipart upload of an agent version: a `metadata` text part, then the `bundle` file part.

    Attributes:
        metadata (str): JSON text of an `AgentUploadMetadata` object (a text part, not a file).
        bundle (File): A gzip-compressed tar of the agent's files, sent as the file `<name>.tar.gz` with `Content-Type:
            application/gzip`.
    """

    metadata: str
    bundle: File
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metadata = self.metadata

        bundle = self.bundle.to_tuple()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "metadata": metadata,
                "bundle": bundle,
            }
        )

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("metadata", (None, str(self.metadata).encode(), "text/plain")))

        files.append(("bundle", self.bundle.to_tuple()))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        metadata = d.pop("metadata")

        bundle = File(payload=BytesIO(d.pop("bundle")))

        agent_upload = cls(
            metadata=metadata,
            bundle=bundle,
        )

        agent_upload.additional_properties = d
        return agent_upload

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
