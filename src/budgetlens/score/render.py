"""Output of ``budgetlens score``: JSON for tools, a rich table per 自评表 for the terminal, in the
current language (``budgetlens.i18n``; formulas, notes and the profile's reason are rendered in it)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budgetlens.i18n import has, t
from budgetlens.score.engine import AGREE, DIFFER, ExecutionScore, IndicatorScore, TableScore, fmt
from budgetlens.score.select import DisclosureScore
from budgetlens.serialize import jsonable


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    out = jsonable(value.normalize() if value == value.to_integral_value() else value)
    return out if isinstance(out, (int, float)) else None


def _round(value: Decimal | None, places: int = 4) -> float | int | None:
    return None if value is None else _num(value.quantize(Decimal(10) ** -places))


def indicator_dict(s: IndicatorScore) -> dict[str, Any]:
    ind = s.indicator
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "weight": _num(ind.weight),
        "target": ind.target.text if ind.target else None,
        "actual": ind.actual.text if ind.actual else None,
        "rule": ind.rule,
        "method": s.method,
        "basis": s.basis,
        "grade": s.grade,
        "stated_rate": _num(s.stated_rate),
        "computed_rate": _round(s.computed_rate, 2),
        "rate_agrees": s.rate_agrees,
        "stated": _num(s.stated),
        "recomputed": _num(s.recomputed),
        "low": _round(s.low),
        "high": _round(s.high),
        "difference": _num(s.difference),
        "formula": s.formula,
        "status": s.status,
        "note": s.note or None,
        "location": jsonable(ind.location),
    }


def execution_dict(s: ExecutionScore) -> dict[str, Any]:
    return {
        "label": s.label,
        "weight": _num(s.weight),
        "annual_budget": _num(s.annual_budget),
        "executed": _num(s.executed),
        "stated_rate": _num(s.stated_rate),
        "computed_rate": _round(s.computed_rate, 2),
        "rate_agrees": s.rate_agrees,
        "stated": _num(s.stated),
        "recomputed": _num(s.recomputed),
        "low": _round(s.low),
        "high": _round(s.high),
        "difference": _num(s.difference),
        "rounding": s.rounding,
        "formula": s.formula,
        "status": s.status,
    }


def table_dict(t: TableScore) -> dict[str, Any]:
    return {
        "name": t.table.name,
        "level": t.table.level,
        "title": t.table.title,
        "location": jsonable(t.table.location),
        "profile": t.profile,
        "weight_sum": _num(t.weight_sum),
        "stated_total": _num(t.stated_total),
        "recomputed_total": _num(t.recomputed_total),
        "total_low": _round(t.total_low),
        "total_high": _round(t.total_high),
        "total_formula": t.total_formula,
        "total_status": t.total_status,
        "stated_sum": _num(t.stated_sum),
        "sum_agrees": t.sum_agrees,
        "execution": execution_dict(t.execution) if t.execution else None,
        "indicators": [indicator_dict(i) for i in t.indicators],
    }


def summary(result: DisclosureScore) -> dict[str, int]:
    tables = result.tables
    items = [i for t in tables for i in t.items()]
    return {
        "tables": len(tables),
        "scores_compared": sum(t.compared for t in tables),
        "scores_agreeing": sum(t.agreeing for t in tables),
        "scores_differing": sum(1 for i in items if i.status == DIFFER),
        "totals_compared": sum(1 for t in tables if t.total_status in (AGREE, DIFFER)),
        "totals_agreeing": sum(1 for t in tables if t.total_status == AGREE),
        "totals_not_adding_up": sum(1 for t in tables if t.sum_agrees is False),
        "rates_differing": sum(1 for i in items if i.rate_agrees is False),
    }


def to_dict(result: DisclosureScore, document: str = "") -> dict[str, Any]:
    p = result.profile
    return {
        "document": document,
        "profile": {"name": p.name, "title": p.title, "reason": result.choice.reason},
        "fits": [
            {"profile": f.profile, "agreeing": f.agreeing, "compared": f.compared, "region_word": f.region_match}
            for f in result.choice.fits
        ],
        "summary": summary(result),
        "tables": [table_dict(t) for t in result.tables],
    }


_MARK = {AGREE: ("✓", "green"), DIFFER: ("✗", "bold red")}


def method_label(name: str) -> str:
    """A scoring method by the name its 赋分规则 gives it (按完成比例赋分 / proportional)."""
    return t(f"score.method.{name}") if has(f"score.method.{name}") else name


def _level(level: str) -> str:
    return t("score.report.level_unit" if level == "unit" else "score.report.level_project")


def _mark(status: str) -> Text:
    symbol, style = _MARK.get(status, ("·", "dim"))
    return Text(symbol, style=style)


def _rate(stated: Decimal | None, computed: Decimal | None, agrees_: bool | None) -> Text:
    if stated is None and computed is None:
        return Text("")
    shown = f"{fmt(stated)}%" if stated is not None else f"({fmt(computed)}%)"
    text = Text(shown)
    if agrees_ is False and computed is not None:
        text.append(f" ≠{fmt(computed)}%", style="yellow")
    return text


def render_text(result: DisclosureScore, document: str = "", color: bool = False, width: int = 160) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
    head = f"{document}: " if document else ""
    console.print(head + t("score.report.profile", profile=f"[bold]{result.profile.name}[/bold]",
                           title=result.profile.title))
    console.print("  " + t("score.report.chosen_because", reason=result.choice.reason), style="dim")
    if not result.tables:
        console.print(t("score.report.no_tables"))
    for ts in result.tables:
        console.print()
        total = (t("score.report.total_stated", stated=fmt(ts.stated_total), recomputed=fmt(ts.recomputed_total))
                 if ts.stated_total is not None else t("score.report.total_recomputed", recomputed=fmt(ts.recomputed_total)))
        console.print(Text.assemble((f"{ts.table.name or ts.table.title}", "bold"),
                                    "  " + t("score.report.table_head", level=_level(ts.table.level), total=total),
                                    _mark(ts.total_status), t("score.report.table_head_end")))
        grid = Table(show_lines=False, expand=False, pad_edge=False)
        grid.add_column(t("score.report.col_indicator"), overflow="fold", max_width=28)
        grid.add_column(t("score.report.col_weight"), justify="right")
        for col in ("target", "actual", "rate", "method"):
            grid.add_column(t(f"score.report.col_{col}"), overflow="fold")
        grid.add_column(t("score.report.col_stated"), justify="right")
        grid.add_column(t("score.report.col_recomputed"), justify="right")
        grid.add_column("")
        grid.add_column(t("score.report.col_formula"), overflow="fold", max_width=60)
        if ts.execution is not None:
            e = ts.execution
            grid.add_row(t("score.report.execution_row"), fmt(e.weight), fmt(e.annual_budget), fmt(e.executed),
                         _rate(e.stated_rate, e.computed_rate, e.rate_agrees), method_label("execution"),
                         fmt(e.stated), fmt(e.recomputed), _mark(e.status), e.formula)
        for s in ts.indicators:
            ind = s.indicator
            grid.add_row(ind.name, fmt(ind.weight), ind.target.text if ind.target else "",
                         ind.actual.text if ind.actual else "",
                         _rate(s.stated_rate, s.computed_rate, s.rate_agrees), method_label(s.method),
                         fmt(s.stated), fmt(s.recomputed), _mark(s.status), s.formula or s.note)
        console.print(grid)
        if ts.sum_agrees is False:
            console.print("  " + t("score.report.sum_differs", stated=fmt(ts.stated_total), sum=fmt(ts.stated_sum)),
                          style="red")
        if ts.weight_sum is not None and ts.weight_sum != 100:
            console.print("  " + t("score.report.weights_not_100", sum=fmt(ts.weight_sum)), style="yellow")
    counts = summary(result)
    console.print()
    console.print(t("score.report.summary", agreeing=counts["scores_agreeing"], compared=counts["scores_compared"],
                    profile=result.profile.name, differing=counts["scores_differing"],
                    totals_agreeing=counts["totals_agreeing"], totals_compared=counts["totals_compared"],
                    rates_differing=counts["rates_differing"]))
    return buf.getvalue()
