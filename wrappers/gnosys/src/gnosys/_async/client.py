"""AsyncGnosysClient and its resources."""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping, Sequence
from contextlib import aclosing
from typing import IO, TYPE_CHECKING, Any, cast

import httpx
from sdk_core import (
    AsyncClientBase,
    AsyncEventStream,
    AsyncHttpCore,
    AsyncPager,
    Deadline,
    Page,
    RequestPlan,
    RetryPolicy,
    UploadFile,
    omit_none,
)

from gnosys._config import (
    CONFIG,
    optional_positive,
    require_id,
    resolve_api_key,
    resolve_base_url,
)
from gnosys._exceptions import (
    APIConnectionError,
    MalformedResponseError,
    NotFoundError,
    ServerError,
    TimeoutError,
    ValidationError,
)

if TYPE_CHECKING:
    from gnosys.models import (
        ApiKey,
        CorrelationMatch,
        Dataset,
        PredictResponse,
        ProgressEvent,
        Run,
        RunCreateResponse,
        RunIterations,
        ServiceStatus,
        ValidationFinding,
    )

__all__ = ["AsyncApiKeys", "AsyncDatasets", "AsyncFindings", "AsyncGnosysClient", "AsyncRuns"]

FileInput = str | os.PathLike[str] | IO[bytes]
NEXT_CURSOR_HEADER = "X-Next-Cursor"
MAX_PAGE_SIZE = 500
# Strategist kinds and what each one requires (from the REST reference); unknown kinds pass.
_KIND_REQUIRES = {
    "fixed": "specs",
    "hp_sweep": "spec_template",
    "agent": "spec_template",
    "llm": "spec_template",
}
# Stream failures after which `wait` falls back to polling instead of giving up.
_STREAM_FALLBACK = (APIConnectionError, ServerError, NotFoundError, MalformedResponseError)


def _upload(file: FileInput) -> UploadFile:
    try:
        upload = UploadFile(file)
    except (OSError, TypeError) as exc:
        raise ValidationError(f"cannot upload {file!r}: {exc}") from exc
    name = upload.filename.lower()
    if name.endswith(".csv"):
        upload.content_type = "text/csv"
    elif name.endswith((".parquet", ".pq")):
        upload.content_type = "application/vnd.apache.parquet"
    return upload


class AsyncDatasets:
    """``client.datasets``: upload, list, get and delete datasets."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def upload(
        self, path_or_file: FileInput, *, name: str, task: str, target_column: str
    ) -> Dataset:
        """Upload a CSV or parquet file (streamed from disk, in constant memory).

        ``path_or_file`` is a path (``str`` / ``Path``) or a file opened in binary mode; a
        retried upload sends the whole file again. Returns the dataset's metadata, including
        the ``dataset_id`` to pass into a run's ``spec_template``.
        """
        from _gnosys_openapi.api.datasets import upload_dataset
        from _gnosys_openapi.models.dataset_upload import DatasetUpload
        from _gnosys_openapi.types import File

        from gnosys.models import Dataset

        for field, value in (("name", name), ("task", task), ("target_column", target_column)):
            require_id(field, value)
        upload = _upload(path_or_file)
        body = DatasetUpload(
            file=File(payload=cast("Any", upload), file_name=upload.filename),
            name=name,
            task=task,
            target_column=target_column,
        )
        plan = RequestPlan.from_generated(upload_dataset._get_kwargs(body=body))
        return await self._http.call(plan, Dataset.model_validate_json)

    async def list(self) -> builtins.list[Dataset]:
        """Active datasets for the tenant, newest first."""
        from _gnosys_openapi.api.datasets import list_datasets

        from gnosys.models import DATASET_LIST

        plan = RequestPlan.from_generated(list_datasets._get_kwargs())
        return await self._http.call(plan, DATASET_LIST.validate_json)

    async def get(self, dataset_id: str) -> Dataset:
        """One dataset's metadata."""
        from _gnosys_openapi.api.datasets import get_dataset

        from gnosys.models import Dataset

        kwargs = get_dataset._get_kwargs(require_id("dataset_id", dataset_id))
        return await self._http.call(
            RequestPlan.from_generated(kwargs), Dataset.model_validate_json
        )

    async def delete(self, dataset_id: str) -> None:
        """Soft-delete: new runs can no longer use it; historical references still resolve."""
        from _gnosys_openapi.api.datasets import delete_dataset

        kwargs = delete_dataset._get_kwargs(require_id("dataset_id", dataset_id))
        await self._http.call_none(RequestPlan.from_generated(kwargs))


