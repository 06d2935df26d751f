"""split_columns: side-by-side columns of a layout-preserving text export."""

from __future__ import annotations

import itertools
import textwrap

import pytest
import regex

from pipeline import clean_text
from stages.columns import ColumnParams, find_gutter

BODY = "This paragraph of the book runs on for a while, as the paragraphs of books do.\n" * 40

LEFT = [
    "Index",
    "",
    "abstraction, 12, 45–47",
    "   leaky, 48",
    "accumulators, 203",
    "adapters, 17",
    "algorithms, 5, 9–11",
    "   greedy, 90",
    "Amdahl’s law, 312",
    "API design, 14–16",
]
RIGHT = [
    "",
    "",
    "back pressure, 77",
    "batching, 61–63",
    "Bloom filters, 140",
    "buffers, 33",
    "   ring, 35",
    "caches, 101–104",
    "   eviction, 102",
    "checkpoints, 66",
]


def _page(left: list[str], right: list[str], at: int = 44) -> str:
    return "\n".join(f"{a:<{at}}{b}".rstrip() for a, b in zip(left, right, strict=True)) + "\n"


def test_two_column_index_is_read_column_by_column():
    result = clean_text(BODY + "\f" + _page(LEFT, RIGHT))
    terms = [e.term for e in result.book.index]
    assert terms == [
        "abstraction", "accumulators", "adapters", "algorithms", "Amdahl’s law", "API design",
        "back pressure", "batching", "Bloom filters", "buffers", "caches", "checkpoints",
    ]  # fmt: skip
    subs = {e.term: [s.term for s in e.subentries] for e in result.book.index}
    assert subs["buffers"] == ["ring"] and subs["caches"] == ["eviction"]
    assert any(e.rule == "two_columns" for e in result.edits)


def test_columns_that_begin_below_text_set_across_the_page():
    prose = "The last paragraph of the last chapter is set across the whole width of the page."
    page = prose + "\n" + _page(LEFT[2:], RIGHT[2:])
    result = clean_text(BODY + "\f" + page)
    assert prose in result.body
    assert any(e.rule == "two_columns" for e in result.edits)
    out = result.body + "\n".join(line.text for line in result.book.index_lines)
    # the left column's last entry comes before the right column's first
    assert out.index("Amdahl") < out.index("API design") < out.index("back pressure")


def test_a_table_of_figures_keeps_its_rows():
    rows = [f"{'Region ' + str(i):<20}{1000 + i * 37:>8}{i * 3.5:>10.1f}" for i in range(10)]
    assert find_gutter(rows, ColumnParams()) is None


TITLE_PAGES = [
    "THE SALT ROADS",
    "",
    "A History of Inland Trade",
    "",
    "MARGARET ELLSWORTH",
    "",
    "Copyright © 2019 by Margaret Ellsworth",
    "All rights reserved. No part of this book may be reproduced in any",
    "form without written permission from the publisher.",
    "ISBN 978-0-00-000000-0",
    "Printed in the United States of America",
    "First edition",
    "10 9 8 7 6 5 4 3 2 1",
    "",
    "Contents",
    "",
]
CONTENTS = [
    ("Preface", "ix"), ("Acknowledgements", "xiii"), ("1  The First Roads", "1"),
    ("2  Salt and Silver", "23"), ("3  The Inland Sea", "47"), ("   Markets and Fairs", "52"),
    ("   The Toll Houses", "61"), ("4  Decline", "89"), ("Notes", "211"), ("Index", "243"),
]  # fmt: skip


def test_a_table_of_contents_under_a_paragraph_keeps_its_rows():
    # The paragraph above runs words across the gutter; the rows beside it hold only page
    # numbers on the right, which make no column.
    rows = TITLE_PAGES + [f"{title:<44}{folio:>4}" for title, folio in CONTENTS]
    assert find_gutter(rows, ColumnParams()) is None
    result = clean_text(BODY + "\f" + "\n".join(rows) + "\n")
    assert not any(e.rule == "two_columns" for e in result.edits)
    for title, folio in CONTENTS:  # each entry beside its page number, on a line of its own
        assert regex.search(rf"(?m)^ *{regex.escape(title.strip())} +{folio}$", result.body)


