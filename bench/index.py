"""The back-of-book index on the fixture cases with a hand-written truth/index.txt:

- index lines left in the body: truth entries whose text shows up in our body.txt;
- body lines taken into the index: our entries whose term is no truth term;
- entry precision and recall (an entry is its path of terms: head, sub-entry…);
- exact locator lists: share of matched entries whose locators, see and see-also
  references are all exactly right.
"""

from __future__ import annotations

from pathlib import Path

import regex

from bench.layout import ROOT, SETS  # the same fixture sets as the layout bench
from pipeline.inputs import read_book
from pipeline.outputs import render_body, render_index_text
from pipeline.runner import run as run_pipeline
from stages.index_parse import (
    BARE_FIRST,
    _split_run_in,
    bare_first_locators,
    parse_entry,
    run_in_style,
)
from tests.goldens import case_config

TRAILING_PAGES_RE = regex.compile(r"\s+(\d{1,4}(?:[–-]\d{1,4})?(?:, \d{1,4}(?:[–-]\d{1,4})?)*)$")


SEE_LINE_RE = regex.compile(r"(?i)^see(\s+also)?\s+(\S.*?)\.?$")


def _depth(raw: str) -> int:
    return (len(raw) - len(raw.lstrip(" "))) // 2 if raw.strip() else -1


def read_index_text(text: str) -> dict[tuple[str, ...], tuple]:
    r"""{(head, sub, …): (pages, see, see_also)} from index.txt format.

    >>> read_index_text("Heron 5\nWindows 10\n  setup, 4\nharbour, 3")
    {('Heron',): (('5',), (), ()), ('Windows 10',): ((), (), ()), ('Windows 10', 'setup'): (('4',), (), ()), ('harbour',): (('3',), (), ())}
    >>> read_index_text("belfry, 3\n  bells, 4\n  see also ringers; tower")[("belfry",)]
    (('3',), (), ('ringers', 'tower'))
    """
    rows = _run_in_expanded([raw for raw in text.splitlines() if raw.strip()])
    # (an index that sets its first locator after a space alone, ``lamp 2, 4``, is read
    # as parse_index reads it)
    token = BARE_FIRST.set(bare_first_locators(rows))
    try:
        return _read_rows(rows)
    finally:
        BARE_FIRST.reset(token)


def _read_rows(rows: list[str]) -> dict[tuple[str, ...], tuple]:
    out: dict[tuple[str, ...], tuple] = {}
    path: list[str] = []
    for k, raw in enumerate(rows):
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        ref = SEE_LINE_RE.match(raw.strip())
        if ref and depth and len(path) >= depth:
            # a cross-reference on a line of its own under an entry's sub-entries
            # ("  see also secretaries"): the entry's own
            head = tuple(path[:depth])
            pages, see, see_also = out.get(head, ((), (), ()))
            refs = tuple(t.strip() for t in ref.group(2).split(";"))
            if ref.group(1):
                see_also = see_also + refs
            else:
                see = see + refs
            out[head] = (pages, see, see_also)
            continue
        term, pages, see, see_also = parse_entry(raw.strip())
        after = rows[k + 1] if k + 1 < len(rows) else ""
        bare = TRAILING_PAGES_RE.search(term)
        if not (pages or see or see_also) and bare and _depth(after) <= depth:
            # an entry with nothing under it has a locator: a title set before its page
            # with no comma, as a poetry index prints it ("Heron 5"), alone reads like
            # "Windows 10"
            term, pages = term[: bare.start()], bare.group(1).split(", ")
        path = [*path[:depth], term]
        out[tuple(path)] = (tuple(pages), tuple(see), tuple(see_also))
    return out


def _run_in_expanded(rows: list[str]) -> list[str]:
    """Lines of an index printed run in (``cables: C4F and C4B, 63; crossing, 62n``), as
    its head and its sub-entries on lines of their own, by the convention's own evidence
    (two such lines, or two sub-entries on one: `split_run_in`): a truth file keeps the
    printed lines, the tool's index.txt writes each sub-entry on its own line.

    >>> _run_in_expanded(["tides: neap, 20–24; spring, 25", "  harbours, 3"])
    ['tides', '  neap, 20–24', '  spring, 25', '  harbours, 3']
    """
    style = run_in_style([raw.strip() for raw in rows])
    out = []
    for raw in rows:
        parts = _split_run_in(raw.strip(), style)
        if not parts:
            out.append(raw)
            continue
        lead = raw[: len(raw) - len(raw.lstrip(" "))]
        out += [lead + parts[0], *(lead + "  " + part for part in parts[1:])]
    return out


