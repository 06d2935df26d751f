"""Table tests for rejoin_lines: joins, dehyphenation, and breaks that must stay."""

from __future__ import annotations

import pytest

from pipeline import clean_text


def body(text: str) -> str:
    return clean_text(text).body


def test_wrapped_lines_join():
    text = "This is a paragraph that was wrapped at the\nend of every printed line by the typesetter.\n"
    assert body(text) == (
        "This is a paragraph that was wrapped at the end of every printed line by the typesetter.\n"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("a worked exam-\nple of it.", "a worked example of it."),
        ("the command-\nline tool.", "the command-line tool."),
        ("a well-\nknown fact.", "a well-known fact."),
        ("for self-\nregulation.", "for self-regulation."),
        ("the con-\nfiguration file.", "the configuration file."),
        ("both pre-\nand post-conditions.", "both pre- and post-conditions."),
        ("it stopped—\nthen resumed.", "it stopped—then resumed."),
        ("a soft exam\u00ad\nple here.", "a soft example here."),
    ],
)
def test_line_end_hyphens(lines, expected):
    assert body(lines + "\n") == expected + "\n"


def test_blank_lines_separate_paragraphs():
    text = "First paragraph line one\nand line two.\n\nSecond paragraph.\n"
    assert body(text) == "First paragraph line one and line two.\n\nSecond paragraph.\n"


def test_paragraph_continues_across_page_break():
    text = (
        "Header Of The Book\n\nThe paragraph starts on this page and it keeps going until\n\f"
        "it reaches the next page, where it ends.\n"
    )
    assert "going until it reaches the next page" in body(text)


def test_code_block_keeps_lines():
    text = (
        "Prose before the code that explains it in a sentence.\n\n"
        "    def add(a, b):\n        return a + b\n\n"
        "Prose after.\n"
    )
    out = body(text)
    assert "    def add(a, b):\n        return a + b" in out


def test_list_items_stay_separate():
    text = (
        "Steps to follow:\n\n• open the file and read the\n  header carefully\n"
        "• close it again\n\nThen go on.\n"
    )
    out = body(text)
    assert "• open the file and read the header carefully\n• close it again" in out


def test_heading_is_own_paragraph():
    text = "Chapter 2: Spacing\n\nThe text of the chapter begins here and\ngoes on.\n"
    assert body(text) == "Chapter 2: Spacing\n\nThe text of the chapter begins here and goes on.\n"


def test_short_line_ends_paragraph_without_blank_lines():
    long = "word " * 14
    text = f"{long}\n{long}\n{long}\nshort end.\n{long}\n{long}end.\n"
    out = body(text)
    assert out.count("\n\n") == 1


def test_footnote_does_not_split_a_paragraph_across_pages():
    page1 = (
        "Heading Of The Page\n\nThe argument starts on this page and runs on for a while,\n"
        "as arguments do, and it is not finished when the page ends, so it\n"
        "continues on the next page after the footnote\n\n"
        "1 A footnote about the argument, set at the foot.\n"
    )
    page2 = "that sits at the bottom of this page. It ends here.\n\nA new paragraph.\n"
    out = clean_text(page1 + "\f" + page2).body
    assert "after the footnote that sits at the bottom" in out
    assert "\n\n1 A footnote about the argument, set at the foot.\n\n" in out
