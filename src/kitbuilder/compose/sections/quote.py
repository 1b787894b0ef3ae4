"""``quote``: the kit's quotation from the film, as a pull quote, a boxed sidebar or plain."""

from __future__ import annotations

from kitbuilder.compose.blocks import KeepTogether, Quote, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.inline import runs
from kitbuilder.model.layout import Section


def kit_quote(ctx: Context, treatment: str, style: str = "quote") -> Quote:
    """The kit's quote in its quote marks, with its attribution, in ``style`` (and ``style``_attribution)."""
    quote = ctx.kit.quote
    text = ctx.para(quote.text, style, "quote.text", before=runs(ctx.label("quote.open"), parse=False),
                    after=runs(ctx.label("quote.close"), parse=False))
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
