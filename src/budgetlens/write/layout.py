"""The format-neutral plan of a written disclosure: paragraphs and tables in reading order.

Every writer (text, HTML, DOCX, XLSX) prints the same plan, so what a document says is decided
once, here and in :mod:`standard` / :mod:`performance`, and each format only decides how it looks.
A table is a full matrix of cells; a merged cell sits at its top-left position with its spans and
the positions it covers are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class GCell:
    text: str = ""
    value: Decimal | None = None  # a figure (written as a number where the format has numbers)
    places: int | None = None  # decimals to print a figure with (None: as it was stated)
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(slots=True)
class Para:
    text: str
    level: int | None = None  # None body text, -1 document title, 0 第X部分, 1 一、, 2 （一）, 3 1.


@dataclass(slots=True)
class TableBlock:
    title: str
    number: str | None = None  # "表1"
    preamble: list[str] = field(default_factory=list)  # 编制单位：…, 单位：万元, （2024年度）
    rows: list[list[GCell | None]] = field(default_factory=list)
    header_rows: int = 0
    notes: list[str] = field(default_factory=list)
    kind: str = "standard"  # "standard" | "performance"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def caption(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


Block = Para | TableBlock


@dataclass(slots=True)
class Plan:
    title: str
    blocks: list[Block]


def cell_text(cell: GCell | None) -> str:
    """The text a cell prints (figures with their decimals)."""
    if cell is None:
        return ""
    if cell.value is not None:
        return format_value(cell.value, cell.places)
    return cell.text


def format_value(value: Decimal, places: int | None) -> str:
    if places is None:
        return format(value, "f")
    return f"{value:.{places}f}"


class GridBuilder:
    """Place cells with spans into a matrix, row by row."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[list[GCell | None]] = []
        self._covered: set[tuple[int, int]] = set()

    def add_row(self, cells: list[GCell]) -> None:
        """Append a row; each cell goes to the next free column (positions covered by a cell
        spanning down from a row above are skipped). The row is padded to the width."""
        r = len(self.rows)
        row: list[GCell | None] = [None] * self.width
        c = 0
        for cell in cells:
            while c < self.width and (r, c) in self._covered:
                c += 1
            if c >= self.width:
                raise ValueError("row wider than the table")
            span = min(cell.colspan, self.width - c)
            cell.colspan = span
            row[c] = cell
            for dr in range(cell.rowspan):
                for dc in range(span):
                    if dr or dc:
                        self._covered.add((r + dr, c + dc))
            c += span
        for k in range(self.width):
            if row[k] is None and (r, k) not in self._covered:
                row[k] = GCell()
        self.rows.append(row)

    def finish(self) -> list[list[GCell | None]]:
        """Rows; a rowspan reaching past the last row is cut."""
        n = len(self.rows)
        for r, row in enumerate(self.rows):
            for cell in row:
                if cell is not None and r + cell.rowspan > n:
                    cell.rowspan = n - r
        return self.rows
