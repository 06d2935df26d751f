"""PDF characters with PDFium (pypdfium2): the same ``RawPage``/``Char`` data as the pdfminer
engine in ``pipeline.pdf``, so lines, columns and word spaces come from the one shared
``page_lines``.

PDFium's text page (``FPDFText_*``) lists every character drawn on a page. From it:

- Generated characters (the spaces and line breaks PDFium inserts by its own rules) are
  skipped: word spaces come from our geometry rule, as with pdfminer. Space glyphs that are
  really in the PDF are kept.
- Boxes are built as pdfminer builds them: from the glyph origin along the advance width
  (not the ink), from the baseline plus the font's descent up one font size. PDFium's "loose"
  box is the advance box united with the ink box, so its right edge is the advance end
  unless the ink overhangs (italic ``f``, ``r``); then the advance is the font's width of
  the glyph. Boxes PDFium makes without font metrics (``/ActualText`` pieces) are taken as
  they are.
- A ligature or a multi-letter ``/ToUnicode`` entry that PDFium splits into pieces sharing
  one glyph (ﬁ -> ``f``, ``i``) becomes one character again with the pieces' text (``fi``),
  as pdfminer returns one character per glyph. PDFium itself turns U+FB00-FB06 into letters.
- A glyph without a Unicode mapping becomes ``(cid:N)``, N its character code (PDFium
  reports the code in place of the missing Unicode), as pdfminer writes it for simple fonts.
- A line-end hyphen that PDFium marks as such (it reports U+0002) is ``-`` again.
- Only upright text is kept (the pdfminer engine's rule: ``a*d > 0`` and ``b*c <= 0``).
- x and y are measured from the MediaBox's left and top edge (top-left origin).

Differences from pdfminer that remain: PDFium drops a text object drawn again at almost the
same place (fake bold) and consecutive duplicate space glyphs, orders the text objects of
one baseline by x (``page_lines`` sorts them anyway), and takes the descent of the standard
14 fonts from its own metrics (boxes may sit a few tenths of a point lower). PDFium keeps
/Widths as whole thousandths of an em, so glyph positions of fonts with fractional widths
drift by up to 1/1000 em per glyph (the gaps between glyphs do not change). An unmapped
glyph whose ink overhangs its advance keeps the ink's right edge (its width cannot be
looked up without its Unicode), so its box may reach into the next glyph.

Speed: PDFium parses a page in well under a millisecond; the cost is the ctypes calls per
character, so the hot loop uses private ``c_void_p`` prototypes of the few functions it
needs (no pointer-type checks, no ``ctypes.cast``), four or five calls per character.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterator
from ctypes import CFUNCTYPE, POINTER, c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from importlib.metadata import PackageNotFoundError, version
from types import SimpleNamespace

from pipeline.errors import BookError
from pipeline.pdf import MONO_NAME_RE, Char, RawPage

ENGINE_VERSION = 1
_EPS = 0.01  # points: tolerance for "the origin lies in the box"
_TOL = 0.001  # points: two edges this close are the same (boxes are float32)


def engine_version() -> str:
    try:
        v = version("pypdfium2")
    except PackageNotFoundError:  # pragma: no cover - pypdfium2 without package metadata
        import pypdfium2

        v = str(pypdfium2.PYPDFIUM_INFO)
    return f"pdfium {v}"


@functools.cache
def _api() -> SimpleNamespace:
    """pypdfium2's raw module plus untyped-handle prototypes of the per-character calls."""
    import pypdfium2  # noqa: F401  (initialises the library)
    import pypdfium2.raw as R

    def proto(fn, restype, *argtypes):
        return CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, c_void_p).value)

    p_double = POINTER(c_double)
    return SimpleNamespace(
        R=R,
        count_chars=proto(R.FPDFText_CountChars, c_int, c_void_p),
        unicode=proto(R.FPDFText_GetUnicode, c_uint, c_void_p, c_int),
        generated=proto(R.FPDFText_IsGenerated, c_int, c_void_p, c_int),
        map_error=proto(R.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int),
        hyphen=proto(R.FPDFText_IsHyphen, c_int, c_void_p, c_int),
        text_object=proto(R.FPDFText_GetTextObject, c_void_p, c_void_p, c_int),
        origin=proto(R.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, p_double, p_double),
        loose=proto(R.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, POINTER(R.FS_RECTF)),
        tight=proto(
            R.FPDFText_GetCharBox, c_int, c_void_p, c_int, p_double, p_double, p_double, p_double
        ),
        matrix=proto(R.FPDFText_GetMatrix, c_int, c_void_p, c_int, POINTER(R.FS_MATRIX)),
        char_font_size=proto(R.FPDFText_GetFontSize, c_double, c_void_p, c_int),
        obj_font=proto(R.FPDFTextObj_GetFont, c_void_p, c_void_p),
        obj_font_size=proto(R.FPDFTextObj_GetFontSize, c_int, c_void_p, POINTER(c_float)),
        glyph_width=proto(
            R.FPDFFont_GetGlyphWidth, c_int, c_void_p, c_uint, c_float, POINTER(c_float)
        ),
        descent=proto(R.FPDFFont_GetDescent, c_int, c_void_p, c_float, POINTER(c_float)),
        font_name=proto(R.FPDFFont_GetBaseFontName, c_ulong, c_void_p, ctypes.c_char_p, c_ulong),
        font_flags=proto(R.FPDFFont_GetFlags, c_int, c_void_p),
    )


