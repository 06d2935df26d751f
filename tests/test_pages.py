"""find_pages: page breaks put back in text without form feeds; clean text left alone."""

from __future__ import annotations

import regex

from pipeline import clean_text

PROSE = [
    "The river rose slowly through the spring, and the town watched it come.",
    "Nobody on the quay expected the water to reach the warehouses that year",
    "because the wall had been raised twice since the great flood of the sixties.",
    "The harbour master kept a ledger of every tide, in a neat and patient hand.",
    "Most evenings he walked the length of the wall before he went home.",
]


WARDEN = "warden closed the gates and sent a boy running up the hill to the mayor."


def _copy_paste(heads: list[str]) -> str:
    """Pages as a viewer's copy-paste gives them: each opens with its running head (and
    page number), and each but the last breaks off in mid-sentence, continued on the next
    page after the head."""
    out = []
    for i, head in enumerate(heads):
        out += [head, *([WARDEN] if i else []), *PROSE[i % 2 :], *PROSE[: i % 2]]
        if i < len(heads) - 1:
            # (each page's own last line: a line printed word for word at the foot of
            # every page is a running foot)
            nth = ["first", "second", "third"][i]
            out.append(f"and so when the gauges failed on the night of the {nth} storm, the")
    return "\n".join(out) + "\n"


def test_copy_paste_heads_become_page_breaks_and_go():
    heads = ["THE RIVER BOOK 57", "58 FLOOD AND TIDE", "THE RIVER BOOK 59", "60 FLOOD AND TIDE"]
    result = clean_text(_copy_paste(heads))
    assert not any(h in result.body for h in heads)
    assert result.body.count("storm, the warden closed the gates") == 3
    breaks = [e for e in result.edits if e.rule == "page_break"]
    assert [e.evidence["reason"] for e in breaks] == ["numbered"] * 3


def test_lone_number_that_breaks_a_sentence_is_a_page_break():
    text = "\n\n".join(
        [*PROSE, "I cut the hedge, but only because she", "89", "can’t reach the top of it now."]
    )
    result = clean_text(text + "\n")
    assert "89" not in result.body
    assert "because she can’t reach" in result.body


def test_numbered_section_headings_and_chapter_numbers_stay():
    parts = []
    for n, title in enumerate(["Reading Query Plans", "Indexes", "Joins", "Transactions"], 1):
        parts += [
            f"{n} {title}",
            "",
            *PROSE,
            "",
            str(n),
            "",
            "Notes On The Chapter",
            "",
            *PROSE,
            "",
        ]
    text = "\n".join(parts)
    result = clean_text(text)
    assert not [e for e in result.edits if e.stage in ("find_pages", "strip_furniture")]
    for n in range(1, 5):
        assert f"\n{n}\n" in "\n" + result.body


def test_sentence_case_section_head_with_its_page_number():
    heads = [
        "5.3 Narrowing with control flow 87",
        "88 Chapter 5 Types That Change",
        "5.3 Narrowing with control flow 89",
    ]
    body = clean_text(_copy_paste(heads)).body
    assert not any(h in body for h in heads)


def test_numbers_in_a_listing_are_no_page_breaks():
    listing = "Run it and read the output of the program:\n\n    total = add(40, 2)\n    print(total)\n42\nanswer = total\n"
    text = "\n".join(PROSE) + "\n\n" + listing + "\n" + "\n".join(PROSE) + "\n"
    result = clean_text(text)
    assert not [e for e in result.edits if e.stage in ("find_pages", "strip_furniture")]
    assert "42" in result.body.split()


