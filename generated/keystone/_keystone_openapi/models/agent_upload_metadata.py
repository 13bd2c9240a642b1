from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_auth import AgentAuth


T = TypeVar("T", bound="AgentUploadMetadata")


@_attrs_define
class AgentUploadMetadata:
    """The JSON text of the upload's `metadata` part. Optional keys are sent only when set.

    Attributes:
        name (str): The agent's name (one path segment when read back).
        entrypoint (list[str]): The command that starts the agent.
        runtime (str | Unset): E.g. `python3.12`.
        auth (AgentAuth | Unset): What the agent needs to authenticate: environment variables, config files, egress.
        tag (str | Unset): A tag for this version, e.g. `v2.1`.
    """

    name: str
    entrypoint: list[str]
    runtime: str | Unset = UNSET
    auth: AgentAuth | Unset = UNSET
    tag: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        entrypoint = self.entrypoint

        runtime = self.runtime

        auth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.auth, Unset):
            auth = self.auth.to_dict()

        tag = self.tag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "entrypoint": entrypoint,
            }
        )
        if runtime is not UNSET:
            field_dict["runtime"] = runtime
        if auth is not UNSET:
            field_dict["auth"] = auth
        if tag is not UNSET:
            field_dict["tag"] = tag

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_auth import AgentAuth  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        entrypoint = cast(list[str], d.pop("entrypoint"))

        runtime = d.pop("runtime", UNSET)

        _auth = d.pop("auth", UNSET)
        auth: AgentAuth | Unset
        if isinstance(_auth, Unset):
            auth = UNSET
        else:
            auth = AgentAuth.from_dict(_auth)

        tag = d.pop("tag", UNSET)

        agent_upload_metadata = cls(
            name=name,
            entrypoint=entrypoint,
            runtime=runtime,
            auth=auth,
            tag=tag,
        )

        agent_upload_metadata.additional_properties = d
        return agent_upload_metadata

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
