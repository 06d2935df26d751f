"""strip_furniture: running heads, feet and page numbers go; look-alike body text stays."""

from __future__ import annotations

import pytest

from pipeline import clean_text

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
]


def fill(seed: int, lines: int = 4) -> str:
    """Body lines that differ from page to page, as real pages do."""
    out = []
    for i in range(lines):
        words = [WORDS[(seed * 7 + i * 3 + k) % len(WORDS)] for k in range(11)]
        out.append("Body " + " ".join(words) + ".\n")
    return "".join(out)


def pages(*texts: str) -> str:
    return "\f".join(texts)


def test_lone_page_numbers_counting_up():
    text = pages(*(f"{fill(n)}\n{n}\n" for n in range(10, 14)))
    result = clean_text(text)
    assert not any(ch.isdigit() for ch in result.body)
    assert [e.rule for e in result.edits if e.stage == "strip_furniture"] == ["folio"] * 4


def test_running_heads_with_numbers_alternate():
    heads = ["12   The Handbook", "Spacing   13", "14   The Handbook", "Spacing   15"]
    text = pages(*(f"{h}\n\n{fill(i)}" for i, h in enumerate(heads)))
    body = clean_text(text).body
    assert "Handbook" not in body and "Spacing" not in body


def test_section_guides_that_change_on_neighbouring_pages_go_and_chapter_heads_stay():
    # a statute's guide to its sections at the head of every page, the number changing
    guides = ["s. 15", "s. 17", "s. 19", "s. 21"]
    text = pages(*(f"{g}\n\n{fill(n)}\n{n + 11}\n" for n, g in enumerate(guides)))
    result = clean_text(text)
    assert "s. 1" not in result.body and "s. 2" not in result.body, result.body
    # chapter openings of the same shape, pages apart, stay
    chapters = [f"Chapter {n // 3 + 1}\n\n{fill(n)}" if n % 3 == 0 else fill(n) for n in range(8)]
    text = pages(*(f"{c}\n{n + 11}\n" for n, c in enumerate(chapters)))
    assert clean_text(text).body.count("Chapter ") == 3


def test_a_chapter_number_over_its_title_stays_when_the_folio_at_the_foot_is_the_same():
    # page 3 opens chapter 1 and is page 1 of the arabic numbering: "1" at both edges
    text = pages(
        f"{fill(1)}\nxi\n",
        f"{fill(2)}\nxii\n",
        f"1\n\nFirst Season\n\n{fill(3)}\n1\n",
        f"{fill(4)}\n2\n",
        f"{fill(5)}\n3\n",
    )
    result = clean_text(text)
    assert "\n1\n\nFirst Season\n" in "\n" + result.body, result.body
    assert [e.rule for e in result.edits if e.stage == "strip_furniture"].count("folio") == 5


def test_folios_in_brackets_or_with_a_stop_go():
    text = pages(
        f"[ 140 ]\n\n{fill(1)}",
        f"[141] Letters from the Skerry\n\n{fill(2)}",
        f"[ 142 ]\n\n{fill(3)}",
        f"[143] Letters from the Skerry\n\n{fill(4)}",
    )
    body = clean_text(text).body
    assert "[" not in body and "Letters from" not in body, body
    script = pages(*(f"Pink Rev. 11/04/24   {n}.\n\n{fill(n)}" for n in range(38, 42)))
    assert "Pink Rev" not in clean_text(script).body, clean_text(script).body


def test_a_screenplays_page_break_marks_go_and_the_speech_is_one():
    page1 = (
        "Pink Rev. 11/04/24   38.\n\nINT. FERRY HOUSE - KITCHEN - NIGHT\n\n"
        "ODILE\nThen you know more than he needs\nto. A man who builds a road wants\n"
        "to hear one\n(MORE)\n\n(CONTINUED)\n"
    )
    page2 = (
        "Pink Rev. 11/04/24   39.\n\nCONTINUED:\nODILE (CONT’D)\nnumber, and it is the "
        "number\nthat says the ferry is not wanted.\n\n(CONTINUED)\n"
    )
    page3 = "Pink Rev. 11/04/24   40.\n\nCONTINUED:\nGRAYLE\nForgive the hour.\n\n(CONTINUED)\n"
    page4 = "41.\nPink Rev. 11/04/24\n\nCONTINUED:\nODILE\nGood night.\n"
    body = clean_text(pages(page1, page2, page3, page4)).body
    assert "wants to hear one number, and it is the number" in body, body
    for mark in ("(MORE)", "CONT’D", "CONTINUED", "Pink Rev"):
        assert mark not in body, body


def test_line_that_occurs_once_is_kept():
    text = pages(f"A Unique Heading\n\n{fill(1)}", f"{fill(2)}")
    assert "A Unique Heading" in clean_text(text).body


def test_repeated_sentence_is_not_furniture():
    end = "When in doubt, leave the text alone.\n"
    text = pages(*(f"{fill(n)}\n{end if n % 3 == 0 else ''}\n{n}\n" for n in range(1, 10)))
    body = clean_text(text).body
    assert body.count("When in doubt") == 3


def test_numbered_list_item_is_kept():
    text = pages(f"{fill(1)}1. first step of the list\n\n5\n", f"{fill(2)}\n6\n")
    assert "1. first step" in clean_text(text).body


def test_roman_front_matter():
    text = pages(f"{fill(1)}\nvii\n", f"{fill(2)}\nviii\n", f"{fill(3)}\nix\n")
    body = clean_text(text).body
    assert "vii" not in body and "ix" not in body.split()


def removed(text: str) -> list[tuple[str, str, int]]:
    """(rule, line, page) of every furniture removal that is not a page number."""
    return [
        (e.rule, e.before, e.page)
        for e in clean_text(text).edits
        if e.stage == "strip_furniture" and e.rule != "folio"
    ]


def test_decorated_roman_folio_is_labelled_by_its_numeral():
    text = pages(*(f"{fill(n)}\n— {r} —\n" for n, r in enumerate(["v", "vi", "vii"])))
    result = clean_text(text)
    folios = [e.evidence["folio"] for e in result.edits if e.rule == "folio"]
    assert folios == ["v", "vi", "vii"]


def test_a_folio_between_minus_signs_is_a_folio():
    # groff's ms macros print "− 5 −" with U+2212 minus signs at the foot
    result = clean_text(pages(*(f"{fill(n)}\n\u2212 {n + 5} \u2212\n" for n in range(4))))
    assert [e.evidence.get("folio") for e in result.edits if e.rule == "folio"] == [
        "5",
        "6",
        "7",
        "8",
    ]
    assert "\u2212" not in result.body


def test_numbered_heads_of_an_excerpt_before_a_differently_numbered_index():
    # Pages 1-2 are numbered 64-65 in their heads, pages 3-4 (an index) 311-312 at the foot:
    # two numberings of two pages each; the heads fit the one of their own stretch.
    text = pages(
        f"64    Measuring the World\n{fill(1)}",
        f"The Metre and the Meridian    65\n{fill(2)}",
        f"66 Years of Surveying\n\n{fill(3)}\n311\n",
        f"{fill(4)}\n312\n",
    )
    gone = [line for _, line, _ in removed(text)]
    assert gone == ["64    Measuring the World", "The Metre and the Meridian    65"]
    # "66" would fit the first numbering, but page 3 belongs to the second stretch: kept.
    assert "66 Years of Surveying" in clean_text(text).body


PROSE_A = (
    "The ferry stopped running in August, and the man who had worked it for\n"
    "thirty years tied it up at the far bank and let it settle onto the mud\n"
    "at a slant. People drove the long way round after that, and the store at\n"
    "the landing closed a week later, and for a while my father went down there\n"
)
PROSE_A_END = (
    "The ferry stopped running in August, and the man who had worked it for\n"
    "thirty years tied it up at the far bank and let it settle onto the mud\n"
    "at a slant. People drove the long way round after that, and the store at\n"
    "the landing closed a week later, as everyone had known it would.\n"
)
PROSE_B = (
    "every evening anyway and sat on the steps with the old man, the two of\n"
    "them not saying much, watching a river that was by then hardly more\n"
    "than a creek winding between sandbars on its way to the sea.\n"
)


@pytest.mark.parametrize(
    ("page1", "page2", "gone"),
    [
        # A title between a sentence and its lowercase continuation: a running head.
        (PROSE_A, "THE LOW WATER YEARS\n" + PROSE_B, ["THE LOW WATER YEARS"]),
        (PROSE_A, "Stocks and Sauces\n\n   " + PROSE_B, ["Stocks and Sauces"]),
        # The sentence ended at the foot of the page: a heading may follow (kept).
        (PROSE_A_END, "Low Water\n\n" + PROSE_B.capitalize(), []),
        # The sentence broke off, but the next line does not continue it: kept.
        (PROSE_A, "Low Water\n\nThe river " + PROSE_B, []),
        # Not title-shaped (a sentence, lowercase, an index entry): kept.
        (PROSE_A, "It was late.\n" + PROSE_B, []),
        (PROSE_A, "Barcelona, 64–65\n" + PROSE_B, []),
        # An index page: the page before ends in an entry, the next line is a sub-entry.
        (
            "abstract syntax tree, 61–80\nweak or unset, 144. See also gelatin\n",
            "Rodez\n   latitude of, 65, 70n.4\n",
            [],
        ),
    ],
)
def test_head_that_interrupts_a_sentence(page1, page2, gone):
    got = [line for rule, line, _ in removed(pages(page1, page2))]
    assert got == gone


