"""Across documents of one unit: budget ↔ final of the same year, year ↔ year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding, FindingLocation, Severity
from budgetlens.check.numeric import iv
from budgetlens.check.registry import rule
from budgetlens.check.rules.narrative import walk
from budgetlens.figures import Interval
from budgetlens.model import PerformanceTable
from budgetlens.recognize.projects import Entry, Project, group, join, name_key, plain

# Every rule below compares two documents, a and b, through ``_pairs``, and reports on b; these are
# the pairs it may take: (kind of a, kind of b, year of b - year of a). A batch runs the rules over
# the pairs ``compared`` allows only (``check.batch``), so a rule comparing another pair is added here.
PAIRS = frozenset({("budget", "final", 0), ("budget", "budget", 1), ("final", "final", 1)})


def compared(kind_a: str | None, year_a: int | None, kind_b: str | None, year_b: int | None) -> bool:
    """Whether some rule below compares a document a with a document b (in either order)."""
    if kind_a is None or kind_b is None or year_a is None or year_b is None:
        return False
    return (kind_a, kind_b, year_b - year_a) in PAIRS or (kind_b, kind_a, year_a - year_b) in PAIRS


def _pairs(ctxs: list[DocContext], kind_a: str, kind_b: str, year_gap: int) -> Iterator[tuple[DocContext, DocContext]]:
    """(a, b) with a of kind_a for year Y and b of kind_b for year Y + year_gap."""
    assert (kind_a, kind_b, year_gap) in PAIRS, "a pair the batch does not compare: add it to PAIRS"
    for a in ctxs:
        for b in ctxs:
            if a is b or a.kind != kind_a or b.kind != kind_b or a.year is None or b.year is None:
                continue
            if b.year - a.year == year_gap:
                yield a, b


def _norm(name: str) -> str:
    return re.sub(r"[\s“”\"'（）()《》、，,]", "", name)


def _first(ctx: DocContext, key: str) -> tuple[FindingLocation | None, str]:
    occ = ctx.occurrences(key)
    return (ctx.occurrence_loc(occ[0]) if occ else None), (occ[0].evidence if occ else "")


@rule("BL801", "final-initial-budget-vs-budget", "A final account's 年初预算数 ≠ that year's budget",
      severity="warning", group="cross_document", cross=True,
      basis="决算 年初预算数 restates the budget disclosed for the same year")
def initial_budget_vs_budget(ctxs: list[DocContext]) -> Iterator[Finding]:
    """The 一般公共预算财政拨款 年初预算数 stated in a final account equals the 一般公共预算 figure
    of the same unit's budget disclosure for that year."""
    for budget, final in _pairs(ctxs, "budget", "final", 0):
        b, f = budget.fact("budget.gpb"), final.fact("gpb.initial_budget")
        if b is None or f is None or iv(b).meets(iv(f)):
            continue
        loc, ev = _first(final, "gpb.initial_budget")
        yield final.finding("BL801.initial_budget", {"value": f, "year": budget.year, "budget_doc": budget.name,
                                                    "budget": b, "diff": abs(f - b)},
                            location=loc, expected=b, actual=f, evidence=ev)


@rule("BL802", "sangong-budget-vs-budget", "三公 全年预算数 in the final ≠ the budget's 三公",
      severity="info", group="cross_document", cross=True,
      basis="三公 budget disclosed in spring vs the 全年预算数 in the final account (differs only after adjustment)")
def sangong_budget_vs_budget(ctxs: list[DocContext]) -> Iterator[Finding]:
    """A final account's 三公 全年预算数 (total and components) vs the same year's budget disclosure;
    a difference is legitimate only after a budget adjustment, so it is reported as info."""
    for budget, final in _pairs(ctxs, "budget", "final", 0):
        for part in ("total", "overseas", "vehicle_purchase", "vehicle_operation", "reception"):
            b, f = budget.fact(f"sangong.{part}"), final.fact(f"sangong.budget.{part}")
            if b is None or f is None or iv(b).meets(iv(f)):
                continue
            loc, ev = _first(final, f"sangong.budget.{part}")
            yield final.finding("BL802.sangong_budget", {"key": f"sangong.{part}", "value": f, "year": budget.year,
                                                     "budget": b, "diff": abs(f - b)},
                                location=loc, expected=b, actual=f, evidence=ev)


def _budget_projects(ctx: DocContext) -> list[Project]:
    """The budget's projects (table 7 rows and project 绩效目标表s, joined where one)."""
    d = ctx.disclosure
    entries = [Entry(i.name, i.amount, "budget/list", i) for i in d.project_list if i.name]
    entries += [Entry(p.name, p.amount, "budget/target", p, owner=p.implementer or "") for p in d.performance
                if p.level == "project" and p.table_kind == "target" and p.name]
    return group(entries, d.unit.name)


