"""Generated from kneo_client/_async/agent/specs.py by tools.unasync; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kneo_client._adapters import body_of, options_for, with_spec_hint
from kneo_client._sync._group import Group
from kneo_client.core.errors import KneoValidationError

if TYPE_CHECKING:
    from kneo_client.models import (
        RunCreateRequest,
        RunCreateResponse,
        SpecCompileRequest,
        SpecCompileResponse,
        SpecExplainRequest,
        SpecExplainResponse,
        SpecPolicyReportRequest,
        SpecPolicyReportResponse,
        SpecValidateRequest,
        SpecValidateResponse,
    )

__all__ = ["SyncSpecsClient"]


class SyncSpecsClient(Group):
    """Specs: the Studio's iterate-and-test loop.

    Each takes a spec inline (``{"spec": {...}}``, an object) or by reference
    (``{"spec_path": "specs/echo.yaml"}``); a spec given as a string is refused by the platform
    (422). Diagnostics, not exceptions, report what is wrong with a spec.
    """

    def validate(
        self,
        body: SpecValidateRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> SpecValidateResponse:
        """``POST /v1/specs/validate``: schema and semantic checks (``valid``, ``diagnostics``)."""
        from _kneo_openapi.api.specs import validate_spec_v1_specs_validate_post as operation

        from kneo_client.models import SpecValidateRequest, SpecValidateResponse

        payload = body_of("body", body, SpecValidateRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        return self._call(plan, SpecValidateResponse)

    def compile(
        self,
        body: SpecCompileRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> SpecCompileResponse:
        """``POST /v1/specs/compile``: the runtime form (``ok``, ``diagnostics``, ``summary``)."""
        from _kneo_openapi.api.specs import compile_spec_v1_specs_compile_post as operation

        from kneo_client.models import SpecCompileRequest, SpecCompileResponse

        payload = body_of("body", body, SpecCompileRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        return self._call(plan, SpecCompileResponse)

    def explain(
        self,
        body: SpecExplainRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> SpecExplainResponse:
        """``POST /v1/specs/explain``: a human-readable ``summary`` of a spec.

        0.4.0 takes only ``spec`` or ``spec_path`` here (no environment or overlays).
        """
        from _kneo_openapi.api.specs import explain_spec_v1_specs_explain_post as operation

        from kneo_client.models import SpecExplainRequest, SpecExplainResponse

        payload = body_of("body", body, SpecExplainRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        return self._call(plan, SpecExplainResponse)

    def policy_report(
        self,
        body: SpecPolicyReportRequest | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> SpecPolicyReportResponse:
        """``POST /v1/specs/policy-report``: preview the environment policy's verdict on a spec."""
        from _kneo_openapi.api.specs import (
            policy_report_spec_v1_specs_policy_report_post as operation,
        )

        from kneo_client.models import SpecPolicyReportRequest, SpecPolicyReportResponse

        payload = body_of("body", body, SpecPolicyReportRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        return self._call(plan, SpecPolicyReportResponse)

    def run(
        self, body: RunCreateRequest | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> RunCreateResponse:
        """``POST /v1/specs/run``: an ad-hoc run of a spec, for the iterate-and-test loop.

        The same body as ``runs.create`` (``input`` required; the spec inline or by path).
        """
        from _kneo_openapi.api.specs import run_spec_v1_specs_run_post as operation

        from kneo_client.models import RunCreateRequest, RunCreateResponse

        payload = body_of("body", body, RunCreateRequest)
        options = options_for(idempotency_key, post=True)
        plan = self._core.plan(operation, body=payload, options=options)
        try:
            return self._call(plan, RunCreateResponse)
        except KneoValidationError as exc:
            raise with_spec_hint(exc, payload) from None
