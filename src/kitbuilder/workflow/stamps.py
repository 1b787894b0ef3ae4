"""Incremental builds: an output is rebuilt only when something it is made from changed.

Each output file (``<out>/<kit>/[<event>/]<layout>.pdf`` or ``.html``) gets a stamp: a
digest of everything it is made from (the kit, the club's ``labels/<tag>.yaml`` beside
the kit for every tag that may serve its language, present or not, the event and its
logo, every layout file of the ``extends:`` chain, the layout's font files, kitbuilder
itself with its labels, typography rules and shipped layouts, the versions of the
libraries that set and draw the text (ReportLab, Babel's CLDR data, pyphen's
patterns), and the options: ``--set``, bleed, crop marks, grayscale, format) and the
digest of the file as written. A file whose inputs have the same digest and whose
bytes are still those written is up to date. Only an output that exists can be, so a
build takes the digests of the others while its layouts render, of the files' contents
as they were when it read them (their statuses, noted then, must not have changed).

Stamps live in the user's cache folder (platformdirs), one small file per output,
keyed by the output's absolute path, so the output folder holds nothing but the
outputs. A stamp is written (atomically, after the set of outputs) only once its
output is in place: killed before, the next build finds an old or no stamp and
rebuilds; a stamp that cannot be read or written only costs a rebuild.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from kitbuilder import __version__
from kitbuilder.memo import Memo
from kitbuilder.source.readstatus import unchanged_since_read

STAMP_FORMAT = 1
CACHE_ENV = "KITBUILDER_CACHE_DIR"  # another cache folder (tests, or a shared build machine)
PACKAGE = Path(__file__).resolve().parent.parent
PACKAGE_SUFFIXES = (".py", ".yaml", ".json", ".css", ".ttf", ".otf")

LIBRARIES = ("reportlab", "babel", "pyphen", "PIL")  # their data (CLDR, patterns) shape the output (import names)
# (path, inode, times, size) -> the file's SHA-256: any write changes the key, so an entry never goes stale
_FILE_DIGESTS = Memo(max_entries=10_000, max_weight=10_000)


def cache_folder() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("kitbuilder", appauthor=False))


def file_digest(path: Path | str) -> str:
    """The SHA-256 of a regular file's bytes ("missing" when it cannot be read or is no regular
    file: a pipe or device put in a PDF's place is never waited on), memoised by its status.

    The status includes the change time, which any write sets and no tool can set back (a copy
    that restores the modification time and size still changes it).
    """
    return _digest_and_status(path)[0]


def _status_key(path: Path | str, status: os.stat_result) -> tuple:
    return (str(path), status.st_ino, status.st_mtime_ns, status.st_ctime_ns, status.st_size)


def _digest_and_status(path: Path | str) -> tuple[str, tuple | None]:
    """The file's digest and the status it was taken at (None for "missing")."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return "missing", None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return "missing", None
        key = _status_key(path, status)
        digest = _FILE_DIGESTS.get(key)
        if digest is None:
            try:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            except OSError:
                return "missing", None
            _FILE_DIGESTS.put(key, digest, 1)
    return digest, key


CHANGED = ("changed since the build read it",)  # a status no file has


def statuses(files: list[Path]) -> tuple:
    """The files' statuses now (what :func:`file_digest` keys by; None for one that is missing or
    no regular file), so that their digests can be taken later (:func:`inputs_digest`,
    ``as_read``) and still be those of the files the build read: :data:`CHANGED` for a file
    that is no longer as the build read it (:mod:`kitbuilder.source.readstatus`)."""
    found = []
    for path in files:
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if not unchanged_since_read(path, status):
            found.append(CHANGED)
        elif status is None or not stat.S_ISREG(status.st_mode):
            found.append(None)
        else:
            found.append(_status_key(path, status))
    return tuple(found)


