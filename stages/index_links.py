"""link_locators: for every locator of the index, the body paragraph on that page.

An index locator is a *printed* page number (``104–106``, ``221n``, ``xii``); the body is a
list of paragraphs, each knowing the *physical* page it starts and ends on. The bridge is
the book's own numbering: the folios that strip_furniture read off the pages (``Page.label``),
extended by counting to the pages that print no number (chapter openers, blank pages) when
the numbered pages on both sides agree on the offset.

For each locator the stage records the physical page, the first paragraph that starts on
it (its number in body.txt and its first line there) and the paragraph continuing on to
it from the page before, so that a reader can jump to where the term is. A locator whose
printed page the numbering does not reach, or whose page holds no body text, is counted
in report.json (``index_locators_unlinked``) and left with empty fields, never guessed.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Block, Book, IndexEntry, Page, Target
from pipeline.registry import StageLog, register
from stages.furniture import roman_numeral, roman_value

# A page locator's first page; a section number (3.2.1, 3.3ff.) names no page.
LOCATOR_START_RE = regex.compile(
    r"(?i)^\s*(?:(?P<arabic>\d+)(?!\.\d)|(?P<roman>[ivxlcdm]+)(?![a-z]))"
)
WHEN = ("pdf", "paged", "never")


@dataclass(frozen=True)
class LinkParams:
    when: str = "pdf"
    excerpt: int = 60
    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"when": WHEN}
    DOCS: ClassVar[dict[str, str]] = {
        "when": "link locators to paragraphs for: pdf (PDF input), paged (any input with "
        "printed page numbers), never",
        "excerpt": "characters of the paragraph's start shown with each locator (0: none)",
    }


def locator_label(locator: str) -> tuple[str, str] | None:
    """The numbering system and first printed page of a locator, or None.

    >>> [locator_label(x) for x in ["104–106", "221n", "45ff.", "xii", "XIV-XV", "Fig"]]
    [('arabic', '104'), ('arabic', '221'), ('arabic', '45'), ('roman', 'xii'), ('roman', 'xiv'), None]

    Section numbers and numbered elements are no pages:

    >>> [locator_label(x) for x in ["3.2.1", "3.3ff.", "Box 3.1", "3.2.1 (Ex. 3.6)", "12 (Ex. 3.6)"]]
    [None, None, None, None, ('arabic', '12')]
    """
    m = LOCATOR_START_RE.match(locator)
    if m is None:
        return None
    if m["arabic"]:
        return "arabic", str(int(m["arabic"]))
    if roman_value(m["roman"]) is None:
        return None
    return "roman", m["roman"].lower()


def _value(system: str, label: str) -> int | None:
    if system == "arabic":
        return int(label)
    return roman_value(label)


def printed_pages(pages: tuple[Page, ...] | list[Page]) -> dict[tuple[str, str], int]:
    """Printed page (system, label) → physical page number.

    The folios found on the pages count first; a page without one gets the number its
    neighbours imply when the numbered pages before and after it share one offset (or
    when it lies after the last numbered page, continuing its count). Roman numbering
    is only extended over pages before the first arabic folio.

    >>> ps = [Page(1, (), None), Page(2, (), "ii"), Page(3, (), None), Page(4, (), "2"),
    ...       Page(5, (), None), Page(6, (), "4"), Page(7, (), None)]
    >>> sorted(printed_pages(ps).items(), key=lambda kv: kv[1])
    [(('roman', 'i'), 1), (('roman', 'ii'), 2), (('arabic', '1'), 3), (('arabic', '2'), 4), (('arabic', '3'), 5), (('arabic', '4'), 6), (('arabic', '5'), 7)]
    """
    numbers = sorted(pg.number for pg in pages)
    found: dict[str, list[tuple[int, int]]] = {"arabic": [], "roman": []}
    for pg in sorted(pages, key=lambda x: x.number):
        if not pg.label:
            continue
        label = pg.label.strip()
        system = "arabic" if label.isdigit() else "roman"
        value = _value(system, label.lower())
        if value is not None:
            found[system].append((pg.number, value))
    out: dict[tuple[str, str], int] = {}
    first_arabic: int | None = None  # the first page the arabic numbering reaches
    for system, known in found.items():  # arabic first
        for phys, value in known:
            out.setdefault((system, _label(system, value)), phys)
        if not known:
            continue
        labelled = {phys for phys, _ in known}
        for phys in numbers:
            if phys in labelled:
                continue
            if system == "roman" and first_arabic is not None and phys >= first_arabic:
                continue
            k = bisect.bisect_left(known, (phys, -1))
            offsets = {p - v for p, v in known[max(0, k - 1) : k + 1]}
            if len(offsets) != 1:
                continue  # the numbering skips between the neighbours: not sure which
            value = phys - offsets.pop()
            if value >= 1:
                out.setdefault((system, _label(system, value)), phys)
        if system == "arabic":
            first_arabic = min(out.values())
    return out


def _label(system: str, value: int) -> str:
    return str(value) if system == "arabic" else roman_numeral(value)


class _Body:
    """The rendered body's paragraphs with their pages, numbers and first lines."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self.items: list[tuple[int, int, Block]] = []  # (paragraph number, line, block)
        line = 1
        for block in blocks:
            if not block.text.strip():
                continue  # render_body leaves it out
            self.items.append((len(self.items) + 1, line, block))
            line += block.text.count("\n") + 2
        self.first_on: dict[int, tuple[int, int, Block]] = {}
        for item in self.items:
            block = item[2]
            if block.kind == "note":
                continue
            self.first_on.setdefault(block.page, item)
        # The paragraph running on to each page from before it, by its last page.
        self.running: dict[int, int] = {}
        for number, _, block in self.items:
            if block.kind == "note":
                continue
            for page in range(block.page + 1, max(block.page, block.end_page) + 1):
                self.running.setdefault(page, number)

    def target(self, locator: str, page: int | None, excerpt: int) -> Target:
        if page is None:
            return Target(locator)
        first = self.first_on.get(page)
        continued = self.running.get(page)
        if first is None:
            return Target(locator, page, None, None, continued, "")
        number, line, block = first
        text = " ".join(block.text.split())
        if excerpt and len(text) > excerpt:
            text = text[:excerpt].rsplit(" ", 1)[0] + " …"
        return Target(locator, page, number, line, continued, text if excerpt else "")


