"""The words kitbuilder adds to a kit, one YAML file per language (``en.yaml``, ``fr.yaml``, ...).

A file is named by its BCP 47 tag; English is complete by definition, and every other
file holds exactly its label names, except a region's (``pt-BR``): only those it writes
differently from its language's file. :data:`SHIPPED` lists the languages found here.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
ENGLISH = "en"
# (a file whose name starts with "_" holds other per-language data, not labels)
SHIPPED: tuple[str, ...] = tuple(sorted((p.stem for p in FOLDER.glob("*.yaml") if not p.stem.startswith("_")),
                                       key=lambda tag: (tag != ENGLISH, tag)))


def shipped_file(tag: str) -> Path:
    """The shipped labels file of the language ``tag`` (it may not exist)."""
    return FOLDER / f"{tag}.yaml"
