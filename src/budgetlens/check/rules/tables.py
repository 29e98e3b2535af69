"""Within tables: column identities per row, 类 = Σ款 = Σ项 by code, total rows, two-sided totals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import iv, round_like, sum_fits, sum_gaps, sum_interval
from budgetlens.check.registry import rule
from budgetlens.model import Table, TableRow
from budgetlens.patterns import lazy
from budgetlens.recognize.codes import class_code
from budgetlens.recognize.table_verify import (
    COLUMN_IDENTITIES,
    TOTAL_NAMES,
    covered,
    hierarchy,
    nearest_parent,
)
from budgetlens.recognize.table_verify import total_row as top_level_sum

# The column identities and the code hierarchy are shared with the reader, which verifies each
# table against them (recognize/table_verify.py): a table it marks unverified is not checked here.
_TOTAL_NAMES = TOTAL_NAMES


def _columns(t: Table) -> set[str]:
    return {c.key for c in t.columns}


def row_evidence(row: TableRow) -> str:
    """A table row as printed, cells joined by | (its name when the raw cells were not kept)."""
    return " | ".join(row.raw) if row.raw else row.name


@rule("BL201", "column-sum", "A row's total column ≠ the sum of its part columns",
      severity="error", group="tables",
      basis="Table layout: 合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; etc.")
def column_sum(ctx: DocContext) -> Iterator[Finding]:
    """For every row of every table whose columns include a declared identity (e.g. total, basic,
    project), the total cell must equal the sum of the part cells within rounding. Blank part cells
    count as zero when at least one part is printed."""
    for t in _verified(ctx):
        cols = _columns(t)
        for total_key, part_keys in COLUMN_IDENTITIES:
            if total_key not in cols or not set(part_keys) <= cols:
                continue
            if covered(total_key, part_keys, cols):
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
                    "BL201.column_sum",
                    {"table": ctx.table_name(t), "row": row.name, "column": total_key, "total": total,
                     "parts": list(part_keys), "sum": s, "diff": abs(total - s)},
                    location=ctx.loc(table=t, row=row, column=total_key),
                    expected=round_like(s, total), actual=total, evidence=row_evidence(row),
                )


def _verified(ctx: DocContext) -> list[Table]:
    """The tables whose reading holds its own identities (the others carry a parse warning)."""
    return [t for t in ctx.disclosure.tables if t.verified]


@rule("BL202", "code-hierarchy", "类/款 row ≠ the sum of its 款/项 rows",
      severity="error", group="tables",
      basis="政府收支分类科目: a 类 is the sum of its 款, a 款 the sum of its 项")
def code_hierarchy(ctx: DocContext) -> Iterator[Finding]:
    """Within a table, each 类 (3-digit) or 款 (5-digit) row equals the sum of the rows of its
    children one level down, column by column, when the table lists any child of it. Economic
    classification likewise (301 = Σ 301xx)."""
    for t in _verified(ctx):
        for parent, kids in hierarchy(t):
            for key, value, s in sum_gaps(parent.values, [k.values for k in kids]):
                yield ctx.finding(
                    "BL202.children_sum",
                    {"table": ctx.table_name(t), "code": parent.code, "row": parent.name, "column": key,
                     "value": value, "count": len(kids), "sum": s, "diff": abs(value - s)},
                    location=ctx.loc(table=t, row=parent, column=key),
                    expected=round_like(s, value), actual=value, evidence=row_evidence(parent),
                )


@rule("BL203", "total-row", "Total row ≠ the sum of the top-level rows",
      severity="error", group="tables", basis="Table layout: 合计 = Σ 类 rows")
def total_row(ctx: DocContext) -> Iterator[Finding]:
    """The 合计/总计 row of a coded table equals the sum of its top-level coded rows (rows whose
    parent code is not in the table), column by column. Two-sided summary tables are covered by BL204."""
    for t in _verified(ctx):
        found = top_level_sum(t)
        if found is None:
            continue
        tot, top = found
        for key, value, s in sum_gaps(tot.values, [r.values for r in top]):
            yield ctx.finding(
                "BL203.total_row",
                {"table": ctx.table_name(t), "row": tot.name, "column": key, "value": value, "count": len(top),
                 "sum": s, "diff": abs(value - s)},
                location=ctx.loc(table=t, row=tot, column=key),
                expected=round_like(s, value), actual=value, evidence=row_evidence(tot),
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
    for t in _verified(ctx):
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
                "BL204.unbalanced",
                {"table": ctx.table_name(t), "income_row": inc.name, "income": a, "expense_row": exp.name,
                 "expense": b, "diff": abs(a - b)},
                location=ctx.loc(table=t, row=exp, column=key), expected=a, actual=b,
                evidence=f"{row_evidence(inc)} / {row_evidence(exp)}",
            )
            break


_AFTER_ITEM = lazy(r"结转|结余|弥补|差额|分配|上年|年初|年末|提取|事业基金|未安排")
_L1 = lazy(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_L2 = lazy(r"^\s*\d+\s*[、.．]")


def _level(row: TableRow) -> str:
    name = row.name.replace(" ", "")
    if name.endswith("总计") or name == "总计":
        return "total"
    if name.startswith("其中"):
        return "sub"
    if _L1.match(name) and "合计" in name:
        return "l1"  # 一、本年支出合计 heading the rows it sums, 二、年终结转结余 after them
    if ("合计" in name or "小计" in name) and not row.code:
        return "subtotal"
    if row.is_total:
        return "total"
    if row.code:
        return "coded"
    if _L1.match(name):
        return "l1"
    if _L2.match(name):
        return "l2"
    return "other"


def _side_checks(rows: list[TableRow]) -> Iterator[tuple[TableRow, list[TableRow], str]]:
    """(whole, parts, relation) of one side of a two-sided summary table, in reading order:
    总计 = Σ top-level items (or 本年合计 + the items after it); a 一、 row = Σ the rows under it
    (numbered 1. rows when there are any); a row ≥ Σ its 其中 rows. After a 本年合计 row the items
    are the plain rows (上年结转, 结余分配, 年末结转); 一、二、 rows there break one of them down. Coded rows count as top-level
    items when their parent code is not on the side (their children are BL202's)."""
    levels = [(r, _level(r)) for r in rows]
    codes = {r.code for r in rows if r.code}
    top: list[TableRow] = []
    for r, lv in levels:
        if lv == "l1" or (lv == "coded" and r.code and nearest_parent(r, codes) is None):
            top.append(r)
    has_l1 = any(lv == "l1" for _, lv in levels)
    if not has_l1:
        plain = [r for r, lv in levels if lv in ("l2", "other")]
        classes = [r for r in plain if class_code(r.name)]
        # 类, 款 and 项 listed by name without codes (the levels shown only by indentation):
        # the 类 rows are the side's items, the rows under them break them down
        cut_at = next((i for i, (_, lv) in enumerate(levels) if lv in ("subtotal", "total")), len(rows))
        broken_down = [r for r in plain if rows.index(r) < cut_at and not class_code(r.name)]
        top += [r for r in plain if r in classes or rows.index(r) >= cut_at] if classes and broken_down else plain
    totals = [r for r, lv in levels if lv == "total"]
    subtotals = [r for r, lv in levels if lv == "subtotal"]
    if len(totals) == 1 and len(subtotals) <= 1:
        if subtotals:
            cut = rows.index(subtotals[0])
            before = [r for r in top if rows.index(r) < cut]
            # after 本年合计: 上年结转 / 结余分配 / 年末结转 rows; 一、二、 rows there break one of them down
            plain = [r for r, lv in levels[cut + 1:] if lv == "other"]
            # the items after it are carry-overs, balances and their uses; rows naming a fund
            # under one of them (年初结转和结余 / 一般公共预算财政拨款 …) break it down
            items = [r for r in plain if _AFTER_ITEM.search(r.name)]
            after = (items if items and len(items) < len(plain) else plain) or \
                [r for r, lv in levels[cut + 1:] if lv in ("l1", "l2")]
            yield subtotals[0], before, "=="
            yield totals[0], [subtotals[0], *after], "=="
        elif top:
            yield totals[0], top, "=="
    # a 一、 row and the rows under it; a row and its 其中 rows
    for i, (r, lv) in enumerate(levels):
        if lv == "l1":
            under: list[TableRow] = []
            for r2, lv2 in levels[i + 1:]:
                if lv2 in ("l1", "total", "subtotal", "coded"):
                    break
                if lv2 != "sub":
                    under.append(r2)
            numbered = [x for x in under if _level(x) == "l2"]
            classes = [x for x in under if class_code(x.name)]
            # 类, 款 and 项 by name without codes: the 类 rows are the parts
            kids = numbered or (classes if classes and len(classes) < len(under) else under)
            if kids:
                yield r, kids, "=="
        if lv in ("l1", "l2", "other"):
            subs: list[TableRow] = []
            for r2, lv2 in levels[i + 1:]:
                if lv2 != "sub":
                    break
                subs.append(r2)
            if subs:
                yield r, subs, ">="


@rule("BL205", "two-sided-inner-sums", "A summary table's items do not add up to its totals",
      severity="error", group="tables",
      basis="收支总表 / 财政拨款收支总表 layout: 收入总计 = Σ 收入 items (本年收入 + 上年结转…); 一、本年收入 = "
            "Σ 1. 2. …; 支出总计 = Σ 支出 items; 其中 rows are parts of the row above")
def two_sided_inner_sums(ctx: DocContext) -> Iterator[Finding]:
    """On each side of a two-sided summary table (收支总表, 财政拨款收支总表), column by column:
    the 总计 row equals the sum of the side's top-level items (一、二、… rows, coded 类 rows, or the
    plain rows of a flat list; with a 本年收入合计/本年支出合计 row, that row equals the items
    before it and 总计 equals it plus the items after it); a 一、 row equals the rows under it; the
    其中 rows under a row add up to no more than it. Blank cells are not counted; a whole with no
    printed part is not checked."""
    for t in _verified(ctx):
        for side in ("income", "expense"):
            rows = [r for r in t.rows if r.side == side]
            if len(rows) < 2:
                continue
            for whole, parts, rel in _side_checks(rows):
                for key, value in whole.values.items():
                    if value is None:
                        continue
                    printed = [v for v in (p.values.get(key) for p in parts) if v is not None]
                    if not printed:
                        continue
                    total_iv = sum_interval(printed)
                    stated = iv(value)
                    ok = stated.meets(total_iv) if rel == "==" else total_iv.lo < stated.hi
                    if ok:
                        continue
                    s = sum(printed, Decimal(0))
                    names = [p.name for p in parts[:4]] + (["…"] if len(parts) > 4 else [])
                    yield ctx.finding(
                        "BL205.below_its_parts" if rel == ">=" else "BL205.items_sum",
                        {"table": ctx.table_name(t), "side": side, "row": whole.name, "column": key, "value": value,
                         "count": len(parts), "names": names, "sum": s, "diff": abs(value - s)},
                        location=ctx.loc(table=t, row=whole, column=key),
                        expected=round_like(s, value), actual=value, evidence=row_evidence(whole),
                    )
