"""`bookclean score` and `bookclean check`: the counters, the comparison, exit codes, and the
HTML report as a person sees it in headless Chromium."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.quality import (
    Hunk,
    attach_edits,
    check_trees,
    find_books,
    lost_and_gained,
    score_body,
    score_raw,
    word_ops,
)
from pipeline.quality_html import render_html
from tests.conftest import CASES_DIR, ROOT

DENSE = "spacing-artifacts-dense"
INDEXED = "index-glued-last-page"
PLAIN = "lists"


def tree(root: Path, cases: tuple[str, ...] = (DENSE, INDEXED, PLAIN)) -> Path:
    """An output tree made of the goldens of *cases*."""
    for case in cases:
        shutil.copytree(CASES_DIR / case / "expected", root / case)
    return root


def edit_body(book: Path, old: str, new: str, count: int = 1) -> None:
    body = book / "body.txt"
    text = body.read_text(encoding="utf-8")
    assert old in text, old
    body.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_index_entry(book: Path, term: str) -> None:
    path = book / "index.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    kept = [e for e in entries if e["term"] != term]
    assert len(kept) == len(entries) - 1, term
    path.write_text(json.dumps(kept, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def trees(tmp_path):
    return tree(tmp_path / "base"), tree(tmp_path / "cand")


# ----------------------------------------------------------------------------- counters


def test_counters_on_a_text_with_every_artifact():
    body = (
        "The ar guments , and the diffe rence in practice mostteams see.\n\n"
        "An exam- ple of a (cid:7) glyph, and it doesn’ t stop.\n\n"
        "212\n\n"
        "The arguments are sound; the difference is clear. Most of the teams agree.\n"
    )
    examples: dict[str, list[str]] = {}
    c = score_body(body, examples)
    assert (c["split_words"], c["glued_words"], c["spaced_punct"]) == (2, 1, 2)
    assert (c["hyphen_leftovers"], c["furniture_lines"], c["unmapped_glyphs"]) == (1, 1, 1)
    assert examples["split_words"] == ["ar guments", "diffe rence"]
    assert examples["glued_words"] == ["mostteams"]
    assert c["paragraphs"] == 4 and c["nonword_share"] > 0


def test_clean_text_and_traps_count_nothing():
    body = (
        "There is a way in to the garden. Wait . . . then go, e.g. os.path.join and snake_case.\n\n"
        "The pre- and post-war well-known e-mail of the keepers’ families.\n\n"
        "    x = f(a , b)\n    return x\n"
    )
    c = score_body(body)
    assert [c[k] for k in ("split_words", "glued_words", "spaced_punct", "hyphen_leftovers")] == [
        0,
        0,
        0,
        0,
    ]


def test_the_goldens_are_clean_and_the_raw_inputs_are_not():
    raw = (CASES_DIR / DENSE / "input.txt").read_text(encoding="utf-8")
    body = (CASES_DIR / DENSE / "expected" / "body.txt").read_text(encoding="utf-8")
    before, after = score_raw(raw), score_body(body)
    for key in ("split_words", "glued_words", "spaced_punct", "furniture_lines"):
        assert before[key] > 0 and after[key] == 0, key


def test_respacing_is_no_loss_and_furniture_removed_is_no_loss():
    ops = word_ops(["The ar guments , then 212 and a cat."], ["The arguments, then and a dog."])
    lost, gained = lost_and_gained(ops, set())
    assert sorted(lost.elements()) == ["cat"]
    assert sorted(gained.elements()) == ["dog"]


def test_a_moved_paragraph_is_neither_lost_nor_gained():
    ops = word_ops(["one two", "three four", "five"], ["three four", "one two", "five"])
    lost, gained = lost_and_gained(ops, set())
    assert not lost and not gained


def test_edits_behind_a_change_go_to_its_paragraphs_in_order():
    hunks = [Hunk(["A Head"], [], []), Hunk(["text A Head more"], ["text more"], [])]
    base_edits = [{"rule": "x", "page": 1, "before": "keep", "after": "keep"}]
    cand_edits = [
        {"rule": "running_head", "page": 1, "before": "A Head", "after": ""},
        {"rule": "running_head", "page": 2, "before": "A Head", "after": ""},
        {"rule": "folio", "page": 3, "before": "77", "after": ""},
    ]
    rest = attach_edits(hunks, base_edits, cand_edits)
    assert [e["page"] for _, e in hunks[0].edits] == [1]
    assert [e["page"] for _, e in hunks[1].edits] == [2]
    assert sorted((side, e["rule"]) for side, e in rest) == [
        ("baseline", "x"),
        ("candidate", "folio"),
    ]


# ----------------------------------------------------------------------------- trees


def test_fixture_cases_are_a_tree_of_goldens():
    books = find_books(CASES_DIR)
    assert DENSE in books and books[DENSE] == CASES_DIR / DENSE / "expected"


def test_same_trees_exit_0(trees, capsys):
    base, cand = trees
    assert main(["check", str(base), str(cand), "--fail-on", "changed"]) == 0
    assert "no changes" in capsys.readouterr().out


def test_goldens_against_a_copy_of_themselves(tmp_path, capsys):
    cand = tree(tmp_path / "cand", (DENSE, PLAIN))
    shutil.copytree(CASES_DIR / INDEXED / "expected", cand / INDEXED)
    (cand / "summary.json").write_text("{}")
    result = check_trees(CASES_DIR, cand)
    by_name = {b.name: b for b in result.books}
    assert by_name[DENSE].status == "same"
    assert by_name["code-block"].status == "missing"  # only in the baseline
    # The raw bars come from the case's input.txt, found next to expected/.
    assert by_name[DENSE].raw["split_words"] > 0


def test_a_regression_exits_1_and_names_book_and_metric(trees, capsys):
    base, cand = trees
    edit_body(cand / DENSE, "arguments", "ar guments")
    edit_body(cand / DENSE, "A useful way", "A useful way , surely,")
    drop_index_entry(cand / INDEXED, "* (asterisk), unpacking")
    assert main(["check", str(base), str(cand), "--inputs", str(CASES_DIR)]) == 1
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()]
    assert [DENSE, "split", "words", "0", "1", "+1", "worse"] in rows
    assert [DENSE, "spaced", "punctuation", "0", "1", "+1", "worse"] in rows
    assert [INDEXED, "index", "entries", "lost", "1", "worse"] in rows
    assert PLAIN not in out
    assert "3 books: 2 worse, 0 changed, 1 unchanged" in out


def test_words_lost_beyond_the_tolerance_are_worse(trees, capsys):
    base, cand = trees
    sentence = "Two mechanisms control traffic inside a virtual network, and the difference between them is significant. "
    edit_body(cand / DENSE, sentence, "")
    assert main(["check", str(base), str(cand), "--diff"]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"{DENSE}\s+words lost\s+15\s+worse", out)
    assert "-Two mechanisms control traffic" in out  # the text diff


def test_an_improvement_exits_0_and_fail_on_changed_exits_1(trees, capsys):
    base, cand = trees
    edit_body(base / DENSE, "arguments", "ar guments")  # the baseline had an artifact
    assert main(["check", str(base), str(cand)]) == 0
    assert re.search(rf"{DENSE}\s+split words\s+1\s+0\s+-1\s+better", capsys.readouterr().out)
    assert main(["check", str(base), str(cand), "--fail-on", "changed"]) == 1


def test_a_missing_book_is_worse_and_bad_folders_are_usage_errors(trees, tmp_path, capsys):
    base, cand = trees
    shutil.rmtree(cand / PLAIN)
    assert main(["check", str(base), str(cand)]) == 1
    assert re.search(rf"{PLAIN}\s+missing in the candidate", capsys.readouterr().out)
    assert main(["check", str(base), str(tmp_path / "nope")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty")]) == 2
    assert "no books" in capsys.readouterr().err


def test_score_prints_the_counters(trees, capsys):
    base, _ = trees
    assert main(["score", str(base)]) == 0
    out = capsys.readouterr().out
    assert DENSE in out and "split" in out and "total (3 books)" in out
    assert main(["score", str(base), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[INDEXED]["index_entries"] > 0 and data[DENSE]["split_words"] == 0


def test_json_output(trees, tmp_path):
    base, cand = trees
    edit_body(cand / DENSE, "arguments", "ar guments")
    out = tmp_path / "r.json"
    assert main(["check", str(base), str(cand), "--json", str(out)]) == 1
    data = json.loads(out.read_text())
    book = next(b for b in data["books"] if b["book"] == DENSE)
    assert book["status"] == "worse"
    assert {"metric": "split_words", "baseline": 0, "candidate": 1, "verdict": "worse"} in book[
        "changes"
    ]


# ----------------------------------------------------------------------------- HTML


@pytest.fixture
def report(trees, tmp_path):
    base, cand = trees
    edit_body(cand / DENSE, "arguments", "ar guments")
    drop_index_entry(cand / INDEXED, "* (asterisk), unpacking")
    edit_body(cand / PLAIN, "\n\n", "\n\n101\n\n")  # a folio left behind
    page = tmp_path / "report.html"
    assert (
        main(["check", str(base), str(cand), "--html", str(page), "--inputs", str(CASES_DIR)]) == 1
    )
    return page


def test_html_is_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for needle in ("http://", "https://", "<script", "<link", " src=", "url("):
        assert needle not in text, needle
    assert "<svg" in text and 'class="worse"' in text


def test_html_names_the_edits_behind_a_change(trees):
    base, cand = trees
    edit_body(base / DENSE, "arguments", "ar guments")
    page = render_html(check_trees(base, cand))
    assert "<del>ar guments</del>" in page and "<ins>arguments</ins>" in page
    assert "candidate only" not in page  # the edit logs are the same: nothing to show
    assert "No edit-log difference touches these paragraphs." in page


CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
PROBE = """<script>
const px = el => el.getBoundingClientRect();
const probe = {
  text: document.body.innerText,
  books: [...document.querySelectorAll("#summary tbody tr")].map(tr => tr.dataset.book),
  worse: [...document.querySelectorAll("#summary td.worse")].map(td => ({
    text: td.innerText, metric: td.dataset.metric || "status",
    book: td.closest("tr").dataset.book, bg: getComputedStyle(td).backgroundColor,
    width: px(td).width, height: px(td).height})),
  bars: [...document.querySelectorAll("rect.bar")].map(r => ({
    book: r.closest("section").dataset.book, metric: r.dataset.metric,
    series: r.getAttribute("class"), width: px(r).width})),
  ins: [...document.querySelectorAll("ins")].map(e => e.innerText),
  del: [...document.querySelectorAll("del")].map(e => e.innerText),
};
const pre = document.createElement("pre");
pre.id = "probe";
pre.textContent = JSON.stringify(probe);
document.body.appendChild(pre);
</script>"""


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed: the browser test needs Debian's `chromium` "
            "(apt-get install chromium; .ci/run installs it)"
        )
    cmd = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(
        [*cmd, page.resolve().as_uri()], capture_output=True, timeout=90, check=False
    )


def test_report_in_a_real_browser(report, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(
        report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    run = chromium(tmp_path, probed, "--dump-dom")
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    dom = run.stdout.decode("utf-8")
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, dom[-2000:]
    seen = json.loads(html.unescape(m.group(1)))

    # The books, as a person reads them on the page.
    assert seen["books"] == [INDEXED, PLAIN, DENSE]
    for name in (INDEXED, PLAIN, DENSE):
        assert name in seen["text"]
    assert "3 worse, 0 changed, 0 unchanged" in seen["text"]

    # The regressions are coloured cells that are actually drawn, red.
    worse = {(w["book"], w["metric"]): w for w in seen["worse"]}
    cell = worse[(DENSE, "split_words")]
    assert cell["text"] == "0 → 1"
    assert cell["width"] > 10 and cell["height"] > 10
    assert cell["bg"] == "rgb(246, 196, 196)"
    assert (INDEXED, "index_entries_lost") in worse
    assert (PLAIN, "furniture_lines") in worse

    # A chart per book: raw, baseline and candidate bars; the raw input was found.
    dense_bars = [b for b in seen["bars"] if b["book"] == DENSE and b["metric"] == "split_words"]
    assert sorted(b["series"] for b in dense_bars) == [
        "bar bar-baseline",
        "bar bar-candidate",
        "bar bar-raw",
    ]
    assert all(b["width"] > 0 for b in dense_bars if not b["series"].endswith("baseline"))

    # The side-by-side diff of the changed paragraph.
    assert "ar guments" in seen["ins"] and "arguments" in seen["del"]
    assert "candidate only" not in seen["text"] or "baseline only" in seen["text"]


def test_report_screenshot_shows_the_worse_colour(report, tmp_path):
    shot = tmp_path / "shot.png"
    run = chromium(tmp_path, report, f"--screenshot={shot}", "--window-size=1200,700")
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 5000
    width, height, pixels = first_rows_with(data, (246, 196, 196))
    assert (width, height) == (1200, 700)
    assert pixels > 200, "no red 'worse' cell visible in the first screen"


def first_rows_with(png: bytes, rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Decode an 8-bit RGB(A) PNG row by row until rows hold pixels of *rgb*; return
    (width, height, how many such pixels were seen)."""
    pos, chunks = 8, []
    width = height = 0
    colour_type = 6
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    bpp = 4 if colour_type == 6 else 3
    stride = width * bpp
    prev = bytearray(stride)
    found = 0
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        target = bytes(rgb)
        found += sum(1 for x in range(0, stride, bpp) if line[x : x + 3] == target)
        if found > 200:
            break
        prev = line
    return width, height, found


def test_makefile_has_the_check_quality_target():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^check-quality:.*## ", makefile, re.M)
    assert "--fail-on worse" in makefile
