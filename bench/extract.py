"""PDF extraction: both engines side by side on every test PDF, against pdfminer's own
``extract_text``, all measured in this one run (best of a few runs; no cache unless said).

Per PDF and engine (``pdfminer``: pdfminer.six, the default; ``pdfium``: pypdfium2):

- pages per second of the extraction with ``-j 1`` and ``-j 2`` (a PDF under 8 pages is
  extracted serially either way), and the ``-j 1`` speed-up over ``extract_text``;
- warm/cold: a cached re-run's time over the cold ``-j 2`` run;
- peak memory: the peak resident set (``VmHWM``; ``ru_maxrss`` where there is no /proc) of
  a fresh child process that imports both engines and extracts the PDF with ``-j 1``, and
  how far extracting raised it above the child's peak after the imports (the same child for both engines; PDFium's own C
  allocations count, which ``tracemalloc`` would not see);
- quality, where ``<name>.truth.txt`` exists: split and glued words of the extracted lines
  (``raw``) and of the cleaned body.txt (``body``) against the truth; furniture-like lines
  left in body.txt (``bookclean score``'s counter: lone folios, repeated heads); index
  entries parsed that match ``<name>.index.txt`` (of the truth's entries).

A *split word* is two adjacent output tokens whose concatenation is a word of the truth
text while the two tokens never stand side by side there (``ar guments``); a *glued word*
is an output token that is no word of the truth text but splits into two truth words that
do stand side by side there (``ofthe``).

Last, the whole book: ``bookclean clean book-300.pdf --engine pdfium -j 1 --no-cache`` (a
fresh process: start-up, extraction, every text stage, the outputs) timed against
``extract_text`` of the same PDF in this run, as a ratio; the same for the pdfminer engine.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "fixtures" / "pdf"
TOKEN_RE = regex.compile(r"\p{L}+")
BOOK = "book-300.pdf"

# Run in a fresh interpreter: peak RSS of extracting argv[1] with engine argv[2], -j 1.
_MEMORY_CHILD = """
import json, resource, sys
from pathlib import Path

def peak():  # KiB: this process's high-water mark since exec (ru_maxrss keeps the parent's)
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

import pdfminer.pdfinterp, pdfminer.converter
from pipeline.pdf import ExtractParams, extract
try:
    from pipeline import pdfium_engine
    pdfium_engine._api(); pdfium_engine._hot()
except ImportError:
    pass
data = Path(sys.argv[1]).read_bytes()
before = peak()
extract(data, Path(sys.argv[1]).name, ExtractParams(engine=sys.argv[2]), jobs=1)
after = peak()
print(json.dumps([before, after]))
"""


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN_RE.findall(text)]


def spacing_errors(output: str, truth: str) -> tuple[int, int]:
    """(split words, glued words) of *output* judged against *truth*.

    >>> spacing_errors("the ar guments ofthe day", "the arguments of the day")
    (1, 1)
    """
    truth_tokens = _tokens(truth)
    vocab = set(truth_tokens)
    bigrams = set(itertools.pairwise(truth_tokens))
    out = _tokens(output)
    split = sum(1 for a, b in itertools.pairwise(out) if a + b in vocab and (a, b) not in bigrams)
    glued = 0
    for t in out:
        if t in vocab or len(t) < 4:
            continue
        if any((t[:k], t[k:]) in bigrams for k in range(1, len(t))):
            glued += 1
    return split, glued


def _time(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _engines() -> list[str]:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return ["pdfminer"]
    return ["pdfminer", "pdfium"]


def peak_memory(pdf: Path, engine: str) -> tuple[float, float]:
    """(peak RSS, its rise while extracting) in MB of a child extracting *pdf* with -j 1."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(pdf), engine],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    before, after = json.loads(out.strip().splitlines()[-1])
    return after / 1024, (after - before) / 1024  # KiB


