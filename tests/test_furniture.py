"""strip_furniture: running heads, feet and page numbers go; look-alike body text stays."""

from __future__ import annotations

from pipeline import clean_text

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
]


def fill(seed: int, lines: int = 4) -> str:
    """Body lines that differ from page to page, as real pages do."""
    out = []
    for i in range(lines):
        words = [WORDS[(seed * 7 + i * 3 + k) % len(WORDS)] for k in range(11)]
        out.append("Body " + " ".join(words) + ".\n")
    return "".join(out)


def pages(*texts: str) -> str:
    return "\f".join(texts)


def test_lone_page_numbers_counting_up():
    text = pages(*(f"{fill(n)}\n{n}\n" for n in range(10, 14)))
    result = clean_text(text)
    assert not any(ch.isdigit() for ch in result.body)
    assert [e.rule for e in result.edits if e.stage == "strip_furniture"] == ["folio"] * 4


def test_running_heads_with_numbers_alternate():
    heads = ["12   The Handbook", "Spacing   13", "14   The Handbook", "Spacing   15"]
    text = pages(*(f"{h}\n\n{fill(i)}" for i, h in enumerate(heads)))
    body = clean_text(text).body
    assert "Handbook" not in body and "Spacing" not in body


def test_line_that_occurs_once_is_kept():
    text = pages(f"A Unique Heading\n\n{fill(1)}", f"{fill(2)}")
    assert "A Unique Heading" in clean_text(text).body


def test_repeated_sentence_is_not_furniture():
    end = "When in doubt, leave the text alone.\n"
    text = pages(*(f"{fill(n)}\n{end if n % 3 == 0 else ''}\n{n}\n" for n in range(1, 10)))
    body = clean_text(text).body
    assert body.count("When in doubt") == 3


def test_numbered_list_item_is_kept():
    text = pages(f"{fill(1)}1. first step of the list\n\n5\n", f"{fill(2)}\n6\n")
    assert "1. first step" in clean_text(text).body


def test_roman_front_matter():
    text = pages(f"{fill(1)}\nvii\n", f"{fill(2)}\nviii\n", f"{fill(3)}\nix\n")
    body = clean_text(text).body
    assert "vii" not in body and "ix" not in body.split()
