"""Agent snapshots: uploaded bundles, read safely, versioned, tagged and content-addressed.

A bundle is a gzip-compressed tar. It is read in memory with :mod:`tarfile` — never extracted
— and refused (422) when it is not one, when a member's name is absolute or climbs out with
``..`` (or a link points out that way), when a member is a device or a FIFO, or past 10,000
members / 256 MiB of content. Regular files are hashed; links are recorded, not followed.

The snapshot id is ``snap_`` + the first 32 hex digits of the bundle's SHA-256 (``digest`` is
the whole ``sha256:<hex>``). Each new bundle of an agent is its next ``version`` (1, 2, ...;
a deleted version's number is never reused). Uploading a bundle the agent already has
returns that snapshot — no new version — moving ``tag`` to it when one is given; the same
bundle under another agent's name is a 409. A tag names one snapshot of an agent: tagging
another moves it (the old one's ``tag`` reads ``""``), and deleting the snapshot drops it.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import tarfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sdk_core.fakes import ApiError, iso

__all__ = ["AgentRegistry", "BundleFile", "Snapshot", "read_bundle"]

JSON = dict[str, Any]
_MAX_MEMBERS = 10_000
_MAX_CONTENT = 256 * 2**20
_CHUNK = 2**16


@dataclass(frozen=True)
class BundleFile:
    """One member of an uploaded bundle."""

    name: str
    size: int
    sha256: str
    kind: str = "file"  # "file" or "symlink" / "hardlink"
    target: str = ""

    def to_json(self) -> JSON:
        """The member as :meth:`~polarity_keystone.testing.FakeKeystone.agent_files` lists it."""
        out: JSON = {"name": self.name, "size": self.size, "sha256": self.sha256, "kind": self.kind}
        if self.target:
            out["target"] = self.target
        return out


def _refuse(message: str) -> ApiError:
    return ApiError(422, f"bundle: {message}", code="invalid_bundle")


def _safe_name(name: str) -> str:
    """A member name as stored, or 422 when it is absolute or climbs out of the bundle."""
    if not name or name.startswith(("/", "\\")) or "\x00" in name or (name[1:2] == ":"):
        raise _refuse("member names must be relative paths")
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in {"", "."}]
    if ".." in parts:
        raise _refuse("member names must not contain '..'")
    return "/".join(parts)


def _safe_target(member: tarfile.TarInfo) -> str:
    target = member.linkname
    if target.startswith("/") or ".." in PurePosixPath(target).parts:
        raise _refuse("links must point inside the bundle")
    return target


def read_bundle(data: bytes) -> list[BundleFile]:
    """The members of a gzip-compressed tar (see the module docstring for what is refused)."""
    members: list[BundleFile] = []
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar:
                if len(members) >= _MAX_MEMBERS:
                    raise _refuse(f"more than {_MAX_MEMBERS} members")
                name = _safe_name(member.name)
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    kind = "symlink" if member.issym() else "hardlink"
                    members.append(BundleFile(name, 0, "", kind, _safe_target(member)))
                    continue
                if not member.isfile():
                    raise _refuse("members must be files, directories or links")
                total += member.size
                if total > _MAX_CONTENT:
                    raise _refuse(f"more than {_MAX_CONTENT} bytes of content")
                handle = tar.extractfile(member)
                sha = hashlib.sha256()
                if handle is not None:
                    while chunk := handle.read(_CHUNK):
                        sha.update(chunk)
                members.append(BundleFile(name, member.size, sha.hexdigest()))
    except ApiError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError):
        raise _refuse("not a gzip-compressed tar") from None
    return members


@dataclass
class Snapshot:
    """One version of an agent."""

    id: str
    name: str
    version: int
    digest: str
    size_bytes: int
    entrypoint: list[str]
    runtime: str
    auth: Mapping[str, Any] | None
    created: float
    files: list[BundleFile] = field(default_factory=list)
    tag: str = ""

    def to_json(self) -> JSON:
        """The ``AgentSnapshot`` answer."""
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "tag": self.tag,
            "digest": self.digest,
            "size_bytes": self.size_bytes,
            "storage_path": f"agents/{self.name}/{self.version}/bundle.tar.gz",
            "runtime": self.runtime,
            "entrypoint": list(self.entrypoint),
            "auth": None if self.auth is None else dict(self.auth),
            "created_at": iso(self.created),
            "file_count": len(self.files),
        }


class AgentRegistry:
    """Every agent's snapshots (the fake holds its lock around every call)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Snapshot] = {}
        self._versions: dict[str, dict[int, Snapshot]] = {}
        self._last_version: dict[str, int] = {}
        self._tags: dict[str, dict[str, str]] = {}

    def upload(self, metadata: Mapping[str, Any], bundle: bytes, now: float) -> Snapshot:
        """Store a bundle as the agent's next version (or return its existing snapshot)."""
        files = read_bundle(bundle)
        full = hashlib.sha256(bundle).hexdigest()
        snapshot_id = f"snap_{full[:32]}"
        name = str(metadata["name"])
        tag = metadata.get("tag") or ""
        existing = self._by_id.get(snapshot_id)
        if existing is not None and existing.name != name:
            raise ApiError(
                409, "this bundle is already a snapshot of another agent", code="conflict"
            )
        if existing is None:
            version = self._last_version.get(name, 0) + 1
            self._last_version[name] = version
            existing = Snapshot(
                id=snapshot_id,
                name=name,
                version=version,
                digest=f"sha256:{full}",
                size_bytes=len(bundle),
                entrypoint=[str(part) for part in metadata.get("entrypoint", [])],
                runtime=str(metadata.get("runtime") or ""),
                auth=metadata.get("auth"),
                created=now,
                files=files,
            )
            self._by_id[snapshot_id] = existing
            self._versions.setdefault(name, {})[version] = existing
        if tag:
            self._tag(existing, str(tag))
        return existing

    def _tag(self, snapshot: Snapshot, tag: str) -> None:
        tags = self._tags.setdefault(snapshot.name, {})
        previous = tags.get(tag)
        if previous is not None and previous in self._by_id:
            self._by_id[previous].tag = ""
        if snapshot.tag:
            tags.pop(snapshot.tag, None)
        tags[tag] = snapshot.id
        snapshot.tag = tag

    def get(self, snapshot_id: str) -> Snapshot | None:
        """A snapshot by id."""
        return self._by_id.get(snapshot_id)

    def latest(self, name: str) -> Snapshot | None:
        """The agent's newest snapshot."""
        versions = self._versions.get(name)
        return versions[max(versions)] if versions else None

    def version(self, name: str, version: int) -> Snapshot | None:
        """One version of the agent."""
        return self._versions.get(name, {}).get(version)

    def by_tag(self, name: str, tag: str) -> Snapshot | None:
        """The agent's snapshot carrying ``tag``."""
        snapshot_id = self._tags.get(name, {}).get(tag)
        return None if snapshot_id is None else self._by_id.get(snapshot_id)

    def delete(self, snapshot_id: str) -> bool:
        """Delete a snapshot (and its tag); False if there is none."""
        snapshot = self._by_id.pop(snapshot_id, None)
        if snapshot is None:
            return False
        versions = self._versions[snapshot.name]
        del versions[snapshot.version]
        if not versions:
            del self._versions[snapshot.name]
        if snapshot.tag:
            self._tags.get(snapshot.name, {}).pop(snapshot.tag, None)
        return True

    def names(self) -> list[str]:
        """The agents with at least one snapshot, sorted."""
        return sorted(self._versions)

    def page_agents(self, limit: int, after: str | None) -> tuple[list[Snapshot], str | None]:
        """The newest snapshot of each agent, by name, after ``after``; and the next cursor."""
        names = self.names()
        start = 0 if after is None else bisect.bisect_right(names, after)
        chosen = names[start : start + limit]
        more = start + limit < len(names)
        page = [s for s in (self.latest(n) for n in chosen) if s is not None]
        return page, (chosen[-1] if more and chosen else None)

    def page_versions(
        self, name: str, limit: int, after: int | None
    ) -> tuple[list[Snapshot], int | None] | None:
        """The agent's snapshots by version, after ``after``; None if it has none."""
        versions = self._versions.get(name)
        if not versions:
            return None
        numbers = sorted(versions)
        start = 0 if after is None else bisect.bisect_right(numbers, after)
        chosen = numbers[start : start + limit]
        more = start + limit < len(numbers)
        return [versions[v] for v in chosen], (chosen[-1] if more and chosen else None)
