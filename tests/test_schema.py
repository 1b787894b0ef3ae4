"""The declarations (src/kitbuilder/model/specs/) and what is made from them: the JSON Schemas
an editor checks files with, the shipped schema files, the README's key table, and
`validate` for a layout alone. The schema and kitbuilder's own checks must agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from kitbuilder.cli import main
from kitbuilder.diagnostics import KitbuilderError
from kitbuilder.model.event import load_event
from kitbuilder.model.kit import load_kit
from kitbuilder.model.layout import load_layout
from kitbuilder.source.json_schema import json_schema, schema_text
from kitbuilder.source.spec import MODELS, load_spec
from kitbuilder.source.spec_tables import TABLE_END, TABLE_START, key_table
from kitbuilder.source.yamlsource import MAPPING, SEQUENCE, load_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_inputs"
SCHEMAS = ROOT / "src" / "kitbuilder" / "schemas"
SHIPPED = {"kit": [ROOT / "kit" / "last-train-home.yaml"], "event": [ROOT / "events" / "example-club.yaml"],
           "layout": sorted((ROOT / "layouts").glob("*.yaml"))}


def as_editor_reads(path: Path):
    """The file's data as JSON, the way an editor's YAML language server sees it (dates as text).

    yaml.safe_load first; a file PyYAML cannot parse (``[Why?]``) is read with kitbuilder's own reader.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        data = _plain(load_file(path, "kit"))
    return json.loads(json.dumps(data, default=str))


def _plain(node):
    if node.kind == MAPPING:
        return {key: _plain(value) for key, value in node.value.items()}
    if node.kind == SEQUENCE:
        return [_plain(item) for item in node.value]
    return node.value


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(name: str, data) -> list[str]:
    return [error.message for error in validator(name).iter_errors(data)]


@pytest.mark.parametrize("name,path", [(name, path) for name, paths in SHIPPED.items() for path in paths],
                         ids=lambda value: value.name if isinstance(value, Path) else value)
def test_the_schema_accepts_every_shipped_file(name, path):
    assert errors(name, as_editor_reads(path)) == []
    assert path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../src/kitbuilder/schemas/{name}.schema.json\n")
    assert (path.parent / f"../src/kitbuilder/schemas/{name}.schema.json").resolve().is_file()


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("mistake", ["unknown-keys", "wrong-types", "missing-required"])
def test_the_schema_rejects_the_mistakes_the_validator_rejects(name, mistake):
    path = CORPUS / f"{name}s" / f"{mistake}.yaml"
    if name == "event" and mistake == "missing-required":
        pytest.skip("an event has no required key")
    assert errors(name, as_editor_reads(path)), path
    load = {"kit": load_kit, "event": load_event, "layout": lambda p: load_layout(str(p))}[name]
    with pytest.raises(KitbuilderError):  # and kitbuilder refuses it too
        load(path)


def test_the_schema_names_the_unknown_key_and_the_wrong_type():
    found = " | ".join(errors("kit", as_editor_reads(CORPUS / "kits" / "unknown-keys.yaml")))
    assert "'titel'" in found and "'sumary'" in found and "'colour'" in found
    found = " | ".join(errors("event", as_editor_reads(CORPUS / "events" / "wrong-types.yaml")))
    assert "'a5'" in found and "'blue'" in found
    found = " | ".join(errors("kit", as_editor_reads(CORPUS / "kits" / "missing-required.yaml")))
    assert "'summary' is a required property" in found and "'director' is a required property" in found


# A few generated cases: each a change to a valid file; the validator and the schema must agree.
KIT_CASES = [
    ({"film": {"year": 1869}}, False), ({"film": {"year": 2024}}, True), ({"film": {"year": "2024x"}}, False),
    ({"film": {"runtime_minutes": 0}}, False), ({"film": {"original_title": None}}, True),
    ({"quote": "Only words."}, True), ({"quote": {"text": None, "attribution": "Nobody"}}, False),
    ({"questions": []}, False), ({"questions": ["One?", {"text": "Two?", "follow_ups": "Why?"}]}, True),
    ({"questions": [{"text": "Two?", "notes": ["a", "b"]}]}, False), ({"facts": ["A fact."]}, True),
    ({"facts": [{"source": "Someone"}]}, False), ({"about": {"name": "x" * 1001}}, False),
    ({"themes": {"items": ["Not a mapping"]}}, False), ({"facilitator": {"notes": ["tip 1", "tip 2"]}}, True),
    ({"summary": None}, False), ({"extra": 1}, False),
]
EVENT_CASES = [
    ({"paper": "a4"}, True), ({"paper": "a5"}, False), ({"accent_color": "#12ab9F"}, True),
    ({"accent_color": "#12ab9"}, False), ({"questions": [1, 2]}, True), ({"questions": [0]}, False),
    ({"agenda": ["Welcome", {"time": "7:00", "item": "Film"}]}, True), ({"agenda": [{"time": "7:00"}]}, False),
    ({"host": None}, True), ({"hots": "x"}, False),
]
LAYOUT_CASES = [
    ({"page": {"margins": "0.75in"}}, True), ({"page": {"margins": 54}}, True), ({"page": {"margins": "2 inches"}}, False),
    ({"page": {"margins": {"top": "1cm", "left": 20}}}, True), ({"page": {"margins": {"middle": "1cm"}}}, False),
    ({"page": {"max_pages": 0}}, False), ({"page": {"imposition": "booklet"}}, True), ({"page": {"orientation": "landscape"}}, False),
    ({"colors": {"brand": "#000000"}}, True), ({"colors": {"brand": "black"}}, False),
    ({"styles": {"body": {"size": 3}}}, False), ({"styles": {"body": {"size": 11, "color": "accent"}}}, True),
    ({"sections": ["summary", {"type": "questions", "columns": 2}]}, True),
    ({"sections": [{"type": "questions", "columns": 5}]}, False), ({"sections": ["summray"]}, False),
    ({"sections": [{"type": "quote", "style": "sidebar"}]}, True), ({"sections": [{"type": "quote", "columns": 2}]}, False),
    ({"labels": {"directed_by": "Réalisé par {film.director}"}}, True), ({"audience": "participant"}, False),
    ({"print": {"bleed": "3mm"}}, True), ({"print": {"bleed": 40}}, False),
    ({"sections": [{"type": "questions", "space_for_notes": 3}, "page_break", "summary"]}, True),
    ({"sections": [{"type": "questions", "space_for_notes": 31}]}, False),
    ({"sections": [{"type": "summary", "keep_together": "yes"}]}, False),
]