def _open(data: bytes, name: str, password: str):
    """The FPDF_DOCUMENT handle; the caller closes it and keeps *data* alive until then."""
    if not data.startswith(b"%PDF"):
        raise BookError(name, "not a PDF (no %PDF header)")
    R = _api().R
    pw = (password + "\x00").encode("utf-8") if password else None
    doc = R.FPDF_LoadMemDocument64(data, len(data), pw)
    if doc:
        return doc
    err = R.FPDF_GetLastError()
    if err == R.FPDF_ERR_PASSWORD:
        hint = "wrong password" if password else "encrypted; give the password with --password"
        raise BookError(name, hint)
    if err == R.FPDF_ERR_SECURITY:
        raise BookError(name, "encrypted with an unsupported method (PDFium security handler)")
    reasons = {
        R.FPDF_ERR_FORMAT: "not in PDF format or corrupted",
        R.FPDF_ERR_FILE: "file unreadable",
        R.FPDF_ERR_PAGE: "page not found or content error",
    }
    raise BookError(name, f"damaged PDF: {reasons.get(err, f'PDFium error {err}')}")


def count_pages(data: bytes, name: str, password: str = "") -> int:
    R = _api().R
    doc = _open(data, name, password)
    try:
        return max(0, R.FPDF_GetPageCount(doc))
    finally:
        R.FPDF_CloseDocument(doc)


def collect(data: bytes, name: str, password: str, numbers: list[int]) -> list[RawPage]:
    """Collect the characters of the given pages (1-based), in PDFium's drawing order.

    Same contract as ``pipeline.pdf._collect``: a page PDFium cannot read comes back with
    ``error`` set and no characters; a document that cannot be opened raises ``BookError``.
    """
    return list(iter_pages(data, name, password, numbers))


def iter_pages(data: bytes, name: str, password: str, numbers: list[int]) -> Iterator[RawPage]:
    """``collect`` one page at a time (memory stays flat); the document is opened at the
    first ``next()`` and closed when the iteration ends or the generator is closed."""
    api = _api()
    R = api.R
    doc = _open(data, name, password)
    try:
        n = R.FPDF_GetPageCount(doc)
        for number in numbers:
            if 1 <= number <= n:
                # Font facts are cached per page: PDFium may free a font with its last page
                # and reuse the address for another.
                yield _page(api, doc, number, {})
            else:
                yield RawPage(number, 0.0, 0.0, [], f"no page {number} (of {n})")
    finally:
        R.FPDF_CloseDocument(doc)


