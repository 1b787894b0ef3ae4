"""Many kits for many events in one command: every combination, over all cores.

``kitbuilder build a.yaml b.yaml -e club1.yaml -e club2.yaml`` (or kits/ and events/
folders, or a project file) builds each kit for each event with the chosen layouts,
into ``<out>/<kit>/<event>/<layout>.pdf``. Each combination is one :func:`build_kit`
in a worker process; one pool of workers (one per core) serves the whole batch. One
failing combination never stops the others: its problems are collected, the others
are written, and the caller reports everything together.
"""

from __future__ import annotations

import os
import signal
from dataclasses import field, replace
from pathlib import Path
from typing import Callable

from kitbuilder.build import BuildOptions, build_kit
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, warn
from kitbuilder.records import record

YAML_SUFFIXES = (".yaml", ".yml")


@record(frozen=True)
class Combination:
    kit: Path
    event: Path | None = None

    def __str__(self) -> str:
        return f"{self.kit} for {self.event}" if self.event else str(self.kit)


@record
class Outcome:
    """What one combination's build did: its outputs (written now or up to date) or its error."""

    combination: Combination
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)  # every file it has, in build order
    error: KitbuilderError | None = None
    expected: int = 0  # outputs it should have made

    @property
    def failed(self) -> int:
        return max(self.expected - len(self.written) - len(self.up_to_date), 0) if self.error else 0


def expand(paths: list[Path], what: str, problems: Problems, origins: dict[Path, Origin] | None = None,
           unusable: list[Path] | None = None) -> list[Path]:
    """Files as given, and the ``.yaml`` files of each folder given (sorted; the project file left
    out, and names starting with ``.`` or ``_`` with a warning on stderr); a path that does not
    exist is a problem, located at ``origins[path]`` when it was written in a file (the project file).

    A file found by listing a folder is confined to it like a file named inside another: a
    symbolic link that leads out of the folder (or loops) is refused by name, never read.
    """
    found: list[Path] = []
    refused = len(problems.items)
    for path in dict.fromkeys(Path(path) for path in paths):  # a path named twice is one
        where = (origins or {}).get(path) or Origin(str(path))
        if path.is_dir():
            inside = _listed(path, what, problems)
            if not inside:
                problems.add(where, f"the folder '{path}' holds no {what} files (.yaml)",
                             f"name {what} files, or a folder that holds them")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            shown = f" ('{path}')" if origins else ""
            problems.add(where, f"{what} file not found{shown}", "check the path (it is relative to the "
                         + ("folder of the project file)" if origins else "folder you run kitbuilder from)"))
        if unusable is not None:  # each problem said here, with the file it is about
            unusable += [path if problem.origin == where else Path(problem.origin.file)
                         for problem in problems.items[refused + len(unusable):]]
    kept, seen = [], set()
    for path in found:  # one file named by two paths (kit/a.yaml, kit/../kit/a.yaml) is built once
        if _same_file(path) not in seen:
            seen.add(_same_file(path))
            kept.append(path)
    return kept


def _same_file(path: Path):
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _listed(folder: Path, what: str, problems: Problems) -> list[Path]:
    """The ``.yaml`` files of ``folder`` that stay inside it (see :func:`expand`)."""
    from kitbuilder.workflow.project import PROJECT_FILE

    own = folder.resolve()
    kept, drafts = [], []
    for entry in sorted(folder.iterdir()):
        if entry.suffix.lower() not in YAML_SUFFIXES or entry.name == PROJECT_FILE:
            continue
        if entry.name.startswith((".", "_")):
            drafts.append(entry.name)
            continue
        try:
            target = entry.resolve(strict=True)
        except FileNotFoundError:
            continue  # a link to nothing: no file to build
        except (OSError, RuntimeError):
            problems.add(Origin(str(entry)), f"the {what} file '{entry}' is a symbolic link that loops back on itself",
                         f"remove the link, or replace it by the {what} file itself")
            continue
        if not target.is_relative_to(own):
            problems.add(Origin(str(entry)), f"the {what} file '{entry}' is a symbolic link that leads outside "
                         f"the folder '{folder}'; files found in a folder must be in it",
                         f"copy the {what} file into '{folder}', or name it on the command line")
            continue
        if target.is_file():
            kept.append(entry)
    if drafts:  # said, so that a file made with such a name is not left out without a word
        shown = ", ".join(drafts[:5]) + (f" and {len(drafts) - 5} more" if len(drafts) > 5 else "")
        warn(Origin(str(folder)), f"skipped {shown}: files whose names begin with '.' or '_' are hidden or drafts, "
             f"not built with the folder; rename one (e.g. '{drafts[0].lstrip('._') or 'my-film.yaml'}') to build it")
    return kept


def combinations(kits: list[Path], events: list[Path], problems: Problems) -> list[Combination]:
    """Every kit with every event (with no event when none is given). Two kits, or two events,
    with the same file name would write into the same folder: refused."""
    for what, paths in (("kit", kits), ("event", events)):
        seen: dict[str, Path] = {}
        for path in paths:
            other = seen.setdefault(path.stem.casefold(), path)
            if other != path:
                problems.add(Origin(str(path)), f"the {what}s '{other}' and '{path}' have the same name, so their "
                             "PDFs would be written into the same folder", f"rename one of the {what} files")
    return [Combination(kit, event) for kit in kits for event in (events or [None])]


