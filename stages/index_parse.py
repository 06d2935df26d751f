"""parse_index: turn the index lines into entries (term, locators, see, see also, sub-entries).

Lines are first cleaned of headings (index headings, letter groups, a headnote under the
title: a sentence or two of prose without locators, over a few lines, see headnote_end),
folios left at a page edge or beside the index's running head, and whitespace-only lines;
wrapped entries are rejoined (a line holding only locators or ``passim``, or following a
line that ends in a comma or dash, inside a run-in sub-entry, or in an unfinished
cross-reference; a cross-reference that names an index entry only with the next line; a
line whose term is a lone function word, ``of, 47n``; the line after one worded as a
sub-entry without locators, ``with horseradish and soured`` / ``cream, 152``), a word
hyphenated at the turnover decided as in the body; a line set two levels or more deeper
than its entry, which has no locators yet: no sub-entry skips a level; in an index
without indentation, a lower-case line after a term without locators that filled its
line, when the book says the two words that meet there together. Sub-entries marked with leading dashes
(``– in children, 12``) are read as indented. Each logical line is read from the right:
cross-references, then locators, then the term (a number after a line of words, one
space apart, is its locator in an index of first lines: see numbered_line). The level of an entry comes from its
indentation (leading spaces, or x position in a PDF); in plain text without indentation,
from alphabetical order (word by word or letter by letter, a term perhaps filed up to its
first comma or parenthesis): main entries run in order within their letter group and
sub-entries restart it under their head, with or without locators of its own
(``narrowing, 86–93`` then ``by equality, 87``; ``{} (braces)`` then ``dictionaries, 92``);
the reading of the whole index that breaks that order least wins (see _structure_subs).
So it does where the indentation is noise: entries with locators set two levels deeper than
the line before, twice or more (a layout text's right column placed by character counts,
see level_jumps). A block after a blank line whose entries are all led by another letter
than their letter heading's files under a heading of its own (see lost_heading). Where
the blank lines between entries tell the page's blocks (see blank_gaps), a blank line
between two sub-entries of one head is unexplained: no block starts there. A line that
holds an entry (or letter heading) of each column side by side, at a wide gap, is two
lines (see side_by_side). In a layout text, a block of a column that the converter set a
character or two off its margin, letter heading and all, goes back on it (see
offset_blocks); a line one level deeper than a head without locators, at no turnover
indentation, with locators of its own is its sub-entry, even after a head that ends in a
function word (``counts, kinds of`` / ``index counts, 1``). A PDF line read across both
columns (a left line up to the gutter and the right column's entry on its row) is two,
each put back in its column by its row (see spanning_parts); where no line of the page
stands in the right column (an OCR layer that gives its entries on the left column's
rows), its edge is found from the rows read side by side (see gap_edge).
"""

from __future__ import annotations

import collections
import contextvars
import functools
import itertools
import math
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

import regex

from pipeline.document import Book, IndexEntry, Line
from pipeline.registry import StageLog, register
from stages.hyphens import COMMON_JOINED, hyphen_decision
from stages.index_shapes import (
    DOT_LEADER_RE,
    ELEMENT,
    FOLIO_LINE_RE,
    LETTER_GROUP_RE,
    LOC,
    LOC_FULL_RE,
    LOCS_ONLY_RE,
    VERSE,
    is_entry_line,
    is_index_title,
)
from stages.lexicon import Lexicon
from stages.shapes import indent_of
from stages.spacing import SpacingParams, split_glued_words

VERSE_FULL_RE = regex.compile(rf"^{VERSE}$")
LOCS_AFTER_SEMICOLON_RE = regex.compile(rf";(?=\s*{LOC}(?:\s*[,;]\s*{LOC})*\.?$)")
PAREN_SEE_RE = regex.compile(r"(?i)\s*\(\s*see(\s+also)?\s+(?P<refs>[^()]+?)\.?\s*\)")
LOC_TAIL_RE = regex.compile(r"(?:,|\s)\s*\d{1,5}(?:\.\d{1,3}){0,3}(?:[–-]\d{1,5})?\.?$")
FOLIO_RE_IN_HEAD = regex.compile(r"^[\d\s|·•—–-]+|[\d\s|·•—–-]+$")
SEE_LINE_RE = regex.compile(r"(?i)^\s*\(?\s*see(?:\s+also)?\b")
SPELLED_OUT = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
SUB_LEADS = frozenset(
    "about against among and as at between by during for from in into of on or over to "
    "under versus vs with within without".split()
)
CONTINUING_WORDS = frozenset(
    "of on in to the a an and or for with by from at as into about under over between".split()
)
# (the references keep a closing period: _refs drops it, but for an initial's, "Houtte, H.")
SEE_ALSO_RE = regex.compile(
    r"(?i)(?:[.;,]\s*|\s+)\(?\s*see also\s+(?P<refs>[^()]+?)\s*(?:\)\.?)?\s*$"
)
SEE_RE = regex.compile(r"(?i)(?:[.;,]\s*|\s+|^)\(?\s*see\s+(?P<refs>[^()]+?)\s*(?:\)\.?)?\s*$")


@dataclass(frozen=True)
class ParseIndexParams:
    indent_step: int = 2
    DOCS: ClassVar[dict[str, str]] = {
        "indent_step": "least extra indentation (spaces, or points in a PDF) of a sub-entry level"
    }


@dataclass
class _Item:
    term: str
    pages: list[str]
    see: list[str]
    see_also: list[str]
    indent: float
    page: int
    subs: list[_Item] = field(default_factory=list)
    line: int = -1  # its logical line

    def freeze(self) -> IndexEntry:
        return IndexEntry(
            self.term,
            tuple(self.pages),
            tuple(self.see),
            tuple(self.see_also),
            tuple(s.freeze() for s in self.subs),
        )


def _refs(text: str) -> list[str]:
    """The references of a cross-reference, without the entry's closing period; an initial
    keeps its own (``Van Houtte, H.``).

    >>> _refs("debt; kinship."), _refs("Van Houtte, H."), _refs("Smith, J. R.; Jones")
    (['debt', 'kinship'], ['Van Houtte, H.'], ['Smith, J. R.', 'Jones'])
    """
    refs = [r.strip() for r in regex.split(r"\s*;\s*", text) if r.strip()]
    return [r if INITIAL_END_RE.search(r) else r.rstrip(".") for r in refs]


INITIAL_END_RE = regex.compile(r"(?:^|[\s,.])\p{Lu}\.$")
# A name's initial after its surname (``Tate, R.``) or another initial (``Smith, J. R.``);
# ``vitamin C.`` ends an entry, no name.
NAME_INITIAL_END_RE = regex.compile(r"(?:,\s|\p{Lu}\.\s?)\p{Lu}\.$")


def _before_ref(s: str, start: int) -> str:
    """*s* before the cross-reference that starts at *start*; the full stop that ends the
    entry before ``See`` stays where it is a name's initial's (``Tate, R. See Bramwell``).

    >>> _before_ref("Tate, R. See Bramwell, S.", 7), _before_ref("vitamin C. See ascorbic acid", 9)
    ('Tate, R.', 'vitamin C')
    """
    if s[start : start + 1] == "." and NAME_INITIAL_END_RE.search(s[: start + 1]):
        return s[: start + 1]
    return s[:start]


# Is the book's index one that sets the first locator after the term with a space alone
# (``lamp 2, 4``)? Decided once per index (`bare_first_locators`), read by parse_entry.
BARE_FIRST: contextvars.ContextVar[bool] = contextvars.ContextVar("bare_first", default=False)
BARE_LOC_END_RE = regex.compile(rf"^(?P<t>.*[\p{{L}}’'.)\]])\s+(?P<l>{LOC})$")
# a line's run of locators at its end, after a comma or after a space alone
LOCS_TAIL_RE = regex.compile(
    rf"(?:(?P<comma>,)|(?<=[\p{{L}}’'.)\]])\s)\s*{LOC}(?:\s*,\s*{LOC})*\.?\s*$"
)


def bare_first_locators(texts: list[str]) -> bool:
    """Do most of an index's lines that end in locators set the first one after the term
    with a space alone, no comma (three lines at least, twice as many as with a comma)?
    Then a term's last number is its first locator (``Heart and Dart 6``), not part of it
    as in an index that writes ``Apollo 11, 34``.

    >>> bare_first_locators(["lamp 2, 4", "moon 3", "light trap 2–3", "Apollo 11, 34"])
    True
    >>> bare_first_locators(["lamp, 2, 4", "moon, 3", "Apollo 11, 34", "Psalm 23"])
    False
    """
    bare = comma = 0
    for t in texts:
        m = LOCS_TAIL_RE.search(" ".join(DOT_LEADER_RE.sub(", ", t).split()))
        if m and m["comma"]:
            comma += 1
        elif m:
            bare += 1
    return bare >= 3 and bare >= 2 * comma


def parse_entry(text: str) -> tuple[str, list[str], list[str], list[str]]:
    """Split one logical index line into (term, pages, see, see_also).

    >>> parse_entry("lists, 12, 40–44")
    ('lists', ['12', '40–44'], [], [])
    >>> parse_entry("Smith, John, 45n, xii")
    ('Smith, John', ['45n', 'xii'], [], [])
    >>> parse_entry("sorting, 7; see also ordering")
    ('sorting', ['7'], [], ['ordering'])
    >>> parse_entry("arrays. See lists")
    ('arrays', [], ['lists'], [])
    >>> parse_entry("data . . . . 26")
    ('data', ['26'], [], [])
    >>> parse_entry("+=, 23")
    ('+=', ['23'], [], [])
    >>> parse_entry("C, 12")
    ('C', ['12'], [], [])
    >>> parse_entry("erosion   141"), parse_entry("birds,  see  also  records  Tully,  W.,  1")
    (('erosion', ['141'], [], []), ('birds', [], [], ['records Tully, W., 1']))
    """
    s = " ".join(text.split())
    see: list[str] = []
    see_also: list[str] = []
    # A parenthesised cross-reference anywhere: "allocation (see also quotas), 120–124"
    for m in list(PAREN_SEE_RE.finditer(s)):
        (see_also if m.group(1) else see).extend(_refs(m["refs"]))
    s = PAREN_SEE_RE.sub("", s)
    m = SEE_ALSO_RE.search(s)
    if m and m.start() > 0:
        see_also = _refs(m["refs"])
        s = _before_ref(s, m.start())
    m = SEE_RE.search(s)
    if m and m.start() > 0:
        see = _refs(m["refs"])
        s = _before_ref(s, m.start())
    s = DOT_LEADER_RE.sub(", ", s).rstrip(" ,;")
    s = LOCS_AFTER_SEMICOLON_RE.sub(",", s)  # "war, 12; 45": locators split by ";"
    if not s.endswith("f.") and not NAME_INITIAL_END_RE.search(s):
        s = s.rstrip(".")
    parts = s.split(",")
    pages: list[str] = []
    kinds: set[bool] = set()  # the locators' systems: by chapter and verse, by page
    while len(parts) > 1 and LOC_FULL_RE.match(last := parts[-1].strip().rstrip(".")):
        if last[:1].isdigit():
            # a chapter and verse among page numbers is the term's (``Psalms, 23:4, 67``):
            # an entry locates by one system (front-matter pages, ``iv``, go with either)
            kinds.add(bool(VERSE_FULL_RE.match(last)))
            if len(kinds) > 1:
                break
        pages.insert(0, _locator(parts.pop()))
    term = ",".join(parts).strip().rstrip(",")
    if BARE_FIRST.get() and (m1 := BARE_LOC_END_RE.match(term)):
        # the index sets its first locator after the term with a space alone, no comma
        # (``lamp 2, 4``: ConTeXt's register, many publishers' house style)
        term, pages = m1["t"], [_locator(m1["l"]), *pages]
    if not pages:
        # "term 26" without a comma, when the number is set apart by two spaces or more,
        # wider than any space inside the term (an OCR layer sets every word two spaces
        # apart), and nothing but the term before it (no cross-reference taken out)
        m2 = regex.match(r"^(?P<t>.+?)(?P<gap>\s{2,})(?P<l>\S+)$", text.strip())
        if (
            m2
            and LOC_FULL_RE.match(m2["l"])
            and not (see or see_also)
            and not regex.search(rf"\s{{{len(m2['gap'])},}}", m2["t"])
        ):
            term, pages = m2["t"].strip(), [m2["l"]]
        elif m3 := numbered_line(term):
            term, pages = m3
    return term, pages, see, see_also


# A number after a line of words (an index of first lines: "Lord of tide and lord of
# harbour 214"), not after a word that numbers things ("Symphony No. 5", "Psalm 23")
LINE_NUMBER_RE = regex.compile(
    r"^(?P<t>(?:\S+\s+){3,}\p{L}[\p{L}’'!?]*[\p{L}!?][.…]?[’”]?)\s(?P<l>\d{1,3})$"
    r"|^(?P<t>.*\S,\s(?:The|A|An))\s(?P<l>\d{1,3})$"  # a title with its article put after it
)
NUMBERING_WORDS = frozenset(
    "act article book canto chapter clause grade hymn level no number op opus page part "
    "phase platform psalm route rule section stage step verse vol volume "
    "bk ch chap ed edn fig figs nos nr p pl pp pt sec vols".split()  # (abbreviated, with a stop)
)


def numbered_line(term: str) -> tuple[str, list[str]] | None:
    """A term of four words or more followed by a number after one space, as an index of
    first lines sets a hymn's or poem's number after its first line (ranged right, no
    comma): the line and its number. A year, a number after a word that numbers things,
    and a short term keep their number.

    >>> numbered_line("Be still, my heart, the boats are in 222")
    ('Be still, my heart, the boats are in', ['222'])
    >>> numbered_line("Windows 10"), numbered_line("the Act of Union 1707")
    (None, None)
    >>> numbered_line("songs of the Hebrides, Book 2"), numbered_line("the road to Route 66")
    (None, None)

    A first line that closes with a stop, a title with its article put after it:

    >>> numbered_line("Gulls wheel over the quay. 12"), numbered_line("Harbour Wall, The 9")
    (('Gulls wheel over the quay.', ['12']), ('Harbour Wall, The', ['9']))
    >>> numbered_line("Dr. No 7"), numbered_line("reform of 1832. 4"), numbered_line("Mrs. A 4")
    (None, None, None)
    """
    m = LINE_NUMBER_RE.match(term)
    if m is None or m["t"].rsplit(None, 1)[-1].rstrip(".…’”").casefold() in NUMBERING_WORDS:
        return None
    return m["t"], [m["l"]]


CONTINUED_RE = regex.compile(
    r"(?i)\s*(?:\(\s*(?:cont(?:inued|'?d)?\.?)\s*\)|[,:—–-]\s*(?:cont(?:inued|'?d)?\.?))\s*$"
)


def continued_head(term: str) -> str | None:
    """The head term of a ``joints (cont.)`` line that resumes an entry on a new page.

    >>> continued_head("joints (cont.)"), continued_head("Taxes—continued"), continued_head("contour")
    ('joints', 'Taxes', None)
    """
    m = CONTINUED_RE.search(term)
    return term[: m.start()].strip() if m and m.start() > 0 else None


def split_run_in(text: str) -> list[str] | None:
    """The parts of a run-in entry, whose sub-entries follow the head after semicolons:
    ``offer, 46–51; revocation of, 56–57; to the world at large, 53``.

    Every part after the head must be a term with locators (or a cross-reference of its
    own); a closing ``see also`` part belongs to the head. Locators split by a semicolon
    (``war, 12; 45``) and plain cross-references are no run-in entry.

    >>> split_run_in("offer, 46–51; revocation of, 56–57; to the world at large, 53")
    ['offer, 46–51', 'revocation of, 56–57', 'to the world at large, 53']
    >>> split_run_in("postal rule, 54–57 passim; criticism of, 55n4; see also offer")
    ['postal rule, 54–57 passim; see also offer', 'criticism of, 55n4']
    >>> split_run_in("counter-offer, 51; see also acceptance"), split_run_in("war, 12; 45")
    (None, None)

    A head followed by a colon has no locators of its own: its first sub-entry follows it
    on the line (``tides: neap, 20–24; spring, 25``).

    >>> split_run_in("tides: neap, 20–24; spring, 25")
    ['tides', 'neap, 20–24', 'spring, 25']

    So does an inverted head (``questions, kinds of: multiple choice, 1.1–1.3, 2.1; short
    answer, 1.4–1.6``); a head with locators of its own is none.

    >>> split_run_in("questions, kinds of: multiple choice, 1.1–1.3, 2.1; short answer, 1.4–1.6")
    ['questions, kinds of', 'multiple choice, 1.1–1.3, 2.1', 'short answer, 1.4–1.6']
    >>> split_run_in("tides, 12: neap, 20–24; spring, 25")
    ['tides, 12: neap, 20–24', 'spring, 25']
    """
    if ";" not in text or text.count("(") != text.count(")"):
        return None
    parts = [x.strip() for x in regex.split(r";\s+(?![^()]*\))", text.strip())]
    head, subs, refs = parts[0], [], []
    for k, part in enumerate(parts[1:], 1):
        if SEE_LINE_RE.match(part):
            refs = parts[k:]
            break
        term, pages, see, _also = parse_entry(part)
        if not term or term[:1].isdigit() or not (pages or see) or SEE_LINE_RE.match(term):
            return None
        subs.append(part)
    if not subs or not parse_entry(head)[0]:
        return None
    m = COLON_HEAD_RE.match(head)
    if m and parse_entry(m["sub"])[1] and not parse_entry(m["head"])[1]:
        return ["; ".join([m["head"], *refs]), m["sub"], *subs]
    return ["; ".join([head, *refs]), *subs]