def test_prose_and_a_short_table_are_no_columns():
    prose = [
        "A line of prose runs across the page and ends where the measure ends, more or less.",
        "Name        Value",
        "retries     3",
        "timeout     30 s",
        "Another line of prose runs across the page and ends where the measure ends.",
    ] * 3
    assert find_gutter(prose, ColumnParams()) is None


def test_columns_can_be_switched_off():
    text = BODY + "\f" + _page(LEFT, RIGHT)
    result = clean_text(text, sets=["split_columns.enabled=false"])
    assert not any(e.rule == "two_columns" for e in result.edits)


def _tree(result) -> list[tuple[int, str]]:
    def walk(e, depth):
        yield (depth, e.term)
        for sub in e.subentries:
            yield from walk(sub, depth + 1)

    return [x for e in result.book.index for x in walk(e, 0)]


def test_each_column_is_indented_from_its_own_left_edge():
    # pdftotext -layout sets the left column two spaces in; the right column starts at the
    # gutter. Sub-entries are indented three spaces from their own column's edge.
    left = ["  " + t if t else t for t in LEFT[2:]]
    right = RIGHT[2:]
    page = "                     INDEX\n\n" + _page(left, right) + "\n" + " " * 22 + "I-1\n"
    result = clean_text(BODY + "\f" + page)
    tree = _tree(result)
    assert [t for d, t in tree if d == 0][:6] == [
        "abstraction", "accumulators", "adapters", "algorithms", "Amdahl’s law", "API design",
    ]  # fmt: skip
    assert [(d, t) for d, t in tree if d == 1] == [
        (1, "leaky"), (1, "greedy"), (1, "ring"), (1, "eviction"),
    ]  # fmt: skip
    assert "I-1" not in result.body and all("I-1" not in t for _, t in tree)


def test_a_column_without_margin_keeps_its_indentation():
    # must not change: columns that start at the edge, sub-entries indented under heads
    left = ["Index", "", *LEFT[2:]]
    result = clean_text(BODY + "\f" + _page(left, RIGHT))
    subs = {t: d for d, t in _tree(result)}
    assert subs["leaky"] == 1 and subs["greedy"] == 1 and subs["ring"] == 1
    assert subs["abstraction"] == 0 and subs["accumulators"] == 0


def test_a_column_of_mostly_sub_entries_keeps_its_levels():
    # one head and many sub-entries in the left column, both columns set in from the edge
    left = ["  harness", "     buckles, 3", "     girths, 4", "     reins, 5", "     saddles, 6",
            "     stirrups, 7", "  hay, 9"]  # fmt: skip
    right = ["hoof care, 12", "hooves, 14", "   cracks, 15", "horseshoes, 16", "   nails, 17",
             "hurdles, 19", "hydration, 20"]  # fmt: skip
    tree = _tree(clean_text(BODY + "\fIndex\n\n" + _page(left, right, at=40)))
    assert [t for d, t in tree if d == 0] == [
        "harness", "hay", "hoof care", "hooves", "horseshoes", "hurdles", "hydration",
    ]  # fmt: skip
    assert [t for d, t in tree if d == 1] == [
        "buckles", "girths", "reins", "saddles", "stirrups", "cracks", "nails",
    ]  # fmt: skip


def test_text_above_the_columns_keeps_its_indentation():
    from pipeline.document import Line
    from stages.columns import split_page

    rows = [
        "   The last paragraph of a chapter starts here and runs across the whole page.",
        "It ends here.",
        *(f"  {f'left {i}, {i}':<28}right {i}, {i}" for i in range(6)),
    ]
    out = [ln.text for ln in split_page(tuple(Line(t, 1) for t in rows), 30)]
    assert out[:2] == rows[:2]
    assert out[2:] == [f"left {i}, {i}" for i in range(6)] + [f"right {i}, {i}" for i in range(6)]