def test_roman_folios_of_front_matter_become_page_breaks_and_go():
    # An ebook export: the preface's lone roman folios between two parts of a sentence
    text = "\n\n".join(
        [
            "Preface",
            *PROSE,
            "and the stories written for them tell about which rules matter to those who",
            "ix",
            "break them, and why; and what happens",
            *PROSE,
            "to a reader who has lived under rules, and it may be",
            "x",
            "that some of them laughed too.",
            *PROSE,
            "xi",
            "CHAPTER ONE",
            "The Wages of Naughtiness",
            *PROSE,
        ]
    )
    result = clean_text(text + "\n")
    body = result.body
    assert "those who break them" in body and "it may be that some" in body
    assert "\nix\n" not in body and "\nxi\n" not in body
    # the chapter's label over its title stays, although it follows a folio as heads do
    assert "CHAPTER ONE\n\nThe Wages of Naughtiness" in body
    breaks = [e.evidence["reason"] for e in result.edits if e.rule == "page_break"]
    assert breaks == ["numbered"] * 3


def test_chapter_numbered_folios_and_folios_glued_to_their_heads():
    from pipeline import clean_text

    para = "The rope leader checks the anchor, the system and the load in that order, and\n"
    text = (
        "3.1.1 This chapter sets out the standard methods for raising and lowering a\n"
        + para * 3
        + "casualty on steep ground. Equipment that is not marked with\n"
        "Edition 2, March 2019 3-1\n\nMountain Rescue Field Manual\n"
        "its breaking strength is not used. " + para * 3 + "and the rope is\n"
        "3-2 Edition 2, March 2019\n\nMountain Rescue Field Manual\n"
        "checked again. " + para * 3 + "and the end of the\n"
        "Edition 2, March 2019 3-3\n\nMountain Rescue Field Manual\n"
        "chapter comes. " + para * 2
    )
    body = clean_text(text).body
    assert "Edition 2" not in body and "Mountain Rescue" not in body
    assert "not marked with its breaking strength" in body
    glued = (
        "Prices rose. " + para * 3 + "exports in the\n42Money and the Small Economy\n"
        "importer’s currency. " + para * 3 + "over the\nPrices, Wages and the Exchange Rate43\n"
        "next two years. " + para * 3 + "the sector\n44Money and the Small Economy\n"
        "behaved well. " + para
    )
    body = clean_text(glued).body
    assert "Money and the Small Economy" not in body and "Rate43" not in body


def test_page_numbers_at_even_distances_are_page_breaks_without_broken_sentences():
    # pypdf joins pages with a newline and writes each page's head and folio after its
    # text; every page here ends a paragraph, so no sentence is broken, but six numbers
    # counting up at nearly even distances are a book's pages.
    parts = []
    for n in range(118, 124):
        parts += [*PROSE[n % 2 :], *PROSE[: n % 2], *PROSE[:2]]
        parts.append(f"RAIN MEASURES {n}" if n % 2 else str(n))
    result = clean_text("\n".join(parts) + "\n")
    assert "RAIN MEASURES" not in result.body
    assert not any(line.strip().isdigit() for line in result.body.splitlines())


def test_a_head_and_the_folio_under_it_open_one_page():
    # pypdf without form feeds: each page's head, then its folio, between the last line
    # of one page and the first line of the next; a word hyphenated across them
    heads = ["A PORT AND ITS MERCHANTS", "THE BROTHERS VELLACOTT"]
    text = "87\nCHAPTER FOUR\nThe Brothers Vellacott, 1812–1834\n"
    names = ["salt", "fish", "rope", "sail", "tar"]
    for n in range(88, 93):
        text += (
            f"The trade in {names[n - 88]} grew year on year, and the brothers kept their books\n"
            f"with a care that their {names[n - 88]} rivals found hard to match, less flatter-\n"
            f"{heads[n % 2]}\n{n}\n"
            "ingly than they deserved, as the letters of the period show.\n"
        )
    result = clean_text(text)
    assert result.body.count("less flatteringly than") == 5
    assert "CHAPTER FOUR" in result.body and "MERCHANTS" not in result.body
    assert not any(w.isdigit() and 87 <= int(w) <= 92 for w in result.body.split())
    breaks = [e for e in result.edits if e.rule == "page_break"]
    assert len(breaks) == 5  # one per page, at its head


