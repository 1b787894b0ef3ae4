"""Labels: every word kitbuilder adds to a kit, read from data.

The shipped wording is ``kitbuilder/labels/<language>.yaml`` (one file per language,
one entry per label); a layout's ``labels:`` block overrides single entries and is
inherited through ``extends:``. A label is a template: ``{film.title}`` and the other
layout placeholders are filled in, and a few labels take their own values (listed in
:data:`LABEL_VALUES`). Dates are written by :func:`readable_date`, the one place that
turns a date into words.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Problems, did_you_mean
from kitbuilder.source.fields import Text, read_text
from kitbuilder.source.spec import PARAGRAPH_LIMIT, load_spec
from kitbuilder.source.yamlsource import MAPPING, load_file

LABELS_PACKAGE = "kitbuilder.labels"
DEFAULT_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"\{([a-z_.]*)\}")

# The values a label takes besides the layout placeholders, by label name.
LABEL_VALUES: dict[str, tuple[str, ...]] = {
    "quote.attribution": ("attribution",),
    "fact.source": ("source",),
    "qa.asked_by": ("name",),
    "question.kit_number": ("number",),
    "event.when": ("date", "time"),
    "document.title_event": ("event",),
    "document.subject": ("layout_title",),
    "date.format": ("weekday", "day", "month", "year"),
}


def labels_file(language: str = DEFAULT_LANGUAGE) -> Path:
    return Path(importlib.import_module(LABELS_PACKAGE).__file__).parent / f"{language}.yaml"


@functools.cache
def shipped_labels(language: str = DEFAULT_LANGUAGE) -> dict[str, Text]:
    """The shipped labels of ``language``, by name, with where each was written."""
    problems = Problems()
    root = load_file(labels_file(language), "labels file", problems)
    labels: dict[str, Text] = {}
    if root.kind != MAPPING:
        problems.add(root.origin, "a labels file is a mapping of label names to texts", "write 'name: text' lines")
    else:
        for name, node in root.value.items():
            text = read_text(node, str(name), problems)
            if text is not None:
                labels[str(name)] = text
    problems.raise_if_any()
    return labels


# How many words the date labels hold, in order.
DATE_WORDS = {"date.weekdays": 7, "date.months": 12}


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; '{{' and '}}' print single braces; unknown names stay."""
    return _bounded(_filled(template.replace("{{", "\0").replace("}}", "\1"), values), template)


def _bounded(filled: str, template: str) -> str:
    """``filled``, unless filling the placeholders made it longer than any text field may be
    (a few placeholders repeated can otherwise turn a small layout into hundreds of megabytes)."""
    if len(filled) > PARAGRAPH_LIMIT:
        raise KitbuilderError.single(
            getattr(template, "origin", None),
            f"with its placeholders filled in, this text is {len(filled):,} characters long; "
            f"the limit is {PARAGRAPH_LIMIT:,}", "use fewer placeholders here, or shorter values for them")
    return filled


def fill_around(template: str, values: dict[str, str], gap: str) -> tuple[str, ...]:
    """``template`` filled, cut where the placeholder ``{gap}`` stands (``{page}`` in a running
    footer): the pieces a renderer joins with the value it alone knows, ``str(page).join(pieces)``."""
    escaped = template.replace("{{", "\0").replace("}}", "\1")
    return tuple(_bounded(_filled(piece, values), template) for piece in escaped.split("{" + gap + "}"))


def _filled(escaped: str, values: dict[str, str]) -> str:
    out = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), escaped)
    return out.replace("\0", "{").replace("\1", "}")


