"""The pipeline: load -> validate -> compose -> render -> write.

:func:`build_kit` is what ``kitbuilder build`` runs. Each layout's block tree is built
once (:mod:`kitbuilder.compose.document`) and rendered in memory, as a PDF and/or an HTML
page; the files are then written as one set (see :mod:`kitbuilder.write.output`).
A mistake in the kit, event or a layout writes nothing. A layout whose content does
not fit it (or that has no pages) is the exception: the other layouts are still
written, each one complete, and the error names the one that was not.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from kitbuilder.compose.blocks import Document
from kitbuilder.compose.composition import Composition, compose
from kitbuilder.compose.document import build_document
from kitbuilder.model.kit import Kit, load_kit
from kitbuilder.render.pdf.document import RenderedPdf, render_pdf
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean
from kitbuilder.model.event import EVENT_KEYS, Event, load_event
from kitbuilder.model.layout import TOP_KEYS, Layout, load_layout, validate_layouts
from kitbuilder.write.output import FORMATS, write_all
from kitbuilder.render.pdf.imposition import finish
from kitbuilder.write.targets import check_names, output_folder, unique_layouts

DEFAULT_LAYOUTS = ("handout", "guide", "facilitator")
SCALE_STEP = 0.025


class LayoutFailed(KitbuilderError):
    """This layout cannot print this kit (it does not fit, or has no pages); the other layouts can."""


@dataclass
class BuildOptions:
    layouts: list[str] = field(default_factory=lambda: list(DEFAULT_LAYOUTS))
    out_dir: Path = Path("output")
    event_path: Path | None = None
    settings: list[tuple[str, str]] = field(default_factory=list)  # --set KEY=VALUE
    bleed: float | None = None
    crop_marks: bool = False
    grayscale: bool = False
    formats: tuple[str, ...] = ("pdf",)  # any of FORMATS


def split_settings(settings: list[tuple[str, str]], problems: Problems | None = None
                   ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``--set`` pairs for the event (its keys) and for the layout (dotted layout paths).

    A key that is neither (``papr``) is reported once into ``problems``, with a
    did-you-mean across both, and left out of both lists.
    """
    event = [(k, v) for k, v in settings if k in EVENT_KEYS]
    layout = []
    for key, value in settings:
        top = key.split(".")[0]
        if key in EVENT_KEYS:
            continue
        if problems is not None and top in EVENT_KEYS:
            problems.add(Origin("--set"), f"--set {key}: '{top}' is an event value, which has no parts",
                         f"set it whole: --set {top}=VALUE")
        elif problems is not None and top not in TOP_KEYS:
            hint = did_you_mean(top, EVENT_KEYS + TOP_KEYS)
            problems.add(Origin("--set"), f"--set {key}: '{top}' is neither an event key nor a layout key",
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


def render_fitted(comp: Composition, document: Document | None = None) -> RenderedPdf:
    """Render the composition's block tree (``document``, built here when not given); when the
    layout fixes a page count, shrink uniformly down to its floor to fit."""
    document = document or build_document(comp)
    layout = comp.layout
    limit = layout.page.max_pages
    # far over the limit: no need to lay out the rest
    result = render_pdf(comp, document, stop_after=3 * (limit or 0))
    if limit and result.pages > limit:
        # One render at the smallest allowed size first: content that cannot fit even
        # there is refused after two renders, not after one per step down to the floor.
        scales = fit_scales(comp)
        smallest = render_pdf(comp.with_scale(scales[-1]), document)
        if smallest.pages > limit:
            raise overflow_error(comp, smallest)
        for scale in scales[1:-1]:
            result = render_pdf(comp.with_scale(scale), document)
            if result.pages <= limit:
                break
        else:
            result = smallest
    if result.missing:
        raise KitbuilderError.single(
            Origin(str(layout.path)),
            f"layout '{layout.name}' did not place all of the content: {', '.join(result.missing[:8])}",
            "this is a bug in kitbuilder; please report it with the kit file. Meanwhile try the guide layout",
        )
    return result


def fit_scales(comp: Composition) -> list[float]:
    """The scales the fit tries, from full size down to the body text at the layout's floor."""
    scales = [1.0]
    while comp.with_scale(round(scales[-1] - SCALE_STEP, 4)).styles.body_fits_floor():
        scales.append(round(scales[-1] - SCALE_STEP, 4))
    return scales


def overflow_error(comp: Composition, result: RenderedPdf) -> "LayoutFailed":
    layout = comp.layout
    limit = layout.page.max_pages
    # the sections (by type, as the layout lists them) of the content placed past the limit
    over = [kind for kind in dict.fromkeys(result.section_of.get(key, "") for key, pages in result.pages_of.items()
                                           if max(pages) > limit) if kind]
    return LayoutFailed.single(
        Origin(str(comp.kit.path)),
        f"the content does not fit the '{layout.name}' layout: it needs {result.pages} pages even at the "
        f"smallest allowed text size ({layout.min_font_size:g} pt), but the layout allows {limit}; "
        f"overflowing: {', '.join(over) or 'the last section'}",
        "shorten those sections, choose fewer questions with 'questions: [1, 2, 5]' in an event file, "
        "or use the 'guide' layout, which has no page limit",
    )


@dataclass
class BuildResult:
    kit: Kit
    event: Event
    written: list[Path]
    pages: dict[str, int]


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
    """A wrong ``--set`` path is reported once, not once for each layout it was tried on."""
    seen, kept = set(), []
    for problem in problems.items:
        if problem.origin is not None and problem.origin.file == "--set":
            if problem.message in seen:
                continue
            seen.add(problem.message)
        kept.append(problem)
    problems.items[:] = kept


def build_kit(kit_path: Path | str, options: BuildOptions) -> BuildResult:
    compositions = prepare(kit_path, options)
    kit, event = compositions[0].kit, compositions[0].event
    rendered: dict[Path, bytes] = {}
    pages = {}
    problems = Problems()
    documents = [build_document(comp) for comp in compositions]
    outcomes = render_each(compositions, documents) if "pdf" in options.formats else [None] * len(compositions)
    for comp, document, outcome in zip(compositions, documents, outcomes):
        if "html" in options.formats:  # the HTML edition does not depend on the PDF's fit
            rendered[output_path(options, kit, event, comp.layout, "html")] = html_edition(comp, document)
        if isinstance(outcome, KitbuilderError):
            problems.extend(outcome)
        elif outcome is not None:
            rendered[output_path(options, kit, event, comp.layout)] = outcome[0]
            pages[comp.layout.name] = outcome[1]
    written: list[Path] = []
    if rendered:
        try:
            written = write_all(rendered)
        except KitbuilderError as error:
            written = getattr(error, "written", [])
            problems.extend(error)
    if problems:
        try:
            problems.raise_if_any()
        except KitbuilderError as error:
            error.written = written  # the layouts that fit were written all the same
            raise
    return BuildResult(kit, event, written, pages)


def render_one(comp: Composition, document: Document) -> tuple[bytes, int]:
    result = render_fitted(comp, document)
    if result.pages < 1:
        raise LayoutFailed.single(
            Origin(str(comp.layout.path)), f"the layout '{comp.layout.name}' prints nothing for this kit: "
            "its sections make a document with no pages",
            "add sections this kit has content for under 'sections:', or choose another layout")
    return finish(result.data, comp.layout), result.pages


def html_edition(comp: Composition, document: Document) -> bytes:
    """The layout's HTML edition: the same block tree as its PDF, as one self-contained page."""
    from kitbuilder.render.html.writer import render_html
    from kitbuilder.units import to_gray

    palette = comp.palette
    colors = {name: to_gray(value) if palette.grayscale else value for name, value in palette.hex.items()}
    return render_html(document, colors)


# What forked workers render, by index (a fork shares it without pickling).
_pending: list[tuple[Composition, Document]] = []


def _render_pending(index: int):
    return _rendered(*_pending[index])  # its PDF or its error, pickled back (KitbuilderError pickles whole)


def _rendered(comp: Composition, document: Document):
    try:
        return render_one(comp, document)
    except KitbuilderError as error:
        return error


def render_each(compositions: list[Composition], documents: list[Document]
                ) -> list[tuple[bytes, int] | KitbuilderError]:
    """Render every layout; on a multi-core machine with fork(), in parallel processes.

    Each layout's outcome is its PDF and page count, or its error. A problem that is
    not particular to one layout (a :class:`LayoutFailed`) is raised: nothing is written.

    Layout is pure Python, so one process per core makes a multi-layout build
    faster. Fonts are already parsed by compose(), and forked workers inherit them.
    """
    workers = min(len(compositions), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        outcomes = [_rendered(comp, document) for comp, document in zip(compositions, documents)]
    else:
        outcomes = _render_forked(list(zip(compositions, documents)), workers)
    problems = Problems()
    for outcome in outcomes:
        if isinstance(outcome, KitbuilderError) and not isinstance(outcome, LayoutFailed):
            problems.extend(outcome)
    if problems:
        for outcome in outcomes:
            if isinstance(outcome, LayoutFailed):
                problems.extend(outcome)
        problems.raise_if_any()
    return outcomes


def _render_forked(work: list[tuple[Composition, Document]], workers: int) -> list:
    _pending[:] = work
    # Longest first (more sections, more pages), so that no core idles at the end.
    order = sorted(range(len(work)), key=lambda i: -len(work[i][0].layout.sections))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {index: pool.submit(_render_pending, index) for index in order}
            return [futures[index].result() for index in range(len(work))]
    finally:
        _pending.clear()


def validate_kit(kit_path: Path | str, event_path: Path | None = None,
                 layouts: list[str] | None = None) -> tuple[Kit, Event]:
    """Check a kit (and event) the way a build would, fit included, without writing anything."""
    options = BuildOptions(layouts=list(layouts or DEFAULT_LAYOUTS), event_path=event_path)
    compositions = prepare(kit_path, options)
    problems = Problems()
    for outcome in render_each(compositions, [build_document(comp) for comp in compositions]):
        if isinstance(outcome, KitbuilderError):
            problems.extend(outcome)
    problems.raise_if_any()
    return compositions[0].kit, compositions[0].event


def validate_layout_files(specs: list[str]) -> list[Layout]:
    """Check layouts given without a kit: each is loaded, then composed with the sample kit and
    event (every key present), so its placeholders, labels and texts are checked as a build
    would check them; only the fit, which depends on a real kit, is left to a build."""
    samples = Path(__file__).resolve().parent / "model" / "samples"
    layouts = validate_layouts(specs)
    kit, event = load_kit(samples / "kit.yaml"), load_event(samples / "event.yaml")
    problems = Problems()
    for layout in layouts:
        try:
            build_document(compose(kit, event, layout))
        except KitbuilderError as error:
            problems.extend(error)
    problems.raise_if_any()
    return layouts
