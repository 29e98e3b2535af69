"""Identities between canonical facts, declared as data and evaluated by one interval engine.

Syntax: ``lhs == a + b - c`` or ``lhs <= a + b``; a term ending in ``?`` is optional (taken as 0
when the document does not state it, and a failure then is reported as a warning, since the
missing term may be what explains it). Every identity is a rule of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.numeric import iv, round_like
from budgetlens.check.registry import rule
from budgetlens.figures import Interval, sum_intervals
from budgetlens.i18n import msg
from budgetlens.patterns import lazy


@dataclass(frozen=True, slots=True)
class Identity:
    code: str
    name: str
    expr: str
    title: str
    group: str
    basis: str
    kinds: tuple[str, ...] = ("budget", "final")
    count: bool = False  # head counts: exact integers
    unless: str | None = None  # skip when this fact is stated (a more direct identity covers it)


IDENTITIES: list[Identity] = [
    Identity("BL520", "income-total", "income.total == income.current + income.nonfiscal_balance_used? + income.carryover_start",
             "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", "narrative",
             "收入支出决算总表 structure (部门决算报表)", ("final",)),
    Identity("BL521", "expense-total", "expense.total == expense.current + expense.balance_distribution? + expense.carryover_end",
             "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余", "narrative",
             "收入支出决算总表 structure (部门决算报表)", ("final",)),
    Identity("BL522", "income-equals-expense", "income.total == expense.total",
             "收入总计 = 支出总计", "narrative", "Balanced 收入支出决算总表", ("final",)),
    Identity("BL523", "expense-current-parts",
             "expense.current == expense.basic + expense.project + expense.remit_superior? + expense.operating? + expense.subsidy_affiliated?",
             "本年支出合计 = 基本支出 + 项目支出 (+ 上缴上级 + 经营 + 对附属单位补助)", "narrative",
             "支出决算表 columns", ("final",)),
    Identity("BL524", "income-current-parts",
             "income.current == income.fiscal + income.other + income.superior_subsidy? + income.business? + income.operating? + income.affiliated?",
             "本年收入合计 = 财政拨款收入 + 上级补助 + 事业 + 经营 + 附属单位上缴 + 其他收入", "narrative",
             "收入决算表 columns", ("final",)),
    Identity("BL525", "gpb-basic-parts", "gpb.basic == gpb.basic.personnel + gpb.basic.public",
             "一般公共预算财政拨款基本支出 = 人员经费 + 公用经费", "narrative",
             "一般公共预算财政拨款基本支出决算表: 人员经费 + 公用经费", ("final",)),
    Identity("BL526", "budget-total-parts", "budget.total == budget.basic + budget.project",
             "支出预算 = 基本支出 + 项目支出", "narrative", "部门支出总体情况表: 合计 = 基本支出 + 项目支出", ("budget",)),
    Identity("BL527", "fiscal-within-current", "income.fiscal <= income.current",
             "财政拨款收入 ≤ 本年收入合计", "narrative", "财政拨款收入 is a part of 本年收入", ("final",)),
    Identity("BL528", "gpb-within-current", "gpb.expense <= expense.current",
             "一般公共预算财政拨款支出 ≤ 本年支出合计", "narrative", "财政拨款支出 is a part of 本年支出", ("final",)),
    Identity("BL533", "budget-gpb-within-total", "budget.gpb <= budget.total",
             "一般公共预算 ≤ 收支总预算", "narrative", "一般公共预算 is a part of the unit's 收入预算", ("budget",)),
    Identity("BL530", "procurement-parts", "procurement.total == procurement.goods + procurement.works + procurement.services",
             "政府采购支出总额 = 货物 + 工程 + 服务", "narrative", "政府采购支出 by 货物/工程/服务 (决算/预算公开模板)"),
    Identity("BL531", "procurement-sme", "procurement.sme <= procurement.total",
             "授予中小企业合同金额 ≤ 政府采购支出总额", "narrative", "中小企业合同 is a part of 政府采购"),
    Identity("BL532", "procurement-small-micro", "procurement.small_micro <= procurement.sme",
             "授予小微企业合同金额 ≤ 授予中小企业合同金额", "narrative", "小微企业 is a part of 中小企业"),
    Identity("BL610", "sangong-total", "sangong.total == sangong.overseas + sangong.vehicle + sangong.reception",
             "三公经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费", "sangong",
             "“三公”经费 definition (中办发〔2013〕 党政机关厉行节约反对浪费条例)"),
    Identity("BL611", "sangong-vehicle", "sangong.vehicle == sangong.vehicle_purchase + sangong.vehicle_operation",
             "公务用车购置及运行维护费 = 购置费 + 运行维护费", "sangong", "“三公”经费 definition"),
    Identity("BL612", "sangong-total-detail",
             "sangong.total == sangong.overseas + sangong.vehicle_purchase + sangong.vehicle_operation + sangong.reception",
             "三公经费 = 出国（境） + 车辆购置 + 车辆运行维护 + 接待", "sangong", "“三公”经费 definition",
             unless="sangong.vehicle"),
    Identity("BL613", "sangong-budget-total",
             "sangong.budget.total == sangong.budget.overseas + sangong.budget.vehicle_purchase + sangong.budget.vehicle_operation + sangong.budget.reception",
             "三公经费全年预算数 = Σ its components' 全年预算数", "sangong", "“三公”经费 definition", ("final",)),
    Identity("BL614", "sangong-budget-vehicle",
             "sangong.budget.vehicle == sangong.budget.vehicle_purchase + sangong.budget.vehicle_operation",
             "公务用车购置及运行维护费全年预算数 = 购置 + 运行维护", "sangong", "“三公”经费 definition", ("final",)),
]

_TERM = lazy(r"([+-])?\s*([a-z_][a-z0-9_.]*)(\?)?")


@dataclass(frozen=True, slots=True)
class _Parsed:
    lhs: str
    op: str
    terms: tuple[tuple[int, str, bool], ...]  # (sign, key, optional)


def parse_identity(expr: str) -> _Parsed:
    m = re.fullmatch(r"\s*([a-z_][a-z0-9_.]*)\s*(==|<=)\s*(.+)", expr)
    if not m:
        raise ValueError(f"bad identity: {expr}")
    terms = []
    rest = m.group(3).strip()
    pos = 0
    while pos < len(rest):
        t = _TERM.match(rest, pos)
        if not t or t.end() == pos:
            raise ValueError(f"bad identity term at {rest[pos:]!r}: {expr}")
        terms.append((-1 if t.group(1) == "-" else 1, t.group(2), bool(t.group(3))))
        pos = t.end()
        while pos < len(rest) and rest[pos] == " ":
            pos += 1
    return _Parsed(m.group(1), m.group(2), tuple(terms))


def _evaluate(ident: Identity, ctx: DocContext) -> Iterator[Finding]:
    p = parse_identity(ident.expr)
    lhs = ctx.fact(p.lhs)
    if lhs is None or (ident.unless and ctx.fact(ident.unless) is not None):
        return
    parts: list[Interval] = []
    mid = Decimal(0)
    assumed: list[str] = []
    terms: list[dict[str, object]] = []
    for sign, key, optional in p.terms:
        v = ctx.fact(key)
        if v is None:
            if optional:
                assumed.append(key)
                continue
            return
        i = Interval.exact(v) if ident.count else iv(v)
        parts.append(i if sign > 0 else Interval.exact(Decimal(0)) - i)
        mid += v * sign
        terms.append(msg("identity.minus_term" if sign < 0 else "identity.plus_term", key=key, value=v))
    if not parts:
        return
    rhs = sum_intervals(parts)
    stated = Interval.exact(lhs) if ident.count else iv(lhs)
    ok = stated.lo < rhs.hi if p.op == "<=" else stated.meets(rhs)
    if ok:
        return
    occ = ctx.occurrences(p.lhs)
    first = occ[0] if occ else None
    expected = round_like(mid, lhs)
    params: dict[str, object] = {"key": p.lhs, "value": lhs, "terms": terms, "sum": expected,
                                 "diff": abs(lhs - expected)}
    if assumed:
        params["assumed"] = assumed
    yield ctx.finding(
        f"identity.{'exceeds' if p.op == '<=' else 'differs'}{'_one' if len(terms) == 1 else ''}"
        f"{'_assuming' if assumed else ''}",
        params,
        location=ctx.occurrence_loc(first) if first else None,
        expected=expected,
        actual=lhs,
        evidence=first.evidence if first else "",
        severity=Severity.WARNING if assumed else None,
    )


def _make(ident: Identity) -> None:
    parse_identity(ident.expr)  # fail at import on a malformed declaration

    def check(ctx: DocContext) -> Iterator[Finding]:
        yield from _evaluate(ident, ctx)

    check.__doc__ = f"Identity ``{ident.expr}`` evaluated with interval arithmetic over the rounded figures."
    rule(ident.code, ident.name, ident.title, severity="error", group=ident.group, basis=ident.basis,
         kinds=ident.kinds)(check)


for _ident in IDENTITIES:
    _make(_ident)