def test_head_paired_with_folio_when_other_pages_show_the_same_band():
    # A two-line head band (folio, then a title) on both pages; page 2's title is found by
    # the sentence it interrupts, page 1's by sharing the band.
    text = pages(
        "96\nChapter 4 Parsing Expressions\n4.3 Precedence Climbing\n\n" + PROSE_A,
        "97\nPrecedence Climbing\n" + PROSE_B,
    )
    got = {line: rule for rule, line, _ in removed(text)}
    assert set(got) == {"Chapter 4 Parsing Expressions", "Precedence Climbing"}
    assert "4.3 Precedence Climbing" in clean_text(text).body


def test_folio_pair_head_over_a_heading_of_the_same_words_goes_and_the_heading_stays():
    # "93 / BIBLIOGRAPHY" in the head band that page 2 confirms, over the page's own
    # heading "Bibliography": the head's words are printed again as the heading.
    text = pages(
        "96\nChapter 4 Parsing Expressions\n4.3 Precedence Climbing\n\n" + PROSE_A,
        "97\nPrecedence Climbing\n" + PROSE_B,
        "98\nBIBLIOGRAPHY\nBibliography\n\nAbel, Ruth. Parsing by Hand. Leeds: Orme, 1961.\n",
    )
    got = {line: rule for rule, line, _ in removed(text)}
    assert "BIBLIOGRAPHY" in got
    assert "\nBibliography\n" in clean_text(text).body


@pytest.mark.parametrize(
    ("page1", "page2", "kept"),
    [
        # Page 1 opens the chapter whose title the head of page 2 echoes: a heading.
        (
            "96\nChapter 4 Parsing\n\n" + PROSE_A,
            "97\nParsing\n" + PROSE_B,
            "Chapter 4 Parsing",
        ),
        # No other page shows a found head beside its folio: nothing confirms the band.
        (
            "96\nChapter 4 Parsing\n\n" + PROSE_A_END,
            "97\n" + PROSE_B.capitalize(),
            "Chapter 4 Parsing",
        ),
        # The band differs: page 1 has a blank line after it, page 2 does not.
        (
            "96\nNotes on Method\n\n" + PROSE_A,
            "97\nPrecedence Climbing\n" + PROSE_B,
            "Notes on Method",
        ),
    ],
)
def test_folio_pair_keeps_a_heading(page1, page2, kept):
    assert kept in clean_text(pages(page1, page2)).body


INDENTED_BOOK = (
    "Chapter Six\n\n"
    "The summer the river went down, my father stopped talking about\n"
    "the boat. He had talked about nothing else for three years.\n"
    "  My mother noticed before I did. She set his coffee in front of him\n"
    "and waited, and when he did not reach for it she sat down.\n"
    "  He shrugged. I was nine, and I remember thinking that a shrug was a\n"
    "strange thing for a grown man to do at a kitchen table.\n"
    "  Nobody said anything for a long time after that.\n"
)
INDENTED_PAGE2 = (
    "  The ferry stopped running in August. The man who had worked it\n"
    "for thirty years tied it up at the far bank and let it settle.\n"
)


@pytest.mark.parametrize(
    ("page1", "page2", "gone"),
    [
        # The book indents paragraphs but not the first one after a heading: a title line
        # directly above an indented first line at a page's top is a running head.
        (INDENTED_BOOK, "MARGARET ELLERY\n" + INDENTED_PAGE2, ["MARGARET ELLERY"]),
        # A blank line after it: a heading set apart as the book sets them (kept).
        (INDENTED_BOOK, "The Ferry\n\n" + INDENTED_PAGE2.lstrip(), []),
        # A book that indents after its headings too: no convention to go on (kept).
        (
            INDENTED_BOOK.replace("\n\nThe summer", "\n\n  The summer"),
            "MARGARET ELLERY\n" + INDENTED_PAGE2,
            [],
        ),
    ],
)
def test_head_above_an_indented_first_line(page1, page2, gone):
    got = [line for rule, line, _ in removed(pages(page1, page2))]
    assert got == gone


def _titled_book() -> str:
    """A title page, a chapter opening under its ``Chapter 1`` line (folio at the foot),
    then pages whose heads repeat the book title (verso) and chapter title (recto)."""
    out = [
        "The Quiet Harbour\n\nA Novel in Parts\n",
        f"Chapter 1\n\nThe Long Tide\n\n{fill(0)}\n1\n",
    ]
    for n in range(2, 9):
        head = "The Quiet Harbour" if n % 2 == 0 else "The Long Tide"
        out.append(f"{n}\n\n{head}\n\n{fill(n)}" if n % 2 == 0 else f"{head}\n\n{n}\n\n{fill(n)}")
    return pages(*out)


def test_title_page_and_chapter_opening_keep_the_titles_their_heads_repeat():
    result = clean_text(_titled_book())
    assert result.body.startswith(
        "The Quiet Harbour\n\nA Novel in Parts\n\nChapter 1\n\nThe Long Tide\n"
    )
    assert result.body.count("The Quiet Harbour") == 1 and result.body.count("The Long Tide") == 1
    kept = [(e.page, e.evidence["reason"]) for e in result.edits if e.rule == "kept_title"]
    assert [page for page, _ in kept] == [1, 2] and kept[1][1] == "inside_kept"


def test_chapter_line_whose_number_fits_the_numbering_once_is_no_head():
    # "Chapter 1" sits on the page printed 1 by chance; "Chapter #" repeats on other
    # opening pages, but nowhere else is its number the page number.
    more = [f"Chapter {k}\n\n{t}\n\n{fill(k)}" for k, t in ((2, "Low Water"), (5, "Slack"))]
    result = clean_text(pages(_titled_book(), *more))
    assert "Chapter 1\n\nThe Long Tide\n" in result.body
    assert "Chapter 2\n\nLow Water" in result.body and "Chapter 5\n\nSlack" in result.body


def test_head_after_a_page_whose_footnotes_close_it_interrupts_the_sentence():
    page1 = f"{fill(1)}and the survey went on through the winter, although\n1 A note on sources.\n\n41\n"
    page2 = "THE NORTHERN SURVEY\n\nnobody expected it to finish.\n" + fill(2) + "\n42\n"
    body = clean_text(pages(page1, page2)).body
    assert "NORTHERN SURVEY" not in body


def test_text_box_head_at_the_top_of_one_page_and_above_the_folio_of_the_next():
    page1 = f"{fill(1)}\nLab Manual Part One\n\n31\n"
    page2 = f"Lab Manual Part One\n\n{fill(2)}\n32\n"
    page3 = f"{fill(3)}\n33\n"
    body = clean_text(pages(page1, page2, page3)).body
    assert "Lab Manual" not in body
    # must not change: a heading printed once near a page edge
    once = pages(f"{fill(1)}\nResults\n\n31\n", f"{fill(2)}\n32\n", f"{fill(3)}\n33\n")
    assert "Results" in clean_text(once).body


def _tagged_book(pages_n: int = 3):
    from pipeline.document import Book, Geom, Line, Page, Source

    def line(text, n, top, artifact=False):
        return Line(text, n, Geom(50.0, top, 300.0, top + 10, 10.0, False, 400.0, 600.0, artifact))

    pages_ = []
    for n in range(1, pages_n + 1):
        body = [
            line(f"Body line {k} of page {n} runs on and on.", n, 100.0 + 12 * k) for k in range(8)
        ]
        head, folio = line(f"Head {n}", n, 20.0, True), line(str(40 + n), n, 580.0, True)
        pages_.append(Page(n, (head, *body, folio)))
    return Book(Source("t.pdf", "0", "pdf", "pdf"), tuple(pages_), page_count=pages_n)


def test_tagged_artifacts_go_and_label_their_page():
    from pipeline.registry import StageLog
    from stages.furniture import drop_tagged

    log = StageLog("strip_furniture")
    out = drop_tagged(_tagged_book(), log)
    assert [[ln.text for ln in pg.lines if not ln.text.startswith("Body")] for pg in out.pages] == [
        [],
        [],
        [],
    ]
    assert [pg.label for pg in out.pages] == ["41", "42", "43"]
    assert [e.rule for e in log.edits] == ["tagged_artifact"] * 6


