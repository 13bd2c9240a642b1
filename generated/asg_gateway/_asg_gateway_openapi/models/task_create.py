from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.label_spec import LabelSpec


T = TypeVar("T", bound="TaskCreate")


@_attrs_define
class TaskCreate:
    """
    Attributes:
        task_type (str): e.g. image_classification, text_classification.
        data_url (str): Where labelers fetch the item.
        label_spec (LabelSpec): What labelers are asked: a question and the allowed answers.
        consensus_threshold (int | Unset): Matching labels needed before the task settles on a consensus. Default: 3.
        callback_url (str | Unset): Called when the task completes.
    """

    task_type: str
    data_url: str
    label_spec: LabelSpec
    consensus_threshold: int | Unset = 3
    callback_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        task_type = self.task_type

        data_url = self.data_url

        label_spec = self.label_spec.to_dict()

        consensus_threshold = self.consensus_threshold

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "task_type": task_type,
                "data_url": data_url,
                "label_spec": label_spec,
            }
        )
        if consensus_threshold is not UNSET:
            field_dict["consensus_threshold"] = consensus_threshold
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_spec import LabelSpec  # noqa: PLC0415

        d = dict(src_dict)
        task_type = d.pop("task_type")

        data_url = d.pop("data_url")

        label_spec = LabelSpec.from_dict(d.pop("label_spec"))

        consensus_threshold = d.pop("consensus_threshold", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        task_create = cls(
            task_type=task_type,
            data_url=data_url,
            label_spec=label_spec,
            consensus_threshold=consensus_threshold,
            callback_url=callback_url,
        )

        return task_create