COLON_HEAD_RE = regex.compile(r"^(?P<head>[^:;]*[^:;,\s]):\s+(?P<sub>\S.*)$")


def run_in_style(texts: list[str | None]) -> bool:
    """Does the index set sub-entries run in after semicolons? It does when more than one
    entry reads so. A lone ``collectors, 43; buying master and pupil together, 43`` in an
    index with its sub-entries on lines of their own is one printed entry.

    >>> run_in_style(["kilns, 40; firing of, 41", "moulds, 50", "glazes, 12; ash, 14"])
    True
    >>> run_in_style(["eschar, 62; heel, on the, 62", "foams, 69"])
    False
    """
    return sum(1 for t in texts if t and split_run_in(t)) >= 2


def _split_run_in(text: str, style: bool) -> list[str] | None:
    """split_run_in, where the index is run in or the line has two sub-entries or more
    (evidence of the convention on its own)."""
    parts = split_run_in(text)
    return parts if parts and (style or len(parts) > 2) else None


def _open_run_in(text: str) -> bool:
    """Does a run-in entry's line end inside a sub-entry that goes on on the next line
    (``Curlew, 114–16; call of, 115; compared`` / ``with Whimbrel, 119``)? Its last part,
    after a part with locators, has none of its own.

    >>> _open_run_in("tides, 12–15; of harbours, 17; of"), _open_run_in("tides, 12; 45")
    (True, False)
    >>> _open_run_in("tides. See moon; neap"), _open_run_in("tides, 12; neap, 14")
    (False, False)
    >>> _open_run_in("tides, 12; neap, 14 ebb B2")
    False
    """
    parts = regex.split(r";\s+(?![^()]*\))", text.strip())
    if len(parts) < 2 or regex.search(r"(?i)\bsee\b", text):
        return False
    before, last = parse_entry(parts[-2]), parts[-1]
    # (a last part with figures in it waits for nothing: ``Tarn, lake, 4 map B2``, a row
    # an extraction read across two columns)
    return (
        bool(before[1])
        and not parse_entry(last)[1]
        and not LOCS_ONLY_RE.match(last)
        and not regex.search(r"\d", last)
    )


def _locator(text: str) -> str:
    """A locator as printed, without an entry's closing period ("45ff." keeps its own).

    >>> _locator(" 26."), _locator("45ff."), _locator("64f.")
    ('26', '45ff.', '64f.')
    """
    s = text.strip()
    return s if s.endswith("f.") else s.rstrip(".")


@register("parse_index", version=89, params=ParseIndexParams)
def run(book: Book, p: ParseIndexParams, log: StageLog) -> Book:
    """Parse the index lines into entries with locators, cross-references and sub-entries."""
    if not book.index_lines:
        return book
    bare = bare_first_locators([ln.text for ln in book.index_lines])
    if bare:
        log.count("bare_first_locators")
    token = BARE_FIRST.set(bare)
    try:
        return _run(book, p, log)
    finally:
        BARE_FIRST.reset(token)


def _run(book: Book, p: ParseIndexParams, log: StageLog) -> Book:
    lexicon = functools.cache(lambda: _lexicon(book))
    lines = _split_spanning(list(book.index_lines), log)
    lines = _split_side_by_side(_split_glued(lines, lexicon(), log), log)
    lines = _split_merged_rows(lines, log)
    lines = _align_offset_blocks(lines, p, log)
    seen: list[tuple[float, bool]] = []
    starts = level_starts([float(indent_of(ln.text)) for ln in lines if ln.text.strip()], p)
    quiet = StageLog("parse_index", explain=False)
    said = _bigram_test(book)
    _logical_lines(lines, quiet, lexicon, seen=seen, starts=starts, said=said)
    turnover = turnover_indents(seen)
    if turnover:
        log.count("turnover_indent", len(turnover))
    blanks: set[int] = set()
    logical = _logical_lines(lines, log, lexicon, turnover, starts=starts, said=said, blanks=blanks)
    if (jumps := level_jumps(logical, p)) >= NOISY_JUMPS:
        # Indentation that jumps two levels or more between entries with locators of their
        # own is no structure: a layout text's column placed by character counts (see
        # level_jumps). Alphabetical order decides, as in an index without indentation.
        log.count("noisy_indentation", jumps)
        logical = [(t and t.strip(), 0.0, pg, h) for t, _i, pg, h in logical]
    logical = _rejoin_stray_turnovers(logical, blanks, log)
    logical = _group_headings(logical, p, log)
    style = run_in_style([x[0] for x in logical])
    items = _build_tree(logical, p, log, _phrase_test(book), run_in=style, blanks=blanks)
    if rank := _letter_group_ranks(logical, lines, log):
        items.sort(key=lambda it: rank.get(it.line, it.line))
    entries = tuple(it.freeze() for it in items)
    book = replace(book, index=entries)
    return _validate(book, log)


SIDE_BY_SIDE_RE = regex.compile(r"^(?P<left>\s*\S(?:.*?\S)?)\s{3,}(?P<right>\p{L}(?:.*\S)?)\s*$")
# a locator, then one space and a letter: where a row read across two columns may part
ROW_PART_RE = regex.compile(r"(?<=\d[a-z]?|\d[–-]\d+[a-z]?) (?=\p{L})")
LOCATED_RE = regex.compile(r"(?i)[,;]\s*(?:\d|see\b)")  # (an entry's locators or reference)
ROW_GLUE = frozenset("and or to in on of see also".split())
SEE_TARGET_RE = regex.compile(r"(?i)\bsee(?:\s+also)?\s+(?P<target>.+)$")


