"""The render stage: write a :class:`~budgetlens.model.Disclosure` as a disclosure document.

``render(doc, fmt)`` returns the document's bytes in one of :data:`FORMATS`: ``html``, ``docx``,
``xlsx``, ``pdf`` (the DOCX converted by LibreOffice headless), or plain text in the ``cells`` or
``tabs`` layout that the text reader takes apart. Every format prints the same plan
(:mod:`budgetlens.write.plan`): the narrative, every standard table in its standard form and every
performance table in its template layout, so that ``recognize(read(render(doc)))`` gives the
model back.
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.errors import os_reason
from budgetlens.i18n import Message, as_param
from budgetlens.model import Disclosure
from budgetlens.write.pdf import RenderError, find_soffice
from budgetlens.write.plan import build_plan

FORMATS = ("html", "docx", "xlsx", "pdf", "cells", "tabs")
SUFFIX = {"html": ".html", "docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "cells": ".txt", "tabs": ".txt"}

__all__ = ["FORMATS", "SUFFIX", "RenderError", "find_soffice", "render", "write_disclosure"]


def render(doc: Disclosure, fmt: str) -> bytes:
    """The disclosure as a document in ``fmt``; :class:`RenderError` when it cannot be written."""
    plan = build_plan(doc)
    if fmt in ("cells", "tabs"):
        from budgetlens.write.text import render_text

        return render_text(plan, fmt).encode("utf-8")
    if fmt == "html":
        from budgetlens.write.html import render_html

        return render_html(plan).encode("utf-8")
    if fmt in ("docx", "pdf"):
        from budgetlens.write.docx import render_docx

        data = render_docx(plan)
        if fmt == "docx":
            return data
        from budgetlens.write.pdf import docx_to_pdf

        return docx_to_pdf(data)
    if fmt == "xlsx":
        from budgetlens.write.xlsx import render_xlsx

        return render_xlsx(plan)
    raise RenderError(Message("render.unknown_format", fmt=repr(fmt), formats=list(FORMATS)))


def write_disclosure(doc: Disclosure, path: str | Path, fmt: str) -> None:
    """Render ``doc`` and write it to ``path`` (through a temporary file, so a failure leaves no
    half-written output)."""
    data = render(doc, fmt)
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RenderError(Message("render.cannot_write", path=str(out), reason=as_param(os_reason(exc)))) from None
