"""Plain data worked out the same way on every build, kept on disk so that it is worked out once per machine.

The declarations (``model/specs/*.yaml``), the typography rules (``labels/_typography.yaml``),
CLDR's month and day names and what it says of a language tag (through Babel) never change
between two builds, yet reading
them took some 15 ms of every build. :func:`remembered` keeps each in the user's cache folder
(the font cache's: ``KITBUILDER_CACHE_DIR`` overrides it), one file per value, named by the
SHA-256 of what it is made from (a file's bytes, or a text naming a library's version and the
question asked) and of the versions of Python and kitbuilder.

Only plain data is stored (:mod:`marshal` of dicts, lists, tuples, strings, numbers; nothing
that could run code when read), behind a checksum: a missing, truncated, corrupt or foreign
entry, or anything in its place that is not a regular file of at most :data:`MAX_BYTES`, is
ignored and made again, never used. Files are written to a temporary name and renamed into
place, so concurrent builds never see half a file; a folder that cannot be written is skipped
silently. The cache only saves time: it never decides what is printed. The folder keeps the
:data:`MAX_FILES` entries used most recently.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import types
from pathlib import Path
from typing import Callable, TypeVar

from kitbuilder.source.cachefiles import read_entry, write_entry

T = TypeVar("T")

FORMAT = 1  # bump when what is stored changes
MAX_FILES = 64  # a handful per kitbuilder version (specs, rules, the languages built)
MAX_BYTES = 1024 * 1024  # the largest entry (the layout declaration) is under 10 KB
MAGIC = b"kitbuilder-data-cache\n"
_MISSING = object()


def _versions() -> bytes:
    from kitbuilder import __version__

    return f"{FORMAT}-marshal{marshal.version}-py{sys.version_info[0]}.{sys.version_info[1]}-kb{__version__}".encode()


def remembered(kind: str, source: bytes | str, make: Callable[..., T], *args,
               check: Callable[[object], bool] | None = None) -> T:
    """``make(*args)``, or the copy of it kept for ``kind`` (a word: ``spec``, ``calendar``),
    ``source`` (everything else the value is made from: a file's bytes, a library's version)
    and the code of ``make`` itself (a changed function is not answered by what the old one made).
    ``make`` must return plain data that :mod:`marshal` can store (anything else is simply not
    kept); each call returns a fresh copy. With ``check``, a kept copy it refuses (returns
    false for) is made again and rewritten."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    parts = (_versions(), kind.encode("utf-8"), _code_text(make.__code__), repr(make.__defaults__).encode("utf-8"),
             repr(args).encode("utf-8"), source)
    key = hashlib.sha256(b"\0".join(parts)).hexdigest()
    path = _folder() / f"{kind}-{key[:40]}.bin"
    value = _read(path, key)
    if value is not _MISSING and (check is None or check(value)):
        return value
    value = make(*args)
    _write(path, key, value)
    return value


def _code_text(code: types.CodeType) -> bytes:
    """What a function does, as bytes that are the same in every process (its bytecode, the
    names and constants it uses, its inner functions'), unlike ``repr`` (addresses) or marshal."""
    parts = [code.co_code, repr(code.co_names).encode("utf-8")]
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            parts.append(_code_text(constant))
        elif isinstance(constant, frozenset):  # a set literal: its repr's order changes with the hash seed
            parts.append(repr(sorted(map(repr, constant))).encode("utf-8"))
        else:
            parts.append(repr(constant).encode("utf-8"))
    return b"\1".join(parts)


def _folder() -> Path:
    from kitbuilder.source.fontcache import cache_dir

    return cache_dir() / "data"


def _read(path: Path, key: str):
    """The value kept at ``path`` for ``key``, or :data:`_MISSING` when there is none to trust."""
    found, stored = read_entry(path, MAGIC, MAX_BYTES)
    if not found or not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return _MISSING
    return stored[1]


def _write(path: Path, key: str, value) -> None:
    write_entry(path, (key, value), MAGIC, MAX_BYTES, MAX_FILES)


def yaml_data(data: bytes, kind: str):
    """The plain data of a YAML file that ships with kitbuilder (``data``: its bytes), read with
    libyaml's C parser when present. Only for kitbuilder's own files: users' files are read by
    :mod:`kitbuilder.source.yamlsource`, which checks everything and keeps where each value stands."""
    import yaml

    return remembered(kind, "pyyaml " + yaml.__version__, _parsed, data)


def _parsed(data: bytes):
    import yaml

    return yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