def merged_row(text: str, terms: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The two entries of an index row that an extractor read across both columns with one
    space between (pdfplumber's plain text: ``community fund, 2, 4 interest to members,
    2, 3``): parted after a locator where both sides are whole entries; or, after a cross-
    reference, where its target is one of *terms* (the index's own: ``gearbox, see Mill Weir
    turbine share offer, 2, 4``). None when no such place is found.

    >>> merged_row("community fund, 2, 4 interest to members, 2, 3")
    ('community fund, 2, 4', 'interest to members, 2, 3')
    >>> merged_row("gearbox, see Mill Weir turbine share offer, 2, 4", frozenset({"mill weir turbine"}))
    ('gearbox, see Mill Weir turbine', 'share offer, 2, 4')
    >>> merged_row("tides, 12, 14 and 16"), merged_row("Route 66 signs, 12")
    (None, None)
    """
    t = text.strip()
    for m in ROW_PART_RE.finditer(t):
        left, right = t[: m.start()], t[m.end() :]
        if (
            LOCATED_RE.search(left)
            and LOCATED_RE.search(right)
            and is_entry_line(left)
            and is_entry_line(right)
            and right.split()[0].lower() not in ROW_GLUE
        ):
            return left, right
    if terms and (see := SEE_TARGET_RE.search(t)):
        words = list(regex.finditer(r"\S+", see["target"]))
        for w in words[:-1]:
            target = see["target"][: w.end()].rstrip(",;")
            right = see["target"][w.end() :].strip()
            if target.casefold() in terms and LOCATED_RE.search(right) and is_entry_line(right):
                return t[: see.start("target")] + target, right
    return None


def _split_merged_rows(lines: list[Line], log: StageLog) -> list[Line]:
    """An index whose two columns a text export read row by row, one space between the
    entries (see merged_row): three rows or more, two in five of its rows at least, part
    so; each page's left parts are read first, then its right parts. Text input only."""
    if any(ln.geom is not None for ln in lines):
        return lines
    rows = [ln for ln in lines if ln.text.strip()]
    if len(rows) < 6:
        return lines
    parts = {id(ln): pr for ln in rows if (pr := merged_row(ln.text))}
    if len(parts) < 3 or 5 * len(parts) < 2 * len(rows):
        return lines
    terms = frozenset(
        _key_term(x) for ln in rows for x in (parts.get(id(ln)) or (ln.text,)) if _key_term(x)
    )
    out: list[Line] = []
    right: list[Line] = []
    page = None
    for ln in lines:
        if ln.page != page and right:
            out.extend([Line("", right[0].page), *right])
            right = []
        page = ln.page
        pr = parts.get(id(ln)) or (merged_row(ln.text, terms) if ln.text.strip() else None)
        if pr is None:
            out.append(ln)
            continue
        log.edit("merged_row", ln.page, ln.text.strip(), f"{pr[0]} | {pr[1]}")
        out.append(replace(ln, text=pr[0]))
        right.append(replace(ln, text=pr[1]))
    if right:
        out.extend([Line("", right[0].page), *right])
    return out


def _key_term(text: str) -> str:
    """An entry's term, case-folded (``Mill Weir turbine, 2, 3`` -> ``mill weir turbine``)."""
    m = KEY_TERM_RE.match(text)
    return m.group(1).strip().casefold() if m else ""


KEY_TERM_RE = regex.compile(r"(?i)\s*(.+?)(?:,\s*(?:\d|see\b)|;|\s+see\b|$)")


def side_by_side(
    text: str, left_before: str | None = None, right_before: str | None = None
) -> tuple[str, str] | None:
    """The two entries of an index line that holds one from each column, read across the
    page (an extractor that missed the gutter on an index page's top rows): a whole entry
    (with locators or a cross-reference) or a letter heading on either side of a gap of
    three spaces or more, the right one led by a letter. None when the line is one entry.

    >>> side_by_side("A horizon, 142, 143f   talus. See scree")
    ('A horizon, 142, 143f', 'talus. See scree')
    >>> side_by_side("A   T"), side_by_side("  and climate, 142   unloading, 142")
    (('A', 'T'), ('  and climate, 142', 'unloading, 142'))

    One side may be the turnover of its column's entry on the row before (*left_before*,
    *right_before*), when that entry waits for it (``See also`` / ``tufa``):

    >>> side_by_side("scree, 141   tufa", right_before="talus, 4. See also")
    ('scree, 141', 'tufa')
    >>> side_by_side("scree, 141   tufa", right_before="talus, 4")

    A term whose locators stand ranged right, a turnover, a wide word space: one entry.

    >>> side_by_side("erosion   141"), side_by_side("rainwater,   acidity of, 142")
    (None, None)
    >>> side_by_side("horizons, soil, 142, 143f.   See also A horizon")
    """
    m = SIDE_BY_SIDE_RE.match(text)
    if not m:
        return None

    def whole(t: str) -> bool:
        return bool(LETTER_GROUP_RE.match(t)) or is_entry_line(t.strip())

    def waits(before: str | None) -> bool:
        b = (before or "").rstrip()
        return bool(b) and bool(UNFINISHED_REF_RE.search(b) or b.endswith((",", ";", "–")))

    left, right = whole(m["left"]), whole(m["right"])
    if (left or waits(left_before)) and (right or waits(right_before)) and (left or right):
        return m["left"], m["right"]
    return None


def _split_side_by_side(lines: list[Line], log: StageLog) -> list[Line]:
    """Index lines that hold an entry of each column side by side (see side_by_side), as
    two lines: the left part stays in its place in the left column, the right part goes
    to the right column, which is read after the left column's last line on the page (in
    a PDF, before the first line set in the right column), as a block of its own."""
    out: list[Line] = []
    waiting: list[Line] = []  # the right column's parts, in order
    edge = math.inf  # in a PDF, lines that start right of this are the right column's
    left_before: str | None = None
    char_widths = _char_widths(lines)

    def flush() -> None:
        if waiting:
            out.extend([Line("", waiting[0].page), *waiting, Line("", waiting[0].page)])
            waiting.clear()
        nonlocal edge
        edge = math.inf

    # text input: where the right column starts on a page, by two rows or more that hold
    # whole parts side by side; a row whose right part starts there too is read so as well
    # (``Earth      Venus, 4``: a bare head beside an entry)
    starts: dict[int, collections.Counter[int]] = {}
    margins: dict[int, int] = {}  # the left edge of a page's rows read across the columns
    for line in lines:
        if (m := SIDE_BY_SIDE_RE.match(line.text)) and side_by_side(line.text):
            lead = len(line.text) - len(line.text.lstrip())
            margins[line.page] = min(margins.get(line.page, lead), lead)
            if line.geom is None:
                starts.setdefault(line.page, collections.Counter())[m.start("right")] += 1

    columns = _right_columns(lines, set(starts) | set(margins))
    right_at = {page: at for page, (_left, at) in columns.items()}
    lefts = {page: left for page, (left, _at) in columns.items()}

    def aligned(line: Line) -> tuple[str, str] | None:
        m = SIDE_BY_SIDE_RE.match(line.text)
        if (
            m is None
            or line.geom is not None
            or starts.get(line.page, {}).get(m.start("right"), 0) < 2
        ):
            return None
        if m["left"].rstrip().endswith((",", ";", "–")) or LOCS_ONLY_RE.match(m["right"]):
            return None  # a turnover waits on the left; a locator alone is no entry
        return m["left"], m["right"]

    for line in lines:
        if waiting and (
            line.page != waiting[0].page
            or (line.geom is not None and line.text.strip() and line.geom.x0 > edge)
        ):
            flush()
        right_before = waiting[-1].text if waiting else None
        lead = len(line.text) - len(line.text.lstrip())
        if (at := right_at.get(line.page)) is not None and line.text.strip() and lead >= at - 1:
            # a line of the right column alone on its row (the columns' rows fall apart:
            # pdfplumber's layout text), set at the left column's edge, its own indent kept
            base = lefts[line.page]
            waiting.append(replace(line, text=" " * (base + lead - at) + line.text.strip()))
            log.count("right_column_line")
            continue
        parts = side_by_side(line.text, left_before, right_before) or aligned(line)
        if parts is None:
            out.append(line)
            if line.text.strip():
                left_before = line.text
            continue
        log.edit("side_by_side", line.page, line.text.strip(), " | ".join(p.strip() for p in parts))
        if line.geom is not None and (width := char_widths.get(line.page)):
            # halfway between the row's left edge and where its right part starts (its
            # right edge less the part's width, by the page's mean character width)
            g = line.geom
            mid = (g.x0 + g.x1 - len(parts[1].strip()) * width) / 2
            edge = min(edge, mid)
        out.append(replace(line, text=parts[0]))
        # the right part at the rows' left edge, where the left column's head terms stand
        waiting.append(replace(line, text=" " * margins.get(line.page, 0) + parts[1].strip()))
        left_before = parts[0]
    flush()
    return out


def _right_columns(lines: list[Line], skip: set[int]) -> dict[int, tuple[int, int]]:
    """{page: (the left column's indent, the indent where the right column starts)} for
    the text pages (not in
    *skip*: those with rows read across both columns) whose lines stand at two edges twelve
    characters apart or more, three entries at least at each (pdfplumber's layout text,
    which writes each column's rows apart where they fall between the other's).

    >>> rows = ["  Index", "  apple, 3", "                    pear, 2", "   crab, 4",
    ...     "                     perry, 5", "  bean, 6", "                    plum, 7"]
    >>> _right_columns([Line(t, 1) for t in rows], set())
    {1: (2, 20)}
    """
    out: dict[int, tuple[int, int]] = {}
    pages: dict[int, list[int]] = {}
    for line in lines:
        if line.geom is None and line.page not in skip and line.text.strip():
            pages.setdefault(line.page, []).append(len(line.text) - len(line.text.lstrip()))
    for page, leads in pages.items():
        left = min(leads)
        right = [x for x in leads if x >= left + 12]
        if len(right) >= 3 and len(leads) - len(right) >= 3:
            out[page] = (left, min(right))
    return out


SPAN_FIT = 2.5  # a right part must start this many characters or fewer from its column's edge


def column_edge(rows: list[tuple[float, float]], width: float) -> float | None:
    """Where a page's right index column starts, from its lines' (x0, x1): the left edge
    of two lines or more, well right of the page's left margin, that every line starting
    left of it ends before, all but one or two read across both columns; None when the
    page shows no such edge (one column, or lines that run past every candidate).

    >>> rows = [(42, 72), (42, 98), (62, 126), (164, 173), (164, 229), (184, 252), (42, 219)]
    >>> column_edge(rows, 4.5)
    164
    >>> column_edge([(42, 200), (42, 210), (62, 190), (164, 200), (164, 220)], 4.5)
    """
    if not rows or width <= 0:
        return None
    left = min(x0 for x0, _ in rows)
    starts = collections.Counter(round(x0) for x0, _ in rows)
    for edge in sorted(x for x, n in starts.items() if n >= 2 and x > left + 8 * width):
        before = [(x0, x1) for x0, x1 in rows if x0 < edge - width / 2]
        across = [x1 for _, x1 in before if x1 > edge - width / 2]
        if len(before) >= 3 and len(across) <= max(1, len(before) // 10):
            return edge
    return None


def gap_edge(
    texts: list[tuple[str, float]], rows: list[tuple[float, float]], width: float
) -> float | None:
    """Where a page's right index column starts when no line of its own shows it (an OCR
    layer that gives every row of the right column on the row of a left line): where
    the right parts of rows read side by side (an entry after a wide gap) start, set
    from the row's right end (*texts*: text and x1) back by their characters, two rows
    or more agreeing within two characters, with every other line that starts left of
    it (*rows*: x0 and x1) ending before it, but one.

    >>> texts = [("Corrow  Head,  iv          watches,  4", 214.4),
    ...          ("  ;                       weather  records,  4", 248.9)]
    >>> gap_edge(texts, [(43, 276), (43, 214), (63, 249), (43, 102), (43, 126), (42, 104)], 4.0)
    169.65
    >>> gap_edge(texts[:1], [(43, 276), (43, 214), (43, 102), (43, 126)], 4.0)
    """
    starts = []
    for text, x1 in texts:
        m = SIDE_BY_SIDE_RE.match(text)
        if m and is_entry_line(m["right"].strip()):
            starts.append(round(x1 - len(m["right"].strip()) * width, 1))
    if len(starts) < 2 or width <= 0 or max(starts) - min(starts) > 2 * width:
        return None
    edge = statistics.median(starts)
    across = [x1 for x0, x1 in rows if x0 < edge - width and x1 > edge - width / 2]
    return edge if len(across) - len(starts) <= 1 else None


def spanning_parts(text: str, x0: float, x1: float, edge: float, width: float) -> int | None:
    """Where a PDF line read across both index columns (an extractor that took a left
    line running up to the gutter and the right column's line on the same row for one
    line: ``barrels, 5, see also fermen- grafting, 1–2``) parts: the space after which
    the rest, set from the line's right end back by its characters (*width* each), starts
    at the right column's *edge*, within SPAN_FIT characters, the rest being an entry
    (locators or a cross-reference) or a letter heading. None when no space fits.

    >>> t = "barrels, 5, see also fermen- grafting, 1–2"
    >>> k = spanning_parts(t, 42.5, 218.8, 163.7, 4.4); t[:k], t[k + 1 :]
    ('barrels, 5, see also fermen-', 'grafting, 1–2')
    >>> spanning_parts("References are to pages; see the notes at the end", 42.5, 250, 163.7, 4.4)
    """
    best: tuple[float, int] | None = None
    for m in regex.finditer(r" +", text):
        rest = text[m.end() :]
        start = x1 - len(rest) * width
        off = abs(start - edge)
        if (
            off <= SPAN_FIT * width
            and text[: m.start()].strip()
            and (best is None or off < best[0])
        ):
            best = (off, m.start())
    if best is None:
        return None
    rest = text[best[1] :].strip()
    if not (is_entry_line(rest) or LETTER_GROUP_RE.match(rest)):
        return None
    return best[1]


def _split_spanning(lines: list[Line], log: StageLog) -> list[Line]:
    """PDF index lines read across both columns (see spanning_parts), as two lines, each
    put back in its column where its row stands (by its top): the left part after the left
    column's line above it, the right part after the right column's. A blank line the
    extractor left where the row was missing goes."""
    widths = _char_widths(lines)
    out = list(lines)
    for page in sorted({ln.page for ln in lines if ln.geom is not None}):
        width = widths.get(page, 0.0)
        rows = [
            (ln.geom.x0, ln.geom.x1)
            for ln in out
            if ln.page == page and ln.geom is not None and ln.text.strip()
        ]
        edge = column_edge(rows, width)
        if edge is None:
            edge = gap_edge(
                [(ln.text, ln.geom.x1) for ln in out if ln.page == page and ln.geom is not None],
                rows,
                width,
            )
        if edge is None:
            continue
        for line in [ln for ln in out if ln.page == page and ln.geom is not None]:
            g = line.geom
            if g is None or not (g.x0 < edge - width / 2 and g.x1 > edge + 2 * width):
                continue
            if SIDE_BY_SIDE_RE.match(line.text):
                continue  # parts a wide gap apart: the side-by-side reading's
            k = spanning_parts(line.text, g.x0, g.x1, edge, width)
            if k is None:
                continue
            left_text, right_text = line.text[:k].rstrip(), line.text[k:].strip()
            log.edit("spanning_row", page, line.text.strip(), f"{left_text.strip()} | {right_text}")
            at = out.index(line)
            if not all(_column(out, page, edge, width, side) for side in (False, True)):
                # a column without lines of its own on the page: the two parts stay on
                # their row, a gutter's width apart, for the side-by-side reading
                out[at] = replace(line, text=f"{left_text}{' ' * GUTTER_SPACES}{right_text}")
                continue
            del out[at]
            x1 = g.x0 + len(left_text.strip()) * width
            _put_in_column(out, replace(line, text=left_text, geom=replace(g, x1=x1)), edge, width)
            _put_in_column(
                out, replace(line, text=right_text, geom=replace(g, x0=edge)), edge, width
            )
    return out


GUTTER_SPACES = 5  # spaces set between a row's two parts where no column has lines to go by


def _column(out: list[Line], page: int, edge: float, width: float, right_side: bool) -> list[int]:
    """The positions of the lines of one column (left of *edge* or not) on *page*."""
    return [
        j
        for j, ln in enumerate(out)
        if ln.page == page
        and ln.geom is not None
        and ln.text.strip()
        and (ln.geom.x0 >= edge - width / 2) == right_side
    ]


def _put_in_column(out: list[Line], part: Line, edge: float, width: float) -> None:
    """Insert *part* after the last line of its column on its page set above it (before
    the column's first line when none is); drop a blank line right after it when the next
    line of the column follows it without a gap."""
    g = part.geom
    assert g is not None
    col = _column(out, part.page, edge, width, g.x0 >= edge - width / 2)
    above = [j for j in col if out[j].geom.top < g.top]  # type: ignore[union-attr]
    at = above[-1] + 1 if above else col[0]
    out.insert(at, part)
    after = [j + 1 for j in col if j >= at]  # the column's lines below, moved on by one
    if (
        after
        and after[0] == at + 2
        and not out[at + 1].text.strip()
        and out[after[0]].geom.top - g.bottom < (g.bottom - g.top) / 2  # type: ignore[union-attr]
    ):
        del out[at + 1]


def offset_blocks(texts: list[str], step: int) -> dict[int, int]:
    """{line: shift} for the blocks of a layout text's index set off their column's margin
    as a whole: a block (a letter heading and its entries, up to the next blank line or
    heading) whose heading stands a little right of where the index's other letter headings
    stand, with all its lines as far right or more. A converter that lays a page out in
    characters (``pdftotext -layout``) places each block of a column on its own, off by a
    character or two; read as printed, the block's main entries would look indented and
    its sub-entries two levels deep. Letter headings must agree on their place: three or
    more, most at one indentation; a block off by more than *step* is left as it is.

    >>> offset_blocks(["A", "ash, 1", "  oak", "", "  B", "  birch, 2", "       bark of, 3",
    ...                "", "C", "cedar, 3"], 2)
    {4: 2, 5: 2, 6: 2}
    >>> offset_blocks(["A", "ash, 1", "", "  B", "birch, 2", "", "C", "cedar, 3"], 2)
    {}
    """
    heads = [
        (i, indent_of(t))
        for i, t in enumerate(texts)
        if t.strip() and LETTER_GROUP_RE.match(t) and len(t.strip()) <= 3
    ]
    if len(heads) < 3:
        return {}
    common, n = collections.Counter(ind for _, ind in heads).most_common(1)[0]
    if 2 * n <= len(heads):
        return {}
    out: dict[int, int] = {}
    for i, ind in heads:
        shift = ind - common
        if not 0 < shift <= step:
            continue
        block = [i]
        for j in range(i + 1, len(texts)):
            t = texts[j]
            if not t.strip() or (LETTER_GROUP_RE.match(t) and len(t.strip()) <= 3):
                break
            block.append(j)
        if len(block) > 1 and all(indent_of(texts[j]) >= ind for j in block):
            out.update(dict.fromkeys(block, shift))
    return out


def _align_offset_blocks(lines: list[Line], p: ParseIndexParams, log: StageLog) -> list[Line]:
    """Layout-text index blocks set off their column's margin, back on it (see
    offset_blocks); lines with PDF geometry are left as they are."""
    texts = [ln.text if ln.geom is None else "" for ln in lines]
    shifts = offset_blocks(texts, p.indent_step)
    if not shifts:
        return lines
    log.count("offset_block_aligned", len(shifts))
    return [
        replace(ln, text=ln.text[shifts[i] :]) if i in shifts else ln for i, ln in enumerate(lines)
    ]


def _char_widths(lines: list[Line]) -> dict[int, float]:
    """The median width of a character on each page, from its PDF lines of one column (no
    wide gap inside); pages without geometry have none."""
    widths: dict[int, list[float]] = {}
    for ln in lines:
        s = ln.text.strip()
        if ln.geom is not None and len(s) >= 4 and not regex.search(r"\S\s{3,}\S", s):
            widths.setdefault(ln.page, []).append((ln.geom.x1 - ln.geom.x0) / len(s))
    return {pg: statistics.median(ws) for pg, ws in widths.items()}


def _split_glued(lines: list[Line], lex: Lexicon, log: StageLog) -> list[Line]:
    """Words glued by a lost space in the index's lines (``seecast swarm``, ``emergencycell``),
    split as fix_spacing splits them in the body, on the book's vocabulary: the index is
    split off before fix_spacing runs, and an OCR layer or a PDF without space glyphs
    loses spaces in the index as in the body. An index's terms are the book's own words
    and often rare ones (``goroutines``, ``showback``), so a split here also needs both
    words in the book."""
    out = []
    for line in lines:
        text, changes = split_glued_words(line.text, lex, SpacingParams())
        if not all(ev.get("in_book") for *_, ev in changes):
            changes = []
        for rule, before, after, ev in changes:
            log.edit(rule, line.page, before, after, **ev)
        out.append(replace(line, text=text) if changes else line)
    return out


def _words(text: str) -> str:
    """*text* casefolded, its words separated by single spaces, punctuation dropped."""
    return " ".join(regex.sub(r"[^\p{L}\p{N}]+", " ", text.casefold()).split())


def _phrase_test(book: Book) -> Callable[..., bool]:
    """A test of whether the body says a sub-entry before its head as one phrase
    (``maximal matching``, ``emergency command``), the head in the singular or plural;
    with *head_first*, after its head (``Penhallow Maritime Trust``)."""
    text = functools.cache(lambda: f" {_words(' '.join(_body_texts(book)))} ")

    @functools.cache
    def said(sub: str, head: str, head_first: bool = False) -> bool:
        w = _words(regex.sub(r"\([^()]*\)", "", sub))
        h = _words(regex.sub(r"\([^()]*\)", "", head).split(",")[0])
        if not w or not h or len(w.split()) > 3:
            return False
        if head_first:
            return f" {h} {w} " in text()
        forms = {h, h[:-1] if h.endswith("s") and len(h) > 3 else h + "s"}
        return any(f" {w} {f} " in text() for f in forms)

    return said


def _bigram_test(book: Book) -> Callable[[str, str], bool]:
    """A test of whether the body says two words one after the other (``merchant houses``)."""
    text = functools.cache(lambda: f" {_words(' '.join(_body_texts(book)))} ")

    @functools.cache
    def said(a: str, b: str) -> bool:
        w = f"{_words(a)} {_words(b)}"
        return len(w.split()) == 2 and f" {w} " in text()

    return said


def _body_texts(book: Book) -> list[str]:
    return [b.text for b in book.blocks or ()] or [ln.text for ln in book.body_lines()]


def _lexicon(book: Book) -> Lexicon:
    """The words of the book's body and index, for hyphens at an entry's turnover."""
    return Lexicon([*_body_texts(book), *(ln.text for ln in book.index_lines)])


_Logical = tuple[str | None, float, int, str]  # text, indent, page, letter-group heading
LOC_INSIDE_RE = regex.compile(r",\s*\d")  # "budgets for, 67, 103,": locators of its own


UNFINISHED_REF_RE = regex.compile(r"(?i)(?:\bsee(?:\s+also)?(?:\s+under)?|:|\p{L}-)$")
HYPHEN_END_RE = regex.compile(r"(?r)(?P<word>[\p{L}’'-]*\p{L})-$")
NEXT_WORD_RE = regex.compile(r"^(?P<word>\p{L}+)")


def _continues(prev: str, line: str, deeper: bool = False, sub: bool = False) -> bool:
    """Is *line* the rest of the entry *prev* wrapped onto a second line? *sub*: *line*
    is set one level deeper than *prev*, at no indentation the index keeps for turnovers,
    where a sub-entry stands: an entry of its own there is no turnover of a head that
    merely ends in a function word (``counts, kinds of`` / ``index counts, 1``).

    >>> _continues("billing, 9,", "11, 13"), _continues("price of", "salt, 92")
    (True, True)
    >>> _continues("sets, 104", "sorting, 7"), _continues("caching, see memoization", "12")
    (False, False)
    >>> _continues("retries, 9; see also idempotency", "budgets for, 67, 103,", deeper=True)
    False
    >>> _continues("dyes, 4. See also", "madder"), _continues("dyes, 4. See also madder", "mordants")
    (True, False)
    >>> _continues("dyes, 4. See also blue", "dyers; red dyers")
    True
    >>> _continues("diary of Lettice Quarrie. See under", "Quarrie, Lettice")
    True
    >>> _continues("utility. See nuisance: utility of", "vibration. See noise; Tremayne v Bastable")
    False
    >>> _continues("letters of, xv, 6–9, 203–11", "passim"), _continues("Latin", "passim")
    (True, False)
    >>> _continues("distinct representatives, system", "of, 47n, 50")
    True
    >>> _continues("with horseradish and soured", "cream, 152"), _continues("beetroot", "cream, 152")
    (True, False)
    >>> _continues("Moretus collection, sale of", "(1781), 43"), _continues("sale, 4", "(1781), 43")
    (True, False)
    >>> _continues("strikes", "1959, 54–55"), _continues("strikes, 12,", "1959, 54–55")
    (False, True)
    >>> _continues("struck entries, 60", "Appendix B, 59n14"), _continues("lists, 60,", "Annex B, 4")
    (False, True)
    >>> _continues("counts, kinds of", "index counts, 1", True, sub=True)
    False
    >>> _continues("sale of", "(1781), 43", True, sub=True), _continues("kinds of", "index", True, sub=True)
    (True, True)
    """
    p = prev.rstrip()
    if line.count(")") > line.count("(") or p.count("(") > p.count(")"):
        return True  # a parenthesis opened on the line before closes here
    if regex.search(r"(?i)\bsee\b", p) and not p.endswith((",", ";")):
        # A cross-reference wraps only onto a line without locators of its own: a deeper
        # one, or any when the reference is unfinished (``See also`` / ``logwood``, ``See
        # fluid therapy:`` / ``warming``, ``See Conven-`` / ``tion``) or the line goes on
        # with the list of references (``See also blue`` / ``dyers; red dyers``).
        if UNFINISHED_REF_RE.search(p):
            return True
        if LOC_TAIL_RE.search(line) or LOC_INSIDE_RE.search(line):
            return False
        if regex.search(r"(?i)\bsee\b", line):
            return False  # a cross-reference of its own: ``vibration. See noise; Tremayne``
        return deeper or ";" in line
    if ELEMENT_LED_RE.match(line) and LOC_INSIDE_RE.search(line):
        # "§ 2-204, 215n5": a numbered element with its page is a term of its own (the
        # sections of a statute under its name; ``Appendix B, 59n14`` after ``struck
        # entries, 60``); a turnover only where a list waits for it
        return p.endswith((",", "–", "-", ";"))
    if _dated_sub(line) and not p.endswith((",", "–", "-", ";")):
        return False  # "strikes" / "1959, 54–55": a year and its pages, a sub-entry
    if LOCS_ONLY_RE.match(line) or (PASSIM_LINE_RE.match(line) and LOC_END_RE.search(p)):
        return True
    if p.endswith((",", "–", "-", ";", "(")) or _open_run_in(p):
        return True
    term, pages = parse_entry(line)[:2]
    if pages and term in TURNOVER_WORDS and not parse_entry(p)[1]:
        return True  # "system" / "of, 47n, 50": a preposition is no term of its own
    if not deeper and pages and line[:1].islower() and _bare_sub(p):
        return True  # "with horseradish and soured" / "cream, 152"
    last = p.rsplit(None, 1)[-1].lower() if p.split() else ""
    if sub and pages and line[:1].islower():
        return False  # "counts, kinds of" / "index counts, 1": a head and its sub-entry
    # "sale of" / "(1781), 43": a parenthesis opens no term of its own either
    return last in CONTINUING_WORDS and (line[:1].islower() or line[:1] == "(")


DATED_SUB_RE = regex.compile(r"^\s*(\d{3,4})s?,\s+(\d{1,4})\b")


def _dated_sub(line: str) -> bool:
    """Does *line* open with a year (a sub-entry's term), not a page: a number followed by
    a smaller one, where locators only ever rise (``1959, 54–55``)?

    >>> _dated_sub("1959, 54–55"), _dated_sub("1970s, 118"), _dated_sub("54, 118–120")
    (True, True, False)
    """
    m = DATED_SUB_RE.match(line)
    return m is not None and int(m.group(1)) > int(m.group(2))


YEAR_TERM_RE = regex.compile(r"^\s*(\d{3,4})s?\b")


def _years_run(a: str, b: str) -> bool:
    """Are *a* and *b* years (or decades) in rising order, sub-entries filed by date?

    >>> _years_run("1959", "1974"), _years_run("1970s", "1959"), _years_run("strikes", "1974")
    (True, False, False)
    """
    ma, mb = YEAR_TERM_RE.match(a), YEAR_TERM_RE.match(b)
    return bool(ma and mb and int(mb.group(1)) >= int(ma.group(1)))


def closed_ref_turnover(prev: str, line: str) -> bool:
    """Is *line*, a cross-reference line (``See also Quarrie, Abel``), the turnover of the
    entry *prev* that a full stop closed (``Wayfarer (ketch), xv, 1–4 passim.``)? An index
    that sets ``. See`` after an entry's locators closes the entry only before its
    reference; a cross-reference line under sub-entries ends no entry with a stop. A name's
    initial (``Alder, J.``) closes nothing, and a reference after a reference is one of
    its own.

    >>> closed_ref_turnover("Wayfarer, xv, 1–4 passim.", "See also Quarrie, Abel")
    True
    >>> closed_ref_turnover("Wayfarer, xv, 1–4 passim", "See also Quarrie, Abel")
    False
    >>> closed_ref_turnover("Alder, J.", "See also Smith"), closed_ref_turnover("pots. See jars.", "See also urns")
    (False, False)
    >>> closed_ref_turnover("Wayfarer, xv.", "see also boats")
    False
    """
    p = prev.rstrip()
    return (
        line.lstrip().startswith(("See ", "(See "))
        and p.endswith(".")
        and not p.endswith("..")
        and not NAME_INITIAL_END_RE.search(p)
        and not INITIAL_END_RE.search(p)
        and not regex.search(r"(?i)\bsee\b", p)
    )


def _bare_term(text: str) -> bool:
    """A term without locators or a cross-reference (yet).

    >>> _bare_term("convergence with reliance"), _bare_term("reliance, 12"), _bare_term("x. See y")
    (True, False, False)
    """
    term, pages, see, see_also = parse_entry(text)
    return bool(term) and not (pages or see or see_also) and not regex.search(r"(?i)\bsee\b", text)


def _bare_sub(text: str) -> bool:
    """A line worded as a sub-entry (``with horseradish and soured``) without locators or a
    cross-reference: no head of sub-entries of its own, so its entry goes on below.

    >>> _bare_sub("with horseradish and soured"), _bare_sub("with beetroot, 88"), _bare_sub("beetroot")
    (True, False, False)
    """
    words = text.split()
    return (
        len(words) > 1
        and words[0] in SUB_LEADS
        and not parse_entry(text)[1]
        and not regex.search(r"(?i)\bsee\b", text)
    )


# Prepositions that are no index term of their own (a programming book indexes ``for``,
# ``in``, ``with``, ``and``, ``or``, ``as`` as keywords; none of these is one)
TURNOVER_WORDS = frozenset("of by about between into under over against within".split())

# A line led by a numbered element (``§ 2-204``, ``Table 3``) or an appendix (``Appendix B``)
# rather than a page number
ELEMENT_LED_RE = regex.compile(
    rf"^\s*(?:{ELEMENT}\s?\d|(?:Annex|Appendix|App\.)\s(?:\p{{Lu}}|\d{{1,3}})\b)"
)

# "passim" alone on a turnover line: it belongs to the range before it
PASSIM_LINE_RE = regex.compile(r"(?i)^\s*passim\.?\s*$")
LOC_END_RE = regex.compile(rf"(?:,|\s)\s*{LOC}$")


SUB_DASH_RE = regex.compile(r"^(?P<dashes>(?:[–—-]\s+)+)(?=\p{L})")
DASH_INDENT = 4  # the indentation a sub-entry's dash stands for (above any indent step)
FULL_LINE = 0.85  # a line this long against the index's widest line filled its measure


def sub_dashes(text: str) -> tuple[int, str]:
    """The depth a sub-entry's leading dashes give it, and its text without them.

    >>> sub_dashes("– in deficit calculation, 212"), sub_dashes("— — by weight, 9")
    ((1, 'in deficit calculation, 212'), (2, 'by weight, 9'))
    >>> sub_dashes("-v flag, 12"), sub_dashes("– (minus), 3"), sub_dashes("well-being, 4")
    ((0, '-v flag, 12'), (0, '– (minus), 3'), (0, 'well-being, 4'))
    """
    m = SUB_DASH_RE.match(text)
    if m is None:
        return 0, text
    return len(regex.findall(r"[–—-]", m["dashes"])), text[m.end() :]


def _is_page_edge(lines: list[Line], i: int) -> bool:
    """Is line *i* the first or last line with text on its page, or next to the index's
    running head (``INDEX``, ``252 Index``)? Copy-paste and e-book exports lose the page
    breaks but keep the head, so the head shows where a page ended and the next began."""
    page = lines[i].page
    before = [ln for ln in lines[:i] if ln.page == page and ln.text.strip()]
    after = [ln for ln in lines[i + 1 :] if ln.page == page and ln.text.strip()]
    if not before or not after:
        return True
    return _running_head(before[-1].text) or _running_head(after[0].text)


def _last_locator(lines: list[Line]) -> int:
    """The highest page number the index's locators name (0 when none); a lone number on
    its line is left out, as it may be a folio."""
    top = 0
    for ln in lines:
        s = ln.text.strip()
        if FOLIO_LINE_RE.match(s):
            continue
        locs = regex.split(r"\s*,\s*", s) if LOCS_ONLY_RE.match(s) else parse_entry(s)[1]
        for loc in locs:
            m = regex.match(r"\d+(?!\.\d)", loc)
            top = max(top, int(m.group()) if m else 0)
    return top


def _margin_folio(text: str, prev: str, top: int) -> bool:
    """Is a lone number inside an index page the page's own folio, printed in the margin
    beside the column (at mid-height, say) and read in among the entries? It follows an
    entry whose locators are complete (no comma or dash waits for more), and it is higher
    than every page the index names: the index comes after the pages it indexes.

    >>> _margin_folio("77", "passenger service, 74–76 passim", 76)
    True
    >>> _margin_folio("77", "passenger service, 74,", 76), _margin_folio("75", "fares, 74", 76)
    (False, False)
    >>> _margin_folio("77", "Aber (harbour)", 76)
    False
    """
    s = text.strip()
    if not s.isdigit() or prev.rstrip().endswith((",", "–", "-", ";")):
        return False
    return bool(parse_entry(prev)[1]) and int(s) > top


def _running_head(text: str) -> bool:
    """An index heading alone or with a page number: a running head once inside the index.

    >>> _running_head("INDEX"), _running_head("252 Index"), _running_head("indexing, 12")
    (True, True, False)
    """
    s = text.strip()
    return bool(is_index_title(s) or is_index_title(FOLIO_RE_IN_HEAD.sub("", s)))


def _key(term: str) -> str:
    return _sort_keys(term)[0][0]


REF_TAIL_RE = regex.compile(r"(?i)\bsee(?:\s+also)?\s+(?P<refs>[^()]+?)\s*$")


def _ref_turnover(prev: str, line: str, entries: set[str]) -> bool:
    """Is *line* the end of the cross-reference that ends *prev*, turned over? It is when
    the reference names an entry of the index only with it (``see Hall’s`` / ``condition``
    where the index has ``Hall’s condition`` and no ``Hall’s``).

    >>> keys = {"hall s condition", "condition", "corollary"}
    >>> _ref_turnover("condition, Hall’s, see Hall’s", "condition", keys)
    True
    >>> _ref_turnover("condition, see corollary", "condition", keys)
    False
    """
    m = REF_TAIL_RE.search(prev.rstrip())
    if m is None or prev.rstrip().endswith(".") or parse_entry(line)[1]:
        return False
    if regex.search(r"(?i)\bsee\b", line):
        return False
    refs = _refs(m["refs"])
    if not refs:
        return False
    return _key(f"{refs[-1]} {line}") in entries and _key(refs[-1]) not in entries


def _join(prev: str, line: str, page: int, lexicon: Callable[[], Lexicon], log: StageLog) -> str:
    """An entry's line and its turnover line as one. A word hyphenated at the turnover
    (``context pack-`` / ``age``) is decided as a line-end hyphen in the body is: joined
    when the book or English knows the joined word, kept in a compound (``self-`` /
    ``regulation``)."""
    m, n = HYPHEN_END_RE.search(prev), NEXT_WORD_RE.match(line)
    if m and n:
        rule, ev = hyphen_decision(m["word"], n["word"], lexicon(), common_joined=COMMON_JOINED)
        if rule == "dehyphenate":
            log.edit(rule, page, f"{m['word']}-|{n['word']}", m["word"] + n["word"], **ev)
            return prev[:-1] + line
        return prev + line
    return prev + ("" if prev.endswith(("–", "-", "(")) else " ") + line


def turnover_indents(seen: list[tuple[float, bool]]) -> frozenset[float]:
    """The indentations an index keeps for turnover lines: those where lines set deeper than
    their entry's first line were mostly read as its turnovers on other evidence (a comma
    or dash waiting, locators alone), at least twice as often as not. *seen* holds such
    lines as (indent, joined). A sub-entry level holds entries of their own, mostly.

    >>> sorted(turnover_indents([(7, True), (7, True), (7, True), (7, False), (2, False), (2, True)]))
    [7]
    >>> sorted(turnover_indents([(4, True), (4, False), (4, False), (4, True), (9, True)]))
    []
    """
    joined: dict[float, int] = {}
    alone: dict[float, int] = {}
    for indent, was_joined in seen:
        d = joined if was_joined else alone
        d[indent] = d.get(indent, 0) + 1
    return frozenset(
        ind for ind, n in joined.items() if n >= 2 and n >= 2 * alone.get(ind, 0) and ind > 0
    )


def _logical_lines(
    lines: list[Line],
    log: StageLog,
    lexicon: Callable[[], Lexicon],
    turnover: frozenset[float] = frozenset(),
    seen: list[tuple[float, bool]] | None = None,
    starts: tuple[float, ...] = (),
    said: Callable[[str, str], bool] = lambda a, b: False,
    blanks: set[int] | None = None,
) -> list[_Logical]:
    """(text, indent, page, group) per entry: headings, notes and blanks out; wrapped lines
    joined; a letter-group heading as (None, 0, page, heading).

    A line that holds only a cross-reference (``see also monasteries``) is kept as its own
    item; the tree builder hangs it on the entry it belongs to.

    A line set deeper than its entry's first line at one of the *turnover* indentations
    (see turnover_indents) goes on the entry's term when that has no locators or
    cross-reference yet (``convergence with reliance`` / ``measure, 134``). *seen*
    collects (indent, joined) for each line set deeper than its entry's first line.

    So does a line set two levels or more deeper than its entry's first line (the
    indentations where index lines start, *starts*: see level_starts), which no sub-entry
    can be: a sub-entry is one level below its entry (``checking after a crash or after``
    / ``the chain has come off, 23``, ``wheel removal and refitting, front`` / ``and
    rear, 15–16``).

    In an index without indentation, a line that starts in lower case goes on a term
    without locators that filled its line (near the widest line of the index) when the
    book *said* the two words that meet there one after the other (``… and its merchant``
    / ``houses, 88``, the body saying ``merchant houses``): a full line turned over.
    """
    out: list[_Logical] = []
    top = functools.cache(lambda: _last_locator(lines))
    after_heading = False
    headings: set[str] = set()
    entries = functools.cache(lambda: {_key(parse_entry(ln.text)[0]) for ln in lines})
    dashed = sum(1 for ln in lines if SUB_DASH_RE.match(ln.text.strip())) >= 2
    widest = max((len(ln.text.strip()) for ln in lines), default=0)
    last_raw = ""  # the line before, as printed
    stacked: list[str] = []  # letter-group headings with no entry between them
    current = ""  # the letter-group heading the entries file under
    printed = ""  # the letter-group heading printed last (current, unless a block was lost)
    blank = True  # a blank line (or a stack of headings) before this line: a new block
    skip_to = 0  # past a headnote's lines
    for i, line in enumerate(lines):
        text = line.text.rstrip()
        if i < skip_to:
            continue
        if not text.strip():
            blank = True
            continue
        indent = float(indent_of(text))  # PDF lines carry their indentation within the column
        stripped = text.strip()
        depth, stripped = sub_dashes(stripped) if dashed else (0, stripped)
        if depth:
            # "– in deficit calculation, 212": a sub-entry flattened to the margin, its level
            # printed as dashes; read as indentation, one level deeper per dash.
            indent += depth * DASH_INDENT
            text = " " * int(indent) + stripped
            log.count("dash_marked_subentry")
            out.append((text, indent, line.page, ""))
            after_heading, last_raw = False, stripped
            continue
        if is_index_title(stripped):
            log.edit("index_heading", line.page, stripped, "")
            after_heading = True
            if out and stripped.casefold() not in headings:
                # A second index (``Index of Subjects`` after ``Index of Names``) starts its
                # own alphabetical sequence, as a letter group does; a running head that
                # repeats the heading does not.
                out.append((None, 0.0, line.page, stripped))
            headings.add(stripped.casefold())
            continue
        if FOLIO_RE_IN_HEAD.search(stripped) and is_index_title(FOLIO_RE_IN_HEAD.sub("", stripped)):
            log.edit("running_head", line.page, stripped, "")  # "Index | 231"
            continue
        if LETTER_GROUP_RE.match(stripped) and not _term_among_letters(
            stripped, out, lines[i + 1 :]
        ):
            log.edit("letter_group", line.page, stripped, "")
            after_heading = False
            headed = bool(out) and out[-1][0] is None and bool(stacked)
            stacked = [*stacked, stripped] if headed else [stripped]
            out.append((None, 0.0, line.page, stripped))
            current = printed = stripped
            blank = True
            continue
        started = len(stripped) <= 3 and any(x[0] is not None for x in out)
        if len(stripped) <= 3 and (
            ocr := ocr_letter_head(stripped, current, started, lines[i + 1 :])
        ):
            # a letter heading OCR read as its letter twice or thrice (``Cc``, ``WwW``)
            log.edit("letter_group", line.page, stripped, "", ocr=True)
            after_heading = False
            stacked = [ocr]
            out.append((None, 0.0, line.page, ocr))
            current = printed = ocr
            blank = True
            continue
        if after_heading and (end := headnote_end([ln.text for ln in lines[i:]])):
            # the headnote under the title (``References are to the numbered remarks, not
            # to pages; n after a number`` / ``refers to the editor’s note …``): prose
            for ln in lines[i : i + end]:
                if ln.text.strip():
                    log.edit("index_note", ln.page, ln.text.strip(), "")
            skip_to = i + end
            continue
        after_heading = False
        waiting = bool(out) and out[-1][0] is not None and out[-1][0].rstrip().endswith((",", "–"))
        if FOLIO_LINE_RE.match(stripped) and not waiting:
            if _is_page_edge(lines, i):
                log.edit("folio", line.page, stripped, "")  # a page number the furniture left
                continue
            if out and out[-1][0] is not None and _margin_folio(stripped, out[-1][0], top()):
                log.edit("folio", line.page, stripped, "", where="mid_page")
                continue
        prev = out[-1][0] if out else None
        deeper = bool(out) and out[-1][0] is not None and indent > out[-1][1]
        # one level deeper, at no turnover indentation: where a sub-entry stands
        sub = (
            deeper
            and bool(starts)
            and indent not in turnover
            and not skips_level(out[-1][1], indent, starts)
        )
        # A bare head printed with its entry template's comma (LibreOffice Writer's
        # ``Fanthorpe family,`` over ``Lady Harriet, 5`` / ``Sir Lucas, 2``): the line
        # set in under it, with locators, and a line after it set in as far, with
        # locators too, are its sub-entries, no turnover of it.
        headed = (
            prev is not None
            and deeper
            and prev.rstrip().endswith(",")
            and not parse_entry(prev)[1]
            and bool(parse_entry(stripped)[1])
            and _sibling_after(lines, i, indent)
        )
        joins = (
            prev is not None
            and not headed
            and (
                closed_ref_turnover(prev, stripped)
                or (
                    not SEE_LINE_RE.match(stripped)
                    and (
                        _continues(prev, stripped, deeper, sub=sub)
                        or _ref_turnover(prev, stripped, entries())
                        or (
                            deeper
                            and (indent in turnover or skips_level(out[-1][1], indent, starts))
                            and _bare_term(prev)
                        )
                        or (
                            len(starts) <= 1
                            and stripped[:1].islower()
                            and len(last_raw) >= FULL_LINE * widest
                            and _bare_term(prev)
                            and said(prev.split()[-1], stripped.split()[0])
                        )
                    )
                )
            )
        )
        if deeper and seen is not None:
            seen.append((indent, bool(joins)))
        if joins and prev is not None:
            _, prev_indent, prev_page, _ = out[-1]
            joined = _join(prev.rstrip(), stripped, line.page, lexicon, log)
            out[-1] = (joined, prev_indent, prev_page, "")
            log.count("wrapped_entry_joined")
            blank, last_raw = False, stripped
            continue
        if blank and len(stacked) > 1:
            # Letter heads of columns read side by side (``B`` / ``P``, then the B entries,
            # then the P entries): each block files under the heading that admits it.
            head = block_heading(stripped, stacked)
            log.edit("block_letter_group", line.page, stripped[:40], head)
            out.append((None, 0.0, line.page, head))
            current = head
        elif blank and (lost := lost_heading(current, _block(lines, i))):
            log.edit("block_letter_group", line.page, stripped[:40], lost, lost=True)
            out.append((None, 0.0, line.page, lost))
            current = lost
        elif blank and current != printed and _led_by(stripped, printed):
            # after a block filed under its own letter's heading (see lost_heading), a
            # block led by the printed heading's letter is that heading's again (``P`` /
            # ``care in promising`` … / ``promises`` with its sub-entries)
            log.edit("block_letter_group", line.page, stripped[:40], printed, back=True)
            out.append((None, 0.0, line.page, printed))
            current = printed
        if blank and blanks is not None:
            blanks.add(len(out))
        blank, last_raw = False, stripped
        out.append((text, indent, line.page, ""))
    return out


NOISY_JUMPS = 2  # this many level jumps make an index's indentation noise


def _sibling_after(lines: list[Line], i: int, indent: float) -> bool:
    """Is the next line after *i* set in as far as *indent*, an entry with locators?"""
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text.strip()), "")
    return float(indent_of(nxt)) == indent and bool(parse_entry(nxt.strip())[1])


