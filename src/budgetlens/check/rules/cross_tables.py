"""Across tables: the totals several tables restate, 三公 economic rows, the project list."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import iv, round_like, sum_fits
from budgetlens.check.registry import rule
from budgetlens.check.rules._facts import conflicts
from budgetlens.check.standard import BASIC_ECONOMIC_TABLES
from budgetlens.model import Table, TableRow
from budgetlens.recognize.facts import spends_less_than_total

_TOTAL_NAMES = ("合计", "总计")


def total_row(t: Table) -> TableRow | None:
    rows = [r for r in t.rows if not r.side and (r.is_total or (not r.code and r.name.replace(" ", "") in _TOTAL_NAMES))]
    return rows[0] if len(rows) == 1 else None


@rule("BL301", "fact-across-tables", "The same figure differs between two tables",
      severity="error", group="cross_tables",
      basis="Every table restating a total (收入总计, 一般公共预算支出, 基本支出…) must print the same figure")
def fact_across_tables(ctx: DocContext) -> Iterator[Finding]:
    """Table occurrences of one canonical fact (same key and scope) in different tables must agree
    within rounding."""
    occs = [o for o in ctx.disclosure.fact_occurrences if o.origin == "table"]
    pos = {id(o): i for i, o in enumerate(occs)}
    for ref, cand in conflicts(occs, lambda o: True, lambda o: True,
                               lambda a, b: a.location.table != b.location.table and pos[id(a)] < pos[id(b)]):
        yield ctx.finding(
            "BL301.differs",
            {"key": cand.key, "here": ctx.place(cand.location, "place.one_table"), "value": cand.value,
             "other": ctx.place(ref.location, "place.another_table"), "other_value": ref.value,
             "diff": abs(cand.value - ref.value)},
            location=ctx.occurrence_loc(cand), expected=ref.value, actual=cand.value,
            evidence=cand.evidence,
        )


# (table, column) pairs whose total rows must agree: declared as data.
TOTAL_EQUALITIES: list[tuple[str, str, str, str, str]] = [
    ("B03", "total", "B02", "total", "部门支出总表合计 = 部门收入总表合计"),
    ("B06", "total", "B05", "basic", "一般公共预算基本支出表合计 = 一般公共预算支出表基本支出合计"),
    ("B07", "total", "B05", "project", "一般公共预算项目支出表合计 = 一般公共预算支出表项目支出合计"),
    ("F06", "total", "F05", "basic", "基本支出决算表合计 = 一般公共预算财政拨款支出决算表基本支出合计"),
]


@rule("BL302", "table-totals-agree", "Two tables' total rows disagree",
      severity="error", group="cross_tables", basis="部门预算/决算 tables restate each other's totals")
def table_totals_agree(ctx: DocContext) -> Iterator[Finding]:
    """Declared pairs of table totals (e.g. 基本支出表 合计 = 一般公共预算支出表 基本支出 合计) must agree."""
    for ta, ca, tb, cb, _title in TOTAL_EQUALITIES:
        a, b = ctx.table(ta), ctx.table(tb)
        if a is None or b is None:
            continue
        if (ta, tb) == ("B03", "B02") and spends_less_than_total(ctx.disclosure):
            continue  # the income table's 合计 then holds money the year does not spend
        ra, rb = total_row(a), total_row(b)
        if ra is None or rb is None:
            continue
        va, vb = ra.values.get(ca), rb.values.get(cb)
        if va is None or vb is None or sum_fits([vb], va):
            continue
        yield ctx.finding("BL302.totals_differ",
                          {"table": ctx.table_name(a), "column": ca, "value": va, "other_table": ctx.table_name(b),
                           "other_column": cb, "other_value": vb, "diff": abs(va - vb)},
                          location=ctx.loc(table=a, row=ra, column=ca), expected=vb, actual=va,
                          evidence=" | ".join(ra.raw) or ra.name)


# economic code prefixes (basic-expense tables) vs the 三公 component they are part of
# A row is that component only when its printed name says so too: some regions number their own
# 部门经济分类 differently (30212 printed as 机关事业单位退休人员活动费).
SANGONG_ECONOMIC: list[tuple[tuple[str, ...], str, str, str]] = [
    (("30212",), "sangong.overseas", "因公出国（境）费用", "出国"),
    (("30217",), "sangong.reception", "公务接待费", "接待"),
    (("30231",), "sangong.vehicle_operation", "公务用车运行维护费", "车"),
    (("30913", "31013"), "sangong.vehicle_purchase", "公务用车购置", "车"),
]


@rule("BL303", "economic-within-sangong", "A basic-expense economic row exceeds its 三公 component",
      severity="error", group="cross_tables",
      basis="三公经费 = basic + project spending on 30212/30217/30231/31013, so each basic-table row ≤ the 三公 figure")
def economic_within_sangong(ctx: DocContext) -> Iterator[Finding]:
    """In the basic-expense table, 因公出国（境）费用 (30212), 公务接待费 (30217), 公务用车运行维护费
    (30231) and 公务用车购置 (30913/31013) are parts of the matching 三公 figures and cannot exceed them."""
    t = ctx.table(*BASIC_ECONOMIC_TABLES)
    if t is None:
        return
    for prefixes, key, _label, word in SANGONG_ECONOMIC:
        sg = ctx.fact(key)
        if sg is None:
            continue
        for row in t.rows:
            if not row.code or row.code not in prefixes or word not in row.name:
                continue
            v = row.values.get("total")
            if v is None:
                vals = [x for x in row.values.values() if x is not None]
                v = sum(vals, Decimal(0)) if vals else None
            if v is None or iv(v).lo < iv(sg).hi:
                continue
            yield ctx.finding("BL303.exceeds_sangong",
                              {"table": ctx.table_name(t), "code": row.code, "row": row.name, "value": v,
                               "key": key, "sangong": sg, "diff": v - sg},
                              location=ctx.loc(table=t, row=row, column="total"), expected=sg, actual=v,
                              evidence=" | ".join(row.raw) or row.name)


@rule("BL304", "project-list-total", "Project list total ≠ 一般公共预算项目支出",
      severity="error", group="cross_tables", kinds=("budget",),
      basis="一般公共预算项目支出情况表 lists every project of 一般公共预算支出表's 项目支出")
def project_list_total(ctx: DocContext) -> Iterator[Finding]:
    """The projects of budget table 7 add up to the 项目支出 total of the general public budget
    expense table (B05). Skipped when table 7 has its own total row (BL302 compares that)."""
    items = [i for i in ctx.disclosure.project_list if i.amount is not None]
    b05 = ctx.table("B05")
    b07 = ctx.table("B07")
    if not items or b05 is None or (b07 is not None and total_row(b07) is not None):
        return
    tr = total_row(b05)
    target = tr.values.get("project") if tr else None
    if target is None or tr is None:
        return
    amounts = [i.amount for i in items if i.amount is not None]
    if sum_fits(amounts, target):
        return
    s = sum(amounts, Decimal(0))
    yield ctx.finding("BL304.projects_sum",
                      {"count": len(items), "sum": s, "table": ctx.table_name(b05), "value": target,
                       "diff": abs(s - target)},
                      location=ctx.loc(table=b05, row=tr, column="project"),
                      expected=round_like(s, target), actual=target, evidence=" | ".join(tr.raw) or tr.name)
