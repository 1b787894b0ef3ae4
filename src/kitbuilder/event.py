"""The event model: what differs between screenings of the same kit.

An event file (all keys optional) names the host, date, venue, logo, paper size,
accent colour, the questions to use, an agenda and a few notes. ``--set KEY=VALUE``
on the command line overrides any of these keys (or a layout key, see
:func:`kitbuilder.layout.set_override`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Origin, Problems
from .layout import PAPER_SIZES, read_color
from .schema import Fields, Text, join, read_integer, read_text
from .yamlsource import MAPPING, SCALAR, Node, load_file, parse_value

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


MAX_LOGO_BYTES = 20 * 1024 * 1024
MAX_LOGO_PIXELS = 40_000_000


def _read_logo(node: Node, problems: Problems) -> Path | None:
    """The logo's path, once the file is found and checked to be an image kitbuilder can print."""
    text = read_text(node, "logo", problems)
    if text is None:
        return None
    base = Path(node.origin.file).parent if node.origin.file != "--set" else Path.cwd()
    path = Path(text) if Path(text).is_absolute() else base / text
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        problems.add(node.origin, f"logo '{text}' must be a PNG, JPEG or SVG file (ending .png, .jpg or .svg)",
                     "convert the logo to PNG")
        return None
    if path.is_dir():
        problems.add(node.origin, f"logo '{text}' is a folder, not an image file", "name the image file itself")
        return None
    if not path.is_file():
        problems.add(node.origin, f"logo file '{text}' not found (looked for {path})",
                     "put the image beside the event file, or fix the path")
        return None
    kind = IMAGE_SUFFIXES[path.suffix.lower()]
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            problems.add(node.origin, f"logo '{text}' is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}",
                         "export a smaller logo; a few hundred pixels across is plenty for print")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(node.origin, f"cannot read logo '{text}': {exc.strerror or exc}", "check the file's permissions")
        return None
    fix = "export the logo again as PNG or JPEG from an image editor"
    valid = {
        "PNG": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "JPEG": data.startswith(b"\xff\xd8\xff"),
        "SVG": b"<svg" in data[:4096] or b"<?xml" in data[:4096],
    }[kind]
    if not valid:
        problems.add(node.origin, f"logo '{text}' is not a valid {kind} image", fix)
        return None
    detail = _svg_problem(data) if kind == "SVG" else _bitmap_problem(path)
    if detail:
        problems.add(node.origin, f"logo '{text}' is not a valid {kind} image: {detail}", fix)
        return None
    return path


def _bitmap_problem(path: Path) -> str:
    """Why Pillow (which ReportLab prints images with) cannot read the image, or ''."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                width, height = picture.size
                if not width or not height:
                    return "it has no pixels"
                if width * height > MAX_LOGO_PIXELS:
                    return f"it is {width} x {height} pixels, far more than a logo needs"
                picture.load()
    except Image.DecompressionBombWarning:
        return "it is far larger than a logo needs"
    except Exception as exc:  # Pillow raises many kinds for a broken image
        return str(exc).split("\n")[0] or type(exc).__name__
    return ""


def _svg_problem(data: bytes) -> str:
    """Why the SVG is not a well-formed SVG document, or ''.

    Entities are refused before parsing, so nothing can be expanded.
    """
    from xml.etree import ElementTree

    if b"<!ENTITY" in data:
        return "it declares XML entities, which are not allowed"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        return f"the XML is broken at line {line}, column {column + 1}"
    if not root.tag.endswith("svg"):
        return "the file is XML but not SVG"
    return ""
