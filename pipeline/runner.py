"""Run the configured stages over a Book and collect what they did."""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.config import canonical_json
from pipeline.conservation import book_alnum
from pipeline.document import Book, Edit, Source
from pipeline.registry import StageLog, get_stages


@dataclass
class StageReport:
    name: str
    version: int
    counts: dict[str, int]
    seconds: float
    cached: bool = False  # taken from the stage cache of an earlier run


@dataclass
class Result:
    """The outcome of cleaning one book: the final Book plus the edit log and stage reports."""

    book: Book
    config: dict[str, Any]
    edits: list[Edit] = field(default_factory=list)
    stages: list[StageReport] = field(default_factory=list)
    # The letters and digits of the text after fix_unicode (`book_alnum`), the no-loss
    # check's baseline: counted on first use from *counted_from* (the book as it was then),
    # so a caller that writes no outputs, clean_text's, never pays for the count.
    counted: Counter[str] | None = None
    counted_from: Book | None = field(default=None, repr=False)

    @property
    def baseline(self) -> Counter[str]:
        if self.counted is None:
            self.counted = book_alnum(self.counted_from) if self.counted_from else Counter()
            self.counted_from = None
        return self.counted

    def __getstate__(self) -> dict[str, Any]:
        """A snapshot keeps the count, not the whole book it was taken from."""
        state = dict(self.__dict__)
        state["counted"], state["counted_from"] = self.baseline, None
        return state

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


# Snapshots worth keeping: after the costliest stage, and at the end.
SNAPSHOT_AFTER = ("fix_spacing",)
# The layout of a pickled Result; a change makes older snapshots miss (2: the no-loss
# baseline kept as `Result.counted`).
SNAPSHOT_FORMAT = 2


def cached_final(source: Source, cfg: dict[str, Any], cache_dir: Path | None) -> Result | None:
    """The finished result of an earlier run with the same input and settings, if cached
    (a PDF then needs no extraction at all)."""
    if cache_dir is None or not cfg["pipeline"]["steps"]:
        return None
    return _load(cache_dir, stage_keys(source, cfg)[-1], cfg)


def stage_keys(source: Source, cfg: dict[str, Any]) -> list[str]:
    """One cache key per step: the input (its bytes' hash, how it was read), then each
    stage's name, version and settings, chained. A step's key is the same exactly when
    everything that made the book up to that step is the same."""
    stages = get_stages()
    src = source
    head: dict[str, Any] = {
        "input": [src.sha256, src.kind, src.encoding, src.name],
        "explain": bool(cfg["pipeline"].get("explain", True)),
        "snapshot": SNAPSHOT_FORMAT,
    }
    if src.kind == "pdf":
        extract = stages.get("extract")
        head["extract"] = [cfg.get("extract", {}), extract.version if extract else 0]
    key = hashlib.sha256(canonical_json(head).encode()).hexdigest()
    keys = []
    for name in cfg["pipeline"]["steps"]:
        spec = stages[name]
        step = [key, name, spec.version, cfg.get(name, {})]
        key = hashlib.sha256(canonical_json(step).encode()).hexdigest()
        keys.append(key)
    return keys


def _load(cache_dir: Path | None, key: str, cfg: dict[str, Any]) -> Result | None:
    """A snapshot taken by an earlier run, for this run's config, its stages marked cached."""
    if cache_dir is None:
        return None
    path = cache_dir / "stages" / f"{key}.pickle.gz"
    try:
        with gzip.open(path, "rb") as fh:
            result = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return None  # no snapshot, or one this code cannot read: run the stages
    result.config = cfg
    result.stages = [replace(s, cached=True) for s in result.stages]
    return result


def _save(cache_dir: Path | None, key: str, result: Result) -> None:
    if cache_dir is None:
        return
    folder = cache_dir / "stages"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with (
            os.fdopen(fd, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as fh,
        ):
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle.gz")
    except OSError:
        pass  # a cache that cannot be written is no reason to fail


def _for_outputs(result: Result) -> Result:
    """The finished result as the writers need it: once the lines are paragraphs, the
    pages of lines are left out (a third of the snapshot, and of the time to load it)."""
    book = result.book
    if book.blocks is not None:
        book = replace(book, pages=())
    return Result(book, result.config, list(result.edits), list(result.stages), result.baseline)


def run(book: Book, cfg: dict[str, Any], cache_dir: Path | None = None) -> Result:
    """Run the configured steps over *book*.

    With *cache_dir*, the state after the costliest stage and at the end is kept per
    stage key (`stage_keys`), and a run resumes from the latest state it finds: cleaning
    a book again with other settings for the later stages redoes only those. Outputs
    are the same bytes either way; report.json marks the stages taken from the cache. A
    result taken whole from the cache holds no pages of lines (the outputs need none).
    """
    stages = get_stages()
    explain = bool(cfg["pipeline"].get("explain", True))
    steps = cfg["pipeline"]["steps"]
    keys = stage_keys(book.source, cfg) if cache_dir is not None else []
    result = Result(book, cfg)
    done = 0
    for k in range(len(steps), 0, -1):
        if cache_dir is None or (k != len(steps) and steps[k - 1] not in SNAPSHOT_AFTER):
            continue
        cached = _load(cache_dir, keys[k - 1], cfg)
        if cached is not None:
            result, done = cached, k
            break
    book = result.book
    if done == 0 and "fix_unicode" not in steps:
        result.counted, result.counted_from = None, book
    for i in range(done, len(steps)):
        name = steps[i]
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
            result.counted, result.counted_from = None, book
        result.book = book
        if cache_dir is not None and i == len(steps) - 1:
            _save(cache_dir, keys[i], _for_outputs(result))
        elif cache_dir is not None and name in SNAPSHOT_AFTER:
            _save(cache_dir, keys[i], result)
    result.book = book
    return result
