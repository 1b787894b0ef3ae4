"""Read a YAML file safely into :class:`Node` trees that remember file, line and column.

Only a regular file is read, never more than :data:`MAX_BYTES`, and only UTF-8 text
without control characters (:mod:`kitbuilder.source.yamlchecks`); the tree is built by
:mod:`kitbuilder.source.yamltree`, which accepts only plain data (mappings, sequences
and scalars) and refuses aliases, tags, duplicate keys and too deep nesting with a
located error before any value is built.

Problems that do not stop the reading (a duplicate key, a tag, a merge key) are
collected, so one run reports all of them; pass a
:class:`~kitbuilder.diagnostics.Problems` to :func:`load_file` or :func:`parse` to
have them reported together with the checks of the file's content.

A tree read without any problem is remembered for the process (:data:`TREES`), so a
batch that builds one kit for many events reads the kit's file once.
"""

from __future__ import annotations

import os
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems
from kitbuilder.memo import Memo
from kitbuilder.source.assets import regular_file
from kitbuilder.source.readstatus import note_read
from kitbuilder.source.yamlchecks import MAX_BYTES, check_bytes, describe_scalar, too_big
from kitbuilder.source.yamltree import MAPPING, SCALAR, SEQUENCE, Node, build_tree

__all__ = ["MAPPING", "MAX_BYTES", "SCALAR", "SEQUENCE", "Node", "describe_scalar", "load_file", "parse"]

# Trees already read in this process, by (path as shown, text). Only a file read without any
# problem is kept, so a problem is reported every time; the trees are never changed once
# built (a merge or an override builds new Nodes). Weighed by the characters of their texts.
MAX_TREE_CHARS = 1_000_000  # about thirty kits; a tree and its text take some 10 bytes a character
TREES = Memo(max_entries=4096, max_weight=MAX_TREE_CHARS)


def parse(text: str, path: str, problems: Problems | None = None) -> Node:
    """Parse YAML text into a Node tree, raising KitbuilderError with a location.

    Problems that do not stop the reading (duplicate keys, for instance) are added
    to ``problems`` when given, so the caller reports them with its own checks;
    otherwise they are raised at the end. A tag always stops the file here, once
    every tag and duplicate in it has been found. The tree is shared with every other
    reading of the same text under the same name: it must not be changed.
    """
    remembered = TREES.get((path, text))
    if remembered is not None:
        return remembered
    root, clean = build_tree(text, path, problems)
    if root is None:
        return Node(SCALAR, None, Origin(path, 1, 1))
    if clean:
        TREES.put((path, text), root, len(text))
    return root


def load_file(path: Path | str, what: str = "file", problems: Problems | None = None) -> Node:
    """Read and parse ``path``. ``what`` names the file kind in messages ('kit', 'layout').

    Only a regular file is read (a pipe or a device such as /dev/zero would block or
    never end), and never more than :data:`MAX_BYTES`. With ``problems``, problems
    that do not stop the reading are added to it (see :func:`parse`).
    """
    path = Path(path)
    shown = str(path)
    origin = Origin(shown)
    status = regular_file(path, origin, what)  # a pipe or a device is refused here, before open() could block
    if status is None:
        raise KitbuilderError.single(origin, f"{what} file not found", "check the path and the spelling of the file name")
    if status.st_size > MAX_BYTES:
        raise too_big(shown, status.st_size)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # never more, should the file grow meanwhile
            note_read(path, status, os.fstat(stream.fileno()))  # what a stamp of this build describes
    except FileNotFoundError:
        raise KitbuilderError.single(origin, f"{what} file not found",
                                     "check the path and the spelling of the file name") from None
    except PermissionError:
        raise KitbuilderError.single(
            origin, f"the {what} file cannot be read: permission denied",
            "check the file's permissions (it must be readable by you)",
        ) from None
    except OSError as exc:
        raise KitbuilderError.single(
            origin, f"cannot read the {what} file: {exc.strerror or exc}", "check the file and its permissions"
        ) from None
    if len(data) > MAX_BYTES:
        raise too_big(shown, None)
    text = check_bytes(data, shown)
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        raise KitbuilderError.single(
            Origin(shown, 1, 1), f"the {what} file is empty", "write its content (see the examples shipped with kitbuilder)"
        )
    root = parse(text, shown, problems)
    if root.kind == SCALAR and root.value is None:  # only '---' or '~', for instance
        raise KitbuilderError.single(
            Origin(shown, 1, 1), f"the {what} file has no content", "write its content (see the examples shipped with kitbuilder)"
        )
    return root
