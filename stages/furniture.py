"""strip_furniture: running heads, running feet and page numbers, found by evidence.

The rule, in full:

- Only the first and last ``depth`` non-blank lines of a page are candidates (with PDF
  geometry, only lines in the top or bottom ``margin`` share of the page).
- A *folio* is a number printed on the page (arabic, or roman in the front matter). The
  numbers found at the start or end of candidate lines give offsets (number − physical
  page); an offset seen on at least ``min_pages`` pages is the book's page numbering.
- A candidate is removed when it is a lone folio that fits that numbering, or when its
  text with digits normalised repeats on at least ``min_pages`` pages in the same place
  and its number fits the numbering (a running head with its page number), or when its
  exact text repeats in the same place on at least ``min_repeats`` pages (a title head).
- A line that occurs once is never furniture.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register

ROMAN_RE = regex.compile(r"(?i)^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
LONE_FOLIO_RE = regex.compile(
    r"(?i)^[\s\-–—·•|]*(?:page\s+)?(\d{1,4}|[ivxlcdm]{1,8})(?:\s+of\s+\d+)?[\s\-–—·•|]*$"
)
EDGE_NUMBER_RE = regex.compile(
    r"(?i)^[\s\-–—·•|]*(?:page\s+)?(\d{1,4}|[ivxlcdm]{1,8})\b"
    r"|\b(\d{1,4}|[ivxlcdm]{1,8})(?:\s+of\s+\d+)?[\s\-–—·•|]*$"
)
DIGITS_RE = regex.compile(r"\d+")
SENTENCE_END_RE = regex.compile(r"(?r)[.!?][”’\"')]*$")
TITLE_PREFIX_RE = regex.compile(r"^(?:(?:chapter|part)\s+)?(?:(?:\d+|[ivxlc]+)\b\s*[.:—–-]?\s*)?")


@dataclass(frozen=True)
class FurnitureParams:
    depth: int = 2
    min_pages: int = 2
    min_repeats: int = 3
    margin: float = 0.1
    DOCS: ClassVar[dict[str, str]] = {
        "depth": "how many non-blank lines at the top and the bottom of a page are candidates",
        "min_pages": "pages that must share a page-number offset or a numbered head",
        "min_repeats": "pages on which an unnumbered head or foot must repeat",
        "margin": "with PDF geometry: share of the page height at top and bottom for candidates",
    }


def roman_value(s: str) -> int | None:
    """Value of a roman numeral, or None.

    >>> roman_value("xiv"), roman_value("VIII"), roman_value("mix"), roman_value("ivy"), roman_value("İ")
    (14, 8, 1009, None, None)
    """
    if not s or not s.isascii() or not ROMAN_RE.match(s):
        return None
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    s = s.lower()
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def number_value(token: str) -> tuple[str, int] | None:
    """('arabic', n) or ('roman', n) for a folio-like token."""
    if token.isdigit():
        return "arabic", int(token)
    v = roman_value(token)
    return ("roman", v) if v else None


def normalise(text: str) -> str:
    """The key under which running heads repeat: case, spacing and digits folded.

    >>> normalise("  Chapter 3:  Spacing   47 ")
    'chapter #: spacing #'
    """
    return DIGITS_RE.sub("#", " ".join(text.lower().split()))


def title_key(text: str) -> str:
    """A heading's text without its chapter number, for matching a running head to it.

    >>> title_key("2 Indexes and Lookups"), title_key("Chapter 5:  Bytes"), title_key("Index")
    ('indexes and lookups', 'bytes', 'index')
    """
    s = " ".join(text.split()).casefold()
    s = TITLE_PREFIX_RE.sub("", s)
    return s


def is_roman_folio(text: str) -> bool:
    """
    >>> is_roman_folio(" xiv "), is_roman_folio("— v —"), is_roman_folio("I"), is_roman_folio("mix it")
    (True, True, False, False)
    """
    m = LONE_FOLIO_RE.match(text)
    s = m.group(1) if m else ""
    return s.islower() and roman_value(s) is not None


def edge_numbers(text: str) -> list[tuple[str, int]]:
    out = []
    for m in EDGE_NUMBER_RE.finditer(text):
        tok = m.group(1) or m.group(2)
        nv = number_value(tok)
        # A lone roman "I" or "v" inside prose is a word, not a folio: require the whole
        # line to be short for roman numerals.
        if nv and (nv[0] == "arabic" or len(text.split()) <= 8):
            out.append(nv)
    return out


def candidates(page: Page, p: FurnitureParams) -> list[tuple[int, str]]:
    """(line index, 'top'|'bottom') for the lines that may be furniture."""
    idx = [i for i, line in enumerate(page.lines) if line.text.strip()]
    if any(page.lines[i].geom for i in idx):
        out = []
        for i in idx:
            g = page.lines[i].geom
            if g is None or not g.page_height:
                continue
            if g.top <= g.page_height * p.margin:
                out.append((i, "top"))
            elif g.bottom >= g.page_height * (1 - p.margin):
                out.append((i, "bottom"))
        return out
    top = [(i, "top") for i in idx[: p.depth]]
    bottom = [(i, "bottom") for i in idx[-p.depth :] if i not in idx[: p.depth]]
    if len(idx) <= p.depth:  # tiny page: its lines count as both
        bottom = [(i, "bottom") for i in idx]
    return top + bottom


@register("strip_furniture", version=1, params=FurnitureParams)
def run(book: Book, p: FurnitureParams, log: StageLog) -> Book:
    """Remove running heads, running feet and page numbers found by repetition and numbering."""
    cands = {page.number: candidates(page, p) for page in book.pages}
    lines_of = {page.number: page.lines for page in book.pages}

    # 1. The page numbering: offsets (printed number − physical page) per numeral system.
    offset_pages: dict[tuple[str, int], set[int]] = defaultdict(set)
    for num, cs in cands.items():
        for i, _side in cs:
            for system, value in edge_numbers(lines_of[num][i].text):
                offset_pages[(system, value - num)].add(num)
    numbering = {k for k, pages in offset_pages.items() if len(pages) >= p.min_pages}

    arabic = [k for k in numbering if k[0] == "arabic"]
    arabic_start = (
        min(n for (sys_, off) in arabic for n in offset_pages[(sys_, off)]) if arabic else 0
    )
    dominant = max(numbering, key=lambda k: (len(offset_pages[k]), k)) if numbering else None

    def folio_offset(text: str, num: int) -> tuple[str, int] | None:
        for system, value in edge_numbers(text):
            if (system, value - num) in numbering:
                return system, value - num
        return None

    def fits(text: str, num: int) -> str | None:
        for system, value in edge_numbers(text):
            if (system, value - num) in numbering:
                return str(value) if system == "arabic" else text.strip().split()[0]
        return None

    # 2. Repetition of keys in the same place.
    key_pages: dict[tuple[str, str], set[int]] = defaultdict(set)
    exact_pages: Counter[tuple[str, str]] = Counter()
    edge_pages: Counter[tuple[str, str]] = Counter()  # as the outermost line of the page
    for num, cs in cands.items():
        seen = set()
        for rank, (i, side) in enumerate(cs):
            outermost = rank == 0 or (side == "bottom" and (rank == len(cs) - 1))
            if outermost:
                edge_pages[(side, " ".join(lines_of[num][i].text.split()))] += 1
            text = lines_of[num][i].text
            k = (side, normalise(text))
            e = (side, " ".join(text.split()))
            if k not in seen:
                key_pages[k].add(num)
                seen.add(k)
            if e not in seen:
                exact_pages[e] += 1
                seen.add(e)

    first_seen: dict[str, tuple[int, int]] = {}
    for page in book.pages:
        for i, line in enumerate(page.lines):
            k = title_key(line.text)
            if k and len(k) >= 4:
                first_seen.setdefault(k, (page.number, i))

    pages = []
    removed_total = 0
    for page in book.pages:
        drop: dict[int, tuple[str, dict]] = {}
        label = page.label
        cs = cands[page.number]
        # A page prints its number once: with a lone folio found, numbers in other lines
        # are not page numbers.
        lone = any(
            LONE_FOLIO_RE.match(page.lines[i].text) and fits(page.lines[i].text, page.number)
            for i, _ in cs
        )
        for rank, (i, side) in enumerate(cs):
            text = page.lines[i].text
            outer = rank == 0 or (side == "bottom" and rank == len(cs) - 1)
            headlike = len(text.split()) <= 10 and not SENTENCE_END_RE.search(text.strip())
            folio = fits(text, page.number)
            key = (side, normalise(text))
            exact = (side, " ".join(text.split()))
            if LONE_FOLIO_RE.match(text) and folio:
                drop[i] = ("folio", {"folio": folio})
                label = label or folio
            elif outer and page.number < arabic_start and is_roman_folio(text):
                # Front matter before the arabic numbering: a lone roman numeral at the
                # page's edge is its folio even when no other front-matter page shows one.
                drop[i] = ("folio", {"folio": text.strip(), "front_matter": True})
                label = label or text.strip()
            elif folio and len(key_pages[key]) >= p.min_pages:
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (rule, {"pattern": key[1], "pages": len(key_pages[key]), "folio": folio})
                label = label or folio
            elif (
                folio
                and not lone
                and outer
                and headlike
                and dominant == folio_offset(text, page.number)
            ):
                # A head carrying the page number in the page's outermost line: the
                # numbering is the evidence even when this chapter's title shows only once.
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (rule, {"pattern": key[1], "folio": folio, "numbered_edge": True})
                label = label or folio
            elif (
                exact_pages[exact] >= p.min_repeats
                and (headlike or exact_pages[exact] >= 0.5 * len(book.pages))
            ) or (numbering and headlike and outer and edge_pages[exact] >= p.min_pages):
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (rule, {"pattern": exact[1], "pages": exact_pages[exact]})
            elif numbering and headlike and outer and side == "top":
                echo = first_seen.get(title_key(text))
                if echo is not None and echo < (page.number, i):
                    # A chapter title repeated as this page's running head: the chapter
                    # heading (its first occurrence) stays, the head goes.
                    drop[i] = ("running_head", {"pattern": text.strip(), "echoes_page": echo[0]})
        kept: list[Line] = []
        for i, line in enumerate(page.lines):
            if i in drop:
                rule, evidence = drop[i]
                log.edit(rule, page.number, line.text.strip(), "", **evidence)
                removed_total += 1
            else:
                kept.append(line)
        pages.append(Page(page.number, tuple(kept), label))
    return replace(book, pages=tuple(pages))
