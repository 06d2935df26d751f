"""PDF extraction with pdfminer.six: page by page, with geometry, deterministic.

pdfminer's own layout analysis is not used: it decides word spaces with one fixed fraction
of the glyph width (``word_margin``), which turns wide kerning into ``ar guments`` and
tight justified gaps into glued words, and its text-box grouping breaks ties by object
identity, so one PDF can come out in different orders in different runs. Instead the
interpreter's characters are collected as they are drawn and this module builds lines and
word spaces itself:

- Lines: characters whose vertical centres lie within half a glyph height of each other,
  sorted by (top, x0) with explicit tie-breaks; a line is cut where the horizontal gap is
  wider than ``column_gap`` font sizes (two columns side by side).
- Columns: a page whose line pieces leave a vertical gutter in its middle third is read
  left column first, then right column; full-width lines above and below stay in place.
- Word spaces (see ``word_spaces``): a space glyph in the PDF is a space. Other gaps are
  compared with the word gaps of their own line and font size: a gap is a word space when
  it is at least ``word_gap`` times the line's typical word gap (the median of the gaps
  that are at least half the widest) and at least ``min_space`` em. A kerning gap is much
  smaller than the word gaps of its line, so ``ar|guments`` stays one word.
- Letter pairs (see ``_pair_flips``): kerning belongs to the letter pair and the font, so on
  one page the same two glyphs (text, size, advance widths) are set the same distance apart
  wherever they meet inside a word. Where at least three in-word occurrences of a pair on
  the page agree, a gap clearly wider than that (after the line's letter spacing) is a word
  space even below the line's threshold (``be|fixed`` at 0.055 em in a line kerned at
  0.15 em), and a gap above the threshold that is exactly the pair's kern, unlike the line's
  word gaps, stays inside the word. Each page on its own evidence (parallel = serial).
- Monospace lines (code) keep their spacing: each gap becomes round(gap / glyph width)
  spaces, and the indentation of every line is written as leading spaces.
- Vertical gaps wider than ``para_gap`` line heights become a blank line.

Errors are one line each: encrypted (``--password``), not a PDF, damaged (readable pages are
kept and the failed ones named), no text layer.
"""

from __future__ import annotations

import bisect
import collections
import hashlib
import io
import itertools
import json
import math
import operator
import os
import statistics
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, ClassVar

import regex

from pipeline.document import Book, Geom, Line, Page, Source
from pipeline.errors import BookError

EXTRACTOR_VERSION = 48
# What pdfminer writes for a glyph with no text mapping (counted by fix_unicode and check).
CID_RE = regex.compile(r"\(cid:\d+\)")
# the fonts OCR engines draw their invisible text layer in (tesseract, ocrmypdf)
OCR_FONT_RE = regex.compile(r"(?i)glyphless")
MONO_NAME_RE = regex.compile(
    r"(?i)courier|mono|consol|menlo|inconsolata|typewriter|code|cmtt|lmtt|\btt\b"
)


@dataclass(frozen=True)
class ExtractParams:
    word_gap: float = 0.6
    min_space: float = 0.12
    column_gap: float = 2.5
    para_gap: float = 0.8
    columns: bool = True
    engine: str = "pdfminer"
    gap_jump: float = 1.15
    max_kern: float = 0.3
    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"engine": ("pdfminer", "pdfium")}
    DOCS: ClassVar[dict[str, str]] = {
        "word_gap": "a gap is a word space at this share of its line's typical word gap",
        "min_space": "and at least this many em (font sizes)",
        "column_gap": "a horizontal gap wider than this many font sizes cuts a line in two",
        "para_gap": "a vertical gap wider than this many line heights becomes a blank line",
        "columns": "read two-column pages column by column",
        "gap_jump": "kerning and word gaps are told apart at a jump of this ratio in a line's gaps",
        "max_kern": "the widest gap, in em, that can still be a kerning gap",
        "engine": "pdfminer (pdfminer.six, the default) or pdfium (pypdfium2, faster)",
    }

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"extract.engine must be one of {', '.join(ENGINES)}")


ENGINES = ("pdfminer", "pdfium")


def _engine(name: str, book: str = "--engine pdfium"):
    """The module-level functions (count_pages, iter_pages) of an engine."""
    if name == "pdfium":
        try:
            from pipeline import pdfium_engine
        except ImportError:
            raise BookError(
                book, "--engine pdfium needs pypdfium2: pip install 'bookclean[pdfium]'"
            ) from None
        return pdfium_engine.count_pages, pdfium_engine.iter_pages
    return count_pages, _collect


def engine_version(name: str) -> str:
    if name == "pdfium":
        from pipeline import pdfium_engine

        return f"{pdfium_engine.engine_version()} v{pdfium_engine.ENGINE_VERSION}"
    from importlib.metadata import version

    return f"pdfminer.six {version('pdfminer.six')} v{EXTRACTOR_VERSION}"


# One character as drawn: text, x0, top, x1, bottom, size, mono
Char = tuple[str, float, float, float, float, float, bool]


@dataclass
class RawPage:
    number: int
    width: float
    height: float
    chars: list[Char]
    error: str = ""
    # characters drawn inside /Artifact marked content (tagged PDFs): lines of their own
    artifacts: list[Char] = field(default_factory=list)
    # the boxes (x0, top, x1, bottom) of what the page draws besides text: images, rules,
    # frames and shading (a figure in a column is no empty stretch of it)
    graphics: list[tuple[float, float, float, float]] = field(default_factory=list)


def cropped(raw: RawPage, window: tuple[float, float, float, float]) -> RawPage:
    """The page as its CropBox shows it: *window* (left, top, right, bottom, in the page's
    character coordinates) where it is smaller than the page. Characters whose middle lies
    outside it (crop marks, a printer's slug) are left out, the rest are measured from its
    corner.

    >>> raw = RawPage(1, 200.0, 300.0, [("a", 30.0, 40.0, 35.0, 50.0, 10.0, False),
    ...                                 ("b", 5.0, 290.0, 9.0, 298.0, 8.0, False)])
    >>> r = cropped(raw, (18.0, 18.0, 182.0, 282.0))
    >>> r.width, r.height, r.chars
    (164.0, 264.0, [('a', 12.0, 22.0, 17.0, 32.0, 10.0, False)])
    """
    left, top, right, bottom = window
    left, right = max(left, 0.0), min(right, raw.width)
    top, bottom = max(top, 0.0), min(bottom, raw.height)
    if right - left < 1 or bottom - top < 1:
        return raw
    if left < 0.5 and top < 0.5 and right > raw.width - 0.5 and bottom > raw.height - 0.5:
        return raw  # no crop: the common case, every byte as it was

    def keep(chars: list[Char]) -> list[Char]:
        return [
            (c[0], c[1] - left, c[2] - top, c[3] - left, c[4] - top, c[5], c[6])
            for c in chars
            if left <= (c[1] + c[3]) / 2 <= right and top <= (c[2] + c[4]) / 2 <= bottom
        ]

    return replace(
        raw,
        width=right - left,
        height=bottom - top,
        chars=keep(raw.chars),
        artifacts=keep(raw.artifacts),
        graphics=[(x0 - left, y0 - top, x1 - left, y1 - top) for x0, y0, x1, y1 in raw.graphics],
    )


def _open(data: bytes, name: str, password: str):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    if not data.startswith(b"%PDF"):
        raise BookError(name, "not a PDF (no %PDF header)")
    try:
        parser = PDFParser(io.BytesIO(data))
        return PDFDocument(parser, password=password)
    except PDFPasswordIncorrect:
        hint = "wrong password" if password else "encrypted; give the password with --password"
        raise BookError(name, hint) from None
    except PDFEncryptionError as exc:
        raise BookError(name, f"encrypted with an unsupported method ({exc})") from None
    except PDFSyntaxError as exc:
        raise BookError(name, f"damaged PDF: {exc}") from None
    except Exception as exc:
        raise BookError(name, f"damaged PDF: {type(exc).__name__}: {exc}") from None


def _page_objects(doc, name: str) -> list[Any]:
    from pdfminer.pdfpage import PDFPage

    try:
        return list(PDFPage.create_pages(doc))
    except Exception as exc:
        raise BookError(name, f"damaged PDF (page tree unreadable: {type(exc).__name__})") from None


# The document last opened in this process: its parsed page tree and fonts serve every chunk
# of pages a worker is given (and, forked, the workers inherit what count_pages opened).
_OPENED: list[Any] = []


def _opened(data: bytes, name: str, password: str) -> tuple[Any, list[Any], Any]:
    """(document, page objects, resource manager) of *data*, parsed once per process."""
    from pdfminer.pdfinterp import PDFResourceManager

    if _OPENED and _OPENED[0] == (len(data), password) and _OPENED[1] == data:
        return _OPENED[2]
    doc = _open(data, name, password)
    entry = (doc, _page_objects(doc, name), PDFResourceManager(caching=True))
    _OPENED[:] = [(len(data), password), data, entry]
    return entry


def forget_opened() -> None:
    """Let the last opened document go (its decoded page streams hold memory)."""
    _OPENED.clear()


def count_pages(data: bytes, name: str, password: str = "") -> int:
    return len(_opened(data, name, password)[1])


