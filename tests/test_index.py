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
    ("consideration, 61 ff.", ("consideration", ["61 ff."], [], [])),
    ("dehydration, 211–214, 213t, 88b", ("dehydration", ["211–214", "213t", "88b"], [], [])),
    ("postal rule, 54–57 passim", ("postal rule", ["54–57 passim"], [], [])),
    ("catch limits, 168 ff.; see also quotas", ("catch limits", ["168 ff."], [], ["quotas"])),
    # must not change: a year in a term, a letter after a comma, a word ending in t
    ("Acts of 1832, see reform", ("Acts of 1832", [], ["reform"], [])),
    ("Smith, t", ("Smith, t", [], [], [])),
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


def _index_tree(text: str) -> list[tuple]:
    def walk(e, depth):
        yield (depth, e.term, list(e.pages), list(e.see_also))
        for sub in e.subentries:
            yield from walk(sub, depth + 1)

    return [x for e in clean_text(BODY + text).book.index for x in walk(e, 0)]


def test_run_in_subentries_after_semicolons():
    tree = _index_tree(
        "Index\n\nA\nacceptance, 46–58; by conduct, 53; communication of, 52–53;\n"
        "counter-offer distinguished, 51, 60n7; postal rule, 54–57\n"
        "counter-offer, 51; see also acceptance\nwar, 12; 45\n"
        "P\npostal rule, 54–57 passim; criticism of, 55n4; see also offer\n"
    )
    assert tree == [
        (0, "acceptance", ["46–58"], []),
        (1, "by conduct", ["53"], []),
        (1, "communication of", ["52–53"], []),
        (1, "counter-offer distinguished", ["51", "60n7"], []),
        (1, "postal rule", ["54–57"], []),
        (0, "counter-offer", ["51"], ["acceptance"]),
        (0, "war", ["12", "45"], []),  # locators split by a semicolon: no run-in entry
        (0, "postal rule", ["54–57 passim"], ["offer"]),
        (1, "criticism of", ["55n4"], []),
    ]


def test_continued_head_resumes_its_entry():
    tree = _index_tree(
        "Index\n\njoints\n  bridle, 118\n  halving, 115\n\f"
        "joints (cont.)\n  mortise and tenon, 102–105\n  tongue and groove, 150\n"
        "sharpening, 22–33\n"
    )
    assert [(d, t) for d, t, *_ in tree] == [
        (0, "joints"),
        (1, "bridle"),
        (1, "halving"),
        (1, "mortise and tenon"),
        (1, "tongue and groove"),
        (0, "sharpening"),
    ]


def test_last_entry_with_a_range_ending_on_the_page_number_stays():
    pages = [f"{BODY}\n{40 + n}\n" for n in range(1, 4)]
    index = "Index\n\nbounded sequence, 36, 43\nmonotone sequence, 41–44\nrecursion, 43–44\n"
    result = clean_text("\f".join([*pages, index]))
    assert [e.term for e in result.book.index][-1] == "recursion"
