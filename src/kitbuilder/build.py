"""The pipeline: load -> validate -> compose -> render -> write.

:func:`build_kit` is what ``kitbuilder build`` runs. Each layout's block tree is built
once (:mod:`kitbuilder.compose.document`) and rendered in memory, as a PDF and/or an HTML
page; the files are then written as one set (see :mod:`kitbuilder.write.output`).
A mistake in the kit, event or a layout writes nothing. A layout whose content does
not fit it (or that has no pages) is the exception: the other layouts are still
written, each one complete, and the error names the one that was not. An output whose
inputs have not changed since it was written is not made again (its stamp says so, see
:mod:`kitbuilder.workflow.stamps`) unless ``force`` is set. The fit is in
:mod:`kitbuilder.fitting`, validation in :mod:`kitbuilder.checking`, and many kits and events
at once in :mod:`kitbuilder.workflow.batch`.
"""

from __future__ import annotations

import os
from dataclasses import field, replace
from functools import partial
from pathlib import Path
from typing import Callable

from kitbuilder.compose.blocks import Document
from kitbuilder.compose.composition import Composition, compose
from kitbuilder.compose.document import build_document
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.fitting import LayoutFailed, render_fitted  # noqa: F401 (LayoutFailed: re-exported)
from kitbuilder.model.event import EVENT_KEYS, Event, load_event
from kitbuilder.model.kit import Kit, load_kit
from kitbuilder.model.layout import TOP_KEYS, Layout, load_layout
from kitbuilder.parallel import WorkerStopped, run_all
from kitbuilder.records import record
from kitbuilder.source import readstatus
from kitbuilder.render.pdf.glyphs import new_build
from kitbuilder.workflow import stamps
from kitbuilder.write.output import FORMATS, recover_folder, write_all  # noqa: F401 (FORMATS: the --format choices)
from kitbuilder.write.targets import check_names, output_folder, unique_layouts

DEFAULT_LAYOUTS = ("handout", "guide", "facilitator")


@record
class BuildOptions:
    layouts: list[str] = field(default_factory=lambda: list(DEFAULT_LAYOUTS))
    out_dir: Path = Path("output")
    event_path: Path | None = None
    settings: list[tuple[str, str]] = field(default_factory=list)  # --set KEY=VALUE
    bleed: float | None = None
    crop_marks: bool = False
    grayscale: bool = False
    formats: tuple[str, ...] = ("pdf",)  # any of FORMATS
    force: bool = False  # rebuild outputs that are up to date (see workflow/stamps.py)
    workers: int | None = None  # processes for the layouts of one build; None: one per core


