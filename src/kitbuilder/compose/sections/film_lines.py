"""Lines about the film and the screening that several sections print, and the rows of
their details panels."""

from __future__ import annotations

import unicodedata

from kitbuilder.compose.blocks import DetailRow, Para
from kitbuilder.compose.context import Context
from kitbuilder.model.event import TEXT_KEYS
from kitbuilder.model.layout import Section


def film_details_line(ctx: Context) -> str:
    """The director, year and runtime on one line (label film.directed_by and the others)."""
    film = ctx.kit.film
    parts = [ctx.label("film.directed_by")]
    if film.year:
        parts.append(ctx.label("film.year"))
    if film.runtime_minutes:
        parts.append(ctx.label("film.runtime"))
    return ctx.label("film.details_separator").join(parts)


def original_title(ctx: Context):
    """The film's original title, or None when it is the title again (it is printed once)."""
    film = ctx.kit.film
    if not film.original_title or _same_words(film.original_title, film.title):
        return None
    return film.original_title


def _same_words(one: str, other: str) -> bool:
    def plain(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())
    return plain(one) == plain(other)


def when(ctx: Context) -> str | None:
    """The screening's date and time on one line, as far as they are known."""
    date, time = ctx.date(ctx.event.date), ctx.time(ctx.event.time)
    if date and time:
        return ctx.label("event.when", date=date, time=time)
    return str(date or time) if (date or time) else None


def event_lines(ctx: Context) -> list[str]:
    """The screening in a few lines: title, host, when, venue, address, facilitator."""
    e = ctx.event
    lines = [str(value) for value in (e.title, e.host, when(ctx), e.venue, e.address) if value]
    if e.facilitator:
        lines.append(ctx.label("event.facilitator_line"))
    return lines


# --- the details panels ---------------------------------------------------------------
# The screening's panel (event_details) and the film's (film_details) often sit one above
# the other: their label columns are made as wide as the widest label of both, so that
# they line up and no label wraps (when one is in the sidebar, each fits its own labels).

LABEL_EM = 5.5  # the label column's least width, in ems of the label text (both panels)


def event_rows(ctx: Context) -> list[DetailRow]:
    """A row for each text field of the event that has a label ``event.<field>``, in the labels' order."""
    rows = []
    for name in ctx.labels.fields("event.", TEXT_KEYS):
        value = getattr(ctx.event, name)
        if name == "date":
            value = ctx.date(value)
        elif name == "time":
            value = ctx.time(value)
        if value:
            rows.append(DetailRow(ctx.label_para(f"event.{name}", "detail_label"),
                                  ctx.para(value, "detail_value", f"event.{name}")))
    return rows


def film_rows(ctx: Context) -> list[DetailRow]:
    """The film's director, year and runtime ("Runtime": the screening's own time is "Time")."""
    film = ctx.kit.film
    rows = [("details.director", film.director, "film.director")]
    if film.year:
        rows.append(("details.year", ctx.label("film.year"), "film.year"))
    if film.runtime_minutes:
        rows.append(("details.runtime", ctx.label("film.runtime"), "film.runtime"))
    return [DetailRow(ctx.label_para(label, "detail_label"), ctx.para(value, "detail_value", key))
            for label, value, key in rows]


def panel_labels(ctx: Context, section: Section) -> tuple[Para, ...]:
    """The labels of the details panels this layout prints in ``section``'s column (the
    screening's and the film's, unless one of them is in the page's sidebar and the other not)."""
    column = section.options.get("aside", False)
    types = {s.type for s in ctx.layout.sections if s.options.get("aside", False) == column}
    rows = (event_rows(ctx) if "event_details" in types else []) + \
        (film_rows(ctx) if "film_details" in types else [])
    return tuple(row.label for row in rows if row.label is not None)
