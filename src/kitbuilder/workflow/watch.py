"""``kitbuilder watch``: rebuild whenever a file the build reads is saved.

The files watched are those the outputs are made from (the kit, the event and its logo,
the club's ``labels/<tag>.yaml`` beside the kit, present or not, every layout of each
``extends:`` chain, the layouts' fonts: see :func:`kitbuilder.workflow.stamps.input_files`)
and kitbuilder's labels. A file that cannot be resolved (a symbolic link that loops) is
none of them, and watching goes on. Their folders
are watched (editors save by writing a new file and renaming it), with watchfiles, and
only changes to those files count. Each rebuild is an ordinary incremental build, so
only the layouts whose inputs changed are made again; a build that fails reports its
problems as ``build`` does and leaves the last good PDFs in place.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from kitbuilder.build import BuildOptions, BuildResult, build_kit, prepare
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.workflow import stamps

DEBOUNCE_MS = 150  # changes closer together than this are one save


def watched_files(kit: Path, options: BuildOptions) -> set[Path]:
    """Every file the build of ``kit`` reads (resolved), as far as it can be loaded now."""
    import kitbuilder.labels
    from kitbuilder.model.kitlabels import USER_FOLDER

    labels = Path(kitbuilder.labels.__file__).parent  # the shipped wording, every language
    club = Path(kit).parent / USER_FOLDER  # the club's labels: those of the kit's language once it loads
    named = [Path(kit), *labels.glob("*.yaml"), *(club.glob("*.yaml") if club.is_dir() else [])]
    if options.event_path is not None:
        named.append(Path(options.event_path))
    named += [Path(spec) for spec in options.layouts if Path(spec).suffix in (".yaml", ".yml")]
    try:
        for comp in prepare(kit, options):
            named += stamps.input_files(comp.kit, comp.event, comp.layout, str(comp.layout.path))
    except (KitbuilderError, OSError, RuntimeError):
        pass  # a file with a mistake: the ones named so far are watched, and the fix is seen
    return {path for path in map(_resolved, named) if path is not None}


def rebuild(kit: Path, options: BuildOptions) -> tuple[BuildResult | None, KitbuilderError | None, float]:
    """One build; its result or its error, and the seconds it took."""
    started = time.perf_counter()
    try:
        result = build_kit(kit, options)
        return result, None, time.perf_counter() - started
    except KitbuilderError as error:
        return None, error, time.perf_counter() - started


def watch(kit: Path, options: BuildOptions, on_build: Callable[[BuildResult | None, KitbuilderError | None, float],
                                                               None], stop_event=None) -> None:
    """Build now, then again after every save of a watched file, until interrupted (or ``stop_event``)."""
    import watchfiles

    kit = Path(kit)
    options = replace(options, force=False)
    on_build(*rebuild(kit, options))
    files = watched_files(kit, options)  # one set, grown in place: the watcher's filter reads it
    while True:
        folders = _folders(files)
        for _ in watchfiles.watch(*folders, watch_filter=lambda change, path: _resolved(path) in files,
                                  debounce=DEBOUNCE_MS, stop_event=stop_event, raise_interrupt=False):
            # The watcher keeps collecting while this builds: a save made meanwhile is seen next.
            on_build(*rebuild(kit, options))
            files.update(watched_files(kit, options))
            if not set(_folders(files)) <= set(folders):
                break  # a file in another folder (a layout's new extends:): watch that folder too
        else:
            return  # stopped or interrupted
        on_build(*rebuild(kit, options))  # a save between the two watchers is not lost


def _resolved(path: str) -> Path | None:
    """``path`` resolved; None when it cannot be (a symbolic link that loops back on itself,
    a folder that cannot be read): such a file is none of the build's, and watching goes on."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _folders(files: set[Path]) -> list[str]:
    return sorted({str(path.parent) for path in files if path.parent.is_dir()})
