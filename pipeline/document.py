"""The document model that passes through every stage.

All classes are frozen dataclasses with tuples, so a Book compares and hashes cleanly and
no stage can mutate what an earlier stage produced. A stage returns a new Book built with
``dataclasses.replace``.

Page numbers: ``Line.page`` / ``Page.number`` is always the 1-based *physical* page
(position in the input). A printed folio, when one is known, goes to ``Page.label``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Geom:
    """Where a line sits on its PDF page (points, origin top-left) and how it is set."""

    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    mono: bool = False
    page_width: float = 0.0
    page_height: float = 0.0
    # Drawn inside /Artifact marked content: a tagged PDF's own word that the line is no
    # part of the text (running heads, folios, watermarks); strip_furniture removes it.
    artifact: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line. ``text`` keeps leading spaces (indentation) for text input."""

    text: str
    page: int
    geom: Geom | None = None


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of the clean body: a paragraph, heading, list or verbatim (code, table) block.

    ``text`` is the rendered text: one line for prose and headings, one line per item for
    lists, the original lines for verbatim blocks.
    """

    kind: str
    text: str
    page: int
    end_page: int = 0  # the page of its last line (0: not known)


@dataclass(frozen=True, slots=True)
class Target:
    """Where one locator of an index entry points in the clean body.

    ``page``: the physical page the locator's (first) printed page number is on, or None
    when the book's printed numbering does not reach it. ``paragraph``: the first body
    paragraph (1-based, in body.txt order) that starts on that page, ``line`` its first
    line in body.txt; ``continued``: the paragraph running on to that page from the page
    before, when one does. Each is None when there is none.
    """

    locator: str
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    continued: int | None = None
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "locator": self.locator,
            "page": self.page,
            "paragraph": self.paragraph,
            "line": self.line,
            "continued": self.continued,
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True, slots=True)
class IndexEntry:
    term: str
    pages: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    subentries: tuple[IndexEntry, ...] = ()
    # One per locator in ``pages`` once link_locators ran (PDF input); None before.
    targets: tuple[Target, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "term": self.term,
            "pages": list(self.pages),
            "see": list(self.see),
            "see_also": list(self.see_also),
            "subentries": [s.to_dict() for s in self.subentries],
        }
        if self.targets is not None:
            out["targets"] = [t.to_dict() for t in self.targets]
        return out


@dataclass(frozen=True, slots=True)
class Edit:
    """One judgement call. ``evidence`` is plain JSON-able data (counts, frequencies)."""

    stage: str
    rule: str
    page: int
    before: str
    after: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "rule": self.rule,
            "page": self.page,
            "before": self.before,
            "after": self.after,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    sha256: str
    kind: str  # "text" or "pdf"
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Book:
    """Everything known about one book at one point of the pipeline.

    ``pages`` hold the body lines until ``rejoin_lines`` turns them into ``blocks``.
    ``index_lines`` hold the raw index once ``split_index`` found it; ``index`` holds the
    parsed entries once ``parse_index`` ran.
    """

    source: Source
    pages: tuple[Page, ...]
    page_count: int
    index_lines: tuple[Line, ...] = ()
    blocks: tuple[Block, ...] | None = None
    index: tuple[IndexEntry, ...] = ()
    counters: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()

    def body_lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    def with_counter(self, name: str, value: int) -> Book:
        """Return a Book whose named counter is *value* (used for report.json quality counts)."""
        from dataclasses import replace

        items = dict(self.counters)
        items[name] = value
        return replace(self, counters=tuple(sorted(items.items())))
