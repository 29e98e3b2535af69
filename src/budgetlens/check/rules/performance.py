"""预算绩效: weights, indicator scores, totals, execution rate and score, funding rows, duplicated
tables, indicators contradicting their own direction, summary sentences vs the tables.

Recomputing scores (indicators, 预算执行率, totals) needs a scoring profile: BL713 runs
``budgetlens.score`` under the profile that fits the document (or ``check --profile``) and reports
every stated score that differs from its recomputation. (BL705, which scored execution under the
national formula only, is retired: BL713 covers it under whichever profile applies.) The other
rules here need no profile.

Fact keys used besides the contract's: ``performance.project_count`` (预算绩效评价项目N个),
``performance.project_annual_budget`` / ``performance.project_executed`` (the summary sentence's
项目全年预算数 / 全年执行数).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, Severity
from budgetlens.check.numeric import HUNDRED, fmt, iv, ratio_interval, round_like, stated_fits, sum_interval
from budgetlens.check.registry import rule
from budgetlens.figures import Interval, decimals_of, sum_intervals
from budgetlens.i18n import msg
from budgetlens.model import FundingRow, Indicator, PerformanceTable, ProjectListItem
from budgetlens.patterns import lazy
from budgetlens.recognize.projects import Entry, group
from budgetlens.score.engine import prepare_indicator

ZERO = Decimal(0)
BASIS_2020_10 = "财预〔2020〕10号 项目支出绩效评价管理办法 (自评表: 预算执行率 10分, 指标 90分)"
_TOTAL_LABEL = lazy(r"总额|合计|总计")


def _self_eval(ctx: DocContext) -> Iterator[PerformanceTable]:
    for p in ctx.disclosure.performance:
        if p.table_kind == "self_evaluation":
            yield p


def _label(p: PerformanceTable) -> dict[str, Any]:
    """The table as a message: 项目支出绩效自评表“X” / project self-evaluation “X”."""
    kind = "self_evaluation" if p.table_kind == "self_evaluation" else "target"
    level = "unit" if p.level == "unit" else "project"
    return msg(f"performance.table.{level}_{kind}", name=p.name or p.title)



def _sure(p: PerformanceTable, part: str) -> bool:
    """The reader placed ``part`` ("weights", "funding") of the table with confidence; when it
    did not, the document's warnings say so and the rules leave that part alone."""
    return part not in p.unsure


def execution_cells(p: PerformanceTable) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(weight, execution rate, score) of the 预算执行率 block, from whichever funding row prints them."""
    weight = next((f.weight for f in p.funding if f.weight is not None), None)
    rate = next((f.execution_rate for f in p.funding if f.execution_rate is not None), None)
    score = next((f.score for f in p.funding if f.score is not None), None)
    return weight, rate, score


def funding_total(p: PerformanceTable) -> FundingRow | None:
    for f in p.funding:
        if _TOTAL_LABEL.search(f.label) and "其中" not in f.label:
            return f
    return None


@rule("BL701", "weights-sum", "Self-evaluation weights do not total 100",
      severity="error", group="performance", basis=BASIS_2020_10)
def weights_sum(ctx: DocContext) -> Iterator[Finding]:
    """The indicator weights plus the 预算执行率 weight of a self-evaluation table total 100 (or the
    总分值 the table states). Weights are assigned, not measured, so the sum is exact."""
    for p in _self_eval(ctx):
        if not p.indicators or any(i.weight is None for i in p.indicators) or not _sure(p, "weights"):
            continue
        weights = [i.weight for i in p.indicators if i.weight is not None]
        exec_weight, _, _ = execution_cells(p)
        if exec_weight is not None:
            weights.append(exec_weight)
        s = sum(weights, Decimal(0))
        # the recogniser fills total_weight with the weights' sum when no 总分值 is printed
        target = p.total_weight if p.total_weight is not None and p.total_weight != s else HUNDRED
        if s == target:  # weights are assigned numbers, not rounded measurements: exact
            continue
        if exec_weight is None and p.funding and s == target - 10:
            continue  # the 预算执行率 weight left blank: the indicators' 90 leave it its 10
        yield ctx.finding("BL701.weights_total", {"table": _label(p), "total": s, "target": target},
                          location=ctx.loc(p.location), expected=target, actual=s, evidence=p.title)


@rule("BL702", "score-within-weight", "An indicator score exceeds its weight or is negative",
      severity="error", group="performance", basis=BASIS_2020_10)
def score_within_weight(ctx: DocContext) -> Iterator[Finding]:
    """Each indicator's score lies between 0 and its weight; so does the execution-rate score."""
    for p in _self_eval(ctx):
        for ind in p.indicators:
            if ind.stated_score is None:
                continue
            if ind.stated_score < 0 or (ind.weight is not None and iv(ind.stated_score).lo >= iv(ind.weight).hi):
                yield ctx.finding("BL702.indicator_score",
                                  {"table": _label(p), "indicator": ind.name, "score": ind.stated_score,
                                   "weight": ind.weight},
                                  location=ctx.loc(ind.location, row=ind.name, column="score"),
                                  expected=ind.weight, actual=ind.stated_score, evidence=ind.evidence or ind.name,
                                  highlight=[f"{ind.stated_score:f}"])
        weight, _, score = execution_cells(p)
        if weight is not None and score is not None and (score < 0 or iv(score).lo >= iv(weight).hi):
            yield ctx.finding("BL702.execution_score", {"table": _label(p), "score": score, "weight": weight},
                              location=ctx.loc(p.location), expected=weight, actual=score, evidence=p.title)