class AsyncRuns:
    """``client.runs``: create runs, follow them, and use what they produced."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def create(
        self,
        *,
        domain: str,
        strategist: Mapping[str, Any] | str,
        spec_template: Mapping[str, Any] | None = None,
        specs: Sequence[Mapping[str, Any]] | None = None,
        max_iterations: int = 5,
        tier_reached: str | None = None,
        no_progress_window: int | None = None,
        concurrency: int | None = None,
        llm: Mapping[str, Any] | None = None,
        llm_critic: Mapping[str, Any] | None = None,
        enable_code_exec: bool = False,
        sandbox_config: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> RunCreateResponse:
        """Submit a run; returns at once with ``status="queued"``.

        ``strategist`` is a dict with a ``kind`` (fixed / hp_sweep / agent / llm) or just the
        kind. ``fixed`` needs ``specs``; the others need ``spec_template``. ``sandbox_config``
        only goes with ``enable_code_exec=True``. A retried create carries the same
        ``idempotency_key`` (generated when not given), so it never launches two runs.
        """
        from _gnosys_openapi.api.runs import create_run
        from _gnosys_openapi.models.run_create_request import RunCreateRequest

        from gnosys.models import RunCreateResponse

        payload = _run_payload(
            domain=domain,
            strategist=strategist,
            spec_template=spec_template,
            specs=specs,
            max_iterations=max_iterations,
            tier_reached=tier_reached,
            no_progress_window=no_progress_window,
            concurrency=concurrency,
            llm=llm,
            llm_critic=llm_critic,
            enable_code_exec=enable_code_exec,
            sandbox_config=sandbox_config,
        )
        kwargs = create_run._get_kwargs(body=RunCreateRequest.from_dict(payload))
        plan = RequestPlan.from_generated(kwargs)
        plan.idempotency_key = idempotency_key
        return await self._http.call(plan, RunCreateResponse.model_validate_json)

    async def get(self, run_id: str) -> Run:
        """Fetch one run."""
        from _gnosys_openapi.api.runs import get_run

        from gnosys.models import Run

        kwargs = get_run._get_kwargs(require_id("run_id", run_id))
        return await self._http.call(RequestPlan.from_generated(kwargs), Run.model_validate_json)

    async def wait(
        self, run_id: str, *, timeout: float | None = 600.0, poll_interval: float = 2.0
    ) -> Run:
        """Block until the run is terminal and return it.

        Follows the run's progress stream, so it returns as soon as the run ends; where the
        stream is unavailable it polls every ``poll_interval`` seconds. Raises
        :class:`gnosys.TimeoutError` after ``timeout`` seconds (the run may still complete
        server-side; the client just stopped waiting). ``timeout=None`` waits forever.
        """
        try:
            deadline = Deadline(timeout, poll_interval)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        run = await self.get(run_id)
        follow_stream = True
        last_seq = 0
        while not run.is_terminal:
            saw_end = False
            if follow_stream:
                try:
                    events = self._events(run_id, after=last_seq, read_timeout=deadline.remaining())
                    async with aclosing(events) as stream:
                        async for event in stream:
                            last_seq = max(last_seq, event.seq)
                            if event.is_run_complete or deadline.expired:
                                saw_end = event.is_run_complete
                                break
                except _STREAM_FALLBACK:
                    follow_stream = False
            if not saw_end:
                pause = deadline.next_sleep()
                if pause is None:
                    raise TimeoutError(
                        f"run {run_id} was still {run.status!r} after {timeout} s; it may still "
                        "complete server-side"
                    )
                await self._http.sleep(pause)
            run = await self.get(run_id)
        return run

    async def list(self, *, status: str | None = None, limit: int = 50) -> builtins.list[Run]:
        """Up to ``limit`` runs, newest first (``status`` filters); pages are fetched as needed."""
        wanted = optional_positive("limit", limit) or 50
        runs: builtins.list[Run] = []
        async for run in self.iter(status=status, page_size=min(wanted, MAX_PAGE_SIZE)):
            runs.append(run)
            if len(runs) >= wanted:
                break
        return runs

    def iter(self, *, status: str | None = None, page_size: int = 50) -> AsyncPager[Run]:
        """Every run, newest first, fetching ``page_size`` at a time as you iterate."""
        from _gnosys_openapi.api.runs import list_runs

        from gnosys.models import RUN_LIST

        size = optional_positive("page_size", page_size)

        async def fetch(cursor: str | None) -> Page[Run]:
            kwargs = list_runs._get_kwargs(**omit_none(status=status, limit=size, cursor=cursor))
            response = await self._http.send(RequestPlan.from_generated(kwargs))
            items = self._http.parse(response, RUN_LIST.validate_json)
            return Page(items, response.headers.get(NEXT_CURSOR_HEADER))

        return AsyncPager(fetch)

    async def iterations(self, run_id: str) -> RunIterations:
        """The per-round breakdown of a run."""
        from _gnosys_openapi.api.runs import get_run_iterations

        from gnosys.models import RunIterations

        kwargs = get_run_iterations._get_kwargs(require_id("run_id", run_id))
        plan = RequestPlan.from_generated(kwargs)
        return await self._http.call(plan, RunIterations.model_validate_json)

    def progress(self, run_id: str, *, after: int | None = None) -> AsyncEventStream[ProgressEvent]:
        """The run's live progress: typed events as the server writes them, until it ends.

        ``after`` resumes after the event with that ``seq``. Close the iterator (or leave the
        ``for`` loop) to drop the connection.
        """
        require_id("run_id", run_id)
        if after is not None and (
            isinstance(after, bool) or not isinstance(after, int) or after < 0
        ):
            raise ValidationError(f"after must be an event seq (int >= 0), got {after!r}")
        return self._events(run_id, after=after, read_timeout=None)

    def _events(
        self, run_id: str, *, after: int | None, read_timeout: float | None
    ) -> AsyncEventStream[ProgressEvent]:
        from _gnosys_openapi.api.runs import get_run_progress

        from gnosys.models import ProgressEvent

        plan = RequestPlan.from_generated(
            get_run_progress._get_kwargs(run_id, **omit_none(after=after or None))
        )
        # A long poll: the server may be silent for a long time between events.
        plan.timeout = self._http.ctx.timeout_with_read(read_timeout)
        return self._http.iter_json_lines(plan, ProgressEvent.model_validate)

    async def predict(
        self, run_id: str, file: FileInput, *, top_n: int | None = None
    ) -> PredictResponse:
        """Score a CSV or parquet against the run's kept-spec ensemble (all, or the top-N).

        Returns calibrated (MCGrad) probabilities and the argmax ``class_labels``. Raises
        :class:`gnosys.ConflictError` if the run has not completed or kept no specs.
        """
        from _gnosys_openapi.api.runs import predict_run
        from _gnosys_openapi.models.predict_upload import PredictUpload
        from _gnosys_openapi.types import File

        from gnosys.models import PredictResponse

        require_id("run_id", run_id)
        upload = _upload(file)
        body = PredictUpload(file=File(payload=cast("Any", upload), file_name=upload.filename))
        kwargs = predict_run._get_kwargs(
            run_id, body=body, **omit_none(top_n=optional_positive("top_n", top_n))
        )
        plan = RequestPlan.from_generated(kwargs)
        return await self._http.call(plan, PredictResponse.model_validate_json)

    async def model_card(self, run_id: str, *, format: str = "html") -> bytes:
        """The run's self-contained HTML model card, as bytes (save it as an artefact)."""
        from _gnosys_openapi.api.runs import get_run_model_card
        from _gnosys_openapi.models.get_run_model_card_format import GetRunModelCardFormat

        try:
            card_format = GetRunModelCardFormat(format)
        except ValueError:
            known = ", ".join(repr(v.value) for v in GetRunModelCardFormat.__members__.values())
            raise ValidationError(f"format must be one of {known}, got {format!r}") from None
        kwargs = get_run_model_card._get_kwargs(require_id("run_id", run_id), format_=card_format)
        return await self._http.call_bytes(RequestPlan.from_generated(kwargs))

    async def package_submission(self, run_id: str) -> bytes:
        """The top kept spec packaged for a Kaggle-style slot: ``main.py`` or a tarball."""
        from _gnosys_openapi.api.runs import package_run_submission

        kwargs = package_run_submission._get_kwargs(require_id("run_id", run_id))
        return await self._http.call_bytes(RequestPlan.from_generated(kwargs))


