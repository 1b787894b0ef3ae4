"""``film_details``: a panel of the film's facts (director, year, runtime) and what
the director is known for."""

from __future__ import annotations

from kitbuilder.compose.blocks import Details, Panel, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.compose.sections.film_lines import LABEL_EM, film_rows, panel_labels
from kitbuilder.model.layout import Section


@composer("film_details")
def compose_film_details(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    table = Details(tuple(film_rows(ctx)), "facts", LABEL_EM, panel_labels(ctx, section))  # lined up with the screening's
    inner: list = ctx.section_heading(section, None, level=1) + [table]
    if film.director_note and section.options["director_note"]:
        inner += [Space(6), ctx.label_para("details.director_known_from", "detail_label"),
                  ctx.para(film.director_note, "detail_value", "film.director_note")]
    return [Panel(tuple(inner)), Space(10)]
