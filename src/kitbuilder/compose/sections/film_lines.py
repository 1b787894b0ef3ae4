"""Lines about the film and the screening that several sections print."""

from __future__ import annotations

from kitbuilder.compose.context import Context


def film_details_line(ctx: Context) -> str:
    """The director, year and runtime on one line (label film.directed_by and the others)."""
    film = ctx.kit.film
    parts = [ctx.label("film.directed_by")]
    if film.year:
        parts.append(str(film.year))
    if film.runtime_minutes:
        parts.append(ctx.label("film.runtime"))
    return ctx.label("film.details_separator").join(parts)


def when(ctx: Context) -> str | None:
    """The screening's date and time on one line, as far as they are known."""
    date, time = ctx.date(ctx.event.date), ctx.event.time
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
