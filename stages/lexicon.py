"""Word evidence shared by the spacing and unwrap stages: the book's own vocabulary and
English word frequencies (wordfreq), both looked up in lower case.

The wordfreq table is loaded once per process, on first use.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

import regex

# Letters, with inner apostrophes ("doesn’t"); written without a lookahead for speed.
WORD_RE = regex.compile(r"\p{L}+(?:[’']\p{L}+)*")
DOTTED_RE = regex.compile(r"\p{L}+[.!?]\p{L}+")
STOP_BETWEEN_RE = regex.compile(r"(?<=\p{L})[.!?](?=\p{L})")
LETTERS_BEFORE_RE = regex.compile(r"(?r)\p{L}+")
LETTERS_RE = regex.compile(r"\p{L}+")
# Text whose letters are all ASCII (most English books) is tokenised by the standard
# library's re, which is faster than regex there: [A-Za-z] is \p{L} on such text, so the
# tokens are the same. A non-ASCII letter is found by its (rare) non-ASCII character first.
NON_ASCII_LETTER_RE = regex.compile(r"[^\x00-\x7f](?<=\p{L})")
ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:[’'][A-Za-z]+)*")
ASCII_RUN_RE = re.compile(r"[A-Za-z’']+")
LETTERS_SPLIT_RE = regex.compile(r"(\p{L}+)")
ASCII_LETTERS_SPLIT_RE = re.compile(r"([A-Za-z]+)")
ASCII_LETTERS_RE = re.compile(r"[A-Za-z]+")
HYPHENATED_RE = regex.compile(r"(?<!\p{L})\p{L}+(?:-\p{L}+)+")
LETTERS_HYPHENS_RE = regex.compile(r"[\p{L}-]*")
LETTERS_HYPHENS_BEFORE_RE = regex.compile(r"(?r)[\p{L}-]*")

# Endings that are no word of their own after another fragment ("cover ed", "render ing").
SUFFIXES = frozenset(
    [
        "ed",
        "ing",
        "ings",
        "ly",
        "es",
        "er",
        "ers",
        "est",
        "en",
        "ent",
        "ence",
        "ences",
        "ance",
        "ances",
        "ment",
        "ments",
        "ness",
        "tion",
        "tions",
        "sion",
        "sions",
        "ity",
        "ities",
        "ive",
        "ives",
        "ous",
        "al",
        "ally",
        "able",
        "ible",
        "ful",
        "less",
        "ize",
        "ise",
        "ized",
        "ised",
        "izes",
        "ism",
        "ist",
        "ists",
        "ge",
        "ges",
        "ture",
        "tures",
        "ure",
        "ic",
        "ics",
        "ical",
        "ia",
        "ian",
        "ians",
    ]
)


@lru_cache(maxsize=1)
def _freqs() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=200_000)
def cached_zipf(word: str) -> float:
    """`zipf`, remembered: the spacing passes ask for the same words again and again."""
    return zipf(word)


def zipf(word: str) -> float:
    """Zipf frequency of *word* in English (0 when unknown; 'the' is about 7.7).

    >>> zipf("arguments") > 4 > zipf("guments")
    True
    """
    f = _freqs().get(word.lower())
    return round(math.log10(f) + 9, 2) if f else 0.0


def script_spans(text: str) -> list[tuple[int, int, bool]]:
    """*text* cut at line breaks into (start, end, ascii) stretches: the lines holding a
    non-ASCII letter (rare: a name, a symbol) apart, so that only they need regex; the
    rest are *ascii* (no letter but A-Z, a-z). A cut never falls inside a run of letters.

    >>> script_spans("ab\\ncafé x\\ny\\nz"), script_spans("ab")
    ([(0, 3, True), (3, 9, False), (9, 13, True)], [(0, 2, True)])
    """
    spans = []
    pos = 0
    m = NON_ASCII_LETTER_RE.search(text)
    while m:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if start > pos:
            spans.append((pos, start, True))
        spans.append((start, end, False))
        pos = end
        m = NON_ASCII_LETTER_RE.search(text, end)
    if pos < len(text) or not spans:
        spans.append((pos, len(text), True))
    return spans


def split_letters(text: str) -> list[str]:
    """``LETTERS_SPLIT_RE.split(text)``: [gap, letters, gap, letters, …, gap], split by
    `script_spans` (the two gaps where two stretches meet make one).

    >>> split_letters("an ar guments, café"), split_letters("x") == LETTERS_SPLIT_RE.split("x")
    (['', 'an', ' ', 'ar', ' ', 'guments', ', ', 'café', ''], True)
    >>> t = "a b\\nc é d\\n\\nf é\\ng"
    >>> split_letters(t) == LETTERS_SPLIT_RE.split(t)
    True
    """
    spans = script_spans(text)
    if len(spans) == 1:
        return (ASCII_LETTERS_SPLIT_RE if spans[0][2] else LETTERS_SPLIT_RE).split(text)
    parts = [""]
    for start, end, is_ascii in spans:
        more = (ASCII_LETTERS_SPLIT_RE if is_ascii else LETTERS_SPLIT_RE).split(text[start:end])
        parts[-1] += more[0]
        parts += more[1:]
    return parts


def letter_runs(text: str) -> list[str]:
    """``LETTERS_RE.findall(text)``, the lines without a non-ASCII letter searched by the
    standard library's re (`script_spans`), which is faster there.

    >>> t = "a b-c\\nd café, e\\nf"
    >>> letter_runs(t) == LETTERS_RE.findall(t)
    True
    """
    out: list[str] = []
    for start, end, is_ascii in script_spans(text):
        out += (ASCII_LETTERS_RE if is_ascii else LETTERS_RE).findall(text, start, end)
    return out


def word_forms(texts: list[str], chunk: int = 256) -> Counter[str]:
    """``Counter(WORD_RE.findall("\\n".join(texts)))``, *chunk* texts at a time, so that
    the lines with a rare non-ASCII letter alone go to the slower regex (`script_spans`:
    no word spans a line).

    >>> word_forms(["it’s a café", "a b"]) == Counter(WORD_RE.findall("it’s a café\\na b"))
    True
    >>> t = "’tis the dogs’ bone, rock’n’roll, a''b and ’’ it's\\ncafé’s it’s"
    >>> word_forms([t]) == Counter(WORD_RE.findall(t))
    True
    """
    forms: Counter[str] = Counter()
    runs: Counter[str] = Counter()  # from the ASCII stretches
    for i in range(0, len(texts), chunk):
        text = "\n".join(texts[i : i + chunk])
        for start, end, is_ascii in script_spans(text):
            if is_ascii:
                # runs of letters and apostrophes, a simpler pattern that re finds faster;
                # the few distinct runs with an apostrophe are cut into words below
                runs.update(ASCII_RUN_RE.findall(text, start, end))
            else:
                forms.update(WORD_RE.findall(text, start, end))
    # A run's words are ASCII_WORD_RE's matches inside it (neither pattern reaches past it).
    for run in [r for r in runs if "’" in r or "'" in r]:
        n = runs.pop(run)
        for word in ASCII_WORD_RE.findall(run):
            runs[word] += n
    forms.update(runs)
    return forms


def dotted_words(text: str) -> list[str]:
    """What ``DOTTED_RE.findall(text)`` finds (``it.If``, ``http.Get``), found from the
    stops between letters, which are rare, rather than from every letter.

    >>> dotted_words("see http.Get, a.b.c and it.If or x. y")
    ['http.Get', 'a.b', 'it.If']
    """
    return [text[start:end] for start, end in dotted_spans(text)]


def dotted_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each of `dotted_words`."""
    out = []
    taken = 0
    for m in STOP_BETWEEN_RE.finditer(text):
        left = LETTERS_BEFORE_RE.search(text, taken, m.start())
        if left is None or left.end() != m.start():
            continue  # the word before it is part of the previous match
        right = LETTERS_RE.match(text, m.end())
        out.append((left.start(), right.end()))
        taken = right.end()
    return out


