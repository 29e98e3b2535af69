"""Text outside ruled tables: runs of printed lines split into paragraphs (wrapped lines joined
again by layout) and unruled grids (lines with figures spread over columns)."""

from __future__ import annotations

from typing import Any

from budgetlens.figures import NUMBER_PATTERN
from budgetlens.model import Cell, Grid, Location, Paragraph
from budgetlens.patterns import lazy
from budgetlens.read.pdf_chars import Char
from budgetlens.read.pdf_lines import Line, join_wrapped
from budgetlens.read.pdf_page import Page

_NUM_TOKEN = lazy(rf"^(?:{NUMBER_PATTERN}%?|[-—–]+)$")
_HEADING = lazy(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|表\s*\d|附件|附表)"
)
_TERMINAL = tuple("。；;！!？?：:")
_LEADER = lazy(r"[.·…．]{4,}\s*\d+$|…{2,}\s*\d+$")


class ParaBuilder:
    __slots__ = ("left", "lines", "right")

    def __init__(self, lines: list[Line], left: float, right: float) -> None:
        self.lines = lines
        self.left = left  # the body's left margin on the page where the paragraph ends
        self.right = right  # the body's right margin

    def open_at_page_end(self) -> bool:
        """The paragraph's last line runs to the right margin without ending a sentence."""
        last = self.lines[-1]
        return _reaches_right(last, self.right) and not last.text.endswith(_TERMINAL) and len(last.segments) == 1

    def joins(self, nxt: ParaBuilder) -> bool:
        """Continue this paragraph (ended at a page break) with the first paragraph of the next page."""
        first = nxt.lines[0]
        last = self.lines[-1]
        return (
            first.page == last.page + 1
            and first.x0 <= nxt.left + 0.8 * first.size
            and abs(first.size - last.size) <= 0.15 * last.size
            and not _HEADING.match(first.text)
            and _reaches_right(last, self.right)
            and not last.text.endswith(_TERMINAL)
        )

    def extend(self, other: ParaBuilder) -> None:
        self.lines.extend(other.lines)
        self.right = other.right
        self.left = other.left

    def paragraph(self, name: str) -> Paragraph:
        text = ""
        for ln in self.lines:
            text = join_wrapped(text, ln.text)
        first_page = self.lines[0].page
        same = [ln for ln in self.lines if ln.page == first_page]
        bbox = (
            round(min(ln.x0 for ln in same), 1), round(min(ln.top for ln in same), 1),
            round(max(ln.x1 for ln in same), 1), round(max(ln.bottom for ln in same), 1),
        )
        raw = "\n".join(ln.text for ln in self.lines)
        return Paragraph(text=text, location=Location(file=name, page=first_page, bbox=bbox), raw=raw)


def _reaches_right(line: Line, right: float) -> bool:
    return line.x1 >= right - 1.5 * line.size


def _is_row_line(ln: Line) -> bool:
    """A printed line that reads as a table row: figures in separate columns."""
    if len(ln.segments) < 2:
        return False
    numeric = sum(1 for t in ln.texts for tok in t.split() if _NUM_TOKEN.match(tok))
    return numeric >= 1 and not ln.text.endswith(("。", "；"))


def body_left(lines: list[Line]) -> float:
    body = [ln for ln in lines if len(ln.segments) == 1 and len(ln.text) >= 8] or lines
    return min(ln.x0 for ln in body)


class Style:
    """How the document sets running text: whether paragraphs start indented, the usual gap
    between lines, and the page's text margins (None when the page has too little running text
    to tell; then the run of lines at hand decides)."""

    __slots__ = ("indents", "leading", "margins")

    def __init__(self, indents: bool, leading: float, margins: tuple[float, float] | None = None) -> None:
        self.indents = indents
        self.leading = leading
        self.margins = margins


def _is_body(ln: Line) -> bool:
    return len(ln.segments) == 1 and len(ln.text) >= 8


