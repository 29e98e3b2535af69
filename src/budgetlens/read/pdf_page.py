"""Loading a PDF with pdfium: each page's characters and ruling lines, with the limits that guard
memory and time and the errors a broken or protected file gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from budgetlens.errors import InputError
from budgetlens.i18n import Message
from budgetlens.read.pdf_chars import Char, dedupe, page_chars, turn_page
from budgetlens.read.pdf_paths import page_edges

MAX_PAGES = 1500
MAX_CHARS_PER_PAGE = 60_000


class Page:
    """What the reader takes from one page: its size, characters, ruling lines and images."""

    __slots__ = ("chars", "edges", "height", "images", "number", "width")

    def __init__(self, number: int, width: float, height: float, chars: list[Char], edges: list[dict[str, Any]],
                 images: int) -> None:
        self.number = number  # 1-based
        self.width = width
        self.height = height
        self.chars = chars
        self.edges = edges
        self.images = images


def load_pages(path: Path, name: str) -> list[Page]:
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
        pages: list[Page] = []
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


def _load_page(doc: pdfium.PdfDocument, index: int) -> Page:
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

        edges, images, text_objects = page_edges(page, to_disp, h0 if rotation == 0 else None)
        chars, turn = page_chars(page, to_disp, rotation, h0, text_objects)
        if turn:
            # the page's text is drawn turned (a landscape table on a portrait page): turn the
            # whole page so that it reads upright
            chars, edges, disp_w, disp_h = turn_page(chars, edges, turn, disp_w, disp_h)
        return Page(index + 1, disp_w, disp_h, dedupe(chars), edges, images)
    finally:
        page.close()
