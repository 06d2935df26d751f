"""Shapes shared by split_index and parse_index: what an index line looks like."""

from __future__ import annotations

import regex

# One locator: a page (26, 104–106, 104-6, 104--106 as ASCII or OCR writes the dash,
# 221n, 221n3, 75n.12, 45f., 45ff., 61 ff., 213t (a table), 88b (a box), 54–57 passim,
# xii, xii–xiv), a section number (3.2, 3.2.1, 3.3ff., 4.1–4.3; a range from or to a
# whole number, 4–4.71, 4.8–5; a note on one, 4.52n) or a numbered element (Box 3.1,
# Table 4, Fig. 2.3, fig. 5.6, Fig. 3-2, pl. 14, pls. 14–17, § 12, Annex B) or a map
# square (map B3, a gazetteer's), each perhaps with a qualifier in parentheses as
# printed (3.2.1 (Ex. 3.6), 45 (fig. 2), 3.2.4 (Warning)), or a chapter and verse (2:9,
# 2:9–11, 1:12–2:3) where an index locates by verse (a scripture's, a classic's: see
# parse_entry for their mixing with pages).
SECTION = r"\d{1,3}(?:\.\d{1,3}){1,3}"
VERSE = r"\d{1,3}:\d{1,3}(?:\s?[–—-]\s?\d{1,3}(?::\d{1,3})?)?(?:\s?f{1,2}\.?)?"
ELEMENT = (
    r"(?:Box|Table|Tab\.|Figure|[Ff]igs?\.|Plates?|[Pp]ls?\.|Map|Chart|Example|Exercise|Ex\.|§|¶)"
)
PAGE_LOC = (
    r"(?:\d{1,5}(?:\s?(?:--|[–—-])\s?\d{1,5})?(?:n(?:\.?\d+)?|nn|\s?f{1,2}\.?|[tb])?"
    rf"|(?:{SECTION}(?:\s?[–—-]\s?(?:{SECTION}|\d{{1,3}}))?|\d{{1,3}}\s?[–—-]\s?{SECTION})"
    r"(?:n(?:\.?\d+)?|nn|\s?f{1,2}\.?)?"
    rf"|{ELEMENT}\s?\d{{1,4}}(?:\.\d{{1,3}}){{0,3}}(?:[–-]\d{{1,3}})?[a-z]?"
    r"|(?:Annex|Appendix|App\.)\s(?:\p{Lu}|\d{1,3})\b"
    r"|(?:[Mm]ap|MAP)\s\p{Lu}{1,2}\d{1,2}\b"
    r"|[ivxlcdm]{1,7}(?:[–—-][ivxlcdm]{1,7})?(?:n\d*)?)(?:\s+passim)?"
    rf"(?:\s\(\p{{L}}{{1,10}}\.?(?:\s?\d{{1,4}}(?:\.\d{{1,3}}){{0,3}})?\))?"
)
ROMAN_LOC = r"[ivxlcdm]{1,7}(?:[–—-][ivxlcdm]{1,7})?"
LOC = rf"(?:{VERSE}(?:\s+passim)?|{PAGE_LOC})"
LOC_RE = regex.compile(rf"{LOC}")
LOC_FULL_RE = regex.compile(rf"^{LOC}$")
# (a run of locators is by page or by chapter and verse, front-matter pages with either:
# ``1:2, 52`` is a verse and its page, no run of locators)
VERSE_LOCS = rf"(?:{VERSE}|{ROMAN_LOC})(?:\s+passim)?"
LOCS_ONLY_RE = regex.compile(
    rf"^\s*(?:{PAGE_LOC}(?:\s*,\s*{PAGE_LOC})*|{VERSE_LOCS}(?:\s*,\s*{VERSE_LOCS})*)\s*[.,]?\s*$"
)
DOT_LEADER_RE = regex.compile(r"\s*(?:\.\s?){2,}\s*(?=\d|[ivxlcdm]+\b)")

# A page number alone on its line (``77``, ``- xii -``, ``Page 4``, ``I-1``)
FOLIO_LINE_RE = regex.compile(
    r"^[\s\-–—−·•|]*(?:[Pp]age\s+)?(?:\d{1,4}|[ivxlcdm]{1,7}|\p{Lu}{1,2}[-–]\d{1,4})[\s\-–—−·•|]*$"
)
INDEX_HEADING_RE = regex.compile(
    r"(?i)^\s*(?:(?:general|subject|author|name|names|concept|function|command|program|topic|"
    r"keyword|symbol|class|method|variable|api|person|place)s?\s+)?index(?:\s+of\s+[\p{L} ]{2,30})?\s*$"
)
# An index's title that names a second part with it (``Gazetteer and Index``, ``Index and
# Glossary``, ``INDEX AND GLOSSARY``): the other word capitalised, as titles are.
PAIRED_INDEX_TITLE_RE = regex.compile(
    r"^\s*(?:\p{Lu}[\p{L}’'-]+\s+(?:and|AND|&)\s+(?:Index|INDEX)"
    r"|(?:Index|INDEX)\s+(?:and|AND|&)\s+\p{Lu}[\p{L}’'-]+)\s*$"
)


