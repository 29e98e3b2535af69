"""Parts the text leaves out: a listing of a total's parts that omits a part its table carries.

“支出预算X万元，其中：基本支出A万元、项目支出B万元” lists the parts of X. When A + B falls short of X
and the table that prints X breaks it down into A, B and a further non-zero part C that makes up the
difference exactly, the text has left C out. The evidence bar, so that an honest document never
meets it:

- the statement names a total and at least two parts, in the same unit, and does not say itself
  that it lists only some (“…万元等”);
- the listed parts fall short of the total by more than rounding (over is another defect, BL504);
- one table row prints the stated total in a total column (合计/总计) and, in its other columns,
  each listed part, matched by amount and by name (one column each);
- the row's other non-zero columns include exactly one set of one to three columns that makes up
  the shortfall within rounding, and no column of that set is named in the statement's own clause.

Columns read only by amount (a part whose name matches no column) or a shortfall no set of columns
explains are not judged: the reading may have paired the text with the wrong table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.context import DocContext
from budgetlens.check.findings import Finding
from budgetlens.check.numeric import iv, round_like, sum_interval
from budgetlens.check.registry import rule
from budgetlens.figures import Interval
from budgetlens.i18n import has
from budgetlens.i18n import t as render
from budgetlens.model import Column, Statement, Table, TableRow
from budgetlens.patterns import lazy
from budgetlens.recognize.table_specs import SPECS

_SOME_ONLY = lazy(r"(?:万元|元|%)等|等[^\d]{0,6}(?:支出|收入|费用|项目)")
# words a part's name and a column's label add to the same core (基本支出 / 基本支出合计)
_AFFIX = lazy(r"(?:合计|小计|收入|支出|预算|决算|拨款|资金|经费|安排|类|数|费用)$")
_LEAD = lazy(r"^(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）]|其中[:：]?|本年|年初)")
_TOTAL_LABEL = lazy(r"^(?:合计|总计|小计|金额合计|支出合计|收入合计|项目支出合计)$")
_TOTAL_KEYS = {"total", "amount"}
_FUNDS = ("gpb", "gf", "soe", "gpb_transfer", "gf_transfer", "soe_transfer")
# columns that are the sum of others: a part matched to one of them leaves out neither the other
SUBTOTALS: dict[str, tuple[str, ...]] = {
    "fiscal_subtotal": _FUNDS, "fiscal": _FUNDS,
    "sangong": ("overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"),
    "vehicle": ("vehicle_purchase", "vehicle_operation"),
    "basic": ("personnel", "public", "basic_personnel", "basic_public"),
}


def _core(name: str) -> str:
    s = re.sub(r"[\s“”\"'‘’]+", "", name)
    s = _LEAD.sub("", s)
    while True:
        t = _AFFIX.sub("", s)
        if t == s or len(t) < 2:
            return s
        s = t


def _named(a: str, b: str) -> bool:
    """Whether two names are one part's name (one core within the other, two characters at least)."""
    ca, cb = _core(a), _core(b)
    return len(ca) >= 2 and len(cb) >= 2 and (ca in cb or cb in ca)


def _names(table: Table, c: Column) -> list[str]:
    """A column's names: its printed header, or (where the reader kept only the column's meaning)
    the column's name in the catalogue and the header texts the table's template gives it."""
    if c.label and c.label != c.key:
        return [c.label]
    out = [render(f"column.{c.key}", lang="zh")] if has(f"column.{c.key}") else []
    for spec in SPECS:
        if spec.id == table.id:
            for col in (*spec.columns, *spec.variant_columns):
                if col.key == c.key:
                    out += [a for a in col.aliases if a not in ("预算数", "决算数")]
    return out


def _equal(stated: Decimal, printed: Decimal) -> bool:
    return iv(stated).meets(iv(printed))


def _total_like(t: Table, c: Column, subject: str) -> bool:
    """A column that can hold the statement's total: a total column, or one named as the subject."""
    names = _names(t, c)
    return (c.key in _TOTAL_KEYS or any(_TOTAL_LABEL.match(re.sub(r"\s+", "", n)) for n in names)
            or any(_named(subject, n) for n in names))


def _phase(key: str) -> str:
    """The phase a column belongs to (预算数 / 决算数 pairs of a 三公 table): budget_, actual_ or none."""
    m = re.match(r"(budget|actual)_", key)
    return m.group(1) if m else ""


def _bare(key: str) -> str:
    return re.sub(r"^(?:budget|actual)_", "", key)


def _related(a: str, b: str) -> bool:
    """Whether one column is a subtotal of the other (財政拨款 of 一般公共预算, 三公 of 接待 …)."""
    x, y = _bare(a), _bare(b)
    return y in SUBTOTALS.get(x, ()) or x in SUBTOTALS.get(y, ())


