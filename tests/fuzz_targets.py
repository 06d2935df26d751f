"""Fuzzing harness (``make fuzz``): random and mutated inputs for the text stages and PDF
extraction. Not collected by the normal test run; ``make fuzz`` runs it for
FUZZ_SECONDS (default 600) and keeps every input that crashed under fixtures/fuzz-crashes/.

Run: ``python -m tests.fuzz_targets`` (rounds of 300 random examples per target, with new
random seeds, until the time is up).

Properties: the text pipeline never raises, is deterministic, idempotent and conserves
letters and digits; PDF extraction either returns a Book or raises BookError, nothing else.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean_text
from pipeline.conservation import check
from pipeline.errors import BookError
from pipeline.outputs import render_index_text
from pipeline.pdf import book_from_pdf

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "fixtures" / "fuzz-crashes"
SEEDS = sorted((ROOT / "fixtures" / "pdf").glob("*.pdf"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "600"))
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def _keep(kind: str, data: bytes) -> None:
    CRASHES.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    (CRASHES / f"{kind}-{name}.bin").write_bytes(data)


text_alphabet = st.characters(blacklist_categories=("Cs",))
texts = st.one_of(
    st.text(text_alphabet, max_size=3000),
    st.lists(
        st.sampled_from(
            [
                "ar",
                "guments",
                "Index",
                "see also",
                "12",
                "xii",
                "—",
                "-",
                "\n",
                "\f",
                " ",
                ",",
                ".",
                "’s",
                "exam-",
                "ple",
                "    code = 1;",
                "•",
                "1.",
                "(",
                ")",
                "A",
                "WS",
                "it.If",
                "          ",
                "Figure 1. ",
                "https://a.org/",
                "T",
                "con- ",
                "\n\n",
                "1 See",
            ]
        ),
        max_size=400,
    ).map("".join),
)


@FUZZ
@given(texts)
def test_fuzz_text(text):
    try:
        a = clean_text(text)
        b = clean_text(text)
        assert a.body == b.body and a.book.index == b.book.index
        verdict = check(a.baseline, a.body, render_index_text(a.book.index), a.edits)
        assert verdict["ok"], verdict
    except Exception:
        _keep("text", text.encode("utf-8", "surrogatepass"))
        raise


@FUZZ
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), max_size=40),
    st.integers(0, 10**7),
)
def test_fuzz_pdf(seed, flips, cut):
    data = bytearray(seed.read_bytes())
    for pos, value in flips:
        data[pos % len(data)] = value
    data = bytes(data[: max(16, cut % (len(data) + 1))])
    try:
        book_from_pdf(data, "fuzz.pdf")
    except BookError:
        pass
    except RecursionError:
        pass  # deep nesting: the batch reports it as a failed book
    except Exception:
        _keep("pdf", data)
        raise


def main() -> int:
    deadline = time.monotonic() + SECONDS
    rounds = 0
    while time.monotonic() < deadline:
        for target in (test_fuzz_text, test_fuzz_pdf):
            target()
        rounds += 1
        print(f"fuzz: round {rounds} passed ({deadline - time.monotonic():.0f} s left)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
