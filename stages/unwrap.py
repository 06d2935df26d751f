"""rejoin_lines: turn printed lines back into paragraphs; dehyphenate on evidence.

Blocks: blank lines, headings, list items, code (code-shaped or monospace lines), tables
(columns set apart by runs of spaces, or rows of figures whose columns lost their spacing)
and verse (a run of short capitalised lines that end no sentence) start and end blocks. A
heading-shaped line that goes on with the sentence of the line before, or runs on into the
next line, is running text. Inside running text a paragraph also ends at a line that closes
a sentence and is clearly shorter than the book's full lines, or whose next line's first
word would have fitted on it, or before an indented first line, and at an end-of-proof mark.
A paragraph continues across a page break unless the previous page closed it (a sentence
end, or a displayed formula standing as a block of its own).

Line-end hyphens (rules ``dehyphenate``, ``keep_hyphen``, ``hyphen_undecided``): the hyphen
goes when the joined word is attested (more often than the hyphenated form in the book, or
common in English) and stays for compounds (the hyphenated form is used in the book, or both
parts are words and the joined form is not a common English word). A line-end soft hyphen
is a break; an em or en dash stays. Undecidable cases keep the hyphen and are logged.
"""

from __future__ import annotations

import collections
import functools
import itertools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

import regex

from pipeline.document import Block, Book, Line
from pipeline.registry import StageLog, register
from stages.furniture import CHAPTER_LABEL_RE
from stages.hyphens import COMMON_JOINED, FUNCTION_WORDS, SUSPENDED_NEXT, hyphen_decision
from stages.lexicon import Lexicon, zipf
from stages.pages import NOTE_LOOKAHEAD, note_line_re
from stages.shapes import (
    BULLETS,
    CONTENTS_HEAD_RE,
    DATE_LINE_RE,
    PART_TITLE_RE,
    body_size,
    code_line_flags,
    indent_of,
    is_list_item,
    is_numbered_item,
    prose_indent,
)
from stages.spacing import (
    GLUE_WORDS,
    NAME_TITLES,
    SpacingParams,
    case_ok,
    fix_punctuation,
    join_decision,
    joinable_words,
)

# A sentence end, also with a footnote mark after it ("catches it.1", "the end.*"), or an
# end-of-proof mark set apart ("the sequence (−an). □").
SENTENCE_END_RE = regex.compile(
    r"(?r)(?:[.!?:…][”’\"')\]]*|(?<=\p{L}[.!?][”’\"')\]]*)(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|[*†‡])"
    r"|(?<=\s)[□■∎◻◼])$"
)
PROOF_END_RE = regex.compile(r"(?r)(?<=\s)[□■∎◻◼]$")
# A displayed formula: a relation between spaced terms, with hardly any words
# ("m − M = 5 log10 d − 5 (7.1)", "an+1 = √(2 + an) for n ≥ 1.").
RELATION_RE = regex.compile(r"\s(?:=|<|>|≤|≥|≈|≠|≡|∼|≃|∝|→|⇒|⇔)\s")
WORD3_RE = regex.compile(r"\p{L}{3,}")
HYPHEN_END_RE = regex.compile(r"(?r)(?P<word>[\p{L}’'-]*\p{L})[-‐]$")
NEXT_WORD_RE = regex.compile(r"^\s*(?P<word>\p{L}+)")
CHAPTER_RE = regex.compile(
    r"^\s*(?=\p{Lu})(?i:(?:chapter|part|appendix|section|book)\s+(?:\d+|[ivxlc]+|[a-z]|one|two|"
    r"three|four|five|six|seven|eight|nine|ten))\b.{0,70}$"  # (not "section 17 for …": a reference)
)
# "3.3 Flushing", "4 Joining Lines" (but not "1. Open the file", a list item)
NUMBERED_HEADING_RE = regex.compile(
    r"^\s*\d{1,2}(?:(?:\.\d{1,2}){1,3}\.?)?\s+\p{Lu}[^.!?]{0,70}$"  # (also "1.1. Installing")
)
LEADER_LINE_RE = regex.compile(r"\S.*?(?:\s?\.){3,}\s*(?:\d+|[ivxlcdm]+)\s*$")
TABLE_RE = regex.compile(r"\S {3,}\S.* {3,}\S|\S\t\S")
CELL_GAP_RE = regex.compile(r"\S {3,}\S")  # (one gap as wide as a table's)
SPACES_RE = regex.compile(r"[ \t]{2,}")
LAST_WORD_RE = regex.compile(r"(?r)(?:^|\s)(\p{L}+)$")
# A web address that a line break cut after a slash, dot or similar, and its continuation
URL_END_RE = regex.compile(r"(?:https?://|www\.)(?:\S*[/._#?=&~])?$")  # also "https://" alone
URL_MORE_RE = regex.compile(r"^[a-z0-9_%~][\w%~#?=&.-]*[/.][\w/%~#?=&.-]*[\w/]")
FIRST_WORD_RE = regex.compile(r"^(\p{L}+)(?=$|[\s,.;:!?)])")
SPACING_DEFAULTS = SpacingParams()
PUNCT_STARTS = set(",.;:!?)]")
CODE_PUNCT_RE = regex.compile(r"[=;{}]")
# A numbered statement that opens a paragraph of its own: "Theorem 3.2.", "Proof.",
# "Definition 1.4 (Stability).", "Example 2:", "Exercise 5."
STATEMENT_RE = regex.compile(
    r"^\s*(?:Theorem|Lemma|Corollary|Proposition|Definition|Example|Remark|Exercise|"
    r"Problem|Conjecture|Claim|Axiom|Proof|Case|Solution|Answer|Hint)(?:\s+\d+(?:\.\d+)*)?(?:\s+\([^)]{1,40}\))?[.:]\s"
)
# A displayed formula numbered at its right: "|N(S)| ≥ |S| for every S ⊆ X. (3.4)"
EQUATION_NUMBER_RE = regex.compile(r"\s\((?:\d{1,2}\.){0,2}\d{1,3}[a-z]?\)$")
# Lines already whole paragraphs (a converter's reflow): a full line is this long
LINE_PER_PARAGRAPH = 150
# A speaker's label opening a speech in a play: "NELL.", "MR QUAYLE.", "FIRST WITCH."
# Also an interview's (or a dialogue's) "TOM ABARA:", "Q:", "Camille :" (French spacing),
# after a timestamp ("[00:24:30] TOM ABARA: …").
SPEAKER_RE = regex.compile(
    r"^\s*(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?"
    r"(?:(\p{Lu}[\p{Lu}’'-]+(?: \p{Lu}[\p{Lu}’'-]+){0,2})\."
    r"|(\p{Lu}[\p{Lu}’'-]*(?: \p{Lu}[\p{Lu}’'-]+){0,2}|\p{Lu}\p{Ll}+)[ \u00a0\u202f]?:)(?:\s|$)"
)
# A letter's salutation: "Dear Meg,", "My dear Sir,", "Dearest Anna,"
SALUTATION_RE = regex.compile(r"^(?:(?:My\s+)?[Dd]ear(?:est)?|To)\s+\S.{0,40},$")
# A speech broken off by a dash inside its closing quote: "‘And now I think—’"
INTERRUPTED_RE = regex.compile(r"[—–]+[’”\"']$")
# A row of figures (three or more) that ends in a dash standing for an empty cell:
# "47 × 150 400 2.69 –" (a range broken at its dash, "the years 1990 –", is one figure)
EMPTY_CELL_END_RE = regex.compile(r"\d\s+[–—-]$")
# A standard's or a manual's note, warning or tip, labelled in capitals: "NOTE Decks …",
# "NOTE 2 Where …", "WARNING: Do not …"
ADMONITION_RE = regex.compile(
    r"^\s*(?:NOTE|NOTES|WARNING|CAUTION|DANGER|TIP|IMPORTANT|EXAMPLE|REMARK)(?:\s+\d{1,2})?"
    r"(?:\s*[:.—–]\s*|\s+)(?=[\p{Lu}\d“‘\"(])"
)
ADMONITION_STARTS = frozenset("NWCDTIER")
# The source under an epigraph or a quotation: "— Matthias Vellacott, 1825", "– Seneca"
ATTRIBUTION_RE = regex.compile(r"^[—–―]\s*\p{Lu}")
# A letter's closing before its signature: "Your affectionate brother,", "Yours sincerely,",
# "Ever your loving sister,", "With kind regards,", "Believe me, dear Sir, yours truly,"
VALEDICTION_RE = regex.compile(
    r"^(?:(?:Ever|Always|Most|Very)\s+)?(?:[Yy]ours|[Yy]our|[Ww]ith|Believe\s+me|I\s+remain|"
    r"Affectionately|Sincerely|Faithfully|Respectfully|Cordially|Fondly|Love|All\s+my\s+love|"
    r"(?:Best|Kind|Warm|Warmest)\s+(?:wishes|regards))\b[^.!?;:]{0,40},$"
    # a few words of leave-taking before it: "Until Thursday, your loving sister,"
    r"|^\p{Lu}\p{Ll}+(?:\s+\p{L}+){0,2},\s+(?:ever\s+)?yours?(?:\s+\p{Ll}+){1,3},$"
)
# A street address at a letter's head: "14 Garnet Street,", "3 Rue des Carmes,"
ADDRESS_RE = regex.compile(
    r"^\d{1,4}[a-z]?,?\s+(?:[\p{Lu}][\p{L}'’.-]*\s+){0,3}(?:Street|St\.|Road|Rd\.|Lane|Avenue|"
    r"Ave\.|Place|Square|Terrace|Row|Crescent|Gardens|Drive|Court|Close|Hill|Walk|Way|Parade|"
    r"Grove|Mews|Gate|Green|Quay|Wharf|Buildings)[.,]$|^\d{1,4}[a-z]?,?\s+(?:Rue|Via|Calle)\s.{1,30},$"
)
# A numbered paragraph of a manual: "3.2.3 Trees used as anchors …" (three levels)
NUMBERED_PARA_RE = regex.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{1,3}\.?\s+\p{Lu}\p{Ll}")
# A section-numbered item's label: "3.7 A repair shop ...", "2.11. Show that ..."
SECTION_LABEL_RE = regex.compile(r"^\s*\d{1,3}(?:\.\d{1,3})+\.?\s+")
# a label whose text the lines under it hang from: "4.2.1 …", a reference's "[3] …"
HANGING_LABEL_RE = regex.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?|\[\d{1,3}\])\s+")


@dataclass(frozen=True)
class UnwrapParams:
    short_line: float = 0.75
    fit_line: float = 0.9
    unpunctuated_line: float = 0.6
    dehyphenate: bool = True
    max_heading_words: int = 12
    join_split_words: bool = True
    notes: str = "after_call"
    CHOICES: ClassVar[dict[str, tuple[str, ...]]] = {"notes": ("after_call", "page_end")}
    DOCS: ClassVar[dict[str, str]] = {
        "short_line": "a line ending a sentence and shorter than this share of the book's full "
        "line length ends its paragraph",
        "fit_line": "a line ending a sentence ends its paragraph when it and the next line's "
        "first word would fit in this share of the book's full line length",
        "unpunctuated_line": "a line ending no sentence ends its paragraph only when it is "
        "shorter than this share of a full line, the next line's first word would have fitted "
        "(fit_line) and the next line begins as a paragraph does",
        "dehyphenate": "decide line-end hyphens on evidence (false: always keep them)",
        "max_heading_words": "longest heading, in words",
        "join_split_words": "join a word split at a line break by the spacing rule (ar|guments)",
        "notes": "where a footnote goes: after the paragraph that calls it (after_call: its "
        "call found once on the note's page, else as page_end), or after the paragraph its "
        "page ends in (page_end)",
    }


@functools.lru_cache(maxsize=8192)  # asked of each line more than once
def list_item(text: str) -> bool:
    """A list item: a bullet, ``1.``, ``(a)``, or a section-numbered ``2.11.``."""
    return is_list_item(text) or is_numbered_item(text)


HEADING_NEVER_ENDS = frozenset("the a an and or of".split())
ITEM_TEXT_RE = regex.compile(r"^\s*\S+\s+")  # a list item's mark: its text begins after it


