"""``kitbuilder new``: a starter kit or event file, made from the declaration and the samples.

Every key of the declaration (``model/specs/kit.yaml`` or ``event.yaml``) is written in
its order, with its one line of help as a comment above it and the placeholder text of
``model/samples/`` as its value, so the file validates and builds as it is. A key the
sample leaves out (an event's logo, paper or chosen questions, which would change what is
printed or need a file) is written commented out, with the declaration's example. The
first line points the editor at the shipped JSON Schema (completion, help, checks).
"""

from __future__ import annotations

import datetime
import importlib.resources
import os
from pathlib import Path
from typing import Any

import yaml

from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.source.spec import FieldSpec, load_spec
from kitbuilder.source.yamlsource import MAPPING, SEQUENCE, Node, load_file
from kitbuilder.write.targets import name_problem, shown

FOLDERS = {"kit": Path("kit"), "event": Path("events")}
INDENT = "  "
# names Windows keeps for devices, with or without an extension (con.yaml is the console)
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{port}{n}" for port in ("com", "lpt") for n in "123456789¹²³"}
NOT_ON_WINDOWS = set(':*?"<>|\\')


def starter_name_problem(name: str) -> str | None:
    """Why ``name`` would make a starter file that is hidden, skipped by ``build kit/``, or cannot
    be opened on another system (None: it is a good name)."""
    if not name.strip():
        return "it is only spaces"
    if name[0] in "._":
        return (f"a file whose name begins with '{name[0]}' is hidden or a draft: "
                "building the folder skips it")
    if name != name.strip() or name.endswith("."):
        return "it begins or ends with a space or ends with a '.', which Windows drops"
    bad = sorted(set(name) & NOT_ON_WINDOWS)
    if bad:
        return f"it contains {' '.join(repr(c) for c in bad)}, which Windows does not allow in file names"
    if name.split(".")[0].strip().casefold() in WINDOWS_DEVICES:
        return f"'{name.split('.')[0]}' is the name of a device on Windows, not of a file"
    return None


def suggested_name(name: str) -> str:
    """A name like ``name`` that :func:`starter_name_problem` accepts (e.g. '_draft' -> 'draft')."""
    words = "".join("-" if c in NOT_ON_WINDOWS or c.isspace() or c in "/" else c for c in name)
    plain = "-".join(part for part in words.split("-") if part).strip("._-") or "my-film"
    if plain.split(".")[0].casefold() in WINDOWS_DEVICES:
        plain += "-film"
    return plain if not (name_problem(plain) or starter_name_problem(plain)) else "my-film"


