"""Hyphens between two word parts: a line-end hyphen (``exam-|ple``) or a hyphen that a
converter left with a space after it (``con- figuration``). Shared by rejoin_lines and
fix_spacing: remove the hyphen only when the joined word is attested (in the book, in
English) and the hyphenated form is not; keep real compounds (``well-known``).
"""

from __future__ import annotations

from stages.lexicon import SUFFIXES, Lexicon, zipf

# Function words: a line-end hyphen after one is nearly always the typesetter's
FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for with from as is be it this that and or but nor if up "
    "out over under".split()
)
# Words after a suspended hyphen: "pre- and post-conditions" keeps its hyphen and space.
SUSPENDED_NEXT = frozenset({"and", "or", "nor", "to", "und", "oder"})


# A joined form this common in English (a few per million words) is a word of its own that
# English writes closed, also when both parts are words ("life-|time", "wild-|life"): at a
# line end, where a hyphen is far more often the typesetter's than the author's, it goes.
# Closed compounds are always rarer than their parts, so comparing with them cannot show it;
# compounds English hyphenates are rarer closed ("hand-written" 3.3, "long-term" 2.8).
COMMON_JOINED = 3.5
# Latinate prefixes that English never sets off with a hyphen (unlike pre-, co-, self-):
# "con-|currently", "dis-|appear" at a line end are the typesetter's breaks, even where a
# word list counts the prefix as a word of its own ("con", "ad", "am").
BOUND_PREFIXES = frozenset(
    "ab ac ad af ag ap as at col com con cor dis ef em en il im ir mis ob".split()
)


# The SI's prefixes and units: a unit takes its prefix closed ("mega-|pascals" is the
# typesetter's break of "megapascals"), though "mega" and "micro" are words of their own
SI_PREFIXES = frozenset(
    "pico nano micro milli centi deci deca deka hecto kilo mega giga tera peta".split()
)
SI_UNITS = frozenset(
    (
        "metre meter gram litre liter watt volt joule pascal newton hertz ampere ohm byte "
        "bit tonne second calorie becquerel coulomb farad henry kelvin lux mole siemens "
        "tesla weber"
    ).split()
)


# Endings that only inflect a word: no compound English writes with a hyphen ends in one.
INFLECTIONS = frozenset({"ing", "ings", "ed"})
STEM_PREFIXES = ("re", "un", "pre", "over", "under", "out", "mis", "de")


def _stem_known(a: str, lex: Lexicon) -> bool:
    """Is *a* a word (of English, or of the book), or one after a common prefix?

    >>> lx = Lexicon(["the kiln"])
    >>> [_stem_known(w, lx) for w in ["kiln", "repitch", "zqxw", "restrzq"]]
    [True, True, False, False]
    """
    low = a.lower()
    if zipf(low) >= 2.0 or lex.count(low) >= 1:
        return True
    return any(low.startswith(px) and zipf(low[len(px) :]) >= 3.0 for px in STEM_PREFIXES)


def _two_words(b: str) -> bool:
    """Is *b* two common words of English glued (each 30 per million words or more
    and two letters long or more, ``wasclear``), no word itself?

    >>> _two_words("wasclear"), _two_words("ple"), _two_words("centrated"), _two_words("cover")
    (True, False, False, False)
    """
    low = b.lower()
    if not low.isalpha() or zipf(low) >= 2.0:
        return False
    return any(zipf(low[:k]) >= 4.5 and zipf(low[k:]) >= 4.5 for k in range(2, len(low) - 1))


