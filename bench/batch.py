"""Whole-book and batch cleaning, as ratios measured in this one run:

- one book cold (no cache) with ``-j 1`` and ``-j 2``, and warm (cached extraction), next
  to pdfminer's own ``extract_text`` on the same PDF, each in a fresh process;
- throughput of the text stages (MB/s) on the dev texts;
- peak memory (max RSS of the cleaning process and its workers) for a 1,000-page book
  (book-300.pdf's pages repeated, built with pypdfium2 when it is installed);
- a 20-book batch with ``-j 1``, ``-j 2`` and a Dask LocalCluster of 2 workers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "fixtures" / "pdf" / "book-300.pdf"

MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - t0
peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 0)
print(f"{wall} {peak} {code}")
"""


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB of the command and its children, exit code)."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024, int(out[2])


def clean_cmd(inputs: list[str], out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "clean", *inputs, "-o", str(out), "-q", *extra]


def thousand_pages(tmp: Path) -> Path | None:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    src = pdfium.PdfDocument(str(PDF))
    dest = pdfium.PdfDocument.new()
    while len(dest) < 1000:
        take = min(len(src), 1000 - len(dest))
        dest.import_pages(src, list(range(take)))
    path = tmp / "book-1000.pdf"
    dest.save(str(path))
    return path


def run() -> None:
    miner = [
        sys.executable,
        "-c",
        "import sys; from pdfminer.high_level import extract_text; extract_text(sys.argv[1])",
        str(PDF),
    ]
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t_miner, m_miner, _ = timed(miner)
        t1, m1, _ = timed(clean_cmd([str(PDF)], tmp / "o1", "-j", "1", "--no-cache"))
        t2, _, _ = timed(clean_cmd([str(PDF)], tmp / "o2", "-j", "2", "--no-cache"))
        cache = tmp / "cache"
        t_cold, _, _ = timed(
            clean_cmd([str(PDF)], tmp / "o3", "-j", "2", "--cache-dir", str(cache))
        )
        t_warm, _, _ = timed(
            clean_cmd([str(PDF)], tmp / "o3", "-j", "2", "--cache-dir", str(cache), "--force")
        )
        t_resume, _, _ = timed(
            clean_cmd([str(PDF)], tmp / "o3", "-j", "2", "--cache-dir", str(cache))
        )
        print(f"   book-300.pdf (300 pages): pdfminer extract_text {t_miner:.2f} s")
        print(
            f"   clean cold -j 1 {t1:.2f} s = {t1 / t_miner:.2f}x extract_text (target <= 1.15x); "
            f"-j 2 {t2:.2f} s = {t_miner / t2:.2f}x faster than extract_text (target >= 1.7x)"
        )
        print(
            f"   warm re-run (--force, extraction and stages cached, -j 2) {t_warm:.2f} s = "
            f"{t_warm / t_cold:.3f}x "
            f"the cold run; an unchanged re-run (resume: skipped by provenance) {t_resume:.2f} s = "
            f"{t_resume / t_cold:.3f}x (target <= 0.1x); peak memory -j 1 {m1:.0f} MB, extract_text {m_miner:.0f} MB"
        )
        report = json.loads((tmp / "o1" / "book-300" / "report.json").read_text())
        text_seconds = sum(s["seconds"] for s in report["stages"])
        size = (tmp / "o1" / "book-300" / "body.txt").stat().st_size
        print(
            f"   text stages on this book: {text_seconds:.2f} s = {size / 1e6 / text_seconds:.2f} MB/s"
        )
        big = thousand_pages(tmp)
        if big is None:
            print("   1,000-page book: pypdfium2 not installed (needed to build it)")
        else:
            tb, mb, _ = timed(clean_cmd([str(big)], tmp / "o4", "-j", "1", "--no-cache"))
            print(
                f"   1,000-page book -j 1: {tb:.1f} s, peak memory {mb:.0f} MB (target <= 400 MB)"
            )
        # 20 books: the three small test PDFs and the text cases, cycled.
        lib = tmp / "lib"
        lib.mkdir()
        sources = sorted((ROOT / "fixtures" / "pdf").glob("[ckl]*.pdf")) + sorted(
            (ROOT / "fixtures" / "cases").glob("*/input.txt")
        )
        for i in range(20):
            src = sources[i % len(sources)]
            shutil.copy(src, lib / f"book{i:02d}{src.suffix}")
        times = {}
        for label, extra in [("-j 1", ["-j", "1"]), ("-j 2", ["-j", "2"])]:
            times[label] = timed(
                clean_cmd([str(lib)], tmp / f"b{label[-1]}", *extra, "--no-cache")
            )[0]
        try:
            import dask.distributed  # noqa: F401

            t0 = time.perf_counter()
            times["dask 2"] = timed(
                clean_cmd([str(lib)], tmp / "bd", "-j", "2", "--no-cache", "--executor", "dask")
            )[0]
            del t0
        except ImportError:
            pass
        same = _tree(tmp / "b1") == _tree(tmp / "b2")
        print(
            "   20-book batch: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
            + f"; -j 2 is {times['-j 1'] / times['-j 2']:.2f}x faster than -j 1 (target >= 1.8x);"
            f" outputs identical: {same}"
        )


def _tree(d: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(d)): p.read_bytes()
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.name not in {"report.json", "summary.json"}
    }
