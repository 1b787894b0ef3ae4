"""What CLDR says of a language tag is kept in the data cache (model/language.facts), so that a
plain build imports no Babel: the facts read back are Babel's own answers, a damaged or forged
entry is made again, and every path that needs Babel still has it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kitbuilder.labels import SHIPPED
from kitbuilder.model import language
from kitbuilder.source import datacache
from kitbuilder.source.cachefiles import write_entry

TAGS = sorted(set(SHIPPED) | {"en", "en-US", "fr-CA", "zh-CN", "zh-TW", "zh-Hant", "pt-BR", "sr", "ja", "de-AT",
                              "root", "und", "und-FR", "xx", "en-ZZ", "fr_CA", "", "e"})


def babels_answer(tag):
    """The tag's facts straight from Babel, with no cache in between."""
    return language._cldr_facts(tag)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KITBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    language.facts.cache_clear()
    yield tmp_path / "cache" / "data"
    language.facts.cache_clear()


@pytest.mark.parametrize("tag", TAGS)
def test_facts_made_and_read_back_are_babels_answer(cache, tag):
    expected = babels_answer(tag)
    assert language.facts.__wrapped__(tag) == expected  # made
    assert language.facts.__wrapped__(tag) == expected  # read back
    if expected is None:
        with pytest.raises(Exception):
            language.fallbacks(tag)
    else:
        assert language.fallbacks(tag) == expected["fallbacks"]
        assert language.language_of(tag) == expected["language"]


def entry_path(cache, tag):
    [path] = [p for p in cache.glob("language-*.bin")]
    return path


@pytest.mark.parametrize("planted", [
    None,  # 'en' said to be unknown
    {"language": "fr", "fallbacks": ["de"], "named": True},  # another tag's fallbacks
    {"language": "en", "fallbacks": [], "named": True},
    {"language": "en", "fallbacks": ["en", 3], "named": True},
    {"language": "en", "fallbacks": ("en",), "named": True},
    {"language": "en", "fallbacks": ["en"], "named": 1},
    {"language": b"en", "fallbacks": ["en"], "named": True},
    {"language": "en", "fallbacks": ["en"]},
    ["en"],
    "en",
])
def test_a_planted_entry_is_made_again_and_rewritten(cache, planted):
    expected = babels_answer("en")
    assert language.facts.__wrapped__("en") == expected
    path = entry_path(cache, "en")
    found, (key, _) = __import__("kitbuilder.source.cachefiles", fromlist=["read_entry"]).read_entry(
        path, datacache.MAGIC, datacache.MAX_BYTES)
    assert found
    write_entry(path, (key, planted), datacache.MAGIC, datacache.MAX_BYTES, datacache.MAX_FILES)
    assert language.facts.__wrapped__("en") == expected  # the planted value is not used
    assert datacache._read(path, key) == expected  # and the entry is rewritten


def test_a_damaged_entry_is_ignored(cache):
    language.facts.__wrapped__("fr")
    path = entry_path(cache, "fr")
    path.write_bytes(path.read_bytes()[:-5])
    assert language.facts.__wrapped__("fr") == babels_answer("fr")


def test_a_planted_unknown_for_a_known_tag_still_reads_the_language(cache, tmp_path):
    """A kit whose language a forged entry calls unknown is still read as written (no message)."""
    from kitbuilder.diagnostics import Problems

    language.facts.__wrapped__("de")
    path = entry_path(cache, "de")
    key = datacache._read.__globals__["read_entry"](path, datacache.MAGIC, datacache.MAX_BYTES)[1][0]
    write_entry(path, (key, None), datacache.MAGIC, datacache.MAX_BYTES, datacache.MAX_FILES)
    problems = Problems()
    assert language.read_language("de", None, problems) == "de" and not problems


def test_unknown_and_no_language_tags_keep_their_messages(cache):
    from kitbuilder.diagnostics import Problems

    for written, words in (("Frnch", "is not a language tag kitbuilder knows"), ("French", "did you mean 'fr'?"),
                           ("und", "names no particular language"), ("root", "names no particular language")):
        for _ in range(2):  # made, then read back
            language.facts.cache_clear()
            problems = Problems()
            assert language.read_language(written, None, problems) == "en"
            assert words in repr(problems.sorted())


def test_the_babel_source_names_the_installed_babel_without_importing_it():
    program = ("import sys\nfrom kitbuilder.model.language import babel_source\n"
               "print(babel_source()); print('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout.split("\n")
    import babel

    assert out[0].startswith(f"babel {babel.__file__} ") and out[1] == "False"


def test_a_plain_build_imports_no_babel_and_an_event_build_still_writes_dates(tmp_path):
    """With the cache warm, building the seed kit needs no Babel; its event's date is CLDR's."""
    root = Path(__file__).resolve().parent.parent
    program = ("import sys\nfrom kitbuilder.build import BuildOptions, build_kit\n"
               "build_kit(sys.argv[1], BuildOptions(layouts=['handout'], out_dir=sys.argv[2], force=True, workers=1,"
               " event_path=sys.argv[3] if len(sys.argv) > 3 else None))\n"
               "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))")
    env = {**os.environ, "KITBUILDER_CACHE_DIR": str(tmp_path / "cache")}  # the kitbuilder these tests run
    kit = str(root / "kit" / "last-train-home.yaml")

    def run(*more):
        return subprocess.run([sys.executable, "-c", program, kit, str(tmp_path / "out"), *more], capture_output=True,
                              text=True, check=True, env=env, cwd=root).stdout.strip().splitlines()[-1]

    run()  # makes the cache
    assert run() == "[]"
    assert "babel.dates" in run(str(root / "events" / "example-club.yaml"))


def test_the_sections_package_imports_every_module_pkgutil_lists():
    import pkgutil

    from kitbuilder.compose import sections

    listed = {f"{sections.__name__}.{m.name}" for m in pkgutil.iter_modules(sections.__path__)}
    assert listed and listed <= set(sys.modules)