def score_case(case: Path) -> dict[str, int]:
    truth = read_index_text((case / "truth" / "index.txt").read_text(encoding="utf-8"))
    book = read_book(next(p for p in (case / "input.pdf", case / "input.txt") if p.exists()))
    result = run_pipeline(book, case_config(case))
    ours = read_index_text(render_index_text(result.book.index))
    body = render_body(result.book)
    body_lines = {ln.strip() for ln in body.splitlines()}
    truth_lines = {ln.strip() for ln in (case / "truth" / "index.txt").read_text().splitlines()}
    matched = set(truth) & set(ours)
    truth_terms = {k[-1] for k in truth}
    return {
        "truth": len(truth),
        "ours": len(ours),
        "matched": len(matched),
        "exact": sum(1 for k in matched if truth[k] == ours[k]),
        "index_in_body": sum(1 for t in truth_lines if t and t in body_lines),
        "body_in_index": sum(1 for k in ours if k[-1] not in truth_terms),
    }


def run() -> None:
    for label, folder in SETS.items():
        print(f"   {label} set")
        _run_set(sorted(c for c in folder.glob("*") if (c / "truth" / "index.txt").exists()))
    _run_links()


def _run_links() -> None:
    """Locators to paragraphs on book-300.pdf, which prints page numbers 1-298 on physical
    pages 3-300 (fixtures/pdf/README.md): every locator's page must be its number + 2."""
    from pipeline import clean_file

    pdf = ROOT / "fixtures" / "pdf" / "book-300.pdf"
    try:
        result = clean_file(pdf, sets=["extract.engine='pdfium'"])
    except Exception as exc:  # the PDFium extra may be missing
        result = None
        print(f"   locator links: PDFium engine unavailable ({exc}); using pdfminer")
    if result is None:
        result = clean_file(pdf)
    total = linked = right = 0

    def walk(entries) -> None:
        nonlocal total, linked, right
        for e in entries:
            for loc, t in zip(e.pages, e.targets or (), strict=False):
                total += 1
                linked += t.paragraph is not None or t.continued is not None
                first = regex.match(r"\d+", loc)
                right += bool(first) and t.page == int(first.group()) + 2
            walk(e.subentries)

    walk(result.book.index)
    print(
        f"   locator links, book-300.pdf: {linked}/{total} locators linked to a paragraph, "
        f"{right}/{total} on the right physical page ({right / max(1, total):.1%})"
    )


def _run_set(cases: list[Path]) -> None:
    print(
        f"   {'case':<28}{'entries':>8}{'found':>7}{'recall':>8}{'precision':>10}"
        f"{'exact locs':>11}{'idx in body':>12}{'body in idx':>12}"
    )
    tot = dict.fromkeys(("truth", "ours", "matched", "exact", "index_in_body", "body_in_index"), 0)
    for case in cases:
        s = score_case(case)
        for k in tot:
            tot[k] += s[k]
        print(
            f"   {case.name:<28}{s['truth']:>8}{s['ours']:>7}"
            f"{s['matched'] / max(1, s['truth']):>8.1%}{s['matched'] / max(1, s['ours']):>10.1%}"
            f"{s['exact'] / max(1, s['matched']):>11.1%}{s['index_in_body']:>12}{s['body_in_index']:>12}"
        )
    print(
        f"   {'all':<28}{tot['truth']:>8}{tot['ours']:>7}"
        f"{tot['matched'] / max(1, tot['truth']):>8.1%}{tot['matched'] / max(1, tot['ours']):>10.1%}"
        f"{tot['exact'] / max(1, tot['matched']):>11.1%}{tot['index_in_body']:>12}{tot['body_in_index']:>12}"
    )
