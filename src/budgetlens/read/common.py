"""Utilities shared by the DOCX, XLSX and HTML readers."""

from __future__ import annotations

from pathlib import Path

from budgetlens.figures import normalize
from budgetlens.i18n import Message


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


def describe_content(path: Path) -> Message:
    """What the file's first bytes say it is, for messages about a wrong extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return Message("read.content.unreadable")
    if head.startswith(b"%PDF"):
        return Message("read.content.pdf")
    if head.startswith(b"PK\x03\x04"):
        return Message("read.content.zip")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Message("read.content.ole")
    if head.lstrip().startswith(b"<"):
        return Message("read.content.markup")
    return Message("read.content.other")