def text_margins(pages: list[tuple[Page, list[Line], bool]]) -> dict[int, tuple[float, float]]:
    """Left and right margins of running text per page. A page with a few lines of running text
    has its own; a page of tables with almost no running text (a title above a table) takes the
    margins usual on pages of the same width, so that a short title is not mistaken for a full
    line that wraps on. (A cover page keeps judging its lines among themselves.)"""
    own: dict[int, tuple[float, float]] = {}
    by_width: dict[int, list[tuple[float, float]]] = {}
    for page, lines, _ in pages:
        body = [ln for ln in lines if _is_body(ln)]
        if len(body) >= 3:
            own[page.number] = (min(ln.x0 for ln in body), max(ln.x1 for ln in body))
            by_width.setdefault(round(page.width), []).append(own[page.number])
    out: dict[int, tuple[float, float]] = {}
    for page, _, has_tables in pages:
        if page.number in own:
            out[page.number] = own[page.number]
            continue
        usual = by_width.get(round(page.width)) if has_tables else None
        if usual:
            lefts = sorted(m[0] for m in usual)
            rights = sorted(m[1] for m in usual)
            out[page.number] = (lefts[len(lefts) // 2], rights[len(rights) // 2])
    return out


def text_blocks(lines: list[Line], page: Page, name: str, style: Style) -> list[Any]:
    """Split a run of printed lines (between ruled tables) into paragraphs and unruled grids."""
    body = [ln for ln in lines if _is_body(ln)] or lines
    left = min(ln.x0 for ln in body)
    right = max(ln.x1 for ln in body)
    if style.margins is not None:
        left, right = min(left, style.margins[0]), max(right, style.margins[1])
    out: list[Any] = []
    i = 0
    n = len(lines)
    while i < n:
        if _is_row_line(lines[i]):
            j = i + 1
            while j < n and (_is_row_line(lines[j]) or (
                j + 1 < n and _is_row_line(lines[j + 1]) and len(lines[j].text) <= 30
            )):
                j += 1
            if j - i >= 2:
                out.append(_unruled_grid(lines[i:j], page, name))
                i = j
                continue
        para = [lines[i]]
        j = i + 1
        while j < n and _continues(para[-1], lines[j], left, right, style) and not _heading_ends(para, right):
            para.append(lines[j])
            j += 1
        out.append(ParaBuilder(para, left, right))
        i = j
    return out


def _heading_ends(para: list[Line], right: float) -> bool:
    """A numbered heading wrapped over two lines ends with its short last line, whatever follows
    (without a full stop or an indented next line to say so)."""
    last = para[-1]
    return (
        len(para) >= 2 and bool(_HEADING.match(para[0].text)) and sum(len(ln.text) for ln in para) <= 60
        and not _reaches_right(last, right) and not last.text.endswith(_TERMINAL)
    )


def _continues(cur: Line, nxt: Line, left: float, right: float, style: Style) -> bool:
    """Whether ``nxt`` continues the paragraph whose last printed line is ``cur``."""
    indents, leading = style.indents, style.leading
    if len(cur.segments) > 1 or len(nxt.segments) > 1 or _LEADER.search(cur.text):
        return False
    if nxt.top - cur.bottom > max(0.9 * max(cur.size, nxt.size), 1.3 * leading):
        return False
    if abs(nxt.size - cur.size) > 0.15 * cur.size:
        return False
    if _HEADING.match(nxt.text) or _STANDS_ALONE.match(nxt.text):
        return False
    if (
        _centred(cur, left, right) and _centred(nxt, left, right) and not cur.text.endswith(_TERMINAL)
        and cur.x1 - cur.x0 >= 0.6 * (right - left) and nxt.x1 - nxt.x0 < cur.x1 - cur.x0
    ):
        return True  # a long centred title broken over two lines
    if _HEADING.match(cur.text) and not _reaches_right(cur, right) and (
        len(cur.text) <= 30 or (len(cur.text) <= 60 and right - cur.x1 > 5 * cur.size)
    ):
        # a heading on a line of its own: short, or ending far from the margin (a line that wraps
        # leaves at most the few characters that would not fit)
        return False
    if nxt.x0 > left + 0.8 * nxt.size:
        return False  # an indented line starts a new paragraph
    if _reaches_right(cur, right):
        # a full line continues unless it ends a sentence in a document whose paragraphs are
        # not marked by indentation
        return not (cur.text.endswith(_SENTENCE_END) and not indents)
    # a short line continues only when it stops in the middle of a sentence
    return not cur.text.endswith(_TERMINAL) and not _is_title_like(cur.text)


_SENTENCE_END = tuple("。！!？?")
# Lines that are never the tail of the line before: a table's unit line, the contents heading.
_STANDS_ALONE = lazy(r"^(?:(?:金额)?单位\s*[:：]\s*(?:万元|元|亿元|千元)|目\s*录)\s*$")


def _centred(ln: Line, left: float, right: float) -> bool:
    mid = (left + right) / 2
    return ln.x0 > left + ln.size and abs((ln.x0 + ln.x1) / 2 - mid) < 1.5 * ln.size


def _is_title_like(text: str) -> bool:
    t = text.strip()
    return (t.endswith(("表", "单位：万元", "单位:万元", "万元")) and len(t) <= 40) or t.replace(" ", "") == "目录"


def uses_indent(lines: list[Line], left: float) -> bool:
    """Paragraphs of the page start with an indented first line (two characters)."""
    return any(left + 1.2 * ln.size <= ln.x0 <= left + 2.8 * ln.size for ln in lines)


def _unruled_grid(lines: list[Line], page: Page, name: str) -> Grid:
    """Rows of an unruled table. Columns are the x-ranges that the data lines' segments occupy;
    when every segment falls into one column the grid is aligned, otherwise it is a token grid."""
    spans: list[list[float]] = []
    data = [ln for ln in lines if _is_row_line(ln)]
    for ln in data:
        for seg in ln.segments:
            spans.append([seg[0].x0, seg[-1].x1])
    spans.sort()
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 1:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    aligned = len(cols) >= 2
    placed: list[list[tuple[int, list[Char], str]]] = []
    for ln in lines:
        row: list[tuple[int, list[Char], str]] = []
        for seg, text in zip(ln.segments, ln.texts, strict=True):
            hits = [k for k, (c0, c1) in enumerate(cols) if seg[0].x0 < c1 and seg[-1].x1 > c0]
            if len(hits) != 1 or any(k == hits[0] for k, _, _ in row):
                if ln in data or len(hits) == 0:
                    aligned = aligned and len(hits) == 1
                hits = hits[:1] or [-1]
            row.append((hits[0], seg, text))
        placed.append(row)
    rows: list[list[Cell]] = []
    for ri, (ln, row) in enumerate(zip(lines, placed, strict=True)):
        if aligned:
            cells = [Cell("", Location(file=name, page=page.number, row=ri, column=k)) for k in range(len(cols))]
            for k, seg, text in row:
                k = max(k, 0)
                bbox = (round(seg[0].x0, 1), round(min(c.top for c in seg), 1),
                        round(seg[-1].x1, 1), round(max(c.bottom for c in seg), 1))
                merged = join_wrapped(cells[k].text, text) if cells[k].text else text
                cells[k] = Cell(merged, Location(file=name, page=page.number, row=ri, column=k, bbox=bbox))
        else:
            cells = []
            for k, (_, seg, _) in enumerate(row):
                for tok in ln.texts[k].split():
                    bbox = (round(seg[0].x0, 1), round(min(c.top for c in seg), 1),
                            round(seg[-1].x1, 1), round(max(c.bottom for c in seg), 1))
                    cells.append(Cell(tok, Location(file=name, page=page.number, row=ri, column=len(cells), bbox=bbox)))
        rows.append(cells)
    bbox = (round(min(ln.x0 for ln in lines), 1), round(min(ln.top for ln in lines), 1),
            round(max(ln.x1 for ln in lines), 1), round(max(ln.bottom for ln in lines), 1))
    return Grid(rows=rows, location=Location(file=name, page=page.number, bbox=bbox), aligned=aligned,
                layout="pdf-unruled")
