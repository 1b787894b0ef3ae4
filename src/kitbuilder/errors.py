"""Problems found in user input, reported the way a compiler does.

Every problem names where it is (``file:line:col``), what is wrong and how to fix it.
Loaders collect problems in a :class:`Problems` list and raise them together.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a value came from. ``line`` and ``column`` are 1-based; 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    origin: Origin | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        text = f"{where}error: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class KitbuilderError(Exception):
    """One or more problems in the user's input; the build stops and writes nothing."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, origin: Origin | None, message: str, fix: str = "") -> "KitbuilderError":
        return cls([Problem(origin, message, fix)])


class Problems:
    """Collects problems; ``raise_if_any`` raises them together, at most ``limit`` shown."""

    limit = 20

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, origin: Origin | None, message: str, fix: str = "") -> None:
        self.items.append(Problem(origin, message, fix))

    def extend(self, error: KitbuilderError) -> None:
        self.items.extend(error.problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[: self.limit]
        hidden = len(self.items) - len(shown)
        if hidden:
            shown.append(Problem(None, f"{hidden} more problem(s) not shown; fix the ones above first"))
        raise KitbuilderError(shown)


def did_you_mean(word: str, choices) -> str:
    """'did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
