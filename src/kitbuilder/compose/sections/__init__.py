"""One module per section type: what the section shows, in blocks.

Each module registers its composer in :data:`kitbuilder.compose.context.COMPOSERS`
under its section type (and names the label of its default heading, if it has
one); importing this package imports every module in it, so they are all registered.
A new section type is one module here, its declaration under ``section_types:`` in
``model/specs/layout.yaml``, and its mapping in each renderer (``render/pdf/mapping.py``,
``render/html/writer.py``) when it uses a new kind of block.
"""

import importlib
import os

for _name in sorted(os.listdir(__path__[0])):  # the modules pkgutil.iter_modules lists, without importing it
    if _name.endswith(".py") and _name != "__init__.py" and _name[:-3].isidentifier():
        importlib.import_module(f"{__name__}.{_name[:-3]}")
