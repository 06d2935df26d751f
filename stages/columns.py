"""split_columns: two columns printed side by side in a text export, read one after the other.

Layout-preserving converters (``pdftotext -layout`` and the like) write a two-column page
as lines that hold a line of each column, separated by a run of spaces at about the same
position on every line: a two-column index reads ``abstraction, 12      back pressure, 77``.
This stage finds such a gutter on a page of text input and rewrites the page as its left
column followed by its right column, each with its own indentation (sub-entries stay
indented). Lines that cross the gutter (a centred running head, a title) stay where they
are, whole.

A gutter needs evidence: a band of spaces at least ``min_gap`` wide at one position in
nearly every line that reaches that far, text on both sides of it in at least
``min_share`` of the page's lines (and ``min_lines`` of them), and columns of words, not
of numbers (a table of figures keeps its rows). PDF input is read column by column at
extraction, so this stage leaves pages with geometry alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register
from stages.shapes import is_list_item
from stages.spacing import GLUE_WORDS

WORDS_RE = regex.compile(r"\p{L}{2,}")
INNER_GAP_RE = regex.compile(r"\S {3,}\S")


@dataclass(frozen=True)
class ColumnParams:
    enabled: bool = True
    min_gap: int = 3
    min_lines: int = 6
    min_share: float = 0.25
    DOCS: ClassVar[dict[str, str]] = {
        "enabled": "read side-by-side columns of text input one after the other",
        "min_gap": "narrowest run of spaces, in characters, that can be a gutter",
        "min_lines": "fewest lines with text on both sides of the gutter",
        "min_share": "least share of the page's text lines with text on both sides",
    }


def find_gutter(texts: list[str], p: ColumnParams) -> int | None:
    """The character position where a page's right column starts, or None.

    >>> rows = [f"{'left entry, %d' % i:<30}right entry, {i}" for i in range(8)]
    >>> find_gutter(rows, ColumnParams())
    30
    >>> find_gutter(["A line of prose that runs on for a while.", "  Another."] * 5, ColumnParams())
    >>> rows = [f"{'left column line %d' % i:<26}right column {i}" for i in range(12)]
    >>> rows[4] = "left   justified      of  the month"  # ("of" ran into the band)
    >>> find_gutter(rows, ColumnParams())  # (where the right column's lines begin)
    26
    """
    lines = [t for t in texts if t.strip()]
    if len(lines) < p.min_lines or any("\t" in t for t in lines):
        return None
    width = max(map(len, lines))
    # For each position, how many lines have a space there (or have ended before it).
    free = [0] * (width + 1)
    for t in lines:
        for i, ch in enumerate(t):
            if ch == " ":
                free[i] += 1
        for i in range(len(t), width + 1):
            free[i] += 1
    n = len(lines)
    best: tuple[int, int] | None = None
    run = 0
    for c in range(width + 1):
        run = run + 1 if free[c] >= 0.9 * n else 0
        if run < p.min_gap or c + 1 > width:
            continue
        start = c + 1  # the right column starts after the band of spaces
        lo = start - run  # the band of spaces is [lo, start)
        # (a row's text on both sides of a gap that ends at the band's end: a long left
        # line may run into the band where others leave it free)
        gap = max(lo, start - p.min_gap)
        both = sum(
            1 for t in lines if t[:gap].strip() and t[start:].strip() and not t[gap:start].strip()
        )
        support = both + sum(1 for t in lines if _at_edge(t, start))
        # The widest support wins; among equals the latest start, the end of the band of
        # spaces, where the right column's text begins (long left lines then fit).
        if _columns_shown(lines, lo, start, both, support, p) and (
            best is None or support >= best[0]
        ):
            best = (support, start, both)
    if best is None:
        return None
    _, start, both = best
    # Where most right-hand lines begin: a justified left line that ran a word into the band
    # ("skeletons   of" beside "the month") had the band begin early; cut where they start.
    begins = Counter(
        len(t) - len(t[start:].lstrip(" "))
        for t in lines
        if t[:start].strip() and t[start:].strip()
    )
    usual = begins.most_common(1)[0][0] if begins else start
    crossed = sum(1 for t in lines if t[start:usual].strip())
    if usual > start and 10 * crossed <= n:
        start = usual
    # Columns of words on both sides (a table of figures keeps its rows).
    # (counted in the rows with text on both sides: the page numbers of a table of
    # contents are no column, though a paragraph above runs across the gutter)
    sides = [t for t in lines if t[start:].strip() and t[start - 1] == " " and t[:start].strip()]
    left = " ".join(t[:start] for t in sides)
    right = " ".join(t[start:] for t in sides)
    # (half as many words as rows at least: an index column also has letter headings and
    # wrapped locator lines without a word)
    if 2 * min(len(WORDS_RE.findall(left)), len(WORDS_RE.findall(right))) < both:
        return None
    return start


def _at_edge(t: str, start: int) -> bool:
    """Is *t* a line of the right column alone, begun at its edge (*start*) or a sub-entry's
    indent in from it, with nothing to the left (a row where the left column has none)?"""
    indent = len(t) - len(t.lstrip(" "))
    return start <= indent <= start + 4 and bool(t.strip())


def _columns_shown(lines: list[str], lo: int, start: int, both: int, support: int, p) -> bool:
    """Is a band of spaces [lo, start) a gutter? Enough rows hold text on both sides of it
    (*both*), a share of the page's lines; or, where the right column runs short (an
    index's last page, its right column a few lines at the top), half that many rows
    have it on both sides and the rows of the right column, with the lines alone at its
    edge (*support*), are half the lines from its first row to its last and a share of
    the page's lines above its end: pdftotext -layout sets two columns whose line pitch
    differs (letter heads with room above) on rows of their own, alternately.
    """
    n = len(lines)
    if both >= p.min_lines and both >= p.min_share * n:
        return True
    if 2 * both < p.min_lines or support < p.min_lines:
        return False
    rows = [i for i, t in enumerate(lines) if t[start:].strip() and not t[lo:start].strip()]
    span = rows[-1] - rows[0] + 1
    return 2 * support >= span and support >= p.min_share * (rows[-1] + 1)


def split_page(lines: tuple[Line, ...], start: int) -> tuple[Line, ...]:
    """The page's left column, then its right column (each line cut at *start*).

    A line across the gutter (a head, a title) stays whole in the left column's flow; a
    line set off from the left margin before the first or after the last line with text
    in both columns (a centred folio, a running head) stays at the top or the bottom.

    >>> rows = ["Index", f"{'a, 1':<20}d, 4", f"{'b, 2':<20}e, 5", "c, 3", "", " " * 12 + "12"]
    >>> [ln.text.strip() for ln in split_page(tuple(Line(t, 1) for t in rows), 20)]
    ['Index', 'a, 1', 'b, 2', 'c, 3', 'd, 4', 'e, 5', '', '12']
    """

    def two_sided(t: str) -> bool:
        return bool(t[: start - 1].strip()) and len(t) > start and bool(t[start:].strip())

    lines = _shifted_right(lines, start, two_sided)

    # (set off from the left column's edge, the page's margin: ``pdftotext -layout`` keeps
    # a page's left margin in spaces, and the lines under a short right column are no foot)
    margin = min(
        (len(ln.text) - len(ln.text.lstrip(" ")) for ln in lines if two_sided(ln.text)),
        default=0,
    )

    def set_off(t: str) -> bool:
        indent = len(t) - len(t.lstrip(" "))
        return bool(t.strip()) and indent - margin >= 8 and indent < start

    def alone_on_top(i: int) -> bool:
        # the page's first line, short and set apart by a blank line, however far right (a
        # running head at a recto's outer corner)
        t = lines[i].text
        return (
            not any(ln.text.strip() for ln in lines[:i])
            and 0 < len(t.strip()) <= 40
            and i + 1 < len(lines)
            and not lines[i + 1].text.strip()
        )

    both = [i for i, ln in enumerate(lines) if two_sided(ln.text)]
    first, last = (both[0], both[-1]) if both else (0, len(lines) - 1)
    head = 0
    while head < first and (
        set_off(lines[head].text) or not lines[head].text.strip() or alone_on_top(head)
    ):
        head += 1
    foot = len(lines)
    while foot - 1 > last and (set_off(lines[foot - 1].text) or not lines[foot - 1].text.strip()):
        foot -= 1
    if (
        foot < len(lines)
        and lines[foot].text.strip()
        and foot - 1 >= 0
        and lines[foot - 1].text.strip()
    ):
        foot = len(lines)  # set in, but run on from the column above: a sub-entry, no folio
    left: list[Line] = list(lines[:head])
    right: list[Line] = []
    # Rows empty on one side only because the other column has a line there (columns
    # whose lines do not share rows alternate): by index into left / right.
    soft_left: set[int] = set()
    soft_right: set[int] = set()
    top = None  # the first line cut in two: where the columns begin
    for ln in lines[head:foot]:
        t = ln.text
        cut_ok = len(t) <= start or not t[start - 1 : start].strip()
        if not cut_ok:
            left.append(ln)  # a line across the gutter stays whole
            continue
        body, tail = t[:start].rstrip(), t[start:]
        if tail.strip() and body.strip() and top is None:
            top = len(left)
        if tail.strip() and not body.strip():
            soft_left.add(len(left))
        left.append(replace(ln, text=body))
        if tail.strip():
            right.append(replace(ln, text=tail))
        elif top is not None:
            # the right column's blank row (where the left one has a line: a soft one)
            if body.strip():
                soft_right.add(len(right))
            right.append(replace(ln, text=""))
    # Each column from its own left edge: a page's margin (``pdftotext -layout`` sets the
    # left column two spaces in) is no sub-entry indentation. Lines above the columns (a
    # heading, the end of a chapter) keep theirs.
    top = head if top is None else top
    left = left[:top] + _from_edge(_flowing(left[top:], {i - top for i in soft_left}))
    right = _from_edge(_flowing(right, soft_right))
    while left and not left[-1].text.strip():
        left.pop()
    while right and not right[-1].text.strip():
        right.pop()
    text = " ".join(ln.text for ln in lines)
    left, notes = _column_note(left, text)
    right, more = _column_note(right, text)
    notes += more
    if notes:
        notes.insert(0, replace(notes[0], text=""))
    return tuple(left + right + notes + list(lines[foot:]))


LONE_MARK_RE = regex.compile(r"^\s*(\d{1,2}|[*†‡§])\s*$")
SENTENCE_ENDS_RE = regex.compile(r"[.!?][”’\"')\]]*$")


def _column_note(col: list[Line], text: str) -> tuple[list[Line], list[Line]]:
    """A column without the footnote at its foot, and the note, its mark before its text.

    ``pdftotext -layout`` sets a note's raised mark on a row of its own (``    1`` over
    ``    The ledgers are held in the``) at the foot of the column that carries it, so
    read column by column the note stands between the left column's last line and the
    right column's first, in the middle of a sentence that runs on. A note: a lone mark
    (a number or a symbol) in the column's last eight lines, its text opening with a capital
    under it and ending a sentence at the column's foot, and the mark set against a word or
    a stop in the page's text (``Quay-haven.1``). It goes to the page's foot, under the columns.

    >>> col = [Line(t, 1) for t in ["days when both", "  1", "  A card of words", "hung there.",]]
    >>> body, note = _column_note(col, "the wind.1 Days when both")
    >>> [ln.text for ln in body], [ln.text for ln in note]
    (['days when both'], ['1 A card of words', 'hung there.'])
    >>> _column_note(col, "no mark in the text")[1]
    []
    """
    lo = max(0, len(col) - 8)
    for k in range(lo, len(col) - 1):
        m = LONE_MARK_RE.match(col[k].text)
        if m is None:
            continue
        # (a blank row or two between the mark and its text: the other column's lines there)
        j = next((i for i in range(k + 1, min(k + 4, len(col))) if col[i].text.strip()), None)
        if j is None:
            continue
        after = col[j].text.strip()
        mark = regex.escape(m.group(1))
        if (
            not after[:1].isupper()
            or not SENTENCE_ENDS_RE.search(col[-1].text.rstrip())
            or any(not ln.text.strip() for ln in col[j:])
            or not regex.search(rf"[\p{{L}}.,;:!?’”)]{mark}(?!\d)", text)
        ):
            continue
        note = [replace(col[j], text=f"{m.group(1)} {after}")] + [
            replace(ln, text=ln.text.strip()) for ln in col[j + 1 :]
        ]
        body = col[:k]
        while body and not body[-1].text.strip():
            body.pop()
        return body, note
    return col, []


SENTENCE_END_RE = regex.compile(r"[.!?:;][”’\"')\]]*$")


def _centred_apart(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The lines set across the page above its columns, a blank line put between two that
    are each set in from the margin by a different amount: a paper's title block, whose
    lines (title, authors, affiliation) were centred, each its own. Above the columns the
    lines run to twice a column's measure, so their length tells the paragraph's end
    no better than its indentation. A list item's turned line (set in under its text) and a
    word broken at the line's end go on.

    >>> rows = ["        Counting Boats", "                  Ledgers", "    Abstract. We count", "    boats."]
    >>> [ln.text.strip() for ln in _centred_apart(tuple(Line(t, 1) for t in rows))]
    ['Counting Boats', '', 'Ledgers', '', 'Abstract. We count', 'boats.']
    >>> rows = ["  1. An item whose", "     text turns over"]
    >>> len(_centred_apart(tuple(Line(t, 1) for t in rows)))
    2
    """
    out: list[Line] = []
    for ln in lines:
        if out:
            a, b = out[-1].text, ln.text
            ia, ib = len(a) - len(a.lstrip(" ")), len(b) - len(b.lstrip(" "))
            if (
                a.strip()
                and b.strip()
                and min(ia, ib) >= 1
                and abs(ia - ib) >= 3
                and not is_list_item(a)
                and not a.rstrip().endswith(("-", "\u00ad"))
            ):
                out.append(replace(ln, text=""))
        out.append(ln)
    return tuple(out)


