"""A progress bar (books, pages, ETA) on a terminal; silent in CI, in pipes and with -q."""

from __future__ import annotations

import os
import sys
from typing import Any


class Progress:
    def __init__(self, total: int, enabled: bool = True) -> None:
        self.bar: Any = None
        self.pages = 0
        interactive = sys.stderr.isatty() and not os.environ.get("CI")
        if enabled and interactive and total > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="book", file=sys.stderr, dynamic_ncols=True)

    def update(self, row: dict) -> None:
        self.pages += int(row.get("pages", 0) or 0)
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, refresh=False)
            self.bar.update(1)

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
