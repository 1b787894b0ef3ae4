"""Page make-up after layout: a last page left with a few lines is pulled back.

A document whose last page holds less than :data:`LAST_PAGE_FILL` of a page (the last
lines of the About panel, say) is laid out again a little tighter, as a typesetter
would rebalance it, and the tighter version is kept when it saves that page. Layouts
with a fixed page count are fitted instead (:mod:`kitbuilder.fitting`); no style ever
goes under the layout's floor (``fit.min_font_size``).
"""

from __future__ import annotations

from kitbuilder.render.pdf.document import RenderedPdf, render_pdf

LAST_PAGE_FILL = 0.25  # a last page filled less than this is pulled back where it can be
REBALANCE_SCALES = (0.975, 0.95)  # at most 5 % tighter


def rebalanced(comp, document, result: RenderedPdf) -> RenderedPdf:
    """``result``, or the same document set a little tighter when that saves a nearly empty last page."""
    if comp.layout.page.max_pages or result.pages < 2 or result.last_page_fill >= LAST_PAGE_FILL:
        return result
    for scale in REBALANCE_SCALES:
        tighter = comp.with_scale(scale)
        if not tighter.styles.body_fits_floor():
            break
        # a trial that needs as many pages is stopped where that page would begin
        trial = render_pdf(tighter, document, stop_after=result.pages - 1)
        if trial.pages < result.pages and not trial.missing:
            return trial
    return result
