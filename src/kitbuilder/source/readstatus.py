"""What each input file was when the build read it: the status a stamp must describe.

A stamp (:mod:`kitbuilder.workflow.stamps`) says an output was made from certain bytes of
its input files. The statuses it is checked against are noted after the build has read and
composed its inputs, so a file saved in between (an editor saving while the build runs)
would be described by its new bytes while the output holds the old ones. So each reader
of an input file (YAML files: :mod:`kitbuilder.source.yamlsource`; fonts:
:mod:`kitbuilder.source.fontfiles`; logos: :func:`kitbuilder.source.assets.read_limited`;
labels files that are not there) notes here the status of the file it read, taken from
the open file before and after reading it (no second read), and :func:`unchanged_since_read`
tells the stamps whether the file is still as read.

A build starts afresh (:func:`new_build`). A file read twice by one build with different
statuses, or changed while it was read, is noted as changed: its outputs get no stamp and
are made again next time. A file the build did not note is judged by its status now, as before,
unless the notes ran out of room (:data:`MAX_NOTED` files since the build started): then no
file not noted is vouched for, and the outputs go unstamped rather than risk a stale stamp.
"""

from __future__ import annotations

import os

CHANGED = "changed"  # read at two statuses, or written while it was read
MISSING = "missing"  # looked for and not found
MAX_NOTED = 10_000  # a session that never starts a build (validate in a loop) stays bounded

# By the file's absolute path as read, and by its (device, inode): a file read under one name
# (a link, a relative path) and listed under another is still found.
_NOTED: dict = {}
_full = False  # a file was read when there was no room left to note it


def new_build() -> None:
    """Forget what earlier builds read: the next statuses noted are this build's."""
    global _full
    _NOTED.clear()
    _full = False


def _status(status: os.stat_result) -> tuple:
    return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_ctime_ns, status.st_size)


def _note(keys: tuple, seen) -> None:
    global _full
    if len(_NOTED) >= MAX_NOTED and any(key not in _NOTED for key in keys):
        _full = True  # never forget what was noted (a change would be forgotten with it)
        return
    for key in keys:
        known = _NOTED.get(key)
        _NOTED[key] = seen if known is None or known == seen else CHANGED


def note_read(path, before: os.stat_result, after: os.stat_result | None = None) -> None:
    """The build read ``path``, whose status was ``before`` when it opened it (or when it found
    it unchanged, for a file read by an earlier build) and ``after`` once read."""
    seen = _status(before)
    if after is not None and _status(after) != seen:
        seen = CHANGED
    _note((os.path.abspath(path), (before.st_dev, before.st_ino)), seen)


def note_missing(path) -> None:
    """The build looked for ``path`` (a labels file that may serve the kit) and did not find it."""
    _note((os.path.abspath(path),), MISSING)


def unchanged_since_read(path, now: os.stat_result | None) -> bool:
    """Whether ``path``, whose status is ``now`` (None: missing), is as this build found it; True
    for a file this build did not note (False once the notes ran out of room)."""
    known = _NOTED.get(os.path.abspath(path))
    if known is None and now is not None:
        known = _NOTED.get((now.st_dev, now.st_ino))
    if known is None:
        return not _full
    if known == MISSING:
        return now is None
    return known != CHANGED and now is not None and _status(now) == known
