from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.iteration_outcome import IterationOutcome


T = TypeVar("T", bound="RunIterations")


@_attrs_define
class RunIterations:
    """
    Attributes:
        run_id (str):
        iterations (list[IterationOutcome]):
        pipeline_run_id (None | str | Unset): The engine-internal id of the run (as on Run).
    """

    run_id: str
    iterations: list[IterationOutcome]
    pipeline_run_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        iterations = []
        for iterations_item_data in self.iterations:
            iterations_item = iterations_item_data.to_dict()
            iterations.append(iterations_item)

        pipeline_run_id: None | str | Unset
        if isinstance(self.pipeline_run_id, Unset):
            pipeline_run_id = UNSET
        else:
            pipeline_run_id = self.pipeline_run_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "iterations": iterations,
            }
        )
        if pipeline_run_id is not UNSET:
            field_dict["pipeline_run_id"] = pipeline_run_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.iteration_outcome import IterationOutcome  # noqa: PLC0415

        d = dict(src_dict)
        run_id = d.pop("run_id")

        iterations = []
        _iterations = d.pop("iterations")
        for iterations_item_data in _iterations:
            iterations_item = IterationOutcome.from_dict(iterations_item_data)

            iterations.append(iterations_item)

        def _parse_pipeline_run_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_run_id = _parse_pipeline_run_id(d.pop("pipeline_run_id", UNSET))

        run_iterations = cls(
            run_id=run_id,
            iterations=iterations,
            pipeline_run_id=pipeline_run_id,
        )

        run_iterations.additional_properties = d
        return run_iterations

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
