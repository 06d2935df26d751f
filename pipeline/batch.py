"""Clean many books: expand inputs, clean each one in isolation, report failures."""

from __future__ import annotations

import hashlib
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
    data: bytes | None = None  # standard input, read by the parent before any worker starts


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
    if parts[-1] == "input":
        parts = parts[:-1] or [safe_name(root.resolve().name)]
    return "/".join(parts)


def clean_one(job: Job, out: Path, cfg: dict[str, Any], options: ReadOptions) -> Any:
    from pipeline.document import Source
    from pipeline.inputs import book_from_bytes, is_pdf, read_input
    from pipeline.outputs import render_all, write_book
    from pipeline.runner import cached_final, run

    if job.source is None:
        data = job.data if job.data is not None else sys.stdin.buffer.read()
        book = book_from_bytes(data, job.display, ".txt", options.encoding, options)
        result = run(book, cfg, options.cache_dir)
    else:
        data = read_input(job.source, job.display)
        suffix = job.source.suffix.lower()
        result = None
        if options.cache_dir is not None and is_pdf(data, suffix):
            # The same PDF cleaned with the same settings before: no extraction needed.
            sha = hashlib.sha256(data).hexdigest()
            result = cached_final(Source(job.display, sha, "pdf", "pdf"), cfg, options.cache_dir)
        if result is None:
            book = book_from_bytes(data, job.display, suffix, options.encoding, options)
            result = run(book, cfg, options.cache_dir)
    write_book(render_all(result), out / job.out_name)
    return result


def _summary(job: Job, result: Any) -> dict[str, Any]:
    book = result.book
    return {
        "book": job.out_name,
        "input": job.display,
        "status": "ok",
        "pages": book.page_count,
        "blocks": len(book.blocks or ()),
        "index_entries": len(book.index),
        "edits": len(result.edits),
        "warnings": result.warnings(),
    }


def run_job(job: Job, out: Path, cfg: dict[str, Any], options: ReadOptions, debug: bool) -> dict:
    """Clean one book and describe the outcome; never raises (the batch goes on)."""
    try:
        return _summary(job, clean_one(job, out, cfg, options))
    except BookError as exc:
        return {
            "book": job.out_name,
            "input": job.display,
            "status": "failed",
            "reason": exc.reason,
        }
    except MemoryError:
        return {
            "book": job.out_name,
            "input": job.display,
            "status": "failed",
            "reason": "out of memory",
        }
    except Exception as exc:
        if debug:
            traceback.print_exc()
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return {"book": job.out_name, "input": job.display, "status": "failed", "reason": reason}


def up_to_date(job: Job, out: Path, cfg: dict[str, Any]) -> bool:
    """Does OUT/<book>/provenance.json match this input, config, tool and stage versions?"""
    import hashlib
    import json

    from pipeline import __version__
    from pipeline.config import config_hash
    from pipeline.outputs import OUTPUT_FILES
    from pipeline.provenance import stage_versions

    if job.source is None:
        return False
    prov_path = out / job.out_name / "provenance.json"
    try:
        prov = json.loads(prov_path.read_text(encoding="utf-8"))
        data = job.source.read_bytes()
    except (OSError, ValueError):
        return False
    if not all((out / job.out_name / name).exists() for name in OUTPUT_FILES):
        return False
    steps = cfg["pipeline"]["steps"]
    kind_pdf = prov.get("input", {}).get("kind") == "pdf"
    return (
        prov.get("input", {}).get("sha256") == hashlib.sha256(data).hexdigest()
        and prov.get("config_sha256") == config_hash(cfg)
        and prov.get("tool", {}).get("version") == __version__
        and prov.get("stages") == stage_versions((["extract"] if kind_pdf else []) + steps)
    )


# ---------------------------------------------------------------------------------------
# Executors: in this process, in isolated worker processes, or on Dask


