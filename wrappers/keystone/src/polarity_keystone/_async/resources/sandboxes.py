"""``ks.sandboxes``: create sandboxes from specs, run commands and work with their files."""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sdk_core import AsyncHttpCore

from polarity_keystone._checks import CHECK, any_text, duration, text_map
from polarity_keystone._parse import json_object, list_of, one
from polarity_keystone._spec_secrets import merged_secrets

if TYPE_CHECKING:
    from polarity_keystone.types import (
        CommandResult,
        Sandbox,
        StateDiff,
        StateSnapshot,
        TraceEvent,
    )

__all__ = ["AsyncSandboxes", "trace_batch"]


def trace_batch(events: object) -> dict[str, Any]:
    """``{"events": [...]}`` from a list of :class:`TraceEvent` or dicts."""
    from polarity_keystone.types import TraceEvent

    if isinstance(events, str | bytes | Mapping) or not isinstance(events, Sequence):
        CHECK.fail(f"events must be a list of TraceEvent or dicts, not a {type(events).__name__}")
    batch = []
    for index, event in enumerate(events):
        if isinstance(event, TraceEvent):
            batch.append(event.to_dict())
        elif isinstance(event, Mapping):
            batch.append(CHECK.mapping(f"events[{index}]", event))
        else:
            CHECK.fail(
                f"events[{index}] must be a TraceEvent or a dict, not a {type(event).__name__}"
            )
    return {"events": batch}


def _file_content(content: object) -> str:
    if isinstance(content, bytes | bytearray | memoryview):
        try:
            return bytes(content).decode("utf-8")
        except UnicodeDecodeError:
            CHECK.fail(
                "content: the service's file API carries text only, and these bytes are not "
                "UTF-8 text"
            )
    if not isinstance(content, str):
        CHECK.fail(f"content must be a str or bytes, not a {type(content).__name__}")
    return any_text("content", content)


