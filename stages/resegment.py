"""Glued runs of function words, and spaces moved to the wrong place: part of fix_spacing.

Tight lines lose several spaces in a row (``iswhythe``, ``Itistempting``, ``ofasingle``),
and where a lost space meets a kerning split the space moves into the word (``astor age``
for ``a storage``, ``wegener ate`` for ``we generate``). Both are read as one string that
splits into function words around at most one word the book itself uses. The evidence:

- the string is no English word (zipf 0) and, for a moved space, its first token is no
  word the book uses elsewhere and rarer than a common English word;
- the one content part is a word the book writes at least twice or a common English
  word (``storage``), four letters or more, and no prefix on its own;
- exactly one way to split it; a split that only gives back the tokens as they are
  (``a way``) is no change.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import regex

from stages.lexicon import LETTERS_SPLIT_RE, Lexicon, split_letters
from stages.lexicon import cached_zipf as _z

MAX_PARTS = 4
DETERMINERS = frozenset(
    "a an the this that these those my your his her its our their every each".split()
)
# Function words that never follow an article or a possessive ("an of", "the and", "a is");
# "this", "that", "his" and "her" stand alone as pronouns ("this is").
NO_DETERMINER_BEFORE = frozenset(
    "of to in on at by for with from into onto as is are was were be been and or but nor if "
    "than they we you he she it".split()
)
ARTICLES = frozenset("a an the my your our their its every each".split())


def no_word_after(det: str, first: str) -> bool:
    """Can *first* not follow the word *det* (an article or a possessive)?

    >>> no_word_after("an", "of"), no_word_after("This", "is"), no_word_after("the", "storage")
    (True, False, False)
    """
    return det.lower() in ARTICLES and first.lower() in NO_DETERMINER_BEFORE


def glue_splits(
    low: str, lex: Lexicon, glue: frozenset[str], prefixes: frozenset[str]
) -> list[list[str]]:
    """The ways to write *low* as function words around at most one word of the book,
    with the fewest parts (a part boundary is a lost space).

    >>> lx = Lexicon(["storage storage generate generate"])
    >>> g = frozenset({"a", "we", "in", "the", "is", "why"})
    >>> glue_splits("astorage", lx, g, frozenset()), glue_splits("iswhythe", lx, g, frozenset())
    ([['a', 'storage']], [['is', 'why', 'the']])
    """
    out: list[list[str]] = []

    def walk(rest: str, parts: list[str], content: bool) -> None:
        if len(out) > 4 or len(parts) > MAX_PARTS:
            return
        if not rest:
            if len(parts) >= 2:
                out.append(parts)
            return
        for k in range(1, len(rest) + 1):
            head = rest[:k]
            if head in glue:
                walk(rest[k:], [*parts, head], content)
            elif (
                not content
                and k >= 4
                and head not in prefixes
                and (lex.count(head) >= 2 or _z(head) >= 3.5)
            ):
                walk(rest[k:], [*parts, head], True)

    walk(low, [], False)
    # A content part English knows beats one only the book has ("is why the", not
    # "iswhy the" where the book repeats the glued "iswhy").
    # Fewest parts first: each part boundary is a space the extraction lost.
    known = [x for x in out if all(w in glue or _z(w) > 0 for w in x)] or out
    fewest = min(map(len, known), default=0)
    return [x for x in known if len(x) == fewest]


def _glue_splits_once(
    low: str, lex: Lexicon, glue: frozenset[str], prefixes: frozenset[str]
) -> list[list[str]]:
    """`glue_splits`, worked out once per string and book (do not change the result)."""
    memo = lex.memo.setdefault("glue_splits", {})
    key = (low, glue, prefixes)
    if key not in memo:
        memo[key] = glue_splits(low, lex, glue, prefixes)
    return memo[key]


def _cased(parts: list[str], original: str) -> str:
    text = " ".join(parts)
    return text[:1].upper() + text[1:] if original[:1].isupper() else text


_OPEN = frozenset(' \t\n([“‘"')
_CLOSE = frozenset(' \t\n)]”’",.;:!?')


# lex.memo key: the last text a pass of fix_spacing returned, with its LETTERS_SPLIT_RE.split
PARTS_KEY = "letter_parts"


def letter_parts(text: str, lex: Lexicon) -> list[str]:
    """``LETTERS_SPLIT_RE.split(text)`` (gap, word, gap, …, gap), taken from the pass before
    when it left the split of this very text (`keep_parts`). Callers do not change it.

    >>> lx = Lexicon([])
    >>> t = "a bc, d"
    >>> keep_parts(t, ["", "a", " ", "bc", ", ", "d", ""], lx)
    >>> letter_parts(t, lx) == LETTERS_SPLIT_RE.split(t)
    True
    """
    cached = lex.memo.get(PARTS_KEY)
    if cached is not None and cached[0] is text:
        return cached[1]
    return split_letters(text)


def keep_parts(text: str, parts: list[str], lex: Lexicon) -> None:
    """Leave *parts*, the split of *text*, for the next pass (`letter_parts`)."""
    lex.memo[PARTS_KEY] = (text, parts)


def respliced(parts: list[str], edits: list[tuple[int, int, str]]) -> list[str]:
    """The split of the text *parts* make once each (lo, hi, new) of *edits* (in order)
    replaces ``parts[lo:hi]``: words *lo* to *hi* - 1, and the gaps between them, become
    *new*, which begins and ends with a letter. Only the new strings are split.

    >>> parts = LETTERS_SPLIT_RE.split("astor age, iswhy")
    >>> new = respliced(parts, [(1, 4, "a storage"), (5, 6, "is why")])
    >>> new == LETTERS_SPLIT_RE.split("a storage, is why")
    True
    """
    out: list[str] = []
    done = 0
    for lo, hi, new in edits:
        out += parts[done:lo]
        out += LETTERS_SPLIT_RE.split(new)[1:-1]
        done = hi
    out += parts[done:]
    return out


# Marks: bits for the tests the later passes of fix_spacing make of every word. A pass
# scans a split once (`marked_words`) for its own marks and for a shared one a pass after
# it needs; that pass takes the scan while the split is unchanged (`shared_scan`), as it
# nearly always is. A shared mark means the same test for every caller.
MOVED_MARK = 1  # move_spaces: a word it looks at as the first of two tokens
RUN_MARK = 2  # shared, split_glue_runs: a book word English does not know (`_run_words`)
SOLID_MARK = 4  # restore_hyphens: a compound the book writes hyphenated
GLUED_MARK = 8  # shared, split_glued_words: a token worth a glued-split check
SCAN_KEY = "word_scan"  # lex.memo: the last scan, with its split and the marks it decided


def marked_words(
    parts: list[str], lex: Lexicon, key: object, decide: Callable[[str], int], marks: int
) -> list[tuple[int, int]]:
    """(index, marks) of the words of *parts* that *decide* marks at all, in order; its
    *marks* (bits) are decided once per distinct word and book (memo *key*), and the scan
    is left for `shared_scan`.

    >>> lx = Lexicon([])
    >>> parts = LETTERS_SPLIT_RE.split("a bb ccc")
    >>> marked_words(parts, lx, "demo", lambda w: RUN_MARK if len(w) > 2 else 0, RUN_MARK)
    [(2, 2)]
    >>> shared_scan(parts, lx, RUN_MARK), shared_scan(parts[:], lx, RUN_MARK)
    ([2], None)
    """
    memo = lex.decided(key, decide)
    bits = list(map(memo.__getitem__, parts[1::2]))
    found = [(i, bits[i]) for i in itertools.compress(range(len(bits)), bits)]
    lex.memo[SCAN_KEY] = (parts, marks, found)
    return found


def shared_scan(parts: list[str], lex: Lexicon, mark: int) -> list[int] | None:
    """The indices of the words of *parts* with the shared *mark*, from the last scan
    when it was of this very split and decided that mark; else None."""
    scan = lex.memo.get(SCAN_KEY)
    if scan is None or scan[0] is not parts or not scan[1] & mark:
        return None
    return [i for i, bits in scan[2] if bits & mark]


def _run_words(lex: Lexicon) -> frozenset[str]:
    """The book's words (lower case) that `split_glue_runs` looks at: five letters or
    more, unknown to English."""
    return _candidates(lex, "glue_runs", lambda w: len(w) >= 5 and _z(w) == 0)


def _run_mark(word: str, runs: frozenset[str]) -> int:
    return RUN_MARK if word.lower() in runs else 0


def _free(parts: list[str], i: int) -> bool:
    """Does word *i* stand alone: white space or punctuation on both sides, no token
    (path, identifier, contraction, compound) around it?"""
    before, after = parts[2 * i], parts[2 * i + 2]
    return (not before or before[-1] in _OPEN) and (
        not after or (after[0] in _CLOSE and not (after[0] == "." and after[1:2].isalpha()))
    )


def _candidates(lex: Lexicon, key: str, keep: Callable[[str], bool]) -> frozenset[str]:
    """The book's words (lower case) that *keep* accepts, found once per book."""
    if key not in lex.memo:
        lex.memo[key] = frozenset(w for w in lex.words if w.isalpha() and keep(w))
    return lex.memo[key]