def split_settings(settings: list[tuple[str, str]], problems: Problems | None = None
                   ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``--set`` pairs for the event (its keys) and for the layout (dotted layout paths).

    A key that is neither (``papr``) is reported once into ``problems``, with a
    did-you-mean across both, and left out of both lists; so is ``extends``, which
    chooses the layout files rather than a value of the layout. A value written in the
    project file carries its place there (see :mod:`kitbuilder.workflow.project`).
    """
    event = [(k, v) for k, v in settings if k in EVENT_KEYS]
    layout = []
    for key, value in settings:
        top = key.split(".")[0]
        where = getattr(value, "origin", None) or Origin("--set")
        if key in EVENT_KEYS:
            continue
        if problems is not None and top in EVENT_KEYS:
            problems.add(where, f"--set {key}: '{top}' is an event value, which has no parts",
                         f"set it whole: --set {top}=VALUE")
        elif top == "extends":
            if problems is not None:
                problems.add(where, "--set extends: which layout a layout extends cannot be changed from outside it",
                             "write a layout file with 'extends: NAME' and your changes, and build with "
                             "--layout path/to/that-file.yaml")
        elif problems is not None and top not in TOP_KEYS:
            hint = did_you_mean(top, EVENT_KEYS + TOP_KEYS)
            problems.add(where, f"--set {key}: '{top}' is neither an event key nor a layout key",
                         hint or f"event keys are: {', '.join(EVENT_KEYS)}; layout keys are: {', '.join(TOP_KEYS)}")
        else:
            layout.append((key, value))
    return event, layout


def load_layout_for(spec: str, event: Event, layout_settings, options: BuildOptions) -> Layout:
    """The layout for this event, with the command line's printing options (a new Layout)."""
    layout = load_layout(spec, layout_settings, paper=event.paper, accent=event.accent_color)
    return replace(layout, grayscale=layout.grayscale or options.grayscale,
                   bleed=layout.bleed if options.bleed is None else options.bleed,
                   crop_marks=layout.crop_marks or options.crop_marks)


@record
class BuildResult:
    kit: Kit
    event: Event
    written: list[Path]  # written by this build
    pages: dict[str, int]
    up_to_date: list[Path] = field(default_factory=list)  # not rebuilt: nothing they are made from changed
    outputs: list[Path] = field(default_factory=list)  # every output of the build, in order

def output_path(options: BuildOptions, kit: Kit, event: Event, layout: Layout, suffix: str = "pdf") -> Path:
    return output_folder(options.out_dir, kit, event) / f"{layout.name}.{suffix}"


def load_inputs(kit_path: Path | str, event_path: Path | None, event_settings, problems: Problems):
    """The kit and the event, each problem in either collected into ``problems``."""
    kit = event = None
    try:
        kit = load_kit(kit_path)
    except KitbuilderError as exc:
        problems.extend(exc)
    try:
        event = load_event(event_path, event_settings)
    except KitbuilderError as exc:
        problems.extend(exc)
    return kit, event


def prepare(kit_path: Path | str, options: BuildOptions) -> list[Composition]:
    """Load and check everything a build needs, up to the compositions; any problem raises."""
    new_build()  # warnings as a fresh process gives them, in a batch worker or watch too
    readstatus.new_build()  # the statuses of the files this build reads, for its stamps
    problems = Problems()
    event_settings, layout_settings = split_settings(options.settings, problems)
    kit, event = load_inputs(kit_path, options.event_path, event_settings, problems)
    loaded = []
    for spec in dict.fromkeys(options.layouts):
        try:
            if event is not None:
                loaded.append((spec, load_layout_for(spec, event, layout_settings, options)))
        except KitbuilderError as exc:
            problems.extend(exc)
    _one_per_setting(problems)
    loaded = unique_layouts(loaded, problems)
    if kit is not None and event is not None:
        check_names(kit, event, loaded, problems)
    problems.raise_if_any()
    return [compose(kit, event, layout) for _, layout in loaded]


def _one_per_setting(problems: Problems) -> None:
    """A wrong ``--set`` path (on the command line or in the project file's ``set:``) is reported
    once, not once for each layout it was tried on."""
    seen, kept = set(), []
    for problem in problems.items:
        said = (str(problem.origin), problem.message)
        if said in seen:
            continue
        seen.add(said)
        kept.append(problem)
    problems.items[:] = kept


def build_kit(kit_path: Path | str, options: BuildOptions) -> BuildResult:
    compositions = prepare(kit_path, options)
    kit, event = compositions[0].kit, compositions[0].event
    targets = {(comp.layout.name, fmt): output_path(options, kit, event, comp.layout, fmt)
               for comp in compositions for fmt in ("html", "pdf") if fmt in options.formats}
    sources = {path: (kit, event, comp.layout, str(comp.layout.path), stamp_options(options, name, fmt))
               for comp in compositions for (name, fmt), path in targets.items() if name == comp.layout.name}
    recover_folder(output_folder(options.out_dir, kit, event))  # an interrupted build's files first
    # Only an output that exists can be up to date: its digest decides whether it is made again.
    # The others' are taken beside the rendering (stamps.note_inputs). Either is of the files as
    # this build read them, or None (no stamp: made again next time) when one has changed since.
    checked = {path for path in targets.values() if not options.force and os.path.exists(path)}
    digests = {path: _digest_as_read(stamps.input_files(*sources[path][:4]), sources[path][4]) for path in checked}
    current = {path for path in checked if stamps.is_current(path, digests[path])}
    aside = partial(stamps.note_inputs, {path: source for path, source in sources.items() if path not in checked})
    stale = [comp for comp in compositions
             if any(path not in current for (name, _), path in targets.items() if name == comp.layout.name)]
    rendered: dict[Path, bytes] = {}
    pages = {}
    problems = Problems()
    # block trees: made here only for the HTML edition, else where each layout is rendered
    documents = [build_document(comp) if "html" in options.formats else None for comp in stale]
    to_print = [(c, d) for c, d in zip(stale, documents) if targets.get((c.layout.name, "pdf")) not in current]
    if "pdf" in options.formats:
        printed, (later_digests, file_digests) = render_all([c for c, _ in to_print], [d for _, d in to_print],
                                                            options.workers, aside)
    else:
        printed, (later_digests, file_digests) = [None] * len(to_print), aside()()
    stamps.remember(file_digests)
    digests.update(later_digests)
    outcomes = dict(zip((id(c) for c, _ in to_print), printed))
    for comp, document in zip(stale, documents):
        html = targets.get((comp.layout.name, "html"))
        if html is not None and html not in current:  # the HTML edition does not depend on the PDF's fit
            rendered[html] = html_edition(comp, document)
        outcome = outcomes.get(id(comp))
        if isinstance(outcome, KitbuilderError):
            problems.extend(outcome)
        elif outcome is not None:
            rendered[targets[(comp.layout.name, "pdf")]] = outcome[0]
            pages[comp.layout.name] = outcome[1]
    written: list[Path] = []
    if rendered:
        try:
            written = write_all(rendered)
        except KitbuilderError as error:
            written = getattr(error, "written", [])
            problems.extend(error)
    for path in written:
        stamps.record(path, digests[path], rendered[path])
    up_to_date = [path for path in targets.values() if path in current]
    if problems:
        try:
            problems.raise_if_any()
        except KitbuilderError as error:
            error.written = written  # the layouts that fit were written all the same
            error.up_to_date = up_to_date
            raise
    done = set(written) | current
    return BuildResult(kit, event, written, pages, up_to_date, [path for path in targets.values() if path in done])


def _digest_as_read(files: list[Path], options: dict) -> str | None:
    return stamps.inputs_digest(files, options, stamps.statuses(files))


def stamp_options(options: BuildOptions, layout: str, fmt: str) -> dict:
    """The options an output depends on, besides its files (see :mod:`kitbuilder.workflow.stamps`)."""
    return {"layout": layout, "format": fmt, "set": sorted(options.settings), "bleed": options.bleed,
            "crop_marks": options.crop_marks, "grayscale": options.grayscale,
            "date": os.environ.get("SOURCE_DATE_EPOCH")}  # the date written into the PDF


def render_one(comp: Composition, document: Document) -> tuple[bytes, int]:
    result = render_fitted(comp, document)
    if result.pages < 1:
        raise LayoutFailed.single(
            Origin(str(comp.layout.path)), f"the layout '{comp.layout.name}' prints nothing for this kit: "
            "its sections make a document with no pages",
            "add sections this kit has content for under 'sections:', or choose another layout")
    if comp.layout.page.imposition == "none":
        return result.data, result.pages
    from kitbuilder.render.pdf.imposition import finish  # booklets and 2-up sheets only

    return finish(result.data, comp.layout), result.pages


def html_edition(comp: Composition, document: Document) -> bytes:
    """The layout's HTML edition: the same block tree as its PDF, as one self-contained page."""
    from kitbuilder.render.html.writer import render_html
    from kitbuilder.units import to_gray

    palette = comp.palette
    colors = {name: to_gray(value) if palette.grayscale else value for name, value in palette.hex.items()}
    return render_html(document, colors)


# About how long rendering takes, in ms, known before it starts (for sharing the layouts out over
# the processes): the facilitator's 18 sections ~95 ms, the handout's 8 ~35 ms; a booklet or 2-up
# layout reads its pages back and places them on sheets with pypdf, loaded once per process.
SECTION_MS, IMPOSED_MS, PYPDF_MS = 5, 20, 35


def render_cost(layout: Layout) -> tuple[float, str | None]:
    """The layout's estimated rendering time, and the library it needs loaded first (or None)."""
    imposed = layout.page.imposition != "none"
    return SECTION_MS * len(layout.sections) + (IMPOSED_MS if imposed else 0), "pypdf" if imposed else None


def _rendered(job: tuple[Composition, Document | None]):
    comp, document = job
    try:
        return render_one(comp, document or build_document(comp))
    except KitbuilderError as error:
        return error  # pickled back whole from a forked copy


def render_each(compositions: list[Composition], documents: list[Document | None], workers: int | None = None
                ) -> list[tuple[bytes, int] | KitbuilderError]:
    """Render every layout (building the block trees given as None where it is rendered); on a
    multi-core machine with fork(), in parallel processes (:mod:`kitbuilder.parallel`).

    Each layout's outcome is its PDF and page count, or its error. A problem that is
    not particular to one layout (a :class:`LayoutFailed`) is raised: nothing is written.

    Layout is pure Python, so one process per core makes a multi-layout build
    faster. compose() has registered the fonts and unpacked the tables drawing needs (its
    glyph check), so forked copies inherit them.
    """
    return render_all(compositions, documents, workers)[0]


def render_all(compositions: list[Composition], documents: list[Document | None], workers: int | None = None,
               aside: Callable[[], Callable[[], object]] | None = None) -> tuple[list, object]:
    """:func:`render_each`'s outcomes, and the outcome of ``aside``: work that decides nothing
    rendered, for the process with the smallest share (see :func:`kitbuilder.parallel.run_all`)."""
    try:
        costs, needs = zip(*(render_cost(comp.layout) for comp in compositions)) if compositions else ((), ())
        outcomes = run_all(list(zip(compositions, documents)), _rendered, costs, workers or os.cpu_count() or 1,
                           aside, needs, {"pypdf": PYPDF_MS})
    except WorkerStopped:  # killed (the system short of memory, or by hand): nothing is written
        raise KitbuilderError.single(
            Origin(str(compositions[0].kit.path)),
            "a process rendering the layouts stopped unexpectedly (it was killed, perhaps because the "
            "computer ran short of memory); nothing was written",
            "run the build again; if it stops again, build one layout at a time with --layout") from None
    aside_outcome = outcomes.pop() if aside is not None else None
    problems = Problems()
    for outcome in outcomes:
        if isinstance(outcome, KitbuilderError) and not isinstance(outcome, LayoutFailed):
            problems.extend(outcome)
    if problems:
        for outcome in outcomes:
            if isinstance(outcome, LayoutFailed):
                problems.extend(outcome)
        problems.raise_if_any()
    return outcomes, aside_outcome
