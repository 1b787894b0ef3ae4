"""Where a build's PDFs go: ``<out>/<kit>/[<event>/]<layout>.pdf``, every name checked.

The kit's, the event's and each layout's file name (without ``.yaml``) become a
folder or file name inside ``--out``. A name that is empty, ``.`` or ``..``, holds a
path separator or a control character, or is too long, could write outside
``--out`` or make a file nobody can open; it is refused, naming the file to rename.
Two layouts whose PDFs would have the same name are refused too.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from kitbuilder.diagnostics import Origin, Problems

NAME_BYTES = 200  # a file name may have 255 bytes; the PDF's temporary name adds 18


def shown(text: str) -> str:
    """``text`` with control and invisible format characters written as escapes (\\n, \\x1b ...)."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name inside --out (None: it can)."""
    if name in ("", ".", ".."):
        return f"'{name}' is not a name a folder or file can have" if name else "it is empty"
    if "/" in name or "\\" in name:
        return "it contains a '/' or '\\'"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name):
        return "it contains a control or invisible character"
    if len(name.encode("utf-8", "surrogatepass")) > NAME_BYTES:
        return f"it is longer than {NAME_BYTES} bytes"
    return None


def check_name(name: str, what: str, source: Path | str, problems: Problems, fix: str) -> None:
    reason = name_problem(name)
    if reason:
        problems.add(Origin(shown(str(source))),
                     f"the {what} file's name cannot be used for the PDFs, which are named after it: {reason}",
                     fix)


def check_names(kit, event, layouts, problems: Problems) -> None:
    """Every name in the output paths is a safe file name (see the module's docstring)."""
    check_name(kit.name, "kit", kit.path, problems,
               "rename the kit file to a plain name such as 'my-film.yaml'; its PDFs go to <out>/<name>/")
    if event.path is not None:
        check_name(event.name, "event", event.path, problems,
                   "rename the event file to a plain name such as 'club-screening.yaml'; "
                   "its PDFs go to <out>/<kit>/<name>/")
    for spec, layout in layouts:
        check_name(layout.name, "layout", layout.path, problems,
                   "rename the layout file to a plain name such as 'my-handout.yaml'; it writes <name>.pdf")


def unique_layouts(loaded: list[tuple[str, object]], problems: Problems) -> list[tuple[str, object]]:
    """Drop a layout file given twice; refuse two layouts that would write the same PDF."""
    kept: dict[str, tuple[str, object]] = {}
    for spec, layout in loaded:
        key = layout.name.casefold()  # handout.pdf and Handout.pdf are one file on some systems
        if key not in kept:
            kept[key] = (spec, layout)
            continue
        first_spec, first = kept[key]
        if Path(first.path).resolve() == Path(layout.path).resolve():
            continue
        problems.add(Origin("--layout"),
                     f"the layouts '{shown(first_spec)}' and '{shown(spec)}' would both be written to "
                     f"{shown(layout.name)}.pdf, one over the other",
                     "give one of the layout files another name (e.g. copy it to "
                     f"'{shown(layout.name)}-2.yaml'), or build them one at a time into different --out folders")
    return list(kept.values())


def output_folder(out_dir: Path, kit, event) -> Path:
    folder = Path(out_dir) / kit.name
    if event.name:
        folder = folder / event.name
    return folder
