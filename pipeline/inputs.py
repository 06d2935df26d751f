"""Reading inputs: text files (pages separated by form feeds) and, later, PDFs."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Book, Line, Page, Source
from pipeline.errors import BookError

TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
BOOK_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


def decode_text(data: bytes, name: str, encoding: str = "auto") -> tuple[str, str]:
    """Decode *data*; return (text, encoding used). Raise BookError when it is not text.

    >>> decode_text("café".encode(), "x.txt")
    ('café', 'utf-8')
    >>> decode_text(codecs.BOM_UTF8 + b"hi", "x.txt")
    ('hi', 'utf-8-sig')
    >>> decode_text(b"caf\\xe9", "x.txt", "cp1252")
    ('café', 'cp1252')
    """
    if encoding != "auto":
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise BookError(name, f"cannot decode as {encoding}: {exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data[:65536]:
        wide = _utf16_without_bom(data[:65536])
        if wide is None:
            raise BookError(name, "binary data, not text (NUL bytes)")
        return _strict(data, wide, name), wide
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        text, encoding = _legacy(data, name, exc)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 0.01 * min(len(text), 65536):
        raise BookError(name, "binary data, not text (control characters)")
    return text, encoding


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark ("utf-16-le" or "utf-16-be"), or None: in text
    that is mostly ASCII every other byte is NUL, on the same side of each pair.

    >>> _utf16_without_bom("A line of text.\\n".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_without_bom("A line of text.\\n".encode("utf-16-be"))
    'utf-16-be'
    >>> _utf16_without_bom(b"%PDF\\x00\\x01\\x02 binary \\x00\\x00\\x00 data")
    """
    pairs = len(head) // 2
    if pairs < 8 or len(head) % 2:
        return None
    even = head[0 : 2 * pairs : 2].count(0)
    odd = head[1 : 2 * pairs : 2].count(0)
    if odd >= 0.6 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd == 0:
        return "utf-16-be"
    return None


def _legacy(data: bytes, name: str, exc: UnicodeDecodeError) -> tuple[str, str]:
    """Text that is not UTF-8: Windows-1252 (which Latin-1 text also decodes as) for
    mostly-ASCII text, as English book exports are; otherwise charset-normalizer's guess.

    >>> _legacy("Un café — “noir”".encode("cp1252"), "x", None)
    ('Un café — “noir”', 'cp1252')
    """
    non_ascii = sum(1 for b in data[:65536] if b >= 0x80)
    if non_ascii <= 0.3 * min(len(data), 65536):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            try:
                return data.decode("latin-1"), "latin-1"
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        bad = data[exc.start : exc.start + 1].hex() if exc else "?"
        raise BookError(
            name,
            f"not valid UTF-8 text (byte 0x{bad} at offset {exc.start if exc else '?'}) and no "
            "other encoding fits; name it with --encoding",
        )
    return str(best), best.encoding


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise BookError(
            name,
            f"not valid {encoding} text (byte 0x{bad} at offset {exc.start}); "
            "name the encoding with --encoding, e.g. --encoding cp1252",
        ) from None


# line ends other than LF, as LF (a paragraph separator: a blank line)
LINE_ENDS = str.maketrans({"\r": "\n", "\v": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})


def book_from_text(text: str, name: str, sha256: str = "", encoding: str = "utf-8") -> Book:
    """Build a Book from extracted text: pages split at form feeds, lines at newlines.

    >>> b = book_from_text("one\\ntwo\\n\\fthree\\n", "x")
    >>> [(l.page, l.text) for l in b.body_lines()]
    [(1, 'one'), (1, 'two'), (2, 'three')]

    Other line ends count as newlines: CR LF and CR, a word processor's manual line break
    (vertical tab), NEL, and Unicode's line separator; its paragraph separator is a
    blank line.

    >>> [l.text for l in book_from_text("a\\r\\nb\\vc\\u2028d\\u2029e", "x").body_lines()]
    ['a', 'b', 'c', 'd', '', 'e']
    """
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = text.replace("\r\n", "\n").translate(LINE_ENDS)
    if text.endswith("\f"):
        text = text[:-1]
    pages = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        if chunk.endswith("\n"):
            chunk = chunk[:-1]
        lines = tuple(Line(t.rstrip(), number) for t in chunk.split("\n")) if chunk else ()
        pages.append(Page(number, lines))
    return Book(Source(name, sha256, "text", encoding), tuple(pages), page_count=len(pages))


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: text encoding; for PDFs the password, processes and cache."""

    encoding: str = "auto"
    password: str = ""
    jobs: int = 1
    cache_dir: Path | None = None
    extract: dict[str, Any] = field(default_factory=dict)


def read_book(
    path: Path,
    encoding: str = "auto",
    display: str | None = None,
    options: ReadOptions | None = None,
) -> Book:
    """Read one input file into a Book, or raise BookError naming the file and the reason."""
    name = display or str(path)
    return book_from_bytes(read_input(path, name), name, path.suffix.lower(), encoding, options)


def read_input(path: Path, name: str) -> bytes:
    """The bytes of one input file, or a BookError naming the file and the reason."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BookError(name, "no such file") from None
    except IsADirectoryError:
        raise BookError(name, "is a directory") from None
    except OSError as exc:
        raise BookError(name, f"cannot read: {exc.strerror or exc}") from None


def is_pdf(data: bytes, suffix: str) -> bool:
    return data.startswith(b"%PDF") or suffix in PDF_SUFFIXES


def book_from_bytes(
    data: bytes,
    name: str,
    suffix: str = ".txt",
    encoding: str = "auto",
    options: ReadOptions | None = None,
) -> Book:
    opts = options or ReadOptions(encoding=encoding)
    if not data.strip():
        raise BookError(name, "empty file")
    if is_pdf(data, suffix):
        from pipeline.pdf import ExtractParams, book_from_pdf

        return book_from_pdf(
            data,
            name,
            ExtractParams(**opts.extract),
            jobs=opts.jobs,
            password=opts.password,
            cache_dir=opts.cache_dir,
        )
    sha = hashlib.sha256(data).hexdigest()
    text, used = decode_text(data, name, encoding)
    if not unicodedata.normalize("NFC", text).strip():
        raise BookError(name, "no text")
    book = book_from_text(text, name, sha, used)
    if used not in {"utf-8", "utf-8-sig", "utf-16", encoding}:
        from dataclasses import replace

        note = f"not UTF-8: decoded as {used} (assumed; give --encoding to choose)"
        book = replace(book, warnings=(*book.warnings, note))
    return book