@functools.lru_cache(maxsize=8192)
def heading_shape(text: str, max_words: int = 12) -> bool:
    """Could this line, standing alone, be a heading?

    >>> [heading_shape(t) for t in ["Chapter 3: Spacing", "2.1 Why lines break",
    ...  "Spacing Repair", "It was done.", "and then", "x = 1", "1 This is why it broke the"]]
    [True, True, True, False, False, False, False]
    """
    s = text.strip()
    if not s or len(s) > 90:
        return False
    words = s.split()
    if s.endswith(("-", "\u00ad")):
        return False  # a word broken at the line's end: the text goes on
    if words[-1].lower() in HEADING_NEVER_ENDS and len(words) > 2:
        return False  # "1 This is one reason why exposure carried out only in the"
    if CHAPTER_RE.match(s) or NUMBERED_HEADING_RE.match(s):
        return True
    if len(words) > max_words or s.endswith((".", ",", ";", ":")) or not s[0].isupper():
        return False
    if CODE_PUNCT_RE.search(s):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= max(1, len(words) // 2) or len(words) <= 4


def runs_on(before: str | None, text: str, after: str | None, full: float) -> bool:
    """Is *text* a line of running prose however much it looks like a heading? It goes on
    with a sentence of the line *before* (no blank line between; None when there is one):
    that line ends no sentence and this one starts in lower case, or that line breaks off
    mid-clause (after a comma or a lower-case word); or it runs on into the line *after*:
    it ends with a comma or semicolon, or it is a full line (*full* characters or more)
    that ends no sentence and the next line starts in lower case.

    >>> runs_on("who disagree are welcome to read", "chapter 2 first; it states", "as I", 60)
    True
    >>> runs_on("It ends here.", "Chapter 11 shows how to build such messages with the crates",
    ...         "anyhow and others", 55)
    True
    >>> runs_on("It ends here.", "Chapter 2", "The text starts", 60), runs_on(None, "2.3 Methods", None, 60)
    (False, False)
    >>> runs_on("— island saying", "CHAPTER ONE", "The ferry was late", 60)  # (in capitals)
    False
    >>> runs_on("the view.", "5 The descent of the gill is steep and stony for the first",
    ...         "500 m and needs care", 55), runs_on("It ends.", "5 Methods", "500 m were run", 55)
    (True, False)
    """
    s = text.strip()
    if before is not None:
        b = before.rstrip()
        if (
            b
            and not SENTENCE_END_RE.search(b)
            and (s[:1].islower() or b[-1] == "," or b[-1].islower())
            and not (s.isupper() and len(s) > 3)  # ("— island saying" / "CHAPTER ONE")
        ):
            return True
    if after is None or not after.strip():
        return False
    if s.endswith((",", ";")):
        return True
    nxt = after.strip().lstrip("([“‘\"'")
    # (or, after a full line that breaks off on a lower-case word, a measure: "… for the
    # first" / "500 m and needs care")
    measure = s[-1:].islower() and bool(regex.match(r"\d[\d.,]*\s+\p{Ll}", nxt))
    return len(s) >= full and not SENTENCE_END_RE.search(s) and (nxt[:1].islower() or measure)


# Function names a formula spells out, and no words of its prose
MATH_NAMES = frozenset(
    "sin cos tan cot sec csc sinh cosh tanh coth arcsin arccos arctan log ln exp lim max "
    "min sup inf det mod gcd lcm var cov erf".split()
)


def display_math(text: str) -> bool:
    """A displayed formula: a relation (``=``, ``≤``, ...) between spaced terms, and at most
    one word of three letters or more per four tokens.

    >>> display_math("m − M = 5 log10 d − 5 (7.1)"), display_math("an+1 = √(2 + an) for n ≥ 1.")
    (True, True)
    >>> display_math("so the mass is m = 5 kg when the gas is at rest and the")
    False
    >>> display_math("qf = (hPkAc)1/2 θb tanh mL.   (4.4)"), display_math("the cost = the price")
    (True, False)
    """
    s = text.strip()
    if not RELATION_RE.search(s):
        return False
    words = [w for w in WORD3_RE.findall(s) if w not in MATH_NAMES and (w.islower() or w.istitle())]
    return len(words) <= max(1, len(s.split()) // 4) or _formula_in_words(s)


MATH_OPERATORS = frozenset("= + − - × ÷ · / < > ≤ ≥ ≈ ≠ ± ∓".split())
TERM_RE = regex.compile(r"^(?:\p{L}+|\d+(?:[.,]\d+)?)$")
FORMULA_NUMBER_END_RE = regex.compile(r"\s+\(\d{1,3}(?:\.\d{1,3})?[a-z]?\)\s*$")


def _formula_in_words(s: str) -> bool:
    """A formula whose terms are words (``spine = leaves × caliper + 2 × board (1)``): a
    relation and another operator at least, each pair of terms parted by an operator, no
    two words side by side as prose sets them.

    >>> _formula_in_words("spine = leaves × caliper + 2 × board   (1)")
    True
    >>> _formula_in_words("the cost = the price + tax"), _formula_in_words("width = height")
    (False, False)
    """
    tokens = FORMULA_NUMBER_END_RE.sub("", s).rstrip(".,").split()
    ops = [t in MATH_OPERATORS for t in tokens]
    if sum(ops) < 2 or ops[0] or ops[-1]:
        return False
    # (terms are words or numbers: ``report = base / "summary.csv"`` is code)
    terms = all(TERM_RE.match(t) for t, op in zip(tokens, ops, strict=True) if not op)
    return terms and all(a != b for a, b in itertools.pairwise(ops))


INLINE_HYPHEN_RE = regex.compile(r"\p{L}([-\u2010])\p{L}")


def typeset_hyphens(lines: list[Line]) -> bool:
    """Are the book's line-end U+2010 hyphens the typesetter's: two at least, while every
    hyphen inside a line is the ASCII one (a renderer that hyphenates puts U+2010 in at
    its breaks; the author's compounds keep the hyphen typed)?

    >>> typeset_hyphens([Line(t, 1) for t in ["a half-cut stone and a sen\u2010", "try box", "a mea\u2010"]])
    True
    >>> typeset_hyphens([Line(t, 1) for t in ["a half\u2010cut stone, a sen\u2010", "try", "a mea\u2010"]])
    False
    """
    ends = 0
    for ln in lines:
        t = ln.text.rstrip()
        if t.endswith("\u2010"):
            ends += 1
        if "\u2010" in t[:-1] and any(m.group(1) != "-" for m in INLINE_HYPHEN_RE.finditer(t)):
            return False
    return ends >= 2


def typical_length(lines: list[str]) -> float:
    """The length of a full line: a high percentile of prose line lengths."""
    lengths = sorted(len(t.strip()) for t in lines if len(t.strip()) > 20)
    if len(lengths) < 5:
        return 60.0
    return float(statistics.quantiles(lengths, n=10)[7])


@dataclass
class _Open:
    kind: str
    lines: list[Line]
    set_apart: bool = False  # (a caption) after a blank line: it runs to the next one


class _Builder:
    def __init__(
        self,
        p: UnwrapParams,
        lex: Lexicon,
        log: StageLog,
        typical: float,
        notes: dict[int, list[list[Line]]] | None = None,
    ) -> None:
        self.p, self.lex, self.log, self.typical = p, lex, log, typical
        self.blocks: list[Block] = []
        self.size: float | None = None  # the body's size (PDF)
        self.large: set[int] = set()  # blocks set larger than the body (PDF)
        self.notes = dict(notes or {})
        self.anchored: dict[int, list[list[Line]]] = {}  # notes to follow a given line's block
        self.typeset_hyphens = False  # (line-end U+2010s are the typesetter's: see below)

    def flush_notes(self, before_page: int | None) -> None:
        """Emit the footnotes of every page before *before_page* (all when None)."""
        for number in sorted(self.notes):
            if before_page is not None and number >= before_page:
                break
            self.emit_notes(self.notes.pop(number))

    def emit_notes(self, notes: list[list[Line]]) -> None:
        for note in notes:
            text = note[0].text.strip()
            for a, b in itertools.pairwise(note):
                text = self.join(a, text, b)
            number = note[0].page
            self.blocks.append(Block("note", SPACES_RE.sub(" ", text), number, number))

    def join(self, a: Line, text: str, b: Line) -> str:
        """Append line *b* to running text *text* (which ends with line *a*)."""
        left, right = text.rstrip(), b.text.strip()
        if b.page != a.page:
            self.log.count("join_across_page")
        # (the address is the text's last word: searched there, not from the paragraph's start)
        if URL_END_RE.search(left, left.rfind(" ") + 1) and URL_MORE_RE.match(right):
            # A web address broken at a slash or dot: "https://example.org/docs/" / "ref/a.html".
            self.log.count("url_rejoined")
            return left + right
        if left.endswith("/") and left[-2:-1].isalnum() and right[:1].isalnum():
            # A line broken after a slash that joins two words: "mm/" / "yr", "and/" / "or".
            self.log.count("slash_joined")
            return left + right
        if len(left) == 1 and left.isupper():
            # A drop cap on a line of its own: "T" / "he harbour was…" is "The harbour".
            rw = FIRST_WORD_RE.match(right)
            if rw:
                word = left + rw[1]
                if zipf(word) >= 3.0 or self.lex.count(word) >= 1:
                    self.log.edit("drop_cap", b.page, f"{left}|{rw[1]}", word, zipf=zipf(word))
                    return left + right
        if left.endswith("\u00ad"):
            self.log.count("soft_hyphen_break")
            return left[:-1] + right
        if _dash_end(left):
            return left + right  # a dash (or a typed "--") at the line end joins tight
        if left[-2:-1].isdigit() and left.endswith("-") and right[:1].isdigit():
            return left + right  # a number broken at its hyphen: "Figure 3-" / "2"
        m, n = HYPHEN_END_RE.search(left), NEXT_WORD_RE.match(right)
        if m and n and not left.endswith("--"):
            if not self.p.dehyphenate:
                return left + right
            if n["word"] in SUSPENDED_NEXT:  # "pre-" / "and post-conditions"
                self.log.count("suspended_hyphen")
                return left + " " + right
            rule, ev = hyphen_decision(
                m["word"],
                n["word"],
                self.lex,
                common_joined=COMMON_JOINED,
                typeset=self.typeset_hyphens and left.endswith("\u2010"),
            )
            before = f"{m['word']}-|{n['word']}"
            if rule == "dehyphenate":
                self.log.edit(rule, b.page, before, m["word"] + n["word"], **ev)
                return left[:-1] + right
            self.log.edit(rule, b.page, before, f"{m['word']}-{n['word']}", **ev)
            return left + right
        if self.p.join_split_words and _punct_glues(left, right):
            # The spacing stage's punctuation rule at the break: "money" / ", then".
            self.log.count("spaced_punct_at_break")
            return left + right
        if self.p.join_split_words and not (
            a.geom is not None
            and b.geom is not None
            and (m_last := LAST_WORD_RE.search(left)) is not None
            and m_last[1].lower() in GLUE_WORDS
        ):
            # The spacing stage's judgement, applied where a line break hid the split (in a
            # PDF not after a function word: a typesetter breaks no word unhyphenated, and
            # "measured in" / "stilling wells" is no "instilling").
            lw, rw = LAST_WORD_RE.search(left), FIRST_WORD_RE.match(right)
            joined = (lw[1] + rw[1]).lower() if lw and rw else ""
            # join_decision joins only a form the book or English knows (a cheap test first)
            attested = joined in self.lex.words or joined in joinable_words(SPACING_DEFAULTS)
            if attested and case_ok([lw[1], rw[1]]):
                decision, ev = join_decision([lw[1], rw[1]], self.lex, SPACING_DEFAULTS)
                if decision == "join":
                    self.log.edit("split_word", b.page, f"{lw[1]}|{rw[1]}", lw[1] + rw[1], **ev)
                    return left + right
        return left + " " + right

    def close(self, block: _Open | None) -> None:
        if block is None or not block.lines:
            return
        # A page's footnotes follow its last paragraph: they come before the first block
        # that starts on a later page, or after a block that runs on to a later page.
        first = next((ln.page for ln in block.lines if ln.text.strip()), block.lines[0].page)
        self.flush_notes(first)
        try:
            before = len(self.blocks)
            self._close(block)
            sizes = [ln.geom.size for ln in block.lines if ln.geom and ln.text.strip()]
            if self.size and sizes and min(sizes) >= 1.15 * self.size:
                self.large.update(range(before, len(self.blocks)))
            if self.anchored:
                for line in block.lines:
                    if id(line) in self.anchored:
                        self.emit_notes(self.anchored.pop(id(line)))
        finally:
            self.flush_notes(block.lines[-1].page)

    def _verse_rows(self, lines: list[Line]) -> list[str]:
        """The lines of a block of verse, each verse line's turnover joined to it: a line
        set in past the stanza's lines (three spaces or more) after one that fills the
        block's measure, going on in lower case or after a hyphen (``My father trimmed the
        wick at six and I was`` / ``     sent to bed,``), where the block's turnovers all
        stand at one indent (a typesetter's hanging indent; a poem's own indentation
        steps in and out). A line set in after a shorter one is the poem's own."""
        filled = [ln for ln in lines if ln.text.strip()]
        if not filled:
            return []
        # (the stanza's own indent: the commonest, not a title's set out before it)
        base = min(statistics.multimode([indent_of(ln.text) for ln in filled]))
        longest = max(len(ln.text.strip()) for ln in filled)
        turn = {
            k
            for k in range(1, len(filled))
            if indent_of(filled[k].text) >= base + 3
            and len(filled[k - 1].text.strip()) >= 0.8 * longest
            and (filled[k].text.strip()[:1].islower() or filled[k - 1].text.rstrip().endswith("-"))
        }
        indents = {indent_of(filled[k].text) for k in turn}
        set_in = {indent_of(ln.text) for ln in filled if indent_of(ln.text) >= base + 3}
        if len(indents) != 1 or set_in != indents or len(turn) < 2:
            turn = set()  # (the poem's own indentation, or one doubtful line)
        rows: list[str] = []
        for k, ln in enumerate(filled):
            t = " ".join(ln.text.split())
            if k in turn:
                joined = self.join(filled[k - 1], rows[-1], ln)
                self.log.edit(
                    "verse_turnover", ln.page, f"{rows[-1][-30:]} / {t[:30]}", joined[-60:]
                )
                rows[-1] = joined
            else:
                rows.append(t)
        return rows

    def _close(self, block: _Open) -> None:
        on = [line.page for line in block.lines if line.text.strip()] or [block.lines[0].page]
        page, end = on[0], on[-1]
        if block.kind in {"code", "table"}:
            lines = [line.text.rstrip() for line in block.lines]
            while lines and not lines[-1].strip():
                lines.pop()
            while lines and not lines[0].strip():
                lines.pop(0)
            if block.kind == "table":
                # the page's margin, which a layout-keeping export sets every row in by, is
                # no part of the table: the rows keep only their indentation past it
                margin = min(len(t) - len(t.lstrip(" ")) for t in lines if t.strip())
                lines = [t[margin:] for t in lines]
            if lines:
                self.blocks.append(Block(block.kind, "\n".join(lines), page, end))
            return
        if block.kind == "verse":
            text = "\n".join(self._verse_rows(block.lines))
            self.blocks.append(Block("verse", text, page, end))
            return
        if block.kind == "heading":
            text = ""
            for line in block.lines:
                part = " ".join(line.text.split())
                # (a title broken after a dash joins tight: "Parish, 1760–" / "1840")
                text = text + part if _dash_end(text) or not text else f"{text} {part}"
            self.blocks.append(Block("heading", text, page, end))
            return
        if block.kind == "list":
            items: list[str] = []
            prev: Line | None = None
            for line in block.lines:
                if list_item(line.text) or prev is None:
                    items.append(SPACES_RE.sub(" ", line.text.strip()))
                else:
                    items[-1] = SPACES_RE.sub(" ", self.join(prev, items[-1], line))
                prev = line
            self.blocks.append(Block("list", "\n".join(items), page, end))
            return
        text = block.lines[0].text.strip()
        for a, b in zip(block.lines, block.lines[1:], strict=False):
            text = self.join(a, text, b)
        kind = "caption" if block.kind == "caption" else "para"
        self.blocks.append(Block(kind, SPACES_RE.sub(" ", text), page, end))


def _dash_end(text: str) -> bool:
    """Does *text* end with a dash set close (``1760–``, ``and--``), which joins the next
    line tight?"""
    return text.endswith(("—", "–", "--")) and not text.endswith((" —", " –", " --", "---"))


TRAILING_MARKS = frozenset("?!.,;:…)]”’")


def _mark_alone(text: str) -> bool:
    """Is *text* a closing mark or two alone on a line (``?`` after ``… 9, 17, …``)?

    >>> _mark_alone("    ?"), _mark_alone("⁂"), _mark_alone("a?")
    (True, False, False)
    """
    s = text.strip()
    return bool(s) and len(s) <= 3 and set(s) <= TRAILING_MARKS


CALL_END_RE = regex.compile(r"[\p{L}.,;:!?’”)]\d{1,3}$|[\p{L}.,;:!?’”)][*†‡]$")


def _cut_at_call(a: str, b: str, typical: float) -> bool:
    """Was one printed line cut after a note's raised call, the rest of it written as the
    next line set in by one space (pdftext: ``height.1`` / `` The ground should be firm and
    level, and``)? The cut line is short, the two together make one full line, no more.

    >>> _cut_at_call("height.1", " The ground should be firm and level, and", 50)
    True
    >>> [_cut_at_call(a, b, 50) for a, b in [("height.1", "The ground should be firm and level, and"),
    ...     ("height.", " The ground should be firm and level, and"), ("height.1", " Yes."),
    ...     ("upstream of the action.3", " I do not think the")]]
    [False, False, False, False]
    """
    if not (b.startswith(" ") and b[1:2].strip() and CALL_END_RE.search(a.rstrip())):
        return False
    joined = len(a.strip()) + 1 + len(b.strip())
    # (the cut line short: a paragraph's last line ending in a call, then the next one's
    # first line set in by a space, make a full line together too)
    return len(a.strip()) <= 0.4 * typical and 0.75 * typical <= joined <= 1.05 * typical


def _row_after(row: Line | None, line: Line, typical: float) -> bool:
    """Does PDF *line* go on with the table whose last row is *row*, though the extraction
    set only one of its cell gaps wide (a long first cell: ``Quarter plot (2.5 rods)
    £18.00   £9.00``)? It is set where the row is, in its size, short of a full line.

    >>> from pipeline.document import Geom
    >>> row = Line("Half plot (5 rods)   £34.00   £17.00", 6, Geom(71, 67, 254.6, 76.5, 9.5))
    >>> _row_after(row, Line("Quarter plot (2.5 rods) £18.00   £9.00", 6,
    ...     Geom(71, 84, 249.8, 93.5, 9.5)), 70.0)
    True
    >>> _row_after(row, Line("Concessions are given   to plotholders over sixty-five", 6,
    ...     Geom(51, 124, 368.7, 134.5, 10.5)), 70.0)
    False
    """
    g, h = (row.geom, line.geom) if row is not None else (None, None)
    return (
        g is not None
        and h is not None
        and row.page <= line.page <= row.page + 1
        and abs(g.x0 - h.x0) <= 1.0
        and abs(g.size - h.size) <= 0.05 * g.size
        and CELL_GAP_RE.search(line.text.strip()) is not None
        and len(line.text.strip()) < 0.8 * typical
    )


def _resized(prev: Line, nxt: Line) -> bool:
    """Are PDF lines *prev* and *nxt* set in sizes a quarter or more apart?"""
    g, h = prev.geom, nxt.geom
    return (
        g is not None
        and h is not None
        and g.size > 0
        and h.size > 0
        and max(g.size, h.size) >= 1.25 * min(g.size, h.size)
    )


def _size_change(prev: Line, nxt: Line) -> bool:
    """In a PDF, is *nxt* set in a size a quarter or more apart from *prev*'s, on the same
    page, with more space between them than half a line: a block of its own (a title over
    its subtitle), however its words run on? A drop capital (a letter or two) is none.

    >>> from pipeline.document import Geom
    >>> t = Line("The Salt Roads", 1, Geom(73.7, 102.5, 210.3, 123.5, 21.0))
    >>> _size_change(t, Line("of the Vennel Hills", 1, Geom(67.2, 133.9, 216.8, 145.9, 12.0)))
    True
    >>> _size_change(t, Line("of the Vennel Hills", 1, Geom(67.2, 126.0, 216.8, 147.0, 21.0)))
    False
    """
    g, h = prev.geom, nxt.geom
    if not _resized(prev, nxt) or prev.page != nxt.page:
        return False
    if min(len(prev.text.strip()), len(nxt.text.strip())) < 3:
        return False
    return h.top - g.bottom > 0.5 * min(g.bottom - g.top, h.bottom - h.top)


NUMBERED_TITLE_RE = regex.compile(r"^\s*\d{1,2}\.?\s*(\p{Lu}\p{Ll}+(?:\s[\p{L}’'-]+){0,4})\s*$")


def _numbered_title(text: str) -> bool:
    """Is *text* a chapter's number and title, each long word capitalised?

    >>> [_numbered_title(t) for t in ["3 Summer and Autumn", "1Winter", "2 Add the onions", "1984"]]
    [True, True, False, False]
    """
    m = NUMBERED_TITLE_RE.match(text)
    return m is not None and all(
        w[:1].isupper() for w in m.group(1).split() if len(w) >= 4 and w not in GLUE_WORDS
    )


def _ends_paragraph(
    prev: Line,
    nxt: Line,
    typical: float,
    p: UnwrapParams,
    opens: bool = False,
    formula: bool = False,
    room: float | Callable[[], float | None] | None = None,
    one_space: bool = False,
    usual_gap: float | None = None,
    measure: Callable[[], float | None] | None = None,
    joined_lines: bool = False,
) -> str | None:
    """Why a paragraph ends between two running-text lines, or None when it goes on.
    (*opens*: *prev* is the first line of its paragraph; *formula*: every line of the
    paragraph so far is a displayed formula; *room*: in a PDF, the points left free at
    *prev*'s right before the measure of the lines around it; *one_space*: the text
    marks a paragraph's first line with one space, see `_one_space_indents`; *usual_gap*:
    in a PDF, the space the book usually leaves between two lines in *nxt*'s size;
    *joined_lines*: a few of the text's lines run well past its measure, as pdftotext
    leaves them where it joined a word hyphenated at a line's end, see `_joined_lines`.)"""
    a, b = prev.text.rstrip(), nxt.text
    if _mark_alone(b):
        return None  # a mark alone ("?" after "… 9, 17, …"): the end of the line before
    if prev.geom is None and _cut_at_call(a, b, typical):
        return None  # a line cut after a note's call ("height.1" / " The ground …")
    if prev.page != nxt.page and (
        CHAPTER_LABEL_RE.match(b) or (SENTENCE_END_RE.search(a) and _numbered_title(b))
    ):
        # "Chapter 3" alone at a page's top opens a chapter; so does a numbered title
        # after a finished sentence ("3 Summer and Autumn", "1Winter" as an export glued it)
        return "chapter_label"
    if formula and prev.page != nxt.page:
        # A displayed formula set apart as a block of its own ends its page: the text on the
        # next page is no part of it (a formula inside a paragraph has text around it).
        return "formula"
    if PROOF_END_RE.search(a):
        return "proof_end"  # the end of a proof (or of an article) ends its paragraph
    if a.endswith(":") and RELATION_RE.search(b) and len(b.strip()) < p.fit_line * typical:
        return "display"  # a formula displayed after "follows directly:"
    if _centred_formula(b) or _centred_formula(a) or _numbered_formula(b) or _numbered_formula(a):
        return "display"  # a formula set apart on a line of its own, and the text after it
    if typical >= LINE_PER_PARAGRAPH:
        # Each line is a paragraph already; one goes on only where a page break cut it
        # (a line-end hyphen, or no sentence end before a lower-case start).
        if a.endswith(("-", "\u00ad")) or (
            not SENTENCE_END_RE.search(a) and b.strip()[:1].islower()
        ):
            return None
        return "line_per_paragraph"
    if (
        one_space
        and indent_of(b) == 1
        and indent_of(a) <= 1
        and (a[-1:] in ",;:.!?" or len(a.strip()) < p.fit_line * typical)
    ):
        # where one space marks a paragraph's first line, a line set in by one space after
        # a line that ends no sentence is a line of verse (prose goes on flush), unless it
        # turns over a full line cut mid-clause
        return "indent"
    if _ranged_right(prev, nxt):
        return "ranged_right"  # a closing and its signature, a dateline: lines set flush right
    if (
        b.lstrip()[:1].isdigit()
        and EMPTY_CELL_END_RE.search(a)
        and sum(1 for w in a.split() if w[:1].isdigit()) >= 3
    ):
        return "empty_cell"  # a table's row ending in a dash for an empty cell, then a row
    if b.lstrip()[:1] in ADMONITION_STARTS and ADMONITION_RE.match(b) and SENTENCE_END_RE.search(a):
        return "admonition"  # "NOTE Decks less than …", "WARNING: …" after a finished sentence
    if (
        a[-1:] in "’”\"'"
        and INTERRUPTED_RE.search(a)
        and indent_of(a) < indent_of(b) <= 8
        and (b.strip()[:1].isupper() or b.strip()[:1] in "‘“\"'")
    ):
        return "indent"  # a speech broken off ("‘And now I think—’"), then a paragraph set in
    if _size_change(prev, nxt):
        return "size_change"  # a title over its subtitle set smaller, apart
    if not SENTENCE_END_RE.search(a):
        why = _ended_unpunctuated(a, b, typical, p, opens)
        if why == "next_word_fits":
            # In a PDF the line's own room tells, not the book's usual length in letters
            # (a narrow sidebar's lines are all short): no room for the word, no end.
            full, room = _block_full(prev, nxt, room)
            if full:
                return None
        if why or room is None or nxt.geom is None:
            return why
        # In a PDF, a line that ends no sentence, with room at its right for the next
        # line's first word, was ended on purpose (a heading run into no sentence:
        # "Example 4.3 …, continued" / "Solution. With …"), where that word opens one.
        s, first = a.strip(), b.split(None, 1)[0] if b.strip() else ""
        if (
            not first
            or not (first[0].isupper() or first[0].isdigit())
            or s[-1] in ":-‐–—(/&"
            or s.split()[-1].lower() in GLUE_WORDS
            or display_math(s)
        ):
            return None
        # (a line ending in a comma or a semicolon with room for the next word at its
        # right was ended on purpose too: a filled line has no such room; a line of verse,
        # a song's, does: "Turn, light, turn, for the ships out in the black," / "Turn …")
        room = room() if callable(room) else room
        return "next_word_fits" if room is not None and _word_fits(room, nxt, first) else None
    if VALEDICTION_RE.match(b.strip()) or SALUTATION_RE.match(b.strip()):
        return "salutation"  # a letter's closing (or its greeting) after a finished sentence
    if b.lstrip()[:1].isalnum() and len(b.strip()) < 40 and DATE_LINE_RE.match(b.strip()):
        return "dateline"  # a date alone after a finished sentence: a diary's next day
    if b.strip().isdigit() and len(b.strip()) <= 3:
        return "number_alone"  # a number on its own line after a finished sentence: a label
    if STATEMENT_RE.match(b):
        return "statement"  # "Theorem 3.2.", "Proof.", "Example 4.1." open a paragraph
    if indent_of(b) > indent_of(a) + (0 if one_space else 1) and indent_of(b) <= 8:
        label = HANGING_LABEL_RE.match(a)
        if not (opens and label and abs(indent_of(b) - len(label.group())) <= 2):
            return "indent"  # indented first line (not a numbered item's hanging indent)
    if (
        opens
        and 1 < indent_of(a) == indent_of(b) <= 8
        and not any(
            a.lstrip()[:1] == o and c not in a and b.lstrip()[:1] != o for o, c in ("[]", "()")
        )
        and ((SENTENCE_END_RE.search(a) and a[-1:] != ":") or not _block_full(prev, nxt, room)[0])
        and (prev.geom is not None or len(a.strip()) <= 1.25 * typical)
    ):
        # two first lines indented alike: a one-line paragraph (not a bracket still open:
        # a stage direction set in as a whole, ``[MAUD goes down.`` / ``ESTHER stands …]``,
        # ``(Hob Kestle stands … open.`` / ``Young Pell runs on.)``;
        # not, in a PDF, a quotation set in as a whole, its line full to its own measure
        # and its sentence going on)
        return "one_line_indented"
    if prev.geom and nxt.geom and prev.page == nxt.page:
        gap = nxt.geom.top - prev.geom.bottom
        height = max(1.0, prev.geom.bottom - prev.geom.top)
        if gap > 0.8 * height:
            return "gap"
        if usual_gap is not None and gap > usual_gap + max(1.0, 0.15 * height):
            return "paragraph_space"  # more space than the book sets between lines
    if len(a.strip()) < p.short_line * typical:
        # (in a PDF the line's own block tells: a script's speech, a sidebar set narrow)
        full, room = _block_full(prev, nxt, room)
        return None if full else "short"
    if (
        joined_lines
        and len(a.strip()) > 1.3 * typical
        and len(a.strip()) - typical < p.short_line * typical
        and not (len(b.strip()) >= len(a.strip()) and indent_of(a) == indent_of(b) >= 2)
    ):
        # pdftotext joined a word hyphenated at the line end and, with it, the rest of the
        # next line ("… ended their chal-" / "lenge well before the last day."): past the
        # measure stands that line's own text, short, the paragraph's last (not where the
        # next line, set in alike, is longer still: a block set in on a wider measure, an
        # abstract across two columns)
        return "short_after_join"
    # The next line's first word would have fitted on this line, with room to spare: the
    # line was ended on purpose, not filled ("... a pilot study." / "A further ...").
    first = b.split(None, 1)[0] if b.strip() else ""
    if callable(room):
        room = room()  # (measured only here, where it is needed)
    if room is not None and nxt.geom is not None and first:
        return "next_word_fits" if _word_fits(room, nxt, first) else None
    full = typical
    if callable(measure):
        local = measure()
        if local is not None and local < typical:
            full = local  # a narrower column or box: its own lines show its measure
    return "next_word_fits" if len(a) + 1 + len(first) < p.fit_line * full else None


def _block_full(
    prev: Line, nxt: Line, room: float | Callable[[], float | None] | None
) -> tuple[bool, float | Callable[[], float | None] | None]:
    """Is PDF line *prev* full for its own block: *nxt* set flush with it, and no room at
    its right (*room*, measured here when asked) for *nxt*'s first word? Returns that and
    the room, measured or as it was."""
    if (
        room is None
        or prev.geom is None
        or nxt.geom is None
        or abs(prev.geom.x0 - nxt.geom.x0) > 1.0  # (one block, set flush left)
        or not nxt.text.strip()
    ):
        return False, room
    room = room() if callable(room) else room
    return room is not None and not _word_fits(room, nxt, nxt.text.split(None, 1)[0]), room


def _ranged_right(prev: Line, nxt: Line) -> bool:
    """Are two PDF lines on one page set flush right, not as a paragraph's lines: their
    right edges alike, their left edges three sizes or more apart, the next one short
    (``I am, Sir, your most obedt. Servt.,`` / ``Jos. Threlkeld``)? A paragraph's first
    line is set in by an indent of an em or two, no more.

    >>> from pipeline.document import Geom
    >>> close = Line("I am, Sir, your most obedt. Servt.,", 1, Geom(163, 353.6, 292, 363, 9.5))
    >>> sign = Line("Jos. Threlkeld", 1, Geom(238.2, 365.6, 292, 375, 9.5))
    >>> _ranged_right(close, sign), _ranged_right(Line("Body", 1, Geom(50, 340, 292, 350, 9.5)),
    ...     Line("goes on here.", 1, Geom(64, 352, 292, 362, 9.5)))
    (True, False)
    """
    g, h = prev.geom, nxt.geom
    if g is None or h is None or prev.page != nxt.page:
        return False
    return (
        abs(g.x1 - h.x1) <= 1.0
        and abs(g.x0 - h.x0) >= 3 * max(g.size, h.size)
        and len(nxt.text.split()) <= 6
        and h.x0 > g.x0
    )


def _word_fits(room: float, nxt: Line, first: str) -> bool:
    """Would *first*, the PDF line *nxt*'s first word, and a space have fitted in *room*
    points? Measured at that line's own width per character, with a margin for the
    estimate."""
    g = nxt.geom
    assert g is not None
    per_char = (g.x1 - g.x0) / max(1, len(nxt.text.strip()))
    return room > 1.15 * per_char * (len(first) + 1) + 0.3 * g.size


def _local_measure(lines: list[Line], code: list[bool], i: int, reach: int = 3) -> float | None:
    """The longest of the text lines around line *i* (within *reach* lines, on its page,
    prose): the measure of the column or box the line stands in, where the export shows
    no geometry. None with fewer than four such lines.

    >>> ls = [Line(t, 1) for t in ["a column of text set", "narrow, with lines of", "about",
    ...     "twenty characters each", "as its measure."]]
    >>> _local_measure(ls, [False] * 5, 2)
    22.0
    """
    page = lines[i].page
    lengths = [
        len(lines[k].text.rstrip())
        for k in range(max(0, i - reach), min(len(lines), i + reach + 1))
        if lines[k].page == page and not code[k] and lines[k].text.strip()
    ]
    return float(max(lengths)) if len(lengths) >= 4 else None


LEGAL_MARK_RE = regex.compile(
    r"(?i)©|\bcopyright\b|\bISBN\b|all rights reserved|first published|printed (?:and bound )?in"
    r"|library of congress|british library|cataloging|cataloguing"
)


# a title page's credit line: "pictures by …", "translated by …", "with an introduction by …"
CREDIT_RE = regex.compile(
    r"(?i)^\s*(?:(?:and|with)\s+)?(?:(?:an?|the)\s+)?(?:new\s+)?"
    r"(?:(?:illustrations|pictures|photographs|drawings|maps|notes|introduction|foreword|"
    r"preface|afterword|commentary)(?:\s+and\s+\w+)?|(?:illustrated|translated|edited|"
    r"introduced|selected|compiled|annotated|revised|adapted|retold|photographed)"
    r"(?:\s+and\s+\w+)?)\s+by\s+\S"
)


def _display_pages(lines: list[Line], typical: float, front: int = 6) -> set[int]:
    """The display pages among the book's first *front* pages, before its first page of
    more than eight lines (a title page, a half-title): eight lines or fewer, none longer
    than a full line (or, in a PDF, all of them centred on the page), none breaking off
    on a hyphen. Nothing on them runs on to the next page.

    >>> ls = [Line(t, 1) for t in ["Coldharbour Street", "A Wenlow Childhood", "Edith Marrable",
    ...     "Wenlow and District Local History Society"]] + [Line("First published 2025 by", 2)]
    >>> _display_pages(ls + [Line("Coldharbour Street was pulled down", 3)] * 9, 62.0)
    {1, 2}
    >>> _display_pages(ls, 62.0)  # (no page of running text after them: a book of short pages)
    set()
    """
    texts: dict[int, list[str]] = {}
    centred: dict[int, bool] = {}
    for ln in lines:
        if ln.text.strip():
            texts.setdefault(ln.page, []).append(ln.text.strip())
            g = ln.geom
            mid = (
                g is not None
                and g.page_width > 0
                and (abs(g.x0 + g.x1 - g.page_width) < 0.1 * g.page_width)
            )
            centred[ln.page] = centred.get(ln.page, True) and mid
    # (front matter: before the first page of running text, more than eight lines; a
    # copyright page, however long, is front matter)
    full = next(
        (
            page
            for page in sorted(texts)
            if len(texts[page]) > 8 and not any(LEGAL_MARK_RE.search(t) for t in texts[page])
        ),
        None,
    )
    first = [page for page in sorted(texts)[:front] if full is not None and page < full]
    return {
        page
        for page in first
        if len(texts[page]) <= 8
        and not any(t.endswith(("-", "\u00ad")) for t in texts[page])
        and (centred[page] or all(len(t) <= typical for t in texts[page]))
    }


def _legal_measures(lines: list[Line], typical: float) -> dict[int, float]:
    """The measure of each copyright page of a text export, by page: a page with three
    lines or more that name a copyright, an ISBN, a first printing or a cataloguing record
    (two, or one with the sign ©, on a page of a dozen lines or fewer), whose longest
    line runs past the book's full line (*typical*: its small print sets more letters to
    a line). Its own measure tells a line ended on purpose (a publisher's address, then
    ``First published …``) from a full one.

    >>> ls = [Line(t, 4) for t in ["Greyfold Books, 22 Osier Lane, Hambury HB2 7QT",
    ...     "First published by Greyfold Books 2022", "Copyright © Mara Leventhorpe 2022",
    ...     "This novel is invented from start to finish. Its people, its town and",
    ...     "its weather all came out of the author's head.", "ISBN 978-1-7391-5520-4"]]
    >>> _legal_measures(ls, 52.0)
    {4: 69.0}
    >>> _legal_measures(ls[2:], 52.0), _legal_measures(ls[2:] + ls[3:4] * 9, 52.0)
    ({4: 69.0}, {})
    >>> _legal_measures(ls[:1] + ls[2:5], 52.0), _legal_measures(ls[:2] + ls[3:5], 52.0)
    ({4: 69.0}, {})
    """
    marks: collections.Counter[int] = collections.Counter()
    sign: collections.Counter[int] = collections.Counter()  # lines with a copyright sign
    filled: collections.Counter[int] = collections.Counter()
    longest: dict[int, int] = {}
    for ln in lines:
        if ln.geom is not None:
            continue
        t = ln.text.strip()
        longest[ln.page] = max(longest.get(ln.page, 0), len(t))
        filled[ln.page] += bool(t)
        if LEGAL_MARK_RE.search(t):
            marks[ln.page] += 1
            sign[ln.page] += "©" in t
    return {
        page: float(longest[page])
        for page, n in marks.items()
        if (n >= 3 or ((n == 2 or sign[page]) and filled[page] <= 12)) and longest[page] > typical
    }


# A formula displayed on a line of its own, set in or centred: "ρ = λ / μ, (3.4)"
def _centred_formula(text: str) -> bool:
    """
    >>> _centred_formula("          ρ = λ / μ, (3.4)"), _centred_formula("ρ = λ / μ, (3.4)")
    (True, False)
    """
    return indent_of(text) >= 6 and display_math(text)


def _numbered_formula(text: str) -> bool:
    """A displayed formula with its number at the right, wherever it is set.

    >>> _numbered_formula("|N(S)| ≥ |S| for every S ⊆ X. (3.4)"), _numbered_formula("as in (3.4)")
    (True, False)
    """
    t = text.rstrip()
    return t.endswith(")") and EQUATION_NUMBER_RE.search(t) is not None and display_math(text)


OPEN_QUOTES = "“«„‘"
CLOSE_QUOTES = "”»’"


def _dialogue(lines: list[Line]) -> bool:
    """Is the text fiction told in dialogue, with no indents to show its paragraphs: five
    lines or more, and one in twenty, open with a quotation mark?

    >>> _dialogue([Line("“Yes,” she said.", 1)] * 5 + [Line("The train was late.", 1)] * 60)
    True
    """
    texts = [ln.text.lstrip() for ln in lines if ln.text.strip()]
    opening = sum(1 for t in texts if t[:1] in OPEN_QUOTES)
    # where paragraphs open with an indent, the indent tells (a speech may go on a line)
    indented = sum(1 for ln in lines if ln.text.strip() and 1 <= indent_of(ln.text) <= 8)
    if indented >= 3 and 30 * indented >= len(texts):
        return False
    return opening >= 5 and 20 * opening >= len(texts)


def speakers(lines: list[Line]) -> frozenset[str]:
    """The speakers' labels of a play or an interview: labels (``NELL.``, ``TOM ABARA:``)
    that open two lines or more, two different ones at least, five lines in all; else none.

    >>> ls = [Line(t, 1) for t in ["NELL. Yes.", "TOMAS. No.", "NELL. Yes.", "TOMAS. No.",
    ...     "NELL. So.", "TOMAS. Well.", "NOTE. One line."]]
    >>> sorted(speakers(ls))
    ['NELL', 'TOMAS']
    """
    counts = collections.Counter(name for ln in lines if (name := speaker_of(ln.text)))
    names = frozenset(name for name, c in counts.items() if c >= 2)
    enough = len(names) >= 2 and sum(counts[name] for name in names) >= 5
    return names if enough else frozenset()


def speaker_of(text: str) -> str | None:
    """The speaker's label a line opens with, if any.

    >>> [speaker_of(t) for t in ["NELL. Yes.", "[00:24:30] TOM ABARA: Tell me.",
    ...     "Camille : Génial !", "Q: And then?", "Note: keep it dry.", "The end. Yes",
    ...     "Mr. Hale went out."]]
    ['NELL', 'TOM ABARA', 'Camille', 'Q', 'Note', None, None]
    """
    m = SPEAKER_RE.match(text)
    return (m.group(1) or m.group(2)) if m else None


def _ended_unpunctuated(
    a: str, b: str, typical: float, p: UnwrapParams, opens: bool = False
) -> str | None:
    """Does a line that ends no sentence end its paragraph? Only when it was ended on
    purpose: it is short (under *unpunctuated_line* of a full line), the next line's first word would have fitted on it with room to
    spare, that line begins as a paragraph does (a capital, a digit, a quote or bracket),
    and this one does not break off mid-clause (a comma, colon, dash or function word at
    its end). A measurement line, a date line or a note mark before a new paragraph
    (``L 40–44 cm; WS 70–82 cm`` / ``A tall wader …``); text without blank lines or indents
    shows no other sign.

    >>> _ended_unpunctuated("L 40–44 cm; WS 70–82 cm", "A tall wader with long legs", 70, UnwrapParams())
    'next_word_fits'
    >>> [_ended_unpunctuated(a, b, 70, UnwrapParams()) for a, b in [
    ...     ("Your affectionate brother,", "Robert."), ("14 Garnet Street,", "Glasgow."),
    ...     ("Ever your loving brother,", "R. R."), ("Yours, as the saying goes, and", "Then")]]
    ['salutation', 'salutation', 'salutation', None]
    >>> h, nxt = "Case note: the fifteen-minute check-in", "A six-person design studio"
    >>> _ended_unpunctuated(h, nxt, 56, UnwrapParams(), opens=True), _ended_unpunctuated(h, nxt, 56,
    ...     UnwrapParams())
    ('next_word_fits', None)
    >>> _ended_unpunctuated("The Director of the Royal", "Institution said", 30, UnwrapParams(), True)
    >>> _ended_unpunctuated("— Matthias Vellacott to Josiah Vellacott, 19 December 1825",
    ...     "When Josiah Vellacott stepped ashore", 60, UnwrapParams())
    'attribution'

    >>> [_ended_unpunctuated(a, b, 70, UnwrapParams()) for a, b in [
    ...     ("Table 4.2 Approximate sizes of the", "Main reservoirs"),
    ...     ("as the harbour master said,", "Mr Hale was late"),
    ...     ("a long line of prose that fills the measure to the end of it", "And")]]
    [None, None, None]
    """
    s = a.strip()
    words = s.split()
    if SALUTATION_RE.match(s) and b.strip()[:1].isupper():
        return "salutation"  # a letter's "Dear Meg," stands on its own line
    if ATTRIBUTION_RE.match(s) and len(words) <= 14 and b.strip()[:1].isupper():
        return "attribution"  # "— Matthias Vellacott to Josiah, 1825" under an epigraph
    if (
        (VALEDICTION_RE.match(s) or ADDRESS_RE.match(s))
        and b.strip()[:1].isupper()
        and len(b.strip()) < p.short_line * typical
    ):
        return "salutation"  # "Your affectionate brother," / "Robert."; "14 Garnet Street," /
        # "Glasgow.": a letter's closing and its address keep their lines
    if not words or s[-1] in ",;:-‐–—(/&" or words[-1].lower() in GLUE_WORDS:
        return None
    if display_math(s):
        return None  # a formula displayed inside its paragraph: the text goes on
    if (
        RELATION_RE.search(s)
        and len(a) + 1 + len((b.split(None, 1) or [""])[0]) < p.fit_line * typical
    ):
        return "next_word_fits"  # a displayed formula in words, then a new sentence
    first = b.split(None, 1)[0] if b.strip() else ""
    if not first or not (first[0].isupper() or first[0].isdigit() or first[0] in "“‘\"'(["):
        return None
    # A line that opens its paragraph (a finished sentence or a break before it) and
    # starts with a capital may be longer: a heading in sentence case ("Case note: the
    # fifteen-minute check-in"), a line standing alone.
    short = p.short_line if opens and s[0].isupper() else p.unpunctuated_line
    if len(s) >= short * typical or len(a) + 1 + len(first) >= p.fit_line * typical:
        return None
    return "next_word_fits"


def _punct_glues(left: str, right: str) -> bool:
    """Would fix_spacing's punctuation rules remove the space where two lines meet?

    >>> _punct_glues("spend money", ", then"), _punct_glues("it doesn’", "t"), _punct_glues("a", "b")
    (True, True, False)
    """
    if not (right[:1] in PUNCT_STARTS or left[-1:] in "’'([" or right[:1] in "’'"):
        return False  # nothing the punctuation rules could glue (the fast path)
    a, b = left[-24:], right[:24]
    return fix_punctuation(f"{a} {b}")[0] == a + b


TOC_LINE_RE = regex.compile(r"^\S.{0,70}?\s(?:\d{1,4}|[ivxlcdm]{1,6})$")


# A figure in a table cell: a number, fraction, range or percentage ("19", "(¾", "5/16",
# "1.5–2", "12%"); a unit is a short word right after one ("mm", "in)", "kg").
FIGURE_RE = regex.compile(
    r"^[(\[±~≈<>≤≥+−-]*(?:\d|[¼½¾⅓⅔⅛⅜⅝⅞])[\d¼½¾⅓⅔⅛⅜⅝⅞.,/:×x%°–-]*[)\]]?[,;]?$"
)
UNIT_RE = regex.compile(r"^[°µ]?\p{L}{1,3}[)\]]?[,;]?$")
NOT_UNITS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "is", "of", "on", "or", "the", "to", "was"}
)


TWO_FIGURES_RE = regex.compile(r"\d\S*\s.*?[\d¼½¾⅓⅔⅛]|[¼½¾⅓⅔⅛]\S*\s.*?[\d¼½¾⅓⅔⅛]")


def figure_row_shape(text: str) -> int:
    """The number of figures in a line that reads as a row of a table of figures whose
    columns lost their spacing (most of its tokens figures or their units, two figures at
    least), else 0.

    >>> [figure_row_shape(t) for t in ["19 mm (¾ in) 6 mm ¼ in", "Stock thickness Chisel",
    ...  "of 1, 1.4 and 1.41 of it, and then", "1990 2.4 3.1 17%", "(n = 24, 31, 45) and 12.5 and"]]
    [4, 0, 0, 4, 0]
    """
    if TWO_FIGURES_RE.search(text) is None:
        return 0  # (the common case: no two tokens with a digit each)
    tokens = text.split()
    if len(tokens) < 3:
        return 0
    figures = units = 0
    after_figure = False
    for tok in tokens:
        if FIGURE_RE.match(tok):
            figures += 1
            after_figure = True
        elif after_figure and UNIT_RE.match(tok) and tok.lower().rstrip(")],;") not in NOT_UNITS:
            units += 1
            after_figure = False
        else:
            after_figure = False
    if figures < 2 or figures + units < 0.6 * len(tokens):
        return 0
    return figures


def _figure_table_flags(
    lines: list[Line], code: list[bool], typical: float, p: UnwrapParams
) -> list[bool]:
    """Rows of a table of figures whose columns a converter collapsed to single spaces: two
    or more lines in a row shaped like figure rows, with nearly the same number of figures
    (one apart at most), and the header line right above them (short, starting with a
    capital, ending no sentence).

    >>> ls = [Line(t, 1) for t in ["Board thickness Groove Cutter", "12 mm (½ in) 4 mm ⅛ in",
    ...     "18 mm (¾ in) 6 mm ¼ in", "The groove is cut last."]]
    >>> _figure_table_flags(ls, [False] * 4, 60.0, UnwrapParams())
    [True, True, True, False]
    """
    n = len(lines)
    shape = [0 if code[k] else figure_row_shape(lines[k].text) for k in range(n)]
    flags = [False] * n
    i = 0
    while i < n:
        if not shape[i]:
            i += 1
            continue
        j = i + 1
        while j < n and shape[j] and abs(shape[j] - shape[i]) <= 1:
            j += 1
        if j - i >= 2:
            flags[i:j] = [True] * (j - i)
            head = lines[i - 1].text.strip() if i else ""
            if (
                head
                and not code[i - 1]
                and head[:1].isupper()
                and len(head) < p.short_line * typical
                and not SENTENCE_END_RE.search(head)
                and not list_item(head)
            ):
                flags[i - 1] = True
        i = j
    return flags


def _captioned_rows(
    lines: list[Line], code: list[bool], typical: float, p: UnwrapParams
) -> list[bool]:
    """Rows of a table whose columns a converter collapsed to single spaces, under its
    caption (``Table 3.2 Sunny 16 …``, with the caption's wrapped end): three lines or
    more in a row, each of two words at least, well short of a full line and ending no
    sentence, up to a blank line or a line that is not so. Prose after a caption fills
    its lines.

    >>> ls = [Line(t, 1) for t in ["Table 3.2 Sunny 16 and its relatives (ISO 100, 1/125",
    ...     "s)", "Conditions Aperture Shadows", "Clear sun f/16 distinct",
    ...     "Overcast f/8 barely visible", "In practice you will rarely meet conditions that fit"]]
    >>> _captioned_rows(ls, [False] * 6, 60.0, UnwrapParams())
    [False, False, True, True, True, False]
    """
    n = len(lines)
    flags = [False] * n

    def row(k: int) -> bool:
        t = lines[k].text.strip()
        return (
            not code[k]
            and len(t.split()) >= 2
            and len(t) < p.short_line * typical
            and not SENTENCE_END_RE.search(t)
            and not t.endswith((",", ";", ":", "-", "–", "—"))
        )

    for c in range(n):
        cap = lines[c].text.strip()
        if code[c] or not cap.startswith(("Table", "TABLE")) or not CAPTION_RE.match(cap):
            continue
        i = c + 1
        while (
            i < n
            and i <= c + 2
            and lines[i].text.strip()[:1] in tuple("abcdefghijklmnopqrstuvwxyz)(")
        ):
            i += 1  # the caption's wrapped end
        j = i
        while j < n and lines[j].page == lines[c].page and lines[j].text.strip() and row(j):
            j += 1
        if j - i >= 3:
            flags[i:j] = [True] * (j - i)
    return flags


PROSE_WORD_RE = regex.compile(r"^[(“‘\"']?\p{L}[\p{L}’'-]*[.,;:!?”’\"')]*$")


def reads_as_prose(text: str) -> bool:
    """Do the words of a line, its runs of spaces squeezed, read as a piece of a sentence:
    four words or more, nearly all of them words of letters, most of them in lower case?
    (A justified line of a layout-preserving converter has widened word gaps that look like
    a table's column gaps.)

    >>> reads_as_prose("difference   is  easy   to   overlook,"), reads_as_prose("Rent   $1,150   monthly")
    (True, False)
    >>> reads_as_prose("Castellmar’s      seafaring    past"), reads_as_prose("Oak   Ash   Elm")
    (True, False)
    """
    tokens = text.split()
    if len(tokens) < 3:
        return False
    words = [t for t in tokens if PROSE_WORD_RE.match(t)]
    lower = sum(1 for t in words if t.lstrip("(“‘\"'")[:1].islower())
    if len(tokens) == 3:
        # three words of a narrow column's justified line: all words, two in lower case
        return len(words) == 3 and lower >= 2
    return len(words) >= 0.75 * len(tokens) and 2 * lower >= len(tokens)


def _wide_gaps(text: str) -> set[int]:
    """Positions inside a line (after its first and before its last character) where a
    run of two or more spaces stands."""
    t = text.expandtabs(4).rstrip()
    start = len(t) - len(t.lstrip())
    if "  " not in t[start:]:
        return set()  # (the common case: single spaces only)
    return {
        k
        for k in range(start + 1, len(t) - 1)
        if t[k] == " " and (t[k - 1] == " " or t[k + 1] == " ")
    }


def _gap_edges(text: str) -> set[tuple[str, int]]:
    """Where the runs of two spaces or more inside a line begin (``("end", k)``: the word
    before ends at k) and end (``("start", k)``: the next word starts at k).

    >>> sorted(_gap_edges("Rent     $1,150  x"))
    [('end', 4), ('end', 15), ('start', 9), ('start', 17)]
    """
    t = text.expandtabs(4).rstrip()
    return {
        edge
        for m in WIDE_GAP_RE.finditer(t, len(t) - len(t.lstrip()))
        for edge in (("end", m.start()), ("start", m.end()))
    }


WIDE_GAP_RE = regex.compile(r"(?<=\S) {2,}(?=\S)")


def _neighbours(lines: list[Line], i: int) -> list[int]:
    """The nearest line with text above line *i* and below it, past blank lines (on the
    same page)."""
    out = []
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(lines) and not lines[k].text.strip() and lines[k].page == lines[i].page:
            k += step
        if 0 <= k < len(lines) and lines[k].page == lines[i].page:
            out.append(k)
    return out


def _spread_title(text: str) -> bool:
    """Is a line alone, that reads as a table row, a title spread across the measure: three
    to eight words of letters, every space between them wide, no figure?

    >>> _spread_title("   The         Long           Season"), _spread_title("Rent      $1,150")
    (True, False)
    >>> _spread_title("Preface        ix"), _spread_title("Name      Role and club     Town")
    (False, False)
    """
    words = text.split()
    return (
        3 <= len(words) <= 8
        and all(PROSE_WORD_RE.match(w) for w in words)
        and len(WIDE_GAP_RE.findall(text.strip())) == len(words) - 1
    )


def _edges_meet(text: str, other: str) -> bool:
    """Does a line with wide gaps line up with *other* by its gaps' edges, where it is
    spread out word by word (three wide gaps or more, for at least half of its word spaces:
    a fixed-pitch export's justified line)? Most of its wide gaps must end where a cell of
    the other line begins, or begin where one ends: a spread line's gaps meet another line's
    by chance, its words' edges seldom. A row of cells of several words each lines up by its
    gaps alone (True).

    >>> a = "By   the   autumn      of  1993    Kit   Rennard      had   been    at  Skelby"
    >>> b = "Athletic    for  two   full  seasons,    and   the  town    had  made     up  its"
    >>> _edges_meet(a, b), _edges_meet("Rent     $1,150     paid", "Heat     $90     due")
    (False, True)
    """
    if not _spread_line(text):
        return True
    mine = _gap_edges(text)
    return 2 * len(mine & _gap_edges(other)) >= len(mine)


def _spread_line(text: str) -> bool:
    """Is a line spread out word by word: three wide gaps or more, for at least half of its
    word spaces?

    >>> _spread_line("a   line   spread   out"), _spread_line("a row of   three   cells here")
    (True, False)
    """
    gaps = len(WIDE_GAP_RE.findall(text.strip()))
    return gaps >= 3 and 2 * gaps >= len(text.split()) - 1


