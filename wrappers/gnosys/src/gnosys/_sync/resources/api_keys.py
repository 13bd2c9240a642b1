"""Generated from gnosys/_async/resources/api_keys.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from sdk_core import HttpCore

if TYPE_CHECKING:
    from gnosys.models import ApiKey

__all__ = ["ApiKeys"]


class ApiKeys:
    """List (masked) and revoke API keys."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def list(self) -> builtins.list[ApiKey]:
        """Active and revoked keys; only ``key_prefix`` and ``last_4`` of each are returned."""
        from _gnosys_openapi.api.api_keys import list_api_keys

        from gnosys.models import API_KEY_LIST

        return self._http.call(self._http.plan(list_api_keys), API_KEY_LIST.validate_json)

    def revoke(self, key_id: str) -> None:
        """Revoke a key: its plaintext gets 401 from then on."""
        from _gnosys_openapi.api.api_keys import revoke_api_key

        self._http.call_none(self._http.plan(revoke_api_key, key_id))
