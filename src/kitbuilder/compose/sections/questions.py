"""``questions``: the discussion questions, with follow-ups, notes and room to write."""

from __future__ import annotations

from kitbuilder.compose.blocks import ItemList, Space
from kitbuilder.compose.forms import RuledLines
from kitbuilder.compose.context import Context, composer, in_columns, keep_with_first
from kitbuilder.compose.inline import runs
from kitbuilder.model.layout import Section

HEADING = "heading.questions"


@composer("questions")
def compose_questions(section: Section, ctx: Context) -> list:
    opts = section.options
    entries = []
    for shown, question in enumerate(ctx.questions, start=1):
        key = f"questions[{question.number}]"
        kit_number = ()
        if opts["kit_numbers"] and question.number != shown:
            kit_number = runs(ctx.label("question.kit_number", number=question.number), parse=False, muted=True) \
                + runs(" ", parse=False)
        flow: list = [ctx.para(question.text, "question", f"{key}.text", before=kit_number)]
        if opts["follow_ups"] and question.follow_ups:
            flow.append(ItemList(tuple((ctx.para(f, "followup", f"{key}.follow_ups[{i}]"),)
                                       for i, f in enumerate(question.follow_ups, start=1)), style="followup"))
        if opts["notes"] and question.notes:
            label = runs(ctx.label("question.note"), parse=False, strong=True) + runs(" ", parse=False)
            flow += [Space(3), ctx.para(question.notes, "note", f"{key}.notes", before=label)]
        if opts["space_for_notes"]:
            flow.append(RuledLines(count=opts["space_for_notes"], spacing=1.4))
        entries.append(tuple(keep_with_first(flow[:1], flow[1:], lines=2)))
    if not entries:
        return []
    # Numbered 1, 2, 3 ... also when an event chooses some of the kit's questions, so no one
    # thinks questions are missing; with kit_numbers (the facilitator packet) a question whose
    # number in the kit differs says so ("3 (kit 5)"), as the kit's notes refer to it.
    listing = ItemList(tuple(entries), numbered=opts["numbered"], numbers=tuple(range(1, len(entries) + 1)),
                       style="question")
    body = in_columns(opts["columns"], [listing])
    return keep_with_first(ctx.section_heading(section, HEADING), body) + [Space(6)]
