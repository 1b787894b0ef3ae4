"""The content model of a discussion kit: one YAML file per film.

``load_kit`` reads and validates a kit file into a :class:`Kit`. Every text value
is a :class:`~kitbuilder.source.fields.Text` that remembers its file, line and field, so
later stages (glyph checks, the fit check) can point at the exact place to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kitbuilder.diagnostics import Problems
from kitbuilder.source.fields import Fields, Text, join, read_text
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node, load_file

MAX_QUESTIONS = 200


@dataclass
class Film:
    title: Text
    director: Text
    original_title: Text | None = None
    year: int | None = None
    runtime_minutes: int | None = None
    director_note: Text | None = None


@dataclass
class Theme:
    title: Text
    body: Text | None


@dataclass
class Themes:
    intro: Text | None
    items: list[Theme]


@dataclass
class Quote:
    text: Text
    attribution: Text | None


@dataclass
class Question:
    number: int
    text: Text
    follow_ups: list[Text] = field(default_factory=list)
    notes: Text | None = None


@dataclass
class Fact:
    text: Text
    source: Text | None = None


@dataclass
class Action:
    """One of the 'ways to influence'."""

    text: Text
    url: Text | None = None


@dataclass
class About:
    name: Text
    text: Text | None = None
    url: Text | None = None
    tagline: Text | None = None


@dataclass
class DirectorAnswer:
    question: Text
    answer: Text
    asked_by: Text | None = None


@dataclass
class DirectorQA:
    source: Text | None
    items: list[DirectorAnswer]


@dataclass
class Facilitator:
    notes: list[Text] = field(default_factory=list)
    notes_are_tips: bool = False  # a YAML list prints as bullet tips, a text as paragraphs
    director_qa: DirectorQA | None = None


@dataclass
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


TOP_KEYS = ["film", "summary", "themes", "quote", "questions", "facts", "ways_to_influence", "about", "facilitator"]


def load_kit(path: Path | str) -> Kit:
    """Load and validate a kit file; raise KitbuilderError listing every problem."""
    path = Path(path)
    problems = Problems()
    root = load_file(path, "kit", problems)
    kit = read_kit(root, path, problems)
    problems.raise_if_any()
    assert kit is not None
    return kit


def read_kit(root: Node, path: Path, problems: Problems) -> Kit | None:
    top = Fields(root, problems, "", TOP_KEYS, root.origin)
    if not top.ok:
        return None
    film = _read_film(top, problems)
    summary = top.text("summary", required=True, example="|  (then the summary, indented, on the next lines)")
    questions = _read_questions(top, problems)
    kit = Kit(
        path=path,
        name=path.stem,
        film=film,
        summary=summary,
        questions=questions,
        themes=_read_themes(top, problems),
        quote=_read_quote(top),
        facts=_read_items(top, "facts", ["text", "source"], lambda f: Fact(f.text("text", required=True), f.text("source")), problems),
        ways_to_influence=_read_items(top, "ways_to_influence", ["text", "url"],
                                      lambda f: Action(f.text("text", required=True), f.text("url")), problems),
        about=_read_about(top),
        facilitator=_read_facilitator(top, problems),
    )
    return kit


def _read_film(top: Fields, problems: Problems) -> Film | None:
    film = top.mapping("film", ["title", "original_title", "director", "year", "runtime_minutes", "director_note"],
                       required=True, example="(then title: and director: indented below)")
    if film is None:
        return None
    return Film(
        title=film.text("title", required=True, example="Last Train Home"),
        director=film.text("director", required=True, example="Lixin Fan"),
        original_title=film.text("original_title"),
        year=film.integer("year", minimum=1870, maximum=2200, example="2009"),
        runtime_minutes=film.integer("runtime_minutes", minimum=1, maximum=2000, example="85"),
        director_note=film.text("director_note"),
    )


def _read_themes(top: Fields, problems: Problems) -> Themes | None:
    themes = top.mapping("themes", ["intro", "items"])
    if themes is None:
        return None
    items = _read_items(themes, "items", ["title", "body"],
                        lambda f: Theme(f.text("title", required=True), f.text("body")), problems, required=True)
    return Themes(intro=themes.text("intro"), items=items)


def _read_quote(top: Fields) -> Quote | None:
    node = top.get("quote")
    if node is not None and node.kind == SCALAR:
        text = read_text(node, "quote", top.problems)
        return Quote(text, None) if text else None
    quote = top.mapping("quote", ["text", "attribution"])
    if quote is None:
        return None
    text = quote.text("text", required=True, example='"The words of the quote"')
    return Quote(text, quote.text("attribution")) if text else None


def _read_questions(top: Fields, problems: Problems) -> list[Question]:
    nodes = top.sequence("questions", required=True, example="(then one '- question' per line)")
    if nodes is None:
        return []
    if not nodes:
        problems.add(top.key_origin("questions"), "questions is empty; a kit needs at least one question",
                     "add a line '- Your question?' under questions:")
    if len(nodes) > MAX_QUESTIONS:
        problems.add(top.key_origin("questions"), f"there are {len(nodes)} questions; at most {MAX_QUESTIONS} are allowed",
                     "split the kit or choose the questions in an event file")
    questions = []
    for number, node in enumerate(nodes, start=1):
        where = join("questions", number)
        if node.kind == MAPPING and "text" not in node.value and len(node.value) == 1:
            key = next(iter(node.value))
            problems.add(node.key_origins[key], f"question {number} contains ': ' after '{key}', so YAML read "
                         "it as a key and a value", 'put the whole question in straight double quotes: - "..."')
            continue
        if node.kind == MAPPING:
            f = Fields(node, problems, where, ["text", "follow_ups", "notes"], node.origin)
            text = f.text("text", required=True, example="What did you think of ...?")
            follow_ups = f.text_list("follow_ups", allow_single=True)
            notes = f.text("notes")
        else:
            text, follow_ups, notes = read_text(node, where, problems), [], None
        if text is not None:
            questions.append(Question(number, text, follow_ups, notes))
    return questions


def _read_items(parent: Fields, key: str, allowed: list[str], build, problems: Problems, required: bool = False) -> list:
    """A list whose items are plain text or mappings with a 'text' (or 'title') key."""
    nodes = parent.sequence(key, required=required)
    if nodes is None:
        return []
    items = []
    for index, node in enumerate(nodes, start=1):
        where = join(join(parent.where, key), index)
        if node.kind == SCALAR and "text" in allowed:
            text = read_text(node, where, problems)
            if text is not None:
                items.append(build(_TextOnly(text)))
            continue
        f = Fields(node, problems, where, allowed, node.origin)
        if f.ok:
            item = build(f)
            first = getattr(item, allowed[0])
            if first is not None:
                items.append(item)
    return items


class _TextOnly:
    """Stands in for Fields when a list item is written as plain text."""

    def __init__(self, text: Text):
        self._text = text

    def text(self, key: str, required: bool = False, example: str = "") -> Text | None:
        return self._text if key == "text" else None


def _read_about(top: Fields) -> About | None:
    about = top.mapping("about", ["name", "tagline", "text", "url"])
    if about is None:
        return None
    name = about.text("name", required=True, example="Influence Film Club")
    if name is None:
        return None
    return About(name, about.text("text"), about.text("url"), about.text("tagline"))


def _read_facilitator(top: Fields, problems: Problems) -> Facilitator | None:
    fac = top.mapping("facilitator", ["notes", "director_qa"])
    if fac is None:
        return None
    notes_node = fac.get("notes")
    tips = notes_node is not None and notes_node.kind != SCALAR
    notes = fac.text_list("notes") if tips else [t for t in [fac.text("notes")] if t]
    qa = fac.mapping("director_qa", ["source", "items"])
    director_qa = None
    if qa is not None:
        items = _read_items(
            qa, "items", ["question", "answer", "asked_by"],
            lambda f: DirectorAnswer(f.text("question", required=True), f.text("answer", required=True), f.text("asked_by")),
            problems, required=True,
        )
        director_qa = DirectorQA(qa.text("source"), [i for i in items if i.answer is not None])
    return Facilitator(notes, tips, director_qa)
