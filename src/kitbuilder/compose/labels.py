"""Labels: every word kitbuilder adds to a kit, read from data.

The wording in the kit's language is read with the kit (:mod:`kitbuilder.model.kitlabels`:
kitbuilder's ``labels/<language>.yaml`` and the club's own, over English); a layout's
``labels:`` block overrides single entries and is inherited through ``extends:``. A label
is a template: ``{film.title}`` and the other layout placeholders are filled in, and a few
labels take their own values (listed in :data:`LABEL_VALUES`). Dates and times are put
into words by :mod:`kitbuilder.compose.dates`.
"""

from __future__ import annotations

import re

from kitbuilder.diagnostics import KitbuilderError, Problems, did_you_mean
from kitbuilder.model.kitlabels import shipped_in, shipped_labels, unknown_label  # noqa: F401 (shipped_labels: the tests read it here)
from kitbuilder.model.language import DEFAULT_LANGUAGE
from kitbuilder.source.fields import Text
from kitbuilder.source.spec import PARAGRAPH_LIMIT

PLACEHOLDER = re.compile(r"\{([a-z_.]*)\}")

# The values a label takes besides the layout placeholders, by label name.
LABEL_VALUES: dict[str, tuple[str, ...]] = {
    "quote.attribution": ("attribution",),
    "fact.source": ("source",),
    "qa.asked_by": ("name",),
    "question.kit_number": ("number",),
    "event.when": ("date", "time"),
    "event.clock_time": ("time",),
    "document.title_event": ("event",),
}


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
    """The labels one layout prints: the kit's labels (``base``; by default the shipped ones of
    ``language``) with the layout's overrides. ``language`` is the kit's BCP 47 tag.

    ``values`` are the layout placeholders (``film.title`` ...), filled into every label.
    """

    def __init__(self, overrides: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                 language: str = DEFAULT_LANGUAGE, base: dict[str, Text] | None = None):
        self.language = language
        if base is None:
            base = shipped_in(language)
        self.templates: dict[str, Text] = {**base, **(overrides or {})}
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
        """Refuse a label (of the kit or the layout) that names a placeholder it cannot have,
        and a layout's label that no label has the name of."""
        problems = Problems()
        for name, template in (overrides or {}).items():
            unknown_label(name, getattr(template, "origin", None), problems, "")
        for name, template in self.templates.items():
            names = known + list(LABEL_VALUES.get(name, ()))
            for match in PLACEHOLDER.finditer(template.replace("{{", "").replace("}}", "")):
                if match.group(1) not in names:
                    hint = did_you_mean(match.group(1), names)
                    problems.add(getattr(template, "origin", None),
                                 f"unknown placeholder '{{{match.group(1)}}}' in label {name}",
                                 hint or f"placeholders are: {', '.join('{' + n + '}' for n in names)}")
        problems.raise_if_any()
