"""The event model: what differs between screenings of the same kit.

An event file (all keys optional) names the host, date, venue, logo, paper size,
accent colour, the questions to use, an agenda and a few notes. ``--set KEY=VALUE``
on the command line overrides any of these keys (or a layout key, see
:func:`kitbuilder.layout.set_override`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import KitbuilderError, Origin, Problems
from .layout import PAPER_SIZES, read_color
from .schema import Fields, Text, join, read_integer, read_text
from .yamlsource import MAPPING, SCALAR, Node, load_file, parse

EVENT_KEYS = [
    "host", "title", "date", "time", "venue", "address", "facilitator", "logo", "accent_color", "paper",
    "questions", "agenda", "welcome", "accessibility", "content_note", "credit",
]
IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}


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
    logo_origin: Origin | None = None
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
    value = parse(value_text if value_text.strip() else '""', "--set")
    value = Node(value.kind, value.value, origin, value.key_origins)
    values = dict(tree.value)
    origins = dict(tree.key_origins)
    values[key] = value
    origins[key] = origin
    return Node(MAPPING, values, tree.origin, origins)


def load_event(path: Path | str | None, overrides: list[tuple[str, str]] = ()) -> Event:
    """Load and validate an event file (or an empty event), with ``--set`` overrides applied."""
    if path is not None:
        path = Path(path)
        tree = load_file(path, "event")
    else:
        tree = Node(MAPPING, {}, Origin("--set"), {})
    if tree.kind == MAPPING:
        for key, value in overrides:
            tree = set_event_value(tree, key, value)
    problems = Problems()
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
        event.logo, event.logo_origin = _read_logo(logo, problems), logo.origin
    for index, node in enumerate(f.sequence("questions") or [], start=1):
        number = read_integer(node, join("questions", index), problems, minimum=1)
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
            time = _time_text(item)
            if text:
                event.agenda.append(AgendaItem(time, text))
    return event


def _time_text(item: Fields) -> Text | None:
    """YAML reads 7:00 as a sexagesimal number (420); give the user back what they wrote."""
    node = item.get("time")
    if node is None:
        return None
    value = node.value
    if isinstance(value, int):
        hours, minutes = divmod(value, 60)
        return Text(f"{hours}:{minutes:02d}", node.origin, "agenda.time")
    return read_text(node, "agenda.time", item.problems)


def _read_logo(node: Node, problems: Problems) -> Path | None:
    text = read_text(node, "logo", problems)
    if text is None:
        return None
    base = Path(node.origin.file).parent if node.origin.file != "--set" else Path.cwd()
    path = Path(text) if Path(text).is_absolute() else base / text
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        problems.add(node.origin, f"logo '{text}' must be a PNG, JPEG or SVG file", "convert the logo to PNG")
        return None
    if not path.is_file():
        problems.add(node.origin, f"logo file '{text}' not found (looked for {path})",
                     "put the image beside the event file, or fix the path")
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        problems.add(node.origin, f"cannot read logo '{text}': {exc.strerror}", "check the file's permissions")
        return None
    kind = IMAGE_SUFFIXES[path.suffix.lower()]
    valid = {
        "PNG": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "JPEG": head.startswith(b"\xff\xd8\xff"),
        "SVG": b"<svg" in head or b"<?xml" in head,
    }[kind]
    if not valid:
        problems.add(node.origin, f"logo '{text}' is not a valid {kind} image",
                     "export the logo again as PNG or JPEG from an image editor")
        return None
    return path