@register("link_locators", version=2, params=LinkParams)
def run(book: Book, p: LinkParams, log: StageLog) -> Book:
    """Say for every index locator which body paragraph starts on its page (PDF input)."""
    if p.when not in WHEN:
        raise ValueError(f"link_locators.when must be one of {', '.join(WHEN)}, not {p.when!r}")
    if p.when == "never" or (p.when == "pdf" and book.source.kind != "pdf"):
        return book
    if not book.index or book.blocks is None:
        return book
    pages = printed_pages(book.pages)
    body = _Body(book.blocks)
    linked = unlinked = 0

    def link(entry: IndexEntry) -> IndexEntry:
        nonlocal linked, unlinked
        targets = []
        for loc in entry.pages:
            key = locator_label(loc)
            page = pages.get(key) if key else None
            t = body.target(loc, page, p.excerpt)
            if t.paragraph is None and t.continued is None:
                unlinked += 1
            else:
                linked += 1
            targets.append(t)
        subs = tuple(link(s) for s in entry.subentries)
        return replace(entry, targets=tuple(targets), subentries=subs)

    index = tuple(link(e) for e in book.index)
    log.count("locators_linked", linked)
    if unlinked:
        log.count("locators_unlinked", unlinked)
    book = replace(book, index=index)
    return book.with_counter("index_locators_linked", linked).with_counter(
        "index_locators_unlinked", unlinked
    )
