"""Running one fixture case and normalising what varies between machines."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pipeline import config as cfgmod
from pipeline.inputs import read_book
from pipeline.outputs import render_all
from pipeline.runner import run


def case_config(case: Path) -> dict[str, Any]:
    cfg = cfgmod.defaults()
    # a set's conventions (set.toml beside its cases: where its truth puts footnotes), then
    # the case's own settings
    for toml in (case.parent / "set.toml", case / "case.toml"):
        if toml.exists():
            data = tomllib.loads(toml.read_text(encoding="utf-8"))
            data.pop("case", None)
            cfg = cfgmod.merge(cfg, data, str(toml))
    return cfg


def case_meta(case: Path) -> dict[str, Any]:
    toml = case / "case.toml"
    if toml.exists():
        return tomllib.loads(toml.read_text(encoding="utf-8")).get("case", {})
    return {}


def case_input(case: Path) -> Path:
    for name in ("input.pdf", "input.txt"):
        if (case / name).exists():
            return case / name
    raise FileNotFoundError(f"{case}: no input.txt or input.pdf")


def stable(name: str, text: str) -> str:
    """Drop what legitimately differs between machines: timings, Python and package versions."""
    if name == "report.json":
        data = json.loads(text)
        for stage in data.get("stages", []):
            stage.pop("seconds", None)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if name == "provenance.json":
        data = json.loads(text)
        data["python"] = "*"
        data["packages"] = dict.fromkeys(data.get("packages", {}), "*")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text


def render_case(case: Path) -> dict[str, str]:
    path = case_input(case)
    book = read_book(path, display=f"{case.name}/{path.name}")
    files = render_all(run(book, case_config(case)))
    return {name: stable(name, text) for name, text in files.items()}
