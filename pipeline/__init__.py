"""bookclean: clean text extracted from book PDFs into paragraphs and a parsed index.

The Python API::

    from pipeline import clean_text, clean_file
    result = clean_text(open("book.txt").read())
    result.body          # the clean body as one string
    result.book.index    # parsed IndexEntry objects
    result.edits         # the judgement calls, with evidence
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.runner import Result

__version__ = "0.1.0"


def _config(config: dict[str, Any] | str | Path | None, sets: list[str] | None) -> dict[str, Any]:
    from pipeline import config as cfgmod

    if isinstance(config, dict):
        return cfgmod.merge(cfgmod.defaults(), config, "config")
    cfg = cfgmod.load(config, sets)
    return cfg


def clean_text(
    text: str,
    config: dict[str, Any] | str | Path | None = None,
    *,
    name: str = "<text>",
    sets: list[str] | None = None,
) -> Result:
    """Clean extracted text (pages separated by form feeds) and return the Result."""
    from pipeline.inputs import book_from_text
    from pipeline.runner import run

    return run(book_from_text(text, name), _config(config, sets))


def clean_file(
    path: str | Path,
    config: dict[str, Any] | str | Path | None = None,
    *,
    out: str | Path | None = None,
    sets: list[str] | None = None,
) -> Result:
    """Clean one file; when *out* is given, also write ``out/<stem>/`` like the CLI does."""
    from pipeline.inputs import ReadOptions, read_book
    from pipeline.outputs import render_all, write_book
    from pipeline.runner import run

    path = Path(path)
    cfg = _config(config, sets)
    # the config's extract section (engine, thresholds) applies to a PDF as on the CLI
    options = ReadOptions(extract=dict(cfg.get("extract", {})))
    result = run(read_book(path, options=options), cfg)
    if out is not None:
        write_book(render_all(result), Path(out) / path.stem)
    return result


__all__ = ["__version__", "clean_file", "clean_text"]
