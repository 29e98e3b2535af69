"""Utilities shared by the DOCX, XLSX and HTML readers."""

from __future__ import annotations

from pathlib import Path

from budgetlens.figures import normalize


def join_lines(parts: list[str]) -> str:
    """Join the lines of a cell or paragraph: Chinese joins without a space, two Latin
    letters/digits keep one; each part normalised."""
    text = ""
    for raw in parts:
        part = normalize(raw).strip()
        if not part:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            text += " " + part
        else:
            text += part
    return text


def describe_content(path: Path) -> str:
    """What the file's first bytes say it is, for messages about a wrong extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return "an unreadable file"
    if head.startswith(b"%PDF"):
        return "a PDF file"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "a legacy Word/Excel binary file (.doc/.xls)"
    if head.lstrip().startswith(b"<"):
        return "an HTML/XML file"
    return "not a zip-based Office file"
