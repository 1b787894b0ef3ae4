"""kitbuilder: print-ready film discussion kits from one YAML file per film.

Data flows one way, and the folders show it: load -> validate -> compose -> render -> write.

- ``source/``       reading input files safely: YAML with file:line:col (``yamlsource``,
                    ``yamlchecks``, ``places``), the declared specs (``spec``) and typed field
                    reading by them (``fields``, ``scalars``), the JSON Schema made from them,
                    paths named inside files (``assets``), fonts, SVGs and bitmaps checked before use
- ``model/``        the kit, event and layout models and their loaders (``extends:``, ``--set``);
                    ``model/specs/`` declares every key of the three files, once, as data
- ``labels/``       every word kitbuilder adds to a kit, one YAML file per language
- ``compose/``      the format-neutral document: ``blocks`` (the block tree), one module per
                    section type in ``compose/sections/``, ``document`` (builds the tree)
- ``render/pdf/``   the PDF edition with ReportLab: fonts and glyph checks, styles, markup, the
                    block mapping, the document, imposition
- ``render/html/``  the HTML edition: one self-contained, semantic page from the same tree
- ``write/``        output names inside --out and the atomic write of a build's set of files
- ``units``         lengths, paper sizes, colours and gray: the one copy of each
- ``diagnostics``   problems reported as file:line:col: error + fix
- ``build``         runs the pipeline; ``cli`` is the ``kitbuilder`` command
"""

__version__ = "0.1.0"
