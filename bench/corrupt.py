"""The artifact model of the spacing benchmark: corrupt clean text the way PDF extraction does.

``corrupt(text, seed)`` returns ``(corrupted, artifacts)``. It only ever inserts or removes
spaces, so the clean and the corrupted text have the same sequence of non-space characters;
each artifact is ``(class, position)``, where *position* indexes that non-space sequence: the
character before which a space was inserted or removed. The model is deterministic for a
given seed (one ``random.Random(seed)``, sites visited in text order).

The classes follow the mechanisms described in ARTIFACTS.md:

``split_word``: a space inside a word. PDF text is positioned glyph run by glyph run, with
    kerning adjustments between runs and separate ligature glyphs; an extractor that turns
    every gap wider than a fixed fraction of the glyph width into a space breaks words at
    those spots. Eligible boundaries, each split with probability ``P_SPLIT`` (at most one
    per word):
    - after ``r`` before a vowel or ``g`` (``ar guments``, ``lar gest``, ``ener gy``),
    - at ligature boundaries ``f|f``, ``f|i``, ``f|l`` (``of fer``, ``traf fic``, ``dif ferent``),
    both fragments at least two letters long and the left one containing a vowel (the gap
    follows a letter inside the word, not an onset such as ``fr`` or ``pr``); and, with
    probability ``P_SPLIT_CAP``, between the first two letters of a capitalised word or an
    acronym at a kerning pair (``Y ou``, ``W e``, ``T o``, ``V alues``, ``P ackets``, ``A WS``).
    A split may leave two fragments that are words of their own (``for ever``, ``off ice``):
    real extraction does that too, and the benchmark reports those apart, as it does splits
    inside hyphenated compounds (``thr ee-quarters``).
``spaced_punct``: a space before ``, . ; : ! ?`` that follows a word (``money ,``, ``term :``),
    from the side bearing of the punctuation glyph, with probability ``P_PUNCT``; and around
    the apostrophe of a contraction or possessive (``provider ’s``, ``you ’re``, ``doesn’ t``,
    ``that’ s``), with probability ``P_APOS``, before or after the apostrophe at random.
    Ellipses (``...``) are never touched.
``glued_word``: the space between two plain words removed, as when the space at a line break
    is lost (``ongoingjudgement``), with probability ``P_GLUE`` per eligible gap: the left word
    all letters with no punctuation after it, the right word all lower-case letters.
``glued_sentence``: the space after a sentence end removed (``it.If``), with probability
    ``P_SENTENCE``: a lower-case word of two or more letters, then ``.``, ``!`` or ``?``, then a
    capitalised word; never after an abbreviation (``etc.``, ``vs.``).

On the dev text this gives, per 100 words: about 2.9 split words, 1.9 spaced punctuation
marks, 0.9 glued words and 0.4 glued sentences.

Must-not-change text is never corrupted, so any change to it is a false change:
- code: lines indented by 4 or more spaces (listings);
- protected tokens: whitespace-separated chunks with a URL, e-mail, path, digit, ``_``,
  camelCase, an inner dot (``Node.js``, ``e.g.``, ``http.Get``) or code symbols;
- trap pairs: two consecutive plain words whose joined form is itself a word (``a way``,
  ``in to``, ``some times``, ``set up``, ``to day``): the words of ``TRAP_PAIRS`` plus, when
  wordfreq is installed, any pair whose concatenation has a zipf frequency of at least
  ``TRAP_ZIPF``. Neither word of a trap pair is corrupted, nor the space between them (gluing
  it would make an artifact no tool could undo: ``anymore`` for ``any more``).

``corrupt(..., scale=0.3)`` scales every probability (used for ``traps.txt``).
``region_labels(text)`` labels each non-space character ``code``, ``protected``, ``trap`` or
``prose`` so the benchmark can say where false changes happen.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

P_SPLIT = 0.5
P_SPLIT_CAP = 0.1
P_PUNCT = 0.15
P_APOS = 0.25
P_GLUE = 0.012
P_SENTENCE = 0.15
TRAP_ZIPF = 3.0

SPLIT_PAIRS = {("r", v) for v in "aeioug"} | {("f", "f"), ("f", "i"), ("f", "l")}
CAP_PAIRS = {
    "To", "Ta", "Te", "Tr", "Ty", "Wa", "We", "Wo", "Wh", "Ya", "Ye", "Yo", "Va", "Ve", "Vi",
    "Pa", "Po", "Fa", "Fo", "AW", "AV", "AT", "AY", "LT", "LY", "TA", "VA", "WA", "PA", "YA",
}  # fmt: skip
TRAP_PAIRS = {
    ("a", "way"), ("in", "to"), ("on", "to"), ("some", "times"), ("every", "one"),
    ("any", "more"), ("a", "part"), ("may", "be"), ("a", "cross"), ("a", "head"),
    ("a", "long"), ("a", "while"), ("a", "new"), ("a", "round"), ("a", "lone"), ("a", "bout"),
    ("a", "gain"), ("a", "broad"), ("a", "board"), ("a", "rise"), ("a", "maze"), ("any", "one"),
    ("some", "one"), ("no", "body"), ("every", "day"), ("any", "time"), ("can", "not"),
    ("in", "form"), ("in", "valid"), ("in", "sight"), ("set", "up"), ("log", "in"),
    ("back", "up"), ("check", "out"), ("roll", "out"), ("clean", "up"), ("time", "out"),
    ("for", "ever"), ("to", "day"), ("of", "ten"), ("be", "long"), ("up", "on"),
}  # fmt: skip
ABBREVIATIONS = {"etc", "vs", "al", "cf", "approx", "ca", "viz", "mr", "mrs", "dr", "st", "no"}
SENTENCE_ENDS = ".!?"
PUNCT = ",.;:!?"
APOS = "’'"
CONTRACTION_TAILS = ("s", "t", "re", "ve", "ll", "d", "m")

CHUNK_RE = re.compile(r"\S+")
# A chunk: opening punctuation, a core word (letters, inner apostrophes/hyphens), closing
# punctuation.
WORDISH_RE = re.compile(r"^([“\"‘(\[]*)([A-Za-z](?:[A-Za-z’'-]*[A-Za-z])?)([,.;:!?”\"’')\]]*)$")
PROTECTED_RE = re.compile(
    r"://|@|www\.|[/\\_]|\d|[a-z][A-Z]|[A-Za-z]\.[A-Za-z]|[(){}\[\]<>=#$%^&*|~`+]"
)
LETTERS_RE = re.compile(r"[A-Za-z]+")
VOWEL_RE = re.compile(r"[aeiouyAEIOUY]")


@lru_cache(maxsize=100_000)
def _joined_is_word(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if (a, b) in TRAP_PAIRS:
        return True
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a project dependency
        return False
    return zipf_frequency(a + b, "en") >= TRAP_ZIPF


def is_code_line(line: str) -> bool:
    return bool(line.strip()) and len(line) - len(line.lstrip(" ")) >= 4


def is_protected(chunk: str) -> bool:
    return bool(PROTECTED_RE.search(chunk))


class _Chunk:
    __slots__ = ("frozen", "gap_before", "idx", "m", "prot", "start", "text", "used")

    def __init__(self, text: str, start: int, idx: int, gap_before: str | None) -> None:
        self.text = text
        self.start = start  # offset in the text
        self.idx = idx  # non-space index of its first character
        self.prot = is_protected(text)
        self.m = None if self.prot else WORDISH_RE.match(text)
        self.frozen = self.m is None
        self.used = False
        self.gap_before = gap_before  # the whitespace before it on the same line, or None


def _lines(text: str):
    """Yield (line, offset, non-space index at line start, is_code) for every line."""
    offset = 0
    idx = 0
    for line in text.split("\n"):
        yield line, offset, idx, is_code_line(line)
        offset += len(line) + 1
        idx += sum(1 for ch in line if not ch.isspace())


def _chunks(line: str, offset: int, idx: int) -> list[_Chunk]:
    out: list[_Chunk] = []
    prev_end = None
    for m in CHUNK_RE.finditer(line):
        gap = line[prev_end : m.start()] if prev_end is not None else None
        out.append(_Chunk(m.group(), offset + m.start(), idx, gap))
        idx += len(m.group())
        prev_end = m.end()
    return out


def _mark_traps(chunks: list[_Chunk]) -> list[tuple[int, int]]:
    """Freeze both words of every trap pair; return the pairs' chunk indices."""
    pairs = []
    for i in range(len(chunks) - 1):
        a, b = chunks[i], chunks[i + 1]
        if a.m is None or b.m is None or b.gap_before != " ":
            continue
        if a.m.group(3) or b.m.group(1):  # punctuation between them
            continue
        wa, wb = a.m.group(2), b.m.group(2)
        if not (wa.isalpha() and wb.isalpha()):
            continue
        if _joined_is_word(wa, wb):
            pairs.append((i, i + 1))
    for i, j in pairs:
        chunks[i].frozen = chunks[j].frozen = True
    return pairs


