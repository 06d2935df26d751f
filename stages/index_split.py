"""split_index: find the back-of-book index and move its lines out of the body.

The index starts at a heading ("Index", "Subject Index", "INDEX"), also when the heading is
glued to the last body sentence ("…when you need it.Index"), in the back part of the book,
and only when the lines after it look like index lines. Further index headings after it
(a "Function Index" after a "Concept Index") stay in the index. It ends at a back-matter
heading (Bibliography, Colophon, an appendix…) or at a run of prose; what follows goes back
to the body. An index whose locators stand ranged right, apart from their lines (an index
of first lines), which the PDF extraction read as a column of its own, is found with its
locators put back beside their lines (see ranged_locators).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register
from stages.index_shapes import (
    BACK_MATTER_RE,
    BESIDE_HEADING_RE,
    FOLIO_LINE_RE,
    GLUED_HEADING_RE,
    LETTER_GROUP_RE,
    LOCS_ONLY_RE,
    index_likeness,
    is_entry_line,
    is_index_title,
)


@dataclass(frozen=True)
class SplitIndexParams:
    min_position: float = 0.15
    min_likeness: float = 0.6
    window: int = 25
    DOCS: ClassVar[dict[str, str]] = {
        "min_position": "the index heading must come after this share of the book's lines",
        "min_likeness": "share of the following lines that must look like index lines",
        "window": "how many following lines are looked at",
    }


def _prose(text: str) -> bool:
    """A line of running text: eight words or more and no locators."""
    s = text.strip()
    return len(s.split()) >= 8 and not is_entry_line(s)


def _heading_candidates(lines: list[Line], p: SplitIndexParams) -> list[int]:
    """The lines that may open the index: an index heading past the front of the book."""
    total = sum(1 for x in lines if x.text.strip())
    out, seen = [], 0
    for i, line in enumerate(lines):
        if not line.text.strip():
            continue
        seen += 1
        if seen - 1 >= total * p.min_position and is_index_title(line.text):
            out.append(i)
    return out


def find_index(lines: list[Line], p: SplitIndexParams) -> tuple[int, int, bool] | None:
    """Return (start, end, glued) line positions of the index, or None.

    ``start`` is the heading line; ``end`` is one past the last index line.
    """
    # Position counted in non-blank lines: blank lines come and go with unwrapping.
    total = sum(1 for x in lines if x.text.strip())
    seen = 0
    for i, line in enumerate(lines):
        if not line.text.strip():
            continue
        seen += 1
        if seen - 1 < total * p.min_position:
            continue
        glued = False
        if not is_index_title(line.text):
            beside = BESIDE_HEADING_RE.match(line.text)
            if beside and is_entry_line(beside["entry"]):
                glued = True  # (the other column's first line beside the heading)
            elif not GLUED_HEADING_RE.match(line.text):
                continue
            else:
                glued = True
        following = [x.text for x in lines[i + 1 : i + 1 + p.window]]
        if index_likeness(following) < p.min_likeness:
            continue
        return i, _trim_tail(lines, i + 1, _index_end(lines, i + 1)), glued
    return None


def _trim_tail(lines: list[Line], start: int, end: int) -> int:
    """The index's end without the lines after its last entry that are no index lines: a
    head term needs sub-entries after it, so a last line without locators or a
    cross-reference (a printer's slug, a stray caption) goes back to the body. A running
    head or foot (``Index``), a folio and the turnover of an unfinished entry stay.

    >>> tail = ["", "Index", "", "ch04.indd proof Ann"]
    >>> _trim_tail([Line(t, 1) for t in ["Index", "alpha, 3", "beta, 5", "I-1"]], 1, 4)
    4
    >>> ls = [Line(t, 1) for t in ["Index", "alpha, 3", "beta, 5", *tail]]
    >>> _trim_tail(ls, 1, len(ls)), _trim_tail(ls[:5], 1, 5)
    (6, 5)
    >>> ls = [Line(t, 1) for t in ["Index", "alpha, 3", "dyes, 4. See also", "madder"]]
    >>> _trim_tail(ls, 1, len(ls))
    4
    >>> ls = [Line(t, 1) for t in ["Index", "alpha, 3", "beta, 5", "  see also alpha"]]
    >>> _trim_tail(ls, 1, len(ls))
    4
    >>> ls = [Line(t, 1) for t in ["Index", "alpha, 3", "glasses, 5; see also sealed", "tubes"]]
    >>> closed = [Line("glasses, 5; see also tubes.", 1), Line("Printed in Wales", 1)]
    >>> _trim_tail(ls, 1, len(ls)), _trim_tail(ls[:2] + closed, 1, 4)
    (4, 3)
    """
    texts = [ln.text.strip() for ln in lines[start:end]]
    filled = [k for k, t in enumerate(texts) if t]
    if len(filled) < 2:
        return end
    last, before = texts[filled[-1]], texts[filled[-2]]
    if (
        is_entry_line(last)
        or CROSS_REF_LINE_RE.match(last)
        or is_index_title(FOLIO_EDGE_RE.sub("", last))
        or FOLIO_LINE_RE.match(last)
        or LETTER_GROUP_RE.match(last)
        or UNFINISHED_RE.search(before)
        or (SEE_OPEN_RE.search(before) and not any(ch.isdigit() for ch in last))
    ):
        return end
    return start + filled[-1]


# A cross-reference whose target may turn over to the next line: "; see also sealed"
SEE_OPEN_RE = regex.compile(r"(?i)\bsee(?:\s+also)?\s+[^;.()\d]+$")
# A cross-reference on a line of its own: "see also fluid challenge", "(See Tides)"
CROSS_REF_LINE_RE = regex.compile(r"(?i)^[(\[]?see(?:\s+also)?\s+\S")
FOLIO_EDGE_RE = regex.compile(r"^[\d\s|·•—–-]+|[\d\s|·•—–-]+$")
UNFINISHED_RE = regex.compile(
    r"(?i)(?:\bsee(?:\s+also)?|[,;:(–-]|\b(?:of|on|in|to|the|a|an|and|or|for|with|by|from|at|as))$"
)


def _index_end(lines: list[Line], start: int) -> int:
    prose_run = 0
    for j in range(start, len(lines)):
        text = lines[j].text
        if BACK_MATTER_RE.match(text):
            return j
        if not text.strip():
            continue
        prose_run = prose_run + 1 if _prose(text) else 0
        if prose_run >= 3:
            # The prose starts at the first of those lines; up to two heading-like lines
            # just before it (after blank lines) are the back matter's heading. After the
            # index's last entry (``willpower, v, 2``), with no heading left, it is the prose.
            k = _before(lines, j, 2, start)
            for _ in range(2):
                h = _before(lines, k, 1, start)
                head = lines[h].text.strip()
                waits = UNFINISHED_RE.search(lines[_before(lines, h, 1, start)].text.strip())
                if h <= start or is_entry_line(head) or len(head.split()) > 8 or waits:
                    break  # an entry, or the turnover of one (``See also`` / ``habits``)
                k = h
            return k
    return len(lines)


def _before(lines: list[Line], j: int, n: int, start: int) -> int:
    """The *n*-th non-blank line before line *j* (no further back than *start*)."""
    while n and j > start:
        j -= 1
        if lines[j].text.strip():
            n -= 1
    return j


DIGIT_END_RE = regex.compile(r"\d\S*\s*$")  # a line that ends in a locator of its own
MIN_RANGED = 3  # a page's column of ranged-right locators: this many beside their lines


def ranged_locators(lines: list[Line]) -> list[tuple[int, int]]:
    """(line, locator line) pairs of a PDF page whose locators stand ranged right, apart
    from their entries (an index of first lines: ``Lord of tide and lord of harbour``
    … ``214``), which the extraction read as a column of its own: each locator line beside
    one line without locators, on its level and to its left; three or more on the page.

    >>> from pipeline.document import Geom
    >>> def at(t, x0, top, x1): return Line(t, 1, Geom(x0, top, x1, top + 8))
    >>> ls = [at("Across the bay", 50, 10, 150), at("All night the lantern", 50, 21, 157),
    ...       at("Be still, my heart", 50, 32, 160), at("57", 300, 10, 310),
    ...       at("131", 295, 21, 310), at("222", 295, 32, 310), at("421", 170, 500, 182)]
    >>> ranged_locators(ls)
    [(0, 3), (1, 4), (2, 5)]
    >>> ranged_locators(ls[:2] + ls[3:5])  # two are no column
    []
    >>> ls[1] = at("All night the lantern, 131", 50, 21, 157)
    >>> ranged_locators(ls)  # a line with locators of its own takes none
    []
    """
    pairs: list[tuple[int, int]] = []
    for _page, group in itertools.groupby(range(len(lines)), key=lambda k: lines[k].page):
        ks = [k for k in group if lines[k].geom is not None and lines[k].text.strip()]
        locs = [k for k in ks if LOCS_ONLY_RE.match(lines[k].text)]
        terms = [k for k in ks if k not in locs]
        found: list[tuple[int, int]] = []
        for n in locs:
            g = lines[n].geom
            assert g is not None
            beside = [
                t
                for t in terms
                if (tg := lines[t].geom) is not None
                and tg.x1 < g.x0
                and min(tg.bottom, g.bottom) - max(tg.top, g.top)
                > 0.5 * min(tg.bottom - tg.top, g.bottom - g.top)
            ]
            if len(beside) == 1 and not DIGIT_END_RE.search(lines[beside[0]].text):
                found.append((beside[0], n))
            elif beside:
                found = []  # a locator beside two lines or beside an entry: no such column
                break
        if len(found) >= MIN_RANGED and len({t for t, _n in found}) == len(found):
            pairs += found
    return pairs


def _attach_ranged(lines: list[Line], start: int, log: StageLog) -> list[Line] | None:
    """*lines* with the ranged-right locators after *start* put back on their lines (see
    ranged_locators), on its page and the pages after it that have them in a row, or None
    when there are none."""
    pairs = [(start + t, start + n) for t, n in ranged_locators(lines[start:])]
    if not pairs or start >= len(lines):
        return None
    run = {lines[start].page}
    for pg in sorted({lines[t].page for t, _n in pairs}):  # pages in a row from the first
        if pg in run or pg - 1 in run:
            run.add(pg)
    pairs = [(t, n) for t, n in pairs if lines[t].page in run]
    if not pairs:
        return None
    out: list[Line | None] = list(lines)
    for t, n in pairs:
        line, loc = lines[t], lines[n]
        text = f"{line.text.rstrip()} {loc.text.strip()}"
        geom = replace(line.geom, x1=loc.geom.x1) if line.geom and loc.geom else line.geom
        out[t], out[n] = replace(line, text=text, geom=geom), None
        log.edit("ranged_locator", line.page, f"{line.text.strip()} | {loc.text.strip()}", text)
    return [x for x in out if x is not None]


def _regroup(
    lines: list[Line], numbers: list[int], labels: dict[int, str | None]
) -> tuple[Page, ...]:
    by_page: dict[int, list[Line]] = {n: [] for n in numbers}
    for line in lines:
        by_page[line.page].append(line)
    return tuple(Page(n, tuple(by_page[n]), labels[n]) for n in numbers)


NOTE_OPEN_RE = regex.compile(r"^\s*(\d{1,3})\s+\p{Lu}")


def _body_notes(index_lines: list[Line], body: list[Line]) -> list[Line]:
    """The lines of a body's footnote that a typesetter carried to the foot of an index
    page (``4 Pond Life 2: The Pond Year, by the same author.`` under the index's
    entries): in a PDF, in the page's bottom fifth, set smaller than the index, opening
    with a number that the last page of the body marks as a note (``ice.4``); with the
    lines of the note under it, as small.

    >>> from pipeline.document import Geom
    >>> def ln(t, top, size, page=9):
    ...     return Line(t, page, Geom(45.0, top, 200.0, top + size, size, page_height=595.0))
    >>> idx = [ln("oxygen", 228.8, 9.0), ln("4 Pond Life 2, by the same author.", 529.9, 8.0)]
    >>> [x.text for x in _body_notes(idx, [ln("to the ice.4", 444.5, 10.0, page=8)])]
    ['4 Pond Life 2, by the same author.']
    """
    sized = sorted(ln.geom.size for ln in index_lines if ln.geom and ln.text.strip())
    if not sized or not body:
        return []
    usual = sized[len(sized) // 2]
    last_page = max(ln.page for ln in body)
    tail = "\n".join(ln.text for ln in body if ln.page >= last_page - 1)
    out: list[Line] = []
    for ln in index_lines:
        g = ln.geom
        if g is None or not g.page_height or g.size >= 0.93 * usual:
            continue
        m = NOTE_OPEN_RE.match(ln.text)
        if m and g.top > 0.8 * g.page_height:
            marker = regex.compile(rf"\p{{L}}[.,;:!?’”)]?{m.group(1)}(?!\d)")
            if marker.search(tail):
                out.append(ln)
        elif out and out[-1].page == ln.page and g.top > out[-1].geom.top:
            out.append(ln)  # (the note's next line, as small)
    return out


@register("split_index", version=17, params=SplitIndexParams)
def run(book: Book, p: SplitIndexParams, log: StageLog) -> Book:
    """Move the back-of-book index out of the body, even when its heading is glued to text."""
    lines = book.body_lines()
    found = find_index(lines, p)
    if found is None:
        # An index whose locators stand ranged right, read as a column apart: put back,
        # from the first index heading on, it may pass.
        for heading in _heading_candidates(lines, p):
            quiet = StageLog(log.stage, explain=log.explain)
            ranged = _attach_ranged(lines, heading + 1, quiet)
            if ranged is not None and (found := find_index(ranged, p)) is not None:
                lines = ranged
                log.edits += quiet.edits
                for rule, n in quiet.counts.items():
                    log.count(rule, n)
                break
    if found is None:
        return book
    start, end, glued = found
    head = lines[start]
    body_before = lines[:start]
    index_lines = list(lines[start:end])
    beside = BESIDE_HEADING_RE.match(head.text) if glued else None
    if beside and is_entry_line(beside["entry"]):
        # the heading, then the other column's first line where it stands across the page
        rest = " " * (len(beside["lead"]) + len(beside["head"])) + beside["gap"] + beside["entry"]
        index_lines[0:1] = [
            replace(head, text=beside["lead"] + beside["head"]),
            replace(head, text=rest),
        ]
        log.edit("index_heading_beside_entry", head.page, head.text, beside["head"] + "\n" + rest)
    elif glued:
        m = GLUED_HEADING_RE.match(head.text)
        assert m is not None
        body_before.append(replace(head, text=m["body"]))
        index_lines[0] = replace(head, text=m["head"])
        log.edit("glued_index_heading", head.page, head.text, m["body"] + "\n" + m["head"])
    log.edit(
        "index_found",
        head.page,
        head.text.strip()[-40:],
        "",
        index_lines=len(index_lines),
        first_page=head.page,
        last_page=index_lines[-1].page,
        back_matter_lines=len(lines) - end,
    )
    notes = _body_notes(index_lines, body_before)
    if notes:
        ids = set(map(id, notes))
        index_lines = [ln for ln in index_lines if id(ln) not in ids]
        body_before += notes
        for ln in notes:
            log.edit("note_on_index_page", ln.page, ln.text.strip()[:40], ln.text.strip()[:40])
    numbers = [pg.number for pg in book.pages]
    labels = {pg.number: pg.label for pg in book.pages}
    body = body_before + lines[end:]
    return replace(book, pages=_regroup(body, numbers, labels), index_lines=tuple(index_lines))
