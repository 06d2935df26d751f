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

Speed: PDFium parses a page in well under a millisecond; the cost is the calls per
character. The page's Unicode comes from one ``FPDFText_GetText`` call where it lines up
with the characters (``_codes_from_text``); then four calls per character remain (text
object, unmapped-glyph flag, origin, loose box), made through cffi where it is installed
(about a third cheaper per call than ctypes; the text page passed as one ``void*`` made per
page), else through ctypes prototypes taking plain addresses (no pointer objects per call).
The origin and the loose box are written into one scratch block and read back with one
``struct`` unpack. What a text object's characters share is looked up once per object.
Measured on the 300-page test book: about 190 ns per call (a cffi call's own floor on that
machine is about 170 ns), so the four calls are over half of the time per character; none
of them can go without changing the output (see the notes in ``_chars``).
"""

from __future__ import annotations

import ctypes
import functools
import struct
from collections.abc import Iterator
from ctypes import (
    CFUNCTYPE,
    POINTER,
    c_double,
    c_float,
    c_int,
    c_uint,
    c_ulong,
    c_ushort,
    c_void_p,
)
from importlib.metadata import PackageNotFoundError, version
from types import SimpleNamespace

import regex

from pipeline.errors import BookError
from pipeline.pdf import MONO_NAME_RE, Char, RawPage, cropped

ENGINE_VERSION = 2
_EPS = 0.01  # points: tolerance for "the origin lies in the box"
_TOL = 0.001  # points: two edges this close are the same (boxes are float32)
# A surrogate, or a code point UTF-16 spells with two
_OUTSIDE_BMP = regex.compile("[\ud800-\udfff\U00010000-\U0010ffff]")


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

    # Out-parameters are passed as plain addresses (ints): no pointer objects per call.
    ptr = c_void_p
    return SimpleNamespace(
        R=R,
        count_chars=proto(R.FPDFText_CountChars, c_int, c_void_p),
        get_text=proto(R.FPDFText_GetText, c_int, c_void_p, c_int, c_int, ptr),
        text_index=proto(R.FPDFText_GetTextIndexFromCharIndex, c_int, c_void_p, c_int),
        unicode=proto(R.FPDFText_GetUnicode, c_uint, c_void_p, c_int),
        generated=proto(R.FPDFText_IsGenerated, c_int, c_void_p, c_int),
        map_error=proto(R.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int),
        hyphen=proto(R.FPDFText_IsHyphen, c_int, c_void_p, c_int),
        text_object=proto(R.FPDFText_GetTextObject, c_void_p, c_void_p, c_int),
        origin=proto(R.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, ptr, ptr),
        loose=proto(R.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, ptr),
        tight=proto(R.FPDFText_GetCharBox, c_int, c_void_p, c_int, ptr, ptr, ptr, ptr),
        matrix=proto(R.FPDFText_GetMatrix, c_int, c_void_p, c_int, POINTER(R.FS_MATRIX)),
        char_font_size=proto(R.FPDFText_GetFontSize, c_double, c_void_p, c_int),
        obj_font=proto(R.FPDFTextObj_GetFont, c_void_p, c_void_p),
        obj_font_size=proto(R.FPDFTextObj_GetFontSize, c_int, c_void_p, POINTER(c_float)),
        glyph_width=proto(R.FPDFFont_GetGlyphWidth, c_int, c_void_p, c_uint, c_float, ptr),
        descent=proto(R.FPDFFont_GetDescent, c_int, c_void_p, c_float, POINTER(c_float)),
        font_name=proto(R.FPDFFont_GetBaseFontName, c_ulong, c_void_p, ctypes.c_char_p, c_ulong),
        font_flags=proto(R.FPDFFont_GetFlags, c_int, c_void_p),
        count_marks=proto(R.FPDFPageObj_CountMarks, c_int, c_void_p),
        get_mark=proto(R.FPDFPageObj_GetMark, c_void_p, c_void_p, c_ulong),
        mark_name=proto(
            R.FPDFPageObjMark_GetName, c_int, c_void_p, c_void_p, c_ulong, POINTER(c_ulong)
        ),
    )


# The calls made once per character, as cffi declares them: the text page as ``void*`` (a
# cdata pointer made once per page converts faster than an integer each call), an object
# handle returned as an integer (compared and used as a key); out-parameters as pointers
# into one scratch block (see ``_SCRATCH``).
_HOT_TYPES = {
    "generated": ("FPDFText_IsGenerated", "int(*)(void*, int)"),
    "map_error": ("FPDFText_HasUnicodeMapError", "int(*)(void*, int)"),
    "text_object": ("FPDFText_GetTextObject", "intptr_t(*)(void*, int)"),
    "origin": ("FPDFText_GetCharOrigin", "int(*)(void*, int, double*, double*)"),
    "loose": ("FPDFText_GetLooseCharBox", "int(*)(void*, int, float*)"),
    "tight": (
        "FPDFText_GetCharBox",
        "int(*)(void*, int, double*, double*, double*, double*)",
    ),
}

# The per-character out-parameters share one block, read back with one ``unpack_from``:
# the origin (x, y doubles) at 0, the loose box (FS_RECTF: left, top, right, bottom floats)
# at 16, the tight box (left, right, bottom, top doubles) at 32.
_SCRATCH = 64
_ORIGIN_LOOSE = struct.Struct("@2d4f")  # from offset 0
_TIGHT = struct.Struct("@4d")  # from offset 32


@functools.cache
def _hot(backend: str = "") -> SimpleNamespace:
    """The per-character calls: through cffi where it is installed (it comes with
    pdfminer.six's cryptography; a call costs about a third less than through ctypes), else
    through the ctypes prototypes of ``_api``. Both call the same functions of the same
    library, so they return the same values. *backend* forces one ("cffi", "ctypes"); tests
    compare them.

    ``handle(tp)`` is what the calls take for the text page whose address is *tp*;
    ``scratch()`` gives (a memoryview of a fresh ``_SCRATCH``-byte block, the out-pointers:
    origin x, origin y, loose box, tight left, right, bottom, top).
    """
    api = _api()
    if backend in ("", "cffi"):
        try:
            import cffi
        except ImportError:
            if backend:
                raise
        else:
            ffi = cffi.FFI()
            # The same functions pypdfium2's ctypes bindings call, from their addresses.
            calls = {
                key: ffi.cast(ctype, ctypes.cast(getattr(api.R, fn), c_void_p).value)
                for key, (fn, ctype) in _HOT_TYPES.items()
            }

            def scratch() -> tuple:
                block = ffi.new(f"char[{_SCRATCH}]")
                o = ffi.cast("double*", block)
                t = ffi.cast("double*", block + 32)
                box = ffi.cast("float*", block + 16)
                # the view keeps the block alive
                return memoryview(ffi.buffer(block)), (o, o + 1, box, t, t + 1, t + 2, t + 3)

            return SimpleNamespace(
                backend="cffi",
                ffi=ffi,
                **calls,
                handle=functools.partial(ffi.cast, "void*"),
                scratch=scratch,
            )

    def c_scratch() -> tuple:
        block = (ctypes.c_char * _SCRATCH)()
        a = ctypes.addressof(block)
        return memoryview(block), (a, a + 8, a + 16, a + 32, a + 40, a + 48, a + 56)

    return SimpleNamespace(
        backend="ctypes",
        generated=api.generated,
        map_error=api.map_error,
        text_object=api.text_object,
        origin=api.origin,
        loose=api.loose,
        tight=api.tight,
        handle=int,
        scratch=c_scratch,
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
            chars, artifacts = _chars(api, tp, x0, y1, fonts)
        except Exception as exc:
            return RawPage(number, width, height, [], f"{type(exc).__name__}: {exc}"[:200])
        finally:
            R.FPDFText_ClosePage(textpage)
        raw = RawPage(number, width, height, chars, artifacts=artifacts)
        crop = _crop_box(R, page)
        if crop is not None and not R.FPDFPage_GetRotation(page):
            cx0, cy0, cx1, cy1 = crop
            raw = cropped(raw, (cx0 - x0, y1 - cy1, cx1 - x0, y1 - cy0))
        return raw
    finally:
        R.FPDF_ClosePage(page)


def _crop_box(R, page) -> tuple[float, float, float, float] | None:
    """(left, bottom, right, top) of the page's own CropBox, or None."""
    x0, y0, x1, y1 = c_float(), c_float(), c_float(), c_float()
    if not R.FPDFPage_GetCropBox(page, x0, y0, x1, y1):
        return None
    xs = sorted((x0.value, x1.value))
    ys = sorted((y0.value, y1.value))
    return (xs[0], ys[0], xs[1], ys[1])


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


def _is_artifact(api, obj: int) -> bool:
    """Is the text object inside /Artifact marked content (a tagged PDF's running head,
    folio or watermark)? PDFium gives each object the marks of all the sequences around it."""
    buf = ctypes.create_string_buffer(64)
    used = c_ulong()
    for j in range(max(0, api.count_marks(obj))):
        mark = api.get_mark(obj, j)
        named = mark and api.mark_name(mark, buf, 64, ctypes.byref(used))
        if named and buf.raw[: max(0, used.value - 2)].decode("utf-16-le", "replace") == "Artifact":
            return True
    return False


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
        _is_artifact(api, obj),
    )