def corrupt(text: str, seed: int, *, scale: float = 1.0) -> tuple[str, list[tuple[str, int]]]:
    """Corrupt *text* with the artifact model; return (corrupted, [(class, position)]).

    >>> clean = "We offer arguments, and it doesn’t stop. It runs in to the night."
    >>> c, arts = corrupt(clean, 3, scale=8.0)
    >>> c.replace(" ", "") == clean.replace(" ", "")
    True
    >>> {cls for cls, _ in arts} <= {"split_word", "spaced_punct", "glued_word", "glued_sentence"}
    True
    >>> "in to the" in c  # a trap pair is never touched
    True
    """
    rng = random.Random(seed)
    p_split, p_cap = min(1.0, P_SPLIT * scale), min(1.0, P_SPLIT_CAP * scale)
    p_punct, p_apos = min(1.0, P_PUNCT * scale), min(1.0, P_APOS * scale)
    p_glue, p_sent = min(1.0, P_GLUE * scale), min(1.0, P_SENTENCE * scale)
    insert: dict[int, str] = {}  # non-space index -> class (a space inserted before it)
    remove: dict[int, str] = {}  # non-space index -> class (the space before it removed)

    for line, offset, idx, code in _lines(text):
        if code or not line.strip():
            continue
        chunks = _chunks(line, offset, idx)
        _mark_traps(chunks)
        # 1. Gaps: glued sentences and glued words (decided first; the chunks are then used).
        for i in range(len(chunks) - 1):
            a, b = chunks[i], chunks[i + 1]
            if a.frozen or b.frozen or a.used or b.used or b.gap_before != " ":
                continue
            (_, wa, ca), (ob, wb, _) = a.m.groups(), b.m.groups()
            if ob:
                continue
            if (
                ca in tuple(SENTENCE_ENDS)
                and len(wa) >= 2
                and wa.isalpha()
                and wa.islower()
                and wa not in ABBREVIATIONS
                and len(wb) >= 2
                and wb[0].isupper()
                and wb[1:].isalpha()
                and wb[1:].islower()
            ):
                if rng.random() < p_sent:
                    remove[b.idx] = "glued_sentence"
                    a.used = b.used = True
            elif (
                not ca
                and wa.isalpha()
                and (wa.islower() or (wa[0].isupper() and wa[1:].islower()))
                and wb.isalpha()
                and wb.islower()
            ) and rng.random() < p_glue:
                remove[b.idx] = "glued_word"
                a.used = b.used = True
        # 2. Inside chunks: split words, spaced punctuation, spaced apostrophes.
        for ch in chunks:
            if ch.frozen or ch.used:
                continue
            open_, word, close = ch.m.groups()
            wstart = ch.idx + len(open_)
            # split_word inside each letter run of the word
            for run in LETTERS_RE.finditer(word):
                r = run.group()
                base = wstart + run.start()
                cap = run.start() == 0 and len(r) >= 2 and r[:2] in CAP_PAIRS
                if cap and rng.random() < p_cap:
                    insert[base + 1] = "split_word"
                    continue
                for k in range(2, len(r) - 1):
                    if (
                        (r[k - 1], r[k]) in SPLIT_PAIRS
                        and VOWEL_RE.search(r[:k])
                        and rng.random() < p_split
                    ):
                        insert[base + k] = "split_word"
                        break  # at most one kerning split per run
            # spaced_punct: apostrophes of contractions and possessives
            for j, c in enumerate(word):
                if c in APOS and 0 < j < len(word) - 1 and word[j - 1].isalpha():
                    tail = word[j + 1 :]
                    if tail.lower() in CONTRACTION_TAILS and rng.random() < p_apos:
                        pos = wstart + j + (1 if rng.random() < 0.5 else 0)
                        insert[pos] = "spaced_punct"
            # spaced_punct: before a closing punctuation mark (not an ellipsis)
            punct = close and close[0] in PUNCT and not close.startswith("..")
            if punct and rng.random() < p_punct:
                insert[wstart + len(word)] = "spaced_punct"

    # Rebuild the text: spaces inserted before / removed before non-space indices.
    out: list[str] = []
    idx = 0
    n = len(text)
    for k, c in enumerate(text):
        if c.isspace():
            # a removable space: a single ' ' directly before the non-space char idx
            if c == " " and idx in remove and k + 1 < n and not text[k + 1].isspace():
                continue
            out.append(c)
            continue
        if idx in insert:
            out.append(" ")
        out.append(c)
        idx += 1
    artifacts = sorted([(cls, p) for p, cls in insert.items()] + [(cls, p) for p, cls in remove.items()],
                       key=lambda a: a[1])  # fmt: skip
    return "".join(out), artifacts


def trap_positions(text: str) -> set[int]:
    """Non-space indices of the first character of the second word of each trap pair."""
    out: set[int] = set()
    for line, offset, idx, code in _lines(text):
        if code or not line.strip():
            continue
        chunks = _chunks(line, offset, idx)
        for _, j in _mark_traps(chunks):
            out.add(chunks[j].idx)
    return out


def region_labels(text: str) -> list[str]:
    """Label each non-space character: ``code``, ``protected``, ``trap`` or ``prose``."""
    labels: list[str] = []
    for line, offset, idx, code in _lines(text):
        if not line.strip():
            continue
        if code:
            labels.extend("code" for ch in line if not ch.isspace())
            continue
        chunks = _chunks(line, offset, idx)
        traps = {i for pair in _mark_traps(chunks) for i in pair}
        for i, ch in enumerate(chunks):
            kind = "protected" if ch.prot else "trap" if i in traps else "prose"
            labels.extend(kind for _ in ch.text)
    return labels
