"""link_locators: printed page numbers to physical pages, locators to body paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Block, Page
from stages.index_links import _Body, locator_label, printed_pages

PDF_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"


def _pages(labels: list[str | None]) -> list[Page]:
    return [Page(i, (), label) for i, label in enumerate(labels, start=1)]


@pytest.mark.parametrize(
    "labels, printed, physical",
    [
        # an unnumbered chapter opener between two numbered pages with the same offset
        ([None, "1", None, "3"], ("arabic", "2"), 3),
        # before the first folio: counted back, but never below page 1
        ([None, None, "1", "2"], ("arabic", "1"), 3),
        # after the last folio: counted on
        (["1", "2", None, None], ("arabic", "4"), 4),
        # roman front matter, counted over an unnumbered page up to the arabic start
        (["i", None, "iii", "1"], ("roman", "ii"), 2),
    ],
)
def test_printed_pages_counts_over_unnumbered_pages(labels, printed, physical):
    assert printed_pages(_pages(labels))[printed] == physical


@pytest.mark.parametrize(
    "labels, printed",
    [
        # the numbering skips between the neighbours (a plate without a number): unsure
        (["1", None, None, "5"], ("arabic", "2")),
        # no folio found at all: nothing is guessed
        ([None, None, None], ("arabic", "1")),
        # roman numbering is not extended into the arabic pages
        (["i", "ii", "1", None], ("roman", "iv")),
    ],
)
def test_printed_pages_does_not_guess(labels, printed):
    assert printed not in printed_pages(_pages(labels))


def test_printed_pages_prefers_the_printed_folio_to_a_count():
    # page 2 prints no number; page 3 prints "2" (the count from page 1 would also say 2)
    pages = printed_pages(_pages(["1", None, "2", "3"]))
    assert pages[("arabic", "2")] == 3


@pytest.mark.parametrize(
    "locator, label",
    [
        ("26", ("arabic", "26")),
        ("104–106", ("arabic", "104")),
        ("104-6", ("arabic", "104")),
        ("221n", ("arabic", "221")),
        ("221n3", ("arabic", "221")),
        ("45ff.", ("arabic", "45")),
        ("xii", ("roman", "xii")),
        ("XIV", ("roman", "xiv")),
        ("Fig. 3", None),
        ("index", None),
        # section numbers and numbered elements name no page
        ("3.2", None),
        ("3.2.1", None),
        ("3.3ff.", None),
        ("3.2.1 (Ex. 3.6)", None),
        ("Box 3.1", None),
        ("12 (fig. 3)", ("arabic", "12")),
    ],
)
def test_locator_label(locator, label):
    assert locator_label(locator) == label


def test_body_target_first_paragraph_and_continued():
    blocks = (
        Block("heading", "One", 1, 1),
        Block("para", "A paragraph running over to the next page.", 1, 2),
        Block("note", "1 A footnote of page 2.", 2, 2),
        Block("para", "The first paragraph that starts on page two.", 2, 2),
        Block("code", "x = 1\ny = 2", 2, 3),
        Block("para", "Page four starts here.", 4, 4),
    )
    body = _Body(blocks)
    t = body.target("12", 2, 0)
    assert (t.page, t.paragraph, t.continued) == (2, 4, 2)
    # body.txt: heading line 1, para line 3, note line 5, para line 7
    assert t.line == 7 and t.excerpt == ""
    # a page on which no paragraph starts: only the one running over it
    t = body.target("13", 3, 0)
    assert (t.paragraph, t.continued) == (None, 5)
    # excerpts are cut at a word
    assert body.target("14", 4, 12).excerpt == "Page four …"
    assert body.target("x", None, 10).page is None


@pytest.fixture(scope="module")
def book300():
    pytest.importorskip("pypdfium2")
    from pipeline import clean_file

    return clean_file(PDF_DIR / "book-300.pdf", sets=["extract.engine='pdfium'"])


def _targets(entries):
    for e in entries:
        yield from zip(e.pages, e.targets or (), strict=True)
        yield from _targets(e.subentries)


def test_book300_every_locator_reaches_its_page(book300):
    """The generated book prints page numbers 1-298 on physical pages 3-300 (its title and
    contents pages come first, chapter openers print no running head): every locator
    must land on its printed page, and on a paragraph that really is on that page."""
    book = book300.book
    targets = list(_targets(book.index))
    assert len(targets) > 200
    blocks = [b for b in book.blocks if b.text.strip()]
    page_text = {pg.number: " ".join(line.text for line in pg.lines) for pg in book.pages}
    for loc, t in targets:
        assert t.locator == loc
        first = int(loc.split("–")[0].split("-")[0].rstrip("nf."))
        assert t.page == first + 2, (loc, t)
        assert t.paragraph is not None or t.continued is not None, (loc, t)
        if t.paragraph is not None:
            assert blocks[t.paragraph - 1].page == t.page
        if t.continued is not None:
            cont = blocks[t.continued - 1]
            assert cont.page < t.page <= cont.end_page
        if t.excerpt:
            assert t.excerpt.split()[0] in page_text[t.page], (loc, t)
    assert dict(book.counters)["index_locators_unlinked"] == 0
