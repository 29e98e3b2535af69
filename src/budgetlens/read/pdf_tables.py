"""Ruled tables of a PDF page: cells from the ruling lines (``pdf_ruling``), each page character
placed in the cell that holds its centre, and each cell's text."""

from __future__ import annotations

from typing import Any

from budgetlens.figures import normalize
from budgetlens.model import Cell, Grid, Location
from budgetlens.read.pdf_chars import BBox, Char
from budgetlens.read.pdf_lines import group_lines, join_wrapped, segment_text
from budgetlens.read.pdf_page import Page
from budgetlens.read.pdf_ruling import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
    table_bbox,
    table_rows,
)


class TableOut:
    """A ruled table read from a page: its box and its grid."""

    __slots__ = ("bbox", "grid")

    def __init__(self, bbox: BBox, grid: Grid) -> None:
        self.bbox = bbox
        self.grid = grid


def find_tables(page: Page, name: str, first_index: int) -> tuple[list[TableOut], list[Char]]:
    """Ruled tables of a page and the characters outside them."""
    if not page.edges:
        return [], page.chars
    edges = [e for e in page.edges if max(e["width"], e["height"]) >= 3]
    edges = merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    edges = [e for e in edges if max(e["width"], e["height"]) >= 3]
    if not edges:
        return [], page.chars
    edges += _open_row_rules(edges)
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    placed: list[_Placed] = []
    for cell_group in cells_to_tables(cells):
        rows = table_rows(cell_group)
        ncols = max((len(r) for r in rows), default=0)
        if len(rows) * ncols < 2:
            continue  # a single framed box is a text frame, not a table
        boxes: list[tuple[int, int, BBox]] = []
        for ri, row in enumerate(rows):
            for ci, bb in enumerate(row):
                if bb is not None:
                    boxes.append((ri, ci, (float(bb[0]), float(bb[1]), float(bb[2]), float(bb[3]))))
        placed.append(_Placed(rows, ncols, boxes, table_bbox(cell_group)))
    # each character goes to the first table (in the finder's order) with a cell holding its centre
    free: list[Char] = []
    for ch in page.chars:
        cx, cy = ch.cx, ch.cy
        for table in placed:
            x0, top, x1, bottom = table.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                hit = table.finder.first_containing(cx, cy)
                if hit is not None:
                    chars = table.cell_chars.get(hit)
                    if chars is None:
                        table.cell_chars[hit] = [ch]
                    else:
                        chars.append(ch)
                    break
        else:
            free.append(ch)
    out: list[TableOut] = []
    for table in placed:
        read = _read_table(table, page.number, name, first_index + len(out))
        if read is not None:
            out.append(read)
    return out, free


class _Placed:
    """A ruled table being read: its rows of cell boxes and the characters placed in them."""

    __slots__ = ("bbox", "boxes", "cell_chars", "finder", "ncols", "rows")

    def __init__(self, rows: list[list[Any]], ncols: int, boxes: list[tuple[int, int, BBox]], bbox: Any) -> None:
        self.rows = rows
        self.ncols = ncols
        self.boxes = boxes
        self.bbox = bbox
        self.finder = _BoxIndex(boxes)
        self.cell_chars: dict[tuple[int, int], list[Char]] = {}


def _read_table(table: _Placed, page: int, name: str, index: int) -> TableOut | None:
    """The table's grid of cell texts; None for ruling without content (an empty row carried over
    to a page of its own)."""
    cell_chars = table.cell_chars
    return_overflow(cell_chars, {(ri, ci): bb for ri, ci, bb in table.boxes})
    ncols = table.ncols
    any_text = False
    grid_rows: list[list[Cell]] = []
    for ri, row in enumerate(table.rows):
        grid_row: list[Cell] = []
        for ci in range(ncols):
            bb = row[ci] if ci < len(row) else None
            chars = cell_chars.get((ri, ci))
            text = _cell_text(chars) if chars else ""
            any_text = any_text or bool(text)
            loc = Location(
                file=name, page=page, table=index, row=ri, column=ci,
                bbox=_round_box(bb) if bb is not None else None,
            )
            grid_row.append(Cell(text, loc))
        grid_rows.append(grid_row)
    if not any_text:
        return None
    tb = table.bbox
    bbox = (round(float(tb[0]), 1), round(float(tb[1]), 1), round(float(tb[2]), 1), round(float(tb[3]), 1))
    grid = Grid(rows=grid_rows, location=Location(file=name, page=page, table=index, bbox=bbox), layout="pdf-ruled")
    return TableOut(bbox, grid)


