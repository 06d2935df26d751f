"""PDF extraction: speed against pdfminer's own extract_text, and word-spacing quality.

For every fixtures/pdf/*.pdf: pages per second of pdfminer's ``extract_text`` (default
LAParams), of our extraction with ``-j 1`` and ``-j 2`` (cold, no cache) and of a warm
(cached) re-run, all in this one run, as ratios; and, where a ``<name>.truth.txt`` exists,
split and glued words of both outputs against it:

- a *split word* is two adjacent output tokens whose concatenation is a word of the truth
  text while the two tokens never stand side by side there (``ar guments``);
- a *glued word* is an output token that is no word of the truth text but splits into two
  truth words that do stand side by side there (``ofthe``).
"""

from __future__ import annotations

import itertools
import tempfile
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "fixtures" / "pdf"
TOKEN_RE = regex.compile(r"\p{L}+")


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


def run() -> None:
    from pdfminer.high_level import extract_text

    from pipeline.pdf import ExtractParams, count_pages, extract, extract_cached

    pdfs = sorted(PDF_DIR.glob("*.pdf"))
    if not pdfs:
        print("   no PDFs in fixtures/pdf (run: python fixtures/pdf/make_pdfs.py)")
        return
    print(
        f"   {'pdf':<22}{'pages':>6}{'miner p/s':>10}{'j1 p/s':>9}{'j2 p/s':>9}"
        f"{'j1/miner':>9}{'j2/miner':>9}{'warm/cold':>10}"
        f"{'split miner':>12}{'split ours':>11}{'glued miner':>12}{'glued ours':>11}"
        f"{'pdfium s/g':>14}{'pdfium p/s':>10}{'/miner':>9}"
    )
    totals: Counter[str] = Counter()
    for pdf in pdfs:
        data = pdf.read_bytes()
        n = count_pages(data, pdf.name)
        miner_text = ""

        def miner(pdf=pdf) -> None:
            nonlocal miner_text
            miner_text = extract_text(str(pdf))

        t_miner = _time(miner)
        pages: list[dict] = []

        def ours(jobs: int, data=data, name=pdf.name) -> None:
            nonlocal pages
            pages = extract(data, name, jobs=jobs)

        t1 = _time(lambda: ours(1))
        t2 = _time(lambda: ours(2))
        pdfium_pages: list[dict] = []
        t_pdfium = float("nan")
        try:
            import pypdfium2  # noqa: F401

            def pdfium(data=data, name=pdf.name) -> None:
                nonlocal pdfium_pages
                pdfium_pages = extract(data, name, ExtractParams(engine="pdfium"), jobs=1)

            t_pdfium = _time(pdfium)
        except ImportError:
            pass
        with tempfile.TemporaryDirectory() as cache:

            def cached(data=data, name=pdf.name, cache=cache) -> None:
                extract_cached(data, name, ExtractParams(), jobs=2, cache_dir=Path(cache))

            t_cold = _time(cached)
            t_warm = _time(cached)
        our_text = "\n".join(text for pg in pages for text, _ in pg["lines"])
        truth_path = pdf.with_suffix(".truth.txt")
        if truth_path.exists():
            truth = truth_path.read_text(encoding="utf-8")
            ms, mg = spacing_errors(miner_text, truth)
            os_, og = spacing_errors(our_text, truth)
            totals.update({"ms": ms, "mg": mg, "os": os_, "og": og})
            q = f"{ms:>12}{os_:>11}{mg:>12}{og:>11}"
            if pdfium_pages:
                ptext = "\n".join(text for pg in pdfium_pages for text, _ in pg["lines"])
                ps, pg_ = spacing_errors(ptext, truth)
                totals.update({"ps": ps, "pg": pg_})
                q += f"{ps:>8}/{pg_:<5}"
        else:
            q = f"{'-':>12}{'-':>11}{'-':>12}{'-':>11}"
        print(
            f"   {pdf.name:<22}{n:>6}{n / t_miner:>10.1f}{n / t1:>9.1f}{n / t2:>9.1f}"
            f"{t_miner / t1:>8.2f}x{t_miner / t2:>8.2f}x{t_warm / t_cold:>10.3f}{q}"
            f"{n / t_pdfium:>10.1f}{t_miner / t_pdfium:>8.2f}x"
        )
    if totals:
        ratio = lambda a, b: f"{a / b:.1%}" if b else "n/a"  # noqa: E731
        print(
            f"   split words: ours {totals['os']} vs pdfminer {totals['ms']} "
            f"({ratio(totals['os'], totals['ms'])} of pdfminer's); glued words: ours "
            f"{totals['og']} vs pdfminer {totals['mg']}"
        )
    if "ps" in totals:
        print(
            f"   pdfium engine: split {totals['ps']} / glued {totals['pg']} "
            f"(pdfminer engine {totals['os']} / {totals['og']})"
        )
    print(
        "   (j1/miner, j2/miner: speed-up over extract_text; warm/cold: cached re-run time;"
        " pdfium: our pdfium engine -j 1)"
    )
