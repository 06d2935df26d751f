"""The no-silent-loss check: every letter and digit that went into the text stages comes out
in body.txt or index.txt, or is named by an edit that removed it (furniture, index headings,
letter groups, notes).

Counted after fix_unicode (which may legitimately change letters: mojibake, ligatures) and
case-folded (the index writes ``see`` where a book may print ``See``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

from pipeline.document import Book, Edit

NON_ALNUM_RE = regex.compile(r"[^\p{L}\p{N}]+")
REMOVING_RULES = {
    "folio",
    "running_head",
    "running_foot",
    "index_heading",
    "letter_group",
    "index_note",
    "pull_quote",  # (its words stay where the book prints them in full)
    "tagged_artifact",  # (a head or folio a tagged PDF marks as /Artifact)
}


def alnum(text: str) -> Counter[str]:
    """Letters and digits of *text*, case-folded.

    >>> sorted(alnum("Ab, 1b").items())
    [('1', 1), ('a', 1), ('b', 2)]
    """
    return Counter(NON_ALNUM_RE.sub("", text.casefold()))


def book_alnum(book: Book) -> Counter[str]:
    text = "\n".join(line.text for line in book.body_lines())
    return alnum(text) + alnum("\n".join(line.text for line in book.index_lines))


def check(baseline: Counter[str], body: str, index_text: str, edits: Iterable[Edit]) -> dict:
    """Compare; return {"ok", "lost", "gained", "removed_by_edits"} with lost/gained samples."""
    removed: Counter[str] = Counter()
    for e in edits:
        if e.rule in REMOVING_RULES:
            removed.update(alnum(e.before))
    out = alnum(body) + alnum(index_text)
    expected = baseline - removed
    lost = expected - out
    gained = out - expected
    return {
        "ok": not lost and not gained,
        "lost": sum(lost.values()),
        "gained": sum(gained.values()),
        "removed_by_edits": sum(removed.values()),
        "lost_sample": "".join(sorted(lost.elements()))[:40],
        "gained_sample": "".join(sorted(gained.elements()))[:40],
    }
