"""One module per section type: what the section shows, in blocks.

Each module registers its composer in :data:`kitbuilder.compose.context.COMPOSERS`
under its section type (and names the label of its default heading, if it has
one); importing this package imports every module in it, so they are all registered.
A new section type is one module here, its declaration under ``section_types:`` in
``model/specs/layout.yaml``, and its mapping in each renderer (``render/pdf/mapping.py``,
``render/html/writer.py``) when it uses a new kind of block.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
