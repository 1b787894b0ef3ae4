"""Compose: decide what one layout shows of a kit for an event, before any drawing.

A :class:`Composition` holds the kit, the event, the layout, the chosen questions,
the placeholder values for static text, the labels, and the fonts, palette and style
sheet the PDF renderer uses (checked here, so that a missing glyph stops the build
before anything is drawn). Nothing later writes into it. :func:`kitbuilder.compose.document.build_document` turns it into the
format-neutral block tree.
"""

from __future__ import annotations


from kitbuilder.model.kit import Kit, Question
from kitbuilder.diagnostics import Problems, did_you_mean
from kitbuilder.model.event import TEXT_KEYS, Event
from kitbuilder.render.pdf.typefaces import FontSet
from kitbuilder.compose.dates import readable_date, readable_time
from kitbuilder.compose.labels import PLACEHOLDER, Labels, fill
from kitbuilder.model.layout import Layout
from kitbuilder.records import record
from kitbuilder.source.fields import Text
from kitbuilder.render.pdf.styles import Palette, StyleSheet


def select_questions(kit: Kit, event: Event) -> list[Question]:
    """The event's chosen questions, by number and in its order (all of them by default)."""
    if not event.questions:
        return list(kit.questions)
    by_number = {q.number: q for q in kit.questions}
    problems = Problems()
    chosen, seen = [], set()
    for number, origin in event.questions:
        if number not in by_number:
            problems.add(origin, f"question {number} does not exist: the kit has {len(kit.questions)} questions",
                         f"choose numbers from 1 to {len(kit.questions)}")
        elif number in seen:
            problems.add(origin, f"question {number} is chosen twice", "list each question once")
        else:
            seen.add(number)
            chosen.append(by_number[number])
    problems.raise_if_any()
    return chosen


def placeholder_values(kit: Kit, event: Event, layout: Layout) -> dict[str, str]:
    film = kit.film
    values = {
        "film.title": film.title,
        "film.original_title": film.original_title,
        "film.director": film.director,
        "film.year": film.year,
        "film.runtime_minutes": film.runtime_minutes,
        "layout.title": layout.title,
        "about.name": kit.about.name if kit.about else None,
        "about.url": kit.about.url if kit.about else None,
    }
    for key in TEXT_KEYS:
        values[f"event.{key}"] = getattr(event, key)
    return {k: "" if v is None else str(v) for k, v in values.items()}


PAGE_NUMBER = "page"  # the one placeholder compose leaves to the renderer: it alone knows the page numbers


def check_placeholders(texts: list[Text], known: dict[str, str]) -> None:
    problems = Problems()
    names = list(known) + [PAGE_NUMBER]
    for text in texts:
        for match in PLACEHOLDER.finditer(text.replace("{{", "").replace("}}", "")):
            if match.group(1) not in names:
                hint = did_you_mean(match.group(1), names)
                problems.add(text.origin, f"unknown placeholder '{{{match.group(1)}}}' in {text.field}",
                             hint or f"placeholders are: {', '.join('{' + n + '}' for n in names)}")
    problems.raise_if_any()


@record
class Composition:
    kit: Kit
    event: Event
    layout: Layout
    questions: list[Question]
    values: dict[str, str]
    fonts: FontSet
    palette: Palette
    styles: StyleSheet
    labels: Labels | None = None

    def with_scale(self, scale: float) -> "Composition":
        styles = StyleSheet(self.layout, self.fonts, self.palette, scale, self.styles.language)
        return Composition(self.kit, self.event, self.layout, self.questions, self.values, self.fonts,
                           self.palette, styles, self.labels)


def compose(kit: Kit, event: Event, layout: Layout) -> Composition:
    """Check that the kit and event can be printed with this layout; collect what it shows."""
    questions = select_questions(kit, event)
    values = placeholder_values(kit, event, layout)
    # The layout's title may be a label ("{label.title.guide}"): worded first, as every text uses it.
    labels = Labels(layout.labels, values, kit.language, kit.labels or None)
    labels.check(list(values), layout.labels)  # before any label is filled in
    # {event.date} and {event.time} in a text read as the language writes them, not as typed (2026-12-12)
    values["event.date"], values["event.time"] = (str(readable_date(event.date, labels) or ""),
                                                  str(readable_time(event.time, labels) or ""))
    values["layout.title"] = fill(layout.title, labels.as_placeholders())
    labels = Labels(layout.labels, values, kit.language, kit.labels or None)  # the labels again, with the layout's title worded
    values.update(labels.as_placeholders())
    layout_texts = list(layout.texts.values()) + list(layout.header.values()) + list(layout.footer.values())
    layout_texts += [layout.title] if isinstance(layout.title, Text) else []
    layout_texts += [s.options["heading"] for s in layout.sections if isinstance(s.options.get("heading"), Text)]
    layout_texts += [s.options["label"] for s in layout.sections if isinstance(s.options.get("label"), Text)]
    check_placeholders(layout_texts, values)
    fonts = FontSet(layout)
    families = {style.values.get("font") for style in layout.styles.values()} - {None}
    fonts.check_coverage(kit.texts() + event.texts() + layout_texts + list(labels.templates.values()), families)
    palette = Palette(layout.colors, layout.grayscale)
    styles = StyleSheet(layout, fonts, palette, language=labels.language)
    return Composition(kit, event, layout, questions, values, fonts, palette, styles, labels)

