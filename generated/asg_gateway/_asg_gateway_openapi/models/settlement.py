from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Settlement")


@_attrs_define
class Settlement:
    """The BSV payment to the labelers who agreed with the consensus.

    Attributes:
        bsv_txid (str):
        amount_sats (int):
        network (str): Known values: mainnet, testnet.
        settled_at (datetime.datetime):
    """

    bsv_txid: str
    amount_sats: int
    network: str
    settled_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bsv_txid = self.bsv_txid

        amount_sats = self.amount_sats

        network = self.network

        settled_at = self.settled_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bsv_txid": bsv_txid,
                "amount_sats": amount_sats,
                "network": network,
                "settled_at": settled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bsv_txid = d.pop("bsv_txid")

        amount_sats = d.pop("amount_sats")

        network = d.pop("network")

        settled_at = datetime.datetime.fromisoformat(d.pop("settled_at"))

        settlement = cls(
            bsv_txid=bsv_txid,
            amount_sats=amount_sats,
            network=network,
            settled_at=settled_at,
        )

        settlement.additional_properties = d
        return settlement

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
