"""``ks.datasets``: versioned collections of input / expected records."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import AsyncHttpCore

from polarity_keystone._checks import CHECK, any_text, optional_count
from polarity_keystone._parse import json_object, json_objects, list_of, one

if TYPE_CHECKING:
    from polarity_keystone.types import DatasetInfo

__all__ = ["AsyncDatasets", "record_tags", "records_body"]


def records_body(records: object) -> dict[str, Any]:
    """``{"records": [...]}``: each record a dict with an ``input``."""
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Sequence):
        CHECK.fail(f"records must be a list of dicts, not a {type(records).__name__}")
    if not records:
        CHECK.fail("records must hold at least one record")
    checked = []
    for index, record in enumerate(records):
        item = CHECK.mapping(f"records[{index}]", record)
        if "input" not in item:
            CHECK.fail(f"records[{index}] has no 'input' (each record needs one)")
        checked.append(item)
    return {"records": checked}


def record_tags(tags: object) -> str | None:
    """``tags`` (a list of tags, or one tag) as the query's comma-joined text."""
    if tags is None:
        return None
    items = [tags] if isinstance(tags, str) else tags
    if isinstance(items, bytes | Mapping) or not isinstance(items, Sequence):
        CHECK.fail(f"tags must be a list of strings, not a {type(tags).__name__}")
    if not items:
        return None
    checked = []
    for index, tag in enumerate(items):
        text = CHECK.text(f"tags[{index}]", tag)
        if "," in text:
            CHECK.fail(f"tags[{index}] holds a comma, which the service's tag filter cannot carry")
        checked.append(text)
    return ",".join(checked)


class AsyncDatasets:
    """Datasets: records of ``input`` and ``expected`` values, versioned as records are added."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def create(self, name: str, description: str = "") -> DatasetInfo:
        """Create dataset ``name``; returns its :class:`DatasetInfo` (with its ``id``)."""
        from _keystone_openapi.api.datasets import create_dataset

        from polarity_keystone.types import DatasetInfo

        body = {
            "name": CHECK.text("name", name),
            "description": any_text("description", description),
        }
        plan = self._http.plan(create_dataset, body=body)
        return await self._http.call(plan, one(DatasetInfo))

    async def list(self) -> builtins.list[DatasetInfo]:
        """Every dataset of the workspace."""
        from _keystone_openapi.api.datasets import list_datasets

        from polarity_keystone.types import DatasetInfo

        return await self._http.call(self._http.plan(list_datasets), list_of(DatasetInfo))

    async def get(self, dataset_id: str) -> DatasetInfo:
        """The dataset ``dataset_id``.

        Raises:
            KeystoneNotFoundError: no such dataset.

        """
        from _keystone_openapi.api.datasets import get_dataset

        from polarity_keystone.types import DatasetInfo

        return await self._http.call(self._http.plan(get_dataset, dataset_id), one(DatasetInfo))

    async def delete(self, dataset_id: str) -> None:
        """Delete the dataset ``dataset_id`` and its records.

        Raises:
            KeystoneNotFoundError: no such dataset.

        """
        from _keystone_openapi.api.datasets import delete_dataset

        await self._http.call_none(self._http.plan(delete_dataset, dataset_id))

    async def add_records(
        self, dataset_id: str, records: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        """Append ``records`` (dicts with ``input``, and optionally ``expected``, ``metadata``,
        ``tags``); the dataset's version goes up. Returns the service's answer
        (``{"added": n}``).

        Raises:
            KeystoneInvalidArgumentError: an empty list, or a record without ``input``.
            KeystoneNotFoundError: no such dataset.

        """
        from _keystone_openapi.api.datasets import add_dataset_records

        plan = self._http.plan(add_dataset_records, dataset_id, body=records_body(records))
        return await self._http.call(plan, json_object)

    async def get_records(
        self,
        dataset_id: str,
        version: int | None = None,
        tags: Sequence[str] | None = None,
    ) -> builtins.list[dict[str, Any]]:
        """The dataset's records (each a dict), at ``version`` (default: the latest), only
        those with one of ``tags`` when given.

        Raises:
            KeystoneNotFoundError: no such dataset or version.

        """
        from _keystone_openapi.api.datasets import list_dataset_records

        plan = self._http.plan(
            list_dataset_records,
            dataset_id,
            version=optional_count("version", version, low=0),
            tags=record_tags(tags),
        )
        return await self._http.call(plan, json_objects)