def test_the_index_pages_folio_numbered_on_from_the_excerpt_goes():
    # no form feeds; the excerpt's pages 87-90 each end in their folio, then the index's
    # first page prints its own, far on, before the Index heading
    body = "".join(
        f"The trade in {w} grew year on year, and the brothers kept their books with a care\n"
        f"that their rivals found hard to match, as the letters of the period\n{n}\n"
        "show in some detail, year by year.\n"
        for n, w in zip(range(87, 91), ["salt", "fish", "rope", "tar"], strict=True)
    )
    result = clean_text(body + "311\nIndex\nbrothers, 87–90\nsalt, 87\nfish, 88\n")
    assert "311" not in result.body.split()
    assert any(e.rule == "page_break" and e.before == "311" for e in result.edits)
    # a number past the folios in the running text, with no index after it, stays
    result = clean_text(body + "311\nmore text follows here.\n")
    assert "311" in result.body.split()


def test_a_folio_over_a_running_head_each_time_opens_a_page_where_nothing_else_shows_it():
    # pdftotext -nopgbrk: pages end at paragraph ends, a table's cells stand one to a line,
    # the folio sits over the head; the verso head is printed once
    table = ["Pos Club", "1", "2", "3", "", "Whinmoor Albion", "Kettleby", "Abbotsford", ""]
    lines = [
        "Division One",
        *PROSE,
        "",
        *table,
        "44",
        "",
        "45",
        "DIVISION ONE, 2023–24",
        "",
        *PROSE,
        "",
        "46",
        "MARROWDALE & DISTRICT FOOTBALL ALMANACK",
        "",
        *PROSE,
        "",
        "47",
        "DIVISION ONE, 2023–24",
        "",
        *PROSE,
    ]
    result = clean_text("\n".join(lines) + "\n")
    breaks = [e.before for e in result.edits if e.stage == "find_pages"]
    assert breaks == ["45", "46", "47"], breaks
    assert "DIVISION ONE" not in result.body and "MARROWDALE" not in result.body, result.body
    assert "\n44\n" not in result.body and "\n3\n" in result.body, result.body


def test_page_numbers_that_break_sentences_win_over_a_longer_run_of_table_cells():
    # a table read one cell to a line: each row's position, then its cells
    rows = [[str(k), "Whinmoor Albion", "22", "+37"] for k in range(1, 9)]
    lines = [*PROSE, "", "Pos", *[c for row in rows for c in row], "", *PROSE[:2]]
    lines += ["and so when the gauges failed on the night of the storm, the", "45", WARDEN]
    lines += [*PROSE, "and so when the gauges failed on the night of the storm, the", "46"]
    lines += [WARDEN, *PROSE]
    result = clean_text("\n".join(lines) + "\n")
    assert [e.before for e in result.edits if e.stage == "find_pages"] == ["45", "46"]
    assert "storm, the warden closed the gates" in result.body, result.body


def test_heads_dated_at_one_end_with_the_folio_between_marks_at_the_other():
    # a log's heads: the days on the page, then the folio between two dots; the front
    # matter's folios are roman, set between the same marks
    heads = ["11 JUNE – 13 JUNE · 2 ·", "· 3 ·", "15 JUNE · 4 ·", "16 JUNE – 18 JUNE · 5 ·"]
    text = "THE VOYAGE OF THE KETTLE · xiv ·\n" + "\n".join(PROSE) + "\n· xv ·\n"
    text += "\n".join(PROSE) + "\n" + _copy_paste(heads)
    result = clean_text(text)
    assert not any(h in result.body for h in heads) and "xiv" not in result.body, result.body
    assert "· xv ·" not in result.body
    chains = {e.evidence.get("chain") for e in result.edits if e.rule == "page_break"}
    assert chains == {"2–5", "xiv–xv"}