def english_split(a: str, b: str) -> bool:
    """Can the two parts of a split stand side by side in English: no lone letter but
    ``a`` and ``I``, and ``an`` only before a vowel or an h?

    >>> [english_split(a, b) for a, b in [("an", "data"), ("valid", "i"), ("an", "hour"),
    ...     ("ongoing", "judgement"), ("a", "lot")]]
    [False, False, True, True, True]
    """
    if any(len(x) == 1 and x not in "aAI" for x in (a, b)):
        return False
    return not (a.lower() == "an" and b[:1].lower() not in "aeiouh")


def foreign_around(words: list[str], i: int, glued: Callable[[str], bool]) -> bool:
    """Do two of the (up to) six words around word *i*, in lower case, mean nothing in
    English, nor split into English (``i biglietti ferroviari sono validi anche``)?

    >>> foreign_around("biglietti ferroviari sono validi anche sui".split(), 3, lambda w: False)
    True
    >>> foreign_around("we make an ongoingjudgement of the risk".split(), 3, lambda w: False)
    False
    >>> foreign_around("when isthe hive ofthe swarm".split(), 1, lambda w: w.endswith("the"))
    False
    """
    around = words[max(0, i - 3) : i] + words[i + 1 : i + 4]
    unknown = sum(1 for w in around if w.islower() and len(w) >= 3 and _z(w) < 2.0 and not glued(w))
    return unknown >= 2


