"""split_index and parse_index."""

from __future__ import annotations

import pytest

from pipeline import clean_text
from stages.index_parse import parse_entry
from stages.index_shapes import LOCS_ONLY_RE, index_likeness, is_entry_line
from stages.index_split import SplitIndexParams

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
    # section-number locators and numbered elements, as printed, with their qualifiers
    ("arrival rate, 3.2, 3.2.1", ("arrival rate", ["3.2", "3.2.1"], [], [])),
    ("exponential service, 3.2.1, 3.3ff.", ("exponential service", ["3.2.1", "3.3ff."], [], [])),
    ("Little's law, 3.2.1 (Ex. 3.6), 3.4", ("Little's law", ["3.2.1 (Ex. 3.6)", "3.4"], [], [])),
    ("waiting, perception of, Box 3.1", ("waiting, perception of", ["Box 3.1"], [], [])),
    ("service rate, 3.2; see also utilisation", ("service rate", ["3.2"], [], ["utilisation"])),
    ("queues, 4.1–4.3, Table 4.2", ("queues", ["4.1–4.3", "Table 4.2"], [], [])),
    ("knots, 12 (fig. 3), 14", ("knots", ["12 (fig. 3)", "14"], [], [])),
    ("timetable, 75; see also Table 4.1", ("timetable", ["75"], [], ["Table 4.1"])),
    # chapter-figure numbers, annexes and a word qualifier after a locator, as printed
    ("multi-point, 3.2.4; Fig. 3-2", ("multi-point", ["3.2.4", "Fig. 3-2"], [], [])),
    ("unsuitable, 3.2.4 (Warning)", ("unsuitable", ["3.2.4 (Warning)"], [], [])),
    ("breaking strength, 3.1.3, Annex B", ("breaking strength", ["3.1.3", "Annex B"], [], [])),
    # plates and figures abbreviated in lower case or plural, a note number after a dot
    ("quince pictures, 40–43, pls. 14–17", ("quince pictures", ["40–43", "pls. 14–17"], [], [])),
    (
        "Ghent, private collection, 40, pl. 14",
        ("Ghent, private collection", ["40", "pl. 14"], [], []),
    ),
    ("clove hitch, 73, fig. 5.6", ("clove hitch", ["73", "fig. 5.6"], [], [])),
    ("Ancona, 152, 160n.4, 42n16", ("Ancona", ["152", "160n.4", "42n16"], [], [])),
    # a cross-reference to a name ending in an initial keeps the initial's period
    ("Houtte, H. van. See Van Houtte, H.", ("Houtte, H. van", [], ["Van Houtte, H."], [])),
    ("Kessler, 4. See also Smith, J. R.", ("Kessler", ["4"], [], ["Smith, J. R."])),
    # an entry that ends in a name's initial keeps its period before a reference or alone
    ("Tate, R. See Bramwell, S.", ("Tate, R.", [], ["Bramwell, S."], [])),
    ("Lund, J. P. See also Alder, J.", ("Lund, J. P.", [], [], ["Alder, J."])),
    ("Cowell, M.", ("Cowell, M.", [], [], [])),
    # must not change: a letter that is no initial, a period after locators
    ("vitamin C. See ascorbic acid", ("vitamin C", [], ["ascorbic acid"], [])),
    ("Group A.", ("Group A", [], [], [])),
    ("Alder, J., 188.", ("Alder, J.", ["188"], [], [])),
    # must not change: the entry's closing period after a reference, in or out of parentheses
    ("pots. See jars.", ("pots", [], ["jars"], [])),
    ("abbots, 12 (see also monks).", ("abbots", ["12"], [], ["monks"])),
    # must not change: a note locator at the entry's closing period, a word like figs
    ("arrays, 45n.", ("arrays", ["45n"], [], [])),
    ("figs, dried, 12", ("figs, dried", ["12"], [], [])),
    ("Plates, The, 4", ("Plates, The", ["4"], [], [])),
    # must not change: an appendix as a term, a word qualifier of a term
    ("Appendix A, 34", ("Appendix A", ["34"], [], [])),
    ("Hale, Margaret (sister), 12", ("Hale, Margaret (sister)", ["12"], [], [])),
    # must not change: a version or a figure in a term, a qualifier that is no locator's
    ("Python 3.8, 12", ("Python 3.8", ["12"], [], [])),
    ("Orwell (1984 edition), 5", ("Orwell (1984 edition)", ["5"], [], [])),
    # remark numbers: a range from a whole number, a range to one, a note on a remark
    ("attention, 4–4.71", ("attention", ["4–4.71"], [], [])),
    ("child, 4.5–4.52, 4.52n", ("child", ["4.5–4.52", "4.52n"], [], [])),
    ("remarks, 4.7–5, 5.1n2", ("remarks", ["4.7–5", "5.1n2"], [], [])),
    # must not change: a range with a decimal inside a term, and alone
    ("doses of 2–2.5 ml, 14", ("doses of 2–2.5 ml", ["14"], [], [])),
    ("version 2–2.5", ("version 2–2.5", [], [], [])),
    # a gazetteer's map square after the pages, as a locator
    ("Tolland Sands, beach, 8; map D2", ("Tolland Sands, beach", ["8", "map D2"], [], [])),
    ("Ravel Crag, xi, 14–15, map AB12", ("Ravel Crag", ["xi", "14–15", "map AB12"], [], [])),
    # must not change: a map in a term, a map square with no space, a lower-case square
    ("Map B3 (the survey), 12", ("Map B3 (the survey)", ["12"], [], [])),
    ("harbours, mapB3", ("harbours, mapB3", [], [], [])),
    ("harbours, map b3", ("harbours, map b3", [], [], [])),
    # an index of first lines and titles: a first line closed by a stop, a title with its
    # article put after it, each with its number one space after it
    ("Gulls wheel over the quay. 12", ("Gulls wheel over the quay.", ["12"], [], [])),
    ("Harbour Wall, The 9", ("Harbour Wall, The", ["9"], [], [])),
    # must not change: a short title, a year closing a short term
    ("Dr. No 7", ("Dr. No 7", [], [], [])),
    ("reform of 1832. 4", ("reform of 1832. 4", [], [], [])),
    # a range whose dash ASCII or OCR writes as two hyphens
    ("fog signal, 2--3", ("fog signal", ["2--3"], [], [])),
    ("lighthouse, 1--3, 12--14", ("lighthouse", ["1--3", "12--14"], [], [])),
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


