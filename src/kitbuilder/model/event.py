"""The event model: what differs between screenings of the same kit.

An event file (all keys optional) names the host, date, venue, logo, paper size,
accent colour, the questions to use, an agenda and a few notes. ``--set KEY=VALUE``
on the command line overrides any of these keys (or a layout key, see
:func:`kitbuilder.model.layout.set_override`).
"""

from __future__ import annotations

from dataclasses import field, make_dataclass, replace
from pathlib import Path

from kitbuilder.diagnostics import Origin, Problems
from kitbuilder.model.logo import _read_logo
from kitbuilder.records import record
from kitbuilder.source.fields import Fields, Text, join, read_text, read_value
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, SCALAR, Node, load_file
from kitbuilder.source.setvalues import parse_value

EVENT_KEYS = load_spec("event").root.keys()  # declared in specs/event.yaml
# The keys whose value is a text to print (placeholders {event.KEY}, the details panel ...).
TEXT_KEYS = [key for key, spec in load_spec("event").root.fields.items() if spec.type in ("text", "date", "url")]


@record
class AgendaItem:
    time: Text | None
    item: Text


# What each declared type holds in an Event: texts as typed (Text), a choice or colour as
# its str, a file as its Path; lists are lists (questions: (number, origin); agenda: AgendaItem).
_HOLDS = {"text": Text, "date": Text, "url": Text, "choice": str, "colour": str, "path": Path, "list": list}


def _texts(self) -> list[Text]:
    """Every text value of the event (for glyph checks), in the declaration's order."""
    values = [value for key in EVENT_KEYS if isinstance(value := getattr(self, key, None), Text)]
    for item in self.agenda:
        values += [item.time, item.item]
    return [v for v in values if v is not None]


# The event: one attribute per key of specs/event.yaml (a new event field is one declaration
# there), after ``name`` (the file's stem; output goes to <out>/<kit>/<name>/) and ``path``.
Event = make_dataclass("Event", [("name", str, ""), ("path", Path | None, None)] + [
    (key, list, field(default_factory=list)) if spec.type == "list" else (key, _HOLDS[spec.type] | None, None)
    for key, spec in load_spec("event").root.fields.items()],
    namespace={"texts": _texts, "__doc__": "One screening's values, by the keys of specs/event.yaml (all optional)."},
    init=False, repr=False, eq=False)  # the fields only: @record makes the methods, cheaply (given its
# docstring, dataclass() does not work one out with inspect.signature, some 2 ms every build)
Event.__module__ = __name__
Event = record(Event)


def set_event_value(tree: Node, key: str, value_text: str) -> Node:
    """Apply ``--set key=value`` to an event tree (the value is read as YAML)."""
    origin = getattr(value_text, "origin", None) or Origin("--set")  # a project file's set: is located there
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
    """An :class:`Event` from a parsed file, every key read by its declaration (``specs/event.yaml``)."""
    spec = load_spec("event").root
    f = Fields(tree, problems, "", spec, tree.origin)
    event = Event(name=path.stem if path else "", path=path)
    if not f.ok:
        return event
    for key, declared in spec.fields.items():
        if declared.type in ("text", "date", "url", "choice", "colour"):
            setattr(event, key, f.read(key))
    logo = f.get("logo")
    if logo is not None and f.read("logo") is not None:
        event.logo = _read_logo(logo, problems)
    numbers = spec.fields["questions"].item
    for index, node in enumerate(f.read("questions") or [], start=1):
        number = read_value(node, numbers, join("questions", index), problems)
        if number is not None:
            event.questions.append((number, node.origin))
    agenda = spec.fields["agenda"].item
    for index, node in enumerate(f.read("agenda") or [], start=1):
        where = join("agenda", index)
        if node.kind == SCALAR:  # the shorthand: the item alone
            text = read_text(node, where, problems, agenda.fields[agenda.shorthand].limit)
            if text:
                event.agenda.append(AgendaItem(None, text))
            continue
        item = Fields(node, problems, where, agenda, node.origin)
        if item.ok:
            text = item.read("item")
            time = item.read("time")
            if text:
                event.agenda.append(AgendaItem(time, text))
    return event
