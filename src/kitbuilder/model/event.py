"""The event model: what differs between screenings of the same kit.

An event file (all keys optional) names the host, date, venue, logo, paper size,
accent colour, the questions to use, an agenda and a few notes. ``--set KEY=VALUE``
on the command line overrides any of these keys (or a layout key, see
:func:`kitbuilder.model.layout.set_override`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from kitbuilder.diagnostics import Origin, Problems
from kitbuilder.model.layout import PAPER_SIZES, read_color
from kitbuilder.model.logo import _read_logo
from kitbuilder.source.fields import Fields, Text, join, read_integer, read_text
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node, load_file, parse_value

EVENT_KEYS = [
    "host", "title", "date", "time", "venue", "address", "facilitator", "logo", "accent_color", "paper",
    "questions", "agenda", "welcome", "accessibility", "content_note", "credit",
]


@dataclass
class AgendaItem:
    time: Text | None
    item: Text


@dataclass
class Event:
    name: str = ""  # the file's stem; output goes to <out>/<kit>/<name>/
    path: Path | None = None
    host: Text | None = None
    title: Text | None = None
    date: Text | None = None
    time: Text | None = None
    venue: Text | None = None
    address: Text | None = None
    facilitator: Text | None = None
    logo: Path | None = None
    accent_color: str | None = None
    paper: str | None = None
    questions: list[tuple[int, Origin]] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    welcome: Text | None = None
    accessibility: Text | None = None
    content_note: Text | None = None
    credit: Text | None = None

    def texts(self) -> list[Text]:
        values = [self.host, self.title, self.date, self.time, self.venue, self.address, self.facilitator,
                  self.welcome, self.accessibility, self.content_note, self.credit]
        for item in self.agenda:
            values += [item.time, item.item]
        return [v for v in values if v is not None]


def set_event_value(tree: Node, key: str, value_text: str) -> Node:
    """Apply ``--set key=value`` to an event tree (the value is read as YAML)."""
    origin = Origin("--set")
    value = parse_value(value_text, "--set", key)
    # The text as typed is kept (19:30 stays 19:30); its place is the command line, not a file.
    value = replace(value, origin=origin, span=None)
    values = dict(tree.value)
    origins = dict(tree.key_origins)
    values[key] = value
    origins[key] = origin
    return Node(MAPPING, values, tree.origin, origins)


def load_event(path: Path | str | None, overrides: list[tuple[str, str]] = ()) -> Event:
    """Load and validate an event file (or an empty event), with ``--set`` overrides applied."""
    problems = Problems()
    if path is not None:
        path = Path(path)
        tree = load_file(path, "event", problems)
    else:
        tree = Node(MAPPING, {}, Origin("--set"), {})
    if tree.kind == MAPPING:
        for key, value in overrides:
            tree = set_event_value(tree, key, value)
    event = read_event(tree, path, problems)
    problems.raise_if_any()
    return event


def read_event(tree: Node, path: Path | None, problems: Problems) -> Event:
    f = Fields(tree, problems, "", EVENT_KEYS, tree.origin)
    event = Event(name=path.stem if path else "", path=path)
    if not f.ok:
        return event
    for key in ("host", "title", "time", "venue", "address", "facilitator", "welcome", "accessibility",
                "content_note", "credit"):
        setattr(event, key, f.text(key))
    event.date = f.date("date")
    event.paper = f.choice("paper", list(PAPER_SIZES), None)
    accent = f.get("accent_color")
    if accent is not None:
        event.accent_color = read_color(accent, "accent_color", problems)
    logo = f.get("logo")
    if logo is not None:
        event.logo = _read_logo(logo, problems)
    for index, node in enumerate(f.sequence("questions") or [], start=1):
        number = read_integer(node, join("questions", index), problems, minimum=1, example="3")
        if number is not None:
            event.questions.append((number, node.origin))
    for index, node in enumerate(f.sequence("agenda") or [], start=1):
        where = join("agenda", index)
        if node.kind == SCALAR:
            text = read_text(node, where, problems)
            if text:
                event.agenda.append(AgendaItem(None, text))
            continue
        item = Fields(node, problems, where, ["time", "item"], node.origin)
        if item.ok:
            text = item.text("item", required=True, example="Welcome and introduction")
            time = item.text("time")
            if text:
                event.agenda.append(AgendaItem(time, text))
    return event
