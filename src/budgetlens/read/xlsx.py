"""Reader for Excel .xlsx: each sheet's tables as grids, numbers as printed.

Cached values of formulas are read (``data_only``). A sheet may hold several tables separated by
fully blank rows. Merged ranges keep their value in the top-left cell, the other positions empty.
A number is written as the cell's number format prints it (``#,##0.00`` → ``1,535.81``). A lone
title or unit line (one filled cell) becomes a paragraph; when a sheet's first table has no title
row, the sheet name (often the table title, e.g. "表1 收入支出决算总表") is emitted before it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from budgetlens.errors import InputError
from budgetlens.i18n import Message, as_param, msg
from budgetlens.model import Block, Cell, Grid, Location, Paragraph, Source
from budgetlens.patterns import lazy
from budgetlens.read.common import describe_content, join_lines
from budgetlens.read.office import check_zip, office_kind

MAX_CELLS = 2_000_000
_DEFAULT_SHEET = lazy(r"^(?:sheet|工作表)\s*\d*$", re.I)
# Excel names a copied sheet "名称 (2)"; other tools append "_2" or "-2" to keep names unique.
# ("表1-2" is a table number, not a copy: a digit before the dash keeps it.)
_COPY_SUFFIX = lazy(r"\s*(?:[（(]\d{1,3}[)）]|(?<=[^\d\s])[_-]\d{1,3})$")


def sheet_title(sheet: str) -> str:
    """The title a sheet name stands for: without the suffix that keeps copied names unique."""
    stem = _COPY_SUFFIX.sub("", sheet.strip())
    return stem if stem else sheet.strip()


def read_xlsx(path: Path) -> Source:
    name = str(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head != b"PK\x03\x04":
        raise InputError(name, Message("read.not_xlsx_content", content=as_param(describe_content(path))))
    with check_zip(path) as zf:
        kind = office_kind(zf)
    if kind != "xlsx":
        raise InputError(name, Message("read.not_xlsx_zip", kind=msg(f"read.kind.{kind}")))
    try:
        # a file object: openpyxl refuses file names without an Excel extension
        with path.open("rb") as fh:
            wb = load_workbook(io.BytesIO(fh.read()), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged workbooks
        raise InputError(name, Message("read.xlsx_corrupt", detail=f"{type(exc).__name__}: {exc}")) from None
    blocks: list[Block] = []
    warnings: list[str] = []
    table_no = 0
    total = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            warnings.append(Message("parse.hidden_sheet", sheet=repr(ws.title)))
            continue
        total += (ws.max_row or 0) * (ws.max_column or 0)
        if total > MAX_CELLS:
            raise InputError(name, Message("read.xlsx_too_many_cells", limit=MAX_CELLS), Message("read.where.sheet", sheet=ws.title))
        sheet_blocks = _sheet_blocks(ws, name, table_no)
        table_no += sum(1 for b in sheet_blocks if isinstance(b, Grid))
        blocks.extend(sheet_blocks)
    wb.close()
    if not blocks:
        raise InputError(name, Message("read.xlsx_no_data"))
    return Source(path=name, format="xlsx", blocks=blocks, layouts=["xlsx"], warnings=warnings)


def _sheet_blocks(ws: Any, name: str, first_table: int) -> list[Block]:
    sheet = str(ws.title)
    rows: list[tuple[int, list[str]]] = []
    for r, row in enumerate(ws.iter_rows(), start=1):
        rows.append((r, [cell_text(c.value, c.number_format) for c in row]))
    width = 0
    for _, texts in rows:
        for k in range(len(texts) - 1, -1, -1):
            if texts[k]:
                width = max(width, k + 1)
                break
    out: list[Block] = []
    chunks: list[list[tuple[int, list[str]]]] = [[]]
    for r, texts in rows:
        if any(texts):
            chunks[-1].append((r, texts[:width] + [""] * (width - len(texts[:width]))))
        elif chunks[-1]:
            chunks.append([])
    table = first_table
    titled = False
    for chunk in chunks:
        if not chunk:
            continue
        start = 0
        # Rows of one filled cell are text (a title, "单位：万元", narrative) when they lead a
        # table or when the whole block is such rows.
        all_text = all(sum(1 for t in texts if t) == 1 for _, texts in chunk)
        if not titled and not all_text and not _DEFAULT_SHEET.match(sheet.strip()):
            lone = [t for _, texts in chunk[:3] if sum(1 for t in texts if t) == 1 for t in texts if t]
            if not any(t.endswith("表") or sheet_title(sheet) in t for t in lone):
                # the sheet name is the table's title (e.g. "表1 收入支出决算总表")
                out.append(Paragraph(text=join_lines([sheet_title(sheet)]), raw=sheet,
                                     location=Location(file=name, sheet=sheet)))
                titled = True
        while start < len(chunk) and sum(1 for t in chunk[start][1] if t) == 1 and (all_text or start < 3):
            r, texts = chunk[start]
            col = next(k for k, t in enumerate(texts) if t)
            ref = f"{get_column_letter(col + 1)}{r}"
            out.append(Paragraph(text=texts[col], raw=texts[col],
                                 location=Location(file=name, sheet=sheet, cell=ref, line=r)))
            titled = True
            start += 1
        body = chunk[start:]
        if not body:
            continue
        if not titled and not _DEFAULT_SHEET.match(sheet.strip()):
            out.append(Paragraph(text=join_lines([sheet_title(sheet)]), raw=sheet,
                                 location=Location(file=name, sheet=sheet)))
        titled = True
        grid_rows: list[list[Cell]] = []
        for ri, (r, texts) in enumerate(body):
            grid_rows.append([
                Cell(t, Location(file=name, sheet=sheet, cell=f"{get_column_letter(ci + 1)}{r}",
                                 table=table, row=ri, column=ci, line=r))
                for ci, t in enumerate(texts)
            ])
        loc = Location(file=name, sheet=sheet, table=table, line=body[0][0], line_end=body[-1][0],
                       cell=f"A{body[0][0]}:{get_column_letter(width)}{body[-1][0]}")
        out.append(Grid(rows=grid_rows, location=loc, layout="xlsx"))
        table += 1
    return out


_DECIMALS = lazy(r"0\.(0+)")


def cell_text(value: Any, number_format: str | None) -> str:
    """The text a cell shows: numbers formatted by their number format, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value, number_format or "General")
    return join_lines(str(value).splitlines())


def format_number(value: float, fmt: str) -> str:
    section = fmt.split(";")[0] if value >= 0 or ";" not in fmt else fmt.split(";")[1]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)
    if "General" in fmt or not re.search(r"[0#?]", section):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if d == d.to_integral_value():
            return str(int(d))
        return format(d.normalize(), "f")
    percent = "%" in section
    m = _DECIMALS.search(section)
    places = len(m.group(1)) if m else 0
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        d *= 100
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if fmt.count(";") >= 1 and value < 0:
        q = abs(q)  # the negative section prints its own sign or brackets
        sign = "-" if "-" in fmt.split(";")[1] else ""
    else:
        sign = ""
    text = f"{q:,.{places}f}" if "," in section else f"{q:.{places}f}"
    if "(" in section and value < 0:
        return f"({text})"
    return sign + text + ("%" if percent else "")
