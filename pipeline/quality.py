"""Quality counters that need no reference text, and the comparison of two runs.

``bookclean score OUT`` counts, for every book of one output tree, the artifacts that are
left in its body.txt; ``bookclean check BASELINE CANDIDATE`` compares two trees book by
book and says which books got worse.

The counters are pure functions of the text, judged against the book's own vocabulary
(a :class:`~stages.lexicon.Lexicon` of the text itself) and English word frequencies
(:func:`~stages.lexicon.zipf`). They are deliberately simpler than the stages' decisions
and independent of them: they are suspects, not verdicts, and what matters is how they
move between two runs of the same books.

A tree is a folder whose subfolders each hold the output files of one book, either
directly (``bookclean clean`` output) or in an ``expected/`` folder (``fixtures/cases``,
the goldens); a folder holding ``body.txt`` itself is a tree of one book.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from pipeline.pdf import CID_RE
from stages.lexicon import Lexicon, zipf

# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    low: bool  # True: lower is better, so a rise is "worse"; False: neither way is better
    doc: str
    artifact: bool = False  # an artifact counter (charted against the raw extraction)
    tolerance: float = 0.0  # a rise up to this much is not "worse"


METRICS: tuple[Metric, ...] = (
    Metric("split_words", "split words", True, "fragments that make one word (ar guments)", True),
    Metric("glued_words", "glued words", True, "one unknown token made of two words", True),
    Metric("spaced_punct", "spaced punctuation", True, "money , / doesn’ t / ( x )", True),
    Metric("hyphen_leftovers", "hyphen leftovers", True, "exam- ple, exam-ple", True),
    Metric("furniture_lines", "furniture-like lines", True, "lone folios, repeated heads", True),
    Metric("unmapped_glyphs", "unmapped glyphs", True, "(cid:N) left in the text", True),
    Metric(
        "nonword_share", "non-words %", True, "tokens neither English nor the book's", True, 0.1
    ),
    Metric("words", "words", False, "whitespace-separated tokens of body.txt"),
    Metric("paragraphs", "paragraphs", False, "blocks separated by a blank line"),
    Metric("words_per_paragraph", "words/paragraph", False, "mean words per paragraph"),
    Metric("index_entries", "index entries", False, "entries and sub-entries in index.json"),
)
COMPARE_METRICS: tuple[Metric, ...] = (
    Metric("words_lost", "words lost", True, "words of the baseline missing from the candidate"),
    Metric("words_gained", "words gained", False, "words of the candidate new to it"),
    Metric("index_entries_lost", "index entries lost", True, "entries (term paths) gone"),
    Metric("index_entries_gained", "index entries gained", False, "entries (term paths) new"),
    Metric("index_locators_lost", "index locators lost", True, "page references gone"),
    Metric("index_locators_gained", "index locators gained", False, "page references new"),
    Metric("paragraphs_changed", "paragraphs changed", False, "paragraphs of the text diff"),
)
ALL_METRICS = {m.key: m for m in METRICS + COMPARE_METRICS}
ARTIFACTS = tuple(m.key for m in METRICS if m.artifact)


def words_lost_tolerance(words: int) -> int:
    """Words a candidate may lose before it counts as worse: 2, or 0.1 % of a long book.

    >>> words_lost_tolerance(400), words_lost_tolerance(120_000)
    (2, 120)
    """
    return max(2, words // 1000)


def verdict(metric: Metric, base: float | None, cand: float | None, tolerance: float = 0.0) -> str:
    """'same', 'better', 'worse' or 'changed' (a change that is neither).

    >>> m = ALL_METRICS["split_words"]
    >>> verdict(m, 0, 2), verdict(m, 3, 1), verdict(m, 1, 1), verdict(ALL_METRICS["words"], 4, 5)
    ('worse', 'better', 'same', 'changed')
    >>> verdict(ALL_METRICS["nonword_share"], 1.0, 1.05, 0.1)
    'changed'
    """
    if base == cand:
        return "same"
    if base is None or cand is None or not metric.low:
        return "changed"
    if cand > base + max(tolerance, metric.tolerance) + 1e-9:
        return "worse"
    return "better" if cand < base else "changed"


# --------------------------------------------------------------------------- counters

# A word as the counters see it: letters, not glued to code-ish characters (os.path,
# snake_case, e-mail, x2, it’s).
TOKEN_RE = regex.compile(r"(?<![\p{L}\p{N}_@/\\.’'\-])\p{L}+(?![\p{L}\p{N}_@/\\’'\-(])")
SPACED_PUNCT_RE = regex.compile(
    r"(?<=[^\s.]) [,.;:!?](?=\s|$)(?! \.)"  # money , / stop .  (not . . .)
    r"|(?<=\p{L}) [’'](?:s|t|d|ll|re|ve|m)\b"  # provider ’s
    r"|(?<=\p{L})[’'] (?:s|t|d|ll|re|ve|m)\b"  # doesn’ t
    r"|(?<=\p{L}s) [’'](?=\s)"  # the keepers ’ families
    r"|[(\[] (?=\S)|(?<=\S) [)\]]",  # ( NACL s )
    regex.MULTILINE,
)
HYPHEN_GAP_RE = regex.compile(r"(?<=\p{L})- (?!(?:and|or|nor|to|as|but|than|vs|und)\b)(?=\p{Ll})")
HYPHEN_WORD_RE = regex.compile(r"(?<![\p{L}\-])(\p{L}{2,})-(\p{L}{2,})(?![\p{L}\-])")
ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
FOLIO = rf"(?:\d{{1,4}}|{ROMAN})"
FOLIO_RE = regex.compile(rf"^\s*{FOLIO}\s*$")
EDGE_NUMBER_RE = regex.compile(rf"^\s*{FOLIO}\s+|\s+{FOLIO}\s*$")
GLUED_FOLIO_RE = regex.compile(rf"^{FOLIO} (?=\p{{Lu}})|(?<=\p{{L}}) {FOLIO}$")
SENTENCE_END_RE = regex.compile(r"(?:^|[.!?:;“\"‘(]\s*)$")
CODE_LINE_RE = regex.compile(r"^(?: {4,}|\t)")

WORD_ZIPF = 3.0  # a fragment at least this frequent is a word of its own
GLUED_PART_ZIPF = 3.5
GLUED_MIN_LENGTH = 7
FURNITURE_MAX_WORDS = 10
FURNITURE_MIN_REPEATS = 3
EXAMPLES = 8  # examples kept per counter


def _prose(paragraph: str) -> str:
    """The paragraph without its code lines (indented by four spaces or a tab).

    >>> _prose("Call it:\\n    x = f(a , b)\\nand go on")
    'Call it:\\nand go on'
    """
    return "\n".join(line for line in paragraph.split("\n") if not CODE_LINE_RE.match(line))


def is_word(fragment: str) -> bool:
    """A fragment is a word of its own: English at zipf >= 3; of lone letters only a and I.

    >>> [is_word(w) for w in ("ar", "guments", "Y", "a", "traf", "fic", "sig")]
    [True, False, False, True, False, False, True]
    """
    if len(fragment) == 1:
        return fragment.lower() in ("a", "i")
    return zipf(fragment) >= WORD_ZIPF


def split_words(paragraphs: Sequence[str], lex: Lexicon) -> list[str]:
    """Suspect split words: adjacent tokens *a b* where *ab* is a word (in the book or at
    zipf >= 3) and at least one fragment is not. A lone capital before a word (``Y ou``)
    counts only at the start of a sentence (``transaction B locks`` is a name); a lone
    lower-case letter only when the joined word is common (``a x`` is a variable).

    >>> lx = Lexicon(["the arguments"])
    >>> split_words(["The ar guments and traf fic. Y ou see. A B locks, a way in to it. W e"], lx)
    ['ar guments', 'traf fic', 'Y ou', 'W e']
    """
    found: list[str] = []
    for para in paragraphs:
        text = _prose(para)
        tokens = list(TOKEN_RE.finditer(text))
        for m1, m2 in itertools.pairwise(tokens):
            if text[m1.end() : m2.start()] != " ":
                continue
            a, b = m1.group(), m2.group()
            if not (b.islower() or (a.isupper() and b.isupper())):
                continue  # "New York", "See Also"
            if a[1:] and not a[1:].islower() and not a.isupper():
                continue  # camelCase
            wa, wb = is_word(a), is_word(b)
            if (wa and wb) or (len(a) == len(b) == 1 and b.isupper()):
                continue  # "a way", "in to", "A B"
            joined = (a + b).lower()
            zj = zipf(joined)
            if zj < WORD_ZIPF and lex.count(joined) < 1:
                continue
            lone = [f for f in (a, b) if len(f) == 1 and not is_word(f)]
            if lone:
                if len(a) == 1 and a.isupper() and wb:
                    before = text[: m1.start()]
                    if not SENTENCE_END_RE.search(before):
                        continue  # "transaction B locks"
                elif not (len(a) == 1 and a.isupper()) and zj < 4.0 and lex.count(joined) < 2:
                    continue  # "a x", "n th"
            found.append(f"{a} {b}")
    return found


INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")
COMMON_ZIPF = 5.0  # a part this frequent needs no attestation in the book


def _inflected(word: str) -> bool:
    """A known word with an inflection English's list lacks (``overcooks``, ``reflows``).

    >>> _inflected("overcooks"), _inflected("mostteams")
    (True, False)
    """
    return any(
        word.endswith(end) and zipf(word[: -len(end)]) > 0
        for end in INFLECTIONS
        if len(word) > len(end) + 3
    )


def glued_words(paragraphs: Sequence[str], lex: Lexicon) -> list[str]:
    """Suspect glued words: a token of 7+ letters that English does not know (zipf 0) and
    the book uses once, not an inflection of a known word, that splits into two words of
    zipf >= 3.5, each used on its own in the book (or very common: ``by``, ``the``) and
    the second of three letters or more. Compounds English lacks mostly fail the book test
    (``plugboards``: the book never says ``plug``).

    >>> text = "in practice mostteams use both; most of the teams; pdfminer pdfminer; plugboards"
    >>> glued_words([text], Lexicon([text]))
    ['mostteams']
    """
    found: list[str] = []
    for para in paragraphs:
        for m in TOKEN_RE.finditer(_prose(para)):
            w = m.group()
            if len(w) < GLUED_MIN_LENGTH or not (w[1:].islower() or w.isupper()):
                continue
            lw = w.lower()
            if zipf(lw) > 0 or lex.count(lw) > 1 or _inflected(lw):
                continue
            start = 1 if lw[0] == "a" else 2
            for i in range(start, len(lw) - 2):
                left, right = lw[:i], lw[i:]
                if _glued_part(left, lex) and _glued_part(right, lex):
                    found.append(w)
                    break
    return found


def _glued_part(part: str, lex: Lexicon) -> bool:
    z = zipf(part)
    return z >= GLUED_PART_ZIPF and (z >= COMMON_ZIPF or lex.count(part) >= 1)


def spaced_punctuation(paragraphs: Sequence[str]) -> list[str]:
    """Punctuation with a stray space before or after it; an ellipsis ``. . .`` is fine.

    >>> spaced_punctuation(["money , and stop . Wait . . . then", "doesn’ t ( NACL s ) ok"])
    ['y ,', 'p .', 'n’ t', '( N', 's )']
    """
    found = []
    for para in paragraphs:
        text = _prose(para)
        for m in SPACED_PUNCT_RE.finditer(text):
            lo = max(0, m.start() - 1)
            found.append(text[lo : m.end() + (1 if m.group().endswith(" ") else 0)].strip())
    return found


def hyphen_leftovers(paragraphs: Sequence[str], lex: Lexicon) -> list[str]:
    """A hyphen left from a line break mid-paragraph: ``exam- ple`` (not ``pre- and post-``),
    or ``exam-ple`` where the joined form is a word and one part is not.

    >>> lx = Lexicon([""])
    >>> hyphen_leftovers(["an exam- ple, an exam-ple, a well-known pre- and post-war e-mail"], lx)
    ['exam- ple', 'exam-ple']
    """
    found = []
    for para in paragraphs:
        text = _prose(para)
        for m in HYPHEN_GAP_RE.finditer(text):
            left = regex.search(r"\p{L}+$", text[: m.start()])
            right = regex.match(r"\p{L}+", text[m.end() :])
            found.append(f"{left.group() if left else ''}- {right.group() if right else ''}")
        for m in HYPHEN_WORD_RE.finditer(text):
            a, b = m.group(1), m.group(2)
            if is_word(a) and is_word(b):
                continue
            joined = (a + b).lower()
            if zipf(joined) >= WORD_ZIPF or lex.count(joined) >= 1:
                found.append(m.group())
    return found


def _furniture_key(line: str) -> str:
    """A line as running heads repeat it: lower case, page numbers at either end dropped,
    other digits as #.

    >>> _furniture_key("40   Shipping Small Services"), _furniture_key("Chapter 3 Notes 41")
    ('shipping small services', 'chapter # notes')
    """
    key = EDGE_NUMBER_RE.sub("", line.strip().lower())
    key = EDGE_NUMBER_RE.sub("", key)
    return regex.sub(r"\s+", " ", regex.sub(r"\d+", "#", key)).strip()


def furniture_lines(lines: Sequence[str], paragraphs: Sequence[str] = ()) -> list[str]:
    """Lines that look like page furniture: a lone page number (arabic or roman); a short
    line (up to 10 words) that repeats 3+ times, page numbers at its ends aside, or twice
    when it has a page number at an end (``56 Reviewing Code`` on two pages), unless it is
    a chapter heading or caption printed once (``Chapter 3``, ``Figure 3-1. …``); and, in
    *paragraphs*, a page number glued to the start or end of a long prose paragraph.

    >>> furniture_lines(["212", "Cloud Networks 212", "text", "213 Cloud Networks", "xiv",
    ...                  "Cloud Networks", "text", "did", "3 Methods", "Tea 4", "Tea 5"])
    ['212', 'Cloud Networks 212', '213 Cloud Networks', 'xiv', 'Cloud Networks', 'Tea 4', 'Tea 5']
    >>> furniture_lines(["Chapter 1", "Figure 1-1. A pipe", "text", "Chapter 2", "Figure 2-1. A pipe",
    ...                  "Chapter 3", "Figure 3-1. A pipe"])
    []
    >>> furniture_lines([], ["vii The examples use freely available tools and a small laboratory "
    ...                      "network", "Step 3 The reviewer writes down in one or two sentences what", "a key that looked unique in every test and was useless in production 89"])
    ['vii The', 'production 89']
    """
    from stages.unwrap import CAPTION_RE, CHAPTER_RE

    keys = [_furniture_key(line) for line in lines]
    counts = Counter(k for k, line in zip(keys, lines, strict=True) if _short(line))
    exact = Counter(line.strip() for line in lines)
    found = []
    for key, line in zip(keys, lines, strict=True):
        if FOLIO_RE.match(line):
            found.append(line.strip())
        elif exact[line.strip()] == 1 and (
            CAPTION_RE.match(line.strip()) or CHAPTER_RE.match(line.strip())
        ):
            continue  # "Chapter 3", "Example 3-1. …" once each: headings and captions
        elif key and _short(line) and regex.search(r"\p{L}", key):
            numbered = EDGE_NUMBER_RE.search(line) is not None
            if counts[key] >= FURNITURE_MIN_REPEATS or (numbered and counts[key] >= 2):
                found.append(line.strip())
    for para in paragraphs:
        if "\n" in para or len(para.split()) <= FURNITURE_MAX_WORDS or CODE_LINE_RE.match(para):
            continue
        for m in GLUED_FOLIO_RE.finditer(para):
            lo = max(0, para.rfind(" ", 0, m.start() - 1) + 1) if m.start() else 0
            hi = para.find(" ", m.end() + 1) if m.start() == 0 else len(para)
            found.append(para[lo : hi if hi > 0 else len(para)])
    return found


def _short(line: str) -> bool:
    return 0 < len(line.split()) <= FURNITURE_MAX_WORDS and not CODE_LINE_RE.match(line)


def nonwords(paragraphs: Sequence[str], lex: Lexicon) -> tuple[list[str], int]:
    """Tokens English does not know (zipf 0) and the book uses once; acronyms aside.
    Returns (the non-words, the number of tokens).

    >>> nonwords(["the guments of AWS and pdfminer pdfminer"], Lexicon(["pdfminer pdfminer"]))
    (['guments'], 7)
    """
    found, total = [], 0
    for para in paragraphs:
        for m in TOKEN_RE.finditer(_prose(para)):
            w = m.group()
            total += 1
            if len(w) > 1 and w.isupper():
                continue
            if zipf(w) == 0 and lex.count(w) <= 1:
                found.append(w)
    return found, total


def body_paragraphs(body: str) -> list[str]:
    """The paragraphs of a body.txt: blocks separated by blank lines.

    >>> body_paragraphs("One line.\\n\\nTwo\\nlines.\\n")
    ['One line.', 'Two\\nlines.']
    """
    return [p.strip("\n") for p in regex.split(r"\n[ \t]*\n", body) if p.strip()]


def raw_pages(text: str) -> tuple[list[str], list[str]]:
    """Extracted text (pages separated by form feeds) as (paragraphs, edge lines): a block
    of lines between blank lines becomes one paragraph with its lines joined by spaces (so
    a line-end hyphen shows as ``exam- ple``); the edge lines are the first and last two
    lines of each page, where furniture sits.

    >>> raw_pages("Head\\nAn exam-\\nple here.\\n\\nNext\\n12\\fHead\\nmore\\n")[0]
    ['Head An exam- ple here.', 'Next 12', 'Head more']
    """
    paragraphs, edges = [], []
    for page in text.split("\f"):
        lines = [line for line in page.split("\n") if line.strip()]
        edges += lines[:2] + lines[2:][-2:]
        for block in regex.split(r"\n[ \t]*\n", page):
            parts = []
            for line in block.split("\n"):
                if not line.strip():
                    continue
                parts.append(line if CODE_LINE_RE.match(line) else line.strip())
            prose = [p for p in parts if not CODE_LINE_RE.match(p)]
            code = [p for p in parts if CODE_LINE_RE.match(p)]
            if prose:
                paragraphs.append(" ".join(prose))
            if code:
                paragraphs.append("\n".join(code))
    return paragraphs, edges


def count_text(
    paragraphs: Sequence[str],
    lines: Sequence[str],
    examples: dict[str, list[str]] | None = None,
    glued_folios: bool = True,
) -> dict[str, float]:
    """Every counter of METRICS (except index_entries) for a text given as paragraphs and
    the lines furniture is looked for in (and, with *glued_folios*, page numbers glued to
    long paragraphs). *examples*, when given, gets up to 8 examples of each artifact.

    >>> c = count_text(["The ar guments , and an exam- ple.", "212"], ["The ...", "212"])
    >>> [c[k] for k in ARTIFACTS]
    [1, 0, 1, 1, 1, 0, 16.67]
    >>> c["words"], c["paragraphs"], c["words_per_paragraph"]
    (9, 2, 4.5)
    """
    lex = Lexicon(paragraphs)
    found = {
        "split_words": split_words(paragraphs, lex),
        "glued_words": glued_words(paragraphs, lex),
        "spaced_punct": spaced_punctuation(paragraphs),
        "hyphen_leftovers": hyphen_leftovers(paragraphs, lex),
        "furniture_lines": furniture_lines(lines, paragraphs if glued_folios else ()),
        "unmapped_glyphs": [m.group() for p in paragraphs for m in CID_RE.finditer(p)],
    }
    odd, tokens = nonwords(paragraphs, lex)
    found["nonword_share"] = odd
    counters: dict[str, float] = {k: len(v) for k, v in found.items()}
    counters["nonword_share"] = round(100 * len(odd) / tokens, 2) if tokens else 0.0
    words = sum(len(p.split()) for p in paragraphs)
    counters["words"] = words
    counters["paragraphs"] = len(paragraphs)
    counters["words_per_paragraph"] = round(words / len(paragraphs), 1) if paragraphs else 0.0
    if examples is not None:
        for key, items in found.items():
            examples[key] = list(dict.fromkeys(items))[:EXAMPLES]
    return counters


def score_body(body: str, examples: dict[str, list[str]] | None = None) -> dict[str, float]:
    """The counters of a body.txt (furniture looked for in all its lines).

    >>> score_body("A (cid:12) glyph and mostteams.\\n")["unmapped_glyphs"]
    1
    """
    paragraphs = body_paragraphs(body)
    lines = [line for p in paragraphs for line in p.split("\n")]
    return count_text(paragraphs, lines, examples)


def score_raw(text: str, examples: dict[str, list[str]] | None = None) -> dict[str, float]:
    """The counters of raw extracted text (index pages and all), as a "before" figure."""
    paragraphs, edges = raw_pages(text.replace("\r\n", "\n"))
    counters = count_text(paragraphs, edges, examples, glued_folios=False)
    return {k: counters[k] for k in ARTIFACTS}


# --------------------------------------------------------------------------- trees


class QualityError(Exception):
    """A tree that cannot be read (exit code 2)."""


@dataclass
class BookRun:
    """One book's output folder, read."""

    name: str
    path: Path
    body: str
    index: list[dict[str, Any]]
    edits: list[dict[str, Any]]
    report: dict[str, Any]
    provenance: dict[str, Any]
    examples: dict[str, list[str]] = field(default_factory=dict)
    _counters: dict[str, float] | None = None

    @property
    def counters(self) -> dict[str, float]:
        if self._counters is None:
            self._counters = score_body(self.body, self.examples)
            self._counters["index_entries"] = len(index_paths(self.index))
        return self._counters


