"""Hostile and broken input: one clear line naming the file and the reason, a non-zero
exit, no traceback, no partial output, and the other books still finish."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from pipeline.cli import main

GOOD = "A good book with one short paragraph.\n"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def page_pdf(content: bytes, extra: bytes = b"") -> bytes:
    stream = b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def run_batch(tmp_path: Path, name: str, data: bytes, *extra: str) -> tuple[int, dict, str]:
    lib = tmp_path / "lib"
    lib.mkdir(exist_ok=True)
    (lib / "good.txt").write_text(GOOD)
    (lib / name).write_bytes(data)
    out = tmp_path / "out"
    code = main(["clean", str(lib), "-o", str(out), "-q", "--no-cache", *extra])
    rows = {
        r["input"].rsplit("/", 1)[-1]: r
        for r in json.loads((out / "summary.json").read_text())["books"]
    }
    return code, rows, str(out)


def test_minimal_pdf_is_read(tmp_path):
    data = page_pdf(b"BT /F1 12 Tf 72 700 Td (Hello from a raw PDF.) Tj ET")
    code, rows, out = run_batch(tmp_path, "raw.pdf", data)
    assert code == 0, rows
    assert "Hello from a raw PDF." in (Path(out) / "raw" / "body.txt").read_text()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("random.pdf", bytes((i * 37 + 11) % 256 for i in range(4000)), "not a PDF"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not a PDF"),
        ("binary.txt", bytes(range(256)) * 8, "binary data"),
        ("nul.txt", b"text\x00with\x00nul bytes\n", "binary data"),
        ("truncated.pdf", page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET")[:150], "damaged"),
        ("broken-xref.pdf", page_pdf(b"BT /F1 12 Tf (Hi) Tj ET").replace(b"xref", b"xrfe"), ""),
        ("scan.pdf", page_pdf(b"0 0 1 rg 10 10 100 100 re f"), "no text layer"),
    ],
)
def test_bad_input(tmp_path, capsys, name, data, reason):
    code, rows, out = run_batch(tmp_path, name, data)
    row = rows[name]
    assert rows["good.txt"]["status"] == "ok"
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if row["status"] == "ok":  # a damaged cross-reference table that pdfminer recovers from
        assert name == "broken-xref.pdf"
        return
    assert code == 1 and reason in row["reason"]
    assert name in err and len([ln for ln in err.splitlines() if name in ln]) == 1
    stem = name.rsplit(".", 1)[0]
    assert not (Path(out) / stem).exists()


def test_deeply_nested_objects(tmp_path, capsys):
    nested = b"[" * 200000 + b"]" * 200000
    data = page_pdf(b"BT /F1 12 Tf 72 700 Td (deep) Tj ET", extra=b"/Deep " + nested)
    _, rows, _ = run_batch(tmp_path, "nested.pdf", data, "--timeout", "60")
    assert rows["good.txt"]["status"] == "ok"
    assert "Traceback" not in capsys.readouterr().err
    assert rows["nested.pdf"]["status"] in {"ok", "failed"}


def test_decompression_bomb_is_contained(tmp_path):
    bomb = zlib.compress(b" " * 300_000_000, 9)
    data = page_pdf(bomb, extra=b"/Filter /FlateDecode")
    code, rows, out = run_batch(
        tmp_path, "bomb.pdf", data, "--timeout", "30", "--max-memory", "600"
    )
    assert rows["good.txt"]["status"] == "ok"
    assert rows["bomb.pdf"]["status"] == "failed" and "memory" in rows["bomb.pdf"]["reason"]
    assert code == 1
    assert not (Path(out) / "bomb").exists()


def test_huge_single_line(tmp_path):
    data = ("word " * 400_000 + "\n").encode()
    code, rows, _ = run_batch(tmp_path, "oneline.txt", data)
    assert code == 0 and rows["oneline.txt"]["status"] == "ok"


def test_odd_file_names(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ["with spaces.txt", "naïve façade.txt", "..hidden.txt"]:
        (lib / name).write_text(GOOD)
    out = tmp_path / "out"
    assert main(["clean", str(lib), "-o", str(out), "-q"]) == 0
    made = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert made == ["_hidden", "naïve façade", "with spaces"]
    for p in out.rglob("*"):
        assert out in p.resolve().parents or p.resolve() == out