def _final_projects(ctx: DocContext) -> list[Project]:
    """The final account's project self-evaluation tables, with their 年初预算数 / 全年预算数."""
    entries = []
    for p in ctx.disclosure.performance:
        if p.level == "project" and p.table_kind == "self_evaluation" and p.name:
            total = p.total_funding
            amounts = tuple(v for v in (total.initial_budget, total.annual_budget) if v is not None) if total else ()
            entries.append(Entry(p.name, p.amount, "final/self_evaluation", p, amounts=amounts, owner=p.implementer or ""))
    return group(entries, ctx.disclosure.unit.name)


def _side(p: Project) -> str:
    return next(iter(p.sources)).split("/")[0]


def _one_side_each(a: Project, b: Project) -> bool:
    return _side(a) != _side(b)


def _copies(projects: list[Project]) -> list[Project]:
    """Projects to join (``join`` adds to the first of two its second's entries)."""
    return [Project(list(p.entries), p.tier) for p in projects]


def _joined(budget: DocContext, final: DocContext) -> list[Project]:
    """The budget's planned projects and the final account's evaluated ones, joined where they are
    one; none when either side has none. Each side's projects are grouped once per document, and
    the last pair's join is kept: BL803 and BL806 ask for the same pair in turn."""
    last: dict[str, Any] = final.shared("cross_document.joined", lambda _: {})
    if last.get("budget") is not budget:
        planned = budget.shared("cross_document.planned", _budget_projects)
        evaluated = final.shared("cross_document.evaluated", _final_projects)
        joined = join([*_copies(planned), *_copies(evaluated)], budget.disclosure.unit.name, _one_side_each) \
            if planned and evaluated else []
        last.clear()
        last.update(budget=budget, joined=joined)
    found: list[Project] = last["joined"]
    return found


@rule("BL803", "projects-budget-vs-final", "A project in the budget has no self-evaluation in the final, or vice versa",
      severity="info", group="cross_document", cross=True,
      basis="财预〔2020〕10号: projects with 绩效目标 are self-evaluated after the year")
def projects_budget_vs_final(ctxs: list[DocContext]) -> Iterator[Finding]:
    """Projects listed in a budget (table 7 or 绩效目标表) and the project self-evaluation tables of
    the same year's final account, matched as one project (``recognize.projects``: the same name
    once the variants …经费 / …项目经费 / …项目, a leading year, the unit's name, quotation marks and
    brackets are removed; or one name inside the other with the amounts agreeing). A project with
    no counterpart is reported; one evaluated under another name than it was planned under is
    reported naming both."""
    for budget, final in _pairs(ctxs, "budget", "final", 0):
        for p in _joined(budget, final):
            sides = {_side_of(e) for e in p.entries}
            budget_names = [e.name for e in p.entries if _side_of(e) == "budget"]
            final_names = [e.name for e in p.entries if _side_of(e) == "final"]
            if sides == {"budget"}:
                yield final.finding("BL803.not_evaluated", {"project": budget_names[0], "year": budget.year},
                                    evidence=budget_names[0])
            elif sides == {"final"}:
                yield final.finding("BL803.not_budgeted", {"project": final_names[0], "year": budget.year},
                                    evidence=final_names[0])
            elif not {plain(n) for n in budget_names} & {plain(n) for n in final_names}:
                yield final.finding("BL803.renamed", {"project": final_names[0], "year": budget.year,
                                                      "budget_name": budget_names[0]}, evidence=final_names[0])


def _side_of(e: Entry) -> str:
    return e.source.split("/")[0]


@rule("BL806", "project-amount-budget-vs-final", "A project's 年初预算数 in the final ≠ its amount in the budget",
      severity="warning", group="cross_document", cross=True,
      basis="a project's 年初预算数 in the 项目支出绩效自评表 restates the 年度预算总额 its 绩效目标表 set in the budget")
