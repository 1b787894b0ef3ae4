"""The HTML edition: one :class:`~kitbuilder.compose.blocks.Document` as one self-contained page.

Every block maps to semantic HTML (headings, lists, ``<blockquote>`` in a ``<figure>``,
``<dl>`` for details), in the tree's reading order, so a screen reader reads the page
as the PDF reads. Like the PDF renderer, this module decides no content: every word
comes from the tree and is escaped here (user text never becomes markup). The page
loads nothing: its stylesheet (:file:`page.css`) is inlined, fonts are the reader's
system fonts, the logo and QR codes are ``data:``/inline SVG (see :mod:`.media`).

The film title (the first paragraph in a ``title`` or ``cover_title`` style) is the
page's one ``<h1>`` (on a page without one, a feedback card, its first heading is);
section headings are ``<h2>``; headings inside a section and ``subheading`` paragraphs
(a theme's title, the organisation's name) ``<h3>``.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from kitbuilder.compose import blocks as b
from kitbuilder.render.html.media import logo_data_uri, qr_style, qr_svg, safe_href
from kitbuilder.source.spec import load_spec
from kitbuilder.units import INCH

TITLE_STYLES = ("title", "cover_title")
SUBHEADING_STYLES = ("subheading",)
# The colours page.css uses (as var(--name)), with the layout declaration's defaults.
DEFAULT_COLORS: dict[str, str] = load_spec("layout").at("colors").default
# Points of PDF type to CSS pixels, for the one size the tree gives in points (a logo's height).
PX_PER_PT = 96 / INCH


def stylesheet() -> str:
    return resources.files("kitbuilder.render.html").joinpath("page.css").read_text(encoding="utf-8")


def render_html(document: b.Document, colors: dict[str, str] | None = None) -> bytes:
    """The document as a UTF-8 HTML page. ``colors``: the layout's palette by name
    (``text``, ``accent``, ``muted``, ``rule``, ``panel``), as ``#rrggbb``."""
    page = _Page()
    # A page without a film title (a feedback card) gets its first heading as its <h1>.
    page.heading_is_h1 = not any(isinstance(block, b.Para) and block.style in TITLE_STYLES
                                 for block in b.walk(document))
    body = "".join(page.section(section) for section in document.sections)
    footer = _footer(document.footer)
    palette = {**DEFAULT_COLORS, **(colors or {})}
    variables = "".join(f"--{name}:{_color(value)};" for name, value in palette.items() if name in DEFAULT_COLORS)
    meta = document.metadata or {}
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(document.title)}</title>",
    ]
    if meta.get("author"):
        head.append(f'<meta name="author" content="{_attr(meta["author"])}">')
    if meta.get("subject"):
        head.append(f'<meta name="description" content="{_attr(meta["subject"])}">')
    if meta.get("keywords"):
        head.append(f'<meta name="keywords" content="{_attr(", ".join(map(str, meta["keywords"])))}">')
    head.append(f"<style>:root{{{variables}}}\n{stylesheet()}</style>")
    html = (f'<!DOCTYPE html>\n<html lang="{_attr(document.lang or "en")}">\n<head>\n' + "\n".join(head)
            + f"\n</head>\n<body>\n<main>\n{body}</main>\n{footer}</body>\n</html>\n")
    return html.encode("utf-8")


def _text(value) -> str:
    return escape(str(value), quote=False)


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _color(value: str) -> str:
    """A palette colour as CSS: only ``#`` and hex digits pass (nothing else can reach the stylesheet)."""
    value = str(value).strip()
    digits = value[1:]
    if value.startswith("#") and len(digits) in (3, 6) and all(c in "0123456789abcdefABCDEF" for c in digits):
        return value
    return "#000"


def _footer(slots: dict) -> str:
    """The running footer's texts that read without a page number (a credit, a note), once each.
    (A slot is the pieces the page number goes between: one piece means no page number.)"""
    texts = []
    for slot in ("left", "center", "right"):
        pieces = slots.get(slot) or ()
        text = pieces[0].strip() if len(pieces) == 1 else ""
        if text and text not in texts:
            texts.append(text)
    if not texts:
        return ""
    return '<footer class="small muted">' + "".join(f"<p>{_text(t)}</p>" for t in texts) + "</footer>\n"


