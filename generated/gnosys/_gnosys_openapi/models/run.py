from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Run")


@_attrs_define
class Run:
    """
    Attributes:
        run_id (str):
        tenant_id (str):
        domain (str):
        status (str): queued, running, completed, failed (or a newer value).
        created_at (datetime.datetime):
        strategist (None | str | Unset):
        error (None | str | Unset):
        pipeline_run_id (None | str | Unset):
        started_at (datetime.datetime | None | Unset):
        completed_at (datetime.datetime | None | Unset):
        promoted_spec_id (None | str | Unset): The top kept spec, once completed.
        promoted_artifact_path (None | str | Unset): Server-side path of the promoted spec's fitted model (predict loads
            it).
        best_primary_score (float | None | Unset): The best kept spec's primary score.
        best_tier (None | str | Unset): The best tier any spec reached.
    """

    run_id: str
    tenant_id: str
    domain: str
    status: str
    created_at: datetime.datetime
    strategist: None | str | Unset = UNSET
    error: None | str | Unset = UNSET
    pipeline_run_id: None | str | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    promoted_spec_id: None | str | Unset = UNSET
    promoted_artifact_path: None | str | Unset = UNSET
    best_primary_score: float | None | Unset = UNSET
    best_tier: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        tenant_id = self.tenant_id

        domain = self.domain

        status = self.status

        created_at = self.created_at.isoformat()

        strategist: None | str | Unset
        if isinstance(self.strategist, Unset):
            strategist = UNSET
        else:
            strategist = self.strategist

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        pipeline_run_id: None | str | Unset
        if isinstance(self.pipeline_run_id, Unset):
            pipeline_run_id = UNSET
        else:
            pipeline_run_id = self.pipeline_run_id

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        promoted_spec_id: None | str | Unset
        if isinstance(self.promoted_spec_id, Unset):
            promoted_spec_id = UNSET
        else:
            promoted_spec_id = self.promoted_spec_id

        promoted_artifact_path: None | str | Unset
        if isinstance(self.promoted_artifact_path, Unset):
            promoted_artifact_path = UNSET
        else:
            promoted_artifact_path = self.promoted_artifact_path

        best_primary_score: float | None | Unset
        if isinstance(self.best_primary_score, Unset):
            best_primary_score = UNSET
        else:
            best_primary_score = self.best_primary_score

        best_tier: None | str | Unset
        if isinstance(self.best_tier, Unset):
            best_tier = UNSET
        else:
            best_tier = self.best_tier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "tenant_id": tenant_id,
                "domain": domain,
                "status": status,
                "created_at": created_at,
            }
        )
        if strategist is not UNSET:
            field_dict["strategist"] = strategist
        if error is not UNSET:
            field_dict["error"] = error
        if pipeline_run_id is not UNSET:
            field_dict["pipeline_run_id"] = pipeline_run_id
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if promoted_spec_id is not UNSET:
            field_dict["promoted_spec_id"] = promoted_spec_id
        if promoted_artifact_path is not UNSET:
            field_dict["promoted_artifact_path"] = promoted_artifact_path
        if best_primary_score is not UNSET:
            field_dict["best_primary_score"] = best_primary_score
        if best_tier is not UNSET:
            field_dict["best_tier"] = best_tier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        tenant_id = d.pop("tenant_id")

        domain = d.pop("domain")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_strategist(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        strategist = _parse_strategist(d.pop("strategist", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_pipeline_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_run_id = _parse_pipeline_run_id(d.pop("pipeline_run_id", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_promoted_spec_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        promoted_spec_id = _parse_promoted_spec_id(d.pop("promoted_spec_id", UNSET))

        def _parse_promoted_artifact_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        promoted_artifact_path = _parse_promoted_artifact_path(
            d.pop("promoted_artifact_path", UNSET)
        )

        def _parse_best_primary_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        best_primary_score = _parse_best_primary_score(d.pop("best_primary_score", UNSET))

        def _parse_best_tier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        best_tier = _parse_best_tier(d.pop("best_tier", UNSET))

        run = cls(
            run_id=run_id,
            tenant_id=tenant_id,
            domain=domain,
            status=status,
            created_at=created_at,
            strategist=strategist,
            error=error,
            pipeline_run_id=pipeline_run_id,
            started_at=started_at,
            completed_at=completed_at,
            promoted_spec_id=promoted_spec_id,
            promoted_artifact_path=promoted_artifact_path,
            best_primary_score=best_primary_score,
            best_tier=best_tier,
        )

        run.additional_properties = d
        return run

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
