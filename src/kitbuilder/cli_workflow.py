"""The commands around a build while a kit is written: ``new``, ``preview`` and ``watch``.

They only parse arguments and call the library (:mod:`kitbuilder.workflow`,
:mod:`kitbuilder.write.preview`); :mod:`kitbuilder.cli` adds them to the ``kitbuilder`` group.
"""

from __future__ import annotations

from pathlib import Path

import click

from kitbuilder.cli_parse import collect_normally, fail, options_from, print_options
from kitbuilder.diagnostics import KitbuilderError, Origin


@click.command()
@click.argument("name")
@click.option("--event", "is_event", is_flag=True, help="Write an event file (events/NAME.yaml) instead of a kit.")
def new(name, is_event):
    """Start a kit: write kit/NAME.yaml with every key, a comment on each and placeholder text.

    The file validates and builds as it is; its first line lets editors with the YAML
    language server complete and check it as you type. It never writes over a file.

    \b
    Examples:
      kitbuilder new my-film              (writes kit/my-film.yaml)
      kitbuilder new --event riverside    (writes events/riverside.yaml)
    """
    from kitbuilder.workflow.starter import write_starter

    try:
        path = write_starter("event" if is_event else "kit", name)
    except KitbuilderError as error:
        fail(error)
    click.echo(str(path.relative_to(Path.cwd())))


def single_plan(kit, event_path, print_args: dict):
    """One kit (and event) and the options, for preview and watch."""
    from dataclasses import replace

    options = options_from(None, **print_args)
    return replace(options, event_path=event_path)


@click.command()
@click.argument("kit", type=click.Path(path_type=Path))
@click.option("--event", "-e", "event_path", type=click.Path(path_type=Path), default=None,
              help="Event file that customises the kit for one screening.")
@print_options
def preview(kit, event_path, **print_args):
    """Build, then write a PNG of every page and a contact sheet of each layout next to its PDF.

    \b
    Examples:
      kitbuilder preview kit/last-train-home.yaml
      kitbuilder preview kit/last-train-home.yaml --event events/example-club.yaml --layout handout
    """
    from kitbuilder.build import build_kit
    from kitbuilder.write.preview import write_previews

    options = single_plan(kit, event_path, print_args)
    try:
        result = build_kit(kit, options)
    except KitbuilderError as error:
        fail(error)
    for path in result.outputs:
        click.echo(str(path))
        if path.suffix == ".pdf":
            for picture in write_previews(path):
                click.echo(str(picture))


@click.command()
@click.argument("kit", type=click.Path(path_type=Path))
@click.option("--event", "-e", "event_path", type=click.Path(path_type=Path), default=None,
              help="Event file that customises the kit for one screening.")
@click.option("--preview", "pictures", is_flag=True, help="Also write the PNG pictures after each build.")
@click.option("--serve", is_flag=True, help="Show the pages on a local web page (this computer only) that "
              "reloads itself after each build.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1024, 65535),
              help="The port of the --serve page.")
@print_options
def watch(kit, event_path, pictures, serve, port, **print_args):
    """Build, then rebuild whenever the kit, the event, a layout, a font or the logo is saved.

    One line per build, with its time; a mistake is reported as build reports it and the
    last good PDFs stay. Only the layouts whose files changed are built again. Stop with Ctrl-C.

    \b
    Examples:
      kitbuilder watch kit/my-film.yaml
      kitbuilder watch kit/my-film.yaml --event events/riverside.yaml --layout handout --preview
      kitbuilder watch kit/my-film.yaml --serve      (then open http://127.0.0.1:8000)
    """
    import time

    from kitbuilder.workflow.serve import HOST, Preview, serve as start_server
    from kitbuilder.workflow.watch import watch as watch_files
    from kitbuilder.write.preview import pictures_of, write_previews

    collect_normally()  # a session of hours: the collector as usual
    options = single_plan(kit, event_path, print_args)
    page = Preview(f"kitbuilder: {kit}") if serve else None

    def report(result, error, seconds):
        now = time.strftime("%H:%M:%S")
        if error is not None:
            click.echo(str(error), err=True)
            count = len(error.problems)
            status = f"{now} {count} problem{'s' if count > 1 else ''}; the last good files are kept ({seconds:.2f} s)"
            click.echo(status, err=True)
            if page:
                page.update(None, status + " (see the terminal)")
            return
        if page:
            page.update(pictures_of(result.outputs, result.written), f"{now} built in {seconds:.2f} s")
        elif pictures:
            for path in result.written:
                if path.suffix == ".pdf":
                    write_previews(path)
        made = ", ".join(str(path) for path in result.written)
        click.echo(f"{now} built {made} ({seconds:.2f} s)" if result.written else f"{now} up to date ({seconds:.2f} s)")

    if page:
        try:
            start_server(page, port)
        except OSError as exc:
            fail(KitbuilderError.single(Origin("--port"), f"cannot serve the page on port {port}: "
                                        f"{exc.strerror or exc}", "choose another port, e.g. --port 8001"),
                 "nothing was built")
        click.echo(f"serving the pages at http://{HOST}:{port}/ (this computer only)", err=True)
    click.echo(f"watching {kit}{f' and {event_path}' if event_path else ''}; stop with Ctrl-C", err=True)
    watch_files(kit, options, report)