def project_amount_budget_vs_final(ctxs: list[DocContext]) -> Iterator[Finding]:
    """For each project the budget plans and the same year's final account evaluates, read as one
    under the same name or a variant of it (not on a contained name, which needs the amounts to
    agree to be read as one), the 年初预算数 of its 绩效自评表 equals the 年度预算总额 of its
    绩效目标表 in the budget (the project's whole money at the start of the year). Compared only
    when the budget prints one 绩效目标表 and the final one 绩效自评表 for the project, and the
    reader placed both tables' funding."""
    for budget, final in _pairs(ctxs, "budget", "final", 0):
        for p in _joined(budget, final):
            if p.tier > 2:
                continue
            targets = [e.ref for e in p.entries if e.source == "budget/target" and isinstance(e.ref, PerformanceTable)]
            evals = [e.ref for e in p.entries if e.source == "final/self_evaluation" and isinstance(e.ref, PerformanceTable)]
            if len(targets) != 1 or len(evals) != 1 or "funding" in targets[0].unsure or "funding" in evals[0].unsure:
                continue
            planned_amount = targets[0].amount
            total = evals[0].total_funding
            initial = total.initial_budget if total is not None else None
            if planned_amount is None or initial is None or iv(planned_amount).meets(iv(initial)):
                continue
            yield final.finding("BL806.amount_differs",
                                {"project": evals[0].name, "initial": initial, "year": budget.year,
                                 "target_table": targets[0].name, "planned": planned_amount,
                                 "diff": abs(initial - planned_amount)},
                                location=final.loc(total.location if total else evals[0].location, row=total.label if total else None,
                                                   column="initial_budget"),
                                expected=planned_amount, actual=initial, evidence=evals[0].name, highlight=[f"{initial:f}"])


@rule("BL804", "targets-changed", "An indicator's target changed between 绩效目标表 and 自评表",
      severity="warning", group="cross_document", cross=True,
      basis="自评 measures against the 年度指标值 set in the 绩效目标表")
def targets_changed(ctxs: list[DocContext]) -> Iterator[Finding]:
    """The 年度指标值 of each indicator in the final's self-evaluation equals the target set in the
    same year's 绩效目标表, for the same project and indicator name."""
    for budget, final in _pairs(ctxs, "budget", "final", 0):
        targets = {}
        unit = budget.disclosure.unit.name
        for p in budget.disclosure.performance:
            if p.table_kind != "target":
                continue
            for ind in p.indicators:
                if ind.target is not None:
                    targets[(name_key(p.name, unit), _norm(ind.name))] = ind.target
        for p in final.disclosure.performance:
            if p.table_kind != "self_evaluation":
                continue
            for ind in p.indicators:
                before = targets.get((name_key(p.name, unit), _norm(ind.name)))
                if before is None or ind.target is None:
                    continue
                # a unit printed on one side only (in the cell on one, in a 计量单位 column or not at
                # all on the other) is not a change of target
                units_agree = before.unit == ind.target.unit or not before.unit or not ind.target.unit
                same = (before.comparator, before.value) == (ind.target.comparator, ind.target.value) and units_agree \
                    if before.value is not None or ind.target.value is not None else _norm(before.text) == _norm(ind.target.text)
                if not same:
                    yield final.finding("BL804.target_changed", {"project": p.name, "indicator": ind.name,
                                                         "target": ind.target.text, "before": before.text,
                                                         "year": budget.year},
                                        location=final.loc(ind.location, row=ind.name), evidence=ind.target.text)


@rule("BL805", "prior-year-figures", "This year's stated prior-year figure ≠ last year's document",
      severity="error", group="cross_document", cross=True,
      basis="“比上年增加Y” implies last year's figure X − Y, which last year's disclosure states")
def prior_year_figures(ctxs: list[DocContext]) -> Iterator[Finding]:
    """For each statement of year Y with a canonical key and a change “比上年”, the implied prior
    value (current ∓ change) must meet the same key and scope in the unit's year Y−1 document of the
    same kind."""
    for kind in ("budget", "final"):
        for prev, cur in _pairs(ctxs, kind, kind, 1):
            for s, _ in walk(cur.disclosure.statements):
                c = s.change
                if not s.key or s.amount is None or c is None or c.amount is None or c.direction not in ("increase", "decrease", "flat"):
                    continue
                olds = [o for o in prev.occurrences(s.key) if o.scope == s.scope]
                if not olds:
                    continue
                sign = -1 if c.direction == "increase" else 1
                change_iv = iv(c.amount)
                implied = iv(s.amount) + change_iv if sign > 0 else iv(s.amount) - change_iv
                if any(Interval.of(o.value).meets(implied) for o in olds):
                    continue
                implied_mid = s.amount + sign * c.amount
                yield cur.finding(
                    "BL805.prior_differs",
                    {"subject": s.subject, "value": s.amount, "change": c.amount, "direction": c.direction,
                     "implied": implied_mid, "prior_year": prev.year, "prior_doc": prev.name, "prior": olds[0].value},
                    location=cur.loc(s.location), expected=olds[0].value, actual=implied_mid, evidence=s.evidence,
                    highlight=[f"{c.amount:f}"],
                    severity=Severity.ERROR,
                )
