from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.credential_inventory_response_inventory import (
        CredentialInventoryResponseInventory,
    )


T = TypeVar("T", bound="CredentialInventoryResponse")


@_attrs_define
class CredentialInventoryResponse:
    """
    Attributes:
        inventory (CredentialInventoryResponseInventory): Section-keyed inventory: `providers`, `extra`,
            `service_tokens`, each a map of name to `{name, env_var, present, value}` where `value` is redacted or null. No
            secret material is returned.
    """

    inventory: CredentialInventoryResponseInventory
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inventory = self.inventory.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "inventory": inventory,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential_inventory_response_inventory import (
            CredentialInventoryResponseInventory,  # noqa: PLC0415
        )

        d = dict(src_dict)
        inventory = CredentialInventoryResponseInventory.from_dict(d.pop("inventory"))

        credential_inventory_response = cls(
            inventory=inventory,
        )

        credential_inventory_response.additional_properties = d
        return credential_inventory_response

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
