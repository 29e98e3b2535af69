"""The performance-table recogniser on small inline tables in each layout."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Cell, Disclosure, Grid, Location, PerformanceTable, Unit
from budgetlens.read.text import parse_text
from budgetlens.recognize.performance import recognize_performance
from budgetlens.recognize.segment import TableRegion, segment


def _recognize(text: str) -> list[PerformanceTable]:
    doc = Disclosure(kind=None, year=None, unit=Unit())
    return recognize_performance(doc, segment(parse_text(text, "inline.txt")))


def _cells_layout(rows: list[list[str]]) -> str:
    lines: list[str] = []
    for row in rows:
        lines.extend("\t" + c for c in row)
        lines.append("")
    return "\n".join(lines) + "\n"


def _aligned(rows: list[list[str]], title: str) -> list[PerformanceTable]:
    """An aligned grid as a DOCX/XLSX/tab reader gives it (title already taken off)."""
    grid = Grid(
        rows=[[Cell(c, Location(line=n, column=k)) for k, c in enumerate(r)] for n, r in enumerate(rows, 10)],
        location=Location(line=10),
    )
    region = TableRegion(title=title, grid=grid, location=Location(line=9))
    return recognize_performance(Disclosure(kind=None, year=None, unit=Unit()), [region])


def _D(text: str) -> Decimal:
    return Decimal(text)


SELF_EVAL_ROWS = [
    ["项目支出绩效自评表"],
    ["(2024年度)"],
    ["项目名称", "网站运维经费"],
    ["主管部门", "某某州人民政府办公室", "实施单位", "某某州电子政务办公室"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "20.00", "12.00", "12.00", "10", "100.00%", "10.00"],
    ["", "其中：当年财政拨款", "20.00", "12.00", "12.00", "—", "—", "—"],
    ["", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["", "维护网站1个。", "维护网站1个，完成率100%。"],
    ["", "一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "完成率", "指标得分", "指标值设定依据",
     "上年完成情况", "赋分规则", "佐证资料", "偏差原因分析及改进措施"],
    ["年度绩效指标完成情况", "产出指标", "数量指标", "维护网站个数", "10", ">=1个", "=1个", "100%", "10", "计划标准",
     "-", "按照完成比例赋分", "工作资料", ""],
    ["", "", "质量指标", "安全防护完成率", "5", ">=90%", "=100%", "111%", "4.45", "计划标准", "90%",
     "按照完成比例赋分", "工作资料", "超额完成。"],
    ["", "成本指标", "经济成本指标", "运维费用", "15", "<=7万元", "=7万元", "100%", "15", "预算支出标准", "-",
     "按照完成比例赋分", "工作资料,原始凭证", ""],
    ["", "效益指标", "社会效益指标", "提升政务服务水平", "60", "提高", "达到预期指标", "100%", "60", "计划标准", "-",
     "按评判等级赋分", "说明材料", ""],
    ["总分", "100", "", "", "", "99.45分", "", "", "", "", ""],
]


def test_cells_layout_self_evaluation() -> None:
    [t] = _recognize(_cells_layout(SELF_EVAL_ROWS))
    assert (t.table_kind, t.level, t.name) == ("self_evaluation", "project", "网站运维经费")
    assert t.department == "某某州人民政府办公室"
    assert t.implementer == "某某州电子政务办公室"
    assert [f.label for f in t.funding] == ["年度资金总额", "其中：当年财政拨款", "其他资金"]
    top = t.funding[0]
    assert (top.initial_budget, top.annual_budget, top.executed) == (_D("20.00"), _D("12.00"), _D("12.00"))
    assert (top.weight, top.execution_rate, top.score) == (_D("10"), _D("100.00"), _D("10.00"))
    assert t.funding[1].weight is None
    assert t.goal == "维护网站1个。"
    assert t.outcome == "维护网站1个，完成率100%。"
    assert [i.name for i in t.indicators] == ["维护网站个数", "安全防护完成率", "运维费用", "提升政务服务水平"]
    q = t.indicators[1]
    assert (q.level1, q.level2) == ("产出指标", "质量指标")  # level 1 repeated down its merged cell
    assert q.weight == _D("5") and q.stated_score == _D("4.45") and q.completion_rate == _D("111")
    assert q.target is not None and (q.target.comparator, q.target.value, q.target.unit) == (">=", _D("90"), "%")
    assert q.actual is not None and q.actual.text == "=100%"
    assert (q.basis, q.prior_year, q.rule, q.evidence, q.deviation) == (
        "计划标准", "90%", "按照完成比例赋分", "工作资料", "超额完成。")
    assert t.indicators[0].prior_year is None  # "-" is no value
    assert t.indicators[3].target is not None and t.indicators[3].target.qualitative == "提高"
    assert t.stated_total == _D("99.45") and t.total_weight == _D("100")
    assert t.indicators[0].location.line is not None
    assert not t.warnings


def test_tabs_layout_realigns_a_shifted_row() -> None:
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "政务云服务项目", "", "", "", "", "", ""],
        ["", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["年度绩效指标完成情况", "产出指标", "数量指标", "物理机", ">=112台", "=112台", "8", "8", ""],
        # printed one column to the left: its level-1 cell vanished
        ["", "质量指标", "云服务质量考核评定", ">=90分", "=100.07分", "10", "10", "", ""],
        ["", "", "时效指标", "运维保障服务响应", ">=360天", "=365天", "10", "10", ""],
        ["总分", "", "", "", "", "", "28", "28.00 分", ""],
    ]
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    [t] = _recognize(text)
    q = t.indicators[1]
    assert (q.level1, q.level2, q.name) == ("产出指标", "质量指标", "云服务质量考核评定")
    assert q.target is not None and q.target.text == ">=90分"
    assert q.actual is not None and q.actual.value == _D("100.07")
    assert (q.weight, q.stated_score) == (_D("10"), _D("10"))
    assert t.indicators[2].level2 == "时效指标"
    assert t.stated_total == _D("28.00") and t.total_weight == _D("28")


def test_tabs_layout_target_table_amounts() -> None:
    rows = [
        ["预算单位", "", "某某州电子政务服务中心", "", "", "", "", "", ""],
        ["项目名称", "", "门户网站运行维护费", "", "", "项目负责人", "", "张三", ""],
        ["项目资金 (万元)", "", "年度 预算 总额:", "18.00", "其中: 财政拨款", "18.00", "其他 资金:", "0.00", ""],
        ["项目总体目标", "", "保障门户网站安全稳定运行。", "", "", "", "", "", ""],
        ["一级 指标", "二级 指标", "三级 指标", "指标值", "指标值设 置依据", "上年 完成值", "指标分值 权重", "指标赋 分规则", "佐证 资料"],
        ["产出指 标", "数量指 标", "维护网站(个)", "=1 个", "计划标准", "新增", "50", "按照正常比例赋分", "工作资料"],
        ["效益指标", "社会效益指标", "提升公共服务能力", "有效提升", "其他标准", "新增", "40", "按评判等级赋分", "说明材料"],
    ]
    [t] = _aligned(rows, "项目支出绩效目标表")
    assert (t.table_kind, t.level, t.name) == ("target", "project", "门户网站运行维护费")
    assert (t.amount, t.amount_fiscal, t.amount_other) == (_D("18.00"), _D("18.00"), _D("0.00"))
    assert t.implementer == "某某州电子政务服务中心" and t.contact == "张三"
    assert t.goal == "保障门户网站安全稳定运行。"
    first = t.indicators[0]
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "维护网站(个)")
    assert first.target is not None and first.target.text == "=1个"
    assert (first.prior_year, first.weight, first.rule) == ("新增", _D("50"), "按照正常比例赋分")
    assert t.total_weight == _D("90")


def test_unit_target_funding_rows() -> None:
    rows = [
        ["单位名称（盖章）", "", "某某州电子政务服务中心", "", "", ""],
        ["单位联系人", "", "张三", "联系电话：", "13800000000", ""],
        ["年度绩效目标", "", "一、贯彻落实有关法律法规；二、负责网站建设。", "", "", ""],
        ["年度预算（万元）", "", "资金来源", "", "资金总额（万元）", ""],
        ["", "", "财政资金（万元）", "上级安排", "0.00", ""],
        ["", "", "", "本级安排", "473.87", ""],
        ["", "", "其他资金（万元）", "其他", "0.00", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标设定依据", "分值权重"],
        ["履职效能", "数量指标", "信息系统维护数量（个）", "=3 个", "2024 年工作计划", "15"],
    ]
    [t] = _aligned(rows, "单位整体绩效目标表")
    assert (t.table_kind, t.level, t.name) == ("target", "unit", "某某州电子政务服务中心")
    assert (t.contact, t.phone) == ("张三", "13800000000")
    assert t.amount is None
    assert [(f.label, f.annual_budget) for f in t.funding] == [
        ("上级安排", _D("0.00")), ("本级安排", _D("473.87")), ("其他", _D("0.00"))]
    assert t.goal is not None and t.goal.startswith("一、贯彻落实")
    assert t.indicators[0].basis == "2024年工作计划"


def _pdf_grid(lines: list[str]) -> Grid:
    rows = [[Cell(tok, Location(line=n, page=3)) for tok in line.split()] for n, line in enumerate(lines, 100)]
    return Grid(rows=rows, location=Location(line=100), aligned=False, layout="spaces")


PDF_LINES = [
    "预算单位 某某州电子政务办公室",
    "项目名称 云平台运维经费 项目负责人 李四",
    "项目资金(万",
    "元)",
    "年度预算总额 60.00",
    "其中：财政拨",
    "款",
    "60.00 其他资金 0.00",
    "项目总体目标",
    "完成系统运行维护，系统开发维护数量 1 个，验收合格率超过 90%。",
    "一级", "指标", "二级", "指标", "三级指标", "指标", "值", "指标值设置依", "据", "上年", "完成", "值",
    "指标", "分值", "权重", "指标赋分规则 佐证资料",
    "产出", "指标", "数量", "指标",
    "系统开发维护数量 =1 套 计划标准 1套 10",
    "按照完成比例赋", "分", "工作资料",
    "质量", "指标",
    "验收合格率", ">", "=90%", "计划标准 90% 10",
    "按照完成比例赋", "分", "工作资料",
    "成本", "指标", "经济", "成本", "指标",
    "系统运行维护费", "＜=50", "万元", "计划标准", "44 万", "元", "10",
    "按照完成比例赋", "分", "工作资料,原始", "凭证",
    "效益", "指标", "社会", "效益", "指标",
    "云平台网络与信息安全得到", "有效保障",
    "有效", "保障", "计划标准", "有效", "保障", "30",
    "按评判等级赋", "分", "说明材料",
]


def test_pdf_token_stream() -> None:
    region = TableRegion(title="项目支出绩效目标表", grid=_pdf_grid(PDF_LINES), location=Location(line=99))
    doc = Disclosure(kind=None, year=None, unit=Unit())
    [t] = recognize_performance(doc, [region])
    assert (t.name, t.implementer, t.contact) == ("云平台运维经费", "某某州电子政务办公室", "李四")
    assert (t.amount, t.amount_fiscal, t.amount_other) == (_D("60.00"), _D("60.00"), _D("0.00"))
    assert t.goal is not None and t.goal.startswith("完成系统运行维护")
    got = [(i.level1, i.level2, i.name, i.target.text if i.target else None, i.basis, i.prior_year, i.weight, i.rule,
            i.evidence) for i in t.indicators]
    assert got == [
        ("产出指标", "数量指标", "系统开发维护数量", "=1套", "计划标准", "1套", _D("10"), "按照完成比例赋分", "工作资料"),
        ("产出指标", "质量指标", "验收合格率", ">=90%", "计划标准", "90%", _D("10"), "按照完成比例赋分", "工作资料"),
        ("成本指标", "经济成本指标", "系统运行维护费", "<=50万元", "计划标准", "44万元", _D("10"), "按照完成比例赋分",
         "工作资料,原始凭证"),
        ("效益指标", "社会效益指标", "云平台网络与信息安全得到有效保障", "有效保障", "计划标准", "有效保障", _D("30"),
         "按评判等级赋分", "说明材料"),
    ]
    assert t.indicators[0].location.page == 3
    assert not t.warnings


def test_pdf_token_stream_with_missing_cells() -> None:
    """Empty cells vanish from PDF text: the prior-year value is absent on the second row."""
    lines = [
        *PDF_LINES[:26],
        "产出", "指标", "数量", "指标",
        "维护服务器数量（个）", "1500", "台", "历史标准", "1500", "台", "10",
        "按照完成比例赋", "分", "工作资料",
        "维护应用系统个数", ">=70", "个", "历史标准", "10",
        "按照完成比例赋", "分", "工作资料",
    ]
    region = TableRegion(title="项目支出绩效目标表", grid=_pdf_grid(lines), location=Location(line=99))
    [t] = recognize_performance(Disclosure(kind=None, year=None, unit=Unit()), [region])
    assert [(i.name, i.target.text if i.target else None, i.prior_year, i.weight) for i in t.indicators] == [
        ("维护服务器数量（个）", "1500台", "1500台", _D("10")),
        ("维护应用系统个数", ">=70个", None, _D("10")),
    ]


def test_unit_self_evaluation_without_total_row() -> None:
    rows = [
        ["单位整体支出绩效自评表"],
        ["单位名称", "某某州电子政务办公室"],
        ["部门资金（万元）", "资金来源", "年初预算数", "全年预算数", "全年执行数", "分值权重", "执行率", "得分"],
        ["", "上级资金", "0.00", "0.00", "0.00", "10", "97.53%", "9.75"],
        ["", "本级资金", "604.12", "579.00", "564.71", "-", "-", "-"],
        ["", "合计", "604.12", "579.00", "564.71", "-", "-", "-"],
        ["一级指标", "二级指标", "三级指标", "预期指标值", "指标值设定依据", "分值权重", "实际完成指标值", "得分"],
        ["履职效能", "数量指标", "维护政府网站个数", ">=2个", "工作计划", "15", "2个", "15"],
        ["", "", "系统故障率", "<=10%", "工作计划", "15", "0%", "15"],
    ]
    [t] = _recognize(_cells_layout(rows))
    assert (t.table_kind, t.level, t.name) == ("self_evaluation", "unit", "某某州电子政务办公室")
    assert [f.label for f in t.funding] == ["上级资金", "本级资金", "合计"]
    assert t.funding[0].execution_rate == _D("97.53") and t.funding[0].score == _D("9.75")
    assert [(i.level1, i.level2, i.name) for i in t.indicators] == [
        ("履职效能", "数量指标", "维护政府网站个数"), ("履职效能", "数量指标", "系统故障率")]
    assert t.indicators[1].actual is not None and t.indicators[1].actual.value == _D("0")
    assert t.stated_total is None
    assert t.total_weight == _D("40")  # 15 + 15 + the execution row's 10


def test_not_a_performance_table_is_ignored() -> None:
    text = _cells_layout([["部门收支总体情况表"], ["项目", "金额"], ["一般公共预算", "1.00"]])
    assert _recognize(text) == []
