"""``kitbuilder validate``: everything a build would refuse, found without writing anything."""

from __future__ import annotations

from pathlib import Path

from kitbuilder.build import DEFAULT_LAYOUTS, BuildOptions, prepare, render_each
from kitbuilder.compose.composition import compose
from kitbuilder.compose.document import build_document
from kitbuilder.diagnostics import KitbuilderError, Problems
from kitbuilder.model.event import Event, load_event
from kitbuilder.model.kit import Kit, load_kit
from kitbuilder.model.layout import Layout, validate_layouts


def validate_kit(kit_path: Path | str, event_path: Path | None = None,
                 layouts: list[str] | None = None) -> tuple[Kit, Event]:
    """Check a kit (and event) the way a build would, fit included, without writing anything."""
    options = BuildOptions(layouts=list(layouts or DEFAULT_LAYOUTS), event_path=event_path)
    compositions = prepare(kit_path, options)
    problems = Problems()
    for outcome in render_each(compositions, [None] * len(compositions)):  # block trees made where rendered
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
