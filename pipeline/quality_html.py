"""The HTML report of `bookclean check --html`: one self-contained file (inline CSS and
SVG, no scripts, nothing fetched): a summary table with the metric changes coloured, per
book a bar chart of each artifact counter in the raw extraction, the baseline and the
candidate, and a side-by-side diff of the changed paragraphs with the edit-log entries
behind them.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from pipeline.quality import (
    ALL_METRICS,
    ARTIFACTS,
    PARA,
    BookCompare,
    CheckResult,
    _fmt,
    is_break,
)

SUMMARY_COLUMNS = (
    *ARTIFACTS,
    "words",
    "words_per_paragraph",
    "index_entries",
    "words_lost",
    "index_entries_lost",
    "paragraphs_changed",
)
COMPARE_ONLY = {
    "words_lost",
    "words_gained",
    "index_entries_lost",
    "index_entries_gained",
    "index_locators_lost",
    "index_locators_gained",
    "paragraphs_changed",
}
BAR_COLOURS = {"raw": "#9a9a9a", "baseline": "#3b6fb6", "candidate": "#d9822b"}
DIFF_WORDS_SHOWN = 1500  # per side of one hunk
EDITS_SHOWN = 40  # per hunk, and for the edits that touch no hunk

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em 2em;
       color: #1d1d1d; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.2em; margin: 0 0 .5em; }
h3 { font-size: 1em; margin: 1.2em 0 .4em; }
code, .diff td, .edits { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
.meta { color: #555; margin: 0 0 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d6d6d6; padding: 3px 7px; vertical-align: top; }
thead th { background: #f1f1f1; font-weight: 600; font-size: 12px; }
#summary { font-size: 12.5px; }
.scroll { overflow-x: auto; }
#summary td { text-align: right; white-space: nowrap; }
#summary tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
.worse { background: #f6c4c4; color: #7a0000; font-weight: 600; }
.better { background: #c9ebc9; color: #0d4f0d; }
.changed { background: #fdf0b3; color: #5a4600; }
.same { color: #444; }
.missing { background: #f6c4c4; color: #7a0000; font-weight: 600; }
.new { background: #fdf0b3; color: #5a4600; }
.badge { display: inline-block; padding: 0 .5em; border-radius: 3px; font-size: .8em;
         vertical-align: middle; }
.legend span { display: inline-block; padding: 0 .6em; margin-right: .4em; border-radius: 3px; }
section.book { border-top: 2px solid #e2e2e2; margin-top: 2em; padding-top: 1em; }
.cols { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; }
.metrics td { text-align: right; }
.metrics td:first-child { text-align: left; }
.diff { width: 100%; table-layout: fixed; margin-bottom: .3em; }
.diff td { width: 50%; white-space: pre-wrap; word-wrap: break-word; }
.diff p { margin: 0 0 .6em; }
del { background: #ffc9c9; text-decoration: line-through; color: #7a0000; }
ins { background: #c4f0c4; text-decoration: none; color: #0b4d0b; }
.edits { margin: .2em 0 1.2em; padding-left: 1.2em; color: #333; }
.edits li { margin: .1em 0; }
.edits .side { font-weight: 600; }
.edits .baseline .side { color: #3b6fb6; }
.edits .candidate .side { color: #b4621a; }
.evidence { color: #777; }
.examples li { margin: .1em 0; }
.none { color: #777; font-style: italic; }
"""