COL_A = [
    "The fast part of the cycle turns over in",
    "years; the slow part takes far longer, and",
    "over such spans it sets the level of the",
    "gas in the air. On the scale of a life it",
    "can be treated as constant, and so it is.",
    "The numbers are rounded and several are",
    "uncertain, but they make one point clearly.",
]
COL_B = [
    "Both sinks respond to the concentration",
    "itself. Sea water takes up more gas when",
    "the pressure above it rises, and plants",
    "grow faster in richer air, provided that",
    "water and nutrients do not limit them. But",
    "warming weakens both effects, and models",
    "project a larger airborne share in time.",
]


def test_head_with_folio_and_a_box_across_the_page_stay_outside_the_columns():
    head = "      95" + " " * 40 + "THE CARBON CYCLE"
    box = [
        "",
        "  Box 4.1 Units",
        "",
        "  Quantities are given in gigatonnes of carbon throughout; one gigatonne is a thousand",
        "  million tonnes. To convert to the mass of the gas, multiply by 44/12 , about 3.67.",
    ]
    page = "\n".join(
        [head, "", "      " + _page(COL_A, COL_B, at=48).replace("\n", "\n      "), *box]
    )
    result = clean_text(BODY + "\f" + page + "\n")
    body = result.body
    # the left column, then the right, then the box; the head is no column text
    assert body.index("clearly.") < body.index("Both sinks") < body.index("Box 4.1 Units")
    assert "95 Both" not in body and "cycle turns over in years" in body
    # the box is prose again (its spacing fixed), not a block set in like code
    assert "multiply by 44/12, about 3.67" in body


def test_index_columns_with_letter_heads_and_a_set_in_last_entry():
    left = ["L", "", "latency, 99th percentile, 143–", "   144", "M", "", "mutexes, 88", "P", "",
            "panics, 12, 40", "Q", "", "queries", "   QueryTimeout, 144"]  # fmt: skip
    right = ["R", "", "retries, 143, 210", "rows, 61", "S", "", "select, 70", "   default, 71",
             "slices, 18", "T", "", "timeouts, 99", "   per-layer, 100", "tickers, 75"]  # fmt: skip
    page = _page(left, right, at=40)
    gutter = find_gutter(page.splitlines(), ColumnParams())
    assert gutter == 40
    result = clean_text(BODY + "\fIndex\n\n" + page)
    subs = {e.term: [s.term for s in e.subentries] for e in result.book.index}
    assert subs["queries"] == ["QueryTimeout"] and subs["timeouts"] == ["per-layer"]


def test_a_two_column_page_whose_rows_alternate_reads_each_column_on():
    # pdftotext -layout of two columns whose baselines do not line up: a row of the left
    # column, then one of the right. A column's empty rows beside the other column's
    # lines are no paragraph breaks where its text runs on; the head at a recto's outer
    # corner and the foot with the folio stay at the page's edges.
    words = "harbour castle market chapel quay tower garden bridge".split()

    def page(n: int) -> str:
        w = words[n:] + words[:n]
        aligned_left = [f"The {a} by the {b} on the way" for a, b in itertools.pairwise(w)]
        aligned_right = [f"and the {b} beside the {a} is old" for a, b in itertools.pairwise(w)]
        left = [
            f"The old {w[0]} fills the headland, and for",
            "",
            "six centuries it was the whole of the",
            "",
            "town: a knot of houses inside a wall.",
            "",
            f"Visitors come to see the {w[1]}.",
            "",
        ]
        right = [
            "",
            f"Shoes with a grip are wise at the {w[2]}, since",
            "",
            f"the {w[4]} paving stones are smooth",  # (each page's own lines: a line
            "",  # printed word for word at the foot of every page is a running foot)
            f"by the feet of {w[5]} folk and are slippery.",
            "",
            f"Both {w[3]} car parks charge by the minute.",
        ]
        return (
            " " * 50
            + "THE OLD TOWN\n\n"
            + _page(aligned_left + left, aligned_right + right)
            + "\n\nCastellmar & the Sorra Coast"
            + " " * 40
            + f"{65 + n}\n"
        )

    body = clean_text("\f".join(page(n) for n in range(4))).body
    assert "for six centuries it was the whole of the town: a knot of houses" in body, body
    assert f"since the {words[4]} paving stones are smooth by the feet of {words[5]} folk" in body
    assert "THE OLD TOWN" not in body and "Sorra Coast" not in body, body


