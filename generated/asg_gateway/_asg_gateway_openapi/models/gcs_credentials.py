from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GCSCredentials")


@_attrs_define
class GCSCredentials:
    """
    Attributes:
        service_account_json (str): The service account key file's JSON, as a string.
    """

    service_account_json: str

    def to_dict(self) -> dict[str, Any]:
        service_account_json = self.service_account_json

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service_account_json": service_account_json,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_account_json = d.pop("service_account_json")

        gcs_credentials = cls(
            service_account_json=service_account_json,
        )

        return gcs_credentials
