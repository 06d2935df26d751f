"""Spacing benchmark: the fix_spacing stage on the dev text, against wordninja and symspellpy.

The dev text (``fixtures/devtext/*.txt``, written for this project) is corrupted by the
artifact model of ``bench/corrupt.py`` with a few seeds; each file is one book. Only the
spacing stage runs (``pipeline.steps=['fix_spacing']``). The stage never changes a non-space
character, so every text is scored as the set of non-space characters preceded by
whitespace (line breaks count as whitespace):

- an artifact is *fixed* when the output agrees with the clean text at its position;
- a *change* is a position where the output differs from the corrupted text; it is *right*
  when it agrees with the clean text there, otherwise it is a *false change*;
- per class: recall = fixed / artifacts, precision = right / changes. A false change is
  given the class of the rule that could have made it: a space removed between letters is a
  ``split_word`` change, one removed before punctuation or next to an apostrophe a
  ``spaced_punct`` change, a space inserted after ``. ! ?`` a ``glued_sentence`` change,
  between letters a ``glued_word`` change; anything else is ``other``.

The clean text alone is run too: every change there is a false change.

Reference points: wordninja and symspellpy (not project dependencies) are applied to each
maximal run of letters and single spaces outside code lines: the run's spaces are removed,
the tool re-segments the letters, and its spaces are taken when its letters equal the input
letters (ignoring case). Punctuation classes they don't handle count as not fixed.
"""

from __future__ import annotations

import gc
import importlib.resources
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.corrupt import corrupt, is_code_line, region_labels, trap_positions

ROOT = Path(__file__).resolve().parent.parent
DEVTEXT = ROOT / "fixtures" / "devtext"
SEEDS = (1, 2, 3)
SCALE = {"traps.txt": 0.3}
CLASSES = ("split_word", "spaced_punct", "glued_word", "glued_sentence")
PER_WORDS = 20_000
TARGETS = {"split_word": 0.97, "spaced_punct": 0.97, "glued_word": 0.90}
THROUGHPUT_BYTES = 1_000_000
MAX_EXAMPLES = 15
RUN_RE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Spaced:
    """A text as its non-space characters, which of them follow whitespace, and where they are."""

    chars: str
    flags: list[bool]
    offsets: list[int]

    @classmethod
    def of(cls, text: str) -> Spaced:
        chars, flags, offsets = [], [], []
        ws = False
        for k, c in enumerate(text):
            if c.isspace():
                ws = True
                continue
            chars.append(c)
            flags.append(ws and len(chars) > 1)
            offsets.append(k)
            ws = False
        return cls("".join(chars), flags, offsets)


def change_class(chars: str, i: int, inserted: bool) -> str:
    prev, c = chars[i - 1] if i else "", chars[i]
    if inserted:
        if prev in ".!?":
            return "glued_sentence"
        return "glued_word" if prev.isalpha() and c.isalpha() else "other"
    if c in ",.;:!?’'" or prev in "’'":
        return "spaced_punct"
    return "split_word" if prev.isalpha() and c.isalpha() else "other"


@dataclass
class Tally:
    arts: Counter = field(default_factory=Counter)
    fixed: Counter = field(default_factory=Counter)
    changes: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    false: list = field(default_factory=list)  # (file, seed, pos, class, region)
    missed: list = field(default_factory=list)  # (file, seed, pos, class)
    clean_false: list = field(default_factory=list)  # (file, pos, class, region)
    words: int = 0
    mismatch: list = field(default_factory=list)


@dataclass
class Doc:
    name: str
    clean: str
    sclean: Spaced
    labels: list[str]
    traps: set[int]
    words: int
    runs: dict = field(default_factory=dict)  # seed -> (corrupted, artifacts, Spaced)


def subclass(doc: Doc, cls: str, pos: int) -> str | None:
    """A finer label for an artifact, for the sub-rows of the table."""
    chars = doc.sclean.chars
    if cls == "spaced_punct":
        return "apostrophe" if chars[pos] in "’'" or chars[pos - 1] in "’'" else None
    if cls != "split_word":
        return None
    text, off = doc.clean, doc.sclean.offsets[pos]
    lo = off
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = off
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    chunk = text[lo:hi]
    left = re.search(r"[A-Za-z]+$", text[lo:off]).group()
    right = re.match(r"[A-Za-z]+", text[off:hi]).group()
    if "-" in chunk.strip("-"):
        return "in a hyphenated compound"
    if left[0].isupper() and len(left) == 1:
        return "capitalised (Y ou, A WS)"
    if _is_word(left) and _is_word(right):
        return "both parts common words"
    return None


