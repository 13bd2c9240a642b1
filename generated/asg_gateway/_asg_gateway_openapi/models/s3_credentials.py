from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="S3Credentials")


@_attrs_define
class S3Credentials:
    """
    Attributes:
        access_key_id (str):
        secret_access_key (str):
        region (str | Unset):
        session_token (str | Unset):
    """

    access_key_id: str
    secret_access_key: str
    region: str | Unset = UNSET
    session_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        access_key_id = self.access_key_id

        secret_access_key = self.secret_access_key

        region = self.region

        session_token = self.session_token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_key_id": access_key_id,
                "secret_access_key": secret_access_key,
            }
        )
        if region is not UNSET:
            field_dict["region"] = region
        if session_token is not UNSET:
            field_dict["session_token"] = session_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_key_id = d.pop("access_key_id")

        secret_access_key = d.pop("secret_access_key")

        region = d.pop("region", UNSET)

        session_token = d.pop("session_token", UNSET)

        s3_credentials = cls(
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
            region=region,
            session_token=session_token,
        )

        return s3_credentials
