"""fix_unicode: mojibake, ligatures, control and invisible characters, NFC; curly quotes kept.

ftfy does the encoding repair; its defaults are changed where they are wrong for books
(``uncurl_quotes``, ``unescape_html`` and ``fix_character_width`` are off).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import ClassVar

import regex
from ftfy import TextFixerConfig, fix_and_explain

from pipeline.document import Book, Page
from pipeline.pdf import CID_RE
from pipeline.registry import StageLog, register
from stages.markup import strip_markdown

INVISIBLE = {"\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}
SPACES_RE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
SOFT_HYPHEN = "\u00ad"
ENCODING_FIXES = {
    "decode_inconsistent_utf8",
    "fix_c1_controls",
    "restore_byte_a0",
    "replace_lossy_sequences",
    "fix_surrogates",
}


@dataclass(frozen=True)
class UnicodeParams:
    fix_encoding: bool = True
    fix_ligatures: bool = True
    normalization: str = "NFC"
    markdown: bool = True
    DOCS: ClassVar[dict[str, str]] = {
        "fix_encoding": "repair mojibake (UTF-8 read as Windows-1252 and the like) with ftfy",
        "fix_ligatures": "expand ligature characters (ﬁ → fi)",
        "normalization": "Unicode normal form applied last (NFC, NFKC or none)",
        "markdown": "in text that shows itself to be Markdown (headings marked with #, "
        "emphasis, <sup>, table rules), take the marks off and keep the words",
    }

    def __post_init__(self) -> None:
        if self.normalization not in {"NFC", "NFKC", "none"}:
            raise ValueError("fix_unicode.normalization must be NFC, NFKC or none")


# A letter's code written with its two bytes swapped, as Ghostscript's txtwrite writes the
# letters of a ligature (U+FB01 "fi" as U+6600 U+6900): U+4100-U+5A00 and U+6100-U+7A00
# are CJK ideographs whose low byte is zero, the high byte an ASCII letter. Only a run of
# them beside a Latin letter is taken for one (Chinese text has its own neighbours).
SWAPPED = "[" + "".join(chr(b << 8) for b in (*range(0x41, 0x5B), *range(0x61, 0x7B))) + "]"
SWAPPED_RE = regex.compile(rf"(?<=\p{{Latin}}){SWAPPED}+|{SWAPPED}+(?=\p{{Latin}})")


def unswap_letters(text: str) -> str:
    """Letters whose code came out byte-swapped beside Latin ones, put right.

    >>> unswap_letters("the \u6600\u6900rst di\u6600\u6600erence"), unswap_letters("\u6600\u6900 \u4e2d\u6587")
    ('the first difference', '\u6600\u6900 \u4e2d\u6587')
    """
    return SWAPPED_RE.sub(lambda m: "".join(chr(ord(c) >> 8) for c in m.group()), text)


NOT_SIGN_END_RE = regex.compile(r"(?<=\p{L})¬[ \t]*$")
BREAK_MARK = "\ufffe"
BREAK_MARK_RE = regex.compile(r"(?<=\p{L})\ufffe")


def hyphen_breaks(text: str) -> list[str]:
    """A line cut at PDFium's line-end hyphen marks (U+FFFE after a letter), each piece but
    the last ending in a hyphen; a mark elsewhere goes.

    >>> hyphen_breaks("it con\ufffefuses the half\ufffeformed \ufffe")
    ['it con-', 'fuses the half-', 'formed ']
    """
    parts = BREAK_MARK_RE.split(text)
    return [t.replace(BREAK_MARK, "") + "-" for t in parts[:-1]] + [
        parts[-1].replace(BREAK_MARK, "")
    ]


def fix_line(text: str, p: UnicodeParams) -> tuple[str, list[str]]:
    """Fix one line; return the text and the names of the fixes applied.

    >>> fix_line("donâ€™t ﬁnd", UnicodeParams())
    ('don’t find', ['fix_encoding', 'fix_latin_ligatures'])
    >>> fix_line("“kept” ‘curly’ & x", UnicodeParams())[0]
    '“kept” ‘curly’ & x'
    >>> fix_line("exam\\u00adple a\\u00a0b", UnicodeParams())
    ('example a b', ['soft_hyphen', 'space'])
    >>> fix_line("in being unin¬", UnicodeParams())
    ('in being unin\xad', ['not_sign_hyphen'])
    """
    if text.isascii() and text.isprintable():
        return text, []
    cfg = TextFixerConfig(
        unescape_html=False,
        fix_encoding=p.fix_encoding,
        fix_latin_ligatures=p.fix_ligatures,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        normalization=None,
        explain=True,
    )
    fixed, steps = fix_and_explain(text, cfg)
    applied: list[str] = []
    for action, param in steps or []:
        is_encoding = action in {"encode", "decode", "transcode"} or param in ENCODING_FIXES
        name = "fix_encoding" if is_encoding else param
        if name not in applied:
            applied.append(name)
    if SWAPPED_RE.search(fixed):
        fixed = unswap_letters(fixed)
        applied.append("byte_swapped")
    # OCR engines (FineReader) write a line-end hyphen they judged a break as a not sign:
    # "unin¬" / "terested" is a soft hyphen.
    if NOT_SIGN_END_RE.search(fixed):
        fixed = NOT_SIGN_END_RE.sub(SOFT_HYPHEN, fixed)
        applied.append("not_sign_hyphen")
    # A soft hyphen inside a line is an invisible break opportunity: drop it. At the end of a
    # line it marks a break inside a word; rejoin_lines joins there without a hyphen.
    body, end = (fixed[:-1], fixed[-1]) if fixed.endswith(SOFT_HYPHEN) else (fixed, "")
    if SOFT_HYPHEN in body:
        body = body.replace(SOFT_HYPHEN, "")
        applied.append("soft_hyphen")
    fixed = body + end
    if any(ch in fixed for ch in INVISIBLE):
        fixed = "".join(INVISIBLE.get(ch, ch) for ch in fixed)
        applied.append("invisible")
    if SPACES_RE.search(fixed):
        fixed = SPACES_RE.sub(" ", fixed)
        applied.append("space")
    if p.normalization != "none":
        normal = unicodedata.normalize(p.normalization, fixed)
        if normal != fixed:
            fixed = normal
            applied.append("normalize")
    return fixed, applied


@register("fix_unicode", version=7, params=UnicodeParams)
def run(book: Book, p: UnicodeParams, log: StageLog) -> Book:
    """Repair mojibake, expand ligatures, drop invisible characters; keep curly quotes."""
    pages = []
    cids = 0
    for page in book.pages:
        lines = []
        for line in page.lines:
            fixed, applied = fix_line(line.text, p)
            cids += len(CID_RE.findall(fixed))
            if fixed != line.text:
                if "fix_encoding" in applied or "byte_swapped" in applied:
                    log.edit("mojibake", line.page, line.text, fixed, fixes=applied)
                else:
                    for name in applied:
                        log.count(name)
                line = replace(line, text=fixed)
            if BREAK_MARK in fixed:
                # PDFium's text marks a line-end hyphen with U+FFFE and joins the two lines:
                # the break is put back, and rejoin_lines decides the hyphen on evidence
                parts = hyphen_breaks(fixed)
                log.count("hyphen_break_mark", len(parts) - 1)
                lines.extend(replace(line, text=t) for t in parts)
                continue
            lines.append(line)
        pages.append(Page(page.number, tuple(lines), page.label))
    if p.markdown:
        pages, signs, marks = strip_markdown(pages)
        if signs:
            # (one judgement for the book: its text is Markdown; each mark taken off counted)
            first = pages[0].number if pages else 1
            log.edit("markdown_input", first, "Markdown", "plain text", **signs)
            for name, n in sorted(marks.items()):
                log.count(f"markdown_{name}", n)
    pages, bullets = _bullet_glyphs(pages, log)
    cids -= bullets
    if cids:
        log.count("unmapped_glyphs", cids)
    return replace(book, pages=tuple(pages)).with_counter("unmapped_glyphs", cids)


# (or a character of the Private Use Area: a Symbol or Wingdings font's bullet that a
# word processor's PDF maps there, U+F0B7)
CID_START_RE = regex.compile(r"^(\s*)(\(cid:\d+\)|[\uE000-\uF8FF])(?=\s+\S)")


def _bullet_glyphs(pages: list[Page], log: StageLog) -> tuple[list[Page], int]:
    """A glyph without text that starts two lines or more, each time before a space and
    text, is the book's bullet (``(cid:127) Never eat …``, U+F0B7 before ``Members …``): written
    as ``•``, logged. Returns the pages and how many unmapped glyphs were so written.

    >>> from pipeline.document import Line
    >>> pages = [Page(1, tuple(Line(chr(0xF0B7) + f" Item {k} of the list", 1) for k in range(2)))]
    >>> [ln.text for ln in _bullet_glyphs(pages, StageLog("x"))[0][0].lines]
    ['• Item 0 of the list', '• Item 1 of the list']
    """
    starts = Counter(
        m.group(2) for pg in pages for ln in pg.lines if (m := CID_START_RE.match(ln.text))
    )
    marks = {cid for cid, n in starts.items() if n >= 2}
    if not marks:
        return pages, 0
    out, done = [], 0
    for page in pages:
        lines = []
        for line in page.lines:
            m = CID_START_RE.match(line.text)
            if m and m.group(2) in marks:
                new = m.group(1) + "•" + line.text[m.end() :]
                log.edit("bullet_glyph", line.page, line.text[:40], new[:40], glyph=m.group(2))
                line = replace(line, text=new)
                done += m.group(2).startswith("(cid:")
            lines.append(line)
        out.append(Page(page.number, tuple(lines), page.label))
    return out, done
