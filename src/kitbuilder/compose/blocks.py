"""The format-neutral document: what a reader of one layout sees, as a tree of blocks.

Compose (:mod:`kitbuilder.compose`) builds a :class:`Document` from the kit, the
event and the layout; it decides every word, label, number and order. A renderer
(``render/pdf``, ``render/html``) maps each block to its format and decides
nothing about content: no block needs the kit, the event or the layout to be
read. Each class below says what the block means to a reader; how a format draws
it is the renderer's business. The blocks a reader writes on (ruled lines, a sign-in
table, a rating) are in :mod:`kitbuilder.compose.forms`.

Conventions:

- ``style`` names a paragraph style of the layout (``body``, ``lead``, ``question``,
  ``heading``, ``label``, ``small`` ...): the role of the text on the page.
- ``key`` on a :class:`Para` or :class:`Link` names the content item it shows, for
  the proof that nothing was lost (``summary#0``, ``questions[3].text``,
  ``event.line0``); ``None`` marks layout text and labels, which are not checked.
- Every field holds final text: placeholders are filled, labels are worded, dates
  written out. A renderer only escapes it for its format.
- Containers hold tuples of blocks; a block never appears twice in one tree.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Union

from kitbuilder.compose.blockclass import block
from kitbuilder.compose.forms import Rating, RuledLines, SignInTable


@block
class Run:
    """A stretch of inline text with one look.

    ``strong``/``emphasis``: the reader sees it bold/italic (from ``**strong**`` and
    ``*emphasis*`` in the kit, or a label the layout makes bold, e.g. "Note:").
    ``key``: the content field this run shows (``facts[2].source``), ``None`` for a
    label or punctuation added by the layout (the quote marks, a fact's source label).
    ``style``: set where the run reads in another paragraph style than its paragraph
    (the source line of a fact is in ``source``). ``muted``: secondary text in
    the muted colour (who asked a question of the director). ``line_break``: the run
    begins on a new line of the same paragraph.
    """

    text: str
    strong: bool = False
    emphasis: bool = False
    key: str | None = None
    style: str | None = None
    muted: bool = False
    line_break: bool = False


@block
class Para:
    """A paragraph the reader reads: a question, a summary paragraph, a label line.

    ``text`` is the whole paragraph as it reads (all runs joined, no markup);
    ``key`` the content item it shows (``None`` for layout text); ``origin`` where
    that content was typed (for error messages), if known.
    """

    runs: tuple[Run, ...]
    style: str
    key: str | None = None
    text: str = ""
    origin: Any = field(default=None, compare=False, repr=False)


@block
class Heading:
    """A heading: ``level`` 0 is a section heading (an entry in the document's outline),
    1 a heading inside a section (e.g. a details panel's title). ``style`` is its role
    (``heading``, or ``label`` for the small caps-like kicker above a title)."""

    runs: tuple[Run, ...]
    text: str
    level: int = 0
    style: str = "heading"


@block
class Link:
    """A web or e-mail address the reader can follow: ``url`` as printed, ``href``
    where it leads (``https://`` added to a bare domain, ``mailto:`` kept)."""

    url: str
    href: str
    style: str = "link"
    key: str | None = None
    origin: Any = field(default=None, compare=False, repr=False)


@block
class ItemList:
    """A list: each item is a tuple of blocks. ``numbered`` lists show ``numbers``
    (one per item, e.g. the kit's question numbers), others show bullets.
    ``style`` is the role of the items' text (the marker follows its size)."""

    items: tuple[tuple["Block", ...], ...]
    numbered: bool = False
    numbers: tuple[int, ...] = ()
    style: str = "body"


@block
class Panel:
    """A set-apart box (a tinted panel): details, the presenting organisation, a welcome."""

    blocks: tuple["Block", ...]


@block
class DetailRow:
    """One label/value pair of a :class:`Details` table ("Director" / "Lixin Fan");
    ``label`` may be ``None`` (an agenda item without a time)."""

    label: Para | None
    value: Para


@block
class Details:
    """Label/value pairs read row by row: film or event details, or a schedule.

    ``kind``: ``facts`` (a compact table of details) or ``schedule`` (an agenda,
    rows separated by rules). ``label_em``: the label column's width in ems of the
    label text, a hint so that labels line up; the column is never narrower than its
    widest label, nor than the widest of ``line_up_with`` (the labels of another table
    it lines up with: the screening's and the film's details on one page).
    """

    rows: tuple[DetailRow, ...]
    kind: str = "facts"
    label_em: float = 5.5
    line_up_with: tuple[Para, ...] = ()


@block
class Quote:
    """A quotation from the film, with the quote marks already in ``text``'s runs.

    ``treatment``: ``pull`` (set off with an accent rule, in the flow of the text),
    ``sidebar`` (boxed, beside or apart from the text) or ``plain`` (set apart by space only).
    """

    text: Para
    attribution: Para | None = None
    treatment: str = "pull"


@block
class Beside:
    """Two things side by side: ``main`` and, on the right, ``aside``.

    ``flow``: the main text flows around the aside and below it (a sidebar quote);
    where the aside does not fit beside the text, it follows it in the flow
    (``inline``: what to show then, usually the quote as a pull quote). Without
    ``flow``, two columns (a title with the club's logo on its right).
    """

    main: tuple["Block", ...]
    aside: tuple["Block", ...]
    flow: bool = True
    inline: tuple["Block", ...] = ()


@block
class Columns:
    """``blocks`` read in ``count`` balanced columns (top to bottom, then the next column)."""

    count: int
    blocks: tuple["Block", ...]


@block
class Image:
    """A picture (the club's logo): ``path`` is its checked file (PNG, JPEG or SVG;
    read it with :func:`kitbuilder.model.logo.prepared`), fitted with its proportions
    into a box ``width`` x ``height`` points (``width`` None: as wide as the height
    makes it; never wider than the space it is given), ``alt`` what it shows, for a
    reader who cannot see it; ``grayscale``: print it in shades of grey."""

    path: Any
    height: float
    alt: str
    grayscale: bool = False
    width: float | None = None


@block
class QrCode:
    """A QR code a phone can scan: it encodes ``href`` (the same target as the link
    beside it); ``url`` is the address as printed, ``alt`` a description of it."""

    url: str
    href: str
    alt: str
    origin: Any = field(default=None, compare=False, repr=False)
    field_name: str = ""


@block
class WithQr:
    """``blocks`` (an entry with a link) with the QR code of that link beside them."""

    blocks: tuple["Block", ...]
    qr: QrCode


@block
class KeepWithNext:
    """``blocks`` (a heading, a question) that must not end a page: they stay with at
    least ``lines`` lines of what follows them."""

    blocks: tuple["Block", ...]
    lines: int = 3


@block
class KeepTogether:
    """``blocks`` that are read as one unit and are not split across pages if it can be helped."""

    blocks: tuple["Block", ...]


@block
class Space:
    """Vertical space of ``points`` (1/72 in) between blocks; ``scaled`` space grows
    and shrinks with the type when a layout is fitted to its page count."""

    points: float
    scaled: bool = False


@block
class Rule:
    """A horizontal accent line: ``short`` (under a cover title) or ``full`` (under a title block)."""

    kind: str = "full"


@block
class PageBreak:
    """What follows starts on a new page. ``right``: on a right-hand (odd) page.
    ``template``: the kind of page that follows (``body`` after a cover), if it changes."""

    template: str | None = None
    right: bool = False
    filler: tuple["Block", ...] = ()  # with ``right``: what a left-hand page left over shows (Notes)


@block
class FootBlock:
    """``blocks`` placed at the foot of the current page (the presenting organisation on a cover)."""

    blocks: tuple["Block", ...]


@block
class OnePage:
    """``blocks`` kept on what is left of the current page, set smaller if they would not
    fit there (a cover: a long title or quote never pushes part of it overleaf)."""

    blocks: tuple["Block", ...]


@block
class FillPages:
    """``blocks`` (a Notes page) on pages of their own, as many as it takes for what follows
    to start on a page whose number is a multiple of ``multiple`` (a booklet's back cover
    on its last page). Print only: an edition without pages shows none."""

    blocks: tuple["Block", ...]
    multiple: int = 4


Block = Union[Para, Heading, Link, ItemList, Panel, Details, Quote, Beside, Columns, Image, QrCode, WithQr,
              KeepWithNext, KeepTogether, Space, Rule, PageBreak, FootBlock, RuledLines, SignInTable, Rating,
              OnePage, FillPages]


@block
class Section:
    """One section of the layout as the reader meets it (``type`` as in the layout:
    ``summary``, ``questions`` ...). ``start`` is a break before it, if any;
    ``keep_together``: the section is not split across pages if it fits on one;
    ``aside`` and ``handed_out``: the layout's section options of those names."""

    type: str
    blocks: tuple[Block, ...]
    start: PageBreak | None = None
    keep_together: bool = False
    aside: bool = False  # set in the page's sidebar column, where the layout has one
    handed_out: bool = False  # a page for participants (its footer leaves out the centre text)


@block
class Document:
    """The whole edition: ``title`` (as the reader would cite it), ``lang`` (BCP 47),
    the ``sections`` in reading order, ``metadata`` (``title``, ``author``,
    ``subject``, ``keywords``: a list) and the running ``header``/``footer`` texts by
    slot (``left``, ``center``, ``right``), filled, each as the pieces the page number goes
    between: ``("Page ", "")`` reads "Page 3" on page 3, ``("A credit",)`` has no number."""

    title: str
    lang: str
    sections: tuple[Section, ...]
    metadata: dict = field(default_factory=dict, compare=False)
    header: dict = field(default_factory=dict, compare=False)
    footer: dict = field(default_factory=dict, compare=False)
    notes_page: tuple = field(default=(), compare=False)  # blocks of a page for notes (print fills pages with it)


def children(block: Block | Section | Document) -> tuple:
    """The blocks directly inside ``block``, in reading order (for walking the tree)."""
    if isinstance(block, Document):
        return block.sections
    if isinstance(block, Section):
        return ((block.start,) if block.start else ()) + block.blocks
    if isinstance(block, ItemList):
        return tuple(b for item in block.items for b in item)
    if isinstance(block, (Panel, Columns, KeepWithNext, KeepTogether, FootBlock, OnePage, FillPages)):
        return block.blocks
    if isinstance(block, WithQr):
        return block.blocks + (block.qr,)
    if isinstance(block, Beside):
        return block.main + block.aside  # ``inline`` repeats the aside in another form
    if isinstance(block, Quote):
        return (block.text,) + ((block.attribution,) if block.attribution else ())
    if isinstance(block, Details):
        return tuple(p for row in block.rows for p in (row.label, row.value) if p is not None)
    if isinstance(block, SignInTable):
        return block.columns
    if isinstance(block, Rating):
        return (block.label,)
    return ()


def walk(block) -> list:
    """Every block of the tree under ``block`` (itself included), in reading order."""
    found = [block]
    for child in children(block):
        found += walk(child)
    return found