def _aligned_table_flags(lines: list[Line], code: list[bool]) -> list[bool]:
    """Rows of a table whose columns are set apart by spaces, also where a row has only
    one wide gap ("Rent          $1,150"): three or more lines in a row, each starting at the
    same column with a capital, a figure or a symbol (a label), that share a column of
    spaces two wide or more inside every one of them. Justified prose has wide word gaps
    too, but they do not line up, and its lines mostly start in lower case.

    >>> ls = [Line(t, 1) for t in ["Rent                 $1,150", "Utilities and phone    $210",
    ...     "Groceries              $420", "and so on. The rest   of it", "Total                $1,780"]]
    >>> _aligned_table_flags(ls, [False] * 5)
    [True, True, True, False, False]
    >>> cmds = [Line(t, 1) for t in ["Command          What it does", "quill new        start a note",
    ...     "quill list       list notes", "quill sync       copy changes"]]
    >>> _aligned_table_flags(cmds, [False] * 4)
    [True, True, True, True]
    """
    n = len(lines)
    gaps = [set() if code[k] else _wide_gaps(lines[k].text) for k in range(n)]

    def label(k: int) -> bool:
        s = lines[k].text.strip()
        return (
            bool(gaps[k])
            and (not s[:1].islower() or WIDE_CELL_GAP_RE.search(s) is not None)
            and not list_item(s)
        )

    flags = [False] * n
    i = 0
    while i < n:
        if not label(i):
            i += 1
            continue
        shared = set(gaps[i])
        col = indent_of(lines[i].text)
        j = i + 1
        while j < n and label(j) and indent_of(lines[j].text) == col:
            both = shared & gaps[j]
            if not any(k + 1 in both for k in both):
                break
            a, b = lines[j - 1].text, lines[j].text
            if not (_edges_meet(a, b) and _edges_meet(b, a)):
                break
            shared = both
            j += 1
        lower = any(lines[k].text.strip()[:1].islower() for k in range(i, j))
        if j - i >= 3 and (
            not lower or any(all(x + d in shared for d in range(4)) for x in shared)
        ):
            # (rows that open in lower case, commands or terms, where the column of spaces
            # is four wide at least: a justified line's widened word spaces are narrower)
            flags[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    return flags


WIDE_CELL_GAP_RE = regex.compile(r"\S {4,}\S")


def _justified_flags(lines: list[Line], code: list[bool], aligned: list[bool]) -> list[bool]:
    """Lines of justified prose that a layout-preserving converter set with widened word
    gaps, which TABLE_RE takes for a table row: the line reads as prose, it lines up with
    no table (no table-shaped line next to it, or one line away past a cell's wrapped text,
    shares a column of spaces three wide with it), and a
    line of running text (not table-shaped) stands right above or below.

    >>> ls = [Line(t, 1) for t in ["Planners measure this with a handful of simple",
    ...     "indicators.   The  most   common  is  the  density", "of junctions per square kilometre."]]
    >>> _justified_flags(ls, [False] * 3, [False] * 3)
    [False, True, False]
    """
    n = len(lines)
    table = [bool(TABLE_RE.search(ln.text.strip())) for ln in lines]

    def plain(k: int) -> bool:
        s = lines[k].text.strip()
        return bool(s) and not code[k] and not table[k] and not aligned[k]

    def lines_up(i: int, k: int) -> bool:
        if not 0 <= k < n or not table[k]:
            return False
        both = _wide_gaps(lines[i].text) & _wide_gaps(lines[k].text)
        if not any(g + 1 in both and g + 2 in both for g in both):
            return False
        # (and by the cells' edges, where the line is spread out word by word)
        return _edges_meet(lines[i].text, lines[k].text)

    candidate = [
        table[i]
        and lines[i].geom is None  # (a PDF line's wide gaps are gaps the page has)
        and not code[i]
        and not aligned[i]
        and reads_as_prose(lines[i].text)
        and not any(lines_up(i, k) for k in (i - 2, i - 1, i + 1, i + 2))
        for i in range(n)
    ]
    flags = [False] * n
    # From the lines next to running text, on over candidates next to them (a stretch of
    # justified lines that all came out with wide gaps).
    todo = [
        i for i in range(n) if candidate[i] and any(0 <= k < n and plain(k) for k in (i - 1, i + 1))
    ]
    while todo:
        i = todo.pop()
        if flags[i]:
            continue
        flags[i] = True
        todo.extend(k for k in (i - 1, i + 1) if 0 <= k < n and candidate[k] and not flags[k])
    return flags


VERSE_START_RE = regex.compile(r"^[“‘\"'(]?\p{Lu}")


def _verse_flags(
    lines: list[Line], code: list[bool], typical: float, p: UnwrapParams
) -> list[bool]:
    """Lines of verse set without blank lines around them (a stanza quoted in prose): three
    or more lines in a row, each short (under *short_line* of a full line, or ended before
    the next line's first word although it would have fitted: *fit_line*) and starting
    with a capital, after a blank line or a finished sentence; at least half of them end no
    sentence (a run of short paragraphs, dialogue above all, ends every line), and at most
    half are shaped like headings (a stack of titles). A letter's closing is no verse.

    >>> ls = [Line(t, 1) for t in ["The whole of the text above it runs on in full lines, and it",
    ...     "ends with a colon, as this one does:", "The evening light is on the hill,",
    ...     "The fields lie quiet, dark and still;", "We lay our work and worry down",
    ...     "And walk together into town.", "The text goes on in full lines after it, as before."]]
    >>> _verse_flags(ls, [False] * 7, 60.0, UnwrapParams())
    [False, False, True, True, True, True, False]
    """
    n = len(lines)
    flags = [False] * n
    # (each line is weighed more than once: its justified edge, in a PDF, found once)
    pdf = any(ln.geom is not None for ln in lines)
    edge = [_on_justified_edge(lines, k) for k in range(n)] if pdf else None

    def ended_early(k: int, s: str, fit: float = p.fit_line) -> bool:
        """Short, or ended before the next line's first word although it would have fitted.
        (In a PDF, a line that ends on its block's justified edge is full, however short
        in letters: a narrow column's line.)"""
        if edge is not None and edge[k]:
            return False
        if len(s) < p.short_line * typical:
            return True
        nxt = lines[k + 1].text.split(None, 1) if k + 1 < n else []
        return bool(nxt) and len(s) + 1 + len(nxt[0]) < fit * typical

    def candidate(k: int, lower: bool = False) -> bool:
        s = lines[k].text.strip()
        # (a line that ends a phrase, in a run checked for verse as a whole, is measured
        # against the full line itself: wrapped prose never leaves that room)
        fit = 1.0 if lower and s[-1:] in ",;:.!?" else p.fit_line
        return (
            bool(s)
            and not code[k]
            and ended_early(k, s, fit)
            and (
                VERSE_START_RE.match(s) is not None
                or (lower and s[:1].isalpha() and typical < LINE_PER_PARAGRAPH)
            )
            and not list_item(s)
            and not TABLE_RE.search(s)
            and not VALEDICTION_RE.match(s)  # a letter's closing, then its signature
        )

    def closed(i: int, j: int) -> int:
        """The run *i*..*j* with its closing line: two lines or more that ended early,
        then a line of any length that ends a sentence and a stanza (a blank line after
        it): verse's last line may be its longest."""
        if j - i < 2 or j >= n or code[j]:
            return j
        t = lines[j].text.strip()
        if (
            t
            and j + 1 < n
            and not lines[j + 1].text.strip()
            and SENTENCE_END_RE.search(t)
            and not list_item(t)
            and not TABLE_RE.search(t)
        ):
            return j + 1
        return j

    i = 0
    while i < n:
        if not candidate(i, True):
            i += 1
            continue
        if lines[i].text.rstrip().endswith(":"):
            i += 1  # a line that introduces what follows is prose ("Here it is:")
            continue
        j = i
        while j < n and candidate(j, True):
            j += 1
        j = closed(i, j)
        if not _broken_short(lines, i, j):
            # lines that start in lower case are verse only where they were broken short
            # of the run's own measure; else the run is its capitalised lines alone
            if not candidate(i):
                i += 1
                continue
            j = i
            while j < n and candidate(j):
                j += 1
        run = [lines[k].text.strip() for k in range(i, j)]
        before = lines[i - 1].text.strip() if i else ""
        open_ends = sum(1 for t in run if not SENTENCE_END_RE.search(t))
        headings = sum(1 for t in run if heading_shape(t, p.max_heading_words))
        # lines that break off on a word needing the next (``… crevices on the``): a block
        # set ragged and narrow (a box of fields, a caption), where verse seldom ends so
        cut = sum(1 for t in run[:-1] if t.split()[-1].lower() in OPEN_ENDS)
        labelled = sum(1 for t in run if _field_label(t))  # fields (``Size: …``), no verse
        if (
            len(run) >= 3
            and (not before or SENTENCE_END_RE.search(before))
            and 2 * open_ends >= len(run)
            and 2 * headings <= len(run)
            and (cut < 2 or 5 * cut < len(run))
            and labelled < 2
        ):
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


def _on_justified_edge(lines: list[Line], k: int, reach: int = 4) -> bool:
    """Does PDF line *k* end where two other lines near it end, to half a point, and start
    where they start: the right edge of a justified block (verse ends ragged)?"""
    g = lines[k].geom
    if g is None:
        return False
    same = 0
    for j in range(max(0, k - reach), min(len(lines), k + reach + 1)):
        h = lines[j].geom
        if j != k and h is not None and abs(h.x1 - g.x1) <= 0.5 and abs(h.x0 - g.x0) <= 12:
            same += 1
    return same >= 2


def _phrase_ends(texts: list[str]) -> bool:
    """Do lines end where phrases end, as verse's do: none of them (the last aside) on a
    word that needs the next one (``and``, ``the``, ``of``), and half of them or more on a
    stop, comma, semicolon, colon or dash? Prose wrapped to any measure breaks after such
    words every few lines.

    >>> _phrase_ends(["Sixpence the crossing and a penny the dog,", "and nothing at all for the dead;",
    ...     "I have carried the parson, the squire and the hog,", "and the bride on her head."])
    True
    >>> _phrase_ends(["A number is not always", "numerical data. Postcodes and",
    ...     "phone numbers are labels, so", "they are categorical."])
    False
    """
    ends = texts[:-1]
    if any(t.split()[-1].lower().strip("“”‘’\"'") in GLUE_WORDS for t in ends):
        return False
    return 2 * sum(1 for t in ends if t[-1] in ",;:.!?—–") >= len(ends)


def _broken_short(lines: list[Line], i: int, j: int) -> bool:
    """Were lines ``i`` to ``j`` broken on purpose: four or more, ending where phrases end
    (`_phrase_ends`), or in two of them at least (a quarter of those before the last) the
    next line's first word would have fitted within the longest of them? A paragraph set to a narrower measure (a note in
    the margin, a box) fills its lines to it, ragged or justified, so none of its lines
    has room for the next word.

    >>> ls = [Line(t, 1) for t in ["nine-fifteen to the islands", "cancelled",
    ...     "ten o’clock to the mainland", "delayed", "my father in his good coat",
    ...     "reading it twice"]]
    >>> _broken_short(ls, 0, 6)
    True
    >>> box = [Line(t, 1) for t in ["A number is not always", "numerical data. Postcodes and",
    ...     "phone numbers are labels, so", "they are categorical."]]
    >>> _broken_short(box, 0, 4)
    False
    """
    if j - i < 4:
        return False
    texts = [lines[k].text.strip() for k in range(i, j)]
    if sorted(len(t.split()) for t in texts)[len(texts) // 2] < 2:
        return False  # a word to a line: an extractor's breaks, no verse
    if _phrase_ends(texts):
        return True
    widest = max(map(len, texts))
    room = 0
    for a, b in itertools.pairwise(texts):
        first = b.split(None, 1)[0]
        if len(a) + 1 + len(first) <= 0.92 * widest:
            room += 1
    return room >= 2 and 4 * room >= len(texts) - 1


QUANTITY_STARTS = frozenset("0123456789½¼¾⅓⅔⅛")
FIGURE_ENDS = frozenset("0123456789%")
# A line that starts with a quantity: "750 g small beetroot", "1 ½ tsp salt", "2–3 cloves"
QUANTITY_RE = regex.compile(
    r"^\s*(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔⅛])(?:\s?[½¼¾⅓⅔⅛])?(?:\s?[-–]\s?\d+)?"
    r"(?:g|kg|mg|ml|cl|dl|l|oz|lb|lbs|cm|mm|m|pt|qt)?\s+\p{L}"  # (a unit set close: "350g")
)


# A table row whose columns collapsed to single spaces: a label, then two figures or more
# ("Rise in import price index 8.4 9.7"), or figures alone (its header "1983 1997–98")
LABEL_ROW_RE = regex.compile(r"^\s*(?:\S.*?\s)?[-−–+]?\d[\d.,–]*%?(?:\s+[-−–+]?\d[\d.,–]*%?)+\s*$")


def _sibling_stanzas(lines: list[Line], code: list[bool], verse: list[bool]) -> list[bool]:
    """*verse* with the stanzas beside a stanza found: a block of three lines or more set in
    from the text, blank lines its only parting from a block of verse set in alike (the
    same indentation and, in a PDF, the same size), is a stanza of the same poem, though
    its own lines show less (``The bridge is made of iron,`` / ``the bridge is made of
    stone,`` / ``but when the barges break it`` / ``we ring for Agnes Quell.`` over a
    stanza whose lines end on commas).

    >>> ls = [Line(t, 1) for t in ["Prose runs on in full lines here, as prose does, and on.", "",
    ...     "    The bridge is iron,", "    the bridge is stone,", "    and when it breaks", "",
    ...     "    She rows the ebb tide,", "    she rows the flood,", "    for a song.", "",
    ...     "Then the prose goes on again in its own full lines, line after line,",
    ...     "and it runs on in them to the end of its paragraph and of the page."]]
    >>> _sibling_stanzas(ls, [False] * 12, [False] * 6 + [True] * 3 + [False] * 3)[2:5]
    [True, True, True]
    """
    base = prose_indent(lines, code)
    if base is None or not any(verse):
        return verse
    n = len(lines)
    blocks: list[tuple[int, int]] = []  # runs of set-in lines alike, between blank lines
    i = 0
    while i < n:
        ind = indent_of(lines[i].text)
        if not lines[i].text.strip() or code[i] or ind < base + 4:
            i += 1
            continue
        j = i
        while (
            j < n
            and lines[j].text.strip()
            and not code[j]
            and indent_of(lines[j].text) == ind
            and _same_size(lines[i], lines[j])
        ):
            j += 1
        blocks.append((i, j))
        i = max(j, i + 1)
    out = list(verse)
    changed = True
    while changed:
        changed = False
        for (a, b), (c, d) in itertools.pairwise(blocks):
            if any(lines[k].text.strip() for k in range(b, c)) or not (
                indent_of(lines[a].text) == indent_of(lines[c].text)
                and _same_size(lines[a], lines[c])
            ):
                continue  # (text between them, or set otherwise: another block)
            for (x, y), (u, v) in (((a, b), (c, d)), ((c, d), (a, b))):
                if all(out[x:y]) and not all(out[u:v]) and v - u >= 3:
                    out[u:v] = [True] * (v - u)
                    changed = True
    return out


def _same_size(a: Line, b: Line) -> bool:
    """Are two lines set in one size (or is either without geometry)?"""
    if a.geom is None or b.geom is None:
        return True
    return abs(a.geom.size - b.geom.size) <= 0.05 * a.geom.size


def _either(*flags: list[bool]) -> list[bool]:
    """Line flags set where any of *flags* is.

    >>> _either([True, False, False], [False, False, True])
    [True, False, True]
    """
    return [any(f) for f in zip(*flags, strict=True)]


def _runs_of(ok: list[bool], least: int) -> list[bool]:
    """*ok*, kept only in runs of *least* or more in a row.

    >>> _runs_of([True, True, False, True, True, True], 3)
    [False, False, False, True, True, True]
    """
    flags = [False] * len(ok)
    for value, group in itertools.groupby(enumerate(ok), key=lambda x: x[1]):
        run = [k for k, _ in group]
        if value and len(run) >= least:
            for k in run:
                flags[k] = True
    return flags


def _label_row_flags(lines: list[Line], code: list[bool]) -> list[bool]:
    """Rows of a table whose columns collapsed: three or more lines in a row that end in two
    figures or more.

    >>> ls = [Line(t, 1) for t in ["in the currency, and prices by less than that.",
    ...     "1983 1997–98", "Fall in trade-weighted exchange rate 18.0 22.1",
    ...     "Rise in import price index 8.4 9.7", "Source: National Statistics Office"]]
    >>> _label_row_flags(ls, [False] * 5)
    [False, True, True, True, False]
    """
    n = len(lines)
    # (a row ends in a figure: the cheap test first)
    ok = [
        not code[k]
        and lines[k].text.rstrip()[-1:] in FIGURE_ENDS
        and LABEL_ROW_RE.match(lines[k].text) is not None
        for k in range(n)
    ]
    return _runs_of(ok, 3)


CAPS_NAME_RE = regex.compile(r"^\s*(\p{Lu}[\p{Lu}’'.-]+(?:\s+\p{Lu}[\p{Lu}’'.-]+){0,3}),\s+\S")


def _caps_name(text: str) -> str | None:
    """The name in capitals a line opens with before a comma, as a play's cast list sets
    each character (``JORY PENHALLOW, her son, nineteen``), or None.

    >>> _caps_name("JORY PENHALLOW, her son"), _caps_name("NASA said so"), _caps_name("I, too")
    ('JORY PENHALLOW', None, None)
    """
    m = CAPS_NAME_RE.match(text)
    return m.group(1) if m else None


def _record_flags(lines: list[Line], code: list[bool]) -> list[bool]:
    """A record's fields, one to a line: three lines or more in a row, each opening with a
    different label and a colon and ending whole (no comma, hyphen or function word at its
    end), keep their lines (``Interviewee: Edna Pryce`` / ``Recorded: 14 March 2009`` /
    ``Duration: 1 hour``). So do the lines of a cast list, each opening with a different
    name in capitals and a comma (``MAUD PENHALLOW, keeper of the light, fifties``).

    >>> ls = [Line(t, 1) for t in ["Interview 7", "Interviewer: Tom Abara",
    ...     "Recorded: 14 March 2009, Hartwell", "Duration: 1 hour (extract)", "Edna started"]]
    >>> _record_flags(ls, [False] * 5)
    [False, True, True, True, False]
    >>> ls = [Line(t, 1) for t in ["MAUD PENHALLOW, keeper of the Gull Reach light, fifties",
    ...     "JORY PENHALLOW, her son, nineteen", "ESTHER VANE, an inspector", "The action"]]
    >>> _record_flags(ls, [False] * 4)
    [True, True, True, False]
    """
    labels = [
        None
        if code[k]
        or not (t := lines[k].text.rstrip())
        or t[-1] in ",-‐"
        or t.split()[-1].lower() in GLUE_WORDS
        else _field_label(t) or _caps_name(t)
        for k in range(len(lines))
    ]
    flags = [False] * len(lines)
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and labels[j] is not None:
            j += 1
        if j - k >= 3 and len(set(labels[k:j])) >= 3:
            flags[k:j] = [True] * (j - k)
        k = max(j, k + 1)
    return flags


def _gap_row_flags(lines: list[Line], code: list[bool]) -> list[bool]:
    """Rows of a PDF table whose cells stand apart on the page (a gap the extraction wrote
    as three spaces or more, which in a PDF is the page's own, not a justified line's):
    three or more such lines in a row, from the same left edge, or two right under the
    table's caption.

    >>> from pipeline.document import Geom
    >>> g = Geom(51, 0, 240, 8, 8.0)
    >>> ls = [Line(t, 1, g) for t in ["Code Meaning   Probable cause",
    ...     "E101 Supply low   Batteries nearly flat", "E102 Supply dropout   Loose contact",
    ...     "The codes are shown on the display."]]
    >>> _gap_row_flags(ls, [False] * 4)
    [True, True, True, False]
    >>> cap = [Line(t, 1, g) for t in ["Table 4.1 The number of heads in three tosses",
    ...     "x   0   1   2   3", "p(x)   1/8   3/8   3/8   1/8", "Then the mean follows."]]
    >>> _gap_row_flags(cap, [False] * 4), _gap_row_flags(cap[1:], [False] * 3)
    ([False, True, True, False], [False, False, False])
    """
    n = len(lines)
    ok = [
        not code[k]
        and lines[k].geom is not None
        and "   " in lines[k].text.strip()
        and (
            k == 0
            or lines[k - 1].geom is None
            or "   " not in lines[k - 1].text.strip()
            or abs(lines[k - 1].geom.x0 - lines[k].geom.x0) <= 2.0
        )
        for k in range(n)
    ]
    flags = _runs_of(ok, 3)
    # two rows are enough right under the table's caption ("Table 4.1 The number …")
    for k in range(1, n - 1):
        if ok[k] and ok[k + 1] and not flags[k] and TABLE_CAPTION_RE.match(lines[k - 1].text):
            j = k
            while j < n and ok[j]:
                flags[j] = True
                j += 1
    return flags


TABLE_CAPTION_RE = regex.compile(r"^\s*(?:Table|TABLE)\s+[\dA-Z][\d.\-–]*[.:]?\s")
LABEL_HEADING_RE = regex.compile(r"(?i)^(?:chapter|part|section|appendix|book|act|scene)\s+\S+$")


def _listing_flags(
    lines: list[Line], code: list[bool], typical: float, p: UnwrapParams
) -> list[bool]:
    """Listings set one item to a line (an address, a telephone number, opening hours,
    prices): three to eight lines in a row, each well short of a full line, ending no
    sentence, of two words or more, half of them with a figure; after a blank line or a
    finished sentence, before a blank line or a full line of prose. Prose fills its lines
    but the last.

    >>> ls = [Line(t, 1) for t in ["the town’s most interesting museum.", "Museu del Port",
    ...     "Carrer de les Drassanes 12", "Tue–Sun 10:00–18:00;", "closed Mon",
    ...     "Admission €6, reduced €3", "", "The museum tells the story of the port and its"]]
    >>> _listing_flags(ls, [False] * 8, 40.0, UnwrapParams())
    [False, True, True, True, True, True, False, False]
    """
    n = len(lines)

    def item(k: int) -> bool:
        t = lines[k].text.strip()
        return (
            len(t) < 0.7 * typical  # (the cheap test first)
            and not code[k]
            and len(t.split()) >= 2
            and not SENTENCE_END_RE.search(t)
            and not list_item(t)  # (a list's items are the list's)
            and not CAPTION_RE.match(t)  # (nor a caption or a heading: "Table 3.1 …",
            and not SECTION_LABEL_RE.match(t)  # "3.1 General", "Chapter 3")
            and not LABEL_HEADING_RE.match(t)
        )

    flags = [False] * n
    i = 0
    while i < n:
        if not item(i):
            i += 1
            continue
        j = i
        while j < n and j - i < 8 and item(j) and lines[j].page == lines[i].page:
            j += 1
        inner = {indent_of(lines[k].text) for k in range(i + 1, j)}
        if j - i >= 4 and (
            (len(inner) == 1 and indent_of(lines[i].text) not in inner)
            or YIELD_RE.match(lines[i].text)
        ):
            # a line over the items, set apart from their common indent, is no item of
            # theirs: a recipe's yield, flush, over its ingredients set in ("Serves 2"),
            # or worded as one over quantities ranged right ("Serves 4" / "   40 g butter")
            i += 1
        before = lines[i - 1].text.strip() if i else ""
        opens = not before or SENTENCE_END_RE.search(before) is not None
        figures = sum(1 for k in range(i, j) if any(ch.isdigit() for ch in lines[k].text))
        after = lines[j].text.strip() if j < n else ""
        closes = (
            not after
            or lines[j].page != lines[i].page
            or (after[:1].isupper() and len(after) >= 0.7 * typical)  # prose goes on
        )
        if j - i >= 3 and opens and closes and 2 * figures >= j - i:
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


YIELD_RE = regex.compile(r"^\s*(?:Serves|Makes|Yields?|Feeds)\s+(?:about\s+)?\d")


def _quantity_flags(
    lines: list[Line], code: list[bool], typical: float, p: UnwrapParams
) -> list[bool]:
    """Lists of quantities set one to a line (a recipe's ingredients): three or more lines in
    a row that start with a quantity, end no sentence and end short of a full line.

    >>> ls = [Line(t, 1) for t in ["and the clove is optional but, I think, essential.",
    ...     "750 g small beetroot, well scrubbed", "1 red onion, thinly sliced",
    ...     "1 ½ tsp fine sea salt", "Heat the oven to 200 °C and roast the beetroot whole."]]
    >>> _quantity_flags(ls, [False] * 5, 60.0, UnwrapParams())
    [False, True, True, True, False]
    >>> _quantity_flags([Line(t, 1) for t in ["350g strong wholemeal flour", "1 tsp salt",
    ...     "300ml warm water"]], [False] * 3, 60.0, UnwrapParams())
    [True, True, True]
    """
    n = len(lines)
    ok = [
        not code[k]
        and (t := lines[k].text).lstrip()[:1] in QUANTITY_STARTS
        and QUANTITY_RE.match(t) is not None
        and len(t.strip()) < p.fit_line * typical
        and not SENTENCE_END_RE.search(t.rstrip())
        for k in range(n)
    ]
    return _runs_of(ok, 3)


def _stanza_flags(
    lines: list[Line], code: list[bool], typical: float, fit: float, spaced: bool = False
) -> list[bool]:
    """Stanzas set between blank lines in a text export whose lines break mid-sentence
    (``with its hands full`` / ``of somebody else’s rain,``): in a block of two to sixteen
    lines, two or more lines, and half of those before its last, end before the next
    line's first word although it would have fitted (*fit* of a *typical* full line), and
    that word goes on in lower case; and the lines before the last differ in length by
    half or more. Prose breaks a line early only at a paragraph's end, and a quotation set
    to a narrower measure fills its lines alike.

    >>> ls = [Line(t, 1) for t in ["", "The wind comes in from the west with its hands full",
    ...     "of somebody else’s rain,", "and the ash tree, which has heard all this before,",
    ...     "says it again.", ""]]
    >>> _stanza_flags(ls, [False] * 6, 62.0, 0.9)
    [False, True, True, True, True, False]
    """
    n = len(lines)
    flags = [False] * n
    floor = _spaced_measure(lines, code) if spaced else 0
    i = 0
    while i < n:
        if not lines[i].text.strip() or code[i]:
            i += 1
            continue
        j = i
        while j < n and lines[j].text.strip() and not code[j] and lines[j].page == lines[i].page:
            j += 1
        block = [ln.text.strip() for ln in lines[i:j]]
        before_blank = i == 0 or not lines[i - 1].text.strip() or lines[i - 1].page != lines[i].page
        after_blank = j == n or not lines[j].text.strip()
        plain = all(ln.geom is None for ln in lines[i:j])  # PDFs: `_indented_verse`
        if plain and 2 <= len(block) <= 16 and before_blank and after_blank:
            inner = list(map(len, block[:-1]))
            early = sum(
                1
                for a, b in itertools.pairwise(block)
                if b[:1].islower() and len(a) + 1 + len(b.split(None, 1)[0]) < fit * typical
            )
            if early >= 2 and 2 * early >= len(block) - 1 and max(inner) >= 1.5 * min(inner):
                flags[i:j] = [True] * (j - i)
            elif (
                len(block) <= 8
                and all(
                    len(a) + 1 + len(b.split(None, 1)[0]) < fit * typical
                    and not SENTENCE_END_RE.search(a)
                    and not a.endswith((",", ";", "-", "–", "—"))
                    for a, b in itertools.pairwise(block)
                )
                and len(block[-1]) < fit * typical
                and not SENTENCE_END_RE.search(block[-1])
                and all(len(t.split()) >= 2 and not t[:1].islower() for t in block)
                and (
                    max(inner) >= 1.5 * min(inner) if len(inner) >= 2 else inner[0] < 0.5 * typical
                )
                and _one_edge([ln.text for ln in lines[i:j]])
            ):
                # a listing (an address, opening hours): every line ends early, none ends
                # a sentence or a clause or goes on in lower case, and their lengths differ
                # (prose set to a narrower measure fills its lines alike)
                flags[i:j] = [True] * (j - i)
            elif spaced and len(block) >= 3 and _ends_early_locally(lines, i, j, code, floor):
                # (a double-spaced export: its blocks are what two blank lines set apart,
                # stanzas and paragraphs, and a stanza's lines end early; the measure is
                # at least the book's, though a page holds only verse)
                flags[i:j] = [True] * (j - i)
        i = j
    for k in _spaced_stanza(lines, code, typical, fit):
        flags[k] = True
    return flags


def _one_edge(texts: list[str]) -> bool:
    """Do the lines of a block line up at one edge, their left, their middle or their
    right, within three characters (an address, a listing)? A heading at the margin over
    a date ranged right (``1. The school house`` / ``Saltcote, 9 April 1911`` set far in)
    are two lines apart.

    >>> _one_edge(["12 Quay Street", "Harwick"]), _one_edge(["  Bread", "Flour and salt"])
    (True, True)
    >>> _one_edge(["1. The school house", " " * 40 + "Saltcote, 9 April 1911"])
    False
    """
    spans = [(len(t) - len(t.lstrip()), len(t.rstrip())) for t in texts if t.strip()]
    for edge in (
        [a for a, _ in spans],
        [(a + b) / 2 for a, b in spans],
        [b for _, b in spans],
    ):
        if max(edge) - min(edge) <= 3:
            return True
    return False


NAME_LINE_RE = regex.compile(r"^(?:\p{Lu}[\p{L}’'-]*)(?: \p{Lu}[\p{L}’'-]*){0,2}$")


def _no_speeches(lines: list[Line], verse: list[bool]) -> list[bool]:
    """*verse* less the runs that are a play's short speeches: two lines or more of the run
    are a speaker's name set alone and further in than the line under it (``Bridie`` /
    ``I heard that, sir.`` / ``Oswin`` / ``You were meant to, miss.``), a name that stands
    so three times at least in the book.

    >>> ls = [Line(t, 1) for t in ["    Bridie", "I heard that, sir.", "    Oswin",
    ...     "You were meant to.", "    Bridie", "Yes.", "    Oswin", "No.", "    Bridie", "So."]]
    >>> _no_speeches(ls, [True] * 10) == [False] * 10
    True
    """
    if not any(verse):
        return verse
    counts = collections.Counter(
        t for ln in lines if NAME_LINE_RE.match(t := ln.text.strip()) and len(t) <= 30
    )
    names = {t for t, c in counts.items() if c >= 3}
    if not names:
        return verse

    def name_at(k: int) -> bool:
        return (
            lines[k].text.strip() in names
            and k + 1 < len(lines)
            and lines[k + 1].text.strip() != ""
            and indent_of(lines[k].text) > indent_of(lines[k + 1].text) + 2
        )

    out = list(verse)
    k = 0
    while k < len(out):
        if not out[k]:
            k += 1
            continue
        j = k
        while j < len(out) and out[j]:
            j += 1
        if sum(1 for m in range(k, j) if name_at(m)) >= 2:
            out[k:j] = [False] * (j - k)
        k = j
    return out


TRAILING_PAGE_RE = regex.compile(r"\s+(?:\d{1,4}|[ivxlc]{1,7})\s*$")


def _page_openers(lines: list[Line]) -> list[int]:
    """The lines that open a page as a contents' heading (``Contents``) or as a chapter
    the contents lists (``1 Events and Probability`` under ``1 Events and Probability 1``):
    no block of kept lines from the page before (a copyright page's lines, the contents'
    rows) goes on into them.

    >>> ls = [Line("ISBN 978-1-80611-330-7", 2), Line("Contents", 3),
    ...       Line("1 Events and Probability 1", 3), Line("1 Events and Probability", 5)]
    >>> _page_openers(ls)
    [1, 3]
    """
    titles: set[str] = set()
    for k, line in enumerate(lines):
        if CONTENTS_HEAD_RE.match(line.text):
            for row in lines[k + 1 : k + 60]:
                if row.page != line.page:
                    break
                t = TRAILING_PAGE_RE.sub("", row.text.strip())
                if t != row.text.strip():
                    titles.add(" ".join(t.casefold().split()))
    out = []
    prev_page = None
    for k, line in enumerate(lines):
        t = line.text.strip()
        if not t:
            continue
        if (
            prev_page is not None
            and line.page != prev_page
            and (CONTENTS_HEAD_RE.match(t) or " ".join(t.casefold().split()) in titles)
        ):
            out.append(k)
        prev_page = line.page
    return out


def _spaced_measure(lines: list[Line], code: list[bool]) -> int:
    """The book's measure in characters: the length that nine in ten of its lines of text
    (not code, no cells set apart by four spaces) do not pass.

    >>> _spaced_measure([Line("x" * k, 1) for k in range(1, 21)], [False] * 20)
    19
    """
    sizes = sorted(
        len(t)
        for line, c in zip(lines, code, strict=True)
        if not c and (t := line.text.strip()) and not WIDE_CELL_GAP_RE.search(t)
    )
    return sizes[int(0.9 * len(sizes))] if len(sizes) >= 20 else 0


def _ends_early_locally(
    lines: list[Line], i: int, j: int, code: list[bool], floor: int = 0
) -> bool:
    """Do most lines of the block *i*..*j* (three or more, two in three of its breaks)
    end where the next line's first word would have fitted within the measure of the
    text around it (the second-longest line of the lines within twelve of the block, on
    its page, or *floor* if that is longer)? Verse breaks its lines where the sense does,
    prose where the measure does: this tells a stanza of short lines from a paragraph set
    narrow, whatever its case.

    >>> ls = [Line(t, 1) for t in ["", "She knew the river by its moods,",
    ...     "the way another child might know a dog:", "which days it wanted walking,",
    ...     "which days it wanted to be left alone.", "",
    ...     "She knew the boats by sound before they rounded Caddow",
    ...     "Bend: the coal barge with its cough, the pleasure steamer's",
    ...     "band, the silent narrowboat the brothers poled upstream.", ""]]
    >>> _ends_early_locally(ls, 1, 5, [False] * 10), _ends_early_locally(ls, 6, 9, [False] * 10)
    (True, False)
    """
    page = lines[i].page
    around = sorted(
        (
            len(lines[k].text.strip())
            for k in range(max(0, i - 12), min(len(lines), j + 12))
            if lines[k].page == page and not code[k] and lines[k].text.strip()
        ),
        reverse=True,
    )
    if len(around) < 4:
        return False
    measure = max(around[1], floor)
    block = [lines[k].text.strip() for k in range(i, j)]
    early = sum(
        1
        for a, b in itertools.pairwise(block)
        if len(a) + 1 + len(b.split(None, 1)[0]) <= measure - 2
    )
    return 3 * early >= 2 * (len(block) - 1)


def _spaced_stanza(lines: list[Line], code: list[bool], typical: float, fit: float) -> list[int]:
    """The lines of stanzas that an extractor broke up with blank lines (PyMuPDF's blocks
    part lines set at other indents): three lines or more, with single blank lines among
    them, after a line that ends a sentence or a colon, each line short and ending before
    the next one's first word would have fitted, each after the first starting in lower
    case and each but the last ending at a comma, a semicolon or a colon (the rhyme's
    pause), the last ending a sentence.

    >>> ls = [Line(t, 1) for t in ["in a voice that was better than I had expected:", "",
    ...     "Boil it white and boil it dry,", "", "the peat is wet and the sea is high;",
    ...     "a barrel to Haldvik, a barrel to Sund,", "", "and a bucket of ash for the ground.",
    ...     "", "He would not say."]]
    >>> _spaced_stanza(ls, [False] * len(ls), 62.0, 0.9)
    [2, 4, 5, 7]
    """
    out: list[int] = []
    n = len(lines)
    i = 0
    while i < n:
        prev = lines[i - 1].text.rstrip() if i > 0 else ""
        if not (i >= 2 and not prev and lines[i].text.strip()) or code[i]:
            i += 1
            continue
        before = next(
            (lines[k].text.rstrip() for k in range(i - 1, -1, -1) if lines[k].text.strip()), ""
        )
        if not (before.endswith(":") or SENTENCE_END_RE.search(before)):
            i += 1
            continue
        run: list[int] = []
        k = i
        while k < n and not code[k] and lines[k].page == lines[i].page:
            t = lines[k].text.strip()
            if not t:
                if k + 1 < n and lines[k + 1].text.strip() and run:
                    k += 1
                    continue
                break
            if len(t) >= 0.75 * typical or (run and not t[:1].islower()):
                break
            run.append(k)
            if SENTENCE_END_RE.search(t):
                break
            if t[-1] not in ",;:":
                run = []
                break
            k += 1
        texts = [lines[k].text.strip() for k in run]
        spaced = bool(run) and run[-1] - run[0] + 1 > len(run)
        if (
            len(run) >= 3
            and spaced
            and SENTENCE_END_RE.search(texts[-1])
            and all(
                len(a) + 1 + len(b.split()[0]) < fit * typical for a, b in itertools.pairwise(texts)
            )
        ):
            out.extend(run)
            i = run[-1] + 1
        else:
            i += 1
    return out


def _width(line: Line, first_word: bool = False) -> float:
    """A line's width (or its first word's, with the space before it): in points from the
    PDF, where a justified line's characters vary in number; else in characters."""
    text = line.text.strip()
    if first_word:
        text = " " + (text.split(None, 1)[0] if text else "")
    g = line.geom
    if g is None:
        return float(len(text))
    if first_word:
        return 0.5 * g.size * len(text)
    return g.x1 - g.x0


def _indented_verse(lines: list[Line], code: list[bool]) -> list[bool]:
    """Verse set in from the text (a song, a stanza in a PDF's proportional font): a run of
    three or more lines indented past the body, most of whose lines (bar the last) end
    before the next line's first word although it would have fitted on the run's longest
    line. A quotation set in is justified to its own measure, so its lines end full.

    >>> body = ["Body text of the page that runs on and on for a while, as the body of a",
    ...     "page does, line after line, until the page is full and the reader turns it."] * 2
    >>> ls = [Line(t, 1) for t in body + ["",
    ...     "      Meet me down at Cedar Landing,", "      where the lanterns hang;",
    ...     "      bring your shoes and your last half-dime,", "      and she won’t be back.", ""]]
    >>> _indented_verse(ls, [False] * 10)[4:]
    [False, True, True, True, True, False]
    """
    n = len(lines)
    flags = [False] * n
    base = prose_indent(lines, code)
    if base is None:
        return flags
    i = 0
    while i < n:
        j = i
        while (
            j < n
            and lines[j].text.strip()
            and not code[j]
            and indent_of(lines[j].text) >= base + 4
            and abs(indent_of(lines[j].text) - indent_of(lines[i].text)) <= 4
        ):
            j += 1  # (a line set in by another measure, an attribution, is another block)
        if j - i >= 3 and sum(1 for ln in lines[i:j] if list_item(ln.text)) < 2:
            # (items of a list set in, with their wrapped lines, are no verse)
            # (a stanza's number may hang before its first line, out of the run's indent)
            hung = i > 0 and _hangs_over(lines[i - 1], lines[i])
            if (
                _verse_run(lines[i:j])
                or (hung and _verse_run(lines[i - 1 : j]))
                or (hung and _short_of_page(lines, i - 1, j))
            ):
                flags[i - hung : j] = [True] * (j - i + hung)
        i = max(j, i + 1)
    return flags


STANZA_NUMBER_RE = regex.compile(r"^(\s*)(\d{1,3}\s+)\S")  # (no stop: "2." opens an item)


def _hangs_over(first: Line, nxt: Line) -> bool:
    """Does *first* open with a number hanging in the margin, its words starting where
    *nxt*'s do (``   2 When the fog comes down`` over ``     and the bell-buoy``): a
    stanza's or an item's first line?

    >>> _hangs_over(Line("   2 When the fog comes down", 1), Line("     and the bell-buoy", 1))
    True
    >>> _hangs_over(Line("2 When the fog comes down", 1), Line("     and the bell-buoy", 1))
    False
    """
    m = STANZA_NUMBER_RE.match(first.text)
    if m is None or first.page != nxt.page or not nxt.text.strip():
        return False
    return abs(len(m[1]) + len(m[2]) - indent_of(nxt.text)) <= 1


def _short_of_page(lines: list[Line], i: int, j: int) -> bool:
    """Do PDF lines *i* to *j* all end well short (under three quarters) of the widest
    line of their page: a stanza under its hanging number, not prose set in?"""
    run = lines[i:j]
    if any(ln.geom is None for ln in run):
        return False
    page = run[0].page
    widest = max(_width(ln) for ln in lines if ln.page == page and ln.geom is not None)
    return all(_width(ln) < 0.75 * widest for ln in run)


def _verse_run(run: list[Line]) -> bool:
    """Are the lines of *run* (set in alike) verse: most of them (bar the last) end before
    the next line's first word although it would have fitted on the run's longest line,
    or nearly all end at a stop or a comma (rhymed lines of alike length)? Prose set in
    breaks its lines wherever the measure falls, and a run of one-line paragraphs (a
    dialogue's speeches, each set in as a paragraph's first line) ends each line with a
    sentence."""
    widths = [_width(ln) for ln in run]
    longest = max(widths)
    early = sum(
        1
        for a, b, w in zip(run, run[1:], widths, strict=False)
        if w + _width(b, first_word=True) < longest
    )
    marked = sum(1 for ln in run if ln.text.rstrip()[-1:] in ",.;:!?–—")
    if all(SENTENCE_END_RE.search(ln.text.rstrip()) for ln in run[:-1]):
        return False  # each line a sentence of its own: one-line paragraphs (a dialogue)
    # (or rhymed: a ballad's lines of alike length, ``… her winter lid`` / ``… the hay
    # is hid``; prose set in rhymes across a line seldom)
    rhymes = sum(
        1
        for k in range(len(run))
        for d in (1, 2)
        if k + d < len(run) and _rhyme(run[k].text, run[k + d].text)
    )
    return (
        2 * early > len(run) - 1
        or marked >= len(run) - (len(run) >= 6)
        or (rhymes >= 1 and 4 * rhymes >= len(run))
    )


RHYME_WORD_RE = regex.compile(r"(\p{L}+)\P{L}*$")
UNRHYMING_ENDS = ("ing", "ion", "ed", "ly", "es", "ers", "ity", "ent", "nce", "ous")


def _rhyme(a: str, b: str) -> bool:
    """Do lines *a* and *b* end in rhyming words (spelled alike at the end: ``lid`` /
    ``hid``, ``call`` / ``all``), not in one word twice, function words or a common
    ending (``-ing``, ``-ion``) that rhymes by chance?

    >>> _rhyme("When Mossgill wears her winter lid", "the tups stay in and the hay is hid")
    True
    >>> _rhyme("they were singing", "and all running"), _rhyme("to the", "of the")
    (False, False)
    """
    ma, mb = RHYME_WORD_RE.search(a.lower()), RHYME_WORD_RE.search(b.lower())
    if ma is None or mb is None:
        return False
    wa, wb = ma.group(1), mb.group(1)
    if wa == wb or min(len(wa), len(wb)) < 2 or {wa, wb} & FUNCTION_WORDS:
        return False
    if wa.endswith(UNRHYMING_ENDS) or wb.endswith(UNRHYMING_ENDS):
        return False
    n = 2 if max(len(wa), len(wb)) <= 4 else 3
    return wa[-n:] == wb[-n:]


STANZA_START_RE = regex.compile(r"^\s*(?:\d{1,2}\.|(?:Refrain|Chorus|R)\s*:)\s+\S")


def _numbered_stanzas(lines: list[Line], code: list[bool], typical: float) -> dict[int, bool]:
    """The lines of a hymnal's numbered stanzas, set without blank lines or indents (``1. The
    light comes slow on Harter Fell`` / ``and finds the sleeping fold;`` / …), with whether
    each opens its stanza: from a numbered line (or ``Refrain:``) to the first line that
    ends a sentence, three lines or more, each well short of a full line, two of them
    rhyming (a numbered list's items turn over full lines and do not rhyme); two such
    stanzas in the book at least.

    >>> texts = ["1. The light comes slow on Harter Fell", "and finds the sleeping fold;",
    ...     "it wakes the beck, it wakes the bell,", "it turns the bracken gold.",
    ...     "2. We rise to work as others rose", "who farmed this stony ground,",
    ...     "and every gate and wall we close", "was built by hands long gone."]
    >>> sorted(_numbered_stanzas([Line(t, 1) for t in texts], [False] * 8, 70.0).items())[:5]
    [(0, True), (1, False), (2, False), (3, False), (4, True)]
    """
    runs: list[tuple[int, int, bool]] = []  # (first line, last line, rhymes)
    k, n = 0, len(lines)
    while k < n:
        if code[k] or not STANZA_START_RE.match(lines[k].text):
            k += 1
            continue
        j = k
        while j < n and j - k < 12:
            t = lines[j].text.strip()
            if not t or code[j] or len(t) >= 0.75 * typical or (j > k and STANZA_START_RE.match(t)):
                j = -1
                break
            if SENTENCE_END_RE.search(t):
                break
            j += 1
        if j < 0 or j >= n or j - k < 2:
            k += 1
            continue
        texts = [ln.text for ln in lines[k : j + 1]]
        rhymes = any(_rhyme(a, b) for a, b in itertools.pairwise(texts)) or any(
            _rhyme(a, b) for a, b in zip(texts, texts[2:], strict=False)
        )
        runs.append((k, j, rhymes))
        k = j + 1
    # (a stanza whose rhymes the spelling hides, ``snow`` / ``go``, right beside one that
    # rhymes, of as many lines: a stanza of the same song)
    ok = [r[2] for r in runs]
    changed = True
    while changed:
        changed = False
        for x, (k, j, _r) in enumerate(runs):
            if ok[x]:
                continue
            for y in (x - 1, x + 1):
                if 0 <= y < len(runs) and ok[y]:
                    k2, j2, _r2 = runs[y]
                    if (j2 + 1 == k or j + 1 == k2) and j2 - k2 == j - k:
                        ok[x] = changed = True
                        break
    if sum(ok) < 2:
        return {}
    return {
        x: x == k
        for (k, j, _r), good in zip(runs, ok, strict=True)
        if good
        for x in range(k, j + 1)
    }


def _room_at(lines: list[Line], code: list[bool], i: int, reach: int = 4) -> float | None:
    """The points free at PDF line *i*'s right before the measure of the lines around it
    (the farthest right edge among the prose lines of its page within *reach*, set in its
    size and from about its left edge), or None. A justified or ragged line breaker moves
    a word to the next line only when it does not fit, so a word that would have fitted
    in that room shows a line ended on purpose.
    """
    ln = lines[i]
    g = ln.geom
    if g is None or code[i] or not ln.text.strip():
        return None
    right = None
    for k in range(max(0, i - reach), min(len(lines), i + reach + 1)):
        o = lines[k].geom
        if (
            k == i
            or o is None
            or code[k]
            or lines[k].page != ln.page
            or abs(o.size - g.size) > 0.5
            or abs(o.x0 - g.x0) > 1.5 * g.size
            or not lines[k].text.strip()
        ):
            continue
        right = o.x1 if right is None else max(right, o.x1)
    return None if right is None else right - g.x1


def _roomy(lines: list[Line], code: list[bool], k: int) -> bool:
    """Did PDF line *k* end with room to spare for the next line's first word (half as
    wide again as its letters at half the size each, and a space), the next line set
    from the same left edge in the same size on the same page, not ending where it does?
    The room is measured to the farthest right edge of the lines around it (`_room_at`)."""
    if k < 0 or k + 1 >= len(lines) or code[k] or code[k + 1]:
        return False
    a, b = lines[k], lines[k + 1]
    g, h = a.geom, b.geom
    if (
        g is None
        or h is None
        or a.page != b.page
        or abs(g.x0 - h.x0) > 1.0
        or abs(g.x1 - h.x1) <= 1.0  # (two lines that end together are justified prose)
        or abs(g.size - h.size) > 0.5
        or not a.text.strip()
        or not b.text.strip()
    ):
        return False
    room = _room_at(lines, code, k)
    first = b.text.split()[0]
    return room is not None and room >= 1.5 * (len(first) + 1) * 0.5 * h.size


def _roomy_run(lines: list[Line], code: list[bool], k: int) -> bool:
    """Is PDF line *k* one of two or more in a row that each end with room to spare for
    the next one's first word (`_roomy`)? A line breaker, ragged or justified, moves a
    word down only when it does not fit; lines of verse end where the poet ends them.

    >>> from pipeline.document import Geom
    >>> texts = ["Low water, and the boats lie down", "like cattle in a summer field,",
    ...     "their ropes gone slack across the mud where the gulls walk out", "and nothing moves."]
    >>> rights = [191, 164, 295, 166]
    >>> ls = [Line(t, 3, Geom(40, 160 + 12 * k, r, 170 + 12 * k, 10)) for k, (t, r) in enumerate(zip(texts, rights))]
    >>> [_roomy_run(ls, [False] * 4, k) for k in range(4)]
    [True, True, False, False]
    """
    return _roomy(lines, code, k) and (_roomy(lines, code, k - 1) or _roomy(lines, code, k + 1))


def _set_narrower(lines: list[Line], code: list[bool], i: int) -> bool:
    """Is PDF line *i* set in from both edges of its page's prose (a quotation set on a
    narrower measure: its lines all start at the indent a paragraph's first line takes,
    and end a size or more short of the page's right edge)? (Its caller asks the next line
    to start and end where this one does too: a justified block, not two one-line
    paragraphs of dialogue.)

    >>> from pipeline.document import Geom
    >>> body = [Line("body", 1, Geom(50, 10 * k, 350, 10 * k + 9, 10)) for k in range(6)]
    >>> quote = Line("quote", 1, Geom(66, 70, 330, 79, 10))
    >>> _set_narrower([*body, quote], [False] * 7, 6), _set_narrower([*body, quote], [False] * 7, 0)
    (True, False)
    """
    g = lines[i].geom
    if g is None:
        return False
    edges = [
        (o.x0, o.x1)
        for k, ln in enumerate(lines)
        if ln.page == lines[i].page
        and (o := ln.geom) is not None
        and not code[k]
        and abs(o.size - g.size) <= 0.5
        and ln.text.strip()
    ]
    if len(edges) < 4:
        return False
    left, right = min(x0 for x0, _ in edges), max(x1 for _, x1 in edges)
    return g.x0 >= left + g.size and g.x1 <= right - g.size


def _usual_gaps(lines: list[Line], code: list[bool]) -> dict[int, float]:
    """The space a PDF book usually leaves between two lines of prose, per font size (keyed
    by twice the size, rounded): the lower quartile of the gaps between lines of one size
    that follow each other on a page, where eight gaps at least show it. A paragraph set
    apart by more space than that shows its end even when its last line is full.

    >>> from pipeline.document import Geom
    >>> ls = [Line("x", 1, geom=Geom(0, 14.0 * k + (4 if k > 5 else 0), 100, 14.0 * k
    ...     + (4 if k > 5 else 0) + 10, size=10)) for k in range(12)]
    >>> _usual_gaps(ls, [False] * 12)
    {20: 4.0}
    """
    seen: dict[int, list[float]] = {}
    for k in range(len(lines) - 1):
        a, b = lines[k].geom, lines[k + 1].geom
        if (
            a is None
            or b is None
            or code[k]
            or code[k + 1]
            or lines[k].page != lines[k + 1].page
            or abs(a.size - b.size) > 0.25
        ):
            continue
        gap = b.top - a.bottom
        if 0 < gap < 1.2 * (a.bottom - a.top):
            seen.setdefault(round(2 * b.size), []).append(gap)
    return {key: sorted(v)[len(v) // 4] for key, v in seen.items() if len(v) >= 8}


def _room_right(lines: list[Line], code: list[bool], reach: int = 4) -> dict[int, float]:
    """`_room_at` of every PDF line of prose that has lines around it, keyed by ``id``."""
    out = {}
    for i, ln in enumerate(lines):
        r = _room_at(lines, code, i, reach)
        if r is not None:
            out[id(ln)] = r
    return out


def _cell_goes_on(row: Line, line: Line, after: Line | None, typical: float) -> bool:
    """Is *line* a table cell's text wrapped under the table row *row*? The row shows its
    cells (gaps three spaces wide, or a tab); the line, short and in the row's size, stands
    set in under a later cell, or it goes on in lower case at the row's left edge before
    the next row (``chocolate   Agaricus   field …`` / ``brown``).

    >>> from pipeline.document import Line
    >>> row = Line("white   Marasmius   fairy ring champignon and its", 1)
    >>> _cell_goes_on(row, Line("                    relatives", 1), None, 70.0)
    True
    >>> _cell_goes_on(row, Line("   The next paragraph opens after the table and runs on", 1), None, 70.0)
    False
    >>> dpn, k = Line("dpn(s)   double-pointed needle(s)", 1), Line("k   knit", 1)
    >>> _cell_goes_on(dpn, k, Line("M1L   make 1 left", 1), 70.0)  # (a row of its own)
    False
    >>> from pipeline.document import Geom
    >>> ssk = Line("ssk   slip 2 sts knitwise, return them to the left needle and", 1,
    ...     Geom(50, 200, 337, 209, 8.5))
    >>> wide = Line("knit them together through the back loops (1 st decreased", 1,
    ...     Geom(114, 211, 330, 220, 8.5))
    >>> _cell_goes_on(ssk, wide, None, 60.0)  # (long, but set in and inside the row)
    True
    """
    text = line.text.strip()
    if (
        not text
        or line.page != row.page
        or " " * 3 in text  # (a row of its own: "k   knit" under "dpn(s)   double-pointed …")
        or "\t" in text
        or len(text) >= len(row.text.strip())
        or not (TABLE_RE.search(row.text.strip()) or " " * 3 in row.text.strip())
        or SENTENCE_END_RE.search(row.text.rstrip())
    ):
        return False
    g, r = line.geom, row.geom
    if g is not None and r is not None:
        if abs(g.size - r.size) > 0.5 or g.top - r.bottom > 0.8 * (r.bottom - r.top):
            return False
        set_in = g.x0 > r.x0 + 2 * g.size
        # (a wide cell's turnover may be long: set in, and ending inside the row's width)
        if len(text) > 0.5 * typical and not (set_in and g.x1 <= r.x1 + g.size):
            return False
    else:
        if len(text) > 0.5 * typical:
            return False
        set_in = indent_of(line.text) > indent_of(row.text) + 3
    if set_in:
        return True
    nxt = after.text.strip() if after is not None else ""
    return (
        text[:1].islower()
        and len(text.split()) <= 2
        and bool(TABLE_RE.search(nxt) or " " * 3 in nxt)
    )


COUNTED_LABEL_RE = regex.compile(r"^\s*((?:\d{1,3}\.)+)(\d{1,3})\.?\s+[\p{L}“‘\"(]")
# A numbered section of a treatise or a code: "§ 9. Suppose …", "§12 The seller …"
SECTION_SIGN_RE = regex.compile(r"^\s*(§)\s?(\d{1,3})\.?\s+[\p{L}“‘\"(]")


FIELD_LABEL_RE = regex.compile(r"^\s*(\p{Lu}\p{Ll}+(?: \p{Ll}+)?):\s+\S")


def _field_label(text: str) -> str | None:
    m = FIELD_LABEL_RE.match(text)
    return m.group(1) if m else None


# a label with no colon, then its value: "Gills Adnate, thick …", "Stem 3–6 cm tall …"
UNCOLONED_LABEL_RE = regex.compile(r"^\s*(\p{Lu}\p{Ll}+(?: \p{Ll}+)?) (?=[\p{Lu}\d])")


def _bare_label(text: str) -> str | None:
    m = UNCOLONED_LABEL_RE.match(text)
    if m is None:
        return None
    first = m.group(1).split()[0]
    return None if first.lower() in FUNCTION_WORDS or first in NAME_TITLES else m.group(1)


def _schema_labels(lines: list[Line], code: list[bool]) -> frozenset[str]:
    """Field labels with no colon that a record repeats in one order (a field guide's
    ``Cap 2–5 cm …`` / ``Gills Adnate …`` / ``Stem …`` for every species): two labels
    that follow one another (three lines apart at most) three times or more make a pair,
    and pairs that bring three labels at least make the schema. Names and cross-references
    that open lines (``Hannah said …``, ``Table 4.2 shows …``) recur, but seldom three of
    them in a fixed order.

    >>> rec = ["Cap 2 cm across, red.", "Gills Adnate, thick.", "   and waxy.",
    ...     "Stem 3 cm tall.", "The cap fades as it dries out."]
    >>> ls = [Line(t, 1) for t in rec * 3]
    >>> sorted(_schema_labels(ls, [False] * 15))
    ['Cap', 'Gills', 'Stem']
    >>> talk = ["Hannah Marlow came in.", "Table 4 shows it.", "It rained all day."]
    >>> sorted(_schema_labels([Line(t, 1) for t in talk * 3], [False] * 9))
    []
    """
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    last: str | None = None
    since = 0
    for i, ln in enumerate(lines):
        label = None if code[i] else _bare_label(ln.text)
        if label is None:
            since += 1
            if since > 3:
                last = None
            continue
        if last is not None and last != label:
            pairs[last, label] += 1
        last, since = label, 0
    labels = frozenset(label for pair, c in pairs.items() if c >= 3 for label in pair)
    return labels if len(labels) >= 3 else frozenset()


def _field_labels(lines: list[Line], code: list[bool]) -> frozenset[str]:
    """The labels of a book's fields (``Size:``, ``Habitat:``, ``Serves:``): a word or
    two and a colon opening a line, the same label three times or more and two labels at
    least. After a finished sentence such a line opens a paragraph.

    >>> ls = [Line(t, 1) for t in ["Size: up to 4 cm.", "Habitat: rocks.", "Size: 6 cm.",
    ...     "Habitat: sand.", "Size: 2 cm.", "Habitat: mud.", "Note: once only."]]
    >>> sorted(_field_labels(ls, [False] * 7))
    ['Habitat', 'Size']
    """
    counts = collections.Counter(
        label
        for i, ln in enumerate(lines)
        if not code[i] and ":" in ln.text[:24] and (label := _field_label(ln.text))
    )
    found = frozenset(label for label, c in counts.items() if c >= 3)
    return found if len(found) >= 2 else frozenset()


def _field_block(lines: list[Line], code: list[bool]) -> set[int]:
    """Lines that open a field of a block of fields (a walk's or a recipe's facts box:
    ``Distance: 11 km``, ``Time: about 4 hours``, ``Grade: moderate``): a label opening
    the line, with three different labels at least among the lines within six of it on
    its page. Each such line opens a paragraph after any line that breaks off no clause
    (the box's title too), though its labels appear nowhere else in the book.

    >>> ls = [Line(t, 1) for t in ["The walk at a glance", "Distance: 11 km, one way.",
    ...     "Time: about 4 hours.", "Grade: moderate, with one steep climb out of the",
    ...     "cove.", "Note: the text says so."]]
    >>> sorted(_field_block(ls, [False] * 6))
    [1, 2, 3, 5]
    """
    labelled = {
        i: label
        for i, ln in enumerate(lines)
        if not code[i] and ":" in ln.text[:24] and (label := _field_label(ln.text))
    }
    out: set[int] = set()
    for i in labelled:
        near = {
            labelled[k]
            for k in range(max(0, i - 6), min(len(lines), i + 7))
            if k in labelled and lines[k].page == lines[i].page
        }
        if len(near) >= 3:
            out.add(i)
    return out


def _joined_lines(texts: list[str], typical: float) -> bool:
    """Do a few lines of a text export (one in ten at most, of twenty lines or more) run
    well past its measure, as pdftotext leaves a line where it joined a word hyphenated
    at the line's end, and the rest of the next line with it?

    >>> full = ["x" * 60] * 30
    >>> _joined_lines(full + ["x" * 95], 60.0), _joined_lines(full[:2] + ["x" * 95] * 2, 60.0)
    (True, False)
    """
    if len(texts) < 20:
        return False
    long = sum(1 for t in texts if len(t.strip()) > 1.3 * typical)
    return long > 0 and 10 * long <= len(texts)


def _one_space_indents(lines: list[Line]) -> bool:
    """Does the text mark its paragraphs' first lines with a single space (as some
    extractors write a first-line indent: `` Weather is the oldest …``)? Five lines or more
    set in by one space after a line set in by none, half of them after a finished
    sentence, and no line set in further (elsewhere one space is noise).

    >>> para = [Line(" The rain came in.", 1), Line("It was late. It went on and on", 1),
    ...     Line("until the end.", 1)]
    >>> _one_space_indents(para * 6), _one_space_indents(para * 6 + [Line("   x", 1)])
    (True, False)
    """
    one = after_end = 0
    for a, b in itertools.pairwise(lines):
        ta, tb = a.text, b.text
        if not ta.strip() or not tb.strip() or a.geom is not None:
            continue
        ia, ib = indent_of(ta), indent_of(tb)
        if ib >= 2:
            return False
        if ia == 0 and ib == 1:
            one += 1
            after_end += SENTENCE_END_RE.search(ta.rstrip()) is not None
    return one >= 5 and 2 * after_end >= one


def _counting_runs(found: list[tuple[int, str, int]]) -> set[int]:
    """The line indices of *found* (index, label prefix, number) in runs of three or more
    whose number counts up by one under the same prefix.

    >>> sorted(_counting_runs([(0, "E", 1), (2, "E", 2), (5, "E", 3), (7, "F", 4)]))
    [0, 2, 5]
    """
    out: set[int] = set()
    run: list[tuple[int, str, int]] = []
    for item in [*found, (-1, "", -1)]:
        if run and item[1] == run[-1][1] and item[2] == run[-1][2] + 1:
            run.append(item)
            continue
        if len(run) >= 3:
            out.update(i for i, _, _ in run)
        run = [item]
    return out


def _counted_labels(lines: list[Line], code: list[bool]) -> set[int]:
    """Lines that open numbered items of a count (``14.1 In the line …``, ``14.2 Why …``,
    ``14.3 After …``, ``7.1 explain …``, ``§ 9. Suppose …``): labels of two levels or more
    (or after a section sign), at a line's start,
    whose last number counts up by one under the same prefix, three in a row at least. A number that a
    sentence broke onto a line's start (``… see section`` / ``14.3 After …``) counts with
    no others.

    >>> ls = [Line(t, 1) for t in ["14.1 In the line a3, what", "is best?", "14.2 Why does it",
    ...     "lose?", "14.3 After Ke8, how?", "as in section", "2.4 Above, we saw"]]
    >>> sorted(_counted_labels(ls, [False] * 7))
    [0, 2, 4]
    """
    found = [
        (i, m.group(1), int(m.group(2)))
        for i, ln in enumerate(lines)
        if not code[i] and (ln.text[:12].lstrip()[:1].isdigit() or "§" in ln.text[:4])
        if (m := COUNTED_LABEL_RE.match(ln.text) or SECTION_SIGN_RE.match(ln.text))
    ]
    return _counting_runs(found)


WORD_COUNT_RE = regex.compile(
    r"^\s*(\p{Lu}\p{Ll}{2,11})\s+(\d{1,3})(?![\d.,:–-]?\d)\b(?!\s*[.:]\s*$)"
)


LABEL_THEN_ITEM_RE = regex.compile(r"^\s*\p{Lu}\p{Ll}+\s+\d{1,3}\s+(?:\d{1,2}|[a-z])[.)]\s")


def _word_counted(lines: list[Line], code: list[bool]) -> set[int]:
    """Lines that open a labelled count (``Exercise 1 a) I’m …``, ``Exercise 2 1. It’s …``,
    ``Exercise 3 …``): a capitalised word and a number at a line's start, the number
    counting up by one under the same word, three in a row at least. Each opens a
    paragraph of its own, an answer key's as an exercise book's.

    >>> ls = [Line(t, 1) for t in ["Exercise 1 a) I’m b) they’re", "Exercise 2 1. It’s",
    ...     "Exercise 3 1. my sister’s", "bike", "Figure 7 shows", "Exercise 1 a) Home"]]
    >>> sorted(_word_counted(ls, [False] * 6))
    [0, 1, 2]
    """
    found = [
        (i, m.group(1), int(m.group(2)))
        for i, ln in enumerate(lines)
        if not code[i] and (m := WORD_COUNT_RE.match(ln.text))
    ]
    return _counting_runs(found)


def _heading_between(
    text: str, after: str, typical: float, p: UnwrapParams, larger: bool = False
) -> bool:
    """Is *text*, after a finished sentence, a heading of its own: shaped like one (or, in
    a PDF, set *larger* than the body), short, ending no sentence, and followed by a line
    that starts a paragraph, an item or a note (a capital, a digit, a quotation mark, a
    list's marker), which its next word would have fitted after?

    >>> [_heading_between(t, a, 60, UnwrapParams()) for t, a in [("Notes", "1. Irmgard Seel,"),
    ...     ("Further Reading", "Most of the books"), ("It was", "late."),
    ...     ("The Ferry House", "and then"), ("New York and", "London were"),
    ...     ("Key points", "• Write the outcome"), ("Candidates for a fixed point", "The")]]
    [True, True, False, False, False, True, False]
    >>> _heading_between("Candidates for a fixed point", "The proposals", 60, UnwrapParams(), True)
    True
    """
    s, nxt = text.strip(), after.strip()
    if len(s) >= p.unpunctuated_line * typical or not nxt or SENTENCE_END_RE.search(s):
        return False  # (the length first: most lines are full)
    if not (heading_shape(s, p.max_heading_words) or (larger and s[:1].isupper())):
        return False
    if list_item(s):
        return False
    if s.split()[-1].lower() in GLUE_WORDS:
        return False  # "New York and" / "London were …": the sentence goes on
    if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "“‘\"'(" or list_item(nxt)):
        return False
    return len(s) + 1 + len(nxt.split(None, 1)[0]) < p.fit_line * typical


def _list_lead(text: str, after: str, typical: float, p: UnwrapParams) -> bool:
    """Is *text*, after a finished sentence, a line of its own that leads into the list
    below it: short, opening with a capital, ending in a question mark, the next line a
    list item (``Checklist: what is happening at bedtime?`` / ``□ Bedtime varies …``)? A
    colon's lead-in goes on with its paragraph (``… what you want. Use the following
    routine:``).

    >>> _list_lead("Checklist: what is happening at bedtime?", "□ Bedtime varies", 66,
    ...     UnwrapParams()), _list_lead("Use the following routine:", "• x", 66, UnwrapParams())
    (True, False)
    """
    s = text.strip()
    return (
        s[:1].isupper()
        and s.endswith("?")
        and len(s) < p.short_line * typical
        and list_item(after)
        and not list_item(s)
    )


def _blank_inside_sentence(a: str, b: str) -> bool:
    """Does a blank line stand inside a sentence: the line before breaks off in a word (a
    line-end hyphen, or a lower-case word, or a comma) and the line after goes on in lower
    case? pdfminer leaves such blank lines where it cut a paragraph into two boxes.

    >>> _blank_inside_sentence("asked her where the compo-", "sition was.”")
    True
    >>> _blank_inside_sentence("I am thinking", "about it, which is enough.")
    True
    >>> _blank_inside_sentence("saccharification", "(sŭ-kăr′ŭ-fĭ-kā′shŭn) n. The conversion")
    True
    >>> [_blank_inside_sentence(a, b) for a, b in [("It ends here.", "and then"),
    ...     ("A Heading", "the text"), ("I am thinking", "About it"), ("x = 1", "y = 2"),
    ...     ("L − ε < aN ≤ an ≤ L,", "and therefore")]]
    [False, False, False, False, False]
    """
    a, b = a.rstrip(), b.strip()
    opened = b[1:] if b[:1] in "([" else b  # (a bracket opened mid-sentence: "word (sŭ-…)")
    if not a or not opened[:1].islower() or list_item(b) or display_math(a) or display_math(b):
        return False  # (a formula displayed apart, and the text around it, keep their lines)
    last = a.split()[-1]
    if HYPHEN_END_RE.search(a) and last[:1].isalpha():
        return True
    return last[-1:] == "," or (last.isalpha() and last.islower())


BARE_LABEL_RE = regex.compile(r"^\s*(\d{1,2})\s+\p{L}")


OPENER_RE = regex.compile(r"(?:(?<=\p{L}{3})|(?<=\d))[.!?]\s+(\p{Ll}[\p{L}\d_-]*)\b")


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0] if words else ""


def lower_openers(texts: list[str]) -> frozenset[str]:
    """Words that open sentences in lower case in this book, twice or more after a full
    stop, inside a line or at the start of the next (a program's name: ``… if you need
    to. brindle keeps no backup``), no common word (``etc. and``): a line that opens with
    one may open a paragraph.

    >>> lower_openers(["It is done. brindle reads it.", "Run it twice. brindle stops.",
    ...     "and so on, etc. and the rest.", "Apples, pears, etc. and plums."])
    frozenset({'brindle'})
    >>> lower_openers(["This guide describes version 2.4.", "brindle never changes a file.",
    ...     "It overwrites the original file.", "brindle keeps no backup."])
    frozenset({'brindle'})
    """
    # (one pass over the text: a line's end and the next line's start are one gap)
    seen = collections.Counter(OPENER_RE.findall("\n".join(texts)))
    return frozenset(w for w, n in seen.items() if n >= 2 and w not in GLUE_WORDS)


LONE_LETTER_RE = regex.compile(r"^\s*(\p{Lu})\s*$")


def _letter_heads(lines: list[Line]) -> set[int]:
    """The lines that head a glossary's or a list's letter groups: a capital alone on its
    line (``B``), three or more in alphabetical order, most of them over a line that opens
    with their letter (``batter n. …``); a drop cap's letter (``T`` / ``he morning …``)
    opens no word of its own.

    >>> texts = ["Intro.", "A", "ashlar n. Cut stone.", "B", "batter n. The lean.",
    ...     "C", "cope n. The top.", "T", "he end."]
    >>> sorted(_letter_heads([Line(t, 1) for t in texts]))
    [1, 3, 5]
    """
    found: list[tuple[int, str, bool]] = []
    for k, line in enumerate(lines):
        m = LONE_LETTER_RE.match(line.text)
        if m is None:
            continue
        nxt = next((o.text.strip() for o in lines[k + 1 : k + 3] if o.text.strip()), "")
        found.append((k, m.group(1), nxt[:1].casefold() == m.group(1).casefold()))
    run: list[tuple[int, str, bool]] = []
    best: list[tuple[int, str, bool]] = []
    for item in found:
        if run and item[1] <= run[-1][1]:
            run = []
        run.append(item)
        if len(run) > len(best):
            best = list(run)
    if len(best) < 3 or 3 * sum(1 for _k, _c, ok in best if ok) < 2 * len(best):
        return set()
    return {k for k, _c, ok in best if ok}


def _bare_counted(lines: list[Line], code: list[bool]) -> set[int]:
    """Lines that open items numbered by a bare number that counts up by one (``0 ringing
    took place …``, ``1 ringing …``, ``2 …``): three in a row at least, set alike (the same
    indent, and in a PDF the same left edge), each within five lines of the one before; or
    four at least that count up with gaps (a crossword's clues: ``1 …``, ``5 …``, ``7 …``)
    where each item's turnovers are set in deeper than its number.

    >>> ls = [Line(t, 1) for t in ["given a code from 0 to 3:", "0 ringing and no weather;",
    ...     "1 ringing, but the weather", "is noted;", "2 ringing abandoned;", "3 no ringing.",
    ...     "in the year", "1 more line"]]
    >>> sorted(_bare_counted(ls, [False] * 8))
    [1, 2, 4, 5]
    """
    found = [
        (i, int(m.group(1)))
        for i, ln in enumerate(lines)
        if not code[i] and (m := BARE_LABEL_RE.match(ln.text))
    ]

    def alike(a: int, b: int) -> bool:
        ga, gb = lines[a].geom, lines[b].geom
        if ga is not None and gb is not None:
            return abs(ga.x0 - gb.x0) <= 1.0
        return indent_of(lines[a].text) == indent_of(lines[b].text)

    def hung(a: int, b: int) -> bool:
        # (the lines between two labels are the first item's turnovers, set in deeper)
        return all(
            not lines[k].text.strip()
            or (
                lines[k].geom.x0 > lines[a].geom.x0 + 1.0
                if lines[k].geom is not None and lines[a].geom is not None
                else indent_of(lines[k].text) > indent_of(lines[a].text)
            )
            for k in range(a + 1, b)
        )

    out: set[int] = set()
    run: list[tuple[int, int]] = []
    skips = False  # (a crossword's clues count up with gaps: 1, 5, 7, 8, 10 …)
    for item in [*found, (-1, -1)]:
        if run and 0 < item[0] - run[-1][0] <= 5 and alike(run[-1][0], item[0]):
            if item[1] == run[-1][1] + 1:
                run.append(item)
                continue
            if run[-1][1] + 1 < item[1] <= run[-1][1] + 6 and hung(run[-1][0], item[0]):
                run.append(item)
                skips = True
                continue
        turned = any(b - a > 1 for (a, _x), (b, _y) in itertools.pairwise(run))
        if len(run) >= (4 if skips else 3) and (turned or not skips):
            out.update(i for i, _ in run)
        run, skips = [item], False
    return out


def _letters(text: str) -> str:
    """The words of a text, whatever its stops: letters and digits in lower case, each
    word between spaces.

    >>> _letters("Not nearly full, as “intuition” says.")
    ' not nearly full as intuition says '
    """
    words = ("".join(ch for ch in w if ch.isalnum()) for w in text.lower().split())
    return " " + " ".join(w for w in words if w) + " "


def _drop_pull_quotes(blocks: list[Block], large: set[int], log: StageLog) -> list[Block]:
    """Take out pull quotes: a short block of six words or more (of three letters or
    more), set larger than the body (the indexes in *large*), set into the middle of a
    sentence (the block before it breaks off, the one after goes on in lower case) whose
    words the book prints again inside a longer block. The sentence it cut is joined
    again. The quote's words stay in the text where the book prints them in full. (A line
    of verse that criticism quotes again is set in the body's size, or smaller.)

    >>> B = lambda t, k="para": Block(k, t, 1, 1)
    >>> out = _drop_pull_quotes([B("A server busy nine-tenths of the time is not full, but"
    ...     " close to collapse."), B("Watch the load, because the length"),
    ...     B("A server busy nine-tenths of the time is not full."), B("reacts late.")],
    ...     {2}, StageLog("t"))
    >>> [b.text for b in out][1:]
    ['Watch the load, because the length reacts late.']
    """
    out: list[Block] = []
    keys: list[str] | None = None  # every block's words, found once when first needed
    i = 0
    while i < len(blocks):
        b = blocks[i]
        prev = out[-1] if out else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        words = len(WORD3_RE.findall(b.text))
        if (
            i in large
            and prev is not None
            and nxt is not None
            and b.kind in {"para", "heading", "caption"}
            and 6 <= words <= 60
            and prev.kind in {"para", "list"}
            and nxt.kind in {"para", "list", "verse"}
            and not SENTENCE_END_RE.search(prev.text.rstrip())
            and nxt.text[:1].islower()
        ):
            key = _letters(b.text)
            if keys is None:
                keys = [_letters(o.text) for o in blocks]
                big = "|".join(keys)
            inside = big.count(key) - keys.count(key)
            if key and inside >= 1:
                log.edit("pull_quote", b.page, b.text, "", words=words)
                log.edit(
                    "join_around_pull_quote",
                    nxt.page,
                    f"{prev.text[-30:]}\n\n{nxt.text[:30]}",
                    f"{prev.text[-30:]} {nxt.text[:30]}",
                )
                out[-1] = replace(
                    prev,
                    kind="list" if "list" in (prev.kind, nxt.kind) else prev.kind,
                    text=f"{prev.text} {nxt.text}",
                    end_page=nxt.end_page or nxt.page,
                )
                i += 2
                continue
        out.append(b)
        i += 1
    return out


HANG_START, HANG_ON = 1, 2
# a reference's author: "Haldane, Ruth.", "Kvist, E.", "van der Berg, K.", "———."
AUTHOR_START_RE = regex.compile(
    r"^(?:(?:\p{Ll}{1,4}\s){0,2}\p{Lu}[\p{L}’'-]+,\s\p{Lu}[\p{L}.’'-]*|[—–-]{2,}\.?)"
)


def _hanging_flags(lines: list[Line], code: list[bool]) -> list[int]:
    """Entries set with hanging indents (a glossary, a bibliography, endnotes): per page,
    `HANG_START` for a line at the outdented level that begins an entry and `HANG_ON` for
    a line set in from it that goes on with its entry; 0 elsewhere.

    A page is set so when its indent changes say so: a step in follows an entry's first
    line, which ends no sentence, and a step out follows an entry's last line, which does.
    Prose with indented first lines shows the reverse (a step in after a paragraph's last
    line), so the page's steps must agree by four to one, three at least.

    >>> ls = [Line(t, 1) for t in ["biscuit Clay fired once, before it is",
    ...     "   glazed; it is porous.", "celadon A grey-green glaze coloured by a",
    ...     "   little iron in reduction.", "craze A network of fine cracks in a",
    ...     "   glaze that has shrunk.", "   It is called crackle when stained."]]
    >>> _hanging_flags(ls, [False] * 7)
    [0, 2, 1, 2, 1, 2, 2]
    >>> prose = [Line(t, 1) for t in ["   The first paragraph starts here and runs on",
    ...     "to its end.", "   The second one starts and goes on", "to the end.",
    ...     "   A third one goes on and on", "and ends."]]
    >>> _hanging_flags(prose, [False] * 6)
    [0, 0, 0, 0, 0, 0]
    >>> refs = [Line(t, 1) for t in ["Berg, Kari. 2003. Farm Households. Trondheim: Nordvik.",
    ...     "Haldane, Ruth. 1994. What Counts: Accounting and the Moral Imagination.",
    ...     "   Edinburgh: Northgate Press.", "Lindqvist, Per. 2008. “Paper Memory.”",
    ...     "   Journal of Documentary Studies 21 (3): 201–24."]]
    >>> _hanging_flags(refs, [False] * 5)
    [0, 1, 2, 1, 2]
    """
    out = [0] * len(lines)
    rows = [i for i, ln in enumerate(lines) if ln.text.strip() and not code[i]]

    def block(i: int) -> tuple:
        # a page's lines in one size (PDF): a reference list set small under the prose
        g = lines[i].geom
        return (lines[i].page, round(g.size, 1) if g is not None else None)

    groups: dict[tuple, list[int]] = {}
    for i in rows:
        groups.setdefault(block(i), []).append(i)  # (headings in their own size between)
    for seq in groups.values():
        ind = {i: indent_of(lines[i].text) for i in seq}
        hang = prose = 0
        levels: collections.Counter[tuple[int, int]] = collections.Counter()
        for a, b in itertools.pairwise(seq):
            step = ind[b] - ind[a]
            if not 2 <= abs(step) <= 8:
                continue
            if lines[a].text.rstrip()[-1:] in ":;" or any(
                not lines[k].text.strip() for k in range(a + 1, b)
            ):
                # (a colon introduces what follows, in prose or in an entry: "| Series:";
                # a blank line between says nothing of the indents)
                continue
            ends = SENTENCE_END_RE.search(lines[a].text.rstrip()) is not None
            if step < 0 and lines[a].text.rstrip().endswith(","):
                # (out after a comma: a paragraph's first line, or a verse line's turnover
                # set in under it, a hymn's: "swallow on her southern way," / "guide all")
                continue
            if (step > 0) != ends:
                hang += 1  # in after an open first line, out after a finished last line
            else:
                prose += 1
            levels[min(ind[a], ind[b]), max(ind[a], ind[b])] += 1
        if not levels:
            continue
        low, high = levels.most_common(1)[0][0]
        # A reference list says so by its entries too: most lines at the outdented level
        # open with an author ("Haldane, Ruth. 1994.") or the repeated-author rule.
        starts = [i for i in seq if ind[i] == low]
        authors = sum(1 for i in starts if AUTHOR_START_RE.match(lines[i].text.strip()))
        bibliography = authors >= 3 and 5 * authors >= 3 * len(starts)
        if (hang < 3 or hang < 4 * prose) and not bibliography:
            continue
        for k, i in enumerate(seq):
            before = seq[k - 1] if k else None
            if (
                low < ind[i] < high - 1
                and before is not None
                and ind[before] == high
                and levels[ind[i], high] >= 2
            ):
                # an entry set at a second level whose turnovers share the level of the
                # others' (a hymn's lines under a hanging stanza number)
                out[i] = HANG_START
            elif ind[i] == low:
                # after an entry's set-in last line (after a line at its own level, the
                # usual signs decide: an introduction set flush goes on)
                if before is not None and (
                    ind[before] == high
                    or (bibliography and AUTHOR_START_RE.match(lines[i].text.strip()))
                ):
                    # (a page's first line may go on from the page before; in a reference
                    # list an author opens an entry after a one-line one too)
                    out[i] = HANG_START
            elif ind[i] == high and (
                before is None or ind[before] in (low, high) or levels[ind[before], high] >= 2
            ):
                out[i] = HANG_ON
    return out


GLOSS_START_RE = regex.compile(
    r"^(\p{Ll}[\p{L}’'-]*(?:\s\p{Ll}[\p{L}’'-]*){0,2})\s\p{Lu}[\p{Ll}\s]"
)


# an entry's author that is a body, its name closed by a full stop ("Fenbrook Local
# Studies Group. The Drainage …"; not a turnover's "London: Quire Books, 2014.")
CORPORATE_AUTHOR_RE = regex.compile(r"^\p{Lu}[\p{L}’'-]*(?:\s[\p{L}’'&-]+){0,6}\.\s")


def _flat_entry_starts(lines: list[Line], code: list[bool]) -> list[bool]:
    """The first lines of a glossary's or a reference list's entries where an export lost
    their hanging indents (pdftotext's raw mode): after a line that ends a sentence, a
    line that opens with a headword in lower case and then its definition's capital
    (``gleam Of a field after a flood: …``), or with an author (``Scallon, Winifred.``);
    three such at least within a stretch of 24 lines, their first words in alphabetical
    order. In a reference list, a line opening with a body's name between two authors in
    that order opens an entry too (``Fenbrook Local Studies Group.``). Prose never opens a
    sentence in lower case, and seldom three in a row with a surname and a comma.

    >>> ls = [Line(t, 1) for t in ["drove A green lane across the Levels, wide enough",
    ...     "for cattle; also the ditches on either side of it. Penhallow.",
    ...     "gleam Of a field after a flood: dry on the surface and wet beneath, so",
    ...     "that it looks fit to walk on and is not.", "moot The stump of a willow.",
    ...     "rhyne A drainage ditch, kept by the board."]]
    >>> _flat_entry_starts(ls, [False] * 6)
    [False, False, True, False, True, True]
    """
    n = len(lines)
    out = [False] * n
    if any(ln.geom for ln in lines):
        return out

    def key(text: str) -> str:
        return regex.sub(r"[^\p{L}]", "", text.split(None, 1)[0]).casefold() if text else ""

    for pattern, capital in ((GLOSS_START_RE, False), (AUTHOR_START_RE, True)):
        cand = [
            i
            for i in range(1, n)
            if not code[i]
            and pattern.match(lines[i].text.strip())
            and (
                SENTENCE_END_RE.search(lines[i - 1].text.rstrip())
                or heading_shape(lines[i - 1].text, 4)  # (the list's first, under its title)
            )
        ]
        runs: list[list[int]] = []
        for i in cand:
            if (
                runs
                and i - runs[-1][-1] <= 8
                and key(lines[runs[-1][-1]].text.strip()) < key(lines[i].text.strip())
            ):
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if len(run) < 3 or run[-1] - run[0] > 24:
                continue
            for i in run:
                out[i] = True
            if capital:
                for a, b in itertools.pairwise(run):
                    lo, hi = key(lines[a].text.strip()), key(lines[b].text.strip())
                    for k in range(a + 1, b):
                        t = lines[k].text.strip()
                        if (
                            CORPORATE_AUTHOR_RE.match(t)
                            and SENTENCE_END_RE.search(lines[k - 1].text.rstrip())
                            and lo < key(t) < hi
                        ):
                            out[k] = True
    # Headwords on lines of their own (a definition list whose terms an export set apart,
    # ``block`` / ``A length of track that …``): a short line in lower case, ending no
    # sentence, after a finished sentence or a heading and before a line that opens one;
    # three such within a stretch, each opens an entry and its definition's first line too.
    alone = [
        i
        for i in range(1, n - 1)
        if not code[i]
        and HEADWORD_RE.match(lines[i].text.strip())
        and lines[i + 1].text.strip()[:1].isupper()
        and (SENTENCE_END_RE.search(lines[i - 1].text.rstrip()) or _titled(lines, i - 1))
    ]
    runs = []
    for i in alone:
        if runs and i - runs[-1][-1] <= 8:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) >= 3 and run[-1] - run[0] <= 24:
            for i in run:
                out[i] = out[i + 1] = True
    return out


def _titled(lines: list[Line], k: int) -> bool:
    """Is line *k* a title over what follows: a block's first line (the page's, or after a
    blank line), eight words at most, opening with a capital and ending in no stop or
    comma (``Terms used on the layout``, in sentence case)?"""
    t = lines[k].text.strip()
    return (
        t[:1].isupper()
        and len(t.split()) <= 8
        and t[-1:] not in ".,;:!?"
        and (k == 0 or not lines[k - 1].text.strip() or lines[k - 1].page != lines[k].page)
    )


HEADWORD_RE = regex.compile(r"^\p{Ll}[\p{L}’'-]*(?: [\p{L}’'-]+){0,2}$")


def _blank_separated(lines: list[Line], code: list[bool], typical: float, p: UnwrapParams) -> bool:
    """Does the text set its paragraphs apart with blank lines? A short line that ends a
    sentence (a paragraph's last line) is followed by a blank line at least three times,
    and by a line of text at most a quarter as often (list items left out)."""
    blank = tight = 0
    for k in range(len(lines) - 1):
        s = lines[k].text.strip()
        if (
            not s
            or code[k]
            or list_item(s)
            or len(s) >= p.short_line * typical
            or not SENTENCE_END_RE.search(s)
        ):
            continue
        nxt = lines[k + 1]
        if not nxt.text.strip():
            blank += 1
        elif not code[k + 1] and not list_item(nxt.text) and nxt.page == lines[k].page:
            tight += 1
    return blank >= 3 and 4 * tight <= blank


# Words a clause does not end on: a line that stops on one breaks off mid-clause
OPEN_ENDS = GLUE_WORDS | frozenset(
    "under over into onto upon about between through without within against among towards "
    "toward across beside beyond despite during except via because although though unless "
    "whether".split()
)


def _breaks_off(text: str) -> bool:
    """Does *text* stop mid-clause: on a hyphen, a comma or a word no clause ends on?

    >>> [_breaks_off(t) for t in ["the Cornwall Maritime Trust", "granted under", "Penzance,"]]
    [False, True, True]
    """
    s = text.rstrip()
    words = s.split()
    return not words or s[-1] in ",;-‐–—(/&" or words[-1] in OPEN_ENDS


def _last_words(lines: list[Line]) -> str:
    """The last line of *lines* as its words end: a word's rest alone on it after a
    line-end hyphen is the whole word (``… wet heath else‐`` / ``where``: ``elsewhere``,
    which breaks off no clause as ``where`` would).

    >>> _last_words([Line("and wet heath else‐", 1), Line("where", 1)])
    'elsewhere'
    """
    last = lines[-1].text.strip()
    if len(lines) >= 2 and len(last.split()) == 1:
        before = lines[-2].text.rstrip()
        if before[-1:] in "-‐" and before[-2:-1].isalpha() and before.split():
            return before.split()[-1][:-1] + last
    return last


INLINE_DIRECTION_RE = regex.compile(r"^\s*\([^()]*\)\s+(\S.*)$")


def _direction_in_speech(text: str, play: frozenset[str]) -> bool:
    """Does *text* open with a stage direction that closes on it and the speech goes on
    after it (``(She pours him a mug.) There. That``), no speaker's label next? Then it is
    a line of the speech, which a direction between speeches is not.

    >>> _direction_in_speech("(She pours him a mug.) There. That", frozenset({"NELL"}))
    True
    >>> _direction_in_speech("(Exit Tom.) NELL. Well, then.", frozenset({"NELL"}))
    False
    >>> _direction_in_speech("(Tom goes out, and the door", frozenset({"NELL"}))
    False
    """
    m = INLINE_DIRECTION_RE.match(text)
    return m is not None and speaker_of(m.group(1)) not in play


def _item_runs_on(
    lines: list[Line],
    i: int,
    item_lines: list[Line],
    code: list[bool],
    typical: float,
    p: UnwrapParams,
    blank_paras: bool,
) -> str | None:
    """Why line *i*, set flush with the list item above it (no hanging indent) and not
    plainly its continuation, still belongs to that item, or None when it starts a
    paragraph after the list:
    - ``full_line``: the item's last line is a full line that breaks off mid-sentence;
    - ``breaks_off``: that line breaks off mid-clause (a function word, a comma at its end);
    - ``list_goes_on``: another item follows within a few lines, with no blank line, so the
      lines between are no paragraph after the list;
    - ``flush_wraps``: the list wraps its items flush elsewhere (an earlier line went on
      with its item at the item's own indent), the text sets paragraphs apart with blank
      lines, and a blank line follows within a few lines."""
    last = item_lines[-1].text
    if (
        len(item_lines) == 1
        and ATTRIBUTION_RE.match(last.strip())
        and len(last.split()) <= 14
        and lines[i].text.strip()[:1].isupper()
    ):
        return None  # an epigraph's source ("— Matthias Vellacott, 1825"), then the text
    if not SENTENCE_END_RE.search(last.rstrip()) and len(last.strip()) >= p.fit_line * typical:
        return "full_line"
    words = last.split()
    if words and (words[-1] in OPEN_ENDS or last.rstrip()[-1] in ",-‐(/"):
        return "breaks_off"  # "… participles from" / "Table 9.2, and …": mid-clause
    if SECTION_LABEL_RE.match(lines[i].text) and not lines[i].text.split()[1][:1].islower():
        return None  # a numbered paragraph of its own: "6. Termination …" / "6.1 The …"
    k = i
    while k < len(lines) and k < i + 6 and lines[k].text.strip() and not code[k]:
        if list_item(lines[k].text):
            return "list_goes_on"
        k += 1
    if not blank_paras or (k < len(lines) and lines[k].text.strip()):
        return None
    indent = indent_of(lines[i].text)
    flush = any(
        not list_item(ln.text)
        and indent_of(ln.text) == indent
        and indent_of(ln.text) <= indent_of(prev.text)
        for prev, ln in itertools.pairwise(item_lines)
    )
    return "flush_wraps" if flush else None


LONE_REF_RE = regex.compile(r"(?i)^\s*(?:\d{1,4}|[ivxlc]{1,7})\.?\s*$")
LEADERS_ALONE_RE = regex.compile(r"(?i)^\s*(?:[.·…]\s*){3,}(?:\d{1,4}|[ivxlc]{1,7})?\s*$")


def _contents_rows(lines: list[Line], log: StageLog) -> list[Line]:
    """A table of contents that an export wrote one piece to a line (PyMuPDF's text: the
    chapter number, the title and the page number each alone, ``1`` / ``The First Ten
    Minutes`` / ``1``) put back into its rows, ``1 The First Ten Minutes 1``: after the
    ``Contents`` heading, on its page (text input), where lone numbers are a third of its
    lines or more. A lone number after a title without one is its page number; any other
    lone number is the label of the title after it.

    >>> ls = [Line(t, 3) for t in ["Contents", "Introduction", "v", "1", "The First Ten Minutes",
    ...     "1", "2", "One Thing at a Time", "3", "Index", "6"]]
    >>> from pipeline.registry import StageLog
    >>> [ln.text for ln in _contents_rows(ls, StageLog("x"))]
    ['Contents', 'Introduction v', '1 The First Ten Minutes 1', '2 One Thing at a Time 3', 'Index 6']
    """
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        head = lines[i]
        out.append(head)
        i += 1
        if head.geom is not None or not CONTENTS_HEAD_RE.match(head.text):
            continue
        j = i
        while j < n and lines[j].page == head.page and lines[j].geom is None:
            j += 1
        rows = [ln for ln in lines[i:j] if ln.text.strip()]
        lone = sum(1 for ln in rows if LONE_REF_RE.match(ln.text))
        if lone < 3 or 3 * lone < len(rows):
            out.extend(_contents_pieces(lines[i:j], log))
            i = j
            continue
        pieces = []
        for ln in lines[i:j]:
            t = ln.text.strip()
            if not t:
                continue
            if LEADER_DOT_RE.match(t) or LEADERS_ALONE_RE.match(t):
                # a leader on a line of its own (PyMuPDF's blocks: title, number, then the
                # dots): no words; with a number at its end, that number is the page's
                number = regex.search(r"(?i)(\d{1,4}|[ivxlc]{1,7})$", t)
                log.edit("contents_leader", ln.page, t, number[1] if number else "")
                if number:
                    pieces.append(replace(ln, text=number[1]))
                continue
            pieces.append(ln)
        entries = _contents_entries(pieces)
        for parts in entries:
            text = " ".join(part.text.strip() for part in parts)
            if len(parts) > 1:
                log.edit(
                    "contents_row",
                    parts[0].page,
                    " / ".join(part.text.strip() for part in parts),
                    text,
                    pieces=len(parts),
                )
            out.append(replace(parts[0], text=text))
        i = j
    return out


def _contents_entries(pieces: list[Line]) -> list[list[Line]]:
    """The rows of a table of contents written a piece to a line, as [label?, title,
    page?] pieces: a lone number after a title without one is its page number, any other
    its label; but a run of titles followed by as many lone numbers (an export that read
    the column of titles and the column of numbers in chunks) pairs them in order.

    >>> rows = lambda ts: [[p.text for p in e] for e in _contents_entries([Line(t, 1) for t in ts])]
    >>> rows(["Introduction", "v", "1", "The First Ten Minutes", "1", "Index", "6"])
    [['Introduction', 'v'], ['1', 'The First Ten Minutes', '1'], ['Index', '6']]
    >>> rows(["Introduction", "Letters, 1887", "iv", "1", "Letters, 1888", "3", "Index", "6"])
    [['Introduction', 'iv'], ['Letters, 1887', '1'], ['Letters, 1888', '3'], ['Index', '6']]
    """
    lone = [bool(LONE_REF_RE.match(ln.text)) for ln in pieces]
    entries: list[list[Line]] = []
    titled = False  # the last entry has its title and awaits its page number
    label: Line | None = None
    k, n = 0, len(pieces)
    while k < n:
        ln = pieces[k]
        if lone[k]:
            if titled:
                entries[-1].append(ln)
                titled = False
            elif label is None:
                label = ln
            else:
                entries.append([label])
                label = ln
            k += 1
            continue
        m = k
        while m < n and not lone[m]:
            m += 1
        q = m
        while q < n and lone[q]:
            q += 1
        if label is None and m - k >= 2 and q - m == m - k:
            entries.extend([pieces[t], pieces[m + t]] for t in range(m - k))
            titled = False
            k = q
            continue
        entries.append(([label] if label else []) + [ln])
        label, titled = None, True
        k += 1
    if label is not None:
        entries.append([label])
    return entries


LEADER_DOT_RE = regex.compile(r"^\s*[.·…](?:\s*[.·…])*\s*$")


def _contents_pieces(lines: list[Line], log: StageLog) -> list[Line]:
    """The rows of a table of contents whose pieces an export set apart, where most rows are
    whole (``Title 5``):
    - a row's leader dots and page number alone on the next line go on that row;
    - leader dots cut into lines of a dot or a few (pypdf writes each dot of a leader on a
      line of its own) are one leader: on the row before if it still lacks its page number,
      dropped if the export put them after it (``Introduction iv`` / ``.`` / ``.`` / ``.``);
    - a chapter number alone before a title that has its page number is that row's label
      (``1`` / ``The Worry Loop 1``), where most titled rows end in a page number.

    >>> ls = [Line(t, 3) for t in ["Introduction iv", ".", ".", ".", "Part One: Worry", "1",
    ...     "The Loop 1", ".", ".", ".", "2", "The Thought 4", "Notes", ". . . . 7"]]
    >>> from pipeline.registry import StageLog
    >>> [ln.text for ln in _contents_pieces(ls, StageLog("x"))]
    ['Introduction iv', 'Part One: Worry', '1 The Loop 1', '2 The Thought 4', 'Notes . . . . 7']
    >>> [ln.text for ln in _contents_pieces([Line(t, 3) for t in ["Prose 1", "2", "more"]],
    ...     StageLog("x"))]
    ['Prose 1', '2', 'more']
    """
    out: list[Line] = []
    texts = [ln.text.strip() for ln in lines]
    titled = [t for t in texts if t and not LONE_REF_RE.match(t) and not LEADER_DOT_RE.match(t)]
    paged = sum(1 for t in titled if TOC_LINE_RE.match(t))
    k, n = 0, len(lines)
    while k < n:
        text = texts[k]
        m = k
        while m < n and LEADER_DOT_RE.match(texts[m]):
            m += 1
        dots = sum(
            texts[q].count(".") + texts[q].count("·") + 3 * texts[q].count("…") for q in range(k, m)
        )
        if m > k and dots >= 3 and out and out[-1].text.strip():
            before = out[-1].text.strip()
            if TOC_LINE_RE.match(before):
                log.edit(
                    "contents_leader",
                    lines[k].page,
                    " / ".join(texts[k:m]),
                    "",
                    lines=m - k,
                    after_page_number=before,
                )
            else:
                merged = f"{out[-1].text.rstrip()} {' '.join(texts[k:m])}"
                log.edit(
                    "contents_row",
                    lines[k].page,
                    f"{before} / {' / '.join(texts[k:m])}",
                    merged,
                    pieces=m - k + 1,
                )
                out[-1] = replace(out[-1], text=merged)
            k = m
            continue
        if LEADERS_ALONE_RE.match(text) and out and out[-1].text.strip():
            merged = f"{out[-1].text.rstrip()} {text}"
            log.edit(
                "contents_row", lines[k].page, f"{out[-1].text.strip()} / {text}", merged, pieces=2
            )
            out[-1] = replace(out[-1], text=merged)
            k += 1
            continue
        if regex.match(r"^\d{1,2}\.?$", text) and 3 * paged >= 2 * len(titled) and paged >= 2:
            q = k + 1
            while q < n and not texts[q]:
                q += 1
            if (
                q < n
                and not LONE_REF_RE.match(texts[q])
                and not LEADER_DOT_RE.match(texts[q])
                and TOC_LINE_RE.match(texts[q])
            ):
                merged = f"{text} {texts[q]}"
                log.edit("contents_row", lines[k].page, f"{text} / {texts[q]}", merged, pieces=2)
                out.append(replace(lines[k], text=merged))
                k = q + 1
                continue
        out.append(lines[k])
        k += 1
    return out


def _toc_flags(lines: list[Line]) -> list[bool]:
    """Lines of a table of contents without dot leaders: three or more short lines in a row,
    each ending in a page number ("1.2 Deposits and advance rent 3")."""
    shape = [bool(TOC_LINE_RE.match(ln.text.strip())) for ln in lines]
    flags = [False] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and shape[j]:
            j += 1
        if j - i >= 3:
            flags[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return flags


# A caption: a figure, table or listing label, its number and a stop ("Figure 3-2. The
# registry", "Table 4.1: Results"); prose ("Figure 3 shows") has no stop after the number.
CAPTION_RE = regex.compile(
    r"^(?:Figure|Fig\.|FIGURE|Table|TABLE|Listing|LISTING|Example|Exhibit|Chart|Plate|Map)"
    r"\s+[\dA-Z]{1,3}(?:[-.–]\d{1,3})*(?:[.:—–]\s+\S|\s+\p{Lu})"
)
NOTE_START_RE = regex.compile(
    r"^\s*(?:\d{1,3}|[*†‡§¶]{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s*(?=[\p{Lu}“‘\"(])\S"
)
NOTE_RULE_RE = regex.compile(r"^\s*[_\-—–]{5,}\s*$")
LETTER_NOTE_RE = regex.compile(r"^\s*[a-z]\s+(?=[\p{Lu}“‘\"(])\S")


def _note_start(line: Line, size: float | None) -> bool:
    """Does *line* open a footnote: a number or a symbol before a capital, or in a PDF,
    set smaller than the text (*size*), a letter (``a Or, the grey water``: notes marked
    a, b, c, where a line of the text may open with the article)?"""
    if NOTE_START_RE.match(line.text):
        return True
    g = line.geom
    return (
        g is not None
        and size is not None
        and g.size < 0.92 * size
        and LETTER_NOTE_RE.match(line.text) is not None
    )


def split_footnotes(
    lines: tuple[Line, ...], size: float | None = None
) -> tuple[list[Line], list[list[Line]]]:
    """Split a page's lines into its body and the footnotes at its foot.

    Footnotes: within the last eight lines of a page with a body above them, set apart by a
    blank line or a rule or marked in the text above (``it.1``), each starting with a note mark (``1``, ``*``, ``†``) and a
    capital, each ending a sentence; in a PDF, set smaller than the text, or marked above. A numbered list (``1. Open``) is no footnote; a book
    without pages (one page of text) has none.

    >>> ls = tuple(Line(t, 1) for t in ["Body text goes on and on.", "and on until", "",
    ...     "1 A note that explains it.", "2 Another note, which", "wraps."])
    >>> body, notes = split_footnotes(ls)
    >>> [ln.text for ln in body], [[ln.text for ln in n] for n in notes]
    (['Body text goes on and on.', 'and on until'], [['1 A note that explains it.'], ['2 Another note, which', 'wraps.']])
    """
    n = len(lines)
    if n < 4:
        return list(lines), []
    # (the book's text size, *size*, where known: a page of long notes has more lines in
    # the notes' size than in the text's)
    text_size = size if size is not None else body_size(list(lines))
    # In a PDF the notes may fill more than eight lines (long notes, a note run over from
    # the page before above them): the run of lines set smaller than the text at the foot.
    foot = _small_foot(lines, text_size)
    start = None
    low = 3 if n >= 6 else 1  # (on a page of few lines, a note its text marks: see below)
    dotted = False  # notes numbered "1." (groff's mm), each called in the text above
    for k in range(max(low, min(n - 8, foot if foot is not None else n)), n):
        prev = lines[k - 1].text
        if not _note_start(lines[k], text_size):
            # ("1. The auction …": set apart by a blank line or a rule, called after a
            # word above, on a page with no notes heading: endnotes are the body's)
            if not (
                DOTTED_NOTE_RE.match(lines[k].text)
                and (not prev.strip() or NOTE_RULE_RE.match(prev))
                and _called_above(lines, k)
                and not any(NOTES_HEADING_RE.match(ln.text) for ln in lines)
                # (a list set apart over the page's own notes, "3 This is …", is no note)
                and not any(_note_start(lines[x], text_size) for x in range(k + 1, n))
            ):
                continue
            dotted = True
        if (
            not prev.strip()
            or NOTE_RULE_RE.match(prev)
            or _marked_above(lines, k)
            or (foot is not None and k > foot)
        ):
            start = k
            break
    if start is None or (n < 6 and not _marked_above(lines, start)):
        return list(lines), []  # (a page of few lines: only a note its text marks)
    first = lines[start].geom
    if first is not None and first.size > 1.05 * (text_size or first.size):
        return list(lines), []  # set larger than the page's text: a numbered heading
    # Set smaller than the page's text (a PDF), the last note may break off at the foot:
    # it runs on to the next page (see `note_turnover`).
    small = first is not None and text_size is not None and first.size < 0.92 * text_size
    if not small and not SENTENCE_END_RE.search(lines[-1].text.rstrip()):
        return list(lines), []
    if first is not None and not small and not _marked_above(lines, start):
        # a PDF sets its notes smaller than its text: at the text's own size, with no mark
        # for it above, a numbered line at the foot is the text's (a hymn's fourth stanza)
        return list(lines), []
    filled = [k for k in range(start, n) if lines[k].text.strip()]
    if first is None and any(
        b > a + 1
        and SENTENCE_END_RE.search(lines[a].text.rstrip())
        and lines[b].text.lstrip()[:1].isupper()
        and not NOTE_START_RE.match(lines[b].text)
        for a, b in itertools.pairwise(filled)
    ):
        # text: a paragraph set apart after the numbered one, no note of its own: the
        # numbered block stands among the page's paragraphs, not at its foot (an OCR
        # engine's reading order keeps a note where the scan put it)
        return list(lines), []
    notes: list[list[Line]] = []
    for ln in lines[start:]:
        if not ln.text.strip():
            continue
        if _note_start(ln, text_size) or (dotted and DOTTED_NOTE_RE.match(ln.text)) or not notes:
            notes.append([ln])
        else:
            notes[-1].append(ln)
    ended = [SENTENCE_END_RE.search(note[-1].text.rstrip()) is not None for note in notes]
    if small:
        # (set small, a note of two lines or more may break off: it goes on overleaf)
        ended = [e or len(note) >= 2 for e, note in zip(ended, notes, strict=True)]
    if small and len(notes) >= 2 and not ended[-1]:
        # (a last note of one line that breaks off, full to the notes' measure, below
        # notes that ended: it goes on overleaf too, ``4 He was … and kept``)
        last = notes[-1][-1].geom
        right = max((ln.geom.x1 for nt in notes for ln in nt if ln.geom), default=0.0)
        ended[-1] = last is not None and last.x1 >= right - last.size
    if not all(ended[:-1]) or not (ended[-1] or (small and len(notes[-1]) >= 2)):
        return list(lines), []  # a heading ("3 Sampling and Retention") is no footnote
    body = list(lines[:start])
    while body and (not body[-1].text.strip() or NOTE_RULE_RE.match(body[-1].text)):
        body.pop()
    return body, notes


def _small_foot(lines: tuple[Line, ...], size: float | None) -> int | None:
    """Where the run of lines set smaller than the page's text (*size*) at a PDF page's
    foot begins, after a blank line or a rule and under three lines of text at least,
    with a note's mark or the rest of a note in lower case; None without one."""
    if size is None:
        return None
    k = len(lines)
    while k > 0 and (
        not lines[k - 1].text.strip()
        or (lines[k - 1].geom is not None and lines[k - 1].geom.size < 0.92 * size)
    ):
        k -= 1
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    if k >= len(lines) or k == 0 or lines[k].geom is None:
        return None
    text = sum(1 for ln in lines[:k] if ln.geom is not None and ln.geom.size >= 0.92 * size)
    if text < 3:
        return None  # (a page set small throughout, a bibliography under its heading)
    first = lines[k].text.strip()
    if not (NOTE_START_RE.match(first) or first[:1].islower()):
        return None  # (neither a note nor the rest of one: a list of references)
    before = lines[k - 1].text
    return k if not before.strip() or NOTE_RULE_RE.match(before) else None


def note_turnover(
    body: list[Line], note: list[Line], size: float | None
) -> tuple[list[Line], list[Line]]:
    """The lines at the foot of a PDF page that finish *note*, the previous page's last
    unfinished footnote (``price for one season only, …`` above ``3 Committee minutes …``,
    or alone): after a blank line, set smaller than the book's text (*size*) and in the
    size of that note, starting with no note mark, ending a sentence. Returns (the body
    without them, those lines)."""
    if size is None or not body or not note or note[0].geom is None:
        return body, []
    k = len(body)
    while k > 0 and body[k - 1].text.strip():
        k -= 1
    block = body[k:]
    if not block or k == 0 or len(block) > 16 or NOTE_START_RE.match(block[0].text):
        return body, []
    # (up to a note of this page's own that split_footnotes left in the body)
    cut = next((m for m in range(1, len(block)) if NOTE_START_RE.match(block[m].text)), None)
    if cut is not None:
        block, after = block[:cut], block[cut:]
    else:
        after = []
    sizes = [ln.geom.size for ln in block if ln.geom is not None]
    if len(sizes) != len(block) or max(sizes) > 0.92 * size:
        return body, []
    if any(abs(note[0].geom.size - z) > 0.3 for z in sizes):
        return body, []  # (set otherwise than the note: a quotation, a caption)
    if not SENTENCE_END_RE.search(block[-1].text.rstrip()):
        return body, []
    rest = body[:k]
    while rest and not rest[-1].text.strip():
        rest.pop()
    return rest + after, block


def column_foot_notes(
    lines: tuple[Line, ...],
) -> tuple[tuple[Line, ...], Line | None, list[list[Line]]]:
    """The notes set at the foot of a PDF page's first column, taken out of its lines: a
    block after a blank line (or a rule) of lines smaller than the page's text, each note
    opening with its mark and ending a sentence, after which the text goes on at the top
    of the next column (the next line stands well above the block). The body's paragraph
    then runs on from one column into the next, and the notes follow it. Returns the
    lines left, the column's last line of text above the notes (None when there are
    none) and the notes.

    >>> from pipeline.document import Geom
    >>> def at(t, x, top, size=9.5):
    ...     return Line(t, 1, Geom(x, top, x + 170, top + size, size))
    >>> ls = (*[at(f"left line {k} of the text", 50, 100 + 12 * k) for k in range(8)],
    ...     at("", 50, 200), at("1 A note that explains it.", 50, 206, 7.4),
    ...     *[at(f"right line {k} of the text.", 239, 100 + 12 * k) for k in range(8)])
    >>> kept, last, notes = column_foot_notes(ls)
    >>> [n[0].text for n in notes], len(kept), last.text
    (['1 A note that explains it.'], 16, 'left line 7 of the text')
    """
    if not any(
        ln.geom is not None
        and k
        and not lines[k - 1].text.strip()
        and (NOTE_START_RE.match(ln.text) or LETTER_NOTE_RE.match(ln.text))
        for k, ln in enumerate(lines)
    ):
        return lines, None, []  # (the common case, found without measuring the page)
    size = body_size(list(lines))
    if not size:
        return lines, None, []
    n = len(lines)
    for k in range(1, n - 1):
        g = lines[k].geom
        if g is None or g.size > 0.9 * size or not _note_start(lines[k], size):
            continue
        prev = lines[k - 1].text
        if prev.strip() and not NOTE_RULE_RE.match(prev):
            continue
        j = k
        while (
            j < n and lines[j].text.strip() and lines[j].geom and lines[j].geom.size <= 0.9 * size
        ):
            j += 1
        after = j
        while after < n and not lines[after].text.strip():
            after += 1
        if after >= n or lines[after].geom is None:
            continue
        if lines[after].geom.top > g.top - 3 * size or lines[after].geom.size < 0.95 * size:
            continue  # the text does not go on up the page, in its own size
        notes: list[list[Line]] = []
        for ln in lines[k:j]:
            if _note_start(ln, size) or not notes:
                notes.append([ln])
            else:
                notes[-1].append(ln)
        if not all(SENTENCE_END_RE.search(note[-1].text.rstrip()) for note in notes):
            continue
        start = k
        while start > 0 and (
            not lines[start - 1].text.strip() or NOTE_RULE_RE.match(lines[start - 1].text)
        ):
            start -= 1
        if start == 0:
            continue
        return lines[:start] + lines[after:], lines[start - 1], notes
    return lines, None, []


NOTES_HEADING_RE = regex.compile(r"^\s*(?:end\s*)?notes(?:\s+and\s+references)?\s*$", regex.I)
NOTE_MARK_RE = regex.compile(r"^\s*(\d{1,3}|[*†‡§¶]{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})")


DOTTED_NOTE_RE = regex.compile(r"^\s*\d{1,3}\.\s+(?=[\p{Lu}“‘\"(])\S")


def _called_above(lines: tuple[Line, ...], k: int) -> bool:
    """Does the page's text above line *k* call the note its number opens (``1.``) as
    `note_call_re` reads a call (``follow.1``, not ``version 2.1``)? A numbered list's
    ``1.`` is no note without it.

    >>> ls = tuple(Line(t, 1) for t in ["rarely follow it.1 After", "1. The auction is loud."])
    >>> _called_above(ls, 1), _called_above((Line("version 2.1", 1), ls[1]), 1)
    (True, False)
    """
    m = NOTE_MARK_RE.match(lines[k].text)
    call = note_call_re(m.group(1)) if m else None
    return call is not None and any(call.search(ln.text) for ln in lines[max(0, k - 40) : k])


def _marked_above(lines: tuple[Line, ...], k: int) -> bool:
    """Does the page's text above line *k* carry the mark line *k* starts with, set against
    a word or a stop (``catches it.1``, ``registry*``)? Evidence for a footnote that no
    blank line or rule sets apart.

    >>> ls = tuple(Line(t, 1) for t in ["only a test catches it.1 Then", "1 See chapter 7."])
    >>> _marked_above(ls, 1), _marked_above(ls[:1] + (Line("2 See it.", 1),), 1)
    (True, False)
    """
    m = NOTE_MARK_RE.match(lines[k].text)
    if m is None:
        return False
    mark = regex.escape(m.group(1))
    pattern = rf"(?<=[\p{{L}}.,;:!?)”’]){mark}(?![\d*†‡§¶¹²³⁴⁵⁶⁷⁸⁹⁰])"
    return any(regex.search(pattern, ln.text) for ln in lines[max(0, k - 40) : k])


def double_spaced(pages: list[tuple[Line, ...]]) -> dict | None:
    """Evidence that the text is double spaced (a blank line after every printed line), or
    None. Then a single blank line is line spacing, not a paragraph break.

    Double spaced: most gaps between two lines are one blank line, and many of the lines
    before such a gap end mid-sentence (a text with one paragraph per line, separated by
    blank lines, ends nearly every line with a sentence).

    >>> ls = lambda ts: tuple(Line(t, 1) for t in ts)
    >>> wrapped = ["The first line of a paragraph that goes on and on, and", "on until it ends."] * 6
    >>> bool(double_spaced([ls(sum(([t, ""] for t in wrapped), []))]))
    True
    >>> one_per_line = ["One paragraph per line.", "Another one here."] * 6
    >>> double_spaced([ls(sum(([t, ""] for t in one_per_line), []))])
    """
    gaps = {0: 0, 1: 0, 2: 0}
    open_before_one = 0
    goes_on = 0  # one blank line between a line that ends no sentence and a lower-case one
    for lines in pages:
        prev: Line | None = None
        blanks = 0
        for ln in lines:
            if not ln.text.strip():
                blanks += 1
                continue
            if prev is not None:
                gaps[min(blanks, 2)] += 1
                t = prev.text.strip()
                if blanks == 1 and not SENTENCE_END_RE.search(t):
                    if len(t) >= 40:
                        open_before_one += 1  # a full line that breaks off mid-sentence
                    if ln.text.strip()[:1].islower():
                        goes_on += 1
            prev, blanks = ln, 0
    total = sum(gaps.values())
    # (a stanza break or the space before a title shows as two blank lines)
    if total < 8 or gaps[1] < 0.6 * total or gaps[0] > 0.1 * total:
        return None
    # (short lines, verse's, show it by going on in lower case after the blank line)
    if open_before_one < 0.4 * gaps[1] and (goes_on < 5 or goes_on < 0.25 * gaps[1]):
        return None
    return {
        "gaps_one_blank": gaps[1],
        "gaps_none": gaps[0],
        "gaps_more": gaps[2],
        "mid_sentence_before_one_blank": open_before_one,
        "lower_case_after_one_blank": goes_on,
    }


def _single_space(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Drop one blank line from every run of blank lines between two lines."""
    out: list[Line] = []
    pending: list[Line] = []
    for ln in lines:
        if not ln.text.strip():
            pending.append(ln)
            continue
        if out:
            out.extend(pending[1:])
        pending = []
        out.append(ln)
    return tuple(out)


def _set_apart(line: Line, size: float | None) -> bool:
    """Is *line* set in a size other than the body's (by 5% or more)?"""
    return bool(size and line.geom and abs(line.geom.size - size) >= 0.05 * size)


def _title_goes_on(title: list[Line], line: Line, size: float | None) -> bool:
    """Does *line* go on with a display title set larger than the text (``Mosses of`` /
    ``Walls and`` / ``Roofs``): the same size, the same page, right under it, and the
    title so far ends no sentence?

    >>> from pipeline.document import Geom
    >>> t = [Line("Mosses of", 1, Geom(33, 251, 151, 277, 26.0))]
    >>> _title_goes_on(t, Line("Walls and", 1, Geom(33, 283, 147, 309, 26.0)), 11.4)
    True
    >>> _title_goes_on(t, Line("Walls and", 1, Geom(33, 283, 147, 309, 26.0)), 26.0)
    False
    """
    last = title[-1]
    g, h = last.geom, line.geom
    if not (size and g and h) or last.page != line.page or g.size < 1.15 * size:
        return False
    if abs(h.size - g.size) > 0.05 * g.size or h.top - g.bottom > 0.8 * g.size:
        return False
    return not SENTENCE_END_RE.search(last.text.rstrip()) and len(line.text.split()) <= 8


def _title_turnover(title: list[Line], lines: list[Line], i: int) -> bool:
    """In text, does ``lines[i]`` finish a one-line title in title case (``When the Tide
    Goes`` / ``Out``)? It is one to three words in title case too, right under the title,
    and a blank line (or the page's end) follows it: the title's turnover, set apart with
    it. A chapter's label (``Chapter 1``) is no title it could finish.

    >>> body = "Twice a day the sea goes out and comes back again."
    >>> ls = [Line(t, 1) for t in ["When the Tide Goes", "Out", "", body]]
    >>> _title_turnover(ls[:1], ls, 1)
    True
    >>> ls = [Line(t, 1) for t in ["Chapter 1", "Out", ""]]
    >>> _title_turnover(ls[:1], ls, 1)
    False
    >>> ls = [Line(t, 1) for t in ["When the Tide Goes", "Out", body]]
    >>> _title_turnover(ls[:1], ls, 1)
    False
    >>> ls = [Line(t, 1) for t in ["Wendlow Press", "Tarrant Hythe", ""]]  # (a title page)
    >>> _title_turnover(ls[:1], ls, 1)
    False
    """
    line = lines[i]
    if len(title) != 1 or line.geom is not None or title[0].page != line.page:
        return False
    head, words = title[0].text.strip(), line.text.split()
    after = lines[i + 1] if i + 1 < len(lines) else None
    return (
        len(head.split()) >= 2
        and _prose_on_page(lines, i)  # (a title page's lines are each a paragraph)
        and _title_cased(head)
        and head.split()[-1][:1].isupper()  # (broken off at "of": `_title_broken_off`)
        and head[-1:] not in ".,;:!?"
        and not head[-1:].isdigit()
        and not CHAPTER_RE.match(head)
        and 1 <= len(words) <= 3
        and _title_cased(line.text.strip())
        and not line.text.rstrip().endswith((".", ",", ";", ":"))
        and (after is None or not after.text.strip() or after.page != line.page)
    )


def _prose_on_page(lines: list[Line], i: int) -> bool:
    """Does the page of ``lines[i]`` hold a line of running text (eight words or more, not
    in title case: a title page's subtitle, ``A Walking Guide to the Old Town and
    Harbour``, is none)?"""
    page = lines[i].page
    for step in (1, -1):
        k = i
        while 0 <= k < len(lines) and lines[k].page == page:
            if len(lines[k].text.split()) >= 8 and not _title_cased(lines[k].text.strip()):
                return True
            k += step
    return False


def _title_cased(text: str) -> bool:
    """Does every word of *text* but the small ones (``of``, ``the``) start with a capital?

    >>> _title_cased("When the Tide Goes"), _title_cased("When the tide goes")
    (True, False)
    """
    words = text.split()
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(
            w[:1].isupper() or w.lower() in TITLE_LINKS or w.lower() in ("as", "by", "but", "up")
            for w in words
        )
    )


# words a title cannot end on: "12 Tissue Fixation and" / "Processing"
TITLE_LINKS = frozenset("a an and the of for in into to with on at or from & nor".split())


def _title_broken_off(title: list[Line], line: Line) -> bool:
    """Does *line* finish a heading that broke off on a word no title ends on (``Santa
    Eulàlia and the`` / ``Upper Town``)? The next line is short, starts with a capital and
    ends no sentence.

    >>> _title_broken_off([Line("12  Tissue Fixation and", 1)], Line("Processing", 1))
    True
    >>> _title_broken_off([Line("Tissue Fixation", 1)], Line("Processing", 1))
    False
    >>> _title_broken_off([Line("Notes on the", 1)], Line("The time is short.", 1))
    False
    """
    words = title[-1].text.split()
    nxt = line.text.split()
    return (
        len(title) <= 2
        and title[-1].page == line.page
        and bool(words)
        and words[-1] in TITLE_LINKS  # ("Appendix A", "Edited by" end their lines)
        and 1 <= len(nxt) <= 6
        and (nxt[0][:1].isupper() or nxt[0][:1].isdigit())
        and not SENTENCE_END_RE.search(line.text.rstrip())
        and not is_list_item(line.text)
    )


LONE_MARKER_RE = regex.compile(rf"^\s*([{BULLETS}])\s*$")
# a numbered step's number on a line of its own ("1." / "Weigh the animal …")
LONE_NUMBER_RE = regex.compile(r"^\s*(\d{1,3}[.)]|\(\d{1,3}\)|\([a-z]\))\s*$")
# a numbered remark's or section's number on a line of its own ("4.11" / "If noticing …")
LONE_LABEL_RE = regex.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){0,3})\s*$")


