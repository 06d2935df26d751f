"""split_index and parse_index."""

from __future__ import annotations

import pytest

from pipeline import clean_text
from stages.index_parse import parse_entry

BODY = "".join(f"Body sentence number {i} talks about nothing much at all.\n" for i in range(40))

ENTRIES = [
    ("lists, 12, 40–44", ("lists", ["12", "40–44"], [], [])),
    ("arrays, 104-6, 221n, 45ff.", ("arrays", ["104-6", "221n", "45ff."], [], [])),
    ("front matter, xii, xiv–xvi", ("front matter", ["xii", "xiv–xvi"], [], [])),
    ("sorting, 7; see also ordering", ("sorting", ["7"], [], ["ordering"])),
    ("caching, see memoization", ("caching", [], ["memoization"], [])),
    ("data . . . . 26", ("data", ["26"], [], [])),
    ("{} (braces)", ("{} (braces)", [], [], [])),
    ("@ (at sign), 88, 90", ("@ (at sign)", ["88", "90"], [], [])),
    ("Python 3, 12", ("Python 3", ["12"], [], [])),
]


@pytest.mark.parametrize(("line", "parsed"), ENTRIES)
def test_parse_entry(line, parsed):
    assert parse_entry(line) == parsed


def test_glued_heading_split_and_parsed():
    text = (
        BODY
        + "The rest you can look up when you need it.Index\n\n"
        + "Symbols\n+=, 29\n{} (braces)\ndictionaries, 92\nsets, 104\n  \n"
        + "A\nalpha, 3\nbeta, 5\n"
    )
    result = clean_text(text)
    assert result.body.rstrip().endswith("when you need it.")
    terms = [e.term for e in result.book.index]
    assert terms == ["+=", "{} (braces)", "alpha", "beta"]
    braces = result.book.index[1]
    assert [s.term for s in braces.subentries] == ["dictionaries", "sets"]
    assert braces.subentries[1].pages == ("104",)


def test_indented_subentries_and_wrapped_locators():
    text = BODY + "Index\n\nbilling\n  exports, 9,\n    11, 13\n  totals, 15\nbudgets, 3\n"
    index = clean_text(text).book.index
    assert [e.term for e in index] == ["billing", "budgets"]
    assert index[0].subentries[0].pages == ("9", "11", "13")


def test_table_of_contents_is_not_an_index():
    toc = "Contents\n\nIntroduction . . . . 1\nSpacing . . . . 9\nIndex . . . . 40\n\n"
    result = clean_text(toc + BODY)
    assert result.book.index == ()
    assert "Introduction" in result.body


def test_no_index_heading_in_prose():
    text = BODY + "Indexes and Lookups\n\nAn index is a sorted copy of some columns.\n"
    assert clean_text(text).book.index == ()


def test_back_matter_after_index_stays_in_body():
    text = (
        BODY
        + "Index\n\nalpha, 3\nbeta, 5\ngamma, 7\n\nBibliography\n\n"
        + "Doe, J. A made-up book about nothing. Nowhere Press, 2001.\n"
    )
    result = clean_text(text)
    assert [e.term for e in result.book.index] == ["alpha", "beta", "gamma"]
    assert "Bibliography" in result.body and "Nowhere Press" in result.body