def schema_reference(model: str, folder: Path) -> str:
    """The shipped schema, as a path relative to ``folder`` (absolute when there is none)."""
    schema = Path(str(importlib.resources.files("kitbuilder.schemas").joinpath(f"{model}.schema.json")))
    try:
        return Path(os.path.relpath(schema.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return schema.resolve().as_uri()


def sample(model: str) -> dict[str, Any]:
    """The sample file's values, read by kitbuilder's own reader (``[A follow-up?]`` and ``7:00`` as typed)."""
    path = Path(str(importlib.resources.files("kitbuilder.model.samples").joinpath(f"{model}.yaml")))
    return _plain(load_file(path, "sample"))


def _plain(node: Node) -> Any:
    if node.kind == MAPPING:
        return {str(key): _plain(value) for key, value in node.value.items()}
    if node.kind == SEQUENCE:
        return [_plain(value) for value in node.value]
    value = node.value
    if not isinstance(value, (str, datetime.date)) and node.source is not None and str(value) != node.source:
        return node.source  # 19:30, not the number YAML 1.1 makes of it
    return value


def starter_text(model: str, name: str, folder: Path, shown_path: str) -> str:
    """The starter file's text for a ``kit`` or ``event`` named ``name``, to be saved in ``folder``
    (``shown_path`` is how the user names the file)."""
    spec = load_spec(model)
    values = sample(model)
    if model == "kit":  # the film's title from the file's name: my-film -> My Film
        values["film"]["title"] = name.replace("-", " ").replace("_", " ").strip().title() or values["film"]["title"]
    lines = [f"# yaml-language-server: $schema={schema_reference(model, folder)}",
             f"# {spec.help} Replace the placeholder text; a line starting with # is a comment.",
             f"# Check it with: kitbuilder validate {shown_path}"]
    lines += _mapping(values, spec.root, 0)
    return "\n".join(lines) + "\n"


def _mapping(values: dict, spec: FieldSpec, depth: int) -> list[str]:
    lines = []
    pad = INDENT * depth
    for key, declared in spec.fields.items():
        if declared.help and depth < 2:
            lines.append(f"{pad}# {declared.help}")
        if key not in values:
            lines.append(f"{pad}# {key}: {declared.example}" if declared.example else f"{pad}# {key}:")
            continue
        lines += _entry(f"{pad}{key}:", values[key], declared, depth)
    return lines


def _entry(head: str, value: Any, spec: FieldSpec | None, depth: int) -> list[str]:
    """``head`` (``key:`` or ``-``) with its value, nested lines indented one step more."""
    pad = INDENT * (depth + 1)
    if isinstance(value, dict):
        inner = spec if spec is not None and spec.type == "mapping" else (spec.item if spec and spec.item else None)
        return [head] + (_mapping(value, inner, depth + 1) if inner is not None and inner.fields
                         else [f"{pad}{k}: {_scalar(v)}" for k, v in value.items()])
    if isinstance(value, list):
        item = spec.item if spec is not None else None
        if spec is not None and spec.type != "list" and spec.also is not None:
            item = spec.also.item
        lines = [head]
        for element in value:
            lines += _list_item(element, item, depth + 1)
        return lines
    if isinstance(value, str) and "\n" in value:
        return [f"{head} |"] + [f"{pad}{line}" if line else "" for line in value.rstrip("\n").split("\n")]
    return [f"{head} {_scalar(value)}"]


def _list_item(value: Any, spec: FieldSpec | None, depth: int) -> list[str]:
    pad = INDENT * depth
    if not isinstance(value, dict):
        return _entry(f"{pad}-", value, spec, depth)
    lines: list[str] = []
    fields = spec.fields if spec is not None else {}
    for index, (key, child) in enumerate(value.items()):
        head = f"{pad}- {key}:" if index == 0 else f"{pad}  {key}:"
        lines += _entry(head, child, fields.get(key), depth + 1)
    return lines


def _scalar(value: Any) -> str:
    """One value as YAML reads it back the same (quoted when it would otherwise mean something else)."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()


def write_starter(model: str, name: str, root: Path | None = None) -> Path:
    """Write ``kit/NAME.yaml`` (or ``events/NAME.yaml``) under ``root``; never over an existing file."""
    name = name.removesuffix(".yaml").removesuffix(".yml")
    reason = name_problem(name) or starter_name_problem(name)
    if reason:
        raise KitbuilderError.single(Origin(shown(name)), f"'{shown(name)}' cannot be a file name: {reason}",
                                     f"give a plain name such as '{suggested_name(name)}'; the file goes to "
                                     f"{FOLDERS[model].as_posix()}/<name>.yaml")
    folder = FOLDERS[model]
    target = (root or Path.cwd()) / folder / f"{name}.yaml"
    shown_path = (folder / f"{name}.yaml").as_posix()
    if os.path.lexists(target):
        raise KitbuilderError.single(Origin(shown_path), "this file already exists; kitbuilder new never writes "
                                     "over a file", "choose another name, or edit the file you have")
    text = starter_text(model, name, target.parent, shown_path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise KitbuilderError.single(Origin(shown_path), "this file already exists; kitbuilder new never writes "
                                     "over a file", "choose another name, or edit the file you have") from None
    except OSError as exc:
        raise KitbuilderError.single(Origin(shown_path), f"cannot write the file: {exc.strerror or exc}",
                                     "run kitbuilder new in a folder you can write to") from None
    return target
