"""Performance tables broken across pages: the later parts are grids marked ``continues`` (no title
of their own) and are read as one table with the first part — its header's columns, the level
names merged down their column and the goal text carry over; a title row or a 项目名称 head row
inside a continuation starts the next table; a header repeated on each page is a header."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Cell, Disclosure, Grid, Location, PerformanceTable, Unit
from budgetlens.recognize.performance import recognize_performance
from budgetlens.recognize.segment import Segment, TableRegion

HEADER = ["", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
HEAD = [
    ["项目名称", "信息化运维项目", "", "", "", "", "", "", ""],
    ["主管部门", "某某市数字化发展局", "", "实施单位", "某某市数字化发展局", "", "", "", ""],
    ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "50.00", "40.00", "40.00", "10", "100.00%", "10.00分", ""],
    ["年度总体目标", "预期目标", "", "实际完成情况", "", "", "", "", ""],
    ["", "完成磁带库系统和相关硬件", "", "完成磁带库系统和相关硬件设", "", "", "", "", ""],
]
PAGE_1_BODY = [
    HEADER,
    ["年度绩效指标完成情况", "产出指标", "数量指标", "磁带库系统运维数量", "=1套", "=1套", "8", "8", ""],
    ["", "", "时效指标", "运维巡检及时率", ">=100%", "=100%", "18", "18", ""],
]
# The rest of the table on the next page: the level names are merged from the page before, so the
# first rows carry neither; the columns are those of the header on the page before.
PAGE_2_BODY = [
    ["", "", "", "季度巡检及时率", ">=95%", "=100%", "0", "0", ""],
    ["", "", "", "系统运行维护响应时间", "<=4小时", "=4小时", "8", "8", ""],
    ["", "效益指标", "社会效益指标", "磁带库系统平稳运行", "正常运行", "完全达到预期", "30", "30", ""],
    ["总分", "", "", "", "", "", "64", "64.00分", ""],
]
SECOND_HEAD = [
    ["项目名称", "政务云服务项目", "", "", "", "", "", "", ""],
    ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "500.00", "1,050.00", "1,050.00", "10", "100.00%", "10.00分", ""],
]
SECOND_BODY = [
    HEADER,
    ["年度绩效指标完成情况", "产出指标", "数量指标", "机柜托管", ">=25个", "=25个", "40", "40", ""],
    ["", "满意度指标", "满意度指标", "用户使用满意度", ">=90%", "=100%", "50", "50", ""],
    ["总分", "", "", "", "", "", "90", "90.00分", ""],
]


def _grid(rows: list[list[str]], page: int, continues: bool = False, aligned: bool = True) -> Grid:
    cells = [[Cell(c, Location(page=page, row=n, column=k)) for k, c in enumerate(r)] for n, r in enumerate(rows)]
    return Grid(rows=cells, location=Location(page=page), aligned=aligned, continues=continues)


def _region(rows: list[list[str]], page: int, title: str = "", continues: bool = False, aligned: bool = True) -> TableRegion:
    return TableRegion(title=title, grid=_grid(rows, page, continues, aligned), location=Location(page=page))


def _read(segments: list[Segment]) -> list[PerformanceTable]:
    return recognize_performance(Disclosure(kind=None, year=None, unit=Unit()), segments)


def _D(text: str) -> Decimal:
    return Decimal(text)


def _indicators(t: PerformanceTable) -> list[tuple[str, str, str, str | None, str | None, Decimal | None, Decimal | None]]:
    return [
        (i.level1, i.level2, i.name, i.target.text if i.target else None, i.actual.text if i.actual else None, i.weight,
         i.stated_score)
        for i in t.indicators
    ]


FULL = [
    ("产出指标", "数量指标", "磁带库系统运维数量", "=1套", "=1套", _D("8"), _D("8")),
    ("产出指标", "时效指标", "运维巡检及时率", ">=100%", "=100%", _D("18"), _D("18")),
    ("产出指标", "时效指标", "季度巡检及时率", ">=95%", "=100%", _D("0"), _D("0")),
    ("产出指标", "时效指标", "系统运行维护响应时间", "<=4小时", "=4小时", _D("8"), _D("8")),
    ("效益指标", "社会效益指标", "磁带库系统平稳运行", "正常运行", "完全达到预期", _D("30"), _D("30")),
]


def test_continuation_keeps_the_columns_and_levels_of_the_first_part() -> None:
    [t] = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region(PAGE_2_BODY, 9, continues=True),
    ])
    assert t.name == "信息化运维项目"
    assert _indicators(t) == FULL
    assert t.stated_total == _D("64.00") and t.total_weight == _D("64")
    assert t.indicators[2].location.page == 9
    assert not t.warnings


def test_one_table_whatever_the_page_break() -> None:
    """The same table broken at every row reads the same as printed whole (as DOCX gives it)."""
    rows = HEAD + PAGE_1_BODY + PAGE_2_BODY
    [whole] = _read([_region(rows, 8, "项目支出绩效自评表")])
    for cut in range(1, len(rows)):
        [t] = _read([
            _region(rows[:cut], 8, "项目支出绩效自评表"),
            _region(rows[cut:], 9, continues=True),
        ])
        assert (t.name, t.goal, t.outcome, len(t.funding)) == (whole.name, whole.goal, whole.outcome, 1), cut
        assert _indicators(t) == _indicators(whole) == FULL, cut
        assert t.stated_total == whole.stated_total, cut


def test_goal_and_outcome_broken_across_the_page_are_kept() -> None:
    [t] = _read([
        _region(HEAD, 8, "项目支出绩效自评表"),
        _region([["", "设备的运维。", "", "备的运维。", "", "", "", "", ""], *PAGE_1_BODY], 9, continues=True),
        _region(PAGE_2_BODY, 10, continues=True),
    ])
    assert t.goal == "完成磁带库系统和相关硬件设备的运维。"
    assert t.outcome == "完成磁带库系统和相关硬件设备的运维。"
    assert _indicators(t) == FULL


def test_header_repeated_on_every_page_is_a_header() -> None:
    [t] = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region([HEADER, *PAGE_2_BODY], 9, continues=True),
    ])
    assert _indicators(t) == FULL
    assert not t.warnings


def test_header_over_two_rows_repeated() -> None:
    header = [
        ["一级指标", "二级指标", "三级指标", "指标值", "", "分值"],
        ["", "", "", "目标值", "实际值", ""],
    ]
    rows = [["履职效能", "数量指标", "维护网站个数", ">=2个", "2个", "15"]]
    more = [["", "", "系统故障率", "<=10%", "0%", "15"]]
    [t] = _read([
        _region([["单位名称", "某某中心"], *header, *rows], 5, "单位整体绩效自评表"),
        _region([*header, *more], 6, continues=True),
    ])
    assert [(i.level1, i.level2, i.name, i.weight) for i in t.indicators] == [
        ("履职效能", "数量指标", "维护网站个数", _D("15")), ("履职效能", "数量指标", "系统故障率", _D("15"))]
    assert not t.warnings


def test_title_row_inside_a_continuation_starts_the_next_table() -> None:
    tables = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region([*PAGE_2_BODY, ["项目支出绩效自评表"], ["(2024年度)"], *SECOND_HEAD], 9, continues=True),
        _region(SECOND_BODY, 10, continues=True),
    ])
    assert [t.name for t in tables] == ["信息化运维项目", "政务云服务项目"]
    assert _indicators(tables[0]) == FULL
    second = tables[1]
    assert (second.table_kind, second.level) == ("self_evaluation", "project")
    assert [(i.level1, i.name, i.weight) for i in second.indicators] == [
        ("产出指标", "机柜托管", _D("40")), ("满意度指标", "用户使用满意度", _D("50"))]
    assert second.funding[0].annual_budget == _D("1050.00")
    assert second.location.page == 9


def test_title_alone_on_the_page_before_its_table() -> None:
    """The title row is the last thing on a page; the whole table follows on the next."""
    [t] = _read([
        _region([], 8, "项目支出绩效自评表"),
        _region(HEAD + PAGE_1_BODY + PAGE_2_BODY, 9, continues=True),
    ])
    assert t.name == "信息化运维项目"
    assert _indicators(t) == FULL


def test_project_name_row_after_a_body_starts_the_next_table() -> None:
    tables = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region(PAGE_2_BODY + SECOND_HEAD + SECOND_BODY, 9, continues=True),
    ])
    assert [(t.name, t.level, len(t.indicators)) for t in tables] == [
        ("信息化运维项目", "project", 5), ("政务云服务项目", "project", 2)]
    assert tables[1].stated_total == _D("90.00")


def test_project_name_row_after_a_unit_table_is_a_project_table() -> None:
    unit = [
        ["单位名称", "某某中心", "", "", "", "", "", "", ""],
        HEADER,
        ["", "履职效能", "数量指标", "维护网站个数", ">=2个", "2个", "15", "15", ""],
    ]
    tables = _read([_region(unit, 5, "单位整体支出绩效自评表"), _region(SECOND_HEAD + SECOND_BODY, 6, continues=True)])
    assert [(t.level, t.name) for t in tables] == [("unit", "某某中心"), ("project", "政务云服务项目")]


def test_a_grid_that_does_not_continue_is_not_added() -> None:
    [t] = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region(PAGE_2_BODY, 9, continues=False),
    ])
    assert [i.name for i in t.indicators] == ["磁带库系统运维数量", "运维巡检及时率"]
    assert t.stated_total is None


def test_continuation_ends_at_a_titled_table() -> None:
    tables = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region([["项目", "金额"], ["一般公共预算", "1.00"]], 9, "部门收支总体情况表"),
        _region(PAGE_2_BODY, 10, continues=True),
    ])
    assert [len(t.indicators) for t in tables] == [2]


def test_pdf_text_continuation_with_repeated_header_lines() -> None:
    """Unaligned PDF text: the header printed again (over several lines) on the next page."""
    header = ["一级", "指标", "二级", "指标", "三级指标", "指标值", "分值"]
    page1 = ["项目名称 云平台运维经费", *header, "产出", "指标", "数量", "指标", "系统维护数量 =1套 10"]
    page2 = [*header, "验收合格率 >=90% 10", "效益", "指标", "社会", "效益", "指标", "安全保障 有效保障 30"]

    def region(lines: list[str], page: int, title: str = "", continues: bool = False) -> TableRegion:
        rows = [line.split() for line in lines]
        return TableRegion(title=title, grid=_grid(rows, page, continues, aligned=False), location=Location(page=page))

    [t] = _read([region(page1, 3, "项目支出绩效目标表"), region(page2, 4, continues=True)])
    assert [(i.level1, i.level2, i.name, i.target.text if i.target else None, i.weight) for i in t.indicators] == [
        ("产出指标", "数量指标", "系统维护数量", "=1套", _D("10")),
        ("产出指标", "数量指标", "验收合格率", ">=90%", _D("10")),
        ("效益指标", "社会效益指标", "安全保障", "有效保障", _D("30")),
    ]
    assert not any("一级" in w for w in t.warnings)


def test_continuation_titled_xubiao() -> None:
    for title in ("续上表", "续表：项目支出绩效自评表"):
        [t] = _read([
            _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
            _region(PAGE_2_BODY, 9, title),
        ])
        assert _indicators(t) == FULL, title


def test_title_row_with_its_unit_line_starts_the_next_table() -> None:
    tables = _read([
        _region(HEAD + PAGE_1_BODY, 8, "项目支出绩效自评表"),
        _region([*PAGE_2_BODY, ["项目支出绩效目标表", "", "", "", "", "", "", "单位：万元", ""], *SECOND_HEAD, *SECOND_BODY],
                9, continues=True),
    ])
    assert [(t.table_kind, t.name, len(t.indicators)) for t in tables] == [
        ("self_evaluation", "信息化运维项目", 5), ("target", "政务云服务项目", 2)]
