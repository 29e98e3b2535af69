"""The read stage: one reader per format, each returning a :class:`~budgetlens.model.Source`.

The format is decided by the file's content (magic bytes), not only by its extension, so a PDF
saved as ``.txt`` is still read as a PDF and a text file named ``.pdf`` gets a clear error.
"""

from __future__ import annotations

import os
from pathlib import Path

from budgetlens.errors import InputError
from budgetlens.i18n import Message
from budgetlens.model import Source

# Far beyond any real disclosure (the largest seen are a few MB); protects memory and time.
MAX_INPUT_BYTES = 200 * 1024 * 1024


def sniff_format(path: Path, head: bytes) -> str:
    """Return one of ``pdf``, ``docx``, ``xlsx``, ``html``, ``text`` or ``unknown``."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ".xlsx"):
            return suffix[1:]
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc / .xls
    lowered = head[:2048].lower()
    if suffix in (".html", ".htm") or b"<html" in lowered or b"<!doctype html" in lowered:
        return "html"
    return "text"


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read any supported file into a Source; raise :class:`InputError` for unreadable input."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, Message("read.no_such_file"))
    if p.is_dir():
        raise InputError(name, Message("read.is_directory"))
    size = p.stat().st_size
    if size == 0:
        raise InputError(name, Message("read.empty_file"))
    if size > MAX_INPUT_BYTES:
        raise InputError(name, Message("read.too_large", size=size // (1024 * 1024), limit=MAX_INPUT_BYTES // (1024 * 1024)))
    with p.open("rb") as fh:
        head = fh.read(4096)
    fmt = sniff_format(p, head)
    if fmt == "text":
        from budgetlens.read.text import read_text

        return read_text(p)
    if fmt == "pdf":
        from budgetlens.read.pdf import read_pdf

        return read_pdf(p)
    if fmt == "docx":
        from budgetlens.read.docx import read_docx

        return read_docx(p)
    if fmt == "xlsx":
        from budgetlens.read.xlsx import read_xlsx

        return read_xlsx(p)
    if fmt == "html":
        from budgetlens.read.html import read_html

        return read_html(p)
    if fmt == "zip":
        from budgetlens.read.office import read_office_zip

        return read_office_zip(p)
    if fmt == "ole":
        raise InputError(name, Message("read.legacy_office"))
    raise InputError(name, Message("read.unrecognised_format"))