_ZIPF = None


def _is_word(w: str) -> bool:
    global _ZIPF
    if len(w) == 1 and w.lower() not in ("a", "i"):
        return False
    if _ZIPF is None:
        try:
            from wordfreq import zipf_frequency

            _ZIPF = zipf_frequency
        except ImportError:  # pragma: no cover
            _ZIPF = False
    return bool(_ZIPF) and _ZIPF(w, "en") >= 4.0


def region_of(doc: Doc, pos: int) -> str:
    order = ("code", "protected", "trap", "prose")
    around = [doc.labels[pos]] + ([doc.labels[pos - 1]] if pos else [])
    if pos in doc.traps:
        around.append("trap")
    return min(around, key=order.index)


def score(doc: Doc, seed: int, output: str, tally: Tally) -> None:
    _corrupted, arts, sc = doc.runs[seed]
    so = Spaced.of(output)
    if so.chars != doc.sclean.chars:
        tally.mismatch.append((doc.name, seed))
        return
    clean = doc.sclean.flags
    artpos = {}
    for cls, p in arts:
        artpos[p] = cls
        tally.arts[cls] += 1
        if so.flags[p] == clean[p]:
            tally.fixed[cls] += 1
        else:
            tally.missed.append((doc.name, seed, p, cls))
    for p, (a, b) in enumerate(zip(sc.flags, so.flags, strict=True)):
        if a == b:
            continue
        if p in artpos:
            cls = artpos[p]
            tally.changes[cls] += 1
            tally.right[cls] += 1
        else:
            cls = change_class(doc.sclean.chars, p, inserted=b)
            tally.changes[cls] += 1
            tally.false.append((doc.name, seed, p, cls, region_of(doc, p)))


def score_clean(doc: Doc, output: str, tally: Tally) -> None:
    so = Spaced.of(output)
    if so.chars != doc.sclean.chars:
        tally.mismatch.append((doc.name, "clean"))
        return
    for p, (a, b) in enumerate(zip(doc.sclean.flags, so.flags, strict=True)):
        if a != b:
            cls = change_class(doc.sclean.chars, p, inserted=b)
            tally.clean_false.append((doc.name, p, cls, region_of(doc, p)))


# --- the tools ------------------------------------------------------------------------------


def ours(text: str) -> str:
    from pipeline import clean_text

    return clean_text(text, sets=["pipeline.steps=['fix_spacing']"]).body


def segmenter(name: str):
    """Return a function letters -> list of words, or None when the tool is missing."""
    if name == "wordninja":
        try:
            import wordninja
        except ImportError:
            return None
        return wordninja.split
    try:
        from symspellpy import SymSpell
    except ImportError:
        return None
    sym = SymSpell(max_dictionary_edit_distance=0, prefix_length=7)
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with importlib.resources.as_file(path) as p:
        sym.load_dictionary(str(p), term_index=0, count_index=1)
    return lambda s: sym.word_segmentation(s, max_edit_distance=0).segmented_string.split()


def resegment(text: str, seg, cache: dict) -> str:
    """Apply a word segmenter to every run of letters and single spaces outside code lines."""

    def fix_run(m: re.Match) -> str:
        run = m.group()
        letters = run.replace(" ", "")
        if letters not in cache:
            words = seg(letters)
            cache[letters] = words if "".join(words).lower() == letters.lower() else None
        words = cache[letters]
        if words is None:
            return run
        out, k = [], 0
        for w in words:
            out.append(letters[k : k + len(w)])
            k += len(w)
        return " ".join(out)

    return "\n".join(
        line if is_code_line(line) else RUN_RE.sub(fix_run, line) for line in text.split("\n")
    )


# --- report ---------------------------------------------------------------------------------


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def context(text: str, offsets: list[int], pos: int, width: int = 32) -> str:
    off = offsets[pos]
    s = text[max(0, off - width) : off + width]
    return s.replace("\n", "⏎")


