"""``feedback_form`` and ``feedback_card``: a participant's feedback on the film and the
discussion (ratings and two questions). They differ only in their default heading.
Under a heading that names the film, the caption names the screening only (none without one)."""

from __future__ import annotations

from kitbuilder.compose.blocks import Para, Space
from kitbuilder.compose.forms import Rating, RuledLines
from kitbuilder.compose.context import Context, composer
from kitbuilder.model.layout import Section

HEADINGS = {"feedback_form": "heading.feedback_form", "feedback_card": "heading.feedback_card"}
RATINGS = ("feedback.rate_film", "feedback.rate_discussion")


def event_caption(ctx: Context) -> Para:
    """'Film · event · date': the line that pre-fills forms with the screening's details."""
    parts = [ctx.kit.film.title] + [str(v) for v in (ctx.event.title or ctx.event.host, ctx.date(ctx.event.date)) if v]
    return ctx.words(ctx.label("event.line_separator").join(parts), "small", parse=False)


def screening_caption(ctx: Context) -> list[Para]:
    """'Event · date' under a heading that already names the film (the layout's heading
    says ``{film.title}``); nothing when there is no screening to name."""
    parts = [str(v) for v in (ctx.event.title or ctx.event.host, ctx.date(ctx.event.date)) if v]
    return [ctx.words(ctx.label("event.line_separator").join(parts), "small", parse=False)] if parts else []


@composer(*HEADINGS)
def compose_feedback(section: Section, ctx: Context) -> list:
    intro = ctx.layout.texts.get("feedback_intro")
    heading = ctx.section_heading(section, HEADINGS[section.type])
    names_film = any(str(ctx.kit.film.title) in h.text for h in heading)
    out: list = heading + (screening_caption(ctx) if names_film else [event_caption(ctx)])
    out += [ctx.static(intro, "small") if intro else ctx.label_para("feedback.intro", "small"), Space(6),
            ctx.label_para("feedback.scale", "small")]
    for label in RATINGS:
        out += [Rating(ctx.label_para(label, "body"), 5), Space(6)]
    # the two open prompts share the rest of the page or card equally: half of it for the
    # first one's lines, the rest (what is left after the second prompt) for the second
    out += [Space(6), ctx.label_para("feedback.stayed_with_you", "body"),
            RuledLines(count=0, minimum=3, spacing=1.5, share=0.5)]
    out += [Space(6), ctx.label_para("feedback.next", "body"), RuledLines(count=0, minimum=3, spacing=1.5)]
    return out
