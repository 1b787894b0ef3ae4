"""Page make-up after layout: a last page left with a few lines is pulled back.

A document whose last page holds less than :data:`LAST_PAGE_FILL` of a page (the last
lines of the About panel, say) is laid out again a little tighter, as a typesetter
would rebalance it, and the tighter version is kept when it saves that page. Layouts
with a fixed page count are fitted instead (:mod:`kitbuilder.fitting`); no style ever
goes under the layout's floor (``fit.min_font_size``).

A batch lays out the same kit in the same layout for one event after another, and the
documents are mostly made up alike: where the last one of a kit and layout was
rebalanced, :func:`made_up` decides from a layout pass that draws no text (about a
quarter cheaper than a render that does: the same page breaks, the same last page) and
draws only the version it keeps, instead of drawing both.
"""

from __future__ import annotations

from kitbuilder.render.pdf.document import RenderedPdf, render_pdf
from kitbuilder.memo import Memo

LAST_PAGE_FILL = 0.25  # a last page filled less than this is pulled back where it can be
REBALANCE_SCALES = (0.975, 0.95)  # at most 5 % tighter

# (layout file, layout name, kit file) -> whether its last document was rebalanced. Only a
# guess of which way is cheaper: the document made is the same either way.
REBALANCED = Memo(max_entries=256, max_weight=256)


def made_up(comp, document) -> RenderedPdf:
    """The composition's ``document`` laid out and made up (a layout without a fixed page count)."""
    key = (str(comp.layout.path), comp.layout.name, str(comp.kit.path))
    if REBALANCED.get(key):
        tighter = _tighter(comp, document, render_pdf(comp, document, dry=True))
        REBALANCED.put(key, tighter is not None, 1)
        return tighter or render_pdf(comp, document)
    result = render_pdf(comp, document)
    tighter = _tighter(comp, document, result)
    REBALANCED.put(key, tighter is not None, 1)
    return tighter or result


def _tighter(comp, document, result: RenderedPdf) -> RenderedPdf | None:
    """The document set a little tighter when ``result`` (its layout, drawn or not) ends on a
    nearly empty page that this saves; None when it stays as it is."""
    if comp.layout.page.max_pages or result.pages < 2 or result.last_page_fill >= LAST_PAGE_FILL:
        return None
    for scale in REBALANCE_SCALES:
        tighter = comp.with_scale(scale)
        if not tighter.styles.body_fits_floor():
            break
        # a trial that needs as many pages is stopped where that page would begin
        trial = render_pdf(tighter, document, stop_after=result.pages - 1)
        if trial.pages < result.pages and not trial.missing:
            return trial
    return None
