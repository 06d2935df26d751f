"""find_pages: page breaks in text that has lost them (no form feeds).

Copy-paste from a PDF viewer, ebook converters (Calibre) and some exports give a book as
one stream of lines, with the running heads and page numbers still in it, wherever a page
began: ``…in which`` / ``58 HARMONY IN PRACTICE`` / ``a question is…``. The other stages
work page by page (furniture at a page's edges, paragraphs joined across a page break), so
this stage puts the page breaks back, from evidence in the text, and leaves the removal of
the furniture to ``strip_furniture``:

- ``numbered``: lines that carry a page number, a lone number (``89``) or a title-shaped
  line with a number at one end (``CADENCES AND PHRASE ENDINGS 57``), whose numbers count
  up by one or two along the text, at least ``min_lines`` lines apart: the longest such
  chain, of at least two lines, when at least a quarter of them break a sentence (numbered
  section headings count up too, but never stand inside a sentence), or when five or
  more stand at nearly even distances, as pages do;
- ``interrupts_sentence``: one such line between a sentence broken off and its lowercase
  continuation (a page that is the only numbered one of an excerpt);
- ``repeated_head``: a title-shaped line printed at least twice, where at least half of its
  occurrences break a sentence (a running head without a number).

Each page starts at its marker line. Text with form feeds, PDF input, and short texts are
left alone; so is text where no evidence is found.
"""

from __future__ import annotations

import collections
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register
from stages.furniture import (
    LONE_FOLIO_RE,
    YEAR_END_RE,
    head_shape,
    is_roman_folio,
    roman_numeral,
    roman_value,
)
from stages.index_shapes import INDEX_HEADING_RE
from stages.shapes import is_list_item

# A page number alone, or at one end of a title-shaped line ("58 HARMONY IN PRACTICE").
# A folio may be numbered by chapter ("3-2", "A-4", "Index-1"): the page's own number last.
_FOLIO = r"(?:(?:\d{1,2}|\p{Lu}\p{Ll}{0,7})[-–])?(\d{1,4})"
LONE_RE = regex.compile(r"^[\s\-–—−·•|]*(?:[Pp]age\s+)?" + _FOLIO + r"[\s\-–—−·•|]*$")
# a number beside a head, or glued to it by an export that lost the space ("42Money and…")
LEFT_RE = regex.compile(r"^\s*" + _FOLIO + r"(?:\s+|(?=\p{Lu}\p{Ll}))(\p{L}.*\S)\s*$")
RIGHT_RE = regex.compile(
    r"^\s*((?:\d+(?:\.\d+)*(?:\s+|(?=\p{Lu}\p{Ll})))?\p{L}.*?\S)(?:\s+|(?<=\p{Ll}))"
    + _FOLIO
    + r"\s*$"
)  # (a chapter's number glued to its title by an export: "1Winter   5")
# a folio set between two marks at a head's end: "15 JUNE · 4 ·", "THE LOG · xiv ·"
MARKED_END_RE = regex.compile(r"^\s*(\S.*?\S)\s+([·•|])\s*(\d{1,4}|[ivxlc]{1,7})\s*\2\s*$")
# a folio between two marks, alone: "· 3 ·", "| xv |"
MARKED_LONE_RE = regex.compile(r"^\s*([·•|–—-])\s*(?:\d{1,4}|[ivxlc]{1,7})\s*\1\s*$")
SECTION_RE = regex.compile(r"^\d+\.\d+(?:\.\d+)*\s+\p{Lu}")  # "5.3 Narrowing with …"
SMALL_WORDS = frozenset("with from into onto over upon that than this what when your their".split())


@dataclass(frozen=True)
class PagesParams:
    enabled: bool = True
    min_lines: int = 3
    min_text_lines: int = 8
    DOCS: ClassVar[dict[str, str]] = {
        "enabled": "find the page breaks of text without form feeds",
        "min_lines": "fewest non-blank lines between two numbered page lines",
        "min_text_lines": "shortest text (non-blank lines) that is looked at",
    }


