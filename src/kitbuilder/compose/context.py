"""What the section composers share: the kit, event and layout being composed, and
the helpers that turn their text into blocks (paragraphs, headings, links, labels).

Every function here decides what the reader sees; none knows how it is drawn.
"""

from __future__ import annotations

from typing import Callable

from kitbuilder.compose.qr import check_encodable
from kitbuilder.compose.blocks import Block, Columns, Heading, KeepWithNext, Link, Para, QrCode, Run
from kitbuilder.compose.inline import runs, runs_text
from kitbuilder.compose.dates import readable_date, readable_time
from kitbuilder.compose.labels import Labels, fill
from kitbuilder.model.event import Event
from kitbuilder.model.kit import Kit, Question, paragraphs
from kitbuilder.model.layout import Layout, Section
from kitbuilder.records import record


def href(url: str) -> str:
    """Where an address leads: as typed when it names its scheme (``https://``, ``mailto:``),
    else a web address (``https://`` added). Links and QR codes both use this."""
    text = str(url)
    if "://" in text or text.lower().startswith("mailto:"):
        return text
    return f"https://{text}"


@record
class Context:
    """One layout's view of a kit for an event, with the labels in its language."""

    kit: Kit
    event: Event
    layout: Layout
    questions: list[Question]
    values: dict[str, str]
    labels: Labels

    # --- words ------------------------------------------------------------------------

    def label(self, name: str, /, **own) -> str:
        return self.labels.text(name, **own)

    def date(self, value) -> str | None:
        return readable_date(value, self.labels)

    def time(self, value) -> str | None:
        return readable_time(value, self.labels)

    def label_runs(self, name: str, keys: dict[str, str | None] | None = None, parse: bool = True,
                   own: dict | None = None, **look) -> tuple[Run, ...]:
        """Label ``name`` as runs: its words as labels, each of its own values (``own``) as
        content of the field ``keys[value name]``."""
        out: list[Run] = []
        for text, value_name in self.labels.parts(name, **(own or {})):
            key = (keys or {}).get(value_name) if value_name else None
            out += runs(text, key, parse=parse, **look) if value_name \
                else runs(text, None, parse=False, **look)
        return tuple(out)

    # --- paragraphs -------------------------------------------------------------------

    def para(self, text, style: str, key: str, before: tuple[Run, ...] = (), after: tuple[Run, ...] = (),
             origin=None) -> Para:
        """Content: ``text`` (with its emphasis) shown as the field ``key``, between ``before``
        and ``after`` (labels or further content)."""
        body = before + runs(text, key) + after
        return Para(body, style, key, runs_text(body), origin or getattr(text, "origin", None))

    def paragraphs(self, text, style: str, key: str, first_style: str | None = None) -> list[Para]:
        """A text field with blank lines between paragraphs: one paragraph each (``key#0`` ...)."""
        origin = getattr(text, "origin", None)
        return [self.para(p, first_style if (i == 0 and first_style) else style, f"{key}#{i}", origin=origin)
                for i, p in enumerate(paragraphs(text))]

    def words(self, text: str, style: str, parse: bool = True) -> Para:
        """Words that are read but are not one content item (a label, a caption), as they are."""
        body = runs(text, parse=parse)
        return Para(body, style, None, runs_text(body))

    def static(self, text: str, style: str) -> Para:
        """Layout text, placeholders filled."""
        return self.words(fill(text, self.values), style)

    def label_para(self, name: str, style: str, /, **own) -> Para:
        return self.words(self.label(name, **own), style)

    def heading(self, text: str, style: str = "heading", level: int = 0, filled: bool = False) -> Heading:
        """A heading from layout text (``filled``: already worded, e.g. a label)."""
        body = runs(text if filled else fill(text, self.values))
        return Heading(body, runs_text(body), level, style)

    def section_heading(self, section: Section, default_label: str | None, level: int = 0) -> list[Heading]:
        """The section's heading: the layout's ``heading:``, else the label ``default_label``."""
        if section.options.get("heading"):
            return [self.heading(section.options["heading"], level=level)]
        return [self.heading(self.label(default_label), level=level, filled=True)] if default_label else []

    # --- addresses --------------------------------------------------------------------

    def link(self, url, key: str) -> Link:
        return Link(str(url), href(url), "link", key, getattr(url, "origin", None))

    def qr(self, url) -> QrCode:
        check_encodable(href(url), getattr(url, "origin", None), getattr(url, "field", ""))
        return QrCode(str(url), href(url), str(url), getattr(url, "origin", None), getattr(url, "field", ""))


def keep_with_first(head: list[Block], body: list[Block], lines: int = 3) -> list[Block]:
    """Headings never left alone at a page foot: they go on with ``lines`` lines of the body."""
    if not head or not body:
        return head + body
    return [KeepWithNext(tuple(head), lines)] + body


def in_columns(count: int, blocks: list[Block]) -> list[Block]:
    """``blocks`` set in ``count`` columns (a section's ``columns:`` option; 1: as they are)."""
    return [Columns(count, tuple(blocks))] if count >= 2 else list(blocks)


Composer = Callable[[Section, Context], list[Block]]
COMPOSERS: dict[str, Composer] = {}


def composer(*names: str):
    """Register a function as the composer of the section types ``names``."""
    def register(function: Composer) -> Composer:
        for name in names:
            COMPOSERS[name] = function
        return function
    return register
