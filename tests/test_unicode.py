"""fix_unicode: table tests, with the inputs that must not change."""

from __future__ import annotations

import pytest

from pipeline import clean_text
from stages.unicode_fixes import UnicodeParams, fix_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ghostscript's txtwrite writes a ligature's letters byte-swapped (U+FB01 "fi" as
        # U+6600 U+6900): put right beside Latin letters, at a word's start, middle or end
        ("the \u6600\u6900rst handbook", "the first handbook"),
        ("a di\u6600\u6600erence of \u6600\u6600\u6900ve", "a difference of ffive"),
        ("the o\u6600\u6600", "the off"),
        ("a \u6600\u6c00ask", "a flask"),
        # must not change: Chinese text, an ideograph alone, others beside Latin letters
        ("\u4e2d\u6587\u6587\u672c", "\u4e2d\u6587\u6587\u672c"),
        ("\u6600\u6900 alone", "\u6600\u6900 alone"),
        ("Peking \u5317\u4eac", "Peking \u5317\u4eac"),
        ("x\u4e2dy", "x\u4e2dy"),
        ("\u2200x \u2208 A", "\u2200x \u2208 A"),
    ],
)
def test_byte_swapped_letters(text, expected):
    assert fix_line(text, UnicodeParams())[0] == expected


def test_byte_swapped_letters_are_logged_as_mojibake():
    res = clean_text("Write the \u6600\u6900gures in the register first.\n")
    assert "Write the figures in the register first." in res.body
    (edit,) = [e for e in res.edits if e.rule == "mojibake"]
    assert edit.evidence["fixes"] == ["byte_swapped"]
