"""The base of every adapter group: the shared transport and its core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sdk_core import json_parser

from kneo_client.core.transport import Transport

if TYPE_CHECKING:
    from sdk_core import AsyncHttpCore, RequestPlan

__all__ = ["Group", "check_transport"]

M = TypeVar("M")


def check_transport(transport: object) -> Transport:
    """``transport`` if it is a :class:`Transport` (adapters are built on one)."""
    if not isinstance(transport, Transport):
        raise TypeError(
            f"expected a kneo_client.core.transport.Transport, not {type(transport).__name__}"
        )
    return transport


class Group:
    """An adapter group on one :class:`Transport` (several groups share it).

    ``_http`` is the transport (what nested groups are built from); ``_core`` is its request
    engine, which plans the generated operations and runs the retry loop.
    """

    def __init__(self, transport: Transport) -> None:
        self._http = check_transport(transport)
        self._core: AsyncHttpCore = self._http._core

    async def _call(self, plan: RequestPlan, model: type[M]) -> M:
        """Send ``plan``; parse the body as ``model`` (a malformed body: KneoProtocolError)."""
        return await self._core.call(plan, json_parser(model))

    async def _raw(self, plan: RequestPlan) -> dict[str, Any]:
        """Send ``plan``; the JSON object it answers, as it is."""
        return await self._core.call(plan, json_parser(dict[str, Any]))