def _page_box(R, page) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the page's MediaBox; where the page has none of its own,
    PDFium's box for the page (the inherited MediaBox, within the CropBox)."""
    x0, y0, x1, y1 = c_float(), c_float(), c_float(), c_float()
    if R.FPDFPage_GetMediaBox(page, x0, y0, x1, y1):
        box = (x0.value, y0.value, x1.value, y1.value)
    else:
        rect = R.FS_RECTF()
        if not R.FPDF_GetPageBoundingBox(page, rect):
            return (0.0, 0.0, R.FPDF_GetPageWidthF(page), R.FPDF_GetPageHeightF(page))
        box = (rect.left, rect.bottom, rect.right, rect.top)
    x0, x1 = sorted(box[0::2])
    y0, y1 = sorted(box[1::2])
    return (x0, y0, x1, y1)


def _page(api, doc, number: int, fonts: dict) -> RawPage:
    R = api.R
    page = R.FPDF_LoadPage(doc, number - 1)
    if not page:
        size = R.FS_SIZEF()
        w = h = 0.0
        if R.FPDF_GetPageSizeByIndexF(doc, number - 1, size):
            w, h = size.width, size.height
        return RawPage(number, w, h, [], "PDFium could not load the page")
    try:
        x0, _y0, x1, y1 = _page_box(R, page)
        width, height = x1 - x0, y1 - _y0
        textpage = R.FPDFText_LoadPage(page)
        if not textpage:
            return RawPage(number, width, height, [], "PDFium could not read the page's text")
        try:
            tp = ctypes.cast(textpage, c_void_p).value
            chars = _chars(api, tp, x0, y1, fonts)
        except Exception as exc:
            return RawPage(number, width, height, [], f"{type(exc).__name__}: {exc}"[:200])
        finally:
            R.FPDFText_ClosePage(textpage)
        return RawPage(number, width, height, chars)
    finally:
        R.FPDF_ClosePage(page)


def _font(api, font: int | None, fonts: dict) -> tuple[bool, float]:
    """(monospace, descent in thousandths of an em) of a font handle, cached by handle."""
    hit = fonts.get(font)
    if hit is None:
        mono, descent = False, 0.0
        if font:
            buf = ctypes.create_string_buffer(256)
            api.font_name(font, buf, 256)
            fname = buf.value.decode("latin-1")
            mono = bool(api.font_flags(font) & 1) or bool(MONO_NAME_RE.search(fname))
            d = c_float()
            if api.descent(font, 1000.0, ctypes.byref(d)):
                descent = min(0.0, max(-1000.0, d.value))
        hit = fonts[font] = (mono, descent)
    return hit


def _object(api, tp: int, i: int, obj: int, fonts: dict) -> tuple:
    """What the characters of one text object share (see ``_chars``)."""
    m = api.R.FS_MATRIX()
    api.matrix(tp, i, ctypes.byref(m))
    a, b, c, d = m.a, m.b, m.c, m.d
    font = api.obj_font(obj)
    size = c_float()
    fs = size.value if api.obj_font_size(obj, ctypes.byref(size)) else api.char_font_size(tp, i)
    mono, descent = _font(api, font, fonts)
    upright = a * d > 0 and b * c <= 0
    axis = upright and b == 0 and c == 0 and a > 0
    desc = descent * fs / 1000  # text space
    return (
        font,
        fs,
        upright,
        axis,
        mono,
        fs / 1000 * a,  # user-space advance per thousandth of an em
        desc * d,  # baseline to box bottom (axis-aligned)
        (desc + fs) * d,  # baseline to box top
        fs * d,  # the size
        (a, b, c, d, desc, fs),
    )