def render_html(result: CheckResult) -> str:
    counts = result.counts()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>bookclean check: {escape(str(result.candidate))}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>bookclean check</h1>",
        f'<p class="meta">baseline <code>{escape(str(result.baseline))}</code> → candidate '
        f"<code>{escape(str(result.candidate))}</code>: {len(result.books)} books, "
        f'<span id="count-worse">{counts["worse"] + counts["missing"]}</span> worse, '
        f'<span id="count-changed">{counts["changed"] + counts["new"]}</span> changed, '
        f'<span id="count-same">{counts["same"]}</span> unchanged</p>',
        '<p class="legend"><span class="worse">worse</span><span class="better">better</span>'
        '<span class="changed">changed</span> counters that should be low: a rise is worse; '
        "words lost beyond a small tolerance and index entries lost are worse.</p>",
        _summary(result),
    ]
    for book in result.books:
        parts.append(_book(book))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _summary(result: CheckResult) -> str:
    head = "".join(
        f'<th title="{escape(ALL_METRICS[k].doc)}">{escape(ALL_METRICS[k].label)}</th>'
        for k in SUMMARY_COLUMNS
    )
    rows = []
    for b in result.books:
        cells = []
        for key in SUMMARY_COLUMNS:
            c = b.change(key)
            if c is None:
                run = b.cand or b.base
                value = (
                    run.counters.get(key) if run is not None and key not in COMPARE_ONLY else None
                )
                cells.append(f'<td class="same">{_fmt(value) if value is not None else ""}</td>')
            elif key in COMPARE_ONLY:
                cells.append(f'<td class="{c.verdict}" data-metric="{key}">{_fmt(c.cand)}</td>')
            elif c.verdict == "same":
                cells.append(f'<td class="same" data-metric="{key}">{_fmt(c.cand)}</td>')
            else:
                cells.append(
                    f'<td class="{c.verdict}" data-metric="{key}" '
                    f'title="{escape(c.label)}: {c.verdict} ({c.delta})">'
                    f"{_fmt(c.base)} → {_fmt(c.cand)}</td>"
                )
        rows.append(
            f'<tr data-book="{escape(b.name)}"><th><a href="#{_anchor(b.name)}">{escape(b.name)}</a></th>'
            f'<td class="status {b.status}">{b.status}</td>{"".join(cells)}</tr>'
        )
    return (
        f'<div class="scroll"><table id="summary"><thead><tr><th>book</th><th>status</th>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _anchor(name: str) -> str:
    return "book-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


def _book(b: BookCompare) -> str:
    out = [
        f'<section class="book" id="{_anchor(b.name)}" data-book="{escape(b.name)}">',
        f'<h2>{escape(b.name)} <span class="badge {b.status}">{b.status}</span></h2>',
    ]
    if b.cand is None:
        out.append(
            '<p class="missing">This book is in the baseline but missing in the candidate.</p>'
        )
    elif b.base is None:
        out.append('<p class="new">This book is new in the candidate.</p>')
    out.append('<div class="cols">')
    out.append(_chart(b))
    if b.base is not None and b.cand is not None:
        out.append(_metrics(b))
    out.append("</div>")
    run = b.cand or b.base
    if run is not None:
        run.counters  # noqa: B018 - fills run.examples
        ex = [
            f"<li>{escape(ALL_METRICS[k].label)}: "
            + ", ".join(f"<code>{escape(x)}</code>" for x in run.examples.get(k, []))
            + "</li>"
            for k in ARTIFACTS
            if run.examples.get(k)
        ]
        if ex:
            who = "candidate" if b.cand is not None else "baseline"
            out.append(
                f'<h3>Suspects left in the {who}</h3><ul class="examples">{"".join(ex)}</ul>'
            )
    if b.words_lost or b.words_gained or b.index_lost or b.index_gained:
        out.append('<h3>Lost and gained</h3><ul class="examples">')
        for label, items in (
            ("words lost", b.words_lost),
            ("words gained", b.words_gained),
            ("index entries lost", b.index_lost),
            ("index entries gained", b.index_gained),
        ):
            if items:
                shown = ", ".join(f"<code>{escape(x)}</code>" for x in items[:60])
                more = f" … and {len(items) - 60} more" if len(items) > 60 else ""
                out.append(f"<li>{label} ({len(items)}): {shown}{more}</li>")
        out.append("</ul>")
    if b.base is not None and b.cand is not None:
        out.append(_diff(b))
    out.append("</section>")
    return "\n".join(out)


def _metrics(b: BookCompare) -> str:
    rows = ["<tr><th>metric</th><th>baseline</th><th>candidate</th><th>change</th></tr>"]
    for c in b.changes:
        if c.metric in COMPARE_ONLY:
            rows.append(
                f'<tr><td>{escape(c.label)}</td><td></td><td class="{c.verdict}">{_fmt(c.cand)}</td><td></td></tr>'
            )
        else:
            rows.append(
                f"<tr><td>{escape(c.label)}</td><td>{_fmt(c.base)}</td>"
                f'<td class="{c.verdict}">{_fmt(c.cand)}</td><td>{c.delta}</td></tr>'
            )
    return f'<table class="metrics">{"".join(rows)}</table>'


def _chart(b: BookCompare) -> str:
    """Per artifact counter, one bar each for the raw extraction (when known), the baseline
    and the candidate, each row on its own scale."""
    series = []
    if b.raw:
        series.append(("raw", b.raw))
    if b.base is not None:
        series.append(("baseline", b.base.counters))
    if b.cand is not None:
        series.append(("candidate", b.cand.counters))
    label_w, bar_w, bar_h, gap = 150, 220, 11, 9
    width = label_w + bar_w + 50
    y = 28
    body = []
    legend_x = 0
    for name, _ in series:
        body.append(
            f'<rect x="{legend_x}" y="4" width="12" height="12" fill="{BAR_COLOURS[name]}"/>'
            f'<text x="{legend_x + 16}" y="14" font-size="12">{name}</text>'
        )
        legend_x += 100
    for key in ARTIFACTS:
        present = [(name, values[key]) for name, values in series if key in values]
        top = max([v for _, v in present] + [0]) or 1
        rows = max(len(series), 1)
        body.append(
            f'<text x="0" y="{y + rows * bar_h / 2 + 4:.0f}" font-size="12">'
            f"{escape(ALL_METRICS[key].label)}</text>"
        )
        for i, (name, values) in enumerate(series):
            by = y + i * bar_h
            if key not in values:
                body.append(
                    f'<text x="{label_w}" y="{by + bar_h - 2}" font-size="10" fill="#999">'
                    f"{name}: n/a</text>"
                )
                continue
            v = values[key]
            w = 0 if not v else max(2.0, bar_w * v / top)
            body.append(
                f'<rect class="bar bar-{name}" data-metric="{key}" data-value="{_fmt(v)}" '
                f'x="{label_w}" y="{by + 1}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{BAR_COLOURS[name]}"><title>{name}: {_fmt(v)}</title></rect>'
                f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 2}" font-size="10">{_fmt(v)}</text>'
            )
        y += rows * bar_h + gap
    source = f"raw: {b.raw_source}" if b.raw_source else "raw extraction not found"
    return (
        f'<figure class="chart"><svg width="{width}" '
        f'height="{y}" viewBox="0 0 {width} {y}" role="img" '
        f'aria-label="artifact counters of {escape(b.name)}">{"".join(body)}</svg>'
        f'<figcaption class="meta">{escape(source)}</figcaption></figure>'
    )