def print_table(tallies: dict[str, Tally | None], docs: list[Doc]) -> None:
    names = list(tallies)
    sub_arts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    by_name = {d.name: d for d in docs}
    ours_t = tallies["ours"]
    # sub-rows: artifacts and fixed per tool, from the missed lists
    for d in docs:
        for _seed, (_, arts, _) in d.runs.items():
            for cls, p in arts:
                sc = subclass(d, cls, p)
                if sc:
                    sub_arts[(cls, sc)]["n"] += 1
    sub_missed: dict[str, Counter] = {n: Counter() for n in names}
    for n, t in tallies.items():
        if t is None:
            continue
        for name, _seed, p, cls in t.missed:
            sc = subclass(by_name[name], cls, p)
            if sc:
                sub_missed[n][(cls, sc)] += 1

    head = f"{'class':<34}{'artifacts':>9}"
    for n in names:
        head += f" | {n + ' recall':>18} {'precision':>15}"
    print(head)
    print("-" * len(head))
    rows = []
    for cls in (*CLASSES, "other"):
        rows.append((cls, None))
        for key in sorted(k for k in sub_arts if k[0] == cls):
            rows.append((cls, key[1]))
    for cls, sub in rows:
        if sub is None:
            n_arts = ours_t.arts[cls]
            if cls == "other" and not any(t and t.changes["other"] for t in tallies.values()):
                continue
            line = f"{cls:<34}{n_arts:>9}"
        else:
            n_arts = sub_arts[(cls, sub)]["n"]
            line = f"{'  of which ' + sub:<34}{n_arts:>9}"
        for n in names:
            t = tallies[n]
            if t is None:
                line += f" | {'–':>18} {'–':>15}"
                continue
            if sub is None:
                fx = t.fixed[cls]
                rec = f"{fx}/{n_arts} {pct(fx, n_arts)}" if n_arts else "–"
                ch, rt = t.changes[cls], t.right[cls]
                prec = f"{rt}/{ch} {pct(rt, ch)}" if ch else "no changes"
            else:
                fx = n_arts - sub_missed[n][(cls, sub)]
                rec = f"{fx}/{n_arts} {pct(fx, n_arts)}"
                prec = ""
            line += f" | {rec:>18} {prec:>15}"
        print(line)
    tot_line = f"{'all':<34}{sum(ours_t.arts.values()):>9}"
    for n in names:
        t = tallies[n]
        if t is None:
            tot_line += f" | {'–':>18} {'–':>15}"
            continue
        na, fx = sum(t.arts.values()), sum(t.fixed.values())
        ch, rt = sum(t.changes.values()), sum(t.right.values())
        tot_line += f" | {f'{fx}/{na} {pct(fx, na)}':>18} {f'{rt}/{ch} {pct(rt, ch)}':>15}"
    print(tot_line)


