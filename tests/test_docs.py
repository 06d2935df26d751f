"""The README documents every command and stage (sqlite-utils' idea)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import build_parser
from pipeline.registry import get_stages

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_starts_with_the_two_commands():
    head = README.split("\n\n", 3)
    assert "make clean-text" in README[:400] and "make test" in README[:400], head[:2]


def _subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_commands_documented_with_help(command, capsys):
    assert f"bookclean {command}" in README
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0
    assert "example" in capsys.readouterr().out


@pytest.mark.parametrize("stage", sorted(get_stages()))
def test_stages_documented(stage):
    assert f"`{stage}`" in README