def test_tags_on_most_lines_are_not_trusted():
    # A producer that marks the text itself as /Artifact: the tags decide nothing.
    from dataclasses import replace

    from pipeline.document import Geom
    from pipeline.registry import StageLog
    from stages.furniture import drop_tagged

    book = _tagged_book()
    marked = tuple(
        replace(
            pg, lines=tuple(replace(ln, geom=replace(ln.geom, artifact=True)) for ln in pg.lines)
        )
        for pg in book.pages
    )
    book = replace(book, pages=marked)
    log = StageLog("strip_furniture")
    assert drop_tagged(book, log) is book
    assert not log.edits and log.counts == {"tagged_artifacts_ignored": 30}
    assert isinstance(book.pages[0].lines[0].geom, Geom)


def _geom_book(pages_spec):
    """Pages of (text, top) lines with PDF geometry (10 pt lines)."""
    from pipeline.document import Book, Geom, Line, Page, Source

    pages_ = []
    for n, spec in enumerate(pages_spec, 1):
        lines = tuple(
            Line(t, n, Geom(50.0, top, 300.0, top + 10, 10.0, False, 400.0, 600.0))
            for t, top in spec
        )
        pages_.append(Page(n, lines))
    return Book(Source("b.pdf", "0", "pdf", "pdf"), tuple(pages_), page_count=len(pages_))


def _body(first_top: float, n: int = 6) -> list[tuple[str, float]]:
    return [(f"Body text line {k} of the page runs on as a line does.", first_top + 12 * k)
            for k in range(n)]  # fmt: skip


def test_heads_printed_once_in_the_head_band_go():
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams, run

    book = _geom_book(
        [
            [("Chapter Four", 120.0), *_body(160.0)],  # the opening page: no head
            [("BLUE WATER SESSIONS", 30.0), *_body(60.0)],
            [("THE DANCE-HALL BOATS", 30.0), *_body(60.0)],
        ]
    )
    log = StageLog("strip_furniture")
    out = run(book, FurnitureParams(), log)
    texts = [ln.text for pg in out.pages for ln in pg.lines]
    assert "Chapter Four" in texts
    assert "BLUE WATER SESSIONS" not in texts and "THE DANCE-HALL BOATS" not in texts
    assert sum(1 for e in log.edits if e.evidence.get("head_band") == 30) == 2


def test_headings_at_the_top_of_pages_where_the_body_begins_stay():
    # Two pages open with a section heading; the body of the others begins at that height.
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams, run

    book = _geom_book(
        [
            [("Reading the Chart", 60.0), *_body(80.0)],
            [("Night Passages", 60.0), *_body(80.0)],
            [*_body(60.0)],
            [*_body(60.0)],
            [*_body(60.0)],
        ]
    )
    out = run(book, FurnitureParams(), StageLog("strip_furniture"))
    texts = [ln.text for pg in out.pages for ln in pg.lines]
    assert "Reading the Chart" in texts and "Night Passages" in texts


def test_an_opening_title_sunk_below_the_head_band_stays_although_its_folio_shows():
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams, run

    entries = [(f"entry {k}, {10 + k}", 100.0 + 12 * k) for k in range(8)]
    book = _geom_book(
        [
            [*_body(60.0), ("225", 560.0)],
            [*_body(60.0), ("226", 560.0)],
            [("Index", 58.0), *entries, ("227", 560.0)],  # the index opens lower, folio at foot
            [("Index", 25.0), *[(t, y - 40) for t, y in entries], ("228", 560.0)],
        ]
    )
    log = StageLog("strip_furniture")
    out = run(book, FurnitureParams(), log)
    assert out.pages[2].lines[0].text == "Index"
    assert "Index" not in [ln.text for ln in out.pages[3].lines]
    assert any(e.rule == "kept_title" and e.evidence["reason"] == "sunk_first" for e in log.edits)


def test_the_recto_head_printed_once_between_two_verso_heads_goes():
    text = pages(
        "VETERINARY NURSING CARE\n\n" + fill(1, 6) + "\n211\n",
        "FLUID THERAPY\n\n" + fill(2, 6) + "\n212\n",
        "VETERINARY NURSING CARE\n\n" + fill(3, 6) + "\n213\n",
    )
    out = clean_text(text).body
    assert "FLUID THERAPY" not in out and "VETERINARY NURSING CARE" not in out


def test_a_chapter_opening_between_two_heads_stays():
    text = pages(
        "VETERINARY NURSING CARE\n\n" + fill(1, 6) + "\n211\n",
        "2 FLUID THERAPY\n\n" + fill(2, 6) + "\n212\n",
        "VETERINARY NURSING CARE\n\n" + fill(3, 6) + "\n213\n",
    )
    assert "2 FLUID THERAPY" in clean_text(text).body


def test_page_n_of_m_inside_a_foot_is_its_page_number():
    from pipeline import clean_text

    prose = "The plant is an indirect system and the brine is pumped through the floor.\n"
    pages = [
        prose * 6 + f"Controlled copy   Page {k} of 4   Issued 2024-03-18\n" for k in range(1, 5)
    ]
    body = clean_text("\f".join(pages)).body
    assert "Controlled copy" not in body and "Issued" not in body


def test_numbered_headings_lined_up_at_the_left_are_no_margin_line_numbers():
    from pipeline.document import Geom, Line
    from stages.furniture import line_numbers

    def line(text, x1, top):
        return Line(text, 23, Geom(62.0, top, x1, top + 11, 11.0))

    lines = []
    for n in range(1, 5):
        lines.append(line(f"Chapter {n}", 112.7, 100.0 * n))
        lines += [
            line("1.1 (a) Categorical. (b) Numerical, discrete.", 428.0, 100.0 * n + 20 + k)
            for k in range(3)
        ]
    assert line_numbers(tuple(lines)) == {}


def test_a_lone_number_past_the_numbering_is_the_folio_of_a_page_printed_far_on():
    # an excerpt's pages 87-90, then its index page numbered 301: the numbering jumps on
    body = [f"{n}\n{fill(n)}" for n in range(87, 91)]
    index = "301\nIndex\nalpha, 87\nbeta, 88–89\n"
    result = clean_text(pages(*body, index))
    assert "301" not in result.body and "301" not in str(result.index)
    folios = [e for e in result.edits if e.stage == "strip_furniture" and e.before == "301"]
    assert folios and folios[0].evidence["numbered_on_from"] == 90
    # a chapter's number at the top of its first page is below the numbering: it stays
    chapter = "3\nThe Third Part\n" + fill(5)
    result = clean_text(pages(*body, chapter))
    assert "3" in result.body.split() and not any(
        e.before == "3" for e in result.edits if e.stage == "strip_furniture"
    )


def test_a_title_at_the_top_of_its_first_page_stays_where_the_heads_stand_at_the_foot():
    # PDFium writes a page's head and folio after its text: "Preface" then "x" at the
    # foot of each page, and the chapter's own title at the top of its first page
    def text_of(n: int) -> str:
        return "".join(f"Line {k} of page {n} says something of its own here.\n" for k in range(4))

    text = pages(
        "Preface\n" + text_of(1) + "ix\n",
        text_of(2) + "Preface\nx\n",
        text_of(3) + "Preface\nxi\n",
        text_of(4) + "Preface\nxii\n",
        text_of(5) + "Preface\nxiii\n",
    )
    result = clean_text(text)
    assert result.body.startswith("Preface\n\n"), result.body[:80]
    kept = [e for e in result.edits if e.rule == "kept_title"]
    assert kept and kept[0].evidence["reason"] == "other_edge_first"
    assert result.body.count("Preface") == 1


def test_a_title_set_elsewhere_across_the_page_than_its_repeats_as_a_head_stays():
    # a layout export: the chapter title at the margin on its first page, and the same
    # words as the recto head at the outer corner of later pages
    def text_of(n: int) -> str:
        return "".join(f"Line {k} of page {n} says something of its own here.\n" for k in range(4))

    head = " " * 40 + "Crabs and Their Relatives\n"
    text = pages(
        "Crabs and Their Relatives\n" + text_of(1) + "\n57\n",
        "Rock Pools\n" + text_of(2) + "\n58\n",
        head + text_of(3) + "\n59\n",
        "Rock Pools\n" + text_of(4) + "\n60\n",
        head + text_of(5) + "\n61\n",
    )
    result = clean_text(text)
    assert result.body.startswith("Crabs and Their Relatives\n\n"), result.body[:60]
    assert result.body.count("Crabs and Their Relatives") == 1


def test_an_opening_page_that_prints_its_folio_before_its_title_keeps_the_title():
    # PyMuPDF: a page's head, then its folio; an opening page has no head, and its foot
    # folio comes first, then the chapter's title, printed once. The book's odd pages
    # set head before folio, so an odd page with folio before a line is no head band.
    def text_of(n: int) -> str:
        return "".join(f"Line {k} of page {n} says something of its own here.\n" for k in range(4))

    text = pages(
        "xi\nPreface\n" + text_of(1),
        "The Long Field\nxii\n" + text_of(2),
        "1\nOne\nBog Cotton\n" + text_of(3),
        "The Long Field\n2\n" + text_of(4),
        "Bog Cotton\n3\n" + text_of(5),
        "The Long Field\n4\n" + text_of(6),
        "Bog Cotton\n5\n" + text_of(7),
    )
    body = clean_text(text).body
    assert body.startswith("Preface\n\n") and "\n\nOne\n\n" in body, body[:200]
    assert "The Long Field" not in body and body.count("Bog Cotton") == 1


