"""``client.platform.credentials``: the credential references the platform knows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kneo_client._adapters import CHECK, options_for, string_list
from kneo_client._async._group import Group

if TYPE_CHECKING:
    from kneo_client.models import CredentialInventoryResponse

__all__ = ["CredentialsClient"]


class CredentialsClient(Group):
    """The credential inventory: which providers' keys are present; never the secrets."""

    async def list(
        self,
        *,
        providers: Sequence[str] | None = None,
        extras: Sequence[str] | None = None,
        include_service_tokens: bool = True,
    ) -> CredentialInventoryResponse:
        """``GET /v1/security/credentials``: the known credential references.

        ``providers`` / ``extras`` narrow the sections to those names; the platform never
        returns raw secret material.
        """
        from _kneo_openapi.api.security import (
            credential_inventory_v1_security_credentials_get as operation,
        )

        from kneo_client.models import CredentialInventoryResponse

        plan = self._core.plan(
            operation,
            providers=string_list("providers", providers),
            extras=string_list("extras", extras),
            include_service_tokens=CHECK.boolean("include_service_tokens", include_service_tokens),
            options=options_for(post=False),
        )
        return await self._call(plan, CredentialInventoryResponse)