def test_an_index_term_printed_twice_is_no_running_head():
    # "Quarrie, Lettice" over its sub-entries and in a cross-reference's turnover: both
    # lines sit where a sentence could run on, but in the index they are entries
    body = "\n".join(PROSE * 3)
    index = [
        "Index",
        "Ansty, Will, 2, 3",
        "diary of Lettice Quarrie. See under",
        "Quarrie, Lettice",
        "fog, 2, 71",
        "Quarrie, Abel, 1–4",
        "Quarrie, Lettice",
        "diary of, 2, 3",
        "drawings by, 3",
    ]
    result = clean_text(body + "\n" + "\n".join(index) + "\n")
    assert not [e for e in result.edits if e.rule == "page_break"]
    assert "Quarrie, Lettice" in {e.term for e in result.book.index}


def test_a_head_over_its_marked_folio_opens_the_page():
    # pdftotext -raw: the recto's head, then its folio on a line of its own, between a
    # sentence broken off and its continuation
    text = (
        "THE VOYAGE OF THE KETTLE · xiv ·\n" + "\n".join(PROSE) + "\n"
        "and the letters, which are quoted in the\nINTRODUCTION\n· xv ·\n"
        "notes, are the fullest account of it.\n" + "\n".join(PROSE) + "\n"
    )
    result = clean_text(text)
    assert "INTRODUCTION" not in result.body and "quoted in the notes, are" in result.body
    breaks = [e for e in result.edits if e.rule == "page_break"]
    assert [e.before for e in breaks] == ["INTRODUCTION"]


def test_a_foot_folio_then_the_next_pages_head_open_one_page():
    # pdftotext -nopgbrk: the page's foot folio and the next page's head stand together,
    # no blank line between; the numbering stays one folio to a page
    def page(n: int) -> str:
        lines = [
            f"story line {n}.{k} of the chapter, which goes on as stories do, and" for k in range(8)
        ]
        return "\n".join(["the night went on.", *lines, "so when the gauges failed, the"])

    heads = ["NELL ASHCOMBE", "THE ORCHARD", "NELL ASHCOMBE", "THE ORCHARD"]
    text = page(0) + "\n"
    for n, head in enumerate(heads, 1):
        text += f"{' ' * 28}{151 + n}\n{' ' * 19}{head}\n\n" + page(n) + "\n"
    result = clean_text(text)
    assert not any(str(151 + n) in result.body.split() for n in range(1, 5)), result.body
    assert "NELL" not in result.body and "ORCHARD" not in result.body
    breaks = [e.before for e in result.edits if e.rule == "page_break"]
    assert breaks == ["152", "153", "154", "155"], breaks


def test_a_notes_marker_set_on_a_line_of_its_own_is_no_page_break_and_goes_back_in():
    """Ghostscript's txtwrite sets a raised note marker on a line of its own above the
    line it belongs to, between the halves of a sentence, like a folio at a page break;
    the note printed below it on the page, opening with the number, tells it apart."""
    text = "\n".join(
        [
            *PROSE,
            "    The keeper wrote each evening, and where he was",
            "                                                       1",
            "    wrong he left the entry and said so in a note.",
            *PROSE,
            "      1 He was wrong less often than he claimed.",
        ]
    )
    result = clean_text(text + "\n")
    assert not [e for e in result.edits if e.stage == "find_pages"]
    assert "where he was wrong he left the entry and said so in a note.1" in result.body
    assert "\n\n1 He was wrong less often than he claimed." in result.body
    raised = [e for e in result.edits if e.rule == "raised_marker"]
    assert len(raised) == 1 and raised[0].after.endswith("note.1")


