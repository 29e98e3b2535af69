"""Within tables: column identities per row, 类 = Σ款 = Σ项 by code, total rows, two-sided totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import fmt, round_like, sum_fits
from budgetlens.check.registry import rule
from budgetlens.model import Table, TableRow

# Column identities declared as data: (total column, part columns). Applied to every row of every
# table that has all of these columns, whatever its id, so regional variants are covered.
COLUMN_IDENTITIES: list[tuple[str, tuple[str, ...]]] = [
    ("total", ("basic", "project")),
    ("total", ("personnel", "public")),
    ("total", ("basic_personnel", "basic_public", "project")),
    ("total", ("gpb", "gf", "soe")),
    ("total", ("fiscal_total", "nonfiscal_total")),
    ("fiscal_total", ("fiscal_basic_personnel", "fiscal_basic_public", "fiscal_project")),
    ("nonfiscal_total", ("nonfiscal_basic_personnel", "nonfiscal_basic_public", "nonfiscal_project")),
    ("total", ("wages", "goods_services", "household", "debt_interest", "capital_infra", "capital",
               "enterprise_infra", "enterprise", "social_security_fund", "other")),
    ("total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")),
    ("total", ("basic", "project", "superior_remit", "operating", "affiliated_subsidy")),
    # 三公 table (final): budget and actual columns
    ("budget_total", ("budget_overseas", "budget_vehicle", "budget_reception")),
    ("actual_total", ("actual_overseas", "actual_vehicle", "actual_reception")),
    ("budget_vehicle", ("budget_vehicle_purchase", "budget_vehicle_operation")),
    ("actual_vehicle", ("actual_vehicle_purchase", "actual_vehicle_operation")),
    # 政府性基金 / 国有资本经营 final tables
    ("expense_total", ("expense_basic", "expense_project")),
    ("basic", ("personnel", "public")),
]

_TOTAL_NAMES = ("合计", "总计")


def _columns(t: Table) -> set[str]:
    return {c.key for c in t.columns}


def _evidence(row: TableRow) -> str:
    return " | ".join(row.raw) if row.raw else row.name


@rule("BL201", "column-sum", "A row's total column ≠ the sum of its part columns",
      severity="error", group="tables",
      basis="Table layout: 合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; etc.")
def column_sum(ctx: DocContext) -> Iterator[Finding]:
    """For every row of every table whose columns include a declared identity (e.g. total, basic,
    project), the total cell must equal the sum of the part cells within rounding. Blank part cells
    count as zero when at least one part is printed."""
    for t in ctx.disclosure.tables:
        cols = _columns(t)
        for total_key, part_keys in COLUMN_IDENTITIES:
            if total_key not in cols or not set(part_keys) <= cols:
                continue
            if total_key == "total" and part_keys == ("basic", "project") and "superior_remit" in cols:
                continue  # the fuller identity covers this table
            for row in t.rows:
                total = row.values.get(total_key)
                parts = [row.values.get(k) for k in part_keys]
                printed = [p for p in parts if p is not None]
                if total is None or not printed:
                    continue
                if sum_fits(printed, total):
                    continue
                s = sum(printed, Decimal(0))
                yield ctx.finding(
                    f"{t.id or t.title} row “{row.name}”: {total_key} {fmt(total)} ≠ {' + '.join(part_keys)} = {fmt(s)}",
                    location=ctx.loc(table=t, row=row, column=total_key),
                    expected=round_like(s, total), actual=total, evidence=_evidence(row),
                )


def _coded(t: Table) -> list[TableRow]:
    return [r for r in t.rows if r.code and r.code.isdigit()]


def _ancestor_lengths(code: str, kind: str | None) -> tuple[int, ...]:
    n = len(code)
    if kind == "economic" or (kind is None and n in (3, 5) and code[0] in "35"):
        return (3,) if n == 5 else ()
    return {5: (3,), 7: (5, 3)}.get(n, ())


def _nearest_parent(row: TableRow, codes: set[str]) -> str | None:
    assert row.code is not None
    for n in _ancestor_lengths(row.code, row.code_kind):
        if row.code[:n] in codes:
            return row.code[:n]
    return None


@rule("BL202", "code-hierarchy", "类/款 row ≠ the sum of its 款/项 rows",
      severity="error", group="tables",
      basis="政府收支分类科目: a 类 is the sum of its 款, a 款 the sum of its 项")
def code_hierarchy(ctx: DocContext) -> Iterator[Finding]:
    """Within a table, each 类 (3-digit) or 款 (5-digit) row equals the sum of the rows of its
    children one level down, column by column, when the table lists any child of it. Economic
    classification likewise (301 = Σ 301xx)."""
    for t in ctx.disclosure.tables:
        rows = _coded(t)
        if not rows:
            continue
        codes = {r.code for r in rows if r.code}
        children: dict[str, list[TableRow]] = defaultdict(list)
        for r in rows:
            parent_code = _nearest_parent(r, codes)
            if parent_code:
                children[parent_code].append(r)
        for parent in rows:
            assert parent.code is not None
            kids = children.get(parent.code)
            if not kids:
                continue
            for key, value in parent.values.items():
                if value is None:
                    continue
                vals = [k.values.get(key) for k in kids]
                printed = [v for v in vals if v is not None]
                if not printed or sum_fits(printed, value):
                    continue
                s = sum(printed, Decimal(0))
                yield ctx.finding(
                    f"{t.id or t.title}: {parent.code} {parent.name} {key} {fmt(value)} ≠ Σ of its {len(kids)} sub-rows = {fmt(s)}",
                    location=ctx.loc(table=t, row=parent, column=key),
                    expected=round_like(s, value), actual=value, evidence=_evidence(parent),
                )


@rule("BL203", "total-row", "Total row ≠ the sum of the top-level rows",
      severity="error", group="tables", basis="Table layout: 合计 = Σ 类 rows")
def total_row(ctx: DocContext) -> Iterator[Finding]:
    """The 合计/总计 row of a coded table equals the sum of its top-level coded rows (rows whose
    parent code is not in the table), column by column. Two-sided summary tables are covered by BL204."""
    for t in ctx.disclosure.tables:
        if any(r.side for r in t.rows):
            continue
        rows = _coded(t)
        totals = [r for r in t.rows if r.is_total or (not r.code and r.name.replace(" ", "") in _TOTAL_NAMES)]
        if not rows or len(totals) != 1:
            continue
        codes = {r.code for r in rows if r.code}
        top = [r for r in rows if _nearest_parent(r, codes) is None]
        tot = totals[0]
        for key, value in tot.values.items():
            if value is None:
                continue
            printed = [v for v in (r.values.get(key) for r in top) if v is not None]
            if not printed or sum_fits(printed, value):
                continue
            s = sum(printed, Decimal(0))
            yield ctx.finding(
                f"{t.id or t.title}: {tot.name} {key} {fmt(value)} ≠ Σ of {len(top)} top-level rows = {fmt(s)}",
                location=ctx.loc(table=t, row=tot, column=key),
                expected=round_like(s, value), actual=value, evidence=_evidence(tot),
            )


def _side_total(t: Table, side: str) -> TableRow | None:
    rows = [r for r in t.rows if r.side == side and (r.is_total or any(n in r.name for n in _TOTAL_NAMES))]
    grand = [r for r in rows if "总计" in r.name]
    pick = grand or rows
    return pick[-1] if pick else None


@rule("BL204", "two-sided-balance", "Income total ≠ expense total in a summary table",
      severity="error", group="tables", basis="收支总表: 收入总计 = 支出总计")
def two_sided_balance(ctx: DocContext) -> Iterator[Finding]:
    """In a two-sided summary table (收支总表, 财政拨款收支总表) the income 总计 equals the expense 总计."""
    for t in ctx.disclosure.tables:
        inc, exp = _side_total(t, "income"), _side_total(t, "expense")
        if inc is None or exp is None:
            continue
        for key, a in inc.values.items():
            b = exp.values.get(key) if key in exp.values else None
            if b is None and len(exp.values) == 1 and len(inc.values) == 1:
                b = next(iter(exp.values.values()))
            if a is None or b is None or sum_fits([a], b):
                continue
            yield ctx.finding(
                f"{t.id or t.title}: income {inc.name} {fmt(a)} ≠ expense {exp.name} {fmt(b)}",
                location=ctx.loc(table=t, row=exp, column=key), expected=a, actual=b,
                evidence=f"{_evidence(inc)} / {_evidence(exp)}",
            )
            break
