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
  A head with a page number counts when the number fits the numbering of the stretch of
  pages it is on (an excerpt and its index can be numbered apart).
- A head printed once is found only by the layout around it (``layout_heads``): beside a
  lone folio in a head band that other pages share and whose head was found there, between
  a sentence broken off at the foot of the page before and its lowercase continuation, or
  directly above an indented first line in a book that sets the line after a heading flush.
- A line that occurs once, with nothing in the page layout that recurs around it, is never
  furniture, unless a tagged PDF draws it as /Artifact (its producer's word that it is no
  part of the text: ``drop_tagged``).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register
from stages.index_shapes import INDEX_HEADING_RE
from stages.shapes import (
    CONTENTS_HEAD_RE,
    DATE_LINE_RE,
    PART_TITLE_RE,
    body_size,
    code_score,
    indent_of,
    is_list_item,
)

ROMAN_RE = regex.compile(r"(?i)^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
# A page number: arabic, roman, or arabic as OCR misreads it ("l27", "4O": l, I, O for 1, 0)
_FOLIO = r"(\d{1,4}|(?=[\dlio]*\d)[\dlio]{2,4}|[ivxlcdm]{1,8})"
LONE_FOLIO_RE = regex.compile(
    r"(?i)^[\s\-–—−·•|\[]*(?:page\s+)?" + _FOLIO + r"\.?(?:\s+of\s+\d+)?[\s\-–—−·•|\]]*$"
)  # ("[ 140 ]": a folio in brackets)
# at a line's start or end, also numbered by chapter ("3-2 Edition 2", "… 2019 Index-1") or
# glued to the head by an export that lost the space ("42Money and the …", "… Rate43")
EDGE_NUMBER_RE = regex.compile(
    r"(?i)^[\s\-–—−·•|\[]*(?:page\s+)?(?:(?:\d{1,2}|[a-z]{1,8})[-–](?=\d))?" + _FOLIO + r"\b"
    r"|^(\d{1,4})(?-i:(?=\p{Lu}\p{Ll}))"
    r"|\b" + _FOLIO + r"\.?(?:\s+of\s+\d+)?[\s\-–—−·•|\]]*$"  # ("… 11/04/24   38.": a script's)
    r"|(?-i:(?<=\p{Ll}))(\d{1,4})$"
)
OCR_DIGITS = str.maketrans("lIiOo", "11100")
PAGE_OF_RE = regex.compile(r"(?i)\bpage\s+(\d{1,4})\s+of\s+\d{1,4}\b")
DIGITS_RE = regex.compile(r"\d+")
LOCATOR_RE = regex.compile(r",\s*(?:\d|[ivxlc]{1,7}(?:[,;–-]|$))")  # "term, 26" / "term, xii"
RANGE_END_RE = regex.compile(r"\d\s?[–—-]\s?\d+\W*$")  # "…sequences, 43–44": a locator range
SENTENCE_END_RE = regex.compile(r"(?r)[.!?][”’\"')]*$")
TITLE_PREFIX_RE = regex.compile(
    r"^(?:(?:chapter|part)\s+)?(?:(?:\d+(?:\s?[–-]\s?\d+\b)?|[ivxlc]+)\b\s*[.:—–-]?\s*)?"
)  # (or the numbers of the items on the page: "215–216   Sea Hymns")


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
    """('arabic', n) or ('roman', n) for a folio-like token.

    >>> number_value("127"), number_value("l27"), number_value("4O"), number_value("xii")
    (('arabic', 127), ('arabic', 127), ('arabic', 40), ('roman', 12))

    OCR reads a roman numeral's last i as l (``iil`` for iii), which makes no numeral:

    >>> number_value("iil"), number_value("vil"), number_value("xl")
    (('roman', 3), ('roman', 7), ('roman', 40))
    """
    if token.isdigit():
        return "arabic", int(token)
    if any(ch.isdigit() for ch in token) and token.translate(OCR_DIGITS).isdigit():
        return "arabic", int(token.translate(OCR_DIGITS))
    v = roman_value(token)
    if v is None and token.islower() and token.endswith("l") and len(token) >= 2:
        v = roman_value(token[:-1] + "i")
    return ("roman", v) if v else None


def normalise(text: str) -> str:
    """The key under which running heads repeat: case, spacing and digits folded.

    >>> normalise("  Chapter 3:  Spacing   47 ")
    'chapter #: spacing #'
    """
    return DIGITS_RE.sub("#", " ".join(text.lower().split()))


GUIDE_END_RE = regex.compile(r"(?<=\S)\s{2,}\d{1,4}(?:\s?[–-]\s?\d{1,4})?\s*$")


def title_key(text: str) -> str:
    """A heading's text without its chapter number, for matching a running head to it.

    >>> title_key("2 Indexes and Lookups"), title_key("Chapter 5:  Bytes"), title_key("Index")
    ('indexes and lookups', 'bytes', 'index')

    A guide to the numbered items on the page, set apart at the head's other end (``Sea
    Hymns   216–217``), goes too; a number that one space sets after its title stays
    (``Psalm 24`` is no ``Psalm 23``):

    >>> title_key("Sea Hymns   216–217"), title_key("215–216   Sea Hymns"), title_key("Psalm 24")
    ('sea hymns', 'sea hymns', 'psalm 24')

    A head set in letter-spaced capitals (``A   R O O F   F O R``, one letter to a word in
    an export) matches its title once the spaces are gone, so keys leave them out:

    >>> squeezed_key("A   R O O F   F O R   A L L") == squeezed_key("A Roof for All")
    True
    """
    if "  " in text:
        text = GUIDE_END_RE.sub("", text)
    s = " ".join(text.split()).casefold()
    s = TITLE_PREFIX_RE.sub("", s)
    return s


def squeezed_key(text: str) -> str:
    """`title_key` without its spaces (see there)."""
    return title_key(text).replace(" ", "")


def roman_numeral(value: int) -> str:
    """The lower-case roman numeral of *value* (the inverse of `roman_value`).

    >>> roman_numeral(14), roman_numeral(1009), roman_value(roman_numeral(449))
    ('xiv', 'mix', 449)
    """
    out = []
    for v, s in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while value >= v:
            out.append(s)
            value -= v
    return "".join(out)


def is_roman_folio(text: str) -> bool:
    """
    >>> is_roman_folio(" xiv "), is_roman_folio("— v —"), is_roman_folio("I"), is_roman_folio("mix it")
    (True, True, False, False)
    >>> is_roman_folio("iil"), is_roman_folio("ill")
    (True, False)
    """
    m = LONE_FOLIO_RE.match(text)
    s = m.group(1) if m else ""
    return s.islower() and (nv := number_value(s)) is not None and nv[0] == "roman"


def edge_numbers(text: str) -> list[tuple[str, int, str]]:
    """(system, value, token as printed) for each number at the start or end of a line.

    >>> edge_numbers("— vii —"), edge_numbers("64    Measuring the World")
    ([('roman', 7, 'vii')], [('arabic', 64, '64')])
    >>> edge_numbers("42Money and the Economy"), edge_numbers("3-2 Edition 2, March 2019")[0]
    ([('arabic', 42, '42')], ('arabic', 2, '2'))
    >>> edge_numbers("General Index"), edge_numbers("Vitamin B12")
    ([], [])
    >>> edge_numbers("the Exchange Rate43"), edge_numbers("Edition 2, March 2019 Index-1")
    ([('arabic', 43, '43')], [('arabic', 1, '1')])
    >>> edge_numbers("Controlled copy   Page 3 of 6   Issued 2024-03-18")[0]
    ('arabic', 3, '3')
    >>> edge_numbers("Pink Rev. 11/04/24   38."), edge_numbers("[ 140 ]")
    ([('arabic', 38, '38')], [('arabic', 140, '140')])
    >>> edge_numbers("[142] Letters from Carrick Skerry")
    [('arabic', 142, '142')]
    """
    out = []
    m = PAGE_OF_RE.search(text)
    if m:  # "Controlled copy   Page 3 of 6   Issued 2024-03-18": a page number anywhere
        out.append(("arabic", int(m.group(1)), m.group(1)))
    for m in EDGE_NUMBER_RE.finditer(text):
        tok = next(g for g in m.groups() if g)
        nv = number_value(tok)
        # A lone roman "I" or "v" inside prose is a word, not a folio: require the whole
        # line to be short for roman numerals.
        if nv and (nv[0] == "arabic" or len(text.split()) <= 8):
            out.append((nv[0], nv[1], tok))
    return out


def stock_lines(book: Book, p: FurnitureParams) -> frozenset[str]:
    """Lines printed word for word among the first (or last) few lines of at least
    ``min_repeats`` pages and half the book's pages, no title: a form's head (``Name ____
    Class ____``), a copyright foot. An extractor may set them before the head and the folio, so
    they take no place in the band of ``depth`` lines (text export only)."""
    if any(ln.geom for page in book.pages for ln in page.lines[:3]):
        return frozenset()
    seen: Counter[str] = Counter()
    for page in book.pages:
        idx = [ln.text for ln in page.lines if ln.text.strip()]
        band = idx[: p.depth + 2] + idx[-(p.depth + 2) :]
        seen.update({" ".join(t.split()) for t in band})
    least = max(p.min_repeats, len(book.pages) / 2)
    # (a title is no stock line: a running head, whose chapter heading must stay)
    return frozenset(t for t, n in seen.items() if n >= least and ("__" in t or not head_shape(t)))


def _band_of(idx: list[int], depth: int, free) -> list[int]:
    """The first *depth* of the lines *idx* and the lines among or right after them that
    *free* says take no place in the band."""
    out, taken = [], 0
    for i in idx:
        if taken >= depth and not free(i):
            break
        out.append(i)
        taken += not free(i)
    return out


def candidates(
    page: Page, p: FurnitureParams, stock: frozenset[str] = frozenset()
) -> list[tuple[int, str]]:
    """(line index, 'top'|'bottom') for the lines that may be furniture. (*stock*: lines
    that take no place in the head band, see `stock_lines`.)"""
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
            elif i == idx[-1] and LONE_FOLIO_RE.match(page.lines[i].text):
                # a page number set in the side margin, which extraction puts last
                out.append((i, "bottom"))
        return out
    # (a section or paragraph reference alone, such as a guide to the paragraphs on the
    # page, stands in the head band without taking a place in it)

    def free(i: int) -> bool:
        return _no_band_place(page.lines[i].text, stock)

    if len([i for i in idx if not free(i)]) > p.depth and any(free(i) for i in idx):
        top_idx = _band_of(idx, p.depth, free)
        foot_all = _band_of(idx[::-1], p.depth, free)
        # (on a page of few lines the bands meet: a stock line after the head's last line
        # that the foot band holds too is the foot's, a footer's URL over its folio)
        while top_idx and free(top_idx[-1]) and top_idx[-1] in foot_all:
            top_idx.pop()
        top_idx += _folio_under_band(page, idx, top_idx)
        foot_idx = [i for i in foot_all if i not in top_idx][::-1]
        return [(i, "top") for i in top_idx] + [(i, "bottom") for i in foot_idx]
    top = [(i, "top") for i in idx[: p.depth] + _folio_under_band(page, idx, idx[: p.depth])]
    bottom = [(i, "bottom") for i in idx[-p.depth :] if i not in idx[: p.depth]]
    if len(idx) <= p.depth:  # tiny page: its lines count as both
        bottom = [(i, "bottom") for i in idx]
    return top + bottom


def _folio_under_band(page: Page, idx: list[int], band: list[int]) -> list[int]:
    """The line right under a page's head band, where it is a lone page number under a band
    of head-shaped lines (the book's title, the chapter's, then the folio: an export wrote
    a head's parts as lines of their own), as a list of none or one line index."""
    k = len(band)
    if (
        k > 0
        and k + 2 < len(idx)
        and band == idx[:k]
        and LONE_FOLIO_RE.match(page.lines[idx[k]].text)
        and all(head_shape(page.lines[i].text) for i in band)
    ):
        return [idx[k]]
    return []


def unspaced(text: str) -> str:
    """A letter-spaced line (caps set with space between the letters, which an export
    writes as one letter per word: ``T H E W A R D E N S``) with its letters closed up;
    any other line as it is.

    >>> unspaced("T H E W A R D E N S O F A S H C O M B E"), unspaced("A B testing at 5 p m")
    ('THEWARDENSOFASHCOMBE', 'A B testing at 5 p m')
    """
    tokens = text.split()
    if len(tokens) >= 5 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return text


def head_shape(text: str) -> bool:
    """Could this line be a running head or a heading (a title, not a sentence or an entry)?

    >>> [head_shape(t) for t in ["THE LOW WATER YEARS", "Chapter 4 Parsing Expressions",
    ...  "A Tenant’s Guide to Residential Leases", "fell asleep listening", "It ended.",
    ...  "Barcelona, 64–65", "• a bullet item", "Notes on the Text 12", "x = f(y);",
    ...  "9.2 Le passé composé avec être", "3.5 mm of rain fell", "DIVISION ONE, 2023–24",
    ...  "Whinmoor, 1998–99", "Ward Nine, 1971–1978", "ACT ONE, SCENE 2", "Table 2",
    ...  "HALDREN 3:13–3:14", "3:13–3:14", "§§ 5–7", "§ 12", "§ 5. It binds"]]
    [True, True, True, False, False, False, False, False, False, True, False, True, False, True, True, False, True, False, True, True, False]
    """
    s = " ".join(unspaced(text).split())
    if SECTIONS_HEAD_RE.match(s):
        return True  # the numbered sections on the page ("§§ 5–7")
    verses = VERSES_END_RE.search(s)
    if verses and s[: verses.start()].strip():
        s = s[: verses.start()]  # a scripture's head: its book and the verses on the page
    dated = YEAR_END_RE.search(s)
    if dated and (s[: dated.start()].isupper() or YEARS_SPAN_RE.search(s)):
        # a yearbook's head in capitals ("DIVISION ONE, 2023–24"), or a chapter's span of
        # years written out ("Ward Nine, 1971–1978": no page range runs so)
        s = s[: dated.start()]
    if not s or len(s) > 70 or SENTENCE_END_RE.search(s) or s.endswith((",", ";", ":")):
        return False
    words = s.split()
    if len(words) > 10 or not (s[0].isupper() or s[0].isdigit()):
        return False
    if (s[-1].isdigit() and not LABEL_NUMBER_END_RE.search(s)) or LOCATOR_RE.search(s):
        return False
    if is_list_item(s) or code_score(s) >= 2:
        return False
    if SECTION_NUMBER_RE.match(s):
        return True  # a numbered section's title, in sentence case too ("9.2 Le passé composé")
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return 2 * caps >= len(words)


# a number after the label it counts, ending a head: "ACT ONE, SCENE 2", "Part 3"
LABEL_NUMBER_END_RE = regex.compile(
    r"(?i)(?:^|[\s,])(?:act|scene|chapter|part|book|canto|section|unit|lesson|lecture|day|week)"
    r"\s+\d{1,3}$"
)
# the numbered sections a page holds, as a treatise's head gives them: "§§ 5–7", "§ 12"
SECTIONS_HEAD_RE = regex.compile(r"^§§?\s?\d{1,4}(?:\s?[–-]\s?\d{1,4})?$")
# chapter and verse, or a span of them, ending a head: "HALDREN 3:13–3:14", "Genesis 2:4–7"
VERSES_END_RE = regex.compile(r"\s+\d{1,3}:\d{1,3}(?:[–-]\d{1,3}(?::\d{1,3})?)?$")
YEARS_SPAN_RE = regex.compile(r"(?:1[5-9]|20)\d\d[–-](?:1[5-9]|20)\d\d$")
# a year (or a season) at a title's end: "Edition 2, March 2019", "DIVISION ONE, 2023–24"
YEAR_END_RE = regex.compile(r"(?<=\p{L}),?\s+(?:1[5-9]|20)\d\d(?:[–-]\d\d(?:\d\d)?)?$")
# a section's number before its title ("2.2 The planets in order"): the prefix, and with
# the title's capital
SECTION_PREFIX_RE = regex.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=\p{Lu})")
SECTION_NUMBER_RE = regex.compile(SECTION_PREFIX_RE.pattern + r"\p{Lu}")


