"""Ruling lines of a PDF page: the horizontal and vertical segments of its drawn paths (lines and
rectangle sides), in display coordinates, with form XObjects followed; and its images and text
objects counted."""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetlens.read import pdf_native as native


def page_edges(page: Any, to_disp: Any, upright: float | None) -> tuple[list[dict[str, Any]], int, int | None]:
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
    count = native.form_count_objects(parent) if form else native.page_count_objects(parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get_object = native.form_object if form else native.page_object
    get_type = native.object_type
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
_FS_MATRIX_P = ctypes.byref(_FS_MATRIX)


def _matrix(obj: Any) -> Matrix:
    if not native.object_matrix(obj, _FS_MATRIX_P):
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
_X_P = ctypes.byref(_X)
_Y_P = ctypes.byref(_Y)


def _path_edges(obj: Any, matrix: Matrix, to_disp: Any, upright: float | None, edges: list[dict[str, Any]]) -> None:
    """Edges of one path object; ``upright`` is the page height when the page is not rotated
    (display y = height - y), else None (``to_disp`` maps points)."""
    count = native.path_count_segments(obj)
    get_segment = native.path_segment
    get_point = native.segment_point
    get_kind = native.segment_type
    get_close = native.segment_close
    add = _add_edge
    ma, mb, mc, md, me, mf = matrix
    x_, y_, x_p, y_p = _X, _Y, _X_P, _Y_P
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for s in range(count):
        seg = get_segment(obj, s)
        get_point(seg, x_p, y_p)
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
            add(prev, pt, edges)
        prev = pt
        if get_close(seg) and start is not None:
            add(pt, start, edges)
            prev = start


_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_LINETO = pdfium_c.FPDF_SEGMENT_LINETO


def _add_edge(a: tuple[float, float], b: tuple[float, float], edges: list[dict[str, Any]]) -> None:
    """The segment from a to b as an edge when it is horizontal or vertical (within a point) and
    two points long or more. (Comparisons spelt out: |d| < 1 as -1 < d < 1; min and max as the
    value each returns, the first of two equal ones.)"""
    ax, ay = a
    bx, by = b
    dx = ax - bx
    dy = ay - by
    if -1.0 < dy < 1.0 and (dx >= 2.0 or dx <= -2.0):
        x0 = bx if bx < ax else ax
        x1 = bx if bx > ax else ax
        y = (ay + by) / 2
        edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                      "orientation": "h", "object_type": "line"})
    elif -1.0 < dx < 1.0 and (dy >= 2.0 or dy <= -2.0):
        top = by if by < ay else ay
        bottom = by if by > ay else ay
        x = (ax + bx) / 2
        edges.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                      "orientation": "v", "object_type": "line"})
