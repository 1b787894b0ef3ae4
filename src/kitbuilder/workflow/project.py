"""The project file, ``kitbuilder.yaml``: a season's kits, events, layouts and defaults.

Declared in ``model/specs/project.yaml`` like the other files (validation, did-you-mean,
JSON Schema and the README's key table come from there). Paths in it are relative to the
file's folder and confined to it (no absolute paths, no ``..``), as in every other file
that may come from someone else. ``kitbuilder build`` run with no kit named builds what it lists.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems
from kitbuilder.model.layoutfiles import is_path
from kitbuilder.records import record
from kitbuilder.source.assets import confined
from kitbuilder.source.fields import Fields, join, read_value
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import load_file

PROJECT_FILE = "kitbuilder.yaml"


PATH_FIXES = {  # for a path of the project that leaves its folder: an example inside, never the value refused
    "kits": "copy the kits into the project's folder and write their path from there, e.g. 'kits: [kit/]'",
    "events": "copy the events into the project's folder and write their path from there, e.g. 'events: [events/]'",
    "layouts": "copy the layout file into the project's folder and write its path from there, "
               "e.g. 'layouts: [handout, layouts/club.yaml]'",
    "out": "write a folder inside the project's folder, e.g. 'out: output'",
}


class Located(str):
    """A value of the project's ``set:`` with the place it was written (``origin``): the build
    reports its problems there and finds the files it names beside the project file, confined
    to its folder like the project's other paths. Survives the trip to a worker process."""

    origin: Origin

    def __new__(cls, value: str, origin: Origin) -> "Located":
        located = super().__new__(cls, value)
        located.origin = origin
        return located

    def __reduce__(self):
        return Located, (str(self), self.origin)


@record
class Project:
    path: Path
    kits: list[Path]
    events: list[Path] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    out: Path | None = None
    formats: list[str] = field(default_factory=list)
    settings: list[tuple[str, str]] = field(default_factory=list)  # as --set KEY=VALUE (each value Located)
    origins: dict[Path, Origin] = field(default_factory=dict)  # where each kit and event path is written
    grayscale: bool = False
    bleed: float | None = None
    crop_marks: bool = False


def find_project(folder: Path | None = None) -> Path | None:
    """``kitbuilder.yaml`` in ``folder`` (the current folder), if there is one."""
    candidate = (folder or Path()) / PROJECT_FILE
    return candidate if candidate.is_file() else None


def load_project(path: Path) -> Project:
    """Read and check the project file; every problem in it raised together."""
    path = Path(path)
    problems = Problems()
    tree = load_file(path, "project", problems)
    spec = load_spec("project").root
    top = Fields(tree, problems, "", spec, tree.origin)
    project = Project(path, [])
    if top.ok:
        def items(key: str) -> list:
            declared = spec.fields[key].item
            values = (read_value(node, declared, join(key, i), problems)
                      for i, node in enumerate(top.read(key) or [], start=1))
            return [value for value in values if value is not None]

        def inside(value, what: str) -> Path | None:
            """A path of the project, confined to its folder (a project file may come from elsewhere)."""
            origin = getattr(value, "origin", tree.origin)
            try:
                found = confined(str(value), path, origin, what, key=what)[0]
                found = found.relative_to(Path.cwd().resolve()) if found.is_relative_to(Path.cwd().resolve()) else found
                project.origins.setdefault(found, origin)
                return found
            except KitbuilderError as error:
                for problem in error.problems:  # the fix offers a folder inside, never the value refused
                    fix = PATH_FIXES[what]
                    problems.add(problem.origin, problem.message, fix)
                return None

        project.kits = [p for p in (inside(value, "kits") for value in items("kits")) if p is not None]
        project.events = [p for p in (inside(value, "events") for value in items("events")) if p is not None]
        project.layouts = [str(inside(value, "layouts")) if is_path(str(value)) else str(value)
                           for value in items("layouts")]
        project.formats = [str(value) for value in items("formats")]
        out = top.read("out")
        project.out = inside(out, "out") if out is not None else None
        paper = top.read("paper")
        settings = top.read("set")
        if settings is not None:
            for key in settings.allowed:
                value = settings.read(key)
                if value is not None:
                    origin = getattr(value, "origin", None) or settings.key_origin(key)
                    project.settings.append((str(key), Located(str(value), origin)))
        if paper:
            project.settings.append(("paper", Located(str(paper), getattr(paper, "origin", top.key_origin("paper")))))
        project.grayscale = bool(top.read("grayscale"))
        project.crop_marks = bool(top.read("crop_marks"))
        project.bleed = top.read("bleed")
    problems.raise_if_any()
    return project


def no_kit_named() -> KitbuilderError:
    return KitbuilderError.single(
        Origin("kitbuilder build"), f"no kit named, and no {PROJECT_FILE} in this folder",
        "name a kit, e.g. 'kitbuilder build kit/my-film.yaml', or write a kitbuilder.yaml "
        "(see 'A whole season' in the README)")


def build_options(project: Project | None, *, layouts=(), out_dir: Path | None = None, settings=(),
                  bleed: float | None = None, crop_marks=False, grayscale=False, formats=(), force=False):
    """The options of a build: the command line's, then the project file's, then the defaults."""
    from kitbuilder.build import DEFAULT_LAYOUTS, BuildOptions

    own = project or Project(Path(PROJECT_FILE), [])
    return BuildOptions(
        layouts=list(layouts) or own.layouts or list(DEFAULT_LAYOUTS),
        out_dir=out_dir or own.out or Path("output"),
        settings=list(own.settings) + list(settings),
        bleed=bleed if bleed is not None else own.bleed,
        crop_marks=crop_marks or own.crop_marks,
        grayscale=grayscale or own.grayscale,
        formats=tuple(formats) or tuple(dict.fromkeys(own.formats)) or ("pdf",),
        force=force,
    )
