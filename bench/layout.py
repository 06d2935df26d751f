"""Paragraphs, furniture and hyphens against hand-written truth, on the dev cases
(fixtures/cases, which the rules were tuned on) and on the holdout cases (fixtures/holdout,
written without seeing the code), next to a naive reference: join every line of a
blank-separated block and remove every line-end hyphen.

Texts are compared as token sequences with a break marker at every line (a paragraph, a
list item, a heading, a row of a table or of code: each is a line of body.txt, so a truth
that sets list items apart with blank lines and one that does not score alike), aligned
with difflib:
- breaks joined: truth paragraph breaks missing from the output (real breaks wrongly joined);
- breaks left: output breaks that the truth does not have (wrapped line breaks left);
- furniture left: page-edge lines of the input (running heads, page numbers) that the
  truth does not contain and the output does, as a line or inside a paragraph, per page;
- hyphens: hyphenated tokens of the output the truth writes without hyphen (left), and
  truth hyphenated tokens that the output joined (wrongly removed), per 1,000 words;
- word accuracy: share of truth tokens the output reproduces in order.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import unicodedata
from pathlib import Path

import regex

from pipeline.inputs import decode_text, read_book
from pipeline.outputs import render_body
from pipeline.runner import run as run_pipeline
from tests.goldens import case_config

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "dev": ROOT / "fixtures" / "cases",
    "holdout": ROOT / "fixtures" / "holdout",
    "probe": ROOT / "fixtures" / "probe",
    "probe2": ROOT / "fixtures" / "probe2",
    "probe3": ROOT / "fixtures" / "probe3",
    "probe3pdf": ROOT / "fixtures" / "probe3pdf",
    "probe4": ROOT / "fixtures" / "probe4",
    "probe4pdf": ROOT / "fixtures" / "probe4pdf",
    "probe5": ROOT / "fixtures" / "probe5",
    "probe5pdf": ROOT / "fixtures" / "probe5pdf",
    "probe6": ROOT / "fixtures" / "probe6",
    "probe6pdf": ROOT / "fixtures" / "probe6pdf",
    "probe7": ROOT / "fixtures" / "probe7",
    "probe8": ROOT / "fixtures" / "probe8",
    "probe9": ROOT / "fixtures" / "probe9",
    "probe10": ROOT / "fixtures" / "probe10",
    "probe11": ROOT / "fixtures" / "probe11",
    "probe12": ROOT / "fixtures" / "probe12",
    "probe13": ROOT / "fixtures" / "probe13",
    "probe14": ROOT / "fixtures" / "probe14",
    "probe15": ROOT / "fixtures" / "probe15",
    "probe16": ROOT / "fixtures" / "probe16",
    "probe17": ROOT / "fixtures" / "probe17",
    "probe18": ROOT / "fixtures" / "probe18",
    "probe19": ROOT / "fixtures" / "probe19",
    "probe20": ROOT / "fixtures" / "probe20",
    "probe21": ROOT / "fixtures" / "probe21",
    "probe22": ROOT / "fixtures" / "probe22",
    "probe23": ROOT / "fixtures" / "probe23",
    "probe24": ROOT / "fixtures" / "probe24",
    "probe25": ROOT / "fixtures" / "probe25",
    "probe26": ROOT / "fixtures" / "probe26",
    "probe27": ROOT / "fixtures" / "probe27",
    "probe28": ROOT / "fixtures" / "probe28",
    "probe29": ROOT / "fixtures" / "probe29",
    "probe30": ROOT / "fixtures" / "probe30",
    "probe31": ROOT / "fixtures" / "probe31",
    "probe32": ROOT / "fixtures" / "probe32",
    "probe33": ROOT / "fixtures" / "probe33",
    "probe34": ROOT / "fixtures" / "probe34",
    "probe35": ROOT / "fixtures" / "probe35",
    "probe36": ROOT / "fixtures" / "probe36",
    "probe37": ROOT / "fixtures" / "probe37",
    "probe38": ROOT / "fixtures" / "probe38",
    "probe39": ROOT / "fixtures" / "probe39",
    "probe40": ROOT / "fixtures" / "probe40",
    "probe41": ROOT / "fixtures" / "probe41",
    "probe42": ROOT / "fixtures" / "probe42",
    "probe43": ROOT / "fixtures" / "probe43",
    "probe44": ROOT / "fixtures" / "probe44",
    "probe45": ROOT / "fixtures" / "probe45",
    "probe46": ROOT / "fixtures" / "probe46",
    "probe47": ROOT / "fixtures" / "probe47",
    "probe48": ROOT / "fixtures" / "probe48",
    "probe49": ROOT / "fixtures" / "probe49",
    "probe50": ROOT / "fixtures" / "probe50",
    "probe51": ROOT / "fixtures" / "probe51",
    "probe52": ROOT / "fixtures" / "probe52",
    "probe53": ROOT / "fixtures" / "probe53",
}
BREAK = "¶"
TOKEN_RE = regex.compile(r"\S+")


def tokens(body: str) -> list[str]:
    out: list[str] = []
    for para in regex.split(r"\n\s*", body.strip()):  # every line: a paragraph, a list item, a row
        if out:
            out.append(BREAK)
        out.extend(TOKEN_RE.findall(para))
    return out


def naive(text: str) -> str:
    """Join every line of a blank-separated block; remove every line-end hyphen."""
    paras = []
    for block in regex.split(r"\n\s*\n|\f", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        para = lines[0]
        for ln in lines[1:]:
            para = para[:-1] + ln if para.endswith("-") else para + " " + ln
        paras.append(para)
    return "\n\n".join(paras) + "\n"


def compare(ours: str, truth: str) -> dict[str, int]:
    a, b = tokens(truth), tokens(ours)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in sm.get_matching_blocks())
    truth_breaks = a.count(BREAK)
    kept_breaks = sum(
        1
        for block in sm.get_matching_blocks()
        for k in range(block.size)
        if a[block.a + k] == BREAK
    )
    words_truth = len([t for t in a if t != BREAK])
    truth_set = set(a)
    hyph_ours = [t for t in b if "-" in t.strip("-—–.,;:") and t not in truth_set]
    left = sum(1 for t in hyph_ours if t.replace("-", "") in truth_set)
    ours_set = set(b)
    removed = sum(
        1
        for t in set(a)
        if "-" in t.strip("-—–.,;:") and t not in ours_set and t.replace("-", "") in ours_set
    )
    return {
        "words": words_truth,
        "matched_words": same - kept_breaks,
        "truth_breaks": truth_breaks,
        "breaks_joined": truth_breaks - kept_breaks,
        "breaks_left": b.count(BREAK) - kept_breaks,
        "hyphen_left": left,
        "hyphen_removed": removed,
    }


def _squeeze(text: str) -> str:
    """Text without spaces, compatibility-folded, for finding a line inside a paragraph."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def furniture_left(ours: str, truth: str, text: str) -> int:
    """Page-edge lines of the input that the truth does not contain and the output still
    has: as lines of their own, or joined into a paragraph (compared without spaces, so that
    a running head glued into the sentence it interrupted counts as well)."""
    edge = set()
    for page in text.split("\f"):
        lines = [" ".join(ln.split()) for ln in page.splitlines() if ln.strip()]
        edge.update(lines[:2] + lines[-2:])
    truth_sq, ours_sq = _squeeze(truth), _squeeze(ours)
    left = 0
    for ln in sorted(edge):
        key = _squeeze(ln).rstrip("-")
        if len(ln) < 60 and key and key not in truth_sq:
            left += ours_sq.count(key)
    return left