def _gap_cut_runs(lines: list[Line], log: StageLog) -> list[Line]:
    """Runs of one-word lines that are one justified line cut at its wide word spaces (an
    export that starts a new line at a gap wider than it expects: PyMuPDF's blocks,
    ``by`` / ``custom`` / ``four`` / ``bushels`` / ``or``), put back together as one line.
    Text exports only (a PDF's lines come with their geometry); two words or more (across
    a page break too: the text reads the same cleaned again, with its pages gone). A run is sure to be one when it runs on inside a sentence: a function word among
    its words, none but the last two ending a sentence, the line before it ending no
    sentence or its first word in lower case (or, opening a paragraph, the text going on
    after it in lower case, or after four words or more). A list of single words (``salt`` /
    ``pepper`` / ``thyme``) holds no function word and stays. Where three runs or more are
    sure, the export cuts lines at wide gaps, and every run of the book is one
    (``eight’.`` / ``Abbr.`` / ``SG.`` / ``See``).

    >>> ls = [Line(t, 1) for t in ["grain, formerly of jute, holding", "by", "custom", "four",
    ...     "bushels", "or", "about 75 kg. In older ac-"]]
    >>> [ln.text for ln in _gap_cut_runs(ls, StageLog("x"))][:3]
    ['grain, formerly of jute, holding', 'by custom four bushels or', 'about 75 kg. In older ac-']
    >>> ls = [Line(t, 1) for t in ["You will need", "salt", "pepper", "thyme", "Mix them."]]
    >>> len(_gap_cut_runs(ls, StageLog("x")))
    5
    """

    heads = _letter_heads(lines)  # (a glossary's ``B`` over ``batter n.``: no cut word)

    def single(k: int) -> bool:
        ln = lines[k]
        t = ln.text.strip()
        return (
            ln.geom is None
            and k not in heads
            and len(t.split()) == 1
            and any(c.isalpha() for c in t)  # (not a list's bullet or number)
            and not CODE_PUNCT_RE.search(t)
        )

    runs: list[tuple[int, int, bool]] = []  # (first, end, sure)
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and single(j):
            j += 1
        if j - k >= 2:
            words = [ln.text.strip() for ln in lines[k:j]]
            before = (
                next((t for o in reversed(lines[:k]) if (t := o.text.strip())), "")
                if k and lines[k - 1].text.strip()
                else ""
            )
            after = lines[j].text.strip() if j < len(lines) else ""
            sure = (
                any(w.lower().strip(",;:.") in GLUE_WORDS for w in words)
                and not any(SENTENCE_END_RE.search(w) for w in words[:-2])
                and (
                    words[0][:1].islower()
                    or bool(before and not SENTENCE_END_RE.search(before))
                    # (a paragraph's first line: the text after it goes on in lower case,
                    # or after four words or more)
                    or (
                        not before
                        and bool(after)
                        and not SENTENCE_END_RE.search(words[-1])
                        and (after[:1].islower() or len(words) >= 4)
                    )
                )
            )
            runs.append((k, j, sure))
            k = j
        else:
            k += 1
    every = sum(sure for _, _, sure in runs) >= 3
    out: list[Line] = []
    last = 0
    for k, j, sure in runs:
        if not (sure or every):
            continue
        out.extend(lines[last:k])
        words = [ln.text.strip() for ln in lines[k:j]]
        text = " ".join(words)
        out.append(replace(lines[k], text=text))
        log.edit("gap_cut_line", lines[k].page, "\n".join(words), text, lines=j - k, sure=sure)
        last = j
    out.extend(lines[last:])
    return out