def _dotted_forms(text: str) -> tuple[list[str], list[str]]:
    """`dotted_words` of *text* in lower case (``dotted_words(text.lower())``) and as
    written, from one scan when lower-casing keeps every character one character: it then
    keeps letters letters and stops stops (checked for every code point), so the matches
    stand at the same places in both. (Only "İ" grows, to "i" and a combining dot.)

    >>> _dotted_forms("see Http.Get"), _dotted_forms("İ.Xy a.B")
    ((['http.get'], ['Http.Get']), (['a.b'], ['İ.Xy', 'a.B']))
    """
    low = text.lower()
    if len(low) != len(text):
        return dotted_words(low), dotted_words(text)
    spans = dotted_spans(text)
    return [low[a:b] for a, b in spans], [text[a:b] for a, b in spans]


def _sub_around_hyphens(text: str, func: Callable[[regex.Match], str]) -> str:
    """``HYPHENATED_RE.sub(func, text)``, searching only the runs of letters and hyphens
    around each hyphen (a match lies inside one; its lookbehind still sees the text).

    >>> _sub_around_hyphens("a well-known, self-made -- tool", lambda m: "_")
    'a _, _ -- tool'
    """
    out: list[str] = []
    last = 0
    i = text.find("-")
    while i >= 0:
        start = LETTERS_HYPHENS_BEFORE_RE.search(text, 0, i).start()
        end = LETTERS_HYPHENS_RE.match(text, i).end()
        for m in HYPHENATED_RE.finditer(text, start, end):
            out.append(text[last : m.start()])
            out.append(func(m))
            last = m.end()
        i = text.find("-", end)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _prefix_ends(lengths: list[int]) -> list[int]:
    """For words of *lengths* (longest first) joined by line breaks: at index *k*, where
    the words of *k* letters or more end.

    >>> _prefix_ends([3, 3, 1])  # "abc\\ndef\\ng"
    [9, 9, 7, 7]
    """
    ends = [0] * (max(lengths, default=0) + 1)
    end = -1
    for n in lengths:
        end += n + 1
        ends[n] = end
    for k in range(len(ends) - 2, -1, -1):
        ends[k] = max(ends[k], ends[k + 1])
    return ends