@functools.cache
def tool_digest() -> str:
    """kitbuilder's version, the state of its own files (code, labels, typography rules, layouts,
    specs, fonts) and the versions of the libraries whose data shape the output."""
    from importlib.util import find_spec

    digest = hashlib.sha256(__version__.encode())
    for library in LIBRARIES:  # found, not imported; installing another version rewrites its files
        spec = find_spec(library)
        origin = spec.origin if spec is not None and spec.origin else None
        status = os.stat(origin) if origin and os.path.exists(origin) else None
        digest.update(f"{library}\0{origin}\0{status and (status.st_size, status.st_mtime_ns)}\n".encode())
    for root, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(PACKAGE_SUFFIXES):
                status = os.stat(os.path.join(root, name))
                digest.update(f"{os.path.join(root, name)}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    from kitbuilder.model.layoutfiles import builtin_dir  # the shipped layouts may live outside the package

    for path in sorted(builtin_dir().glob("*.yaml")):
        digest.update(f"{path}\0{file_digest(path)}\n".encode())
    return digest.hexdigest()


def layout_files(spec: str) -> list[Path]:
    """Every file of the layout's ``extends:`` chain, the layout named by ``spec`` first."""
    from kitbuilder.model.layoutfiles import load_layout_file, resolve_layout
    from kitbuilder.source.yamlsource import MAPPING, SCALAR

    path, origin, found = resolve_layout(spec), None, []
    while path.resolve() not in found and len(found) < 50:
        found.append(path.resolve())
        root = load_layout_file(path, spec, origin, None)
        parent = root.value.get("extends") if root.kind == MAPPING else None
        if parent is None or parent.kind != SCALAR or not isinstance(parent.value, str):
            break
        spec, origin = parent.value.strip(), parent.origin
        path = resolve_layout(spec, path.parent, origin)
    return found


def club_labels_files(kit) -> list[Path]:
    """The club's labels files that may serve the kit's language (``labels/<tag>.yaml`` beside
    the kit, one per tag of the fallback chain), whether they exist yet or not."""
    from kitbuilder.model.kitlabels import USER_FOLDER
    from kitbuilder.model.language import fallbacks

    folder = Path(kit.path).parent / USER_FOLDER
    try:
        tags = fallbacks(str(kit.language))
    except Exception:  # a language Babel cannot read: the kit was refused for it already
        tags = [str(kit.language)]
    return [folder / f"{tag}.yaml" for tag in tags]


def input_files(kit, event, layout, spec: str) -> list[Path]:
    """The files one layout's output of this kit and event is made from (kitbuilder's own aside)."""
    files = [Path(kit.path), *club_labels_files(kit)]
    if event.path is not None:
        files.append(Path(event.path))
    if event.logo is not None:
        files.append(Path(event.logo))
    files += layout_files(spec)
    for family in layout.fonts.values():
        files += [family.regular, family.bold, family.italic, family.bold_italic]
    return [Path(path) for path in dict.fromkeys(files)]


def inputs_digest(files: list[Path], options: dict, as_read: tuple | None = None) -> str | None:
    """One digest of the files' contents, kitbuilder's own state and the build options.

    With ``as_read`` (the files' :func:`statuses` when the build read them): None when any
    file has changed since, as its output was made from what was read before (no stamp then:
    the next build makes it again).
    """
    digest = hashlib.sha256(f"{STAMP_FORMAT}\0{tool_digest()}\0".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    for number, path in enumerate(files):
        found, status = _digest_and_status(path)
        if as_read is not None and status != as_read[number]:
            return None
        digest.update(f"\0{path.resolve()}\0{found}".encode())
    return digest.hexdigest()


def note_inputs(pending: dict) -> Callable[[], tuple[dict, dict]]:
    """The input files of each output in ``pending`` (output: (kit, event, layout, spec, options), as
    :func:`input_files` takes them) and their :func:`statuses`, once the build has read them; returns
    what takes their digests later (:func:`later_digests`), beside the rendering."""
    noted = {}
    for output, (kit, event, layout, spec, options) in pending.items():
        files = input_files(kit, event, layout, spec)
        noted[output] = (files, options, statuses(files))
    return functools.partial(later_digests, noted)


def later_digests(pending: dict) -> tuple[dict, dict]:
    """:func:`inputs_digest` of each output in ``pending`` (output: (files, options, statuses)), and the
    digests of those files: a build takes them beside its rendering (perhaps in another
    process, see :mod:`kitbuilder.parallel`) and gives the file digests to :func:`remember`."""
    digests = {output: inputs_digest(files, options, as_read) for output, (files, options, as_read) in pending.items()}
    taken = {key: _FILE_DIGESTS.get(key) for _, _, as_read in pending.values() for key in as_read
             if key is not None and key is not CHANGED}
    return digests, {key: digest for key, digest in taken.items() if digest is not None}


def remember(file_digests: dict) -> None:
    """File digests another process took (:func:`later_digests`), kept as if taken here."""
    for key, digest in file_digests.items():
        _FILE_DIGESTS.put(key, digest, 1)


def _stamp_path(output: Path) -> Path:
    name = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:32]
    return cache_folder() / "stamps" / name[:2] / f"{name}.json"


def is_current(output: Path, inputs: str) -> bool:
    """Whether ``output`` exists as it was written from inputs with this digest."""
    try:
        stamp = json.loads(_stamp_path(output).read_text(encoding="utf-8"))
        return (stamp.get("inputs") == inputs and stamp.get("output") == str(Path(output).resolve())
                and stamp.get("sha256") == file_digest(output))
    except (OSError, ValueError, AttributeError):
        return False


def record(output: Path, inputs: str | None, data: bytes | None = None) -> None:
    """Stamp ``output`` (already written, with the bytes ``data`` when given: not read back) as
    made from ``inputs``; a failure only costs a rebuild. ``inputs`` None (an input changed
    while the output was made) removes its stamp: the next build makes it again."""
    stamp = _stamp_path(output)
    if inputs is None:
        with contextlib.suppress(OSError):
            os.unlink(stamp)
        return
    written = hashlib.sha256(data).hexdigest() if data is not None else file_digest(output)
    text = json.dumps({"inputs": inputs, "output": str(Path(output).resolve()), "sha256": written})
    with contextlib.suppress(OSError):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".stamp.", suffix=".tmp", dir=stamp.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(name, stamp)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(name)