def test_a_running_head_printed_with_its_folio_across_a_gap_opens_pages():
    """A layout-keeping export (Ghostscript's txtwrite) writes each page's head with its
    folio at the other margin; chapters open on new pages, so no page break falls in a
    sentence, but the head's title repeats with the numbers counting up."""
    head = "A Year at the Tarn"
    text = "\n".join(
        [
            f"   4                      {head}",
            *PROSE,
            "   1 Winter                               5",
            "1 Winter",
            *PROSE[:3],
            f"   6                      {head}",
            *PROSE[2:],
            "   2 Spring                               7",
            "2 Spring",
            *PROSE,
            f"   8                      {head}",
            *PROSE[:4],
        ]
    )
    result = clean_text(text + "\n")
    breaks = [e for e in result.edits if e.rule == "page_break"]
    assert len(breaks) == 4 and {e.evidence["reason"] for e in breaks} == {"numbered"}
    assert head not in result.body
    assert "\n\n1 Winter\n\n" in result.body and "\n\n2 Spring\n\n" in result.body


STATION_THINGS = "gauge screen vane log hut wall gate stile beck ridge cairn fold".split()


def _station_prose(page: int, n: int) -> list[str]:
    """*n* lines of prose for page *page*, each its own sentence, none the same as another
    page's (no line repeats, as a head does)."""
    t = STATION_THINGS
    return [
        f"The {t[(page + k) % 12]} by the {t[(page * 5 + k * 7) % 12]} was read"
        f" at nine, as the {t[(k * 3 + page) % 12]} rules of the station ask."
        for k in range(n)
    ]


def _shifted_book() -> str:
    """Ghostscript's txtwrite: no form feeds, each page's folio alone at its foot, a head
    over two lines (the first ending in a comma) atop the even pages, pages of uneven
    length (chapters open on new pages, none breaks a sentence), and every page shifted
    across by its own margin; the title page lists the contents, ``Index`` among them."""
    head = ["Hollow Fell Weather Station: Observer’s Handbook,", "Release 2.0"]
    prose = _station_prose

    def page(margin: int, lines: list[str], folio: int, headed: bool) -> list[str]:
        top = [" " * (margin + 3) + head[0], " " * (margin + 20) + head[1]] if headed else []
        return [*top, *(" " * margin + t for t in lines), " " * (margin + 30) + str(folio)]

    return "\n".join(
        [
            "        Hollow Fell Weather",
            "        Station: Observer’s Handbook",
            "                  Release 2.0",
            "        Amos Roke",
            "        CONTENTS",
            "        1 Reading            1",
            "        2 Care               3",
            "        Index                7",
            *page(8, prose(1, 5), 1, False),
            *page(6, prose(2, 9), 2, True),
            *page(9, prose(3, 11), 3, False),
            *page(17, [*prose(4, 4), "The care of the gauge ends here."], 4, True),
            *page(10, prose(5, 8), 5, False),
            *page(16, [*prose(6, 7), "Chapter Two ends here."], 6, True),
            *page(8, ["INDEX", "gauge, 2", "rain, 1, 3", "wind, 4"], 7, False),
        ]
    )


def test_folios_beside_a_repeated_head_open_pages_of_uneven_length():
    result = clean_text(_shifted_book() + "\n")
    breaks = [e for e in result.edits if e.rule == "page_break"]
    assert [e.before for e in breaks] == ["1", "2", "3", "4", "5", "6", "7"], breaks
    # the heads go, the title page's own lines stay
    assert result.body.startswith("Hollow Fell Weather\n\nStation: Observer’s Handbook\n\n")
    assert result.body.count("Observer’s") == 1 and "Release 2.0\n\nThe" not in result.body
    # the index's heading is no echo of the contents' "Index" row: the index is found
    assert [e["term"] for e in result.index] == ["gauge", "rain", "wind"]


def test_section_numbers_beside_their_own_titles_open_no_pages():
    lines = []
    for n, title in enumerate(["The Gauge", "The Screen", "The Vane", "The Log"], 1):
        lines += [" " * 30 + str(n), f"The {title.split()[1]} and Its Care", *PROSE[: 2 + n % 3]]
    result = clean_text("\n".join(lines) + "\n")
    assert not [e for e in result.edits if e.rule == "page_break"]