def level_jumps(logical: list[_Logical], p: ParseIndexParams) -> int:
    """How many entries are set two levels or more deeper than the entry before them,
    although they have locators or a cross-reference of their own (no turnover, which
    _logical_lines joins to a bare term). No sub-entry skips a level; a layout text's right
    column, whose lines PyMuPDF or a like converter places by counting the characters and
    spaces of the left column's line beside them, gets indentations off by several
    characters either way, and such jumps with them.

    >>> rows = [("Sundays, 47", 0.0), ("tariffe, 45", 5.0), ("Terontola, 47", 1.0),
    ...         ("tickets", 6.0), ("bus, 47", 4.0), ("online, 45n", 8.0)]
    >>> level_jumps([(t, i, 1, "") for t, i in rows], ParseIndexParams())
    2
    >>> rows = [("brakes", 0.0), ("adjusting, 22", 3.0), ("limit screws, 23", 0.0),
    ...         ("checking after a crash", 3.0), ("the chain came off, 23", 8.0)]
    >>> level_jumps([(t, i, 1, "") for t, i in rows], ParseIndexParams())
    0
    """
    entries = [x for x in logical if x[0] is not None]
    if not entries:
        return 0
    levels = _indent_levels([x[1] for x in entries], p.indent_step)
    jumps = 0
    for a, b in itertools.pairwise(logical):
        if a[0] is None or b[0] is None or levels[b[1]] - levels[a[1]] < 2:
            continue
        jumps += not _bare_term(b[0]) or not _bare_term(a[0])
    return jumps