def _pdf_page(number, rows, height=660.0):
    from pipeline.document import Geom, Line, Page

    return Page(
        number,
        tuple(
            Line(t, number, Geom(x, y, x + 6 * len(t), y + size, size, page_height=height))
            for t, x, y, size in rows
        ),
    )


@pytest.mark.parametrize(
    ("foot", "size", "gone"),
    [
        # a section's title in the foot band, its folio apart in the corner: a running foot
        ("2.3 Connecting sensors", 8, True),
        # a line in the foot band that no heading before it names stays
        ("The sensors are connected here.", 8, False),
        # the same words set larger than the text: a heading over the next page's section
        ("2.3 Connecting sensors", 10.5, False),
    ],
)
def test_a_section_title_repeated_in_a_pdf_foot_band_is_a_running_foot(foot, size, gone):
    from pipeline.document import Book, Source
    from pipeline.registry import StageLog, get_stages

    body = [
        (f"Body text line {k} of the page runs on as text does.", 48, 100 + 12 * k, 9)
        for k in range(10)
    ]
    pages = [
        _pdf_page(1, [("2.3 Connecting sensors", 48, 80, 10.5), *body, ("3", 438, 626, 8)]),
        _pdf_page(2, [*body, ("4", 438, 626, 8), (foot, 48, 626, size)]),
        _pdf_page(3, [*body, ("5", 438, 626, 8)]),
    ]
    book = Book(Source("x", "t", "pdf"), tuple(pages), 3)
    spec = get_stages()["strip_furniture"]
    log = StageLog("strip_furniture")
    out = spec.func(book, spec.params(), log)
    kept = [ln.text for ln in out.pages[1].lines]
    assert (foot not in kept) == gone
    assert "2.3 Connecting sensors" in [ln.text for ln in out.pages[0].lines]


def test_a_head_in_two_parts_goes_where_one_part_repeats_on_the_pages():
    # a layout-keeping export writes the book's title at the inner edge and the section
    # at the outer edge of one line: the title first on versos, last on rectos
    sections = ["At the station", "You may hear", "Buses and trams", "Buses and trams"]
    heads = [
        f"Roads in Italy{' ' * 30}{s}" if n % 2 == 0 else f"{s}{' ' * 30}Roads in Italy"
        for n, s in enumerate(sections)
    ]
    text = pages(*(f"{h}\n\n{fill(n)}\n– {n + 45} –\n" for n, h in enumerate(heads)))
    result = clean_text(text)
    assert "Roads in Italy" not in result.body and "station" not in result.body, result.body
    cut = [e for e in result.edits if e.evidence.get("cells")]
    assert len(cut) == 4 and cut[0].evidence["pattern"] == "Roads in Italy"


@pytest.mark.parametrize(
    "first",
    [
        # the same part on two pages only: no head
        lambda n, s: f"Roads in Italy{' ' * 30}{s}" if n < 2 else s,
        # the other part a sentence: a table's row or a line of prose set apart
        lambda n, s: f"Roads in Italy{' ' * 30}It rained all day on the coast.",
        # the repeated part is no title
        lambda n, s: f"total of the fares{' ' * 30}{s}",
    ],
)
def test_a_line_in_two_parts_stays_without_a_repeated_title_part(first):
    sections = ["At the station", "You may hear", "Buses and trams", "On foot"]
    firsts = [first(n, s) for n, s in enumerate(sections)]
    text = pages(*(f"{f}\n\n{fill(n)}\n– {n + 45} –\n" for n, f in enumerate(firsts)))
    result = clean_text(text)
    assert not [e for e in result.edits if e.evidence.get("cells")]


def test_paragraph_guides_in_the_head_band_go_with_the_head_and_margin_numbers_stay():
    # a casebook's head: the paragraphs on the page ([7.4]) over the book's title, which
    # an extractor writes first; a margin paragraph number (7.5) it put first too stays
    tops = [
        "[7.4]\n\nCases on Tort\n",
        "7.5\n\nCases on Tort\n[7.5]\n",
        "[7.6]–[7.8]\n\nCases on Tort\n",
    ]
    text = pages(*(f"{t}\n{fill(n)}\n{n + 212}\n" for n, t in enumerate(tops)))
    result = clean_text(text)
    assert "Cases on Tort" not in result.body and "[7." not in result.body, result.body
    assert "7.5" in result.body.split()
    # a chapter's number over its title on its opening page is no guide: the title stays
    opening = "7\n\nCases on Tort\n" + fill(9)
    result = clean_text(
        pages(opening, *(f"{t}\n{fill(n)}\n{n + 212}\n" for n, t in enumerate(tops)))
    )
    assert result.body.startswith("7\n\nCases on Tort"), result.body[:80]


def test_stock_lines_printed_on_every_page_take_no_place_in_the_head_band():
    # a photocopiable workbook as an extractor wrote it: the form's head line first, then
    # the running head and the folio, then the copyright foot, on every page
    form = "Name ________________ Class ______ Date ______"
    foot = "© Harcastle Education 2024. This page may be photocopied for use in schools only."
    heads = ["Unit 9 · Apostrophes", "Grammar Works 2", "Unit 9 · Apostrophes", "Grammar Works 2"]
    text = pages(*(f"{form}\n{h}\n{n + 47}\n{foot}\n{fill(n)}" for n, h in enumerate(heads)))
    result = clean_text(text)
    for gone in (form, foot, "Unit 9", "Grammar Works", "47", "48"):
        assert gone not in result.body, (gone, result.body)
    assert result.body.count("Body") == 16


def test_a_head_that_guides_to_the_numbered_items_on_its_page_goes():
    # a hymnal: the section's title over its first page, then heads that carry the
    # numbers of the hymns on each page at their other end, set apart by a wide gap
    heads = ["Sea Hymns   214", "215–216   Sea Hymns", "Sea Hymns   216–217"]
    first = f"Sea Hymns\n\n{fill(0)}\n186\n"
    text = pages(first, *(f"{h}\n\n{fill(n + 1)}\n{n + 187}\n" for n, h in enumerate(heads)))
    result = clean_text(text)
    assert result.body.startswith("Sea Hymns\n\n"), result.body[:40]
    assert result.body.count("Sea Hymns") == 1 and "214" not in result.body, result.body
    # a heading whose number one space sets after it is a title of its own: it stays
    tops = ["Psalm 23\n", "", "Psalm 24\n", ""]
    result = clean_text(pages(*(f"{t}{fill(k)}\n{k + 100}\n" for k, t in enumerate(tops))))
    assert "Psalm 23" in result.body and "Psalm 24" in result.body, result.body


def _tab_book(tabs):
    """PDF pages of body text between x 50 and 300, with short lines (text, x0, top)."""
    from pipeline.document import Book, Geom, Line, Page, Source

    pages_ = []
    for n, extra in enumerate(tabs, 1):
        body = [
            Line(f"Body line {k} of page {n} runs on as a line does.", n,
                 Geom(50.0, 100.0 + 12 * k, 300.0, 110.0 + 12 * k, 10.0, False, 400.0, 600.0))
            for k in range(8)
        ]  # fmt: skip
        marks = [
            Line(t, n, Geom(x, top, x + 8, top + 16, 16.0, False, 400.0, 600.0))
            for t, x, top in extra
        ]
        folio = Line(str(40 + n), n, Geom(200.0, 575.0, 210.0, 585.0, 10.0, False, 400.0, 600.0))
        pages_.append(Page(n, (*body, *marks, folio)))
    return Book(Source("t.pdf", "0", "pdf", "pdf"), tuple(pages_), page_count=len(pages_))


def test_a_thumb_tab_in_the_side_margin_goes_and_margin_numbers_that_move_stay():
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams
    from stages.furniture import run as strip

    # the stage's number at the outer edge, halfway down, at the same height on four pages
    tabs = [[("3", 12.0 if n % 2 else 360.0, 200.0)] for n in range(4)]
    log = StageLog("strip_furniture")
    out = strip(_tab_book(tabs), FurnitureParams(), log)
    assert all(ln.text != "3" for pg in out.pages for ln in pg.lines)
    assert [e.rule for e in log.edits if e.before == "3"] == ["side_tab"] * 4
    # verse line numbers in the margin, at other heights on each page, and a number in
    # the margin on two pages only, stay
    moving = [[("5", 360.0, 150.0 + 20 * n), ("10", 360.0, 210.0 + 20 * n)] for n in range(4)]
    twice = [[("7", 360.0, 200.0)] if n < 2 else [] for n in range(4)]
    for spec in (moving, twice):
        log = StageLog("strip_furniture")
        strip(_tab_book(spec), FurnitureParams(), log)
        assert not [e for e in log.edits if e.rule == "side_tab"]