CELL_END_RE = regex.compile(r"[.!?:;,]$")


def _cell_shape(text: str) -> str:
    """A cell's shape: each word a figure (N), a word (W) or a symbol (P).

    >>> _cell_shape("1.2 × 1.2 m"), _cell_shape("0.43 m³"), _cell_shape("Long sides")
    ('NPNW', 'NN', 'WW')
    """
    return "".join(
        "N" if any(c.isdigit() for c in w) else "W" if any(c.isalpha() for c in w) else "P"
        for w in text.split()
    )


def _periodic(shapes: list[str], k: int) -> float:
    """The share of *shapes* equal to the one *k* places on."""
    pairs = len(shapes) - k
    return sum(shapes[i] == shapes[i + k] for i in range(pairs)) / pairs if pairs > 0 else 0.0


def _cell_rows(cells: list[str]) -> tuple[int, float] | None:
    """How many cells a row of a table has whose cells an export wrote one to a line, and
    how well: *cells* (a header of that many, then the rows, or rows alone) repeat their
    shapes (`_cell_shape`) every *k* lines far better than at any shorter step, three cells
    a row or more, two rows of data at least, one column of figures alike in every row.
    None when no *k* fits.

    >>> _cell_rows(["Bed size", "Posts", "Soil", "1.2 m", "4 × 0.45 m", "0.43 m³", "2.4 m",
    ...     "6 × 0.45 m", "0.86 m³"])
    (3, 1.0)
    >>> _cell_rows(["salt", "pepper", "thyme", "sage", "basil", "dill"])
    """
    best: tuple[int, float] | None = None
    for k in range(3, 9):
        for head in (k, 0):
            body = cells[head:]
            if len(body) < 2 * k or len(body) % k:
                continue
            shapes = list(map(_cell_shape, body))
            if not any("N" in sh for sh in shapes) or len(set(shapes[:k])) < 2:
                continue
            # a column of figures alike in every row (dates, sizes), the rows' shapes
            # repeating every k lines far better than at any shorter step
            steady = any(len(set(shapes[c::k])) == 1 and "N" in shapes[c] for c in range(k))
            score = _periodic(shapes, k)
            if not steady or score < 0.6:
                continue
            if any(_periodic(shapes, d) > score - 0.3 for d in range(1, k)):
                continue
            if best is None or score > best[1]:
                best = (k, score)
    return best


