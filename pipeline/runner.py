"""Run the configured stages over a Book and collect what they did."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.conservation import book_alnum
from pipeline.document import Book, Edit
from pipeline.registry import StageLog, get_stages


@dataclass
class StageReport:
    name: str
    version: int
    counts: dict[str, int]
    seconds: float


@dataclass
class Result:
    """The outcome of cleaning one book: the final Book plus the edit log and stage reports."""

    book: Book
    config: dict[str, Any]
    edits: list[Edit] = field(default_factory=list)
    stages: list[StageReport] = field(default_factory=list)
    baseline: Counter[str] = field(default_factory=Counter)  # letters/digits after fix_unicode

    @property
    def body(self) -> str:
        from pipeline.outputs import render_body

        return render_body(self.book)

    def warnings(self) -> list[str]:
        """What the user must hear about: text lost in extraction, pages that failed."""
        counters = dict(self.book.counters)
        out = []
        if counters.get("unmapped_glyphs"):
            out.append(
                f"{counters['unmapped_glyphs']} glyphs have no text mapping and appear as "
                "(cid:N): that text is lost"
            )
        return [*self.book.warnings, *out]

    @property
    def index(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.book.index]


def params_for(spec: Any, cfg: dict[str, Any]) -> Any:
    return spec.params(**cfg.get(spec.name, {}))


def run(book: Book, cfg: dict[str, Any]) -> Result:
    stages = get_stages()
    result = Result(book, cfg)
    explain = bool(cfg["pipeline"].get("explain", True))
    steps = cfg["pipeline"]["steps"]
    if "fix_unicode" not in steps:
        result.baseline = book_alnum(book)
    for name in steps:
        spec = stages[name]
        log = StageLog(name, explain)
        t0 = time.perf_counter()
        book = spec.func(book, params_for(spec, cfg), log)
        seconds = time.perf_counter() - t0
        result.edits.extend(log.edits)
        result.stages.append(
            StageReport(name, spec.version, dict(sorted(log.counts.items())), seconds)
        )
        if name == "fix_unicode":
            result.baseline = book_alnum(book)
    result.book = book
    return result
