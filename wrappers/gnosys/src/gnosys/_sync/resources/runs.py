"""Generated from gnosys/_async/resources/runs.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sdk_core import CallOptions, EventStream, HttpCore

from gnosys._config import CHECK, MAX_PAGE_SIZE, NEXT_CURSOR_HEADER, run_payload
from gnosys._exceptions import (
    APIConnectionError,
    MalformedResponseError,
    NotFoundError,
    ServerError,
    TimeoutError,
    ValidationError,
)
from gnosys._uploads import FileInput, upload_file

if TYPE_CHECKING:
    import httpx
    from sdk_core import Done, Page, Pager, Pending

    from gnosys.models import PredictResponse, ProgressEvent, Run, RunCreateResponse, RunIterations

__all__ = ["Runs"]

# Stream failures after which `wait` falls back to polling instead of giving up.
_STREAM_FALLBACK = (APIConnectionError, ServerError, NotFoundError, MalformedResponseError)
# The submission comes raw (this SDK's `bytes`) or inside a JSON Submission (what the published
# 1.0.0 client reads); the spec declares both, and the service picks by `Accept`.
_RAW_FILE = "application/octet-stream"


def _submission_file(body: bytes, response: httpx.Response) -> bytes:
    """The packaged file: the body itself, or the file inside a JSON ``Submission``."""
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if not media.endswith(("/json", "+json")):
        return body
    from gnosys.models import Submission

    # A JSON answer without the file (or with a tarball that is not base64) is a ValueError:
    # the core turns it into MalformedResponseError with the request id.
    return Submission.model_validate_json(body).content


@dataclass
class _Following:
    """What ``wait`` knows about a run's progress stream between polls."""

    stream_usable: bool = True
    last_seq: int = 0


def _wait_timeout(run_id: str, timeout: float | None) -> Any:
    def build(run: Run | None, waited: float, cause: BaseException | None) -> Exception:
        seen = f"still {run.status!r}" if run is not None else "not reachable"
        why = f" (last error: {cause})" if cause is not None else ""
        budget = "no timeout" if timeout is None else f"timeout={timeout:g} s"
        return TimeoutError(
            f"run {run_id} was {seen} after {waited:.1f} s ({budget}); it may still complete "
            f"server-side{why}",
            request_id=getattr(cause, "request_id", None),
        )

    return build


