"""Generated from gnosys/_async/resources/datasets.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, cast

from sdk_core import HttpCore

from gnosys._config import CHECK
from gnosys._uploads import FileInput, upload_file

if TYPE_CHECKING:
    from gnosys.models import Dataset

__all__ = ["Datasets"]


class Datasets:
    """Upload, list, get and delete datasets."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def upload(
        self,
        path_or_file: FileInput,
        *,
        name: str,
        task: str,
        target_column: str,
        split_column: str | None = None,
    ) -> Dataset:
        """Upload a CSV or parquet file (streamed from disk, in constant memory).

        ``path_or_file`` is a path (``str`` / ``Path``) or a file opened in binary mode; a
        retried upload sends the whole file again. ``split_column`` optionally names a column
        whose values (train / test / secondary) pre-tag each row's split. Returns the
        dataset's metadata, including the ``dataset_id`` to pass into a run's
        ``spec_template``.
        """
        from _gnosys_openapi.api.datasets import upload_dataset
        from _gnosys_openapi.models.dataset_upload import DatasetUpload
        from _gnosys_openapi.types import File

        from gnosys.models import Dataset

        fields = {"name": name, "task": task, "target_column": target_column}
        for field, value in fields.items():
            CHECK.text(field, value)
        if split_column is not None:
            fields["split_column"] = CHECK.text("split_column", split_column)
        upload = upload_file("path_or_file", path_or_file)
        body = DatasetUpload(
            file=File(payload=cast("Any", upload), file_name=upload.filename), **fields
        )
        plan = self._http.plan(upload_dataset, body=body)
        return self._http.call(plan, Dataset.model_validate_json)

    def list(self) -> builtins.list[Dataset]:
        """Active datasets for the tenant, newest first."""
        from _gnosys_openapi.api.datasets import list_datasets

        from gnosys.models import DATASET_LIST

        return self._http.call(self._http.plan(list_datasets), DATASET_LIST.validate_json)

    def get(self, dataset_id: str) -> Dataset:
        """One dataset's metadata."""
        from _gnosys_openapi.api.datasets import get_dataset

        from gnosys.models import Dataset

        plan = self._http.plan(get_dataset, dataset_id)
        return self._http.call(plan, Dataset.model_validate_json)

    def delete(self, dataset_id: str) -> None:
        """Soft-delete: new runs can no longer use it; historical references still resolve."""
        from _gnosys_openapi.api.datasets import delete_dataset

        self._http.call_none(self._http.plan(delete_dataset, dataset_id))