def _codes(api, tp: int, n: int) -> list[int]:
    """What ``FPDFText_GetUnicode`` returns for each of the page's *n* characters: from the
    page text in one call where it lines up with the characters, else one call each."""
    codes = _codes_from_text(api, tp, n)
    if codes is None:
        get_unicode = api.unicode
        codes = [get_unicode(tp, i) for i in range(n)]
    return codes


def _codes_from_text(api, tp: int, n: int) -> list[int] | None:
    """``_codes`` from one ``FPDFText_GetText`` call, or None where the page text does not
    line up one to one with the characters.

    It does where every character has a text index and its own (PDFium gives none to control
    characters it drops from the text; then the last one's index is below ``n - 1``) and
    none lies outside the BMP (UTF-16 takes two units for it, and PDFium cuts the text at
    *n* units). The text holds U+FFFE where the character is PDFium's mark for a line-end
    hyphen (U+0002) or a glyph without text (0): those are asked one by one.
    """
    if n <= 0:
        return []
    buf = (c_ushort * (2 * n + 2))()  # room to spare
    written = api.get_text(tp, 0, n, ctypes.addressof(buf))  # units, with the final NUL
    if written != n + 1 or api.text_index(tp, n - 1) != n - 1:
        return None
    text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "surrogatepass")
    if len(text) != n or _OUTSIDE_BMP.search(text):
        return None
    codes = list(map(ord, text))
    i = text.find("\ufffe")
    while i >= 0:
        codes[i] = api.unicode(tp, i)
        i = text.find("\ufffe", i + 1)
    return codes