def test_the_next_folio_under_a_head_after_a_page_printed_without_one_goes():
    # pages 109-111 with their folio under the head, a plate page with none, then 112
    heads = ["Salt and Distance", "The Ferry to Osk", "Salt and Distance"]
    numbered = [f"{h}\n{109 + n}\n\n{fill(n)}" for n, h in enumerate(heads)]
    plate = "Plate 11. The harbour from the church tower.\n"
    text = pages(*numbered, plate, f"The Ferry to Osk\n112\n\n{fill(5)}")
    result = clean_text(text)
    assert "112" not in result.body.split(), result.body
    # a number in a page's head band that is not the next one stays (a chapter's number)
    text = pages(*numbered, plate, f"The Ferry to Osk\n7\n\n{fill(5)}")
    assert "7" in clean_text(text).body.split()


# A short whole book as PyMuPDF's text gives it: each piece of the contents on a line of
# its own, and on an opening page the drop folio (drawn first) right before the title.
WHOLE_BOOK = [
    "Rivers at Night\nA Field Guide for Anglers\nTomas Ferrand\n",
    "Contents\nForeword\nvii\n1\nThe Slow Water\n1\n2\nThe Fast Water\n3\nGlossary\n5\nIndex\n6\n",
    "",
    "vii\nForeword\nThis book began on a riverbank, as most books about rivers do, with a\n"
    "question nobody present could answer. It is meant for the angler who fishes late.\n",
    "",
    "1\nCHAPTER 1\nThe Slow Water\nSlow water holds the biggest fish in a river, and the most\n"
    "patient ones. They feed at dusk, when the light goes off the surface.\n",
    "Rivers at Night\n2\nA slow pool rewards the angler who waits, and punishes the one who\n"
    "casts too often. Sit for ten minutes before the first cast.\n",
    "3\nCHAPTER 2\nThe Fast Water\nFast water is easier to read than slow water, because the\n"
    "river shows you where it runs. Fish lie where the current slackens.\n",
    "Rivers at Night\n4\nAt night, listen for the rise rather than look for it; the sound\n"
    "carries further than the ring on the water.\n",
    "5\nGlossary\ndrift: the path a fly takes on the current.\n"
    "riffle: shallow water broken by stones.\n",
    "6\nIndex\ndusk, 1\nfast water, 3–4\nnight fishing, 2, 4\nslow water, 1–2\n",
    "7\nAbout the Author\nTomas Ferrand has fished the rivers of the north for thirty years,\n"
    "most of them after dark. He lives by a weir with a patient dog.\n",
]


def test_titles_a_table_of_contents_lists_are_kept_beside_an_opening_pages_folio():
    result = clean_text("\f".join(WHOLE_BOOK))
    body = result.body.split("\n\n")
    # printed once, next to the drop folio: the part's heading, not a running head
    for title in ("Foreword", "Glossary", "About the Author"):
        assert title in result.body.splitlines()
    # the index heading is listed in the contents too: that is no repetition
    assert [e.term for e in result.book.index] == [
        "dusk", "fast water", "night fishing", "slow water",
    ]  # fmt: skip
    assert "Rivers at Night" not in body[1:]  # the running head still goes
    # the contents' pieces back in their rows
    assert "1 The Slow Water 1\n2 The Fast Water 3" in result.body


def test_a_title_on_the_half_title_and_the_title_page_is_no_running_head():
    # printed twice before the numbering begins, on pages without a page number
    pages = [
        "The Salt Meadow\n",
        "The Salt Meadow\nA Novel\n\nIRIS CALLOWAY\n",
        "One\nThe marsh came up to the back door in a wet spring, and nobody in the\n"
        "house remarked on it any more.\n\n1\n",
        "IRIS CALLOWAY\n\nBy May the water had gone back to the ditches, and the\n"
        "geese with it.\n\n2\n",
        "IRIS CALLOWAY\n\nIn June the hay was cut and stacked before the rain.\n\n3\n",
    ]
    result = clean_text("\f".join(pages))
    lines = result.body.splitlines()
    assert lines.count("The Salt Meadow") == 2
    assert lines.count("IRIS CALLOWAY") == 1  # the title page's; the heads go
    assert any(e.evidence.get("reason") == "front_matter" for e in result.edits)


def test_heads_in_letter_spaced_capitals_echo_their_titles():
    # an export writes letter-spaced capitals one letter to a word
    para = (
        "The hall was built by subscription in the year the war ended, and the names\n"
        "of those who paid for it are painted on a board beside the door.\n"
    )
    pages = [
        "The Long Room\nMARTIN HOLLIS\n" + para + "\n1\n",
        "M A R T I N   H O L L I S\n" + para + "\n2\n",
        "T H E   L O N G   R O O M\n" + para + "\n3\n",
        "Suppers and Socials\nANNA VERE\n" + para + "\n4\n",
        "A N N A   V E R E\n" + para + "\n5\n",
        "S U P P E R S   A N D   S O C I A L S\n" + para + "\n6\n",
    ]
    result = clean_text("\f".join(pages))
    lines = result.body.splitlines()
    assert "The Long Room" in lines and "Suppers and Socials" in lines
    assert not any(" R O O M" in t or " S O C I A L S" in t for t in lines)


def test_a_unit_label_over_its_title_is_no_head_though_its_number_matches_the_folio():
    para = (
        "The stars rise in the east and set in the west, as the Sun does, because the\n"
        "Earth turns beneath them once a day; the pattern itself hardly changes.\n"
    )
    pages = [
        "UNIT  1\nThe      Night      Sky\n" + para + "\n1\n",
        "1.2 Why the sky turns         Starting Astronomy\n" + para + "\n2\n",
        "UNIT  3\nMeasuring      the      Planets\n" + para + "\n3\n",
        "Starting Astronomy         3.2 The planets in order\n" + para + "\n4\n",
    ]
    lines = clean_text("\f".join(pages)).body.splitlines()
    assert "UNIT 1" in lines and "UNIT 3" in lines


def test_two_part_heads_with_a_numbered_section_at_one_end_go():
    para = (
        "A planet's year is the time it takes to go once round the Sun, and the further\n"
        "out it is, the longer its year; the outer planets take lifetimes.\n"
    )
    heads = [
        "3.1 Orbits and years                 Looking Up",
        "Looking Up                 3.2 The planets in order",
        "3.3 Moons                 Looking Up",
        "Looking Up                 3.4 Rings and belts",
    ]
    pages = [f"{h}\n{para}\n{k + 20}\n" for k, h in enumerate(heads)]
    body = clean_text("\f".join(pages)).body
    assert "Looking Up" not in body and "Orbits and years" not in body


def test_a_head_with_a_span_of_years_printed_once_is_a_head():
    para = "The ward was long and cold, and the night sister walked it every hour with a lamp\n"
    pages = [
        "TWO\nNight Duty\n"
        + para * 6
        + "and on the last night of the year she stopped at the\n\n3\n",
        "Long Nights, 1962–1968\nbed by the door and sat down, which she had never done.\n"
        + para * 5
        + "\n4\n",
    ]
    body = clean_text("\f".join(pages)).body
    assert "stopped at the bed by the door" in body
    assert "Long Nights" not in body  # printed once, mid-sentence: a head


def test_an_index_headed_index_and_run_under_index_heads_keeps_its_heading():
    # The index opens with its heading, and its second page repeats it as a running head:
    # the first is the heading the index is split at, the second a head.
    prose = "The tide came over the causeway twice a day, and the school waited for it.\n"
    text = (
        "Contents\nLetters 1\nIndex 3\n\f"
        + prose * 8
        + "1\n\f"
        + prose * 8
        + "2\n\f"
        + "Index\n\nB\nbirds, marsh, 2\n  local names of, 2\nC\ncauseway, 1–2\n3\n\f"
        + "Index\n\nS\nScarrow, 1–2\n  board school, 1\nW\nwhaup, 2\n4\n"
    )
    result = clean_text(text)
    assert "birds" not in result.body
    terms = [e.term for e in result.book.index]
    assert terms == ["birds, marsh", "causeway", "Scarrow", "whaup"]
    heads = [e for e in result.edits if e.rule == "running_head" and e.before == "Index"]
    assert [e.page for e in heads] == [5]


def test_a_date_printed_once_over_the_dateline_it_repeats_is_a_head():
    # rectos carry the date of the letter that begins on them, each printed once, versos
    # the book's title: the date over its own dateline goes, a date in the text stays
    para = "The tide came over the causeway at noon, and the children went home early.\n"
    pages = [
        "A Year at Scarrow\n" + para * 6 + "1\n",
        "12 November 1888\n3. To Agnes\nThe School House, Scarrow, 12 November 1888\n"
        + para * 5
        + "2\n",
        "A Year at Scarrow\n" + para * 6 + "3\n",
        "29 July 1889\nOn 29 July 1889 the board met.\n" + para * 5 + "4\n",
        "A Year at Scarrow\n" + para * 6 + "5\n",
    ]
    result = clean_text("\f".join(pages))
    lines = result.body.splitlines()
    assert "12 November 1888" not in lines
    assert "The School House, Scarrow, 12 November 1888" in lines
    assert "29 July 1889" in lines  # its words open a sentence, ending no longer line
    heads = [e.before for e in result.edits if e.rule == "running_head"]
    assert "12 November 1888" in heads