def test_heads_one_space_from_their_folio_after_each_pages_text_open_pages():
    """pdftext writes each page's head (or foot folio) after the page's text, the folio
    one space from the title, no form feeds; chapters open new pages, so no page break
    falls inside a sentence; the book's title repeats in the verso heads."""
    text = _station_prose

    lines = [
        *text(1, 12), "2",
        *text(2, 4), "Reading the Gauge 3",
        *text(3, 16), "4 The Hollow Fell Handbook",
        *text(4, 5), "5",
        *text(5, 14), "6 The Hollow Fell Handbook",
        *text(6, 6), "7",
    ]  # fmt: skip
    result = clean_text("\n".join(lines) + "\n")
    breaks = [e.before for e in result.edits if e.rule == "page_break"]
    assert breaks == ["2", "Reading the Gauge 3", "4 The Hollow Fell Handbook", "5",
                      "6 The Hollow Fell Handbook", "7"], breaks  # fmt: skip
    assert "Hollow Fell Handbook" not in result.body and "Reading the Gauge" not in result.body


def _nopgbrk_book() -> str:
    """``pdftotext -nopgbrk``: no form feeds; a blank line between every line of a page's
    head band and the text: even pages open ``N`` / the book's title, odd pages the part's
    title / ``N`` (its opening page the title again under the band); pages of uneven length, each ending a sentence (no break falls
    mid-sentence)."""
    out = ["The Hollow Fell Station", "A Handbook for Observers", ""]
    for n in range(2, 8):
        band = (
            [str(n), "", "The Hollow Fell Station"]
            if n % 2 == 0
            else ["The Daily Round", "", str(n)]
        )
        # (the part opens on page 3: its title under the band, printed as the head is)
        opening = ["", "The Daily Round"] if n == 3 else []
        out += ["", *band, *opening, "", *_station_prose(n, [6, 17, 9, 20, 7, 15][n - 2])]
    return "\n".join(out) + "\n"


def test_folios_a_blank_line_from_a_repeated_head_open_pages():
    result = clean_text(_nopgbrk_book())
    breaks = [e for e in result.edits if e.rule == "page_break"]
    # (a recto's page opens at its head, which the export writes before the folio)
    recto = "The Daily Round"
    assert [e.before for e in breaks] == ["2", recto, "4", recto, "6", recto], breaks
    # the heads and folios go; the title page keeps its title, the part's opening page
    # its title under the band
    assert result.body.count("The Hollow Fell Station") == 1
    assert result.body.count(recto) == 1 and f"\n\n{recto}\n\nThe " in result.body
    assert not regex.search(r"(?m)^\d$", result.body)


def test_a_numbered_list_a_blank_line_from_one_repeated_line_opens_no_pages():
    # (steps numbered 1, 2, 3 each over the same two-word label: a line beside three numbers,
    # but the numbers stand closer than pages do)
    lines = []
    for n in range(1, 5):
        lines += [str(n), "", "Check twice", "", *_station_prose(n, 3)]
    result = clean_text("\n".join(lines) + "\n")
    assert not [e for e in result.edits if e.rule == "page_break"]


def test_the_index_pages_folio_beside_the_last_folio_opens_the_index():
    # (pdftotext -nopgbrk: the excerpt's last folio after its page's text, the index page's
    # folio and running head right after it, then the index's heading)
    book = _nopgbrk_book()
    book = book[: book.rindex("The Daily Round")]  # (page 7 without its head band)
    text = book + "\n".join(
        [*_station_prose(7, 15), "", "7", "", "8", "", "The Hollow Fell Station", "", "Index",
         "gauge, 2", "rain, 3, 5", "wind, 4", ""]
    )  # fmt: skip
    result = clean_text(text)
    assert not regex.search(r"(?m)^8$", result.body), result.body[-300:]
    assert result.body.count("The Hollow Fell Station") == 1
    assert [e["term"] for e in result.index] == ["gauge", "rain", "wind"]
