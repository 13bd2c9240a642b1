"""``client.api_keys``: list (masked) and revoke API keys."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sdk_core import AsyncHttpCore

if TYPE_CHECKING:
    from gnosys.models import ApiKey

__all__ = ["AsyncApiKeys"]


class AsyncApiKeys:
    """List (masked) and revoke API keys."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def list(self) -> builtins.list[ApiKey]:
        """Active and revoked keys; only ``key_prefix`` and ``last_4`` of each are returned."""
        from _gnosys_openapi.api.api_keys import list_api_keys

        from gnosys.models import API_KEY_LIST

        return await self._http.call(self._http.plan(list_api_keys), API_KEY_LIST.validate_json)

    async def revoke(self, key_id: str) -> None:
        """Revoke a key: its plaintext gets 401 from then on."""
        from _gnosys_openapi.api.api_keys import revoke_api_key

        await self._http.call_none(self._http.plan(revoke_api_key, key_id))
