"""Line and token shapes shared by the text stages: code, lists, protected tokens."""

from __future__ import annotations

import statistics
from collections import Counter
from functools import lru_cache

import regex

from pipeline.document import Line

# Line starts that are code on their own: each needs the syntax around the keyword, so that
# prose such as "let it settle", "return to the harbour" or "import duties" stays prose.
CODE_START_RE = regex.compile(
    r"^\s*(?:def \w+\(|class \w+\s*[(:{]|import [\w.]+(?:\s+as\s+\w+)?\s*;?$|from [\w.]+ import |"
    r"elif\b.*:$|else\s*:$|try\s*:$|except\b.*:$|finally\s*:$|"
    r"(?:for|while|if|switch)\s*\(|#include|#!|//|/\*|\*/|>>> |\$ \S|"
    r"(?:public|private|protected|static)\s+[\w<>\[\]]+\s+\w+\s*[({=;]|"
    r"function\s*\w*\s*\(|(?:var|let|const)\s+\w+\s*[=:;]|fn \w+\s*[(<]|func\s*(?:\(.*?\)\s*)?\w*\s*\(|"
    r"package [\w.]+;?$|return\b[^.!?]*;$|"
    r"(?:export\s+)?(?:type|interface|enum|struct|trait)\s+\w+(?:<[^<>]*>)?\s*(?:=\s*\S|\{)|"
    r"(?:SELECT|INSERT|UPDATE|DELETE|CREATE)\s+[\w*(]|@\w+(?:\(.*\))?\s*$)"
)
CODE_END_RE = regex.compile(r"(?r)(?:[;{}]|\):|\) \{|=>|->)\s*$")
_CODE_END_LAST = frozenset(";{}:>")  # the characters a CODE_END_RE match can end with
# (Each alternative starts at its punctuation, with the word character before it as a
# lookbehind: a search then skips letters fast.)
CODE_INSIDE_RE = regex.compile(
    r"==|!=|<=|>=|:=|\+=|-=|\|\||&&|::|(?<=\w)\(\)|(?<=\w)\.\w+\(|\[\d*\]|(?<=\w)_(?=\w)"
)
CODE_CHARS_RE = regex.compile(r"[=;{}()\[\]<>#$/\\@*+%|&:_~`^]|(?<=\w)\.(?=\w)")
COLUMNS_RE = regex.compile(r"\S {2,}\S")
WIDE_COLUMNS_RE = regex.compile(r"\S {4,}\S")
# the marks that bullet a list's items (IEEEtran's ∙ and Word's arrows among them)
BULLETS = "•◦▪▫‣⁃●○■□∙⦁►➢➤"
LIST_ITEM_RE = regex.compile(
    rf"^\s*(?:[{BULLETS}–—*·-]\s+|"
    r"\(?\d{1,3}[.)]\s+|\(?[a-z]\)\s+|\(?[a-z]\.\s+(?!\d)|"
    r"\([ivx]{1,5}\)\s+)\S"  # ("p. 112." and "c. 1860" are references, no items)
)
# An item numbered by its section, with a stop after the number ("2.11. Show that", exercises
# and numbered paragraphs); "2.3 Methods" (no stop) is a heading, "2.5 is" prose.
NUMBERED_ITEM_RE = regex.compile(r"^\s*\d{1,3}(?:\.\d{1,3}){1,3}\.\s+\S")
# Tokens that spacing must never touch: URLs, e-mail, paths, identifiers, versions, numbers.
PROTECTED_TOKEN_RE = regex.compile(
    r"(?:[a-z][a-z0-9+.-]*://\S+|\S+@\S+\.\S+|www\.\S+|\S*[/\\]\S*|\S*_\S*|"
    r"\S*\d\S*|\S*\p{Ll}\p{Lu}\S*|\S+\.\S+\.\S+|\S*[(){}\[\]<>=#$%^&*|~`]\S*)"
)
_CURLY_QUOTES = frozenset("‘’“”")
BRACKETS_RE = regex.compile(r"[=(){};\[\]]")
ASSIGN_RE = regex.compile(r"^\w+(?:\.\w+)*\s*=\s*\S")
CALL_RE = regex.compile(r"^[\w.]+\((?:[^()]|\([^()]*\))*\)\s*;?$")
# an assignment from a call or a literal: "f = open(\"inventory.txt\")", "n = 1 << 20"
ASSIGN_VALUE_RE = regex.compile(r"^\w+(?:\.\w+)*\s*=\s*(?:[\w.]+\(.*\)|[\"'\[{\d-])")
# a block opened in Python's way, with the syntax around the keyword
PY_BLOCK_RE = regex.compile(
    r"^\s*(?:with\s+[^:]*[(.=][^:]*\bas\s+\w+|for\s+\w+(?:,\s*\w+)*\s+in\s+[\w.()\[\]]+|"
    r"(?:if|elif|while)\s+\S.*[=<>()\[\].]\S*)\s*:$"
)
CLOSING_RE = regex.compile(r"[}\])]+[;,)]*")
OPEN_BLOCK_RE = regex.compile(r"\)\s*[\w.*\[\]]*\s*\{$")


