from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_create_secrets import ExperimentCreateSecrets


T = TypeVar("T", bound="ExperimentCreate")


@_attrs_define
class ExperimentCreate:
    """Create an experiment over a spec.

    Attributes:
        name (str):
        spec_id (str):
        secrets (ExperimentCreateSecrets | Unset): Secret values by name, merged as for sandboxes; sent only when non-
            empty.
    """

    name: str
    spec_id: str
    secrets: ExperimentCreateSecrets | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        spec_id = self.spec_id

        secrets: dict[str, Any] | Unset = UNSET
        if not isinstance(self.secrets, Unset):
            secrets = self.secrets.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "spec_id": spec_id,
            }
        )
        if secrets is not UNSET:
            field_dict["secrets"] = secrets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_create_secrets import ExperimentCreateSecrets  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        spec_id = d.pop("spec_id")

        _secrets = d.pop("secrets", UNSET)
        secrets: ExperimentCreateSecrets | Unset
        if isinstance(_secrets, Unset):
            secrets = UNSET
        else:
            secrets = ExperimentCreateSecrets.from_dict(_secrets)

        experiment_create = cls(
            name=name,
            spec_id=spec_id,
            secrets=secrets,
        )

        experiment_create.additional_properties = d
        return experiment_create

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
