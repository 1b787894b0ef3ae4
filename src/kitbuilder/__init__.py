"""kitbuilder: print-ready film discussion kits from one YAML file per film.

The pipeline runs one way: load -> validate -> compose -> render -> write.

- ``yamlsource``  reads YAML safely into nodes that remember file, line and column
- ``content``     the kit's content model (typed dataclasses) and its loader
- ``event``       the per-screening event model and its loader
- ``layout``      layout definitions (YAML with ``extends:``) and their loader
- ``compose``     picks what a layout shows of a kit for an event
- ``markup``      turns literal user text into safe ReportLab paragraph markup
- ``typefaces``   registers TrueType fonts and checks glyph coverage
- ``sections``    section renderers: content -> ReportLab flowables
- ``document``    the document assembler: page templates, frames, header/footer
- ``printing``    print production: imposition, 2-up, bleed and crop marks
- ``output``      atomic file writing
- ``build``       runs the pipeline for the CLI
"""

__version__ = "0.1.0"
