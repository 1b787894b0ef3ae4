"""Why a rendered document is refused: it prints nothing, it runs past the page limit,
or a block cannot be placed (ReportLab's LayoutError), each said at the field or the
layout section it comes from, for the person who wrote it."""

from __future__ import annotations

import re

from reportlab.platypus import PageBreak, Spacer

from kitbuilder.compose.blocks import Document, Link, Para, walk
from kitbuilder.compose.composition import Composition
from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.render.pdf.flowables import NeedSpace, StartOnRightPage
from kitbuilder.render.pdf.paragraphs import PlacementLog
from kitbuilder.units import MM

MAX_PAGES = 200  # pages in one document: the shipped kit's facilitator packet has 14
PAGES_COUNTED = 4  # a layout with a page limit is laid out to at most this many times it to say what it needs


def prints_anything(story: list) -> bool:
    """Whether the story holds anything but page breaks and spaces."""
    return any(not isinstance(f, (PageBreak, Spacer, StartOnRightPage, NeedSpace)) for f in story)


def _layout_origin(comp: Composition) -> Origin:
    sections = comp.layout.sections
    return sections[0].origin if sections else Origin(str(comp.layout.path))


def empty_document(comp: Composition) -> KitbuilderError:
    layout = comp.layout
    kinds = ", ".join(dict.fromkeys(s.type for s in layout.sections)) or "none"
    return KitbuilderError.single(
        _layout_origin(comp),
        f"layout '{layout.name}' prints nothing for this kit and event: its sections ({kinds}) "
        f"have nothing to show, and a PDF without pages is not written",
        "add sections that the kit fills (e.g. summary, questions), or give the event what the "
        "sections show (e.g. an agenda:)",
    )


def too_many_pages(comp: Composition, log: PlacementLog, limit: int = MAX_PAGES) -> KitbuilderError:
    layout = comp.layout
    key = log.in_progress()
    if key and log.origins.get(key):  # stopped inside the kit's or event's text: point at it
        return KitbuilderError.single(
            log.origins[key],
            f"layout '{layout.name}' reached {limit} pages (the most one document may have) "
            f"while printing {log.labels[key]}, and it goes on beyond that",
            "shorten the kit's longest texts, or print fewer questions with 'questions: [1, 2, 5]' in an event file",
        )
    return KitbuilderError.single(
        _layout_origin(comp),
        f"layout '{layout.name}' would print more than {limit} pages for this kit and event "
        f"(at most {limit} pages per document); stopped there",
        "remove repeated sections from the layout (sign-in sheets, notes pages), or shorten the kit",
    )


_SIZES = re.compile(r"\(([0-9.]+) x ([0-9.]+)\) too large.*?\(([0-9.]+) x ([0-9.]+)\*?\)", re.S)


def too_tall(comp: Composition, log: PlacementLog, page: int, report: str) -> KitbuilderError:
    """A block taller than a page (ReportLab's LayoutError), said in the user's terms."""
    key = log.in_progress()
    sizes = _SIZES.search(report)
    if not sizes:  # not a block too tall for the page: a layout step kitbuilder got wrong
        return KitbuilderError.single(
            log.origins.get(key) if key and log.origins.get(key) else _layout_origin(comp),
            f"layout '{comp.layout.name}' could not be laid out at "
            f"{log.labels[key] if key else 'this section'} (page {page})",
            "this is a bug in kitbuilder; please report it with the kit and layout files. Meanwhile try "
            "keep_together: false or columns: 1 for the sections around it",
        )
    over = float(sizes.group(2)) - float(sizes.group(4))
    by = f" by {over / MM:.0f} mm (about {max(1, round(over / comp.styles['body'].leading))} lines)"
    what = log.labels[key] if key else "a block of the layout"
    return KitbuilderError.single(
        log.origins.get(key) if key and log.origins.get(key) else _layout_origin(comp),
        f"{what} is too long to fit on one page of layout '{comp.layout.name}'{by}, and it cannot be split there",
        "shorten that text, or set keep_together: false for its section in the layout",
    )


def longest_section_origin(document: Document, kinds: list[str]) -> Origin | None:
    """Where the kit's text begins in the longest of the sections of ``kinds`` (all sections
    when empty): the place of its first content item, for a message that asks to shorten it.
    None when no section shows text typed in a file."""
    best, most = None, 0
    for section in document.sections:
        if kinds and section.type not in kinds:
            continue
        typed = [b for b in walk(section) if isinstance(b, (Para, Link)) and b.key and b.origin is not None]
        length = sum(len(getattr(b, "text", "") or getattr(b, "url", "")) for b in typed)
        if typed and length > most:
            best, most = typed[0].origin, length
    return best
