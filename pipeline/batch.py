"""Clean many books: expand inputs, clean each one in isolation, report failures."""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import BookError
from pipeline.inputs import BOOK_SUFFIXES, ReadOptions


@dataclass(frozen=True)
class Job:
    source: Path | None  # None = standard input
    display: str
    out_name: str


def safe_name(stem: str) -> str:
    """A folder name that stays inside OUT.

    >>> safe_name("my book"), safe_name(".."), safe_name("a/b")
    ('my book', '_', 'a_b')
    """
    cleaned = stem.replace("/", "_").replace("\\", "_").replace("\x00", "_").strip()
    if cleaned in {"", ".", ".."} or cleaned.startswith("."):
        cleaned = "_" + cleaned.lstrip(".")
    return cleaned or "_"


def expand_inputs(inputs: list[str]) -> tuple[list[Job], list[BookError]]:
    """Turn CLI inputs into jobs; folders give every book file in them, sorted."""
    jobs: list[Job] = []
    errors: list[BookError] = []
    for item in inputs:
        if item == "-":
            jobs.append(Job(None, "<stdin>", "stdin"))
            continue
        path = Path(item)
        if path.is_dir():
            found = find_books(path)
            if not found:
                errors.append(BookError(item, "folder contains no books (.txt or .pdf files)"))
            jobs.extend(Job(p, str(p), _dir_book_name(path, p)) for p in found)
        elif not path.exists():
            errors.append(BookError(item, "no such file or folder"))
        else:
            jobs.append(Job(path, item, safe_name(path.stem)))
    # Two books with one output name: keep the first, name the others by their suffix too.
    seen: dict[str, int] = {}
    unique = []
    for job in jobs:
        name = job.out_name
        if name in seen and job.source is not None:
            name = safe_name(f"{job.source.stem}{job.source.suffix}")
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}-{seen[name]}"
        unique.append(Job(job.source, job.display, name))
    return unique, errors


def find_books(folder: Path) -> list[Path]:
    """Every book below *folder*, sorted. A folder holding ``input.txt`` or ``input.pdf`` is
    one book (a fixture case: its expected/ and truth/ files are not books)."""
    for name in ("input.pdf", "input.txt"):
        if (folder / name).is_file():
            return [folder / name]
    books: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.is_dir() and not child.name.startswith("."):
            books.extend(find_books(child))
        elif child.is_file() and child.suffix.lower() in BOOK_SUFFIXES:
            books.append(child)
    return books


def _dir_book_name(root: Path, path: Path) -> str:
    """Books found in a folder are named by the path below it: ``a/b/book.txt`` -> ``a/b/book``."""
    rel = path.relative_to(root)
    parts = [safe_name(p) for p in rel.parent.parts] + [safe_name(path.stem)]
    # A book called input.txt inside a case folder is named after the folder.
    if len(parts) >= 2 and parts[-1] == "input":
        parts = parts[:-1]
    return "/".join(parts)


def clean_one(job: Job, out: Path, cfg: dict[str, Any], options: ReadOptions) -> Any:
    from pipeline.inputs import book_from_bytes, read_book
    from pipeline.outputs import render_all, write_book
    from pipeline.runner import run

    if job.source is None:
        data = sys.stdin.buffer.read()
        book = book_from_bytes(data, job.display, ".txt", options.encoding, options)
    else:
        book = read_book(job.source, options.encoding, job.display, options)
    result = run(book, cfg)
    write_book(render_all(result), out / job.out_name)
    return result


def clean_inputs(
    inputs: list[str],
    out: Path,
    cfg: dict[str, Any],
    *,
    options: ReadOptions | None = None,
    quiet: bool = False,
    debug: bool = False,
) -> int:
    options = options or ReadOptions()
    jobs, errors = expand_inputs(inputs)
    failed = len(errors)
    for err in errors:
        print(f"bookclean: error: {err}", file=sys.stderr)
    for job in jobs:
        try:
            result = clean_one(job, out, cfg, options)
        except BookError as exc:
            failed += 1
            print(f"bookclean: error: {exc}", file=sys.stderr)
            continue
        except Exception as exc:
            failed += 1
            if debug:
                traceback.print_exc()
            print(
                f"bookclean: error: {job.display}: internal error: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            continue
        for warning in result.warnings():
            print(f"bookclean: warning: {job.display}: {warning}", file=sys.stderr)
        if not quiet:
            book = result.book
            print(
                f"{job.display} -> {out / job.out_name}  "
                f"({book.page_count} pages, {len(book.blocks or ())} blocks, "
                f"{len(book.index)} index entries, {len(result.edits)} edits)"
            )
    return 1 if failed else 0