def run() -> None:
    run_sets()
    print("   words right against the truth of fixtures/pdf (pdfminer's text export vs the PDF)")
    run_exports()


def run_sets() -> None:
    for label, folder in SETS.items():
        cases = sorted(c for c in folder.glob("*") if (c / "truth" / "body.txt").exists())
        if not cases:
            continue
        print(f"   {label} set ({len(cases)} cases)")
        print(
            f"   {'case':<34}{'acc':>7}{'naive':>7}{'joined':>7}{'naive':>6}{'left':>6}"
            f"{'naive':>6}{'furn':>5}{'naive':>6}{'hy left':>8}{'hy rm':>6}"
        )
        tot: dict[str, float] = {}
        ntot: dict[str, float] = {}
        pages = 0
        for case in cases:
            src = next(p for p in (case / "input.pdf", case / "input.txt") if p.exists())
            if src.suffix == ".pdf":
                from pdfminer.high_level import extract_text

                text = extract_text(str(src))  # the naive reference starts from pdfminer's text
            else:
                text = decode_text(src.read_bytes(), str(src))[0]  # (as the tool reads it)
            truth = (case / "truth" / "body.txt").read_text(encoding="utf-8")
            book = read_book(src)
            pages += book.page_count
            ours = render_body(run_pipeline(book, case_config(case)).book)
            s = compare(ours, truth)
            s["furniture"] = furniture_left(ours, truth, text)
            # Line breaks inside the truth's paragraphs: the wrapped breaks to be undone.
            s["wrapped"] = sum(1 for ln in text.splitlines() if ln.strip()) - (
                s["truth_breaks"] + 1
            )
            nv = naive(text)
            n = compare(nv, truth)
            n["furniture"] = furniture_left(nv, truth, text)
            for k, v in s.items():
                tot[k] = tot.get(k, 0) + v
            for k, v in n.items():
                ntot[k] = ntot.get(k, 0) + v
            print(
                f"   {case.name[:33]:<34}{s['matched_words'] / s['words']:>7.1%}"
                f"{n['matched_words'] / n['words']:>7.1%}{s['breaks_joined']:>7}"
                f"{n['breaks_joined']:>6}{s['breaks_left']:>6}{n['breaks_left']:>6}"
                f"{s['furniture']:>5}{n['furniture']:>6}{s['hyphen_left']:>8}{s['hyphen_removed']:>6}"
            )
        w = tot["words"]
        print(
            f"   totals: word accuracy {tot['matched_words'] / w:.2%} (naive "
            f"{ntot['matched_words'] / ntot['words']:.2%}); real breaks wrongly joined "
            f"{tot['breaks_joined']}/{tot['truth_breaks']} = "
            f"{tot['breaks_joined'] / max(1, tot['truth_breaks']):.1%} (naive "
            f"{ntot['breaks_joined'] / max(1, ntot['truth_breaks']):.1%}); breaks left "
            f"{tot['breaks_left']} = {tot['breaks_left'] / max(1, tot['truth_breaks']):.1%} of "
            f"the truth's breaks (naive {ntot['breaks_left'] / max(1, ntot['truth_breaks']):.1%})"
        )
        print(
            f"           wrapped line breaks left {tot['breaks_left']}/{tot['wrapped']} = "
            f"{tot['breaks_left'] / max(1, tot['wrapped']):.2%} (target <= 0.5%); real breaks "
            f"wrongly joined {tot['breaks_joined'] / max(1, tot['truth_breaks']):.2%} (target <= 1%)"
        )
        print(
            f"           furniture left {tot['furniture'] / pages:.3f} lines/page (naive "
            f"{ntot['furniture'] / pages:.3f}); hyphen leftovers "
            f"{1000 * tot['hyphen_left'] / w:.2f} per 1,000 words (naive "
            f"{1000 * ntot['hyphen_left'] / w:.2f}); hyphens wrongly removed "
            f"{tot['hyphen_removed']} (naive {ntot['hyphen_removed']}) in {int(w):,} words"
        )