def test_a_head_naming_an_act_and_scene_ends_in_its_number_and_is_a_head():
    from stages.furniture import head_shape

    assert head_shape("ACT ONE, SCENE 2") and head_shape("Part 3")
    assert not head_shape("Notes on the Text 12") and not head_shape("Table 2")


def test_a_treatises_head_of_the_sections_on_its_page_goes_though_printed_once():
    # versos: the folio, then the book's title; rectos: the sections the page holds, then
    # the folio (default pdftotext's order), each range printed once, inside a sentence
    def para(page):
        return "".join(
            f"The promise binds the one who makes it, line {k} of page {page}, and so on.\n"
            for k in range(6)
        )

    pages = [
        "2\nTHE DEBT TO STRANGERS\n" + para(1) + "and the wrong of it is not measured by\n",
        "§§ 14–15\n3\nthe chance of being found out.\n" + para(2),
        "4\nTHE DEBT TO STRANGERS\n" + para(3) + "§ 21. This is the doctrine of substitution. It\n",
        "§§ 21–22\n5\ndoes not discharge the debt.\n" + para(4),
        "6\nTHE DEBT TO STRANGERS\n" + para(5),
    ]
    result = clean_text("\f".join(pages))
    assert "§§" not in result.body
    assert "is not measured by the chance of being found out." in result.body
    assert "substitution. It does not discharge the debt." in result.body
    assert "§ 21. This is" in result.body  # (a section's opening stays)


def test_a_head_at_the_outer_edge_mirrored_across_pages_is_no_title():
    # a group name in the head band at the verso's left, then at the recto's right: the
    # same band and size, so a head at each page's outer edge, not a title set apart
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams, run

    def page(num: int, head_x: float, heading: bool) -> Page:
        rows = [Line("CRABS", num, Geom(head_x, 30.0, head_x + 30, 37.6, 7.6, False, 320, 480))]
        top = 59.0
        if heading:
            rows.append(Line("Crabs", num, Geom(40.0, 59.2, 82.5, 74.2, 15.0, False, 320, 480)))
            top = 90.0
        for k in range(12):
            rows.append(
                Line(
                    f"Crabs carry their skeleton outside, line {k} of the page, and moult.",
                    num,
                    Geom(40.0, top + 11.4 * k, 280.0, top + 11.4 * k + 8.8, 8.8, False, 320, 480),
                )
            )
        rows.append(Line(str(num), num, Geom(270.0, 448.0, 280.0, 455.0, 7.1, False, 320, 480)))
        return Page(num, tuple(rows))

    book = Book(Source("g.pdf", "0", "pdf"), (page(2, 40.0, True), page(3, 250.0, False)), 1)
    out = run(book, FurnitureParams(), StageLog("strip_furniture"))
    texts = [ln.text for p in out.pages for ln in p.lines]
    assert "CRABS" not in texts and "Crabs" in texts


OCR_BOOK = (
    "Contents\n\nForeword iv\n1 Number Nine\n2 The Mill and the Market\n\f"
    "Foreword\n\n"
    + "Coldharbour Street was pulled down in 1968 to make way for the road.\n"
    * 4
    + "\nMargaret Oldcastle\nChair of the Society\n\niv\n\f"
    "Chapter 1\n\nNumber Nine\n\n"
    + "We were seven in three rooms, which was not thought many on the street.\n"
    * 6
    + "\f"
    "Number Nine\n\n"
    + "The coal cart came down the entry on a Monday, and the driver had a bell.\n"
    * 6
    + "\f"
    "Chapter 2\n\nThe Mill and the Market\n\n"
    + "The mill hooter went at half past six, and the street emptied into it.\n"
    * 6
    + "\f"
    "The Mill and the Market\n\n"
    + "Mrs Cawthorne kept sweets and tobacco, and a slate for those who owed.\n"
    * 6
)


def test_a_head_repeating_the_chapter_title_from_its_opening_goes_without_folios():
    result = clean_text(OCR_BOOK)
    lines = result.body.splitlines()
    assert lines.count("The Mill and the Market") == 1 and lines.count("Number Nine") == 1
    heads = [e for e in result.edits if e.rule == "running_head"]
    assert {e.evidence.get("echoes_opening") for e in heads} >= {3, 5}


def test_a_lone_number_the_contents_gives_for_the_page_is_its_folio():
    result = clean_text(OCR_BOOK)
    assert "iv" not in result.body.splitlines()
    assert [e.before for e in result.edits if e.rule == "folio"] == ["iv"]


def test_a_contents_number_on_the_line_after_its_title_gives_the_pages_folio():
    # default pdftotext writes each contents row's title and number as lines apart
    book = OCR_BOOK.replace(
        "Contents\n\nForeword iv\n1 Number Nine\n",
        "Contents\n\nForeword\n\niv\n\n1 Number Nine\n\n1\n\n",
    )
    result = clean_text(book)
    assert "Chair of the Society\n\nChapter 1" in result.body
    assert [(e.before, e.page) for e in result.edits if e.rule == "folio"] == [("iv", 2)]


def test_a_foot_in_capitals_beside_its_folio_echoing_a_title_goes_though_printed_once():
    # rectos: the section in force in capitals over the folio (pdfminer's order), a
    # different one on each page; versos: folio and section on one line
    def para(page, n=6):
        return "".join(
            f"Crabs walk sideways, line {k} of page {page}, and hide.\n" for k in range(n)
        )

    pages = [
        "Shore crab\n" + para(1) + "2 SHORE CRAB\n",
        "Blenny\n" + para(2) + "BLENNY\n3\n",
        para(3) + "4 BLENNY\n",
        "Being a Good Visitor\n" + para(4) + "BEING A GOOD VISITOR\n5\n",
        para(5) + "6 BEING A GOOD VISITOR\n",
    ]
    result = clean_text("\f".join(pages))
    lines = result.body.splitlines()
    assert "BLENNY" not in lines and "BEING A GOOD VISITOR" not in lines
    assert "Blenny" in lines and "Being a Good Visitor" in lines
    feet = {e.before for e in result.edits if e.evidence.get("echoes_title")}
    assert feet == {"BLENNY", "BEING A GOOD VISITOR"}
    # in capitals beside its folio, but echoing no title: no head
    pages = [para(1) + "1\n", para(2) + "NOTE WELL\n2\n", para(3) + "3\n"]
    assert "NOTE WELL" in clean_text("\f".join(pages)).body.splitlines()


def test_a_chapter_label_over_a_title_asking_a_question_is_no_head_though_its_number_fits():
    # the chapters open on pages whose folios are their numbers by chance
    def para(page):
        return "".join(
            f"Birds are easy to count, line {k} of page {page}, and hard.\n" for k in range(8)
        )

    pages = [
        "Chapter 1\n\nWhy Count Birds?\n\n" + para(1) + "1\n",
        "Chapter 2\n\nPoint Counts and Transects\n\n" + para(2) + "2\n",
        "3     Point Counts and Transects\n" + para(3),
        "Chapter 3\n\nPlanning a Survey\n\n" + para(4) + "4\n",
    ]
    lines = clean_text("\f".join(pages)).body.splitlines()
    assert "Chapter 1" in lines and "Chapter 2" in lines and "Why Count Birds?" in lines


def test_an_ocr_misread_roman_folio_ending_in_l_is_the_front_matters_folio():
    # tesseract reads the last i of "iii" as l
    text = (
        "Contents\n\nForeword\n1 The Station\n2 The Keepers\n\niil\n\f"
        + "".join(
            f"The keepers kept the light at the head, line {k}, for years.\n" for k in range(8)
        )
        + "\n1\n\f"
        + "".join(f"The station was built by the board, line {k}, in stone.\n" for k in range(8))
        + "\n2\n"
    )
    result = clean_text(text)
    assert "iil" not in result.body.splitlines()
    assert "iil" in [e.before for e in result.edits if e.rule == "folio"]


def test_chapter_titles_set_larger_at_one_height_are_no_head_band():
    # memoir class: each chapter's title sunk to the height where the contents and the
    # preface print theirs, set larger than the text; the heads stand far higher
    from pipeline.document import Book, Geom, Line, Page, Source
    from pipeline.registry import StageLog
    from stages.furniture import FurnitureParams, run

    def page(n, first, size, top, body_top):
        rows = [Line(first, n, Geom(130.0, top, 215.0, top + size, size, False, 346.0, 522.0))]
        rows += [
            Line(f"Everything on the island was measured by the bell, line {k}.", n,
                 Geom(37.0, body_top + 12 * k, 309.0, body_top + 12 * k + 10, 10.0, False,
                      346.0, 522.0))
            for k in range(8)
        ]  # fmt: skip
        return Page(n, tuple(rows))

    pages = (
        page(1, "The Crossing", 12.0, 110.0, 163.0),
        page(2, "Salt and Slate", 10.0, 15.0, 60.0),
        page(3, "The Quarry Bell", 12.0, 110.0, 163.0),
        page(4, "Nell Castellane-Byrd", 10.0, 15.0, 60.0),
        page(5, "The Last Boat", 12.0, 110.0, 163.0),
        page(6, "Afterword", 12.0, 110.0, 163.0),
    )
    book = Book(Source("m.pdf", "0", "pdf", "pdf"), pages, page_count=6)
    out = run(book, FurnitureParams(), StageLog("strip_furniture"))
    texts = [ln.text for pg in out.pages for ln in pg.lines]
    assert all(t in texts for t in ("The Crossing", "The Quarry Bell", "The Last Boat"))
    assert "Salt and Slate" not in texts and "Nell Castellane-Byrd" not in texts