def _clause(s: Statement) -> str:
    """The statement's own clause: from its subject to the end of its last part's figure (the
    sentence may go on to other totals, which may name the omitted part for themselves)."""
    text = re.sub(r"\s+", "", s.evidence)
    start = text.find(re.sub(r"\s+", "", s.subject)) if s.subject else -1
    start = max(start, 0)
    end = len(text)
    last = s.parts[-1]
    if last.subject:
        at = text.find(re.sub(r"\s+", "", last.subject), start)
        if at >= 0:
            stop = re.search(r"[。；;]", text[at:])
            end = at + stop.start() if stop else len(text)
    return text[start:end]


def _match_parts(t: Table, parts: list[Statement], row: TableRow, columns: list[Column]) -> dict[int, Column] | None:
    """Each listed part to one column of ``row`` printing its amount under its name; None if any
    part has no such column or two parts want the same one."""
    out: dict[int, Column] = {}
    used: set[str] = set()
    for i, p in enumerate(parts):
        assert p.amount is not None
        hits = [c for c in columns if c.key not in used and row.values.get(c.key) is not None
                and _equal(p.amount, row.values[c.key] or Decimal(0))
                and any(_named(p.subject, n) for n in _names(t, c))]
        if len(hits) != 1:
            return None
        out[i] = hits[0]
        used.add(hits[0].key)
    return out


def _omitted(row: TableRow, rest: list[Column], shortfall: Interval) -> list[Column] | None:
    """The one set of one to three non-zero columns among ``rest`` that makes up ``shortfall``."""
    nonzero = [c for c in rest if (row.values.get(c.key) or Decimal(0)) != 0]
    found: list[list[Column]] = []
    for n in (1, 2, 3):
        for combo in itertools.combinations(nonzero, n):
            vals = [row.values[c.key] or Decimal(0) for c in combo]
            if sum_interval(vals).meets(shortfall):
                found.append(list(combo))
        if found:
            break
    if len(found) > 1:
        # a subtotal and its own component can both make up the difference (公务用车购置及运行维护费
        # and its 运行维护费 when nothing was bought): the subtotal is the part left out
        keys = {c.key for c in nonzero}
        found = [f for f in found if not any(_related(c.key, k) and _bare(c.key) in
                                             SUBTOTALS.get(_bare(k), ()) for c in f for k in keys)]
    return found[0] if len(found) == 1 else None


Omission = tuple[Table, list[str], list[Decimal]]  # the table, the parts it carries that the text leaves out


def _column_candidates(ctx: DocContext, s: Statement) -> Iterator[Omission]:
    """Tables printing the parts across: one row, the total and its parts in columns."""
    assert s.amount is not None
    parts = [p for p in s.parts if p.amount is not None]
    listed = sum_interval([p.amount for p in parts if p.amount is not None])
    shortfall = Interval(iv(s.amount).lo - listed.hi, iv(s.amount).hi - listed.lo)
    top = iv(s.amount).hi
    for t in ctx.disclosure.tables:
        if not t.verified:
            continue
        for row in t.rows:
            for total_col in t.columns:
                value = row.values.get(total_col.key)
                if value is None or not _equal(s.amount, value) or not _total_like(t, total_col, s.subject):
                    continue
                phase = _phase(total_col.key)
                # the columns that can be parts: same phase, not the total, no sum that holds the total
                others = [c for c in t.columns if c.key != total_col.key and _phase(c.key) == phase
                          and _bare(total_col.key) not in SUBTOTALS.get(_bare(c.key), ())]
                others = [c for c in others if (row.values.get(c.key) or Decimal(0)) <= top]
                matched = _match_parts(t, parts, row, others)
                if matched is None:
                    continue
                taken = list(matched.values())
                rest = [c for c in others if c not in taken and not any(_related(c.key, m.key) for m in taken)]
                omitted = _omitted(row, rest, shortfall)
                if omitted:
                    yield (t, [re.sub(r"\s+", "", (_names(t, c) or [c.key])[0]) for c in omitted],
                           [row.values[c.key] or Decimal(0) for c in omitted])
                    break


def _row_core(r: TableRow) -> str:
    return _core(re.sub(r"^其中[:：]?", "", re.sub(r"\s+", "", r.name)))


def _rows_related(a: TableRow, b: TableRow) -> bool:
    """One row an item of the other (公务用车购置费 under 公务用车购置及运行维护费)."""
    x, y = _row_core(a), _row_core(b)
    return len(x) >= 2 and len(y) >= 2 and (x in y or y in x)