def _classes(*names: str | None) -> str:
    joined = " ".join(n for n in names if n)
    return f' class="{_attr(joined)}"' if joined else ""


class _Page:
    """Renders blocks to HTML; remembers whether the page's ``<h1>`` was given out."""

    def __init__(self):
        self.has_h1 = False
        self.heading_is_h1 = False

    def section(self, section: b.Section) -> str:
        start = section.start
        breaks = ("break-right" if start.right else "break-before") if start else None
        inner = self.blocks(section.blocks)
        if not inner.strip():
            return ""
        return f'<section{_classes("s-" + section.type, breaks, "keep" if section.keep_together else None)}>\n' \
               f"{inner}</section>\n"

    def blocks(self, blocks) -> str:
        return "".join(self.block(block) for block in blocks)

    def block(self, block) -> str:
        method = getattr(self, "_" + type(block).__name__.lower(), None)
        if method is None:
            raise TypeError(f"the HTML edition has no mapping for {type(block).__name__}")
        return method(block)

    # --- text ---------------------------------------------------------------

    def runs(self, runs) -> str:
        out = []
        for run in runs:
            html = _text(run.text)
            if run.emphasis:
                html = f"<em>{html}</em>"
            if run.strong:
                html = f"<strong>{html}</strong>"
            if run.style or run.muted:
                html = f'<span{_classes("s-" + run.style if run.style else None, "muted" if run.muted else None)}>' \
                       f"{html}</span>"
            out.append(("<br>" if run.line_break else "") + html)
        return "".join(out)

    def _para(self, para: b.Para) -> str:
        if para.style in TITLE_STYLES and not self.has_h1:
            self.has_h1 = True
            return f'<h1{_classes("s-" + para.style)}>{self.runs(para.runs)}</h1>\n'
        if para.style in SUBHEADING_STYLES:  # a theme's title: a heading to navigate by
            return f'<h3{_classes("s-" + para.style)}>{self.runs(para.runs)}</h3>\n'
        return f'<p{_classes("s-" + para.style)}>{self.runs(para.runs)}</p>\n'

    def _heading(self, heading: b.Heading) -> str:
        if heading.style == "label":  # the kicker above a title, not a heading of its own
            return f'<p class="label">{self.runs(heading.runs)}</p>\n'
        tag = "h2" if heading.level <= 0 else "h3" if heading.level == 1 else "h4"
        if self.heading_is_h1 and not self.has_h1 and heading.level <= 0:
            self.has_h1, tag = True, "h1"
        return f"<{tag}{_classes('s-' + heading.style)}>{self.runs(heading.runs)}</{tag}>\n"

    def _link(self, link: b.Link) -> str:
        href = safe_href(link.href) if safe_href(link.url) is not None else None
        shown = _text(link.url)
        if href is None:
            return f'<p{_classes("s-" + link.style)}>{shown}</p>\n'
        return f'<p{_classes("s-" + link.style)}><a href="{_attr(href)}">{shown}</a></p>\n'

    # --- structure ------------------------------------------------------------

    def _itemlist(self, listing: b.ItemList) -> str:
        tag = "ol" if listing.numbered else "ul"
        items = []
        for index, item in enumerate(listing.items):
            value = ""
            if listing.numbered and index < len(listing.numbers):
                value = f' value="{int(listing.numbers[index])}"'
            items.append(f"<li{value}>{self.blocks(item).strip()}</li>\n")
        return f'<{tag}{_classes("s-" + listing.style)}>\n{"".join(items)}</{tag}>\n'

    def _panel(self, panel: b.Panel) -> str:
        return f'<div class="panel">\n{self.blocks(panel.blocks)}</div>\n'

    def _details(self, details: b.Details) -> str:
        rows = []
        for row in details.rows:
            label = self.runs(row.label.runs) if row.label else ""
            rows.append(f"<dt>{label}</dt><dd>{self.runs(row.value.runs)}</dd>\n")
        return f'<dl{_classes("details", details.kind)}>\n{"".join(rows)}</dl>\n'

    def _quote(self, quote: b.Quote) -> str:
        caption = ""
        if quote.attribution:
            caption = f"<figcaption>{self.runs(quote.attribution.runs)}</figcaption>"
        return (f'<figure{_classes("quote", quote.treatment)}><blockquote><p>{self.runs(quote.text.runs)}</p>'
                f"</blockquote>{caption}</figure>\n")

    def _beside(self, beside: b.Beside) -> str:
        # main first: a screen reader reads the text, then what sits beside it
        return (f'<div{_classes("beside", "flow" if beside.flow else "split")}>\n'
                f'<div class="main">\n{self.blocks(beside.main)}</div>\n'
                f'<aside class="aside">\n{self.blocks(beside.aside)}</aside>\n</div>\n')

    def _columns(self, columns: b.Columns) -> str:
        return f'<div class="columns" style="--count:{int(columns.count)}">\n{self.blocks(columns.blocks)}</div>\n'

    def _keepwithnext(self, keep: b.KeepWithNext) -> str:
        return self.blocks(keep.blocks)

    def _keeptogether(self, keep: b.KeepTogether) -> str:
        return f'<div class="keep">\n{self.blocks(keep.blocks)}</div>\n'

    def _footblock(self, foot: b.FootBlock) -> str:
        return f'<div class="foot">\n{self.blocks(foot.blocks)}</div>\n'

    # --- pictures ---------------------------------------------------------------

    def _image(self, image: b.Image) -> str:
        height = max(16, round(image.height * PX_PER_PT))  # fitted into its box by both, as in the PDF
        width = f";max-width:min({max(16, round(image.width * PX_PER_PT))}px,100%)" if image.width else ""
        return (f'<img{_classes("logo", "gray" if image.grayscale else None)} '
                f'src="{logo_data_uri(image.path, image.grayscale)}" alt="{_attr(image.alt)}" '
                f'style="max-height:{height}px{width}">\n')

    def _qrcode(self, qr: b.QrCode) -> str:
        target = safe_href(qr.href)
        if target is None:  # a QR code leads where a link would: nowhere unsafe
            return ""
        return f'<div class="qr" style="{qr_style(target)}">{qr_svg(target, qr.alt)}</div>\n'

    def _withqr(self, entry: b.WithQr) -> str:
        return (f'<div class="with-qr">\n<div class="text">\n{self.blocks(entry.blocks)}</div>\n'
                f"{self._qrcode(entry.qr)}</div>\n")

    # --- spacing and pages --------------------------------------------------------

    def _space(self, _space: b.Space) -> str:
        return ""  # the stylesheet spaces blocks

    def _rule(self, rule: b.Rule) -> str:
        return f'<hr{_classes("rule", rule.kind)}>\n'

    def _pagebreak(self, page_break: b.PageBreak) -> str:
        return f'<div{_classes("page-break", "right" if page_break.right else None)}></div>\n'

    # --- forms ------------------------------------------------------------------

    def _ruledlines(self, lines: b.RuledLines) -> str:
        count = lines.count or max(lines.minimum, 6)
        return f'<div class="lines" aria-hidden="true">{"<span></span>" * count}</div>\n'

    def _onepage(self, page: b.OnePage) -> str:
        return self.blocks(page.blocks)  # a page's worth of blocks: on a screen, as they are

    def _fillpages(self, _fill: b.FillPages) -> str:
        return ""  # pages that fill a printed booklet: a web page has none

    def _signintable(self, table: b.SignInTable) -> str:
        header = "".join(f'<th scope="col" style="width:{round(w * 100)}%">{self.runs(p.runs)}</th>'
                         for p, w in zip(table.columns, table.widths))
        row = "<tr>" + "<td></td>" * len(table.columns) + "</tr>\n"
        return (f'<table class="sign-in">\n<thead><tr>{header}</tr></thead>\n<tbody>\n{row * table.rows}'
                "</tbody>\n</table>\n")

    def _rating(self, rating: b.Rating) -> str:
        boxes = "".join(f"<span>{n}</span>" for n in range(1, rating.scale + 1))
        return (f'<div class="rating"><p{_classes("s-" + rating.label.style)}>{self.runs(rating.label.runs)}</p>'
                f'<p class="boxes">{boxes}</p></div>\n')
