from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reproducer_parameters import ReproducerParameters


T = TypeVar("T", bound="Reproducer")


@_attrs_define
class Reproducer:
    """How to re-run a scenario locally.

    Attributes:
        spec_file (str | Unset):  Default: ''.
        seed (int | Unset):  Default: 0.
        scenario_id (str | Unset):  Default: ''.
        parameters (ReproducerParameters | Unset):
        command (str | Unset):  Default: ''.
    """

    spec_file: str | Unset = ""
    seed: int | Unset = 0
    scenario_id: str | Unset = ""
    parameters: ReproducerParameters | Unset = UNSET
    command: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spec_file = self.spec_file

        seed = self.seed

        scenario_id = self.scenario_id

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        command = self.command

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if spec_file is not UNSET:
            field_dict["spec_file"] = spec_file
        if seed is not UNSET:
            field_dict["seed"] = seed
        if scenario_id is not UNSET:
            field_dict["scenario_id"] = scenario_id
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if command is not UNSET:
            field_dict["command"] = command

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reproducer_parameters import ReproducerParameters  # noqa: PLC0415

        d = dict(src_dict)
        spec_file = d.pop("spec_file", UNSET)

        seed = d.pop("seed", UNSET)

        scenario_id = d.pop("scenario_id", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: ReproducerParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ReproducerParameters.from_dict(_parameters)

        command = d.pop("command", UNSET)

        reproducer = cls(
            spec_file=spec_file,
            seed=seed,
            scenario_id=scenario_id,
            parameters=parameters,
            command=command,
        )

        reproducer.additional_properties = d
        return reproducer

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