def _cell_per_line(lines: list[Line], log: StageLog) -> list[Line]:
    """A table that a text export wrote one cell to a line (PyMuPDF, pypdf: ``Bed size`` /
    ``Long sides`` / … / ``1.2 × 1.2 m`` / ``4 × 1.20 m`` / …) put back in rows, its cells
    three spaces apart as in a PDF's table: a run of short lines (no sentence or clause
    ending them) whose shapes repeat row by row (`_cell_rows`), its first lines the header
    where they fit the count. Lines before or after the table may stand in the run: up to
    two at either end are tried left out."""

    def cell(k: int) -> bool:
        ln = lines[k]
        t = ln.text.strip()
        return (
            ln.geom is None
            and 0 < len(t) <= 40
            and not CELL_END_RE.search(t)
            and not CAPTION_RE.match(t)  # (the table's caption above it)
        )

    out: list[Line] = []
    k = 0
    n = len(lines)
    while k < n:
        j = k
        while j < n and cell(j) and lines[j].page == lines[k].page:
            j += 1
        found = None
        if j - k >= 9:
            texts = [ln.text.strip() for ln in lines[k:j]]
            score = 0.0
            for a in range(3):
                for b in range(3):
                    fit = _cell_rows(texts[a : len(texts) - b]) if j - k - a - b >= 9 else None
                    if fit and fit[1] > score:  # (the best fit; the fewest lines left out)
                        found, score = (k + a, j - b, fit[0]), fit[1]
        if found is None:
            out.extend(lines[k : max(j, k + 1)])
            k = max(j, k + 1)
            continue
        a, b, width = found
        out.extend(lines[k:a])
        for r in range(a, b, width):
            cells = [ln.text.strip() for ln in lines[r : r + width]]
            out.append(replace(lines[r], text="   ".join(cells)))
        log.edit(
            "cells_to_rows",
            lines[a].page,
            "\n".join(ln.text.strip() for ln in lines[a : min(b, a + width)]),
            "   ".join(ln.text.strip() for ln in lines[a : min(b, a + width)]),
            cells=b - a,
            per_row=width,
        )
        out.extend(lines[b:j])
        k = j
    return out


NUMERIC_CELL_RE = regex.compile(r"^[+−–-]?[\d.,:/%£$€]+$")


def _column_groups(lines: list[Line], k: int) -> list[tuple[int, int]]:
    """The blank-separated groups of short text lines from *k* on, one page: (start, end)."""
    groups: list[tuple[int, int]] = []
    n, i = len(lines), k
    while i < n and lines[i].page == lines[k].page:
        if not lines[i].text.strip():
            i += 1
            continue
        j = i
        while j < n and lines[j].text.strip() and lines[j].page == lines[k].page:
            t = lines[j].text.strip()
            if lines[j].geom is not None or len(t) > 30 or CELL_END_RE.search(t):
                return groups
            j += 1
        groups.append((i, j))
        i = j
    return groups


def _column_major(lines: list[Line], log: StageLog) -> list[Line]:
    """A table that pdftotext read column by column (``1`` / ``2`` / ``3`` / ``4``, blank,
    the four clubs, blank, ``P``, blank, ``W`` …, blank, ``22`` × 4 …) put back in rows:
    three blank-separated groups of short lines or more with the same number of lines
    (two or more), half of them figures, with one-line groups between them (the column
    heads, which make the header row; so does a line over the first column).

    >>> texts = ["Pos Club", "1", "2", "", "Whinmoor", "Kettleby", "", "P", "", "22", "22",
    ...     "", "W", "", "15", "14", "", "Pts", "", "50", "46"]
    >>> [ln.text for ln in _column_major([Line(t, 1) for t in texts], StageLog("x"))]
    ['Pos   Club       P    W    Pts', '1     Whinmoor   22   15   50', '2     Kettleby   22   14   46']

    A table of words needs its heads, one to a column, all before the columns:

    >>> texts = ["Crop", "", "Variety", "", "Where", "", "Onion", "Pea", "", "Ailsa", "Onward",
    ...     "", "tray", "outdoors"]
    >>> [ln.text for ln in _column_major([Line(t, 1) for t in texts], StageLog("x"))]
    ['Crop    Variety   Where', 'Onion   Ailsa     tray', 'Pea     Onward    outdoors']
    """
    out: list[Line] = []
    k, n = 0, len(lines)
    while k < n:
        t = lines[k].text.strip()
        if not t or len(t) > 30 or lines[k].geom is not None:
            out.append(lines[k])  # (no column's cell: most lines, and every PDF line)
            k += 1
            continue
        groups = _column_groups(lines, k)
        # up to the first group of another length than the columns' (the next table)
        multi = [b - a for a, b in groups if b - a > 1]
        if len(multi) >= 2:
            cut = 0
            lead = next(x for x in groups if x[1] - x[0] > 1)  # (the first column may be longer)
            for g, (a, b) in enumerate(groups):
                if b - a > 1 and (a, b) != lead and b - a != multi[1]:
                    break
                cut = g + 1
            groups = groups[:cut]
            while groups and groups[-1][1] - groups[-1][0] == 1:
                groups.pop()  # (a line after the last column is no head)
        sizes = [b - a for a, b in groups]
        cols = [g for g, z in zip(groups, sizes, strict=True) if z > 1]
        rows = min((b - a for a, b in cols[1:]), default=0)
        # lines over the first column: its head ("Pos Club"), a caption above it
        extra = cols[0][1] - cols[0][0] - rows if cols else -1
        first = cols[0][0] + extra if cols else 0
        figures = sum(
            1
            for a, b in [(first, cols[0][1] if cols else 0), *cols[1:]]
            if all(NUMERIC_CELL_RE.match(lines[x].text.strip()) for x in range(a, b))
        )
        # (a table of words shows itself by its heads: one to a column, all before them)
        ones = [(a, b) for a, b in groups if b - a == 1]
        headed = extra == 0 and len(ones) == len(cols) and all(b <= cols[0][0] for a, b in ones)
        ok = (
            len(cols) >= 3
            and rows >= 2
            and 0 <= extra <= 2
            and all(b - a == rows for a, b in cols[1:])
            and (2 * figures >= len(cols) or (headed and cols[0][1] - cols[0][0] == rows))
        )
        if not ok:
            out.append(lines[k])
            k += 1
            continue
        columns = [[lines[x].text.strip() for x in range(first, cols[0][1])]] + [
            [lines[x].text.strip() for x in range(a, b)] for a, b in cols[1:]
        ]
        heads = [lines[a].text.strip() for a, b in groups if b - a == 1]
        if extra:
            out.extend(lines[k : first - 1])  # (a caption over the table: a line of its own)
            heads = lines[first - 1].text.split() + heads
        else:
            out.extend(lines[k : groups[0][0]])
        end = groups[-1][1]
        # each column as wide as its widest cell, three spaces apart: rows that line up
        widths = [max(len(c) for c in col) for col in columns]
        if heads and len(heads) == len(columns):
            widths = [max(w, len(h)) for w, h in zip(widths, heads, strict=True)]

        if heads:
            out.append(replace(lines[max(first - 1, k)], text=_padded_row(heads, widths)))
        for r in range(rows):
            cells = [col[r] for col in columns]
            out.append(replace(lines[first + r], text=_padded_row(cells, widths)))
        log.edit(
            "columns_to_rows",
            lines[k].page,
            "\n".join(col[0] for col in columns),
            "   ".join(col[0] for col in columns),
            columns=len(columns),
            rows=rows,
        )
        k = end
    return out