def _row_candidates(ctx: DocContext, s: Statement) -> Iterator[Omission]:
    """Tables printing the parts down: an uncoded table whose rows are the total and its parts
    (a 三公 table printed vertically), in one column."""
    assert s.amount is not None
    parts = [p for p in s.parts if p.amount is not None]
    listed = sum_interval([p.amount for p in parts if p.amount is not None])
    shortfall = Interval(iv(s.amount).lo - listed.hi, iv(s.amount).hi - listed.lo)
    top = iv(s.amount).hi
    for t in ctx.disclosure.tables:
        if not t.verified or any(r.code or r.side for r in t.rows):
            continue
        for c in t.columns:
            rows = [r for r in t.rows if r.values.get(c.key) is not None]
            totals = [r for r in rows if _equal(s.amount, r.values[c.key] or Decimal(0))
                      and (r.is_total or _TOTAL_LABEL.match(re.sub(r"\s+", "", r.name)) or _named(s.subject, r.name))]
            if len(totals) != 1:
                continue
            others = [r for r in rows if r is not totals[0] and (r.values[c.key] or Decimal(0)) <= top]
            matched: list[TableRow] = []
            for p in parts:
                assert p.amount is not None
                hits = [r for r in others if r not in matched and _equal(p.amount, r.values[c.key] or Decimal(0))
                        and _named(p.subject, r.name)]
                if len(hits) != 1:
                    break
                matched.append(hits[0])
            if len(matched) != len(parts):
                continue
            rest = [r for r in others if r not in matched and not any(_rows_related(r, m) for m in matched)
                    and (r.values[c.key] or Decimal(0)) != 0]
            found: list[list[TableRow]] = []
            for n in (1, 2, 3):
                for combo in itertools.combinations(rest, n):
                    if sum_interval([r.values[c.key] or Decimal(0) for r in combo]).meets(shortfall):
                        found.append(list(combo))
                if found:
                    break
            if len(found) > 1:  # prefer the row that holds the others (a subtotal over its item)
                found = [f for f in found if not any(_rows_related(r, o) and len(_row_core(r)) < len(_row_core(o))
                                                     for r in f for o in rest)]
            if len(found) == 1:
                yield t, [re.sub(r"\s+", "", r.name) for r in found[0]], [r.values[c.key] or Decimal(0) for r in found[0]]
                break


def _candidates(ctx: DocContext, s: Statement) -> Iterator[Omission]:
    yield from _column_candidates(ctx, s)
    yield from _row_candidates(ctx, s)


@rule("BL403", "parts-left-out", "The text lists a total's parts and leaves out a part its table carries",
      severity="warning", group="table_text",
      basis="“X万元，其中：A…、B…” lists the parts of X; the table that prints X prints its parts")
def parts_left_out(ctx: DocContext) -> Iterator[Finding]:
    """A statement listing the parts of a total (基本支出/项目支出, 收入 by source, 三公 items) whose
    parts fall short of the total, where the table row that prints the total and each listed part
    also prints a further non-zero part that makes up the difference and the statement's own
    clause does not name it. Not judged when the list says it names only some parts (…等),
    when the parts exceed the total, when a listed part matches no column by both amount and name,
    or when no single set of the table's other parts makes up the difference."""
    stack = list(ctx.disclosure.statements)
    while stack:
        s = stack.pop(0)
        stack[:0] = s.parts
        parts = [p for p in s.parts if p.amount is not None and p.unit == s.unit]
        if s.amount is None or s.unit != "万元" or len(parts) < 2 or len(parts) != len(s.parts):
            continue
        listed = sum_interval([p.amount for p in parts if p.amount is not None])
        if listed.hi >= iv(s.amount).lo:
            continue  # the parts reach the total (or exceed it: BL504)
        clause = _clause(s)
        if _SOME_ONLY.search(clause) or any(_SOME_ONLY.search(p.subject) for p in parts):
            continue
        found = list(_candidates(ctx, s))
        if not found or len({tuple(f[1]) for f in found}) > 1:
            continue  # no table, or tables that disagree on what was left out
        t, names, missing = found[0]
        if any(_core(n) in clause for n in names):
            continue  # the clause names the part after all
        listed_sum = sum((p.amount for p in parts if p.amount is not None), Decimal(0))
        yield ctx.finding(
            "BL403.left_out",
            {"subject": s.subject, "amount": s.amount, "listed": [p.subject for p in parts],
             "listed_sum": listed_sum, "table": ctx.table_name(t), "omitted": names,
             "omitted_sum": round_like(sum(missing, Decimal(0)), s.amount)},
            location=ctx.loc(s.location), expected=round_like(listed_sum + sum(missing, Decimal(0)), s.amount),
            actual=round_like(listed_sum, s.amount), evidence=s.evidence,
            highlight=[f"{s.amount:f}"],
        )