HEADNOTE_END_RE = regex.compile(r"[.!?…][\"'’”)\]]*$")
HEADNOTE_LINES = 5  # a headnote is a sentence or two: this many lines at most


def headnote_end(texts: list[str]) -> int | None:
    """How many of *texts*, the lines right after an index's title, are its headnote: prose
    (five words or more, a capital first, a sentence end last) over a few lines, none of
    them an entry (locators or a cross-reference), a letter group or a heading; None when
    the lines start no headnote.

    >>> note = ["References are to the numbered remarks, not to pages; n after a number",
    ...         "refers to the editor’s note on that remark.", "", "attention, 4–4.71"]
    >>> headnote_end(note), headnote_end(["Page numbers followed by n refer to notes.", "a, 3"])
    (2, 1)
    >>> headnote_end(["(Numbers in italics refer to illustrations.)"])
    1
    >>> headnote_end(["abacus", "history of, 3", "Babbage, Charles, 5."])
    >>> headnote_end(["beam, picture of. See attention: as a beam."])
    >>> headnote_end(["Adams, John, 3.", "Boston, 4"]), headnote_end(["A", "abbey, the old one."])
    (None, None)
    >>> headnote_end(["Aberdeen, Earl of, Foreign Secretary and Prime Minister.", "12, 40"])
    """
    words: list[str] = []
    seen = 0
    for j, text in enumerate(texts):
        s = text.strip()
        if not s:
            continue
        seen += 1
        if (
            seen > HEADNOTE_LINES
            or is_entry_line(s)
            or SEE_LINE_RE.match(s)
            or LETTER_GROUP_RE.match(s)
            or is_index_title(s)
        ):
            return None
        words += s.split()
        if HEADNOTE_END_RE.search(s):
            after = next((t for t in texts[j + 1 :] if t.strip()), "")
            prose = len(words) >= 5 and regex.match(r"^\W*\p{Lu}", words[0])
            # (an entry whose locators turned over is none: ``… Prime Minister.`` / ``12, 40``)
            return j + 1 if prose and not LOCS_ONLY_RE.match(after) else None
    return None


def level_starts(indents: list[float], p: ParseIndexParams) -> tuple[float, ...]:
    """The least indentation of each level the index's lines are set at (see _indent_levels).

    >>> level_starts([0, 2, 3, 0, 4, 5, 8], ParseIndexParams())
    (0.0, 2.0, 4.0, 8.0)
    """
    levels = _indent_levels(indents, p.indent_step)
    return tuple(
        float(min(i for i in levels if levels[i] == lv)) for lv in sorted(set(levels.values()))
    )


def skips_level(before: float, indent: float, starts: tuple[float, ...]) -> bool:
    """Is a line at *indent* two levels or more deeper than an entry at *before*?

    >>> skips_level(0, 4, (0, 2, 4, 8)), skips_level(3, 8, (0, 2, 4, 8)), skips_level(2, 5, (0, 2, 4, 8))
    (True, True, False)
    """
    return sum(1 for s in starts if before < s <= indent) >= 2


def block_heading(text: str, stacked: list[str]) -> str:
    """Of letter-group headings printed together (columns read side by side), the one a
    block starting with the entry *text* files under; none ('') when none admits it.

    >>> block_heading("pathlib, 141", ["B", "P"]), block_heading("__enter__(), 142", ["Symbols", "O"])
    ('P', 'Symbols')
    >>> block_heading("atomic writes, 146", ["Symbols", "O"])
    ''
    """
    letter = _group_letter(parse_entry(text)[0])
    return next((h for h in stacked if letter in (_group_letters(h) or ())), "")


def _block(lines: list[Line], i: int) -> list[str]:
    """The lines of the block that starts at line *i*: up to the next blank line."""
    out = []
    for ln in lines[i:]:
        if not ln.text.strip():
            break
        out.append(ln.text.strip())
    return out


def lost_heading(current: str, block: list[str]) -> str:
    """The letter heading a block of entries after a blank line files under when it is not
    the heading it stands under (*current*, a single letter): two entries or more, all led
    by one other letter, in alphabetical order. A converter that reads two columns' letter
    groups interleaved (``pdftotext`` on ``C`` over ``P`` in the next column) puts a
    group's entries under another group's heading; its own heading turns up elsewhere.
    '' when the block is the heading's own (or too short to tell).

    >>> lost_heading("C", ["pitch inspections, 45", "Preece, Danny, 45, 47t", "Priors Marsh, 45t"])
    'P'
    >>> lost_heading("C", ["Calderbrook, 45t", "cautions. See discipline"])
    ''
    >>> lost_heading("C", ["pitch, 45"]), lost_heading("", ["pitch, 4", "plums, 5"])
    ('', '')
    >>> lost_heading("C", ["plums, 5", "pitch, 45"])
    ''
    """
    letters = _group_letters(current) if regex.fullmatch(r"\p{L}", current.strip()) else None
    terms = [parse_entry(t)[0] for t in block if not SEE_LINE_RE.match(t)]
    firsts = {_group_letter(t) for t in terms}
    if letters is None or len(terms) < 2 or len(firsts) != 1:
        return ""
    (letter,) = firsts
    if letter == "#" or letter in letters:
        return ""
    if not all(_in_order(a, b) for a, b in itertools.pairwise(terms)):
        return ""
    return letter.upper()


def _led_by(text: str, heading: str) -> bool:
    """Is the entry *text* led by a letter the letter heading *heading* admits?

    >>> _led_by("promises", "P"), _led_by("care, 5", "P"), _led_by("care, 5", "Symbols")
    (True, False, False)
    """
    letters = _group_letters(heading) if regex.fullmatch(r"\p{L}", heading.strip()) else None
    return bool(letters) and _group_letter(parse_entry(text)[0]) in letters


LOOKALIKE_SMALL = frozenset("ckopsuvwxz")


def ocr_letter_head(text: str, current: str, started: bool, after: list[Line]) -> str:
    """The letter of a letter heading that OCR read as its letter repeated (``Cc``, ``WwW``,
    ``Dd``, ``SS``: a capital and one or two more of it in either case, the printed letter's
    shape read twice), or '': one where the letter heading before it (*current*) has an
    earlier letter, or none stands before it and no entry either (*started*), and the entry
    after it is led by its letter. A term of such letters (``Aa``, a river) files among
    its letter's entries, after its letter heading, and has locators or sub-entries.

    >>> lines = [Line("Calder’s mill, 3", 7)]
    >>> ocr_letter_head("Cc", "A", True, lines), ocr_letter_head("WwW", "S", True, [Line("war, 5", 7)])
    ('C', 'W')
    >>> ocr_letter_head("Cc", "C", True, lines), ocr_letter_head("Cc", "D", True, lines)
    ('', '')
    >>> ocr_letter_head("Cc", "", True, lines), ocr_letter_head("Cc", "", False, lines)
    ('', 'C')
    >>> ocr_letter_head("Cc", "A", True, [Line("Askew, 4", 7)]), ocr_letter_head("cC", "A", True, lines)
    ('', 'C')
    >>> ocr_letter_head("kK", "J", True, [Line("Kell, Ann, 4", 7)]), ocr_letter_head("aA", "", False, lines)
    ('K', '')
    >>> ocr_letter_head("Co", "A", True, lines), ocr_letter_head("Cccc", "A", True, lines)
    ('', '')
    """
    s = text.strip()
    # (a letter whose small form is its capital's shape may be read small first: ``kK``)
    first = s[:1].isupper() or (s[:1] in LOOKALIKE_SMALL and any(c.isupper() for c in s))
    if not (2 <= len(s) <= 3 and first and s.casefold() == s[0].casefold() * len(s)):
        return ""
    letter = _group_letter(s)
    if letter == "#":
        return ""
    head = current.strip()
    if head:
        if not regex.fullmatch(r"\p{L}", head) or _group_letter(head) >= letter:
            return ""
    elif started:
        return ""
    nxt = next((ln.text.strip() for ln in after if ln.text.strip()), "")
    if not nxt or _group_letter(parse_entry(nxt)[0]) != letter:
        return ""
    return s[0].upper()


def _term_among_letters(text: str, before: list[_Logical], after: list[Line]) -> bool:
    """Is a worded group heading (``Numbers``, ``Symbols``) an entry instead, standing
    among entries led by letters? A group of numbers and symbols opens or closes an index.

    >>> _term_among_letters("Numbers", [("Exodus", 0.0, 1, "")], [Line("Psalms", 1)])
    True
    >>> _term_among_letters("Numbers", [], [Line("Psalms", 1)]), _term_among_letters("B", [("a", 0.0, 1, "")], [Line("b", 1)])
    (False, False)
    """
    if not regex.search(r"\p{L}{2}", text):
        return False  # a letter heading (``B``, ``A–C``)

    def lettered(t: str | None) -> bool:
        t = (t or "").strip()
        return bool(t) and not LETTER_GROUP_RE.match(t) and _group_letter(t) != "#"

    return any(lettered(x[0]) for x in before) and any(lettered(ln.text) for ln in after)


def _is_title(text: str) -> bool:
    """Worded as a heading: capitalised words (and lower-case function words), no comma.

    >>> _is_title("Hebrew Bible"), _is_title("Dead Sea Scrolls and Texts"), _is_title("pawn storm")
    (True, True, False)
    """
    words = text.split()
    return (
        0 < len(words) <= 5
        and "," not in text
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in CONTINUING_WORDS for w in words)
    )


def _group_headings(logical: list[_Logical], p: ParseIndexParams, log: StageLog) -> list[_Logical]:
    """In an index without indentation, the group headings that divide it (``Hebrew Bible``
    above ``Genesis`` / ``1:2, 52``): a line worded as a heading, with nothing of its own,
    above a head term without locators whose sub-entries follow, that sorts before it (so
    it is no sub-entry of it either). They divide the index as a letter group does.
    """
    entries = [x for x in logical if x[0] is not None]
    if not entries or max(_indent_levels([x[1] for x in entries], p.indent_step).values()) > 0:
        return logical

    def bare(text: str) -> bool:
        term, pages, see, see_also = parse_entry(text)
        return bool(term) and not (pages or see or see_also or SEE_LINE_RE.match(text))

    out = list(logical)
    for j in range(len(out) - 2):
        x, y, z = (out[j + d][0] for d in range(3))
        if x is None or y is None or z is None:
            continue
        term = x.strip()
        # (the first entry under its letter's heading is that group's entry: ``P`` /
        # ``Portavell`` / ``harbour`` / ``wall, 6``, a head over its sub-entries)
        lettered = j > 0 and out[j - 1][0] is None and _led_by(term, out[j - 1][3])
        if (
            not lettered
            and bare(term)
            and _is_title(term)
            and bare(y)
            and parse_entry(z)[1]
            and not _in_order(term, parse_entry(y)[0])
        ):
            log.edit("group_heading", out[j][2], term, "")
            out[j] = (None, 0.0, out[j][2], term)
    return out


