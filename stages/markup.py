"""Markdown marks in text an extractor wrote as Markdown (pymupdf4llm, markitdown, marker):
the book's words kept, the marks around them taken off, so that the later stages see the
text as a plain export gives it (``## **Index**`` is the index's heading, ``_The Almanac_``
a running head, ``<sup>2</sup>`` a note's call).

Only text that shows itself to be Markdown is touched (`is_markdown`): headings marked
with ``#`` standing apart between blank lines, with emphasis, raised numbers or a table's
rule row beside them. A ``#`` line inside a block of lines (a comment in code) keeps its
mark; so do ``*`` and ``_`` that wrap nothing (``**kwargs``, ``snake_case``).
"""

from __future__ import annotations

from collections import Counter

import regex

from pipeline.document import Line, Page

HEADING_RE = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(?P<text>\S.*?)(?:[ \t]+#+)?[ \t]*$")
STRONG_RE = regex.compile(r"(?<![\w*])\*\*(?=\S)(?P<t>[^*\n]+?)(?<=\S)\*\*(?![\w*])")
STRONG_US_RE = regex.compile(r"(?<![\w_])__(?=\S)(?P<t>[^_\n]+?)(?<=\S)__(?![\w_])")
EMPH_RE = regex.compile(r"(?<![\w*])\*(?=[^\s*])(?P<t>[^*\n]+?)(?<=[^\s*])\*(?![\w*])")
EMPH_US_RE = regex.compile(r"(?<![\w_])_(?=[^\s_])(?P<t>[^_\n]+?)(?<=[^\s_])_(?![\w_])")
RAISED_RE = regex.compile(r"<(?P<tag>sup|sub)>(?P<t>[^<>\n]{1,12})</(?P=tag)>", regex.I)
QUOTE_RE = regex.compile(r"^ {0,3}> ?")
RULE_ROW_RE = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
TABLE_ROW_RE = regex.compile(r"^\s*\|.*\|\s*$")
ESCAPE_RE = regex.compile(r"\\(?P<c>[\\`*_{}\[\]()#+\-.!|>])")


def _apart(texts: list[str], i: int) -> bool:
    """Does line *i* stand between blank lines (or the text's edges)?"""
    before = i == 0 or not texts[i - 1].strip()
    after = i == len(texts) - 1 or not texts[i + 1].strip()
    return before and after


def is_markdown(texts: list[str]) -> dict[str, int] | None:
    """The signs that *texts* is Markdown, or None: two headings marked with ``#`` that
    stand apart at least, and besides them emphasis, raised numbers or a table's rule row
    (or four such headings).

    >>> md = ["# The Almanac", "", "## **1 The Year**", "", "Text with a call<sup>1</sup>.", ""]
    >>> is_markdown(md)
    {'headings': 2, 'emphasis': 1, 'raised': 1, 'rule_rows': 0}
    >>> is_markdown(["    # set up the log", "    log = setup()", "", "# Notes", "", "Text."]) is None
    True
    """
    signs = {
        "headings": sum(1 for i, t in enumerate(texts) if HEADING_RE.match(t) and _apart(texts, i)),
        "emphasis": sum(1 for t in texts if STRONG_RE.search(t) or STRONG_US_RE.search(t)),
        "raised": sum(1 for t in texts if RAISED_RE.search(t)),
        "rule_rows": sum(1 for t in texts if RULE_ROW_RE.match(t)),
    }
    others = signs["emphasis"] + signs["raised"] + signs["rule_rows"]
    if signs["headings"] < 2 or (others < 1 and signs["headings"] < 4):
        return None
    return signs


def plain_line(text: str, heading_ok: bool) -> tuple[str, list[str]]:
    """*text* without its Markdown marks, and the names of the marks taken off.

    >>> plain_line("## **2 Grafting** ", True)
    ('2 Grafting', ['heading', 'strong'])
    >>> plain_line("> 1Membership costs _five_ pounds, see<sup>2</sup>.", False)
    ('1Membership costs five pounds, see2.', ['quote', 'raised', 'emphasis'])
    >>> plain_line("| Variety | Use |", False)
    ('Variety   Use', ['table_row'])
    >>> plain_line("call f(*args, **kwargs) on snake_case_names", False)
    ('call f(*args, **kwargs) on snake_case_names', [])
    """
    marks: list[str] = []
    out = text.rstrip()
    m = HEADING_RE.match(out)
    if m and heading_ok:
        out, marks = m["text"], ["heading"]
    if QUOTE_RE.match(out):
        out, marks = QUOTE_RE.sub("", out, count=1), [*marks, "quote"]
    if TABLE_ROW_RE.match(out) and not RULE_ROW_RE.match(out):
        cells = [c.strip() for c in out.strip().strip("|").split("|")]
        out, marks = "   ".join(c for c in cells if c), [*marks, "table_row"]
    for name, pattern in (
        ("raised", RAISED_RE),
        ("strong", STRONG_RE),
        ("strong", STRONG_US_RE),
        ("emphasis", EMPH_RE),
        ("emphasis", EMPH_US_RE),
    ):
        new = pattern.sub(lambda mm: mm["t"], out)
        if new != out:
            out = new
            if name not in marks:
                marks.append(name)
    new = ESCAPE_RE.sub(lambda mm: mm["c"], out)
    if new != out:
        out, marks = new, [*marks, "escape"]
    return out, marks


def strip_markdown(pages: list[Page]) -> tuple[list[Page], dict[str, int], Counter[str]]:
    """The pages of a Markdown text as plain text (a table's rule rows left out), the signs
    that it is Markdown (empty when it is not, or when it has PDF geometry: the pages come
    back as they were), and how many marks of each kind were taken off."""
    texts = [ln.text for pg in pages for ln in pg.lines]
    if any(ln.geom for pg in pages for ln in pg.lines):
        return pages, {}, Counter()
    signs = is_markdown(texts)
    done: Counter[str] = Counter()
    if signs is None:
        return pages, {}, done
    out: list[Page] = []
    for page in pages:
        ts = [ln.text for ln in page.lines]
        lines: list[Line] = []
        for i, line in enumerate(page.lines):
            if RULE_ROW_RE.match(line.text):
                done["rule_row"] += 1
                continue
            text, marks = plain_line(line.text, _apart(ts, i))
            done.update(marks)
            lines.append(Line(text, line.page, line.geom) if marks else line)
        out.append(Page(page.number, tuple(lines), page.label))
    return out, signs, done
