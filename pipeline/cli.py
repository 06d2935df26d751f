"""The command line: parse arguments, build the config, call the library. No logic here.

Exit codes: 0 success, 1 a book failed, 2 usage or config error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import BookError

EPILOG_CLEAN = """example:
  bookclean clean fixtures/cases -o out        # every book in a folder
  bookclean clean book.txt -o out --set fix_spacing.split_glued_words=false
  pdftotext book.pdf - | bookclean clean - -o out
  bookclean clean library/ -o out -j 2 --timeout 600      # a library, 2 books at a time
  bookclean clean library/ -o out --executor dask --scheduler tcp://host:8786
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bookclean",
        description="Clean text extracted from book PDFs: paragraphs back, artifacts fixed, "
        "the back-of-book index split off and parsed.",
    )
    p.add_argument("--version", action="version", version=f"bookclean {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser(
        "clean",
        help="clean books into OUT/<name>/",
        description="Clean each INPUT (a .txt of extracted text with pages separated by form "
        "feeds, a .pdf, a folder of books, or - for standard input) into OUT/<name>/: "
        "body.txt, index.txt, index.json, edits.jsonl, report.json, provenance.json.",
        epilog=EPILOG_CLEAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("inputs", nargs="+", metavar="INPUT")
    c.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    _config_args(c)
    c.add_argument(
        "--encoding", default="auto", help="text encoding of .txt inputs (default: auto = UTF-8)"
    )
    c.add_argument("--password", default="", help="password of encrypted PDFs")
    c.add_argument(
        "--engine",
        choices=["pdfminer", "pdfium"],
        help="PDF engine (default: extract.engine, pdfminer); pdfium needs bookclean[pdfium]",
    )
    c.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help="processes for PDF pages (default: the number of cores)",
    )
    c.add_argument(
        "--cache-dir",
        default=None,
        help="extraction cache (default: $XDG_CACHE_HOME/bookclean or ~/.cache/bookclean)",
    )
    c.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    c.add_argument("--timeout", type=float, default=0, help="seconds allowed per book (0: none)")
    c.add_argument(
        "--max-memory",
        type=int,
        default=4096,
        metavar="MB",
        help="memory limit per book worker (default 4096; 0: none)",
    )
    c.add_argument("--force", action="store_true", help="redo books that are up to date")
    c.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="run books in local processes (default) or on a Dask cluster",
    )
    c.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    c.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    c.add_argument("--debug", action="store_true", help="show tracebacks")

    s = sub.add_parser(
        "stages",
        help="list the stages with versions, docs and parameters",
        description="List every stage: name, version, one-line doc, parameters and defaults.",
        epilog="example:\n  bookclean stages",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.set_defaults(command="stages")

    g = sub.add_parser(
        "config",
        help="print the resolved config as TOML, with its hash",
        description="Print the resolved configuration (defaults, then -c FILE, then --set).",
        epilog="example:\n  bookclean config --set fix_spacing.join_split_words=false",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _config_args(g)

    k = sub.add_parser(
        "check",
        help="compare two output trees on quality counters; exit 1 when a book got worse",
        description="Compare the outputs of two `bookclean clean` runs book by book on\n"
        "counters that need no reference text (split and glued words, spaced punctuation,\n"
        "hyphen leftovers, furniture-like lines, unmapped glyphs, non-words, words per\n"
        "paragraph), words and index entries lost or gained, and the text. A tree is an\n"
        "output folder, or a folder of fixture cases with expected/ goldens.",
        epilog="example:\n  bookclean check out-main out-branch --html quality.html\n"
        "  bookclean check fixtures/cases out --fail-on worse\n\n"
        "exit codes: 0 no book got worse, 1 one did (--fail-on changed: anything changed), "
        "2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    k.add_argument("baseline", metavar="BASELINE")
    k.add_argument("candidate", metavar="CANDIDATE")
    k.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    k.add_argument(
        "--fail-on",
        choices=["worse", "changed"],
        default="worse",
        help="exit 1 when a book got worse (default) or when anything changed",
    )
    k.add_argument(
        "--inputs", action="append", metavar="DIR", help="where to find the input texts (raw bars)"
    )
    k.add_argument("--diff", action="store_true", help="print the text diff too")
    k.add_argument("--json", metavar="FILE", help="write the comparison as JSON")

    q = sub.add_parser(
        "score",
        help="print the quality counters of one output tree",
        description="Print, per book of OUT, the counters `bookclean check` compares.",
        epilog="example:\n  bookclean score out\n  bookclean score fixtures/cases --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("out", metavar="OUT")
    q.add_argument("--json", action="store_true", help="print JSON")
    return p


def _config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-c", "--config", metavar="FILE", help="a TOML config file")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="override one setting (repeatable)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from pipeline.config import ConfigError

    try:
        if args.command == "stages":
            return _stages()
        if args.command == "config":
            return _config(args)
        if args.command == "clean":
            return _clean(args)
        if args.command in ("check", "score"):
            from pipeline.quality import run_command

            return run_command(args)
    except ConfigError as exc:
        print(f"bookclean: config error: {exc}", file=sys.stderr)
        return 2
    return 2


def _stages() -> int:
    from pipeline.registry import get_stages

    for name, spec in get_stages().items():
        print(f"{name} (v{spec.version}): {spec.doc}")
        docs = spec.param_docs()
        for key, value in spec.defaults().items():
            line = f"    {key} = {value!r}"
            if key in docs:
                line += f"  # {docs[key]}"
            print(line)
    return 0


def _config(args: argparse.Namespace) -> int:
    from pipeline.config import config_hash, load, to_toml

    cfg = load(args.config, args.set)
    print(to_toml(cfg), end="")
    print(f"# config_sha256 = {config_hash(cfg)}")
    return 0


def _clean(args: argparse.Namespace) -> int:
    import os

    from pipeline.batch import clean_inputs
    from pipeline.config import load
    from pipeline.inputs import ReadOptions
    from pipeline.pdf import default_cache_dir

    cfg = load(args.config, args.set + ([f"extract.engine={args.engine!r}"] if args.engine else []))
    if args.jobs < 0:
        print("bookclean: error: --jobs must be 0 (all cores) or more", file=sys.stderr)
        return 2
    options = ReadOptions(
        encoding=args.encoding,
        password=args.password,
        jobs=args.jobs or os.cpu_count() or 1,
        cache_dir=None if args.no_cache else Path(args.cache_dir or default_cache_dir()),
        extract=dict(cfg["extract"]),
    )
    from pipeline.batch import BatchOptions

    batch = BatchOptions(
        workers=options.jobs,
        timeout=args.timeout,
        max_memory_mb=args.max_memory,
        force=args.force,
        executor=args.executor,
        scheduler=args.scheduler,
        quiet=args.quiet,
        debug=args.debug,
    )
    try:
        return clean_inputs(args.inputs, Path(args.out), cfg, options=options, batch=batch)
    except BookError as exc:
        print(f"bookclean: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