class AsyncFindings:
    """``client.findings``: validation findings and multi-validator correlations."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def list(
        self,
        *,
        run_id: str | None = None,
        pipeline_run_id: str | None = None,
        validator: str | None = None,
        severity: str | None = None,
        spec_id: str | None = None,
        limit: int = 100,
    ) -> builtins.list[ValidationFinding]:
        """Up to ``limit`` findings matching every filter given (filters AND together).

        Pass ``run_id`` (customer-facing) or ``pipeline_run_id`` (engine-internal), not both.
        """
        wanted = optional_positive("limit", limit) or 100
        pager = self.iter(
            run_id=run_id,
            pipeline_run_id=pipeline_run_id,
            validator=validator,
            severity=severity,
            spec_id=spec_id,
            page_size=min(wanted, MAX_PAGE_SIZE),
        )
        found: builtins.list[ValidationFinding] = []
        async for finding in pager:
            found.append(finding)
            if len(found) >= wanted:
                break
        return found

    def iter(
        self,
        *,
        run_id: str | None = None,
        pipeline_run_id: str | None = None,
        validator: str | None = None,
        severity: str | None = None,
        spec_id: str | None = None,
        page_size: int = 100,
    ) -> AsyncPager[ValidationFinding]:
        """Every matching finding, fetching ``page_size`` at a time as you iterate."""
        from _gnosys_openapi.api.findings import list_findings

        from gnosys.models import FINDING_LIST

        if run_id is not None and pipeline_run_id is not None:
            raise ValidationError("pass run_id or pipeline_run_id, not both")
        size = optional_positive("page_size", page_size)
        if size is not None and size > MAX_PAGE_SIZE:
            raise ValidationError(f"page_size must be at most {MAX_PAGE_SIZE}, got {size}")

        async def fetch(cursor: str | None) -> Page[ValidationFinding]:
            kwargs = list_findings._get_kwargs(
                **omit_none(
                    run_id=run_id,
                    pipeline_run_id=pipeline_run_id,
                    validator=validator,
                    severity=severity,
                    spec_id=spec_id,
                    limit=size,
                    cursor=cursor,
                )
            )
            response = await self._http.send(RequestPlan.from_generated(kwargs))
            items = self._http.parse(response, FINDING_LIST.validate_json)
            return Page(items, response.headers.get(NEXT_CURSOR_HEADER))

        return AsyncPager(fetch)

    async def correlations(
        self,
        *,
        validators: Sequence[str],
        severity: str = "blocker",
        mode: str = "and",
        pipeline_run_id: str | None = None,
        limit: int = 50,
    ) -> builtins.list[CorrelationMatch]:
        """Specs flagged by several validators: ``mode="and"`` needs every one, ``"or"`` any."""
        from _gnosys_openapi.api.findings import list_correlations
        from _gnosys_openapi.models.list_correlations_mode import ListCorrelationsMode

        from gnosys.models import CORRELATION_LIST

        names = [validators] if isinstance(validators, str) else builtins.list(validators)
        if not names or not all(isinstance(v, str) and v for v in names):
            raise ValidationError("validators must be a non-empty list of validator names")
        try:
            match_mode = ListCorrelationsMode(mode)
        except ValueError:
            raise ValidationError(f"mode must be 'and' or 'or', got {mode!r}") from None
        size = optional_positive("limit", limit)
        if size is not None and size > MAX_PAGE_SIZE:
            raise ValidationError(f"limit must be at most {MAX_PAGE_SIZE}, got {size}")
        kwargs = list_correlations._get_kwargs(
            validators=names,
            severity=severity,
            mode=match_mode,
            **omit_none(pipeline_run_id=pipeline_run_id, limit=size),
        )
        return await self._http.call(
            RequestPlan.from_generated(kwargs), CORRELATION_LIST.validate_json
        )


class AsyncApiKeys:
    """``client.api_keys``: list (masked) and revoke API keys."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def list(self) -> builtins.list[ApiKey]:
        """Active and revoked keys; only ``key_prefix`` and ``last_4`` of each are returned."""
        from _gnosys_openapi.api.api_keys import list_api_keys

        from gnosys.models import API_KEY_LIST

        plan = RequestPlan.from_generated(list_api_keys._get_kwargs())
        return await self._http.call(plan, API_KEY_LIST.validate_json)

    async def revoke(self, key_id: str) -> None:
        """Revoke a key: its plaintext gets 401 from then on."""
        from _gnosys_openapi.api.api_keys import revoke_api_key

        kwargs = revoke_api_key._get_kwargs(require_id("key_id", key_id))
        await self._http.call_none(RequestPlan.from_generated(kwargs))


