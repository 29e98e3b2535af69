"""What a reader produces: an ordered list of blocks, each with its location in the input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(slots=True, unsafe_hash=True)
class Location:
    """Where something came from. Every field is optional; readers fill what their format has.

    A value: hashable by its fields and never mutated (derive a new one with
    ``dataclasses.replace``). It is not declared frozen only because frozen dataclasses cost five
    times more to create, and a document has one per cell.

    ``line``/``line_end`` are 1-based line numbers of text input; ``page`` is 1-based;
    ``bbox`` is (x0, top, x1, bottom) in PDF points; ``sheet``/``cell`` locate spreadsheet input;
    ``table``/``row``/``column`` index a grid block (0-based) within the source.
    """

    file: str | None = None
    page: int | None = None
    line: int | None = None
    line_end: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(
                f"line {self.line}" if not self.line_end or self.line_end == self.line
                else f"lines {self.line}-{self.line_end}"
            )
        return ", ".join(parts) or "?"


@dataclass(slots=True)
class Cell:
    """One cell of a grid, normalised text plus where it was read."""

    text: str
    location: Location


@dataclass(slots=True)
class Paragraph:
    """A paragraph or a single line of running text (normalised)."""

    text: str
    location: Location
    raw: str = ""
    kind: Literal["paragraph"] = "paragraph"


@dataclass(slots=True)
class Grid:
    """A table as read, before it is recognised.

    ``aligned`` is true when each row's cells sit in their true columns (tab-separated text,
    cell-per-line text, DOCX, XLSX, ruled PDF tables). It is false for PDF-extracted text where
    cells are separated by spaces and empty cells vanish: then each row is the list of tokens of
    one printed line and the recogniser assigns tokens to columns.
    """

    rows: list[list[Cell]]
    location: Location
    aligned: bool = True
    layout: str = ""
    kind: Literal["grid"] = "grid"
    # True when this grid continues the previous grid block (a table broken across PDF pages,
    # with or without its header rows repeated, or a piece headed 续表); the recogniser stitches.
    continues: bool = False

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Paragraph | Grid


@dataclass(slots=True)
class Source:
    """The output of the read stage."""

    path: str
    format: str
    blocks: list[Block]
    layouts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    # pages (1-based) on which a PDF prints nothing: no text but page numbers and running heads, no
    # table, no image, no drawn line (filled by the PDF reader)
    blank_pages: list[int] = field(default_factory=list)
