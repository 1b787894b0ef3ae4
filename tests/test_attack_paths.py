"""Paths written inside a file that the confinement check could not follow: a NUL or
control character (a YAML escape such as "\\u0000"), or symbolic links that loop.
Both crashed with a traceback from Path.resolve(); each is now one located message."""

from __future__ import annotations

import pytest

from conftest import KIT
from hostile import assert_refused, run_child

CASES = {
    # name: (the file's text, what its path names, the command's form)
    "logo": ("logo: {path}\n", "event"),
    "font": ("extends: guide\nfonts:\n  serif:\n    regular: {path}\n", "layout"),
    "extends": ("extends: {path}\n", "layout"),
}


def _command(kind: str, file, out):
    if kind == "event":
        return ("build", KIT, "--event", file, "--layout", "handout", "--out", out)
    return ("build", KIT, "--layout", file, "--out", out)


@pytest.mark.parametrize("what", sorted(CASES))
def test_a_control_character_in_a_path_is_refused(tmp_path, what):
    template, kind = CASES[what]
    file = tmp_path / f"{what}.yaml"
    file.write_text(template.format(path='"a\\u0000.yaml"'))
    out = tmp_path / "out"
    run = run_child(*_command(kind, file, out))
    assert_refused(run, out, words="contains a control character")
    assert f"{what}.yaml:" in run.stderr


@pytest.mark.parametrize("what", sorted(CASES))
def test_a_symbolic_link_loop_is_refused(tmp_path, what):
    template, kind = CASES[what]
    (tmp_path / "one.yaml").symlink_to(tmp_path / "two.yaml")  # .yaml: extends: takes it as a path
    (tmp_path / "two.yaml").symlink_to(tmp_path / "one.yaml")
    file = tmp_path / f"{what}.yaml"
    file.write_text(template.format(path="one.yaml"))
    out = tmp_path / "out"
    run = run_child(*_command(kind, file, out))
    assert_refused(run, out, words="symbolic link that loops back on itself")
    if kind == "layout":
        assert_refused(run_child("validate", "--layout", file), words="loops back on itself")