class AsyncGnosysClient(AsyncClientBase):
    """The Gnosys API, async.

    Args:
        api_key: a ``gn_live_...`` key; default ``$GNOSYS_API_KEY``. A missing or malformed key
            raises :class:`gnosys.AuthenticationError` here, before any request.
        base_url: the API origin; default ``$GNOSYS_BASE_URL`` or ``https://gnosyslabs.com``.
        timeout: seconds per request (or an ``httpx.Timeout``).
        max_retries: retries on 429 / 5xx / connection failures (with backoff and
            ``Retry-After``); 0 disables them.
        retry_policy: a complete :class:`sdk_core.RetryPolicy` (e.g. ``RetryPolicy.testing()``
            in your tests, which never sleeps); ``max_retries`` still applies on top.
        http_client: an ``httpx.AsyncClient`` of your own (proxies, transports); not closed by us.

    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        max_retries: int = 3,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        key = resolve_api_key(api_key)
        self.base_url = resolve_base_url(base_url)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError(f"max_retries must be an int >= 0, got {max_retries!r}")
        self._http = AsyncHttpCore(
            CONFIG,
            base_url=self.base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            http_client=http_client,
        )
        self.datasets = AsyncDatasets(self._http)
        self.runs = AsyncRuns(self._http)
        self.findings = AsyncFindings(self._http)
        self.api_keys = AsyncApiKeys(self._http)

    async def status(self) -> ServiceStatus:
        """The service's public health (needs no key)."""
        from _gnosys_openapi.api.status import get_status

        from gnosys.models import ServiceStatus

        plan = RequestPlan.from_generated(get_status._get_kwargs())
        return await self._http.call(plan, ServiceStatus.model_validate_json)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='gn_live_***')"