class Runs:
    """Create runs, follow them, and use what they produced."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def create(
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
        literature: Mapping[str, Any] | None = None,
        primary_metric: str | None = None,
        lab: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> RunCreateResponse:
        """Submit a run; returns at once with ``status="queued"``.

        ``strategist`` is a dict with a ``kind`` (fixed / hp_sweep / agent / llm) or just the
        kind. ``fixed`` needs ``specs``; the others need ``spec_template``. ``sandbox_config``
        only goes with ``enable_code_exec=True``. ``concurrency`` left out is the service's
        default (4). ``literature``, ``primary_metric`` and ``lab`` are the published 1.0.0
        client's settings, sent only when given. A retried create carries the same
        ``idempotency_key`` (generated when not given), so it never launches two runs.
        """
        from _gnosys_openapi.api.runs import create_run

        from gnosys.models import RunCreateResponse

        body = run_payload(
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
        extra = {
            "literature": None if literature is None else CHECK.mapping("literature", literature),
            "primary_metric": CHECK.optional_text("primary_metric", primary_metric),
            "lab": None if lab is None else CHECK.mapping("lab", lab),
        }
        body.update({k: v for k, v in extra.items() if v is not None})
        options = CallOptions(idempotency_key=idempotency_key)
        plan = self._http.plan(create_run, body=body, options=options)
        return self._http.call(plan, RunCreateResponse.model_validate_json)

    def get(self, run_id: str) -> Run:
        """Fetch one run."""
        return self._get(run_id, None)

    def _get(self, run_id: str, deadline: float | None) -> Run:
        from _gnosys_openapi.api.runs import get_run

        from gnosys.models import Run

        plan = self._http.plan(get_run, run_id, deadline=deadline)
        return self._http.call(plan, Run.model_validate_json)

    def wait(
        self, run_id: str, *, timeout: float | None = 600.0, poll_interval: float = 2.0
    ) -> Run:
        """Block until the run is terminal and return it.

        Follows the run's progress stream, so it returns as soon as the run ends; where the
        stream is unavailable it polls every ``poll_interval`` seconds (with a little jitter).
        Raises :class:`gnosys.TimeoutError` after ``timeout`` seconds — retries of the calls
        made while waiting stop at the same deadline (the run may still complete server-side;
        the client just stopped waiting). ``timeout=None`` waits forever.
        """
        from sdk_core import Done, Pending

        CHECK.path_id("run_id", run_id)
        budget = CHECK.seconds("timeout", timeout, zero_ok=True, none_ok=True)
        interval = CHECK.positive_number("poll_interval", poll_interval)
        following = _Following()

        def check(deadline: float | None) -> Done[Run] | Pending[Run]:
            run = self._get(run_id, deadline)
            if run.is_terminal:
                return Done(run)
            ended = False
            if following.stream_usable:
                try:
                    ended = self._follow(run_id, following, deadline)
                except _STREAM_FALLBACK:
                    following.stream_usable = False
            # The stream said the run ended: look at once instead of after an interval.
            return Pending(run, immediately=ended)

        return self._http.poll(
            check, timeout=budget, interval=interval, on_timeout=_wait_timeout(run_id, budget)
        )

    def _follow(self, run_id: str, following: _Following, deadline: float | None) -> bool:
        """Read the progress stream until the run ends (True) or the deadline passes (False)."""
        clock = self._http.ctx.clock
        events = self._events(run_id, after=following.last_seq, deadline=deadline)
        with closing(events) as stream:
            for event in stream:
                following.last_seq = max(following.last_seq, event.seq)
                if event.is_run_complete:
                    return True
                if deadline is not None and clock() >= deadline:
                    return False
        return False

    def list(self, *, status: str | None = None, limit: int = 50) -> builtins.list[Run]:
        """Up to ``limit`` runs, newest first (``status`` filters); pages are fetched as needed."""
        wanted = CHECK.positive_int("limit", limit) or 50
        return self.iter(status=status, page_size=min(wanted, MAX_PAGE_SIZE)).take(wanted)

    def iter(self, *, status: str | None = None, page_size: int = 50) -> Pager[Run]:
        """Every run, newest first, fetching ``page_size`` at a time as you iterate."""
        from _gnosys_openapi.api.runs import list_runs
        from sdk_core import Page, Pager

        from gnosys.models import RUN_LIST

        size = CHECK.positive_int("page_size", page_size)
        status = CHECK.optional_text("status", status)

        def fetch(cursor: str | None) -> Page[Run]:
            plan = self._http.plan(list_runs, status=status, limit=size, cursor=cursor)
            response = self._http.send(plan)
            items = self._http.parse(response, RUN_LIST.validate_json)
            return Page(items, response.headers.get(NEXT_CURSOR_HEADER))

        return Pager(fetch)

    def iterations(self, run_id: str) -> RunIterations:
        """The per-round breakdown of a run."""
        from _gnosys_openapi.api.runs import get_run_iterations

        from gnosys.models import RunIterations

        plan = self._http.plan(get_run_iterations, run_id)
        return self._http.call(plan, RunIterations.model_validate_json)

    def progress(self, run_id: str, *, after: int | None = None) -> EventStream[ProgressEvent]:
        """The run's live progress: typed events as the server writes them, until it ends.

        ``after`` resumes after the event with that ``seq``. Close the iterator (or leave the
        ``for`` loop) to drop the connection.
        """
        CHECK.path_id("run_id", run_id)
        if after is not None and (
            isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < 2**63
        ):
            raise ValidationError(f"after must be an event seq (int >= 0), got {after!r}"[:120])
        return self._events(run_id, after=after, deadline=None)

    def _events(
        self, run_id: str, *, after: int | None, deadline: float | None
    ) -> EventStream[ProgressEvent]:
        from _gnosys_openapi.api.runs import get_run_progress

        from gnosys.models import ProgressEvent

        # A long poll: the server may be silent for a long time between events, so no read
        # timeout (a deadline still cuts it to what is left).
        options = CallOptions(timeout=self._http.ctx.timeout_with_read(None))
        plan = self._http.plan(
            get_run_progress, run_id, after=after or None, options=options, deadline=deadline
        )
        return self._http.iter_json_lines(plan, ProgressEvent.model_validate)

    def predict(self, run_id: str, file: FileInput, *, top_n: int | None = None) -> PredictResponse:
        """Score a CSV or parquet against the run's kept-spec ensemble (all, or the top-N).

        Returns calibrated (MCGrad) probabilities and the argmax ``class_labels``. Raises
        :class:`gnosys.ConflictError` if the run has not completed or kept no specs.
        """
        from _gnosys_openapi.api.runs import predict_run
        from _gnosys_openapi.models.predict_upload import PredictUpload
        from _gnosys_openapi.types import File

        from gnosys.models import PredictResponse

        CHECK.path_id("run_id", run_id)
        top = CHECK.positive_int("top_n", top_n)
        upload = upload_file("file", file)
        body = PredictUpload(file=File(payload=cast("Any", upload), file_name=upload.filename))
        plan = self._http.plan(predict_run, run_id, body=body, top_n=top)
        return self._http.call(plan, PredictResponse.model_validate_json)

    def model_card(self, run_id: str, *, format: str = "html") -> bytes:
        """The run's self-contained HTML model card, as bytes (save it as an artefact)."""
        from _gnosys_openapi.api.runs import get_run_model_card
        from _gnosys_openapi.models.get_run_model_card_format import GetRunModelCardFormat

        try:
            card_format = GetRunModelCardFormat(format)
        except (ValueError, TypeError):
            known = ", ".join(repr(v.value) for v in GetRunModelCardFormat.__members__.values())
            raise ValidationError(f"format must be one of {known}") from None
        plan = self._http.plan(get_run_model_card, run_id, format_=card_format)
        return self._http.call_bytes(plan)

    def package_submission(self, run_id: str, *, top_n: int | None = None) -> bytes:
        """The top kept spec packaged for a Kaggle-style slot: ``main.py`` or a tarball.

        Asks for the raw file; a service that answers with the JSON ``Submission`` instead
        (the published client's shape) works too: its file is decoded and returned.
        ``top_n`` is how many top kept specs the packaged one is chosen from (server default
        1). Raises :class:`gnosys.ConflictError` if the run has not completed or kept no specs.
        """
        from _gnosys_openapi.api.runs import package_run_submission

        top = CHECK.positive_int("top_n", top_n)
        plan = self._http.plan(package_run_submission, run_id, top_n=top)
        # The spec declares both media types, so the generated Accept names both: ask for one.
        plan = plan.evolve(headers={**plan.headers, "Accept": _RAW_FILE})
        response = self._http.send(plan)
        return self._http.parse(response, lambda body: _submission_file(body, response))
