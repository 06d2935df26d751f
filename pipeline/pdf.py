"""PDF input. Extraction with geometry is its own piece of work (see the PDF issue);
until it lands, a PDF gives one clear error."""

from __future__ import annotations

from pipeline.document import Book
from pipeline.errors import BookError


def book_from_pdf(data: bytes, name: str) -> Book:
    if not data.startswith(b"%PDF"):
        raise BookError(name, "not a PDF (no %PDF header)")
    raise BookError(name, "PDF input is not supported yet; give text extracted from it (.txt)")
