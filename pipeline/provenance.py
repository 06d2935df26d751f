"""provenance.json: what produced an output, with no timestamps, timings or absolute paths,
so the same input and config give the same bytes."""

from __future__ import annotations

import contextlib
import platform
from importlib import metadata

from pipeline import __version__
from pipeline.config import config_hash
from pipeline.outputs import dumps, sha256_text
from pipeline.registry import get_stages
from pipeline.runner import Result

PACKAGES = ("pdfminer.six", "ftfy", "regex", "wordfreq")
OPTIONAL_PACKAGES = ("pypdfium2",)


def package_versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    for name in OPTIONAL_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def stage_versions(steps: list[str]) -> list[dict[str, object]]:
    stages = get_stages()
    return [{"name": s, "version": stages[s].version} for s in steps]


def render_provenance(result: Result, files: dict[str, str]) -> str:
    book = result.book
    data = {
        "tool": {"name": "bookclean", "version": __version__},
        "python": platform.python_version(),
        "packages": package_versions(),
        "input": {
            "name": book.source.name.rsplit("/", 1)[-1],
            "kind": book.source.kind,
            "sha256": book.source.sha256,
            "encoding": book.source.encoding,
            "pages": book.page_count,
        },
        "config": result.config,
        "config_sha256": config_hash(result.config),
        "stages": stage_versions(
            (["extract"] if book.source.kind == "pdf" else []) + result.config["pipeline"]["steps"]
        ),
        # report.json holds timings, so it is the one output left out of the hashes.
        "outputs": {
            name: sha256_text(text) for name, text in sorted(files.items()) if name != "report.json"
        },
    }
    return dumps(data)
