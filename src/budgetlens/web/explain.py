"""Why a file could not be read, in plain words for the person who uploaded it.

The library records a reader's message (``scan.pdf: the PDF contains no text on any of its 1
pages``); the upload page shows it with an explanation of what it means and what to do. Each
explanation is chosen by the message's wording, most specific first; a message none fits keeps
only its own words.
"""

from __future__ import annotations

import re

from budgetlens.web.texts import Texts

# (pattern of the reader's message, text key of the explanation)
REASONS: tuple[tuple[str, str], ...] = (
    (r"no text on any of its|contains no text|has no pages", "why_no_text"),
    (r"encrypted|password", "why_encrypted"),
    (r"corrupt or unreadable PDF|corrupt PDF page", "why_corrupt_pdf"),
    (r"legacy Word/Excel binary format", "why_legacy"),
    (r"OpenDocument|PowerPoint", "why_other_office"),
    (r"not a Word \.docx file|corrupt Word document", "why_not_docx"),
    (r"not an Excel \.xlsx file|corrupt Excel workbook|workbook contains no data", "why_not_xlsx"),
    (r"zip bomb|unpacks to", "why_zip_bomb"),
    (r"zip-slip|symbolic link", "why_zip_member"),
    (r"not a readable zip archive|corrupt zip container|neither a Word", "why_bad_zip"),
    (r"cannot decode the file as text|invalid UTF-16|binary file", "why_not_text"),
    (r"unrecognised file format", "why_unknown"),
    (r"implausibly many characters|more than \d+ table cells", "why_too_big"),
)


def plain_reason(message: str, T: Texts) -> str:
    """The explanation of a reader's message in the page's language, or "" when none fits."""
    for pattern, key in REASONS:
        if re.search(pattern, message):
            return T[key]
    return ""
