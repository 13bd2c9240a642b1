from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_auth import AgentAuth


T = TypeVar("T", bound="AgentSnapshot")


@_attrs_define
class AgentSnapshot:
    """One uploaded version of an agent (the service assigns `id` and `version`).

    Attributes:
        id (str): Content hash, e.g. `snap_…`.
        name (str):
        version (int): Assigned by the service: the next version of `name`.
        tag (str | Unset):  Default: ''.
        digest (str | Unset):  Default: ''.
        size_bytes (int | Unset):  Default: 0.
        storage_path (str | Unset):  Default: ''.
        runtime (str | Unset): E.g. `python3.12`. Default: ''.
        entrypoint (list[str] | Unset): The command that starts the agent, e.g. `["python", "main.py"]`.
        auth (AgentAuth | None | Unset):
        created_at (str | Unset):  Default: ''.
    """

    id: str
    name: str
    version: int
    tag: str | Unset = ""
    digest: str | Unset = ""
    size_bytes: int | Unset = 0
    storage_path: str | Unset = ""
    runtime: str | Unset = ""
    entrypoint: list[str] | Unset = UNSET
    auth: AgentAuth | None | Unset = UNSET
    created_at: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.agent_auth import AgentAuth  # noqa: PLC0415

        id = self.id

        name = self.name

        version = self.version

        tag = self.tag

        digest = self.digest

        size_bytes = self.size_bytes

        storage_path = self.storage_path

        runtime = self.runtime

        entrypoint: list[str] | Unset = UNSET
        if not isinstance(self.entrypoint, Unset):
            entrypoint = self.entrypoint

        auth: dict[str, Any] | None | Unset
        if isinstance(self.auth, Unset):
            auth = UNSET
        elif isinstance(self.auth, AgentAuth):
            auth = self.auth.to_dict()
        else:
            auth = self.auth

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "version": version,
            }
        )
        if tag is not UNSET:
            field_dict["tag"] = tag
        if digest is not UNSET:
            field_dict["digest"] = digest
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes
        if storage_path is not UNSET:
            field_dict["storage_path"] = storage_path
        if runtime is not UNSET:
            field_dict["runtime"] = runtime
        if entrypoint is not UNSET:
            field_dict["entrypoint"] = entrypoint
        if auth is not UNSET:
            field_dict["auth"] = auth
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_auth import AgentAuth  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        tag = d.pop("tag", UNSET)

        digest = d.pop("digest", UNSET)

        size_bytes = d.pop("size_bytes", UNSET)

        storage_path = d.pop("storage_path", UNSET)

        runtime = d.pop("runtime", UNSET)

        entrypoint = cast(list[str], d.pop("entrypoint", UNSET))

        def _parse_auth(data: object) -> AgentAuth | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auth_type_0 = AgentAuth.from_dict(data)

                return auth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AgentAuth | None | Unset, data)

        auth = _parse_auth(d.pop("auth", UNSET))

        created_at = d.pop("created_at", UNSET)

        agent_snapshot = cls(
            id=id,
            name=name,
            version=version,
            tag=tag,
            digest=digest,
            size_bytes=size_bytes,
            storage_path=storage_path,
            runtime=runtime,
            entrypoint=entrypoint,
            auth=auth,
            created_at=created_at,
        )

        agent_snapshot.additional_properties = d
        return agent_snapshot

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