def _padded_row(cells: list[str], widths: list[int]) -> str:
    """A table row, each cell padded to its column's width, three spaces apart.

    >>> _padded_row(["Pea", "Onward", "outdoors"], [5, 6, 8])
    'Pea     Onward   outdoors'
    """
    if len(cells) != len(widths):
        return "   ".join(cells)
    return "   ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


# an entry of a descent chart: a generation's number or "=" for a spouse, then a name
CHART_MARK_RE = regex.compile(r"^\s*(?:\d{1,2}|=)\s+\p{Lu}")


def _chart_turnovers(lines: list[Line], log: StageLog) -> tuple[list[Line], set[int]]:
    """A chart of entries set as lines, each opening with a mark (``2 James Pellow …``,
    ``= Harriet Coombe …``) at levels set in by generation: a line with no mark, set in
    further than the entry above it and followed by another entry, is that entry's
    turnover and goes on its line. A run needs four entries and two levels at least (a
    page's numbered notes share one). Returns the lines and the ids of the chart's lines,
    which keep their lines.

    >>> ls = [Line(t, 1) for t in ["    2 James Pellow (1841–1908), emigrated to",
    ...     "      Ontario 1869", "    = Harriet Coombe (1845–1921)",
    ...     "       3 John Pellow (1873–1944), farmer, of", "         Puslinch township",
    ...     "       3 Harriet Pellow (1876–1877)"]]
    >>> [ln.text.strip() for ln in _chart_turnovers(ls, StageLog("x"))[0]][:2]
    ['2 James Pellow (1841–1908), emigrated to Ontario 1869', '= Harriet Coombe (1845–1921)']
    >>> notes = [Line(t, 1) for t in ["1 See the register.", "   It is torn.", "2 See it.",
    ...     "3 See the will.", "4 See above."]]
    >>> _chart_turnovers(notes, StageLog("x"))[1]  # (one level: numbered notes)
    set()
    """
    marked = [CHART_MARK_RE.match(ln.text) is not None for ln in lines]
    out: list[Line] = []
    chart: set[int] = set()
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and (
            marked[j]
            or (
                j > k
                and marked[j - 1]
                and lines[j].text.strip()
                and indent_of(lines[j].text) > indent_of(lines[j - 1].text)
                and j + 1 < len(lines)
                and marked[j + 1]
            )
        ):
            j += 1
        run = lines[k:j]
        levels = {indent_of(ln.text) for ln, m in zip(run, marked[k:j], strict=True) if m}
        if j - k >= 4 and sum(marked[k:j]) >= 4 and len(levels) >= 2:
            for ln, m in zip(run, marked[k:j], strict=True):
                if m or not out:
                    out.append(ln)
                    continue
                entry = out[-1]
                out[-1] = replace(entry, text=f"{entry.text.rstrip()} {ln.text.strip()}")
                log.edit(
                    "chart_turnover",
                    ln.page,
                    f"{entry.text.strip()[-30:]}\n{ln.text.strip()}",
                    f"{entry.text.strip()[-30:]} {ln.text.strip()}",
                )
            start = len(out) - sum(marked[k:j])
            chart.update(id(ln) for ln in out[start:])
            k = j
            continue
        out.append(lines[k])
        k += 1
    return out, chart


def _stacked_labels(body: list[Line], log: StageLog) -> list[Line]:
    """A clause's number and its first sub-clause's, each alone, one over the other, before
    the clause's title (pdftotext's plain order of a word processor's numbered heading and
    paragraph: ``2.`` / ``2.1`` / ``Membership`` / ``Membership is open to …``, or ``4.`` /
    ``4.1 Return and Late Return`` / ``Items must …``): the clause's number goes with the
    title, the sub-clause's with the text under it (a blank line between them, logged).

    >>> ls = [Line(t, 1) for t in ["2.", "2.1", "", "Membership", "Membership is open to all."]]
    >>> [ln.text for ln in _stacked_labels(ls, StageLog("x"))]
    ['2. Membership', '', '2.1 Membership is open to all.']
    >>> ls = [Line(t, 1) for t in ["4.", "4.1 Return and Late Return", "Items must come back."]]
    >>> [ln.text for ln in _stacked_labels(ls, StageLog("x"))]
    ['4. Return and Late Return', '', '4.1 Items must come back.']
    """
    out: list[Line] = []
    k, n = 0, len(body)
    while k < n:
        m = STACKED_TOP_RE.match(body[k].text)
        sub = (
            STACKED_SUB_RE.match(body[k + 1].text)
            if m and k + 1 < n and body[k + 1].page == body[k].page
            else None
        )
        if m is None or sub is None or sub.group(1) != m.group(1):
            out.append(body[k])
            k += 1
            continue
        title = (sub.group(2) or "").strip()
        h = k + 1
        if not title:
            h = k + 2
            while h < n and not body[h].text.strip() and h <= k + 3:
                h += 1
            title = body[h].text.strip() if h < n else ""
        t = h + 1
        text = body[t].text.strip() if t < n else ""
        if not (
            title
            and heading_shape(title)
            and not SENTENCE_END_RE.search(title)
            and text[:1].isupper()
            and len(text.split()) >= 3
        ):
            out.append(body[k])
            k += 1
            continue
        label = f"{m.group(1)}.1"
        out.append(replace(body[k], text=f"{m.group(1)}. {title}"))
        out.append(Line("", body[k].page))
        out.append(replace(body[t], text=f"{label} {text}"))
        log.edit(
            "stacked_labels", body[k].page, f"{m.group(1)}. / {label}", f"{m.group(1)}. {title}"
        )
        k = t + 1
    return out


STACKED_TOP_RE = regex.compile(r"^\s*(\d{1,2})\.\s*$")
STACKED_SUB_RE = regex.compile(r"^\s*(\d{1,2})\.1\.?(?:\s+(\S.*))?$")


def _lone_markers(body: list[Line], log: StageLog) -> list[Line]:
    """A list's bullet on a line of its own (an extractor that reads the bullet and its
    text as two columns: ``•`` / ``Port-hand lateral marks: …``) goes in front of the
    next line's text.

    >>> [ln.text for ln in _lone_markers([Line("•", 1), Line("Port marks: red", 1)], StageLog("x"))]
    ['• Port marks: red']
    >>> [ln.text for ln in _lone_markers([Line("1.", 1), Line("Weigh the animal.", 1)], StageLog("x"))]
    ['1. Weigh the animal.']
    >>> rem = [Line(t, 1) for t in ["4", "To attend is to see.", "4.1", "We say that we look."]]
    >>> [ln.text for ln in _lone_markers(rem, StageLog("x"))]
    ['4 To attend is to see.', '4.1 We say that we look.']
    >>> [ln.text for ln in _lone_markers([Line("4", 1), Line("Fourth Series", 1)], StageLog("x"))]
    ['4', 'Fourth Series']
    """
    out: list[Line] = []
    labels = {m.group(1) for ln in body if (m := LONE_LABEL_RE.match(ln.text))}
    k = 0
    while k < len(body):
        line = body[k]
        j = k + 1
        while j < len(body) and j <= k + 2 and not body[j].text.strip():
            j += 1  # (a blank line between them: pdftotext sets the number as a block)
        m = LONE_MARKER_RE.match(line.text)
        if m is None and (m := LONE_LABEL_RE.match(line.text)) is not None:
            # a remark's number over its text (an extractor that reads a hanging number
            # and its text as two columns): a decimal one ("4.11"), or a whole one with
            # its decimals on the page ("4" beside "4.1"); the text opens a sentence
            after = body[j].text.split() if j < len(body) else []
            label = m.group(1)
            if (
                ("." not in label and not any(o.startswith(label + ".") for o in labels))
                or len(after) < 3
                or not (after[0][:1].isupper() or after[0][:1] in '‘“"')
            ):
                m = None
        elif m is None and (m := LONE_NUMBER_RE.match(line.text)) is not None:
            # a step's number before its text, right under it, which opens as a sentence
            # does; after a finished sentence or a heading (not "… therefore L =" / "2.")
            # (a blank line between them too, as pdftotext sets a hanging "(b)" apart from
            # its "“Member” means …"; after an item closed by a semicolon)
            after = body[j].text.strip().lstrip("“‘\"'") if j < len(body) else ""
            before = next((o.text.strip() for o in reversed(out) if o.text.strip()), "")
            # (an item in lower case under a lead that ends in a colon: "must:" / "(a)" /
            # "use each Item …")
            led = before.endswith((":", ";")) and after[:1].islower()
            prev_line = next((o for o in reversed(out) if o.text.strip()), None)
            # (set in deeper than the line above: a turnover's "(5)", a clue's length)
            deeper = prev_line is not None and (
                line.geom.x0 > prev_line.geom.x0 + 1.0
                if line.geom is not None and prev_line.geom is not None
                else indent_of(line.text) >= indent_of(prev_line.text) + 2
            )
            if (
                deeper
                or not (after[:1].isupper() or led)
                or (
                    before
                    and not SENTENCE_END_RE.search(before)
                    and not before[-1:].isalpha()
                    and not before.endswith(";")
                )
            ):
                m = None
        nxt = body[j] if m and j < len(body) else None
        if m and nxt is not None and nxt.text.strip() and not LONE_MARKER_RE.match(nxt.text):
            out.append(replace(nxt, text=f"{m.group(1)} {nxt.text.strip()}"))
            log.count("lone_marker_joined")
            k = j + 1
            continue
        out.append(line)
        k += 1
    return out


def _gap_above(prev: Line, line: Line) -> bool:
    """Is PDF *line* set apart from the line before it: higher up the page (the top of the
    next column, a float) or below a gap of most of a line?

    >>> from pipeline.document import Geom
    >>> a = Line("volcanoes, as we shall see.", 1, Geom(48, 600, 214, 610, 10.5))
    >>> _gap_above(a, Line("Figure 4.1 A magma body.", 1, Geom(249, 152, 427, 160, 8.0)))
    True
    >>> _gap_above(a, Line("The next line.", 1, Geom(48, 613, 233, 623, 10.5)))
    False
    """
    g, h = prev.geom, line.geom
    if g is None or h is None:
        return False
    return h.top < g.top - 1 or h.top - g.bottom > 0.8 * max(h.size, 1.0)


def _block_ends_soon(lines: list[Line], i: int, room: int) -> bool:
    """Does a blank line or the page's end come within *room* lines from line *i* on? (A
    caption runs to its blank line in a few lines; text that runs on is the body's.)"""
    page = lines[i].page
    for k in range(i, min(len(lines), i + max(room, 0) + 1)):
        if not lines[k].text.strip() or lines[k].page != page:
            return True
    return i + max(room, 0) + 1 > len(lines)


def _float_page(body: list[Line]) -> bool:
    """A page given to a table (a landscape timetable, a full-page table): it opens with
    a caption and half of its lines or more are rows of cells; or a page of plates, only
    captions on it."""
    texts = [ln.text.strip() for ln in body if ln.text.strip()]
    if texts and _numbered_plates(body):
        return True
    if not texts or not CAPTION_RE.match(texts[0]):
        return False
    if _captions_only(body):
        return True  # a page of plates: pictures and their captions
    if len(texts) < 3:
        return False
    rows = sum(1 for t in texts if TABLE_RE.search(t) or LABEL_ROW_RE.match(t))
    return 2 * rows >= len(texts)


PLATE_NUMBER_RE = regex.compile(r"^\s*\d{1,3}[.)]?\s+\p{Lu}")


def _numbered_plates(body: list[Line]) -> bool:
    """Is a PDF page a page of plates whose captions carry only their number (``1. Hester
    at her wheel, about 1890``): at most eight lines, in blocks of one to three, each
    block opening with a number, and the pictures' room between them, a fifth of the
    page's height at least above the first block or between two of them?"""
    lines = [ln for ln in body if ln.text.strip()]
    if (
        not lines
        or len(lines) > 8
        or any(ln.geom is None or not ln.geom.page_height for ln in lines)
    ):
        return False
    height = lines[0].geom.page_height
    blocks: list[list[Line]] = [[lines[0]]]
    for a, b in itertools.pairwise(lines):
        if b.geom.top - a.geom.bottom > 1.5 * (a.geom.bottom - a.geom.top):
            blocks.append([b])
        else:
            blocks[-1].append(b)
    if any(len(bl) > 3 or not PLATE_NUMBER_RE.match(bl[0].text) for bl in blocks):
        return False
    room = [blocks[0][0].geom.top] + [
        b[0].geom.top - a[-1].geom.bottom for a, b in itertools.pairwise(blocks)
    ]
    return max(room) >= 0.2 * height


def _captions_only(body: list[Line]) -> bool:
    """Is every block of the page (lines between blank lines) a caption of a few lines, its
    first line labelled (``Plate 11. The harbour …``)? A page of pictures.

    >>> _captions_only([Line(t, 4) for t in ["Plate 11. The harbour at Osk.", "It was built.",
    ...     "", "Plate 12. Nets on the quay."]])
    True
    >>> _captions_only([Line(t, 4) for t in ["Figure 2 shows the harbour", "as it was.", ""]])
    False
    """
    groups: list[list[str]] = [[]]
    for ln in body:
        if ln.text.strip():
            groups[-1].append(ln.text.strip())
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    return bool(groups) and all(
        CAPTION_RE.match(g[0]) and len(g) <= 4 and SENTENCE_END_RE.search(g[-1]) for g in groups
    )


def _move_floats(bodies: list[list[Line]], log: StageLog) -> list[list[Line]]:
    """A page given to a table or to plates that interrupts a paragraph (the page before ends
    mid-sentence, the page after goes on in lower case) follows that paragraph: its lines
    move to after the first line on the next page that ends a sentence and its paragraph
    (a short line, or one before a blank line or an indented line), between blank lines.
    """
    out = [list(b) for b in bodies]
    k = 0
    while k < len(out) - 2:
        k += 1
        # (plates may fill two pages or more in a row: the run of them moves as one)
        m = k
        while m + 1 < len(out) - 1 and out[m] and _float_page(out[m]) and _float_page(out[m + 1]):
            m += 1
        before = [ln for ln in out[k - 1] if ln.text.strip()]
        after = out[m + 1]
        nxt = next((ln for ln in after if ln.text.strip()), None)
        if not before or nxt is None or not _float_page(out[k]):
            continue
        if SENTENCE_END_RE.search(before[-1].text.rstrip()) or not nxt.text.strip()[:1].islower():
            continue
        full = max(len(ln.text.strip()) for ln in before)
        at = None
        for j, ln in enumerate(after):
            t = ln.text.strip()
            if not t or not SENTENCE_END_RE.search(t):
                continue
            following = after[j + 1] if j + 1 < len(after) else None
            if (
                len(t) < 0.75 * full
                or following is None
                or not following.text.strip()
                or indent_of(following.text) > indent_of(ln.text) + 1
            ):
                at = j + 1
                break
        if at is None:
            continue
        page = out[k][0].page
        blank = Line("", after[at - 1].page)
        moved = [ln for r in range(k, m + 1) for ln in [*out[r], blank]]
        out[m + 1] = [*after[:at], blank, *moved, *after[at:]]
        for r in range(k, m + 1):
            out[r] = []
        log.edit(
            "float_moved",
            page,
            nxt.text.strip()[:30],
            after[at - 1].text.strip()[-30:],
            pages=m - k + 1,
        )
        k = m
    return out


def _spaced_opening(lines: list[Line], k: int, gaps: dict[int, float]) -> bool:
    """Does PDF line *k* stand below the line before it (same page) by more space than the
    book sets between lines of its size: a paragraph opened by space, not by an indent?"""
    if k == 0 or lines[k].geom is None:
        return False
    before, g = lines[k - 1], lines[k].geom
    if before.geom is None or before.page != lines[k].page:
        return False
    usual = gaps.get(round(2 * g.size))
    height = max(1.0, g.bottom - g.top)
    return usual is not None and g.top - before.geom.bottom > usual + max(1.0, 0.15 * height)


RAISED_MARKER_RE = regex.compile(r"^(\s*)(\d{1,3})\s*$")


def _raised_markers(lines: tuple[Line, ...], log: StageLog) -> tuple[Line, ...]:
    """A note's marker that a text export set on a line of its own, above the line it is
    raised on (Ghostscript's txtwrite: ``Where I was`` / ``      1`` / ``wrong … said so in
    a note.`` / ``1 There are fewer …``), goes back into that line, after the word that
    ends nearest its column. Only where the page holds the note (a line opening with the
    number and a sentence) and a line of prose below the marker spans its column.

    >>> page = [Line(t, 1) for t in ["Where I was", "                  1",
    ...     "wrong at the time, so said a note.", "1 There are fewer notes."]]
    >>> [ln.text for ln in _raised_markers(tuple(page), StageLog("x"))]
    ['Where I was', 'wrong at the time,1 so said a note.', '1 There are fewer notes.']
    """
    if any(ln.geom for ln in lines):
        return lines
    out = list(lines)
    k = len(out) - 2
    while k > 0:
        m = RAISED_MARKER_RE.match(out[k].text)
        below = out[k + 1].text
        if m and regex.search(r"\p{L}{2}", below) and out[k - 1].text.strip():
            n, col = m.group(2), len(m.group(1))
            note = note_line_re(n)
            # (the columns of a proportional face's text are rough: a mark stands after
            # punctuation where it can, "said so in a note.1")
            ends = [(e.end(), e.group()[-1] in ".,;:!?’”)") for e in regex.finditer(r"\S+", below)]
            near = [(not punct, abs(e - col), e) for e, punct in ends if abs(e - col) <= 10]
            at = min(near)[2] if near else -1
            if near and any(note.match(ln.text) for ln in out[k + 2 : k + 2 + NOTE_LOOKAHEAD]):
                text = below[:at] + n + below[at:]
                log.edit("raised_marker", out[k].page, below.strip(), text.strip(), marker=n)
                out[k : k + 2] = [replace(out[k + 1], text=text)]
        k -= 1
    return tuple(out)


def _opens_low(text: str) -> bool:
    """Does *text* open in lower case, behind an opening quote or not (a definition's
    ``“plot” means …``)?

    >>> [_opens_low(t) for t in ["a spoon;", "“plot” means", "“Plot” means", "The end."]]
    [True, True, False, False]
    """
    return text[:1].islower() or (text[:1] in OPEN_QUOTES and text[1:2].islower())


def _semicolon_items(lines: list[Line], typical: float, fit: float, log: StageLog) -> list[Line]:
    """The items of a list whose marks the extraction lost (a browser's drawn bullets), each
    closed by a semicolon, the last by a stop, under a lead that ends in a colon, a dash or
    a short title (``have the following to hand:`` / ``a wide, heavy pan that holds … fruit
    and`` / ``sugar;`` / ``a long wooden spoon …``; a statute's ``unless the context
    otherwise requires—`` / ``“plot” means …;``): a paragraph break put after the lead and
    after each item (a blank line, logged). Only a run of items that start in lower case
    (behind an opening quote or not), with
    two item ends at least that leave room for the next line's first word (a filled line
    ending in a semicolon is prose) and one item turned over a line at least (verse lines
    ending in semicolons do not turn over).

    >>> ls = [Line(t, 1) for t in ["Have these to hand:", "a pan that holds twice the fruit and",
    ...     "sugar;", "a spoon kept for jam;", "a saucer for the test.", "Then begin."]]
    >>> [ln.text for ln in _semicolon_items(ls, 40, 0.9, StageLog("x"))]
    ['Have these to hand:', '', 'a pan that holds twice the fruit and', 'sugar;', '', 'a spoon kept for jam;', '', 'a saucer for the test.', 'Then begin.']
    """
    out: list[Line] = []
    k, n = 0, len(lines)
    while k < n:
        lead = lines[k].text.strip()
        out.append(lines[k])
        short_title = (
            bool(lead)
            and lead[0].isupper()
            and not SENTENCE_END_RE.search(lead)
            and lead[-1:] not in ",;-"
            and len(lead) < 0.6 * typical
        )
        if not (lead.endswith((":", "—")) or short_title) or k + 1 >= n:
            k += 1
            continue
        j = k + 1
        while j < n and not lines[j].text.strip() and j - k <= 2:
            j += 1  # (a blank line after the lead)
        run: list[int] = []
        while j < n:
            t = lines[j].text.strip()
            after_end = not run or lines[run[-1]].text.rstrip().endswith(";")
            if not t:
                # a blank line between items: after an item's end, before a lower-case line
                if run and after_end and j + 1 < n and _opens_low(lines[j + 1].text.strip()):
                    j += 1
                    continue
                break
            if after_end and (not _opens_low(t) or list_item(t)):
                break  # (an item with its mark, "a) housing costs;", is a list item already)
            run.append(j)
            if SENTENCE_END_RE.search(lines[j].text.rstrip()):
                break
            j += 1
        ends = [x for x in run[:-1] if lines[x].text.rstrip().endswith(";")]
        after = dict(itertools.pairwise(run))
        roomy = [
            x
            for x in ends
            if len(lines[x].text.strip()) + 1 + len((lines[after[x]].text.split() or [""])[0])
            < fit * typical
        ]
        turned = any(
            not lines[x].text.rstrip().endswith(";")
            and not SENTENCE_END_RE.search(lines[x].text.rstrip())
            for x in run
        )
        if (
            not run
            or len(roomy) < 2
            or not turned
            or not SENTENCE_END_RE.search(lines[run[-1]].text.rstrip())
        ):
            k += 1
            continue
        out.append(Line("", lines[k].page))
        for i in run:
            out.append(lines[i])
            if i in ends:
                out.append(Line("", lines[i].page))
        log.edit("semicolon_items", lines[k].page, lead[-40:], lead[-40:], items=len(ends) + 1)
        k = run[-1] + 1
    return out


def _wrapped_calls(lines: tuple[Line, ...], log: StageLog) -> tuple[Line, ...]:
    """A note's call that a PDF's renderer wrapped onto a line of its own (WeasyPrint sets
    the raised ``4`` after ``… stopped coming.`` at the next line's start) goes back to the
    end of the line above: a number or a symbol alone, set smaller than that line (three
    quarters of its size or less), on the same page as a note it opens at the page's foot.
    """
    if not any(ln.geom for ln in lines):
        return lines
    out = list(lines)
    k = len(out) - 2
    while k > 0:
        ln, above = out[k], out[k - 1]
        m = LONE_CALL_RE.match(ln.text)
        if (
            m
            and ln.geom is not None
            and above.geom is not None
            and above.text.strip()
            and ln.geom.size <= 0.75 * above.geom.size
            and 0 <= ln.geom.top - above.geom.bottom < above.geom.bottom - above.geom.top
            and any(note_line_re(m.group(1)).match(o.text) for o in out[k + 1 :])
        ):
            text = above.text.rstrip() + m.group(1)
            log.edit("wrapped_call", ln.page, f"{above.text.strip()[-30:]} / {m.group(1)}",
                     text.strip()[-30:], marker=m.group(1))  # fmt: skip
            out[k - 1 : k + 1] = [replace(above, text=text)]
        k -= 1
    return tuple(out)


NOTE_MARK_RE = regex.compile(r"^\s*(\d{1,3}|[*†‡§]{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})")


@functools.cache
def note_call_re(mark: str) -> regex.Pattern:
    """A note's call in the text: *mark* right after a word of two letters or more, or
    after the punctuation that ends one (``rake.1``, ``years2``, ``coming,”3``, ``ale*``), and
    no digit after it (``1820``, ``A4``, ``m2`` and a paragraph's ``2.1`` are no calls; a
    year's ``1840.1`` is one).

    >>> [bool(note_call_re("1").search(t)) for t in ["with a rake.1 The", "in 1820", "an A4 sheet", "years1"]]
    [True, False, False, True]
    >>> [bool(note_call_re("1").search(t)) for t in ["2.1 In these", "see section 5.1.", "1840.1"]]
    [False, False, True]
    """
    return regex.compile(
        rf"(?:\p{{Ll}}\p{{L}}|(?<!(?:^|\D)\d{{1,3}})[.,;:!?’”\"')\]]){regex.escape(mark)}(?![\d¹²³⁴⁵⁶⁷⁸⁹⁰])"
    )


def _anchor_notes(
    lines: list[Line],
    notes: dict[int, list[list[Line]]],
    anchored: dict[int, list[list[Line]]],
    log: StageLog,
) -> None:
    """A footnote follows the paragraph that calls it: where the lines of the note's page
    hold its call once and once only (``… with a rake.1``), the note is anchored to that
    line (in place, moved from *notes* into *anchored*), and goes out after the block
    that line closes. A note whose call is not found, or found twice, still follows the
    paragraph its page break falls in.
    """
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for number in sorted(notes):
        page_lines = by_page.get(number, [])
        if any(NOTES_HEADING_RE.match(ln.text) for ln in page_lines):
            continue  # endnotes under their heading ("Notes"): they stay where the book has them
        left: list[list[Line]] = []
        for note in notes[number]:
            m = NOTE_MARK_RE.match(note[0].text)
            call = note_call_re(m.group(1)) if m else None
            hits = [ln for ln in page_lines if call and call.search(ln.text)]
            if len(hits) != 1 or sum(len(call.findall(ln.text)) for ln in hits) != 1:
                left.append(note)
                continue
            anchored.setdefault(id(hits[0]), []).append(note)
            log.edit(
                "note_after_call", number, m.group(1), hits[0].text.strip()[-40:], mark=m.group(1)
            )
        if left:
            notes[number] = left
        else:
            del notes[number]


LONE_CALL_RE = regex.compile(r"^\s*(\d{1,3}|[*†‡§])\s*$")


def _lone_note_numbers(lines: tuple[Line, ...], log: StageLog) -> tuple[Line, ...]:
    """A note's number that a text export set on a line of its own at the margin, over the
    note's text (``pdftotext -layout`` of a LibreOffice footnote: ``1`` / ``  The letters
    are kept …``), opens the note's line again (``1 The letters are kept …``): where a
    blank line or the page's top stands above the number, a sentence opens right under
    it, and the page's text above marks a note with it (``here.1``).

    >>> page = [Line(t, 1) for t in ["one of her letters survive, printed here.1", "",
    ...     "1", "  The letters are kept with the family papers."]]
    >>> [ln.text for ln in _lone_note_numbers(tuple(page), StageLog("x"))][2]
    '1 The letters are kept with the family papers.'
    """
    if any(ln.geom for ln in lines):
        return lines
    out = list(lines)
    k = len(out) - 2
    while k > 0:
        m = RAISED_MARKER_RE.match(out[k].text)
        if m and len(m.group(1)) <= 2 and not out[k - 1].text.strip():
            n, below = m.group(2), out[k + 1].text.strip()
            # (a marker after its word's punctuation may stand a space off: "afternoon. 3")
            marked = regex.compile(rf"\p{{L}}(?:[.,;:!?’”)] ?)?{n}(?![\p{{L}}\p{{N}}])")
            if note_line_re(n).match(f"{n} {below}") and any(
                marked.search(ln.text) for ln in out[:k]
            ):
                text = f"{m.group(1)}{n} {below}"
                log.edit("note_number_line", out[k].page, f"{n}\n{below[:40]}", text.strip()[:44])
                out[k : k + 2] = [replace(out[k + 1], text=text)]
        k -= 1
    return tuple(out)


CELL_GAP_RE = regex.compile(r"\S {3,}(?=\S)")


def _spaced_rows(lines: list[Line], log: StageLog) -> list[Line]:
    """A table whose rows stand a blank line apart (a PDF table's padded rows: each row a
    block of its own) is one block: three rows or more on one page, each one line of
    cells parted by wide gaps, as many cells in each but the first (its heading row may
    join two), three at least, set at one left edge.

    >>> ls = [Line(t, 8) for t in ["Item   Full Concession", "", "Joining fee   £5.00   £2.50",
    ...     "", "Plot rent   £3.20   £1.60", "", "Key deposit   £10.00   £10.00", "", "After."]]
    >>> [ln.text for ln in _spaced_rows(ls, StageLog("x"))][:5]
    ['Item   Full Concession', 'Joining fee   £5.00   £2.50', 'Plot rent   £3.20   £1.60', 'Key deposit   £10.00   £10.00', '']
    """
    out: list[Line] = []
    n, k = len(lines), 0

    def cells(t: str) -> int:
        return len(CELL_GAP_RE.findall(t.strip())) + 1

    while k < n:
        rows = [k]
        j = k
        while (
            j + 2 < n
            and not lines[j + 1].text.strip()
            and lines[j + 2].text.strip()
            and lines[j + 2].page == lines[k].page
            and cells(lines[j + 2].text) >= 2
            and indent_of(lines[j + 2].text) == indent_of(lines[k].text)
            and (lines[j + 2].geom is None) == (lines[k].geom is None)
            and (lines[k].geom is None or abs(lines[j + 2].geom.x0 - lines[k].geom.x0) < 1.0)
        ):
            j += 2
            rows.append(j)
        counts = [cells(lines[r].text) for r in rows]
        if (
            lines[k].text.strip()
            and len(rows) >= 3
            and min(counts) >= 2
            and counts[1] >= 3  # (a contents' rows, title and number, are left as they are)
            and len(set(counts[1:])) == 1
            and counts[0] <= counts[1]
        ):
            out.extend(lines[r] for r in rows)
            log.edit(
                "spaced_rows",
                lines[k].page,
                lines[k].text.strip()[:40],
                lines[rows[-1]].text.strip()[:40],
                rows=len(rows),
            )
            k = rows[-1] + 1
            continue
        out.append(lines[k])
        k += 1
    return out


def _titles_over_set_in_blocks(lines: list[Line], log: StageLog) -> list[Line]:
    """A short title at the margin right over a block set in as a whole (a poem's title
    over its first stanza in a text export: ``Cooper’s Rhyme`` / ``     Oak for the
    brine,``), after a blank line or at a page's top, stands apart from the block: a
    blank line goes between. The block: two lines or more, all set in alike, three
    characters or more past the title, to the next blank line (a stanza whose long lines
    turn over is left to the verse rules, which read it with its title).

    >>> ls = [Line(t, 1) for t in ["", "Cooper’s Rhyme", "     Oak for the brine,",
    ...     "     ash for the hoop,", ""]]
    >>> [ln.text for ln in _titles_over_set_in_blocks(ls, StageLog("x"))][1:4]
    ['Cooper’s Rhyme', '', '     Oak for the brine,']
    """
    out: list[Line] = []
    n = len(lines)
    for k, line in enumerate(lines):
        out.append(line)
        t = line.text.strip()
        if (
            line.geom is None
            and t
            and (k == 0 or not lines[k - 1].text.strip() or lines[k - 1].page != line.page)
            and len(t.split()) <= 6
            and t[:1].isupper()
            and heading_shape(t)
            and not SENTENCE_END_RE.search(t)
            and t[-1:] not in ",;:"
        ):
            j = k + 1
            while j < n and lines[j].text.strip() and lines[j].page == line.page:
                j += 1
            block = lines[k + 1 : j]
            if (
                len(block) >= 2
                and len({indent_of(b.text) for b in block}) == 1
                and indent_of(block[0].text) >= indent_of(line.text) + 3
            ):
                out.append(Line("", line.page))
                log.edit("title_over_block", line.page, t[:40], t[:40], lines=len(block))
    return out


LONE_EQUATION_NUMBER_RE = regex.compile(r"^\s*\((?:\d{1,2}\.)?\d{1,3}[a-z]?\)\s*$")


def _numbered_displays(lines: list[Line], log: StageLog) -> list[Line]:
    """A displayed formula's number that an export set on the line after it (PyMuPDF's
    text: ``P(A ∪B) = P(A) + P(B).`` / ``(1.1)``) goes back after the formula, and the
    formula stands as a block of its own, apart from the sentence that leads into it and
    the text after it (``equation (1.1)``): blank lines around it.

    >>> ls = [Line(t, 1) for t in ["and, for events that cannot both happen,",
    ...     "P(A ∪B) = P(A) + P(B).", "(1.1)", "These rules were written down late."]]
    >>> [ln.text for ln in _numbered_displays(ls, StageLog("x"))]
    ['and, for events that cannot both happen,', '', 'P(A ∪B) = P(A) + P(B). (1.1)', '', 'These rules were written down late.']
    """
    out: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if (
            k + 1 < len(lines)
            and LONE_EQUATION_NUMBER_RE.match(lines[k + 1].text)
            and lines[k + 1].page == line.page
            and display_math(line.text)
        ):
            number = lines[k + 1].text.strip()
            text = f"{line.text.rstrip()} {number}"
            log.edit("equation_number", line.page, f"{line.text.strip()}\n{number}", text.strip())
            if out and out[-1].text.strip():
                out.append(Line("", line.page))
            out.append(replace(line, text=text))
            if k + 2 < len(lines) and lines[k + 2].text.strip():
                out.append(Line("", line.page))
            k += 2
            continue
        out.append(line)
        k += 1
    return out


MARKER_END_RE = regex.compile(r"\p{L}[.,;:!?’”)]\d{1,3}$")


def _marker_split_lines(lines: list[Line], typical: float, log: StageLog) -> list[Line]:
    """A printed line that a text export broke after a raised note marker (pdftotext's
    raw mode: ``… usually as a joke.1`` / ``Few of them`` / ``seem to have noticed …``) is
    one line again: the marker's line and a short line after it that ends no sentence,
    together as long as a full line, before a line that goes on in lower case.

    >>> ls = [Line(t, 1) for t in ["a number of them wrote it down, usually as a joke.1",
    ...     "Few of them", "seem to have noticed that it was also, within its own limits"]]
    >>> [ln.text for ln in _marker_split_lines(ls, 66.0, StageLog("x"))][0]
    'a number of them wrote it down, usually as a joke.1 Few of them'
    """
    out: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        a = line.text.rstrip()
        if (
            line.geom is None
            and k + 2 < len(lines)
            and MARKER_END_RE.search(a)
            and lines[k + 1].page == line.page == lines[k + 2].page
        ):
            b, c = lines[k + 1].text.strip(), lines[k + 2].text.strip()
            if (
                b
                and indent_of(lines[k + 1].text) <= indent_of(a)  # (no paragraph set in)
                and len(b) < 0.5 * typical
                and not SENTENCE_END_RE.search(b)
                and c[:1].islower()
                and 0.85 * typical <= len(a.strip()) + 1 + len(b) <= 1.1 * typical
            ):
                log.edit("marker_split_line", line.page, f"{a.strip()}\n{b}", f"{a.strip()} {b}")
                out.append(replace(line, text=f"{a} {b}"))
                k += 2
                continue
        out.append(line)
        k += 1
    return out