@pytest.mark.parametrize("heading_size", [14.3, 9.0])
def test_a_chapter_heading_numbered_like_its_page_is_no_head_when_set_larger(heading_size):
    """Chapter 1 opens on folio 1 (printed at the foot) under the heading ``1 The Orchard``;
    the verso head after it reads ``2   The Orchard``. Set large, the heading stays; set
    like the heads, on a page with no folio of its own below, it is one of them."""
    from pipeline.document import Book, Source
    from pipeline.registry import StageLog, get_stages

    body = [
        (f"Body text line {k} of the page runs on as text does.", 48, 100 + 12 * k, 10)
        for k in range(10)
    ]
    pages = [
        _pdf_page(
            1,
            [("1 The Orchard", 48, 48, heading_size), *body]
            + ([("1", 200, 626, 9)] if heading_size > 10 else []),
        ),
        _pdf_page(2, [("2   The Orchard", 48, 24, 9), *body]),
        _pdf_page(3, [("The Orchard   3", 48, 24, 9), *body]),
        _pdf_page(4, [("4   The Pressing", 48, 24, 9), *body]),
        _pdf_page(5, [("The Pressing   5", 48, 24, 9), *body]),
    ]
    book = Book(Source("x", "t", "pdf"), tuple(pages), 5)
    spec = get_stages()["strip_furniture"]
    out = spec.func(book, spec.params(), StageLog("strip_furniture"))
    kept = [[ln.text for ln in pg.lines] for pg in out.pages]
    assert ("1 The Orchard" in kept[0]) == (heading_size > 10)
    assert not any("Orchard" in t or "Pressing" in t for pg in kept[1:] for t in pg)


def test_a_chapters_numbered_heading_on_its_own_folio_stays():
    # chapter 1 opens on folio 1, printed at the foot; the verso head after it reads
    # "2 The Levels": the heading is printed as a head on one other page only, and its
    # page prints its own folio apart. Chapter 2's heads go on: "Tithes 3", "4 Tithes".
    text = pages(
        f"{fill(1)}\niii\n",
        f"{fill(2)}\niv\n",
        f"1 The Levels\n\n{fill(3)}\n1\n",
        f"2 The Levels\n\n{fill(4)}",
        f"Tithes 3\n\n{fill(5)}",
        f"4 Tithes\n\n{fill(6)}",
        f"Tithes 5\n\n{fill(7)}",
    )
    body = clean_text(text).body
    assert body.count("The Levels") == 1 and "\n1 The Levels\n" in "\n" + body, body
    assert "Tithes" not in body


def test_a_chapter_label_over_its_title_stays_where_the_folio_was_lost():
    # an OCR text that lost the chapter openings' folios: "Chapter 1" fits the numbering
    # at the page's edge, but it stands over the chapter's title
    text = pages(
        f"{fill(1)}\n\niii\n",
        f"{fill(2)}\n\niv\n",
        f"Chapter 1\n\nThe Chain and the Boat\n\n{fill(3)}",
        f"{fill(4)}\n\n2\n",
        f"{fill(5)}\n\n3\n",
        f"Chapter 4\n\nPassengers\n\n{fill(6)}",
        f"{fill(7)}\n\n5\n",
    )
    body = clean_text(text).body
    assert "Chapter 1\n\nThe Chain and the Boat" in body, body
    assert "Chapter 4\n\nPassengers" in body


def test_a_heads_second_line_over_the_same_chapter_heading_goes():
    # pdfminer's text of a head in two parts (the book's title, the chapter's): on a
    # chapter's first page the head's second line repeats the heading right under it
    contents = "Contents\n\nGetting There\n\n4\n\nThe North Trail\n\n6\n"
    text = pages(
        contents,
        f"{fill(1)}\n\u2212 3 \u2212\n",
        f"Skerne Walks\n\nGetting There\n\nGetting There\n\n{fill(2)}\n\u2212 4 \u2212\n",
        f"Skerne Walks\n\nGetting There\n\n{fill(3)}\n\u2212 5 \u2212\n",
        f"Skerne Walks\n\nThe North Trail\n\nThe North Trail\n\n{fill(4)}\n\u2212 6 \u2212\n",
        f"Skerne Walks\n\nThe North Trail\n\n{fill(5)}\n\u2212 7 \u2212\n",
    )
    result = clean_text(text)
    body = result.body
    assert "Getting There\n\nGetting There" not in body and "Getting There" in body, body
    assert "The North Trail\n\nThe North Trail" not in body and "Skerne Walks" not in body
    echoes = [e.before for e in result.edits if "echoes_heading" in e.evidence]
    assert echoes == ["Getting There", "The North Trail"]


def test_a_heads_second_line_on_the_chapters_next_page_goes_and_the_sentence_runs_on():
    contents = "Contents\n\nGetting There\n\n4\n\nPortavell and the South End\n\n6\n"
    text = pages(
        contents,
        f"{fill(1)}\n\u2212 3 \u2212\n",
        "Skerne Walks\n\nPortavell and the South End\n\nPortavell and the South End\n\n"
        "The chapel stands alone on the machair a mile west of the village, and inside it\n"
        "is a slab carved with a cross that the islanders have always called the Fisherman’s\n"
        "\n\u2212 4 \u2212\n",
        "Skerne Walks\n\nPortavell and the South End\n\nStone.2 Go quietly: the graveyard "
        "is still used.\n\n2 It is said that a boat leaving for the first time should\n\n"
        "pass close enough to see it.\n\n\u2212 5 \u2212\n",
    )
    body = clean_text(text).body
    assert "the Fisherman’s Stone.2 Go quietly" in body, body
    assert "\n\n2 It is said that a boat leaving for the first time should pass close" in body


def test_tagged_artifacts_removed_keep_the_conservation_check_ok():
    # (probe29 ferry, a Typst play) the running heads and folios a tagged PDF marks as
    # /Artifact are removed and logged: the no-loss check counts them as removed (before,
    # it reported their letters lost)
    from pipeline.config import defaults
    from pipeline.conservation import check
    from pipeline.outputs import render_body, render_index_text
    from pipeline.runner import run

    r = run(_tagged_book(), defaults())
    assert [e.rule for e in r.edits].count("tagged_artifact") == 6
    assert check(r.baseline, render_body(r.book), render_index_text(r.book.index), r.edits)["ok"]


def test_a_chapter_title_over_its_page_and_its_head_put_after_the_body_is_no_head_twice():
    # (probe29 carrowmoths, PyMuPDF text of a WeasyPrint book) each chapter opens a recto
    # whose head, its title, the text puts after the body: the title at the top and the
    # head at the foot of one page are one page's, no repetition; the head goes, the
    # chapter's heading stays (before, both went)
    book = "Moths of the Isles"

    def body(n):
        return "".join(f"Body of page {n}, line {k}, on moths and lamps.\n" for k in range(5))

    text = pages(
        *(
            f"{title}\n{body(n)}{title}\n{n}\n" + f"\f{body(n + 1)}{book}\n{n + 1}\n"
            for n, title in ((5, "Lantern Moths"), (7, "Heath Moths"), (9, "Shore Moths"))
        )
    )
    body = clean_text(text).body
    for title in ("Lantern Moths", "Heath Moths", "Shore Moths"):
        assert body.count(title) == 1
        assert f"{title}\n\nBody" in body
    assert book not in body


def test_a_head_after_its_folio_that_repeats_the_chapter_title_goes():
    # (probe30 chance, PyMuPDF text of a LaTeX book) each verso opens with its folio and
    # then its head, the chapter's title, printed once in a short chapter: the head goes,
    # the chapter heading (numbered) stays (before, the head stayed as a paragraph)
    def body(n):
        return "".join(f"Body of page {n}, line {k}, on chance and dice.\n" for k in range(6))

    chapters = ("Events and Probability", "Random Variables", "The Law of Averages")
    text = pages(
        *(
            f"{c} {title}\n{body(2 * c - 1)}{2 * c - 1}\n" + f"\f{2 * c}\n{title}\n{body(2 * c)}"
            for c, title in enumerate(chapters, 1)
        )
    )
    body_text = clean_text(text).body
    for c, title in enumerate(chapters, 1):
        assert body_text.count(title) == 1
        assert f"{c} {title}\n" in body_text