IDENTIFIER_SHAPE_RE = regex.compile(r"\p{Ll}\p{Lu}|[\d_]")  # DeadlineExceeded, go1, max_len


def _namespaces(dotted: Counter[str], written: list[str]) -> frozenset[str]:
    """The words (lower case) the book writes before a stop and two or more different
    names, one of them shaped like an identifier (see `Lexicon.namespace`); *dotted* counts
    the book's `dotted_words` in lower case, *written* lists them as written."""
    heads = Counter(w.split(".", 1)[0] for w in dotted)
    many = {h for h, n in heads.items() if n >= 2}
    if not many:
        return frozenset()
    shaped = {
        w.split(".", 1)[0].lower()
        for w in written
        if w.split(".", 1)[0].lower() in many and IDENTIFIER_SHAPE_RE.search(w.split(".", 1)[1])
    }
    return frozenset(shaped)


class Decided(dict):
    """A memo that decides a key it lacks on first use (``func(key)``, once): a pass looks
    up every word of a text with one ``map(memo.__getitem__, words)``, in C, rather than
    first building the set of the words to fill it.

    >>> d = Decided(len)
    >>> list(map(d.__getitem__, ["ab", "c", "ab"])), d
    ([2, 1, 2], {'ab': 2, 'c': 1})
    """

    def __init__(self, func: Callable) -> None:
        super().__init__()
        self.func = func

    def __missing__(self, key: object) -> object:
        value = self[key] = self.func(key)
        return value


def inflection_stems(token: str) -> list[str]:
    """The words *token* may be an inflected form of (-s, -es, -ed, -ing, -er taken off),
    in lower case.

    >>> inflection_stems("Wassailed"), inflection_stems("pots")
    (['wassail', 'wassaile'], ['pot'])
    """
    t = token.lower()
    stems = []
    if t.endswith("s"):
        stems.append(t[:-1])
    if t.endswith("es"):
        stems.append(t[:-2])
    if t.endswith("ed"):
        stems += [t[:-2], t[:-1]]
    if t.endswith("ing"):
        stems += [t[:-3], t[:-3] + "e"]
    if t.endswith("er"):
        stems += [t[:-2], t[:-1]]
    return stems