INVERTED_AFTER_RE = regex.compile(r"^\p{Lu}[\p{Ll}’'-]+(?:\s\p{Lu}\.)*[.,]|^\p{Lu}\.")


def inverted_name(parts: list[str], i: int) -> bool:
    """Is word *i* (capitalised) a surname set before its forename or initials, as a
    bibliography or an index sets names (``Moreby, Judith.``, ``Moreby, J. R.,``)?

    >>> lx = Lexicon(["x"])
    >>> [inverted_name(letter_parts(t, lx), 0) for t in ["Moreby, Judith. Sleep", "Moreby, J. Sleep",
    ...     "Moreby, Judith and", "Moreby Judith."]]
    [True, True, False, False]
    """
    if 2 * i + 3 >= len(parts) or parts[2 * i + 2] != ", ":
        return False
    return bool(INVERTED_AFTER_RE.match("".join(parts[2 * i + 3 : 2 * i + 8])))


def split_glue_runs(
    text: str, lex: Lexicon, glue: frozenset[str], prefixes: frozenset[str]
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Split tokens English does not know into function words and then one book word
    (``iswhythe`` → ``is why the``, ``acheckpoint`` → ``a checkpoint``).

    >>> text = "Itiswhy butthedashboard moved acheckpoint, glutenin."
    >>> lx = Lexicon(["the dashboard and the dashboard, a checkpoint, a checkpoint", text])
    >>> g = frozenset({"a", "but", "the", "is", "it", "why", "in"})
    >>> split_glue_runs(text, lx, g, frozenset())[0]
    'It is why but the dashboard moved a checkpoint, glutenin.'
    >>> lx = Lexicon(["Norvale, the economy of the vale. Norvale prices."])
    >>> split_glue_runs("Norvale prices.", lx, frozenset({"nor"}), frozenset())[0]
    'Norvale prices.'
    >>> lx = Lexicon(["a biography, the biography"])
    >>> split_glue_runs("an au-\\ntobiography", lx, frozenset({"to"}), frozenset())[0]
    'an au-\\ntobiography'
    """
    changes: list[tuple[str, str, str, dict]] = []
    cands = _run_words(lex)
    if not cands:
        return text, changes
    parts = letter_parts(text, lex)
    words = parts[1::2]
    edits: list[tuple[int, int, str]] = []
    found = shared_scan(parts, lex, RUN_MARK)  # move_spaces's, when it left the text as it was
    if found is None:
        scan = marked_words(parts, lex, "run_marks", lambda w: _run_mark(w, cands), RUN_MARK)
        found = [i for i, _ in scan]
    for i in found:
        word = words[i]
        if not (word.islower() or word[1:].islower()) or not _free(parts, i):
            continue
        sep = parts[2 * i]
        if "\n" in sep and sep.rstrip(" \t\n")[-1:] in ("-", "\u00ad", "\u2010"):
            continue  # the rest of a word hyphenated at the line end (au- / tobiography)
        if not word.islower() and lex.count(word) >= 2 and lex.lower_count(word) == 0:
            continue  # a name the book writes, always with its capital ("Norvale")
        if not word.islower() and inverted_name(parts, i):
            continue  # a surname before its forename ("Moreby, Judith."): a name
        if lex.inflects(word):
            continue  # a form of a word the book writes ("wassails" beside "wassail")
        found = _glue_splits_once(word.lower(), lex, glue, prefixes)
        if len(found) != 1 or any(x not in glue for x in found[0][:-1]):
            continue  # the book word comes last ("ofasingle"), never "gluten|in"
        split = found[0]
        if not all(english_split(x, y) for x, y in itertools.pairwise(split)) or foreign_around(
            words, i, lambda w: bool(_glue_splits_once(w.lower(), lex, glue, prefixes))
        ):
            continue  # "an data": an Italian "andata"; words around that mean nothing in English
        if (
            i
            and parts[2 * i].isspace()
            and words[i - 1].lower() in DETERMINERS
            and (split[0] in DETERMINERS or no_word_after(words[i - 1], split[0]))
        ):
            continue  # "the thiserror": no "the this error"; "an offlying": no "an of flying"
        new = _cased(split, word)
        changes.append(("glued_run", word, new, {"parts": split}))
        edits.append((2 * i + 1, 2 * i + 2, new))
    return ("".join(respliced(parts, edits)) if changes else text), changes


def moved_space_heads(lex: Lexicon, glue: frozenset[str], word_zipf: float) -> frozenset[str]:
    """The book's words (lower case) that `move_spaces` looks at as the first of two
    tokens: no function word, rarer than a word of English (*word_zipf*, fix_spacing's
    floor), beginning with one."""
    heads = tuple(sorted(glue, key=len, reverse=True))
    return _candidates(
        lex,
        f"moved_spaces {word_zipf}",
        lambda w: w not in glue and _z(w) < word_zipf and w.startswith(heads),
    )


def move_spaces(
    text: str,
    lex: Lexicon,
    glue: frozenset[str],
    prefixes: frozenset[str],
    pair_count: Callable[[str, str], int] | None = None,
    word_zipf: float = 3.0,
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Two tokens whose letters read as function words and a book word once the space
    moves (``astor age`` → ``a storage``, ``wegener ate`` → ``we generate``). The first
    token must be rarer than *word_zipf* in English.

    >>> text = "Then astor age grew; Wegener ate it; a way in."
    >>> lx = Lexicon(["storage storage, generate generate, and age", text])
    >>> g = frozenset({"a", "we", "in"})
    >>> move_spaces(text, lx, g, frozenset())[0]
    'Then a storage grew; We generate it; a way in.'
    """
    changes: list[tuple[str, str, str, dict]] = []
    cands = moved_space_heads(lex, glue, word_zipf)
    if not cands:
        return text, changes
    parts = letter_parts(text, lex)
    words = parts[1::2]
    n = len(words)
    taken = -1
    edits: list[tuple[int, int, str]] = []
    runs = _run_words(lex)  # for split_glue_runs, next: one scan for both

    def decide(w: str) -> int:
        return (MOVED_MARK if w.lower() in cands else 0) | _run_mark(w, runs)

    scan = marked_words(parts, lex, ("moved_marks", cands), decide, MOVED_MARK | RUN_MARK)
    for i in (i for i, bits in scan if bits & MOVED_MARK):
        if i <= taken or i + 1 >= n or parts[2 * i + 2] != " ":
            continue
        x, y = parts[2 * i + 1], parts[2 * i + 3]
        if not (x.islower() or x[1:].islower()) or not y.islower():
            continue
        if not (_free(parts, i) or parts[2 * i + 2] == " ") or not _free(parts, i + 1):
            continue
        before = parts[2 * i]
        if before and before[-1] not in _OPEN:
            continue
        lx_ = x.lower()
        joined = lx_ + y.lower()
        if _z(joined) > 0 or lex.count(joined) > 0:
            continue
        found = _glue_splits_once(joined, lex, glue, prefixes)
        if len(found) != 1 or found[0][-1] == y or found[0][-1] in glue:
            continue
        if sum(map(len, found[0][:-1])) >= len(x):
            continue  # the book word must span the old space: function words, then it
        if (
            lex.count(found[0][-1]) < 1
            and (len(found[0]) > 2 or y.lower() in glue)
            and _z(lx_) >= 1.5
        ):
            continue  # "heave in" is no "he a vein", "sor and" no "so rand": a token English
            # knows, split off a function word or into two, must make a word of the book
        # last: the book's pair counts are built only when a pair gets this far
        if lex.count(lx_) > 1 and (pair_count is None or lex.count(lx_) > pair_count(x, y)):
            continue  # a word of the book: it stands elsewhere, not only in this pair
        new = _cased(found[0], x)
        changes.append(("moved_space", f"{x} {y}", new, {"parts": found[0]}))
        edits.append((2 * i + 1, 2 * i + 4, new))
        taken = i + 1
    if not changes:
        return text, changes
    parts = respliced(parts, edits)
    out = "".join(parts)
    keep_parts(out, parts, lex)
    return out, changes


LONG_RUN = 12  # letters: a token this long that English and the book do not know
CAMEL_RE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")


def _run_word_score(w: str, lex: Lexicon) -> float | None:
    """The log10 chance of *w* as a word of running English (a zipf frequency less 9), or
    None where *w* may not stand as a word in a long run's split: one letter other than
    ``a``, two letters rarer than a function word, three rarer than zipf 3.5, four rarer
    than zipf 3, a longer word rarer than zipf 2, unless the book writes it twice."""
    z = _z(w)
    if len(w) == 1:
        return z - 9.0 if w == "a" else None
    if (len(w) == 2 and z < 5.0) or (len(w) == 3 and z < 3.5):
        return None
    if z >= 3.0 or (len(w) >= 5 and z >= 2.0):
        return z - 9.0
    if len(w) >= 4 and lex.count(w) >= 2:
        return 2.0 - 9.0
    return None


def segment_run(low: str, lex: Lexicon) -> list[str] | None:
    """The likeliest split of the lower-case letters *low* into words (`_run_word_score`,
    a unigram model: the product of the words' chances), or None where none splits it.

    >>> segment_run("thewettestdaysfellinoctober", Lexicon([]))
    ['the', 'wettest', 'days', 'fell', 'in', 'october']
    >>> segment_run("xqzvbnmwrt", Lexicon([])) is None
    True
    """
    n = len(low)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, 0)
    for i in range(1, n + 1):
        for j in range(max(0, i - 20), i):
            if best[j] is None:
                continue
            s = _run_word_score(low[j:i], lex)
            if s is None:
                continue
            cand = best[j][0] + s  # type: ignore[index]
            if best[i] is None or cand > best[i][0]:  # type: ignore[index]
                best[i] = (cand, j)
    if best[n] is None:
        return None
    parts, i = [], n
    while i > 0:
        j = best[i][1]  # type: ignore[index]
        parts.append(low[j:i])
        i = j
    return parts[::-1]