def find_books(root: Path) -> dict[str, Path]:
    """Book name -> the folder holding its output files: ROOT's subfolders with body.txt,
    or with expected/body.txt (fixture cases); ROOT itself when it holds body.txt."""
    root = Path(root)
    if not root.is_dir():
        raise QualityError(f"{root}: no such folder")
    if (root / "body.txt").is_file():
        return {root.resolve().name: root}
    books: dict[str, Path] = {}
    for sub in sorted(root.iterdir()):
        if not sub.is_dir() or sub.name.startswith("."):
            continue
        if (sub / "body.txt").is_file():
            books[sub.name] = sub
        elif (sub / "expected" / "body.txt").is_file():
            books[sub.name] = sub / "expected"
    if not books:
        raise QualityError(
            f"{root}: no books (no subfolder with body.txt or expected/body.txt); "
            "give the folder `bookclean clean -o` wrote"
        )
    return books


def _json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def read_book(name: str, path: Path) -> BookRun:
    try:
        body = (path / "body.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QualityError(f"{path / 'body.txt'}: {exc}") from None
    edits = []
    edits_file = path / "edits.jsonl"
    if edits_file.is_file():
        for line in edits_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    edits.append(json.loads(line))
                except ValueError:
                    continue
    return BookRun(
        name=name,
        path=path,
        body=body,
        index=_json(path / "index.json", []),
        edits=edits,
        report=_json(path / "report.json", {}),
        provenance=_json(path / "provenance.json", {}),
    )


def read_tree(root: Path) -> dict[str, BookRun]:
    return {name: read_book(name, path) for name, path in find_books(root).items()}


def index_paths(entries: Iterable[dict[str, Any]], prefix: str = "") -> list[str]:
    """Every entry of index.json as its term path (``data › cleaning``).

    >>> index_paths([{"term": "data", "subentries": [{"term": "cleaning"}]}])
    ['data', 'data › cleaning']
    """
    out = []
    for e in entries:
        path = f"{prefix} › {e.get('term', '')}" if prefix else str(e.get("term", ""))
        out.append(path)
        out += index_paths(e.get("subentries") or (), path)
    return out


def index_locators(entries: Iterable[dict[str, Any]], prefix: str = "") -> list[str]:
    """Every page reference as ``term path, page`` (see and see also count as locators).

    >>> index_locators([{"term": "data", "pages": ["4"], "see_also": ["lists"]}])
    ['data, 4', 'data, see also lists']
    """
    out = []
    for e in entries:
        path = f"{prefix} › {e.get('term', '')}" if prefix else str(e.get("term", ""))
        out += [f"{path}, {p}" for p in e.get("pages") or ()]
        out += [f"{path}, see {p}" for p in e.get("see") or ()]
        out += [f"{path}, see also {p}" for p in e.get("see_also") or ()]
        out += index_locators(e.get("subentries") or (), path)
    return out


# --------------------------------------------------------------------------- raw input


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_input(run: BookRun, search: Sequence[Path] = ()) -> Path | None:
    """The book's input file, when it can be found and its sha256 matches provenance.json:
    the path report.json names, the folder above a fixture's expected/, or SEARCH folders."""
    info = run.provenance.get("input") or {}
    name, sha = info.get("name"), info.get("sha256")
    candidates: list[Path] = []
    given = run.report.get("input")
    if given and given != "-":
        candidates.append(Path(given))
    if name:
        candidates += [run.path.parent / name, run.path / name]
        for d in search:
            candidates += [Path(d) / name, Path(d) / run.name / name]
            candidates += [Path(d) / f"{run.name}{Path(name).suffix}"]
    seen = set()
    for c in candidates:
        if c in seen or not c.is_file():
            continue
        seen.add(c)
        if not sha or _sha256(c) == sha:
            return c
    return None


def cached_pdf_text(run: BookRun, path: Path, cache_dir: Path | None = None) -> str | None:
    """The text pdfminer extracted from the book's PDF, when the extraction cache still has
    it (with the extraction settings of provenance.json); never extracts anew."""
    from pipeline.pdf import ExtractParams, cache_key, default_cache_dir

    try:
        settings = (run.provenance.get("config") or {}).get("extract") or {}
        key = cache_key(path.read_bytes(), ExtractParams(**settings), "")
        cached = (cache_dir or default_cache_dir()) / f"{key}.json"
        if not cached.is_file():
            return None
        pages = json.loads(cached.read_text(encoding="utf-8"))
        return "\f".join("\n".join(text for text, _ in pg["lines"]) for pg in pages)
    except Exception:  # an old or foreign cache entry: no raw figures
        return None


def raw_counters(
    run: BookRun, search: Sequence[Path] = (), cache_dir: Path | None = None
) -> tuple[dict[str, float], str]:
    """The artifact counters of the book's raw extraction and where they come from:
    computed from the input text when it is found (for a PDF: its extraction, when the
    cache has it), else what report.json counted (unmapped glyphs), else nothing."""
    info = run.provenance.get("input") or {}
    path = find_input(run, search)
    if path is not None and info.get("kind") == "pdf":
        text = cached_pdf_text(run, path, cache_dir)
        if text is not None:
            return score_raw(text), f"cached extraction of {path}"
    elif path is not None:
        from pipeline.inputs import decode_text

        enc = info.get("encoding") or "auto"
        try:
            text, _ = decode_text(
                path.read_bytes(), str(path), "auto" if enc == "utf-8-sig" else enc
            )
        except Exception:  # an input we cannot decode: fall back to the report
            text = None
        if text is not None:
            return score_raw(text), f"input text {path}"
    quality = run.report.get("quality") or {}
    if "unmapped_glyphs" in quality:
        return {"unmapped_glyphs": quality["unmapped_glyphs"]}, "report.json"
    return {}, ""


# --------------------------------------------------------------------------- comparison


@dataclass
class Change:
    metric: str
    base: float | None
    cand: float | None
    verdict: str

    @property
    def label(self) -> str:
        return ALL_METRICS[self.metric].label if self.metric in ALL_METRICS else self.metric

    @property
    def delta(self) -> str:
        if self.base is None or self.cand is None:
            return ""
        d = self.cand - self.base
        if not d:
            return ""
        return f"{d:+.2f}".rstrip("0").rstrip(".") if isinstance(d, float) else f"{d:+d}"


@dataclass
class Hunk:
    """One changed run of paragraphs: the baseline's, the candidate's, the word-level
    opcodes between them, and the edit-log entries behind the change."""

    old: list[str]
    new: list[str]
    ops: list[tuple[str, list[str], list[str]]]
    edits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class BookCompare:
    name: str
    base: BookRun | None
    cand: BookRun | None
    changes: list[Change] = field(default_factory=list)
    hunks: list[Hunk] = field(default_factory=list)
    other_edits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    words_lost: list[str] = field(default_factory=list)
    words_gained: list[str] = field(default_factory=list)
    index_lost: list[str] = field(default_factory=list)
    index_gained: list[str] = field(default_factory=list)
    raw: dict[str, float] = field(default_factory=dict)
    raw_source: str = ""

    @property
    def status(self) -> str:
        if self.cand is None:
            return "missing"
        if self.base is None:
            return "new"
        if any(c.verdict == "worse" for c in self.changes):
            return "worse"
        if any(c.verdict != "same" for c in self.changes) or self.hunks:
            return "changed"
        return "same"

    def change(self, metric: str) -> Change | None:
        return next((c for c in self.changes if c.metric == metric), None)


@dataclass
class CheckResult:
    baseline: Path
    candidate: Path
    books: list[BookCompare]

    def counts(self) -> Counter[str]:
        return Counter(b.status for b in self.books)

    def failed(self, fail_on: str) -> bool:
        bad = {"worse", "missing"} | ({"changed", "new"} if fail_on == "changed" else set())
        return any(b.status in bad for b in self.books)


HUNK_LIMIT = 200  # changed paragraph runs kept per book for the report
WORD_DIFF_LIMIT = 60_000  # tokens; a larger run is compared as word counts


def _letters(words: Iterable[str]) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", "", "".join(words).casefold())


def _key(word: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", "", word.casefold())


PARA = "\u2029"  # paragraph break token in word diffs


def _tokens(paragraphs: Sequence[str]) -> list[str]:
    """Words, with a paragraph break as PARA and a line break inside a paragraph (code,
    lists) as a token of the newline and the next line's indentation.

    >>> _tokens(["A b.", "f(x):\\n    return x"])
    ['A', 'b.', '\\u2029', 'f(x):', '\\n    ', 'return', 'x']
    """
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        if i:
            out.append(PARA)
        for j, line in enumerate(p.split("\n")):
            indent = line[: len(line) - len(line.lstrip())]
            if j or indent:
                out.append(("\n" if j else "") + indent)
            out += line.split()
    return out


def is_break(token: str) -> bool:
    """A paragraph break, line break or indentation token of :func:`_tokens`."""
    return not token.strip()


def word_ops(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, list[str], list[str]]]:
    """Word-level opcodes between two runs of paragraphs (a paragraph break is a token).

    >>> word_ops(["the ar guments hold"], ["the arguments hold"])
    [('equal', ['the'], ['the']), ('replace', ['ar', 'guments'], ['arguments']), ('equal', ['hold'], ['hold'])]
    """
    a, b = _tokens(old), _tokens(new)
    if len(a) + len(b) > WORD_DIFF_LIMIT:
        return [("replace", a, b)]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()]


