"""The charts of the compare page, as data: each chart a title, categories (one per document),
series of figures and the unit they are in. ``static/charts.js`` draws them with the vendored
ECharts; nothing here knows about drawing.

The documents on the x axis are those compared; the 三公 chart adds the other documents of the
same units in the library, so that it runs over the years.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.library import Library
from budgetlens.library.queries import list_documents, show_document
from budgetlens.web.texts import Texts

SANGONG = (("sangong.overseas", "sg_overseas"), ("sangong.reception", "sg_reception"),
           ("sangong.vehicle_purchase", "sg_vehicle_purchase"), ("sangong.vehicle_operation", "sg_vehicle_operation"))
SPLIT = ((("expense.basic", "budget.basic"), "basic"), (("expense.project", "budget.project"), "project"))
INCOME_FINAL = (("income.fiscal", "inc_fiscal"), ("income.superior_subsidy", "inc_superior"),
                ("income.business", "inc_business"), ("income.operating", "inc_operating"),
                ("income.affiliated", "inc_affiliated"), ("income.other", "inc_other"),
                ("income.nonfiscal_balance_used", "inc_balance_used"), ("income.carryover_start", "inc_carryover"))
# an execution rate: the figure spent over the figure planned, both from the final account itself
RATES = (("gpb.expense", "gpb.initial_budget", "rate_gpb"), ("sangong.total", "sangong.budget.total", "rate_sangong"),
         ("performance.project_executed", "performance.project_annual_budget", "rate_project"))


def _num(v: Any) -> float | None:
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        return float(v)
    return None


def _label(d: dict[str, Any], T: Texts, with_unit: bool) -> str:
    kind = T[d["kind"]] if d.get("kind") in ("budget", "final") else ""
    head = f"{d['unit'] or '#' + str(d['id'])} " if with_unit else ""
    year = T.year_label.format(year=d["year"]) if d.get("year") else ""
    return f"{head}{year}{kind}".strip() or f"#{d['id']}"


def _order(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(docs, key=lambda d: (d.get("unit") or "", d.get("year") or 0, d.get("kind") != "budget", d["id"]))


def charts(lib: Library, result: dict[str, Any], T: Texts) -> list[dict[str, Any]]:
    """The four charts for a comparison (``library compare``'s result); a chart with no figure is left out."""
    compared = [d for d in result["documents"] if d.get("status") == "ok"]
    facts = {d["id"]: show_document(lib, str(d["id"]))["facts"] for d in compared}
    units = {d["unit_id"] for d in compared if d.get("unit_id") is not None}
    many_units = len(units | {None for d in compared if d.get("unit_id") is None}) > 1
    out: list[dict[str, Any]] = []

    # 三公 over the years: every document of the compared units
    timeline = {d["id"]: d for d in compared}
    for d in list_documents(lib, status="ok"):
        if d.get("unit_id") in units and d["id"] not in timeline:
            timeline[d["id"]] = d
            facts[d["id"]] = show_document(lib, str(d["id"]))["facts"]
    years = _order(list(timeline.values()))
    out.append(_chart("sangong", T.chart_sangong, [_label(d, T, many_units) for d in years],
                      [(T[name], [_num(facts[d["id"]].get(key)) for d in years]) for key, name in SANGONG],
                      T.unit_wan, stacked=True))

    ordered = _order(compared)
    labels = [_label(d, T, many_units) for d in ordered]

    rates: list[tuple[str, list[float | None]]] = []
    for spent, planned, name in RATES:
        rates.append((T[name], [_rate(facts[d["id"]].get(spent), facts[d["id"]].get(planned)) for d in ordered]))
    # a budget and a final account of one unit and year: the final's spending over the budget's
    budgets = {(d.get("unit_id"), d.get("year")): d for d in ordered if d.get("kind") == "budget"}
    total = []
    for d in ordered:
        b = budgets.get((d.get("unit_id"), d.get("year"))) if d.get("kind") == "final" else None
        total.append(_rate(facts[d["id"]].get("expense.total"), facts[b["id"]].get("budget.total")) if b else None)
    rates.append((T.rate_total, total))
    out.append(_chart("rates", T.chart_rates, labels, rates, "%"))

    split = [(T[name], [_num(_first(facts[d["id"]], keys)) for d in ordered]) for keys, name in SPLIT]
    out.append(_chart("split", T.chart_split, labels, split, T.unit_wan, stacked=True))

    income: list[tuple[str, list[float | None]]] = [
        (T[name], [_num(facts[d["id"]].get(key)) if d.get("kind") == "final" else None for d in ordered])
        for key, name in INCOME_FINAL]
    fiscal_b, other_b = [], []
    for d in ordered:
        f = facts[d["id"]]
        fiscal = f.get("budget.fiscal") if d.get("kind") == "budget" else None
        whole = f.get("budget.total") if d.get("kind") == "budget" else None
        fiscal_b.append(_num(fiscal))
        other_b.append(_num(whole - fiscal) if isinstance(whole, Decimal) and isinstance(fiscal, Decimal)
                       and whole > fiscal else None)
    income[0] = (income[0][0], [a if a is not None else b for a, b in zip(income[0][1], fiscal_b, strict=True)])
    income.append((T.inc_budget_other, other_b))
    out.append(_chart("income", T.chart_income, labels, income, T.unit_wan, stacked=True, drop_zero=True))
    for c in out:
        c["heading"] = T.chart_heading.format(title=c["title"], unit=c["unit"])
    return [c for c in out if c["series"]]


def _first(facts: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if facts.get(k) is not None:
            return facts[k]
    return None


def _rate(spent: Any, planned: Any) -> float | None:
    s, p = _num(spent), _num(planned)
    if s is None or p is None or p == 0:
        return None
    return round(s / p * 100, 2)


def _chart(key: str, title: str, categories: list[str], series: list[tuple[str, list[float | None]]], unit: str,
           stacked: bool = False, drop_zero: bool = False) -> dict[str, Any]:
    """A chart; ``drop_zero``: a series with no figure but zeros is left out (nothing to see in a stack)."""
    kept = [(name, data) for name, data in series
            if any(v is not None and (v != 0 or not drop_zero) for v in data)]
    # a document with no figure in this chart adds nothing to it
    shown = [i for i in range(len(categories)) if any(data[i] is not None for _, data in kept)]
    categories = [categories[i] for i in shown]
    kept = [(name, [data[i] for i in shown]) for name, data in kept]
    return {"id": f"chart-{key}", "title": title, "categories": categories,
            "series": [{"name": name, "data": data} for name, data in kept], "unit": unit,
            "stacked": stacked}
