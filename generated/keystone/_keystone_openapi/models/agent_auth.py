from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_auth_egress import AgentAuthEgress
    from ..models.config_file import ConfigFile


T = TypeVar("T", bound="AgentAuth")


@_attrs_define
class AgentAuth:
    """What the agent needs to authenticate: environment variables, config files, egress.

    Attributes:
        required_env (list[str] | Unset): Environment variable names.
        config_files (list[ConfigFile] | Unset):
        egress (AgentAuthEgress | Unset): Allowed egress: lists of strings by key (keys not recorded).
    """

    required_env: list[str] | Unset = UNSET
    config_files: list[ConfigFile] | Unset = UNSET
    egress: AgentAuthEgress | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        required_env: list[str] | Unset = UNSET
        if not isinstance(self.required_env, Unset):
            required_env = self.required_env

        config_files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.config_files, Unset):
            config_files = []
            for config_files_item_data in self.config_files:
                config_files_item = config_files_item_data.to_dict()
                config_files.append(config_files_item)

        egress: dict[str, Any] | Unset = UNSET
        if not isinstance(self.egress, Unset):
            egress = self.egress.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if required_env is not UNSET:
            field_dict["required_env"] = required_env
        if config_files is not UNSET:
            field_dict["config_files"] = config_files
        if egress is not UNSET:
            field_dict["egress"] = egress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_auth_egress import AgentAuthEgress  # noqa: PLC0415
        from ..models.config_file import ConfigFile  # noqa: PLC0415

        d = dict(src_dict)
        required_env = cast(list[str], d.pop("required_env", UNSET))

        _config_files = d.pop("config_files", UNSET)
        config_files: list[ConfigFile] | Unset = UNSET
        if _config_files is not UNSET:
            config_files = []
            for config_files_item_data in _config_files:
                config_files_item = ConfigFile.from_dict(config_files_item_data)

                config_files.append(config_files_item)

        _egress = d.pop("egress", UNSET)
        egress: AgentAuthEgress | Unset
        if isinstance(_egress, Unset):
            egress = UNSET
        else:
            egress = AgentAuthEgress.from_dict(_egress)

        agent_auth = cls(
            required_env=required_env,
            config_files=config_files,
            egress=egress,
        )

        agent_auth.additional_properties = d
        return agent_auth

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
