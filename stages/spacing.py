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
- ``spaced_hyphen``: ``con- figuration`` → ``configuration``, ``well- known`` → ``well-known``
  (a converter's leftover of a line-end hyphen, decided like one).

Code lines and protected tokens (URLs, e-mail addresses, paths, identifiers, numbers,
versions, camelCase) are never changed.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

import regex

from pipeline.document import Book, Line, Page
from pipeline.registry import StageLog, register, warmer
from stages.hyphens import COMMON_JOINED, SUSPENDED_NEXT, hyphen_decision
from stages.lexicon import (
    SUFFIXES,
    Decided,
    Lexicon,
    cached_zipf,
    inflection_stems,
    letter_runs,
    split_letters,
)
from stages.resegment import (
    DETERMINERS,
    GLUED_MARK,
    SOLID_MARK,
    english_split,
    foreign_around,
    keep_parts,
    letter_parts,
    marked_words,
    move_spaces,
    moved_space_heads,
    no_word_after,
    respliced,
    shared_scan,
    split_glue_runs,
    split_long_runs,
)
from stages.shapes import code_line_flags

APOS = "’'"
SPACE_BEFORE_SUFFIX_RE = regex.compile(r"(?<=\p{L})[ \t]+([’'])(?=(?:s|re|ve|ll|d|t|m)\b(?![’']))")
SPACE_AFTER_APOS_RE = regex.compile(r"(?<=\p{L}[’'])[ \t]+(?=(?:s|t|re|ve|ll|d|m)\b(?![’'\p{L}]))")
# "the keepers ’ families": a plural possessive with a space before its apostrophe
PLURAL_POSSESSIVE_RE = regex.compile(r"(?<=\p{Ll}s)[ \t]+(’)(?=[ \t]+\p{Ll})")
# A ? or ! standing between words before a lower-case word is a symbol ("the ? operator"),
# and so is any mark inside an open brace ("{an : n ∈ N}").
_SPACED_PUNCT = (
    r"(?m)(?<=[\p{L}\p{N}%)\]”’\"])[ \t]+"
    r"([,;:]|[!?](?![ \t]+\p{Ll})|\.(?![ \t]?\.))(?=[ \t]|$|[”’\")\]])"
)
SPACED_PUNCT_RE = regex.compile(_SPACED_PUNCT + r"(?<!\{[^{}\n]*)")
# The same for a text without a brace: the brace test looks back to the line start.
SPACED_PUNCT_BRACELESS_RE = regex.compile(_SPACED_PUNCT)
# "has n’t": a contraction split before its n’t
SPLIT_NT_RE = regex.compile(
    r"(?i)\b(has|have|had|is|are|was|were|do|does|did|could|would|should|must|might|need|"
    r"ca|wo|sha|ai)[ \t]+(n[’']t)\b"
)
STANDALONE_MARK_RE = regex.compile(r"(?<=\p{L}[ \t])([!?])(?=[ \t]+\p{Ll})")
SPACED_OPEN_RE = regex.compile(r"(?m)(?<=(?:^|[ \t])[(\[])[ \t]+(?=[\p{L}\p{N}])")
SPACED_CLOSE_RE = regex.compile(r"(?m)(?<=[\p{L}\p{N}.])[ \t]+(?=[)\]](?:[ \t]|$|[.,;:!?]))")
ACRONYM_PLURAL_RE = regex.compile(r"\b(\p{Lu}{2,})[ \t]s\b(?![’'\p{L}])")
GLUED_STOP_RE = regex.compile(r"(?<=\p{Ll})[.!?](?=\p{Lu})")
LOWER_RUN_BEFORE_RE = regex.compile(r"(?r)\p{Ll}+")
GLUED_SENTENCE_RE = regex.compile(
    r"\b(\p{Ll}{2,}|\p{Lu}\p{Ll}+(?=[!?]))([.!?])(\p{Lu}\p{Ll}+\b|[AI](?=[ \t]+\p{Ll}|[ \t]*$))"
)
SINGLE_LETTER_WORDS = {"a", "i"}
LIGATURE_LETTERS = frozenset({"fi", "fl", "ff", "ffi", "ffl"})
# Function words: a token English knows ("thesame") splits only around one of these.
GLUE_WORDS = frozenset(
    "a an the of to in on at by for with from as is are was were be been it its this that "
    "these those and or but nor not no so if than then there their they we you he she his "
    "her our your my me us them how what which who whom whose when where why all any each "
    "many much more most some such can could will would shall should may might must do does "
    "did has have had".split()
)
# Two-letter words of English prose, and of the Latin and French phrases it borrows
# (de facto, en route, ad hoc, et al.): any other two lower-case letters are no word.
TWO_LETTER_WORDS = frozenset(
    "ad ah am an as at aw be by do eh en go ha he hi ho id if in is it lo ma me mr ms my no "
    "of oh ok on or ow ox pa pi so to uh um up us we ye yo "
    "de la le el et du da di au ex vs st dr".split()
)
NAME_CHUNK_RE = regex.compile(r"[/@_()=\d]|\.\w+\.\w")


@dataclass(frozen=True)
class SpacingParams:
    fix_punctuation: bool = True
    join_split_words: bool = True
    split_glued_words: bool = True
    split_glued_sentences: bool = True
    word_zipf: float = 3.0
    trap_zipf: float = 4.0
    pair_margin: float = 3.0
    joined_zipf: float = 2.0
    rare_joined_zipf: float = 1.5
    glued_min_length: int = 5
    glued_part_zipf: float = 3.0
    glued_sum_zipf: float = 8.0
    glued_pair_margin: float = 2.5
    glued_rare_zipf: float = 2.0
    glued_book_pair_zipf: float = 2.5
    DOCS: ClassVar[dict[str, str]] = {
        "fix_punctuation": "remove spaces before , . ; : ! ? and inside contractions",
        "join_split_words": "join words split by kerning gaps (ar guments)",
        "split_glued_words": "split words glued at a lost space (ongoingjudgement)",
        "split_glued_sentences": "put the space back after a sentence end (it.If)",
        "word_zipf": "a fragment at least this frequent (wordfreq zipf) is a word of its own",
        "trap_zipf": "when both fragments are at least this frequent, never join (a way, in to)",
        "pair_margin": "below that, join two words when the joined word is this many zipf points "
        "more frequent than the two side by side (temper ate)",
        "joined_zipf": "a joined form at least this frequent is attested without book evidence "
        "when a fragment is a function word (a lar, nh is)",
        "rare_joined_zipf": "the same when no fragment is a function word (car amelize)",
        "glued_min_length": "shorter tokens split only into two function words (ofa, isto)",
        "glued_part_zipf": "each part of a glued split must be at least this frequent",
        "glued_sum_zipf": "the parts' zipf sum needed when the book does not attest both parts",
        "glued_rare_zipf": "a part beside a function word may be this rare (dropletand)",
        "glued_pair_margin": "a token English knows splits around a function word only when "
        "its two words side by side are this many zipf points more likely than the token",
        "glued_book_pair_zipf": "a token English knows at most this often splits anyway when the "
        "book writes its two words apart twice or more and the token nowhere else (suchas)",
    }


_z = cached_zipf  # one cache for every spacing pass (stages/resegment.py too)


def fragment_zipf(frag: str) -> float:
    """Zipf of a fragment as a word on its own: lone letters other than a/I and lower-case
    fragments without a vowel (``fr``, ``tr``: abbreviations to a word list) are not words.

    The letters of a ligature glyph (``fi``, ``fl``, ``ffi``) standing alone are the
    classic split after a ligature (``fi le``), no word.

    >>> fragment_zipf("x"), fragment_zipf("fr"), fragment_zipf("AWS") > 0, fragment_zipf("a") > 7
    (0.0, 0.0, True, True)
    >>> fragment_zipf("fi"), fragment_zipf("ffl")
    (0.0, 0.0)
    """
    if len(frag) == 1 and frag.lower() not in SINGLE_LETTER_WORDS:
        return 0.0
    if frag in LIGATURE_LETTERS:
        return 0.0
    if not frag.isupper() and not has_vowel(frag):
        return 0.0
    return _z(frag)


# Common French words that English text hardly uses on their own: a line holding two of
# them is French, whose typography sets a space before ! ? : ; (« Salut Camille ! »).
FRENCH_WORDS = frozenset(
    "à au aux avec ce ces cet cette c’est c'est dans des du elle elles est être ils je "
    "leur leurs les le la et mais moi nous où pas qu’il qu'il que qui sont toi très tu une "
    "vous j’ai j'ai il votre notre sans chez alors ont était sommes suis êtes avez avons mon "
    "ma mes ton ta tes ses cette après déjà aussi bien peu puis encore toujours jamais rien "
    "ça ici voilà oui merci bonjour salut".split()
)
FRENCH_MARKS = frozenset("!?:;")
WORD_RE = regex.compile(r"[\p{L}’']+")


def french_line(line: str) -> bool:
    """Does *line* read as French (two of `FRENCH_WORDS` in it)?

    >>> french_line("Rachid : Salut Camille ! Alors, ce week-end à Nantes"), french_line(
    ...     "the money : yes, à propos of it")
    (True, False)
    """
    found = {w for w in map(str.lower, WORD_RE.findall(line)) if w in FRENCH_WORDS}
    return len(found) >= 2


def fix_punctuation(text: str, symbols: str = "") -> tuple[str, list[tuple[str, str, str]]]:
    """Mechanical spacing fixes; return (text, [(rule, before, after)]). The marks in
    *symbols* are symbols of the book (`symbol_marks`): a space before them stays.

    >>> fix_punctuation("the provider ’s money , and it doesn’ t stop .")[0]
    'the provider’s money, and it doesn’t stop.'
    >>> fix_punctuation("wait . . . then term . . . . 26, and .5 more")[0]
    'wait . . . then term . . . . 26, and .5 more'
    >>> fix_punctuation("( NACL s) and you ’re here : yes, the keepers ’ families")[0]
    '(NACLs) and you’re here: yes, the keepers’ families'
    >>> fix_punctuation("it has n’t; the ? operator; {an : n ∈ N}; Why ? Because")[0]
    'it hasn’t; the ? operator; {an : n ∈ N}; Why? Because'
    >>> fix_punctuation("Errors with ?", symbols="?")[0]
    'Errors with ?'
    >>> fix_punctuation("Rachid : Les machines de l’île ? Qu’est-ce que c’est ?")[0]
    'Rachid : Les machines de l’île ? Qu’est-ce que c’est ?'
    """
    changes: list[tuple[str, str, str]] = []

    def substitute(pattern: regex.Pattern, repl: str, rule: str, s: str, lead: str) -> str:
        def sub(m: regex.Match) -> str:
            mark = m.group().strip()
            if symbols and mark in symbols:
                return m.group()
            if rule == "spaced_punct" and mark in FRENCH_MARKS:
                # the mark's line and one line either side (a sentence wraps)
                start = s.rfind("\n", 0, max(0, s.rfind("\n", 0, m.start()))) + 1
                end = s.find("\n", m.end())
                end = s.find("\n", end + 1) if end >= 0 else -1
                if french_line(s[start : end if end >= 0 else len(s)]):
                    return m.group()  # French sets a space before its high marks
            new = m.expand(repl)
            # A short excerpt around the change, within its line.
            lo = max(0, m.start() - 12, s.rfind("\n", 0, m.start()) + 1)
            nl = s.find("\n", m.end())
            hi = min(len(s), m.end() + 4, nl if nl >= 0 else len(s))
            changes.append((rule, s[lo:hi], s[lo : m.start()] + new + s[m.end() : hi]))
            return new

        if lead == "text":
            return pattern.sub(sub, s)
        if lead == "line":
            return sub_in_lines(pattern, s, lines_with(s, needles), sub)
        # The match begins at the blanks just before (or after) a needle's mark: it is
        # tried there alone, not at every position of the lines holding one.
        return sub_at(pattern, s, blank_runs_at(s, needles, lead == "blanks before"), sub)

    for pattern, repl, rule, needles, lead in _PUNCT_RULES:
        if pattern is SPACED_PUNCT_RE and "{" not in text:
            pattern = SPACED_PUNCT_BRACELESS_RE
        # each rule needs one of its needles in the text
        if lead != "text" or any(n in text for n in needles):
            text = substitute(pattern, repl, rule, text, lead)
    return text, changes


def symbol_marks(texts: list[str]) -> str:
    """The marks (? !) a book uses as symbols: standing alone before a lower-case word at
    least twice ("the ? operator"); then a space before them stays everywhere ("with ?").

    >>> symbol_marks(["The ? operator returns early.", "Use ? sparingly; why ? because"])
    '?'
    """
    marked = (t for t in texts if "?" in t or "!" in t)  # most lines have neither
    found = Counter(m.group(1) for t in marked for m in STANDALONE_MARK_RE.finditer(t))
    return "".join(sorted(k for k, n in found.items() if n >= 2))


def lines_with(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (start, end) of each line of *text* that holds one of *needles*, in order.

    >>> lines_with("a ,b\\nno\\nc ;d ,", (" ,", " ;"))
    [(0, 4), (8, 14)]
    """
    finder = _needle_finder(needles)
    if finder is not None:  # one scan for all of them
        spans_found: list[tuple[int, int]] = []
        m = finder.search(text)
        while m:
            end = text.find("\n", m.start())
            if end < 0:
                end = len(text)
            spans_found.append((text.rfind("\n", 0, m.start()) + 1, end))
            m = finder.search(text, end)  # the next line holding one
        return spans_found
    spans: dict[int, int] = {}
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            if end < 0:
                end = len(text)
            spans[start] = end
            i = text.find(needle, end)  # the next line holding it
    return sorted(spans.items())


@lru_cache(maxsize=64)
def _needle_finder(needles: tuple[str, ...]) -> regex.Pattern | None:
    """For needles that are every string of one character from each of a few sets
    (`_pairs`; "has n’t"): a pattern matching inside each of their occurrences, led by a
    character that is no white space (common) but punctuation (rare). None for others.

    >>> _needle_finder(_pairs(" \t", ",;")).search("a b , c").start()
    4
    >>> _needle_finder(_pairs("([", " ")).search("x ( y").start(), _needle_finder((" ,",))
    (2, None)
    """
    if len(needles) < 2 or len(set(map(len, needles))) != 1 or len(needles[0]) < 2:
        return None
    if any("\n" in n for n in needles):
        return None
    sets = [{n[k] for n in needles} for k in range(len(needles[0]))]
    if set(needles) != set(map("".join, itertools.product(*sets))):
        return None
    classes = ["[" + "".join(map(regex.escape, sorted(cs))) + "]" for cs in sets]
    if not sets[-1] & {" ", "\t"}:
        return regex.compile(f"(?<={''.join(classes[:-1])}){classes[-1]}")
    if not sets[0] & {" ", "\t"}:
        return regex.compile(f"{classes[0]}(?={''.join(classes[1:])})")
    return None


def lines_matching(text: str, hint: regex.Pattern) -> list[tuple[int, int]]:
    """The (start, end) of each line of *text* where *hint* matches, in order (`lines_with`
    for a pattern).

    >>> lines_matching("a-b" + chr(10) + "no" + chr(10) + "c-d", regex.compile("[a-z]-[a-z]"))
    [(0, 3), (7, 10)]
    """
    spans: list[tuple[int, int]] = []
    m = hint.search(text)
    while m:
        end = text.find("\n", m.start())
        if end < 0:
            end = len(text)
        spans.append((text.rfind("\n", 0, m.start()) + 1, end))
        m = hint.search(text, end)
    return spans


def sub_in_lines(
    pattern: regex.Pattern,
    text: str,
    spans: list[tuple[int, int]],
    func: Callable[[regex.Match], str],
) -> str:
    """``pattern.sub(func, text)`` for a pattern whose matches never cross a line break and
    lie only in the lines *spans* (from `lines_with`): those lines alone are searched.
    Lookarounds still see the whole text, so the matches are the same.

    >>> sub_in_lines(regex.compile(r"(?<=a) b"), "a b\\na b", [(4, 7)], lambda m: "B")
    'a b\\naB'
    """
    pieces = [
        (m.start(), m.end(), func(m))
        for start, end in spans
        for m in pattern.finditer(text, start, end)
    ]
    return _splice(text, pieces) if pieces else text


def blank_runs_at(text: str, needles: tuple[str, ...], before: bool) -> list[int]:
    """Where the runs of blanks (spaces, tabs) just *before* (else just after) a mark of
    *needles* begin: the needles are each a blank and a mark (`_pairs`), blank first when
    *before*. In order, each once.

    The marks are found with ``str.find``: the work follows how often they occur (most are
    rare), not the length of the text.

    >>> t = "a  , b ; c ,"
    >>> blank_runs_at(t, _pairs(" \t", ",;"), True), blank_runs_at(t, _pairs(",;", " \t"), False)
    ([1, 6, 10], [4, 8])
    """
    marks = {n[-1] if before else n[0] for n in needles}
    starts: list[int] = []
    for mark in marks:
        i = text.find(mark)
        while i >= 0:
            if before:
                j = i
                while j and text[j - 1] in " \t":
                    j -= 1
                if j < i:
                    starts.append(j)
            elif text.startswith((" ", "\t"), i + 1):
                starts.append(i + 1)
            i = text.find(mark, i + 1)
    starts.sort()
    return starts


def sub_at(
    pattern: regex.Pattern, text: str, starts: list[int], func: Callable[[regex.Match], str]
) -> str:
    """``pattern.sub(func, text)`` for a pattern whose matches never cross a line break and
    can begin only at one of *starts* (in order): it is tried there alone, searching up
    to the end of the line as `sub_in_lines` does, so the matches are the same.

    >>> sub_at(regex.compile(r"(?<=a) +b"), "a  b a b", [1, 6], lambda m: "B")
    'aB aB'
    """
    pieces: list[tuple[int, int, str]] = []
    last = 0
    for start in starts:
        if start < last:
            continue  # inside the match before, where a scan would not look
        end = text.find("\n", start)
        m = pattern.match(text, start, end if end >= 0 else len(text))
        if m:
            pieces.append((start, m.end(), func(m)))
            last = m.end()
    return _splice(text, pieces) if pieces else text


def _pairs(firsts: str, seconds: str) -> tuple[str, ...]:
    return tuple(a + b for a in firsts for b in seconds)


# Every "has n’t" holds a space or tab, an n and an apostrophe (" n" alone is in every line).
_SPLIT_NT_NEEDLES = tuple(a + b for a in _pairs(" \t", "nN") for b in APOS)

# (pattern, replacement, rule, the strings (two or three characters) one of which every
# match holds, where the matches are looked for: "blanks before" / "blanks after" a mark
# when every match begins at the run of blanks just before / after one of the needles'
# marks; "line" in the lines holding a needle; "text" in the whole text: not for " s",
# which nearly every line has)
_PUNCT_RULES = (
    (SPACE_BEFORE_SUFFIX_RE, r"\1", "spaced_apostrophe", _pairs(" \t", APOS), "blanks before"),
    (SPACE_AFTER_APOS_RE, "", "spaced_apostrophe", _pairs(APOS, " \t"), "blanks after"),
    (PLURAL_POSSESSIVE_RE, r"\1", "spaced_apostrophe", _pairs(" \t", "’"), "blanks before"),
    (SPACED_PUNCT_RE, r"\1", "spaced_punct", _pairs(" \t", ",;:!?."), "blanks before"),
    (SPLIT_NT_RE, r"\1\2", "spaced_apostrophe", _SPLIT_NT_NEEDLES, "line"),
    (SPACED_OPEN_RE, "", "spaced_bracket", _pairs("([", " \t"), "blanks after"),
    (SPACED_CLOSE_RE, "", "spaced_bracket", _pairs(" \t", ")]"), "blanks before"),
    (ACRONYM_PLURAL_RE, r"\1s", "acronym_plural", _pairs(" \t", "s"), "text"),
)


def join_decision(
    frags: list[str], lex: Lexicon, p: SpacingParams, sentence_start: bool = False
) -> tuple[str, dict]:
    """Decide whether fragments are one word split by extraction.

    Returns ("join" | "keep" | "doubt", evidence). The evidence: the joined form's count in
    the book and its English frequency; each fragment's frequency as a word of its own
    (a suffix such as ``ed`` or ``ing`` after another fragment is no word of its own).
    A joined form English does not know needs the book to use it twice: once could be
    the same two words glued by a lost space elsewhere. A lone capital before a word
    (``T he``) joins only at the start of a sentence (``transaction B locks`` stays).

    >>> lx = Lexicon(["the arguments and the offer, away from here"])
    >>> [join_decision(f, lx, SpacingParams(), sentence_start=True)[0] for f in
    ...  (["ar", "guments"], ["of", "fer"], ["a", "way"], ["in", "to"], ["Y", "ou"], ["a", "x"],
    ...   ["cover", "ed"], ["F", "ahrenheit"], ["r", "ather"], ["x", "ij"], ["hav", "e"],
    ...   ["vitamin", "e"])]
    ['join', 'join', 'doubt', 'keep', 'join', 'keep', 'join', 'join', 'join', 'keep', 'join', 'keep']
    >>> lx = Lexicon(["The Whimbrel calls; a Whimbrel flies."])
    >>> join_decision(["Whim", "brels"], lx, SpacingParams())[0]
    'join'
    >>> join_decision(["mart", "in"], Lexicon(["the auction mart in 1937"]), SpacingParams())[0]
    'keep'
    >>> join_decision(["Barro", "w"], Lexicon(["Barrow and Barrow; by Barro w"]), SpacingParams())[0]
    'join'
    >>> ul = Lexicon(["ul mor ta. ta vel ul. ul ta sen; ta ul ta, ul ven ta."])
    >>> join_decision(["ul", "ta"], ul, SpacingParams())[0]
    'keep'
    """
    joined = "".join(frags)
    lower = joined.lower()
    book = lex.count(lower)
    zj = _z(lower)
    evidence = {"joined": joined, "book_count": book, "zipf": zj}
    if book == 0:
        book = _stem_count(lower, lex)
        if book:
            evidence["book_stem_count"] = book
    book_ok = book >= 2 or (book >= 1 and zj > 0)
    if frags[0].lower() in GLUE_WORDS:
        # "The dif", "a lar": the book's "Thedif", "alar" are lost spaces, not its words.
        book_ok = False
        if zj < p.joined_zipf:
            return "keep", evidence
    glue = any(f.lower() in GLUE_WORDS for f in frags)
    if not book_ok and zj < (p.joined_zipf if glue else p.rare_joined_zipf):
        return "keep", evidence
    zs = [
        fragment_zipf(f) if i == 0 or f.lower() not in SUFFIXES else 0.0
        for i, f in enumerate(frags)
    ]
    evidence["fragment_zipf"] = zs
    words = [z >= p.word_zipf for z in zs]
    if all(words):
        if _stray_fragment(frags, lex) and zj >= p.word_zipf:
            # "al ways", "un pack": a short fragment English counts as a word (names,
            # French, "et al."), but the book never writes it except here.
            evidence["stray_fragment"] = True
            return "join", evidence
        if min(zs) >= p.trap_zipf:
            return ("doubt" if _doubt_worthy(frags, book, zj, p) else "keep"), evidence
        if len(frags) == 2 and book == 0:
            # both words written on their own elsewhere in the book, three times or more
            # each, and the joined form never: the book's own words (a second language's
            # "ul ta" beside the English), no split
            together = lex.apart(frags[0].lower(), frags[1].lower())
            alone = [lex.count(f.lower()) - together for f in frags]
            if min(alone) >= 3:
                evidence["alone"] = alone
                return "keep", evidence
        if not book_ok and frags[-1].lower() in GLUE_WORDS and frags[0].lower() not in GLUE_WORDS:
            # a word and a function word the book never writes together: "auction mart
            # in 1937" is no "martin" (English's "martin" is mostly a name's)
            return "keep", evidence
        # Two rarer words: join when English writes the joined word far more often than
        # the two side by side ("temper ate", "jar gon"; not "table cloth").
        pair = sum(zs) - 9.0 * (len(zs) - 1)
        # (the joined word common enough itself: "rib cage" stays, its "ribcage" is rare;
        # and two common words stay apart when their joined form is far rarer than either:
        # "honey bees" is an open compound, not a split "honeybees")
        open_compound = min(zs) >= 3.5 and zj < min(zs) - 1.0
        ok = (
            book_ok
            or zj >= min(zs) + 0.5
            or (zj - pair >= p.pair_margin and zj >= 2.5 and not open_compound)
        )
        return ("join" if ok else "keep"), evidence
    if (
        len(frags) == 2
        and words[1]
        and len(frags[0]) >= 2
        and not frags[0].islower()  # "Gt", "Hz", "kWh"; "fr action" is a kerned split
        and not has_vowel(frags[0])
        and lex.count(frags[0]) >= 3
        and book == 0
        and zj < 4.0
    ):
        # "80 Gt a year": an abbreviation the book writes on its own (a unit: Gt, Hz, Mb)
        # before a word, not the head of a rarer word the book never writes ("Gta").
        evidence["abbreviation_count"] = lex.count(frags[0])
        return "keep", evidence
    if (
        len(frags) == 2
        and len(frags[0]) <= 4
        and frags[0].islower()
        and book == 0
        and zj < 4.0
        and lex.after_number(frags[0]) >= 2
    ):
        # "over st st on", "cast on 1 st over": a unit or abbreviation the book writes
        # after numbers ("1 st", "8-st") before a word, not the head of a rarer word.
        evidence["after_number"] = lex.after_number(frags[0])
        return "keep", evidence
    # A lone lower-case letter that is not a word (x, n) joins only on strong evidence:
    # "a x" is a variable. A lone capital before lower case ("Y ou", "F ahrenheit") is the
    # classic kerning split.
    # (Three or four fragments were already checked: no lone letter first, a common word.)
    lone = [f for f, w in zip(frags, words, strict=True) if not w and len(f) == 1]
    if len(frags) > 2:
        lone = []
    jargon = zj == 0 and book >= 2  # a word of the book's own that English does not know
    if (
        len(frags) == 2
        and len(frags[0]) == 1
        and frags[0].isupper()
        and len(frags[1]) >= 2
        and frags[1].isupper()
    ):
        # "T HE HOUSE", "N ELL.": a split in capitals (a drop cap, small capitals). It
        # joins into a common word, or a word the book writes in capitals; never after a
        # capital that is a word itself ("A WAY", "I AM").
        capitals = lex.upper_forms.get(lower, 0)
        evidence["book_capitals"] = capitals
        if frags[0] in "AIO":
            return ("join" if capitals >= 2 else "keep"), evidence
        # (a name the book writes in capitals once more joins when the capitals after the
        # initial are no word: "Q UAYLE." beside "MR QUAYLE")
        ok = zj >= 4.0 or capitals >= 2 or (capitals >= 1 and not words[1])
        return ("join" if ok else "keep"), evidence
    if lone and not jargon:
        capital_start = (
            len(frags[0]) == 1 and frags[0].isupper() and frags[1].islower()
        )  # "Y ou", "F ahrenheit", "I t"
        ligature_start = (
            len(frags) == 2 and frags[0] == "f" and (not words[1] or zj > zs[1])
        )  # "f ile", "f irst": a split after the f of an fi/fl ligature
        if ligature_start and zj >= 3.0:
            return "join", evidence
        lower_start = (
            len(frags) == 2 and frags[0].islower() and not words[1] and len(frags[1]) >= 2
        )  # "r ather", "r ange": a kerned pair after a lower-case letter, no word either side
        if lower_start and frags[1].islower() and zj >= 3.0:
            return "join", evidence
        lower_end = (
            len(frags) == 2
            and len(frags[1]) == 1
            and frags[1].islower()
            and len(frags[0]) >= 3
            and not words[0]
        )  # "hav e", "gav e": a kerned v and e, the first part no word either
        if lower_end and (zj >= 4.0 or book >= 2):
            # (or a word the book writes whole twice at least: a name, "Barro w")
            return "join", evidence
        if not capital_start or zj < (2.5 if frags[0] in lone else 4.5):
            return "keep", evidence  # "a x", "a p-value": a variable or a label
        if words[1] and not (sentence_start and zj >= zs[1]):
            return "keep", evidence  # "transaction B locks", "R and": a name before a word
    if frags[-1].lower() in SUFFIXES and words[0] and not jargon and zj < zs[0] - 2.0:
        return "keep", evidence  # "with er": a rare joined form from a word and an ending
    return "join", evidence


def _stem_count(lower: str, lex: Lexicon) -> int:
    """The book's count of the singular (or plural) of *lower* where it uses that twice or
    more: "Whim brels" beside the book's "Whimbrel" joins as the book's word.

    >>> _stem_count("whimbrels", Lexicon(["Whimbrel, a Whimbrel"])), _stem_count("cats", Lexicon(["cat"]))
    (2, 0)
    """
    if len(lower) < 5:
        return 0
    stem = lex.count(lower[:-1]) if lower.endswith("s") else lex.count(lower + "s")
    return stem if stem >= 2 else 0


def _stray_fragment(frags: list[str], lex: Lexicon) -> bool:
    """Is one of two lower-case fragments two letters that English does not write as a
    word of its own (``al ways``, ``un pack``; not ``up``, ``ad``, ``de``: see
    `TWO_LETTER_WORDS`), and that the book uses nowhere else (its one count is this
    occurrence)? Word lists count such pairs as words (names, "et al.", "UN")."""
    if len(frags) != 2 or not all(f.islower() for f in frags):
        return False
    return any(len(f) == 2 and f not in TWO_LETTER_WORDS and lex.count(f) <= 1 for f in frags)


def _doubt_worthy(
    frags: list[str] | tuple[str, ...], book: int, zj: float, p: SpacingParams
) -> bool:
    """Two words kept apart whose joined form the book uses too ("a way" and "away"): a
    doubt worth logging when the joined form is an English word, or a word the book uses
    twice or more that no function word begins or ends ("into a", "and the", "number of" next to
    the book's glued "intoa", "andthe", "numberof" are no doubt).
    """
    if book == 0:
        return False
    if zj >= p.word_zipf:
        return True
    return book >= 2 and frags[0].lower() not in GLUE_WORDS and frags[-1].lower() not in GLUE_WORDS


def case_ok(frags: list[str]) -> bool:
    """Fragments of one word: later fragments lower case, or all of them capitals (A WS)."""
    rest = frags[1:]
    if all(f.islower() for f in rest):
        return True
    return all(f.isupper() for f in frags)


# Bare words: not inside a protected token (no digits, _, /, @, inner dots or apostrophes
# next to them), standing alone in their chunk apart from leading/trailing punctuation.
VOWEL_RE = regex.compile(r"(?i)[aeiouy]|[^\x00-\x7f]")  # any non-ASCII letter counts
_VOWELS = frozenset("aeiouyAEIOUY")


def has_vowel(s: str) -> bool:
    """``VOWEL_RE.search(s)``, without the cost of a regex call (the passes ask it of
    thousands of fragments).

    >>> [has_vowel(s) == bool(VOWEL_RE.search(s)) for s in ["tv", "TV", "sky", "café", "", "BcD"]]
    [True, True, True, True, True, True]
    """
    return not s.isascii() or not _VOWELS.isdisjoint(s)


# What may stand before and after a word that split_glued_words considers.
_LONG_OPENERS = frozenset('([“‘"')
_LONG_CLOSERS = frozenset(")]”’\"',.;:!?")


def _camel(word: str) -> bool:
    return len(word) > 1 and not word[1:].islower() and not word.isupper()


LETTERS_SPLIT_RE = regex.compile(r"(\p{L}+)")
# After a blank line (and its indentation): a paragraph, so a sentence, begins.
PARAGRAPH_START_RE = regex.compile(r"\n[ \t]*\n[ \t]*\Z")
_OPENERS = frozenset('([“‘"-')
_CLOSERS = frozenset(")]”’\"',.;:!?-")


def _split_candidates(
    text: str, lex: Lexicon, p: SpacingParams, parts: list[str] | None = None
) -> list[tuple[int, int, list[str], str, int, int]]:
    """Runs of 4, 3 and 2 letter-only fragments, one space apart, standing alone (at a line
    edge, or next to white space or punctuation), whose joined form the book or English
    knows; or whose first fragment is a function word glued to a known word (``Thedif
    ference``). Each as (start, end, fragments, glued function word or "", index of the
    first and of the last fragment among the words of *parts*).

    One tokenisation of the text (*parts*, ``LETTERS_SPLIT_RE.split(text)``, when the caller
    has it), then list passes: most of the work runs in C.

    >>> _split_candidates("ar guments x-ar guments", Lexicon(["arguments"]), SpacingParams())
    [(0, 10, ['ar', 'guments'], '', 0, 1), (13, 23, ['ar', 'guments'], '', 3, 4)]
    """
    if parts is None:
        parts = LETTERS_SPLIT_RE.split(text)  # [gap, word, gap, word, ..., gap]
    words = parts[1::2]
    if len(words) < 2:
        return []
    joinable = _joinable_forms(lex, p)  # joinable_words(p) and the book's words
    gaps = parts[::2]  # gaps[i] comes before words[i]; only the outer two can be empty
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    # One lower-case string per distinct word: its hash is worked out once, not for
    # every occurrence, in the look-ups that follow.
    lows = list(map(lex.decided("lower", str.lower).__getitem__, words))
    n = len(words)
    weak, fronts = _weak_and_front(lows, lex, p)

    # May a run begin after a gap / end before it? Decided once per distinct gap (", ").
    opens = lex.decided("gap_opens", lambda g: not g or g[-1] in _OPENERS or g[-1].isspace())
    closes = lex.decided("gap_closes", lambda g: not g or g[0] in _CLOSERS or g[0].isspace())

    out: list[tuple[int, int, list[str], str, int, int]] = []
    # keyed by the fragments in lower case joined by spaces (strings: no tuples to collect)
    never_memo = lex.decided(
        ("never_joined", p), lambda key: _never_joined(tuple(key.split(" ")), lex, p)
    )
    pairs = list(map(operator.add, lows, itertools.islice(lows, 1, None)))
    # Runs of three or four fragments need one that is no word of its own ("sig nifi
    # cant"): only the windows around such a fragment are looked at. They join only into a
    # common word (zipf 3.5 and up): their first two must begin one.
    prefixes = _common_prefixes()
    near = list(filter(range(n - 2).__contains__, _window_starts(weak, 4)))
    begins = set(itertools.compress(near, map(prefixes.__contains__, map(pairs.__getitem__, near))))
    for k in (4, 3, 2):
        checked: set[int] = set()  # windows known to be joinable and not kept in any case
        if k == 2:
            checked = _joinable_pairs(pairs, lows, joinable, never_memo)
            starts = checked.union(i for i in fronts if i < n - 1)
            windows = [(i, pairs[i]) for i in sorted(starts)]
        else:
            # the windows holding a weak fragment, whose first two fragments begin a word
            # (every one of begins holds a weak fragment among its first four)
            if k == 4:
                starts = {i for i in begins if i <= n - 4 and pairs[i] + lows[i + 2] in prefixes}
            else:
                starts = {i for i in begins if i in weak or i + 1 in weak or i + 2 in weak}
                starts |= _weak_triples(weak, lows, n)
            starts.update(i for i in fronts if i <= n - k)
            windows = [(i, "".join(lows[i : i + k])) for i in sorted(starts)]
        for i, joined in windows:
            last = i + k - 1
            hit = i in checked or joined in joinable
            if hit and i not in checked:
                if never_memo[" ".join(lows[i : last + 1])]:
                    continue  # the fragments of "in to", "is a part": kept in every case
            elif not hit and i not in fronts:
                continue
            if not (
                opens[gaps[i]]
                and closes[gaps[last + 1]]
                and gaps[i + 1 : last + 1].count(" ") == k - 1
            ):
                continue
            frags = words[i : i + k]
            start, end = offsets[2 * i + 1], offsets[2 * last + 2]
            if hit:
                out.append((start, end, frags, "", i, last))
                continue
            glue = _glued_function_word(frags[0], joined)
            rest = joined[len(glue) :]
            if glue and rest in joinable:
                g = len(glue)
                out.append((start + g, end, [frags[0][g:], *frags[1:]], frags[0][:g], i, last))
    return out


_WEAK, _FRONT = 1, 2


def _weak_and_front(lows: list[str], lex: Lexicon, p: SpacingParams) -> tuple[set[int], set[int]]:
    """The indices of *lows* that are no word of their own (`fragment_zipf` under
    ``word_zipf``), and of those that may be a function word glued to the front of a split
    word (`_glue_front`). Decided once per distinct word and book; one pass over the words
    finds the few with either (the fronts are rare words: nearly always weak too).
    """
    memo = lex.decided(
        ("split_kinds", p.word_zipf),
        lambda w: (fragment_zipf(w) < p.word_zipf and _WEAK) | (_glue_front(w) and _FRONT),
    )
    marked = list(itertools.compress(range(len(lows)), map(memo.__getitem__, lows)))
    kinds = list(map(memo.__getitem__, map(lows.__getitem__, marked)))
    weak = set(itertools.compress(marked, map(_WEAK.__and__, kinds)))
    fronts = set(itertools.compress(marked, map(_FRONT.__and__, kinds)))
    return weak, fronts


def _weak_triples(weak: set[int], lows: list[str], n: int) -> set[int]:
    """Starts of three-fragment windows whose middle fragment is no word of its own
    (``conf igur able``): a rarer word than the common-word path allows may join there
    (`_judge_fragments`). Fragments of one letter and function words stay out (``a b c``,
    ``in the able``).
    """

    def ok(frag: str) -> bool:
        return len(frag) >= 2 and frag not in GLUE_WORDS

    # one comprehension, indexing rather than slicing, each test only while the others hold
    return {
        w - 1 for w in weak if 0 < w < n - 1 and ok(lows[w]) and ok(lows[w - 1]) and ok(lows[w + 1])
    }


def _window_starts(items: set[int], k: int) -> set[int]:
    """The starts of the windows of *k* positions that hold one of *items* (some negative).

    >>> sorted(_window_starts({1, 5}, 3))
    [-1, 0, 1, 3, 4, 5]
    """
    out = set(items)
    for j in range(1, k):
        out.update(map((-j).__add__, items))
    return out


def _joinable_forms(lex: Lexicon, p: SpacingParams) -> frozenset[str]:
    """The forms two fragments may join into: ``joinable_words(p)`` and the book's words,
    as one set, built once per book. Every pair of words in a text is looked up in it
    (`_joinable_pairs`): one probe of one set costs about half of a probe of each."""
    key = ("joinable_forms", p)
    forms = lex.memo.get(key)
    if forms is None:
        # a plural or singular of a word the book uses twice counts as its word too
        # (`join_decision`: "Whim brels" beside "Whimbrel")
        stems = [w for w, c in lex.words.items() if c >= 2 and len(w) >= 4]  # _stem_count
        inflected = [w[:-1] if w.endswith("s") else w + "s" for w in stems]
        forms = lex.memo[key] = joinable_words(p).union(lex.words, inflected)
    return forms


def _joinable_pairs(
    pairs: list[str], lows: list[str], joinable: frozenset[str], never_memo: Decided
) -> set[int]:
    """The indices *i* whose pair ``lows[i], lows[i + 1]`` joins into a word the book or
    English knows (``pairs[i]`` in *joinable*, `_joinable_forms`), less those `_never_joined`
    keeps in any case (*never_memo*, keyed by the pair joined by a space): most of them ("of
    the", "such as"), sorted out by list passes rather than one by one.
    """
    order = list(itertools.compress(range(len(pairs)), map(joinable.__contains__, pairs)))
    if not order:
        return set()
    seconds = map(lows.__getitem__, map((1).__add__, order))
    keys = list(map(" ".join, zip(map(lows.__getitem__, order), seconds, strict=True)))
    return set(itertools.compress(order, map(operator.not_, map(never_memo.__getitem__, keys))))


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
    parts = split_letters(text)
    cands = _split_candidates(text, lex, p, parts)
    lead: dict[int, str] = {c[0]: c[3] for c in cands if c[3]}
    if not cands:
        keep_parts(text, parts, lex)
        return text, []
    cands.sort(key=lambda c: (c[0], -len(c[2])))
    starts = [c[0] for c in cands]
    changes: list[tuple[str, str, str, dict]] = []
    pieces: list[tuple[int, int, str]] = []
    # the first and last word of each piece, and where the first word starts
    joined_words: list[tuple[int, int, int]] = []
    taken_to = -1
    memo = lex.memo.setdefault(("join_split_words", p), {})
    for start, end, frags, _, first, last in cands:
        if start < taken_to:
            continue
        if start > 0 and text[start - 1] in APOS:
            continue  # the tail of a contraction (’s, ’t)
        head = text[max(0, start - 3) : start].rstrip()
        sentence_start = (
            not head
            or head[-1] in '.!?:“"‘('
            or (start == 0)
            or (
                text.find("\n", max(0, start - 40), start) >= 0  # cheap, and seldom true
                and PARAGRAPH_START_RE.search(text, max(0, start - 40), start) is not None
            )
        )
        key = (*frags, sentence_start)
        verdict = memo.get(key)
        if verdict is None:
            verdict = memo[key] = _judge_fragments(frags, lex, p, sentence_start)
        decision, evidence = verdict
        if decision == "skip":
            continue
        if evidence.get("stray_fragment") and text[end : end + 1] in ("-", "‐"):
            continue  # a prefix before its hyphen ("who re-|vises"), no stray fragment
        nxt = bisect.bisect_right(starts, start)
        if decision == "join" and nxt < len(starts) and starts[nxt] < end:
            # An overlapping join into a far more common word wins: "a stor age" is
            # "a storage", not "astor age"; "line ar ound" is "line around".
            other = _z("".join(cands[nxt][2]).lower())
            if evidence.get("stray_fragment") or other >= evidence.get("zipf", 0.0) + 1.0:
                continue
        glue = lead.get(start)
        if glue is not None and text[start - len(glue) : start] != glue:
            glue = None
        if glue is not None and LINE_END_HYPHEN_RE.search(
            text, max(0, start - len(glue) - 8), start - len(glue)
        ):
            continue  # the rest of a word hyphenated at the line end: "num-" / "bers a"
        before = " ".join(frags)
        if decision == "join" and glue is not None:
            new = " " + "".join(frags)
            pieces.append((start, end, new))
            joined_words.append((first, last, start - len(glue)))
            changes.append(("glued_and_split", glue + before, glue + new, evidence))
            taken_to = end
        elif decision == "join":
            pieces.append((start, end, "".join(frags)))
            joined_words.append((first, last, start))
            changes.append(("split_word", before, "".join(frags), evidence))
            taken_to = end
        elif decision == "doubt" and len(frags) == 2:
            changes.append(("split_word_kept", before, before, evidence))
    out = _splice(text, pieces)
    # split_glued_words, next, tokenises the new text: its parts follow from the old ones
    keep_parts(out, _spliced_parts(text, parts, pieces, joined_words), lex)
    return out, changes


def _spliced_parts(
    text: str,
    parts: list[str],
    pieces: list[tuple[int, int, str]],
    spans: list[tuple[int, int, int]],
) -> list[str]:
    """``LETTERS_SPLIT_RE.split(_splice(text, pieces))``, from *parts* (the split of *text*)
    and the first and last word each piece replaces, and where the first begins (the
    piece's start is in the first word, its end the end of the last). A piece's new text
    is letters (the joined fragments), after a space when the first word keeps a glued
    function word (``thedif ference``): no stretch needs splitting again.

    >>> t = "the ar guments, thedif ference"
    >>> parts = LETTERS_SPLIT_RE.split(t)
    >>> pieces = [(4, 14, "arguments"), (19, 30, " difference")]
    >>> _spliced_parts(t, parts, pieces, [(1, 2, 4), (3, 4, 16)])
    ['', 'the', ' ', 'arguments', ', ', 'the', ' ', 'difference', '']
    """
    out: list[str] = []
    done = 0  # parts[:done] are taken
    for (start, _, new), (first, last, word_start) in zip(pieces, spans, strict=True):
        out += parts[done : 2 * first + 1]
        if start > word_start:  # the glued function word stays as a word of its own
            out += [text[word_start:start], " ", new[1:]]
        else:
            out.append(new)
        done = 2 * last + 2
    out += parts[done:]
    return out


def _splice(text: str, pieces: list[tuple[int, int, str]]) -> str:
    """*text* with each (start, end, new) of *pieces* (in order, not overlapping) replaced.

    >>> _splice("ar guments and of fer", [(0, 10, "arguments"), (15, 21, "offer")])
    'arguments and offer'
    """
    out: list[str] = []
    last = 0
    for start, end, new in pieces:
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out)


def _never_joined(lows: tuple[str, ...], lex: Lexicon, p: SpacingParams) -> bool:
    """Fragments (in lower case) that `_judge_fragments` keeps in any case and position:
    runs of three or four that it skips by shape, and pairs of words of their own whose
    joined form the book never uses (``in to``). Lower case is the least word-like form of a
    fragment (``tv`` has no vowel, ``TV`` is an acronym), so the test is safe for every case.

    >>> lx = Lexicon(["into the arguments"])
    >>> [_never_joined(t, lx, SpacingParams()) for t in [("in", "to"), ("ar", "guments")]]
    [False, False]
    >>> _never_joined(("a", "way"), lx, SpacingParams())
    True
    """
    joined = "".join(lows)
    book, zj = lex.count(joined) or _stem_count(joined, lex), _z(joined)
    # join_decision's first exits, which look at nothing but the lower-case form
    book_ok = (book >= 2 or (book >= 1 and zj > 0)) and lows[0] not in GLUE_WORDS
    glue = any(f in GLUE_WORDS for f in lows)
    never = (lows[0] in GLUE_WORDS and zj < p.joined_zipf) or (
        not book_ok and zj < (p.joined_zipf if glue else p.rare_joined_zipf)
    )
    if len(lows) >= 3:
        least = _weak_middle_zipf(list(lows), lex, p) if len(lows) == 3 else 3.5
        never = never or (
            all(fragment_zipf(f) >= p.word_zipf for f in lows) or len(lows[0]) < 2 or zj < least
        )
    elif not never:
        zs = [fragment_zipf(f) if i == 0 or f not in SUFFIXES else 0.0 for i, f in enumerate(lows)]
        never = not _doubt_worthy(lows, book, zj, p) and min(zs) >= p.trap_zipf
        never = never and not (zj >= p.word_zipf and _stray_fragment(list(lows), lex))
    return never


def _judge_fragments(
    frags: list[str], lex: Lexicon, p: SpacingParams, sentence_start: bool
) -> tuple[str, dict]:
    """join_decision, after the checks on shape alone ("skip": not one word's fragments)."""
    if not case_ok(frags) or any(_camel(f) for f in frags):
        return "skip", {}
    # Three or four fragments: a common word, not starting with a lone letter; or, around
    # a middle fragment that is no word ("conf igur able"), a word English or the book knows.
    if len(frags) >= 3 and (
        all(fragment_zipf(f) >= p.word_zipf for f in frags)
        or len(frags[0]) < 2
        or _z("".join(frags)) < (_weak_middle_zipf(frags, lex, p) if len(frags) == 3 else 3.5)
    ):
        return "skip", {}
    return join_decision(frags, lex, p, sentence_start)


def _weak_middle_zipf(frags: list[str], lex: Lexicon, p: SpacingParams) -> float:
    """The English frequency a three-fragment join needs: 3.5, or ``joined_zipf`` (0 when
    the book writes the word twice) around a middle fragment that is no word."""
    if fragment_zipf(frags[1]) >= p.word_zipf or any(len(f) < 2 for f in frags):
        return 3.5
    return 0.0 if lex.count("".join(frags).lower()) >= 2 else p.joined_zipf


@lru_cache(maxsize=200_000)
def _glue_heads(low: str) -> tuple[str, ...]:
    """The function words that could be glued to the front of *low*, longest first, when
    *low* is no English word: "thedif" → ("the",), "alar" → ("a",)."""
    if len(low) < 3 or _z(low) >= 2.0:
        return ()
    return tuple(
        low[:k]
        for k in (4, 3, 2, 1)
        if low[:k] in GLUE_WORDS and len(low) - k >= 2 and (k > 1 or low[0] in "ai")
    )


@lru_cache(maxsize=200_000)
def _glue_front(low: str) -> bool:
    """Could *low* be a function word glued to the front of a split word (a cheap filter
    before `_glued_function_word`)?"""
    return bool(_glue_heads(low))


def _glued_function_word(first: str, joined: str) -> str:
    """The function word at the front of *first* when *first* is no English word.

    >>> _glued_function_word("Thedif", "thedifference"), _glued_function_word("alar", "alarge")
    ('the', 'a')
    >>> _glued_function_word("there", "theretry"), _glued_function_word("Adif", "adifferent")
    ('', 'a')
    """
    common = words_at_least(3.0)  # a set lookup first: the rest is seldom a word at all
    for head in _glue_heads(first.lower()):
        rest = joined[len(head) :]
        if rest in common and _z(rest) >= 3.0:
            return head
    return ""


@lru_cache(maxsize=1)
def _common_prefixes() -> frozenset[str]:
    """Every proper beginning (two letters or more) of an English word of zipf 3.5 or
    more (a little under, for rounding): what two split fragments must spell to be the
    start of a word of three or four fragments."""
    return frozenset(w[:k] for w in words_at_least(3.5) if w.isalpha() for k in range(2, len(w)))


def words_at_least(min_zipf: float) -> frozenset[str]:
    """English words whose rounded zipf (as `_z` gives it) can be *min_zipf* or more: a
    superset by a hundredth, so a set lookup never rules out what the rule would allow."""
    return _attested_words(round(min_zipf - 0.01, 2))


def joinable_words(p: SpacingParams) -> frozenset[str]:
    """Joined forms English attests well enough for `join_decision` to join at all."""
    return words_at_least(min(p.joined_zipf, p.rare_joined_zipf))


@lru_cache(maxsize=8)
def _attested_words(min_zipf: float) -> frozenset[str]:
    """English words at least *min_zipf* frequent (built once per threshold)."""
    from stages.lexicon import _freqs

    floor = 10 ** (min_zipf - 9)
    return frozenset(w for w, f in _freqs().items() if f >= floor)


def _inflection_known(token: str) -> bool:
    """Is *token* an inflected form of a word English knows (overcooks → overcook)?

    >>> [_inflection_known(t) for t in ["overcooks", "classes", "suchas", "reviewis", "gashas"]]
    [True, True, False, False, False]
    """
    return any(len(st) >= 4 and _z(st) >= 2.0 for st in inflection_stems(token))


# Prefixes that make words of words ("multiversion", "nonblocking"): a glued split never
# leaves one of them standing alone in front of a content word.
PREFIXES = frozenset(
    "multi inter intra over under non anti sub super micro macro auto semi co counter "
    "cross hyper meta mini mono out poly post pre pseudo re trans ultra un up de dis mis "
    "bi tri uni geo bio eco electro thermo hydro photo tele infra mid off self".split()
)
# Words that need a word after them: a split may not leave one before "and", "," or ".".
NEEDS_OBJECT = frozenset(
    "a an the of to in on at by for with from into as than its their our your my".split()
)
NOT_AN_OBJECT = frozenset("and or but nor".split())


@lru_cache(maxsize=200_000)
def _glue_edge(low: str) -> bool:
    """Does *low* start or end with a function word (a token worth a glued-split check
    even when English knows it: ``ofthe``, ``tothe``)?"""
    n = len(low)
    if _z(low) > 4.0:
        return False  # too common to be two glued words (they are at most about 4.0 together)
    return any(low[:k] in GLUE_WORDS or low[n - k :] in GLUE_WORDS for k in range(1, min(n, 6)))


def split_glued(
    token: str, lex: Lexicon, p: SpacingParams, object_follows: bool = True
) -> tuple[str, str, dict] | None:
    """Split a token into two words glued by a lost space, or None.

    Candidates: a token with no known stem that English hardly knows, or that is much
    rarer than its two words side by side. A split needs two attested words; a short part
    must be a very common word (``an``, ``to``). A token English knows at all splits only
    around a function word, when English writes it apart at least ``glued_pair_margin``
    orders of magnitude more often than together (``thesame``, ``ofthe``; never
    ``formatter``, ``whereof``). Two content words need the book to use one of them
    elsewhere, both when both are short (``clubroot`` stays); a prefix does not stand alone (``multiversion`` stays); a
    function word that needs a word after it is not left before ``and`` or punctuation
    (*object_follows* False: ``glutenin and`` stays). A capitalised token splits only
    when the book writes its first part in lower case too (``Heavydigging``, not
    ``Wilkesand``).

    >>> lx = Lexicon(["an ongoingjudgement", "a fair judgement", "thesame asmall"])
    >>> [split_glued(t, lx, SpacingParams()) and split_glued(t, lx, SpacingParams())[:2]
    ...  for t in ["ongoingjudgement", "isthe", "thesame", "asmall", "formatter",
    ...            "photosynthesis", "overcooks", "Presper", "whereof", "multiversion",
    ...            "specificcause", "clubroot"]]
    [('ongoing', 'judgement'), ('is', 'the'), ('the', 'same'), ('a', 'small'), None, None, None, None, None, None, ('specific', 'cause'), None]
    >>> split_glued("glutenin", Lexicon(["gluten in bread"]), SpacingParams(), object_follows=False)
    """
    return _pick_glued(token, _glued_splits(token, lex, p), lex, object_follows)


def _pick_glued(
    token: str, found: list[tuple], lex: Lexicon, object_follows: bool
) -> tuple[str, str, dict] | None:
    """`split_glued`'s choice among the splits `_glued_splits` *found*: those that leave a
    word needing an object before "and" or punctuation drop out (*object_follows* False),
    then the best, when clearly best and the token stands nowhere else in the book."""
    best = [x[:4] for x in found if object_follows or not x[4]]
    if not best:
        return None
    best.sort(key=lambda x: (-x[0], x[1]))
    if len(best) > 1 and best[0][0] - best[1][0] < 0.5:
        return None  # two splits nearly as good: not sure
    if lex.count(token) <= 1 and lex.occurrences(token) > 1:
        return None  # the token stands elsewhere in the book, inside a longer word
    _, a, b, ev = best[0]
    return a, b, ev


def _glued_splits(token: str, lex: Lexicon, p: SpacingParams) -> list[tuple]:
    """The splits of *token* that `split_glued` weighs, whatever follows the token: each
    as (score, a, b, evidence, whether *b* needs a word after it: `NEEDS_OBJECT`). Empty
    for a token that never splits, wherever it stands.
    """
    n = len(token)
    if n < 3:
        return []
    if not token[1:].islower() and CAMEL_GLUE_RE.match(token):  # (the cheap test first)
        return _camel_split(token, lex, p)
    if not (token.islower() or (token[0].isupper() and token[1:].islower())):
        return []
    zt = _z(token)
    if _inflection_known(token) or lex.inflects(token):
        return []
    # A token the book uses again is one of its words, unless it starts or ends with a
    # function word (the same lost space in a tight line: "ofthe", "weexpose").
    repeated = lex.count(token) > 1
    best: list[tuple[float, str, str, dict, bool]] = []
    # Each part must be a function word or a word English knows at the lower of the two
    # floors below: a set lookup first, the frequencies only for the splits that pass it.
    known = words_at_least(min(p.glued_part_zipf, p.glued_rare_zipf))
    for k in range(1, n):
        a, b = token[:k], token[k:]
        la, lb = a.lower(), b.lower()
        if not ((la in known or la in GLUE_WORDS) and (lb in known or lb in GLUE_WORDS)):
            continue
        za, zb = fragment_zipf(a), fragment_zipf(b)
        glue = la in GLUE_WORDS or lb in GLUE_WORDS
        if min(za, zb) < p.glued_part_zipf:
            # A rarer word beside a function word, in a token English does not know at
            # all: "dropletand", "thewettest" (never "a" + word: "abiotic").
            word, z = (b, zb) if la in GLUE_WORDS else (a, za)
            fw = la if la in GLUE_WORDS else lb
            if not (
                zt == 0
                and (la in GLUE_WORDS) != (lb in GLUE_WORDS)
                and len(fw) >= 2
                and len(word) >= 4
                and z >= p.glued_rare_zipf
            ) and not (
                # two long words, one of them rarer, in a long token English does not know
                # ("toleratinguncertainty": an OCR engine's lost space)
                zt == 0
                and not glue
                and min(len(a), len(b)) >= 6
                and n >= 14
                and min(za, zb) >= p.glued_rare_zipf
            ):
                continue
        if any(len(x) < 3 and z < 5.5 for x, z in ((a, za), (b, zb))):
            continue  # a short part must be a very common word
        if n < p.glued_min_length and not (la in GLUE_WORDS and lb in GLUE_WORDS):
            continue  # a short token splits only into two function words ("ofa", "isto")
        apart = 0
        # A word of English ("formatter", "whereof"), not two glued; unless it is rare, the
        # book never uses it again, and writes its two words apart (twice at least): the
        # word lists hold "suchas" or "howmany" from text with the same lost space, and a
        # phrase ("such as") is far commoner than its two words' own frequencies predict
        # (what the margin assumes).
        english = zt > 0 and not (glue and zt <= za + zb - 9.0 - p.glued_pair_margin)
        if english and not (
            glue
            and zt <= p.glued_book_pair_zipf
            and not repeated
            and max(len(a), len(b)) >= 3
            and min(za, zb) >= p.glued_part_zipf + 2.0
            and (apart := lex.apart(la, lb)) >= 2
        ):
            continue
        if repeated and not glue:
            continue
        if (
            token[0].isupper()
            and za < 5.5
            and not lex.lower_count(a)
            and not (lb in GLUE_WORDS and len(lb) >= 3 and not repeated)
        ):
            continue  # a name, unless its head is a word of the book or "and", "the" follows
        if token[0].isupper() and lb in NAME_ENDS and la not in GLUE_WORDS:
            continue  # a place's or a person's name: "Hensby", "Martin", "Windsor"
        if la in PREFIXES and not glue:
            continue  # "multi|version", "non|blocking": one prefixed word
        in_book = lex.count(a) >= 1 and lex.count(b) >= 1
        # "ongoing|judgement", "specific|cause" (not "club|root")
        long_parts = min(len(a), len(b)) >= 6 or (n >= 10 and min(za, zb) >= 5.0)
        short_parts = max(len(a), len(b)) <= 4  # "club|root", "web|hook": a compound
        either = lex.count(a) >= 1 or lex.count(b) >= 1
        if max(za, zb) < 5.5 and not (in_book if short_parts else either or long_parts):
            continue  # two content words: only when the book uses one (both if short) elsewhere
        need = p.glued_sum_zipf if n >= 7 else 10.0
        if n >= 12 and min(len(a), len(b)) >= 5:
            need -= 1.0  # two long words: "failingdependency" is no compound of English
        if n >= 14 and min(len(a), len(b)) >= 6:
            need -= 1.0  # (longer still: an unknown token of two such words is two words)
        if za + zb < need and not in_book:
            continue
        score = za + zb + (1.0 if in_book else 0.0)
        ev = {"zipf": [za, zb], "token_zipf": zt, "in_book": in_book}
        if apart:
            ev["apart_in_book"] = apart
        # "gluten in and", "cause the.": b needs a word after it (see `_pick_glued`)
        best.append((score, a, b, ev, lb in NEEDS_OBJECT))
    return best


# Function words that end names as often as they end a word glued to them ("Hensby",
# "Martin", "Windsor", "Douglas"): a capitalised token does not split before them
NAME_ENDS = frozenset("by on in or as at".split())
# Two capitalised words glued by a lost space ("ChapterSeven", "TheEnd"): a capital after
# lower-case letters, once.
CAMEL_GLUE_RE = regex.compile(r"^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+$")
CAMEL_WORD_RE = regex.compile(r"\b\p{Lu}\p{Ll}+\p{Lu}\w*")


def _camel_split(token: str, lex: Lexicon, p: SpacingParams) -> list[tuple]:
    """`_glued_splits` for a token of two capitalised words glued by a lost space, which
    pdfplumber and copied text leave in headings (``ChapterSeven``): split at the inner
    capital, when English does not know the token (``JavaScript``, ``PowerPoint`` and
    ``YouTube`` it knows), the book uses it once and writes no two other words so (a
    programmer's ``KeyboardInterrupt``), each part is a word English knows well and
    neither is a prefix or a name's particle (``McLeod``, ``DeLillo``).

    >>> [(s[1], s[2]) for s in _camel_split("ChapterSeven", Lexicon(["ChapterSeven"]), SpacingParams())]
    [('Chapter', 'Seven')]
    >>> [_camel_split(t, Lexicon([t]), SpacingParams()) for t in ["PowerPoint", "McLeod", "DeLillo"]]
    [[], [], []]
    >>> _camel_split("KeyboardInterrupt", Lexicon(["KeyboardInterrupt BaseException TimeoutError"]),
    ...     SpacingParams())
    []
    """
    camels = lex.memo.get("camel_words")
    if camels is None:
        camels = lex.memo["camel_words"] = frozenset(CAMEL_WORD_RE.findall(lex._text))
    if len(camels - {token}) >= 2:
        return []  # a book that writes words so (code, brands): they are its words
    k = next(i for i in range(1, len(token)) if token[i].isupper())
    a, b = token[:k], token[k:]
    la, lb = a.lower(), b.lower()
    if _z(token) > 0 or lex.count(token) > 1 or la in PREFIXES or len(a) < 2 or len(b) < 2:
        return []
    za, zb = fragment_zipf(a), fragment_zipf(b)
    if min(za, zb) < p.glued_part_zipf + 0.5 or la in {"mc", "mac", "de", "la", "le", "van", "von"}:
        return []
    ev = {"zipf": [za, zb], "token_zipf": 0.0, "in_book": False, "capitals": True}
    return [(za + zb, a, b, ev, lb in NEEDS_OBJECT)]


def _glued_mark(word: str) -> int:
    """`GLUED_MARK` for a word worth a `split_glued` check: three letters or more, and no
    English word or one beginning or ending with a function word."""
    low = word.lower()
    worth = len(word) >= 3 and (low not in _attested_words(2.0) or _glue_edge(low))
    return GLUED_MARK if worth else 0


def sloppy_spacing(lex: Lexicon, p: SpacingParams) -> bool:
    """Did the book lose spaces: three words at least that English does not know and that
    split at a function word ("thebuffer", "iswhether"), or four in a thousand words that
    split at all (an OCR layer, a PDF drawn without space glyphs)?

    >>> prose = "the light on the buoy shows the channel to the harbour at night " * 40
    >>> sloppy_spacing(Lexicon([prose + "its topmarks, the ferrywoman"]), SpacingParams())
    False
    >>> sloppy_spacing(Lexicon([prose + "ofthe hive isthe best and ofthe rest"]), SpacingParams())
    True
    """
    splits = lex.decided(("glued_splits", p), lambda w: _glued_splits(w, lex, p))
    total = lost = glued = 0
    for w, c in lex.words.items():
        total += c
        if w.isalpha() and splits[w]:
            lost += c
            if any(GLUE_WORDS & {s[1].lower(), s[2].lower()} for s in splits[w]):
                glued += c
    return glued >= 3 or (total > 0 and 1000 * lost >= 4 * total)


def _split_again(part: str, splits: Decided, lex: Lexicon, object_follows: bool) -> str:
    """*part* of a glued word split again where it is two words glued at a function word
    ("ofthe" in "surveysofthe"), else as it is.

    >>> lx = Lexicon(["the surveys of the trust, the state of the levels"])
    >>> _split_again("ofthe", lx.decided("t", lambda w: _glued_splits(w, lx, SpacingParams())), lx, True)
    'of the'
    """
    if not part.isalpha() or len(part) < 4 or _z(part) >= 4.0:
        return part
    res = _pick_glued(part, splits[part], lex, object_follows)
    if res and GLUE_WORDS & {res[0].lower(), res[1].lower()} and english_split(res[0], res[1]):
        return f"{res[0]} {res[1]}"
    return part


def split_glued_words(
    text: str, lex: Lexicon, p: SpacingParams, compounds: bool = True
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Split the unknown letter-only words of *text* that `split_glued` splits (without
    *compounds*, only those with a function word for a part: "ofthe", not "ferrywoman").

    >>> split_glued_words("an ongoingjudgement.", Lexicon(["a fair judgement"]), SpacingParams())[0]
    'an ongoing judgement.'
    >>> tail = "are con-" + chr(10) + "centrated"  # a word hyphenated at the line end
    >>> split_glued_words(tail, Lexicon(["a fair judgement"]), SpacingParams())[0] == tail
    True
    """
    parts = letter_parts(text, lex)  # [gap, word, gap, word, ..., gap]
    words = parts[1::2]
    found = shared_scan(parts, lex, GLUED_MARK)  # restore_hyphens's, when it changed nothing
    if found is None:
        scan = marked_words(parts, lex, "glued_marks", _glued_mark, GLUED_MARK)
        found = [i for i, _ in scan]
    # The words worth a look: candidates with a split at all (most have none), weighed
    # once per word; which split wins depends on the word's place (`_pick_glued`).
    splits = lex.decided(("glued_splits", p), lambda w: _glued_splits(w, lex, p))
    found = [i for i in found if splits[words[i]]]
    if not found:
        return text, []
    memo = lex.memo.setdefault(("split_glued", p), {})
    changes = []
    edits: list[tuple[int, int, str]] = []
    for i in found:
        before, after = parts[2 * i], parts[2 * i + 2]
        if before and not (before[-1].isspace() or before[-1] in _LONG_OPENERS):
            continue  # inside a token: a path, an identifier, a contraction
        if after and not (after[0].isspace() or after[0] in _LONG_CLOSERS):
            continue
        if "\n" in before and LINE_END_HYPHEN_RE.search(before):
            continue  # the rest of a word hyphenated at the line end (con- / centrated)
        word = words[i]
        # Is a word next (not "and", not punctuation)? "in" or "the" needs one after it.
        nxt = words[i + 1].lower() if i + 1 < len(words) and after.isspace() else ""
        object_follows = bool(nxt) and nxt not in NOT_AN_OBJECT
        key = (word, object_follows)
        if key not in memo:
            memo[key] = _pick_glued(word, splits[word], lex, object_follows)
        res = memo[key]
        after_det = res and i and parts[2 * i].isspace() and words[i - 1].lower() in DETERMINERS
        if after_det and (res[0].lower() in DETERMINERS or no_word_after(words[i - 1], res[0])):
            res = None  # "the thiserror": no "the this error"; "an offlying": no "an of flying"
        if res and i and parts[2 * i].isspace() and _binomial(words[i - 1], word):
            res = None  # a species' Latin name: "Pagurus bernhardus", not "bernhard us"
        if res and i and word[:1].isupper() and words[i - 1] in NAME_TITLES:
            res = None  # a name after its title: "Mrs Ison", not "Mrs Is on"
        if (
            res
            and i
            and word[:1].isupper()
            and parts[2 * i].isspace()
            and words[i - 1][:1].islower()
            and not GLUE_WORDS & {res[0].lower(), res[1].lower()}
        ):
            res = None  # a capital mid-sentence is a name's: "the Stillroom Review"
        if (
            res
            and 0 < i < len(words) - 1
            and word[:1].isupper()
            and parts[2 * i].isspace()
            and after.isspace()
            and words[i - 1][:1].isupper()
            and words[i + 1][:1].isupper()
            and not GLUE_WORDS & {res[0].lower(), res[1].lower()}
        ):
            res = None  # a word of a title in title case is a name's: "The Fellside Songbook"
        if res and not compounds and not GLUE_WORDS & {res[0].lower(), res[1].lower()}:
            res = None  # a closed compound of the book's, in a PDF that kept its spaces
        if res and not english_split(res[0], res[1]):
            res = None  # "an data", "valid i": no English; an Italian "andata", "validi"
        if res and foreign_around(words, i, lambda w: bool(splits[w])):
            res = None  # among words English does not know: a passage in another language
        if res:
            a, b, ev = res
            # a part glued again at a function word ("surveysofthe": "surveys" "ofthe")
            b = _split_again(b, splits, lex, object_follows)
            a = _split_again(a, splits, lex, True)
            edits.append((2 * i + 1, 2 * i + 2, f"{a} {b}"))
            changes.append(("glued_word", word, f"{a} {b}", ev))
    if not changes:
        return text, changes
    parts = respliced(parts, edits)
    out = "".join(parts)
    keep_parts(out, parts, lex)  # for move_spaces and split_glue_runs
    return out, changes


# Titles before a name (with or without their full stop, which is a gap of its own).
NAME_TITLES = frozenset(
    "Mr Mrs Ms Miss Dr Sir Lady Lord Dame Revd Rev St Capt Col Gen Prof Fr Sr Mme Mlle Herr "
    "Frau".split()
)
LATIN_GENUS_RE = regex.compile(r"^\p{Lu}\p{Ll}+(?:us|a|um|is|es|ia|ea|on|ae|ops|ix|ax|ex)$")
LATIN_EPITHET_RE = regex.compile(r"^\p{Ll}+(?:us|a|um|is|ae|i|es|ensis|oides|ata|osa)$")


def _binomial(before: str, word: str) -> bool:
    """Is *word* the second half of a species' Latin name, after its genus *before*
    (both with Latin endings)?

    >>> _binomial("Pagurus", "bernhardus"), _binomial("Galathea", "squamifera")
    (True, True)
    >>> _binomial("The", "thisis"), _binomial("Tuesday", "ofthe")
    (False, False)
    """
    return bool(LATIN_GENUS_RE.match(before) and LATIN_EPITHET_RE.match(word))


LINE_END_HYPHEN_RE = regex.compile(r"[-\u00ad\u2010][ \t]*\n[ \t]*$")
SPACED_HYPHEN_RE = regex.compile(r"(?<![\p{L}\p{N}-])(\p{L}+)- (\p{Ll}+)(?![\p{L}-])")


def join_spaced_hyphens(text: str, lex: Lexicon) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """A hyphen with a space after it inside a line (``con- figuration``), left by a
    converter that joined lines without undoing the hyphenation: decided like a line-end
    hyphen. A suspended hyphen (``pre- and post-``) and a dash between function words
    stay; an undecided one is logged and left.

    >>> lx = Lexicon(["a well-known tool"])
    >>> join_spaced_hyphens("the con- figuration of a well- known, pre- and post-", lx)[0]
    'the configuration of a well-known, pre- and post-'
    """
    if "- " not in text:
        return text, []
    changes: list[tuple[str, str, str, dict]] = []

    def sub(m: regex.Match) -> str:
        a, b = m.group(1), m.group(2)
        if b in SUSPENDED_NEXT or a.lower() in GLUE_WORDS or b in GLUE_WORDS:
            return m.group()
        rule, ev = hyphen_decision(a, b, lex, common_joined=COMMON_JOINED)
        if rule == "dehyphenate":
            new = a + b
        elif rule == "keep_hyphen":
            new = f"{a}-{b}"
        else:
            changes.append(("spaced_hyphen_kept", m.group(), m.group(), ev))
            return m.group()
        changes.append(("spaced_hyphen", m.group(), new, ev))
        return new

    return sub_in_lines(SPACED_HYPHEN_RE, text, lines_with(text, ("- ",)), sub), changes


# A line-end hyphen a converter kept inside a line it reflowed, without a space: a word's
# piece that is no word, or an ending, after it ("pollinat-ing")
BROKEN_HYPHEN_HINT_RE = regex.compile(r"\p{Ll}{3}-\p{Ll}{2}")
BROKEN_HYPHEN_RE = regex.compile(
    r"(?<![\p{L}\p{N}_/.@-])(\p{Ll}{3,})-(\p{Ll}{2,})(?![\p{L}\p{N}_/@-])"
)


def join_broken_hyphens(text: str, lex: Lexicon) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """``pollinat-ing`` → ``pollinating``: a hyphen inside a line that joins a piece English
    does not know as a word (and the book never writes alone) to the rest of a word, or a
    word to an ending (``-ing``, ``-able``), where the joined word is known and the book
    writes the hyphenated form only here. A compound joins two words and keeps its hyphen.

    >>> lx = Lexicon(["the insects are few, and well-known ones"])
    >>> join_broken_hyphens("when pollinat-ing insects, a well-known re-entry", lx)[0]
    'when pollinating insects, a well-known re-entry'
    """
    spans = lines_matching(text, BROKEN_HYPHEN_HINT_RE) if "-" in text else []
    if not spans:
        return text, []
    changes: list[tuple[str, str, str, dict]] = []

    def sub(m: regex.Match) -> str:
        a, b = m.group(1), m.group(2)
        if lex.hyphenated(m.group()) > 1:
            return m.group()
        piece = _z(a) < 2.5 and lex.count(a) == 0
        ending = b in SUFFIXES and b not in GLUE_WORDS
        joined = a + b
        if not (piece or ending) or not (_z(joined) >= 2.0 or lex.count(joined) >= 1):
            return m.group()
        changes.append(("broken_hyphen", m.group(), joined, {"zipf": [_z(a), _z(joined)]}))
        return joined

    return sub_in_lines(BROKEN_HYPHEN_RE, text, spans, sub), changes


def lost_hyphens(lex: Lexicon, max_zipf: float = 2.5) -> dict[str, str]:
    """{solid form: the book's hyphenated form} for compounds whose hyphen an extractor
    dropped (``longrunning`` in a book that writes ``long-running``): the book writes the
    hyphenated form at least twice and three times as often as the solid one, which
    English hardly knows (below *max_zipf*; ``online`` beside ``on-line`` is a word).

    >>> lx = Lexicon(["a long-running job, two long-running jobs, long-running, longrunning"])
    >>> lost_hyphens(lx)
    {'longrunning': 'long-running'}
    """
    out = {}
    for form, n in lex.hyphens.items():
        if n < 2 or form.count("-") != 1:
            continue
        solid = form.replace("-", "")
        if n >= 3 * lex.count(solid) and _z(solid) < max_zipf:
            out[solid] = form
    return out


SOLID_WORD_RE = regex.compile(r"(?<![\p{L}\p{N}_./@-])\p{L}{4,}(?![\p{L}\p{N}_/@-]|\.\p{L})")


def restore_hyphens(
    text: str, forms: dict[str, str], lex: Lexicon | None = None
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Put back the hyphen of a compound the book writes hyphenated (`lost_hyphens`),
    keeping the token's case. Tokens inside identifiers, paths and addresses stay.
    With *lex*, the split of *text* a pass before left there (`letter_parts`) finds the
    lines to search.

    >>> restore_hyphens("a longrunning job; Longrunning jobs", {"longrunning": "long-running"})[0]
    'a long-running job; Long-running jobs'
    >>> restore_hyphens("a longrunning job", {"longrunning": "long-running"}, Lexicon([]))[0]
    'a long-running job'
    """
    if not forms:
        return text, []
    changes: list[tuple[str, str, str, dict]] = []

    def sub(m: regex.Match) -> str:
        word = m.group()
        form = forms.get(word.lower())
        if form is None or not (word.islower() or word[1:].islower()):
            return word
        cut = form.index("-")
        new = word[:cut] + "-" + word[cut:]
        changes.append(("lost_hyphen", word, new, {"hyphenated_in_book": form}))
        return new

    if lex is None:
        out = SOLID_WORD_RE.sub(sub, text)
    else:
        # A match is a whole run of letters: only the lines holding a run whose lower case
        # is a solid form are searched (most texts have none).
        # one scan for the solid forms and for split_glued_words, next
        def decide(w: str) -> int:
            return (SOLID_MARK if w.lower() in forms else 0) | _glued_mark(w)

        parts = letter_parts(text, lex)
        key = ("solid_marks", frozenset(forms))
        scan = marked_words(parts, lex, key, decide, SOLID_MARK | GLUED_MARK)
        hits = tuple({parts[2 * i + 1] for i, bits in scan if bits & SOLID_MARK})
        out = sub_in_lines(SOLID_WORD_RE, text, lines_with(text, hits), sub) if hits else text
    return (out if changes else text), changes  # the same object: split_glued_words's cache


def split_glued_sentences(text: str, lex: Lexicon) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """``it.If`` → ``it. If`` when both sides are known words and the chunk is not a name.

    >>> split_glued_sentences("use it.If not, see example.com or Node.js.", Lexicon([]))[0]
    'use it. If not, see example.com or Node.js.'
    >>> split_glued_sentences("was perfect.A well-sorted pile; plan.I think; see vol.A4", Lexicon([]))[0]
    'was perfect. A well-sorted pile; plan. I think; see vol.A4'
    >>> split_glued_sentences("On a Tuesday?There are none; see Node.Js and Mr.Smith", Lexicon([]))[0]
    'On a Tuesday? There are none; see Node.Js and Mr.Smith'
    >>> split_glued_sentences("Use pathlib.Path; import pathlib", Lexicon(["pathlib pathlib"]))[0]
    'Use pathlib.Path; import pathlib'
    """
    stops = [m.start() for m in GLUED_STOP_RE.finditer(text)]
    if not stops:
        return text, []  # the fast path: no stop between a lower-case and a capital letter
    changes = []

    def sub(m: regex.Match) -> str:
        chunk_start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        ends = [i for i in (text.find(" ", m.end()), text.find("\n", m.end())) if i >= 0]
        chunk = text[chunk_start : min(ends) if ends else len(text)]
        if NAME_CHUNK_RE.search(chunk):
            return m.group()
        left, right = m.group(1), m.group(3)
        if right in ("A", "I") and not text[m.end() :].lstrip(" \t\n")[:1].islower():
            return m.group()  # "A" or "I" starts a sentence only before a lower-case word
        # the word after may be rarer ("load.Asynchronous", "shaking.Emulsifiers"): a
        # capitalised word after a stop is a sentence start far more often than a name
        known = lambda w, least=3.0: _z(w) >= least or lex.count(w) >= 2  # noqa: E731
        starter = _z(right) >= 5.5 and len(left) >= 3  # "reflows.The", "optimizer.For"
        if not ((known(left) or starter) and known(right, 2.5)):
            return m.group()
        if _z(left) == 0 and not starter:
            return m.group()  # a word of the book's own English lacks, before a rarer one: a
            # name in code ("pathlib.Path"); "amygdala.The" still splits
        if lex.occurrences(m.group()) > 1 or lex.namespace(left):
            return m.group()  # used more than once, or a package beside others: http.Get
        if lex.acronym(left):
            return m.group()  # "json.Marshal" where the book writes JSON: a package name
        if not has_vowel(left):
            return m.group()  # "http.Get", "std.Vector": no word without a vowel ends a sentence
        new = f"{left}{m.group(2)} {right}"
        changes.append(("glued_sentence", m.group(), new, {"zipf": [_z(left), _z(right)]}))
        return new

    # A match is the lower-case letters before a stop, whole (a word boundary before a
    # lower-case letter is at its run's start), the stop and a capitalised word: it is
    # tried from the start of the lower-case run before each stop alone.
    starts = [LOWER_RUN_BEFORE_RE.search(text, 0, i).start() for i in stops]
    # a capitalised word before a question or exclamation mark ("a Tuesday?There")
    starts = [
        k - 1 if k and text[k - 1].isupper() and text[i] in "!?" else k
        for k, i in zip(starts, stops, strict=True)
    ]
    return sub_at(GLUED_SENTENCE_RE, text, starts, sub), changes


# A number glued to the sentence after it ("not 800.This is"): the number stands alone
# (no other stop, slash or letter in its chunk: not "4.2.The", "p.12.The", "v1.A").
GLUED_NUMBER_STOP_RE = regex.compile(
    r"(?<![\p{L}\p{N}.,/:_@-])(\d[\d,]*)([.!?])(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}_@/]|\.\w)"
)
# A note mark after a sentence's stop, glued to the next sentence ("guild.1To open it")
GLUED_NOTE_RE = regex.compile(
    r"(?<=\p{Ll}[’”'\"]?[.!?][’”'\"]?)(\d{1,2})(?=\p{Lu}\p{Ll}+\b|[AI] \p{Ll})"
)
# A word glued to the next one by a comma, semicolon or colon with no space after it
# ("too soon:the music", "apples;the"): one mark between two lower-case words.
GLUED_MARK_RE = regex.compile(
    r"(?<![\p{L}\p{N}_./@:;,-])(\p{Ll}{2,})([,;:])(\p{Ll}{2,})(?![\p{L}\p{N}_/@(-]|[.:;,][\p{L}\p{N}])"
)
# Words before a colon that name a scheme or a prefix, not a clause: "mailto:ann", "doi:x".
SCHEMES = frozenset("http https ftp file mailto urn doi isbn issn arxiv git ssh tel data".split())


# Where one of the three may be (led by its punctuation, which the engine looks for fast)
QUOTE_MARKS = frozenset("\"'`‘“’”")
GLUED_MARK_HINT_RE = regex.compile(
    r"[,;:.!?’”](?:(?<=\p{Ll}[,;:])(?=\p{Ll})|(?<=\d[.!?])(?=\p{Lu})|(?=\d{1,2}\p{Lu}))"
)


def glued_mark_counts(text: str) -> Counter[str]:
    """How often the book writes each ``word:word`` (``,`` ``;``) form `split_glued_marks`
    looks at: one written twice is a notation, not a lost space.

    >>> glued_mark_counts("a key:value and key:value, soon:the")["key:value"]
    2
    """
    return Counter(
        m.group()
        for start, end in lines_matching(text, GLUED_MARK_HINT_RE)
        for m in GLUED_MARK_RE.finditer(text, start, end)
    )


def split_glued_marks(
    text: str, lex: Lexicon, seen: Counter[str] | None = None
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """A space lost after a stop behind a number (``800.This``) or after a comma, semicolon
    or colon between two words (``soon:the``, ``snow,bring``), put back when the word before
    is known (English or the book), the word after starts a sentence or is a function word
    (after a comma or a semicolon, any common word), and the book does not write the glued
    form elsewhere.

    >>> split_glued_marks("not 800.This is; too soon:the end; see 4.2.The and 1,000.It", Lexicon([]))[0]
    'not 800. This is; too soon: the end; see 4.2.The and 1,000. It'
    >>> split_glued_marks("of the guild.1To open it; tried’.9Oldesloe said; v2.1The", Lexicon([]))[0]
    'of the guild.1 To open it; tried’.9 Oldesloe said; v2.1The'
    >>> split_glued_marks("mailto:ann, key:value pairs, std::vector and a:b", Lexicon([]))[0]
    'mailto:ann, key:value pairs, std::vector and a:b'
    >>> split_glued_marks('the snow,bring it in; the bulb;either way; x,y; "id,name"', Lexicon([]))[0]
    'the snow, bring it in; the bulb; either way; x,y; "id,name"'
    """
    spans = lines_matching(text, GLUED_MARK_HINT_RE)
    if not spans:
        return text, []
    seen = seen or Counter()
    changes: list[tuple[str, str, str, dict]] = []

    def known(w: str) -> bool:
        return _z(w) >= 3.0 or lex.count(w) >= 2

    def number(m: regex.Match) -> str:
        right = m.group(3)
        # only a word that starts sentences far more often than it names a thing
        if _z(right) < 5.5 or lex.occurrences(m.group()) > 1:
            return m.group()
        new = f"{m.group(1)}{m.group(2)} {right}"
        changes.append(("glued_sentence", m.group(), new, {"zipf": [0.0, _z(right)]}))
        return new

    def mark(m: regex.Match) -> str:
        left, right = m.group(1), m.group(3)
        # a clause goes on with a function word ("soon: the", "apples; and"); a notation
        # pairs two names ("key:value", "to:from" is no clause either)
        if left in GLUE_WORDS or left in SCHEMES or not known(left):
            return m.group()
        if right not in GLUE_WORDS and not (
            m.group(2) in ",;"
            and _z(right) >= 3.5
            and m.string[m.start() - 1 : m.start()] not in QUOTE_MARKS
            and m.string[m.end() : m.end() + 1] not in QUOTE_MARKS
        ):
            # (after a comma or semicolon, any common word goes on; not inside quotes,
            # a CSV header "id,name")
            return m.group()
        if seen[m.group()] > 1:
            return m.group()  # written so more than once: a notation, not a slip
        new = f"{left}{m.group(2)} {right}"
        changes.append(("glued_mark", m.group(), new, {"zipf": [_z(left), _z(right)]}))
        return new

    def note(m: regex.Match) -> str:
        new = m.group(1) + " "
        changes.append(("glued_sentence", m.group(1), new, {"note_mark": m.group(1)}))
        return new

    # each pass keeps the line breaks, so the lines found hold for all three
    text = sub_in_lines(GLUED_NUMBER_STOP_RE, text, spans, number)
    spans = lines_matching(text, GLUED_MARK_HINT_RE)
    text = sub_in_lines(GLUED_NOTE_RE, text, spans, note)
    spans = lines_matching(text, GLUED_MARK_HINT_RE)
    text = sub_in_lines(GLUED_MARK_RE, text, spans, mark)
    return text, changes


# How many pairs fix_spacing counts one by one (`pair_occurrences`) before it counts all
# the pairs of the book at once.
DIRECT_PAIR_COUNTS = 16
LETTER_RE = regex.compile(r"\p{L}")
NON_LETTERS_RE = regex.compile(r"\P{L}+")


def pair_occurrences(text: str, x: str, y: str) -> int:
    """How often the run of letters *x* is followed by the run *y* in *text*, anything but
    letters between: ``Counter(itertools.pairwise(LETTERS_RE.findall(text)))[x, y]``, found
    from the places *x* stands (``str.find``), not from every word.

    >>> t = "ab cd, ab\\ncd xab cd abc cd ab cde ab"
    >>> pair_occurrences(t, "ab", "cd"), pair_occurrences("aa aa aa", "aa", "aa")
    (2, 2)
    """
    n = 0
    i = text.find(x)
    while i >= 0:
        if i == 0 or not LETTER_RE.match(text, i - 1):  # x begins its run
            gap = NON_LETTERS_RE.match(text, i + len(x))  # None: x's run goes on
            if gap and text.startswith(y, gap.end()):
                n += not LETTER_RE.match(text, gap.end() + len(y))  # y ends its run
        i = text.find(x, i + 1)
    return n


@warmer
def _warm() -> None:
    """Load English word frequencies and the word sets the stage looks words up in."""
    q = SpacingParams()
    _z("the")
    joinable_words(q)
    _common_prefixes()
    words_at_least(q.word_zipf)


@register("fix_spacing", version=66, params=SpacingParams)
def run(book: Book, p: SpacingParams, log: StageLog) -> Book:
    """Fix split words, spaced punctuation and apostrophes, glued words and sentences."""
    lines = book.body_lines()
    code = code_line_flags(lines)
    prose_lines = [line for line, c in zip(lines, code, strict=True) if not c]
    # the index is the book's words too ("errors.Is, 144" there: a name, not a sentence end)
    prose_texts = [line.text for line in prose_lines]
    lex = Lexicon(prose_texts + [ln.text for ln in book.index_lines])
    symbols = symbol_marks(prose_texts)
    joined: list[str] = []

    def prose_text() -> str:  # the book's prose as one text, joined once when first asked
        if not joined:
            joined.append("\n".join(prose_texts))
        return joined[0]

    rules = []
    if p.join_split_words:
        rules.append(lambda t: join_spaced_hyphens(t, lex))
        rules.append(lambda t: join_broken_hyphens(t, lex))
    if p.split_glued_sentences:
        rules.append(lambda t: split_glued_sentences(t, lex))
        seen = glued_mark_counts(prose_text())
        rules.append(lambda t: split_glued_marks(t, lex, seen))
    if p.join_split_words:
        rules.append(lambda t: join_split_words(t, lex, p))
    if p.split_glued_words:
        forms = lost_hyphens(lex)
        rules.append(lambda t: restore_hyphens(t, forms, lex))
        # A PDF whose spaces came out right nearly everywhere: its unknown words are its
        # own closed compounds ("ferrywoman", "topmarks"), split only at a function word.
        compounds = not any(ln.geom for ln in lines) or sloppy_spacing(lex, p)
        rules.append(lambda t: split_glued_words(t, lex, p, compounds))
        pairs: Counter[tuple[str, str]] | None = None
        asked: dict[tuple[str, str], int] = {}

        def pair_count(x: str, y: str) -> int:  # the book's count of "x y"
            nonlocal pairs
            if pairs is not None:
                return pairs[x, y]
            # move_spaces asks about a few pairs in most books: each is counted from where
            # its first word stands, which costs far less than counting every pair in the
            # book; once it has asked many, they are all counted in one pass. (It asks only
            # about a first word it looks at, one of the heads below: both counts agree.)
            if len(asked) < DIRECT_PAIR_COUNTS:
                if (x, y) not in asked:
                    asked[x, y] = pair_occurrences(prose_text(), x, y)
                return asked[x, y]
            words = letter_runs(prose_text())
            # only the pairs move_spaces asks about: their first word is one it looks at
            heads = moved_space_heads(lex, GLUE_WORDS, p.word_zipf)
            firsts = {w for w in set(words) if w.lower() in heads}
            selected = map(firsts.__contains__, words)
            pairs = Counter(itertools.compress(itertools.pairwise(words), selected))
            return pairs[x, y]

        rules.append(lambda t: move_spaces(t, lex, GLUE_WORDS, PREFIXES, pair_count, p.word_zipf))
        rules.append(lambda t: split_glue_runs(t, lex, GLUE_WORDS, PREFIXES))
        if compounds:
            # (long runs of words set without spaces: txtwrite, pypdf in tight lines)

            def long_runs(t: str) -> tuple[str, list[tuple[str, str, str, dict]]]:
                t, changes = split_long_runs(t, lex, GLUE_WORDS, PREFIXES)
                if changes and p.split_glued_sentences:
                    # (now that the runs are words, a comma glued between two of them)
                    t, more = split_glued_marks(t, lex, seen)  # (the book's counts, once)
                    changes += more
                return t, changes

            rules.append(long_runs)
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
                text, changes = fix_punctuation(text, symbols)
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
