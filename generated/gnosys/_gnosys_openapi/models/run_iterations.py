from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.iteration_outcome import IterationOutcome


T = TypeVar("T", bound="RunIterations")


@_attrs_define
class RunIterations:
    """
    Attributes:
        run_id (str):
        iterations (list[IterationOutcome]):
    """

    run_id: str
    iterations: list[IterationOutcome]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        iterations = []
        for iterations_item_data in self.iterations:
            iterations_item = iterations_item_data.to_dict()
            iterations.append(iterations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "iterations": iterations,
            }
        )

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

        run_iterations = cls(
            run_id=run_id,
            iterations=iterations,
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