# The titles of a book's front and back matter, which a book prints once as headings
# (as running heads, they repeat over the part's pages)
# A table of contents' heading
CONTENTS_HEAD_RE = regex.compile(r"(?i)^\s*(?:table\s+of\s+)?contents\s*$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date alone on its line, a diary's or a log's dateline: "Thursday, 14th June.",
# "14 June 1894", "June 14th, 1894", "Monday 3 March" (a month and a day at least)
DATE_LINE_RE = regex.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?:The\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+{_DAY})"
    r"(?:,?\s+\d{4})?[.:]?$"
)

PART_TITLE_RE = regex.compile(
    r"(?i)^\s*(?:about the (?:author|authors|contributors)|acknowledge?ments|afterword"
    r"|bibliography|epilogue|foreword|further reading|glossary|introduction|notes"
    r"|preface|prologue|references|select bibliography|sources|index)\s*$"
)


def indent_of(text: str) -> int:
    """Leading spaces (tabs count as 4).

    >>> indent_of("\\t  x")
    6
    """
    n = 0
    for ch in text:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4
        else:
            break
    return n


@lru_cache(maxsize=1 << 16)
def code_score(text: str) -> int:
    """How code-like one line is: 0 for prose, 2 or more for clear code.

    >>> [code_score(t) >= 2 for t in ["    total = add(a, b);", "def main():", "It was late.",
    ...  'type Invoice = { kind: "invoice"; total: number };', "type A = B | C;",
    ...  "type of soil = clay in most of the county.", "The type Invoice is common."]]
    [True, True, False, True, True, False, False]
    >>> [code_score(t) >= 2 for t in ["    egg’; ‘Ask him if I go too’;", "    s = ‘x’;",
    ...  "    use them to close the gaps;", "    total += n;", "    free(buf);"]]
    [False, True, False, True, True]
    >>> [code_score(t) >= 2 for t in ['f = open("inventory.txt")', 'print(len(data), "characters")',
    ...  'with open(path, encoding="utf-8") as f:', "for line in f:",
    ...  "with the three parts as follows:", "if the ground is wet:", "Smith (2004) and Jones (2007)"]]
    [True, True, True, True, False, False, False]
    """
    s = text.strip()
    if not s:
        return 0
    if not CODE_CHARS_RE.search(s) and not CODE_START_RE.match(text):
        return 0  # no code punctuation and no code keyword: prose (the fast path)
    score = 0
    if CODE_START_RE.match(text):
        score += 2
    # A match of CODE_END_RE ends at the last character of s (s is stripped, and every
    # character its \s takes is one strip removes): one of these, else the reverse search
    # over the whole line (the costliest test here) cannot match.
    if s[-1] in _CODE_END_LAST and CODE_END_RE.search(s):
        score += 1
    if CODE_INSIDE_RE.search(s):
        score += 1
    if indent_of(text) >= 4 and BRACKETS_RE.search(s[:-1] if s[-1] == ";" else s):
        score += 1  # (a closing ";" counts once, above: "    use them to close the gaps;")
    if ASSIGN_RE.match(s) and not s.endswith((".", "?", "!")):
        score += 1
    if CALL_RE.match(s):
        score += 1  # a call statement: name(args)
        if "(" in s[s.index("(") + 1 :] or '"' in s or "'" in s:
            score += 1  # (with a call or a string inside: print(len(data), "chars"))
    if ASSIGN_VALUE_RE.match(s) and not s.endswith((".", "?", "!")):
        score += 1
    if PY_BLOCK_RE.match(s):
        score += 2
    if s.startswith("# ") and CODE_INSIDE_RE.search(s):
        score += 1  # a comment that names code: "# closed here, even if read() failed"
    if CLOSING_RE.fullmatch(s):
        score += 2  # a closing brace on its own line
    if OPEN_BLOCK_RE.search(s):
        score += 1  # a signature or condition opening a block: ") Type {"
    if score and not CODE_START_RE.match(text) and not _CURLY_QUOTES.isdisjoint(s):
        score -= 1  # typographic quotes are prose's (‘Ask him if I go too’;): code quotes straight
    return score


