"""Write a build's files (PDF and HTML) as one set: all of them replaced, or none.

Every file goes to a temporary beside its target first (synced, with the mode the
target will have). One file is then renamed over its target (a rename is whole or not at
all). For several, when all are complete a small journal, ``.kitbuilder-pending``,
lists each temporary, its target and checksum; then every temporary is renamed over
its target and the journal is removed. Killed before the journal exists, the old
files are untouched and the next run into the folder removes the temporaries; killed
after it, the next run finishes the renames (rolls forward). Either way the folder
ends with all old or all new files. Runs into one folder take turns (a lock on the
folder itself, so no lock file is left behind).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.write.files import is_regular, remove_quietly, sha256_of, sync_folder, write_temporary

JOURNAL = ".kitbuilder-pending"
# The kinds of file a build writes; only temporaries of these (and of the journal) are ever removed.
FORMATS = ("pdf", "html")  # what a build can write of each layout: <layout>.pdf, <layout>.html
SUFFIXES = tuple(f".{name}" for name in FORMATS)
# Names tempfile.mkstemp(prefix=".<target>.", suffix=".tmp") makes: 8 characters from [a-z0-9_].
# Only kitbuilder's own: '.handout.pdf.x8k2_q0a.tmp', never another program's '.thesis.docx.abcdefgh.tmp'.
TEMPORARY = re.compile(rf"\.(?:.+\.(?:{'|'.join(FORMATS)})|kitbuilder-pending)\.[a-z0-9_]{{8}}\.tmp")
JOURNAL_LIMIT = 64 * 1024
LOCK_WAIT = 30.0  # seconds to wait for another kitbuilder writing into the same folder

# Test hook, for the kill test only: seconds to sleep after each step of the write
# (each temporary, the journal, each rename), so that a SIGKILL can land in between.
DELAY_HOOK = "KITBUILDER_TEST_WRITE_DELAY"


class WriteError(KitbuilderError):
    """Writing failed; ``written`` lists the PDFs that were replaced all the same (ideally none)."""

    def __init__(self, problems, written: list[Path] | None = None):
        super().__init__(problems)
        self.written = list(written or [])

    @classmethod
    def single(cls, origin, message, fix="", written=None) -> "WriteError":
        error = super().single(origin, message, fix)
        return cls(error.problems, written)


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file (all in one folder) as one set; return their paths."""
    if not files:
        return []
    folders = {path.parent for path in files}
    if len(folders) != 1:
        raise ValueError(f"one set of files is written into one folder, not {len(folders)}")
    folder = folders.pop()
    created = _make_folder(folder)
    try:
        return _write_set(folder, files)
    except BaseException:
        _remove_new_folders(created)  # a failed write leaves no new, empty folder behind
        raise


def _write_set(folder: Path, files: dict[Path, bytes]) -> list[Path]:
    with _folder_lock(folder):
        try:
            recover(folder)
        except OSError as exc:
            raise _os_error(exc, folder, []) from None
        for path in files:
            _check_target(path)
        temporaries: dict[Path, Path] = {}
        try:
            for path, data in files.items():
                temporaries[path] = write_temporary(path, data)
                _test_delay()
            if len(files) == 1:  # one rename replaces one file whole: a set of one needs no journal
                return _rename_one(folder, *temporaries.items())
            sync_folder(folder)  # the temporaries' names are on disk before the journal that lists them
            _write_journal(folder, {path: (temp, data) for (path, data), temp
                                    in zip(files.items(), temporaries.values())})
            _test_delay()
        except BaseException as exc:
            remove_quietly(list(temporaries.values()))
            if isinstance(exc, OSError):
                raise _os_error(exc, folder, []) from None
            raise
        return _rename_all(folder, temporaries)


def _rename_all(folder: Path, temporaries: dict[Path, Path]) -> list[Path]:
    done: list[Path] = []
    try:
        for path, temp in temporaries.items():
            os.replace(temp, path)
            done.append(path)
            _test_delay()
        sync_folder(folder)
        os.unlink(folder / JOURNAL)
        sync_folder(folder)
    except OSError as exc:
        # The file system refused a rename: say exactly what changed; leave no temporary or journal.
        remove_quietly([temp for path, temp in temporaries.items() if path not in done] + [folder / JOURNAL])
        raise _os_error(exc, folder, done) from None
    except BaseException:
        # Interrupted (Ctrl-C): the journal is complete, so finish the set rather than leave half of it.
        recover(folder)
        raise
    return done