def stray_turnover(logical: list[_Logical], j: int, entries: set[str]) -> int | None:
    """The logical line whose cross-reference the line *j* ends, set apart from it by the
    extractor (pdfminer's boxes: ``tide, 1, 6. See also low`` at the end of one block,
    ``tide`` alone at the end of another, in another letter's group), or None. The line is
    no entry: a word or two without locators or cross-reference, led by a letter its letter
    group's heading does not admit, with no sub-entries after it. The reference ends its
    block without a stop, and names an entry of the index only with the line (``low tide``,
    no ``low``).

    >>> rows = [(None, "T"), ("tide, 1, 6. See also low", ""), (None, "B"), ("blenny, 5", ""),
    ...         ("tide", ""), (None, "L"), ("low tide, 1", "")]
    >>> logical = [(t, 0.0, 8, h) for t, h in rows]
    >>> keys = {"tide", "blenny", "low tide"}
    >>> stray_turnover(logical, 4, keys), stray_turnover(logical, 4, keys | {"low"})
    (1, None)
    >>> stray_turnover(logical, 3, keys)
    """
    text = logical[j][0]
    if text is None or (j + 1 < len(logical) and logical[j + 1][0] is not None):
        return None
    s = text.strip()
    heading = next((x[3] for x in reversed(logical[:j]) if x[0] is None), "")
    if len(s.split()) > 2 or not _bare_term(s) or _led_by(s, heading) or not heading.strip():
        return None
    if not regex.fullmatch(r"\p{L}", heading.strip()):
        return None
    for k in range(j - 1, -1, -1):
        prev = logical[k][0]
        if prev is None or (logical[k + 1][0] is not None and k + 1 != j):
            continue  # (a line that ends its block, before a heading)
        m = REF_TAIL_RE.search(prev.rstrip())
        if m is None or prev.rstrip().endswith((".", ",", ";")):
            continue
        refs = _refs(m["refs"])
        if refs and _key(f"{refs[-1]} {s}") in entries and _key(refs[-1]) not in entries:
            return k
    return None


def _rejoin_stray_turnovers(
    logical: list[_Logical], blanks: set[int], log: StageLog
) -> list[_Logical]:
    """Put each stray turnover of a cross-reference (see stray_turnover) back on its line;
    *blanks* follows the lines after it."""
    entries = {_key(parse_entry(x[0])[0]) for x in logical if x[0] is not None}
    out = list(logical)
    for j in range(len(out) - 1, -1, -1):
        k = stray_turnover(out, j, entries)
        if k is None:
            continue
        text, indent, page, heading = out[k]
        joined = f"{text.rstrip()} {out[j][0].strip()}"
        log.edit("ref_turnover_rejoined", out[j][2], out[j][0].strip(), joined, lines_back=j - k)
        out[k] = (joined, indent, page, heading)
        del out[j]
        kept = {b if b < j else b - 1 for b in blanks if b != j}
        blanks.clear()
        blanks.update(kept)
    return out


LETTER_LED_SHARE = 0.5  # at least this share of the groups' entries led by their letter
MIN_GROUPS = 3  # letter groups with entries needed as evidence of their order


def letter_group_order(logical: list[_Logical], printed: frozenset[str]) -> list[int] | None:
    """The order of the logical lines with the letter groups put back in the order of their
    letters, or None when they are in order already or the evidence is unclear. An
    extractor that reads a two-column index block by block (default ``pdftotext``,
    pdfminer's boxes) interleaves the columns' letter groups (``A``, ``O``, ``B``, ``P``…);
    each group's heading (a single letter printed in the index, *printed*) still stands
    over its entries, so the groups go back in the order of their letters, each keeping
    its entries (and their sub-entries) in their order. The evidence: three groups with
    entries or more, each led by an entry of its letter, and at least half of their
    entries led by their group's letter. The entries before the first letter heading
    continue the group of their letter from the column before (``rules, iv, 6`` over
    ``A`` / ``anemone``) and go at its end; led by a letter without a heading they stay
    first. A heading that is no letter (``Symbols``, a second index's title) divides the
    index: groups move only between two such headings.

    >>> rows = [(None, "A"), ("apple, 1", ""), (None, "C"), ("cat, 2", ""), ("cow, 3", ""),
    ...         (None, "B"), ("bee, 4", ""), ("by air, 5", "")]
    >>> logical = [(t, 0.0, 1, h) for t, h in rows]
    >>> letter_group_order(logical, frozenset("ABC"))
    [0, 1, 5, 6, 7, 2, 3, 4]
    >>> letter_group_order(logical[:5], frozenset("ABC")) is None  # in order
    True
    >>> letter_group_order(logical, frozenset("AC")) is None  # B printed nowhere
    True
    """
    units: list[tuple[tuple[str, int], list[int]]] = []  # (sort key, logical lines)
    parts: list[list[tuple[tuple[str, int], list[int]]]] = [units]
    for k, (text, _indent, _page, heading) in enumerate(logical):
        if text is None:
            h = heading.strip()
            letters = _group_letters(h)
            if h and (letters is None or "#" in letters):
                units = [(("", 0), [k])]  # a barrier: a new part starts here
                parts.append(units)
                continue
            if len(h) == 1 and h.upper() in printed:
                units.append(((min(letters or "#"), 0), [k]))
                continue
            # (a heading no letter admits, or a letter the index prints no heading for:
            # its block stays with the group before)
        if not units:
            units.append((("", 0), []))  # the lines before the first letter heading
        units[-1][1].append(k)
    order: list[int] = []
    changed: list[tuple[str, int]] = []
    for part in parts:
        new = _ordered_units(logical, part, printed)
        if new is not None:
            changed.extend(key for key, _ in new)
            part = new
        order.extend(k for _key, ks in part for k in ks)
    return order if changed else None


def _ordered_units(
    logical: list[_Logical], units: list[tuple[tuple[str, int], list[int]]], printed: frozenset[str]
) -> list[tuple[tuple[str, int], list[int]]] | None:
    """The units of one part of the index (see letter_group_order) in the order of their
    letters, or None."""
    fixed = [u for u in units if not u[0][0]]  # the part's opening barrier, entries before
    grouped = [u for u in units if u[0][0]]
    entries = [
        (key, [logical[k][0] or "" for k in ks if logical[k][0] is not None]) for key, ks in grouped
    ]
    filled = [(key, [t for t in ts if not SEE_LINE_RE.match(t)]) for key, ts in entries]
    filled = [(key, ts) for key, ts in filled if ts]
    if len(filled) < MIN_GROUPS:
        return None
    keys = [key for key, _ in grouped]
    if all(a <= b for a, b in itertools.pairwise(keys)):
        return None
    if not all(_group_letter(parse_entry(ts[0])[0]) == key[0] for key, ts in filled):
        return None
    led = sum(1 for key, ts in filled for t in ts if _group_letter(parse_entry(t)[0]) == key[0])
    if led < LETTER_LED_SHARE * sum(len(ts) for _key, ts in filled):
        return None
    out = list(fixed)
    if fixed and fixed[-1][1]:
        # entries before the first letter heading: the end of their letter's group
        ks = fixed[-1][1]
        texts = [logical[k][0] for k in ks if logical[k][0] is not None]
        letter = _group_letter(parse_entry(texts[0])[0]) if texts else "#"
        if texts and letter.upper() in printed and any(key[0] == letter for key in keys):
            lead = [k for k in ks if logical[k][0] is None]  # a barrier's heading stays
            out[-1] = (("", 0), lead)
            grouped = [*grouped, ((letter, 1), [k for k in ks if k not in lead])]
    return out + sorted(grouped, key=lambda u: u[0])


def _letter_group_ranks(
    logical: list[_Logical], lines: list[Line], log: StageLog
) -> dict[int, int] | None:
    """Each logical line's place with the letter groups put back in order (see
    letter_group_order), logged; None when they stay where they are. The entries' levels
    are read in the order of the input, so only their order changes."""
    printed = frozenset(
        s.upper() for ln in lines if len(s := ln.text.strip()) == 1 and LETTER_GROUP_RE.match(s)
    )
    order = letter_group_order(logical, printed)
    if order is None:
        return None

    def heads(rows: list[_Logical]) -> str:  # the letter groups with entries, in order
        return " ".join(
            a[3] for a, b in itertools.pairwise(rows) if a[0] is None and a[3] and b[0] is not None
        )

    log.edit(
        "letter_groups_reordered",
        logical[0][2],
        heads(logical),
        heads([logical[k] for k in order]),
        lines_moved=sum(1 for n, k in enumerate(order) if n != k),
        letter_heads=len(printed),
    )
    return {k: n for n, k in enumerate(order)}


def _build_tree(
    logical: list[_Logical],
    p: ParseIndexParams,
    log: StageLog,
    phrase: Callable[..., bool] = lambda sub, head, head_first=False: False,
    run_in: bool = True,
    blanks: frozenset[int] | set[int] = frozenset(),
) -> list[_Item]:
    entries = [x for x in logical if x[0] is not None]
    if not entries:
        return []
    levels = _indent_levels([x[1] for x in entries], p.indent_step)
    indented = max(levels.values()) > 0  # the index shows levels by indentation
    # An index that sets its sub-entries on lines of their own, indented, more often than
    # it runs them in: a line with parts after semicolons is one entry as printed
    # (``hermit crab, common, 58–59; shell exchange by, 59``), as an index's lone run-in
    # line is (see run_in_style).
    printed_subs = sum(1 for x in entries if levels[x[1]] > 0) > sum(
        1 for x in entries if split_run_in(x[0] or "")
    )
    by_structure = (
        {} if indented else _structure_subs(_flat_entries(logical, run_in, blanks), phrase)
    )
    roots: list[_Item] = []
    stack: list[_Item] = []  # open ancestors by level
    implicit_head: _Item | None = None
    for k, (text, indent, page, _group) in enumerate(logical):
        if text is None:  # a letter-group heading: no sub-entries across it
            implicit_head = None
            continue
        level = levels[indent]
        if SEE_LINE_RE.match(text):
            target = (
                stack[min(level, len(stack)) - 1]
                if level and stack
                else (roots[-1] if roots else None)
            )
            if target is not None and _add_refs(target, text):
                log.count("cross_reference_line")
                continue
        parts = None if printed_subs else _split_run_in(text, run_in)
        term, pages, see, see_also = parse_entry(parts[0] if parts else text)
        item = _Item(term, pages, see, see_also, indent, page, line=k)
        if parts:
            item.subs = [_Item(*parse_entry(x), indent, page) for x in parts[1:]]
            log.count("run_in_subentries", len(parts) - 1)
        resumed = continued_head(term) if level == 0 and not pages else None
        if resumed is not None:
            same = [r for r in roots if r.term == resumed]
            if same:  # "joints (cont.)" at the top of a page: the entry goes on
                stack = [same[-1]]
                implicit_head = same[-1] if not indented else None
                log.count("continued_head")
                continue
        if level > 0 and stack:
            level = min(level, len(stack))
            parent = stack[level - 1]
            parent.subs.append(item)
            del stack[level:]
            stack.append(item)
            log.count("subentry_by_indent")
            continue
        if implicit_head is not None and k in by_structure:
            if by_structure[k] > 1 and implicit_head.subs:  # under its bare sub-entry
                implicit_head.subs[-1].subs.append(item)
            else:
                implicit_head.subs.append(item)
            log.count("subentry_by_structure")
            continue
        roots.append(item)
        stack = [item]
        implicit_head = item
        if not pages and not see and not see_also:
            log.count("head_without_locators")
    return roots


def _flat_entries(
    logical: list[_Logical], style: bool = True, blanks: frozenset[int] | set[int] = frozenset()
) -> list[_Flat]:
    """The entries of an index without indentation, as _structure_subs reads them;
    *blanks* holds the logical lines that follow a blank line (see blank_gaps)."""
    flat: list[_Flat] = []
    targets: set[str] = set()
    named: set[str] = set()  # sub-entries a cross-reference names under their head
    terms: dict[str, int] = {}
    segment, group = 0, None
    for k, (text, _indent, _page, heading) in enumerate(logical):
        if text is None:
            segment, group = segment + 1, _group_letters(heading)
            for e in reversed(flat):
                if e.next_group is not None or e.group is None:
                    break
                e.next_group = group
            continue
        if SEE_LINE_RE.match(text):
            if flat:
                flat[-1].has_refs = True  # a cross-reference line of the entry before
                flat[-1].ref_line = True
                m = regex.match(
                    r"(?i)^\s*\(?\s*see(?:\s+also)?\s+(?P<refs>.+?)\s*(?:\)\.?)?\s*$", text
                )
                _add_targets(_refs(m["refs"]) if m else [], targets, named)
            continue
        run_in = _split_run_in(text, style)
        term, pages, see, see_also = parse_entry(run_in[0] if run_in else text)
        _add_targets([*see, *see_also], targets, named)
        resumed = continued_head(term) if not pages else None
        if resumed is not None and resumed in terms:
            segment += 1
            flat.append(_Flat(k, term, True, True, False, True, group, segment, terms[resumed]))
            continue
        terms.setdefault(term, len(flat))
        has_refs = bool(pages or see or see_also)
        # No sub-entries under a run-in entry (they follow it on its line) or a "see" entry.
        can_head = not run_in and not (see and not pages)
        first = next((int(m[0]) for x in pages if (m := regex.match(r"\d+(?![.\d])", x))), None)
        flat.append(
            _Flat(k, term, has_refs, bool(pages), True, can_head, group, segment, first=first)
        )
    headed = frozenset(
        c
        for text, _i, _p, heading in logical
        if text is None and regex.fullmatch(r"\p{L}", heading.strip())
        for c in _group_letters(heading) or ()
    )
    # Pairs of entries next to each other in one block of the index page: a blank line
    # between them sets the second apart.
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(flat)
        if b.segment == a.segment and a.k + 1 == b.k and logical[a.k][2] == logical[b.k][2]
    ]
    if blank_gaps([b.k in blanks for _a, b in pairs]):
        for _a, b in pairs:
            b.apart = b.k in blanks
    printed = collections.Counter(_sort_keys(e.term)[0][0] for e in flat)
    for e in flat:
        e.headed = headed
        key = _sort_keys(e.term)[0][0]
        if key in targets and printed[key] == 1:
            # A cross-reference points to a main entry; a term printed twice (``Seeded
            # Soda Bread`` under ``loaves`` and in its own place) may be a sub-entry once.
            e.can_sub = False
        # ``See nuisance, private: utility of defendant’s activity`` names a sub-entry
        e.named_sub = key in named and printed[key] == 1 and key not in targets
        e.numbered = numbered_term(e.term)
    for _seg, group in itertools.groupby(flat, key=lambda e: e.segment):
        run = list(group)
        lettered = [k for k, e in enumerate(run) if _group_letter(e.term) != "#"]
        for k, e in enumerate(run):
            e.amid = bool(lettered and lettered[0] < k < lettered[-1] and symbol_led(e.term))
    return flat


def _add_targets(refs: list[str], targets: set[str], named: set[str]) -> None:
    """Add a cross-reference's targets (by sort key) to *targets*, the main entries it
    points to; one that names a sub-entry after its head and a colon (``See noise: quarry
    blasting``) points to the head, and the sub-entry goes to *named*.

    >>> t, n = set(), set()
    >>> _add_targets(["noise: quarry blasting", "Tremayne v Bastable"], t, n)
    >>> sorted(t), sorted(n)
    (['noise', 'tremayne v bastable'], ['quarry blasting'])
    """
    for r in refs:
        head, colon, sub = r.partition(": ")
        targets.add(_sort_keys(head if colon and head.strip() else r)[0][0])
        if colon and head.strip() and sub.strip():
            named.add(_sort_keys(sub)[0][0])


def blank_gaps(gaps: list[bool]) -> bool:
    """Do the blank lines between an index's entries tell its layout (*gaps*: for each entry
    after another on its page, whether a blank line stands between them)? They do where
    some entries stand apart and at least a quarter run on from the entry before: a
    converter that writes the blocks of a page (PyMuPDF's blocks, pdfminer's boxes) sets a
    blank line where the next line starts a block, at more space or deeper indentation
    (a sub-entry's block under its head, a letter group's under the one before). A
    double-spaced export, with a blank line after every line, tells nothing.

    >>> blank_gaps([True, False, True, False]), blank_gaps([True] * 9 + [False])
    (True, False)
    >>> blank_gaps([False] * 5), blank_gaps([])
    (False, False)
    """
    return any(gaps) and 4 * gaps.count(False) >= len(gaps)