# The last page of an index whose right-hand column runs short, as pdftotext -layout sets
# it: the columns' line pitches differ (letter heads with room above), so the right
# column's lines stand on rows of their own between the left column's, and only a few rows
# hold both. Each case: the page's lines (left part, right part) and the tree expected.
SHORT_RIGHT = {
    "alternating rows, no margin": (
        [
            ("Symbols", "rivets, iv, 1, 5"),
            ("#tally mark, 5", ""),
            ("", "S"),
            ("B", "saddle stitch, 4. See also binding"),
            ("bench hook, iv, 2", ""),
            ("", "T"),
            ("binding, 4–5", ""),
            ("  case, 4", "tenon saw, iv, 2, 4"),
            ("  quarter, 4", "U"),
            ("bone folder, 4–5", ""),
            ("", "undercut, 2–3, 5"),
            ("D", ""),
            ("", "V"),
            ("dividers, 1, 3, 5", ""),
            ("", "vice, 5"),
            ("G", ""),
            ("gauge, 2", ""),
            ("  marking, 4", ""),
            ("", ""),
            ("K", ""),
            ("knife, 1–2", ""),
            ("   paring, 1", ""),
            ("   skew, 2", ""),
            ("", ""),
            ("M", ""),
            ("mallet, 4–5", ""),
            ("", ""),
            ("P", ""),
            ("plane, 5–6", ""),
            ("   block, 5", ""),
            ("   jack, 6", ""),
        ],
        0,
        [
            (0, "#tally mark"),
            (0, "bench hook"),
            (0, "binding"),
            (1, "case"),
            (1, "quarter"),
            (0, "bone folder"),
            (0, "dividers"),
            (0, "gauge"),
            (1, "marking"),
            (0, "knife"),
            (1, "paring"),
            (1, "skew"),
            (0, "mallet"),
            (0, "plane"),
            (1, "block"),
            (1, "jack"),
            (0, "rivets"),
            (0, "saddle stitch"),
            (0, "tenon saw"),
            (0, "undercut"),
            (0, "vice"),
        ],
    ),
    "page margin in spaces": (
        [
            ("A", "Sanderby Gazette, 110"),
            ("Arden, Tom, 111", "shed, new, 111"),
            ("Aysgarth Rovers, 109, 111", ""),
            ("", "T"),
            ("C", "Tolland, Ray, 109, 111"),
            ("crossbar, 109", "turnstiles, 110"),
            ("", ""),
            ("D", "W"),
            ("derby, 109", "Wexcombe United, 110, 111"),
            ("", ""),
            ("F", ""),
            ("floodlights", ""),
            ("   failure of, 109–110", ""),
            ("   new, 111", ""),
            ("", ""),
            ("K", ""),
            ("kit, 110", ""),
            ("", ""),
            ("M", ""),
            ("Marsh, Lenny, 110, 111", ""),
            ("", ""),
            ("P", ""),
            ("pitch, 109", ""),
            ("   drainage of, 110", ""),
            ("   relaid, 111", ""),
        ],
        17,
        [
            (0, "Arden, Tom"),
            (0, "Aysgarth Rovers"),
            (0, "crossbar"),
            (0, "derby"),
            (0, "floodlights"),
            (1, "failure of"),
            (1, "new"),
            (0, "kit"),
            (0, "Marsh, Lenny"),
            (0, "pitch"),
            (1, "drainage of"),
            (1, "relaid"),
            (0, "Sanderby Gazette"),
            (0, "shed, new"),
            (0, "Tolland, Ray"),
            (0, "turnstiles"),
            (0, "Wexcombe United"),
        ],
    ),
}


@pytest.mark.parametrize("name", SHORT_RIGHT)
def test_a_short_right_column_is_read_after_the_left(name):
    rows, margin, expected = SHORT_RIGHT[name]
    page = "\n".join((" " * margin + f"{a:<36}{b}").rstrip() if a or b else "" for a, b in rows)
    page = " " * margin + "Index\n" + page + "\n\n\n" + " " * (margin + 30) + "7\n"
    result = clean_text(BODY + "\f" + page)
    assert any(e.rule == "two_columns" for e in result.edits)
    assert _tree(result) == expected


