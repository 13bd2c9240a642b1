"""Generated from kneo_client/_async/platform/policies.py by tools.unasync; do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kneo_client._adapters import body_of, options_for
from kneo_client._sync._group import Group

if TYPE_CHECKING:
    from kneo_client.models import (
        EnvironmentPolicyListResponse,
        EnvironmentPolicyRequest,
        EnvironmentPolicyResponse,
    )

__all__ = ["SyncPoliciesClient"]


class SyncPoliciesClient(Group):
    """Environment policies (``dev``, ``staging``, ``prod``...): which specs may run there."""

    def environment_list(self) -> EnvironmentPolicyListResponse:
        """``GET /v1/policies/environment``: every environment's policy (``policies`` by name)."""
        from _kneo_openapi.api.policies import (
            list_environment_policies_v1_policies_environment_get as operation,
        )

        from kneo_client.models import EnvironmentPolicyListResponse

        plan = self._core.plan(operation, options=options_for(post=False))
        return self._call(plan, EnvironmentPolicyListResponse)

    def environment_get(self, environment: str) -> EnvironmentPolicyResponse:
        """``GET /v1/policies/environment/{environment}``: one environment's policy."""
        from _kneo_openapi.api.policies import (
            get_environment_policy_v1_policies_environment_environment_get as operation,
        )

        from kneo_client.models import EnvironmentPolicyResponse

        plan = self._core.plan(operation, environment, options=options_for(post=False))
        return self._call(plan, EnvironmentPolicyResponse)

    def environment_put(
        self, environment: str, body: EnvironmentPolicyRequest | Mapping[str, Any]
    ) -> EnvironmentPolicyResponse:
        """``PUT /v1/policies/environment/{environment}``: replace the environment's policy.

        Answers the new ``policy`` and the ``previous_policy``. PUT is idempotent by HTTP
        semantics: no ``Idempotency-Key`` is sent, and a retry is safe.
        """
        from _kneo_openapi.api.policies import (
            put_environment_policy_v1_policies_environment_environment_put as operation,
        )

        from kneo_client.models import EnvironmentPolicyRequest, EnvironmentPolicyResponse

        payload = body_of("body", body, EnvironmentPolicyRequest)
        plan = self._core.plan(
            operation, environment, body=payload, options=options_for(post=False)
        )
        return self._call(plan, EnvironmentPolicyResponse)
