"""Run the benchmark sections: python -m bench [spacing] [layout] [index] [extract]."""

from __future__ import annotations

import importlib
import sys
import time

SECTIONS = ["spacing", "layout", "index", "extract", "batch"]


def main(argv: list[str]) -> int:
    chosen = argv or SECTIONS
    for name in chosen:
        if name not in SECTIONS:
            print(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")
            return 2
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"== {name}: not written yet")
                continue
            raise
        print(f"== {name}")
        t0 = time.perf_counter()
        module.run()
        print(f"   ({time.perf_counter() - t0:.1f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
