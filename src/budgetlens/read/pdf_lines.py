"""Printed lines: characters grouped into lines by vertical overlap, split into segments at column
gaps, and their text with spaces where the gaps are a space wide."""

from __future__ import annotations

import itertools
import operator

from budgetlens.figures import normalize
from budgetlens.patterns import lazy
from budgetlens.read.pdf_chars import BBox, Char
from budgetlens.read.pdf_page import Page


class Line:
    """One printed line outside ruled tables, split into segments at wide gaps. (Plain slotted
    classes here and for the reader's other records: a dataclass costs half a millisecond to
    create when the module is imported, in every process that reads a PDF.)"""

    __slots__ = ("bottom", "page", "segments", "size", "texts", "top", "x0", "x1")

    def __init__(self, page: int, segments: list[list[Char]], texts: list[str]) -> None:
        self.page = page
        self.segments = segments
        self.texts = texts
        self.x0 = self.top = self.x1 = self.bottom = self.size = 0.0

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    @property
    def bbox(self) -> BBox:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


def join_wrapped(a: str, b: str, cell: bool = False) -> str:
    """Join wrapped text: Chinese joins without a space; two Latin letters/digits keep one,
    except a figure wrapped inside a narrow table cell (473.8|7)."""
    if not a:
        return b
    if not b:
        return a
    if cell and (a[-1].isdigit() or a[-1] in ".,") and (b[0].isdigit() or b[0] in ".,%"):
        return a + b
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


_BY_CY_X0 = operator.attrgetter("cy", "x0")
_BY_X0 = _X0 = operator.attrgetter("x0")
_X1 = operator.attrgetter("x1")
_TOP = operator.attrgetter("top")
_BOTTOM = operator.attrgetter("bottom")
_SIZE = operator.attrgetter("size")


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into printed lines by vertical overlap; each line sorted left to right.
    A character joins the line so far when its centre is within 0.45 of the smaller size (plus
    half a point) of the middle of the line's band, which then grows to take it in. Called once per
    table cell, so the band is kept in locals and min/max spelt out (same values)."""
    lines: list[list[Char]] = []
    if not chars:
        return lines
    ordered = sorted(chars, key=_BY_CY_X0)
    first = ordered[0]
    line = [first]
    lines.append(line)
    top, bottom, size = first.top, first.bottom, first.size
    for ch in itertools.islice(ordered, 1, None):
        csize = ch.size
        if abs(ch.cy - (top + bottom) / 2) <= 0.45 * (csize if csize < size else size) + 0.5:
            line.append(ch)
            if ch.top < top:
                top = ch.top
            if ch.bottom > bottom:
                bottom = ch.bottom
            if csize > size:
                size = csize
            continue
        line = [ch]
        lines.append(line)
        top, bottom, size = ch.top, ch.bottom, csize
    for ln in lines:
        ln.sort(key=_BY_X0)
    return lines


def _split_segments(line: list[Char]) -> list[list[Char]]:
    """Split a printed line at gaps wider than about two characters (column gaps)."""
    seg = [line[0]]
    segs: list[list[Char]] = [seg]
    for prev, ch in itertools.pairwise(line):
        size = ch.size
        if not size > prev.size:  # max(prev.size, ch.size), spelt out
            size = prev.size
        if ch.x0 - prev.x1 > 1.6 * size:
            seg = [ch]
            segs.append(seg)
        else:
            seg.append(ch)
    return segs


def segment_text(chars: list[Char], cell: bool = False) -> str:
    """Text of a run of characters; a space where the gap is a space wide. Inside table cells
    letter-spaced Chinese (科 目 名 称) is closed up."""
    if not chars:
        return ""
    prev = chars[0]
    out = [prev.text]
    append = out.append
    for ch in itertools.islice(chars, 1, None):
        text = ch.text
        size = ch.size
        gap = ch.x0 - prev.x1
        spaced = ch.space_before and gap > -0.2 * size
        if (not cell and (gap > 0.6 * size or spaced)) or (
                (gap > 0.2 * size or spaced) and prev.text.isascii() and text.isascii()):
            append(" ")
        append(text)
        prev = ch
    return "".join(out)


def page_lines(chars: list[Char], page: Page) -> list[Line]:
    out: list[Line] = []
    for group in group_lines(chars):
        segs = _split_segments(group)
        texts = [normalize(_undouble(segment_text(s))).strip() for s in segs]
        keep = [(s, t) for s, t in zip(segs, texts, strict=True) if t]
        if not keep:
            continue
        segs = [s for s, _ in keep]
        ln = Line(page.number, segs, texts=[t for _, t in keep])
        ln.x0 = min(map(_X0, group))
        ln.x1 = max(map(_X1, group))
        ln.top = min(map(_TOP, group))
        ln.bottom = max(map(_BOTTOM, group))
        sizes = sorted(map(_SIZE, group))
        ln.size = sizes[len(sizes) // 2]
        out.append(ln)
    return out


def _undouble(text: str) -> str:
    """Collapse text in which every character is printed twice in a row (收收入入 → 收入), as some
    producers do for bold without overprinting exactly; real words rarely double every character."""
    if len(text) >= 4 and len(text) % 2 == 0 and all(text[i] == text[i + 1] for i in range(0, len(text), 2)):
        half = text[::2]
        if len(set(half)) > 1:
            return half
    return text


_PAGE_NUMBER = lazy(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)$")


def drop_page_furniture(lines: list[Line], page: Page) -> list[Line]:
    """Page numbers in the top or bottom margin are not content."""
    margin = 0.1 * page.height
    return [
        ln for ln in lines
        if not ((ln.top > page.height - margin or ln.bottom < margin) and _PAGE_NUMBER.match(ln.text.strip()))
    ]