def clean(pdf: Path, engine: str, out: Path, repeat: int = 1) -> tuple[float, str, str]:
    """(seconds, body.txt, index.txt) of ``bookclean clean PDF --engine E -j 1 --no-cache``,
    run as a user runs it: a fresh ``python -m pipeline`` (start-up and imports included)."""
    cmd = [sys.executable, "-m", "pipeline", "clean", str(pdf), "-o", str(out), "-q"]
    cmd += ["--no-cache", "--force", "-j", "1", "--engine", engine]

    def once() -> None:
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)

    seconds = _time(once, repeat)
    book = out / pdf.stem
    return (
        seconds,
        (book / "body.txt").read_text(encoding="utf-8"),
        (book / "index.txt").read_text(encoding="utf-8"),
    )


def index_matched(index_txt: str, truth_path: Path) -> tuple[int, int] | None:
    """(entries of ours that match a truth entry, truth entries), or None without a truth."""
    if not truth_path.exists():
        return None
    from bench.index import read_index_text

    truth = read_index_text(truth_path.read_text(encoding="utf-8"))
    ours = read_index_text(index_txt)
    return len(set(truth) & set(ours)), len(truth)


def run() -> None:
    from pdfminer.high_level import extract_text

    from pipeline.pdf import ExtractParams, count_pages, extract, extract_cached
    from pipeline.quality import score_body

    pdfs = sorted(PDF_DIR.glob("*.pdf"))
    if not pdfs:
        print("   no PDFs in fixtures/pdf (run: python fixtures/pdf/make_pdfs.py)")
        return
    engines = _engines()
    if "pdfium" not in engines:
        print("   (pypdfium2 not installed: the pdfium engine is left out)")
    print(
        f"   {'pdf':<19}{'engine':<13}{'pages':>5}{'j1 p/s':>8}{'j2 p/s':>8}{'j1/miner':>9}"
        f"{'warm/cold':>10}{'peak MB':>8}{'(+extr)':>8}"
        f"{'split raw':>10}{'glued raw':>10}{'split body':>11}{'glued body':>11}"
        f"{'furniture':>10}{'index':>10}"
    )
    summary: dict[str, dict[str, float]] = {e: {} for e in ["extract_text", *engines]}
    book_times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            data = pdf.read_bytes()
            n = count_pages(data, pdf.name)
            repeat = 3 if n < 50 else 2
            truth_path = pdf.with_suffix(".truth.txt")
            truth = truth_path.read_text(encoding="utf-8") if truth_path.exists() else None
            miner_text = ""

            def miner(pdf=pdf) -> None:
                nonlocal miner_text
                miner_text = extract_text(str(pdf))

            t_miner = _time(miner, 1 if n >= 50 else repeat)
            if pdf.name == BOOK:
                book_times["extract_text"] = t_miner
            q = f"{'':>8}{'':>8}"
            if truth is not None:
                s, g = spacing_errors(miner_text, truth)
                _add(summary["extract_text"], split_raw=s, glued_raw=g)
                q = f"{s:>10}{g:>10}"
            print(f"   {pdf.name:<19}{'extract_text':<13}{n:>5}{n / t_miner:>8.1f}{'':>43}{q}")
            for engine in engines:
                params = ExtractParams(engine=engine)
                pages: list[dict] = []

                def serial(data=data, name=pdf.name, params=params) -> None:
                    nonlocal pages
                    pages = extract(data, name, params, jobs=1)

                t1 = _time(serial, repeat)
                caches = Path(tempfile.mkdtemp(dir=tmp))

                def cold(data=data, name=pdf.name, params=params, caches=caches) -> None:
                    cache = Path(tempfile.mkdtemp(dir=caches))
                    extract_cached(data, name, params, jobs=2, cache_dir=cache)

                t2 = _time(cold, repeat)
                warm_cache = Path(tempfile.mkdtemp(dir=caches))
                extract_cached(data, pdf.name, params, jobs=2, cache_dir=warm_cache)
                t_warm = _time(
                    lambda data=data, name=pdf.name, params=params, c=warm_cache: extract_cached(
                        data, name, params, jobs=2, cache_dir=c
                    ),
                    repeat,
                )
                peak, rise = peak_memory(pdf, engine)
                t_clean, body, index_txt = clean(
                    pdf, engine, Path(tempfile.mkdtemp(dir=tmp)), 2 if pdf.name == BOOK else 1
                )
                if pdf.name == BOOK:
                    book_times[engine] = t_clean
                furniture = int(score_body(body)["furniture_lines"])
                stats = summary[engine]
                _add(stats, pages=n, t1=t1, t2=t2, miner=t_miner, furniture=furniture)
                stats["peak"] = max(stats.get("peak", 0.0), peak)
                row = (
                    f"   {pdf.name:<19}{engine:<13}{n:>5}{n / t1:>8.1f}{n / t2:>8.1f}"
                    f"{t_miner / t1:>8.2f}x{t_warm / t2:>10.3f}{peak:>8.1f}{rise:>+8.1f}"
                )
                if truth is not None:
                    text = "\n".join(line for pg in pages for line, _ in pg["lines"])
                    sr, gr = spacing_errors(text, truth)
                    sb, gb = spacing_errors(body, truth)
                    _add(stats, split_raw=sr, glued_raw=gr, split_body=sb, glued_body=gb)
                    row += f"{sr:>10}{gr:>10}{sb:>11}{gb:>11}"
                else:
                    row += f"{'-':>10}{'-':>10}{'-':>11}{'-':>11}"
                row += f"{furniture:>10}"
                matched = index_matched(index_txt, pdf.with_suffix(".index.txt"))
                if matched is not None:
                    _add(stats, index=matched[0], index_truth=matched[1])
                    row += f"{f'{matched[0]}/{matched[1]}':>10}"
                else:
                    row += f"{'-':>10}"
                print(row)
    _print_summary(summary, engines, book_times)


