"""The ``kitbuilder`` command: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kitbuilder import __version__
from kitbuilder.diagnostics import KitbuilderError, Origin, Problems, did_you_mean


def fail(error: KitbuilderError, outcome: str = "nothing was written") -> None:
    """Print the problems and exit with status 1 (never a traceback).

    When some PDFs were written all the same (``error.written``: the layouts that fit),
    the last line names them instead of saying nothing was written.
    """
    written = getattr(error, "written", None)
    for path in written or []:
        click.echo(str(path))
    click.echo(str(error), err=True)
    hidden = getattr(error, "hidden", 0)
    count = len(error.problems) - (1 if hidden else 0) + hidden  # the "N more" line is not a problem
    summary = f"{count} problems" if count > 1 else "1 problem"
    if written:
        outcome = f"written: {', '.join(str(p) for p in written)}; no other file was changed"
    click.echo(f"{summary}; {outcome}.", err=True)
    sys.exit(1)


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
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="Override an event value (paper=a4) or a layout value (colors.accent=#444444). Repeatable.")
@click.option("--bleed", default=None, metavar="LENGTH",
              help="Add bleed for a copy shop, e.g. 3mm (sets the PDF's TrimBox and BleedBox).")
@click.option("--crop-marks", is_flag=True, help="Draw crop marks outside the trimmed page.")
@click.option("--grayscale", is_flag=True, help="Print every colour as gray, for black-and-white printers.")
@click.option("--format", "-f", "formats", default="pdf", show_default=True, metavar="pdf|html|pdf,html",
              help="What to write of each layout: PDF, a self-contained HTML page (to read on screen, "
                   "with a screen reader, or to put on a web page), or both.")
def build(kit, layouts, out_dir, event_path, settings, bleed, crop_marks, grayscale, formats):
    """Build the kit's PDFs and print the path of each one written.

    \b
    Examples:
      kitbuilder build kit/last-train-home.yaml
      kitbuilder build kit/last-train-home.yaml --layout handout --out printouts
      kitbuilder build kit/last-train-home.yaml --event events/example-club.yaml --set paper=a4
      kitbuilder build kit/last-train-home.yaml --layout booklet --bleed 3mm --crop-marks
      kitbuilder build kit/last-train-home.yaml --format pdf,html
    """
    from kitbuilder.build import DEFAULT_LAYOUTS, FORMATS, BuildOptions, build_kit

    problems = Problems()
    pairs = parse_settings(settings, problems)
    bleed = parse_bleed(bleed, problems)
    chosen = parse_formats(formats, FORMATS, problems)
    try:
        problems.raise_if_any()
        options = BuildOptions(
            layouts=list(layouts) or list(DEFAULT_LAYOUTS), out_dir=out_dir, event_path=event_path,
            settings=pairs, bleed=bleed, crop_marks=crop_marks, grayscale=grayscale, formats=chosen,
        )
        result = build_kit(kit, options)
    except KitbuilderError as error:
        fail(error)
    for path in result.written:
        click.echo(str(path))


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
    from kitbuilder.build import validate_kit, validate_layout_files
    from kitbuilder.model.layout import is_layout_file

    if kit is None and not layouts:
        raise click.UsageError("name a kit file to check, or a layout with --layout")
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


SCHEMA_MODELS = ("kit", "event", "layout")


@main.command()
@click.argument("model", metavar="kit|event|layout")
def schema(model):
    """Print the JSON Schema of a kit, event or layout file, for editors that check YAML as you type.

    \b
    Example:
      kitbuilder schema kit > kit.schema.json
      (then start your kit with: # yaml-language-server: $schema=kit.schema.json)
    """
    from kitbuilder.source.json_schema import schema_text

    if model not in SCHEMA_MODELS:
        fail(KitbuilderError.single(Origin("schema"), f"'{model}' is not a kind of kitbuilder file",
                                    did_you_mean(model, SCHEMA_MODELS) or "write kit, event or layout"),
             "nothing was printed")
    click.echo(schema_text(model), nl=False)