def _collect(data: bytes, name: str, password: str, numbers: list[int]) -> Iterator[RawPage]:
    """Interpret the given pages (1-based) and collect their characters, one page at a time
    (a page's characters are dropped once its lines are built: memory stays flat)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    class Collector(PDFPageAggregator):
        def __init__(self, rsrc: PDFResourceManager) -> None:
            super().__init__(rsrc, laparams=None)
            self.chars: list[Char] = []
            self.artifacts: list[Char] = []
            self.mono: dict[int, bool] = {}
            self.tags: list[bool] = []  # the open marked-content sequences: is it /Artifact?
            self.sink = self.chars
            self.invisible = False  # text drawn in render mode 3: an OCR layer over a scan
            # Fonts not known to be monospace by their flags or names, while undecided (till
            # two of their letters differ): the advance widths of the letters drawn in them,
            # and where their characters went (see fixed_pitch)
            self.pitch: dict[int, dict[str, float]] = {}
            self.pending: dict[int, list[tuple[list[Char], int]]] = {}
            self.undecided: set[int] = set()

        def render_string(self, textstate, seq, ncs, graphicstate) -> None:
            self.invisible = textstate.render == 3
            super().render_string(textstate, seq, ncs, graphicstate)

        def begin_tag(self, tag, props=None) -> None:
            self.tags.append(getattr(tag, "name", None) == "Artifact")
            self.sink = self.artifacts if any(self.tags) else self.chars

        def end_tag(self) -> None:
            if self.tags:
                self.tags.pop()
            self.sink = self.artifacts if any(self.tags) else self.chars

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            a, b, c, d, e, f = matrix
            if font.is_vertical() or b or c:  # rare: let pdfminer build the box
                adv = super().render_char(
                    matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
                )
                item = self.cur_item._objs.pop()
                box = (item.x0, item.y0, item.x1, item.y1, item.size, item.upright)
                text = item.get_text()
            else:
                # The same box LTChar computes, without building one (the hot path).
                try:
                    text = font.to_unichr(cid)
                except PDFUnicodeNotDefined:
                    text = self.handle_undefined_char(font, cid)
                adv = font.char_width(cid) * fontsize * scaling
                descent = font.get_descent() * fontsize + rise
                x0, x1 = sorted((e, e + a * adv))
                y0, y1 = sorted((f + d * descent, f + d * (descent + fontsize)))
                box = (x0, y0, x1, y1, y1 - y0, a * d * scaling > 0)
            key = id(font)
            if key not in self.mono:
                # (an OCR layer's font is fixed-pitch, each word stretched to its place on
                # the scan: its text is no monospace listing)
                self.mono[key] = (
                    bool(getattr(font, "flags", 0) & 1)
                    or bool(MONO_NAME_RE.search(str(font.fontname)))
                ) and not (self.invisible or OCR_FONT_RE.search(str(font.fontname)))
                if not self.mono[key]:
                    self.undecided.add(key)
            x0, y0, x1, y1, size, upright = box
            if upright and x1 >= x0:
                h = self.page_height
                if key in self.undecided:
                    self._weigh(key, font, cid, text)
                self.sink.append((text, x0, h - y1, x1, h - y0, size, self.mono[key]))
            return adv

        def _weigh(self, key: int, font: Any, cid: int, text: str) -> None:
            """Note the advance of a letter drawn in a font not known to be monospace."""
            seen = self.pitch.setdefault(key, {})
            if text.isalpha() and text not in seen:
                w = font.char_width(cid)
                if self.invisible or (seen and abs(next(iter(seen.values())) - w) > 1e-6):
                    self.undecided.discard(key)  # proportional (or an OCR layer): decided
                    self.pitch.pop(key, None)
                    self.pending.pop(key, None)
                    return
                seen[text] = w
            self.pending.setdefault(key, []).append((self.sink, len(self.sink)))

        def fixed_pitch(self) -> None:
            """Mark as monospace the characters of each font whose letters all advance
            alike, eight different letters or more on the page (a code font that neither
            its flags nor its name tell, ``mplus1mn``): a proportional font's ``i`` and
            ``m`` differ."""
            for key, seen in self.pitch.items():
                if len(seen) >= 8:
                    for sink, k in self.pending.get(key, []):
                        sink[k] = (*sink[k][:6], True)

        def begin_page(self, page, ctm):
            super().begin_page(page, ctm)
            (_x0, y0, _x1, y1) = page.mediabox
            self.page_height = y1 - y0

    _doc, pages, rsrc = _opened(data, name, password)
    for number in numbers:
        page = pages[number - 1]
        x0, y0, x1, y1 = page.mediabox
        dev = Collector(rsrc)
        try:
            PDFPageInterpreter(rsrc, dev).process_page(page)
            dev.fixed_pitch()
            raw = RawPage(
                number,
                x1 - x0,
                y1 - y0,
                dev.chars,
                artifacts=dev.artifacts,
                graphics=_graphics(dev.cur_item, y1 - y0),
            )
            if not (page.rotate or 0) % 360:
                cx0, cy0, cx1, cy1 = page.cropbox
                raw = cropped(raw, (cx0, (y1 - y0) - cy1, cx1, (y1 - y0) - cy0))
        except MemoryError:
            yield RawPage(number, x1 - x0, y1 - y0, [], "out of memory (a decompression bomb?)")
        except Exception as exc:
            yield RawPage(number, x1 - x0, y1 - y0, [], f"{type(exc).__name__}: {exc}"[:200])
        else:
            yield raw


def _graphics(item: Any, height: float) -> list[tuple[float, float, float, float]]:
    """The boxes of the images, paths and rules drawn on a page (its layout *item* as
    pdfminer's aggregator built it, characters left out), measured from the page's top.
    A form XObject's contents count, the form's own box not (a page drawn inside one)."""
    from pdfminer.layout import LTChar, LTFigure

    out: list[tuple[float, float, float, float]] = []
    stack = list(getattr(item, "_objs", []))
    while stack:
        o = stack.pop()
        if isinstance(o, LTFigure):
            stack.extend(o._objs)
        elif not isinstance(o, LTChar) and hasattr(o, "x0"):
            out.append(
                (round(o.x0, 2), round(height - o.y1, 2), round(o.x1, 2), round(height - o.y0, 2))
            )
    return sorted(out)


# ---------------------------------------------------------------------------------------
# Lines, columns and word spaces


# Hot paths (every character of a book passes through them): item getters and explicit
# comparisons in place of lambdas, generators and two-argument max(); each spelled to give
# exactly the value the plain form gives (max(a, b) is a unless b > a).
_TEXT, _X0, _TOP, _X1, _BOTTOM, _SIZE, _MONO = (operator.itemgetter(k) for k in range(7))
_ROW_ORDER = operator.itemgetter(1, 3, 2, 0)  # x0, x1, top, text


def _median(values: list[float]) -> float:
    """``statistics.median`` of a non-empty list (the same arithmetic, without its overhead)."""
    data = sorted(values)
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def _is_mono(chars: list[Char]) -> bool:
    """Most of the letters (characters other than spaces) are set in a monospace font."""
    letters = [ch for ch in chars if ch[0].strip()]
    return bool(letters) and sum(map(_MONO, letters)) * 2 > len(letters)


class _Piece:
    """Characters of one line piece, with their bounds computed once."""

    # set by _pair_flips: the space threshold, and the gaps the letter pairs decide
    threshold: float | None = None
    flips: set[int] | None = None
    # set by _cell_turnovers: the lines of a table cell that turn over below this one
    below: tuple[_Piece, ...] = ()

    def __init__(self, chars: list[Char]) -> None:
        self.chars = chars

    def finish(self) -> _Piece:
        c = self.chars
        self.x0 = c[0][1]
        self.x1 = max(map(_X1, c))
        self.top = min(map(_TOP, c))
        self.bottom = max(map(_BOTTOM, c))
        self.size = _median(list(map(_SIZE, c)))
        self.mono = _is_mono(c) if any(map(_MONO, c)) else False
        return self


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Group characters into rows by vertical centre, in a stable order."""
    mids = [(c[2] + c[4]) / 2 for c in chars]
    rounded = {m: round(m, 1) for m in set(mids)}  # a page has few distinct centres
    keys = [(rounded[m], c[1], c[3], c[0]) for m, c in zip(mids, chars, strict=True)]
    rows: list[list[Char]] = []
    centre = -1e9
    height = 0.0
    for i in sorted(range(len(chars)), key=keys.__getitem__):  # stable, as sorting chars
        c = chars[i]
        mid = mids[i]
        h = c[4] - c[2]
        if h < 0.1:
            h = 0.1
        # (a smaller glyph set below the row, a subscript, reaches further from its centre)
        reach = 0.5 * (height if height > h else h) if h >= 0.9 * height else 0.6 * height
        if rows and abs(mid - centre) <= reach:
            rows[-1].append(c)
            if h > 1.2 * height and len(rows[-1]) <= 6:
                # the row's own size, where a few smaller glyphs began it (a superscript
                # sorts first): a subscript further down is measured from the text
                centre, height = mid, h
        else:
            rows.append([c])
            centre, height = mid, h
    for row in rows:
        # Most rows are in x order already, x0 rising strictly (no ties to break): no sort
        if not all(map(operator.lt, map(_X0, row), map(_X0, itertools.islice(row, 1, None)))):
            row.sort(key=_ROW_ORDER)
    return rows


def _cut(row: list[Char], column_gap: float) -> list[_Piece]:
    row = _strip_spaces(row)
    if not row:
        return []
    if column_gap >= 0 and len(row) > 1:
        # No gap wider than the narrowest size allows: no cut (the common case, decided
        # without a loop; a NaN first gap or size fails the test and leaves it to the loop,
        # a later one is skipped by max/min as the loop skips it).
        widest = max(map(operator.sub, map(_X0, itertools.islice(row, 1, None)), map(_X1, row)))
        smallest = min(map(_SIZE, row))
        if widest <= column_gap * smallest and (
            widest <= smallest or max(map(_SIZE, row)) < 1.2 * smallest
        ):
            return [_Piece(row).finish()]
    # The gap is measured from the last character with ink: a table's cells drawn with a
    # trailing space glyph are still apart. (Monospace text keeps its spaces: a listing's
    # aligned comment is no column.)
    prev = ink = row[0]
    piece = [prev]
    pieces = [piece]
    for c in itertools.islice(row, 1, None):
        left = prev if c[6] else ink
        # the smaller size of the two: a gap wide in the text's size is no word space
        # beside a heading's large letters either (a title in one column, text beside it)
        size = c[5] if c[5] < left[5] else left[5]
        gap = c[1] - left[3]
        # (or an em's gap where the size changes by a fifth: a margin note set small
        # beside the text, closer than a gutter)
        if (
            gap > column_gap * size
            or (
                gap > size
                and (c[5] if c[5] > left[5] else left[5]) >= 1.2 * size
                and not _raised_number(piece, c)
            )
        ) and (left[0].strip() and c[0].strip()):
            piece = [c]
            pieces.append(piece)
        else:
            piece.append(c)
        prev = c
        if c[0].strip():
            ink = c
    return [_Piece(chars).finish() for pc in pieces if (chars := _strip_spaces(pc))]


def _raised_number(piece: list[Char], c: Char) -> bool:
    """Is *piece* a number of three digits at most, set small and raised before the
    larger *c* (a verse's or a note's superscript number opening its line, ``⁴ He said``),
    not a margin note beside the text?"""
    ink = [x for x in piece if x[0].strip()]
    return (
        0 < len(ink) <= 3
        and all(x[0].isdigit() for x in ink)
        and ink[-1][5] < c[5]
        and ink[-1][4] < c[4] - 0.2 * c[5]
        and c[1] - ink[-1][3] < 2 * c[5]
    )


def _strip_spaces(chars: list[Char]) -> list[Char]:
    start, end = 0, len(chars)
    while start < end and not chars[start][0].strip():
        start += 1
    while end > start and not chars[end - 1][0].strip():
        end -= 1
    return chars[start:end]


def word_spaces(chars: list[Char], p: ExtractParams) -> str:
    """Render one line piece, deciding word spaces from the gaps of the line itself.

    >>> ch = lambda t, x, w=5.0: (t, x, 0.0, x + w, 10.0, 10.0, False)
    >>> # "ar guments": a 1.8pt kerning gap against 3pt word gaps stays inside the word
    >>> line = [ch("a", 0), ch("r", 5), ch("g", 11.8), ch("u", 16.8), ch("o", 24.8), ch("f", 29.8)]
    >>> word_spaces(line, ExtractParams())
    'argu of'
    """
    return _render(chars, p, None)


def _render(
    chars: list[Char],
    p: ExtractParams,
    mono: bool | None,
    threshold: float | None = None,
    flips: set[int] | None = None,
) -> str:
    """``word_spaces``; *mono* is whether the piece is monospace, where the caller knows;
    *threshold* its space threshold where already computed; *flips* the gaps between
    non-space characters (numbered from 0) whose decision the page's letter pairs reverse
    (``_pair_flips``)."""
    letters = [c for c in chars if c[0] != " "]
    if not letters:
        return ""
    if _is_mono(letters) if mono is None else mono:
        return _mono_text(chars)
    if threshold is None:
        threshold = _space_threshold(chars, _median(list(map(_SIZE, letters))) or 1.0, p)
    tracked = _tracking_threshold(chars, threshold)
    if tracked is not None:
        threshold, flips = tracked, None  # letter-spaced capitals: C H A P T E R -> CHAPTER
    out = []
    prev: Char | None = None
    pending_space = False
    mark = True  # (the word so far is all digits: a note's mark, if set small and raised)
    if flips:
        k = -1
        for c in chars:
            if c[0] == " " or c[0] == "\u00a0":
                pending_space = mark = True
                continue
            if prev is not None:
                k += 1
                if pending_space or (c[1] - prev[3] >= threshold) != (k in flips):
                    out.append(" ")
                    mark = True
                elif mark and _mark_before(prev, c):
                    out.append(" ")
            out.append(c[0])
            mark = mark and c[0].isdigit()
            prev = c
            pending_space = False
        return "".join(out)
    for c in chars:
        if c[0] == " " or c[0] == "\u00a0":
            pending_space = mark = True
            continue
        if prev is not None:
            gap = c[1] - prev[3]
            if pending_space or gap >= threshold:
                out.append(" ")
                mark = True
            elif mark and _mark_before(prev, c):
                out.append(" ")
        out.append(c[0])
        mark = mark and c[0].isdigit()
        prev = c
        pending_space = False
    return "".join(out)


def _mark_before(prev: Char, c: Char) -> bool:
    """Does *prev* end a note's or a verse's number set small and raised before the word
    *c* begins, with no space between (TeX sets a footnote's mark so: ``¹Cuffley kept``)?
    The word is the number's own word so far (the caller's test): ``way.¹`` is no case.

    >>> ch = lambda t, x, base, size: (t, x, base - size, x + 0.5 * size, base, size, False)
    >>> _mark_before(ch("1", 0.0, 427.0, 5.6), ch("C", 3.2, 430.0, 8.0))
    True
    >>> _mark_before(ch("1", 0.0, 430.0, 8.0), ch("C", 4.2, 430.0, 8.0))
    False
    """
    return (
        prev[0].isdigit()
        and c[0].isalpha()
        and prev[5] < 0.85 * c[5]
        and prev[4] < c[4] - 0.2 * c[5]
    )


TRACKING_RATIO = 1.3  # in letter-spaced text, a word gap is this much wider than a letter gap


def _tracking_threshold(chars: list[Char], threshold: float) -> float | None:
    """The space threshold of a letter-spaced piece (``C H A P T E R  F O U R``), or None.

    Tracked capitals set every letter apart by about the same gap, wider than the line's
    space threshold, so each letter would become a word. A piece of four letters or more,
    capitals or digits, whose gaps (where no space glyph stands) mostly lie above the
    threshold is tracked; its letters join, and only gaps `TRACKING_RATIO` times its
    median gap or more are word spaces.

    >>> ch = lambda t, x: (t, x, 0.0, x + 5.0, 10.0, 10.0, False)
    >>> line = [ch(t, 8.0 * k + (4.0 if k > 6 else 0.0)) for k, t in enumerate("CHAPTERFOUR")]
    >>> _tracking_threshold(line, 2.5)
    3.9
    >>> _tracking_threshold([ch(t, 8.0 * k) for k, t in enumerate("Ab c")], 2.5) is None
    True
    >>> _tracking_threshold([ch(t, 8.0 * k) for k, t in enumerate("98765")], 2.5) is None
    True
    """
    letters = [c for c in chars if c[0].strip()]
    if (
        len(letters) < 4
        or not all(c[0].isupper() or c[0].isdigit() or c[0] in "-’'&." for c in letters)
        or not any(c[0].isalpha() for c in letters)
    ):
        return None  # (figures set apart are figures: a printer's key "10 9 8 7 … 1")
    gaps = []
    prev = None
    for c in chars:
        if not c[0].strip():
            prev = None  # a space glyph: a word space in any case
            continue
        if prev is not None:
            gaps.append(c[1] - prev[3])
        prev = c
    if len(gaps) < 3:
        return None
    med = _median(gaps)
    if med < threshold or sum(1 for g in gaps if g >= threshold) * 4 < len(gaps) * 3:
        return None
    return round(TRACKING_RATIO * med, 6)


# Kerning belongs to the letter pair and the font: on one page, two glyphs are set the same
# distance apart wherever they meet inside a word, while word gaps vary from line to line.
# In em:
PAIR_TOL = 0.012  # the in-word gaps of one pair agree within this (rounding)
PAIR_MARGIN = 0.04  # a gap this much wider than its pair's usual in-word gap is a space
PAIR_MIN = 3  # in-word occurrences that must agree before a pair's usual gap is trusted


def _pair_key(a: Char, b: Char) -> tuple | None:
    """Glyphs *a*, *b* as a letter pair of one font: texts, size and advance widths (the
    widths tell a roman ``f`` from an italic one, as the characters carry no font name),
    rounded (pdfminer's sizes of one font differ in the 13th digit); None for characters
    of two sizes or unusable geometry."""
    size = a[5]
    if not (0 < size < 1e6) or abs(b[5] - size) > 0.005:  # also false for NaN
        return None
    wa, wb = (a[3] - a[1]) / size * 200, (b[3] - b[1]) / size * 200
    if not (abs(wa) < 1e9 and abs(wb) < 1e9):
        return None
    return (round(size, 2), a[0], round(wa), b[0], round(wb))


class _PairLine:
    """The gaps of one prose line piece, for ``_pair_flips``."""

    def __init__(self, pc: _Piece, p: ExtractParams) -> None:
        """Also sets the piece's ``threshold`` (as ``_render`` computes it)."""
        chars = pc.chars
        self.piece = pc
        self.texts = texts = list(map(_TEXT, chars))
        if " " in texts or "\u00a0" in texts:
            letters = [c for c in chars if c[0] != " " and c[0] != "\u00a0"]
            self.texts = list(map(_TEXT, letters))
        else:
            letters = chars
        self.letters = letters
        self.gaps = list(
            map(operator.sub, map(_X0, itertools.islice(letters, 1, None)), map(_X1, letters))
        )
        self.spaced: list[bool] | None = None  # a space glyph before each gap, where any
        if len(letters) == len(chars):  # no spaces (the common case): the gaps are known
            self.size = pc.size or 1.0  # the median size of all the characters
            self.threshold = _alike_gaps(
                self.gaps,
                list(itertools.pairwise(self.texts)),
                _threshold([], self.gaps, self.size, p),
                self.size,
            )
        else:
            self.size = _median([c[5] for c in chars if c[0] != " "]) or 1.0
            self.threshold = _space_threshold(chars, self.size, p)
        pc.threshold = self.threshold
        if letters and len(letters) < len(chars):
            self.spaced = []
            saw = False
            for c in itertools.islice(chars, chars.index(letters[0]) + 1, None):
                if c[0] == " " or c[0] == "\u00a0":
                    saw = True
                else:
                    self.spaced.append(saw)
                    saw = False
        self._offset: float | None = None

    def in_word(self, i: int) -> bool:
        return self.gaps[i] < self.threshold and not (self.spaced and self.spaced[i])

    def em(self, i: int) -> float:
        """Gap *i* in em of its left glyph's size."""
        return self.gaps[i] / self.letters[i][5]

    def offset(self) -> float:
        """The line's letter spacing (em): the median of its in-word gaps, 0 in text set
        without tracking (most letter pairs are not kerned)."""
        if self._offset is None:
            t, sp = self.threshold, self.spaced
            if sp:
                ins = [g for g, s in zip(self.gaps, sp, strict=True) if g < t and not s]
            else:
                ins = [g for g in self.gaps if g < t]
            self._offset = _median(ins) / self.size if ins else 0.0
        return self._offset


def _pair_flips(pieces: list[_Piece], p: ExtractParams) -> None:
    """Set ``threshold`` and ``flips`` of each prose piece of one page: the gaps whose word
    space decision the usual in-word gaps of their letter pairs reverse.

    A pair's usual gap (em, less its line's letter spacing) comes from its in-word gaps (no
    space glyph, below the line's threshold) on the page: at least ``PAIR_MIN`` of them that
    agree within ``PAIR_TOL`` and are most of them, every other one at least
    ``PAIR_MARGIN`` wider (a word gap that its line's threshold missed); a pair whose gaps
    spread (rounding noise, two fonts of the same widths) is not trusted. Then a gap below
    its line's threshold is a word space when it is at least ``PAIR_MARGIN`` wider than its
    pair's usual gap and at least ``PAIR_MARGIN`` em; a gap at or above the threshold stays
    inside the word when it is its pair's usual gap (within ``PAIR_TOL``) and more than
    twice that unlike the line's typical word gap. Pages are independent of one another.
    """
    lines: list[_PairLine] = []
    cands: list[tuple[_PairLine, int, bool]] = []  # line, gap, whether now a space
    wanted: set[tuple[str, str]] = set()
    for pc in pieces:
        pc.flips = None
        if pc.mono:
            pc.threshold = None
            continue
        ln = _PairLine(pc, p)
        if not ln.gaps:
            continue
        size, threshold = ln.size, ln.threshold
        lines.append(ln)
        lo, cap = PAIR_MARGIN * size, p.max_kern * size
        near = [i for i, g in enumerate(ln.gaps) if lo <= g <= cap]
        if not near:
            continue
        gaps, sp, letters = ln.gaps, ln.spaced, ln.letters
        if sp:
            wide = [g for g, s in zip(gaps, sp, strict=True) if s or g >= threshold]
        else:
            wide = [g for g in gaps if g >= threshold]
        word = _median(wide) / size if wide else math.nan
        for i in near:
            g = gaps[i]
            if sp and sp[i]:
                continue
            if g < threshold:
                cands.append((ln, i, False))
            elif g >= threshold and not abs(g / size - word) <= 2 * PAIR_TOL:
                cands.append((ln, i, True))
            else:
                continue
            wanted.add((letters[i][0], letters[i + 1][0]))
    if not wanted:
        return
    seen: dict[tuple, list[float]] = {}
    for ln in lines:
        texts = ln.texts
        pairs = zip(texts, itertools.islice(texts, 1, None))  # noqa: B905 (one shorter)
        for i in [i for i, pair in enumerate(pairs) if pair in wanted]:
            if ln.in_word(i) and (key := _pair_key(ln.letters[i], ln.letters[i + 1])):
                seen.setdefault(key, []).append(ln.em(i) - ln.offset())
    usual: dict[tuple, float] = {}
    for key, ems in seen.items():
        if len(ems) < PAIR_MIN:
            continue
        mid = _median(ems)
        agree = sum(1 for e in ems if abs(e - mid) <= PAIR_TOL)
        if (
            agree >= PAIR_MIN
            and 2 * agree > len(ems)
            and all(abs(e - mid) <= PAIR_TOL or e >= mid + PAIR_MARGIN for e in ems)
        ):
            usual[key] = mid
    for ln, i, space in cands:
        u = usual.get(_pair_key(ln.letters[i], ln.letters[i + 1]))
        if u is None:
            continue
        em = ln.em(i)
        if space:
            flip = abs(em - ln.offset() - u) <= PAIR_TOL
        else:
            flip = em >= PAIR_MARGIN and em - ln.offset() >= u + PAIR_MARGIN
        if flip:
            if ln.piece.flips is None:
                ln.piece.flips = set()
            ln.piece.flips.add(i)


def _space_threshold(chars: list[Char], size: float, p: ExtractParams) -> float:
    """The smallest gap (without a space glyph) that is a word space in this line piece.

    With space glyphs in the line, they mark the words, and another gap counts only when it
    is nearly as wide as they are, or as the space glyph itself. Without them, the gaps are split at their largest
    relative jump (kerning gaps below, word gaps above); gaps all alike are all word gaps
    when they are at least ``min_space`` em.

    >>> ch = lambda x, w=5.0: ("a", x, 0.0, x + w, 10.0, 10.0, False)
    >>> def line(*gaps):
    ...     x, out = 0.0, [ch(0.0)]
    ...     for g in gaps:
    ...         x += 5.0 + g
    ...         out.append(ch(x))
    ...     return out
    >>> round(_space_threshold(line(3, 1.8, 3, 3), 10.0, ExtractParams()), 2)  # a kern
    2.32
    >>> _space_threshold(line(3, 4.5, 3, 3), 10.0, ExtractParams())  # a sentence space
    1.2
    """
    spaced: list[float] = []
    plain: list[float] = []
    pairs: list[tuple[str, str]] = []
    glyphs: list[float] = []  # the widths of the space glyphs drawn
    prev: Char | None = None
    saw_space = False
    for c in chars:
        if c[0] == " ":
            saw_space = True
            glyphs.append(c[3] - c[1])
            continue
        if prev is not None:
            if saw_space:
                spaced.append(c[1] - prev[3])
            else:
                plain.append(c[1] - prev[3])
                pairs.append((prev[0], c[0]))
        prev, saw_space = c, False
    threshold = _threshold(spaced, plain, size, p)
    glyph = statistics.median(glyphs) if glyphs else 0.0
    if glyph >= p.min_space * size:
        # a gap as wide as the font's own space glyph is a word space, however wide the
        # line's other spaces (``3 Puddings`` / tab / ``9``): no kern is that wide
        threshold = min(threshold, 0.95 * glyph)
    return _alike_gaps(plain, pairs, threshold, size)


MIN_ALIKE = 0.12  # em: alike gaps this wide or wider between different pairs are spaces


def _alike_gaps(
    plain: list[float], pairs: list[tuple[str, str]], threshold: float, size: float
) -> float:
    """*threshold*, lowered to take in gaps of a fifth of an em or more that are alike to
    a hundredth of an em between two or more different letter pairs (``MIN_ALIKE`` em or
    more between four or more different pairs): kerning belongs to
    one pair, while a run's word spaces are all one width (``Figure 4.3 Bills``, a bold
    label whose spaces are narrower than the rest of the line's).

    >>> _alike_gaps([2.0, 0.0, 2.0, 2.6, 2.6], [("e", "4"), ("4", "."), ("3", "B"), ("s", "o"),
    ...     ("f", "d")], 2.3, 8.0)
    1.998
    >>> _alike_gaps([1.5, 1.5, 2.6], [("r", "a"), ("r", "a"), ("s", "o")], 2.0, 10.0)
    2.0
    >>> words = [1.72, 0.0, 0.0, 1.71, 0.1, 0.0, 1.72, 0.0, 0.1, 1.72, 0.0, 0.0, 3.06]
    >>> prs = [("m", "b"), ("b", "y"), ("y", "2"), ("0", "d"), ("e", "g"), ("s", "G"), (".", "G"),
    ...     ("r", "d"), ("l", "e"), ("e", "h"), ("e", "a"), ("a", "t"), ("t", "c")]
    >>> _alike_gaps(words, prs, 2.4, 9.96)  # (a tight line's word spaces, 0.17 em)
    1.70829
    >>> _alike_gaps([1.2] * 9, prs[:9], 1.76, 7.4)  # (letter-spaced capitals: all alike)
    1.76
    """
    low = sorted(
        (g, pr) for g, pr in zip(plain, pairs, strict=True) if MIN_ALIKE * size <= g < threshold
    )
    best = threshold
    for k in range(len(low) - 1):
        alike = [pr for g, pr in low[k:] if g - low[k][0] <= 0.01 * size]
        # (narrower than a fifth of an em, four different pairs or more and fewer than
        # half the gaps: a tightly set justified line's word spaces, ``them by 20
        # degrees``, 0.17 em; letter-spaced capitals, ``A C T  O N E``, are all alike)
        if (
            len(set(alike)) >= 2
            if low[k][0] >= 0.2 * size
            else (
                len(set(alike)) >= 4
                and 2 * sum(1 for g, _pr in low if abs(g - low[k][0]) <= 0.01 * size) < len(plain)
            )
        ):
            best = min(best, round(low[k][0] * 0.999, 6))
            break
    return best


def _threshold(spaced: list[float], plain: list[float], size: float, p: ExtractParams) -> float:
    """``_space_threshold`` of a piece's gaps after space glyphs and its other gaps."""
    floor = p.min_space * size
    if spaced:
        return max(floor, 0.8 * statistics.median(spaced))
    cand = sorted(g for g in plain if g > 0.05 * size)
    if not cand:
        return math.inf
    best_ratio, cut, at = 1.0, None, 0
    for k, (a, b) in enumerate(itertools.pairwise(cand)):
        ratio = b / a
        if ratio > best_ratio:
            best_ratio, cut, at = ratio, math.sqrt(a * b), k
    # The jump must stand out from the steps between the wider gaps: word gaps that vary
    # from word to word (an OCR layer, each word placed on its own) step up as much as it
    # does, and their narrowest one is no kern.
    steps = [b / a for a, b in itertools.pairwise(cand[at + 1 :])]
    if cut is not None and len(steps) >= 3 and max(steps) ** 2 > best_ratio:
        cut = None
    # A kerning gap is a fraction of an em; a jump between wider gaps (a sentence space
    # after a word space) is no kerning, and those lines keep every gap as a space. So is a
    # lone wider gap above four or more gaps wide enough to be spaces and all alike, as the
    # word spaces of a justified line are and kerns of different pairs are not (a note's
    # number set apart before its text: ``1  Pay on the boats``).
    if cut is not None:
        below = [g for g in cand if floor <= g < cut]
        wider = sum(1 for g in cand if g > cut)
        if wider < 2 and len(below) >= 4 and below[-1] - below[0] <= 0.01 * size:
            cut = None
    if cut is not None and best_ratio >= p.gap_jump and cut <= p.max_kern * size:
        return max(floor, cut)
    return floor if cand[0] >= floor else max(floor, cand[-1] * p.word_gap)


def _mono_text(chars: list[Char]) -> str:
    letters = [c for c in chars if c[0].strip()]
    width = statistics.median(c[3] - c[1] for c in letters) or 1.0
    out = []
    prev: Char | None = None
    for c in chars:
        if c[0] == " ":
            continue
        if prev is not None:
            n = round((c[1] - prev[3]) / width)
            out.append(" " * max(0, n))
        out.append(c[0])
        prev = c
    return "".join(out)


def _inked(pc: _Piece) -> bool:
    return any(c[0].strip() for c in pc.chars)


def row_gutter(rows: list[list[Char]], width: float, height: float) -> float | None:
    """The x of a gutter narrower than ``column_gap``: in the middle of the page, a band at
    least 1.5% of its width that the characters of nearly every body row leave empty, with
    at least six rows on each side of it. Single-column text covers the middle on every
    row (word gaps move from line to line), so it has none.

    >>> def row(y, *spans):
    ...     return [(ch, x0 + 5 * k, y, x0 + 5 * k + 4, y + 9, 9.0, False)
    ...             for x0, word in spans for k, ch in enumerate(word)]
    >>> rows = [row(100 + 12 * i, (40, "left column text"), (210, "right column")) for i in range(14)]
    >>> round(row_gutter(rows, 400.0, 600.0))
    165
    >>> row_gutter([row(100 + 12 * i, (40, "a line of prose across the page " * 2)) for i in range(14)],
    ...            400.0, 600.0)
    """
    body = [r for r in rows if r and 0.08 * height < r[0][2] < 0.92 * height]
    if len(body) < 12:
        return _short_columns_gutter(body, width)
    # The fast test first: six rows or more must hold a gap as wide as the band (the rows
    # of one column's text hold only word gaps), found with C-level maps.
    band = 0.015 * width
    wide = 0
    for r in body:
        if len(r) > 1 and max(map(operator.sub, map(_X0, r[1:]), map(_X1, r))) >= band:
            wide += 1
    if wide < 6:
        return None
    g = _band_free(body, width)
    if g is None:
        # A block set across both columns (a title and an abstract above them) covers the
        # band: look again from the first row to the last that leave a gap inside it.
        # Only one such block, above or below, and columns down two fifths of the page
        # at least (a table in the middle of a page of prose has no columns).
        lo, hi = width * 0.3, width * 0.7
        gapped = [k for k, r in enumerate(body) if _gap_between(r, lo, hi) >= band]
        if not gapped or gapped[-1] - gapped[0] + 1 == len(body):
            return None
        # (a loose line or two of the block, whose word space happens to be as wide in the
        # band, stand apart from the columns' rows: looked past, if the band is not free)
        g = None
        # (a column's tail under the other's last row, set wholly on one side of the gap
        # the rows share, is the columns' too: a page's last paragraph runs on at the left)
        for first, last in _column_stretches(
            gapped, lambda a, b: _one_sided_tail(body, a, b, lo, hi)
        ):
            if body[last][0][2] - body[first][0][2] < 0.4 * (body[-1][0][2] - body[0][0][2]):
                continue
            g = _band_free(body[first : last + 1], width)
            if g is not None:
                break
        if g is None:
            return None
        # (headings and notes, set larger or smaller than the columns' text, may stand
        # across them anywhere: Writer's sections of two columns under one-column headings)
        text = _median([c[5] for r in body[first : last + 1] for c in r if c[3] < g or c[1] > g])
        across = [
            k
            for k, r in enumerate(body)
            if _spans(r, g)
            and min(map(_X0, r)) < g < max(map(_X1, r))
            and 0.87 * text < _median([c[5] for c in r]) < 1.15 * text
            # (a folio centred under the columns is no block set across them)
            and not FOLIO_TEXT_RE.match("".join(c[0] for c in r).strip())
        ]
        if any(k < first for k in across) and any(k > last for k in across):
            return None
        sides = [_split_row(r, g) for r in body[first : last + 1]]
        left = [
            pc for parts in sides for pc in _cut(parts[0], ExtractParams.column_gap) if pc.x1 <= g
        ]
        right = [
            pc for parts in sides for pc in _cut(parts[-1], ExtractParams.column_gap) if pc.x0 >= g
        ]
        if not (_filled(left) and _filled(right)):
            return None  # a table's cells under a block of prose
    return g


def _one_sided_tail(body: list[list[Char]], first: int, last: int, lo: float, hi: float) -> int:
    """*last*, moved down over the rows after it whose characters all stand on one side
    of the gap that rows *first* to *last* share within [lo, hi] (a column run on below
    the other's end); a row's gap counts where it is as wide as `row_gutter`'s band."""
    left, right, band = lo, hi, 0.015 * (hi - lo) / 0.4
    for r in body[first : last + 1]:
        gap = _widest_gap(r, lo, hi)
        if gap and gap[0] >= band:
            left, right = max(left, gap[1]), min(right, gap[2])
    if right <= left:
        return last
    k = last
    while k + 1 < len(body) and (
        max(map(_X1, body[k + 1])) <= left + 0.5 or min(map(_X0, body[k + 1])) >= right - 0.5
    ):
        k += 1
    return k


def _column_stretches(
    gapped: list[int], tail: Callable[[int, int], int] | None = None
) -> list[tuple[int, int]]:
    """The stretches of rows, first and last, where `row_gutter` looks for the band among
    the rows *gapped* (the indices of those that leave a gap in the middle): from the first
    to the last, then past a run of one or two at either end that stands apart from the
    others (a loose line of a block set across the page, a row or more between), each end
    moved on by *tail* (row_gutter's: a column's tail below the other's end). Twelve rows
    at least, as `_band_free` needs.

    >>> _column_stretches([1, *range(4, 20)])
    [(1, 19), (4, 19)]
    >>> _column_stretches([1, 2, *range(4, 20), 23])
    [(1, 23), (4, 23), (1, 19), (4, 19)]
    >>> _column_stretches([1, 2, 3, *range(5, 20)])
    [(1, 19)]
    """
    first, last = gapped[0], gapped[-1]
    starts, ends = [first], [last]
    k = 0
    while k + 1 < len(gapped) and gapped[k + 1] == gapped[k] + 1:
        k += 1
    if k < 2 and k + 1 < len(gapped):
        starts.append(gapped[k + 1])
    k = len(gapped) - 1
    while k > 0 and gapped[k - 1] == gapped[k] - 1:
        k -= 1
    if len(gapped) - k <= 2 and k > 0:
        ends.append(gapped[k - 1])
    pairs = [(a, tail(a, b) if tail else b) for b in ends for a in starts]
    return [(a, b) for a, b in dict.fromkeys(pairs) if b - a >= 11]


def _short_columns_gutter(body: list[list[Char]], width: float) -> float | None:
    """The gutter of two short justified columns (a chapter's last lines balanced over two
    columns at a page's top, five rows or so, too few for `row_gutter`'s band): four rows
    or more, in the middle of the page, each with its widest gap at one place, a font size
    wide at least, whose left edge (the left column's justified right edge) and right edge
    (the right column's left edge) stand within half a point on all of them but one on the
    left (a paragraph's last line). Word gaps never line up so; a table's ragged cells do
    not end alike.

    >>> def row(y, *spans):
    ...     return [(ch, x0 + 5 * k, y, x0 + 5 * k + 4, y + 9, 9.0, False)
    ...             for x0, word in spans for k, ch in enumerate(word)]
    >>> rows = [row(100 + 12 * i, (40, "left column text"), (140, "right column")) for i in range(5)]
    >>> round(_short_columns_gutter(rows, 300.0))
    130
    >>> _short_columns_gutter([row(100 + 12 * i, (40, "one two"), (80 + 7 * i, "three")) for i in range(5)],
    ...     300.0)
    """
    lo, hi = width * 0.3, width * 0.7
    gapped = [(g, r) for r in body if (g := _widest_gap(r, lo, hi)) and g[0] >= g[3]]
    gaps = [g for g, _ in gapped]
    if len(gaps) < 4:
        return None
    rights = sorted(g[2] for g in gaps)
    right = rights[len(rights) // 2]
    agree = [g for g in gaps if abs(g[2] - right) <= 0.5]
    if len(agree) < 4:
        return None
    # (every row with text past the right column's edge has its gap there: a row of the
    # left column alone may gape anywhere, a justified last line spread wide)
    if any(abs(g[2] - right) > 0.5 and max(map(_X1, r)) > right for g, r in gapped):
        return None
    lefts = sorted(g[1] for g in agree)
    left = lefts[-1]  # (the justified edge: a paragraph's last line ends short of it)
    if sum(1 for g in agree if abs(g[1] - left) > 0.5) > 1:
        return None
    return (left + right) / 2


def _widest_gap(row: list[Char], lo: float, hi: float) -> tuple[float, float, float, float] | None:
    """The widest gap between two characters of *row* whose middle lies within [lo, hi]:
    (its width, its left edge, its right edge, the size of the character before it), or
    None where there is none."""
    inked = sorted((c for c in row if c[0].strip()), key=_X0)
    return max(
        (
            (b[1] - a[3], a[3], b[1], a[5])
            for a, b in itertools.pairwise(inked)
            if lo <= (a[3] + b[1]) / 2 <= hi
        ),
        default=None,
    )


def _gap_between(row: list[Char], lo: float, hi: float) -> float:
    """The width of the widest gap between two characters of *row* whose middle lies
    within [lo, hi] (0 where there is none)."""
    gap = _widest_gap(row, lo, hi)
    return max(0.0, gap[0]) if gap else 0.0


def _band_free(body: list[list[Char]], width: float) -> float | None:
    """`row_gutter`'s band among the rows *body*, or None."""
    if len(body) < 12:
        return None
    lo, hi = width * 0.3, width * 0.7
    steps = 200
    scale = steps / (hi - lo)
    covered = [0] * (steps + 1)
    for r in body:
        marks = set()
        for c in r:
            if c[3] <= lo or c[1] >= hi or not c[0].strip():
                continue
            a = max(0, math.floor((c[1] - lo) * scale))
            b = min(steps, math.ceil((c[3] - lo) * scale))
            marks.update(range(a, b + 1))
        for k in marks:
            covered[k] += 1
    allowed = max(2, len(body) // 20)  # a heading or a figure set across both columns
    best = _widest_free(covered, allowed)
    if best is None or (best[1] - best[0]) / scale < 0.015 * width:
        return None
    g = lo + (best[0] + best[1]) / 2 / scale
    both = sum(
        1 for r in body if any(c[3] <= g and c[0].strip() for c in r) and any(c[1] >= g for c in r)
    )
    return g if both >= 6 else None


def _column_rows(rows: list[list[Char]], g: float) -> list[list[Char]]:
    """Rows grouped again within each column: two columns need not share their baselines,
    and a row built across the page can take a line of one column together with a
    heading of the other whose small capitals then fall into a row of their own. Rows set
    across the gutter (`_spans`) stay as they are."""
    if all(
        _spans(row, g) or all(c[3] <= g for c in row) or all(c[1] >= g for c in row) for row in rows
    ):
        return rows  # every row is already within one column or across both
    across = [row for row in rows if _spans(row, g)]
    rest = [c for row in rows if not _spans(row, g) for c in row]
    left = [c for c in rest if c[3] <= g]
    right = [c for c in rest if c[3] > g]
    regrouped = across + (_rows(left) if left else []) + (_rows(right) if right else [])
    return sorted(regrouped, key=lambda r: (min(map(_TOP, r)), r[0][1]))


def _spans(row: list[Char], g: float) -> bool:
    """Is *row* set across the gutter *g*: a character stands over it (a heading set across
    both columns), or the space there is no wider than a justified word space, under four
    fifths of the type size (a line across both columns whose word space falls on it)?"""
    if any(c[1] < g < c[3] for c in row):
        return True
    a = b = None
    for c in row:
        if not c[0].strip():
            continue
        if c[3] <= g and (a is None or c[3] > a[3]):
            a = c
        elif c[1] >= g and (b is None or c[1] < b[1]):
            b = c
    return a is not None and b is not None and b[1] - a[3] < 0.8 * max(a[5], b[5])


def _split_row(row: list[Char], g: float) -> list[list[Char]]:
    """A row cut at the gutter *g*, unless it is set across it (`_spans`)."""
    if _spans(row, g):
        return [row]
    left = [c for c in row if c[3] <= g]
    right = [c for c in row if c[1] >= g]
    return [part for part in (left, right) if part]


def _widest_free(counts: list[int], allowed: int) -> tuple[int, int] | None:
    """The longest run [start, end) of steps whose count is at most *allowed* (the first
    such run of that length), or None.

    >>> _widest_free([3, 0, 0, 2, 0, 0, 0, 5], 0), _widest_free([1, 1], 0)
    ((4, 7), None)
    """
    best: tuple[int, int] | None = None
    start = None
    for k in range(len(counts) + 1):
        free = k < len(counts) and counts[k] <= allowed
        if free and start is None:
            start = k
        elif not free and start is not None:
            if best is None or k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    return best


def _gutter(
    pieces: list[_Piece], width: float, height: float, span: tuple[float, float] | None = None
) -> float | None:
    """The x of a vertical gutter between two columns, or None (looked for in the middle
    of the page, or of *span*: the x range of one side of a gutter found before)."""
    body = [pc for pc in pieces if 0.08 * height < pc.top < 0.92 * height]
    if len(body) < 6:
        return None
    if span is None:
        lo, hi = width * 0.3, width * 0.7
    else:
        lo, hi = span[0] + 0.3 * (span[1] - span[0]), span[0] + 0.7 * (span[1] - span[0])
    steps = 200
    change = [0] * (steps + 2)
    for pc in body:  # how many pieces cross each sampled x: +1 where one starts, -1 after
        a = max(0, math.floor((pc.x0 - lo) / (hi - lo) * steps) + 1)
        b = min(steps, math.ceil((pc.x1 - lo) / (hi - lo) * steps) - 1)
        if a <= b:
            change[a] += 1
            change[b + 1] -= 1
    crossing = list(itertools.accumulate(change[: steps + 1]))
    allowed = max(0, len(body) // 50)
    best = _widest_free(crossing, allowed)
    if best is None or (best[1] - best[0]) * (hi - lo) / steps < 0.015 * width:
        return None
    mid = lo + (best[0] + best[1]) / 2 * (hi - lo) / steps
    left = sum(1 for pc in body if pc.x1 <= mid)
    right = sum(1 for pc in body if pc.x0 >= mid)
    return mid if left >= 3 and right >= 3 else None


def _titled_columns(pieces: list[_Piece], g: float, raw: RawPage) -> bool:
    """Do the rows' gutter *g* (`row_gutter`'s) and the pieces show two columns under a
    title block: every piece across it (a title, its authors, centred) stands above the
    right-hand column's first line, and six lines at least stand on each side below them,
    filling their columns (a paper's first page; its centred lines hide the gutter from
    `_gutter_under_block`; a table's short cells keep their rows)."""
    body = [pc for pc in pieces if 0.08 * raw.height < pc.top < 0.92 * raw.height]
    right = [pc for pc in body if pc.x0 >= g]
    left = [pc for pc in body if pc.x1 <= g]
    across = [pc for pc in body if pc.x0 < g < pc.x1 and not _folio_piece(pc)]
    if len(right) < 6 or len(left) < 6 or not across:
        return False
    top = min(pc.top for pc in right)
    below = [pc for pc in left if pc.top >= top]
    # (lines that fill their column on both sides: a table's short cells keep their rows)
    return (
        all(pc.bottom <= top for pc in across)
        and len(below) >= 6
        and _filled(below)
        and _filled(right)
        and _runs_on(below)
        and _runs_on(right)
    )


def _words_in(pc: _Piece) -> int:
    """How many words a piece holds: its space glyphs, or gaps of a fifth of its size
    where the PDF draws none, parting them."""
    inked = [c for c in pc.chars if c[0].strip()]
    breaks = sum(
        1
        for a, b in itertools.pairwise(pc.chars)
        if b[0] == " " or (a[0] != " " and b[1] - a[3] > 0.2 * pc.size)
    )
    return min(len(inked), breaks + 1) if inked else 0


def _runs_on(column: list[_Piece]) -> bool:
    """Does *column* read as running text: lines of four words or more (a median of
    them), half after the first at least going on in lower case from the line above (a
    table's rows each open anew; its cells hold a word or two)?"""
    ordered = sorted(column, key=lambda pc: pc.top)
    words = sorted(_words_in(pc) for pc in ordered)
    starts = [_piece_text(pc).lstrip()[:1] for pc in ordered[1:]]
    return words[len(words) // 2] >= 4 and 2 * sum(1 for ch in starts if ch.islower()) >= len(
        starts
    )


def _gutter_under_block(pieces: list[_Piece], raw: RawPage) -> float | None:
    """The gutter of two columns that a block set across them interrupts (a chapter's
    title and abstract above the columns, a figure's caption below), or None. The block's
    lines, each wider than three fifths of the text, hide the gutter from `_gutter`; it
    is looked for among the other pieces, and holds when six at least stand on each side,
    no wide line stands between the first and the last piece of the right-hand column (a
    page of one column has its full lines all down the page), the wide lines stand on one
    side of the columns only, and the columns run down two fifths of the page at least
    (one of them may run short; a running head or folio in the page's top or bottom band
    is no line of either; a table amid prose has none of this)."""
    if not pieces:
        return None
    extent = _extent(pieces)
    wide = [pc for pc in pieces if pc.x1 - pc.x0 > 0.6 * extent]
    narrow = [pc for pc in pieces if pc.x1 - pc.x0 <= 0.6 * extent]
    if not wide or len(narrow) < 12:
        return None
    g = _gutter(narrow, raw.width, raw.height)
    if g is None:
        # The block's shorter lines (its title, a lead-in line) cross the gutter too: look
        # below its last wide line, or above its first
        below = [pc for pc in narrow if pc.top > max(w.top for w in wide)]
        above = [pc for pc in narrow if pc.top < min(w.top for w in wide)]
        side = below if len(below) >= len(above) else above
        if len(side) < 12:
            return None
        g = _gutter(side, raw.width, raw.height)
        if g is None:
            return None
        narrow = side
    # (a running head at the outside corner, a folio at the foot, stand in the page's top
    # and bottom bands, as `_gutter` leaves them out: no line of either column)
    body = [pc for pc in narrow if 0.08 * raw.height < pc.top < 0.92 * raw.height]
    right = [pc.top for pc in body if pc.x0 >= g]
    left = [pc for pc in body if pc.x1 <= g]
    if _index_page(narrow, g) and len(right) >= 2 and len(left) >= 6:
        return g  # an index's last page, its right-hand column run short
    if len(right) < 6 or len(left) < 6:
        return None
    top, bottom = min(right), max(right)
    if any(top <= pc.top <= bottom for pc in wide):
        return None
    if any(pc.top < top for pc in wide) and any(pc.top > bottom for pc in wide):
        return None  # a block above and one below: a table amid prose, no columns
    # (the left-hand column's lines count too: a column run short at a section's end
    # leaves the other to run down the page)
    tops = [pc.top for pc in pieces]
    down = [*right, *(pc.top for pc in left)]
    if max(down) - min(down) < 0.4 * (max(tops) - min(tops)):
        return None
    if not (_filled(left) and _filled([pc for pc in body if pc.x0 >= g])):
        return None  # a table's cells below the prose
    return g


# An index entry's end: a locator after a comma (``, 142``, ``, 143f``, ``, 142n2``,
# ``, xiv``, a range ``, 3–4``, a chapter and verse ``, 2:9–11``, ``, 1:12–2:3``), a
# cross-reference, or a letter heading alone
ENTRY_END_RE = regex.compile(
    r",\s*(?:\d+[a-z]?\d*(?:[–-]\d+[a-z]?\d*)?|\d{1,3}:\d{1,3}(?:[–-]\d{1,3}(?::\d{1,3})?)?"
    r"|[ivxlc]{1,6}(?:[–-][ivxlc]{1,6})?)[.,;]?$"
    r"|[.,;]\s*[Ss]ee(?:\s*also)?\s*\S|^\p{Lu}$"
)  # (after a comma: a table's cells end in bare figures)


def _index_page(pieces: list[_Piece], g: float | None = None) -> bool:
    """Do most of *pieces* end as a back-of-book index's entries do (a locator, a
    cross-reference, or a letter heading alone)? Twelve pieces at least. With the gutter
    *g* of two columns, only the lines from the right-hand column's first down count (a
    title above the columns is no entry), and of them only those that begin at their
    column's left edge: an entry's turnover lines, set in, end where the entry's words
    run out (``Lane``)."""
    if len(pieces) < 12:
        return False
    counted = pieces
    if g is not None:
        right = [pc for pc in pieces if pc.x0 >= g and not _folio_piece(pc)]
        if not right:
            return False
        top = min(pc.top - pc.size for pc in right)
        counted = []
        for side in (
            [pc for pc in pieces if pc.x1 <= g and pc.top >= top and not _folio_piece(pc)],
            right,
        ):
            if side:
                flush = min(pc.x0 for pc in side)
                counted += [pc for pc in side if pc.x0 - flush <= 0.5 * pc.size]
        if len(counted) < 12:
            return False
    ends = sum(1 for pc in counted if ENTRY_END_RE.search(_piece_text(pc).strip()))
    return 5 * ends >= 4 * len(counted)


def _filled(column: list[_Piece]) -> bool:
    """Are *column*'s pieces lines of text that fill their column: half of them at least as
    wide as three fifths of it, and three in five starting at its left edge (a paragraph's
    first line set in a little)? A table's cells stand short and at several edges."""
    if not column:
        return False
    x0 = min(pc.x0 for pc in column)
    width = max(pc.x1 for pc in column) - x0
    size = _median([pc.size for pc in column])
    full = sum(1 for pc in column if pc.x1 - pc.x0 >= 0.6 * width)
    flush = sum(1 for pc in column if pc.x0 - x0 <= 1.5 * size)
    return 2 * full >= len(column) and 5 * flush >= 3 * len(column)


def _order(
    pieces: list[_Piece], raw: RawPage, p: ExtractParams, hint: float | None = None
) -> list[tuple[int, list[_Piece]]]:
    """Pieces in reading order, as (column, pieces that share a printed line); column 0 is
    the full width, 1 and 2 the left and right column of a two-column page (1 to 3 from
    the left on a page of three, see `_third`).

    *hint* is a gutter `row_gutter` found among the page's rows: where the pieces show
    none (a short title centred over a page of few lines, an index's ``Index``, stands
    across it), it holds when the two sides do not share their baselines (`_own_baselines`).

    On a two-column page, what stands above the first line with text in both columns, in
    the page's top band (a running head at the outside corner) or above a title set across
    both columns (a chapter number), comes first, and what
    stands below the last such line in the bottom band (a folio, a note set across) comes
    last, even when it lies on one side of the gutter."""
    g = None
    if p.columns:
        g = _gutter(pieces, raw.width, raw.height) or _gutter_under_block(pieces, raw)
        if (
            g is None
            and hint is not None
            and (
                _own_baselines(pieces, hint)
                or _crossed_by_display(pieces, hint)
                or _titled_columns(pieces, hint, raw)
            )
        ):
            g = hint
    if g is None:
        return [(0, grp) for grp in _printed_lines(pieces)]
    g = _past_gutter(pieces, g)
    spanning = [pc for pc in pieces if pc.x0 < g < pc.x1]
    left = [pc for pc in pieces if pc.x1 <= g]
    right = [pc for pc in pieces if pc.x0 >= g]
    if _number_column(left, right):
        return [(0, grp) for grp in _printed_lines(pieces)]
    # (a folio beside the running head across the gutter is no row of the columns)
    # (nor a running foot across the gutter, set apart below both columns' text)
    foot_band = 0.9 * raw.height
    both = [
        pc.top
        for pc in left
        if not _folio_piece(pc)
        and not (pc.top > foot_band and not _goes_on(pc, left))
        and any(abs(q.top - pc.top) < 0.5 * pc.size and not _folio_piece(q) for q in right)
    ]
    # where the columns begin: their first line side by side (a chapter number standing
    # on one side above the title is no column text)
    cols_top = min(both) if both else min((pc.top for pc in left + right), default=0)
    above = [pc for pc in spanning if pc.top <= cols_top]
    below = [pc for pc in spanning if pc.top > cols_top]
    if both:
        first, last = min(both), max(both)
        # the page's top band, or above a title set across both columns
        top_band = max([0.1 * raw.height, *(pc.top for pc in above)])
        text_size = _median([pc.size for pc in left + right])
        edge = [
            pc
            for pc in left + right
            if (
                pc.top < first - 0.5 * pc.size and (pc.top < top_band or pc.size >= 1.3 * text_size)
            )
            or (
                pc.top > last + 0.5 * pc.size
                and pc.top > foot_band
                and not _goes_on(pc, left if pc.x1 <= g else right)
            )
        ]
        cut = max((pc.top for pc in edge if pc.top < first), default=None)
        if cut is not None:
            # what stands above a title moved above the columns goes with it ("Chapter 1"
            # over "Overview")
            ids = set(map(id, edge))
            edge += [pc for pc in left + right if pc.top < cut and id(pc) not in ids]
        if edge:
            ids = set(map(id, edge))
            left = [pc for pc in left if id(pc) not in ids]
            right = [pc for pc in right if id(pc) not in ids]
            above += [pc for pc in edge if pc.top < first]
            below += [pc for pc in edge if pc.top > last]
    dividers = _dividers(left, right, below, raw)
    if dividers:
        ids = set(map(id, dividers))
        left = [pc for pc in left if id(pc) not in ids]
        right = [pc for pc in right if id(pc) not in ids]
        below = [pc for pc in below if id(pc) not in ids]
    ordered = [(0, grp) for grp in _printed_lines(above)]
    bands = _printed_lines(dividers)
    cuts = [min(pc.top for pc in band) for band in bands]
    # (each piece in one section: the number of dividers at or above its top)
    sections_left = [[] for _ in range(len(bands) + 1)]
    sections_right = [[] for _ in range(len(bands) + 1)]
    for pc in left:
        sections_left[bisect.bisect_right(cuts, pc.top)].append(pc)
    for pc in right:
        sections_right[bisect.bisect_right(cuts, pc.top)].append(pc)
    for k, (sec_left, sec_right) in enumerate(zip(sections_left, sections_right, strict=True)):
        # each section: its left-hand column, its right-hand one, then the line across
        # (or beside an empty stretch of the other column) that closes it
        columns = [*_third(sec_left, sec_right, raw), *_third(sec_right, sec_left, raw)]
        ordered += [(j, grp) for j, col in enumerate(columns, 1) for grp in _printed_lines(col)]
        if k < len(bands):
            ordered.append((0, bands[k]))
    return ordered + [(0, grp) for grp in _printed_lines(below)]


def _dividers(
    left: list[_Piece], right: list[_Piece], below: list[_Piece], raw: RawPage
) -> list[_Piece]:
    """The headings that part a two-column page into sections, each read left column then
    right before the heading that closes it (Writer's sections of balanced columns under
    headings set in the page's one column): a heading larger than the text, with column
    text above and below it, set across the gutter (it would go after both columns
    otherwise), or on one side beside an empty stretch of the other column, where the
    next section's columns begin level below it (``Light, warmth and depth`` under a
    section whose right-hand column holds one line). In one column's flow a heading can
    stand beside a figure in the other (drawn there: no empty stretch) or beside the gap
    after it, but the other column goes on below at its own height."""
    if not left or not right:
        return []
    text = _median([pc.size for pc in left + right])
    tops = [pc.top for pc in left + right]
    first, last = min(tops), max(tops)
    out = [pc for pc in below if first < pc.top < last and pc.size >= 1.15 * text]
    for side, other in ((left, right), (right, left)):
        for pc in side:
            if pc.size < 1.15 * text:
                continue
            lo, hi = pc.top - 0.6 * pc.size, pc.bottom + 0.6 * pc.size
            if any(q.top < hi and q.bottom > lo for q in other):
                continue
            x0, x1 = min(q.x0 for q in other), max(q.x1 for q in other)
            if any(
                gx0 < x1
                and gx1 > x0
                and gy0 < pc.bottom + 0.3 * pc.size
                and gy1 > pc.top - 0.3 * pc.size
                for gx0, gy0, gx1, gy1 in raw.graphics
            ):
                continue  # a figure drawn beside it
            under = [
                min((q.top for q in col if q.top > pc.bottom), default=None)
                for col in (side, other)
            ]
            if None in under or abs(under[0] - under[1]) > 0.8 * text:
                continue
            if all(any(q.top < pc.top for q in col) for col in (side, other)):
                out.append(pc)
    return out


def _crossed_by_display(pieces: list[_Piece], g: float) -> bool:
    """Do only headings and notes stand across the gutter *g* (set larger or smaller than
    the text of the columns on either side, which fill their columns, six lines at
    least), and the folio, with a heading among the columns' lines? Writer's sections of
    two columns under one-column headings, notes across the page's foot. (A table's
    cells under its title fill their columns too, with nothing across them below it.)"""
    across = [pc for pc in pieces if pc.x0 < g < pc.x1 and not _folio_piece(pc)]
    left = [pc for pc in pieces if pc.x1 <= g and not _folio_piece(pc)]
    right = [pc for pc in pieces if pc.x0 >= g and not _folio_piece(pc)]
    if not across or len(left) < 6 or len(right) < 6:
        return False
    text = _median([pc.size for pc in left + right])
    if any(0.87 * text < pc.size < 1.15 * text for pc in across):
        return False
    if not any(
        pc.size >= 1.15 * text
        and all(
            any(q.top < pc.top for q in col) and any(q.top > pc.top for q in col)
            for col in (left, right)
        )
        for pc in across
    ):
        return False
    return _filled(left) and _filled(right)


def _own_baselines(pieces: list[_Piece], g: float) -> bool:
    """Do the two sides of the gutter *g* keep baselines of their own: of the right-hand
    pieces that stand within half a size of a left-hand one (and so would share its
    printed line), two at least, and a third at least, stand off it by more than a
    seventh of the size? Two columns set each to its own spacing (an index's letter
    groups apart by different gaps) drift apart; a table's cells share their row's
    baseline, a hair apart at most.

    >>> def pc(x0, top, text="entry, 3"):
    ...     return _Piece([(ch, x0 + 5 * k, top, x0 + 5 * k + 4, top + 10, 10.0, False)
    ...                    for k, ch in enumerate(text)]).finish()
    >>> rows = [pc(40, 100 + 12 * i) for i in range(6)]
    >>> _own_baselines(rows + [pc(200, 102.5 + 12 * i) for i in range(6)], 150.0)
    True
    >>> _own_baselines(rows + [pc(200, 100.2 + 12 * i) for i in range(6)], 150.0)
    False
    """
    left = [pc for pc in pieces if pc.x1 <= g and not _folio_piece(pc)]
    near = off = 0
    for pc in pieces:
        if pc.x0 < g or _folio_piece(pc):
            continue
        d = min((abs(q.top - pc.top) for q in left), default=math.inf)
        if d < 0.5 * pc.size:
            near += 1
            if d > pc.size / 7:
                off += 1
    return off >= 2 and 3 * off >= near


def _past_gutter(pieces: list[_Piece], g: float) -> float:
    """The gutter *g* moved right, past the left-hand column's lines that run into it
    (``estuaries, 61–62, 229–37; see also Marrow Flats;``, its right-hand neighbour cut
    off by `_split_at_gutter`): lines that begin at the column's left edge and end short
    of the right-hand column's, by a space at least half their size. A heading set across
    the gutter begins further in, or ends in the right-hand column, and still spans it."""
    starts = [pc.x0 for pc in pieces if pc.x0 >= g and not _folio_piece(pc)]
    flush = [pc.x0 for pc in pieces if pc.x1 <= g]
    if not starts or not flush:
        return g
    edge, x0 = min(starts), min(flush)
    into = [
        pc.x1
        for pc in pieces
        if pc.x0 < g < pc.x1 and pc.x0 - x0 <= 3 * pc.size and pc.x1 <= edge - 0.5 * pc.size
    ]
    return (max(into) + edge) / 2 if into else g


NUMBERS_RE = regex.compile(
    r"^[(\[]?\d{1,5}[a-z]?(?:\s?[–,-]\s?\d{1,5}[a-z]?)*[)\]]?$"
    r"|^(?:[ivxlc]{1,7}|[IVXLC]{1,7})$"  # (a contents' front-matter pages: "iv")
)


def _number_column(left: list[_Piece], right: list[_Piece]) -> bool:
    """Is the "right column" only numbers, each beside a line of the left one: the hymn or
    page numbers of an index of first lines or a contents page, ranged right far from
    their titles? Then they are no column, and each goes on its title's line."""
    if len(right) < 3 or not left:
        return False
    if not all(NUMBERS_RE.match(_piece_text(pc).strip()) for pc in right):
        return False
    beside = sum(1 for pc in right if any(abs(q.top - pc.top) < 0.5 * pc.size for q in left))
    return 5 * beside >= 4 * len(right)


def _extent(pieces: list[_Piece]) -> float:
    return max(pc.x1 for pc in pieces) - min(pc.x0 for pc in pieces) if pieces else 0.0


def _third(side: list[_Piece], other: list[_Piece], raw: RawPage) -> list[list[_Piece]]:
    """One side of a two-column page, cut in two where it holds two columns itself (a
    three-column index): a gutter in its middle that no piece crosses below the top of
    its right-hand column, five pieces at least on each hand, three columns of about one
    width and one size, and two lines in five ending in a page number (a table across
    the page keeps its rows)."""
    if len(side) < 10 or not other:
        return [side]
    x0, x1 = min(pc.x0 for pc in side), max(pc.x1 for pc in side)
    g2 = _gutter(side, raw.width, raw.height, span=(x0, x1))
    if g2 is None:
        return [side]
    a = [pc for pc in side if pc.x1 <= g2]
    b = [pc for pc in side if pc.x0 >= g2]
    across = [pc for pc in side if pc.x0 < g2 < pc.x1]
    if min(len(a), len(b)) < 5 or any(pc.top >= min(q.top for q in b) for pc in across):
        return [side]
    widths = [_extent(other), _extent(a), _extent(b)]
    sizes = [_median([pc.size for pc in col]) for col in (other, a, b)]
    if max(widths) > 1.6 * min(widths) or max(sizes) > 1.05 * min(sizes):
        return [side]
    # index entries end in their page numbers (a table's rows read across: they stay)
    ends = [_piece_text(pc).rstrip(" .;")[-1:] for col in (other, a, b) for pc in col]
    if 5 * sum(1 for e in ends if e.isdigit() or e in "ftn") < 2 * len(ends):
        return [side]
    return [across + a, b]  # (a line across both above them, a note, comes first)


def _piece_text(pc: _Piece) -> str:
    """A piece's characters as text."""
    return "".join(c[0] for c in pc.chars)


def _goes_on(pc: _Piece, column: list[_Piece]) -> bool:
    """Does *pc* go on with its column's text: set one line below a line of the column, in
    its size and from about its left edge, or below the column's last line by a step its
    lines take twice elsewhere (an index's gap between letter groups)? (A column's last
    line can reach into the foot band; a folio or a note there stands apart, mostly in
    another size.)"""
    alike = [
        q
        for q in column
        if q is not pc and abs(q.size - pc.size) <= 0.3 and abs(q.x0 - pc.x0) <= 3 * pc.size
    ]
    if any(0 < pc.top - q.top <= 1.8 * pc.size for q in alike):
        return True
    above = [q.top for q in alike if q.top < pc.top]
    if len(above) < 3:
        return False
    step = pc.top - max(above)
    tops = sorted(above)
    return sum(1 for a, b in itertools.pairwise(tops) if abs(b - a - step) <= 0.05 * pc.size) >= 2


FOLIO_TEXT_RE = regex.compile(r"^(?:\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})$")


def _in_margin(pieces: list[_Piece], width: float) -> list[_Piece]:
    """Narrow pieces set in the page's side margin, wholly outside the text block (a folio
    set halfway down the outer margin, side notes, line numbers): the block spans every
    piece that holds a seventh of the page's width or more, four at least (a column's
    lines, a table's rows).
    """
    wide = [pc for pc in pieces if pc.x1 - pc.x0 >= width / 7]
    if len(wide) < 4:
        return []
    left = min(pc.x0 for pc in wide)
    right = max(pc.x1 for pc in wide)
    out = [
        pc
        for pc in pieces
        if pc.x1 - pc.x0 < width / 7
        and (pc.x1 < left - 0.5 * pc.size or pc.x0 > right + 0.5 * pc.size)
    ]
    # Notes set smaller in a wide side margin hold a seventh of the page too: the text
    # block is where most wide pieces in the body's size begin and end.
    text = _median([pc.size for pc in wide])
    body = [pc for pc in wide if abs(pc.size - text) <= 0.05 * text]
    b_left = _median([pc.x0 for pc in body]) if body else 0.0
    # (one column of text: nearly all its lines begin at one edge, or a paragraph's indent in)
    if len(body) >= 4 and 5 * sum(1 for pc in body if abs(pc.x0 - b_left) <= 3 * text) >= 4 * len(
        body
    ):
        b_right = _median([pc.x1 for pc in body])
        ids = set(map(id, out))
        out += [
            pc
            for pc in pieces
            if id(pc) not in ids
            and pc.size <= 0.9 * text
            and not _folio_piece(pc)  # (a head's folio at the outer corner: its row's)
            and (pc.x1 < b_left - 0.5 * text or pc.x0 > b_right + 0.5 * text)
            and sum(1 for q in pieces if q.x1 < b_left - 0.5 * text) < 0.4 * len(pieces)
        ]

    def table_cell(pc: _Piece) -> bool:
        # a table's last column may reach past the prose: its row holds other cells and
        # no line of text (a side note stands beside a line of text, or alone; and one in
        # the left margin beside a table's row is no cell of it: tables begin at the text)
        row = [q for q in pieces if q is not pc and abs(q.top - pc.top) < 0.5 * pc.size]
        right_side = any(q.x1 <= pc.x0 for q in row)
        return bool(row) and right_side and all(q.x1 - q.x0 < width / 7 for q in row)

    out = [pc for pc in out if not table_cell(pc)]
    if out and _index_page(pieces):
        # an index has no side notes: its entries out at the side are a short column's
        # (``keeping, 5`` / ``stock, 5, 6`` beside the first rows of a long left one)
        out = [pc for pc in out if not ENTRY_END_RE.search(_piece_text(pc).strip())]
    ids = set(map(id, out))
    column = _numbers_beside(out, [pc for pc in pieces if id(pc) not in ids])
    return [pc for pc in out if id(pc) not in column]


def _numbers_beside(margin: list[_Piece], text: list[_Piece]) -> set[int]:
    """The ids of the numbers among *margin* that stand beside nearly every line of text
    in their stretch of the page, each on a line's row: an index of first lines' or a
    contents page's numbers ranged right far from their titles, which go on their titles'
    lines. (Line numbers of verse, every fifth line, and paragraph numbers beside a
    paragraph's first line stand beside few lines: they stay in the margin.)"""
    nums = [pc for pc in margin if NUMBERS_RE.match(_piece_text(pc).strip())]
    if len(nums) < 3:
        return set()

    def rows_between(lo: float, hi: float) -> list[float]:
        rows: list[float] = []
        for q in sorted(text, key=lambda q: q.top):
            if lo - 0.5 * q.size <= q.top <= hi + 0.5 * q.size and (
                not rows or q.top - rows[-1] >= 0.5 * q.size
            ):
                rows.append(q.top)
        return rows

    rows = rows_between(min(pc.top for pc in nums), max(pc.top for pc in nums))
    beside = [pc for pc in nums if any(abs(r - pc.top) < 0.5 * pc.size for r in rows)]
    if len(beside) < 3:
        return set()
    # (their stretch is where the numbers beside lines stand: the page's folio alone at
    # its foot, far below a contents page's last title, is none of it)
    lo, hi = min(pc.top for pc in beside), max(pc.top for pc in beside)
    nums = [pc for pc in nums if lo - 0.5 * pc.size <= pc.top <= hi + 0.5 * pc.size]
    rows = rows_between(lo, hi)
    if 5 * len(beside) < 4 * len(nums) or 5 * len(beside) < 3 * len(rows):
        return set()
    return set(map(id, beside))


def _with_margin(
    groups: list[tuple[int, list[_Piece]]], margin: list[_Piece]
) -> list[tuple[int, list[_Piece]]]:
    """*groups* (`_order`) with the margin's pieces as lines of their own: a lone page
    number last (where page numbers are looked for), other text before the line it stands
    beside (a side note before its paragraph's line)."""
    out = list(groups)
    folios = []
    notes: list[list[_Piece]] = []
    for pc in sorted(margin, key=lambda pc: (pc.top, pc.x0)):
        text = _piece_text(pc).strip()
        if FOLIO_TEXT_RE.match(text):
            folios.append((0, [pc]))
            continue
        last = notes[-1][-1] if notes else None
        if (
            last is not None
            and abs(last.x0 - pc.x0) <= 2 * pc.size
            and 0 <= pc.top - last.bottom < 0.8 * pc.size
        ):
            notes[-1].append(pc)  # the note's next line
        else:
            notes.append([pc])
    lefts = [round(grp[0].x0) for _, grp in out]
    flush = min(lefts, key=lambda x: (-lefts.count(x), x)) if lefts else 0.0
    for note in notes:
        first = note[0]
        if len(note) == 1 and out:
            # the far part of the page's first printed line, on its row in its size: a
            # running head's other half (``A Walk Round Kelderwick`` … ``Index``), no note
            col, grp = out[0]
            if (
                abs(grp[0].top - first.top) < 0.5 * first.size
                and abs(grp[0].size - first.size) < 0.05 * first.size
                and first.x0 > max(pc.x1 for pc in grp)
                and not any(g[0].top < first.top - 0.5 * first.size for _, g in out)
            ):
                out[0] = (col, [*grp, first])
                continue
        at = next(
            (k for k, (_, grp) in enumerate(out) if grp[0].top >= first.top - 0.5 * first.size),
            len(out),
        )
        # A note beside a paragraph's first line goes before the paragraph; one beside a
        # later line after it (the paragraph is not cut): it ends before a line set in, a
        # line after a gap, or a line in another size.
        if 0 < at < len(out) and not _opens(out[at - 1][1][0], out[at][1][0], flush):
            at += 1
            while at < len(out) and not _opens(out[at - 1][1][0], out[at][1][0], flush):
                at += 1
        for k, pc in enumerate(note):
            out.insert(at + k, (0, [pc]))
    return out + folios


def _opens(before: _Piece, line: _Piece, flush: float) -> bool:
    """Does *line* (its first piece) open a paragraph after *before*: set in from the
    text's left edge *flush*, after a gap of more than a line, or in another size?"""
    return (
        line.x0 > flush + 0.5 * line.size
        or line.top - before.bottom > 0.8 * line.size
        or abs(line.size - before.size) > 0.1 * line.size
    )


def _folio_piece(pc: _Piece) -> bool:
    """Is the piece a page number alone (``94``, ``xii``)?"""
    return FOLIO_TEXT_RE.match(_piece_text(pc).strip()) is not None


def _column_starts(rows: list[list[_Piece]]) -> list[float]:
    """The left edges of a table's columns: piece starts that two rows or more share
    (within 2 pt), left to right."""
    xs = sorted(pc.x0 for row in rows for pc in row)
    starts: list[list[float]] = []
    for x in xs:
        if starts and x - starts[-1][-1] <= 2.0:
            starts[-1].append(x)
        else:
            starts.append([x])
    return [min(group) for group in starts if len(group) >= 2]


def _split_at_columns(pc: _Piece, starts: list[float]) -> list[_Piece]:
    """A piece that runs over a column's start, cut there where a word begins at it
    (two cells set closer than a column gap: ``Feet leaving the circle Warning``)."""
    cuts = []
    for x in starts:
        if not pc.x0 + 2.0 < x < pc.x1 - 1.0:
            continue
        for k in range(1, len(pc.chars)):
            c, before = pc.chars[k], pc.chars[k - 1]
            if (
                abs(c[1] - x) <= 1.5
                and c[0].strip()
                and (not before[0].strip() or c[1] - before[3] > 0.15 * c[5])
            ):
                cuts.append(k)
                break
    return _cut_at(pc, cuts) if cuts else [pc]


def _cut_at(pc: _Piece, cuts: list[int]) -> list[_Piece]:
    """*pc* cut before each character index of *cuts*, each part without its outer
    spaces (an empty part left out)."""
    out, last = [], 0
    for k in [*sorted(set(cuts)), len(pc.chars)]:
        if chars := _strip_spaces(pc.chars[last:k]):
            out.append(_Piece(chars).finish())
        last = k
    return out


def _block_edges(pieces: list[_Piece], width: float) -> tuple[float, float] | None:
    """The text block's left and right edges: where most lines a third of the page wide
    or more begin and end (within 1 pt), with eight such lines at least."""
    wide = [pc for pc in pieces if pc.x1 - pc.x0 >= width / 3]
    if len(wide) < 8:
        return None
    lefts = collections.Counter(round(pc.x0) for pc in wide)
    rights = collections.Counter(round(pc.x1) for pc in wide)
    left, nl = lefts.most_common(1)[0]
    right, nr = rights.most_common(1)[0]
    if nl < 0.4 * len(wide) or nr < 0.3 * len(wide):
        return None
    return float(left), float(right)


def _split_at_block_edges(pieces: list[_Piece], width: float) -> list[_Piece]:
    """Pieces that run from a side margin into the text block (a sidebar's line and a
    caption's set in one size, closer than a column gap: ``The data in Table 4.2 are``
    ``Table 4.1 Heat flow …``), cut at the block's edge where a gap wider than a word
    space stands there."""
    edges = _block_edges(pieces, width)
    if edges is None:
        return pieces
    left, right = edges

    def wide_gap_at(pc: _Piece, edge: float) -> int | None:
        """The index of the character after a gap wider than a word space that spans
        *edge* (within 1.5 pt: it may end where a table's cell is set in from it)."""
        for k in range(1, len(pc.chars)):
            c, b = pc.chars[k], pc.chars[k - 1]
            if (
                b[3] <= edge + 1.5
                and c[1] >= edge - 1.5
                and c[0].strip()
                and c[1] - b[3] > 1.2 * c[5]
            ):
                return k
        return None

    out: list[_Piece] = []
    for pc in pieces:
        cut = None
        if pc.x0 < left - pc.size and pc.x1 > left + pc.size:
            cut = wide_gap_at(pc, left)
        elif pc.x0 < right - pc.size and pc.x1 > right + pc.size:
            cut = wide_gap_at(pc, right)
        side = pc.chars[:cut] if cut is not None and pc.x0 < left - pc.size else pc.chars[cut:]
        if cut is None or len(_piece_words(side)) < 3:
            out.append(pc)  # (a label hung in the margin, a chapter's number, is its line's)
            continue
        out.extend(_cut_at(pc, [cut]))
    return out


def _split_at_gutter(pieces: list[_Piece], raw: RawPage) -> list[_Piece]:
    """Pieces that run across the gutter of two columns, cut where the right-hand
    column's lines begin, after a gap wider than a word space: a left-hand line that
    ends closer to the gutter than a column gap and the right-hand line beside it
    (``bank, Hebden and Cole's, 1, 1n1 Tanyard Row. See Sheepwash``). The right-hand
    column's edge is the leftmost start two of its pieces share (within 1 pt). A heading
    set across both columns has no such gap there, and stays whole."""
    band = (0.3 * raw.width, 0.7 * raw.width)
    if not any(pc.x0 < band[0] and pc.x1 > band[1] and _wide_gap(pc) for pc in pieces):
        return pieces  # the common case: no line across the middle with a wide gap
    g = _gutter(pieces, raw.width, raw.height) or _gutter_under_block(pieces, raw)
    if g is None:
        return pieces
    starts = sorted(pc.x0 for pc in pieces if pc.x0 >= g and not _folio_piece(pc))
    shared = [a for a, b in itertools.pairwise(starts) if b - a <= 1.0]
    if not shared:
        return pieces
    edge = shared[0]
    out: list[_Piece] = []
    for pc in pieces:
        cut = None
        if pc.x0 < g < pc.x1:
            for k in range(1, len(pc.chars)):
                c, b = pc.chars[k], pc.chars[k - 1]
                if abs(c[1] - edge) <= 1.0 and c[0].strip() and c[1] - b[3] > 1.2 * c[5]:
                    cut = k
                    break
        out.extend(_cut_at(pc, [cut]) if cut is not None else [pc])
    return out


def _wide_gap(pc: _Piece) -> bool:
    """Does *pc* hold a gap between two characters wider than 1.2 times the type size?"""
    return any(c[1] - b[3] > 1.2 * c[5] for b, c in itertools.pairwise(pc.chars))


def _piece_words(chars: list[Char]) -> list[str]:
    """The words of a run of characters, split at its space glyphs and wide gaps."""
    words, word, prev = [], "", None
    for c in chars:
        if not c[0].strip() or (prev is not None and c[1] - prev[3] > 0.25 * c[5]):
            if word:
                words.append(word)
            word = c[0].strip()
        else:
            word += c[0]
        prev = c
    return [*words, word] if word else words


def _cell_turnovers(
    groups: list[tuple[int, list[_Piece]]],
) -> tuple[list[tuple[int, list[_Piece]]], dict[int, list[_Piece]]]:
    """A table's rows with their cells' wrapped lines put back in their cells: in a run of
    tightly set lines (two rows at least with two cells or more), a line set closer to the
    row above than the table sets its rows apart, or one that leaves the first column
    empty, is the row's turnover; each of its pieces goes under the cell of its column
    (``Feet leaving the circle`` / ``before the boule lands``). Pieces that run over a
    column's start are cut there first. Returns the groups and, for each piece cut, the
    pieces that replace it (by id)."""
    out: list[tuple[int, list[_Piece]]] = []
    replaced: dict[int, list[_Piece]] = {}
    i = 0
    while i < len(groups):
        col, first = groups[i]
        if len(first) < 2:  # (a table's run begins at a row of two cells or more)
            out.append(groups[i])
            i += 1
            continue
        j = i + 1
        while (
            j < len(groups)
            and groups[j][0] == col
            and groups[j][1][0].top - max(pc.bottom for pc in groups[j - 1][1])
            < 0.9 * groups[j][1][0].size
            and abs(groups[j][1][0].size - first[0].size) < 0.1 * first[0].size
        ):
            j += 1
        run = [g for _, g in groups[i:j]]
        left, right = min(g[0].x0 for g in run), max(pc.x1 for g in run for pc in g)
        prose = any(g[0].x1 - g[0].x0 > 0.6 * (right - left) for g in run if len(g) == 1)
        if len(first) < 2 or sum(len(g) >= 2 for g in run) < 2 or len(run) < 3 or prose:
            # (lines of prose across the measure between them: a displayed formula and its
            # number, not a table's rows)
            out.append(groups[i])
            i += 1
            continue
        starts = _column_starts(run)
        if len(starts) < 2:
            out.extend(groups[i:j])
            i = j
            continue
        cut_run = []
        for g in run:
            row = []
            for pc in g:
                parts = _split_at_columns(pc, starts)
                if len(parts) > 1:
                    replaced[id(pc)] = parts
                row.extend(parts)
            cut_run.append(row)
        gaps = [b[0].top - max(pc.bottom for pc in a) for a, b in itertools.pairwise(cut_run)]
        size = first[0].size
        # Rows set further apart than a cell's lines: between the body's rows (after the
        # first gap, a header's), the wider spacing shows twice at least, the tighter too.
        body = gaps[1:]
        wide, tight = max(gaps), min(gaps)
        spaced = (
            wide - tight > 0.25 * size
            and sum(g > wide - 0.25 * size for g in body) >= 2
            and sum(g < wide - 0.25 * size for g in body) >= 1
        )

        def column(pc: _Piece, starts: list[float] = starts) -> int:
            return max((k for k, x in enumerate(starts) if x <= pc.x0 + 2.0), default=0)

        merged: list[list[_Piece]] = [cut_run[0]]
        for gap, row in zip(gaps, cut_run[1:], strict=True):
            first_empty = column(row[0]) > 0
            turnover = (spaced and gap < wide - 0.25 * size) or (not spaced and first_empty)
            if not turnover:
                merged.append(row)
                continue
            cells = merged[-1]
            for pc in row:
                k = column(pc)
                home = next((c for c in cells if column(c) == k), None)
                if home is None:
                    cells.append(pc)
                    cells.sort(key=lambda c: c.x0)
                else:
                    home.below = (*home.below, pc)
        out.extend((col, row) for row in merged)
        i = j
    return out, replaced


def _printed_lines(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped into printed lines (a table's cells stay on their row), top to bottom."""
    # Pieces whose tops and feet lie within half a size of the band's first share its row, whatever
    # their order by top (a table's cells in two fonts sit a hair apart: the right-hand
    # cell's top may be the higher); each row is read left to right, and a piece that
    # overlaps the one before it starts a line of its own.
    bands: list[list[_Piece]] = []
    for pc in sorted(pieces, key=lambda pc: (pc.top, pc.x0)):
        first = bands[-1][0] if bands else None
        if (
            first is not None
            and abs(first.top - pc.top) < 0.5 * pc.size
            # (and their feet: a small letter beside a large title's top is no row of it)
            and abs(first.bottom - pc.bottom) < 0.5 * min(pc.size, first.size)
        ):
            bands[-1].append(pc)
        else:
            bands.append([pc])
    out: list[list[_Piece]] = []
    for band in bands:
        rows: list[list[_Piece]] = []
        for pc in sorted(band, key=lambda pc: pc.x0):
            row = next((r for r in rows if pc.x0 >= r[-1].x1), None)
            if row is None:
                rows.append([pc])
            else:
                row.append(pc)
        out.extend(rows)
    return out


def page_lines(raw: RawPage, p: ExtractParams) -> list[Line]:
    """Build the lines of one page (reading order, spaces, indentation, blank lines).

    Characters a tagged PDF draws as /Artifact (running heads, folios, watermarks) make
    lines of their own, marked ``geom.artifact``: those above the middle of the page come
    before the text's lines, the others after them.
    """
    lines = _lines(raw, p)
    if not raw.artifacts:
        return lines
    marked = [
        Line(ln.text, ln.page, replace(ln.geom, artifact=True))
        for ln in _lines(RawPage(raw.number, raw.width, raw.height, raw.artifacts), p)
        if ln.geom is not None
    ]
    above = [ln for ln in marked if ln.geom.top < raw.height / 2]
    below = [ln for ln in marked if ln.geom.top >= raw.height / 2]
    return above + lines + below


DROP_CAP = 2.0  # a letter this many times the page's usual size may be an initial


def drop_caps(chars: list[Char]) -> tuple[list[Char], list[tuple[float, float, float]]]:
    """Set large initials into the first line they begin.

    A drop cap (a letter two or more lines tall at the start of a chapter) or a raised cap
    stands beside the first lines of its paragraph; by its vertical centre it would join
    the second or third line (``still T on the water``). A letter at least `DROP_CAP` times
    the page's median size, one or two such letters side by side (``“T``), with a line of
    ordinary text starting within one cap width to its right whose middle lies within the
    cap's height, gets that line's vertical extent and size, so it reads as that line's
    first word: ``T he harbour``, which the spacing stage joins like any split capital.
    A line of large letters (a chapter heading) is no initial. Also returns each initial's
    (right edge, top, bottom) as printed: the lines beside it are set in by it, not indented.

    >>> body = [(ch, 30.0 + 6 * k, 100.0, 35.0 + 6 * k, 111.0, 11.0, False)
    ...         for line in range(3) for k, ch in enumerate("abc")]
    >>> body = [(t, x, top + 14 * (i // 3), x1, b + 14 * (i // 3), s, m)
    ...         for i, (t, x, top, x1, b, s, m) in enumerate(body)]
    >>> cap = ("T", 0.0, 95.0, 24.0, 135.0, 40.0, False)
    >>> chars, caps = drop_caps([cap, *body])
    >>> [c for c in chars if c[0] == "T"], caps
    ([('T', 0.0, 100.0, 24.0, 111.0, 11.0, False)], [(24.0, 95.0, 135.0)])
    """
    if len(chars) < 8:
        return chars, []
    sizes = list(map(_SIZE, chars))
    least = DROP_CAP * _median(sizes)
    if max(sizes) < least:
        return chars, []  # the common case: no large letter on the page
    big = [i for i, c in enumerate(chars) if c[5] >= least and c[0].strip()]
    out = list(chars)
    caps = []
    for i in big:
        c = chars[i]
        if not c[0].isalpha():
            continue
        near = [
            chars[j]
            for j in big
            if chars[j][2] < c[4] and chars[j][4] > c[2] and abs(chars[j][1] - c[1]) <= 1.5 * c[5]
        ]
        if len(near) > 2:
            continue  # a word set large: a heading
        right = max(map(_X1, near))
        starts = [
            d
            for d in chars
            if d[5] < least
            and right - 1.0 <= d[1] <= right + c[5]
            and c[2] - 1.5 * (d[4] - d[2]) <= (d[2] + d[4]) / 2 <= c[4]
            and d[0].strip()
        ]
        inside = [d for d in starts if c[2] <= (d[2] + d[4]) / 2]
        if not inside:
            continue
        first = min(inside, key=lambda d: (d[2], d[1]))
        # A cap set a little small for its lines has its top below the first line's
        # middle: a line right above, set in as far as the lines beside the cap, is first.
        above = [
            d
            for d in starts
            if abs(d[1] - first[1]) <= 1.0 and 0 < first[2] - d[2] <= 1.6 * (first[4] - first[2])
        ]
        if above:
            first = min(above, key=lambda d: (d[2], d[1]))
        out[i] = (c[0], c[1], first[2], c[3], first[4], first[5], c[6])
        caps.append((right, c[2], c[4]))
        for j in big:  # an opening quote set as large as the cap goes with it
            d = chars[j]
            if j != i and d in near and not d[0].isalpha():
                out[j] = (d[0], d[1], first[2], d[3], first[4], first[5], d[6])
    return out, caps


def drawn_bullets(
    chars: list[Char], graphics: list[tuple[float, float, float, float]]
) -> list[Char]:
    """A bullet ``•`` for each list bullet drawn as a shape, not set as a character (a
    browser draws a list's discs as paths): a small mark about as wide as high, a fifth to
    three fifths of the text's size, level with the middle of the first letter to its right
    and a little before it, nothing of the line to its left, and two such marks at least
    in one column down the page (a list has items). Each takes the size and row of the
    letter after it.

    >>> text = [("r", 82.8, 160.0, 88.0, 172.0, 11.0, False), ("c", 82.8, 190.0, 88.0, 202.0, 11.0, False)]
    >>> [b[:2] for b in drawn_bullets(text, [(70.0, 163.0, 74.0, 166.5), (70.0, 193.0, 74.0, 196.5)])]
    [('•', 70.0), ('•', 70.0)]
    >>> drawn_bullets(text, [(70.0, 163.0, 74.0, 166.5)])  # one mark alone: a dot in a figure
    []
    """
    biggest = max(map(_SIZE, chars), default=0.0)
    small = [
        g
        for g in graphics
        if 0 < g[2] - g[0] <= 0.6 * biggest
        and 0 < g[3] - g[1] <= 0.6 * biggest
        and 0.6 <= (g[2] - g[0]) / (g[3] - g[1]) <= 1.6
    ]
    if len(small) > 200:
        return []  # (a chart's dots, no list)
    found: list[Char] = []
    for gx0, gy0, gx1, gy1 in small:
        w, h = gx1 - gx0, gy1 - gy0
        mid = (gy0 + gy1) / 2
        row = [c for c in chars if c[2] < mid < c[4] and c[0] != " "]
        after = [c for c in row if c[1] >= gx1]
        if not after or any(c[3] > gx0 - 3 * c[5] and c[1] < gx1 for c in row):
            continue
        first = min(after, key=_X0)
        size = first[5]
        top, bottom = first[2], first[4]
        if not (
            0.2 * size <= max(w, h) <= 0.6 * size
            and 0.05 * size <= first[1] - gx1 <= 2.5 * size
            and top + 0.25 * (bottom - top) <= mid <= bottom - 0.1 * (bottom - top)
        ):
            continue
        found.append(("•", gx0, top, gx1, bottom, size, first[6]))
    return [b for b in found if sum(1 for o in found if abs(o[1] - b[1]) <= 1.0) >= 2]


def unadvanced_spaces_dropped(chars: list[Char]) -> list[Char]:
    """The characters without the spaces that move the pen (next to) nowhere: a space whose
    next character, drawn next on its line, starts where the space starts or before its
    middle. A browser (Chromium) draws each soft hyphen inside a word as such a space glyph
    (``oc tag o nal``), and the one where it broke the line before the hyphen it shows
    (``dis ‐``); groff draws one and moves back most of its width for a kern in a line set
    unfilled (``Chandler ’s``, ``Tr esize``), the gap left judged as any other, but not
    between a word and a number (``Introduction 4``: a tab to a stop passed already). A
    word space moves the next letter past it.

    >>> ch = [("o", 82.8, 0, 89.5, 11, 11, False), ("c", 89.5, 0, 95.6, 11, 11, False),
    ...     (" ", 95.6, 0, 99.1, 11, 11, False), ("t", 95.6, 0, 100.0, 11, 11, False),
    ...     (" ", 100.0, 0, 103.5, 11, 11, False), ("a", 103.5, 0, 110.0, 11, 11, False)]
    >>> "".join(c[0] for c in unadvanced_spaces_dropped(ch))
    'oct a'
    """
    out = []
    for i, c in enumerate(chars):
        if c[0] == " " and i + 1 < len(chars):
            d = chars[i + 1]
            if (
                d[0] != " "
                and c[1] - 0.02 * max(c[5], 1.0) <= d[1] < c[1] + 0.5 * (c[3] - c[1])
                and abs(d[4] - c[4]) <= 0.2 * max(c[5], 1.0)
                and c[3] - c[1] > 0.1 * max(c[5], 1.0)
                and (
                    d[1] <= c[1] + 0.02 * max(c[5], 1.0)
                    or i == 0
                    or chars[i - 1][0][-1:].isdigit() == d[0][:1].isdigit()
                )
            ):
                continue  # (the next letter drawn over the space: the pen went back)
        out.append(c)
    return out


def _lines(raw: RawPage, p: ExtractParams) -> list[Line]:
    """``page_lines`` of the page's text (its artifacts left out)."""
    texts = set(map(_TEXT, raw.chars))  # a page has few distinct texts
    if all((t and not t.isspace()) or t == " " for t in texts):
        chars = list(raw.chars)
    else:
        chars = [c for c in raw.chars if (c[0] and not c[0].isspace()) or c[0] == " "]
    if not chars:
        return []
    if " " in texts:
        chars = unadvanced_spaces_dropped(chars)
    if raw.graphics:
        chars = chars + drawn_bullets(chars, raw.graphics)
    chars, caps = drop_caps(chars)
    rows = _rows(chars)
    pieces = [pc for row in rows for pc in _cut(row, p.column_gap) if _inked(pc)]
    hint = None  # a gutter found among the rows only
    if p.columns:
        g = _gutter(pieces, raw.width, raw.height)
        narrow = g is None
        if narrow:
            # Columns closer than column_gap (a narrow gutter, small type): rows are cut
            # where a band of the page stays empty on nearly every row.
            g = row_gutter(rows, raw.width, raw.height)
            hint = g
        if g is not None:
            regrouped = _column_rows(rows, g)
            if narrow or regrouped != rows:
                rows = regrouped
                pieces = [
                    pc
                    for row in rows
                    for part in _split_row(row, g)
                    for pc in _cut(part, p.column_gap)
                    if _inked(pc)
                ]
    pieces = _split_at_block_edges(pieces, raw.width)
    if p.columns:
        pieces = _split_at_gutter(pieces, raw)
    margin = _in_margin(pieces, raw.width)
    in_margin = set(map(id, margin))
    # (a table's turnovers are found among the text's lines, before the margin's join them)
    groups, replaced = _cell_turnovers(
        _order([pc for pc in pieces if id(pc) not in in_margin] if margin else pieces, raw, p, hint)
    )
    if margin:
        groups = _with_margin(groups, margin)
    if replaced:
        pieces = [part for pc in pieces for part in replaced.get(id(pc), [pc])]
    _pair_flips(pieces, p)
    # The left margin of each column: the most common x0 of its prose lines, so that
    # indentation (sub-entries, first lines, code) is measured within the column.
    lefts: dict[int, float] = {}
    sizes: dict[int, list[float]] = collections.defaultdict(list)
    for c, g in groups:
        sizes[c].append(g[0].size)
    for col in {c for c, _ in groups}:
        xs = [
            round(g[0].x0)
            for c, g in groups
            if c == col and not g[0].mono and id(g[0]) not in in_margin
        ]
        xs = xs or [round(g[0].x0) for c, g in groups if c == col]
        lefts[col] = _left_margin(xs)
        near = [x for x in xs if abs(x - lefts[col]) <= 3 * _median(sizes[col])]
        if len(near) < 6:
            # a column run short (an index's last page, a chapter's last lines): too few
            # lines for a hanging indent's three or for most to be flush, its leftmost
            # line is at its edge (``Vaulkes, Matthias`` under the sub-entries that turn
            # over from the left-hand column; ``time.`` under a page of indented dialogue)
            lefts[col] = float(min(near))
    lines: list[Line] = []
    mono_block: list[int] = []
    prev_bottom: float | None = None
    prev_height = 0.0
    for col, group in groups:
        first = group[0]
        text = "   ".join(
            " ".join(_render(c.chars, p, c.mono, c.threshold, c.flips) for c in (pc, *pc.below))
            for pc in group
        )
        size = first.size
        char_w = (
            0.5 * size
            if not first.mono
            else statistics.median(c[3] - c[1] for c in first.chars if c[0].strip())
        )
        base = lefts[col] if abs(first.x0 - lefts[col]) < raw.width * 0.3 else first.x0
        indent = max(0, round((first.x0 - base) / max(char_w, 0.1)))
        if caps and any(
            right - 1.0 <= first.x0 <= right + 2 * size and top <= first.top <= bottom
            for right, top, bottom in caps
        ):
            indent = 0  # beside a drop cap: set in by the initial, no paragraph indent
        height = max(first.bottom - first.top, 0.1)
        if prev_bottom is not None and first.top - prev_bottom > p.para_gap * max(
            height, prev_height
        ):
            lines.append(Line("", raw.number))
        geom = Geom(
            round(first.x0, 2),
            round(first.top, 2),
            round(max(pc.x1 for pc in group), 2),
            round(max(c.bottom for pc in group for c in (pc, *pc.below)), 2),
            round(size, 2),
            first.mono,
            round(raw.width, 2),
            round(raw.height, 2),
        )
        if first.mono:
            mono_block.append(len(lines))
        else:
            _indent_block(lines, mono_block)
        lines.append(Line(" " * min(indent, 40) + text, raw.number, geom))
        prev_bottom, prev_height = geom.bottom, height
    _indent_block(lines, mono_block)
    return lines


def _left_margin(xs: list[int]) -> float:
    """The left margin of a column from its lines' left edges: the most common one, or a
    smaller one that a sixth of the lines or more start at (the outdented first lines of
    a glossary's or a bibliography's hanging indents), so that the lines set in from it
    keep their indent.

    >>> _left_margin([72] * 10 + [90]), _left_margin([84] * 8 + [70] * 4), _left_margin([84] * 12 + [70])
    (72.0, 70.0, 84.0)
    """
    counts = collections.Counter(xs)
    mode = min(statistics.multimode(xs))
    out = [x for x, c in counts.items() if x < mode - 4 and c >= 3 and 6 * c >= len(xs)]
    return float(min(out) if out else mode)


def _indent_block(lines: list[Line], block: list[int]) -> None:
    """Set a monospace block in by at least four spaces, keeping its inner indentation, so
    that its text reads as a listing also without the PDF's fonts."""
    if block:
        least = min(len(lines[i].text) - len(lines[i].text.lstrip(" ")) for i in block)
        if least < 4:
            pad = " " * (4 - least)
            for i in block:
                ln = lines[i]
                lines[i] = Line(pad + ln.text, ln.page, ln.geom)
        block.clear()


# ---------------------------------------------------------------------------------------
# The whole document: parallel, cached, deterministic


_GEOM_FIELDS = tuple(f.name for f in fields(Geom))


def _geom_dict(geom: Geom | None) -> dict | None:
    """``asdict(geom)`` (its fields are plain numbers), without its recursive copy; the
    artifact flag only where it is set."""
    if geom is None:
        return None
    out = {name: getattr(geom, name) for name in _GEOM_FIELDS}
    if not out["artifact"]:
        del out["artifact"]
    return out


def _worker(args: tuple[bytes, str, str, list[int], dict]) -> list[dict]:
    data, name, password, numbers, params = args
    p = ExtractParams(**params)
    out = []
    _, pages_of = _engine(p.engine, name)
    for raw in pages_of(data, name, password, numbers):
        lines = page_lines(raw, p)
        out.append(
            {
                "number": raw.number,
                "error": raw.error,
                "chars": len(raw.chars) + len(raw.artifacts),
                "lines": [[ln.text, _geom_dict(ln.geom)] for ln in lines],
            }
        )
    return out


def extract(
    data: bytes,
    name: str,
    params: ExtractParams | None = None,
    *,
    jobs: int = 1,
    password: str = "",
) -> list[dict]:
    """Extract every page (dicts of lines with geometry), in page order, in *jobs* processes."""
    p = params or ExtractParams()
    count, _ = _engine(p.engine, name)
    n = count(data, name, password)
    numbers = list(range(1, n + 1))
    settings = dict(asdict(p).items())
    try:
        if jobs <= 1 or n < 8:
            return _worker((data, name, password, numbers, settings))
        jobs = min(jobs, n)
        size = math.ceil(n / (jobs * 4))
        chunks = [numbers[i : i + size] for i in range(0, n, size)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_worker, [(data, name, password, c, settings) for c in chunks])
            # this process waits for the workers: it fills the text stages' caches meanwhile
            from pipeline.registry import warm_up

            warm_up()
            return [page for chunk in results for page in chunk]
    finally:
        forget_opened()


def cache_key(data: bytes, params: ExtractParams, password: str) -> str:
    meta = {
        "pdf": hashlib.sha256(data).hexdigest(),
        "params": asdict(params),
        "engine": engine_version(params.engine),
        "extractor": EXTRACTOR_VERSION,
        "password": bool(password),
    }
    return hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bookclean"


def extract_cached(
    data: bytes,
    name: str,
    params: ExtractParams,
    *,
    jobs: int = 1,
    password: str = "",
    cache_dir: Path | None = None,
) -> list[dict]:
    if cache_dir is None:
        return extract(data, name, params, jobs=jobs, password=password)
    path = cache_dir / f"{cache_key(data, params, password)}.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    pages = extract(data, name, params, jobs=jobs, password=password)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written is no reason to fail
    return pages


def book_from_pdf(
    data: bytes,
    name: str,
    params: ExtractParams | None = None,
    *,
    jobs: int = 1,
    password: str = "",
    cache_dir: Path | None = None,
) -> Book:
    p = params or ExtractParams()
    pages = extract_cached(data, name, p, jobs=jobs, password=password, cache_dir=cache_dir)
    failed = [pg["number"] for pg in pages if pg["error"]]
    if pages and len(failed) == len(pages):
        raise BookError(name, f"damaged PDF: no page could be read ({pages[0]['error']})")
    if not any(pg["chars"] for pg in pages):
        raise BookError(name, "no text layer: a scan? (run OCR first)")
    out_pages = []
    for pg in pages:
        lines = tuple(
            Line(text, pg["number"], Geom(**geom) if geom else None) for text, geom in pg["lines"]
        )
        out_pages.append(Page(pg["number"], lines))
    source = Source(name, hashlib.sha256(data).hexdigest(), "pdf", "pdf")
    warnings = ()
    if failed:
        first = next(pg["error"] for pg in pages if pg["error"])
        listed = ", ".join(map(str, failed[:20])) + (" …" if len(failed) > 20 else "")
        warnings = (f"damaged pages skipped: {listed} ({first})",)
    book = Book(source, tuple(out_pages), page_count=len(pages), warnings=warnings)
    return book.with_counter("pdf_failed_pages", len(failed))
