"""绩效目标表 broken across pages in ways the reader does not flag as continuing: the next page's
grid opens with the indicator header again (its columns at other positions), or holds only the last
indicator rows as a grid of its own (narrower, the first cell a level name), or holds rows the reader
cannot tie to the table (then the table's weights are unsure and the document says so)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Cell, Disclosure, Grid, Location, PerformanceTable, Unit
from budgetlens.recognize.performance import recognize_performance
from budgetlens.recognize.segment import Segment, TableRegion

TITLE = "部门专项业务经费绩效目标表"
HEAD = [
    ["项目名称", "", "", "河道保洁", "", "", ""],
    ["主管部门", "", "", "松岭市水务局", "", "", ""],
    ["资金金额（万元）", "", "", "实施期资金总额：", "64.00", "", "执行率分值（10分）"],
    ["", "", "", "其中：财政拨款", "64.00", "", ""],
    ["年度目标", "完成主要河道日常保洁", "", "", "", "", ""],
]
HEADER = ["年度绩效指标", "一级指标", "二级指标", "三级指标", "", "指标值", "分值权重（90分）"]
PAGE_1 = [
    HEADER,
    ["", "成本指标", "经济成本", "保洁单价（元/平方米）", "", "≤2", "10"],
    ["", "产出指标", "数量指标", "保洁河道长度（公里）", "", "≥40", "30"],
    ["", "", "时效指标", "保洁完成时间", "", "2026年1月-12月", "10"],
]
# the header printed again on the next page, without the group-label column (one column less)
PAGE_2_HEADER = [
    ["一级指标", "二级指标", "三级指标", "指标值", "分值权重（90分）"],
    ["效益指标", "社会效益指标", "河面漂浮物清除率（%）", "≥95", "30"],
    ["满意度指标", "服务对象满意度指标", "沿河居民满意度（%）", "≥90", "10"],
]
# only the last row, found as a grid of its own (five cells: no group column, no empty column)
PAGE_2_LAST_ROW = [["满意度指标", "服务对象满意度指标", "沿河居民满意度（%）", "≥90", "10"]]
BENEFIT_ROW = ["", "效益指标", "社会效益指标", "河面漂浮物清除率（%）", "", "≥95", "30"]
# rows that carry neither a header nor a level name: not tied to the table
PAGE_2_LOOSE = [["", "", "沿河居民满意度（%）", "≥90", "10"]]


def _grid(rows: list[list[str]], page: int) -> Grid:
    cells = [[Cell(c, Location(page=page, row=n, column=k)) for k, c in enumerate(r)] for n, r in enumerate(rows)]
    return Grid(rows=cells, location=Location(page=page), aligned=True, continues=False)


def _region(rows: list[list[str]], page: int, title: str = "") -> TableRegion:
    return TableRegion(title=title, grid=_grid(rows, page), location=Location(page=page))


def _read(segments: list[Segment]) -> tuple[Disclosure, list[PerformanceTable]]:
    doc = Disclosure(kind=None, year=None, unit=Unit())
    return doc, recognize_performance(doc, segments)


def test_department_special_fund_title_is_a_project_table() -> None:
    _, tables = _read([_region(HEAD + PAGE_1 + [BENEFIT_ROW, *PAGE_2_LAST_ROW], 5, TITLE)])
    assert [(t.level, t.name) for t in tables] == [("project", "河道保洁")]


def test_repeated_header_at_other_positions_is_read_with_its_own_columns() -> None:
    _, tables = _read([_region(HEAD + PAGE_1, 5, TITLE), _region(PAGE_2_HEADER, 6)])
    assert len(tables) == 1
    t = tables[0]
    assert [(i.level1, i.level2, i.name, i.weight) for i in t.indicators[-2:]] == [
        ("效益指标", "社会效益指标", "河面漂浮物清除率（%）", Decimal(30)),
        ("满意度指标", "服务对象满意度指标", "沿河居民满意度（%）", Decimal(10)),
    ]
    assert [i.target.text if i.target else None for i in t.indicators[-2:]] == [">=95", ">=90"]
    assert sum(i.weight or 0 for i in t.indicators) == Decimal(90)
    assert t.unsure == []


def test_last_rows_in_a_grid_of_their_own_are_placed_by_column() -> None:
    _, tables = _read([_region(HEAD + PAGE_1 + [BENEFIT_ROW], 5, TITLE), _region(PAGE_2_LAST_ROW, 6)])
    assert len(tables) == 1
    last = tables[0].indicators[-1]
    assert (last.level1, last.level2, last.name, last.weight) == (
        "满意度指标", "服务对象满意度指标", "沿河居民满意度（%）", Decimal(10))
    assert last.target is not None and last.target.text == ">=90"
    assert tables[0].unsure == []


def test_rows_not_tied_to_the_table_make_its_weights_unsure() -> None:
    doc, tables = _read([_region(HEAD + PAGE_1 + [BENEFIT_ROW], 5, TITLE), _region(PAGE_2_LOOSE, 6)])
    assert len(tables) == 1
    assert tables[0].unsure == ["weights"]
    assert any("weights not checked" in w and "page 6" in w for w in doc.warnings)
