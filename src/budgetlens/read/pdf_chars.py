"""The characters of a PDF page, as pdfium reports them, in display coordinates: one ``Char`` per
printed character with its box and font size, the quarter turn that sets the page's text upright,
and overprinted duplicates (faux bold) dropped."""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetlens.read import pdf_native as native

BBox = tuple[float, float, float, float]


class Char:
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


def page_chars(
    page: Any, to_disp: Any, rotation: int, height: float, text_objects: int | None
) -> tuple[list[Char], int]:
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
        chars: list[Char] = []
        append = chars.append
        raw = tp.raw
        is_generated = native.text_is_generated
        get_unicode = native.text_unicode
        get_box = native.text_loose_box
        get_size = native.text_font_size
        get_matrix = native.text_matrix
        get_origin = native.text_origin
        text_object = native.text_object if text_objects is not None and n >= 2 * text_objects else None
        rect = pdfium_c.FS_RECTF()
        m = pdfium_c.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect_p, m_p, ox_p, oy_p = ctypes.byref(rect), ctypes.byref(m), ctypes.byref(ox), ctypes.byref(oy)
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
            if not get_box(raw, k, rect_p):
                raise pdfium.PdfiumError("Failed to get charbox.")
            left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
            if right - left <= 0 and top - bottom <= 0:
                continue
            obj = text_object(raw, k) if text_object is not None else None
            if obj is None or obj != last_object:
                last_object = obj
                # The reported font size ignores the text matrix's scaling: apply it.
                reported = float(get_size(raw, k))
                has_matrix = bool(get_matrix(raw, k, m_p))
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
            if get_origin(raw, k, ox_p, oy_p):
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
                append(Char(chr(code), right if right < left else left, y1 if y1 < y0 else y0,
                             right if right > left else left, y1 if y1 > y0 else y0,
                             size if size > 1.0 else 1.0, space))
            else:
                ax, ay = to_disp(left, bottom)
                bx, by = to_disp(right, top)
                append(Char(chr(code), min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), max(size, 1.0), space))
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


def turn_page(
    chars: list[Char], edges: list[dict[str, Any]], turn: int, width: float, height: float
) -> tuple[list[Char], list[dict[str, Any]], float, float]:
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

    turned = [Char(c.text, *box(c.x0, c.top, c.x1, c.bottom), c.size, c.space_before) for c in chars]
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


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop overprinted duplicates (faux bold: the same glyph drawn again a fraction of a point
    away), which text extraction would otherwise read as doubled characters (收收入入).

    A character is a duplicate when a kept one with the same text lies within 0.3 of its size
    both ways and in the same or a neighbouring 2-point grid square. Each kept character is filed
    under the 32-point blocks that its 3×3 neighbourhood of squares touches (one to four), so one
    look-up under a character's own block finds every candidate. (Blocks of 16 squares: the
    neighbourhood of all but the squares at a block's border lies in one block, filed once.)"""
    seen: dict[tuple[str, int, int], list[tuple[int, int, float, float]]] = {}
    out: list[Char] = []
    keep = out.append
    get = seen.get
    for ch in chars:
        cx = ch.cx
        cy = ch.cy
        text = ch.text
        gx = int(cx // 2)
        gy = int(cy // 2)
        key = (text, gx >> 4, gy >> 4)
        near = get(key)
        if near is not None:
            tol = 0.3 * ch.size
            twin = False
            for ox, oy, ocx, ocy in near:
                if -1 <= ox - gx <= 1 and -1 <= oy - gy <= 1 and abs(ocx - cx) <= tol and abs(ocy - cy) <= tol:
                    twin = True
                    break
            if twin:
                continue
        entry = (gx, gy, cx, cy)
        if 0 < gx & 15 < 15 and 0 < gy & 15 < 15:  # the neighbourhood lies in the character's own block
            if near is None:
                seen[key] = [entry]
            else:
                near.append(entry)
        else:
            x0, x1, y0, y1 = (gx - 1) >> 4, (gx + 1) >> 4, (gy - 1) >> 4, (gy + 1) >> 4
            for bx in (x0,) if x0 == x1 else (x0, x1):
                for by in (y0,) if y0 == y1 else (y0, y1):
                    bucket = get((text, bx, by))
                    if bucket is None:
                        seen[(text, bx, by)] = [entry]
                    else:
                        bucket.append(entry)
        keep(ch)
    return out
