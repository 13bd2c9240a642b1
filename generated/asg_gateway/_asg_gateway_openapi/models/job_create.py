from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gcs_credentials import GCSCredentials
    from ..models.label_spec import LabelSpec
    from ..models.s3_credentials import S3Credentials


T = TypeVar("T", bound="JobCreate")


@_attrs_define
class JobCreate:
    """s3:// manifests take S3Credentials, gs:// manifests take GCSCredentials (422 otherwise).

    Attributes:
        manifest_url (str): A JSON-lines manifest: one {"data_url": ...} per line.
        label_spec (LabelSpec): What labelers are asked: a question and the allowed answers.
        credentials (GCSCredentials | S3Credentials): Encrypted at rest; never returned.
        task_type (str | Unset):  Default: 'image_classification'.
        consensus_threshold (int | Unset): Matching labels needed before the task settles on a consensus. Default: 3.
        callback_url (str | Unset):
    """

    manifest_url: str
    label_spec: LabelSpec
    credentials: GCSCredentials | S3Credentials
    task_type: str | Unset = "image_classification"
    consensus_threshold: int | Unset = 3
    callback_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.s3_credentials import S3Credentials  # noqa: PLC0415

        manifest_url = self.manifest_url

        label_spec = self.label_spec.to_dict()

        credentials: dict[str, Any]
        if isinstance(self.credentials, S3Credentials):
            credentials = self.credentials.to_dict()
        else:
            credentials = self.credentials.to_dict()

        task_type = self.task_type

        consensus_threshold = self.consensus_threshold

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "manifest_url": manifest_url,
                "label_spec": label_spec,
                "credentials": credentials,
            }
        )
        if task_type is not UNSET:
            field_dict["task_type"] = task_type
        if consensus_threshold is not UNSET:
            field_dict["consensus_threshold"] = consensus_threshold
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gcs_credentials import GCSCredentials  # noqa: PLC0415
        from ..models.label_spec import LabelSpec  # noqa: PLC0415
        from ..models.s3_credentials import S3Credentials  # noqa: PLC0415

        d = dict(src_dict)
        manifest_url = d.pop("manifest_url")

        label_spec = LabelSpec.from_dict(d.pop("label_spec"))

        def _parse_credentials(data: object) -> GCSCredentials | S3Credentials:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                credentials_type_0 = S3Credentials.from_dict(data)

                return credentials_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            credentials_type_1 = GCSCredentials.from_dict(data)

            return credentials_type_1

        credentials = _parse_credentials(d.pop("credentials"))

        task_type = d.pop("task_type", UNSET)

        consensus_threshold = d.pop("consensus_threshold", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        job_create = cls(
            manifest_url=manifest_url,
            label_spec=label_spec,
            credentials=credentials,
            task_type=task_type,
            consensus_threshold=consensus_threshold,
            callback_url=callback_url,
        )

        return job_create