@rule("BL703", "total-score", "总分 ≠ the sum of the indicator and execution scores",
      severity="error", group="performance", basis=BASIS_2020_10)
def total_score(ctx: DocContext) -> Iterator[Finding]:
    """The stated 总分 equals Σ indicator scores + the 预算执行率 score. A score column prints each
    figure without its trailing zeros (“10”, “3.5”, “9.78”, 总分 “94.00”), so every score is read
    to the most decimals printed in the column: “24” beside “94.00” is 24.00, not 23.5–24.5."""
    for p in _self_eval(ctx):
        if p.stated_total is None or not p.indicators or any(i.stated_score is None for i in p.indicators) \
                or not _sure(p, "weights"):
            continue  # (a row the reader could not place takes its score with it)
        scores = [i.stated_score for i in p.indicators if i.stated_score is not None]
        _, _, exec_score = execution_cells(p)
        if exec_score is not None:
            scores.append(exec_score)
        places = max(decimals_of(v) for v in [*scores, p.stated_total])
        if Interval.of(p.stated_total, places).meets(sum_intervals([Interval.of(v, places) for v in scores])):
            continue
        s = sum(scores, Decimal(0))
        yield ctx.finding("BL703.total", {"table": _label(p), "stated": p.stated_total, "sum": s,
                                          "scores": " + ".join(fmt(v) for v in scores)},
                          location=ctx.loc(p.location), expected=round_like(s, p.stated_total), actual=p.stated_total,
                          evidence=p.title, highlight=[f"{p.stated_total:f}"])


@rule("BL704", "execution-rate", "执行率 ≠ 全年执行数 / 全年预算数",
      severity="error", group="performance", basis="预算执行率 = 全年执行数 / 全年预算数 × 100%")
def execution_rate(ctx: DocContext) -> Iterator[Finding]:
    """The stated 执行率 equals executed / annual budget of its row; when that row's own figures give
    no rate (the cell is printed on a part row with zero budget, a common layout), the table's
    总额 row is used."""
    for p in _self_eval(ctx):
        if not _sure(p, "funding"):
            continue
        total = funding_total(p)
        for f in p.funding:
            if f.execution_rate is None:
                continue
            computed = None
            used = f
            if f.annual_budget is not None and f.executed is not None:
                computed = ratio_interval(f.executed, f.annual_budget)
                if computed is None and f.execution_rate == 0:
                    continue  # 0 / 0 printed as 0%: the part row's own (empty) rate
            if computed is None and total is not None and total is not f and total.annual_budget is not None \
                    and total.executed is not None:
                computed, used = ratio_interval(total.executed, total.annual_budget), total
            if computed is None or stated_fits(f.execution_rate, computed):
                continue
            expected = round_like(computed.mid, f.execution_rate)
            yield ctx.finding(
                "BL704.execution_rate",
                {"table": _label(p), "row": used.label, "stated": f.execution_rate, "executed": used.executed,
                 "annual": used.annual_budget, "expected": expected},
                location=ctx.loc(f.location, row=f.label, column="execution_rate"), expected=expected,
                actual=f.execution_rate, evidence=p.title, highlight=[f"{f.execution_rate:f}"],
            )


@rule("BL706", "funding-rows", "Funding rows do not add up to 年度资金总额",
      severity="error", group="performance", basis="年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金")
def funding_rows(ctx: DocContext) -> Iterator[Finding]:
    """In the funding block of a performance table, the 总额/合计 row equals the sum of the other
    rows for 年初预算数, 全年预算数 and 全年执行数."""
    for p in ctx.disclosure.performance:
        total = funding_total(p)
        if total is None or not _sure(p, "funding"):
            continue
        parts = [f for f in p.funding if f is not total]
        if not parts:
            continue
        money = ("initial_budget", "annual_budget", "executed")
        for attr, label in (("initial_budget", "initial_budget"), ("annual_budget", "annual_budget"),
                            ("executed", "executed")):
            t = getattr(total, attr)
            vals = [getattr(f, attr) for f in parts if getattr(f, attr) is not None]
            if t is None or not vals or stated_fits(t, sum_interval(vals)):
                continue
            if any(getattr(f, attr) is None and any(getattr(f, a) for a in money) for f in parts):
                continue  # a part row with money leaves this cell blank: its amount is not printed
            s = sum(vals, Decimal(0))
            yield ctx.finding("BL706.funding_sum",
                              {"table": _label(p), "total_row": total.label,
                               "column": msg(f"performance.funding.{label}"), "total": t,
                               "rows": [f.label for f in parts], "sum": s},
                              location=ctx.loc(total.location, row=total.label, column=attr),
                              expected=round_like(s, t), actual=t, evidence=p.title)


@rule("BL707", "executed-without-budget", "Money executed without a budget, or beyond it",
      severity="error", group="performance", basis="预算法: no spending without a budget")