def _merged(base: dict, change: dict) -> dict:
    merged = dict(base)
    for key, value in change.items():
        merged[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) \
            else value
    return merged


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _kit_ok(tmp_path: Path, data: dict) -> bool:
    try:
        load_kit(_write(tmp_path / "kit.yaml", data))
    except KitbuilderError:
        return False
    return True


@pytest.mark.parametrize("change,valid", KIT_CASES, ids=lambda v: json.dumps(v)[:40] if isinstance(v, dict) else v)
def test_validator_and_schema_agree_on_kits(change, valid, tmp_path):
    data = _merged(as_editor_reads(SHIPPED["kit"][0]), change)
    assert _kit_ok(tmp_path, data) is valid
    assert (errors("kit", data) == []) is valid


@pytest.mark.parametrize("change,valid", EVENT_CASES, ids=lambda v: json.dumps(v)[:40] if isinstance(v, dict) else v)
def test_validator_and_schema_agree_on_events(change, valid, tmp_path):
    try:
        load_event(_write(tmp_path / "event.yaml", change))
        loaded = True
    except KitbuilderError:
        loaded = False
    assert loaded is valid
    assert (errors("event", change) == []) is valid


@pytest.mark.parametrize("change,valid", LAYOUT_CASES, ids=lambda v: json.dumps(v)[:40] if isinstance(v, dict) else v)
def test_validator_and_schema_agree_on_layouts(change, valid, tmp_path):
    data = {"extends": "handout", **change}
    try:
        load_layout(str(_write(tmp_path / "mine.yaml", data)))
        loaded = True
    except KitbuilderError:
        loaded = False
    assert loaded is valid
    assert (errors("layout", data) == []) is valid


def test_a_layout_that_extends_another_need_not_repeat_required_keys():
    assert errors("layout", {"extends": "guide"}) == []
    assert any("required" in message for message in errors("layout", {"description": "no extends"}))


@pytest.mark.parametrize("name", MODELS)
def test_schema_command_prints_the_shipped_file(name, cli):
    result = cli.invoke(main, ["schema", name])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json_schema(name)
    assert result.output == (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8") == schema_text(name), \
        "the shipped schema is out of date: run python scripts/write_schemas.py"


def test_schema_of_an_unknown_kind_is_a_problem_with_a_fix(cli):
    result = cli.invoke(main, ["schema", "kt"])
    assert result.exit_code == 1, result.output
    assert "schema: error: 'kt' is not a kind of kitbuilder file" in result.output
    assert "fix: did you mean 'kit'?" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ["event", "layout"])
def test_readme_key_tables_are_made_from_the_declaration(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = TABLE_START.format(name=name)
    assert f"{start}\n{key_table(name)}\n{TABLE_END}" in readme, \
        f"the README's {name} table is out of date: run python scripts/write_schemas.py"
    for key in load_spec(name).root.fields:
        assert f"| `{key}`" in readme


def test_validate_checks_a_layout_on_its_own(cli, tmp_path):
    result = cli.invoke(main, ["validate", str(ROOT / "layouts" / "guide.yaml")])
    assert result.exit_code == 0 and "guide.yaml: ok" in result.output
    result = cli.invoke(main, ["validate", "--layout", "handout", "--layout", "booklet"])
    assert result.exit_code == 0 and "booklet: ok" in result.output
    result = cli.invoke(main, ["validate", str(CORPUS / "layouts" / "wrong-types.yaml")])
    assert result.exit_code == 1
    assert "wrong-types.yaml:3:10: error: page.paper must be one of letter, a4" in result.output
    assert "sections[1].columns must be a whole number" in result.output and "Traceback" not in result.output
    result = cli.invoke(main, ["validate"])
    assert result.exit_code == 1 and "--layout" in result.output and "    fix: " in result.output
    kit = tmp_path / "broken-kit.yaml"  # a kit with a YAML mistake is still checked as a kit
    kit.write_text("film:\n  title: [unclosed\nsummary: x\n", encoding="utf-8")
    result = cli.invoke(main, ["validate", str(kit)])
    assert result.exit_code == 1 and "broken-kit.yaml:3:8: error: YAML syntax error" in result.output


def test_every_declared_section_type_has_a_renderer_and_declared_options():
    from kitbuilder.model.layout import COMMON_OPTIONS, SECTION_TYPES

    spec = load_spec("layout")
    assert set(SECTION_TYPES) == set(spec.section_types)
    assert set(COMMON_OPTIONS) == {"heading", "new_page", "start_on_right", "keep_together", "aside", "handed_out"}


@pytest.fixture
def cli():
    from click.testing import CliRunner

    return CliRunner()