def _limit_memory(max_memory_mb: int) -> None:
    if max_memory_mb > 0:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(
    conn: Any, job: Job, out: Path, cfg: dict, options: ReadOptions, debug: bool, mem: int
) -> None:
    try:
        _limit_memory(mem)
        conn.send(run_job(job, out, cfg, options, debug))
    except BaseException as exc:  # the parent must always hear back
        conn.send(
            {"book": job.out_name, "input": job.display, "status": "failed", "reason": repr(exc)}
        )
    finally:
        conn.close()


def run_isolated(
    jobs: list[Job],
    out: Path,
    cfg: dict[str, Any],
    options: ReadOptions,
    *,
    workers: int,
    timeout: float,
    max_memory_mb: int,
    debug: bool,
    progress: Any,
) -> list[dict]:
    """Each book in a process of its own, *workers* at a time, killed after *timeout* s."""
    import multiprocessing as mp
    import time

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    results: dict[int, dict] = {}
    pending = list(enumerate(jobs))
    running: dict[int, tuple[Any, Any, float]] = {}
    while pending or running:
        while pending and len(running) < workers:
            i, job = pending.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_child,
                args=(child, job, out, cfg, options, debug, max_memory_mb),
            )  # not a daemon: a large book may extract its pages in processes of its own
            proc.start()
            child.close()
            running[i] = (proc, parent, time.monotonic())
        time.sleep(0.005)
        for i, (proc, conn, started) in list(running.items()):
            job = jobs[i]
            if conn.poll():
                try:
                    results[i] = conn.recv()
                except EOFError:
                    results[i] = _crashed(job, proc)
            elif not proc.is_alive():
                proc.join()
                results[i] = _crashed(job, proc)
            elif timeout and time.monotonic() - started > timeout:
                proc.kill()
                results[i] = {
                    "book": job.out_name,
                    "input": job.display,
                    "status": "failed",
                    "reason": f"timed out after {timeout:g} s",
                }
            else:
                continue
            proc.join(timeout=5)
            conn.close()
            del running[i]
            progress(results[i])
    return [results[i] for i in range(len(jobs))]


def _crashed(job: Job, proc: Any) -> dict:
    code = proc.exitcode
    reason = "worker died (out of memory?)" if code in (-9, 137) else f"worker died (exit {code})"
    return {"book": job.out_name, "input": job.display, "status": "failed", "reason": reason}


