"""Finding and reading layout files: names, paths, ``extends:`` chains and ``--set`` overrides.

A layout named on the command line (``--layout NAME`` or ``--layout PATH``) is the
user's own choice: any regular file may be given. A layout named *inside* a layout
(``extends:``) came from someone else's file, so it is confined to that file's folder
and the shipped layouts (:func:`kitbuilder.source.assets.confined`), and a file that turns
out not to be a layout (a kit, /etc/shadow, a picture) is refused in one message that
never repeats its content.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

from kitbuilder.source.assets import confined, regular_file
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.source.readstatus import note_read
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, SCALAR, MAX_BYTES, Node, load_file
from kitbuilder.source.setvalues import parse_value

BUILTIN_PACKAGE = "kitbuilder.layouts"
FONTS_PACKAGE = "kitbuilder.fonts"
MAX_EXTENDS = 20

# Every layout file has one of these keys: 'extends:' or, at the root of a chain,
# the required page/fonts/styles/sections.
LAYOUT_MARKERS = ("extends", "page", "fonts", "styles", "sections")
KIT_MARKERS = ("film", "summary", "questions")
_MARKER_LINE = re.compile(rb"^[ \t-]*(?:%s)[ \t]*:" % b"|".join(k.encode() for k in LAYOUT_MARKERS), re.MULTILINE)


def builtin_dir() -> Path:
    return Path(importlib.import_module(BUILTIN_PACKAGE).__file__).parent


def fonts_dir() -> Path:
    return Path(importlib.import_module(FONTS_PACKAGE).__file__).parent


def available_layouts() -> dict[str, str]:
    """Shipped layout names -> one-line description (layouts named base* are building blocks)."""
    found = {}
    for path in sorted(builtin_dir().glob("*.yaml"), key=lambda p: p.stem):
        if path.stem.startswith("_"):
            continue
        try:
            root = load_file(path, "layout")
            desc = root.value.get("description") if root.kind == MAPPING else None
            found[path.stem] = str(desc.value) if desc is not None else ""
        except KitbuilderError:
            found[path.stem] = "(this layout file has errors)"
    return found


def is_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec


def _existing(path: Path, origin: Origin, shown: str) -> Path | None:
    """``path`` when it is a regular file; None when missing; a located error for folders, pipes, devices."""
    status = regular_file(path, origin, "layout", shown, fix="name a layout .yaml file saved on disk")
    return path if status is not None else None


def resolve_layout(spec: str, relative_to: Path | None = None, origin: Origin | None = None) -> Path:
    """A layout name or path -> the file. Names are looked up beside ``relative_to``, then shipped.

    ``origin`` is where the name was written (an ``extends:`` line, in the file
    ``relative_to``); without one the name came from the command line's ``--layout``.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise KitbuilderError.single(origin or Origin("--layout"), "the layout name is empty",
                                     "name a layout: " + ", ".join(available_layouts()))
    if origin is not None and relative_to is not None:  # named inside a layout file: confined
        written = spec if is_path(spec) else f"{spec}.yaml"
        naming = Path(origin.file)
        candidates = confined(written, naming, origin, "layout", (builtin_dir(),), key="extends")
        for candidate in candidates:
            if _existing(candidate, origin, spec):
                return candidate
    elif is_path(spec):  # the user's own choice on the command line
        found = _existing(Path(spec), Origin(spec), spec)
        if found:
            return found
    else:
        candidate = builtin_dir() / f"{spec}.yaml"
        if _existing(candidate, Origin("--layout"), spec):
            return candidate
    if is_path(spec):
        raise KitbuilderError.single(origin or Origin(spec), f"layout file '{spec}' not found",
                                     "check the path, or use a layout name: " + ", ".join(available_layouts()))
    names = list(available_layouts())
    hint = did_you_mean(spec, names)
    raise KitbuilderError.single(
        origin or Origin("--layout"), f"unknown layout '{spec}'",
        (hint + " " if hint else "") + "available layouts: " + ", ".join(names) + " (or give a path to a .yaml file)",
    )


