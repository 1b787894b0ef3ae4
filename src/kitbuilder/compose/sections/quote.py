"""``quote``: the kit's quotation from the film, as a pull quote, a boxed sidebar or plain."""

from __future__ import annotations

from kitbuilder.compose.blocks import KeepTogether, Quote, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.inline import runs
from kitbuilder.model.layout import Section


# Marks a quote may open and close with, as typed: it is then not wrapped a second time.
OPENING_MARKS = "\"'\u201c\u201e\u2018\u201a\u00ab\u00bb\u2039\u300c\u300e\u201d"
CLOSING_MARKS = "\"'\u201d\u201c\u2019\u2018\u00bb\u00ab\u203a\u300d\u300f"


def without_outer_marks(text: str) -> str:
    """The quotation without the quote marks it was typed in, if it was typed in a pair
    (the language's own marks go around it instead: never two pairs)."""
    inner = text.strip()
    if len(inner) >= 2 and inner[0] in OPENING_MARKS and inner[-1] in CLOSING_MARKS \
            and not any(mark in inner[1:-1] for mark in "\"\u201c\u201d\u00ab\u00bb\u300c\u300d\u201e"):
        return inner[1:-1].strip()
    return text


def kit_quote(ctx: Context, treatment: str, style: str = "quote") -> Quote:
    """The kit's quote in the language's quote marks (``quote.open``, ``quote.close``), with
    its attribution, in ``style`` (and ``style``_attribution)."""
    quote = ctx.kit.quote
    text = ctx.para(without_outer_marks(quote.text), style, "quote.text",
                    before=runs(ctx.label("quote.open"), parse=False),
                    after=runs(ctx.label("quote.close"), parse=False), origin=getattr(quote.text, "origin", None))
    attribution = None
    if quote.attribution:
        who = ctx.label_runs("quote.attribution", {"attribution": "quote.attribution"},
                             own={"attribution": quote.attribution})
        attribution = ctx.para("", f"{style}_attribution", "quote.attribution", before=who,
                               origin=quote.attribution.origin)
    return Quote(text, attribution, treatment)


@composer("quote")
def compose_quote(section: Section, ctx: Context) -> list:
    if not ctx.kit.quote:
        return []
    treatment = section.options["style"]
    if treatment == "plain":
        return [Space(8), KeepTogether((kit_quote(ctx, "plain"),)), Space(8)]
    if treatment == "sidebar":
        return [kit_quote(ctx, "sidebar", "sidebar_quote"), Space(10)]
    return [Space(4), kit_quote(ctx, "pull"), Space(12)]