def _is_cjk(text: str) -> bool:
    """The text starts with a Chinese character or a parenthesis (a test spelt out rather than a
    regular expression, whose character class costs more to compile than all the tests it makes)."""
    return bool(text) and ("\u4e00" <= text[0] <= "\u9fff" or text[0] in "（）()")


def _open_row_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rule a row left open: a grid cut at a page break may start its page with its vertical
    rules only (no line above the first row). Where three or more vertical rules end at the same
    height and no horizontal rule at all runs there, one is drawn from the first to the last."""
    out: list[dict[str, Any]] = []
    verts = [e for e in edges if e["orientation"] == "v"]
    horiz = [e for e in edges if e["orientation"] == "h"]
    for end in ("top", "bottom"):
        by_y: dict[int, list[dict[str, Any]]] = {}
        for e in verts:
            by_y.setdefault(round(e[end]), []).append(e)
        for y, vs in by_y.items():
            x0, x1 = min(e["x0"] for e in vs), max(e["x0"] for e in vs)
            if len(vs) < 3 or any(abs(h["top"] - y) <= 3 and h["x1"] > x0 and h["x0"] < x1 for h in horiz):
                continue
            at = sum(e[end] for e in vs) / len(vs)
            out.append({"x0": x0, "x1": x1, "top": at, "bottom": at, "width": x1 - x0, "height": 0.0,
                        "orientation": "h", "object_type": "line"})
    return out


def return_overflow(cell_chars: dict[tuple[int, int], list[Char]], boxes: dict[tuple[int, int], BBox]) -> None:
    """A name too long for its cell runs on over the next cell's border (机关事业单位职业年金|缴费支出
    43608.96): the Chinese characters that continue a line of the cell on the left, which reaches
    the border, at the text's own advance (no gap at all) are given back to it."""
    for (ri, ci) in sorted(cell_chars):
        left = cell_chars.get((ri, ci - 1))
        mine = cell_chars[(ri, ci)]
        box = boxes.get((ri, ci - 1))
        if not left or not mine or box is None:
            continue
        moved: list[Char] = []
        for ch in sorted(mine, key=lambda c: c.x0):
            line = [c for c in left + moved if abs(c.cy - ch.cy) <= 0.45 * min(c.size, ch.size)]
            if not line or not _is_cjk(ch.text):
                break
            last = max(line, key=lambda c: c.x1)
            reaches = moved or last.x1 >= box[2] - 0.5 * last.size
            # the characters follow at the text's own advance (no gap): one run of text
            if not reaches or not _is_cjk(last.text) or not abs(ch.x0 - last.x1) <= 0.1 * ch.size:
                break
            moved.append(ch)
        if moved:
            left.extend(moved)
            cell_chars[(ri, ci)] = [c for c in mine if c not in moved]


class _BoxIndex:
    """Cell boxes bucketed by horizontal band, to find the first box (in the given order) that
    contains a point without testing every cell of the table."""

    BAND = 8.0

    def __init__(self, boxes: list[tuple[int, int, BBox]]) -> None:
        # each band lists its boxes in the given order, so the first that contains a point is the one
        self.bands: dict[int, list[tuple[float, float, float, float, tuple[int, int]]]] = {}
        for ri, ci, (x0, top, x1, bottom) in boxes:
            entry = (x0, top, x1, bottom, (ri, ci))
            for band in range(int(top // self.BAND), int(bottom // self.BAND) + 1):
                self.bands.setdefault(band, []).append(entry)

    def first_containing(self, x: float, y: float) -> tuple[int, int] | None:
        for x0, top, x1, bottom, key in self.bands.get(int(y // self.BAND), ()):
            if x0 <= x <= x1 and top <= y <= bottom:
                return key
        return None


def _round_box(bb: Any) -> BBox:
    return (round(float(bb[0]), 1), round(float(bb[1]), 1), round(float(bb[2]), 1), round(float(bb[3]), 1))


def _cell_text(chars: list[Char]) -> str:
    if not chars:
        return ""
    lines = group_lines(chars)
    text = ""
    for ln in lines:
        part = segment_text(ln, cell=True)
        text = join_wrapped(text, part, cell=True)
    return normalize(text).strip()
