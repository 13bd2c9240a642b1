"""Generated from gnosys/_async/resources/findings.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import HttpCore

from gnosys._config import CHECK, MAX_PAGE_SIZE, NEXT_CURSOR_HEADER
from gnosys._exceptions import ValidationError

if TYPE_CHECKING:
    from sdk_core import Page, Pager

    from gnosys.models import CorrelationMatch, ValidationFinding

__all__ = ["Findings"]


class Findings:
    """Validation findings and multi-validator correlations."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def list(
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
        wanted = CHECK.positive_int("limit", limit) or 100
        pager = self.iter(
            run_id=run_id,
            pipeline_run_id=pipeline_run_id,
            validator=validator,
            severity=severity,
            spec_id=spec_id,
            page_size=min(wanted, MAX_PAGE_SIZE),
        )
        return pager.take(wanted)

    def iter(
        self,
        *,
        run_id: str | None = None,
        pipeline_run_id: str | None = None,
        validator: str | None = None,
        severity: str | None = None,
        spec_id: str | None = None,
        page_size: int = 100,
    ) -> Pager[ValidationFinding]:
        """Every matching finding, fetching ``page_size`` at a time as you iterate."""
        from _gnosys_openapi.api.findings import list_findings
        from sdk_core import Page, Pager

        from gnosys.models import FINDING_LIST

        if run_id is not None and pipeline_run_id is not None:
            raise ValidationError("pass run_id or pipeline_run_id, not both")
        filters: dict[str, Any] = {
            "run_id": CHECK.optional_text("run_id", run_id),
            "pipeline_run_id": CHECK.optional_text("pipeline_run_id", pipeline_run_id),
            "validator": CHECK.optional_text("validator", validator),
            "severity": CHECK.optional_text("severity", severity),
            "spec_id": CHECK.optional_text("spec_id", spec_id),
        }
        size = CHECK.positive_int("page_size", page_size)
        if size is not None and size > MAX_PAGE_SIZE:
            raise ValidationError(f"page_size must be at most {MAX_PAGE_SIZE}, got {size}")

        def fetch(cursor: str | None) -> Page[ValidationFinding]:
            plan = self._http.plan(list_findings, limit=size, cursor=cursor, **filters)
            response = self._http.send(plan)
            items = self._http.parse(response, FINDING_LIST.validate_json)
            return Page(items, response.headers.get(NEXT_CURSOR_HEADER))

        return Pager(fetch)

    def correlations(
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

        names = [validators] if isinstance(validators, str) else validators
        if not isinstance(names, Sequence) or not names:
            raise ValidationError("validators must be a non-empty list of validator names")
        checked = [CHECK.text("validators[]", v) for v in names]
        try:
            match_mode = ListCorrelationsMode(mode)
        except ValueError:
            raise ValidationError("mode must be 'and' or 'or'") from None
        size = CHECK.positive_int("limit", limit)
        if size is not None and size > MAX_PAGE_SIZE:
            raise ValidationError(f"limit must be at most {MAX_PAGE_SIZE}, got {size}")
        plan = self._http.plan(
            list_correlations,
            validators=checked,
            severity=CHECK.text("severity", severity),
            mode=match_mode,
            pipeline_run_id=CHECK.optional_text("pipeline_run_id", pipeline_run_id),
            limit=size,
        )
        return self._http.call(plan, CORRELATION_LIST.validate_json)