def is_index_title(text: str) -> bool:
    """An index heading (``Index``, ``Subject Index``), also one paired with another part.

    >>> [is_index_title(t) for t in ["Index", "Gazetteer and Index", "INDEX AND GLOSSARY",
    ...  "Glossary & Index", "Index and Concordance"]]
    [True, True, True, True, True]
    >>> [is_index_title(t) for t in ["salt and index", "Bread and Index, 4", "Mixing and Baking",
    ...  "Index and the rest", "Wheat and Barley Index"]]
    [False, False, False, False, False]
    """
    return bool(INDEX_HEADING_RE.match(text) or PAIRED_INDEX_TITLE_RE.match(text))


# Body text glued to the index heading: "…when you need it.Index"
# An index heading with the first line of the index's other column beside it, a wide gap
# between (pdfplumber's layout text: ``Index                  transects, 2``)
BESIDE_HEADING_RE = regex.compile(
    r"^(?P<lead>\s*)(?P<head>Index|INDEX)(?P<gap>\s{3,})(?P<entry>\S.*)$"
)
GLUED_HEADING_RE = regex.compile(r"^(?P<body>.*\S[.!?…:’”\"')\]])\s*(?P<head>Index|INDEX)\s*$")
LETTER_GROUP_RE = regex.compile(
    r"^\s*(?:\p{Lu}|\p{Lu}\s?[–—-]\s?\p{Lu}|symbols|numbers|numerals|numerics|digits|"
    r"numbers\s+and\s+symbols|symbols\s+and\s+numbers|non-alphabetic)\s*$",
    regex.I,
)
BACK_MATTER_RE = regex.compile(
    r"(?i)^\s*(?:bibliography|references|works\s+cited|further\s+reading|colophon|"
    r"about\s+(?:the|this)\s+\p{L}+|a\s+note\s+on\s+the\s+\p{L}+|appendix(?:\s+\p{L}|\s+\d+)?|glossary|acknowledge?ments|"
    r"afterword|endnotes|notes|credits|permissions)\s*$"
)
# An entry that ends in locators, possibly after a see-reference; or a see-reference entry.
ENTRY_RE = regex.compile(
    rf"^\s*\S.{{0,150}}?(?:,|\s)\s*{LOC}(?:\s*,\s*{LOC})*\s*[.;,]?(?:\s*\(?see also .*)?$"
)
SEE_ENTRY_RE = regex.compile(r"(?i)^\s*\S.{0,150}?[,.;]?\s*\(?\bsee\b(?:\s+also)?\s+\S.*$")


def is_entry_line(text: str) -> bool:
    """Does *text* look like an index entry with locators or a cross-reference?

    >>> [is_entry_line(t) for t in ["lists, 12, 40–44", "+=, 23", "data . . . . 26",
    ...  "sorting, see ordering", "It was a good year.", "Spacing Repair"]]
    [True, True, True, True, False, False]
    """
    t = DOT_LEADER_RE.sub(", ", text)
    return bool(ENTRY_RE.match(t) or SEE_ENTRY_RE.match(t) or LOCS_ONLY_RE.match(t))


def is_head_term(text: str) -> bool:
    """A short line without locators or a sentence end: a head term (or a letter group).

    >>> is_head_term("{} (braces)"), is_head_term("This is a sentence, really."), is_head_term("A")
    (True, False, True)
    """
    s = text.strip()
    if not s or len(s) > 60 or len(s.split()) > 7:
        return False
    return not s.endswith((".", "?", "!", ":")) or s.endswith(("..", "etc."))


def index_likeness(texts: list[str]) -> float:
    """Share of non-blank lines that look like index lines (entries count double)."""
    lines = [t for t in texts if t.strip()]
    if not lines:
        return 0.0
    score = 0.0
    entries = 0
    for t in lines:
        if LOCS_ONLY_RE.match(t):
            score += 0.6  # a wrapped entry's locators: index-like, but no entry of its own
        elif is_entry_line(t):
            score += 1
            entries += 1
        elif LETTER_GROUP_RE.match(t) or is_head_term(t):
            score += 0.6
    return score / len(lines) if entries >= 3 else 0.0
