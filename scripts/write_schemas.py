"""Regenerate what is made from the declarations in src/kitbuilder/model/specs/:
the shipped JSON Schemas (src/kitbuilder/schemas/*.schema.json) and the README's
key tables (event and layout files). tests/test_schema.py fails when either is out of date.

    python scripts/write_schemas.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from kitbuilder.source.json_schema import schema_text
from kitbuilder.source.spec import MODELS
from kitbuilder.source.spec_tables import replace_table

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("event", "layout", "project")  # the README's key tables
SCHEMAS = ROOT / "src" / "kitbuilder" / "schemas"


def main() -> int:
    for name in MODELS + ("project",):  # project: kitbuilder.yaml, declared in specs/project.yaml
        (SCHEMAS / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    for name in TABLES:
        text = replace_table(text, name)
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
