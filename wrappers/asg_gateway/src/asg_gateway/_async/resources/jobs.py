"""Manifest jobs: label every item of a JSON-lines manifest in S3 or GCS as one job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sdk_core import AsyncHttpCore, CallOptions

from asg_gateway._config import (
    CHECK,
    MAX_CONSENSUS_THRESHOLD,
    credentials_payload,
    label_spec_payload,
)
from asg_gateway._parse import json_parser

if TYPE_CHECKING:
    from asg_gateway.models import GCSCredentials, Job, LabelSpec, S3Credentials

__all__ = ["AsyncJobs"]

_MANIFEST_SCHEMES = ("s3", "gs")


class AsyncJobs:
    """Submit manifest jobs and follow their progress."""

    _http: AsyncHttpCore

    async def submit_job(
        self,
        manifest_url: str,
        label_spec: LabelSpec | Mapping[str, Any],
        credentials: S3Credentials | GCSCredentials | Mapping[str, Any],
        *,
        task_type: str | None = None,
        consensus_threshold: int | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Job:
        """Label every item of a JSON-lines manifest in S3 or GCS as one job.

        ``s3://bucket/key`` manifests take ``credentials={"access_key_id", "secret_access_key",
        "region"?, "session_token"?}``; ``gs://bucket/key`` manifests take
        ``{"service_account_json": open("sa.json").read()}`` (or the parsed dict). The server
        keeps credentials encrypted and never returns them; the SDK never prints them. Omitted
        ``task_type`` / ``consensus_threshold`` take the server's defaults
        (``image_classification``, 3). Returns the queued job; follow it with :meth:`get_job`.
        """
        from _asg_gateway_openapi.api.jobs import submit_job

        from asg_gateway.models import Job

        scheme, _, location = CHECK.url("manifest_url", manifest_url, _MANIFEST_SCHEMES).partition(
            "://"
        )
        if "/" not in location.strip("/"):
            CHECK.fail("manifest_url must name an object inside a bucket (scheme://bucket/key)")
        url = f"{scheme.lower()}://{location}"  # the API takes s3:// and gs:// in lower case
        creds, secrets = credentials_payload(url, credentials)
        body: dict[str, Any] = {
            "manifest_url": url,
            "label_spec": label_spec_payload(label_spec),
            "credentials": creds,
        }
        # Omitted options take the server's defaults (image_classification, 3).
        if task_type is not None:
            body["task_type"] = CHECK.text("task_type", task_type)
        if consensus_threshold is not None:
            body["consensus_threshold"] = CHECK.int_between(
                "consensus_threshold", consensus_threshold, 1, MAX_CONSENSUS_THRESHOLD
            )
        if callback_url is not None:
            body["callback_url"] = CHECK.url("callback_url", callback_url)
        options = CallOptions(idempotency_key=idempotency_key)
        plan = self._http.plan(submit_job, body=body, options=options, secrets=secrets)
        return await self._http.call(plan, json_parser(Job))

    async def get_job(self, job_id: str) -> Job:
        """A manifest job's progress: ``status``, ``task_count``, ``tasks_completed``, ..."""
        from _asg_gateway_openapi.api.jobs import get_job

        from asg_gateway.models import Job

        return await self._http.call(self._http.plan(get_job, job_id), json_parser(Job))