def _long_run_split(
    word: str,
    lex: Lexicon,
    glue: frozenset[str] = frozenset(),
    prefixes: frozenset[str] = frozenset(),
) -> list[str] | None:
    """*word* (letters only) cut into the words it is made of, its own letters kept, where
    it is a long run of words an extraction set without spaces: twelve letters or more,
    unknown to English and written once in the book, no inflection of a book word; split
    at a capital after a small letter first (``ofHollinsBridgeSchool``), each piece that is
    no word split by `segment_run`; three words at least, one piece split in two or more
    (``NullPointerException`` is an identifier, not glued words); with *glue* given, one of
    them a function word, and none of *prefixes* standing alone (``Semibalanella``).

    >>> _long_run_split("itwasrunbytheschoolofHollinsBridgeSchool", Lexicon([]))
    ['it', 'was', 'run', 'by', 'the', 'school', 'of', 'Hollins', 'Bridge', 'School']
    >>> _long_run_split("NullPointerException", Lexicon([])), _long_run_split("counterrevolutionaries", Lexicon([]))
    (None, None)
    """
    low = word.lower()
    if len(word) < LONG_RUN or _z(low) > 0 or lex.count(word) > 1 or lex.inflects(word):
        return None
    out: list[str] = []
    split_one = False
    for piece in CAMEL_RE.split(word):
        pl = piece.lower()
        if _z(pl) > 0 or (lex.count(piece) >= 1 and len(piece) < 8):
            out.append(piece)
            continue
        seg = segment_run(pl, lex)
        if seg is None:
            return None
        split_one = split_one or len(seg) >= 2
        k = 0
        for w in seg:  # (the piece's own letters, capitals kept)
            out.append(piece[k : k + len(w)])
            k += len(w)
    lows = [w.lower() for w in out]
    if (glue and not any(w in glue for w in lows)) or any(w in prefixes for w in lows):
        return None  # (no function word among them: a name, "Semi balan ella"; a prefix alone)
    return out if split_one and len(out) >= 3 else None