def lost_and_gained(
    ops: Iterable[tuple[str, list[str], list[str]]], furniture: set[str]
) -> tuple[Counter[str], Counter[str]]:
    """Words (case-folded letters and digits) the candidate lost and gained, from word
    opcodes. A respacing (``ar guments`` -> ``arguments``, ``money ,`` -> ``money,``) is
    neither; a deleted run that is a page number or one of *furniture* (keys of repeated
    lines) is furniture removed, not words lost.

    >>> ops = [("replace", ["ar", "guments"], ["arguments"]), ("delete", ["Cloud", "Nets", "212"], []),
    ...        ("replace", ["cat"], ["dog"]), ("insert", [], ["new"])]
    >>> lost, gained = lost_and_gained(ops, {"cloud nets"})
    >>> sorted(lost.elements()), sorted(gained.elements())
    (['cat'], ['dog', 'new'])
    """
    lost: Counter[str] = Counter()
    gained: Counter[str] = Counter()
    for tag, o, n in ops:
        o = [w for w in o if not is_break(w)]
        n = [w for w in n if not is_break(w)]
        if tag == "equal" or _letters(o) == _letters(n):
            continue
        if tag == "delete":
            text = " ".join(o)
            if FOLIO_RE.match(text) or _furniture_key(text) in furniture:
                continue
        ok, nk = Counter(map(_key, o)), Counter(map(_key, n))
        ok.pop("", None)
        nk.pop("", None)
        joined_new, joined_old = _letters(n), _letters(o)
        lost += Counter({k: v for k, v in (ok - nk).items() if k not in joined_new})
        gained += Counter({k: v for k, v in (nk - ok).items() if k not in joined_old})
    # A paragraph moved is lost in one place and gained in another.
    return lost - gained, gained - lost


