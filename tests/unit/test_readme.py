"""The README documents every setting and the two commands; .ci/run calls the test command."""

from __future__ import annotations

from pathlib import Path

from settings import Settings

ROOT = Path(__file__).parents[2]


def test_readme_configuration_table_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"`CIVICFUSION_{name.upper()}`" in readme, name


def test_two_commands_and_ci() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text()
    assert "\ndemo:" in makefile and "\ntest:" in makefile


def test_design_note_on_py2neo() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "py2neo is end-of-life" in readme and "4.4" in readme