def run() -> None:
    files = sorted(DEVTEXT.glob("*.txt"))
    if not files:
        print("   no dev text in fixtures/devtext/")
        return
    docs: list[Doc] = []
    for f in files:
        clean = f.read_text(encoding="utf-8")
        sclean = Spaced.of(clean)
        doc = Doc(
            f.name, clean, sclean, region_labels(clean), trap_positions(clean), len(clean.split())
        )
        assert len(doc.labels) == len(sclean.chars), f.name
        for seed in SEEDS:
            corrupted, arts = corrupt(clean, seed, scale=SCALE.get(f.name, 1.0))
            sc = Spaced.of(corrupted)
            assert sc.chars == sclean.chars, f"{f.name}: the artifact model changed a character"
            want = {p for _, p in arts}
            got = {p for p, (a, b) in enumerate(zip(sclean.flags, sc.flags, strict=True)) if a != b}
            assert want == got, f"{f.name} seed {seed}: artifact list disagrees with the text"
            doc.runs[seed] = (corrupted, arts, sc)
        docs.append(doc)
    words = sum(d.words for d in docs)
    region_counts = Counter(lab for d in docs for lab in d.labels)
    print(
        f"   dev text: {len(docs)} files, {words:,} words "
        f"({sum(d.words for d in docs if d.name == 'traps.txt'):,} in traps.txt); "
        f"seeds {' '.join(map(str, SEEDS))}; traps.txt corrupted at x{SCALE['traps.txt']}"
    )
    print(
        "   must-not-change: "
        f"{sum(1 for d in docs for ln in d.clean.split(chr(10)) if is_code_line(ln))} code lines, "
        f"{region_counts['protected']:,} chars in protected tokens, "
        f"{sum(len(d.traps) for d in docs)} trap pairs"
    )

    # ours (the wordfreq table is loaded once per process; load it before timing anything)
    from stages.lexicon import zipf

    zipf("the")
    tallies: dict[str, Tally | None] = {}
    seconds: dict[str, float] = {}
    outputs: dict[tuple[str, int], str] = {}
    t = Tally(words=words)
    t0 = time.perf_counter()
    for d in docs:
        for seed in SEEDS:
            out = ours(d.runs[seed][0])
            outputs[(d.name, seed)] = out
            score(d, seed, out, t)
        score_clean(d, ours(d.clean), t)
    seconds["ours"] = time.perf_counter() - t0
    tallies["ours"] = t

    missing = []
    for name in ("wordninja", "symspellpy"):
        seg = segmenter(name)
        if seg is None:
            tallies[name] = None
            missing.append(name)
            continue
        t = Tally(words=words)
        cache: dict = {}
        t0 = time.perf_counter()
        for d in docs:
            for seed in SEEDS:
                score(d, seed, resegment(d.runs[seed][0], seg, cache), t)
            score_clean(d, resegment(d.clean, seg, cache), t)
        seconds[name] = time.perf_counter() - t0
        tallies[name] = t

    print()
    print_table(tallies, docs)
    print()
    runs = words * len(SEEDS)
    for name, t in tallies.items():
        if t is None:
            print(f"   {name}: not installed (pip install wordninja symspellpy)")
            continue
        per = PER_WORDS / runs
        regions = Counter(r for *_, r in t.false)
        clean_n = len(t.clean_false)
        print(
            f"   {name}: {len(t.false)} false changes = {len(t.false) * per:.1f} per "
            f"{PER_WORDS:,} words ("
            + ", ".join(f"{k} {v}" for k, v in regions.most_common())
            + f"); on the clean text: {clean_n} = {clean_n * PER_WORDS / words:.1f} per "
            f"{PER_WORDS:,} words"
            + (f"; NON-SPACE MISMATCH in {t.mismatch}" if t.mismatch else "")
            + f"  [{seconds[name]:.1f} s]"
        )
    t = tallies["ours"]
    rec = {c: t.fixed[c] / t.arts[c] if t.arts[c] else 1.0 for c in CLASSES}
    glued = (t.fixed["glued_word"] + t.fixed["glued_sentence"]) / max(
        1, t.arts["glued_word"] + t.arts["glued_sentence"]
    )
    false_rate = len(t.false) * PER_WORDS / runs
    print()
    print("   targets (ours):")
    for c in ("split_word", "spaced_punct"):
        ok = "ok" if rec[c] >= TARGETS[c] else "MISSED"
        print(f"     recall {c:<26} {100 * rec[c]:5.1f}%  (>= {100 * TARGETS[c]:.0f}%)  {ok}")
    ok = "ok" if rec["glued_word"] >= TARGETS["glued_word"] else "MISSED"
    print(f"     recall {'glued_word':<26} {100 * rec['glued_word']:5.1f}%  (>= 90%)  {ok}")
    ok = "ok" if glued >= TARGETS["glued_word"] else "MISSED"
    print(f"     recall glued_word + glued_sentence {100 * glued:5.1f}%  (>= 90%)  {ok}")
    ok = "ok" if false_rate <= 1 else "MISSED"
    print(f"     false changes per {PER_WORDS:,} words  {false_rate:7.1f}   (<= 1)   {ok}")

    print()
    print("   per file (ours):")
    print(f"     {'file':<26}{'words':>7}{'artifacts':>10}{'recall':>8}{'false':>7}{'clean':>7}")
    for d in docs:
        na = sum(1 for s in SEEDS for _ in d.runs[s][1])
        nm = sum(1 for m in t.missed if m[0] == d.name)
        nf = sum(1 for f in t.false if f[0] == d.name)
        nc = sum(1 for f in t.clean_false if f[0] == d.name)
        print(f"     {d.name:<26}{d.words:>7}{na:>10}{pct(na - nm, na):>8}{nf:>7}{nc:>7}")
    print("     (artifacts and false changes summed over the seeds; clean: false changes on")
    print("      the uncorrupted text)")

    by_name = {d.name: d for d in docs}
    print()
    print(f"   false changes (ours), up to {MAX_EXAMPLES} distinct, class [region]:")
    seen: dict[tuple[str, int], list] = {}
    for name, seed, p, cls, region in t.false:
        seen.setdefault((name, p), []).append((seed, cls, region))
    groups: dict[str, list] = defaultdict(list)
    for (name, p), hits in seen.items():
        groups[hits[0][1]].append((name, p, hits))
    picked = []
    while len(picked) < MAX_EXAMPLES and any(groups.values()):
        for cls in sorted(groups):
            if groups[cls] and len(picked) < MAX_EXAMPLES:
                picked.append(groups[cls].pop(0))
    for name, p, hits in picked:
        seed, cls, region = hits[0]
        d = by_name[name]
        out = outputs[(name, seed)]
        so = Spaced.of(out)
        print(f"     {cls} [{region}] {name}, seeds {','.join(str(h[0]) for h in hits)}")
        corrupted, _, sc = d.runs[seed]
        print(f"       clean:     {context(d.clean, d.sclean.offsets, p)!r}")
        print(f"       corrupted: {context(corrupted, sc.offsets, p)!r}")
        print(f"       output:    {context(out, so.offsets, p)!r}")
    if not picked:
        print("     none")

    print()
    print("   missed artifacts (ours), up to 4 per class, corrupted -> output:")
    per_cls: dict[str, list] = defaultdict(list)
    for name, seed, p, cls in t.missed:
        if len(per_cls[cls]) < 4:
            per_cls[cls].append((name, seed, p))
    for cls in CLASSES:
        for name, seed, p in per_cls.get(cls, []):
            d = by_name[name]
            corrupted, _, sc = d.runs[seed]
            out = outputs[(name, seed)]
            so = Spaced.of(out)
            print(f"     {cls} {name} seed {seed}")
            print(f"       corrupted: {context(corrupted, sc.offsets, p, 24)!r}")
            print(f"       output:    {context(out, so.offsets, p, 24)!r}")

    # throughput: distinct corrupted copies of the whole dev text, concatenated to >= 1 MB
    parts, size, seed = [], 0, 100
    while size < THROUGHPUT_BYTES:
        seed += 1
        for d in docs:
            c, _ = corrupt(d.clean, seed, scale=SCALE.get(d.name, 1.0))
            parts.append(c)
            size += len(c.encode("utf-8"))
    big = "\n\n".join(parts)
    mb = len(big.encode("utf-8")) / 1e6
    try:
        from stages import spacing as _sp

        _sp._z.cache_clear()  # a new book starts with an empty word-frequency cache
    except (ImportError, AttributeError):
        pass
    from pipeline import clean_text

    # The objects built above (the reference tools' dictionaries, the per-character score
    # lists, every output) are kept out of the garbage collector while the stage is timed:
    # a full collection that happens to fall in a timed run walks them all (over 0.1 s), a
    # cost of this harness, not of the stage. The stage's own objects are collected as usual.
    gc.collect()
    gc.freeze()
    t0 = time.perf_counter()
    r = clean_text(big, sets=["pipeline.steps=['fix_spacing']"])
    total = time.perf_counter() - t0
    stage = sum(s.seconds for s in r.stages if s.name == "fix_spacing")
    print()
    print(
        f"   throughput (ours): {mb:.2f} MB in {total:.2f} s = {mb / total:.2f} MB/s for "
        f"clean_text with fix_spacing only (the stage alone {stage:.2f} s = "
        f"{mb / stage:.2f} MB/s); target >= 2 MB/s (word-frequency table already loaded, "
        "the stage's per-word cache cleared, the harness's objects frozen out of the collector)"
    )
    # the same amount of the dev text as written (no artifacts): the common case of a book
    # whose extraction went mostly right, where nearly every word is judged and left alone
    reps = THROUGHPUT_BYTES // max(1, sum(len(d.clean.encode("utf-8")) for d in docs)) + 1
    plain = "\n\n".join(d.clean for d in docs * reps)
    from stages import spacing as _sp2

    _sp2._z.cache_clear()
    r = clean_text(plain, sets=["pipeline.steps=['fix_spacing']"])
    stage_plain = sum(s.seconds for s in r.stages if s.name == "fix_spacing")
    gc.unfreeze()
    mb_plain = len(plain.encode("utf-8")) / 1e6
    print(
        f"   throughput on the dev text without artifacts: {mb_plain:.2f} MB, the stage "
        f"{stage_plain:.2f} s = {mb_plain / stage_plain:.2f} MB/s; artifact-dense text above is "
        f"{stage / mb / (stage_plain / mb_plain):.2f}x slower per MB"
    )