def _flow_break(prev: str, nxt: str) -> bool:
    """Does a sentence run from *prev* (the last line of the page before) to *nxt*?

    >>> _flow_break("He worked on it every evening, and some nights I", "fell asleep there")
    True
    >>> _flow_break("He worked on it every evening.", "fell asleep"), _flow_break("bones, 142", "roasting")
    (False, False)
    """
    a, b = prev.strip(), nxt.strip()
    if len(a) < 25 or not b or not b[0].islower() or b.startswith("see "):
        return False
    if not (a[-1].isalpha() or a[-1] in ",-–—"):
        return False  # a sentence end, a colon, a number (an index entry), a symbol
    return not (b[-1].isdigit() or LOCATOR_RE.search(b) or LOCATOR_RE.search(a))


FOOTNOTE_START_RE = regex.compile(r"^\s*(?:\d{1,2}|[*†‡§])\s+\p{Lu}")


def _body_ends(texts: list[str]) -> list[str]:
    """The lines where a page's running text may break off: its last line, and the line
    before its footnotes when they close the page (``1 The letter, dated …``).

    >>> _body_ends(["a sentence that runs on and on to the", "1 A note on it.", "more note."])
    ['more note.', 'a sentence that runs on and on to the']
    """
    out = [texts[-1]]
    for k in range(len(texts) - 1, max(0, len(texts) - 12), -1):
        if FOOTNOTE_START_RE.match(texts[k]) and not FOOTNOTE_START_RE.match(texts[k - 1]):
            out.append(texts[k - 1])
            break
    return out


def _indent_convention(book: Book) -> bool:
    """Does this book indent its paragraphs' first lines but set the first line after a
    heading flush (and never indented)? Learned from the book's own lines."""
    indented_starts = after_heading_flush = after_heading_indented = 0
    for page in book.pages:
        ls = page.lines
        for i, line in enumerate(ls):
            t = line.text
            if not t.strip():
                continue
            ind = indent_of(t)
            before = ls[i - 1].text if i else ""
            if 0 < ind <= 8 and ind > indent_of(before) and SENTENCE_END_RE.search(before.strip()):
                indented_starts += 1
            # A heading set apart: a blank line (or the page top) before, a blank line after.
            if (i == 0 or not ls[i - 1].text.strip()) and head_shape(t):
                j = i + 1
                if j < len(ls) and not ls[j].text.strip():
                    while j < len(ls) and not ls[j].text.strip():
                        j += 1
                    if j < len(ls) and not head_shape(ls[j].text):
                        if indent_of(ls[j].text) > ind:
                            after_heading_indented += 1
                        else:
                            after_heading_flush += 1
    return indented_starts >= 3 and after_heading_flush >= 1 and after_heading_indented == 0


GUIDE_STARTS = frozenset("[0123456789")
# A reference by section or paragraph number alone: ``[7.4]``, ``7.5``, ``[7.6]–[7.8]``
# (a whole number, a chapter's own, is not one)
GUIDE_REF_RE = regex.compile(
    r"^\s*\[?\d{1,3}(?:\.\d{1,3})+\]?(?:\s*[–-]\s*\[?\d{1,3}(?:\.\d{1,3})+\]?)?\s*$"
)


def _guide_ref(text: str) -> bool:
    """Is *text* a section or paragraph reference alone (``[7.4]``, ``7.5``)?

    >>> _guide_ref(" [7.6]–[7.8]"), _guide_ref("7"), _guide_ref("Law of Tort")
    (True, False, False)
    """
    t = text.lstrip()
    return t[:1] in GUIDE_STARTS and GUIDE_REF_RE.match(t) is not None


def _no_band_place(text: str, stock: frozenset[str]) -> bool:
    """Does *text* stand in a head band without taking a place in it: a reference alone,
    a stock line (see `stock_lines`) or glyphs pdfminer could not map (``(cid:127)``, a
    list's bullets it sets after the page's text)?"""
    return _guide_ref(text) or " ".join(text.split()) in stock or bool(CID_LINE_RE.match(text))


CID_LINE_RE = regex.compile(r"^\s*(?:\(cid:\d+\)\s*)+$")


def _inside_kept(lines: tuple[Line, ...], i: int, side: str, drop: dict) -> bool:
    """Is line *i* below a kept line of its page (top side), or above one (bottom side)?
    A section or paragraph reference alone (``[7.4]``: a guide to the paragraphs on the
    page, or a margin number that the extractor put first) is no line of the page's text
    that a head could stand under."""

    def counts(j: int) -> bool:
        return j not in drop and bool(lines[j].text.strip()) and not _guide_ref(lines[j].text)

    if lines[i].geom is not None:
        g = lines[i].geom
        others = (ln.geom for j, ln in enumerate(lines) if counts(j))
        if side == "top":
            return any(o is not None and o.bottom <= g.top for o in others)
        return any(o is not None and o.top >= g.bottom for o in others)
    span = range(i) if side == "top" else range(i + 1, len(lines))
    return any(counts(j) for j in span)


def _core(
    cs: list[tuple[int, str]], lines: tuple[Line, ...], stock: frozenset[str] = frozenset()
) -> list[tuple[int, str]]:
    """The candidates but section or paragraph references alone (``[7.4]``) and stock
    lines (see `stock_lines`)."""
    return [(i, sd) for i, sd in cs if not _no_band_place(lines[i].text, stock)]


def _outer(core: list[tuple[int, str]], i: int, side: str) -> bool:
    """Is candidate *i* the page's outermost (its first, or its last at the foot)?"""
    return bool(core) and (core[0] == (i, side) or (side == "bottom" and core[-1] == (i, side)))


def _inside_folio(
    core: list[tuple[int, str]],
    i: int,
    side: str,
    lines: tuple[Line, ...],
    number: int,
    fits: Callable[[str, int], str | None],
) -> bool:
    """Is candidate *i* the page's outermost line but its folio, a lone page number that
    stands outside it (``2`` / ``Events and Probability``: a head after its folio, as
    PyMuPDF gives a LaTeX verso's head)?"""
    k = core.index((i, side)) if (i, side) in core else -1
    if k < 0:
        return False
    j = k - 1 if side == "top" else k + 1
    if not 0 <= j < len(core) or core[j][1] != side or (side == "top" and j != 0):
        return False
    if side == "bottom" and j != len(core) - 1:
        return False
    text = lines[core[j][0]].text
    return bool(LONE_FOLIO_RE.match(text) and fits(text, number))


