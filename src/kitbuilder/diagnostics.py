"""Problems found in user input, reported the way a compiler does.

Every problem names where it is (``file:line:col``), what is wrong and how to fix it.
Loaders collect problems in a :class:`Problems` list and raise them together.
"""

from __future__ import annotations

from kitbuilder.records import record


@record(frozen=True)
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


@record(frozen=True)
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


class _NotShown(Problem):
    """The closing line of a long list: how many more problems there are."""


class KitbuilderError(Exception):
    """One or more problems in the user's input, each with its place and a fix.

    A build that meets one writes nothing, except when only some layouts cannot print the
    kit: the others are written, and ``written`` (set on the error) names them.

    ``hidden`` counts the problems left out of a long list (see :attr:`Problems.limit`).
    """

    def __init__(self, problems: list[Problem], hidden: int = 0):
        self.problems = list(problems)
        self.hidden = hidden
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Pickled whole (class, problems, and any attribute set later such as ``written``),
        # so an error crosses the process pool of a parallel build as it is.
        return self.__class__, (self.problems, self.hidden), self.__dict__

    @classmethod
    def single(cls, origin: Origin | None, message: str, fix: str = "") -> "KitbuilderError":
        return cls([Problem(origin, message, fix)])


class Problems:
    """Collects problems; ``raise_if_any`` raises them together, at most ``limit`` shown."""

    limit = 20

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.hidden = 0  # problems already left out by an earlier, shorter list

    def add(self, origin: Origin | None, message: str, fix: str = "") -> None:
        self.items.append(Problem(origin, message, fix))

    def extend(self, error: KitbuilderError) -> None:
        self.items.extend(p for p in error.problems if not isinstance(p, _NotShown))
        self.hidden += error.hidden

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[Problem]:
        """The problems in reading order: file by file (in the order first met), then line and column.

        Problems without a place keep their order, after the located ones.
        """
        files: dict[str, int] = {}
        for problem in self.items:
            if problem.origin is not None:
                files.setdefault(problem.origin.file, len(files))

        def key(problem: Problem):
            origin = problem.origin
            if origin is None:
                return (len(files), 0, 0)
            return (files[origin.file], origin.line, origin.column)

        unique: list[Problem] = []
        seen: set[Problem] = set()
        for problem in sorted(self.items, key=key):
            if problem not in seen:  # the same mistake met twice (e.g. one file read for two layouts)
                seen.add(problem)
                unique.append(problem)
        return unique

    def raise_if_any(self) -> None:
        if not self.items:
            return
        ordered = self.sorted()
        shown = ordered[: self.limit]
        hidden = len(ordered) - len(shown) + self.hidden
        if hidden:
            shown.append(_NotShown(None, f"{hidden} more problem(s) not shown; fix the ones above first"))
        raise KitbuilderError(shown, hidden)


def did_you_mean(word: str, choices) -> str:
    """'did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    import difflib  # only when there is a mistake to suggest a fix for

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""



# --- warnings: something the user should know that does not stop the build -----------------

def warn(origin: Origin | None, message: str) -> None:
    """Print one line, ``file:line:col: warning: message``, on stderr; the build goes on."""
    import sys

    print(f"{origin}: warning: {message}" if origin else f"warning: {message}", file=sys.stderr, flush=True)