def page_number(text: str) -> int | None:
    """The page number a line carries, if it is a folio or a title-shaped head with one.

    >>> [page_number(t) for t in ["89", "— 12 —", "58 HARMONY IN PRACTICE",
    ...  "CADENCES AND PHRASE ENDINGS 57", "3 Heat the oven", "See figure 12",
    ...  "monotone sequence, 41", "4.2 The authentic cadence", "2. Add the onions",
    ...  "5.3 Narrowing with control flow 87", "3-2", "Index-1", "42Money and the Small Economy",
    ...  "Prices, Wages and the Exchange Rate43", "Edition 2, March 2019 3-1"]]
    [89, 12, 58, 57, None, None, None, None, None, 87, 2, 1, 42, 43, 1]
    """
    numbers = page_numbers(text)
    return numbers[0] if numbers else None


def page_numbers(text: str) -> list[int]:
    """The page numbers a line may carry (a head with a number at each end has two:
    ``11 JUNE – 13 JUNE · 2 ·``; which is the page's, the run of pages tells).

    >>> page_numbers("11 JUNE – 13 JUNE · 2 ·"), page_numbers("15 JUNE · 4 ·"), page_numbers("89")
    ([11, 2], [15, 4], [89])
    """
    m = LONE_RE.match(text)
    if m:
        return [int(m.group(1))]
    if is_list_item(text.strip()):
        return []
    out = []
    left = _left_number(text)
    if left is not None:
        out.append(left)
    m = MARKED_END_RE.match(text)
    if m and m[3].isdigit():
        title = YEAR_END_RE.sub("", m[1])
        if head_shape(title) and _capitalised(title):
            return [*out, int(m[3])]
    right = _right_number(text)
    if right is not None and right not in out:
        out.append(right)
    return out


def _left_number(text: str) -> int | None:
    """The number at a head's start (``58 HARMONY IN PRACTICE``)."""
    m = LEFT_RE.match(text)
    left = YEAR_END_RE.sub("", m.group(2)) if m else ""
    if left and head_shape(left) and _capitalised(left):
        return int(m.group(1))
    return None


def _right_number(text: str) -> int | None:
    """The number at a head's end (``CADENCES AND PHRASE ENDINGS 57``)."""
    m = RIGHT_RE.match(text)
    title = m.group(1) if m and not m.group(1).endswith(",") else ""
    title = YEAR_END_RE.sub("", title)  # a foot dated "Edition 2, March 2019"
    title = regex.sub(r"^\d+(?=\p{Lu}\p{Ll})", "", title)  # ("1Winter")
    if title and (
        (head_shape(title) and _capitalised(title))
        or (SECTION_RE.match(title) and len(title.split()) <= 10 and title[-1].isalnum())
    ):
        return int(m.group(2))  # a numbered section's head may be in sentence case
    return None


def _capitalised(title: str) -> bool:
    """Every word of four letters or more capitalised (but the small words of a title, and
    numbers: ``Edition 2, March 2019``): a running head, not a sentence."""
    long_words = [
        w
        for w in title.split()
        if len(w) >= 4 and w.lower() not in SMALL_WORDS and not w[:1].isdigit()
    ]
    return bool(long_words) and all(w[:1].isupper() for w in long_words)


def breaks_sentence(before: str | None, after: str | None) -> bool:
    """Does a sentence run on from *before* to *after* (both non-blank lines)?

    >>> breaks_sentence("but only because she", "can’t reach the top of it now")
    True
    >>> breaks_sentence("It ended.", "then again"), breaks_sentence("in which", "The end")
    (False, False)
    >>> breaks_sentence("    total = compute(values)", "print(total)")  # code, not prose
    False
    """
    if not before or not after:
        return False
    a, b = before.strip(), after.strip()
    if len(a.split()) < 3 or not (a[-1].isalpha() or a[-1] in ",;–—-") or "  " in a:
        return False  # prose breaks off after a word or a comma, not after code or a figure
    return b[:1].islower() and b[:1].isalpha() and not b.rstrip(";").endswith(")")


def _breaks_at(texts: list[str], i: int) -> bool:
    """Does a sentence run across line *i*, and the head or page number printed beside it
    (a page's foot and the next page's head stand together: ``57`` / ``THE APIARY YEAR``)?"""
    j = i + 1
    while j < len(texts) and j <= i + 2 and _band_line(texts[j]):
        j += 1
    k = i - 1
    while k >= 0 and k >= i - 2 and _band_line(texts[k]):
        k -= 1
    return k >= 0 and j < len(texts) and breaks_sentence(texts[k], texts[j])


