"""Files handed to the upload and predict calls."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

from gnosys._exceptions import ValidationError

if TYPE_CHECKING:
    from sdk_core import UploadFile

__all__ = ["FileInput", "upload_file"]

#: A path (``str`` / ``Path``) or a file opened in binary mode.
FileInput = str | os.PathLike[str] | IO[bytes]


def upload_file(name: str, file: object) -> UploadFile:
    """``file`` as a streamed upload, typed by its extension; a ValidationError if unusable."""
    from sdk_core import UploadFile  # uploads only: not loaded by `import gnosys`

    try:
        upload = UploadFile(file)  # type: ignore[arg-type]
    except (OSError, TypeError, ValueError) as exc:
        raise ValidationError(
            f"{name}: cannot upload this file ({type(exc).__name__}: {exc})"
        ) from None
    lowered = upload.filename.lower()
    if lowered.endswith(".csv"):
        upload.content_type = "text/csv"
    elif lowered.endswith((".parquet", ".pq")):
        upload.content_type = "application/vnd.apache.parquet"
    return upload