def executed_without_budget(ctx: DocContext) -> Iterator[Finding]:
    """A funding row executed more than zero with a 全年预算数 of zero is an error; executed beyond
    the 全年预算数 is a warning."""
    for p in _self_eval(ctx):
        for f in p.funding:
            if f.executed is None or f.annual_budget is None or f.executed <= 0:
                continue
            loc = ctx.loc(f.location, row=f.label, column="executed")
            if f.annual_budget == 0:
                yield ctx.finding("BL707.without_budget", {"table": _label(p), "row": f.label, "executed": f.executed},
                                  location=loc, actual=f.executed, evidence=p.title)
            elif iv(f.executed).lo >= iv(f.annual_budget).hi:
                yield ctx.finding("BL707.beyond_budget",
                                  {"table": _label(p), "row": f.label, "executed": f.executed,
                                   "annual": f.annual_budget, "over": f.executed - f.annual_budget},
                                  location=loc, expected=f.annual_budget, actual=f.executed, evidence=p.title,
                                  severity=Severity.WARNING)


def _signature(p: PerformanceTable) -> tuple[object, ...]:
    return (tuple((i.name, i.target.text if i.target else None, i.weight, i.actual.text if i.actual else None,
                   i.stated_score, i.completion_rate) for i in p.indicators), p.stated_total)


def _money(p: PerformanceTable) -> list[tuple[object, ...]]:
    return [(f.label, f.initial_budget, f.annual_budget, f.executed, f.weight, f.execution_rate, f.score)
            for f in p.funding]


def _norm(name: str) -> str:
    return re.sub(r"[\s“”\"'（）()《》]", "", name)


@rule("BL708", "duplicated-table", "A performance table is published twice",
      severity="warning", group="performance", basis="One 绩效目标表/自评表 per project")
def duplicated_table(ctx: DocContext) -> Iterator[Finding]:
    """Two performance tables of the same kind for the same project: identical ones are a
    duplicate; differing ones contradict each other when both name the same 实施单位 (without it,
    two units' projects of one name are not one project)."""
    seen: dict[tuple[str, str, str], PerformanceTable] = {}
    for p in ctx.disclosure.performance:
        if not p.name:
            continue
        key = (p.table_kind, p.level, _norm(p.name))
        first = seen.get(key)
        if first is None:
            seen[key] = p
            continue
        same = _signature(first) == _signature(p) and _money(first) == _money(p)
        if not same and not (first.implementer and p.implementer
                             and _norm(first.implementer) == _norm(p.implementer)):
            # one project name in the tables of two units (a 部门 budget printing every subordinate
            # unit's projects): not shown to be one project
            continue
        yield ctx.finding("BL708.repeats" if same else "BL708.contradicts",
                          {"table": _label(p), "where": ctx.loc(first.location).where("performance.where.elsewhere")},
                          location=ctx.loc(p.location), evidence=p.title)


_QUANTITY = ("数量",)
# an amount consumed or spent, printed under 数量指标 (日用气量, 培训费用): a cap, not an output
_CONSUMED = ("费", "成本", "价", "耗", "用量", "用气", "用电", "用水", "金额")
_SATISFACTION = ("满意",)


@rule("BL709", "indicator-direction", "An indicator contradicts its own direction",
      severity="warning", group="performance", basis="财预〔2020〕10号 指标体系: 数量/质量/满意度 targets are minimums")
def indicator_direction(ctx: DocContext) -> Iterator[Finding]:
    """A 数量指标 or 满意度指标 written as “≤ target”, or any indicator with a weight of 0. A
    quantity named as an amount consumed or spent (日用气量, 培训费用, 成本) is a cap and may be “≤”."""
    for p in ctx.disclosure.performance:
        for ind in p.indicators:
            cmp = ind.target.comparator if ind.target else None
            kind = ind.level2 + ind.name
            if cmp in ("<=", "<") and ((any(w in ind.level2 for w in _QUANTITY) and "率" not in ind.name
                                       and "时" not in ind.name and not any(w in ind.name for w in _CONSUMED))
                                      or any(w in kind for w in _SATISFACTION)):
                yield ctx.finding("BL709.upper_bound",
                                  {"table": _label(p), "indicator": ind.name, "level2": ind.level2,
                                   "target": ind.target.text if ind.target else ""},
                                  location=ctx.loc(ind.location, row=ind.name), evidence=ind.target.text if ind.target else "")
            if ind.weight is not None and ind.weight == 0 and p.table_kind == "self_evaluation":
                yield ctx.finding("BL709.weight_zero", {"table": _label(p), "indicator": ind.name},
                                  location=ctx.loc(ind.location, row=ind.name), actual=ind.weight, evidence=ind.name)


@rule("BL710", "unit-initial-budget", "Unit self-evaluation 年初预算数 ≠ the document's 年初预算数",
      severity="warning", group="performance", kinds=("final",),
      basis="部门整体支出绩效自评表 restates the unit's 财政拨款 年初预算数")
def unit_initial_budget(ctx: DocContext) -> Iterator[Finding]:
    """The 年初预算数 of the unit-level self-evaluation table's total row should equal the
    document's 一般公共预算财政拨款 年初预算数."""
    doc_value = ctx.fact("gpb.initial_budget")
    if doc_value is None:
        return
    for p in _self_eval(ctx):
        if p.level != "unit":
            continue
        total = funding_total(p)
        if total is None or total.initial_budget is None or stated_fits(total.initial_budget, iv(doc_value)):
            continue
        # a non-fiscal row with money makes the table's total a different base than 财政拨款
        if any(f is not total and "其他" in f.label and (f.initial_budget or 0) != 0 for f in p.funding):
            continue
        occ = ctx.occurrences("gpb.initial_budget")
        yield ctx.finding("BL710.initial_budget",
                          {"table": _label(p), "row": total.label, "table_value": total.initial_budget,
                           "where": ctx.loc(occ[0].location).where("performance.where.elsewhere") if occ else msg("performance.where.document"),
                           "doc_value": doc_value, "diff": abs(total.initial_budget - doc_value)},
                          location=ctx.loc(total.location, row=total.label, column="initial_budget"),
                          expected=doc_value, actual=total.initial_budget, evidence=p.title,
                          highlight=[f"{total.initial_budget:f}"])


