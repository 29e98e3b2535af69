"""A table checked against its own identities once it is read.

A published table holds its identities (合计 = 基本支出 + 项目支出 in every row, 类 = Σ款 = Σ项 per
column, the total row = Σ 类) on nearly every row: a real document has an isolated misprint at
most. A table whose reading fails them on many rows has been misread (a shifted or missing
column, a wrong unit of rows), and its failures say nothing about the document. The reader marks
such a table unverified (``Table.verified`` false) with a warning naming what failed; the table
rules (BL201–BL205) leave it alone. Isolated failures on a verified table stay findings.

The identities here are the ones the rules check, so that what the reader verifies is what the
rules would report.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.figures import Interval, sum_intervals
from budgetlens.i18n import Message
from budgetlens.model import Table, TableRow

# Column identities declared as data: (total column, part columns). Applied to every row of every
# table that has all of these columns, whatever its id, so regional variants are covered.
COLUMN_IDENTITIES: list[tuple[str, tuple[str, ...]]] = [
    ("total", ("basic", "project")),
    ("total", ("personnel", "public")),
    ("total", ("personnel", "public", "project")),
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

TOTAL_NAMES = ("合计", "总计")

# Sources of income beside the three funds (收入总表): where any is printed, 合计 ≠ the funds alone.
_OTHER_SOURCES = frozenset({
    "fiscal_subtotal", "special_account", "unit_funds", "business", "operating", "superior_subsidy",
    "affiliated", "other", "fiscal_carryover", "nonfiscal_carryover", "gpb_transfer", "gf_transfer", "soe_transfer",
})

# An unverified table: more failing rows than this share of the rows that can be checked (and at
# least MIN_FAILING of them), the total row failing together with MIN_OTHERS other rows, or every
# checkable row failing (two or more).
MAX_SHARE = Decimal("0.2")
MIN_FAILING = 3
MIN_OTHERS = 2


def fits(parts: list[Decimal], total: Decimal) -> bool:
    """Whether the printed total can be the sum of the printed parts (each ± half its last digit)."""
    return Interval.of(total).meets(sum_intervals([Interval.of(p) for p in parts]))


def covered(total_key: str, part_keys: tuple[str, ...], cols: set[str]) -> bool:
    """Whether another identity of the same total covers this one: one with more parts, all
    printed (合计 = 人员经费 + 公用经费 + 专项业务经费 covers 合计 = 人员经费 + 公用经费), or the
    final-account 支出 identity with 上缴上级支出 printed."""
    if total_key == "total" and part_keys == ("basic", "project") and "superior_remit" in cols:
        return True
    if total_key == "total" and part_keys == ("gpb", "gf", "soe") and cols & _OTHER_SOURCES:
        return True  # an income table: 合计 counts the other sources too
    return any(t == total_key and set(parts) > set(part_keys) and set(parts) <= cols
               for t, parts in COLUMN_IDENTITIES)


def row_identities(t: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The column identities that apply to the table's rows."""
    cols = {c.key for c in t.columns}
    return [(total, parts) for total, parts in COLUMN_IDENTITIES
            if total in cols and set(parts) <= cols and not covered(total, parts, cols)]


def coded(t: Table) -> list[TableRow]:
    return [r for r in t.rows if r.code and r.code.isdigit()]


def _ancestor_lengths(code: str) -> tuple[int, ...]:
    """The lengths of a code's ancestors: 类 3 and 款 5 digits, in either classification (some
    regions break an economic 款 down to 7 digits: 3010201 规范性津补贴 under 30102)."""
    return {5: (3,), 7: (5, 3)}.get(len(code), ())


def nearest_parent(row: TableRow, codes: set[str]) -> str | None:
    assert row.code is not None
    for n in _ancestor_lengths(row.code):
        if row.code[:n] in codes:
            return row.code[:n]
    return None


def hierarchy(t: Table) -> Iterator[tuple[TableRow, list[TableRow]]]:
    """(parent row, its rows one level down) for every coded row that has children in the table."""
    rows = coded(t)
    codes = {r.code for r in rows if r.code}
    children: dict[str, list[TableRow]] = {}
    for k, r in enumerate(rows):
        if k and _repeats(rows[k - 1], r):
            continue  # printed twice (a 项 printed with its 款's code and figures): counted once
        parent_code = nearest_parent(r, codes)
        if parent_code:
            children.setdefault(parent_code, []).append(r)
    for parent in rows:
        assert parent.code is not None
        kids = children.get(parent.code)
        if kids:
            yield parent, kids


def _repeats(a: TableRow, b: TableRow) -> bool:
    """Whether row b repeats row a: the same code, name, project and figures."""
    return a.code == b.code and a.name == b.name and a.project == b.project and a.values == b.values and any(
        v is not None for v in b.values.values())


def total_row(t: Table) -> tuple[TableRow, list[TableRow]] | None:
    """The table's single total row and its top-level coded rows (one-sided coded tables)."""
    if any(r.side for r in t.rows):
        return None
    rows = coded(t)
    totals = [r for r in t.rows if r.is_total or (not r.code and r.name.replace(" ", "") in TOTAL_NAMES)]
    if not rows or len(totals) != 1:
        return None
    codes = {r.code for r in rows if r.code}
    return totals[0], [r for r in rows if nearest_parent(r, codes) is None]


def _failures(t: Table) -> tuple[set[int], set[int], list[str]]:
    """(rows that can be checked, rows that fail, a description of each failure), rows by index."""
    index = {id(r): i for i, r in enumerate(t.rows)}
    checkable: set[int] = set()
    failing: set[int] = set()
    what: list[str] = []

    def check(row: TableRow, value: Decimal | None, parts: list[Decimal | None], label: str) -> None:
        printed = [p for p in parts if p is not None]
        if value is None or not printed:
            return
        i = index[id(row)]
        checkable.add(i)
        if not fits(printed, value):
            failing.add(i)
            what.append(f"{row.code or row.name} {label}")

    for total, parts in row_identities(t):
        for row in t.rows:
            check(row, row.values.get(total), [row.values.get(k) for k in parts], f"{total} ≠ {'+'.join(parts)}")
    for parent, kids in hierarchy(t):
        for key, value in parent.values.items():
            check(parent, value, [k.values.get(key) for k in kids], f"{key} ≠ Σ sub-rows")
    tot = total_row(t)
    if tot is not None:
        row, top = tot
        for key, value in row.values.items():
            check(row, value, [r.values.get(key) for r in top], f"{key} ≠ Σ top-level rows")
    return checkable, failing, what


def verify_table(t: Table) -> None:
    """Check the table against its identities and mark it unverified when the failures are
    systemic: more than MAX_SHARE of the checkable rows fail (at least MIN_FAILING rows), the
    total row fails together with at least MIN_OTHERS other rows, or every checkable row fails
    (at least two)."""
    if t.empty or not t.rows:
        return
    checkable, failing, what = _failures(t)
    if not failing:
        return
    totals = {i for i, r in enumerate(t.rows) if r.is_total}
    systemic = (len(failing) >= MIN_FAILING and len(failing) > MAX_SHARE * len(checkable)) or (
        bool(failing & totals) and len(failing - totals) >= MIN_OTHERS) or (
        len(failing) >= 2 and failing == checkable)
    if not systemic:
        return
    t.verified = False
    t.warnings.append(Message("parse.table.unverified", table=t.id or t.title, failing=len(failing),
                              checkable=len(checkable), what="; ".join(what[:3]) + (" …" if len(what) > 3 else "")))