MARKER_ONLY_RE = regex.compile(rf"^\s*(?:[{BULLETS}·–-]|\d{{1,3}}[.)]|\([a-z0-9]{{1,3}}\))\s*$")


def _stray_markers(lines: tuple[Line, ...], log: StageLog) -> tuple[Line, ...]:
    """A run of list marks alone on their lines at a page's end, after its text (mutool's
    text writes a page's bullets and numbers there, away from their items: ``•`` / ``•`` /
    ``1.`` / ``2.``), is dropped, logged with the marks: no item of the page's text stands
    after them to take them. Text input only; two marks or more.

    >>> ls = tuple(Line(t, 1) for t in ["Stir well.", "", "•", "", "•", "", "1.", "2.", ""])
    >>> [ln.text for ln in _stray_markers(ls, StageLog("x"))]
    ['Stir well.']
    >>> [ln.text for ln in _stray_markers(ls[:4], StageLog("x"))]
    ['Stir well.', '', '•', '']
    """
    if any(ln.geom is not None for ln in lines):
        return lines
    k = len(lines)
    marks: list[str] = []
    while k > 0 and (not lines[k - 1].text.strip() or MARKER_ONLY_RE.match(lines[k - 1].text)):
        k -= 1
        if lines[k].text.strip():
            marks.append(lines[k].text.strip())
    if len(marks) < 2 or k == 0:
        return lines
    log.edit("stray_markers", lines[k].page, " ".join(reversed(marks)), "", marks=len(marks))
    return lines[:k]


def _trim_page(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]


@register("rejoin_lines", version=202, params=UnwrapParams)
def run(book: Book, p: UnwrapParams, log: StageLog) -> Book:
    """Rejoin wrapped lines into paragraphs across pages; dehyphenate on evidence."""
    # Blank lines at the top or bottom of a page are page margins, not paragraph breaks.
    # Footnotes at a page's foot are set aside, so that a paragraph running on to the next
    # page is joined across them; each follows the paragraph its page break falls in.
    lines: list[Line] = []
    notes: dict[int, list[list[Line]]] = {}
    # Notes at the foot of a page's first column follow the paragraph that holds the
    # column's last line (keyed by that line's id); the rest follow the page's last one.
    anchored: dict[int, list[list[Line]]] = {}
    pages = [
        _trim_page(
            _stray_markers(
                _lone_note_numbers(_raised_markers(_wrapped_calls(page.lines, log), log), log),
                log,
            )
        )
        for page in book.pages
    ]
    spaced = double_spaced(pages)
    if spaced is not None:
        pages = [_single_space(pl) for pl in pages]
        first = next((pl[0].page for pl in pages if pl), 1)
        log.edit("double_spaced", first, "line\n\nline", "line\nline", **spaced)
    bodies: list[list[Line]] = []
    text_size = body_size([ln for pl in pages for ln in pl])
    for page, trimmed in zip(book.pages, pages, strict=True):
        if len(book.pages) > 1:
            trimmed, last, column_notes = column_foot_notes(trimmed)
            if last is not None:
                anchored[id(last)] = column_notes
                log.count("footnotes", len(column_notes))
        body, page_notes = (
            split_footnotes(trimmed, text_size) if len(book.pages) > 1 else (list(trimmed), [])
        )
        if (page.number - 1) in notes:
            # the foot's first lines may finish the last note of the page before
            before = notes[page.number - 1]
            # (the note that broke off at the foot: the last one, or one that ends no
            # sentence, which a typesetter let run over though others follow it)
            open_note = next(
                (nt for nt in before if not SENTENCE_END_RE.search(nt[-1].text.rstrip())),
                before[-1],
            )
            body, turned = note_turnover(body, open_note, text_size)
            if turned:
                open_note.extend(turned)
                log.edit(
                    "note_continues",
                    page.number,
                    turned[0].text.strip()[:40],
                    turned[0].text.strip()[:40],
                    lines=len(turned),
                )
        bodies.append(body)
        if page_notes:
            notes[page.number] = page_notes
            log.count("footnotes", len(page_notes))
    for body in _move_floats(bodies, log):
        lines.extend(_lone_markers(_stacked_labels(body, log), log))
    lines = _column_major(_cell_per_line(_gap_cut_runs(lines, log), log), log)
    lines = _contents_rows(lines, log)
    lines, chart = _chart_turnovers(lines, log)
    kept = {id(line) for line in lines}
    for key in [k for k in anchored if k not in kept]:
        # (the column's last line was rewritten: its notes follow the page's text)
        moved = anchored.pop(key)
        notes[moved[0][0].page] = moved + notes.get(moved[0][0].page, [])
    lines = _marker_split_lines(lines, typical_length([ln.text for ln in lines]), log)
    lines = _numbered_displays(lines, log)
    lines = _spaced_rows(lines, log)
    lines = _titles_over_set_in_blocks(lines, log)
    lines = _semicolon_items(lines, typical_length([ln.text for ln in lines]), p.fit_line, log)
    code = code_line_flags(lines)
    prose_lines = [line for line, c in zip(lines, code, strict=True) if not c]
    prose_texts = [line.text for line in prose_lines]
    # The index is the book's own words too ("e-mail jobs" there keeps "e-|mail" in the body)
    lex = Lexicon(prose_texts + [line.text for line in book.index_lines])
    typical = typical_length(prose_texts)
    if p.notes == "after_call":
        _anchor_notes(lines, notes, anchored, log)
    bld = _Builder(p, lex, log, typical, notes)
    bld.typeset_hyphens = typeset_hyphens(lines)
    bld.anchored = anchored
    bld.size = size = body_size(lines)
    toc = _toc_flags(lines)
    verse = _no_speeches(
        lines,
        _sibling_stanzas(
            lines,
            code,
            _either(
                _verse_flags(lines, code, typical, p),
                _indented_verse(lines, code),
                _stanza_flags(lines, code, typical, p.fit_line, spaced is not None),
            ),
        ),
    )
    figures = _either(
        _figure_table_flags(lines, code, typical, p), _captioned_rows(lines, code, typical, p)
    )
    quantities = _either(
        _quantity_flags(lines, code, typical, p), _listing_flags(lines, code, typical, p)
    )
    for k in _page_openers(lines):
        # no block of kept lines runs on into the contents or a chapter that opens a page
        verse[k] = quantities[k] = figures[k] = False
    label_rows = _either(
        _label_row_flags(lines, code), _gap_row_flags(lines, code), _record_flags(lines, code)
    )
    aligned = _aligned_table_flags(lines, code)
    justified = _justified_flags(lines, code, aligned)
    blank_paras = _blank_separated(lines, code, typical, p)
    hang_flags = _hanging_flags(lines, code)
    flat_starts = _flat_entry_starts(lines, code)
    gaps = _usual_gaps(lines, code)
    at = {id(ln): k for k, ln in enumerate(lines)}  # (the room is measured when asked)
    play = speakers(prose_lines)
    dialogue = _dialogue(prose_lines)
    numbered_paras = (
        sum(1 for ln in lines if ln.text.lstrip()[:1].isdigit() and NUMBERED_PARA_RE.match(ln.text))
        >= 3
    )
    counted = _counted_labels(lines, code)
    word_counted = _word_counted(lines, code)
    bare = _bare_counted(lines, code)
    fields = _field_labels(lines, code)
    field_block = _field_block(lines, code)
    schema = _schema_labels(lines, code)
    one_space = _one_space_indents(lines)
    joined_lines = _joined_lines(prose_texts, typical)
    legal = _legal_measures(lines, typical)
    display_pages = _display_pages(lines, typical)
    cur: _Open | None = None
    last_row: Line | None = None  # a table's last row, while only blank lines follow
    n = len(lines)

    def tabled(k: int) -> bool:  # (a line with a gap as wide as a table's, not spread prose)
        t = lines[k].text.strip()
        return ("   " in t and not (justified[k] and _spread_line(t))) or aligned[k]

    letter_heads = _letter_heads(lines)
    stanzas = _numbered_stanzas(lines, code, typical)
    openers = lower_openers(prose_texts)
    for i, line in enumerate(lines):
        text = line.text
        if i in letter_heads:
            # a letter group's heading (``B`` over ``batter n. …``): a block of its own
            bld.close(cur)
            bld.close(_Open("heading", [line]))
            cur = None
            log.edit("letter_head", line.page, text.strip(), text.strip())
            continue
        if cur is not None and cur.kind == "heading":
            # a display title set over two or more lines is one heading
            if (
                text.strip()
                and not code[i]
                and (
                    _title_goes_on(cur.lines, line, size)
                    or _title_broken_off(cur.lines, line)
                    or _title_turnover(cur.lines, lines, i)
                )
            ):
                cur.lines.append(line)
                continue
            bld.close(cur)
            cur = None
        if cur is not None and cur.kind == "caption":
            # A caption goes on over its wrapped lines: while its last line is nearly full
            # and ends no sentence.
            last_c = cur.lines[-1].text.strip()
            words_c = last_c.split()
            tabular = bool(
                TABLE_RE.search(text.strip())
                or aligned[i]
                or figures[i]
                or label_rows[i]
                or quantities[i]
                or toc[i]
                or CAPTION_RE.match(text.strip())
            )
            if (
                (blank_paras or cur.set_apart)
                and text.strip()
                and not code[i]
                and not tabular
                and not STATEMENT_RE.match(text)  # ("Solution. With …" opens its own)
                and cur.lines[-1].page == line.page
                and _block_ends_soon(lines, i, 4 - len(cur.lines))
            ):
                # a caption set apart by a blank line (or in text whose paragraphs blank
                # lines part) goes on to the next blank line ("Plate 15. …, c. 1663." /
                # "Oil on oak panel, 38.5 × 29 cm.")
                cur.lines.append(line)
                continue
            if (
                text.strip()
                and not code[i]
                and not (label_rows[i] and line.geom is not None)  # (a PDF table's row)
                and not _resized(cur.lines[-1], line)  # (a heading after the caption)
                and not SENTENCE_END_RE.search(last_c)
                and (
                    len(last_c) >= p.fit_line * typical
                    # broken off mid-phrase: "sizes of the" / "main carbon reservoirs"
                    or last_c[-1] in ",;-–—("
                    or (words_c and words_c[-1].lower() in GLUE_WORDS)
                    or text.strip()[:1].islower()
                )
            ):
                cur.lines.append(line)
                continue
            bld.close(cur)
            cur = None
        if code[i] and not CHAPTER_LABEL_RE.match(text):  # (nor a code block's line)
            if cur is None or cur.kind != "code":
                bld.close(cur)
                cur = _Open("code", [])
            cur.lines.append(line)
            continue
        if not text.strip():
            k = i + 1
            while k < n and not lines[k].text.strip() and lines[k].page == line.page:
                k += 1  # (the line after the blank ones: one blank line or more alike)
            if (
                cur is not None
                and cur.kind in ("para", "list")
                and k < n
                and not code[k]
                and not verse[k]
                and _blank_inside_sentence(cur.lines[-1].text, lines[k].text)
            ):
                # an extractor's blank line mid-sentence (one edit for a run of them)
                before = cur.lines[-1].text.strip()
                if lines[i - 1].text.strip():
                    log.edit(
                        "blank_inside_sentence",
                        line.page,
                        f"{before[-40:]} / (blank) / {lines[k].text.strip()[:40]}",
                        f"{before[-40:]} {lines[k].text.strip()[:40]}",
                        blank_lines=k - i,
                        line_ends=before.split()[-1][-12:],
                        next_word=lines[k].text.split()[0][:20],
                    )
                continue
            if cur is not None and cur.kind != "code":
                bld.close(cur)
                cur = None
            elif cur is not None:
                cur.lines.append(line)
            continue
        if id(line) in chart:
            # a descent chart's entries: one to a line, set in by generation
            if cur is None or cur.kind != "verse":
                bld.close(cur)
                cur = _Open("verse", [])
            cur.lines.append(line)
            continue
        if (
            cur is not None
            and cur.kind == "table"
            and _cell_goes_on(cur.lines[-1], line, lines[i + 1] if i + 1 < n else None, typical)
        ):
            row = cur.lines[-1]
            grown = row.geom
            if grown is not None and line.geom is not None:
                grown = replace(grown, bottom=max(grown.bottom, line.geom.bottom))
            cur.lines[-1] = replace(row, text=f"{row.text.rstrip()} {text.strip()}", geom=grown)
            log.edit(
                "table_cell_continues",
                line.page,
                f"{row.text.strip()[-30:]}\n{text.strip()[:30]}",
                f"{row.text.strip()[-30:]} {text.strip()[:30]}",
                indent=indent_of(text),
            )
            continue
        if (
            TABLE_RE.search(text.strip())
            and not justified[i]
            and _spread_title(text)
            and not any(tabled(k) for k in _neighbours(lines, i))
        ):
            # a title spread across the measure, alone: no row of a table
            bld.close(cur)
            cur = _Open("heading", [line])
            log.edit("spread_title", line.page, text.strip()[:60], " ".join(text.split())[:60])
            continue
        if (
            (TABLE_RE.search(text.strip()) and not justified[i])
            or aligned[i]
            or LEADER_LINE_RE.match(text.strip())
            or toc[i]
            or figures[i]
            or quantities[i]
            or label_rows[i]
            or _row_after(last_row, line, typical)
        ):
            if cur is None or cur.kind != "table":
                bld.close(cur)
                cur = _Open("table", [])
            cur.lines.append(line)
            last_row = line
            continue
        last_row = None
        if i in stanzas:
            # a hymnal's numbered stanza: its lines kept, each stanza a block of its own
            if cur is None or cur.kind != "verse" or stanzas[i]:
                bld.close(cur)
                cur = _Open("verse", [])
                if stanzas[i]:
                    log.edit("numbered_stanza", line.page, text.strip()[:40], text.strip()[:40])
            cur.lines.append(line)
            continue
        if verse[i] and not CHAPTER_LABEL_RE.match(text):  # ("Chapter 3" is no verse line)
            if cur is None or cur.kind != "verse":
                bld.close(cur)
                cur = _Open("verse", [])
                log.count("verse")
            cur.lines.append(line)
            continue
        if cur is not None and cur.kind in {"code", "table", "verse"}:
            bld.close(cur)
            cur = None
        if CAPTION_RE.match(text.strip()) and (
            cur is None or SENTENCE_END_RE.search(cur.lines[-1].text.rstrip())
        ):
            # A figure or table caption after a finished sentence: a block of its own.
            apart = (
                i == 0
                or not lines[i - 1].text.strip()
                or lines[i - 1].page != line.page
                or _gap_above(lines[i - 1], line)
            )
            bld.close(cur)
            cur = _Open("caption", [line], set_apart=apart)
            log.count("caption")
            continue
        prev_line = lines[i - 1] if i else None
        first_on_page = prev_line is None or prev_line.page != line.page
        blank_before = (
            prev_line is None or not prev_line.text.strip() or cur is None or first_on_page
        )
        nxt = lines[i + 1] if i + 1 < n else None
        blank_after = nxt is None or not nxt.text.strip()
        prev_ended = cur is None or (
            cur.kind in ("para", "list")
            and SENTENCE_END_RE.search(cur.lines[-1].text.rstrip()) is not None
        )
        before = (
            cur.lines[-1].text
            if cur is not None
            and cur.kind in ("para", "list")
            # (a title page's last line, or a title-shaped one before a chapter's label
            # that opens the next page: no sentence the page after goes on with)
            and not (
                first_on_page
                and (
                    cur.lines[-1].page in display_pages
                    or (CHAPTER_RE.match(text) and heading_shape(cur.lines[-1].text))
                )
            )
            else None
        )
        if (
            (
                heading_shape(text, p.max_heading_words)
                and not runs_on(before, text, nxt.text if nxt else None, p.short_line * typical)
            )
            and (
                (blank_before and blank_after)
                or CHAPTER_RE.match(text)
                or (
                    # (a numbered verse or item whose sentence goes on in the next line, in
                    # lower case, is no numbered heading: "2 He said: Dig the well" / "before")
                    prev_ended
                    and NUMBERED_HEADING_RE.match(text)
                    and len(text.split()) >= 2
                    and not (
                        nxt is not None
                        and nxt.text.strip()[:1].islower()
                        and _first_word(nxt.text) not in openers
                    )
                    and not _on_justified_edge(lines, i)  # (in a PDF: a full, justified line)
                    # (nor a full line in sentence case: a numbered paragraph's first line,
                    # "4.3 Bonfires and incinerators may be lit only between 1")
                    and (
                        len(text.strip()) < p.fit_line * typical
                        or _title_cased(text.split(maxsplit=1)[-1])
                    )
                )
                or (
                    # the title of a part of the front or back matter ("Glossary") opening
                    # its page (after a sentence, `_ends_paragraph` weighs it)
                    first_on_page
                    and text.strip()[:1].isupper()
                    and PART_TITLE_RE.match(text) is not None
                )
                or (
                    prev_ended
                    and len(text.strip()) < 0.7 * typical
                    and (
                        blank_after
                        or (
                            nxt is not None
                            and (
                                nxt.text.strip()[:1].isupper()
                                or list_item(nxt.text)
                                or _first_word(nxt.text) in openers
                            )
                        )
                    )
                    and (cur is None or len(cur.lines[-1].text.strip()) < p.short_line * typical)
                )
                or (
                    # A title in title case after a finished sentence, over a block set in
                    # deeper (a guide's place name over its address and hours: ``Santa
                    # Brigida`` / ``        ★★★``), however full the line before it.
                    prev_ended
                    and cur is not None
                    and len(text.strip()) < 0.6 * typical
                    and _title_cased(text.strip())
                    and nxt is not None
                    and nxt.text.strip() != ""
                    and indent_of(nxt.text) >= indent_of(text) + 4
                )
                or (
                    # A title between two full lines, without blank lines around it: after a
                    # finished sentence, well short of a full line, and the next paragraph's
                    # first line is full and starts with a capital.
                    prev_ended
                    and cur is not None
                    and len(text.strip()) < 0.6 * typical
                    and nxt is not None
                    and nxt.text.strip()[:1].isupper()
                    and len(nxt.text.strip()) >= p.fit_line * typical
                    and not SENTENCE_END_RE.search(nxt.text.rstrip())
                )
                or (
                    # A PDF line set in its own size after a finished sentence, with text in
                    # the body's size after it (or the title's turnover, in its size): a
                    # heading, however long the line before it.
                    prev_ended
                    and _set_apart(line, size)
                    and nxt is not None
                    and nxt.text.strip() != ""
                    and (
                        not _set_apart(nxt, size)
                        # (a turnover no longer than the title's first line: not a table's
                        # row in the title's size under its head, "Year Event" / "1471 …")
                        or (
                            _title_goes_on([line], nxt, size)
                            and len(nxt.text.strip()) <= len(text.strip())
                        )
                    )
                )
            )
        ):
            bld.close(cur)
            cur = _Open("heading", [line])
            continue
        if (
            (numbered_paras and NUMBERED_PARA_RE.match(text))
            or (
                (i in counted or _field_label(text) in fields or _bare_label(text) in schema)
                and not list_item(text)
                and cur is not None
                and SENTENCE_END_RE.search(cur.lines[-1].text.rstrip()) is not None
            )
            or (
                # a colon-labelled field of the book's ("Provenance: …") after a line that
                # does not break off mid-clause ("… the Cornwall Maritime Trust"), or after
                # another field's one line that ends on no article, conjunction or comma
                # ("Size: up to 5 cm across" / "Habitat: …")
                _field_label(text) in fields
                and cur is not None
                and (
                    not _breaks_off(_last_words(cur.lines))
                    or (
                        len(cur.lines) == 1
                        and _field_label(cur.lines[-1].text) in fields - {_field_label(text)}
                        and cur.lines[-1].text.split()[-1].lower() not in GLUE_WORDS
                        and cur.lines[-1].text.rstrip()[-1:] not in ",-‐"
                    )
                )
            )
            or (
                # a field of a block of fields, after a line that breaks off no clause
                i in field_block
                and cur is not None
                and not list_item(text)
                and not _breaks_off(_last_words(cur.lines))
            )
            or (
                # a count's label after a heading, or a line that breaks off no clause
                i in counted
                and not list_item(text)
                and cur is not None
                and not _breaks_off(_last_words(cur.lines))
            )
            # (after an item closed by a stop, or by a bracket: a clue's "(5)")
            or (i in bare and cur is not None and cur.lines[-1].text.rstrip()[-1:] in ".;:!?)")
            or (
                # a numbered count's item after an item closed by a semicolon (learning
                # objectives: "7.1 explain the difference …;" / "7.2 describe …")
                i in counted and cur is not None and cur.lines[-1].text.rstrip().endswith(";")
            )
            or (
                # a labelled count's line, after a line that does not break off mid-clause,
                # or with an item's marker after the label ("Exercise 3 1. my sister’s")
                i in word_counted
                and cur is not None
                and (not _breaks_off(_last_words(cur.lines)) or LABEL_THEN_ITEM_RE.match(text))
            )
            or (
                # the text after a book's field of one short line (``Food plant: lichens
                # on stones`` / ``A slender grey moth …``): a field's value that wraps
                # fills its line or breaks off mid-clause
                cur is not None
                and len(cur.lines) == 1
                and _field_label(cur.lines[0].text) in fields
                and not _field_label(text)
                and text.strip()[:1].isupper()
                and not _breaks_off(cur.lines[0].text)
                and len(cur.lines[0].text.strip()) < p.fit_line * typical
            )
        ):
            # "3.2.3 Trees used …" in a manual whose paragraphs are numbered
            bld.close(cur)
            cur = _Open("para", [line])
            log.count("numbered_paragraph")
            continue
        dash_on = (
            # "and the Gwenllian" / "– were saddle tanks": a dash that goes on with the
            # sentence of the line before is no list item's marker; nor is a middle dot
            # that goes on with a run of terms the line before parts with it
            # ("frost wedging · horizon · hydrolysis" / "· mechanical weathering · …")
            cur is not None
            and cur.kind == "para"
            and not SENTENCE_END_RE.search(cur.lines[-1].text.rstrip())
            and (
                text.lstrip()[:1] in "–—"
                or (
                    text.lstrip()[:1] in "·•"
                    and cur.lines[-1].text.count(f" {text.lstrip()[0]} ") >= 2
                )
            )
        )
        number_on = False
        if text.lstrip()[:1].isdigit() and cur is not None and cur.kind == "para":
            # "… firmware 2.8 and the tool, version" / "3.2. Chapter 1 describes …": a
            # full line broken off after a word runs on into the number (no list opens
            # in the middle of a sentence)
            prev_t = cur.lines[-1].text.rstrip()
            r = _room_at(lines, code, at[id(cur.lines[-1])]) if id(cur.lines[-1]) in at else None
            full = (
                r < 2.5 * (cur.lines[-1].geom.size or 10.0)
                if r is not None and cur.lines[-1].geom is not None
                else len(prev_t.strip()) >= p.fit_line * typical
            )
            # (or after an operator: "… = 60 – 49 =" / "11. (b) In …")
            number_on = (prev_t[-1:].isalpha() and full) or prev_t[-1:] in ("=", "+", "×", "÷", "−")
        if list_item(text) and not dash_on and not number_on:
            if cur is None or cur.kind != "list":
                bld.close(cur)
                cur = _Open("list", [])
            elif line.page != cur.lines[-1].page and any(k < line.page for k in bld.notes):
                # A list that goes on over a page with footnotes: the notes follow the
                # page's last item, as they follow its last paragraph.
                bld.close(cur)
                cur = _Open("list", [])
            cur.lines.append(line)
            continue
        if cur is not None and cur.kind == "list":
            last = cur.lines[-1]
            ended = SENTENCE_END_RE.search(last.text.rstrip()) is not None
            if ended and last.text.rstrip()[-1:] in ":;" and text.strip()[:1].islower():
                ended = False  # "… before you look at a screen:" / "open a window, …"
            continues = (
                indent_of(text) > indent_of(last.text)
                or (
                    not ended
                    and not text.strip()[:1].isupper()
                    and not SECTION_LABEL_RE.match(text)  # "3.2.3 Trees used …": a new item
                )
                or _mark_alone(text)  # "?"
            )
            if (
                continues
                and indent_of(text) - indent_of(last.text) > max(8, 0.25 * typical)
                and len(last.text.strip()) + 1 + len(text.split()[0]) < p.fit_line * typical
            ):
                # A line set far in past a short item (``1. The school house`` / a date
                # ranged right) is no turnover: a wrapped item fills its line and goes on at
                # the item's text
                log.edit(
                    "list_end",
                    line.page,
                    f"{last.text.strip()[-30:]} / {text.strip()[:30]}",
                    f"{last.text.strip()[-30:]}\n\n{text.strip()[:30]}",
                    reason="set_far_in",
                    indent=indent_of(text),
                )
                continues = False
            if continues and ended and indent_of(text) > indent_of(last.text):
                # The list's own wrapped lines show its hanging indent: an item that ended
                # its sentence, then a line indented otherwise, is a paragraph's first line.
                hanging = {indent_of(ln.text) for ln in cur.lines if not list_item(ln.text)}
                if not hanging and heading_shape(text, p.max_heading_words):
                    # (no turned line shows it: the hanging indent is where the item's
                    # text begins, after its mark; a title set in by a space or two, as
                    # pypdf writes a heading's, is no turnover: "Soups and Broths")
                    hanging = {
                        len(m.group()) for ln in cur.lines if (m := ITEM_TEXT_RE.match(ln.text))
                    }
                if hanging and indent_of(text) not in hanging:
                    log.edit(
                        "list_end",
                        line.page,
                        f"{last.text.strip()[-30:]} / {text.strip()[:30]}",
                        f"{last.text.strip()[-30:]}\n\n{text.strip()[:30]}",
                        indent=indent_of(text),
                        list_wrap_indents=sorted(hanging),
                    )
                    continues = False
            if not continues and indent_of(text) <= indent_of(last.text):
                why_on = _item_runs_on(lines, i, cur.lines, code, typical, p, blank_paras)
                if why_on:
                    log.edit(
                        "list_item_continues",
                        line.page,
                        f"{last.text.strip()[-30:]}\n{text.strip()[:30]}",
                        f"{last.text.strip()[-30:]} {text.strip()[:30]}",
                        reason=why_on,
                    )
                    continues = True
            if continues:
                cur.lines.append(line)
                continue
            if not list_item(text):
                # (a judgement too: the line after the list is no part of its last item)
                log.edit(
                    "list_end",
                    line.page,
                    f"{last.text.strip()[-30:]} / {text.strip()[:30]}",
                    f"{last.text.strip()[-30:]}\n\n{text.strip()[:30]}",
                    reason="sentence_ended" if ended else "capital",
                    indent=indent_of(text),
                )
            bld.close(cur)
            cur = None
        if cur is None:
            cur = _Open("para", [line])
            continue
        last = cur.lines[-1]
        if (
            dialogue
            and SENTENCE_END_RE.search(last.text.rstrip())
            and (text.lstrip()[:1] in OPEN_QUOTES or last.text.rstrip()[-1:] in CLOSE_QUOTES)
        ):
            # Fiction: a speech opens its paragraph, and the text after a speech that ends
            # its line is another's.
            bld.close(cur)
            cur = _Open("para", [line])
            log.count("dialogue")
            continue
        if (
            play
            and SENTENCE_END_RE.search(last.text.rstrip())
            and (
                speaker_of(text) in play
                or (text.lstrip().startswith("(") and not _direction_in_speech(text, play))
            )
        ):
            # a speech, or a stage direction between speeches
            bld.close(cur)
            cur = _Open("para", [line])
            log.count("speech")
            continue
        if hang_flags[i] == HANG_ON:
            cur.lines.append(line)  # set in under its entry's first line: the entry goes on
            continue
        formula = last.page != line.page and all(display_math(ln.text) for ln in cur.lines)
        here = legal.get(last.page, typical) if last.page == line.page else typical
        if (
            last.page != line.page
            and last.page in display_pages
            and (text.lstrip()[:1].isupper() or text.lstrip()[:1].isdigit())
        ):
            bld.close(cur)  # a title page's last line: the next page's text is no part of it
            cur = _Open("para", [line])
            log.count("display_page_end")
            continue
        if line.page in display_pages and CREDIT_RE.match(text):
            bld.close(cur)  # a title page's credit: "illustrated by …", "translated by …"
            cur = _Open("para", [line])
            log.count("credit_line")
            continue
        if (
            line.page in display_pages
            and last.page == line.page
            and last.text.rstrip().endswith((",", ";"))
            and text.strip()[:1].islower()
        ):
            # a dedication's or an epigraph's lines, set one to a line on a page of their
            # own ("For Tam," / "who always waited up"): verse, not a wrapped paragraph
            if cur.kind != "verse":
                cur = _Open("verse", cur.lines)
            cur.lines.append(line)
            log.count("display_verse")
            continue
        why = _ends_paragraph(
            last,
            line,
            here,
            p,
            len(cur.lines) == 1,
            formula,
            functools.partial(_room_at, lines, code, at[id(last)]) if id(last) in at else None,
            one_space,
            gaps.get(round(2 * line.geom.size)) if line.geom else None,
            functools.partial(_local_measure, lines, code, at[id(last)])
            if last.geom is None and id(last) in at
            else None,
            joined_lines,
        )
        if (
            why == "one_line_indented"
            and id(last) in at
            and (
                _spaced_opening(lines, at[id(last)], gaps)
                or (
                    _set_narrower(lines, code, at[id(last)])
                    and last.geom is not None
                    and line.geom is not None
                    and abs(last.geom.x1 - line.geom.x1) <= 1.0
                    and abs(last.geom.x0 - line.geom.x0) <= 1.0
                )
            )
        ):
            # a block whose paragraphs stand apart by space (a sidebar set in whole): the
            # indent is the block's, no first line's; the other tests decide
            why = _ends_paragraph(
                last,
                line,
                typical,
                p,
                False,
                formula,
                functools.partial(_room_at, lines, code, at[id(last)]),
                one_space,
                gaps.get(round(2 * line.geom.size)) if line.geom else None,
                None,
                joined_lines,
            )
        if (
            hang_flags[i] == HANG_START
            and not why
            and not (HYPHEN_END_RE.search(last.text.rstrip()) and text.lstrip()[:1].islower())
        ):
            why = "hanging_entry"  # back at the outdented level: the next entry (not the
            # rest of a word hyphenated at the line end: "refrig-" / "erator for …")
        if (
            not why
            and last.page != line.page
            and HANGING_LABEL_RE.match(text)
            and SENTENCE_END_RE.search(last.text.rstrip())
            and indent_of(last.text) > indent_of(text)
        ):
            # a reference list's entry that opens the next page with its label ("[12] Tidal
            # …") after an entry's set-in last line that ended its sentence (a page of one
            # entry shows no hanging indents of its own)
            why = "hanging_entry"
        if (
            not why
            and id(last) in at
            and text.lstrip()[:1].islower()
            and not SENTENCE_END_RE.search(last.text.rstrip())
            and _roomy_run(lines, code, at[id(last)])
        ):
            why = "verse_room"  # lines of verse, each ended with room to spare (see there)
        if flat_starts[i] and not why:
            why = "flat_entry"  # a glossary's or a reference list's entry, indents lost
        if (
            not why
            and i + 1 < n
            and SENTENCE_END_RE.search(last.text.rstrip())
            and _heading_between(
                text,
                lines[i + 1].text,
                typical,
                p,
                bool(size and line.geom and line.geom.size >= 1.1 * size),
            )
        ):
            why = "heading"  # "… attend well or badly." / "Notes" / "1. Irmgard Seel …"
        if (
            not why
            and i + 1 < n
            and SENTENCE_END_RE.search(last.text.rstrip())
            and _list_lead(text, lines[i + 1].text, typical, p)
        ):
            why = "list_lead"  # "… that is true." / "Checklist: what happens at bedtime?"
        if why in {
            "next_word_fits",
            "one_line_indented",
            "formula",
            "proof_end",
            "display",
            "salutation",
            "paragraph_space",
            "attribution",
            "heading",
            "list_lead",
            "ranged_right",
        }:
            # The newer reasons go to the edit log with what they saw.
            a, b = last.text.rstrip(), text.strip()
            log.edit(
                "paragraph_end",
                line.page,
                f"{a.strip()[-30:]} / {b[:30]}",
                f"{a.strip()[-30:]}\n\n{b[:30]}",
                reason=why,
                line_length=len(a),
                next_word=b.split(None, 1)[0],
                full_line=typical,
                indent=indent_of(text),
                **(
                    {
                        "space": round(line.geom.top - last.geom.bottom, 2),
                        "usual_space": round(gaps[round(2 * line.geom.size)], 2),
                    }
                    if why == "paragraph_space"
                    else {}
                ),
            )
        if why:
            bld.close(cur)
            cur = _Open("para", [line])
        else:
            cur.lines.append(line)
    bld.close(cur)
    bld.flush_notes(None)
    for left in list(bld.anchored.values()):
        bld.emit_notes(left)  # (a column's last line inside no block: its notes go last)
    return replace(book, blocks=tuple(_drop_pull_quotes(bld.blocks, bld.large, log)))