@rule("BL711", "completion-rate", "完成率 ≠ 实际值 / 目标值",
      severity="warning", group="performance", basis="完成率 = 实际完成值 / 年度指标值 × 100%")
def completion_rate(ctx: DocContext) -> Iterator[Finding]:
    """For a quantitative “≥/= target” indicator with numeric actual and target in the same unit,
    the stated completion rate equals actual / target."""
    for p in _self_eval(ctx):
        for ind in p.indicators:
            t, a, rate = ind.target, ind.actual, ind.completion_rate
            if rate is None or t is None or a is None or t.value is None or a.value is None:
                continue
            if t.comparator not in (">=", "=", ">", None) or (t.unit or "") != (a.unit or ""):
                continue
            computed = ratio_interval(a.value, t.value)
            if computed is None or stated_fits(rate, computed):
                continue
            expected = round_like(computed.mid, rate)
            yield ctx.finding("BL711.completion_rate",
                              {"table": _label(p), "indicator": ind.name, "actual": a.text, "target": t.text,
                               "expected": expected, "stated": rate},
                              location=ctx.loc(ind.location, row=ind.name, column="completion_rate"),
                              expected=expected, actual=rate, evidence=ind.name, highlight=[f"{rate:f}"])


@rule("BL712", "summary-vs-tables", "The performance summary sentence disagrees with the tables",
      severity="error", group="performance", kinds=("final",),
      basis="预算绩效情况说明 summarises the published self-evaluation tables")
def summary_vs_tables(ctx: DocContext) -> Iterator[Finding]:
    """The stated number of evaluated projects, and their total 全年预算数 / 全年执行数, equal what the
    project self-evaluation tables show (counted once per project). A summary that counts a table
    published twice twice agrees with what is printed; the duplicate itself is BL708's finding."""
    projects: dict[str, PerformanceTable] = {}
    published: list[PerformanceTable] = []
    for p in _self_eval(ctx):
        if p.level == "project" and p.name:
            projects.setdefault(_norm(p.name), p)
            published.append(p)
    if not projects:
        return
    n = ctx.fact("performance.project_count")
    if n is not None and n not in (len(projects), len(published)):
        occ = ctx.occurrences("performance.project_count")
        yield ctx.finding("BL712.project_count", {"stated": n, "published": len(projects)},
                          location=ctx.occurrence_loc(occ[0]) if occ else None, expected=Decimal(len(projects)),
                          actual=n, evidence=occ[0].evidence if occ else "")
    for key, attr, label in (("performance.project_annual_budget", "annual_budget", "annual_budget"),
                             ("performance.project_executed", "executed", "executed")):
        stated = ctx.fact(key)
        if stated is None:
            continue
        sums: list[list[Decimal]] = []
        for tables in (list(projects.values()), published):
            totals = [funding_total(p) or (p.funding[0] if p.funding else None) for p in tables]
            vals = [getattr(f, attr) for f in totals if f is not None]
            if vals and all(v is not None for v in vals):
                sums.append([v for v in vals if v is not None])
        if not sums or any(stated_fits(stated, sum_interval(nums)) for nums in sums):
            continue
        s = sum(sums[0], Decimal(0))
        occ = ctx.occurrences(key)
        yield ctx.finding("BL712.amount",
                          {"column": msg(f"performance.funding.{label}"), "stated": stated, "sum": s,
                           "tables": len(sums[0])},
                          location=ctx.occurrence_loc(occ[0]) if occ else None, expected=round_like(s, stated),
                          actual=stated, evidence=occ[0].evidence if occ else "")


_TARGET_TOTALS = (Decimal(90), HUNDRED)


@rule("BL714", "target-weights-sum", "绩效目标表 indicator weights do not total 90 or 100",
      severity="error", group="performance", kinds=("budget", "final"),
      basis="财预〔2020〕10号 附件: indicators weigh 90 with 10 reserved for 预算执行率, or 100 when the table "
            "carries no execution weight")
def target_weights_sum(ctx: DocContext) -> Iterator[Finding]:
    """The indicator weights (分值权重) of a 绩效目标表 total 90 (10 being reserved for budget
    execution) or 100 — or the 总分值 the table states. Weights are assigned numbers, so the sum is
    exact. Tables that print no weights, or leave some blank, are not checked."""
    for p in ctx.disclosure.performance:
        if p.table_kind != "target" or not p.indicators or any(i.weight is None for i in p.indicators) \
                or not _sure(p, "weights"):
            continue
        s = sum((i.weight for i in p.indicators if i.weight is not None), Decimal(0))
        # a printed 总分值 rules; the recogniser fills total_weight with the weights' sum when none is
        # printed, so a total_weight equal to the sum says nothing
        allowed = (p.total_weight,) if p.total_weight is not None and p.total_weight != s else _TARGET_TOTALS
        if s in allowed:
            continue
        yield ctx.finding("BL714.weights_total" if len(allowed) > 1 else "BL714.weights_total_stated",
                          {"table": _label(p), "total": s, "allowed": list(allowed), "target": allowed[0]},
                          location=ctx.loc(p.location), expected=allowed[0], actual=s, evidence=p.title)