def _apart_in(text: str, a: str, b: str) -> int:
    """Occurrences of the word *a*, white space, then the word *b* in *text* (no letter
    right before *a* or after *b*), found from the places the longer word stands.

    >>> _apart_in("a day, a  day away; aday a\\nday", "a", "day")
    3
    """
    anchor, first = (b, False) if len(b) >= len(a) else (a, True)
    n, i = 0, text.find(anchor)
    while i >= 0:
        j = i + len(anchor)
        whole = (i == 0 or not text[i - 1].isalpha()) and (j == len(text) or not text[j].isalpha())
        if whole and first:
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            end = k + len(b)
            n += k > j and text.startswith(b, k) and (end == len(text) or not text[end].isalpha())
        elif whole:
            k = i
            while k > 0 and text[k - 1].isspace():
                k -= 1
            start = k - len(a)
            n += (
                k < i
                and start >= 0
                and text.startswith(a, start)
                and (start == 0 or not text[start - 1].isalpha())
            )
        i = text.find(anchor, i + 1)
    return n


# a short word right after a number: "1 st", "8-st", "25 mm"
AFTER_NUMBER_RE = regex.compile(r"\d[ \-‐](\p{L}{1,4})(?![\p{L}\d])")


class Lexicon:
    """Counts of the words of one book (lower case), with hyphenated forms counted apart.

    >>> lx = Lexicon(["An offer is an offer.", "A well-known offer"])
    >>> lx.count("offer"), lx.hyphenated("well-known"), lx.count("well")
    (3, 1, 0)
    """

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        self._sub: dict[str, int] = {}
        # the text is scanned once for both forms (the scan costs as much as a word count)
        self._text = "\n".join(texts)  # (for `apart`, lower-cased when first asked)
        self._low: str | None = None
        self._apart: dict[tuple[str, str], int] = {}
        dotted_low, dotted_written = _dotted_forms(self._text)
        self._dotted = Counter(dotted_low)
        self._namespaces = _namespaces(self._dotted, dotted_written)
        found: list[str] = []

        def apart(m: regex.Match) -> str:  # a hyphenated form: counted apart, not as words
            found.append(m.group())
            return " "

        for i, text in enumerate(texts):
            if "-" in text:
                texts[i] = _sub_around_hyphens(text, apart)
        hyph = Counter(map(str.lower, found))
        forms = word_forms(texts)
        words: Counter[str] = Counter()
        lower: Counter[str] = Counter()  # written in lower case (a word, not only a name)
        upper: Counter[str] = Counter()  # written in capitals (an acronym: JSON, HTTP)
        for form, c in forms.items():
            low = form.lower()
            words[low] += c
            if form == low:
                lower[low] += c
            elif len(form) > 1 and form.isupper():
                upper[low] += c
        self.lower_forms = lower
        self.upper_forms = upper
        for w, c in list(words.items()):
            if w.endswith(("’s", "'s")):
                words[w[:-2]] += c  # a possessive attests its stem
        self.words = words
        self.hyphens = hyph
        # Decisions the stages derive from this book's evidence, cached for the book.
        self.memo: dict = {}
        # Every distinct word once, for "does this string stand inside another word?":
        # longest first, so the words long enough to hold a string are a prefix of the text.
        self._vocab = set(words) | set(hyph)
        by_length = sorted(self._vocab, key=len, reverse=True)
        self._vocab_long = "\n".join(by_length)
        self._vocab_ends = _prefix_ends(list(map(len, by_length)))

    def count(self, word: str) -> int:
        return self.words.get(word.lower(), 0)

    def decided(self, key: object, func: Callable) -> Decided:
        """The memo (`Decided`) under *key* in `memo`, deciding its keys with *func*."""
        memo = self.memo.get(key)
        if memo is None:
            memo = self.memo[key] = Decided(func)
        return memo

    def lower_count(self, word: str) -> int:
        """How often the book writes *word* in lower case.

        >>> lx = Lexicon(["Nitrogen feeds leaves; nitrogen is mobile. Ask JSON about json"])
        >>> lx.lower_count("Nitrogen"), lx.lower_count("Feeds"), lx.acronym("json"), lx.acronym("ask")
        (1, 1, True, False)
        """
        return self.lower_forms.get(word.lower(), 0)

    def acronym(self, word: str) -> bool:
        """Does the book write *word* in capitals at least as often as in lower case?"""
        low = word.lower()
        up = self.upper_forms.get(low, 0)
        return up > 0 and up >= self.lower_forms.get(low, 0)

    def occurrences(self, word: str) -> int:
        """How often *word* occurs in the book, counting the distinct longer words it stands
        inside once each; ``name.Word`` strings are counted as they are.

        >>> lx = Lexicon(["examongoing ongoing", "use http.Get and http.Get"])
        >>> lx.occurrences("ongoing"), lx.occurrences("http.Get")
        (2, 2)
        """
        w = word.lower()
        if w not in self._sub:
            if DOTTED_RE.fullmatch(w):
                self._sub[w] = self._dotted.get(w, 0)
            else:
                inside = self._vocab_count(w) - (1 if w in self.words else 0)
                self._sub[w] = self.words.get(w, 0) + inside
        return self._sub[w]

    def _vocab_count(self, w: str) -> int:
        """``"\\n".join(sorted(vocabulary)).count(w)``: for a string that cannot span two
        words, counted in the words longer than it alone, and a word as long as it holds
        it only by being it (the vocabulary is a set): one look-up, not a scan of those.

        >>> lx = Lexicon(["ongoing examongoing ongoingly songs"])
        >>> [lx._vocab_count(w) for w in ["ongoing", "song", "ongoingly", "x", "o", "gs"]]
        [3, 1, 1, 1, 7, 1]
        """
        if not w or "\n" in w:
            return "\n".join(sorted(self._vocab)).count(w)
        ends = self._vocab_ends
        k = len(w) + 1  # the words of k letters or more end at ends[k]
        longer = self._vocab_long.count(w, 0, ends[k]) if k < len(ends) else 0
        return longer + (1 if w in self._vocab else 0)

    def namespace(self, left: str) -> bool:
        """Does the book write *left* before a stop and two or more different names, one of
        them shaped like an identifier (``context.With``, ``context.DeadlineExceeded``): a
        package or an object, not a sentence end? (Glued sentences in one book repeat their
        words too, ``it.If``, ``it.The``, but no identifier.)

        >>> lx = Lexicon(["call context.With and context.DeadlineExceeded; it.If it.The"])
        >>> lx.namespace("context"), lx.namespace("it")
        (True, False)
        """
        return left.lower() in self._namespaces

    def apart(self, a: str, b: str) -> int:
        """How often the book writes the words *a* and *b* (lower case) one after the other,
        only white space between, in any case. Found from where the longer of the two
        stands (``str.find``), so a pair of short words costs more: asked only of the few
        tokens that might be such a pair glued together.

        >>> lx = Lexicon(["Such as these, such\\nas those; suchas", "nonsuch as such ash"])
        >>> lx.apart("such", "as"), lx.apart("as", "such"), lx.apart("such", "ash")
        (2, 1, 1)
        """
        key = (a, b)
        if key not in self._apart:
            if self._low is None:
                self._low = self._text.lower()
            self._apart[key] = _apart_in(self._low, a, b)
        return self._apart[key]

    def hyphenated(self, word: str) -> int:
        return self.hyphens.get(word.lower(), 0)

    def inflects(self, token: str) -> bool:
        """Is *token* an inflected form (-s, -es, -ed, -ing, -er) of a word of four letters
        or more that the book writes twice, or once where English knows it (``wassails``,
        ``wassailed`` beside ``wassail``): one word, whatever its parts would make?

        >>> lx = Lexicon(["the wassail, a cadge and a cadge"])
        >>> [lx.inflects(t) for t in ["wassails", "wassailed", "cadging", "thecats", "wassail"]]
        [True, True, True, False, False]
        """
        return any(
            len(st) >= 4 and (self.count(st) >= 2 or (self.count(st) == 1 and cached_zipf(st) > 0))
            for st in inflection_stems(token)
        )

    def after_number(self, word: str) -> int:
        """How often the book writes *word*, as written, right after a number (``1 st``,
        ``8-st``, ``25 mm``): a unit or an abbreviation of the book's own.

        >>> lx = Lexicon(["cast on 1 st, then an 8-st cable; st st"])
        >>> lx.after_number("st"), lx.after_number("cable")
        (2, 0)
        """
        counts = self.memo.get("after_number")
        if counts is None:  # (one pass over the book, when first asked)
            counts = self.memo["after_number"] = Counter(AFTER_NUMBER_RE.findall(self._text))
        return counts.get(word, 0)

    @staticmethod
    def zipf(word: str) -> float:
        return zipf(word)