def symbol_led(term: str) -> bool:
    """Is *term* led by a symbol (``§ 2-204``, ``--all option``), not a letter or digit? A
    number may be filed as spelled out among the letters; a symbol rarely is.

    >>> symbol_led("§ 2-204"), symbol_led("3D printing"), symbol_led("“able” seamen")
    (True, False, False)
    """
    return _group_letter(term) == "#" and not term.strip().lstrip("“‘\"'(")[:1].isdigit()


NUMBERED_RE = regex.compile(r"^(?P<n>\d{1,4})(?=:\d|\.{2,3}\s?\S|\.\s+\S)")


def numbered_term(term: str) -> int | None:
    """The number that starts a numbered term: a chapter and verse (``2:10–14``), a move
    (``7. f4 Be7``, ``10...b5``). A section number (``3.2``), a year or a term led by a
    number (``1 Corinthians``, ``1984``) is none.

    >>> [numbered_term(t) for t in ["2:10–14", "7. f4 Be7 8. Qf3", "10...b5", "3.2", "1 Corinthians"]]
    [2, 7, 10, None, None]
    """
    m = NUMBERED_RE.match(term.strip())
    return int(m["n"]) if m else None


def _add_refs(item: _Item, text: str) -> bool:
    """Hang a cross-reference line (``see also debt; kinship``) on its entry; False when
    the line names no target (``see`` alone), which then stays a line of its own.

    >>> it = _Item("abbots", ["12"], [], [], 0.0, 1)
    >>> _add_refs(it, "  (See also monasteries; priors.)"), it.see_also
    (True, ['monasteries', 'priors'])
    >>> _add_refs(it, "see")
    False
    """
    m = regex.match(r"(?i)^\s*\(?\s*see(\s+also)?\s+(?P<refs>.+?)\s*(?:\)\.?)?\s*$", text)
    if m is None:
        return False
    refs = _refs(m["refs"])
    (item.see_also if m.group(1) else item.see).extend(refs)
    return True


def _indent_levels(indents: list[float], min_step: float) -> dict[float, int]:
    """Map each indentation to a level: distinct indents, merged when closer than *min_step*.

    >>> _indent_levels([0, 4, 8, 4, 0], 2)
    {0: 0, 4: 1, 8: 2}
    >>> _indent_levels([72.0, 72.4, 84.0], 2)
    {72.0: 0, 72.4: 0, 84.0: 1}
    """
    levels: dict[float, int] = {}
    level, last = -1, None
    for ind in sorted(set(indents)):
        if last is None or ind - last >= min_step:
            level += 1
            last = ind
        levels[ind] = level
    return levels


