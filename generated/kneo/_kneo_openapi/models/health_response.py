from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.health_response_metadata import HealthResponseMetadata


T = TypeVar("T", bound="HealthResponse")


@_attrs_define
class HealthResponse:
    """
    Attributes:
        ok (bool):
        service (str | Unset):  Default: 'kneo-serv-platform'.
        version (str | Unset):
        metadata (HealthResponseMetadata | Unset): Per-check breakdown (database, queue, runtime registry, providers,
            MCP).
    """

    ok: bool
    service: str | Unset = "kneo-serv-platform"
    version: str | Unset = UNSET
    metadata: HealthResponseMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        service = self.service

        version = self.version

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
            }
        )
        if service is not UNSET:
            field_dict["service"] = service
        if version is not UNSET:
            field_dict["version"] = version
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_response_metadata import HealthResponseMetadata  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        service = d.pop("service", UNSET)

        version = d.pop("version", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: HealthResponseMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = HealthResponseMetadata.from_dict(_metadata)

        health_response = cls(
            ok=ok,
            service=service,
            version=version,
            metadata=metadata,
        )

        health_response.additional_properties = d
        return health_response

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
