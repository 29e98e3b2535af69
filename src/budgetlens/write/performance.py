"""绩效目标表 / 绩效自评表 in the template's layout.

Head: 项目名称 (单位名称 for a unit table), 主管部门 / 实施单位, 联系人 / 联系电话; the funding block
(年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 per source, or 年度资金总额 / 其中：财政拨款 /
其他资金 of a target table); the goal (年度总体目标 with 预期目标 | 实际完成情况 in a self-evaluation).
Body: the indicator header (一级指标 | 二级指标 | 三级指标 | … with only the columns the table has)
and one row per indicator, 一级/二级 names merged down over their runs; the 总分 row.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Disclosure, FundingRow, Indicator, PerformanceTable
from budgetlens.write.layout import GCell, GridBuilder, TableBlock

# Indicator fields in the order the templates print them, with their header labels.
_FIELDS: tuple[tuple[str, str, str], ...] = (
    # key, label in a self-evaluation, label in a target table
    ("level1", "一级指标", "一级指标"),
    ("level2", "二级指标", "二级指标"),
    ("name", "三级指标", "三级指标"),
    ("target", "年度指标值", "指标值"),
    ("actual", "实际完成值", "实际完成值"),
    ("weight", "分值", "分值"),
    ("completion_rate", "完成率", "完成率"),
    ("stated_score", "得分", "得分"),
    ("basis", "指标值设定依据", "指标值设定依据"),
    ("prior_year", "上年完成值", "上年完成值"),
    ("rule", "赋分规则", "赋分规则"),
    ("evidence", "佐证资料", "佐证资料"),
    ("deviation", "偏差原因分析及改进措施", "偏差原因分析及改进措施"),
)
_ALWAYS = {
    "self_evaluation": {"level1", "level2", "name", "target", "actual", "weight", "stated_score"},
    "target": {"level1", "level2", "name", "target", "weight"},
}
_FUNDING: tuple[tuple[str, str], ...] = (
    ("initial_budget", "年初预算数"),
    ("annual_budget", "全年预算数"),
    ("executed", "全年执行数"),
    ("weight", "分值"),
    ("execution_rate", "执行率"),
    ("score", "得分"),
)


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _indicator_text(ind: Indicator, key: str) -> GCell:
    if key == "target":
        return GCell(ind.target.text if ind.target else "")
    if key == "actual":
        return GCell(ind.actual.text if ind.actual else "")
    if key == "weight":
        return GCell(value=ind.weight) if ind.weight is not None else GCell()
    if key == "stated_score":
        return GCell(value=ind.stated_score) if ind.stated_score is not None else GCell()
    if key == "completion_rate":
        return GCell(f"{_num(ind.completion_rate)}%" if ind.completion_rate is not None else "")
    value = getattr(ind, key)
    return GCell(value if isinstance(value, str) else "")


def _present(p: PerformanceTable, key: str) -> bool:
    if key in _ALWAYS.get(p.table_kind, set()):
        return True
    return any(getattr(i, key) not in (None, "") for i in p.indicators)


def _funding_cell(row: FundingRow, key: str) -> GCell:
    value: Decimal | None = getattr(row, key)
    if value is None:
        return GCell()
    if key == "execution_rate":
        return GCell(f"{_num(value)}%")
    if key in ("weight", "score"):
        return GCell(value=value)
    return GCell(value=value, places=2)


def performance_block(doc: Disclosure, p: PerformanceTable) -> TableBlock:
    self_eval = p.table_kind == "self_evaluation"
    fields = [f for f in _FIELDS if _present(p, f[0])]
    funding_keys = [(k, label) for k, label in _FUNDING if any(getattr(r, k) is not None for r in p.funding)]
    width = max(len(fields), 2 + len(funding_keys), 4)
    g = GridBuilder(width)
    unit = p.level == "unit"

    def row(*cells: GCell) -> None:
        """Add a row; its last cell spans what is left of the width."""
        used = sum(c.colspan for c in cells)
        if used < width and cells:
            cells[-1].colspan += width - used
        g.add_row(list(cells))

    row(GCell("单位名称" if unit else "项目名称"), GCell(p.name))
    if p.department and p.implementer:
        half = max(1, (width - 2) // 2)
        row(GCell("主管部门"), GCell(p.department, colspan=half), GCell("实施单位"), GCell(p.implementer))
    elif p.department:
        row(GCell("主管部门"), GCell(p.department))
    elif p.implementer:
        row(GCell("实施单位"), GCell(p.implementer))
    if p.contact or p.phone:
        half = max(1, (width - 2) // 2)
        row(GCell("联系人"), GCell(p.contact or "", colspan=half), GCell("联系电话"), GCell(p.phone or ""))
    if p.funding:
        lead = "部门资金（万元）" if unit else "项目资金（万元）"
        figures = {k for k, _ in funding_keys} & {"initial_budget", "annual_budget", "executed"}
        if len(figures) >= 2 or len(funding_keys) > len(figures):
            row(GCell(lead, rowspan=1 + len(p.funding)),
                GCell("资金来源" if unit else ""), *[GCell(label) for _, label in funding_keys])
            rows = [[GCell(f.label), *[_funding_cell(f, k) for k, _ in funding_keys]] for f in p.funding]
        else:
            # one figure per source (a target table's 资金来源 | 全年预算): no column header
            rows = [[GCell(f.label), *[_funding_cell(f, k) for k, _ in funding_keys]] for f in p.funding]
            rows[0].insert(0, GCell("年度预算（万元）", rowspan=len(p.funding)))
        for funding_cells in rows:
            row(*funding_cells)
    elif p.amount is not None or p.amount_fiscal is not None or p.amount_other is not None:
        amounts = [("年度资金总额", p.amount), ("其中：财政拨款", p.amount_fiscal), ("其他资金", p.amount_other)]
        shown = [(label, v) for label, v in amounts if v is not None]
        row(GCell("项目资金（万元）", rowspan=len(shown)), GCell(shown[0][0]), GCell(value=shown[0][1], places=2))
        for label, v in shown[1:]:
            row(GCell(label), GCell(value=v, places=2))
    if self_eval:
        half = max(1, (width - 1) // 2)
        row(GCell("年度总体目标", rowspan=2), GCell("预期目标", colspan=half), GCell("实际完成情况"))
        row(GCell(p.goal or "", colspan=half), GCell(p.outcome or ""))
    elif p.goal:
        row(GCell("年度总体目标"), GCell(p.goal))
    row(*[GCell(label if self_eval else tlabel, header=True) for _, label, tlabel in fields])
    keys = [k for k, _, _ in fields]
    inds = p.indicators
    cells: list[GCell]
    for i, ind in enumerate(inds):
        cells = []
        for key in keys:
            if key in ("level1", "level2"):
                same_run = i > 0 and inds[i - 1].level1 == ind.level1 and (
                    key == "level1" or inds[i - 1].level2 == ind.level2
                )
                if same_run:
                    continue  # covered by the merged cell above
                run = 1
                while i + run < len(inds) and inds[i + run].level1 == ind.level1 and (
                    key == "level1" or inds[i + run].level2 == ind.level2
                ):
                    run += 1
                cells.append(GCell(getattr(ind, key), rowspan=run))
            else:
                cells.append(_indicator_text(ind, key))
        row(*cells)
    # total_weight is read as the sum of the weights (with the execution row's) unless printed
    weights = [i.weight for i in inds if i.weight is not None]
    execution = p.funding[0].weight if p.funding and p.funding[0].weight is not None else Decimal(0)
    printed_weight = p.total_weight is not None and p.total_weight != sum(weights, Decimal(0)) + execution
    if p.stated_total is not None or printed_weight:
        cells = [GCell("总分", colspan=max(1, keys.index("weight")) if "weight" in keys else 1)]
        for key in keys[keys.index("weight") if "weight" in keys else 1:]:
            if key == "weight":
                cells.append(GCell(value=p.total_weight) if p.total_weight is not None else GCell())
            elif key == "stated_score":
                cells.append(GCell(value=p.stated_total) if p.stated_total is not None else GCell())
            else:
                cells.append(GCell())
        row(*cells)
    preamble = [f"（{doc.year}年度）"] if doc.year else []
    return TableBlock(title=p.title or ("项目支出绩效自评表" if self_eval else "项目支出绩效目标表"),
                      preamble=preamble, rows=g.finish(), header_rows=0, kind="performance")
