"""Reader for PDF: paragraphs in reading order and tables as grids, located to page and bbox.

Extraction uses pypdfium2 (fast, Apache/BSD-licensed): characters with their boxes and the ruling
lines drawn on each page. Ruled tables are found from those lines with pdfplumber's table
geometry (edges → intersections → cells → tables; computed in ``pdf_ruling``, a step-for-step copy
that spares loading pdfplumber), so each cell sits in its true column and keeps its bbox. Text outside ruled tables is grouped into printed lines; lines with figures spread over
columns become grids (aligned by x-position where the columns are unambiguous, otherwise one row of
tokens per printed line), and the rest becomes paragraphs, wrapped lines joined again by layout
(a line that runs to the right margin continues on the next, unless that one is indented or starts
a new item), also across page breaks.

Coordinates are PDF points, origin at the top-left of the page as displayed (``/Rotate`` applied):
``bbox = (x0, top, x1, bottom)``.
"""

from __future__ import annotations

import ctypes
import itertools
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetlens.errors import InputError, os_reason
from budgetlens.figures import NUMBER_PATTERN, normalize
from budgetlens.i18n import Message, as_param
from budgetlens.model import Block, Cell, Grid, Location, Paragraph, Source
from budgetlens.read.pdf_ruling import (
    cells_to_tables,
    edges_to_intersections,
    merge_edges,
    table_bbox,
    table_rows,
)

MAX_PAGES = 1500
MAX_BYTES = 200 * 1024 * 1024
MAX_CHARS_PER_PAGE = 60_000

BBox = tuple[float, float, float, float]


class _Char:
    """One character in display coordinates. A plain slotted class rather than a dataclass: a
    page has thousands, and the centre is computed in the one constructor call."""

    __slots__ = ("bottom", "cx", "cy", "size", "space_before", "text", "top", "x0", "x1")

    def __init__(self, text: str, x0: float, top: float, x1: float, bottom: float, size: float,
                 space_before: bool = False) -> None:
        self.text = text
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.size = size
        self.space_before = space_before  # the PDF has a space character just before this one
        self.cx = (x0 + x1) / 2  # centre, computed once (read many times)
        self.cy = (top + bottom) / 2


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[_Char]
    edges: list[dict[str, Any]]
    images: int


@dataclass(slots=True)
class _Line:
    """One printed line outside ruled tables, split into segments at wide gaps."""

    page: int
    segments: list[list[_Char]]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    @property
    def bbox(self) -> BBox:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


# ---------------------------------------------------------------- loading