def _norm(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip()


def _edit_key(edit: dict[str, Any]) -> str:
    return json.dumps(edit, sort_keys=True, ensure_ascii=False)


def _edit_texts(text: str) -> list[str]:
    """Forms an edit's before/after text may take in a paragraph (``|`` marks a line end)."""
    text = _norm(text)
    if "|" not in text:
        return [text]
    return [text.replace("|", " "), text.replace("|", ""), text.replace("-|", "- ")]


def attach_edits(hunks: list[Hunk], base_edits: list[dict], cand_edits: list[dict]) -> list:
    """Give each hunk the edit-log entries that differ between the runs and touch its text
    (an edit of the candidate whose result is in the new text or whose source is in the
    old one; the other way round for an edit only the baseline made). Edits with the same
    text (a running head removed on every page) go to its occurrences in order. Return the
    differing edits that touch no hunk."""
    bk, ck = Counter(map(_edit_key, base_edits)), Counter(map(_edit_key, cand_edits))
    only_base = [e for e in base_edits if (bk - ck).get(_edit_key(e))]
    only_cand = [e for e in cand_edits if (ck - bk).get(_edit_key(e))]
    texts = [(_norm(" ".join(h.old)), _norm(" ".join(h.new))) for h in hunks]
    groups: dict[tuple[str, int, str], list[dict]] = {}
    rest: list[tuple[str, dict]] = []
    for side, edits in (("candidate", only_cand), ("baseline", only_base)):
        for edit in edits:
            before, after = str(edit.get("before", "")), str(edit.get("after", ""))
            mine, other = (1, 0) if side == "candidate" else (0, 1)
            for needle, which in ((after, mine), (before, other)):
                forms = [t for t in _edit_texts(needle) if len(t) >= 2] if needle.strip() else []
                form = next((t for t in forms if any(t in pair[which] for pair in texts)), None)
                if form:
                    groups.setdefault((side, which, form), []).append(edit)
                    break
            else:
                rest.append((side, edit))
    for (side, which, form), edits in groups.items():
        slots = [i for i, pair in enumerate(texts) for _ in range(pair[which].count(form))]
        for k, edit in enumerate(edits):
            if k < len(slots):
                hunks[slots[k]].edits.append((side, edit))
            else:
                rest.append((side, edit))
    for h in hunks:
        h.edits.sort(key=lambda se: (se[1].get("page") or 0, se[0]))
    return rest


def compare_books(
    name: str, base: BookRun | None, cand: BookRun | None, search: Sequence[Path] = ()
) -> BookCompare:
    cmp = BookCompare(name, base, cand)
    found = [raw_counters(run, search) for run in (cand, base) if run is not None]
    # Counters from the input itself beat what a report.json counted.
    found.sort(key=lambda rs: (rs[1] == "report.json", not rs[0]))
    if found:
        cmp.raw, cmp.raw_source = found[0]
    if base is None or cand is None:
        return cmp
    bc, cc = base.counters, cand.counters
    for m in METRICS:
        cmp.changes.append(
            Change(m.key, bc.get(m.key), cc.get(m.key), verdict(m, bc.get(m.key), cc.get(m.key)))
        )

    # The text diff: paragraphs first, then words inside each changed run.
    old_p, new_p = body_paragraphs(base.body), body_paragraphs(cand.body)
    sm = difflib.SequenceMatcher(None, old_p, new_p, autojunk=False)
    lines = [line for p in old_p for line in p.split("\n")]
    furniture = {_furniture_key(line) for line in furniture_lines(lines)}
    all_ops: list[tuple[str, list[str], list[str]]] = []
    changed_paragraphs = 0
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        changed_paragraphs += max(i2 - i1, j2 - j1)
        ops = word_ops(old_p[i1:i2], new_p[j1:j2])
        all_ops += ops
        cmp.hunks.append(Hunk(old_p[i1:i2], new_p[j1:j2], ops))
    lost, gained = lost_and_gained(all_ops, furniture)
    cmp.words_lost = sorted(lost.elements())
    cmp.words_gained = sorted(gained.elements())
    tol = words_lost_tolerance(int(bc.get("words", 0)))
    n_lost, n_gained = sum(lost.values()), sum(gained.values())
    cmp.changes.append(
        Change("words_lost", 0, n_lost, verdict(ALL_METRICS["words_lost"], 0, n_lost, tol))
    )
    cmp.changes.append(
        Change("words_gained", 0, n_gained, verdict(ALL_METRICS["words_gained"], 0, n_gained))
    )

    bi, ci = Counter(index_paths(base.index)), Counter(index_paths(cand.index))
    bl, cl = Counter(index_locators(base.index)), Counter(index_locators(cand.index))
    cmp.index_lost = sorted((bi - ci).elements())
    cmp.index_gained = sorted((ci - bi).elements())
    for key, value in (
        ("index_entries_lost", sum((bi - ci).values())),
        ("index_entries_gained", sum((ci - bi).values())),
        ("index_locators_lost", sum((bl - cl).values())),
        ("index_locators_gained", sum((cl - bl).values())),
        ("paragraphs_changed", changed_paragraphs),
    ):
        cmp.changes.append(Change(key, 0, value, verdict(ALL_METRICS[key], 0, value)))
    cmp.hunks = cmp.hunks[:HUNK_LIMIT]
    cmp.other_edits = attach_edits(cmp.hunks, base.edits, cand.edits)
    return cmp


def check_trees(baseline: Path, candidate: Path, search: Sequence[Path] = ()) -> CheckResult:
    """Compare two output trees book by book (a book in only one tree is missing or new)."""
    base_books, cand_books = find_books(baseline), find_books(candidate)
    if (Path(baseline) / "body.txt").is_file() and (Path(candidate) / "body.txt").is_file():
        base_books = {next(iter(cand_books)): Path(baseline)}  # two single books
    names = sorted(set(base_books) | set(cand_books))
    books = []
    for name in names:
        base = read_book(name, base_books[name]) if name in base_books else None
        cand = read_book(name, cand_books[name]) if name in cand_books else None
        books.append(compare_books(name, base, cand, search))
    return CheckResult(Path(baseline), Path(candidate), books)


# --------------------------------------------------------------------------- terminal


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(int(value)) if isinstance(value, float) else str(value)


def table(rows: Sequence[Sequence[str]], right: set[int] = frozenset()) -> str:
    """Rows as aligned columns (the first row is the header).

    >>> print(table([["a", "n"], ["bb", "10"]], right={1}))
    a    n
    bb  10
    """
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


SCORE_COLUMNS = (
    ("split_words", "split"),
    ("glued_words", "glued"),
    ("spaced_punct", "punct"),
    ("hyphen_leftovers", "hyphen"),
    ("furniture_lines", "furniture"),
    ("unmapped_glyphs", "cid"),
    ("nonword_share", "nonword%"),
    ("words", "words"),
    ("paragraphs", "paras"),
    ("words_per_paragraph", "w/para"),
    ("index_entries", "index"),
)


def format_score(runs: dict[str, BookRun]) -> str:
    header = ["book", *(short for _, short in SCORE_COLUMNS)]
    rows = [header]
    totals: Counter[str] = Counter()
    for name, run in runs.items():
        c = run.counters
        rows.append([name, *(_fmt(c[k]) for k, _ in SCORE_COLUMNS)])
        for k, _ in SCORE_COLUMNS:
            if k not in ("nonword_share", "words_per_paragraph"):
                totals[k] += c[k]
    words, paras = totals["words"], totals["paragraphs"]
    rows.append(
        [
            f"total ({len(runs)} books)",
            *(
                _fmt(totals[k])
                if k not in ("nonword_share", "words_per_paragraph")
                else (
                    "" if k == "nonword_share" else _fmt(round(words / paras, 1) if paras else 0.0)
                )
                for k, _ in SCORE_COLUMNS
            ),
        ]
    )
    legend = "; ".join(f"{short}: {ALL_METRICS[k].doc}" for k, short in SCORE_COLUMNS[:7])
    return table(rows, right=set(range(1, len(header)))) + "\n\n" + legend


def format_check(result: CheckResult, fail_on: str) -> str:
    rows = [["book", "metric", "baseline", "candidate", "change", "verdict"]]
    for b in result.books:
        if b.status in ("missing", "new"):
            what = "missing in the candidate" if b.status == "missing" else "new in the candidate"
            rows.append([b.name, what, "", "", "", "worse" if b.status == "missing" else "changed"])
            continue
        compare = {m.key for m in COMPARE_METRICS}
        for c in b.changes:
            if c.verdict == "same":
                continue
            if c.metric in compare:  # counted between the runs: no baseline figure
                rows.append([b.name, c.label, "", _fmt(c.cand), "", c.verdict])
            else:
                rows.append([b.name, c.label, _fmt(c.base), _fmt(c.cand), c.delta, c.verdict])
    counts = result.counts()
    summary = (
        f"{len(result.books)} books: {counts['worse'] + counts['missing']} worse, "
        f"{counts['changed'] + counts['new']} changed, {counts['same']} unchanged "
        f"({result.baseline} -> {result.candidate})"
    )
    if len(rows) == 1:
        return "no changes\n" + summary
    return table(rows, right={2, 3, 4}) + "\n\n" + summary


def format_diff(result: CheckResult) -> str:
    out = []
    for b in result.books:
        if b.base is None or b.cand is None or not b.hunks:
            continue
        old, new = body_paragraphs(b.base.body), body_paragraphs(b.cand.body)
        out += difflib.unified_diff(
            old,
            new,
            f"baseline/{b.name}/body.txt",
            f"candidate/{b.name}/body.txt",
            n=0,
            lineterm="",
        )
    return "\n".join(out)


def result_json(result: CheckResult) -> dict[str, Any]:
    return {
        "baseline": str(result.baseline),
        "candidate": str(result.candidate),
        "books": [
            {
                "book": b.name,
                "status": b.status,
                "changes": [
                    {
                        "metric": c.metric,
                        "baseline": c.base,
                        "candidate": c.cand,
                        "verdict": c.verdict,
                    }
                    for c in b.changes
                    if c.verdict != "same"
                ],
                "raw": b.raw,
                "words_lost": b.words_lost[:50],
                "index_lost": b.index_lost[:50],
            }
            for b in result.books
        ],
    }


# --------------------------------------------------------------------------- commands


def run_command(args: Any) -> int:
    """`bookclean check` and `bookclean score` (called by pipeline.cli)."""
    try:
        if args.command == "score":
            return _score(args)
        return _check(args)
    except QualityError as exc:
        print(f"bookclean: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `bookclean score out | head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - quiet the exit flush
        return 0


def _score(args: Any) -> int:
    runs = read_tree(Path(args.out))
    if getattr(args, "json", False):
        data = {name: run.counters for name, run in runs.items()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_score(runs))
    return 0


def _check(args: Any) -> int:
    search = [Path(p) for p in (getattr(args, "inputs", None) or [])]
    result = check_trees(Path(args.baseline), Path(args.candidate), search)
    print(format_check(result, args.fail_on))
    if getattr(args, "diff", False):
        diff = format_diff(result)
        if diff:
            print("\n" + diff)
    if getattr(args, "json", None):
        Path(args.json).write_text(
            json.dumps(result_json(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if args.html:
        from pipeline.quality_html import render_html

        Path(args.html).write_text(render_html(result), encoding="utf-8")
        print(f"wrote {args.html}")
    return 1 if result.failed(args.fail_on) else 0