def _rename_one(folder: Path, target: tuple[Path, Path]) -> list[Path]:
    path, temp = target
    try:
        os.replace(temp, path)
    except BaseException as exc:
        remove_quietly([temp])
        if isinstance(exc, OSError):
            raise _os_error(exc, folder, []) from None
        raise
    sync_folder(folder)
    return [path]


def recover(folder: Path) -> list[Path]:
    """Finish the set an interrupted build committed, and remove stale temporaries.

    Returns the PDFs the interrupted build's journal put in place now.
    """
    finished: list[Path] = []
    journal = folder / JOURNAL
    entries = _read_journal(journal)
    if entries is not None:
        for temp_name, target_name, digest in entries:
            temp = folder / temp_name
            if is_regular(temp) and sha256_of(temp) == digest:
                os.replace(temp, folder / target_name)
                finished.append(folder / target_name)
        sync_folder(folder)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(journal)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return finished
    stale = [folder / name for name in names if TEMPORARY.fullmatch(name) and is_regular(folder / name)]
    remove_quietly(stale)
    if stale or entries is not None:
        sync_folder(folder)
    return finished


def recover_folder(folder: Path) -> None:
    """:func:`recover` an existing folder, taking turns (a build with nothing to write still does)."""
    if os.path.isdir(folder):
        with _folder_lock(folder):
            try:
                recover(folder)
            except OSError as exc:
                raise _os_error(exc, folder, []) from None


# ---------------------------------------------------------------------------
# steps


def _make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; return those it made, deepest first."""
    missing = []
    for step in [folder, *folder.parents]:
        if os.path.lexists(step):
            break
        missing.append(step)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WriteError.single(Origin(str(folder)), "cannot make this folder for the PDFs: a file has its name "
                                "or the name of a folder above it",
                                "rename or remove that file, or choose another folder with --out") from None
    except OSError as exc:
        _remove_new_folders(missing)
        raise _os_error(exc, folder, []) from None
    return missing


def _remove_new_folders(created: list[Path]) -> None:
    """Remove the folders this write made, deepest first, if they are still empty."""
    for made in created:
        try:
            os.rmdir(made)
        except FileNotFoundError:
            continue
        except OSError:
            return  # not empty: the folders above it stay too


def _check_target(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _os_error(exc, path.parent, []) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError.single(Origin(str(path)), "cannot write the PDF here: a folder has this name",
                                "rename or remove that folder, or choose another folder with --out")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise WriteError.single(Origin(str(path)), "cannot write the PDF here: something that is not a file "
                                "has this name", "remove it, or choose another folder with --out")


def _write_journal(folder: Path, files: dict[Path, tuple[Path, bytes]]) -> None:
    entries = [{"temporary": temp.name, "target": path.name, "sha256": hashlib.sha256(data).hexdigest()}
               for path, (temp, data) in files.items()]
    text = json.dumps({"kitbuilder": 1, "files": entries}, indent=1).encode()
    handle, name = tempfile.mkstemp(prefix=f"{JOURNAL}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, folder / JOURNAL)
    except BaseException:
        remove_quietly([Path(name)])
        raise
    sync_folder(folder)


def _read_journal(journal: Path) -> list[tuple[str, str, str]] | None:
    """The journal's entries; None when there is none. Entries that do not look like ours are dropped."""
    try:
        info = os.lstat(journal)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > JOURNAL_LIMIT:
        return []
    try:
        files = json.loads(journal.read_bytes())["files"]
        entries = [(str(f["temporary"]), str(f["target"]), str(f["sha256"])) for f in files]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [(temp, target, digest) for temp, target, digest in entries
            if TEMPORARY.fullmatch(temp) and _plain_name(temp) and _plain_name(target)
            and target.endswith(SUFFIXES) and temp.startswith(f".{target}.")]


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name and "\0" not in name


# ---------------------------------------------------------------------------
# helpers


@contextlib.contextmanager
def _folder_lock(folder: Path):
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise WriteError.single(Origin(str(folder)), "another kitbuilder is writing to this folder",
                                            "wait until it has finished, then run the build again") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def _test_delay() -> None:
    delay = os.environ.get(DELAY_HOOK)
    if delay:
        time.sleep(float(delay))


def _os_error(exc: OSError, folder: Path, written: list[Path]) -> WriteError:
    where = Path(exc.filename) if exc.filename else folder
    if TEMPORARY.fullmatch(where.name):
        where = folder
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some disk space, or choose another folder with --out"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a folder you can write to with --out, or check this folder's permissions"
    else:
        fix = "check the folder, or choose another folder with --out"
    return WriteError.single(Origin(str(where)), f"cannot write the PDFs: {exc.strerror or exc}", fix, written)
