"""A ruled table whose header words sit in small boxes inset in each column (a narrow strip either
side of 预算数), so the cell grid cuts every column into three while the body cells span the
whole column; continued on the next page by a piece whose first row has no rule above it (only
its vertical rules are drawn) and no title of its own. Read as one table: the header words name
the body's columns, and the continuation, its first row included, joins the table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetlens.read import read_source
from budgetlens.recognize import recognize

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
cidfonts = pytest.importorskip("reportlab.pdfbase.cidfonts")

# (x0, x1) of the columns: 科目编码, 科目名称, 合计, 基本支出, 项目支出
COLUMNS = [(40, 120), (120, 330), (330, 420), (420, 500), (500, 580)]
HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
PAGE_1 = [
    ["", "合计", "120.00", "80.00", "40.00"],
    ["201", "一般公共服务支出", "50.00", "30.00", "20.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "50.00", "30.00", "20.00"],
    ["2010301", "行政运行", "30.00", "30.00", "0.00"],
    ["2010302", "一般行政管理事务", "20.00", "0.00", "20.00"],
]
PAGE_2 = [
    ["208", "社会保障和就业支出", "40.00", "30.00", "10.00"],
    ["20805", "行政事业单位养老支出", "40.00", "30.00", "10.00"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "30.00", "30.00", "0.00"],
    ["2080599", "其他行政事业单位养老支出", "10.00", "0.00", "10.00"],
    ["221", "住房保障支出", "30.00", "20.00", "10.00"],
    ["22102", "住房改革支出", "30.00", "20.00", "10.00"],
    ["2210201", "住房公积金", "20.00", "20.00", "0.00"],
    ["2210299", "其他住房改革支出", "10.00", "0.00", "10.00"],
]
ROW = 22


def _body_row(c: Any, top: float, cells: list[str], open_top: bool = False) -> None:
    for (x0, x1), text in zip(COLUMNS, cells, strict=True):
        if open_top:  # the vertical rules and the rule below only
            c.line(x0, top, x0, top - ROW)
            c.line(x1, top, x1, top - ROW)
            c.line(x0, top - ROW, x1, top - ROW)
        else:
            c.rect(x0, top - ROW, x1 - x0, ROW)
        if text:
            c.drawString(x0 + 8, top - 15, text)


def _make(path: Path) -> None:
    pdfmetrics.registerFont(cidfonts.UnicodeCIDFont("STSong-Light"))
    c = canvas_mod.Canvas(str(path), pagesize=(620, 842))
    c.setFont("STSong-Light", 14)
    c.drawString(200, 800, "岭西县气象局2025年部门预算")
    c.drawString(60, 770, "表3")
    c.drawString(220, 770, "部门支出总表")
    c.setFont("STSong-Light", 9)
    c.drawString(40, 750, "编制部门：岭西县气象局")
    c.drawString(500, 750, "单位：万元")
    top = 740.0
    # header: each word in a box inset in its column, a 5-point strip either side
    for (x0, x1), word in zip(COLUMNS, HEADER, strict=True):
        for a, b in ((x0, x0 + 5), (x0 + 5, x1 - 5), (x1 - 5, x1)):
            c.rect(a, top - ROW, b - a, ROW)
        c.drawString(x0 + 10, top - 15, word)
    top -= ROW
    for cells in PAGE_1:
        _body_row(c, top, cells)
        top -= ROW
    c.showPage()
    c.setFont("STSong-Light", 9)
    top = 800.0
    for k, cells in enumerate(PAGE_2):
        _body_row(c, top, cells, open_top=k == 0)
        top -= ROW
    c.drawString(40, top - 30, "注：本表反映部门本年度支出预算情况。")
    c.showPage()
    c.save()


def test_split_header_cells_and_an_open_continuation_are_one_table(tmp_path: Path) -> None:
    pdf = tmp_path / "split.pdf"
    _make(pdf)
    doc = recognize(read_source(pdf))
    tables = [t for t in doc.tables if t.id == "B03"]
    assert len(tables) == 1
    table = tables[0]
    assert [c.key for c in table.columns] == ["total", "basic", "project"]
    assert not [w for w in table.warnings if "value columns" in w], table.warnings
    by_code = {r.code: r for r in table.rows if r.code}
    assert set(by_code) == {r[0] for r in PAGE_1 + PAGE_2 if r[0]}
    assert by_code["208"].values["total"] == Decimal("40.00")  # the row above which no rule is drawn
    assert by_code["2210201"].values["basic"] == Decimal("20.00")
    classes = [r for r in table.rows if r.code and len(r.code) == 3]
    assert sum((r.values["total"] or Decimal(0) for r in classes), Decimal(0)) == Decimal("120.00")
    assert doc.facts["budget.total"] == Decimal("120.00")