def _add(stats: dict[str, float], **values: float) -> None:
    for key, value in values.items():
        stats[key] = stats.get(key, 0) + value


def _print_summary(
    summary: dict[str, dict[str, float]], engines: list[str], book: dict[str, float]
) -> None:
    print("   all test PDFs together:")
    for engine in engines:
        s = summary[engine]
        print(
            f"     {engine:<9} j1 {s['pages'] / s['t1']:6.1f} p/s, j2 {s['pages'] / s['t2']:6.1f}"
            f" p/s ({s['miner'] / s['t1']:.2f}x / {s['miner'] / s['t2']:.2f}x extract_text);"
            f" peak {s['peak']:.0f} MB; split/glued raw {s['split_raw']:.0f}/{s['glued_raw']:.0f},"
            f" body {s['split_body']:.0f}/{s['glued_body']:.0f}; furniture {s['furniture']:.0f};"
            f" index {s['index']:.0f}/{s['index_truth']:.0f}"
        )
    m = summary["extract_text"]
    print(f"     extract_text split/glued {m['split_raw']:.0f}/{m['glued_raw']:.0f}")
    if "pdfium" in engines:
        a, b = summary["pdfminer"], summary["pdfium"]
        ratio = lambda x, y: f"{x / y:.2f}x" if y else "n/a"  # noqa: E731
        print(
            f"   pdfium vs pdfminer engine: j1 {ratio(a['t1'], b['t1'])} faster, "
            f"j2 {ratio(a['t2'], b['t2'])}; quality counters (pdfium/pdfminer): "
            + ", ".join(
                f"{k} {b[k]:.0f}/{a[k]:.0f}"
                for k in ("split_raw", "glued_raw", "split_body", "glued_body", "furniture")
            )
            + f", index {b['index']:.0f}/{a['index']:.0f}"
        )
    if "extract_text" in book:
        base = book["extract_text"]
        parts = [f"extract_text {base:.2f} s"]
        for engine in engines:
            if engine in book:
                parts.append(
                    f"clean --engine {engine} -j 1 {book[engine]:.2f} s "
                    f"({base / book[engine]:.2f}x faster than extract_text)"
                )
        print(f"   whole book ({BOOK}): " + "; ".join(parts) + " (issue target: 15x)")
