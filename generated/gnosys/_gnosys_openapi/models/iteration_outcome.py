from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.iteration_outcome_tier_counts import IterationOutcomeTierCounts


T = TypeVar("T", bound="IterationOutcome")


@_attrs_define
class IterationOutcome:
    """
    Attributes:
        iteration (int):
        n_proposed (int):
        n_records (int):
        tier_counts (IterationOutcomeTierCounts):
        best_tier_in_iter (None | str | Unset):
        stop_reason (None | str | Unset):
        duration_seconds (float | None | Unset):
        strategist_name (None | str | Unset):
    """

    iteration: int
    n_proposed: int
    n_records: int
    tier_counts: IterationOutcomeTierCounts
    best_tier_in_iter: None | str | Unset = UNSET
    stop_reason: None | str | Unset = UNSET
    duration_seconds: float | None | Unset = UNSET
    strategist_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        iteration = self.iteration

        n_proposed = self.n_proposed

        n_records = self.n_records

        tier_counts = self.tier_counts.to_dict()

        best_tier_in_iter: None | str | Unset
        if isinstance(self.best_tier_in_iter, Unset):
            best_tier_in_iter = UNSET
        else:
            best_tier_in_iter = self.best_tier_in_iter

        stop_reason: None | str | Unset
        if isinstance(self.stop_reason, Unset):
            stop_reason = UNSET
        else:
            stop_reason = self.stop_reason

        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        strategist_name: None | str | Unset
        if isinstance(self.strategist_name, Unset):
            strategist_name = UNSET
        else:
            strategist_name = self.strategist_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "iteration": iteration,
                "n_proposed": n_proposed,
                "n_records": n_records,
                "tier_counts": tier_counts,
            }
        )
        if best_tier_in_iter is not UNSET:
            field_dict["best_tier_in_iter"] = best_tier_in_iter
        if stop_reason is not UNSET:
            field_dict["stop_reason"] = stop_reason
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if strategist_name is not UNSET:
            field_dict["strategist_name"] = strategist_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.iteration_outcome_tier_counts import IterationOutcomeTierCounts  # noqa: PLC0415

        d = dict(src_dict)
        iteration = d.pop("iteration")

        n_proposed = d.pop("n_proposed")

        n_records = d.pop("n_records")

        tier_counts = IterationOutcomeTierCounts.from_dict(d.pop("tier_counts"))

        def _parse_best_tier_in_iter(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        best_tier_in_iter = _parse_best_tier_in_iter(d.pop("best_tier_in_iter", UNSET))

        def _parse_stop_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_reason = _parse_stop_reason(d.pop("stop_reason", UNSET))

        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_strategist_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        strategist_name = _parse_strategist_name(d.pop("strategist_name", UNSET))

        iteration_outcome = cls(
            iteration=iteration,
            n_proposed=n_proposed,
            n_records=n_records,
            tier_counts=tier_counts,
            best_tier_in_iter=best_tier_in_iter,
            stop_reason=stop_reason,
            duration_seconds=duration_seconds,
            strategist_name=strategist_name,
        )

        iteration_outcome.additional_properties = d
        return iteration_outcome

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
