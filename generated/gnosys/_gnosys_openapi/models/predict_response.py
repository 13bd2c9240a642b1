from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PredictResponse")


@_attrs_define
class PredictResponse:
    """
    Attributes:
        run_id (str):
        classes (list[str]):
        class_labels (list[str]):
        probabilities (list[list[float]]):
        n_rows (int):
        n_specs (int | Unset):
        calibration (str | Unset):
    """

    run_id: str
    classes: list[str]
    class_labels: list[str]
    probabilities: list[list[float]]
    n_rows: int
    n_specs: int | Unset = UNSET
    calibration: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        classes = self.classes

        class_labels = self.class_labels

        probabilities = []
        for probabilities_item_data in self.probabilities:
            probabilities_item = probabilities_item_data

            probabilities.append(probabilities_item)

        n_rows = self.n_rows

        n_specs = self.n_specs

        calibration = self.calibration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "classes": classes,
                "class_labels": class_labels,
                "probabilities": probabilities,
                "n_rows": n_rows,
            }
        )
        if n_specs is not UNSET:
            field_dict["n_specs"] = n_specs
        if calibration is not UNSET:
            field_dict["calibration"] = calibration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        classes = cast(list[str], d.pop("classes"))

        class_labels = cast(list[str], d.pop("class_labels"))

        probabilities = []
        _probabilities = d.pop("probabilities")
        for probabilities_item_data in _probabilities:
            probabilities_item = cast(list[float], probabilities_item_data)

            probabilities.append(probabilities_item)

        n_rows = d.pop("n_rows")

        n_specs = d.pop("n_specs", UNSET)

        calibration = d.pop("calibration", UNSET)

        predict_response = cls(
            run_id=run_id,
            classes=classes,
            class_labels=class_labels,
            probabilities=probabilities,
            n_rows=n_rows,
            n_specs=n_specs,
            calibration=calibration,
        )

        predict_response.additional_properties = d
        return predict_response

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
