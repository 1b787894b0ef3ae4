"""The command line's words made into the library's options, and its mistakes reported.

Shared by the commands in :mod:`kitbuilder.cli` and :mod:`kitbuilder.cli_workflow`: every
mistake prints ``where: error: ...`` and ``    fix: ...`` and exits with status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean


def fail(error: KitbuilderError, outcome: str = "nothing was written") -> None:
    """Print the problems and exit with status 1 (never a traceback).

    When some PDFs were written all the same (``error.written``: the layouts that fit),
    the last line names them instead of saying nothing was written.
    """
    written = getattr(error, "written", None)
    for path in (written or []) + getattr(error, "up_to_date", []):
        click.echo(str(path))
    click.echo(str(error), err=True)
    hidden = getattr(error, "hidden", 0)
    count = len(error.problems) - (1 if hidden else 0) + hidden  # the "N more" line is not a problem
    summary = f"{count} problems" if count > 1 else "1 problem"
    if written:
        outcome = f"written: {', '.join(str(p) for p in written)}; no other file was changed"
    click.echo(f"{summary}; {outcome}.", err=True)
    sys.exit(1)


# The ``kitbuilder`` program (run(), never a caller of main() or the library) lets the garbage
# collector look for cycles only after 100,000 new objects instead of 700: a build makes few
# cycles, and the collections a command of a few hundred milliseconds would otherwise run
# (over 100, through every module and font just loaded) cost it ~10 ms. Memory stays bounded:
# a collection still comes after every 100,000 objects. A command that runs long (watch) or
# builds many (a batch) puts the collector back as it was before it starts.
RARELY = 100_000
_before: tuple[int, ...] | None = None  # the thresholds run() found; None: never changed


def collect_rarely() -> None:
    """The collector's first threshold raised to :data:`RARELY` (for run() only)."""
    import gc

    global _before
    if _before is None:
        _before = gc.get_threshold()
    gc.set_threshold(RARELY, *_before[1:])


def collect_normally() -> None:
    """The collector as it was before :func:`collect_rarely` (nothing to do if never called)."""
    import gc

    if _before is not None:
        gc.set_threshold(*_before)


def parse_settings(values, problems: Problems) -> list[tuple[str, str]]:
    """``--set KEY=VALUE`` pairs; a value without ``=`` is a problem (exit 1, like any mistake)."""
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            problems.add(Origin("--set"), f"'{value}' is not KEY=VALUE",
                         "write the key, '=' and the value, e.g. --set paper=a4")
            continue
        pairs.append((key.strip(), rest))
    return pairs


def parse_bleed(value: str | None, problems: Problems) -> float | None:
    if value is None:
        return None
    from kitbuilder.source.spec import load_spec
    from kitbuilder.units import length_points

    points = length_points(value)
    if points is None or points < 0:
        problems.add(Origin("--bleed"), f"'{value}' is not a length",
                     "give a number and a unit (mm, cm, in or pt), e.g. --bleed 3mm or --bleed 0.125in")
        return None
    most = load_spec("layout").at("print.bleed").max  # the layout's print.bleed allows the same
    if points > most:
        problems.add(Origin("--bleed"), f"a bleed of {value.strip()} is more than any printer asks for "
                     f"(at most {most / 72:g}in)", "a copy shop usually wants 3mm: --bleed 3mm")
        return None
    return points


def parse_formats(value: str, known: tuple[str, ...], problems: Problems) -> tuple[str, ...]:
    """``--format pdf,html``: the formats, each once, in the order given."""
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not names:
        problems.add(Origin("--format"), f"'{value}' names no format",
                     f"choose from {', '.join(known)}, e.g. --format pdf,html")
    for name in names:
        if name not in known:
            problems.add(Origin("--format"), f"'{name}' is not a format kitbuilder writes",
                         did_you_mean(name, known) or f"choose from {', '.join(known)}, e.g. --format pdf,html")
    return tuple(dict.fromkeys(name for name in names if name in known))


class Commands(click.Group):
    """The command group; a mistake on the command line (a missing argument, an unknown option)
    is reported like any other mistake, with a fix, and exits with status 1 (Click's own is 2)."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:  # --help, --version
            sys.exit(done.exit_code)
        except click.exceptions.NoArgsIsHelpError as error:  # 'kitbuilder' alone: its help
            click.echo(error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            context = error.ctx
            command = context.command_path if context is not None else "kitbuilder"
            click.echo(f"{command}: error: {error.format_message()}", err=True)
            click.echo(f"    fix: see '{command} --help' for what it takes, with examples", err=True)
            sys.exit(1)
        except click.ClickException as error:
            click.echo(f"kitbuilder: error: {error.format_message()}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)


def print_options(function):
    """The options every command that builds takes (build, preview, watch)."""
    options = [
        click.option("--layout", "-l", "layouts", multiple=True, metavar="NAME|PATH",
                     help="Layout to build (repeatable). Default: handout, guide and facilitator."),
        click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=None,
                     help="Folder for the PDFs (default: output); they go to OUT/<kit>/[<event>/]<layout>.pdf."),
        click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
                     help="Override an event value (paper=a4) or a layout value (colors.accent=#444444). Repeatable."),
        click.option("--bleed", default=None, metavar="LENGTH",
                     help="Add bleed for a copy shop, e.g. 3mm (sets the PDF's TrimBox and BleedBox)."),
        click.option("--crop-marks", is_flag=True, help="Draw crop marks outside the trimmed page."),
        click.option("--grayscale", is_flag=True, help="Print every colour as gray, for black-and-white printers."),
        click.option("--format", "-f", "formats", default=None, metavar="pdf|html|pdf,html",
                     help="What to write of each layout (default: pdf): PDF, a self-contained HTML page (to read on "
                          "screen, with a screen reader, or to put on a web page), or both."),
        click.option("--force", is_flag=True, help="Rebuild every file, even those whose inputs have not changed."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def options_from(project, *, layouts, out_dir, settings, bleed, crop_marks, grayscale, formats, force):
    """The build options from the command line (and the project file, when one is used); exit 1 on a mistake."""
    from kitbuilder.build import FORMATS
    from kitbuilder.workflow.project import build_options

    problems = Problems()
    pairs = parse_settings(settings, problems)
    bleed = parse_bleed(bleed, problems)
    chosen = parse_formats(formats, FORMATS, problems) if formats is not None else ()
    try:
        problems.raise_if_any()
    except KitbuilderError as error:
        fail(error)
    return build_options(project, layouts=layouts, out_dir=out_dir, settings=pairs, bleed=bleed,
                         crop_marks=crop_marks, grayscale=grayscale, formats=chosen, force=force)
