"""Writers: stable bytes for every output file, written atomically per book."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import regex

from pipeline.conservation import check
from pipeline.document import Book, IndexEntry
from pipeline.runner import Result

OUTPUT_FILES = (
    "body.txt",
    "index.txt",
    "index.json",
    "edits.jsonl",
    "report.json",
    "provenance.json",
)


def render_body(book: Book) -> str:
    """The clean body: blocks separated by one blank line, ending in one newline."""
    if book.blocks is not None:
        parts = [b.text for b in book.blocks if b.text.strip()]
    else:
        parts = ["\n".join(line.text for line in book.body_lines()).strip("\n")]
        parts = [p for p in parts if p.strip()]
    return "\n\n".join(parts) + "\n" if parts else ""


# A first line that ends in its own full stop takes no comma before its pages ("the bell
# rang. 7"); an initial does ("Eliot, T. S., 45"), and a question ("Passa di qui?, 48").
SENTENCE_STOP_RE = regex.compile(r"\p{Ll}{3}\.[”’\"')]*$")


def render_index_text(entries: tuple[IndexEntry, ...]) -> str:
    """One entry per line, locators at the end, sub-entries indented by two spaces.

    >>> e = IndexEntry("data", (), (), (), (IndexEntry("cleaning", ("4", "9–11")),))
    >>> print(render_index_text((e, IndexEntry("lists", ("3",), see_also=("arrays",)))), end="")
    data
      cleaning, 4, 9–11
    lists, 3; see also arrays
    >>> print(render_index_text((IndexEntry("Who rang the bell?", ("7",)),
    ...     IndexEntry("The bell rang at noon.", ("8",)), IndexEntry("Eliot, T. S.", ("45",)))), end="")
    Who rang the bell?, 7
    The bell rang at noon. 8
    Eliot, T. S., 45
    """
    out: list[str] = []

    def walk(entry: IndexEntry, depth: int) -> None:
        text = entry.term
        if entry.pages:
            text += (" " if SENTENCE_STOP_RE.search(text) else ", ") + ", ".join(entry.pages)
        if entry.see:
            text += (", " if not entry.pages else "; ") + "see " + "; ".join(entry.see)
        if entry.see_also:
            sep = "; " if entry.pages or entry.see else ", "
            text += sep + "see also " + "; ".join(entry.see_also)
        out.append("  " * depth + text)
        for sub in entry.subentries:
            walk(sub, depth + 1)

    for e in entries:
        walk(e, 0)
    return "\n".join(out) + "\n" if out else ""


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_report(result: Result, body: str, index_text: str) -> str:
    stages = [
        {"name": s.name, "version": s.version, "counts": s.counts, "seconds": round(s.seconds, 6)}
        | ({"cached": True} if s.cached else {})
        for s in result.stages
    ]
    book = result.book
    report = {
        "input": book.source.name,
        "pages": book.page_count,
        "stages": stages,
        "quality": dict(book.counters),
        "warnings": result.warnings(),
        "body": {
            "blocks": len(book.blocks or ()),
            "words": len(render_body(book).split()),
        },
        "index": {"entries": len(book.index), "lines": len(book.index_lines)},
        "edits": len(result.edits),
        "conservation": check(result.baseline, body, index_text, result.edits),
    }
    return dumps(report)


def render_all(result: Result) -> dict[str, str]:
    """Every output file of one book as text (provenance last: it hashes the others)."""
    from pipeline.provenance import render_provenance

    book = result.book
    body, index_text = render_body(book), render_index_text(book.index)
    files = {
        "body.txt": body,
        "index.txt": index_text,
        "index.json": dumps([e.to_dict() for e in book.index]),
        "edits.jsonl": "".join(
            json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in result.edits
        ),
        "report.json": render_report(result, body, index_text),
    }
    files["provenance.json"] = render_provenance(result, files)
    return files


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_book(files: dict[str, str], dest: Path) -> None:
    """Write all files into a temporary sibling folder, then rename it into place, so an
    interrupted run never leaves a half-written book."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        if dest.exists():
            old = dest.with_name(f".{dest.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(dest, old)
            os.replace(tmp, dest)
            shutil.rmtree(old)
        else:
            os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
