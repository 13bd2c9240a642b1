"""Generated from polarity_keystone/_async/resources/agents.py by tools.unasync; do not edit."""

from __future__ import annotations

import builtins
import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sdk_core import HttpCore

from polarity_keystone._checks import CHECK, count, optional_count, string_list
from polarity_keystone._checks import tag as check_tag

if TYPE_CHECKING:
    from polarity_keystone.types import AgentAuth, AgentSnapshot

__all__ = ["Agents", "upload_metadata"]


def upload_metadata(
    name: str,
    entrypoint: object,
    runtime: object,
    auth: object,
    tag: object,
) -> str:
    """The JSON text of the upload's ``metadata`` part (optional keys only when set)."""
    from polarity_keystone.types import AgentAuth

    metadata: dict[str, Any] = {"name": name, "entrypoint": string_list("entrypoint", entrypoint)}
    if runtime is not None:
        metadata["runtime"] = CHECK.text("runtime", runtime)
    if auth is not None:
        if isinstance(auth, AgentAuth):
            metadata["auth"] = auth.to_dict()
        elif isinstance(auth, Mapping):
            metadata["auth"] = CHECK.mapping("auth", auth)
        else:
            CHECK.fail(f"auth must be a dict or an AgentAuth, not a {type(auth).__name__}")
    if tag is not None:
        metadata["tag"] = check_tag("tag", tag)
    try:
        text = json.dumps(metadata, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        CHECK.fail("auth cannot be sent as JSON (only dicts, lists, str, finite numbers, bools)")
    return text


def _snapshot_id(snapshot: object) -> str:
    from polarity_keystone.types import AgentSnapshot

    if isinstance(snapshot, AgentSnapshot):
        return CHECK.path_id("snapshot.id", snapshot.id)
    if isinstance(snapshot, str):
        return CHECK.path_id("snapshot", snapshot)
    CHECK.fail(f"snapshot must be an AgentSnapshot (or its id), not a {type(snapshot).__name__}")


class Agents:
    """Agents: bundles of code uploaded as versioned, content-addressed snapshots."""

    def __init__(self, http: HttpCore) -> None:
        self._http = http

    def upload(
        self,
        name: str,
        path: str | os.PathLike[str],
        entrypoint: Sequence[str],
        *,
        runtime: str | None = None,
        auth: AgentAuth | Mapping[str, Any] | None = None,
        tag: str | None = None,
    ) -> AgentSnapshot:
        """Upload a new version of agent ``name``; returns its :class:`AgentSnapshot`.

        ``path`` is a ``.tar.gz`` (sent as is), a directory (tarred recursively, skipping
        version control, caches, virtualenvs, ``node_modules``, ``*.pyc`` and ``.env``
        files; links leading outside it are left out) or a single file (a one-file
        tarball). The bundle is built in a temporary file and streamed (constant memory; a
        retry sends it again from the start). ``entrypoint`` is the command that starts the
        agent (``["python", "main.py"]``); ``auth`` what it needs (``required_env``,
        ``config_files``, ``egress``). The service assigns the version.

        Raises:
            KeystoneInvalidArgumentError: a bad argument, or a ``path`` that does not exist,
                cannot be read or holds nothing to upload.

        """
        from _keystone_openapi.api.agents import upload_agent
        from _keystone_openapi.models.agent_upload import AgentUpload
        from _keystone_openapi.types import File

        from polarity_keystone._parse import one
        from polarity_keystone._uploads import Bundles
        from polarity_keystone.types import AgentSnapshot

        agent = CHECK.path_id("name", name)
        metadata = upload_metadata(agent, entrypoint, runtime, auth, tag)
        with Bundles.open(agent, path) as bundle:
            upload = bundle.upload
            body = AgentUpload(
                metadata=metadata,
                bundle=File(payload=cast("Any", upload), file_name=upload.filename),
            )
            plan = self._http.plan(upload_agent, body=body)
            return self._http.call(plan, one(AgentSnapshot))

    def get(
        self, name: str, *, tag: str | None = None, version: int | None = None
    ) -> AgentSnapshot:
        """Agent ``name``'s snapshot: the latest, or the one with ``tag``, or ``version``.

        Raises:
            KeystoneInvalidArgumentError: both ``tag`` and ``version`` given.
            KeystoneNotFoundError: no such agent, tag or version.

        """
        from polarity_keystone._parse import one
        from polarity_keystone.types import AgentSnapshot

        label = check_tag("tag", tag)
        number = optional_count("version", version, low=0)
        if label is not None and number is not None:
            CHECK.fail("give tag or version, not both")
        if label is not None:
            from _keystone_openapi.api.agents import get_agent_by_tag

            plan = self._http.plan(get_agent_by_tag, name, label)
        elif number is not None:
            from _keystone_openapi.api.agents import get_agent_version

            plan = self._http.plan(get_agent_version, name, number)
        else:
            from _keystone_openapi.api.agents import get_latest_agent

            plan = self._http.plan(get_latest_agent, name)
        return self._http.call(plan, one(AgentSnapshot))

    def get_by_id(self, snapshot_id: str) -> AgentSnapshot:
        """The snapshot with content-hash id ``snapshot_id`` (``snap_...``).

        Raises:
            KeystoneNotFoundError: no such snapshot.

        """
        from _keystone_openapi.api.agents import get_snapshot

        from polarity_keystone._parse import one
        from polarity_keystone.types import AgentSnapshot

        return self._http.call(self._http.plan(get_snapshot, snapshot_id), one(AgentSnapshot))

    def list(
        self, limit: int = 50, cursor: str | None = None
    ) -> tuple[builtins.list[AgentSnapshot], str | None]:
        """One page of the workspace's agents: ``(snapshots, next_cursor)``.

        Pass ``next_cursor`` back as ``cursor`` for the next page; it is None after the last.
        """
        from _keystone_openapi.api.agents import list_agents

        from polarity_keystone._parse import page_of
        from polarity_keystone.types import AgentSnapshot

        plan = self._http.plan(
            list_agents,
            limit=count("limit", limit),
            cursor=CHECK.optional_text("cursor", cursor),
        )
        page = self._http.call(plan, page_of(AgentSnapshot))
        return builtins.list(page.items), page.next_cursor

    def list_versions(
        self, name: str, limit: int = 20, cursor: str | None = None
    ) -> tuple[builtins.list[AgentSnapshot], str | None]:
        """One page of agent ``name``'s versions: ``(snapshots, next_cursor)``.

        Raises:
            KeystoneNotFoundError: no such agent.

        """
        from _keystone_openapi.api.agents import list_agent_versions

        from polarity_keystone._parse import page_of
        from polarity_keystone.types import AgentSnapshot

        plan = self._http.plan(
            list_agent_versions,
            name,
            limit=count("limit", limit),
            cursor=CHECK.optional_text("cursor", cursor),
        )
        page = self._http.call(plan, page_of(AgentSnapshot))
        return builtins.list(page.items), page.next_cursor

    def delete(self, snapshot: AgentSnapshot | str) -> None:
        """Delete one snapshot: pass the :class:`AgentSnapshot` (or its id).

        Raises:
            KeystoneNotFoundError: no such snapshot.

        """
        from _keystone_openapi.api.agents import delete_snapshot

        plan = self._http.plan(delete_snapshot, _snapshot_id(snapshot))
        self._http.call_none(plan)