def _has_layout_lines(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return bool(_MARKER_LINE.search(stream.read(MAX_BYTES)))
    except OSError:
        return True  # let the reader's own message say what is wrong


def is_layout_file(path: Path) -> bool:
    """Whether the file holds a layout (one of its marker keys at the top) rather than a kit or event."""
    try:
        root = _parsed(Path(path))[0]  # the same parse load_layout_tree then uses
    except KitbuilderError:
        return _has_layout_lines(Path(path)) if Path(path).is_file() else False
    return root.kind == MAPPING and any(key in root.value for key in LAYOUT_MARKERS) \
        and not any(key in root.value for key in KIT_MARKERS)


def _not_a_layout(path: Path, spec: str, origin: Origin | None) -> KitbuilderError:
    where = origin or Origin(str(path))
    return KitbuilderError.single(
        where, f"'{spec}' is not a layout file (it has none of the keys a layout has: "
        f"{', '.join(LAYOUT_MARKERS)})",
        "extends: must name a layout .yaml file, e.g. 'extends: guide'" if origin
        else "--layout must name a layout .yaml file, e.g. '--layout guide'")


# Parsed layout files by (path, inode, change times, size): a build of several layouts reads
# _base.yaml once, not once per layout. Nodes are never changed after parsing, so one
# parsed tree is shared safely; an edited file has another key and is read again.
_PARSED: dict[tuple, tuple[Node, tuple]] = {}
MAX_PARSED = 64


def _parsed(path: Path) -> tuple[Node, tuple]:
    """The file's tree and the problems found while reading it (duplicate keys), memoised."""
    try:
        status = path.stat()
        key = (str(path.resolve()), status.st_ino, status.st_mtime_ns, status.st_ctime_ns, status.st_size)
    except OSError:
        key = None
    if key is not None and key in _PARSED:
        note_read(path, status)  # as the build that read it found it
        return _PARSED[key]
    own = Problems()
    root = load_file(path, "layout", own)
    if key is not None:
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[key] = (root, tuple(own.items))
    return root, tuple(own.items)


def load_layout_file(path: Path, spec: str, origin: Origin | None, problems: Problems | None) -> Node:
    """The parsed layout file; a file that is not a layout at all is refused without echoing it.

    ``origin`` is the ``extends:`` line that named the file (None for ``--layout``).
    """
    own = Problems()
    try:
        root, found = _parsed(path)
        own.items.extend(found)
    except KitbuilderError:
        if origin is not None and not _has_layout_lines(path):
            raise _not_a_layout(path, spec, origin) from None
        raise
    if root.kind == MAPPING and not any(key in root.value for key in LAYOUT_MARKERS) \
            or root.kind != MAPPING and (origin is not None or not _has_layout_lines(path)):
        raise _not_a_layout(path, spec, origin)
    if problems is not None:
        problems.items.extend(own.items)
    else:
        own.raise_if_any()
    return root


def merge(base: Node, override: Node) -> Node:
    """Deep-merge two mappings: the override's keys win; lists are replaced whole."""
    if base.kind != MAPPING or override.kind != MAPPING:
        return override
    merged = dict(base.value)
    origins = dict(base.key_origins)
    for key, value in override.value.items():
        merged[key] = merge(base.value[key], value) if key in base.value else value
        origins[key] = override.key_origins[key]
    return Node(MAPPING, merged, override.origin, origins)


def load_layout_tree(spec: str, relative_to: Path | None = None, origin: Origin | None = None,
                     seen: tuple[Path, ...] = (), problems: Problems | None = None) -> tuple[Node, Path, list[str]]:
    """Load a layout file and everything it extends, merged into one Node tree.

    With ``problems``, problems that do not stop the reading (duplicate keys) are
    added to it, to be reported with the checks of the merged layout.
    """
    if len(seen) >= MAX_EXTENDS:
        raise KitbuilderError.single(origin, f"layouts extend each other more than {MAX_EXTENDS} levels deep",
                                     "extend a shipped layout directly")
    path = resolve_layout(spec, relative_to, origin)
    resolved = path.resolve()
    if resolved in seen:
        chain = " -> ".join(p.stem for p in seen + (resolved,))
        raise KitbuilderError.single(origin, f"layouts extend each other in a circle: {chain}",
                                     "remove one of the extends: lines")
    root = load_layout_file(path, spec, origin, problems)
    if root.kind != MAPPING:
        raise KitbuilderError.single(root.origin, f"a layout must be made of 'key: value' lines, not {root.describe()}",
                                     "start the file with keys such as 'extends: guide', 'page:' and 'sections:'")
    parent = root.value.get("extends")
    if parent is None:
        return root, path, [path.stem]
    if parent.kind != SCALAR or not isinstance(parent.value, str) or not parent.value.strip():
        raise KitbuilderError.single(parent.origin, f"extends must be a layout name or path, not {parent.describe()}",
                                     "write e.g. 'extends: guide'; layouts: " + ", ".join(available_layouts()))
    base, _, chain = load_layout_tree(parent.value.strip(), path.parent, parent.origin, seen + (resolved,), problems)
    own = Node(MAPPING, {k: v for k, v in root.value.items() if k != "extends"}, root.origin,
               {k: v for k, v in root.key_origins.items() if k != "extends"})
    return merge(base, own), path, chain + [path.stem]


def _declared_keys(keys: list[str]) -> tuple[list[str], bool]:
    """The keys the declaration names under the path ``keys`` (with those of its declared
    default: ``colors:`` has text, accent, ...), and whether any other key is allowed there
    (``text:`` and ``styles:`` take names of the layout's choosing)."""
    spec = load_spec("layout")
    parent = spec.at(".".join(keys)) if keys else spec.root
    if parent is None:
        return [], False
    named = list(parent.fields or {}) + list(parent.also.fields if parent.also is not None else {})
    default = parent.default if isinstance(parent.default, dict) else {}
    return named + list(default), parent.type == "map" and not default


def set_override(tree: Node, dotted: str, value_text: str) -> Node:
    """Apply one ``--set a.b.c=value`` to a layout tree: a key the layout has, or one the
    layout declaration allows there (``print.bleed`` on a layout without ``print:``,
    ``colors.accent`` on one that keeps the default colours)."""
    keys = dotted.split(".")
    origin = getattr(value_text, "origin", None) or Origin("--set")  # a project file's set: is located there
    node: Node | None = tree
    for depth, key in enumerate(keys):
        if node is not None and node.kind == MAPPING and key in node.value:
            node = node.value[key]
            continue
        declared, free = _declared_keys(keys[:depth])
        if key in declared or free and node is None:
            node = None  # declared but not written in this layout: checked when the layout is read
            continue
        if node is None or node.kind != MAPPING or key not in node.value:
            known = list(dict.fromkeys((list(node.value) if node is not None and node.kind == MAPPING else [])
                                       + declared))
            where = ".".join(keys[:depth]) or "the layout"
            hint = did_you_mean(key, known)
            raise KitbuilderError.single(
                origin, f"--set {dotted}: '{key}' is not a key of {where}",
                (hint + " " if hint else "") + "keys there are: " + ", ".join(known) if known
                else "name a key the layout has",
            )
    value = parse_value(value_text, "--set", dotted)
    nested = replace(value, origin=origin, span=None)  # keeps the text as typed (19:30, not 1170)
    for key in reversed(keys):
        nested = Node(MAPPING, {key: nested}, origin, {key: origin})
    return merge(tree, nested)