def test_a_contents_last_page_number_over_the_folio_stays():
    # (probe30 chance, PyMuPDF text of a LaTeX book) the contents' last row's page number
    # stands alone over the page's roman folio: the folio goes, the row keeps its number
    # (before, both went as folios)
    from pathlib import Path

    src = Path(__file__).parent.parent / "fixtures/probe30/chance-pdflatex-pymupdf/input.txt"
    out = clean_text(src.read_text(encoding="utf-8")).body
    assert "3 The Law of Averages 5\n" in out
    assert "\niii\n" not in out


def test_a_lone_folio_under_a_head_of_several_lines_goes_with_it():
    # (probe31 lantern, mutool text of a groff -mom novel) the versos' heads are the
    # author, the title and the folio, each on a line of its own; no other page prints a
    # number: the folio goes with the head, and the title page keeps the book's title
    # (before, the folios stayed as paragraphs and the title page lost its title)
    def body(n):
        return "".join(
            f"Body of page {n}, line {k}, on the lamp and the breakwater.\n" for k in range(6)
        )

    pages_ = ["The Lantern Keeper\n\nby Orla Penhallow\n"]
    for n in range(2, 10):
        head = f"Orla Penhallow\nThe Lantern Keeper\n{n}\n" if n % 2 == 0 else ""
        pages_.append(head + body(n))
    out = clean_text(pages(*pages_)).body
    assert out.startswith("The Lantern Keeper\n\n"), out
    assert "\n\n4\n\n" not in out and "\n4\n" not in out
    assert out.count("Orla Penhallow") == 1


def _head_over_folio_book(stock: bool) -> str:
    """pypdf's text of pages whose head (the book's title, then the part's, then the folio,
    each a line, as an HTML renderer's header frame gave them) comes before the body."""
    parts = ["", "", "Greens and Roots", "Greens and Roots", "From the Dairy", "From the Dairy"]
    pages = [
        "The Larder at Hollins\n Recipes from a Dale Farm\n Ada Kettlewell\n",
        "2\nBefore You Start\nThe larder faces north, and the recipes here were made in it"
        " for sixty years.\nAll of them use what a dale farm grows or keeps through a winter.\n",
    ]
    for num in range(3, 7):
        lines = ["The Larder at Hollins", f" {parts[num - 1]}", f" {num}"]
        if num in (3, 5):
            lines.append(f" {parts[num - 1]}")
        lines += [
            f"Recipe {num * 7} uses the stock left from the day before and a handful of",
            "whatever greens the garden can spare, boiled fast and served at once."
            if stock  # (a line printed word for word on every page: a stock line)
            else f"whatever the garden can spare in week {num}, boiled fast and served hot.",
        ]
        pages.append("\n".join(lines) + "\n")
    return "\f".join(pages)


@pytest.mark.parametrize("stock", [False, True])
def test_a_heads_middle_line_between_the_book_title_and_the_folio_goes(stock):
    result = clean_text(_head_over_folio_book(stock))
    body = "\n\n" + result.body
    # the heads' three lines go from pages 2 to 6
    assert body.count("The Larder at Hollins") <= 1
    for folio in ("2", "3", "4", "5", "6"):
        assert f"\n\n{folio}\n\n" not in body and f" {folio}\n" not in body
    # each part's heading, printed once under the head on its first page, stays
    assert body.count("Greens and Roots") == 1 and body.count("From the Dairy") == 1
    assert "\n\nGreens and Roots\n\n" in body
    heads = [e for e in result.edits if e.rule == "running_head" and "over_folio" in e.evidence]
    assert sorted(e.page for e in heads) == [3, 4, 5, 6]


def test_a_browsers_footer_url_goes_on_a_page_of_one_line():
    """pdftotext's text of a browser's print: the date and the title in the header, the
    page's URL and ``N/M`` in the footer, on every page; one page holds a single line."""
    url = "file:///home/club/handbook.html"
    bodies = [
        [f"Line {k} of the handbook's first chapter, which runs on for a while." for k in range(9)],
        ["number of people in the layout room to twenty."],
        [f"Line {k} of the handbook's second chapter, which runs on as well." for k in range(9)],
        [f"Line {k} of the handbook's third chapter, which also runs on." for k in range(9)],
    ]
    pages = [
        "\n".join(["11/25/26, 7:21 AM", "", "The Club Handbook", "", *body, url, "", f"{n}/4"])
        for n, body in enumerate(bodies, 1)
    ]
    body = clean_text("\f".join(pages)).body
    assert "file://" not in body, body
    assert "number of people in the layout room to twenty." in body


def test_a_rectos_head_ranged_right_printed_once_goes_between_versos_heads():
    """pdftotext -layout of a book whose versos carry its title at the left and whose
    rectos carry the chapter, ranged right, each printed once; folios at the foot."""
    rectos = {3: "Chapter 1 · Stones and Their Making", 5: "Chapter 2 · Beds and Time"}
    pages = []
    for n in range(2, 8):
        head = " " * 46 + rectos[n] if n in rectos else "Reading the Stones"
        body = [
            f"Line {k} of page {n} tells how the cliff at the cove was laid down, bed by bed."
            for k in range(8)
        ]
        pages.append("\n".join([head, "", "", *body, "", " " * 38 + str(n)]))
    body = clean_text("\f".join(pages)).body
    assert "Chapter 1 · Stones" not in body and "Chapter 2 · Beds" not in body, body
    assert "Reading the Stones" not in body
    # must not change: a chapter's opening label on its own, ranged right, stays
    pages[1] = pages[1].replace(rectos[3], "Chapter 1")
    assert "Chapter 1" in clean_text("\f".join(pages)).body


def test_a_heads_second_line_a_head_over_its_heading_and_unmapped_glyphs_at_the_foot():
    """pdf2txt's text of a reportlab book: the versos' head written as two lines (the
    book's title, then the place), a recto's head printed once over the heading it names,
    and on one page the list's bullets pdfminer could not map after the folio."""

    def prose(n: int) -> list[str]:
        return [
            f"Line {k} on page {n} tells how the jam was made in the dairy that summer."
            for k in range(8)
        ]

    pages = []
    for n in range(2, 8):
        if n % 2 == 0:
            top = ["The Kitchen Notebook", "", "Oakdale", "", f"Chapter {n // 2}", ""]
        elif n == 3:
            top = ["Before You Begin", "", "Before You Begin", ""]
        else:
            top = []
        foot = ["", str(n)] + (["", "(cid:127)", "(cid:127)"] if n == 3 else [])
        pages.append("\n".join([*top, *prose(n), *foot]))
    body = clean_text("\f".join(pages)).body
    assert "Oakdale" not in body, body
    assert body.count("Before You Begin") == 1, body
    assert "\n3\n" not in "\n" + body + "\n", body


@pytest.mark.parametrize(
    ("first_folio", "title_kept"),
    [
        ("", True),  # the title page: no page number
        ("1", True),  # the book's first page, folio 1
        ("57", False),  # an excerpt from inside a book: page 57 has its head like the rest
    ],
)
def test_the_books_first_line_repeated_as_its_head_is_its_title(first_folio, title_kept):
    head = "The Orchard Almanac"
    first = f"{head}\n\n" + fill(0, 6) + (f"{first_folio}\n" if first_folio else "")
    start = int(first_folio or 1)
    rest = [f"{head}\n\n" + fill(k, 6) + f"{start + k}\n" for k in range(1, 4)]
    body = clean_text(pages(first, *rest)).body
    assert body.startswith(head + "\n") == title_kept, body
    assert body.count(head) == (1 if title_kept else 0)


def test_a_chapter_title_whose_heads_stand_at_the_pages_feet_is_kept_at_its_opening():
    # (mutool's text writes each page's head band after the page's text: the verso's book
    # title, the recto's chapter title; the chapter opens at a page's top with its title)
    prose = [
        f"Line {k} of the experiment's method runs on as prose lines do in a book."
        for k in range(8)
    ]
    pages = [
        ["Experiment 1: Red Cabbage", "", "Aim", "", *prose, "", "The Bench Book", "", "4"],
        [*prose, "", "Experiment 1: Red Cabbage", "", "5"],
        ["Experiment 2: Soil in a Jar", "", "Aim", "", *prose, "", "The Bench Book", "", "6"],
        [*prose, "", "Experiment 2: Soil in a Jar", "", "7"],
        ["Experiment 3: Oxygen", "", "Aim", "", *prose, "", "The Bench Book", "", "8"],
        [*prose, "", "Experiment 3: Oxygen", "", "9"],
    ]
    result = clean_text("\f".join("\n".join(p) for p in pages) + "\n")
    for title in [
        "Experiment 1: Red Cabbage",
        "Experiment 2: Soil in a Jar",
        "Experiment 3: Oxygen",
    ]:
        assert result.body.count(title) == 1, result.body[:400]
    assert result.body.count("\nAim\n") == 3
    assert "The Bench Book" not in result.body