def is_code_line(line: Line, typewritten: bool = False) -> bool:
    """Code: a PDF line in a monospace font; a text line that scores 2 or more; a PDF line
    in a proportional font only when it scores 3 or more (a PDF names its fonts, and a
    listing is nearly always set in a monospace one: ``where the lanterns string the
    pier;`` in a song is no SQL). In a *typewritten* book (all of it monospace: a
    screenplay, a typescript) the font tells nothing."""
    if line.geom is not None:
        return (line.geom.mono and not typewritten) or code_score(line.text) >= 3
    return code_score(line.text) >= 2


def typewritten(lines: list[Line]) -> bool:
    """Is a PDF book set in a monospace font throughout (four lines in five, twenty at
    least): a screenplay or a typescript, whose prose is no code?

    >>> from pipeline.document import Geom
    >>> mono = [Line("INT. KITCHEN - NIGHT", 1, Geom(0, 0, 9, 9, 12, True))] * 20
    >>> typewritten(mono), typewritten(mono[:5] + [Line("x", 1, Geom(0, 0, 9, 9, 12))] * 20)
    (True, False)
    """
    set_ = [ln.geom.mono for ln in lines if ln.geom is not None and ln.text.strip()]
    return len(set_) >= 20 and 5 * sum(set_) >= 4 * len(set_)


def is_list_item(text: str) -> bool:
    """
    >>> is_list_item("• first"), is_list_item("2. second"), is_list_item("2.5 is a number")
    (True, True, False)
    >>> is_list_item("b. the second"), is_list_item("   p. 112."), is_list_item("(b) 12 kg")
    (True, False, True)
    """
    return bool(LIST_ITEM_RE.match(text))


def is_numbered_item(text: str) -> bool:
    """A list item numbered by section (``2.11. Show that``), which is_list_item leaves out
    (its other callers take ``2.`` items only).

    >>> is_numbered_item("2.11. Show that"), is_numbered_item("2.3 Methods"), is_numbered_item("2.5 is")
    (True, False, False)
    """
    return bool(NUMBERED_ITEM_RE.match(text))


def prose_indent(lines: list[Line], code: list[bool]) -> int | None:
    """The indentation of prose: the most common one among the non-blank lines that are not
    *code*, weighted by text length (a clean body has one long line per paragraph and many
    short code lines); None without such lines.

    >>> prose_indent([Line("a long line of prose", 1), Line("    x = 1", 1)], [False, True])
    0
    """
    indents: Counter[int] = Counter()
    for ln, flag in zip(lines, code, strict=True):
        if ln.text.strip() and not flag:
            indents[indent_of(ln.text)] += len(ln.text)
    return indents.most_common(1)[0][0] if indents else None


