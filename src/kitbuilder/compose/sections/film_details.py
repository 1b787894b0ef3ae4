"""``film_details``: a panel of the film's facts (director, year, runtime) and what
the director is known for."""

from __future__ import annotations

from kitbuilder.compose.blocks import DetailRow, Details, Panel, Space
from kitbuilder.compose.context import Context, composer
from kitbuilder.model.layout import Section


@composer("film_details")
def compose_film_details(section: Section, ctx: Context) -> list:
    film = ctx.kit.film
    rows = [("details.director", film.director, "film.director")]
    if film.year:
        rows.append(("details.year", str(film.year), "film.year"))
    if film.runtime_minutes:
        rows.append(("details.runtime", ctx.label("film.runtime"), "film.runtime"))
    table = Details(tuple(DetailRow(ctx.label_para(label, "detail_label"), ctx.para(value, "detail_value", key))
                          for label, value, key in rows), "facts", 5.5)
    inner: list = ctx.section_heading(section, None, level=1) + [table]
    if film.director_note and section.options["director_note"]:
        inner += [Space(6), ctx.label_para("details.director_known_from", "detail_label"),
                  ctx.para(film.director_note, "detail_value", "film.director_note")]
    return [Panel(tuple(inner)), Space(10)]
