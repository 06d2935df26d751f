"""Inputs that once crashed the fuzzer (fixtures/fuzz-crashes/), kept as regression cases."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from pipeline import clean_text
from pipeline.conservation import check
from pipeline.errors import BookError
from pipeline.outputs import render_index_text
from pipeline.pdf import book_from_pdf

CRASHES = sorted(
    (Path(__file__).resolve().parent.parent / "fixtures" / "fuzz-crashes").glob("*.bin")
)


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name)
def test_crash_input_is_handled(path):
    data = path.read_bytes()
    if path.name.startswith("pdf-"):
        with contextlib.suppress(BookError):
            book_from_pdf(data, path.name)
        return
    text = data.decode("utf-8", "surrogatepass")
    a, b = clean_text(text), clean_text(text)
    assert a.body == b.body
    verdict = check(a.baseline, a.body, render_index_text(a.book.index), a.edits)
    assert verdict["ok"], verdict
