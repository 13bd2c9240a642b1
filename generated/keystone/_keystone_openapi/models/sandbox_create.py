from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sandbox_create_metadata import SandboxCreateMetadata
    from ..models.sandbox_create_secrets import SandboxCreateSecrets


T = TypeVar("T", bound="SandboxCreate")


@_attrs_define
class SandboxCreate:
    """Create a sandbox from a spec. Optional fields are sent only when given.

    Attributes:
        spec_id (str): The spec to build the sandbox from.
        timeout (str | Unset): A duration such as `10m`.
        metadata (SandboxCreateMetadata | Unset): String-to-string metadata.
        secrets (SandboxCreateSecrets | Unset): Secret values by name (environment-style names, e.g.
            `ANTHROPIC_API_KEY`). The service merges them with Dashboard-stored secrets; these win. Sent only when non-
            empty.
    """

    spec_id: str
    timeout: str | Unset = UNSET
    metadata: SandboxCreateMetadata | Unset = UNSET
    secrets: SandboxCreateSecrets | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spec_id = self.spec_id

        timeout = self.timeout

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        secrets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.secrets, Unset):
            secrets = self.secrets.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spec_id": spec_id,
            }
        )
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if secrets is not UNSET:
            field_dict["secrets"] = secrets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sandbox_create_metadata import SandboxCreateMetadata  # noqa: PLC0415
        from ..models.sandbox_create_secrets import SandboxCreateSecrets  # noqa: PLC0415

        d = dict(src_dict)
        spec_id = d.pop("spec_id")

        timeout = d.pop("timeout", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: SandboxCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = SandboxCreateMetadata.from_dict(_metadata)

        _secrets = d.pop("secrets", UNSET)
        secrets: SandboxCreateSecrets | Unset
        if isinstance(_secrets, Unset):
            secrets = UNSET
        else:
            secrets = SandboxCreateSecrets.from_dict(_secrets)

        sandbox_create = cls(
            spec_id=spec_id,
            timeout=timeout,
            metadata=metadata,
            secrets=secrets,
        )

        sandbox_create.additional_properties = d
        return sandbox_create

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
