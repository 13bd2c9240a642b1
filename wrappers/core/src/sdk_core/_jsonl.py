"""Reading JSON-lines (one JSON value per line) from a byte stream, incrementally."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

__all__ = ["JsonLinesDecoder", "JsonLinesError"]

MAX_LINE_BYTES = 8 * 1024 * 1024


class JsonLinesError(ValueError):
    """A line of the stream is not valid JSON, or is longer than the decoder accepts."""

    def __init__(self, message: str, *, line_number: int) -> None:
        super().__init__(message)
        self.line_number = line_number


class JsonLinesDecoder:
    """Turns arbitrary byte chunks into complete JSON values, one per non-blank line.

    Chunk boundaries may fall anywhere, including inside a multi-byte UTF-8 character.
    """

    __slots__ = ("_buffer", "_error", "_line_number", "_max_line_bytes")

    def __init__(self, *, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self._buffer = bytearray()
        self._line_number = 0
        self._max_line_bytes = max_line_bytes
        self._error: JsonLinesError | None = None

    def feed(self, chunk: bytes) -> list[Any]:
        """Add ``chunk``; return the values of every line it completed.

        A bad line is raised on the call *after* the one that returned the good lines before
        it, so no good value is lost.
        """
        self._raise_pending()
        self._buffer += chunk
        values: list[Any] = []
        start = 0
        while (end := self._buffer.find(b"\n", start)) != -1:
            try:
                self._decode(bytes(self._buffer[start:end]), values)
            except JsonLinesError as exc:
                self._error = exc
                if not values:
                    self._raise_pending()
                return values
            start = end + 1
        del self._buffer[:start]
        if len(self._buffer) > self._max_line_bytes:
            raise JsonLinesError(
                f"line {self._line_number + 1} exceeds {self._max_line_bytes} bytes",
                line_number=self._line_number + 1,
            )
        return values

    def close(self) -> list[Any]:
        """End of stream: return the last line's value if it had no trailing newline."""
        self._raise_pending()
        values: list[Any] = []
        if self._buffer:
            self._decode(bytes(self._buffer), values)
            self._buffer.clear()
        return values

    def decode_all(self, chunks: Iterable[bytes]) -> list[Any]:
        """Every value in ``chunks`` (for bodies that are already complete)."""
        values = [v for chunk in chunks for v in self.feed(chunk)]
        return values + self.close()

    def _raise_pending(self) -> None:
        if self._error is not None:
            raise self._error

    def _decode(self, line: bytes, values: list[Any]) -> None:
        self._line_number += 1
        if not line.strip():
            return  # blank lines are keep-alives
        try:
            values.append(json.loads(line))
        except ValueError as exc:
            raise JsonLinesError(
                f"line {self._line_number} is not valid JSON: {exc}", line_number=self._line_number
            ) from None