def _has_long_runs(lex: Lexicon) -> bool:
    """Does the book write a word of twelve letters or more, once, that English does not
    know and that splits into words (`segment_run`)? Decided once a book."""
    key = "has_long_runs"
    if key not in lex.memo:
        lex.memo[key] = any(
            len(w) >= LONG_RUN and c == 1 and _z(w) == 0 and segment_run(w, lex) is not None
            for w, c in lex.words.items()
        )
    return lex.memo[key]


def split_long_runs(
    text: str,
    lex: Lexicon,
    glue: frozenset[str] = frozenset(),
    prefixes: frozenset[str] = frozenset(),
) -> tuple[str, list[tuple[str, str, str, dict]]]:
    """Split the long runs of glued words an extraction wrote without spaces (Ghostscript's
    txtwrite, pypdf in tight lines: ``wassetupbythesciencedepartmentofHollinsBridgeSchool``)
    into their words (`_long_run_split`), where the run stands free: white space or
    punctuation on both sides.

    >>> t = "It wasrunbythesciencedepartment, andit works."
    >>> split_long_runs(t, Lexicon([t]))[0]
    'It was run by the science department, andit works.'
    """
    if not _has_long_runs(lex):
        return text, []  # (most books hold none: looked for once, in the book's words)
    splits = lex.decided(
        ("long_run_splits", glue, prefixes), lambda w: _long_run_split(w, lex, glue, prefixes)
    )
    parts = letter_parts(text, lex)
    words = parts[1::2]
    changes: list[tuple[str, str, str, dict]] = []
    edits: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        if len(word) < LONG_RUN or splits[word] is None:
            continue
        before, after = parts[2 * i], parts[2 * i + 2]
        if before and not (before[-1] in _OPEN or before[-1] in ",;:"):
            continue
        if after and not (after[0] in _CLOSE and not (after[0] == "." and after[1:2].isalpha())):
            continue
        split = splits[word]
        if foreign_around(words, i, lambda w: splits[w] is not None):
            continue  # (words around that mean nothing in English: another language)
        new = " ".join(split)
        changes.append(("glued_long_run", word, new, {"words": len(split)}))
        edits.append((2 * i + 1, 2 * i + 2, new))
    return ("".join(respliced(parts, edits)) if changes else text), changes