class Labels:
    """The labels one layout prints: the language's file with the layout's overrides.

    ``values`` are the layout placeholders (``film.title`` ...), filled into every label.
    """

    def __init__(self, overrides: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                 language: str = DEFAULT_LANGUAGE):
        self.language = language
        self.templates: dict[str, Text] = {**shipped_labels(language), **(overrides or {})}
        self.values = dict(values or {})

    def __contains__(self, name: str) -> bool:
        return name in self.templates

    def text(self, name: str, /, **own: str) -> str:
        """Label ``name`` with its placeholders filled (``own``: the label's own values)."""
        return fill(self.templates[name], {**self.values, **{k: str(v) for k, v in own.items()}})

    def parts(self, name: str, /, **own: str) -> list[tuple[str, str | None]]:
        """Label ``name`` cut at its own values: (text, None) for the label's words,
        (value, value name) where an ``own`` value goes, so it can be shown as content."""
        template = self.templates[name].replace("{{", "\0").replace("}}", "\1")
        out: list[tuple[str, str | None]] = []
        position = 0
        for match in PLACEHOLDER.finditer(template):
            if match.group(1) in own:
                out.append((template[position:match.start()], None))
                out.append((str(own[match.group(1)]), match.group(1)))
                position = match.end()
        out.append((template[position:], None))
        result = []
        for text, name_of_value in out:
            if name_of_value is None:
                text = fill(text, self.values)
            if text:
                result.append((text, name_of_value))
        return result

    def fields(self, prefix: str, keys: list[str]) -> list[str]:
        """The ``keys`` that have a label ``prefix + key``, in the labels' order (which of the
        event's fields the details panel lists, and in what order, is this data)."""
        return [name[len(prefix):] for name in self.templates if name.startswith(prefix) and name[len(prefix):] in keys]

    def as_placeholders(self) -> dict[str, str]:
        """Every label as a ``label.NAME`` placeholder for layout texts, headings, header and footer."""
        return {f"label.{name}": self.text(name) for name in self.templates}

    def check(self, known: list[str], overrides: dict[str, Text] | None = None) -> None:
        """Refuse a label (shipped or overridden) that names a placeholder it cannot have, a
        layout's label that no label has the name of, and date words of the wrong count."""
        problems = Problems()
        shipped = shipped_labels(self.language)
        # A label event.KEY or welcome.KEY for any event field adds that field to the details panel or welcome.
        fields = load_spec("event").root.fields
        for name, template in (overrides or {}).items():
            prefix, _, key = name.partition(".")
            if name not in shipped and not (prefix in ("event", "welcome") and key in fields):
                problems.add(getattr(template, "origin", None), f"unknown label '{name}'",
                             did_you_mean(name, shipped) or "label names are the names in kitbuilder's "
                             f"labels/{self.language}.yaml, e.g. heading.summary")
        for name, count in DATE_WORDS.items():
            words = fill(self.templates[name], self.values).split()
            if len(words) != count:
                problems.add(getattr(self.templates[name], "origin", None),
                             f"label {name} has {len(words)} word{'s' if len(words) != 1 else ''}; it needs exactly {count}, "
                             "in order",
                             f"write the {count} names separated by spaces")
        for name, template in self.templates.items():
            names = known + list(LABEL_VALUES.get(name, ()))
            for match in PLACEHOLDER.finditer(template.replace("{{", "").replace("}}", "")):
                if match.group(1) not in names:
                    hint = did_you_mean(match.group(1), names)
                    problems.add(getattr(template, "origin", None),
                                 f"unknown placeholder '{{{match.group(1)}}}' in label {name}",
                                 hint or f"placeholders are: {', '.join('{' + n + '}' for n in names)}")
        problems.raise_if_any()


def readable_date(value: str | None, labels: Labels) -> str | None:
    """'2026-12-12' -> 'Saturday 12 December 2026' in the labels' words (unambiguous on
    both sides of the Atlantic); anything that is not an ISO date is printed as typed."""
    if not value:
        return value
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    weekdays = labels.text("date.weekdays").split()
    months = labels.text("date.months").split()
    return labels.text("date.format", weekday=weekdays[day.weekday()], day=str(day.day),
                       month=months[day.month - 1], year=str(day.year))
