"""Write output files atomically: a temporary file beside the target, renamed when complete.

A failed or interrupted build leaves earlier PDFs untouched and no stray files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import KitbuilderError, Origin


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KitbuilderError.single(Origin(str(path.parent)), f"cannot write to this folder: {exc.strerror}",
                                     "choose another folder with --out, or check its permissions") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise KitbuilderError.single(Origin(str(path)), f"cannot write the PDF: {exc.strerror}",
                                         "check free disk space and the folder's permissions") from None
        raise


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file (each atomically); the caller renders all of them first."""
    written = []
    for path, data in files.items():
        write_atomic(path, data)
        written.append(path)
    return written