def _chars(api, tp: int, left: float, top: float, fonts: dict) -> list[Char]:
    get_unicode = api.unicode
    is_generated = api.generated
    map_error = api.map_error
    get_object = api.text_object
    get_origin = api.origin
    get_loose = api.loose
    get_tight = api.tight
    glyph_width = api.glyph_width

    ox, oy = c_double(), c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    loose = api.R.FS_RECTF()
    p_loose = ctypes.byref(loose)
    tight = [c_double() for _ in range(4)]  # left, right, bottom, top
    p_tight = [ctypes.byref(v) for v in tight]
    tight_right = tight[1]
    fw = c_float()
    p_fw = ctypes.byref(fw)

    objects: dict[int | None, tuple] = {}
    widths: dict[tuple[int, int], float] = {}  # (font, unicode) -> advance, 1/1000 em
    out: list[Char] = []
    last = (None, None, None, None)  # (object, x, y, loose right) of the last kept glyph
    last_text = ""

    for i in range(api.count_chars(tp)):
        u = get_unicode(tp, i)
        if (u == 0x20 or u == 0x0D or u == 0x0A) and is_generated(tp, i):
            continue
        obj = get_object(tp, i)
        info = objects.get(obj)
        if info is None:
            if not obj:
                continue  # generated, without a text object
            info = objects[obj] = _object(api, tp, i, obj, fonts)
        font, _fs, upright, axis, mono, k, lo, hi, size, general = info
        if not upright:
            continue

        plain = False
        if map_error(tp, i) or u == 0:
            text = f"(cid:{u})"
        elif u == 0x02 and api.hyphen(tp, i):
            text = "-"
        elif u > 0x10FFFF or 0xD800 <= u <= 0xDFFF:
            text = "\ufffd"
        else:
            text, plain = chr(u), True

        get_origin(tp, i, p_ox, p_oy)
        get_loose(tp, i, p_loose)
        x, y, r = ox.value, oy.value, loose.right

        if x == last[1] and y == last[2] and obj == last[0] and r == last[3] and out:
            # Another piece of the glyph just kept (a split ligature): one char, its text
            # joined; its right edge the glyph's loose one (the width was the first letter's).
            last_text += text
            prev = out[-1]
            x1 = r - left if axis else prev[3]
            out[-1] = (last_text, prev[1], prev[2], x1, prev[4], prev[5], prev[6])
            continue

        if axis and x >= loose.left - _EPS:
            # The advance end: the loose box's right edge where the ink does not overhang
            # it, else the font's width of the glyph (cached, checked against the box).
            x_end = r
            if plain:
                w = widths.get((font, u))
                if w is None:
                    w = fw.value if glyph_width(font, u, 1000.0, p_fw) else 0.0
                    widths[(font, u)] = w
                cand = x + w * k
                if w > 0 and x < cand:
                    if cand >= r - _TOL:
                        if cand <= r + _TOL:
                            x_end = cand  # the same edge, in double precision
                    else:
                        get_tight(tp, i, *p_tight)
                        if r <= tight_right.value + _TOL:  # the ink overhangs: font width
                            x_end = cand
            out.append((text, x - left, top - (y + hi), x_end - left, top - (y + lo), size, mono))
        else:
            out.append(_general(text, x, y, loose, general, mono, left, top))
        last = (obj, x, y, r)
        last_text = text
    return out


def _general(text, x, y, loose, general, mono, left, top) -> Char:
    """A box for rotated, skewed or mirrored upright text, or a box PDFium made without font
    metrics (whose origin lies outside it): pdfminer's box through the matrix, with the
    advance from the loose box."""
    a, b, c, d, desc, fs = general
    lt, r, bt, tp_ = loose.left, loose.right, loose.bottom, loose.top
    if not (lt - _EPS <= x <= r + _EPS):
        return (text, lt - left, top - tp_, r - left, top - bt, tp_ - bt, mono)
    adv = (r - lt) / max(abs(a), abs(b), 1e-9)
    us = (0.0, adv)
    vs = (desc, desc + fs)
    xs = [x + u * a + v * c for u in us for v in vs]
    ys = [y + u * b + v * d for u in us for v in vs]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return (text, x0 - left, top - y1, x1 - left, top - y0, y1 - y0, mono)
