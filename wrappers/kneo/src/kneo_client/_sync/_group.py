"""Generated from kneo_client/_async/_group.py by tools.unasync; do not edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sdk_core import json_parser

from kneo_client.core.transport import SyncTransport

if TYPE_CHECKING:
    from sdk_core import HttpCore, RequestPlan

__all__ = ["Group", "check_transport"]

M = TypeVar("M")


def check_transport(transport: object) -> SyncTransport:
    """``transport`` if it is a :class:`SyncTransport` (adapters are built on one)."""
    if not isinstance(transport, SyncTransport):
        raise TypeError(
            f"expected a kneo_client.core.transport.SyncTransport, not {type(transport).__name__}"
        )
    return transport


class Group:
    """An adapter group on one :class:`SyncTransport` (several groups share it).

    ``_http`` is the transport (what nested groups are built from); ``_core`` is its request
    engine, which plans the generated operations and runs the retry loop.
    """

    def __init__(self, transport: SyncTransport) -> None:
        self._http = check_transport(transport)
        self._core: HttpCore = self._http._core

    def _call(self, plan: RequestPlan, model: type[M]) -> M:
        """Send ``plan``; parse the body as ``model`` (a malformed body: KneoProtocolError)."""
        return self._core.call(plan, json_parser(model))

    def _raw(self, plan: RequestPlan) -> dict[str, Any]:
        """Send ``plan``; the JSON object it answers, as it is."""
        return self._core.call(plan, json_parser(dict[str, Any]))