def _chars(
    api, tp: int, left: float, top: float, fonts: dict, hot=None
) -> tuple[list[Char], list[Char]]:
    # Why each per-character call stays: the text object, because font, size and matrix
    # change with it and split ligatures are joined only within one; the unmapped-glyph
    # flag, because PDFium reports such a glyph's code as its text, which the page text
    # cannot tell from a real letter; the origin, because the loose box's left edge is the
    # ink's where the ink overhangs to the left (and y); the loose box, for the advance end
    # where the ink overhangs to the right and for boxes made without font metrics.
    hot = hot or _hot()
    h = hot.handle(tp)
    is_generated = hot.generated
    map_error = hot.map_error
    get_object = hot.text_object
    get_origin = hot.origin
    get_loose = hot.loose
    get_tight = hot.tight
    glyph_width = api.glyph_width

    view, (p_ox, p_oy, p_box, *p_tight) = hot.scratch()
    origin_loose = functools.partial(_ORIGIN_LOOSE.unpack_from, view)
    tight_box = functools.partial(_TIGHT.unpack_from, view, 32)
    fw = c_float()
    p_fw = ctypes.addressof(fw)

    objects: dict[int | None, tuple] = {}
    widths: dict[int | None, dict[int, float]] = {}  # font -> unicode -> advance, 1/1000 em
    text_chars: list[Char] = []
    artifacts: list[Char] = []  # drawn inside /Artifact marked content
    out = text_chars  # where the current object's characters go
    append = out.append
    # The last kept glyph: (object, x, y, loose right), its text
    last_obj = last_x = last_y = last_r = None
    last_text = ""
    # What the characters of the current text object share (see ``_object``); -1 is no
    # handle (a null one is 0, or None through ctypes)
    cur = -1
    font = upright = axis = mono = k = lo = hi = size = general = fwidths = None
    cy = ctop = cbottom = None  # the baseline last seen and its box top and bottom

    codes = _codes(api, tp, api.count_chars(tp))
    for i, u in enumerate(codes):
        if u <= 0x20 and (u == 0x20 or u == 0x0D or u == 0x0A) and is_generated(h, i):
            continue
        obj = get_object(h, i)
        if obj != cur:
            info = objects.get(obj)
            if info is None:
                if not obj:
                    continue  # generated, without a text object
                info = objects[obj] = _object(api, tp, i, obj, fonts)
            cur = obj
            font, _fs, upright, axis, mono, k, lo, hi, size, general, artifact = info
            out = artifacts if artifact else text_chars
            append = out.append
            fwidths = widths.get(font)
            if fwidths is None:
                fwidths = widths[font] = {}
            cy = None
        if not upright:
            continue

        if map_error(h, i):
            text, plain = f"(cid:{u})", False
        elif 0x20 < u < 0xD800:  # the common case, decided in one comparison
            text, plain = chr(u), True
        elif u == 0:
            text, plain = "(cid:0)", False
        elif u == 0x02 and api.hyphen(tp, i):
            text, plain = "-", False
        elif u > 0x10FFFF or 0xD800 <= u <= 0xDFFF:
            text, plain = "\ufffd", False
        else:
            text, plain = chr(u), True

        get_origin(h, i, p_ox, p_oy)
        get_loose(h, i, p_box)
        x, y, bl, bt, r, bb = origin_loose()

        if x == last_x and y == last_y and obj == last_obj and r == last_r and out:
            # Another piece of the glyph just kept (a split ligature): one char, its text
            # joined; its right edge the glyph's loose one (the width was the first letter's).
            last_text += text
            prev = out[-1]
            x1 = r - left if axis else prev[3]
            out[-1] = (last_text, prev[1], prev[2], x1, prev[4], prev[5], prev[6])
            continue

        if axis and x >= bl - _EPS:
            # The advance end: the loose box's right edge where the ink does not overhang
            # it, else the font's width of the glyph (cached, checked against the box).
            x_end = r
            if plain:
                w = fwidths.get(u)
                if w is None:
                    w = fwidths[u] = fw.value if glyph_width(font, u, 1000.0, p_fw) else 0.0
                cand = x + w * k
                if w > 0 and x < cand:
                    if cand >= r - _TOL:
                        if cand <= r + _TOL:
                            x_end = cand  # the same edge, in double precision
                    else:
                        get_tight(h, i, *p_tight)
                        if r <= tight_box()[1] + _TOL:  # the ink overhangs: font width
                            x_end = cand
            if y != cy:
                cy, ctop, cbottom = y, top - (y + hi), top - (y + lo)
            append((text, x - left, ctop, x_end - left, cbottom, size, mono))
        else:
            loose = SimpleNamespace(left=bl, top=bt, right=r, bottom=bb)
            append(_general(text, x, y, loose, general, mono, left, top))
        last_obj = obj
        last_x = x
        last_y = y
        last_r = r
        last_text = text
    return text_chars, artifacts


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
