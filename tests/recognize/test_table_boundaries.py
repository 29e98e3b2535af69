"""Where one table ends and the next begins: titles, numbers, preamble lines, continued pieces.

Boundaries come from what the page prints (a title, a number such as 表五 or 公开05表, a repeated
header), never from two tables having alike columns. The documents under
tests/data/regression_tables/tb_* are written for these tests (invented unit and figures).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.model import Cell, Grid, Location, Paragraph, Source
from budgetlens.read import read_source
from budgetlens.recognize import recognize
from budgetlens.recognize.segment import (
    TableRegion,
    is_preamble,
    is_title,
    segment,
    split_number,
    table_number,
)
from budgetlens.recognize.table_specs import identify
from budgetlens.recognize.tables import _group_pieces

DATA = Path(__file__).resolve().parents[1] / "data" / "regression_tables"


# ----------------------------------------------------------------------------- lines above a grid


@pytest.mark.parametrize(
    ("line", "number"),
    [("表1", "1"), ("表 3", "3"), ("表五", "五"), ("表十一", "十一"), ("附表1-1", "1-1"), ("公开 05 表", "05"),
     ("财决01表", "01"), ("单位预算12表", "12")],
)
def test_table_numbers(line: str, number: str) -> None:
    assert table_number(line) == number
    assert is_title(line)


@pytest.mark.parametrize("line", ["收支总表", "一般公共预算支出表", "表一、部门收支", "2026年"])
def test_not_a_number(line: str) -> None:
    assert table_number(line) is None


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [("表3本年支出总体情况表", "3", "本年支出总体情况表"),
     ("表1    2022年部门综合预算收支总表", "1", "2022年部门综合预算收支总表"),
     ("公开01表 收支总表", "01", "收支总表")],
)
def test_number_printed_before_the_title(line: str, number: str, title: str) -> None:
    assert split_number(line) == (number, title)


def test_a_year_after_the_number_is_not_read_into_it() -> None:
    # "表12022年…" (no space) cannot be told from 表12: it is left whole
    assert split_number("表12022年部门收支总表") == (None, "表12022年部门收支总表")


@pytest.mark.parametrize(
    "line",
    ["单位名称：青岚县档案馆      单位：万元", "单位名称:青岚县档案馆 单位:万元", "部门（单位）名称：青岚县档案馆",
     "预算单位：青岚县档案馆", "填报单位：青岚县档案馆", "编制单位：青岚县档案馆   金额单位：元", "（2025年度）"],
)
def test_preamble_lines(line: str) -> None:
    assert is_preamble(line)
    assert not is_title(line)


@pytest.mark.parametrize(
    "line",
    ["单位名称", "本单位2026年收入预算为120万元，比上年增加10万元。", "单位资金收入20万元，主要是事业收入"],
)
def test_not_preamble(line: str) -> None:
    assert not is_preamble(line)


@pytest.mark.parametrize(
    "line",
    ["一般公共预算支出情况表（按功能分类科目）", "2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）",
     "2026年部门收支总体情况表"],
)
def test_titles_with_a_qualifier(line: str) -> None:
    assert is_title(line)


# ----------------------------------------------------------------------------- titles → standard ids


@pytest.mark.parametrize(
    ("title", "table_id"),
    [
        ("收支总表", "B01"),
        ("财务收支预算总表", "B01"),
        ("2026年部门收支总体情况表", "B01"),
        ("收入总表", "B02"),
        ("本年支出总体情况表", "B03"),
        ("支出功能分类预算表", "B03"),
        ("一般公共预算支出情况表（按功能分类科目）", "B05"),
        ("一般公共预算支出表", "B05"),
        ("基本支出经济分类预算表", "B06"),
        ("一般公共预算基本支出情况表（按经济分类科目）", "B06"),
        ("项目支出预算表", "B07"),
        ("“三公”经费和机关运行经费预算表", "B10"),
        ("一般公共预算“三公”经费、会议费、培训费支出表", "B10"),
    ],
)
def test_template_titles_map_to_standard_ids(title: str, table_id: str) -> None:
    spec = identify(title, "budget")
    assert spec is not None and spec.id == table_id


@pytest.mark.parametrize(
    "title",
    [
        "2026年政府采购预算明细表",
        "政府采购预算表",
        "一般公共预算机关运行经费支出预算表",
        "部门预算支出表（按功能科目和经济科目）",
        "一般公共预算支出明细表（按支出经济分类科目）",
        "一般公共预算基本支出明细表（按支出功能分类科目）",
        "部门整体绩效目标表",
    ],
)
def test_tables_of_their_own_kind_stay_themselves(title: str) -> None:
    assert identify(title, "budget") is None


# ----------------------------------------------------------------------------- grouping pieces


def _loc(page: int) -> Location:
    return Location(file="t.pdf", page=page)


def _grid(page: int, rows: list[list[str]], continues: bool = False) -> Grid:
    return Grid(rows=[[Cell(t, _loc(page)) for t in r] for r in rows], location=_loc(page), aligned=True,
                layout="pdf-ruled", continues=continues)


_HEAD = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


def _region(page: int, title: str, number: str | None, rows: list[list[str]], continues: bool = False) -> TableRegion:
    return TableRegion(title=title, grid=_grid(page, [_HEAD, *rows], continues), location=_loc(page), number=number)


def _footer(page: int) -> Paragraph:
    return Paragraph(text=f"— {page} —", location=_loc(page))


def test_a_titled_table_with_alike_columns_is_a_table_of_its_own() -> None:
    segs = [
        _region(12, "2026年部门支出总体情况表", "三", [["", "合计", "10.00", "8.00", "2.00"]], continues=True),
        _footer(12),
        _region(13, "", None, [["201", "一般公共服务支出", "10.00", "8.00", "2.00"]]),
        _footer(13),
        _region(14, "2026年一般公共预算支出情况表", "五", [["", "合计", "9.00", "7.00", "2.00"]]),
    ]
    groups = _group_pieces(segs, "budget")
    assert [(spec.id, len(pieces)) for spec, pieces in groups] == [("B03", 2), ("B05", 1)]


def test_pieces_of_a_table_of_its_own_kind_join_no_standard_table() -> None:
    proc_head = ["项目编号", "项目", "总计", "一般公共预算拨款收入"]
    segs = [
        _region(20, "2026年部门支出总体情况表", "三", [["", "合计", "10.00", "8.00", "2.00"]]),
        _footer(20),
        TableRegion(title="2026年政府采购预算明细表", grid=_grid(21, [proc_head, ["A", "货物", "3.00", "3.00"]], True),
                    location=_loc(21), number="九"),
        _footer(21),
        TableRegion(title="", grid=_grid(22, [proc_head, ["C", "服务", "5.00", "5.00"]]), location=_loc(22)),
    ]
    groups = _group_pieces(segs, "budget")
    assert [(spec.id, len(pieces)) for spec, pieces in groups] == [("B03", 1)]


def test_the_title_repeated_on_the_next_page_continues_the_table() -> None:
    title = "2022年一般公共预算支出明细表（按支出功能分类科目）"
    segs = [
        _region(40, title, "5", [["201", "一般公共服务支出", "10.00", "8.00", "2.00"]], continues=True),
        _footer(40),
        _region(41, title, "5", [["205", "教育支出", "4.00", "4.00", ""]]),
        _footer(41),
        _region(42, title.replace("功能", "经济"), "6", [["301", "工资福利支出", "4.00", "4.00", ""]]),
    ]
    groups = _group_pieces(segs, "budget")
    assert [(spec.id, len(pieces)) for spec, pieces in groups] == [("B05", 2)]


def test_title_number_and_unit_name_line_above_a_grid() -> None:
    source = Source(path="t.txt", format="text", blocks=[
        Paragraph(text="部门预算表", location=_loc(7)),
        Paragraph(text="表一", location=_loc(8)),
        Paragraph(text="2026年部门收支总体情况表", location=_loc(8)),
        Paragraph(text="单位名称：青岚县档案馆      单位：万元", location=_loc(8)),
        _grid(8, [["项目", "预算数", "项目", "预算数"], ["合计", "5.00", "合计", "5.00"]]),
    ])
    regions = [s for s in segment(source) if isinstance(s, TableRegion)]
    assert [(r.number, r.title, r.preamble) for r in regions] == [
        ("一", "2026年部门收支总体情况表", ["单位名称：青岚县档案馆      单位：万元"])
    ]


# ----------------------------------------------------------------------------- whole documents


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_numbered_tables_with_alike_columns_are_not_pooled(layout: str) -> None:
    doc = recognize(read_source(DATA / f"tb_multi_numbered_titles_unit_name_line.{layout}.txt"))
    assert [(t.id, t.number, len(t.rows)) for t in doc.tables] == [("B03", "三", 9), ("B05", "五", 9)]
    b03, b05 = doc.tables
    assert b03.rows[0].is_total and b03.rows[0].values["total"] == Decimal("500.00")
    assert b05.rows[0].is_total and b05.rows[0].values["total"] == Decimal("460.00")


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
@pytest.mark.parametrize(
    ("variant", "number", "title"),
    [
        ("tb_B03_unit_name_line_then_procurement_table", "三", "2025年部门支出总体情况表"),
        ("tb_B03_local_numbering_under_a_cover_title", "03", "支出总表"),
        ("tb_B05_function_qualifier_line_then_economic_table", "5", "2025年一般公共预算支出明细表（按支出功能分类科目）"),
    ],
)
def test_number_and_title_of_the_regression_variants(variant: str, layout: str, number: str, title: str) -> None:
    doc = recognize(read_source(DATA / f"{variant}.{layout}.txt"))
    assert [(t.number, t.title) for t in doc.tables] == [(number, title)]


def test_a_list_of_tables_is_not_a_table() -> None:
    listing = TableRegion(title="", grid=_grid(35, [["报表", "报表名称", "是否空表"], ["表1", "部门综合预算收支总表", ""],
                                                    ["表2", "部门综合预算收入总表", ""], ["表4", "部门综合预算财政拨款收支总表", "否"]]),
                          location=_loc(35))
    assert _group_pieces([listing], "budget") == []


def test_a_section_heading_names_no_table() -> None:
    chart = TableRegion(title="", grid=_grid(9, [["120000", "102180.52"], ["1419.73", "465.73"]]), location=_loc(9),
                        heading="（三）一般公共预算拨款支出明细情况")
    assert _group_pieces([chart], "budget") == []
    named = TableRegion(title="", grid=_grid(9, [_HEAD, ["", "合计", "9.00", "7.00", "2.00"]]), location=_loc(9),
                        heading="五、一般公共预算支出情况表")
    assert [spec.id for spec, _ in _group_pieces([named], "budget")] == ["B05"]


def test_a_page_foot_between_two_pieces_keeps_them_one_table() -> None:
    segs = [
        _region(9, "2026年单位收入总体情况表", "二", [["", "合计", "10.00", "8.00", "2.00"]]),
        _footer(9),
        TableRegion(title="", grid=_grid(10, [["20702", "文物", "6.00", "5.00", "1.00"]]), location=_loc(10)),
        _footer(10),
        _region(12, "2026年单位支出总体情况表", "三", [["", "合计", "10.00", "8.00", "2.00"]]),
    ]
    assert [(spec.id, len(pieces)) for spec, pieces in _group_pieces(segs, "budget")] == [("B02", 2), ("B03", 1)]


def test_a_running_head_between_two_pieces_keeps_them_one_table() -> None:
    def head(page: int) -> Paragraph:
        return Paragraph(text="青岚县档案馆2026年度部门预算公开", location=_loc(page))

    segs = [
        head(8), _region(8, "收入总表", "02", [["", "合计", "10.00", "8.00", "2.00"]]),
        head(9), _region(9, "支出总表", "03", [["", "合计", "10.00", "8.00", "2.00"]]),
        head(10), TableRegion(title="", grid=_grid(10, [["2120107", "市政公用行业市场监管", "6.00", "5.00", "1.00"]]),
                              location=_loc(10)),
        head(11), _region(11, "财政拨款收支总表", "04", [["", "合计", "10.00", "8.00", "2.00"]]),
    ]
    groups = _group_pieces(segs, "budget")
    assert [(spec.id, len(pieces)) for spec, pieces in groups] == [("B02", 1), ("B03", 2), ("B04", 1)]


def test_numbering_after_the_word_table() -> None:
    assert table_number("部门公开表7") == "7"
    assert table_number("部门公开表7 12") is None  # a page number printed after it is not part of it


def test_the_income_and_expense_of_one_fund_is_not_the_departments() -> None:
    assert identify("2020年部门综合预算政府性基金收支总表", "budget") is None
    spec = identify("2020年部门综合预算收支总表", "budget")
    assert spec is not None and spec.id == "B01"


def test_a_grid_without_codes_is_not_a_coded_table_by_its_header() -> None:
    head = ["功能科目", "年度", "合计", "基本支出", "项目支出"]
    comparison = TableRegion(title="", grid=_grid(26, [head, ["科技成果转化与扩散", "2022", "77.10", "0.10", "77.00"]]),
                             location=_loc(26))
    assert _group_pieces([comparison], "budget") == []
    coded = TableRegion(title="", grid=_grid(26, [_HEAD, ["206", "科学技术支出", "77.10", "0.10", "77.00"]]),
                        location=_loc(26))
    assert [spec.id for spec, _ in _group_pieces([coded], "budget")] == ["B03"]


def test_two_titles_read_as_one_standard_table_keep_the_fuller_one() -> None:
    segs = [
        _region(19, "一般公共预算项目支出情况表（按经济分类科目）", "7", [["", "合计", "9.00", "", "9.00"]]),
        _footer(19),
        _region(27, "部门预算项目支出及其他支出预算表", "12", [["", "合计", "12.00", "", "12.00"]]),
    ]
    groups = _group_pieces(segs, "budget")
    assert [(spec.id, pieces[0].number) for spec, pieces in groups] == [("B07", "7")]


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_rows_of_a_table_by_unit_are_units_not_codes(layout: str) -> None:
    doc = recognize(read_source(DATA / f"tb_B02_rows_by_unit.{layout}.txt"))
    (table,) = doc.tables
    assert [(r.code, r.name) for r in table.rows] == [
        (None, "合计"), (None, "青岚县水务局"), (None, "青岚县水务局（本级）"), (None, "青岚县水文站"), (None, "青岚县灌区管理所"),
    ]


def test_a_title_glued_to_the_preamble_line() -> None:
    source = Source(path="t.txt", format="text", blocks=[
        Paragraph(text="2026年预算单位财政拨款收支预算总表编制单位：青岚县档案馆单位：元", location=_loc(12)),
        _grid(12, [["项目", "预算数", "项目", "合计"], ["一般公共预算资金", "50,000", "一般公共服务支出", "50,000"]]),
    ])
    regions = [s for s in segment(source) if isinstance(s, TableRegion)]
    assert [(r.title, r.preamble) for r in regions] == [
        ("2026年预算单位财政拨款收支预算总表", ["编制单位：青岚县档案馆单位：元"])
    ]


def test_a_heading_that_is_the_title_names_the_table_and_stays_a_heading() -> None:
    head = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    source = Source(path="t.txt", format="text", blocks=[
        Paragraph(text="三、部门支出总体情况表", location=_loc(3)),
        _grid(3, [head, ["", "合计", "10.00", "8.00", "2.00"]]),
        Paragraph(text="五、一般公共预算支出情况表", location=_loc(4)),
        Paragraph(text="单位：万元", location=_loc(4)),
        _grid(4, [head, ["", "合计", "9.00", "7.00", "2.00"]]),
    ])
    segs = segment(source)
    assert [s.title if isinstance(s, TableRegion) else s.text for s in segs] == [
        "三、部门支出总体情况表", "部门支出总体情况表", "五、一般公共预算支出情况表", "一般公共预算支出情况表",
    ]
    assert [spec.id for spec, _ in _group_pieces(segs, "budget")] == ["B03", "B05"]


@pytest.mark.parametrize(("line", "number", "title"), [("表一：部门收支总体情况表", "一", "部门收支总体情况表"),
                                                       ("表1、收入总表", "1", "收入总表")])
def test_number_and_title_with_a_separator(line: str, number: str, title: str) -> None:
    assert split_number(line) == (number, title)


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_tables_under_heading_titles_are_not_pooled(layout: str) -> None:
    doc = recognize(read_source(DATA / f"tb_multi_heading_titles.{layout}.txt"))
    assert [(t.id, len(t.rows)) for t in doc.tables] == [("B03", 9), ("B05", 9)]


@pytest.mark.parametrize(
    ("title", "kind", "table_id"),
    [("2023年度部门决算收支总表", None, "F01"), ("部门决算收入总表", None, "F02"), ("部门决算支出总表", None, "F03"),
     ("部门决算财政拨款收支总表", None, "F04"), ("收支总表", "final", "F01"), ("收支总表", "budget", "B01"),
     ("财政拨款收支总表", "final", "F04"), ("财政拨款收支总表", "budget", "B04")],
)
def test_summary_titles_of_final_accounts(title: str, kind: str | None, table_id: str) -> None:
    spec = identify(title, kind)
    assert spec is not None and spec.id == table_id


def test_a_title_repeated_without_its_year_continues_the_table() -> None:
    segs = [
        _region(9, "2026年部门收入总体情况表", None, [["", "合计", "10.00", "8.00", "2.00"]]),
        _footer(9),
        _region(10, "部门收入总体情况表", None, [["201", "一般公共服务支出", "10.00", "8.00", "2.00"]]),
        _footer(10),
        _region(11, "2026年部门支出总体情况表", None, [["", "合计", "10.00", "8.00", "2.00"]]),
    ]
    assert [(spec.id, len(pieces)) for spec, pieces in _group_pieces(segs, "budget")] == [("B02", 2), ("B03", 1)]


@pytest.mark.parametrize("layout", ["tabs", "spaces"])
def test_a_table_without_its_unit_counts_in_the_unit_the_others_state(layout: str) -> None:
    doc = recognize(read_source(DATA / f"tb_multi_unit_printed_with_one_table_only.{layout}.txt"))
    b03, b05, b06 = doc.tables
    assert (b03.id, b05.id, b06.id) == ("B03", "B05", "B06")
    assert b06.rows[0].values["total"] == Decimal("360")
    assert b03.rows[0].values["total"] == Decimal("500") and b05.rows[0].values["total"] == Decimal("460")
    assert any("no amount unit printed" in w for w in b05.warnings)
    assert not any("no amount unit printed" in w for w in b03.warnings)