def hyphen_decision(
    a: str, b: str, lex: Lexicon, *, common_joined: float | None = None, typeset: bool = False
) -> tuple[str, dict]:
    """Decide a line-end hyphen between fragments *a* and *b*.

    Returns (rule, evidence) with rule ``dehyphenate``, ``keep_hyphen`` or ``hyphen_undecided``.
    *common_joined*: a joined form at least this common in English (zipf) is taken even
    when both parts are words, unless the book writes the hyphenated form more often.
    *typeset*: the hyphen is the typesetter's (see below), not the author's.

    >>> lx = Lexicon(["an example", "a well-known tool", "on a time-scale of years"])
    >>> [hyphen_decision(a, b, lx)[0] for a, b in [("exam", "ple"), ("well", "known"),
    ...   ("command", "line"), ("self", "regulation"), ("some", "thing"), ("unread", "able")]]
    ['dehyphenate', 'keep_hyphen', 'keep_hyphen', 'keep_hyphen', 'dehyphenate', 'dehyphenate']
    >>> [hyphen_decision(a, b, lx, common_joined=COMMON_JOINED)[0] for a, b in [("life", "time"),
    ...   ("hand", "written"), ("long", "term"), ("con", "currently"), ("self", "aware"),
    ...   ("shear", "ing"), ("centi", "metres"), ("micro", "bevel"), ("with", "drawing"),
    ...   ("to", "do"), ("in", "house"), ("water", "logged"), ("long", "term"), ("pre", "war"),
    ...   ("time", "scales"), ("mega", "pascals"), ("micro", "seconds")]]
    ['dehyphenate', 'keep_hyphen', 'keep_hyphen', 'dehyphenate', 'keep_hyphen', 'dehyphenate', 'dehyphenate', 'keep_hyphen', 'dehyphenate', 'hyphen_undecided', 'hyphen_undecided', 'dehyphenate', 'keep_hyphen', 'keep_hyphen', 'keep_hyphen', 'dehyphenate', 'dehyphenate']
    """
    joined, hyph = a + b, f"{a}-{b}"
    bj, bh = lex.count(joined), lex.hyphenated(hyph)
    zj, za, zb = zipf(joined), zipf(a), zipf(b)
    ev = {"joined": joined, "book_joined": bj, "book_hyphenated": bh, "zipf_joined": zj}
    if "-" in a or b[:1].isupper():
        return "keep_hyphen", ev
    if bh == bj == 0 and len(b) >= 4:
        # the book's usage of the other number: "time-scale" there keeps "time-|scales"
        other = b[:-1] if b.endswith("s") else b + "s"
        bj, bh = lex.count(a + other), lex.hyphenated(f"{a}-{other}")
        if bj or bh:
            ev["book_other_number"] = {"joined": bj, "hyphenated": bh}
    if bh > bj:
        return "keep_hyphen", ev
    if bj > bh:
        return "dehyphenate", ev
    if typeset and (zj >= 1.0 or bj) and len(a) >= 2 and len(b) >= 2:
        # *typeset*: the typesetter's own hyphen (U+2010 at the line's end, in a book whose
        # hyphens inside its lines are all the ASCII one: a renderer that hyphenates, such
        # as WeasyPrint or a browser, puts it in at a break; an author's compound keeps its
        # ASCII hyphen there too): a break in a word English knows ("sen-|try", though
        # "sen" is a word)
        ev["typeset_hyphen"] = True
        return "dehyphenate", ev
    if common_joined is not None and zj >= common_joined:
        return "dehyphenate", ev
    unit = b.lower()[:-1] if b.lower().endswith("s") and b.lower() != "siemens" else b.lower()
    if a.lower() in SI_PREFIXES and (unit in SI_UNITS or b.lower() in SI_UNITS):
        ev["si_unit"] = f"{a.lower()}{b.lower()}"
        return "dehyphenate", ev
    if a.lower() in BOUND_PREFIXES and zj >= 2.0:
        ev["bound_prefix"] = a.lower()
        return "dehyphenate", ev
    if a.lower() == "re" and b[:1].lower() not in "e" and zj >= 2.0:
        # "re-|pays": English closes re- except before an e (re-enter) or to tell two
        # words apart (re-cover), which the closed word's frequency does not settle here
        ev["bound_prefix"] = "re"
        return "dehyphenate", ev
    if b.lower() in SUFFIXES and zj >= 2.0:
        # "shear-|ing", "prefer-|able": an ending is no part of a compound, although word
        # lists count "ing" and "able" as words
        ev["suffix"] = b.lower()
        return "dehyphenate", ev
    if b.lower() in INFLECTIONS and len(a) >= 3 and a.isalpha() and _stem_known(a, lex):
        # "kiln-|ing", "repitch-|ing": an inflection of a known stem (or of a known word
        # after a prefix), which no compound ends in, although English lists lack the form
        ev["inflection"] = b.lower()
        return "dehyphenate", ev
    if a.lower() in FUNCTION_WORDS and zj >= 3.2:
        # "with-|drawing", "up-|on": a function word is seldom a compound's first part
        # (those English writes closed often are: "to-do" 3.0, "by-product" 3.0 keep theirs)
        ev["function_word"] = a.lower()
        return "dehyphenate", ev
    if len(a) >= 3 and za < 2.5 and lex.count(a) <= 1 and zj >= 2.0:
        # "centi-|metres": the first part is no word of its own (the book writes it only
        # here, at this line end), and English knows the
        # joined word (compounds join words: "well-known", "command-line")
        ev["first_part_zipf"] = za
        return "dehyphenate", ev
    # Both parts words of their own (of three letters or more: "en-forced" is a split).
    parts_are_words = za >= 3.0 and zb >= 3.0 and min(len(a), len(b)) >= 3
    if zj >= 3.0 and (not parts_are_words or zj >= min(za, zb) - 0.5):
        return "dehyphenate", ev
    if parts_are_words and zj >= 2.0 and min(za, zb) < 4.0:
        # "water-|logged", "honey-|comb", "inter-|locking": English knows the closed word,
        # and one part is a rarer word (4 per million or less) that seldom stands in a
        # compound English hyphenates; the common-word pairs of such compounds keep
        # theirs ("long-term", "book-case", "sea-wall", "pre-war")
        ev["rarer_part_zipf"] = min(za, zb)
        return "dehyphenate", ev
    if parts_are_words:
        return "keep_hyphen", ev
    b_known = zb >= 1.5 or lex.count(b) >= 1
    if zj == 0 and bj == 0 and b_known and min(len(a), len(b)) >= 3 and za >= 3.0:
        return "keep_hyphen", ev  # "left-|associative": two words, the joined form unknown
    if zj == 0 and bj == 0 and _two_words(b):
        # "ex-|wasclear": the second part is two words glued (a column's line beside
        # another's), no half of a word; joined, English knows neither
        ev["glued_second_part"] = True
        return "hyphen_undecided", ev
    if zb < 3.0 and len(b) >= 2:
        return "dehyphenate", ev  # the second part is no word on its own: a split word
    if b in SUFFIXES and zj > 0:
        return "dehyphenate", ev  # "unread-|able": an ending, and English knows the word
    return "hyphen_undecided", ev