def read_pdf(path: Path) -> Source:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, Message("read.cannot_read", reason=as_param(os_reason(exc)))) from None
    if size > MAX_BYTES:
        raise InputError(name, Message("read.pdf_too_large", size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    pages = _load(path, name)
    return build_source(pages, name)


def _load(path: Path, name: str) -> list[_Page]:
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(name, Message("read.pdf_encrypted")) from None
        raise InputError(name, Message("read.pdf_corrupt", detail=_short(msg))) from None
    try:
        n = len(doc)
        if n == 0:
            raise InputError(name, Message("read.pdf_no_pages"))
        if n > MAX_PAGES:
            raise InputError(name, Message("read.pdf_too_many_pages", pages=n, limit=MAX_PAGES))
        pages: list[_Page] = []
        for i in range(n):
            try:
                pages.append(_load_page(doc, i))
            except pdfium.PdfiumError as exc:
                raise InputError(name, Message("read.pdf_page_corrupt", detail=_short(str(exc))), Message("read.where.page", page=i + 1)) from None
            if len(pages[-1].chars) > MAX_CHARS_PER_PAGE:
                raise InputError(name, Message("read.pdf_too_many_chars"), Message("read.where.page", page=i + 1))
        return pages
    finally:
        doc.close()


def _short(msg: str) -> str:
    return msg.replace("Failed to load document", "").strip(" ().") or msg


def _load_page(doc: pdfium.PdfDocument, index: int) -> _Page:
    page = doc[index]
    try:
        w0, h0 = page.get_width(), page.get_height()
        rotation = page.get_rotation() % 360
        if rotation in (90, 270):
            # get_width/get_height report the displayed size; the content space is unrotated
            w0, h0 = h0, w0
        disp_w, disp_h = (h0, w0) if rotation in (90, 270) else (w0, h0)

        def to_disp(x: float, y: float) -> tuple[float, float]:
            if rotation == 90:
                return y, x
            if rotation == 180:
                return w0 - x, y
            if rotation == 270:
                return h0 - y, w0 - x
            return x, h0 - y

        edges, images, text_objects = _page_edges(page, to_disp, h0 if rotation == 0 else None)
        chars, turn = _page_chars(page, to_disp, rotation, h0, text_objects)
        if turn:
            # the page's text is drawn turned (a landscape table on a portrait page): turn the
            # whole page so that it reads upright
            chars, edges, disp_w, disp_h = _turn_page(chars, edges, turn, disp_w, disp_h)
        return _Page(index + 1, disp_w, disp_h, _dedupe(chars), edges, images)
    finally:
        page.close()


def _address_returning(function: Any) -> Any:
    """A pdfium function of (text page, index) returning a pointer, bound to return the address
    as an int (None for NULL), so that results compare by value."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:
        raise RuntimeError("pdfium function not loaded")
    return ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int)(address)


# the text object a character belongs to, comparable with that of the character before
_text_object_of = _address_returning(pdfium_c.FPDFText_GetTextObject)


def _page_chars(
    page: Any, to_disp: Any, rotation: int, height: float, text_objects: int | None
) -> tuple[list[_Char], int]:
    """The page's characters in display coordinates, and the quarter turn (0, 90, 180, 270 degrees
    clockwise) that brings most of its text upright.

    pdfium gives each character the font size and matrix of the text object it belongs to (the
    object's matrix after that of the form it is drawn in), so both are asked once per run of
    characters from one text object, when the page's text objects hold two characters or more
    on average (otherwise asking for the object costs more than it saves). pdfium parses a form
    XObject anew for each time it is drawn (each drawing has text objects of its own), but as a
    safeguard against one text object drawn under two matrices, pages that draw forms
    (``text_objects`` None) ask per character."""
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        chars: list[_Char] = []
        append = chars.append
        raw = tp.raw
        is_generated = pdfium_c.FPDFText_IsGenerated
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_size = pdfium_c.FPDFText_GetFontSize
        get_matrix = pdfium_c.FPDFText_GetMatrix
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        text_object = _text_object_of if text_objects is not None and n >= 2 * text_objects else None
        rect = pdfium_c.FS_RECTF()
        m = pdfium_c.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        angles = [0, 0, 0, 0]  # characters drawn at each quarter turn (counter-clockwise)
        space = False
        upright = rotation == 0
        last_object: int | None = None  # the text object whose size and matrix are at hand
        reported = scale = 1.0
        quarter = 0
        has_matrix = False
        for k in range(n):
            code = get_unicode(raw, k)
            # pdfium generates only spaces and line breaks (between words and lines it infers)
            if code < 33 or code in (0x3000, 0xA0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                if code in (32, 10, 13) and is_generated(raw, k) == 1:
                    continue
                space = code in (32, 0x3000, 0xA0)
                continue
            if not get_box(raw, k, rect):
                raise pdfium.PdfiumError("Failed to get charbox.")
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if right - left <= 0 and top - bottom <= 0:
                continue
            obj = text_object(raw, k) if text_object is not None else None
            if obj is None or obj != last_object:
                last_object = obj
                # The reported font size ignores the text matrix's scaling: apply it.
                reported = float(get_size(raw, k))
                has_matrix = bool(get_matrix(raw, k, m))
                if has_matrix:
                    scale = abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
                    quarter = _quarter(m.a, m.b)
                else:
                    scale, quarter = 1.0, 0
            if has_matrix:
                angles[quarter] += 1
            size = reported * scale if reported > 0 else top - bottom
            # Extent from the baseline, so that punctuation with small glyph boxes (，。) lines
            # up with the characters around it: in the text's own up direction (for text drawn
            # a quarter turn round, along x).
            if get_origin(raw, k, ox, oy):
                if quarter == 0:
                    bottom, top = oy.value - 0.2 * size, oy.value + 0.8 * size
                elif quarter == 1:
                    left, right = ox.value - 0.8 * size, ox.value + 0.2 * size
                elif quarter == 2:
                    bottom, top = oy.value - 0.8 * size, oy.value + 0.2 * size
                else:
                    left, right = ox.value - 0.2 * size, ox.value + 0.8 * size
            if upright:  # the common case, without the function calls (min/max spelt out)
                y0, y1 = height - top, height - bottom
                append(_Char(chr(code), right if right < left else left, y1 if y1 < y0 else y0,
                             right if right > left else left, y1 if y1 > y0 else y0,
                             size if size > 1.0 else 1.0, space))
            else:
                ax, ay = to_disp(left, bottom)
                bx, by = to_disp(right, top)
                append(_Char(chr(code), min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), max(size, 1.0), space))
            space = False
        # Text drawn q quarter turns counter-clockwise in PDF space, on a page that /Rotate turns
        # clockwise for display, shows turned (90q - rotation) degrees counter-clockwise: turning
        # the page that much clockwise sets it upright.
        dominant = max(range(4), key=lambda q: angles[q])
        turn = (dominant * 90 - rotation) % 360
        if not turn or angles[dominant] <= 0.6 * sum(angles):
            turn = 0
        return chars, turn
    finally:
        tp.close()


def _turn_page(
    chars: list[_Char], edges: list[dict[str, Any]], turn: int, width: float, height: float
) -> tuple[list[_Char], list[dict[str, Any]], float, float]:
    """Turn a page's characters and ruling lines ``turn`` degrees clockwise (display coordinates,
    y down); return them with the turned page's width and height."""

    def point(x: float, y: float) -> tuple[float, float]:
        if turn == 90:
            return height - y, x
        if turn == 180:
            return width - x, height - y
        return y, width - x  # 270

    def box(x0: float, top: float, x1: float, bottom: float) -> BBox:
        ax, ay = point(x0, top)
        bx, by = point(x1, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    turned = [_Char(c.text, *box(c.x0, c.top, c.x1, c.bottom), c.size, c.space_before) for c in chars]
    out: list[dict[str, Any]] = []
    for e in edges:
        x0, top, x1, bottom = box(e["x0"], e["top"], e["x1"], e["bottom"])
        horizontal = bottom - top < x1 - x0
        out.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
                    "orientation": "h" if horizontal else "v", "object_type": "line"})
    w, h = (height, width) if turn in (90, 270) else (width, height)
    return turned, out, w, h


def _quarter(a: float, b: float) -> int:
    """Which quarter turn (0-3, counter-clockwise) a text matrix's x-axis (a, b) points to."""
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 2
    return 1 if b > 0 else 3


