"""The CLI in-process: outputs, errors, determinism, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.outputs import OUTPUT_FILES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "cases" / "index-glued-last-page" / "input.txt"


def read_tree(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_clean_writes_every_file(tmp_path, capsys):
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path)]) == 0
    out = tmp_path / "input"
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    index = json.loads((out / "index.json").read_text())
    assert index and set(index[0]) == {"term", "pages", "see", "see_also", "subentries"}
    report = json.loads((out / "report.json").read_text())
    assert report["conservation"]["ok"] is True


def test_two_runs_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["clean", str(SAMPLE), "-o", str(a), "-q"]) == 0
    assert main(["clean", str(SAMPLE), "-o", str(b), "-q"]) == 0
    ta, tb = read_tree(a), read_tree(b)
    ta.pop("input/report.json")  # timings
    tb.pop("input/report.json")
    assert ta == tb


def test_cleaning_clean_body_changes_nothing(tmp_path):
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "1"), "-q"]) == 0
    body = tmp_path / "1" / "input" / "body.txt"
    again = tmp_path / "again.txt"
    again.write_bytes(body.read_bytes())
    assert main(["clean", str(again), "-o", str(tmp_path / "2"), "-q"]) == 0
    assert (tmp_path / "2" / "again" / "body.txt").read_bytes() == body.read_bytes()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "no books"),
        (
            lambda d: (d / "bad.txt").write_bytes(bytes(range(1, 32)) * 40) and d / "bad.txt",
            "binary data",
        ),
        (lambda d: (d / "e.txt").write_bytes(b"  \n") and d / "e.txt", "empty file"),
        (
            lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02abc") and d / "bin.txt",
            "binary data",
        ),
        (lambda d: (d / "x.pdf").write_bytes(b"hello") and d / "x.pdf", "not a pdf"),
    ],
)
def test_bad_input_one_clear_line(tmp_path, capsys, setup, message):
    path = setup(tmp_path)
    out = tmp_path / "out"
    assert main(["clean", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(path) in err[0] and message in err[0].lower()
    # No book output at all; only the batch report naming the failure.
    assert [p.name for p in out.iterdir()] == ["summary.json"]


def test_batch_other_books_finish(tmp_path, capsys):
    d = tmp_path / "books"
    d.mkdir()
    (d / "good.txt").write_text("A short book.\n")
    (d / "bad.txt").write_bytes(b"\x01\x02\x03\x04 binary \x05\x06\x07")
    assert main(["clean", str(d), "-o", str(tmp_path / "out"), "-q"]) == 1
    assert (tmp_path / "out" / "good" / "body.txt").read_text() == "A short book.\n"
    assert not (tmp_path / "out" / "bad").exists()


def test_stdin(tmp_path, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Hello wor ld , again .\n")))
    assert main(["clean", "-", "-o", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "stdin" / "body.txt").read_text() == "Hello world, again.\n"


def test_encoding_option(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Un café noir.\n".encode("cp1252"))
    assert main(["clean", str(f), "-o", str(tmp_path / "o"), "-q", "--encoding", "cp1252"]) == 0
    assert (tmp_path / "o" / "latin" / "body.txt").read_text() == "Un café noir.\n"


def test_stages_and_config_commands(capsys):
    assert main(["stages"]) == 0
    listing = capsys.readouterr().out
    for name in (
        "fix_unicode",
        "strip_furniture",
        "split_index",
        "fix_spacing",
        "rejoin_lines",
        "parse_index",
    ):
        assert name in listing
    assert main(["config", "--set", "fix_spacing.trap_zipf=4.5"]) == 0
    out = capsys.readouterr().out
    assert "trap_zipf = 4.5" in out and "config_sha256" in out


def test_config_error_exit_2(capsys):
    assert main(["config", "--set", "fix_spacing.nope=1"]) == 2
    assert "unknown key" in capsys.readouterr().err


def test_python_m_pipeline_is_the_same_program():
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0 and r.stdout.startswith("bookclean ")


def test_legacy_encoding_is_decoded_and_named(tmp_path, capsys):
    f = tmp_path / "latin.txt"
    f.write_bytes("Un café noir, déjà vu.\n".encode("cp1252"))
    assert main(["clean", str(f), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert (tmp_path / "o" / "latin" / "body.txt").read_text() == "Un café noir, déjà vu.\n"
    assert "decoded as cp1252" in capsys.readouterr().err
    prov = json.loads((tmp_path / "o" / "latin" / "provenance.json").read_text())
    assert prov["input"]["encoding"] == "cp1252"


def test_utf16_with_bom(tmp_path):
    f = tmp_path / "wide.txt"
    f.write_bytes("Wide text here.\n".encode("utf-16"))
    assert main(["clean", str(f), "-o", str(tmp_path / "o"), "-q"]) == 0
    assert (tmp_path / "o" / "wide" / "body.txt").read_text() == "Wide text here.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_and_named(tmp_path, capsys, codec):
    f = tmp_path / "wide.txt"
    f.write_bytes("Wide text here, “quoted” and café.\n".encode(codec))
    assert main(["clean", str(f), "-o", str(tmp_path / "o"), "-q"]) == 0
    body = (tmp_path / "o" / "wide" / "body.txt").read_text()
    assert body == "Wide text here, “quoted” and café.\n"
    assert f"decoded as {codec}" in capsys.readouterr().err


def test_binary_data_with_nul_bytes_is_refused(tmp_path, capsys):
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 8)
    assert main(["clean", str(f), "-o", str(tmp_path / "o"), "-q"]) != 0
    assert "blob.txt" in capsys.readouterr().err and not (tmp_path / "o" / "blob").exists()
