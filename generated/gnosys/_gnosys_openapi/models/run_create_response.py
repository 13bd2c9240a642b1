from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_links import RunLinks


T = TypeVar("T", bound="RunCreateResponse")


@_attrs_define
class RunCreateResponse:
    """
    Attributes:
        run_id (str):
        status (str): queued on creation.
        domain (str):
        created_at (datetime.datetime):
        links (RunLinks | Unset):
    """

    run_id: str
    status: str
    domain: str
    created_at: datetime.datetime
    links: RunLinks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        status = self.status

        domain = self.domain

        created_at = self.created_at.isoformat()

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "status": status,
                "domain": domain,
                "created_at": created_at,
            }
        )
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_links import RunLinks  # noqa: PLC0415

        d = dict(src_dict)
        run_id = d.pop("run_id")

        status = d.pop("status")

        domain = d.pop("domain")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        _links = d.pop("links", UNSET)
        links: RunLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = RunLinks.from_dict(_links)

        run_create_response = cls(
            run_id=run_id,
            status=status,
            domain=domain,
            created_at=created_at,
            links=links,
        )

        run_create_response.additional_properties = d
        return run_create_response

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
