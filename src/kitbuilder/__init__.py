"""kitbuilder: print-ready film discussion kits from one YAML file per film.

Data flows one way, and the folders show it: load -> validate -> compose -> render -> write.

- ``source/``      reading input files safely: YAML with file:line:col (``yamlsource``,
                   ``yamlchecks``, ``places``), typed field reading (``fields``), paths named
                   inside files (``assets``), fonts, SVGs and bitmaps checked before use
- ``model/``       the kit, event and layout models and their loaders (``extends:``, ``--set``)
- ``compose/``     what a layout shows of a kit for an event
- ``render/pdf/``  ReportLab: fonts and glyph checks, styles, markup, section renderers,
                   the document, imposition
- ``write/``       output names inside --out and the atomic write of a build's set of PDFs
- ``diagnostics``  problems reported as file:line:col: error + fix
- ``build``        runs the pipeline; ``cli`` is the ``kitbuilder`` command
"""

__version__ = "0.1.0"