def _band_line(text: str) -> bool:
    """A line that can stand in a head band: a page number or a capitalised title."""
    t = text.strip()
    return bool(LONE_RE.match(t)) or (head_shape(t) and _capitalised(t))


def number_chains(found: list[tuple[int, int]], min_gap: int) -> list[list[tuple[int, int]]]:
    """The longest run of numbers counting up that ends at each numbered line, longest
    first ((position, number) pairs): a table's cells (``1``, ``2``, ``3`` … down a column) may count up
    longer than the pages do, and the pages' run is then one of the shorter ones.

    >>> [p for p, _n in number_chains([(0, 57), (5, 3), (30, 58), (61, 59), (62, 60)], 3)[0]]
    [0, 30, 61]
    >>> number_chains([(0, 44), (2, 1), (6, 2), (9, 3), (12, 4), (20, 45), (40, 46)], 3)[:2]
    [[(2, 1), (6, 2), (9, 3), (12, 4)], [(0, 44), (20, 45), (40, 46)]]
    """
    best: list[list[int]] = []
    for k, (pos, num) in enumerate(found):
        chain = [k]
        for j in range(k - 1, -1, -1):
            ppos, pnum = found[j]
            if 1 <= num - pnum <= 2 and pos - ppos >= min_gap and len(best[j]) + 1 > len(chain):
                chain = [*best[j], k]
        best.append(chain)
    # (a chain that another one holds whole, at its start, is no candidate of its own)
    ends = [c for c in best if not any(len(o) > len(c) and o[: len(c)] == c for o in best)]
    ends.sort(key=lambda c: (-len(c), c[0]))
    return [[found[k] for k in c] for c in ends]