def _margin(lines: list[Line]) -> int:
    """The indentation every non-blank line of text input has (a page margin kept by a
    layout-preserving export), or 0.

    >>> _margin([Line("      a", 1), Line("", 1), Line("        b", 1)]), _margin([Line("a", 1)])
    (6, 0)
    """
    indents = [indent_of(ln.text) for ln in lines if ln.text.strip() and ln.geom is None]
    return min(indents) if indents else 0


def _column_gaps(lines: list[Line], flags: list[bool]) -> regex.Pattern:
    """The gap that sets columns apart: two spaces, or four where a fifth of the prose
    lines hold two (a justified layout export pads its prose with them)."""
    prose = [
        ln.text.strip() for ln, f in zip(lines, flags, strict=True) if ln.text.strip() and not f
    ]
    padded = sum(1 for t in prose if COLUMNS_RE.search(t)) >= 0.2 * max(1, len(prose))
    return WIDE_COLUMNS_RE if padded else COLUMNS_RE


def _squashed_indents(lines: list[Line], flags: list[bool], base: int) -> bool:
    """Has the export cut every indent of its listings to one space (PDFium's text does):
    three code lines or more set in by one space, none by more, and fewer lines set in by
    one space after a line of prose set flush (a text that marks its paragraphs so) than
    code lines set in by one space.

    >>> ls = [Line(t, 1) for t in ["def merge(*layers):", " result = {}", " for x in layers:",
    ...     " result.update(x)", " return result", "The function returns a dictionary."]]
    >>> _squashed_indents(ls, [True, True, True, True, False, False], 0)
    True
    >>> paras = [Line(t, 1) for t in ["x = f(1)", " y = g(2)", " z = h(3)", " w = k(4)",
    ...     "a paragraph's last line.", " A new paragraph", "goes on.", " Another one."]]
    >>> _squashed_indents(paras, [True] * 4 + [False] * 4, 0)
    True
    >>> _squashed_indents(paras + paras[4:] * 3, [True] * 4 + [False] * 16, 0)
    False
    """
    code_in = 0
    for line, flag in zip(lines, flags, strict=True):
        if flag and line.geom is None and line.text.strip():
            k = indent_of(line.text) - base
            if k >= 2:
                return False
            code_in += k == 1
    if code_in < 3:
        return False  # (most texts: decided from their few code lines alone)
    code_in = prose_in = 0
    prev: tuple[int, bool] | None = None  # the last line with text: its indent, whether code
    for line, flag in zip(lines, flags, strict=True):
        t = line.text
        if not t.strip() or line.geom is not None:
            continue
        k = indent_of(t) - base
        if flag and k >= 2:
            return False
        if k == 1:
            if flag:
                code_in += 1
            elif prev is not None and prev == (0, False):
                prose_in += 1  # set in by one space after a line of prose set flush
        prev = (min(k, 1), flag)
    return code_in >= 3 and prose_in < code_in


PROMPT_RE = regex.compile(r"^(\s*)(?:\$|>>>|PS>|C:\\>) \S")


