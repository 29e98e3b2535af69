"""三公经费: budget vs actual, vehicles held vs vehicles among assets, counts vs amounts.

The sums (三公 = 出国 + 车辆 + 接待; 车辆 = 购置 + 运行) are identities declared in
``budgetlens.check.identities`` (BL610–BL614).

Fact keys used besides the contract's: ``sangong.vehicles_held`` (公务用车保有量, count),
``sangong.vehicles_purchased`` (公务用车购置数), ``sangong.reception_batches`` (国内公务接待批次),
``sangong.overseas_groups`` (因公出国（境）团组数).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import iv
from budgetlens.check.registry import rule
from budgetlens.patterns import lazy


@rule("BL601", "sangong-over-budget", "三公经费 spent above its 全年预算数",
      severity="warning", group="sangong", kinds=("final",),
      basis="党政机关厉行节约反对浪费条例: 三公经费 are not to exceed the budget")
def sangong_over_budget(ctx: DocContext) -> Iterator[Finding]:
    """A final account's 三公 actual figure (total and each component) should not exceed its
    全年预算数."""
    for part in ("total", "overseas", "vehicle_purchase", "vehicle_operation", "reception"):
        actual, budget = ctx.fact(f"sangong.{part}"), ctx.fact(f"sangong.budget.{part}")
        if actual is None or budget is None or iv(actual).lo < iv(budget).hi:
            continue
        occ = ctx.occurrences(f"sangong.{part}")
        yield ctx.finding("BL601.over_budget",
                          {"key": f"sangong.{part}", "actual": actual, "budget": budget, "diff": actual - budget},
                          location=ctx.occurrence_loc(occ[0]) if occ else None, expected=budget, actual=actual,
                          evidence=occ[0].evidence if occ else "")


_EXPLAINED = lazy(r"差异原因|差异的原因|不一致的原因|原因是|原因为")
_NO_DIFFERENCE = lazy(r"无差异|没有差异|一致|相同|相符")


def _explains(text: str) -> bool:
    """A reason for a difference is given — not the template's “差异原因是：…一致无差异”, which
    asserts the two counts are equal."""
    for m in _EXPLAINED.finditer(text):
        reason = re.split(r"[。；;]", text[m.end():], maxsplit=1)[0]
        if not _NO_DIFFERENCE.search(reason):
            return True
    return False


@rule("BL602", "vehicles-held-vs-assets", "公务用车保有量 ≠ vehicles among fixed assets, unexplained",
      severity="warning", group="sangong",
      basis="部门决算公开模板: 公务用车保有量 and 国有资产 车辆 differ only with a stated reason")
def vehicles_held_vs_assets(ctx: DocContext) -> Iterator[Finding]:
    """The 三公 section's 公务用车保有量 and the 国有资产占用 section's 车辆 count should agree, or the
    document must state the reason for the difference (a “差异原因” that says the two agree — “一致
    无差异” — gives none)."""
    held, assets = ctx.fact("sangong.vehicles_held"), ctx.fact("assets.vehicles")
    if held is None or assets is None or held == assets:
        return
    occ = ctx.occurrences("sangong.vehicles_held")
    if any(_explains(o.evidence) and "车" in o.evidence for o in [*occ, *ctx.occurrences("assets.vehicles")]):
        return
    if any("保有量" in text and _explains(text) for text, _ in ctx.text_lines()):
        return
    yield ctx.finding("BL602.vehicles_differ", {"held": held, "assets": assets},
                      location=ctx.occurrence_loc(occ[0]) if occ else None, expected=assets, actual=held,
                      evidence=occ[0].evidence if occ else "")


@rule("BL603", "sangong-counts-vs-amounts", "A 三公 count contradicts its amount",
      severity="warning", group="sangong",
      basis="Spending needs an activity: 0 vehicles bought with 购置费 > 0, 0 批次 with 接待费 > 0, and vice versa")
def counts_vs_amounts(ctx: DocContext) -> Iterator[Finding]:
    """公务用车购置数, 国内公务接待批次 and 因公出国团组 must be zero exactly when their amounts are zero."""
    pairs = (("sangong.vehicles_purchased", "sangong.vehicle_purchase", "公务用车购置"),
             ("sangong.reception_batches", "sangong.reception", "国内公务接待"),
             ("sangong.overseas_groups", "sangong.overseas", "因公出国（境）"))
    for count_key, amount_key, _label in pairs:
        n, amount = ctx.fact(count_key), ctx.fact(amount_key)
        if n is None or amount is None:
            continue
        if (n == 0) == (amount == 0):
            continue
        occ = ctx.occurrences(count_key)
        yield ctx.finding("BL603.count_zero" if n == 0 else "BL603.amount_zero",
                          {"count_key": count_key, "count": n, "amount_key": amount_key, "amount": amount},
                          location=ctx.occurrence_loc(occ[0]) if occ else None, actual=n,
                          evidence=occ[0].evidence if occ else "")
