"""fix_spacing: repair spaces that extraction got wrong, and nothing else.

Mechanical rules (safe by shape):
- ``spaced_apostrophe``: ``provider ’s`` → ``provider’s``, ``doesn’ t`` → ``doesn’t``;
- ``spaced_punct``: ``money ,`` → ``money,``; never inside ``. . .`` or dot leaders;
- ``spaced_bracket``: ``( NACL s)`` → ``(NACL s)``; ``acronym_plural``: ``NACL s`` → ``NACLs``.

Judgement rules (scored on evidence, logged with it):
- ``split_word``: ``ar guments`` → ``arguments`` when the joined form is attested (in the
  book, or common in English) and at least one fragment is not a word of its own. When both
  fragments are common words (``a way``, ``in to``, ``some times``) the text is kept; when the
  joined form is also used in the book, that doubt is logged as ``split_word_kept``.
- ``glued_word``: ``ongoingjudgement`` → ``ongoing judgement`` when the token is unknown
  (to English and, more than once, to the book) and splits into two well-attested words.
- ``glued_sentence``: ``it.If`` → ``it. If`` between two known words.

Code lines and protected tokens (URLs, e-mail addresses, paths, identifiers, numbers,
versions, camelCase) are never changed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register
from stages.lexicon import Lexicon, zipf
from stages.shapes import code_line_flags

APOS = "’'"
SPACE_BEFORE_SUFFIX_RE = regex.compile(r"(?<=\p{L})[ \t]+([’'])(?=(?:s|re|ve|ll|d|t|m)\b(?![’']))")
SPACE_AFTER_APOS_RE = regex.compile(r"(?<=\p{L}[’'])[ \t]+(?=(?:s|t|re|ve|ll|d|m)\b(?![’'\p{L}]))")
SPACED_PUNCT_RE = regex.compile(
    r"(?m)(?<=[\p{L}\p{N}%)\]”’\"])[ \t]+([,;:!?]|\.(?![ \t]?\.))(?=[ \t]|$|[”’\")\]])"
)
SPACED_OPEN_RE = regex.compile(r"(?m)(?<=(?:^|[ \t])[(\[])[ \t]+(?=[\p{L}\p{N}])")
SPACED_CLOSE_RE = regex.compile(r"(?m)(?<=[\p{L}\p{N}.])[ \t]+(?=[)\]](?:[ \t]|$|[.,;:!?]))")
ACRONYM_PLURAL_RE = regex.compile(r"\b(\p{Lu}{2,})[ \t]s\b(?![’'\p{L}])")
WORD_RE = regex.compile(r"\p{L}+")
CHUNK_RE = regex.compile(r"\S+")
GLUED_SENTENCE_RE = regex.compile(r"\b(\p{Ll}{2,})([.!?])(\p{Lu}\p{Ll}+)\b")
SINGLE_LETTER_WORDS = {"a", "i"}


@dataclass(frozen=True)
class SpacingParams:
    fix_punctuation: bool = True
    join_split_words: bool = True
    split_glued_words: bool = True
    split_glued_sentences: bool = True
    word_zipf: float = 3.0
    trap_zipf: float = 4.0
    joined_zipf: float = 3.0
    glued_min_length: int = 7
    glued_part_zipf: float = 3.0
    glued_sum_zipf: float = 8.0
    DOCS: ClassVar[dict[str, str]] = {
        "fix_punctuation": "remove spaces before , . ; : ! ? and inside contractions",
        "join_split_words": "join words split by kerning gaps (ar guments)",
        "split_glued_words": "split words glued at a lost space (ongoingjudgement)",
        "split_glued_sentences": "put the space back after a sentence end (it.If)",
        "word_zipf": "a fragment at least this frequent (wordfreq zipf) is a word of its own",
        "trap_zipf": "when both fragments are at least this frequent, never join (a way, in to)",
        "joined_zipf": "a joined form at least this frequent is attested without book evidence",
        "glued_min_length": "shortest unknown token considered for splitting",
        "glued_part_zipf": "each part of a glued split must be at least this frequent",
        "glued_sum_zipf": "the parts' zipf sum needed when the book does not attest both parts",
    }


@lru_cache(maxsize=200_000)
def _z(word: str) -> float:
    return zipf(word)


def fragment_zipf(frag: str) -> float:
    """Zipf of a fragment as a word on its own; lone letters other than a/I are not words."""
    if len(frag) == 1 and frag.lower() not in SINGLE_LETTER_WORDS:
        return 0.0
    return _z(frag)


def fix_punctuation(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Mechanical spacing fixes; return (text, [(rule, before, after)]).

    >>> fix_punctuation("the provider ’s money , and it doesn’ t stop .")[0]
    'the provider’s money, and it doesn’t stop.'
    >>> fix_punctuation("wait . . . then term . . . . 26, and .5 more")[0]
    'wait . . . then term . . . . 26, and .5 more'
    >>> fix_punctuation("( NACL s) and you ’re here : yes")[0]
    '(NACLs) and you’re here: yes'
    """
    changes: list[tuple[str, str, str]] = []

    def apply(pattern: regex.Pattern, repl: str, rule: str, s: str) -> str:
        def sub(m: regex.Match) -> str:
            new = m.expand(repl)
            # A short excerpt around the change, within its line.
            lo = max(0, m.start() - 12, s.rfind("\n", 0, m.start()) + 1)
            nl = s.find("\n", m.end())
            hi = min(len(s), m.end() + 4, nl if nl >= 0 else len(s))
            changes.append((rule, s[lo:hi], s[lo : m.start()] + new + s[m.end() : hi]))
            return new

        return pattern.sub(sub, s)

    text = apply(SPACE_BEFORE_SUFFIX_RE, r"\1", "spaced_apostrophe", text)
    text = apply(SPACE_AFTER_APOS_RE, "", "spaced_apostrophe", text)
    text = apply(SPACED_PUNCT_RE, r"\1", "spaced_punct", text)
    text = apply(SPACED_OPEN_RE, "", "spaced_bracket", text)
    text = apply(SPACED_CLOSE_RE, "", "spaced_bracket", text)
    text = apply(ACRONYM_PLURAL_RE, r"\1s", "acronym_plural", text)
    return text, changes