def _side(ops: list[tuple[str, list[str], list[str]]], which: int) -> str:
    """One side of a word diff as paragraphs (line breaks and indentation kept), the words
    only this side has marked.

    >>> _side([("equal", ["A"], ["A"]), ("replace", ["ar", "guments"], ["arguments"])], 0)
    '<p>A <del>ar guments</del></p>'
    """
    marks = (
        {"delete": "del", "replace": "del"} if which == 0 else {"insert": "ins", "replace": "ins"}
    )
    out: list[str] = []
    shown = 0
    total = sum(len(op[which + 1]) for op in ops)
    prev_word = False
    for tag, old, new in ops:
        words = old if which == 0 else new
        if not words:
            continue
        if shown >= DIFF_WORDS_SHOWN:
            out.append(f' <span class="none">… {total - shown} more words</span>')
            break
        shown += len(words)
        mark = marks.get(tag)
        group: list[str] = []
        for w in [*words, PARA + "end"]:  # a sentinel flushes the last group
            if is_break(w) or w == PARA + "end":
                if group:
                    text = " ".join(group)
                    out.append(f"<{mark}>{text}</{mark}>" if mark else text)
                    group = []
                if w == PARA:
                    out.append("</p><p>")
                elif w != PARA + "end":
                    out.append(escape(w))
                prev_word = prev_word and w == PARA + "end"
            else:
                if not group and prev_word:
                    out.append(" ")
                group.append(escape(w))
                prev_word = True
    return f"<p>{''.join(out)}</p>"


def _edit(side: str, e: dict[str, Any]) -> str:
    evidence = json.dumps(e.get("evidence", {}), ensure_ascii=False, sort_keys=True)
    if len(evidence) > 160:
        evidence = evidence[:157] + "…"
    return (
        f'<li class="{side}"><span class="side">{side} only</span> '
        f"{escape(str(e.get('stage', '')))}/{escape(str(e.get('rule', '')))}, p. {escape(str(e.get('page', '')))}: "
        f"<code>{escape(str(e.get('before', '')))}</code> → <code>{escape(str(e.get('after', '')))}</code> "
        f'<span class="evidence">{escape(evidence)}</span></li>'
    )


def _diff(b: BookCompare) -> str:
    if not b.hunks:
        return '<h3>Changed paragraphs</h3><p class="none">The text is the same.</p>'
    out = [f"<h3>Changed paragraphs ({len(b.hunks)} runs)</h3>"]
    for h in b.hunks:
        out.append(
            '<table class="diff"><thead><tr><th>baseline</th><th>candidate</th></tr></thead>'
            f"<tbody><tr><td>{_side(h.ops, 0)}</td><td>{_side(h.ops, 1)}</td></tr></tbody></table>"
        )
        if h.edits:
            items = "".join(_edit(side, e) for side, e in h.edits[:EDITS_SHOWN])
            more = (
                f"<li>… and {len(h.edits) - EDITS_SHOWN} more</li>"
                if len(h.edits) > EDITS_SHOWN
                else ""
            )
            out.append(f'<ul class="edits">{items}{more}</ul>')
        else:
            out.append('<p class="none edits">No edit-log difference touches these paragraphs.</p>')
    if b.other_edits:
        items = "".join(_edit(side, e) for side, e in b.other_edits[:EDITS_SHOWN])
        more = (
            f"<li>… and {len(b.other_edits) - EDITS_SHOWN} more</li>"
            if len(b.other_edits) > EDITS_SHOWN
            else ""
        )
        out.append(f'<h3>Other edit-log differences</h3><ul class="edits">{items}{more}</ul>')
    return "\n".join(out)