def _shifted_right(lines: tuple[Line, ...], start: int, two_sided) -> tuple[Line, ...]:
    """The page's lines with the right column's lines that ``pdftotext -layout`` moved left
    put back at the gutter: on a row where the left column has no text it sets the right
    column's line in nearer the margin, across the gutter. Such a line starts well in
    from the margin (eight spaces or more), crosses the gutter in one piece (no run of
    three spaces inside), is about as long as the right column's lines (seven tenths to
    six fifths of their median) and reads as running text (most words in lower case, or
    it ends with a stop, a comma or a hyphen); a title centred across the page does not.

    >>> rows = [" " * 10 + "them. Upper surface finely granu-", "Crabs and Their Relatives",
    ...     f"{'Crabs are the most conspicuous':<34}patterned in white, black and",
    ...     f"{'animals of the middle shore':<34}green; older ones turn dull",
    ...     f"{'and the easiest to misidentify':<34}green or, before moulting, red"]
    >>> out = _shifted_right(tuple(Line(t, 1) for t in rows), 34, lambda t: "  " in t.strip())
    >>> out[0].text == " " * 34 + "them. Upper surface finely granu-", out[1].text == rows[1]
    (True, True)
    """
    tails = sorted(len(ln.text[start:].strip()) for ln in lines if two_sided(ln.text))
    if len(tails) < 3:
        return lines
    median = tails[len(tails) // 2]
    out = list(lines)
    for k, ln in enumerate(lines):
        t = ln.text.rstrip()
        s = t.strip()
        indent = len(t) - len(t.lstrip(" "))
        if not (8 <= indent < start - 2 and len(t) > start) or "   " in s:
            continue
        if not 0.7 * median <= len(s) <= 1.2 * median:
            continue
        words = s.split()
        lower = sum(1 for w in words if w[:1].islower())
        if not (2 * lower > len(words) or s[-1] in ".,;:-"):
            continue
        out[k] = replace(ln, text=" " * start + s)
    return tuple(out)


def _flowing(col: list[Line], soft: set[int]) -> list[Line]:
    """A column without its soft blank rows (see `split_page`) where the text runs on
    through them: the line before ends mid-word or mid-clause (a hyphen, a comma, a word
    such as "the" or "of" that needs the next) or ends no sentence before a line that goes
    on in lower case.

    >>> col = [Line(t, 1) for t in ["a tight knot of", "", "stone houses.", "", "The next"]]
    >>> [ln.text for ln in _flowing(col, {1, 3})]
    ['a tight knot of', 'stone houses.', '', 'The next']
    >>> col = [Line(t, 1) for t in ["The highlight is the", "", "Santa Maria, a boat", "",
    ...     "Museu del Port", "", "Carrer de les Drassanes"]]
    >>> [ln.text for ln in _flowing(col, {1, 3, 5})]
    ['The highlight is the', 'Santa Maria, a boat', '', 'Museu del Port', '', 'Carrer de les Drassanes']
    """
    if not soft:
        return col
    out: list[Line] = []
    for i, ln in enumerate(col):
        if i in soft:
            before = next((o.text.strip() for o in reversed(out) if o.text.strip()), "")
            after = next((o.text.strip() for o in col[i + 1 :] if o.text.strip()), "")
            if (
                before
                and after
                and (
                    before.endswith(("-", ","))
                    or (
                        not SENTENCE_END_RE.search(before)
                        and (after[:1].islower() or before.split()[-1].lower() in GLUE_WORDS)
                    )
                )
            ):
                continue
        out.append(ln)
    return out


def _from_edge(col: list[Line]) -> list[Line]:
    """A column's lines with its left edge moved to the start of the line.

    The edge is the least indentation of the column's lines with text: sub-entries keep
    their indent relative to it, also where they outnumber the main entries.

    >>> [ln.text for ln in _from_edge([Line(t, 1) for t in ["  a, 1", "     b, 2", "  c, 3", ""]])]
    ['a, 1', '   b, 2', 'c, 3', '']
    >>> [ln.text for ln in _from_edge([Line(t, 1) for t in ["  a", "     b, 2", "     c, 3"]])]
    ['a', '   b, 2', '   c, 3']
    """
    indents = [len(t) - len(t.lstrip(" ")) for t in (ln.text for ln in col) if t.strip()]
    if not indents:
        return col
    base = min(indents)
    return [
        replace(ln, text=ln.text[min(base, len(ln.text) - len(ln.text.lstrip(" "))) :].rstrip())
        for ln in col
    ]


FOLIO_EDGE_RE = regex.compile(
    r"(?i)^\s*(?:\d{1,4}|[ivxlc]{1,7})\s{2,}\S|\S\s{2,}(?:\d{1,4}|[ivxlc]{1,7})\s*$"
)


def _head_block(texts: list[str]) -> int:
    """Where the page's text begins below a running head: a block of one or two lines at
    the top, with a page number at one edge (``94      CLIMATE SYSTEMS``), then a blank
    line. A head set across the columns is no part of either.

    >>> _head_block(["  94        A RUNNING HEAD", "", "text      text"])
    1
    >>> _head_block(["Some words      more words", "", "text"])
    0
    """
    i = 0
    while i < len(texts) and not texts[i].strip():
        i += 1
    j = i
    while j < len(texts) and texts[j].strip():
        j += 1
    if j - i <= 2 and j < len(texts) and any(FOLIO_EDGE_RE.search(t) for t in texts[i:j]):
        return j
    return 0


LONE_NUMBER_RE = regex.compile(r"(?i)^\s*(?:\d{1,4}|[ivxlc]{1,7})\s*$")


def _foot_block(texts: list[str]) -> int:
    """Where a running foot begins at the page's bottom: a block of one or two lines after
    a blank line, with a page number at one edge (``Castellmar & the Sorra Coast     65``);
    else the number of lines. A foot set across the columns is no part of either.

    >>> _foot_block(["text      text", "more      more", "", "", "Book Title        65", ""])
    4
    >>> _foot_block(["text      text", "", "more      more"])
    3
    >>> _foot_block(["text      text", "more", "", "", "58", ""])
    4
    """
    j = len(texts)
    while j > 0 and not texts[j - 1].strip():
        j -= 1
    i = j
    while i > 0 and texts[i - 1].strip():
        i -= 1
    if (
        i > 0
        and 1 <= j - i <= 2
        and any(FOLIO_EDGE_RE.search(t) or LONE_NUMBER_RE.match(t) for t in texts[i:j])
    ):
        return i
    return len(texts)


def _tail_blocks(texts: list[str], last_gapped: int) -> int:
    """Where the blocks after the columns begin: the blank-separated blocks at the page's
    foot without a line with a gap inside (a box or a note set across the page). The
    columns end at the blank line after the block that holds the last gapped line.

    >>> _tail_blocks(["a     b", "c", "", "Box 1", "", "across the page"], 0)
    2
    """
    m = last_gapped
    while m < len(texts) and texts[m].strip():
        m += 1
    return m


@register("split_columns", version=15, params=ColumnParams)
def run(book: Book, p: ColumnParams, log: StageLog) -> Book:
    """Read side-by-side columns of a text export one after the other."""
    if not p.enabled:
        return book
    pages = []
    for page in book.pages:
        if any(ln.geom is not None for ln in page.lines):
            pages.append(page)
            continue
        texts = [ln.text for ln in page.lines]
        bottom = _foot_block(texts)
        gapped = [i for i, t in enumerate(texts[:bottom]) if INNER_GAP_RE.search(t)]
        if 2 * len(gapped) < p.min_lines:
            pages.append(page)  # the fast path: too few lines with a run of spaces inside
            # (half as many as a gutter needs: a right column run short has lines alone)
            continue
        # Columns may begin under text set across the page (the end of a chapter, then
        # the index) or fill the page down to a block set across it (a box, a note): the
        # gutter is looked for in the whole page below its head, then from the first line
        # with a gap on, then down to the blocks after the last. Not in a stretch with text
        # across the page on both sides: that is a table inside prose, whose rows stay.
        k, m = 0, bottom
        top, end = _head_block(texts), _tail_blocks(texts[:bottom], gapped[-1])
        start = None
        first = next((g for g in gapped if g >= top), top)  # (the head's own gap is no column)
        for lo, hi in dict.fromkeys([(top, m), (first, m), (top, end)]):
            start = find_gutter(texts[lo:hi], p)
            if start is not None:
                k, m = lo, hi
                break
        if start is None:
            pages.append(page)
            continue
        # a block set across the page under the columns, from its own left edge too
        new = (
            _centred_apart(page.lines[:k])
            + split_page(page.lines[k:m], start)
            + tuple(_from_edge(list(page.lines[m:])))
        )
        log.edit(
            "two_columns",
            page.number,
            page.lines[0].text[:60] if page.lines else "",
            f"gutter at character {start}",
            gutter=start,
            lines=len(page.lines),
        )
        pages.append(Page(page.number, new, page.label))
    return replace(book, pages=tuple(pages))