def _folio_under_head(
    page: Page,
    drop: dict[int, tuple[str, dict]],
    fits: Callable[[str, int], str | None],
) -> tuple[int, str] | None:
    """The line and folio of a lone page number right under a running head of several
    lines (``Orla Penhallow`` / ``The Lantern Keeper`` / ``2``, as an export set them),
    on a page with no folio found yet: one that fits the numbering or, with none found
    elsewhere, the physical page's own number. Else None."""
    heads = [i for i, (rule, _) in drop.items() if rule == "running_head"]
    if not heads or any(rule == "folio" for rule, _ in drop.values()):
        return None
    lines = page.lines
    k = max(heads) + 1
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    if k >= len(lines) or not LONE_FOLIO_RE.match(lines[k].text):
        return None
    if not all(i in drop or not lines[i].text.strip() for i in range(max(heads))):
        return None
    text = lines[k].text.strip()
    folio = fits(lines[k].text, page.number) or (text if text == str(page.number) else None)
    return (k, folio) if folio else None


def heads_over_folios(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """A head-shaped line between a running head found at a page's top and the folio found
    right under it (``The Kitchen Book`` / ``Soups and Broths`` / ``3``, the book's title,
    the chapter's and the page number as an export wrote a head's parts) is the head's
    middle part, however seldom its words repeat. Found in place, into *drops*."""
    for page in book.pages:
        drop = drops[page.number]
        filled = [i for i, ln in enumerate(page.lines) if ln.text.strip()]
        # (within the page's first four lines: a head of one or two lines over the folio)
        for a, b, c in zip(filled, filled[1:], filled[2:4], strict=False):
            if (
                drop.get(a, ("",))[0] == "running_head"
                and b not in drop
                and drop.get(c, ("",))[0] == "folio"
                and all(i in drop for i in filled[: filled.index(a)])
                and head_shape(page.lines[b].text)
            ):
                text = " ".join(page.lines[b].text.split())
                drop[b] = ("running_head", {"pattern": text, "over_folio": drop[c][1]["folio"]})
                break


def head_seconds(book: Book, drops: dict[int, dict[int, tuple[str, dict]]], min_pages: int) -> None:
    """The second line of a running head that an export wrote as two lines (the book's
    title, then its other half, ``The Orrisdale Kitchen Notebook`` / ``Orrisdale``): a
    head-shaped line right under a running head found, printed there word for word under
    the same head on *min_pages* pages or more. And a page's first line that its next line
    repeats word for word (a head printed once over the heading it names, ``Before You
    Begin`` / ``Before You Begin``), on a book whose folios were found. Found in place,
    into *drops*."""
    seconds: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    numbered = any(r == "folio" for d in drops.values() for r, _ in d.values())
    for page in book.pages:
        drop = drops[page.number]
        filled = [i for i, ln in enumerate(page.lines) if ln.text.strip() and i not in drop]
        heads = [i for i, (r, _) in drop.items() if r == "running_head"]
        if not filled:
            continue
        first = filled[0]
        text = " ".join(page.lines[first].text.split())
        if (
            heads
            and min(heads) < first
            and all(i in drop or not page.lines[i].text.strip() for i in range(first))
        ):
            head = drop[min(heads)][1].get("pattern", "")
            if head_shape(text):
                seconds[(head, text)].append((page.number, first))
        elif (
            numbered
            and not heads
            and len(filled) >= 3
            and head_shape(text)
            and " ".join(page.lines[filled[1]].text.split()) == text
        ):
            drop[first] = ("running_head", {"pattern": text, "over_its_heading": True})
    pages = {page.number: page for page in book.pages}
    for (head, text), places in seconds.items():
        if len(places) >= min_pages:
            for num, i in places:
                if " ".join(pages[num].lines[i].text.split()) == text:
                    drops[num][i] = ("running_head", {"pattern": text, "under_head": head})


def guides_beside_heads(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """A guide to the paragraphs on a page (``[7.4]``, ``[7.6]–[7.8]``: bracketed, or a
    range) in the page's head band, between the running head and the page's edge or right
    inside the head, goes with the head. A lone unbracketed number there (``7.5``) may be a
    margin paragraph number that the extractor put first: it stays. Adds to *drops*.

    >>> ls = tuple(Line(t, 1) for t in ["7.5", "", "Law of Tort", "[7.5]", "It was so."])
    >>> drops = {1: {2: ("running_head", {"pattern": "Law of Tort"})}}
    >>> from pipeline.document import Source
    >>> guides_beside_heads(Book(Source("x", "0", "text"), (Page(1, ls),), 1), drops)
    >>> sorted(drops[1])
    [2, 3]
    """
    for page in book.pages:
        ls, drop = page.lines, drops[page.number]
        for i, (rule, evidence) in list(drop.items()):
            if not rule.startswith("running_"):
                continue
            top = rule == "running_head"
            outside = [
                j
                for j in (range(i) if top else range(i + 1, len(ls)))
                if j not in drop and ls[j].text.strip()
            ]
            if not all(_guide_ref(ls[j].text) for j in outside):
                continue
            inward = []
            for j in range(i + 1, len(ls)) if top else range(i - 1, -1, -1):
                if j in drop or not ls[j].text.strip():
                    continue
                if not _guide_ref(ls[j].text):
                    break
                inward.append(j)
            for j in outside + inward:
                text = ls[j].text
                if "[" in text or regex.search(r"\d\s*[–-]\s*\[?\d", text):
                    drop[j] = (
                        rule,
                        {"pattern": text.strip(), "guide_beside": evidence.get("pattern", "")},
                    )


def keep_titles(
    book: Book,
    drops: dict[int, dict[int, tuple[str, dict]]],
    labels: dict[int, str | None],
    first_seen: dict[str, tuple[int, int]],
    log: StageLog,
    stock: frozenset[str] = frozenset(),
) -> None:
    """Give back the titles that repetition took for running heads (in place). (A stock
    line, see `stock_lines`, printed on most pages, is never a title.)

    A book's title and its chapter titles recur as running heads, so the title page and a
    chapter's opening page print the same words in the same band. Two things tell them
    apart, both from the page itself:

    - ``inside_kept``: a running head is the outermost line of its page (bar the folio);
      a repeated line with a kept line above it (a foot: below it) is page content, such as
      a chapter title under its ``Chapter 1`` line;
    - ``front_matter``: repeated only on unnumbered pages before the book's first page
      number (the title on a half-title and a title page);
    - ``unnumbered_first``: the first time the book prints the words, on a page without a
      page number, while the pages where they repeat as a head mostly show one (a title
      page, a chapter opening);
    - ``sunk_first``: the first time, set lower on its page than where they repeat as a
      head (PDF geometry: an opening page's sink, with or without a folio at its foot);
    - ``other_edge_first``: the first time, at the edge opposite to the one where the
      book's heads stand, four to one at least, and where these words repeat;
    - ``placed_apart_first``: the first time, set elsewhere across the page than the
      place, the same each time, where the words repeat as a head;
    - ``part_opens``: the first time, the top line of its page, a part title of the front
      or back matter (``Index``, ``Notes``, ``Glossary``), which heads its later pages.
    """
    lines_of = {page.number: page.lines for page in book.pages}
    margin_of = functools.cache(lambda n: _page_margin(lines_of[n]))  # (text pages only)
    first_numbered = min((n for n, label in labels.items() if label is not None), default=None)
    head_pages: dict[str, list[int]] = defaultdict(list)
    sides: Counter[str] = Counter()  # where the book's repeated lines stand
    for num, drop in drops.items():
        for rule, evidence in drop.values():
            if rule.startswith("running_") and "pattern" in evidence:
                head_pages[evidence["pattern"]].append(num)
                sides[rule] += 1
    for page in book.pages:
        num, ls, drop = page.number, page.lines, drops[page.number]
        for i in sorted(drop, key=lambda k: (drop[k][0] != "running_head", k)):
            rule, evidence = drop[i]
            if not rule.startswith("running_"):
                continue
            side = "top" if rule == "running_head" else "bottom"
            why = None
            if " ".join(ls[i].text.split()) in stock:
                continue
            pages_of = head_pages[evidence.get("pattern", "")]
            if _inside_kept(ls, i, side, drop):
                why = "inside_kept"
            elif (
                first_numbered is not None
                and pages_of
                and max(pages_of) < first_numbered
                and all(labels[n] is None for n in pages_of)
            ):
                # Repeated only on the unnumbered pages before the book's numbering begins
                # (a half-title and a title page print the book's title): front matter,
                # not a head, which goes with the numbered pages.
                why = "front_matter"
            elif labels[num] is None and first_seen.get(squeezed_key(ls[i].text)) == (num, i):
                others = [n for n in head_pages[evidence.get("pattern", "")] if n != num]
                numbered = sum(1 for n in others if labels[n] is not None)
                if others and 3 * numbered >= 2 * len(others):
                    why = "unnumbered_first"
            first = first_seen.get(squeezed_key(ls[i].text)) == (num, i)
            if (
                why is None
                and first
                and side == "top"
                and num == book.pages[0].number
                and labels[num] in (None, "1")
                and not evidence.get("folio")  # (no head with its page number in it)
                and not any(ln.text.strip() for ln in ls[:i])
                and any(n != num for n in pages_of)
            ):
                # The book's first line, on its first page (no folio, or folio 1): its
                # title, which its heads repeat; a book opens with no running head (an
                # excerpt from inside a book shows its own page number there)
                why = "book_opens"
            if (
                why is None
                and first
                and _sunk(lines_of, ls[i], head_pages[evidence.get("pattern", "")], num, drops)
            ):
                why = "sunk_first"
            pattern = evidence.get("pattern")
            # where the same words stand as a head on the other pages: (page, line index)
            repeats = [
                (n, k)
                for n in head_pages[pattern or ""]
                if n != num
                for k in drops[n]
                if drops[n][k][1].get("pattern") == pattern
            ]
            if why is None and first:
                spots = [_across(lines_of[n][k], margin_of(n)) for n, k in repeats]
                here = _across(ls[i], margin_of(num))
                g = ls[i].geom
                band = g is not None and all(
                    (h := lines_of[n][k].geom) is not None
                    and abs(h.top - g.top) <= 1
                    and abs(h.size - g.size) <= 0.2
                    for n, k in repeats
                )
                if (
                    spots
                    and None not in spots
                    and here is not None
                    and max(spots) - min(spots) <= 2
                    and abs(here - spots[0]) > 8
                    and not band  # (the same band and size: a head at the other page's edge)
                ):
                    # Where the words repeat as a head they stand elsewhere across the page
                    # (a recto head at the outer corner): the first time, a title.
                    why = "placed_apart_first"
            other = "running_foot" if rule == "running_head" else "running_head"
            if (
                why is None
                and first
                and (sides[other] >= 4 * sides[rule] or (side == "top" and len(repeats) >= 1))
                and all(drops[n][k][0] == other for n, k in repeats)
            ):
                # The book's heads stand at the other edge (PDFium writes them after the
                # text), or these words, at the top the first time, repeat only at the foot
                # (mutool writes a recto's head after the page's text; a chapter's title in
                # its running feet): the first time the words stand at this edge is a title.
                why = "other_edge_first"
            if (
                why is None
                and first
                and side == "top"
                and not any(ln.text.strip() for ln in ls[:i])
                and (PART_TITLE_RE.match(ls[i].text) or INDEX_HEADING_RE.match(ls[i].text))
                and squeezed_key(next((ln.text for ln in ls[i + 1 :] if ln.text.strip()), ""))
                != squeezed_key(ls[i].text)
            ):
                # A part of the back or front matter (``Index``, ``Notes``) headed by its
                # title, then headed by it again as a running head on its later pages: the
                # first time, at the top of the part's first page, it is the heading (not
                # where the heading itself follows: the head printed over it, ``Notes`` /
                # ``Notes``).
                why = "part_opens"
            if why:
                del drop[i]
                text = ls[i].text.strip()
                log.edit(
                    "kept_title",
                    num,
                    text,
                    text,
                    reason=why,
                    repeats_on=len(head_pages[evidence.get("pattern", "")]),
                )


def _across(line: Line, margin: int = 0) -> float | None:
    """Where a line starts across its page, in characters: its left edge in a PDF (at six
    points to a character); in a text export its indent, less *margin*, the indent of the
    prose of its page (`_page_margin`), where the export shifts whole pages (Ghostscript's
    txtwrite)."""
    if line.geom is not None:
        return line.geom.x0 / 6.0
    t = line.text
    if not t.strip():
        return None
    return float(len(t) - len(t.lstrip(" ")) - margin)


def _page_margin(page: tuple[Line, ...]) -> int:
    """The indent most of a text page's long lines share (0 when it has none).

    >>> _page_margin(tuple(Line(t, 1) for t in ["   " + "x" * 40, "   " + "y" * 41, "      z"]))
    3
    """
    indents = Counter(
        len(ln.text) - len(ln.text.lstrip(" ")) for ln in page if len(ln.text.strip()) >= 30
    )
    return indents.most_common(1)[0][0] if indents else 0


def _sunk(
    lines_of: dict[int, tuple[Line, ...]],
    line: Line,
    pages: list[int],
    num: int,
    drops: dict[int, dict],
) -> bool:
    """Is *line* set lower on its page than the running heads with its words on the other
    *pages* (PDF geometry)? A chapter or index opening sinks its title below the head band,
    also on a page that prints its folio at the foot."""
    if line.geom is None:
        return False
    tops = [
        ln.geom.top
        for n in pages
        if n != num
        for i, ln in enumerate(lines_of[n])
        if i in drops[n] and ln.geom is not None and ln.text.strip() == line.text.strip()
    ]
    height = max(1.0, line.geom.bottom - line.geom.top)
    return bool(tops) and line.geom.top > max(tops) + 1.5 * height


def alternating_heads(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """The other head of alternating running heads, printed once: the pages before and
    after a page carry the same running head (the book's title on the versos), and this
    page, at its edge, a head-shaped line set in capitals like them (the chapter's title on
    the recto: ``FLUID THERAPY`` between two ``VETERINARY NURSING CARE``). The edge is its
    first line, or its last one before or after its folio (a text-box export can put a
    page's head and folio after its text)."""
    pages = list(book.pages)

    def head_of(k: int) -> str | None:
        if not 0 <= k < len(pages):
            return None
        drop = drops[pages[k].number]
        heads = [e["pattern"] for r, e in drop.values() if r == "running_head" and "pattern" in e]
        return heads[0] if len(heads) == 1 else None

    for k, page in enumerate(pages):
        before, after = head_of(k - 1), head_of(k + 1)
        drop = drops[page.number]
        if before is None or before != after or any(r == "running_head" for r, _ in drop.values()):
            continue
        kept = [i for i, ln in enumerate(page.lines) if ln.text.strip() and i not in drop]
        if len(kept) < 3:
            continue
        edges = [kept[0]]
        folios = [i for i, (r, _) in drop.items() if r == "folio"]
        if folios and max(folios) > kept[-1]:
            edges.append(kept[-1])  # head and folio after the text
        for i in edges:
            text = page.lines[i].text.strip()
            # both set in capitals, as heads are and chapter openings' titles mostly are not;
            # no numbered or labelled chapter heading (an opening page has no head)
            caps = text.isupper() and before.isupper()
            opening = text[:1].isdigit() or CHAPTER_LABEL_RE.match(text)
            # or, in text, ranged far to the right where the others stand at the left margin
            # (a recto's head at its outer corner, ``Chapter 1 · Rocks and Their Origins``:
            # a label and a title parted by a separator, as no opening prints them)
            sides = (
                i == kept[0]
                and page.lines[i].geom is None
                and indent_of(page.lines[i].text) >= 20
                and _head_indent(pages, k, drops) == 0
            )
            if sides and opening and HEAD_SEPARATOR_RE.search(text):
                opening = None
            if head_shape(text) and (caps or sides) and text != before and not opening:
                drop[i] = ("running_head", {"pattern": text, "alternates_with": before})
                break


HEAD_SEPARATOR_RE = regex.compile(r"\S\s+[·•|—–]\s+\S")


def _head_indent(pages: list[Page], k: int, drops: dict[int, dict[int, tuple[str, dict]]]) -> int:
    """How far in the running heads of the pages beside page *k* stand (the least of them),
    or -1 where neither has one."""
    out = []
    for j in (k - 1, k + 1):
        if 0 <= j < len(pages):
            drop = drops[pages[j].number]
            out += [
                indent_of(pages[j].lines[i].text)
                for i, (r, _) in drop.items()
                if r == "running_head"
            ]
    return min(out) if out else -1


def date_heads(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """Heads that name the date of what a page prints, each printed once (a diary's or a
    collection of letters' rectos: ``12 November 1888``): a date alone as the page's first
    line, which a longer line further down the page ends (the letter's dateline
    ``The School House, Scarrow, 12 November 1888``), on a page next to one that has a
    running head."""
    pages = list(book.pages)

    def headed(k: int) -> bool:
        return 0 <= k < len(pages) and any(
            r == "running_head" for r, _ in drops[pages[k].number].values()
        )

    for k, page in enumerate(pages):
        drop = drops[page.number]
        if any(r == "running_head" for r, _ in drop.values()) or not (
            headed(k - 1) or headed(k + 1)
        ):
            continue
        kept = [i for i, ln in enumerate(page.lines) if ln.text.strip() and i not in drop]
        if len(kept) < 3:
            continue
        i = kept[0]
        text = " ".join(page.lines[i].text.split())
        if DATE_LINE_RE.match(text) and any(
            " ".join(page.lines[j].text.split()).endswith(" " + text) for j in kept[1:]
        ):
            drop[i] = ("running_head", {"pattern": text, "dates_the_page": True})


def head_second_lines(
    book: Book,
    drops: dict[int, dict[int, tuple[str, dict]]],
    listed: dict[str, str],
    toc_pages: set[int],
) -> None:
    """A running head in two parts that an export wrote as two lines (pdfminer's text of a
    head with the book's title at one side and the chapter's at the other): the line right
    under a head found, a chapter title the contents list, is the head's second part where
    the chapter's heading repeats it right under it (``Getting There`` / ``Getting
    There``) on the chapter's first page, or where it is the last such title printed on
    the pages before (``Portavell and the South End`` over ``Stone.2 Go quietly …`` on the
    chapter's next page: a book prints a chapter's heading once). Found in place, into
    *drops*."""
    current = ""  # the last title the contents list printed as a line on the pages before
    for page in book.pages:
        drop = drops[page.number]
        filled = [i for i, ln in enumerate(page.lines) if ln.text.strip()]
        top = [i for i in filled if i not in drop or drop[i][0] != "folio"]
        if len(top) >= 3 and top[0] in drop and drop[top[0]][0] == "running_head":
            i, j = top[1], top[2]
            text = " ".join(page.lines[i].text.split())
            if i not in drop and head_shape(text) and squeezed_key(text) in listed:
                after = " ".join(page.lines[j].text.split())
                if after == text:
                    drop[i] = ("running_head", {"pattern": text, "echoes_heading": text})
                elif squeezed_key(text) == current:
                    drop[i] = ("running_head", {"pattern": text, "repeats_heading": True})
        if page.number not in toc_pages:
            keys = [squeezed_key(page.lines[k].text) for k in filled if k not in drop]
            current = next((k for k in reversed(keys) if k in listed), current)


def _heads_own_page(lines: tuple[Line, ...], c: int, kept: list[int]) -> str | None:
    """The heading that line *c*, a page's first, repeats with a page number set apart at
    its end (``1 Setting Up   5`` over the chapter's heading ``1 Setting Up``): a head
    printed once, on a chapter's opening page, that names the chapter. None otherwise.

    >>> ls = tuple(Line(t, 5) for t in ["1 Setting Up   5", "1 Setting Up", "The tide."])
    >>> _heads_own_page(ls, 0, [0, 1, 2])
    '1 Setting Up'
    >>> ls = tuple(Line(t, 5) for t in ["Setting Up", "Setting Up", "The tide."])
    >>> _heads_own_page(ls, 0, [0, 1, 2]) is None
    True
    """
    text = " ".join(lines[c].text.split())
    m = HEAD_FOLIO_END_RE.search(lines[c].text.rstrip())
    if m is None:
        return None
    key = squeezed_key(lines[c].text[: m.start()])
    for j in kept[1:4]:
        other = " ".join(lines[j].text.split())
        if other != text and len(key) >= 4 and squeezed_key(other) == key and head_shape(other):
            return other
    return None


# a page number set apart at a head's end: "1 Setting Up   5"
HEAD_FOLIO_END_RE = regex.compile(r"(?<=\S)\s{2,}(?:\d{1,4}|[ivxlc]{1,7})\s*$")


def head_band(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """Running heads printed once, found by the page geometry of a PDF: on two pages or
    more, the first line stands at the same height, and the next line at the same lower
    height, more than a line and a half below it. The body's text begins at that lower
    line; nothing of the body stands above it, so a head-shaped line up there is a
    running head however often its words repeat (the verso shows the book's title, the
    recto the chapter's, each once in an excerpt), unless it is set larger than the text
    (a chapter's title sunk to the height of the others')."""
    firsts: dict[int, tuple[int, float, float]] = {}
    body_tops: Counter[float] = Counter()  # where each page's body text begins
    for page in book.pages:
        idx = [i for i, ln in enumerate(page.lines) if ln.text.strip() and ln.geom is not None]
        if len(idx) < 3:
            continue
        a, b = page.lines[idx[0]].geom, page.lines[idx[1]].geom
        height = max(1.0, a.bottom - a.top)
        if b.top - a.bottom > 1.5 * height:
            # (a head found already is evidence of the band as well)
            firsts[page.number] = (idx[0], round(a.top), round(b.top))
            body_tops[round(b.top)] += 1
        else:
            body_tops[round(a.top)] += 1
    if not firsts:
        return
    # (a line set larger than the text is a title: a chapter's, sunk to where the contents
    # and the preface print their headings; a head is set no larger than the text)
    sizes = sorted(
        ln.geom.size for page in book.pages for ln in page.lines if ln.text.strip() and ln.geom
    )
    text_size = sizes[len(sizes) // 2]
    # A heading at the top of a page stands where the body begins, not above it.
    body_top = max(body_tops, key=lambda y: (body_tops[y], -y))
    bands = Counter((t, body) for _, t, body in firsts.values())
    pages = {page.number: page for page in book.pages}
    for num, (i, t, body) in firsts.items():
        shared = sum(n for (t2, b2), n in bands.items() if abs(t2 - t) <= 1 and abs(b2 - body) <= 1)
        text = pages[num].lines[i].text
        if i in drops[num]:
            continue
        if (
            shared >= 2
            and t < body_top - 1
            and head_shape(text)
            and not INDEX_HEADING_RE.match(text)
            and pages[num].lines[i].geom.size < 1.1 * text_size
        ):
            drops[num][i] = ("running_head", {"pattern": text.strip(), "head_band": t})


def layout_heads(
    book: Book,
    cands: dict[int, list[tuple[int, str]]],
    drops: dict[int, dict[int, tuple[str, dict]]],
    first_seen: dict[str, tuple[int, int]],
    last_seen: dict[str, tuple[int, int]],
    listed: Mapping[str, str] | None = None,
) -> None:
    """Running heads that show once, found by where they sit in the page's layout.

    A head printed once (an excerpt, a short chapter) has no repetition to go on, but it
    still sits where no body line can:

    - ``folio_pair``: in a two-line head band, next to a lone page number, where other pages
      have the same band (a folio and a head, with or without a blank line after it) and
      their head was found; a title whose later echoes are heads is the chapter heading
      and stays;
    - ``interrupts_sentence``: at the top of a page (a head, or a lone page number), between a sentence that breaks off at
      the foot of the page before and its lowercase continuation;
    - ``before_indent``: at the top of a page, directly above an indented first line, in a
      book that sets the first line after its headings flush and indents other paragraphs;
    - ``echoes_opening``: at the top of a page, the title of the chapter that opened (its
      label over its title) up to three pages before;
    - ``echoes_title``: in capitals, beside its folio, a title printed in other case on the
      page or up to three pages before.

    Only the outermost kept line at a page's edge (or the line paired with its folio) is
    considered, and only title-shaped lines (``head_shape``). A title the book's table of
    contents lists (*listed*), or the title of a part of the front or back matter
    (``About the Author``, ``Glossary``), that the book prints once is that part's
    heading, whatever its place (an opening page's drop folio read before its title).
    Adds to *drops* in place.
    """

    def opened_on(text: str, num: int) -> int | None:
        """The page, up to three before *num*, whose chapter opening (its label over its
        title) printed *text* as the title: a head at a page's top that repeats the
        chapter's title, printed once more (no page number to pair it with: an OCR'd
        book that lost its folios)."""
        k = squeezed_key(text)
        seen = first_seen.get(k)
        if seen is None or not 0 < num - seen[0] <= 3:
            return None
        page, i = seen
        ls = lines_of[page]
        label = max((j for j in nonblank[page] if j < i), default=None)
        if label is None or not _chapter_opening(ls, label) or label not in nonblank[page][:3]:
            return None
        return page

    def listed_once(num: int, i: int) -> bool:
        k = squeezed_key(lines_of[num][i].text)
        once = first_seen.get(k) == last_seen.get(k) == (num, i)
        return once and (k in (listed or {}) or bool(PART_TITLE_RE.match(lines_of[num][i].text)))

    nonblank = {
        page.number: [i for i, ln in enumerate(page.lines) if ln.text.strip()]
        for page in book.pages
    }
    lines_of = {page.number: page.lines for page in book.pages}

    def band(num: int, side: str) -> tuple[int, int, bool] | None:
        """(folio index, head index, blank beside the band) for a folio+line band."""
        idx = [i for i, sd in cands[num] if sd == side]
        if len(idx) != 2:
            return None
        folio = [i for i in idx if drops[num].get(i, ("",))[0] == "folio"]
        if len(folio) != 1:
            return None
        other = idx[0] if folio[0] == idx[1] else idx[1]
        ls = lines_of[num]
        outside = max(idx) + 1 if side == "top" else min(idx) - 1
        blank = 0 <= outside < len(ls) and not ls[outside].text.strip()
        return folio[0], other, blank

    def order(num: int, side: str, b: tuple[int, int, bool]) -> tuple[int, bool] | None:
        """(the folio's parity, whether it stands before its head) of a band."""
        value = number_value(str(drops[num][b[0]][1].get("folio", "")))
        if value is None:
            return None
        return value[1] % 2, (b[0] < b[1]) == (side == "top")

    def folio_pairs() -> None:
        confirmed: set[tuple[str, bool]] = set()
        orders: set[tuple[str, tuple[int, bool]]] = set()  # the confirmed bands' orders
        for num in drops:
            for side in ("top", "bottom"):
                b = band(num, side)
                if b and b[1] in drops[num] and drops[num][b[1]][0].startswith("running_"):
                    confirmed.add((side, b[2]))
                    o = order(num, side, b)
                    if o is not None:
                        orders.add((side, o))
        for page in book.pages:
            num, ls, drop = page.number, page.lines, drops[page.number]
            for side in ("top", "bottom"):
                b = band(num, side)
                if not (b and b[1] not in drop and (side, b[2]) in confirmed):
                    continue
                o = order(num, side, b)
                if o is not None and (side, (o[0], not o[1])) in orders and (side, o) not in orders:
                    # the book's pages of this side (odd or even) set their head before
                    # their folio the other way round: a folio printed first (at the
                    # foot) and a chapter's title, not a head beside its folio
                    continue
                # (beside its folio, a title may end in a volume's number: "Grammar Works 2")
                title = regex.sub(r"(?<=\p{L})\s+\d{1,2}$", "", ls[b[1]].text.strip())
                if not head_shape(title) or INDEX_HEADING_RE.match(ls[b[1]].text):
                    continue  # the index's own heading opens the index (split_index)
                k = squeezed_key(ls[b[1]].text)
                if last_seen.get(k, (0, 0))[0] > num and first_seen.get(k) == (num, b[1]):
                    continue  # a chapter heading whose title the later pages' heads echo
                if _chapter_opening(ls, b[1]) or listed_once(num, b[1]):
                    continue
                rule = "running_head" if side == "top" else "running_foot"
                drop[b[1]] = (rule, {"pattern": ls[b[1]].text.strip(), "folio_pair": True})

    def capital_echoes() -> None:
        """A band's line in capitals beside its folio that repeats, in capitals, a title
        printed in other case on its page or up to three pages before (``BLENNY`` over the
        folio, the page's section headed ``Blenny``): a head or foot printed once."""
        for page in book.pages:
            num, ls, drop = page.number, page.lines, drops[page.number]
            for side in ("top", "bottom"):
                b = band(num, side)
                if not b or b[1] in drop:
                    continue
                text = ls[b[1]].text.strip()
                if not (text.isupper() and head_shape(text)):
                    continue
                seen = first_seen.get(squeezed_key(text))
                if seen is None or seen == (num, b[1]) or not 0 <= num - seen[0] <= 3:
                    continue
                title = lines_of[seen[0]][seen[1]].text.strip()
                if title.isupper() or seen[1] in drops[seen[0]]:
                    continue
                rule = "running_head" if side == "top" else "running_foot"
                drop[b[1]] = (rule, {"pattern": text, "echoes_title": seen[0]})

    # Folio pairs confirmed by the heads found so far, then heads at a page's top (whose
    # test needs the page before without its furniture), then pairs again with those.
    folio_pairs()
    capital_echoes()
    convention: bool | None = None
    prev_last: list[str] | None = None  # the page before: its last body lines
    for page in book.pages:
        num, ls, drop = page.number, page.lines, drops[page.number]
        kept = [i for i in nonblank[num] if i not in drop]
        tops = {i for i, sd in cands[num] if sd == "top"}
        if kept and kept[0] in tops and len(kept) >= 2 and prev_last is not None:
            c, nxt = kept[0], kept[1]
            text = ls[c].text
            adjacent = nxt == c + 1
            lone = LONE_FOLIO_RE.match(text)
            broken = [t for t in prev_last if _flow_break(t, ls[nxt].text)]
            if (head_shape(text) or lone) and broken:
                drop[c] = (
                    "folio" if lone else "running_head",
                    {"pattern": text.strip(), "interrupts_sentence": broken[0].strip()[-40:]},
                )
            elif head_shape(text) and (opened := opened_on(text, num)) is not None:
                drop[c] = ("running_head", {"pattern": text.strip(), "echoes_opening": opened})
            elif (heading := _heads_own_page(ls, c, kept)) is not None:
                drop[c] = ("running_head", {"pattern": text.strip(), "echoes_heading": heading})
            elif head_shape(text) and adjacent and indent_of(ls[nxt].text) > indent_of(text):
                if convention is None:
                    convention = _indent_convention(book)
                first = ls[nxt].text.strip()[:1]
                if (
                    convention
                    and indent_of(ls[nxt].text) <= 8
                    and (first.isupper() or first in "“‘\"'")
                ):
                    drop[c] = ("running_head", {"pattern": text.strip(), "before_indent": True})
        kept = [i for i in nonblank[num] if i not in drop]
        if kept:
            prev_last = _body_ends([ls[i].text for i in kept])
    folio_pairs()


GUIDE_WORD_RE = regex.compile(r"^[\p{L}][\p{L}’'-]*(?: [\p{L}][\p{L}’'-]*)?$")


def guide_words(
    book: Book,
    cands: dict[int, list[tuple[int, str]]],
    drops: dict[int, dict[int, tuple[str, dict]]],
) -> None:
    """A dictionary's or glossary's guide words: a page's outermost line at the top, set
    beside its page number (within the top three lines), one or two words that open an
    entry of the same page (``skimming`` over the entry ``skimming n. The removal …``: its
    first or last headword). Each is printed once; the repetition is the convention
    itself, so two pages at least must show it. Adds to *drops* in place.

    >>> pg = lambda n, *ts: Page(n, tuple(Line(t, n) for t in ts))
    >>> from pipeline.document import Source
    >>> b = Book(Source("x", "t", "text"), (pg(1, "skimming", "", "188", "TWO-ROW BARLEY.",
    ...     "skimming n. The removal of the yeast"), pg(2, "trub", "", "189", "is the end.",
    ...     "trub (trub) n. The sludge of protein")), 2)
    >>> d = {1: {2: ("folio", {})}, 2: {2: ("folio", {})}}
    >>> guide_words(b, {1: [(0, "top"), (2, "top")], 2: [(0, "top"), (2, "top")]}, d)
    >>> d[1][0][0], d[2][0][0]
    ('running_head', 'running_head')
    """
    found: list[tuple[int, int, str]] = []
    for page in book.pages:
        num, ls, drop = page.number, page.lines, drops[page.number]
        tops = [i for i, side in cands[num] if side == "top" and i not in drop]
        nonblank = [i for i, ln in enumerate(ls) if ln.text.strip()]
        if not tops or not nonblank or tops[0] != nonblank[0]:
            continue
        c = tops[0]
        word = " ".join(ls[c].text.split())
        if not GUIDE_WORD_RE.match(word):
            continue
        near = nonblank[:3]
        if not any(drop.get(i, ("",))[0] == "folio" for i in near):
            continue
        low = word.lower()
        opens = any(
            t.lower().startswith(low) and len(t) > len(word) and not t[len(word)].isalpha()
            for k in nonblank
            if k != c and (t := ls[k].text.strip())
        )
        if opens:
            found.append((num, c, word))
    if len(found) < 2:
        return
    for num, c, word in found:
        drops[num][c] = ("running_head", {"pattern": word, "guide_word": True})


# Tagged artifacts are trusted while they are what furniture is: a small share of the lines.
MAX_ARTIFACT_SHARE = 0.3


NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty"
)
CHAPTER_LABEL_RE = regex.compile(
    rf"(?i)^\s*(?:chapter|part|book|unit|lesson|module)\s+(?:\d{{1,3}}|[ivxlc]{{1,7}}|(?:{NUMBER_WORDS.replace(' ', '|')})"
    rf"(?:[-\s](?:{NUMBER_WORDS.replace(' ', '|')}))?)\s*$"
)


DATES_END_RE = regex.compile(r",?\s*\(?\d{3,4}(?:\s*[–-]\s*\d{2,4})?\)?$")


def one_folio_each(
    cands: dict[int, list[tuple[int, str]]],
    drops: dict[int, dict[int, tuple[str, dict]]],
    log: StageLog,
    lines_of: dict[int, tuple[Line, ...]] | None = None,
) -> None:
    """A page prints its number once: where two lone numbers on a page both fit the
    numbering (a chapter's number at the top of its opening page, the folio at the foot),
    the one on the side where the book's other folios stand goes and the other stays
    (in place).

    >>> drops = {1: {9: ("folio", {"folio": "1"})}, 2: {9: ("folio", {"folio": "2"})},
    ...     3: {0: ("folio", {"folio": "3"}), 9: ("folio", {"folio": "3"})}}
    >>> cands = {n: [(0, "top"), (9, "bottom")] for n in drops}
    >>> one_folio_each(cands, drops, StageLog("x")); sorted(drops[3])
    [9]
    """
    side_of = {n: dict(cs) for n, cs in cands.items()}
    sides: Counter[str] = Counter()
    for n, drop in drops.items():
        found = [i for i, (rule, _) in drop.items() if rule == "folio"]
        if len(found) == 1:
            sides[side_of[n].get(found[0], "")] += 1
    if not sides:
        return
    usual = sides.most_common(1)[0][0]
    for n, drop in drops.items():
        found = [i for i, (rule, _) in drop.items() if rule == "folio"]
        if len(found) != 2:
            continue
        if len({drop[i][1].get("folio") for i in found}) != 1:
            # two numbers at the foot: the outermost is the folio, the other, right under
            # a line of text, a number of the page's own (a contents' last page number,
            # ``The Law of Averages`` / ``5``, over the folio ``iii``)
            inner = min(found)
            lines = lines_of.get(n, ()) if lines_of else ()
            above = lines[inner - 1].text.strip() if 0 < inner < len(lines) else ""
            if side_of[n].get(found[0]) == side_of[n].get(found[1]) == "bottom" and regex.search(
                r"\p{L}{2}", above
            ):
                del drop[inner]
                log.count("inner_number_kept")
            continue
        other = [i for i in found if side_of[n].get(i) != usual]
        if len(other) == 1 and len(found) - len(other) == 1:
            del drop[other[0]]
            log.count("chapter_number_kept")


def folio_apart(
    book: Book,
    drops: dict[int, dict[int, tuple[str, dict]]],
    key_fit_pages: dict[tuple[str, str], set[int]],
    min_pages: int,
) -> None:
    """A head whose folio the extraction set on a line of its own (``43.`` over ``Pink
    Rev. 11/04/24`` where the other pages print ``Pink Rev. 11/04/24   38.``) goes when the
    two together repeat as a head does, with the folio fitting the numbering, on
    *min_pages* other pages (in place)."""
    for page in book.pages:
        drop = drops[page.number]
        for i in [k for k, (rule, _) in drop.items() if rule == "folio"]:
            folio = page.lines[i].text.strip()
            for j in (i - 1, i + 1):
                if not 0 <= j < len(page.lines) or j in drop or not page.lines[j].text.strip():
                    continue
                t = page.lines[j].text.strip()
                for side in ("top", "bottom"):
                    for both in (f"{t} {folio}", f"{folio} {t}"):
                        pages = key_fit_pages.get((side, normalise(both)), set())
                        if j not in drop and len(pages - {page.number}) >= min_pages:
                            rule = "running_head" if side == "top" else "running_foot"
                            drop[j] = (rule, {"pattern": normalise(both), "folio_apart": True})


MORE_RE = regex.compile(r"^\s*\(MORE\)\s*$")
CONTINUED_RE = regex.compile(
    r"^\s*(?:\d{1,4}[A-Z]?\s+)?CONTINUED:?(?:\s+\(\d+\))?(?:\s+\d{1,4}[A-Z]?)?\s*$"
)
CONT_CUE_RE = regex.compile(r"^\s*\p{Lu}[\p{Lu} .'’-]*\s\((?:CONT['’]D|CONTINUING)\)\s*$")


def script_continuations(book: Book, drops: dict[int, dict[int, tuple[str, dict]]]) -> None:
    """A screenplay's page-break marks (in place): a speech that runs over a page ends its
    page with ``(MORE)`` and goes on under ``CONTINUED:`` and its speaker's cue again,
    ``ODILE (CONT’D)``; the three go, and the speech is one. A lone ``CONTINUED:`` at a
    page's top goes too.

    >>> from pipeline.document import Source
    >>> pg = [Page(1, tuple(Line(t, 1) for t in ["ODILE", "wants to hear one", "(MORE)"])),
    ...     Page(2, tuple(Line(t, 2) for t in ["CONTINUED:", "ODILE (CONT’D)", "number."]))]
    >>> drops = {1: {}, 2: {}}
    >>> script_continuations(Book(Source("x", "0", "pdf"), tuple(pg), 2), drops)
    >>> sorted(drops[1]), sorted(drops[2])
    ([2], [0, 1])
    """
    pages = book.pages
    for k, page in enumerate(pages):
        drop = drops[page.number]
        kept = [i for i, ln in enumerate(page.lines) if ln.text.strip() and i not in drop]
        if kept and CONTINUED_RE.match(page.lines[kept[0]].text):
            drop[kept[0]] = ("script_continued", {})
            kept = kept[1:]
        if not kept or not MORE_RE.match(page.lines[kept[-1]].text) or k + 1 >= len(pages):
            continue
        nxt = pages[k + 1]
        ndrop = drops[nxt.number]
        rest = [i for i, ln in enumerate(nxt.lines) if ln.text.strip() and i not in ndrop]
        if rest and CONTINUED_RE.match(nxt.lines[rest[0]].text):
            rest = rest[1:]
        if rest and CONT_CUE_RE.match(nxt.lines[rest[0]].text):
            drop[kept[-1]] = ("script_more", {})
            ndrop[rest[0]] = ("script_cue_repeated", {})


CELL_GAP_RE = regex.compile(r"\s{3,}")


def head_cells(text: str) -> list[str]:
    """The parts of a line that an export set apart with a wide gap (three spaces or more),
    as a head printed in two places (the book's title at the inner edge, the section at the
    outer) comes out of a layout-keeping extractor; a line with no such gap is one part.

    >>> head_cells("Italian for the Road            Buses and trams"), head_cells("One part")
    (['Italian for the Road', 'Buses and trams'], ['One part'])
    """
    return [c for c in CELL_GAP_RE.split(text.strip()) if c]


def _head_part(text: str) -> bool:
    """Could *text* be a part of a head: the page's number, or a title in any case (a
    section's title in sentence case: ``At the station``), short and no sentence?

    >>> [_head_part(t) for t in ["At the station", "– 45 –", "It was late.", "and so on",
    ...     "2.2 The planets in order"]]
    [True, True, False, False, True]
    """
    if LONE_FOLIO_RE.match(text):
        return True
    s = SECTION_PREFIX_RE.sub("", text.strip(), count=1)
    # (a section's number before its title: "2.2 The planets in order")
    return len(s.split()) <= 8 and s[:1].isupper() and not SENTENCE_END_RE.search(s)


def side_tabs(
    book: Book, drops: dict[int, dict[int, tuple[str, dict]]], p: FurnitureParams
) -> None:
    """A thumb tab's label: a short line (a chapter's or stage's number, a word or two) set
    in the page's side margin, wholly outside its text, with the same text at the same
    height on at least ``min_repeats`` pages (at the outer edge, so left on one side's pages
    and right on the other's). PDF geometry only. Adds to *drops* in place."""
    spots: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for page in book.pages:
        text_lines = [
            ln.geom for ln in page.lines if ln.geom is not None and len(ln.text.strip()) >= 20
        ]
        if len(text_lines) < 3:
            continue
        left = min(g.x0 for g in text_lines)
        right = max(g.x1 for g in text_lines)
        for i, ln in enumerate(page.lines):
            g, bare = ln.geom, ln.text.strip()
            if g is None or not bare or len(bare) > 12 or not (g.x1 < left or g.x0 > right):
                continue
            text = " ".join(bare.split())
            if len(text.split()) <= 2:
                spots[(text, round(g.top / 2))].append((page.number, i))
    for (text, _y), where in spots.items():
        if len({n for n, _i in where}) < p.min_repeats:
            continue
        for num, i in where:
            drops[num].setdefault(i, ("side_tab", {"pattern": text, "pages": len(where)}))


def cell_heads(
    book: Book,
    cands: dict[int, list[tuple[int, str]]],
    drops: dict[int, dict[int, tuple[str, dict]]],
    p: FurnitureParams,
) -> None:
    """Running heads in two parts on one line, one part the same on many pages.

    A head with the book's title at one edge and the current section at the other comes out
    of a layout-keeping export as one line with a wide gap (``Italian for the Road      At
    the station``), the title first on one side's pages and last on the other's. The whole
    line repeats on few pages, but its title part is the page's first (or last) part on at
    least ``min_repeats`` pages: such a line, its parts all title-shaped (or the page's
    number), is the page's head (its other parts short, no sentence). Only a page's outermost line that is no lone folio counts.
    Adds to *drops* in place.
    """
    band: dict[tuple[int, str], tuple[int, list[str]]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for page in book.pages:
        num = page.number
        for side, order in (("top", 1), ("bottom", -1)):
            for i, _sd in [c for c in cands[num] if c[1] == side][::order]:
                if i in drops[num] and drops[num][i][0] == "folio":
                    continue
                if LONE_FOLIO_RE.match(page.lines[i].text):
                    continue
                cells = head_cells(page.lines[i].text)
                if 2 <= len(cells) <= 3 and (
                    i not in drops[num] or drops[num][i][0].startswith("running_")
                ):
                    # (a head found already, by another sign, counts as evidence too)
                    if i not in drops[num]:
                        band[(num, side)] = (i, cells)
                    for c in {cells[0], cells[-1]}:
                        counts[(side, normalise(c))] += 1
                break
    for (num, side), (i, cells) in band.items():
        ends = [c for c in (cells[0], cells[-1]) if counts[(side, normalise(c))] >= p.min_repeats]
        if not ends or not head_shape(ends[0]) or not all(map(_head_part, cells)):
            continue
        rule = "running_head" if side == "top" else "running_foot"
        drops[num][i] = (
            rule,
            {"pattern": ends[0], "pages": counts[(side, normalise(ends[0]))], "cells": cells},
        )


def _section_guide(text: str, pages: set[int]) -> bool:
    """Is *text*, the outermost line of its page, a guide to the sections on the page
    (``s. 15``, ``§ 4``, ``Rule 12``): a word or two and a number that changes, in the same
    place on three pages or more, two of them facing or following each other? Chapter
    headings of that shape open pages too, but never on neighbouring pages.

    >>> _section_guide("s. 15", {2, 3, 4, 5}), _section_guide("Chapter 3", {2, 9, 17})
    (True, False)
    """
    words = text.split()
    if not 2 <= len(words) <= 4 or not DIGITS_RE.search(text) or len(pages) < 3:
        return False
    return sum(1 for n in pages if n + 1 in pages) >= 2


def _chapter_opening(lines: tuple[Line, ...], i: int) -> bool:
    """Is line *i* a chapter's label over its title (``CHAPTER ONE`` / ``The Wages of
    Naughtiness``), the opening of a chapter rather than a running head beside a folio?

    >>> ls = tuple(Line(t, 1) for t in ["xi", "CHAPTER ONE", "", "The Wages of Sin", "It was."])
    >>> _chapter_opening(ls, 1), _chapter_opening(ls, 3)
    (True, False)
    >>> _chapter_opening(tuple(Line(t, 1) for t in ["87", "CHAPTER FOUR",
    ...     "The Brothers Vellacott, 1812–1834"]), 1)
    True
    >>> _chapter_opening(tuple(Line(t, 1) for t in ["Chapter 1", "", "Why Count Birds?"]), 0)
    True
    """
    if not CHAPTER_LABEL_RE.match(lines[i].text):
        return False
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text.strip()), "")
    # (a title may end in its dates: "The Brothers Vellacott, 1812–1834", or ask a
    # question: "Why Count Birds?")
    title = DATES_END_RE.sub("", " ".join(nxt.split())).rstrip("?!")
    return head_shape(title) and not SENTENCE_END_RE.search(title)


PAGE_REF_END_RE = regex.compile(r"(?i)(?:^|[\s.·…])(?:\d{1,4}|[ivxlc]{1,7})\s*$")
LEADER_RE = regex.compile(r"(?:\s*[.·…]\s*){2,}(?=\S*\s*$)")


def _own_folio(page: Page, cs: list[tuple[int, str]], folio: str) -> bool:
    """Does *page* print *folio* alone on a line among its candidate lines *cs*?"""
    return any(page.lines[i].text.strip(" -–—−·•|[]") == folio for i, _side in cs)


def _set_as_heading(line: Line, sizes: list[float], text_size: float | None) -> bool:
    """Is *line*, numbered like a running head, set larger than the running text and than
    the head's other copies (*sizes*): a chapter's heading whose number happens to be its
    page's (``1 The Orchard`` on folio 1, the verso head ``2   The Orchard`` after it)?
    Heads are set in one size, and seldom larger than the text.

    >>> from pipeline.document import Geom
    >>> ln = Line("1 The Orchard", 5, Geom(42, 48, 150, 62, 14.3))
    >>> _set_as_heading(ln, [14.3, 9.0], 10.0), _set_as_heading(ln, [14.3, 14.3], 10.0)
    (True, False)
    """
    if line.geom is None or text_size is None:
        return False
    size = line.geom.size
    others = list(sizes)
    if size in others:
        others.remove(size)  # (its own copy)
    return size >= 1.2 * text_size and bool(others) and size >= 1.2 * min(others)


def contents_pages(book: Book) -> set[int]:
    """The pages of a table of contents: a page headed ``Contents`` (among its first three
    lines with text) and the pages right after it most of whose lines end in a page number,
    or are one (an export that puts each number on a line of its own).

    >>> from pipeline.document import Source
    >>> toc = Page(2, tuple(Line(t, 2) for t in ["Contents", "Preface  ix", "1 Roads  1"]))
    >>> more = Page(3, tuple(Line(t, 3) for t in ["2 Salt  23", "3 Sea", "47", "Index  89"]))
    >>> text = Page(4, tuple(Line(t, 4) for t in ["The roads ran where the salt was.", "4"]))
    >>> sorted(contents_pages(Book(Source("x", "0", "text"), (toc, more, text), 1)))
    [2, 3]
    """
    found: set[int] = set()
    for k, page in enumerate(book.pages):
        texts = [ln.text for ln in page.lines if ln.text.strip()]
        if not any(CONTENTS_HEAD_RE.match(t) for t in texts[:3]):
            continue
        found.add(page.number)
        for nxt in book.pages[k + 1 :]:
            more = [ln.text for ln in nxt.lines if ln.text.strip()]
            if not more or 2 * sum(1 for t in more if PAGE_REF_END_RE.search(t)) <= len(more):
                break
            found.add(nxt.number)
    return found


def contents_rows(book: Book) -> set[tuple[int, int]]:
    """(page, line index) of the rows of a contents list under its ``Contents`` heading,
    wherever it stands on its page (a title page and its contents that an export wrote as
    one page): the lines under it up to the first one that neither ends in a page number
    nor is one (three such rows at least).

    >>> from pipeline.document import Source
    >>> page = Page(1, tuple(Line(t, 1) for t in ["The Moor", "by A. Roke", "Contents", "1 Moor  1",
    ...     "2 Rain  3", "Index  8", "The moor is high."]))
    >>> sorted(contents_rows(Book(Source("x", "0", "text"), (page,), 1)))
    [(1, 3), (1, 4), (1, 5)]
    """
    rows: set[tuple[int, int]] = set()
    for page in book.pages:
        ls = page.lines
        for h, line in enumerate(ls):
            if not CONTENTS_HEAD_RE.match(line.text):
                continue
            run = []
            for i in range(h + 1, len(ls)):
                t = ls[i].text
                if not t.strip():
                    continue
                if not (PAGE_REF_END_RE.search(t) or LONE_FOLIO_RE.match(t)):
                    break
                run.append(i)
            if len(run) >= 3:
                rows.update((page.number, i) for i in run)
    return rows


def contents_titles(book: Book, pages: set[int]) -> dict[str, str]:
    """The titles a table of contents lists (as `squeezed_key` gives them), without their
    leaders, each with the page number it gives (lower case; empty where it gives none).

    >>> from pipeline.document import Source
    >>> contents_titles(Book(Source("x", "0", "text"), (Page(1, (Line("1 Salt and Silver . . . 23", 1),
    ...     Line("Index   89", 1), Line("47", 1), Line("Further Reading", 1), Line("", 1),
    ...     Line("Preface", 1), Line("", 1), Line("iv", 1))),), 1), {1})
    {'saltandsilver': '23', 'index': '89', 'furtherreading': '', 'preface': 'iv'}
    """
    titles: dict[str, str] = {}
    for page in book.pages:
        if page.number not in pages:
            continue
        waiting = ""  # a title without its number, which the next line may give alone
        for ln in page.lines:
            text = LEADER_RE.sub(" ", ln.text).rstrip()
            if not text.strip():
                continue
            m = PAGE_REF_END_RE.search(text)
            title = text[: m.start()] if m else text
            key = squeezed_key(title)
            if waiting and LONE_FOLIO_RE.match(text):
                # (pdftotext writes a contents row's title and number as lines apart)
                titles[waiting] = text.strip(" .·…").lower()
                waiting = ""
            elif key and not LONE_FOLIO_RE.match(title) and not CONTENTS_HEAD_RE.match(title):
                titles[key] = m.group().strip(" .·…").lower() if m else ""
                waiting = "" if m else key
    return titles


def listed_folios(
    book: Book,
    drops: dict[int, dict[int, tuple[str, dict]]],
    toc_pages: set[int],
    numbers: Mapping[str, str],
) -> None:
    """A lone page number at a page's foot that the table of contents gives for the title
    the page opens with (``Foreword iv``; the page's last line ``iv``): its folio, though
    no numbering runs through the pages around it to show it (an OCR'd book that lost the
    rest of its folios). *numbers*: `contents_titles`. In place."""
    if not numbers:
        return
    for page in book.pages:
        drop = drops[page.number]
        kept = [i for i, ln in enumerate(page.lines) if ln.text.strip() and i not in drop]
        if len(kept) < 3 or page.number in toc_pages:
            continue
        number = numbers.get(squeezed_key(page.lines[kept[0]].text))
        text = page.lines[kept[-1]].text.strip()
        if number and LONE_FOLIO_RE.match(text) and text.lower().strip(".") == number:
            drop[kept[-1]] = (
                "folio",
                {"folio": text, "listed_for": page.lines[kept[0]].text.strip()},
            )


def drop_tagged(book: Book, log: StageLog) -> Book:
    """Remove the lines a tagged PDF draws as /Artifact (``geom.artifact``): running heads,
    folios, watermarks. A lone page number among them labels its page. When they are more
    than `MAX_ARTIFACT_SHARE` of the book's lines the tags are not trusted (a producer that
    marks the text itself) and the usual rules decide."""
    marked = sum(1 for pg in book.pages for ln in pg.lines if ln.geom and ln.geom.artifact)
    if not marked:
        return book
    total = sum(1 for pg in book.pages for ln in pg.lines if ln.text.strip())
    if marked > MAX_ARTIFACT_SHARE * total:
        log.count("tagged_artifacts_ignored", marked)
        return book
    pages = []
    for page in book.pages:
        label = page.label
        kept = []
        for line in page.lines:
            if not (line.geom and line.geom.artifact):
                kept.append(line)
                continue
            lone = LONE_FOLIO_RE.match(line.text)
            label = label or (lone.group(1) if lone else None)
            log.edit("tagged_artifact", page.number, line.text.strip(), "", tag="/Artifact")
        pages.append(Page(page.number, tuple(kept), label))
    return replace(book, pages=tuple(pages))


TRAILING_NUMBER_RE = regex.compile(r"^(.*?\p{L}\S*)(\s+)(\d{1,4})\s*$|^\s*(\d{1,4})\s*$")


def line_numbers(lines: tuple[Line, ...]) -> dict[int, str]:
    """The line numbers printed in a PDF page's margin (verse, a play, a legal text): at
    the end of a line of text or alone, two or more numbers whose right edges line up,
    that count up by one step and are multiples of it (5, 10, 15). Returns each such
    line's index and its text without the number ("" for a number alone).

    >>> from pipeline.document import Geom
    >>> g = lambda x1: Geom(46.0, 0.0, x1, 10.0, 10.5)
    >>> ls = (Line("BENNO. I was listening   5", 1, g(342.0)), Line("to it.", 1, g(120.0)),
    ...       Line("like a cat 10", 1, g(342.2)), Line("15", 1, g(342.0)), Line("58", 1, g(220.0)))
    >>> line_numbers(ls)
    {0: 'BENNO. I was listening', 2: 'like a cat', 3: ''}
    >>> line_numbers((Line("at night, 4", 9, g(342.0)), Line("in roots, 6", 9, g(342.0)),
    ...     Line("water fleas, 8", 9, g(342.0))))
    {}
    """
    found = []
    for i, line in enumerate(lines):
        t = line.text.rstrip()
        m = TRAILING_NUMBER_RE.match(t) if line.geom is not None and t[-1:].isdigit() else None
        if m and regex.search(r",\s\d+$", t):
            m = None  # an index entry's locator after its comma ("at night, 4"), no margin's
        if m:
            value = int(m.group(3) or m.group(4))
            found.append((i, value, line.geom.x1, m.group(1) or ""))
    if len(found) < 2:
        return {}
    edges = Counter(round(x1) for _, _, x1, _ in found)
    edge = max(edges, key=lambda x: (edges[x] + edges[x - 1] + edges[x + 1], x))
    run = [f for f in found if abs(f[2] - edge) <= 1.5]
    values = [v for _, v, _, _ in run]
    if len(run) < 2:
        return {}
    step = values[1] - values[0]
    if step < 1 or any(b - a != step for a, b in itertools.pairwise(values)):
        return {}
    if any(v % step for v in values) or (step == 1 and len(run) < 4):
        return {}
    # in the right margin (not a heading's number, "Chapter 1" … "Chapter 4", that lines up
    # at the left), and numbering every line only where the lines follow one another
    right = max(ln.geom.x1 for ln in lines if ln.geom is not None)
    if edge < 0.75 * right:
        return {}
    texts = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if step == 1 and any(
        texts.index(b) - texts.index(a) != 1 for (a, *_), (b, *_) in itertools.pairwise(run)
    ):
        return {}
    return {i: text.rstrip() for i, _, _, text in run}


def drop_line_numbers(book: Book, log: StageLog) -> Book:
    """Remove the margin line numbers of each PDF page (`line_numbers`), logged."""
    pages = []
    for page in book.pages:
        found = line_numbers(page.lines)
        if not found:
            pages.append(page)
            continue
        kept = []
        for i, line in enumerate(page.lines):
            if i not in found:
                kept.append(line)
                continue
            log.edit("line_number", page.number, line.text.strip(), found[i])
            if found[i]:
                kept.append(replace(line, text=found[i]))
        pages.append(Page(page.number, tuple(kept), page.label))
    return replace(book, pages=tuple(pages))


@register("strip_furniture", version=77, params=FurnitureParams)
def run(book: Book, p: FurnitureParams, log: StageLog) -> Book:
    """Remove running heads, running feet and page numbers found by repetition and numbering."""
    book = drop_tagged(book, log)
    book = drop_line_numbers(book, log)
    stock = stock_lines(book, p)
    cands = {page.number: candidates(page, p, stock) for page in book.pages}
    lines_of = {page.number: page.lines for page in book.pages}

    # 1. The page numbering: offsets (printed number − physical page) per numeral system.
    offset_pages: dict[tuple[str, int], set[int]] = defaultdict(set)
    for num, cs in cands.items():
        for i, _side in cs:
            for system, value, _tok in edge_numbers(lines_of[num][i].text):
                offset_pages[(system, value - num)].add(num)
    numbering = {k for k, pages in offset_pages.items() if len(pages) >= p.min_pages}

    arabic = [k for k in numbering if k[0] == "arabic"]
    arabic_start = (
        min(n for (sys_, off) in arabic for n in offset_pages[(sys_, off)]) if arabic else 0
    )
    dominant = max(numbering, key=lambda k: (len(offset_pages[k]), k)) if numbering else None

    # Each numbering runs over a stretch of pages (an excerpt, or front matter in roman
    # then the body in arabic, or a back index numbered on from a gap): a page's own
    # numbering is the one whose stretch it lies in, else the book's dominant one.
    spans = {k: (min(offset_pages[k]), max(offset_pages[k])) for k in numbering}

    def local_numbering(num: int) -> set[tuple[str, int]]:
        inside = {k for k, (lo, hi) in spans.items() if lo <= num <= hi}
        return inside or ({dominant} if dominant else set())

    def folio_offset(text: str, num: int) -> tuple[str, int] | None:
        for system, value, _tok in edge_numbers(text):
            if (system, value - num) in numbering:
                return system, value - num
        return None

    def fits(text: str, num: int) -> str | None:
        for system, value, tok in edge_numbers(text):
            if (system, value - num) in numbering:
                return str(value) if system == "arabic" else tok
        return None

    # 2. Repetition of keys in the same place.
    key_pages: dict[tuple[str, str], set[int]] = defaultdict(set)
    key_fit_pages: dict[tuple[str, str], set[int]] = defaultdict(set)  # number = folio
    key_fit_sizes: dict[tuple[str, str], list[float]] = defaultdict(list)  # (in a PDF)
    text_size = body_size([ln for pg in book.pages for ln in pg.lines])
    exact_pages: Counter[tuple[str, str]] = Counter()
    edge_pages: Counter[tuple[str, str]] = Counter()  # as the outermost line of the page
    # As the outermost line but a page number, at either edge (text boxes put a head
    # at the top of one page and after the body of the next), counted once a page: a
    # chapter's title over its opening page and its head put after the body are one page
    band_pages: dict[str, set[int]] = defaultdict(set)
    band_line: dict[int, set[int]] = {}
    # (a table of contents lists the chapter titles that heads repeat: it is no repetition)
    toc_pages = contents_pages(book)
    for num, cs in cands.items():
        band_line[num] = set()
        if num in toc_pages:
            continue
        for side, order in (("top", 1), ("bottom", -1)):
            for i, _sd in [c for c in cs if c[1] == side][::order]:
                if not LONE_FOLIO_RE.match(lines_of[num][i].text):
                    band_line[num].add(i)
                    band_pages[" ".join(lines_of[num][i].text.split())].add(num)
                    break
    for num, cs in cands.items():
        if num in toc_pages:
            continue
        seen = set()
        core = _core(cs, lines_of[num], stock)
        for i, side in cs:
            outermost = _outer(core, i, side)
            if outermost:
                edge_pages[(side, " ".join(lines_of[num][i].text.split()))] += 1
            text = lines_of[num][i].text
            k = (side, normalise(text))
            e = (side, " ".join(text.split()))
            if k not in seen:
                key_pages[k].add(num)
                if fits(text, num):
                    key_fit_pages[k].add(num)
                    if lines_of[num][i].geom is not None:
                        key_fit_sizes[k].append(lines_of[num][i].geom.size)
                seen.add(k)
            if e not in seen or (
                ("exact", e) not in seen and not SENTENCE_END_RE.search(text.strip())
            ):
                # (a line in lower case without digits folds to itself: counted word for
                # word too where it ends no sentence, a footer's URL)
                exact_pages[e] += 1
                seen.add(e)
                seen.add(("exact", e))

    first_seen: dict[str, tuple[int, int]] = {}
    last_seen: dict[str, tuple[int, int]] = {}
    listed = contents_rows(book)
    for page in book.pages:
        if page.number in toc_pages:
            continue  # (where a title is printed, not where it is listed)
        for i, line in enumerate(page.lines):
            if (page.number, i) in listed:
                continue
            k = squeezed_key(line.text)
            if k and len(k) >= 4:
                first_seen.setdefault(k, (page.number, i))
                last_seen[k] = (page.number, i)

    drops: dict[int, dict[int, tuple[str, dict]]] = {}
    labels: dict[int, str | None] = {}
    seen: int | None = None  # the last arabic page number found, on an earlier page
    for page in book.pages:
        drop: dict[int, tuple[str, dict]] = {}
        drops[page.number] = drop
        label = page.label
        cs = cands[page.number]
        # A page prints its number once: with a lone folio found, numbers in other lines
        # are not page numbers.
        lone = any(
            LONE_FOLIO_RE.match(page.lines[i].text) and fits(page.lines[i].text, page.number)
            for i, _ in cs
        )
        core = _core(cs, page.lines, stock)
        for i, side in cs:
            text = page.lines[i].text
            outer = _outer(core, i, side)
            headlike = len(unspaced(text).split()) <= 10 and not SENTENCE_END_RE.search(
                text.strip()
            )
            folio = fits(text, page.number)
            key = (side, normalise(text))
            exact = (side, " ".join(text.split()))
            if LONE_FOLIO_RE.match(text) and folio:
                drop[i] = ("folio", {"folio": folio})
                label = label or folio
            elif (
                not lone
                and seen is not None
                and seen >= 5
                and text.strip().isdigit()
                and seen < int(text.strip()) <= 9999
                and (outer or int(text.strip()) == seen + 1)
            ):
                # A lone number at the page's edge past the last page number printed: the
                # numbering jumps on (an excerpt, then its index printed far on); or the
                # next number in the head band, after a page printed without one (plates).
                drop[i] = ("folio", {"folio": text.strip(), "numbered_on_from": seen})
                label = label or text.strip()
            elif outer and page.number < arabic_start and is_roman_folio(text):
                # Front matter before the arabic numbering: a lone roman numeral at the
                # page's edge is its folio even when no other front-matter page shows one.
                drop[i] = ("folio", {"folio": text.strip(), "front_matter": True})
                label = label or text.strip()
            elif (
                folio
                and len(key_fit_pages[key]) >= p.min_pages
                and not _chapter_opening(page.lines, i)  # ("UNIT 1" over its title)
                and not _set_as_heading(page.lines[i], key_fit_sizes[key], text_size)
                # (nor a chapter's numbered heading on a page that prints its folio apart,
                # the same number, its text printed as a head on one other page only:
                # "1 The Levels and Their Speech" over chapter 1 on folio 1)
                and not (lone and len(key_fit_pages[key]) <= 2 and _own_folio(page, cs, folio))
            ):
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (
                    rule,
                    {"pattern": key[1], "pages": len(key_fit_pages[key]), "folio": folio},
                )
                label = label or folio
            elif (
                folio
                and not lone
                and outer
                and headlike
                and not LOCATOR_RE.search(text)
                and not RANGE_END_RE.search(text)
                and folio_offset(text, page.number) in local_numbering(page.number)
                and not _chapter_opening(page.lines, i)  # ("Chapter 1" over its title)
            ):
                # A head carrying the page number in the page's outermost line: the
                # numbering is the evidence even when this chapter's title shows only once.
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (rule, {"pattern": key[1], "folio": folio, "numbered_edge": True})
                label = label or folio
            elif (
                (
                    exact_pages[exact] >= p.min_repeats
                    and (headlike or exact_pages[exact] >= 0.5 * len(book.pages))
                )
                or (numbering and headlike and outer and edge_pages[exact] >= p.min_pages)
                or (
                    numbering
                    and i in band_line[page.number]
                    and head_shape(text)
                    and len(band_pages[exact[1]]) >= p.min_pages
                )
                or (numbering and outer and headlike and _section_guide(text, key_pages[key]))
            ):
                rule = "running_head" if side == "top" else "running_foot"
                drop[i] = (
                    rule,
                    {
                        "pattern": exact[1],
                        "pages": max(exact_pages[exact], len(band_pages[exact[1]])),
                    },
                )
            elif (
                numbering
                and headlike
                and (outer or _inside_folio(core, i, side, page.lines, page.number, fits))
                and (side == "top" or page.lines[i].geom is not None)
            ):
                echo = first_seen.get(squeezed_key(text))
                g = page.lines[i].geom
                if (
                    echo is not None
                    and echo < (page.number, i)
                    and not _chapter_opening(page.lines, i)
                    # (a heading set larger than the text at a page's foot, "Scene 2"
                    # over the next page's scene, is no running foot)
                    and not (
                        side == "bottom"
                        and g is not None
                        and text_size is not None
                        and g.size >= 1.1 * text_size
                    )
                ):
                    # A chapter title repeated as this page's running head: the chapter
                    # heading (its first occurrence) stays, the head goes. (So too a
                    # section's title in a PDF's foot band, a running foot whose folio
                    # stands apart in the corner.)
                    rule = "running_head" if side == "top" else "running_foot"
                    drop[i] = (rule, {"pattern": text.strip(), "echoes_page": echo[0]})
        under = _folio_under_head(page, drop, fits)
        if under is not None:
            drop[under[0]] = ("folio", {"folio": under[1], "under_head": True})
            label = label or under[1]
        labels[page.number] = label
        if label and label.isdigit():
            seen = int(label)

    one_folio_each(cands, drops, log, lines_of)
    folio_apart(book, drops, key_fit_pages, p.min_pages)
    head_band(book, drops)
    alternating_heads(book, drops)
    keep_titles(book, drops, labels, first_seen, log, stock)
    date_heads(book, drops)
    listed = contents_titles(book, toc_pages)
    listed_folios(book, drops, toc_pages, listed)
    guides_beside_heads(book, drops)
    heads_over_folios(book, drops)
    head_second_lines(book, drops, listed, toc_pages)
    layout_heads(
        book,
        {n: _core(cs, lines_of[n], stock) for n, cs in cands.items()},
        drops,
        first_seen,
        last_seen,
        listed,
    )
    guide_words(book, cands, drops)
    script_continuations(book, drops)
    head_seconds(book, drops, p.min_pages)
    cell_heads(book, cands, drops, p)
    side_tabs(book, drops, p)

    pages = []
    removed_total = 0
    for page in book.pages:
        drop = drops[page.number]
        label = labels[page.number]
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