def run_dask(
    jobs: list[Job],
    out: Path,
    cfg: dict[str, Any],
    options: ReadOptions,
    *,
    scheduler: str | None,
    workers: int,
    debug: bool,
    progress: Any,
) -> list[dict]:
    """The same per-book work on a Dask cluster (a LocalCluster when no address is given).
    Workers write OUT themselves, so OUT must be on a file system they share."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BookError(
            "--executor dask", "Dask is not installed: pip install 'bookclean[dask]'"
        ) from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = [
            client.submit(
                run_job,
                job,
                out.resolve(),
                cfg,
                options,
                debug,
                key=f"bookclean-{i}-{job.out_name}",
                pure=False,
            )
            for i, job in enumerate(jobs)
        ]
        index = {f.key: i for i, f in enumerate(futures)}
        results: dict[int, dict] = {}
        for fut in as_completed(futures):
            i = index[fut.key]
            try:
                results[i] = fut.result()
            except Exception as exc:
                results[i] = {
                    "book": jobs[i].out_name,
                    "input": jobs[i].display,
                    "status": "failed",
                    "reason": f"dask: {exc}",
                }
            progress(results[i])
        return [results[i] for i in range(len(jobs))]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 1
    timeout: float = 0.0
    max_memory_mb: int = 0
    force: bool = False
    executor: str = "local"
    scheduler: str | None = None
    quiet: bool = False
    debug: bool = False


def clean_inputs(
    inputs: list[str],
    out: Path,
    cfg: dict[str, Any],
    *,
    options: ReadOptions | None = None,
    batch: BatchOptions | None = None,
    quiet: bool = False,
    debug: bool = False,
) -> int:
    """Clean every input; write OUT/summary.json; exit code 1 if any book failed."""
    import json
    import time

    from pipeline.progress import Progress

    options = options or ReadOptions()
    batch = batch or BatchOptions(quiet=quiet, debug=debug)
    jobs, errors = expand_inputs(inputs)
    jobs = [
        Job(j.source, j.display, j.out_name, sys.stdin.buffer.read()) if j.source is None else j
        for j in jobs
    ]
    rows: list[dict] = [
        {"book": "", "input": e.name, "status": "failed", "reason": e.reason} for e in errors
    ]
    todo: list[Job] = []
    for job in jobs:
        if not batch.force and up_to_date(job, out, cfg):
            rows.append({"book": job.out_name, "input": job.display, "status": "up to date"})
        else:
            todo.append(job)
    t0 = time.perf_counter()
    bar = Progress(len(todo), enabled=not batch.quiet)

    def report(row: dict) -> None:
        bar.update(row)
        if row["status"] == "failed":
            bar.write(f"bookclean: error: {row['input']}: {row['reason']}")
        for w in row.get("warnings", []):
            bar.write(f"bookclean: warning: {row['input']}: {w}")

    for row in rows:
        if row["status"] == "failed":
            print(f"bookclean: error: {row['input']}: {row['reason']}", file=sys.stderr)
    if batch.executor == "dask":
        done = run_dask(
            todo,
            out,
            cfg,
            options,
            scheduler=batch.scheduler,
            workers=batch.workers,
            debug=batch.debug,
            progress=report,
        )
    elif len(todo) > 1 or batch.timeout or batch.max_memory_mb:
        # Books in parallel, each in a process of its own; pages serial inside each.
        per_book = ReadOptions(**{**options.__dict__, "jobs": 1}) if len(todo) > 1 else options
        done = run_isolated(
            todo,
            out,
            cfg,
            per_book,
            workers=max(1, batch.workers),
            timeout=batch.timeout,
            max_memory_mb=batch.max_memory_mb,
            debug=batch.debug,
            progress=report,
        )
    else:
        done = []
        for job in todo:
            done.append(run_job(job, out, cfg, options, batch.debug))
            report(done[-1])
    bar.close()
    rows.extend(done)
    failed = sum(1 for r in rows if r["status"] == "failed")
    if jobs or errors:
        order = {j.display: i for i, j in enumerate(jobs)}
        rows.sort(key=lambda r: (order.get(r["input"], -1), r["input"]))
        out.mkdir(parents=True, exist_ok=True)  # the batch report, also when every book failed
        summary = {"books": rows, "failed": failed, "ok": sum(r["status"] == "ok" for r in rows)}
        (out / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if not batch.quiet:
        _print_table(rows, time.perf_counter() - t0)
    return 1 if failed else 0


def _print_table(rows: list[dict], seconds: float) -> None:
    if not rows:
        return
    width = min(48, max(len(r["input"]) for r in rows))
    print(f"{'book':<{width}}  {'status':<10} {'pages':>5} {'blocks':>6} {'index':>6} {'edits':>6}")
    for r in rows:
        name = r["input"][-width:]
        if r["status"] == "ok":
            print(
                f"{name:<{width}}  {'ok':<10} {r['pages']:>5} {r['blocks']:>6} "
                f"{r['index_entries']:>6} {r['edits']:>6}"
            )
        else:
            print(f"{name:<{width}}  {r['status']:<10} {r.get('reason', '')}")
    ok = sum(r["status"] == "ok" for r in rows)
    print(
        f"{ok} cleaned, {sum(r['status'] == 'up to date' for r in rows)} up to date, "
        f"{sum(r['status'] == 'failed' for r in rows)} failed in {seconds:.1f} s"
    )