def _run_payload(
    *,
    domain: str,
    strategist: Mapping[str, Any] | str,
    spec_template: Mapping[str, Any] | None,
    specs: Sequence[Mapping[str, Any]] | None,
    max_iterations: int,
    tier_reached: str | None,
    no_progress_window: int | None,
    concurrency: int | None,
    llm: Mapping[str, Any] | None,
    llm_critic: Mapping[str, Any] | None,
    enable_code_exec: bool,
    sandbox_config: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The create-run body, checked against the documented rules before any request."""
    require_id("domain", domain)
    if isinstance(strategist, str):
        strategist = {"kind": strategist}
    if not isinstance(strategist, Mapping) or not isinstance(strategist.get("kind"), str):
        raise ValidationError("strategist must be a dict with a 'kind' (or the kind itself)")
    needs = _KIND_REQUIRES.get(strategist["kind"])
    if needs == "specs" and not specs:
        raise ValidationError("strategist kind 'fixed' requires specs=[...]")
    if needs == "spec_template" and not spec_template:
        raise ValidationError(f"strategist kind {strategist['kind']!r} requires spec_template")
    if sandbox_config is not None and not enable_code_exec:
        raise ValidationError("sandbox_config only applies with enable_code_exec=True")
    optional_positive("max_iterations", max_iterations)
    optional_positive("no_progress_window", no_progress_window)
    optional_positive("concurrency", concurrency)
    for name, mapping in (
        ("spec_template", spec_template),
        ("llm", llm),
        ("llm_critic", llm_critic),
        ("sandbox_config", sandbox_config),
    ):
        if mapping is not None and not isinstance(mapping, Mapping):
            raise ValidationError(f"{name} must be a dict, got {type(mapping).__name__}")
    payload: dict[str, Any] = {
        "domain": domain,
        "strategist": dict(strategist),
        "max_iterations": max_iterations,
        "enable_code_exec": bool(enable_code_exec),
        "spec_template": None if spec_template is None else dict(spec_template),
        "specs": None if specs is None else [dict(s) for s in specs],
        "tier_reached": tier_reached,
        "no_progress_window": no_progress_window,
        "concurrency": concurrency,
        "llm": None if llm is None else dict(llm),
        "llm_critic": None if llm_critic is None else dict(llm_critic),
        "sandbox_config": None if sandbox_config is None else dict(sandbox_config),
    }
    return {k: v for k, v in payload.items() if v is not None}
