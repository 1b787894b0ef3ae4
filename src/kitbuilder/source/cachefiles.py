"""The files of kitbuilder's cache folder: plain data behind a checksum, written whole or not at all.

Shared by the parsed fonts (:mod:`kitbuilder.source.fontcache`) and the shipped data
(:mod:`kitbuilder.source.datacache`). An entry is ``magic + SHA-256 of the payload +
payload``, the payload a :mod:`marshal` of plain data (dicts, lists, tuples, strings,
numbers; nothing that could run code when read). Reading trusts only a regular file (no
link, pipe or device: opened without following links or waiting) of at most ``max_bytes``
whose magic and checksum are right; anything else is as if missing. Writing goes to a
temporary name renamed into place, so a concurrent build never sees half a file; a folder
that cannot be written is skipped silently. Each folder keeps its ``max_files`` entries used
most recently (reading one renews its time).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import tempfile
import time
from pathlib import Path


STALE_SECONDS = 600  # a temporary this old belongs to no write still going on


def read_entry(path: Path, magic: bytes, max_bytes: int) -> tuple[bool, object]:
    """``(True, value)`` for a trustworthy entry at ``path``, else ``(False, None)``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return False, None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return False, None
        with os.fdopen(handle, "rb") as stream:
            handle = None
            blob = stream.read(max_bytes + 1)
        os.utime(path, follow_symlinks=False)  # recently used: kept when the folder is pruned
    except OSError:
        return False, None
    finally:
        if handle is not None:
            os.close(handle)
    head = len(magic) + 32
    if len(blob) > max_bytes or len(blob) < head or not blob.startswith(magic) \
            or hashlib.sha256(memoryview(blob)[head:]).digest() != blob[len(magic):head]:
        return False, None
    try:
        return True, marshal.loads(memoryview(blob)[head:])
    except (EOFError, ValueError, TypeError):
        return False, None


def write_entry(path: Path, value, magic: bytes, max_bytes: int | None, max_files: int) -> None:
    """Keep ``value`` at ``path`` (not when it is no plain data, or larger than ``max_bytes``: one
    that reading would refuse; None writes what ``marshal`` stores)."""
    try:
        payload = marshal.dumps(value)
    except ValueError:  # not plain data: made again each time
        return
    if max_bytes is not None and len(payload) + len(magic) + 32 > max_bytes:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(magic + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        prune(path.parent, max_files)
    except OSError:
        pass


def prune(folder: Path, max_files: int) -> None:
    """Remove all but the ``max_files`` most recently used entries of ``folder``, and temporaries
    left by killed writers (another process may be removing the same ones: a file already gone
    is fine)."""
    for temporary in folder.glob(".entry-*.tmp"):  # left by a process killed while writing
        try:
            if time.time() - temporary.stat().st_mtime > STALE_SECONDS:
                temporary.unlink()
        except OSError:
            pass
    files = list(folder.glob("*.bin"))
    if len(files) <= max_files:
        return

    def last_used(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    for old in sorted(files, key=last_used)[:len(files) - max_files]:
        old.unlink(missing_ok=True)