LEAD_PUNCT = "([“‘\"'"
TRAIL_PUNCT = ")]”’\"',.;:!?"


def _bare_words(text: str) -> list[tuple[int, int, str]]:
    """Words that stand alone in their whitespace chunk, apart from leading/trailing
    punctuation: no digits, inner punctuation or camelCase (protected tokens).

    >>> [w for _, _, w in _bare_words("(ar guments, os.path x2 getValue AWS ’s")]
    ['ar', 'guments', 'AWS']
    """
    out = []
    for chunk in CHUNK_RE.finditer(text):
        c = chunk.group()
        lead = c.lstrip(LEAD_PUNCT)
        core = lead.rstrip(TRAIL_PUNCT)
        if not core.isalpha():
            continue
        if len(core) > 1 and not core[1:].islower() and not core.isupper():
            continue  # camelCase: an identifier
        start = chunk.start() + len(c) - len(lead)
        if start > chunk.start() and text[start - 1] in APOS:
            continue  # the tail of a contraction (’s, ’t)
        out.append((start, start + len(core), core))
    return out


def join_decision(frags: list[str], lex: Lexicon, p: SpacingParams) -> tuple[str, dict]:
    """Decide whether fragments are one word split by extraction.

    Returns ("join" | "keep" | "doubt", evidence).

    >>> lx = Lexicon(["the arguments and the offer, away from here"])
    >>> [join_decision(f, lx, SpacingParams())[0] for f in
    ...  (["ar", "guments"], ["of", "fer"], ["a", "way"], ["in", "to"], ["Y", "ou"], ["a", "x"])]
    ['join', 'join', 'doubt', 'keep', 'join', 'keep']
    """
    joined = "".join(frags)
    lower = joined.lower()
    book = lex.count(lower)
    zj = _z(lower)
    evidence = {"joined": joined, "book_count": book, "zipf": zj}
    if book == 0 and zj < p.joined_zipf:
        return "keep", evidence
    zs = [fragment_zipf(f) for f in frags]
    evidence["fragment_zipf"] = zs
    words = [z >= p.word_zipf for z in zs]
    if all(words):
        if min(zs) >= p.trap_zipf:
            return ("doubt" if book else "keep"), evidence
        ok = book >= 1 or zj >= min(zs) + 1.0
        return ("join" if ok else "keep"), evidence
    # A lone letter that is not a word (x, n, Y) joins only on strong evidence: "Y ou" yes,
    # "a x" (a variable) no.
    lone_letter = any(len(f) == 1 for f, w in zip(frags, words, strict=True) if not w)
    if lone_letter and book == 0 and zj < 4.5:
        return "keep", evidence
    return "join", evidence


