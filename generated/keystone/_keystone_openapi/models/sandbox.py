from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sandbox_metadata import SandboxMetadata
    from ..models.sandbox_services import SandboxServices


T = TypeVar("T", bound="Sandbox")


@_attrs_define
class Sandbox:
    """A sandbox.

    Attributes:
        id (str): Sandbox id, e.g. `sb-abc`.
        spec_id (str | Unset): The spec it was created from. Default: ''.
        state (str | Unset): An open string: the sandbox's lifecycle state. The sheet records no values; new ones may
            appear without notice. Default: ''.
        path (str | Unset):  Default: ''.
        url (str | Unset):  Default: ''.
        created_at (str | Unset): Timestamp (ISO-8601 as far as known; kept as a string). Default: ''.
        metadata (SandboxMetadata | Unset): Caller metadata given at creation (string to string).
        services (SandboxServices | Unset): The spec's services by name.
    """

    id: str
    spec_id: str | Unset = ""
    state: str | Unset = ""
    path: str | Unset = ""
    url: str | Unset = ""
    created_at: str | Unset = ""
    metadata: SandboxMetadata | Unset = UNSET
    services: SandboxServices | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        spec_id = self.spec_id

        state = self.state

        path = self.path

        url = self.url

        created_at = self.created_at

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        services: dict[str, Any] | Unset = UNSET
        if not isinstance(self.services, Unset):
            services = self.services.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if spec_id is not UNSET:
            field_dict["spec_id"] = spec_id
        if state is not UNSET:
            field_dict["state"] = state
        if path is not UNSET:
            field_dict["path"] = path
        if url is not UNSET:
            field_dict["url"] = url
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if services is not UNSET:
            field_dict["services"] = services

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sandbox_metadata import SandboxMetadata  # noqa: PLC0415
        from ..models.sandbox_services import SandboxServices  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        spec_id = d.pop("spec_id", UNSET)

        state = d.pop("state", UNSET)

        path = d.pop("path", UNSET)

        url = d.pop("url", UNSET)

        created_at = d.pop("created_at", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: SandboxMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = SandboxMetadata.from_dict(_metadata)

        _services = d.pop("services", UNSET)
        services: SandboxServices | Unset
        if isinstance(_services, Unset):
            services = UNSET
        else:
            services = SandboxServices.from_dict(_services)

        sandbox = cls(
            id=id,
            spec_id=spec_id,
            state=state,
            path=path,
            url=url,
            created_at=created_at,
            metadata=metadata,
            services=services,
        )

        sandbox.additional_properties = d
        return sandbox

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