# Must not change: too few rows with text on both sides to show a gutter, however many
# lines stand alone at one indent (a listing set in, a table of figures with its totals).
NO_GUTTER = {
    "two rows beside a listing set in": [
        "A paragraph of prose that is short",
        "Another short line         of text",
        "Some more short text       on rows",
        *(" " * 27 + f"step {i} of the job" for i in range(8)),
    ],
    "figures with their totals alone": [
        *(f"{'Region ' + str(i):<20}{1000 + i * 37:>8}" for i in range(4)),
        *(" " * 20 + f"{5000 + i:>8}" for i in range(4)),
    ],
}


@pytest.mark.parametrize("name", NO_GUTTER)
def test_lines_alone_at_an_indent_make_no_gutter(name):
    assert find_gutter(NO_GUTTER[name], ColumnParams()) is None


def _paper_page(folio: int) -> str:
    """A page of a two-column paper as ``pdftotext -layout`` writes it: a head with its
    folio, a title block centred across the page, an abstract set in across both columns,
    then two columns, the left one ending in a footnote whose raised mark sits alone."""
    left = [
        "1      Sources",
        "The mill accounts of Brackley",
        "list every sack of meal ground",
        "for the parish, week by week,",
        "from 1812 to 1860.1 We read",
        "the volumes that survive and",
        "counted the sacks in each",
        "year of the series, which",
        "",
        "    1",
        "    Two volumes, for the years",
        "1830 and 1831, were burned.",
    ]
    right = [
        "runs without a gap except",
        "for the two burned volumes.",
        "",
        "2     Findings",
        "Meal ground per head fell by",
        "a third after the new bridge",
        "opened, since farms upriver",
        "could then send grain to the",
        "larger mills at the town.",
        "",
        "References",
        "[1] P. Aske. Mills of the vale.",
        "    Vale Studies 3, 2001.",
    ]
    rows = [f"{a:<34}{b}".rstrip() for a, b in zip([*left, ""], right, strict=True)]
    return "\n".join(
        [
            f"Brackley Papers 2024                                        {folio}",
            "",
            "        Grinding Corn at Brackley Mill",
            "               Perrin Ashdown and Nell Carver",
            "                    Vale History Society",
            "    Abstract. Mill accounts record the meal ground each week.",
            "    We read them for fifty years and find that the parish ground",
            "    less after its bridge was built, which tells us where the",
            "    farmers took their grain.",
            "",
            *rows,
        ]
    )


def _column_pages(*folios: int) -> str:
    """Pages of two columns of prose, 30 characters wide, each under its head."""
    pages = []
    for folio in folios:
        words = " ".join(
            f"On day {folio * 40 + i} the miller weighed the sacks and wrote the total down."
            for i in range(24)
        )
        lines = textwrap.wrap(words, 30)
        half = len(lines) // 2
        rows = [f"{a:<34}{b}".rstrip() for a, b in zip(lines[:half], lines[half:], strict=False)]
        pages.append("\n".join([f"Brackley Papers 2024{folio:>42}", "", *rows]))
    return "\f".join(pages)


def test_a_two_column_paper_page_under_a_title_block_is_read_column_by_column():
    # (a book set in columns: its full line is a column's)
    result = clean_text(_paper_page(9) + "\f" + _column_pages(10, 11))
    body = "\n\n" + result.body
    assert any(e.rule == "two_columns" for e in result.edits)
    # the title block's centred lines each stand alone; the abstract set in is one paragraph
    for line in ["Grinding Corn at Brackley Mill", "Perrin Ashdown and Nell Carver",
                 "Vale History Society"]:  # fmt: skip
        assert f"\n\n{line}\n\n" in body
    assert "Abstract. Mill accounts record the meal ground each week. We read them" in body
    # the left column's sentence runs on into the right column, past the footnote
    assert "counted the sacks in each year of the series, which runs without a gap" in body
    assert "1 Two volumes, for the years 1830 and 1831, were burned." in body
    # a reference's turned line, set in under its text, goes on
    assert "[1] P. Aske. Mills of the vale. Vale Studies 3, 2001." in body
    assert "\n\nReferences\n\n" in body