class AsyncSandboxes:
    """Sandboxes: isolated environments built from a spec, with commands, files and traces."""

    def __init__(self, http: AsyncHttpCore) -> None:
        self._http = http

    async def create(
        self,
        spec_id: str,
        timeout: str | float | None = None,
        metadata: Mapping[str, str] | None = None,
        *,
        secrets: Mapping[str, str] | None = None,
        spec_path: str | os.PathLike[str] | None = None,
    ) -> Sandbox:
        """Create a sandbox from spec ``spec_id``; returns the :class:`Sandbox`.

        ``timeout`` is its lifetime (``"10m"``; a number is seconds), ``metadata`` a dict of
        strings. ``spec_path`` names the spec's YAML file: the secrets its ``secrets:`` block
        declares are read from the environment and forwarded
        (:func:`~polarity_keystone.collect_declared_secrets_from_file`); ``secrets`` are sent
        too and win on a collision. Secret values are masked in every error.

        Raises:
            KeystoneInvalidArgumentError: a bad argument, or an unreadable spec file.
            KeystoneNotFoundError: no such spec.

        """
        from _keystone_openapi.api.sandboxes import create_sandbox

        from polarity_keystone.types import Sandbox

        body: dict[str, Any] = {"spec_id": CHECK.text("spec_id", spec_id)}
        lifetime = duration("timeout", timeout)
        if lifetime is not None:
            body["timeout"] = lifetime
        labels = text_map("metadata", metadata)
        if labels is not None:
            body["metadata"] = labels
        forwarded = merged_secrets(secrets, spec_path)
        if forwarded:
            body["secrets"] = forwarded
        plan = self._http.plan(create_sandbox, body=body, secrets=tuple(forwarded.values()))
        return await self._http.call(plan, one(Sandbox))

    async def get(self, sandbox_id: str) -> Sandbox:
        """The sandbox ``sandbox_id`` (its state, services, ...).

        Raises:
            KeystoneNotFoundError: no such sandbox.

        """
        from _keystone_openapi.api.sandboxes import get_sandbox

        from polarity_keystone.types import Sandbox

        return await self._http.call(self._http.plan(get_sandbox, sandbox_id), one(Sandbox))

    async def list(self) -> builtins.list[Sandbox]:
        """Every sandbox of the workspace."""
        from _keystone_openapi.api.sandboxes import list_sandboxes

        from polarity_keystone.types import Sandbox

        return await self._http.call(self._http.plan(list_sandboxes), list_of(Sandbox))

    async def destroy(self, sandbox_id: str) -> None:
        """Destroy the sandbox ``sandbox_id``.

        Raises:
            KeystoneNotFoundError: no such sandbox.

        """
        from _keystone_openapi.api.sandboxes import destroy_sandbox

        await self._http.call_none(self._http.plan(destroy_sandbox, sandbox_id))

    async def run_command(
        self, sandbox_id: str, command: str, timeout: str | float | None = None
    ) -> CommandResult:
        """Run shell ``command`` in the sandbox; returns its :class:`CommandResult`.

        ``timeout`` bounds the command (``"2m"``; a number is seconds). A command that fails
        is a result with a non-zero ``exit_code``, not an exception.
        """
        from _keystone_openapi.api.sandboxes import run_sandbox_command

        from polarity_keystone.types import CommandResult

        body: dict[str, Any] = {"command": CHECK.text("command", command)}
        limit = duration("timeout", timeout)
        if limit is not None:
            body["timeout"] = limit
        plan = self._http.plan(run_sandbox_command, sandbox_id, body=body)
        return await self._http.call(plan, one(CommandResult))

    async def read_file(self, sandbox_id: str, path: str) -> bytes:
        """The content of file ``path`` in the sandbox, as bytes (decode it if it is text).

        ``path`` is relative to the sandbox's working tree (``"src/main.ts"``); every
        character arrives as given (``#``, ``?``, ``%``, spaces, non-ASCII).

        Raises:
            KeystoneNotFoundError: no such sandbox or file.

        """
        from _keystone_openapi.api.sandboxes import read_sandbox_file

        return await self._http.call_bytes(self._http.plan(read_sandbox_file, sandbox_id, path))

    async def write_file(self, sandbox_id: str, path: str, content: str | bytes) -> None:
        """Write ``content`` to file ``path`` in the sandbox (replacing it).

        The service's file API carries text: ``bytes`` must be UTF-8 text.

        Raises:
            KeystoneInvalidArgumentError: ``content`` is bytes that are not UTF-8 text.

        """
        from _keystone_openapi.api.sandboxes import write_sandbox_file

        body = {"path": CHECK.path_id("path", path), "content": _file_content(content)}
        await self._http.call_none(self._http.plan(write_sandbox_file, sandbox_id, body=body))

    async def delete_file(self, sandbox_id: str, path: str) -> None:
        """Delete file ``path`` in the sandbox.

        Raises:
            KeystoneNotFoundError: no such sandbox or file.

        """
        from _keystone_openapi.api.sandboxes import delete_sandbox_file

        await self._http.call_none(self._http.plan(delete_sandbox_file, sandbox_id, path))

    async def state(self, sandbox_id: str) -> StateSnapshot:
        """The sandbox's files now: a :class:`StateSnapshot` (size, mode, checksum by path)."""
        from _keystone_openapi.api.sandboxes import get_sandbox_state

        from polarity_keystone.types import StateSnapshot

        plan = self._http.plan(get_sandbox_state, sandbox_id)
        return await self._http.call(plan, one(StateSnapshot))

    async def diff(self, sandbox_id: str) -> StateDiff:
        """How the sandbox's files changed since it was created: a :class:`StateDiff`."""
        from _keystone_openapi.api.sandboxes import get_sandbox_diff

        from polarity_keystone.types import StateDiff

        return await self._http.call(self._http.plan(get_sandbox_diff, sandbox_id), one(StateDiff))

    async def ingest_trace(
        self, sandbox_id: str, events: Sequence[TraceEvent | Mapping[str, Any]]
    ) -> dict[str, Any]:
        """Add trace ``events`` (:class:`TraceEvent` or dicts) to the sandbox's trace.

        Returns the service's answer as a dict.
        """
        from _keystone_openapi.api.sandboxes import ingest_sandbox_trace

        plan = self._http.plan(ingest_sandbox_trace, sandbox_id, body=trace_batch(events))
        return await self._http.call(plan, json_object)

    async def get_trace(self, sandbox_id: str) -> dict[str, Any]:
        """The sandbox's trace: ``{"events": [...], "metrics": {...}}`` as a dict."""
        from _keystone_openapi.api.sandboxes import get_sandbox_trace

        return await self._http.call(self._http.plan(get_sandbox_trace, sandbox_id), json_object)
