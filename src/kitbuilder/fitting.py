"""Fitting a layout's content to its page limit: render, and shrink uniformly down to the
layout's floor when a fixed page count is exceeded; refuse what cannot fit even there."""

from __future__ import annotations

from kitbuilder.compose.blocks import Document
from kitbuilder.compose.composition import Composition
from kitbuilder.compose.document import build_document
from kitbuilder.diagnostics import KitbuilderError, Origin
from kitbuilder.render.pdf.document import RenderedPdf, render_pdf
from kitbuilder.render.pdf.makeup import made_up
from kitbuilder.render.pdf.refusals import PAGES_COUNTED, longest_section_origin

SCALE_STEP = 0.025


class LayoutFailed(KitbuilderError):
    """This layout cannot print this kit (it does not fit, or has no pages); the other layouts can."""


def render_fitted(comp: Composition, document: Document | None = None) -> RenderedPdf:
    """Render the composition's block tree (``document``, built here when not given); when the
    layout fixes a page count, shrink uniformly down to its floor to fit."""
    document = document or build_document(comp)
    layout = comp.layout
    limit = layout.page.max_pages
    if not limit:
        return placed(made_up(comp, document), comp)  # a nearly empty last page pulled back
    # over the limit: no need to lay out the rest (that it needs another page is all the fit uses)
    result = render_pdf(comp, document, stop_after=limit)
    if result.pages > limit:
        # One render at the smallest allowed size first: content that cannot fit even
        # there is refused after two renders, not after one per step down to the floor.
        scales = fit_scales(comp)
        # counted up to a few times the limit: how far beyond that is not worth laying out
        smallest = render_pdf(comp.with_scale(scales[-1]), document, stop_after=PAGES_COUNTED * limit)
        if smallest.pages > limit:
            raise overflow_error(comp, smallest, document)
        result = largest_fitting(comp, document, scales, smallest)
    return placed(result, comp)  # (a layout of a fixed page count is not rebalanced)


def placed(result: RenderedPdf, comp: Composition) -> RenderedPdf:
    """``result``, refused when it did not place all of the content (a bug)."""
    layout = comp.layout
    if result.missing:
        raise KitbuilderError.single(
            Origin(str(layout.path)),
            f"layout '{layout.name}' did not place all of the content: {', '.join(result.missing[:8])}",
            "this is a bug in kitbuilder; please report it with the kit file. Meanwhile try the guide layout",
        )
    return result


def largest_fitting(comp: Composition, document: Document, scales: list[float], smallest: RenderedPdf) -> RenderedPdf:
    """The render at the largest of ``scales`` (full size first, descending) that fits the page
    limit, found by bisection: ``scales[0]`` is known not to fit and ``scales[-1]`` (rendered as
    ``smallest``) to fit. Smaller text never needs more pages, so this is the scale a walk down
    from the top would stop at, after about log2(len(scales)) renders instead of one per step."""
    limit = comp.layout.page.max_pages
    too_big, fits, best = 0, len(scales) - 1, smallest
    while fits - too_big > 1:
        middle = (too_big + fits) // 2
        # one that does not fit is stopped where the page past the limit would begin
        result = render_pdf(comp.with_scale(scales[middle]), document, stop_after=limit)
        if result.pages <= limit:
            fits, best = middle, result
        else:
            too_big = middle
    return best


def fit_scales(comp: Composition) -> list[float]:
    """The scales the fit tries, from full size down to the body text at the layout's floor."""
    scales = [1.0]
    while comp.with_scale(round(scales[-1] - SCALE_STEP, 4)).styles.body_fits_floor():
        scales.append(round(scales[-1] - SCALE_STEP, 4))
    return scales


def overflow_error(comp: Composition, result: RenderedPdf, document: Document) -> "LayoutFailed":
    layout = comp.layout
    limit = layout.page.max_pages
    # the sections (by type, as the layout lists them) of the content placed past the limit or
    # not reached (the count stopped), said at the longest one
    over = [kind for kind in dict.fromkeys(kind for key, kind in result.section_of.items()
                                           if max(result.pages_of.get(key) or {limit + 1}) > limit) if kind]
    counted = PAGES_COUNTED * limit
    needs = f"more than {counted}" if result.pages > counted else str(result.pages)
    return LayoutFailed.single(
        longest_section_origin(document, over) or Origin(str(comp.kit.path)),
        f"the content does not fit the '{layout.name}' layout: it needs {needs} pages even at the "
        f"smallest allowed body size ({comp.with_scale(fit_scales(comp)[-1]).styles.size_of('body'):g} pt), but the layout allows {limit}; "
        f"overflowing: {', '.join(over) or 'the last section'}",
        "shorten those sections, choose fewer questions with 'questions: [1, 2, 5]' in an event file, "
        "or use the 'guide' layout, which has no page limit",
    )