def unusable_outcomes(kit_problems: Problems, event_problems: Problems, kits: list[Path], events: list[Path],
                      options: BuildOptions, names: tuple[list[Path], list[Path]] = ([], [])) -> list[Outcome]:
    """The named files that cannot be used (not found, a refused link in a folder...) as failed
    combinations of the batch: reported with the others, counted in the summary, never
    stopping what can be built. Each kit problem fails that kit for every event, each event
    problem that event for every kit found (the kits that cannot be used are counted once,
    with every event named). ``names`` holds the file each kit and event problem is about."""
    per_combination = len(dict.fromkeys(options.layouts)) * len(options.formats)
    outcomes = []
    every_event = len(events) + len(event_problems.items)
    for problems, others, named in ((kit_problems, every_event or 1, names[0]), (event_problems, len(kits), names[1])):
        for index, problem in enumerate(problems.items):
            name = named[index] if index < len(named) else Path(problem.origin.file if problem.origin else "?")
            outcomes.append(Outcome(Combination(name), error=KitbuilderError([problem]),
                                    expected=per_combination * max(others, 1)))
    return outcomes


def build_one(combination: Combination, options: BuildOptions) -> Outcome:
    """Build one combination; its problems are returned, never raised."""
    expected = len(dict.fromkeys(options.layouts)) * len(options.formats)
    try:
        result = build_kit(combination.kit, replace(options, event_path=combination.event))
    except KitbuilderError as error:
        return Outcome(combination, list(getattr(error, "written", [])), list(getattr(error, "up_to_date", [])),
                       list(getattr(error, "written", [])) + list(getattr(error, "up_to_date", [])), error, expected)
    return Outcome(combination, result.written, result.up_to_date, result.outputs, None, expected)


def _build_in_worker(combination: Combination, options: BuildOptions) -> Outcome:
    try:
        return build_one(combination, options)
    except Exception as exc:  # a bug in kitbuilder: report it with this combination, keep the batch going
        return Outcome(combination, error=KitbuilderError.single(
            Origin(str(combination.kit)), f"kitbuilder failed while building {combination}: {exc!r}",
            "this is a bug in kitbuilder; please report it with the kit file"))


def run_batch(batch: list[Combination], options: BuildOptions,
              on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every combination; the outcomes in the order given.

    One combination alone is built in this process (its layouts spread over the cores);
    several share one pool of worker processes, one per core, for the whole batch, each
    worker building a combination's layouts one after the other.
    """
    if len(batch) == 1:
        outcomes = [build_one(batch[0], options)]
        if on_done:
            on_done(outcomes[0])
        return outcomes
    import multiprocessing  # a single build never needs them (:mod:`kitbuilder.parallel`)
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    workers = min(len(batch), os.cpu_count() or 1)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    serial = replace(options, workers=1)
    results: dict[int, Outcome] = {}
    # Ctrl-C stops the workers where they are (their writes are all or nothing) and nothing
    # queued is started: the batch ends now, not after every combination is built.
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=signal.signal,
                               initargs=(signal.SIGINT, signal.SIG_DFL))
    try:
        futures = {pool.submit(_build_in_worker, combination, serial): index for index, combination in enumerate(batch)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except BrokenProcessPool:  # a worker died (out of memory, killed): that combination failed
                results[index] = Outcome(batch[index], error=KitbuilderError.single(
                    Origin(str(batch[index].kit)), f"the process building {batch[index]} stopped unexpectedly",
                    "run this kit alone to see what happens; the computer may be short of memory"))
            if on_done:
                on_done(results[index])
    except BaseException as stopped:
        # Ctrl-C: the workers are stopping too; anything else: let the running ones finish their
        # combination (each writes all or nothing) rather than leave them behind
        pool.shutdown(wait=not isinstance(stopped, KeyboardInterrupt), cancel_futures=True)
        raise
    pool.shutdown()
    return [results[index] for index in range(len(batch))]


def summary(outcomes: list[Outcome]) -> str:
    """One line: files built, up to date, failed (and the combinations that failed)."""
    built = sum(len(o.written) for o in outcomes)
    current = sum(len(o.up_to_date) for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    line = f"{built} built, {current} up to date, {failed} failed"
    broken = [str(o.combination) for o in outcomes if o.error]
    if broken:
        line += f" ({'; '.join(broken[:5])}{' ...' if len(broken) > 5 else ''})"
    return line


def problems_of(outcomes: list[Outcome]) -> Problems:
    """Every combination's problems, together, each once."""
    problems = Problems()
    seen = set()
    for outcome in outcomes:
        if outcome.error is None:
            continue
        for problem in outcome.error.problems:
            key = (str(problem.origin), problem.message)
            if key not in seen:
                seen.add(key)
                problems.items.append(problem)
    return problems
