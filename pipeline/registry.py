"""The stage registry: every stage is registered once, by name, with a version and a
frozen ``Params`` dataclass whose fields are the stage's configuration.

Bump a stage's ``version`` whenever its output for the same input changes; provenance
records it, and batch runs redo books whose stage versions differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from pipeline.document import Book, Edit


class StageLog:
    """What one stage run reports: its edits (judgement calls) and its counters."""

    def __init__(self, stage: str, explain: bool = True) -> None:
        self.stage = stage
        self.explain = explain
        self.edits: list[Edit] = []
        self.counts: dict[str, int] = {}

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def edit(self, rule: str, page: int, before: str, after: str, **evidence: Any) -> None:
        """Record one judgement call; counts it under ``rule`` too."""
        self.count(rule)
        if self.explain:
            self.edits.append(Edit(self.stage, rule, page, before, after, evidence))


StageFunc = Callable[[Book, Any, StageLog], Book]


@dataclass(frozen=True)
class StageSpec:
    name: str
    version: int
    params: type
    func: StageFunc = field(compare=False)
    doc: str = ""

    def defaults(self) -> dict[str, Any]:
        p = self.params()
        return {f.name: getattr(p, f.name) for f in fields(p)}

    def param_docs(self) -> dict[str, str]:
        return dict(getattr(self.params, "DOCS", {}))


STAGES: dict[str, StageSpec] = {}


def register(name: str, *, version: int, params: type) -> Callable[[StageFunc], StageFunc]:
    """Register a stage function under *name*; a second registration of a name is an error."""

    def deco(func: StageFunc) -> StageFunc:
        if name in STAGES:
            raise ValueError(f"stage {name!r} registered twice")
        doc = (func.__doc__ or "").strip().splitlines()
        STAGES[name] = StageSpec(name, version, params, func, doc[0] if doc else "")
        return func

    return deco


WARMERS: list[Callable[[], object]] = []


def warmer(func: Callable[[], object]) -> Callable[[], object]:
    """Register a function that fills a stage's caches (word lists, frequency tables) ahead
    of its first use; `warm_up` runs them while PDF pages are extracted in other processes.
    Their results are the ones the stage would compute anyway: output is unchanged."""
    WARMERS.append(func)
    return func


def warm_up() -> None:
    """Run every registered `warmer` (each is cached, so a second call costs nothing)."""
    get_stages()
    for func in WARMERS:
        func()


def get_stages() -> dict[str, StageSpec]:
    import stages  # noqa: F401  (importing registers every stage)

    return STAGES
