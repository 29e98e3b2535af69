"""pdfium functions for the calls the PDF reader makes per character and per path segment, bound
without argument types: ctypes then passes Python ints as C ints and ctypes objects (handles,
``byref``) as they are, skipping the per-argument conversion that costs about half of each call
through pypdfium2's own bindings. Callers pass only ints for ``int`` parameters and ctypes
handles or ``byref`` pointers for pointer parameters (the one parameter of another C type, an
``unsigned long``, is declared).

A function returning a handle that is passed on to another call (a path segment, a page object)
returns it as a ``Handle`` (a ``c_void_p`` subclass, which ctypes leaves as an object instead of
turning it into an int); the text object of a character is returned as an int (None for NULL),
to be compared with that of the character before.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A pdfium handle kept as a ctypes object (false when NULL)."""


def _bound(function: Any, restype: Any, argtypes: Any = None) -> Any:
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:
        raise RuntimeError("pdfium function not loaded")
    bound = ctypes.CFUNCTYPE(restype)(address)
    bound.argtypes = argtypes
    return bound


_INT = ctypes.c_int

# text page (FPDF_TEXTPAGE, int index, ...)
text_unicode = _bound(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
text_is_generated = _bound(pdfium_c.FPDFText_IsGenerated, _INT)
text_loose_box = _bound(pdfium_c.FPDFText_GetLooseCharBox, _INT)  # (…, FS_RECTF*)
text_origin = _bound(pdfium_c.FPDFText_GetCharOrigin, _INT)  # (…, double*, double*)
text_font_size = _bound(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
text_matrix = _bound(pdfium_c.FPDFText_GetMatrix, _INT)  # (…, FS_MATRIX*)
text_object = _bound(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)

# page objects and paths
page_count_objects = _bound(pdfium_c.FPDFPage_CountObjects, _INT)  # (FPDF_PAGE)
page_object = _bound(pdfium_c.FPDFPage_GetObject, Handle)  # (FPDF_PAGE, int)
form_count_objects = _bound(pdfium_c.FPDFFormObj_CountObjects, _INT)  # (form object)
form_object = _bound(pdfium_c.FPDFFormObj_GetObject, Handle, (ctypes.c_void_p, ctypes.c_ulong))
object_type = _bound(pdfium_c.FPDFPageObj_GetType, _INT)
object_matrix = _bound(pdfium_c.FPDFPageObj_GetMatrix, _INT)  # (object, FS_MATRIX*)
path_count_segments = _bound(pdfium_c.FPDFPath_CountSegments, _INT)
path_segment = _bound(pdfium_c.FPDFPath_GetPathSegment, Handle)  # (path, int)
segment_point = _bound(pdfium_c.FPDFPathSegment_GetPoint, _INT)  # (segment, float*, float*)
segment_type = _bound(pdfium_c.FPDFPathSegment_GetType, _INT)
segment_close = _bound(pdfium_c.FPDFPathSegment_GetClose, _INT)
