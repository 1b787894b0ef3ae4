"""``director_qa``: the director's answers to questions, with where they come from."""

from __future__ import annotations

from kitbuilder.compose.context import Context, composer, keep_with_first
from kitbuilder.compose.inline import runs
from kitbuilder.model.layout import Section

HEADING = "heading.director_qa"


@composer("director_qa")
def compose_director_qa(section: Section, ctx: Context) -> list:
    fac = ctx.kit.facilitator
    if not fac or not fac.director_qa or not fac.director_qa.items:
        return []
    qa = fac.director_qa
    body: list = []
    if qa.source:
        body.append(ctx.para(qa.source, "source_line", "facilitator.director_qa.source"))
    for i, item in enumerate(qa.items, start=1):
        key = f"facilitator.director_qa.items[{i}]"
        asked = ()
        if item.asked_by:
            asked = runs(" ", parse=False) + ctx.label_runs("qa.asked_by", {"name": f"{key}.asked_by"},
                                                            own={"name": item.asked_by}, muted=True)
        question = ctx.para(item.question, "qa_question", f"{key}.question",
                            before=runs(ctx.label("qa.question"), parse=False), after=asked)
        body += keep_with_first([question], ctx.paragraphs(item.answer, "qa_answer", f"{key}.answer"))
    return keep_with_first(ctx.section_heading(section, HEADING), body)
