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

The steps live in modules of their own: ``pdf_page`` loads the pages (``pdf_chars`` their
characters, ``pdf_paths`` their ruling lines, both through ``pdf_native``'s pdfium calls),
``pdf_tables`` reads the ruled tables (with ``pdf_ruling``'s geometry), ``pdf_lines`` groups the
other characters into printed lines, ``pdf_paragraphs`` makes paragraphs and unruled grids of
them, and ``pdf_layout`` lays everything out as one Source.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from budgetlens.errors import InputError, os_reason
from budgetlens.i18n import Message, as_param
from budgetlens.model import Source
from budgetlens.read.pdf_chars import Char as _Char
from budgetlens.read.pdf_chars import dedupe as _dedupe
from budgetlens.read.pdf_layout import build_source
from budgetlens.read.pdf_layout import mark_continuations as _mark_continuations
from budgetlens.read.pdf_page import load_pages
from budgetlens.read.pdf_tables import return_overflow as _return_overflow

# names kept importable from this module, where they were defined before it was split
__all__ = ["_Char", "_dedupe", "_mark_continuations", "_return_overflow", "build_source", "read_pdf"]

MAX_BYTES = 200 * 1024 * 1024


def read_pdf(path: Path) -> Source:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, Message("read.cannot_read", reason=as_param(os_reason(exc)))) from None
    if size > MAX_BYTES:
        raise InputError(name, Message("read.pdf_too_large", size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    with collector_paused():
        pages = load_pages(path, name)
        return build_source(pages, name)


_pause = threading.Lock()
_readers = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading makes tens of thousands of small objects (characters, boxes, cells) and no reference
    cycles; the cyclic garbage collector's passes over them as they are made cost 5-10% of the
    read, so it is paused while any thread reads and set back as the first reader found it when
    the last one ends (reads overlap in a server's threads)."""
    global _readers, _resume
    with _pause:
        if not _readers:
            _resume = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _pause:
            _readers -= 1
            if not _readers and _resume:
                gc.enable()
