"""Multipart bodies, JSON-lines decoding, deadlines and pagination."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sdk_core import (
    Deadline,
    JsonLinesDecoder,
    JsonLinesError,
    MultipartBody,
    Page,
    Pager,
    UploadFile,
)


def multipart_reference_parse(body: bytes, content_type: str) -> dict[str, bytes]:
    """Parse with the python-multipart package the fakes use, independent of our encoder."""
    from python_multipart import MultipartParser as StreamingParser

    boundary = content_type.split("boundary=")[1].encode()
    fields: dict[str, bytes] = {}
    current: dict[str, object] = {}

    def on_part_begin() -> None:
        current.clear()
        current["data"] = bytearray()
        current["headers"] = {}

    def on_header_field(data: bytes, start: int, end: int) -> None:
        current["field"] = data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        current["headers"][current["field"]] = data[start:end]  # type: ignore[index]

    def on_part_data(data: bytes, start: int, end: int) -> None:
        current["data"] += data[start:end]  # type: ignore[operator]

    def on_part_end() -> None:
        disposition = current["headers"][b"Content-Disposition"].decode()  # type: ignore[index]
        name = disposition.split('name="')[1].split('"')[0]
        fields[name] = bytes(current["data"])  # type: ignore[arg-type]

    parser = StreamingParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    for i in range(0, len(body), 1000):
        parser.write(body[i : i + 1000])
    parser.finalize()
    return fields


TRICKY = (
    b"a,b\r\n--\r\n--boundary\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    b'Content-Disposition: form-data; name="evil"\r\n\r\n\x00\xff\r\n--'
)


def test_multipart_round_trips_boundary_like_content(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(TRICKY * 1000)
    body = MultipartBody(
        [("file", ("data.csv", UploadFile(path), "text/csv")), ("name", (None, b"n", "text/plain"))]
    )
    raw = b"".join(body.iter())
    assert len(raw) == body.content_length()
    fields = multipart_reference_parse(raw, body.headers["Content-Type"])
    assert fields == {"file": TRICKY * 1000, "name": b"n"}


def test_each_body_gets_a_random_boundary() -> None:
    a = MultipartBody([("x", (None, b"1", None))])
    b = MultipartBody([("x", (None, b"1", None))])
    assert a.boundary != b.boundary
    assert len(a.boundary) >= 32


def test_retried_body_rereads_files_from_their_start(tmp_path: Path) -> None:
    payload = b"0123456789" * 100_000
    handle = io.BytesIO(b"HEADER" + payload)
    handle.read(6)  # the caller positioned the file after a header: upload from here
    body = MultipartBody([("file", ("f.bin", handle, None))])
    first = b"".join(body.iter())
    second = b"".join(body.iter())
    assert first == second
    assert multipart_reference_parse(first, body.headers["Content-Type"])["file"] == payload


def test_path_uploads_stream_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    chunks = list(MultipartBody([("file", ("big.bin", UploadFile(path), None))]).iter())
    assert max(len(c) for c in chunks) <= 256 * 1024


def test_filenames_cannot_inject_headers() -> None:
    body = MultipartBody([("file", ('a"\r\nX-Evil: 1.csv', b"data", None))])
    head = b"".join(body.iter()).split(b"\r\n\r\n")[0]
    assert b"\r\nX-Evil" not in head


def test_upload_file_rejects_text_mode_and_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        UploadFile(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        UploadFile(tmp_path / "missing.csv")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(json_values, max_size=8), cuts=st.lists(st.integers(0, 400), max_size=10))
def test_json_lines_survive_any_chunking(values: list[object], cuts: list[int]) -> None:
    data = "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values).encode()
    points = sorted({min(c, len(data)) for c in cuts})
    chunks = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    assert JsonLinesDecoder().decode_all(chunks) == values


def test_json_lines_limits_line_length() -> None:
    decoder = JsonLinesDecoder(max_line_bytes=10)
    with pytest.raises(JsonLinesError):
        decoder.feed(b'{"a": "' + b"x" * 20)


def test_deadline_paces_polls_within_the_budget() -> None:
    now = [100.0]
    deadline = Deadline(5.0, 2.0, clock=lambda: now[0])
    assert deadline.next_sleep() == 2.0
    now[0] = 104.0
    assert deadline.next_sleep() == 1.0  # never sleeps past the deadline
    now[0] = 105.0
    assert deadline.expired
    assert deadline.next_sleep() is None
    assert Deadline(None, 1.0).next_sleep() == 1.0
    with pytest.raises(ValueError, match="interval"):
        Deadline(1.0, 0.0)


def test_pager_follows_cursors_and_stops_on_a_loop() -> None:
    pages = {None: Page([1, 2], "b"), "b": Page([3], "c"), "c": Page([4], "b")}
    seen: list[str | None] = []

    def fetch(cursor: str | None) -> Page[int]:
        seen.append(cursor)
        return pages[cursor]

    assert list(Pager(fetch)) == [1, 2, 3, 4]
    assert seen == [None, "b", "c"]
    assert list(Pager(lambda c: Page([9], None), cursor="resume")) == [9]
