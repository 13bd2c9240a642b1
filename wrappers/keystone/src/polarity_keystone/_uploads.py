"""Agent bundles for ``agents.upload``: a gzip tarball streamed from disk, in constant memory.

``path`` may be:

* a ``.tar.gz`` / ``.tgz`` file: sent as it is (checked to be gzip);
* a directory: tarred recursively into a temporary file, skipping what never belongs in an
  agent — version-control data (``.git``, ``.hg``, ``.svn``), ``__pycache__`` and ``*.pyc`` /
  ``*.pyo``, ``node_modules``, virtualenvs (``.venv``, ``venv`` and any directory holding a
  ``pyvenv.cfg``), tool caches (``.mypy_cache``, ``.pytest_cache``, ``.ruff_cache``, ``.tox``,
  ``.nox``), ``.DS_Store`` and ``.env`` files (``.env``, ``.env.local``, ...; templates such as
  ``.env.example`` are kept) — so local credentials are never uploaded. Symbolic links are
  stored as links only when they resolve inside the directory (rewritten relative); links
  leading outside it, or nowhere, are left out, so no file outside the directory is ever read.
  Special files (sockets, FIFOs, devices) are left out too;
* any other file: put alone into a one-file tarball under its own name.

Building reads each file in small chunks into a gzip stream on a temporary file, so memory use
does not grow with the bundle; the upload streams that file and rewinds it for a retry. The
temporary file is removed when the upload ends.
"""

from __future__ import annotations

import gzip
import os
import stat
import tarfile
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from polarity_keystone._checks import CHECK, local_path

if TYPE_CHECKING:
    from sdk_core import UploadFile

__all__ = ["AsyncBundles", "Bundle", "Bundles", "build_bundle"]

JUNK_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
    }
)
_JUNK_SUFFIXES = (".pyc", ".pyo")
_ENV_TEMPLATES = (".example", ".sample", ".template", ".dist")
_GZIP_MAGIC = b"\x1f\x8b"
_COMPRESS_LEVEL = 6
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def is_junk_file(name: str) -> bool:
    """Whether a file named ``name`` is left out of a directory's bundle."""
    if name.endswith(_JUNK_SUFFIXES) or name == ".DS_Store":
        return True
    if name == ".env":
        return True
    return name.startswith(".env.") and not name.endswith(_ENV_TEMPLATES)


def is_junk_dir(path: str, name: str) -> bool:
    """Whether the directory ``name`` (at ``path``) is left out of a directory's bundle."""
    return name in JUNK_DIRS or os.path.isfile(os.path.join(path, "pyvenv.cfg"))


class Bundle:
    """One bundle ready to stream: its upload, and the temporary file removed by ``close()``."""

    __slots__ = ("_temporary", "upload")

    def __init__(self, upload: UploadFile, temporary: IO[bytes] | None = None) -> None:
        self.upload = upload
        self._temporary = temporary

    def close(self) -> None:
        """Remove the temporary file, if one was built."""
        if self._temporary is not None:
            self._temporary.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _fail(message: str) -> Exception:
    from polarity_keystone._exceptions import KeystoneInvalidArgumentError

    return KeystoneInvalidArgumentError(f"path: {message}")


def _shown(path: str | Path) -> str:
    return CHECK.preview(str(path))


def _inside(root: str, target: str) -> bool:
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive
        return False


