"""Excel disclosures (openpyxl): a sheet for the narrative, then one sheet per table named by its
title, with the title, 编制单位 and 单位 lines above the table, merged header cells, and figures
as numbers with a two-decimal format."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlens.write.layout import Para, Plan, TableBlock, cell_text

_BAD = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, no []:*?/\\); copies get " (2)", " (3)" …"""
    base = _BAD.sub("", title).strip()[:31] or "Sheet"
    name = base
    k = 2
    while name.lower() in taken:
        suffix = f" ({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    taken.add(name.lower())
    return name


def _table(ws: Worksheet, block: TableBlock) -> None:
    r = 1
    for line in [t for t in [block.caption(), *block.preamble] if t]:
        ws.cell(row=r, column=1, value=line)
        r += 1
    ws.cell(row=1, column=1).font = Font(bold=True)
    top = r
    for ri, row in enumerate(block.rows):
        for ci, cell in enumerate(row):
            if cell is None:
                continue
            target = ws.cell(row=top + ri, column=ci + 1)
            if cell.value is not None:
                places = cell.places
                if places is None:
                    exponent = cell.value.as_tuple().exponent
                    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
                target.value = float(cell.value)
                target.number_format = "#,##0" + ("." + "0" * places if places else "")
            else:
                text = cell_text(cell)
                target.value = text if text else None
                if text:
                    target.data_type = "s"  # "=1个" is a target value, not a formula
                    target.number_format = "@"
            target.alignment = Alignment(wrap_text=True, vertical="center",
                                         horizontal="center" if cell.header or ri < block.header_rows else None)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=top + ri, start_column=ci + 1,
                               end_row=top + ri + cell.rowspan - 1, end_column=ci + cell.colspan)
    for ri in range(len(block.rows)):
        for ci in range(block.width):
            ws.cell(row=top + ri, column=ci + 1).border = _BORDER
    r = top + len(block.rows)
    for note in block.notes:
        ws.cell(row=r, column=1, value=note)
        r += 1
    for ci in range(block.width):
        ws.column_dimensions[get_column_letter(ci + 1)].width = 14


def render_xlsx(plan: Plan) -> bytes:
    wb = Workbook()
    narrative = wb.active
    assert narrative is not None
    taken: set[str] = set()
    narrative.title = sheet_name("说明", taken)
    r = 1
    for block in plan.blocks:
        if isinstance(block, Para):
            narrative.cell(row=r, column=1, value=block.text).data_type = "s"
            if block.level is not None:
                narrative.cell(row=r, column=1).font = Font(bold=True)
            r += 1
    narrative.column_dimensions["A"].width = 120
    for block in plan.blocks:
        if isinstance(block, TableBlock):
            _table(wb.create_sheet(sheet_name(block.caption() or "单位构成", taken)), block)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
