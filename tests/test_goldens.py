"""One parametrized golden test over fixtures/cases/*/: every output file is compared with
expected/<file>. ``pytest --update-goldens`` (or ``make golden``) rewrites them."""

from __future__ import annotations

import difflib
import shutil

import pytest

from tests.conftest import CASES_DIR
from tests.goldens import case_meta, render_case

CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir()) if CASES_DIR.exists() else []
MAX_DIFF_LINES = 300


def _params():
    for case in CASES:
        marks = []
        reason = case_meta(case).get("xfail")
        if reason:
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        yield pytest.param(case, id=case.name, marks=marks)


def test_there_are_cases():
    assert len(CASES) >= 12, "fixtures/cases should hold at least 12 cases"


@pytest.mark.parametrize("case", list(_params()))
def test_golden(case, update_goldens):
    __tracebackhide__ = True
    files = render_case(case)
    expected_dir = case / "expected"
    obtained_dir = case / "obtained"
    if update_goldens:
        if expected_dir.exists():
            shutil.rmtree(expected_dir)
        expected_dir.mkdir(parents=True)
        for name, text in files.items():
            (expected_dir / name).write_text(text, encoding="utf-8", newline="\n")
        shutil.rmtree(obtained_dir, ignore_errors=True)
        return
    problems = []
    orphans = (
        sorted(p.name for p in expected_dir.glob("*") if p.is_file() and p.name not in files)
        if expected_dir.exists()
        else []
    )
    for name in orphans:
        problems.append(f"orphaned expected file {name}: the pipeline no longer writes it")
    for name, text in files.items():
        exp_path = expected_dir / name
        if not exp_path.exists():
            problems.append(f"missing expected/{name} (run make golden and review it)")
            continue
        expected = exp_path.read_text(encoding="utf-8")
        if expected != text:
            obtained_dir.mkdir(exist_ok=True)
            (obtained_dir / name).write_text(text, encoding="utf-8", newline="\n")
            diff = list(
                difflib.unified_diff(
                    expected.splitlines(),
                    text.splitlines(),
                    f"expected/{name}",
                    f"obtained/{name}",
                    lineterm="",
                )
            )
            if len(diff) > MAX_DIFF_LINES:
                diff = [
                    *diff[:MAX_DIFF_LINES],
                    f"... ({len(diff) - MAX_DIFF_LINES} more diff lines)",
                ]
            problems.append("\n".join(diff))
    if problems:
        pytest.fail(f"{case.name}:\n" + "\n\n".join(problems), pytrace=False)
    shutil.rmtree(obtained_dir, ignore_errors=True)
