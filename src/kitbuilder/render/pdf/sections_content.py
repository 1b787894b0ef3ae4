"""Renderers for the kit's discussion content: summary, quote, themes, questions,
facts and ways to influence, with the boxes that hold a pull or sidebar quote."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ImageAndFlowables, KeepTogether, Paragraph, Spacer

from kitbuilder.compose.composition import Composition
from kitbuilder.render.pdf.flowables import NeedSpace, RuledLines
from kitbuilder.model.layout import Section
from kitbuilder.render.pdf.rendering import (
    Writer, bullet_list, in_columns, keep_with_first, panel, renderer, section_heading, with_qr,
)


@renderer("summary")
def render_summary(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    body = w.paragraphs(comp.kit.summary, "body", "summary", "summary", first_style="lead")
    heading = section_heading(section, comp, "Film Summary", w)
    if section.options["quote"] == "sidebar" and comp.kit.quote:
        return beside_quote(heading, body, comp, w)
    return keep_with_first(heading, body, comp)


def beside_quote(heading: list, body: list, comp: Composition, w: Writer) -> list:
    """The heading and body with the kit's quote as a boxed sidebar on the right, text
    flowing around it; the heading flows beside the quote, so both start on one page.
    Where the sidebar does not fit in what is left of a page, the text starts there
    at full width and the quote follows it as a pull quote, rather than leaving a gap."""
    # ImageAndFlowables drops the space after the last paragraph beside the sidebar:
    # explicit spacers keep paragraph spacing where the text returns to full width.
    spaced: list = []
    for flowable in heading + body:
        spaced.append(flowable)
        after = flowable.getSpaceAfter() if isinstance(flowable, Paragraph) else 0
        if after:
            flowable.style = ParagraphStyle(f"{flowable.style.name}-nospace", parent=flowable.style, spaceAfter=0)
            spaced.append(Spacer(1, after))
    quote = quote_flowables(comp, w, "sidebar_quote")
    sidebar = Sidebar(panel(quote, comp, width=2.1 * 72 * comp.styles.scale))
    beside = ImageAndFlowables(sidebar, spaced, imageLeftPadding=14, imageRightPadding=0,
                               imageBottomPadding=8, imageSide="right")
    inline = [NeedSpace(heading, 3 * comp.styles["body"].leading)] + spaced + [
        Spacer(1, 4), AccentRule(quote, comp.palette["accent"])]
    minimum = sum(h.style.leading + h.style.spaceBefore for h in heading) + 6 * comp.styles["body"].leading
    return [SidebarOrInline(beside, inline, minimum), Spacer(1, 6)]


class SidebarOrInline(Flowable):
    """Text around a sidebar, or (where the sidebar does not fit) the same flowables inline."""

    def __init__(self, beside: ImageAndFlowables, inline: list, minimum: float):
        super().__init__()
        self.beside = beside
        self.inline = inline
        self.minimum = minimum

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.beside.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.beside.splitOn(self.canv, availWidth, availHeight)
        if parts:
            return parts
        # The inline version starts with a NeedSpace: hand it over only where that fits
        # (the first part of a split must fit, or the layout stops).
        need, rest = self.inline[0], self.inline[1:]
        required = min(max(self.minimum, need.needed(availWidth)), NeedSpace.MAX_NEEDED)
        return rest if availHeight >= required else []

    def getSpaceBefore(self):
        return self.beside.getSpaceBefore()

    def getSpaceAfter(self):
        return self.beside.getSpaceAfter()

    def draw(self):
        self.beside.drawOn(self.canv, 0, 0)


def quote_flowables(comp: Composition, w: Writer, style_prefix: str = "quote") -> list:
    quote = comp.kit.quote
    out = [w.content(quote.text, style_prefix, "quote.text", prefix="\u201c", suffix="\u201d")]
    if quote.attribution:
        out.append(w.content(quote.attribution, f"{style_prefix}_attribution", "quote.attribution", prefix="\u2014 "))
    return out


class AccentRule(Flowable):
    """A vertical accent bar to the left of its content (the pull quote's rule).

    Splits like a frame would: a quote longer than what is left of the page goes on
    on the next one, with the bar beside each part."""

    def __init__(self, content: list, color, bar: float = 3, gap: float = 10):
        super().__init__()
        self.content = content
        self.color = color
        self.bar = bar
        self.gap = gap

    def _inner(self, availWidth: float) -> float:
        return availWidth - self.bar - self.gap

    def wrap(self, availWidth, availHeight):
        self._heights = []
        total = 0
        for f in self.content:
            _, h = f.wrap(self._inner(availWidth), availHeight)
            self._heights.append(h)
            total += h + (f.getSpaceAfter() if f is not self.content[-1] else 0)
        self.width, self.height = availWidth, total
        return availWidth, total

    def split(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        used = 0.0
        for index, f in enumerate(self.content):
            _, h = f.wrap(inner, availHeight)
            if used + h <= availHeight:
                used += h + f.getSpaceAfter()
                continue
            parts = f.split(inner, availHeight - used) if availHeight - used > 0 else []
            if parts and len(parts) > 1:
                head = self.content[:index] + [parts[0]]
                tail = list(parts[1:]) + self.content[index + 1:]
            elif index:
                head, tail = self.content[:index], self.content[index:]
            else:
                return []
            return [AccentRule(head, self.color, self.bar, self.gap),
                    AccentRule(tail, self.color, self.bar, self.gap)]
        return [self]

    def draw(self):
        c = self.canv
        c.setFillColor(self.color)
        c.rect(0, 0, self.bar, self.height, stroke=0, fill=1)
        y = self.height
        for f, h in zip(self.content, self._heights):
            y -= h
            f.drawOn(c, self.bar + self.gap, y)
            y -= f.getSpaceAfter()


@renderer("quote")
def render_quote(section: Section, comp: Composition) -> list:
    if not comp.kit.quote:
        return []
    w = Writer(comp)
    style = section.options["style"]
    if style == "plain":
        return [Spacer(1, 8), KeepTogether(quote_flowables(comp, w)), Spacer(1, 8)]
    if style == "sidebar":
        return [panel(quote_flowables(comp, w, "sidebar_quote"), comp), Spacer(1, 10)]
    return [Spacer(1, 4), AccentRule(quote_flowables(comp, w), comp.palette["accent"]), Spacer(1, 12)]


class Sidebar(Flowable):
    """A boxed flowable that text can flow around (ImageAndFlowables expects an image-like object)."""

    def __init__(self, content: Flowable):
        super().__init__()
        self.content = content

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def _restrictSize(self, availWidth, availHeight):
        return self.wrap(availWidth, availHeight)

    def _unRestrictSize(self):
        pass

    def draw(self):
        self.content.drawOn(self.canv, 0, 0)


@renderer("themes")
def render_themes(section: Section, comp: Composition) -> list:
    themes = comp.kit.themes
    if not themes:
        return []
    w = Writer(comp)
    opts = section.options
    heading = section_heading(section, comp, "Film Themes", w)
    body: list = []
    if themes.intro and opts["intro"]:
        body += w.paragraphs(themes.intro, "body", "themes.intro")
    items: list = []
    if opts["bodies"]:
        for i, theme in enumerate(themes.items, start=1):
            title = w.content(theme.title, "subheading", f"themes.items[{i}].title")
            text = w.paragraphs(theme.body, "body", f"themes.items[{i}].body") if theme.body else []
            items += keep_with_first([title], text, comp)
    else:
        items.append(bullet_list([w.content(t.title, "body", f"themes.items[{i}].title")
                                  for i, t in enumerate(themes.items, start=1)], comp))
    columns = opts["columns"]
    items = in_columns(items, columns)
    if opts["quote"] == "sidebar" and comp.kit.quote:
        if columns < 2:
            return beside_quote(heading, body + items, comp, w)
        # Columns cannot flow around a sidebar (ReportLab would lose them): the quote sits
        # beside the heading and introduction, and the columns follow at full width.
        if body:
            return beside_quote(heading, body, comp, w) + items + [Spacer(1, 6)]
        pull = [Spacer(1, 4), AccentRule(quote_flowables(comp, w), comp.palette["accent"]), Spacer(1, 8)]
        return keep_with_first(heading, pull + items, comp) + [Spacer(1, 6)]
    return keep_with_first(heading, body + items, comp) + [Spacer(1, 6)]


@renderer("questions")
def render_questions(section: Section, comp: Composition) -> list:
    w = Writer(comp)
    opts = section.options
    entries = []
    for position, question in enumerate(comp.questions, start=1):
        key = f"questions[{question.number}]"
        flow: list = [w.content(question.text, "question", f"{key}.text")]
        if opts["follow_ups"] and question.follow_ups:
            flow.append(bullet_list([w.content(f, "followup", f"{key}.follow_ups[{i}]")
                                     for i, f in enumerate(question.follow_ups, start=1)], comp, style="followup"))
        if opts["notes"] and question.notes:
            flow.append(Spacer(1, 3))
            flow.append(w.content(question.notes, "note", f"{key}.notes", prefix="<b>Note:</b> "))
        if opts["space_for_notes"]:
            flow.append(RuledLines(comp.styles["body"].leading * 1.4, comp.palette["rule"], count=opts["space_for_notes"]))
        entries.append(keep_with_first(flow[:1], flow[1:], comp, lines=2))
    if not entries:
        return []
    # The kit's own numbers, also when an event chooses some questions: notes and
    # facilitators refer to questions by these numbers.
    numbers = [q.number for q in comp.questions]
    listing = bullet_list(entries, comp, numbered=opts["numbered"], style="question", numbers=numbers)
    body = in_columns([listing], opts["columns"])
    heading = section_heading(section, comp, "Questions for Discussion", w)
    return keep_with_first(heading, body, comp) + [Spacer(1, 6)]


@renderer("facts")
def render_facts(section: Section, comp: Composition) -> list:
    facts = comp.kit.facts
    if not facts:
        return []
    w = Writer(comp)
    items = []
    for i, fact in enumerate(facts, start=1):
        # The source is the fact paragraph's last line, so it never strays onto the next page alone.
        source = w.source_line(fact.source, "source") if fact.source else ""
        items.append([w.content(fact.text, "body", f"facts[{i}]", suffix=source,
                                shown_extra=f"Source: {fact.source}" if fact.source else "")])
    listing = in_columns([bullet_list(items, comp)], section.options["columns"])
    return keep_with_first(section_heading(section, comp, "Film Facts", w), listing, comp) + [Spacer(1, 6)]


@renderer("ways_to_influence")
def render_ways(section: Section, comp: Composition) -> list:
    actions = comp.kit.ways_to_influence
    if not actions:
        return []
    w = Writer(comp)
    items = []
    for i, action in enumerate(actions, start=1):
        text = [w.content(action.text, "body", f"ways_to_influence[{i}].text")]
        if action.url:
            text.append(w.link(action.url, "link", f"ways_to_influence[{i}].url"))
        items.append(with_qr(text, action.url, comp, section.options["qr_codes"]))
    heading = section_heading(section, comp, "Ways to Influence", w)
    return keep_with_first(heading, [bullet_list(items, comp, numbered=True)], comp) + [Spacer(1, 6)]