def _target_total(p: PerformanceTable) -> tuple[Decimal | None, FundingRow | None]:
    """A 绩效目标表's 年度预算 and the row that prints it: its total row, else the sum of its source
    rows (上级安排 + 本级安排 + 其他), else the table's 年度预算总额."""
    total = funding_total(p)
    if total is not None and total.annual_budget is not None:
        return total.annual_budget, total
    vals = [f.annual_budget for f in p.funding if f.annual_budget is not None]
    if vals:
        biggest = max((f for f in p.funding if f.annual_budget is not None), key=lambda f: f.annual_budget or 0)
        return sum(vals, Decimal(0)), biggest
    return p.amount, None


_DOC_BUDGET_KEYS = ("budget.total", "budget.gpb", "budget.fiscal", "income.total")
_CARRIED = lazy(r"结转|结余")


def _fits_budget(stated: Decimal, doc_value: Decimal) -> bool:
    """The table's figure is the document's, rounded or cut to the decimals the table prints (a
    budget system that truncates 6,210.9297 to 6,210.92 prints the same figure)."""
    if stated_fits(stated, iv(doc_value)):
        return True
    places = decimals_of(stated)
    return doc_value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN") == stated


def _same_unit(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (_norm(a) in _norm(b) or _norm(b) in _norm(a))


@rule("BL715", "target-funding", "A 绩效目标表's funding disagrees with itself or with the budget",
      severity="warning", group="performance", kinds=("budget",),
      basis="部门（单位）整体绩效目标表 covers the unit's whole budget (收支总预算); a project's 年度预算总额 = "
            "财政拨款 + 其他资金 (+ 上年结转 where printed)")
def target_funding(ctx: DocContext) -> Iterator[Finding]:
    """A unit-level 绩效目标表's 年度预算 (上级安排 + 本级安排 + 其他, or its total row) equals the
    budget the document states (收支总预算, or its 一般公共预算 / 财政拨款 when the table covers that
    only); a project 绩效目标表's 年度预算总额 equals its 财政拨款 + 其他资金 and any other source row
    it prints (上年结转).

    Not compared: a unit table whose only amounts are the 年度主要任务 block (the main tasks need
    not cover the whole budget), the unit tables of a 部门 budget printing one per subordinate unit
    (each covers its own unit, whose budget the document states elsewhere), and a project table
    printing a source row the reader cannot place (neither 财政拨款, 其他资金 nor 结转)."""
    doc_values = [(k, v) for k in _DOC_BUDGET_KEYS if (v := ctx.fact(k)) is not None]
    targets = [p for p in ctx.disclosure.performance if p.table_kind == "target" and _sure(p, "funding")]
    units = [p for p in targets if p.level == "unit"]
    doc_unit = ctx.disclosure.unit.name
    for p in targets:
        if p.level == "unit" and doc_values:
            if len(units) > 1 and not _same_unit(p.name, doc_unit):
                continue
            if p.amount_from_tasks and not p.funding:
                continue
            value, row = _target_total(p)
            if value is None or any(_fits_budget(value, v) for _, v in doc_values):
                continue
            key, doc_value = doc_values[0]
            occ = ctx.occurrences(key)
            yield ctx.finding("BL715.unit_budget",
                              {"table": _label(p), "value": value, "key": key, "doc_value": doc_value,
                               "where": ctx.loc(occ[0].location).where("performance.where.elsewhere") if occ else msg("performance.where.document"),
                               "diff": abs(value - doc_value)},
                              location=ctx.loc(row.location if row else p.location, row=row.label if row else None),
                              expected=doc_value, actual=value, evidence=p.title, highlight=[f"{value:f}"])
        elif p.level == "project" and p.amount is not None and p.amount_fiscal is not None and p.amount_other is not None:
            extras = [f for f in p.funding if f.annual_budget is not None and not _TOTAL_LABEL.search(f.label)]
            parts = [p.amount_fiscal, p.amount_other]
            if stated_fits(p.amount, sum_interval(parts)) or (
                    extras and stated_fits(p.amount, sum_interval([*parts, *(f.annual_budget for f in extras
                                                                              if f.annual_budget is not None)]))):
                continue
            if any(not _CARRIED.search(f.label) for f in extras):
                continue  # a source row of unknown standing: the reader cannot say what adds up
            named = [("财政拨款", p.amount_fiscal), ("其他资金", p.amount_other),
                     *((f.label, f.annual_budget) for f in extras if f.annual_budget is not None)]
            s = sum((v for _, v in named), Decimal(0))
            yield ctx.finding("BL715.project_sources",
                              {"table": _label(p), "amount": p.amount,
                               "sources": " + ".join(f"{label} {fmt(v)}" for label, v in named),
                               "sources_zh": "＋".join(f"{label}{fmt(v)}万元" for label, v in named), "sum": s},
                              location=ctx.loc(p.location), expected=round_like(s, p.amount), actual=p.amount,
                              evidence=p.title, highlight=[f"{p.amount:f}"], severity=Severity.ERROR)


_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_SUMMARY_UNIT = lazy(r"整体(?:预算)?绩效目标\s*(\d+)\s*个[，,、]?\s*涉及(?:预算)?(?:金额|资金)\s*" + _NUM + r"\s*万元")
_SUMMARY_FISCAL = lazy(r"(?<!非)财政拨款项目\s*(\d+)\s*个[，,、]?\s*涉及(?:预算)?(?:金额|资金)\s*" + _NUM + r"\s*万元")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@rule("BL716", "budget-performance-summary", "The 预算绩效 summary sentence disagrees with the 绩效目标表s",
      severity="error", group="performance", kinds=("budget",),
      basis="预算绩效情况说明 summarises the published 绩效目标表 and the project budget (一般公共预算项目支出表)")
def budget_performance_summary(ctx: DocContext) -> Iterator[Finding]:
    """“整体预算绩效目标N个，涉及金额X万元；当年财政拨款项目M个，涉及预算金额Y万元”: X equals the
    unit 绩效目标表's 年度预算; Y equals the project 绩效目标表s' 财政拨款 amounts added up when M
    of them are published, and the projects of table 7 added up when it lists M projects; N and M
    equal the numbers of unit and project 绩效目标表s published (when any is)."""
    targets = [p for p in ctx.disclosure.performance if p.table_kind == "target"]
    units = [p for p in targets if p.level == "unit"]
    projects = [p for p in targets if p.level == "project"]
    listed = [i.amount for i in ctx.disclosure.project_list if i.amount is not None]
    for text, loc in ctx.text_lines():
        m = _SUMMARY_UNIT.search(text)
        if m and units:
            n, x = int(m.group(1)), _dec(m.group(2))
            if n != len(units):
                yield ctx.finding("BL716.unit_count", {"stated": n, "published": len(units)},
                                  location=ctx.loc(loc), expected=Decimal(len(units)), actual=Decimal(n),
                                  evidence=text, highlight=[m.group(0)], severity=Severity.WARNING)
            vals = [v for v in (_target_total(u)[0] for u in units) if v is not None]
            if vals and not stated_fits(x, sum_interval(vals)):
                s = sum(vals, Decimal(0))
                yield ctx.finding("BL716.unit_amount", {"stated": x, "tables": s, "n": len(vals)},
                                  location=ctx.loc(loc), expected=round_like(s, x), actual=x, evidence=text,
                                  highlight=[m.group(2)])
        m = _SUMMARY_FISCAL.search(text)
        if m and (projects or listed):
            n, y = int(m.group(1)), _dec(m.group(2))
            if projects and n != len(projects):
                yield ctx.finding("BL716.project_count", {"stated": n, "published": len(projects)},
                                  location=ctx.loc(loc), expected=Decimal(len(projects)), actual=Decimal(n),
                                  evidence=text, highlight=[m.group(0)], severity=Severity.WARNING)
            fiscal = [p.amount_fiscal if p.amount_fiscal is not None else p.amount for p in projects]
            candidates: list[tuple[str, list[Decimal | None]]] = [
                ("BL716.project_amount_targets", fiscal if len(projects) == n else []),
                ("BL716.project_amount_list", list(listed) if len(listed) == n else [])]
            for what, amounts in candidates:
                if not amounts or any(v is None for v in amounts):
                    continue
                nums = [v for v in amounts if v is not None]
                if stated_fits(y, sum_interval(nums)):
                    continue
                s = sum(nums, Decimal(0))
                yield ctx.finding(what, {"n": n, "stated": y, "sum": s},
                                  location=ctx.loc(loc), expected=round_like(s, y), actual=y, evidence=text,
                                  highlight=[m.group(2)])


def _ceiling_inputs(ind: Indicator) -> tuple[Decimal, Decimal, Interval] | None:
    """(target, actual in the target's unit, actual ÷ target as a fraction's interval) of an
    indicator whose target is an explicit ceiling (“≤ X”, “< X”) and whose actual value stays
    strictly under it and above zero; None otherwise (a date, a bound, units that do not convert)."""
    q = prepare_indicator(ind).quantity
    if q is None or q.note or q.target.comparator not in ("<=", "<") or q.ratio_iv is None:
        return None
    if q.actual.comparator in (">", ">="):
        return None  # how far over the ceiling is not printed
    t, a = q.target.value, q.actual.value
    if not (ZERO < a < t):
        return None
    return t, a, q.ratio_iv


def _cut_to(value: Decimal, like: Decimal) -> Decimal:
    """``value`` cut (not rounded) to the decimals ``like`` is printed with: 99.99% printed 99%."""
    return value.quantize(Decimal(1).scaleb(-decimals_of(like)), rounding="ROUND_DOWN")


@rule("BL717", "ceiling-direction", "A ceiling indicator met under its ceiling is counted as a shortfall",
      severity="warning", group="performance",
      basis="财预〔2020〕10号 附件 指标解释: 成本/时效 targets are ceilings (≤); an actual under the ceiling "
            "meets the target — its 完成率 is 100% and it earns full marks under every profile")
def ceiling_direction(ctx: DocContext) -> Iterator[Finding]:
    """An indicator whose target is a ceiling (成本 ≤ X万元, 时间 ≤ X天) and whose actual value is
    under it was met. Reported when the table treats the saving as a shortfall: its 完成率 is
    actual ÷ ceiling (below 100%, rounded or cut), or its score is the weight × actual ÷ ceiling. A regional
    profile may change how a shortfall is scored, never which side of a ceiling is a shortfall,
    so this needs no profile and none makes it silent. Not reported: a rate or score that 100% or
    full marks also explains, a met ceiling marked down for a reason the row gives in its 偏差原因
    column (the evaluator's judgment), and a table whose rows the reader could not all place. A met
    ceiling scored below full marks for no reason the row gives is reported too."""
    for p in _self_eval(ctx):
        if not _sure(p, "weights"):
            continue
        for ind in p.indicators:
            got = _ceiling_inputs(ind)
            if got is None:
                continue
            t, a, ratio = got
            rate, score, w = ind.completion_rate, ind.stated_score, ind.weight
            shown = {"table": _label(p), "indicator": ind.name, "actual": ind.actual.text if ind.actual else fmt(a),
                     "target": ind.target.text if ind.target else fmt(t)}
            if rate is not None and rate < HUNDRED and (stated_fits(rate, ratio.scale(HUNDRED))
                                                        or _cut_to(a / t * HUNDRED, rate) == rate):
                yield ctx.finding(
                    "BL717.rate_as_shortfall", {**shown, "rate": rate},
                    location=ctx.loc(ind.location, row=ind.name, column="completion_rate"),
                    expected=HUNDRED, actual=rate, evidence=ind.name, highlight=[f"{rate:f}"])
                continue
            if score is None or w is None or w <= ZERO or score >= w or ind.deviation:
                continue
            if stated_fits(score, ratio.scale(w)):
                yield ctx.finding(
                    "BL717.score_as_shortfall", {**shown, "weight": w, "score": score},
                    location=ctx.loc(ind.location, row=ind.name, column="score"),
                    expected=w, actual=score, evidence=ind.name, highlight=[f"{score:f}"])
            else:
                yield ctx.finding(
                    "BL717.marked_down", {**shown, "weight": w, "score": score},
                    location=ctx.loc(ind.location, row=ind.name, column="score"),
                    expected=w, actual=score, evidence=ind.name, highlight=[f"{score:f}"])


@rule("BL718", "unit-score-vs-table", "The unit's self-evaluation score in the text ≠ its 整体绩效自评表",
      severity="warning", group="performance", kinds=("final",),
      basis="the 部门（单位）整体支出绩效自评表's 总分 is the unit's self-evaluation score the text reports")
def unit_score_vs_table(ctx: DocContext) -> Iterator[Finding]:
    """The unit's own self-evaluation score the text states (“部门整体支出绩效自评得分95.6分”,
    “综合得分…分”) equals the 总分 its unit-level 绩效自评表 prints, or the sum of that table's
    scores, or their recomputation under the document's scoring profile. Compared only when the
    document has exactly one unit-level self-evaluation table (a 部门 document printing one per
    subordinate unit leaves open which the text means) and the reader placed its rows."""
    occ = ctx.occurrences("performance.unit_self_score")
    units = [p for p in _self_eval(ctx) if p.level == "unit"]
    if not occ or len(units) != 1 or not _sure(units[0], "weights"):
        return
    table = units[0]
    candidates: list[Decimal] = [v for v in (table.stated_total,) if v is not None]
    recomputed: Decimal | None = None
    for ts in ctx.scores().tables:
        if ts.table is table:
            candidates += [v for v in (ts.stated_sum, ts.recomputed_total) if v is not None]
            recomputed = ts.recomputed_total
    if not candidates:
        return
    seen: set[Decimal] = set()
    for o in occ:
        stated = o.value
        if stated in seen or any(stated_fits(stated, Interval.of(c)) or _cut_to(c, stated) == stated for c in candidates):
            continue
        seen.add(stated)
        which = "BL718.score" if table.stated_total is not None else "BL718.score_no_total"
        yield ctx.finding(which + ("_recomputed" if recomputed is not None else ""),
                          {"stated": stated, "table": _label(table), "total": table.stated_total,
                           "recomputed": recomputed},
                          location=ctx.occurrence_loc(o), expected=table.stated_total if table.stated_total is not None else candidates[0],
                          actual=stated, evidence=o.evidence, highlight=[f"{stated:f}"])


_TEXT_TOTAL = lazy(r"(总投资|总预算|预算总额|资金总额|总金额|项目资金|预算资金|总额)(?:为|是|共计|合计|共)?\s*"
                         + _NUM + r"\s*万元[，,、；;]?\s*其中[：:，,]?")
_TEXT_PART = lazy(r"\s*([\u4e00-\u9fa5]{2,12}?)(?:为|是|安排)?\s*" + _NUM + r"\s*万元\s*([，,、；;]|和|及)?")
_FISCAL_PART = lazy(r"财政(?:资金|拨款|专项资金)?$|^(?:中央|自治区|省级?|市级?|州级?|县级?|本级)?财政")
_OTHER_PART = lazy(r"^其他资金$|^(?:单位)?自筹(?:资金)?$")


def _text_parts(text: str) -> Iterator[tuple[str, Decimal, list[tuple[str, Decimal]]]]:
    """(evidence, total, [(part label, amount)]) for each “总投资X万元，其中：A Y万元，B Z万元” in text."""
    for m in _TEXT_TOTAL.finditer(text):
        parts: list[tuple[str, Decimal]] = []
        pos = m.end()
        while True:
            pm = _TEXT_PART.match(text, pos)
            if pm is None:
                break
            parts.append((pm.group(1), _dec(pm.group(2))))
            pos = pm.end()
            if not pm.group(3):
                break
        if len(parts) >= 2:
            yield text[m.start():pos].rstrip("，,、；; "), _dec(m.group(2)), parts


def _row_named(p: PerformanceTable, pattern: str) -> FundingRow | None:
    return next((f for f in p.funding if re.search(pattern, f.label) and not _TOTAL_LABEL.search(f.label)), None)


@rule("BL719", "table-text-amounts", "Amounts listed in a performance table's own text disagree",
      severity="warning", group="performance",
      basis="“总投资X万元，其中：…” lists parts of X; the table's funding rows state the same year's money")
def table_text_amounts(ctx: DocContext) -> Iterator[Finding]:
    """Amounts a performance table's own text lists (年度总体目标 / 实际完成情况: “总投资13万元，其中：
    财政资金13万元，其他资金13万元”): the parts may not add up to more than their total (a list
    under 其中 need not be complete, so less is not reported); and when the total is the table's own
    年度资金总额, a part named 财政资金 / 财政拨款 or 其他资金 / 自筹 equals the table's row of that
    name. A table whose funding the reader could not place is compared on the sum only."""
    for p in ctx.disclosure.performance:
        total_row = funding_total(p)
        table_total = total_row.annual_budget if total_row is not None and total_row.annual_budget is not None else p.amount
        for text in (p.goal, p.outcome):
            if not text:
                continue
            for evidence, total, parts in _text_parts(text):
                s = sum_interval([v for _, v in parts])
                if s.lo > Interval.of(total).hi:
                    listed = [msg("performance.amount_named", label=label, amount=v) for label, v in parts]
                    yield ctx.finding("BL719.parts_over_total",
                                      {"table": _label(p), "parts": listed, "sum": sum((v for _, v in parts), ZERO),
                                       "total": total},
                                      location=ctx.loc(p.location), expected=total,
                                      actual=sum((v for _, v in parts), ZERO), evidence=evidence, highlight=[f"{total:f}"])
                    continue
                if table_total is None or not _sure(p, "funding") or not stated_fits(total, iv(table_total)):
                    continue
                for label, v in parts:
                    if _FISCAL_PART.search(label):
                        row_value = p.amount_fiscal
                        row = _row_named(p, r"财政拨款|财政资金")
                        if row is not None and row.annual_budget is not None:
                            row_value = row.annual_budget
                    elif _OTHER_PART.search(label):
                        row_value = p.amount_other
                        row = _row_named(p, r"其他资金|自筹")
                        if row is not None and row.annual_budget is not None:
                            row_value = row.annual_budget
                    else:
                        continue
                    if row_value is None or stated_fits(v, iv(row_value)):
                        continue
                    yield ctx.finding("BL719.part_vs_row",
                                      {"table": _label(p), "label": label, "value": v, "total": total,
                                       "row_value": row_value},
                                      location=ctx.loc(row.location if row else p.location, row=row.label if row else None),
                                      expected=row_value, actual=v, evidence=evidence, highlight=[f"{v:f}"])


@rule("BL720", "project-list-vs-target", "A project's row in table 7 exceeds its 绩效目标表's 年度预算总额",
      severity="warning", group="performance", kinds=("budget",),
      basis="table 7 (一般公共预算项目支出) lists a part of the project's money; its 绩效目标表's 年度预算总额 is all of it")
def project_list_vs_target(ctx: DocContext) -> Iterator[Finding]:
    """A project listed in budget table 7 and given a 绩效目标表 in the same budget — read as one
    project under the same name or a variant of it (…经费 / …项目经费 / …项目, a leading year, the
    unit's name, quotation marks), see ``recognize.projects`` — has in table 7 (its rows added up)
    at most the 年度预算总额 of its 绩效目标表: table 7 holds its 一般公共预算 money only, the
    绩效目标表 all of it. Less is not reported (其他资金, 政府性基金, 上年结转 make the difference).
    Not compared: a project joined only on a contained name (that join needs the amounts to agree),
    and a 绩效目标表 whose funding the reader could not place."""
    d = ctx.disclosure
    entries = [Entry(i.name, i.amount, "list", i) for i in d.project_list if i.name]
    entries += [Entry(p.name, p.amount, "target", p, owner=p.implementer or "") for p in d.performance
                if p.level == "project" and p.table_kind == "target" and p.name]
    for project in group(entries, d.unit.name):
        if project.tier > 2:
            continue
        items = [e.ref for e in project.entries if isinstance(e.ref, ProjectListItem)]
        targets = [e.ref for e in project.entries if isinstance(e.ref, PerformanceTable)]
        if not items or len(targets) != 1 or not _sure(targets[0], "funding") or targets[0].amount is None:
            continue
        amounts = [i.amount for i in items if i.amount is not None]
        if len(amounts) != len(items):
            continue
        listed = sum_interval(amounts)
        planned = targets[0].amount
        if listed.lo <= Interval.of(planned).hi:
            continue
        total = sum(amounts, ZERO)
        yield ctx.finding("BL720.list_over_target",
                          {"project": items[0].name, "listed": total, "rows": len(items), "planned": planned,
                           "target": targets[0].name, "over": total - planned},
                          location=ctx.loc(items[0].location, row=items[0].name), expected=planned, actual=total,
                          evidence=items[0].name, highlight=[f"{total:f}"])