def _dedupe(chars: list[_Char]) -> list[_Char]:
    """Drop overprinted duplicates (faux bold: the same glyph drawn again a fraction of a point
    away), which text extraction would otherwise read as doubled characters (收收入入).

    A character is a duplicate when a kept one with the same text lies within 0.3 of its size
    both ways and in the same or a neighbouring 2-point grid square. Each kept character is filed
    under the 16-point blocks that its 3×3 neighbourhood of squares touches (one to four), so one
    look-up under a character's own block finds every candidate."""
    seen: dict[tuple[str, int, int], list[tuple[int, int, float, float]]] = {}
    out: list[_Char] = []
    get = seen.get
    for ch in chars:
        cx, cy, text = ch.cx, ch.cy, ch.text
        gx, gy = int(cx // 2), int(cy // 2)
        near = get((text, gx >> 3, gy >> 3))
        if near is not None:
            tol = 0.3 * ch.size
            if any(
                -1 <= ox - gx <= 1 and -1 <= oy - gy <= 1 and abs(ocx - cx) <= tol and abs(ocy - cy) <= tol
                for ox, oy, ocx, ocy in near
            ):
                continue
        entry = (gx, gy, cx, cy)
        x0, x1, y0, y1 = (gx - 1) >> 3, (gx + 1) >> 3, (gy - 1) >> 3, (gy + 1) >> 3
        for bx in (x0,) if x0 == x1 else (x0, x1):
            for by in (y0,) if y0 == y1 else (y0, y1):
                bucket = get((text, bx, by))
                if bucket is None:
                    seen[(text, bx, by)] = [entry]
                else:
                    bucket.append(entry)
        out.append(ch)
    return out


def _page_edges(page: Any, to_disp: Any, upright: float | None) -> tuple[list[dict[str, Any]], int, int | None]:
    """Horizontal and vertical segments of drawn paths (ruling lines and rectangle sides), the
    number of images, and the number of text objects (None when the page draws form XObjects)."""
    edges: list[dict[str, Any]] = []
    counter = [0, 0, 0]  # images, forms, text objects
    _walk_objects(page.raw, False, [], 0, to_disp, upright, edges, counter)
    return edges, counter[0], None if counter[1] else counter[2]


_MAX_FORM_DEPTH = 8
_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
Matrix = tuple[float, float, float, float, float, float]


def _walk_objects(
    parent: Any, form: bool, outer: list[Matrix], level: int, to_disp: Any, upright: float | None,
    edges: list[dict[str, Any]], counts: list[int],
) -> None:
    """Path objects of a page or form XObject (nested forms to a depth of 8), each with its
    transformation: its own matrix, then those of the enclosing forms from the innermost out.
    ``counts`` collects the number of images, of form XObjects and of text objects."""
    count = pdfium_c.FPDFFormObj_CountObjects(parent) if form else pdfium_c.FPDFPage_CountObjects(parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get_object = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(count):
        obj = get_object(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind == _FORM:
            counts[1] += 1
            if level < _MAX_FORM_DEPTH - 1:
                _walk_objects(obj, True, [_matrix(obj), *outer], level + 1, to_disp, upright, edges, counts)
        elif kind == _IMAGE:
            counts[0] += 1
        elif kind == _TEXT:
            counts[2] += 1
        elif kind == _PATH:
            matrix = _matrix(obj)
            for o in outer:
                matrix = _multiply(matrix, o)
            _path_edges(obj, matrix, to_disp, upright, edges)


_FS_MATRIX = pdfium_c.FS_MATRIX()


def _matrix(obj: Any) -> Matrix:
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, _FS_MATRIX):
        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
    m = _FS_MATRIX
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m: Matrix, o: Matrix) -> Matrix:
    """m then o (as PdfMatrix.multiply)."""
    a, b, c, d, e, f = m
    oa, ob, oc, od, oe, of = o
    return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od, e * oa + f * oc + oe, e * ob + f * od + of)


_X = ctypes.c_float()
_Y = ctypes.c_float()


