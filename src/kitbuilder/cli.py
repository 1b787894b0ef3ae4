"""The ``kitbuilder`` command: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kitbuilder import __version__
from kitbuilder.cli_parse import Commands, collect_normally, collect_rarely, fail, options_from, print_options
from kitbuilder.cli_workflow import new, preview, watch
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitbuilder")
def main():
    """Print-ready discussion kits for film screenings, from one YAML file per film.

    \b
    Example:
      kitbuilder build kit/last-train-home.yaml
    """


for command in (new, preview, watch):
    main.add_command(command)


def plan(kits, event_paths, print_args: dict):
    """The combinations to build and their options: the kits and events named, or the project file's."""
    from kitbuilder.workflow.batch import combinations, expand, unusable_outcomes
    from kitbuilder.workflow.project import find_project, load_project, no_kit_named

    project = None
    try:
        if not kits:
            found = find_project()
            if found is None:
                raise no_kit_named()
            project = load_project(found)
            kits, event_paths = project.kits, list(event_paths) or project.events
    except KitbuilderError as error:
        fail(error)
    options = options_from(project, **print_args)
    origins = project.origins if project is not None else None
    missing_kits, missing_events, conflicts = Problems(), Problems(), Problems()
    names: tuple[list, list] = ([], [])  # the file each problem is about, for the summary
    kit_files = expand(list(kits), "kit", missing_kits, origins, names[0])
    event_files = expand(list(event_paths), "event", missing_events, origins, names[1])
    # events were named but none can be used: building without one would not be what was asked
    batch = combinations(kit_files, event_files, conflicts) if event_files or not event_paths else []
    unusable = unusable_outcomes(missing_kits, missing_events, kit_files, event_files, options, names)
    if conflicts or not batch:  # two outputs in one folder, or nothing left to build
        problems = Problems()
        problems.items = [p for outcome in unusable for p in outcome.error.problems] + conflicts.items
        try:
            problems.raise_if_any()
        except KitbuilderError as error:
            fail(error)
    # a file that cannot be used fails its combinations; the others are still built
    return batch, options, project is not None, unusable


@main.command()
@click.argument("kits", nargs=-1, type=click.Path(path_type=Path), metavar="[KIT|FOLDER]...")
@click.option("--event", "-e", "event_paths", multiple=True, type=click.Path(path_type=Path),
              help="Event file (or folder of them) that customises the kits for a screening. Repeatable: "
                   "every kit is built for every event.")
@print_options
def build(kits, event_paths, **print_args):
    """Build the kits' PDFs and print the path of each one, written now or already up to date.

    Several kits (or folders of kits) and several events build every combination, over
    all cores. With no kit named, the project file kitbuilder.yaml in this folder says
    what to build. A file whose inputs have not changed is not rebuilt (--force rebuilds).

    \b
    Examples:
      kitbuilder build kit/last-train-home.yaml
      kitbuilder build kit/last-train-home.yaml --layout handout --out printouts
      kitbuilder build kit/last-train-home.yaml --event events/example-club.yaml --set paper=a4
      kitbuilder build kit/last-train-home.yaml --layout booklet --bleed 3mm --crop-marks
      kitbuilder build kit/last-train-home.yaml --format pdf,html
      kitbuilder build kit/ --event events/club-a.yaml --event events/club-b.yaml
      kitbuilder build                     (what kitbuilder.yaml lists)
    """
    batch, options, season, unusable = plan(kits, event_paths, print_args)
    if len(batch) == 1 and not season and not unusable:
        try:
            result = build_single(batch[0], options)
        except KitbuilderError as error:
            fail(error)
        for path in result.outputs:
            click.echo(str(path))
        return
    outcomes = unusable + run_with_progress(batch, options)
    for outcome in outcomes:
        for path in outcome.outputs:
            click.echo(str(path))
    report_batch(outcomes)


def build_single(combination, options):
    import gc
    from dataclasses import replace

    from kitbuilder.build import build_kit

    if _leaving_after_command:  # the program (not a test) ends after this one build: what is loaded
        gc.freeze()  # by now (code, fonts) stays to the end; the collector need not go through it again
    return build_kit(combination.kit, replace(options, event_path=combination.event))


def run_with_progress(batch, options):
    """Build the batch; a progress bar on stderr when it is a terminal."""
    from kitbuilder.workflow.batch import run_batch

    collect_normally()  # many builds: the collector as usual, so what each leaves is let go

    if not sys.stderr.isatty():
        return run_batch(batch, options)
    with click.progressbar(length=len(batch), label="building", file=sys.stderr) as bar:
        return run_batch(batch, options, on_done=lambda outcome: bar.update(1))


