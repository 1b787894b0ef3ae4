"""The ``kitbuilder`` command: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KitbuilderError

LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(mm|pt|in|cm)\s*")
UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}


def fail(error: KitbuilderError, outcome: str = "nothing was written") -> None:
    """Print the problems and exit with status 1 (never a traceback)."""
    click.echo(str(error), err=True)
    hidden = getattr(error, "hidden", 0)
    count = len(error.problems) - (1 if hidden else 0) + hidden  # the "N more" line is not a problem
    summary = f"{count} problems" if count > 1 else "1 problem"
    click.echo(f"{summary}; {outcome}.", err=True)
    sys.exit(1)


def parse_setting(ctx, param, values):
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{value}' is not KEY=VALUE (e.g. --set paper=a4)")
        pairs.append((key.strip(), rest))
    return pairs


def parse_bleed(ctx, param, value):
    if value is None:
        return None
    match = LENGTH.fullmatch(value)
    if not match:
        raise click.BadParameter(f"'{value}' is not a length like 3mm or 0.125in")
    points = float(match.group(1)) * UNITS[match.group(2)]
    if points > 36:
        raise click.BadParameter("bleed over 0.5in is more than any printer asks for; a copy shop usually wants 3mm")
    return points


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kitbuilder")
def main():
    """Print-ready discussion kits for film screenings, from one YAML file per film.

    \b
    Example:
      kitbuilder build kit/last-train-home.yaml
    """


@main.command()
@click.argument("kit", type=click.Path(path_type=Path))
@click.option("--layout", "-l", "layouts", multiple=True, metavar="NAME|PATH",
              help="Layout to build (repeatable). Default: handout, guide and facilitator.")
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder for the PDFs; they go to OUT/<kit>/[<event>/]<layout>.pdf.")
@click.option("--event", "-e", "event_path", type=click.Path(path_type=Path), default=None,
              help="Event file that customises the kit for one screening.")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", callback=parse_setting,
              help="Override an event value (paper=a4) or a layout value (colors.accent=#444444). Repeatable.")
@click.option("--bleed", default=None, callback=parse_bleed, metavar="LENGTH",
              help="Add bleed for a copy shop, e.g. 3mm (sets the PDF's TrimBox and BleedBox).")
@click.option("--crop-marks", is_flag=True, help="Draw crop marks outside the trimmed page.")
@click.option("--grayscale", is_flag=True, help="Print every colour as gray, for black-and-white printers.")
def build(kit, layouts, out_dir, event_path, settings, bleed, crop_marks, grayscale):
    """Build the kit's PDFs and print the path of each one written.

    \b
    Examples:
      kitbuilder build kit/last-train-home.yaml
      kitbuilder build kit/last-train-home.yaml --layout handout --out printouts
      kitbuilder build kit/last-train-home.yaml --event events/example-club.yaml --set paper=a4
      kitbuilder build kit/last-train-home.yaml --layout booklet --bleed 3mm --crop-marks
    """
    from .build import DEFAULT_LAYOUTS, BuildOptions, build_kit

    options = BuildOptions(
        layouts=list(layouts) or list(DEFAULT_LAYOUTS), out_dir=out_dir, event_path=event_path,
        settings=list(settings), bleed=bleed, crop_marks=crop_marks, grayscale=grayscale,
    )
    try:
        result = build_kit(kit, options)
    except KitbuilderError as error:
        fail(error)
    for path in result.written:
        click.echo(str(path))


@main.command()
@click.argument("kit", type=click.Path(path_type=Path))
@click.option("--event", "-e", "event_path", type=click.Path(path_type=Path), default=None,
              help="Also check this event file.")
def validate(kit, event_path):
    """Check a kit (and optionally an event file) without rendering.

    \b
    Example:
      kitbuilder validate kit/last-train-home.yaml
    """
    from .build import validate_kit

    try:
        loaded, event = validate_kit(kit, event_path)
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
    from .layout import available_layouts

    layouts = available_layouts()
    width = max(len(name) for name in layouts)
    for name, description in layouts.items():
        click.echo(f"{name.ljust(width)}  {description}")