def _path_edges(obj: Any, matrix: Matrix, to_disp: Any, upright: float | None, edges: list[dict[str, Any]]) -> None:
    """Edges of one path object; ``upright`` is the page height when the page is not rotated
    (display y = height - y), else None (``to_disp`` maps points)."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    get_segment = pdfium_c.FPDFPath_GetPathSegment
    get_point = pdfium_c.FPDFPathSegment_GetPoint
    get_kind = pdfium_c.FPDFPathSegment_GetType
    get_close = pdfium_c.FPDFPathSegment_GetClose
    ma, mb, mc, md, me, mf = matrix
    x_, y_ = _X, _Y
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for s in range(count):
        seg = get_segment(obj, s)
        get_point(seg, x_, y_)
        x, y = x_.value, y_.value
        if upright is None:
            pt = to_disp(ma * x + mc * y + me, mb * x + md * y + mf)
        else:  # to_disp of an unrotated page, without the function call
            pt = (ma * x + mc * y + me, upright - (mb * x + md * y + mf))
        kind = get_kind(seg)
        if kind == _MOVETO:
            start = prev = pt
            continue
        if kind == _LINETO and prev is not None:
            _add_edge(prev, pt, edges)
        prev = pt
        if get_close(seg) and start is not None:
            _add_edge(pt, start, edges)
            prev = start


_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_LINETO = pdfium_c.FPDF_SEGMENT_LINETO


def _add_edge(a: tuple[float, float], b: tuple[float, float], edges: list[dict[str, Any]]) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1.0 and abs(ax - bx) >= 2.0:
        x0, x1 = min(ax, bx), max(ax, bx)
        y = (ay + by) / 2
        edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                      "orientation": "h", "object_type": "line"})
    elif abs(ax - bx) < 1.0 and abs(ay - by) >= 2.0:
        t, b_ = min(ay, by), max(ay, by)
        x = (ax + bx) / 2
        edges.append({"x0": x, "x1": x, "top": t, "bottom": b_, "width": 0.0, "height": b_ - t,
                      "orientation": "v", "object_type": "line"})


# ---------------------------------------------------------------- assembling the source


@dataclass(slots=True)
class _TableOut:
    bbox: BBox
    grid: Grid


def build_source(pages: list[_Page], name: str) -> Source:
    total_chars = sum(len(p.chars) for p in pages)
    with_images = sum(1 for p in pages if p.images)
    if total_chars == 0:
        if with_images:
            raise InputError(
                name, Message("read.pdf_scanned", pages=len(pages), images=with_images),
            )
        raise InputError(name, Message("read.pdf_no_text", pages=len(pages)))
    warnings: list[str] = []
    blocks: list[Block] = []
    table_no = 0
    pending: _ParaBuilder | None = None
    laid_out: list[tuple[_Page, list[_TableOut], list[_Line]]] = []
    blank: list[int] = []
    for page in pages:
        if len(page.chars) < 5 and page.images:
            warnings.append(Message("parse.scanned_page", page=page.number))
        tables, free = _find_tables(page, name, table_no)
        table_no += len(tables)
        laid_out.append((page, tables, _drop_page_furniture(_lines(free, page), page)))
        if not tables and not laid_out[-1][2] and not page.images and not page.edges:
            blank.append(page.number)
    # Whether paragraphs are marked by first-line indentation is a property of the document.
    indents = any(_uses_indent(lines, _body_left(lines)) for _, _, lines in laid_out if lines)
    # So is the usual gap between lines of running text (single or double spacing).
    gaps = sorted(
        b.top - a.bottom
        for _, _, lines in laid_out
        for a, b in itertools.pairwise(lines)
        if len(a.segments) == 1 and len(b.segments) == 1 and 0 <= b.top - a.bottom < 3 * a.size
    )
    leading = gaps[len(gaps) // 2] if gaps else 0.0
    margins = _text_margins([(page, lines, bool(tables)) for page, tables, lines in laid_out])
    for page, tables, lines in laid_out:
        style = _Style(indents, leading, margins.get(page.number))
        items: list[tuple[float, Block | _Line]] = [(t.bbox[1], t.grid) for t in tables]
        items.extend((ln.top, ln) for ln in lines)
        items.sort(key=lambda it: it[0])
        run: list[_Line] = []
        for _, item in items:
            if isinstance(item, _Line):
                run.append(item)
                continue
            pending = _emit_text(run, page, name, style, pending, blocks)
            run = []
            if pending is not None:
                blocks.append(pending.paragraph(name))
                pending = None
            blocks.append(item)
        pending = _emit_text(run, page, name, style, pending, blocks)
        if pending is not None and not pending.open_at_page_end():
            blocks.append(pending.paragraph(name))
            pending = None
    if pending is not None:
        blocks.append(pending.paragraph(name))
    _mark_continuations(blocks)
    layouts = ["pdf"]
    return Source(path=name, format="pdf", blocks=blocks, layouts=layouts, warnings=warnings, pages=len(pages),
                  blank_pages=blank)


# ---------------------------------------------------------------- ruled tables


def _emit_text(
    run: list[_Line], page: _Page, name: str, style: _Style, pending: _ParaBuilder | None,
    blocks: list[Block],
) -> _ParaBuilder | None:
    """Append the paragraphs and grids of a run of printed lines; return the paragraph still open
    (it may continue on the next page or after a table)."""
    if not run:
        return pending
    for blk in _text_blocks(run, page, name, style):
        if isinstance(blk, _ParaBuilder):
            if pending is not None and pending.joins(blk):
                pending.extend(blk)
                continue
            if pending is not None:
                blocks.append(pending.paragraph(name))
            pending = blk
        else:
            if pending is not None:
                blocks.append(pending.paragraph(name))
                pending = None
            blocks.append(blk)
    return pending


def _find_tables(page: _Page, name: str, first_index: int) -> tuple[list[_TableOut], list[_Char]]:
    """Ruled tables of a page and the characters outside them."""
    if not page.edges:
        return [], page.chars
    edges = [e for e in page.edges if max(e["width"], e["height"]) >= 3]
    edges = merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
    if not edges:
        return [], page.chars
    edges += _open_row_rules(edges)
    cells = _intersections_to_cells(edges_to_intersections(edges, 3, 3))
    out: list[_TableOut] = []
    used: set[int] = set()
    for cell_group in cells_to_tables(cells):
        rows = table_rows(cell_group)
        ncols = max((len(r) for r in rows), default=0)
        if len(rows) * ncols < 2:
            continue  # a single framed box is a text frame, not a table
        grid_rows: list[list[Cell]] = []
        cell_chars: dict[tuple[int, int], list[_Char]] = {}
        boxes: list[tuple[int, int, BBox]] = []
        for ri, row in enumerate(rows):
            for ci, bb in enumerate(row):
                if bb is not None:
                    boxes.append((ri, ci, (float(bb[0]), float(bb[1]), float(bb[2]), float(bb[3]))))
        tb = table_bbox(cell_group)
        finder = _BoxIndex(boxes)
        for k, ch in enumerate(page.chars):
            if k in used:
                continue
            cx, cy = ch.cx, ch.cy
            if not (tb[0] <= cx <= tb[2] and tb[1] <= cy <= tb[3]):
                continue
            hit = finder.first_containing(cx, cy)
            if hit is not None:
                cell_chars.setdefault(hit, []).append(ch)
                used.add(k)
        _return_overflow(cell_chars, {(ri, ci): bb for ri, ci, bb in boxes})
        index = first_index + len(out)
        any_text = False
        for ri, row in enumerate(rows):
            grid_row: list[Cell] = []
            for ci in range(ncols):
                bb = row[ci] if ci < len(row) else None
                text = _cell_text(cell_chars.get((ri, ci), []))
                any_text = any_text or bool(text)
                loc = Location(
                    file=name, page=page.number, table=index, row=ri, column=ci,
                    bbox=_round_box(bb) if bb is not None else None,
                )
                grid_row.append(Cell(text, loc))
            grid_rows.append(grid_row)
        if not any_text:
            continue  # ruling without content (an empty row carried over to a page of its own)
        bbox = (round(float(tb[0]), 1), round(float(tb[1]), 1), round(float(tb[2]), 1), round(float(tb[3]), 1))
        grid = Grid(rows=grid_rows, location=Location(file=name, page=page.number, table=index, bbox=bbox),
                    layout="pdf-ruled")
        out.append(_TableOut(bbox, grid))
    free = [ch for k, ch in enumerate(page.chars) if k not in used]
    return out, free


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff（）()]")


def _open_row_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rule a row left open: a grid cut at a page break may start its page with its vertical
    rules only (no line above the first row). Where three or more vertical rules end at the same
    height and no horizontal rule at all runs there, one is drawn from the first to the last."""
    out: list[dict[str, Any]] = []
    verts = [e for e in edges if e["orientation"] == "v"]
    horiz = [e for e in edges if e["orientation"] == "h"]
    for end in ("top", "bottom"):
        by_y: dict[int, list[dict[str, Any]]] = {}
        for e in verts:
            by_y.setdefault(round(e[end]), []).append(e)
        for y, vs in by_y.items():
            x0, x1 = min(e["x0"] for e in vs), max(e["x0"] for e in vs)
            if len(vs) < 3 or any(abs(h["top"] - y) <= 3 and h["x1"] > x0 and h["x0"] < x1 for h in horiz):
                continue
            at = sum(e[end] for e in vs) / len(vs)
            out.append({"x0": x0, "x1": x1, "top": at, "bottom": at, "width": x1 - x0, "height": 0.0,
                        "orientation": "h", "object_type": "line"})
    return out