@functools.lru_cache(maxsize=1 << 14)
def _sort_keys(term: str, sub: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys a term may be filed under: word by word and letter by letter, each also
    without a leading article (a sub-entry also without a leading preposition or
    conjunction, which some indexes pass over) and with St., Mt., Mc spelled out as some
    indexes file them; case, accents and punctuation ignored.

    >>> _sort_keys("The Hague")
    (('the hague', 'hague'), ('thehague', 'hague'))
    >>> _sort_keys("Ångström")[0], _sort_keys("with typeof", sub=True)[0]
    (('angstrom',), ('with typeof', 'typeof'))
    >>> _sort_keys("St. Louis")[0], _sort_keys("McAdam")[0]
    (('st louis', 'saint louis'), ('mcadam', 'macadam'))

    Both conventions also file a term up to its first comma or parenthesis, so that
    ``Vellacott, Susannah`` may come before ``Vellacott Brothers``.

    >>> _sort_keys("Smith, John")
    (('smith john', 'smith \\x01 john'), ('smithjohn', 'smith\\x01john'))
    """
    s = "".join(
        c for c in unicodedata.normalize("NFKD", term.casefold()) if not unicodedata.combining(c)
    )
    words = regex.sub(r"[^\p{L}\p{N}]+", " ", s).split()
    variants = [words]
    spelled = [
        SPELLED_OUT.get(w) or (f"mac{w[2:]}" if w[:2] == "mc" and w[2:] else w) for w in words
    ]
    if spelled != words:
        variants.append(spelled)  # St. Louis filed as Saint Louis, McAdam as MacAdam
    if len(words) > 1 and (words[0] in ("the", "a", "an") or (sub and words[0] in SUB_LEADS)):
        variants.append(words[1:])
    word, letter = [" ".join(w) for w in variants], ["".join(w) for w in variants]
    m = regex.search(r"[,(]", s)
    if m and m.start() > 0:
        # Filed up to the first comma or parenthesis, the rest after it breaking ties only
        # (``Smith, John`` and ``Smith (family)`` before ``Smith Brothers``)
        head = regex.sub(r"[^\p{L}\p{N}]+", " ", s[: m.start()]).split()
        rest = regex.sub(r"[^\p{L}\p{N}]+", " ", s[m.start() :]).split()
        if head and rest:
            word.append(f"{' '.join(head)} \x01 {' '.join(rest)}")
            letter.append(f"{''.join(head)}\x01{''.join(rest)}")
    return tuple(word), tuple(letter)


def _in_order(a: str, b: str, sub: bool = False) -> bool:
    """May *b* follow *a* among main entries (or, with *sub*, among the sub-entries of one
    head)?

    Either filing convention counts (``New York`` before or after ``newborn``), and
    entries that start with a symbol or a digit are no evidence either way.

    >>> _in_order("narrowing", "never type"), _in_order("with typeof", "never type")
    (True, False)
    >>> _in_order("newborn", "New York"), _in_order("+=", "{} (braces)"), _in_order("zoo", "401(k)")
    (True, True, True)
    >>> _in_order("with instanceof", "by truthiness"), _in_order("with x", "by y", sub=True)
    (False, True)
    """
    if _group_letter(a) == "#" or _group_letter(b) == "#":
        return True
    ka, kb = _sort_keys(a, sub), _sort_keys(b, sub)
    return any(x <= y for conv in (0, 1) for x in ka[conv] for y in kb[conv])


def _group_letters(heading: str) -> frozenset[str] | None:
    """The first letters a letter-group heading admits ('#' for symbols and numbers).

    >>> sorted(_group_letters("A–C")), sorted(_group_letters("x-z")), sorted(_group_letters("Symbols"))
    (['a', 'b', 'c'], ['x', 'y', 'z'], ['#'])
    """
    h = heading.strip()
    m = regex.match(r"^(\p{Lu})\s?[–—-]\s?(\p{Lu})$", h, regex.I)
    if m:
        return frozenset(chr(c) for c in range(ord(m[1].lower()), ord(m[2].lower()) + 1))
    if regex.match(r"^\p{Lu}$", h, regex.I):
        return frozenset(_group_letter(h))
    if LETTER_GROUP_RE.match(h):
        return frozenset("#")
    return None


def _in_order_both(a: str, b: str) -> bool:
    """May *b* follow *a* among main entries word by word and letter by letter alike?

    >>> _in_order_both("sectioning", "section thickness"), _in_order("sectioning", "section thickness")
    (False, True)
    >>> _in_order_both("sectioning", "snap-freezing"), _in_order_both("+=", "add")
    (True, True)
    """
    if _group_letter(a) == "#" or _group_letter(b) == "#":
        return True
    ka, kb = _sort_keys(a), _sort_keys(b)
    return all(any(x <= y for x in ka[conv] for y in kb[conv]) for conv in (0, 1))


@functools.lru_cache(maxsize=1 << 14)
def _group_letter(term: str) -> str:
    """The letter group a term files under ('#' for symbols and numbers).

    >>> _group_letter("“quoted” terms"), _group_letter("+="), _group_letter("42 things")
    ('q', '#', '#')
    >>> _group_letter("Émile")
    'e'
    """
    s = term.strip()
    if not s:
        return "#"
    first = s.lstrip("“‘\"'(")[:1].lower()
    first = unicodedata.normalize("NFKD", first)[:1]
    return first if first.isalpha() else "#"


# Costs of a reading of a flat index (see _structure_subs).
_BREAK = 10  # a main entry out of alphabetical order, or outside its letter group
_FAR_BREAK = 5  # more, by its first letter, going on after the sub-entry before it
_SUB = 1  # a sub-entry: main entry unless there is evidence
_SUB_COULD_BE_MAIN = 2  # a sub-entry that continues the main sequence as well
_BARE_HEAD = 10  # a head without locators, cross-references or sub-entries
_PHRASED_MAIN = 3  # a main entry worded as a sub-entry (see sub_phrased)
_TAIL_MAIN = _BREAK  # a main entry with locators ending in a preposition (see tail_phrased)
_LONE_SUB = 12  # one sub-entry under a head with locators of its own
_RUN_ENDS = 3  # a sub-sub-entry that sorts after its bare sub-entry among the sub-entries
_APART = _BREAK // 2  # a blank line between two entries at one level under a head (blank_gaps)
_PRUNE = 3 * _BREAK + _LONE_SUB  # a reading this far behind the best is dropped


@dataclass
class _Flat:
    """An entry of a flat index for _structure_subs."""

    k: int  # its logical line
    term: str
    has_refs: bool  # locators or cross-references of its own
    has_locs: bool  # locators of its own
    can_sub: bool  # no cross-reference target
    can_head: bool  # no run-in entry, no entry that only refers elsewhere
    group: frozenset[str] | None  # the letters of its letter group, when headed by one
    segment: int  # letter-group headings and continued heads start a new segment
    resumes: int | None = None  # a continued head: the entry it resumes
    next_group: frozenset[str] | None = None  # the letters of the next letter group
    first: int | None = None  # its first page locator
    numbered: int | None = None  # the number a numbered term starts with (see numbered_term)
    amid: bool = False  # led by a symbol, between lettered entries of its segment
    ref_line: bool = False  # a cross-reference line of its own follows it
    headed: frozenset[str] = frozenset()  # the letters with a letter-group heading in the index
    apart: bool = False  # a blank line after the entry before, on its page (see blank_gaps)
    named_sub: bool = False  # a cross-reference names it as a sub-entry (``See noise: blasting``)


def _page_order(a: _Flat, b: _Flat) -> bool:
    """Does *b* follow *a* in page order (both with page locators)?"""
    return a.first is not None and b.first is not None and a.first <= b.first


SUB_TAILS = frozenset("of for to in on with by as from about and".split())


def sub_phrased(term: str) -> bool:
    """Is *term* worded as a sub-entry: led by a lower-case preposition or conjunction
    (``as mordant``, ``and derelict``) or ending in a preposition (``definition of``)? A
    main entry reads on its own.

    >>> [sub_phrased(t) for t in ["as mordant", "by master", "types of", "In re Smith", "asbestos"]]
    [True, True, True, False, False]
    >>> sub_phrased("inspector’s visit and"), sub_phrased("Gilbert and Sullivan")
    (True, False)

    An inverted term (``letters, decline in``) is a main entry's wording: its first part is
    what it is filed under.

    >>> sub_phrased("letters, decline in"), sub_phrased("in children, under five")
    (False, True)
    """
    words = term.split(",")[0].split()
    return len(words) > 1 and (words[0] in SUB_LEADS or words[-1] in SUB_TAILS)


def tail_phrased(term: str) -> bool:
    """Does *term* end in a preposition or conjunction (``reliability of``, ``printing and
    copies of``), so that it reads on only into its head? An inverted term ends its first
    part (``letters, decline in`` is worded as a main entry: see sub_phrased).

    >>> tail_phrased("reliability of"), tail_phrased("letters, decline in"), tail_phrased("of ships")
    (True, False, False)
    """
    words = term.split(",")[0].split()
    return len(words) > 1 and words[-1] in SUB_TAILS


def inverted_phrased(term: str) -> bool:
    """Is *term* an inverted phrase, its part after the comma ending in a preposition or an
    article (``dead, promises to the``, ``bond, image of the``, ``letters, decline in``)?
    It reads on round its comma into itself (``promises to the dead``): a main entry's
    wording, filed under its first word; a sub-entry reads on into its head instead.

    >>> inverted_phrased("dead, promises to the"), inverted_phrased("letters, decline in")
    (True, True)
    >>> inverted_phrased("Smith, John"), inverted_phrased("types of"), inverted_phrased("of, the")
    (False, False, False)
    """
    head, _, rest = term.partition(",")
    words = rest.split()
    return bool(head.split()) and len(words) > 1 and words[-1] in CONTINUING_WORDS


def _neighbours(a: str, b: str) -> bool:
    """Do *a* and *b* share their first four letters (``handling``, ``handstroke``), so
    that nothing much can be filed between them?"""
    ka, kb = _sort_keys(a)[1][0], _sort_keys(b)[1][0]
    return len(ka) >= 4 and ka[:4] == kb[:4]


def _far_back(head: _Flat, last: _Flat | None, e: _Flat) -> bool:
    """Does *e*, out of order after the main entry *head*, sort before it by its first letter
    and after *last*, the head's last sub-entry, both filed by letter (``depends on
    preparation`` after ``noticing`` and its ``cases of``)? A filing convention may put a
    main entry out of order by a later letter (``Lesser Hours`` after ``letters, decline
    in``), hardly by its first: one that goes on in order among the sub-entries is one of
    them.

    >>> f = _Flat(0, "noticing", True, True, True, True, None, 0)
    >>> d, c = replace(f, term="depends on preparation"), replace(f, term="cases of")
    >>> _far_back(f, c, d), _far_back(f, None, d), _far_back(f, replace(f, term="eyes"), d)
    (True, False, False)
    >>> _far_back(f, c, replace(f, term="nibs")), _far_back(f, replace(f, term="2:10"), d)
    (False, False)
    """
    return (
        last is not None
        and _group_letter(e.term) < _group_letter(head.term)
        and _letter_order(last.term, e.term)
    )


def _outside_group(e: _Flat) -> bool:
    """Does *e* start with a letter other than its letter group's? (A number or symbol may
    be filed as spelled out: no evidence.)"""
    g = _group_letter(e.term)
    return e.group is not None and g != "#" and g not in e.group


def _misfiled(e: _Flat) -> bool:
    """Is *e* outside its letter group, and not where the entries of a letter group whose
    heading was lost would stand (between its group's letters and the next group's)?

    >>> f = _Flat(0, "seventh chord", True, True, True, True, frozenset("d"), 1, None, frozenset("f"))
    >>> _misfiled(f), _misfiled(replace(f, term="eighth note")), _misfiled(replace(f, term="dot"))
    (True, False, False)
    """
    if not _outside_group(e) or e.group is None:
        return False
    letter = _group_letter(e.term)
    after = min(e.next_group) if e.next_group and "#" not in e.next_group else "\U0010ffff"
    return not max(e.group) < letter < after


def _foreign(e: _Flat) -> bool:
    """Is *e* outside its letter group, where its own letter has a heading elsewhere in the
    index (``platform default`` after ``encodings`` in E, the index heading P too)? No lost
    heading explains it: it is filed under the entry before it.

    >>> f = _Flat(0, "platform default", True, True, True, True, frozenset("e"), 1, None, frozenset("u"))
    >>> _foreign(f), _foreign(replace(f, headed=frozenset("bep"))), _foreign(replace(f, term="errors"))
    (False, True, False)
    """
    return _outside_group(e) and _group_letter(e.term) in e.headed


def _structure_subs(
    flat: list[_Flat], phrase: Callable[..., bool] = lambda sub, head, head_first=False: False
) -> dict[int, int]:
    """In an index without indentation, the entries (by logical line) that are sub-entries,
    with their level (1 a sub-entry, 2 a sub-sub-entry).

    Main entries run in alphabetical order, within their letter group; sub-entries restart
    the order under their head. Of all readings (each entry a main entry or a sub-entry of
    the main entry before it, in the same letter group), the one with the least cost wins:
    a main entry out of order or outside its letter group costs most, then a head without
    locators left bare (it must have sub-entries, and so must a sub-entry) and a head with
    locators under which only one entry sorts before it (an entry out of order is more
    often misfiled than a lone sub-entry, unless a cross-reference line follows it, set
    below the head as a sub-entry line, or the book names it after the head); every sub-entry costs a little (main is the
    default), more when it would continue the main sequence too, and the first sub-entry
    of a head with locators must sort before it, or stand outside its letter group where
    no lost letter heading explains it (``seventh chord`` under ``dominant`` in D, before
    F: see _misfiled; its letter headed elsewhere: see _foreign), or be worded as a
    sub-entry (``as mordant``, ``types of``: see sub_phrased). A sub-entry outside its letter group is as good as two that sort before
    the head: it is no misfiled main entry. So an entry that breaks the sequence of
    main entries and sorts after the previous sub-entry is a sub-entry; an entry that
    continues it is a main entry, unless the next entry only continues the main sequence
    when it is not (``where to keep`` then ``essential spending`` under ``emergency
    funds``). Cross-reference targets are main entries (where the term is printed once). A
    main entry out of order by its first letter that goes on in order after the sub-entry
    before it costs more still: no
    filing convention explains it, and sub-entries need not run in order, so the next
    entry breaking theirs is the lesser evil (``noticing``, ``cases of``, ``depends on
    preparation``, ``as an act``: see _far_back).

    The wording counts too: an entry worded as a sub-entry (see sub_phrased) costs as a
    main entry, one with locators ending in a preposition (see tail_phrased) as much as
    one out of order, and either is evidence enough as a sub-entry, and so is one the book's text names
    with its head (``maximal`` under ``matching`` when the body says ``maximal matching``,
    see _phrase_test). An inverted term worded as a main entry (``time, telling the``: see
    inverted_phrased) costs as a sub-entry what one worded as a sub-entry costs as a main
    entry; and a head's first sub-entry that continues the main sequence may stand where
    the entry after it, worded so as a main entry or sharing the head's first four letters,
    sorts between the head and it (``Crane, Ottoline`` / ``Lectures on Duty`` / ``dead,
    promises to the``; ``handling`` / ``lessons`` / ``handstroke``). Sub-entries filed by
    page rather than alphabet explain an entry
    outside its letter group after the sub-entry before it in page order.

    A third level: a sub-entry without locators or cross-references (``works``,
    ``concerts``) must have sub-entries of its own, so the entries after it may be its
    sub-sub-entries: they run in order among themselves and may break the order of the
    sub-entries (``Besední dům`` after ``concert halls``). The bare sub-entry's cost is
    paid back by its first sub-sub-entry; the run ends with an entry that continues the
    sub-entries' order after the bare sub-entry (filed by letter on both sides: a number
    is no evidence), which is a sub-entry again, or the main sequence. A sub-entry with
    locators of its own, under a head without them, may head sub-sub-entries too (``on
    his crew, 1–2`` / ``Ansty, 2`` / ``the boy, 2`` under ``Quarrie, Abel``), but only
    where the run of them ends among the sub-entries again (``purchase of Wayfarer,
    xv``): else they cost as a lone sub-entry does.

    A blank line between two entries at one level under one head costs half a broken order
    where the index's blank lines tell its blocks (see blank_gaps): a block starts at more
    space (a letter group's, a column's) or deeper indentation (a head's sub-entries), so
    ``sketches`` under ``Garrow, Peter`` with ``boat of`` in one block, then ``hay barns``
    and ``Isle, village of`` each after a blank line, are no run of sub-entries under
    ``sketches`` (which the alphabet alone would read, at less cost than the lone
    sub-entry ``church`` under ``Isle, village of`` with ``rope walk`` and ``tolls`` after it).
    """
    # A state: (previous main entry, its last sub-entry, how many of its sub-entries sort
    # before it (capped at 2; one outside its letter group counts 2), it has locators, the
    # last sub-sub-entry under its last sub-entry); its cost and the sub-entries taken with
    # their levels.
    State = tuple[int | None, int | None, int, bool, bool, int | None]
    Taken = tuple[tuple[int, int], ...]
    states: dict[State, tuple[int, Taken]] = {(None, None, 0, True, False, None): (0, ())}

    def closing(st: State) -> int:
        head, last, n, locs, _opens, _inner = st
        if head is None:
            return 0
        if last is None and n == 0 and not flat[head].has_refs:
            return _BARE_HEAD
        # A cross-reference line after the lone sub-entry is the head's second line below it
        # (``seaweeds, 2`` / ``red feather weed, 3–4`` / ``see also Cairncross``).
        # Nor is it doubtful where the book names it after its head (``Penhallow`` /
        # ``Maritime Trust``, the text saying ``Penhallow Maritime Trust``).
        lone = (
            n == 1
            and locs
            and last is not None
            and not flat[last].ref_line
            and not phrase(flat[last].term, flat[head].term, head_first=True)
        )
        return _LONE_SUB if lone else 0

    segment = None
    for i, e in enumerate(flat):
        new: dict[State, tuple[int, Taken]] = {}

        def offer(new: dict, st: State, cost: int, subs: Taken) -> None:
            if st not in new or cost < new[st][0]:
                new[st] = (cost, subs)

        if e.segment != segment:  # no sub-entries across a letter group or a resumed head
            segment = e.segment
            best, (cost, taken) = min(states.items(), key=lambda kv: kv[1][0] + closing(kv[0]))
            cost += closing(best)
            if e.resumes is not None:  # "joints (cont.)": its sub-entries go on
                states = {(e.resumes, None, 2, True, False, None): (cost, taken)}
                continue
            # Across a letter-group heading, the letter group is the evidence of order.
            states = {(None, None, 0, True, False, None): (cost, taken)}
        # The entry after e, in its segment (see below)
        nxt = flat[i + 1] if i + 1 < len(flat) and flat[i + 1].segment == e.segment else None
        # The next entry worded as no sub-entry (past those that are: ``in folklore``)
        ahead = next(
            (f for f in flat[i + 1 : i + 4] if f.segment == e.segment and not sub_phrased(f.term)),
            None,
        )
        for st, (cost, subs) in states.items():
            head, last, n, locs, opens, inner = st
            deep = inner if inner is not None else last  # the entry before, below its head
            # A title led by an article after its author (``Tallant, Osric, 2, 6`` / ``The
            # Civil Bond, 1n`` / ``on silence, 2``) continues the main order, but the entry
            # after it breaks the head's order and goes on after it among sub-entries
            # (filed without the article): it is the head's first sub-entry, a work under
            # its author, rather than a main entry with the next under it.
            titled = (
                head is not None
                and last is None
                and nxt is not None
                and nxt.k == e.k + 1
                and bool(ARTICLE_TITLE_RE.match(e.term))
                and not _in_order(flat[head].term, nxt.term)
                and _letter_order(e.term, nxt.term)
            )
            # e as a main entry
            c = cost + closing(st)
            if head is not None and not _in_order(flat[head].term, e.term):
                far = _far_back(flat[head], None if last is None else flat[last], e)
                c += _BREAK + (_FAR_BREAK if far else 0)
            if _outside_group(e):
                c += _BREAK
            if e.named_sub and head is not None:
                c += _BREAK  # a cross-reference names it under a head: no main entry
            # A numbered entry after a lettered one stands outside the alphabet (numbers
            # open or close an index): as a main entry, it breaks the order.
            numbered = e.numbered is not None and head is not None and flat[head].numbered is None
            if numbered:
                c += _BREAK
            elif e.amid and head is not None:
                # "§ 2-204" between lettered entries of its segment: symbols open an index;
                # those amid the letters are no main entries
                c += _BREAK
            elif head is not None and e.has_locs and tail_phrased(e.term):
                # "reliability of, 87–88" names nothing without its head: as unlikely a
                # main entry as one out of order
                c += _TAIL_MAIN
            elif head is not None and last is not None and _years_run(flat[deep].term, e.term):
                # "1974" after the sub-entry "1959" under "strikes" (or the sub-sub-entry
                # "1884" under "concerts"): the dated run goes on
                c += _PHRASED_MAIN
            elif titled:
                c += _PHRASED_MAIN
            elif head is not None and (sub_phrased(e.term) or phrase(e.term, flat[head].term)):
                # "publisher’s objections to" reads as no main entry, nor does "maximal"
                # after "matching" when the book says "maximal matching"
                c += _PHRASED_MAIN
            offer(new, (i, None, 0, e.has_locs, False, None), c, subs)
            # e as a sub-entry of the head
            if head is None or not e.can_sub or not flat[head].can_head:
                continue
            if opens:
                _offer_subsub(new, offer, flat, st, i, cost, subs)
            h_key, key = _sort_keys(flat[head].term)[0][0], _sort_keys(e.term)[0][0]
            if (h_key and key.startswith(h_key)) or (
                _group_letter(flat[head].term) == "#"
                and _group_letter(e.term) == "#"
                and not numbered
            ):
                continue  # "data types" after "data"; symbols under a symbol
            continues = _in_order(flat[head].term, e.term)
            # The book's text names the sub-entry with its head (``maximal matching``,
            # ``natural anchors``): evidence as good as a broken order.
            # Numbered sub-entries (``1:2``, ``2:10–14`` under ``Genesis``;
            # ``7. f4``, ``10...b5`` under an opening) are filed by number, not by letter.
            said = continues and (
                phrase(e.term, flat[head].term)
                or numbered
                or (last is not None and _years_run(flat[last].term, e.term))
            )
            first = last is None
            # The entry after e, worded as a main entry (see inverted_phrased) or sharing
            # the head's first four letters (see _neighbours), goes on in the main sequence
            # after the head but not after e (``Crane, Ottoline, 10`` / ``Lectures on Duty,
            # 10`` / ``dead, promises to the, 9``; ``handling, 6`` / ``lessons, 6`` /
            # ``handstroke, 6``): e as a main entry would leave it out of order.
            between = (
                nxt is not None
                and (inverted_phrased(nxt.term) or _neighbours(flat[head].term, nxt.term))
                and _letter_order(flat[head].term, nxt.term)
                and not _in_order(e.term, nxt.term)
            ) or (
                # or, past the entries after e worded as sub-entries (``Carrow Lantern``
                # / ``hindwing spot`` / ``in folklore`` / ``clearwings``), the next entry
                # goes on after the head but not after e: e and they are the head's
                nxt is not None
                and ahead is not None
                and nxt is not ahead
                and _letter_order(flat[head].term, ahead.term)
                and not _in_order(e.term, ahead.term)
            )
            if (
                locs
                and first
                and continues
                and _in_order_both(flat[head].term, e.term)
                and not (
                    _misfiled(e) or _foreign(e) or sub_phrased(e.term) or said or between or titled
                )
            ):
                # A head with locators: its first sub-entry breaks the order (under one
                # filing convention at least: ``section thickness`` after ``sectioning``
                # word by word), or shows otherwise that it is none of the main entries.
                continue
            # (a numbered sub-entry costs nothing: its run must not pass as main entries
            # that follow one another at no cost)
            c = cost + (0 if numbered else _SUB) + (0 if e.has_refs else _BARE_HEAD)
            if inverted_phrased(e.term):
                c += _PHRASED_MAIN  # "dead, promises to the": worded as a main entry
            if inner is not None and last is not None and flat[last].has_refs and not continues:
                # back among the sub-entries after sub-sub-entries under one with locators
                # of its own, and no main entry: the run of them is closed (see
                # _offer_subsub)
                c -= _LONE_SUB
            if e.apart and last is not None and inner is None:
                # a blank line between two sub-entries of one head: no block starts there
                c += _APART
            if last is not None and not _in_order(flat[last].term, e.term, sub=True):
                # An entry outside its letter group is no main entry; after the sub-entry
                # before it in page order (``sterilising, 14–15`` then ``sealing and
                # storing, 16`` under ``jars`` in J), sub-entries filed by page explain it.
                c += _BREAK // 2 if _misfiled(e) and _page_order(flat[last], e) else _BREAK
            if (
                continues
                and not _outside_group(e)
                and not said
                and not sub_phrased(e.term)
                and not titled
            ):
                c += _SUB_COULD_BE_MAIN
            offer(
                new,
                (
                    head,
                    i,
                    min(
                        n
                        + (
                            2
                            if _misfiled(e) or _foreign(e) or sub_phrased(e.term)
                            else not continues or titled
                        ),
                        2,
                    ),
                    locs,
                    # a sub-entry that may head sub-sub-entries: the first, or one
                    # filed by letter after the sub-entry before it (not one among
                    # sub-entries filed by number, ``Exodus`` after ``2:10–14``)
                    e.can_head and (last is None or _letter_order(flat[last].term, e.term)),
                    None,
                ),
                c,
                (*subs, (e.k, 1)),
            )
        # A beam: readings far behind the best can no longer win.
        ranked = sorted(new.items(), key=lambda kv: kv[1][0])[:16]
        states = {st: v for st, v in ranked if v[0] <= ranked[0][1][0] + _PRUNE}
    if not states:
        return {}
    _, subs = min(((c + closing(st), subs) for st, (c, subs) in states.items()))
    return dict(subs)


# A title led by an article: ``The Civil Bond``, ``A Tale of Two Cities``
ARTICLE_TITLE_RE = regex.compile(r"^(?:The|A|An)\s+[\p{Lu}\d]")


def _offer_subsub(
    new: dict,
    offer: Callable,
    flat: list[_Flat],
    st: tuple[int | None, int | None, int, bool, bool, int | None],
    i: int,
    cost: int,
    subs: tuple[tuple[int, int], ...],
) -> None:
    """Offer entry *i* as a sub-sub-entry under the last sub-entry of state *st*, which has
    no locators of its own (see _structure_subs)."""
    head, last, n, locs, opens, inner = st
    assert last is not None
    e, bare = flat[i], flat[last]
    b_key, key = _sort_keys(bare.term)[0][0], _sort_keys(e.term)[0][0]
    if b_key and key.startswith(b_key):
        return  # "concerts abroad" after "concerts": a sub-entry of its own
    # (no fourth level: a bare sub-sub-entry stays bare)
    c = cost + _SUB + (0 if e.has_refs else _BARE_HEAD)
    if inner is None:
        if _letter_order(bare.term, e.term):
            return  # no evidence: the first breaks the sub-entries' order (or is a number)
        if bare.has_refs and (locs or "#" in (_group_letter(bare.term), _group_letter(e.term))):
            # Under a sub-entry with locators of its own, only in a head without them (whose
            # pages are all in its sub-entries), and filed by letter (a number or symbol is
            # no evidence)
            return
        # The bare sub-entry has its sub-entries after all; under one with locators of its
        # own they are as doubtful as a lone sub-entry until an entry after them goes on
        # among the sub-entries (``on his crew, 1–2`` / ``Ansty, 2`` / ``the boy, 2`` /
        # ``purchase of Wayfarer, xv``), which pays this back.
        c += _LONE_SUB if bare.has_refs else -_BARE_HEAD
    else:
        if not _in_order(flat[inner].term, e.term, sub=True):
            c += _BREAK
        if e.apart:
            c += _APART  # a blank line between two sub-sub-entries (see blank_gaps)
        if _letter_order(bare.term, e.term):
            c += _RUN_ENDS  # it goes on among the sub-entries as well
    offer(new, (head, last, n, locs, opens, i), c, (*subs, (e.k, 2)))


def _letter_order(a: str, b: str) -> bool:
    """Does *b* follow *a* among sub-entries, both filed by letter (a number or symbol is no
    evidence)?

    >>> _letter_order("concert halls", "newspapers"), _letter_order("concerts", "1884")
    (True, False)
    """
    return _group_letter(a) != "#" and _group_letter(b) != "#" and _in_order(a, b, sub=True)


def _validate(book: Book, log: StageLog) -> Book:
    """Count locators beyond the book's last page and out of order within an entry."""
    labels = [pg.label for pg in book.pages if pg.label and pg.label.isdigit()]
    last_page = max([int(x) for x in labels] + [book.page_count]) if labels else book.page_count
    beyond = 0
    disorder = 0

    def first_number(loc: str) -> int | None:
        m = regex.match(r"\d+(?!\.\d)", loc)  # a section number (3.2.1) is no page
        return int(m.group()) if m else None

    def walk(e: IndexEntry) -> None:
        nonlocal beyond, disorder
        nums = [first_number(x) for x in e.pages]
        nums_i = [x for x in nums if x is not None]
        beyond += sum(1 for x in nums_i if x > last_page)
        disorder += sum(1 for a, b in itertools.pairwise(nums_i) if b < a)
        for s in e.subentries:
            walk(s)

    for e in book.index:
        walk(e)
    if beyond:
        log.count("locator_beyond_last_page", beyond)
    if disorder:
        log.count("locator_out_of_order", disorder)
    return book.with_counter("index_locators_beyond_last_page", beyond).with_counter(
        "index_locators_out_of_order", disorder
    )
