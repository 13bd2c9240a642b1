"""Streaming ``multipart/form-data`` bodies: constant memory, random boundary, replayable.

A body is a list of parts in the shape the generator's ``to_multipart()`` returns
(``(name, (filename, value, content_type))``). File parts are read in chunks while sending and
re-read from the start on every attempt, so a retried upload sends the whole file again.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

from sdk_core._config import preview

__all__ = ["CHUNK_SIZE", "MultipartBody", "UploadFile"]

CHUNK_SIZE = 256 * 1024


class UploadFile:
    """A file to upload: a path (opened per attempt) or an open binary file (rewound per attempt).

    Args:
        source: ``str`` / ``os.PathLike`` path, or a binary file object.
        filename: the name sent to the server (default: the path's or file's base name).
        content_type: the part's content type (default ``application/octet-stream``).

    """

    __slots__ = ("_file", "_path", "_start", "content_type", "filename")

    def __init__(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        self._path: Path | None = None
        self._file: IO[bytes] | None = None
        self._start: int | None = None
        if isinstance(source, (str, os.PathLike)):
            self._path = Path(source)
            try:
                found = self._path.is_file()
            except OSError as exc:  # e.g. a name too long for the file system
                raise OSError(exc.errno, f"cannot open {preview(str(source))}") from None
            if not found:
                raise FileNotFoundError(f"no such file: {preview(str(source))}")
            name = self._path.name
        elif hasattr(source, "read"):
            if getattr(source, "closed", False):
                raise ValueError("the file is closed")
            if isinstance(cast("object", source), io.TextIOBase):
                raise TypeError("open the file in binary mode ('rb'), not text mode")
            self._file = source
            name = os.path.basename(str(getattr(source, "name", "") or "upload"))
            try:
                self._start = source.tell() if source.seekable() else None
            except (OSError, ValueError):
                self._start = None
        else:
            raise TypeError(f"expected a path or a binary file object, got {type(source).__name__}")
        self.filename = filename or name or "upload"
        self.content_type = content_type or "application/octet-stream"

    @property
    def replayable(self) -> bool:
        """Whether the content can be produced again for a retry."""
        return self._path is not None or self._start is not None

    def size(self) -> int | None:
        """Bytes that will be sent, when knowable without reading."""
        if self._path is not None:
            return self._path.stat().st_size
        assert self._file is not None
        if self._start is None:
            return None
        try:
            end = self._file.seek(0, os.SEEK_END)
        finally:
            self._file.seek(self._start)
        return end - self._start

    def chunks(self) -> Iterator[bytes]:
        """The content, from its start, in chunks."""
        if self._path is not None:
            with self._path.open("rb") as fh:
                yield from iter(lambda: fh.read(CHUNK_SIZE), b"")
            return
        assert self._file is not None
        if self._start is not None:
            self._file.seek(self._start)
        yield from iter(lambda: self._file.read(CHUNK_SIZE), b"")  # type: ignore[union-attr]

    def __repr__(self) -> str:
        return f"UploadFile(filename={self.filename!r}, content_type={self.content_type!r})"


def _quote(value: str) -> str:
    # RFC 7578 §4.2 / WHATWG: percent-escape the characters that would break the header.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class MultipartBody:
    """One ``multipart/form-data`` body, re-iterable for retries, of known length when possible."""

    __slots__ = ("_parts", "boundary")

    def __init__(self, fields: Sequence[tuple[str, Any]]) -> None:
        self.boundary = secrets.token_hex(16)
        self._parts: list[tuple[bytes, bytes | UploadFile]] = []
        for name, spec in fields:
            if isinstance(spec, tuple):
                filename, value = spec[0], spec[1]
                content_type = spec[2] if len(spec) > 2 else None
            else:
                filename, value, content_type = None, spec, None
            disposition = f'Content-Disposition: form-data; name="{_quote(str(name))}"'
            if isinstance(value, UploadFile):
                filename = value.filename
                content_type = value.content_type
            elif hasattr(value, "read"):
                value = UploadFile(value, filename=filename, content_type=content_type)
                filename, content_type = value.filename, value.content_type
            elif isinstance(value, str):
                value = value.encode()
            elif not isinstance(value, bytes):
                value = str(value).encode()
            if filename is not None:
                disposition += f'; filename="{_quote(str(filename))}"'
            head = f"--{self.boundary}\r\n{disposition}\r\n"
            if content_type:
                head += f"Content-Type: {content_type}\r\n"
            self._parts.append(((head + "\r\n").encode(), value))

    @property
    def replayable(self) -> bool:
        """Whether every file part can be re-read for a retry."""
        return all(not isinstance(v, UploadFile) or v.replayable for _, v in self._parts)

    @property
    def headers(self) -> dict[str, str]:
        """Content-Type (with the boundary) and, when known, Content-Length."""
        out = {"Content-Type": f"multipart/form-data; boundary={self.boundary}"}
        length = self.content_length()
        if length is not None:
            out["Content-Length"] = str(length)
        return out

    def content_length(self) -> int | None:
        """The body's exact size, or None when a part's size cannot be known in advance."""
        total = len(self._tail())
        for head, value in self._parts:
            size = value.size() if isinstance(value, UploadFile) else len(value)
            if size is None:
                return None
            total += len(head) + size + 2
        return total

    def _tail(self) -> bytes:
        return f"--{self.boundary}--\r\n".encode()

    def iter(self) -> Iterator[bytes]:
        """The body's bytes, from the start (a new iteration re-reads every file)."""
        for head, value in self._parts:
            yield head
            if isinstance(value, UploadFile):
                yield from value.chunks()
            else:
                yield value
            yield b"\r\n"
        yield self._tail()

    async def aiter(self) -> AsyncIterator[bytes]:
        """The body's bytes for an async client (file reads are chunked and short)."""
        for chunk in self.iter():
            yield chunk