def _return_overflow(cell_chars: dict[tuple[int, int], list[_Char]], boxes: dict[tuple[int, int], BBox]) -> None:
    """A name too long for its cell runs on over the next cell's border (机关事业单位职业年金|缴费支出
    43608.96): the Chinese characters that continue a line of the cell on the left, which reaches
    the border, at the text's own advance (no gap at all) are given back to it."""
    for (ri, ci) in sorted(cell_chars):
        left = cell_chars.get((ri, ci - 1))
        mine = cell_chars[(ri, ci)]
        box = boxes.get((ri, ci - 1))
        if not left or not mine or box is None:
            continue
        moved: list[_Char] = []
        for ch in sorted(mine, key=lambda c: c.x0):
            line = [c for c in left + moved if abs(c.cy - ch.cy) <= 0.45 * min(c.size, ch.size)]
            if not line or not _CJK_CHAR.match(ch.text):
                break
            last = max(line, key=lambda c: c.x1)
            reaches = moved or last.x1 >= box[2] - 0.5 * last.size
            # the characters follow at the text's own advance (no gap): one run of text
            if not reaches or not _CJK_CHAR.match(last.text) or not abs(ch.x0 - last.x1) <= 0.1 * ch.size:
                break
            moved.append(ch)
        if moved:
            left.extend(moved)
            cell_chars[(ri, ci)] = [c for c in mine if c not in moved]