def word_accuracy(ours: str, truth: str) -> float:
    """Share of the truth's words (as a multiset) that the output has (fast on whole books).

    >>> word_accuracy("the ar guments here", "the arguments here")
    0.6666666666666666
    """
    from collections import Counter

    a, b = Counter(truth.split()), Counter(ours.split())
    return sum((a & b).values()) / max(1, sum(a.values()))


def run_exports() -> None:
    """Text as other tools export it: pdfminer's extract_text of each test PDF, cleaned as a
    .txt, next to the raw export and to cleaning the PDF itself."""
    from pdfminer.high_level import extract_text

    from pipeline.inputs import book_from_text
    from pipeline.pdf import book_from_pdf

    layout = shutil.which("pdftotext")
    print(
        f"   {'pdf':<22}{'raw export':>11}{'cleaned export':>15}{'cleaned PDF':>12}"
        + (f"{'-layout raw':>13}{'-layout cleaned':>16}" if layout else "")
    )
    for pdf in sorted((ROOT / "fixtures" / "pdf").glob("*.pdf")):
        truth_path = pdf.with_suffix(".truth.txt")
        if not truth_path.exists():
            continue
        truth = truth_path.read_text(encoding="utf-8")
        raw = extract_text(str(pdf))
        cfg = case_config(ROOT / "fixtures" / "cases" / "none")
        cleaned = render_body(run_pipeline(book_from_text(raw, pdf.name), cfg).book)
        direct = render_body(run_pipeline(book_from_pdf(pdf.read_bytes(), pdf.name), cfg).book)
        row = (
            f"   {pdf.name:<22}{word_accuracy(raw, truth):>11.2%}"
            f"{word_accuracy(cleaned, truth):>15.2%}{word_accuracy(direct, truth):>12.2%}"
        )
        if layout:
            # poppler's layout-preserving export, when installed (not a dependency)
            out = subprocess.run(
                [layout, "-layout", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
            lay = render_body(run_pipeline(book_from_text(out, pdf.name), cfg).book)
            row += f"{word_accuracy(out, truth):>13.2%}{word_accuracy(lay, truth):>16.2%}"
        print(row)
    if not layout:
        print("   (pdftotext not installed: the -layout columns are left out)")
