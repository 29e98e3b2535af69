"""A PDF page as a PNG (pypdfium2), with the figures a finding cites boxed.

The figure is looked for among the page's words (pdfplumber): each of the finding's figures, as a
whole number (not inside a longer one), printed plain or with thousands separators.
"""

from __future__ import annotations

import io
import threading
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetlens.report.highlight import spans

SCALE = 1.5
BoxT = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin at the top left

_PDFIUM = threading.Lock()  # pdfium is not thread-safe: every use of it in this process takes this lock
PDFIUM = _PDFIUM


def marks_of(*values: object) -> list[str]:
    """The figures to look for: each value as printed, plain and to two decimals."""
    out: list[str] = []
    for v in values:
        if v is None or v == "":
            continue
        text = str(v)
        out.append(text)
        try:
            d = Decimal(text)
        except (InvalidOperation, ValueError):
            continue
        for form in (f"{d:f}", f"{d:.2f}"):
            if form not in out:
                out.append(form)
    return out


def find_boxes(pdf: Path, page: int, marks: list[str]) -> list[BoxT]:
    """Boxes of the marks on page ``page`` (1-based)."""
    import pdfplumber

    if not marks:
        return []
    boxes: list[BoxT] = []
    with pdfplumber.open(str(pdf)) as doc:
        if not 1 <= page <= len(doc.pages):
            return []
        for w in doc.pages[page - 1].extract_words(keep_blank_chars=False, use_text_flow=False):
            text = str(w["text"])
            for a, b in spans(text, marks):
                width = float(w["x1"]) - float(w["x0"])
                x0 = float(w["x0"]) + width * a / len(text)
                x1 = float(w["x0"]) + width * b / len(text)
                boxes.append((x0, float(w["top"]), x1, float(w["bottom"])))
    return boxes


def page_count(pdf: Path) -> int:
    import pypdfium2

    with _PDFIUM:
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            return len(doc)
        finally:
            doc.close()


def render_png(pdf: Path, page: int, boxes: list[BoxT]) -> bytes:
    """Page ``page`` (1-based) as PNG at 1.5× (108 dpi), each box drawn in red."""
    import pypdfium2
    from PIL import ImageDraw

    with _PDFIUM:
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            if not 1 <= page <= len(doc):
                raise IndexError(page)
            image = doc[page - 1].render(scale=SCALE).to_pil().convert("RGB")
        finally:
            doc.close()
    draw = ImageDraw.Draw(image)
    pad = 3
    for x0, top, x1, bottom in boxes:
        draw.rectangle([x0 * SCALE - pad, top * SCALE - pad, x1 * SCALE + pad, bottom * SCALE + pad],
                       outline=(220, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
