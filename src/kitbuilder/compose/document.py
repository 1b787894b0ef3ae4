"""Compose the whole edition: a :class:`~kitbuilder.compose.blocks.Document` from a composition.

:func:`build_document` runs each section's composer in the layout's order;
:func:`content_items` lists every content item the document shows (what the
"nothing lost" checks compare a rendered edition against).
"""

from __future__ import annotations

from kitbuilder.compose import sections  # noqa: F401  (registers the section composers)
from kitbuilder.compose.blocks import Document, Link, PageBreak, Para, Section, walk
from kitbuilder.compose.context import COMPOSERS, Context
from kitbuilder.compose.inline import plain
from kitbuilder.compose.composition import PAGE_NUMBER
from kitbuilder.compose.labels import fill_around
from kitbuilder.model.layout import COMMON_OPTIONS, SECTION_TYPES
from kitbuilder.model.layout import Section as LayoutSection
from kitbuilder.compose.typography import typeset_document


def context_of(comp) -> Context:
    """The composer's view of a :class:`~kitbuilder.compose.composition.Composition`."""
    return Context(comp.kit, comp.event, comp.layout, comp.questions, comp.values, comp.labels)


def build_document(comp) -> Document:
    """Every section of the layout, in order, as blocks, with the document's title and properties."""
    ctx = context_of(comp)
    composed: list[Section] = []
    anything = False  # a "new page" before the first thing printed would leave a blank page
    for section in comp.layout.sections:
        start = None
        if section.options["start_on_right"]:
            start = PageBreak(right=True, filler=notes_page(ctx))
        elif section.options["new_page"] and anything:
            start = PageBreak()
        blocks = tuple(COMPOSERS[section.type](section, ctx))
        anything = anything or bool(blocks) or start is not None
        composed.append(Section(section.type, blocks, start, section.options["keep_together"],
                                section.options["aside"], section.options["handed_out"]))
    return typeset_document(Document(document_title(ctx), ctx.labels.language, tuple(composed), metadata(ctx),
                                     running(comp.layout.header, ctx.values), running(comp.layout.footer, ctx.values),
                                     notes_page(ctx)))


def notes_page(ctx: Context) -> tuple:
    """A page for notes: what a left-hand page left before a right-hand start shows."""
    options = {**COMMON_OPTIONS, **SECTION_TYPES["notes_page"]}
    return tuple(COMPOSERS["notes_page"](LayoutSection("notes_page", options, None), ctx))


def running(slots: dict, values: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The running header or footer by slot, filled: the pieces the page number goes between."""
    return {side: fill_around(template, values, PAGE_NUMBER) for side, template in slots.items()}


def document_title(ctx: Context) -> str:
    event = ctx.event.title or ctx.event.host
    if event:
        return plain(ctx.label("document.title_event", event=plain(str(event))))
    return plain(ctx.label("document.title"))


def metadata(ctx: Context) -> dict:
    """The document's properties, as a PDF viewer or a search engine shows them."""
    # the presenting organisation: the kit's, else the screening's host; never someone else
    author = (ctx.kit.about.name if ctx.kit.about else None) or ctx.event.host or ""
    keywords = [ctx.values["layout.title"]] + ctx.label("document.keywords").split(",")  # this layout's first
    return {
        "title": document_title(ctx),
        "author": plain(str(author)),
        "subject": plain(ctx.label("document.subject")),
        "keywords": list(dict.fromkeys(plain(k.strip()) for k in keywords if k.strip())),
    }


def content_items(document: Document) -> list[tuple[str, str]]:
    """(field, text as read) of every content item the document shows, in reading order.

    A paragraph that shows several fields (a fact and its source) gives one item per field.
    """
    items: list[tuple[str, str]] = []
    for block in walk(document):
        if isinstance(block, Para) and block.key:
            fields: dict[str, str] = {}
            for run in block.runs:
                if run.key:
                    fields[run.key] = fields.get(run.key, "") + run.text
            items += [(key, text) for key, text in fields.items() if text.strip()]
        elif isinstance(block, Link) and block.key:
            items.append((block.key, block.url))
    return items
