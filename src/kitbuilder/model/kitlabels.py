"""The labels a kit is printed with: every word kitbuilder adds, in the kit's language.

They come in layers, each overriding the one before entry by entry: English (complete by
definition), then for each file that may serve the kit's language, least specific first
(``fr`` before ``fr-CA``), kitbuilder's shipped file and then the club's own
``labels/<tag>.yaml`` beside the kit. A club thus adds or corrects a language without
Python. A label that only English has is printed in English, with one warning per group of
labels; a language that no file serves is refused at the kit's ``language:`` key.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean, warn
from kitbuilder.labels import ENGLISH, SHIPPED, shipped_file
from kitbuilder.model.language import fallbacks, language_of, locale_of
from kitbuilder.source.assets import confined, regular_file
from kitbuilder.source.fields import Text, read_text
from kitbuilder.source.readstatus import note_missing
from kitbuilder.source.spec import load_spec
from kitbuilder.source.yamlsource import MAPPING, load_file

USER_FOLDER = "labels"  # beside the kit: labels/<tag>.yaml
# A label event.KEY or welcome.KEY for any event field adds that field to the details panel or welcome.
FIELD_LABEL_PREFIXES = ("event", "welcome")


def read_labels(path: Path, problems: Problems, names: dict[str, Origin] | None = None) -> dict[str, Text]:
    """A labels file: a mapping of label names to texts, each remembering where it was written
    (and, into ``names``, where each name was)."""
    root = load_file(path, "labels file", problems)
    labels: dict[str, Text] = {}
    if root.kind != MAPPING:
        problems.add(root.origin, "a labels file is a mapping of label names to texts",
                     "write one 'name: text' line per label")
        return labels
    for name, node in root.value.items():
        text = read_text(node, str(name), problems)
        if text is not None:
            labels[str(name)] = text
            if names is not None:
                names[str(name)] = root.key_origins.get(name, text.origin)
    return labels


@functools.cache
def shipped_labels(tag: str = ENGLISH) -> dict[str, Text]:
    """The labels kitbuilder ships for the language ``tag`` (empty when it ships none)."""
    if not shipped_file(tag).is_file():
        return {}
    problems = Problems()
    labels = read_labels(shipped_file(tag), problems)
    problems.raise_if_any()
    return labels


def shipped_in(language: str) -> dict[str, Text]:
    """Every label in ``language`` as kitbuilder ships it: English, then each shipped file that
    serves the language, least specific first (no club's file)."""
    merged = dict(shipped_labels(ENGLISH))
    for tag in reversed(fallbacks(str(language))):
        merged.update(shipped_labels(tag))
    return merged


def unknown_label(name: str, origin: Origin | None, problems: Problems, where: str) -> bool:
    """Report ``name`` when no label has it (English's names, or event.KEY / welcome.KEY for an event field)."""
    english = shipped_labels(ENGLISH)
    prefix, _, key = name.partition(".")
    if name in english or (prefix in FIELD_LABEL_PREFIXES and key in load_spec("event").root.fields):
        return False
    problems.add(origin, f"unknown label '{name}'{where}",
                 did_you_mean(name, english) or "label names are the names in kitbuilder's labels/en.yaml, "
                 "e.g. heading.summary")
    return True


def kit_labels(language: str, kit_path: Path, problems: Problems) -> dict[str, Text]:
    """Every label in ``language`` for the kit at ``kit_path``; problems go into ``problems``,
    labels left in English are warned about once the kit has no problems."""
    origin = getattr(language, "origin", None) or Origin(str(kit_path))
    english = shipped_labels(ENGLISH)
    merged = dict(english)
    served_by: list[Path] = []  # the files that serve the language (English's own aside)
    said: set[str] = set()      # the label names a file of the language gives
    for tag in reversed(fallbacks(str(language))):
        user = _user_file(tag, kit_path, origin, problems)
        for path, layer in ((shipped_file(tag), shipped_labels(tag)), (user, _read_user(user, problems) if user else {})):
            if path is not None and (layer or path == user):
                merged.update(layer)
                said.update(layer)
                served_by.append(path)
    if not served_by:
        problems.add(origin, f"kitbuilder has no labels in the language '{language}' "
                     f"({locale_of(str(language)).get_display_name(ENGLISH)})",
                     f"choose one of {', '.join(SHIPPED)}, or add the language: copy kitbuilder's "
                     f"{shipped_file(ENGLISH)} to {USER_FOLDER}/{language}.yaml beside the kit and translate "
                     "each text (keep the names before the colons)")
    elif language_of(str(language)) != ENGLISH and not problems:
        _warn_english(sorted(set(english) - said), served_by[-1])
    return merged


def _user_file(tag: str, kit_path: Path, origin: Origin, problems: Problems) -> Path | None:
    """The club's labels/<tag>.yaml beside the kit, when it is there (confined to the kit's folder)."""
    try:
        written = f"{USER_FOLDER}/{tag}.yaml"
        path = confined(written, kit_path, origin, "labels file", key="language")[0]
        # read under the name the club knows (the link, if it is one, was found to stay in the folder)
        if regular_file(path, origin, "labels file", shown=written) is None:
            note_missing(kit_path.parent / written)  # created later, it is a change a stamp must see
            return None
        return kit_path.parent / written
    except KitbuilderError as error:  # a link that leads out of the kit's folder, a folder named like the file
        for problem in error.problems:
            problems.add(problem.origin, problem.message, f"make {USER_FOLDER}/{tag}.yaml a plain file in a plain "
                         f"folder '{USER_FOLDER}' beside the kit")
        return None


def _read_user(path: Path, problems: Problems) -> dict[str, Text]:
    found = Problems()
    names: dict[str, Origin] = {}
    try:
        labels = read_labels(path, found, names)
    except KitbuilderError as error:
        problems.extend(error)
        return {}
    for name, text in labels.items():
        unknown_label(name, names.get(name), found, f" in {path.name}")
    problems.items += found.items
    return labels


def _warn_english(missing: list[str], path: Path) -> None:
    """One warning line per group of labels (heading.*, feedback.* ...) that stays in English."""
    groups: dict[str, list[str]] = {}
    for name in missing:
        groups.setdefault(name.split(".")[0], []).append(name)
    for group, names in groups.items():
        warn(Origin(str(path), 1, 1), f"{len(names)} {group} label{'s' if len(names) > 1 else ''} missing here "
             f"{'are' if len(names) > 1 else 'is'} printed in English: {', '.join(names)} "
             f"(copy {'them' if len(names) > 1 else 'it'} from kitbuilder's labels/en.yaml and translate)")
