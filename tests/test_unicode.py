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


MARKDOWN = (
    "# The Orchard Almanac\n\n"
    "## **1 The Orchard Year**\n\n"
    "The orchard was planted in the winter of 2004 on a field behind the school.<sup>1</sup>\n\n"
    "> 1Membership costs _five_ pounds a year.\n\n"
    "| Variety | Use |\n|---|---|\n| Fennick Pippin | dessert |\n\n"
    "## **2 Grafting**\n\n"
    "Every tree in the orchard is a graft, bound with tape and sealed with wax.\n\n"
    "## **Index**\n\n"
    "apple, 3\n\ncider, 4\n\ngrafting, 2\n\npears, 3\n\npruning, 1–2\n\nwax, 2\n"
)


def test_markdown_marks_come_off_and_the_structure_they_carry_is_read():
    res = clean_text(MARKDOWN)
    assert res.body.startswith("The Orchard Almanac\n\n1 The Orchard Year\n\n")
    assert "behind the school.1\n" in res.body and "1Membership costs five pounds" in res.body
    assert "Variety Use\nFennick Pippin dessert\n" in res.body and "---" not in res.body
    assert "#" not in res.body and "**" not in res.body and "<sup>" not in res.body
    assert [e["term"] for e in res.index] == [
        "apple",
        "cider",
        "grafting",
        "pears",
        "pruning",
        "wax",
    ]
    (edit,) = [e for e in res.edits if e.rule == "markdown_input"]
    assert edit.evidence["headings"] == 4


@pytest.mark.parametrize(
    "text",
    [
        # a plain book with code: its comments and its stars stay
        "Set the logger up first.\n\n    # set up the logger\n    log = setup(**kwargs)\n"
        "    # then the handler\n    h = Handler(*args)\n\nThe snake_case_names stay too.\n",
        # one heading marked with #, nothing else of Markdown
        "# Notes\n\nThe **rule** is kept as the author typed it, with its stars.\n",
    ],
)
def test_text_that_is_no_markdown_keeps_its_marks(text):
    res = clean_text(text)
    assert not [e for e in res.edits if e.rule == "markdown_input"]
    for mark in ("# ", "**", "snake_case"):
        assert (mark in res.body) == (mark in text)
