"""The content model of a discussion kit: one YAML file per film.

``load_kit`` reads and validates a kit file into a :class:`Kit`. Every text value
is a :class:`~kitbuilder.source.fields.Text` that remembers its file, line and field, so
later stages (glyph checks, the fit check) can point at the exact place to fix.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from kitbuilder.diagnostics import Problems
from kitbuilder.model.kitlabels import kit_labels
from kitbuilder.model.language import DEFAULT_LANGUAGE, read_language
from kitbuilder.records import record
from kitbuilder.source.fields import Fields, Text, join, read_text
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node, load_file


@record
class Film:
    title: Text
    director: Text
    original_title: Text | None = None
    year: int | None = None
    runtime_minutes: int | None = None
    director_note: Text | None = None


@record
class Theme:
    title: Text
    body: Text | None


@record
class Themes:
    intro: Text | None
    items: list[Theme]


@record
class Quote:
    text: Text
    attribution: Text | None


@record
class Question:
    number: int
    text: Text
    follow_ups: list[Text] = field(default_factory=list)
    notes: Text | None = None


@record
class Fact:
    text: Text
    source: Text | None = None


@record
class Action:
    """One of the 'ways to influence'."""

    text: Text
    url: Text | None = None


@record
class About:
    name: Text
    text: Text | None = None
    url: Text | None = None
    tagline: Text | None = None


@record
class DirectorAnswer:
    question: Text
    answer: Text
    asked_by: Text | None = None


@record
class DirectorQA:
    source: Text | None
    items: list[DirectorAnswer]


@record
class Facilitator:
    notes: list[Text] = field(default_factory=list)
    notes_are_tips: bool = False  # a YAML list prints as bullet tips, a text as paragraphs
    director_qa: DirectorQA | None = None


@record
class Kit:
    path: Path
    name: str  # the file's stem: output goes to <out>/<name>/
    film: Film
    summary: Text
    questions: list[Question]
    themes: Themes | None = None
    quote: Quote | None = None
    facts: list[Fact] = field(default_factory=list)
    ways_to_influence: list[Action] = field(default_factory=list)
    about: About | None = None
    facilitator: Facilitator | None = None
    language: str = DEFAULT_LANGUAGE  # a normalised BCP 47 tag (a Text when the kit names it)
    labels: dict[str, Text] = field(default_factory=dict)  # every label in that language (model/kitlabels.py)

    def texts(self) -> list[Text]:
        """Every text value in the kit (for glyph checks)."""
        found: list[Text] = []
        _collect_texts(self, found)
        return found


def _collect_texts(value, found: list) -> None:
    if isinstance(value, Text):
        found.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect_texts(item, found)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _collect_texts(getattr(value, name), found)


def paragraphs(text: str | None) -> list[str]:
    """Split text on blank lines; single newlines inside a paragraph become spaces."""
    if not text:
        return []
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]


def load_kit(path: Path | str) -> Kit:
    """Load and validate a kit file; raise KitbuilderError listing every problem."""
    path = Path(path)
    problems = Problems()
    root = load_file(path, "kit", problems)
    kit = read_kit(root, path, problems)
    if kit is not None:
        kit.labels = kit_labels(kit.language, path, problems)
    problems.raise_if_any()
    assert kit is not None
    return kit


def read_kit(root: Node, path: Path, problems: Problems) -> Kit | None:
    """A :class:`Kit` from a parsed file, every key read by its declaration (``specs/kit.yaml``)."""
    top = Fields(root, problems, "", load_spec("kit").root, root.origin)
    if not top.ok:
        return None
    language = top.read("language")
    language = read_language(language, getattr(language, "origin", None) or top.key_origin("language"), problems)
    film = _read_film(top)
    summary = top.read("summary")
    questions = _read_questions(top, problems)
    return Kit(
        path=path,
        name=path.stem,
        film=film,
        summary=summary,
        questions=questions,
        themes=_read_themes(top, problems),
        quote=_read_quote(top),
        facts=_read_items(top, "facts", lambda f: Fact(f.read("text"), f.read("source")), problems),
        ways_to_influence=_read_items(top, "ways_to_influence", lambda f: Action(f.read("text"), f.read("url")),
                                      problems),
        about=_read_about(top),
        facilitator=_read_facilitator(top, problems),
        language=language,
    )


def _read_film(top: Fields) -> Film | None:
    film = top.read("film")
    if film is None:
        return None
    return Film(title=film.read("title"), director=film.read("director"), original_title=film.read("original_title"),
                year=film.read("year"), runtime_minutes=film.read("runtime_minutes"),
                director_note=film.read("director_note"))


def _read_themes(top: Fields, problems: Problems) -> Themes | None:
    themes = top.read("themes")
    if themes is None:
        return None
    items = _read_items(themes, "items", lambda f: Theme(f.read("title"), f.read("body")), problems)
    return Themes(intro=themes.read("intro"), items=items)


def _read_quote(top: Fields) -> Quote | None:
    node = top.get("quote")
    if node is not None and node.kind == SCALAR:  # the shorthand: the quote's text alone
        text = read_text(node, "quote", top.problems, top.declared("quote").fields["text"].limit)
        return Quote(text, None) if text else None
    quote = top.read("quote")
    if quote is None:
        return None
    text = quote.read("text")
    return Quote(text, quote.read("attribution")) if text else None


def _read_questions(top: Fields, problems: Problems) -> list[Question]:
    spec = top.declared("questions")
    nodes = top.read("questions")
    if nodes is None:
        return []
    if len(nodes) < spec.min_items:
        problems.add(top.key_origin("questions"), "questions is empty; a kit needs at least one question",
                     "add a line '- Your question?' under questions:")
    if len(nodes) > spec.max_items:
        problems.add(top.key_origin("questions"), f"there are {len(nodes)} questions; at most {spec.max_items} are "
                     "allowed", "split the kit or choose the questions in an event file")
    questions = []
    for number, node in enumerate(nodes, start=1):
        where = join("questions", number)
        if node.kind == MAPPING and "text" not in node.value and len(node.value) == 1:
            key = next(iter(node.value))
            problems.add(node.key_origins[key], f"question {number} contains ': ' after '{key}', so YAML read "
                         "it as a key and a value", 'put the whole question in straight double quotes: - "..."')
            continue
        if node.kind == MAPPING:
            f = Fields(node, problems, where, spec.item, node.origin)
            text, follow_ups, notes = f.read("text"), f.text_list("follow_ups"), f.read("notes")
        else:
            text, follow_ups, notes = read_text(node, where, problems, spec.item.fields["text"].limit), [], None
        if text is not None:
            questions.append(Question(number, text, follow_ups, notes))
    return questions


def _read_items(parent: Fields, key: str, build, problems: Problems) -> list:
    """A list whose items are mappings, or plain text where the declaration has a shorthand."""
    item_spec = parent.declared(key).item
    nodes = parent.read(key)
    if nodes is None:
        return []
    items = []
    first_key = item_spec.keys()[0]
    for index, node in enumerate(nodes, start=1):
        where = join(join(parent.where, key), index)
        if node.kind == SCALAR and item_spec.shorthand:
            text = read_text(node, where, problems, item_spec.fields[item_spec.shorthand].limit)
            if text is not None:
                items.append(build(_Shorthand(item_spec.shorthand, text)))
            continue
        f = Fields(node, problems, where, item_spec, node.origin)
        if f.ok:
            item = build(f)
            if getattr(item, first_key) is not None:
                items.append(item)
    return items


class _Shorthand:
    """Stands in for Fields when a list item is written as plain text (the shorthand key's value)."""

    def __init__(self, key: str, text: Text):
        self._key, self._text = key, text

    def read(self, key: str) -> Text | None:
        return self._text if key == self._key else None


def _read_about(top: Fields) -> About | None:
    about = top.read("about")
    if about is None:
        return None
    name = about.read("name")
    if name is None:
        return None
    return About(name, about.read("text"), about.read("url"), about.read("tagline"))


def _read_facilitator(top: Fields, problems: Problems) -> Facilitator | None:
    fac = top.read("facilitator")
    if fac is None:
        return None
    notes_node = fac.get("notes")
    tips = notes_node is not None and notes_node.kind != SCALAR  # the declared second form: a list of tips
    notes = fac.text_list("notes", allow_single=False) if tips else [t for t in [fac.read("notes")] if t]
    qa = fac.read("director_qa")
    director_qa = None
    if qa is not None:
        items = _read_items(qa, "items", lambda f: DirectorAnswer(f.read("question"), f.read("answer"),
                                                                  f.read("asked_by")), problems)
        director_qa = DirectorQA(qa.read("source"), [i for i in items if i.answer is not None])
    return Facilitator(notes, tips, director_qa)
