"""Batch cleaning: parallel books, fault isolation, resume, timeouts, Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main

TEXT = "A short book about nothing at all.\n\nIt has two paragraphs of text.\n"


def library(d: Path, n: int = 3, bad: bool = True) -> Path:
    lib = d / "lib"
    lib.mkdir()
    for i in range(n):
        (lib / f"book{i}.txt").write_text(f"Book {i}.\n\n{TEXT}")
    if bad:
        (lib / "broken.txt").write_bytes(b"\x01\x02\x03 not text \x04\x05")
    return lib


def tree(d: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(d)): p.read_bytes()
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.name not in {"report.json", "summary.json"}
    }


def test_parallel_batch_isolates_failures(tmp_path, capsys):
    lib = library(tmp_path)
    out = tmp_path / "out"
    assert main(["clean", str(lib), "-o", str(out), "-j", "2"]) == 1
    summary = json.loads((out / "summary.json").read_text())
    status = {r["book"]: r["status"] for r in summary["books"]}
    assert status == {"book0": "ok", "book1": "ok", "book2": "ok", "broken": "failed"}
    assert not (out / "broken").exists()
    captured = capsys.readouterr()
    assert "broken.txt" in captured.err and "3 cleaned" in captured.out


def test_parallel_equals_serial(tmp_path):
    lib = library(tmp_path, bad=False)
    main(["clean", str(lib), "-o", str(tmp_path / "a"), "-j", "1", "-q"])
    main(["clean", str(lib), "-o", str(tmp_path / "b"), "-j", "2", "-q"])
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_resume_skips_up_to_date_books(tmp_path, capsys):
    lib = library(tmp_path, bad=False)
    out = tmp_path / "out"
    assert main(["clean", str(lib), "-o", str(out), "-q"]) == 0
    (lib / "book1.txt").write_text("Book one, changed.\n")
    assert main(["clean", str(lib), "-o", str(out)]) == 0
    rows = {r["book"]: r["status"] for r in json.loads((out / "summary.json").read_text())["books"]}
    assert rows == {"book0": "up to date", "book1": "ok", "book2": "up to date"}
    assert (
        main(["clean", str(lib), "-o", str(out), "--set", "fix_spacing.trap_zipf=4.5", "-q"]) == 0
    )
    rows = {r["book"]: r["status"] for r in json.loads((out / "summary.json").read_text())["books"]}
    assert set(rows.values()) == {"ok"}  # a config change redoes every book
    assert main(["clean", str(lib), "-o", str(out), "--force", "-q"]) == 0
    rows = {r["book"]: r["status"] for r in json.loads((out / "summary.json").read_text())["books"]}
    assert set(rows.values()) == {"ok"}


def test_timeout_fails_only_the_slow_book(tmp_path):
    lib = library(tmp_path, bad=False)
    # The small books must finish inside the timeout even on a loaded machine (worker
    # start-up included), the huge one never: 6 s against tens of seconds of work.
    big = ("Some words of ordinary prose that go on and on and on. " * 12 + "\n") * 80000
    (lib / "huge.txt").write_text(big)
    out = tmp_path / "out"
    assert main(["clean", str(lib), "-o", str(out), "-j", "2", "--timeout", "6", "-q"]) == 1
    rows = {r["book"]: r for r in json.loads((out / "summary.json").read_text())["books"]}
    assert rows["huge"]["status"] == "failed" and "timed out" in rows["huge"]["reason"]
    assert rows["book0"]["status"] == "ok"
    assert not (out / "huge").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half-written book


def test_memory_limit_fails_cleanly(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "big.txt").write_text(
        ("Plenty of words in a long line of prose here. " * 20 + "\n") * 20000
    )
    out = tmp_path / "out"
    assert main(["clean", str(lib), "-o", str(out), "--max-memory", "64", "-q"]) == 1
    row = json.loads((out / "summary.json").read_text())["books"][0]
    assert row["status"] == "failed" and ("memory" in row["reason"] or "died" in row["reason"])


def test_dask_executor_matches_local(tmp_path):
    pytest.importorskip("dask.distributed")
    lib = library(tmp_path, bad=False)
    assert main(["clean", str(lib), "-o", str(tmp_path / "local"), "-q"]) == 0
    assert (
        main(
            ["clean", str(lib), "-o", str(tmp_path / "dask"), "-q", "--executor", "dask", "-j", "2"]
        )
        == 0
    )
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")


def test_stage_cache_resumes_after_the_costliest_stage(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    text = (
        "The ar guments were long and the traf fic grew all day.\n"
        "It was an ongoingjudgement call for the team.\n\n"
        "A second paragraph follows it here.\n"
    )
    (lib / "book.txt").write_text(text)
    cache = tmp_path / "cache"

    def clean(out: str, *extra: str) -> dict:
        args = ["clean", str(lib), "-o", str(tmp_path / out), "-q", "--force"]
        assert main([*args, *extra]) == 0
        return json.loads((tmp_path / out / "book" / "report.json").read_text())

    clean("nocache", "--no-cache")
    first = clean("first", "--cache-dir", str(cache))
    assert not any(s.get("cached") for s in first["stages"])
    again = clean("again", "--cache-dir", str(cache))
    assert all(s.get("cached") for s in again["stages"])
    assert tree(tmp_path / "nocache") == tree(tmp_path / "first") == tree(tmp_path / "again")
    # another setting of a later stage: the stages up to fix_spacing come from the cache
    later = clean("later", "--cache-dir", str(cache), "--set", "rejoin_lines.short_line=0.5")
    cached = {s["name"] for s in later["stages"] if s.get("cached")}
    assert "fix_spacing" in cached and "rejoin_lines" not in cached
    clean("later-nocache", "--no-cache", "--set", "rejoin_lines.short_line=0.5")
    assert tree(tmp_path / "later") == tree(tmp_path / "later-nocache")
    # the no-loss check reads the same baseline from a snapshot as from a fresh run
    fresh = clean("nocache", "--no-cache")["conservation"]
    assert fresh["ok"] and fresh == again["conservation"] == later["conservation"]


def test_baseline_is_counted_on_first_use_and_kept_in_snapshots():
    import pickle

    from pipeline import clean_text
    from pipeline.conservation import alnum

    r = clean_text("The ar guments were long.\n\nIt rained.\n")
    assert r.counted is None and r.counted_from is not None  # nothing counted yet
    assert r.baseline == alnum("The ar guments were long. It rained.")
    assert r.counted_from is None  # the book it was counted from is let go
    r2 = clean_text("Once more, with feeling.\n")
    state = pickle.loads(pickle.dumps(r2))
    assert state.counted_from is None and state.baseline == alnum("Once more, with feeling.")