def _intersections_to_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells`` (the same cells in the same order), with each
    point's edges and its neighbours below and to the right looked up once instead of per pair."""

    def bboxes(edges: list[dict[str, Any]]) -> frozenset[BBox]:
        return frozenset((e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges)

    v_of = {p: bboxes(e["v"]) for p, e in intersections.items()}
    h_of = {p: bboxes(e["h"]) for p, e in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not v_of[p1].isdisjoint(v_of[p2]):
            return True
        return p1[1] == p2[1] and not h_of[p1].isdisjoint(h_of[p2])

    points = sorted(intersections)
    column: dict[float, list[tuple[float, float]]] = {}  # same x, in sorted order (y ascending)
    row: dict[float, list[tuple[float, float]]] = {}  # same y, in sorted order (x ascending)
    for pt in points:
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    cells: list[BBox] = []
    for pt in points[:-1]:
        below = [q for q in column[pt[0]] if q[1] > pt[1]]
        right = [q for q in row[pt[1]] if q[0] > pt[0]]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt: tuple[float, float], below: list[tuple[float, float]], right: list[tuple[float, float]],
                   intersections: dict[tuple[float, float], Any], connects: Any) -> BBox | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


class _BoxIndex:
    """Cell boxes bucketed by horizontal band, to find the first box (in the given order) that
    contains a point without testing every cell of the table."""

    BAND = 8.0

    def __init__(self, boxes: list[tuple[int, int, BBox]]) -> None:
        self.bands: dict[int, list[tuple[int, int, int, BBox]]] = {}
        for order, (ri, ci, bb) in enumerate(boxes):
            for band in range(int(bb[1] // self.BAND), int(bb[3] // self.BAND) + 1):
                self.bands.setdefault(band, []).append((order, ri, ci, bb))

    def first_containing(self, x: float, y: float) -> tuple[int, int] | None:
        best: tuple[int, int, int] | None = None
        for order, ri, ci, (x0, t, x1, b) in self.bands.get(int(y // self.BAND), ()):
            if x0 <= x <= x1 and t <= y <= b and (best is None or order < best[0]):
                best = (order, ri, ci)
        return None if best is None else (best[1], best[2])


def _round_box(bb: Any) -> BBox:
    return (round(float(bb[0]), 1), round(float(bb[1]), 1), round(float(bb[2]), 1), round(float(bb[3]), 1))


def _cell_text(chars: list[_Char]) -> str:
    if not chars:
        return ""
    lines = _group_lines(chars)
    text = ""
    for ln in lines:
        part = _segment_text(ln, cell=True)
        text = _join(text, part, cell=True)
    return normalize(text).strip()


def _join(a: str, b: str, cell: bool = False) -> str:
    """Join wrapped text: Chinese joins without a space; two Latin letters/digits keep one,
    except a figure wrapped inside a narrow table cell (473.8|7)."""
    if not a:
        return b
    if not b:
        return a
    if cell and (a[-1].isdigit() or a[-1] in ".,") and (b[0].isdigit() or b[0] in ".,%"):
        return a + b
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


# ---------------------------------------------------------------- lines and segments


_BY_CY_X0 = operator.attrgetter("cy", "x0")
_BY_X0 = operator.attrgetter("x0")


def _group_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Group characters into printed lines by vertical overlap; each line sorted left to right.
    A character joins the line so far when its centre is within 0.45 of the smaller size (plus
    half a point) of the middle of the line's band, which then grows to take it in. Called once per
    table cell, so the band is kept in locals and min/max spelt out (same values)."""
    lines: list[list[_Char]] = []
    if not chars:
        return lines
    ordered = sorted(chars, key=_BY_CY_X0)
    first = ordered[0]
    line = [first]
    lines.append(line)
    top, bottom, size = first.top, first.bottom, first.size
    for ch in itertools.islice(ordered, 1, None):
        csize = ch.size
        if abs(ch.cy - (top + bottom) / 2) <= 0.45 * (csize if csize < size else size) + 0.5:
            line.append(ch)
            if ch.top < top:
                top = ch.top
            if ch.bottom > bottom:
                bottom = ch.bottom
            if csize > size:
                size = csize
            continue
        line = [ch]
        lines.append(line)
        top, bottom, size = ch.top, ch.bottom, csize
    for ln in lines:
        ln.sort(key=_BY_X0)
    return lines


def _split_segments(line: list[_Char]) -> list[list[_Char]]:
    """Split a printed line at gaps wider than about two characters (column gaps)."""
    segs: list[list[_Char]] = [[line[0]]]
    for prev, ch in itertools.pairwise(line):
        gap = ch.x0 - prev.x1
        if gap > 1.6 * max(prev.size, ch.size):
            segs.append([ch])
        else:
            segs[-1].append(ch)
    return segs


def _segment_text(chars: list[_Char], cell: bool = False) -> str:
    """Text of a run of characters; a space where the gap is a space wide. Inside table cells
    letter-spaced Chinese (科 目 名 称) is closed up."""
    out: list[str] = []
    for i, ch in enumerate(chars):
        if i:
            prev = chars[i - 1]
            gap = ch.x0 - prev.x1
            ascii_pair = prev.text.isascii() and ch.text.isascii()
            spaced = ch.space_before and gap > -0.2 * ch.size
            if (ascii_pair and (gap > 0.2 * ch.size or spaced)) or (not cell and (gap > 0.6 * ch.size or spaced)):
                out.append(" ")
        out.append(ch.text)
    return "".join(out)


def _lines(chars: list[_Char], page: _Page) -> list[_Line]:
    out: list[_Line] = []
    for group in _group_lines(chars):
        segs = _split_segments(group)
        texts = [normalize(_undouble(_segment_text(s))).strip() for s in segs]
        keep = [(s, t) for s, t in zip(segs, texts, strict=True) if t]
        if not keep:
            continue
        segs = [s for s, _ in keep]
        ln = _Line(page.number, segs, texts=[t for _, t in keep])
        ln.x0 = min(c.x0 for c in group)
        ln.x1 = max(c.x1 for c in group)
        ln.top = min(c.top for c in group)
        ln.bottom = max(c.bottom for c in group)
        sizes = sorted(c.size for c in group)
        ln.size = sizes[len(sizes) // 2]
        out.append(ln)
    return out


def _undouble(text: str) -> str:
    """Collapse text in which every character is printed twice in a row (收收入入 → 收入), as some
    producers do for bold without overprinting exactly; real words rarely double every character."""
    if len(text) >= 4 and len(text) % 2 == 0 and all(text[i] == text[i + 1] for i in range(0, len(text), 2)):
        half = text[::2]
        if len(set(half)) > 1:
            return half
    return text


_PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)$")


def _drop_page_furniture(lines: list[_Line], page: _Page) -> list[_Line]:
    """Page numbers in the top or bottom margin are not content."""
    margin = 0.1 * page.height
    return [
        ln for ln in lines
        if not ((ln.top > page.height - margin or ln.bottom < margin) and _PAGE_NUMBER.match(ln.text.strip()))
    ]


# ---------------------------------------------------------------- text outside ruled tables

_NUM_TOKEN = re.compile(rf"^(?:{NUMBER_PATTERN}%?|[-—–]+)$")
_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|表\s*\d|附件|附表)"
)
_TERMINAL = tuple("。；;！!？?：:")
_LEADER = re.compile(r"[.·…．]{4,}\s*\d+$|…{2,}\s*\d+$")


@dataclass(slots=True)
class _ParaBuilder:
    lines: list[_Line]
    left: float  # the body's left margin on the page where the paragraph ends
    right: float  # the body's right margin

    def open_at_page_end(self) -> bool:
        """The paragraph's last line runs to the right margin without ending a sentence."""
        last = self.lines[-1]
        return _reaches_right(last, self.right) and not last.text.endswith(_TERMINAL) and len(last.segments) == 1

    def joins(self, nxt: _ParaBuilder) -> bool:
        """Continue this paragraph (ended at a page break) with the first paragraph of the next page."""
        first = nxt.lines[0]
        last = self.lines[-1]
        return (
            first.page == last.page + 1
            and first.x0 <= nxt.left + 0.8 * first.size
            and abs(first.size - last.size) <= 0.15 * last.size
            and not _HEADING.match(first.text)
            and _reaches_right(last, self.right)
            and not last.text.endswith(_TERMINAL)
        )

    def extend(self, other: _ParaBuilder) -> None:
        self.lines.extend(other.lines)
        self.right = other.right
        self.left = other.left

    def paragraph(self, name: str) -> Paragraph:
        text = ""
        for ln in self.lines:
            text = _join(text, ln.text)
        first_page = self.lines[0].page
        same = [ln for ln in self.lines if ln.page == first_page]
        bbox = (
            round(min(ln.x0 for ln in same), 1), round(min(ln.top for ln in same), 1),
            round(max(ln.x1 for ln in same), 1), round(max(ln.bottom for ln in same), 1),
        )
        raw = "\n".join(ln.text for ln in self.lines)
        return Paragraph(text=text, location=Location(file=name, page=first_page, bbox=bbox), raw=raw)


def _reaches_right(line: _Line, right: float) -> bool:
    return line.x1 >= right - 1.5 * line.size


def _is_row_line(ln: _Line) -> bool:
    """A printed line that reads as a table row: figures in separate columns."""
    if len(ln.segments) < 2:
        return False
    numeric = sum(1 for t in ln.texts for tok in t.split() if _NUM_TOKEN.match(tok))
    return numeric >= 1 and not ln.text.endswith(("。", "；"))


def _body_left(lines: list[_Line]) -> float:
    body = [ln for ln in lines if len(ln.segments) == 1 and len(ln.text) >= 8] or lines
    return min(ln.x0 for ln in body)


@dataclass(slots=True)
class _Style:
    """How the document sets running text: whether paragraphs start indented, the usual gap
    between lines, and the page's text margins (None when the page has too little running text
    to tell; then the run of lines at hand decides)."""

    indents: bool
    leading: float
    margins: tuple[float, float] | None = None


def _is_body(ln: _Line) -> bool:
    return len(ln.segments) == 1 and len(ln.text) >= 8


def _text_margins(pages: list[tuple[_Page, list[_Line], bool]]) -> dict[int, tuple[float, float]]:
    """Left and right margins of running text per page. A page with a few lines of running text
    has its own; a page of tables with almost no running text (a title above a table) takes the
    margins usual on pages of the same width, so that a short title is not mistaken for a full
    line that wraps on. (A cover page keeps judging its lines among themselves.)"""
    own: dict[int, tuple[float, float]] = {}
    by_width: dict[int, list[tuple[float, float]]] = {}
    for page, lines, _ in pages:
        body = [ln for ln in lines if _is_body(ln)]
        if len(body) >= 3:
            own[page.number] = (min(ln.x0 for ln in body), max(ln.x1 for ln in body))
            by_width.setdefault(round(page.width), []).append(own[page.number])
    out: dict[int, tuple[float, float]] = {}
    for page, _, has_tables in pages:
        if page.number in own:
            out[page.number] = own[page.number]
            continue
        usual = by_width.get(round(page.width)) if has_tables else None
        if usual:
            lefts = sorted(m[0] for m in usual)
            rights = sorted(m[1] for m in usual)
            out[page.number] = (lefts[len(lefts) // 2], rights[len(rights) // 2])
    return out


def _text_blocks(lines: list[_Line], page: _Page, name: str, style: _Style) -> list[Any]:
    """Split a run of printed lines (between ruled tables) into paragraphs and unruled grids."""
    body = [ln for ln in lines if _is_body(ln)] or lines
    left = min(ln.x0 for ln in body)
    right = max(ln.x1 for ln in body)
    if style.margins is not None:
        left, right = min(left, style.margins[0]), max(right, style.margins[1])
    out: list[Any] = []
    i = 0
    n = len(lines)
    while i < n:
        if _is_row_line(lines[i]):
            j = i + 1
            while j < n and (_is_row_line(lines[j]) or (
                j + 1 < n and _is_row_line(lines[j + 1]) and len(lines[j].text) <= 30
            )):
                j += 1
            if j - i >= 2:
                out.append(_unruled_grid(lines[i:j], page, name))
                i = j
                continue
        para = [lines[i]]
        j = i + 1
        while j < n and _continues(para[-1], lines[j], left, right, style) and not _heading_ends(para, right):
            para.append(lines[j])
            j += 1
        out.append(_ParaBuilder(para, left, right))
        i = j
    return out


def _heading_ends(para: list[_Line], right: float) -> bool:
    """A numbered heading wrapped over two lines ends with its short last line, whatever follows
    (without a full stop or an indented next line to say so)."""
    last = para[-1]
    return (
        len(para) >= 2 and bool(_HEADING.match(para[0].text)) and sum(len(ln.text) for ln in para) <= 60
        and not _reaches_right(last, right) and not last.text.endswith(_TERMINAL)
    )


def _continues(cur: _Line, nxt: _Line, left: float, right: float, style: _Style) -> bool:
    """Whether ``nxt`` continues the paragraph whose last printed line is ``cur``."""
    indents, leading = style.indents, style.leading
    if len(cur.segments) > 1 or len(nxt.segments) > 1 or _LEADER.search(cur.text):
        return False
    if nxt.top - cur.bottom > max(0.9 * max(cur.size, nxt.size), 1.3 * leading):
        return False
    if abs(nxt.size - cur.size) > 0.15 * cur.size:
        return False
    if _HEADING.match(nxt.text) or _STANDS_ALONE.match(nxt.text):
        return False
    if (
        _centred(cur, left, right) and _centred(nxt, left, right) and not cur.text.endswith(_TERMINAL)
        and cur.x1 - cur.x0 >= 0.6 * (right - left) and nxt.x1 - nxt.x0 < cur.x1 - cur.x0
    ):
        return True  # a long centred title broken over two lines
    if _HEADING.match(cur.text) and not _reaches_right(cur, right) and (
        len(cur.text) <= 30 or (len(cur.text) <= 60 and right - cur.x1 > 5 * cur.size)
    ):
        # a heading on a line of its own: short, or ending far from the margin (a line that wraps
        # leaves at most the few characters that would not fit)
        return False
    if nxt.x0 > left + 0.8 * nxt.size:
        return False  # an indented line starts a new paragraph
    if _reaches_right(cur, right):
        # a full line continues unless it ends a sentence in a document whose paragraphs are
        # not marked by indentation
        return not (cur.text.endswith(_SENTENCE_END) and not indents)
    # a short line continues only when it stops in the middle of a sentence
    return not cur.text.endswith(_TERMINAL) and not _is_title_like(cur.text)


_SENTENCE_END = tuple("。！!？?")
# Lines that are never the tail of the line before: a table's unit line, the contents heading.
_STANDS_ALONE = re.compile(r"^(?:(?:金额)?单位\s*[:：]\s*(?:万元|元|亿元|千元)|目\s*录)\s*$")


def _centred(ln: _Line, left: float, right: float) -> bool:
    mid = (left + right) / 2
    return ln.x0 > left + ln.size and abs((ln.x0 + ln.x1) / 2 - mid) < 1.5 * ln.size


def _is_title_like(text: str) -> bool:
    t = text.strip()
    return (t.endswith(("表", "单位：万元", "单位:万元", "万元")) and len(t) <= 40) or t.replace(" ", "") == "目录"


def _uses_indent(lines: list[_Line], left: float) -> bool:
    """Paragraphs of the page start with an indented first line (two characters)."""
    return any(left + 1.2 * ln.size <= ln.x0 <= left + 2.8 * ln.size for ln in lines)


def _unruled_grid(lines: list[_Line], page: _Page, name: str) -> Grid:
    """Rows of an unruled table. Columns are the x-ranges that the data lines' segments occupy;
    when every segment falls into one column the grid is aligned, otherwise it is a token grid."""
    spans: list[list[float]] = []
    data = [ln for ln in lines if _is_row_line(ln)]
    for ln in data:
        for seg in ln.segments:
            spans.append([seg[0].x0, seg[-1].x1])
    spans.sort()
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 1:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    aligned = len(cols) >= 2
    placed: list[list[tuple[int, list[_Char], str]]] = []
    for ln in lines:
        row: list[tuple[int, list[_Char], str]] = []
        for seg, text in zip(ln.segments, ln.texts, strict=True):
            hits = [k for k, (c0, c1) in enumerate(cols) if seg[0].x0 < c1 and seg[-1].x1 > c0]
            if len(hits) != 1 or any(k == hits[0] for k, _, _ in row):
                if ln in data or len(hits) == 0:
                    aligned = aligned and len(hits) == 1
                hits = hits[:1] or [-1]
            row.append((hits[0], seg, text))
        placed.append(row)
    rows: list[list[Cell]] = []
    for ri, (ln, row) in enumerate(zip(lines, placed, strict=True)):
        if aligned:
            cells = [Cell("", Location(file=name, page=page.number, row=ri, column=k)) for k in range(len(cols))]
            for k, seg, text in row:
                k = max(k, 0)
                bbox = (round(seg[0].x0, 1), round(min(c.top for c in seg), 1),
                        round(seg[-1].x1, 1), round(max(c.bottom for c in seg), 1))
                merged = _join(cells[k].text, text) if cells[k].text else text
                cells[k] = Cell(merged, Location(file=name, page=page.number, row=ri, column=k, bbox=bbox))
        else:
            cells = []
            for k, (_, seg, _) in enumerate(row):
                for tok in ln.texts[k].split():
                    bbox = (round(seg[0].x0, 1), round(min(c.top for c in seg), 1),
                            round(seg[-1].x1, 1), round(max(c.bottom for c in seg), 1))
                    cells.append(Cell(tok, Location(file=name, page=page.number, row=ri, column=len(cells), bbox=bbox)))
        rows.append(cells)
    bbox = (round(min(ln.x0 for ln in lines), 1), round(min(ln.top for ln in lines), 1),
            round(max(ln.x1 for ln in lines), 1), round(max(ln.bottom for ln in lines), 1))
    return Grid(rows=rows, location=Location(file=name, page=page.number, bbox=bbox), aligned=aligned,
                layout="pdf-unruled")


# ---------------------------------------------------------------- tables across pages

_CONTINUED = re.compile(r"^\s*[（(]?续(?:表|上表)?[）)]?\s*")


def _mark_continuations(blocks: list[Block]) -> None:
    """Mark a grid that continues the previous grid on an earlier page: it is the first thing on
    its page (or follows only a 续表 line) and has the same number of columns, or it repeats the
    previous grid's header row."""
    prev_grid: Grid | None = None
    between: list[Paragraph] = []
    for blk in blocks:
        if isinstance(blk, Paragraph):
            if not _inside(blk, prev_grid):  # header text of the grid outside its ruled cells
                between.append(blk)
            continue
        if prev_grid is not None and blk.aligned and prev_grid.aligned:
            page, prev_page = blk.location.page or 0, prev_grid.location.page or 0
            width = len(blk.rows[0]) if blk.rows else 0
            prev_width = len(prev_grid.rows[0]) if prev_grid.rows else 0
            on_new_page = page == prev_page + 1
            only_cont = all(_CONTINUED.match(p.text) and len(p.text) < 40 for p in between)
            repeats_header = bool(blk.rows and prev_grid.rows) and [c.text for c in blk.rows[0]] == [
                c.text for c in prev_grid.rows[0]
            ]
            if on_new_page and width == prev_width and not _opens_with_title(blk) and (
                not between or only_cont or (repeats_header and all(p.location.page == page for p in between) and not any(
                    p.text.endswith("表") for p in between
                ))
            ):
                blk.continues = True
        prev_grid = blk
        between = []


def _inside(par: Paragraph, grid: Grid | None) -> bool:
    """Whether a paragraph is printed within a grid's area (a header cell without ruling of its
    own, 收入预算 over 合计 / 财政拨款收入): part of the grid, not text between two grids."""
    if grid is None or par.location.page != grid.location.page:
        return False
    a, b = par.location.bbox, grid.location.bbox
    if a is None or b is None:
        return False
    return a[0] >= b[0] - 2 and a[2] <= b[2] + 2 and a[1] >= b[1] - 2 and a[3] <= b[3] + 2


_TITLE_ROW = re.compile(r"表(?:[（(][^（）()]{1,40}[）)])?$|表\s*(?:编制|单位[：:]|金额单位)|^(?:编制(?:单位|部门)|单位名称)[：:]")


def _opens_with_title(grid: Grid) -> bool:
    """A grid whose first row is one cell holding a table title (or the 编制单位 line): the start
    of a table of its own, never the rest of the grid before."""
    first = next((r for r in grid.rows if any(c.text.strip() for c in r)), [])
    filled = [c.text.strip() for c in first if c.text.strip()]
    return len(filled) == 1 and bool(_TITLE_ROW.search(filled[0]))
