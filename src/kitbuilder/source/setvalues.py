"""A value given on the command line (``--set key=VALUE``) or in the project file's ``set:``,
read as YAML into a :class:`~kitbuilder.source.yamlsource.Node`."""

from __future__ import annotations

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source.yamlsource import SCALAR, Node, parse


def parse_value(text: str, origin_name: str = "--set", key: str = "") -> Node:
    """A value given on the command line (``--set key=VALUE``), read as YAML.

    A value starting with '#' (a colour such as #444444) is taken as text: on the
    command line it cannot be meant as a YAML comment. A value that is empty, or that
    YAML reads as nothing ('---', '...', '~', 'null'), is refused: it would be
    ignored in silence. A value written in a file (the project file's ``set:``) carries its
    ``origin``, and its problems are located there.
    """
    where = getattr(text, "origin", None) or Origin(origin_name)
    stripped = text.strip()
    shown = f"--set {key}={text}" if key else f"the --set value '{text}'"
    if not stripped:
        raise KitbuilderError.single(
            where, f"{shown} gives no value after '='",
            f"write the value after '=', e.g. --set {key or 'host'}=\"Riverside Film Club\"; "
            "to keep the file's value, leave out this --set")
    if stripped.startswith("#"):
        return Node(SCALAR, stripped, where, source=stripped)
    if stripped[:3] in ("---", "...") and stripped[3:4] in ("", " ", "\t", "\n", "\r"):
        raise KitbuilderError.single(
            where, f"{shown} starts with '{stripped[:3]}', which YAML reads as the start or end "
            "of a YAML document, not as a value",
            f"to use it as text, put it in quotes: --set '{key or 'KEY'}=\"{stripped[:20]}\"'")
    if "\n" not in text and len(text) > 10_000:
        raise KitbuilderError.single(where, "the value is too long", "give a shorter value")
    node = parse(str(text), origin_name)  # libyaml takes a plain str only
    if node.kind == SCALAR and node.value is None:
        raise KitbuilderError.single(
            where, f"{shown} is read by YAML as no value at all ('{stripped[:20]}' means empty)",
            f"to use it as text, put it in quotes: --set '{key or 'KEY'}=\"{stripped[:20]}\"'; "
            "to keep the file's value, leave out this --set")
    return node