def _regular(chain: list[int]) -> bool:
    """Do the numbered lines stand at nearly even distances, as pages of a book do (five
    or more, three in four of the gaps within a quarter of their median)? Numbered
    section headings stand where their sections end, at any distance.

    >>> _regular([26, 60, 96, 131, 164, 199, 234]), _regular([3, 40, 52, 130, 141])
    (True, False)
    >>> _regular([10, 14, 18, 22, 26, 30])  # (a table's rows, one cell to a line)
    False
    """
    if len(chain) < 5:
        return False
    gaps = [b - a for a, b in itertools.pairwise(chain)]
    med = sorted(gaps)[len(gaps) // 2]
    if med < 8:
        return False  # (a page holds eight lines at least: a table's rows stand closer)
    return 4 * sum(1 for g in gaps if abs(g - med) <= 0.25 * med) >= 3 * len(gaps)


# (the folio before its head one space apart, as pdftext writes a verso's; after a title
# only across a wide gap: "Harbour Study 4", "Exercise 3" are a series' own labels)
SPACED_NUMBER_RE = regex.compile(r"^\s*\d{1,4}\s+(\S.*\S)\s*$|^\s*(\S.*\S)\s{3,}\d{1,4}\s*$")


def spaced_head_repeats(texts: list[str], chain: list[int]) -> bool:
    """Do two lines of the run or more print one title of two words or more beside the
    number (a running head with its folio at the other margin, as a layout-keeping export
    writes it: ``4        A Year at Mossgill Tarn``, ``6        A Year at Mossgill Tarn``;
    or one space apart, as pdftext writes it: ``6 The Hollins Apiary Handbook``)? Numbered
    headings differ in their titles.

    >>> texts = ["4        A Year at the Tarn", "x", "x", "1 Winter   5", "x", "x", "6 A Year at the Tarn"]
    >>> spaced_head_repeats(texts, [0, 3, 6]), spaced_head_repeats(texts, [0, 3])
    (True, False)
    """
    titles = collections.Counter()
    for i in chain:
        m = SPACED_NUMBER_RE.match(texts[i])
        title = " ".join((m.group(1) or m.group(2)).split()) if m else ""
        if len(title.split()) >= 2:
            titles[title.casefold()] += 1
    return any(n >= 2 for n in titles.values())


def adjacent_head_repeats(texts: list[str], chain: list[int], apart: set[int]) -> bool:
    """Does one line of two words or more stand right above or right under two numbers of
    the run or more, no blank line between (a page's foot and the next page's head, a
    layout-keeping export's ``5`` / ``Hollins Moor Weather Station: Observer’s Handbook,``;
    or a head over its folio), the numbers standing a page apart (eight lines or more, as
    a rule)? A section's number has its own title beside it each time; a table's rows,
    one cell to a line, stand closer. (*apart*: the lines with a blank line before them.)

    >>> texts = ["x", "5", "The Moor Handbook,", *"yyyyyyyy", "6", "Chapter Two", *"yyyyyyy",
    ...     "7", "The Moor Handbook,"]
    >>> adjacent_head_repeats(texts, [1, 11, 20], set()), adjacent_head_repeats(texts, [1, 11], set())
    (True, False)
    >>> adjacent_head_repeats(texts, [1, 11, 20], {2, 21})
    False
    >>> spaced = ["2", "A Moor Year", *"yyyyyyyy", "Wet Days", "3", *"yyyyyyyy", "4", "A Moor Year",
    ...     *"yyyyyyyy", "Wet Days", "5"]
    >>> adjacent_head_repeats(spaced, [0, 11, 20, 31], {1, 11, 21, 31})  # (verso and recto)
    True
    >>> adjacent_head_repeats(spaced[:21], [0, 11, 20], {1, 11})  # (a recto's head once)
    False
    """
    gaps = sorted(b - a for a, b in itertools.pairwise(chain))
    if not gaps or gaps[len(gaps) // 2] < 8:
        return False
    beside = collections.Counter()
    # (across a blank line, as pdftotext -nopgbrk writes a page's head band: title-shaped
    # lines, one beside the even numbers and another beside the odd ones, verso and
    # recto; a chapter's number over the same subtitle each time is no page's)
    parity: dict[str, set[int]] = collections.defaultdict(set)
    for i in chain:
        for k in (i - 1, i + 1):
            if 0 <= k < len(texts) and k not in chain and len(words := texts[k].split()) >= 2:
                key = " ".join(words).casefold()
                if max(i, k) not in apart:
                    beside[key] += 1
                elif head_shape(texts[k].strip()) and (n := page_number(texts[i])) is not None:
                    parity[key].add(n)
    sides = [{n % 2 for n in numbers} for numbers in parity.values() if len(numbers) >= 2]
    return any(n >= 2 for n in beside.values()) or ({0} in sides and {1} in sides)


def folio_mark(text: str) -> str:
    """The mark a folio stands between (``· 3 ·``, ``15 JUNE · 4 ·``), or ''.

    >>> folio_mark("· 3 ·"), folio_mark("THE LOG · xiv ·"), folio_mark("— 12 —"), folio_mark("12")
    ('·', '·', '—', '')
    """
    m = MARKED_LONE_RE.match(text) or MARKED_END_RE.match(text)
    if not m:
        return ""
    return m[1] if len(m[1]) == 1 else m[2]


def _styled(texts: list[str], chain: list[int], styles: list[str]) -> bool:
    """Do all the lines of a run set their folio between the marks of the book's other
    numbering (front matter ``· xiv ·`` beside body pages ``· 3 ·``)?"""
    return bool(styles) and all(folio_mark(texts[i]) in styles for i in chain)


def roman_page(text: str) -> int | None:
    """The value of a lone lower-case roman folio (front matter: ``ix``, ``— x —``).

    >>> [roman_page(t) for t in ["ix", " xii ", "— v —", "I", "mix it", "12", "THE VOYAGE · xiv ·"]]
    [9, 12, 5, None, None, None, 14]
    """
    if not is_roman_folio(text):
        m = MARKED_END_RE.match(text)
        if m and not m[3].isdigit() and head_shape(m[1]) and _capitalised(m[1]):
            return roman_value(m[3])  # a head with its folio between marks: "THE LOG · xiv ·"
        return None
    return roman_value(LONE_FOLIO_RE.match(text).group(1))


def markers(
    texts: list[str], p: PagesParams, apart: set[int] | None = None
) -> dict[int, tuple[str, dict]]:
    """{index among *texts* (non-blank lines): (rule, evidence)} of the lines that open a page.
    (*apart*: the indices of the lines with a blank line before them in the text.)"""
    found = [(i, n) for i, t in enumerate(texts) for n in page_numbers(t)]
    romans = [(i, n) for i, t in enumerate(texts) if (n := roman_page(t)) is not None]
    styles: list[str] = []  # the marks the accepted run's folios stand between ("·")
    chain_numbers: list[int] = []  # the page numbers of the accepted arabic run
    out: dict[int, tuple[str, dict]] = {}
    # Each numbering apart: front matter in roman, the body in arabic; where the arabic
    # numbers of all kinds make no run of pages, those of lines alone on their line (the
    # sections' numbered headings, "2 Grafting", counted up beside the folios)
    lone = [(i, n) for i, n in found if LONE_RE.match(texts[i])]
    systems = [("arabic", found), ("roman", romans)]
    if lone != found:
        systems.insert(1, ("arabic", lone))  # (tried only where the first made no run)
    for system, numbered in systems:
        if numbered is lone and chain_numbers:
            continue
        # Numbered section headings count up too, but they never break a sentence; page
        # breaks fall mid-sentence on most pages. The longest run, or one that a table's
        # cells outran and that breaks two sentences or more (no cells do).
        chain: list[int] = []
        for rank, pairs in enumerate(number_chains(numbered, p.min_lines)):
            c = [i for i, _n in pairs]
            broken = sum(1 for i in c if _breaks_at(texts, i))
            first = rank == 0 and len(c) >= 2 and (4 * broken >= len(c) or _regular(c))
            # (a run set between the same marks as the other numbering's: "· xiv ·")
            styled = rank == 0 and len(c) >= 2 and _styled(texts, c, styles)
            headed = (
                rank == 0
                and len(c) >= 3
                and (
                    spaced_head_repeats(texts, c) or adjacent_head_repeats(texts, c, apart or set())
                )
            )
            if first or styled or headed or (rank > 0 and broken >= 2 and 4 * broken >= len(c)):
                chain = c
                break
        if chain:
            first, last = pairs[0][1], pairs[-1][1]
            if system == "roman":
                first, last = roman_numeral(first), roman_numeral(last)
            for i in chain:
                out[i] = ("numbered", {"chain": f"{first}–{last}", "pages": len(chain)})
            if system == "arabic":
                chain_numbers = [n for _i, n in pairs]
            marks = [m for i in chain if (m := folio_mark(texts[i]))]
            if len(marks) >= 2 and len(set(marks)) == 1:
                styles.append(marks[0])
    numbered = chain_numbers
    counts = collections.Counter(" ".join(t.split()) for t in texts)
    for i, n in found:
        if (
            i not in out
            and numbered
            and n > max(numbered)
            and i + 1 < len(texts)
            and (
                INDEX_HEADING_RE.match(texts[i + 1])
                # (or with the page's running head between, printed on other pages too)
                or (
                    i + 2 < len(texts)
                    and INDEX_HEADING_RE.match(texts[i + 2])
                    and counts[" ".join(texts[i + 1].split())] >= 3
                )
            )
            and LONE_FOLIO_RE.match(texts[i])
        ):
            # the folio of the index's first page, numbered on from the excerpt ("219" /
            # "Index"): a page break, the folio its page's first line
            out[i] = ("numbered_on", {"numbered_from": max(numbered)})
    for i, n in found + romans:
        if i not in out and _breaks_at(texts, i) and not note_marker(texts, i, n):
            out[i] = ("interrupts_sentence", {"sentence": texts[i - 1].strip()[-40:]})
    places: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        title = YEAR_END_RE.sub("", t.strip())  # (a yearbook's head: "DIVISION ONE, 2023–24")
        if head_shape(title) and _capitalised(title):
            places[" ".join(t.split())].append(i)
    # (in the back-of-book index an entry's term may stand twice, over its sub-entries
    # and in a cross-reference's turnover: there only the index's own head, or a head
    # that the body's pages print too, repeats as a head)
    index_at = next(
        (i for i, t in enumerate(texts) if i >= len(texts) // 2 and INDEX_HEADING_RE.match(t)),
        len(texts),
    )
    for head, where in places.items():
        if where[0] > index_at and not INDEX_HEADING_RE.match(head):
            continue
        if len(where) < 2:
            continue
        broken = sum(1 for i in where if _breaks_at(texts, i))
        if 2 * broken >= len(where):
            for i in where:
                out.setdefault(i, ("repeated_head", {"repeats": len(where), "breaks": broken}))
    if not out:
        _head_with_folio(texts, places, out, apart or set())
    return out


NOTE_LOOKAHEAD = 30  # lines from a note's marker to its note, at most (one page)


def note_marker(texts: list[str], i: int, n: int) -> bool:
    """Is line *i*, the number *n* alone, a footnote's marker that an export set on a line
    of its own (raised above the line it belongs to), its note below it on the page
    (``1`` / ``wrong at the time I have left the mistake …`` / ``1 There are fewer …``)?
    A page's folio has no such line after it.

    >>> texts = ["Where I was", "1", "wrong at the time.", "1 There are fewer notes.", "Text"]
    >>> note_marker(texts, 1, 1), note_marker(texts[:3] + ["Then on."], 1, 1)
    (True, False)
    """
    if not LONE_RE.match(texts[i]) or not texts[i].strip().isdigit():
        return False
    note = note_line_re(str(n))
    return any(note.match(t) for t in texts[i + 1 : i + 1 + NOTE_LOOKAHEAD])


@functools.cache
def note_line_re(mark: str) -> regex.Pattern:
    """A note's first line opening with *mark* and a sentence (``1 There are fewer …``)."""
    return regex.compile(rf"^\s*{regex.escape(mark)}\s+\p{{Lu}}\p{{Ll}}*\s+\S")


def _head_with_folio(
    texts: list[str], places: dict[str, list[int]], out: dict, apart: set[int]
) -> None:
    """Where nothing else shows the pages: a running head printed twice or more with a page
    number right above or under it each time, no blank line between (``45`` / ``DIVISION
    ONE, 2023–24``), the numbers counting up, opens a page at each pair (in place, into
    *out*). (A chapter's number over its title stands apart from it.)

    >>> texts = ["Text of the page.", "45", "THE SEASON", "More text.", "The table:",
    ...     "Whinmoor", "3", "46", "THE ALMANAC", "Text.", "47", "THE SEASON", "Text."]
    >>> out = {}
    >>> _head_with_folio(texts, {"THE SEASON": [2, 11], "THE ALMANAC": [8]}, out, set())
    >>> sorted(out)
    [1, 7, 10]
    >>> out = {}
    >>> _head_with_folio(texts, {"THE SEASON": [2, 11], "THE ALMANAC": [8]}, out, {2, 11})
    >>> sorted(out)
    []
    """

    def number(k: int) -> int | None:
        m = LONE_RE.match(texts[k]) if 0 <= k < len(texts) else None
        return int(m.group(1)) if m else None

    def band(i: int, side: int) -> bool:  # a number right beside the head
        return number(i + side) is not None and max(i, i + side) not in apart

    for side in (-1, 1):  # the number above each head, or under each: every time
        pairs = sorted(
            (min(i, i + side), number(i + side))
            for where in places.values()
            if len(where) >= 2 and all(band(i, side) for i in where)
            for i in where
        )
        if len(pairs) >= 2 and all(a[1] < b[1] for a, b in itertools.pairwise(pairs)):
            for i, n in pairs:
                out.setdefault(i, ("head_with_folio", {"folio": n}))
            for (i, n), (j, m) in itertools.pairwise(pairs):
                # the page between two found (the other head, printed once: "46" /
                # "MARROWDALE & DISTRICT …"), its number and a title beside it
                for k in range(i + 2, j - 1):
                    head = texts[k - side].strip()
                    if (
                        m - n == 2
                        and number(k) == n + 1
                        and band(k - side, side)
                        and head_shape(head)
                        and _capitalised(YEAR_END_RE.sub("", head))
                    ):
                        out.setdefault(min(k, k - side), ("head_with_folio", {"folio": n + 1}))
            return


def _head_over_folio(texts: list[str], k: int, found: dict) -> bool:
    """Is marker *k* a folio alone between marks (``· xv ·``) with a title-shaped line
    right above it that no other marker claims (a page's head, then its folio)?

    >>> _head_over_folio(["the end of it.", "INTRODUCTION", "· xv ·", "notes, in"], 2, {2: ("",)})
    True
    >>> [_head_over_folio(["the end of it.", t, f, "notes"], 2, {2: ("",)}) for t, f in [
    ...     ("and then", "· xv ·"), ("INTRODUCTION", "15"), ("14 JUNE", "· 3 ·")]]
    [False, False, False]
    """
    if k < 2 or (k - 1) in found or found.get(k, ("",))[0] == "repeated_head":
        return False
    above = texts[k - 1].strip()
    return (
        bool(MARKED_LONE_RE.match(texts[k]))
        and not any(ch.isdigit() for ch in above)  # (a number there may count as a folio)
        and head_shape(above)
        and _capitalised(above)
    )


def _title_line(text: str) -> bool:
    """A head's title: title-shaped, capitalised, no number in it (no folio beside it)."""
    t = text.strip()
    return head_shape(t) and _capitalised(t) and not any(ch.isdigit() for ch in t)


def _recto_heads_first(texts: list[str], found: dict[int, tuple[str, dict]]) -> dict:
    """Pages whose head band an export reads left to right, the verso's folio before its
    title (``4`` / ``A Season at Kelderby``) and the recto's title before its folio (``Part
    One: Letters`` / ``5``): the recto's page opens at its title, not at its folio (else
    the title stands at the foot of the page before, and the page's own heading under the
    band, printed alike, is taken for the head). Only where two folios of one parity or
    more have a title right after them, and most of the other parity a title right before.

    >>> texts = ["end.", "2", "The Book", *"xxxxxxxx", "Part One", "3", "Part One", *"xxxxxxxx",
    ...     "4", "The Book", *"xxxxxxxx", "Part One", "5", *"xxxxxxxx"]
    >>> found = {1: ("numbered",), 12: ("numbered",), 22: ("numbered",), 33: ("numbered",)}
    >>> sorted(_recto_heads_first(texts, found))
    [1, 11, 22, 32]
    """
    numbered = {
        k: n
        for k, v in found.items()
        if v[0] == "numbered" and (n := page_number(texts[k])) is not None
    }

    def titled(k: int) -> bool:  # (a title right after folio k, no marker of its own)
        return k + 1 < len(texts) and (k + 1) not in found and _title_line(texts[k + 1])

    for side in (0, 1):
        after = [k for k, n in numbered.items() if n % 2 == side and titled(k)]
        other = [k for k, n in numbered.items() if n % 2 != side]
        before = [k for k in other if k >= 1 and (k - 1) not in found and _title_line(texts[k - 1])]
        if len(after) >= 2 and 2 * len(before) > len(other):
            return {(k - 1 if k in before else k): v for k, v in found.items()}
    return found


@register("find_pages", version=27, params=PagesParams)
def run(book: Book, p: PagesParams, log: StageLog) -> Book:
    """Put back the page breaks of text without form feeds, at its running heads and folios."""
    if not p.enabled or len(book.pages) != 1 or any(ln.geom for ln in book.pages[0].lines):
        return book
    lines = book.pages[0].lines
    where = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if len(where) < p.min_text_lines:
        return book
    apart = {k for k, i in enumerate(where) if i > 0 and not lines[i - 1].text.strip()}
    if len(apart) > 0.8 * len(where):
        apart = set()  # (a blank line after every line, as Markdown exports write: no sign)
    found = markers([lines[i].text for i in where], p, apart)
    # A head without a number and the page number right under it (pypdf's order) open one
    # page, not two; so do a page number and a head right under it (a page's foot and the
    # next page's head, which no blank line parts in pdftotext's -nopgbrk text): a page
    # of one line between them would put the book's numbering out by one.
    found = {
        k: v
        for k, v in found.items()
        if not (v[0] != "repeated_head" and found.get(k - 1, ("",))[0] == "repeated_head")
        and not (v[0] == "repeated_head" and found.get(k - 1, ("",))[0] == "numbered")
    }
    # A folio set between marks right under a title-shaped line that opens no page itself
    # (pdftotext's raw order writes a head, then the folio beside it: ``INTRODUCTION`` /
    # ``· xv ·``): the page opens at the head.
    texts = [lines[i].text for i in where]
    found = {(k - 1 if _head_over_folio(texts, k, found) else k): v for k, v in found.items()}
    found = _recto_heads_first(texts, found)
    starts = sorted(where[k] for k in found if k > 0)
    if not starts:
        return book
    pages = []
    bounds = [0, *starts, len(lines)]
    for number, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
        chunk = tuple(Line(ln.text, number, ln.geom) for ln in lines[a:b])
        pages.append(Page(number, chunk, None))
    for k in sorted(found):
        if k > 0:
            rule, evidence = found[k]
            page = 1 + starts.index(where[k]) + 1
            text = lines[where[k]].text.strip()
            log.edit("page_break", page, text, text, reason=rule, **evidence)
    return replace(book, pages=tuple(pages))
