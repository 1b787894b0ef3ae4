"""The pipeline: load -> validate -> compose -> render -> write.

:func:`build_kit` is what ``kitbuilder build`` runs. Every layout is rendered in
memory first; only when all of them succeeded are the PDFs written (atomically),
so a failed build writes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .compose import Composition, compose
from .content import Kit, load_kit
from .document import RenderedPdf, render_pdf
from .errors import KitbuilderError, Origin, Problems
from .event import EVENT_KEYS, Event, load_event
from .layout import Layout, load_layout
from .output import write_all
from .printing import finish

DEFAULT_LAYOUTS = ("handout", "guide", "facilitator")
SCALE_STEP = 0.025


@dataclass
class BuildOptions:
    layouts: list[str] = field(default_factory=lambda: list(DEFAULT_LAYOUTS))
    out_dir: Path = Path("output")
    event_path: Path | None = None
    settings: list[tuple[str, str]] = field(default_factory=list)  # --set KEY=VALUE
    bleed: float | None = None
    crop_marks: bool = False
    grayscale: bool = False


def split_settings(settings: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``--set`` pairs for the event (its keys) and for the layout (dotted layout paths)."""
    event = [(k, v) for k, v in settings if k in EVENT_KEYS]
    layout = [(k, v) for k, v in settings if k not in EVENT_KEYS]
    return event, layout


def load_layout_for(spec: str, event: Event, layout_settings, options: BuildOptions) -> Layout:
    layout = load_layout(spec, layout_settings, paper=event.paper, accent=event.accent_color)
    if options.grayscale:
        layout.grayscale = True
    if options.bleed is not None:
        layout.bleed = options.bleed
    if options.crop_marks:
        layout.crop_marks = True
    return layout


def render_fitted(comp: Composition) -> RenderedPdf:
    """Render; when the layout fixes a page count, shrink uniformly down to its floor to fit."""
    layout = comp.layout
    limit = layout.page.max_pages
    result = render_pdf(comp)
    scale = 1.0
    while limit and result.pages > limit:
        next_scale = round(scale - SCALE_STEP, 4)
        if not comp.with_scale(next_scale).styles.body_fits_floor():
            raise overflow_error(comp, result)
        scale = next_scale
        result = render_pdf(comp.with_scale(scale))
    if result.missing:
        raise KitbuilderError.single(
            Origin(str(layout.path)),
            f"layout '{layout.name}' did not place all of the content: {', '.join(result.missing[:8])}",
            "this is a bug in kitbuilder; please report it with the kit file. Meanwhile try the guide layout",
        )
    return result


def overflow_error(comp: Composition, result: RenderedPdf) -> KitbuilderError:
    layout = comp.layout
    limit = layout.page.max_pages
    over = sorted({key.split("[")[0].split(".")[0].split("#")[0] for key, pages in result.pages_of.items()
                   if max(pages) > limit})
    return KitbuilderError.single(
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


def output_path(options: BuildOptions, kit: Kit, event: Event, layout: Layout) -> Path:
    folder = options.out_dir / kit.name
    if event.name:
        folder = folder / event.name
    return folder / f"{layout.name}.pdf"


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


def build_kit(kit_path: Path | str, options: BuildOptions) -> BuildResult:
    event_settings, layout_settings = split_settings(options.settings)
    problems = Problems()
    kit, event = load_inputs(kit_path, options.event_path, event_settings, problems)
    layouts = []
    for spec in dict.fromkeys(options.layouts):
        try:
            if event is not None:
                layouts.append(load_layout_for(spec, event, layout_settings, options))
        except KitbuilderError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    compositions = [compose(kit, event, layout) for layout in layouts]
    rendered: dict[Path, bytes] = {}
    pages = {}
    for comp, (data, page_count) in zip(compositions, render_all(compositions)):
        rendered[output_path(options, kit, event, comp.layout)] = data
        pages[comp.layout.name] = page_count
    return BuildResult(kit, event, write_all(rendered), pages)


def render_one(comp: Composition) -> tuple[bytes, int]:
    result = render_fitted(comp)
    return finish(result.data, comp.layout), result.pages


# Compositions handed to forked workers by index (a fork shares them without pickling).
_pending: list[Composition] = []


def _render_pending(index: int):
    try:
        return "ok", render_one(_pending[index])
    except KitbuilderError as error:  # sent back as data: the exception class is not picklable as is
        return "error", (error.problems, getattr(error, "hidden", 0))


def render_all(compositions: list[Composition]) -> list[tuple[bytes, int]]:
    """Render every layout; on a multi-core machine with fork(), in parallel processes.

    Layout is pure Python, so one process per core makes a multi-layout build
    faster. Fonts are already parsed by compose(), and forked workers inherit them.
    """
    workers = min(len(compositions), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [render_one(comp) for comp in compositions]
    _pending[:] = compositions
    # Longest first (more sections, more pages), so that no core idles at the end.
    order = sorted(range(len(compositions)), key=lambda i: -len(compositions[i].layout.sections))
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {index: pool.submit(_render_pending, index) for index in order}
            outcomes = [futures[index].result() for index in range(len(compositions))]
    finally:
        _pending.clear()
    problems = Problems()
    results = []
    for status, value in outcomes:
        if status == "error":
            problems.items.extend(value[0])
        else:
            results.append(value)
    problems.raise_if_any()
    return results


def validate_kit(kit_path: Path | str, event_path: Path | None = None) -> tuple[Kit, Event]:
    """Load and check a kit (and event) against the default layouts, without rendering."""
    problems = Problems()
    kit, event = load_inputs(kit_path, event_path, [], problems)
    problems.raise_if_any()
    for spec in DEFAULT_LAYOUTS:
        compose(kit, event, load_layout(spec))
    return kit, event