def case_ok(frags: list[str]) -> bool:
    """Fragments of one word: later fragments lower case, or all of them capitals (A WS)."""
    rest = frags[1:]
    if all(f.islower() for f in rest):
        return True
    return all(f.isupper() for f in frags)


# Bare words: not inside a protected token (no digits, _, /, @, inner dots or apostrophes
# next to them), standing alone in their chunk apart from leading/trailing punctuation.
_BEFORE = r"(?m)(?<=^|[\s(\[“‘\"])"
_AFTER = r"(?=$|[\s)\]”’\"',.;:!?])"
PAIR_RE = regex.compile(_BEFORE + r"(\p{L}+) (\p{L}+)" + _AFTER)
TRIPLE_RE = regex.compile(_BEFORE + r"(\p{L}+) (\p{L}+) (\p{L}+)" + _AFTER)
LONG_WORD_RE = regex.compile(_BEFORE + r"\p{L}{7,}" + _AFTER)


def _camel(word: str) -> bool:
    return len(word) > 1 and not word[1:].islower() and not word.isupper()


def join_split_words(
    text: str, lex: Lexicon, p: SpacingParams
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Join words that extraction split at a kerning gap.

    Candidates come from one pass of two regexes over the text; only those whose joined
    form is attested at all (the rare case) are judged.

    >>> lx = Lexicon(["significant arguments"])
    >>> join_split_words("the sig nifi cant ar guments, in a way", lx, SpacingParams())[0]
    'the significant arguments, in a way'
    """
    attested = _attested_words(p.joined_zipf)
    cands: list[tuple[int, int, list[str]]] = []
    for pattern in (TRIPLE_RE, PAIR_RE):
        for m in pattern.finditer(text, overlapped=True):
            frags = list(m.groups())
            joined = "".join(frags).lower()
            if joined in lex.words or joined in attested:
                cands.append((m.start(), m.end(), frags))
    if not cands:
        return text, []
    cands.sort(key=lambda c: (c[0], -len(c[2])))
    changes: list[tuple[str, str, str, dict]] = []
    pieces: list[tuple[int, int, str]] = []
    taken_to = -1
    for start, end, frags in cands:
        if start < taken_to or not case_ok(frags) or any(_camel(f) for f in frags):
            continue
        if start > 0 and text[start - 1] in APOS:
            continue  # the tail of a contraction (’s, ’t)
        if len(frags) == 3 and all(fragment_zipf(f) >= p.word_zipf for f in frags):
            continue
        decision, evidence = join_decision(frags, lex, p)
        before = " ".join(frags)
        if decision == "join":
            pieces.append((start, end, "".join(frags)))
            changes.append(("split_word", before, "".join(frags), evidence))
            taken_to = end
        elif decision == "doubt" and len(frags) == 2:
            changes.append(("split_word_kept", before, before, evidence))
    for start, end, new in reversed(pieces):
        text = text[:start] + new + text[end:]
    return text, changes


@lru_cache(maxsize=4)
def _attested_words(min_zipf: float) -> frozenset[str]:
    """English words at least *min_zipf* frequent (built once per threshold)."""
    from stages.lexicon import _freqs

    floor = 10 ** (min_zipf - 9)
    return frozenset(w for w, f in _freqs().items() if f >= floor)


def split_glued(token: str, lex: Lexicon, p: SpacingParams) -> tuple[str, str, dict] | None:
    """Split an unknown token into two attested words, or None.

    >>> lx = Lexicon(["an ongoingjudgement"])
    >>> split_glued("ongoingjudgement", lx, SpacingParams())[:2]
    ('ongoing', 'judgement')
    >>> split_glued("photosynthesis", lx, SpacingParams()) is None
    True
    """
    if len(token) < p.glued_min_length or _z(token) > 0 or lex.occurrences(token) > 1:
        return None
    if not (token.islower() or (token[0].isupper() and token[1:].islower())):
        return None
    best: list[tuple[float, str, str, dict]] = []
    for k in range(2, len(token) - 1):
        a, b = token[:k], token[k:]
        za, zb = _z(a), _z(b)
        if min(za, zb) < p.glued_part_zipf:
            continue
        if min(len(a), len(b)) < 3 and min(za, zb) < 5.5:
            continue
        in_book = lex.count(a) >= 1 and lex.count(b) >= 1
        if za + zb < p.glued_sum_zipf and not in_book:
            continue
        best.append(
            (za + zb + (1.0 if in_book else 0.0), a, b, {"zipf": [za, zb], "in_book": in_book})
        )
    if not best:
        return None
    best.sort(key=lambda x: (-x[0], x[1]))
    if len(best) > 1 and best[0][0] - best[1][0] < 0.5:
        return None  # two splits nearly as good: not sure
    _, a, b, ev = best[0]
    return a, b, ev


def split_glued_words(
    text: str, lex: Lexicon, p: SpacingParams
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    changes = []
    out = text
    known = _attested_words(0.0)
    for m in reversed(list(LONG_WORD_RE.finditer(text))):
        start, end, word = m.start(), m.end(), m.group()
        if word.lower() in known or (start > 0 and text[start - 1] in APOS):
            continue
        res = split_glued(word, lex, p)
        if res:
            a, b, ev = res
            out = out[:start] + a + " " + b + out[end:]
            changes.append(("glued_word", word, f"{a} {b}", ev))
    changes.reverse()
    return out, changes


def split_glued_sentences(text: str, lex: Lexicon) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """``it.If`` → ``it. If`` when both sides are known words and the chunk is not a name.

    >>> split_glued_sentences("use it.If not, see example.com or Node.js.", Lexicon([]))[0]
    'use it. If not, see example.com or Node.js.'
    """
    changes = []

    def sub(m: regex.Match) -> str:
        chunk_start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        ends = [i for i in (text.find(" ", m.end()), text.find("\n", m.end())) if i >= 0]
        chunk = text[chunk_start : min(ends) if ends else len(text)]
        if regex.search(r"[/@_()=\d]|\.\w+\.\w", chunk):
            return m.group()
        left, right = m.group(1), m.group(3)
        known = lambda w: _z(w) >= 3.0 or lex.count(w) >= 2  # noqa: E731
        if not (known(left) and known(right)):
            return m.group()
        new = f"{left}{m.group(2)} {right}"
        changes.append(("glued_sentence", m.group(), new, {"zipf": [_z(left), _z(right)]}))
        return new

    out = GLUED_SENTENCE_RE.sub(sub, text)
    return out, changes


@register("fix_spacing", version=1, params=SpacingParams)
def run(book: Book, p: SpacingParams, log: StageLog) -> Book:
    """Fix split words, spaced punctuation and apostrophes, glued words and sentences."""
    lines = book.body_lines()
    code = code_line_flags(lines)
    lex = Lexicon(line.text for line, c in zip(lines, code, strict=True) if not c)
    rules = []
    if p.split_glued_sentences:
        rules.append(lambda t: split_glued_sentences(t, lex))
    if p.join_split_words:
        rules.append(lambda t: join_split_words(t, lex, p))
    if p.split_glued_words:
        rules.append(lambda t: split_glued_words(t, lex, p))
    new_pages = []
    pos = 0
    for page in book.pages:
        flags = code[pos : pos + len(page.lines)]
        pos += len(page.lines)
        out: list[Line] = []
        # Runs of prose lines are fixed as one text (no rule crosses a line break).
        for is_code, group in itertools.groupby(
            zip(page.lines, flags, strict=True), key=lambda x: x[1]
        ):
            run_lines = [line for line, _ in group]
            if is_code:
                out.extend(run_lines)
                continue
            text = "\n".join(line.text for line in run_lines)
            if p.fix_punctuation:
                text, changes = fix_punctuation(text)
                for rule, before, after in changes:
                    log.edit(rule, page.number, before, after)
            for func in rules:
                text, changes4 = func(text)
                for rule, before, after, ev in changes4:
                    log.edit(rule, page.number, before, after, **ev)
            new_texts = text.split("\n")
            assert len(new_texts) == len(run_lines), "a spacing rule crossed a line break"
            out.extend(
                line if new == line.text else replace(line, text=new)
                for line, new in zip(run_lines, new_texts, strict=True)
            )
        new_pages.append(Page(page.number, tuple(out), page.label))
    return replace(book, pages=tuple(new_pages))