class _Writer:
    """Adds files to an open tar stream, each read in chunks through a no-follow descriptor."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files = 0

    def add_file(self, full: str, arcname: str, *, follow: bool = False) -> None:
        flags = os.O_RDONLY | _NONBLOCK | (0 if follow else _NOFOLLOW)
        try:
            fd = os.open(full, flags)
        except OSError as exc:
            if not follow and os.path.islink(full):  # replaced by a link since listed
                return
            raise _fail(f"cannot read {_shown(full)} ({type(exc).__name__})") from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):  # a FIFO, socket or device: never read
                return
            entry = self._entry(arcname, info)
            entry.size = info.st_size
            try:
                self.tar.addfile(entry, handle)
            except OSError as exc:  # the file shrank or failed while being read
                raise _fail(f"cannot read {_shown(full)} ({type(exc).__name__})") from None
        self.files += 1

    def add_dir(self, full: str, arcname: str) -> None:
        try:
            info = os.lstat(full)
        except OSError as exc:  # removed since listed
            raise _fail(f"cannot read {_shown(full)} ({type(exc).__name__})") from None
        entry = self._entry(arcname, info)
        entry.type = tarfile.DIRTYPE
        self.tar.addfile(entry)

    def add_link(self, arcname: str, target: str) -> None:
        entry = tarfile.TarInfo(arcname)
        entry.type = tarfile.SYMTYPE
        entry.linkname = target
        entry.mode = 0o777
        self.tar.addfile(entry)

    @staticmethod
    def _entry(arcname: str, info: os.stat_result) -> tarfile.TarInfo:
        entry = tarfile.TarInfo(arcname)
        entry.mode = stat.S_IMODE(info.st_mode)
        entry.mtime = int(info.st_mtime)
        # Ownership is the uploader's machine's business, not the agent's.
        entry.uid = entry.gid = 0
        entry.uname = entry.gname = ""
        return entry


def _link_inside(root: str, link: str) -> str | None:
    """The relative link target to store for the symlink ``link``, or None to leave it out."""
    target = os.path.realpath(link)
    if not os.path.exists(target) or not _inside(root, target):
        return None
    return os.path.relpath(target, os.path.realpath(os.path.dirname(link)))


def _tar_directory(root: Path, writer: _Writer) -> None:
    real_root = os.path.realpath(root)

    def refuse(exc: OSError) -> None:
        raise _fail(f"cannot list {_shown(exc.filename or root)} ({type(exc).__name__})")

    for dirpath, dirnames, filenames in os.walk(real_root, onerror=refuse):
        relative = os.path.relpath(dirpath, real_root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        kept = []
        for name in sorted(dirnames):
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                target = _link_inside(real_root, full)
                if target is not None:
                    writer.add_link(prefix + name, target)
            elif not is_junk_dir(full, name):
                kept.append(name)
                writer.add_dir(full, prefix + name)
        dirnames[:] = kept  # walk only what is kept, in a stable order
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if is_junk_file(name):
                continue
            if os.path.islink(full):
                target = _link_inside(real_root, full)
                if target is not None:
                    writer.add_link(prefix + name, target)
                continue
            writer.add_file(full, prefix + name)


def _check_gzip(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            magic = handle.read(2)
    except OSError as exc:
        raise _fail(f"cannot read {_shown(path)} ({type(exc).__name__})") from None
    if magic != _GZIP_MAGIC:
        raise _fail(f"{_shown(path)} is named like a .tar.gz but is not gzip data")


def build_bundle(name: str, path: object) -> Bundle:
    """The bundle of ``path`` for agent ``name`` (blocking: reads and compresses files).

    Raises:
        KeystoneInvalidArgumentError: ``path`` does not exist, is the file system root, cannot
            be read, or (a directory) holds nothing to upload.

    """
    from sdk_core import UploadFile

    where = local_path("path", path)
    try:
        is_dir = where.is_dir()
        is_file = where.is_file()
        real = Path(os.path.realpath(where))
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot use {_shown(where)} ({type(exc).__name__})") from None
    filename = f"{name}.tar.gz"
    if is_file and where.name.lower().endswith((".tar.gz", ".tgz")):
        _check_gzip(where)
        return Bundle(UploadFile(where, filename=filename, content_type="application/gzip"))
    if not is_dir and not is_file:
        raise _fail(f"no such file or directory: {_shown(where)}")
    if is_dir and real.parent == real:
        raise _fail("is the file system root: pass the agent's own directory")
    temporary = tempfile.TemporaryFile(prefix="keystone-agent-", suffix=".tar.gz")  # noqa: SIM115
    try:
        with (
            gzip.GzipFile(
                fileobj=temporary, mode="wb", compresslevel=_COMPRESS_LEVEL, mtime=0
            ) as gz,
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            writer = _Writer(tar)
            if is_dir:
                _tar_directory(where, writer)
            else:
                writer.add_file(str(where), where.name, follow=True)
        if writer.files == 0:
            raise _fail(f"{_shown(where)} holds no file to upload (after skipping junk)")
        temporary.seek(0)
        upload = UploadFile(temporary, filename=filename, content_type="application/gzip")
    except BaseException:
        temporary.close()
        raise
    return Bundle(upload, temporary)


class Bundles:
    """Builds bundles on the calling thread (the sync client)."""

    @staticmethod
    def open(name: str, path: object) -> Bundle:
        """:func:`build_bundle`."""
        return build_bundle(name, path)


class AsyncBundles:
    """Builds bundles on a worker thread, so the event loop keeps running meanwhile."""

    @staticmethod
    async def open(name: str, path: object) -> Bundle:
        """:func:`build_bundle`, run on a worker thread."""
        import anyio.to_thread  # httpx's own dependency; works under asyncio and trio

        return await anyio.to_thread.run_sync(build_bundle, name, path)
