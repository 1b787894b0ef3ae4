"""Files that one input file names (a logo, a font, a layout it extends): found and read safely.

Kits, events and layouts travel between clubs by e-mail, so a file from someone else
must not be able to reach the rest of the machine. A path written inside a file is
therefore confined to that file's own folder (and, for fonts and layouts, to the
folders kitbuilder ships): absolute paths, ``..`` and symbolic links that lead out
are refused by name. Only regular files are read (a FIFO would block for ever, a
device such as /dev/zero never ends), and never more than a stated number of bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source.readstatus import note_read


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _resolved_in(folder: Path, written: Path) -> Path:
    """``(folder / written).resolve()`` for a ``folder`` already resolved and a ``written`` path
    without ``..`` (refused before): a plain file name that is no symbolic link is resolved as
    it stands (one status read instead of one per folder of the path). Not on Windows, where
    a junction is no link to ``islink`` but is followed by ``resolve``."""
    candidate = folder / written
    if os.name == "posix" and len(written.parts) == 1 and not os.path.islink(candidate):
        return candidate
    return candidate.resolve()


def confined(text: str, naming_file: Path, origin: Origin, what: str, shipped: tuple[Path, ...] = (),
             key: str | None = None, place: str | None = None) -> list[Path]:
    """The places ``text`` may mean, beside ``naming_file`` first, then in each ``shipped`` folder.

    Raises a located error when the path leaves those folders (absolute, ``..``, or a
    symbolic link that points elsewhere). The returned paths are resolved; they may
    not exist. ``key`` is the key the path is written after (``what`` by default), for the fix.
    ``place`` names the folder in messages (default: "the folder of <naming file>").
    """
    if "\0" in text or any(ord(c) < 32 for c in text):
        raise KitbuilderError.single(origin, f"the {what} path {text!r} contains a control character, which no "
                                     "file name can hold", f"write the {what}'s file name as plain text")
    written = Path(text)
    own = naming_file.parent.resolve()
    place = place or f"the folder of {naming_file.name}"
    fix = (f"copy the {what} into {place} and write just its file name"
           + (f", e.g. '{key or what}: {written.name}'" if written.name else ""))
    if written.is_absolute() or written.anchor or ".." in written.parts:
        raise KitbuilderError.single(
            origin, f"{what} '{text}' is outside {place}; "
            "files may only name files in their own folder", fix)
    candidates = []
    for folder in (own, *(p.resolve() for p in shipped)):
        try:
            candidate = _resolved_in(folder, written)
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link that leads back to itself
            raise KitbuilderError.single(origin, f"{what} '{text}' is a symbolic link that loops back on itself",
                                         fix) from None
        if not _inside(candidate, folder):
            raise KitbuilderError.single(
                origin, f"{what} '{text}' is a link that leads outside {place}", fix)
        candidates.append(candidate)
    return candidates


def regular_file(path: Path, origin: Origin, what: str, shown: str | None = None,
                 fix: str | None = None) -> os.stat_result | None:
    """The file's status when it is a regular file; None when it does not exist.

    A folder, pipe, device or socket is refused with a located error. ``shown`` is the
    path as the user wrote it (default: ``path``); ``fix`` replaces the fix of those errors.
    """
    name = shown or path
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KitbuilderError.single(origin, f"cannot read the {what} '{name}': {exc.strerror or exc}",
                                     fix or "check the file and its permissions") from None
    if stat.S_ISDIR(status.st_mode):
        raise KitbuilderError.single(origin, f"the {what} '{name}' is a folder, not a file",
                                     fix or f"name the {what} file itself")
    if not stat.S_ISREG(status.st_mode):
        raise KitbuilderError.single(origin, f"the {what} '{name}' is not a regular file (a pipe, device or socket)",
                                     fix or f"name an ordinary {what} file saved on disk")
    return status


def read_limited(path: Path, origin: Origin, what: str, limit: int, fix: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is a located error."""
    status = regular_file(path, origin, what)
    if status is None:
        raise KitbuilderError.single(origin, f"{what} file '{path}' not found",
                                     "check the path and the spelling of the file name")
    if status.st_size > limit:
        raise KitbuilderError.single(
            origin, f"the {what} '{path.name}' is {status.st_size:,} bytes; the limit is {limit:,} bytes", fix)
    try:
        # O_NONBLOCK: should the file have been swapped for a pipe since stat(), open() must not wait.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise KitbuilderError.single(origin, f"the {what} '{path}' is not a regular file",
                                             f"name an ordinary {what} file saved on disk")
            data = stream.read(limit + 1)
            note_read(path, status, os.fstat(stream.fileno()))  # what a stamp of this build describes
    except PermissionError:
        raise KitbuilderError.single(origin, f"the {what} '{path}' cannot be read: permission denied",
                                     "check the file's permissions (it must be readable by you)") from None
    except OSError as exc:
        raise KitbuilderError.single(origin, f"cannot read the {what} '{path}': {exc.strerror or exc}",
                                     "check the file and its permissions") from None
    if len(data) > limit:
        raise KitbuilderError.single(origin, f"the {what} '{path.name}' is larger than {limit:,} bytes", fix)
    return data