def report_batch(outcomes) -> None:
    """Every problem of the batch together, then the one-line summary; exit 1 when any failed."""
    from kitbuilder.workflow.batch import problems_of, summary

    problems = problems_of(outcomes)
    if problems:
        try:
            problems.raise_if_any()
        except KitbuilderError as error:
            click.echo(str(error), err=True)
    click.echo(summary(outcomes), err=True)
    if problems:
        sys.exit(1)


@main.command()
@click.argument("kit", type=click.Path(path_type=Path), required=False)
@click.option("--event", "-e", "event_path", type=click.Path(path_type=Path), default=None,
              help="Also check this event file.")
@click.option("--layout", "-l", "layouts", multiple=True, metavar="NAME|PATH",
              help="Layout to check against (repeatable). Default: handout, guide and facilitator.")
def validate(kit, event_path, layouts):
    """Check a kit (and optionally an event file) the way build does, without writing PDFs.

    Fails wherever build would, including content that does not fit a layout.
    A layout file alone (KIT is a layout, or only --layout is given) is checked on its own.

    \b
    Examples:
      kitbuilder validate kit/last-train-home.yaml
      kitbuilder validate kit/last-train-home.yaml --event events/example-club.yaml --layout booklet
      kitbuilder validate layouts/guide.yaml
    """
    from kitbuilder.checking import validate_kit, validate_layout_files
    from kitbuilder.model.layout import is_layout_file

    if kit is None and not layouts:
        fail(KitbuilderError.single(Origin("kitbuilder validate"), "no kit or layout named",
                                    "name a kit file to check, or a layout with --layout"), "nothing was checked")
    if kit is None or is_layout_file(kit):
        specs = ([str(kit)] if kit is not None else []) + list(layouts)
        try:
            validate_layout_files(specs)
        except KitbuilderError as error:
            fail(error, "fix it and run validate again")
        for spec in specs:
            click.echo(f"{spec}: ok")
        return

    try:
        loaded, event = validate_kit(kit, event_path, list(layouts) or None)
    except KitbuilderError as error:
        fail(error, "fix it and run validate again")
    click.echo(f"{kit}: ok ({len(loaded.questions)} questions)")
    if event_path:
        click.echo(f"{event_path}: ok")


@main.command(name="layouts")
def list_layouts():
    """List the shipped layouts, one line each.

    \b
    Example:
      kitbuilder layouts
    """
    from kitbuilder.model.layout import available_layouts

    layouts = available_layouts()
    width = max(len(name) for name in layouts)
    for name, description in layouts.items():
        click.echo(f"{name.ljust(width)}  {description}")


SCHEMA_MODELS = ("kit", "event", "layout", "project")


@main.command()
@click.argument("model", metavar="kit|event|layout|project")
def schema(model):
    """Print the JSON Schema of a kit, event, layout or project file, for editors that check YAML as you type.

    \b
    Example:
      kitbuilder schema kit > kit.schema.json
      (then start your kit with: # yaml-language-server: $schema=kit.schema.json)
    """
    from kitbuilder.source.json_schema import schema_text

    if model not in SCHEMA_MODELS:
        fail(KitbuilderError.single(Origin("schema"), f"'{model}' is not a kind of kitbuilder file",
                                    did_you_mean(model, SCHEMA_MODELS) or "write kit, event, layout or project"),
             "nothing was printed")
    click.echo(schema_text(model), nl=False)


_leaving_after_command = False  # set by run(): this process ends when its command is done


def run() -> None:
    """The ``kitbuilder`` program: :func:`main`, then leave at once.

    Everything the command makes is written, closed and synced before it returns (see
    :mod:`kitbuilder.write.output`), so the interpreter's own clean-up at exit (taking
    apart every module, font and cache it loaded: ~25 ms, a tenth of a small build)
    has nothing left to do for the user and is skipped. Until a command that runs long or
    builds many says otherwise, the garbage collector runs rarely (see
    :func:`~kitbuilder.cli_parse.collect_rarely`). Tests call :func:`main` itself.
    """
    import contextlib
    import os

    global _leaving_after_command
    _leaving_after_command = True
    collect_rarely()
    try:
        try:
            main()
            code = 0
        except SystemExit as leaving:
            code = leaving.code
        if code is not None and not isinstance(code, int):  # a message instead of a status
            print(code, file=sys.stderr)
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError as error:  # the paths could not be printed (a closed pipe, a full disk)
        with contextlib.suppress(OSError):
            sys.stderr.write(f"kitbuilder: error: cannot write to the terminal or file: {error.strerror or error}\n")
        code = 1
    os._exit(code or 0)
