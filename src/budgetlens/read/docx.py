"""Reader for Word .docx: paragraphs and tables in document order.

python-docx returns a merged cell once per grid position it spans (horizontally via gridSpan and
vertically via vMerge); each merged cell is emitted once, at its top-left position, and the spanned
positions are left empty so that columns stay aligned. Paragraphs are located by their ordinal
(1-based, in ``Location.line``), table cells by table index, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from budgetlens.errors import InputError
from budgetlens.i18n import Message, as_param, msg
from budgetlens.model import Block, Cell, Grid, Location, Paragraph, Source
from budgetlens.read.common import describe_content, join_lines
from budgetlens.read.office import check_zip, office_kind

MAX_CELLS = 200_000


def read_docx(path: Path) -> Source:
    name = str(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head != b"PK\x03\x04":
        raise InputError(name, Message("read.not_docx_content", content=as_param(describe_content(path))))
    with check_zip(path) as zf:
        kind = office_kind(zf)
    if kind != "docx":
        raise InputError(name, Message("read.not_docx_zip", kind=msg(f"read.kind.{kind}")))
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises a variety of errors on damaged parts
        raise InputError(name, Message("read.docx_corrupt", detail=f"{type(exc).__name__}: {exc}")) from None
    blocks: list[Block] = []
    para_no = 0
    table_no = 0
    cells = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            text = join_lines(DocxParagraph(child, doc).text.split("\n"))
            if text:
                blocks.append(Paragraph(text=text, location=Location(file=name, line=para_no), raw=text))
        elif tag == "tbl":
            grid = _grid(DocxTable(child, doc), name, table_no)
            cells += sum(len(r) for r in grid.rows)
            if cells > MAX_CELLS:
                raise InputError(name, Message("read.docx_too_many_cells", limit=MAX_CELLS), Message("read.where.table", table=table_no + 1))
            if grid.rows:
                blocks.append(grid)
                table_no += 1
    if not blocks:
        raise InputError(name, Message("read.docx_no_text"))
    return Source(path=name, format="docx", blocks=blocks, layouts=["docx"])


def _grid(table: DocxTable, name: str, index: int) -> Grid:
    seen: set[int] = set()
    alive: list[Any] = []  # keep the lxml proxies alive so that id() identifies the element
    rows: list[list[Cell]] = []
    for ri, row in enumerate(table.rows):
        out: list[Cell] = []
        for ci, cell in enumerate(_row_cells(row)):
            loc = Location(file=name, table=index, row=ri, column=ci)
            if cell is None or id(cell._tc) in seen:
                out.append(Cell("", loc))
                continue
            seen.add(id(cell._tc))
            alive.append(cell._tc)
            out.append(Cell(join_lines([p.text for p in cell.paragraphs]), loc))
        rows.append(out)
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    for ri, r in enumerate(rows):
        while len(r) < width:
            r.append(Cell("", Location(file=name, table=index, row=ri, column=len(r))))
    return Grid(rows=rows, location=Location(file=name, table=index), layout="docx")


def _row_cells(row: Any) -> list[Any]:
    try:
        return list(row.cells)
    except (ValueError, IndexError):  # malformed grid: fall back to the row's own cells
        return [_Cell(tc, row.table) for tc in row._tr.tc_lst]
