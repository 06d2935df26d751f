"""extract: the PDF reader's settings and version, so that config, provenance and
`bookclean stages` cover extraction too. The reading itself is pipeline.pdf; it runs before
the text stages whenever the input is a PDF, so this stage is not a step of its own."""

from __future__ import annotations

from pipeline.document import Book
from pipeline.pdf import EXTRACTOR_VERSION, ExtractParams
from pipeline.registry import StageLog, register


@register("extract", version=EXTRACTOR_VERSION, params=ExtractParams)
def run(book: Book, p: ExtractParams, log: StageLog) -> Book:
    """Read PDF pages with pdfminer.six; word spaces and lines from geometry."""
    return book