def code_line_flags(lines: list[Line]) -> list[bool]:
    """Which lines belong to code or other verbatim blocks.

    Code-shaped lines (or monospace ones) seed a block; the block grows over the lines next
    to it that are indented past the body text (a listing's plain lines), and over blank
    lines inside it. A blank-separated group of indented lines is verbatim too when any of
    its lines is code-like or half of them are laid out in columns; indented prose (a
    block quote, a boxed example under its label) is not, nor are indented lines of a
    PDF set in a proportional font (an epigraph, a quotation).
    """
    # Scored from the text's own left margin: a layout-preserving export sets every line
    # in by the page margin, which is no code indentation.
    margin = _margin(lines)
    typed = typewritten(lines)
    flags = [
        is_code_line(line if not margin else Line(line.text[margin:], line.page, line.geom), typed)
        for line in lines
    ]
    n = len(lines)
    base = prose_indent(lines, flags) or 0
    step = 1 if _squashed_indents(lines, flags, base) else 4

    def indented(j: int) -> bool:
        # (a PDF line set in a proportional font is no listing's line however far in)
        t, g = lines[j].text, lines[j].geom
        return (
            bool(t.strip())
            and indent_of(t) >= base + step
            and (g is None or (g.mono and not typed))
        )

    def beside(j: int, k: int) -> bool:
        # a line set in as far as the code line *k* next to it, with a sign of code of its
        # own, short and no sentence: a listing set in by less than the usual step
        # (``  [notebook]``, ``  # quill.toml``)
        t = lines[j].text
        return (
            bool(t.strip())
            and indent_of(t) == indent_of(lines[k].text) > base
            and (lines[j].geom is None or lines[j].geom.mono)
            and CODE_CHARS_RE.search(t) is not None
            and len(t.split()) <= 6
            and t.rstrip()[-1] not in ".!?"
        )

    # Grow each block over adjacent indented lines (forwards, then backwards). A command
    # typed at a prompt is followed by its output, set at the command's indent. Backwards,
    # a line set deeper than the block's first line is no listing's (a numbered step's
    # turnover before the command it introduces).
    for i in range(n):
        if flags[i] and i + 1 < n and not flags[i + 1]:
            j = i + 1
            prompt = PROMPT_RE.match(lines[i].text)
            if prompt and prompt.end(1) <= base:
                prompt = None  # (set flush with the prose: its output cannot be told)
            while j < n and (
                indented(j)
                or flags[j]
                or beside(j, j - 1)
                or (prompt and lines[j].text.strip() and indent_of(lines[j].text) == prompt.end(1))
            ):
                flags[j] = True
                j += 1
    for i in range(n - 1, -1, -1):
        if flags[i] and i > 0 and not flags[i - 1]:
            j = i - 1
            while j >= 0 and (
                (indented(j) and indent_of(lines[j].text) <= indent_of(lines[i].text))
                or flags[j]
                or beside(j, j + 1)
            ):
                flags[j] = True
                j -= 1
    # Blank lines between two code lines belong to the block.
    last_code = -1
    for i in range(n):
        if flags[i]:
            gap = range(last_code + 1, i)
            if (
                last_code >= 0
                and 1 < i - last_code <= 4
                and all(not lines[k].text.strip() for k in gap)
            ):
                for k in gap:
                    flags[k] = True
            last_code = i
    # Blank-separated groups of indented lines: verbatim when code-like or columnar. In a
    # justified layout export the prose is padded with double spaces too: columns are set
    # wider apart than that.
    columns: regex.Pattern | None = None  # decided at the first such group (most have none)
    i = 0
    while i < n:
        if indented(i) and not flags[i] and (i == 0 or not lines[i - 1].text.strip()):
            j = i
            while j < n and indented(j):
                j += 1
            if j == n or not lines[j].text.strip():
                group = [lines[k].text for k in range(i, j)]
                if columns is None:
                    columns = _column_gaps(lines, flags)
                laid_out = sum(1 for t in group if columns.search(t.strip()))
                # (columns in half its lines: one label set apart from its title over a
                # box's prose, "Example 3.1      Spreading the visits", is no table)
                # (code in a third of its lines, or plainly so in one: a worked example's
                # line with a sum in it, ``18 000 ÷ 3``, among sentences is no listing)
                scores = [code_score(t) for t in group]
                coded = sum(1 for sc in scores if sc >= 1)
                if (
                    3 * coded >= len(group)
                    or max(scores, default=0) >= 2
                    or 2 * laid_out >= len(group)
                ):
                    for k in range(i, j):
                        flags[k] = True
            i = max(j, i + 1)
        else:
            i += 1
    return flags


def body_size(lines: list[Line]) -> float | None:
    """The font size most of a PDF book's text lines are set in (None for plain text).

    >>> from pipeline.document import Geom
    >>> body_size([Line("a", 1, Geom(0, 0, 1, 1, 11.4)), Line("b", 1, Geom(0, 0, 1, 1, 11.4)),
    ...            Line("c", 1, Geom(0, 0, 1, 1, 26.0)), Line("d", 1)])
    11.4
    """
    sizes = [round(ln.geom.size, 1) for ln in lines if ln.geom is not None and ln.text.strip()]
    return statistics.mode(sizes) if sizes else None