@pytest.mark.parametrize(
    ("heading", "found"),
    [
        # an index whose title names a second part with it
        ("Glossary and Index", True),
        ("INDEX AND CONCORDANCE", True),
        ("Index & Gazetteer", True),
        # must not change: a title of other parts, a phrase in lower case, an entry
        ("Maps and Tables", False),
        ("tables and index", False),
        ("Ledger and Index, 4", False),
    ],
)
def test_index_title_paired_with_another_part(heading, found):
    entries = "Arkwell Bay, cove, 3\nbarges, 5, 7\nBrindle Point, 2\ncanals, 6\n"
    note = "Places are listed with the pages on which they are described.\n\n"
    result = clean_text(BODY + f"{heading}\n\n{note}{entries}")
    assert [e.term for e in result.book.index] == (
        ["Arkwell Bay, cove", "barges", "Brindle Point", "canals"] if found else []
    )
    assert ("Places are listed" in result.body) is not found


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
        "counter-offer, 51; see also acceptance\n"
        "P\npostal rule, 54–57 passim; criticism of, 55n4; see also offer\nW\nwar, 12; 45\n"
    )
    assert tree == [
        (0, "acceptance", ["46–58"], []),
        (1, "by conduct", ["53"], []),
        (1, "communication of", ["52–53"], []),
        (1, "counter-offer distinguished", ["51", "60n7"], []),
        (1, "postal rule", ["54–57"], []),
        (0, "counter-offer", ["51"], ["acceptance"]),
        (0, "postal rule", ["54–57 passim"], ["offer"]),
        (1, "criticism of", ["55n4"], []),
        (0, "war", ["12", "45"], []),  # locators split by a semicolon: no run-in entry
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


HEADNOTES = [
    # a headnote over two lines (mutool: blank lines anywhere), then entries
    (
        "Index of Topics\n\nReferences are to the numbered remarks, not to pages; n after a "
        "number\nrefers to the editor’s note on that remark.\n\nattention, 4–4.71\n\n"
        "as a beam, 4.2–4.21\ndivided, 4.7, 4.71\nbirdwatcher, 4.22\nchild, 4.5–4.52, 4.52n\n"
        "\ndirecting attention, 4.21\n\nears, 4.221\n",
        ["References are to the numbered remarks, not to pages; n after a number",
         "refers to the editor’s note on that remark."],
        [(0, "attention"), (1, "as a beam"), (1, "divided"), (0, "birdwatcher"), (0, "child"),
         (0, "directing attention"), (0, "ears")],
    ),
    # two sentences on lines of their own, the second in parentheses
    (
        "Index\n\nPage numbers in italic refer to figures.\n(Plates are listed on p. xi.)\n"
        "abbey, 3\nabbots, 5\nbells, 7\n",
        ["Page numbers in italic refer to figures.", "(Plates are listed on p. xi.)"],
        [(0, "abbey"), (0, "abbots"), (0, "bells")],
    ),
    # must not change: a first entry that ends in a period, a cross-reference or its
    # locators on the next line; a head term and its sub-entry
    (
        "Index\n\nbeam, picture of. See attention: as a beam.\nattention, 4\nbirdwatcher, 5\n"
        "child, 7\n",
        [],
        [(0, "beam, picture of"), (0, "attention"), (0, "birdwatcher"), (0, "child")],
    ),
    (
        "Index\n\nAbbey of St Mary\nat York, 3\nabbots, 5\nbells, 7\nclocks, 9\n",
        [],
        [(0, "Abbey of St Mary"), (1, "at York"), (0, "abbots"), (0, "bells"), (0, "clocks")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "notes", "shape"), HEADNOTES)
def test_index_headnote_is_no_entry(text, notes, shape):
    result = clean_text(BODY + text)
    edits = [e.before for e in result.edits if e.stage == "parse_index" and e.rule == "index_note"]
    assert edits == notes
    assert [(d, t) for d, t, *_ in _index_tree(text)] == shape


def test_first_entry_ending_in_a_period_with_its_locators_turned_over_is_kept():
    index = "Index\n\nAberdeen, Earl of, Foreign Secretary and Prime Minister.\n12, 40\nabbots, 5\n"
    result = clean_text(BODY + index + "bells, 7\nclocks, 9\n")
    assert result.book.index[0].term.startswith("Aberdeen, Earl of")
    assert not [e for e in result.edits if e.rule == "index_note"]


def _shape(text: str) -> list[tuple[int, str]]:
    return [(d, t) for d, t, *_ in _index_tree("Index\n\n" + text)]


FLAT_INDEXES = [
    # (probe29 carrowmoths, PyMuPDF text) a head's first sub-entry that goes on in the main
    # order, then one worded as a sub-entry, then a main entry that sorts between the head
    # and the first: both are the head's (before, "in folklore" took the six entries after)
    (
        "Brackenlow, 7\nCarrow Lantern, 5\nhindwing spot, 5\nin folklore, 5\nclearwings, 9\n"
        "collecting, 4\nEmber Lantern, 5\n",
        [(0, "Brackenlow"), (0, "Carrow Lantern"), (1, "hindwing spot"), (1, "in folklore"),
         (0, "clearwings"), (0, "collecting"), (0, "Ember Lantern")],
    ),
    # sub-entries filed by year under a bare head: a year before a smaller page number is
    # a term, not a turnover of locators, and the dated run goes on
    (
        "looms, 52, 60\nmills, 12\nshuttles, 53\nstrikes\n1959, 54–55\n1974, 118–120\n"
        "tacklers, 53, 54\n",
        [(0, "looms"), (0, "mills"), (0, "shuttles"), (0, "strikes"), (1, "1959"), (1, "1974"),
         (0, "tacklers")],
    ),
    # sub-entries without indentation under a head WITH locators: the order restarts
    (
        "dyeing, 10–18\nby colour, 12\nby weight, 14\nwith solvents, 17\ndyes, 20\n",
        [(0, "dyeing"), (1, "by colour"), (1, "by weight"), (1, "with solvents"), (0, "dyes")],
    ),
    # an entry out of order by its first letter that goes on in order after the sub-entry
    # before it is one more sub-entry, though the next breaks the sub-entries' order
    (
        "memory, 4.4\nnoticing, 4.1–4.12\ncases of, 4.3–4.32\ndepends on preparation, 4.22\n"
        "as an act, 4.11, 4.41\noverlooking, 4.12\n",
        [(0, "memory"), (0, "noticing"), (1, "cases of"), (1, "depends on preparation"),
         (1, "as an act"), (0, "overlooking")],
    ),
    (
        "lime, 4\nmortar, 10–18\nbatching of, 12\ncuring, 14\nas a binder, 17\nnails, 20\n",
        [(0, "lime"), (0, "mortar"), (1, "batching of"), (1, "curing"), (1, "as a binder"),
         (0, "nails")],
    ),
    # remark numbers with notes and ranges from a whole number are locators: heads with
    # locators of their own, and no sub-entries under them
    (
        "attention, 4–4.71\nas a beam, 4.2–4.21\nchild, 4.5–4.52, 4.52n\n"
        "directing attention, 4.21\npoetry, 4.31, 4.32n\nproof-reading, 4.12\nteacher, 4.5\n",
        [(0, "attention"), (1, "as a beam"), (0, "child"), (0, "directing attention"),
         (0, "poetry"), (0, "proof-reading"), (0, "teacher")],
    ),
    # a sub-entry that continues the main sequence, proven by the next entry
    (
        "harbour dues, 5\nladders, 30–36\nfitting, 31\nhooks for, 33\nstorage, 35\nlanterns, 40\n",
        [(0, "harbour dues"), (0, "ladders"), (1, "fitting"), (1, "hooks for"), (1, "storage"),
         (0, "lanterns")],
    ),
    # a head without locators takes the next lines while the main order needs it, no more
    (
        "glazes\nash, 4\nceladon, 6\nkilns, 8, 12\nmoulds, 20\n",
        [(0, "glazes"), (1, "ash"), (1, "celadon"), (0, "kilns"), (0, "moulds")],
    ),
    # letter groups: the sub-entry leaves its group and breaks the order
    (
        "M\nmortar, 3–9\nlime, 4\nportland, 7\nmosaics, 11\nN\nniches, 15\n",
        [(0, "mortar"), (1, "lime"), (1, "portland"), (0, "mosaics"), (0, "niches")],
    ),
    # sub-entries filed past a leading preposition (by equality, with instanceof, by truthiness)
    (
        "narrowing, 86–93\nby equality, 87\nwith instanceof, 88\nby truthiness, 87\nnever, 89\n",
        [(0, "narrowing"), (1, "by equality"), (1, "with instanceof"), (1, "by truthiness"),
         (0, "never")],
    ),
    # a head with only a see-also line still takes sub-entries that continue the order
    (
        "bolts\nsee also fasteners\nclose-tolerance, 50\nturning, 51\nbrackets, 60\n",
        [(0, "bolts"), (1, "close-tolerance"), (1, "turning"), (0, "brackets")],
    ),
    # an entry that only refers elsewhere has no sub-entries
    (
        "cabbage, 3\nchicken stock, see stock\nabalone, 7\nacorns, 9\ncress, 10\n",
        [(0, "cabbage"), (0, "chicken stock"), (0, "abalone"), (0, "acorns"), (0, "cress")],
    ),
    # a cross-reference names a main entry: no sub-entry of the entry before
    (
        "varnish, 5. See also shellac\nshellac, 9\nveneer, 12\n",
        [(0, "varnish"), (0, "shellac"), (0, "veneer")],
    ),
    # a lone sub-entry outside its letter group, where no lost letter heading explains it
    (
        "D\ndrills, 30–34\ntwist bits, 31\nE\nenamels, 40\n",
        [(0, "drills"), (1, "twist bits"), (0, "enamels")],
    ),
    # first sub-entries that continue the order but are worded as sub-entries
    (
        "awls, 3–6\nby size, 4\nfor leather, 5\naxes, 8\n",
        [(0, "awls"), (1, "by size"), (1, "for leather"), (0, "axes")],
    ),
    (
        "A\nanvils, 3–9\nbeak of, 4\nhorn of, 6\nawls, 12\n",
        [(0, "anvils"), (1, "beak of"), (1, "horn of"), (0, "awls")],
    ),
    # sub-entries worded as such both count as evidence: no lone sub-entry
    (
        "Nine Weathers, 88–9\nfirst draft of, 89\npublisher’s objections to, 89\nSalt Acre, 90\n",
        [(0, "Nine Weathers"), (1, "first draft of"), (1, "publisher’s objections to"),
         (0, "Salt Acre")],
    ),
    # a second index after the first starts its own alphabetical sequence
    (
        "alpha, 3\nzeta, 5\nIndex of Subjects\nash, 7\nbirch, 9\n",
        [(0, "alpha"), (0, "zeta"), (0, "ash"), (0, "birch")],
    ),
    # an entry outside its letter group after a sub-entry in page order: sub-entries by page
    (
        "J\njars\nsterilising, 14–15\nsealing and storing, 16\nO\nonions, 20\n",
        [(0, "jars"), (1, "sterilising"), (1, "sealing and storing"), (0, "onions")],
    ),
    # a sub-entry worded with a trailing conjunction, after one filed before it by page
    (
        "Millport, 9\nOrr, Duncan, 4–5, 33\nlog-book entries of, 4\ninspector’s visit and, 4–5\n"
        "Rowe, Agnes, 1\n",
        [(0, "Millport"), (0, "Orr, Duncan"), (1, "log-book entries of"), (1, "inspector’s visit and"),
         (0, "Rowe, Agnes")],
    ),
    # one entry out of order, then a cross-reference line: the head's two lines below it
    (
        "school, village, 4–5\nseaweeds, 2, 4–5\nred feather weed, 3–4\n"
        "see also Cairncross, David\ntides, 8\n",
        [(0, "school, village"), (0, "seaweeds"), (1, "red feather weed"), (0, "tides")],
    ),
    # must not change: an inverted main entry ending in a conjunction
    (
        "Fairlie, Mr., 3, 5\nferry, Rowe family and, 1–2\nfishing, 7\n",
        [(0, "Fairlie, Mr."), (0, "ferry, Rowe family and"), (0, "fishing")],
    ),
    # must not change: a cross-reference line after an entry in order
    (
        "seaweeds, 2, 4–5\nshingle, 3–4\nsee also beaches\ntides, 8\n",
        [(0, "seaweeds"), (0, "shingle"), (0, "tides")],
    ),
    # first sub-entries outside their letter group whose letter is headed elsewhere (column
    # blocks read in a scrambled order): no lost heading explains them (the groups then go
    # back in the order of their letters)
    (
        "B\n\nP\n\nbytes, 142\n\npathlib, 141\n\nE\n\nU\n\nencodings, 141–142\n"
        "platform default, 142–143\nUTF-8, 142\nerrors argument, 143\n\nUnicodeDecodeError, 142\n",
        [(0, "bytes"), (0, "encodings"), (1, "platform default"), (1, "UTF-8"),
         (0, "errors argument"), (0, "pathlib"), (0, "UnicodeDecodeError")],
    ),
    # must not change: the letter has no heading of its own, which may have been lost
    (
        "E\nencodings, 141\nplatform default, 142\nU\nUTF-8, 150\n",
        [(0, "encodings"), (0, "platform default"), (0, "UTF-8")],
    ),
    # one entry out of order under a head with locators: a misfiling, not a sub-entry
    (
        "McAdam, John, 4\nMacadamia, 6\nMead, 9\n",
        [(0, "McAdam, John"), (0, "Macadamia"), (0, "Mead")],
    ),
    # a first sub-entry in order letter by letter but not word by word, proven by the
    # entries after it (a main entry "troubleshooting" would stand outside its group S)
    (
        "S\nsafety, 5\nsectioning, 9\nsection thickness, 9\ntroubleshooting, 9\n"
        "snap-freezing, 10\nSwiss roll, 6\nX\nxylene, 7\n",
        [(0, "safety"), (0, "sectioning"), (1, "section thickness"), (1, "troubleshooting"),
         (0, "snap-freezing"), (0, "Swiss roll"), (0, "xylene")],
    ),
    # sections of a statute (symbol-led terms amid lettered entries) under a bare head,
    # each line a term with its locators, not a turnover of locators
    (
        "T\ntenders, 2\ntrusts, 4\nU\nUniform Commercial Code\n\n§ 2-204, 215n5\n§ 2-205, 217n8\n"
        "§ 2-207, 219, 219n12\n§ 2-209, 222n14\n\nunilateral contracts, 217\n",
        [(0, "tenders"), (0, "trusts"), (0, "Uniform Commercial Code"), (1, "§ 2-204"), (1, "§ 2-205"),
         (1, "§ 2-207"), (1, "§ 2-209"), (0, "unilateral contracts")],
    ),
]  # fmt: skip

# Terms filed up to their first comma or parenthesis: inverted names and a qualified term
# come before the compounds that start with the same word.
FILED_TO_COMMA = [
    (
        "V\nVance, Ada, 4\nchildhood, 5\nVance, Ruth (née Hale), 6\nmarriage, 7\n"
        "Vance Brothers, 8\ndissolution, 9\nvaults, 10\nW\nWren (ship), 11\nWren Street, 12\n",
        [(0, "Vance, Ada"), (1, "childhood"), (0, "Vance, Ruth (née Hale)"), (1, "marriage"),
         (0, "Vance Brothers"), (1, "dissolution"), (0, "vaults"), (0, "Wren (ship)"),
         (0, "Wren Street")],
    ),
]  # fmt: skip
FILED_TO_COMMA_UNCHANGED = [
    # a sub-entry that sorts before its inverted head stays a sub-entry
    (
        "V\nVance, Ruth, 6\nbirth, 7\nmarriage, 8\nvaults, 9\n",
        [(0, "Vance, Ruth"), (1, "birth"), (1, "marriage"), (0, "vaults")],
    ),
    # an index that files through the comma: the compound first, both main entries
    (
        "V\nvalves, 3\nVance Brothers, 4\nVance, Ruth, 6\nvaults, 9\n",
        [(0, "valves"), (0, "Vance Brothers"), (0, "Vance, Ruth"), (0, "vaults")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), FILED_TO_COMMA + FILED_TO_COMMA_UNCHANGED)
def test_terms_filed_up_to_their_first_comma(text, shape):
    assert _shape(text) == shape


# A term with locators ending in a preposition (``repair of, 41``) names nothing without its
# head: a sub-entry even where it would continue the main sequence and the next sub-entry
# sorts before it.
TAIL_PHRASED = [
    (
        "R\nrecords, 40–42\nrepair of, 41\nbinding of, 43\nropes, 50\n",
        [(0, "records"), (1, "repair of"), (1, "binding of"), (0, "ropes")],
    ),
]  # fmt: skip
TAIL_PHRASED_UNCHANGED = [
    # no preposition at its end, or only at the end of an inverted term's second part
    (
        "R\nrecords, 40–42\nrepairs, 41\nbinding, 43\nropes, 50\n",
        [(0, "records"), (0, "repairs"), (1, "binding"), (0, "ropes")],
    ),
    (
        "R\nrecords, 40–42\nrepairs, cost of, 41\nbinding, 43\nropes, 50\n",
        [(0, "records"), (0, "repairs, cost of"), (1, "binding"), (0, "ropes")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), TAIL_PHRASED + TAIL_PHRASED_UNCHANGED)
def test_term_ending_in_a_preposition_is_a_sub_entry(text, shape):
    assert _shape(text) == shape


# must not change
FLAT_UNCHANGED = [
    # the same with no entry worded as a sub-entry after the first: a misfiled entry is
    # likelier than a head's sub-entry that goes on in the main order
    (
        "Brackenlow, 7\nCarrow Lantern, 5\nhindwing spot, 5\nclearwings, 9\ncollecting, 4\n",
        [(0, "Brackenlow"), (0, "Carrow Lantern"), (0, "hindwing spot"), (1, "clearwings"),
         (1, "collecting")],
    ),
    # entries of a letter group whose heading was lost (R, between P and S): main entries
    (
        "P\npliers, 5–8\nplumb lines, 7\nrasps, 9\nrivets, 11\nS\nsaws, 13\n",
        [(0, "pliers"), (0, "plumb lines"), (0, "rasps"), (0, "rivets"), (0, "saws")],
    ),
    # an inverted term (``letters, decline in``) is worded as a main entry: misfiled
    (
        "ash tree, 89\nletters, decline in, 88\nLesser Hours, 88\nNine Weathers, 89\n",
        [(0, "ash tree"), (0, "letters, decline in"), (0, "Lesser Hours"), (0, "Nine Weathers")],
    ),
    # must not change: page order alone, inside the letter group, makes no sub-entry
    (
        "jars\nsterilising, 14–15\nsealing and storing, 16\nonions, 20\n",
        [(0, "jars"), (1, "sterilising"), (0, "sealing and storing"), (0, "onions")],
    ),
    # must not change: out of order by its first letter with no sub-entry before it to go
    # on from (a lone sub-entry is less likely than a misfiled entry)
    (
        "lime, 4\nmortar, 10–18\ncuring, 14\nas a binder, 17\nnails, 20\n",
        [(0, "lime"), (0, "mortar"), (0, "curing"), (1, "as a binder"), (0, "nails")],
    ),
    # the running head repeats the index heading: no new sequence
    (
        "alpha, 3\nbeta, 5\nINDEX\nable, 7\nacid, 8\ndelta, 9\n",
        [(0, "alpha"), (0, "beta"), (1, "able"), (1, "acid"), (0, "delta")],
    ),
    # an indented index
    (
        "sails\n  jib, 4\n  mainsail, 5\nseams, 9, 12\n  flat, 10\nsheets, 14\n",
        [(0, "sails"), (1, "jib"), (1, "mainsail"), (0, "seams"), (1, "flat"), (0, "sheets")],
    ),
    # no indentation, heads without locators
    (
        "beans\ndried, 3\nwhite, 5\nbones\nfor stock, 7\nroasting, 8\nbutter, 9\n",
        [(0, "beans"), (1, "dried"), (1, "white"), (0, "bones"), (1, "for stock"),
         (1, "roasting"), (0, "butter")],
    ),
    # main entries in sequence whose terms share prefixes
    (
        "data, 4\ndata types, 6\ndatabases, 8\ndate formats, 9\nNew York, 11\nnewborns, 12\n",
        [(0, "data"), (0, "data types"), (0, "databases"), (0, "date formats"),
         (0, "New York"), (0, "newborns")],
    ),
    # case, accents, punctuation and a leading article do not break the order
    (
        "Abbot, 2\n“able” seamen, 3\nÁlvarez, 4\nThe Anchorage, 5\nanchors, 6\nArgo, 7\n",
        [(0, "Abbot"), (0, "“able” seamen"), (0, "Álvarez"), (0, "The Anchorage"),
         (0, "anchors"), (0, "Argo")],
    ),
    # names filed as spelled out: Mc as Mac, St. as Saint
    (
        "McCarthy, Joseph, 4\nMacDonald, Flora, 6\nmachines, 8\nSt. Louis, 10\nSaint-Malo, 12\n"
        "salt, 14\n",
        [(0, "McCarthy, Joseph"), (0, "MacDonald, Flora"), (0, "machines"), (0, "St. Louis"),
         (0, "Saint-Malo"), (0, "salt")],
    ),
    # a number filed as spelled out inside a letter group
    (
        "T\nthreads, 5\n3D printing, 7\ntools, 9\nU\nunits, 3\n",
        [(0, "threads"), (0, "3D printing"), (0, "tools"), (0, "units")],
    ),
    # a letter-by-letter index: a term in order only letter by letter stays a main entry
    (
        "sectioning, 4\nsection thickness, 5\nsectors, 6\n",
        [(0, "sectioning"), (0, "section thickness"), (0, "sectors")],
    ),
    # a symbol-led entry opening its letter group is no sub-entry; a section symbol
    # after a list that waits for more is a turnover
    (
        "R\nrates, 3\nS\n§ 12 notices, 4\nsales, 5\nstatutes, 6, 9,\n§ 14, 15\ntax, 8\n",
        [(0, "rates"), (0, "§ 12 notices"), (0, "sales"), (0, "statutes"), (0, "tax")],
    ),
    # a symbols group: symbol entries are main entries whatever their order
    (
        "Symbols\n|| (or), 9\n! (not), 3\n&& (and), 5\n401(k) plans, 7\nA\nadd, 2\n",
        [(0, "|| (or)"), (0, "! (not)"), (0, "&& (and)"), (0, "401(k) plans"), (0, "add")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), FLAT_INDEXES + FLAT_UNCHANGED)
def test_sub_entries_by_alphabetical_order(text, shape):
    assert _shape(text) == shape


# An index without indentation whose blank lines tell its blocks (PyMuPDF's blocks: a block
# starts at more space or deeper indentation, so a head's sub-entries stand in a block of
# their own): a blank line between two entries at one level under one head is unexplained.
# ``sketches`` goes on the main sequence after ``Garrow``, but a blank line parts it from
# ``hay barns``; ``rope walk`` and ``tolls`` go on it after ``Isle``, without one.
_BLOCKS = (
    "Garrow, Peter, 11–14\n\nboat of, 11\nsketches, 12\n\nhay barns, 11, 14\n\n"
    "Isle, village of, 11–14\n\nchurch, 12–13\nrope walk, 12\ntolls, 13–14\n\nkelp, 12\n\n"
    "kilns, 13\nLorn coast, 11\nnets, 12\noarsmen, 13\n"
)
BLANK_BLOCKS = [
    (
        _BLOCKS,
        [(0, "Garrow, Peter"), (1, "boat of"), (1, "sketches"), (0, "hay barns"),
         (0, "Isle, village of"), (1, "church"), (1, "rope walk"), (1, "tolls"), (0, "kelp"),
         (0, "kilns"), (0, "Lorn coast"), (0, "nets"), (0, "oarsmen")],
    ),
]  # fmt: skip
# must not change: a blank line after every line (a double-spaced export) tells nothing, so
# the alphabet (and the wording: ``Isle, village of`` is inverted, a main entry's) alone reads
# it, as before; a blank line at a column's end between two sub-entries that sort before
# their head, or at a page break
BLANK_BLOCKS_UNCHANGED = [
    (
        _BLOCKS.replace("\n\n", "\n").replace("\n", "\n\n"),
        [(0, "Garrow, Peter"), (1, "boat of"), (1, "sketches"), (0, "hay barns"),
         (0, "Isle, village of"), (0, "church"), (0, "rope walk"), (0, "tolls"), (1, "kelp"),
         (1, "kilns"), (1, "Lorn coast"), (1, "nets"), (1, "oarsmen")],
    ),
    (
        "gates, 2\nharbour, 3–9\nbuoys, 4\n\ndues, 5\nfees, 6\nIsle, 10\njetty, 11\n",
        [(0, "gates"), (0, "harbour"), (1, "buoys"), (1, "dues"), (1, "fees"), (0, "Isle"),
         (0, "jetty")],
    ),
    (
        "gates, 2\nharbour, 3–9\n\nbuoys, 4\ndues, 5\n\nIsle, 10\n\njetty, 11\nkelp, 12\n",
        [(0, "gates"), (0, "harbour"), (1, "buoys"), (1, "dues"), (0, "Isle"), (0, "jetty"),
         (0, "kelp")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), BLANK_BLOCKS + BLANK_BLOCKS_UNCHANGED)
def test_blank_lines_between_blocks(text, shape):
    assert _shape(text) == shape


# An index page's top rows read across both columns (an extractor that missed the gutter):
# an entry or letter heading of each column side by side, at a wide gap, are two lines.
# The left part stays in the left column, the right part is read after it, and a part may
# be the turnover of its column's entry on the row before.
SIDE_BY_SIDE = [
    (
        "A   T\nA horizon, 142, 143f   talus. See scree\nacid rain. See rainwater\n"
        "C   unloading, 142\ncalcite, 142\nclay, 142\nrainwater, 143\n",
        [(0, "A horizon"), (0, "acid rain"), (0, "calcite"), (0, "clay"), (0, "rainwater"),
         (0, "talus"), (0, "unloading")],
    ),
    (
        "A   S\nalders, 4   sedge, 9. See also\n  in fens, 5   rushes\nash, 6   sorrel, 11\n"
        "B\nbirch, 7\n",
        [(0, "alders"), (1, "in fens"), (0, "ash"), (0, "birch"), (0, "sedge"), (0, "sorrel")],
    ),
]  # fmt: skip
# must not change: locators ranged right, a turnover after a comma, a cross-reference after
# a wide gap
SIDE_BY_SIDE_UNCHANGED = [
    (
        "calcite   142\nclay,   minerals of, 142\nerosion, 141\nhorizons, 142.   See also soil\n"
        "quartz, 143\n",
        [(0, "calcite"), (0, "clay, minerals of"), (0, "erosion"), (0, "horizons"),
         (0, "quartz")],
    ),
]  # fmt: skip


# A layout text's rows read across two columns, indented: a bare head on a row whose right
# part starts where the right column starts on two other rows is read so too, and the right
# parts stand at the page's left margin (no sub-entries of the left column's entries).
SIDE_BY_SIDE_ALIGNED = [
    (
        "    A                         R\n    alders, 4                 reeds, 9\n"
        "    B                         S\n    birch                     sedge, 11\n"
        "      bark of, 6\n      leaves of, 7\n    bracken, 8\n",
        [(0, "alders"), (0, "birch"), (1, "bark of"), (1, "leaves of"), (0, "bracken"),
         (0, "reeds"), (0, "sedge")],
    ),
]  # fmt: skip
SIDE_BY_SIDE_ALIGNED_UNCHANGED = [
    # only one row holds whole parts at the gap: no evidence of where a right column starts
    (
        "    A                         R\n    alders                    reeds, 9\n    ash, 4\n"
        "    B\n    birch, 5\n    box, 6\n",
        [(0, "alders reeds"), (0, "ash"), (0, "birch"), (0, "box")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), SIDE_BY_SIDE_ALIGNED + SIDE_BY_SIDE_ALIGNED_UNCHANGED)
def test_rows_aligned_with_the_right_column(text, shape):
    assert _shape(text) == shape


@pytest.mark.parametrize(("text", "shape"), SIDE_BY_SIDE + SIDE_BY_SIDE_UNCHANGED)
def test_entries_of_two_columns_side_by_side(text, shape):
    assert _shape(text) == shape


# Three levels without indentation: a sub-entry without locators (``works``) heads the
# entries after it that break the sub-entries' order (or are numbers), in order among
# themselves; the sub-entries' order resumes after them.
THREE_LEVEL_FLAT = [
    (
        "B\nBeseda, 187\nBrno\nconcert halls\nBesední dům, 112\ngymnasium, 187\n"
        "newspapers, 190\ntown council, 190\nF\nFiala, Jaroslav, 189\n",
        [(0, "Beseda"), (0, "Brno"), (1, "concert halls"), (2, "Besední dům"),
         (1, "gymnasium"), (1, "newspapers"), (1, "town council"), (0, "Fiala, Jaroslav")],
    ),
    # under a head with locators; the run ends with the main sequence
    (
        "H\nHale, Anna, 12\nwritings\nessays, 14\nletters, 15\nHarper, John, 20\nJ\n"
        "Jones, Ruth, 22\n",
        [(0, "Hale, Anna"), (1, "writings"), (2, "essays"), (2, "letters"),
         (0, "Harper, John"), (0, "Jones, Ruth")],
    ),
    # years under a bare sub-entry: the dated run goes on; a word after them, in order
    # after the bare sub-entry, is a sub-entry again
    (
        "L\nLeeds Choir\naccount book, 8\nconcerts\n1884, 7, 9\n1909, 9, 11\nfounding, 7\n"
        "tours, 12\nM\nmadrigals, 20\n",
        [(0, "Leeds Choir"), (1, "account book"), (1, "concerts"), (2, "1884"), (2, "1909"),
         (1, "founding"), (1, "tours"), (0, "madrigals")],
    ),
    (
        "S\nSmith, Ann, 3–9\nworks\nCarols, 4\nPsalms, 5\nT\ntenors, 8\n",
        [(0, "Smith, Ann"), (1, "works"), (2, "Carols"), (2, "Psalms"), (0, "tenors")],
    ),
]  # fmt: skip
# must not change: two levels
THREE_LEVEL_FLAT_UNCHANGED = [
    # bare heads: main entries, each with its sub-entries
    (
        "A\napples\ngreen, 2\nred, 3\nB\nbananas\nripe, 4\nyellow, 5\nC\ncherries, 6\n",
        [(0, "apples"), (1, "green"), (1, "red"), (0, "bananas"), (1, "ripe"), (1, "yellow"),
         (0, "cherries")],
    ),
    (
        "K\nkilns\nfiring, 3\nloading, 4\nvents, 6\nL\nlathes, 8\n",
        [(0, "kilns"), (1, "firing"), (1, "loading"), (1, "vents"), (0, "lathes")],
    ),
    # a main entry back in sequence after the sub-entries
    (
        "G\nglazes\nash, 14\nsalt, 15\ngrinding, 20\nH\nhandles, 22\n",
        [(0, "glazes"), (1, "ash"), (1, "salt"), (0, "grinding"), (0, "handles")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), THREE_LEVEL_FLAT + THREE_LEVEL_FLAT_UNCHANGED)
def test_sub_sub_entries_by_alphabetical_order(text, shape):
    assert _shape(text) == shape


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # "passim" alone on the turnover line belongs to the range before it
        ("letters of, xv, 6–9, 203–11\npassim\nmaps, 12\n", [("letters of", ["xv", "6–9", "203–11 passim"]), ("maps", ["12"])]),
        # must not change: "passim" after a term without locators is no turnover
        ("Latin\npassim\nmaps, 12\n", [("Latin", []), ("passim", []), ("maps", ["12"])]),
    ],
)  # fmt: skip
def test_passim_turnover(text, tree):
    assert [(t, p) for _, t, p, *_ in _tree(text)] == tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # a function word alone before the locators ends the term of the line before
        ("distinct representatives, system\nof, 47n, 50\ndrills, 52\n",
         [(0, "distinct representatives, system of", ["47n", "50"]), (0, "drills", ["52"])]),
        # a line worded as a sub-entry, without locators, goes on on the next line
        ("beetroot\nroasting, 87\nwith horseradish and soured\ncream, 152\nblackcurrant, 91\n",
         [(0, "beetroot", []), (1, "roasting", ["87"]),
          (1, "with horseradish and soured cream", ["152"]), (0, "blackcurrant", ["91"])]),
        # must not change: keywords indexed in a programming book
        ("keywords\nfor, 30\nwith, 33\nlambda, 40\n",
         [(0, "keywords", []), (1, "for", ["30"]), (1, "with", ["33"]), (0, "lambda", ["40"])]),
        # must not change: a head without locators, then its sub-entry
        ("beetroot\ncream, 152\nblackcurrant, 91\n",
         [(0, "beetroot", []), (1, "cream", ["152"]), (0, "blackcurrant", ["91"])]),
        # a parenthesis after a term ending in a function word is its turnover
        ("Moretus collection, sale of\n(1781), 43\nQ\nquinces, 40\n",
         [(0, "Moretus collection, sale of (1781)", ["43"]), (0, "quinces", ["40"])]),
        # must not change: a parenthesised term after an entry with locators
        ("modes, 12\n(Dorian), 14\nmotets, 20\n",
         [(0, "modes", ["12"]), (0, "(Dorian)", ["14"]), (0, "motets", ["20"])]),
    ],
)  # fmt: skip
def test_term_turnovers(text, tree):
    assert [(d, t, p) for d, t, p, *_ in _tree(text)] == tree


@pytest.mark.parametrize(
    ("said", "shape"),
    [
        # the book says "maximal matching": sub-entries that continue the order
        ("A maximal matching need not be a maximum matching.\n",
         [(0, "matching"), (1, "maximal"), (1, "maximum"), (0, "median")]),
        # must not change: without the phrase in the book they are main entries
        ("A matching need not be maximal, nor maximum.\n",
         [(0, "matching"), (0, "maximal"), (0, "maximum"), (0, "median")]),
    ],
)  # fmt: skip
def test_sub_entries_the_book_names_with_their_head(said, shape):
    index = "Index\n\nmatching, 43–61\nmaximal, 44\nmaximum, 44, 52\nmedian, 60\n"
    tree = clean_text(BODY + said + index).book.index
    assert [
        (d, e.term) for x in tree for d, e in [(0, x), *((1, s) for s in x.subentries)]
    ] == shape


def test_appendix_style_folio_at_the_page_edge_is_no_entry():
    tree = _index_tree("Index\n\nalpha, 3\nbeta, 5\ngamma, 7\n\n            I-1\n")
    assert [(d, t) for d, t, *_ in tree] == [(0, "alpha"), (0, "beta"), (0, "gamma")]


def test_locators_wrapped_to_the_page_edge_stay_with_their_entry():
    tree = _index_tree("Index\n\nalpha, 3\nbeta, 5\ngamma, 7,\n12\f")
    assert tree[-1] == (0, "gamma", ["7", "12"], [])


TAIL = "Z\nzebra, 97\nzinc, 98\nzones, 99\n"  # enough entries for the index to be found


def _tree(text: str) -> list[tuple]:
    """(depth, term, pages, see, see_also) for every entry of an index text."""

    def walk(e, depth):
        yield (depth, e.term, list(e.pages), list(e.see), list(e.see_also))
        for sub in e.subentries:
            yield from walk(sub, depth + 1)

    index = clean_text(BODY + "Index\n\n" + text + TAIL).book.index
    return [x for e in index for x in walk(e, 0) if x[1] not in ("zebra", "zinc", "zones")]


# Run-in indexes: sub-entries follow their head after semicolons, lines turn over anywhere.
RUN_IN = [
    # a turnover inside a sub-entry, before a capital or a lower-case word
    (
        "kilns, 40–48; firing of, 41; loading of\nSaggars, 44; venting, 46\nmoulds, 50\n",
        [(0, "kilns", ["40–48"], [], []), (1, "firing of", ["41"], [], []),
         (1, "loading of Saggars", ["44"], [], []), (1, "venting", ["46"], [], []),
         (0, "moulds", ["50"], [], [])],
    ),
    (
        "glazes, 12; ash, 14; matt\nsurfaces of, 15\nhandles, 20\n",
        [(0, "glazes", ["12"], [], []), (1, "ash", ["14"], [], []),
         (1, "matt surfaces of", ["15"], [], []), (0, "handles", ["20"], [], [])],
    ),
    # a head with a colon has no locators: its first sub-entry follows the colon
    (
        "clays: ball, 3–5; fire, 7; paper, 9\ncones, 11\n",
        [(0, "clays", [], [], []), (1, "ball", ["3–5"], [], []), (1, "fire", ["7"], [], []),
         (1, "paper", ["9"], [], []), (0, "cones", ["11"], [], [])],
    ),
    # a word hyphenated at the turnover: joined when it is a word, kept in a compound
    (
        "wedging, 30; by hand, 31; tempera-\nture of, 32\nwheels, 40; self-\ncentring, 41\n",
        [(0, "wedging", ["30"], [], []), (1, "by hand", ["31"], [], []),
         (1, "temperature of", ["32"], [], []), (0, "wheels", ["40"], [], []),
         (1, "self-centring", ["41"], [], [])],
    ),
]  # fmt: skip

RUN_IN_UNCHANGED = [
    # a semicolon between cross-references is no sub-entry separator
    (
        "pots. See jars, lidded; jugs\nquartz, 8\n",
        [(0, "pots", [], ["jars, lidded", "jugs"], []), (0, "quartz", ["8"], [], [])],
    ),
    # locators split by a semicolon; a colon in a term without run-in sub-entries
    (
        "raku, 12; 45\nRaku: A Memoir, 60\nslips, 70\n",
        [(0, "raku", ["12", "45"], [], []), (0, "Raku: A Memoir", ["60"], [], []),
         (0, "slips", ["70"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # a last part with figures in it waits for nothing (a row an extraction read
        # across two columns): the next entry is one of its own
        ("kilns, 40; firing of, 41 shelf C2\nSaggars, 44\n", ["Saggars"]),
        # must not change: a run-in line whose last part waits for the next line's words
        ("kilns, 40; firing of, 41; loading of\nSaggars, 44\n", ["loading of Saggars"]),
    ],
)
def test_open_run_in_line(text, terms):
    found = [t for _d, t, *_ in _tree(text)]
    assert all(t in found for t in terms), found


# A lone semicolon-joined phrase in an index that sets its sub-entries on lines of their
# own is one printed entry; two run-in lines, or two sub-entries on one line, are run in.
RUN_IN_LONE = [
    (
        "eschar, 62; heel, on the, 62\nfoams, 69\nby size, 70\n",
        [(0, "eschar, 62; heel, on the", ["62"], [], []), (0, "foams", ["69"], [], []),
         (1, "by size", ["70"], [], [])],
    ),
    (
        "lay brothers, 64, 65; decline of the\nlay-brother system, 65–6, 102ff.\nmills, 70\n",
        [(0, "lay brothers, 64, 65; decline of the lay-brother system", ["65–6", "102ff."], [], []),
         (0, "mills", ["70"], [], [])],
    ),
    # must not change: two run-in lines, each with one sub-entry
    (
        "honey, 57; capped, 57\nvarroa, 58; counting, 58\n",
        [(0, "honey", ["57"], [], []), (1, "capped", ["57"], [], []),
         (0, "varroa", ["58"], [], []), (1, "counting", ["58"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), RUN_IN + RUN_IN_UNCHANGED + RUN_IN_LONE)
def test_run_in_turnovers(text, tree):
    assert _tree(text) == tree


# Cross-references that turn over onto a line of their own in an index without indentation.
SEE_TURNOVERS = [
    ("awls, 3. See also\nbradawls\nbench, 5\n", [(0, "awls", ["3"], [], ["bradawls"]), (0, "bench", ["5"], [], [])]),
    (
        "chisels, 8. See also bevel\nedges; gouges\nclamps, 9\n",
        [(0, "chisels", ["8"], [], ["bevel edges", "gouges"]), (0, "clamps", ["9"], [], [])],
    ),
    (
        "dogs, bench. See holding work:\nbench dogs\ndowels, 14\n",
        [(0, "dogs, bench", [], ["holding work: bench dogs"], []), (0, "dowels", ["14"], [], [])],
    ),
    (
        "jigs. See also tem-\nplates\njointers, 20\n",
        [(0, "jigs", [], [], ["templates"]), (0, "jointers", ["20"], [], [])],
    ),
]  # fmt: skip

# a reference that names an entry of the index only with the next line
SEE_TURNOVERS += [
    (
        "condition, Hall’s, see Hall’s\ncondition\ncorollary, 49\nHall’s condition, 47\n",
        [(0, "condition, Hall’s", [], ["Hall’s condition"], []), (0, "corollary", ["49"], [], []),
         (0, "Hall’s condition", ["47"], [], [])],
    ),
    (
        "import prices, 42\npass-through, 42–47\nsee also exchange rate; import\nprices\nW\nwages, 47\n",
        [(0, "import prices", ["42"], [], []),
         (0, "pass-through", ["42–47"], [], ["exchange rate", "import prices"]),
         (0, "wages", ["47"], [], [])],
    ),
]  # fmt: skip

SEE_UNCHANGED = [
    # the reference names no entry with the next line: a head without locators
    (
        "bolts, see fasteners\nglues\nhide, 6\npva, 7\ngouges, 9\n",
        [(0, "bolts", [], ["fasteners"], []), (0, "glues", [], [], []), (1, "hide", ["6"], [], []),
         (1, "pva", ["7"], [], []), (0, "gouges", ["9"], [], [])],
    ),
    # a complete reference, then a head without locators and its sub-entries
    (
        "gauges, 4. See also rules\nglues\nhide, 6\npva, 7\ngouges, 9\n",
        [(0, "gauges", ["4"], [], ["rules"]), (0, "glues", [], [], []), (1, "hide", ["6"], [], []),
         (1, "pva", ["7"], [], []), (0, "gouges", ["9"], [], [])],
    ),
]  # fmt: skip


# Numbered sub-entries (chapter and verse, chess moves) filed by number under a lettered
# head, group headings above head terms, and worded group headings among lettered entries.
NUMBERED_AND_GROUPS = [
    # moves under an opening with locators of its own
    (
        "Kessler, P., 85\nNajdorf Variation (B96), 86–91\n7. f4 Be7 8. Qf3, 86\n10...b5, 87\n"
        "13. a3, 87, 90\nPawn storm, 88\n",
        [
            (0, "Kessler, P.", ["85"], [], []),
            (0, "Najdorf Variation (B96)", ["86–91"], [], []),
            (1, "7. f4 Be7 8. Qf3", ["86"], [], []),
            (1, "10...b5", ["87"], [], []),
            (1, "13. a3", ["87", "90"], [], []),
            (0, "Pawn storm", ["88"], [], []),
        ],
    ),
    # a scripture index: group headings, books in canonical order, a book led by a digit,
    # and a book called Numbers that is no heading of numbers
    (
        "Hebrew Bible\nGenesis\n1:2, 52\n2:10–14, 55, 61\nExodus\n17:1–7, 55–56\nNumbers\n"
        "20:2–13, 56\nNew Testament\nJohn\n4:14, 57\n1 Corinthians\n10:1–4, 56–57\n"
        "10:4, 56\nRevelation\n22:1–2, 62–63\n",
        [
            (0, "Genesis", [], [], []),
            (1, "1:2", ["52"], [], []),
            (1, "2:10–14", ["55", "61"], [], []),
            (0, "Exodus", [], [], []),
            (1, "17:1–7", ["55–56"], [], []),
            (0, "Numbers", [], [], []),
            (1, "20:2–13", ["56"], [], []),
            (0, "John", [], [], []),
            (1, "4:14", ["57"], [], []),
            (0, "1 Corinthians", [], [], []),
            (1, "10:1–4", ["56–57"], [], []),
            (1, "10:4", ["56"], [], []),
            (0, "Revelation", [], [], []),
            (1, "22:1–2", ["62–63"], [], []),
        ],
    ),
]
NUMBERED_AND_GROUPS_UNCHANGED = [
    # a numbers group opening the index: main entries; section numbers are no moves
    (
        "Numbers\n1:1 mapping, 4\n2:1 multiplexer, 6\nA\nadders, 8\n3.2 release, 9\n"
        "3.4 release, 10\nbuses, 12\n",
        [(0, "1:1 mapping", ["4"], [], []), (0, "2:1 multiplexer", ["6"], [], []),
         (0, "adders", ["8"], [], []), (0, "3.2 release", ["9"], [], []),
         (0, "3.4 release", ["10"], [], []), (0, "buses", ["12"], [], [])],
    ),
    # a head without locators whose sub-entry sorts after it: no group heading
    (
        "Hand Tools\nPlanes\nsmoothing, 4\nvices, 9\n",
        [(0, "Hand Tools", [], [], []), (1, "Planes", [], [], []),
         (0, "smoothing", ["4"], [], []), (0, "vices", ["9"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), NUMBERED_AND_GROUPS + NUMBERED_AND_GROUPS_UNCHANGED)
def test_numbered_subentries_and_group_headings(text, tree):
    assert _tree(text) == tree


def test_group_heading_is_logged():
    result = clean_text(BODY + "Index\n\nHebrew Bible\nGenesis\n1:2, 52\n2:10–14, 55\n" + TAIL)
    edits = [(e.rule, e.before) for e in result.edits if e.stage == "parse_index"]
    assert ("group_heading", "Hebrew Bible") in edits


@pytest.mark.parametrize(("text", "tree"), SEE_TURNOVERS + SEE_UNCHANGED)
def test_cross_reference_turnovers(text, tree):
    assert _tree(text) == tree


def test_sub_entries_marked_by_dashes():
    tree = _tree(
        "B\nbandages\n– pressure, 40\n– – on limbs, 41\n– tubular, 44\nburns, 50–55\n"
        "– cooling of, 51\nC\n-c flag, 60\n"
    )
    assert [(d, t) for d, t, *_ in tree] == [
        (0, "bandages"),
        (1, "pressure"),
        (2, "on limbs"),
        (1, "tubular"),
        (0, "burns"),
        (1, "cooling of"),
        (0, "-c flag"),  # an option, no dash marker
    ]


def test_a_lone_dash_is_no_marker():
    tree = _tree("A\nalpha, 3\n– (minus), 4\nbeta, 5\n– gamma, 7\n")
    assert [(d, t) for d, t, *_ in tree][:2] == [(0, "alpha"), (0, "– (minus)")]
    assert (0, "– gamma") in [(d, t) for d, t, *_ in tree]


def test_folio_beside_the_index_running_head_without_page_breaks():
    tree = _tree(
        "A\nalpha, 3\nbeta, 5–7\n118\n\nINDEX\n\ngamma, 9\ndelta, 11\n119 Index\nepsilon, 12\n"
    )
    assert [(t, p) for _, t, p, *_ in tree] == [
        ("alpha", ["3"]),
        ("beta", ["5–7"]),
        ("gamma", ["9"]),
        ("delta", ["11"]),
        ("epsilon", ["12"]),
    ]


SECTION_BODY = (
    "3.2 Single-server queues\n\n"
    "A single server works through a line of customers one at a time, and the line\n"
    "grows whenever customers arrive faster than they can be served.\n\n"
    "3.2.1 The M/M/1 model\n\n"
    "Exercises\n\n"
    "3.5 A ticket window serves on average 40 customers an hour and 32 arrive in the same\n"
    "time. Find the utilisation, 3.6\n"
    "3.6 Show from Theorem 3.2 that Little's law holds, 3.2\n"
    "3.7 A repair shop claims that its mechanic is only 80 per cent busy.\n"
)


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("arrival rate, 3.2, 3.2.1", True),
        ("exponential service, 3.2.1, 3.3ff.", True),
        ("waiting, perception of, Box 3.1", True),
        # must not change: numbered headings and exercises are no entries
        ("3.2 Single-server queues", False),
        ("3.2.1 The M/M/1 model", False),
        ("3.5 A ticket window serves on average 40 customers an hour.", False),
        ("Box 3.1 Why waiting feels longer", False),
    ],
)
def test_section_number_entry_lines(line, entry):
    assert is_entry_line(line) is entry


def test_section_number_index_is_split_and_parsed():
    index = (
        "Index\n\narrival rate, 3.2, 3.2.1\nbunching of arrivals, 3.2.1\n"
        "Little's law, 3.2.1 (Ex. 3.6), 3.4\nM/M/1 queue, 3.2.1\n"
        "  mean number in system, 3.2.1\nservice rate, 3.2; see also utilisation\n"
        "waiting, perception of, Box 3.1\n"
    )
    result = clean_text(BODY + SECTION_BODY + index)
    assert "Single-server queues" in result.body and "arrival rate" not in result.body
    tree = [(d, t, p) for d, t, p, _ in _index_tree(SECTION_BODY + index)]
    assert tree == [
        (0, "arrival rate", ["3.2", "3.2.1"]),
        (0, "bunching of arrivals", ["3.2.1"]),
        (0, "Little's law", ["3.2.1 (Ex. 3.6)", "3.4"]),
        (0, "M/M/1 queue", ["3.2.1"]),
        (1, "mean number in system", ["3.2.1"]),
        (0, "service rate", ["3.2"]),
        (0, "waiting, perception of", ["Box 3.1"]),
    ]


def test_numbered_headings_and_exercises_are_no_index():
    # must not change: a body of numbered sections and exercises, with or without an
    # "Index" heading before it, gives no index and keeps its text
    assert index_likeness(SECTION_BODY.splitlines()) < SplitIndexParams().min_likeness
    for text in (BODY + SECTION_BODY, BODY + "Index\n\n" + SECTION_BODY):
        result = clean_text(text)
        assert result.book.index == ()
        assert "3.5 A ticket window" in result.body


def test_margin_folio_inside_an_index_page():
    # a folio printed in the margin at mid-height, read in among the entries
    text = "Index\n\nalpha, 3\nbeta, 5–7 passim\n77\ngamma, 7\ndelta, 9\n"
    assert [(t, p) for _, t, p, _ in _index_tree(text)] == [
        ("alpha", ["3"]),
        ("beta", ["5–7 passim"]),
        ("gamma", ["7"]),
        ("delta", ["9"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Index\n\nalpha, 3\nbeta, 5,\n77\ngamma, 7\ndelta, 9\n",  # after a comma
        "Index\n\nalpha, 3\nbeta\n77\ngamma, 7\ndelta, 9\n",  # after a head without locators
        "Index\n\nalpha, 3\nbeta, 5\n8\ngamma, 7\ndelta, 9\n",  # not above the index's pages
    ],
)
def test_number_inside_an_index_page_that_is_no_folio(text):
    # must not change: the number stays in the index
    result = clean_text(BODY + text)
    assert not [e for e in result.edits if e.rule == "folio"]


def test_words_glued_in_the_index_are_split_on_the_books_words():
    body = BODY + "You will see a cast swarm leave the hive after an emergency cell is sealed.\n"
    index = (
        "Index\n\nafter-swarm, seecast swarm\ncast swarm, 89\nemergencycell, 89n2\n"
        "goroutines, 12\nshowback, 14\n"
    )
    result = clean_text(body + index)
    assert [(e.term, list(e.pages), list(e.see)) for e in result.book.index] == [
        ("after-swarm", [], ["cast swarm"]),
        ("cast swarm", ["89"], []),
        ("emergency cell", ["89n2"], []),
        # must not change: a rare term whose parts the book does not use
        ("goroutines", ["12"], []),
        ("showback", ["14"], []),
    ]


@pytest.mark.parametrize(
    ("tail", "in_body"),
    [
        # a printer's slug after the index's running foot goes back to the body
        ("\nIndex\n\nch04.indd proof Eirwen\n", True),
        # must not change: the turnover of an unfinished entry, a head's sub-entry
        ("dyes, 4. See also\nmadder\n", False),
        ("price of\nsalt, 92\n", False),
        ("tides\n  neap, 20\n", False),
    ],
)
def test_last_line_without_locators_leaves_the_index(tail, in_body):
    result = clean_text(BODY + "Index\n\nalpha, 3\nbeta, 5\ngamma, 7\n" + tail)
    last = tail.strip().splitlines()[-1].strip()
    assert (last in result.body) is in_body
    assert ("gamma" in result.body) is False


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # letter heads of two columns read side by side, then each column's block: every
        # block files under the heading that admits it (a block no heading admits, under none),
        # and the letter groups go back in the order of their letters
        (
            "Symbols\n\nO\n\n__enter__(), 142\n__exit__(), 142\n\nassignment, 148\natomic writes, 146\n\n"
            "open(), 141\nmodes, 141\nos.path, 146\n\nB\n\nP\n\nBaseException, 146\nbytes, 142\n\n"
            "pathlib, 141\nsuffixes, 144\n\nE\n\nU\n\nencodings, 141–142\nerrors argument, 143\n\n"
            "UnicodeDecodeError, 142\nutf-8-sig codec, 144\n",
            [(0, "__enter__()"), (0, "__exit__()"), (0, "assignment"), (0, "atomic writes"),
             (0, "BaseException"), (0, "bytes"), (0, "encodings"), (0, "errors argument"),
             (0, "open()"), (1, "modes"), (0, "os.path"), (0, "pathlib"), (1, "suffixes"),
             (0, "UnicodeDecodeError"),
             (0, "utf-8-sig codec")],
        ),
        # must not change: one heading per group, a blank line between a head and its
        # sub-entries
        (
            "A\nacceptance\n\nby conduct, 219\nsilence as, 218\n\nadvertisements, 214\nB\nbids, 3\n",
            [(0, "acceptance"), (1, "by conduct"), (1, "silence as"), (0, "advertisements"),
             (0, "bids")],
        ),
    ],
)  # fmt: skip
def test_letter_heads_of_columns_read_side_by_side(text, shape):
    assert _shape(text) == shape


# An index that sets turnovers at an indentation of their own (deeper than any sub-entry):
# a line there goes on a term without locators even without a comma waiting for it.
TURNOVER_INDENT = [
    (
        "B\nbargain, 44–46\n  as evidence, 134\n  self-protection, 135,\n       141–143\n"
        "C\ncontract\n  as branch of law,\n       131\n  gratuitous, 112\n"
        "E\nexpectation, 134,\n       160\n  convergence with reliance\n       measure, 134\n"
        "  lost profits, 135\n",
        [(0, "bargain", ["44–46"], [], []), (1, "as evidence", ["134"], [], []),
         (1, "self-protection", ["135", "141–143"], [], []), (0, "contract", [], [], []),
         (1, "as branch of law", ["131"], [], []), (1, "gratuitous", ["112"], [], []),
         (0, "expectation", ["134", "160"], [], []),
         (1, "convergence with reliance measure", ["134"], [], []),
         (1, "lost profits", ["135"], [], [])],
    ),
]  # fmt: skip
TURNOVER_INDENT_UNCHANGED = [
    # sub-sub-entries at the deeper indentation: entries of their own there, no turnovers
    (
        "C\ncements\n  natural\n      Roman, 4\n      hydraulic, 5,\n      7\n  portland, 9\n"
        "D\ndamp, 12\n",
        [(0, "cements", [], [], []), (1, "natural", [], [], []), (2, "Roman", ["4"], [], []),
         (2, "hydraulic", ["5", "7"], [], []), (1, "portland", ["9"], [], []),
         (0, "damp", ["12"], [], [])],
    ),
    # a turnover indentation, but the line goes under a term that has its locators already
    (
        "B\nbargain, 44–46,\n       50\n  as evidence, 134\n       weighing, 135\n"
        "  self-protection, 135,\n       141–143\n",
        [(0, "bargain", ["44–46", "50"], [], []), (1, "as evidence", ["134"], [], []),
         (2, "weighing", ["135"], [], []), (1, "self-protection", ["135", "141–143"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), TURNOVER_INDENT + TURNOVER_INDENT_UNCHANGED)
def test_turnover_indentation(text, tree):
    assert _tree(text) == tree


# A line set two levels deeper than its entry's first line, which has no locators yet, is its
# turnover, whatever that indentation (-layout text rounds it to 4, 5 or 8 spaces): a
# sub-entry is one level below its entry.
SKIPPED_LEVEL = [
    (
        "H\nhinges, 30\n  oiling, 31\n   lifting off a door that has\n        dropped, 32\n"
        "hooks, 33\nhull cleaning, inside\n    and outside, 34–35\nI\nink, 36\n  fading, 37\n",
        [(0, "hinges", ["30"], [], []), (1, "oiling", ["31"], [], []),
         (1, "lifting off a door that has dropped", ["32"], [], []),
         (0, "hooks", ["33"], [], []),
         (0, "hull cleaning, inside and outside", ["34–35"], [], []),
         (0, "ink", ["36"], [], []), (1, "fading", ["37"], [], [])],
    ),
]  # fmt: skip
SKIPPED_LEVEL_UNCHANGED = [
    # one level deeper: a sub-entry, under a head with or without locators
    (
        "H\nhinges\n  oiling, 31\n  painting, 32\n    brushes for, 33\nhooks, 34\n",
        [(0, "hinges", [], [], []), (1, "oiling", ["31"], [], []),
         (1, "painting", ["32"], [], []), (2, "brushes for", ["33"], [], []),
         (0, "hooks", ["34"], [], [])],
    ),
    # two levels deeper, but the entry has its locators: an entry of its own
    (
        "H\nhinges, 30\n  oiling, 31\n        doors, 32\n    gates, 33\nhooks, 34\n",
        [(0, "hinges", ["30"], [], []), (1, "oiling", ["31"], [], []),
         (2, "doors", ["32"], [], []), (2, "gates", ["33"], [], []),
         (0, "hooks", ["34"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), SKIPPED_LEVEL + SKIPPED_LEVEL_UNCHANGED)
def test_turnover_two_levels_deeper(text, tree):
    assert _tree(text) == tree


# An index without indentation: a term without locators that filled its line, then a line in
# lower case, where the book says the two words that meet there one after the other.
FULL_LINE_INDEX = (
    "P\npiers, 12\nports, 14–15\nR\nrailways\ngoods yards, 20\nrivers, 22\n"
    "S\nsmuggling, effects of the new duties on, in the harbour towns and their coastal\n"
    "villages, 30\nsteam, 31\n"
)
FULL_LINE_TURNOVERS = [
    ("Many coastal villages lived by smuggling.\n",
     [(0, "piers"), (0, "ports"), (0, "railways"), (1, "goods yards"), (0, "rivers"),
      (0, "smuggling, effects of the new duties on, in the harbour towns and their coastal "
          "villages"), (0, "steam")]),
    # must not change: the book never says the words together
    ("Smuggling thrived on the coast.\n",
     [(0, "piers"), (0, "ports"), (0, "railways"), (1, "goods yards"), (0, "rivers"),
      (0, "smuggling, effects of the new duties on, in the harbour towns and their coastal"),
      (1, "villages"), (0, "steam")]),
    # must not change: a short head whose sub-entry the book says with it fills no line
    ("The railways goods yards were busy; coastal villages too.\n",
     [(0, "piers"), (0, "ports"), (0, "railways"), (1, "goods yards"), (0, "rivers"),
      (0, "smuggling, effects of the new duties on, in the harbour towns and their coastal "
          "villages"), (0, "steam")]),
]  # fmt: skip


@pytest.mark.parametrize(("said", "shape"), FULL_LINE_TURNOVERS)
def test_full_line_turnover_in_an_index_without_indentation(said, shape):
    tree = clean_text(BODY + said + "Index\n\n" + FULL_LINE_INDEX + TAIL).book.index
    assert [
        (d, e.term)
        for x in tree
        for d, e in [(0, x), *((1, s) for s in x.subentries)]
        if e.term not in ("zebra", "zinc", "zones")
    ] == shape


# An index that sets its sub-entries on indented lines of their own: a line with parts after
# semicolons is one entry as printed, also with two such lines or three parts.
RUN_IN_AMONG_INDENTED = [
    (
        "A\nabdomen\n  of hermit crab, 59\n  of squat lobster, 60; used in escape, 60\n"
        "B\nboiling point, 213; dependence on pressure, 213; in early scales, 214\n"
        "C\ncamouflage\n  of juveniles, 57\n  of spider crabs, 59\n"
        "H\nhermit crab, 58–59; shell exchange by, 59; see also squat lobster\n",
        [(0, "abdomen", [], [], []), (1, "of hermit crab", ["59"], [], []),
         (1, "of squat lobster, 60; used in escape", ["60"], [], []),
         (0, "boiling point, 213; dependence on pressure, 213; in early scales", ["214"], [], []),
         (0, "camouflage", [], [], []), (1, "of juveniles", ["57"], [], []),
         (1, "of spider crabs", ["59"], [], []),
         (0, "hermit crab, 58–59; shell exchange by", ["59"], [], ["squat lobster"])],
    ),
]  # fmt: skip
RUN_IN_AMONG_INDENTED_UNCHANGED = [
    # a run-in index whose turnovers are indented: its sub-entries still follow semicolons
    (
        "K\nkilns, 40; firing of, 41;\n    loading, 43\nM\nmoulds, 50; plaster, 52; release\n"
        "    agents for, 53\n",
        [(0, "kilns", ["40"], [], []), (1, "firing of", ["41"], [], []),
         (1, "loading", ["43"], [], []), (0, "moulds", ["50"], [], []),
         (1, "plaster", ["52"], [], []), (1, "release agents for", ["53"], [], [])],
    ),
    # more run-in lines than indented sub-entries: the run-in lines are split
    (
        "K\nkilns, 40; firing of, 41; loading, 43\n  anagama, 44\nM\nmoulds, 50; plaster, 52\n"
        "O\novens, 60; drying, 61\n",
        [(0, "kilns", ["40"], [], []), (1, "firing of", ["41"], [], []),
         (1, "loading", ["43"], [], []), (1, "anagama", ["44"], [], []),
         (0, "moulds", ["50"], [], []), (1, "plaster", ["52"], [], []),
         (0, "ovens", ["60"], [], []), (1, "drying", ["61"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), RUN_IN_AMONG_INDENTED + RUN_IN_AMONG_INDENTED_UNCHANGED)
def test_run_in_line_among_indented_subentries(text, tree):
    assert _tree(text) == tree


# A layout text's right column placed by character counts (PyMuPDF sort=True on a
# proportional font): indentations off by several characters, entries with locators set two
# levels deeper than the line before. Alphabetical order decides their levels.
NOISY_INDENT = [
    (
        "Siena, 45\nSundays, 47\n     tariffe famiglia, 45\n Terontola, 47\n      tickets\n"
        "    bus, 47\n    buying, 44–45\n        online, 45n\n    stamping, 44–45, 45n\n"
        "  trams, 44, 48\n   treno (train), 45–47\n  Umbria, notice from, 46\n",
        [(0, "Siena", ["45"], [], []), (0, "Sundays", ["47"], [], []),
         (0, "tariffe famiglia", ["45"], [], []), (0, "Terontola", ["47"], [], []),
         (0, "tickets", [], [], []), (1, "bus", ["47"], [], []),
         (1, "buying", ["44–45"], [], []), (1, "online", ["45n"], [], []),
         (1, "stamping", ["44–45", "45n"], [], []), (0, "trams", ["44", "48"], [], []),
         (0, "treno (train)", ["45–47"], [], []), (0, "Umbria, notice from", ["46"], [], [])],
    ),
]  # fmt: skip
NOISY_INDENT_UNCHANGED = [
    # indentation one level at a time, a turnover two levels deeper under a bare term:
    # the indentation decides, against alphabetical order too
    (
        "brakes\n   adjusting, 22\n   warnings, 21\nlimit screws, 23\n   checking after a crash\n"
        "        the chain came off, 23\nlubrication, 24\n   never on brake parts, 22\n"
        "   apples, 5\n      zoned, 6\n",
        [(0, "brakes", [], [], []), (1, "adjusting", ["22"], [], []),
         (1, "warnings", ["21"], [], []), (0, "limit screws", ["23"], [], []),
         (1, "checking after a crash the chain came off", ["23"], [], []),
         (0, "lubrication", ["24"], [], []), (1, "never on brake parts", ["22"], [], []),
         (1, "apples", ["5"], [], []), (2, "zoned", ["6"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), NOISY_INDENT + NOISY_INDENT_UNCHANGED)
def test_noisy_indentation_of_a_layout_column(text, tree):
    assert _tree(text) == tree


# A cross-reference line after one that ends in a cross-reference is an entry of its own;
# a list of references going on (no "see" of its own) is the turnover.
SEE_AFTER_SEE = [
    (
        "utility. See nuisance, private: utility of defendant’s activity\n"
        "vibration. See noise: quarry blasting; Tremayne v Bastable\n",
        [(0, "utility", [], ["nuisance, private: utility of defendant’s activity"], []),
         (0, "vibration", [], ["noise: quarry blasting", "Tremayne v Bastable"], [])],
    ),
    # must not change: the references turn over onto the next line
    (
        "dyes, 4. See also blue\ndyers; red dyers\nfelting, 9\n",
        [(0, "dyes", ["4"], [], ["blue dyers", "red dyers"]), (0, "felting", ["9"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), SEE_AFTER_SEE)
def test_cross_reference_line_after_a_cross_reference(text, tree):
    assert _tree(text) == tree


# pdftotext reads two columns' letter groups interleaved: a block of entries all led by
# another letter than their heading's, in order, files under a heading of its own.
LOST_HEADING = [
    (
        "C\nCalderbrook, 45t\ncautions. See discipline\n\npitch inspections, 45\n"
        "Preece, Danny, 45, 47t\nPriors Marsh, 45t\n\nD\nDewhirst, Callum, 46\n",
        [(0, "Calderbrook", ["45t"], [], []), (0, "cautions", [], ["discipline"], []),
         (0, "pitch inspections", ["45"], [], []), (0, "Preece, Danny", ["45", "47t"], [], []),
         (0, "Priors Marsh", ["45t"], [], []), (0, "Dewhirst, Callum", ["46"], [], [])],
    ),
    # must not change: a block of the heading's own letter after a blank line
    (
        "C\nCalderbrook, 45t\n\ncautions, 12\ncells\ndivision, 4\nmembranes, 5\n\nD\ndata, 3\n",
        [(0, "Calderbrook", ["45t"], [], []), (0, "cautions", ["12"], [], []),
         (0, "cells", [], [], []), (1, "division", ["4"], [], []),
         (1, "membranes", ["5"], [], []), (0, "data", ["3"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), LOST_HEADING)
def test_block_under_another_letters_heading(text, tree):
    assert _tree(text) == tree


def _pdf_book(pages: list[list[tuple[str, float, float, float]]]):
    """A PDF book of (text, x0, top, x1) lines per page, 8.5 pt type."""
    from pipeline.document import Book, Geom, Line, Page, Source

    def line(n, text, x0, top, x1):
        return Line(text, n, Geom(x0, top, x1, top + 8.5, 8.5, False, 360.0, 540.0))

    out = tuple(
        Page(n, tuple(line(n, *spec) for spec in specs)) for n, specs in enumerate(pages, 1)
    )
    return Book(Source("t.pdf", "0", "pdf", "pdf"), out, page_count=len(out))


def _split_and_parse(book):
    from pipeline import config as cfgmod
    from pipeline.runner import run

    cfg = cfgmod.defaults()
    cfg["pipeline"]["steps"] = ["split_index", "rejoin_lines", "parse_index"]
    return run(book, cfg).book


PROSE_PAGE = [
    (f"Prose line {k} of the section runs on about the tides and the boats.", 50, 60 + 12 * k, 300)
    for k in range(20)
]
FIRST_LINES = [
    ("Across the bay the evening bell", "57"),
    ("All night the lantern on the pier", "131"),
    ("Be still, my heart, the boats are in", "222"),
    ("Brothers, the wind is in the north", "229"),
    ("Children of the shingle, come", "303"),
]


def _ranged(title: str | None, rows=FIRST_LINES, top=110.0):
    """A page of lines with their numbers ranged right, read as a column apart."""
    page = [(title, 50, 60, 176)] if title else []
    page += [(t, 50, top + 11 * k, 50 + 3.5 * len(t)) for k, (t, _n) in enumerate(rows)]
    page += [(n, 306 - 4.25 * len(n), top + 11 * k, 306) for k, (_t, n) in enumerate(rows)]
    return [*page, ("421", 170, 500, 182)]


def test_index_of_first_lines_with_ranged_right_numbers():
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [_ranged("Index of First Lines")]))
    assert [(e.term, e.pages) for e in book.index] == [(t, (n,)) for t, n in FIRST_LINES]
    body = [ln.text for pg in book.pages for ln in pg.lines]
    assert not any(t in body for t, _n in FIRST_LINES) and "57" not in body


@pytest.mark.parametrize(
    "pages",
    [
        # must not change: a contents page at the front, its page numbers ranged right
        [
            _ranged("Contents", [("Preface", "1"), ("Hymns", "9"), ("Index", "421")]),
            *[PROSE_PAGE] * 4,
        ],
        # must not change: a list of hymns in the body, numbers ranged right, no index heading
        [*[PROSE_PAGE] * 4, _ranged("Hymns for the Sea"), PROSE_PAGE],
        # must not change: an index heading over a single line and its number
        [*[PROSE_PAGE] * 4, _ranged("Index", FIRST_LINES[:1]), PROSE_PAGE],
    ],
)
def test_ranged_right_numbers_without_an_index_stay(pages):
    book = _split_and_parse(_pdf_book(pages))
    assert book.index == ()
    body = [ln.text for pg in book.pages for ln in pg.lines]
    assert "57" in body or "421" in body


FIRST_LINE_ENTRIES = [
    # an index of first lines: the number after one space, commas inside the line
    ("Lord of tide and lord of harbour 214", ("Lord of tide and lord of harbour", ["214"], [], [])),
    ("Out of the deep I cried, and the deep was still 301",
     ("Out of the deep I cried, and the deep was still", ["301"], [], [])),
    # must not change: a short term, a year, a numbering word, a term with its locators
    ("Windows 10", ("Windows 10", [], [], [])),
    ("Apollo 11. See space flight", ("Apollo 11", [], ["space flight"], [])),
    ("the Act of Union 1707", ("the Act of Union 1707", [], [], [])),
    ("songs of the sea, Book 2", ("songs of the sea, Book 2", [], [], [])),
    ("Symphony in C No. 5", ("Symphony in C No. 5", [], [], [])),
    ("songs of the sea, ed. 2", ("songs of the sea, ed. 2", [], [], [])),
    ("the road to Route 66, 12", ("the road to Route 66", ["12"], [], [])),
]  # fmt: skip


@pytest.mark.parametrize(("line", "parsed"), FIRST_LINE_ENTRIES)
def test_first_line_entries(line, parsed):
    assert parse_entry(line) == parsed


# pdftotext -raw's flat index: a cross-reference turned over after "See under", a
# "See also" line after an entry closed by a stop, sub-sub-entries under a sub-entry with
# locators of its own, a lone sub-entry the book names after its head.
FLAT_RAW = [
    (
        "chapel, 3\ndiary of Lettice. See under\nQuarrie, Lettice\nfog, 2\n",
        [(0, "chapel", ["3"], [], []), (0, "diary of Lettice", [], ["under Quarrie, Lettice"], []),
         (0, "fog", ["2"], [], [])],
    ),
    (
        "Tregear, Joss, xv, 1–3\nWayfarer (ketch), xv, 1–4 passim.\nSee also Quarrie, Abel\n",
        [(0, "Tregear, Joss", ["xv", "1–3"], [], []),
         (0, "Wayfarer (ketch)", ["xv", "1–4 passim"], [], ["Quarrie, Abel"])],
    ),
    (
        "Parson (rock), 3\nQuarrie, Abel\ndeck log of, xiv–xv, 230\non his crew, 1–2\nAnsty, 2\n"
        "the boy, 2\npurchase of Wayfarer, xv\nSkail, 3–4\n",
        [(0, "Parson (rock)", ["3"], [], []), (0, "Quarrie, Abel", [], [], []),
         (1, "deck log of", ["xiv–xv", "230"], [], []), (1, "on his crew", ["1–2"], [], []),
         (2, "Ansty", ["2"], [], []), (2, "the boy", ["2"], [], []),
         (1, "purchase of Wayfarer", ["xv"], [], []), (0, "Skail", ["3–4"], [], [])],
    ),
    # must not change: a "see also" line under sub-entries, no stop before it: the head's
    (
        "mortar, 10\ncuring, 4\nlime, 6\nSee also cement\nnails, 20\n",
        [(0, "mortar", ["10"], [], ["cement"]), (1, "curing", ["4"], [], []),
         (1, "lime", ["6"], [], []), (0, "nails", ["20"], [], [])],
    ),
    # must not change: an entry out of order after a sub-entry with locators, the run not
    # going back among the sub-entries, is no sub-sub-entry
    (
        "R\nrecords, 40–42\nrepair of, 41\nbinding of, 43\nropes, 50\n",
        [(0, "records", ["40–42"], [], []), (1, "repair of", ["41"], [], []),
         (1, "binding of", ["43"], [], []), (0, "ropes", ["50"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), FLAT_RAW)
def test_flat_raw_index(text, tree):
    assert _tree(text) == tree


@pytest.mark.parametrize(
    ("said", "depth"),
    [
        ("The harbour is kept by the Penhallow Maritime Trust these days.", 1),
        # must not change: a book that does not name the two together
        ("The harbour is kept by a maritime trust of the town these days.", 0),
    ],
)
def test_lone_sub_entry_the_book_names_after_its_head(said, depth):
    text = (
        BODY + said + "\n" + "Index\n\nPenhallow, xv, 2, 201\nMaritime Trust, xv\nPorthgarra, 1\n"
    )
    index = clean_text(text + TAIL).book.index
    trust = [e for e in index if e.term == "Maritime Trust"]
    assert (not trust) == bool(depth)


# A cross-reference points to a main entry; a term printed twice, under a head that gathers
# it and in its own place, may be a sub-entry once.
TARGET_TWICE = [
    (
        "eyelets, 2\nfastenings\nRiveted Seam, 4\nWelded Joint, 8\ngrommets, 3\nRiveted Seam, 4\n"
        "solder, 6\nWelded Joint, 8\nwelding rod. See Welded Joint\n",
        [(0, "eyelets"), (0, "fastenings"), (1, "Riveted Seam"), (1, "Welded Joint"),
         (0, "grommets"), (0, "Riveted Seam"), (0, "solder"), (0, "Welded Joint"),
         (0, "welding rod")],
    ),
    # must not change: a target printed once stays a main entry
    (
        "eyelets, 2\nfastenings\nrivets, 4\nWelded Joint, 8\nwelding rod. See Welded Joint\n",
        [(0, "eyelets"), (0, "fastenings"), (1, "rivets"), (0, "Welded Joint"),
         (0, "welding rod")],
    ),
    # must not change: no head to gather the twice-printed term
    (
        "eyelets, 2\nfastenings, 5\ngrommets, 3\nRiveted Seam, 4\nsolder, 6\nWelded Joint, 8\n"
        "welding rod. See Welded Joint\n",
        [(0, "eyelets"), (0, "fastenings"), (0, "grommets"), (0, "Riveted Seam"), (0, "solder"),
         (0, "Welded Joint"), (0, "welding rod")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), TARGET_TWICE)
def test_cross_reference_target_printed_twice(text, shape):
    assert [(d, t) for d, t, *_ in _tree(text)] == shape


# An appendix with its page is a term of its own, not the turnover of the locators before it;
# a turnover only where the line before waits for it.
APPENDIX_TERMS = [
    (
        "ledgers\n  bound copies, 12\n  ruled columns, 14, 14n3\nAppendix C, 40n2\nbarter, 15\n",
        [(0, "ledgers", []), (1, "bound copies", ["12"]), (1, "ruled columns", ["14", "14n3"]),
         (0, "Appendix C", ["40n2"]), (0, "barter", ["15"])],
    ),
    (
        "almanacs, 3\nAnnex 2, 18\nbarter, 15\n",
        [(0, "almanacs", ["3"]), (0, "Annex 2", ["18"]), (0, "barter", ["15"])],
    ),
    # must not change: a list that waits for its locators
    (
        "almanacs, 3, 9,\nAppendix C, 40\nbarter, 15\n",
        [(0, "almanacs", ["3", "9", "Appendix C", "40"]), (0, "barter", ["15"])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), APPENDIX_TERMS)
def test_appendix_with_its_page_is_a_term(text, tree):
    assert [(d, t, pages) for d, t, pages, *_ in _tree(text)] == tree


_TERMS_BEFORE = ["acacia", "acorns", "alders", "almonds", "apples", "ashes", "aspens"]
_ENTRIES_BEFORE = "".join(f"{t}, {k + 1}\n" for k, t in enumerate(_TERMS_BEFORE))
_ENTRIES_BEFORE += "alpha, 3\nbeta, 5\ngamma, 7\n"
_PROSE_AFTER = (
    "Wren Talby keeps bees on a hill above the estuary town\n"
    "and has written about them for a small paper for years.\n"
    "She lives there with two cats who dislike the bees intensely.\n"
)


@pytest.mark.parametrize(
    ("tail", "terms", "body"),
    [
        # prose after the last entry, its heading gone: the last entry stays in the index
        ("", ["alpha", "beta", "gamma"], []),
        # must not change: a heading of one or two lines before the prose goes to the body
        ("The Beekeeper\n\n", ["alpha", "beta", "gamma"], ["The Beekeeper"]),
        ("The Beekeeper\nA Life\n\n", ["alpha", "beta", "gamma"], ["The Beekeeper", "A Life"]),
    ],
)
def test_prose_after_the_index_goes_back_to_the_body(tail, terms, body):
    result = clean_text(BODY + "Index\n\n" + _ENTRIES_BEFORE + "\f" + tail + _PROSE_AFTER)
    assert [e.term for e in result.book.index] == [*_TERMS_BEFORE, *terms]
    assert "gamma" not in result.body and "Wren Talby" in result.body
    assert all(h in result.body for h in body)


def test_turnover_before_prose_after_the_index_stays():
    # must not change: the turnover of the last entry's reference is no heading
    text = BODY + "Index\n\n" + _ENTRIES_BEFORE + "hives, 9. See also\nskeps\n\f" + _PROSE_AFTER
    result = clean_text(text)
    assert result.book.index[-1].term == "hives" and "skeps" not in result.body


# An inverted term whose part after the comma ends in a preposition or an article (``sky,
# colour of the``) is worded as a main entry: as a sub-entry it costs as a main entry worded
# as a sub-entry does.
INVERTED_MAIN = [
    (
        "sails, 2\nshackles\nbow, 4\nchain, 5\nkedge, 6\nstock, 7\nwinch, 8\n"
        "sky, colour of the, 9\nspars, 10\nstays, 11\n",
        [(0, "sails"), (0, "shackles"), (1, "bow"), (1, "chain"), (1, "kedge"), (1, "stock"),
         (1, "winch"), (0, "sky, colour of the"), (0, "spars"), (0, "stays")],
    ),
    # must not change: the same entry not inverted, or inverted without a function word
    (
        "sails, 2\nshackles\nbow, 4\nchain, 5\nkedge, 6\nstock, 7\nwinch, 8\n"
        "sky colours, 9\nspars, 10\nstays, 11\n",
        [(0, "sails"), (0, "shackles"), (1, "bow"), (1, "chain"), (1, "kedge"), (0, "stock"),
         (0, "winch"), (1, "sky colours"), (1, "spars"), (1, "stays")],
    ),
    (
        "sails, 2\nshackles\nbow, 4\nchain, 5\nkedge, 6\nstock, 7\nwinch, 8\n"
        "sky, red, 9\nspars, 10\nstays, 11\n",
        [(0, "sails"), (0, "shackles"), (1, "bow"), (1, "chain"), (1, "kedge"), (0, "stock"),
         (0, "winch"), (1, "sky, red"), (1, "spars"), (1, "stays")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), INVERTED_MAIN)
def test_inverted_term_is_worded_as_a_main_entry(text, shape):
    assert _shape(text) == shape


# A head with locators whose first sub-entry continues the main sequence (``Sea Ballads``
# after ``Corwen, Idris``): a sub-entry after all where the next entry, worded as a main
# entry, sorts between the two.
NEXT_WORDED_MAIN = [
    (
        "brass, 2\nCorwen, Idris, 10, 14\nSea Ballads, 10\ndeck, sweeping of the, 11\nfog, 12\n"
        "harbour, 13\n",
        [(0, "brass"), (0, "Corwen, Idris"), (1, "Sea Ballads"), (0, "deck, sweeping of the"),
         (0, "fog"), (0, "harbour")],
    ),
    # must not change: the next entry not worded as a main entry; one that sorts after
    (
        "brass, 2\nCorwen, Idris, 10, 14\nSea Ballads, 10\ndeck sweeping, 11\nfog, 12\n"
        "harbour, 13\n",
        [(0, "brass"), (0, "Corwen, Idris"), (0, "Sea Ballads"), (1, "deck sweeping"),
         (1, "fog"), (1, "harbour")],
    ),
    (
        "brass, 2\nCorwen, Idris, 10, 14\nSea Ballads, 10\ntides, turn of the, 11\nwaves, 12\n",
        [(0, "brass"), (0, "Corwen, Idris"), (0, "Sea Ballads"), (0, "tides, turn of the"),
         (0, "waves")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), NEXT_WORDED_MAIN)
def test_next_entry_worded_as_main_makes_a_sub_entry(text, shape):
    assert _shape(text) == shape


def test_right_column_parts_read_before_the_right_columns_own_lines():
    # an index page whose top rows the PDF extraction read across both columns, its lower
    # rows column by column: the right parts of the top rows come before the right
    # column's own lines, after the left column's last line
    def row(text, x0, top):
        return (text, x0, top, x0 + 4.0 * len(text.strip()))

    page = [
        row("Index", 50, 60),
        row("alders, 4   sedge, 9", 50, 90),
        row("ash, 6   sorrel, 11", 50, 101),
        row("birch, 7", 50, 112),
        row("  in fens, 8", 50, 123),
        row("bracken, 10", 50, 134),
        row("  bog, 12", 208, 112),
        row("spruce, 14", 200, 123),
    ]
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [page]))
    assert [
        (d, e.term) for x in book.index for d, e in [(0, x), *((1, s) for s in x.subentries)]
    ] == [(0, "alders"), (0, "ash"), (0, "birch"), (1, "in fens"), (0, "bracken"),
          (0, "sedge"), (0, "sorrel"), (1, "bog"), (0, "spruce")]  # fmt: skip


# Index pages built from characters (pipeline.pdf.page_lines): a short right-hand column

SIZE = 7.4


def _chars(text: str, x0: float, top: float, size: float = SIZE) -> list:
    w = 0.5 * size
    return [(ch, x0 + w * k, top, x0 + w * (k + 1), top + size, size, False)
            for k, ch in enumerate(text)]  # fmt: skip


def _page_texts(lines: list[tuple[str, float, float]], width=300.0, height=460.0) -> list[str]:
    from pipeline.pdf import ExtractParams, RawPage, page_lines

    raw = RawPage(1, width, height, [c for spec in lines for c in _chars(*spec)])
    return [ln.text.strip() for ln in page_lines(raw, ExtractParams()) if ln.text.strip()]


def _left_column(entries: list[str], top: float = 90.0, x0: float = 44.0) -> list:
    """Lines down the left-hand column, a letter heading before each new initial; a
    line that begins with two spaces is a sub-entry, set in by one em, with four a
    turnover, set in by two."""
    out, letter, y = [], "", top
    for e in entries:
        if not e.startswith(" ") and e[0].upper() != letter:
            letter = e[0].upper()
            out.append((letter, x0, y))
            y += 12.0
        out.append((e.strip(), x0 + SIZE * min(2, (len(e) - len(e.lstrip())) // 2), y))
        y += 9.2
    return out


STREET_LEFT = [
    "bank, Hebden and Cole's, 1, 1n1", "bowling green, 3", "Bridge Street, 3–4",
    "  former name, 2", "  walk along, 3–4", "charter of 1261, 1", "Corn Exchange, iv, 4",
    "Crossed Keys inn, 3", "Ferraby, Anselm, iv", "Forge Cottage, 3, 3n4",
    "Lambourne, Dorcas, 3n4", "Market Place, 1–2", "plaques, 2", "rate books, iv, 2n3",
    "Sheepwash Lane, 2–3", "  tannery, 2–3", "  washing of sheep, 2",
]  # fmt: skip


def _streets_page(locators: bool = True) -> list:
    """An index's last page: its title, a full left-hand column, and a right-hand one of
    a few entries whose first line begins closer to the longest left-hand line than a
    column gap (two ems), that line's row."""
    left = STREET_LEFT if locators else [e.split(",")[0] for e in STREET_LEFT]
    page = [("Index", 44.0, 57.0), *_left_column(left)]
    edge = 44.0 + 0.5 * SIZE * len(left[0]) + 2 * SIZE
    first = page[2][2]  # the row of the left column's first entry
    right = [("T", 0.0, first - 12.0)]
    if locators:
        right += [("Tanyard Row. See Sheepwash", 0.0, first), ("Lane", 2 * SIZE, first + 9.2),
                  ("toll house, 3", 0.0, first + 18.4), ("W", 0.0, first + 30.4),
                  ("Wool Hall, 1–2, 2n2. See also", 0.0, first + 42.0),
                  ("plaques", 2 * SIZE, first + 51.2)]  # fmt: skip
    else:
        right += [("Tanyard Row", 0.0, first), ("toll house", 0.0, first + 9.2),
                  ("W", 0.0, first + 21.2), ("Wool Hall", 0.0, first + 30.4)]  # fmt: skip
    return [*page, *((t, edge + dx, y) for t, dx, y in right), ("5", 148.0, 430.0)]


def test_short_right_column_beside_a_long_left_line_is_a_column():
    lines = _page_texts(_streets_page())
    assert lines[:3] == ["Index", "B", "bank, Hebden and Cole's, 1, 1n1"], lines
    assert lines[-9:] == ["washing of sheep, 2", "T", "Tanyard Row. See Sheepwash", "Lane",
                          "toll house, 3", "W", "Wool Hall, 1–2, 2n2. See also", "plaques",
                          "5"], lines  # fmt: skip


def test_short_right_column_without_locators_keeps_its_rows():
    # must not change: the same shape without page numbers (a list, a table) is no index's
    # columns; its rows read across
    lines = _page_texts(_streets_page(locators=False))
    assert "bank Tanyard Row" in [" ".join(t.split()) for t in lines], lines


def _gazetteer_page(locators: bool = True) -> list:
    """A gazetteer's page: a headnote set across the page, a left-hand column of entries
    ending in map squares and page ranges, and a right-hand column a third as long, its
    lines set half a line lower than the left-hand ones, turnovers set in two ems."""
    entries = [
        "Abbot's Cove, beach, 4; map B3", "buses, 4, 6", "Carrow Head, headland, iv, 4–5;",
        "    map A1", "  café, 5", "  lighthouse, 5", "Chapel Steps, street, 2; map C3",
        "Cliff Road, street, 2, 4", "Dunnock's, smokehouse, 2; map C2", "ferry, 6",
        "Harnport, town, 1–3; map C3", "  eating, 3", "  hotels, 2", "  tourist office, 1, 6",
        "Herring Fair, 2", "Herring Museum, 1–2", "lighthouse. See Carrow Head",
        "Pellin Sands, beach, 5, 6; map B2", "price bands, iv",
    ]  # fmt: skip
    if not locators:
        entries = [e.split(",")[0].split(".")[0] for e in entries]
    page = [
        ("Gazetteer and Index", 42.0, 63.0),
        ("Places are followed by their kind, their pages, their map square;", 42.0, 95.8),
        ("the squares are those of the map inside the back cover.", 42.0, 105.0),
        *_left_column(entries, top=122.0, x0=42.0),
    ]
    right = [("puffins, 5", 0.0), ("S", 0.0), ("St Bride's chapel, 2", 0.0),
             ("St Olave's Quay, harbour, 1–3, 6;", 0.0), ("map C3", 2 * SIZE),
             ("Saltney, village, 6", 0.0), ("seals, 4–5", 0.0),
             ("Sealwatch Point, headland, 4–5;", 0.0), ("map B3", 2 * SIZE),
             ("smokehouses, 1–2. See also", 0.0), ("Dunnock's", 2 * SIZE)]  # fmt: skip
    if not locators:
        right = [(t.split(",")[0].split(".")[0], dx) for t, dx in right]
    page += [(t, 178.0 + dx, 126.6 + 9.2 * k) for k, (t, dx) in enumerate(right)]
    return [*page, ("7", 154.0, 448.0)]


def test_short_right_column_under_a_headnote_is_a_column():
    lines = _page_texts(_gazetteer_page(), width=310.0, height=480.0)
    assert lines[3:6] == ["A", "Abbot's Cove, beach, 4; map B3", "B"], lines
    assert lines[-13:] == ["price bands, iv", "puffins, 5", "S", "St Bride's chapel, 2",
                           "St Olave's Quay, harbour, 1–3, 6;", "map C3", "Saltney, village, 6",
                           "seals, 4–5", "Sealwatch Point, headland, 4–5;", "map B3",
                           "smokehouses, 1–2. See also", "Dunnock's", "7"], lines  # fmt: skip


def test_short_right_column_under_a_headnote_without_locators_keeps_its_rows():
    # must not change: without page numbers the lines are read across the page, row by row
    lines = _page_texts(_gazetteer_page(locators=False), width=310.0, height=480.0)
    assert lines[3:5] == ["A", "puffins"], lines  # (by columns: after "price bands")


ENTRY_ENDS = [
    ("Bridge Street, 3–4", True),
    ("front matter, xii, xiv–xvi", True),
    ("Carrow Head, headland, iv, 4–5;", True),
    ("Knot, 61–62, 108–12", True),
    ("bank, 1, 1n1", True),
    # must not change: a table's row of figures, and prose, end in no locator
    ("Totals 1961–1970", False),
    ("the years 1961–1970 and after", False),
]


@pytest.mark.parametrize(("text", "end"), ENTRY_ENDS)
def test_index_entry_ends_with_page_ranges(text, end):
    from pipeline.pdf import ENTRY_END_RE

    assert bool(ENTRY_END_RE.search(text)) is end


def _piece(text: str, x0: float, top: float = 100.0):
    from pipeline.pdf import _Piece

    return _Piece(_chars(text, x0, top)).finish()


@pytest.mark.parametrize(
    ("extra", "moved"),
    [
        # a left-hand line that runs into the gutter, short of the right-hand column
        (("estuaries, 61–62, 229–37; see also Marrow Flats;", 44.0), True),
        # must not change: a heading centred across the gutter begins further in
        (("Index continued", 120.0), False),
        # must not change: a line from the left edge into the right-hand column
        (("a note set across both of the columns of the page, to the right", 44.0), False),
    ],
)
def test_gutter_moves_past_a_left_line_running_into_it(extra, moved):
    from pipeline.pdf import _past_gutter

    left = [_piece(f"entry {k}, {k + 1}", 44.0, 100.0 + 9.2 * k) for k in range(6)]
    right = [_piece(f"term {k}, {k + 3}", 230.0, 100.0 + 9.2 * k) for k in range(6)]
    g = 140.0
    new = _past_gutter([*left, _piece(extra[0], extra[1], 160.0), *right], g)
    assert (new > g) is moved
    if moved:
        assert 44.0 + 0.5 * SIZE * len(extra[0]) < new < 230.0


def _short_column_lines(right: list[str]) -> list[str]:
    """The lines of an index page: the full left-hand column of `STREET_LEFT`, and a
    right-hand column of a few lines beside its top (two spaces: set in one em)."""
    from pipeline.pdf import ExtractParams, RawPage, page_lines

    spec = [("Index", 44.0, 57.0), *_left_column(STREET_LEFT)]
    spec += [
        (t.strip(), 185.0 + SIZE * (len(t) - len(t.lstrip())) // 2, 90.0 + 9.2 * k)
        for k, t in enumerate(right)
    ]
    raw = RawPage(1, 300.0, 460.0, [c for s in spec for c in _chars(*s)])
    return [ln.text for ln in page_lines(raw, ExtractParams()) if ln.text.strip()][-len(right) :]


@pytest.mark.parametrize(
    "right",
    [
        # sub-entries turned over from the left-hand column, then an entry at the edge
        ["  at the wheel, 1–2", "  retirement, v, 4", "  death, v, 4", "Vaulkes, Matthias, iv"],
        # must not change: a short column of entries alone, and one with a sub-entry
        ["toll house, 3", "Tanyard Row, 2", "Wool Hall, 1–2"],
        ["toll house, 3", "  gate, 4", "Tanyard Row, 2", "Wool Hall, 1–2"],
    ],
)
def test_short_right_column_keeps_its_sub_entries_indent(right):
    assert _short_column_lines(right) == right


# A cross-reference to a head and a sub-entry after a colon (``See nets: winter storage``)
# names the sub-entry: in an index without indentation it is no main entry, though it
# would continue the main sequence (the book misfiles an entry after it either way).
NAMED_SUB = "keels, 3\nnets\nmending of, 4\ntarring, 5\nwinter storage, 6\noars, 7\npilots, 8\n"
NAMED_SUB_SHAPE = [
    (0, "keels"), (0, "nets"), (1, "mending of"), (1, "tarring"), (1, "winter storage"),
    (0, "oars"), (0, "pilots"), (0, "Pyke, J."), (0, "pike"),
]  # fmt: skip
NAMED_SUBS = [
    (NAMED_SUB + "Pyke, J., 9\npike. See nets: winter storage\n", NAMED_SUB_SHAPE),
    # a see-also after locators
    (NAMED_SUB + "Pyke, J., 9\npike, 10; see also nets: winter storage\n", NAMED_SUB_SHAPE),
]
NAMED_SUBS_UNCHANGED = [
    # letter groups keep the order; a reference to a main entry makes it none of the subs
    (
        "K\nkeels, 3\nN\nnets\nmending of, 4\ntarring, 5\nwinter storage, 6\nO\noars, 7\nP\n"
        "pilots, 8\nPyke, J., 9\npike. See nets: winter storage\n",
        NAMED_SUB_SHAPE,
    ),
    (NAMED_SUB + "Pyke, J., 9\npike. See Pyke, J.\n", NAMED_SUB_SHAPE),
]


@pytest.mark.parametrize(("text", "shape"), NAMED_SUBS + NAMED_SUBS_UNCHANGED)
def test_a_sub_entry_named_by_a_cross_reference(text, shape):
    assert _shape(text) == shape


def test_a_see_line_that_names_no_target_is_kept_not_dropped():
    from pipeline.conservation import check
    from pipeline.outputs import render_index_text

    text = "Notes\nIndex\nalpha 1.\nbeta see alpha\nbeta see alpha\nsee\n"
    r = clean_text(text)
    assert check(r.baseline, r.body, render_index_text(r.book.index), r.edits)["ok"]


# ---------------------------------------------------------------------------------------
# Chapter-and-verse locators (a scripture's index): ``2:9–11`` is a locator, as a page is;
# an entry locates by one system, so a verse among page numbers stays the term's.

VERSE_ENTRIES = [
    ("bread and salt, 2:11, 2:13, 3:4", ("bread and salt", ["2:11", "2:13", "3:4"], [], [])),
    ("drought, 2:1–13", ("drought", ["2:1–13"], [], [])),
    ("Tamsk, iv, 1:2", ("Tamsk", ["iv", "1:2"], [], [])),
    ("exile, 1:12–2:3", ("exile", ["1:12–2:3"], [], [])),
    ("river, 1:1–2, 3:8. See also ford", ("river", ["1:1–2", "3:8"], [], ["ford"])),
]
VERSE_ENTRIES_UNCHANGED = [
    # a verse, a time, a ratio among page numbers: the term's
    ("Psalms, 23:4, 67", ("Psalms, 23:4", ["67"], [], [])),
    ("Genesis 1:2, 52", ("Genesis 1:2", ["52"], [], [])),
    ("1:2, 52", ("1:2", ["52"], [], [])),
    ("meetings, 10:30, 45–46", ("meetings, 10:30", ["45–46"], [], [])),
    ("lists, 12, 40–44", ("lists", ["12", "40–44"], [], [])),
]


@pytest.mark.parametrize(("line", "parsed"), VERSE_ENTRIES + VERSE_ENTRIES_UNCHANGED)
def test_chapter_and_verse_locators(line, parsed):
    assert parse_entry(line) == parsed


VERSE_INDEX = (
    "Index of Names and Places\n\nB\nbread and salt, 2:11, 2:13, 3:4\n\nD\ndrought, 2:1–13\n"
    "  strangers in, 2:9–11\n\nH\nHaldren\n  death of, 3:13–14\n  finds the well, 2:4–8\n"
    "Hollin, well of, 2:8, 2:11,\n3:13–14\n\nR\nreed, 1:8, 3:6\n"
    "river, 1:1–2, 2:1, 2:12, 3:8. See\nalso ford\n"
)


def test_an_index_by_chapter_and_verse_is_split_and_parsed():
    result = clean_text(BODY + VERSE_INDEX)
    assert "bread and salt" not in result.body and "Index of Names" not in result.body
    assert _index_tree(VERSE_INDEX) == [
        (0, "bread and salt", ["2:11", "2:13", "3:4"], []),
        (0, "drought", ["2:1–13"], []),
        (1, "strangers in", ["2:9–11"], []),
        (0, "Haldren", [], []),
        (1, "death of", ["3:13–14"], []),
        (1, "finds the well", ["2:4–8"], []),
        (0, "Hollin, well of", ["2:8", "2:11", "3:13–14"], []),
        (0, "reed", ["1:8", "3:6"], []),
        (0, "river", ["1:1–2", "2:1", "2:12", "3:8"], ["ford"]),
    ]


@pytest.mark.parametrize(
    ("line", "only"),
    [
        ("3:13–14", True),
        ("2:8, 2:11, 3:13–14", True),
        ("iv, 1:2", True),
        # must not change: a verse and its page (an index of sources) is an entry's line
        ("1:2, 52", False),
        ("52, 1:2", False),
        ("12, 40–44", True),
    ],
)
def test_a_line_of_verse_locators_only(line, only):
    assert bool(LOCS_ONLY_RE.match(line)) is only


# ---------------------------------------------------------------------------------------
# Letter heads that OCR read as their letter twice or thrice (``Cc``, ``WwW``): letter
# heads, not head terms with the entries after them as their sub-entries.

OCR_LETTER_HEADS = [
    (
        "A\nAskew’s fish shop, 4–5\n\nCc\nCalder’s mill, 3\nhooter, 3\nwartime work, 3\n"
        "canal, 1, 3, 5\nD\nDoughty, Ernest, 2, 6\n\nWwW\nwar, 5–6\nair raid, 5\n"
        "washing day, 1\nWenlow Gazette, iv\n",
        [
            (0, "Askew’s fish shop", ["4–5"], [], []),
            (0, "Calder’s mill", ["3"], [], []),
            (1, "hooter", ["3"], [], []),
            (1, "wartime work", ["3"], [], []),
            (0, "canal", ["1", "3", "5"], [], []),
            (0, "Doughty, Ernest", ["2", "6"], [], []),
            (0, "war", ["5–6"], [], []),
            (1, "air raid", ["5"], [], []),
            (0, "washing day", ["1"], [], []),
            (0, "Wenlow Gazette", ["iv"], [], []),
        ],
    ),
    (
        "Aa\nabbeys, 4\naltars, 6\nB\nbells, 7\nSs\nsaints, 9\n",
        [
            (0, "abbeys", ["4"], [], []),
            (0, "altars", ["6"], [], []),
            (0, "bells", ["7"], [], []),
            (0, "saints", ["9"], [], []),
        ],
    ),
]
OCR_LETTER_HEADS_UNCHANGED = [
    # a term of one letter repeated that files among its letter's entries, after its
    # letter heading: a head term with its sub-entries
    (
        "A\nAA\nmeetings, 4\nsponsors, 5\nabbeys, 6\n",
        [(0, "AA", [], [], []), (1, "meetings", ["4"], [], []), (1, "sponsors", ["5"], [], []),
         (0, "abbeys", ["6"], [], [])],
    ),
    # the entry after it led by another letter
    (
        "A\nabbeys, 4\nBb\nmeetings, 4\nbells, 7\n",
        [(0, "abbeys", ["4"], [], []), (0, "Bb", [], [], []), (1, "meetings", ["4"], [], []),
         (0, "bells", ["7"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), OCR_LETTER_HEADS + OCR_LETTER_HEADS_UNCHANGED)
def test_letter_heads_misread_by_ocr(text, tree):
    assert _tree(text) == tree


# An extractor that reads a two-column index block by block interleaves the columns'
# letter groups; with the letter heads still over their entries, the groups go back in
# the order of their letters, each with its entries and sub-entries in their order.
LETTER_GROUPS_SCRAMBLED = [
    # default pdftotext: heads of both columns stacked, then each column's block; a block
    # filed under its own letter (``care``), then one of the printed heading's (``promises``)
    (
        "A\n\nO\n\nAthenaeum, Stannary, iv, 3n\n\nobjections, 2–3\nfrom reliance, 3\n"
        "from silence, 2\n\nB\nbare case, 1–2, 5, 7\nand strangers, 5\ndefined, 1\n\nP\n\n"
        "care in promising, 5–6\ncontract theorists, 5n\n\npromises\ncareless, 5–6\n"
        "release from, 6\n\nD\n\nR\n\ndiary, promise as, 2\ndying friend, promise to, 2\n\n"
        "release. See promises\n\nC\n\nS\n\nshepherd, 1–3, 7\nstrangers, 5–7\n",
        [(0, "Athenaeum, Stannary"), (0, "bare case"), (1, "and strangers"), (1, "defined"),
         (0, "care in promising"), (0, "contract theorists"), (0, "diary, promise as"),
         (0, "dying friend, promise to"), (0, "objections"), (1, "from reliance"),
         (1, "from silence"), (0, "promises"), (1, "careless"), (1, "release from"),
         (0, "release"), (0, "shepherd"), (0, "strangers")],
    ),
    # pdfminer's corner order: the entries before the first letter head end their group
    (
        "rules, iv, 6\n\nA\nanemone, beadlet, 3, 6\nstinging cells, 3\n\nS\nsnails, 4\n\n"
        "T\ntide, 1, 6\n\nB\nblenny, 5\nbuckets, 6\n\nC\ncrab, shore, 2, 4\n\nR\n"
        "rock pools, 1–2\ndangers in, 1\n",
        [(0, "anemone, beadlet"), (1, "stinging cells"), (0, "blenny"), (0, "buckets"),
         (0, "crab, shore"), (0, "rock pools"), (1, "dangers in"), (0, "rules"), (0, "snails"),
         (0, "tide")],
    ),
]  # fmt: skip
LETTER_GROUPS_UNCHANGED = [
    # groups in order already
    (
        "A\nabbey, 1\nabbots, 2\nB\nbells, 3\nbishops, 4\nC\ncats, 5\ncloisters, 6\nD\ndeans, 7\n",
        [(0, "abbey"), (0, "abbots"), (0, "bells"), (0, "bishops"), (0, "cats"),
         (0, "cloisters"), (0, "deans")],
    ),
    # no letter heads: the order is the book's
    (
        "objections, 2–3\nfrom reliance, 3\nAthenaeum, 4\n\nbare case, 1\ndefined, 1\n\n"
        "shepherd, 5\ncare, 6\ncontract, 7\n",
        [(0, "objections"), (1, "from reliance"), (0, "Athenaeum"), (0, "bare case"),
         (0, "defined"), (0, "shepherd"), (1, "care"), (1, "contract")],
    ),
    # heads whose entries are not led by their letters: no evidence of the groups
    (
        "A\nzebra, 1\nzinc, 2\nC\nyak, 3\nyew, 4\nB\nxylem, 5\nxerox, 6\n",
        [(0, "zebra"), (1, "zinc"), (0, "yak"), (1, "yew"), (0, "xylem"), (1, "xerox")],
    ),
    # a second index starts its letters again: nothing moves across its title
    (
        "A\nabbey, 1\nB\nbells, 2\nC\ncats, 3\n\nIndex of Places\n\nA\nAlbany, 4\nB\nBath, 5\n"
        "C\nCrewe, 6\n",
        [(0, "abbey"), (0, "bells"), (0, "cats"), (0, "Albany"), (0, "Bath"), (0, "Crewe")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), LETTER_GROUPS_SCRAMBLED + LETTER_GROUPS_UNCHANGED)
def test_letter_groups_put_back_in_order(text, shape):
    assert _shape(text) == shape


def test_letter_groups_reordered_is_logged():
    text = LETTER_GROUPS_SCRAMBLED[1][0]
    edits = [
        e
        for e in clean_text(BODY + "Index\n\n" + text).edits
        if e.rule == "letter_groups_reordered"
    ]
    assert [(e.before, e.after) for e in edits] == [("A S T B C R", "A B C R S T")]
    assert edits[0].evidence["letter_heads"] == 6


# In an index without indentation, a title led by an article after its author continues
# the main order, but the entry after it breaks the head's order and goes on after the
# title among sub-entries (filed without the article): the title is the head's first
# sub-entry, however it is capitalised.
TITLE_UNDER_AUTHOR = [
    (
        "S\nsubstitution, 6\nT\nTallant, Osric, 2, 6\nThe Civil Bond, 1n\non silence, 2\ntides, 4\n",
        [(0, "substitution"), (0, "Tallant, Osric"), (1, "The Civil Bond"), (1, "on silence"),
         (0, "tides")],
    ),

]  # fmt: skip
TITLE_UNDER_AUTHOR_UNCHANGED = [
    # a head without locators of its own: read so already
    (
        "S\nsubstitution, 6\nT\nTallant, Osric\nThe Civil Bond, 1n\non silence, 2\ntides, 4\n",
        [(0, "substitution"), (0, "Tallant, Osric"), (1, "The Civil Bond"), (1, "on silence"),
         (0, "tides")],
    ),
    # the entry after the title goes on in the main order: the title is a main entry
    (
        "S\nsubstitution, 6\nT\nTallant, Osric, 2, 6\nThe Civil Bond, 1n\ntides, 4\n",
        [(0, "substitution"), (0, "Tallant, Osric"), (0, "The Civil Bond"), (0, "tides")],
    ),
    (
        "S\nsubstitution, 6\nT\nThames, 2, 6\nThe Times, 1n\ntides, 4\n",
        [(0, "substitution"), (0, "Thames"), (0, "The Times"), (0, "tides")],
    ),
    # no article: a main entry in order, the sub-entry under it
    (
        "S\nsubstitution, 6\nT\nTallant, Osric, 2, 6\nTaylor, Ann, 1n\non silence, 2\ntides, 4\n",
        [(0, "substitution"), (0, "Tallant, Osric"), (0, "Taylor, Ann"), (1, "on silence"),
         (0, "tides")],
    ),
    # indented: the indentation decides, as it did
    (
        "S\nsubstitution, 6\nT\nTallant, Osric, 2, 6\n  The Civil Bond, 1n\n  on silence, 2\n"
        "Thames, 4\n  The Pool, 5\n",
        [(0, "substitution"), (0, "Tallant, Osric"), (1, "The Civil Bond"), (1, "on silence"),
         (0, "Thames"), (1, "The Pool")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), TITLE_UNDER_AUTHOR + TITLE_UNDER_AUTHOR_UNCHANGED)
def test_title_under_its_author_in_an_index_without_indentation(text, shape):
    assert _shape(text) == shape


# A cross-reference cut at a line end whose turnover the extractor set blocks later, in
# another letter's group (pdfminer's boxes): the lone word goes back on the reference
# when the two name an entry of the index together and the cut reference names none.
STRAY_TURNOVER = [
    (
        "S\nsnails, 4\n\nT\ntide, 1, 6. See also low\n\nB\nblenny, 5\nbuckets, 6\n\ntide\n\n"
        "L\nlimpet, 4–6\nlow tide, 1–2\n",
        [(0, "blenny", ["5"], [], []), (0, "buckets", ["6"], [], []),
         (0, "limpet", ["4–6"], [], []), (0, "low tide", ["1–2"], [], []),
         (0, "snails", ["4"], [], []), (0, "tide", ["1", "6"], [], ["low tide"])],
    ),
]  # fmt: skip
STRAY_TURNOVER_UNCHANGED = [
    # the cut reference names an entry on its own: no turnover waits
    (
        "S\nsnails, 4\n\nT\ntide, 1, 6. See also low\n\nB\nblenny, 5\nbuckets, 6\n\ntide\n\n"
        "L\nlimpet, 4–6\nlow, 3\nlow tide, 1–2\n",
        [(0, "blenny", ["5"], [], []), (0, "buckets", ["6"], [], []), (1, "tide", [], [], []),
         (0, "limpet", ["4–6"], [], []), (0, "low", ["3"], [], []),
         (0, "low tide", ["1–2"], [], []), (0, "snails", ["4"], [], []),
         (0, "tide", ["1", "6"], [], ["low"])],
    ),
    # a word of its group's letter: an entry where it stands
    (
        "S\nsnails, 4\n\nT\ntide, 1, 6. See also low\n\nB\nblenny, 5\nbuckets, 6\n\nbait\n\n"
        "L\nlimpet, 4–6\nlow bait, 1–2\n",
        [(0, "blenny", ["5"], [], []), (0, "buckets", ["6"], [], []), (0, "bait", [], [], []),
         (0, "limpet", ["4–6"], [], []), (0, "low bait", ["1–2"], [], []),
         (0, "snails", ["4"], [], []), (0, "tide", ["1", "6"], [], ["low"])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), STRAY_TURNOVER + STRAY_TURNOVER_UNCHANGED)
def test_stray_turnover_of_a_cross_reference(text, tree):
    assert _tree(text) == tree


# A run-in entry whose head, inverted, has a comma before its colon: the head's
# sub-entries follow it on the line, each with its own locators (dotted question numbers)
COLON_HEAD_INVERTED = [
    (
        "queen, 1.1–1.4\n\nquestions, kinds of: multiple choice, 1.1–1.3, 2.1; short answer,\n"
        "1.4–1.6, 2.2–2.5\n\nsupers, 2.2\n",
        [(0, "queen", ["1.1–1.4"], [], []), (0, "questions, kinds of", [], [], []),
         (1, "multiple choice", ["1.1–1.3", "2.1"], [], []),
         (1, "short answer", ["1.4–1.6", "2.2–2.5"], [], []), (0, "supers", ["2.2"], [], [])],
    ),
]  # fmt: skip
COLON_HEAD_INVERTED_UNCHANGED = [
    # a head without a comma, as before
    (
        "tidal range, 4\ntides: neap, 20–24; spring, 25\ntrawlers, 30\n",
        [(0, "tidal range", ["4"], [], []), (0, "tides", [], [], []),
         (1, "neap", ["20–24"], [], []), (1, "spring", ["25"], [], []),
         (0, "trawlers", ["30"], [], [])],
    ),
    # a colon inside a term without sub-entries after semicolons
    (
        "Smith, John: a life, 4, 9\nsupers, 2\n",
        [(0, "Smith, John: a life", ["4", "9"], [], []), (0, "supers", ["2"], [], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tree"), COLON_HEAD_INVERTED + COLON_HEAD_INVERTED_UNCHANGED)
def test_run_in_entry_with_an_inverted_head_before_its_colon(text, tree):
    assert _tree(text) == tree


# A layout text's index (pdftotext -layout, two columns side by side): heads without
# locators over sub-entries indented one step; a turnover sits deeper (two steps). The
# converter placed one block of the right column two characters off its margin, and set
# the next page's sub-entries a character shallower: no level of their own either way.
LAYOUT_COLUMNS = (
    "B                                     L\n"
    "bias, 1                               line transects, 3\n"
    "                                           width of, 3\n"
    "C\n"
    "counts, kinds of                    O\n"
    "     index counts, 1                observers\n"
    "     point counts, see point counts      differences between, 6\n"
    "                                         effect on counts, 6\n"
    "D\n"
    "dawn chorus, 6                      P\n"
    "density                             point counts, 2–3\n"
    "     from point counts, 3\n"
    "detectability, 1–3                  S\n"
    "distance sampling, 3, see also      sampling error, 5\n"
    "          detectability             skylark, 4\n"
    "\n"
    "H                                   V\n"
    "habitat                             visits, repeat, 5\n"
    "     comparing two, 5                    timing of, 6\n"
    "     farmland, 6\n"
    "\f"
    "W\n"
    "weather\n"
    "    rain, 6\n"
    "    wind, 6\n"
    "woodland, see habitat\n"
)
LAYOUT_HEADS = [
    (
        LAYOUT_COLUMNS,
        [(0, "bias"), (0, "counts, kinds of"), (1, "index counts"), (1, "point counts"),
         (0, "dawn chorus"), (0, "density"), (1, "from point counts"), (0, "detectability"),
         (0, "distance sampling"), (0, "habitat"), (1, "comparing two"), (1, "farmland"),
         (0, "line transects"), (1, "width of"), (0, "observers"),
         (1, "differences between"), (1, "effect on counts"), (0, "point counts"),
         (0, "sampling error"), (0, "skylark"), (0, "visits, repeat"), (1, "timing of"),
         (0, "weather"), (1, "rain"), (1, "wind"), (0, "woodland")],
    ),
    # one column: a head ending in a function word over its sub-entries
    (
        "A\nants, 2\n\nC\ncounts, kinds of\n     index counts, 1\n     point counts, 3\n"
        "cows, 4\n\nD\ndeer, 5\n",
        [(0, "ants"), (0, "counts, kinds of"), (1, "index counts"), (1, "point counts"),
         (0, "cows"), (0, "deer")],
    ),
]  # fmt: skip
LAYOUT_HEADS_UNCHANGED = [
    # a turnover set deeper than the sub-entries still goes on its head
    (
        "A\nants, 2\n\nC\ncoastal survey, methods\n          of, 1\n"
        "cows\n     calves, 3\n     heifers, 4\n\nD\ndeer, 5\n",
        [(0, "ants"), (0, "coastal survey, methods of"), (0, "cows"), (1, "calves"),
         (1, "heifers"), (0, "deer")],
    ),
    # a head ending in a function word over a line of locators alone, or a parenthesis
    (
        "A\nants, 2\n\nC\ncollection, sale of\n     (1781), 43\ncows, 4\n\nD\ndeer, 5\n",
        [(0, "ants"), (0, "collection, sale of (1781)"), (0, "cows"), (0, "deer")],
    ),
    # a letter heading off the margin whose entries are not: nothing to align
    (
        "A\nants, 2\n\n  C\ncows, 4\n     calves, 3\n\nD\ndeer, 5\n",
        [(0, "ants"), (0, "cows"), (1, "calves"), (0, "deer")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), LAYOUT_HEADS + LAYOUT_HEADS_UNCHANGED)
def test_layout_text_heads_without_locators_keep_their_sub_entries(text, shape):
    assert _shape(text + TAIL)[:-3] == shape


# A PDF index page whose extractor read one row across both columns as one line (a left
# line that runs up to the gutter, a cross-reference turned over with a hyphen, and the
# right column's first entry beside it), put after the right column's lines: the two
# parts go back in their columns by their row, the turnover back on its reference.
def _orchard_page(row: tuple[str, float, float, float]) -> list:
    def at(text, x0, top):
        return (text, x0, top, x0 + 4.0 * len(text))

    return [
        at("Index", 50, 60), at("B", 50, 90), at("tation", 90, 112), at("bees, 2", 50, 123),
        at("blossom, 2–3", 50, 134), at("C", 50, 150), at("canker, 3", 50, 161),
        at("cider", 50, 172), at("first glass of, 6", 70, 183), at("Corvey Sharp, 3", 50, 194),
        at("G", 200, 90), at("H", 200, 123), at("Hallowmere, iv", 200, 134),
        at("M", 200, 150), at("milling, 4", 200, 161), at("mistletoe, 3", 200, 172),
        row,
    ]  # fmt: skip


def _entries(book) -> list[tuple]:
    def walk(e, depth):
        yield (depth, e.term, list(e.pages), list(e.see_also))
        for sub in e.subentries:
            yield from walk(sub, depth + 1)

    return [x for e in book.index for x in walk(e, 0)]


SPANNING_ROWS = [
    (
        ("barrels, 5, see also fermen- grafting, 1–2", 50, 101, 252),
        [(0, "barrels", ["5"], ["fermentation"]), (0, "bees", ["2"], []),
         (0, "blossom", ["2–3"], []), (0, "canker", ["3"], []), (0, "cider", [], []),
         (1, "first glass of", ["6"], []), (0, "Corvey Sharp", ["3"], []),
         (0, "grafting", ["1–2"], []), (0, "Hallowmere", ["iv"], []),
         (0, "milling", ["4"], []), (0, "mistletoe", ["3"], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("row", "entries"), SPANNING_ROWS)
def test_a_row_read_across_both_columns_goes_back_in_its_columns(row, entries):
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [_orchard_page(row)]))
    assert _entries(book) == entries


def test_a_line_across_both_columns_whose_end_is_no_entry_stays_whole():
    row = ("barrels, 5, see also fermen- grafting of trees", 50, 101, 276)
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [_orchard_page(row)]))
    assert ["fermen- grafting of trees"] in [e[3] for e in _entries(book)]
    assert not [e for e in _entries(book) if e[1].startswith("grafting")]


def test_a_long_line_of_a_one_column_index_page_stays_whole():
    def at(text, x0, top):
        return (text, x0, top, x0 + 4.0 * len(text))

    page = [at("Index", 50, 60), at("B", 50, 90), at("bees, 2", 50, 101),
            at("barrels, 5, see also fermentation, grafting, 1–2", 50, 112),
            at("blossom, 2–3", 50, 123), at("  in frost, 3", 60, 134),
            at("  on walls, 4", 60, 145), at("C", 50, 160), at("canker, 3", 50, 171)]  # fmt: skip
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [page]))
    assert _entries(book) == [
        (0, "bees", ["2"], []), (0, "barrels", ["5"], ["fermentation, grafting, 1–2"]),
        (0, "blossom", ["2–3"], []), (1, "in frost", ["3"], []), (1, "on walls", ["4"], []),
        (0, "canker", ["3"], []),
    ]  # fmt: skip


# An OCR layer sets every word two spaces apart: a locator after two spaces is the
# term's only when nothing but the term stands before it, and no text is read twice.
OCR_SPACED = [
    (
        "birds,  see  also  weather  records  Tully,  Walter  Fenwick,  1",
        ("birds", [], [], ["weather records Tully, Walter Fenwick, 1"]),
    ),
]
OCR_SPACED_UNCHANGED = [
    ("quays,  (see  also  harbours)  4", ("quays", ["4"], [], ["harbours"])),
    ("erosion   141", ("erosion", ["141"], [], [])),
    ("Lord of the isles  214", ("Lord of the isles", ["214"], [], [])),
    ("night  watch,  see  watches", ("night watch", [], ["watches"], [])),
    ("Skerry  Sound,  1", ("Skerry Sound", ["1"], [], [])),
]


@pytest.mark.parametrize(("text", "parsed"), OCR_SPACED + OCR_SPACED_UNCHANGED)
def test_ocr_spaced_entry_reads_no_text_twice(text, parsed):
    assert parse_entry(text) == parsed


# An OCR layer that gives the right column's entries on the rows of the left column's
# first lines: where the right column starts shows from the rows whose parts stand a
# wide gap apart; a row whose left line runs up to the gutter parts there too.
def _ocr_page(first_row: tuple[str, float]) -> list:
    def at(text, top, x0=50.0):
        return (text, x0, top, x0 + 4.0 * len(text))

    def right(text, top, tail):
        return (text, 50.0, top, 170.0 + 4.0 * len(tail))

    return [
        at("Index", 60), (first_row[0], 50.0, 90, first_row[1]),
        right("Corrow  Head,  iv               watches,  4", 101, "watches,  4"),
        right("ducks,  3                       weather  records,  4", 112, "weather  records,  4"),
        at("fog  signal,  2", 123), at("keepers", 134), at("assistant,  4", 145, 70.0),
        at("lamps,  2", 156), at("Skerry  Sound,  1", 167),
    ]  # fmt: skip


OCR_ROWS = [
    (
        ("birds,  see  also  weather  records  Tully,  Walter  Fenwick,  1", 278.0),
        [(0, "birds", [], ["weather records"]), (0, "Corrow Head", ["iv"], []),
         (0, "ducks", ["3"], []), (0, "fog signal", ["2"], []), (0, "keepers", [], []),
         (1, "assistant", ["4"], []), (0, "lamps", ["2"], []), (0, "Skerry Sound", ["1"], []),
         (0, "Tully, Walter Fenwick", ["1"], []), (0, "watches", ["4"], []),
         (0, "weather records", ["4"], [])],
    ),
]  # fmt: skip
OCR_ROWS_UNCHANGED = [
    # a left line alone on its row, as long: no part of it starts where the column does
    (
        ("birds,  see  also  weather  records", 190.0),
        [(0, "birds", [], ["weather records"]), (0, "Corrow Head", ["iv"], []),
         (0, "ducks", ["3"], []), (0, "fog signal", ["2"], []), (0, "keepers", [], []),
         (1, "assistant", ["4"], []), (0, "lamps", ["2"], []), (0, "Skerry Sound", ["1"], []),
         (0, "watches", ["4"], []), (0, "weather records", ["4"], [])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("row", "entries"), OCR_ROWS + OCR_ROWS_UNCHANGED)
def test_ocr_rows_across_both_columns_part_at_the_gap_rows_edge(row, entries):
    book = _split_and_parse(_pdf_book([PROSE_PAGE] * 4 + [_ocr_page(row)]))
    assert _entries(book) == entries


# In an index without indentation, a sub-entry that sorts after its head is taken as one
# where the entry after it shares the head's first four letters, so that only that
# reading keeps the main entries in order (``handling`` / ``lessons`` / ``handstroke``).
AFTER_ITS_HEAD = [
    (
        "ferry, 3\ngate, 7\nhandling, 6\nlessons, 6\nhandstroke, 6\nmethod, 7\n",
        [
            (0, "ferry"),
            (0, "gate"),
            (0, "handling"),
            (1, "lessons"),
            (0, "handstroke"),
            (0, "method"),
        ],
    ),
]
AFTER_ITS_HEAD_UNCHANGED = [
    # the entry after it shares no more than a letter with the head: a misfiled main entry
    # reads as well, and main is the default
    (
        "ferry, 3\ngate, 7\nhandling, 6\nlessons, 6\nhorses, 6\nmethod, 7\n",
        [(0, "ferry"), (0, "gate"), (0, "handling"), (0, "lessons"), (0, "horses"),
         (0, "method")],
    ),
    # the entry after it goes on in order: all main entries
    (
        "ferry, 3\ngate, 7\nhandling, 6\nhandstroke, 6\nlessons, 6\nmethod, 7\n",
        [(0, "ferry"), (0, "gate"), (0, "handling"), (0, "handstroke"), (0, "lessons"),
         (0, "method")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), AFTER_ITS_HEAD + AFTER_ITS_HEAD_UNCHANGED)
def test_a_sub_entry_after_its_head_where_the_next_entry_neighbours_the_head(text, shape):
    assert _shape(text) == shape


# A bare head printed with its entry template's comma (LibreOffice Writer's index): the
# lines set in under it, each with locators, are its sub-entries, no turnover of it.
COMMA_HEADS = [
    (
        "abbey, 3\nbells, 4\nFanthorpe family,\n  Lady Harriet, 5\n  Sir Lucas, 2\n"
        "herringbone masonry, 2\n",
        [
            (0, "abbey"),
            (0, "bells"),
            (0, "Fanthorpe family"),
            (1, "Lady Harriet"),
            (1, "Sir Lucas"),
            (0, "herringbone masonry"),
        ],
    ),
]
COMMA_HEADS_UNCHANGED = [
    # one line set in under it, then a main entry: the head's turnover, as before
    (
        "abbey, 3\nbells, 4\ndistinct representatives,\n    system of, 47\nedges, 5\n",
        [(0, "abbey"), (0, "bells"), (0, "distinct representatives, system of"), (0, "edges")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shape"), COMMA_HEADS + COMMA_HEADS_UNCHANGED)
def test_a_bare_head_ending_in_a_comma_over_its_sub_entries(text, shape):
    assert _shape(text) == shape


def test_the_first_entry_under_its_letter_heading_is_no_group_heading():
    # a flat index (pdfminer's text): "Portavell" over "harbour" over "wall, 6" is a head
    # with its sub-entries, not a heading dividing the index ("Hebrew Bible" / "Genesis")
    text = (
        "N\nNorth Trail, 8–9\ncliff section, 8\nstart, 8\n\nP\nPortavell\n\nharbour\n\n"
        "wall, 6\noffice, 5\nhotel, 6, 8\n\nQ\nquarry, 6\n"
    )
    terms = [t for _d, t in _shape(text)]
    assert "Portavell" in terms and terms.index("Portavell") < terms.index("harbour")


def test_a_body_note_carried_to_the_index_page_goes_back_to_the_body():
    # (probe28 pondlife, LibreOffice Writer) footnote 4 of the last chapter is set at the
    # foot of the index page, under the left-hand column: it is the body's, and "oxygen"
    # keeps its sub-entries (before, the note stood between them in the index)
    from pathlib import Path

    from pipeline.inputs import read_book
    from pipeline.outputs import render_body, render_index_text
    from pipeline.runner import run
    from tests.goldens import case_config

    case = Path(__file__).parent.parent / "fixtures/probe28/pondlife-writer-2col"
    book = run(read_book(case / "input.pdf"), case_config(case)).book
    assert "4 Pond Life 2: The Pond Year, by the same author." in render_body(book)
    assert "oxygen\n  at night, 4\n  in roots, 6\n" in render_index_text(book.index)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        # the first locator after a space alone (ConTeXt's register, many house styles)
        (
            "Index\n\ncounty recorder 3, 6\nDecember Moth 7\nlamp 2, 4\n  bulb 4\n"
            "light trap 2–3\nmercury vapour bulb see lamp\nmoon 3\n",
            [
                (0, "county recorder", ["3", "6"], []),
                (0, "December Moth", ["7"], []),
                (0, "lamp", ["2", "4"], []),
                (1, "bulb", ["4"], []),
                (0, "light trap", ["2–3"], []),
                (0, "mercury vapour bulb", [], []),
                (0, "moon", ["3"], []),
            ],
        ),
        # must not change: an index with commas keeps the numbers of its terms
        (
            "Index\n\nApollo 11, 34\nbeacons, 3, 6\nPsalm 23, 12\nWindows 10\n  setup, 4\n"
            "zones, 9\n",
            [
                (0, "Apollo 11", ["34"], []),
                (0, "beacons", ["3", "6"], []),
                (0, "Psalm 23", ["12"], []),
                (0, "Windows 10", [], []),
                (1, "setup", ["4"], []),
                (0, "zones", ["9"], []),
            ],
        ),
    ],
)
def test_first_locator_after_a_space_alone(index, expected):
    assert _index_tree(index) == expected


def test_pdfplumber_layout_index_heading_beside_the_right_column_and_rows_apart():
    """pdfplumber's layout text: the heading on one row with the right column's first
    entry, and each column's rows on lines of their own where they fall between the
    other's; each column read whole, left first, its own indents kept."""
    index = (
        "        Index                  transects, 2\n"
        "\n"
        "                                 Northmere, 3\n"
        "        batteries, 2\n"
        "                               undo, see keys, minus\n"
        "        capital letters, 3\n"
        "                               version 2.1, 2\n"
        "        check command, 4\n"
        "                               weather, 2\n"
        "        keys, 3\n"
        "          minus, 3\n"
        "        mallard, 3\n"
    )
    res = clean_text(BODY + "\f" + index)
    tree = [
        (d, t)
        for e in res.book.index
        for d, t in [(0, e.term)] + [(1, s.term) for s in e.subentries]
    ]
    assert tree == [
        (0, "batteries"),
        (0, "capital letters"),
        (0, "check command"),
        (0, "keys"),
        (1, "minus"),
        (0, "mallard"),
        (0, "transects"),
        (1, "Northmere"),
        (0, "undo"),
        (0, "version 2.1"),
        (0, "weather"),
    ], tree
    assert "transects" not in res.body and "Index" not in res.body


def test_an_index_read_across_its_two_columns_row_by_row_is_parted():
    # (pdfplumber's plain text: each row holds an entry of each column, one space between)
    rows = [
        "anchors, 2, 4 moorings, 2, 3",
        "buoys, 4 nets, 2, 3",
        "charts, 2; see also tide tables oars, 3; see also rowlocks",
        "cleats, 2, 4 pontoons, 4",
        "cordage, see moorings rowlocks, 2, 4",
        "dinghies, 2–3 tide tables, 4",
    ]
    result = clean_text(BODY + "\fIndex\n" + "\n".join(rows) + "\n")
    terms = [e.term for e in result.book.index]
    assert terms == [
        "anchors", "buoys", "charts", "cleats", "cordage", "dinghies",
        "moorings", "nets", "oars", "pontoons", "rowlocks", "tide tables",
    ]  # fmt: skip
    charts = result.book.index[2]
    assert charts.pages == ("2",) and "tide tables" in " ".join(charts.see_also)
    assert [e.rule for e in result.edits].count("merged_row") == 6


def test_entries_with_numbers_in_their_terms_are_no_merged_rows():
    rows = [
        "Route 66, 12",
        "tides, 12, 14 and 16",
        "Henry V, 4",
        "Apollo 11 landing, 9",
        "zones, 3",
        "yards, 5",
    ]
    result = clean_text(BODY + "\fIndex\n" + "\n".join(rows) + "\n")
    assert not [e for e in result.edits if e.rule == "merged_row"]
